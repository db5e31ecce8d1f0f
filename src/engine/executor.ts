/**
 * The executor: runs a plan's steps in dependency order with bounded concurrency (steps in flight overall
 * and per account; the access layer adds per-API limits and adaptive retries on throttling), keeps
 * independent branches going when a step fails (its dependents are reported as blocked), journals every
 * step so a re-run of the same plan resumes, and returns a summary naming every failed step with its
 * account and Region.
 */
import pLimit from 'p-limit';
import { callName, type AwsAccess } from '../aws/access.js';
import { KeyedLimiter } from '../aws/limiter.js';
import { actionFor } from '../verify/iam-policy.js';
import { SraError } from '../errors.js';
import type { Journal } from './journal.js';
import { isRef, parseRef } from './step.js';
import type { Json, OpContext, OpHandler, OpOutputs, Plan, PollOptions, Step } from './types.js';

/** What happened to one step. */
export interface StepOutcome {
  step: Step;
  /** done: ran now · resumed: done by an earlier run of this plan (journal) · failed · blocked: a dependency failed · not-started: the run was stopped first. */
  status: 'done' | 'resumed' | 'failed' | 'blocked' | 'not-started';
  /** Why it failed, or which dependency blocked it. */
  error?: string;
  /** The step's outputs. */
  outputs?: OpOutputs;
}

/** Progress events, for progress bars and logs. */
export type ApplyEvent =
  | { type: 'begin'; total: number; resumed: number }
  | { type: 'start'; step: Step }
  | { type: 'done'; step: Step }
  | { type: 'failed'; step: Step; error: string }
  | { type: 'blocked'; step: Step; by: string };

/** Options of {@link applyPlan}. */
export interface ApplyOptions {
  access: AwsAccess;
  plan: Plan;
  /** Op handlers by name. */
  ops: ReadonlyMap<string, OpHandler>;
  /** Journal (resume and record). */
  journal?: Journal;
  /** Steps in flight at once. @default 32 */
  concurrency?: number;
  /** Steps in flight per account. @default 4 */
  perAccount?: number;
  /** Stops starting new steps once aborted (steps in flight finish). */
  signal?: AbortSignal;
  /** Progress. */
  onEvent?: (e: ApplyEvent) => void;
  /** Clock for journal timestamps. @default Date.now */
  now?: () => number;
}

/** What {@link applyPlan} returns. */
export interface ApplyResult {
  outcomes: StepOutcome[];
  /** Steps done now or earlier (journal). */
  done: number;
  /** Failed steps (with account, Region and reason in `error`). */
  failed: StepOutcome[];
  /** Steps not run because a dependency failed. */
  blocked: StepOutcome[];
  /** True when the run was stopped before every step had its turn. */
  aborted: boolean;
}

/** An op called an API its `calls` list does not declare: a bug in the op, caught before the call. */
export class UndeclaredCallError extends Error {
  constructor(op: string, action: string) {
    super(`op ${op} called ${action}, which its calls list does not declare`);
  }
}

/** Runs a plan. Never throws for a failing step; the result says what failed. */
export async function applyPlan(options: ApplyOptions): Promise<ApplyResult> {
  const { plan, ops, journal } = options;
  const now = options.now ?? Date.now;
  const at = () => new Date(now()).toISOString();
  const resumedSteps = journal?.resumable(plan.digest).done ?? new Map<string, OpOutputs>();
  const outputs = new Map<string, OpOutputs>();
  const outcomes = new Map<string, StepOutcome>();
  for (const step of plan.steps) {
    const prior = resumedSteps.get(step.id);
    if (prior) {
      outputs.set(step.id, prior);
      outcomes.set(step.id, { step, status: 'resumed', outputs: prior });
    }
  }
  const resumed = outcomes.size;
  journal?.write({
    type: 'begin',
    plan: plan.digest,
    organizationId: plan.organizationId,
    at: at(),
    steps: plan.steps.length,
  });
  options.onEvent?.({ type: 'begin', total: plan.steps.length, resumed });

  const global = pLimit(options.concurrency ?? 32);
  const perAccount = new KeyedLimiter(options.perAccount ?? 4);
  const settled = new Map<string, Promise<StepOutcome>>();
  for (const [id, o] of outcomes) settled.set(id, Promise.resolve(o));

  const runStep = async (step: Step): Promise<StepOutcome> => {
    // Wait for dependencies (they appear earlier in the plan, so their promises exist).
    const deps = await Promise.all(step.dependsOn.map((d) => settled.get(d) ?? Promise.resolve(undefined)));
    const bad = deps.find((d) => d && d.status !== 'done' && d.status !== 'resumed');
    if (bad) {
      const outcome: StepOutcome =
        bad.status === 'not-started'
          ? { step, status: 'not-started' }
          : {
              step,
              status: 'blocked',
              error: `blocked: ${bad.step.id} ${bad.status === 'failed' ? 'failed' : 'was blocked'}`,
            };
      if (outcome.status === 'blocked') options.onEvent?.({ type: 'blocked', step, by: bad.step.id });
      return outcome;
    }
    return global(() =>
      perAccount.run(step.account, async (): Promise<StepOutcome> => {
        if (options.signal?.aborted) return { step, status: 'not-started' };
        const handler = ops.get(step.op);
        if (!handler)
          return fail(step, `unknown op ${step.op} (the plan was made by another sra-kit version?)`);
        let params: Record<string, Json>;
        try {
          params = resolveParams(step, outputs);
        } catch (e) {
          return fail(step, (e as Error).message);
        }
        journal?.write({ type: 'start', step: step.id, at: at() });
        options.onEvent?.({ type: 'start', step });
        try {
          const out = (await handler.run(opContext(options, handler, step, params), params)) ?? {};
          outputs.set(step.id, out);
          journal?.write({ type: 'done', step: step.id, at: at(), outputs: out });
          options.onEvent?.({ type: 'done', step });
          return { step, status: 'done', outputs: out };
        } catch (e) {
          return fail(step, describe(e));
        }
      }),
    );
  };

  const fail = (step: Step, error: string): StepOutcome => {
    journal?.write({ type: 'failed', step: step.id, at: at(), error });
    options.onEvent?.({ type: 'failed', step, error });
    return { step, status: 'failed', error };
  };

  for (const step of plan.steps) {
    if (!settled.has(step.id)) settled.set(step.id, runStep(step));
  }
  const all = await Promise.all(plan.steps.map((s) => settled.get(s.id)!));
  const failed = all.filter((o) => o.status === 'failed');
  const unfinished = all.filter((o) => o.status !== 'done' && o.status !== 'resumed').length;
  journal?.write({ type: 'end', plan: plan.digest, at: at(), failed: unfinished });
  return {
    outcomes: all,
    done: all.filter((o) => o.status === 'done' || o.status === 'resumed').length,
    failed,
    blocked: all.filter((o) => o.status === 'blocked'),
    aborted: all.some((o) => o.status === 'not-started'),
  };
}

function resolveParams(step: Step, outputs: ReadonlyMap<string, OpOutputs>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(step.params)) {
    if (!isRef(v)) {
      out[k] = v;
      continue;
    }
    const { step: from, output } = parseRef(v);
    const value = outputs.get(from)?.[output];
    if (value === undefined)
      throw new Error(`parameter ${k} needs output ${output} of ${from}, which it did not produce`);
    out[k] = value;
  }
  return out;
}

function describe(e: unknown): string {
  if (e instanceof SraError) return e.hint ? `${e.message} (${e.hint})` : e.message;
  return e instanceof Error ? e.message : String(e);
}

function opContext(
  options: ApplyOptions,
  handler: OpHandler,
  step: Step,
  params: Record<string, Json>,
): OpContext {
  const { access, plan } = options;
  const declared = new Set(handler.calls);
  return {
    account: step.account,
    region: step.region,
    step: { ...step, params },
    organizationId: plan.organizationId,
    managementAccountId: plan.managementAccountId,
    access,
    send(Client, command, where) {
      const target = { account: where?.account ?? step.account, region: where?.region ?? step.region };
      const action = callName(Client, access.client(Client, target), command);
      if (!declared.has(action) && !declared.has(actionFor(action)))
        throw new UndeclaredCallError(handler.op, action);
      return access.send(Client, target, command);
    },
    poll: (check, p) => poll(access, step, check, p),
  };
}

/** Polls with exponential backoff on the access layer's clock until `check` yields a value or time runs out. */
async function poll<T>(
  access: AwsAccess,
  step: Step,
  check: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T> {
  const timeout = options.timeoutMs ?? 120_000;
  const max = options.maxIntervalMs ?? 15_000;
  let wait = options.intervalMs ?? 1_000;
  let waited = 0;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (waited >= timeout) {
      throw new SraError(
        'POLL_TIMEOUT',
        `gave up waiting for ${options.what} in account ${step.account} (${step.region}) after ${Math.round(waited / 1000)} s`,
        {
          account: step.account,
          region: step.region,
          hint: 'AWS had not caught up yet; run sra apply again (it resumes), or check the service in that account and Region',
        },
      );
    }
    const delay = Math.min(wait, max, timeout - waited);
    await access.sleep(delay);
    waited += delay;
    wait *= 2;
  }
}
