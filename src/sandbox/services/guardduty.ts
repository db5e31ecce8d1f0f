/**
 * Amazon GuardDuty in the sandbox: one detector per account and Region with its protection plans
 * (features), the delegated-administrator model of AWS Organizations (admin designation from the
 * management account, organization configuration and members from the delegated admin, auto-enable for
 * new and existing accounts) and findings export to S3 (publishing destinations).
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html (one detector per
 *   account and Region; optional features on by default except Runtime Monitoring)
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_EnableOrganizationAdminAccount.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DescribeOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateMembers.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DisassociateMembers.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeleteMembers.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_StopMonitoringMembers.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListMembers.html (page size ≤ 50)
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetAdministratorAccount.html
 * - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreatePublishingDestination.html
 * - https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html (one delegated admin per
 *   organization, Regional; the management account may be designated but should not be; 50,000 members)
 * - https://docs.aws.amazon.com/guardduty/latest/ug/change-guardduty-delegated-admin.html (members must be
 *   disassociated and deleted before the admin is removed; Organizations deregistration is a separate step)
 * - https://docs.aws.amazon.com/guardduty/latest/ug/disassociate-remove-member-account-from-admin.html
 * - https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html (bucket and key in the
 *   same Region; the bucket policy and key policy must admit guardduty.amazonaws.com)
 *
 * Propagation knob keys honoured (`SandboxKnobs.propagationDelayMs`):
 * - `guardduty:admin` — after `EnableOrganizationAdminAccount`, the designated account is not yet treated
 *   as the delegated admin (its organization APIs fail with `BadRequestException`) and its detector is not
 *   yet created, for this many ms.
 * - `guardduty:auto-enable` — delay between an auto-enable setting taking effect (`ALL` for existing
 *   accounts, or an account joining the organization under `NEW`/`ALL`) and the member's detector and
 *   protection plans being enabled. AWS documents that this can take up to 24 hours.
 * - `guardduty:publishing` — a new publishing destination reports `PENDING_VERIFICATION` for this many ms
 *   before it becomes `PUBLISHING` (or `UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY`).
 *
 * Auto-enable and propagation are evaluated lazily: every GuardDuty call first settles the organization
 * state of its Region against the sandbox clock, so no background timers exist.
 */
import {
  BadRequestException,
  type AccountDetail,
  type AdminAccount,
  type CreateDetectorCommandInput,
  type CreateDetectorCommandOutput,
  type CreateMembersCommandInput,
  type CreateMembersCommandOutput,
  type CreatePublishingDestinationCommandInput,
  type CreatePublishingDestinationCommandOutput,
  type DataSourceConfigurations,
  type DataSourceConfigurationsResult,
  type DeleteDetectorCommandInput,
  type DeleteMembersCommandInput,
  type DeleteMembersCommandOutput,
  type DeletePublishingDestinationCommandInput,
  type DescribeOrganizationConfigurationCommandInput,
  type DescribeOrganizationConfigurationCommandOutput,
  type DescribePublishingDestinationCommandInput,
  type DescribePublishingDestinationCommandOutput,
  type DetectorFeatureConfiguration,
  type DetectorFeatureConfigurationResult,
  type DisableOrganizationAdminAccountCommandInput,
  type DisassociateMembersCommandInput,
  type DisassociateMembersCommandOutput,
  type EnableOrganizationAdminAccountCommandInput,
  type FeatureStatus,
  type FindingPublishingFrequency,
  type GetAdministratorAccountCommandInput,
  type GetAdministratorAccountCommandOutput,
  type GetDetectorCommandInput,
  type GetDetectorCommandOutput,
  type GetMemberDetectorsCommandInput,
  type GetMemberDetectorsCommandOutput,
  type GetMembersCommandInput,
  type GetMembersCommandOutput,
  type ListDetectorsCommandInput,
  type ListDetectorsCommandOutput,
  type ListMembersCommandInput,
  type ListMembersCommandOutput,
  type ListOrganizationAdminAccountsCommandInput,
  type ListOrganizationAdminAccountsCommandOutput,
  type ListPublishingDestinationsCommandInput,
  type ListPublishingDestinationsCommandOutput,
  type ListTagsForResourceCommandInput,
  type ListTagsForResourceCommandOutput,
  type Member,
  type MemberDataSourceConfiguration,
  type OrgFeatureStatus,
  type OrganizationDataSourceConfigurations,
  type OrganizationFeatureConfiguration,
  type PublishingStatus,
  type StartMonitoringMembersCommandInput,
  type StartMonitoringMembersCommandOutput,
  type StopMonitoringMembersCommandInput,
  type StopMonitoringMembersCommandOutput,
  type TagResourceCommandInput,
  type UnprocessedAccount,
  type UntagResourceCommandInput,
  type UpdateDetectorCommandInput,
  type UpdateMemberDetectorsCommandInput,
  type UpdateMemberDetectorsCommandOutput,
  type UpdateOrganizationConfigurationCommandInput,
  type UpdatePublishingDestinationCommandInput,
} from '@aws-sdk/client-guardduty';
import type { ServiceException } from '@smithy/smithy-client';
import { defineService, type CallContext } from '../core/service.js';
import type { SandboxAccount, SandboxWorld } from '../core/state.js';
import { modeledError } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import { registerServiceAdmin, requireManagementAccount } from '../core/org-admin.js';
import { bucketArn, bucketPolicyAllows, findBucket } from './s3.js';
import { keyPolicyAllows, keyUsable, resolveKey } from './kms.js';
import type { PolicyCaller, PolicyContext } from './policy.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of GuardDuty in the sandbox (its IAM action prefix). */
export const GUARDDUTY_SERVICE = 'guardduty';
/** Service principal GuardDuty registers its delegated administrator and trusted access for. */
export const GUARDDUTY_PRINCIPAL = 'guardduty.amazonaws.com';
/** Key of the per-Region organization state in the sandbox world. */
const ORG_STATE_KEY = 'guardduty:org';

/**
 * Optional protection plans a detector can configure, in the order GetDetector lists them. The legacy
 * `EKS_RUNTIME_MONITORING` is the EKS-only subset of `RUNTIME_MONITORING`; a request may name only one.
 */
export const GUARDDUTY_OPTIONAL_FEATURES = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'EKS_RUNTIME_MONITORING',
  'LAMBDA_NETWORK_LOGS',
  'RUNTIME_MONITORING',
] as const;
/** One optional protection plan. */
export type GuardDutyFeature = (typeof GUARDDUTY_OPTIONAL_FEATURES)[number];

/** Foundational data sources: always on while the detector exists, reported by GetDetector. */
const FOUNDATIONAL = ['CLOUD_TRAIL', 'DNS_LOGS', 'FLOW_LOGS'] as const;

/**
 * Features that a new detector leaves off when the request does not name them. CreateDetector documents
 * the exception for RUNTIME_MONITORING; its EKS-only predecessor needs the same agent, so it is off too.
 */
const OFF_BY_DEFAULT: ReadonlySet<string> = new Set(['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING']);

/** Additional configurations each feature accepts (agent management of Runtime Monitoring). */
export const GUARDDUTY_ADDITIONAL_CONFIGURATIONS: Readonly<Record<string, readonly string[]>> = {
  RUNTIME_MONITORING: ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'],
  EKS_RUNTIME_MONITORING: ['EKS_ADDON_MANAGEMENT'],
};

const FREQUENCIES: readonly FindingPublishingFrequency[] = ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'];
const AUTO_ENABLE_VALUES: readonly OrgFeatureStatus[] = ['NEW', 'ALL', 'NONE'];
/** Members a delegated administrator can manage (guardduty_organizations.html). */
export const GUARDDUTY_MAX_MEMBERS = 50_000;
/** Account ids per member API call (CreateMembers, GetMembers, DeleteMembers, …). */
const MAX_ACCOUNTS_PER_CALL = 50;
/** Largest page of every GuardDuty list API. */
const MAX_PAGE = 50;
/** Tags per resource (ListTagsForResource documents 50). */
const MAX_TAGS = 50;

const ACCOUNT_ID = /^\d{12}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** `arn:aws:s3:::bucket` with an optional `/prefix/` (DestinationProperties). */
const S3_DESTINATION = /^arn:aws:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/;
/** A KMS key ARN (not an alias): the key must be named by ARN for findings export. */
const KMS_KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):key\/([A-Za-z0-9-]{1,64})$/;
const RESOURCE_ARN =
  /^arn:aws:guardduty:([a-z0-9-]+):(\d{12}):detector\/([0-9a-f]{32})(?:\/publishingDestination\/([0-9a-f]{32}))?$/;

/** Relationship of a member account with its administrator, as GuardDuty reports it. */
export type GuardDutyRelationship = 'Created' | 'Invited' | 'Enabled' | 'Disabled' | 'Removed' | 'Resigned';

/** State of one additional configuration (agent management) of a feature. */
export interface GuardDutyAdditionalState {
  status: FeatureStatus;
  /** Epoch ms of the last change. */
  updatedAt: number;
}

/** State of one protection plan of a detector. */
export interface GuardDutyFeatureState {
  status: FeatureStatus;
  /** Epoch ms of the last change. */
  updatedAt: number;
  /** Additional configurations by name. */
  additional: Map<string, GuardDutyAdditionalState>;
}

/** A publishing destination (findings export). */
export interface GuardDutyDestination {
  id: string;
  /** `arn:aws:s3:::bucket[/prefix]`. */
  destinationArn: string;
  kmsKeyArn: string;
  expectedBucketOwner?: string;
  /** Epoch ms when it was created or last updated (verification restarts). */
  since: number;
  clientToken?: string;
  tags: Record<string, string>;
}

/** A GuardDuty detector. */
export interface GuardDutyDetector {
  id: string;
  createdAt: number;
  updatedAt: number;
  status: 'ENABLED' | 'DISABLED';
  frequency: FindingPublishingFrequency;
  features: Map<string, GuardDutyFeatureState>;
  tags: Record<string, string>;
  destinations: Map<string, GuardDutyDestination>;
  /** ClientToken of the CreateDetector call that made it, for idempotent retries. */
  clientToken?: string;
}

/** A member account as its administrator records it. */
export interface GuardDutyMember {
  accountId: string;
  email: string;
  relationship: GuardDutyRelationship;
  /** True when the member was added through the organization rather than by invitation. */
  viaOrganization: boolean;
  invitedAt?: number;
  updatedAt: number;
}

/** GuardDuty state of one account in one Region. */
export interface GuardDutyAccountState {
  detector: GuardDutyDetector | undefined;
  /** Members, when this account is an administrator. */
  members: Map<string, GuardDutyMember>;
  /** The administrator account this account is a member of. */
  administrator: string | undefined;
}

/** Organization auto-enable setting of one feature. */
export interface GuardDutyOrgFeatureState {
  autoEnable: OrgFeatureStatus;
  /** Epoch ms of the last change of this setting. */
  setAt: number;
  additional: Map<string, { autoEnable: OrgFeatureStatus; setAt: number }>;
}

/** GuardDuty state of the organization in one Region. */
export interface GuardDutyOrgState {
  /** The delegated administrator designated in this Region. */
  admin: { accountId: string; enabledAt: number } | undefined;
  /** True once the delegated admin's detector has been provisioned after designation. */
  adminProvisioned: boolean;
  autoEnableMembers: OrgFeatureStatus;
  /** Epoch ms of the last change of {@link autoEnableMembers}. */
  autoEnableSetAt: number;
  features: Map<string, GuardDutyOrgFeatureState>;
  /**
   * Organization accounts the admin disassociated or deleted. `NEW` does not enrol them again; `ALL`
   * does (it covers "accounts that may have been removed from the organization in GuardDuty").
   */
  removed: Set<string>;
}

function newAccountState(): GuardDutyAccountState {
  return { detector: undefined, members: new Map(), administrator: undefined };
}

function newOrgState(): GuardDutyOrgState {
  return {
    admin: undefined,
    adminProvisioned: false,
    autoEnableMembers: 'NONE',
    autoEnableSetAt: 0,
    features: new Map(),
    removed: new Set(),
  };
}

/** GuardDuty state of `account` in `region` (created empty on first use). */
export function guardDutyState(world: SandboxWorld, account: string, region: string): GuardDutyAccountState {
  return world.regional(GUARDDUTY_SERVICE, account, region, newAccountState);
}

/** GuardDuty organization state of `region`, or `undefined` when no organization exists. */
export function guardDutyOrgState(world: SandboxWorld, region: string): GuardDutyOrgState | undefined {
  const org = world.organization;
  if (!org) return undefined;
  return world.regional(ORG_STATE_KEY, org.id, region, newOrgState);
}

/** Options of {@link seedGuardDutyDetector}. */
export interface SeedDetectorOptions {
  /** Feature statuses; features not named follow CreateDetector's defaults. */
  features?: Partial<Record<GuardDutyFeature, FeatureStatus>>;
  /** @default 'SIX_HOURS' */
  frequency?: FindingPublishingFrequency;
  /** @default true */
  enabled?: boolean;
  /** Epoch ms of creation. @default 0 */
  at?: number;
}

/**
 * Creates a detector directly in the world (no API call), for scenarios that start from an account where
 * GuardDuty is already on. Returns the detector; an existing detector is returned unchanged.
 */
export function seedGuardDutyDetector(
  world: SandboxWorld,
  account: string,
  region: string,
  options: SeedDetectorOptions = {},
): GuardDutyDetector {
  const st = guardDutyState(world, account, region);
  if (st.detector) return st.detector;
  const at = options.at ?? 0;
  const id = stableHexId(`${account}|${region}`);
  const detector = newDetector(id, at, (f) => options.features?.[f as GuardDutyFeature] ?? defaultStatus(f));
  detector.frequency = options.frequency ?? 'SIX_HOURS';
  detector.status = options.enabled === false ? 'DISABLED' : 'ENABLED';
  st.detector = detector;
  return detector;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function bad(message: string): ServiceException {
  return modeledError(BadRequestException, message, { status: 400 });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function hexId(ctx: CallContext): string {
  return ctx.sandbox.random.chars(32, '0123456789abcdef');
}

/** A 32-hex-digit id derived from `text` (FNV-1a with four seeds), for seeded detectors. */
function stableHexId(text: string): string {
  let out = '';
  for (const seed of [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b]) {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

function defaultStatus(feature: string): FeatureStatus {
  return OFF_BY_DEFAULT.has(feature) ? 'DISABLED' : 'ENABLED';
}

function newDetector(
  id: string,
  at: number,
  statusOf: (feature: string) => FeatureStatus,
): GuardDutyDetector {
  const features = new Map<string, GuardDutyFeatureState>();
  for (const f of GUARDDUTY_OPTIONAL_FEATURES) {
    const additional = new Map<string, GuardDutyAdditionalState>();
    for (const a of GUARDDUTY_ADDITIONAL_CONFIGURATIONS[f] ?? [])
      additional.set(a, { status: 'DISABLED', updatedAt: at });
    features.set(f, { status: statusOf(f), updatedAt: at, additional });
  }
  return {
    id,
    createdAt: at,
    updatedAt: at,
    status: 'ENABLED',
    frequency: 'SIX_HOURS',
    features,
    tags: {},
    destinations: new Map(),
  };
}

function state(ctx: CallContext, account = ctx.account): GuardDutyAccountState {
  return guardDutyState(ctx.world, account, ctx.region);
}

/** The caller's detector, checking that `detectorId` names it. */
function ownDetector(ctx: CallContext, detectorId: string | undefined): GuardDutyDetector {
  const det = state(ctx).detector;
  if (!detectorId) throw bad('The request is rejected because the detectorId is missing.');
  if (!det || det.id !== detectorId) {
    throw bad(
      `The request is rejected because the input detectorId ${detectorId} is not owned by the current account.`,
    );
  }
  return det;
}

/** The Region's delegated admin once its designation has propagated, or undefined. */
function effectiveAdmin(ctx: CallContext, os: GuardDutyOrgState | undefined): string | undefined {
  if (!os?.admin) return undefined;
  if (ctx.clock.now() < os.admin.enabledAt + ctx.propagationDelay('guardduty:admin')) return undefined;
  return os.admin.accountId;
}

/** Throws unless the caller is this Region's (propagated) delegated administrator. */
function requireAdmin(ctx: CallContext): GuardDutyOrgState {
  const os = guardDutyOrgState(ctx.world, ctx.region);
  if (!os || effectiveAdmin(ctx, os) !== ctx.account) {
    throw bad(
      `The request is rejected because account ${ctx.account} is not the GuardDuty delegated administrator ` +
        `of the organization in ${ctx.region}.`,
    );
  }
  return os;
}

function accountIds(ids: string[] | undefined): string[] {
  if (!ids || ids.length === 0) throw bad('The request is rejected because AccountIds is empty.');
  if (ids.length > MAX_ACCOUNTS_PER_CALL) {
    throw bad(`The request is rejected because AccountIds has more than ${MAX_ACCOUNTS_PER_CALL} entries.`);
  }
  return ids;
}

/**
 * True when the caller is an associated member added through the organization: such members cannot
 * suspend or delete their detector (administrator_member_relationships.html).
 */
function managedByOrganization(ctx: CallContext): boolean {
  const adminId = state(ctx).administrator;
  const m = adminId ? state(ctx, adminId).members.get(ctx.account) : undefined;
  return m !== undefined && m.viaOrganization && isAssociated(m);
}

function isAssociated(m: GuardDutyMember): boolean {
  return m.relationship === 'Enabled' || m.relationship === 'Disabled';
}

function unprocessed(accountId: string, result: string): UnprocessedAccount {
  return { AccountId: accountId, Result: result };
}

function validateTags(tags: Record<string, string> | undefined): void {
  if (tags && Object.keys(tags).length > MAX_TAGS) {
    throw bad(`The request is rejected because a resource can have at most ${MAX_TAGS} tags.`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Features

function validateFeatureNames(
  features: {
    Name?: string | undefined;
    AdditionalConfiguration?: { Name?: string | undefined }[] | undefined;
  }[],
): void {
  const names = new Set<string>();
  for (const f of features) {
    const name = f.Name ?? '';
    if (!(GUARDDUTY_OPTIONAL_FEATURES as readonly string[]).includes(name)) {
      throw bad(`The request is rejected because the feature ${name || '(none)'} is not valid.`);
    }
    if (names.has(name)) throw bad(`The request is rejected because the feature ${name} is listed twice.`);
    names.add(name);
    for (const a of f.AdditionalConfiguration ?? []) {
      if (!(GUARDDUTY_ADDITIONAL_CONFIGURATIONS[name] ?? []).includes(a.Name ?? '')) {
        throw bad(
          `The request is rejected because ${a.Name ?? '(none)'} is not an additional configuration of ${name}.`,
        );
      }
    }
  }
  // API_UpdateDetector / API_CreateDetector: naming both causes an error.
  if (names.has('EKS_RUNTIME_MONITORING') && names.has('RUNTIME_MONITORING')) {
    throw bad(
      'The request is rejected because it specifies both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING; ' +
        'Runtime Monitoring already includes EKS Runtime Monitoring.',
    );
  }
}

function validateStatus(status: string | undefined, what: string): void {
  if (status !== undefined && status !== 'ENABLED' && status !== 'DISABLED') {
    throw bad(`The request is rejected because the status ${status} of ${what} is not valid.`);
  }
}

/** Applies detector feature settings (already validated) at time `at`. */
function applyFeatures(det: GuardDutyDetector, features: DetectorFeatureConfiguration[], at: number): void {
  for (const f of features) {
    const st = det.features.get(f.Name ?? '');
    if (!st) continue;
    if (f.Status !== undefined && f.Status !== st.status) {
      st.status = f.Status;
      st.updatedAt = at;
    }
    for (const a of f.AdditionalConfiguration ?? []) {
      const ast = st.additional.get(a.Name ?? '');
      if (ast && a.Status !== undefined && a.Status !== ast.status) {
        ast.status = a.Status;
        ast.updatedAt = at;
      }
    }
  }
}

/** Legacy data sources map onto features (S3 logs, EKS audit logs, EBS malware protection). */
function dataSourcesAsFeatures(ds: DataSourceConfigurations | undefined): DetectorFeatureConfiguration[] {
  if (!ds) return [];
  const out: DetectorFeatureConfiguration[] = [];
  const status = (b: boolean | undefined): FeatureStatus => (b ? 'ENABLED' : 'DISABLED');
  if (ds.S3Logs?.Enable !== undefined) out.push({ Name: 'S3_DATA_EVENTS', Status: status(ds.S3Logs.Enable) });
  if (ds.Kubernetes?.AuditLogs?.Enable !== undefined) {
    out.push({ Name: 'EKS_AUDIT_LOGS', Status: status(ds.Kubernetes.AuditLogs.Enable) });
  }
  const ebs = ds.MalwareProtection?.ScanEc2InstanceWithFindings?.EbsVolumes;
  if (ebs !== undefined) out.push({ Name: 'EBS_MALWARE_PROTECTION', Status: status(ebs) });
  return out;
}

function featureStatus(det: GuardDutyDetector, name: string): FeatureStatus {
  return det.features.get(name)?.status ?? 'DISABLED';
}

function dataSourcesResult(det: GuardDutyDetector, account: string): DataSourceConfigurationsResult {
  return {
    CloudTrail: { Status: 'ENABLED' },
    DNSLogs: { Status: 'ENABLED' },
    FlowLogs: { Status: 'ENABLED' },
    S3Logs: { Status: featureStatus(det, 'S3_DATA_EVENTS') },
    Kubernetes: { AuditLogs: { Status: featureStatus(det, 'EKS_AUDIT_LOGS') } },
    MalwareProtection: {
      ScanEc2InstanceWithFindings: { EbsVolumes: { Status: featureStatus(det, 'EBS_MALWARE_PROTECTION') } },
      ServiceRole: serviceRole(account),
    },
  };
}

function serviceRole(account: string): string {
  return `arn:aws:iam::${account}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`;
}

function featuresResult(det: GuardDutyDetector): DetectorFeatureConfigurationResult[] {
  const out: DetectorFeatureConfigurationResult[] = FOUNDATIONAL.map((Name) => ({
    Name,
    Status: 'ENABLED' as const,
    UpdatedAt: new Date(det.createdAt),
  }));
  for (const [name, st] of det.features) {
    out.push({
      Name: name as DetectorFeatureConfigurationResult['Name'],
      Status: st.status,
      UpdatedAt: new Date(st.updatedAt),
      ...(st.additional.size > 0
        ? {
            AdditionalConfiguration: [...st.additional].map(([n, a]) => ({
              Name: n as NonNullable<DetectorFeatureConfiguration['AdditionalConfiguration']>[number]['Name'],
              Status: a.status,
              UpdatedAt: new Date(a.updatedAt),
            })),
          }
        : {}),
    });
  }
  return out;
}

/** Auto-enable setting of a feature in the organization configuration. */
function orgAutoEnable(os: GuardDutyOrgState, feature: string): OrgFeatureStatus {
  return os.features.get(feature)?.autoEnable ?? 'NONE';
}

function orgAdditionalAutoEnable(os: GuardDutyOrgState, feature: string, name: string): OrgFeatureStatus {
  return os.features.get(feature)?.additional.get(name)?.autoEnable ?? 'NONE';
}

/**
 * Applies the organization's feature settings to a member detector. A detector created for the member
 * takes every setting (`NONE` leaves a plan off); an existing one only gains the plans set to `NEW`/`ALL`.
 */
function applyOrgFeatures(det: GuardDutyDetector, os: GuardDutyOrgState, at: number, fresh: boolean): void {
  for (const [name, st] of det.features) {
    const auto = orgAutoEnable(os, name);
    const on = auto === 'NEW' || auto === 'ALL';
    if (on && st.status !== 'ENABLED') {
      st.status = 'ENABLED';
      st.updatedAt = at;
    } else if (!on && fresh && st.status !== 'DISABLED') {
      st.status = 'DISABLED';
      st.updatedAt = at;
    }
    for (const [aname, ast] of st.additional) {
      const aauto = orgAdditionalAutoEnable(os, name, aname);
      if ((aauto === 'NEW' || aauto === 'ALL') && ast.status !== 'ENABLED') {
        ast.status = 'ENABLED';
        ast.updatedAt = at;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Organization settlement (lazy propagation of designation and auto-enable)

/** Enrols an organization account as a member of `adminId` and makes sure GuardDuty runs there. */
function enrol(
  ctx: CallContext,
  os: GuardDutyOrgState,
  adminId: string,
  account: SandboxAccount,
  at: number,
  email = account.email,
): void {
  const admin = state(ctx, adminId);
  const st = state(ctx, account.id);
  if (!st.detector) {
    const det = newDetector(hexId(ctx), at, defaultStatus);
    det.frequency = admin.detector?.frequency ?? 'SIX_HOURS';
    applyOrgFeatures(det, os, at, true);
    st.detector = det;
  } else {
    applyOrgFeatures(st.detector, os, at, false);
    if (st.detector.status !== 'ENABLED') {
      st.detector.status = 'ENABLED';
      st.detector.updatedAt = at;
    }
  }
  const existing = admin.members.get(account.id);
  admin.members.set(account.id, {
    accountId: account.id,
    email: existing?.email ?? email,
    relationship: 'Enabled',
    viaOrganization: true,
    updatedAt: at,
  });
  st.administrator = adminId;
}

/**
 * Brings the Region's organization state up to date with the sandbox clock: provisions the delegated
 * admin's detector once the designation has propagated, enrols accounts covered by auto-enable, and turns
 * on protection plans set to `ALL` for existing members.
 */
function settle(ctx: CallContext): void {
  const org = ctx.world.organization;
  const os = guardDutyOrgState(ctx.world, ctx.region);
  if (!org || !os?.admin) return;
  const now = ctx.clock.now();
  const adminId = os.admin.accountId;
  const adminReadyAt = os.admin.enabledAt + ctx.propagationDelay('guardduty:admin');
  if (now < adminReadyAt) return;
  const admin = state(ctx, adminId);
  if (!os.adminProvisioned) {
    os.adminProvisioned = true;
    // guardduty_organizations.html: the designated account gets GuardDuty enabled in that Region.
    if (!admin.detector) admin.detector = newDetector(hexId(ctx), adminReadyAt, defaultStatus);
  }
  if (!admin.detector) return;
  const delay = ctx.propagationDelay('guardduty:auto-enable');
  const mode = os.autoEnableMembers;
  const allFeatures = [...os.features.entries()].filter(([, f]) => f.autoEnable === 'ALL');
  if (mode === 'NONE' && allFeatures.length === 0) return;
  for (const account of ctx.world.accounts.values()) {
    if (account.id === adminId || !ctx.world.isActiveMember(account.id)) continue;
    if (!account.enabledRegions.has(ctx.region)) continue;
    const member = admin.members.get(account.id);
    if (mode !== 'NONE' && (!member || !isAssociated(member))) {
      // NEW covers accounts that join after the setting (strictly later: an account already in the
      // organization when NEW is set is an existing account) and were never removed by the admin; ALL also
      // covers existing accounts and accounts the admin removed.
      const covered =
        mode === 'ALL' || (account.joinedAt > os.autoEnableSetAt && !member && !os.removed.has(account.id));
      const dueAt = Math.max(os.autoEnableSetAt, account.joinedAt) + delay;
      if (covered && now >= dueAt) {
        enrol(ctx, os, adminId, account, dueAt);
        os.removed.delete(account.id);
      }
      continue;
    }
    if (!member || !isAssociated(member)) continue;
    const det = state(ctx, account.id).detector;
    if (!det) continue;
    for (const [name, setting] of allFeatures) {
      const due = setting.setAt + delay;
      const st = det.features.get(name);
      if (!st || now < due) continue;
      if (st.status !== 'ENABLED' && st.updatedAt < setting.setAt) {
        st.status = 'ENABLED';
        st.updatedAt = due;
      }
      for (const [aname, asetting] of setting.additional) {
        const ast = st.additional.get(aname);
        if (
          asetting.autoEnable === 'ALL' &&
          ast &&
          ast.status !== 'ENABLED' &&
          ast.updatedAt < asetting.setAt
        ) {
          ast.status = 'ENABLED';
          ast.updatedAt = Math.max(due, asetting.setAt + delay);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Publishing destinations

/**
 * Why GuardDuty cannot export to a destination, or undefined when it can. Checked against the S3 and KMS
 * simulations (guardduty_exportfindings.html): the bucket and key exist, are in the same Region, the key is
 * enabled, the bucket belongs to `ExpectedBucketOwner` when given, the bucket policy lets
 * guardduty.amazonaws.com call `s3:GetBucketLocation` and `s3:PutObject` under the export prefix, and the
 * key policy lets it call `kms:GenerateDataKey`. GuardDuty presents the detector's account, ARN and
 * organization as `aws:SourceAccount`, `aws:SourceArn` and `aws:SourceOrgID`.
 */
function destinationProblem(
  ctx: CallContext,
  dest: GuardDutyDestination,
  detectorId: string,
): string | undefined {
  const m = S3_DESTINATION.exec(dest.destinationArn);
  if (!m) return 'The destination ARN is not valid.';
  const [, name, rawPrefix] = m as unknown as [string, string, string | undefined];
  const bucket = findBucket(ctx.world, name);
  if (!bucket) return `Bucket ${name} does not exist.`;
  if (dest.expectedBucketOwner && dest.expectedBucketOwner !== bucket.owner) {
    return `Bucket ${name} is not owned by ${dest.expectedBucketOwner}.`;
  }
  const key = resolveKey(ctx.world, ctx.account, ctx.region, dest.kmsKeyArn, ctx.clock.now());
  if (!key) return `KMS key ${dest.kmsKeyArn} does not exist.`;
  if (!keyUsable(key)) return `KMS key ${dest.kmsKeyArn} is not enabled.`;
  if (key.region !== bucket.region) return `Bucket ${name} and the KMS key are not in the same Region.`;
  const context: PolicyContext = {
    'aws:SourceAccount': ctx.account,
    'aws:SourceArn': guardDutyDetectorArn(ctx.account, ctx.region, detectorId),
    ...(ctx.world.organization ? { 'aws:SourceOrgID': ctx.world.organization.id } : {}),
  };
  const caller: PolicyCaller = { kind: 'service', service: GUARDDUTY_PRINCIPAL };
  const prefix = (rawPrefix ?? '').replace(/^\/+/, '').replace(/([^/])$/, '$1/');
  const object = `arn:aws:s3:::${name}/${prefix}AWSLogs/${ctx.account}/GuardDuty/${ctx.region}/findings.jsonl.gz`;
  const s3Context: PolicyContext = {
    ...context,
    's3:x-amz-server-side-encryption': 'aws:kms',
    's3:x-amz-server-side-encryption-aws-kms-key-id': key.arn,
  };
  if (
    !bucketPolicyAllows(ctx.world, bucket, {
      caller,
      action: 's3:GetBucketLocation',
      resource: bucketArn(name),
      context,
    })
  ) {
    return `The policy of bucket ${name} does not allow ${GUARDDUTY_PRINCIPAL} to call s3:GetBucketLocation.`;
  }
  if (
    !bucketPolicyAllows(ctx.world, bucket, {
      caller,
      action: 's3:PutObject',
      resource: object,
      context: s3Context,
    })
  ) {
    return `The policy of bucket ${name} does not allow ${GUARDDUTY_PRINCIPAL} to call s3:PutObject.`;
  }
  if (!keyPolicyAllows(key, GUARDDUTY_PRINCIPAL, 'kms:GenerateDataKey', context)) {
    return `The policy of KMS key ${key.arn} does not allow ${GUARDDUTY_PRINCIPAL} to call kms:GenerateDataKey.`;
  }
  return undefined;
}

function destinationStatus(
  ctx: CallContext,
  dest: GuardDutyDestination,
  detectorId: string,
): { status: PublishingStatus; failureStart: number } {
  const ready = dest.since + ctx.propagationDelay('guardduty:publishing');
  if (ctx.clock.now() < ready) return { status: 'PENDING_VERIFICATION', failureStart: 0 };
  if (destinationProblem(ctx, dest, detectorId)) {
    return { status: 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY', failureStart: ready };
  }
  return { status: 'PUBLISHING', failureStart: 0 };
}

function validateDestination(
  type: string | undefined,
  arn: string | undefined,
  key: string | undefined,
): void {
  if (type !== 'S3')
    throw bad(`The request is rejected because the destination type ${type ?? '(none)'} is not valid.`);
  if (!arn || !S3_DESTINATION.exec(arn)) {
    throw bad(
      `The request is rejected because the destination ARN ${arn ?? '(none)'} is not a valid S3 bucket ARN.`,
    );
  }
  if (!key || !KMS_KEY_ARN.exec(key)) {
    throw bad(
      `The request is rejected because the KMS key ARN ${key ?? '(none)'} is not a valid KMS key ARN.`,
    );
  }
}

function findDestination(det: GuardDutyDetector, id: string | undefined): GuardDutyDestination {
  const dest = id ? det.destinations.get(id) : undefined;
  if (!dest) {
    throw bad(`The request is rejected because the publishing destination ${id ?? '(none)'} does not exist.`);
  }
  return dest;
}

/** The tags object a resource ARN names, checking it belongs to the caller. */
function taggable(ctx: CallContext, arn: string | undefined): Record<string, string> {
  const m = RESOURCE_ARN.exec(arn ?? '');
  if (!m) throw bad(`The request is rejected because the resource ARN ${arn ?? '(none)'} is not valid.`);
  const [, region, account, detectorId, destinationId] = m;
  const det = state(ctx).detector;
  if (region !== ctx.region || account !== ctx.account || !det || det.id !== detectorId) {
    throw bad(`The request is rejected because the resource ${arn ?? ''} does not exist.`);
  }
  if (!destinationId) return det.tags;
  return findDestination(det, destinationId).tags;
}

// ---------------------------------------------------------------------------------------------------------
// Members

function memberOutput(ctx: CallContext, adminId: string, m: GuardDutyMember): Member {
  const det = state(ctx, m.accountId).detector;
  return {
    AccountId: m.accountId,
    ...(det && isAssociated(m) ? { DetectorId: det.id } : {}),
    MasterId: adminId,
    AdministratorId: adminId,
    Email: m.email,
    RelationshipStatus: m.relationship,
    ...(m.invitedAt !== undefined ? { InvitedAt: iso(m.invitedAt) } : {}),
    UpdatedAt: iso(m.updatedAt),
  };
}

function orgConfigIsAll(ctx: CallContext): boolean {
  const os = guardDutyOrgState(ctx.world, ctx.region);
  return os?.admin?.accountId === ctx.account && os.autoEnableMembers === 'ALL';
}

/** With auto-enable ALL, organization members cannot be disassociated, stopped or removed. */
function refuseUnderAll(ctx: CallContext, ids: string[], action: string): void {
  if (!orgConfigIsAll(ctx)) return;
  const blocked = ids.filter((id) => ctx.world.isMember(id) && state(ctx).members.get(id)?.viaOrganization);
  if (blocked.length > 0) {
    throw bad(
      `The request is rejected because auto-enable for organization members is ALL: ${action} ` +
        `${blocked.join(', ')} is not allowed while they are in the organization. Set ` +
        'AutoEnableOrganizationMembers to NEW or NONE first.',
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Organization configuration output

function orgConfigOutput(
  os: GuardDutyOrgState,
  memberCount: number,
): Out<DescribeOrganizationConfigurationCommandOutput> {
  const auto = (f: string): boolean => orgAutoEnable(os, f) !== 'NONE';
  return {
    AutoEnable: os.autoEnableMembers !== 'NONE',
    AutoEnableOrganizationMembers: os.autoEnableMembers,
    MemberAccountLimitReached: memberCount >= GUARDDUTY_MAX_MEMBERS,
    DataSources: {
      S3Logs: { AutoEnable: auto('S3_DATA_EVENTS') },
      Kubernetes: { AuditLogs: { AutoEnable: auto('EKS_AUDIT_LOGS') } },
      MalwareProtection: {
        ScanEc2InstanceWithFindings: { EbsVolumes: { AutoEnable: auto('EBS_MALWARE_PROTECTION') } },
      },
    },
    Features: GUARDDUTY_OPTIONAL_FEATURES.map((name) => {
      const additional = GUARDDUTY_ADDITIONAL_CONFIGURATIONS[name] ?? [];
      return {
        Name: name,
        AutoEnable: orgAutoEnable(os, name),
        ...(additional.length > 0
          ? {
              AdditionalConfiguration: additional.map((a) => ({
                Name: a as 'EKS_ADDON_MANAGEMENT',
                AutoEnable: orgAdditionalAutoEnable(os, name, a),
              })),
            }
          : {}),
      };
    }),
  };
}

function orgDataSourcesAsFeatures(
  ds: OrganizationDataSourceConfigurations | undefined,
): OrganizationFeatureConfiguration[] {
  if (!ds) return [];
  const auto = (b: boolean): OrgFeatureStatus => (b ? 'NEW' : 'NONE');
  const out: OrganizationFeatureConfiguration[] = [];
  if (ds.S3Logs?.AutoEnable !== undefined)
    out.push({ Name: 'S3_DATA_EVENTS', AutoEnable: auto(ds.S3Logs.AutoEnable) });
  if (ds.Kubernetes?.AuditLogs?.AutoEnable !== undefined) {
    out.push({ Name: 'EKS_AUDIT_LOGS', AutoEnable: auto(ds.Kubernetes.AuditLogs.AutoEnable) });
  }
  const ebs = ds.MalwareProtection?.ScanEc2InstanceWithFindings?.EbsVolumes?.AutoEnable;
  if (ebs !== undefined) out.push({ Name: 'EBS_MALWARE_PROTECTION', AutoEnable: auto(ebs) });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The service

/** The simulated GuardDuty service. */
export const guarddutyService = defineService({
  name: GUARDDUTY_SERVICE,
  clientName: 'GuardDutyClient',
  scope: 'regional',
  protocol: 'rest-json',
  // https://docs.aws.amazon.com/guardduty/latest/APIReference/CommonErrors.html and each API page.
  errors: { internal: 'InternalServerErrorException' },
  operations: {
    CreateDetector: (ctx, input: CreateDetectorCommandInput): Out<CreateDetectorCommandOutput> => {
      settle(ctx);
      const st = state(ctx);
      if (st.detector) {
        if (input.ClientToken && st.detector.clientToken === input.ClientToken)
          return { DetectorId: st.detector.id };
        throw bad('The request is rejected because a detector already exists for the current account.');
      }
      if (input.Enable === undefined) throw bad('The request is rejected because Enable is required.');
      if (input.FindingPublishingFrequency && !FREQUENCIES.includes(input.FindingPublishingFrequency)) {
        throw bad(
          `The request is rejected because ${input.FindingPublishingFrequency} is not a valid frequency.`,
        );
      }
      const requested = [...dataSourcesAsFeatures(input.DataSources), ...(input.Features ?? [])];
      validateFeatureNames(input.Features ?? []);
      for (const f of input.Features ?? []) validateStatus(f.Status, f.Name ?? 'feature');
      validateTags(input.Tags);
      const now = ctx.clock.now();
      const det = newDetector(hexId(ctx), now, defaultStatus);
      applyFeatures(det, requested, now);
      det.status = input.Enable ? 'ENABLED' : 'DISABLED';
      det.frequency = input.FindingPublishingFrequency ?? 'SIX_HOURS';
      det.tags = { ...(input.Tags ?? {}) };
      if (input.ClientToken) det.clientToken = input.ClientToken;
      st.detector = det;
      return { DetectorId: det.id };
    },

    DeleteDetector: (ctx, input: DeleteDetectorCommandInput): Record<string, never> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const os = guardDutyOrgState(ctx.world, ctx.region);
      const st = state(ctx);
      if (os?.admin?.accountId === ctx.account) {
        throw bad(
          'The request is rejected because the detector belongs to the GuardDuty delegated administrator; ' +
            'remove the delegated administrator first.',
        );
      }
      if ([...st.members.values()].some(isAssociated)) {
        throw bad(
          'The request is rejected because the account has associated members; disassociate them first.',
        );
      }
      if (managedByOrganization(ctx)) {
        throw bad(
          'The request is rejected because the account is a GuardDuty member managed by the organization ' +
            `administrator ${st.administrator ?? ''}; only the administrator can disable GuardDuty here.`,
        );
      }
      st.detector = undefined;
      return {};
    },

    ListDetectors: (ctx, input: ListDetectorsCommandInput): Out<ListDetectorsCommandOutput> => {
      settle(ctx);
      const det = state(ctx).detector;
      const { page, nextToken } = paginate(ctx, det ? [det.id] : [], {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_PAGE,
        limit: MAX_PAGE,
        errorName: 'BadRequestException',
      });
      return { DetectorIds: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    GetDetector: (ctx, input: GetDetectorCommandInput): Out<GetDetectorCommandOutput> => {
      settle(ctx);
      const det = ownDetector(ctx, input.DetectorId);
      return {
        CreatedAt: iso(det.createdAt),
        FindingPublishingFrequency: det.frequency,
        ServiceRole: serviceRole(ctx.account),
        Status: det.status,
        UpdatedAt: iso(det.updatedAt),
        DataSources: dataSourcesResult(det, ctx.account),
        Tags: { ...det.tags },
        Features: featuresResult(det),
      };
    },

    UpdateDetector: (ctx, input: UpdateDetectorCommandInput): Record<string, never> => {
      settle(ctx);
      const det = ownDetector(ctx, input.DetectorId);
      if (input.FindingPublishingFrequency && !FREQUENCIES.includes(input.FindingPublishingFrequency)) {
        throw bad(
          `The request is rejected because ${input.FindingPublishingFrequency} is not a valid frequency.`,
        );
      }
      validateFeatureNames(input.Features ?? []);
      for (const f of input.Features ?? []) validateStatus(f.Status, f.Name ?? 'feature');
      const st = state(ctx);
      if (input.Enable === false && managedByOrganization(ctx)) {
        throw bad(
          'The request is rejected because the account is a GuardDuty member managed by the organization ' +
            `administrator ${st.administrator ?? ''}; only the administrator can suspend GuardDuty here.`,
        );
      }
      const now = ctx.clock.now();
      applyFeatures(det, [...dataSourcesAsFeatures(input.DataSources), ...(input.Features ?? [])], now);
      if (input.Enable !== undefined) det.status = input.Enable ? 'ENABLED' : 'DISABLED';
      if (input.FindingPublishingFrequency) det.frequency = input.FindingPublishingFrequency;
      det.updatedAt = now;
      return {};
    },

    EnableOrganizationAdminAccount: (
      ctx,
      input: EnableOrganizationAdminAccountCommandInput,
    ): Record<string, never> => {
      settle(ctx);
      requireManagementAccount(ctx, 'BadRequestException');
      const org = ctx.world.organization!;
      const target = input.AdminAccountId ?? '';
      if (!ACCOUNT_ID.test(target))
        throw bad(`The request is rejected because ${target || 'AdminAccountId'} is not valid.`);
      if (org.featureSet !== 'ALL') {
        throw bad('The request is rejected because the organization does not have all features enabled.');
      }
      if (!ctx.world.isActiveMember(target)) {
        throw bad(
          `The request is rejected because account ${target} is not an active member of organization ${org.id}.`,
        );
      }
      const os = guardDutyOrgState(ctx.world, ctx.region)!;
      if (os.admin?.accountId === target) {
        throw bad(
          `The request is rejected because account ${target} is already the GuardDuty delegated administrator ` +
            `in ${ctx.region}.`,
        );
      }
      // guardduty_organizations.html: one delegated administrator per organization; a different account
      // needs the current one removed (and deregistered in Organizations) first.
      const registered = ctx.world.delegatedAdminsFor(GUARDDUTY_PRINCIPAL).filter((a) => a !== target);
      if (os.admin || registered.length > 0) {
        const current = os.admin?.accountId ?? registered[0];
        throw bad(
          `The request is rejected because account ${current} is already the GuardDuty delegated administrator ` +
            'of the organization; remove it in every Region and deregister it before designating another account.',
        );
      }
      registerServiceAdmin(ctx, GUARDDUTY_PRINCIPAL, target);
      os.admin = { accountId: target, enabledAt: ctx.clock.now() };
      os.adminProvisioned = false;
      os.autoEnableMembers = 'NONE';
      os.autoEnableSetAt = ctx.clock.now();
      os.features = new Map();
      os.removed = new Set();
      return {};
    },

    DisableOrganizationAdminAccount: (
      ctx,
      input: DisableOrganizationAdminAccountCommandInput,
    ): Record<string, never> => {
      settle(ctx);
      requireManagementAccount(ctx, 'BadRequestException');
      const os = guardDutyOrgState(ctx.world, ctx.region)!;
      const target = input.AdminAccountId ?? '';
      if (!os.admin || os.admin.accountId !== target) {
        throw bad(
          `The request is rejected because account ${target || '(none)'} is not the GuardDuty delegated ` +
            `administrator in ${ctx.region}.`,
        );
      }
      const remaining = state(ctx, target).members.size;
      if (remaining > 0) {
        // change-guardduty-delegated-admin.html: disassociate and delete every member first.
        throw bad(
          `The request is rejected because the delegated administrator ${target} still has ${remaining} ` +
            'member account(s) in this Region; disassociate and delete them first.',
        );
      }
      // Deregistration in Organizations is a separate step (DeregisterDelegatedAdministrator).
      os.admin = undefined;
      os.adminProvisioned = false;
      os.autoEnableMembers = 'NONE';
      os.autoEnableSetAt = ctx.clock.now();
      os.features = new Map();
      return {};
    },

    ListOrganizationAdminAccounts: (
      ctx,
      input: ListOrganizationAdminAccountsCommandInput,
    ): Out<ListOrganizationAdminAccountsCommandOutput> => {
      settle(ctx);
      requireManagementAccount(ctx, 'BadRequestException');
      const os = guardDutyOrgState(ctx.world, ctx.region);
      const admins: AdminAccount[] = os?.admin
        ? [{ AdminAccountId: os.admin.accountId, AdminStatus: 'ENABLED' }]
        : [];
      const { page, nextToken } = paginate(ctx, admins, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_PAGE,
        limit: MAX_PAGE,
        errorName: 'BadRequestException',
      });
      return { AdminAccounts: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    DescribeOrganizationConfiguration: (
      ctx,
      input: DescribeOrganizationConfigurationCommandInput,
    ): Out<DescribeOrganizationConfigurationCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const os = requireAdmin(ctx);
      return orgConfigOutput(os, state(ctx).members.size);
    },

    UpdateOrganizationConfiguration: (
      ctx,
      input: UpdateOrganizationConfigurationCommandInput,
    ): Record<string, never> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const os = requireAdmin(ctx);
      const hasLegacy = input.AutoEnable !== undefined;
      const hasNew = input.AutoEnableOrganizationMembers !== undefined;
      if (hasLegacy === hasNew) {
        throw bad(
          'The request is rejected because exactly one of AutoEnable and AutoEnableOrganizationMembers must be given.',
        );
      }
      const mode: OrgFeatureStatus = hasNew
        ? input.AutoEnableOrganizationMembers!
        : input.AutoEnable
          ? 'NEW'
          : 'NONE';
      if (!AUTO_ENABLE_VALUES.includes(mode)) {
        throw bad(`The request is rejected because ${mode} is not a valid auto-enable value.`);
      }
      const features = [...orgDataSourcesAsFeatures(input.DataSources), ...(input.Features ?? [])];
      validateFeatureNames(input.Features ?? []);
      for (const f of features) {
        if (f.AutoEnable !== undefined && !AUTO_ENABLE_VALUES.includes(f.AutoEnable)) {
          throw bad(`The request is rejected because ${f.AutoEnable} is not a valid auto-enable value.`);
        }
        for (const a of f.AdditionalConfiguration ?? []) {
          if (a.AutoEnable !== undefined && !AUTO_ENABLE_VALUES.includes(a.AutoEnable)) {
            throw bad(`The request is rejected because ${a.AutoEnable} is not a valid auto-enable value.`);
          }
        }
      }
      const now = ctx.clock.now();
      if (mode !== os.autoEnableMembers) {
        os.autoEnableMembers = mode;
        os.autoEnableSetAt = now;
      }
      for (const f of features) {
        const name = f.Name ?? '';
        let fs = os.features.get(name);
        if (!fs) {
          fs = { autoEnable: 'NONE', setAt: now, additional: new Map() };
          os.features.set(name, fs);
        }
        if (f.AutoEnable !== undefined && f.AutoEnable !== fs.autoEnable) {
          fs.autoEnable = f.AutoEnable;
          fs.setAt = now;
        }
        for (const a of f.AdditionalConfiguration ?? []) {
          const prev = fs.additional.get(a.Name ?? '');
          if (a.AutoEnable !== undefined && a.AutoEnable !== prev?.autoEnable) {
            fs.additional.set(a.Name ?? '', { autoEnable: a.AutoEnable, setAt: now });
          }
        }
      }
      settle(ctx);
      return {};
    },

    CreateMembers: (ctx, input: CreateMembersCommandInput): Out<CreateMembersCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const details: AccountDetail[] = input.AccountDetails ?? [];
      if (details.length === 0) throw bad('The request is rejected because AccountDetails is empty.');
      if (details.length > MAX_ACCOUNTS_PER_CALL) {
        throw bad(
          `The request is rejected because AccountDetails has more than ${MAX_ACCOUNTS_PER_CALL} entries.`,
        );
      }
      const os = guardDutyOrgState(ctx.world, ctx.region);
      const isAdmin = os !== undefined && effectiveAdmin(ctx, os) === ctx.account;
      const st = state(ctx);
      const out: UnprocessedAccount[] = [];
      const now = ctx.clock.now();
      for (const d of details) {
        const id = d.AccountId ?? '';
        if (!ACCOUNT_ID.test(id)) {
          out.push(unprocessed(id, 'The account ID is not valid.'));
          continue;
        }
        if (!d.Email || !EMAIL.test(d.Email)) {
          out.push(unprocessed(id, 'The email address is not valid.'));
          continue;
        }
        if (id === ctx.account) {
          out.push(unprocessed(id, 'The account cannot be added as a member of itself.'));
          continue;
        }
        const existing = st.members.get(id);
        if (existing && isAssociated(existing)) {
          out.push(unprocessed(id, 'The account is already a member of the current administrator account.'));
          continue;
        }
        const other = state(ctx, id).administrator;
        if (other && other !== ctx.account && state(ctx, other).members.has(id)) {
          out.push(unprocessed(id, `The account is already associated with administrator account ${other}.`));
          continue;
        }
        if (!existing && st.members.size >= GUARDDUTY_MAX_MEMBERS) {
          out.push(
            unprocessed(id, `The administrator account already has ${GUARDDUTY_MAX_MEMBERS} members.`),
          );
          continue;
        }
        const account = ctx.world.account(id);
        if (isAdmin && account && ctx.world.isMember(id)) {
          if (!ctx.world.isActiveMember(id)) {
            out.push(unprocessed(id, 'The organization account is suspended.'));
            continue;
          }
          if (!account.enabledRegions.has(ctx.region)) {
            out.push(unprocessed(id, `The account has not enabled ${ctx.region}.`));
            continue;
          }
          // API_CreateMembers: the delegated admin's CreateMembers enables GuardDuty in the member and
          // applies the organization's auto-enable settings to it.
          enrol(ctx, os!, ctx.account, account, now, d.Email);
          continue;
        }
        // Outside the organization (or not the delegated admin): the invitation flow starts at Created.
        st.members.set(id, {
          accountId: id,
          email: d.Email,
          relationship: 'Created',
          viaOrganization: false,
          updatedAt: now,
        });
      }
      return { UnprocessedAccounts: out };
    },

    ListMembers: (ctx, input: ListMembersCommandInput): Out<ListMembersCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const only = input.OnlyAssociated ?? 'true';
      if (only !== 'true' && only !== 'false') {
        throw bad(`The request is rejected because OnlyAssociated must be "true" or "false", not ${only}.`);
      }
      const members = [...state(ctx).members.values()]
        .filter((m) => only === 'false' || isAssociated(m))
        .sort((a, b) => a.accountId.localeCompare(b.accountId));
      const { page, nextToken } = paginate(ctx, members, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_PAGE,
        limit: MAX_PAGE,
        errorName: 'BadRequestException',
      });
      return {
        Members: page.map((m) => memberOutput(ctx, ctx.account, m)),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    GetMembers: (ctx, input: GetMembersCommandInput): Out<GetMembersCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const st = state(ctx);
      const members: Member[] = [];
      const out: UnprocessedAccount[] = [];
      for (const id of accountIds(input.AccountIds)) {
        const m = st.members.get(id);
        if (m) members.push(memberOutput(ctx, ctx.account, m));
        else out.push(unprocessed(id, 'The account is not a member of the current administrator account.'));
      }
      return { Members: members, UnprocessedAccounts: out };
    },

    DisassociateMembers: (
      ctx,
      input: DisassociateMembersCommandInput,
    ): Out<DisassociateMembersCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const ids = accountIds(input.AccountIds);
      refuseUnderAll(ctx, ids, 'disassociating');
      const st = state(ctx);
      const out: UnprocessedAccount[] = [];
      for (const id of ids) {
        const m = st.members.get(id);
        if (!m) {
          out.push(unprocessed(id, 'The account is not a member of the current administrator account.'));
          continue;
        }
        // The member keeps GuardDuty enabled and becomes a standalone account.
        if (m.viaOrganization) guardDutyOrgState(ctx.world, ctx.region)?.removed.add(id);
        m.relationship = 'Removed';
        m.updatedAt = ctx.clock.now();
        const mst = state(ctx, id);
        if (mst.administrator === ctx.account) mst.administrator = undefined;
      }
      return { UnprocessedAccounts: out };
    },

    DeleteMembers: (ctx, input: DeleteMembersCommandInput): Out<DeleteMembersCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const ids = accountIds(input.AccountIds);
      refuseUnderAll(ctx, ids, 'deleting');
      const st = state(ctx);
      const out: UnprocessedAccount[] = [];
      for (const id of ids) {
        const m = st.members.get(id);
        if (!m) {
          out.push(unprocessed(id, 'The account is not a member of the current administrator account.'));
          continue;
        }
        if (isAssociated(m)) {
          // delete-member-accounts-guardduty-organization.html: only disassociated members can be deleted.
          out.push(unprocessed(id, 'The member account must be disassociated before it can be deleted.'));
          continue;
        }
        st.members.delete(id);
      }
      return { UnprocessedAccounts: out };
    },

    StartMonitoringMembers: (
      ctx,
      input: StartMonitoringMembersCommandInput,
    ): Out<StartMonitoringMembersCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      return { UnprocessedAccounts: setMonitoring(ctx, accountIds(input.AccountIds), true) };
    },

    StopMonitoringMembers: (
      ctx,
      input: StopMonitoringMembersCommandInput,
    ): Out<StopMonitoringMembersCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const ids = accountIds(input.AccountIds);
      refuseUnderAll(ctx, ids, 'stopping monitoring of');
      return { UnprocessedAccounts: setMonitoring(ctx, ids, false) };
    },

    GetMemberDetectors: (
      ctx,
      input: GetMemberDetectorsCommandInput,
    ): Out<GetMemberDetectorsCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const st = state(ctx);
      const configs: MemberDataSourceConfiguration[] = [];
      const out: UnprocessedAccount[] = [];
      for (const id of accountIds(input.AccountIds)) {
        const m = st.members.get(id);
        const det = state(ctx, id).detector;
        if (!m || !isAssociated(m) || !det) {
          out.push(
            unprocessed(id, 'The account is not an associated member of the current administrator account.'),
          );
          continue;
        }
        configs.push({
          AccountId: id,
          DataSources: dataSourcesResult(det, id),
          Features: [...det.features].map(([name, f]) => ({
            Name: name as GuardDutyFeature,
            Status: f.status,
            UpdatedAt: new Date(f.updatedAt),
            ...(f.additional.size > 0
              ? {
                  AdditionalConfiguration: [...f.additional].map(([n, a]) => ({
                    Name: n as 'EKS_ADDON_MANAGEMENT',
                    Status: a.status,
                    UpdatedAt: new Date(a.updatedAt),
                  })),
                }
              : {}),
          })),
        });
      }
      return { MemberDataSourceConfigurations: configs, UnprocessedAccounts: out };
    },

    UpdateMemberDetectors: (
      ctx,
      input: UpdateMemberDetectorsCommandInput,
    ): Out<UpdateMemberDetectorsCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const ids = accountIds(input.AccountIds);
      validateFeatureNames(input.Features ?? []);
      for (const f of input.Features ?? []) validateStatus(f.Status, f.Name ?? 'feature');
      const st = state(ctx);
      const out: UnprocessedAccount[] = [];
      const now = ctx.clock.now();
      for (const id of ids) {
        const m = st.members.get(id);
        const det = state(ctx, id).detector;
        if (!m || !isAssociated(m) || !det) {
          out.push(
            unprocessed(id, 'The account is not an associated member of the current administrator account.'),
          );
          continue;
        }
        applyFeatures(det, [...dataSourcesAsFeatures(input.DataSources), ...(input.Features ?? [])], now);
        det.updatedAt = now;
      }
      return { UnprocessedAccounts: out };
    },

    GetAdministratorAccount: (
      ctx,
      input: GetAdministratorAccountCommandInput,
    ): Out<GetAdministratorAccountCommandOutput> => {
      settle(ctx);
      ownDetector(ctx, input.DetectorId);
      const adminId = state(ctx).administrator;
      const m = adminId ? state(ctx, adminId).members.get(ctx.account) : undefined;
      // API_GetAdministratorAccount: administrators and standalone accounts get an empty answer.
      if (!adminId || !m) return {} as Out<GetAdministratorAccountCommandOutput>;
      return {
        Administrator: {
          AccountId: adminId,
          RelationshipStatus: m.relationship,
          ...(m.invitedAt !== undefined ? { InvitedAt: iso(m.invitedAt) } : {}),
        },
      };
    },

    CreatePublishingDestination: (
      ctx,
      input: CreatePublishingDestinationCommandInput,
    ): Out<CreatePublishingDestinationCommandOutput> => {
      settle(ctx);
      const det = ownDetector(ctx, input.DetectorId);
      if (input.ClientToken) {
        const same = [...det.destinations.values()].find((d) => d.clientToken === input.ClientToken);
        if (same) return { DestinationId: same.id };
      }
      const props = input.DestinationProperties;
      validateDestination(input.DestinationType, props?.DestinationArn, props?.KmsKeyArn);
      validateTags(input.Tags);
      if (props?.ExpectedBucketOwner !== undefined && !ACCOUNT_ID.test(props.ExpectedBucketOwner)) {
        throw bad('The request is rejected because ExpectedBucketOwner is not a valid account ID.');
      }
      if (det.destinations.size > 0) {
        // The console and API export findings to one S3 destination per detector.
        throw bad('The request is rejected because the detector already has a publishing destination.');
      }
      const dest: GuardDutyDestination = {
        id: hexId(ctx),
        destinationArn: props!.DestinationArn!,
        kmsKeyArn: props!.KmsKeyArn!,
        ...(props?.ExpectedBucketOwner ? { expectedBucketOwner: props.ExpectedBucketOwner } : {}),
        since: ctx.clock.now(),
        ...(input.ClientToken ? { clientToken: input.ClientToken } : {}),
        tags: { ...(input.Tags ?? {}) },
      };
      det.destinations.set(dest.id, dest);
      return { DestinationId: dest.id };
    },

    DescribePublishingDestination: (
      ctx,
      input: DescribePublishingDestinationCommandInput,
    ): Out<DescribePublishingDestinationCommandOutput> => {
      settle(ctx);
      const det = ownDetector(ctx, input.DetectorId);
      const dest = findDestination(det, input.DestinationId);
      const { status, failureStart } = destinationStatus(ctx, dest, det.id);
      return {
        DestinationId: dest.id,
        DestinationType: 'S3',
        Status: status,
        PublishingFailureStartTimestamp: failureStart,
        DestinationProperties: {
          DestinationArn: dest.destinationArn,
          KmsKeyArn: dest.kmsKeyArn,
          ...(dest.expectedBucketOwner ? { ExpectedBucketOwner: dest.expectedBucketOwner } : {}),
        },
        Tags: { ...dest.tags },
      };
    },

    UpdatePublishingDestination: (
      ctx,
      input: UpdatePublishingDestinationCommandInput,
    ): Record<string, never> => {
      settle(ctx);
      const det = ownDetector(ctx, input.DetectorId);
      const dest = findDestination(det, input.DestinationId);
      const props = input.DestinationProperties;
      const arn = props?.DestinationArn ?? dest.destinationArn;
      const key = props?.KmsKeyArn ?? dest.kmsKeyArn;
      validateDestination('S3', arn, key);
      dest.destinationArn = arn;
      dest.kmsKeyArn = key;
      if (props?.ExpectedBucketOwner !== undefined) dest.expectedBucketOwner = props.ExpectedBucketOwner;
      dest.since = ctx.clock.now();
      return {};
    },

    ListPublishingDestinations: (
      ctx,
      input: ListPublishingDestinationsCommandInput,
    ): Out<ListPublishingDestinationsCommandOutput> => {
      settle(ctx);
      const det = ownDetector(ctx, input.DetectorId);
      const { page, nextToken } = paginate(ctx, [...det.destinations.values()], {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: MAX_PAGE,
        limit: MAX_PAGE,
        errorName: 'BadRequestException',
      });
      return {
        Destinations: page.map((d) => ({
          DestinationId: d.id,
          DestinationType: 'S3' as const,
          Status: destinationStatus(ctx, d, det.id).status,
        })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    DeletePublishingDestination: (
      ctx,
      input: DeletePublishingDestinationCommandInput,
    ): Record<string, never> => {
      settle(ctx);
      const det = ownDetector(ctx, input.DetectorId);
      findDestination(det, input.DestinationId);
      det.destinations.delete(input.DestinationId!);
      return {};
    },

    ListTagsForResource: (
      ctx,
      input: ListTagsForResourceCommandInput,
    ): Out<ListTagsForResourceCommandOutput> => {
      settle(ctx);
      return { Tags: { ...taggable(ctx, input.ResourceArn) } };
    },

    TagResource: (ctx, input: TagResourceCommandInput): Record<string, never> => {
      settle(ctx);
      const tags = taggable(ctx, input.ResourceArn);
      const merged = { ...tags, ...(input.Tags ?? {}) };
      validateTags(merged);
      Object.assign(tags, input.Tags ?? {});
      return {};
    },

    UntagResource: (ctx, input: UntagResourceCommandInput): Record<string, never> => {
      settle(ctx);
      const tags = taggable(ctx, input.ResourceArn);
      for (const k of input.TagKeys ?? []) delete tags[k];
      return {};
    },
  },
});

function setMonitoring(ctx: CallContext, ids: string[], on: boolean): UnprocessedAccount[] {
  const st = state(ctx);
  const out: UnprocessedAccount[] = [];
  const now = ctx.clock.now();
  for (const id of ids) {
    const m = st.members.get(id);
    const det = state(ctx, id).detector;
    if (!m || !isAssociated(m) || !det) {
      out.push(
        unprocessed(id, 'The account is not an associated member of the current administrator account.'),
      );
      continue;
    }
    m.relationship = on ? 'Enabled' : 'Disabled';
    m.updatedAt = now;
    det.status = on ? 'ENABLED' : 'DISABLED';
    det.updatedAt = now;
  }
  return out;
}

/** ARN of a detector, for tagging calls (exported for scenario builders and tests). */
export function guardDutyDetectorArn(account: string, region: string, detectorId: string): string {
  return `arn:aws:guardduty:${region}:${account}:detector/${detectorId}`;
}
