/**
 * Amazon Macie across the organization: a delegated administrator in every governed Region that is the
 * security tooling account; in that administrator, every active account associated as a member with Macie
 * running, accounts that join added automatically, room for more members, and automated sensitive data
 * discovery on (FSBP Macie.2).
 *
 * https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-integrate.html (delegated administrator per
 * Region; auto-enable adds accounts that join later; existing accounts are added by the administrator)
 * https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao.html (up to 10,000 members)
 * https://docs.aws.amazon.com/macie/latest/APIReference/members.html (relationship statuses)
 * https://docs.aws.amazon.com/securityhub/latest/userguide/macie-controls.html (Macie.2: automated sensitive
 * data discovery enabled for Macie administrator accounts)
 */
import { defineControl, fail, pass, type Control, type EvalContext } from '../../../verify/types.js';
import { delegationControls, expectedMembers, isOutcome } from '../../securityhub/shared.js';
import { MACIE, MACIE_ADMINS } from '../collect.js';
import { MACIE_KEY, MACIE_NAME, adminView, macieFeature, outOfScope, type AdminView } from '../common.js';

const [delegatedAdminDesignated, delegatedAdminIsSecurityTooling] = delegationControls({
  service: 'macie',
  name: MACIE_NAME,
  adminsCollector: MACIE_ADMINS,
  sraVerify: { designated: 'SRA-MACIE-05', isSecurityTooling: 'SRA-MACIE-06' },
  blueprintKey: MACIE_KEY,
  capabilities: ['data-protection', 'security-governance'],
  principles: ['protect-data-in-transit-and-at-rest', 'automate-security-best-practices'],
  designateCli: 'aws macie2 enable-organization-admin-account --admin-account-id <security tooling>',
  removeCli: 'aws macie2 disable-organization-admin-account --admin-account-id <current>',
  risk:
    'Without a Macie administrator in a Region nobody sees the organization’s S3 data risks there in one place, ' +
    'and accounts that join are not added automatically.',
  outOfScope: (ctx) => outOfScope(ctx),
});
export { delegatedAdminDesignated, delegatedAdminIsSecurityTooling };

/** Common metadata of the administrator-side controls. */
const ADMIN_SIDE = {
  capabilities: ['data-protection', 'security-governance'],
  principles: ['protect-data-in-transit-and-at-rest', 'automate-security-best-practices'],
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'macie',
  uses: [MACIE, MACIE_ADMINS],
} as const;

/** Relationship statuses of a member associated with the administrator. */
const ASSOCIATED = ['Enabled', 'Paused'];

function orgConfigOf(ctx: EvalContext, v: AdminView) {
  return ctx.need(
    v.data.organizationConfiguration,
    `Macie organization configuration of ${v.adminId} in ${ctx.region}`,
  );
}

function membersOf(ctx: EvalContext, v: AdminView): Map<string, string> {
  const members = ctx.need(v.data.members, `Macie members of ${v.adminId} in ${ctx.region}`);
  return new Map(members.map((m) => [m.accountId, m.relationshipStatus]));
}

/** Every active account is associated with the administrator. */
export const membersAssociated = defineControl({
  ...ADMIN_SIDE,
  id: 'macie.members-associated',
  title: 'Every active organization account is associated with the Macie administrator',
  severity: 'high',
  refs: { sraVerify: ['SRA-MACIE-07'] },
  risk:
    'An account without an active relationship with the administrator is outside the organization’s Macie: ' +
    'its buckets are not evaluated centrally and its findings stay local, if Macie runs there at all.',
  remediation: {
    blueprint: MACIE_KEY,
    manual:
      'In the Macie delegated administrator, each Region: Macie console → Accounts → Add members; or ' +
      '`aws macie2 create-member --account accountId=<id>,email=<email>`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const byId = membersOf(ctx, v);
    const expected = expectedMembers(ctx, v.adminId, macieFeature(ctx));
    const missing = expected
      .filter((a) => !ASSOCIATED.includes(byId.get(a.id) ?? ''))
      .map((a) => ({ account: a.id, relationshipStatus: byId.get(a.id) ?? 'not a member' }));
    if (missing.length > 0) {
      return fail(
        `${missing.length} of ${expected.length} accounts are not associated with the Macie administrator in ` +
          `${ctx.region}: ${missing.map((m) => m.account).join(', ')}`,
        {
          resource: v.resource,
          expected: { relationshipStatus: ASSOCIATED, accounts: expected.length },
          actual: missing,
        },
      );
    }
    return pass(
      `all ${expected.length} accounts are associated with the Macie administrator in ${ctx.region}`,
      {
        resource: v.resource,
        actual: { associatedMembers: expected.length },
      },
    );
  },
});

/** Macie runs (is not suspended) in every associated member. */
export const membersEnabled = defineControl({
  ...ADMIN_SIDE,
  id: 'macie.members-enabled',
  title: 'Amazon Macie runs (is not suspended) in every member account',
  severity: 'high',
  refs: { sraVerify: ['SRA-MACIE-09'] },
  risk: 'A suspended member is listed but not monitored: its buckets are not evaluated and no findings are produced.',
  remediation: {
    blueprint: MACIE_KEY,
    manual:
      'In the member (or from the administrator), each Region: `aws macie2 update-macie-session --status ENABLED`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const byId = membersOf(ctx, v);
    // Only associated members; an account that is not associated is macie.members-associated's gap.
    const members = expectedMembers(ctx, v.adminId, macieFeature(ctx)).filter((a) =>
      ASSOCIATED.includes(byId.get(a.id) ?? ''),
    );
    const paused = members.filter((a) => byId.get(a.id) !== 'Enabled').map((a) => a.id);
    return paused.length > 0
      ? fail(
          `Macie is suspended in ${paused.length} member accounts in ${ctx.region}: ${paused.join(', ')}`,
          {
            resource: v.resource,
            expected: { relationshipStatus: 'Enabled' },
            actual: paused.map((account) => ({ account, relationshipStatus: byId.get(account) })),
          },
        )
      : pass(`Macie runs in all ${members.length} member accounts in ${ctx.region}`, {
          resource: v.resource,
          actual: { enabledMembers: members.length },
        });
  },
});

/** Accounts that join the organization are added automatically. */
export const orgAutoEnable = defineControl({
  ...ADMIN_SIDE,
  id: 'macie.org-auto-enable',
  title: 'Amazon Macie is enabled automatically for accounts that join the organization',
  severity: 'high',
  refs: { sraVerify: ['SRA-MACIE-08'] },
  risk: 'Accounts created or invited later start without Macie and their buckets go unwatched.',
  remediation: {
    blueprint: MACIE_KEY,
    manual:
      'In the Macie delegated administrator, each Region: `aws macie2 update-organization-configuration ' +
      '--auto-enable`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const on = orgConfigOf(ctx, v).autoEnable;
    return on
      ? pass('Macie adds accounts that join the organization automatically', {
          resource: v.resource,
          actual: { autoEnable: true },
        })
      : fail(`Macie does not add accounts that join the organization in ${ctx.region}`, {
          resource: v.resource,
          expected: { autoEnable: true },
          actual: { autoEnable: false },
        });
  },
});

/** The administrator has room for more members. */
export const memberLimit = defineControl({
  ...ADMIN_SIDE,
  id: 'macie.member-limit-not-reached',
  title: 'The Amazon Macie administrator has room for more member accounts',
  severity: 'high',
  refs: { sraVerify: ['SRA-MACIE-10'] },
  risk: 'Once the member limit is reached, accounts that join cannot be added and are not monitored.',
  remediation: {
    blueprint: MACIE_KEY,
    manual:
      'Remove members that left the organization (`aws macie2 disassociate-member` then `delete-member`).',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const reached = orgConfigOf(ctx, v).maxAccountLimitReached;
    return reached
      ? fail(`the Macie member account limit is reached in ${ctx.region}`, {
          resource: v.resource,
          expected: { maxAccountLimitReached: false },
          actual: { maxAccountLimitReached: true },
        })
      : pass('the Macie member account limit is not reached', {
          resource: v.resource,
          actual: { maxAccountLimitReached: false },
        });
  },
});

/** Automated sensitive data discovery is on in the administrator (FSBP Macie.2). */
export const automatedDiscovery = defineControl({
  ...ADMIN_SIDE,
  id: 'macie.automated-discovery-enabled',
  title: 'Amazon Macie automated sensitive data discovery is enabled for the organization',
  severity: 'medium',
  refs: { fsbp: ['Macie.2'] },
  risk:
    'Without automated discovery Macie only looks at buckets someone thought to put in a job: sensitive data ' +
    'in any other bucket is never found.',
  remediation: {
    blueprint: MACIE_KEY,
    manual:
      'In the Macie delegated administrator, each Region: `aws macie2 update-automated-discovery-configuration ' +
      '--status ENABLED --auto-enable-organization-members ALL`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const d = ctx.need(
      v.data.automatedDiscovery,
      `Macie automated discovery of ${v.adminId} in ${ctx.region}`,
    );
    return d.status === 'ENABLED'
      ? pass('Macie automated sensitive data discovery is enabled', { resource: v.resource, actual: d })
      : fail(`Macie automated sensitive data discovery is ${d.status.toLowerCase()} in ${ctx.region}`, {
          resource: v.resource,
          expected: { status: 'ENABLED' },
          actual: d,
        });
  },
});

/** The organization family. */
export const ORGANIZATION_CONTROLS: readonly Control[] = [
  delegatedAdminDesignated,
  delegatedAdminIsSecurityTooling,
  membersAssociated,
  orgAutoEnable,
  membersEnabled,
  memberLimit,
  automatedDiscovery,
];
