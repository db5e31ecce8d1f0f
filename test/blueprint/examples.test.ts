import { mkdtemp, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BlueprintError } from '../../src/blueprint/diagnostics.js';
import { loadBlueprint } from '../../src/blueprint/load.js';
import { SraError } from '../../src/errors.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
const load = (name: string) => loadBlueprint(join(EXAMPLES.pathname, name), name);

describe('examples', () => {
  it('ships the minimal, Control Tower and enterprise blueprints', () => {
    expect(files).toEqual(expect.arrayContaining(['minimal.yaml', 'control-tower.yaml', 'enterprise.yaml']));
  });

  it.each(files)('%s is a valid blueprint', async (name) => {
    const bp = await load(name);
    expect(bp.version).toBe(1);
  });

  it('minimal.yaml states only the organization and the three SRA accounts', async () => {
    const raw = parse(readFileSync(new URL('minimal.yaml', EXAMPLES), 'utf8')) as Record<string, object>;
    expect(Object.keys(raw)).toEqual(['organization', 'accounts']);
    expect(Object.keys(raw['accounts']!)).toEqual(['securityTooling', 'logArchive']);
    const bp = await load('minimal.yaml');
    expect(
      new Set([bp.organization.managementAccount, bp.accounts.securityTooling, bp.accounts.logArchive]).size,
    ).toBe(3);
  });

  it('control-tower.yaml coexists with Control Tower', async () => {
    const bp = await load('control-tower.yaml');
    expect(bp.organization.controlTower.enabled).toBe(true);
    expect(bp.organization.memberRoleName).toBe('AWSControlTowerExecution');
    expect(bp.threatDetection.cloudtrail.organizationTrail.managementEvents).toBe(false);
  });

  it('enterprise.yaml has network and shared services, several workload OUs and 6+ Regions', async () => {
    const bp = await load('enterprise.yaml');
    expect(bp.organization.governedRegions.length).toBeGreaterThanOrEqual(6);
    expect(bp.accounts.network).toBeDefined();
    expect(bp.accounts.sharedServices).toBeDefined();
    const workloadOus = new Set(bp.accounts.workloads.map((w) => w.ou));
    expect(workloadOus.size).toBeGreaterThanOrEqual(3);
  });
});

describe('loadBlueprint', () => {
  it('throws a BlueprintError with every diagnostic for an invalid file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sra-bp-'));
    const path = join(dir, 'bad.yaml');
    await writeFile(path, 'organization:\n  managementAccount: 1\naccount: {}\n');
    const error = await loadBlueprint(path, 'bad.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlueprintError);
    const e = error as BlueprintError;
    expect(e.exitCode).toBe(2);
    expect(e.diagnostics.map((d) => [d.line, d.code])).toEqual([
      [1, 'missing-key'],
      [1, 'missing-key'],
      [1, 'missing-key'],
      [2, 'unquoted-account-id'],
      [3, 'unknown-key'],
    ]);
    expect(e.describe()).toContain('bad.yaml:3:1  account  unknown key "account" at the top level');
  });

  it('throws an SraError with exit code 2 for a missing file', async () => {
    const error = await loadBlueprint('/nonexistent/sra.yaml', 'sra.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SraError);
    expect((error as SraError).code).toBe('BLUEPRINT_NOT_FOUND');
    expect((error as SraError).exitCode).toBe(2);
    expect((error as SraError).hint).toMatch(/sra init/);
  });
});
