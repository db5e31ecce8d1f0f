/**
 * The verify outputs: every report format is a pure generator of chunks over a result whose findings
 * may live in a spool file (`StreamedResult`), registered by name so the CLI (`--format`) and
 * `sra report` share one list. {@link writeReport} writes a report chunk by chunk, so neither the
 * findings nor the output are ever held whole; {@link renderReport} joins the chunks for callers that
 * want a string. CI gating (`--fail-on <severity>`) lives here too, decided from the scores alone.
 */
import { ExitCode, UsageError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import type { StreamedResult } from '../verify/result.js';
import { SEVERITIES, type Severity } from '../verify/types.js';
import { asffChunks } from './asff.js';
import { atOrAbove } from './common.js';
import { csvChunks } from './csv.js';
import { jsonChunks } from './json.js';
import { junitChunks } from './junit.js';
import { ocsfChunks } from './ocsf.js';
import { DEFAULT_WRITE_CHUNK, writeChunks, type ChunkWriter } from './stream.js';
import { textChunks } from './text.js';

/** Names of the report formats, in the order `--help` lists them. */
export const FORMATS = ['text', 'json', 'ocsf', 'asff', 'csv', 'junit'] as const;

/** One report format name. */
export type ReportFormat = (typeof FORMATS)[number];

/** Options every renderer may use; each format reads only what concerns it. */
export interface RenderOptions {
  /** Text: emit ANSI colours (the CLI decides from the TTY and `NO_COLOR`). @default false */
  color?: boolean;
  /** Text: terminal width, clamped to 60–100. @default 100 */
  width?: number;
  /** OCSF and ASFF: `all` findings, or only `actionable` ones (FAIL and ERROR). @default 'all' */
  include?: 'all' | 'actionable';
}

/** What the registry knows about a format. */
export interface FormatInfo {
  /** Format name (`--format`). */
  name: ReportFormat;
  /** One line for `--help` and docs. */
  description: string;
  /** Usual file extension for `--output`. */
  extension: string;
  /** Media type, for uploads. */
  mediaType: string;
  /** Renders a result as one string (the chunks joined). */
  render(result: StreamedResult, options: RenderOptions): string;
  /** Renders a result in chunks, reading its findings through their `FindingSource`. */
  chunks(result: StreamedResult, options: RenderOptions): Iterable<string>;
}

/** Builds a registry entry whose `render` joins its `chunks`. */
function format(info: Omit<FormatInfo, 'render'>): FormatInfo {
  return { ...info, render: (result, options) => [...info.chunks(result, options)].join('') };
}

const include = (o: RenderOptions) => (o.include ? { include: o.include } : {});

/** The format registry. */
export const FORMAT_INFO: Readonly<Record<ReportFormat, FormatInfo>> = {
  text: format({
    name: 'text',
    description: 'terminal summary: scores by capability and principle, worst accounts, top failing controls',
    extension: 'txt',
    mediaType: 'text/plain',
    chunks: (r, o) => textChunks(r, { color: o.color ?? false, ...(o.width ? { width: o.width } : {}) }),
  }),
  json: format({
    name: 'json',
    description: 'the full result, versioned (docs/schemas/verify-result.schema.json); input of sra report',
    extension: 'json',
    mediaType: 'application/json',
    chunks: (r) => jsonChunks(r),
  }),
  ocsf: format({
    name: 'ocsf',
    description: 'OCSF 1.3.0 Compliance Finding events (class 2003), JSON Lines',
    extension: 'ocsf.jsonl',
    mediaType: 'application/x-ndjson',
    chunks: (r, o) => ocsfChunks(r, include(o)),
  }),
  asff: format({
    name: 'asff',
    description: 'AWS Security Finding Format, an array of BatchImportFindings batches',
    extension: 'asff.json',
    mediaType: 'application/json',
    chunks: (r, o) => asffChunks(r, include(o)),
  }),
  csv: format({
    name: 'csv',
    description: 'one row per finding with control metadata (RFC 4180, formula-safe)',
    extension: 'csv',
    mediaType: 'text/csv',
    chunks: (r) => csvChunks(r),
  }),
  junit: format({
    name: 'junit',
    description: 'JUnit XML for CI: a suite per account, a test case per check',
    extension: 'junit.xml',
    mediaType: 'application/xml',
    chunks: (r) => junitChunks(r),
  }),
};

/** Whether `value` names a report format. */
export function isReportFormat(value: string): value is ReportFormat {
  return (FORMATS as readonly string[]).includes(value);
}

/** The registry entry of a format name. Throws a {@link UsageError} for an unknown name. */
export function formatInfo(name: ReportFormat | string): FormatInfo {
  if (!isReportFormat(name)) {
    throw new UsageError(`unknown report format "${name}"`, {
      hint: [didYouMean(name, FORMATS), `formats: ${FORMATS.join(', ')}`].filter(Boolean).join(' '),
    });
  }
  return FORMAT_INFO[name];
}

/** Renders a result in a format. Throws a {@link UsageError} for an unknown format name. */
export function renderReport(
  result: StreamedResult,
  format: ReportFormat | string,
  options: RenderOptions = {},
): string {
  return formatInfo(format).render(result, options);
}

/** Options of {@link writeReport}. */
export interface WriteOptions {
  /**
   * Small chunks are gathered until they reach this many UTF-16 code units before `write` is called;
   * 0 or 1 passes every chunk as the renderer yields it. @default 65536
   */
  chunkSize?: number;
}

/**
 * Writes a report chunk by chunk: each call of `write` is awaited before the next chunk is rendered,
 * so a writer that honours a stream's back-pressure (waits for `drain`) keeps memory flat whatever the
 * number of findings. The chunks joined equal {@link renderReport}'s string. Throws a
 * {@link UsageError} for an unknown format name before writing anything.
 */
export async function writeReport(
  result: StreamedResult,
  format: ReportFormat | string,
  options: RenderOptions,
  write: ChunkWriter,
  writeOptions: WriteOptions = {},
): Promise<void> {
  const info = formatInfo(format);
  await writeChunks(info.chunks(result, options), write, writeOptions.chunkSize ?? DEFAULT_WRITE_CHUNK);
}

/** Parses a `--fail-on` value. Throws a {@link UsageError} naming the valid severities. */
export function parseSeverity(value: string): Severity {
  const v = value.trim().toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(v)) return v as Severity;
  throw new UsageError(`unknown severity "${value}"`, {
    hint: [didYouMean(v, SEVERITIES), `severities: ${SEVERITIES.join(', ')}`].filter(Boolean).join(' '),
  });
}

/**
 * Exit code for CI gating: {@link ExitCode.Findings} (1) when any finding FAILs with a severity at or
 * above `severity`, {@link ExitCode.Ok} (0) otherwise. Decided from the FAIL counts of
 * `scores.bySeverity` (the scorer counts every finding under its severity), so no finding is read.
 * ERROR findings never gate: they are not evidence of a gap (they are reported, and access problems
 * are runtime errors of their own).
 */
export function failOnExitCode(result: StreamedResult, severity: Severity): 0 | 1 {
  const failing = SEVERITIES.some(
    (s) => atOrAbove(s, severity) && (result.scores.bySeverity[s]?.counts.FAIL ?? 0) > 0,
  );
  return failing ? ExitCode.Findings : ExitCode.Ok;
}

/** The renderers and helpers of each format, for library users. */
export { renderText, textChunks, type TextOptions } from './text.js';
export { renderJson, jsonChunks, parseVerifyResult, RESULT_SCHEMA_ID, RESULT_SCHEMA_PATH } from './json.js';
export {
  renderOcsf,
  ocsfChunks,
  ocsfEvents,
  toOcsfEvents,
  type OcsfComplianceFinding,
  type OcsfOptions,
} from './ocsf.js';
export {
  renderAsff,
  asffChunks,
  asffBatches,
  toAsffFindings,
  batchAsffFindings,
  type AsffFinding,
  type AsffOptions,
} from './asff.js';
export { renderCsv, csvChunks, csvField, CSV_HEADERS } from './csv.js';
export { renderJUnit, junitChunks, xmlAttr, xmlText, stripInvalidXmlChars } from './junit.js';
export { writeChunks, coalesce, type ChunkWriter } from './stream.js';
export { createProgress, SilentProgress, TtyProgress, type ProgressReporter } from './progress.js';
