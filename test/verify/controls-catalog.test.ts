/** The control catalogue as a whole: coverage of sra-verify, metadata completeness, unique ids. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPABILITY_IDS, PRINCIPLE_IDS, ACCOUNT_ROLE_IDS } from '../../src/catalog/ids.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { listBlueprintKeys } from '../../src/blueprint/keys.js';

const controls = SERVICE_MODULES.flatMap((m) => m.controls);
const collectors = SERVICE_MODULES.flatMap((m) => m.collectors);
// The 157 check ids of AWS's sra-verify (ids only, from shared/reference/sra-verify-checks.txt).
const sraVerifyIds = readFileSync(new URL('../fixtures/sra-verify-ids.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);

describe('control catalogue', () => {
  it('has at least 150 controls with unique kebab ids', () => {
    expect(controls.length).toBeGreaterThanOrEqual(150);
    const ids = controls.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('covers every one of the 157 sra-verify checks', () => {
    expect(sraVerifyIds).toHaveLength(157);
    const covered = new Set(controls.flatMap((c) => c.refs.sraVerify ?? []));
    expect(sraVerifyIds.filter((id) => !covered.has(id))).toEqual([]);
    // …and refers to no check that does not exist.
    expect([...covered].filter((id) => !sraVerifyIds.includes(id))).toEqual([]);
  });

  it('gives every control complete metadata', () => {
    const keys = new Set(listBlueprintKeys().map((k) => k.path));
    const collectorIds = new Set(collectors.map((c) => c.id));
    for (const c of controls) {
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(c.risk.length, c.id).toBeGreaterThan(10);
      expect(c.remediation.manual.length, c.id).toBeGreaterThan(10);
      expect(c.capabilities.length, c.id).toBeGreaterThan(0);
      expect(c.principles.length, c.id).toBeGreaterThan(0);
      for (const cap of c.capabilities) expect(CAPABILITY_IDS, c.id).toContain(cap);
      for (const p of c.principles) expect(PRINCIPLE_IDS, c.id).toContain(p);
      if (c.appliesTo !== 'all') for (const r of c.appliesTo) expect(ACCOUNT_ROLE_IDS, c.id).toContain(r);
      if (c.remediation.blueprint) {
        const key = c.remediation.blueprint;
        expect(
          [...keys].some((k) => k === key || k.startsWith(`${key}.`)),
          `${c.id}: ${key}`,
        ).toBe(true);
      }
      for (const u of c.uses) expect(collectorIds, `${c.id} uses ${u}`).toContain(u);
    }
  });

  it('serves all nine capabilities and seven principles', () => {
    const caps = new Set(controls.flatMap((c) => c.capabilities));
    const principles = new Set(controls.flatMap((c) => c.principles));
    expect(CAPABILITY_IDS.filter((c) => !caps.has(c))).toEqual([]);
    expect(PRINCIPLE_IDS.filter((p) => !principles.has(p))).toEqual([]);
  });

  it('declares collector ids unique per scope and reads as IAM actions', () => {
    const seen = new Set<string>();
    for (const c of collectors) {
      const key = `${c.scope}:${c.id}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      for (const r of c.reads) expect(r, c.id).toMatch(/^[a-z0-9-]+:[A-Za-z0-9*]+$/);
    }
  });
});
