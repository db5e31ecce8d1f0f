/**
 * GuardDuty collectors. Two slices:
 * - `guardduty-admins` (organization scope): the delegated administrator of every governed Region, read
 *   from the management account (`ListOrganizationAdminAccounts` answers only there, one Region at a time).
 * - `guardduty` (region scope): the account's detector (status, finding frequency, protection plans and
 *   agent management) and its administrator as the account sees it; in the Region's delegated
 *   administrator only, also the organization configuration, the member list and the publishing
 *   destinations (those APIs answer only for the administrator).
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListOrganizationAdminAccounts.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListDetectors.html (one detector per
 *   account and Region)
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html (Features replaces the
 *   deprecated DataSources; both are read so older answers still work)
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetAdministratorAccount.html (empty for
 *   administrators and standalone accounts)
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DescribeOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListMembers.html (OnlyAssociated
 *   "false" lists every member whatever its relationship; at most 50 a page)
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListPublishingDestinations.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DescribePublishingDestination.html
 */
import {
  DescribeOrganizationConfigurationCommand,
  DescribePublishingDestinationCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  ListPublishingDestinationsCommand,
  type DataSourceConfigurationsResult,
  type DescribeOrganizationConfigurationCommandOutput,
  type DescribePublishingDestinationCommandOutput,
  type Destination,
  type DetectorFeatureConfigurationResult,
  type GetAdministratorAccountCommandOutput,
  type GetDetectorCommandOutput,
  type ListDetectorsCommandOutput,
  type ListMembersCommandOutput,
  type ListOrganizationAdminAccountsCommandOutput,
  type ListPublishingDestinationsCommandOutput,
} from '@aws-sdk/client-guardduty';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';

/** Id of the organization-scope slice (delegated administrator per Region). */
export const GUARDDUTY_ADMINS = 'guardduty-admins';
/** Id of the region-scope slice (detector, membership, administrator data). */
export const GUARDDUTY = 'guardduty';

/** A delegated administrator as the management account lists it. */
export interface GuardDutyAdminAccount {
  /** Administrator account id. */
  accountId: string;
  /** `ENABLED` or `DISABLE_IN_PROGRESS`. */
  status: string;
}

/** Organization-scope slice: the delegated administrators of each governed Region. */
export interface GuardDutyAdminsSlice {
  /** Region → the administrators `ListOrganizationAdminAccounts` returned there (at most one in practice). */
  byRegion: Record<string, Datum<GuardDutyAdminAccount[]>>;
}

/** State of one protection plan (feature) of a detector or of the organization configuration. */
export interface GuardDutyFeatureState {
  /** `ENABLED`/`DISABLED` for a detector; `ALL`/`NEW`/`NONE` for the organization configuration. */
  status: string;
  /** Additional configurations (agent management) by name, with the same kind of status. */
  additional?: Record<string, string>;
}

/** A detector, reduced to what the controls read. */
export interface GuardDutyDetectorInfo {
  /** Detector id. */
  id: string;
  /** `ENABLED` or `DISABLED` (suspended). */
  status: string;
  /** `FIFTEEN_MINUTES`, `ONE_HOUR` or `SIX_HOURS`. */
  findingPublishingFrequency?: string;
  /** Features by name (`CLOUD_TRAIL`, `S3_DATA_EVENTS`, `RUNTIME_MONITORING`, …). */
  features: Record<string, GuardDutyFeatureState>;
}

/** The administrator of this account, as `GetAdministratorAccount` reports it. */
export interface GuardDutyAdministratorInfo {
  /** Administrator account id. */
  accountId: string;
  /** `Enabled`, `Disabled`, `Created`, `Invited`, `Removed`, `Resigned`, … */
  relationshipStatus: string;
}

/** The organization configuration of the delegated administrator. */
export interface GuardDutyOrgConfiguration {
  /** `ALL`, `NEW` or `NONE`. */
  autoEnableOrganizationMembers: string;
  /** True when the administrator cannot take more members. */
  memberAccountLimitReached: boolean;
  /** Auto-enable setting of each feature (`ALL`/`NEW`/`NONE`), with its additional configurations. */
  features: Record<string, GuardDutyFeatureState>;
}

/** A member account as its administrator lists it. */
export interface GuardDutyMemberInfo {
  /** Member account id. */
  accountId: string;
  /** `Enabled`, `Disabled`, `Created`, `Invited`, `Removed`, `Resigned`, … */
  relationshipStatus: string;
}

/** A findings export destination. */
export interface GuardDutyDestinationInfo {
  /** Destination id. */
  id: string;
  /** `S3`. */
  type: string;
  /** `PUBLISHING`, `PENDING_VERIFICATION`, `UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY`, `STOPPED`. */
  status: string;
  /** `arn:aws:s3:::bucket[/prefix]`, when described. */
  destinationArn?: string;
  /** KMS key ARN, when described. */
  kmsKeyArn?: string;
  /** Bucket owner the destination insists on, when set. */
  expectedBucketOwner?: string;
}

/** What only the delegated administrator can read. */
export interface GuardDutyAdminData {
  /** Organization configuration (auto-enable and features). */
  organizationConfiguration: Datum<GuardDutyOrgConfiguration>;
  /** Every member, whatever its relationship. */
  members: Datum<GuardDutyMemberInfo[]>;
  /** Findings export destinations, each described. */
  publishingDestinations: Datum<GuardDutyDestinationInfo[]>;
}

/** Region-scope slice of one account in one Region. */
export interface GuardDutySlice {
  /** The detector; `null` when the account has none in this Region. */
  detector: Datum<GuardDutyDetectorInfo | null>;
  /** The account's administrator (`null`: none); absent when there is no detector to ask with. */
  administrator?: Datum<GuardDutyAdministratorInfo | null>;
  /**
   * Present only in the Region's delegated administrator (per the `guardduty-admins` slice) when it has
   * a detector.
   */
  admin?: GuardDutyAdminData;
}

/**
 * Organization-scope collector: `ListOrganizationAdminAccounts` from the management account in each
 * governed Region (the GuardDuty administrator is designated per Region).
 */
export const guardDutyAdminsCollector = defineCollector<GuardDutyAdminsSlice>({
  id: GUARDDUTY_ADMINS,
  scope: 'organization',
  reads: ['guardduty:ListOrganizationAdminAccounts'],
  async collect(ctx) {
    const entries = await Promise.all(
      ctx.governedRegions.map(async (region) => {
        const admins = await ctx.readAll<ListOrganizationAdminAccountsCommandOutput, GuardDutyAdminAccount>(
          GuardDutyClient,
          (cursor) => new ListOrganizationAdminAccountsCommand({ MaxResults: 50, ...cursor }),
          (page) =>
            (page.AdminAccounts ?? []).map((a) => ({
              accountId: a.AdminAccountId ?? '',
              status: a.AdminStatus ?? 'ENABLED',
            })),
          { region },
        );
        return [region, admins] as const;
      }),
    );
    return { byRegion: Object.fromEntries(entries) };
  },
});

/** The Region's administrator account per the organization slice, when it was read. */
export function guardDutyAdminOf(
  slice: GuardDutyAdminsSlice | undefined,
  region: string,
): string | undefined {
  const d = slice?.byRegion[region];
  if (!d?.ok) return undefined;
  return d.value.find((a) => a.status === 'ENABLED')?.accountId ?? d.value[0]?.accountId;
}

/** Region-scope collector: detector, administrator, and administrator-only data in the admin account. */
export const guardDutyCollector = defineCollector<GuardDutySlice>({
  id: GUARDDUTY,
  scope: 'region',
  reads: [
    'guardduty:ListDetectors',
    'guardduty:GetDetector',
    'guardduty:GetAdministratorAccount',
    'guardduty:DescribeOrganizationConfiguration',
    'guardduty:ListMembers',
    'guardduty:ListPublishingDestinations',
    'guardduty:DescribePublishingDestination',
  ],
  async collect(ctx) {
    const ids = await ctx.readAll<ListDetectorsCommandOutput, string>(
      GuardDutyClient,
      (cursor) => new ListDetectorsCommand({ MaxResults: 50, ...cursor }),
      (page) => page.DetectorIds,
    );
    if (!ids.ok) return { detector: ids };
    const detectorId = ids.value[0];
    if (!detectorId) return { detector: { ok: true, value: null } };
    const [detector, administrator] = await Promise.all([
      ctx.read<GetDetectorCommandOutput>(GuardDutyClient, new GetDetectorCommand({ DetectorId: detectorId })),
      ctx.read<GetAdministratorAccountCommandOutput>(
        GuardDutyClient,
        new GetAdministratorAccountCommand({ DetectorId: detectorId }),
      ),
    ]);
    const slice: GuardDutySlice = {
      detector: detector.ok ? { ok: true, value: detectorInfo(detectorId, detector.value) } : detector,
      administrator: administrator.ok
        ? {
            ok: true,
            value: administrator.value.Administrator?.AccountId
              ? {
                  accountId: administrator.value.Administrator.AccountId,
                  relationshipStatus: administrator.value.Administrator.RelationshipStatus ?? 'Unknown',
                }
              : null,
          }
        : administrator,
    };
    const admin = guardDutyAdminOf(ctx.organization[GUARDDUTY_ADMINS] as GuardDutyAdminsSlice, ctx.region);
    if (admin === ctx.account) slice.admin = await collectAdminData(ctx, detectorId);
    return slice;
  },
});

async function collectAdminData(ctx: CollectContext, detectorId: string): Promise<GuardDutyAdminData> {
  const [config, members, destinations] = await Promise.all([
    ctx.read<DescribeOrganizationConfigurationCommandOutput>(
      GuardDutyClient,
      new DescribeOrganizationConfigurationCommand({ DetectorId: detectorId }),
    ),
    ctx.readAll<ListMembersCommandOutput, GuardDutyMemberInfo>(
      GuardDutyClient,
      (cursor) =>
        new ListMembersCommand({
          DetectorId: detectorId,
          OnlyAssociated: 'false',
          MaxResults: 50,
          ...cursor,
        }),
      (page) =>
        (page.Members ?? []).map((m) => ({
          accountId: m.AccountId ?? '',
          relationshipStatus: m.RelationshipStatus ?? '',
        })),
    ),
    ctx.readAll<ListPublishingDestinationsCommandOutput, Destination>(
      GuardDutyClient,
      (cursor) =>
        new ListPublishingDestinationsCommand({ DetectorId: detectorId, MaxResults: 50, ...cursor }),
      (page) => page.Destinations,
    ),
  ]);
  let publishingDestinations: Datum<GuardDutyDestinationInfo[]>;
  if (!destinations.ok) {
    publishingDestinations = destinations;
  } else {
    const described = await Promise.all(
      destinations.value.map((d) =>
        ctx.read<DescribePublishingDestinationCommandOutput>(
          GuardDutyClient,
          new DescribePublishingDestinationCommand({
            DetectorId: detectorId,
            DestinationId: d.DestinationId,
          }),
        ),
      ),
    );
    const failed = described.find((d) => !d.ok);
    publishingDestinations =
      failed && !failed.ok
        ? failed
        : {
            ok: true,
            value: described.map((d, i) => {
              const listed = destinations.value[i]!;
              const v = d.ok ? d.value : undefined;
              const props = v?.DestinationProperties;
              return {
                id: listed.DestinationId ?? '',
                type: v?.DestinationType ?? listed.DestinationType ?? 'S3',
                status: v?.Status ?? listed.Status ?? 'UNKNOWN',
                ...(props?.DestinationArn ? { destinationArn: props.DestinationArn } : {}),
                ...(props?.KmsKeyArn ? { kmsKeyArn: props.KmsKeyArn } : {}),
                ...(props?.ExpectedBucketOwner ? { expectedBucketOwner: props.ExpectedBucketOwner } : {}),
              };
            }),
          };
  }
  return {
    organizationConfiguration: config.ok ? { ok: true, value: orgConfiguration(config.value) } : config,
    members,
    publishingDestinations,
  };
}

/** Reduces GetDetector's answer to the slice's shape; legacy DataSources fill features Features lacks. */
export function detectorInfo(
  id: string,
  out: Omit<GetDetectorCommandOutput, '$metadata'>,
): GuardDutyDetectorInfo {
  const features: Record<string, GuardDutyFeatureState> = {};
  for (const [name, status] of legacyDetectorSources(out.DataSources)) features[name] = { status };
  for (const f of (out.Features ?? []) as DetectorFeatureConfigurationResult[]) {
    if (!f.Name) continue;
    const additional: Record<string, string> = {};
    for (const a of f.AdditionalConfiguration ?? []) if (a.Name) additional[a.Name] = a.Status ?? 'DISABLED';
    features[f.Name] = {
      status: f.Status ?? 'DISABLED',
      ...(Object.keys(additional).length > 0 ? { additional } : {}),
    };
  }
  return {
    id,
    status: out.Status ?? 'DISABLED',
    ...(out.FindingPublishingFrequency ? { findingPublishingFrequency: out.FindingPublishingFrequency } : {}),
    features,
  };
}

function legacyDetectorSources(ds: DataSourceConfigurationsResult | undefined): [string, string][] {
  if (!ds) return [];
  const out: [string, string][] = [];
  const add = (name: string, status: string | undefined) => {
    if (status) out.push([name, status]);
  };
  add('CLOUD_TRAIL', ds.CloudTrail?.Status);
  add('DNS_LOGS', ds.DNSLogs?.Status);
  add('FLOW_LOGS', ds.FlowLogs?.Status);
  add('S3_DATA_EVENTS', ds.S3Logs?.Status);
  add('EKS_AUDIT_LOGS', ds.Kubernetes?.AuditLogs?.Status);
  add('EBS_MALWARE_PROTECTION', ds.MalwareProtection?.ScanEc2InstanceWithFindings?.EbsVolumes?.Status);
  return out;
}

/**
 * Reduces DescribeOrganizationConfiguration's answer. The deprecated boolean fields (`AutoEnable`,
 * `DataSources.*.AutoEnable`) mean "new accounts only", so they read as `NEW`/`NONE` when the newer
 * fields are absent.
 */
export function orgConfiguration(
  out: Omit<DescribeOrganizationConfigurationCommandOutput, '$metadata'>,
): GuardDutyOrgConfiguration {
  const legacy = (b: boolean | undefined): string | undefined =>
    b === undefined ? undefined : b ? 'NEW' : 'NONE';
  const features: Record<string, GuardDutyFeatureState> = {};
  const ds = out.DataSources;
  const legacyFeatures: [string, string | undefined][] = [
    ['S3_DATA_EVENTS', legacy(ds?.S3Logs?.AutoEnable)],
    ['EKS_AUDIT_LOGS', legacy(ds?.Kubernetes?.AuditLogs?.AutoEnable)],
    [
      'EBS_MALWARE_PROTECTION',
      legacy(ds?.MalwareProtection?.ScanEc2InstanceWithFindings?.EbsVolumes?.AutoEnable),
    ],
  ];
  for (const [name, status] of legacyFeatures) if (status) features[name] = { status };
  for (const f of out.Features ?? []) {
    if (!f.Name) continue;
    const additional: Record<string, string> = {};
    for (const a of f.AdditionalConfiguration ?? []) if (a.Name) additional[a.Name] = a.AutoEnable ?? 'NONE';
    features[f.Name] = {
      status: f.AutoEnable ?? 'NONE',
      ...(Object.keys(additional).length > 0 ? { additional } : {}),
    };
  }
  return {
    autoEnableOrganizationMembers: out.AutoEnableOrganizationMembers ?? legacy(out.AutoEnable) ?? 'NONE',
    memberAccountLimitReached: out.MemberAccountLimitReached ?? false,
    features,
  };
}
