/**
 * Amazon Detective in the sandbox: behavior graphs (one per administrator account and Region), the Detective
 * administrator designated by the management account per Region (the organization behavior graph), member
 * accounts, the organization configuration (auto-enable for accounts that join later), data source packages
 * and tags.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_CreateGraph.html (idempotent per account and
 *   Region; GuardDuty enrolled for at least 48 hours)
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_DeleteGraph.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_ListGraphs.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_EnableOrganizationAdminAccount.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_DisableOrganizationAdminAccount.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_ListOrganizationAdminAccounts.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_DescribeOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_UpdateOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_CreateMembers.html (up to 50 accounts a call)
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_GetMembers.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_ListMembers.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_DeleteMembers.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_DisassociateMembership.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_ListDatasourcePackages.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_UpdateDatasourcePackages.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/CommonErrors.html (TooManyRequestsException)
 * - https://docs.aws.amazon.com/detective/latest/adminguide/accounts-designate-admin.html (the management
 *   account may designate itself and is then not a delegated administrator in Organizations)
 * - https://docs.aws.amazon.com/detective/latest/userguide/accounts-remove-admin-overview.html (removing the
 *   administrator, or deregistering it in Organizations, deletes the organization behavior graph)
 * - https://docs.aws.amazon.com/detective/latest/userguide/accounts-orgs-members.html (auto-enable covers new
 *   accounts only; 1,200 member accounts)
 * - https://docs.aws.amazon.com/detective/latest/adminguide/accounts-restrictions-recommendations.html
 * - https://docs.aws.amazon.com/detective/latest/adminguide/graph-admin-unblock-account.html (members without
 *   48 hours of GuardDuty are "Not enabled", i.e. ACCEPTED_BUT_DISABLED)
 *
 * The GuardDuty prerequisite reads the GuardDuty sandbox state (`guardDutyState` of ./guardduty.ts): an account
 * qualifies when its detector is enabled and was created at least 48 hours ago on the sandbox clock. Scenarios
 * seed older detectors with `seedGuardDutyDetector(..., { at })`.
 *
 * Propagation knob keys honoured (`SandboxKnobs.propagationDelayMs`):
 * - `detective:admin` — after `EnableOrganizationAdminAccount`, the new administrator is not yet recognised as
 *   the organization's Detective administrator (organization configuration calls fail with
 *   `AccessDeniedException`, organization accounts are handled like invited ones) for this many ms.
 */
import type {
  Administrator,
  CreateGraphCommandInput,
  CreateGraphCommandOutput,
  CreateMembersCommandInput,
  CreateMembersCommandOutput,
  DatasourcePackage,
  DatasourcePackageIngestDetail,
  DatasourcePackageIngestState,
  DeleteGraphCommandInput,
  DeleteMembersCommandInput,
  DeleteMembersCommandOutput,
  DescribeOrganizationConfigurationCommandInput,
  DescribeOrganizationConfigurationCommandOutput,
  DisassociateMembershipCommandInput,
  EnableOrganizationAdminAccountCommandInput,
  GetMembersCommandInput,
  GetMembersCommandOutput,
  InvitationType,
  ListDatasourcePackagesCommandInput,
  ListDatasourcePackagesCommandOutput,
  ListGraphsCommandInput,
  ListGraphsCommandOutput,
  ListMembersCommandInput,
  ListMembersCommandOutput,
  ListOrganizationAdminAccountsCommandInput,
  ListOrganizationAdminAccountsCommandOutput,
  ListTagsForResourceCommandInput,
  ListTagsForResourceCommandOutput,
  MemberDetail,
  MemberStatus,
  TagResourceCommandInput,
  UnprocessedAccount,
  UntagResourceCommandInput,
  UpdateDatasourcePackagesCommandInput,
  UpdateOrganizationConfigurationCommandInput,
} from '@aws-sdk/client-detective';
import {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
} from '@aws-sdk/client-detective';
import { defineService, type CallContext } from '../core/service.js';
import type { ModeledExceptionClass } from '../core/errors.js';
import type { ServiceException } from '@smithy/smithy-client';
import type { SandboxWorld } from '../core/state.js';
import { paginate } from '../core/paginate.js';
import { registerServiceAdmin, requireManagementAccount } from '../core/org-admin.js';
import { guardDutyState } from './guardduty.js';

type Out<T> = Omit<T, '$metadata'>;

/** The SDK's own exception classes for the errors this service models, so `instanceof` works for callers. */
const MODELED: Readonly<Record<string, ModeledExceptionClass<ServiceException>>> = {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
};

type Empty = Record<string, never>;

/** Service key of Detective in the sandbox (its IAM action prefix). */
export const DETECTIVE_SERVICE = 'detective';
/** Service principal of Detective in Organizations. */
export const DETECTIVE_PRINCIPAL = 'detective.amazonaws.com';
/** Largest number of member accounts in one behavior graph. */
export const DETECTIVE_MAX_MEMBERS = 1_200;
/** How long an account must have had GuardDuty before Detective accepts it (48 hours). */
export const DETECTIVE_GUARDDUTY_TENURE_MS = 48 * 3600 * 1000;

const ACCOUNT_ID = /^\d{12}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const GRAPH_ARN = /^arn:aws[-\w]{0,10}:detective:([-\w]{2,20}):(\d{12}):graph:([a-f\d]{32})$/;
/** CreateMembers, GetMembers and DeleteMembers take up to 50 accounts. */
const MAX_ACCOUNTS_PER_CALL = 50;
const MAX_TAGS = 50;
const PACKAGES: readonly DatasourcePackage[] = ['DETECTIVE_CORE', 'EKS_AUDIT', 'ASFF_SECURITYHUB_FINDING'];

/** A member account of a behavior graph. */
export interface DetectiveMemberRecord {
  /** Member account id. */
  accountId: string;
  /** Email given for the member. */
  email: string;
  /** ORGANIZATION (enabled by the Detective administrator) or INVITATION. */
  invitationType: InvitationType;
  /** When the member was added (epoch ms). */
  invitedAt: number;
  /** Last change (epoch ms). */
  updatedAt: number;
}

/** One data source package of a graph. */
export interface DetectivePackageState {
  /** STARTED or STOPPED. */
  state: DatasourcePackageIngestState;
  /** When it last changed (epoch ms). */
  changedAt: number;
}

/** A behavior graph. */
export interface DetectiveGraph {
  /** Graph ARN. */
  arn: string;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Tags. */
  tags: Record<string, string>;
  /** True for the organization behavior graph of the Detective administrator. */
  organization: boolean;
  /** Members by account id. */
  members: Map<string, DetectiveMemberRecord>;
  /** Organization configuration: enable accounts that join the organization later. */
  autoEnable: boolean;
  /** When auto-enable was turned on (epoch ms). */
  autoEnableSince?: number;
  /** Data source packages. */
  packages: Map<DatasourcePackage, DetectivePackageState>;
}

/** Detective state of one account in one Region. */
export interface DetectiveState {
  /** The behavior graph this account administers here, if any. */
  graph?: DetectiveGraph;
  /** Only in the management account's state: the Detective administrator designated in this Region. */
  orgAdmin?: { accountId: string; since: number };
}

function initState(): DetectiveState {
  return {};
}

/** Detective state of `account` in `region` (created empty on first use). */
export function detectiveState(world: SandboxWorld, account: string, region: string): DetectiveState {
  return world.regional(DETECTIVE_SERVICE, account, region, initState);
}

/**
 * True when `account` has had an enabled GuardDuty detector in `region` for at least 48 hours at `now`.
 * https://docs.aws.amazon.com/detective/latest/APIReference/API_CreateGraph.html
 */
export function detectiveGuardDutyReady(
  world: SandboxWorld,
  account: string,
  region: string,
  now: number,
): boolean {
  const detector = guardDutyState(world, account, region).detector;
  return (
    detector !== undefined &&
    detector.status === 'ENABLED' &&
    now - detector.createdAt >= DETECTIVE_GUARDDUTY_TENURE_MS
  );
}

function state(ctx: CallContext): DetectiveState {
  return ctx.regional(initState);
}

function mgmtState(ctx: CallContext): DetectiveState | undefined {
  const mgmt = ctx.world.organization?.managementAccountId;
  return mgmt ? detectiveState(ctx.world, mgmt, ctx.region) : undefined;
}

function validation(ctx: CallContext, message: string, code = 'INVALID_REQUEST_BODY'): Error {
  return ctx.error('ValidationException', message, { status: 400, fields: { ErrorCode: code } });
}

function accessDenied(ctx: CallContext, message: string): Error {
  return ctx.error('AccessDeniedException', message, { status: 403 });
}

function graphNotFound(ctx: CallContext, arn: string | undefined): Error {
  return ctx.error('ResourceNotFoundException', `The behavior graph ${arn} was not found.`, { status: 404 });
}

function newGraph(
  ctx: CallContext,
  account: string,
  tags: Record<string, string>,
  organization: boolean,
): DetectiveGraph {
  const id = ctx.sandbox.random.chars(32, '0123456789abcdef');
  const now = ctx.clock.now();
  // Modelling choice: the core package and both optional packages start with a new graph (AWS turns the
  // optional packages on by default for graphs created in recent years; the exact cut-off dates are not
  // modelled). UpdateDatasourcePackages accepts 1 to 25 package names.
  // https://docs.aws.amazon.com/detective/latest/APIReference/API_UpdateDatasourcePackages.html
  const packages = new Map<DatasourcePackage, DetectivePackageState>(
    PACKAGES.map((p) => [p, { state: 'STARTED', changedAt: now }]),
  );
  return {
    arn: `arn:${ctx.world.partition}:detective:${ctx.region}:${account}:graph:${id}`,
    createdAt: now,
    tags: { ...tags },
    organization,
    members: new Map(),
    autoEnable: false,
    packages,
  };
}

/**
 * The organization's Detective administrator in this Region. Deregistering the delegated administrator in
 * Organizations deletes its organization behavior graphs, so a designation whose account is neither the
 * management account nor a registered delegated administrator is cleared here (lazily).
 * https://docs.aws.amazon.com/detective/latest/userguide/accounts-remove-admin-overview.html
 */
function orgAdmin(ctx: CallContext): { accountId: string; since: number } | undefined {
  const ms = mgmtState(ctx);
  const admin = ms?.orgAdmin;
  if (!ms || !admin) return undefined;
  const registered =
    ctx.world.isManagementAccount(admin.accountId) ||
    ctx.world.delegatedAdminsFor(DETECTIVE_PRINCIPAL).includes(admin.accountId);
  if (registered) return admin;
  const st = detectiveState(ctx.world, admin.accountId, ctx.region);
  if (st.graph?.organization) delete st.graph;
  delete ms.orgAdmin;
  return undefined;
}

function isVisibleAdmin(ctx: CallContext): boolean {
  const admin = orgAdmin(ctx);
  return (
    admin !== undefined &&
    admin.accountId === ctx.account &&
    ctx.clock.now() >= admin.since + ctx.propagationDelay('detective:admin')
  );
}

/** The graph `arn` if the caller administers it. */
function ownGraph(ctx: CallContext, arn: string | undefined): DetectiveGraph {
  if (!arn || !GRAPH_ARN.test(arn)) throw validation(ctx, `Invalid GraphArn ${arn}.`, 'INVALID_GRAPH_ARN');
  const graph = state(ctx).graph;
  if (!graph || graph.arn !== arn) throw graphNotFound(ctx, arn);
  return graph;
}

/** Any graph by ARN, wherever it lives. */
function anyGraph(
  ctx: CallContext,
  arn: string | undefined,
): { graph: DetectiveGraph; admin: string } | undefined {
  const m = GRAPH_ARN.exec(arn ?? '');
  if (!m) return undefined;
  const graph = detectiveState(ctx.world, m[2]!, m[1]!).graph;
  return graph && graph.arn === arn ? { graph, admin: m[2]! } : undefined;
}

function requireOrgGraph(ctx: CallContext, arn: string | undefined): DetectiveGraph {
  if (!isVisibleAdmin(ctx)) {
    throw accessDenied(
      ctx,
      `Account ${ctx.account} is not the Detective administrator account for the organization.`,
    );
  }
  const graph = ownGraph(ctx, arn);
  if (!graph.organization)
    throw validation(ctx, `${arn} is not the organization behavior graph.`, 'INVALID_GRAPH_ARN');
  return graph;
}

/** Status now: organization members without 48 hours of GuardDuty are ACCEPTED_BUT_DISABLED ("Not enabled"). */
function memberStatus(ctx: CallContext, rec: DetectiveMemberRecord): MemberStatus {
  if (rec.invitationType === 'INVITATION') return 'INVITED';
  return detectiveGuardDutyReady(ctx.world, rec.accountId, ctx.region, ctx.clock.now())
    ? 'ENABLED'
    : 'ACCEPTED_BUT_DISABLED';
}

function memberView(
  ctx: CallContext,
  admin: string,
  graph: DetectiveGraph,
  rec: DetectiveMemberRecord,
): MemberDetail {
  const states: Partial<Record<DatasourcePackage, DatasourcePackageIngestState>> = {};
  for (const [p, s] of graph.packages) states[p] = s.state;
  return {
    AccountId: rec.accountId,
    EmailAddress: rec.email,
    GraphArn: graph.arn,
    AdministratorId: admin,
    MasterId: admin,
    Status: memberStatus(ctx, rec),
    InvitationType: rec.invitationType,
    InvitedTime: new Date(rec.invitedAt),
    UpdatedTime: new Date(rec.updatedAt),
    DatasourcePackageIngestStates: states,
  };
}

/**
 * Enables accounts that joined the organization after auto-enable was turned on as members of the
 * organization behavior graph; existing accounts are not enabled automatically.
 * https://docs.aws.amazon.com/detective/latest/userguide/accounts-orgs-members.html
 */
function reconcile(ctx: CallContext): void {
  const admin = orgAdmin(ctx);
  if (!admin) return;
  const graph = detectiveState(ctx.world, admin.accountId, ctx.region).graph;
  if (!graph?.organization || !graph.autoEnable || graph.autoEnableSince === undefined) return;
  for (const acct of ctx.world.activeMembers()) {
    if (acct.id === admin.accountId || acct.joinedAt <= graph.autoEnableSince || graph.members.has(acct.id))
      continue;
    if (graph.members.size >= DETECTIVE_MAX_MEMBERS) return;
    graph.members.set(acct.id, {
      accountId: acct.id,
      email: acct.email,
      invitationType: 'ORGANIZATION',
      invitedAt: acct.joinedAt,
      updatedAt: acct.joinedAt,
    });
  }
}

function accountList(ctx: CallContext, ids: readonly string[] | undefined): string[] {
  if (!ids || ids.length === 0) throw validation(ctx, 'AccountIds must contain at least one account.');
  if (ids.length > MAX_ACCOUNTS_PER_CALL) {
    throw validation(ctx, `At most ${MAX_ACCOUNTS_PER_CALL} accounts are accepted per call.`);
  }
  return [...new Set(ids)];
}

/** The simulated Amazon Detective service. */
export const detectiveService = defineService({
  name: DETECTIVE_SERVICE,
  clientName: 'DetectiveClient',
  scope: 'regional',
  protocol: 'rest-json',
  modeledErrors: MODELED,
  errors: { throttling: 'TooManyRequestsException' },
  operations: {
    CreateGraph: (ctx, input: CreateGraphCommandInput): Out<CreateGraphCommandOutput> => {
      const st = state(ctx);
      // Calling CreateGraph again returns the same graph.
      if (st.graph) return { GraphArn: st.graph.arn };
      const tags = input.Tags ?? {};
      if (Object.keys(tags).length > MAX_TAGS)
        throw validation(ctx, `At most ${MAX_TAGS} tags are accepted.`);
      // The account must have been enrolled in GuardDuty for at least 48 hours. The API names no error for
      // this; AccessDeniedException is the modelled error of CreateGraph that fits.
      if (!detectiveGuardDutyReady(ctx.world, ctx.account, ctx.region, ctx.clock.now())) {
        throw accessDenied(
          ctx,
          `Account ${ctx.account} must be enrolled in Amazon GuardDuty in ${ctx.region} for at least 48 hours before enabling Detective.`,
        );
      }
      st.graph = newGraph(ctx, ctx.account, tags, false);
      return { GraphArn: st.graph.arn };
    },

    DeleteGraph: (ctx, input: DeleteGraphCommandInput): Empty => {
      const graph = ownGraph(ctx, input.GraphArn);
      // The organization behavior graph goes away only when the management account removes the administrator.
      if (graph.organization && orgAdmin(ctx)?.accountId === ctx.account) {
        throw validation(
          ctx,
          'The organization behavior graph cannot be deleted by the Detective administrator.',
        );
      }
      delete state(ctx).graph;
      return {};
    },

    ListGraphs: (ctx, input: ListGraphsCommandInput): Out<ListGraphsCommandOutput> => {
      orgAdmin(ctx);
      const graph = state(ctx).graph;
      const all = graph ? [{ Arn: graph.arn, CreatedTime: new Date(graph.createdAt) }] : [];
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 100,
        limit: 200,
        errorName: 'ValidationException',
      });
      return { GraphList: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    EnableOrganizationAdminAccount: (ctx, input: EnableOrganizationAdminAccountCommandInput): Empty => {
      requireManagementAccount(ctx, 'AccessDeniedException', 403);
      const target = input.AccountId ?? '';
      if (!ACCOUNT_ID.test(target)) throw validation(ctx, 'AccountId must be a 12-digit account id.');
      if (!ctx.world.isActiveMember(target)) {
        throw validation(ctx, `Account ${target} is not an active member of the organization.`);
      }
      // Once a delegated administrator is registered in Organizations, only it or the management account may
      // be chosen. https://docs.aws.amazon.com/detective/latest/adminguide/accounts-designate-admin.html
      const registered = ctx.world.delegatedAdminsFor(DETECTIVE_PRINCIPAL);
      if (!ctx.world.isManagementAccount(target) && registered.length > 0 && !registered.includes(target)) {
        throw validation(
          ctx,
          `Account ${registered[0]} is already the delegated administrator for Detective.`,
        );
      }
      const current = orgAdmin(ctx);
      if (current?.accountId === target) return {};
      if (current) {
        throw validation(
          ctx,
          `Account ${current.accountId} is already the Detective administrator in ${ctx.region}.`,
        );
      }
      state(ctx).orgAdmin = { accountId: target, since: ctx.clock.now() };
      if (ctx.world.isManagementAccount(target)) {
        const org = ctx.world.organization!;
        if (!org.trustedAccess.has(DETECTIVE_PRINCIPAL))
          org.trustedAccess.set(DETECTIVE_PRINCIPAL, ctx.clock.now());
      } else {
        registerServiceAdmin(ctx, DETECTIVE_PRINCIPAL, target);
      }
      // The administrator's existing graph becomes the organization graph; otherwise a new one is created.
      const adminState = detectiveState(ctx.world, target, ctx.region);
      adminState.graph ??= newGraph(ctx, target, {}, true);
      adminState.graph.organization = true;
      for (const rec of adminState.graph.members.values()) {
        if (ctx.world.isActiveMember(rec.accountId)) rec.invitationType = 'ORGANIZATION';
      }
      return {};
    },

    DisableOrganizationAdminAccount: (ctx): Empty => {
      requireManagementAccount(ctx, 'AccessDeniedException', 403);
      const admin = orgAdmin(ctx);
      if (!admin) return {};
      // Removing the administrator deletes the organization behavior graph in this Region; the delegated
      // administrator registration in Organizations stays.
      const adminState = detectiveState(ctx.world, admin.accountId, ctx.region);
      if (adminState.graph?.organization) delete adminState.graph;
      delete state(ctx).orgAdmin;
      return {};
    },

    ListOrganizationAdminAccounts: (
      ctx,
      input: ListOrganizationAdminAccountsCommandInput,
    ): Out<ListOrganizationAdminAccountsCommandOutput> => {
      requireManagementAccount(ctx, 'AccessDeniedException', 403);
      const admin = orgAdmin(ctx);
      const graph = admin ? detectiveState(ctx.world, admin.accountId, ctx.region).graph : undefined;
      const all: Administrator[] = admin
        ? [{ AccountId: admin.accountId, GraphArn: graph?.arn, DelegationTime: new Date(admin.since) }]
        : [];
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 100,
        limit: 200,
        errorName: 'ValidationException',
      });
      return { Administrators: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    DescribeOrganizationConfiguration: (
      ctx,
      input: DescribeOrganizationConfigurationCommandInput,
    ): Out<DescribeOrganizationConfigurationCommandOutput> => {
      const graph = requireOrgGraph(ctx, input.GraphArn);
      return { AutoEnable: graph.autoEnable };
    },

    UpdateOrganizationConfiguration: (ctx, input: UpdateOrganizationConfigurationCommandInput): Empty => {
      const graph = requireOrgGraph(ctx, input.GraphArn);
      const on = input.AutoEnable ?? false;
      if (on && !graph.autoEnable) graph.autoEnableSince = ctx.clock.now();
      if (!on) delete graph.autoEnableSince;
      graph.autoEnable = on;
      return {};
    },

    CreateMembers: (ctx, input: CreateMembersCommandInput): Out<CreateMembersCommandOutput> => {
      reconcile(ctx);
      const graph = ownGraph(ctx, input.GraphArn);
      const accounts = input.Accounts ?? [];
      if (accounts.length === 0 || accounts.length > MAX_ACCOUNTS_PER_CALL) {
        throw validation(ctx, `Accounts must contain between 1 and ${MAX_ACCOUNTS_PER_CALL} accounts.`);
      }
      const asOrganization = graph.organization && isVisibleAdmin(ctx);
      const unprocessed: UnprocessedAccount[] = [];
      const added: DetectiveMemberRecord[] = [];
      for (const a of accounts) {
        const id = a.AccountId ?? '';
        if (!ACCOUNT_ID.test(id)) unprocessed.push({ AccountId: id, Reason: 'Invalid account identifier.' });
        else if (!EMAIL.test(a.EmailAddress ?? ''))
          unprocessed.push({ AccountId: id, Reason: 'Invalid email address.' });
        else if (id === ctx.account)
          unprocessed.push({ AccountId: id, Reason: 'The administrator account cannot be a member.' });
        else if (graph.members.has(id) || added.some((r) => r.accountId === id)) {
          unprocessed.push({
            AccountId: id,
            Reason: 'The account is already a member of the behavior graph.',
          });
        } else {
          const now = ctx.clock.now();
          added.push({
            accountId: id,
            email: a.EmailAddress!,
            invitationType: asOrganization && ctx.world.isActiveMember(id) ? 'ORGANIZATION' : 'INVITATION',
            invitedAt: now,
            updatedAt: now,
          });
        }
      }
      if (graph.members.size + added.length > DETECTIVE_MAX_MEMBERS) {
        throw ctx.error(
          'ServiceQuotaExceededException',
          `The request would cause the number of member accounts in the behavior graph to exceed ${DETECTIVE_MAX_MEMBERS}.`,
          { status: 402 },
        );
      }
      for (const rec of added) graph.members.set(rec.accountId, rec);
      return {
        Members: added.map((rec) => memberView(ctx, ctx.account, graph, rec)),
        UnprocessedAccounts: unprocessed,
      };
    },

    ListMembers: (ctx, input: ListMembersCommandInput): Out<ListMembersCommandOutput> => {
      reconcile(ctx);
      const graph = ownGraph(ctx, input.GraphArn);
      const all = [...graph.members.values()]
        .sort((a, b) => a.accountId.localeCompare(b.accountId))
        .map((rec) => memberView(ctx, ctx.account, graph, rec));
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 100,
        limit: 200,
        errorName: 'ValidationException',
      });
      return { MemberDetails: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    GetMembers: (ctx, input: GetMembersCommandInput): Out<GetMembersCommandOutput> => {
      reconcile(ctx);
      const graph = ownGraph(ctx, input.GraphArn);
      const details: MemberDetail[] = [];
      const unprocessed: UnprocessedAccount[] = [];
      for (const id of accountList(ctx, input.AccountIds)) {
        const rec = graph.members.get(id);
        if (rec) details.push(memberView(ctx, ctx.account, graph, rec));
        else
          unprocessed.push({ AccountId: id, Reason: 'The account is not a member of the behavior graph.' });
      }
      return { MemberDetails: details, UnprocessedAccounts: unprocessed };
    },

    DeleteMembers: (ctx, input: DeleteMembersCommandInput): Out<DeleteMembersCommandOutput> => {
      const graph = ownGraph(ctx, input.GraphArn);
      const deleted: string[] = [];
      const unprocessed: UnprocessedAccount[] = [];
      for (const id of accountList(ctx, input.AccountIds)) {
        if (id === ctx.account) {
          unprocessed.push({ AccountId: id, Reason: 'The administrator account cannot be removed.' });
        } else if (graph.members.delete(id)) {
          deleted.push(id);
        } else {
          unprocessed.push({ AccountId: id, Reason: 'The account is not a member of the behavior graph.' });
        }
      }
      return { AccountIds: deleted, UnprocessedAccounts: unprocessed };
    },

    DisassociateMembership: (ctx, input: DisassociateMembershipCommandInput): Empty => {
      const found = anyGraph(ctx, input.GraphArn);
      const rec = found?.graph.members.get(ctx.account);
      if (!found || !rec) throw graphNotFound(ctx, input.GraphArn);
      // Organization accounts cannot remove themselves from the organization behavior graph.
      // https://docs.aws.amazon.com/detective/latest/userguide/accounts.html
      if (rec.invitationType === 'ORGANIZATION') {
        throw validation(
          ctx,
          'Organization accounts cannot remove themselves from the organization behavior graph.',
        );
      }
      found.graph.members.delete(ctx.account);
      return {};
    },

    ListDatasourcePackages: (
      ctx,
      input: ListDatasourcePackagesCommandInput,
    ): Out<ListDatasourcePackagesCommandOutput> => {
      const graph = ownGraph(ctx, input.GraphArn);
      const entries = [...graph.packages.entries()];
      const { page, nextToken } = paginate(ctx, entries, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 100,
        limit: 200,
        errorName: 'ValidationException',
      });
      const packages: Partial<Record<DatasourcePackage, DatasourcePackageIngestDetail>> = {};
      for (const [p, s] of page) {
        packages[p] = {
          DatasourcePackageIngestState: s.state,
          LastIngestStateChange: { [s.state]: { Timestamp: new Date(s.changedAt) } },
        };
      }
      return { DatasourcePackages: packages, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    UpdateDatasourcePackages: (ctx, input: UpdateDatasourcePackagesCommandInput): Empty => {
      const graph = ownGraph(ctx, input.GraphArn);
      const list = input.DatasourcePackages ?? [];
      if (list.length === 0 || list.length > 25)
        throw validation(ctx, 'DatasourcePackages must hold 1 to 25 names.');
      for (const p of list)
        if (!PACKAGES.includes(p)) throw validation(ctx, `Unknown data source package ${p}.`);
      // UpdateDatasourcePackages starts the listed packages.
      const now = ctx.clock.now();
      for (const p of list) {
        const cur = graph.packages.get(p);
        if (cur?.state !== 'STARTED') graph.packages.set(p, { state: 'STARTED', changedAt: now });
      }
      return {};
    },

    ListTagsForResource: (
      ctx,
      input: ListTagsForResourceCommandInput,
    ): Out<ListTagsForResourceCommandOutput> => {
      return { Tags: { ...ownGraph(ctx, input.ResourceArn).tags } };
    },

    TagResource: (ctx, input: TagResourceCommandInput): Empty => {
      const graph = ownGraph(ctx, input.ResourceArn);
      const tags = { ...graph.tags, ...(input.Tags ?? {}) };
      if (Object.keys(tags).length > MAX_TAGS)
        throw validation(ctx, `At most ${MAX_TAGS} tags are accepted.`);
      graph.tags = tags;
      return {};
    },

    UntagResource: (ctx, input: UntagResourceCommandInput): Empty => {
      const graph = ownGraph(ctx, input.ResourceArn);
      for (const k of input.TagKeys ?? []) delete graph.tags[k];
      return {};
    },
  },
});
