/**
 * AWS Organizations controls, evaluated once for the organization (as the management account): the
 * organization exists with all features, guardrail policy types are on and used, the foundational OUs
 * exist and the security accounts sit in the Security OU, trusted access is on for the services the SRA
 * runs, the management account administers nothing on a service's behalf, and every account (delegated
 * administrators first) is active.
 *
 * When the management account is not in an organization, `organizations.enabled` fails and the other
 * controls are not applicable (one finding for one gap).
 */
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../verify/types.js';
import type { Blueprint } from '../../blueprint/index.js';
import {
  ORGANIZATIONS_COLLECTOR_ID,
  type OrgDescription,
  type OrgOu,
  type OrganizationSlice,
} from './collect.js';

const SERVICE = 'organizations';

function sliceOf(ctx: EvalContext): OrganizationSlice | undefined {
  return ctx.org<OrganizationSlice>(ORGANIZATIONS_COLLECTOR_ID);
}

/** The organization, or an Outcome saying there is none. */
function organizationOf(ctx: EvalContext): OrgDescription | Outcome {
  const slice = sliceOf(ctx);
  if (slice?.notInOrganization) {
    return notApplicable('the management account is not in an organization (see organizations.enabled)');
  }
  return ctx.need(slice?.organization, 'the organization (organizations:DescribeOrganization)');
}

function isOutcome(x: OrgDescription | Outcome): x is Outcome {
  return 'status' in x;
}

/** Base metadata shared by the Organizations controls. */
const BASE = {
  appliesTo: ['management'],
  scope: 'organization',
  service: SERVICE,
  uses: [ORGANIZATIONS_COLLECTOR_ID],
} as const;

// ---------------------------------------------------------------------------------------------
// The organization
// ---------------------------------------------------------------------------------------------

/** An organization exists. */
export const organizationEnabled: Control = defineControl({
  ...BASE,
  id: 'organizations.enabled',
  title: 'The account is the management account of an AWS Organization',
  severity: 'critical',
  capabilities: ['security-governance'],
  principles: ['strong-identity-foundation', 'security-at-all-layers'],
  refs: { sraVerify: ['SRA-ORGANIZATIONS-01'] },
  risk:
    'Without an organization there are no guardrail policies, no delegated administrators and no ' +
    'organization-wide trail or detectors: every account has to be secured, and watched, on its own.',
  remediation: {
    blueprint: 'organization',
    manual:
      'From the account that will be the management account: aws organizations create-organization --feature-set ALL.',
  },
  evaluate(ctx) {
    if (sliceOf(ctx)?.notInOrganization) {
      return fail('the account is not in an AWS Organization', { expected: 'an organization', actual: null });
    }
    const org = ctx.need(sliceOf(ctx)?.organization, 'the organization (organizations:DescribeOrganization)');
    if (org.managementAccountId !== ctx.inventory.managementAccountId) {
      return fail(
        `the organization's management account is ${org.managementAccountId}, not the account verify ran as`,
        {
          resource: org.arn,
          expected: { managementAccountId: ctx.inventory.managementAccountId },
          actual: { managementAccountId: org.managementAccountId },
        },
      );
    }
    return pass(`organization ${org.id} is managed from ${org.managementAccountId}`, { resource: org.arn });
  },
});

/** All features are enabled. */
export const allFeatures: Control = defineControl({
  ...BASE,
  id: 'organizations.all-features',
  title: 'The organization has all features enabled',
  severity: 'high',
  capabilities: ['security-governance'],
  principles: ['security-at-all-layers', 'automate-security-best-practices'],
  refs: { sraVerify: ['SRA-ORGANIZATIONS-05'] },
  risk:
    'A consolidated-billing-only organization cannot use SCPs, RCPs, trusted access or delegated ' +
    'administrators, so none of the SRA’s organization-wide security services can be set up.',
  remediation: {
    blueprint: 'organization',
    manual:
      'aws organizations enable-all-features, then have every invited member account accept the handshake ' +
      '(Organizations console → Settings).',
  },
  evaluate(ctx) {
    const org = organizationOf(ctx);
    if (isOutcome(org)) return org;
    return org.featureSet === 'ALL'
      ? pass('all features are enabled', { resource: org.arn })
      : fail(`the organization's feature set is ${org.featureSet}`, {
          resource: org.arn,
          expected: { featureSet: 'ALL' },
          actual: { featureSet: org.featureSet },
        });
  },
});

// ---------------------------------------------------------------------------------------------
// Guardrail policy types
// ---------------------------------------------------------------------------------------------

function policyTypeControl(options: {
  id: string;
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  label: string;
  sraVerify: string;
  severity: Control['severity'];
  risk: string;
  blueprint: string;
  manual: string;
}): Control {
  return defineControl({
    ...BASE,
    id: options.id,
    title: `${options.label}s are enabled on the root and at least one customer-managed ${options.label} is attached`,
    severity: options.severity,
    capabilities: ['security-governance', 'identity-and-access-management'],
    principles: ['security-at-all-layers', 'keep-people-away-from-data'],
    refs: { sraVerify: [options.sraVerify] },
    risk: options.risk,
    remediation: { blueprint: options.blueprint, manual: options.manual },
    evaluate(ctx) {
      const org = organizationOf(ctx);
      if (isOutcome(org)) return org;
      const slice = sliceOf(ctx)!;
      const roots = ctx.need(slice.roots, 'the organization roots (organizations:ListRoots)');
      const status =
        roots.flatMap((r) => r.policyTypes).find((p) => p.type === options.type)?.status ?? 'DISABLED';
      const policies = ctx.need(slice.policies, 'the SCPs and RCPs (organizations:ListPolicies)');
      const attached = policies.filter(
        (p) => p.type === options.type && !p.awsManaged && (p.targets?.length ?? 0) > 0,
      );
      const expected = { policyType: 'ENABLED', customerPoliciesAttached: '≥ 1' };
      if (status !== 'ENABLED') {
        return fail(`the ${options.label} policy type is ${status} on the root`, {
          resource: roots[0]?.arn ?? org.arn,
          expected,
          actual: { policyType: status, customerPoliciesAttached: attached.length },
        });
      }
      if (attached.length === 0) {
        return fail(
          `${options.label}s are enabled but no customer-managed ${options.label} is attached anywhere`,
          {
            resource: roots[0]?.arn ?? org.arn,
            expected,
            actual: { policyType: status, customerPoliciesAttached: 0 },
          },
        );
      }
      return pass(
        `${attached.length} customer-managed ${options.label}(s) attached: ${attached.map((p) => p.name).join(', ')}`,
        {
          resource: roots[0]?.arn ?? org.arn,
          actual: attached.map((p) => ({ name: p.name, targets: p.targets?.length ?? 0 })),
        },
      );
    },
  });
}

/** SCPs are on and used. */
export const scpsConfigured: Control = policyTypeControl({
  id: 'organizations.scps-configured',
  type: 'SERVICE_CONTROL_POLICY',
  label: 'SCP',
  sraVerify: 'SRA-ORGANIZATIONS-06',
  severity: 'high',
  risk:
    'Without service control policies nothing stops an administrator in a member account — or an attacker ' +
    'with their credentials — from disabling GuardDuty, stopping the trail, leaving the organization or ' +
    'working in Regions nobody watches.',
  blueprint: 'governance.serviceControlPolicies',
  manual:
    'aws organizations enable-policy-type --root-id <r-…> --policy-type SERVICE_CONTROL_POLICY; create the SCPs ' +
    '(e.g. deny leaving the organization, deny disabling security services) and attach them to the root or OUs.',
});

/** RCPs are on and used. */
export const rcpsConfigured: Control = policyTypeControl({
  id: 'organizations.rcps-configured',
  type: 'RESOURCE_CONTROL_POLICY',
  label: 'RCP',
  sraVerify: 'SRA-ORGANIZATIONS-07',
  severity: 'medium',
  risk:
    'Without resource control policies a bucket, key or role policy written too broadly can let identities ' +
    'outside the organization in; RCPs set a data perimeter no resource policy can widen.',
  blueprint: 'governance.resourceControlPolicies',
  manual:
    'aws organizations enable-policy-type --root-id <r-…> --policy-type RESOURCE_CONTROL_POLICY; create an RCP ' +
    '(e.g. deny access from principals outside the organization, require TLS) and attach it to the root.',
});

// ---------------------------------------------------------------------------------------------
// OU structure
// ---------------------------------------------------------------------------------------------

/** Name patterns of the SRA's foundational OUs (case-insensitive; a few common variants). */
export const FOUNDATIONAL_OUS = {
  Security: /^security$/i,
  Infrastructure: /^infra(structure)?$/i,
  Workloads: /^workloads?$/i,
} as const;

/** OUs whose name matches one of the foundational OU patterns. */
export function ousNamed(ous: readonly OrgOu[], name: keyof typeof FOUNDATIONAL_OUS): OrgOu[] {
  return ous.filter((o) => FOUNDATIONAL_OUS[name].test(o.name.trim()));
}

function foundationalOuControl(
  name: keyof typeof FOUNDATIONAL_OUS,
  sraVerify: string,
  purpose: string,
): Control {
  return defineControl({
    ...BASE,
    id: `organizations.${name.toLowerCase()}-ou`,
    title: `The organization has a ${name} OU`,
    severity: 'medium',
    capabilities: ['security-governance'],
    principles: ['security-at-all-layers'],
    refs: { sraVerify: [sraVerify] },
    risk: `Without a ${name} OU, ${purpose}`,
    remediation: {
      blueprint: 'organization.organizationalUnits',
      manual: `aws organizations create-organizational-unit --parent-id <root id> --name ${name}`,
    },
    evaluate(ctx) {
      const org = organizationOf(ctx);
      if (isOutcome(org)) return org;
      const ous = ctx.need(sliceOf(ctx)!.ous, 'the organizational units');
      const found = ousNamed(ous, name);
      if (found.length === 0) {
        return fail(`no OU named ${name}`, {
          expected: { ou: name },
          actual: { ous: ous.map((o) => o.path.join('/')) },
        });
      }
      const top = found.find((o) => o.path.length === 1) ?? found[0]!;
      return pass(`OU ${top.path.join('/')} (${top.id})`, { resource: top.arn });
    },
  });
}

/** The Security OU exists. */
export const securityOu = foundationalOuControl(
  'Security',
  'SRA-ORGANIZATIONS-02',
  'the security tooling and log archive accounts share guardrails with everything else, and cannot be given stricter ones.',
);
/** The Infrastructure OU exists. */
export const infrastructureOu = foundationalOuControl(
  'Infrastructure',
  'SRA-ORGANIZATIONS-03',
  'shared network and services accounts sit next to workloads, under the same policies and the same people.',
);
/** The Workloads OU exists. */
export const workloadsOu = foundationalOuControl(
  'Workloads',
  'SRA-ORGANIZATIONS-04',
  'application accounts have no common place to receive workload guardrails, and new accounts land wherever.',
);

function inSecurityOuControl(
  role: 'security-tooling' | 'log-archive',
  sraVerify: string,
  label: string,
): Control {
  return defineControl({
    ...BASE,
    id: `organizations.${role}-in-security-ou`,
    title: `The ${label} account is in the Security OU`,
    severity: 'medium',
    capabilities: ['security-governance'],
    principles: ['security-at-all-layers', 'keep-people-away-from-data'],
    refs: { sraVerify: [sraVerify] },
    risk:
      `Outside the Security OU the ${label} account gets the guardrails (and the people) of whatever OU it is in, ` +
      'instead of the stricter ones that protect security data.',
    remediation: {
      blueprint: 'organization.organizationalUnits',
      manual:
        'aws organizations move-account --account-id <id> --source-parent-id <current parent> --destination-parent-id <Security OU id>',
    },
    evaluate(ctx) {
      const org = organizationOf(ctx);
      if (isOutcome(org)) return org;
      const ids = ctx.roleAccounts[role] ?? [];
      if (ids.length === 0) {
        return notApplicable(
          `no ${label} account was identified (name it in the blueprint: accounts.${role === 'log-archive' ? 'logArchive' : 'securityTooling'})`,
        );
      }
      const slice = sliceOf(ctx)!;
      const ous = ctx.need(slice.ous, 'the organizational units');
      const accounts = ctx.need(slice.accounts, 'the accounts and their parents');
      return ids.map((id) => {
        const a = accounts.find((x) => x.id === id);
        if (!a) {
          return fail(`${label} account ${id} is not in the organization`, {
            resource: id,
            expected: { ou: 'Security' },
            actual: null,
          });
        }
        const parent = ous.find((o) => o.id === a.parentId);
        const path = parent?.path ?? [];
        return path.some((name) => FOUNDATIONAL_OUS.Security.test(name.trim()))
          ? pass(`${label} account ${id} is in ${path.join('/')}`, { resource: a.arn ?? id })
          : fail(
              `${label} account ${id} is in ${path.length ? path.join('/') : 'the root'}, not the Security OU`,
              {
                resource: a.arn ?? id,
                expected: { ou: 'Security' },
                actual: { ou: path.length ? path.join('/') : 'Root' },
              },
            );
      });
    },
  });
}

/** Security tooling sits in the Security OU. */
export const securityToolingInSecurityOu = inSecurityOuControl(
  'security-tooling',
  'SRA-ORGANIZATIONS-08',
  'security tooling',
);
/** Log archive sits in the Security OU. */
export const logArchiveInSecurityOu = inSecurityOuControl(
  'log-archive',
  'SRA-ORGANIZATIONS-09',
  'log archive',
);

// ---------------------------------------------------------------------------------------------
// Trusted access and delegated administration
// ---------------------------------------------------------------------------------------------

/**
 * Service principals the SRA integrates with Organizations by default, each with the blueprint switch
 * that turns it off. IAM (centralized root access) is judged by `iam.centralized-root-credentials`.
 */
const SRA_TRUSTED_SERVICES: ReadonlyArray<{ principal: string; wanted: (bp: Blueprint) => boolean }> = [
  {
    principal: 'cloudtrail.amazonaws.com',
    wanted: (bp) => bp.threatDetection.cloudtrail.organizationTrail.enabled,
  },
  { principal: 'config.amazonaws.com', wanted: (bp) => bp.assurance.config.enabled },
  { principal: 'securityhub.amazonaws.com', wanted: (bp) => bp.assurance.securityHub.enabled },
  { principal: 'guardduty.amazonaws.com', wanted: (bp) => bp.threatDetection.guardduty.enabled },
  {
    principal: 'access-analyzer.amazonaws.com',
    wanted: (bp) => bp.identity.accessAnalyzer.external || bp.identity.accessAnalyzer.unusedAccess.enabled,
  },
  { principal: 'inspector2.amazonaws.com', wanted: (bp) => bp.vulnerabilityManagement.inspector.enabled },
  { principal: 'macie.amazonaws.com', wanted: (bp) => bp.dataProtection.macie.enabled },
  { principal: 'account.amazonaws.com', wanted: () => true },
];

/** Optional services that need trusted access when the blueprint turns them on. */
const OPTIONAL_TRUSTED_SERVICES: ReadonlyArray<{ principal: string; wanted: (bp: Blueprint) => boolean }> = [
  { principal: 'detective.amazonaws.com', wanted: (bp) => bp.incidentResponse.detective.enabled },
  { principal: 'securitylake.amazonaws.com', wanted: (bp) => bp.threatDetection.securityLake.enabled },
  { principal: 'fms.amazonaws.com', wanted: (bp) => bp.infrastructureProtection.firewallManager.enabled },
  { principal: 'auditmanager.amazonaws.com', wanted: (bp) => bp.assurance.auditManager.enabled },
  {
    principal: 'security-ir.amazonaws.com',
    wanted: (bp) => bp.incidentResponse.securityIncidentResponse.enabled,
  },
  { principal: 'sso.amazonaws.com', wanted: (bp) => bp.identity.identityCenter !== undefined },
];

/** The service principals that should have trusted access, and why. */
export function expectedTrustedServices(
  blueprint: Blueprint | undefined,
  delegated: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of SRA_TRUSTED_SERVICES) {
    if (!blueprint) out.set(s.principal, 'an SRA default service');
    else if (s.wanted(blueprint)) out.set(s.principal, 'enabled in the blueprint');
  }
  if (blueprint) {
    for (const s of OPTIONAL_TRUSTED_SERVICES)
      if (s.wanted(blueprint)) out.set(s.principal, 'enabled in the blueprint');
  }
  for (const p of delegated) if (!out.has(p)) out.set(p, 'has a delegated administrator');
  return out;
}

/** Trusted access is on for every service the SRA (or the blueprint) integrates. */
export const trustedAccess: Control = defineControl({
  ...BASE,
  id: 'organizations.trusted-access',
  title: 'Trusted access is enabled for every security service the SRA integrates with the organization',
  severity: 'high',
  capabilities: ['security-governance', 'threat-detection'],
  principles: ['automate-security-best-practices', 'enable-traceability'],
  refs: {},
  risk:
    'Without trusted access a service cannot see the organization: no organization trail, aggregator, ' +
    'delegated administrator or auto-enrolment of new accounts, so new accounts start unprotected.',
  remediation: {
    blueprint: 'governance',
    manual:
      'aws organizations enable-aws-service-access --service-principal <principal> (or the service’s own "enable for the organization" step).',
  },
  evaluate(ctx) {
    const org = organizationOf(ctx);
    if (isOutcome(org)) return org;
    const slice = sliceOf(ctx)!;
    const enabled = new Set(ctx.need(slice.trustedAccess, 'trusted access').map((t) => t.principal));
    const delegated = ctx.need(slice.delegatedAdmins, 'the delegated administrators').map((d) => d.principal);
    const expected = expectedTrustedServices(ctx.blueprint, delegated);
    return [...expected].map(([principal, why]) =>
      enabled.has(principal)
        ? pass(`trusted access is enabled for ${principal}`, { resource: principal })
        : fail(`trusted access is not enabled for ${principal} (${why})`, {
            resource: principal,
            expected: { trustedAccess: true },
            actual: { trustedAccess: false },
          }),
    );
  },
});

/** The management account is no service's delegated administrator. */
export const managementNotDelegatedAdmin: Control = defineControl({
  ...BASE,
  id: 'organizations.management-not-delegated-admin',
  title: 'The management account is not a delegated administrator of any service',
  severity: 'high',
  capabilities: ['security-governance', 'identity-and-access-management'],
  principles: ['keep-people-away-from-data', 'security-at-all-layers'],
  refs: {},
  risk:
    'The management account is not bound by SCPs; administering security services from it puts day-to-day ' +
    'operators in the one account that can change every guardrail.',
  remediation: {
    manual:
      'Register the security tooling account instead (each service’s own admin API, e.g. aws guardduty ' +
      'enable-organization-admin-account --admin-account-id <security tooling>), then deregister the management account.',
  },
  evaluate(ctx) {
    const org = organizationOf(ctx);
    if (isOutcome(org)) return org;
    const mgmt = org.managementAccountId;
    const mine = ctx
      .need(sliceOf(ctx)!.delegatedAdmins, 'the delegated administrators')
      .filter((d) => d.account === mgmt);
    return mine.length === 0
      ? pass(`management account ${mgmt} is not a delegated administrator`, { resource: mgmt })
      : fail(
          `management account ${mgmt} is delegated administrator of ${mine.map((d) => d.principal).join(', ')}`,
          {
            resource: mgmt,
            expected: { delegatedServices: [] },
            actual: { delegatedServices: mine.map((d) => d.principal) },
          },
        );
  },
});

/** Every delegated administrator account is active. */
export const delegatedAdminsActive: Control = defineControl({
  ...BASE,
  id: 'organizations.delegated-admins-active',
  title: 'Every delegated administrator account is active',
  severity: 'high',
  capabilities: ['security-governance', 'threat-detection'],
  principles: ['prepare-for-security-events'],
  refs: {},
  risk:
    'A suspended or closing administrator account leaves its services without anyone able to read findings ' +
    'or manage members for the whole organization.',
  remediation: {
    manual:
      'Register an active account (the security tooling account) as the service’s administrator and deregister ' +
      'the inactive one (aws organizations deregister-delegated-administrator).',
  },
  evaluate(ctx) {
    const org = organizationOf(ctx);
    if (isOutcome(org)) return org;
    const slice = sliceOf(ctx)!;
    const admins = ctx.need(slice.delegatedAdmins, 'the delegated administrators');
    if (admins.length === 0) return notApplicable('no delegated administrators are registered');
    const accounts = ctx.need(slice.accounts, 'the accounts');
    const byAccount = new Map<string, string[]>();
    for (const d of admins) byAccount.set(d.account, [...(byAccount.get(d.account) ?? []), d.principal]);
    return [...byAccount].map(([id, principals]) => {
      const status = accounts.find((a) => a.id === id)?.status ?? 'NOT_IN_ORGANIZATION';
      return status === 'ACTIVE'
        ? pass(`delegated administrator ${id} is active`, { resource: id })
        : fail(`delegated administrator ${id} of ${principals.join(', ')} is ${status}`, {
            resource: id,
            expected: { status: 'ACTIVE' },
            actual: { status, principals },
          });
    });
  },
});

/** Every account is active. */
export const accountsActive: Control = defineControl({
  ...BASE,
  id: 'organizations.accounts-active',
  title: 'Every account of the organization is active (no suspended or closing accounts linger)',
  severity: 'low',
  capabilities: ['security-governance'],
  principles: ['automate-security-best-practices'],
  refs: {},
  risk:
    'Suspended and closing accounts cannot be read or fixed, yet stay in the organization: they hide data ' +
    'and resources that nobody verifies until the account is closed or reinstated.',
  remediation: {
    manual:
      'Reinstate the account with AWS Support or finish closing it and remove it from the organization.',
  },
  evaluate(ctx) {
    const org = organizationOf(ctx);
    if (isOutcome(org)) return org;
    const accounts = ctx.need(sliceOf(ctx)!.accounts, 'the accounts');
    const inactive = accounts.filter((a) => a.status !== 'ACTIVE');
    if (inactive.length === 0) return pass(`all ${accounts.length} accounts are active`);
    return inactive.map((a) =>
      fail(`account ${a.id} (${a.name}) is ${a.status}`, {
        resource: a.arn ?? a.id,
        expected: { status: 'ACTIVE' },
        actual: { status: a.status },
      }),
    );
  },
});

/** Every Organizations control. */
export const ORGANIZATIONS_CONTROLS: readonly Control[] = [
  organizationEnabled,
  allFeatures,
  scpsConfigured,
  rcpsConfigured,
  securityOu,
  infrastructureOu,
  workloadsOu,
  securityToolingInSecurityOu,
  logArchiveInSecurityOu,
  trustedAccess,
  managementNotDelegatedAdmin,
  delegatedAdminsActive,
  accountsActive,
];
