/** Blueprint validation results: positioned diagnostics with stable codes, and the error that carries them. */
import { ExitCode, SraError } from '../errors.js';

/**
 * Stable codes of blueprint diagnostics. Tools may match on them; the messages may change.
 *
 * - `yaml-syntax`: the file is not valid YAML. `duplicate-key`: a mapping repeats a key.
 * - `empty-blueprint`: the file holds no mapping.
 * - `unknown-key`, `missing-key`, `invalid-type`, `invalid-value`: schema errors.
 * - `invalid-account-id`: not a 12-digit string; `unquoted-account-id`: written as a YAML number.
 * - `unknown-region`: not an AWS Region code; `ungoverned-region`: a Region that is not governed;
 *   `home-region-not-governed`: the home Region is missing from `governedRegions`.
 * - `duplicate-entry`: a list repeats a value or a name.
 * - `duplicate-role`: one account holds two SRA roles; `management-account-role`: the management account
 *   holds another role (it is never a delegated administrator).
 * - `dangling-reference`: a reference to an OU or account the blueprint does not declare.
 * - `conflicting-options`: two settings that exclude each other are both set.
 * - `conflicting-placement`: an account is placed in two OUs.
 * - `inconsistent-option`: a setting needs another one that is off or narrower.
 * - `missing-cost-acknowledgement`: a costly service is enabled without `acknowledgeCost: true`.
 * - `policy-limit`: more policies attached to one target than AWS Organizations allows.
 * - `ou-cycle`, `ou-depth`: the OU tree loops or is nested deeper than AWS Organizations allows.
 */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'empty-blueprint'
  | 'unknown-key'
  | 'missing-key'
  | 'invalid-type'
  | 'invalid-value'
  | 'invalid-account-id'
  | 'unquoted-account-id'
  | 'unknown-region'
  | 'ungoverned-region'
  | 'home-region-not-governed'
  | 'duplicate-entry'
  | 'duplicate-role'
  | 'management-account-role'
  | 'dangling-reference'
  | 'conflicting-options'
  | 'conflicting-placement'
  | 'inconsistent-option'
  | 'missing-cost-acknowledgement'
  | 'policy-limit'
  | 'ou-cycle'
  | 'ou-depth';

/** One problem found in a blueprint, with its position in the source file. */
export interface BlueprintDiagnostic {
  /** The blueprint file, as the user named it. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Dotted key path, e.g. `threatDetection.guardduty.protectionPlans[1]` (empty for the whole file). */
  path: string;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** Stable machine-readable code. */
  code: DiagnosticCode;
}

/** Formats one diagnostic as `file:line:col  path  message (hint: …)`. */
export function formatDiagnostic(d: BlueprintDiagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  const parts = [where];
  if (d.path) parts.push(d.path);
  parts.push(d.hint ? `${d.message} (hint: ${d.hint})` : d.message);
  return parts.join('  ');
}

/** Orders diagnostics by position in the file (stable for equal positions). */
export function sortDiagnostics(diagnostics: BlueprintDiagnostic[]): BlueprintDiagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d);
}

/** Raised when a blueprint is invalid. Carries every diagnostic; exit code 2. */
export class BlueprintError extends SraError {
  /** Every problem found, in file order. */
  readonly diagnostics: readonly BlueprintDiagnostic[];

  constructor(file: string, diagnostics: readonly BlueprintDiagnostic[]) {
    const n = diagnostics.length;
    super('BLUEPRINT_INVALID', `${file}: ${n} blueprint ${n === 1 ? 'error' : 'errors'}`, {
      file,
      exitCode: ExitCode.Usage,
      hint: 'fix the errors listed above, then run `sra validate` again',
    });
    this.name = 'BlueprintError';
    this.diagnostics = diagnostics;
  }

  /** The summary followed by every diagnostic, one per line. */
  override describe(): string {
    const lines = this.diagnostics.map((d) => `  ${formatDiagnostic(d)}`);
    return [this.message, ...lines, `  hint: ${this.hint ?? ''}`].join('\n');
  }
}
