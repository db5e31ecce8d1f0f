/**
 * Planner of the `delegated-admins` feature: a pure function of the blueprint and the inventory.
 *
 * Apply (SRA.md §3 step 1): trusted access for every principal of every service the blueprint turns on (the
 * services' own admin APIs turn it on themselves, see services.ts) → the delegated administrator, through the service's own API in every targeted governed Region where the
 * service is per-Region, else through Organizations → centralized root access when the blueprint asks for it.
 * An administrator that is some other account (the management account included) is replaced: the plan shows
 * it as `~` (from → to) and a note says what that costs.
 *
 * Destroy (SRA.md §3.6, reverse): remove the administrator per Region through the service API → deregister it
 * in Organizations → turn trusted access off — for the services the blueprint turns on only, never for the
 * principals Control Tower relies on, and not where the service still holds members or central configuration
 * (those belong to the service's own teardown; the administrator is kept and a note says why).
 */
import { makeStep, type StepSpec } from '../../engine/step.js';
import type { DestroyOptions, FeaturePlan, PlanContext, Provided, Step } from '../../engine/types.js';
import type { DataError, Datum } from '../../observe/types.js';
import { AUDIT_MANAGER, type AuditManagerSlice } from '../../services/auditmanager/collect.js';
import { DETECTIVE_ADMINS, type DetectiveAdminsSlice } from '../../services/detective/collect.js';
import { FMS_ADMIN, type FmsAdminSlice } from '../../services/fms/collect.js';
import {
  GUARDDUTY,
  GUARDDUTY_ADMINS,
  type GuardDutyAdminsSlice,
  type GuardDutySlice,
} from '../../services/guardduty/collect.js';
import { IAM_ORGANIZATION_COLLECTOR_ID, type IamOrganizationSlice } from '../../services/iam/collect.js';
import { INSPECTOR_ADMINS } from '../../services/inspector/collect.js';
import { MACIE_ADMINS } from '../../services/macie/collect.js';
import {
  ORGANIZATIONS_COLLECTOR_ID,
  organizationSliceOf,
  type DelegatedAdminRegistration,
  type OrganizationSlice,
} from '../../services/organizations/collect.js';
import {
  SECURITY_HUB,
  SECURITY_HUB_ADMINS,
  type SecurityHubSlice,
} from '../../services/securityhub/collect.js';
import type { AdminsSlice } from '../../services/securityhub/shared.js';
import { planBlocked } from '../common.js';
import { delegatedAdmin, ORGANIZATION_READY, trustedAccess } from '../provides.js';
import { FEATURE_ID, disableOpName, enableOpName } from './ops.js';
import {
  designationsFor,
  FMS_ADMIN_REGION,
  IAM_PRINCIPAL,
  ROOT_ACCESS_FEATURES,
  type AdminApiId,
  type Designation,
} from './services.js';

/**
 * Principals whose trusted access Control Tower turns on and relies on; destroy leaves them on.
 * https://docs.aws.amazon.com/controltower/latest/userguide/how-control-tower-works.html
 */
export const CONTROL_TOWER_PRINCIPALS: ReadonlySet<string> = new Set([
  'controltower.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'sso.amazonaws.com',
  'member.org.stacksets.cloudformation.amazonaws.com',
]);

/** Collector that holds each admin API's per-Region administrators (organization scope unless noted). */
const ADMIN_SLICES: Readonly<Record<AdminApiId, { collector: string; operation: string }>> = {
  guardduty: { collector: GUARDDUTY_ADMINS, operation: 'guardduty:ListOrganizationAdminAccounts' },
  securityhub: { collector: SECURITY_HUB_ADMINS, operation: 'securityhub:ListOrganizationAdminAccounts' },
  inspector: { collector: INSPECTOR_ADMINS, operation: 'inspector2:ListDelegatedAdminAccounts' },
  macie: { collector: MACIE_ADMINS, operation: 'macie2:ListOrganizationAdminAccounts' },
  detective: { collector: DETECTIVE_ADMINS, operation: 'detective:ListOrganizationAdminAccounts' },
  // Region scope, in the management account.
  auditmanager: { collector: AUDIT_MANAGER, operation: 'auditmanager:GetOrganizationAdminAccount' },
  cloudtrail: {
    collector: ORGANIZATIONS_COLLECTOR_ID,
    operation: 'organizations:ListDelegatedAdministrators',
  },
  securitylake: {
    collector: ORGANIZATIONS_COLLECTOR_ID,
    operation: 'organizations:ListDelegatedAdministrators',
  },
  fms: { collector: FMS_ADMIN, operation: 'fms:GetAdminAccount' },
};

/** Shared state of one planning run. */
class Planner {
  readonly steps: Step[] = [];
  readonly notes: string[] = [];
  readonly provides: Record<string, Provided> = {};
  readonly mgmt: string;
  readonly org: OrganizationSlice;
  /** Regions the management account cannot reach (from `inventory.unreachable`). */
  readonly unreachable: Set<string>;
  private readonly trustedSteps = new Map<string, string | undefined>();

  constructor(readonly ctx: PlanContext) {
    this.mgmt = ctx.roles.management;
    const org = organizationSliceOf(ctx.inventory.organization);
    if (!org) {
      throw planBlocked(
        'the AWS Organizations slice',
        this.missing(ORGANIZATIONS_COLLECTOR_ID, ctx.homeRegion, 'organizations:ListDelegatedAdministrators'),
      );
    }
    this.org = org;
    this.unreachable = new Set(
      ctx.inventory.unreachable.filter((u) => u.account === this.mgmt).map((u) => u.region),
    );
  }

  /** A `skipped` error for a collector that did not run or did not cover a Region. */
  missing(collector: string, region: string, operation: string): DataError {
    return {
      kind: 'skipped',
      message: `the ${collector} collector has no data for ${region}`,
      account: this.mgmt,
      region,
      operation,
    };
  }

  /** The value of `d`, or PLAN_BLOCKED naming `what`. */
  need<T>(d: Datum<T> | undefined, what: string, fallback: DataError): T {
    if (!d) throw planBlocked(what, fallback);
    if (!d.ok) throw planBlocked(what, d.error);
    return d.value;
  }

  /** Adds a step run by the management account. */
  add(
    spec: Omit<StepSpec, 'feature' | 'account' | 'capability'> & Partial<Pick<StepSpec, 'capability'>>,
  ): string {
    const step = makeStep({
      feature: FEATURE_ID,
      account: this.mgmt,
      capability: 'security-governance',
      ...spec,
    });
    this.steps.push(step);
    return step.id;
  }

  /**
   * Adds the step that deregisters `other` as delegated administrator of `principal` in Organizations, so
   * that `admin` can be registered.
   */
  deregisterAdmin(
    d: Designation,
    principal: string,
    other: string,
    admin: string,
    dependsOn: string[],
  ): string {
    return this.add({
      op: `${FEATURE_ID}.deregister-admin`,
      action: 'update',
      region: this.ctx.homeRegion,
      global: true,
      resource: `deregister:${principal}:${other}`,
      summary: `${d.name} delegated administrator for ${principal}: ${other} → ${admin} (deregister ${other})`,
      params: { servicePrincipal: principal, accountId: other },
      changes: [{ field: 'delegatedAdministrator', from: other, to: admin }],
      dependsOn,
    });
  }

  /** Steps of the `organizations` feature that must come first. */
  get ready(): string[] {
    return this.ctx.provided(ORGANIZATION_READY)?.after ?? [];
  }

  /** Every Organizations delegated-administrator registration. */
  registrations(): DelegatedAdminRegistration[] {
    return this.need(
      this.org.delegatedAdmins,
      'the delegated administrators',
      this.missing(
        ORGANIZATIONS_COLLECTOR_ID,
        this.ctx.homeRegion,
        'organizations:ListDelegatedAdministrators',
      ),
    );
  }

  /** Accounts Organizations lists as delegated administrator of `principal`. */
  registered(principal: string): string[] {
    return this.registrations()
      .filter((r) => r.principal === principal)
      .map((r) => r.account);
  }

  /** Whether trusted access is on for `principal`. */
  trustedOn(principal: string): boolean {
    const list = this.need(
      this.org.trustedAccess,
      'trusted access',
      this.missing(
        ORGANIZATIONS_COLLECTOR_ID,
        this.ctx.homeRegion,
        'organizations:ListAWSServiceAccessForOrganization',
      ),
    );
    return list.some((t) => t.principal === principal);
  }

  /** The step that turns trusted access on for `principal` (undefined when it is on), planned once. */
  trusted(principal: string): string | undefined {
    if (this.trustedSteps.has(principal)) return this.trustedSteps.get(principal);
    const id = this.trustedOn(principal)
      ? undefined
      : this.add({
          op: `${FEATURE_ID}.enable-trusted-access`,
          action: 'create',
          region: this.ctx.homeRegion,
          global: true,
          resource: `trusted-access:${principal}`,
          summary: `trusted access for ${principal}`,
          params: { servicePrincipal: principal },
          dependsOn: this.ready,
        });
    this.trustedSteps.set(principal, id);
    this.provides[trustedAccess(principal)] = { value: principal, after: id ? [id] : [] };
    return id;
  }

  /**
   * Records that the service's own admin API turns trusted access on for `principal` (in `steps`), so no
   * `EnableAWSServiceAccess` step is planned for it.
   */
  trustedBy(principal: string, steps: readonly string[]): void {
    if (this.trustedSteps.has(principal) || this.trustedOn(principal)) {
      this.trusted(principal);
      return;
    }
    this.trustedSteps.set(principal, undefined);
    this.provides[trustedAccess(principal)] = { value: principal, after: [...steps] };
  }

  /** Regions where a designation is made, less those the management account cannot reach. */
  regionsOf(d: Designation): string[] {
    const m = d.spec.mechanism;
    let regions: string[];
    if (m.kind === 'api' && m.perRegion) {
      const t = d.spec.targets?.(this.ctx.blueprint);
      regions = t ? this.ctx.targets(t).regions : [...this.ctx.governedRegions];
    } else if (m.kind === 'api' && m.api === 'fms') {
      regions = [FMS_ADMIN_REGION];
    } else {
      regions = [this.ctx.homeRegion];
    }
    const skipped = regions.filter((r) => this.unreachable.has(r));
    if (skipped.length > 0) {
      this.notes.push(
        `${d.name}: the management account ${this.mgmt} cannot reach ${skipped.join(', ')}; its delegated ` +
          'administrator is not planned there.',
      );
    }
    return regions.filter((r) => !this.unreachable.has(r));
  }

  /** The administrators an admin API reports in `region`, from the inventory. */
  currentAdmins(api: AdminApiId, region: string): string[] {
    const inv = this.ctx.inventory;
    const { collector, operation } = ADMIN_SLICES[api];
    const missing = this.missing(collector, region, operation);
    const what = `the ${api} delegated administrator of ${region}`;
    switch (api) {
      case 'guardduty': {
        const slice = inv.organization[collector] as GuardDutyAdminsSlice | undefined;
        return this.need(slice?.byRegion[region], what, missing)
          .filter((a) => !a.status.startsWith('DISABLE'))
          .map((a) => a.accountId);
      }
      case 'securityhub':
      case 'inspector':
      case 'macie': {
        const slice = inv.organization[collector] as AdminsSlice | undefined;
        return this.need(slice?.byRegion[region], what, missing)
          .filter((a) => !a.status.startsWith('DISABLE'))
          .map((a) => a.accountId);
      }
      case 'detective': {
        const slice = inv.organization[collector] as DetectiveAdminsSlice | undefined;
        return this.need(slice?.byRegion[region], what, missing).map((a) => a.accountId);
      }
      case 'auditmanager': {
        const slice = inv.region[this.mgmt]?.[region]?.[collector] as AuditManagerSlice | undefined;
        const status = this.need(slice?.status, `the Audit Manager status of ${region}`, missing);
        // Not set up in the management account: no administrator (the enable op sets it up).
        if (status !== 'ACTIVE') return [];
        const admin = this.need(slice?.admin, what, missing);
        return admin ? [admin] : [];
      }
      case 'cloudtrail':
        return this.registered('cloudtrail.amazonaws.com');
      case 'securitylake':
        return this.registered('securitylake.amazonaws.com');
      case 'fms': {
        const slice = inv.organization[collector] as FmsAdminSlice | undefined;
        const admin = this.need(slice?.admin, what, missing);
        return admin.account ? [admin.account] : [];
      }
    }
  }
}

/** The Region segment and `global` flag of a designation step. */
function placement(d: Designation, region: string): { region: string; global: boolean } {
  const m = d.spec.mechanism;
  return { region, global: !(m.kind === 'api' && m.perRegion) };
}

function planOrganizations(p: Planner, d: Designation, admin: string, base: string[]): void {
  for (const principal of d.adminPrincipals) {
    const current = p.registered(principal);
    const others = current.filter((a) => a !== admin);
    const deregs = others.map((other) => p.deregisterAdmin(d, principal, other, admin, base));
    if (others.length > 0) replacementNote(p, d, others, admin);
    const reg = current.includes(admin)
      ? undefined
      : p.add({
          op: `${FEATURE_ID}.register-admin`,
          action: others.length > 0 ? 'update' : 'create',
          region: p.ctx.homeRegion,
          global: true,
          resource: `admin:${principal}`,
          summary: `${d.name} delegated administrator ${admin} for ${principal}`,
          params: { servicePrincipal: principal, accountId: admin },
          ...(others.length > 0
            ? { changes: [{ field: 'delegatedAdministrator', from: others.join(', '), to: admin }] }
            : {}),
          dependsOn: [...base, ...deregs],
        });
    const after = [...base.filter((s) => !p.ready.includes(s)), ...deregs, ...(reg ? [reg] : [])];
    p.provides[delegatedAdmin(principal)] = { value: admin, after };
  }
}

function replacementNote(p: Planner, d: Designation, others: readonly string[], admin: string): void {
  p.notes.push(
    `${d.name}: ${others.join(', ')} is delegated administrator instead of the ${d.adminRole} account ${admin}; ` +
      'the plan removes it and designates the blueprint account. While that runs the service has no ' +
      'administrator, member associations and settings made by the old administrator are not carried over, ' +
      'and anything that relies on the old account administering the service stops working.',
  );
}

function planApi(p: Planner, d: Designation, api: AdminApiId, admin: string, selfTrusting: boolean): void {
  const first = selfTrusting ? [] : d.trustedPrincipals.map((principal) => p.trusted(principal));
  const trusted = first.filter((t): t is string => t !== undefined);
  const base = [...new Set([...p.ready, ...trusted])];
  const regions = p.regionsOf(d);
  const perRegion = d.spec.mechanism.kind === 'api' && d.spec.mechanism.perRegion;
  const current = new Map(regions.map((r) => [r, p.currentAdmins(api, r)] as const));
  const releases: string[] = [];
  const replaced = new Set<string>();
  for (const [region, admins] of current) {
    for (const other of admins.filter((a) => a !== admin)) {
      replaced.add(other);
      releases.push(
        p.add({
          op: disableOpName(api),
          action: 'update',
          ...placement(d, region),
          resource: `release:${d.spec.service}:${other}`,
          summary: `${d.name} delegated administrator${perRegion ? ` in ${region}` : ''}: ${other} → ${admin} (remove ${other})`,
          params: { accountId: other },
          changes: [{ field: 'delegatedAdministrator', from: other, to: admin }],
          dependsOn: base,
        }),
      );
    }
  }
  // Per-Region services leave the Organizations registration behind (GuardDuty, Detective) or drop it with
  // the last Region; either way no other account may stay registered before the new one is designated.
  const deregs: string[] = [];
  if (perRegion) {
    for (const principal of d.adminPrincipals) {
      for (const other of p.registered(principal).filter((a) => a !== admin && a !== p.mgmt)) {
        replaced.add(other);
        deregs.push(p.deregisterAdmin(d, principal, other, admin, [...base, ...releases]));
      }
    }
  }
  if (replaced.size > 0) replacementNote(p, d, [...replaced], admin);
  const enables: string[] = [];
  for (const [region, admins] of current) {
    if (admins.includes(admin)) continue;
    enables.push(
      p.add({
        op: enableOpName(api),
        action: 'create',
        ...placement(d, region),
        resource: `admin:${d.spec.service}`,
        summary: `${d.name} delegated administrator ${admin}${perRegion || api === 'fms' ? ` in ${region}` : ''}`,
        params: { accountId: admin },
        dependsOn: [...base, ...releases, ...deregs],
      }),
    );
  }
  // The admin API turns trusted access on; an explicit EnableAWSServiceAccess is only needed when the
  // administrator is already in place while trusted access is off.
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html
  for (const principal of selfTrusting ? d.trustedPrincipals : []) {
    if (enables.length > 0) p.trustedBy(principal, enables);
    else {
      const t = p.trusted(principal);
      if (t) trusted.push(t);
    }
  }
  const after = [...trusted, ...releases, ...deregs, ...enables];
  for (const principal of d.adminPrincipals) p.provides[delegatedAdmin(principal)] = { value: admin, after };
}

function planRootAccess(p: Planner): void {
  const slice = p.ctx.inventory.organization[IAM_ORGANIZATION_COLLECTOR_ID] as
    IamOrganizationSlice | undefined;
  const root = p.need(
    slice?.rootAccess,
    'centralized root access',
    p.missing(IAM_ORGANIZATION_COLLECTOR_ID, p.ctx.homeRegion, 'iam:ListOrganizationsFeatures'),
  );
  if (root === null) {
    p.notes.push(
      'Centralized root access: the management account is not in an organization; nothing planned.',
    );
    return;
  }
  const t = p.trusted(IAM_PRINCIPAL);
  for (const feature of ROOT_ACCESS_FEATURES) {
    if (root.enabledFeatures.includes(feature)) continue;
    p.add({
      op: `${FEATURE_ID}.enable-root-feature`,
      action: 'create',
      capability: 'identity-and-access-management',
      region: p.ctx.homeRegion,
      global: true,
      resource: `root-access:${feature}`,
      summary: `centralized root access: ${feature}`,
      params: { feature },
      dependsOn: [...p.ready, t],
    });
  }
}

/** Designations with an administrator the plan can use; the others get a note. */
function usable(p: Planner): Array<{ d: Designation; admin: string }> {
  const out: Array<{ d: Designation; admin: string }> = [];
  for (const d of designationsFor(p.ctx.blueprint, p.ctx.roles)) {
    if (!d.admin) {
      p.notes.push(
        `${d.name}: ${d.spec.blueprintKey} turns it on but the blueprint names no ${d.adminRole} account, so ` +
          'its administration is not delegated.',
      );
      continue;
    }
    if (d.admin === p.mgmt) {
      p.notes.push(`${d.name}: the management account is never a delegated administrator; nothing planned.`);
      continue;
    }
    out.push({ d, admin: d.admin });
  }
  return out;
}

/** Steps that give every service the blueprint turns on trusted access and its delegated administrator. */
export function planDelegatedAdmins(ctx: PlanContext): FeaturePlan {
  const p = new Planner(ctx);
  for (const { d, admin } of usable(p)) {
    const m = d.spec.mechanism;
    if (m.kind === 'api') {
      planApi(p, d, m.api, admin, m.enablesTrustedAccess);
      continue;
    }
    const trusted = d.trustedPrincipals.map((principal) => p.trusted(principal));
    planOrganizations(p, d, admin, [
      ...new Set([...p.ready, ...trusted.filter((t): t is string => t !== undefined)]),
    ]);
  }
  if (ctx.blueprint.identity.rootAccess === 'centralized') planRootAccess(p);
  return { steps: p.steps, provides: p.provides, notes: p.notes };
}

/** Why a service's administrator must stay in `region` at destroy time, or undefined when it may go. */
function keepReason(p: Planner, api: AdminApiId, admin: string, region: string): string | undefined {
  const slices = p.ctx.inventory.region[admin]?.[region];
  if (api === 'guardduty') {
    const members = (slices?.[GUARDDUTY] as GuardDutySlice | undefined)?.admin?.members;
    const list = members
      ? p.need(
          members,
          `GuardDuty members of ${admin} in ${region}`,
          p.missing(GUARDDUTY, region, 'guardduty:ListMembers'),
        )
      : [];
    if (list.length > 0) {
      return (
        `the administrator still has ${list.length} member account(s) in ${region}; GuardDuty refuses to remove ` +
        'an administrator with members (disassociate and delete them first)'
      );
    }
  }
  if (api === 'securityhub') {
    // Central configuration is run from the home Region and blocks removal in every Region.
    const home = p.ctx.inventory.region[admin]?.[p.ctx.homeRegion]?.[SECURITY_HUB] as
      SecurityHubSlice | undefined;
    const conf = home?.admin?.organizationConfiguration;
    if (conf?.ok && conf.value.configurationType === 'CENTRAL') {
      return 'central configuration is on; Security Hub refuses to remove its administrator until it is stopped';
    }
  }
  return undefined;
}

/** Steps that undo {@link planDelegatedAdmins} for the services the blueprint turns on. */
export function destroyDelegatedAdmins(ctx: PlanContext, options: DestroyOptions): FeaturePlan {
  void options;
  const p = new Planner(ctx);
  const ct = ctx.blueprint.organization.controlTower.enabled;
  const designations = usable(p).reverse();
  if (ctx.blueprint.identity.rootAccess === 'centralized') destroyRootAccess(p, ct);
  for (const { d, admin } of designations) {
    const m = d.spec.mechanism;
    const removals: string[] = [];
    let kept = false;
    if (m.kind === 'api') {
      for (const region of p.regionsOf(d)) {
        if (!p.currentAdmins(m.api, region).includes(admin)) continue;
        const why = keepReason(p, m.api, admin, region);
        if (why) {
          kept = true;
          p.notes.push(`${d.name}: the delegated administrator ${admin} is kept in ${region}: ${why}.`);
          continue;
        }
        removals.push(
          p.add({
            op: disableOpName(m.api),
            action: 'delete',
            ...placement(d, region),
            resource: `remove-admin:${d.spec.service}`,
            summary: `remove ${d.name} delegated administrator ${admin}${m.perRegion ? ` in ${region}` : ''}`,
            params: { accountId: admin },
          }),
        );
      }
      if (removals.length > 0 && (m.api === 'guardduty' || m.api === 'detective')) {
        p.notes.push(
          `${d.name}: removing the administrator leaves member accounts' ${m.api === 'guardduty' ? 'detectors' : 'settings'} ` +
            'in place; the service keeps running in each account until it is turned off there.',
        );
      }
    }
    const deregs: string[] = [];
    if (!kept && (m.kind === 'organizations' || m.perRegion)) {
      for (const principal of d.adminPrincipals) {
        if (!p.registered(principal).includes(admin)) continue;
        deregs.push(
          p.add({
            op: `${FEATURE_ID}.deregister-admin`,
            action: 'delete',
            region: ctx.homeRegion,
            global: true,
            resource: `deregister:${principal}:${admin}`,
            summary: `deregister ${admin} as delegated administrator for ${principal}`,
            params: { servicePrincipal: principal, accountId: admin },
            dependsOn: removals,
          }),
        );
      }
    }
    if (kept) continue;
    for (const principal of d.trustedPrincipals) {
      if (!p.trustedOn(principal)) continue;
      if (ct && CONTROL_TOWER_PRINCIPALS.has(principal)) {
        p.notes.push(`Trusted access for ${principal} is kept: Control Tower relies on it.`);
        continue;
      }
      p.add({
        op: `${FEATURE_ID}.disable-trusted-access`,
        action: 'delete',
        region: ctx.homeRegion,
        global: true,
        resource: `disable-trusted-access:${principal}`,
        summary: `turn off trusted access for ${principal}`,
        params: { servicePrincipal: principal },
        dependsOn: [...removals, ...deregs],
      });
    }
  }
  return { steps: p.steps, notes: p.notes };
}

function destroyRootAccess(p: Planner, ct: boolean): void {
  const slice = p.ctx.inventory.organization[IAM_ORGANIZATION_COLLECTOR_ID] as
    IamOrganizationSlice | undefined;
  const root = p.need(
    slice?.rootAccess,
    'centralized root access',
    p.missing(IAM_ORGANIZATION_COLLECTOR_ID, p.ctx.homeRegion, 'iam:ListOrganizationsFeatures'),
  );
  if (root === null) return;
  const offs = ROOT_ACCESS_FEATURES.filter((f) => root.enabledFeatures.includes(f)).map((feature) =>
    p.add({
      op: `${FEATURE_ID}.disable-root-feature`,
      action: 'delete',
      capability: 'identity-and-access-management',
      region: p.ctx.homeRegion,
      global: true,
      resource: `disable-root-access:${feature}`,
      summary: `turn off centralized root access: ${feature}`,
      params: { feature },
    }),
  );
  if (offs.length > 0) {
    p.notes.push(
      'Centralized root access: turning the features off does not give member accounts their root ' +
        'credentials back; recover them through the root user password reset if ever needed.',
    );
  }
  if (p.trustedOn(IAM_PRINCIPAL) && !(ct && CONTROL_TOWER_PRINCIPALS.has(IAM_PRINCIPAL))) {
    p.add({
      op: `${FEATURE_ID}.disable-trusted-access`,
      action: 'delete',
      region: p.ctx.homeRegion,
      global: true,
      resource: `disable-trusted-access:${IAM_PRINCIPAL}`,
      summary: `turn off trusted access for ${IAM_PRINCIPAL}`,
      params: { servicePrincipal: IAM_PRINCIPAL },
      dependsOn: offs,
    });
  }
}
