/**
 * Engine test harness: plan and apply against a sandbox scenario through the real access layer,
 * observe engine, planner and executor.
 * - `planScenario(s, blueprint, options)` → the plan (mode apply or destroy)
 * - `applyScenario(s, plan, options)` → the executor's result
 * - `converge(s, blueprint, options)` → plan, apply, plan again: `{ first, result, second }`
 */
import { scenarioAccess } from '../../src/sandbox/scenarios/access.js';
import type { AwsAccess } from '../../src/aws/access.js';
import type { Blueprint } from '../../src/blueprint/schema.js';
import type { ApplyEvent, ApplyResult } from '../../src/engine/executor.js';
import type { Journal } from '../../src/engine/journal.js';
import { executePlan, makePlan } from '../../src/engine/run.js';
import type { DestroyOptions, Feature, Plan, PlanMode } from '../../src/engine/types.js';
import { FEATURES } from '../../src/features/index.js';
import type { Scenario } from '../../src/sandbox/scenarios/index.js';

/** Options of the harness functions. */
export interface HarnessOptions {
  /** Features to plan with. @default FEATURES (all) */
  features?: readonly Feature[];
  mode?: PlanMode;
  destroy?: DestroyOptions;
  journal?: Journal;
  signal?: AbortSignal;
  onEvent?: (e: ApplyEvent) => void;
  /** Access layer to use (e.g. one with more retries for fault tests). */
  access?: AwsAccess;
}

/** An access layer acting as the scenario's management account administrator. */
export function engineAccess(s: Scenario, maxAttempts = 3): AwsAccess {
  return scenarioAccess(s, {
    maxAttempts,
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
  });
}

/** Plans `blueprint` against the scenario. */
export async function planScenario(
  s: Scenario,
  blueprint: Blueprint,
  options: HarnessOptions = {},
): Promise<Plan> {
  const { plan } = await makePlan({
    access: options.access ?? engineAccess(s),
    blueprint,
    blueprintPath: 'scenario.sra.yaml',
    features: options.features ?? FEATURES,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.destroy ? { destroy: options.destroy } : {}),
    now: () => s.sandbox.clock.now(),
  });
  return plan;
}

/** Applies a plan to the scenario. */
export function applyScenario(s: Scenario, plan: Plan, options: HarnessOptions = {}): Promise<ApplyResult> {
  return executePlan({
    access: options.access ?? engineAccess(s),
    plan,
    features: options.features ?? FEATURES,
    ...(options.journal ? { journal: options.journal } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    now: () => s.sandbox.clock.now(),
  });
}

/** Plans, applies, and plans again. */
export async function converge(
  s: Scenario,
  blueprint: Blueprint,
  options: HarnessOptions = {},
): Promise<{ first: Plan; result: ApplyResult; second: Plan }> {
  const first = await planScenario(s, blueprint, options);
  const result = await applyScenario(s, first, options);
  const second = await planScenario(s, blueprint, options);
  return { first, result, second };
}

/** One line per failed step, for assertion messages. */
export function failures(result: ApplyResult): string {
  return result.failed.map((o) => `${o.step.id}: ${o.error}`).join('\n');
}
