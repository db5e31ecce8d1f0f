/**
 * Every format, checked against its specification, on a real verify run: the engine with every
 * service module against the sandbox's drifted organization (planted gaps, so FAIL findings exist).
 */
import { scenarioAccess } from '../../src/sandbox/scenarios/access.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { batchAsffFindings } from '../../src/report/asff.js';
import { toAsffFindings } from '../../src/report/asff.js';
import { CSV_HEADERS } from '../../src/report/csv.js';
import { FORMATS, renderReport } from '../../src/report/index.js';
import type { OcsfComplianceFinding } from '../../src/report/ocsf.js';
import { visibleWidth } from '../../src/report/style.js';
import { buildScenario } from '../../src/sandbox/scenarios/index.js';
import { accountsFromOrganization, organizationIdFrom } from '../../src/services/organizations/collect.js';
import type { VerifyResult } from '../../src/verify/result.js';
import { runVerify } from '../../src/verify/verify.js';
import {
  expectValidBatches,
  expectValidOcsf,
  parseRfc4180,
  removeTempFiles,
  resultValidator,
  xmllintSchema,
} from './checks.js';

let result: VerifyResult;

beforeAll(async () => {
  const s = await buildScenario('drifted', {});
  const access = scenarioAccess(s);
  const run = await runVerify({
    access,
    organizationReader: { accounts: accountsFromOrganization, organizationId: organizationIdFrom },
  });
  result = run.result;
});

afterAll(removeTempFiles);

describe('reports of a real sandbox run', () => {
  it('has findings of several statuses to report', () => {
    expect(result.findings.length).toBeGreaterThan(100);
    expect(result.scores.overall.counts.FAIL).toBeGreaterThan(0);
    expect(result.scores.overall.counts.PASS).toBeGreaterThan(0);
  });

  it('json: validates against docs/schemas/verify-result.schema.json', () => {
    const validate = resultValidator();
    const ok = validate(JSON.parse(renderReport(result, 'json')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('ocsf: every event meets the OCSF 1.3.0 Compliance Finding requirements', () => {
    const lines = renderReport(result, 'ocsf').trimEnd().split('\n');
    expect(lines).toHaveLength(result.findings.length);
    for (const line of lines) expectValidOcsf(JSON.parse(line) as OcsfComplianceFinding);
  });

  it('asff: every batch and finding meets Security Hub requirements and import limits', () => {
    const batches = JSON.parse(renderReport(result, 'asff')) as ReturnType<typeof batchAsffFindings>;
    expectValidBatches(batches);
    expect(batches.flat()).toHaveLength(toAsffFindings(result).length);
  });

  it('csv: is RFC 4180 with one row per finding', () => {
    const rows = parseRfc4180(renderReport(result, 'csv'));
    expect(rows[0]).toEqual([...CSV_HEADERS]);
    expect(rows).toHaveLength(result.findings.length + 1);
  });

  it('junit: validates against the JUnit XSD', () => {
    const r = xmllintSchema(renderReport(result, 'junit'));
    expect(r.stderr).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('text: fits in 100 columns', () => {
    for (const line of renderReport(result, 'text', { color: true }).split('\n')) {
      expect(visibleWidth(line)).toBeLessThanOrEqual(100);
    }
  });

  it('covers every registered format', () => {
    expect([...FORMATS].sort()).toEqual(['asff', 'csv', 'json', 'junit', 'ocsf', 'text']);
  });
});
