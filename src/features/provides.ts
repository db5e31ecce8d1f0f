/**
 * Names of the values features hand to one another through `PlanContext.provided` (see
 * `FeaturePlan.provides`). Features run in the order of `FEATURES`; a feature only reads names provided by
 * features before it.
 */

/** Provided by `organizations`: steps that enable all features and the policy types (value: organization id). */
export const ORGANIZATION_READY = 'organizations.ready';

/** Provided by `delegated-admins`: trusted access for a service principal is on. */
export function trustedAccess(servicePrincipal: string): string {
  return `delegated-admins.trusted-access:${servicePrincipal}`;
}

/** Provided by `delegated-admins`: the delegated administrator of a service principal is registered. */
export function delegatedAdmin(servicePrincipal: string): string {
  return `delegated-admins.admin:${servicePrincipal}`;
}

/** Provided by `log-archive`: name of the central log bucket (in the log archive account, home Region). */
export const LOG_BUCKET = 'log-archive.bucket';

/** Provided by `log-archive`: ARN of the KMS key that encrypts the central logs (log archive, home Region). */
export const LOG_KEY_ARN = 'log-archive.kms-key-arn';
