/**
 * AWS Security Hub (CSPM) in the sandbox: the hub per account and Region, security standards and a
 * catalogue of the security controls sra-kit reads, the delegated-administrator model of AWS Organizations,
 * local configuration (auto-enable of new accounts) and central configuration (a home Region with a finding
 * aggregator, configuration policies associated with the root, OUs or accounts and applied in the home and
 * linked Regions), members, and the products a hub imports findings from.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableSecurityHub.html (default standards:
 *   FSBP and CIS v1.2.0; `ResourceConflictException` when already enabled)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html
 *   (`InvalidAccessException`, HTTP 401, when the account is not subscribed)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableSecurityHub.html (not in an
 *   administrator account)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_UpdateOrganizationConfiguration.html
 *   (under CENTRAL, AutoEnable is false and AutoEnableStandards is NONE in the home and linked Regions)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateMembers.html (organization accounts
 *   become members without invitation; Security Hub and default standards are enabled for them, except in
 *   the management account, which must enable Security Hub itself)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DeleteMembers.html (invited accounts only)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_ListMembers.html (page size ≤ 50)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateFindingAggregator.html (home Region)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableImportFindingsForProduct.html and
 *   API_DisableImportFindingsForProduct.html (`ResourceConflictException` when already subscribed,
 *   `ResourceNotFoundException` for an unknown subscription)
 * - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateConfigurationPolicy.html and the
 *   other configuration-policy pages (delegated administrator, home Region only)
 * - https://docs.aws.amazon.com/securityhub/latest/userguide/start-central-configuration.html (needs the
 *   Organizations integration and a home Region; the management account cannot be the delegated admin for
 *   central configuration; the delegated admin cannot be changed with Security Hub APIs while it is on)
 * - https://docs.aws.amazon.com/securityhub/latest/userguide/aggregation-central-configuration.html
 *   (policies take effect in the home and linked Regions; removing the home Region deletes policies)
 * - https://docs.aws.amazon.com/securityhub/latest/userguide/stop-central-configuration.html (policies and
 *   associations must be removed first; accounts keep their settings and become self-managed)
 * - https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html (the same
 *   delegated admin, or the management account, in every Region)
 * - https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-account-restrictions-recommendations.html
 *   (10,000 organization members per delegated admin and Region; the management account may be the
 *   Security Hub admin but is not registered as delegated admin in Organizations)
 * - https://docs.aws.amazon.com/securityhub/latest/userguide/remove-admin-overview.html (the API removes the
 *   admin in one Region; removal through Organizations stops central configuration and deletes policies)
 * - https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html (standard ARNs)
 *
 * Error names: account-level refusals (not the management account, not the delegated administrator, not
 * subscribed, an administrator or organization member that may not act for itself, an account governed by
 * a configuration policy) are `InvalidAccessException` ("the account doesn't have permission to perform
 * this action"); bad arguments and wrong-Region calls are `InvalidInputException`; unknown resources are
 * `ResourceNotFoundException`; conflicts with existing resources are `ResourceConflictException`.
 * `LimitExceededException` is avoided for one-of-a-kind resources because its HTTP 429 makes SDKs retry.
 *
 * Propagation knob keys honoured (`SandboxKnobs.propagationDelayMs`):
 * - `securityhub:admin` — after `EnableOrganizationAdminAccount`, the designated account is not yet
 *   treated as the Security Hub administrator (organization APIs fail with `InvalidAccessException`).
 * - `securityhub:auto-enable` — delay between an account joining the organization and local auto-enable
 *   turning Security Hub on for it.
 * - `securityhub:standards` — a newly enabled standard reports `PENDING` for this many ms, then `READY`.
 * - `securityhub:central-configuration` — central configuration reports `PENDING` for this many ms after
 *   `UpdateOrganizationConfiguration`, then `ENABLED`.
 * - `securityhub:policy-association` — a configuration policy association reports `PENDING` (and is not
 *   yet applied to accounts) for this many ms, then `SUCCESS`.
 *
 * Organization effects are evaluated lazily: every Security Hub call first settles the organization state
 * against the sandbox clock, so no background timers exist.
 */
import {
  InvalidAccessException,
  InvalidInputException,
  ResourceConflictException,
  ResourceNotFoundException,
  type AccountDetails,
  type AdminAccount,
  type AssociationType,
  type BatchDisableStandardsCommandInput,
  type BatchDisableStandardsCommandOutput,
  type BatchEnableStandardsCommandInput,
  type BatchEnableStandardsCommandOutput,
  type BatchGetSecurityControlsCommandInput,
  type BatchGetSecurityControlsCommandOutput,
  type BatchUpdateStandardsControlAssociationsCommandInput,
  type BatchUpdateStandardsControlAssociationsCommandOutput,
  type ConfigurationPolicyAssociationStatus,
  type ConfigurationPolicyAssociationSummary,
  type ControlFindingGenerator,
  type CreateConfigurationPolicyCommandInput,
  type CreateConfigurationPolicyCommandOutput,
  type CreateFindingAggregatorCommandInput,
  type CreateFindingAggregatorCommandOutput,
  type CreateMembersCommandInput,
  type CreateMembersCommandOutput,
  type DeleteConfigurationPolicyCommandInput,
  type DeleteFindingAggregatorCommandInput,
  type DeleteMembersCommandInput,
  type DeleteMembersCommandOutput,
  type DescribeHubCommandOutput,
  type DescribeOrganizationConfigurationCommandOutput,
  type DescribeStandardsCommandInput,
  type DescribeStandardsCommandOutput,
  type DisableOrganizationAdminAccountCommandInput,
  type DisableImportFindingsForProductCommandInput,
  type DisassociateMembersCommandInput,
  type EnableImportFindingsForProductCommandInput,
  type EnableImportFindingsForProductCommandOutput,
  type EnableOrganizationAdminAccountCommandInput,
  type EnableOrganizationAdminAccountCommandOutput,
  type EnableSecurityHubCommandInput,
  type GetAdministratorAccountCommandOutput,
  type GetConfigurationPolicyAssociationCommandInput,
  type GetConfigurationPolicyAssociationCommandOutput,
  type GetConfigurationPolicyCommandInput,
  type GetConfigurationPolicyCommandOutput,
  type GetEnabledStandardsCommandInput,
  type GetEnabledStandardsCommandOutput,
  type GetFindingAggregatorCommandInput,
  type GetFindingAggregatorCommandOutput,
  type GetMembersCommandInput,
  type GetMembersCommandOutput,
  type ListConfigurationPoliciesCommandInput,
  type ListConfigurationPoliciesCommandOutput,
  type ListConfigurationPolicyAssociationsCommandInput,
  type ListConfigurationPolicyAssociationsCommandOutput,
  type ListEnabledProductsForImportCommandInput,
  type ListEnabledProductsForImportCommandOutput,
  type ListFindingAggregatorsCommandInput,
  type ListFindingAggregatorsCommandOutput,
  type ListMembersCommandInput,
  type ListMembersCommandOutput,
  type ListOrganizationAdminAccountsCommandInput,
  type ListOrganizationAdminAccountsCommandOutput,
  type ListSecurityControlDefinitionsCommandInput,
  type ListSecurityControlDefinitionsCommandOutput,
  type Member,
  type Result,
  type SecurityControlDefinition,
  type SecurityHubPolicy,
  type SeverityRating,
  type StandardsSubscription,
  type StartConfigurationPolicyAssociationCommandInput,
  type StartConfigurationPolicyAssociationCommandOutput,
  type StartConfigurationPolicyDisassociationCommandInput,
  type Target,
  type TargetType,
  type UnprocessedStandardsControlAssociationUpdate,
  type UpdateConfigurationPolicyCommandInput,
  type UpdateConfigurationPolicyCommandOutput,
  type UpdateFindingAggregatorCommandInput,
  type UpdateFindingAggregatorCommandOutput,
  type UpdateOrganizationConfigurationCommandInput,
  type UpdateSecurityHubConfigurationCommandInput,
} from '@aws-sdk/client-securityhub';
import type { ServiceException } from '@smithy/smithy-client';
import { defineService, type CallContext } from '../core/service.js';
import type { SandboxWorld } from '../core/state.js';
import { modeledError, SandboxNotImplementedError } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import { deregisterServiceAdmin, registerServiceAdmin, requireManagementAccount } from '../core/org-admin.js';
import { isRegionCode } from '../../catalog/regions.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of Security Hub in the sandbox (its IAM action prefix). */
export const SECURITYHUB_SERVICE = 'securityhub';
/** Service principal Security Hub registers its delegated administrator and trusted access for. */
export const SECURITYHUB_PRINCIPAL = 'securityhub.amazonaws.com';
/** Identifier that associates a target with self-managed behaviour instead of a policy. */
export const SELF_MANAGED = 'SELF_MANAGED_SECURITY_HUB';
const ORG_REGION_KEY = 'securityhub:org-region';
const ORG_KEY = 'securityhub:org';
const ACCOUNT_GLOBAL_KEY = 'securityhub:account';

/** Organization members per delegated administrator and Region (account restrictions page). */
export const SECURITYHUB_MAX_ORG_MEMBERS = 10_000;
/** Invitation-based members per administrator and Region. */
export const SECURITYHUB_MAX_INVITED_MEMBERS = 1_000;
const MAX_MEMBERS_PAGE = 50;
const MAX_PAGE = 100;
/** ListOrganizationAdminAccounts takes at most 10 (AdminsMaxResults). */
const MAX_ADMINS_PAGE = 10;
const MAX_STANDARDS_PER_BATCH = 25;
const ACCOUNT_ID = /^\d{12}$/;
const POLICY_NAME = /^[A-Za-z0-9\-.!*/ ]{1,128}$/;
const CONTROL_ID = /^[A-Za-z0-9]+\.\d+$/;
const LINKING_MODES = [
  'ALL_REGIONS',
  'ALL_REGIONS_EXCEPT_SPECIFIED',
  'SPECIFIED_REGIONS',
  'NO_REGIONS',
] as const;
type LinkingMode = (typeof LINKING_MODES)[number];

// ---------------------------------------------------------------------------------------------------------
// Standards and controls

/** A security standard Security Hub offers. */
export interface SecurityHubStandard {
  /** Path after `standards/` (or `ruleset/`), e.g. `aws-foundational-security-best-practices/v/1.0.0`. */
  id: string;
  /** CIS v1.2.0 predates Regional standard ARNs and keeps its global `ruleset/` ARN. */
  kind: 'standards' | 'ruleset';
  name: string;
  description: string;
  /** Enabled by EnableSecurityHub unless EnableDefaultStandards is false. */
  enabledByDefault: boolean;
  company: string;
}

/** The standards the sandbox offers, with their real ARN paths. */
export const SECURITYHUB_STANDARDS: readonly SecurityHubStandard[] = [
  {
    id: 'aws-foundational-security-best-practices/v/1.0.0',
    kind: 'standards',
    name: 'AWS Foundational Security Best Practices v1.0.0',
    description: 'AWS-curated checks of accounts and resources against security best practices.',
    enabledByDefault: true,
    company: 'AWS',
  },
  {
    id: 'cis-aws-foundations-benchmark/v/1.2.0',
    kind: 'ruleset',
    name: 'CIS AWS Foundations Benchmark v1.2.0',
    description: 'Center for Internet Security benchmark for AWS accounts, version 1.2.0.',
    enabledByDefault: true,
    company: 'CIS',
  },
  {
    id: 'cis-aws-foundations-benchmark/v/1.4.0',
    kind: 'standards',
    name: 'CIS AWS Foundations Benchmark v1.4.0',
    description: 'Center for Internet Security benchmark for AWS accounts, version 1.4.0.',
    enabledByDefault: false,
    company: 'CIS',
  },
  {
    id: 'cis-aws-foundations-benchmark/v/3.0.0',
    kind: 'standards',
    name: 'CIS AWS Foundations Benchmark v3.0.0',
    description: 'Center for Internet Security benchmark for AWS accounts, version 3.0.0.',
    enabledByDefault: false,
    company: 'CIS',
  },
  {
    id: 'nist-800-53/v/5.0.0',
    kind: 'standards',
    name: 'NIST Special Publication 800-53 Revision 5',
    description: 'Controls mapped to NIST SP 800-53 Rev. 5.',
    enabledByDefault: false,
    company: 'NIST',
  },
  {
    id: 'nist-800-171/v/2.0.0',
    kind: 'standards',
    name: 'NIST SP 800-171 Revision 2',
    description: 'Controls mapped to NIST SP 800-171 Rev. 2.',
    enabledByDefault: false,
    company: 'NIST',
  },
  {
    id: 'pci-dss/v/3.2.1',
    kind: 'standards',
    name: 'PCI DSS v3.2.1',
    description: 'Controls mapped to the Payment Card Industry Data Security Standard 3.2.1.',
    enabledByDefault: false,
    company: 'PCI Security Standards Council',
  },
  {
    id: 'pci-dss/v/4.0.1',
    kind: 'standards',
    name: 'PCI DSS v4.0.1',
    description: 'Controls mapped to the Payment Card Industry Data Security Standard 4.0.1.',
    enabledByDefault: false,
    company: 'PCI Security Standards Council',
  },
  {
    id: 'aws-resource-tagging-standard/v/1.0.0',
    kind: 'standards',
    name: 'AWS Resource Tagging Standard v1.0.0',
    description: 'Checks that resources carry tags.',
    enabledByDefault: false,
    company: 'AWS',
  },
];

const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS12 = 'cis-aws-foundations-benchmark/v/1.2.0';
const CIS14 = 'cis-aws-foundations-benchmark/v/1.4.0';
const CIS30 = 'cis-aws-foundations-benchmark/v/3.0.0';
const NIST53 = 'nist-800-53/v/5.0.0';
const PCI321 = 'pci-dss/v/3.2.1';
const PCI401 = 'pci-dss/v/4.0.1';

/** A security control of the sandbox catalogue. */
export interface SecurityHubControl {
  /** Security control id, e.g. `GuardDuty.1`. */
  id: string;
  /** Short title (sra-kit's wording). */
  title: string;
  severity: SeverityRating;
  /** Standards (ids) the control belongs to. */
  standards: readonly string[];
}

/**
 * The subset of Security Hub controls the sandbox knows: the account-level controls of the SRA baseline
 * (SRA.md §8). Severity and standards follow each control's page in the Security Hub user guide
 * ("Related requirements"); other control ids are accepted in policies but not described.
 */
export const SECURITYHUB_CONTROLS: readonly SecurityHubControl[] = [
  {
    id: 'Account.1',
    title: 'Security contact information is provided',
    severity: 'MEDIUM',
    standards: [FSBP, NIST53],
  },
  {
    id: 'CloudTrail.1',
    title: 'A multi-Region trail records read and write management events',
    severity: 'HIGH',
    standards: [FSBP, CIS12, CIS14, CIS30, NIST53],
  },
  {
    id: 'CloudTrail.2',
    title: 'CloudTrail logs are encrypted at rest',
    severity: 'MEDIUM',
    standards: [FSBP, CIS12, CIS14, CIS30, NIST53, PCI321],
  },
  {
    id: 'CloudTrail.4',
    title: 'CloudTrail log file validation is on',
    severity: 'LOW',
    standards: [FSBP, CIS12, CIS14, CIS30, NIST53, PCI321],
  },
  {
    id: 'CloudTrail.5',
    title: 'CloudTrail trails deliver to CloudWatch Logs',
    severity: 'LOW',
    standards: [FSBP, CIS12, CIS14, NIST53, PCI321],
  },
  {
    id: 'Config.1',
    title: 'AWS Config records resources with its service-linked role',
    severity: 'CRITICAL',
    standards: [FSBP, CIS12, CIS14, CIS30, NIST53, PCI321],
  },
  {
    id: 'EC2.7',
    title: 'EBS default encryption is on',
    severity: 'MEDIUM',
    standards: [FSBP, CIS14, CIS30, NIST53],
  },
  {
    id: 'GuardDuty.1',
    title: 'GuardDuty is enabled',
    severity: 'HIGH',
    standards: [FSBP, NIST53, PCI321, PCI401],
  },
  {
    id: 'IAM.4',
    title: 'The root user has no access key',
    severity: 'CRITICAL',
    standards: [FSBP, CIS12, CIS14, CIS30, NIST53, PCI321],
  },
  {
    id: 'IAM.6',
    title: 'The root user has hardware MFA',
    severity: 'CRITICAL',
    standards: [FSBP, CIS12, CIS14, CIS30, NIST53, PCI321],
  },
  {
    id: 'S3.1',
    title: 'S3 account-level Block Public Access is on',
    severity: 'MEDIUM',
    standards: [FSBP, CIS14, CIS30, NIST53, PCI321],
  },
];

/** ARN of a standard in a Region (CIS v1.2.0 has a Region-less `ruleset` ARN). */
export function securityHubStandardArn(standardId: string, region: string): string {
  const def = SECURITYHUB_STANDARDS.find((s) => s.id === standardId);
  if (def?.kind === 'ruleset') return `arn:aws:securityhub:::ruleset/${standardId}`;
  return `arn:aws:securityhub:${region}::standards/${standardId}`;
}

/** ARN of an account's subscription to a standard. */
export function securityHubSubscriptionArn(standardId: string, region: string, account: string): string {
  return `arn:aws:securityhub:${region}:${account}:subscription/${standardId}`;
}

/** The standard an ARN names (and the Region in it, empty for `ruleset` ARNs), or undefined. */
function parseStandardArn(arn: string | undefined): { def: SecurityHubStandard; region: string } | undefined {
  const m = /^arn:aws:securityhub:([a-z0-9-]*)::(standards|ruleset)\/(.+)$/.exec(arn ?? '');
  if (!m) return undefined;
  const def = SECURITYHUB_STANDARDS.find((s) => s.id === m[3] && s.kind === m[2]);
  if (!def) return undefined;
  if ((def.kind === 'ruleset') !== (m[1] === '')) return undefined;
  return { def, region: m[1]! };
}

const DEFAULT_PRODUCTS = [
  'guardduty',
  'inspector',
  'macie',
  'access-analyzer',
  'firewall-manager',
  'securityhub',
];

// ---------------------------------------------------------------------------------------------------------
// State

/** Member status as Security Hub reports it (`Member.MemberStatus`). */
export type SecurityHubMemberStatus =
  'Created' | 'Invited' | 'Enabled' | 'Removed' | 'Resigned' | 'Deleted' | 'AccountSuspended';

/** A member account as its administrator records it. */
export interface SecurityHubMember {
  accountId: string;
  email?: string;
  status: SecurityHubMemberStatus;
  viaOrganization: boolean;
  invitedAt?: number;
  updatedAt: number;
}

/** The hub resource of an account in a Region. */
export interface SecurityHubHub {
  subscribedAt: number;
  autoEnableControls: boolean;
  controlFindingGenerator: ControlFindingGenerator;
  tags: Record<string, string>;
  /**
   * Products whose findings this hub imports, as `company/product` (e.g. `aws/guardduty`). A new hub
   * starts with the AWS integrations of {@link DEFAULT_PRODUCTS}.
   */
  products: Set<string>;
}

/** The configuration a policy imposes on an account (central configuration). */
export interface SecurityHubGovernance {
  /** Policy id, or {@link SELF_MANAGED}. */
  policyId: string;
  /** Control enablement from the policy: only the listed ids (`enabled`) or all but them (`disabled`). */
  controls?: { mode: 'enabled' | 'disabled'; ids: Set<string> };
}

/** Security Hub state of one account in one Region. */
export interface SecurityHubAccountState {
  hub: SecurityHubHub | undefined;
  /** Enabled standards by standard id, with the time they were enabled. */
  standards: Map<string, { enabledAt: number; input: Record<string, string> }>;
  /** Controls disabled locally in a standard, keyed `standardId|controlId`. */
  disabledControls: Map<string, { reason?: string; at: number }>;
  /** Members, when this account is an administrator. */
  members: Map<string, SecurityHubMember>;
  /** The administrator account this account is a member of. */
  administrator: string | undefined;
  /** Set while a configuration policy (or self-managed association) governs this account here. */
  governance: SecurityHubGovernance | undefined;
}

/** A finding aggregator (the home Region and its linked Regions). */
export interface SecurityHubAggregator {
  id: string;
  region: string;
  mode: LinkingMode;
  regions: string[];
}

/** Security Hub state of one account that is not Regional. */
export interface SecurityHubAccountGlobalState {
  aggregator: SecurityHubAggregator | undefined;
}

/** Security Hub organization state of one Region. */
export interface SecurityHubOrgRegionState {
  admin: { accountId: string; enabledAt: number } | undefined;
  adminProvisioned: boolean;
  autoEnable: boolean;
  autoEnableStandards: 'DEFAULT' | 'NONE';
  autoEnableSetAt: number;
  /** Organization accounts the admin disassociated; auto-enable leaves them alone. */
  removed: Set<string>;
}

/** A configuration policy. */
export interface SecurityHubPolicyRecord {
  id: string;
  arn: string;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  policy: SecurityHubPolicy;
}

/** A configuration policy association made directly on a target. */
export interface SecurityHubAssociation {
  targetId: string;
  targetType: TargetType;
  /** Policy id or {@link SELF_MANAGED}. */
  policyId: string;
  updatedAt: number;
  /** When it takes effect (`securityhub:policy-association`). */
  readyAt: number;
}

/** Security Hub organization state shared by all Regions. */
export interface SecurityHubOrgState {
  central: { homeRegion: string; adminId: string; since: number; failure?: string } | undefined;
  policies: Map<string, SecurityHubPolicyRecord>;
  associations: Map<string, SecurityHubAssociation>;
  /** Regions that have (or had) a Security Hub administrator, so checks need not scan the whole world. */
  adminRegions: Set<string>;
  /** Bumped by every change that can alter what central configuration imposes. */
  generation: number;
  /** What the last reconciliation was computed from. */
  applied: { generation: number; fingerprint: number; nextDue: number };
}

function newAccountState(): SecurityHubAccountState {
  return {
    hub: undefined,
    standards: new Map(),
    disabledControls: new Map(),
    members: new Map(),
    administrator: undefined,
    governance: undefined,
  };
}

function newAccountGlobal(): SecurityHubAccountGlobalState {
  return { aggregator: undefined };
}

function newOrgRegionState(): SecurityHubOrgRegionState {
  return {
    admin: undefined,
    adminProvisioned: false,
    autoEnable: false,
    autoEnableStandards: 'DEFAULT',
    autoEnableSetAt: 0,
    removed: new Set(),
  };
}

function newOrgState(): SecurityHubOrgState {
  return {
    central: undefined,
    policies: new Map(),
    associations: new Map(),
    adminRegions: new Set(),
    generation: 0,
    applied: { generation: -1, fingerprint: 0, nextDue: Infinity },
  };
}

/** Security Hub state of `account` in `region`. */
export function securityHubState(
  world: SandboxWorld,
  account: string,
  region: string,
): SecurityHubAccountState {
  return world.regional(SECURITYHUB_SERVICE, account, region, newAccountState);
}

/** Non-Regional Security Hub state of `account` (its finding aggregator). */
export function securityHubAccountGlobalState(
  world: SandboxWorld,
  account: string,
): SecurityHubAccountGlobalState {
  return world.global(ACCOUNT_GLOBAL_KEY, account, newAccountGlobal);
}

/** Security Hub organization state of `region`, or undefined without an organization. */
export function securityHubOrgRegionState(
  world: SandboxWorld,
  region: string,
): SecurityHubOrgRegionState | undefined {
  const org = world.organization;
  return org ? world.regional(ORG_REGION_KEY, org.id, region, newOrgRegionState) : undefined;
}

/** Security Hub organization state shared by all Regions, or undefined without an organization. */
export function securityHubOrgState(world: SandboxWorld): SecurityHubOrgState | undefined {
  const org = world.organization;
  return org ? world.global(ORG_KEY, org.id, newOrgState) : undefined;
}

/**
 * Enables Security Hub directly in the world (no API call), for scenarios that start from an account
 * where it is already on. `standards` are standard ids (default: the default standards).
 */
export function seedSecurityHub(
  world: SandboxWorld,
  account: string,
  region: string,
  standards: readonly string[] = SECURITYHUB_STANDARDS.filter((s) => s.enabledByDefault).map((s) => s.id),
  at = 0,
): SecurityHubAccountState {
  const st = securityHubState(world, account, region);
  if (!st.hub) enableHub(st, at, standards);
  return st;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function invalidInput(message: string): ServiceException {
  return modeledError(InvalidInputException, message, { status: 400 });
}

function invalidAccess(message: string): ServiceException {
  return modeledError(InvalidAccessException, message, { status: 401 });
}

function notFound(message: string): ServiceException {
  return modeledError(ResourceNotFoundException, message, { status: 404 });
}

function conflict(message: string): ServiceException {
  return modeledError(ResourceConflictException, message, { status: 409 });
}

function uuid(ctx: CallContext): string {
  const h = ctx.sandbox.random.chars(32, '0123456789abcdef');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function state(ctx: CallContext, account = ctx.account, region = ctx.region): SecurityHubAccountState {
  return securityHubState(ctx.world, account, region);
}

function productSubscriptionArn(region: string, account: string, product: string): string {
  return `arn:aws:securityhub:${region}:${account}:product-subscription/${product}`;
}

function hubArn(region: string, account: string): string {
  return `arn:aws:securityhub:${region}:${account}:hub/default`;
}

function enableHub(
  st: SecurityHubAccountState,
  at: number,
  standards: readonly string[],
  generator: ControlFindingGenerator = 'SECURITY_CONTROL',
): void {
  st.hub = {
    subscribedAt: at,
    autoEnableControls: true,
    controlFindingGenerator: generator,
    tags: {},
    products: new Set(DEFAULT_PRODUCTS.map((p) => `aws/${p}`)),
  };
  for (const s of standards) st.standards.set(s, { enabledAt: at, input: {} });
}

function defaultStandards(): string[] {
  return SECURITYHUB_STANDARDS.filter((s) => s.enabledByDefault).map((s) => s.id);
}

function disableHub(st: SecurityHubAccountState): void {
  st.hub = undefined;
  st.standards.clear();
  st.disabledControls.clear();
}

/** Throws `InvalidAccessException` unless the caller has Security Hub enabled here. */
function requireHub(ctx: CallContext): SecurityHubAccountState {
  const st = state(ctx);
  if (!st.hub) {
    throw invalidAccess(`Account ${ctx.account} is not subscribed to AWS Security Hub in ${ctx.region}.`);
  }
  return st;
}

/** The Region's administrator once its designation has propagated. */
function effectiveAdmin(ctx: CallContext, rs: SecurityHubOrgRegionState | undefined): string | undefined {
  if (!rs?.admin) return undefined;
  if (ctx.clock.now() < rs.admin.enabledAt + ctx.propagationDelay('securityhub:admin')) return undefined;
  return rs.admin.accountId;
}

function requireAdmin(ctx: CallContext): SecurityHubOrgRegionState {
  requireHub(ctx);
  const rs = securityHubOrgRegionState(ctx.world, ctx.region);
  if (!rs || effectiveAdmin(ctx, rs) !== ctx.account) {
    throw invalidAccess(
      `Account ${ctx.account} is not the Security Hub administrator account of the organization in ${ctx.region}.`,
    );
  }
  return rs;
}

function requireManagement(ctx: CallContext): void {
  requireManagementAccount(ctx, 'InvalidAccessException', 401);
}

function bump(os: SecurityHubOrgState): void {
  os.generation++;
}

/** The organization state of every Region that has had a Security Hub administrator. */
function adminRegionStates(world: SandboxWorld, os: SecurityHubOrgState): SecurityHubOrgRegionState[] {
  return [...os.adminRegions].map((r) => securityHubOrgRegionState(world, r)!);
}

function setRegionAdmin(
  world: SandboxWorld,
  os: SecurityHubOrgState,
  region: string,
  admin: { accountId: string; enabledAt: number },
): void {
  securityHubOrgRegionState(world, region)!.admin = admin;
  os.adminRegions.add(region);
}

// ---------------------------------------------------------------------------------------------------------
// Central configuration: governed Regions, effective associations, reconciliation

/** Regions a finding aggregator links (its own Region excluded). */
function linkedRegions(world: SandboxWorld, adminId: string, agg: SecurityHubAggregator): string[] {
  const enabled = [...(world.account(adminId)?.enabledRegions ?? [])];
  switch (agg.mode) {
    case 'ALL_REGIONS':
      return enabled.filter((r) => r !== agg.region);
    case 'ALL_REGIONS_EXCEPT_SPECIFIED':
      return enabled.filter((r) => r !== agg.region && !agg.regions.includes(r));
    case 'SPECIFIED_REGIONS':
      return agg.regions.filter((r) => r !== agg.region);
    case 'NO_REGIONS':
      return [];
  }
}

/** Home Region plus linked Regions while central configuration is on, else an empty list. */
function governedRegions(world: SandboxWorld, os: SecurityHubOrgState): string[] {
  if (!os.central) return [];
  const agg = securityHubAccountGlobalState(world, os.central.adminId).aggregator;
  if (!agg) return [os.central.homeRegion];
  return [agg.region, ...linkedRegions(world, os.central.adminId, agg)];
}

type CentralStatus = 'PENDING' | 'ENABLED' | 'FAILED';

function centralStatus(ctx: CallContext, os: SecurityHubOrgState): CentralStatus | undefined {
  if (!os.central) return undefined;
  if (os.central.failure) return 'FAILED';
  return ctx.clock.now() < os.central.since + ctx.propagationDelay('securityhub:central-configuration')
    ? 'PENDING'
    : 'ENABLED';
}

/** True when central configuration governs `region`. */
function centralIn(ctx: CallContext, os: SecurityHubOrgState | undefined, region = ctx.region): boolean {
  return os !== undefined && os.central !== undefined && governedRegions(ctx.world, os).includes(region);
}

/** Parent chain of a target: account → OUs → root. */
function ancestry(world: SandboxWorld, targetId: string): string[] {
  const org = world.organization;
  if (!org) return [];
  const chain = [targetId];
  let parent: string | undefined = world.account(targetId)?.parentId ?? org.ous.get(targetId)?.parentId;
  while (parent) {
    chain.push(parent);
    parent = parent === org.rootId ? undefined : org.ous.get(parent)?.parentId;
  }
  return chain;
}

/** The association that governs a target (its own, else the closest ancestor's). */
function effectiveAssociation(
  world: SandboxWorld,
  os: SecurityHubOrgState,
  targetId: string,
): { assoc: SecurityHubAssociation; type: AssociationType } | undefined {
  for (const id of ancestry(world, targetId)) {
    const assoc = os.associations.get(id);
    if (assoc) return { assoc, type: id === targetId ? 'APPLIED' : 'INHERITED' };
  }
  return undefined;
}

function associationStatus(
  ctx: CallContext,
  a: SecurityHubAssociation,
): ConfigurationPolicyAssociationStatus {
  return ctx.clock.now() < a.readyAt ? 'PENDING' : 'SUCCESS';
}

/** A cheap fingerprint of the organization's active accounts and where they sit. */
function orgFingerprint(world: SandboxWorld): number {
  let h = 0x811c9dc5;
  for (const a of world.accounts.values()) {
    if (!world.isActiveMember(a.id)) continue;
    const key = `${a.id}${a.parentId ?? ''}`;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h;
}

function policyStandards(policy: SecurityHubPolicy): string[] {
  return (policy.EnabledStandardIdentifiers ?? [])
    .map((arn) => parseStandardArn(arn)?.def.id)
    .filter((id): id is string => id !== undefined);
}

function policyControls(policy: SecurityHubPolicy): SecurityHubGovernance['controls'] {
  const c = policy.SecurityControlsConfiguration;
  if (c?.EnabledSecurityControlIdentifiers) {
    return { mode: 'enabled', ids: new Set(c.EnabledSecurityControlIdentifiers) };
  }
  if (c?.DisabledSecurityControlIdentifiers) {
    return { mode: 'disabled', ids: new Set(c.DisabledSecurityControlIdentifiers) };
  }
  return undefined;
}

/** Applies the effective central configuration to every organization account in every governed Region. */
function reconcileCentral(ctx: CallContext, os: SecurityHubOrgState): void {
  const now = ctx.clock.now();
  const status = centralStatus(ctx, os);
  const fingerprint = status === 'ENABLED' ? orgFingerprint(ctx.world) : 0;
  const a = os.applied;
  if (a.generation === os.generation && a.fingerprint === fingerprint && now < a.nextDue) return;
  let nextDue = Infinity;
  if (status === 'PENDING')
    nextDue = os.central!.since + ctx.propagationDelay('securityhub:central-configuration');
  const regions = status === 'ENABLED' ? governedRegions(ctx.world, os) : [];
  const adminId = os.central?.adminId;
  if (adminId && regions.length > 0) {
    // start-central-configuration.html: the delegated admin is set in every linked Region too.
    for (const r of regions) {
      const rs = securityHubOrgRegionState(ctx.world, r)!;
      if (!rs.admin) setRegionAdmin(ctx.world, os, r, { accountId: adminId, enabledAt: os.central!.since });
      rs.autoEnable = false;
      rs.autoEnableStandards = 'NONE';
    }
  }
  for (const account of ctx.world.accounts.values()) {
    if (!ctx.world.isActiveMember(account.id)) continue;
    const eff = regions.length > 0 ? effectiveAssociation(ctx.world, os, account.id) : undefined;
    if (eff && eff.assoc.readyAt > now) {
      nextDue = Math.min(nextDue, eff.assoc.readyAt);
      continue; // The pending association has not reached the account yet.
    }
    for (const region of regions) {
      if (!account.enabledRegions.has(region)) continue;
      applyGovernance(ctx, os, account.id, region, eff?.assoc.policyId, eff ? eff.assoc.readyAt : now);
    }
  }
  // Regions no longer governed (or central configuration off): accounts keep settings, self-managed.
  for (const { region, state: st } of ctx.world.slices<SecurityHubAccountState>(SECURITYHUB_SERVICE)) {
    if (st.governance && !regions.includes(region)) st.governance = undefined;
  }
  os.applied = { generation: os.generation, fingerprint, nextDue };
}

function applyGovernance(
  ctx: CallContext,
  os: SecurityHubOrgState,
  accountId: string,
  region: string,
  policyId: string | undefined,
  at: number,
): void {
  const st = state(ctx, accountId, region);
  if (policyId === undefined) {
    st.governance = undefined;
    return;
  }
  if (policyId === SELF_MANAGED) {
    st.governance = { policyId };
    return;
  }
  const rec = os.policies.get(policyId);
  if (!rec) return;
  const adminId = os.central!.adminId;
  const sh = rec.policy;
  if (sh.ServiceEnabled) {
    const wanted = policyStandards(sh);
    if (!st.hub) enableHub(st, at, [], state(ctx, adminId, region).hub?.controlFindingGenerator);
    for (const id of [...st.standards.keys()]) if (!wanted.includes(id)) st.standards.delete(id);
    for (const id of wanted) if (!st.standards.has(id)) st.standards.set(id, { enabledAt: at, input: {} });
    const controls = policyControls(sh);
    st.governance = { policyId, ...(controls ? { controls } : {}) };
    if (accountId !== adminId) {
      const admin = state(ctx, adminId, region);
      const m = admin.members.get(accountId);
      if (!m || m.status !== 'Enabled') {
        admin.members.set(accountId, {
          accountId,
          ...(ctx.world.account(accountId)?.email ? { email: ctx.world.account(accountId)!.email } : {}),
          status: 'Enabled',
          viaOrganization: true,
          updatedAt: at,
        });
      }
      st.administrator = adminId;
    }
  } else {
    st.governance = { policyId };
    if (accountId !== adminId && st.hub) {
      disableHub(st);
      state(ctx, adminId, region).members.delete(accountId);
      st.administrator = undefined;
    }
  }
}

/** Removal of the delegated admin through Organizations (DeregisterDelegatedAdministrator). */
function handleOrganizationsRemoval(ctx: CallContext, os: SecurityHubOrgState): void {
  const mgmt = ctx.world.organization?.managementAccountId;
  const registered = new Set(ctx.world.delegatedAdminsFor(SECURITYHUB_PRINCIPAL));
  let removed: string | undefined;
  for (const rs of adminRegionStates(ctx.world, os)) {
    if (rs.admin && rs.admin.accountId !== mgmt && !registered.has(rs.admin.accountId)) {
      removed = rs.admin.accountId;
      rs.admin = undefined;
      rs.adminProvisioned = false;
    }
  }
  if (removed === undefined) return;
  // remove-admin-overview.html: central configuration stops, policies and associations are deleted,
  // accounts keep their settings.
  if (os.central?.adminId === removed) {
    os.central = undefined;
    os.policies.clear();
    os.associations.clear();
    bump(os);
  }
}

/** Local auto-enable: turns Security Hub on for accounts that joined after the setting. */
function settleAutoEnable(ctx: CallContext, rs: SecurityHubOrgRegionState, adminId: string): void {
  if (!rs.autoEnable) return;
  const now = ctx.clock.now();
  const delay = ctx.propagationDelay('securityhub:auto-enable');
  const admin = state(ctx, adminId);
  const mgmt = ctx.world.organization?.managementAccountId;
  for (const account of ctx.world.accounts.values()) {
    if (account.id === adminId || account.id === mgmt || !ctx.world.isActiveMember(account.id)) continue;
    if (!account.enabledRegions.has(ctx.region) || account.joinedAt < rs.autoEnableSetAt) continue;
    if (admin.members.has(account.id) || rs.removed.has(account.id)) continue;
    const due = account.joinedAt + delay;
    if (now < due) continue;
    const st = state(ctx, account.id);
    if (state(ctx, account.id).administrator) continue;
    if (!st.hub) {
      enableHub(
        st,
        due,
        rs.autoEnableStandards === 'DEFAULT' ? defaultStandards() : [],
        admin.hub?.controlFindingGenerator,
      );
    }
    admin.members.set(account.id, {
      accountId: account.id,
      email: account.email,
      status: 'Enabled',
      viaOrganization: true,
      updatedAt: due,
    });
    st.administrator = adminId;
  }
}

function settle(ctx: CallContext): void {
  const os = securityHubOrgState(ctx.world);
  const rs = securityHubOrgRegionState(ctx.world, ctx.region);
  if (!os || !rs) return;
  handleOrganizationsRemoval(ctx, os);
  const adminId = effectiveAdmin(ctx, rs);
  if (adminId && !rs.adminProvisioned) {
    rs.adminProvisioned = true;
    // designate-orgs-admin-account.html: designation enables Security Hub for the admin in that Region.
    const st = state(ctx, adminId);
    if (!st.hub)
      enableHub(st, rs.admin!.enabledAt + ctx.propagationDelay('securityhub:admin'), defaultStandards());
  }
  if (adminId && !centralIn(ctx, os)) settleAutoEnable(ctx, rs, adminId);
  reconcileCentral(ctx, os);
}

// ---------------------------------------------------------------------------------------------------------
// Standards and controls helpers

function standardsStatus(ctx: CallContext, enabledAt: number): 'PENDING' | 'READY' {
  return ctx.clock.now() < enabledAt + ctx.propagationDelay('securityhub:standards') ? 'PENDING' : 'READY';
}

function subscriptionOutput(
  ctx: CallContext,
  standardId: string,
  sub: { enabledAt: number; input: Record<string, string> },
): StandardsSubscription {
  const status = standardsStatus(ctx, sub.enabledAt);
  return {
    StandardsSubscriptionArn: securityHubSubscriptionArn(standardId, ctx.region, ctx.account),
    StandardsArn: securityHubStandardArn(standardId, ctx.region),
    StandardsInput: { ...sub.input },
    StandardsStatus: status,
    StandardsControlsUpdatable: status === 'READY' ? 'READY_FOR_UPDATES' : 'NOT_READY_FOR_UPDATES',
  };
}

function controlEnabled(st: SecurityHubAccountState, control: SecurityHubControl): boolean {
  const inStandards = control.standards.filter((s) => st.standards.has(s));
  if (inStandards.length === 0) return false;
  const gov = st.governance?.controls;
  if (gov) return gov.mode === 'enabled' ? gov.ids.has(control.id) : !gov.ids.has(control.id);
  return inStandards.some((s) => !st.disabledControls.has(`${s}|${control.id}`));
}

function remediationUrl(id: string): string {
  return `https://docs.aws.amazon.com/console/securityhub/${id}/remediation`;
}

function definition(c: SecurityHubControl): SecurityControlDefinition {
  return {
    SecurityControlId: c.id,
    Title: c.title,
    Description: c.title,
    RemediationUrl: remediationUrl(c.id),
    SeverityRating: c.severity,
    CurrentRegionAvailability: 'AVAILABLE',
    CustomizableProperties: [],
  };
}

/** Refuses local changes in an account governed by a configuration policy. */
function refuseIfGoverned(st: SecurityHubAccountState, ctx: CallContext, what: string): void {
  if (st.governance && st.governance.policyId !== SELF_MANAGED) {
    throw invalidAccess(
      `Account ${ctx.account} is managed by configuration policy ${st.governance.policyId} in ${ctx.region}; ` +
        `${what} must be changed in the policy by the delegated administrator.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Members helpers

function memberOutput(adminId: string, m: SecurityHubMember): Member {
  return {
    AccountId: m.accountId,
    ...(m.email ? { Email: m.email } : {}),
    MasterId: adminId,
    AdministratorId: adminId,
    MemberStatus: m.status,
    ...(m.invitedAt !== undefined ? { InvitedAt: new Date(m.invitedAt) } : {}),
    UpdatedAt: new Date(m.updatedAt),
  };
}

function result(accountId: string, reason: string): Result {
  return { AccountId: accountId, ProcessingResult: reason };
}

function isOrgAdminSomewhere(ctx: CallContext, os: SecurityHubOrgState, account: string): boolean {
  return adminRegionStates(ctx.world, os).some((rs) => rs.admin?.accountId === account);
}

// ---------------------------------------------------------------------------------------------------------
// Policies helpers

function validatePolicy(
  policy: CreateConfigurationPolicyCommandInput['ConfigurationPolicy'],
): SecurityHubPolicy {
  const sh = policy?.SecurityHub;
  if (!sh) throw invalidInput('ConfigurationPolicy.SecurityHub is required.');
  if (sh.ServiceEnabled === undefined)
    throw invalidInput('ConfigurationPolicy.SecurityHub.ServiceEnabled is required.');
  if (!sh.ServiceEnabled) {
    if (sh.EnabledStandardIdentifiers?.length || sh.SecurityControlsConfiguration) {
      throw invalidInput('A policy that disables Security Hub cannot list standards or controls.');
    }
    return { ServiceEnabled: false };
  }
  if (!sh.EnabledStandardIdentifiers) {
    throw invalidInput('EnabledStandardIdentifiers is required when ServiceEnabled is true.');
  }
  for (const arn of sh.EnabledStandardIdentifiers) {
    if (!parseStandardArn(arn)) throw invalidInput(`${arn} is not a valid standards ARN.`);
  }
  const c = sh.SecurityControlsConfiguration;
  if (!c) throw invalidInput('SecurityControlsConfiguration is required when ServiceEnabled is true.');
  const lists = [c.EnabledSecurityControlIdentifiers, c.DisabledSecurityControlIdentifiers].filter(Boolean);
  if (lists.length !== 1) {
    throw invalidInput(
      'SecurityControlsConfiguration needs exactly one of EnabledSecurityControlIdentifiers and ' +
        'DisabledSecurityControlIdentifiers.',
    );
  }
  for (const id of lists[0]!)
    if (!CONTROL_ID.test(id)) throw invalidInput(`${id} is not a security control id.`);
  return {
    ServiceEnabled: true,
    EnabledStandardIdentifiers: [...sh.EnabledStandardIdentifiers],
    SecurityControlsConfiguration: structuredClone(c),
  };
}

/** Throws unless the caller is the delegated admin in the home Region with central configuration on. */
function requireCentralAdmin(ctx: CallContext): SecurityHubOrgState {
  requireAdmin(ctx);
  const os = securityHubOrgState(ctx.world)!;
  const status = centralStatus(ctx, os);
  if (status !== 'ENABLED') {
    throw invalidInput(
      `Central configuration is ${status === undefined ? 'not enabled' : status} for the organization; ` +
        'configuration policies need it enabled.',
    );
  }
  if (os.central!.homeRegion !== ctx.region) {
    throw invalidInput(
      `Configuration policies are managed from the home Region ${os.central!.homeRegion} only.`,
    );
  }
  return os;
}

function findPolicy(os: SecurityHubOrgState, identifier: string | undefined): SecurityHubPolicyRecord {
  const id = identifier?.startsWith('arn:') ? identifier.split('/').pop() : identifier;
  const rec = id ? os.policies.get(id) : undefined;
  if (!rec) throw notFound(`Configuration policy ${identifier ?? '(none)'} was not found.`);
  return rec;
}

function policyOutput(rec: SecurityHubPolicyRecord): Out<GetConfigurationPolicyCommandOutput> {
  return {
    Arn: rec.arn,
    Id: rec.id,
    Name: rec.name,
    Description: rec.description,
    UpdatedAt: new Date(rec.updatedAt),
    CreatedAt: new Date(rec.createdAt),
    ConfigurationPolicy: { SecurityHub: structuredClone(rec.policy) },
  };
}

/** The target of an association request, validated against the organization. */
function resolveTarget(ctx: CallContext, target: Target | undefined): { id: string; type: TargetType } {
  const org = ctx.world.organization!;
  const given = [target?.AccountId, target?.OrganizationalUnitId, target?.RootId].filter(
    (v) => v !== undefined,
  );
  if (given.length !== 1)
    throw invalidInput('Target needs exactly one of AccountId, OrganizationalUnitId and RootId.');
  if (target?.AccountId !== undefined) {
    if (!ctx.world.isMember(target.AccountId)) {
      throw notFound(`Account ${target.AccountId} is not in organization ${org.id}.`);
    }
    return { id: target.AccountId, type: 'ACCOUNT' };
  }
  if (target?.OrganizationalUnitId !== undefined) {
    if (!org.ous.has(target.OrganizationalUnitId)) {
      throw notFound(`Organizational unit ${target.OrganizationalUnitId} was not found.`);
    }
    return { id: target.OrganizationalUnitId, type: 'ORGANIZATIONAL_UNIT' };
  }
  if (target?.RootId !== org.rootId) throw notFound(`Root ${target?.RootId ?? ''} was not found.`);
  return { id: org.rootId, type: 'ROOT' };
}

function targetType(world: SandboxWorld, id: string): TargetType {
  const org = world.organization;
  if (org?.rootId === id) return 'ROOT';
  if (org?.ous.has(id)) return 'ORGANIZATIONAL_UNIT';
  return 'ACCOUNT';
}

function associationSummary(
  ctx: CallContext,
  targetId: string,
  eff: { assoc: SecurityHubAssociation; type: AssociationType },
): ConfigurationPolicyAssociationSummary {
  return {
    ConfigurationPolicyId: eff.assoc.policyId,
    TargetId: targetId,
    TargetType: targetType(ctx.world, targetId),
    AssociationType: eff.type,
    UpdatedAt: new Date(eff.assoc.updatedAt),
    AssociationStatus: associationStatus(ctx, eff.assoc),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Aggregator helpers

function validateLinking(mode: string | undefined, regions: string[] | undefined, home: string): LinkingMode {
  if (!(LINKING_MODES as readonly string[]).includes(mode ?? '')) {
    throw invalidInput(`RegionLinkingMode ${mode ?? '(none)'} is not valid.`);
  }
  const m = mode as LinkingMode;
  if (m === 'NO_REGIONS' || m === 'ALL_REGIONS') {
    if (regions && regions.length > 0)
      throw invalidInput(`Regions must be empty when RegionLinkingMode is ${m}.`);
  } else if (!regions || regions.length === 0) {
    throw invalidInput(`Regions is required when RegionLinkingMode is ${m}.`);
  }
  for (const r of regions ?? []) {
    if (!isRegionCode(r)) throw invalidInput(`${r} is not a valid Region.`);
    if (r === home) throw invalidInput(`The home Region ${home} cannot be listed in Regions.`);
  }
  return m;
}

function aggregatorArn(agg: SecurityHubAggregator, account: string): string {
  return `arn:aws:securityhub:${agg.region}:${account}:finding-aggregator/${agg.id}`;
}

function findAggregator(ctx: CallContext, arn: string | undefined): SecurityHubAggregator {
  const agg = securityHubAccountGlobalState(ctx.world, ctx.account).aggregator;
  if (!agg || aggregatorArn(agg, ctx.account) !== arn) {
    throw notFound(`Finding aggregator ${arn ?? '(none)'} was not found.`);
  }
  return agg;
}

function aggregatorOutput(
  agg: SecurityHubAggregator,
  account: string,
): Out<GetFindingAggregatorCommandOutput> {
  return {
    FindingAggregatorArn: aggregatorArn(agg, account),
    FindingAggregationRegion: agg.region,
    RegionLinkingMode: agg.mode,
    ...(agg.regions.length > 0 ? { Regions: [...agg.regions] } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The service

/** The simulated Security Hub (CSPM) service. */
export const securityhubService = defineService({
  name: SECURITYHUB_SERVICE,
  clientName: 'SecurityHubClient',
  scope: 'regional',
  protocol: 'rest-json',
  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/CommonErrors.html; Security Hub's own
  // internal error is InternalException.
  errors: { internal: 'InternalException' },
  operations: {
    EnableSecurityHub: (ctx, input: EnableSecurityHubCommandInput): Record<string, never> => {
      settle(ctx);
      const st = state(ctx);
      if (st.hub)
        throw conflict(`Account ${ctx.account} is already subscribed to Security Hub in ${ctx.region}.`);
      const admin = st.administrator ? state(ctx, st.administrator).hub : undefined;
      const generator = admin?.controlFindingGenerator ?? input.ControlFindingGenerator ?? 'SECURITY_CONTROL';
      enableHub(
        st,
        ctx.clock.now(),
        input.EnableDefaultStandards === false ? [] : defaultStandards(),
        generator,
      );
      st.hub!.tags = { ...(input.Tags ?? {}) };
      return {};
    },

    DisableSecurityHub: (ctx): Record<string, never> => {
      settle(ctx);
      const st = requireHub(ctx);
      const rs = securityHubOrgRegionState(ctx.world, ctx.region);
      if (
        rs?.admin?.accountId === ctx.account ||
        [...st.members.values()].some((m) => m.status === 'Enabled')
      ) {
        throw invalidAccess(
          `Account ${ctx.account} is a Security Hub administrator account and cannot disable it.`,
        );
      }
      refuseIfGoverned(st, ctx, 'Security Hub enablement');
      const adminId = st.administrator;
      const m = adminId ? state(ctx, adminId).members.get(ctx.account) : undefined;
      if (m?.viaOrganization && m.status === 'Enabled') {
        throw invalidAccess(
          `Account ${ctx.account} is a member managed by the organization's Security Hub administrator ` +
            `${adminId}; it cannot disable Security Hub.`,
        );
      }
      // API_DisableSecurityHub: standards are disabled and administrator/member associations removed.
      if (adminId && m) m.status = 'Removed';
      st.administrator = undefined;
      for (const member of st.members.values()) {
        const mst = state(ctx, member.accountId);
        if (mst.administrator === ctx.account) mst.administrator = undefined;
      }
      st.members.clear();
      disableHub(st);
      return {};
    },

    DescribeHub: (ctx): Out<DescribeHubCommandOutput> => {
      settle(ctx);
      const hub = requireHub(ctx).hub!;
      return {
        HubArn: hubArn(ctx.region, ctx.account),
        SubscribedAt: new Date(hub.subscribedAt).toISOString(),
        AutoEnableControls: hub.autoEnableControls,
        ControlFindingGenerator: hub.controlFindingGenerator,
      };
    },

    UpdateSecurityHubConfiguration: (
      ctx,
      input: UpdateSecurityHubConfigurationCommandInput,
    ): Record<string, never> => {
      settle(ctx);
      const hub = requireHub(ctx).hub!;
      if (input.AutoEnableControls !== undefined) hub.autoEnableControls = input.AutoEnableControls;
      if (input.ControlFindingGenerator !== undefined) {
        if (state(ctx).administrator) {
          throw invalidAccess('A member account takes its control finding generator from its administrator.');
        }
        hub.controlFindingGenerator = input.ControlFindingGenerator;
      }
      return {};
    },

    DescribeStandards: (ctx, input: DescribeStandardsCommandInput): Out<DescribeStandardsCommandOutput> => {
      settle(ctx);
      requireHub(ctx);
      const { page, nextToken } = paginate(ctx, SECURITYHUB_STANDARDS, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_PAGE,
        limit: MAX_PAGE,
        errorName: 'InvalidInputException',
      });
      return {
        Standards: page.map((s) => ({
          StandardsArn: securityHubStandardArn(s.id, ctx.region),
          Name: s.name,
          Description: s.description,
          EnabledByDefault: s.enabledByDefault,
          StandardsManagedBy: { Company: s.company, Product: 'Security Hub' },
        })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    GetEnabledStandards: (
      ctx,
      input: GetEnabledStandardsCommandInput,
    ): Out<GetEnabledStandardsCommandOutput> => {
      settle(ctx);
      const st = requireHub(ctx);
      const wanted = input.StandardsSubscriptionArns;
      if (wanted && (wanted.length === 0 || wanted.length > MAX_STANDARDS_PER_BATCH)) {
        throw invalidInput(`StandardsSubscriptionArns must list 1 to ${MAX_STANDARDS_PER_BATCH} ARNs.`);
      }
      const subs = [...st.standards]
        .map(([id, sub]) => subscriptionOutput(ctx, id, sub))
        .filter((s) => !wanted || wanted.includes(s.StandardsSubscriptionArn!));
      const { page, nextToken } = paginate(ctx, subs, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_PAGE,
        limit: MAX_PAGE,
        errorName: 'InvalidInputException',
      });
      return { StandardsSubscriptions: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    BatchEnableStandards: (
      ctx,
      input: BatchEnableStandardsCommandInput,
    ): Out<BatchEnableStandardsCommandOutput> => {
      settle(ctx);
      const st = requireHub(ctx);
      const reqs = input.StandardsSubscriptionRequests ?? [];
      if (reqs.length === 0 || reqs.length > MAX_STANDARDS_PER_BATCH) {
        throw invalidInput(
          `StandardsSubscriptionRequests must list 1 to ${MAX_STANDARDS_PER_BATCH} standards.`,
        );
      }
      refuseIfGoverned(st, ctx, 'standards');
      const ids = reqs.map((r) => {
        const parsed = parseStandardArn(r.StandardsArn);
        if (!parsed || (parsed.region !== '' && parsed.region !== ctx.region)) {
          throw invalidInput(`${r.StandardsArn ?? '(none)'} is not a standard available in ${ctx.region}.`);
        }
        return { id: parsed.def.id, input: r.StandardsInput ?? {} };
      });
      const now = ctx.clock.now();
      for (const { id, input: si } of ids) {
        if (!st.standards.has(id)) st.standards.set(id, { enabledAt: now, input: { ...si } });
      }
      return {
        StandardsSubscriptions: ids.map(({ id }) => subscriptionOutput(ctx, id, st.standards.get(id)!)),
      };
    },

    BatchDisableStandards: (
      ctx,
      input: BatchDisableStandardsCommandInput,
    ): Out<BatchDisableStandardsCommandOutput> => {
      settle(ctx);
      const st = requireHub(ctx);
      const arns = input.StandardsSubscriptionArns ?? [];
      if (arns.length === 0 || arns.length > MAX_STANDARDS_PER_BATCH) {
        throw invalidInput(`StandardsSubscriptionArns must list 1 to ${MAX_STANDARDS_PER_BATCH} ARNs.`);
      }
      refuseIfGoverned(st, ctx, 'standards');
      const prefix = `arn:aws:securityhub:${ctx.region}:${ctx.account}:subscription/`;
      const out: StandardsSubscription[] = [];
      for (const arn of arns) {
        const id = arn.startsWith(prefix) ? arn.slice(prefix.length) : '';
        const sub = st.standards.get(id);
        if (!sub) throw invalidInput(`${arn} is not an enabled standards subscription of this account.`);
        out.push({ ...subscriptionOutput(ctx, id, sub), StandardsStatus: 'DELETING' });
      }
      for (const arn of arns) {
        const id = arn.slice(prefix.length);
        st.standards.delete(id);
        for (const key of [...st.disabledControls.keys()])
          if (key.startsWith(`${id}|`)) st.disabledControls.delete(key);
      }
      return { StandardsSubscriptions: out };
    },

    ListSecurityControlDefinitions: (
      ctx,
      input: ListSecurityControlDefinitionsCommandInput,
    ): Out<ListSecurityControlDefinitionsCommandOutput> => {
      settle(ctx);
      requireHub(ctx);
      let controls = SECURITYHUB_CONTROLS;
      if (input.StandardsArn !== undefined) {
        const parsed = parseStandardArn(input.StandardsArn);
        if (!parsed) throw invalidInput(`${input.StandardsArn} is not a valid standards ARN.`);
        controls = controls.filter((c) => c.standards.includes(parsed.def.id));
      }
      const { page, nextToken } = paginate(ctx, controls, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 25,
        limit: MAX_PAGE,
        errorName: 'InvalidInputException',
      });
      return {
        SecurityControlDefinitions: page.map(definition),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    BatchGetSecurityControls: (
      ctx,
      input: BatchGetSecurityControlsCommandInput,
    ): Out<BatchGetSecurityControlsCommandOutput> => {
      settle(ctx);
      const st = requireHub(ctx);
      const ids = input.SecurityControlIds ?? [];
      if (ids.length === 0 || ids.length > MAX_PAGE)
        throw invalidInput(`SecurityControlIds must list 1 to ${MAX_PAGE} ids.`);
      const found = ids.map((id) => SECURITYHUB_CONTROLS.find((c) => c.id === id || id.endsWith(`/${c.id}`)));
      return {
        SecurityControls: found
          .filter((c): c is SecurityHubControl => c !== undefined)
          .map((c) => ({
            SecurityControlId: c.id,
            SecurityControlArn: `arn:aws:securityhub:${ctx.region}:${ctx.account}:security-control/${c.id}`,
            Title: c.title,
            Description: c.title,
            RemediationUrl: remediationUrl(c.id),
            SeverityRating: c.severity,
            SecurityControlStatus: controlEnabled(st, c) ? 'ENABLED' : 'DISABLED',
            UpdateStatus: 'READY',
          })),
        UnprocessedIds: ids
          .filter((_, i) => found[i] === undefined)
          .map((id) => ({
            SecurityControlId: id,
            ErrorCode: 'RESOURCE_NOT_FOUND' as const,
            ErrorReason: `Control ${id} is not in the sandbox catalogue.`,
          })),
      };
    },

    BatchUpdateStandardsControlAssociations: (
      ctx,
      input: BatchUpdateStandardsControlAssociationsCommandInput,
    ): Out<BatchUpdateStandardsControlAssociationsCommandOutput> => {
      settle(ctx);
      const st = requireHub(ctx);
      const updates = input.StandardsControlAssociationUpdates ?? [];
      if (updates.length === 0) throw invalidInput('StandardsControlAssociationUpdates is empty.');
      const out: UnprocessedStandardsControlAssociationUpdate[] = [];
      const governed = st.governance !== undefined && st.governance.policyId !== SELF_MANAGED;
      for (const u of updates) {
        const parsed = parseStandardArn(u.StandardsArn);
        const control = SECURITYHUB_CONTROLS.find((c) => c.id === u.SecurityControlId);
        if (governed) {
          out.push({
            StandardsControlAssociationUpdate: u,
            ErrorCode: 'ACCESS_DENIED',
            ErrorReason: 'Managed by a configuration policy.',
          });
        } else if (
          !parsed ||
          !st.standards.has(parsed.def.id) ||
          !control?.standards.includes(parsed.def.id)
        ) {
          out.push({
            StandardsControlAssociationUpdate: u,
            ErrorCode: 'RESOURCE_NOT_FOUND',
            ErrorReason: 'The standard is not enabled or does not contain the control.',
          });
        } else if (u.AssociationStatus !== 'ENABLED' && u.AssociationStatus !== 'DISABLED') {
          out.push({
            StandardsControlAssociationUpdate: u,
            ErrorCode: 'INVALID_INPUT',
            ErrorReason: 'Bad status.',
          });
        } else {
          const key = `${parsed.def.id}|${control.id}`;
          if (u.AssociationStatus === 'DISABLED') {
            st.disabledControls.set(key, {
              ...(u.UpdatedReason ? { reason: u.UpdatedReason } : {}),
              at: ctx.clock.now(),
            });
          } else {
            st.disabledControls.delete(key);
          }
        }
      }
      return { UnprocessedAssociationUpdates: out };
    },

    ListEnabledProductsForImport: (
      ctx,
      input: ListEnabledProductsForImportCommandInput,
    ): Out<ListEnabledProductsForImportCommandOutput> => {
      settle(ctx);
      const hub = requireHub(ctx).hub!;
      const arns = [...hub.products].map((p) => productSubscriptionArn(ctx.region, ctx.account, p));
      const { page, nextToken } = paginate(ctx, arns, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_PAGE,
        limit: MAX_PAGE,
        errorName: 'InvalidInputException',
      });
      return { ProductSubscriptions: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    EnableImportFindingsForProduct: (
      ctx,
      input: EnableImportFindingsForProductCommandInput,
    ): Out<EnableImportFindingsForProductCommandOutput> => {
      settle(ctx);
      const hub = requireHub(ctx).hub!;
      // Product ARNs look like arn:aws:securityhub:<region>::product/<company>/<product>.
      // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableImportFindingsForProduct.html
      const m = /^arn:aws[-a-z]*:securityhub:([a-z0-9-]+):(\d{12})?:product\/([^/]+\/[^/]+)$/.exec(
        input.ProductArn ?? '',
      );
      if (!m || m[1] !== ctx.region) {
        throw invalidInput(`${input.ProductArn ?? '(none)'} is not a product ARN of ${ctx.region}.`);
      }
      const product = m[3]!;
      if (hub.products.has(product)) {
        throw conflict(`Account ${ctx.account} already imports findings from ${product} in ${ctx.region}.`);
      }
      hub.products.add(product);
      return { ProductSubscriptionArn: productSubscriptionArn(ctx.region, ctx.account, product) };
    },

    DisableImportFindingsForProduct: (
      ctx,
      input: DisableImportFindingsForProductCommandInput,
    ): Record<string, never> => {
      settle(ctx);
      const hub = requireHub(ctx).hub!;
      // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableImportFindingsForProduct.html
      const prefix = productSubscriptionArn(ctx.region, ctx.account, '');
      const arn = input.ProductSubscriptionArn ?? '';
      const product = arn.startsWith(prefix) ? arn.slice(prefix.length) : '';
      if (!hub.products.has(product)) {
        throw notFound(`${arn || '(none)'} is not a product subscription of this account in ${ctx.region}.`);
      }
      hub.products.delete(product);
      return {};
    },

    EnableOrganizationAdminAccount: (
      ctx,
      input: EnableOrganizationAdminAccountCommandInput,
    ): Out<EnableOrganizationAdminAccountCommandOutput> => {
      settle(ctx);
      requireManagement(ctx);
      if (input.Feature === 'SecurityHubV2')
        throw new SandboxNotImplementedError(
          'securityhub',
          'EnableOrganizationAdminAccount(Feature=SecurityHubV2)',
        );
      const org = ctx.world.organization!;
      const target = input.AdminAccountId ?? '';
      if (!ACCOUNT_ID.test(target))
        throw invalidInput(`${target || 'AdminAccountId'} is not a valid account id.`);
      if (org.featureSet !== 'ALL')
        throw invalidInput(`Organization ${org.id} does not have all features enabled.`);
      if (!ctx.world.isActiveMember(target)) {
        throw invalidInput(`Account ${target} is not an active member of organization ${org.id}.`);
      }
      const rs = securityHubOrgRegionState(ctx.world, ctx.region)!;
      const os = securityHubOrgState(ctx.world)!;
      if (rs.admin?.accountId === target) return { AdminAccountId: target, Feature: 'SecurityHub' };
      if (centralIn(ctx, os)) {
        throw invalidInput(
          'Central configuration is on: the delegated administrator cannot be changed with Security Hub APIs.',
        );
      }
      if (rs.admin) {
        throw invalidInput(
          `Account ${rs.admin.accountId} is already the Security Hub administrator in ${ctx.region}; remove it first.`,
        );
      }
      // designate-orgs-admin-account.html: the registered delegated admin or the management account, in
      // every Region.
      const mgmt = org.managementAccountId;
      const others = new Set(ctx.world.delegatedAdminsFor(SECURITYHUB_PRINCIPAL));
      for (const other of adminRegionStates(ctx.world, os)) {
        if (other.admin && other.admin.accountId !== mgmt) others.add(other.admin.accountId);
      }
      others.delete(target);
      if (target !== mgmt && others.size > 0) {
        throw invalidInput(
          `Account ${[...others][0]} is the Security Hub delegated administrator of the organization; remove it ` +
            'in every Region before designating another account.',
        );
      }
      if (target === mgmt) {
        // The management account can be the Security Hub admin but is never an Organizations delegated admin.
        if (!org.trustedAccess.has(SECURITYHUB_PRINCIPAL))
          org.trustedAccess.set(SECURITYHUB_PRINCIPAL, ctx.clock.now());
      } else {
        registerServiceAdmin(ctx, SECURITYHUB_PRINCIPAL, target);
      }
      setRegionAdmin(ctx.world, os, ctx.region, { accountId: target, enabledAt: ctx.clock.now() });
      rs.adminProvisioned = false;
      rs.autoEnable = false;
      rs.autoEnableStandards = 'DEFAULT';
      rs.autoEnableSetAt = ctx.clock.now();
      rs.removed = new Set();
      settle(ctx);
      return { AdminAccountId: target, Feature: 'SecurityHub' };
    },

    DisableOrganizationAdminAccount: (
      ctx,
      input: DisableOrganizationAdminAccountCommandInput,
    ): Record<string, never> => {
      settle(ctx);
      requireManagement(ctx);
      const rs = securityHubOrgRegionState(ctx.world, ctx.region)!;
      const os = securityHubOrgState(ctx.world)!;
      const target = input.AdminAccountId ?? '';
      if (rs.admin?.accountId !== target) {
        throw invalidInput(
          `Account ${target || '(none)'} is not the Security Hub administrator in ${ctx.region}.`,
        );
      }
      if (centralIn(ctx, os)) {
        throw invalidInput(
          'Central configuration is on: remove the delegated administrator through AWS Organizations, or stop ' +
            'central configuration first.',
        );
      }
      const admin = state(ctx, target);
      for (const m of admin.members.values()) {
        const mst = state(ctx, m.accountId);
        if (mst.administrator === target) mst.administrator = undefined;
      }
      admin.members.clear();
      rs.admin = undefined;
      rs.adminProvisioned = false;
      rs.autoEnable = false;
      if (!isOrgAdminSomewhere(ctx, os, target)) deregisterServiceAdmin(ctx, SECURITYHUB_PRINCIPAL, target);
      return {};
    },

    ListOrganizationAdminAccounts: (
      ctx,
      input: ListOrganizationAdminAccountsCommandInput,
    ): Out<ListOrganizationAdminAccountsCommandOutput> => {
      settle(ctx);
      requireManagement(ctx);
      const rs = securityHubOrgRegionState(ctx.world, ctx.region);
      const admins: AdminAccount[] = rs?.admin ? [{ AccountId: rs.admin.accountId, Status: 'ENABLED' }] : [];
      const { page, nextToken } = paginate(ctx, admins, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_ADMINS_PAGE,
        limit: MAX_ADMINS_PAGE,
        errorName: 'InvalidInputException',
      });
      return { AdminAccounts: page, Feature: 'SecurityHub', ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    DescribeOrganizationConfiguration: (ctx): Out<DescribeOrganizationConfigurationCommandOutput> => {
      settle(ctx);
      const rs = requireAdmin(ctx);
      const os = securityHubOrgState(ctx.world)!;
      const central = centralIn(ctx, os);
      const orgMembers = [...state(ctx).members.values()].filter((m) => m.viaOrganization).length;
      return {
        AutoEnable: central ? false : rs.autoEnable,
        AutoEnableStandards: central ? 'NONE' : rs.autoEnableStandards,
        MemberAccountLimitReached: orgMembers >= SECURITYHUB_MAX_ORG_MEMBERS,
        OrganizationConfiguration: central
          ? {
              ConfigurationType: 'CENTRAL',
              Status: centralStatus(ctx, os)!,
              ...(os.central?.failure ? { StatusMessage: os.central.failure } : {}),
            }
          : { ConfigurationType: 'LOCAL', Status: 'ENABLED' },
      };
    },

    UpdateOrganizationConfiguration: (
      ctx,
      input: UpdateOrganizationConfigurationCommandInput,
    ): Record<string, never> => {
      settle(ctx);
      const rs = requireAdmin(ctx);
      const os = securityHubOrgState(ctx.world)!;
      if (input.AutoEnable === undefined) throw invalidInput('AutoEnable is required.');
      if (
        input.AutoEnableStandards !== undefined &&
        !['DEFAULT', 'NONE'].includes(input.AutoEnableStandards)
      ) {
        throw invalidInput(`AutoEnableStandards ${input.AutoEnableStandards} is not valid.`);
      }
      const type = input.OrganizationConfiguration?.ConfigurationType;
      if (type !== undefined && type !== 'CENTRAL' && type !== 'LOCAL') {
        throw invalidInput(`ConfigurationType ${type} is not valid.`);
      }
      const now = ctx.clock.now();
      const centralNow = centralIn(ctx, os);
      const wantsCentral = type === 'CENTRAL' || (type === undefined && centralNow);
      if (wantsCentral && (input.AutoEnable || input.AutoEnableStandards === 'DEFAULT')) {
        throw invalidInput(
          'With central configuration, AutoEnable must be false and AutoEnableStandards NONE.',
        );
      }
      if (type === 'CENTRAL' && !os.central) {
        // start-central-configuration.html: from the home Region, which a finding aggregator designates.
        const agg = securityHubAccountGlobalState(ctx.world, ctx.account).aggregator;
        if (!agg)
          throw invalidInput('Central configuration needs a home Region: create a finding aggregator first.');
        if (agg.region !== ctx.region) {
          throw invalidInput(`Central configuration must be turned on from the home Region ${agg.region}.`);
        }
        const mgmt = ctx.world.organization!.managementAccountId;
        os.central = {
          homeRegion: agg.region,
          adminId: ctx.account,
          since: now,
          ...(ctx.account === mgmt
            ? {
                failure:
                  'The organization management account cannot be the delegated administrator for central configuration.',
              }
            : {}),
        };
        bump(os);
      } else if (type === 'LOCAL' && os.central) {
        if (ctx.region !== os.central.homeRegion) {
          throw invalidInput(
            `Central configuration must be turned off from the home Region ${os.central.homeRegion}.`,
          );
        }
        // stop-central-configuration.html: disassociate every target and delete every policy first.
        if (os.associations.size > 0 || os.policies.size > 0) {
          throw conflict(
            'Disassociate every account, OU and the root from their configuration and delete all configuration ' +
              'policies before stopping central configuration.',
          );
        }
        os.central = undefined;
        bump(os);
      }
      if (!wantsCentral) {
        if (input.AutoEnable && !rs.autoEnable) rs.autoEnableSetAt = now;
        rs.autoEnable = input.AutoEnable;
        if (input.AutoEnableStandards !== undefined) rs.autoEnableStandards = input.AutoEnableStandards;
      }
      settle(ctx);
      return {};
    },

    CreateFindingAggregator: (
      ctx,
      input: CreateFindingAggregatorCommandInput,
    ): Out<CreateFindingAggregatorCommandOutput> => {
      settle(ctx);
      requireHub(ctx);
      const g = securityHubAccountGlobalState(ctx.world, ctx.account);
      if (g.aggregator) {
        throw invalidInput(
          `Account ${ctx.account} already has a finding aggregator in ${g.aggregator.region}; only one is allowed.`,
        );
      }
      const mode = validateLinking(input.RegionLinkingMode, input.Regions, ctx.region);
      const agg: SecurityHubAggregator = {
        id: uuid(ctx),
        region: ctx.region,
        mode,
        regions: [...(input.Regions ?? [])],
      };
      g.aggregator = agg;
      const os = securityHubOrgState(ctx.world);
      if (os) bump(os);
      return aggregatorOutput(agg, ctx.account);
    },

    ListFindingAggregators: (
      ctx,
      input: ListFindingAggregatorsCommandInput,
    ): Out<ListFindingAggregatorsCommandOutput> => {
      settle(ctx);
      requireHub(ctx);
      const agg = securityHubAccountGlobalState(ctx.world, ctx.account).aggregator;
      const { page, nextToken } = paginate(ctx, agg ? [agg] : [], {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_PAGE,
        limit: MAX_PAGE,
        errorName: 'InvalidInputException',
      });
      return {
        FindingAggregators: page.map((a) => ({ FindingAggregatorArn: aggregatorArn(a, ctx.account) })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    GetFindingAggregator: (
      ctx,
      input: GetFindingAggregatorCommandInput,
    ): Out<GetFindingAggregatorCommandOutput> => {
      settle(ctx);
      requireHub(ctx);
      return aggregatorOutput(findAggregator(ctx, input.FindingAggregatorArn), ctx.account);
    },

    UpdateFindingAggregator: (
      ctx,
      input: UpdateFindingAggregatorCommandInput,
    ): Out<UpdateFindingAggregatorCommandOutput> => {
      settle(ctx);
      requireHub(ctx);
      const agg = findAggregator(ctx, input.FindingAggregatorArn);
      if (agg.region !== ctx.region)
        throw invalidInput(`Update the finding aggregator from its home Region ${agg.region}.`);
      agg.mode = validateLinking(input.RegionLinkingMode, input.Regions, agg.region);
      agg.regions = [...(input.Regions ?? [])];
      const os = securityHubOrgState(ctx.world);
      if (os) {
        bump(os);
        settle(ctx);
      }
      return aggregatorOutput(agg, ctx.account);
    },

    DeleteFindingAggregator: (ctx, input: DeleteFindingAggregatorCommandInput): Record<string, never> => {
      settle(ctx);
      requireHub(ctx);
      const agg = findAggregator(ctx, input.FindingAggregatorArn);
      if (agg.region !== ctx.region)
        throw invalidInput(`Delete the finding aggregator from its home Region ${agg.region}.`);
      securityHubAccountGlobalState(ctx.world, ctx.account).aggregator = undefined;
      const os = securityHubOrgState(ctx.world);
      if (os?.central?.adminId === ctx.account) {
        // aggregation-central-configuration.html: removing the home Region deletes the policies and their
        // associations and switches the organization to local configuration.
        os.central = undefined;
        os.policies.clear();
        os.associations.clear();
      }
      if (os) {
        bump(os);
        settle(ctx);
      }
      return {};
    },

    CreateConfigurationPolicy: (
      ctx,
      input: CreateConfigurationPolicyCommandInput,
    ): Out<CreateConfigurationPolicyCommandOutput> => {
      settle(ctx);
      const os = requireCentralAdmin(ctx);
      if (!input.Name || !POLICY_NAME.test(input.Name))
        throw invalidInput(`Policy name ${input.Name ?? '(none)'} is not valid.`);
      if ([...os.policies.values()].some((p) => p.name === input.Name)) {
        throw conflict(`A configuration policy named ${input.Name} already exists.`);
      }
      const policy = validatePolicy(input.ConfigurationPolicy);
      const id = uuid(ctx);
      const now = ctx.clock.now();
      const rec: SecurityHubPolicyRecord = {
        id,
        arn: `arn:aws:securityhub:${ctx.region}:${ctx.account}:configuration-policy/${id}`,
        name: input.Name,
        description: input.Description ?? '',
        createdAt: now,
        updatedAt: now,
        policy,
      };
      os.policies.set(id, rec);
      return policyOutput(rec);
    },

    UpdateConfigurationPolicy: (
      ctx,
      input: UpdateConfigurationPolicyCommandInput,
    ): Out<UpdateConfigurationPolicyCommandOutput> => {
      settle(ctx);
      const os = requireCentralAdmin(ctx);
      const rec = findPolicy(os, input.Identifier);
      if (input.Name !== undefined) {
        if (!POLICY_NAME.test(input.Name)) throw invalidInput(`Policy name ${input.Name} is not valid.`);
        if ([...os.policies.values()].some((p) => p.name === input.Name && p.id !== rec.id)) {
          throw conflict(`A configuration policy named ${input.Name} already exists.`);
        }
        rec.name = input.Name;
      }
      if (input.Description !== undefined) rec.description = input.Description;
      if (input.ConfigurationPolicy !== undefined) rec.policy = validatePolicy(input.ConfigurationPolicy);
      rec.updatedAt = ctx.clock.now();
      bump(os);
      settle(ctx);
      return policyOutput(rec);
    },

    GetConfigurationPolicy: (
      ctx,
      input: GetConfigurationPolicyCommandInput,
    ): Out<GetConfigurationPolicyCommandOutput> => {
      settle(ctx);
      return policyOutput(findPolicy(requireCentralAdmin(ctx), input.Identifier));
    },

    ListConfigurationPolicies: (
      ctx,
      input: ListConfigurationPoliciesCommandInput,
    ): Out<ListConfigurationPoliciesCommandOutput> => {
      settle(ctx);
      const os = requireCentralAdmin(ctx);
      const { page, nextToken } = paginate(ctx, [...os.policies.values()], {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_PAGE,
        limit: MAX_PAGE,
        errorName: 'InvalidInputException',
      });
      return {
        ConfigurationPolicySummaries: page.map((p) => ({
          Arn: p.arn,
          Id: p.id,
          Name: p.name,
          Description: p.description,
          UpdatedAt: new Date(p.updatedAt),
          ServiceEnabled: p.policy.ServiceEnabled ?? false,
        })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    DeleteConfigurationPolicy: (ctx, input: DeleteConfigurationPolicyCommandInput): Record<string, never> => {
      settle(ctx);
      const os = requireCentralAdmin(ctx);
      const rec = findPolicy(os, input.Identifier);
      if ([...os.associations.values()].some((a) => a.policyId === rec.id)) {
        throw conflict(`Configuration policy ${rec.id} is still associated; disassociate it first.`);
      }
      os.policies.delete(rec.id);
      return {};
    },

    StartConfigurationPolicyAssociation: (
      ctx,
      input: StartConfigurationPolicyAssociationCommandInput,
    ): Out<StartConfigurationPolicyAssociationCommandOutput> => {
      settle(ctx);
      const os = requireCentralAdmin(ctx);
      const policyId =
        input.ConfigurationPolicyIdentifier === SELF_MANAGED
          ? SELF_MANAGED
          : findPolicy(os, input.ConfigurationPolicyIdentifier).id;
      const target = resolveTarget(ctx, input.Target);
      const now = ctx.clock.now();
      const assoc: SecurityHubAssociation = {
        targetId: target.id,
        targetType: target.type,
        policyId,
        updatedAt: now,
        readyAt: now + ctx.propagationDelay('securityhub:policy-association'),
      };
      os.associations.set(target.id, assoc);
      bump(os);
      settle(ctx);
      return associationSummary(ctx, target.id, { assoc, type: 'APPLIED' });
    },

    StartConfigurationPolicyDisassociation: (
      ctx,
      input: StartConfigurationPolicyDisassociationCommandInput,
    ): Record<string, never> => {
      settle(ctx);
      const os = requireCentralAdmin(ctx);
      if (!input.Target) throw invalidInput('Target is required.');
      const target = resolveTarget(ctx, input.Target);
      const assoc = os.associations.get(target.id);
      const wanted =
        input.ConfigurationPolicyIdentifier === SELF_MANAGED
          ? SELF_MANAGED
          : findPolicy(os, input.ConfigurationPolicyIdentifier).id;
      if (!assoc || assoc.policyId !== wanted) {
        throw notFound(
          `Target ${target.id} has no association with ${input.ConfigurationPolicyIdentifier ?? ''}.`,
        );
      }
      os.associations.delete(target.id);
      bump(os);
      settle(ctx);
      return {};
    },

    GetConfigurationPolicyAssociation: (
      ctx,
      input: GetConfigurationPolicyAssociationCommandInput,
    ): Out<GetConfigurationPolicyAssociationCommandOutput> => {
      settle(ctx);
      const os = requireCentralAdmin(ctx);
      const target = resolveTarget(ctx, input.Target);
      const eff = effectiveAssociation(ctx.world, os, target.id);
      if (!eff) throw notFound(`Target ${target.id} has no configuration association.`);
      return associationSummary(ctx, target.id, eff);
    },

    ListConfigurationPolicyAssociations: (
      ctx,
      input: ListConfigurationPolicyAssociationsCommandInput,
    ): Out<ListConfigurationPolicyAssociationsCommandOutput> => {
      settle(ctx);
      const os = requireCentralAdmin(ctx);
      const org = ctx.world.organization!;
      const f = input.Filters;
      const policyFilter = f?.ConfigurationPolicyId?.startsWith('arn:')
        ? f.ConfigurationPolicyId.split('/').pop()
        : f?.ConfigurationPolicyId;
      const targets = [
        org.rootId,
        ...org.ous.keys(),
        ...[...ctx.world.accounts.values()].filter((a) => ctx.world.isActiveMember(a.id)).map((a) => a.id),
      ];
      const rows: ConfigurationPolicyAssociationSummary[] = [];
      for (const id of targets) {
        const eff = effectiveAssociation(ctx.world, os, id);
        if (!eff) continue;
        const row = associationSummary(ctx, id, eff);
        if (policyFilter && row.ConfigurationPolicyId !== policyFilter) continue;
        if (f?.AssociationType && row.AssociationType !== f.AssociationType) continue;
        if (f?.AssociationStatus && row.AssociationStatus !== f.AssociationStatus) continue;
        rows.push(row);
      }
      const { page, nextToken } = paginate(ctx, rows, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_PAGE,
        limit: MAX_PAGE,
        errorName: 'InvalidInputException',
      });
      return {
        ConfigurationPolicyAssociationSummaries: page,
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    CreateMembers: (ctx, input: CreateMembersCommandInput): Out<CreateMembersCommandOutput> => {
      settle(ctx);
      const st = requireHub(ctx);
      const details: AccountDetails[] = input.AccountDetails ?? [];
      if (details.length === 0) throw invalidInput('AccountDetails is empty.');
      const rs = securityHubOrgRegionState(ctx.world, ctx.region);
      const isAdmin = rs !== undefined && effectiveAdmin(ctx, rs) === ctx.account;
      const mgmt = ctx.world.organization?.managementAccountId;
      const out: Result[] = [];
      const now = ctx.clock.now();
      for (const d of details) {
        const id = d.AccountId ?? '';
        if (!ACCOUNT_ID.test(id)) {
          out.push(result(id, 'The account ID is not valid.'));
          continue;
        }
        if (id === ctx.account) {
          out.push(result(id, 'An account cannot be a member of itself.'));
          continue;
        }
        const existing = st.members.get(id);
        if (existing?.status === 'Enabled') {
          out.push(result(id, 'The account is already a member of this administrator account.'));
          continue;
        }
        const mst = state(ctx, id);
        if (mst.administrator && mst.administrator !== ctx.account) {
          out.push(
            result(id, `The account is already a member of administrator account ${mst.administrator}.`),
          );
          continue;
        }
        if (isAdmin && ctx.world.isMember(id)) {
          const account = ctx.world.account(id)!;
          if (!ctx.world.isActiveMember(id)) {
            st.members.set(id, {
              accountId: id,
              email: account.email,
              status: 'AccountSuspended',
              viaOrganization: true,
              updatedAt: now,
            });
            continue;
          }
          const orgMembers = [...st.members.values()].filter(
            (m) => m.viaOrganization && m.status === 'Enabled',
          ).length;
          if (orgMembers >= SECURITYHUB_MAX_ORG_MEMBERS) {
            out.push(
              result(
                id,
                `The administrator already has ${SECURITYHUB_MAX_ORG_MEMBERS} organization members.`,
              ),
            );
            continue;
          }
          if (!mst.hub) {
            if (id === mgmt) {
              out.push(
                result(
                  id,
                  'The organization management account must enable Security Hub before it can be a member.',
                ),
              );
              continue;
            }
            if (!account.enabledRegions.has(ctx.region)) {
              out.push(result(id, `The account has not enabled ${ctx.region}.`));
              continue;
            }
            enableHub(mst, now, defaultStandards(), st.hub!.controlFindingGenerator);
          }
          st.members.set(id, {
            accountId: id,
            email: account.email,
            status: 'Enabled',
            viaOrganization: true,
            updatedAt: now,
          });
          mst.administrator = ctx.account;
          rs?.removed.delete(id);
          continue;
        }
        const invited = [...st.members.values()].filter((m) => !m.viaOrganization).length;
        if (!existing && invited >= SECURITYHUB_MAX_INVITED_MEMBERS) {
          out.push(
            result(id, `The administrator already has ${SECURITYHUB_MAX_INVITED_MEMBERS} invited members.`),
          );
          continue;
        }
        st.members.set(id, {
          accountId: id,
          ...(d.Email ? { email: d.Email } : {}),
          status: 'Created',
          viaOrganization: false,
          updatedAt: now,
        });
      }
      return { UnprocessedAccounts: out };
    },

    ListMembers: (ctx, input: ListMembersCommandInput): Out<ListMembersCommandOutput> => {
      settle(ctx);
      const st = requireHub(ctx);
      const only = input.OnlyAssociated ?? true;
      const members = [...st.members.values()]
        .filter((m) => !only || m.status === 'Enabled')
        .sort((a, b) => a.accountId.localeCompare(b.accountId));
      const { page, nextToken } = paginate(ctx, members, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_MEMBERS_PAGE,
        limit: MAX_MEMBERS_PAGE,
        errorName: 'InvalidInputException',
      });
      return {
        Members: page.map((m) => memberOutput(ctx.account, m)),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    GetMembers: (ctx, input: GetMembersCommandInput): Out<GetMembersCommandOutput> => {
      settle(ctx);
      const st = requireHub(ctx);
      const ids = input.AccountIds ?? [];
      if (ids.length === 0) throw invalidInput('AccountIds is empty.');
      const members: Member[] = [];
      const out: Result[] = [];
      for (const id of ids) {
        const m = st.members.get(id);
        if (m) members.push(memberOutput(ctx.account, m));
        else out.push(result(id, 'The account is not a member of this administrator account.'));
      }
      return { Members: members, UnprocessedAccounts: out };
    },

    DisassociateMembers: (ctx, input: DisassociateMembersCommandInput): Record<string, never> => {
      settle(ctx);
      const st = requireHub(ctx);
      const ids = input.AccountIds ?? [];
      if (ids.length === 0) throw invalidInput('AccountIds is empty.');
      const missing = ids.filter((id) => !st.members.has(id));
      if (missing.length > 0)
        throw notFound(`Accounts ${missing.join(', ')} are not members of this administrator.`);
      const rs = securityHubOrgRegionState(ctx.world, ctx.region);
      const now = ctx.clock.now();
      for (const id of ids) {
        const m = st.members.get(id)!;
        m.status = 'Removed';
        m.updatedAt = now;
        if (m.viaOrganization) rs?.removed.add(id);
        const mst = state(ctx, id);
        if (mst.administrator === ctx.account) mst.administrator = undefined;
      }
      return {};
    },

    DeleteMembers: (ctx, input: DeleteMembersCommandInput): Out<DeleteMembersCommandOutput> => {
      settle(ctx);
      const st = requireHub(ctx);
      const ids = input.AccountIds ?? [];
      if (ids.length === 0) throw invalidInput('AccountIds is empty.');
      const out: Result[] = [];
      for (const id of ids) {
        const m = st.members.get(id);
        if (!m) {
          out.push(result(id, 'The account is not a member of this administrator account.'));
        } else if (m.viaOrganization) {
          // API_DeleteMembers: organization accounts cannot be deleted, only disassociated.
          out.push(result(id, 'Organization accounts cannot be deleted; disassociate them instead.'));
        } else {
          st.members.delete(id);
          const mst = state(ctx, id);
          if (mst.administrator === ctx.account) mst.administrator = undefined;
        }
      }
      return { UnprocessedAccounts: out };
    },

    GetAdministratorAccount: (ctx): Out<GetAdministratorAccountCommandOutput> => {
      settle(ctx);
      const st = requireHub(ctx);
      const adminId = st.administrator;
      const m = adminId ? state(ctx, adminId).members.get(ctx.account) : undefined;
      if (!adminId || !m) return {};
      return {
        Administrator: {
          AccountId: adminId,
          MemberStatus: m.status,
          ...(m.invitedAt !== undefined ? { InvitedAt: new Date(m.invitedAt) } : {}),
        },
      };
    },
  },
});
