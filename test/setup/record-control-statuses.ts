/**
 * vitest `setupFiles` module: runs in the worker before each test file. It installs the verify engine's
 * test-only status observer, collects control id → statuses while the file's tests run, and writes them
 * to the run's record directory (provided by the control status reporter) after the file.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, inject } from 'vitest';
import { setStatusObserver } from '../../src/verify/evaluate.js';
import type { Status } from '../../src/verify/types.js';
import { STATUS_DIR_KEY, type StatusRecordFile } from './control-statuses.js';

const dir = inject(STATUS_DIR_KEY);
const seen = new Map<string, Set<Status>>();

if (dir) {
  setStatusObserver((controlId, status) => {
    const set = seen.get(controlId);
    if (set) set.add(status);
    else seen.set(controlId, new Set([status]));
  });

  afterAll(() => {
    setStatusObserver(undefined);
    if (seen.size === 0) return;
    const record: StatusRecordFile = {
      testFile: expect.getState().testPath ?? 'unknown',
      statuses: Object.fromEntries([...seen].map(([id, set]) => [id, [...set]])),
    };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${process.pid}-${randomUUID()}.json`), JSON.stringify(record));
  });
}
