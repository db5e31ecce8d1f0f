/**
 * Helpers shared by the network-account control families: where a network control runs, the network
 * slice, whether a log destination is in the log archive account, and blueprint targeting.
 *
 * Where a network control runs. The network basics are judged in the account holding the `network`
 * role. Controls list `management` in `appliesTo` only so that an organization without a network
 * account gets one NOT_APPLICABLE (in the management account, home Region) saying so; in every other
 * case the management account contributes no outcome (an empty list). Controls that also judge any
 * firewall wherever it is (the FSBP NetworkFirewall checks) apply to every account and give no outcome
 * in accounts that have no firewall.
 */
import type { EvalContext, Outcome } from '../../verify/types.js';
import { fail, notApplicable, pass } from '../../verify/types.js';
import { logArchiveHoldsBucket } from '../s3/ownership.js';
import { NETWORK, type NetworkSlice } from './collect.js';

/** Blueprint key of the network account. */
export const NETWORK_ACCOUNT_KEY = 'accounts.network';

/** True when the evaluated account holds the network role. */
export function isNetworkAccount(ctx: EvalContext): boolean {
  return ctx.roles.includes('network');
}

/**
 * `'evaluate'` in the network account; otherwise the outcomes to return instead: one NOT_APPLICABLE
 * in the management account's home Region when the organization has no network account, nothing
 * anywhere else.
 */
export function networkScope(ctx: EvalContext): 'evaluate' | Outcome[] {
  if (isNetworkAccount(ctx)) return 'evaluate';
  if ((ctx.roleAccounts.network ?? []).length > 0) return [];
  if (ctx.roles.includes('management') && ctx.region === ctx.inventory.homeRegion) {
    return [
      notApplicable(
        `the organization has no network account; the SRA puts ingress, egress and inspection in one ` +
          `(declare it as ${NETWORK_ACCOUNT_KEY} in the blueprint)`,
      ),
    ];
  }
  return [];
}

/** The network slice of `account` (default: the evaluated one) in `region`; ERROR when absent. */
export function networkSliceOf(
  ctx: EvalContext,
  account = ctx.account.id,
  region = ctx.region,
): NetworkSlice {
  const slice = ctx.regionSlice<NetworkSlice>(NETWORK, account, region);
  if (!slice) ctx.need(undefined, `network data of account ${account} in ${region}`);
  return slice!;
}

/** Whether any governed Region of `account` has a slice for which `predicate` holds (failed reads skipped). */
export function anyRegion(
  ctx: EvalContext,
  account: string,
  predicate: (s: NetworkSlice) => boolean,
): boolean {
  return ctx.inventory.governedRegions.some((region) => {
    const s = ctx.regionSlice<NetworkSlice>(NETWORK, account, region);
    return s !== undefined && predicate(s);
  });
}

/** The account id in an ARN (`arn:aws:logs:us-east-1:111122223333:log-group:x`), if it has one. */
export function arnAccount(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** The bucket of an S3 ARN (`arn:aws:s3:::bucket/prefix`), if it is one. */
export function s3Bucket(arn: string): string | undefined {
  return /^arn:[^:]+:s3:::([^/]+)/.exec(arn)?.[1];
}

/**
 * PASS when a log destination (an S3 bucket ARN, or a log group / Firehose ARN carrying its account)
 * is in the log archive account, FAIL otherwise. A bucket is located through the S3 slices' bucket
 * lists; ERROR (thrown) when the log archive's list could not be read.
 */
export function inLogArchive(
  ctx: EvalContext,
  destinationArn: string,
  what: string,
  resource: string,
): Outcome {
  const bucket = s3Bucket(destinationArn);
  if (bucket) return logArchiveHoldsBucket(ctx, bucket, what, resource);
  const logArchive = ctx.roleAccounts['log-archive'] ?? [];
  const owner = arnAccount(destinationArn);
  if (owner !== undefined && logArchive.includes(owner)) {
    return pass(`${what} goes to ${destinationArn} in the log archive account`, {
      resource,
      actual: { destinationArn },
    });
  }
  return fail(`${what} goes to ${destinationArn}, outside the log archive account`, {
    resource,
    expected: { owner: logArchive.length ? logArchive : 'the log archive account' },
    actual: { destinationArn, owner: owner ?? 'unknown' },
  });
}

interface TargetsLike {
  ous: readonly string[];
  accounts: readonly string[];
  excludeAccounts: readonly string[];
  excludeRegions: readonly string[];
}

/** True when blueprint `targets` include the evaluated account and Region. */
export function targeted(ctx: EvalContext, t: TargetsLike): boolean {
  const account = ctx.account.id;
  if (t.excludeAccounts.includes(account) || t.excludeRegions.includes(ctx.region)) return false;
  if (t.ous.length === 0 && t.accounts.length === 0) return true;
  return t.accounts.includes(account) || ctx.account.ouPath.some((ou) => t.ous.includes(ou));
}
