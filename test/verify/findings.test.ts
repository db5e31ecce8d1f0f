import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sortFindings } from '../../src/report/common.js';
import { FindingSpool, MemoryFindings, findingSource } from '../../src/verify/findings.js';
import type { Finding, Severity, Status } from '../../src/verify/types.js';

const STATUSES: Status[] = ['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR'];
const SEVERITY: Record<string, Severity> = { 'a.one': 'low', 'b.two': 'critical', 'c.three': 'medium' };

/** A deterministic mix of findings over three controls, four accounts and two Regions. */
function findings(n: number): Finding[] {
  const out: Finding[] = [];
  const controls = Object.keys(SEVERITY);
  for (let i = 0; i < n; i++) {
    const controlId = controls[(i * 7) % 3]!;
    out.push({
      controlId,
      status: STATUSES[(i * 5) % 4]!,
      severity: SEVERITY[controlId]!,
      account: String(100000000000 + ((i * 3) % 4)),
      ...(i % 2 ? { region: i % 4 === 1 ? 'us-west-2' : 'eu-west-1' } : {}),
      resource: `r-${(i * 11) % 13}`,
      message: `finding ${i} — ünïcode`,
      ...(i % 3 === 0 ? { expected: { n: i }, actual: [i, 'x'] } : {}),
    });
  }
  return out;
}

let parent: string;
let spool: FindingSpool;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'sra-spool-test-'));
  spool = new FindingSpool(parent);
});
afterEach(() => {
  spool.close();
  rmSync(parent, { recursive: true, force: true });
});

describe('FindingSpool', () => {
  it('reads findings back in evaluation order, in report order and by account', () => {
    const all = findings(500);
    for (const f of all) spool.add(f);
    expect(spool.size).toBe(500);
    expect([...spool]).toEqual(all);
    expect([...spool]).toEqual(all); // a second reader gets everything again
    expect([...spool.sorted()]).toEqual(sortFindings(all));
    expect(spool.accounts()).toEqual([...new Set(all.map((f) => f.account))].sort());
    for (const account of spool.accounts()) {
      expect([...spool.ofAccount(account)]).toEqual(sortFindings(all.filter((f) => f.account === account)));
    }
    expect([...spool.ofAccount('999999999999')]).toEqual([]);
  });

  it('behaves like the array it replaces', () => {
    const all = findings(200);
    for (const f of all) spool.add(f);
    const memory = findingSource(all);
    expect(memory).toBeInstanceOf(MemoryFindings);
    expect(findingSource(spool)).toBe(spool);
    expect(memory.size).toBe(spool.size);
    expect([...memory.sorted()]).toEqual([...spool.sorted()]);
    expect(memory.accounts()).toEqual(spool.accounts());
    expect([...memory.ofAccount(memory.accounts()[1]!)]).toEqual([...spool.ofAccount(spool.accounts()[1]!)]);
  });

  it('keeps records intact across its write buffer (more than 1 MB)', () => {
    const big = 'x'.repeat(3000);
    const all = findings(1200).map((f) => ({ ...f, message: `${f.message} ${big}` }));
    for (const f of all) spool.add(f);
    expect([...spool].map((f) => f.message)).toEqual(all.map((f) => f.message));
  });

  it('is private to the user and gone after close', () => {
    spool.add(findings(1)[0]!);
    expect([...spool]).toHaveLength(1); // reading flushes the buffer to the file
    expect(statSync(spool.path).mode & 0o777).toBe(0o600);
    spool.close();
    expect(existsSync(spool.path)).toBe(false);
    expect(() => [...spool]).toThrow(/closed/);
  });
});
