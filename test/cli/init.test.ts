import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { STARTER_BLUEPRINT } from '../../src/blueprint/starter.js';

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
  dir = await mkdtemp(join(tmpdir(), 'sra-init-'));
});

describe('sra init', () => {
  it('writes the starter blueprint to sra.yaml, and sra validate accepts it', async () => {
    const run = await sra(dir, 'init');
    expect(run.code).toBe(0);
    expect(run.out).toContain('wrote sra.yaml');
    expect(run.out).toContain('111111111111');
    expect(await readFile(join(dir, 'sra.yaml'), 'utf8')).toBe(STARTER_BLUEPRINT);
    const validate = await sra(dir, 'validate');
    expect(validate.code).toBe(0);
    expect(validate.out).toMatch(/^sra\.yaml: valid blueprint/);
  });

  it('writes to --output', async () => {
    const run = await sra(dir, 'init', '--output', 'org.yaml');
    expect(run.code).toBe(0);
    expect(run.out).toContain('sra validate org.yaml');
    expect(await readFile(join(dir, 'org.yaml'), 'utf8')).toBe(STARTER_BLUEPRINT);
  });

  it('refuses to overwrite an existing file without --force', async () => {
    await writeFile(join(dir, 'sra.yaml'), 'mine\n');
    const run = await sra(dir, 'init');
    expect(run.code).toBe(2);
    expect(run.err).toContain('sra.yaml already exists');
    expect(run.err).toContain('--force');
    expect(await readFile(join(dir, 'sra.yaml'), 'utf8')).toBe('mine\n');
  });

  it('overwrites with --force', async () => {
    await writeFile(join(dir, 'sra.yaml'), 'mine\n');
    const run = await sra(dir, 'init', '--force');
    expect(run.code).toBe(0);
    expect(await readFile(join(dir, 'sra.yaml'), 'utf8')).toBe(STARTER_BLUEPRINT);
  });

  it('exits 2 when the output directory does not exist', async () => {
    const run = await sra(dir, 'init', '--output', 'missing/sra.yaml');
    expect(run.code).toBe(2);
    expect(run.err).toContain('directory does not exist');
  });
});
