/**
 * Private temporary directories: owner-only, removed by their owner, and removed when the process ends
 * first — normally, or by SIGINT/SIGTERM, which still end the process as signals. The process cases run
 * the built module (`npm test` builds before it runs the tests) in a child Node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { privateTempDir } from '../../src/util/temp.js';

const parent = mkdtempSync(join(tmpdir(), 'sra-temp-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));
const built = pathToFileURL(resolve('dist/util/temp.js')).href;

/** Runs a child that creates a directory, prints its path, then ends as `end` says. */
function child(end: string): { dir: string; status: number | null; signal: NodeJS.Signals | null } {
  const script = `
    import { writeFileSync } from 'node:fs';
    const { privateTempDir } = await import(${JSON.stringify(built)});
    const d = privateTempDir('x-', ${JSON.stringify(parent)});
    writeFileSync(d.path + '/f', 'secret-free spool');
    process.stdout.write(d.path + '\\n');
    ${end}
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { dir: r.stdout.trim(), status: r.status, signal: r.signal };
}

describe('privateTempDir', () => {
  it('is readable by its owner only and gone after remove', () => {
    const d = privateTempDir('sra-', parent);
    writeFileSync(join(d.path, 'f'), 'x');
    expect(statSync(d.path).mode & 0o077).toBe(0);
    d.remove();
    d.remove();
    expect(existsSync(d.path)).toBe(false);
  });

  it('does not outlive a process that exits', () => {
    const r = child('process.exit(0);');
    expect(r.status).toBe(0);
    expect(r.dir).toContain(parent);
    expect(existsSync(r.dir)).toBe(false);
  });

  it('is removed on SIGTERM and SIGINT, and the process still ends by the signal', () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const r = child(`process.kill(process.pid, '${signal}'); setTimeout(() => {}, 10000);`);
      expect(r.signal).toBe(signal);
      expect(r.dir).toContain(parent);
      expect(existsSync(r.dir)).toBe(false);
    }
  });

  it('leaves the decision to a program that handles the signal itself', () => {
    const r = child(
      "process.on('SIGTERM', () => { process.stdout.write('graceful\\n'); setTimeout(() => process.exit(0), 10); }); process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 10000);",
    );
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.dir.split('\n')).toEqual([expect.stringContaining(parent), 'graceful']);
    expect(existsSync(r.dir.split('\n')[0]!)).toBe(false);
  });
});
