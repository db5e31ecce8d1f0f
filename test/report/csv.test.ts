import { describe, expect, it } from 'vitest';
import { CSV_HEADERS, csvField, neutralizeFormula, renderCsv } from '../../src/report/csv.js';
import { HOSTILE_AWS_MESSAGE, LOGS, NAMES, resultWith, sampleResult, UNREACH, WORKLOAD } from './fixtures.js';
import { parseRfc4180 } from './checks.js';

describe('renderCsv', () => {
  const result = sampleResult();
  const text = renderCsv(result);
  const rows = parseRfc4180(text);

  it('is valid RFC 4180 with CRLF record ends, a header and one row per finding', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(rows[0]).toEqual([...CSV_HEADERS]);
    expect(rows).toHaveLength(1 + result.findings.length);
    for (const row of rows) expect(row).toHaveLength(CSV_HEADERS.length);
    // Outside quoted fields, every line break is CRLF.
    const unquoted = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('round-trips hostile strings: commas, quotes and newlines come back unchanged', () => {
    const col = (name: string) => CSV_HEADERS.indexOf(name);
    const workload = rows.find((r) => r[col('account_id')] === WORKLOAD)!;
    expect(workload[col('account_name')]).toBe(NAMES[WORKLOAD]);
    const trail = rows.find((r) => r[col('control_id')] === 'cloudtrail.organization-trail')!;
    expect(trail[col('message')]).toBe(
      'trail "org-trail", created by =HYPERLINK("http://x"), is single-Region',
    );
    expect(JSON.parse(trail[col('actual')]!)).toEqual({ multiRegion: false, note: 'a, "quoted" <value>' });
    expect(trail[col('ref_cis')]).toBe('3.1');
    expect(trail[col('fix_blueprint_key')]).toBe('threatDetection.cloudtrail');
    expect(trail[col('capabilities')]).toBe('threat-detection;security-assurance');
  });

  it('neutralizes cells a spreadsheet would run as formulas', () => {
    const col = (name: string) => CSV_HEADERS.indexOf(name);
    const logs = rows.find((r) => r[col('account_id')] === LOGS)!;
    expect(logs[col('account_name')]).toBe(`'${NAMES[LOGS]}`);
    const unreach = rows.find((r) => r[col('account_id')] === UNREACH)!;
    expect(unreach[col('account_name')]).toBe(`'${NAMES[UNREACH]}`);
    // No cell, once read back, starts with a formula character.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('carries error details of ERROR findings', () => {
    const col = (name: string) => CSV_HEADERS.indexOf(name);
    const error = rows.find((r) => r[col('status')] === 'ERROR' && r[col('account_id')] === WORKLOAD)!;
    expect(error[col('error_kind')]).toBe('access-denied');
    expect(error[col('error_operation')]).toBe('iam:GetAccountPasswordPolicy');
    expect(error[col('message')]).toContain(HOSTILE_AWS_MESSAGE.slice(0, 40));
  });

  it('writes FAIL rows first', () => {
    const statuses = rows.slice(1).map((r) => r[0]);
    const firstOther = statuses.findIndex((s) => s !== 'FAIL');
    expect(statuses.slice(firstOther)).not.toContain('FAIL');
  });

  it('writes only the header for a run without findings', () => {
    expect(parseRfc4180(renderCsv(resultWith([])))).toEqual([[...CSV_HEADERS]]);
  });
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rlf', '"cr\rlf"'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['=cmd|"/C calc"!A0,x', `"'=cmd|""/C calc""!A0,x"`],
    ['a=b', 'a=b'],
    ['', ''],
  ])('encodes %j as %j', (value, encoded) => {
    expect(csvField(value)).toBe(encoded);
  });

  it('leaves values that only contain formula characters later on alone', () => {
    expect(neutralizeFormula('x-1')).toBe('x-1');
    expect(neutralizeFormula('user@example.com')).toBe('user@example.com');
  });
});
