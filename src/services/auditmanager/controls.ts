/**
 * AWS Audit Manager controls (SRA-AUDITMANAGER-01, -02). Audit Manager is optional in the SRA and AWS closed
 * it to new customers on 30 April 2026
 * (https://docs.aws.amazon.com/audit-manager/latest/userguide/audit-manager-availability-change.html): the
 * controls judge organizations that already use it (or whose blueprint asks for it) and are NOT_APPLICABLE
 * everywhere else.
 */
import { ORGANIZATIONS_COLLECTOR_ID, type OrganizationSlice } from '../organizations/collect.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../verify/types.js';
import { AUDIT_MANAGER, AUDIT_MANAGER_PRINCIPAL, type AuditManagerSlice } from './collect.js';

/** Blueprint key of Audit Manager. */
export const AUDIT_MANAGER_KEY = 'assurance.auditManager';

/** What every Audit Manager text says about the service's availability. */
export const AVAILABILITY_NOTE =
  'AWS closed Audit Manager to new customers on 30 April 2026; organizations that used it before keep it.';

/** The Audit Manager slice of `account` in `region` (defaults: the evaluated ones), or undefined. */
function sliceOf(
  ctx: EvalContext,
  account = ctx.account.id,
  region = ctx.region,
): AuditManagerSlice | undefined {
  return ctx.regionSlice<AuditManagerSlice>(AUDIT_MANAGER, account, region);
}

/**
 * NOT_APPLICABLE when the organization does not use Audit Manager and the blueprint does not ask for it;
 * undefined when the controls apply. Evidence of use: the management account set Audit Manager up or
 * designated an administrator in some governed Region, or Organizations lists an Audit Manager delegated
 * administrator. A failed read only matters (→ ERROR) when no other evidence settles the question.
 */
export function notInUse(ctx: EvalContext): Outcome | undefined {
  if (ctx.blueprint?.assurance.auditManager.enabled) return undefined;
  const mgmt = ctx.inventory.managementAccountId;
  const disabled = new Set(
    ctx.inventory.unreachable
      .filter((u) => u.account === mgmt && u.kind === 'region-disabled')
      .map((u) => u.region),
  );
  const unknown: Array<() => never> = [];
  for (const region of ctx.inventory.governedRegions) {
    if (disabled.has(region)) continue;
    const slice = sliceOf(ctx, mgmt, region);
    if (!slice || !slice.status.ok) {
      unknown.push(
        () => ctx.need(slice?.status, `Audit Manager status of the management account in ${region}`) as never,
      );
      continue;
    }
    if (slice.status.value === 'ACTIVE') return undefined;
    if (slice.admin?.ok && slice.admin.value) return undefined;
  }
  const org = ctx.org<OrganizationSlice>(ORGANIZATIONS_COLLECTOR_ID);
  if (
    org?.delegatedAdmins.ok &&
    org.delegatedAdmins.value.some((d) => d.principal === AUDIT_MANAGER_PRINCIPAL)
  ) {
    return undefined;
  }
  unknown[0]?.();
  return notApplicable(
    'Audit Manager is not in use and the blueprint does not ask for it; it is optional in the SRA. ' +
      AVAILABILITY_NOTE +
      ` An organization that already has access adopts it with ${AUDIT_MANAGER_KEY}.enabled: true.`,
  );
}

/** Audit Manager is set up (ACTIVE) in every account and governed Region. */
export const enabled: Control = defineControl({
  id: 'audit-manager.enabled',
  title: 'AWS Audit Manager is set up in every account and governed Region',
  severity: 'medium',
  capabilities: ['security-assurance'],
  principles: ['automate-security-best-practices', 'enable-traceability'],
  appliesTo: 'all',
  scope: 'region',
  service: 'audit-manager',
  refs: { sraVerify: ['SRA-AUDITMANAGER-01'] },
  risk:
    'Where Audit Manager is not set up, no evidence is collected continuously for the organization’s ' +
    'compliance frameworks, so audits fall back to screenshots and spreadsheets gathered by hand. ' +
    AVAILABILITY_NOTE,
  remediation: {
    blueprint: `${AUDIT_MANAGER_KEY}.enabled`,
    manual:
      'Audit Manager console → Set up AWS Audit Manager in the Region, or `aws auditmanager register-account ' +
      '--region <region>` in the account. ' +
      AVAILABILITY_NOTE,
  },
  uses: [AUDIT_MANAGER, ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const slice = sliceOf(ctx);
    const status = ctx.need(slice?.status, `Audit Manager status in ${ctx.region}`);
    const resource = `auditmanager:${ctx.region}:${ctx.account.id}`;
    if (status === 'ACTIVE')
      return pass(`Audit Manager is set up in ${ctx.region}`, { resource, actual: status });
    const skip = notInUse(ctx);
    if (skip) return skip;
    return fail(`Audit Manager is not set up in ${ctx.region} (status ${status})`, {
      resource,
      expected: 'ACTIVE',
      actual: status,
    });
  },
});

/** The delegated Audit Manager administrator of every governed Region is the security tooling account. */
export const delegatedAdminSecurityTooling: Control = defineControl({
  id: 'audit-manager.delegated-admin-security-tooling',
  title: 'The delegated Audit Manager administrator is the security tooling account in every governed Region',
  severity: 'medium',
  capabilities: ['security-assurance', 'security-governance'],
  principles: ['automate-security-best-practices', 'strong-identity-foundation'],
  appliesTo: ['management'],
  scope: 'region',
  service: 'audit-manager',
  refs: { sraVerify: ['SRA-AUDITMANAGER-02'] },
  risk:
    'Without a delegated administrator, assessments can only cover the management account, or have to be run ' +
    'from it, against the SRA rule of keeping the management account free of day-to-day work; with another ' +
    'account as administrator, audit evidence for the whole organization sits outside the security team’s ' +
    'account. ' +
    AVAILABILITY_NOTE,
  remediation: {
    blueprint: `${AUDIT_MANAGER_KEY}.enabled`,
    manual:
      'From the management account, in each Region: Audit Manager console → Settings → Delegated administrator, ' +
      'or `aws auditmanager register-organization-admin-account --admin-account-id <security-tooling-id>` ' +
      '(remove a wrong administrator first with `deregister-organization-admin-account`). ' +
      AVAILABILITY_NOTE,
  },
  uses: [AUDIT_MANAGER, ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const skip = notInUse(ctx);
    if (skip) return skip;
    const slice = sliceOf(ctx);
    const status = ctx.need(slice?.status, `Audit Manager status of the management account in ${ctx.region}`);
    const resource = `auditmanager:${ctx.region}:${ctx.account.id}/delegated-admin`;
    const tooling = ctx.roleAccounts['security-tooling']?.[0];
    const expected = tooling ?? 'the security tooling account';
    if (status !== 'ACTIVE') {
      return fail(
        `Audit Manager is not set up in the management account in ${ctx.region}, so it has no administrator`,
        {
          resource,
          expected,
          actual: `management account status ${status}, no delegated administrator`,
        },
      );
    }
    const admin = ctx.need(slice!.admin, `Audit Manager delegated administrator in ${ctx.region}`);
    if (!admin) {
      return fail(`Audit Manager has no delegated administrator in ${ctx.region}`, {
        resource,
        expected,
        actual: 'none',
      });
    }
    if (!tooling) {
      return notApplicable(
        `Audit Manager is administered by ${admin} in ${ctx.region}, but no account is known as the security ` +
          'tooling account; name it in the blueprint (accounts.securityTooling)',
        resource,
      );
    }
    return admin === tooling
      ? pass(`the security tooling account ${tooling} administers Audit Manager in ${ctx.region}`, {
          resource,
          actual: admin,
        })
      : fail(
          `account ${admin}, not the security tooling account ${tooling}, administers Audit Manager in ${ctx.region}`,
          {
            resource,
            expected: tooling,
            actual: admin,
          },
        );
  },
});

/** The Audit Manager controls. */
export const auditManagerControls: readonly Control[] = [enabled, delegatedAdminSecurityTooling];
