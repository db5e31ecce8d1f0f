/**
 * The one error family of sra-kit. Every error carries a stable code, says what went wrong, where
 * (file:line, account, Region, service, API) and what to do about it, and maps to a CLI exit code.
 */

/** Process exit codes used by the `sra` CLI (see DESIGN.md "Conventions"). */
export const ExitCode = {
  /** Everything went well. */
  Ok: 0,
  /** Findings at or above `--fail-on` were reported. */
  Findings: 1,
  /** Usage error or invalid blueprint / plan / inventory file. */
  Usage: 2,
  /** AWS access or runtime error. */
  Runtime: 3,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Where an error happened, as precisely as it is known. Every field is optional. */
export interface ErrorLocation {
  /** File the error is about (blueprint, plan, inventory). */
  file?: string;
  /** 1-based line in {@link file}. */
  line?: number;
  /** 1-based column in {@link file}. */
  column?: number;
  /** Dotted key path inside the file, e.g. `threatDetection.guardduty.protectionPlans`. */
  path?: string;
  /** 12-digit AWS account ID. */
  account?: string;
  /** AWS Region code. */
  region?: string;
  /** AWS service, e.g. `guardduty`. */
  service?: string;
  /** API operation, e.g. `CreateDetector`. */
  operation?: string;
}

/** Options accepted by {@link SraError}. */
export interface SraErrorOptions extends ErrorLocation {
  /** What the user can do about it. */
  hint?: string;
  /** Exit code the CLI uses when this error ends the run. @default ExitCode.Runtime */
  exitCode?: ExitCodeValue;
  /** The underlying error. */
  cause?: unknown;
}

/** Base class of every error sra-kit raises on purpose. */
export class SraError extends Error {
  /** Stable machine-readable code, e.g. `BLUEPRINT_INVALID`. */
  readonly code: string;
  /** Where it happened. */
  readonly where: ErrorLocation;
  /** What to do about it. */
  readonly hint: string | undefined;
  /** Exit code for the CLI. */
  readonly exitCode: ExitCodeValue;

  constructor(code: string, message: string, options: SraErrorOptions = {}) {
    const { hint, exitCode, cause, ...where } = options;
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SraError';
    this.code = code;
    this.where = where;
    this.hint = hint;
    this.exitCode = exitCode ?? ExitCode.Runtime;
  }

  /** A one-line "where" prefix: `file:line:col` and/or `account/Region service:Operation`. */
  location(): string {
    return formatLocation(this.where);
  }

  /** Message with location and hint, for people. */
  describe(): string {
    const loc = this.location();
    const head = loc ? `${loc}: ${this.message}` : this.message;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}

/** Formats an {@link ErrorLocation} as `file:line:col path account Region service:Operation`. */
export function formatLocation(where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file) {
    let f = where.file;
    if (where.line !== undefined) f += `:${where.line}`;
    if (where.line !== undefined && where.column !== undefined) f += `:${where.column}`;
    parts.push(f);
  }
  if (where.path) parts.push(where.path);
  if (where.account) parts.push(`account ${where.account}`);
  if (where.region) parts.push(where.region);
  if (where.service || where.operation) {
    parts.push([where.service, where.operation].filter(Boolean).join(':'));
  }
  return parts.join(' ');
}

/** Raised for bad command-line usage. Exit code 2. */
export class UsageError extends SraError {
  constructor(message: string, options: Omit<SraErrorOptions, 'exitCode'> = {}) {
    super('USAGE', message, { ...options, exitCode: ExitCode.Usage });
    this.name = 'UsageError';
  }
}
