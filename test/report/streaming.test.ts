/**
 * Reports written in chunks from findings that live in a spool file: every format's chunks over a
 * `FindingSpool` equal the renderer's string for the same result held in memory; the JSON report is
 * `JSON.stringify` byte for byte; the HTML page written to a file is `renderHtml`'s page; `writeReport`
 * waits for an asynchronous writer; `--fail-on` is decided from the scores; and no renderer touches
 * the findings other than through the `FindingSource` API.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { asffChunks, batchAsffFindings, renderAsff, toAsffFindings } from '../../src/report/asff.js';
import { sortFindings } from '../../src/report/common.js';
import { csvChunks, renderCsv } from '../../src/report/csv.js';
import {
  buildReportData,
  htmlChunks,
  renderHtml,
  writeHtmlReport,
  type ReportData,
} from '../../src/report/html/index.js';
import {
  failOnExitCode,
  FORMAT_INFO,
  FORMATS,
  renderReport,
  writeReport,
  type RenderOptions,
} from '../../src/report/index.js';
import { jsonChunks, renderJson } from '../../src/report/json.js';
import { junitChunks, renderJUnit } from '../../src/report/junit.js';
import { ocsfChunks, renderOcsf } from '../../src/report/ocsf.js';
import { groupErrors, renderText, textChunks } from '../../src/report/text.js';
import { FindingSpool, type FindingSource, MemoryFindings } from '../../src/verify/findings.js';
import type { StreamedResult, VerifyResult } from '../../src/verify/result.js';
import { SEVERITIES, type Finding, type Severity } from '../../src/verify/types.js';
import {
  AUDIT,
  bulkFindings,
  HOME,
  LOGS,
  MGMT,
  OTHER,
  resultWith,
  sampleResult,
  WORKLOAD,
} from './fixtures.js';
import { hostileResult } from './html-fixtures.js';

const spools: FindingSpool[] = [];
afterEach(() => {
  for (const s of spools.splice(0)) s.close();
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The result with its findings moved to a spool file (closed after each test). */
function spooled(result: VerifyResult): StreamedResult {
  const spool = new FindingSpool();
  spools.push(spool);
  for (const f of result.findings) spool.add(f);
  return { ...result, findings: spool };
}

/** Accounts outside `result.accounts`. */
const STRAY = '999999999999';
const EARLY = '000000000001';

/**
 * The sample run plus findings that stress ordering: accounts the result does not list (found in
 * report order, not in listing order), a Region outside the governed ones, two findings with the same
 * identity, several Regions of one account interleaved with other accounts, a control the result
 * does not list, and 130 findings of one account in one Region (two ASFF batches).
 */
function mixedResult(): VerifyResult {
  const base = sampleResult();
  const err = (account: string, region: string, operation: string, message: string) => ({
    kind: 'throttled' as const,
    account,
    region,
    operation,
    message,
  });
  const extra: Finding[] = [
    {
      controlId: 'zzz.unlisted-control',
      status: 'ERROR',
      severity: 'low',
      account: STRAY,
      region: 'ap-south-1',
      resource: 'r1',
      message: 'x',
      error: err(STRAY, 'ap-south-1', 'x:Describe', 'slow down'),
    },
    {
      controlId: 'iam.password-policy',
      status: 'FAIL',
      severity: 'medium',
      account: EARLY,
      resource: EARLY,
      message: 'no policy',
    },
  ];
  const later: Finding[] = [
    {
      controlId: 'guardduty.detector-enabled',
      status: 'FAIL',
      severity: 'high',
      account: EARLY,
      region: 'eu-central-1',
      resource: 'dup',
      message: 'first of two with one identity',
    },
    {
      controlId: 'guardduty.detector-enabled',
      status: 'FAIL',
      severity: 'high',
      account: EARLY,
      region: 'eu-central-1',
      resource: 'dup',
      message: 'second of two with one identity',
    },
    {
      controlId: 'account.security-contact',
      status: 'ERROR',
      severity: 'informational',
      account: WORKLOAD,
      region: HOME,
      resource: 'Ärger',
      message: 'e',
      error: err(WORKLOAD, HOME, 'x:Describe', 'slow down again'),
    },
  ];
  return resultWith(
    [
      ...extra,
      ...base.findings,
      ...later,
      ...bulkFindings(130, EARLY, OTHER),
      ...bulkFindings(3, AUDIT, OTHER),
    ],
    base,
  );
}

const FIXTURES: ReadonlyArray<[string, () => VerifyResult]> = [
  ['sample', sampleResult],
  ['hostile', hostileResult],
  ['mixed', mixedResult],
  ['empty', () => resultWith([], { ...sampleResult(), unreachable: [] })],
];

const OPTIONS: readonly RenderOptions[] = [{}, { include: 'actionable' }, { color: true, width: 60 }];

describe('each format over a spool equals its renderer over the same result in memory', () => {
  it.each(FIXTURES)('%s: the named chunk generators', (_, make) => {
    const result = make();
    const join = (chunks: Iterable<string>) => [...chunks].join('');
    expect(join(textChunks(spooled(result), { color: false }))).toBe(renderText(result, { color: false }));
    expect(join(textChunks(spooled(result), { color: true, width: 70 }))).toBe(
      renderText(result, { color: true, width: 70 }),
    );
    expect(join(jsonChunks(spooled(result)))).toBe(renderJson(result));
    expect(join(ocsfChunks(spooled(result)))).toBe(renderOcsf(result));
    expect(join(ocsfChunks(spooled(result), { include: 'actionable' }))).toBe(
      renderOcsf(result, { include: 'actionable' }),
    );
    expect(join(asffChunks(spooled(result)))).toBe(renderAsff(result));
    expect(join(asffChunks(spooled(result), { include: 'actionable' }))).toBe(
      renderAsff(result, { include: 'actionable' }),
    );
    expect(join(csvChunks(spooled(result)))).toBe(renderCsv(result));
    expect(join(junitChunks(spooled(result)))).toBe(renderJUnit(result));
  });

  it.each(FIXTURES)('%s: the registry, every format and option', (_, make) => {
    const result = make();
    for (const format of FORMATS) {
      for (const options of OPTIONS) {
        const chunks = [...FORMAT_INFO[format].chunks(spooled(result), options)];
        expect(chunks.join(''), `${format} ${JSON.stringify(options)}`).toBe(
          renderReport(result, format, options),
        );
        expect(renderReport(spooled(result), format, options)).toBe(renderReport(result, format, options));
      }
    }
  });

  it('yields findings a few at a time: the largest chunk does not grow with the number of findings', () => {
    const sized = (n: number) => resultWith([...bulkFindings(n, WORKLOAD), ...bulkFindings(n, LOGS, OTHER)]);
    const small = sized(300);
    const large = sized(900);
    for (const format of ['json', 'ocsf', 'asff', 'csv', 'junit'] as const) {
      const chunks = (r: VerifyResult) => [...FORMAT_INFO[format].chunks(spooled(r), {})];
      const largest = (list: string[]) => Math.max(...list.map((c) => c.length));
      const [a, b] = [chunks(small), chunks(large)];
      expect(b.length, format).toBeGreaterThan(a.length * 2);
      expect(largest(b), format).toBeLessThanOrEqual(largest(a) * 1.05);
    }
  });
});

describe('JSON', () => {
  const stringify = (r: unknown) => `${JSON.stringify(r, null, 2)}\n`;

  it('is JSON.stringify(result, null, 2) byte for byte, findings in evaluation order', () => {
    const result = mixedResult();
    // Findings without Region, evidence or error sit beside findings with all of them.
    expect(result.findings.some((f) => f.region === undefined && f.expected === undefined)).toBe(true);
    expect(result.findings.some((f) => f.error !== undefined)).toBe(true);
    expect([...jsonChunks(spooled(result))].join('')).toBe(stringify(result));
  });

  it('writes an empty findings array as []', () => {
    const result = resultWith([]);
    const text = [...jsonChunks(spooled(result))].join('');
    expect(text).toBe(stringify(result));
    expect(text).toContain('\n  "findings": [],\n');
  });

  it('leaves out optional fields that are absent or undefined, as JSON.stringify does', () => {
    const base = sampleResult();
    const { organizationId: _id, organization: _org, ...rest } = base;
    const without: VerifyResult = { ...rest, organizationId: undefined } as VerifyResult;
    expect(Object.keys(without)).toContain('organizationId');
    const text = [...jsonChunks(spooled(without))].join('');
    expect(text).toBe(stringify(without));
    expect(text).not.toContain('"organizationId"');
    // Findings as the last field: the document closes right after the stream of findings.
    const { findings, ...others } = base;
    const findingsLast = { ...others, findings } as VerifyResult;
    expect([...jsonChunks(spooled(findingsLast))].join('')).toBe(stringify(findingsLast));
  });
});

describe('JUnit and ASFF ordering', () => {
  it('orders suites by the listed accounts, then unlisted accounts as they first appear in report order', () => {
    const result = mixedResult();
    const listed = result.accounts
      .map((a) => a.id)
      .filter((id) => result.findings.some((f) => f.account === id));
    const unlisted: string[] = [];
    for (const f of sortFindings(result.findings)) {
      if (!listed.includes(f.account) && !unlisted.includes(f.account)) unlisted.push(f.account);
    }
    expect(unlisted).toEqual([EARLY, STRAY]);
    const xml = [...junitChunks(spooled(result))].join('');
    const order = [...xml.matchAll(/<property name="account.id" value="(\d+)"\/>/g)].map((m) => m[1]);
    expect(order).toEqual([...listed, ...unlisted]);
  });

  it('takes the root counts from the overall score, and each suite’s from its findings', () => {
    const result = mixedResult();
    const xml = [...junitChunks(spooled(result))].join('');
    const c = result.scores.overall.counts;
    expect(xml).toContain(
      `tests="${result.findings.length}" failures="${c.FAIL}" errors="${c.ERROR}" skipped="${c.NOT_APPLICABLE}"`,
    );
  });

  it('emits the batches batchAsffFindings makes of all findings, in the same order', () => {
    const result = mixedResult();
    for (const include of ['all', 'actionable'] as const) {
      const parsed = JSON.parse([...asffChunks(spooled(result), { include })].join('')) as unknown;
      expect(parsed).toEqual(batchAsffFindings(toAsffFindings(result, { include })));
    }
    // Targets interleave across accounts, so this is not simply account by account.
    const targets = batchAsffFindings(toAsffFindings(result)).map((b) => b[0]!.AwsAccountId);
    const runs = targets.filter((a, i) => i === 0 || targets[i - 1] !== a);
    expect(new Set(runs).size).toBeLessThan(runs.length);
  });
});

describe('text error summary', () => {
  it('keeps per group the first ERROR finding in evaluation order as the example', () => {
    const base = sampleResult();
    const error = (account: string, message: string): Finding => ({
      controlId: 'iam.password-policy',
      status: 'ERROR',
      severity: 'medium',
      account,
      resource: account,
      message,
      error: { kind: 'timeout', account, region: HOME, operation: 'iam:GetAccountSummary', message },
    });
    // The later account comes first in evaluation order; report order would pick the other one.
    const result = resultWith([error(LOGS, 'first evaluated'), error(AUDIT, 'second evaluated')], base);
    const group = groupErrors(result.findings).find((g) => g.operation === 'iam:GetAccountSummary')!;
    expect(group.findings[0]!.message).toBe('first evaluated');
    const text = [...textChunks(spooled(result), { color: false })].join('');
    expect(text).toContain(`e.g. ${LOGS} ${HOME}: first evaluated`);
    expect(text).toContain('iam:GetAccountSummary  2 checks in 2 accounts, 1 Region');
  });
});

describe('HTML', () => {
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sra-html-'));
    dirs.push(dir);
    return join(dir, 'report.html');
  };

  it('writes to the file, chunk by chunk, the page renderHtml renders from memory', async () => {
    for (const [name, make] of FIXTURES) {
      const result = make();
      const file = tempFile();
      await writeHtmlReport(file, spooled(result));
      expect(readFileSync(file, 'utf8'), name).toBe(renderHtml(result));
    }
  });

  it('does the same with a baseline, itself spooled or not', async () => {
    const previous = sampleResult();
    const current = hostileResult();
    const expected = renderHtml(current, { baseline: previous });
    expect(expected).toContain('id="f-change"');
    const file = tempFile();
    await writeHtmlReport(file, spooled(current), { baseline: spooled(previous) });
    expect(readFileSync(file, 'utf8')).toBe(expected);
    expect([...htmlChunks(spooled(current), { baseline: previous })].join('')).toBe(expected);
  });

  it('writes the data block a finding at a time, escaped like jsonForScript', () => {
    const result = mixedResult();
    const chunks = [...htmlChunks(spooled(result))];
    expect(chunks.length).toBeGreaterThan(result.findings.length);
    const page = chunks.join('');
    const data = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(page)![1]!;
    expect(data).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(data)).toEqual(buildReportData(result));
  });

  /** Every finding of the data block with its strings resolved, in data order. */
  const decode = (d: ReportData) =>
    d.findings.map((t) => [
      d.controls[t[0]!]!.id,
      d.accounts[t[1]!]!.id,
      t[2]! >= 0 ? d.regions[t[2]!] : null,
      d.statuses[t[3]!],
      d.severities[t[4]!],
      ...[5, 6, 8, 9, 10].map((k) => (t[k] === undefined || t[k]! < 0 ? null : d.strings[t[k]!])),
      t[7] ?? 0,
    ]);

  it('bounds the string table: with a small budget strings repeat, and every finding still decodes', () => {
    const result = mixedResult();
    const full = buildReportData(result);
    const small = buildReportData(spooled(result), undefined, { internBudget: 400 });
    expect(new Set(full.strings).size).toBe(full.strings.length);
    expect(small.strings.length).toBeGreaterThan(full.strings.length);
    expect(new Set(small.strings)).toEqual(new Set(full.strings));
    expect(decode(small)).toEqual(decode(full));
    const page = renderHtml(spooled(result), { internBudget: 400 });
    expect(page.replace(/<script type="application\/json"[\s\S]*?<\/script>/, '')).toBe(
      renderHtml(result).replace(/<script type="application\/json"[\s\S]*?<\/script>/, ''),
    );
  });

  it('lists the findings in report order, as sorted() gives them', () => {
    const result = mixedResult();
    const data = buildReportData(spooled(result));
    const expected = sortFindings(result.findings).map((f) => [f.controlId, f.account, f.region ?? null]);
    expect(decode(data).map((d) => d.slice(0, 3))).toEqual(expected);
  });
});

describe('writeReport', () => {
  it('awaits each write before producing the next chunk, in order', async () => {
    const result = mixedResult();
    for (const format of FORMATS) {
      const chunks: string[] = [];
      let inFlight = false;
      let overlapped = false;
      const write = async (chunk: string) => {
        if (inFlight) overlapped = true;
        inFlight = true;
        await new Promise<void>((resolve) => setImmediate(resolve));
        chunks.push(chunk);
        inFlight = false;
      };
      await writeReport(spooled(result), format, {}, write, { chunkSize: 1 });
      expect(overlapped, format).toBe(false);
      expect(chunks.length, format).toBeGreaterThan(2);
      expect(chunks.join(''), format).toBe(renderReport(result, format));
    }
  });

  it('gathers small chunks into writes of at least chunkSize characters by default', async () => {
    const result = resultWith(bulkFindings(2000));
    const chunks: string[] = [];
    await writeReport(spooled(result), 'csv', {}, (c) => {
      chunks.push(c);
    });
    expect(chunks.join('')).toBe(renderReport(result, 'csv'));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(64 * 1024);
  });

  it('stops at the first failed write and refuses an unknown format before writing', async () => {
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error('disk full'));
    };
    await expect(writeReport(spooled(mixedResult()), 'csv', {}, failing, { chunkSize: 1 })).rejects.toThrow(
      'disk full',
    );
    expect(calls).toBe(1);
    let wrote = false;
    await expect(
      writeReport(sampleResult(), 'jsn', {}, () => {
        wrote = true;
      }),
    ).rejects.toThrow(UsageError);
    expect(wrote).toBe(false);
  });
});

/** A source whose findings cannot be read at all. */
const unreadable: FindingSource = {
  get size(): number {
    throw new Error('size read');
  },
  [Symbol.iterator]() {
    throw new Error('findings read');
  },
  sorted() {
    throw new Error('findings read');
  },
  accounts() {
    throw new Error('findings read');
  },
  ofAccount() {
    throw new Error('findings read');
  },
};

describe('failOnExitCode', () => {
  it('decides from the FAIL counts by severity, without reading a finding', () => {
    for (const failing of SEVERITIES) {
      const scored = resultWith(bulkFindings(2).map((f) => ({ ...f, severity: failing })));
      const result: StreamedResult = { ...scored, findings: unreadable };
      for (const threshold of SEVERITIES) {
        const expected = SEVERITIES.indexOf(failing) <= SEVERITIES.indexOf(threshold) ? 1 : 0;
        expect(failOnExitCode(result, threshold), `${failing} at ${threshold}`).toBe(expected);
      }
    }
  });

  it('never gates on ERROR, N/A or PASS counts', () => {
    for (const status of ['ERROR', 'NOT_APPLICABLE', 'PASS'] as const) {
      const scored = resultWith(
        bulkFindings(3).map((f) => ({ ...f, status, severity: 'critical' as Severity })),
      );
      expect(failOnExitCode({ ...scored, findings: unreadable }, 'informational')).toBe(0);
    }
  });
});

/**
 * A finding source that counts how it is read and throws on anything but the `FindingSource` API
 * (no array methods, no `length`), so a renderer that treats findings as an array fails.
 */
function countingSource(findings: readonly Finding[]) {
  const inner = new MemoryFindings(findings);
  const calls = { iterate: 0, sorted: 0, accounts: 0, ofAccount: 0, size: 0 };
  const api: FindingSource = {
    get size() {
      calls.size++;
      return inner.size;
    },
    [Symbol.iterator]() {
      calls.iterate++;
      return inner[Symbol.iterator]();
    },
    sorted() {
      calls.sorted++;
      return inner.sorted();
    },
    accounts() {
      calls.accounts++;
      return inner.accounts();
    },
    ofAccount(account: string) {
      calls.ofAccount++;
      return inner.ofAccount(account);
    },
  };
  const allowed = new Set<PropertyKey>(['size', 'sorted', 'accounts', 'ofAccount', Symbol.iterator]);
  const source = new Proxy(api, {
    get(target, key, receiver) {
      if (!allowed.has(key)) throw new Error(`a renderer read findings.${String(key)}`);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { source, calls };
}

describe('renderers read findings only through the FindingSource API', () => {
  const result = mixedResult();
  const accounts = new Set(result.findings.map((f) => f.account)).size;

  it.each([
    ['text', { iterate: 1, sorted: 0, ofAccount: 0 }],
    ['json', { iterate: 1, sorted: 0, ofAccount: 0 }],
    ['ocsf', { iterate: 0, sorted: 1, ofAccount: 0 }],
    ['csv', { iterate: 0, sorted: 1, ofAccount: 0 }],
    // Suites: one read per account, plus one to place each of the two unlisted accounts.
    ['junit', { iterate: 0, sorted: 0, ofAccount: accounts + 2 }],
  ] as const)('%s', (format, expected) => {
    const { source, calls } = countingSource(result.findings);
    const out = renderReport({ ...result, findings: source }, format);
    expect(out).toBe(renderReport(result, format));
    expect({ iterate: calls.iterate, sorted: calls.sorted, ofAccount: calls.ofAccount }).toEqual(expected);
  });

  it('asff: one pass in report order, then accounts one at a time', () => {
    const { source, calls } = countingSource(result.findings);
    expect(renderReport({ ...result, findings: source }, 'asff')).toBe(renderReport(result, 'asff'));
    expect(calls.sorted).toBe(1);
    expect(calls.iterate).toBe(0);
    expect(calls.ofAccount).toBeGreaterThanOrEqual(accounts);
  });

  it('html: one pass for the heatmaps, two in report order for the data block', () => {
    const { source, calls } = countingSource(result.findings);
    expect(renderHtml({ ...result, findings: source })).toBe(renderHtml(result));
    expect(calls).toMatchObject({ iterate: 1, sorted: 2, ofAccount: 0 });
    const withBaseline = countingSource(result.findings);
    const baseline = countingSource(sampleResult().findings);
    expect(
      renderHtml(
        { ...result, findings: withBaseline.source },
        { baseline: { ...sampleResult(), findings: baseline.source } },
      ),
    ).toBe(renderHtml(result, { baseline: sampleResult() }));
    expect(withBaseline.calls).toMatchObject({ iterate: 2, sorted: 2 });
    expect(baseline.calls).toMatchObject({ iterate: 1, sorted: 0 });
  });

  it('text skips the findings entirely when the scores count no ERROR', () => {
    const passing = resultWith(bulkFindings(5, MGMT).map((f) => ({ ...f, status: 'PASS' as const })));
    const { source, calls } = countingSource(passing.findings);
    expect(renderReport({ ...passing, findings: source }, 'text')).toBe(renderReport(passing, 'text'));
    expect(calls.iterate + calls.sorted + calls.ofAccount).toBe(0);
  });
});
