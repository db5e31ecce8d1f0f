/**
 * AWS Security Hub (CSPM) collectors. Two slices:
 * - `security-hub-admins` (organization scope): the Security Hub administrator of every governed Region,
 *   read from the management account (`ListOrganizationAdminAccounts` answers only there, per Region).
 * - `security-hub` (region scope): the account's hub and enabled standards; in the Region's administrator
 *   only, also the organization configuration, the member list and the products it imports findings
 *   from; and in the administrator's home-Region slice, the finding aggregator and (under central
 *   configuration) the configuration policies and their direct associations.
 *
 * A hub that is not enabled is an answer, not a failure: `DescribeHub` says so with
 * `InvalidAccessException` ("not subscribed"), which the slice records as `{ enabled: false }`. An IAM
 * refusal is `AccessDeniedException` and stays a failed read.
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_ListOrganizationAdminAccounts.html
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_GetEnabledStandards.html
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_ListMembers.html (`OnlyAssociated=false`
 *   lists every member whatever its status; at most 50 a page)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_ListEnabledProductsForImport.html
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_ListFindingAggregators.html and
 *   API_GetFindingAggregator.html (one aggregator per account)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_ListConfigurationPolicies.html,
 *   API_GetConfigurationPolicy.html, API_ListConfigurationPolicyAssociations.html (delegated administrator,
 *   home Region, central configuration only)
 */
import {
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand,
  GetConfigurationPolicyCommand,
  GetEnabledStandardsCommand,
  GetFindingAggregatorCommand,
  ListConfigurationPoliciesCommand,
  ListConfigurationPolicyAssociationsCommand,
  ListEnabledProductsForImportCommand,
  ListFindingAggregatorsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  SecurityHubClient,
  type ConfigurationPolicyAssociationSummary,
  type ConfigurationPolicySummary,
  type DescribeHubCommandOutput,
  type DescribeOrganizationConfigurationCommandOutput,
  type FindingAggregator,
  type GetConfigurationPolicyCommandOutput,
  type GetFindingAggregatorCommandOutput,
  type ListConfigurationPoliciesCommandOutput,
  type ListConfigurationPolicyAssociationsCommandOutput,
  type ListEnabledProductsForImportCommandOutput,
  type ListFindingAggregatorsCommandOutput,
  type ListMembersCommandOutput,
  type ListOrganizationAdminAccountsCommandOutput,
  type GetEnabledStandardsCommandOutput,
  type Member,
  type StandardsSubscription,
} from '@aws-sdk/client-securityhub';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';
import { adminIn, readAdminsByRegion, type AdminsSlice } from './shared.js';

/** Id of the organization-scope slice (Security Hub administrator per Region). */
export const SECURITY_HUB_ADMINS = 'security-hub-admins';
/** Id of the region-scope slice (hub, standards, administrator data). */
export const SECURITY_HUB = 'security-hub';

/** Organization-scope slice: the Security Hub administrators of each governed Region. */
export type SecurityHubAdminsSlice = AdminsSlice;

/** The hub of an account in a Region. */
export interface SecurityHubHubInfo {
  /** Whether Security Hub is enabled (the account is subscribed) here. */
  enabled: boolean;
  /** Hub ARN, when enabled. */
  arn?: string;
  /** When the account subscribed (ISO 8601). */
  subscribedAt?: string;
  /** Whether new controls of enabled standards are turned on automatically. */
  autoEnableControls?: boolean;
}

/** An enabled standard. */
export interface SecurityHubStandardInfo {
  /** Standard ARN (`arn:aws:securityhub:<region>::standards/…`, or the global `ruleset/` ARN of CIS 1.2.0). */
  arn: string;
  /** `PENDING`, `READY`, `FAILED`, `DELETING` or `INCOMPLETE`. */
  status: string;
}

/** The organization configuration as the administrator reads it. */
export interface SecurityHubOrgConfigInfo {
  /** Local configuration: new organization accounts get Security Hub automatically. */
  autoEnable: boolean;
  /** Local configuration: `DEFAULT` (default standards enabled in new accounts) or `NONE`. */
  autoEnableStandards?: string;
  /** Whether the administrator has as many members as it may have. */
  memberAccountLimitReached: boolean;
  /** `CENTRAL` or `LOCAL`. */
  configurationType: string;
  /** `PENDING`, `ENABLED` or `FAILED`. */
  status?: string;
  /** Why central configuration failed, when it did. */
  statusMessage?: string;
}

/** A member as the administrator lists it. */
export interface SecurityHubMemberInfo {
  /** Member account id. */
  accountId: string;
  /** `Created`, `Invited`, `Enabled`, `Removed`, `Resigned`, `Deleted` or `AccountSuspended`. */
  memberStatus: string;
}

/** The finding aggregator. */
export interface SecurityHubAggregatorInfo {
  /** Aggregator ARN. */
  arn: string;
  /** The aggregation (home) Region. */
  region: string;
  /** `ALL_REGIONS`, `ALL_REGIONS_EXCEPT_SPECIFIED`, `SPECIFIED_REGIONS` or `NO_REGIONS`. */
  linkingMode: string;
  /** The Regions the mode lists. */
  regions: string[];
}

/** A configuration policy, reduced to what the controls read. */
export interface SecurityHubPolicyInfo {
  /** Policy id. */
  id: string;
  /** Policy ARN. */
  arn: string;
  /** Policy name. */
  name: string;
  /** Whether the policy turns Security Hub on in the accounts it governs. */
  serviceEnabled: boolean;
  /** ARNs of the standards it enables. */
  standards: string[];
  /**
   * How it lists controls: `disabled-list` (every control but the listed ones, so new controls are enabled
   * automatically), `enabled-list` (only the listed ones, so new controls stay off) or `unspecified`.
   */
  controls: 'disabled-list' | 'enabled-list' | 'unspecified';
}

/** A direct (APPLIED) configuration association. */
export interface SecurityHubAssociationInfo {
  /** Root, OU or account id. */
  targetId: string;
  /** `ROOT`, `ORGANIZATIONAL_UNIT` or `ACCOUNT`. */
  targetType: string;
  /** Policy id, or `SELF_MANAGED_SECURITY_HUB`. */
  policyId: string;
  /** `PENDING`, `SUCCESS` or `FAILED`. */
  status: string;
}

/** Central configuration data, read in the administrator's home-Region slice. */
export interface SecurityHubCentralData {
  /** The administrator's finding aggregators (zero or one). */
  aggregators: Datum<SecurityHubAggregatorInfo[]>;
  /** Configuration policies (read only while central configuration is enabled). */
  policies?: Datum<SecurityHubPolicyInfo[]>;
  /** Direct associations of the root, OUs and accounts (read only while central configuration is enabled). */
  associations?: Datum<SecurityHubAssociationInfo[]>;
}

/** What only the Region's Security Hub administrator can read. */
export interface SecurityHubAdminData {
  /** `DescribeOrganizationConfiguration`. */
  organizationConfiguration: Datum<SecurityHubOrgConfigInfo>;
  /** Every member, whatever its status. */
  members: Datum<SecurityHubMemberInfo[]>;
  /** Products it imports findings from, as `company/product` (e.g. `aws/guardduty`). */
  products: Datum<string[]>;
  /** Home Region only: aggregator, policies and associations. */
  central?: SecurityHubCentralData;
}

/** Region-scope slice of one account. */
export interface SecurityHubSlice {
  /** The hub (`enabled: false` when the account is not subscribed). */
  hub: Datum<SecurityHubHubInfo>;
  /** Enabled standards; read only when the hub is enabled. */
  standards?: Datum<SecurityHubStandardInfo[]>;
  /** Present only in the account the management account lists as this Region's administrator. */
  admin?: SecurityHubAdminData;
}

/** The Security Hub administrator of `region` per the organization slice, if known. */
export function securityHubAdminOf(
  slice: SecurityHubAdminsSlice | undefined,
  region: string,
): string | undefined {
  return adminIn(slice, region);
}

/** Reads the Security Hub administrator of every governed Region from the management account. */
export const securityHubAdminsCollector = defineCollector<SecurityHubAdminsSlice>({
  id: SECURITY_HUB_ADMINS,
  scope: 'organization',
  reads: ['securityhub:ListOrganizationAdminAccounts'],
  collect: (ctx) =>
    readAdminsByRegion<ListOrganizationAdminAccountsCommandOutput>(
      ctx,
      SecurityHubClient,
      (cursor) => new ListOrganizationAdminAccountsCommand({ ...cursor }),
      (page) =>
        (page.AdminAccounts ?? []).map((a) => ({ accountId: a.AccountId ?? '', status: a.Status ?? '' })),
    ),
});

/** Reads an account's hub and standards, plus the administrator-only data in the administrator. */
export const securityHubCollector = defineCollector<SecurityHubSlice>({
  id: SECURITY_HUB,
  scope: 'region',
  reads: [
    'securityhub:DescribeHub',
    'securityhub:GetEnabledStandards',
    'securityhub:DescribeOrganizationConfiguration',
    'securityhub:ListMembers',
    'securityhub:ListEnabledProductsForImport',
    'securityhub:ListFindingAggregators',
    'securityhub:GetFindingAggregator',
    'securityhub:ListConfigurationPolicies',
    'securityhub:GetConfigurationPolicy',
    'securityhub:ListConfigurationPolicyAssociations',
  ],
  async collect(ctx) {
    const hub = await readHub(ctx);
    if (!hub.ok || !hub.value.enabled) return { hub };
    const admins = ctx.organization[SECURITY_HUB_ADMINS] as SecurityHubAdminsSlice | undefined;
    const isAdmin = securityHubAdminOf(admins, ctx.region) === ctx.account;
    const [standards, admin] = await Promise.all([
      readStandards(ctx),
      isAdmin ? readAdminData(ctx) : undefined,
    ]);
    return { hub, standards, ...(admin ? { admin } : {}) };
  },
});

async function readHub(ctx: CollectContext): Promise<Datum<SecurityHubHubInfo>> {
  const d = await ctx.read<DescribeHubCommandOutput>(SecurityHubClient, new DescribeHubCommand({}));
  if (!d.ok) {
    // Not subscribed: InvalidAccessException (API_DescribeHub.html, "Errors").
    if (d.error.awsErrorName === 'InvalidAccessException') return { ok: true, value: { enabled: false } };
    return d;
  }
  return {
    ok: true,
    value: {
      enabled: true,
      ...(d.value.HubArn ? { arn: d.value.HubArn } : {}),
      ...(d.value.SubscribedAt ? { subscribedAt: d.value.SubscribedAt } : {}),
      ...(d.value.AutoEnableControls !== undefined ? { autoEnableControls: d.value.AutoEnableControls } : {}),
    },
  };
}

function readStandards(ctx: CollectContext): Promise<Datum<SecurityHubStandardInfo[]>> {
  return ctx.readAll<GetEnabledStandardsCommandOutput, SecurityHubStandardInfo>(
    SecurityHubClient,
    (cursor) => new GetEnabledStandardsCommand({ ...cursor }),
    (page) =>
      (page.StandardsSubscriptions ?? []).map((s: StandardsSubscription) => ({
        arn: s.StandardsArn ?? '',
        status: s.StandardsStatus ?? '',
      })),
  );
}

async function readAdminData(ctx: CollectContext): Promise<SecurityHubAdminData> {
  const [organizationConfiguration, members, products] = await Promise.all([
    readOrgConfig(ctx),
    ctx.readAll<ListMembersCommandOutput, SecurityHubMemberInfo>(
      SecurityHubClient,
      (cursor) => new ListMembersCommand({ OnlyAssociated: false, ...cursor }),
      (page) =>
        (page.Members ?? []).map((m: Member) => ({
          accountId: m.AccountId ?? '',
          memberStatus: m.MemberStatus ?? '',
        })),
    ),
    ctx.readAll<ListEnabledProductsForImportCommandOutput, string>(
      SecurityHubClient,
      (cursor) => new ListEnabledProductsForImportCommand({ ...cursor }),
      (page) => (page.ProductSubscriptions ?? []).map(productOf),
    ),
  ]);
  const data: SecurityHubAdminData = { organizationConfiguration, members, products };
  if (ctx.region === ctx.homeRegion) data.central = await readCentral(ctx, organizationConfiguration);
  return data;
}

async function readOrgConfig(ctx: CollectContext): Promise<Datum<SecurityHubOrgConfigInfo>> {
  const d = await ctx.read<DescribeOrganizationConfigurationCommandOutput>(
    SecurityHubClient,
    new DescribeOrganizationConfigurationCommand({}),
  );
  if (!d.ok) return d;
  const o = d.value;
  return {
    ok: true,
    value: {
      autoEnable: o.AutoEnable ?? false,
      ...(o.AutoEnableStandards ? { autoEnableStandards: o.AutoEnableStandards } : {}),
      memberAccountLimitReached: o.MemberAccountLimitReached ?? false,
      configurationType: o.OrganizationConfiguration?.ConfigurationType ?? 'LOCAL',
      ...(o.OrganizationConfiguration?.Status ? { status: o.OrganizationConfiguration.Status } : {}),
      ...(o.OrganizationConfiguration?.StatusMessage
        ? { statusMessage: o.OrganizationConfiguration.StatusMessage }
        : {}),
    },
  };
}

/** `company/product` from a product subscription ARN (`…:product-subscription/aws/guardduty`). */
function productOf(arn: string): string {
  const i = arn.indexOf(':product-subscription/');
  return i >= 0 ? arn.slice(i + ':product-subscription/'.length) : arn;
}

async function readCentral(
  ctx: CollectContext,
  orgConfig: Datum<SecurityHubOrgConfigInfo>,
): Promise<SecurityHubCentralData> {
  const aggregators = await readAggregators(ctx);
  const central =
    orgConfig.ok && orgConfig.value.configurationType === 'CENTRAL' && orgConfig.value.status === 'ENABLED';
  if (!central) return { aggregators };
  // Configuration policies are managed from the home Region, which the aggregator designates.
  // https://docs.aws.amazon.com/securityhub/latest/userguide/start-central-configuration.html
  const region = (aggregators.ok ? aggregators.value[0]?.region : undefined) ?? ctx.region;
  const [policies, associations] = await Promise.all([
    readPolicies(ctx, region),
    readAssociations(ctx, region),
  ]);
  return { aggregators, policies, associations };
}

async function readAggregators(ctx: CollectContext): Promise<Datum<SecurityHubAggregatorInfo[]>> {
  const list = await ctx.readAll<ListFindingAggregatorsCommandOutput, FindingAggregator>(
    SecurityHubClient,
    (cursor) => new ListFindingAggregatorsCommand({ ...cursor }),
    (page) => page.FindingAggregators,
  );
  if (!list.ok) return list;
  const out: SecurityHubAggregatorInfo[] = [];
  for (const a of list.value) {
    const arn = a.FindingAggregatorArn ?? '';
    // arn:aws:securityhub:<region>:<account>:finding-aggregator/<id>; read it in its own Region.
    const region = arn.split(':')[3] || ctx.region;
    const d = await ctx.read<GetFindingAggregatorCommandOutput>(
      SecurityHubClient,
      new GetFindingAggregatorCommand({ FindingAggregatorArn: arn }),
      { region },
    );
    if (!d.ok) return d;
    out.push({
      arn,
      region: d.value.FindingAggregationRegion ?? region,
      linkingMode: d.value.RegionLinkingMode ?? '',
      regions: d.value.Regions ?? [],
    });
  }
  return { ok: true, value: out };
}

async function readPolicies(ctx: CollectContext, region: string): Promise<Datum<SecurityHubPolicyInfo[]>> {
  const list = await ctx.readAll<ListConfigurationPoliciesCommandOutput, ConfigurationPolicySummary>(
    SecurityHubClient,
    (cursor) => new ListConfigurationPoliciesCommand({ ...cursor }),
    (page) => page.ConfigurationPolicySummaries,
    { region },
  );
  if (!list.ok) return list;
  const out: SecurityHubPolicyInfo[] = [];
  for (const p of list.value) {
    const d = await ctx.read<GetConfigurationPolicyCommandOutput>(
      SecurityHubClient,
      new GetConfigurationPolicyCommand({ Identifier: p.Id ?? p.Arn }),
      { region },
    );
    if (!d.ok) return d;
    const sh = d.value.ConfigurationPolicy?.SecurityHub;
    const controls = sh?.SecurityControlsConfiguration;
    out.push({
      id: d.value.Id ?? p.Id ?? '',
      arn: d.value.Arn ?? p.Arn ?? '',
      name: d.value.Name ?? p.Name ?? '',
      serviceEnabled: sh?.ServiceEnabled ?? false,
      standards: sh?.EnabledStandardIdentifiers ?? [],
      controls: controls?.DisabledSecurityControlIdentifiers
        ? 'disabled-list'
        : controls?.EnabledSecurityControlIdentifiers
          ? 'enabled-list'
          : 'unspecified',
    });
  }
  return { ok: true, value: out };
}

function readAssociations(ctx: CollectContext, region: string): Promise<Datum<SecurityHubAssociationInfo[]>> {
  // Only direct associations: inherited rows (one per OU and account) add nothing the root's does not say.
  return ctx.readAll<ListConfigurationPolicyAssociationsCommandOutput, SecurityHubAssociationInfo>(
    SecurityHubClient,
    (cursor) =>
      new ListConfigurationPolicyAssociationsCommand({ Filters: { AssociationType: 'APPLIED' }, ...cursor }),
    (page) =>
      (page.ConfigurationPolicyAssociationSummaries ?? []).map(
        (a: ConfigurationPolicyAssociationSummary) => ({
          targetId: a.TargetId ?? '',
          targetType: a.TargetType ?? '',
          policyId: a.ConfigurationPolicyId ?? '',
          status: a.AssociationStatus ?? '',
        }),
      ),
    { region },
  );
}
