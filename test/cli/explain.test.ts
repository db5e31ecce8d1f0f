import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as KeysModule from '../../src/blueprint/keys.js';
import type { BlueprintKeyDoc } from '../../src/blueprint/keys.js';
import {
  ACCOUNT_ROLE_IDS,
  CAPABILITY_IDS,
  getAccountRole,
  getCapability,
  getPrinciple,
  getService,
  PRINCIPLE_IDS,
  SERVICE_IDS,
  servicesForCapability,
  servicesForPrinciple,
} from '../../src/catalog/index.js';
import { main } from '../../src/cli/main.js';

// Lets a test stand in documented blueprint keys; otherwise the real listBlueprintKeys() answers.
const fake = vi.hoisted(() => ({ docs: undefined as BlueprintKeyDoc[] | undefined }));
vi.mock('../../src/blueprint/keys.js', async (importOriginal) => {
  const real = await importOriginal<typeof KeysModule>();
  return { ...real, listBlueprintKeys: () => fake.docs ?? real.listBlueprintKeys() };
});

afterEach(() => {
  fake.docs = undefined;
});

interface Run {
  code: number;
  out: string;
  err: string;
  /** Standard output with every run of whitespace collapsed, so wrapped text can be searched. */
  flat: string;
}

async function sra(...args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(['node', 'sra', ...args], {
    context: { out: (s) => void (out += s), err: (s) => void (err += s) },
  });
  return { code, out, err, flat: out.replace(/\s+/g, ' ') };
}

const flat = (text: string): string => text.replace(/\s+/g, ' ');

/** Lines longer than 100 columns that could have been broken (they contain a space after the indent). */
const overlong = (text: string): string[] =>
  text.split('\n').filter((line) => line.length > 100 && /\S\s+\S/.test(line.trim()));

describe('sra explain <capability>', () => {
  it.each(CAPABILITY_IDS)('explains %s', async (id) => {
    const c = getCapability(id);
    const run = await sra('explain', id);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.flat).toContain(c.name);
    expect(run.flat).toContain(flat(c.summary));
    for (const item of [...c.inPractice, ...c.doneLooksLike]) expect(run.flat).toContain(flat(item));
    for (const p of c.principles) expect(run.flat).toContain(getPrinciple(p).name);
    const services = servicesForCapability(id);
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) expect(run.flat).toContain(s.name);
    expect(run.flat).toContain(c.blueprintSection);
    expect(overlong(run.out)).toEqual([]);
  });
});

describe('sra explain <principle>', () => {
  it.each(PRINCIPLE_IDS)('explains %s', async (id) => {
    const p = getPrinciple(id);
    const run = await sra('explain', id);
    expect(run.code).toBe(0);
    expect(run.flat).toContain(p.name);
    for (const item of [...p.inPractice, ...p.doneLooksLike]) expect(run.flat).toContain(flat(item));
    for (const c of p.capabilities) expect(run.flat).toContain(getCapability(c).name);
    for (const s of servicesForPrinciple(id)) expect(run.flat).toContain(s.name);
    expect(overlong(run.out)).toEqual([]);
  });
});

describe('sra explain <account role>', () => {
  it.each(ACCOUNT_ROLE_IDS)('explains %s', async (id) => {
    const r = getAccountRole(id);
    const run = await sra('explain', id);
    expect(run.code).toBe(0);
    expect(run.flat).toContain(r.name);
    expect(run.flat).toContain(r.ou);
    expect(run.flat).toContain(r.blueprintKey);
    for (const item of [r.purpose, ...r.hosts, ...r.guidance]) expect(run.flat).toContain(flat(item));
    for (const s of r.delegatedAdminOf) expect(run.flat).toContain(getService(s).name);
    expect(overlong(run.out)).toEqual([]);
  });

  it('says when a role administers no service', async () => {
    const run = await sra('explain', 'management');
    expect(run.flat).toContain('not a delegated administrator');
  });
});

describe('sra explain <service>', () => {
  it.each(SERVICE_IDS)('explains %s', async (id) => {
    const s = getService(id);
    const run = await sra('explain', id);
    expect(run.code).toBe(0);
    expect(run.flat).toContain(s.name);
    expect(run.flat).toContain(s.clientName);
    for (const p of s.servicePrincipals) expect(run.flat).toContain(p);
    if (s.delegatedAdmin?.adminApi) expect(run.flat).toContain(s.delegatedAdmin.adminApi);
    for (const k of s.blueprintKeys) expect(run.flat).toContain(k);
    for (const c of s.capabilities) expect(run.flat).toContain(getCapability(c).name);
    expect(overlong(run.out)).toEqual([]);
  });
});

describe('sra explain: resolving what people type', () => {
  it('resolves the Control Tower name of the security tooling account', async () => {
    const run = await sra('explain', 'audit');
    expect(run.code).toBe(0);
    expect(run.out.split('\n')[0]).toBe('Security Tooling');
  });

  it('resolves the blueprint section name of a capability', async () => {
    const run = await sra('explain', 'threatDetection');
    expect(run.code).toBe(0);
    expect(run.out.split('\n')[0]).toBe('Threat detection');
  });

  it('joins several words into one topic', async () => {
    const run = await sra('explain', 'Threat', 'detection');
    expect(run.code).toBe(0);
    expect(run.out.split('\n')[0]).toBe('Threat detection');
  });

  it('fails with exit code 2 and a suggestion for an unknown topic', async () => {
    const run = await sra('explain', 'threat-detecton');
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain('unknown topic "threat-detecton"');
    expect(run.err).toContain('did you mean "threat-detection"');
  });

  it('fails with exit code 2 without a suggestion when nothing is close', async () => {
    const run = await sra('explain', 'zzzzzzzzzzzzzzzz');
    expect(run.code).toBe(2);
    expect(run.err).toContain('unknown topic "zzzzzzzzzzzzzzzz"');
    expect(run.err).not.toContain('did you mean');
  });

  it('rejects an unknown output format', async () => {
    const run = await sra('explain', 'guardduty', '--format', 'yaml');
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
  });
});

describe('sra explain --format json', () => {
  it.each([
    ['threat-detection', 'capability'],
    ['enable-traceability', 'principle'],
    ['audit', 'account-role'],
    ['guardduty', 'service'],
  ])('prints %s as a %s', async (topic, kind) => {
    const run = await sra('explain', topic, '--format', 'json');
    expect(run.code).toBe(0);
    const data = JSON.parse(run.out) as { kind: string; id: string };
    expect(data.kind).toBe(kind);
  });

  it('carries the related services and principles of a capability as data', async () => {
    const run = await sra('explain', 'data-protection', '--format', 'json');
    const data = JSON.parse(run.out) as {
      doneLooksLike: string[];
      principles: Array<{ id: string }>;
      services: Array<{ id: string }>;
    };
    expect(data.doneLooksLike).toEqual(getCapability('data-protection').doneLooksLike);
    expect(data.principles.map((p) => p.id)).toEqual(getCapability('data-protection').principles);
    expect(data.services.map((s) => s.id)).toEqual(servicesForCapability('data-protection').map((s) => s.id));
  });

  it('lists every topic as data when no topic is given', async () => {
    const run = await sra('explain', '--format', 'json');
    expect(run.code).toBe(0);
    const { topics } = JSON.parse(run.out) as { topics: Array<{ kind: string; id: string }> };
    const ids = topics.map((t) => t.id);
    for (const id of [...CAPABILITY_IDS, ...PRINCIPLE_IDS, ...ACCOUNT_ROLE_IDS, ...SERVICE_IDS]) {
      expect(ids).toContain(id);
    }
  });
});

describe('sra explain without a topic', () => {
  it('lists every topic grouped by kind', async () => {
    const run = await sra('explain');
    expect(run.code).toBe(0);
    const groups = ['Capabilities', 'Design principles', 'Account roles', 'Services', 'Blueprint keys'];
    const positions = groups.map((g) => run.out.indexOf(`\n${g}`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const id of [...CAPABILITY_IDS, ...PRINCIPLE_IDS, ...ACCOUNT_ROLE_IDS, ...SERVICE_IDS]) {
      expect(run.out).toMatch(new RegExp(`^  ${id} `, 'm'));
    }
    expect(overlong(run.out)).toEqual([]);
  });
});

describe('sra explain with documented blueprint keys', () => {
  const docs: BlueprintKeyDoc[] = [
    {
      path: 'threatDetection.guardduty.findingPublishingFrequency',
      description: 'How often GuardDuty exports findings.',
      default: 'FIFTEEN_MINUTES',
      capability: 'threat-detection',
    },
    {
      path: 'threatDetection.guardduty.protectionPlans',
      description: 'Protection plans to turn on.',
      default: 'all',
      capability: 'threat-detection',
    },
  ];

  it('explains a blueprint key with its description and default', async () => {
    fake.docs = docs;
    const run = await sra('explain', 'threatDetection.guardduty.findingPublishingFrequency');
    expect(run.code).toBe(0);
    expect(run.out.split('\n')[0]).toBe('threatDetection.guardduty.findingPublishingFrequency');
    expect(run.flat).toContain('How often GuardDuty exports findings.');
    expect(run.flat).toContain('Default: FIFTEEN_MINUTES');
    expect(run.flat).toContain('blueprint key, capability threat-detection');
    expect(run.flat).toContain('Amazon GuardDuty');
    expect(overlong(run.out)).toEqual([]);
  });

  it('lists the documented keys below a path', async () => {
    fake.docs = docs;
    const run = await sra('explain', 'threatDetection.guardduty', '--format', 'json');
    const data = JSON.parse(run.out) as {
      kind: string;
      children: Array<{ path: string; default?: unknown }>;
    };
    expect(data.kind).toBe('blueprint-key');
    expect(data.children).toEqual([
      expect.objectContaining({ path: docs[0]!.path, default: 'FIFTEEN_MINUTES' }),
      expect.objectContaining({ path: docs[1]!.path, default: 'all' }),
    ]);
  });

  it("shows a capability's documented section keys", async () => {
    fake.docs = docs;
    const run = await sra('explain', 'threat-detection');
    expect(run.flat).toContain('threatDetection.guardduty.protectionPlans: Protection plans to turn on.');
    expect(run.flat).toContain('[default: all]');
  });
});

describe('sra explain <control id>', () => {
  it('explains a control: what, why, where and how to fix it', async () => {
    const { main: run } = await import('../../src/cli/main.js');
    let out = '';
    const code = await run(['node', 'sra', 'explain', 'guardduty.detector-enabled'], {
      context: { out: (s) => void (out += s), err: () => undefined },
    });
    expect(code).toBe(0);
    expect(out).toMatch(/control guardduty\.detector-enabled/);
    expect(out).toMatch(/sra-verify SRA-GUARDDUTY-0[13]/);
    expect(out).toMatch(/Why it matters/);
    expect(out).toMatch(/blueprint: threatDetection\.guardduty/);
  });

  it('suggests control ids for a near miss', async () => {
    const { main: run } = await import('../../src/cli/main.js');
    let err = '';
    const code = await run(['node', 'sra', 'explain', 'guardduty.detector-enabeld'], {
      context: { out: () => undefined, err: (s) => void (err += s) },
    });
    expect(code).toBe(2);
    expect(err).toMatch(/guardduty\.detector-enabled/);
  });
});
