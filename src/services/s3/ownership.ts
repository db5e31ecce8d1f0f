/**
 * "Is this bucket in the log archive account?" — answered from the bucket lists the S3 collector reads
 * in every account, for the CloudTrail and Config controls that require central log delivery.
 */
import type { EvalContext, Outcome } from '../../verify/types.js';
import { fail, pass } from '../../verify/types.js';
import { findBucketOwner, s3SliceOf } from './collect.js';

/**
 * PASS when a log archive account (per the role map) lists `bucket`, FAIL otherwise with the account
 * that does own it (when any collected list has it). Throws through `ctx.need` (→ ERROR) when the log
 * archive account's bucket list could not be read.
 */
export function logArchiveHoldsBucket(
  ctx: EvalContext,
  bucket: string,
  what: string,
  resource: string,
): Outcome {
  const logArchive = ctx.roleAccounts['log-archive'] ?? [];
  if (logArchive.length === 0) {
    return fail(`${what} cannot be in the log archive account: no account holds the log archive role`, {
      resource,
      expected: 'a bucket owned by the log archive account',
      actual: { bucket, logArchiveAccount: null },
    });
  }
  for (const account of logArchive) {
    const buckets = ctx.need(s3SliceOf(ctx.inventory, account)?.buckets, `S3 buckets of ${account}`);
    if (buckets.some((b) => b.name === bucket)) {
      return pass(`${what} ${bucket} is in the log archive account ${account}`, {
        resource,
        actual: { bucket, owner: account },
      });
    }
  }
  const found = findBucketOwner(ctx.inventory, bucket);
  const owner =
    found.owner ??
    (found.unreadable.length > 0
      ? 'unknown (some bucket lists could not be read)'
      : 'outside the organization');
  return fail(`${what} ${bucket} is not in the log archive account`, {
    resource,
    expected: { owner: logArchive.length === 1 ? logArchive[0] : logArchive },
    actual: { bucket, owner },
  });
}
