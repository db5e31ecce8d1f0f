/**
 * The HTML report without a browser: escaping of every hostile string, the Content-Security-Policy
 * hashes, the embedded data (it decodes back to the result), heatmap scores, the baseline diff and
 * the size of a 1,000-account × 200-control report.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_SCRIPT,
  REPORT_CSS,
  anchorId,
  buildAggregates,
  diffResults,
  escapeHtml,
  findingsRoute,
  jsonForScript,
  renderHtml,
  type ReportData,
} from '../../src/report/html/index.js';
import type { VerifyResult } from '../../src/verify/result.js';
import { scoreFindings } from '../../src/verify/score.js';
import type { Finding } from '../../src/verify/types.js';
import { AUDIT, HOSTILE_AWS_MESSAGE, MGMT, NAMES, rolesOf, sampleResult, WORKLOAD } from './fixtures.js';
import { hostileResult, largeResult, PAYLOADS } from './html-fixtures.js';

/** The page split into its markup, its JSON data block and its script. */
function parts(html: string) {
  const data = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html);
  const script = /<script>([\s\S]*?)<\/script>\s*<\/body>/.exec(html);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  expect(data && script && style && csp).toBeTruthy();
  const markup = html.replace(data![0], '').replace(script![0], '').replace(style![0], '');
  return {
    markup,
    dataText: data![1]!,
    data: JSON.parse(data![1]!) as ReportData,
    script: script![1]!,
    style: style![1]!,
    csp: csp![1]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"'),
  };
}

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

describe('escaping', () => {
  it('escapeHtml escapes markup and quote characters and drops characters HTML forbids', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
    expect(escapeHtml('a\u0000b\u0008c\u001bd\uFFFEe')).toBe('abcde');
    expect(escapeHtml('lone \uD800 surrogate')).toBe('lone \uFFFD surrogate');
    expect(escapeHtml('emoji 😀 stays')).toBe('emoji 😀 stays');
    expect(escapeHtml(undefined)).toBe('');
  });

  it('jsonForScript leaves no character that could end or confuse the script element', () => {
    const value = { a: PAYLOADS.closeData, b: PAYLOADS.lineSeparators, c: '<!-- & -->' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('anchors and routes are plain fragments whatever the input', () => {
    expect(anchorId('account', 'javascript:alert(1)')).toBe('account-javascript-alert-1-');
    const route = findingsRoute({ account: PAYLOADS.img, status: 'FAIL', role: undefined });
    expect(route.startsWith('#findings?')).toBe(true);
    expect(route).not.toMatch(/[<>"' ]/);
    expect(decodeURIComponent(route.split('account=')[1]!.split('&')[0]!)).toBe(PAYLOADS.img);
  });

  it('plants no payload as markup: every hostile string appears escaped, and only there', () => {
    const result = hostileResult();
    const html = renderHtml(result, { baseline: sampleResult() });
    const { markup, dataText } = parts(html);
    // Server-rendered places: account names (tree), OU names (tree), delegated-admin principals.
    for (const name of [
      ...result.accounts.map((a) => a.name),
      ...result.organization!.ous.map((o) => o.name),
    ]) {
      expect(markup).toContain(escapeHtml(name));
    }
    for (const payload of Object.values(PAYLOADS)) {
      if (/[<>"']/.test(payload)) expect(markup).not.toContain(payload);
    }
    expect(markup).not.toMatch(/<img|<svg|<iframe|<object/i);
    // Exactly two script elements: the JSON data and the client script.
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    // No link leaves the page: every href is a fragment.
    for (const [, href] of markup.matchAll(/href="([^"]*)"/g)) expect(href!.startsWith('#')).toBe(true);
    expect(markup).not.toMatch(/href="\s*javascript:/i);
    // The data block carries the payloads only in escaped form.
    expect(dataText).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it('escapes the hostile AWS error messages and account names of the sample result', () => {
    const { markup, data } = parts(renderHtml(sampleResult()));
    expect(markup).toContain(escapeHtml(NAMES[AUDIT]));
    expect(markup).not.toContain('<script>alert');
    // Server-rendered: the unreachable-account list quotes AWS's message.
    expect(markup).toContain('&lt;AccessDenied&gt; &quot;denied&quot;, by SCP');
    // Client data: AWS messages travel unchanged (the script sets them as text).
    expect(data.strings.some((s) => s.includes(HOSTILE_AWS_MESSAGE))).toBe(true);
  });
});

describe('Content-Security-Policy', () => {
  it('admits exactly the page’s own script and stylesheet by hash, and nothing from elsewhere', () => {
    const { csp, script, style } = parts(renderHtml(hostileResult()));
    expect(script).toBe(CLIENT_SCRIPT);
    expect(style).toBe(REPORT_CSS);
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual([sha256(script)]);
    expect(directives['style-src']).toEqual([sha256(style)]);
    expect(directives['img-src']).toEqual(['data:']);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('the client script builds no markup from strings', () => {
    expect(CLIENT_SCRIPT).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
    );
  });
});

describe('embedded data', () => {
  it('decodes back to every finding of the result', () => {
    const result = hostileResult();
    const { data } = parts(renderHtml(result));
    const str = (i: number | undefined) => (i === undefined || i < 0 ? undefined : data.strings[i]);
    const decoded = data.findings.map((t) => ({
      controlId: data.controls[t[0]!]!.id,
      account: data.accounts[t[1]!]!.id,
      region: t[2]! >= 0 ? data.regions[t[2]!] : undefined,
      status: data.statuses[t[3]!],
      severity: data.severities[t[4]!],
      resource: str(t[5]),
      message: str(t[6]) ?? '',
      actual: str(t[9]),
    }));
    const expected = result.findings.map((f) => ({
      controlId: f.controlId,
      account: f.account,
      region: f.region,
      status: f.status,
      severity: f.severity,
      resource: f.resource,
      message: f.message,
      actual:
        f.actual === undefined
          ? undefined
          : typeof f.actual === 'string'
            ? f.actual
            : JSON.stringify(f.actual),
    }));
    const key = (x: { controlId: string; account: string; region?: string | undefined; resource?: string }) =>
      `${x.controlId}|${x.account}|${x.region ?? ''}|${x.resource ?? ''}`;
    expect(decoded.map(key).sort()).toEqual(expected.map(key).sort());
    const byKey = new Map(decoded.map((d) => [key(d), d]));
    for (const e of expected) expect(byKey.get(key(e))).toEqual(e);
  });

  it('lists failing findings first, then by severity', () => {
    const { data } = parts(renderHtml(sampleResult()));
    const statuses = data.findings.map((t) => data.statuses[t[3]!]);
    const firstNonFail = statuses.findIndex((s) => s !== 'FAIL');
    expect(statuses.slice(firstNonFail)).not.toContain('FAIL');
    const failSeverities = data.findings.filter((t) => t[3] === 0).map((t) => t[4]!);
    expect(failSeverities).toEqual([...failSeverities].sort((a, b) => a - b));
  });
});

describe('heatmaps and tree', () => {
  it('scores each capability × role cell like the scorer scores that subset of findings', () => {
    const result = sampleResult();
    const agg = buildAggregates(result);
    const map = agg.capabilityHeatmap;
    const controls = new Map(result.controls.map((c) => [c.id, c]));
    map.rows.forEach((row, r) => {
      map.columns.forEach((col, c) => {
        const subset = result.findings.filter(
          (f) =>
            controls.get(f.controlId)!.capabilities.includes(row.id as never) &&
            rolesOf(f.account).includes(col.id as never),
        );
        const expected = scoreFindings(subset, result.controls, rolesOf).overall;
        expect(map.cells[r]![c]!.score, `${row.id} × ${col.id}`).toBe(expected.score);
        expect(map.cells[r]![c]!.fail).toBe(expected.counts.FAIL);
      });
      expect(map.totals[r]!.score).toBe(result.scores.byCapability[row.id]?.score ?? null);
    });
  });

  it('links every evaluated cell to its findings, and failing cells to the failing ones', () => {
    const { markup } = parts(renderHtml(sampleResult()));
    const links = [
      ...markup.matchAll(
        /<td class="[^"]*"><a data-route href="([^"]*)"[^>]*><span class="n">(\d+)<\/span><span class="sub">(\d+) fail/g,
      ),
    ];
    expect(links.length).toBeGreaterThan(0);
    for (const [, href] of links)
      expect(href).toMatch(/^#findings\?(capability|principle)=[a-z-]+(&amp;role=[a-z-]+)?&amp;status=FAIL$/);
  });

  it('draws OUs under their parents, and marks delegated administrators', () => {
    const result = hostileResult();
    const tree = buildAggregates(result).tree;
    expect(tree.id).toBe('r-root');
    expect(tree.accounts.map((a) => a.account.id)).toEqual([MGMT]);
    const workloads = tree.children.find((c) => c.id === 'ou-root-workloads1')!;
    expect(workloads.children.map((c) => c.id)).toEqual(['ou-root-nested001']);
    expect(workloads.children[0]!.accounts.map((a) => a.account.id)).toEqual([WORKLOAD]);
    const audit = tree.children.flatMap((c) => c.accounts).find((a) => a.account.id === AUDIT)!;
    expect(audit.delegatedFor).toContain('guardduty.amazonaws.com');
    expect(audit.roles.map((r) => r.id)).toEqual(['security-tooling']);
  });

  it('rebuilds the tree from OU paths when the result has no organization data', () => {
    const tree = buildAggregates(sampleResult()).tree;
    expect(tree.children.map((c) => c.name)).toEqual(['Security', 'Workloads']);
    expect(tree.children[0]!.accounts).toHaveLength(2);
  });
});

describe('diffResults', () => {
  const f = (controlId: string, status: Finding['status'], resource = WORKLOAD): Finding => ({
    controlId,
    status,
    severity: 'high',
    account: WORKLOAD,
    resource,
    message: status,
  });
  const withFindings = (findings: Finding[]): VerifyResult => {
    const base = sampleResult();
    return { ...base, findings, scores: scoreFindings(findings, base.controls, rolesOf) };
  };

  it('sorts failing findings into new, regressed, fixed, still failing and unverified', () => {
    const previous = withFindings([
      f('iam.password-policy', 'PASS'),
      f('guardduty.detector-enabled', 'FAIL', 'a'),
      f('guardduty.detector-enabled', 'FAIL', 'b'),
      f('guardduty.detector-enabled', 'FAIL', 'c'),
      f('guardduty.detector-enabled', 'FAIL', 'gone'),
      f('cloudtrail.organization-trail', 'PASS'),
    ]);
    const current = withFindings([
      f('iam.password-policy', 'FAIL'), // regressed
      f('guardduty.detector-enabled', 'PASS', 'a'), // fixed
      f('guardduty.detector-enabled', 'FAIL', 'b'), // still failing
      f('guardduty.detector-enabled', 'ERROR', 'c'), // unverified
      f('guardduty.detector-enabled', 'FAIL', 'fresh'), // new
      f('cloudtrail.organization-trail', 'PASS'),
    ]);
    const d = diffResults(previous, current);
    const ids = (list: typeof d.new) => list.map((c) => (c.current ?? c.previous)!.resource);
    expect(ids(d.new)).toEqual(['fresh']);
    expect(ids(d.regressed)).toEqual([WORKLOAD]);
    expect(ids(d.fixed)).toEqual(['a']);
    expect(ids(d.unchangedFailing)).toEqual(['b']);
    expect(ids(d.unverified).sort()).toEqual(['c', 'gone']);
    expect(d.unverified.find((c) => c.previous!.resource === 'gone')!.current).toBeUndefined();
  });

  it('tells the same resource in two Regions apart', () => {
    const a = { ...f('guardduty.detector-enabled', 'FAIL'), region: 'us-east-1' };
    const b = { ...a, region: 'eu-west-1', status: 'PASS' as const };
    const d = diffResults(withFindings([a, { ...b, status: 'FAIL' }]), withFindings([a, b]));
    expect(d.fixed.map((c) => c.current!.region)).toEqual(['eu-west-1']);
    expect(d.unchangedFailing.map((c) => c.current!.region)).toEqual(['us-east-1']);
  });

  it('reports the score movement overall and by capability', () => {
    const previous = withFindings([
      f('guardduty.detector-enabled', 'FAIL'),
      f('iam.password-policy', 'PASS'),
    ]);
    const current = withFindings([f('guardduty.detector-enabled', 'PASS'), f('iam.password-policy', 'PASS')]);
    const d = diffResults(previous, current);
    expect(d.scores.overall).toEqual({
      previous: previous.scores.overall.score,
      current: 100,
      delta: 100 - previous.scores.overall.score!,
    });
    expect(d.scores.byCapability['threat-detection']).toEqual({ previous: 0, current: 100, delta: 100 });
    expect(d.scores.byCapability['identity-and-access-management']!.delta).toBe(0);
  });

  it('marks findings in the page with their change and shows the trend', () => {
    const previous = sampleResult();
    const current = resultWithOneFix(previous);
    const html = renderHtml(current, { baseline: previous });
    const { data, markup } = parts(html);
    expect(data.baseline).toBe(true);
    const fixed = data.findings.filter((t) => data.changes[t[7] ?? 0] === 'fixed');
    expect(fixed).toHaveLength(1);
    expect(data.statuses[fixed[0]![3]!]).toBe('PASS');
    expect(markup).toContain('id="f-change"');
    expect(markup).toMatch(/<a data-route href="#findings\?change=fixed">1 fixed<\/a>/);
    expect(parts(renderHtml(current)).markup).not.toContain('id="f-change"');
  });
});

function resultWithOneFix(previous: VerifyResult): VerifyResult {
  let done = false;
  const findings = previous.findings.map((f) => {
    if (!done && f.status === 'FAIL' && f.controlId === 'account.security-contact') {
      done = true;
      return { ...f, status: 'PASS' as const };
    }
    return f;
  });
  return { ...previous, findings, scores: scoreFindings(findings, previous.controls, rolesOf) };
}

describe('size', () => {
  it('keeps a 1,000-account × 200-control report (200,000 findings) under 12 MB', () => {
    const result = largeResult(1000, 200);
    expect(result.findings).toHaveLength(200_000);
    const html = renderHtml(result);
    const bytes = Buffer.byteLength(html, 'utf8');
    // The naive encoding (the findings as the JSON report writes them) is several times larger.
    const naive = Buffer.byteLength(JSON.stringify(result.findings), 'utf8');
    expect(bytes).toBeLessThan(12 * 1024 * 1024);
    expect(bytes).toBeLessThan(naive / 2);
    const { data } = parts(html);
    expect(data.findings).toHaveLength(200_000);
    expect(data.accounts).toHaveLength(1000);
    expect(data.controls).toHaveLength(200);
  });
});
