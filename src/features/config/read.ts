/**
 * Reading the inventory for planning: a datum that could not be read stops the plan (the planner never
 * guesses), and accounts or Regions the observation could not reach are skipped with a note.
 */
import { SraError } from '../../errors.js';
import type { Datum, Inventory } from '../../observe/types.js';

/**
 * The value of `d`, or throws `PLAN_BLOCKED` naming the account, Region and API that failed. An absent
 * datum (the collector did not run there) is blocked too, naming `operation`.
 */
export function need<T>(
  d: Datum<T> | undefined,
  what: string,
  where: { account: string; region: string; operation: string },
): T {
  if (d?.ok) return d.value;
  const e = d?.error;
  const account = e?.account ?? where.account;
  const region = e?.region ?? where.region;
  const operation = e?.operation ?? where.operation;
  const reason = e ? e.message : 'it was not collected';
  throw new SraError(
    'PLAN_BLOCKED',
    `cannot plan ${what}: ${operation} in account ${account} (${region}) could not be read: ${reason}`,
    {
      account,
      region,
      service: operation.split(':')[0] ?? '',
      operation: operation.split(':')[1] ?? operation,
      hint: 'fix access and re-run sra plan',
    },
  );
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
