import { describe, expect, it } from 'vitest';
import { ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { applyPlan } from '../../src/engine/executor.js';
import { MemoryJournal } from '../../src/engine/journal.js';
import { orderSteps } from '../../src/engine/plan.js';
import { makeStep, ref } from '../../src/engine/step.js';
import {
  defineOp,
  PLAN_SCHEMA_VERSION,
  type OpHandler,
  type Plan,
  type Step,
} from '../../src/engine/types.js';
import { greenfield } from '../../src/sandbox/scenarios/index.js';
import { engineAccess } from './harness.js';

const A = '100000000011';
const B = '100000000022';

function step(
  resource: string,
  account = A,
  deps: string[] = [],
  params: Step['params'] = {},
  op = 'test.record',
): Step {
  return makeStep({
    feature: 'test',
    op,
    action: 'create',
    capability: 'security-governance',
    account,
    region: 'us-east-1',
    resource,
    summary: resource,
    params,
    dependsOn: deps,
  });
}

function planOf(steps: Step[], ops: Map<string, OpHandler>): Plan {
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    kind: 'sra-plan',
    mode: 'apply',
    toolVersion: 'test',
    createdAt: '2026-01-01T00:00:00.000Z',
    collectedAt: '2026-01-01T00:00:00.000Z',
    organizationId: 'o-test000000',
    managementAccountId: A,
    homeRegion: 'us-east-1',
    blueprint: { path: 'sra.yaml', digest: 'x' },
    digest: `d-${steps.map((s) => s.id).join(',')}`,
    steps: orderSteps(steps, ops),
    notes: [],
  };
}

function recorder() {
  const ran: string[] = [];
  const failing = new Set<string>();
  const ops = new Map<string, OpHandler>([
    [
      'test.record',
      defineOp({
        op: 'test.record',
        calls: [],
        async run(ctx, params) {
          ran.push(ctx.step.id);
          if (failing.has(ctx.step.id)) throw new Error(`boom in ${ctx.step.id}`);
          return { arn: `arn:${ctx.step.id}`, ...(params.echo ? { echo: String(params.echo) } : {}) };
        },
      }),
    ],
    [
      'test.list-roots',
      defineOp({
        op: 'test.list-roots',
        calls: ['organizations:ListRoots'],
        async run(ctx) {
          const out = await ctx.send(OrganizationsClient, new ListRootsCommand({}));
          return { root: out.Roots?.[0]?.Id ?? '' };
        },
      }),
    ],
    [
      'test.undeclared',
      defineOp({
        op: 'test.undeclared',
        calls: [],
        async run(ctx) {
          await ctx.send(OrganizationsClient, new ListRootsCommand({}));
        },
      }),
    ],
    [
      'test.wait',
      defineOp({
        op: 'test.wait',
        calls: [],
        async run(ctx) {
          let n = 0;
          await ctx.poll(async () => (++n >= 100 ? true : undefined), {
            what: 'the thing',
            timeoutMs: 10_000,
          });
        },
      }),
    ],
  ]);
  return { ran, failing, ops };
}

describe('orderSteps', () => {
  it('orders dependencies first, turns $refs into dependencies and drops ids outside the plan', () => {
    const { ops } = recorder();
    const b = step('b', A, ['test/elsewhere/us-east-1/x'], {
      key: ref('test/100000000011/us-east-1/a', 'arn'),
    });
    const a = step('a');
    const ordered = orderSteps([b, a], ops);
    expect(ordered.map((s) => s.id)).toEqual([
      'test/100000000011/us-east-1/a',
      'test/100000000011/us-east-1/b',
    ]);
    expect(ordered[1]!.dependsOn).toEqual(['test/100000000011/us-east-1/a']);
  });

  it('rejects cycles, unknown ops, duplicate ids and dangling references', () => {
    const { ops } = recorder();
    const x = step('x', A, ['test/100000000011/us-east-1/y']);
    const y = step('y', A, ['test/100000000011/us-east-1/x']);
    expect(() => orderSteps([x, y], ops)).toThrow(/cycle/);
    expect(() => orderSteps([step('z', A, [], {}, 'test.nope')], ops)).toThrow(/unknown op test.nope/);
    expect(() => orderSteps([step('z'), step('z')], ops)).toThrow(/two steps/);
    expect(() => orderSteps([step('z', A, [], { k: ref('test/x/y/z', 'arn') })], ops)).toThrow(
      /not in the plan/,
    );
  });
});

describe('applyPlan', () => {
  it('passes outputs along, keeps independent branches going and blocks dependents of a failure', async () => {
    const s = await greenfield({ workloads: 1 });
    const { ops, failing } = recorder();
    const a = step('a');
    const b = step('b', A, [], { key: ref(a.id, 'arn') });
    const c = step('c', B);
    const d = step('d', B, [c.id]);
    failing.add(c.id);
    const result = await applyPlan({ access: engineAccess(s), plan: planOf([a, b, c, d], ops), ops });
    const by = new Map(result.outcomes.map((o) => [o.step.id, o]));
    expect(by.get(b.id)?.status).toBe('done');
    expect(by.get(c.id)?.status).toBe('failed');
    expect(by.get(c.id)?.error).toContain('boom');
    expect(by.get(d.id)?.status).toBe('blocked');
    expect(by.get(d.id)?.error).toContain(c.id);
    expect(result.failed.map((o) => o.step.id)).toEqual([c.id]);
    expect(result.done).toBe(2);
  });

  it('sends AWS calls as the step account and refuses calls the op does not declare', async () => {
    const s = await greenfield({ workloads: 1 });
    const { ops } = recorder();
    const ok = step('ok', s.managementAccountId, [], {}, 'test.list-roots');
    const bad = step('bad', s.managementAccountId, [], {}, 'test.undeclared');
    const result = await applyPlan({ access: engineAccess(s), plan: planOf([ok, bad], ops), ops });
    expect(result.outcomes[0]!.outputs?.root).toMatch(/^r-/);
    expect(result.failed[0]?.error).toMatch(/organizations:ListRoots, which its calls list does not declare/);
  });

  it('resumes a stopped run from the journal without running finished steps again', async () => {
    const s = await greenfield({ workloads: 1 });
    const { ops, ran } = recorder();
    const steps = [
      step('a'),
      step('b', A, ['test/100000000011/us-east-1/a']),
      step('c', A, ['test/100000000011/us-east-1/b']),
    ];
    const plan = planOf(steps, ops);
    const journal = new MemoryJournal();
    const stop = new AbortController();
    const first = await applyPlan({
      access: engineAccess(s),
      plan,
      ops,
      journal,
      signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'done' && e.step.id.endsWith('/a')) stop.abort();
      },
    });
    expect(first.aborted).toBe(true);
    expect(ran).toEqual([steps[0]!.id]);
    const second = await applyPlan({ access: engineAccess(s), plan, ops, journal });
    expect(second.aborted).toBe(false);
    expect(second.outcomes.map((o) => o.status)).toEqual(['resumed', 'done', 'done']);
    expect(ran).toEqual(steps.map((x) => x.id));
    // A finished run is not resumed again: the same plan applied once more runs every step.
    expect(journal.resumable(plan.digest).done.size).toBe(0);
  });

  it('polls on the run clock and names account, Region and what it waited for on timeout', async () => {
    const s = await greenfield({ workloads: 1 });
    const { ops } = recorder();
    const result = await applyPlan({
      access: engineAccess(s),
      plan: planOf([step('w', B, [], {}, 'test.wait')], ops),
      ops,
    });
    expect(result.failed[0]?.error).toMatch(
      new RegExp(`waiting for the thing in account ${B} \\(us-east-1\\)`),
    );
  });
});
