/**
 * Helpers shared by the three regional services whose administration the SRA delegates to the security
 * tooling account Region by Region and which this module family verifies: Security Hub, Inspector and Macie.
 * They all have the same shape — the management account lists the Region's administrator, the
 * administrator holds the organization configuration and the member list, and every account has its own
 * per-Region state — so the same questions are asked of each:
 * - which accounts and Regions the blueprint (when verify runs with one) puts in scope;
 * - who administers the service in a Region, per the management account's list;
 * - which accounts the administrator should have as members;
 * - the two management-side controls (an administrator is designated; it is the security tooling account);
 * - role evidence for verify without a blueprint (the administrator is the security tooling account).
 *
 * Nothing here is specific to one service; the service modules pass their ids, names and blueprint keys.
 */
import type { AccountRoleId, CapabilityId, PrincipleId } from '../../catalog/ids.js';
import type { AccountInfo, CollectContext, Datum, SdkClientClass, SdkCommand } from '../../observe/types.js';
import type { InventoryHeader } from '../../observe/view.js';
import type { RoleHint } from '../../verify/roles.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../verify/types.js';

/** A delegated administrator as the management account lists it. */
export interface AdminEntry {
  /** Administrator account id. */
  accountId: string;
  /** Status the service reports (`ENABLED`, `DISABLE_IN_PROGRESS`, …). */
  status: string;
}

/** Organization-scope slice shape: the administrators each governed Region lists. */
export interface AdminsSlice {
  /** Region → the administrators listed there (at most one in practice), or why they could not be read. */
  byRegion: Record<string, Datum<AdminEntry[]>>;
}

/** The blueprint's targeting block, as far as these helpers read it. */
export interface TargetsLike {
  ous: readonly string[];
  accounts: readonly string[];
  excludeAccounts: readonly string[];
  excludeRegions: readonly string[];
}

/** A blueprint feature with an on/off switch and targets (Security Hub, Inspector, Macie). */
export interface FeatureLike {
  enabled: boolean;
  targets: TargetsLike;
}

/**
 * Reads the administrators of every governed Region from the management account, one list call per
 * Region (these APIs answer only in the management account and only for the Region they are sent to).
 */
export async function readAdminsByRegion<O extends object>(
  ctx: CollectContext,
  Client: SdkClientClass,
  makeCommand: (cursor: Readonly<Record<string, string>>) => SdkCommand<O>,
  items: (page: O) => readonly AdminEntry[] | undefined,
): Promise<AdminsSlice> {
  const entries = await Promise.all(
    ctx.governedRegions.map(
      async (region) => [region, await ctx.readAll(Client, makeCommand, items, { region })] as const,
    ),
  );
  return { byRegion: Object.fromEntries(entries) };
}

/**
 * The administrator of `region`: the first listed account whose status is `ENABLED` (or the first one
 * listed when none says so); `undefined` when none is listed or the list is unknown.
 */
export function adminIn(slice: AdminsSlice | undefined, region: string): string | undefined {
  const d = slice?.byRegion[region];
  if (!d || !d.ok) return undefined;
  return (d.value.find((a) => a.status === 'ENABLED') ?? d.value[0])?.accountId;
}

/**
 * The administrator of the evaluated Region (or `region`) per the organization slice `adminsId`, or
 * `null` when none is designated. Throws (→ ERROR) when the list could not be read or was not collected.
 */
export function regionAdminFrom(
  ctx: EvalContext,
  adminsId: string,
  what: string,
  region = ctx.region,
): string | null {
  const slice = ctx.org<AdminsSlice>(adminsId);
  ctx.need(slice?.byRegion[region], `${what} delegated administrator of ${region}`);
  return adminIn(slice, region) ?? null;
}

/** True when the blueprint's targets include `account` (default: the evaluated account). */
export function accountTargeted(ctx: EvalContext, t: TargetsLike, account = ctx.account.id): boolean {
  if (t.excludeAccounts.includes(account)) return false;
  if (t.ous.length === 0 && t.accounts.length === 0) return true;
  if (t.accounts.includes(account)) return true;
  const info = ctx.inventory.accounts.find((a) => a.id === account);
  return info !== undefined && info.ouPath.some((ou) => t.ous.includes(ou));
}

/**
 * NOT_APPLICABLE when the blueprint (if any) turns the feature off, leaves the evaluated Region out, or
 * (with `account`) leaves the evaluated account out; `undefined` when the control applies. Without a
 * blueprint the SRA default holds: the service everywhere.
 */
export function featureOutOfScope(
  ctx: EvalContext,
  feature: FeatureLike | undefined,
  key: string,
  name: string,
  options: { account?: boolean } = {},
): Outcome | undefined {
  if (!feature) return undefined;
  if (!feature.enabled) return notApplicable(`the blueprint turns ${name} off (${key}.enabled: false)`);
  if (feature.targets.excludeRegions.includes(ctx.region)) {
    return notApplicable(`the blueprint excludes ${ctx.region} from ${name} (${key}.targets.excludeRegions)`);
  }
  if (options.account && !accountTargeted(ctx, feature.targets)) {
    return notApplicable(
      `the blueprint does not target account ${ctx.account.id} for ${name} (${key}.targets)`,
    );
  }
  return undefined;
}

/**
 * Accounts that should be members of `adminId` in the evaluated Region: active accounts other than the
 * administrator that have the Region enabled and that the blueprint (if any) targets.
 */
export function expectedMembers(
  ctx: EvalContext,
  adminId: string,
  feature: FeatureLike | undefined,
): AccountInfo[] {
  const disabled = new Set(
    ctx.inventory.unreachable
      .filter((u) => u.kind === 'region-disabled' && u.region === ctx.region)
      .map((u) => u.account),
  );
  return ctx.inventory.accounts.filter(
    (a) =>
      a.status === 'ACTIVE' &&
      a.id !== adminId &&
      !disabled.has(a.id) &&
      (a.enabledRegions === undefined || a.enabledRegions.includes(ctx.region)) &&
      (!feature || accountTargeted(ctx, feature.targets, a.id)),
  );
}

/** True when `v` is an outcome to return rather than data to evaluate. */
export function isOutcome(v: object): v is Outcome {
  return 'status' in v && 'message' in v;
}

/** What the two management-side controls of a service need to know about it. */
export interface DelegationSpec {
  /** Service registry id, e.g. `inspector`; also the control id prefix. */
  service: string;
  /** Product name for messages, e.g. `Amazon Inspector`. */
  name: string;
  /** Organization-scope collector id of the administrators slice. */
  adminsCollector: string;
  /** sra-verify ids of the "designated" and "is security tooling" checks. */
  sraVerify: { designated: string; isSecurityTooling: string };
  /** Blueprint key of the service. */
  blueprintKey: string;
  /** Capabilities the service serves. */
  capabilities: readonly CapabilityId[];
  /** Principles the service serves. */
  principles: readonly PrincipleId[];
  /** The API call (CLI form) that designates the administrator, e.g. `aws inspector2 enable-delegated-admin-account`. */
  designateCli: string;
  /** The API call (CLI form) that removes it. */
  removeCli: string;
  /** What is lost without an administrator in a Region (one sentence). */
  risk: string;
  /** NOT_APPLICABLE when the blueprint leaves the service or Region out. */
  outOfScope: (ctx: EvalContext) => Outcome | undefined;
}

const MANAGEMENT: readonly AccountRoleId[] = ['management'];

/**
 * The management-side pair of a service: a delegated administrator is designated in every governed
 * Region, and it is the security tooling account (never the management account).
 */
export function delegationControls(spec: DelegationSpec): [Control, Control] {
  const designated = defineControl({
    id: `${spec.service}.delegated-admin-designated`,
    title: `${spec.name} administration is delegated in every governed Region`,
    severity: 'high',
    capabilities: spec.capabilities,
    principles: spec.principles,
    appliesTo: MANAGEMENT,
    scope: 'region',
    service: spec.service,
    refs: { sraVerify: [spec.sraVerify.designated] },
    risk: spec.risk,
    remediation: {
      blueprint: spec.blueprintKey,
      manual:
        `From the management account, in each governed Region, designate the security tooling account as the ` +
        `${spec.name} delegated administrator: \`${spec.designateCli} --region <region>\`.`,
    },
    uses: [spec.adminsCollector],
    evaluate(ctx) {
      const skip = spec.outOfScope(ctx);
      if (skip) return skip;
      const admin = regionAdminFrom(ctx, spec.adminsCollector, spec.name);
      return admin
        ? pass(`${spec.name} is administered by ${admin} in ${ctx.region}`, {
            actual: { administrator: admin },
          })
        : fail(`${spec.name} has no delegated administrator in ${ctx.region}`, {
            expected: { administrator: 'the security tooling account' },
            actual: { administrator: 'none' },
          });
    },
  });
  const isSecurityTooling = defineControl({
    id: `${spec.service}.delegated-admin-is-security-tooling`,
    title: `The ${spec.name} delegated administrator is the security tooling account`,
    severity: 'high',
    capabilities: spec.capabilities,
    principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
    appliesTo: MANAGEMENT,
    scope: 'region',
    service: spec.service,
    refs: { sraVerify: [spec.sraVerify.isSecurityTooling] },
    risk:
      `Administering ${spec.name} from the management account or a workload account puts the organization’s ` +
      'findings and its on/off switches where the SRA keeps people and workloads out.',
    remediation: {
      blueprint: 'accounts.securityTooling',
      manual:
        `From the management account, remove the current administrator in every Region (\`${spec.removeCli}\`), ` +
        `then designate the security tooling account in every governed Region (\`${spec.designateCli}\`).`,
    },
    uses: [spec.adminsCollector],
    evaluate(ctx) {
      const skip = spec.outOfScope(ctx);
      if (skip) return skip;
      const admin = regionAdminFrom(ctx, spec.adminsCollector, spec.name);
      if (!admin) {
        return notApplicable(
          `${spec.name} has no delegated administrator in ${ctx.region}; ${designated.id} reports the gap`,
        );
      }
      const tooling = ctx.roleAccounts['security-tooling'] ?? [];
      if (tooling.includes(admin)) {
        return pass(`the ${spec.name} administrator ${admin} is the security tooling account`, {
          actual: { administrator: admin },
        });
      }
      if (admin !== ctx.inventory.managementAccountId && tooling.length === 0) {
        return notApplicable(
          `no account is known to be the security tooling account, so the ${spec.name} administrator ${admin} ` +
            'cannot be compared with it (declare accounts.securityTooling in the blueprint)',
        );
      }
      const why =
        admin === ctx.inventory.managementAccountId
          ? `the management account ${admin} administers ${spec.name} in ${ctx.region}`
          : `the ${spec.name} administrator in ${ctx.region} is ${admin}, not the security tooling account`;
      return fail(why, {
        expected: { administrator: tooling.length > 0 ? tooling.join(', ') : 'the security tooling account' },
        actual: { administrator: admin },
      });
    },
  });
  return [designated, isSecurityTooling];
}

/**
 * Role evidence: the account (other than the management account) that administers the service in some
 * governed Region is the security tooling account. One hint per account, naming its Regions.
 */
export function adminRoleHints(
  inventory: InventoryHeader,
  adminsCollector: string,
  name: string,
): RoleHint[] {
  const slice = inventory.organization[adminsCollector] as AdminsSlice | undefined;
  const regions = new Map<string, string[]>();
  for (const region of inventory.governedRegions) {
    const admin = adminIn(slice, region);
    if (!admin || admin === inventory.managementAccountId) continue;
    regions.set(admin, [...(regions.get(admin) ?? []), region]);
  }
  return [...regions].map(([account, rs]) => ({
    role: 'security-tooling' as const,
    account,
    weight: 10,
    reason: `${name} delegated administrator in ${rs.join(', ')}`,
  }));
}

/** A failed datum that carries no AWS error of its own (e.g. an API that answered with a per-item failure). */
export function failedDatum<T>(
  ctx: CollectContext,
  operation: string,
  message: string,
  awsErrorName?: string,
): Datum<T> {
  return {
    ok: false,
    error: {
      kind: 'service',
      message,
      account: ctx.account,
      region: ctx.region,
      operation,
      ...(awsErrorName ? { awsErrorName } : {}),
    },
  };
}
