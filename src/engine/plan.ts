/**
 * Planning: runs every feature's planner over one inventory, wires the values features hand each other,
 * checks the result (unique ids, known ops, references only to earlier steps, no cycles) and orders it.
 * Pure: no AWS calls happen here.
 */
import { createHash } from 'node:crypto';
import { resolveTargets } from '../blueprint/resolve.js';
import type { Blueprint, Targets } from '../blueprint/schema.js';
import { VERSION } from '../version.js';
import type { AccountInfo, Inventory } from '../observe/types.js';
import { canonicalJson, isRef, parseRef } from './step.js';
import {
  PLAN_SCHEMA_VERSION,
  type DestroyOptions,
  type Feature,
  type OpHandler,
  type Plan,
  type PlanContext,
  type PlanMode,
  type Provided,
  type RoleAccounts,
  type Step,
} from './types.js';

/** What {@link buildPlan} needs. */
export interface BuildPlanInput {
  features: readonly Feature[];
  blueprint: Blueprint;
  /** The blueprint file as the user named it (recorded in the plan). */
  blueprintPath: string;
  /** Directory of the blueprint file. */
  blueprintDir: string;
  inventory: Inventory;
  mode: PlanMode;
  /** Destroy options (mode `destroy`). */
  destroy?: DestroyOptions;
  /** Clock for `createdAt`. @default Date.now */
  now?: () => number;
}

/** Op of the synthetic steps that order teardown feature by feature; it does nothing itself. */
export const BARRIER_OP = 'engine.barrier';

const barrierOp: OpHandler = { op: BARRIER_OP, calls: [], run: async () => undefined };

function barrierStep(feature: string, account: string, blueprint: Blueprint, before: readonly Step[]): Step {
  return {
    id: `engine/${account}/global/before-${feature}`,
    op: BARRIER_OP,
    action: 'delete',
    feature: 'engine',
    capability: 'security-governance',
    account,
    region: blueprint.organization.homeRegion,
    summary: `wait for the teardown of later features before ${feature}`,
    params: {},
    dependsOn: before.map((st) => st.id),
  };
}

/** The op registry of a set of features (plus the engine's barrier); duplicate op names are a programming error. */
export function opRegistry(features: readonly Feature[]): Map<string, OpHandler> {
  const ops = new Map<string, OpHandler>([[BARRIER_OP, barrierOp]]);
  for (const f of features) {
    for (const op of f.ops) {
      if (ops.has(op.op)) throw new Error(`op ${op.op} is defined twice`);
      ops.set(op.op, op);
    }
  }
  return ops;
}

/** Digest of a resolved blueprint (canonical JSON), recorded in plans. */
export function blueprintDigest(blueprint: Blueprint): string {
  return sha256(canonicalJson(blueprint));
}

/** Digest of a list of steps (canonical JSON). */
export function stepsDigest(steps: readonly Step[]): string {
  return sha256(canonicalJson(steps));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The active accounts of an inventory (management included). */
export function activeAccounts(inventory: Inventory): AccountInfo[] {
  return inventory.accounts.filter((a) => a.status === 'ACTIVE');
}

/** Builds the {@link PlanContext} features plan from. */
export function planContext(
  blueprint: Blueprint,
  blueprintDir: string,
  inventory: Inventory,
  provided: ReadonlyMap<string, Provided>,
): PlanContext {
  const accounts = activeAccounts(inventory);
  const roles: RoleAccounts = {
    management: blueprint.organization.managementAccount,
    securityTooling: blueprint.accounts.securityTooling,
    logArchive: blueprint.accounts.logArchive,
    ...(blueprint.accounts.network ? { network: blueprint.accounts.network } : {}),
    ...(blueprint.accounts.sharedServices ? { sharedServices: blueprint.accounts.sharedServices } : {}),
  };
  const governedRegions = [...blueprint.organization.governedRegions];
  return {
    blueprint,
    blueprintDir,
    inventory,
    roles,
    homeRegion: blueprint.organization.homeRegion,
    governedRegions,
    accounts,
    targets(t?: Targets) {
      const r = resolveTargets(blueprint, t);
      const excluded = new Set(r.excludeAccounts);
      const ous = new Set(r.ous);
      const declared = new Set(r.accounts);
      const picked = accounts
        .filter((a) => !excluded.has(a.id))
        .filter((a) => r.wholeOrganization || declared.has(a.id) || a.ouPath.some((name) => ous.has(name)))
        .map((a) => a.id);
      return { accounts: picked, regions: r.regions };
    },
    provided: (name) => provided.get(name),
  };
}

/**
 * Runs the planners (in feature order for apply, reverse order for destroy) and returns a checked,
 * ordered plan.
 */
export function buildPlan(input: BuildPlanInput): Plan {
  const features = input.mode === 'destroy' ? [...input.features].reverse() : input.features;
  const ops = opRegistry(input.features);
  const provided = new Map<string, Provided>();
  const ctx = planContext(input.blueprint, input.blueprintDir, input.inventory, provided);
  const steps: Step[] = [];
  const notes: string[] = [];
  let previous: Step[] = [];
  for (const feature of features) {
    const out =
      input.mode === 'destroy'
        ? feature.destroy(ctx, input.destroy ?? { scheduleKeyDeletion: false })
        : feature.plan(ctx);
    if (input.mode === 'destroy' && out.steps.length > 0) {
      // Teardown runs feature by feature in reverse apply order (SRA.md §3.6): a barrier waits for every
      // step of the features torn down so far, and this feature's steps wait for the barrier.
      if (previous.length > 0) {
        const barrier = barrierStep(
          feature.id,
          input.inventory.managementAccountId,
          input.blueprint,
          previous,
        );
        steps.push(barrier);
        for (const st of out.steps) st.dependsOn = [...st.dependsOn, barrier.id];
      }
      previous = out.steps;
    }
    steps.push(...out.steps);
    notes.push(...(out.notes ?? []));
    for (const [name, value] of Object.entries(out.provides ?? {})) provided.set(name, value);
  }
  const ordered = orderSteps(steps, ops);
  const organizationId = input.inventory.organizationId ?? input.blueprint.organization.id ?? '';
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    kind: 'sra-plan',
    mode: input.mode,
    toolVersion: VERSION,
    createdAt: new Date((input.now ?? Date.now)()).toISOString(),
    collectedAt: input.inventory.collectedAt,
    organizationId,
    managementAccountId: input.inventory.managementAccountId,
    homeRegion: input.blueprint.organization.homeRegion,
    blueprint: { path: input.blueprintPath, digest: blueprintDigest(input.blueprint) },
    digest: stepsDigest(ordered),
    steps: ordered,
    notes,
  };
}

/**
 * Checks and orders steps: ids unique, ops known, every `$ref` names a step of the plan (and becomes a
 * dependency), dependencies on ids outside the plan dropped (already satisfied), no cycles. The order is
 * topological and otherwise keeps the planners' order.
 */
export function orderSteps(steps: readonly Step[], ops: ReadonlyMap<string, OpHandler>): Step[] {
  const byId = new Map<string, Step>();
  for (const s of steps) {
    if (byId.has(s.id)) throw new Error(`two steps have the id ${s.id}`);
    if (!ops.has(s.op)) throw new Error(`step ${s.id} uses the unknown op ${s.op}`);
    byId.set(s.id, s);
  }
  const normalized = steps.map((s) => {
    const deps = new Set(s.dependsOn.filter((d) => byId.has(d)));
    for (const v of Object.values(s.params)) {
      if (!isRef(v)) continue;
      const { step } = parseRef(v);
      if (!byId.has(step)) throw new Error(`step ${s.id} refers to ${v.$ref}, which is not in the plan`);
      deps.add(step);
    }
    return { ...s, dependsOn: [...deps] };
  });
  const index = new Map(normalized.map((s, i) => [s.id, i]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: Step[] = [];
  const visit = (s: Step, path: string[]): void => {
    const st = state.get(s.id);
    if (st === 'done') return;
    if (st === 'visiting')
      throw new Error(`steps depend on each other in a cycle: ${[...path, s.id].join(' → ')}`);
    state.set(s.id, 'visiting');
    for (const d of [...s.dependsOn].sort((a, b) => index.get(a)! - index.get(b)!)) {
      visit(normalized[index.get(d)!]!, [...path, s.id]);
    }
    state.set(s.id, 'done');
    out.push(s);
  };
  for (const s of normalized) visit(s, []);
  return out;
}
