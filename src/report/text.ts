/**
 * The terminal summary of a verify run: a header (organization, accounts, Regions, overall score,
 * counts by status), the nine capabilities and seven principles with their scores, the worst
 * accounts, the top failing controls with the blueprint key that fixes them, what could not be read
 * (grouped by reason) and the unreachable accounts. Pure: `StreamedResult → string`, written in
 * chunks (one per section) by {@link textChunks}. Everything but the error summary comes from the
 * scores; the error summary reads the ERROR findings once, keeping per group only what it prints.
 *
 * Every line fits in `width` columns (at most 100). Colour is applied only when asked for; the CLI
 * decides from the TTY and `NO_COLOR`. Strings that come from AWS are sanitized so they cannot move
 * the cursor or inject escape sequences.
 */
import { CAPABILITIES } from '../catalog/capabilities.js';
import { PRINCIPLES } from '../catalog/principles.js';
import { findingSource } from '../verify/findings.js';
import type { Score, StreamedResult } from '../verify/result.js';
import type { Finding, Severity } from '../verify/types.js';
import { indexResult, truncate, type ResultIndex } from './common.js';
import { makeStyle, sanitizeForTerminal, visibleWidth, type Paint, type Style } from './style.js';

/** Options of {@link renderText}. */
export interface TextOptions {
  /** Emit ANSI colours. */
  color: boolean;
  /** Terminal width; clamped to 60–100. @default 100 */
  width?: number;
  /** How many accounts the "worst accounts" table lists. @default 5 */
  topAccounts?: number;
  /** How many controls the "top failing controls" table lists. @default 10 */
  topControls?: number;
  /** How many error groups and unreachable accounts are listed before "… and N more". @default 10 */
  maxListed?: number;
}

/** Widest text report, whatever the terminal. */
export const MAX_TEXT_WIDTH = 100;
/** Narrowest text report; narrower terminals wrap. */
export const MIN_TEXT_WIDTH = 60;

interface Cell {
  text: string;
  paint?: Paint;
}

interface Column {
  header: string;
  align: 'left' | 'right';
  /** The column that shrinks (truncating its cells) when the table is too wide. */
  flex?: boolean;
}

const GAP = 2;
const INDENT = 2;

const cell = (text: string, paint?: Paint): Cell => ({
  text: sanitizeForTerminal(text),
  ...(paint ? { paint } : {}),
});

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

/** Lays out a table within `width`: the flex column gives up space first, then every column is capped. */
function table(columns: readonly Column[], rows: readonly Cell[][], width: number, style: Style): string[] {
  const widths = columns.map((c, i) =>
    Math.max(visibleWidth(c.header), ...rows.map((r) => visibleWidth(r[i]?.text ?? ''))),
  );
  const total = () => INDENT + widths.reduce((a, b) => a + b, 0) + GAP * (columns.length - 1);
  const flex = columns.findIndex((c) => c.flex);
  if (total() > width && flex >= 0) widths[flex] = Math.max(4, widths[flex]! - (total() - width));
  // Still too wide (a very narrow terminal): shave the widest columns one column at a time.
  while (total() > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 4) break;
    widths[widest]!--;
  }
  const line = (cells: readonly Cell[], header: boolean) =>
    ' '.repeat(INDENT) +
    cells
      .map((c, i) => {
        const w = widths[i]!;
        const text = truncate(c.text, w);
        const last = i === cells.length - 1;
        const padded = last ? pad(text, w, columns[i]!.align).trimEnd() : pad(text, w, columns[i]!.align);
        // Paint after padding so escape sequences never count toward the width.
        const paint = header ? style.dim : c.paint;
        return paint ? paint(padded) : padded;
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  return [
    line(
      columns.map((c) => ({ text: c.header })),
      true,
    ),
    ...rows.map((r) => line(r, false)),
  ];
}

function scoreText(score: number | null): string {
  return score === null ? '—' : String(score);
}

function scorePaint(score: number | null, style: Style): Paint {
  if (score === null) return style.dim;
  if (score >= 80) return style.green;
  if (score >= 50) return style.yellow;
  return style.red;
}

/** A 10-cell bar for a 0–100 score. */
function bar(score: number | null): string {
  if (score === null) return '';
  const full = Math.round(score / 10);
  return '█'.repeat(full) + '░'.repeat(10 - full);
}

function severityPaint(severity: Severity, style: Style): Paint {
  if (severity === 'critical' || severity === 'high') return style.red;
  if (severity === 'medium') return style.yellow;
  return style.dim;
}

const EMPTY_SCORE: Score = {
  score: null,
  counts: { PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, ERROR: 0 },
  passWeight: 0,
  failWeight: 0,
};

function heading(title: string, style: Style): string {
  return style.bold(title);
}

function header(result: StreamedResult, idx: ResultIndex, width: number, style: Style): string[] {
  const overall = result.scores.overall;
  const org = result.organizationId ? `organization ${result.organizationId}` : 'organization (id unknown)';
  const mgmt = sanitizeForTerminal(idx.accountLabel(result.managementAccountId));
  const regions = result.governedRegions.map((r) => (r === result.homeRegion ? `${r} (home)` : r));
  const n = result.accounts.length;
  const c = overall.counts;
  const counts = [
    style.red(`FAIL ${c.FAIL}`),
    style.magenta(`ERROR ${c.ERROR}`),
    style.green(`PASS ${c.PASS}`),
    style.dim(`N/A ${c.NOT_APPLICABLE}`),
  ].join('  ');
  const score = scorePaint(
    overall.score,
    style,
  )(overall.score === null ? 'no score (nothing evaluated)' : `${overall.score}/100`);
  return [
    style.bold(truncate(`sra verify · ${org} · management ${mgmt}`, width)),
    truncate(
      `${n} ${n === 1 ? 'account' : 'accounts'} · ${regions.length} ${regions.length === 1 ? 'Region' : 'Regions'}: ` +
        regions.join(', '),
      width,
    ),
    truncate(`evaluated ${result.evaluatedAt} · ${result.controls.length} controls`, width),
    '',
    // Counts move to their own line when both do not fit.
    ...(visibleWidth(`Overall score ${score}   ${counts}`) <= width
      ? [`Overall score ${score}   ${counts}`]
      : [`Overall score ${score}`, counts]),
  ];
}

function dimensionTable(
  title: string,
  items: readonly { id: string; name: string }[],
  scores: Readonly<Record<string, Score>>,
  width: number,
  style: Style,
): string[] {
  const withBar = width >= 80;
  const columns: Column[] = [
    { header: title, align: 'left', flex: true },
    { header: 'SCORE', align: 'right' },
    ...(withBar ? [{ header: '', align: 'left' as const }] : []),
    { header: 'PASS', align: 'right' },
    { header: 'FAIL', align: 'right' },
    { header: 'ERROR', align: 'right' },
  ];
  const rows = items.map((item) => {
    const s = scores[item.id] ?? EMPTY_SCORE;
    const paint = scorePaint(s.score, style);
    return [
      cell(item.name),
      cell(scoreText(s.score), paint),
      ...(withBar ? [cell(bar(s.score), paint)] : []),
      cell(String(s.counts.PASS)),
      cell(String(s.counts.FAIL), s.counts.FAIL ? style.red : undefined),
      cell(String(s.counts.ERROR), s.counts.ERROR ? style.magenta : undefined),
    ];
  });
  return table(columns, rows, width, style);
}

function worstAccounts(result: StreamedResult, idx: ResultIndex, top: number, width: number, style: Style) {
  const ranked = Object.entries(result.scores.byAccount)
    .filter(([, s]) => s.score !== null)
    .sort(([a, x], [b, y]) => x.score! - y.score! || y.failWeight - x.failWeight || a.localeCompare(b))
    .slice(0, top);
  if (ranked.length === 0) return [style.dim('  No account has been scored.')];
  const columns: Column[] = [
    { header: 'ACCOUNT', align: 'left' },
    { header: 'NAME', align: 'left', flex: true },
    { header: 'ROLE', align: 'left' },
    { header: 'SCORE', align: 'right' },
    { header: 'FAIL', align: 'right' },
    { header: 'ERROR', align: 'right' },
  ];
  const rows = ranked.map(([id, s]) => [
    cell(id),
    cell(idx.account(id)?.name ?? ''),
    cell(idx.roles(id)?.roles.join(', ') ?? 'unknown'),
    cell(scoreText(s.score), scorePaint(s.score, style)),
    cell(String(s.counts.FAIL), s.counts.FAIL ? style.red : undefined),
    cell(String(s.counts.ERROR), s.counts.ERROR ? style.magenta : undefined),
  ]);
  return table(columns, rows, width, style);
}

function topFailingControls(
  result: StreamedResult,
  idx: ResultIndex,
  top: number,
  width: number,
  style: Style,
) {
  const failing = Object.entries(result.scores.byControl)
    .filter(([, s]) => s.counts.FAIL > 0)
    .sort(
      ([a, x], [b, y]) => y.failWeight - x.failWeight || y.counts.FAIL - x.counts.FAIL || a.localeCompare(b),
    );
  if (failing.length === 0) return { lines: [style.green('  No failing controls.')], more: 0 };
  const columns: Column[] = [
    { header: 'SEVERITY', align: 'left' },
    { header: 'FAILING', align: 'right' },
    { header: 'CONTROL', align: 'left', flex: true },
    { header: 'FIX (blueprint key)', align: 'left' },
  ];
  const rows = failing.slice(0, top).map(([id, s]) => {
    const c = idx.control(id);
    const severity = c?.severity ?? 'informational';
    return [
      cell(severity, severityPaint(severity, style)),
      cell(String(s.counts.FAIL)),
      cell(c ? `${id} — ${c.title}` : id),
      cell(c?.remediation.blueprint ?? 'manual (see sra explain)'),
    ];
  });
  return { lines: table(columns, rows, width, style), more: Math.max(0, failing.length - top) };
}

interface ErrorGroup {
  kind: string;
  operation: string;
  findings: Finding[];
}

/**
 * ERROR findings grouped by what failed (kind of failure and the API behind it), largest group first.
 * Holds every ERROR finding; the text report itself keeps only counts and one example per group.
 */
export function groupErrors(findings: Iterable<Finding>): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const f of findings) {
    if (f.status !== 'ERROR') continue;
    const kind = f.error?.kind ?? 'unknown';
    const operation = f.error?.operation ?? 'unknown operation';
    const key = `${kind}\u0000${operation}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind, operation, findings: [] }));
    g.findings.push(f);
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.findings.length - a.findings.length ||
      a.kind.localeCompare(b.kind) ||
      a.operation.localeCompare(b.operation),
  );
}

/** What the error summary keeps of one group: a count, where it happened and one example. */
interface ErrorTally {
  kind: string;
  operation: string;
  count: number;
  accounts: Set<string>;
  regions: Set<string>;
  /** The group's first finding in evaluation order. */
  first: Finding;
}

/**
 * ERROR findings grouped like {@link groupErrors}, keeping per group only a count, the sets of
 * accounts and Regions and the first finding, so the findings themselves are never held. Reads the
 * findings in evaluation order (the example is the group's first finding, as {@link groupErrors}
 * gives it); skips the read when the overall score counts no ERROR.
 */
function tallyErrors(result: StreamedResult): ErrorTally[] {
  if (result.scores.overall.counts.ERROR === 0) return [];
  const groups = new Map<string, ErrorTally>();
  for (const f of findingSource(result.findings)) {
    if (f.status !== 'ERROR') continue;
    const kind = f.error?.kind ?? 'unknown';
    const operation = f.error?.operation ?? 'unknown operation';
    const key = `${kind}\u0000${operation}`;
    let g = groups.get(key);
    if (!g) {
      g = { kind, operation, count: 0, accounts: new Set(), regions: new Set(), first: f };
      groups.set(key, g);
    }
    g.count++;
    g.accounts.add(f.account);
    g.regions.add(f.region ?? result.homeRegion);
  }
  return [...groups.values()].sort(
    (a, b) => b.count - a.count || a.kind.localeCompare(b.kind) || a.operation.localeCompare(b.operation),
  );
}

function errorSummary(result: StreamedResult, max: number, width: number, style: Style): string[] {
  const groups = tallyErrors(result);
  const total = groups.reduce((n, g) => n + g.count, 0);
  const lines = [heading(`COULD NOT EVALUATE (${total} ${total === 1 ? 'check' : 'checks'})`, style)];
  if (groups.length === 0) return [...lines, style.green('  Every check could be evaluated.')];
  for (const g of groups.slice(0, max)) {
    const accounts = g.accounts.size;
    const regions = g.regions.size;
    const first = g.first;
    const where = `${accounts} ${accounts === 1 ? 'account' : 'accounts'}, ${regions} ${regions === 1 ? 'Region' : 'Regions'}`;
    const kind = sanitizeForTerminal(g.kind);
    const rest = `  ${sanitizeForTerminal(g.operation)}  ${g.count} ${g.count === 1 ? 'check' : 'checks'} in ${where}`;
    // Truncate the plain text first, then paint, so escape sequences never count toward the width.
    lines.push(`  ${style.magenta(kind)}${truncate(rest, Math.max(0, width - 2 - visibleWidth(kind)))}`);
    const example = `${first.account} ${first.region ?? result.homeRegion}: ${first.error?.message ?? first.message}`;
    lines.push(style.dim(truncate(`      e.g. ${sanitizeForTerminal(example)}`, width)));
  }
  if (groups.length > max) lines.push(style.dim(`  … and ${groups.length - max} more groups`));
  return lines;
}

function unreachableList(result: StreamedResult, idx: ResultIndex, max: number, width: number, style: Style) {
  const list = result.unreachable;
  const lines = [heading(`UNREACHABLE (${list.length})`, style)];
  if (list.length === 0) return [...lines, style.green('  Every account and Region could be reached.')];
  const columns: Column[] = [
    { header: 'ACCOUNT', align: 'left' },
    { header: 'NAME', align: 'left' },
    { header: 'REGION', align: 'left' },
    { header: 'REASON', align: 'left' },
    { header: 'DETAIL', align: 'left', flex: true },
  ];
  const rows = list
    .slice(0, max)
    .map((u) => [
      cell(u.account),
      cell(truncate(idx.account(u.account)?.name ?? '', 24)),
      cell(u.region),
      cell(u.kind, style.magenta),
      cell(`${u.operation}: ${u.message}`),
    ]);
  lines.push(...table(columns, rows, width, style));
  if (list.length > max) lines.push(style.dim(`  … and ${list.length - max} more`));
  return lines;
}

/**
 * The terminal summary in chunks, one per section (each ends with a line feed). Every section is
 * bounded by the options (top accounts, top controls, listed groups), whatever the number of findings.
 */
export function* textChunks(result: StreamedResult, options: TextOptions): Generator<string> {
  const style = makeStyle(options.color);
  const width = Math.min(MAX_TEXT_WIDTH, Math.max(MIN_TEXT_WIDTH, options.width ?? MAX_TEXT_WIDTH));
  const idx = indexResult(result);
  const max = options.maxListed ?? 10;
  const section = (lines: readonly string[]) => `${lines.join('\n')}\n`;
  yield section(header(result, idx, width, style));
  yield section([
    '',
    ...dimensionTable('CAPABILITIES (AWS CAF)', CAPABILITIES, result.scores.byCapability, width, style),
    '',
    ...dimensionTable('PRINCIPLES (Well-Architected)', PRINCIPLES, result.scores.byPrinciple, width, style),
    '',
    heading('WORST ACCOUNTS', style),
    ...worstAccounts(result, idx, options.topAccounts ?? 5, width, style),
  ]);
  const top = topFailingControls(result, idx, options.topControls ?? 10, width, style);
  yield section([
    '',
    heading('TOP FAILING CONTROLS', style),
    ...top.lines,
    ...(top.more ? [style.dim(`  … and ${top.more} more failing controls`)] : []),
  ]);
  yield section(['', ...errorSummary(result, max, width, style)]);
  yield section(['', ...unreachableList(result, idx, max, width, style)]);
}

/** Renders the terminal summary of a verify run. */
export function renderText(result: StreamedResult, options: TextOptions): string {
  return [...textChunks(result, options)].join('');
}
