import { mkdtemp, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { STARTER_BLUEPRINT } from '../../src/blueprint/starter.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));

interface Run {
  code: number;
  out: string;
  err: string;
}

async function sra(cwd: string, ...args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(['node', 'sra', ...args], {
    context: { out: (s) => void (out += s), err: (s) => void (err += s), cwd },
  });
  return { code, out, err };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sra-validate-'));
});

describe('sra validate', () => {
  it.each(EXAMPLES)('accepts examples/%s', async (name) => {
    const run = await sra(ROOT, 'validate', `examples/${name}`);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(new RegExp(`^examples/${name.replace('.', '\\.')}: valid blueprint \\(`));
  });

  it('accepts the starter blueprint, reading sra.yaml from the working directory by default', async () => {
    await writeFile(join(dir, 'sra.yaml'), STARTER_BLUEPRINT);
    const run = await sra(dir, 'validate');
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      'sra.yaml: valid blueprint (3 accounts, 0 OUs, 2 governed Regions, home us-east-1)\n',
    );
  });

  it('exits 2 and prints every diagnostic with file:line:col, path, message and hint', async () => {
    await writeFile(
      join(dir, 'org.yaml'),
      [
        'organization:',
        '  managementAccount: "111111111111"',
        '  homeRegion: us-east-1',
        '  governedRegions: [us-east-1]',
        'accounts:',
        '  securityTooling: "222222222222"',
        '  logArchive: "222222222222"',
        'threatDetecton: {}',
      ].join('\n'),
    );
    const run = await sra(dir, 'validate', 'org.yaml');
    expect(run.code).toBe(2);
    expect(run.out.split('\n')).toEqual([
      'org.yaml:7:15  accounts.logArchive  account 222222222222 already holds another role (accounts.securityTooling) (hint: Security Tooling and Log Archive must be distinct accounts: logs stay out of reach of the tooling that reads them)',
      'org.yaml:8:1  threatDetecton  unknown key "threatDetecton" at the top level (hint: did you mean "threatDetection"?)',
      'org.yaml: 2 errors',
      '',
    ]);
  });

  it('prints machine-readable diagnostics with --format json', async () => {
    await writeFile(join(dir, 'sra.yaml'), 'organization:\n  managementAccount: 111111111111\n');
    const run = await sra(dir, 'validate', '--format', 'json');
    expect(run.code).toBe(2);
    const payload = JSON.parse(run.out) as { valid: boolean; diagnostics: Array<Record<string, unknown>> };
    expect(payload.valid).toBe(false);
    expect(payload.diagnostics).toContainEqual(
      expect.objectContaining({ file: 'sra.yaml', line: 2, column: 22, code: 'unquoted-account-id' }),
    );
  });

  it('includes the resolved blueprint in JSON output when valid', async () => {
    const run = await sra(ROOT, 'validate', 'examples/minimal.yaml', '--format', 'json');
    expect(run.code).toBe(0);
    const payload = JSON.parse(run.out) as {
      valid: boolean;
      blueprint: { assurance: { securityHub: object } };
    };
    expect(payload.valid).toBe(true);
    expect(payload.blueprint.assurance.securityHub).toMatchObject({
      configuration: 'central',
      aggregatorRegion: 'us-east-1',
    });
  });

  it('exits 2 with a hint to run sra init when the file does not exist', async () => {
    const run = await sra(dir, 'validate');
    expect(run.code).toBe(2);
    expect(run.err).toContain('error[BLUEPRINT_NOT_FOUND]: sra.yaml');
    expect(run.err).toContain('sra init');
  });

  it('reports YAML syntax errors with their position', async () => {
    await writeFile(join(dir, 'sra.yaml'), 'organization:\n  governedRegions: [us-east-1\naccounts:\n');
    const run = await sra(dir, 'validate');
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/^sra\.yaml:3:1 {2}YAML syntax error: /);
  });
});
