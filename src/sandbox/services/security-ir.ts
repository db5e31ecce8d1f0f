/**
 * AWS Security Incident Response in the sandbox: memberships (the subscription), read through
 * `ListMemberships`, `GetMembership` and `BatchGetMemberAccountDetails`. Memberships are laid down with
 * {@link seedSecurityIrMembership} (the sandbox does not simulate `CreateMembership`: sra-kit never creates
 * one, the subscription is a purchase).
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/security-ir/latest/APIReference/API_ListMemberships.html (`maxResults` 1–25)
 * - https://docs.aws.amazon.com/security-ir/latest/APIReference/API_GetMembership.html (`membershipId`
 *   matches `m-[a-z0-9]{10,32}`)
 * - https://docs.aws.amazon.com/security-ir/latest/APIReference/API_BatchGetMemberAccountDetails.html
 *   (1–100 twelve-digit account ids; `Associated` / `Disassociated` / `Unassociated`, `Organization` /
 *   `Unrelated`)
 * - https://docs.aws.amazon.com/security-ir/latest/userguide/select-a-membership-account.html (the membership
 *   is created in the management account or in the delegated administrator account)
 * - https://docs.aws.amazon.com/security-ir/latest/userguide/considerations_important.html (one delegated
 *   administrator; the membership is set up in one Region and covers the organization from there)
 *
 * Error status codes, from the API reference: AccessDeniedException 403, ResourceNotFoundException 404,
 * ValidationException 400, SecurityIncidentResponseNotActiveException 400, ThrottlingException 429.
 *
 * Modelled, where the documentation is silent:
 * - a membership is visible only to the account that owns it (`ListMemberships` elsewhere lists nothing,
 *   `GetMembership` elsewhere is `ResourceNotFoundException`);
 * - `ListMemberships` lists the owner's memberships whatever Region it is called in, each with its Region;
 *   `GetMembership` and `BatchGetMemberAccountDetails` answer only in the membership's Region
 *   (`ResourceNotFoundException` elsewhere), because cases and settings are managed there;
 * - `BatchGetMemberAccountDetails` on a membership that is not `Active` fails with
 *   `SecurityIncidentResponseNotActiveException`;
 * - a bad `nextToken` is a `ValidationException`.
 *
 * Not modelled: cases, investigations, tags, `CreateMembership` / `UpdateMembership` / `CancelMembership`.
 */
import {
  SECURITY_IR_ERRORS,
  type BatchGetMemberAccountDetailsCommandInput,
  type BatchGetMemberAccountDetailsResponse,
  type CustomerType,
  type GetMembershipAccountDetailItem,
  type GetMembershipCommandInput,
  type GetMembershipResponse,
  type IncidentResponder,
  type ListMembershipItem,
  type ListMembershipsCommandInput,
  type ListMembershipsResponse,
  type MembershipStatus,
} from '../../aws/clients/security-ir/index.js';
import { paginate } from '../core/paginate.js';
import { defineService, type CallContext } from '../core/service.js';
import type { SandboxWorld } from '../core/state.js';

/** Service key of the simulated service (also the IAM action prefix). */
export const SECURITY_IR_SERVICE = 'security-ir';
/** Service principal of Security Incident Response in Organizations. */
export const SECURITY_IR_SERVICE_PRINCIPAL = 'security-ir.amazonaws.com';

const MEMBERSHIP_ID = /^m-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^[0-9]{12}$/;
/** `ListMemberships` page size limit. */
const LIST_MAX = 25;
/** `BatchGetMemberAccountDetails` account limit. */
const BATCH_MAX = 100;

/** A membership as the sandbox keeps it. */
interface MembershipRecord {
  id: string;
  arn: string;
  account: string;
  region: string;
  name: string;
  status: MembershipStatus;
  customerType: CustomerType;
  activatedAt: number;
  deactivatedAt: number | undefined;
  team: IncidentResponder[];
  triage: boolean;
  coverEntireOrganization: boolean;
  organizationalUnits: string[];
  disassociated: Set<string>;
}

/** Per-account state: the memberships the account owns, in creation order. */
interface AccountState {
  memberships: MembershipRecord[];
}

function accountState(world: SandboxWorld, account: string): AccountState {
  return world.global<AccountState>(SECURITY_IR_SERVICE, account, () => ({ memberships: [] }));
}

/** A membership to lay down with {@link seedSecurityIrMembership}. */
export interface SecurityIrMembershipSeed {
  /** Owner: the management account or the delegated Security Incident Response administrator. */
  account: string;
  /** Region the membership is managed in; must be enabled for the owner. */
  region: string;
  /** Membership name. @default 'sra-kit membership' */
  name?: string;
  /** @default 'Active' */
  status?: MembershipStatus;
  /** Proactive response (the `Triage` opt-in feature). @default true */
  triage?: boolean;
  /** The incident response team. @default two placeholder responders (the documented minimum) */
  team?: IncidentResponder[];
  /** Cover every account of the organization. @default true (unless `organizationalUnits` is given) */
  coverEntireOrganization?: boolean;
  /** OU ids whose accounts (in nested OUs too) are covered. @default none */
  organizationalUnits?: string[];
  /** Accounts removed from the membership (reported `Disassociated`). @default none */
  disassociatedAccounts?: string[];
  /** Activation time, epoch ms. @default 0 */
  at?: number;
}

/**
 * Lays down a membership as AWS would hold it after `CreateMembership` (scenarios and tests use it: the
 * subscription is optional in the SRA, so no scenario has one by default). Throws when the owner could not
 * have created it: not the management account or the delegated administrator of
 * `security-ir.amazonaws.com`, a Region the owner has not enabled, or an active membership already exists
 * for the organization. Returns the membership id.
 */
export function seedSecurityIrMembership(world: SandboxWorld, seed: SecurityIrMembershipSeed): string {
  const owner = world.account(seed.account);
  if (!owner) throw new Error(`seedSecurityIrMembership: no account ${seed.account}`);
  if (!owner.enabledRegions.has(seed.region)) {
    throw new Error(`seedSecurityIrMembership: ${seed.region} is not enabled for ${seed.account}`);
  }
  const inOrganization = world.isMember(seed.account);
  if (
    inOrganization &&
    !world.isManagementAccount(seed.account) &&
    !world.delegatedAdminsFor(SECURITY_IR_SERVICE_PRINCIPAL).includes(seed.account)
  ) {
    throw new Error(
      `seedSecurityIrMembership: ${seed.account} is neither the management account nor the delegated ` +
        `administrator of ${SECURITY_IR_SERVICE_PRINCIPAL}`,
    );
  }
  const status = seed.status ?? 'Active';
  const sameOwner = (a: string): boolean => (inOrganization ? world.isMember(a) : a === seed.account);
  if (status === 'Active') {
    for (const slice of world.slices<AccountState>(SECURITY_IR_SERVICE)) {
      if (sameOwner(slice.account) && slice.state.memberships.some((m) => m.status === 'Active')) {
        throw new Error('seedSecurityIrMembership: the organization already has an active membership');
      }
    }
  }
  const mine = accountState(world, seed.account);
  const id = `m-${seed.account}${(mine.memberships.length + 1).toString(36).padStart(4, '0')}`;
  const at = seed.at ?? 0;
  mine.memberships.push({
    id,
    arn: `arn:${world.partition}:security-ir:${seed.region}:${seed.account}:membership/${id}`,
    account: seed.account,
    region: seed.region,
    name: seed.name ?? 'sra-kit membership',
    status,
    customerType: inOrganization ? 'Organization' : 'Standalone',
    activatedAt: at,
    deactivatedAt: status === 'Active' ? undefined : at,
    team: seed.team ?? [
      { name: 'Responder One', jobTitle: 'Security Engineer', email: 'responder1@example.com' },
      { name: 'Responder Two', jobTitle: 'Security Lead', email: 'responder2@example.com' },
    ],
    triage: seed.triage ?? true,
    coverEntireOrganization: seed.coverEntireOrganization ?? seed.organizationalUnits === undefined,
    organizationalUnits: [...(seed.organizationalUnits ?? [])],
    disassociated: new Set(seed.disassociatedAccounts ?? []),
  });
  return id;
}

/** The OU ids `account` sits in, innermost first (the root excluded). */
function ouChain(world: SandboxWorld, account: string): string[] {
  const org = world.organization;
  const chain: string[] = [];
  let parent = world.account(account)?.parentId;
  while (parent && org?.ous.has(parent)) {
    chain.push(parent);
    parent = org.ous.get(parent)!.parentId;
  }
  return chain;
}

/** Whether and how `account` is covered by membership `m`. */
function relationship(
  world: SandboxWorld,
  m: MembershipRecord,
  account: string,
): GetMembershipAccountDetailItem {
  if (m.customerType === 'Standalone') {
    return {
      accountId: account,
      relationshipStatus: account === m.account ? 'Associated' : 'Unassociated',
      relationshipType: 'Unrelated',
    };
  }
  if (!world.isMember(account)) {
    return { accountId: account, relationshipStatus: 'Unassociated', relationshipType: 'Unrelated' };
  }
  if (m.disassociated.has(account)) {
    return { accountId: account, relationshipStatus: 'Disassociated', relationshipType: 'Organization' };
  }
  const covered =
    world.isActiveMember(account) &&
    (m.coverEntireOrganization || ouChain(world, account).some((ou) => m.organizationalUnits.includes(ou)));
  return {
    accountId: account,
    relationshipStatus: covered ? 'Associated' : 'Unassociated',
    relationshipType: 'Organization',
  };
}

function validation(ctx: CallContext, message: string): Error {
  return ctx.error('ValidationException', message, { status: 400 });
}

/** The caller's membership `id`, answering only in the membership's Region. */
function findMembership(ctx: CallContext, id: string | undefined): MembershipRecord {
  if (!id || !MEMBERSHIP_ID.test(id)) {
    throw validation(ctx, `membershipId must match m-[a-z0-9]{10,32}, got ${JSON.stringify(id ?? '')}`);
  }
  const m = accountState(ctx.world, ctx.account).memberships.find((x) => x.id === id);
  if (!m || m.region !== ctx.region) {
    throw ctx.error('ResourceNotFoundException', `Membership ${id} was not found in ${ctx.region}.`, {
      status: 404,
    });
  }
  return m;
}

/** The simulated Security Incident Response service. */
export const securityIrService = defineService({
  name: SECURITY_IR_SERVICE,
  clientName: 'SecurityIRClient',
  scope: 'regional',
  protocol: 'rest-json',
  modeledErrors: SECURITY_IR_ERRORS,
  operations: {
    ListMemberships: (ctx, input: ListMembershipsCommandInput): ListMembershipsResponse => {
      const mine = accountState(ctx.world, ctx.account).memberships;
      const { page, nextToken } = paginate(ctx, mine, {
        maxResults: input.maxResults,
        nextToken: input.nextToken,
        defaultMax: LIST_MAX,
        limit: LIST_MAX,
        errorName: 'ValidationException',
      });
      const items: ListMembershipItem[] = page.map((m) => ({
        membershipId: m.id,
        accountId: m.account,
        region: m.region,
        membershipArn: m.arn,
        membershipStatus: m.status,
      }));
      return { items, ...(nextToken ? { nextToken } : {}) };
    },

    GetMembership: (ctx, input: GetMembershipCommandInput): GetMembershipResponse => {
      const m = findMembership(ctx, input.membershipId);
      const covered =
        m.customerType === 'Organization'
          ? ctx.world
              .activeMembers()
              .filter((a) => relationship(ctx.world, m, a.id).relationshipStatus === 'Associated').length
          : 1;
      return {
        membershipId: m.id,
        accountId: m.account,
        region: m.region,
        membershipName: m.name,
        membershipArn: m.arn,
        membershipStatus: m.status,
        membershipActivationTimestamp: new Date(m.activatedAt),
        ...(m.deactivatedAt !== undefined
          ? { membershipDeactivationTimestamp: new Date(m.deactivatedAt) }
          : {}),
        customerType: m.customerType,
        numberOfAccountsCovered: covered,
        incidentResponseTeam: m.team.map((r) => ({ ...r })),
        optInFeatures: [{ featureName: 'Triage', isEnabled: m.triage }],
        ...(m.customerType === 'Organization'
          ? {
              membershipAccountsConfigurations: {
                coverEntireOrganization: m.coverEntireOrganization,
                organizationalUnits: [...m.organizationalUnits],
              },
            }
          : {}),
      };
    },

    BatchGetMemberAccountDetails: (
      ctx,
      input: BatchGetMemberAccountDetailsCommandInput,
    ): BatchGetMemberAccountDetailsResponse => {
      const ids = input.accountIds ?? [];
      if (ids.length < 1 || ids.length > BATCH_MAX) {
        throw validation(ctx, `accountIds must have between 1 and ${BATCH_MAX} items, got ${ids.length}`);
      }
      const bad = ids.find((a) => !ACCOUNT_ID.test(a));
      if (bad !== undefined) throw validation(ctx, `accountIds: ${JSON.stringify(bad)} is not a 12-digit id`);
      const m = findMembership(ctx, input.membershipId);
      if (m.status !== 'Active') {
        throw ctx.error(
          'SecurityIncidentResponseNotActiveException',
          `Membership ${m.id} is ${m.status}, not Active.`,
          { status: 400 },
        );
      }
      return { items: ids.map((a) => relationship(ctx.world, m, a)), errors: [] };
    },
  },
});
