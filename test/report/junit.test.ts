import { afterAll, describe, expect, it } from 'vitest';
import { renderJUnit, stripInvalidXmlChars, xmlAttr, xmlText } from '../../src/report/junit.js';
import { AUDIT, bulkFindings, MGMT, NAMES, resultWith, sampleResult, UNREACH, WORKLOAD } from './fixtures.js';
import { removeTempFiles, saveTemp as save, xcount as count, xmllintSchema, xpath } from './checks.js';

afterAll(removeTempFiles);

describe('renderJUnit', () => {
  const result = sampleResult();
  const xml = renderJUnit(result);
  const file = save(xml);

  it('validates against the JUnit XSD', () => {
    const r = xmllintSchema(xml);
    expect(r.stderr).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('has one suite per account with findings and one test case per finding', () => {
    const accounts = new Set(result.findings.map((f) => f.account));
    expect(count(file, '/testsuites/testsuite')).toBe(accounts.size);
    expect(count(file, '//testcase')).toBe(result.findings.length);
    for (const account of accounts) {
      const inSuite = count(
        file,
        `//testsuite[properties/property[@name="account.id" and @value="${account}"]]/testcase`,
      );
      expect(inSuite, account).toBe(result.findings.filter((f) => f.account === account).length);
    }
  });

  it('maps FAIL to <failure>, ERROR to <error>, NOT_APPLICABLE to <skipped/> and PASS to an empty test case', () => {
    const c = result.scores.overall.counts;
    expect(count(file, '//testcase/failure')).toBe(c.FAIL);
    expect(count(file, '//testcase/error')).toBe(c.ERROR);
    expect(count(file, '//testcase/skipped')).toBe(c.NOT_APPLICABLE);
    expect(count(file, '//testcase[not(*)]')).toBe(c.PASS);
    expect(xpath(file, 'string(//testcase[@classname="cloudtrail.organization-trail"]/failure/@type)')).toBe(
      'high',
    );
    expect(xpath(file, `string(//testsuite[properties/property[@value="${UNREACH}"]]//error[1]/@type)`)).toBe(
      'access-denied',
    );
  });

  it('keeps the counts of every suite and of the root equal to what they contain', () => {
    const suites = count(file, '/testsuites/testsuite');
    for (let i = 1; i <= suites; i++) {
      const s = `/testsuites/testsuite[${i}]`;
      expect(Number(xpath(file, `string(${s}/@tests)`))).toBe(count(file, `${s}/testcase`));
      expect(Number(xpath(file, `string(${s}/@failures)`))).toBe(count(file, `${s}/testcase/failure`));
      expect(Number(xpath(file, `string(${s}/@errors)`))).toBe(count(file, `${s}/testcase/error`));
      expect(Number(xpath(file, `string(${s}/@skipped)`))).toBe(count(file, `${s}/testcase/skipped`));
    }
    for (const attr of ['tests', 'failures', 'errors', 'skipped']) {
      expect(Number(xpath(file, `string(/testsuites/@${attr})`))).toBe(
        Number(xpath(file, `sum(/testsuites/testsuite/@${attr})`)),
      );
    }
  });

  it('escapes hostile account names and messages so they read back exactly (minus characters XML forbids)', () => {
    expect(xml).not.toContain('<script>');
    expect(
      xpath(file, `string(//property[@name="account.name" and ../property[@value="${AUDIT}"]]/@value)`),
    ).toBe(NAMES[AUDIT]);
    const workload = xpath(
      file,
      `string(//property[@name="account.name" and ../property[@value="${WORKLOAD}"]]/@value)`,
    );
    // The newline survives as a character reference; the C0 control and ESC are gone.
    expect(workload).toBe(stripInvalidXmlChars(NAMES[WORKLOAD]!));
    expect(workload).toContain('\n');
    expect(workload).not.toContain('\u0001');
    expect(workload).not.toContain('\u001b');
    const suiteName = xpath(file, `string(//testsuite[properties/property[@value="${MGMT}"]]/@name)`);
    expect(suiteName).toBe(`Management (${MGMT})`);
  });

  it('puts the evidence, risk and fix in the failure text', () => {
    const body = xpath(file, 'string(//testcase[@classname="cloudtrail.organization-trail"]/failure)');
    expect(body).toContain('Expected: {"multiRegion":true}');
    expect(body).toContain('"note":"a, \\"quoted\\" <value>"');
    expect(body).toContain('Fix: Set blueprint key threatDetection.cloudtrail.');
    expect(body).toContain('Risk: ');
  });

  it('stays valid for many findings and for a run without findings', () => {
    expect(xmllintSchema(renderJUnit(resultWith(bulkFindings(300)))).status).toBe(0);
    const empty = renderJUnit(resultWith([]));
    expect(xmllintSchema(empty).status).toBe(0);
    expect(count(save(empty), '//testsuite')).toBe(0);
  });
});

describe('the JUnit XSD', () => {
  const doc = (body: string, suite = 'name="s" tests="1"') =>
    `<?xml version="1.0"?>\n<testsuites><testsuite ${suite}>${body}</testsuite></testsuites>\n`;

  it('accepts a minimal valid document', () => {
    expect(xmllintSchema(doc('<testcase name="t" classname="c"/>')).status).toBe(0);
  });

  it.each([
    ['a test case without classname', doc('<testcase name="t"/>')],
    ['a failure without type', doc('<testcase name="t" classname="c"><failure message="m"/></testcase>')],
    [
      'skipped together with a failure',
      doc('<testcase name="t" classname="c"><skipped/><failure type="x"/></testcase>'),
    ],
    ['a suite without tests count', doc('<testcase name="t" classname="c"/>', 'name="s"')],
    ['a timestamp with a zone', doc('', 'name="s" tests="0" timestamp="2025-01-01T00:00:00Z"')],
    ['a negative duration', doc('<testcase name="t" classname="c" time="-1"/>')],
    ['an unknown element', doc('<testcase name="t" classname="c"><oops/></testcase>')],
  ])('rejects %s', (_what, xml) => {
    expect(xmllintSchema(xml).status).not.toBe(0);
  });
});

describe('XML escaping', () => {
  it('escapes markup in text and attributes', () => {
    expect(xmlText('a < b & c > d "q"')).toBe('a &lt; b &amp; c &gt; d "q"');
    expect(xmlAttr(`a<b&"c"'d'`)).toBe('a&lt;b&amp;&quot;c&quot;&apos;d&apos;');
    expect(xmlAttr('tab\tline\ncr\r')).toBe('tab&#9;line&#10;cr&#13;');
  });

  it('removes characters XML 1.0 forbids and keeps everything else', () => {
    expect(stripInvalidXmlChars('a\u0000b\u0008c\u000bd\u001fe\uFFFEf\uFFFFg')).toBe('abcdefg');
    expect(stripInvalidXmlChars('lone \uD800 high, lone \uDC00 low')).toBe('lone  high, lone  low');
    expect(stripInvalidXmlChars('tab\tnl\ncr\r é ✓ 😀 \u{10FFFF}')).toBe('tab\tnl\ncr\r é ✓ 😀 \u{10FFFF}');
  });
});
