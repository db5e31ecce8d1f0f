/**
 * Renders the blueprint reference (docs/BLUEPRINT.md) from the schema, so the documentation can never
 * list a key the schema does not have or miss one it has. A test fails when the committed file is stale;
 * `npm run docs` rewrites it.
 */
import { CAPABILITY_SECTION } from '../catalog/ids.js';
import { listBlueprintKeys, type BlueprintKeyDoc } from './keys.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  return `\`${JSON.stringify(value)}\``;
}

/** The markdown text of docs/BLUEPRINT.md. */
export function renderBlueprintReference(keys: BlueprintKeyDoc[] = listBlueprintKeys()): string {
  const sections = new Map<string, BlueprintKeyDoc[]>();
  for (const k of keys) {
    const top = k.path.split('.')[0]!.replace(/\[\]$/, '');
    const list = sections.get(top) ?? [];
    list.push(k);
    sections.set(top, list);
  }
  const capabilityOf = new Map(Object.entries(CAPABILITY_SECTION).map(([cap, section]) => [section, cap]));
  const lines: string[] = [
    '# Blueprint reference',
    '',
    '<!-- Generated from src/blueprint/schema.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Every key of `sra.yaml`, its meaning and the SRA default used when the key is absent. A blueprint only',
    'states what differs from the defaults. `sra explain <key>` prints the same text for one key, and',
    '`sra validate` rejects any key not listed here.',
    '',
  ];
  for (const [section, list] of sections) {
    const cap = capabilityOf.get(section);
    lines.push(`## \`${section}\`${cap ? ` — capability \`${cap}\`` : ''}`, '');
    lines.push('| key | meaning | default |', '|---|---|---|');
    for (const k of list)
      lines.push(`| \`${k.path}\` | ${cell(k.description)} | ${cell(formatDefault(k.default))} |`);
    lines.push('');
  }
  return lines.join('\n');
}
