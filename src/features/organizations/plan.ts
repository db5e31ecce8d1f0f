/**
 * The planner of the `organizations` feature: a pure function of the blueprint and the Organizations
 * slice of the inventory. It plans, in this order (SRA.md §3): all features → policy types on the root
 * → missing OUs (parents first) → account moves the blueprint asks for → SCPs and RCPs (create or
 * update content) → attachments to their targets, and detachments of sra-kit's own policies from
 * targets the blueprint no longer lists. Destroy detaches and deletes the policies sra-kit created and
 * deletes the empty OUs it created; it keeps the feature set and the policy types.
 */
import { accountPlacement, ROOT_OU } from '../../blueprint/resolve.js';
import type { Blueprint } from '../../blueprint/schema.js';
import { ExitCode, SraError } from '../../errors.js';
import { canonicalJson, existing, makeStep, ref, stepId, GLOBAL, type StepSpec } from '../../engine/step.js';
import {
  MANAGED_TAG,
  type FeaturePlan,
  type OutputRef,
  type PlanContext,
  type Provided,
  type Step,
} from '../../engine/types.js';
import type { DataError } from '../../observe/types.js';
import {
  organizationSliceOf,
  type OrgAccount,
  type OrgDescription,
  type OrgOu,
  type OrgPolicy,
  type OrgRoot,
  type OrganizationSlice,
} from '../../services/organizations/collect.js';
import { need, planBlocked } from '../common.js';
import { ORGANIZATION_READY } from '../provides.js';
import type { LibraryContext } from './library.js';
import { desiredPolicies, type DesiredPolicy } from './policies.js';

/** Feature id (first segment of step ids and op names). */
export const FEATURE_ID = 'organizations';

/** Names of the AWS-managed policies sra-kit never attaches, detaches, updates or deletes. */
export const AWS_MANAGED_POLICY_NAMES: readonly string[] = ['FullAWSAccess', 'RCPFullAWSAccess'];

/** Policy types on the root. */
export const POLICY_TYPE = {
  scp: 'SERVICE_CONTROL_POLICY',
  rcp: 'RESOURCE_CONTROL_POLICY',
  declarativeEc2: 'DECLARATIVE_POLICY_EC2',
} as const;

/** What the planner reads from the Organizations slice, every part known to be readable. */
interface OrgState {
  org: OrgDescription;
  root: OrgRoot;
  ous: OrgOu[];
  accounts: OrgAccount[];
  policies: OrgPolicy[];
  slice: OrganizationSlice;
}

/** Step ids of this feature (all global, in the management account). */
export function orgStepId(management: string, resource: string): string {
  return stepId(FEATURE_ID, management, GLOBAL, resource);
}

function blocked(what: string, error: DataError): never {
  throw planBlocked(what, error);
}

/** Reads the slice, or throws PLAN_BLOCKED naming the part that could not be read. */
function readState(ctx: PlanContext): OrgState {
  const slice = organizationSliceOf(ctx.inventory.organization);
  const where = {
    account: ctx.roles.management,
    region: ctx.homeRegion,
  };
  if (!slice) {
    blocked('the organization', {
      ...where,
      kind: 'skipped',
      operation: 'organizations:DescribeOrganization',
      message: 'the Organizations collector did not run',
    });
  }
  if (slice.notInOrganization) {
    throw new SraError(
      'PLAN_BLOCKED',
      `account ${ctx.roles.management} is not in an AWS Organization; sra-kit does not create organizations`,
      {
        ...where,
        service: 'organizations',
        operation: 'DescribeOrganization',
        hint: 'create it first (aws organizations create-organization --feature-set ALL), then re-run sra plan',
        exitCode: ExitCode.Usage,
      },
    );
  }
  const org = need(slice.organization, 'the organization (DescribeOrganization)');
  const roots = need(slice.roots, 'the organization root (ListRoots)');
  const root = roots[0];
  if (!root) {
    blocked('the organization root', {
      ...where,
      kind: 'service',
      operation: 'organizations:ListRoots',
      message: 'ListRoots returned no root',
    });
  }
  return {
    org,
    root,
    ous: need(slice.ous, 'the organizational units (ListOrganizationalUnitsForParent)'),
    accounts: need(slice.accounts, 'the accounts and their OUs (ListAccountsForParent)'),
    policies: need(slice.policies, 'the SCPs and RCPs (ListPolicies, DescribePolicy, ListTargetsForPolicy)'),
    slice,
  };
}

/** The facts the policy library writes from. */
export function libraryContext(ctx: PlanContext, organizationId: string): LibraryContext {
  const bp = ctx.blueprint;
  return {
    organizationId,
    memberRoleName: bp.organization.memberRoleName,
    controlTower: bp.organization.controlTower.enabled,
    governedRegions: [...ctx.governedRegions],
    homeRegion: ctx.homeRegion,
    logArchiveAccount: ctx.roles.logArchive,
  };
}

/** OU name → names from the root down (cycles, reported by validation, are cut). */
function ouPaths(blueprint: Blueprint): Map<string, string[]> {
  const byName = new Map(blueprint.organization.organizationalUnits.map((o) => [o.name, o]));
  const out = new Map<string, string[]>();
  const pathOf = (name: string, seen: Set<string>): string[] => {
    const known = out.get(name);
    if (known) return known;
    const ou = byName.get(name);
    const parent = ou?.parent;
    const path =
      parent === undefined || parent === ROOT_OU || seen.has(parent) || !byName.has(parent)
        ? [name]
        : [...pathOf(parent, new Set([...seen, name])), name];
    out.set(name, path);
    return path;
  };
  for (const ou of blueprint.organization.organizationalUnits) pathOf(ou.name, new Set([ou.name]));
  return out;
}

function samePolicy(a: string, b: string): boolean {
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return a === b;
  }
}

function isManaged(tags: Record<string, string> | undefined): boolean {
  return tags?.[MANAGED_TAG.key] === MANAGED_TAG.value;
}

/** The feature's step maker: every step is global, in the management account, and is added to `steps`. */
function stepAdder(
  ctx: PlanContext,
  mgmt: string,
  steps: Step[],
): (spec: Omit<StepSpec, 'feature' | 'capability' | 'account' | 'region' | 'global'>) => Step {
  return (spec) => {
    const s = makeStep({
      feature: FEATURE_ID,
      capability: 'security-governance',
      account: mgmt,
      region: ctx.homeRegion,
      global: true,
      ...spec,
    });
    steps.push(s);
    return s;
  };
}

/** Plans the organization towards the blueprint. */
export function planOrganizations(ctx: PlanContext): FeaturePlan {
  const state = readState(ctx);
  const bp = ctx.blueprint;
  const mgmt = ctx.roles.management;
  const steps: Step[] = [];
  const notes: string[] = [];
  const step = stepAdder(ctx, mgmt, steps);

  // 1. All features.
  let allFeatures: string | undefined;
  if (state.org.featureSet !== 'ALL') {
    allFeatures = step({
      op: 'organizations.enable-all-features',
      action: 'update',
      resource: 'all-features',
      summary: `enable all features in organization ${state.org.id}`,
      changes: [{ field: 'featureSet', from: state.org.featureSet, to: 'ALL' }],
    }).id;
    notes.push(
      `organization ${state.org.id} uses ${state.org.featureSet}: enabling all features starts a handshake that every ` +
        'invited member account must accept before the management account finalizes it; until then the policy ' +
        'steps cannot run (re-run sra apply afterwards).',
    );
  }

  // 2. Policy types on the root.
  const policies = desiredPolicies(bp, ctx.blueprintDir, libraryContext(ctx, state.org.id));
  const wantedTypes: string[] = [POLICY_TYPE.scp];
  if (policies.some((p) => p.kind === 'rcp')) wantedTypes.push(POLICY_TYPE.rcp);
  if (bp.governance.declarativePolicies.enabled) wantedTypes.push(POLICY_TYPE.declarativeEc2);
  const typeSteps = new Map<string, string>();
  for (const type of wantedTypes) {
    const status = state.root.policyTypes.find((t) => t.type === type)?.status;
    if (status === 'ENABLED' || status === 'PENDING_ENABLE') continue;
    const s = step({
      op: 'organizations.enable-policy-type',
      action: 'update',
      resource: `policy-type:${type}`,
      summary: `enable ${type} on root ${state.root.id}`,
      params: { rootId: state.root.id, policyType: type },
      dependsOn: [allFeatures],
      changes: [{ field: type, from: status ?? 'DISABLED', to: 'ENABLED' }],
    });
    typeSteps.set(type, s.id);
  }

  // 3. OUs, parents first.
  const paths = ouPaths(bp);
  const ouTarget = new Map<string, { id: string | OutputRef; step?: string; path: string[] }>();
  const ordered = [...paths.entries()].sort((a, b) => a[1].length - b[1].length);
  for (const [name, path] of ordered) {
    const found = state.ous.find((o) => o.path.join('/') === path.join('/'));
    if (found) {
      ouTarget.set(name, { id: found.id, path });
      continue;
    }
    const parent = path.length > 1 ? ouTarget.get(path[path.length - 2]!) : undefined;
    const s = step({
      op: 'organizations.create-ou',
      action: 'create',
      resource: `ou:${path.join('/')}`,
      summary: `organizational unit ${path.join('/')}`,
      params: { name, parentId: parent ? parent.id : state.root.id },
      dependsOn: [allFeatures, parent?.step],
    });
    ouTarget.set(name, { id: ref(s.id, 'id'), step: s.id, path });
  }

  // 4. Account placement: only accounts the blueprint places, only when they sit elsewhere.
  const ouNameOf = (parentId: string | undefined): string => {
    if (parentId === state.root.id) return ROOT_OU;
    const ou = state.ous.find((o) => o.id === parentId);
    return ou ? ou.path.join('/') : (parentId ?? 'unknown');
  };
  let moves = 0;
  for (const [account, ouName] of accountPlacement(bp)) {
    const target = ouTarget.get(ouName);
    const a = state.accounts.find((x) => x.id === account);
    if (!target) continue; // validation reports OUs the blueprint does not declare
    if (!a) {
      notes.push(
        `account ${account} is placed in OU ${ouName} by the blueprint but is not in the organization`,
      );
      continue;
    }
    if (typeof target.id === 'string' && target.id === a.parentId) continue;
    step({
      op: 'organizations.move-account',
      action: 'update',
      resource: `placement:${account}`,
      summary: `move account ${account} to ${target.path.join('/')}`,
      params: { accountId: account, destinationParentId: target.id },
      dependsOn: [target.step],
      changes: [{ field: 'ou', from: ouNameOf(a.parentId), to: target.path.join('/') }],
    });
    moves++;
  }
  if (moves > 0 && bp.organization.controlTower.enabled) {
    notes.push(
      'Control Tower: accounts moved between OUs outside Control Tower must be re-registered in the OU (Control Tower console → Organization → Re-register OU) to get its controls.',
    );
  }

  // 5. Policies and their attachments.
  for (const p of policies) planPolicy(state, p, step, typeSteps, ouTarget, notes);

  // Policies sra-kit created that the blueprint no longer lists are left for `sra destroy`.
  const tags = state.slice.tags?.ok ? state.slice.tags.value : undefined;
  for (const existingPolicy of state.policies) {
    if (existingPolicy.awsManaged || !isManaged(tags?.[existingPolicy.id])) continue;
    if (policies.some((p) => p.type === existingPolicy.type && p.name === existingPolicy.name)) continue;
    notes.push(
      `policy ${existingPolicy.name} (${existingPolicy.id}) was created by sra-kit but is no longer in the blueprint; it stays attached until sra destroy removes it`,
    );
  }

  const after = [allFeatures, ...typeSteps.values()].filter((s): s is string => s !== undefined);
  const provides: Record<string, Provided> = {
    [ORGANIZATION_READY]: after.length ? { value: state.org.id, after } : existing(state.org.id),
  };
  return { steps, provides, notes };
}

type AddStep = (spec: Omit<StepSpec, 'feature' | 'capability' | 'account' | 'region' | 'global'>) => Step;

function planPolicy(
  state: OrgState,
  p: DesiredPolicy,
  step: AddStep,
  typeSteps: ReadonlyMap<string, string>,
  ouTarget: ReadonlyMap<string, { id: string | OutputRef; step?: string; path: string[] }>,
  notes: string[],
): void {
  if (AWS_MANAGED_POLICY_NAMES.includes(p.name)) {
    throw new SraError('POLICY_NAME_RESERVED', `policy name ${p.name} belongs to an AWS-managed policy`, {
      path: `${p.path}.name`,
      hint: 'choose another name (sra-kit never changes AWS-managed policies)',
      exitCode: ExitCode.Usage,
    });
  }
  const typeStep = typeSteps.get(p.type);
  const found = state.policies.find((x) => !x.awsManaged && x.type === p.type && x.name === p.name);
  const base = `${p.kind}:${p.name}`;
  let policyId: string | OutputRef;
  let createStep: string | undefined;
  if (!found) {
    const s = step({
      op: 'organizations.create-policy',
      action: 'create',
      resource: base,
      summary: `${p.kind.toUpperCase()} ${p.name}`,
      params: { name: p.name, type: p.type, description: p.description, content: p.content },
      dependsOn: [typeStep],
    });
    createStep = s.id;
    policyId = ref(s.id, 'id');
  } else {
    policyId = found.id;
    if (found.content === undefined || !samePolicy(found.content, p.content)) {
      step({
        op: 'organizations.update-policy',
        action: 'update',
        resource: base,
        summary: `${p.kind.toUpperCase()} ${p.name} content`,
        params: { policyId: found.id, content: p.content },
        dependsOn: [typeStep],
        changes: [{ field: 'content', from: found.content ?? null, to: p.content }],
      });
    }
  }

  // Where it should be attached: the root for the whole organization, else the named OUs and accounts
  // (policies apply to everything below an attachment point, so nested OUs need no attachment).
  const wanted: Array<{ label: string; id: string | OutputRef; step?: string }> = [];
  const t = p.targets;
  if (t.ous.length === 0 && t.accounts.length === 0) {
    wanted.push({ label: 'root', id: state.root.id });
  } else {
    for (const name of t.ous) {
      const ou = ouTarget.get(name);
      if (ou)
        wanted.push({ label: `ou:${ou.path.join('/')}`, id: ou.id, ...(ou.step ? { step: ou.step } : {}) });
    }
    for (const account of t.accounts) {
      if (state.accounts.some((a) => a.id === account)) wanted.push({ label: account, id: account });
      else
        notes.push(
          `${p.kind.toUpperCase()} ${p.name}: account ${account} is not in the organization; not attached`,
        );
    }
  }
  const attached = new Set(found?.targets ?? []);
  for (const w of wanted) {
    if (typeof w.id === 'string' && attached.has(w.id)) continue;
    step({
      op: 'organizations.attach-policy',
      action: 'create',
      resource: `${base}:attach:${w.label}`,
      summary: `attach ${p.kind.toUpperCase()} ${p.name} to ${w.label}`,
      params: { policyId, targetId: w.id },
      dependsOn: [createStep, w.step, typeStep],
    });
  }
  if (!found) return;
  const keep = new Set(wanted.map((w) => w.id).filter((id): id is string => typeof id === 'string'));
  for (const target of found.targets ?? []) {
    if (keep.has(target)) continue;
    step({
      op: 'organizations.detach-policy',
      action: 'delete',
      resource: `${base}:detach:${target}`,
      summary: `detach ${p.kind.toUpperCase()} ${p.name} from ${target} (no longer a target)`,
      params: { policyId: found.id, targetId: target },
    });
  }
}

/** Plans the removal of what sra-kit created: its tagged policies, then its tagged OUs that are empty. */
export function destroyOrganizations(ctx: PlanContext): FeaturePlan {
  const state = readState(ctx);
  const mgmt = ctx.roles.management;
  if (!state.slice.tags) {
    blocked('the tags of OUs and policies (ListTagsForResource)', {
      account: mgmt,
      region: ctx.homeRegion,
      kind: 'skipped',
      operation: 'organizations:ListTagsForResource',
      message: 'the inventory was collected without tags',
    });
  }
  const tags = need(state.slice.tags, 'the tags of OUs and policies (ListTagsForResource)');
  const steps: Step[] = [];
  const notes: string[] = [
    `the organization keeps all features and its enabled policy types (${state.root.policyTypes
      .map((t) => t.type)
      .join(', ')}); disable them by hand if no other tool needs them`,
  ];
  const step = stepAdder(ctx, mgmt, steps);

  const policyDeletes: string[] = [];
  for (const p of state.policies) {
    if (p.awsManaged || AWS_MANAGED_POLICY_NAMES.includes(p.name) || !isManaged(tags[p.id])) continue;
    const kind = p.type === POLICY_TYPE.rcp ? 'rcp' : 'scp';
    const base = `${kind}:${p.name}`;
    const detaches = (p.targets ?? []).map(
      (target) =>
        step({
          op: 'organizations.detach-policy',
          action: 'delete',
          resource: `${base}:detach:${target}`,
          summary: `detach ${kind.toUpperCase()} ${p.name} from ${target}`,
          params: { policyId: p.id, targetId: target },
        }).id,
    );
    policyDeletes.push(
      step({
        op: 'organizations.delete-policy',
        action: 'delete',
        resource: base,
        summary: `${kind.toUpperCase()} ${p.name}`,
        params: { policyId: p.id },
        dependsOn: detaches,
      }).id,
    );
  }

  // OUs: an sra-kit OU goes only when it holds no account and every child OU goes too; children first.
  const deletable = new Map<string, boolean>();
  const canDelete = (ou: OrgOu): boolean => {
    const known = deletable.get(ou.id);
    if (known !== undefined) return known;
    deletable.set(ou.id, false); // cycle guard
    const children = state.ous.filter((o) => o.parentId === ou.id);
    const ok =
      isManaged(tags[ou.id]) &&
      !state.accounts.some((a) => a.parentId === ou.id) &&
      children.every((c) => canDelete(c));
    deletable.set(ou.id, ok);
    return ok;
  };
  const deepestFirst = [...state.ous].sort((a, b) => b.path.length - a.path.length);
  for (const ou of deepestFirst) {
    if (!canDelete(ou)) {
      if (isManaged(tags[ou.id])) {
        notes.push(`OU ${ou.path.join('/')} (${ou.id}) was created by sra-kit but is kept: it is not empty`);
      }
      continue;
    }
    const children = state.ous.filter((o) => o.parentId === ou.id);
    step({
      op: 'organizations.delete-ou',
      action: 'delete',
      resource: `ou:${ou.path.join('/')}`,
      summary: `organizational unit ${ou.path.join('/')} (empty)`,
      params: { ouId: ou.id },
      dependsOn: [...children.map((c) => orgStepId(mgmt, `ou:${c.path.join('/')}`)), ...policyDeletes],
    });
  }
  return { steps, notes };
}
