/**
 * Controls and findings. A control is metadata beside a pure `evaluate` function over the Inventory
 * (DESIGN.md "The shape we want"): what it checks, why, where, how to fix it and what it reads.
 */
import type { AccountRoleId, CapabilityId, PrincipleId } from '../catalog/ids.js';
import type { AccountInfo, DataError, Datum } from '../observe/types.js';
import type { InventoryView } from '../observe/view.js';
import type { Blueprint } from '../blueprint/index.js';

/** Severity of a control, highest first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;

/** Severity of a control. */
export type Severity = (typeof SEVERITIES)[number];

/** Outcome of a control for one resource. */
export type Status = 'PASS' | 'FAIL' | 'NOT_APPLICABLE' | 'ERROR';

/** Where a control is evaluated. */
export type ControlScope =
  /** Once for the organization (evaluated in the context of the management account). */
  | 'organization'
  /** Once per account the control applies to. */
  | 'account'
  /** Once per account the control applies to and governed Region. */
  | 'region';

/** External references of a control. */
export interface ControlRefs {
  /** AWS sra-verify check ids, e.g. `SRA-GUARDDUTY-01`. */
  sraVerify?: string[];
  /** Security Hub FSBP control ids, e.g. `GuardDuty.1`. */
  fsbp?: string[];
  /** CIS AWS Foundations Benchmark ids (v3.0), e.g. `4.16`. */
  cis?: string[];
}

/** How to fix a failing control. */
export interface Remediation {
  /** Blueprint key that makes sra-kit fix it, e.g. `threatDetection.guardduty`. */
  blueprint?: string;
  /** Console or CLI steps for doing it by hand. */
  manual: string;
}

/** What `evaluate` returns for one resource. */
export interface Outcome {
  /** Result. */
  status: Status;
  /** Resource the outcome is about (ARN, id or name); defaults to the account (and Region). */
  resource?: string;
  /** One sentence on what was found. */
  message: string;
  /** What the SRA expects (evidence). */
  expected?: unknown;
  /** What was found (evidence). */
  actual?: unknown;
  /** For ERROR: the failed read behind it. */
  error?: DataError;
}

/** What a control's `evaluate` sees. */
export interface EvalContext {
  /**
   * The inventory: organization-wide data in memory, each account's slices on demand. Controls read
   * slices through {@link EvalContext.accountSlice} and {@link EvalContext.regionSlice}; a question about
   * every account goes through `inventory.memo` so it is answered once per run.
   */
  readonly inventory: InventoryView;
  /** The blueprint, when verify runs with one. */
  readonly blueprint?: Blueprint;
  /** Account being evaluated (the management account for organization scope). */
  readonly account: AccountInfo;
  /** Region being evaluated (the home Region for organization and account scope). */
  readonly region: string;
  /** SRA roles of the account being evaluated. */
  readonly roles: readonly AccountRoleId[];
  /** Account ids holding each role (`security-tooling` → `['2222…']`). */
  readonly roleAccounts: Readonly<Partial<Record<AccountRoleId, readonly string[]>>>;
  /** Organization-scope slice by collector id. */
  org<S>(collectorId: string): S | undefined;
  /** Account-scope slice of `account` (default: the account being evaluated). */
  accountSlice<S>(collectorId: string, account?: string): S | undefined;
  /** Region-scope slice of `account` in `region` (defaults: the account and Region being evaluated). */
  regionSlice<S>(collectorId: string, account?: string, region?: string): S | undefined;
  /**
   * The value of a datum, or throws so the engine records ERROR with the read's reason. A missing
   * datum (`undefined`: the collector did not run or the slice is absent) is an ERROR too.
   */
  need<T>(datum: Datum<T> | undefined, what: string): T;
}

/** A control: metadata beside logic. */
export interface Control {
  /** Stable kebab id, `service.what`, e.g. `guardduty.detector-enabled`. */
  readonly id: string;
  /** One line, stating the desired state. */
  readonly title: string;
  /** Severity when it fails. */
  readonly severity: Severity;
  /** AWS CAF capabilities it serves (at least one). */
  readonly capabilities: readonly CapabilityId[];
  /** Well-Architected principles it serves (at least one). */
  readonly principles: readonly PrincipleId[];
  /** Account roles it applies to; `all` for every account. */
  readonly appliesTo: readonly AccountRoleId[] | 'all';
  /** Where it is evaluated. */
  readonly scope: ControlScope;
  /** Service key (registry id in src/catalog/services.ts), e.g. `guardduty`. */
  readonly service: string;
  /** External references. */
  readonly refs: ControlRefs;
  /** Why it matters: the risk when it fails. */
  readonly risk: string;
  /** How to fix it. */
  readonly remediation: Remediation;
  /** Collector ids whose slices it reads. */
  readonly uses: readonly string[];
  /** Evaluates the control; one outcome or several (one per resource). Pure: no I/O. */
  evaluate(ctx: EvalContext): Outcome | Outcome[];
}

/** Identity helper for writing a control with type checking. */
export function defineControl(control: Control): Control {
  return control;
}

/** A PASS outcome. */
export function pass(
  message: string,
  evidence: Partial<Pick<Outcome, 'resource' | 'actual' | 'expected'>> = {},
): Outcome {
  return { status: 'PASS', message, ...evidence };
}

/** A FAIL outcome with its evidence. */
export function fail(
  message: string,
  evidence: Partial<Pick<Outcome, 'resource' | 'actual' | 'expected'>> = {},
): Outcome {
  return { status: 'FAIL', message, ...evidence };
}

/** A NOT_APPLICABLE outcome with the reason. */
export function notApplicable(message: string, resource?: string): Outcome {
  return { status: 'NOT_APPLICABLE', message, ...(resource ? { resource } : {}) };
}

/** Thrown by `ctx.need` when a read failed or is missing; the engine turns it into ERROR. */
export class MissingData extends Error {
  constructor(
    readonly what: string,
    readonly error: DataError | undefined,
  ) {
    super(error ? `could not read ${what}: ${error.message}` : `${what} was not collected`);
    this.name = 'MissingData';
  }
}

/** One finding: a control's outcome for one account, Region and resource. */
export interface Finding {
  /** Control id. */
  controlId: string;
  /** Result. */
  status: Status;
  /** Severity (the control's). */
  severity: Severity;
  /** Account evaluated. */
  account: string;
  /** Region evaluated (omitted for organization and account scope). */
  region?: string;
  /** Resource the finding is about. */
  resource: string;
  /** What was found. */
  message: string;
  /** Evidence. */
  expected?: unknown;
  /** Evidence. */
  actual?: unknown;
  /** For ERROR: why. */
  error?: DataError;
}
