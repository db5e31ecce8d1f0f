import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySliceStore, SpillSliceStore } from '../../src/observe/store.js';
import { accountSliceIn, inventoryView, regionSliceIn, viewOf } from '../../src/observe/view.js';
import { emptyInventory } from '../../src/verify/context.js';
import type { AccountSlices } from '../../src/observe/view.js';

const slices = (n: number): AccountSlices => ({
  account: { iam: { ok: true, value: { n, name: `acct-${n}-é` } } },
  region: { 'us-east-1': { ec2: { ok: true, value: { n } } } },
});
const id = (n: number) => String(100000000000 + n);

let parent: string;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'sra-store-test-'));
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

describe('SpillSliceStore', () => {
  it('gives back what was put, in put order, from a private file', () => {
    const store = new SpillSliceStore({ parent, cacheSize: 2 });
    for (let n = 0; n < 5; n++) store.put(id(n), slices(n));
    expect(store.ids()).toEqual([0, 1, 2, 3, 4].map(id));
    for (let n = 4; n >= 0; n--) expect(store.get(id(n))).toEqual(slices(n));
    expect(store.get('999999999999')).toBeUndefined();
    store.close();
  });

  it('keeps only the most recently used accounts parsed', () => {
    const store = new SpillSliceStore({ parent, cacheSize: 2 });
    for (let n = 0; n < 4; n++) store.put(id(n), slices(n));
    store.get(id(0));
    store.get(id(1));
    expect(store.readBacks).toBe(2);
    store.get(id(0)); // cached, and now the most recent
    store.get(id(2)); // evicts 1
    expect(store.readBacks).toBe(3);
    store.get(id(0));
    expect(store.readBacks).toBe(3);
    store.get(id(1));
    expect(store.readBacks).toBe(4);
    store.close();
  });

  it('writes its file for the owner only and deletes it on close', () => {
    const store = new SpillSliceStore({ parent });
    store.put(id(1), slices(1));
    // The spool's file is the only file under its own directory below `parent`.
    const dirs = readdirSync(parent);
    expect(dirs).toHaveLength(1);
    const file = join(parent, dirs[0]!, 'slices.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('acct-1');
    store.close();
    store.close();
    expect(existsSync(file)).toBe(false);
    expect(() => store.get(id(1))).toThrow(/closed/);
  });

  it('refuses to read a truncated file instead of returning half an account', () => {
    const store = new SpillSliceStore({ parent, cacheSize: 1 });
    store.put(id(1), slices(1));
    store.put(id(2), slices(2));
    const file = join(parent, readdirSync(parent)[0]!, 'slices.json');
    truncateSync(file, 10);
    expect(() => store.get(id(1))).toThrow(/truncated/);
    store.close();
  });
});

describe('inventory views', () => {
  const header = () =>
    emptyInventory({
      managementAccountId: id(0),
      homeRegion: 'us-east-1',
      governedRegions: ['us-east-1'],
      accounts: [0, 1].map((n) => ({ id: id(n), name: `a${n}`, status: 'ACTIVE', ouPath: [] })),
    });

  it('read a spilled store and a saved inventory the same way', () => {
    const store = new MemorySliceStore();
    store.put(id(1), slices(1));
    const { account: _a, region: _r, ...h } = header();
    const view = inventoryView(h, store);
    const inventory = {
      ...header(),
      account: { [id(1)]: slices(1).account },
      region: { [id(1)]: slices(1).region },
    };
    for (const inv of [view, inventory]) {
      expect(accountSliceIn(inv, id(1), 'iam')).toEqual({ ok: true, value: { n: 1, name: 'acct-1-é' } });
      expect(regionSliceIn(inv, id(1), 'us-east-1', 'ec2')).toEqual({ ok: true, value: { n: 1 } });
      expect(accountSliceIn(inv, id(0), 'iam')).toBeUndefined();
      expect([...viewOf(inv).eachAccount()].map(([a]) => a)).toEqual([id(1)]);
    }
  });

  it('answer a memoised question once per view, and afresh for a new view', () => {
    const inventory = header();
    let computed = 0;
    const view = viewOf(inventory);
    expect(view.memo('k', () => ++computed)).toBe(1);
    expect(view.memo('k', () => ++computed)).toBe(1);
    expect(viewOf(view)).toBe(view);
    expect(viewOf(inventory).memo('k', () => ++computed)).toBe(2);
  });
});
