/**
 * The Inventory: everything `sra verify` (and later `sra plan`) knows about an organization, read
 * once through the collectors and kept as plain JSON (`--save inventory.json`, `--from inventory.json`).
 * Every datum records whether it was read or why it could not be: a failed read is data too, and a
 * control that needed it reports ERROR, never PASS or FAIL.
 */
import type { AwsErrorKind } from '../aws/errors.js';

/** Why a datum could not be read. */
export interface DataError {
  /** Classified kind (`access-denied`, `region-disabled`, `timeout`, …) or `skipped`. */
  kind: AwsErrorKind | 'skipped';
  /** What went wrong, for people. Never contains credentials. */
  message: string;
  /** Account the read was for. */
  account: string;
  /** Region the read was for. */
  region: string;
  /** IAM-style action, e.g. `guardduty:GetDetector`. */
  operation: string;
  /** AWS error code, when AWS answered. */
  awsErrorName?: string;
}

/** One read: its value, or the reason it has none. */
export type Datum<T> = { ok: true; value: T } | { ok: false; error: DataError };

/** Where a collector runs. */
export type CollectorScope =
  /** Once per run, from the management account in the home Region (Organizations data, …). */
  | 'organization'
  /** Once per account, in the home Region (IAM, account settings, S3 account settings, …). */
  | 'account'
  /** Once per account and governed Region (GuardDuty, Config, EC2 settings, …). */
  | 'region';

/** A member account as the inventory lists it. */
export interface AccountInfo {
  /** 12-digit id. */
  id: string;
  /** Account name (free text from AWS: escape before rendering). */
  name: string;
  /** Root email, when Organizations returned it. */
  email?: string;
  /** Organizations status (`ACTIVE`, `SUSPENDED`, …). */
  status: string;
  /** Parent id (root or OU). */
  parentId?: string;
  /** OU names from the root down, e.g. `['Security']`; empty for accounts under the root. */
  ouPath: string[];
  /** Regions enabled for the account, when known (from `account:ListRegions`). */
  enabledRegions?: string[];
}

/** The collected state of an organization. Plain JSON: no Dates, Maps or class instances. */
export interface Inventory {
  /** Version of this format; bumped on incompatible change. */
  schemaVersion: 1;
  /** When collection started (ISO 8601). */
  collectedAt: string;
  /** sra-kit version that collected it. */
  toolVersion: string;
  /** Organization id (`o-…`), when readable. */
  organizationId?: string;
  /** The account whose credentials were used (the management account). */
  managementAccountId: string;
  /** Home Region. */
  homeRegion: string;
  /** Regions collected. */
  governedRegions: string[];
  /** Accounts collected (after filters). */
  accounts: AccountInfo[];
  /** Organization-scope slices by collector id. */
  organization: Record<string, unknown>;
  /** Account-scope slices: account id → collector id → slice. */
  account: Record<string, Record<string, unknown>>;
  /** Region-scope slices: account id → Region → collector id → slice. */
  region: Record<string, Record<string, Record<string, unknown>>>;
  /** Accounts or account-Regions that could not be reached at all (assume-role failed, Region disabled). */
  unreachable: DataError[];
}

/** What a collector gets to do its reads. Every read is captured as a {@link Datum}; nothing throws. */
export interface CollectContext {
  /** Account being read. */
  readonly account: string;
  /** Region being read (the home Region for organization and account scope). */
  readonly region: string;
  /** Home Region of the run. */
  readonly homeRegion: string;
  /** Regions of the run. */
  readonly governedRegions: readonly string[];
  /** Management account of the organization. */
  readonly managementAccountId: string;
  /**
   * Organization-scope slices already collected (available to account and region collectors, which
   * run after the organization collectors), e.g. to read delegated-admin data only in the admin account.
   */
  readonly organization: Readonly<Record<string, unknown>>;
  /** Accounts of the run. */
  readonly accounts: readonly AccountInfo[];
  /**
   * Waits `ms` on the run's clock before polling again (e.g. for a report AWS is still generating).
   * Collectors never use fixed sleeps otherwise.
   */
  sleep(ms: number): Promise<void>;
  /**
   * Sends one command as this account in this Region (or `region`), returning its output or the
   * reason it failed. `operation` is the IAM action (`guardduty:GetDetector`).
   */
  read<O>(Client: SdkClientClass, command: SdkCommand<O>, options?: { region?: string }): Promise<Datum<O>>;
  /**
   * Reads every page of a list call and concatenates `items(page)`. `makeCommand` receives the
   * next-page cursor to spread into its input (`{}` for the first page).
   */
  readAll<O extends object, T>(
    Client: SdkClientClass,
    makeCommand: (cursor: Readonly<Record<string, string>>) => SdkCommand<O>,
    items: (page: O) => readonly T[] | undefined,
    options?: { region?: string },
  ): Promise<Datum<T[]>>;
}

/** An AWS SDK v3 client class. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SdkClientClass = new (config: any) => { send(command: any): Promise<any> };

/**
 * An AWS SDK v3 command instance whose output is `O` (inferred from the command's own
 * `resolveMiddleware` signature, so `ctx.read(Client, new XCommand(...))` is typed without generics).
 */
export type SdkCommand<O> = {
  input: unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolveMiddleware(stack: any, configuration: any, options: any): (args: any) => Promise<{ output: O }>;
};

/**
 * Reads one slice of the inventory. One collector per service (or per concern) and scope; it lists
 * the IAM actions it may call, which is what `sra iam-policy verify` is generated from.
 */
export interface Collector<S = unknown> {
  /** Key of the slice in the inventory, e.g. `guardduty`; unique per scope. */
  readonly id: string;
  /** Where it runs. */
  readonly scope: CollectorScope;
  /** Every IAM action `collect` may call, e.g. `['guardduty:ListDetectors', 'guardduty:GetDetector']`. */
  readonly reads: readonly string[];
  /** Reads the slice. Must not throw for AWS errors (use `ctx.read`), and makes each read once. */
  collect(ctx: CollectContext): Promise<S>;
}

/** Identity helper that keeps a collector's slice type. */
export function defineCollector<S>(collector: Collector<S>): Collector<S> {
  return collector;
}

/** The value of a datum, or `undefined` when it failed or is absent. */
export function valueOf<T>(d: Datum<T> | undefined): T | undefined {
  return d && d.ok ? d.value : undefined;
}
