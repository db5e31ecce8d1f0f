import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../src/blueprint/load.js';
import {
  accountPlacement,
  accountRoles,
  knownAccounts,
  ouWithDescendants,
  resolveTargets,
} from '../../src/blueprint/resolve.js';

const enterprise = parseBlueprint(
  readFileSync(new URL('../../examples/enterprise.yaml', import.meta.url), 'utf8'),
  'enterprise.yaml',
).blueprint!;

describe('account roles and placement', () => {
  it('maps every declared account to exactly one SRA role', () => {
    const roles = accountRoles(enterprise);
    expect(roles.get('100000000001')).toEqual(['management']);
    expect(roles.get('100000000010')).toEqual(['security-tooling']);
    expect(roles.get('100000000011')).toEqual(['log-archive']);
    expect(roles.get('100000000020')).toEqual(['network']);
    expect(roles.get('100000000021')).toEqual(['shared-services']);
    expect(roles.get('100000000012')).toEqual(['forensics']);
    expect(roles.get('100000000030')).toEqual(['generative-ai']);
    expect(roles.get('200000000001')).toEqual(['workload']);
    expect([...roles.values()].every((r) => r.length === 1)).toBe(true);
    expect(knownAccounts(enterprise).size).toBe(15);
  });

  it('counts an account that is only placed in an OU as a workload', () => {
    const bp = parseBlueprint(
      [
        'organization:',
        '  managementAccount: "111111111111"',
        '  homeRegion: us-east-1',
        '  governedRegions: [us-east-1]',
        '  organizationalUnits: [{ name: Apps, accounts: ["999999999999"] }]',
        'accounts: { securityTooling: "222222222222", logArchive: "333333333333" }',
      ].join('\n'),
      'sra.yaml',
    ).blueprint!;
    expect(accountRoles(bp).get('999999999999')).toEqual(['workload']);
    expect(accountPlacement(bp).get('999999999999')).toBe('Apps');
  });

  it('places accounts from OU lists and from workload ou keys', () => {
    const placement = accountPlacement(enterprise);
    expect(placement.get('100000000010')).toBe('Security');
    expect(placement.get('200000000001')).toBe('PCI');
    expect(placement.get('100000000001')).toBeUndefined();
  });

  it('expands an OU to its nested OUs', () => {
    expect([...ouWithDescendants(enterprise, 'Workloads')].sort()).toEqual([
      'NonProd',
      'PCI',
      'Prod',
      'Workloads',
    ]);
    expect([...ouWithDescendants(enterprise, 'Prod')].sort()).toEqual(['PCI', 'Prod']);
  });
});

describe('resolveTargets', () => {
  it('targets every account and governed Region by default', () => {
    const t = resolveTargets(enterprise);
    expect(t.wholeOrganization).toBe(true);
    expect(t.accounts).toHaveLength(15);
    expect(t.regions).toEqual(enterprise.organization.governedRegions);
  });

  it('applies account and Region exclusions', () => {
    const t = resolveTargets(enterprise, enterprise.vulnerabilityManagement.inspector.targets);
    expect(t.accounts).not.toContain('200000000021');
    expect(t.accounts).not.toContain('200000000022');
    expect(t.accounts).toHaveLength(13);
    const lake = resolveTargets(enterprise, enterprise.threatDetection.securityLake.targets);
    expect(lake.regions).not.toContain('ap-southeast-2');
    expect(lake.regions).toHaveLength(enterprise.organization.governedRegions.length - 1);
  });

  it('resolves OUs, with nested OUs, plus individual accounts', () => {
    const t = resolveTargets(enterprise, enterprise.incidentResponse.detective.targets);
    expect(t.wholeOrganization).toBe(false);
    expect(t.ous.sort()).toEqual(['PCI', 'Prod']);
    expect(t.accounts.sort()).toEqual(['100000000020', '200000000001', '200000000002', '200000000003']);
  });
});
