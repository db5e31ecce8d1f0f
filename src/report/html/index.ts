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
 *
 * The page is produced in chunks ({@link htmlChunks}): the markup, then the data block a piece at a
 * time (see `reportDataChunks`), then the script. {@link writeHtmlReport} writes the chunks to the
 * file as they come, so the findings (read through their `FindingSource`) and the page are never held
 * whole. The CSP hashes cover the script and the stylesheet only, which do not depend on the data.
 */
import { createHash } from 'node:crypto';
import { writeFileWith } from '../../util/write-file.js';
import type { StreamedResult } from '../../verify/result.js';
import { writeChunks } from '../stream.js';
import { CLIENT_SCRIPT } from './client.js';
import { diffResults, type ResultDiff } from './diff.js';
import { escapeHtml, escapeScriptJson } from './escape.js';
import { buildAggregates, reportDataChunks } from './model.js';
import { REPORT_CSS } from './styles.js';
import { renderFindingsFrame, renderHeader, renderOverview } from './template.js';

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** A previous result: the header shows the trend, the table marks new, fixed and regressed findings. */
  baseline?: StreamedResult;
  /**
   * Bound of the string table kept while the data block is written (characters plus 64 per string);
   * past it, strings that recur are written again instead of being remembered. @default 8 Mi
   */
  internBudget?: number;
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

/**
 * A verify result as one self-contained HTML page, in chunks. Reads the findings three times through
 * their `FindingSource` (heatmaps, then the data block's two passes), plus once for the baseline diff.
 */
export function* htmlChunks(result: StreamedResult, options: HtmlOptions = {}): Generator<string> {
  const diff: ResultDiff | undefined = options.baseline ? diffResults(options.baseline, result) : undefined;
  const aggregates = buildAggregates(result);
  const csp = contentSecurityPolicy(CLIENT_SCRIPT, REPORT_CSS);
  const title = `SRA verify report — ${result.organizationId ?? result.managementAccountId} — ${result.evaluatedAt}`;
  yield `<!DOCTYPE html>
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
<script type="application/json" id="data">`;
  const dataOptions = options.internBudget === undefined ? {} : { internBudget: options.internBudget };
  for (const piece of reportDataChunks(result, diff, dataOptions)) yield escapeScriptJson(piece);
  yield `</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

/** Renders a verify result as one self-contained HTML page (the chunks of {@link htmlChunks} joined). */
export function renderHtml(result: StreamedResult, options: HtmlOptions = {}): string {
  return [...htmlChunks(result, options)].join('');
}

/**
 * Renders a result as HTML and writes it to `file` (UTF-8), chunk by chunk: each write is awaited
 * before the next chunk is rendered, so memory stays bounded by one chunk whatever the number of
 * findings. The file holds exactly {@link renderHtml}'s page. For `sra verify --html` and `sra demo`.
 */
export async function writeHtmlReport(
  file: string,
  result: StreamedResult,
  options: HtmlOptions = {},
): Promise<void> {
  await writeFileWith(file, (write) => writeChunks(htmlChunks(result, options), write));
}

export { diffResults, diffKey, changeIndex } from './diff.js';
export type { ChangeKind, FindingChange, ResultDiff, ScoreDelta } from './diff.js';
export { escapeHtml, jsonForScript, escapeScriptJson, anchorId, findingsRoute } from './escape.js';
export {
  buildReportData,
  buildAggregates,
  reportDataChunks,
  CHANGE_KINDS,
  DEFAULT_INTERN_BUDGET,
} from './model.js';
export type {
  ReportData,
  ReportDataOptions,
  Aggregates,
  Heatmap,
  HeatCell,
  TreeNode,
  TreeAccount,
} from './model.js';
export { CLIENT_SCRIPT } from './client.js';
export { REPORT_CSS } from './styles.js';
