/**
 * GuardDuty across the organization: the delegated administrator designated from the management
 * account in every governed Region (and it is the security tooling account), and, in that
 * administrator, an organization configuration that enrols every account and turns on every
 * protection plan for new and existing members (`ALL`), members covering every active account, and
 * room for more members.
 *
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html (one administrator per
 * organization, designated per Region; the management account should not be it)
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DescribeOrganizationConfiguration.html
 * (`AutoEnableOrganizationMembers` ALL | NEW | NONE; `MemberAccountLimitReached`)
 */
import type { AccountInfo } from '../../../observe/types.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
} from '../../../verify/types.js';
import { GUARDDUTY, GUARDDUTY_ADMINS } from '../collect.js';
import {
  GUARDDUTY_KEY,
  adminView,
  detectorArn,
  expectedIn,
  isOutcome,
  outOfScope,
  regionAdmin,
  type AdminView,
  type GuardDutyPlan,
} from '../common.js';

/** A GuardDuty delegated administrator is designated in the Region. */
export const delegatedAdminDesignated = defineControl({
  id: 'guardduty.delegated-admin-designated',
  title: 'GuardDuty administration is delegated in every governed Region',
  severity: 'high',
  capabilities: ['threat-detection', 'security-governance'],
  principles: ['automate-security-best-practices', 'enable-traceability'],
  appliesTo: ['management'],
  scope: 'region',
  service: 'guardduty',
  refs: { sraVerify: ['SRA-GUARDDUTY-13'] },
  risk:
    'Without a delegated administrator in a Region, nobody sees the organization’s GuardDuty findings there in ' +
    'one place and new accounts are not enrolled automatically: the Region is a blind spot.',
  remediation: {
    blueprint: GUARDDUTY_KEY,
    manual:
      'From the management account, in each governed Region: GuardDuty console → Settings → Delegated ' +
      'administrator → enter the security tooling account; or `aws guardduty ' +
      'enable-organization-admin-account --admin-account-id <security tooling> --region <region>`.',
  },
  uses: [GUARDDUTY_ADMINS],
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const admin = regionAdmin(ctx);
    return admin
      ? pass(`GuardDuty is administered by ${admin} in ${ctx.region}`, { actual: { administrator: admin } })
      : fail(`GuardDuty has no delegated administrator in ${ctx.region}`, {
          expected: { administrator: 'the security tooling account' },
          actual: { administrator: 'none' },
        });
  },
});

/** The delegated administrator is the security tooling account (never the management account). */
export const delegatedAdminIsSecurityTooling = defineControl({
  id: 'guardduty.delegated-admin-is-security-tooling',
  title: 'The GuardDuty delegated administrator is the security tooling account',
  severity: 'high',
  capabilities: ['threat-detection', 'security-governance'],
  principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
  appliesTo: ['management'],
  scope: 'region',
  service: 'guardduty',
  refs: { sraVerify: ['SRA-GUARDDUTY-14'] },
  risk:
    'Administering GuardDuty from the management account (or a workload account) puts the organization’s ' +
    'threat findings where the SRA keeps people and workloads out, and widens who can silence detection.',
  remediation: {
    blueprint: 'accounts.securityTooling',
    manual:
      'Disassociate and delete the members, disable the current administrator in every Region ' +
      '(`aws guardduty disable-organization-admin-account`), deregister it in Organizations, then designate the ' +
      'security tooling account in every governed Region.',
  },
  uses: [GUARDDUTY_ADMINS],
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const admin = regionAdmin(ctx);
    if (!admin) {
      return notApplicable(
        `GuardDuty has no delegated administrator in ${ctx.region}; guardduty.delegated-admin-designated reports the gap`,
      );
    }
    const tooling = ctx.roleAccounts['security-tooling'] ?? [];
    if (tooling.includes(admin)) {
      return pass(`the GuardDuty administrator ${admin} is the security tooling account`, {
        actual: { administrator: admin },
      });
    }
    const expected = {
      administrator: tooling.length > 0 ? tooling.join(', ') : 'the security tooling account',
    };
    const why =
      admin === ctx.inventory.managementAccountId
        ? `the management account ${admin} administers GuardDuty in ${ctx.region}`
        : `the GuardDuty administrator in ${ctx.region} is ${admin}, not the security tooling account`;
    return fail(why, { expected, actual: { administrator: admin } });
  },
});

/** Common metadata of the administrator-side controls. */
const ADMIN_SIDE = {
  capabilities: ['threat-detection', 'security-governance'],
  principles: ['automate-security-best-practices', 'enable-traceability'],
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'guardduty',
  uses: [GUARDDUTY, GUARDDUTY_ADMINS],
} as const;

function adminResource(ctx: EvalContext, v: AdminView): string {
  return detectorArn(ctx.region, v.adminId, v.detector.id);
}

function orgConfigOf(ctx: EvalContext, v: AdminView) {
  return ctx.need(
    v.slice.admin?.organizationConfiguration,
    `GuardDuty organization configuration of ${v.adminId} in ${ctx.region}`,
  );
}

/** Auto-enable for organization members is ALL (new and existing accounts). */
export const orgAutoEnableMembers = defineControl({
  ...ADMIN_SIDE,
  id: 'guardduty.org-auto-enable-members',
  title: 'GuardDuty enrols every organization account automatically (auto-enable ALL)',
  severity: 'high',
  refs: { sraVerify: ['SRA-GUARDDUTY-15'] },
  risk:
    'With NEW, accounts that existed before the setting (or were removed once) stay unmonitored; with NONE, ' +
    'every new account starts without GuardDuty. ALL also stops members from leaving.',
  remediation: {
    blueprint: GUARDDUTY_KEY,
    manual:
      'In the delegated administrator, each Region: GuardDuty console → Accounts → Auto-enable preferences → ' +
      'Enable for all accounts; or `aws guardduty update-organization-configuration ' +
      '--auto-enable-organization-members ALL`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const cfg = orgConfigOf(ctx, v);
    const resource = adminResource(ctx, v);
    const actual = cfg.autoEnableOrganizationMembers;
    return actual === 'ALL'
      ? pass('GuardDuty auto-enables every organization account', { resource, actual })
      : fail(`GuardDuty auto-enable for organization members is ${actual}`, {
          resource,
          expected: 'ALL',
          actual,
        });
  },
});

/** The administrator has not reached the member account limit. */
export const memberLimit = defineControl({
  ...ADMIN_SIDE,
  id: 'guardduty.member-limit-not-reached',
  title: 'The GuardDuty administrator has room for more member accounts',
  severity: 'high',
  refs: { sraVerify: ['SRA-GUARDDUTY-16'] },
  risk: 'Once the member limit is reached, accounts added to the organization are not enrolled and go unmonitored.',
  remediation: {
    blueprint: GUARDDUTY_KEY,
    manual:
      'Remove members that left the organization (disassociate, then delete them) or ask AWS Support about the ' +
      'limit; see "Managing multiple accounts" in the GuardDuty user guide.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const cfg = orgConfigOf(ctx, v);
    const resource = adminResource(ctx, v);
    return cfg.memberAccountLimitReached
      ? fail('the GuardDuty member account limit is reached', {
          resource,
          expected: { memberAccountLimitReached: false },
          actual: { memberAccountLimitReached: true },
        })
      : pass('the GuardDuty member account limit is not reached', {
          resource,
          actual: { memberAccountLimitReached: false },
        });
  },
});

/** Accounts that should be GuardDuty members of `adminId` in the evaluated Region. */
function expectedMembers(ctx: EvalContext, adminId: string): AccountInfo[] {
  const disabled = new Set(
    ctx.inventory.unreachable
      .filter((u) => u.kind === 'region-disabled' && u.region === ctx.region)
      .map((u) => u.account),
  );
  return ctx.inventory.accounts.filter(
    (a) =>
      a.status === 'ACTIVE' &&
      a.id !== adminId &&
      !disabled.has(a.id) &&
      (a.enabledRegions === undefined || a.enabledRegions.includes(ctx.region)) &&
      expectedIn(ctx, a.id),
  );
}

/** Every active account is an enabled member of the administrator. */
export const membersCoverOrganization = defineControl({
  ...ADMIN_SIDE,
  id: 'guardduty.members-cover-organization',
  title: 'Every active organization account is an enabled GuardDuty member',
  severity: 'high',
  refs: {},
  risk:
    'Accounts missing from the administrator’s member list (or whose membership is removed or stopped) send ' +
    'no findings to the security tooling account and are outside the organization settings.',
  remediation: {
    blueprint: GUARDDUTY_KEY,
    manual:
      'In the delegated administrator, each Region: GuardDuty console → Accounts → select the accounts → ' +
      'Actions → Add member; or `aws guardduty create-members` (up to 50 accounts a call).',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const members = ctx.need(v.slice.admin?.members, `GuardDuty members of ${v.adminId} in ${ctx.region}`);
    const byId = new Map(members.map((m) => [m.accountId, m.relationshipStatus]));
    const expected = expectedMembers(ctx, v.adminId);
    const missing = expected
      .filter((a) => byId.get(a.id) !== 'Enabled')
      .map((a) => ({ account: a.id, relationshipStatus: byId.get(a.id) ?? 'not a member' }));
    const resource = adminResource(ctx, v);
    if (missing.length > 0) {
      return fail(
        `${missing.length} of ${expected.length} accounts are not enabled GuardDuty members in ${ctx.region}: ` +
          missing.map((m) => m.account).join(', '),
        { resource, expected: { relationshipStatus: 'Enabled', accounts: expected.length }, actual: missing },
      );
    }
    return pass(`all ${expected.length} accounts are enabled GuardDuty members`, {
      resource,
      actual: { enabledMembers: expected.length },
    });
  },
});

/** What distinguishes one feature auto-enable control from another. */
interface AutoEnableSpec {
  id: string;
  title: string;
  what: string;
  sraVerify: string;
  plan: GuardDutyPlan;
  feature: string;
  additional?: readonly string[];
  risk: string;
}

function autoEnableControl(spec: AutoEnableSpec): Control {
  return defineControl({
    ...ADMIN_SIDE,
    id: spec.id,
    title: spec.title,
    severity: 'medium',
    refs: { sraVerify: [spec.sraVerify] },
    risk: spec.risk,
    remediation: {
      blueprint: `${GUARDDUTY_KEY}.protectionPlans`,
      manual:
        'In the delegated administrator, each Region: GuardDuty console → Protection plans → the plan → Edit → ' +
        'Enable for all accounts; or `aws guardduty update-organization-configuration --features ' +
        `Name=${spec.feature},AutoEnable=ALL…\`.`,
    },
    evaluate(ctx) {
      const skip = outOfScope(ctx, { plan: spec.plan });
      if (skip) return skip;
      const v = adminView(ctx);
      if (isOutcome(v)) return v;
      const cfg = orgConfigOf(ctx, v);
      const resource = adminResource(ctx, v);
      const f = cfg.features[spec.feature];
      const actual: Record<string, string> = { [spec.feature]: f?.status ?? 'NONE' };
      const expected: Record<string, string> = { [spec.feature]: 'ALL' };
      for (const a of spec.additional ?? []) {
        actual[`${spec.feature}.${a}`] = f?.additional?.[a] ?? 'NONE';
        expected[`${spec.feature}.${a}`] = 'ALL';
      }
      const weak = Object.keys(expected).filter((k) => actual[k] !== 'ALL');
      return weak.length === 0
        ? pass(`${spec.what} is auto-enabled for every member`, { resource, actual })
        : fail(
            `${spec.what} is not auto-enabled for all members (${weak.map((k) => `${k}=${actual[k]}`).join(', ')})`,
            {
              resource,
              expected,
              actual,
            },
          );
    },
  });
}

/** S3 Protection auto-enabled for all members. */
export const orgAutoEnableS3 = autoEnableControl({
  id: 'guardduty.org-auto-enable-s3-protection',
  title: 'GuardDuty S3 Protection is auto-enabled for all members',
  what: 'S3 Protection',
  sraVerify: 'SRA-GUARDDUTY-20',
  plan: 's3',
  feature: 'S3_DATA_EVENTS',
  risk: 'Accounts that join (or already existed) do not get S3 Protection, so suspicious S3 access goes unseen there.',
});

/** Malware Protection for EC2 auto-enabled for all members. */
export const orgAutoEnableEbsMalware = autoEnableControl({
  id: 'guardduty.org-auto-enable-ebs-malware-protection',
  title: 'GuardDuty Malware Protection for EC2 is auto-enabled for all members',
  what: 'Malware Protection for EC2',
  sraVerify: 'SRA-GUARDDUTY-21',
  plan: 'ebs-malware',
  feature: 'EBS_MALWARE_PROTECTION',
  risk: 'Members without it never get their EBS volumes scanned when GuardDuty suspects an instance.',
});

/** EKS Audit Log Monitoring auto-enabled for all members. */
export const orgAutoEnableEksAudit = autoEnableControl({
  id: 'guardduty.org-auto-enable-eks-audit-logs',
  title: 'GuardDuty EKS Audit Log Monitoring is auto-enabled for all members',
  what: 'EKS Audit Log Monitoring',
  sraVerify: 'SRA-GUARDDUTY-22',
  plan: 'eks-audit-logs',
  feature: 'EKS_AUDIT_LOGS',
  risk: 'EKS clusters in members without it are not watched for malicious Kubernetes API activity.',
});

/** Runtime Monitoring (with agent management for EKS, ECS on Fargate and EC2) auto-enabled for all members. */
export const orgAutoEnableRuntime = autoEnableControl({
  id: 'guardduty.org-auto-enable-runtime-monitoring',
  title: 'GuardDuty Runtime Monitoring and its agent management are auto-enabled for all members',
  what: 'Runtime Monitoring with automated agent management',
  sraVerify: 'SRA-GUARDDUTY-23',
  plan: 'runtime-monitoring',
  feature: 'RUNTIME_MONITORING',
  additional: ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'],
  risk: 'Workloads in members without it (EKS, ECS on Fargate, EC2) are not monitored at the operating-system level.',
});

/** Lambda Protection auto-enabled for all members. */
export const orgAutoEnableLambda = autoEnableControl({
  id: 'guardduty.org-auto-enable-lambda-protection',
  title: 'GuardDuty Lambda Protection is auto-enabled for all members',
  what: 'Lambda Protection',
  sraVerify: 'SRA-GUARDDUTY-24',
  plan: 'lambda-network',
  feature: 'LAMBDA_NETWORK_LOGS',
  risk: 'Lambda functions in members without it are not watched for malicious network activity.',
});

/** RDS Protection auto-enabled for all members. */
export const orgAutoEnableRds = autoEnableControl({
  id: 'guardduty.org-auto-enable-rds-protection',
  title: 'GuardDuty RDS Protection is auto-enabled for all members',
  what: 'RDS Protection',
  sraVerify: 'SRA-GUARDDUTY-25',
  plan: 'rds-login',
  feature: 'RDS_LOGIN_EVENTS',
  risk: 'Databases in members without it are not watched for anomalous or brute-force logins.',
});

/** The organization family. */
export const ORGANIZATION_CONTROLS: readonly Control[] = [
  delegatedAdminDesignated,
  delegatedAdminIsSecurityTooling,
  orgAutoEnableMembers,
  memberLimit,
  membersCoverOrganization,
  orgAutoEnableS3,
  orgAutoEnableEbsMalware,
  orgAutoEnableEksAudit,
  orgAutoEnableRuntime,
  orgAutoEnableLambda,
  orgAutoEnableRds,
];
