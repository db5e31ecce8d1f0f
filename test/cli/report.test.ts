import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineColumn } from '../../src/cli/commands/report.js';
import { sra } from './run.js';
import { renderJson } from '../../src/report/json.js';
import type { VerifyResult } from '../../src/verify/result.js';
import { scoreFindings } from '../../src/verify/score.js';
import { parseRfc4180, resultValidator } from '../report/checks.js';
import { rolesOf, sampleResult } from '../report/fixtures.js';

function workdir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sra-report-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, 'utf8');
  return dir;
}

/** The sample result with one more failing finding than the baseline. */
function laterResult(): VerifyResult {
  const base = sampleResult();
  const findings = base.findings.map((f) =>
    f.controlId === 'iam.password-policy' && f.status === 'PASS' ? { ...f, status: 'FAIL' as const } : f,
  );
  return {
    ...base,
    evaluatedAt: '2025-04-01T00:00:00.000Z',
    findings,
    scores: scoreFindings(findings, base.controls, rolesOf),
  };
}

describe('sra report', () => {
  it('writes the HTML report from a saved result, and nothing to standard output', async () => {
    const dir = workdir({ 'r.json': renderJson(sampleResult()) });
    const { code, out, err } = await sra(['report', 'r.json', '--html', 'out.html'], dir);
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(err).toContain('out.html');
    const html = readFileSync(join(dir, 'out.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('o-1111111111');
  });

  it('prints the text report by default, and other formats with --format and --output', async () => {
    const dir = workdir({ 'r.json': renderJson(sampleResult()) });
    const text = await sra(['report', 'r.json'], dir);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/score/i);
    const csv = await sra(['report', 'r.json', '--format', 'csv', '-o', 'r.csv'], dir);
    expect(csv.code).toBe(0);
    expect(parseRfc4180(readFileSync(join(dir, 'r.csv'), 'utf8'))).toHaveLength(
      sampleResult().findings.length + 1,
    );
    const html = await sra(['report', 'r.json', '-f', 'html'], dir);
    expect(html.out.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('compares with a baseline: the HTML shows the trend, the text report the changes', async () => {
    const dir = workdir({ 'old.json': renderJson(sampleResult()), 'new.json': renderJson(laterResult()) });
    const { code, out } = await sra(
      ['report', 'new.json', '--baseline', 'old.json', '--html', 'out.html', '--format', 'text'],
      dir,
    );
    expect(code).toBe(0);
    expect(out).toMatch(
      /Since the baseline of 2025-03-01T10:05:30.250Z: score \d+ → \d+ \(-\d+\); 0 new, 1 regressed, 0 fixed/,
    );
    const html = readFileSync(join(dir, 'out.html'), 'utf8');
    expect(html).toContain('Since the baseline of 2025-03-01T10:05:30.250Z');
    expect(html).toContain('href="#findings?change=regressed">1 regressed</a>');
  });

  it('names a missing file', async () => {
    const dir = workdir();
    const { code, err } = await sra(['report', 'nope.json', '--html', 'x.html'], dir);
    expect(code).toBe(2);
    expect(err).toMatch(/error\[RESULT_UNREADABLE\]: nope\.json: file not found/);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });

  it('names the line and column of invalid JSON', async () => {
    const dir = workdir({ 'bad.json': '{\n  "schemaVersion": 1,\n  "tool": {,\n}\n' });
    const { code, err } = await sra(['report', 'bad.json'], dir);
    expect(code).toBe(2);
    expect(err).toMatch(/error\[RESULT_INVALID\]: bad\.json:3:12: not valid JSON/);
  });

  it('refuses another schema version', async () => {
    const dir = workdir({ 'v2.json': JSON.stringify({ ...sampleResult(), schemaVersion: 2 }) });
    const { code, err } = await sra(['report', 'v2.json'], dir);
    expect(code).toBe(2);
    expect(err).toMatch(/v2\.json: unsupported result schemaVersion 2/);
  });

  it('recognizes a saved inventory and says how to turn it into a result', async () => {
    const inventory = {
      schemaVersion: 1,
      toolVersion: '0.1.0',
      organization: {},
      account: {},
      region: {},
      accounts: [],
    };
    const dir = workdir({ 'inv.json': JSON.stringify(inventory) });
    const { code, err } = await sra(['report', 'inv.json'], dir);
    expect(code).toBe(2);
    expect(err).toMatch(/inv\.json: this is a saved inventory/);
    expect(err).toMatch(/sra verify --from inv\.json/);
  });

  it('points at the first malformed finding', async () => {
    const result = sampleResult();
    const broken = { ...result, findings: [result.findings[0], { ...result.findings[1], status: 'BROKEN' }] };
    const dir = workdir({ 'r.json': JSON.stringify(broken) });
    const { code, err } = await sra(['report', 'r.json'], dir);
    expect(code).toBe(2);
    expect(err).toMatch(/r\.json findings\.1\.status: not a verify result: findings\.1\.status/);
  });

  it('lineColumn counts from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('sra verify --html', () => {
  it('writes the HTML report beside the chosen format, with the organization tree', async () => {
    const dir = workdir();
    const { code } = await sra(
      [
        'verify',
        '--sandbox',
        'drifted',
        '--workloads',
        '1',
        '-f',
        'json',
        '-o',
        'r.json',
        '--html',
        'r.html',
      ],
      dir,
    );
    expect(code).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as VerifyResult;
    const validate = resultValidator();
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.organization!.ous.map((o) => o.name).sort()).toEqual(
      expect.arrayContaining(['Security', 'Workloads']),
    );
    const tooling = result.roles.find((r) => r.roles.includes('security-tooling'))!.account;
    expect(result.organization!.delegatedAdmins.some((d) => d.accountId === tooling)).toBe(true);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(new RegExp(`id="account-${tooling}"[^]*?delegated admin: `));
  });
});
