/**
 * Helpers shared by the EC2 control families (and the network module, which reads the same slice):
 * the slice of the evaluated account and Region, resource ARNs, and "is this optional setting in use
 * anywhere in the organization".
 */
import type { InventoryView } from '../../observe/view.js';
import type { EvalContext } from '../../verify/types.js';
import { EC2, type Ec2Slice } from './collect.js';

/** The AWS partition of a Region (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** ARN of an EC2 resource, e.g. `ec2Arn('us-east-1', '1111…', 'vpc', 'vpc-1')`. */
export function ec2Arn(region: string, account: string, type: string, id: string): string {
  return `arn:${partitionOf(region)}:ec2:${region}:${account}:${type}/${id}`;
}

/**
 * The EC2 slice of `account` (default: the evaluated account) in the evaluated Region; a missing slice
 * throws through `ctx.need` so the control reports ERROR.
 */
export function ec2SliceOf(ctx: EvalContext, account = ctx.account.id): Ec2Slice {
  const slice = ctx.regionSlice<Ec2Slice>(EC2, account);
  if (!slice) ctx.need(undefined, `EC2 data of account ${account} in ${ctx.region}`);
  return slice!;
}

/**
 * True when any account in any Region of the inventory has `predicate` true of its EC2 slice (a
 * setting of an optional feature is "in use"). Computed once per inventory view and key, so evaluating
 * every account stays linear.
 */
export function inUseAnywhere(
  inventory: InventoryView,
  key: string,
  predicate: (slice: Ec2Slice) => boolean,
): boolean {
  return inventory.memo(`ec2.in-use:${key}`, () => {
    for (const [, slices] of inventory.eachAccount()) {
      for (const regional of Object.values(slices.region)) {
        const s = regional[EC2] as Ec2Slice | undefined;
        if (s && predicate(s)) return true;
      }
    }
    return false;
  });
}
