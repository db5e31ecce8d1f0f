import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderBlueprintReference } from '../../src/blueprint/reference.js';
import { listBlueprintKeys } from '../../src/blueprint/keys.js';

describe('docs/BLUEPRINT.md', () => {
  it('is up to date with the schema (run `npm run docs` when this fails)', () => {
    const committed = readFileSync(new URL('../../docs/BLUEPRINT.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderBlueprintReference());
  });

  it('lists every documented key once, with its default', () => {
    const text = renderBlueprintReference();
    for (const key of listBlueprintKeys()) {
      expect(text.split(`| \`${key.path}\` |`)).toHaveLength(2);
    }
    expect(text).toContain('| `threatDetection.guardduty.findingPublishingFrequency` |');
    expect(text).toMatch(/## `threatDetection` — capability `threat-detection`/);
  });

  it('escapes table separators inside descriptions', () => {
    const text = renderBlueprintReference([{ path: 'a.b', description: 'x | y', default: 'c' }]);
    expect(text).toContain('| `a.b` | x \\| y | `"c"` |');
  });
});
