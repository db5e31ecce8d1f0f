/**
 * AWS IAM in the sandbox: the account password policy, the account summary, the credential report,
 * roles and service-linked roles, account aliases, users (for the credential report) and
 * centralized root access for member accounts.
 *
 * State is per account (IAM is global). The root user's MFA and access keys and the IAM users are
 * not settable through any simulated API (AWS needs the console or root credentials for most of
 * them), so scenario builders plant them with the accessors exported below.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html
 * - https://docs.aws.amazon.com/IAM/latest/UserGuide/credential-reports.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOrganizationsRootCredentialsManagement.html
 * - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
 *
 * Errors are the SDK's own modeled classes (`NoSuchEntityException`, with `Code: 'NoSuchEntity'`
 * as the query protocol's wire code), as a real client throws them. Parameter constraint failures
 * are the unmodeled `ValidationError`.
 *
 * Propagation keys honoured:
 * - `iam:credential-report` — how long GenerateCredentialReport takes; until then
 *   GetCredentialReport fails with `ReportInProgress` and GenerateCredentialReport says INPROGRESS.
 */
import {
  AccountNotManagementOrDelegatedAdministratorException,
  CallerIsNotManagementAccountException,
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  DeleteConflictException,
  EntityAlreadyExistsException,
  InvalidInputException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  OrganizationNotFoundException,
  OrganizationNotInAllFeaturesModeException,
  ServiceAccessNotEnabledException,
  UnmodifiableEntityException,
  type AttachRolePolicyCommandInput,
  type CreateRoleCommandInput,
  type CreateRoleCommandOutput,
  type CreateServiceLinkedRoleCommandInput,
  type CreateServiceLinkedRoleCommandOutput,
  type DeleteRoleCommandInput,
  type DeleteRolePolicyCommandInput,
  type GetRolePolicyCommandInput,
  type GetRolePolicyCommandOutput,
  type PutRolePolicyCommandInput,
  type DetachRolePolicyCommandInput,
  type FeatureType,
  type GenerateCredentialReportCommandOutput,
  type GetAccountAuthorizationDetailsCommandInput,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GetAccountPasswordPolicyCommandOutput,
  type GetAccountSummaryCommandOutput,
  type GetCredentialReportCommandOutput,
  type GetRoleCommandInput,
  type GetRoleCommandOutput,
  type ListAccountAliasesCommandInput,
  type ListAccountAliasesCommandOutput,
  type ListOrganizationsFeaturesCommandOutput,
  type ListRolesCommandInput,
  type ListRolesCommandOutput,
  type ListUsersCommandInput,
  type ListAccessKeysCommandInput,
  type ListAccessKeysCommandOutput,
  type ListMFADevicesCommandInput,
  type ListMFADevicesCommandOutput,
  type ListVirtualMFADevicesCommandInput,
  type ListVirtualMFADevicesCommandOutput,
  type ListAttachedUserPoliciesCommandInput,
  type ListAttachedUserPoliciesCommandOutput,
  type ListUserPoliciesCommandInput,
  type ListUserPoliciesCommandOutput,
  type ListAttachedRolePoliciesCommandInput,
  type ListAttachedRolePoliciesCommandOutput,
  type ListRolePoliciesCommandInput,
  type ListRolePoliciesCommandOutput,
  type ListEntitiesForPolicyCommandInput,
  type ListEntitiesForPolicyCommandOutput,
  type ListPoliciesCommandInput,
  type ListPoliciesCommandOutput,
  type GetPolicyCommandInput,
  type GetPolicyCommandOutput,
  type GetPolicyVersionCommandInput,
  type GetPolicyVersionCommandOutput,
  type ListServerCertificatesCommandInput,
  type ListServerCertificatesCommandOutput,
  type ListUsersCommandOutput,
  type Role,
  type SummaryKeyType,
  type Tag,
  type UpdateAccountPasswordPolicyCommandInput,
  type User,
} from '@aws-sdk/client-iam';
import type { ServiceException } from '@smithy/smithy-client';
import { defineService, type CallContext } from '../core/service.js';
import { modeledError, SandboxNotImplementedError, type ModeledExceptionClass } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** An access key of the root user or of an IAM user. */
export interface IamAccessKey {
  /** Access key id (`AKIA…`). */
  id: string;
  /** Active or inactive. */
  active: boolean;
  /** Creation / last rotation time (epoch ms). */
  createdAt: number;
  /** Last use (epoch ms), if ever used. */
  lastUsedAt?: number;
  /** Region of the last use. */
  lastUsedRegion?: string;
  /** Service of the last use (e.g. `s3`). */
  lastUsedService?: string;
}

/** The root user of an account, as far as a security tool can see it. */
export interface IamRootUser {
  /** Whether an MFA device is active for the root user. @default false */
  mfaActive: boolean;
  /** Kind of the root MFA device (Security Hub IAM.6 wants hardware). @default 'virtual' */
  mfaType?: 'virtual' | 'hardware';
  /** Whether the root user has a password (centralized root access can remove it). @default true */
  passwordEnabled: boolean;
  /** Last console sign-in (epoch ms). */
  passwordLastUsed?: number;
  /** Root access keys (AWS recommends none). */
  accessKeys: IamAccessKey[];
}

/** An IAM user. */
export interface IamUser {
  /** User name. */
  name: string;
  /** Unique id (`AIDA…`). */
  id: string;
  /** Path. @default '/' */
  path: string;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Whether the user has a console password. */
  passwordEnabled: boolean;
  /** Last console sign-in (epoch ms). */
  passwordLastUsed?: number;
  /** Last password change (epoch ms). */
  passwordLastChanged?: number;
  /** Whether an MFA device is active. */
  mfaActive: boolean;
  /** Up to two access keys. */
  accessKeys: IamAccessKey[];
  /** ARNs of attached managed policies (Security Hub IAM.2 wants none on users). */
  attachedPolicies: string[];
  /** Names of inline policies. */
  inlinePolicies: string[];
  /** Tags. */
  tags: Record<string, string>;
}

/** An IAM role. */
export interface IamRole {
  /** Role name. */
  name: string;
  /** Unique id (`AROA…`). */
  id: string;
  /** Path. */
  path: string;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Trust policy (JSON text, not encoded). */
  trustPolicy: string;
  /** Description. */
  description?: string;
  /** Maximum session duration in seconds. */
  maxSessionDuration: number;
  /** Service principal for service-linked roles. */
  serviceLinkedTo?: string;
  /** ARNs of attached managed policies (blocks DeleteRole). */
  attachedPolicies: string[];
  /** Names of inline policies (blocks DeleteRole). */
  inlinePolicies: string[];
  /** Documents of inline policies put through PutRolePolicy, by name. */
  inlinePolicyDocuments?: Record<string, string>;
  /** Tags. */
  tags: Record<string, string>;
}

/** A customer managed policy (one version). */
export interface IamManagedPolicy {
  /** Policy name. */
  name: string;
  /** Unique id (`ANPA…`). */
  id: string;
  /** Path. */
  path: string;
  /** Policy document (JSON text, not encoded). */
  document: string;
  /** Creation time (epoch ms). */
  createdAt: number;
}

/** Account password policy, with AWS's defaults filled in. */
export interface IamPasswordPolicy {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  /** 0 when passwords never expire. */
  maxPasswordAge: number;
  /** 0 when reuse is not prevented. */
  passwordReusePrevention: number;
  hardExpiry: boolean;
}

/** IAM state of one account. */
export interface IamAccountState {
  /** Account id. */
  account: string;
  /** When the account was created (epoch ms); the root line of the credential report uses it. */
  createdAt: number;
  /** The password policy; none until set. */
  passwordPolicy?: IamPasswordPolicy;
  /** The root user. */
  root: IamRootUser;
  /** IAM users by name. */
  users: Map<string, IamUser>;
  /** IAM roles by name. */
  roles: Map<string, IamRole>;
  /** Account aliases (AWS allows one). */
  aliases: string[];
  /** Customer managed policies by ARN. */
  policies: Map<string, IamManagedPolicy>;
  /** The latest credential report. */
  report?: { startedAt: number; readyAt: number; content: string };
}

/** Centralized root access state of an organization. */
export interface IamOrganizationFeatures {
  /** Enabled features. */
  enabled: Set<FeatureType>;
}

/** How long a credential report stays valid. https://docs.aws.amazon.com/IAM/latest/UserGuide/credential-reports.html */
export const CREDENTIAL_REPORT_TTL_MS = 4 * 3600 * 1000;

/** The documented columns of the credential report, in order. */
export const CREDENTIAL_REPORT_COLUMNS: readonly string[] = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
];

/**
 * Names of the service-linked roles of the services sra-kit touches; other services get a name
 * derived from the principal. https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 */
export const SERVICE_LINKED_ROLE_NAMES: Readonly<Record<string, string>> = {
  'access-analyzer.amazonaws.com': 'AWSServiceRoleForAccessAnalyzer',
  'cloudtrail.amazonaws.com': 'AWSServiceRoleForCloudTrail',
  'config.amazonaws.com': 'AWSServiceRoleForConfig',
  'config-multiaccountsetup.amazonaws.com': 'AWSServiceRoleForConfigMultiAccountSetup',
  'detective.amazonaws.com': 'AWSServiceRoleForDetective',
  'fms.amazonaws.com': 'AWSServiceRoleForFMS',
  'guardduty.amazonaws.com': 'AWSServiceRoleForAmazonGuardDuty',
  'malware-protection.guardduty.amazonaws.com': 'AWSServiceRoleForAmazonGuardDutyMalwareProtection',
  'inspector2.amazonaws.com': 'AWSServiceRoleForAmazonInspector2',
  'macie.amazonaws.com': 'AWSServiceRoleForAmazonMacie',
  'organizations.amazonaws.com': 'AWSServiceRoleForOrganizations',
  'securityhub.amazonaws.com': 'AWSServiceRoleForSecurityHub',
  'securitylake.amazonaws.com': 'AWSServiceRoleForSecurityLake',
  'ssm.amazonaws.com': 'AWSServiceRoleForAmazonSSM',
  'sso.amazonaws.com': 'AWSServiceRoleForSSO',
};

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^(\/)$|^(\/[\u0021-\u007E]+\/)$/;
const DEFAULT_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::ACCOUNT:root' }, Action: 'sts:AssumeRole' }],
});

/** A deterministic id in IAM's shape: a 4-letter prefix and 17 upper-case letters or digits. */
function iamId(prefix: string, seed: string): string {
  let h = 2166136261;
  let out = '';
  for (let round = 0; out.length < 17; round++) {
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
    h = Math.imul(h ^ round, 16777619) >>> 0;
    out += h.toString(36).toUpperCase();
  }
  return prefix + out.slice(0, 17);
}

function initialState(world: SandboxWorld, account: string): IamAccountState {
  const a = world.account(account);
  const createdAt = a?.joinedAt ?? 0;
  const state: IamAccountState = {
    account,
    createdAt,
    root: { mfaActive: false, passwordEnabled: true, accessKeys: [] },
    users: new Map(),
    roles: new Map(),
    aliases: [],
    policies: new Map(),
  };
  // Roles the world says are assumable (e.g. OrganizationAccountAccessRole) exist in IAM too.
  for (const name of a?.assumableRoles ?? []) {
    state.roles.set(name, {
      name,
      id: iamId('AROA', `${account}/${name}`),
      path: '/',
      createdAt,
      trustPolicy: DEFAULT_TRUST.replace('ACCOUNT', world.organization?.managementAccountId ?? account),
      maxSessionDuration: 3600,
      attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      inlinePolicies: [],
      tags: {},
    });
  }
  return state;
}

// ---------------------------------------------------------------------------------------------
// Accessors for other services and scenario builders
// ---------------------------------------------------------------------------------------------

/** The IAM state of `account` (created on first use). */
export function iamAccount(world: SandboxWorld, account: string): IamAccountState {
  return world.global('iam', account, () => initialState(world, account));
}

/** Centralized root access state of the world's organization. */
export function iamOrganizationFeatures(world: SandboxWorld): IamOrganizationFeatures {
  const orgId = world.organization?.id ?? 'none';
  return world.global('iam-organization', orgId, () => ({ enabled: new Set<FeatureType>() }));
}

/** Sets whether the root user of `account` has an active MFA device, and of which kind. */
export function setRootMfa(
  world: SandboxWorld,
  account: string,
  active: boolean,
  type: 'virtual' | 'hardware' = 'virtual',
): void {
  const root = iamAccount(world, account).root;
  root.mfaActive = active;
  root.mfaType = type;
}

/**
 * Removes the root user's credentials of a member account — password, access keys and MFA — as the
 * management account does with centralized root access (`sts:AssumeRoot` and the root-task policies,
 * which the sandbox does not simulate). Accounts created after root credentials management is enabled
 * start this way. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
 */
export function removeRootCredentials(world: SandboxWorld, account: string): void {
  const root = iamAccount(world, account).root;
  root.passwordEnabled = false;
  root.accessKeys = [];
  root.mfaActive = false;
  delete root.mfaType;
}

/** Gives the root user of `account` an access key (a finding in every benchmark). Returns its id. */
export function addRootAccessKey(
  world: SandboxWorld,
  account: string,
  key: Partial<Omit<IamAccessKey, 'id'>> = {},
): string {
  const state = iamAccount(world, account);
  const id = iamId('AKIA', `${account}/root/${state.root.accessKeys.length}`).slice(0, 20);
  state.root.accessKeys.push({ id, active: key.active ?? true, createdAt: key.createdAt ?? 0, ...key });
  return id;
}

/** Input of {@link addIamUser}. */
export interface IamUserSeed {
  /** User name. */
  name: string;
  /** Console password. @default false */
  passwordEnabled?: boolean;
  /** Active MFA device. @default false */
  mfaActive?: boolean;
  /** Access keys (at most two). @default none */
  accessKeys?: Partial<Omit<IamAccessKey, 'id'>>[];
  /** Creation time (epoch ms). @default 0 */
  createdAt?: number;
  /** Last console sign-in (epoch ms). */
  passwordLastUsed?: number;
  /** Last password change (epoch ms). */
  passwordLastChanged?: number;
  /** ARNs of managed policies attached to the user. @default none */
  attachedPolicies?: string[];
  /** Names of inline policies of the user. @default none */
  inlinePolicies?: string[];
}

/** Adds an IAM user to `account` (for planting credential findings). */
export function addIamUser(world: SandboxWorld, account: string, seed: IamUserSeed): IamUser {
  const state = iamAccount(world, account);
  if ((seed.accessKeys?.length ?? 0) > 2) throw new Error('sandbox: an IAM user has at most two access keys');
  const createdAt = seed.createdAt ?? 0;
  const user: IamUser = {
    name: seed.name,
    id: iamId('AIDA', `${account}/${seed.name}`),
    path: '/',
    createdAt,
    passwordEnabled: seed.passwordEnabled ?? false,
    mfaActive: seed.mfaActive ?? false,
    accessKeys: (seed.accessKeys ?? []).map((k, i) => ({
      id: iamId('AKIA', `${account}/${seed.name}/${i}`).slice(0, 20),
      active: k.active ?? true,
      createdAt: k.createdAt ?? createdAt,
      ...k,
    })),
    attachedPolicies: [...(seed.attachedPolicies ?? [])],
    inlinePolicies: [...(seed.inlinePolicies ?? [])],
    tags: {},
    ...(seed.passwordLastUsed !== undefined ? { passwordLastUsed: seed.passwordLastUsed } : {}),
    ...(seed.passwordLastChanged !== undefined ? { passwordLastChanged: seed.passwordLastChanged } : {}),
  };
  state.users.set(seed.name, user);
  return user;
}

/** Adds a customer managed policy to `account`. Returns its ARN. */
export function addManagedPolicy(
  world: SandboxWorld,
  account: string,
  policy: { name: string; document: string; path?: string; createdAt?: number },
): string {
  const path = policy.path ?? '/';
  const arn = `arn:aws:iam::${account}:policy${path}${policy.name}`;
  iamAccount(world, account).policies.set(arn, {
    name: policy.name,
    id: iamId('ANPA', `${account}/${arn}`),
    path,
    document: policy.document,
    createdAt: policy.createdAt ?? 0,
  });
  return arn;
}

/** Attaches a managed policy (AWS managed or customer managed ARN) to a user or role of `account`. */
export function attachManagedPolicy(
  world: SandboxWorld,
  account: string,
  to: { user: string } | { role: string },
  policyArn: string,
): void {
  const state = iamAccount(world, account);
  const entity = 'user' in to ? state.users.get(to.user) : state.roles.get(to.role);
  if (!entity) throw new Error(`sandbox: no such IAM ${'user' in to ? 'user' : 'role'} in ${account}`);
  if (!entity.attachedPolicies.includes(policyArn)) entity.attachedPolicies.push(policyArn);
}

/** Sets the account alias of `account` (replacing any). */
export function setAccountAlias(world: SandboxWorld, account: string, alias: string | undefined): void {
  iamAccount(world, account).aliases = alias ? [alias] : [];
}

/** Renders the credential report CSV of `account` from its current IAM state. */
export function renderCredentialReport(world: SandboxWorld, account: string): string {
  const state = iamAccount(world, account);
  const iso = (ms: number | undefined): string =>
    ms === undefined ? 'N/A' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const keyCells = (keys: IamAccessKey[]): string[] => {
    const cells: string[] = [];
    for (let i = 0; i < 2; i++) {
      const k = keys[i];
      cells.push(
        k ? String(k.active) : 'false',
        k ? iso(k.createdAt) : 'N/A',
        iso(k?.lastUsedAt),
        k?.lastUsedRegion ?? 'N/A',
        k?.lastUsedService ?? 'N/A',
      );
    }
    return cells;
  };
  const policy = state.passwordPolicy;
  const rows: string[][] = [];
  // The root user's line: password fields the report can't know say not_supported.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/credential-reports.html#id_credentials_understanding_the_report_format
  rows.push([
    '<root_account>',
    `arn:aws:iam::${account}:root`,
    iso(state.createdAt),
    'not_supported',
    state.root.passwordLastUsed === undefined ? 'no_information' : iso(state.root.passwordLastUsed),
    'not_supported',
    'not_supported',
    String(state.root.mfaActive),
    ...keyCells(state.root.accessKeys),
    'false',
    'N/A',
    'false',
    'N/A',
  ]);
  for (const u of state.users.values()) {
    const nextRotation =
      u.passwordEnabled && policy && policy.maxPasswordAge > 0
        ? iso((u.passwordLastChanged ?? u.createdAt) + policy.maxPasswordAge * 86_400_000)
        : 'N/A';
    rows.push([
      u.name,
      `arn:aws:iam::${account}:user${u.path}${u.name}`,
      iso(u.createdAt),
      String(u.passwordEnabled),
      u.passwordEnabled
        ? u.passwordLastUsed === undefined
          ? 'no_information'
          : iso(u.passwordLastUsed)
        : 'N/A',
      u.passwordEnabled ? iso(u.passwordLastChanged ?? u.createdAt) : 'N/A',
      nextRotation,
      String(u.mfaActive),
      ...keyCells(u.accessKeys),
      'false',
      'N/A',
      'false',
      'N/A',
    ]);
  }
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Wire codes of the modeled IAM errors (the query protocol's `Code`). */
const WIRE_CODE: Readonly<Record<string, string>> = {
  NoSuchEntityException: 'NoSuchEntity',
  EntityAlreadyExistsException: 'EntityAlreadyExists',
  DeleteConflictException: 'DeleteConflict',
  UnmodifiableEntityException: 'UnmodifiableEntity',
  InvalidInputException: 'InvalidInput',
  MalformedPolicyDocumentException: 'MalformedPolicyDocument',
  LimitExceededException: 'LimitExceeded',
  CredentialReportNotPresentException: 'ReportNotPresent',
  CredentialReportNotReadyException: 'ReportInProgress',
  CredentialReportExpiredException: 'ReportExpired',
};

function fail<E extends ServiceException>(ctor: ModeledExceptionClass<E>, message: string, status = 400): E {
  const probe = ctor as unknown as { name: string };
  const className = probe.name;
  return modeledError(ctor, message, {
    status,
    fields: { Code: WIRE_CODE[className] ?? className, Type: 'Sender' },
  });
}

/** The unmodeled constraint error of the query protocol. */
function validation(ctx: CallContext, message: string): ServiceException {
  return ctx.error('ValidationError', `1 validation error detected: ${message}`, { status: 400 });
}

function checkRange(
  ctx: CallContext,
  value: number | undefined,
  field: string,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) {
    throw validation(
      ctx,
      `Value '${value}' at '${field}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`,
    );
  }
  if (value > max) {
    throw validation(
      ctx,
      `Value '${value}' at '${field}' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  }
}

/** IAM list pagination: Marker / MaxItems (1–1000, default 100) / IsTruncated. */
function iamPage<T>(
  ctx: CallContext,
  items: readonly T[],
  input: { Marker?: string | undefined; MaxItems?: number | undefined },
): { page: T[]; IsTruncated: boolean; Marker?: string } {
  checkRange(ctx, input.MaxItems, 'maxItems', 1, 1000);
  let r: { page: T[]; nextToken: string | undefined };
  try {
    r = paginate(ctx, items, {
      maxResults: input.MaxItems,
      nextToken: input.Marker,
      defaultMax: 100,
      limit: 1000,
    });
  } catch {
    throw fail(InvalidInputException, 'Invalid Marker.');
  }
  return r.nextToken === undefined
    ? { page: r.page, IsTruncated: false }
    : { page: r.page, IsTruncated: true, Marker: r.nextToken };
}

function tags(record: Record<string, string>): Tag[] {
  return Object.entries(record).map(([Key, Value]) => ({ Key, Value }));
}

function roleShape(account: string, r: IamRole): Role {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: `arn:aws:iam::${account}:role${r.path}${r.name}`,
    CreateDate: new Date(r.createdAt),
    // IAM returns policy documents URL-encoded (RFC 3986); the SDK does not decode them.
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html
    AssumeRolePolicyDocument: encodeURIComponent(r.trustPolicy),
    MaxSessionDuration: r.maxSessionDuration,
    ...(r.description !== undefined ? { Description: r.description } : {}),
    ...(Object.keys(r.tags).length ? { Tags: tags(r.tags) } : {}),
  };
}

function userShape(account: string, u: IamUser): User {
  return {
    Path: u.path,
    UserName: u.name,
    UserId: u.id,
    Arn: `arn:aws:iam::${account}:user${u.path}${u.name}`,
    CreateDate: new Date(u.createdAt),
    ...(u.passwordLastUsed !== undefined ? { PasswordLastUsed: new Date(u.passwordLastUsed) } : {}),
  };
}

function findRole(state: IamAccountState, name: string): IamRole | undefined {
  // Role names are unique regardless of case.
  const lower = name.toLowerCase();
  for (const r of state.roles.values()) if (r.name.toLowerCase() === lower) return r;
  return undefined;
}

function roleName(ctx: CallContext, value: string | undefined): string {
  if (!value || !ROLE_NAME.test(value)) {
    throw validation(
      ctx,
      `Value '${value ?? ''}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`,
    );
  }
  return value;
}

/** An attached managed policy as IAM lists it. */
function attached(arn: string): { PolicyName: string; PolicyArn: string } {
  return { PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn };
}

function requireUser(ctx: CallContext, state: IamAccountState, name: string | undefined): IamUser {
  if (!name || !/^[\w+=,.@-]{1,128}$/.test(name)) {
    throw validation(ctx, `Value '${name ?? ''}' at 'userName' failed to satisfy constraint`);
  }
  const u = state.users.get(name);
  if (!u) throw fail(NoSuchEntityException, `The user with name ${name} cannot be found.`, 404);
  return u;
}

function requireRole(ctx: CallContext, state: IamAccountState, name: string | undefined): IamRole {
  const n = roleName(ctx, name);
  const r = findRole(state, n);
  if (!r) throw fail(NoSuchEntityException, `The role with name ${n} cannot be found.`, 404);
  return r;
}

/** A managed policy ARN: AWS managed (`arn:aws:iam::aws:policy/…`) or one of this account's. */
function requirePolicyArn(ctx: CallContext, state: IamAccountState, arn: string | undefined): string {
  if (!arn || !/^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/.+$/.test(arn)) {
    throw fail(InvalidInputException, `ARN ${arn ?? ''} is not valid.`);
  }
  if (!arn.includes(':iam::aws:policy/') && !state.policies.has(arn)) {
    throw fail(NoSuchEntityException, `Policy ${arn} does not exist or is not attachable.`, 404);
  }
  return arn;
}

function attachmentCount(state: IamAccountState, arn: string): number {
  let n = 0;
  for (const u of state.users.values()) if (u.attachedPolicies.includes(arn)) n++;
  for (const r of state.roles.values()) if (r.attachedPolicies.includes(arn)) n++;
  return n;
}

/** Centralized root access prerequisites: organization, all features, trusted access for IAM. */
function rootAccessOrg(ctx: CallContext): NonNullable<SandboxWorld['organization']> {
  const org = ctx.world.organization;
  if (!org || !ctx.world.isMember(ctx.account)) {
    throw fail(OrganizationNotFoundException, 'No organization is associated with this account.');
  }
  return org;
}

function rootAccessReady(ctx: CallContext, org: NonNullable<SandboxWorld['organization']>): void {
  if (org.featureSet !== 'ALL') {
    throw fail(
      OrganizationNotInAllFeaturesModeException,
      'The organization does not have all features enabled.',
    );
  }
  if (!org.trustedAccess.has('iam.amazonaws.com')) {
    throw fail(
      ServiceAccessNotEnabledException,
      'Trusted access is not enabled for IAM in AWS Organizations.',
    );
  }
}

function requireMgmtOrAdmin(ctx: CallContext, org: NonNullable<SandboxWorld['organization']>): void {
  const ok =
    org.managementAccountId === ctx.account ||
    (org.delegatedAdmins.get('iam.amazonaws.com')?.has(ctx.account) ?? false);
  if (!ok) {
    throw fail(
      AccountNotManagementOrDelegatedAdministratorException,
      `Account ${ctx.account} is not the management account or the delegated administrator for centralized root access.`,
    );
  }
}

function featuresOut(
  ctx: CallContext,
  orgId: string,
): { OrganizationId: string; EnabledFeatures: FeatureType[] } {
  const order: FeatureType[] = ['RootCredentialsManagement', 'RootSessions'];
  const enabled = iamOrganizationFeatures(ctx.world).enabled;
  return { OrganizationId: orgId, EnabledFeatures: order.filter((f) => enabled.has(f)) };
}

function enableFeature(
  ctx: CallContext,
  feature: FeatureType,
): { OrganizationId: string; EnabledFeatures: FeatureType[] } {
  const org = rootAccessOrg(ctx);
  // Only the management account can turn these features on.
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOrganizationsRootSessions.html
  if (org.managementAccountId !== ctx.account) {
    throw fail(CallerIsNotManagementAccountException, 'Only the management account can enable this feature.');
  }
  rootAccessReady(ctx, org);
  iamOrganizationFeatures(ctx.world).enabled.add(feature);
  return featuresOut(ctx, org.id);
}

function disableFeature(
  ctx: CallContext,
  feature: FeatureType,
): { OrganizationId: string; EnabledFeatures: FeatureType[] } {
  const org = rootAccessOrg(ctx);
  requireMgmtOrAdmin(ctx, org);
  rootAccessReady(ctx, org);
  iamOrganizationFeatures(ctx.world).enabled.delete(feature);
  return featuresOut(ctx, org.id);
}

/**
 * Default IAM quotas as GetAccountSummary reports them.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
 */
const SUMMARY_QUOTAS: Partial<Record<SummaryKeyType, number>> = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  ServerCertificatesQuota: 20,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  GroupsPerUserQuota: 10,
  SigningCertificatesPerUserQuota: 2,
  AccessKeysPerUserQuota: 2,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  AttachedPoliciesPerUserQuota: 10,
  PoliciesQuota: 1500,
  PolicySizeQuota: 6144,
  PolicyVersionsInUseQuota: 10000,
  VersionsPerPolicyQuota: 5,
  AssumeRolePolicySizeQuota: 2048,
  InstanceProfilesQuota: 1000,
  RolePolicySizeQuota: 10240,
  RolesQuota: 1000,
  GlobalEndpointTokenVersion: 1,
};

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------

/** The simulated IAM service. */
export const iamService = defineService({
  name: 'iam',
  clientName: 'IAMClient',
  scope: 'global',
  protocol: 'query',
  operations: {
    // --- password policy --------------------------------------------------------------------

    GetAccountPasswordPolicy: (ctx): Out<GetAccountPasswordPolicyCommandOutput> => {
      const p = iamAccount(ctx.world, ctx.account).passwordPolicy;
      if (!p) {
        throw fail(
          NoSuchEntityException,
          `The Password Policy with domain name ${ctx.account} cannot be found.`,
          404,
        );
      }
      return {
        PasswordPolicy: {
          MinimumPasswordLength: p.minimumPasswordLength,
          RequireSymbols: p.requireSymbols,
          RequireNumbers: p.requireNumbers,
          RequireUppercaseCharacters: p.requireUppercaseCharacters,
          RequireLowercaseCharacters: p.requireLowercaseCharacters,
          AllowUsersToChangePassword: p.allowUsersToChangePassword,
          ExpirePasswords: p.maxPasswordAge > 0,
          ...(p.maxPasswordAge > 0 ? { MaxPasswordAge: p.maxPasswordAge } : {}),
          ...(p.passwordReusePrevention > 0 ? { PasswordReusePrevention: p.passwordReusePrevention } : {}),
          HardExpiry: p.hardExpiry,
        },
      };
    },

    UpdateAccountPasswordPolicy: (
      ctx,
      input: UpdateAccountPasswordPolicyCommandInput,
    ): Record<string, never> => {
      checkRange(ctx, input.MinimumPasswordLength, 'minimumPasswordLength', 6, 128);
      checkRange(ctx, input.MaxPasswordAge, 'maxPasswordAge', 1, 1095);
      checkRange(ctx, input.PasswordReusePrevention, 'passwordReusePrevention', 1, 24);
      // No partial updates: every parameter not given reverts to its default.
      // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
      iamAccount(ctx.world, ctx.account).passwordPolicy = {
        minimumPasswordLength: input.MinimumPasswordLength ?? 6,
        requireSymbols: input.RequireSymbols ?? false,
        requireNumbers: input.RequireNumbers ?? false,
        requireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
        requireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
        allowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
        maxPasswordAge: input.MaxPasswordAge ?? 0,
        passwordReusePrevention: input.PasswordReusePrevention ?? 0,
        hardExpiry: input.HardExpiry ?? false,
      };
      return {};
    },

    DeleteAccountPasswordPolicy: (ctx): Record<string, never> => {
      const state = iamAccount(ctx.world, ctx.account);
      if (!state.passwordPolicy) {
        throw fail(
          NoSuchEntityException,
          `The account policy with name PasswordPolicy cannot be found.`,
          404,
        );
      }
      delete state.passwordPolicy;
      return {};
    },

    // --- account summary, aliases -----------------------------------------------------------

    GetAccountSummary: (ctx): Out<GetAccountSummaryCommandOutput> => {
      const s = iamAccount(ctx.world, ctx.account);
      const users = [...s.users.values()];
      const mfa = users.filter((u) => u.mfaActive).length + (s.root.mfaActive ? 1 : 0);
      const map: Partial<Record<SummaryKeyType, number>> = {
        ...SUMMARY_QUOTAS,
        Users: users.length,
        Groups: 0,
        Roles: s.roles.size,
        Policies: 0,
        PolicyVersionsInUse: 0,
        InstanceProfiles: 0,
        Providers: 0,
        ServerCertificates: 0,
        MFADevices: mfa,
        MFADevicesInUse: mfa,
        AccountMFAEnabled: s.root.mfaActive ? 1 : 0,
        AccountAccessKeysPresent: s.root.accessKeys.length > 0 ? 1 : 0,
        AccountPasswordPresent: s.root.passwordEnabled ? 1 : 0,
        AccountSigningCertificatesPresent: 0,
      };
      return { SummaryMap: map };
    },

    ListAccountAliases: (
      ctx,
      input: ListAccountAliasesCommandInput,
    ): Out<ListAccountAliasesCommandOutput> => {
      const r = iamPage(ctx, iamAccount(ctx.world, ctx.account).aliases, input);
      return {
        AccountAliases: r.page,
        IsTruncated: r.IsTruncated,
        ...(r.Marker ? { Marker: r.Marker } : {}),
      };
    },

    // --- credential report ------------------------------------------------------------------

    GenerateCredentialReport: (ctx): Out<GenerateCredentialReportCommandOutput> => {
      const state = iamAccount(ctx.world, ctx.account);
      const now = ctx.clock.now();
      const r = state.report;
      if (r && now < r.readyAt)
        return { State: 'INPROGRESS', Description: 'Report generation is in progress.' };
      // A report younger than four hours is reused rather than regenerated.
      // https://repost.aws/knowledge-center/config-credential-report
      if (r && now - r.readyAt < CREDENTIAL_REPORT_TTL_MS) {
        return { State: 'COMPLETE', Description: 'A report was generated less than four hours ago.' };
      }
      const readyAt = now + ctx.propagationDelay('iam:credential-report');
      state.report = { startedAt: now, readyAt, content: renderCredentialReport(ctx.world, ctx.account) };
      return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
    },

    GetCredentialReport: (ctx): Out<GetCredentialReportCommandOutput> => {
      const r = iamAccount(ctx.world, ctx.account).report;
      const now = ctx.clock.now();
      if (!r) {
        throw fail(
          CredentialReportNotPresentException,
          'Unable to find a credential report. Call GenerateCredentialReport to generate one.',
          410,
        );
      }
      if (now < r.readyAt)
        throw fail(CredentialReportNotReadyException, 'Report is still being generated.', 404);
      if (now - r.readyAt >= CREDENTIAL_REPORT_TTL_MS) {
        throw fail(
          CredentialReportExpiredException,
          'The credential report has expired. Call GenerateCredentialReport to generate a new one.',
          410,
        );
      }
      return {
        Content: new TextEncoder().encode(r.content),
        ReportFormat: 'text/csv',
        GeneratedTime: new Date(r.readyAt),
      };
    },

    // --- users (read) ----------------------------------------------------------------------------

    ListUsers: (ctx, input: ListUsersCommandInput): Out<ListUsersCommandOutput> => {
      const prefix = input.PathPrefix ?? '/';
      const users = [...iamAccount(ctx.world, ctx.account).users.values()].filter((u) =>
        u.path.startsWith(prefix),
      );
      const r = iamPage(
        ctx,
        users.map((u) => userShape(ctx.account, u)),
        input,
      );
      return { Users: r.page, IsTruncated: r.IsTruncated, ...(r.Marker ? { Marker: r.Marker } : {}) };
    },

    // --- credentials and policies of users and roles (reads) -----------------------------------

    ListAccessKeys: (ctx, input: ListAccessKeysCommandInput): Out<ListAccessKeysCommandOutput> => {
      const state = iamAccount(ctx.world, ctx.account);
      // Without UserName the caller's own keys are listed; the sandbox's admin caller has none in IAM.
      const user = input.UserName === undefined ? undefined : requireUser(ctx, state, input.UserName);
      const keys = (user?.accessKeys ?? []).map((k) => ({
        UserName: user!.name,
        AccessKeyId: k.id,
        Status: k.active ? ('Active' as const) : ('Inactive' as const),
        CreateDate: new Date(k.createdAt),
      }));
      const r = iamPage(ctx, keys, input);
      return {
        AccessKeyMetadata: r.page,
        IsTruncated: r.IsTruncated,
        ...(r.Marker ? { Marker: r.Marker } : {}),
      };
    },

    ListMFADevices: (ctx, input: ListMFADevicesCommandInput): Out<ListMFADevicesCommandOutput> => {
      const state = iamAccount(ctx.world, ctx.account);
      const user = input.UserName === undefined ? undefined : requireUser(ctx, state, input.UserName);
      const devices =
        user?.mfaActive === true
          ? [
              {
                UserName: user.name,
                SerialNumber: `arn:aws:iam::${ctx.account}:mfa/${user.name}`,
                EnableDate: new Date(user.createdAt),
              },
            ]
          : [];
      const r = iamPage(ctx, devices, input);
      return { MFADevices: r.page, IsTruncated: r.IsTruncated, ...(r.Marker ? { Marker: r.Marker } : {}) };
    },

    ListVirtualMFADevices: (
      ctx,
      input: ListVirtualMFADevicesCommandInput,
    ): Out<ListVirtualMFADevicesCommandOutput> => {
      const state = iamAccount(ctx.world, ctx.account);
      // The root user's virtual device is what tells a hardware-MFA check (Security Hub IAM.6) apart.
      // https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-6
      const devices: NonNullable<ListVirtualMFADevicesCommandOutput['VirtualMFADevices']> = [];
      if (state.root.mfaActive && (state.root.mfaType ?? 'virtual') === 'virtual') {
        devices.push({
          SerialNumber: `arn:aws:iam::${ctx.account}:mfa/root-account-mfa-device`,
          User: {
            Path: '/',
            UserName: ctx.account,
            UserId: ctx.account,
            Arn: `arn:aws:iam::${ctx.account}:root`,
            CreateDate: new Date(state.createdAt),
          },
          EnableDate: new Date(state.createdAt),
        });
      }
      for (const u of state.users.values()) {
        if (!u.mfaActive) continue;
        devices.push({
          SerialNumber: `arn:aws:iam::${ctx.account}:mfa/${u.name}`,
          User: userShape(ctx.account, u),
          EnableDate: new Date(u.createdAt),
        });
      }
      // Every listed device is assigned; the sandbox keeps no unassigned devices.
      const wanted = input.AssignmentStatus === 'Unassigned' ? [] : devices;
      const r = iamPage(ctx, wanted, input);
      return {
        VirtualMFADevices: r.page,
        IsTruncated: r.IsTruncated,
        ...(r.Marker ? { Marker: r.Marker } : {}),
      };
    },

    ListAttachedUserPolicies: (
      ctx,
      input: ListAttachedUserPoliciesCommandInput,
    ): Out<ListAttachedUserPoliciesCommandOutput> => {
      const user = requireUser(ctx, iamAccount(ctx.world, ctx.account), input.UserName);
      const r = iamPage(ctx, user.attachedPolicies.map(attached), input);
      return {
        AttachedPolicies: r.page,
        IsTruncated: r.IsTruncated,
        ...(r.Marker ? { Marker: r.Marker } : {}),
      };
    },

    ListUserPolicies: (ctx, input: ListUserPoliciesCommandInput): Out<ListUserPoliciesCommandOutput> => {
      const user = requireUser(ctx, iamAccount(ctx.world, ctx.account), input.UserName);
      const r = iamPage(ctx, user.inlinePolicies, input);
      return { PolicyNames: r.page, IsTruncated: r.IsTruncated, ...(r.Marker ? { Marker: r.Marker } : {}) };
    },

    ListAttachedRolePolicies: (
      ctx,
      input: ListAttachedRolePoliciesCommandInput,
    ): Out<ListAttachedRolePoliciesCommandOutput> => {
      const role = requireRole(ctx, iamAccount(ctx.world, ctx.account), input.RoleName);
      const r = iamPage(ctx, role.attachedPolicies.map(attached), input);
      return {
        AttachedPolicies: r.page,
        IsTruncated: r.IsTruncated,
        ...(r.Marker ? { Marker: r.Marker } : {}),
      };
    },

    ListRolePolicies: (ctx, input: ListRolePoliciesCommandInput): Out<ListRolePoliciesCommandOutput> => {
      const role = requireRole(ctx, iamAccount(ctx.world, ctx.account), input.RoleName);
      const r = iamPage(ctx, role.inlinePolicies, input);
      return { PolicyNames: r.page, IsTruncated: r.IsTruncated, ...(r.Marker ? { Marker: r.Marker } : {}) };
    },

    ListEntitiesForPolicy: (
      ctx,
      input: ListEntitiesForPolicyCommandInput,
    ): Out<ListEntitiesForPolicyCommandOutput> => {
      const state = iamAccount(ctx.world, ctx.account);
      const arn = requirePolicyArn(ctx, state, input.PolicyArn);
      const filter = input.EntityFilter;
      const users =
        !filter || filter === 'User'
          ? [...state.users.values()]
              .filter((u) => u.attachedPolicies.includes(arn))
              .map((u) => ({ UserName: u.name, UserId: u.id }))
          : [];
      const roles =
        !filter || filter === 'Role'
          ? [...state.roles.values()]
              .filter((x) => x.attachedPolicies.includes(arn))
              .map((x) => ({ RoleName: x.name, RoleId: x.id }))
          : [];
      return { PolicyGroups: [], PolicyUsers: users, PolicyRoles: roles, IsTruncated: false };
    },

    ListPolicies: (ctx, input: ListPoliciesCommandInput): Out<ListPoliciesCommandOutput> => {
      const state = iamAccount(ctx.world, ctx.account);
      const scope = input.Scope ?? 'All';
      // Customer managed policies are simulated in full; AWS managed ones only as far as they are
      // attached to something in the account (the full AWS catalog is not reproduced).
      const local = [...state.policies.entries()].map(([arn, p]) => ({
        PolicyName: p.name,
        PolicyId: p.id,
        Arn: arn,
        Path: p.path,
        DefaultVersionId: 'v1',
        AttachmentCount: attachmentCount(state, arn),
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: new Date(p.createdAt),
        UpdateDate: new Date(p.createdAt),
      }));
      const awsArns = new Set<string>();
      for (const e of [...state.users.values(), ...state.roles.values()]) {
        for (const a of e.attachedPolicies) if (a.includes(':iam::aws:policy/')) awsArns.add(a);
      }
      const aws = [...awsArns].map((arn) => ({
        PolicyName: attached(arn).PolicyName,
        Arn: arn,
        Path: '/',
        DefaultVersionId: 'v1',
        AttachmentCount: attachmentCount(state, arn),
        IsAttachable: true,
      }));
      let list = scope === 'Local' ? local : scope === 'AWS' ? aws : [...aws, ...local];
      if (input.OnlyAttached) list = list.filter((p) => (p.AttachmentCount ?? 0) > 0);
      if (input.PathPrefix) list = list.filter((p) => (p.Path ?? '/').startsWith(input.PathPrefix!));
      const r = iamPage(ctx, list, input);
      return { Policies: r.page, IsTruncated: r.IsTruncated, ...(r.Marker ? { Marker: r.Marker } : {}) };
    },

    GetPolicy: (ctx, input: GetPolicyCommandInput): Out<GetPolicyCommandOutput> => {
      const state = iamAccount(ctx.world, ctx.account);
      const arn = requirePolicyArn(ctx, state, input.PolicyArn);
      const p = state.policies.get(arn);
      if (!p) throw new SandboxNotImplementedError('iam', 'GetPolicy (AWS managed policy documents)');
      return {
        Policy: {
          PolicyName: p.name,
          PolicyId: p.id,
          Arn: arn,
          Path: p.path,
          DefaultVersionId: 'v1',
          AttachmentCount: attachmentCount(state, arn),
          IsAttachable: true,
          CreateDate: new Date(p.createdAt),
          UpdateDate: new Date(p.createdAt),
        },
      };
    },

    GetPolicyVersion: (ctx, input: GetPolicyVersionCommandInput): Out<GetPolicyVersionCommandOutput> => {
      const state = iamAccount(ctx.world, ctx.account);
      const arn = requirePolicyArn(ctx, state, input.PolicyArn);
      const p = state.policies.get(arn);
      if (!p) throw new SandboxNotImplementedError('iam', 'GetPolicyVersion (AWS managed policy documents)');
      if (input.VersionId !== 'v1') {
        throw fail(
          NoSuchEntityException,
          `Policy ${arn} version ${input.VersionId ?? ''} does not exist.`,
          404,
        );
      }
      return {
        PolicyVersion: {
          // Policy documents come back URL-encoded, as from GetRole.
          Document: encodeURIComponent(p.document),
          VersionId: 'v1',
          IsDefaultVersion: true,
          CreateDate: new Date(p.createdAt),
        },
      };
    },

    ListServerCertificates: (
      ctx,
      input: ListServerCertificatesCommandInput,
    ): Out<ListServerCertificatesCommandOutput> => {
      // No server certificates are simulated: a new account has none.
      const r = iamPage(ctx, [], input);
      return { ServerCertificateMetadataList: r.page, IsTruncated: r.IsTruncated };
    },

    // --- roles ---------------------------------------------------------------------------------

    GetRole: (ctx, input: GetRoleCommandInput): Out<GetRoleCommandOutput> => {
      const name = roleName(ctx, input.RoleName);
      const role = findRole(iamAccount(ctx.world, ctx.account), name);
      if (!role) throw fail(NoSuchEntityException, `The role with name ${name} cannot be found.`, 404);
      return { Role: roleShape(ctx.account, role) };
    },

    ListRoles: (ctx, input: ListRolesCommandInput): Out<ListRolesCommandOutput> => {
      const prefix = input.PathPrefix ?? '/';
      const roles = [...iamAccount(ctx.world, ctx.account).roles.values()].filter((r) =>
        r.path.startsWith(prefix),
      );
      const r = iamPage(
        ctx,
        roles.map((x) => roleShape(ctx.account, x)),
        input,
      );
      return { Roles: r.page, IsTruncated: r.IsTruncated, ...(r.Marker ? { Marker: r.Marker } : {}) };
    },

    CreateRole: (ctx, input: CreateRoleCommandInput): Out<CreateRoleCommandOutput> => {
      const name = roleName(ctx, input.RoleName);
      const path = input.Path ?? '/';
      if (!PATH.test(path) || path.length > 512) {
        throw validation(
          ctx,
          `Value '${path}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern`,
        );
      }
      checkRange(ctx, input.MaxSessionDuration, 'maxSessionDuration', 3600, 43200);
      const doc = input.AssumeRolePolicyDocument;
      if (!doc)
        throw validation(
          ctx,
          "Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null",
        );
      try {
        const parsed: unknown = JSON.parse(doc);
        if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      } catch {
        throw fail(MalformedPolicyDocumentException, 'This policy contains invalid Json');
      }
      if ((input.Tags?.length ?? 0) > 50) {
        throw validation(
          ctx,
          "Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
        );
      }
      const state = iamAccount(ctx.world, ctx.account);
      if (findRole(state, name))
        throw fail(EntityAlreadyExistsException, `Role with name ${name} already exists.`, 409);
      const role: IamRole = {
        name,
        id: iamId('AROA', `${ctx.account}/${name}/${ctx.clock.now()}`),
        path,
        createdAt: ctx.clock.now(),
        trustPolicy: doc,
        maxSessionDuration: input.MaxSessionDuration ?? 3600,
        attachedPolicies: [],
        inlinePolicies: [],
        tags: Object.fromEntries((input.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
        ...(input.Description !== undefined ? { description: input.Description } : {}),
      };
      state.roles.set(name, role);
      // Keep STS coherent: a role that exists can be assumed (the sandbox does not evaluate trust policies).
      ctx.world.account(ctx.account)?.assumableRoles.add(name);
      return { Role: roleShape(ctx.account, role) };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html (creates or replaces)
    PutRolePolicy: (ctx, input: PutRolePolicyCommandInput): Record<string, never> => {
      const role = requireRole(ctx, iamAccount(ctx.world, ctx.account), input.RoleName);
      const name = input.PolicyName ?? '';
      if (!/^[\w+=,.@-]{1,128}$/.test(name)) {
        throw validation(ctx, `Value '${name}' at 'policyName' failed to satisfy constraint`);
      }
      try {
        const parsed: unknown = JSON.parse(input.PolicyDocument ?? '');
        if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      } catch {
        throw fail(MalformedPolicyDocumentException, 'This policy contains invalid Json');
      }
      if (role.serviceLinkedTo) {
        throw fail(
          UnmodifiableEntityException,
          `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`,
        );
      }
      if (!role.inlinePolicies.includes(name)) role.inlinePolicies.push(name);
      role.inlinePolicyDocuments = { ...role.inlinePolicyDocuments, [name]: input.PolicyDocument ?? '' };
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html (document URL-encoded)
    GetRolePolicy: (ctx, input: GetRolePolicyCommandInput): Out<GetRolePolicyCommandOutput> => {
      const role = requireRole(ctx, iamAccount(ctx.world, ctx.account), input.RoleName);
      const name = input.PolicyName ?? '';
      if (!role.inlinePolicies.includes(name)) {
        throw fail(NoSuchEntityException, `The role policy with name ${name} cannot be found.`, 404);
      }
      return {
        RoleName: role.name,
        PolicyName: name,
        PolicyDocument: encodeURIComponent(role.inlinePolicyDocuments?.[name] ?? '{}'),
      };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePolicy.html
    DeleteRolePolicy: (ctx, input: DeleteRolePolicyCommandInput): Record<string, never> => {
      const role = requireRole(ctx, iamAccount(ctx.world, ctx.account), input.RoleName);
      const name = input.PolicyName ?? '';
      const i = role.inlinePolicies.indexOf(name);
      if (i < 0) throw fail(NoSuchEntityException, `The role policy with name ${name} cannot be found.`, 404);
      if (role.serviceLinkedTo) {
        throw fail(
          UnmodifiableEntityException,
          `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`,
        );
      }
      role.inlinePolicies.splice(i, 1);
      if (role.inlinePolicyDocuments) delete role.inlinePolicyDocuments[name];
      return {};
    },

    DeleteRole: (ctx, input: DeleteRoleCommandInput): Record<string, never> => {
      const name = roleName(ctx, input.RoleName);
      const state = iamAccount(ctx.world, ctx.account);
      const role = findRole(state, name);
      if (!role) throw fail(NoSuchEntityException, `The role with name ${name} cannot be found.`, 404);
      if (role.serviceLinkedTo) {
        throw fail(
          UnmodifiableEntityException,
          `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`,
        );
      }
      if (role.attachedPolicies.length > 0 || role.inlinePolicies.length > 0) {
        throw fail(DeleteConflictException, 'Cannot delete entity, must detach all policies first.', 409);
      }
      state.roles.delete(role.name);
      ctx.world.account(ctx.account)?.assumableRoles.delete(role.name);
      return {};
    },

    AttachRolePolicy: (ctx, input: AttachRolePolicyCommandInput): Record<string, never> => {
      const state = iamAccount(ctx.world, ctx.account);
      const role = requireRole(ctx, state, input.RoleName);
      const arn = requirePolicyArn(ctx, state, input.PolicyArn);
      // Service-linked roles carry the policy their service defines and nothing else.
      if (role.serviceLinkedTo) {
        throw fail(
          UnmodifiableEntityException,
          `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`,
        );
      }
      if (role.attachedPolicies.includes(arn)) return {};
      // Default quota: 10 managed policies per role (AttachedPoliciesPerRoleQuota).
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
      const quota = SUMMARY_QUOTAS.AttachedPoliciesPerRoleQuota ?? 10;
      if (role.attachedPolicies.length >= quota) {
        throw fail(LimitExceededException, `Cannot exceed quota for PoliciesPerRole: ${quota}`, 409);
      }
      role.attachedPolicies.push(arn);
      return {};
    },

    DetachRolePolicy: (ctx, input: DetachRolePolicyCommandInput): Record<string, never> => {
      const state = iamAccount(ctx.world, ctx.account);
      const role = requireRole(ctx, state, input.RoleName);
      const arn = requirePolicyArn(ctx, state, input.PolicyArn);
      if (role.serviceLinkedTo) {
        throw fail(
          UnmodifiableEntityException,
          `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`,
        );
      }
      const i = role.attachedPolicies.indexOf(arn);
      if (i < 0) throw fail(NoSuchEntityException, `Policy ${arn} was not found.`, 404);
      role.attachedPolicies.splice(i, 1);
      return {};
    },

    CreateServiceLinkedRole: (
      ctx,
      input: CreateServiceLinkedRoleCommandInput,
    ): Out<CreateServiceLinkedRoleCommandOutput> => {
      const service = input.AWSServiceName;
      if (!service || !/^[\w+=,.@-]{1,128}$/.test(service)) {
        throw validation(ctx, `Value '${service ?? ''}' at 'aWSServiceName' failed to satisfy constraint`);
      }
      if (!service.endsWith('.amazonaws.com')) {
        throw fail(InvalidInputException, `${service} is not a valid AWS service principal.`);
      }
      const known = SERVICE_LINKED_ROLE_NAMES[service];
      if (known && input.CustomSuffix !== undefined) {
        throw fail(InvalidInputException, `Custom suffix is not allowed for ${known}.`);
      }
      const base =
        known ??
        'AWSServiceRoleFor' +
          service
            .replace(/\.amazonaws\.com$/, '')
            .split(/[.-]/)
            .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
            .join('');
      const name = input.CustomSuffix !== undefined ? `${base}_${input.CustomSuffix}` : base;
      const state = iamAccount(ctx.world, ctx.account);
      if (findRole(state, name)) {
        throw fail(
          InvalidInputException,
          `Service role name ${name} has been taken in this account, please try a different suffix.`,
        );
      }
      const role: IamRole = {
        name,
        id: iamId('AROA', `${ctx.account}/${name}`),
        path: `/aws-service-role/${service}/`,
        createdAt: ctx.clock.now(),
        trustPolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
        }),
        maxSessionDuration: 3600,
        serviceLinkedTo: service,
        attachedPolicies: [],
        inlinePolicies: [],
        tags: {},
        ...(input.Description !== undefined ? { description: input.Description } : {}),
      };
      state.roles.set(name, role);
      return { Role: roleShape(ctx.account, role) };
    },

    GetAccountAuthorizationDetails: (
      ctx,
      input: GetAccountAuthorizationDetailsCommandInput,
    ): Out<GetAccountAuthorizationDetailsCommandOutput> => {
      const s = iamAccount(ctx.world, ctx.account);
      const filter = new Set(
        input.Filter ?? ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'],
      );
      type Entry = { kind: 'user'; u: IamUser } | { kind: 'role'; r: IamRole };
      const entries: Entry[] = [
        ...(filter.has('User') ? [...s.users.values()].map((u) => ({ kind: 'user' as const, u })) : []),
        ...(filter.has('Role') ? [...s.roles.values()].map((r) => ({ kind: 'role' as const, r })) : []),
      ];
      const p = iamPage(ctx, entries, input);
      return {
        UserDetailList: p.page.flatMap((e) =>
          e.kind === 'user'
            ? [
                {
                  ...userShape(ctx.account, e.u),
                  GroupList: [],
                  UserPolicyList: e.u.inlinePolicies.map((PolicyName) => ({ PolicyName })),
                  AttachedManagedPolicies: e.u.attachedPolicies.map(attached),
                },
              ]
            : [],
        ),
        RoleDetailList: p.page.flatMap((e) => {
          if (e.kind !== 'role') return [];
          const shape = roleShape(ctx.account, e.r);
          return [
            {
              Path: shape.Path,
              RoleName: shape.RoleName,
              RoleId: shape.RoleId,
              Arn: shape.Arn,
              CreateDate: shape.CreateDate,
              AssumeRolePolicyDocument: shape.AssumeRolePolicyDocument,
              InstanceProfileList: [],
              RolePolicyList: e.r.inlinePolicies.map((PolicyName) => ({ PolicyName })),
              AttachedManagedPolicies: e.r.attachedPolicies.map(attached),
            },
          ];
        }),
        GroupDetailList: [],
        // Customer managed policies on every page (they are few); AWS managed ones are not reproduced.
        Policies: filter.has('LocalManagedPolicy')
          ? [...s.policies.entries()].map(([arn, pol]) => ({
              PolicyName: pol.name,
              PolicyId: pol.id,
              Arn: arn,
              Path: pol.path,
              DefaultVersionId: 'v1',
              AttachmentCount: attachmentCount(s, arn),
              IsAttachable: true,
              CreateDate: new Date(pol.createdAt),
              UpdateDate: new Date(pol.createdAt),
              PolicyVersionList: [
                {
                  Document: encodeURIComponent(pol.document),
                  VersionId: 'v1',
                  IsDefaultVersion: true,
                  CreateDate: new Date(pol.createdAt),
                },
              ],
            }))
          : [],
        IsTruncated: p.IsTruncated,
        ...(p.Marker ? { Marker: p.Marker } : {}),
      };
    },

    // --- centralized root access -------------------------------------------------------------

    ListOrganizationsFeatures: (ctx): Out<ListOrganizationsFeaturesCommandOutput> => {
      const org = rootAccessOrg(ctx);
      requireMgmtOrAdmin(ctx, org);
      rootAccessReady(ctx, org);
      return featuresOut(ctx, org.id);
    },

    EnableOrganizationsRootCredentialsManagement: (ctx) => enableFeature(ctx, 'RootCredentialsManagement'),
    EnableOrganizationsRootSessions: (ctx) => enableFeature(ctx, 'RootSessions'),
    DisableOrganizationsRootCredentialsManagement: (ctx) => disableFeature(ctx, 'RootCredentialsManagement'),
    DisableOrganizationsRootSessions: (ctx) => disableFeature(ctx, 'RootSessions'),
  },
});
