/**
 * The organization-scope collector of AWS Organizations, and the helpers every other module uses to
 * ask the collected slice questions (who is delegated administrator of what, which OU an account is
 * in, is trusted access on).
 *
 * It runs once per verify, from the management account in the home Region, and reads:
 * - `DescribeOrganization` — id, feature set, management account.
 * - `ListRoots` — the root and the policy types enabled on it.
 * - `ListOrganizationalUnitsForParent` — the OU tree, level by level, at every depth.
 * - `ListAccountsForParent` — accounts with their parent, one paginated call per parent (root and each
 *   OU). That is (parents + accounts / 20) calls, where `ListAccounts` plus a `ListParents` per account
 *   would be one call per account. When the OU tree cannot be read, it falls back to `ListAccounts`
 *   (accounts without parents) so the run still knows which accounts to read.
 * - `ListPolicies` for SCPs and RCPs, `DescribePolicy` (content) and `ListTargetsForPolicy` for each
 *   customer-managed policy. AWS-managed policies (`FullAWSAccess`, `RCPFullAWSAccess`) are attached
 *   everywhere by design; their targets would cost one page per 20 targets and tell nothing.
 * - `ListTagsForResource` for each OU and each customer-managed policy: `sra destroy` removes only the
 *   OUs and policies sra-kit created, which it recognizes by its `sra-kit:managed` tag.
 * - `ListAWSServiceAccessForOrganization` — trusted access.
 * - `ListDelegatedAdministrators` (every admin account, one paginated call) and then
 *   `ListDelegatedServicesForAccount` for each admin account. An organization has a handful of admin
 *   accounts but a dozen or more integrated service principals, so this is fewer calls than asking
 *   `ListDelegatedAdministrators` once per principal, and it also finds principals sra-kit does not
 *   know about.
 *
 * Organizations list operations return at most 20 items a page:
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsForParent.html
 */
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  type Account,
  type DelegatedAdministrator,
  type DelegatedService,
  type DescribeOrganizationCommandOutput,
  type DescribePolicyCommandOutput,
  type EnabledServicePrincipal,
  type ListAccountsCommandOutput,
  type ListAccountsForParentCommandOutput,
  type ListAWSServiceAccessForOrganizationCommandOutput,
  type ListDelegatedAdministratorsCommandOutput,
  type ListDelegatedServicesForAccountCommandOutput,
  type ListOrganizationalUnitsForParentCommandOutput,
  type ListPoliciesCommandOutput,
  type ListRootsCommandOutput,
  type ListTagsForResourceCommandOutput,
  type ListTargetsForPolicyCommandOutput,
  type OrganizationalUnit,
  type PolicySummary,
  type PolicyTargetSummary,
  type Root,
  type Tag,
} from '@aws-sdk/client-organizations';
import {
  defineCollector,
  type AccountInfo,
  type CollectContext,
  type DataError,
  type Datum,
} from '../../observe/types.js';

/** Id of the organization-scope Organizations collector (its key in `inventory.organization`). */
export const ORGANIZATIONS_COLLECTOR_ID = 'organizations';

/** The organization as `DescribeOrganization` reports it. */
export interface OrgDescription {
  /** Organization id, `o-…`. */
  id: string;
  /** Organization ARN. */
  arn: string;
  /** `ALL` or `CONSOLIDATED_BILLING`. */
  featureSet: string;
  /** Management account id. */
  managementAccountId: string;
}

/** A policy type and its status on a root. */
export interface RootPolicyType {
  /** e.g. `SERVICE_CONTROL_POLICY`. */
  type: string;
  /** `ENABLED`, `PENDING_ENABLE` or `PENDING_DISABLE`. */
  status: string;
}

/** The organization root. */
export interface OrgRoot {
  /** Root id, `r-…`. */
  id: string;
  /** Root ARN. */
  arn: string;
  /** Root name (`Root`). */
  name: string;
  /** Policy types enabled (or being enabled/disabled) on the root. */
  policyTypes: RootPolicyType[];
}

/** One organizational unit, at any depth. */
export interface OrgOu {
  /** OU id, `ou-…`. */
  id: string;
  /** OU ARN. */
  arn: string;
  /** OU name (free text from AWS: escape before rendering). */
  name: string;
  /** Parent root or OU id. */
  parentId: string;
  /** OU names from the root down to and including this OU, e.g. `['Workloads', 'Prod']`. */
  path: string[];
}

/** One account of the organization. */
export interface OrgAccount {
  /** 12-digit id. */
  id: string;
  /** Account ARN. */
  arn?: string;
  /** Account name (free text from AWS: escape before rendering). */
  name: string;
  /** Root email. */
  email?: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, … (the newer `State` when AWS returns it, else `Status`). */
  status: string;
  /** Parent root or OU id; absent when the OU tree could not be read. */
  parentId?: string;
  /** `CREATED` or `INVITED`. */
  joinedMethod?: string;
}

/** One SCP or RCP. */
export interface OrgPolicy {
  /** Policy id, `p-…`. */
  id: string;
  /** Policy ARN. */
  arn?: string;
  /** Policy name. */
  name: string;
  /** `SERVICE_CONTROL_POLICY` or `RESOURCE_CONTROL_POLICY`. */
  type: string;
  /** AWS-managed (`FullAWSAccess`, `RCPFullAWSAccess`). */
  awsManaged: boolean;
  /** Root, OU and account ids it is attached to (customer-managed policies only). */
  targets?: string[];
  /** The policy document (customer-managed policies only). */
  content?: string;
}

/** A service principal with trusted access. */
export interface TrustedService {
  /** e.g. `guardduty.amazonaws.com`. */
  principal: string;
  /** When it was enabled (ISO 8601). */
  enabledAt?: string;
}

/** One (account, service principal) delegated-administrator registration. */
export interface DelegatedAdminRegistration {
  /** Delegated administrator account id. */
  account: string;
  /** Service principal, e.g. `securityhub.amazonaws.com`. */
  principal: string;
  /** When the delegation was made (ISO 8601). */
  since?: string;
}

/**
 * The organization-scope slice of AWS Organizations (`inventory.organization.organizations`). Every
 * part is a {@link Datum}: a part that could not be read carries the reason, and the rest stands.
 */
export interface OrganizationSlice {
  /**
   * The organization. Outside an organization this is the failed read (`AWSOrganizationsNotInUseException`)
   * and {@link OrganizationSlice.notInOrganization} is set.
   */
  organization: Datum<OrgDescription>;
  /**
   * True when AWS answered that the management account is not in an organization: a fact about the
   * account (controls report it as such), not a read that could not be made.
   */
  notInOrganization?: true;
  /** Roots (one per organization). */
  roots: Datum<OrgRoot[]>;
  /** Every OU, parents before children. */
  ous: Datum<OrgOu[]>;
  /** Every account, the management account included. */
  accounts: Datum<OrgAccount[]>;
  /** SCPs and RCPs. */
  policies: Datum<OrgPolicy[]>;
  /** Service principals with trusted access. */
  trustedAccess: Datum<TrustedService[]>;
  /** Every delegated-administrator registration. */
  delegatedAdmins: Datum<DelegatedAdminRegistration[]>;
  /**
   * Tags of every OU and every customer-managed policy, by resource id (`ou-…`, `p-…`). Absent from
   * inventories saved before tags were collected; a failed read when any tag read failed (or the OU
   * tree or policy list could not be read).
   */
  tags?: Datum<Record<string, Record<string, string>>>;
}

/** The policy types whose policies the collector lists. */
export const COLLECTED_POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;

// ---------------------------------------------------------------------------------------------
// Helpers over the slice (for other collectors, controls and the engine)
// ---------------------------------------------------------------------------------------------

/**
 * The Organizations slice from the organization-scope slices (`ctx.organization` in a collector,
 * `inventory.organization` elsewhere), or `undefined` when it was not collected.
 */
export function organizationSliceOf(
  organization: Readonly<Record<string, unknown>> | undefined,
): OrganizationSlice | undefined {
  const slice = organization?.[ORGANIZATIONS_COLLECTOR_ID];
  return slice && typeof slice === 'object' ? (slice as OrganizationSlice) : undefined;
}

/**
 * Accounts registered as delegated administrator for `principal` (e.g. `guardduty.amazonaws.com`):
 * `[]` when none, `undefined` when unknown (the slice is absent or its delegated-admin read failed).
 */
export function delegatedAdminsOf(
  slice: OrganizationSlice | undefined,
  principal: string,
): string[] | undefined {
  if (!slice || !slice.delegatedAdmins.ok) return undefined;
  return slice.delegatedAdmins.value.filter((d) => d.principal === principal).map((d) => d.account);
}

/**
 * Service principals `account` is delegated administrator of: `[]` when none, `undefined` when
 * unknown.
 */
export function delegatedServicesOf(
  slice: OrganizationSlice | undefined,
  account: string,
): string[] | undefined {
  if (!slice || !slice.delegatedAdmins.ok) return undefined;
  return slice.delegatedAdmins.value.filter((d) => d.account === account).map((d) => d.principal);
}

/** Whether trusted access is enabled for `principal`; `undefined` when unknown. */
export function hasTrustedAccess(
  slice: OrganizationSlice | undefined,
  principal: string,
): boolean | undefined {
  if (!slice || !slice.trustedAccess.ok) return undefined;
  return slice.trustedAccess.value.some((t) => t.principal === principal);
}

/**
 * OU names from the root down to the OU `account` sits in (e.g. `['Security']`; `[]` directly under
 * the root), or `undefined` when unknown (account not listed, or the OU tree could not be read).
 */
export function ouPathOf(slice: OrganizationSlice | undefined, account: string): string[] | undefined {
  if (!slice || !slice.accounts.ok || !slice.ous.ok) return undefined;
  const a = slice.accounts.value.find((x) => x.id === account);
  if (!a || a.parentId === undefined) return undefined;
  return parentPath(slice.ous.value, a.parentId);
}

/** The OU (or root) id `account` sits in, or `undefined` when unknown. */
export function parentOf(slice: OrganizationSlice | undefined, account: string): string | undefined {
  if (!slice || !slice.accounts.ok) return undefined;
  return slice.accounts.value.find((x) => x.id === account)?.parentId;
}

function parentPath(ous: readonly OrgOu[], parentId: string): string[] {
  const ou = ous.find((o) => o.id === parentId);
  return ou ? [...ou.path] : [];
}

/**
 * The account list for the observe engine (`ObserveOptions.accountsFrom`): every account with its
 * status, parent and OU path, or the reason it cannot be had.
 */
export function accountsFromOrganization(
  organization: Readonly<Record<string, unknown>>,
): AccountInfo[] | DataError {
  const slice = organizationSliceOf(organization);
  if (!slice) {
    return {
      kind: 'skipped',
      message: 'the Organizations collector did not run, so the account list is unknown',
      account: 'unknown',
      region: 'unknown',
      operation: 'organizations:ListAccountsForParent',
    };
  }
  if (!slice.accounts.ok) return slice.accounts.error;
  const ous = slice.ous.ok ? slice.ous.value : [];
  return slice.accounts.value.map((a) => ({
    id: a.id,
    name: a.name,
    ...(a.email !== undefined ? { email: a.email } : {}),
    status: a.status,
    ...(a.parentId !== undefined ? { parentId: a.parentId } : {}),
    ouPath: a.parentId !== undefined ? parentPath(ous, a.parentId) : [],
  }));
}

/** The organization id (`o-…`) from the organization-scope slices, when it was read. */
export function organizationIdFrom(organization: Readonly<Record<string, unknown>>): string | undefined {
  const slice = organizationSliceOf(organization);
  return slice?.organization.ok ? slice.organization.value.id : undefined;
}

// ---------------------------------------------------------------------------------------------
// The collector
// ---------------------------------------------------------------------------------------------

/** Reads the organization, its tree, policies, trusted access and delegated administrators. */
export const organizationsCollector = defineCollector<OrganizationSlice>({
  id: ORGANIZATIONS_COLLECTOR_ID,
  scope: 'organization',
  reads: [
    'organizations:DescribeOrganization',
    'organizations:ListRoots',
    'organizations:ListOrganizationalUnitsForParent',
    'organizations:ListAccountsForParent',
    'organizations:ListAccounts',
    'organizations:ListPolicies',
    'organizations:DescribePolicy',
    'organizations:ListTargetsForPolicy',
    'organizations:ListTagsForResource',
    'organizations:ListAWSServiceAccessForOrganization',
    'organizations:ListDelegatedAdministrators',
    'organizations:ListDelegatedServicesForAccount',
  ],
  async collect(ctx) {
    const [organization, roots, policies, trustedAccess, delegatedAdmins] = await Promise.all([
      readOrganization(ctx),
      readRoots(ctx),
      readPolicies(ctx),
      readTrustedAccess(ctx),
      readDelegatedAdmins(ctx),
    ]);
    const tree = await readTree(ctx, roots);
    const tags = await readTags(ctx, tree.ous, policies);
    // Not being in an organization is an answer, not a failed read.
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html
    const outside =
      !organization.ok && organization.error.awsErrorName === 'AWSOrganizationsNotInUseException';
    return {
      organization,
      ...(outside ? { notInOrganization: true as const } : {}),
      roots,
      ous: tree.ous,
      accounts: tree.accounts,
      policies,
      trustedAccess,
      delegatedAdmins,
      tags,
    };
  },
});

/**
 * Tags of every OU and customer-managed policy (one `ListTagsForResource` each; AWS-managed policies
 * carry no customer tags). The first failure fails the whole datum: a partial tag map would make
 * untagged resources indistinguishable from unread ones.
 */
async function readTags(
  ctx: CollectContext,
  ous: Datum<OrgOu[]>,
  policies: Datum<OrgPolicy[]>,
): Promise<Datum<Record<string, Record<string, string>>>> {
  if (!ous.ok) return ous;
  if (!policies.ok) return policies;
  const ids = [
    ...ous.value.map((o) => o.id),
    ...policies.value.filter((p) => !p.awsManaged).map((p) => p.id),
  ];
  const read = await Promise.all(
    ids.map(async (id) => ({
      id,
      tags: await ctx.readAll<ListTagsForResourceCommandOutput, Tag>(
        OrganizationsClient,
        (cursor) => new ListTagsForResourceCommand({ ResourceId: id, ...cursor }),
        (page) => page.Tags,
      ),
    })),
  );
  const out: Record<string, Record<string, string>> = {};
  for (const { id, tags } of read) {
    if (!tags.ok) return tags;
    out[id] = Object.fromEntries(tags.value.map((t) => [t.Key ?? '', t.Value ?? '']));
  }
  return { ok: true, value: out };
}

async function readOrganization(ctx: CollectContext): Promise<Datum<OrgDescription>> {
  const d = await ctx.read<DescribeOrganizationCommandOutput>(
    OrganizationsClient,
    new DescribeOrganizationCommand({}),
  );
  if (!d.ok) return d;
  const o = d.value.Organization;
  return {
    ok: true,
    value: {
      id: o?.Id ?? '',
      arn: o?.Arn ?? '',
      featureSet: o?.FeatureSet ?? 'UNKNOWN',
      managementAccountId: o?.MasterAccountId ?? '',
    },
  };
}

async function readRoots(ctx: CollectContext): Promise<Datum<OrgRoot[]>> {
  const d = await ctx.readAll<ListRootsCommandOutput, Root>(
    OrganizationsClient,
    (cursor) => new ListRootsCommand({ ...cursor }),
    (page) => page.Roots,
  );
  if (!d.ok) return d;
  return {
    ok: true,
    value: d.value.map((r) => ({
      id: r.Id ?? '',
      arn: r.Arn ?? '',
      name: r.Name ?? '',
      policyTypes: (r.PolicyTypes ?? []).map((p) => ({ type: p.Type ?? '', status: p.Status ?? '' })),
    })),
  };
}

function toOrgAccount(a: Account, parentId?: string): OrgAccount {
  return {
    id: a.Id ?? '',
    ...(a.Arn ? { arn: a.Arn } : {}),
    name: a.Name ?? '',
    ...(a.Email ? { email: a.Email } : {}),
    status: a.State ?? a.Status ?? 'UNKNOWN',
    ...(parentId !== undefined ? { parentId } : {}),
    ...(a.JoinedMethod ? { joinedMethod: a.JoinedMethod } : {}),
  };
}

/**
 * Walks the tree breadth-first from the roots: each level's OUs and accounts are listed in parallel
 * (the access layer bounds concurrency and retries throttling). OUs nest at most five levels deep.
 */
async function readTree(
  ctx: CollectContext,
  roots: Datum<OrgRoot[]>,
): Promise<{ ous: Datum<OrgOu[]>; accounts: Datum<OrgAccount[]> }> {
  let ous: Datum<OrgOu[]>;
  let accountsFailure: DataError | undefined;
  const accounts: OrgAccount[] = [];
  if (!roots.ok) {
    ous = roots;
    accountsFailure = roots.error;
  } else {
    const found: OrgOu[] = [];
    let ouFailure: DataError | undefined;
    let level: Array<{ id: string; path: string[] }> = roots.value.map((r) => ({ id: r.id, path: [] }));
    while (level.length > 0 && !ouFailure) {
      const results = await Promise.all(
        level.map(async (parent) => {
          const [children, members] = await Promise.all([
            ctx.readAll<ListOrganizationalUnitsForParentCommandOutput, OrganizationalUnit>(
              OrganizationsClient,
              (cursor) => new ListOrganizationalUnitsForParentCommand({ ParentId: parent.id, ...cursor }),
              (page) => page.OrganizationalUnits,
            ),
            ctx.readAll<ListAccountsForParentCommandOutput, Account>(
              OrganizationsClient,
              (cursor) => new ListAccountsForParentCommand({ ParentId: parent.id, ...cursor }),
              (page) => page.Accounts,
            ),
          ]);
          return { parent, children, members };
        }),
      );
      const next: Array<{ id: string; path: string[] }> = [];
      for (const { parent, children, members } of results) {
        if (!children.ok) ouFailure ??= children.error;
        else {
          for (const c of children.value) {
            const ou: OrgOu = {
              id: c.Id ?? '',
              arn: c.Arn ?? '',
              name: c.Name ?? '',
              parentId: parent.id,
              path: [...parent.path, c.Name ?? ''],
            };
            found.push(ou);
            next.push({ id: ou.id, path: ou.path });
          }
        }
        if (!members.ok) accountsFailure ??= members.error;
        else for (const a of members.value) accounts.push(toOrgAccount(a, parent.id));
      }
      level = next;
    }
    ous = ouFailure ? { ok: false, error: ouFailure } : { ok: true, value: found };
    if (ouFailure) accountsFailure ??= ouFailure;
  }
  if (!accountsFailure) return { ous, accounts: { ok: true, value: accounts } };
  // The tree is incomplete: list the accounts without their parents, so the run still reaches them.
  const flat = await ctx.readAll<ListAccountsCommandOutput, Account>(
    OrganizationsClient,
    (cursor) => new ListAccountsCommand({ ...cursor }),
    (page) => page.Accounts,
  );
  return { ous, accounts: flat.ok ? { ok: true, value: flat.value.map((a) => toOrgAccount(a)) } : flat };
}

async function readPolicies(ctx: CollectContext): Promise<Datum<OrgPolicy[]>> {
  const lists = await Promise.all(
    COLLECTED_POLICY_TYPES.map((type) =>
      ctx.readAll<ListPoliciesCommandOutput, PolicySummary>(
        OrganizationsClient,
        (cursor) => new ListPoliciesCommand({ Filter: type, ...cursor }),
        (page) => page.Policies,
      ),
    ),
  );
  const summaries = [];
  for (const l of lists) {
    if (!l.ok) return l;
    summaries.push(...l.value);
  }
  const policies = await Promise.all(
    summaries.map(async (p): Promise<Datum<OrgPolicy>> => {
      const base: OrgPolicy = {
        id: p.Id ?? '',
        ...(p.Arn ? { arn: p.Arn } : {}),
        name: p.Name ?? '',
        type: p.Type ?? '',
        awsManaged: p.AwsManaged === true,
      };
      if (base.awsManaged) return { ok: true, value: base };
      const [described, targets] = await Promise.all([
        ctx.read<DescribePolicyCommandOutput>(
          OrganizationsClient,
          new DescribePolicyCommand({ PolicyId: base.id }),
        ),
        ctx.readAll<ListTargetsForPolicyCommandOutput, PolicyTargetSummary>(
          OrganizationsClient,
          (cursor) => new ListTargetsForPolicyCommand({ PolicyId: base.id, ...cursor }),
          (page) => page.Targets,
        ),
      ]);
      if (!described.ok) return described;
      if (!targets.ok) return targets;
      return {
        ok: true,
        value: {
          ...base,
          targets: targets.value.map((t) => t.TargetId ?? ''),
          content: described.value.Policy?.Content ?? '',
        },
      };
    }),
  );
  const out: OrgPolicy[] = [];
  for (const p of policies) {
    if (!p.ok) return p;
    out.push(p.value);
  }
  return { ok: true, value: out };
}

async function readTrustedAccess(ctx: CollectContext): Promise<Datum<TrustedService[]>> {
  const d = await ctx.readAll<ListAWSServiceAccessForOrganizationCommandOutput, EnabledServicePrincipal>(
    OrganizationsClient,
    (cursor) => new ListAWSServiceAccessForOrganizationCommand({ ...cursor }),
    (page) => page.EnabledServicePrincipals,
  );
  if (!d.ok) return d;
  return {
    ok: true,
    value: d.value.map((s) => ({
      principal: s.ServicePrincipal ?? '',
      // toPlain turned the Date into an ISO string.
      ...(s.DateEnabled ? { enabledAt: String(s.DateEnabled) } : {}),
    })),
  };
}

async function readDelegatedAdmins(ctx: CollectContext): Promise<Datum<DelegatedAdminRegistration[]>> {
  const admins = await ctx.readAll<ListDelegatedAdministratorsCommandOutput, DelegatedAdministrator>(
    OrganizationsClient,
    (cursor) => new ListDelegatedAdministratorsCommand({ ...cursor }),
    (page) => page.DelegatedAdministrators,
  );
  if (!admins.ok) return admins;
  const perAccount = await Promise.all(
    admins.value.map(async (a) => {
      const account = a.Id ?? '';
      const services = await ctx.readAll<ListDelegatedServicesForAccountCommandOutput, DelegatedService>(
        OrganizationsClient,
        (cursor) => new ListDelegatedServicesForAccountCommand({ AccountId: account, ...cursor }),
        (page) => page.DelegatedServices,
      );
      return { account, services };
    }),
  );
  const out: DelegatedAdminRegistration[] = [];
  for (const { account, services } of perAccount) {
    if (!services.ok) return services;
    for (const s of services.value) {
      out.push({
        account,
        principal: s.ServicePrincipal ?? '',
        ...(s.DelegationEnabledDate ? { since: String(s.DelegationEnabledDate) } : {}),
      });
    }
  }
  return { ok: true, value: out };
}
