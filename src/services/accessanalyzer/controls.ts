/**
 * IAM Access Analyzer controls (sra-verify SRA-ACCESSANALYZER-01…04): an account-level external-access
 * analyzer in every account and Region, the security tooling account as the organization's delegated
 * administrator, an organization external-access analyzer in every governed Region of security
 * tooling, and — when the blueprint asks for it or the organization already uses one — an
 * organization unused-access analyzer.
 */
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
} from '../../verify/types.js';
import {
  delegatedAdminsOf,
  ORGANIZATIONS_COLLECTOR_ID,
  organizationSliceOf,
} from '../organizations/collect.js';
import {
  ACCESS_ANALYZER,
  ACCESS_ANALYZER_PRINCIPAL,
  type AccessAnalyzerSlice,
  type AnalyzerInfo,
} from './collect.js';

/** Blueprint key of Access Analyzer. */
export const ACCESS_ANALYZER_KEY = 'identity.accessAnalyzer';

/** Analyzer states that count as working (CREATING settles into ACTIVE on its own). */
const WORKING = new Set(['ACTIVE', 'CREATING']);

/** The analyzers of `account` (default: the evaluated one) in `region`; ERROR when they could not be read. */
function analyzersOf(ctx: EvalContext, account = ctx.account.id, region = ctx.region): AnalyzerInfo[] {
  const slice = ctx.regionSlice<AccessAnalyzerSlice>(ACCESS_ANALYZER, account, region);
  return ctx.need(slice?.analyzers, `Access Analyzer analyzers of ${account} in ${region}`);
}

function describe(a: AnalyzerInfo): Record<string, unknown> {
  return {
    name: a.name,
    type: a.type,
    status: a.status,
    ...(a.statusReason ? { statusReason: a.statusReason } : {}),
  };
}

/** The registered Access Analyzer delegated administrators (ERROR when the registrations are unknown). */
function registeredAdmins(ctx: EvalContext): string[] {
  const slice = organizationSliceOf(ctx.inventory.organization);
  ctx.need(slice?.delegatedAdmins, 'delegated administrators of the organization');
  return delegatedAdminsOf(slice, ACCESS_ANALYZER_PRINCIPAL) ?? [];
}

/** An account analyzer (zone of trust: the account) in every account and governed Region. */
export const accountAnalyzer = defineControl({
  id: 'access-analyzer.account-analyzer',
  title:
    'Every account has an active external-access analyzer with the account as zone of trust in every Region',
  severity: 'high',
  capabilities: ['identity-and-access-management', 'data-protection'],
  principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
  appliesTo: 'all',
  scope: 'region',
  service: 'access-analyzer',
  refs: { sraVerify: ['SRA-ACCESSANALYZER-01'] },
  risk:
    'Without an account analyzer, a resource policy that grants another account of the organization — or a ' +
    'principal outside it — access to this account’s buckets, keys, roles or queues goes unreported.',
  remediation: {
    manual:
      'IAM console → Access analyzer → Create analyzer → External access, zone of trust: current account, in every ' +
      'governed Region; or `aws accessanalyzer create-analyzer --analyzer-name account-analyzer --type ACCOUNT`.',
  },
  uses: [ACCESS_ANALYZER],
  evaluate(ctx) {
    const all = analyzersOf(ctx);
    const account = all.filter((a) => a.type === 'ACCOUNT');
    const working = account.find((a) => WORKING.has(a.status ?? 'ACTIVE'));
    if (working) {
      return pass(`account analyzer ${working.name} is ${working.status ?? 'ACTIVE'}`, {
        resource: working.arn,
        actual: describe(working),
      });
    }
    return fail(
      account.length > 0
        ? `the account analyzer in ${ctx.region} is not active`
        : `no external-access analyzer with the account as zone of trust in ${ctx.region}`,
      { expected: { type: 'ACCOUNT', status: 'ACTIVE' }, actual: { analyzers: account.map(describe) } },
    );
  },
});

/** A delegated administrator is registered for Access Analyzer. */
export const delegatedAdminRegistered = defineControl({
  id: 'access-analyzer.delegated-admin-registered',
  title: 'IAM Access Analyzer has a delegated administrator for the organization',
  severity: 'high',
  capabilities: ['identity-and-access-management', 'security-governance'],
  principles: ['strong-identity-foundation', 'automate-security-best-practices'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'access-analyzer',
  refs: { sraVerify: ['SRA-ACCESSANALYZER-02'] },
  risk:
    'Without a delegated administrator, organization analyzers can only be run from the management account, ' +
    'which then has to be used day to day — or nobody analyzes access across the organization at all.',
  remediation: {
    blueprint: `${ACCESS_ANALYZER_KEY}.external`,
    manual:
      'From the management account: enable trusted access for IAM Access Analyzer, then IAM console → Access ' +
      'analyzer → Settings → Add delegated administrator (security tooling); or `aws organizations ' +
      'register-delegated-administrator --service-principal access-analyzer.amazonaws.com --account-id <id>`.',
  },
  uses: [ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const admins = registeredAdmins(ctx);
    return admins.length > 0
      ? pass(`IAM Access Analyzer is administered by ${admins.join(', ')}`, {
          actual: { delegatedAdmins: admins },
        })
      : fail('IAM Access Analyzer has no delegated administrator', {
          expected: { delegatedAdmins: 'one account (security tooling)' },
          actual: { delegatedAdmins: [] },
        });
  },
});

/** The delegated administrator is the security tooling account. */
export const delegatedAdminIsSecurityTooling = defineControl({
  id: 'access-analyzer.delegated-admin-is-security-tooling',
  title: 'The IAM Access Analyzer delegated administrator is the security tooling account',
  severity: 'high',
  capabilities: ['identity-and-access-management', 'security-governance'],
  principles: ['strong-identity-foundation'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'access-analyzer',
  refs: { sraVerify: ['SRA-ACCESSANALYZER-03'] },
  risk:
    'Access findings for the whole organization then sit in an account the security team does not own, ' +
    'beside workloads or people who should not see them.',
  remediation: {
    blueprint: 'accounts.securityTooling',
    manual:
      'From the management account: `aws organizations deregister-delegated-administrator` for the current ' +
      'administrator, then register the security tooling account for access-analyzer.amazonaws.com.',
  },
  uses: [ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const admins = registeredAdmins(ctx);
    if (admins.length === 0) {
      return notApplicable(
        'no delegated administrator is registered (access-analyzer.delegated-admin-registered)',
      );
    }
    const tooling = ctx.roleAccounts['security-tooling'] ?? [];
    const wrong = admins.filter((a) => !tooling.includes(a));
    if (tooling.length > 0 && wrong.length === 0) {
      return pass(`the delegated administrator ${admins.join(', ')} is the security tooling account`, {
        actual: { delegatedAdmins: admins },
      });
    }
    return fail(
      tooling.length === 0
        ? 'no account holds the security tooling role, so the delegated administrator cannot be it'
        : `the delegated administrator ${wrong.join(', ')} is not the security tooling account`,
      {
        expected: { delegatedAdmin: tooling.length ? tooling : 'the security tooling account' },
        actual: { delegatedAdmins: admins },
      },
    );
  },
});

/** An organization external-access analyzer in every governed Region of the security tooling account. */
export const organizationAnalyzer = defineControl({
  id: 'access-analyzer.organization-analyzer',
  title:
    'Security tooling has an active external-access analyzer with the organization as zone of trust in every Region',
  severity: 'high',
  capabilities: ['identity-and-access-management', 'data-protection'],
  principles: ['strong-identity-foundation', 'keep-people-away-from-data', 'enable-traceability'],
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'access-analyzer',
  refs: { sraVerify: ['SRA-ACCESSANALYZER-04'] },
  risk:
    'Resources shared with principals outside the organization — public buckets, cross-organization role trusts, ' +
    'key grants — go unnoticed in this Region.',
  remediation: {
    blueprint: `${ACCESS_ANALYZER_KEY}.external`,
    manual:
      'In the security tooling account (the delegated administrator), in every governed Region: IAM console → ' +
      'Access analyzer → Create analyzer → zone of trust: organization; or `aws accessanalyzer create-analyzer ' +
      '--analyzer-name org-analyzer --type ORGANIZATION`.',
  },
  uses: [ACCESS_ANALYZER],
  evaluate(ctx) {
    if (ctx.blueprint?.identity.accessAnalyzer.external === false) {
      return notApplicable(
        `the blueprint turns the organization analyzer off (${ACCESS_ANALYZER_KEY}.external)`,
      );
    }
    const org = analyzersOf(ctx).filter((a) => a.type === 'ORGANIZATION');
    const working = org.find((a) => WORKING.has(a.status ?? 'ACTIVE'));
    if (working) {
      return pass(`organization analyzer ${working.name} is ${working.status ?? 'ACTIVE'}`, {
        resource: working.arn,
        actual: describe(working),
      });
    }
    return fail(
      org.length > 0
        ? `the organization analyzer in ${ctx.region} is not active`
        : `no external-access analyzer with the organization as zone of trust in ${ctx.region}`,
      { expected: { type: 'ORGANIZATION', status: 'ACTIVE' }, actual: { analyzers: org.map(describe) } },
    );
  },
});

/** Accounts (other than `except`) that own an organization unused-access analyzer anywhere. */
function unusedAnalyzerOwners(ctx: EvalContext, except: readonly string[]): string[] {
  const all = ctx.inventory.memo('access-analyzer.unused-analyzer-owners', () => {
    const owners: string[] = [];
    for (const [account, slices] of ctx.inventory.eachAccount()) {
      const owns = Object.values(slices.region).some((regional) => {
        const d = (regional[ACCESS_ANALYZER] as AccessAnalyzerSlice | undefined)?.analyzers;
        return d?.ok === true && d.value.some((a) => a.type === 'ORGANIZATION_UNUSED_ACCESS');
      });
      if (owns) owners.push(account);
    }
    return owners;
  });
  return all.filter((a) => !except.includes(a));
}

/** An organization unused-access analyzer, when the blueprint asks for one or the organization uses one. */
export const unusedAccessAnalyzer = defineControl({
  id: 'access-analyzer.unused-access-analyzer',
  title: 'Security tooling runs an organization unused-access analyzer (when requested or in use)',
  severity: 'medium',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
  appliesTo: ['security-tooling'],
  scope: 'account',
  service: 'access-analyzer',
  refs: {},
  risk:
    'Roles, users, keys and permissions nobody uses stay in place: every one is standing access an attacker can ' +
    'take over, and least privilege drifts further with every project.',
  remediation: {
    blueprint: `${ACCESS_ANALYZER_KEY}.unusedAccess.enabled`,
    manual:
      'In the security tooling account: IAM console → Access analyzer → Create analyzer → Unused access, zone of ' +
      'trust: organization; or `aws accessanalyzer create-analyzer --type ORGANIZATION_UNUSED_ACCESS ' +
      '--configuration \'{"unusedAccess":{"unusedAccessAge":90}}\'`. It is billed per IAM role and user analyzed.',
  },
  uses: [ACCESS_ANALYZER],
  evaluate(ctx) {
    const wanted = ctx.blueprint?.identity.accessAnalyzer.unusedAccess;
    const requested = wanted?.enabled === true;
    // Regions the account has not enabled hold no analyzer and were not read.
    const disabled = new Set(
      ctx.inventory.unreachable
        .filter((u) => u.kind === 'region-disabled' && u.account === ctx.account.id)
        .map((u) => u.region),
    );
    const regions = ctx.inventory.governedRegions.filter((r) => !disabled.has(r));
    const mine = regions.flatMap((region) =>
      analyzersOf(ctx, ctx.account.id, region)
        .filter((a) => a.type === 'ORGANIZATION_UNUSED_ACCESS')
        .map((a) => ({ ...a, region })),
    );
    const elsewhere = unusedAnalyzerOwners(ctx, [ctx.account.id]);
    if (!requested && mine.length === 0 && elsewhere.length === 0) {
      return notApplicable(
        `no unused-access analyzer is in use and none is requested; to adopt one set ${ACCESS_ANALYZER_KEY}.unusedAccess.enabled: true`,
      );
    }
    const working = mine.filter((a) => WORKING.has(a.status ?? 'ACTIVE'));
    if (working.length === 0) {
      return fail('security tooling has no active organization unused-access analyzer', {
        expected: { type: 'ORGANIZATION_UNUSED_ACCESS', status: 'ACTIVE', owner: ctx.account.id },
        actual: { analyzers: mine.map(describe), ownedElsewhereBy: elsewhere },
      });
    }
    const age = wanted?.unusedAccessAgeDays;
    const best = working[0]!;
    if (requested && age !== undefined && !working.some((a) => a.unusedAccessAge === age)) {
      return fail(
        `the unused-access analyzer reports after ${best.unusedAccessAge ?? '?'} days, not ${age}`,
        {
          resource: best.arn,
          expected: { unusedAccessAge: age },
          actual: { unusedAccessAge: best.unusedAccessAge },
        },
      );
    }
    return pass(`unused-access analyzer ${best.name} runs in ${best.region}`, {
      resource: best.arn,
      actual: { ...describe(best), unusedAccessAge: best.unusedAccessAge },
    });
  },
});

/** Every Access Analyzer control. */
export const ACCESS_ANALYZER_CONTROLS: readonly Control[] = [
  accountAnalyzer,
  delegatedAdminRegistered,
  delegatedAdminIsSecurityTooling,
  organizationAnalyzer,
  unusedAccessAnalyzer,
];
