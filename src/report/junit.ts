/**
 * JUnit XML, the test-report format CI systems (Jenkins, GitLab, GitHub Actions reporters, Azure
 * Pipelines) display natively. Layout, as Ant's JUnit report and Jenkins define it:
 *
 * - one `<testsuites>` root for the run;
 * - **one `<testsuite>` per account**: every finding belongs to exactly one account, so counts add up
 *   (a suite per capability would repeat a finding in each capability its control serves). Suite
 *   properties carry the account's id, name, roles and score;
 * - one `<testcase>` per control, account, Region and resource: `classname` is the control id (so CI
 *   groups by service, then control) and `name` adds the Region and resource;
 * - `<failure>` for FAIL (type = severity), `<error>` for ERROR (type = kind of failure),
 *   `<skipped/>` for NOT_APPLICABLE, nothing for PASS.
 *
 * Every string is escaped for XML, and characters XML 1.0 cannot carry (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) are removed: account names and AWS messages can hold anything. The shape
 * is checked in the tests against `test/fixtures/junit.xsd` with `xmllint --schema`.
 */
import { compareFindings, findingSource, type FindingSource } from '../verify/findings.js';
import type { StreamedResult } from '../verify/result.js';
import type { Finding, Status } from '../verify/types.js';
import { evidenceText, indexResult, remediationText, type ResultIndex } from './common.js';

/** Characters outside XML 1.0's `Char` production (https://www.w3.org/TR/xml/#charsets). */
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 does not allow anywhere in a document. */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(INVALID_XML, '');
}

/** Escapes text content: `&`, `<`, `>` and CR (kept as a reference so parsers do not fold it). */
export function xmlText(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/**
 * Escapes an attribute value (double-quoted): markup characters, both quotes, and TAB/LF/CR as
 * character references, since parsers otherwise normalize them to spaces.
 */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

/** `key="value"` pairs, escaped, skipping undefined values. */
function attrs(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

/** Ant's JUnit timestamp: ISO 8601 without fraction or zone (the value is UTC). */
function junitTimestamp(iso: string): string | undefined {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 19);
}

function details(f: Finding, idx: ResultIndex, homeRegion: string): string {
  const c = idx.control(f.controlId);
  const lines = [
    `Control: ${f.controlId}${c ? ` — ${c.title}` : ''} (${f.severity})`,
    `Account: ${idx.accountLabel(f.account)}`,
    `Region: ${f.region ?? `${homeRegion} (organization or account scope)`}`,
    `Resource: ${f.resource}`,
    `Result: ${f.message}`,
  ];
  if (f.expected !== undefined) lines.push(`Expected: ${evidenceText(f.expected)}`);
  if (f.actual !== undefined) lines.push(`Actual: ${evidenceText(f.actual)}`);
  if (f.error) lines.push(`Could not read: ${f.error.operation} (${f.error.kind}): ${f.error.message}`);
  if (c?.risk) lines.push(`Risk: ${c.risk}`);
  const fix = remediationText(c);
  if (fix) lines.push(`Fix: ${fix}`);
  return lines.join('\n');
}

function testcase(f: Finding, idx: ResultIndex, homeRegion: string): string {
  const head = `    <testcase${attrs({
    name: `${f.controlId} [${f.region ?? 'global'}] ${f.resource}`,
    classname: f.controlId,
    time: 0,
  })}`;
  switch (f.status) {
    case 'PASS':
      return `${head}/>`;
    case 'NOT_APPLICABLE':
      return `${head}>\n      <skipped${attrs({ message: f.message })}/>\n    </testcase>`;
    case 'FAIL':
      return (
        `${head}>\n      <failure${attrs({ message: f.message, type: f.severity })}>` +
        `${xmlText(details(f, idx, homeRegion))}</failure>\n    </testcase>`
      );
    case 'ERROR':
      return (
        `${head}>\n      <error${attrs({ message: f.message, type: f.error?.kind ?? 'error' })}>` +
        `${xmlText(details(f, idx, homeRegion))}</error>\n    </testcase>`
      );
  }
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function count(findings: readonly Finding[]): Counts {
  const c = { tests: findings.length, failures: 0, errors: 0, skipped: 0 };
  for (const f of findings) {
    if (f.status === 'FAIL') c.failures++;
    else if (f.status === 'ERROR') c.errors++;
    else if (f.status === 'NOT_APPLICABLE') c.skipped++;
  }
  return c;
}

/** Run totals from the overall score's counts (the scorer counts every finding once). */
function totals(size: number, counts: Readonly<Record<Status, number>>): Counts {
  return { tests: size, failures: counts.FAIL, errors: counts.ERROR, skipped: counts.NOT_APPLICABLE };
}

/**
 * Suite order: the accounts of the result in their listed order, then accounts that have findings
 * but are not listed, in the order they first appear in report order. An account's first finding in
 * report order is the first of `ofAccount`, and report order never ties two accounts, so sorting
 * those first findings gives that order without reading every finding at once.
 */
function suiteOrder(result: StreamedResult, source: FindingSource): string[] {
  const present = new Set(source.accounts());
  const order: string[] = [];
  const listed = new Set<string>();
  for (const a of result.accounts) {
    if (present.has(a.id) && !listed.has(a.id)) order.push(a.id);
    listed.add(a.id);
  }
  const extra: Finding[] = [];
  for (const account of present) {
    if (listed.has(account)) continue;
    for (const f of source.ofAccount(account)) {
      extra.push(f);
      break;
    }
  }
  extra.sort(compareFindings);
  return [...order, ...extra.map((f) => f.account)];
}

/**
 * The JUnit report in chunks: the root element, then one suite per account (its findings are read
 * with `ofAccount`, one account at a time), one test case per chunk. The root's counts come from the
 * overall score, which counts every finding.
 */
export function* junitChunks(result: StreamedResult): Generator<string> {
  const idx = indexResult(result);
  const source = findingSource(result.findings);
  const timestamp = junitTimestamp(result.evaluatedAt);
  const root = attrs({
    name: `sra verify ${result.organizationId ?? result.managementAccountId}`,
    ...totals(source.size, result.scores.overall.counts),
    time: 0,
  });
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>`;
  let id = 0;
  for (const account of suiteOrder(result, source)) {
    const findings = [...source.ofAccount(account)];
    if (findings.length === 0) continue;
    const score = result.scores.byAccount[account]?.score;
    const roles = idx.roles(account)?.roles.join(',') ?? '';
    const properties = [
      ['account.id', account],
      ['account.name', idx.account(account)?.name ?? ''],
      ['account.roles', roles],
      ['account.score', score === null || score === undefined ? 'n/a' : String(score)],
    ]
      .map(([name, value]) => `      <property${attrs({ name, value })}/>`)
      .join('\n');
    yield `\n  <testsuite${attrs({
      name: idx.accountLabel(account),
      ...count(findings),
      time: 0,
      timestamp,
      id: id++,
      package: `sra-kit.${account}`,
    })}>\n    <properties>\n${properties}\n    </properties>`;
    for (const f of findings) yield `\n${testcase(f, idx, result.homeRegion)}`;
    yield '\n  </testsuite>';
  }
  yield '\n</testsuites>\n';
}

/** Renders a result as a JUnit XML document. */
export function renderJUnit(result: StreamedResult): string {
  return [...junitChunks(result)].join('');
}
