/**
 * Amazon Inspector (Inspector2) in the sandbox: scan types per account and Region (EC2, ECR, Lambda, Lambda
 * code, code repositories), the delegated administrator designated by the management account per Region,
 * member association, the organization configuration (auto-enable per scan type for new accounts) and the
 * account status reads a verifier needs.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_Disable.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_BatchGetAccountStatus.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_EnableDelegatedAdminAccount.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_DisableDelegatedAdminAccount.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_ListDelegatedAdminAccounts.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_GetDelegatedAdminAccount.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_DescribeOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_UpdateOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_AssociateMember.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_DisassociateMember.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_ListMembers.html
 * - https://docs.aws.amazon.com/inspector/v2/APIReference/API_GetMember.html
 * - https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html (10,000 members, one administrator
 *   per organization and the same in all Regions, removal keeps scans running, all features required)
 *
 * Error status codes: ValidationException 400, ServiceQuotaExceededException 402, AccessDeniedException 403,
 * ResourceNotFoundException 404, ConflictException 409.
 *
 * Propagation knob keys honoured (`SandboxKnobs.propagationDelayMs`):
 * - `inspector2:admin` — after `EnableDelegatedAdminAccount`, the new administrator is not yet recognised as
 *   one (organization calls fail with `AccessDeniedException`) for this many ms.
 * - `inspector2:scan` — a scan type reports `ENABLING` (or `DISABLING`) for this many ms after it was turned
 *   on (or off), then `ENABLED` (or `DISABLED`).
 *
 * Modelling choice (not documented either way): the management account cannot be designated, because Inspector
 * registers the administrator with Organizations, which never accepts the management account.
 */
import type {
  Account,
  AccountState,
  AutoEnable,
  BatchGetAccountStatusCommandInput,
  BatchGetAccountStatusCommandOutput,
  DelegatedAdminAccount,
  DescribeOrganizationConfigurationCommandOutput,
  DisableCommandInput,
  DisableCommandOutput,
  DisableDelegatedAdminAccountCommandInput,
  DisableDelegatedAdminAccountCommandOutput,
  DisassociateMemberCommandInput,
  DisassociateMemberCommandOutput,
  EnableCommandInput,
  EnableCommandOutput,
  EnableDelegatedAdminAccountCommandInput,
  EnableDelegatedAdminAccountCommandOutput,
  AssociateMemberCommandInput,
  AssociateMemberCommandOutput,
  ErrorCode,
  FailedAccount,
  GetDelegatedAdminAccountCommandOutput,
  GetMemberCommandInput,
  GetMemberCommandOutput,
  ListDelegatedAdminAccountsCommandInput,
  ListDelegatedAdminAccountsCommandOutput,
  ListMembersCommandInput,
  ListMembersCommandOutput,
  Member,
  ResourceScanType,
  ResourceState,
  ResourceStatus,
  State,
  Status,
  UpdateOrganizationConfigurationCommandInput,
  UpdateOrganizationConfigurationCommandOutput,
} from '@aws-sdk/client-inspector2';
import {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
} from '@aws-sdk/client-inspector2';
import { defineService, type CallContext } from '../core/service.js';
import type { ModeledExceptionClass } from '../core/errors.js';
import type { ServiceException } from '@smithy/smithy-client';
import type { SandboxWorld } from '../core/state.js';
import { paginate } from '../core/paginate.js';
import { deregisterServiceAdmin, registerServiceAdmin, requireManagementAccount } from '../core/org-admin.js';

type Out<T> = Omit<T, '$metadata'>;

/** The SDK's own exception classes for the errors this service models, so `instanceof` works for callers. */
const MODELED: Readonly<Record<string, ModeledExceptionClass<ServiceException>>> = {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
};

/** Service key of Inspector in the sandbox (its IAM action prefix). */
export const INSPECTOR_SERVICE = 'inspector2';
/** Service principal of Inspector in Organizations. */
export const INSPECTOR_PRINCIPAL = 'inspector2.amazonaws.com';
/** Largest number of member accounts of one Inspector delegated administrator. */
export const INSPECTOR_MAX_MEMBERS = 10_000;

/** Keys of the per-scan-type fields in Inspector's status and auto-enable structures. */
export type InspectorScanKey = 'ec2' | 'ecr' | 'lambda' | 'lambdaCode' | 'codeRepository';

const SCAN_KEYS: Readonly<Record<ResourceScanType, InspectorScanKey>> = {
  EC2: 'ec2',
  ECR: 'ecr',
  LAMBDA: 'lambda',
  LAMBDA_CODE: 'lambdaCode',
  CODE_REPOSITORY: 'codeRepository',
};
const ALL_KEYS: readonly InspectorScanKey[] = Object.values(SCAN_KEYS);
const ACCOUNT_ID = /^\d{12}$/;
/** Enable and Disable accept up to 100 account ids. */
const MAX_ACCOUNT_IDS = 100;

/** One scan type's switch: on or off since a point in time. */
export interface InspectorScanSwitch {
  /** Turned on (true) or off (false). */
  enabled: boolean;
  /** When it was last switched (epoch ms). */
  since: number;
}

/** A member association as the delegated administrator keeps it. */
export interface InspectorMemberRecord {
  /** True while associated; false once disassociated. */
  associated: boolean;
  /** Last change (epoch ms). */
  updatedAt: number;
}

/** Inspector state of one account in one Region. */
export interface InspectorState {
  /** Scan type switches; a missing key has never been enabled. */
  scans: Partial<Record<InspectorScanKey, InspectorScanSwitch>>;
  /** The delegated administrator this account is associated with, when it is a member. */
  delegatedAdminAccountId?: string;
  /** Members of this account (when it is the delegated administrator), by account id. */
  members: Map<string, InspectorMemberRecord>;
  /** Organization configuration: scan types enabled automatically for accounts that join later. */
  autoEnable: Record<InspectorScanKey, boolean>;
  /** When auto-enable was last switched from all-off to something on (epoch ms). */
  autoEnableSince?: number;
  /** Only in the management account's state: the delegated administrator designated in this Region. */
  orgAdmin?: { accountId: string; since: number };
}

function initState(): InspectorState {
  return {
    scans: {},
    members: new Map(),
    autoEnable: { ec2: false, ecr: false, lambda: false, lambdaCode: false, codeRepository: false },
  };
}

/** Inspector state of `account` in `region` (created empty on first use). */
export function inspectorState(world: SandboxWorld, account: string, region: string): InspectorState {
  return world.regional(INSPECTOR_SERVICE, account, region, initState);
}

/** The Inspector delegated administrator designated for the organization in `region`, if any. */
export function inspectorOrgAdmin(
  world: SandboxWorld,
  region: string,
): { accountId: string; since: number } | undefined {
  const mgmt = world.organization?.managementAccountId;
  return mgmt ? inspectorState(world, mgmt, region).orgAdmin : undefined;
}

/** Turns scan types on for an account directly (scenario builders), as `Enable` would. */
export function enableInspectorScans(
  world: SandboxWorld,
  account: string,
  region: string,
  types: readonly ResourceScanType[],
  at: number,
): void {
  const st = inspectorState(world, account, region);
  for (const t of types)
    if (!st.scans[SCAN_KEYS[t]]?.enabled) st.scans[SCAN_KEYS[t]] = { enabled: true, since: at };
}

function state(ctx: CallContext): InspectorState {
  return ctx.regional(initState);
}

function other(ctx: CallContext, account: string): InspectorState {
  return inspectorState(ctx.world, account, ctx.region);
}

function validation(ctx: CallContext, message: string): Error {
  return ctx.error('ValidationException', message, {
    status: 400,
    fields: { reason: 'FIELD_VALIDATION_FAILED' },
  });
}

function accessDenied(ctx: CallContext, message: string): Error {
  return ctx.error('AccessDeniedException', message, { status: 403 });
}

function scanStatus(ctx: CallContext, s: InspectorScanSwitch | undefined): Status {
  if (!s) return 'DISABLED';
  const settling = ctx.clock.now() < s.since + ctx.propagationDelay('inspector2:scan');
  if (s.enabled) return settling ? 'ENABLING' : 'ENABLED';
  return settling ? 'DISABLING' : 'DISABLED';
}

function resourceStatus(ctx: CallContext, st: InspectorState): Record<InspectorScanKey, Status> {
  const out = {} as Record<InspectorScanKey, Status>;
  for (const k of ALL_KEYS) out[k] = scanStatus(ctx, st.scans[k]);
  return out;
}

/** Account status: ENABLED while any scan type is enabled, otherwise the most active transition. */
function accountStatus(statuses: Record<InspectorScanKey, Status>): Status {
  const values = Object.values(statuses);
  for (const s of ['ENABLED', 'ENABLING', 'DISABLING'] as const) if (values.includes(s)) return s;
  return 'DISABLED';
}

function isVisibleAdmin(ctx: CallContext): boolean {
  const admin = inspectorOrgAdmin(ctx.world, ctx.region);
  return (
    admin !== undefined &&
    admin.accountId === ctx.account &&
    ctx.clock.now() >= admin.since + ctx.propagationDelay('inspector2:admin')
  );
}

/**
 * Delegated-administrator-only calls: the caller must be the designated administrator, and Inspector must be
 * enabled for it (otherwise AWS answers "Invoking account is not enabled", as seen in
 * https://github.com/schubergphilis/terraform-aws-mcaf-landing-zone/pull/200).
 */
function requireAdmin(ctx: CallContext): InspectorState {
  if (!isVisibleAdmin(ctx)) {
    throw accessDenied(
      ctx,
      `Invoking account ${ctx.account} is not the Amazon Inspector delegated administrator.`,
    );
  }
  const st = state(ctx);
  if (accountStatus(resourceStatus(ctx, st)) !== 'ENABLED')
    throw validation(ctx, 'Invoking account is not enabled');
  return st;
}

/** True when the caller may act on `account`: itself, or an associated member of the caller (the administrator). */
function canManage(ctx: CallContext, account: string): boolean {
  if (account === ctx.account) return true;
  return isVisibleAdmin(ctx) && state(ctx).members.get(account)?.associated === true;
}

function parseTypes(
  ctx: CallContext,
  types: readonly string[] | undefined,
  required: boolean,
): InspectorScanKey[] {
  if (!types || types.length === 0) {
    if (required) throw validation(ctx, 'resourceTypes must contain at least one resource type.');
    return [...ALL_KEYS];
  }
  return types.map((t) => {
    const key = SCAN_KEYS[t as ResourceScanType];
    if (!key)
      throw validation(ctx, `Invalid resource type ${t}; valid: ${Object.keys(SCAN_KEYS).join(', ')}.`);
    return key;
  });
}

function parseAccounts(ctx: CallContext, ids: readonly string[] | undefined): string[] {
  const list = ids && ids.length > 0 ? [...new Set(ids)] : [ctx.account];
  if (list.length > MAX_ACCOUNT_IDS)
    throw validation(ctx, `At most ${MAX_ACCOUNT_IDS} accountIds are accepted.`);
  for (const id of list) if (!ACCOUNT_ID.test(id)) throw validation(ctx, `Invalid account id ${id}.`);
  return list;
}

function failed(account: string, errorCode: ErrorCode, errorMessage: string): FailedAccount {
  return { accountId: account, errorCode, errorMessage };
}

function accountView(ctx: CallContext, account: string): Account {
  const rs = resourceStatus(ctx, other(ctx, account));
  return { accountId: account, status: accountStatus(rs), resourceStatus: rs as ResourceStatus };
}

function stateOf(status: Status): State {
  return { status, errorCode: undefined, errorMessage: undefined };
}

/**
 * Associates accounts that joined the organization after auto-enable was turned on and enables the
 * auto-enabled scan types for them; existing accounts are never enabled automatically.
 * https://docs.aws.amazon.com/inspector/latest/user/managing-multiple-accounts.html
 */
function reconcile(ctx: CallContext): void {
  const admin = inspectorOrgAdmin(ctx.world, ctx.region);
  if (!admin) return;
  const st = other(ctx, admin.accountId);
  if (st.autoEnableSince === undefined) return;
  const types = (Object.keys(SCAN_KEYS) as ResourceScanType[]).filter((t) => st.autoEnable[SCAN_KEYS[t]]);
  for (const acct of ctx.world.activeMembers()) {
    if (acct.id === admin.accountId || acct.joinedAt <= st.autoEnableSince || st.members.has(acct.id))
      continue;
    if (!acct.enabledRegions.has(ctx.region)) continue;
    if (associatedCount(st) >= INSPECTOR_MAX_MEMBERS) return;
    st.members.set(acct.id, { associated: true, updatedAt: acct.joinedAt });
    other(ctx, acct.id).delegatedAdminAccountId = admin.accountId;
    enableInspectorScans(ctx.world, acct.id, ctx.region, types, acct.joinedAt);
  }
}

function associatedCount(st: InspectorState): number {
  let n = 0;
  for (const m of st.members.values()) if (m.associated) n++;
  return n;
}

function releaseMember(ctx: CallContext, adminId: string, account: string): void {
  const m = other(ctx, account);
  if (m.delegatedAdminAccountId === adminId) delete m.delegatedAdminAccountId;
}

/** The simulated Amazon Inspector service. */
export const inspectorService = defineService({
  name: INSPECTOR_SERVICE,
  clientName: 'Inspector2Client',
  scope: 'regional',
  protocol: 'rest-json',
  modeledErrors: MODELED,
  operations: {
    Enable: (ctx, input: EnableCommandInput): Out<EnableCommandOutput> => {
      reconcile(ctx);
      const keys = parseTypes(ctx, input.resourceTypes, true);
      const accounts: Account[] = [];
      const failedAccounts: FailedAccount[] = [];
      const now = ctx.clock.now();
      for (const account of parseAccounts(ctx, input.accountIds)) {
        // The administrator may enable scans for its associated members only.
        // https://github.com/hashicorp/terraform-provider-aws/issues/27646 (ACCESS_DENIED for other accounts)
        if (!canManage(ctx, account)) {
          failedAccounts.push(
            failed(account, 'ACCESS_DENIED', 'Invoking account does not have access to this account'),
          );
          continue;
        }
        const st = other(ctx, account);
        for (const k of keys) if (!st.scans[k]?.enabled) st.scans[k] = { enabled: true, since: now };
        accounts.push(accountView(ctx, account));
      }
      return { accounts, ...(failedAccounts.length ? { failedAccounts } : {}) };
    },

    Disable: (ctx, input: DisableCommandInput): Out<DisableCommandOutput> => {
      reconcile(ctx);
      const keys = parseTypes(ctx, input.resourceTypes, false);
      const ids = parseAccounts(ctx, input.accountIds);
      const own = state(ctx);
      // A member of an organization cannot turn its own scans off.
      // https://github.com/hashicorp/terraform-provider-aws/issues/27639 (AccessDeniedException, 403)
      if (
        ids.includes(ctx.account) &&
        own.delegatedAdminAccountId &&
        own.delegatedAdminAccountId !== ctx.account
      ) {
        throw accessDenied(ctx, `Member account ${ctx.account} is not authorized to disable itself.`);
      }
      const accounts: Account[] = [];
      const failedAccounts: FailedAccount[] = [];
      const now = ctx.clock.now();
      for (const account of ids) {
        if (!canManage(ctx, account)) {
          failedAccounts.push(
            failed(account, 'ACCESS_DENIED', 'Invoking account does not have access to this account'),
          );
          continue;
        }
        const st = other(ctx, account);
        const remaining = ALL_KEYS.filter((k) => st.scans[k]?.enabled && !keys.includes(k));
        // The administrator cannot switch itself off while it still has associated members.
        if (account === ctx.account && remaining.length === 0 && associatedCount(st) > 0) {
          failedAccounts.push(
            failed(
              account,
              'DISASSOCIATE_ALL_MEMBERS',
              'Disassociate all members before disabling Amazon Inspector.',
            ),
          );
          continue;
        }
        for (const k of keys) if (st.scans[k]?.enabled) st.scans[k] = { enabled: false, since: now };
        accounts.push(accountView(ctx, account));
      }
      return { accounts, ...(failedAccounts.length ? { failedAccounts } : {}) };
    },

    BatchGetAccountStatus: (
      ctx,
      input: BatchGetAccountStatusCommandInput,
    ): Out<BatchGetAccountStatusCommandOutput> => {
      reconcile(ctx);
      const accounts: AccountState[] = [];
      const failedAccounts: FailedAccount[] = [];
      for (const account of parseAccounts(ctx, input.accountIds)) {
        if (!canManage(ctx, account)) {
          failedAccounts.push(
            failed(account, 'ACCESS_DENIED', 'Invoking account does not have access to this account'),
          );
          continue;
        }
        const rs = resourceStatus(ctx, other(ctx, account));
        const resourceState = {} as ResourceState;
        for (const k of ALL_KEYS) resourceState[k] = stateOf(rs[k]);
        accounts.push({ accountId: account, state: stateOf(accountStatus(rs)), resourceState });
      }
      return { accounts, ...(failedAccounts.length ? { failedAccounts } : {}) };
    },

    EnableDelegatedAdminAccount: (
      ctx,
      input: EnableDelegatedAdminAccountCommandInput,
    ): Out<EnableDelegatedAdminAccountCommandOutput> => {
      requireManagementAccount(ctx, 'AccessDeniedException', 403);
      const target = input.delegatedAdminAccountId ?? '';
      if (!ACCOUNT_ID.test(target))
        throw validation(ctx, 'delegatedAdminAccountId must be a 12-digit account id.');
      // All features must be enabled in the organization.
      // https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html
      if (ctx.world.organization!.featureSet !== 'ALL') {
        throw validation(ctx, 'The organization must have all features enabled.');
      }
      if (ctx.world.isManagementAccount(target)) {
        throw validation(ctx, 'The organization management account cannot be the delegated administrator.');
      }
      if (!ctx.world.isActiveMember(target)) {
        throw validation(ctx, `Account ${target} is not an active member of the organization.`);
      }
      const st = state(ctx);
      if (st.orgAdmin?.accountId === target) return { delegatedAdminAccountId: target };
      if (st.orgAdmin) {
        throw ctx.error(
          'ConflictException',
          `Account ${st.orgAdmin.accountId} is already the delegated administrator.`,
          {
            status: 409,
          },
        );
      }
      // One delegated administrator per organization, the same in every Region.
      for (const slice of ctx.world.slices<InspectorState>(INSPECTOR_SERVICE)) {
        if (
          slice.account === ctx.account &&
          slice.state.orgAdmin &&
          slice.state.orgAdmin.accountId !== target
        ) {
          throw ctx.error(
            'ConflictException',
            `The delegated administrator must be the same in all Regions; it is ${slice.state.orgAdmin.accountId} in ${slice.region}.`,
            { status: 409 },
          );
        }
      }
      st.orgAdmin = { accountId: target, since: ctx.clock.now() };
      registerServiceAdmin(ctx, INSPECTOR_PRINCIPAL, target);
      return { delegatedAdminAccountId: target };
    },

    DisableDelegatedAdminAccount: (
      ctx,
      input: DisableDelegatedAdminAccountCommandInput,
    ): Out<DisableDelegatedAdminAccountCommandOutput> => {
      requireManagementAccount(ctx, 'AccessDeniedException', 403);
      const st = state(ctx);
      const id = input.delegatedAdminAccountId ?? '';
      if (!st.orgAdmin || st.orgAdmin.accountId !== id) {
        throw ctx.error(
          'ResourceNotFoundException',
          `Account ${id} is not the delegated administrator in ${ctx.region}.`,
          {
            status: 404,
          },
        );
      }
      // Members become standalone accounts; their scan settings are not changed.
      // https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html
      const admin = other(ctx, id);
      for (const account of admin.members.keys()) releaseMember(ctx, id, account);
      admin.members.clear();
      delete st.orgAdmin;
      const elsewhere = [...ctx.world.slices<InspectorState>(INSPECTOR_SERVICE)].some(
        (s) => s.account === ctx.account && s.state.orgAdmin?.accountId === id,
      );
      if (!elsewhere) deregisterServiceAdmin(ctx, INSPECTOR_PRINCIPAL, id);
      return { delegatedAdminAccountId: id };
    },

    ListDelegatedAdminAccounts: (
      ctx,
      input: ListDelegatedAdminAccountsCommandInput,
    ): Out<ListDelegatedAdminAccountsCommandOutput> => {
      requireManagementAccount(ctx, 'AccessDeniedException', 403);
      const admin = state(ctx).orgAdmin;
      const all: DelegatedAdminAccount[] = admin ? [{ accountId: admin.accountId, status: 'ENABLED' }] : [];
      // maxResults: 1 to 5. https://docs.aws.amazon.com/inspector/v2/APIReference/API_ListDelegatedAdminAccounts.html
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.maxResults,
        nextToken: input.nextToken,
        defaultMax: 5,
        limit: 5,
        errorName: 'ValidationException',
      });
      return { delegatedAdminAccounts: page, ...(nextToken ? { nextToken } : {}) };
    },

    GetDelegatedAdminAccount: (ctx): Out<GetDelegatedAdminAccountCommandOutput> => {
      const admin = inspectorOrgAdmin(ctx.world, ctx.region);
      if (!admin || !ctx.world.isMember(ctx.account)) return {};
      return { delegatedAdmin: { accountId: admin.accountId, relationshipStatus: 'ENABLED' } };
    },

    DescribeOrganizationConfiguration: (ctx): Out<DescribeOrganizationConfigurationCommandOutput> => {
      reconcile(ctx);
      const st = requireAdmin(ctx);
      return {
        autoEnable: { ...st.autoEnable },
        maxAccountLimitReached: associatedCount(st) >= INSPECTOR_MAX_MEMBERS,
      };
    },

    UpdateOrganizationConfiguration: (
      ctx,
      input: UpdateOrganizationConfigurationCommandInput,
    ): Out<UpdateOrganizationConfigurationCommandOutput> => {
      reconcile(ctx);
      const st = requireAdmin(ctx);
      const a: AutoEnable | undefined = input.autoEnable;
      if (!a || typeof a.ec2 !== 'boolean' || typeof a.ecr !== 'boolean') {
        throw validation(ctx, 'autoEnable.ec2 and autoEnable.ecr are required.');
      }
      const wasOn = ALL_KEYS.some((k) => st.autoEnable[k]);
      for (const k of ALL_KEYS) {
        const v = a[k];
        if (typeof v === 'boolean') st.autoEnable[k] = v;
      }
      const isOn = ALL_KEYS.some((k) => st.autoEnable[k]);
      if (isOn && !wasOn) st.autoEnableSince = ctx.clock.now();
      if (!isOn) delete st.autoEnableSince;
      return { autoEnable: { ...st.autoEnable } };
    },

    AssociateMember: (ctx, input: AssociateMemberCommandInput): Out<AssociateMemberCommandOutput> => {
      reconcile(ctx);
      const st = requireAdmin(ctx);
      const id = input.accountId ?? '';
      if (!ACCOUNT_ID.test(id)) throw validation(ctx, 'accountId must be a 12-digit account id.');
      if (id === ctx.account) throw validation(ctx, 'The delegated administrator cannot be its own member.');
      if (!ctx.world.isActiveMember(id)) {
        throw validation(ctx, `Account ${id} is not an active member of the organization.`);
      }
      if (st.members.get(id)?.associated) return { accountId: id };
      // Up to 10,000 members. https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html
      if (associatedCount(st) >= INSPECTOR_MAX_MEMBERS) {
        throw ctx.error(
          'ServiceQuotaExceededException',
          `The limit of ${INSPECTOR_MAX_MEMBERS} members is reached.`,
          {
            status: 402,
          },
        );
      }
      st.members.set(id, { associated: true, updatedAt: ctx.clock.now() });
      other(ctx, id).delegatedAdminAccountId = ctx.account;
      return { accountId: id };
    },

    DisassociateMember: (
      ctx,
      input: DisassociateMemberCommandInput,
    ): Out<DisassociateMemberCommandOutput> => {
      const st = requireAdmin(ctx);
      const id = input.accountId ?? '';
      const rec = st.members.get(id);
      if (!rec?.associated) throw validation(ctx, `Account ${id} is not an associated member.`);
      rec.associated = false;
      rec.updatedAt = ctx.clock.now();
      releaseMember(ctx, ctx.account, id);
      return { accountId: id };
    },

    ListMembers: (ctx, input: ListMembersCommandInput): Out<ListMembersCommandOutput> => {
      reconcile(ctx);
      const st = requireAdmin(ctx);
      const members: Member[] = [];
      for (const [accountId, rec] of st.members) {
        if (input.onlyAssociated !== false && !rec.associated) continue;
        members.push({
          accountId,
          delegatedAdminAccountId: ctx.account,
          relationshipStatus: rec.associated ? 'ENABLED' : 'REMOVED',
          updatedAt: new Date(rec.updatedAt),
        });
      }
      // onlyAssociated=false lists every account of the organization, associated or not.
      if (input.onlyAssociated === false) {
        for (const acct of ctx.world.activeMembers()) {
          if (acct.id === ctx.account || st.members.has(acct.id)) continue;
          members.push({
            accountId: acct.id,
            relationshipStatus: 'CREATED',
            updatedAt: new Date(acct.joinedAt),
          });
        }
      }
      members.sort((a, b) => a.accountId!.localeCompare(b.accountId!));
      // maxResults: 1 to 50. https://docs.aws.amazon.com/inspector/v2/APIReference/API_ListMembers.html
      const { page, nextToken } = paginate(ctx, members, {
        maxResults: input.maxResults,
        nextToken: input.nextToken,
        defaultMax: 50,
        limit: 50,
        errorName: 'ValidationException',
      });
      return { members: page, ...(nextToken ? { nextToken } : {}) };
    },

    GetMember: (ctx, input: GetMemberCommandInput): Out<GetMemberCommandOutput> => {
      reconcile(ctx);
      const st = requireAdmin(ctx);
      const rec = st.members.get(input.accountId ?? '');
      if (!rec) {
        throw ctx.error('ResourceNotFoundException', `Account ${input.accountId} is not a member.`, {
          status: 404,
        });
      }
      return {
        member: {
          accountId: input.accountId,
          delegatedAdminAccountId: ctx.account,
          relationshipStatus: rec.associated ? 'ENABLED' : 'REMOVED',
          updatedAt: new Date(rec.updatedAt),
        },
      };
    },
  },
});
