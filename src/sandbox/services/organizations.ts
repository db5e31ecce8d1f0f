/**
 * AWS Organizations in the sandbox: the organization, its root, OUs and accounts, policy types and
 * policies (SCPs, RCPs and the management policy types) with their attachments, trusted access and
 * delegated administrators, and tags. The organization itself lives in `world.organization` (shared
 * with every other simulated service); this module owns the API rules around it.
 *
 * Documentation followed (API reference pages of each operation, plus):
 * - https://docs.aws.amazon.com/organizations/latest/APIReference/Welcome.html
 * - https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html
 * - https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * - https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 * - https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 * - https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-delegated-admin.html
 *
 * Who may call what: read APIs are answered for the management account and for member accounts that
 * are a delegated administrator of any service ("called only from the organization's management
 * account or by a member account that is a delegated administrator for an AWS service", as the
 * ListAccounts reference page puts it); writes only for the management account. Organizations'
 * own resource-based delegation policy (PutResourcePolicy) is not simulated.
 *
 * Propagation keys honoured:
 * - `organizations:policy-type` — EnablePolicyType/DisablePolicyType are asynchronous: for this many
 *   ms ListRoots reports the type as `PENDING_ENABLE`/`PENDING_DISABLE` before `ENABLED`/gone.
 */
import {
  AccessDeniedException,
  AccountAlreadyRegisteredException,
  AccountNotFoundException,
  AccountNotRegisteredException,
  AlreadyInOrganizationException,
  AWSOrganizationsNotInUseException,
  ChildNotFoundException,
  ConstraintViolationException,
  DestinationParentNotFoundException,
  DuplicateAccountException,
  DuplicateOrganizationalUnitException,
  DuplicatePolicyAttachmentException,
  DuplicatePolicyException,
  HandshakeConstraintViolationException,
  InvalidInputException,
  MalformedPolicyDocumentException,
  OrganizationalUnitNotEmptyException,
  OrganizationalUnitNotFoundException,
  ParentNotFoundException,
  PolicyInUseException,
  PolicyNotAttachedException,
  PolicyNotFoundException,
  PolicyTypeAlreadyEnabledException,
  PolicyTypeNotAvailableForOrganizationException,
  PolicyTypeNotEnabledException,
  RootNotFoundException,
  SourceParentNotFoundException,
  TargetNotFoundException,
  type Account,
  type AttachPolicyCommandInput,
  type ConstraintViolationExceptionReason,
  type CreateOrganizationCommandInput,
  type CreateOrganizationCommandOutput,
  type CreateOrganizationalUnitCommandInput,
  type CreateOrganizationalUnitCommandOutput,
  type CreatePolicyCommandInput,
  type CreatePolicyCommandOutput,
  type DelegatedAdministrator,
  type DeleteOrganizationalUnitCommandInput,
  type DeletePolicyCommandInput,
  type DeregisterDelegatedAdministratorCommandInput,
  type DescribeAccountCommandInput,
  type DescribeAccountCommandOutput,
  type DescribeOrganizationCommandOutput,
  type DescribeOrganizationalUnitCommandInput,
  type DescribeOrganizationalUnitCommandOutput,
  type DescribePolicyCommandInput,
  type DescribePolicyCommandOutput,
  type DetachPolicyCommandInput,
  type DisableAWSServiceAccessCommandInput,
  type DisablePolicyTypeCommandInput,
  type DisablePolicyTypeCommandOutput,
  type EnableAWSServiceAccessCommandInput,
  type EnableAllFeaturesCommandOutput,
  type EnablePolicyTypeCommandInput,
  type EnablePolicyTypeCommandOutput,
  type InvalidInputExceptionReason,
  type ListAccountsCommandInput,
  type ListAccountsCommandOutput,
  type ListAccountsForParentCommandInput,
  type ListAccountsForParentCommandOutput,
  type ListAWSServiceAccessForOrganizationCommandInput,
  type ListAWSServiceAccessForOrganizationCommandOutput,
  type ListChildrenCommandInput,
  type ListChildrenCommandOutput,
  type ListDelegatedAdministratorsCommandInput,
  type ListDelegatedAdministratorsCommandOutput,
  type ListDelegatedServicesForAccountCommandInput,
  type ListDelegatedServicesForAccountCommandOutput,
  type ListOrganizationalUnitsForParentCommandInput,
  type ListOrganizationalUnitsForParentCommandOutput,
  type ListParentsCommandInput,
  type ListParentsCommandOutput,
  type ListPoliciesCommandInput,
  type ListPoliciesCommandOutput,
  type ListPoliciesForTargetCommandInput,
  type ListPoliciesForTargetCommandOutput,
  type ListRootsCommandInput,
  type ListRootsCommandOutput,
  type ListTagsForResourceCommandInput,
  type ListTagsForResourceCommandOutput,
  type ListTargetsForPolicyCommandInput,
  type ListTargetsForPolicyCommandOutput,
  type MoveAccountCommandInput,
  type OrganizationalUnit,
  type Policy,
  type PolicySummary,
  type PolicyTypeSummary,
  type RegisterDelegatedAdministratorCommandInput,
  type Root,
  type Tag,
  type TagResourceCommandInput,
  type UntagResourceCommandInput,
  type UpdateOrganizationalUnitCommandInput,
  type UpdateOrganizationalUnitCommandOutput,
  type UpdatePolicyCommandInput,
  type UpdatePolicyCommandOutput,
} from '@aws-sdk/client-organizations';
import { defineService, type CallContext } from '../core/service.js';
import { modeledError, type ModeledExceptionClass } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import type { ServiceException } from '@smithy/smithy-client';
import type {
  PolicyType,
  SandboxAccount,
  SandboxOrganization,
  SandboxOu,
  SandboxPolicy,
  SandboxWorld,
} from '../core/state.js';
import { DEFAULT_ENABLED_REGIONS } from '../core/world-builder.js';

type Out<T> = Omit<T, '$metadata'>;

/** Id of the AWS-managed SCP that allows everything; attached everywhere when SCPs are enabled. */
export const FULL_AWS_ACCESS_POLICY_ID = 'p-FullAWSAccess';
/** Id of the AWS-managed RCP that allows everything; attached everywhere when RCPs are enabled. */
export const RCP_FULL_AWS_ACCESS_POLICY_ID = 'p-RCPFullAWSAccess';

/** Every policy type Organizations knows, as the SDK enumerates them. */
export const POLICY_TYPES: readonly PolicyType[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'BACKUP_POLICY',
  'TAG_POLICY',
  'CHATBOT_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'SECURITYHUB_POLICY',
  'SECURITYHUB_CSPM_POLICY',
  'GUARDDUTY_POLICY',
  'INSPECTOR_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
  'BEDROCK_POLICY',
  'S3_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
];

/**
 * Maximum policy document size by type, in characters. Types not listed use 10,000 characters.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export const POLICY_SIZE_LIMITS: Readonly<Partial<Record<PolicyType, number>>> = {
  SERVICE_CONTROL_POLICY: 5120,
  RESOURCE_CONTROL_POLICY: 5120,
  AISERVICES_OPT_OUT_POLICY: 2500,
};
const DEFAULT_POLICY_SIZE_LIMIT = 10_000;

/**
 * Most policies of one type attached directly to one root, OU or account (authorization policies;
 * the AWS-managed default counts). https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export const MAX_ATTACHMENTS_PER_TARGET: Readonly<Partial<Record<PolicyType, number>>> = {
  SERVICE_CONTROL_POLICY: 5,
  RESOURCE_CONTROL_POLICY: 5,
};

/** OUs can be nested at most this many levels under the root. */
export const MAX_OU_DEPTH = 5;
/** Most OUs in an organization. */
export const MAX_OUS = 2000;
/** Most tags on one Organizations resource. */
export const MAX_TAGS = 50;

/**
 * Service principals that support trusted access with Organizations (the ones sra-kit and its
 * scenarios use, plus the common others). An unknown principal fails with
 * `InvalidInputException` / `UNRECOGNIZED_SERVICE_PRINCIPAL`, as a typo does in AWS.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html
 */
export const TRUSTED_SERVICE_PRINCIPALS: ReadonlySet<string> = new Set([
  'access-analyzer.amazonaws.com',
  'account.amazonaws.com',
  'auditmanager.amazonaws.com',
  'aws-artifact-account-sync.amazonaws.com',
  'backup.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'compute-optimizer.amazonaws.com',
  'config.amazonaws.com',
  'config-multiaccountsetup.amazonaws.com',
  'controltower.amazonaws.com',
  'detective.amazonaws.com',
  'ds.amazonaws.com',
  'fms.amazonaws.com',
  'guardduty.amazonaws.com',
  'malware-protection.guardduty.amazonaws.com',
  'health.amazonaws.com',
  'iam.amazonaws.com',
  'inspector2.amazonaws.com',
  'ipam.amazonaws.com',
  'license-manager.amazonaws.com',
  'macie.amazonaws.com',
  'member.org.stacksets.cloudformation.amazonaws.com',
  'ram.amazonaws.com',
  'reporting.trustedadvisor.amazonaws.com',
  'securityhub.amazonaws.com',
  'securitylake.amazonaws.com',
  'security-ir.amazonaws.com',
  'servicecatalog.amazonaws.com',
  'servicequotas.amazonaws.com',
  'ssm.amazonaws.com',
  'sso.amazonaws.com',
  'storage-lens.s3.amazonaws.com',
  'tagpolicies.tag.amazonaws.com',
  'ec2.amazonaws.com',
  'network-firewall.amazonaws.com',
  'route53resolver.amazonaws.com',
]);

/**
 * Policy types that need trusted access for a service before they can be enabled (reason
 * `SERVICE_ACCESS_NOT_ENABLED`), and that block `DisableAWSServiceAccess` while enabled (reason
 * `POLICY_TYPE_ENABLED_FOR_THIS_SERVICE`); the ConstraintViolationException reference names
 * SECURITYHUB_POLICY as the example.
 */
const POLICY_TYPE_SERVICE: Readonly<Partial<Record<PolicyType, string>>> = {
  SECURITYHUB_POLICY: 'securityhub.amazonaws.com',
};

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const POLICY_ID = /^p-[0-9a-zA-Z_]{8,128}$/;
const PARENT_ID = /^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/** Organizations state that does not fit `SandboxOrganization` (kept per organization). */
interface OrgExtras {
  /** Tags of the root. */
  rootTags: Record<string, string>;
  /** Policy type → pending change and when it completes (epoch ms). */
  pending: Map<PolicyType, { status: 'PENDING_ENABLE' | 'PENDING_DISABLE'; until: number }>;
  /** Counter for generated ids. */
  ids: number;
  /** Open ENABLE_ALL_FEATURES handshake, if any. */
  allFeaturesHandshake?: string;
}

function extras(world: SandboxWorld, org: SandboxOrganization): OrgExtras {
  return world.global<OrgExtras>('organizations', `org:${org.id}`, () => ({
    rootTags: {},
    pending: new Map(),
    ids: 0,
  }));
}

function nextId(world: SandboxWorld, org: SandboxOrganization): string {
  const x = extras(world, org);
  x.ids += 1;
  return `sbx${x.ids.toString(36).padStart(5, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// World-level helpers (no API call needed): used by the handlers below and by scenario builders.
// ---------------------------------------------------------------------------------------------

/** Creates the AWS-managed default SCP and RCP in the organization if they are not there yet. */
export function ensureAwsManagedPolicies(org: SandboxOrganization): void {
  if (!org.policies.has(FULL_AWS_ACCESS_POLICY_ID)) {
    org.policies.set(FULL_AWS_ACCESS_POLICY_ID, {
      id: FULL_AWS_ACCESS_POLICY_ID,
      arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
      name: 'FullAWSAccess',
      description: 'Allows access to every operation',
      type: 'SERVICE_CONTROL_POLICY',
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
      awsManaged: true,
      targets: new Set(),
      tags: {},
    });
  }
  if (!org.policies.has(RCP_FULL_AWS_ACCESS_POLICY_ID)) {
    org.policies.set(RCP_FULL_AWS_ACCESS_POLICY_ID, {
      id: RCP_FULL_AWS_ACCESS_POLICY_ID,
      arn: 'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess',
      name: 'RCPFullAWSAccess',
      description: 'Allows access to every operation',
      type: 'RESOURCE_CONTROL_POLICY',
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      }),
      awsManaged: true,
      targets: new Set(),
      tags: {},
    });
  }
}

/** Every policy target of the organization: the root, every OU and every member account. */
export function allTargets(world: SandboxWorld, org: SandboxOrganization): string[] {
  const accounts = [...world.accounts.values()].filter((a) => world.isMember(a.id)).map((a) => a.id);
  return [org.rootId, ...org.ous.keys(), ...accounts];
}

/** The AWS-managed policy attached everywhere when `type` is enabled, if the type has one. */
function defaultPolicyFor(type: PolicyType): string | undefined {
  if (type === 'SERVICE_CONTROL_POLICY') return FULL_AWS_ACCESS_POLICY_ID;
  if (type === 'RESOURCE_CONTROL_POLICY') return RCP_FULL_AWS_ACCESS_POLICY_ID;
  return undefined;
}

/**
 * Enables a policy type in the root as `EnablePolicyType` does, without the API: SCPs attach
 * `FullAWSAccess` and RCPs `RCPFullAWSAccess` to the root, every OU and every account.
 * https://docs.aws.amazon.com/organizations/latest/userguide/enable-policy-type.html
 */
export function enablePolicyTypeInWorld(world: SandboxWorld, type: PolicyType): void {
  const org = world.organization;
  if (!org) throw new Error('sandbox: no organization');
  org.enabledPolicyTypes.add(type);
  const managed = defaultPolicyFor(type);
  if (managed) {
    ensureAwsManagedPolicies(org);
    const policy = org.policies.get(managed)!;
    for (const t of allTargets(world, org)) policy.targets.add(t);
  }
}

/** Attaches the enabled default policies (FullAWSAccess, RCPFullAWSAccess) to a new OU or account. */
export function attachDefaultPolicies(org: SandboxOrganization, targetId: string): void {
  for (const type of org.enabledPolicyTypes) {
    const managed = defaultPolicyFor(type);
    if (managed) org.policies.get(managed)?.targets.add(targetId);
  }
}

/** Input of {@link createPolicyInWorld}. */
export interface WorldPolicyInput {
  /** Policy name. */
  name: string;
  /** Policy type. */
  type: PolicyType;
  /** Policy document (JSON text). */
  content: string;
  /** Description. @default '' */
  description?: string;
  /** Targets (root, OU or account ids) to attach it to. @default none */
  targets?: string[];
}

/** Creates (and optionally attaches) a customer-managed policy without the API. Returns its id. */
export function createPolicyInWorld(world: SandboxWorld, input: WorldPolicyInput): string {
  const org = world.organization;
  if (!org) throw new Error('sandbox: no organization');
  const id = `p-${nextId(world, org)}`;
  org.policies.set(id, {
    id,
    arn: policyArn(org, input.type, id),
    name: input.name,
    description: input.description ?? '',
    type: input.type,
    content: input.content,
    awsManaged: false,
    targets: new Set(input.targets ?? []),
    tags: {},
  });
  return id;
}

/** Ids of the policies of `type` attached directly to `targetId`. */
export function policiesAttachedTo(org: SandboxOrganization, targetId: string, type: PolicyType): string[] {
  return [...org.policies.values()]
    .filter((p) => p.type === type && p.targets.has(targetId))
    .map((p) => p.id);
}

function policyArn(org: SandboxOrganization, type: PolicyType, id: string): string {
  return `arn:aws:organizations::${org.managementAccountId}:policy/${org.id}/${type.toLowerCase()}/${id}`;
}

function accountArn(org: SandboxOrganization, id: string): string {
  return `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${id}`;
}

// ---------------------------------------------------------------------------------------------
// Errors and access checks
// ---------------------------------------------------------------------------------------------

function fail<E extends ServiceException>(
  ctor: ModeledExceptionClass<E>,
  message: string,
  fields?: Record<string, unknown>,
  status = 400,
): E {
  return modeledError(ctor, message, { status, ...(fields ? { fields } : {}) });
}

function constraint(
  reason: ConstraintViolationExceptionReason,
  message: string,
): ConstraintViolationException {
  return fail(ConstraintViolationException, message, { Reason: reason });
}

function invalid(reason: InvalidInputExceptionReason, message: string): InvalidInputException {
  return fail(InvalidInputException, message, { Reason: reason });
}

/** The organization, when the caller belongs to it; `AWSOrganizationsNotInUseException` otherwise. */
function orgOf(ctx: CallContext): SandboxOrganization {
  const org = ctx.world.organization;
  if (!org || !ctx.world.isMember(ctx.account)) {
    throw fail(AWSOrganizationsNotInUseException, 'Your account is not a member of an organization.');
  }
  return org;
}

const DENIED = "You don't have permissions to access this resource.";

/** Management account only. */
function mgmtOrg(ctx: CallContext): SandboxOrganization {
  const org = orgOf(ctx);
  if (org.managementAccountId !== ctx.account) throw fail(AccessDeniedException, DENIED, undefined, 400);
  return org;
}

/** Management account or a delegated administrator of any service. */
function readerOrg(ctx: CallContext): SandboxOrganization {
  const org = orgOf(ctx);
  if (org.managementAccountId === ctx.account) return org;
  for (const admins of org.delegatedAdmins.values()) if (admins.has(ctx.account)) return org;
  throw fail(AccessDeniedException, DENIED, undefined, 400);
}

function requireAllFeatures(org: SandboxOrganization): void {
  if (org.featureSet !== 'ALL') {
    throw fail(
      PolicyTypeNotAvailableForOrganizationException,
      'This operation requires that the organization has all features enabled.',
    );
  }
}

/** Throws `UNRECOGNIZED_SERVICE_PRINCIPAL` for a principal Organizations does not integrate with. */
function requireRecognizedPrincipal(principal: string): void {
  if (!TRUSTED_SERVICE_PRINCIPALS.has(principal)) {
    throw invalid('UNRECOGNIZED_SERVICE_PRINCIPAL', `${principal} is not a recognized service principal.`);
  }
}

function required<T>(value: T | undefined | null, name: string): T {
  if (value === undefined || value === null || value === '') {
    throw invalid('INPUT_REQUIRED', `You must specify a value for ${name}.`);
  }
  return value;
}

function pattern(
  value: string,
  re: RegExp,
  name: string,
  reason: InvalidInputExceptionReason = 'INVALID_PATTERN',
): void {
  if (!re.test(value))
    throw invalid(reason, `The value '${value}' of ${name} does not match the required pattern.`);
}

function policyType(value: string | undefined, name: string): PolicyType {
  const v = required(value, name);
  if (!(POLICY_TYPES as readonly string[]).includes(v)) {
    throw invalid('INVALID_ENUM_POLICY_TYPE', `${v} is not a valid policy type.`);
  }
  return v as PolicyType;
}

/**
 * One page of a list API. MaxResults is 1–20 for every Organizations list operation.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 */
function page<T>(
  ctx: CallContext,
  items: readonly T[],
  input: { MaxResults?: number | undefined; NextToken?: string | undefined },
): { page: T[]; NextToken?: string } {
  const max = input.MaxResults;
  if (max !== undefined && max < 1) throw invalid('MIN_VALUE_EXCEEDED', 'MaxResults must be at least 1.');
  if (max !== undefined && max > 20) throw invalid('MAX_VALUE_EXCEEDED', 'MaxResults must be at most 20.');
  try {
    const r = paginate(ctx, items, {
      maxResults: max,
      nextToken: input.NextToken,
      defaultMax: 20,
      limit: 20,
    });
    return r.nextToken === undefined ? { page: r.page } : { page: r.page, NextToken: r.nextToken };
  } catch {
    throw invalid('INVALID_NEXT_TOKEN', 'The NextToken value is not valid.');
  }
}

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

function accountShape(org: SandboxOrganization, a: SandboxAccount): Account {
  return {
    Id: a.id,
    Arn: accountArn(org, a.id),
    Email: a.email,
    Name: a.name,
    Status: a.status,
    State: a.status,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: new Date(a.joinedAt),
  };
}

function ouShape(ou: SandboxOu): OrganizationalUnit {
  return { Id: ou.id, Arn: ou.arn, Name: ou.name };
}

function policySummary(p: SandboxPolicy): PolicySummary {
  return {
    Id: p.id,
    Arn: p.arn,
    Name: p.name,
    Description: p.description,
    Type: p.type,
    AwsManaged: p.awsManaged,
  };
}

function policyShape(p: SandboxPolicy): Policy {
  return { PolicySummary: policySummary(p), Content: p.content };
}

function rootPolicyTypes(ctx: CallContext, org: SandboxOrganization): PolicyTypeSummary[] {
  const x = extras(ctx.world, org);
  const now = ctx.clock.now();
  for (const [type, change] of x.pending) if (change.until <= now) x.pending.delete(type);
  const out: PolicyTypeSummary[] = [];
  for (const type of POLICY_TYPES) {
    const change = x.pending.get(type);
    if (change) out.push({ Type: type, Status: change.status });
    else if (org.enabledPolicyTypes.has(type)) out.push({ Type: type, Status: 'ENABLED' });
  }
  return out;
}

function rootShape(ctx: CallContext, org: SandboxOrganization): Root {
  return { Id: org.rootId, Arn: org.rootArn, Name: 'Root', PolicyTypes: rootPolicyTypes(ctx, org) };
}

function tagsOf(record: Record<string, string>): Tag[] {
  return Object.entries(record).map(([Key, Value]) => ({ Key, Value }));
}

function applyTags(target: Record<string, string>, tags: Tag[] | undefined): void {
  if (!tags) return;
  const next = { ...target };
  for (const t of tags) {
    const key = required(t.Key, 'Tags.Key');
    if (key.toLowerCase().startsWith('aws:')) {
      throw invalid('INVALID_SYSTEM_TAGS_PARAMETER', `Tag keys starting with 'aws:' are reserved: ${key}`);
    }
    next[key] = t.Value ?? '';
  }
  if (Object.keys(next).length > MAX_TAGS) {
    throw constraint('MAX_TAG_LIMIT_EXCEEDED', `A resource can have at most ${MAX_TAGS} tags.`);
  }
  Object.assign(target, next);
}

// ---------------------------------------------------------------------------------------------
// Tree navigation
// ---------------------------------------------------------------------------------------------

function members(ctx: CallContext): SandboxAccount[] {
  return [...ctx.world.accounts.values()].filter((a) => ctx.world.isMember(a.id));
}

function isParent(org: SandboxOrganization, id: string): boolean {
  return id === org.rootId || org.ous.has(id);
}

function ouDepth(org: SandboxOrganization, ouId: string): number {
  let depth = 0;
  let cur: string | undefined = ouId;
  while (cur && cur !== org.rootId) {
    depth++;
    cur = org.ous.get(cur)?.parentId;
  }
  return depth;
}

/** A root, OU or member account id that exists in the organization, else `TargetNotFoundException`. */
function requireTarget(
  ctx: CallContext,
  org: SandboxOrganization,
  id: string | undefined,
  name: string,
): string {
  const targetId = required(id, name);
  if (!/^(r-[0-9a-z]{4,32})$|^(\d{12})$|^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/.test(targetId)) {
    throw invalid(
      'INVALID_PATTERN_TARGET_ID',
      `The value '${targetId}' of ${name} is not a valid target id.`,
    );
  }
  const exists =
    targetId === org.rootId ||
    org.ous.has(targetId) ||
    (ACCOUNT_ID.test(targetId) && ctx.world.isMember(targetId));
  if (!exists) throw fail(TargetNotFoundException, `We can't find a target with the id ${targetId}.`);
  return targetId;
}

function requirePolicy(org: SandboxOrganization, id: string | undefined): SandboxPolicy {
  const policyId = required(id, 'PolicyId');
  pattern(policyId, POLICY_ID, 'PolicyId', 'INVALID_SYNTAX_POLICY_ID');
  ensureAwsManagedPolicies(org);
  const p = org.policies.get(policyId);
  if (!p) throw fail(PolicyNotFoundException, `We can't find a policy with the id ${policyId}.`);
  return p;
}

function requireMemberAccount(ctx: CallContext, id: string | undefined): SandboxAccount {
  const accountId = required(id, 'AccountId');
  pattern(accountId, ACCOUNT_ID, 'AccountId');
  const a = ctx.world.account(accountId);
  if (!a || !ctx.world.isMember(accountId)) {
    throw fail(
      AccountNotFoundException,
      `We can't find an account with the id ${accountId} in this organization.`,
    );
  }
  return a;
}

/**
 * Checks a policy document: JSON object, size limit of its type, and a Statement for the
 * authorization policy types.
 */
function validateContent(type: PolicyType, content: string): void {
  const limit = POLICY_SIZE_LIMITS[type] ?? DEFAULT_POLICY_SIZE_LIMIT;
  if (content.length > limit) {
    throw constraint(
      'POLICY_CONTENT_LIMIT_EXCEEDED',
      `The policy is ${content.length} characters; the maximum for ${type} is ${limit}.`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    throw fail(MalformedPolicyDocumentException, 'The provided policy document is not valid JSON.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw fail(MalformedPolicyDocumentException, 'The provided policy document must be a JSON object.');
  }
  if (type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY') {
    const statement = (doc as { Statement?: unknown }).Statement;
    if (statement === undefined || (typeof statement !== 'object' && !Array.isArray(statement))) {
      throw fail(MalformedPolicyDocumentException, 'The provided policy document is missing a Statement.');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------

/** The simulated AWS Organizations service. */
export const organizationsService = defineService({
  name: 'organizations',
  clientName: 'OrganizationsClient',
  scope: 'global',
  protocol: 'json',
  // https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html
  errors: { throttling: 'TooManyRequestsException' },
  operations: {
    // --- the organization -------------------------------------------------------------------

    DescribeOrganization: (ctx): Out<DescribeOrganizationCommandOutput> => {
      // Callable from any account in the organization.
      const org = orgOf(ctx);
      return {
        Organization: {
          Id: org.id,
          Arn: org.arn,
          FeatureSet: org.featureSet,
          MasterAccountArn: accountArn(org, org.managementAccountId),
          MasterAccountId: org.managementAccountId,
          MasterAccountEmail: org.managementAccountEmail,
          AvailablePolicyTypes: [...org.enabledPolicyTypes].map((Type) => ({ Type, Status: 'ENABLED' })),
        },
      };
    },

    CreateOrganization: (
      ctx,
      input: CreateOrganizationCommandInput,
    ): Out<CreateOrganizationCommandOutput> => {
      const world = ctx.world;
      if (world.organization) {
        if (world.isMember(ctx.account)) {
          throw fail(AlreadyInOrganizationException, 'This account is already a member of an organization.');
        }
        throw new Error(
          'sra-kit sandbox: the simulated world holds a single organization; one already exists.',
        );
      }
      const featureSet = input.FeatureSet ?? 'ALL';
      if (featureSet !== 'ALL' && featureSet !== 'CONSOLIDATED_BILLING') {
        throw invalid('INVALID_ENUM', `${String(featureSet)} is not a valid feature set.`);
      }
      const mgmt = ctx.account;
      const suffix = mgmt.slice(-4);
      const orgId = `o-${mgmt.slice(0, 10)}`;
      const rootId = `r-${suffix}`;
      let account = world.account(mgmt);
      if (!account) {
        account = {
          id: mgmt,
          name: `account-${mgmt}`,
          email: `${mgmt}@example.com`,
          status: 'ACTIVE',
          joinedMethod: 'CREATED',
          joinedAt: ctx.clock.now(),
          enabledRegions: new Set(DEFAULT_ENABLED_REGIONS),
          assumableRoles: new Set(),
          tags: {},
        };
        world.accounts.set(mgmt, account);
      }
      account.parentId = rootId;
      account.joinedMethod = 'CREATED';
      account.joinedAt = ctx.clock.now();
      const org: SandboxOrganization = {
        id: orgId,
        arn: `arn:aws:organizations::${mgmt}:organization/${orgId}`,
        featureSet,
        managementAccountId: mgmt,
        managementAccountEmail: account.email,
        rootId,
        rootArn: `arn:aws:organizations::${mgmt}:root/${orgId}/${rootId}`,
        enabledPolicyTypes: new Set(),
        ous: new Map(),
        policies: new Map(),
        trustedAccess: new Map(),
        delegatedAdmins: new Map(),
      };
      world.organization = org;
      ensureAwsManagedPolicies(org);
      // With all features, SCPs are enabled in the root at creation.
      // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganization.html
      if (featureSet === 'ALL') enablePolicyTypeInWorld(world, 'SERVICE_CONTROL_POLICY');
      return {
        Organization: {
          Id: org.id,
          Arn: org.arn,
          FeatureSet: org.featureSet,
          MasterAccountArn: accountArn(org, mgmt),
          MasterAccountId: mgmt,
          MasterAccountEmail: org.managementAccountEmail,
          AvailablePolicyTypes: [...org.enabledPolicyTypes].map((Type) => ({ Type, Status: 'ENABLED' })),
        },
      };
    },

    EnableAllFeatures: (ctx): Out<EnableAllFeaturesCommandOutput> => {
      const org = mgmtOrg(ctx);
      if (org.featureSet === 'ALL') {
        throw fail(
          HandshakeConstraintViolationException,
          'The organization has already enabled all features.',
          {
            Reason: 'ORGANIZATION_ALREADY_HAS_ALL_FEATURES',
          },
        );
      }
      // Invited accounts must approve the change through a handshake; created accounts need not.
      // The sandbox completes at once when no member joined by invitation, and otherwise leaves
      // the handshake OPEN (AcceptHandshake is not simulated).
      // https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnableAllFeatures.html
      const invited = members(ctx).filter(
        (a) => a.joinedMethod === 'INVITED' && a.id !== org.managementAccountId,
      );
      const id = `h-${nextId(ctx.world, org)}`;
      const now = ctx.now();
      const complete = invited.length === 0;
      if (complete) org.featureSet = 'ALL';
      else extras(ctx.world, org).allFeaturesHandshake = id;
      return {
        Handshake: {
          Id: id,
          Arn: `arn:aws:organizations::${org.managementAccountId}:handshake/${org.id}/enable_all_features/${id}`,
          Parties: [{ Id: org.id, Type: 'ORGANIZATION' }],
          State: complete ? 'ACCEPTED' : 'OPEN',
          Action: 'ENABLE_ALL_FEATURES',
          RequestedTimestamp: now,
          ExpirationTimestamp: new Date(now.getTime() + 90 * 24 * 3600 * 1000),
          Resources: [],
        },
      };
    },

    // --- roots, OUs, accounts --------------------------------------------------------------

    ListRoots: (ctx, input: ListRootsCommandInput): Out<ListRootsCommandOutput> => {
      const org = readerOrg(ctx);
      const r = page(ctx, [rootShape(ctx, org)], input);
      return { Roots: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    ListAccounts: (ctx, input: ListAccountsCommandInput): Out<ListAccountsCommandOutput> => {
      const org = readerOrg(ctx);
      const r = page(
        ctx,
        members(ctx).map((a) => accountShape(org, a)),
        input,
      );
      return { Accounts: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    ListAccountsForParent: (
      ctx,
      input: ListAccountsForParentCommandInput,
    ): Out<ListAccountsForParentCommandOutput> => {
      const org = readerOrg(ctx);
      const parentId = required(input.ParentId, 'ParentId');
      pattern(parentId, PARENT_ID, 'ParentId');
      if (!isParent(org, parentId))
        throw fail(ParentNotFoundException, `We can't find a parent with the id ${parentId}.`);
      const r = page(
        ctx,
        members(ctx)
          .filter((a) => a.parentId === parentId)
          .map((a) => accountShape(org, a)),
        input,
      );
      return { Accounts: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    DescribeAccount: (ctx, input: DescribeAccountCommandInput): Out<DescribeAccountCommandOutput> => {
      const org = readerOrg(ctx);
      return { Account: accountShape(org, requireMemberAccount(ctx, input.AccountId)) };
    },

    ListParents: (ctx, input: ListParentsCommandInput): Out<ListParentsCommandOutput> => {
      const org = readerOrg(ctx);
      const childId = required(input.ChildId, 'ChildId');
      pattern(childId, /^(\d{12})$|^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, 'ChildId');
      let parentId: string | undefined;
      if (org.ous.has(childId)) parentId = org.ous.get(childId)!.parentId;
      else if (ctx.world.isMember(childId)) parentId = ctx.world.account(childId)!.parentId;
      if (!parentId) throw fail(ChildNotFoundException, `We can't find a child with the id ${childId}.`);
      const r = page(
        ctx,
        [
          {
            Id: parentId,
            Type: parentId === org.rootId ? ('ROOT' as const) : ('ORGANIZATIONAL_UNIT' as const),
          },
        ],
        input,
      );
      return { Parents: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    ListChildren: (ctx, input: ListChildrenCommandInput): Out<ListChildrenCommandOutput> => {
      const org = readerOrg(ctx);
      const parentId = required(input.ParentId, 'ParentId');
      pattern(parentId, PARENT_ID, 'ParentId');
      const childType = required(input.ChildType, 'ChildType');
      if (childType !== 'ACCOUNT' && childType !== 'ORGANIZATIONAL_UNIT') {
        throw invalid('INVALID_ENUM', `${String(childType)} is not a valid ChildType.`);
      }
      if (!isParent(org, parentId))
        throw fail(ParentNotFoundException, `We can't find a parent with the id ${parentId}.`);
      const ids =
        childType === 'ACCOUNT'
          ? members(ctx)
              .filter((a) => a.parentId === parentId)
              .map((a) => a.id)
          : [...org.ous.values()].filter((o) => o.parentId === parentId).map((o) => o.id);
      const r = page(
        ctx,
        ids.map((Id) => ({ Id, Type: childType })),
        input,
      );
      return { Children: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    ListOrganizationalUnitsForParent: (
      ctx,
      input: ListOrganizationalUnitsForParentCommandInput,
    ): Out<ListOrganizationalUnitsForParentCommandOutput> => {
      const org = readerOrg(ctx);
      const parentId = required(input.ParentId, 'ParentId');
      pattern(parentId, PARENT_ID, 'ParentId');
      if (!isParent(org, parentId))
        throw fail(ParentNotFoundException, `We can't find a parent with the id ${parentId}.`);
      const r = page(ctx, [...org.ous.values()].filter((o) => o.parentId === parentId).map(ouShape), input);
      return { OrganizationalUnits: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    DescribeOrganizationalUnit: (
      ctx,
      input: DescribeOrganizationalUnitCommandInput,
    ): Out<DescribeOrganizationalUnitCommandOutput> => {
      const org = readerOrg(ctx);
      const id = required(input.OrganizationalUnitId, 'OrganizationalUnitId');
      pattern(id, OU_ID, 'OrganizationalUnitId');
      const ou = org.ous.get(id);
      if (!ou) throw fail(OrganizationalUnitNotFoundException, `We can't find an OU with the id ${id}.`);
      return { OrganizationalUnit: ouShape(ou) };
    },

    CreateOrganizationalUnit: (
      ctx,
      input: CreateOrganizationalUnitCommandInput,
    ): Out<CreateOrganizationalUnitCommandOutput> => {
      const org = mgmtOrg(ctx);
      const parentId = required(input.ParentId, 'ParentId');
      pattern(parentId, PARENT_ID, 'ParentId');
      const name = required(input.Name, 'Name');
      if (name.length > 128) throw invalid('MAX_LENGTH_EXCEEDED', 'Name must be at most 128 characters.');
      if (!isParent(org, parentId))
        throw fail(ParentNotFoundException, `We can't find a parent with the id ${parentId}.`);
      if ([...org.ous.values()].some((o) => o.parentId === parentId && o.name === name)) {
        throw fail(
          DuplicateOrganizationalUnitException,
          `An OU named ${name} already exists in ${parentId}.`,
        );
      }
      // OUs nest at most five levels under the root.
      // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
      if ((parentId === org.rootId ? 0 : ouDepth(org, parentId)) + 1 > MAX_OU_DEPTH) {
        throw constraint('OU_DEPTH_LIMIT_EXCEEDED', `OUs can be nested at most ${MAX_OU_DEPTH} levels deep.`);
      }
      if (org.ous.size >= MAX_OUS) throw constraint('OU_NUMBER_LIMIT_EXCEEDED', `At most ${MAX_OUS} OUs.`);
      const tags: Record<string, string> = {};
      applyTags(tags, input.Tags);
      const id = `ou-${org.rootId.slice(2)}-${nextId(ctx.world, org)}`;
      const ou: SandboxOu = {
        id,
        arn: `arn:aws:organizations::${org.managementAccountId}:ou/${org.id}/${id}`,
        name,
        parentId,
        tags,
      };
      org.ous.set(id, ou);
      attachDefaultPolicies(org, id);
      return { OrganizationalUnit: ouShape(ou) };
    },

    UpdateOrganizationalUnit: (
      ctx,
      input: UpdateOrganizationalUnitCommandInput,
    ): Out<UpdateOrganizationalUnitCommandOutput> => {
      const org = mgmtOrg(ctx);
      const id = required(input.OrganizationalUnitId, 'OrganizationalUnitId');
      pattern(id, OU_ID, 'OrganizationalUnitId');
      const ou = org.ous.get(id);
      if (!ou) throw fail(OrganizationalUnitNotFoundException, `We can't find an OU with the id ${id}.`);
      if (input.Name !== undefined) {
        if (input.Name.length < 1 || input.Name.length > 128) {
          throw invalid('MAX_LENGTH_EXCEEDED', 'Name must be 1 to 128 characters.');
        }
        const clash = [...org.ous.values()].some(
          (o) => o.id !== id && o.parentId === ou.parentId && o.name === input.Name,
        );
        if (clash)
          throw fail(DuplicateOrganizationalUnitException, `An OU named ${input.Name} already exists.`);
        ou.name = input.Name;
      }
      return { OrganizationalUnit: ouShape(ou) };
    },

    DeleteOrganizationalUnit: (ctx, input: DeleteOrganizationalUnitCommandInput): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const id = required(input.OrganizationalUnitId, 'OrganizationalUnitId');
      pattern(id, OU_ID, 'OrganizationalUnitId');
      if (!org.ous.has(id))
        throw fail(OrganizationalUnitNotFoundException, `We can't find an OU with the id ${id}.`);
      const hasChildren =
        [...org.ous.values()].some((o) => o.parentId === id) || members(ctx).some((a) => a.parentId === id);
      if (hasChildren) {
        throw fail(
          OrganizationalUnitNotEmptyException,
          'The specified OU is not empty. Move all accounts and remove all child OUs first.',
        );
      }
      org.ous.delete(id);
      for (const p of org.policies.values()) p.targets.delete(id);
      return {};
    },

    MoveAccount: (ctx, input: MoveAccountCommandInput): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const account = requireMemberAccount(ctx, input.AccountId);
      const source = required(input.SourceParentId, 'SourceParentId');
      const destination = required(input.DestinationParentId, 'DestinationParentId');
      pattern(source, PARENT_ID, 'SourceParentId');
      pattern(destination, PARENT_ID, 'DestinationParentId');
      // An existing parent that does not hold the account is reported like a missing one.
      if (!isParent(org, source) || account.parentId !== source) {
        throw fail(SourceParentNotFoundException, `Account ${account.id} is not in ${source}.`);
      }
      if (!isParent(org, destination)) {
        throw fail(
          DestinationParentNotFoundException,
          `We can't find a destination with the id ${destination}.`,
        );
      }
      if (destination === account.parentId) {
        throw fail(DuplicateAccountException, `Account ${account.id} is already in ${destination}.`);
      }
      account.parentId = destination;
      return {};
    },

    // --- policy types ------------------------------------------------------------------------

    EnablePolicyType: (ctx, input: EnablePolicyTypeCommandInput): Out<EnablePolicyTypeCommandOutput> => {
      const org = mgmtOrg(ctx);
      const rootId = required(input.RootId, 'RootId');
      pattern(rootId, ROOT_ID, 'RootId');
      const type = policyType(input.PolicyType, 'PolicyType');
      if (rootId !== org.rootId)
        throw fail(RootNotFoundException, `We can't find a root with the id ${rootId}.`);
      requireAllFeatures(org);
      if (org.enabledPolicyTypes.has(type)) {
        throw fail(PolicyTypeAlreadyEnabledException, `${type} is already enabled in ${rootId}.`);
      }
      const service = POLICY_TYPE_SERVICE[type];
      if (service && !org.trustedAccess.has(service)) {
        throw constraint(
          'SERVICE_ACCESS_NOT_ENABLED',
          `Enable trusted access for ${service} before enabling ${type}.`,
        );
      }
      enablePolicyTypeInWorld(ctx.world, type);
      const delay = ctx.propagationDelay('organizations:policy-type');
      const x = extras(ctx.world, org);
      if (delay > 0) x.pending.set(type, { status: 'PENDING_ENABLE', until: ctx.clock.now() + delay });
      else x.pending.delete(type);
      return { Root: rootShape(ctx, org) };
    },

    DisablePolicyType: (ctx, input: DisablePolicyTypeCommandInput): Out<DisablePolicyTypeCommandOutput> => {
      const org = mgmtOrg(ctx);
      const rootId = required(input.RootId, 'RootId');
      pattern(rootId, ROOT_ID, 'RootId');
      const type = policyType(input.PolicyType, 'PolicyType');
      if (rootId !== org.rootId)
        throw fail(RootNotFoundException, `We can't find a root with the id ${rootId}.`);
      if (!org.enabledPolicyTypes.has(type)) {
        throw fail(PolicyTypeNotEnabledException, `${type} is not enabled in ${rootId}.`);
      }
      org.enabledPolicyTypes.delete(type);
      // Disabling a type detaches every policy of that type.
      for (const p of org.policies.values()) if (p.type === type) p.targets.clear();
      const delay = ctx.propagationDelay('organizations:policy-type');
      const x = extras(ctx.world, org);
      if (delay > 0) x.pending.set(type, { status: 'PENDING_DISABLE', until: ctx.clock.now() + delay });
      else x.pending.delete(type);
      return { Root: rootShape(ctx, org) };
    },

    // --- policies ------------------------------------------------------------------------------

    CreatePolicy: (ctx, input: CreatePolicyCommandInput): Out<CreatePolicyCommandOutput> => {
      const org = mgmtOrg(ctx);
      const name = required(input.Name, 'Name');
      if (name.length > 128) throw invalid('MAX_LENGTH_EXCEEDED', 'Name must be at most 128 characters.');
      const type = policyType(input.Type, 'Type');
      const content = required(input.Content, 'Content');
      const description = input.Description ?? '';
      if (description.length > 512)
        throw invalid('MAX_LENGTH_EXCEEDED', 'Description must be at most 512 characters.');
      requireAllFeatures(org);
      validateContent(type, content);
      ensureAwsManagedPolicies(org);
      if ([...org.policies.values()].some((p) => p.type === type && p.name === name)) {
        throw fail(DuplicatePolicyException, `A policy named ${name} already exists.`);
      }
      const tags: Record<string, string> = {};
      applyTags(tags, input.Tags);
      const id = createPolicyInWorld(ctx.world, { name, type, content, description });
      const policy = org.policies.get(id)!;
      policy.tags = tags;
      return { Policy: policyShape(policy) };
    },

    UpdatePolicy: (ctx, input: UpdatePolicyCommandInput): Out<UpdatePolicyCommandOutput> => {
      const org = mgmtOrg(ctx);
      const policy = requirePolicy(org, input.PolicyId);
      if (policy.awsManaged)
        throw invalid('IMMUTABLE_POLICY', `${policy.name} is managed by AWS and can't be modified.`);
      if (input.Name !== undefined) {
        if (input.Name.length < 1 || input.Name.length > 128) {
          throw invalid('MAX_LENGTH_EXCEEDED', 'Name must be 1 to 128 characters.');
        }
        const clash = [...org.policies.values()].some(
          (p) => p.id !== policy.id && p.type === policy.type && p.name === input.Name,
        );
        if (clash) throw fail(DuplicatePolicyException, `A policy named ${input.Name} already exists.`);
      }
      if (input.Content !== undefined) validateContent(policy.type, input.Content);
      if (input.Name !== undefined) policy.name = input.Name;
      if (input.Description !== undefined) policy.description = input.Description;
      if (input.Content !== undefined) policy.content = input.Content;
      return { Policy: policyShape(policy) };
    },

    DeletePolicy: (ctx, input: DeletePolicyCommandInput): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const policy = requirePolicy(org, input.PolicyId);
      if (policy.awsManaged)
        throw invalid('IMMUTABLE_POLICY', `${policy.name} is managed by AWS and can't be deleted.`);
      if (policy.targets.size > 0) {
        throw fail(
          PolicyInUseException,
          'The policy is attached to one or more entities. Detach it from every root, OU and account first.',
        );
      }
      org.policies.delete(policy.id);
      return {};
    },

    DescribePolicy: (ctx, input: DescribePolicyCommandInput): Out<DescribePolicyCommandOutput> => {
      const org = readerOrg(ctx);
      return { Policy: policyShape(requirePolicy(org, input.PolicyId)) };
    },

    ListPolicies: (ctx, input: ListPoliciesCommandInput): Out<ListPoliciesCommandOutput> => {
      const org = readerOrg(ctx);
      const type = policyType(input.Filter, 'Filter');
      ensureAwsManagedPolicies(org);
      const r = page(
        ctx,
        [...org.policies.values()].filter((p) => p.type === type).map(policySummary),
        input,
      );
      return { Policies: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    ListPoliciesForTarget: (
      ctx,
      input: ListPoliciesForTargetCommandInput,
    ): Out<ListPoliciesForTargetCommandOutput> => {
      const org = readerOrg(ctx);
      const target = requireTarget(ctx, org, input.TargetId, 'TargetId');
      const type = policyType(input.Filter, 'Filter');
      const r = page(
        ctx,
        [...org.policies.values()].filter((p) => p.type === type && p.targets.has(target)).map(policySummary),
        input,
      );
      return { Policies: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    ListTargetsForPolicy: (
      ctx,
      input: ListTargetsForPolicyCommandInput,
    ): Out<ListTargetsForPolicyCommandOutput> => {
      const org = readerOrg(ctx);
      const policy = requirePolicy(org, input.PolicyId);
      const targets = [...policy.targets].map((id) => {
        if (id === org.rootId) return { TargetId: id, Arn: org.rootArn, Name: 'Root', Type: 'ROOT' as const };
        const ou = org.ous.get(id);
        if (ou) return { TargetId: id, Arn: ou.arn, Name: ou.name, Type: 'ORGANIZATIONAL_UNIT' as const };
        const a = ctx.world.account(id);
        return { TargetId: id, Arn: accountArn(org, id), Name: a?.name ?? id, Type: 'ACCOUNT' as const };
      });
      const r = page(ctx, targets, input);
      return { Targets: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    AttachPolicy: (ctx, input: AttachPolicyCommandInput): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const policy = requirePolicy(org, input.PolicyId);
      const target = requireTarget(ctx, org, input.TargetId, 'TargetId');
      if (!org.enabledPolicyTypes.has(policy.type)) {
        throw fail(PolicyTypeNotEnabledException, `${policy.type} is not enabled in ${org.rootId}.`);
      }
      if (policy.targets.has(target)) {
        throw fail(DuplicatePolicyAttachmentException, `${policy.id} is already attached to ${target}.`);
      }
      const max = MAX_ATTACHMENTS_PER_TARGET[policy.type];
      if (max !== undefined && policiesAttachedTo(org, target, policy.type).length >= max) {
        throw constraint(
          'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          `${target} already has ${max} policies of type ${policy.type} attached.`,
        );
      }
      policy.targets.add(target);
      return {};
    },

    DetachPolicy: (ctx, input: DetachPolicyCommandInput): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const policy = requirePolicy(org, input.PolicyId);
      const target = requireTarget(ctx, org, input.TargetId, 'TargetId');
      if (!policy.targets.has(target)) {
        throw fail(PolicyNotAttachedException, `${policy.id} is not attached to ${target}.`);
      }
      // RCPFullAWSAccess can't be detached.
      // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
      if (policy.id === RCP_FULL_AWS_ACCESS_POLICY_ID) {
        throw invalid('NON_DETACHABLE_POLICY', `You can't detach ${policy.name}.`);
      }
      // Every root, OU and account keeps at least one SCP.
      // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
      if (
        policy.type === 'SERVICE_CONTROL_POLICY' &&
        policiesAttachedTo(org, target, policy.type).length <= 1
      ) {
        throw constraint(
          'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          `${target} must keep at least one service control policy attached.`,
        );
      }
      policy.targets.delete(target);
      return {};
    },

    // --- trusted access and delegated administrators ----------------------------------------

    EnableAWSServiceAccess: (ctx, input: EnableAWSServiceAccessCommandInput): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const principal = required(input.ServicePrincipal, 'ServicePrincipal');
      requireRecognizedPrincipal(principal);
      if (org.featureSet !== 'ALL') {
        throw constraint(
          'ORGANIZATION_NOT_IN_ALL_FEATURES_MODE',
          'Trusted access needs all features enabled.',
        );
      }
      if (!org.trustedAccess.has(principal)) org.trustedAccess.set(principal, ctx.clock.now());
      return {};
    },

    DisableAWSServiceAccess: (ctx, input: DisableAWSServiceAccessCommandInput): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const principal = required(input.ServicePrincipal, 'ServicePrincipal');
      requireRecognizedPrincipal(principal);
      for (const [type, service] of Object.entries(POLICY_TYPE_SERVICE)) {
        if (service === principal && org.enabledPolicyTypes.has(type as PolicyType)) {
          throw constraint(
            'POLICY_TYPE_ENABLED_FOR_THIS_SERVICE',
            `Disable the ${type} policy type before disabling service access for ${principal}.`,
          );
        }
      }
      org.trustedAccess.delete(principal);
      return {};
    },

    ListAWSServiceAccessForOrganization: (
      ctx,
      input: ListAWSServiceAccessForOrganizationCommandInput,
    ): Out<ListAWSServiceAccessForOrganizationCommandOutput> => {
      const org = readerOrg(ctx);
      const r = page(
        ctx,
        [...org.trustedAccess.entries()].map(([ServicePrincipal, at]) => ({
          ServicePrincipal,
          DateEnabled: new Date(at),
        })),
        input,
      );
      return { EnabledServicePrincipals: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    RegisterDelegatedAdministrator: (
      ctx,
      input: RegisterDelegatedAdministratorCommandInput,
    ): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const principal = required(input.ServicePrincipal, 'ServicePrincipal');
      const account = requireMemberAccount(ctx, input.AccountId);
      requireRecognizedPrincipal(principal);
      // Only a member account can be a delegated administrator; the management account never.
      // https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
      if (account.id === org.managementAccountId) {
        throw constraint(
          'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
          'You can designate only a member account as a delegated administrator.',
        );
      }
      if (account.status !== 'ACTIVE') {
        throw constraint(
          'CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR',
          `Account ${account.id} is ${account.status}; only an active account can be a delegated administrator.`,
        );
      }
      // Trusted access first (reason SERVICE_ACCESS_NOT_ENABLED: "Call the EnableAWSServiceAccess API first").
      if (!org.trustedAccess.has(principal)) {
        throw constraint(
          'SERVICE_ACCESS_NOT_ENABLED',
          `Enable trusted access for ${principal} (EnableAWSServiceAccess) before registering a delegated administrator.`,
        );
      }
      const admins = org.delegatedAdmins.get(principal) ?? new Map<string, number>();
      if (admins.has(account.id)) {
        throw fail(
          AccountAlreadyRegisteredException,
          `Account ${account.id} is already a delegated administrator for ${principal}.`,
        );
      }
      const max = MAX_DELEGATED_ADMINS[principal];
      if (max !== undefined && admins.size >= max) {
        throw max === 1
          ? constraint(
              'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE',
              `${principal} already has a delegated administrator; deregister it first.`,
            )
          : constraint(
              'MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED',
              `${principal} allows at most ${max} delegated administrators.`,
            );
      }
      admins.set(account.id, ctx.clock.now());
      org.delegatedAdmins.set(principal, admins);
      return {};
    },

    DeregisterDelegatedAdministrator: (
      ctx,
      input: DeregisterDelegatedAdministratorCommandInput,
    ): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const principal = required(input.ServicePrincipal, 'ServicePrincipal');
      const account = requireMemberAccount(ctx, input.AccountId);
      const admins = org.delegatedAdmins.get(principal);
      if (!admins?.has(account.id)) {
        throw fail(
          AccountNotRegisteredException,
          `Account ${account.id} is not a delegated administrator for ${principal}.`,
        );
      }
      admins.delete(account.id);
      if (admins.size === 0) org.delegatedAdmins.delete(principal);
      return {};
    },

    ListDelegatedAdministrators: (
      ctx,
      input: ListDelegatedAdministratorsCommandInput,
    ): Out<ListDelegatedAdministratorsCommandOutput> => {
      const org = readerOrg(ctx);
      const first = new Map<string, number>();
      for (const [principal, admins] of org.delegatedAdmins) {
        if (input.ServicePrincipal !== undefined && principal !== input.ServicePrincipal) continue;
        for (const [id, at] of admins) first.set(id, Math.min(at, first.get(id) ?? at));
      }
      const list: DelegatedAdministrator[] = [];
      for (const [id, at] of first) {
        const a = ctx.world.account(id);
        if (!a) continue;
        list.push({ ...accountShape(org, a), DelegationEnabledDate: new Date(at) });
      }
      const r = page(ctx, list, input);
      return { DelegatedAdministrators: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    ListDelegatedServicesForAccount: (
      ctx,
      input: ListDelegatedServicesForAccountCommandInput,
    ): Out<ListDelegatedServicesForAccountCommandOutput> => {
      const org = readerOrg(ctx);
      const account = requireMemberAccount(ctx, input.AccountId);
      const services = [...org.delegatedAdmins.entries()]
        .filter(([, admins]) => admins.has(account.id))
        .map(([ServicePrincipal, admins]) => ({
          ServicePrincipal,
          DelegationEnabledDate: new Date(admins.get(account.id)!),
        }));
      if (services.length === 0) {
        throw fail(AccountNotRegisteredException, `Account ${account.id} is not a delegated administrator.`);
      }
      const r = page(ctx, services, input);
      return { DelegatedServices: r.page, ...(r.NextToken ? { NextToken: r.NextToken } : {}) };
    },

    // --- tags ------------------------------------------------------------------------------------

    ListTagsForResource: (
      ctx,
      input: ListTagsForResourceCommandInput,
    ): Out<ListTagsForResourceCommandOutput> => {
      const org = readerOrg(ctx);
      return { Tags: tagsOf(tagStore(ctx, org, input.ResourceId)) };
    },

    TagResource: (ctx, input: TagResourceCommandInput): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const store = tagStore(ctx, org, input.ResourceId);
      applyTags(store, required(input.Tags, 'Tags'));
      return {};
    },

    UntagResource: (ctx, input: UntagResourceCommandInput): Record<string, never> => {
      const org = mgmtOrg(ctx);
      const store = tagStore(ctx, org, input.ResourceId);
      for (const key of required(input.TagKeys, 'TagKeys')) delete store[key];
      return {};
    },
  },
});

/**
 * Most delegated administrators per service principal, where AWS documents a limit the sandbox
 * enforces. Services not listed accept any number (each service's own admin API has its own rules).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html
 */
export const MAX_DELEGATED_ADMINS: Readonly<Record<string, number>> = {
  'guardduty.amazonaws.com': 1,
  'securityhub.amazonaws.com': 1,
  'macie.amazonaws.com': 1,
  'inspector2.amazonaws.com': 1,
  'detective.amazonaws.com': 1,
  'securitylake.amazonaws.com': 1,
  // One per organization: https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-delegated-admin.html
  'account.amazonaws.com': 1,
  'cloudtrail.amazonaws.com': 3,
  'config.amazonaws.com': 3,
  'config-multiaccountsetup.amazonaws.com': 3,
};

/** The tag map of a root, OU, member account or policy. */
function tagStore(
  ctx: CallContext,
  org: SandboxOrganization,
  id: string | undefined,
): Record<string, string> {
  const resourceId = required(id, 'ResourceId');
  if (resourceId === org.rootId) return extras(ctx.world, org).rootTags;
  const ou = org.ous.get(resourceId);
  if (ou) return ou.tags;
  if (ACCOUNT_ID.test(resourceId) && ctx.world.isMember(resourceId))
    return ctx.world.account(resourceId)!.tags;
  if (POLICY_ID.test(resourceId)) {
    ensureAwsManagedPolicies(org);
    const p = org.policies.get(resourceId);
    if (p) return p.tags;
  }
  throw fail(TargetNotFoundException, `We can't find a resource with the id ${resourceId}.`);
}
