/**
 * The HTML report in a real browser: Debian's chromium driven through playwright-core. The page is
 * opened from a file (as a reader would open it); every request is recorded and anything but the page
 * itself is aborted. Checks: injected payloads never run, filters and search change the visible rows,
 * heatmap cells and tree links navigate to filtered findings, keyboard use works, light/dark/print
 * styles apply, long names and 1,000 rows keep the layout, no console error. A screenshot of a real
 * sandbox run is written to test-results/report.png.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffResults, renderHtml } from '../../src/report/html/index.js';
import type { VerifyResult } from '../../src/verify/result.js';
import { WORKLOAD } from './fixtures.js';
import { hostileResult, largeResult, PAYLOADS, sandboxResult } from './html-fixtures.js';

// The callbacks passed to page.evaluate run in the browser. The project's TypeScript lib has no DOM,
// so they see the few DOM members they use through these module-local declarations.
interface DomElement {
  id: string;
  tagName: string;
  textContent: string | null;
  attributes: ArrayLike<{ name: string }>;
  children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
}
declare const document: {
  getElementById(id: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  documentElement: { scrollWidth: number };
  activeElement: DomElement | null;
  body: DomElement;
};
declare const window: { innerWidth: number; __pwned?: unknown };
declare const location: { hash: string };
declare function getComputedStyle(element: DomElement): { backgroundColor: string };

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('test-results');
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the HTML report browser tests need Debian's chromium at ${CHROMIUM}: apt-get install chromium`,
    );
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(OUT, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  url: string;
  /** Every request the page made. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  problems: string[];
  /** alert/confirm/prompt messages. */
  dialogs: string[];
  close(): Promise<void>;
}

async function open(name: string, html: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Opened> {
  const file = resolve(OUT, `${name}.html`);
  writeFileSync(file, html, 'utf8');
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  const dialogs: string[] = [];
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForFunction(() => !document.getElementById('count')?.textContent?.startsWith('Loading'));
  return { page, url, requests, problems, dialogs, close: () => context.close() };
}

/** Visible finding rows as arrays of cell texts. */
function rows(page: Page): Promise<string[][]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('#rows tr:not(.detail)'))
      .filter((tr) => !tr.querySelector('td.empty'))
      .map((tr) => Array.from(tr.children).map((td) => td.textContent ?? '')),
  );
}

async function matchingCount(page: Page): Promise<number> {
  const text = (await page.textContent('#count')) ?? '';
  const m = /of ([\d,]+) matching/.exec(text);
  expect(m, text).not.toBeNull();
  return Number(m![1]!.replace(/,/g, ''));
}

function expectClean(o: Opened): void {
  expect(o.problems).toEqual([]);
  expect(o.dialogs).toEqual([]);
  expect(o.requests).toEqual([o.url]);
}

describe('hostile data', () => {
  it('never runs an injected payload, makes no request and shows the strings as text', async () => {
    const result = hostileResult();
    const o = await open('report-hostile', renderHtml(result));
    const { page } = o;
    try {
      // Expand every evidence panel, so the tag payloads are in the DOM too.
      for (const b of await page.$$('#rows button.toggle')) await b.click();
      const dom = await page.evaluate(() => ({
        pwned: window.__pwned,
        injected: document.querySelectorAll('img, svg, iframe, object, embed').length,
        scripts: document.querySelectorAll('script').length,
        handlers: Array.from(document.querySelectorAll('*')).flatMap((e) =>
          Array.from(e.attributes)
            .filter((a) => a.name.toLowerCase().startsWith('on'))
            .map((a) => `${e.tagName} ${a.name}`),
        ),
        hrefs: Array.from(document.querySelectorAll('[href]')).map((e) => e.getAttribute('href') ?? ''),
        tree: document.getElementById('organization')?.textContent ?? '',
        findings: document.getElementById('rows')?.textContent ?? '',
      }));
      expect(dom.pwned).toBeUndefined();
      expect(dom.injected).toBe(0);
      expect(dom.scripts).toBe(2);
      expect(dom.handlers).toEqual([]);
      for (const href of dom.hrefs) expect(href.startsWith('#'), href).toBe(true);
      // The payloads are shown verbatim as text.
      expect(dom.tree).toContain(PAYLOADS.script);
      expect(dom.tree).toContain(PAYLOADS.img);
      expect(dom.tree).toContain(PAYLOADS.js);
      expect(dom.findings).toContain(PAYLOADS.closeData);
      expect(dom.findings).toMatch(/arn:aws:s3:::bucket-\d+"><img src=x onerror=/);
      // An account named "javascript:…" is just a filter value.
      await page.selectOption('#f-account', WORKLOAD);
      const visible = await rows(page);
      expect(visible.length).toBe(result.findings.filter((f) => f.account === WORKLOAD).length);
      for (const r of visible) expect(r[3]).toContain(PAYLOADS.js);
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      expectClean(o);
    } finally {
      await o.close();
    }
  });
});

describe('a real sandbox run with a baseline', () => {
  let previous: VerifyResult;
  let current: VerifyResult;
  let o: Opened;

  beforeAll(async () => {
    // The baseline: the same organization a month earlier, before the SRA was fully deployed.
    previous = { ...(await sandboxResult('half-deployed')), evaluatedAt: '2025-12-01T09:00:00.000Z' };
    current = await sandboxResult('drifted');
    o = await open('report', renderHtml(current, { baseline: previous }));
  });
  afterAll(async () => {
    await o?.close();
  });

  it('writes a screenshot', async () => {
    await o.page.screenshot({ path: resolve(OUT, 'report.png') });
    expect(existsSync(resolve(OUT, 'report.png'))).toBe(true);
  });

  it('navigates from a heatmap cell to exactly the failing findings behind it', async () => {
    const { page } = o;
    const link = page.locator('#capability-heatmap a[href*="role="][href$="status=FAIL"]').first();
    const href = (await link.getAttribute('href'))!;
    const params = new URLSearchParams(href.split('?')[1]);
    const capability = params.get('capability')!;
    const role = params.get('role')!;
    await link.click();
    expect(await page.evaluate(() => location.hash)).toBe(href);
    expect(await page.inputValue('#f-capability')).toBe(capability);
    expect(await page.inputValue('#f-role')).toBe(role);
    expect(await page.inputValue('#f-status')).toBe('FAIL');
    const controls = new Map(current.controls.map((c) => [c.id, c]));
    const roles = new Map(current.roles.map((r) => [r.account, r.roles as string[]]));
    const expected = current.findings.filter(
      (f) =>
        f.status === 'FAIL' &&
        (controls.get(f.controlId)!.capabilities as string[]).includes(capability) &&
        roles.get(f.account)!.includes(role),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(await matchingCount(page)).toBe(expected.length);
    const visible = await rows(page);
    expect(visible.length).toBe(Math.min(200, expected.length));
    const ids = new Set(expected.map((f) => f.controlId));
    for (const r of visible) {
      expect(r[0]).toBe('FAIL');
      expect([...ids].some((id) => r[2]!.startsWith(id))).toBe(true);
    }
    expectClean(o);
  });

  it('lists the new findings from the trend and marks them', async () => {
    const { page } = o;
    const diff = diffResults(previous, current);
    expect(diff.new.length).toBeGreaterThan(0);
    await page.click('a[href="#findings?change=new"]');
    expect(await page.inputValue('#f-change')).toBe('new');
    expect(await matchingCount(page)).toBe(diff.new.length);
    for (const r of await rows(page)) expect(r[7]).toBe('new');
    expectClean(o);
  });

  it('works from the keyboard: tree links, evidence panels, reset', async () => {
    const { page } = o;
    const account = current.roles.find((r) => r.roles.includes('security-tooling'))!.account;
    await page.focus(`#account-${account} a.name`);
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#f-account')).toBe(account);
    // Focus moved to the findings heading; Tab walks into the filters.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('findings-title');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-capability');
    const first = page.locator('#rows button.toggle').first();
    await first.focus();
    await page.keyboard.press('Enter');
    expect(await first.getAttribute('aria-expanded')).toBe('true');
    const panel = (await page.textContent('#rows tr.detail'))!;
    expect(panel).toContain('Expected');
    expect(panel).toContain('Actual');
    const row = (await rows(page))[0]!;
    const control = current.controls.find((c) => row[2]!.startsWith(c.id))!;
    if (control.remediation.blueprint) expect(panel).toContain(control.remediation.blueprint);
    await page.keyboard.press('Enter');
    expect(await page.locator('#rows tr.detail').count()).toBe(0);
    await page.click('#reset');
    expect(await matchingCount(page)).toBe(current.findings.length);
    expectClean(o);
  });
});

describe('1,000 accounts × 200 controls', () => {
  const result = largeResult(1000, 200);
  let o: Opened;

  beforeAll(async () => {
    o = await open('report-large', renderHtml(result));
  });
  afterAll(async () => {
    await o?.close();
  });

  it('renders a page of rows and shows more on request', async () => {
    const { page } = o;
    expect(await matchingCount(page)).toBe(200_000);
    expect(await page.locator('#rows tr').count()).toBe(200);
    await page.click('#more');
    expect(await page.locator('#rows tr').count()).toBe(400);
    expectClean(o);
  });

  it('filters by status, role, service, severity and free text', async () => {
    const { page } = o;
    await page.selectOption('#f-status', 'FAIL');
    expect(await matchingCount(page)).toBe(result.findings.filter((f) => f.status === 'FAIL').length);
    for (const r of await rows(page)) expect(r[0]).toBe('FAIL');

    await page.selectOption('#f-role', 'security-tooling');
    const tooling = result.roles.find((r) => r.roles.includes('security-tooling'))!.account;
    const expected = result.findings.filter((f) => f.status === 'FAIL' && f.account === tooling);
    expect(await matchingCount(page)).toBe(expected.length);
    for (const r of await rows(page)) expect(r[3]).toContain(tooling);

    await page.click('#reset');
    await page.selectOption('#f-service', 'svc3');
    await page.selectOption('#f-severity', 'critical');
    const bySvc = result.findings.filter((f) => f.controlId.startsWith('svc3.') && f.severity === 'critical');
    expect(await matchingCount(page)).toBe(bySvc.length);

    await page.click('#reset');
    await page.fill('#q', 'Account 77');
    await page.waitForFunction(() => !/of 200,000 /.test(document.getElementById('count')!.textContent!));
    const named = result.accounts.filter((a) => a.name.toLowerCase().includes('account 77')).map((a) => a.id);
    expect(await matchingCount(page)).toBe(result.findings.filter((f) => named.includes(f.account)).length);
    for (const r of await rows(page)) expect(r[3]).toMatch(/^Account 77/);
    expectClean(o);
  });

  it('sorts by a column in both directions', async () => {
    const { page } = o;
    await page.click('#reset');
    await page.selectOption('#f-status', 'FAIL');
    await page.click('th[data-sort=account] button');
    expect(await page.getAttribute('th[data-sort=account]', 'aria-sort')).toBe('ascending');
    const names = (await rows(page)).map((r) => r[3]!);
    const sorted = [...result.accounts]
      .map((a) => a.name)
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    expect(names[0]!.startsWith(sorted[0]!)).toBe(true);
    await page.click('th[data-sort=account] button');
    expect(await page.getAttribute('th[data-sort=account]', 'aria-sort')).toBe('descending');
    const last = (await rows(page))[0]![3]!;
    expect(last.startsWith(sorted[sorted.length - 1]!)).toBe(true);
    expectClean(o);
  });

  it('keeps the layout with 1,000 rows and very long account names', async () => {
    const { page } = o;
    await page.click('#reset');
    const longName = result.accounts[5]!.name;
    expect(longName.length).toBeGreaterThan(200);
    await page.fill('#q', 'extremely-long-account-name');
    await page.waitForFunction(() => !/of 200,000 /.test(document.getElementById('count')!.textContent!));
    expect(await matchingCount(page)).toBeGreaterThan(1000);
    for (let i = 0; i < 4; i++) await page.click('#more');
    expect(await page.locator('#rows tr').count()).toBe(1000);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    for (const r of await rows(page))
      expect(r[3]).toMatch(/^(Extremely-long-account-name-without-spaces-){6}/);
    expectClean(o);
  });
});

describe('styles', () => {
  it('follows prefers-color-scheme and hides the controls in print', async () => {
    const html = renderHtml(hostileResult());
    const luminance = async (scheme: 'light' | 'dark') => {
      const o = await open(`report-${scheme}`, html, scheme);
      try {
        const rgb = await o.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
        expectClean(o);
        if (scheme === 'light') {
          await o.page.emulateMedia({ media: 'print' });
          expect(await o.page.locator('#filters').isVisible()).toBe(false);
          expect(await o.page.locator('table.findings').isVisible()).toBe(true);
        }
        return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
      } finally {
        await o.close();
      }
    };
    expect(await luminance('light')).toBeGreaterThan(0.8);
    expect(await luminance('dark')).toBeLessThan(0.2);
  });
});
