/**
 * Amazon Macie in the sandbox: the Macie session of each account and Region, the delegated Macie
 * administrator designated by the management account (per Region), the organization configuration
 * (auto-enable for accounts that join later), member accounts, and the settings a verifier reads:
 * classification result export (S3 bucket + KMS key) and publication of findings to Security Hub.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/macie/latest/APIReference/macie.html (EnableMacie, GetMacieSession, …)
 * - https://docs.aws.amazon.com/macie/latest/APIReference/admin.html (Enable/DisableOrganizationAdminAccount)
 * - https://docs.aws.amazon.com/macie/latest/APIReference/members.html and members-id.html
 * - https://docs.aws.amazon.com/macie/latest/APIReference/members-disassociate-id.html
 * - https://docs.aws.amazon.com/macie/latest/APIReference/administrator.html
 * - https://docs.aws.amazon.com/macie/latest/APIReference/admin-configuration.html
 * - https://docs.aws.amazon.com/macie/latest/APIReference/classification-export-configuration.html
 * - https://docs.aws.amazon.com/macie/latest/APIReference/findings-publication-configuration.html
 * - https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-notes.html (designation rules)
 * - https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-integrate.html
 * - https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao.html (10,000 member accounts)
 * - https://docs.aws.amazon.com/macie/latest/user/securityhub-integration.html (publication defaults)
 * - https://docs.aws.amazon.com/macie/latest/APIReference/automated-discovery-configuration.html (automated
 *   sensitive data discovery: configured by the Macie administrator or a standalone account, per Region;
 *   `autoEnableOrganizationMembers` defaults to ALL)
 *
 * Error status codes follow the API reference tables: ValidationException 400, ServiceQuotaExceededException
 * 402, AccessDeniedException 403, ResourceNotFoundException 404, ConflictException 409.
 *
 * Propagation knob keys honoured (`SandboxKnobs.propagationDelayMs`):
 * - `macie2:admin` — after `EnableOrganizationAdminAccount`, the new administrator is not yet recognised as one
 *   (organization configuration and organization member calls fail with `ValidationException`) for this many ms.
 *
 * Modelling choice: automated sensitive data discovery starts DISABLED for a new Macie session and has to be
 * turned on with `UpdateAutomatedDiscoveryConfiguration`; a member account may read its status but not change
 * it (`AccessDeniedException`).
 *
 * Not modelled: invitations (`CreateInvitations`, `AcceptInvitation`), classification jobs, findings, the
 * per-account automated discovery switches (`BatchUpdateAutomatedDiscoveryAccounts`), and whether the export
 * bucket and key really exist and admit Macie.
 */
import type {
  AdminAccount,
  AutoEnableMode,
  AutomatedDiscoveryStatus,
  ClassificationExportConfiguration,
  CreateMemberCommandInput,
  CreateMemberCommandOutput,
  DeleteMemberCommandInput,
  DescribeOrganizationConfigurationCommandOutput,
  DisableOrganizationAdminAccountCommandInput,
  DisassociateMemberCommandInput,
  EnableMacieCommandInput,
  EnableOrganizationAdminAccountCommandInput,
  FindingPublishingFrequency,
  GetAdministratorAccountCommandOutput,
  GetAutomatedDiscoveryConfigurationCommandOutput,
  GetClassificationExportConfigurationCommandOutput,
  GetFindingsPublicationConfigurationCommandOutput,
  GetMacieSessionCommandOutput,
  GetMemberCommandInput,
  GetMemberCommandOutput,
  ListMembersCommandInput,
  ListMembersCommandOutput,
  ListOrganizationAdminAccountsCommandInput,
  ListOrganizationAdminAccountsCommandOutput,
  MacieStatus,
  Member,
  PutClassificationExportConfigurationCommandInput,
  PutClassificationExportConfigurationCommandOutput,
  PutFindingsPublicationConfigurationCommandInput,
  RelationshipStatus,
  SecurityHubConfiguration,
  UpdateAutomatedDiscoveryConfigurationCommandInput,
  UpdateMacieSessionCommandInput,
  UpdateOrganizationConfigurationCommandInput,
} from '@aws-sdk/client-macie2';
import {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
} from '@aws-sdk/client-macie2';
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

type Empty = Record<string, never>;

/** Service key of Macie in the sandbox (its IAM action prefix). */
export const MACIE_SERVICE = 'macie2';
/** Service principal of Macie in Organizations. */
export const MACIE_PRINCIPAL = 'macie.amazonaws.com';
/** Largest number of member accounts of one Macie administrator. */
export const MACIE_MAX_MEMBERS = 10_000;

const ACCOUNT_ID = /^\d{12}$/;
const FREQUENCIES: readonly FindingPublishingFrequency[] = ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'];
const STATUSES: readonly MacieStatus[] = ['ENABLED', 'PAUSED'];
const DISCOVERY_STATUSES: readonly AutomatedDiscoveryStatus[] = ['ENABLED', 'DISABLED'];
const AUTO_ENABLE_MODES: readonly AutoEnableMode[] = ['ALL', 'NEW', 'NONE'];
const KMS_KEY_ARN = /^arn:aws[-a-z]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;

/** The Macie session of an account in a Region (exists while Macie is enabled). */
export interface MacieSession {
  /** ENABLED or PAUSED (suspended). */
  status: MacieStatus;
  /** How often updated findings are published. */
  findingPublishingFrequency: FindingPublishingFrequency;
  /** When Macie was enabled (epoch ms). */
  createdAt: number;
  /** Last change (epoch ms). */
  updatedAt: number;
}

/** A member account as its administrator sees it. */
export interface MacieMemberRecord {
  /** Member account id. */
  accountId: string;
  /** Email given when the member was added. */
  email: string;
  /** Stored relationship status (see {@link memberStatus} for the status reported now). */
  relationshipStatus: RelationshipStatus;
  /** True when the member was added through Organizations, false for invitation-based members. */
  viaOrganization: boolean;
  /** When the member was added (epoch ms). */
  invitedAt: number;
  /** Last change (epoch ms). */
  updatedAt: number;
  /** Tags of the member resource. */
  tags: Record<string, string>;
}

/** Macie state of one account in one Region. */
export interface MacieState {
  /** Present while Macie is enabled. */
  session?: MacieSession;
  /** This account's Macie administrator, when it is a member. */
  administrator?: { accountId: string; invitedAt: number };
  /** Members of this account (when it is an administrator), by account id. */
  members: Map<string, MacieMemberRecord>;
  /** Organization configuration: automatically add accounts that join the organization later. */
  autoEnable: boolean;
  /** When `autoEnable` was last turned on (epoch ms); accounts that join after this are added. */
  autoEnableSince?: number;
  /** Where classification results are stored. */
  classificationExport?: ClassificationExportConfiguration;
  /** Publication of findings to Security Hub. */
  securityHub: SecurityHubConfiguration;
  /** Only in the management account's state: the delegated Macie administrator designated in this Region. */
  orgAdmin?: { accountId: string; since: number };
  /** Automated sensitive data discovery (absent: never configured, reported as DISABLED). */
  automatedDiscovery?: MacieAutomatedDiscovery;
}

/** Automated sensitive data discovery settings of an administrator or standalone account in a Region. */
export interface MacieAutomatedDiscovery {
  /** ENABLED or DISABLED. */
  status: AutomatedDiscoveryStatus;
  /** For an administrator: which member accounts it is switched on for automatically. */
  autoEnableOrganizationMembers: AutoEnableMode;
  /** First time it was enabled (epoch ms). */
  firstEnabledAt?: number;
  /** Last time it was disabled (epoch ms). */
  disabledAt?: number;
  /** Last change (epoch ms). */
  lastUpdatedAt: number;
}

/**
 * Macie's documented default: only policy findings are published to Security Hub.
 * https://docs.aws.amazon.com/macie/latest/user/securityhub-integration.html
 */
function defaultPublication(): SecurityHubConfiguration {
  return { publishPolicyFindings: true, publishClassificationFindings: false };
}

function initState(): MacieState {
  return { members: new Map(), autoEnable: false, securityHub: defaultPublication() };
}

/** Macie state of `account` in `region` (created empty on first use). */
export function macieState(world: SandboxWorld, account: string, region: string): MacieState {
  return world.regional(MACIE_SERVICE, account, region, initState);
}

/** The delegated Macie administrator designated for the organization in `region`, if any. */
export function macieOrgAdmin(
  world: SandboxWorld,
  region: string,
): { accountId: string; since: number } | undefined {
  const mgmt = world.organization?.managementAccountId;
  return mgmt ? macieState(world, mgmt, region).orgAdmin : undefined;
}

/** Enables Macie for an account directly (scenario builders), as `EnableMacie` would. */
export function enableMacieFor(
  world: SandboxWorld,
  account: string,
  region: string,
  at: number,
): MacieSession {
  const st = macieState(world, account, region);
  st.session ??= {
    status: 'ENABLED',
    findingPublishingFrequency: 'FIFTEEN_MINUTES',
    createdAt: at,
    updatedAt: at,
  };
  return st.session;
}

function state(ctx: CallContext): MacieState {
  return ctx.regional(initState);
}

function other(ctx: CallContext, account: string): MacieState {
  return macieState(ctx.world, account, ctx.region);
}

function validation(ctx: CallContext, message: string): Error {
  return ctx.error('ValidationException', message, { status: 400 });
}

/**
 * Most Macie operations answer AccessDeniedException "Macie is not enabled." for an account without a session.
 * Observed in the wild: https://github.com/turbot/steampipe-plugin-aws/pull/643,
 * https://github.com/DataBiosphere/azul/issues/5779 (GetMacieSession).
 */
function requireEnabled(ctx: CallContext): MacieState {
  const st = state(ctx);
  if (!st.session) throw ctx.error('AccessDeniedException', 'Macie is not enabled.', { status: 403 });
  return st;
}

/** True when the caller is this Region's delegated Macie administrator and the designation has propagated. */
function isVisibleAdmin(ctx: CallContext): boolean {
  const admin = macieOrgAdmin(ctx.world, ctx.region);
  return (
    admin !== undefined &&
    admin.accountId === ctx.account &&
    ctx.clock.now() >= admin.since + ctx.propagationDelay('macie2:admin')
  );
}

function requireOrgAdmin(ctx: CallContext): MacieState {
  const st = requireEnabled(ctx);
  if (!isVisibleAdmin(ctx)) {
    throw validation(
      ctx,
      `The request failed because account ${ctx.account} isn't the delegated Macie administrator for the organization.`,
    );
  }
  return st;
}

/** Adds `account` as an organization member of `admin`, enabling Macie for it if needed. */
function associate(
  ctx: CallContext,
  admin: MacieState,
  adminId: string,
  account: string,
  email: string,
): void {
  const now = ctx.clock.now();
  admin.members.set(account, {
    accountId: account,
    email,
    relationshipStatus: 'Enabled',
    viaOrganization: true,
    invitedAt: now,
    updatedAt: now,
    tags: admin.members.get(account)?.tags ?? {},
  });
  const member = other(ctx, account);
  enableMacieFor(ctx.world, account, ctx.region, now);
  member.administrator = { accountId: adminId, invitedAt: now };
}

function disassociate(ctx: CallContext, adminId: string, rec: MacieMemberRecord): void {
  rec.relationshipStatus = 'Removed';
  rec.updatedAt = ctx.clock.now();
  const member = other(ctx, rec.accountId);
  // Macie stays enabled for a removed member: it becomes a standalone Macie account.
  // https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-disable.html
  if (member.administrator?.accountId === adminId) delete member.administrator;
}

/**
 * Adds accounts that joined the organization after auto-enable was turned on, as Macie does for new accounts
 * (existing accounts are never added automatically).
 * https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-integrate.html
 */
function reconcile(ctx: CallContext): void {
  const admin = macieOrgAdmin(ctx.world, ctx.region);
  if (!admin) return;
  const st = other(ctx, admin.accountId);
  if (!st.autoEnable || st.autoEnableSince === undefined || !st.session) return;
  for (const acct of ctx.world.activeMembers()) {
    if (acct.id === admin.accountId || acct.joinedAt <= st.autoEnableSince || st.members.has(acct.id))
      continue;
    if (!acct.enabledRegions.has(ctx.region)) continue;
    if (st.members.size >= MACIE_MAX_MEMBERS) return;
    associate(ctx, st, admin.accountId, acct.id, acct.email);
  }
}

/** The relationship status reported now, which also reflects the member's own state. */
function memberStatus(ctx: CallContext, rec: MacieMemberRecord): RelationshipStatus {
  if (rec.relationshipStatus !== 'Enabled') return rec.relationshipStatus;
  const acct = ctx.world.account(rec.accountId);
  if (acct && acct.status !== 'ACTIVE') return 'AccountSuspended';
  if (acct && !acct.enabledRegions.has(ctx.region)) return 'RegionDisabled';
  const session = other(ctx, rec.accountId).session;
  if (!session) return 'Removed';
  return session.status === 'PAUSED' ? 'Paused' : 'Enabled';
}

function memberView(ctx: CallContext, rec: MacieMemberRecord): Member {
  return {
    accountId: rec.accountId,
    administratorAccountId: ctx.account,
    masterAccountId: ctx.account,
    arn: memberArn(ctx, rec.accountId),
    email: rec.email,
    invitedAt: new Date(rec.invitedAt),
    updatedAt: new Date(rec.updatedAt),
    relationshipStatus: memberStatus(ctx, rec),
    tags: { ...rec.tags },
  };
}

function memberArn(ctx: CallContext, account: string): string {
  return `arn:${ctx.world.partition}:macie2:${ctx.region}:${ctx.account}:member/${account}`;
}

function findMember(ctx: CallContext, st: MacieState, id: string | undefined): MacieMemberRecord {
  const rec = st.members.get(id ?? '');
  if (!rec) {
    throw ctx.error('ResourceNotFoundException', `The request failed because account ${id} isn't a member.`, {
      status: 404,
    });
  }
  return rec;
}

/** The simulated Amazon Macie service. */
export const macieService = defineService({
  name: MACIE_SERVICE,
  clientName: 'Macie2Client',
  scope: 'regional',
  protocol: 'rest-json',
  modeledErrors: MODELED,
  operations: {
    EnableMacie: (ctx, input: EnableMacieCommandInput): Empty => {
      const st = state(ctx);
      if (st.session) {
        throw ctx.error('ConflictException', 'Macie is already enabled for this account in this Region.', {
          status: 409,
        });
      }
      const status = input.status ?? 'ENABLED';
      const frequency = input.findingPublishingFrequency ?? 'FIFTEEN_MINUTES';
      if (!STATUSES.includes(status)) throw validation(ctx, `Invalid status ${status}.`);
      if (!FREQUENCIES.includes(frequency))
        throw validation(ctx, `Invalid findingPublishingFrequency ${frequency}.`);
      const now = ctx.clock.now();
      st.session = { status, findingPublishingFrequency: frequency, createdAt: now, updatedAt: now };
      return {};
    },

    GetMacieSession: (ctx): Out<GetMacieSessionCommandOutput> => {
      reconcile(ctx);
      const { session } = requireEnabled(ctx);
      return {
        status: session!.status,
        findingPublishingFrequency: session!.findingPublishingFrequency,
        createdAt: new Date(session!.createdAt),
        updatedAt: new Date(session!.updatedAt),
        serviceRole: `arn:${ctx.world.partition}:iam::${ctx.account}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`,
      };
    },

    UpdateMacieSession: (ctx, input: UpdateMacieSessionCommandInput): Empty => {
      const { session } = requireEnabled(ctx);
      if (input.status !== undefined && !STATUSES.includes(input.status)) {
        throw validation(ctx, `Invalid status ${input.status}.`);
      }
      if (
        input.findingPublishingFrequency !== undefined &&
        !FREQUENCIES.includes(input.findingPublishingFrequency)
      ) {
        throw validation(ctx, `Invalid findingPublishingFrequency ${input.findingPublishingFrequency}.`);
      }
      if (input.status) session!.status = input.status;
      if (input.findingPublishingFrequency)
        session!.findingPublishingFrequency = input.findingPublishingFrequency;
      session!.updatedAt = ctx.clock.now();
      return {};
    },

    DisableMacie: (ctx): Empty => {
      const st = requireEnabled(ctx);
      // Disabling deletes the account's Macie settings and resources; members are released.
      // https://docs.aws.amazon.com/macie/latest/APIReference/macie.html (DELETE /macie)
      for (const rec of st.members.values())
        if (rec.relationshipStatus === 'Enabled') disassociate(ctx, ctx.account, rec);
      st.members.clear();
      delete st.session;
      delete st.classificationExport;
      delete st.administrator;
      st.securityHub = defaultPublication();
      delete st.automatedDiscovery;
      st.autoEnable = false;
      delete st.autoEnableSince;
      return {};
    },

    EnableOrganizationAdminAccount: (ctx, input: EnableOrganizationAdminAccountCommandInput): Empty => {
      requireManagementAccount(ctx, 'ValidationException');
      const target = input.adminAccountId ?? '';
      if (!ACCOUNT_ID.test(target)) throw validation(ctx, 'adminAccountId must be a 12-digit account id.');
      if (!ctx.world.isActiveMember(target)) {
        throw validation(ctx, `Account ${target} is not an active member of the organization.`);
      }
      const current = macieOrgAdmin(ctx.world, ctx.region);
      if (current?.accountId === target) return {};
      // One delegated Macie administrator per organization, the same in every Region.
      // https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-notes.html
      if (current) {
        throw ctx.error(
          'ConflictException',
          `Account ${current.accountId} is already the delegated Macie administrator.`,
          {
            status: 409,
          },
        );
      }
      for (const slice of ctx.world.slices<MacieState>(MACIE_SERVICE)) {
        if (
          slice.account === ctx.account &&
          slice.state.orgAdmin &&
          slice.state.orgAdmin.accountId !== target
        ) {
          throw ctx.error(
            'ConflictException',
            `The delegated Macie administrator must be the same in all Regions; it is ${slice.state.orgAdmin.accountId} in ${slice.region}.`,
            { status: 409 },
          );
        }
      }
      // An account can't be a Macie administrator and a member at the same time.
      const targetState = other(ctx, target);
      if (targetState.administrator) {
        throw ctx.error(
          'ConflictException',
          `Account ${target} is a Macie member of ${targetState.administrator.accountId}; remove it first.`,
          { status: 409 },
        );
      }
      const now = ctx.clock.now();
      state(ctx).orgAdmin = { accountId: target, since: now };
      // The management account may designate itself (not recommended); it is then not registered as a
      // delegated administrator in Organizations, which never lists the management account.
      if (ctx.world.isManagementAccount(target)) {
        const org = ctx.world.organization!;
        if (!org.trustedAccess.has(MACIE_PRINCIPAL)) org.trustedAccess.set(MACIE_PRINCIPAL, now);
      } else {
        registerServiceAdmin(ctx, MACIE_PRINCIPAL, target);
      }
      // Designation enables Macie for the administrator in this Region.
      // https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-integrate.html
      enableMacieFor(ctx.world, target, ctx.region, now);
      return {};
    },

    DisableOrganizationAdminAccount: (ctx, input: DisableOrganizationAdminAccountCommandInput): Empty => {
      requireManagementAccount(ctx, 'ValidationException');
      const st = state(ctx);
      if (!st.orgAdmin || st.orgAdmin.accountId !== input.adminAccountId) {
        throw ctx.error(
          'ResourceNotFoundException',
          `Account ${input.adminAccountId} is not the delegated Macie administrator in ${ctx.region}.`,
          { status: 404 },
        );
      }
      const adminId = st.orgAdmin.accountId;
      const admin = other(ctx, adminId);
      // Organization members become standalone Macie accounts; Macie stays enabled for them.
      for (const rec of admin.members.values()) {
        if (rec.viaOrganization && rec.relationshipStatus !== 'Removed') disassociate(ctx, adminId, rec);
      }
      delete st.orgAdmin;
      const elsewhere = [...ctx.world.slices<MacieState>(MACIE_SERVICE)].some(
        (s) => s.account === ctx.account && s.state.orgAdmin?.accountId === adminId,
      );
      if (!elsewhere) deregisterServiceAdmin(ctx, MACIE_PRINCIPAL, adminId);
      return {};
    },

    ListOrganizationAdminAccounts: (
      ctx,
      input: ListOrganizationAdminAccountsCommandInput,
    ): Out<ListOrganizationAdminAccountsCommandOutput> => {
      requireManagementAccount(ctx, 'ValidationException');
      const admin = state(ctx).orgAdmin;
      const all: AdminAccount[] = admin ? [{ accountId: admin.accountId, status: 'ENABLED' }] : [];
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.maxResults,
        nextToken: input.nextToken,
        defaultMax: 25,
        limit: 25,
        errorName: 'ValidationException',
      });
      return { adminAccounts: page, ...(nextToken ? { nextToken } : {}) };
    },

    DescribeOrganizationConfiguration: (ctx): Out<DescribeOrganizationConfigurationCommandOutput> => {
      reconcile(ctx);
      const st = requireOrgAdmin(ctx);
      return { autoEnable: st.autoEnable, maxAccountLimitReached: st.members.size >= MACIE_MAX_MEMBERS };
    },

    UpdateOrganizationConfiguration: (ctx, input: UpdateOrganizationConfigurationCommandInput): Empty => {
      const st = requireOrgAdmin(ctx);
      if (typeof input.autoEnable !== 'boolean') throw validation(ctx, 'autoEnable is required.');
      if (input.autoEnable && !st.autoEnable) st.autoEnableSince = ctx.clock.now();
      if (!input.autoEnable) delete st.autoEnableSince;
      st.autoEnable = input.autoEnable;
      return {};
    },

    CreateMember: (ctx, input: CreateMemberCommandInput): Out<CreateMemberCommandOutput> => {
      const st = requireEnabled(ctx);
      const id = input.account?.accountId ?? '';
      const email = input.account?.email ?? '';
      if (!ACCOUNT_ID.test(id)) throw validation(ctx, 'account.accountId must be a 12-digit account id.');
      if (!email) throw validation(ctx, 'account.email is required.');
      if (id === ctx.account) throw validation(ctx, 'An account cannot be a member of itself.');
      const existing = st.members.get(id);
      if (existing && existing.relationshipStatus !== 'Removed') {
        throw ctx.error('ConflictException', `Account ${id} is already a member.`, { status: 409 });
      }
      const memberState = other(ctx, id);
      if (memberState.administrator && memberState.administrator.accountId !== ctx.account) {
        throw ctx.error(
          'ConflictException',
          `Account ${id} is already associated with Macie administrator ${memberState.administrator.accountId}.`,
          { status: 409 },
        );
      }
      if (macieOrgAdmin(ctx.world, ctx.region)?.accountId === id) {
        throw ctx.error('ConflictException', `Account ${id} is the delegated Macie administrator.`, {
          status: 409,
        });
      }
      const active = [...st.members.values()].filter((m) => m.relationshipStatus !== 'Removed').length;
      // A Macie administrator can manage up to 10,000 member accounts.
      // https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao.html
      if (active >= MACIE_MAX_MEMBERS) {
        throw ctx.error(
          'ServiceQuotaExceededException',
          `The limit of ${MACIE_MAX_MEMBERS} members is reached.`,
          {
            status: 402,
          },
        );
      }
      const designated = macieOrgAdmin(ctx.world, ctx.region)?.accountId === ctx.account;
      if (designated && !isVisibleAdmin(ctx)) {
        throw validation(
          ctx,
          `The delegated Macie administrator designation of ${ctx.account} is not active yet.`,
        );
      }
      if (designated && ctx.world.isActiveMember(id)) {
        associate(ctx, st, ctx.account, id, email);
      } else {
        // Accounts outside the organization join by invitation; until then their status is Created.
        const now = ctx.clock.now();
        st.members.set(id, {
          accountId: id,
          email,
          relationshipStatus: 'Created',
          viaOrganization: false,
          invitedAt: now,
          updatedAt: now,
          tags: {},
        });
      }
      st.members.get(id)!.tags = { ...(input.tags ?? {}) };
      return { arn: memberArn(ctx, id) };
    },

    ListMembers: (ctx, input: ListMembersCommandInput): Out<ListMembersCommandOutput> => {
      reconcile(ctx);
      const st = requireEnabled(ctx);
      const only = input.onlyAssociated ?? 'true';
      if (only !== 'true' && only !== 'false') throw validation(ctx, 'onlyAssociated must be true or false.');
      // By default only current members are listed; onlyAssociated=false adds removed ones.
      // https://docs.aws.amazon.com/macie/latest/APIReference/members.html
      const all = [...st.members.values()]
        .map((rec) => memberView(ctx, rec))
        .filter(
          (m) =>
            only === 'false' || (m.relationshipStatus !== 'Removed' && m.relationshipStatus !== 'Resigned'),
        )
        .sort((a, b) => a.accountId!.localeCompare(b.accountId!));
      // The page size has no documented maximum; the sandbox accepts up to 50.
      const { page, nextToken } = paginate(ctx, all, {
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
      const st = requireEnabled(ctx);
      return memberView(ctx, findMember(ctx, st, input.id));
    },

    DisassociateMember: (ctx, input: DisassociateMemberCommandInput): Empty => {
      const st = requireEnabled(ctx);
      const rec = findMember(ctx, st, input.id);
      disassociate(ctx, ctx.account, rec);
      return {};
    },

    DeleteMember: (ctx, input: DeleteMemberCommandInput): Empty => {
      const st = requireEnabled(ctx);
      const rec = findMember(ctx, st, input.id);
      if (rec.relationshipStatus !== 'Removed') disassociate(ctx, ctx.account, rec);
      st.members.delete(rec.accountId);
      return {};
    },

    GetAdministratorAccount: (ctx): Out<GetAdministratorAccountCommandOutput> => {
      reconcile(ctx);
      const st = requireEnabled(ctx);
      if (!st.administrator) return {};
      const rec = other(ctx, st.administrator.accountId).members.get(ctx.account);
      return {
        administrator: {
          accountId: st.administrator.accountId,
          invitedAt: new Date(st.administrator.invitedAt),
          relationshipStatus: rec ? memberStatus(ctx, rec) : 'Removed',
        },
      };
    },

    GetAutomatedDiscoveryConfiguration: (ctx): Out<GetAutomatedDiscoveryConfigurationCommandOutput> => {
      const st = requireEnabled(ctx);
      const d = st.automatedDiscovery;
      if (!d) return { status: 'DISABLED' };
      return {
        status: d.status,
        ...(isVisibleAdmin(ctx) ? { autoEnableOrganizationMembers: d.autoEnableOrganizationMembers } : {}),
        ...(d.firstEnabledAt !== undefined ? { firstEnabledAt: new Date(d.firstEnabledAt) } : {}),
        ...(d.disabledAt !== undefined ? { disabledAt: new Date(d.disabledAt) } : {}),
        lastUpdatedAt: new Date(d.lastUpdatedAt),
      };
    },

    UpdateAutomatedDiscoveryConfiguration: (
      ctx,
      input: UpdateAutomatedDiscoveryConfigurationCommandInput,
    ): Empty => {
      const st = requireEnabled(ctx);
      if (st.administrator) {
        throw ctx.error(
          'AccessDeniedException',
          `Account ${ctx.account} is a Macie member account; only its Macie administrator can change automated sensitive data discovery.`,
          { status: 403 },
        );
      }
      if (!input.status || !DISCOVERY_STATUSES.includes(input.status)) {
        throw validation(ctx, `status must be one of ${DISCOVERY_STATUSES.join(', ')}.`);
      }
      const mode = input.autoEnableOrganizationMembers;
      if (mode !== undefined && !AUTO_ENABLE_MODES.includes(mode)) {
        throw validation(
          ctx,
          `autoEnableOrganizationMembers must be one of ${AUTO_ENABLE_MODES.join(', ')}.`,
        );
      }
      const now = ctx.clock.now();
      const prev = st.automatedDiscovery;
      st.automatedDiscovery = {
        status: input.status,
        autoEnableOrganizationMembers: mode ?? prev?.autoEnableOrganizationMembers ?? 'ALL',
        lastUpdatedAt: now,
        ...(prev?.firstEnabledAt !== undefined
          ? { firstEnabledAt: prev.firstEnabledAt }
          : input.status === 'ENABLED'
            ? { firstEnabledAt: now }
            : {}),
        ...(input.status === 'DISABLED'
          ? { disabledAt: now }
          : prev?.disabledAt !== undefined
            ? { disabledAt: prev.disabledAt }
            : {}),
      };
      return {};
    },

    GetClassificationExportConfiguration: (ctx): Out<GetClassificationExportConfigurationCommandOutput> => {
      const st = requireEnabled(ctx);
      return st.classificationExport ? { configuration: structuredClone(st.classificationExport) } : {};
    },

    PutClassificationExportConfiguration: (
      ctx,
      input: PutClassificationExportConfigurationCommandInput,
    ): Out<PutClassificationExportConfigurationCommandOutput> => {
      const st = requireEnabled(ctx);
      const dest = input.configuration?.s3Destination;
      if (!dest?.bucketName) throw validation(ctx, 'configuration.s3Destination.bucketName is required.');
      // Macie encrypts classification results with a symmetric KMS key given by ARN.
      // https://docs.aws.amazon.com/macie/latest/user/discovery-results-repository-s3.html
      if (!dest.kmsKeyArn || !KMS_KEY_ARN.test(dest.kmsKeyArn)) {
        throw validation(ctx, 'configuration.s3Destination.kmsKeyArn must be the ARN of a KMS key.');
      }
      if (dest.expectedBucketOwner !== undefined && !ACCOUNT_ID.test(dest.expectedBucketOwner)) {
        throw validation(
          ctx,
          'configuration.s3Destination.expectedBucketOwner must be a 12-digit account id.',
        );
      }
      st.classificationExport = { s3Destination: { ...dest } };
      return { configuration: structuredClone(st.classificationExport) };
    },

    GetFindingsPublicationConfiguration: (ctx): Out<GetFindingsPublicationConfigurationCommandOutput> => {
      const st = requireEnabled(ctx);
      return { securityHubConfiguration: { ...st.securityHub } };
    },

    PutFindingsPublicationConfiguration: (
      ctx,
      input: PutFindingsPublicationConfigurationCommandInput,
    ): Empty => {
      const st = requireEnabled(ctx);
      const c = input.securityHubConfiguration;
      if (
        !c ||
        typeof c.publishClassificationFindings !== 'boolean' ||
        typeof c.publishPolicyFindings !== 'boolean'
      ) {
        throw validation(
          ctx,
          'securityHubConfiguration.publishClassificationFindings and publishPolicyFindings are required.',
        );
      }
      st.securityHub = {
        publishClassificationFindings: c.publishClassificationFindings,
        publishPolicyFindings: c.publishPolicyFindings,
      };
      return {};
    },
  },
});
