/**
 * Amazon Macie collectors. Two slices:
 * - `macie-admins` (organization scope): the delegated Macie administrator of every governed Region, read
 *   from the management account (`ListOrganizationAdminAccounts` answers only there, per Region).
 * - `macie` (region scope): the account's Macie session and, while it exists, where its classification
 *   results are exported and which findings it publishes to Security Hub; in the Region's administrator
 *   only, also the organization configuration, the member list and automated sensitive data discovery.
 *
 * Macie answers a read in an account where it is not enabled with `AccessDeniedException` "Macie is not
 * enabled": the slice records that as `{ status: 'DISABLED' }`, not as a failed read. An IAM refusal is also
 * `AccessDeniedException` but says the caller "is not authorized", and stays a failed read.
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/macie/latest/APIReference/admin.html (ListOrganizationAdminAccounts)
 * - https://docs.aws.amazon.com/macie/latest/APIReference/macie.html (GetMacieSession: ENABLED or PAUSED)
 * - https://docs.aws.amazon.com/macie/latest/APIReference/findings-publication-configuration.html
 * - https://docs.aws.amazon.com/macie/latest/APIReference/classification-export-configuration.html (an empty
 *   answer when no repository is configured)
 * - https://docs.aws.amazon.com/macie/latest/APIReference/admin-configuration.html
 * - https://docs.aws.amazon.com/macie/latest/APIReference/members.html (`onlyAssociated=false` adds members
 *   whose relationship ended)
 * - https://docs.aws.amazon.com/macie/latest/APIReference/automated-discovery-configuration.html
 */
import {
  DescribeOrganizationConfigurationCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetClassificationExportConfigurationCommand,
  GetFindingsPublicationConfigurationCommand,
  GetMacieSessionCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  Macie2Client,
  type DescribeOrganizationConfigurationCommandOutput,
  type GetAutomatedDiscoveryConfigurationCommandOutput,
  type GetClassificationExportConfigurationCommandOutput,
  type GetFindingsPublicationConfigurationCommandOutput,
  type GetMacieSessionCommandOutput,
  type ListMembersCommandOutput,
  type ListOrganizationAdminAccountsCommandOutput,
} from '@aws-sdk/client-macie2';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';
import { adminIn, readAdminsByRegion, type AdminsSlice } from '../securityhub/shared.js';

/** Id of the organization-scope slice (Macie administrator per Region). */
export const MACIE_ADMINS = 'macie-admins';
/** Id of the region-scope slice (session, export, publication, administrator data). */
export const MACIE = 'macie';

/** Organization-scope slice: the delegated Macie administrators of each governed Region. */
export type MacieAdminsSlice = AdminsSlice;

/** The account's Macie session. */
export interface MacieSessionInfo {
  /** `ENABLED`, `PAUSED` (suspended) or `DISABLED` (no session: Macie is not enabled). */
  status: string;
}

/** Which findings Macie publishes to Security Hub. */
export interface MaciePublicationInfo {
  /** Policy findings (bucket posture). */
  publishPolicyFindings: boolean;
  /** Sensitive data (classification) findings. */
  publishClassificationFindings: boolean;
}

/** Where classification results go. */
export interface MacieExportInfo {
  /** Bucket name. */
  bucketName: string;
  /** Account that owns the bucket, when the configuration states it. */
  expectedBucketOwner?: string;
  /** Key prefix. */
  keyPrefix?: string;
  /** KMS key that encrypts the results. */
  kmsKeyArn?: string;
}

/** The organization configuration as the administrator reads it. */
export interface MacieOrgConfigInfo {
  /** Accounts that join the organization are added as members automatically. */
  autoEnable: boolean;
  /** Whether the administrator has as many members as it may have. */
  maxAccountLimitReached: boolean;
}

/** A member as the administrator lists it. */
export interface MacieMemberInfo {
  /** Member account id. */
  accountId: string;
  /** `Enabled`, `Paused`, `Invited`, `Created`, `Removed`, `Resigned`, `RegionDisabled`, `AccountSuspended`, … */
  relationshipStatus: string;
}

/** Automated sensitive data discovery of the administrator. */
export interface MacieAutomatedDiscoveryInfo {
  /** `ENABLED` or `DISABLED`. */
  status: string;
  /** `ALL`, `NEW` or `NONE`, when returned. */
  autoEnableOrganizationMembers?: string;
}

/** What only the Region's Macie administrator can read. */
export interface MacieAdminData {
  /** `DescribeOrganizationConfiguration`. */
  organizationConfiguration: Datum<MacieOrgConfigInfo>;
  /** Every member, including those whose relationship ended. */
  members: Datum<MacieMemberInfo[]>;
  /** `GetAutomatedDiscoveryConfiguration`. */
  automatedDiscovery: Datum<MacieAutomatedDiscoveryInfo>;
}

/** Region-scope slice of one account. */
export interface MacieSlice {
  /** The session (`DISABLED` when Macie is not enabled). */
  session: Datum<MacieSessionInfo>;
  /** Publication to Security Hub; read only while a session exists. */
  publication?: Datum<MaciePublicationInfo>;
  /** Classification results repository (`null`: none configured); read only while a session exists. */
  export?: Datum<MacieExportInfo | null>;
  /** Present only in the Region's administrator while it has a session. */
  admin?: MacieAdminData;
}

/** The Macie administrator of `region` per the organization slice, if known. */
export function macieAdminOf(slice: MacieAdminsSlice | undefined, region: string): string | undefined {
  return adminIn(slice, region);
}

/** Reads the delegated Macie administrator of every governed Region from the management account. */
export const macieAdminsCollector = defineCollector<MacieAdminsSlice>({
  id: MACIE_ADMINS,
  scope: 'organization',
  reads: ['macie2:ListOrganizationAdminAccounts'],
  collect: (ctx) =>
    readAdminsByRegion<ListOrganizationAdminAccountsCommandOutput>(
      ctx,
      Macie2Client,
      (cursor) => new ListOrganizationAdminAccountsCommand({ ...cursor }),
      (page) =>
        (page.adminAccounts ?? []).map((a) => ({ accountId: a.accountId ?? '', status: a.status ?? '' })),
    ),
});

/** Reads an account's Macie session and settings, plus the administrator-only data in the administrator. */
export const macieCollector = defineCollector<MacieSlice>({
  id: MACIE,
  scope: 'region',
  reads: [
    'macie2:GetMacieSession',
    'macie2:GetFindingsPublicationConfiguration',
    'macie2:GetClassificationExportConfiguration',
    'macie2:DescribeOrganizationConfiguration',
    'macie2:ListMembers',
    'macie2:GetAutomatedDiscoveryConfiguration',
  ],
  async collect(ctx) {
    const session = await readSession(ctx);
    if (!session.ok || session.value.status === 'DISABLED') return { session };
    const admins = ctx.organization[MACIE_ADMINS] as MacieAdminsSlice | undefined;
    const isAdmin = macieAdminOf(admins, ctx.region) === ctx.account;
    const [publication, exportConfig, admin] = await Promise.all([
      readPublication(ctx),
      readExport(ctx),
      isAdmin ? readAdminData(ctx) : undefined,
    ]);
    return { session, publication, export: exportConfig, ...(admin ? { admin } : {}) };
  },
});

/** True for Macie's "not enabled" answer (as opposed to an IAM refusal, which says "not authorized"). */
function notEnabled(d: Datum<unknown>): boolean {
  return !d.ok && d.error.awsErrorName === 'AccessDeniedException' && /not enabled/i.test(d.error.message);
}

async function readSession(ctx: CollectContext): Promise<Datum<MacieSessionInfo>> {
  const d = await ctx.read<GetMacieSessionCommandOutput>(Macie2Client, new GetMacieSessionCommand({}));
  if (notEnabled(d)) return { ok: true, value: { status: 'DISABLED' } };
  if (!d.ok) return d;
  return { ok: true, value: { status: d.value.status ?? 'ENABLED' } };
}

async function readPublication(ctx: CollectContext): Promise<Datum<MaciePublicationInfo>> {
  const d = await ctx.read<GetFindingsPublicationConfigurationCommandOutput>(
    Macie2Client,
    new GetFindingsPublicationConfigurationCommand({}),
  );
  if (!d.ok) return d;
  // Macie's defaults when nothing was set: policy findings on, classification findings off.
  // https://docs.aws.amazon.com/macie/latest/user/securityhub-integration.html
  const c = d.value.securityHubConfiguration;
  return {
    ok: true,
    value: {
      publishPolicyFindings: c?.publishPolicyFindings ?? true,
      publishClassificationFindings: c?.publishClassificationFindings ?? false,
    },
  };
}

async function readExport(ctx: CollectContext): Promise<Datum<MacieExportInfo | null>> {
  const d = await ctx.read<GetClassificationExportConfigurationCommandOutput>(
    Macie2Client,
    new GetClassificationExportConfigurationCommand({}),
  );
  if (!d.ok) return d;
  const s3 = d.value.configuration?.s3Destination;
  if (!s3?.bucketName) return { ok: true, value: null };
  return {
    ok: true,
    value: {
      bucketName: s3.bucketName,
      ...(s3.expectedBucketOwner ? { expectedBucketOwner: s3.expectedBucketOwner } : {}),
      ...(s3.keyPrefix ? { keyPrefix: s3.keyPrefix } : {}),
      ...(s3.kmsKeyArn ? { kmsKeyArn: s3.kmsKeyArn } : {}),
    },
  };
}

async function readAdminData(ctx: CollectContext): Promise<MacieAdminData> {
  const [config, members, discovery] = await Promise.all([
    ctx.read<DescribeOrganizationConfigurationCommandOutput>(
      Macie2Client,
      new DescribeOrganizationConfigurationCommand({}),
    ),
    ctx.readAll<ListMembersCommandOutput, MacieMemberInfo>(
      Macie2Client,
      (cursor) => new ListMembersCommand({ onlyAssociated: 'false', ...cursor }),
      (page) =>
        (page.members ?? []).map((m) => ({
          accountId: m.accountId ?? '',
          relationshipStatus: m.relationshipStatus ?? '',
        })),
    ),
    ctx.read<GetAutomatedDiscoveryConfigurationCommandOutput>(
      Macie2Client,
      new GetAutomatedDiscoveryConfigurationCommand({}),
    ),
  ]);
  return {
    organizationConfiguration: config.ok
      ? {
          ok: true,
          value: {
            autoEnable: config.value.autoEnable ?? false,
            maxAccountLimitReached: config.value.maxAccountLimitReached ?? false,
          },
        }
      : config,
    members,
    automatedDiscovery: discovery.ok
      ? {
          ok: true,
          value: {
            status: discovery.value.status ?? 'DISABLED',
            ...(discovery.value.autoEnableOrganizationMembers
              ? { autoEnableOrganizationMembers: discovery.value.autoEnableOrganizationMembers }
              : {}),
          },
        }
      : discovery,
  };
}
