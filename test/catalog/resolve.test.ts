import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ROLES,
  CAPABILITIES,
  listTopics,
  PRINCIPLES,
  resolveTopic,
  SERVICES,
  type Topic,
  type TopicResolution,
} from '../../src/catalog/index.js';
import type { BlueprintKeyDoc } from '../../src/blueprint/keys.js';

const DOCS: BlueprintKeyDoc[] = [
  {
    path: 'threatDetection.guardduty.enabled',
    description: 'Turns GuardDuty on for the organization.',
    default: true,
    capability: 'threat-detection',
  },
  {
    path: 'threatDetection.guardduty.findingPublishingFrequency',
    description: 'How often findings are exported.',
    default: 'FIFTEEN_MINUTES',
    capability: 'threat-detection',
  },
  { path: 'organization.homeRegion', description: 'Region for aggregators.' },
];

function topicOf(resolution: TopicResolution): Topic {
  if (!resolution.found)
    throw new Error(`not found: ${resolution.query} (${resolution.suggestions.join(', ')})`);
  return resolution.topic;
}

function kindAndId(query: string, docs: BlueprintKeyDoc[] = []): [string, string] {
  const topic = topicOf(resolveTopic(query, docs));
  return [topic.kind, topic.id];
}

describe('resolveTopic', () => {
  it('resolves every id to its own entry', () => {
    for (const c of CAPABILITIES) expect(kindAndId(c.id)).toEqual(['capability', c.id]);
    for (const p of PRINCIPLES) expect(kindAndId(p.id)).toEqual(['principle', p.id]);
    for (const r of ACCOUNT_ROLES) expect(kindAndId(r.id)).toEqual(['account-role', r.id]);
    for (const s of SERVICES) expect(kindAndId(s.id)).toEqual(['service', s.id]);
  });

  it('resolves names, blueprint sections and aliases without clashing', () => {
    for (const c of CAPABILITIES) {
      expect(kindAndId(c.name)).toEqual(['capability', c.id]);
      expect(kindAndId(c.blueprintSection)).toEqual(['capability', c.id]);
    }
    for (const p of PRINCIPLES) expect(kindAndId(p.name)).toEqual(['principle', p.id]);
    for (const r of ACCOUNT_ROLES) {
      for (const name of [r.name, ...r.aliases])
        expect(kindAndId(name), name).toEqual(['account-role', r.id]);
    }
    for (const s of SERVICES) {
      for (const name of [s.name, ...s.aliases, s.clientName, s.sdkPackage]) {
        expect(kindAndId(name), name).toEqual(['service', s.id]);
      }
    }
  });

  it('ignores case, spaces, dashes and underscores', () => {
    for (const q of [
      'threat-detection',
      'Threat detection',
      'threatDetection',
      'THREAT_DETECTION',
      '  threat detection ',
    ]) {
      expect(kindAndId(q), q).toEqual(['capability', 'threat-detection']);
    }
    expect(kindAndId('security tooling')).toEqual(['account-role', 'security-tooling']);
    expect(kindAndId('Audit')).toEqual(['account-role', 'security-tooling']);
    expect(kindAndId('Security Hub')).toEqual(['service', 'security-hub']);
  });

  it('resolves a documented blueprint key with its documentation', () => {
    const topic = topicOf(resolveTopic('threatDetection.guardduty.enabled', DOCS));
    expect(topic).toMatchObject({
      kind: 'blueprint-key',
      id: 'threatDetection.guardduty.enabled',
      children: [],
    });
    if (topic.kind !== 'blueprint-key') throw new Error('wrong kind');
    expect(topic.key?.description).toBe('Turns GuardDuty on for the organization.');
  });

  it('resolves a path with documented keys below it, case-insensitively', () => {
    const topic = topicOf(resolveTopic('threatdetection.GuardDuty', DOCS));
    if (topic.kind !== 'blueprint-key') throw new Error(`wrong kind ${topic.kind}`);
    expect(topic.key).toBeUndefined();
    expect(topic.children.map((c) => c.path)).toEqual([
      'threatDetection.guardduty.enabled',
      'threatDetection.guardduty.findingPublishingFrequency',
    ]);
  });

  it('resolves a word that is no catalog name to the documented keys below it', () => {
    const docs = [{ path: 'accounts.securityTooling', description: 'Security tooling account id.' }];
    const topic = topicOf(resolveTopic('accounts', docs));
    if (topic.kind !== 'blueprint-key') throw new Error(`wrong kind ${topic.kind}`);
    expect(topic.children.map((c) => c.path)).toEqual(['accounts.securityTooling']);
    // Catalog names win over key prefixes: "organization" is an alias of AWS Organizations.
    expect(kindAndId('organization', DOCS)).toEqual(['service', 'organizations']);
  });

  it('falls back to the catalog for paths the blueprint does not document', () => {
    expect(kindAndId('accounts.securityTooling')).toEqual(['account-role', 'security-tooling']);
    expect(kindAndId('organization.managementAccount')).toEqual(['account-role', 'management']);
    expect(kindAndId('threatDetection.guardduty')).toEqual(['service', 'guardduty']);
    expect(kindAndId('dataProtection.ebsEncryptionByDefault')).toEqual(['service', 'ec2']);
  });

  it('suggests close matches for unknown topics', () => {
    const r = resolveTopic('threat-detecton', DOCS);
    expect(r.found).toBe(false);
    if (r.found) return;
    expect(r.suggestions[0]).toBe('threat-detection');
    expect(r.suggestions.length).toBeLessThanOrEqual(5);

    const typo = resolveTopic('gaurdduty', []);
    expect(typo.found ? [] : typo.suggestions).toContain('guardduty');

    const key = resolveTopic('threatDetection.guardduty.enabeld', DOCS);
    expect(key.found ? [] : key.suggestions[0]).toBe('threatDetection.guardduty.enabled');
  });

  it('returns canonical ids, not aliases, as suggestions', () => {
    const r = resolveTopic('audt account', []);
    expect(r.found ? [] : r.suggestions).toContain('security-tooling');
  });

  it('finds nothing for empty or unrelated input', () => {
    expect(resolveTopic('   ', DOCS)).toEqual({ found: false, query: '   ', suggestions: [] });
    const r = resolveTopic('qqqqqqqqqqqqqqqqqq', DOCS);
    expect(r).toEqual({ found: false, query: 'qqqqqqqqqqqqqqqqqq', suggestions: [] });
  });
});

describe('listTopics', () => {
  it('lists every catalog entry once, grouped by kind, plus the documented keys', () => {
    const topics = listTopics(DOCS);
    const kinds = topics.map((t) => t.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => order(a) - order(b)));
    const ids = topics.map((t) => `${t.kind}:${t.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(topics.length).toBe(
      CAPABILITIES.length + PRINCIPLES.length + ACCOUNT_ROLES.length + SERVICES.length + DOCS.length,
    );
    expect(topics).toContainEqual({
      kind: 'blueprint-key',
      id: 'organization.homeRegion',
      title: 'Region for aggregators.',
    });
  });
});

function order(kind: string): number {
  return ['capability', 'principle', 'account-role', 'service', 'blueprint-key'].indexOf(kind);
}
