/**
 * Security Hub across the organization: a delegated administrator in every governed Region that is the
 * security tooling account and is registered as such in AWS Organizations; in that administrator, central
 * configuration on, new accounts and new controls covered automatically, every active account a member
 * with status Enabled, room for more members, and findings imported from the SRA's finding producers.
 *
 * https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html (the same
 * administrator in every Region; the management account is not recommended)
 * https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html (central
 * configuration: AutoEnable is false and AutoEnableStandards NONE by design; policies govern new accounts)
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeOrganizationConfiguration.html
 * https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-internal-providers.html (AWS
 * services that send findings to Security Hub)
 */
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
} from '../../../verify/types.js';
import { ORGANIZATIONS_COLLECTOR_ID, organizationSliceOf } from '../../organizations/collect.js';
import { SECURITY_HUB, SECURITY_HUB_ADMINS } from '../collect.js';
import {
  SECURITY_HUB_KEY,
  SECURITY_HUB_NAME,
  adminView,
  centralView,
  outOfScope,
  regionAdmin,
  rootGovernance,
  securityHubFeature,
  wantsCentral,
  type AdminView,
} from '../common.js';
import { delegationControls, expectedMembers, isOutcome } from '../shared.js';

/** Service principal Security Hub registers its delegated administrator for. */
const PRINCIPAL = 'securityhub.amazonaws.com';

const [delegatedAdminDesignated, delegatedAdminIsSecurityTooling] = delegationControls({
  service: 'security-hub',
  name: SECURITY_HUB_NAME,
  adminsCollector: SECURITY_HUB_ADMINS,
  sraVerify: { designated: 'SRA-SECURITYHUB-06', isSecurityTooling: 'SRA-SECURITYHUB-07' },
  blueprintKey: SECURITY_HUB_KEY,
  capabilities: ['security-assurance', 'security-governance'],
  principles: ['automate-security-best-practices', 'enable-traceability'],
  designateCli: 'aws securityhub enable-organization-admin-account --admin-account-id <security tooling>',
  removeCli: 'aws securityhub disable-organization-admin-account --admin-account-id <current>',
  risk:
    'Without a Security Hub administrator in a Region there is no organization view of findings or standard ' +
    'results there, and no central configuration to put new accounts under.',
  outOfScope: (ctx) => outOfScope(ctx),
});
export { delegatedAdminDesignated, delegatedAdminIsSecurityTooling };

/** The Security Hub administrator is also the Organizations delegated administrator for Security Hub. */
export const delegatedAdminRegistered = defineControl({
  id: 'security-hub.delegated-admin-registered',
  title: 'The Security Hub administrator is the Organizations delegated administrator for Security Hub',
  severity: 'high',
  capabilities: ['security-governance', 'security-assurance'],
  principles: ['strong-identity-foundation', 'automate-security-best-practices'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'security-hub',
  refs: { sraVerify: ['SRA-SECURITYHUB-03'] },
  risk:
    'When the account Organizations lists as Security Hub’s delegated administrator is not the one Security ' +
    'Hub uses, central configuration cannot start and a stale registration keeps powers nobody is watching.',
  remediation: {
    blueprint: SECURITY_HUB_KEY,
    manual:
      'Designate the security tooling account with `aws securityhub enable-organization-admin-account` (which ' +
      'registers it in Organizations) and deregister any other account with `aws organizations ' +
      'deregister-delegated-administrator --service-principal securityhub.amazonaws.com`.',
  },
  uses: [SECURITY_HUB_ADMINS, ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    if (securityHubFeature(ctx)?.enabled === false) {
      return notApplicable(`the blueprint turns Security Hub off (${SECURITY_HUB_KEY}.enabled: false)`);
    }
    const mgmt = ctx.inventory.managementAccountId;
    const admins = new Set<string>();
    for (const region of ctx.inventory.governedRegions) {
      const admin = regionAdmin(ctx, region);
      if (admin) admins.add(admin);
    }
    if (admins.size === 0) {
      return notApplicable(
        'Security Hub has no delegated administrator in any governed Region; ' +
          'security-hub.delegated-admin-designated reports the gap',
      );
    }
    const registrations = ctx.need(
      organizationSliceOf(ctx.inventory.organization)?.delegatedAdmins,
      'the delegated administrators registered in AWS Organizations',
    );
    const registered = registrations.filter((r) => r.principal === PRINCIPAL).map((r) => r.account);
    // The management account can administer Security Hub without being registered (Organizations never
    // registers it); security-hub.delegated-admin-is-security-tooling reports that case.
    const expected = [...admins].filter((a) => a !== mgmt);
    if (expected.length === 0) {
      return notApplicable(
        `the management account ${mgmt} administers Security Hub, which Organizations does not register; ` +
          'security-hub.delegated-admin-is-security-tooling reports the gap',
      );
    }
    const unregistered = expected.filter((a) => !registered.includes(a));
    const stale = registered.filter((a) => !admins.has(a));
    const evidence = {
      expected: { registered: expected },
      actual: { registered, securityHubAdministrators: [...admins] },
    };
    if (unregistered.length > 0 || stale.length > 0) {
      const parts = [
        ...(unregistered.length > 0 ? [`${unregistered.join(', ')} not registered in Organizations`] : []),
        ...(stale.length > 0
          ? [`${stale.join(', ')} registered but not the Security Hub administrator`]
          : []),
      ];
      return fail(`Security Hub delegation does not match Organizations: ${parts.join('; ')}`, evidence);
    }
    return pass(`Organizations lists ${expected.join(', ')} as Security Hub’s delegated administrator`, {
      actual: evidence.actual,
    });
  },
});

/** Common metadata of the administrator-side controls. */
const ADMIN_SIDE = {
  capabilities: ['security-assurance', 'security-governance'],
  principles: ['automate-security-best-practices', 'enable-traceability'],
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'security-hub',
  uses: [SECURITY_HUB, SECURITY_HUB_ADMINS],
} as const;

function orgConfigOf(ctx: EvalContext, v: AdminView) {
  return ctx.need(
    v.data.organizationConfiguration,
    `Security Hub organization configuration of ${v.adminId} in ${ctx.region}`,
  );
}

/** Central configuration is on and governs the Region. */
export const centralConfiguration = defineControl({
  ...ADMIN_SIDE,
  id: 'security-hub.central-configuration',
  title: 'Security Hub central configuration is enabled and governs every governed Region',
  severity: 'high',
  refs: { sraVerify: ['SRA-SECURITYHUB-04'] },
  risk:
    'Under local configuration each account and Region is configured on its own: standards and controls drift ' +
    'apart, and accounts can turn Security Hub off. A governed Region that the aggregator does not link stays ' +
    'outside central configuration.',
  remediation: {
    blueprint: `${SECURITY_HUB_KEY}.configuration`,
    manual:
      'In the delegated administrator, home Region: create a finding aggregator linking every governed Region, ' +
      'then Security Hub console → Configuration → Start central configuration; or `aws securityhub ' +
      'update-organization-configuration --no-auto-enable --auto-enable-standards NONE ' +
      '--organization-configuration ConfigurationType=CENTRAL`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    if (!wantsCentral(ctx)) {
      return notApplicable(
        `the blueprint chooses local configuration (${SECURITY_HUB_KEY}.configuration: local)`,
      );
    }
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const cfg = orgConfigOf(ctx, v);
    const actual = {
      configurationType: cfg.configurationType,
      status: cfg.status ?? 'unknown',
      ...(cfg.statusMessage ? { statusMessage: cfg.statusMessage } : {}),
    };
    if (cfg.configurationType === 'CENTRAL' && cfg.status === 'ENABLED') {
      return pass(`central configuration governs Security Hub in ${ctx.region}`, {
        resource: v.resource,
        actual,
      });
    }
    const why =
      cfg.configurationType === 'CENTRAL'
        ? `Security Hub central configuration is ${cfg.status ?? 'not ready'} in ${ctx.region}`
        : `Security Hub uses local configuration in ${ctx.region}`;
    return fail(why, {
      resource: v.resource,
      expected: { configurationType: 'CENTRAL', status: 'ENABLED' },
      actual,
    });
  },
});

/** Local configuration only: new organization accounts get Security Hub automatically. */
export const autoEnableAccounts = defineControl({
  ...ADMIN_SIDE,
  id: 'security-hub.auto-enable-accounts',
  title: 'Security Hub is enabled automatically in new organization accounts',
  severity: 'high',
  refs: { sraVerify: ['SRA-SECURITYHUB-10'] },
  risk: 'Accounts created or invited later start without Security Hub and stay unassessed until someone notices.',
  remediation: {
    blueprint: SECURITY_HUB_KEY,
    manual:
      'Preferably use central configuration with a policy on the root. Under local configuration: in the ' +
      'delegated administrator, each Region, `aws securityhub update-organization-configuration --auto-enable`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const cfg = orgConfigOf(ctx, v);
    if (cfg.configurationType === 'CENTRAL') {
      return notApplicable(
        'under central configuration new accounts get Security Hub from the configuration policy of their ' +
          'root or OU; security-hub.root-configuration-policy checks it',
        v.resource,
      );
    }
    return cfg.autoEnable
      ? pass('Security Hub auto-enables new organization accounts', {
          resource: v.resource,
          actual: { autoEnable: true },
        })
      : fail(`Security Hub does not auto-enable new organization accounts in ${ctx.region}`, {
          resource: v.resource,
          expected: { autoEnable: true },
          actual: { autoEnable: false },
        });
  },
});

/** New controls and default standards are turned on automatically. */
export const autoEnableStandards = defineControl({
  ...ADMIN_SIDE,
  id: 'security-hub.auto-enable-standards',
  title: 'New Security Hub controls and default standards are enabled automatically',
  severity: 'medium',
  refs: { sraVerify: ['SRA-SECURITYHUB-02'] },
  risk:
    'When AWS adds controls to a standard (or an account joins) and nothing enables them, the organization ' +
    'is measured against an ever older subset of the standard.',
  remediation: {
    blueprint: `${SECURITY_HUB_KEY}.standards`,
    manual:
      'Under central configuration, list controls in the configuration policy as the controls to disable ' +
      '(DisabledSecurityControlIdentifiers) rather than the controls to enable, so new controls are on. Under ' +
      'local configuration, `aws securityhub update-organization-configuration --auto-enable ' +
      '--auto-enable-standards DEFAULT`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const cfg = orgConfigOf(ctx, v);
    if (cfg.configurationType !== 'CENTRAL') {
      const actual = { autoEnableStandards: cfg.autoEnableStandards ?? 'NONE' };
      return actual.autoEnableStandards === 'DEFAULT'
        ? pass('new accounts get the default standards automatically', { resource: v.resource, actual })
        : fail(`new accounts do not get the default standards automatically in ${ctx.region}`, {
            resource: v.resource,
            expected: { autoEnableStandards: 'DEFAULT' },
            actual,
          });
    }
    const c = centralView(ctx);
    if (isOutcome(c)) return c;
    const root = rootGovernance(ctx, c);
    if (!root?.policy) {
      return notApplicable(
        'no configuration policy governs the root; security-hub.root-configuration-policy reports the gap',
        v.resource,
      );
    }
    const actual = { policy: root.policy.name, controls: root.policy.controls };
    return root.policy.controls === 'enabled-list'
      ? fail(
          `the root's configuration policy ${root.policy.name} enables only the controls it lists, so new controls stay off`,
          { resource: root.policy.arn, expected: { controls: 'disabled-list' }, actual },
        )
      : pass(`the root's configuration policy ${root.policy.name} enables new controls automatically`, {
          resource: root.policy.arn,
          actual,
        });
  },
});

/** The administrator's members (every status), account id → member status. */
function membersOf(ctx: EvalContext, v: AdminView): Map<string, string> {
  const members = ctx.need(v.data.members, `Security Hub members of ${v.adminId} in ${ctx.region}`);
  return new Map(members.map((m) => [m.accountId, m.memberStatus]));
}

/** Every active account is a member of the administrator. */
export const membersCoverOrganization = defineControl({
  ...ADMIN_SIDE,
  id: 'security-hub.members-cover-organization',
  title: 'Every active organization account is a Security Hub member of the administrator',
  severity: 'high',
  refs: { sraVerify: ['SRA-SECURITYHUB-08'] },
  risk:
    'An account that is not a member sends no findings to the security tooling account and is outside the ' +
    'organization’s configuration: its problems are invisible centrally.',
  remediation: {
    blueprint: SECURITY_HUB_KEY,
    manual:
      'Under central configuration, associate the account (or its OU) with a policy that enables Security Hub; ' +
      'otherwise, in the delegated administrator, `aws securityhub create-members --account-details AccountId=<id>`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const byId = membersOf(ctx, v);
    const expected = expectedMembers(ctx, v.adminId, securityHubFeature(ctx));
    const missing = expected.filter((a) => !byId.has(a.id)).map((a) => a.id);
    if (missing.length > 0) {
      return fail(
        `${missing.length} of ${expected.length} accounts are not Security Hub members in ${ctx.region}: ${missing.join(', ')}`,
        {
          resource: v.resource,
          expected: { members: expected.map((a) => a.id) },
          actual: { notMembers: missing },
        },
      );
    }
    return pass(`all ${expected.length} accounts are Security Hub members in ${ctx.region}`, {
      resource: v.resource,
      actual: { members: expected.length },
    });
  },
});

/** Every member of the administrator has status Enabled. */
export const membersEnabled = defineControl({
  ...ADMIN_SIDE,
  id: 'security-hub.members-enabled',
  title: 'Every Security Hub member account has status Enabled',
  severity: 'high',
  refs: { sraVerify: ['SRA-SECURITYHUB-09'] },
  risk:
    'A member that is Created, Invited, Removed or Resigned is listed but not managed: it sends no findings ' +
    'and takes no configuration from the administrator.',
  remediation: {
    blueprint: SECURITY_HUB_KEY,
    manual:
      'In the delegated administrator, re-add the account (`aws securityhub create-members`); under central ' +
      'configuration, re-associate the account’s configuration policy.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const byId = membersOf(ctx, v);
    // Members that are active accounts of the organization; suspended or departed accounts are not gaps.
    const expected = expectedMembers(ctx, v.adminId, securityHubFeature(ctx)).filter((a) => byId.has(a.id));
    const wrong = expected
      .filter((a) => byId.get(a.id) !== 'Enabled')
      .map((a) => ({ account: a.id, memberStatus: byId.get(a.id)! }));
    if (wrong.length > 0) {
      return fail(
        `${wrong.length} Security Hub members are not Enabled in ${ctx.region}: ` +
          wrong.map((w) => `${w.account} (${w.memberStatus})`).join(', '),
        { resource: v.resource, expected: { memberStatus: 'Enabled' }, actual: wrong },
      );
    }
    return pass(`all ${expected.length} Security Hub members are Enabled in ${ctx.region}`, {
      resource: v.resource,
      actual: { enabledMembers: expected.length },
    });
  },
});

/** The administrator has room for more members. */
export const memberLimit = defineControl({
  ...ADMIN_SIDE,
  id: 'security-hub.member-limit-not-reached',
  title: 'The Security Hub administrator has room for more member accounts',
  severity: 'high',
  refs: { sraVerify: ['SRA-SECURITYHUB-11'] },
  risk: 'Once the member limit is reached, new accounts cannot become members and go unassessed.',
  remediation: {
    blueprint: SECURITY_HUB_KEY,
    manual:
      'Disassociate members that left the organization, or ask AWS Support about the limit (see "Account ' +
      'restrictions" in the Security Hub user guide).',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const reached = orgConfigOf(ctx, v).memberAccountLimitReached;
    return reached
      ? fail(`the Security Hub member account limit is reached in ${ctx.region}`, {
          resource: v.resource,
          expected: { memberAccountLimitReached: false },
          actual: { memberAccountLimitReached: true },
        })
      : pass('the Security Hub member account limit is not reached', {
          resource: v.resource,
          actual: { memberAccountLimitReached: false },
        });
  },
});

/** The SRA services whose findings Security Hub should import, unless the blueprint turns them off. */
function expectedProducts(ctx: EvalContext): string[] {
  const bp = ctx.blueprint;
  const out: string[] = [];
  if (bp?.threatDetection.guardduty.enabled !== false) out.push('aws/guardduty');
  if (bp?.vulnerabilityManagement.inspector.enabled !== false) out.push('aws/inspector');
  if (bp?.dataProtection.macie.enabled !== false) out.push('aws/macie');
  if (bp?.identity.accessAnalyzer.external !== false) out.push('aws/access-analyzer');
  return out;
}

/** The administrator imports findings from the SRA's finding producers. */
export const productIntegrations = defineControl({
  ...ADMIN_SIDE,
  id: 'security-hub.product-integrations',
  title: 'Security Hub imports findings from GuardDuty, Inspector, Macie and IAM Access Analyzer',
  severity: 'medium',
  capabilities: ['security-assurance', 'threat-detection'],
  refs: { sraVerify: ['SRA-SECURITYHUB-05'] },
  risk:
    'A finding producer whose integration is off keeps its findings to itself: the security tooling account ' +
    'does not see them next to the rest, and automation built on Security Hub misses them.',
  remediation: {
    blueprint: SECURITY_HUB_KEY,
    manual:
      'In the delegated administrator, each Region: Security Hub console → Integrations → Accept findings for ' +
      'the product; or `aws securityhub enable-import-findings-for-product --product-arn ' +
      'arn:aws:securityhub:<region>::product/aws/<product>`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const products = ctx.need(
      v.data.products,
      `Security Hub product integrations of ${v.adminId} in ${ctx.region}`,
    );
    const expected = expectedProducts(ctx);
    const missing = expected.filter((p) => !products.includes(p));
    return missing.length > 0
      ? fail(`Security Hub does not import findings from ${missing.join(', ')} in ${ctx.region}`, {
          resource: v.resource,
          expected: { products: expected },
          actual: { products },
        })
      : pass(`Security Hub imports findings from ${expected.join(', ')}`, {
          resource: v.resource,
          actual: { products },
        });
  },
});

/** The organization family. */
export const ORGANIZATION_CONTROLS: readonly Control[] = [
  delegatedAdminDesignated,
  delegatedAdminIsSecurityTooling,
  delegatedAdminRegistered,
  centralConfiguration,
  autoEnableAccounts,
  autoEnableStandards,
  membersCoverOrganization,
  membersEnabled,
  memberLimit,
  productIntegrations,
];
