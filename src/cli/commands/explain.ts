/**
 * `sra explain [topic]`: what a capability, design principle, account role, service or blueprint
 * key means, what "done" looks like, and which services and blueprint keys serve it. Without a
 * topic it lists every topic. `--format json` prints the same content as data.
 */
import { Option } from 'commander';
import { listBlueprintKeys, type BlueprintKeyDoc } from '../../blueprint/keys.js';
import {
  getCapability,
  getPrinciple,
  getService,
  listTopics,
  resolveTopic,
  servicesForCapability,
  servicesForPrinciple,
  SERVICES,
  type AccountRole,
  type Capability,
  type DelegatedAdminSpec,
  type Principle,
  type ServiceInfo,
  type Topic,
  type TopicKind,
  type TopicSummary,
} from '../../catalog/index.js';
import { UsageError } from '../../errors.js';
import type { RegisterCommand } from './index.js';
import { controlIds, findControl, renderControl } from './explain-control.js';
import { closestMatches } from '../../util/suggest.js';

/** Terminal width the text output is wrapped to. */
const WIDTH = 100;

/** A reference to another catalog entry: its id and human name. */
export interface TopicRef {
  /** Catalog id. */
  readonly id: string;
  /** Human name. */
  readonly name: string;
}

/** A service as listed in an explanation. */
export interface ServiceRef extends TopicRef {
  /** What the SRA uses it for. */
  readonly summary: string;
}

/** A blueprint key as listed in an explanation. */
export interface KeyRef {
  /** Dotted path. */
  readonly path: string;
  /** Documented description, when the blueprint documents the key. */
  readonly description?: string;
  /** SRA default, when documented. */
  readonly default?: unknown;
  /** Services that name this key in the registry. */
  readonly services: readonly string[];
}

/** The content of `sra explain <topic>`, as printed by `--format json`. */
export type Explanation =
  | (Omit<Capability, 'principles'> & {
      readonly kind: 'capability';
      readonly principles: readonly TopicRef[];
      readonly services: readonly ServiceRef[];
      readonly blueprintKeys: readonly KeyRef[];
    })
  | (Omit<Principle, 'capabilities'> & {
      readonly kind: 'principle';
      readonly capabilities: readonly TopicRef[];
      readonly services: readonly ServiceRef[];
      readonly blueprintKeys: readonly KeyRef[];
    })
  | (Omit<AccountRole, 'delegatedAdminOf'> & {
      readonly kind: 'account-role';
      readonly delegatedAdminOf: readonly ServiceRef[];
    })
  | (Omit<ServiceInfo, 'capabilities' | 'principles' | 'blueprintKeys'> & {
      readonly kind: 'service';
      readonly capabilities: readonly TopicRef[];
      readonly principles: readonly TopicRef[];
      readonly blueprintKeys: readonly KeyRef[];
    })
  | {
      readonly kind: 'blueprint-key';
      readonly id: string;
      readonly description?: string;
      readonly default?: unknown;
      readonly capability?: TopicRef;
      readonly children: readonly KeyRef[];
      readonly services: readonly ServiceRef[];
    };

const serviceRef = (s: ServiceInfo): ServiceRef => ({ id: s.id, name: s.name, summary: s.summary });

function keyRef(path: string, docs: readonly BlueprintKeyDoc[]): KeyRef {
  const doc = docs.find((d) => d.path === path);
  const services = SERVICES.filter((s) => s.blueprintKeys.includes(path)).map((s) => s.id);
  return {
    path,
    ...(doc ? { description: doc.description } : {}),
    ...(doc && doc.default !== undefined ? { default: doc.default } : {}),
    services,
  };
}

/** Unique paths, in first-seen order. */
function uniquePaths(paths: Iterable<string>): string[] {
  return [...new Set(paths)];
}

/** Builds the explanation of a resolved topic. `docs` are the documented blueprint keys. */
export function explainTopic(
  topic: Topic,
  docs: readonly BlueprintKeyDoc[] = listBlueprintKeys(),
): Explanation {
  switch (topic.kind) {
    case 'capability': {
      const c = topic.capability;
      const services = servicesForCapability(c.id);
      const paths = uniquePaths([
        ...docs.filter((d) => d.capability === c.id).map((d) => d.path),
        ...services.flatMap((s) => s.blueprintKeys),
      ]);
      return {
        kind: 'capability',
        ...c,
        principles: c.principles.map((id) => ({ id, name: getPrinciple(id).name })),
        services: services.map(serviceRef),
        blueprintKeys: paths.map((p) => keyRef(p, docs)),
      };
    }
    case 'principle': {
      const p = topic.principle;
      const services = servicesForPrinciple(p.id);
      return {
        kind: 'principle',
        ...p,
        capabilities: p.capabilities.map((id) => ({ id, name: getCapability(id).name })),
        services: services.map(serviceRef),
        blueprintKeys: uniquePaths(services.flatMap((s) => s.blueprintKeys)).map((k) => keyRef(k, docs)),
      };
    }
    case 'account-role': {
      const r = topic.role;
      return {
        kind: 'account-role',
        ...r,
        delegatedAdminOf: r.delegatedAdminOf.map((id) => serviceRef(getService(id))),
      };
    }
    case 'service': {
      const s = topic.service;
      return {
        kind: 'service',
        ...s,
        capabilities: s.capabilities.map((id) => ({ id, name: getCapability(id).name })),
        principles: s.principles.map((id) => ({ id, name: getPrinciple(id).name })),
        blueprintKeys: s.blueprintKeys.map((k) => keyRef(k, docs)),
      };
    }
    case 'blueprint-key': {
      const path = topic.id;
      const related = SERVICES.filter((s) =>
        s.blueprintKeys.some((k) => k === path || k.startsWith(`${path}.`) || path.startsWith(`${k}.`)),
      );
      const capabilityId = topic.key?.capability ?? topic.children.find((c) => c.capability)?.capability;
      return {
        kind: 'blueprint-key',
        id: path,
        ...(topic.key ? { description: topic.key.description } : {}),
        ...(topic.key && topic.key.default !== undefined ? { default: topic.key.default } : {}),
        ...(capabilityId ? { capability: { id: capabilityId, name: getCapability(capabilityId).name } } : {}),
        children: topic.children.map((c) => keyRef(c.path, docs)),
        services: related.map(serviceRef),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Text rendering

/** Wraps `text` to {@link WIDTH} columns; the first line starts with `first`, the rest with `rest`. */
function wrap(text: string, first: string, rest: string): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

function paragraph(text: string): string {
  return wrap(text, '', '');
}

function section(title: string, items: readonly string[], whenEmpty?: string): string {
  if (items.length === 0) return whenEmpty === undefined ? '' : `${title}\n${wrap(whenEmpty, '  ', '  ')}`;
  return `${title}\n${items.map((item) => wrap(item, '  - ', '    ')).join('\n')}`;
}

const refLine = (r: TopicRef): string => `${r.id}: ${r.name}`;
const serviceLine = (s: ServiceRef): string => `${s.id} (${s.name}): ${s.summary}`;

function formatDefault(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function keyLine(k: KeyRef): string {
  let line = k.path;
  if (k.description) line += `: ${k.description}`;
  else if (k.services.length > 0) line += ` (configures ${k.services.join(', ')})`;
  if (k.default !== undefined) line += ` [default: ${formatDefault(k.default)}]`;
  return line;
}

function adminLine(admin: DelegatedAdminSpec | undefined): string {
  if (!admin) {
    return 'Delegated administrator: none in the SRA (run from the management account or in each account).';
  }
  const where = admin.perRegion ? 'designated in every Region' : 'designated once';
  const how = admin.adminApi ?? 'organizations:RegisterDelegatedAdministrator';
  const note = admin.note ? ` ${admin.note}` : '';
  return `Delegated administrator: the ${admin.adminAccountRole} account, ${where}, with ${how}.${note}`;
}

const KIND_LABEL: Readonly<Record<TopicKind, string>> = {
  capability: 'capability',
  principle: 'design principle',
  'account-role': 'account role',
  service: 'service',
  'blueprint-key': 'blueprint key',
};

/** Renders an explanation as plain text wrapped near 100 columns. */
export function renderExplanation(e: Explanation): string {
  const blocks: string[] = [];
  switch (e.kind) {
    case 'capability':
      blocks.push(
        `${e.name}\n${paragraph(`${KIND_LABEL[e.kind]} ${e.id}, blueprint section "${e.blueprintSection}"`)}`,
        paragraph(e.summary),
        section('In practice', e.inPractice),
        section('Done looks like', e.doneLooksLike),
        section('Related principles', e.principles.map(refLine)),
        section('Services that serve it', e.services.map(serviceLine)),
        section('Blueprint keys', e.blueprintKeys.map(keyLine)),
      );
      break;
    case 'principle':
      blocks.push(
        `${e.name}\n${paragraph(`${KIND_LABEL[e.kind]} ${e.id}`)}`,
        paragraph(e.summary),
        section('In practice', e.inPractice),
        section('Done looks like', e.doneLooksLike),
        section('Capabilities that put it into practice', e.capabilities.map(refLine)),
        section('Services that serve it', e.services.map(serviceLine)),
        section('Blueprint keys', e.blueprintKeys.map(keyLine)),
      );
      break;
    case 'account-role':
      blocks.push(
        `${e.name}\n` +
          paragraph(
            `${KIND_LABEL[e.kind]} ${e.id}, ${e.required ? 'required' : 'optional'}, OU "${e.ou}", ` +
              `blueprint key "${e.blueprintKey}"`,
          ),
        e.aliases.length > 0 ? paragraph(`Also known as: ${e.aliases.join(', ')}.`) : '',
        paragraph(e.purpose),
        section('What the SRA places here', e.hosts),
        section(
          'Delegated administrator of',
          e.delegatedAdminOf.map(serviceLine),
          'No service: this account is not a delegated administrator in the SRA.',
        ),
        section('Rules for this account', e.guidance),
      );
      break;
    case 'service':
      blocks.push(
        `${e.name}\n${paragraph(`${KIND_LABEL[e.kind]} ${e.id}, ${e.scope}, SDK client ${e.clientName} from ${e.sdkPackage}`)}`,
        paragraph(e.summary),
        section('AWS Organizations', [
          e.servicePrincipals.length > 0
            ? `Service principals: ${e.servicePrincipals.join(', ')}`
            : 'No trusted access (no service principal).',
          adminLine(e.delegatedAdmin),
          ...(e.reference ? [`Reference: ${e.reference}`] : []),
        ]),
        section('Capabilities', e.capabilities.map(refLine)),
        section('Design principles', e.principles.map(refLine)),
        section('Blueprint keys', e.blueprintKeys.map(keyLine), 'None yet.'),
      );
      break;
    case 'blueprint-key':
      blocks.push(
        `${e.id}\n${paragraph(`${KIND_LABEL[e.kind]}${e.capability ? `, capability ${e.capability.id}` : ''}`)}`,
        e.description ? paragraph(e.description) : '',
        e.default !== undefined ? paragraph(`Default: ${formatDefault(e.default)}`) : '',
        section('Keys below it', e.children.map(keyLine)),
        section('Services it configures', e.services.map(serviceLine)),
      );
      break;
  }
  blocks.push(paragraph('Run "sra explain <id>" for any id above, or "sra explain" for the list of topics.'));
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

const GROUP_TITLE: Readonly<Record<TopicKind, string>> = {
  capability: 'Capabilities (AWS CAF security perspective)',
  principle: 'Design principles (Well-Architected security pillar)',
  'account-role': 'Account roles',
  service: 'Services',
  'blueprint-key': 'Blueprint keys',
};

/** Renders the topic index, grouped by kind. */
export function renderTopicList(topics: readonly TopicSummary[]): string {
  const blocks = [
    paragraph('Topics for "sra explain <topic>". Ids, names, aliases and blueprint section names all work.'),
  ];
  for (const kind of Object.keys(GROUP_TITLE) as TopicKind[]) {
    const group = topics.filter((t) => t.kind === kind);
    if (group.length === 0) {
      blocks.push(`${GROUP_TITLE[kind]}\n  (none documented yet)`);
      continue;
    }
    const width = Math.min(40, Math.max(...group.map((t) => t.id.length)));
    const pad = ' '.repeat(width + 4);
    const lines = group.map((t) => wrap(t.title, `  ${t.id.padEnd(width)}  `, pad));
    blocks.push(`${GROUP_TITLE[kind]}\n${lines.join('\n')}`);
  }
  return `${blocks.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Command

/** Registers `sra explain [topic...]`. */
export const registerExplain: RegisterCommand = (program, ctx) => {
  program
    .command('explain')
    .description('explain a capability, design principle, account role, service or blueprint key')
    .argument('[topic...]', 'what to explain, e.g. threat-detection, "Threat detection", audit, guardduty')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((words: string[], options: { format: 'text' | 'json' }) => {
      const docs = listBlueprintKeys();
      const query = words.join(' ').trim();
      if (query === '') {
        const topics = listTopics(docs);
        ctx.out(
          options.format === 'json' ? `${JSON.stringify({ topics }, null, 2)}\n` : renderTopicList(topics),
        );
        return;
      }
      const control = findControl(query);
      if (control) {
        ctx.out(options.format === 'json' ? `${JSON.stringify(control, null, 2)}\n` : renderControl(control));
        return;
      }
      const resolution = resolveTopic(query, docs);
      if (!resolution.found) {
        const suggestions = resolution.suggestions.length
          ? resolution.suggestions
          : closestMatches(query, controlIds()).slice(0, 5);
        const close = suggestions.map((s) => `"${s}"`).join(', ');
        throw new UsageError(`unknown topic "${query}"${close ? `; did you mean ${close}?` : ''}`, {
          hint: 'run "sra explain" without a topic to list every capability, principle, account role, service and blueprint key; controls are explained by id (e.g. guardduty.detector-enabled)',
        });
      }
      const explanation = explainTopic(resolution.topic, docs);
      ctx.out(
        options.format === 'json'
          ? `${JSON.stringify(explanation, null, 2)}\n`
          : renderExplanation(explanation),
      );
    });
};
