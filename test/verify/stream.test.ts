/**
 * `streamVerify`, the flat-memory path of `sra verify`: account slices spilled to a temporary file and
 * read back when evaluated, findings spooled. It must give exactly what the in-memory `runVerify` gives,
 * read each account back a bounded number of times (no pass over every account per evaluated account),
 * save an inventory that re-evaluates identically, and leave no file behind.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANIZATION_READER } from '../../src/cli/commands/verify.js';
import { loadInventory, saveInventory } from '../../src/observe/load.js';
import { drifted, generated, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { runVerify, streamVerify, type VerifyOptions } from '../../src/verify/verify.js';
import { accessFor } from './harness.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sra-stream-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = () => Date.parse('2026-12-01T00:00:00Z');
const options = (s: Scenario): VerifyOptions => ({
  access: accessFor(s),
  modules: SERVICE_MODULES,
  organizationReader: ORGANIZATION_READER,
  regions: s.governedRegions,
  now: NOW,
});

describe('streamVerify', () => {
  it('gives the findings and scores of the in-memory run, reading each account back a bounded number of times', async () => {
    const s = await generated({
      workloads: 21,
      regions: ['us-east-1', 'eu-west-1'],
      deploy: true,
      driftRate: 0.3,
      seed: 5,
    });
    const memory = await runVerify(options(s));
    const spillDir = mkdtempSync(join(dir, 'spill-'));
    const run = await streamVerify({ ...options(s), spillDir, cacheAccounts: 4 });
    try {
      const { findings, ...rest } = run.result;
      const { findings: expected, ...expectedRest } = memory.result;
      expect(rest).toEqual(expectedRest);
      expect([...findings]).toEqual(expected);
      expect(findings.size).toBe(expected.length);
      // Role inference and the cross-account questions each read every account once; evaluation reads
      // each account once more, and the administrator accounts it looks up stay cached. A question
      // asked afresh for every evaluated account would read back accounts² times instead.
      const accounts = memory.inventory.accounts.length;
      expect(run.readBacks()).toBeGreaterThanOrEqual(accounts);
      expect(run.readBacks()).toBeLessThan(accounts * 10);
      // Only the two spool directories exist while the run is open.
      expect(readdirSync(spillDir)).toHaveLength(2);
    } finally {
      run.close();
    }
    expect(readdirSync(spillDir)).toEqual([]);
  });

  it('saves an inventory that re-evaluates offline to the same result', async () => {
    const s = await drifted({ workloads: 3 });
    const run = await streamVerify({ ...options(s), spillDir: dir, cacheAccounts: 2 });
    const file = join(dir, 'inventory.json');
    try {
      await saveInventory(file, run.inventory);
      const offline = await runVerify({ ...options(s), inventory: await loadInventory(file) });
      const { findings, ...rest } = run.result;
      const { findings: expected, ...expectedRest } = offline.result;
      expect(rest).toEqual(expectedRest);
      expect([...findings]).toEqual(expected);
      expect(expected.some((f) => f.status === 'FAIL')).toBe(true);
    } finally {
      run.close();
    }
  });

  it('deletes its files when the run fails', async () => {
    const spillDir = mkdtempSync(join(dir, 'fail-'));
    await expect(
      streamVerify({ ...options(await drifted({ workloads: 1 })), spillDir, controls: ['no-such.control'] }),
    ).rejects.toThrow(/no control matches/);
    expect(readdirSync(spillDir)).toEqual([]);
  });
});
