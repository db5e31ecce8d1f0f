/**
 * The deployment engine's vocabulary. A plan is a list of {@link Step}s — plain data: an operation name,
 * the account and Region it runs in, its parameters and the steps it waits for. Operations
 * ({@link OpHandler}) are looked up by name when the plan is applied; features ({@link Feature}) turn the
 * blueprint and the observed {@link Inventory} into steps. Nothing here talks to AWS directly.
 */
import type { AwsAccess, AwsClientCtor, AwsCommand, AwsSdkClient } from '../aws/access.js';
import type { Blueprint } from '../blueprint/schema.js';
import type { CapabilityId } from '../catalog/ids.js';
import type { AccountInfo, Inventory } from '../observe/types.js';

/** A JSON value (plans are JSON). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * A reference to an output of another step, resolved when the step runs (e.g. the ARN of a KMS key
 * created earlier in the same apply): `{ $ref: 'log-archive/333333333333/us-east-1/kms-key#arn' }`.
 */
export interface OutputRef {
  $ref: string;
}

/** What a step does to its resource, shown as `+`, `~` and `-` in plans. */
export type StepAction = 'create' | 'update' | 'delete';

/** One field a step changes, for `~` lines: `from` is the observed value, `to` the desired one. */
export interface FieldChange {
  field: string;
  from: Json;
  to: Json;
}

/** One unit of work. Plain JSON, so plans can be saved, reviewed, diffed and applied later. */
export interface Step {
  /**
   * Stable id: `<feature>/<account>/<region>/<resource>` (Region `global` for global resources). Stable
   * across runs, so a journal can be matched to a new plan and other steps can depend on it.
   */
  id: string;
  /** Operation name, looked up in the op registry (`organizations.create-ou`). */
  op: string;
  /** `create`, `update` or `delete`. */
  action: StepAction;
  /** Feature that planned the step (`organizations`, `log-archive`, …). */
  feature: string;
  /** CAF security capability the step serves (plans are grouped by it). */
  capability: CapabilityId;
  /** Account whose credentials run the step. */
  account: string;
  /** Region the step runs in (the home Region for global services). */
  region: string;
  /** Human summary, e.g. `organization trail sra-org-trail`. */
  summary: string;
  /** Operation parameters. Values may be {@link OutputRef}s to outputs of steps this one depends on. */
  params: { [key: string]: Json | OutputRef };
  /** Ids of steps that must finish first. Ids not in the plan are treated as already satisfied. */
  dependsOn: string[];
  /** For updates: the fields that change. */
  changes?: FieldChange[];
}

/** Version of the plan JSON format. */
export const PLAN_SCHEMA_VERSION = 1;

/** A plan as saved by `sra plan --out`. */
export interface Plan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  kind: 'sra-plan';
  /** `apply` converges to the blueprint; `destroy` removes what sra-kit created. */
  mode: PlanMode;
  /** sra-kit version that made the plan. */
  toolVersion: string;
  /** When the plan was made (ISO 8601). */
  createdAt: string;
  /** When the organization was observed (ISO 8601). */
  collectedAt: string;
  /** Organization the plan was made for. */
  organizationId: string;
  /** Management account the plan was made for. */
  managementAccountId: string;
  /** Home Region of the run. */
  homeRegion: string;
  /** The blueprint file the plan came from (as given) and a digest of its resolved content. */
  blueprint: { path: string; digest: string };
  /** SHA-256 over the steps (canonical JSON): a plan file and a fresh plan agree when this matches. */
  digest: string;
  /** Steps in a valid execution order. */
  steps: Step[];
  /** Things the plan deliberately leaves alone, with the reason (Control Tower's recorder, a bucket with data…). */
  notes: string[];
}

/** What a plan is for. */
export type PlanMode = 'apply' | 'destroy';

/** What an operation returns: outputs other steps can reference (`#arn`). */
export interface OpOutputs {
  [name: string]: string;
}

/** Polling options for {@link OpContext.poll}. */
export interface PollOptions {
  /** What is being waited for, for the timeout message ("GuardDuty detector of the delegated admin"). */
  what: string;
  /** Give up after this long (on the run's clock). @default 120000 */
  timeoutMs?: number;
  /** First wait between attempts; doubles up to `maxIntervalMs`. @default 1000 */
  intervalMs?: number;
  /** Longest wait between attempts. @default 15000 */
  maxIntervalMs?: number;
}

/** What an operation gets to do its work. */
export interface OpContext {
  /** Account the step runs in. */
  readonly account: string;
  /** Region the step runs in. */
  readonly region: string;
  /** The step itself (id, params already resolved). */
  readonly step: Step;
  /** Organization id and management account of the run. */
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** The access layer (credentials, retries, limits). */
  readonly access: AwsAccess;
  /**
   * Sends one command as this step's account, in its Region unless `region` is given. The IAM action
   * must be listed in the op's `calls` (by operation name or IAM action).
   */
  send<C extends AwsSdkClient, O>(
    Client: AwsClientCtor<C>,
    command: AwsCommand<O>,
    options?: { region?: string; account?: string },
  ): Promise<O>;
  /**
   * Calls `check` until it returns a value other than `undefined`, backing off on the run's clock;
   * throws a timeout error naming `what`, the account and the Region when the deadline passes. For
   * eventually consistent APIs: never use fixed sleeps.
   */
  poll<T>(check: () => Promise<T | undefined>, options: PollOptions): Promise<T>;
}

/** An operation: how one kind of step is carried out. Handlers must be idempotent. */
export interface OpHandler {
  /** Name used in steps (`<feature>.<verb>-<thing>`, e.g. `log-archive.create-bucket`). */
  readonly op: string;
  /** Every IAM action `run` may call (`s3:CreateBucket`); `sra iam-policy apply` is generated from these. */
  readonly calls: readonly string[];
  /** Parameter names the op requires (a plan file missing one is rejected before anything runs). */
  readonly required?: readonly string[];
  /**
   * Carries the step out. Must be idempotent: when the resource already exists in the wanted state
   * (e.g. a previous apply was killed after creating it), it succeeds without creating it twice.
   */
  run(ctx: OpContext, params: Readonly<Record<string, Json>>): Promise<OpOutputs | void>;
}

/** Identity helper that keeps an op's type. */
export function defineOp(op: OpHandler): OpHandler {
  return op;
}

/**
 * A value a feature hands to later features: a literal known at plan time (an existing bucket's name) or
 * a reference to a step output, plus the steps consumers must wait for.
 */
export interface Provided {
  value: string | OutputRef;
  /** Steps that must finish before the value may be used (empty when it already exists). */
  after: string[];
}

/** The SRA role accounts of the blueprint. */
export interface RoleAccounts {
  management: string;
  securityTooling: string;
  logArchive: string;
  network?: string;
  sharedServices?: string;
}

/** What a feature plans from. */
export interface PlanContext {
  /** The resolved blueprint. */
  readonly blueprint: Blueprint;
  /** Directory of the blueprint file (user policy files are relative to it). */
  readonly blueprintDir: string;
  /** The observed organization (the same Inventory verify uses). */
  readonly inventory: Inventory;
  /** Role accounts. */
  readonly roles: RoleAccounts;
  /** Home Region. */
  readonly homeRegion: string;
  /** Governed Regions. */
  readonly governedRegions: readonly string[];
  /** Active accounts of the organization (management included), as observed. */
  readonly accounts: readonly AccountInfo[];
  /**
   * Accounts targeted by `targets` (after OU/account selection and exclusions), intersected with the
   * observed active accounts, and the Regions in scope.
   */
  targets(targets?: Blueprint['governance']['declarativePolicies']['targets']): {
    accounts: string[];
    regions: string[];
  };
  /** A value an earlier feature provided (see {@link Feature.plan}), or `undefined` when none did. */
  provided(name: string): Provided | undefined;
}

/** What a feature's planner returns. */
export interface FeaturePlan {
  steps: Step[];
  /** Values for later features (names listed in src/features/provides.ts). */
  provides?: Record<string, Provided>;
  /** Deliberate non-changes worth telling the user about. */
  notes?: string[];
}

/**
 * A feature: one slice of the SRA (Organizations, log archive, …). Its planner is a pure function of the
 * blueprint and the inventory; its ops carry the steps out.
 */
export interface Feature {
  /** Feature id, the first segment of its step ids and op names. */
  readonly id: string;
  /** One line for docs and plan headers. */
  readonly title: string;
  /**
   * Service modules whose collectors the planner reads (`organizations`, `s3`, …). A module needed only
   * for the state of administrator accounts is written `{ module, accounts: 'admin' }`: its collectors then
   * run only in the management account, the blueprint's role accounts and the current delegated
   * administrators — not in every workload account (planning a 1,000-account organization stays fast).
   */
  readonly needs: readonly FeatureNeed[];
  /** The operations the feature's steps use. */
  readonly ops: readonly OpHandler[];
  /** Steps that bring the organization to the blueprint. */
  plan(ctx: PlanContext): FeaturePlan;
  /**
   * Steps that remove what sra-kit created, in the reverse of SRA.md §3; keeps log data and KMS keys
   * unless `options.force` allows scheduling key deletion.
   */
  destroy(ctx: PlanContext, options: DestroyOptions): FeaturePlan;
}

/** A module a feature's planner reads, everywhere or only in administrator accounts. */
export type FeatureNeed = string | { module: string; accounts: 'admin' };

/** Options of destroy planning. */
export interface DestroyOptions {
  /** Schedule deletion of the KMS keys sra-kit created (with the blueprint's pending window). @default false */
  scheduleKeyDeletion: boolean;
}

/** Identity helper that keeps a feature's type. */
export function defineFeature(feature: Feature): Feature {
  return feature;
}

/** The tag sra-kit puts on everything it creates, so destroy removes only its own resources. */
export const MANAGED_TAG = { key: 'sra-kit:managed', value: 'true' } as const;

/** The tag holding the id of the step that created a resource (lets a re-run find what a killed run made). */
export const STEP_TAG_KEY = 'sra-kit:step';
