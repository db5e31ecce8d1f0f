/**
 * The SRA catalog: capabilities, principles, account roles and the service registry, plus
 * {@link resolveTopic}, which turns whatever a person types (`threat-detection`, `Threat detection`,
 * `threatDetection`, `audit`, `guardduty`, a blueprint key path) into one typed topic.
 */
export * from './ids.js';
export * from './regions.js';
export * from './capabilities.js';
export * from './principles.js';
export * from './account-roles.js';
export * from './services.js';

import { ACCOUNT_ROLES, type AccountRole } from './account-roles.js';
import { CAPABILITIES, type Capability } from './capabilities.js';
import type { AccountRoleId, CapabilityId, PrincipleId } from './ids.js';
import { PRINCIPLES, type Principle } from './principles.js';
import { SERVICES, type ServiceId, type ServiceInfo } from './services.js';
import { closestMatches } from '../util/suggest.js';
// Imported last on purpose: the blueprint module depends on catalog files, so the catalog's own
// modules must be evaluated first should the blueprint ever import from this index.
import { listBlueprintKeys, type BlueprintKeyDoc } from '../blueprint/keys.js';

/** Something `sra explain` can explain. */
export type Topic =
  | { readonly kind: 'capability'; readonly id: CapabilityId; readonly capability: Capability }
  | { readonly kind: 'principle'; readonly id: PrincipleId; readonly principle: Principle }
  | { readonly kind: 'account-role'; readonly id: AccountRoleId; readonly role: AccountRole }
  | { readonly kind: 'service'; readonly id: ServiceId; readonly service: ServiceInfo }
  | {
      readonly kind: 'blueprint-key';
      /** The dotted path as documented (or as typed, when only keys below it are documented). */
      readonly id: string;
      /** Documentation of the key itself, when it is documented. */
      readonly key: BlueprintKeyDoc | undefined;
      /** Documented keys below this path. */
      readonly children: readonly BlueprintKeyDoc[];
    };

/** The kinds of {@link Topic}. */
export type TopicKind = Topic['kind'];

/** Outcome of {@link resolveTopic}: the topic, or the closest known topic ids. */
export type TopicResolution =
  | { readonly found: true; readonly topic: Topic }
  | { readonly found: false; readonly query: string; readonly suggestions: readonly string[] };

/** One entry of the topic index, for listings. */
export interface TopicSummary {
  /** Kind of topic. */
  readonly kind: TopicKind;
  /** Canonical id (a dotted path for blueprint keys). */
  readonly id: string;
  /** Human name or, for blueprint keys, the description. */
  readonly title: string;
}

/** Lower-cases and drops everything but letters and digits, so `Threat detection` = `threatDetection`. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Topics reachable by a name, id or alias, built once (blueprint keys are looked up separately). */
interface NamedTopic {
  readonly topic: Topic;
  readonly names: readonly string[];
}

const NAMED_TOPICS: readonly NamedTopic[] = [
  ...CAPABILITIES.map((c) => ({
    topic: { kind: 'capability', id: c.id, capability: c } as const,
    names: [c.id, c.name, c.blueprintSection],
  })),
  ...PRINCIPLES.map((p) => ({
    topic: { kind: 'principle', id: p.id, principle: p } as const,
    names: [p.id, p.name],
  })),
  ...ACCOUNT_ROLES.map((r) => ({
    topic: { kind: 'account-role', id: r.id, role: r } as const,
    names: [r.id, r.name, ...r.aliases],
  })),
  ...SERVICES.map((s) => ({
    topic: { kind: 'service', id: s.id, service: s } as const,
    names: [s.id, s.name, ...s.aliases, s.clientName, s.sdkPackage],
  })),
];

// Earlier kinds win a clash of normalized names (capability, principle, account role, service).
const BY_NAME = new Map<string, Topic>();
for (const { topic, names } of NAMED_TOPICS) {
  for (const name of names) {
    const key = normalize(name);
    if (key && !BY_NAME.has(key)) BY_NAME.set(key, topic);
  }
}

function blueprintKeyTopic(query: string, keys: readonly BlueprintKeyDoc[]): Topic | undefined {
  const wanted = query.toLowerCase();
  const exact = keys.find((k) => k.path.toLowerCase() === wanted);
  const children = keys.filter((k) => k.path.toLowerCase().startsWith(`${wanted}.`));
  if (!exact && children.length === 0) return undefined;
  return { kind: 'blueprint-key', id: exact?.path ?? query, key: exact, children };
}

/** Resolves a path that no documented key covers through the registries that name blueprint keys. */
function registryKeyTopic(query: string): Topic | undefined {
  const wanted = query.toLowerCase();
  const role = ACCOUNT_ROLES.find((r) => r.blueprintKey.toLowerCase() === wanted);
  if (role) return { kind: 'account-role', id: role.id, role };
  const capability = CAPABILITIES.find((c) => c.blueprintSection.toLowerCase() === wanted);
  if (capability) return { kind: 'capability', id: capability.id, capability };
  const service = SERVICES.find((s) => s.blueprintKeys.some((k) => k.toLowerCase() === wanted));
  if (service) return { kind: 'service', id: service.id, service };
  return undefined;
}

/** Every string a topic can be found by, mapped to the canonical id shown as a suggestion. */
function suggestionCandidates(keys: readonly BlueprintKeyDoc[]): Map<string, string> {
  const candidates = new Map<string, string>();
  const add = (text: string, id: string): void => {
    if (!candidates.has(text)) candidates.set(text, id);
  };
  for (const { topic, names } of NAMED_TOPICS) for (const name of names) add(name, topic.id);
  for (const k of keys) add(k.path, k.path);
  for (const r of ACCOUNT_ROLES) add(r.blueprintKey, r.blueprintKey);
  for (const s of SERVICES) for (const k of s.blueprintKeys) add(k, k);
  return candidates;
}

/**
 * Resolves what a person typed to a topic. Ids, names, aliases and blueprint section names match
 * regardless of case, spaces, dashes and underscores; dotted paths match documented blueprint keys
 * (or keys below them), then the keys the catalog itself names. When nothing matches, returns up to
 * five suggestions by edit distance.
 *
 * @param keys documented blueprint keys; defaults to {@link listBlueprintKeys}.
 */
export function resolveTopic(
  query: string,
  keys: readonly BlueprintKeyDoc[] = listBlueprintKeys(),
): TopicResolution {
  const trimmed = query.trim();
  if (trimmed === '') return { found: false, query, suggestions: [] };

  if (trimmed.includes('.')) {
    const topic = blueprintKeyTopic(trimmed, keys) ?? registryKeyTopic(trimmed);
    if (topic) return { found: true, topic };
  } else {
    const topic = BY_NAME.get(normalize(trimmed)) ?? blueprintKeyTopic(trimmed, keys);
    if (topic) return { found: true, topic };
  }

  const candidates = suggestionCandidates(keys);
  const suggestions: string[] = [];
  for (const match of closestMatches(trimmed, candidates.keys())) {
    const id = candidates.get(match);
    if (id !== undefined && !suggestions.includes(id)) suggestions.push(id);
    if (suggestions.length === 5) break;
  }
  return { found: false, query, suggestions };
}

/** Every topic, grouped by kind in catalog order: capabilities, principles, roles, services, keys. */
export function listTopics(keys: readonly BlueprintKeyDoc[] = listBlueprintKeys()): TopicSummary[] {
  return [
    ...CAPABILITIES.map((c) => ({ kind: 'capability' as const, id: c.id, title: c.name })),
    ...PRINCIPLES.map((p) => ({ kind: 'principle' as const, id: p.id, title: p.name })),
    ...ACCOUNT_ROLES.map((r) => ({ kind: 'account-role' as const, id: r.id, title: r.name })),
    ...SERVICES.map((s) => ({ kind: 'service' as const, id: s.id, title: s.name })),
    ...keys.map((k) => ({ kind: 'blueprint-key' as const, id: k.path, title: k.description })),
  ];
}
