import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  failOnExitCode,
  FORMAT_INFO,
  FORMATS,
  isReportFormat,
  parseSeverity,
  renderReport,
} from '../../src/report/index.js';
import { SEVERITIES, type Finding, type Severity } from '../../src/verify/types.js';
import { bulkFindings, resultWith, sampleResult } from './fixtures.js';

describe('FORMATS', () => {
  it('registers the six formats of the issue, each under its own name', () => {
    expect([...FORMATS]).toEqual(['text', 'json', 'ocsf', 'asff', 'csv', 'junit']);
    for (const f of FORMATS) {
      expect(FORMAT_INFO[f].name).toBe(f);
      expect(FORMAT_INFO[f].description.length).toBeGreaterThan(10);
      expect(isReportFormat(f)).toBe(true);
    }
    expect(isReportFormat('sarif')).toBe(false);
  });

  it('renders every format from the same result, in the shape each format promises', () => {
    const result = sampleResult();
    const out = Object.fromEntries(FORMATS.map((f) => [f, renderReport(result, f)])) as Record<
      string,
      string
    >;
    expect(out.text).toContain('CAPABILITIES');
    expect(JSON.parse(out.json!)).toEqual(JSON.parse(JSON.stringify(result)));
    expect(out.ocsf!.trimEnd().split('\n')).toHaveLength(result.findings.length);
    expect((JSON.parse(out.asff!) as unknown[][]).flat()).toHaveLength(result.findings.length);
    expect(out.csv!.split('\r\n')[0]).toMatch(/^status,severity,control_id,/);
    expect(out.junit!.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    for (const text of Object.values(out)) expect(text.endsWith('\n')).toBe(true);
  });

  it('passes colour and width to the text format only when asked', () => {
    const result = sampleResult();
    expect(renderReport(result, 'text')).not.toContain('\u001b');
    expect(renderReport(result, 'text', { color: true })).toContain('\u001b[');
    const narrow = renderReport(result, 'text', { width: 60 });
    for (const line of narrow.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(60);
  });

  it('limits OCSF and ASFF to FAIL and ERROR with include: actionable', () => {
    const result = sampleResult();
    const c = result.scores.overall.counts;
    const ocsf = renderReport(result, 'ocsf', { include: 'actionable' }).trimEnd().split('\n');
    expect(ocsf).toHaveLength(c.FAIL + c.ERROR);
    const asff = (JSON.parse(renderReport(result, 'asff', { include: 'actionable' })) as unknown[][]).flat();
    expect(asff).toHaveLength(c.FAIL + c.ERROR);
  });

  it('refuses an unknown format with the list and a suggestion', () => {
    expect(() => renderReport(sampleResult(), 'jsn')).toThrow(UsageError);
    try {
      renderReport(sampleResult(), 'jsn');
    } catch (e) {
      expect((e as UsageError).hint).toContain('did you mean "json"?');
      expect((e as UsageError).hint).toContain('formats: text, json, ocsf, asff, csv, junit');
      expect((e as UsageError).exitCode).toBe(2);
    }
  });
});

describe('failOnExitCode', () => {
  const one = (severity: Severity, status: Finding['status']): Finding[] =>
    bulkFindings(1).map((f) => ({ ...f, severity, status }));

  it('exits 1 when a FAIL at or above the threshold exists, 0 otherwise', () => {
    // A single high FAIL: gates at high and below, not at critical.
    const result = resultWith(one('high', 'FAIL'));
    const expected: Record<Severity, number> = { critical: 0, high: 1, medium: 1, low: 1, informational: 1 };
    for (const s of SEVERITIES) expect(failOnExitCode(result, s), s).toBe(expected[s]);
  });

  it('gates on the sample run at its highest failing severity', () => {
    const result = sampleResult();
    const failing = result.findings.filter((f) => f.status === 'FAIL').map((f) => f.severity);
    expect(failing).toContain('high');
    expect(failing).not.toContain('critical');
    expect(failOnExitCode(result, 'critical')).toBe(0);
    expect(failOnExitCode(result, 'high')).toBe(1);
  });

  it('never gates on ERROR, NOT_APPLICABLE or PASS, whatever their severity', () => {
    for (const status of ['ERROR', 'NOT_APPLICABLE', 'PASS'] as const) {
      expect(failOnExitCode(resultWith(one('critical', status)), 'informational')).toBe(0);
    }
    expect(failOnExitCode(resultWith([]), 'informational')).toBe(0);
  });
});

describe('parseSeverity', () => {
  it('accepts severities in any case', () => {
    expect(parseSeverity('HIGH')).toBe('high');
    expect(parseSeverity(' critical ')).toBe('critical');
  });

  it('refuses others with the valid list and a suggestion', () => {
    try {
      parseSeverity('hihg');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expect((e as UsageError).hint).toContain('did you mean "high"?');
      expect((e as UsageError).hint).toContain('critical, high, medium, low, informational');
    }
  });
});
