import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../src/blueprint/load.js';
import type { Blueprint } from '../../src/blueprint/index.js';
import { greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { organizationsCollector } from '../../src/services/organizations/collect.js';
import {
  blueprintAccounts,
  blueprintOrganization,
  blueprintPlacement,
  blueprintRegions,
} from '../../src/services/blueprint/controls.js';
import { emptyInventory } from '../../src/verify/context.js';
import { collectIn, evalControl, scenarioAccounts } from '../verify/harness.js';

function blueprintFor(
  s: Scenario,
  overrides: { orgId?: string; extraWorkload?: string; auditOu?: string } = {},
): Blueprint {
  const text = [
    'organization:',
    `  id: ${overrides.orgId ?? s.organizationId}`,
    `  managementAccount: "${s.managementAccountId}"`,
    `  homeRegion: ${s.homeRegion}`,
    `  governedRegions: [${s.governedRegions.join(', ')}]`,
    '  organizationalUnits:',
    `    - { name: ${overrides.auditOu ?? 'Security'}, accounts: ["${s.securityToolingId}"] }`,
    '    - { name: Workloads }',
    'accounts:',
    `  securityTooling: "${s.securityToolingId}"`,
    `  logArchive: "${s.logArchiveId}"`,
    '  workloads:',
    ...[...s.workloadIds, ...(overrides.extraWorkload ? [overrides.extraWorkload] : [])].map(
      (id) => `    - { id: "${id}" }`,
    ),
  ].join('\n');
  const { blueprint, diagnostics } = parseBlueprint(`${text}\n`, 'sra.yaml');
  if (!blueprint) throw new Error(JSON.stringify(diagnostics));
  return blueprint;
}

async function inventoryOf(s: Scenario) {
  const inv = emptyInventory({
    managementAccountId: s.managementAccountId,
    homeRegion: s.homeRegion,
    governedRegions: s.governedRegions,
    accounts: scenarioAccounts(s),
  });
  inv.organization.organizations = await collectIn(s, organizationsCollector, s.managementAccountId);
  return inv;
}

const init = (s: Scenario, inventory: Awaited<ReturnType<typeof inventoryOf>>, blueprint?: Blueprint) => ({
  inventory,
  account: inventory.accounts[0]!,
  region: s.homeRegion,
  roles: ['management'] as const,
  roleAccounts: {},
  ...(blueprint ? { blueprint } : {}),
});

describe('blueprint conformance controls', () => {
  it('are not applicable without a blueprint', async () => {
    const s = await greenfield({ workloads: 1 });
    const inv = await inventoryOf(s);
    for (const c of [blueprintOrganization, blueprintAccounts, blueprintPlacement, blueprintRegions]) {
      expect(evalControl(c, init(s, inv)).map((o) => o.status)).toEqual(['NOT_APPLICABLE']);
    }
  });

  it('pass when the organization is what the blueprint says', async () => {
    const s = await greenfield({ workloads: 2 });
    const inv = await inventoryOf(s);
    const bp = blueprintFor(s);
    for (const c of [blueprintOrganization, blueprintAccounts, blueprintPlacement, blueprintRegions]) {
      const statuses = new Set(evalControl(c, init(s, inv, bp)).map((o) => o.status));
      expect([...statuses], c.id).toEqual(['PASS']);
    }
  });

  it('fail with evidence when the organization, an account, an OU or a Region differ', async () => {
    const s = await greenfield({ workloads: 1, regions: ['us-east-1', 'eu-south-1'] });
    const inv = await inventoryOf(s);
    inv.unreachable.push({
      kind: 'region-disabled',
      message: 'not enabled',
      account: s.workloadIds[0]!,
      region: 'eu-south-1',
      operation: 'ec2:GetEbsEncryptionByDefault',
    });
    const bp = blueprintFor(s, { orgId: 'o-aaaaaaaaaa', extraWorkload: '999999999999', auditOu: 'Audit' });
    expect(evalControl(blueprintOrganization, init(s, inv, bp))[0]).toMatchObject({
      status: 'FAIL',
      expected: { id: 'o-aaaaaaaaaa' },
      actual: { id: s.organizationId },
    });
    const accounts = evalControl(blueprintAccounts, init(s, inv, bp)).filter((o) => o.status === 'FAIL');
    expect(accounts).toEqual([expect.objectContaining({ resource: '999999999999', actual: 'absent' })]);
    const placement = evalControl(blueprintPlacement, init(s, inv, bp)).filter((o) => o.status === 'FAIL');
    expect(placement.map((o) => o.resource)).toEqual(['ou/Audit', s.securityToolingId]);
    expect(placement[1]).toMatchObject({ expected: 'Audit', actual: 'Security' });
    expect(evalControl(blueprintRegions, init(s, inv, bp))).toEqual([
      expect.objectContaining({ status: 'FAIL', resource: `${s.workloadIds[0]}/eu-south-1` }),
    ]);
  });

  it('report ERROR when the organization could not be read', async () => {
    const s = await greenfield({ workloads: 1 });
    s.sandbox.knobs = { deny: [{ action: 'organizations:*' }] };
    const inv = await inventoryOf(s);
    const out = evalControl(blueprintAccounts, init(s, inv, blueprintFor(s)));
    expect(out).toEqual([
      expect.objectContaining({ status: 'ERROR', error: expect.objectContaining({ kind: 'access-denied' }) }),
    ]);
  });
});
