/**
 * The engine under adverse conditions, on a greenfield organization (three workloads, two Regions) with every
 * feature: a throttling storm, one account that denies everything, an apply killed half-way (resumed from
 * the journal, or re-planned from the live organization), a kill between a create and its journal record,
 * and propagation delays. Each run must converge without creating anything twice.
 */
import { scenarioAccess } from '../../src/sandbox/scenarios/access.js';
import { describe, expect, it } from 'vitest';
import type { AwsAccess } from '../../src/aws/access.js';
import type { ApplyEvent } from '../../src/engine/executor.js';
import { MemoryJournal, type Journal, type JournalRecord } from '../../src/engine/journal.js';
import { renderApplySummary } from '../../src/engine/render.js';
import type { Plan } from '../../src/engine/types.js';
import { scenarioBlueprint } from '../../src/sandbox/scenarios/blueprint.js';
import { allAccounts, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { cloudTrailState } from '../../src/sandbox/services/cloudtrail.js';
import { configState } from '../../src/sandbox/services/config.js';
import { kmsState, type KmsRegionState } from '../../src/sandbox/services/kms.js';
import { logGroups } from '../../src/sandbox/services/logs.js';
import { s3AccountState } from '../../src/sandbox/services/s3.js';
import { applyScenario, converge, failures, planScenario } from './harness.js';

const scenario = () => greenfield({ workloads: 3 });

/**
 * What sra-kit creates, counted by identity (account, Region, name): KMS keys per account and Region,
 * aliases, trails, buckets, recorders, delivery channels, aggregators, log groups, customer policies by
 * name and OUs by parent and name. In a correct run every count is 1.
 */
function census(s: Scenario): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (k: string) => (out[k] = (out[k] ?? 0) + 1);
  const world = s.sandbox.world;
  for (const { account, region, state } of world.slices<KmsRegionState>('kms')) {
    for (const key of kmsState(world, account, region).keys.values()) {
      if (key.keyManager === 'CUSTOMER' && key.state !== 'PendingDeletion')
        add(`kms-key ${account} ${region}`);
    }
    for (const alias of state.aliases.values()) {
      if (!alias.name.startsWith('alias/aws/')) add(`kms-alias ${account} ${region} ${alias.name}`);
    }
  }
  for (const { account } of world.slices<unknown>('cloudtrail')) {
    for (const t of cloudTrailState(world, account).trails.values()) add(`trail ${account} ${t.name}`);
  }
  for (const { account } of world.slices<unknown>('s3')) {
    for (const b of s3AccountState(world, account).buckets.values()) add(`bucket ${account} ${b.name}`);
  }
  for (const { account, region } of world.slices<unknown>('config')) {
    const c = configState(world, account, region);
    for (const r of c.recorders.values()) add(`recorder ${account} ${region} ${r.name}`);
    if (c.recorders.size > 1) add(`recorder ${account} ${region} (more than one)`);
    for (const ch of c.channels.values()) add(`channel ${account} ${region} ${ch.name}`);
    for (const a of c.aggregators.values()) add(`aggregator ${account} ${region} ${a.name}`);
  }
  for (const { account, region } of world.slices<unknown>('logs')) {
    for (const g of logGroups(world, account, region).values())
      add(`log-group ${account} ${region} ${g.name}`);
  }
  const org = world.organization!;
  for (const p of org.policies.values()) if (!p.awsManaged) add(`policy ${p.type} ${p.name}`);
  for (const ou of org.ous.values()) add(`ou ${ou.parentId} ${ou.name}`);
  return out;
}

/** Census entries counted more than once. */
const duplicates = (c: Record<string, number>) => Object.entries(c).filter(([, n]) => n > 1);

/** Asserts the census holds the foundation once: the log key and its alias, bucket, trail, recorders, SCPs, OUs. */
function expectFoundation(c: Record<string, number>, s: Scenario): void {
  const logs = s.logArchiveId;
  const home = s.homeRegion;
  const count = (prefix: string) =>
    Object.entries(c)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((n, [, v]) => n + v, 0);
  expect(count('kms-key ')).toBe(1);
  expect(c[`kms-key ${logs} ${home}`]).toBe(1);
  expect(c[`kms-alias ${logs} ${home} alias/sra-logs`]).toBe(1);
  expect(count('trail ')).toBe(1);
  // The central log bucket and the bucket receiving its server access logs.
  expect(count('bucket ')).toBe(2);
  expect(c[`bucket ${logs} sra-logs-${logs}-${home}`]).toBe(1);
  expect(c[`bucket ${logs} sra-access-logs-${logs}-${home}`]).toBe(1);
  expect(count('recorder ')).toBe(allAccounts(s).length * s.governedRegions.length);
  for (const name of ['sra-deny-leave-organization', 'sra-protect-security-services', 'sra-deny-root-user']) {
    expect(c[`policy SERVICE_CONTROL_POLICY ${name}`], name).toBe(1);
  }
  const ous = Object.keys(c).filter((k) => k.startsWith('ou '));
  for (const name of ['Security', 'Infrastructure', 'Workloads']) {
    expect(
      ous.filter((k) => k.endsWith(` ${name}`)),
      name,
    ).toHaveLength(1);
  }
  expect(duplicates(c)).toEqual([]);
}

/** The census of a clean, uninterrupted apply of the same scenario (the reference for "nothing twice"). */
async function cleanCensus(): Promise<Record<string, number>> {
  const s = await scenario();
  const { result, second } = await converge(s, scenarioBlueprint(s));
  expect(failures(result)).toBe('');
  expect(second.steps).toEqual([]);
  const c = census(s);
  expectFoundation(c, s);
  return c;
}

/** An access layer with the patience of production: many attempts, short backoffs, a high rate floor. */
function patientAccess(s: Scenario): AwsAccess {
  return scenarioAccess(s, {
    maxAttempts: 20,
    // The SDK waits out its backoff in real time, while the sandbox's token buckets refill on the virtual
    // clock, which only the simulated latency of each attempt moves forward. Short real backoffs keep the
    // test fast; the latency knob (1 s an attempt) stands in for the time a real backoff would take.
    retry: { baseDelayMs: 1, throttlingBaseDelayMs: 2, maxDelayMs: 10, minSendRate: 1000 },
  });
}

/** Applies `plan`, aborting after `n` steps have finished. */
async function applyKilledAfter(s: Scenario, plan: Plan, n: number, journal: Journal) {
  const abort = new AbortController();
  let done = 0;
  const doneIds: string[] = [];
  const result = await applyScenario(s, plan, {
    journal,
    signal: abort.signal,
    onEvent: (e: ApplyEvent) => {
      if (e.type !== 'done') return;
      doneIds.push(e.step.id);
      if (++done >= n) abort.abort();
    },
  });
  return { result, doneIds };
}

/** Ids of the steps an apply started (so actually ran, not resumed). */
function startedIds(): { ids: string[]; onEvent: (e: ApplyEvent) => void } {
  const ids: string[] = [];
  return { ids, onEvent: (e) => e.type === 'start' && ids.push(e.step.id) };
}

describe('engine under faults', () => {
  it('converges through a throttling storm, retrying the throttled calls', async () => {
    const s = await scenario();
    const blueprint = scenarioBlueprint(s);
    const access = patientAccess(s);
    const first = await planScenario(s, blueprint, { access });
    s.sandbox.resetStats();
    s.sandbox.knobs = { throttle: { ratePerSecond: 2, burst: 2 }, latencyMs: 1000 };
    const result = await applyScenario(s, first, { access });
    const throttledAll = [...s.sandbox.stats().errors]
      .filter(([name]) => /throttl|toomanyrequests|slowdown|ratelimit/i.test(name))
      .reduce((n, [, c]) => n + c, 0);
    expect(failures(result)).toBe('');
    expect(result.blocked).toEqual([]);
    // The storm was real: the sandbox turned calls away, and the retries got them through.
    expect(throttledAll).toBeGreaterThan(0);
    s.sandbox.knobs = {};
    const second = await planScenario(s, blueprint, { access });
    expect(second.steps).toEqual([]);
    expect(duplicates(census(s))).toEqual([]);
  });

  it('fails only the account that denies every call, names it, and converges once the fault is gone', async () => {
    const s = await scenario();
    const blueprint = scenarioBlueprint(s);
    const bad = s.workloadIds[1]!;
    const first = await planScenario(s, blueprint);
    expect(first.steps.some((x) => x.account === bad)).toBe(true);
    s.sandbox.knobs = { deny: [{ action: '*', account: bad }] };
    const result = await applyScenario(s, first);
    const notDone = result.outcomes.filter((o) => o.status !== 'done');
    expect(result.failed.length).toBeGreaterThan(0);
    expect(notDone.map((o) => o.step.account).filter((a) => a !== bad)).toEqual([]);
    for (const o of result.outcomes.filter((x) => x.step.account !== bad))
      expect(o.status, o.step.id).toBe('done');
    const summary = renderApplySummary(result);
    for (const o of result.failed) {
      expect(summary).toContain(`${o.step.id} (account ${bad}, ${o.step.region})`);
    }
    expect(summary).toMatch(/Run the same command again/);

    s.sandbox.knobs = {};
    const { first: again, result: retry, second } = await converge(s, blueprint);
    expect(again.steps.length).toBeGreaterThan(0);
    expect(failures(retry)).toBe('');
    expect(second.steps).toEqual([]);
    expect(duplicates(census(s))).toEqual([]);
  });

  it('resumes an apply killed half-way from the journal without re-running or re-creating anything', async () => {
    const reference = await cleanCensus();
    const s = await scenario();
    const blueprint = scenarioBlueprint(s);
    const plan = await planScenario(s, blueprint);
    const journal = new MemoryJournal();
    const killAt = Math.floor(plan.steps.length / 3);
    const { result: killed, doneIds } = await applyKilledAfter(s, plan, killAt, journal);
    expect(killed.aborted).toBe(true);
    expect(killed.failed).toEqual([]);
    expect(doneIds.length).toBeGreaterThanOrEqual(killAt);
    expect(doneIds.length).toBeLessThan(plan.steps.length);

    const started = startedIds();
    const resumed = await applyScenario(s, plan, { journal, onEvent: started.onEvent });
    expect(failures(resumed)).toBe('');
    expect(resumed.aborted).toBe(false);
    const resumedIds = resumed.outcomes.filter((o) => o.status === 'resumed').map((o) => o.step.id);
    expect(resumedIds.sort()).toEqual([...doneIds].sort());
    // No step the killed run finished was started again.
    expect(started.ids.filter((id) => doneIds.includes(id))).toEqual([]);
    expect(started.ids.length + resumedIds.length).toBe(plan.steps.length);

    const second = await planScenario(s, blueprint);
    expect(second.steps).toEqual([]);
    expect(census(s)).toEqual(reference);
    expect(s.sandbox.stats().byOperation.get('kms:CreateKey')).toBe(1);
  });

  it('after a kill, a fresh plan from the live organization finishes the job without duplicates', async () => {
    const reference = await cleanCensus();
    const s = await scenario();
    const blueprint = scenarioBlueprint(s);
    const plan = await planScenario(s, blueprint);
    const { result: killed, doneIds } = await applyKilledAfter(
      s,
      plan,
      Math.floor(plan.steps.length / 2),
      new MemoryJournal(),
    );
    expect(killed.aborted).toBe(true);

    const {
      first: replanned,
      result,
      second,
    } = await converge(s, blueprint, { journal: new MemoryJournal() });
    // The fresh plan does not repeat creations the killed run finished, except the trail's log group and
    // CloudWatch role: the collectors read those only through the trail that points to them, so before the
    // trail exists the planner cannot see them and plans them again (their ops accept existing ones).
    const recreated = replanned.steps.filter((x) => x.action === 'create' && doneIds.includes(x.id));
    const unseen = new Set(['log-group', 'cloudwatch-role']);
    expect(recreated.filter((x) => x.feature !== 'cloudtrail' || !unseen.has(x.id.split('/')[3]!))).toEqual(
      [],
    );
    expect(replanned.steps.length).toBeLessThan(plan.steps.length);
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    expect(census(s)).toEqual(reference);
  });

  it.each([
    ['the KMS key', 'log-archive.create-key'],
    ['a service control policy', 'organizations.create-policy'],
  ])(
    're-running a create whose journal record was lost finds %s instead of creating it again',
    async (_what, op) => {
      const reference = await cleanCensus();
      const s = await scenario();
      const blueprint = scenarioBlueprint(s);
      const plan = await planScenario(s, blueprint);
      const target = plan.steps.find((x) => x.op === op)!;
      expect(target, op).toBeDefined();

      // The process dies right after the create succeeded, before its `done` record reached the journal.
      const inner = new MemoryJournal();
      const lossy: Journal = {
        resumable: (d) => inner.resumable(d),
        write: (r: JournalRecord) => {
          if (r.type === 'done' && r.step === target.id) return;
          inner.write(r);
        },
      };
      const abort = new AbortController();
      const first = await applyScenario(s, plan, {
        journal: lossy,
        signal: abort.signal,
        onEvent: (e) => e.type === 'done' && e.step.id === target.id && abort.abort(),
      });
      expect(first.aborted).toBe(true);
      expect(first.outcomes.find((o) => o.step.id === target.id)?.status).toBe('done');
      const afterKill = census(s);

      const started = startedIds();
      const rerun = await applyScenario(s, plan, { journal: inner, onEvent: started.onEvent });
      expect(failures(rerun)).toBe('');
      expect(started.ids).toContain(target.id);
      // Whatever the killed run created is still there exactly once.
      for (const [k, n] of Object.entries(afterKill)) expect(census(s)[k], k).toBe(n);
      expect(census(s)).toEqual(reference);
      if (op === 'log-archive.create-key') expect(s.sandbox.stats().byOperation.get('kms:CreateKey')).toBe(1);
      const second = await planScenario(s, blueprint);
      expect(second.steps).toEqual([]);
    },
  );

  it('waits out propagation delays by polling, with no failures', async () => {
    const s = await scenario();
    const blueprint = scenarioBlueprint(s);
    const delay = 45_000;
    const first = await planScenario(s, blueprint);
    s.sandbox.knobs = {
      propagationDelayMs: {
        'organizations:policy-type': delay,
        'config:recording': delay,
        'guardduty:admin': delay,
        'securityhub:admin': delay,
        'macie2:admin': delay,
        'inspector2:admin': delay,
        'access-analyzer:admin': delay,
        'fms:admin': delay,
      },
    };
    const start = s.sandbox.clock.now();
    const result = await applyScenario(s, first);
    expect(failures(result)).toBe('');
    // The ops waited on the sandbox's clock for the settings to settle (polling, not sleeping in real time).
    expect(s.sandbox.clock.now() - start).toBeGreaterThanOrEqual(delay);
    const second = await planScenario(s, blueprint);
    expect(second.steps).toEqual([]);
    expect(duplicates(census(s))).toEqual([]);
  });
});
