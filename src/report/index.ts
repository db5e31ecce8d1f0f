/**
 * The verify outputs: every report format is a pure function `VerifyResult → string`, registered by
 * name so the CLI (`--format`) and `sra report` share one list. CI gating (`--fail-on <severity>`)
 * lives here too.
 */
import { ExitCode, UsageError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import type { VerifyResult } from '../verify/result.js';
import { SEVERITIES, type Severity } from '../verify/types.js';
import { renderAsff } from './asff.js';
import { atOrAbove } from './common.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderJUnit } from './junit.js';
import { renderOcsf } from './ocsf.js';
import { renderText } from './text.js';

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
  /** Renders a result. */
  render(result: VerifyResult, options: RenderOptions): string;
}

/** The format registry. */
export const FORMAT_INFO: Readonly<Record<ReportFormat, FormatInfo>> = {
  text: {
    name: 'text',
    description: 'terminal summary: scores by capability and principle, worst accounts, top failing controls',
    extension: 'txt',
    mediaType: 'text/plain',
    render: (r, o) => renderText(r, { color: o.color ?? false, ...(o.width ? { width: o.width } : {}) }),
  },
  json: {
    name: 'json',
    description: 'the full result, versioned (docs/schemas/verify-result.schema.json); input of sra report',
    extension: 'json',
    mediaType: 'application/json',
    render: (r) => renderJson(r),
  },
  ocsf: {
    name: 'ocsf',
    description: 'OCSF 1.3.0 Compliance Finding events (class 2003), JSON Lines',
    extension: 'ocsf.jsonl',
    mediaType: 'application/x-ndjson',
    render: (r, o) => renderOcsf(r, o.include ? { include: o.include } : {}),
  },
  asff: {
    name: 'asff',
    description: 'AWS Security Finding Format, an array of BatchImportFindings batches',
    extension: 'asff.json',
    mediaType: 'application/json',
    render: (r, o) => renderAsff(r, o.include ? { include: o.include } : {}),
  },
  csv: {
    name: 'csv',
    description: 'one row per finding with control metadata (RFC 4180, formula-safe)',
    extension: 'csv',
    mediaType: 'text/csv',
    render: (r) => renderCsv(r),
  },
  junit: {
    name: 'junit',
    description: 'JUnit XML for CI: a suite per account, a test case per check',
    extension: 'junit.xml',
    mediaType: 'application/xml',
    render: (r) => renderJUnit(r),
  },
};

/** Whether `value` names a report format. */
export function isReportFormat(value: string): value is ReportFormat {
  return (FORMATS as readonly string[]).includes(value);
}

/** Renders a result in a format. Throws a {@link UsageError} for an unknown format name. */
export function renderReport(
  result: VerifyResult,
  format: ReportFormat | string,
  options: RenderOptions = {},
): string {
  if (!isReportFormat(format)) {
    throw new UsageError(`unknown report format "${format}"`, {
      hint: [didYouMean(format, FORMATS), `formats: ${FORMATS.join(', ')}`].filter(Boolean).join(' '),
    });
  }
  return FORMAT_INFO[format].render(result, options);
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
 * above `severity`, {@link ExitCode.Ok} (0) otherwise. ERROR findings never gate: they are not
 * evidence of a gap (they are reported, and access problems are runtime errors of their own).
 */
export function failOnExitCode(result: VerifyResult, severity: Severity): 0 | 1 {
  return result.findings.some((f) => f.status === 'FAIL' && atOrAbove(f.severity, severity))
    ? ExitCode.Findings
    : ExitCode.Ok;
}

/** The renderers and helpers of each format, for library users. */
export { renderText, type TextOptions } from './text.js';
export { renderJson, parseVerifyResult, RESULT_SCHEMA_ID, RESULT_SCHEMA_PATH } from './json.js';
export { renderOcsf, toOcsfEvents, type OcsfComplianceFinding, type OcsfOptions } from './ocsf.js';
export { renderAsff, toAsffFindings, batchAsffFindings, type AsffFinding, type AsffOptions } from './asff.js';
export { renderCsv, csvField, CSV_HEADERS } from './csv.js';
export { renderJUnit, xmlAttr, xmlText, stripInvalidXmlChars } from './junit.js';
export { createProgress, SilentProgress, TtyProgress, type ProgressReporter } from './progress.js';
