/**
 * Amazon Inspector collectors. Two slices:
 * - `inspector-admins` (organization scope): the Inspector delegated administrator of every governed
 *   Region, read from the management account (`ListDelegatedAdminAccounts` answers only there, per Region).
 * - `inspector` (region scope): the account's own scan status per resource type; in the Region's delegated
 *   administrator only (and only while Inspector is enabled there, which those APIs require), also the
 *   organization configuration (auto-enable per scan type) and the member list.
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_ListDelegatedAdminAccounts.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_BatchGetAccountStatus.html (an account may
 *   always read its own status; per-account failures come back in `failedAccounts`)
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_DescribeOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_ListMembers.html (`onlyAssociated=false`
 *   lists every member whatever its relationship; at most 50 a page)
 */
import {
  BatchGetAccountStatusCommand,
  DescribeOrganizationConfigurationCommand,
  Inspector2Client,
  ListDelegatedAdminAccountsCommand,
  ListMembersCommand,
  type BatchGetAccountStatusCommandOutput,
  type DescribeOrganizationConfigurationCommandOutput,
  type ListDelegatedAdminAccountsCommandOutput,
  type ListMembersCommandOutput,
} from '@aws-sdk/client-inspector2';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';
import { adminIn, failedDatum, readAdminsByRegion, type AdminsSlice } from '../securityhub/shared.js';

/** Id of the organization-scope slice (Inspector delegated administrator per Region). */
export const INSPECTOR_ADMINS = 'inspector-admins';
/** Id of the region-scope slice (scan status, administrator data). */
export const INSPECTOR = 'inspector';

/** Organization-scope slice: the Inspector delegated administrators of each governed Region. */
export type InspectorAdminsSlice = AdminsSlice;

/** Inspector's keys for its scan types, as its status and auto-enable structures name them. */
export const INSPECTOR_SCAN_KEYS = ['ec2', 'ecr', 'lambda', 'lambdaCode', 'codeRepository'] as const;

/** One of {@link INSPECTOR_SCAN_KEYS}. */
export type InspectorScanKey = (typeof INSPECTOR_SCAN_KEYS)[number];

/** The account's Inspector status in a Region. */
export interface InspectorStatusInfo {
  /** Account status: `ENABLED` while any scan type is on; else `DISABLED`, `ENABLING`, `DISABLING`, `SUSPENDING`, `SUSPENDED`. */
  status: string;
  /** Status of each scan type (the same values). */
  scans: Partial<Record<InspectorScanKey, string>>;
}

/** The organization configuration as the administrator reads it. */
export interface InspectorOrgConfigInfo {
  /** Scan types enabled automatically for accounts that join the organization. */
  autoEnable: Partial<Record<InspectorScanKey, boolean>>;
  /** Whether the administrator has as many members as it may have. */
  maxAccountLimitReached: boolean;
}

/** A member as the administrator lists it. */
export interface InspectorMemberInfo {
  /** Member account id. */
  accountId: string;
  /** `ENABLED` when associated; `CREATED`, `REMOVED`, `DISABLED`, `RESIGNED`, … otherwise. */
  relationshipStatus: string;
}

/** What only the Region's Inspector administrator can read. */
export interface InspectorAdminData {
  /** `DescribeOrganizationConfiguration`. */
  organizationConfiguration: Datum<InspectorOrgConfigInfo>;
  /** Every member, whatever its relationship. */
  members: Datum<InspectorMemberInfo[]>;
}

/** Region-scope slice of one account. */
export interface InspectorSlice {
  /** Its own status. */
  status: Datum<InspectorStatusInfo>;
  /** Present only in the Region's delegated administrator while Inspector is enabled there. */
  admin?: InspectorAdminData;
}

/** The Inspector administrator of `region` per the organization slice, if known. */
export function inspectorAdminOf(
  slice: InspectorAdminsSlice | undefined,
  region: string,
): string | undefined {
  return adminIn(slice, region);
}

/** Reads the Inspector delegated administrator of every governed Region from the management account. */
export const inspectorAdminsCollector = defineCollector<InspectorAdminsSlice>({
  id: INSPECTOR_ADMINS,
  scope: 'organization',
  reads: ['inspector2:ListDelegatedAdminAccounts'],
  collect: (ctx) =>
    readAdminsByRegion<ListDelegatedAdminAccountsCommandOutput>(
      ctx,
      Inspector2Client,
      (cursor) => new ListDelegatedAdminAccountsCommand({ ...cursor }),
      (page) =>
        (page.delegatedAdminAccounts ?? []).map((a) => ({
          accountId: a.accountId ?? '',
          status: a.status ?? '',
        })),
    ),
});

/** Reads an account's scan status, plus the administrator-only data in the administrator. */
export const inspectorCollector = defineCollector<InspectorSlice>({
  id: INSPECTOR,
  scope: 'region',
  reads: [
    'inspector2:BatchGetAccountStatus',
    'inspector2:DescribeOrganizationConfiguration',
    'inspector2:ListMembers',
  ],
  async collect(ctx) {
    const status = await readStatus(ctx);
    const admins = ctx.organization[INSPECTOR_ADMINS] as InspectorAdminsSlice | undefined;
    const isAdmin = inspectorAdminOf(admins, ctx.region) === ctx.account;
    // The administrator-only APIs answer only while Inspector is enabled for the administrator itself.
    if (!isAdmin || !status.ok || status.value.status !== 'ENABLED') return { status };
    return { status, admin: await readAdminData(ctx) };
  },
});

async function readStatus(ctx: CollectContext): Promise<Datum<InspectorStatusInfo>> {
  const d = await ctx.read<BatchGetAccountStatusCommandOutput>(
    Inspector2Client,
    new BatchGetAccountStatusCommand({ accountIds: [ctx.account] }),
  );
  if (!d.ok) return d;
  const mine = d.value.accounts?.find((a) => a.accountId === ctx.account);
  if (!mine) {
    const f = d.value.failedAccounts?.find((a) => a.accountId === ctx.account);
    return failedDatum(
      ctx,
      'inspector2:BatchGetAccountStatus',
      `Inspector did not return the status of ${ctx.account}: ${f?.errorMessage ?? 'no answer for the account'}`,
      f?.errorCode,
    );
  }
  const scans: Partial<Record<InspectorScanKey, string>> = {};
  for (const key of INSPECTOR_SCAN_KEYS) {
    const s = mine.resourceState?.[key]?.status;
    if (s) scans[key] = s;
  }
  return { ok: true, value: { status: mine.state?.status ?? 'DISABLED', scans } };
}

async function readAdminData(ctx: CollectContext): Promise<InspectorAdminData> {
  const [config, members] = await Promise.all([
    ctx.read<DescribeOrganizationConfigurationCommandOutput>(
      Inspector2Client,
      new DescribeOrganizationConfigurationCommand({}),
    ),
    ctx.readAll<ListMembersCommandOutput, InspectorMemberInfo>(
      Inspector2Client,
      (cursor) => new ListMembersCommand({ onlyAssociated: false, ...cursor }),
      (page) =>
        (page.members ?? []).map((m) => ({
          accountId: m.accountId ?? '',
          relationshipStatus: m.relationshipStatus ?? '',
        })),
    ),
  ]);
  const organizationConfiguration: Datum<InspectorOrgConfigInfo> = config.ok
    ? {
        ok: true,
        value: {
          autoEnable: Object.fromEntries(
            INSPECTOR_SCAN_KEYS.filter((k) => typeof config.value.autoEnable?.[k] === 'boolean').map((k) => [
              k,
              config.value.autoEnable![k]!,
            ]),
          ),
          maxAccountLimitReached: config.value.maxAccountLimitReached ?? false,
        },
      }
    : config;
  return { organizationConfiguration, members };
}
