/**
 * Amazon Inspector across the organization: a delegated administrator in every governed Region that is the
 * security tooling account; in that administrator, every active account associated as a member, each SRA
 * scan type auto-enabled for accounts that join later, and room for more members.
 *
 * https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html (one administrator for the
 * organization, designated per Region; up to 10,000 members)
 * https://docs.aws.amazon.com/inspector/latest/user/managing-multiple-accounts.html (auto-enable covers new
 * members only; existing accounts are associated and enabled by the administrator)
 * https://docs.aws.amazon.com/inspector/v2/APIReference/API_DescribeOrganizationConfiguration.html
 */
import { defineControl, fail, pass, type Control, type EvalContext } from '../../../verify/types.js';
import { delegationControls, expectedMembers, isOutcome } from '../../securityhub/shared.js';
import { INSPECTOR, INSPECTOR_ADMINS } from '../collect.js';
import {
  INSPECTOR_KEY,
  INSPECTOR_NAME,
  SCAN_TYPE_KEYS,
  adminView,
  inspectorFeature,
  outOfScope,
  type AdminView,
  type ScanTypeName,
} from '../common.js';

const [delegatedAdminDesignated, delegatedAdminIsSecurityTooling] = delegationControls({
  service: 'inspector',
  name: INSPECTOR_NAME,
  adminsCollector: INSPECTOR_ADMINS,
  sraVerify: { designated: 'SRA-INSPECTOR-05', isSecurityTooling: 'SRA-INSPECTOR-06' },
  blueprintKey: INSPECTOR_KEY,
  capabilities: ['vulnerability-management', 'security-governance'],
  principles: ['automate-security-best-practices', 'security-at-all-layers'],
  designateCli:
    'aws inspector2 enable-delegated-admin-account --delegated-admin-account-id <security tooling>',
  removeCli: 'aws inspector2 disable-delegated-admin-account --delegated-admin-account-id <current>',
  risk:
    'Without an Inspector administrator in a Region nobody sees the organization’s vulnerabilities there in ' +
    'one place, and accounts that join are not scanned automatically.',
  outOfScope: (ctx) => outOfScope(ctx),
});
export { delegatedAdminDesignated, delegatedAdminIsSecurityTooling };

/** Common metadata of the administrator-side controls. */
const ADMIN_SIDE = {
  capabilities: ['vulnerability-management', 'security-governance'],
  principles: ['automate-security-best-practices', 'security-at-all-layers'],
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'inspector',
  uses: [INSPECTOR, INSPECTOR_ADMINS],
} as const;

function orgConfigOf(ctx: EvalContext, v: AdminView) {
  return ctx.need(
    v.data.organizationConfiguration,
    `Inspector organization configuration of ${v.adminId} in ${ctx.region}`,
  );
}

/** Every active account is an associated member of the administrator. */
export const membersCoverOrganization = defineControl({
  ...ADMIN_SIDE,
  id: 'inspector.members-cover-organization',
  title: 'Every active organization account is an associated Amazon Inspector member',
  severity: 'high',
  refs: { sraVerify: ['SRA-INSPECTOR-07'] },
  risk:
    'An account that is not associated with the administrator is scanned (if at all) on its own terms, and its ' +
    'vulnerabilities never reach the security tooling account.',
  remediation: {
    blueprint: INSPECTOR_KEY,
    manual:
      'In the Inspector delegated administrator, each Region: `aws inspector2 associate-member --account-id <id>`, ' +
      'then `aws inspector2 enable --account-ids <id> --resource-types EC2 ECR LAMBDA LAMBDA_CODE`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const members = ctx.need(v.data.members, `Inspector members of ${v.adminId} in ${ctx.region}`);
    const byId = new Map(members.map((m) => [m.accountId, m.relationshipStatus]));
    const expected = expectedMembers(ctx, v.adminId, inspectorFeature(ctx));
    const missing = expected
      .filter((a) => byId.get(a.id) !== 'ENABLED')
      .map((a) => ({ account: a.id, relationshipStatus: byId.get(a.id) ?? 'not a member' }));
    if (missing.length > 0) {
      return fail(
        `${missing.length} of ${expected.length} accounts are not associated Inspector members in ${ctx.region}: ` +
          missing.map((m) => m.account).join(', '),
        {
          resource: v.resource,
          expected: { relationshipStatus: 'ENABLED', accounts: expected.length },
          actual: missing,
        },
      );
    }
    return pass(`all ${expected.length} accounts are associated Inspector members in ${ctx.region}`, {
      resource: v.resource,
      actual: { associatedMembers: expected.length },
    });
  },
});

/** The administrator has room for more members. */
export const memberLimit = defineControl({
  ...ADMIN_SIDE,
  id: 'inspector.member-limit-not-reached',
  title: 'The Amazon Inspector administrator has room for more member accounts',
  severity: 'high',
  refs: {},
  risk: 'Once the member limit is reached, accounts that join cannot be associated and are not scanned centrally.',
  remediation: {
    blueprint: INSPECTOR_KEY,
    manual:
      'Disassociate members that left the organization (`aws inspector2 disassociate-member`), or ask AWS ' +
      'Support about the limit.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const reached = orgConfigOf(ctx, v).maxAccountLimitReached;
    return reached
      ? fail(`the Inspector member account limit is reached in ${ctx.region}`, {
          resource: v.resource,
          expected: { maxAccountLimitReached: false },
          actual: { maxAccountLimitReached: true },
        })
      : pass('the Inspector member account limit is not reached', {
          resource: v.resource,
          actual: { maxAccountLimitReached: false },
        });
  },
});

/** What distinguishes one auto-enable control from another. */
interface AutoEnableSpec {
  id: string;
  type: ScanTypeName;
  what: string;
  sraVerify: string;
  risk: string;
}

function autoEnableControl(spec: AutoEnableSpec): Control {
  const key = SCAN_TYPE_KEYS[spec.type];
  return defineControl({
    ...ADMIN_SIDE,
    id: spec.id,
    title: `Amazon Inspector ${spec.what} is auto-enabled for new member accounts`,
    severity: 'medium',
    refs: { sraVerify: [spec.sraVerify] },
    risk: spec.risk,
    remediation: {
      blueprint: `${INSPECTOR_KEY}.scanTypes`,
      manual:
        'In the Inspector delegated administrator, each Region: Inspector console → Account management → ' +
        `Automatically activate; or \`aws inspector2 update-organization-configuration --auto-enable ${key}=true,…\`.`,
    },
    evaluate(ctx) {
      const skip = outOfScope(ctx, { scanType: spec.type });
      if (skip) return skip;
      const v = adminView(ctx);
      if (isOutcome(v)) return v;
      const on = orgConfigOf(ctx, v).autoEnable[key] === true;
      return on
        ? pass(`Inspector ${spec.what} is auto-enabled for new members`, {
            resource: v.resource,
            actual: { [key]: true },
          })
        : fail(`Inspector ${spec.what} is not auto-enabled for new members in ${ctx.region}`, {
            resource: v.resource,
            expected: { [key]: true },
            actual: { [key]: false },
          });
    },
  });
}

/** EC2 scanning auto-enabled. */
export const autoEnableEc2 = autoEnableControl({
  id: 'inspector.auto-enable-ec2',
  type: 'ec2',
  what: 'EC2 scanning',
  sraVerify: 'SRA-INSPECTOR-08',
  risk: 'Instances in accounts that join later are not scanned until someone turns EC2 scanning on for them.',
});

/** ECR scanning auto-enabled. */
export const autoEnableEcr = autoEnableControl({
  id: 'inspector.auto-enable-ecr',
  type: 'ecr',
  what: 'ECR scanning',
  sraVerify: 'SRA-INSPECTOR-09',
  risk: 'Container images in accounts that join later are not scanned.',
});

/** Lambda standard scanning auto-enabled. */
export const autoEnableLambda = autoEnableControl({
  id: 'inspector.auto-enable-lambda',
  type: 'lambda',
  what: 'Lambda standard scanning',
  sraVerify: 'SRA-INSPECTOR-10',
  risk: 'Functions in accounts that join later are not scanned for vulnerable dependencies.',
});

/** Lambda code scanning auto-enabled. */
export const autoEnableLambdaCode = autoEnableControl({
  id: 'inspector.auto-enable-lambda-code',
  type: 'lambda-code',
  what: 'Lambda code scanning',
  sraVerify: 'SRA-INSPECTOR-11',
  risk: 'Function code in accounts that join later is not scanned for flaws.',
});

/** The organization family. */
export const ORGANIZATION_CONTROLS: readonly Control[] = [
  delegatedAdminDesignated,
  delegatedAdminIsSecurityTooling,
  membersCoverOrganization,
  memberLimit,
  autoEnableEc2,
  autoEnableEcr,
  autoEnableLambda,
  autoEnableLambdaCode,
];
