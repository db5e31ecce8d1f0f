import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../src/blueprint/load.js';
import { BLUEPRINT_SECTIONS } from '../../src/blueprint/schema.js';
import { STARTER_BLUEPRINT, STARTER_PLACEHOLDER_ACCOUNTS } from '../../src/blueprint/starter.js';

/** Uncomments every `# key: value` default line of the starter (explanations start with `##`). */
const uncommented = STARTER_BLUEPRINT.replace(/^(\s*)# (.*)$/gm, '$1$2');

describe('starter blueprint', () => {
  it('validates as written', () => {
    const { blueprint, diagnostics } = parseBlueprint(STARTER_BLUEPRINT, 'sra.yaml');
    expect(diagnostics).toEqual([]);
    expect(blueprint?.organization.managementAccount).toBe(STARTER_PLACEHOLDER_ACCOUNTS.management);
    expect(blueprint?.accounts.securityTooling).toBe(STARTER_PLACEHOLDER_ACCOUNTS.securityTooling);
    expect(blueprint?.accounts.logArchive).toBe(STARTER_PLACEHOLDER_ACCOUNTS.logArchive);
  });

  it('shows real defaults: uncommenting every default line changes nothing', () => {
    expect(uncommented).not.toBe(STARTER_BLUEPRINT);
    const asWritten = parseBlueprint(STARTER_BLUEPRINT, 'sra.yaml').blueprint;
    const { blueprint, diagnostics } = parseBlueprint(uncommented, 'sra.yaml');
    expect(diagnostics).toEqual([]);
    expect(blueprint).toEqual(asWritten);
  });

  it('has a section for the organization, the accounts and each of the nine capabilities', () => {
    for (const section of BLUEPRINT_SECTIONS.filter((s) => s !== 'version')) {
      expect(STARTER_BLUEPRINT).toMatch(new RegExp(`^${section}:`, 'm'));
    }
  });

  it('explains each section in a comment line just above it', () => {
    const lines = STARTER_BLUEPRINT.split('\n');
    for (const section of BLUEPRINT_SECTIONS.filter((s) => s !== 'version')) {
      const i = lines.findIndex((l) => l.startsWith(`${section}:`));
      expect(lines[i - 1], section).toMatch(/^##/);
    }
  });

  it('quotes every account ID', () => {
    const unquoted = STARTER_BLUEPRINT.split('\n').filter((l) => /:\s*\d{12}\b/.test(l));
    expect(unquoted).toEqual([]);
  });
});
