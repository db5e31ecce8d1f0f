/**
 * Helpers every feature shares: turning an unreadable datum into a `PLAN_BLOCKED` error (a planner never
 * guesses), skipping what the observation could not reach with a note, recognising AWS error names in
 * ops, op parameters, and the tags sra-kit puts on what it creates.
 */
import { isAwsCallError } from '../aws/errors.js';
import { MANAGED_TAG, STEP_TAG_KEY } from '../engine/types.js';
import { SraError } from '../errors.js';
import type { DataError, Datum, Inventory } from '../observe/types.js';

/** Where a datum was to be read, when the datum itself cannot say (it was never collected). */
export interface Where {
  account: string;
  region: string;
  operation: string;
}

/** Error code of a plan that cannot be made because a read failed. */
export const PLAN_BLOCKED = 'PLAN_BLOCKED';

/**
 * The value of a datum the planner needs; throws `PLAN_BLOCKED` naming the account, Region and API
 * when it could not be read (the planner never guesses), or when it is missing altogether.
 */
export function need<T>(d: Datum<T> | undefined, what: string, where?: Where): T {
  if (d?.ok) return d.value;
  throw planBlocked(what, d ? d.error : undefined, where);
}

/** The `PLAN_BLOCKED` error for `what`. */
export function planBlocked(what: string, error: DataError | undefined, where?: Where): SraError {
  const account = error?.account ?? where?.account ?? 'unknown';
  const region = error?.region ?? where?.region ?? 'unknown';
  const operation = error?.operation ?? where?.operation ?? 'unknown';
  const reason = error
    ? `${error.awsErrorName ? `${error.awsErrorName}: ` : ''}${error.message}`
    : 'it was not collected';
  const [service, op] = operation.includes(':') ? operation.split(':', 2) : [undefined, operation];
  return new SraError(
    PLAN_BLOCKED,
    `cannot plan ${what}: ${operation} in ${account}/${region} could not be read (${reason})`,
    {
      account,
      region,
      ...(service ? { service } : {}),
      ...(op ? { operation: op } : {}),
      hint: 'fix access and re-run sra plan',
    },
  );
}

/** True when `e` is an AWS error whose name is one of `names`. */
export function isAwsError(e: unknown, ...names: string[]): boolean {
  if (isAwsCallError(e)) return names.includes(e.awsErrorName);
  const n = (e as { name?: unknown } | null)?.name;
  return typeof n === 'string' && names.includes(n);
}

/** True when the tags mark a resource as created by sra-kit. */
export function isManaged(tags: Readonly<Record<string, string>> | undefined): boolean {
  return tags?.[MANAGED_TAG.key] === MANAGED_TAG.value;
}

/** sra-kit's tags as `{ Key, Value }` pairs (S3, CloudTrail, IAM). */
export function managedTags(stepId: string): Array<{ Key: string; Value: string }> {
  return [
    { Key: MANAGED_TAG.key, Value: MANAGED_TAG.value },
    { Key: STEP_TAG_KEY, Value: stepId },
  ];
}

/** A string parameter of an op. */
export function str(params: Readonly<Record<string, unknown>>, name: string): string {
  const v = params[name];
  if (typeof v !== 'string') throw new Error(`parameter ${name} must be a string`);
  return v;
}

/** An integer parameter of an op. */
export function int(params: Readonly<Record<string, unknown>>, name: string): number {
  const v = params[name];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`parameter ${name} must be an integer`);
  return v;
}

/** A boolean parameter of an op (absent is false). */
export function bool(params: Readonly<Record<string, unknown>>, name: string): boolean {
  return params[name] === true;
}

/** Whether the observation reached `account` (its account-scope slices exist). */
export function accountReached(inventory: Inventory, account: string): boolean {
  return inventory.account[account] !== undefined;
}

/** Whether the observation reached `account` in `region`. */
export function regionReached(inventory: Inventory, account: string, region: string): boolean {
  return inventory.region[account]?.[region] !== undefined;
}

/**
 * One note naming what the observation could not reach among `accounts` × `regions`, or `undefined`
 * when everything was reached.
 */
export function unreachableNote(
  feature: string,
  inventory: Inventory,
  accounts: readonly string[],
  regions: readonly string[],
): string | undefined {
  const missing: string[] = [];
  for (const a of accounts) {
    if (!accountReached(inventory, a)) {
      missing.push(a);
      continue;
    }
    for (const r of regions) if (!regionReached(inventory, a, r)) missing.push(`${a}/${r}`);
  }
  if (missing.length === 0) return undefined;
  return `${feature}: skipped what could not be observed (${missing.join(', ')}); re-run sra plan once it is reachable`;
}
