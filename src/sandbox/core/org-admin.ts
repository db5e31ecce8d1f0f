/**
 * Organization checks shared by the simulated security services: who may call what. Each service
 * passes its own documented error name, because AWS services disagree on them (GuardDuty says
 * `BadRequestException`, Security Hub `InvalidAccessException`, Macie `ValidationException`, …).
 */
import type { CallContext } from './service.js';

/** Throws `errorName` unless the caller is the organization's management account. */
export function requireManagementAccount(ctx: CallContext, errorName: string, status = 400): void {
  if (!ctx.world.organization) {
    throw ctx.error(errorName, 'The request failed because the account is not a member of an organization.', {
      status,
    });
  }
  if (!ctx.world.isManagementAccount(ctx.account)) {
    throw ctx.error(
      errorName,
      `The request failed because account ${ctx.account} is not the management account of organization ` +
        `${ctx.world.organization.id}.`,
      { status },
    );
  }
}

/**
 * Registers `account` as delegated administrator of `servicePrincipal` in Organizations and enables
 * trusted access for it, as the services' own admin APIs do on the caller's behalf.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html
 */
export function registerServiceAdmin(ctx: CallContext, servicePrincipal: string, account: string): void {
  const org = ctx.world.organization;
  if (!org) return;
  const at = ctx.clock.now();
  if (!org.trustedAccess.has(servicePrincipal)) org.trustedAccess.set(servicePrincipal, at);
  let admins = org.delegatedAdmins.get(servicePrincipal);
  if (!admins) {
    admins = new Map();
    org.delegatedAdmins.set(servicePrincipal, admins);
  }
  if (!admins.has(account)) admins.set(account, at);
}

/** Removes `account` as delegated administrator of `servicePrincipal` in Organizations. */
export function deregisterServiceAdmin(ctx: CallContext, servicePrincipal: string, account: string): void {
  ctx.world.organization?.delegatedAdmins.get(servicePrincipal)?.delete(account);
}

/** True when the caller is a registered delegated administrator for `servicePrincipal`. */
export function isDelegatedAdmin(ctx: CallContext, servicePrincipal: string): boolean {
  return ctx.world.delegatedAdminsFor(servicePrincipal).includes(ctx.account);
}

/** Throws `errorName` unless the caller is a delegated administrator for `servicePrincipal`. */
export function requireDelegatedAdmin(
  ctx: CallContext,
  servicePrincipal: string,
  errorName: string,
  status = 400,
): void {
  if (!isDelegatedAdmin(ctx, servicePrincipal)) {
    throw ctx.error(
      errorName,
      `The request was rejected because account ${ctx.account} is not the delegated administrator for ` +
        `${servicePrincipal} in this organization.`,
      { status },
    );
  }
}
