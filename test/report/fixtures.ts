/**
 * Verify results for the report tests, produced by the real engine pieces (`evaluateControls`,
 * `scoreFindings`) from a hand-built inventory and a few small controls. Account names, evidence and
 * AWS error messages are hostile on purpose: markup (`<script>`), quotes, commas, line breaks, control
 * characters, terminal escapes and spreadsheet formulas (`=cmd|…`).
 */
import type { AccountRoleId } from '../../src/catalog/ids.js';
import type { AccountInfo, DataError, Datum, Inventory } from '../../src/observe/types.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { ControlSummary, VerifyResult } from '../../src/verify/result.js';
import { scoreFindings } from '../../src/verify/score.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type Finding,
} from '../../src/verify/types.js';

/** Management account. */
export const MGMT = '111111111111';
/** Security tooling account. */
export const AUDIT = '222222222222';
/** Log archive account. */
export const LOGS = '333333333333';
/** Workload account (eu-west-1 not enabled). */
export const WORKLOAD = '444444444444';
/** Workload account whose role cannot be assumed. */
export const UNREACH = '555555555555';
/** Home Region. */
export const HOME = 'us-east-1';
/** Second governed Region. */
export const OTHER = 'eu-west-1';

/** Hostile account names, by account. */
export const NAMES: Readonly<Record<string, string>> = {
  [MGMT]: 'Management',
  [AUDIT]: 'Audit <script>alert("pwned")</script>',
  [LOGS]: '=cmd|\' /C calc\'!A0, "Log Archive"',
  [WORKLOAD]: 'Workload\nsecond line & more \u0001\u001b[31mred\u001b[0m \u202eevil',
  [UNREACH]: "@SUM(1+1)*cmd|' /C calc'!A0",
};

/** An AWS-style error message with markup, quotes, a comma, a newline and characters XML forbids. */
export const HOSTILE_AWS_MESSAGE =
  'User: arn:aws:sts::333333333333:assumed-role/<Audit>/x is not authorized to perform: ' +
  'guardduty:GetDetector & "more",\nsee =1+1 \u0000\u0008\uFFFE';

const ok = <T>(value: T): Datum<T> => ({ ok: true, value });
const denied = (account: string, region: string, operation: string, message: string): Datum<never> => ({
  ok: false,
  error: {
    kind: 'access-denied',
    account,
    region,
    operation,
    message,
    awsErrorName: 'AccessDeniedException',
  },
});

const ROLES: Readonly<Record<string, AccountRoleId[]>> = {
  [MGMT]: ['management'],
  [AUDIT]: ['security-tooling'],
  [LOGS]: ['log-archive'],
  [WORKLOAD]: ['workload'],
  [UNREACH]: ['workload'],
};

/** Roles of an account in the sample organization. */
export const rolesOf = (account: string): AccountRoleId[] => ROLES[account] ?? ['workload'];

interface OrgSlice {
  featureSet: Datum<string>;
  orgTrail: Datum<{ arn: string; multiRegion: boolean } | null>;
}
interface IamSlice {
  passwordPolicy: Datum<{ minimumLength: number } | null>;
}
interface GuardDutySlice {
  detector: Datum<{ status: string } | null>;
}

/** The controls of the sample run: every scope, every status, several severities. */
export const CONTROLS: readonly Control[] = [
  defineControl({
    id: 'organizations.all-features',
    title: 'The organization runs with all features enabled',
    severity: 'critical',
    capabilities: ['security-governance'],
    principles: ['strong-identity-foundation'],
    appliesTo: ['management'],
    scope: 'organization',
    service: 'organizations',
    refs: { sraVerify: ['SRA-ORG-01'] },
    risk: 'Without all features, SCPs and delegated administration are unavailable.',
    remediation: {
      blueprint: 'organization',
      manual: 'Organizations console → Settings → Enable all features.',
    },
    uses: ['organizations'],
    evaluate: (ctx) => {
      const set = ctx.need(ctx.org<OrgSlice>('organizations')?.featureSet, 'the organization feature set');
      return set === 'ALL'
        ? pass('all features are enabled')
        : fail('only consolidated billing', { actual: set });
    },
  }),
  defineControl({
    id: 'cloudtrail.organization-trail',
    title: 'A multi-Region organization trail records every account',
    severity: 'high',
    capabilities: ['threat-detection', 'security-assurance'],
    principles: ['enable-traceability'],
    appliesTo: ['management'],
    scope: 'organization',
    service: 'cloudtrail',
    refs: { sraVerify: ['SRA-CLOUDTRAIL-01'], fsbp: ['CloudTrail.1'], cis: ['3.1'] },
    risk: 'API activity in member accounts goes unrecorded, so incidents cannot be investigated.',
    remediation: {
      blueprint: 'threatDetection.cloudtrail',
      manual: 'CloudTrail console → Create trail → apply to all accounts.',
    },
    uses: ['organizations'],
    evaluate: (ctx) => {
      const trail = ctx.need(ctx.org<OrgSlice>('organizations')?.orgTrail, 'the organization trail');
      const resource = trail?.arn ?? `arn:aws:cloudtrail:${HOME}:${MGMT}:trail/org-trail`;
      return trail?.multiRegion
        ? pass('organization trail is multi-Region', { resource })
        : fail('trail "org-trail", created by =HYPERLINK("http://x"), is single-Region', {
            resource,
            expected: { multiRegion: true },
            actual: { multiRegion: false, note: 'a, "quoted" <value>' },
          });
    },
  }),
  defineControl({
    id: 'iam.password-policy',
    title: 'The account password policy requires at least 14 characters',
    severity: 'medium',
    capabilities: ['identity-and-access-management'],
    principles: ['strong-identity-foundation'],
    appliesTo: 'all',
    scope: 'account',
    service: 'iam',
    refs: { fsbp: ['IAM.7'], cis: ['1.8'] },
    risk: 'Short passwords of IAM users can be guessed.',
    remediation: {
      blueprint: 'identity.passwordPolicy',
      manual: 'IAM console → Account settings → Edit password policy.',
    },
    uses: ['iam'],
    evaluate: (ctx) => {
      const policy = ctx.need(
        ctx.accountSlice<IamSlice>('iam')?.passwordPolicy,
        'the account password policy',
      );
      if (!policy)
        return fail(`account "${ctx.account.name}" has no password policy`, {
          expected: { minimumLength: 14 },
        });
      return policy.minimumLength >= 14
        ? pass('password policy requires 14 characters or more')
        : fail(`password policy of ${ctx.account.name} allows ${policy.minimumLength} characters`, {
            expected: { minimumLength: 14 },
            actual: policy,
          });
    },
  }),
  defineControl({
    id: 'guardduty.detector-enabled',
    title: 'GuardDuty has an enabled detector in every governed Region',
    severity: 'high',
    capabilities: ['threat-detection', 'incident-response'],
    principles: ['enable-traceability', 'prepare-for-security-events'],
    appliesTo: 'all',
    scope: 'region',
    service: 'guardduty',
    refs: { sraVerify: ['SRA-GUARDDUTY-01'], fsbp: ['GuardDuty.1'] },
    risk: 'Threats in this account and Region go undetected.',
    remediation: {
      blueprint: 'threatDetection.guardduty',
      manual: 'GuardDuty console → Get started → Enable GuardDuty.',
    },
    uses: ['guardduty'],
    evaluate: (ctx) => {
      const detector = ctx.need(
        ctx.regionSlice<GuardDutySlice>('guardduty')?.detector,
        'the GuardDuty detector',
      );
      const resource = `arn:aws:guardduty:${ctx.region}:${ctx.account.id}:detector/abc123`;
      if (ctx.roles.includes('management') && ctx.region !== HOME) {
        return notApplicable('the management account is only checked in the home Region', resource);
      }
      if (!detector) return fail(`no detector in ${ctx.region}`, { expected: 'ENABLED', actual: 'none' });
      return detector.status === 'ENABLED'
        ? pass('detector enabled', { resource })
        : fail('detector suspended', { resource, expected: 'ENABLED', actual: detector.status });
    },
  }),
  defineControl({
    id: 'account.security-contact',
    title: 'The account names a security alternate contact',
    severity: 'informational',
    capabilities: ['incident-response'],
    principles: ['prepare-for-security-events'],
    appliesTo: 'all',
    scope: 'account',
    service: 'account',
    refs: {},
    risk: 'AWS cannot reach the people who own the account about a security event.',
    remediation: { manual: 'Account console → Alternate contacts → Security.' },
    uses: [],
    evaluate: (ctx) =>
      ctx.account.id === AUDIT ? pass('security contact set') : fail('no security contact', { actual: null }),
  }),
];

/** Control metadata as a result stores it. */
export function summarize(control: Control): ControlSummary {
  return {
    id: control.id,
    title: control.title,
    severity: control.severity,
    service: control.service,
    capabilities: [...control.capabilities],
    principles: [...control.principles],
    appliesTo: control.appliesTo === 'all' ? 'all' : [...control.appliesTo],
    scope: control.scope,
    refs: control.refs,
    risk: control.risk,
    remediation: control.remediation,
  };
}

function accounts(): AccountInfo[] {
  const ou = (id: string) => (id === MGMT ? [] : id === AUDIT || id === LOGS ? ['Security'] : ['Workloads']);
  return [MGMT, AUDIT, LOGS, WORKLOAD, UNREACH].map((id) => ({
    id,
    name: NAMES[id]!,
    status: 'ACTIVE',
    ouPath: ou(id),
  }));
}

/** The inventory behind {@link sampleResult}. */
export function sampleInventory(): Inventory {
  const inv = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: HOME,
    governedRegions: [HOME, OTHER],
    accounts: accounts(),
  });
  inv.collectedAt = '2025-03-01T10:00:00.000Z';
  inv.organizationId = 'o-1111111111';
  inv.organization.organizations = {
    featureSet: ok('ALL'),
    orgTrail: ok({ arn: `arn:aws:cloudtrail:${HOME}:${MGMT}:trail/org-trail`, multiRegion: false }),
  } satisfies OrgSlice;
  const iam: Record<string, IamSlice> = {
    [MGMT]: { passwordPolicy: ok({ minimumLength: 14 }) },
    [AUDIT]: { passwordPolicy: ok({ minimumLength: 8 }) },
    [LOGS]: { passwordPolicy: ok(null) },
    [WORKLOAD]: {
      passwordPolicy: denied(WORKLOAD, HOME, 'iam:GetAccountPasswordPolicy', HOSTILE_AWS_MESSAGE),
    },
  };
  for (const [id, slice] of Object.entries(iam)) inv.account[id] = { iam: slice };
  const gd = (account: string, region: string, d: GuardDutySlice['detector']) => {
    inv.region[account] ??= {};
    inv.region[account][region] = { guardduty: { detector: d } satisfies GuardDutySlice };
  };
  gd(MGMT, HOME, ok({ status: 'ENABLED' }));
  gd(MGMT, OTHER, ok(null));
  gd(AUDIT, HOME, ok({ status: 'ENABLED' }));
  gd(AUDIT, OTHER, ok({ status: 'ENABLED' }));
  gd(LOGS, HOME, denied(LOGS, HOME, 'guardduty:ListDetectors', HOSTILE_AWS_MESSAGE));
  gd(LOGS, OTHER, ok({ status: 'SUSPENDED' }));
  gd(WORKLOAD, HOME, ok(null));
  const unreachable: DataError[] = [
    {
      kind: 'access-denied',
      account: UNREACH,
      region: HOME,
      operation: 'sts:AssumeRole',
      message: `could not assume OrganizationAccountAccessRole in ${UNREACH}: <AccessDenied> "denied", by SCP`,
      awsErrorName: 'AccessDenied',
    },
    {
      kind: 'region-disabled',
      account: WORKLOAD,
      region: OTHER,
      operation: 'sts:GetCallerIdentity',
      message: `Region ${OTHER} is not enabled for account ${WORKLOAD}`,
    },
  ];
  inv.unreachable = unreachable;
  return inv;
}

/** Builds a result around `findings`, scoring them with the real scorer. */
export function resultWith(findings: Finding[], base: VerifyResult = sampleResult()): VerifyResult {
  return { ...base, findings, scores: scoreFindings(findings, base.controls, rolesOf) };
}

/** A result of a small organization with every status, scope and kind of hostile string. */
export function sampleResult(): VerifyResult {
  const inventory = sampleInventory();
  const roleAccounts: Partial<Record<AccountRoleId, string[]>> = {};
  for (const [id, roles] of Object.entries(ROLES)) for (const r of roles) (roleAccounts[r] ??= []).push(id);
  const findings = evaluateControls(inventory, CONTROLS, { rolesOf, roleAccounts });
  const controls = CONTROLS.map(summarize);
  return {
    schemaVersion: 1,
    tool: { name: 'sra-kit', version: '0.1.0' },
    collectedAt: inventory.collectedAt,
    evaluatedAt: '2025-03-01T10:05:30.250Z',
    organizationId: inventory.organizationId!,
    managementAccountId: MGMT,
    homeRegion: HOME,
    governedRegions: [...inventory.governedRegions],
    accounts: inventory.accounts,
    roles: inventory.accounts.map((a) => ({
      account: a.id,
      roles: rolesOf(a.id),
      reason: a.id === MGMT ? 'the management account' : `account name "${a.name}"`,
      source: 'inferred',
    })),
    unreachable: inventory.unreachable,
    controls,
    findings,
    scores: scoreFindings(findings, controls, rolesOf),
    scope: {},
  };
}

/** `n` FAIL findings of one control in one account and Region, each on its own resource. */
export function bulkFindings(
  n: number,
  account = WORKLOAD,
  region = HOME,
  message = 'detector missing',
): Finding[] {
  return Array.from({ length: n }, (_, i) => ({
    controlId: 'guardduty.detector-enabled',
    status: 'FAIL' as const,
    severity: 'high' as const,
    account,
    region,
    resource: `arn:aws:guardduty:${region}:${account}:detector/d${String(i).padStart(6, '0')}`,
    message,
  }));
}
