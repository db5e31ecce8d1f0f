/**
 * `sra verify` runs unchanged against any AWS endpoint given through AWS_ENDPOINT_URL: every client of
 * every service module, and the assume-role client, sends there, and the findings are the same.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drifted } from '../../src/sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { ORGANIZATION_READER } from '../../src/cli/commands/verify.js';
import { runVerify } from '../../src/verify/verify.js';
import { accessFor } from './harness.js';

let saved: string | undefined;
beforeEach(() => {
  saved = process.env.AWS_ENDPOINT_URL;
});
afterEach(() => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = saved;
});

async function run() {
  const s = await drifted({ workloads: 1 });
  const { result } = await runVerify({
    access: accessFor(s),
    modules: SERVICE_MODULES,
    organizationReader: ORGANIZATION_READER,
    regions: s.governedRegions,
    now: () => 0,
  });
  return { hosts: [...s.sandbox.stats().hosts], findings: result.findings };
}

describe('verify against AWS_ENDPOINT_URL', () => {
  it('sends every call to the endpoint and finds the same', async () => {
    delete process.env.AWS_ENDPOINT_URL;
    const plain = await run();
    expect(plain.hosts.length).toBeGreaterThan(10);
    expect(plain.hosts.every((h) => h.endsWith('.amazonaws.com'))).toBe(true);
    process.env.AWS_ENDPOINT_URL = 'http://aws-compatible.example.test:4566';
    const redirected = await run();
    // S3 (virtual-hosted buckets) and S3 Control (account-id host prefix) put a label in front of the
    // endpoint host, as the SDK does for every endpoint; nothing goes anywhere else.
    const host = 'aws-compatible.example.test';
    expect(redirected.hosts).toContain(host);
    expect(redirected.hosts.filter((h) => h !== host && !h.endsWith(`.${host}`))).toEqual([]);
    expect(redirected.findings).toEqual(plain.findings);
  });
});
