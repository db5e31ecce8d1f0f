/**
 * Shared pieces of the control status check: the record format the test workers write, and the pure
 * logic the reporter applies to them (merge, decide whether the run was complete, list the problems).
 * See control-status-reporter.ts for how the pieces are wired into vitest.
 */
import type { Status } from '../../src/verify/types.js';
import type { RequiredStatus, StatusException } from '../verify/status-exceptions.js';

/** Key under which the reporter provides the run's record directory to the workers (`inject`). */
export const STATUS_DIR_KEY = 'sraControlStatusDir';

declare module 'vitest' {
  /** Values provided by the control status reporter to the test workers. */
  export interface ProvidedContext {
    /** Absolute directory where each test file writes the statuses its controls produced. */
    sraControlStatusDir: string;
  }
}

/** Statuses every control must produce somewhere in the full suite (unless excepted). */
export const REQUIRED_STATUSES: readonly RequiredStatus[] = ['PASS', 'FAIL', 'NOT_APPLICABLE'];

/** What one test file writes: the statuses each control id produced while the file ran. */
export interface StatusRecordFile {
  /** Absolute path of the test file. */
  testFile: string;
  /** Control id → statuses produced (each once). */
  statuses: Record<string, Status[]>;
}

/** Merges record files into control id → set of statuses. */
export function mergeStatusRecords(records: readonly StatusRecordFile[]): Map<string, Set<Status>> {
  const merged = new Map<string, Set<Status>>();
  for (const r of records) {
    for (const [id, statuses] of Object.entries(r.statuses)) {
      const set = merged.get(id) ?? new Set<Status>();
      for (const s of statuses) set.add(s);
      merged.set(id, set);
    }
  }
  return merged;
}

/** What vitest tells the reporter about the run, reduced to what decides whether to enforce. */
export interface RunShape {
  /** Test files that ran (absolute paths). */
  ran: readonly string[];
  /** Every test file the configuration includes (absolute paths). */
  all: readonly string[];
  /** `-t` filter, if any. */
  testNamePattern?: unknown;
  /** `--shard`, if any. */
  shard?: unknown;
  /** Why the run ended. */
  reason: 'passed' | 'failed' | 'interrupted';
}

/**
 * Why the check does not apply to this run, or `undefined` when it does: the check is only meaningful
 * when every test file ran with every test (no file filter, no `-t`, no shard, not interrupted).
 */
export function whyNotEnforced(run: RunShape): string | undefined {
  if (run.reason === 'interrupted') return 'the run was interrupted';
  if (run.testNamePattern) return 'tests were filtered by name (-t)';
  if (run.shard) return 'the run is one shard of the suite';
  const ran = new Set(run.ran);
  const missing = run.all.filter((f) => !ran.has(f));
  if (missing.length > 0) return `${missing.length} of ${run.all.length} test files did not run`;
  return undefined;
}

/**
 * The problems with the statuses the suite produced, one line each, sorted: a control that never produced
 * a required status (and is not excepted), a control that produced a status its exception says is
 * impossible, and an exception naming a control that does not exist or listed twice.
 */
export function statusCoverageProblems(
  controlIds: readonly string[],
  seen: ReadonlyMap<string, ReadonlySet<Status>>,
  exceptions: readonly StatusException[],
): string[] {
  const problems: string[] = [];
  const known = new Set(controlIds);
  const excepted = new Map<string, StatusException>();
  for (const e of exceptions) {
    const key = `${e.control} ${e.status}`;
    if (!known.has(e.control))
      problems.push(`${e.control}: listed in status-exceptions.ts but no such control`);
    else if (excepted.has(key))
      problems.push(`${e.control}: ${e.status} listed twice in status-exceptions.ts`);
    excepted.set(key, e);
  }
  for (const id of controlIds) {
    const got = seen.get(id) ?? new Set<Status>();
    const missing = REQUIRED_STATUSES.filter((s) => !got.has(s) && !excepted.has(`${id} ${s}`));
    if (missing.length > 0) problems.push(`${id}: never produced ${missing.join(', ')}`);
    for (const s of REQUIRED_STATUSES) {
      const e = excepted.get(`${id} ${s}`);
      if (e && got.has(s)) {
        problems.push(`${id}: produced ${s}, which status-exceptions.ts says it cannot (${e.reason})`);
      }
    }
  }
  return problems.sort();
}
