import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../src/catalog/capabilities.js';
import { PRINCIPLES } from '../../src/catalog/principles.js';
import { groupErrors, renderText } from '../../src/report/text.js';
import { sanitizeForTerminal, visibleWidth } from '../../src/report/style.js';
import { AUDIT, bulkFindings, LOGS, MGMT, resultWith, sampleResult, UNREACH, WORKLOAD } from './fixtures.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (s: string) => s.replace(ANSI, '');

/** The lines of the section that starts with `title`, up to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = plain(text).split('\n');
  const start = lines.findIndex((l) => l.startsWith(title) || l.trimStart().startsWith(title));
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start, end === -1 ? undefined : end);
}

describe('renderText', () => {
  const result = sampleResult();

  it('writes no escape sequence at all without colour, even from hostile account names', () => {
    const text = renderText(result, { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u202e');
    // The workload name holds a newline: it must not break a table row.
    const row = section(text, 'WORST ACCOUNTS').find((l) => l.includes(WORKLOAD));
    expect(row).toBeDefined();
    expect(row).toContain('Workload second line');
  });

  it('colours only when asked, and colour does not change the text', () => {
    const coloured = renderText(result, { color: true });
    expect(coloured).toMatch(ANSI);
    expect(plain(coloured)).toBe(renderText(result, { color: false }));
  });

  it.each([60, 80, 100, 160])('keeps every line within %i columns (at most 100)', (width) => {
    for (const color of [false, true]) {
      const lines = renderText(result, { color, width }).split('\n');
      for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(Math.min(width, 100));
    }
  });

  it('moves the status counts to their own line when the terminal is narrow', () => {
    const base = sampleResult();
    const counts = { PASS: 1234567, FAIL: 123456, NOT_APPLICABLE: 7654321, ERROR: 12345 };
    const big = { ...base, scores: { ...base.scores, overall: { ...base.scores.overall, counts } } };
    const lines = renderText(big, { color: false, width: 60 }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('Overall score'));
    expect(lines[at]).toBe(`Overall score ${big.scores.overall.score}/100`);
    expect(lines[at + 1]).toContain('FAIL 123456');
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(60);
  });

  it('heads the report with the organization, accounts, Regions, overall score and counts', () => {
    const head = plain(renderText(result, { color: false }))
      .split('\n')
      .slice(0, 5)
      .join('\n');
    expect(head).toContain('o-1111111111');
    expect(head).toContain('Management (111111111111)');
    expect(head).toContain('5 accounts');
    expect(head).toContain('us-east-1 (home), eu-west-1');
    const c = result.scores.overall.counts;
    expect(head).toContain(`Overall score ${result.scores.overall.score}/100`);
    expect(head).toContain(`FAIL ${c.FAIL}`);
    expect(head).toContain(`ERROR ${c.ERROR}`);
    expect(head).toContain(`PASS ${c.PASS}`);
    expect(head).toContain(`N/A ${c.NOT_APPLICABLE}`);
  });

  it('lists all nine capabilities and seven principles with their scores and counts', () => {
    const text = renderText(result, { color: false });
    const caps = section(text, 'CAPABILITIES');
    expect(caps).toHaveLength(1 + 9);
    for (const cap of CAPABILITIES) {
      const line = caps.find((l) => l.includes(cap.name));
      expect(line, cap.name).toBeDefined();
      const s = result.scores.byCapability[cap.id];
      const numbers = line!.slice(line!.indexOf(cap.name) + cap.name.length).match(/\d+|—/g)!;
      if (!s) {
        expect(numbers).toEqual(['—', '0', '0', '0']);
      } else {
        expect(numbers).toEqual([
          String(s.score),
          String(s.counts.PASS),
          String(s.counts.FAIL),
          String(s.counts.ERROR),
        ]);
      }
    }
    const principles = section(text, 'PRINCIPLES');
    expect(principles).toHaveLength(1 + 7);
    for (const p of PRINCIPLES) expect(principles.some((l) => l.includes(p.name))).toBe(true);
  });

  it('lists the worst accounts lowest score first, with id, name and role, and leaves out unscored ones', () => {
    const rows = section(renderText(result, { color: false }), 'WORST ACCOUNTS').slice(2);
    const ids = rows.map((r) => /\b(\d{12})\b/.exec(r)?.[1]);
    const scores = ids.map((id) => result.scores.byAccount[id!]!.score!);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    expect(ids).not.toContain(UNREACH); // nothing could be evaluated there
    expect(rows.find((r) => r.includes(AUDIT))).toContain('security-tooling');
    expect(rows.find((r) => r.includes(AUDIT))).toContain('Audit <script>');
    expect(rows.find((r) => r.includes(LOGS))).toContain('log-archive');
  });

  it('limits the worst accounts to topAccounts', () => {
    const rows = section(renderText(result, { color: false, topAccounts: 2 }), 'WORST ACCOUNTS').slice(2);
    expect(rows).toHaveLength(2);
  });

  it('ranks failing controls by weighted failures and names the blueprint key that fixes them', () => {
    const rows = section(renderText(result, { color: false }), 'TOP FAILING CONTROLS').slice(2);
    const ids = rows.map((r) => /([a-z]+\.[a-z-]+) —/.exec(r)?.[1]);
    const weights = ids.map((id) => result.scores.byControl[id!]!.failWeight);
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
    expect(rows.find((r) => r.includes('guardduty.detector-enabled'))).toContain('threatDetection.guardduty');
    // A control without a blueprint key points to the manual steps.
    expect(rows.find((r) => r.includes('account.security-contact'))).toContain('manual');
    // Passing-only controls are not listed.
    expect(ids).not.toContain('organizations.all-features');
  });

  it('says how many more failing controls there are beyond topControls', () => {
    const text = plain(renderText(result, { color: false, topControls: 1 }));
    const failing = Object.values(result.scores.byControl).filter((s) => s.counts.FAIL > 0).length;
    expect(text).toContain(`… and ${failing - 1} more failing controls`);
  });

  it('groups what could not be evaluated by kind and API, with an example', () => {
    const groups = groupErrors(result.findings);
    expect(groups.reduce((n, g) => n + g.findings.length, 0)).toBe(result.scores.overall.counts.ERROR);
    // The unreachable account yields one ERROR per applicable control, all behind sts:AssumeRole.
    const assume = groups.find((g) => g.operation === 'sts:AssumeRole');
    expect(assume?.findings.every((f) => f.account === UNREACH)).toBe(true);
    expect(groups[0]).toBe(assume); // largest group first
    const lines = section(renderText(result, { color: false }), 'COULD NOT EVALUATE');
    expect(lines[0]).toContain(`(${result.scores.overall.counts.ERROR} checks)`);
    expect(lines.some((l) => l.includes('access-denied') && l.includes('sts:AssumeRole'))).toBe(true);
    expect(lines.some((l) => l.includes('e.g.'))).toBe(true);
  });

  it('lists unreachable accounts and Regions with the reason', () => {
    const lines = section(renderText(result, { color: false }), 'UNREACHABLE');
    expect(lines[0]).toContain('(2)');
    expect(lines.some((l) => l.includes(UNREACH) && l.includes('access-denied'))).toBe(true);
    expect(lines.some((l) => l.includes('eu-west-1') && l.includes('region-disabled'))).toBe(true);
  });

  it('reports an all-passing run without failing controls or errors', () => {
    const passing = resultWith(
      bulkFindings(3, MGMT).map((f) => ({ ...f, status: 'PASS' as const })),
      { ...sampleResult(), unreachable: [] },
    );
    const text = plain(renderText(passing, { color: false }));
    expect(text).toContain('Overall score 100/100');
    expect(text).toContain('No failing controls.');
    expect(text).toContain('Every check could be evaluated.');
    expect(text).toContain('Every account and Region could be reached.');
  });

  it('says when nothing was evaluated', () => {
    const empty = resultWith([], { ...sampleResult(), unreachable: [] });
    const text = plain(renderText(empty, { color: false }));
    expect(text).toContain('no score (nothing evaluated)');
    expect(text).toContain('No account has been scored.');
    expect(section(text, 'WORST ACCOUNTS')).toHaveLength(2);
    expect(text).not.toContain(WORKLOAD);
  });
});

describe('sanitizeForTerminal', () => {
  it('turns line breaks and tabs into spaces and other controls and bidi overrides into U+FFFD', () => {
    expect(sanitizeForTerminal('a\nb\tc\rd')).toBe('a b c d');
    expect(sanitizeForTerminal('x\u001b[2Jy\u0007\u009b\u202e\u2066z')).toBe(
      'x\uFFFD[2Jy\uFFFD\uFFFD\uFFFD\uFFFDz',
    );
    expect(sanitizeForTerminal('Ünïcode ✓')).toBe('Ünïcode ✓');
  });
});
