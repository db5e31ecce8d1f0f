/**
 * CSV: one row per finding with the control's metadata beside it, for spreadsheets and ad-hoc
 * analysis. Follows RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): a header row, CRLF line ends,
 * fields that hold a comma, a double quote, CR or LF enclosed in double quotes with inner quotes
 * doubled.
 *
 * Formula injection: spreadsheet programs treat a cell that starts with `=`, `+`, `-` or `@` (and,
 * in some of them, TAB or CR) as a formula, and a formula can fetch URLs or, through DDE, run programs
 * (`=cmd|' /C calc'!A0`). Account names, resource names and AWS error messages are chosen by whoever
 * controls an account or resource, so every cell starting with one of those characters is prefixed
 * with a single quote, which makes the spreadsheet show it as text
 * (https://owasp.org/www-community/attacks/CSV_Injection). The price is a visible leading quote on
 * such values; no column sra-kit writes holds numbers that start with `-` or `+`.
 */
import { findingSource } from '../verify/findings.js';
import type { StreamedResult } from '../verify/result.js';
import type { Finding } from '../verify/types.js';
import { evidenceText, indexResult, type ResultIndex } from './common.js';

/** Characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV column: its header and how to read it from a finding. */
interface CsvColumn {
  header: string;
  value(f: Finding, idx: ResultIndex): string;
}

const COLUMNS: readonly CsvColumn[] = [
  { header: 'status', value: (f) => f.status },
  { header: 'severity', value: (f) => f.severity },
  { header: 'control_id', value: (f) => f.controlId },
  { header: 'control_title', value: (f, idx) => idx.control(f.controlId)?.title ?? '' },
  { header: 'service', value: (f, idx) => idx.control(f.controlId)?.service ?? '' },
  { header: 'capabilities', value: (f, idx) => idx.control(f.controlId)?.capabilities.join(';') ?? '' },
  { header: 'principles', value: (f, idx) => idx.control(f.controlId)?.principles.join(';') ?? '' },
  { header: 'account_id', value: (f) => f.account },
  { header: 'account_name', value: (f, idx) => idx.account(f.account)?.name ?? '' },
  { header: 'account_roles', value: (f, idx) => idx.roles(f.account)?.roles.join(';') ?? '' },
  { header: 'region', value: (f) => f.region ?? '' },
  { header: 'resource', value: (f) => f.resource },
  { header: 'message', value: (f) => f.message },
  { header: 'expected', value: (f) => evidenceText(f.expected) },
  { header: 'actual', value: (f) => evidenceText(f.actual) },
  { header: 'error_kind', value: (f) => f.error?.kind ?? '' },
  { header: 'error_operation', value: (f) => f.error?.operation ?? '' },
  { header: 'fix_blueprint_key', value: (f, idx) => idx.control(f.controlId)?.remediation.blueprint ?? '' },
  { header: 'fix_manual', value: (f, idx) => idx.control(f.controlId)?.remediation.manual ?? '' },
  { header: 'ref_sra_verify', value: (f, idx) => idx.control(f.controlId)?.refs.sraVerify?.join(';') ?? '' },
  { header: 'ref_fsbp', value: (f, idx) => idx.control(f.controlId)?.refs.fsbp?.join(';') ?? '' },
  { header: 'ref_cis', value: (f, idx) => idx.control(f.controlId)?.refs.cis?.join(';') ?? '' },
];

/** Header names of the CSV report, in column order. */
export const CSV_HEADERS: readonly string[] = COLUMNS.map((c) => c.header);

/** Neutralizes a value a spreadsheet would evaluate as a formula (see the module comment). */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: formula-neutralized, then quoted when it holds a comma, quote, CR or LF. */
export function csvField(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV report in chunks: the header row, then one row per finding in report order (FAIL first). */
export function* csvChunks(result: StreamedResult): Generator<string> {
  const idx = indexResult(result);
  yield `${CSV_HEADERS.map(csvField).join(',')}\r\n`;
  for (const f of findingSource(result.findings).sorted()) {
    yield `${COLUMNS.map((c) => csvField(c.value(f, idx))).join(',')}\r\n`;
  }
}

/** Renders findings as CSV (FAIL first), header included, CRLF line ends. */
export function renderCsv(result: StreamedResult): string {
  return [...csvChunks(result)].join('');
}
