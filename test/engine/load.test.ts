import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SraError } from '../../src/errors.js';
import { FileJournal } from '../../src/engine/journal.js';
import { checkFresh, loadPlan, parsePlan } from '../../src/engine/load.js';
import { stepsDigest } from '../../src/engine/plan.js';
import { makeStep, ref } from '../../src/engine/step.js';
import {
  defineOp,
  PLAN_SCHEMA_VERSION,
  type OpHandler,
  type Plan,
  type Step,
} from '../../src/engine/types.js';

const ops = new Map<string, OpHandler>([
  ['test.make', defineOp({ op: 'test.make', calls: [], required: ['name'], run: async () => undefined })],
]);

function step(resource: string, params: Step['params'] = { name: resource }): Step {
  return makeStep({
    feature: 'test',
    op: 'test.make',
    action: 'create',
    capability: 'data-protection',
    account: '111111111111',
    region: 'us-east-1',
    resource,
    summary: `thing ${resource}`,
    params,
  });
}

function plan(steps: Step[], over: Partial<Plan> = {}): Plan {
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    kind: 'sra-plan',
    mode: 'apply',
    toolVersion: '0.1.0',
    createdAt: '2026-01-01T00:00:00.000Z',
    collectedAt: '2026-01-01T00:00:00.000Z',
    organizationId: 'o-abcdefghij',
    managementAccountId: '111111111111',
    homeRegion: 'us-east-1',
    blueprint: { path: 'sra.yaml', digest: 'bp1' },
    digest: stepsDigest(steps),
    steps,
    notes: [],
    ...over,
  };
}

function rejects(text: string): SraError {
  try {
    parsePlan(text, 'plan.json', ops);
  } catch (e) {
    expect(e).toBeInstanceOf(SraError);
    return e as SraError;
  }
  throw new Error('expected the plan to be rejected');
}

describe('parsePlan', () => {
  it('reads back a plan it wrote', () => {
    const p = plan([step('a'), step('b', { name: 'b', key: ref('test/111111111111/us-east-1/a', 'arn') })]);
    expect(parsePlan(JSON.stringify(p, null, 2), 'plan.json', ops)).toEqual(p);
  });

  it('names the file and line of broken JSON', () => {
    const e = rejects('{\n  "kind": "sra-plan",\n  "steps": [\n}');
    expect(e.code).toBe('PLAN_INVALID');
    expect(e.message).toMatch(/^plan\.json:\d+: not valid JSON/);
    expect(e.hint).toMatch(/sra plan --out/);
  });

  it('rejects an empty file, a file that is not a plan, and another format version', () => {
    expect(rejects('').message).toMatch(/empty file/);
    expect(rejects('{"schemaVersion": 1}').message).toMatch(/not an sra-kit plan/);
    const future = JSON.stringify({ ...plan([]), schemaVersion: 2 }, null, 2);
    const e = rejects(future);
    expect(e.message).toMatch(/plan\.json:2: plan format version 2 is not supported/);
  });

  it('points at the field and line of a wrong value', () => {
    const p = plan([step('a')]);
    const text = JSON.stringify({ ...p, steps: [{ ...p.steps[0], account: '12345' }] }, null, 2);
    const e = rejects(text);
    expect(e.message).toMatch(/plan\.json:\d+: steps\.0\.account: a 12-digit account id/);
    const line = Number(/plan\.json:(\d+)/.exec(e.message)![1]);
    expect(text.split('\n')[line - 1]).toContain('"account": "12345"');
  });

  it('refuses a hand-edited plan, unknown ops and missing parameters', () => {
    const p = plan([step('a')]);
    const edited = { ...p, steps: [{ ...p.steps[0]!, summary: 'something else' }] };
    expect(rejects(JSON.stringify(edited)).message).toMatch(/edited after `sra plan` wrote it/);
    const unknownOp = [{ ...step('a'), op: 'test.nope' }];
    expect(rejects(JSON.stringify(plan(unknownOp))).message).toMatch(/unknown operation "test.nope"/);
    const noName = [step('a', {})];
    expect(rejects(JSON.stringify(plan(noName))).message).toMatch(/test.make needs "name"/);
  });

  it('loadPlan names a missing file', async () => {
    await expect(loadPlan('/nonexistent/plan.json', 'plan.json')).rejects.toThrow(
      /cannot read the plan plan.json: ENOENT/,
    );
  });
});

describe('checkFresh', () => {
  const saved = plan([step('a'), step('b', { name: 'b', key: ref('test/111111111111/us-east-1/a', 'arn') })]);

  it('accepts a fresh plan that needs a subset of the saved steps (a resumed apply)', () => {
    const fresh = plan([step('b', { name: 'b', key: 'arn:aws:kms:us-east-1:111111111111:key/k' })]);
    expect(checkFresh(saved, fresh, 'plan.json')).toBe(saved);
  });

  it('refuses when the organization moved, the blueprint changed or another org is targeted', () => {
    expect(() => checkFresh(saved, plan([step('c')]), 'plan.json')).toThrow(
      /test\/111111111111\/us-east-1\/c .* is needed now but not in the plan/,
    );
    expect(() => checkFresh(saved, plan([step('a', { name: 'other' })]), 'plan.json')).toThrow(
      /parameter name changed/,
    );
    expect(() => checkFresh(saved, plan([], { organizationId: 'o-zzzzzzzzzz' }), 'plan.json')).toThrow(
      /for organization o-abcdefghij, not o-zzzzzzzzzz/,
    );
    expect(() =>
      checkFresh(saved, plan([], { blueprint: { path: 'sra.yaml', digest: 'bp2' } }), 'plan.json'),
    ).toThrow(/blueprint changed/);
  });
});

describe('FileJournal', () => {
  it('resumes the steps an unfinished run of the same plan finished, and tolerates a cut last line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sra-journal-'));
    const j = new FileJournal(join(dir, '.sra', 'journal.jsonl'));
    j.write({ type: 'begin', plan: 'p1', organizationId: 'o-x', at: 't', steps: 3 });
    j.write({ type: 'done', step: 's1', at: 't', outputs: { arn: 'a1' } });
    j.write({ type: 'start', step: 's2', at: 't' });
    expect(j.resumable('p1').done).toEqual(new Map([['s1', { arn: 'a1' }]]));
    expect(j.resumable('p2').done.size).toBe(0);
    writeFileSync(
      j.path,
      `${JSON.stringify({ type: 'done', step: 's0', at: 't', outputs: {} })}\n{"type":"do`,
      { flag: 'a' },
    );
    expect([...j.resumable('p1').done.keys()]).toEqual(['s1', 's0']);
    j.write({ type: 'end', plan: 'p1', at: 't', failed: 0 });
  });

  it('names the file and line of a damaged journal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sra-journal-'));
    const path = join(dir, 'j.jsonl');
    writeFileSync(path, '{"type":"begin","plan":"p"}\nnot json\n{"type":"end","plan":"p","failed":0}\n');
    expect(() => new FileJournal(path).read()).toThrow(new RegExp(`${path}:2: the journal line is not JSON`));
    writeFileSync(path, '{"type":"launch"}\n');
    expect(() => new FileJournal(path).read()).toThrow(/:1: the journal line is not a journal record/);
  });
});
