/**
 * Evaluates controls over an inventory. Organization-scope controls run once (as the management
 * account, home Region); account-scope controls once per account whose roles match `appliesTo`;
 * region-scope controls once per such account and governed Region. An account that could not be
 * reached yields one ERROR per applicable control with the reason; a Region the account has not enabled
 * is skipped (it is listed in `unreachable`). A failed read behind a control (`ctx.need`) yields ERROR
 * with the read's reason; a control that throws anything else yields ERROR naming the control, so one
 * faulty control never stops the run.
 */
import type { AccountRoleId } from '../catalog/ids.js';
import type { Blueprint } from '../blueprint/index.js';
import type { AccountInfo, DataError } from '../observe/types.js';
import { viewOf, type InventoryLike } from '../observe/view.js';
import { makeEvalContext } from './context.js';
import { MissingData, type Control, type Finding, type Outcome, type Status } from './types.js';

/**
 * Test-only hook: called once per outcome with the control id and its status. The test suite installs
 * one (test/setup/) to prove every control produced PASS, FAIL and NOT_APPLICABLE somewhere; production
 * never sets it, and evaluation then costs one property read per {@link evaluateControls} call.
 */
export type StatusObserver = (controlId: string, status: Status) => void;

// Kept on globalThis (under a registered symbol) rather than in a module variable so that a second
// instance of this module (a test that resets its module registry) still sees the observer.
const OBSERVER_KEY = Symbol.for('sra-kit.verify.status-observer');

/** Installs the test-only {@link StatusObserver}, or removes it with `undefined`. */
export function setStatusObserver(observer: StatusObserver | undefined): void {
  (globalThis as Record<symbol, unknown>)[OBSERVER_KEY] = observer;
}

/** The installed {@link StatusObserver}, if any. */
export function statusObserver(): StatusObserver | undefined {
  return (globalThis as Record<symbol, StatusObserver | undefined>)[OBSERVER_KEY];
}

/** Options of {@link evaluateControls}. */
export interface EvaluateOptions {
  /** Roles of each account. */
  rolesOf: (account: string) => readonly AccountRoleId[];
  /** Account ids per role. */
  roleAccounts: Readonly<Partial<Record<AccountRoleId, readonly string[]>>>;
  /** The blueprint, when verify runs with one. */
  blueprint?: Blueprint;
  /** Keep only these Regions (default: the inventory's). */
  regions?: readonly string[];
}

/** True when a control applies to an account with these roles. */
export function appliesTo(control: Control, roles: readonly AccountRoleId[]): boolean {
  return control.appliesTo === 'all' || control.appliesTo.some((r) => roles.includes(r));
}

/** Evaluates every control and returns the findings (see {@link evaluateFindings} for the order). */
export function evaluateControls(
  inventory: InventoryLike,
  controls: readonly Control[],
  options: EvaluateOptions,
): Finding[] {
  return [...evaluateFindings(inventory, controls, options)];
}

/**
 * Evaluates every control, one finding at a time: organization-scope controls first, then account by
 * account (in the inventory's account order) every account- and region-scope control in control order,
 * Region by Region. Only the account being evaluated (and whatever its controls look up elsewhere) is
 * read from the inventory at a time, so a spilled inventory stays out of memory.
 */
export function* evaluateFindings(
  inventory: InventoryLike,
  controls: readonly Control[],
  options: EvaluateOptions,
): Generator<Finding> {
  const view = viewOf(inventory);
  const observe = statusObserver();
  const management: AccountInfo = view.accounts.find((a) => a.id === view.managementAccountId) ?? {
    id: view.managementAccountId,
    name: view.managementAccountId,
    status: 'ACTIVE',
    ouPath: [],
  };
  const regions = options.regions?.length
    ? view.governedRegions.filter((r) => options.regions!.includes(r))
    : view.governedRegions;
  const unreachableAccount = new Map<string, DataError>();
  const disabledRegion = new Set<string>();
  for (const u of view.unreachable) {
    if (u.kind === 'region-disabled') disabledRegion.add(`${u.account}|${u.region}`);
    else unreachableAccount.set(u.account, u);
  }
  const orgResource = `organization/${view.organizationId ?? view.managementAccountId}`;

  function* run(
    control: Control,
    account: AccountInfo,
    region: string | undefined,
    resource: string,
  ): Generator<Finding> {
    const ctx = makeEvalContext({
      inventory: view,
      account,
      region: region ?? view.homeRegion,
      roles: options.rolesOf(account.id),
      roleAccounts: options.roleAccounts,
      ...(options.blueprint ? { blueprint: options.blueprint } : {}),
    });
    let outcomes: Outcome[];
    try {
      const out = control.evaluate(ctx);
      outcomes = Array.isArray(out) ? out : [out];
    } catch (e) {
      if (e instanceof MissingData) {
        outcomes = [{ status: 'ERROR', message: e.message, ...(e.error ? { error: e.error } : {}) }];
      } else {
        const message = e instanceof Error ? e.message : String(e);
        outcomes = [
          {
            status: 'ERROR',
            message: `control ${control.id} failed to evaluate: ${message}`,
            error: {
              kind: 'service',
              message,
              account: account.id,
              region: region ?? view.homeRegion,
              operation: `sra-kit:${control.id}`,
            },
          },
        ];
      }
    }
    for (const o of outcomes) {
      observe?.(control.id, o.status);
      yield {
        controlId: control.id,
        status: o.status,
        severity: control.severity,
        account: account.id,
        ...(region ? { region } : {}),
        resource: o.resource ?? resource,
        message: o.message,
        ...(o.expected !== undefined ? { expected: o.expected } : {}),
        ...(o.actual !== undefined ? { actual: o.actual } : {}),
        ...(o.error ? { error: o.error } : {}),
      };
    }
  }

  for (const control of controls) {
    if (control.scope === 'organization') yield* run(control, management, undefined, orgResource);
  }
  const perAccount = controls.filter((c) => c.scope !== 'organization');
  for (const account of view.accounts) {
    if (account.status !== 'ACTIVE') continue;
    const roles = options.rolesOf(account.id);
    const err = unreachableAccount.get(account.id);
    for (const control of perAccount) {
      if (!appliesTo(control, roles)) continue;
      if (err) {
        yield {
          controlId: control.id,
          status: 'ERROR',
          severity: control.severity,
          account: account.id,
          resource: account.id,
          message: `account ${account.id} could not be read: ${err.message}`,
          error: err,
        };
        continue;
      }
      if (control.scope === 'account') {
        yield* run(control, account, undefined, account.id);
        continue;
      }
      for (const region of regions) {
        if (disabledRegion.has(`${account.id}|${region}`)) continue;
        yield* run(control, account, region, `${account.id}/${region}`);
      }
    }
  }
}
