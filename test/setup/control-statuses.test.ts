/**
 * The control status check's own logic (record merging, when it applies, which problems it reports), the
 * verify engine's test-only observer hook, and the truth of the exception list's control ids.
 */
import { describe, expect, it } from 'vitest';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls, setStatusObserver, statusObserver } from '../../src/verify/evaluate.js';
import { defineControl, fail, notApplicable, pass, type Status } from '../../src/verify/types.js';
import { evalControl } from '../verify/harness.js';
import { STATUS_EXCEPTIONS, type StatusException } from '../verify/status-exceptions.js';
import {
  mergeStatusRecords,
  statusCoverageProblems,
  whyNotEnforced,
  type RunShape,
} from './control-statuses.js';

const seen = (entries: Record<string, Status[]>) =>
  new Map(Object.entries(entries).map(([id, s]) => [id, new Set(s)]));

describe('mergeStatusRecords', () => {
  it('unions the statuses each control produced across test files', () => {
    const merged = mergeStatusRecords([
      { testFile: '/a.test.ts', statuses: { 'x.one': ['PASS'], 'x.two': ['FAIL'] } },
      { testFile: '/b.test.ts', statuses: { 'x.one': ['FAIL', 'PASS', 'ERROR'] } },
    ]);
    expect([...merged.get('x.one')!].sort()).toEqual(['ERROR', 'FAIL', 'PASS']);
    expect([...merged.get('x.two')!]).toEqual(['FAIL']);
    expect(merged.size).toBe(2);
  });
});

describe('whyNotEnforced', () => {
  const full: RunShape = {
    ran: ['/t/a.test.ts', '/t/b.test.ts'],
    all: ['/t/b.test.ts', '/t/a.test.ts'],
    reason: 'passed',
  };

  it('enforces when every test file ran unfiltered, whether or not tests failed', () => {
    expect(whyNotEnforced(full)).toBeUndefined();
    expect(whyNotEnforced({ ...full, reason: 'failed' })).toBeUndefined();
  });

  it('does not enforce on a subset of files, a name filter, a shard or an interrupted run', () => {
    expect(whyNotEnforced({ ...full, ran: ['/t/a.test.ts'] })).toBe('1 of 2 test files did not run');
    expect(whyNotEnforced({ ...full, testNamePattern: /guardduty/ })).toMatch(/-t/);
    expect(whyNotEnforced({ ...full, shard: { index: 1, count: 2 } })).toMatch(/shard/);
    expect(whyNotEnforced({ ...full, reason: 'interrupted' })).toMatch(/interrupted/);
  });
});

describe('statusCoverageProblems', () => {
  const ids = ['a.full', 'a.partial', 'a.excepted'];
  const exception: StatusException = {
    control: 'a.excepted',
    status: 'NOT_APPLICABLE',
    reason: 'always applies',
  };

  it('lists each control with the required statuses it never produced, ERROR not being one', () => {
    const problems = statusCoverageProblems(
      ids,
      seen({ 'a.full': ['PASS', 'FAIL', 'NOT_APPLICABLE'], 'a.partial': ['PASS', 'ERROR'] }),
      [],
    );
    expect(problems).toEqual([
      'a.excepted: never produced PASS, FAIL, NOT_APPLICABLE',
      'a.partial: never produced FAIL, NOT_APPLICABLE',
    ]);
  });

  it('accepts an excepted status that is never produced', () => {
    const problems = statusCoverageProblems(
      ids,
      seen({
        'a.full': ['PASS', 'FAIL', 'NOT_APPLICABLE'],
        'a.partial': ['PASS', 'FAIL', 'NOT_APPLICABLE'],
        'a.excepted': ['PASS', 'FAIL'],
      }),
      [exception],
    );
    expect(problems).toEqual([]);
  });

  it('reports an excepted status that was produced after all, with the exception’s reason', () => {
    const problems = statusCoverageProblems(
      ['a.excepted'],
      seen({ 'a.excepted': ['PASS', 'FAIL', 'NOT_APPLICABLE'] }),
      [exception],
    );
    expect(problems).toEqual([
      'a.excepted: produced NOT_APPLICABLE, which status-exceptions.ts says it cannot (always applies)',
    ]);
  });

  it('reports exceptions naming an unknown control or listed twice', () => {
    const problems = statusCoverageProblems(['a.excepted'], seen({ 'a.excepted': ['PASS', 'FAIL'] }), [
      exception,
      exception,
      { control: 'a.gone', status: 'FAIL', reason: 'renamed' },
    ]);
    expect(problems).toEqual([
      'a.excepted: NOT_APPLICABLE listed twice in status-exceptions.ts',
      'a.gone: listed in status-exceptions.ts but no such control',
    ]);
  });
});

describe('STATUS_EXCEPTIONS', () => {
  it('names real controls, once per status, each with a reason', () => {
    const ids = SERVICE_MODULES.flatMap((m) => m.controls.map((c) => c.id));
    // With every required status "seen", only exception-list problems remain: unknown ids and duplicates
    // (plus "produced although excepted" for every entry, which is expected here and filtered out).
    const all = new Map(ids.map((id) => [id, new Set<Status>(['PASS', 'FAIL', 'NOT_APPLICABLE'])]));
    const listProblems = statusCoverageProblems(ids, all, STATUS_EXCEPTIONS).filter(
      (p) => !p.includes('which status-exceptions.ts says it cannot'),
    );
    expect(listProblems).toEqual([]);
    for (const e of STATUS_EXCEPTIONS) expect(e.reason.length, e.control).toBeGreaterThan(20);
  });
});

describe('status observer hook', () => {
  const control = defineControl({
    id: 'test.observed',
    title: 'observed',
    severity: 'low',
    capabilities: ['security-assurance'],
    principles: ['enable-traceability'],
    appliesTo: 'all',
    scope: 'account',
    service: 'test',
    refs: {},
    risk: 'none',
    remediation: { manual: 'none' },
    uses: [],
    evaluate: (ctx) =>
      ctx.account.id === '111111111111'
        ? [pass('ok'), fail('not ok')]
        : ctx.account.id === '222222222222'
          ? notApplicable('n/a')
          : ctx.need(undefined, 'a datum that was never collected'),
  });
  const inventory = emptyInventory({
    managementAccountId: '111111111111',
    homeRegion: 'us-east-1',
    governedRegions: ['us-east-1'],
    accounts: ['111111111111', '222222222222', '333333333333'].map((id) => ({
      id,
      name: id,
      status: 'ACTIVE' as const,
      ouPath: [],
    })),
  });

  /** Runs `fn` with a capturing observer in place of the suite's, then restores the suite's. */
  function capture(fn: () => void): string[] {
    const previous = statusObserver();
    const got: string[] = [];
    setStatusObserver((id, status) => got.push(`${id} ${status}`));
    try {
      fn();
    } finally {
      setStatusObserver(previous);
    }
    return got;
  }

  it('sees every outcome evaluateControls produces, ERROR included', () => {
    let findings: { status: Status }[] = [];
    const got = capture(() => {
      findings = evaluateControls(inventory, [control], { rolesOf: () => ['workload'], roleAccounts: {} });
    });
    expect(got).toEqual(findings.map((f) => `test.observed ${f.status}`));
    expect(got).toEqual([
      'test.observed PASS',
      'test.observed FAIL',
      'test.observed NOT_APPLICABLE',
      'test.observed ERROR',
    ]);
  });

  it('sees the outcomes of the harness’s evalControl', () => {
    const got = capture(() => {
      evalControl(control, {
        inventory,
        account: inventory.accounts[1]!,
        region: 'us-east-1',
        roles: ['workload'],
        roleAccounts: {},
      });
    });
    expect(got).toEqual(['test.observed NOT_APPLICABLE']);
  });

  it('leaves evaluation unchanged when no observer is installed', () => {
    const previous = statusObserver();
    setStatusObserver(undefined);
    try {
      const findings = evaluateControls(inventory, [control], {
        rolesOf: () => ['workload'],
        roleAccounts: {},
      });
      expect(findings.map((f) => f.status)).toEqual(['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR']);
    } finally {
      setStatusObserver(previous);
    }
  });
});
