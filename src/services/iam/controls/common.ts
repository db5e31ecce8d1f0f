/** Helpers shared by the IAM controls. */
import type { EvalContext } from '../../../verify/types.js';
import { IAM_COLLECTOR_ID, type IamSlice } from '../collect.js';

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** The account's IAM slice (undefined when the collector did not run: `ctx.need` turns that into ERROR). */
export function iamSliceOf(ctx: EvalContext): IamSlice | undefined {
  return ctx.accountSlice<IamSlice>(IAM_COLLECTOR_ID);
}

/**
 * "Now" for age checks: when the inventory was collected, so that re-evaluating a saved inventory
 * later gives the same answer.
 */
export function nowOf(ctx: EvalContext): number {
  return Date.parse(ctx.inventory.collectedAt);
}

/** Whole days from `iso` to `now`, or undefined without a date. */
export function daysSince(iso: string | null | undefined, now: number): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : Math.floor((now - t) / DAY_MS);
}
