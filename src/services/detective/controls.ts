/**
 * Amazon Detective controls. Detective is optional in the SRA (blueprint `incidentResponse.detective`,
 * off by default): while no Region has a Detective administrator and the blueprint does not ask for it,
 * every control is NOT_APPLICABLE and says how to adopt it. Once Detective is in use anywhere (or
 * requested), it is expected the SRA way: administered from the security tooling account in every
 * governed Region, with an organization behavior graph that enrols new accounts automatically and has
 * every active account as an enabled member.
 *
 * https://docs.aws.amazon.com/detective/latest/adminguide/accounts-designate-admin.html
 * https://docs.aws.amazon.com/detective/latest/userguide/accounts-orgs-members.html (auto-enable covers
 * new accounts only; existing ones are enabled by the administrator)
 * https://docs.aws.amazon.com/detective/latest/adminguide/graph-admin-unblock-account.html (members
 * without 48 hours of GuardDuty stay "not enabled", ACCEPTED_BUT_DISABLED)
 */
import type { CapabilityId, PrincipleId } from '../../catalog/ids.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../verify/types.js';
import {
  DETECTIVE,
  DETECTIVE_ADMINS,
  detectiveAdminOf,
  type DetectiveAdminData,
  type DetectiveAdminsSlice,
  type DetectiveSlice,
} from './collect.js';

/** Blueprint key of Detective. */
export const DETECTIVE_KEY = 'incidentResponse.detective';

const CAPABILITIES: readonly CapabilityId[] = ['incident-response', 'threat-detection'];
const PRINCIPLES: readonly PrincipleId[] = ['prepare-for-security-events', 'enable-traceability'];

/**
 * True when Detective is in use (an administrator in any governed Region) or the blueprint asks for it.
 * Throws (→ ERROR) when it is not visibly in use but some Region could not be read.
 */
export function detectiveWanted(ctx: EvalContext): boolean {
  if (ctx.blueprint?.incidentResponse.detective.enabled) return true;
  const slice = ctx.org<DetectiveAdminsSlice>(DETECTIVE_ADMINS);
  const regions = ctx.inventory.governedRegions;
  if (regions.some((r) => detectiveAdminOf(slice, r) !== undefined)) return true;
  for (const r of regions) ctx.need(slice?.byRegion[r], `Detective administrator of ${r}`);
  return false;
}

/**
 * NOT_APPLICABLE when Detective is neither in use nor requested, or the blueprint's Detective targets
 * leave this Region (or, with `account`, this account) out; undefined when the control applies.
 */
export function detectiveOutOfScope(ctx: EvalContext, account = false): Outcome | undefined {
  if (!detectiveWanted(ctx)) {
    return notApplicable(
      'Amazon Detective is optional in the SRA and is not in use in any governed Region; to adopt it, set ' +
        `${DETECTIVE_KEY}.enabled: true in the blueprint (it needs GuardDuty on for 48 hours)`,
    );
  }
  const t = ctx.blueprint?.incidentResponse.detective.targets;
  if (!t) return undefined;
  if (t.excludeRegions.includes(ctx.region)) {
    return notApplicable(`the blueprint excludes ${ctx.region} from Detective (${DETECTIVE_KEY}.targets)`);
  }
  if (account) {
    const id = ctx.account.id;
    const info = ctx.inventory.accounts.find((a) => a.id === id);
    const targeted =
      !t.excludeAccounts.includes(id) &&
      ((t.ous.length === 0 && t.accounts.length === 0) ||
        t.accounts.includes(id) ||
        (info?.ouPath.some((ou) => t.ous.includes(ou)) ?? false));
    if (!targeted) {
      return notApplicable(
        `the blueprint does not target account ${id} for Detective (${DETECTIVE_KEY}.targets)`,
      );
    }
  }
  return undefined;
}

/** The Region's Detective administrator, or null. Throws (→ ERROR) when the read failed. */
function regionAdmin(ctx: EvalContext): string | null {
  const slice = ctx.org<DetectiveAdminsSlice>(DETECTIVE_ADMINS);
  ctx.need(slice?.byRegion[ctx.region], `Detective administrator of ${ctx.region}`);
  return detectiveAdminOf(slice, ctx.region)?.accountId ?? null;
}

function noAdmin(ctx: EvalContext): Outcome {
  return notApplicable(
    `Detective has no administrator in ${ctx.region}; detective.delegated-admin reports the gap`,
  );
}

/** The administrator's data, or an outcome to return instead. */
function adminData(ctx: EvalContext): { adminId: string; data: DetectiveAdminData } | Outcome {
  const adminId = regionAdmin(ctx);
  if (!adminId) return noAdmin(ctx);
  const slice = ctx.regionSlice<DetectiveSlice>(DETECTIVE, adminId);
  const data = slice?.admin;
  if (!data) ctx.need(undefined, `Detective data of the administrator ${adminId} in ${ctx.region}`);
  return { adminId, data: data! };
}

/** The administrator's graph ARN, or an outcome to return instead (graph missing). */
function graphOf(ctx: EvalContext, adminId: string, data: DetectiveAdminData): string | Outcome {
  const graph = ctx.need(data.graph, `Detective behavior graph of ${adminId} in ${ctx.region}`);
  return (
    graph ??
    notApplicable(
      `the Detective administrator ${adminId} has no behavior graph in ${ctx.region}; detective.behavior-graph reports the gap`,
    )
  );
}

function isOutcome(v: unknown): v is Outcome {
  return typeof v === 'object' && v !== null && 'message' in v;
}

/** Detective is administered from the security tooling account in every governed Region. */
export const detectiveDelegatedAdmin = defineControl({
  id: 'detective.delegated-admin',
  title: 'Detective is administered from the security tooling account in every governed Region',
  severity: 'medium',
  capabilities: [...CAPABILITIES, 'security-governance'],
  principles: [...PRINCIPLES],
  appliesTo: ['management'],
  scope: 'region',
  service: 'detective',
  refs: {},
  risk:
    'Without an organization administrator in a Region, investigators cannot pivot across accounts there; an ' +
    'administrator other than security tooling puts investigation data where the SRA keeps people out.',
  remediation: {
    blueprint: `${DETECTIVE_KEY}.enabled`,
    manual:
      'From the management account, in each governed Region: Detective console → Account management → ' +
      'Delegated administrator → the security tooling account; or `aws detective ' +
      'enable-organization-admin-account --account-id <security tooling> --region <region>`.',
  },
  uses: [DETECTIVE_ADMINS],
  evaluate(ctx) {
    const skip = detectiveOutOfScope(ctx);
    if (skip) return skip;
    const admin = regionAdmin(ctx);
    const tooling = ctx.roleAccounts['security-tooling'] ?? [];
    const expected = {
      administrator: tooling.length > 0 ? tooling.join(', ') : 'the security tooling account',
    };
    if (!admin) {
      return fail(`Detective has no administrator in ${ctx.region}`, {
        expected,
        actual: { administrator: 'none' },
      });
    }
    if (!tooling.includes(admin)) {
      return fail(
        `the Detective administrator in ${ctx.region} is ${admin}, not the security tooling account`,
        {
          expected,
          actual: { administrator: admin },
        },
      );
    }
    return pass(`Detective is administered by the security tooling account ${admin}`, {
      actual: { administrator: admin },
    });
  },
});

/** The administrator has an organization behavior graph. */
export const detectiveBehaviorGraph = defineControl({
  id: 'detective.behavior-graph',
  title: 'The Detective administrator has a behavior graph in every governed Region',
  severity: 'medium',
  capabilities: [...CAPABILITIES],
  principles: [...PRINCIPLES],
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'detective',
  refs: {},
  risk: 'Without a behavior graph, Detective ingests nothing and there is no history to investigate with.',
  remediation: {
    blueprint: `${DETECTIVE_KEY}.enabled`,
    manual:
      'In the Detective administrator: Detective console → Get started → Enable Amazon Detective (GuardDuty ' +
      'must have been on for 48 hours); or `aws detective create-graph`.',
  },
  uses: [DETECTIVE, DETECTIVE_ADMINS],
  evaluate(ctx) {
    const skip = detectiveOutOfScope(ctx);
    if (skip) return skip;
    const v = adminData(ctx);
    if (isOutcome(v)) return v;
    const graph = ctx.need(v.data.graph, `Detective behavior graph of ${v.adminId} in ${ctx.region}`);
    return graph
      ? pass(`Detective behavior graph ${graph} exists`, { resource: graph, actual: { graph } })
      : fail(`the Detective administrator ${v.adminId} has no behavior graph in ${ctx.region}`, {
          resource: `${v.adminId}/${ctx.region}`,
          expected: { graph: 'present' },
          actual: { graph: 'none' },
        });
  },
});

/** New organization accounts are enabled automatically. */
export const detectiveOrgAutoEnable = defineControl({
  id: 'detective.org-auto-enable',
  title: 'Detective enables new organization accounts automatically',
  severity: 'medium',
  capabilities: [...CAPABILITIES],
  principles: [...PRINCIPLES, 'automate-security-best-practices'],
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'detective',
  refs: {},
  risk: 'Accounts created after Detective was set up are left out of the behavior graph until someone adds them.',
  remediation: {
    blueprint: `${DETECTIVE_KEY}.enabled`,
    manual:
      'In the Detective administrator, each Region: Detective console → Account management → turn on Auto-enable; ' +
      'or `aws detective update-organization-configuration --graph-arn <graph> --auto-enable`.',
  },
  uses: [DETECTIVE, DETECTIVE_ADMINS],
  evaluate(ctx) {
    const skip = detectiveOutOfScope(ctx);
    if (skip) return skip;
    const v = adminData(ctx);
    if (isOutcome(v)) return v;
    const graph = graphOf(ctx, v.adminId, v.data);
    if (isOutcome(graph)) return graph;
    const cfg = ctx.need(
      v.data.organizationConfiguration,
      `Detective organization configuration in ${ctx.region}`,
    );
    return cfg.autoEnable
      ? pass('Detective auto-enables new organization accounts', {
          resource: graph,
          actual: { autoEnable: true },
        })
      : fail('Detective does not auto-enable new organization accounts', {
          resource: graph,
          expected: { autoEnable: true },
          actual: { autoEnable: false },
        });
  },
});

/** The account is an enabled member of the organization behavior graph. */
export const detectiveMemberEnabled = defineControl({
  id: 'detective.member-enabled',
  title: 'The account is an enabled member of the Detective organization behavior graph',
  severity: 'medium',
  capabilities: [...CAPABILITIES],
  principles: [...PRINCIPLES],
  appliesTo: 'all',
  scope: 'region',
  service: 'detective',
  refs: {},
  risk: 'Activity of an account outside the behavior graph cannot be investigated with Detective.',
  remediation: {
    blueprint: `${DETECTIVE_KEY}.targets`,
    manual:
      'In the Detective administrator: Detective console → Account management → Enable the account (existing ' +
      'accounts are not covered by auto-enable); an account shown as "Not enabled" needs GuardDuty on for 48 hours.',
  },
  uses: [DETECTIVE, DETECTIVE_ADMINS],
  evaluate(ctx) {
    const skip = detectiveOutOfScope(ctx, true);
    if (skip) return skip;
    const v = adminData(ctx);
    if (isOutcome(v)) return v;
    if (v.adminId === ctx.account.id) return notApplicable('this account is the Detective administrator');
    const graph = graphOf(ctx, v.adminId, v.data);
    if (isOutcome(graph)) return graph;
    const members = ctx.need(v.data.members, `Detective members of ${v.adminId} in ${ctx.region}`);
    const m = members.find((x) => x.accountId === ctx.account.id);
    const expected = { graph, status: 'ENABLED' };
    if (!m) {
      return fail(`the account is not a member of the Detective behavior graph in ${ctx.region}`, {
        resource: graph,
        expected,
        actual: { status: 'not a member' },
      });
    }
    if (m.status !== 'ENABLED') {
      const hint =
        m.status === 'ACCEPTED_BUT_DISABLED'
          ? ' (Detective holds it back, typically because GuardDuty has not run there for 48 hours)'
          : '';
      return fail(`the account's Detective membership is ${m.status}${hint}`, {
        resource: graph,
        expected,
        actual: { status: m.status },
      });
    }
    return pass('enabled member of the Detective behavior graph', {
      resource: graph,
      actual: { status: m.status },
    });
  },
});

/** Every Detective control. */
export const DETECTIVE_CONTROLS: readonly Control[] = [
  detectiveDelegatedAdmin,
  detectiveBehaviorGraph,
  detectiveOrgAutoEnable,
  detectiveMemberEnabled,
];
