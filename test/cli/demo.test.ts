import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sra } from './run.js';
import type { VerifyResult } from '../../src/verify/result.js';

/** Controls the six deployment features are responsible for (each must pass everywhere after the demo). */
const FOUNDATION = [
  'organizations.scps-configured',
  'organizations.rcps-configured',
  'organizations.trusted-access',
  'account.security-contact',
  'account.billing-contact',
  'account.operations-contact',
  'iam.password-policy',
  'cloudtrail.org-trail-exists',
  'cloudtrail.delegated-admin-set',
  'config.recorder-exists',
  'config.org-aggregator-exists',
  'config.delegated-admin-set',
  's3.account-block-public-acls',
  's3.account-block-public-policy',
  'guardduty.delegated-admin-designated',
  'security-hub.delegated-admin-designated',
  'ec2.ebs-encryption-by-default',
  'ec2.ebs-snapshot-block-public-access',
  'ec2.imdsv2-default',
];

/** Controls of resources the apply creates (not applicable before): they must pass afterwards. */
const CREATED = ['s3.log-bucket-object-lock', 's3.log-bucket-delete-protection', 's3.log-bucket-versioning'];

describe('sra demo', () => {
  it('verifies, plans, applies and verifies again: the foundation controls pass and the score rises', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sra-demo-'));
    const r = await sra(['demo', '--workloads', '2', '--out-dir', 'out'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1\. verify/);
    expect(r.out).toMatch(/Apply: \d+ done, 0 failed, 0 blocked\./);
    for (const f of ['sra.yaml', 'plan.json', 'verify-before.json', 'verify-after.json', 'report.html']) {
      expect(existsSync(join(dir, 'out', f)), f).toBe(true);
    }
    const before = JSON.parse(readFileSync(join(dir, 'out', 'verify-before.json'), 'utf8')) as VerifyResult;
    const after = JSON.parse(readFileSync(join(dir, 'out', 'verify-after.json'), 'utf8')) as VerifyResult;
    expect(after.scores.overall.score!).toBeGreaterThan(before.scores.overall.score! + 20);
    const failing = (res: VerifyResult, id: string) =>
      res.findings.filter((f) => f.controlId === id && f.status === 'FAIL');
    for (const id of FOUNDATION) {
      expect(failing(before, id).length, `${id} fails before`).toBeGreaterThan(0);
      expect(failing(after, id), `${id} passes after`).toEqual([]);
    }
    for (const id of CREATED) {
      const found = after.findings.filter((f) => f.controlId === id);
      expect(found.filter((f) => f.status === 'PASS').length, `${id} passes after`).toBeGreaterThan(0);
      expect(
        found.filter((f) => f.status === 'FAIL' || f.status === 'ERROR'),
        `${id} fails nowhere`,
      ).toEqual([]);
    }
    expect(after.findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    expect(r.out).toContain(`html       ${join('out', 'report.html')}`);
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toContain(after.organizationId!);
  });

  it('rejects a bad --workloads value', async () => {
    const r = await sra(['demo', '--workloads', 'many'], mkdtempSync(join(tmpdir(), 'sra-demo-')));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--workloads must be a whole number/);
  });
});
