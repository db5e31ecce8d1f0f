/**
 * The Systems Manager collector: per account and governed Region, the public-sharing setting of SSM
 * documents and the documents the account owns with whom each is shared.
 *
 * Reads: `GetServiceSetting` for `/ssm/documents/console/public-sharing-permission`, `ListDocuments`
 * filtered to `Owner=Self` (MaxResults 1–50), then one `DescribeDocumentPermission` per owned document
 * (most accounts own none or a few).
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetServiceSetting.html
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ListDocuments.html
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeDocumentPermission.html
 */
import {
  DescribeDocumentPermissionCommand,
  GetServiceSettingCommand,
  ListDocumentsCommand,
  SSMClient,
  type DescribeDocumentPermissionCommandOutput,
  type DocumentIdentifier,
  type GetServiceSettingCommandOutput,
  type ListDocumentsCommandOutput,
} from '@aws-sdk/client-ssm';
import { defineCollector, type Datum } from '../../observe/types.js';
import { mapDatum } from '../ec2/collect.js';

/** Id of the Systems Manager collector (its key in `inventory.region[account][region]`). */
export const SSM = 'ssm';

/** The service setting that blocks (`Disable`) or allows (`Enable`) public sharing of documents. */
export const PUBLIC_SHARING_SETTING_ID = '/ssm/documents/console/public-sharing-permission';

/** One document owned by the account. */
export interface SsmDocumentInfo {
  /** Document name. */
  name: string;
  /** `Command`, `Automation`, … */
  type?: string;
  /** Accounts it is shared with; `all` means public. */
  sharedWith: Datum<string[]>;
}

/** The Systems Manager slice of one account in one Region. */
export interface SsmSlice {
  /** `Enable` (documents may be shared publicly; the AWS default) or `Disable`. */
  publicSharingPermission: Datum<string>;
  /** Documents owned by the account. */
  documents: Datum<SsmDocumentInfo[]>;
}

/** Reads the document sharing setting and the account's own documents in one Region. */
export const ssmCollector = defineCollector<SsmSlice>({
  id: SSM,
  scope: 'region',
  reads: ['ssm:GetServiceSetting', 'ssm:ListDocuments', 'ssm:DescribeDocumentPermission'],
  async collect(ctx) {
    const [setting, listed] = await Promise.all([
      ctx.read<GetServiceSettingCommandOutput>(
        SSMClient,
        new GetServiceSettingCommand({ SettingId: PUBLIC_SHARING_SETTING_ID }),
      ),
      ctx.readAll<ListDocumentsCommandOutput, DocumentIdentifier>(
        SSMClient,
        (cursor) =>
          new ListDocumentsCommand({
            Filters: [{ Key: 'Owner', Values: ['Self'] }],
            MaxResults: 50,
            ...cursor,
          }),
        (page) => page.DocumentIdentifiers,
      ),
    ]);
    let documents: Datum<SsmDocumentInfo[]>;
    if (!listed.ok) {
      documents = listed;
    } else {
      const infos = await Promise.all(
        listed.value.map(async (d): Promise<SsmDocumentInfo> => {
          const name = d.Name ?? '';
          const perms = await ctx.readAll<DescribeDocumentPermissionCommandOutput, string>(
            SSMClient,
            (cursor) =>
              new DescribeDocumentPermissionCommand({
                Name: name,
                PermissionType: 'Share',
                MaxResults: 200,
                ...cursor,
              }),
            (page) => page.AccountIds,
          );
          return {
            name,
            ...(d.DocumentType ? { type: d.DocumentType } : {}),
            sharedWith: mapDatum(perms, (ids) => ids.map((id) => (id.toLowerCase() === 'all' ? 'all' : id))),
          };
        }),
      );
      documents = { ok: true, value: infos };
    }
    return {
      publicSharingPermission: mapDatum(setting, (o) => o.ServiceSetting?.SettingValue ?? 'Enable'),
      documents,
    };
  },
});
