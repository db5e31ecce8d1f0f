/**
 * The HTML report: one self-contained page (no external resource, no network request) with the
 * overall score, capability and principle heatmaps by account role, the organization tree, and a
 * findings table the reader filters, searches, sorts and expands in the browser.
 *
 * Safety: the data travels as JSON in `<script type="application/json">` (escaped by
 * {@link jsonForScript}), the client script builds its DOM with `textContent`, server-rendered markup
 * escapes every value with {@link escapeHtml}, and a Content-Security-Policy admits only the page's
 * own stylesheet and script by their SHA-256 hashes (no other script, no fetch, no external image),
 * so even an escaping mistake could not run injected code or send data anywhere.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { VerifyResult } from '../../verify/result.js';
import { CLIENT_SCRIPT } from './client.js';
import { diffResults, type ResultDiff } from './diff.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { buildAggregates, buildReportData } from './model.js';
import { REPORT_CSS } from './styles.js';
import { renderFindingsFrame, renderHeader, renderOverview } from './template.js';

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** A previous result: the header shows the trend, the table marks new, fixed and regressed findings. */
  baseline?: VerifyResult;
}

/** `'sha256-…'` source expression of a script or style body, for a Content-Security-Policy. */
export function cspHash(body: string): string {
  return `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
}

/**
 * The page's Content-Security-Policy: nothing by default; the one stylesheet and the one script by
 * hash; images only as `data:` URLs; no base URL, no form submission.
 */
export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Renders a verify result as one self-contained HTML page. */
export function renderHtml(result: VerifyResult, options: HtmlOptions = {}): string {
  const diff: ResultDiff | undefined = options.baseline ? diffResults(options.baseline, result) : undefined;
  const data = buildReportData(result, diff);
  const aggregates = buildAggregates(result);
  const csp = contentSecurityPolicy(CLIENT_SCRIPT, REPORT_CSS);
  const title = `SRA verify report — ${result.organizationId ?? result.managementAccountId} — ${result.evaluatedAt}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="${escapeHtml(`${result.tool.name} ${result.tool.version}`)}">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to findings</a>
${renderHeader(result, diff, options.baseline)}
<nav aria-label="Sections"><ul>
<li><a href="#heatmap">Capabilities</a></li>
<li><a href="#principles">Principles</a></li>
<li><a href="#organization">Organization</a></li>
<li><a href="#findings">Findings</a></li>
</ul></nav>
<main>
${renderOverview(aggregates)}
${renderFindingsFrame(diff !== undefined)}
</main>
<footer>Written by ${escapeHtml(`${result.tool.name} ${result.tool.version}`)}. This file is self-contained: it loads nothing from the network.</footer>
<script type="application/json" id="data">${jsonForScript(data)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

/** Renders a result as HTML and writes it to `file` (UTF-8). For `sra verify --html` and `sra demo`. */
export async function writeHtmlReport(
  file: string,
  result: VerifyResult,
  options: HtmlOptions = {},
): Promise<void> {
  await writeFile(file, renderHtml(result, options), 'utf8');
}

export { diffResults, diffKey, changeIndex } from './diff.js';
export type { ChangeKind, FindingChange, ResultDiff, ScoreDelta } from './diff.js';
export { escapeHtml, jsonForScript, anchorId, findingsRoute } from './escape.js';
export { buildReportData, buildAggregates, CHANGE_KINDS } from './model.js';
export type { ReportData, Aggregates, Heatmap, HeatCell, TreeNode, TreeAccount } from './model.js';
export { CLIENT_SCRIPT } from './client.js';
export { REPORT_CSS } from './styles.js';
