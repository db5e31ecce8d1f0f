import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InventoryError, loadInventory, parseInventory, saveInventory } from '../../src/observe/load.js';
import { emptyInventory } from '../../src/verify/context.js';

const good = () =>
  emptyInventory({
    managementAccountId: '111111111111',
    homeRegion: 'us-east-1',
    governedRegions: ['us-east-1'],
    accounts: [{ id: '111111111111', name: 'management', status: 'ACTIVE', ouPath: [] }],
  });

function error(text: string): InventoryError {
  try {
    parseInventory(text, 'inv.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InventoryError);
    return e as InventoryError;
  }
  throw new Error('expected an InventoryError');
}

describe('inventory loading', () => {
  it('round-trips a saved inventory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sra-inv-'));
    const inv = good();
    inv.region['111111111111'] = { 'us-east-1': { ec2: { ebs: { ok: true, value: true } } } };
    await saveInventory(join(dir, 'i.json'), inv);
    expect(await loadInventory(join(dir, 'i.json'))).toEqual(inv);
  });

  it('names the line and column of a JSON syntax error', () => {
    const text = JSON.stringify(good(), null, 2).replace(
      '"homeRegion": "us-east-1",',
      '"homeRegion": "us-east-1"',
    );
    const e = error(text);
    expect(e.message).toMatch(/^not valid JSON/);
    expect(e.where.file).toBe('inv.json');
    expect(e.where.line).toBeGreaterThan(1);
    expect(e.exitCode).toBe(2);
  });

  it('rejects a truncated file', () => {
    const text = JSON.stringify(good());
    expect(error(text.slice(0, text.length / 2)).message).toMatch(/not valid JSON/);
  });

  it('rejects another format version, naming the field', () => {
    const e = error(JSON.stringify({ ...good(), schemaVersion: 2 }));
    expect(e.where.path).toBe('schemaVersion');
    expect(e.message).toMatch(/unsupported inventory format version/);
  });

  it('rejects a bad account id with its path', () => {
    const inv = good();
    inv.accounts[0]!.id = '1234';
    const e = error(JSON.stringify(inv));
    expect(e.where.path).toBe('accounts.0.id');
    expect(e.message).toMatch(/12-digit/);
  });

  it('rejects unknown top-level fields and missing ones', () => {
    expect(error(JSON.stringify({ ...good(), extra: 1 })).message).toMatch(/extra/);
    const { homeRegion: _h, ...rest } = good();
    expect(error(JSON.stringify(rest)).where.path).toBe('homeRegion');
  });

  it('says when the file cannot be read', async () => {
    await expect(loadInventory('/nonexistent/inv.json')).rejects.toMatchObject({
      code: 'INVENTORY_INVALID',
      message: expect.stringMatching(/ENOENT/),
    });
  });

  it('writes the file readable by its owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sra-inv-'));
    await saveInventory(join(dir, 'new.json'), good());
    expect(statSync(join(dir, 'new.json')).mode & 0o777).toBe(0o600);
  });
});
