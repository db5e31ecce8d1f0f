import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ROLE_IDS,
  ACCOUNT_ROLES,
  CAPABILITIES,
  CAPABILITY_IDS,
  CAPABILITY_SECTION,
  getAccountRole,
  getCapability,
  getPrinciple,
  getService,
  PRINCIPLE_IDS,
  PRINCIPLES,
  SERVICE_IDS,
  SERVICES,
  servicesAdministeredBy,
  servicesForCapability,
  servicesForPrinciple,
  type CapabilityId,
  type PrincipleId,
} from '../../src/catalog/index.js';
import { listBlueprintKeys } from '../../src/blueprint/keys.js';

/** Every string value reachable from `value`, with its path. */
function strings(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  }
  return [];
}

const duplicates = (values: readonly string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);

const TOP_LEVEL_SECTIONS = new Set(['organization', 'accounts', ...Object.values(CAPABILITY_SECTION)]);

describe('catalog ids', () => {
  it('has every capability exactly once, in CAF order', () => {
    expect(CAPABILITIES.map((c) => c.id)).toEqual([...CAPABILITY_IDS]);
    expect(duplicates(CAPABILITIES.map((c) => c.name))).toEqual([]);
  });

  it('has every principle exactly once, in Well-Architected order', () => {
    expect(PRINCIPLES.map((p) => p.id)).toEqual([...PRINCIPLE_IDS]);
    expect(duplicates(PRINCIPLES.map((p) => p.name))).toEqual([]);
  });

  it('has every account role exactly once', () => {
    expect(ACCOUNT_ROLES.map((r) => r.id)).toEqual([...ACCOUNT_ROLE_IDS]);
    expect(duplicates(ACCOUNT_ROLES.map((r) => r.name))).toEqual([]);
  });

  it('has every registry service exactly once', () => {
    expect(SERVICES.map((s) => s.id)).toEqual([...SERVICE_IDS]);
    expect(duplicates(SERVICES.map((s) => s.name))).toEqual([]);
  });

  it('covers at least the services the SRA work needs', () => {
    const needed = [
      'organizations',
      'account',
      'iam',
      'iam-identity-center',
      'sts',
      'cloudtrail',
      'config',
      'security-hub',
      'guardduty',
      'inspector',
      'macie',
      'detective',
      'access-analyzer',
      'audit-manager',
      'firewall-manager',
      'shield',
      'network-firewall',
      'route53-resolver-dns-firewall',
      'waf',
      'kms',
      's3',
      'ec2',
      'ssm',
      'security-lake',
      'security-incident-response',
      'bedrock',
    ];
    expect(needed.filter((id) => !(SERVICE_IDS as readonly string[]).includes(id))).toEqual([]);
  });

  it('looks entries up by id and rejects unknown ids', () => {
    for (const id of CAPABILITY_IDS) expect(getCapability(id).id).toBe(id);
    for (const id of PRINCIPLE_IDS) expect(getPrinciple(id).id).toBe(id);
    for (const id of ACCOUNT_ROLE_IDS) expect(getAccountRole(id).id).toBe(id);
    for (const id of SERVICE_IDS) expect(getService(id).id).toBe(id);
    expect(() => getCapability('nope' as CapabilityId)).toThrow(/nope/);
    expect(() => getPrinciple('nope' as PrincipleId)).toThrow(/nope/);
  });
});

describe('catalog text', () => {
  it('has no empty or untrimmed strings anywhere', () => {
    const all = strings({ CAPABILITIES, PRINCIPLES, ACCOUNT_ROLES, SERVICES });
    expect(all.length).toBeGreaterThan(300);
    expect(all.filter(([, s]) => s.trim() === '' || s !== s.trim()).map(([p]) => p)).toEqual([]);
  });

  it('gives capabilities and principles 3–5 practice points and 3–6 checkable "done" points', () => {
    for (const entry of [...CAPABILITIES, ...PRINCIPLES]) {
      expect(entry.inPractice.length, entry.id).toBeGreaterThanOrEqual(3);
      expect(entry.inPractice.length, entry.id).toBeLessThanOrEqual(5);
      expect(entry.doneLooksLike.length, entry.id).toBeGreaterThanOrEqual(3);
      expect(entry.doneLooksLike.length, entry.id).toBeLessThanOrEqual(6);
      expect(duplicates([...entry.inPractice, ...entry.doneLooksLike]), entry.id).toEqual([]);
    }
  });

  it('writes summaries as single sentences', () => {
    for (const entry of [...CAPABILITIES, ...PRINCIPLES]) {
      expect(entry.summary, entry.id).toMatch(/^[A-Z].*\.$/);
      expect(entry.summary.slice(0, -1), entry.id).not.toMatch(/\.\s/);
    }
  });
});

describe('catalog relations', () => {
  it('ties each capability to its blueprint section', () => {
    for (const c of CAPABILITIES) expect(c.blueprintSection).toBe(CAPABILITY_SECTION[c.id]);
  });

  it('links capabilities and principles both ways', () => {
    for (const c of CAPABILITIES) {
      expect(c.principles.length, c.id).toBeGreaterThan(0);
      expect(duplicates(c.principles), c.id).toEqual([]);
      for (const p of c.principles) expect(getPrinciple(p).capabilities, `${c.id} -> ${p}`).toContain(c.id);
    }
    for (const p of PRINCIPLES) {
      expect(p.capabilities.length, p.id).toBeGreaterThan(0);
      expect(duplicates(p.capabilities), p.id).toEqual([]);
      for (const c of p.capabilities) expect(getCapability(c).principles, `${p.id} -> ${c}`).toContain(p.id);
    }
  });

  it('serves every capability and every principle with at least one service', () => {
    expect(CAPABILITY_IDS.filter((id) => servicesForCapability(id).length === 0)).toEqual([]);
    expect(PRINCIPLE_IDS.filter((id) => servicesForPrinciple(id).length === 0)).toEqual([]);
  });

  it('gives services valid capability and principle ids', () => {
    for (const s of SERVICES) {
      expect(s.capabilities.length, s.id).toBeGreaterThan(0);
      expect(s.principles.length, s.id).toBeGreaterThan(0);
      for (const c of s.capabilities) expect(CAPABILITY_IDS, s.id).toContain(c);
      for (const p of s.principles) expect(PRINCIPLE_IDS, s.id).toContain(p);
    }
  });

  it('puts every service blueprint key in a section that belongs to one of its capabilities', () => {
    const sectionCapability = new Map(CAPABILITIES.map((c) => [c.blueprintSection, c.id]));
    for (const s of SERVICES) {
      for (const key of s.blueprintKeys) {
        const [section] = key.split('.');
        expect(TOP_LEVEL_SECTIONS.has(section!), `${s.id}: ${key}`).toBe(true);
        const capability = sectionCapability.get(section!);
        if (capability) expect(s.capabilities, `${s.id}: ${key}`).toContain(capability);
      }
    }
  });

  it('gives every account role a blueprint key under organization or accounts', () => {
    for (const r of ACCOUNT_ROLES)
      expect(r.blueprintKey, r.id).toMatch(/^(organization|accounts)\.[a-zA-Z]+$/);
    expect(getAccountRole('management').blueprintKey).toBe('organization.managementAccount');
    expect(getAccountRole('workload').blueprintKey).toBe('accounts.workloads');
  });

  it('requires exactly the management, security tooling and log archive accounts', () => {
    expect(ACCOUNT_ROLES.filter((r) => r.required).map((r) => r.id)).toEqual([
      'management',
      'security-tooling',
      'log-archive',
    ]);
  });

  it("names Control Tower's Audit account as an alias of security tooling", () => {
    expect(getAccountRole('security-tooling').aliases).toContain('audit');
  });

  it('agrees on delegated administrators between services and account roles', () => {
    for (const r of ACCOUNT_ROLES) {
      expect([...r.delegatedAdminOf].sort(), r.id).toEqual(
        servicesAdministeredBy(r.id)
          .map((s) => s.id)
          .sort(),
      );
    }
  });

  it('never delegates administration to the management account or a workload account', () => {
    for (const s of SERVICES) {
      const admin = s.delegatedAdmin;
      if (!admin) continue;
      expect(ACCOUNT_ROLE_IDS, s.id).toContain(admin.adminAccountRole);
      expect(['management', 'workload'], s.id).not.toContain(admin.adminAccountRole);
    }
    expect(getAccountRole('management').delegatedAdminOf).toEqual([]);
  });

  it('keeps registry blueprint keys in step with the documented blueprint keys', () => {
    const documented = listBlueprintKeys().map((k) => k.path);
    const covered = (key: string): boolean =>
      documented.some((path) => path === key || path.startsWith(`${key}.`));
    const named = [...SERVICES.flatMap((s) => s.blueprintKeys), ...ACCOUNT_ROLES.map((r) => r.blueprintKey)];
    // Until the blueprint schema documents its keys there is nothing to compare against.
    const missing = documented.length === 0 ? [] : named.filter((key) => !covered(key));
    expect(missing).toEqual([]);
  });
});

describe('service registry', () => {
  const dependencies = Object.keys(
    (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies,
  );

  it('names AWS SDK v3 client packages and client classes', () => {
    for (const s of SERVICES) {
      expect(s.sdkPackage, s.id).toMatch(/^@aws-sdk\/client-[a-z0-9-]+$/);
      expect(s.clientName, s.id).toMatch(/^[A-Z][A-Za-z0-9]*Client$/);
    }
  });

  it('names client classes that the installed SDK packages really export', async () => {
    const installed = SERVICES.filter((s) => dependencies.includes(s.sdkPackage));
    expect(installed.length).toBeGreaterThanOrEqual(10);
    for (const s of installed) {
      const mod = (await import(s.sdkPackage)) as Record<string, unknown>;
      expect(typeof mod[s.clientName], `${s.sdkPackage} exports ${s.clientName}`).toBe('function');
    }
  });

  it('uses well-formed, unique service principals', () => {
    const all = SERVICES.flatMap((s) => s.servicePrincipals);
    expect(duplicates(all)).toEqual([]);
    for (const p of all) expect(p).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/);
  });

  it('lists the service principals the SRA deployment needs', () => {
    // From the AWS Organizations user guide, "AWS services that you can use with AWS Organizations".
    const expected: Record<string, string[]> = {
      guardduty: ['guardduty.amazonaws.com', 'malware-protection.guardduty.amazonaws.com'],
      config: ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com'],
      'security-hub': ['securityhub.amazonaws.com'],
      inspector: ['inspector2.amazonaws.com'],
      macie: ['macie.amazonaws.com'],
      detective: ['detective.amazonaws.com'],
      'access-analyzer': ['access-analyzer.amazonaws.com'],
      cloudtrail: ['cloudtrail.amazonaws.com'],
      'firewall-manager': ['fms.amazonaws.com'],
      'audit-manager': ['auditmanager.amazonaws.com'],
      'security-lake': ['securitylake.amazonaws.com'],
      'iam-identity-center': ['sso.amazonaws.com'],
      ssm: ['ssm.amazonaws.com'],
      account: ['account.amazonaws.com'],
      iam: ['iam.amazonaws.com'],
    };
    for (const [id, principals] of Object.entries(expected)) {
      expect(getService(id as (typeof SERVICE_IDS)[number]).servicePrincipals, id).toEqual(principals);
    }
  });

  it('gives every delegated administrator a service principal and a well-formed admin API', () => {
    for (const s of SERVICES) {
      if (!s.delegatedAdmin) continue;
      expect(s.servicePrincipals.length, s.id).toBeGreaterThan(0);
      if (s.delegatedAdmin.adminApi)
        expect(s.delegatedAdmin.adminApi, s.id).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z]+$/);
    }
  });

  it('designates per-Region administrators for the services that are administered per Region', () => {
    const perRegion = SERVICES.filter((s) => s.delegatedAdmin?.perRegion).map((s) => s.id);
    for (const id of ['guardduty', 'security-hub', 'macie', 'inspector', 'detective'])
      expect(perRegion).toContain(id);
    expect(getService('firewall-manager').delegatedAdmin?.perRegion).toBe(false);
  });

  it('cites AWS documentation pages as references', () => {
    for (const s of SERVICES) {
      if (s.reference) expect(s.reference, s.id).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});
