import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listBlueprintKeys, findBlueprintKey } from '../../src/blueprint/keys.js';
import { parseBlueprint } from '../../src/blueprint/load.js';
import { resolveDefaults } from '../../src/blueprint/resolve.js';
import { blueprintSchema, BLUEPRINT_SECTIONS, type Blueprint } from '../../src/blueprint/schema.js';
import { CAPABILITY_SECTION } from '../../src/catalog/ids.js';

const MINIMAL = readFileSync(new URL('../../examples/minimal.yaml', import.meta.url), 'utf8');

function valid(text: string): Blueprint {
  const { blueprint, diagnostics } = parseBlueprint(text, 'sra.yaml');
  expect(diagnostics).toEqual([]);
  return blueprint!;
}

/** Reads a dotted path (no list elements) out of plain data. */
function at(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);
}

describe('SRA defaults', () => {
  const bp = valid(MINIMAL);

  it('fills every section of a minimal blueprint with the SRA defaults', () => {
    expect(bp.version).toBe(1);
    expect(bp.threatDetection.guardduty).toMatchObject({
      enabled: true,
      protectionPlans: 'all',
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      exportFindings: true,
    });
    expect(bp.assurance.securityHub).toMatchObject({
      enabled: true,
      configuration: 'central',
      standards: ['fsbp'],
    });
    expect(bp.assurance.config).toMatchObject({
      enabled: true,
      recordAllResources: true,
      deliveryFrequency: 'TwentyFour_Hours',
      aggregator: { enabled: true },
    });
    expect(bp.identity.passwordPolicy).toMatchObject({
      minimumLength: 14,
      maxAgeDays: 90,
      reusePrevention: 24,
    });
    expect(bp.identity.rootAccess).toBe('centralized');
    expect(bp.threatDetection.cloudtrail.organizationTrail).toMatchObject({
      enabled: true,
      name: 'sra-org-trail',
      multiRegion: true,
      logFileValidation: true,
      kms: true,
      cloudWatchLogs: { enabled: true, retentionDays: 400 },
      dataEvents: { s3: false, lambda: false },
    });
    expect(bp.vulnerabilityManagement.inspector.scanTypes).toEqual(['ec2', 'ecr', 'lambda', 'lambda-code']);
    expect(bp.dataProtection).toMatchObject({
      s3BlockPublicAccess: true,
      ebsEncryptionByDefault: true,
      macie: { enabled: true, exportFindings: true },
    });
    expect(bp.infrastructureProtection).toMatchObject({
      ebsSnapshotBlockPublicAccess: true,
      imdsV2Default: true,
    });
    expect(bp.threatDetection.securityLake).toMatchObject({ enabled: false, acknowledgeCost: false });
    expect(bp.incidentResponse.detective.enabled).toBe(false);
  });

  it('targets the whole organization by default', () => {
    expect(bp.threatDetection.guardduty.targets).toEqual({
      ous: [],
      accounts: [],
      excludeAccounts: [],
      excludeRegions: [],
    });
  });

  it('derives the Regions that default to the home Region', () => {
    expect(bp.organization.homeRegion).toBe('us-east-1');
    expect(bp.assurance.config.globalResourcesRegion).toBe('us-east-1');
    expect(bp.assurance.securityHub.aggregatorRegion).toBe('us-east-1');
  });

  it('uses the Organizations member role, or the Control Tower one under Control Tower', () => {
    expect(bp.organization.memberRoleName).toBe('OrganizationAccountAccessRole');
    const ct = valid(
      MINIMAL.replace(
        'homeRegion: us-east-1',
        'homeRegion: us-east-1\n  controlTower: { enabled: true }',
      ).concat('threatDetection:\n  cloudtrail:\n    organizationTrail: { enabled: false }\n'),
    );
    expect(ct.organization.memberRoleName).toBe('AWSControlTowerExecution');
    const custom = valid(
      MINIMAL.replace('homeRegion: us-east-1', 'homeRegion: us-east-1\n  memberRoleName: SraExecution'),
    );
    expect(custom.organization.memberRoleName).toBe('SraExecution');
  });

  it('changes only the keys a blueprint states', () => {
    const changed = valid(
      `${MINIMAL}threatDetection:\n  guardduty:\n    findingPublishingFrequency: ONE_HOUR\n`,
    );
    expect(changed.threatDetection.guardduty.findingPublishingFrequency).toBe('ONE_HOUR');
    expect({ ...changed.threatDetection.guardduty, findingPublishingFrequency: 'FIFTEEN_MINUTES' }).toEqual(
      bp.threatDetection.guardduty,
    );
    expect(changed.threatDetection.cloudtrail).toEqual(bp.threatDetection.cloudtrail);
  });

  it('keeps an explicit aggregator Region instead of the home Region', () => {
    const text = `${MINIMAL}assurance:\n  securityHub:\n    aggregatorRegion: us-west-2\n`;
    expect(valid(text).assurance.securityHub.aggregatorRegion).toBe('us-west-2');
  });

  it('resolveDefaults is the identity on already-resolved Region defaults', () => {
    const parsed = blueprintSchema.parse({
      organization: {
        managementAccount: '111111111111',
        homeRegion: 'eu-west-1',
        governedRegions: ['eu-west-1'],
      },
      accounts: { securityTooling: '222222222222', logArchive: '333333333333' },
    });
    const once = resolveDefaults(parsed);
    expect(resolveDefaults(once)).toEqual(once);
    expect(once.assurance.config.globalResourcesRegion).toBe('eu-west-1');
  });
});

describe('documented blueprint keys', () => {
  const keys = listBlueprintKeys();

  it('documents every key, leaf or not, with a description', () => {
    expect(keys.length).toBeGreaterThan(100);
    const undocumented = keys.filter((k) => k.description.trim().length < 5).map((k) => k.path);
    expect(undocumented).toEqual([]);
  });

  it('lists every top-level section', () => {
    for (const section of BLUEPRINT_SECTIONS) expect(keys.map((k) => k.path)).toContain(section);
  });

  it('tags each capability section, and only those, with its capability', () => {
    for (const [capability, section] of Object.entries(CAPABILITY_SECTION)) {
      const inSection = keys.filter((k) => k.path === section || k.path.startsWith(`${section}.`));
      expect(inSection.length).toBeGreaterThan(1);
      for (const k of inSection) expect(k.capability, k.path).toBe(capability);
    }
    for (const k of keys.filter((k) => /^(organization|accounts|version)\b/.test(k.path))) {
      expect(k.capability, k.path).toBeUndefined();
    }
  });

  it('reports the same defaults that parsing a minimal blueprint produces', () => {
    const parsed = parseBlueprint(MINIMAL, 'sra.yaml').blueprint;
    const withDefaults = keys.filter((k) => 'default' in k && !k.path.includes('[]'));
    expect(withDefaults.length).toBeGreaterThan(50);
    for (const k of withDefaults) {
      // Keys of an optional block without a default (identity.identityCenter) apply once the block is written.
      const parent = k.path.split('.').slice(0, -1).join('.');
      if (parent && at(parsed, parent) === undefined) continue;
      expect(at(parsed, k.path), k.path).toEqual(k.default);
    }
  });

  it('finds one key by path, list elements written as []', () => {
    expect(findBlueprintKey('threatDetection.guardduty.protectionPlans')).toMatchObject({
      default: 'all',
      capability: 'threat-detection',
    });
    expect(findBlueprintKey('governance.serviceControlPolicies[].builtin')?.description).toMatch(/built-in/);
    expect(findBlueprintKey('threatDetection.guardduty.nope')).toBeUndefined();
  });

  it('returns copies, so callers cannot change the list', () => {
    const first = listBlueprintKeys();
    first[0]!.description = 'changed';
    expect(listBlueprintKeys()[0]!.description).not.toBe('changed');
  });
});
