/**
 * AWS Security Incident Response controls (SRA-SECURITYINCIDENTRESPONSE-01 to -05). The service is optional
 * in the SRA (a paid subscription): when it is not in use and the blueprint does not ask for it, every control
 * is NOT_APPLICABLE. "In use" means Organizations lists a delegated administrator for `security-ir.amazonaws.com`
 * or trusted access is enabled for it.
 *
 * -01 (administrator) and -05 (triage role) are judged from Organizations and IAM. -02 to -04 are judged in the
 * security tooling account from the membership the delegated administrator holds (read by the collector with
 * `ListMemberships`, `GetMembership` and `BatchGetMemberAccountDetails`): the first `Active` membership is
 * the organization's; without a delegated administrator, or without an active membership, they FAIL (as
 * sra-verify's checks do from the audit account); they are ERROR only when a read they need failed.
 * https://docs.aws.amazon.com/security-ir/latest/APIReference/API_GetMembership.html
 */
import { ORGANIZATIONS_COLLECTOR_ID, type OrganizationSlice } from '../organizations/collect.js';
import type { DataError } from '../../observe/types.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../verify/types.js';
import {
  SECURITY_INCIDENT_RESPONSE,
  SECURITY_IR_PRINCIPAL,
  TRIAGE_FEATURE,
  TRIAGE_ROLE_NAME,
  type SecurityIncidentResponseSlice,
  type SecurityIrMembership,
} from './collect.js';

/** Blueprint key of Security Incident Response. */
export const SECURITY_IR_KEY = 'incidentResponse.securityIncidentResponse';

/** Whether the service is in use or asked for, and who administers it. */
interface Usage {
  /** Delegated administrators of `security-ir.amazonaws.com` (normally one). */
  admins: string[];
}

/**
 * The administrators when Security Incident Response is in use or asked for, or NOT_APPLICABLE saying how to
 * adopt it. Throws (→ ERROR) when the Organizations data that would settle the question could not be read.
 */
function usage(ctx: EvalContext): Usage | Outcome {
  const org = ctx.org<OrganizationSlice>(ORGANIZATIONS_COLLECTOR_ID);
  const delegated = ctx.need(org?.delegatedAdmins, 'delegated administrators (AWS Organizations)');
  const admins = delegated.filter((d) => d.principal === SECURITY_IR_PRINCIPAL).map((d) => d.account);
  if (admins.length > 0 || ctx.blueprint?.incidentResponse.securityIncidentResponse.enabled)
    return { admins };
  const trusted = ctx.need(org?.trustedAccess, 'trusted access (AWS Organizations)');
  if (trusted.some((t) => t.principal === SECURITY_IR_PRINCIPAL)) return { admins };
  return notApplicable(
    'AWS Security Incident Response is not in use (no delegated administrator, no trusted access) and the ' +
      `blueprint does not ask for it; it is an optional subscription in the SRA. To adopt it, set ${SECURITY_IR_KEY}` +
      '.enabled: true.',
  );
}

function isOutcome(v: Usage | Outcome): v is Outcome {
  return 'status' in v;
}

/** The delegated Security Incident Response administrator is the security tooling account. */
export const delegatedAdminSecurityTooling: Control = defineControl({
  id: 'security-incident-response.delegated-admin-security-tooling',
  title: 'The delegated Security Incident Response administrator is the security tooling account',
  severity: 'medium',
  capabilities: ['incident-response', 'security-governance'],
  principles: ['prepare-for-security-events', 'strong-identity-foundation'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'security-incident-response',
  refs: { sraVerify: ['SRA-SECURITYINCIDENTRESPONSE-01'] },
  risk:
    'Cases, the incident response team and triage settings live in the administrator account. Run from the ' +
    'management account or a workload account, incident handling sits with people who should not have it, ' +
    'and responders need access to accounts the SRA keeps them out of.',
  remediation: {
    blueprint: `${SECURITY_IR_KEY}.enabled`,
    manual:
      'From the management account: `aws organizations register-delegated-administrator --account-id ' +
      '<security-tooling-id> --service-principal security-ir.amazonaws.com`, then create the membership from ' +
      'the security tooling account (Security Incident Response console → Get started).',
  },
  uses: [ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const use = usage(ctx);
    if (isOutcome(use)) return use;
    const tooling = ctx.roleAccounts['security-tooling']?.[0];
    const expected = tooling ?? 'the security tooling account';
    if (use.admins.length === 0) {
      return fail('Security Incident Response has no delegated administrator', { expected, actual: 'none' });
    }
    if (!tooling) {
      return notApplicable(
        `Security Incident Response is administered by ${use.admins.join(', ')}, but no account is known as the ` +
          'security tooling account; name it in the blueprint (accounts.securityTooling)',
        use.admins[0],
      );
    }
    return use.admins.length === 1 && use.admins[0] === tooling
      ? pass(`the security tooling account ${tooling} administers Security Incident Response`, {
          resource: tooling,
          actual: use.admins,
        })
      : fail(`Security Incident Response is administered by ${use.admins.join(', ')}, not by ${tooling}`, {
          resource: use.admins[0],
          expected: tooling,
          actual: use.admins,
        });
  },
});

/** The memberships of the administrator, or an outcome to return instead. */
function membershipsOf(ctx: EvalContext, use: Usage): SecurityIrMembership[] | Outcome {
  const admin = use.admins[0];
  if (!admin) {
    return fail(
      'Security Incident Response has no delegated administrator, so no membership is administered from the ' +
        'security tooling account',
      {
        expected: 'a membership in the delegated administrator account',
        actual: 'no delegated administrator',
      },
    );
  }
  const slice = ctx.accountSlice<SecurityIncidentResponseSlice>(SECURITY_INCIDENT_RESPONSE, admin);
  return ctx.need(slice?.memberships, `the Security Incident Response memberships of ${admin}`);
}

/** The first active membership, or an outcome saying there is none. */
function activeMembership(ctx: EvalContext, use: Usage): SecurityIrMembership | Outcome {
  const memberships = membershipsOf(ctx, use);
  if (!Array.isArray(memberships)) return memberships;
  const active = memberships.find((m) => m.status === 'Active');
  if (active) return active;
  const admin = use.admins[0]!;
  return fail(
    memberships.length === 0
      ? `the administrator ${admin} has no Security Incident Response membership`
      : `no Security Incident Response membership of ${admin} is active`,
    {
      resource: memberships[0]?.arn ?? admin,
      expected: 'an Active membership',
      actual: memberships.length === 0 ? 'none' : memberships.map((m) => `${m.id}: ${m.status}`),
    },
  );
}

function isMembership(v: SecurityIrMembership | Outcome): v is SecurityIrMembership {
  return 'id' in v;
}

/** Builds one membership control (-02 to -04): NOT_APPLICABLE when unused, else `judge`. */
function membershipControl(spec: {
  id: string;
  title: string;
  severity: Control['severity'];
  sraVerify: string;
  risk: string;
  manual: string;
  judge: (ctx: EvalContext, use: Usage) => Outcome | Outcome[];
}): Control {
  return defineControl({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    capabilities: ['incident-response'],
    principles: ['prepare-for-security-events'],
    appliesTo: ['security-tooling'],
    scope: 'account',
    service: 'security-incident-response',
    refs: { sraVerify: [spec.sraVerify] },
    risk: spec.risk,
    remediation: { blueprint: `${SECURITY_IR_KEY}.enabled`, manual: spec.manual },
    uses: [ORGANIZATIONS_COLLECTOR_ID, SECURITY_INCIDENT_RESPONSE],
    evaluate(ctx) {
      const use = usage(ctx);
      return isOutcome(use) ? use : spec.judge(ctx, use);
    },
  });
}

/** The organization's membership is active. */
export const membershipActive = membershipControl({
  id: 'security-incident-response.membership-active',
  title: 'The Security Incident Response membership is active',
  severity: 'high',
  sraVerify: 'SRA-SECURITYINCIDENTRESPONSE-02',
  risk:
    'A cancelled or terminated membership means no AWS responders and no case handling when an incident ' +
    'happens, while the organization may believe it is covered.',
  manual:
    'In the security tooling account: Security Incident Response console → Membership → check the status; ' +
    'create a membership (`aws security-ir create-membership`) when there is none.',
  judge(ctx, use) {
    const m = activeMembership(ctx, use);
    if (!isMembership(m)) return m;
    return pass(`Security Incident Response membership ${m.id} is active (${m.region})`, {
      resource: m.arn ?? m.id,
      expected: 'Active',
      actual: m.status,
    });
  },
});

/** Proactive response (the triage feature) is turned on. */
export const proactiveResponse = membershipControl({
  id: 'security-incident-response.proactive-response',
  title: 'Security Incident Response proactive response (triage) is enabled',
  severity: 'medium',
  sraVerify: 'SRA-SECURITYINCIDENTRESPONSE-03',
  risk:
    'Without proactive response, GuardDuty and Security Hub findings are not triaged by the service: true ' +
    'incidents wait in the queue with the noise until somebody opens a case.',
  manual:
    'In the security tooling account: Security Incident Response console → Membership → Edit → turn on ' +
    'proactive response (the Triage opt-in feature).',
  judge(ctx, use) {
    const m = activeMembership(ctx, use);
    if (!isMembership(m)) return m;
    const details = ctx.need(m.details, `Security Incident Response membership ${m.id}`);
    const evidence = { resource: m.arn ?? m.id, expected: { [TRIAGE_FEATURE]: true } };
    return details.triageEnabled
      ? pass(`proactive response (${TRIAGE_FEATURE}) is enabled on membership ${m.id}`, {
          ...evidence,
          actual: { [TRIAGE_FEATURE]: true },
        })
      : fail(`proactive response (${TRIAGE_FEATURE}) is not enabled on membership ${m.id}`, {
          ...evidence,
          actual: { [TRIAGE_FEATURE]: false },
        });
  },
});

/** The membership covers every account of the organization: one outcome per ACTIVE account. */
export const allAccountsCovered = membershipControl({
  id: 'security-incident-response.all-accounts-covered',
  title: 'Security Incident Response covers every account of the organization',
  severity: 'high',
  sraVerify: 'SRA-SECURITYINCIDENTRESPONSE-04',
  risk:
    'Accounts outside the membership get no triage and no responder support: an attacker who lands there ' +
    'is handled later, or not at all.',
  manual:
    'In the security tooling account: Security Incident Response console → Membership → Accounts → cover the ' +
    'entire organization (coverEntireOrganization) or add the missing OUs.',
  judge(ctx, use) {
    const m = activeMembership(ctx, use);
    if (!isMembership(m)) return m;
    const coverage = ctx.need(
      m.coverage,
      `the accounts covered by Security Incident Response membership ${m.id}`,
    );
    if (coverage.asked.length === 0) {
      return notApplicable('the run has no ACTIVE account to check the membership against', m.arn ?? m.id);
    }
    return coverage.asked.map((account): Outcome => {
      const status = coverage.statuses[account];
      const problem = coverage.errors[account];
      if (status === 'Associated') {
        return pass(`account ${account} is covered by membership ${m.id}`, {
          resource: account,
          expected: 'Associated',
          actual: status,
        });
      }
      if (status !== undefined) {
        return fail(`account ${account} is not covered by membership ${m.id} (${status})`, {
          resource: account,
          expected: 'Associated',
          actual: status,
        });
      }
      const error: DataError = {
        kind: 'service',
        message:
          `security-ir:BatchGetMemberAccountDetails did not say whether account ${account} is covered` +
          (problem ? `: ${problem}` : ''),
        account: use.admins[0]!,
        region: m.region,
        operation: 'security-ir:BatchGetMemberAccountDetails',
      };
      return { status: 'ERROR', resource: account, message: error.message, error };
    });
  },
});

/** The triage service-linked role exists in the account. */
export const triageRole: Control = defineControl({
  id: 'security-incident-response.triage-role',
  title: 'The Security Incident Response triage service-linked role exists in every account',
  severity: 'low',
  capabilities: ['incident-response'],
  principles: ['prepare-for-security-events', 'automate-security-best-practices'],
  appliesTo: 'all',
  scope: 'account',
  service: 'security-incident-response',
  refs: { sraVerify: ['SRA-SECURITYINCIDENTRESPONSE-05'] },
  risk:
    'Without the triage role, the service cannot read the account’s GuardDuty and Security Hub findings to ' +
    'triage them, so incidents in the account are only handled once somebody opens a case by hand.',
  remediation: {
    blueprint: `${SECURITY_IR_KEY}.enabled`,
    manual:
      'Turn on proactive response in the membership (the service then creates the role in covered accounts), ' +
      'or in the account run `aws iam create-service-linked-role --aws-service-name triage.security-ir.amazonaws.com`.',
  },
  uses: [SECURITY_INCIDENT_RESPONSE, ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const use = usage(ctx);
    if (isOutcome(use)) return use;
    const slice = ctx.accountSlice<SecurityIncidentResponseSlice>(SECURITY_INCIDENT_RESPONSE);
    const role = ctx.need(slice?.triageRole, `IAM role ${TRIAGE_ROLE_NAME}`);
    return role
      ? pass(`the triage service-linked role exists`, { resource: role.arn, actual: role })
      : fail(`the account has no ${TRIAGE_ROLE_NAME} role`, {
          resource: `arn:aws:iam::${ctx.account.id}:role/aws-service-role/triage.security-ir.amazonaws.com/${TRIAGE_ROLE_NAME}`,
          expected: TRIAGE_ROLE_NAME,
          actual: 'none',
        });
  },
});

/** The Security Incident Response controls. */
export const securityIncidentResponseControls: readonly Control[] = [
  delegatedAdminSecurityTooling,
  membershipActive,
  proactiveResponse,
  allAccountsCovered,
  triageRole,
];
