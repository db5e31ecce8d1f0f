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
import type { VerifyResult } from '../verify/result.js';
import type { Finding } from '../verify/types.js';
import { evidenceText, indexResult, remediationText, sortFindings, type ResultIndex } from './common.js';

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
  return {
    tests: findings.length,
    failures: findings.filter((f) => f.status === 'FAIL').length,
    errors: findings.filter((f) => f.status === 'ERROR').length,
    skipped: findings.filter((f) => f.status === 'NOT_APPLICABLE').length,
  };
}

/** Renders a result as a JUnit XML document. */
export function renderJUnit(result: VerifyResult): string {
  const idx = indexResult(result);
  const timestamp = junitTimestamp(result.evaluatedAt);
  const byAccount = new Map<string, Finding[]>();
  for (const a of result.accounts) byAccount.set(a.id, []);
  for (const f of sortFindings(result.findings)) {
    let list = byAccount.get(f.account);
    if (!list) byAccount.set(f.account, (list = []));
    list.push(f);
  }
  const suites: string[] = [];
  let id = 0;
  for (const [account, findings] of byAccount) {
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
    suites.push(
      `  <testsuite${attrs({
        name: idx.accountLabel(account),
        ...count(findings),
        time: 0,
        timestamp,
        id: id++,
        package: `sra-kit.${account}`,
      })}>\n    <properties>\n${properties}\n    </properties>\n` +
        `${findings.map((f) => testcase(f, idx, result.homeRegion)).join('\n')}\n  </testsuite>`,
    );
  }
  const root = attrs({
    name: `sra verify ${result.organizationId ?? result.managementAccountId}`,
    ...count(result.findings),
    time: 0,
  });
  const body = suites.length ? `\n${suites.join('\n')}\n` : '\n';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>${body}</testsuites>\n`;
}
