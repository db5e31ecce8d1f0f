import { describe, expect, it } from 'vitest';
import { AWS_ERROR_KINDS } from '../../src/aws/errors.js';
import { ACCOUNT_ROLE_IDS, CAPABILITY_IDS, PRINCIPLE_IDS } from '../../src/catalog/ids.js';
import { SraError } from '../../src/errors.js';
import { parseVerifyResult, renderJson, RESULT_SCHEMA_ID } from '../../src/report/json.js';
import { RESULT_SCHEMA_VERSION } from '../../src/verify/result.js';
import { SEVERITIES } from '../../src/verify/types.js';
import { bulkFindings, resultWith, sampleResult } from './fixtures.js';
import { resultSchema as schema, resultValidator as validator } from './checks.js';

describe('docs/schemas/verify-result.schema.json', () => {
  const validate = validator();

  it('is a draft 2020-12 schema with the id the code announces', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(RESULT_SCHEMA_ID);
  });

  it('accepts a real result, round-tripped through the JSON report', () => {
    const parsed: unknown = JSON.parse(renderJson(sampleResult()));
    const ok = validate(parsed);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('accepts results at the edges: no findings, nothing evaluated, many findings', () => {
    for (const r of [resultWith([]), resultWith(bulkFindings(250))]) {
      const ok = validate(JSON.parse(renderJson(r)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('keeps its enums in step with the code', () => {
    expect(schema.$defs.capabilityId!.enum).toEqual([...CAPABILITY_IDS]);
    expect(schema.$defs.principleId!.enum).toEqual([...PRINCIPLE_IDS]);
    expect(schema.$defs.accountRoleId!.enum).toEqual([...ACCOUNT_ROLE_IDS]);
    expect(schema.$defs.severity!.enum).toEqual([...SEVERITIES]);
    const kinds = (schema.$defs.dataError as { properties: { kind: { enum: string[] } } }).properties.kind
      .enum;
    expect(kinds).toEqual([...AWS_ERROR_KINDS, 'skipped']);
  });

  it('documents every property it defines', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === 'object') {
        for (const [key, prop] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          const p = `${path}.${key}`;
          const documented =
            typeof prop.description === 'string' ||
            // A bare $ref borrows the description of its definition.
            (typeof prop.$ref === 'string' &&
              typeof schema.$defs[prop.$ref.replace('#/$defs/', '')] === 'object' &&
              typeof (schema.$defs[prop.$ref.replace('#/$defs/', '')] as Record<string, unknown>)
                .description === 'string') ||
            // Status counts are named after the statuses themselves.
            path.endsWith('statusCounts');
          if (!documented) undocumented.push(p);
          walk(prop, p);
        }
      }
      for (const [k, v] of Object.entries(n)) if (k !== 'properties') walk(v, `${path}.${k}`);
    };
    walk(schema, '$');
    expect(undocumented).toEqual([]);
  });

  it.each([
    ['a wrong schema version', (r: Record<string, unknown>) => (r.schemaVersion = 2)],
    ['a missing scores object', (r: Record<string, unknown>) => delete r.scores],
    [
      'an unknown status',
      (r: Record<string, unknown>) => ((r.findings as { status: string }[])[0]!.status = 'WARN'),
    ],
    [
      'an unknown capability',
      (r: Record<string, unknown>) =>
        ((r.controls as { capabilities: string[] }[])[0]!.capabilities = ['security']),
    ],
    [
      'a short account id',
      (r: Record<string, unknown>) => ((r.findings as { account: string }[])[0]!.account = '1234'),
    ],
    ['an undocumented field', (r: Record<string, unknown>) => (r.extra = true)],
    [
      'a score above 100',
      (r: Record<string, unknown>) => ((r.scores as { overall: { score: number } }).overall.score = 101),
    ],
    ['a local time without zone', (r: Record<string, unknown>) => (r.evaluatedAt = '2025-03-01T10:05:30')],
  ])('rejects %s', (_what, mutate) => {
    const r = JSON.parse(renderJson(sampleResult())) as Record<string, unknown>;
    mutate(r);
    expect(validate(r)).toBe(false);
  });
});

describe('renderJson / parseVerifyResult', () => {
  it('round-trips a result exactly', () => {
    const r = sampleResult();
    const text = renderJson(r);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseVerifyResult(text)).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1,', /not valid JSON/],
    ['an array', '[]', /not a verify result/],
    [
      'another version',
      JSON.stringify({ ...sampleResult(), schemaVersion: 99 }),
      /unsupported result schemaVersion 99/,
    ],
    ['no findings', JSON.stringify({ ...sampleResult(), findings: undefined }), /"findings" is missing/],
    ['no scores', JSON.stringify({ ...sampleResult(), scores: {} }), /scores\.overall/],
  ])('refuses %s with a usage error naming the file', (_what, text, message) => {
    let error: unknown;
    try {
      parseVerifyResult(text, 'saved.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SraError);
    const e = error as SraError;
    expect(e.code).toBe('RESULT_INVALID');
    expect(e.exitCode).toBe(2);
    expect(e.where.file).toBe('saved.json');
    expect(e.message).toMatch(message);
  });

  it('reads the version this release writes', () => {
    expect(sampleResult().schemaVersion).toBe(RESULT_SCHEMA_VERSION);
  });
});
