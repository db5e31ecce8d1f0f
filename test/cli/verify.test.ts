import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sra } from './run.js';
import type { VerifyResult } from '../../src/verify/result.js';

describe('sra verify', () => {
  it('verifies a sandbox organization and prints JSON findings with scores', async () => {
    const { code, out, err } = await sra([
      'verify',
      '--sandbox',
      'drifted',
      '--workloads',
      '2',
      '--format',
      'json',
    ]);
    expect(err).toMatch(/sandbox: scenario "drifted"/);
    expect(code).toBe(0);
    const result = JSON.parse(out) as VerifyResult;
    expect(result.schemaVersion).toBe(1);
    expect(result.accounts).toHaveLength(7);
    expect(result.findings.some((f) => f.status === 'FAIL')).toBe(true);
    expect(result.scores.overall.score).toBeGreaterThan(50);
    expect(Object.keys(result.scores.byCapability).length).toBeGreaterThan(5);
  });

  it('exits 1 with --fail-on when a failing finding is at or above the severity', async () => {
    const { code } = await sra([
      'verify',
      '--sandbox',
      'drifted',
      '--workloads',
      '1',
      '--fail-on',
      'low',
      '-f',
      'csv',
    ]);
    expect(code).toBe(1);
  });

  it('saves the inventory and re-evaluates it offline to the same findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sra-verify-'));
    const first = await sra(
      [
        'verify',
        '--sandbox',
        'drifted',
        '--workloads',
        '1',
        '--save',
        'inv.json',
        '-f',
        'json',
        '-o',
        'a.json',
      ],
      dir,
    );
    expect(first.code).toBe(0);
    expect(first.out).toBe('');
    const second = await sra(['verify', '--from', 'inv.json', '-f', 'json', '-o', 'b.json'], dir);
    expect(second.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as VerifyResult;
    const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as VerifyResult;
    expect(b.findings).toEqual(a.findings);
    expect(b.scores).toEqual(a.scores);
  });

  it('spools to private temporary files and leaves none behind, even when writing the report fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sra-verify-spool-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = dir;
    try {
      const ok = await sra(
        ['verify', '--sandbox', 'drifted', '--workloads', '1', '-f', 'csv', '-o', 'r.csv'],
        dir,
      );
      expect(ok.code).toBe(0);
      expect(readFileSync(join(dir, 'r.csv'), 'utf8').split('\r\n')[0]).toMatch(
        /^status,severity,control_id,/,
      );
      const bad = await sra(
        ['verify', '--sandbox', 'drifted', '--workloads', '1', '-o', 'missing/r.txt'],
        dir,
      );
      expect(bad.code).toBe(3);
      expect(bad.err).toMatch(/ENOENT|no such file/i);
      expect(readdirSync(dir).sort()).toEqual(['r.csv']);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });

  it('rejects a broken inventory with the file and the field at fault (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sra-verify-'));
    writeFileSync(join(dir, 'bad.json'), '{"schemaVersion": 1, "collectedAt": "yesterday"}');
    const { code, err } = await sra(['verify', '--from', 'bad.json'], dir);
    expect(code).toBe(2);
    expect(err).toMatch(/INVENTORY_INVALID/);
    expect(err).toMatch(/bad\.json/);
    expect(err).toMatch(/collectedAt/);
  });

  it('rejects unknown filters with exit 2', async () => {
    expect((await sra(['verify', '--sandbox', 'greenfield', '--capability', 'magic'])).code).toBe(2);
    const r = await sra([
      'verify',
      '--sandbox',
      'greenfield',
      '--workloads',
      '1',
      '--controls',
      'nothing.matches',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no control matches "nothing\.matches"/);
    expect((await sra(['verify', '--from', 'x.json', '--sandbox', 'greenfield'])).code).toBe(2);
  });

  it('filters by control pattern and capability', async () => {
    const { out } = await sra([
      'verify',
      '--sandbox',
      'drifted',
      '--workloads',
      '1',
      '--controls',
      'guardduty.*',
      '--capability',
      'threat-detection',
      '-f',
      'json',
    ]);
    const result = JSON.parse(out) as VerifyResult;
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.controlId.startsWith('guardduty.'))).toBe(true);
  });
});

describe('sra iam-policy verify', () => {
  it('prints a read-only management policy and a member policy', async () => {
    const { code, out } = await sra(['iam-policy', 'verify']);
    expect(code).toBe(0);
    const p = JSON.parse(out) as {
      management: { Statement: Array<{ Action: string[]; Resource: string }> };
      member: { Statement: Array<{ Action: string[] }> };
    };
    const mgmt = p.management.Statement.flatMap((s) => s.Action);
    expect(mgmt).toContain('organizations:ListAccountsForParent');
    expect(mgmt).toContain('sts:AssumeRole');
    expect(p.management.Statement.find((s) => s.Action.includes('sts:AssumeRole'))!.Resource).toBe(
      'arn:aws:iam::*:role/OrganizationAccountAccessRole',
    );
    const member = p.member.Statement.flatMap((s) => s.Action);
    expect(member).toContain('guardduty:ListDetectors');
    // Read-only: no action that creates, changes or deletes.
    for (const a of [...mgmt.filter((x) => x !== 'sts:AssumeRole'), ...member]) {
      expect(a).toMatch(/:(Get|List|Describe|BatchGet|Generate|Search|Lookup|Select|GET)/);
    }
  });

  it('rejects an unknown command, naming the ones it knows', async () => {
    const r = await sra(['iam-policy', 'deploy']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "deploy"/);
    expect(r.err).toMatch(/verify, apply/);
  });
});
