/**
 * vitest reporter that enforces "every control is tested on PASS, FAIL and NOT_APPLICABLE".
 *
 * - `onInit` creates a per-run record directory under `test-results/control-statuses/` (per run, so two
 *   vitest runs in one checkout do not mix records) and provides it to the workers.
 * - Each test file's worker (record-control-statuses.ts) writes the statuses its controls produced.
 * - `onTestRunEnd` merges the records and, when the whole suite ran, lists every control that never
 *   produced a required status (see test/verify/status-exceptions.ts) and fails the run with
 *   `process.exitCode = 1`. A subset run (file filter, `-t`, shard) prints one line and is not enforced.
 *
 * A reporter rather than a globalSetup teardown: vitest 4 only logs an error thrown by a teardown
 * ("error during close") and still exits 0, whereas a reporter's exit code change is kept.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import {
  mergeStatusRecords,
  statusCoverageProblems,
  STATUS_DIR_KEY,
  whyNotEnforced,
  type StatusRecordFile,
} from './control-statuses.js';

export default class ControlStatusReporter implements Reporter {
  private vitest: Vitest | undefined;
  private dir = '';

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.dir = resolve(
      vitest.config.root,
      'test-results',
      'control-statuses',
      `${process.pid}-${randomUUID().slice(0, 8)}`,
    );
    mkdirSync(this.dir, { recursive: true });
    vitest.provide(STATUS_DIR_KEY, this.dir);
    vitest.onClose(() => rmSync(this.dir, { recursive: true, force: true }));
  }

  async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    _errors: unknown,
    reason: TestRunEndReason,
  ): Promise<void> {
    const vitest = this.vitest;
    if (!vitest) return;
    const records = this.takeRecords();
    const all = await vitest.globTestSpecifications();
    const skip = whyNotEnforced({
      ran: testModules.map((m) => m.moduleId),
      all: all.map((s) => s.moduleId),
      testNamePattern: vitest.config.testNamePattern,
      shard: vitest.config.shard,
      reason,
    });
    if (skip) {
      process.stdout.write(`control statuses: not checked (${skip})\n`);
      return;
    }
    // Loaded only for a full run: the registry pulls in every service module.
    const { SERVICE_MODULES } = await import('../../src/services/index.js');
    const { STATUS_EXCEPTIONS } = await import('../verify/status-exceptions.js');
    const ids = SERVICE_MODULES.flatMap((m) => m.controls.map((c) => c.id));
    const problems = statusCoverageProblems(ids, mergeStatusRecords(records), STATUS_EXCEPTIONS);
    if (problems.length === 0) {
      process.stdout.write(
        `control statuses: all ${ids.length} controls produced PASS, FAIL and NOT_APPLICABLE ` +
          `(${STATUS_EXCEPTIONS.length} documented exceptions in test/verify/status-exceptions.ts)\n`,
      );
      return;
    }
    process.exitCode = 1;
    vitest.logger.error(
      `\ncontrol statuses: ${problems.length} problem(s); every control must be tested on PASS, FAIL and ` +
        `NOT_APPLICABLE (add tests, or a reasoned entry in test/verify/status-exceptions.ts):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }

  /** Reads and deletes this run's record files (so a watch-mode rerun starts empty). */
  private takeRecords(): StatusRecordFile[] {
    const records: StatusRecordFile[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return records;
    }
    for (const name of names) {
      const path = join(this.dir, name);
      records.push(JSON.parse(readFileSync(path, 'utf8')) as StatusRecordFile);
      rmSync(path, { force: true });
    }
    return records;
  }
}
