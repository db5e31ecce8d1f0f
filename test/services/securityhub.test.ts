/**
 * Security Hub module: collectors against sandbox scenarios (greenfield, the reference SRA, half-deployed,
 * denied reads, a disabled product integration) and every control on pass, fail, not-applicable and
 * error inputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DisableImportFindingsForProductCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import type { Datum, Inventory } from '../../src/observe/types.js';
import {
  allAccounts,
  drifted,
  greenfield,
  halfDeployed,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import {
  ORGANIZATIONS_COLLECTOR_ID,
  organizationsCollector,
  type OrganizationSlice,
} from '../../src/services/organizations/collect.js';
import {
  SECURITY_HUB,
  SECURITY_HUB_ADMINS,
  SECURITY_HUB_CONTROLS,
  securityHubAdminsCollector,
  securityHubCollector,
  securityHubModule,
  securityHubRoleHints,
  type SecurityHubAdminData,
  type SecurityHubAdminsSlice,
  type SecurityHubSlice,
} from '../../src/services/securityhub/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Finding, Outcome } from '../../src/verify/types.js';
import { collectScenarioWith, datumValue, evalControl, gaps, scenarioRoles } from '../verify/harness.js';

// ---------------------------------------------------------------------------------------------------------
// Scenario helpers

const collectScenario = (s: Scenario): Promise<Inventory> =>
  collectScenarioWith(s, {
    organization: [organizationsCollector, securityHubAdminsCollector],
    region: [securityHubCollector],
    withOrganizationId: true,
  });

function evaluateScenario(s: Scenario, inv: Inventory): Finding[] {
  return evaluateControls(inv, SECURITY_HUB_CONTROLS, scenarioRoles(s, true));
}

const sliceIn = (inv: Inventory, account: string, region: string) =>
  inv.region[account]![region]![SECURITY_HUB] as SecurityHubSlice;

// ---------------------------------------------------------------------------------------------------------
// Collectors against scenarios

describe('Security Hub collectors', () => {
  let reference: Scenario;
  let inv: Inventory;
  beforeAll(async () => {
    reference = await drifted();
    inv = await collectScenario(reference);
  });

  it('lists the security tooling account as administrator of every governed Region', () => {
    const admins = inv.organization[SECURITY_HUB_ADMINS] as SecurityHubAdminsSlice;
    for (const region of reference.governedRegions) {
      expect(datumValue(admins.byRegion[region])).toEqual([
        { accountId: reference.securityToolingId, status: 'ENABLED' },
      ]);
    }
  });

  it('reads every account’s hub and its FSBP standard, and no administrator data outside the administrator', () => {
    for (const account of allAccounts(reference)) {
      for (const region of reference.governedRegions) {
        const s = sliceIn(inv, account, region);
        expect(datumValue(s.hub)).toMatchObject({
          enabled: true,
          arn: `arn:aws:securityhub:${region}:${account}:hub/default`,
        });
        expect(datumValue(s.standards)).toEqual([
          {
            arn: `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
            status: 'READY',
          },
        ]);
        expect(s.admin !== undefined).toBe(account === reference.securityToolingId);
      }
    }
  });

  it('reads the administrator’s organization configuration, members and products in every Region', () => {
    const others = allAccounts(reference).filter((a) => a !== reference.securityToolingId);
    for (const region of reference.governedRegions) {
      const admin = sliceIn(inv, reference.securityToolingId, region).admin!;
      expect(datumValue(admin.organizationConfiguration)).toMatchObject({
        configurationType: 'CENTRAL',
        status: 'ENABLED',
        autoEnable: false,
        memberAccountLimitReached: false,
      });
      expect(
        datumValue(admin.members)
          .map((m) => m.accountId)
          .sort(),
      ).toEqual([...others].sort());
      expect(datumValue(admin.members).every((m) => m.memberStatus === 'Enabled')).toBe(true);
      expect(datumValue(admin.products)).toEqual(
        expect.arrayContaining(['aws/guardduty', 'aws/inspector', 'aws/macie']),
      );
      expect(admin.central !== undefined).toBe(region === reference.homeRegion);
    }
  });

  it('reads the aggregator, the policy and the root association in the home Region', () => {
    const central = sliceIn(inv, reference.securityToolingId, reference.homeRegion).admin!.central!;
    expect(datumValue(central.aggregators)).toEqual([
      expect.objectContaining({
        region: reference.homeRegion,
        linkingMode: 'SPECIFIED_REGIONS',
        regions: reference.governedRegions.slice(1),
      }),
    ]);
    const [policy] = datumValue(central.policies!);
    expect(policy).toMatchObject({ name: 'sra-baseline', serviceEnabled: true, controls: 'disabled-list' });
    expect(policy!.standards).toEqual([
      `arn:aws:securityhub:${reference.homeRegion}::standards/aws-foundational-security-best-practices/v/1.0.0`,
    ]);
    expect(datumValue(central.associations!)).toEqual([
      expect.objectContaining({ targetType: 'ROOT', policyId: policy!.id, status: 'SUCCESS' }),
    ]);
  });

  it('reports nothing but PASS or NOT_APPLICABLE on the drifted scenario (no planted drift is Security Hub’s)', () => {
    const findings = evaluateScenario(reference, inv);
    expect(gaps(findings)).toEqual([]);
    expect(findings.filter((f) => f.status === 'PASS').length).toBeGreaterThan(40);
  });

  it('reads each datum once per account and Region', async () => {
    const s = await drifted();
    s.sandbox.resetStats();
    await collectScenario(s);
    const ops = s.sandbox.stats().byOperation;
    // Every operation the collectors sent is one they declare (the IAM policy of verify is built from them).
    const declared = new Set([securityHubAdminsCollector, securityHubCollector].flatMap((c) => c.reads));
    const sent = [...ops.keys()].filter((op) => op.startsWith('securityhub:'));
    expect(sent.filter((op) => !declared.has(op))).toEqual([]);
    const cells = allAccounts(s).length * s.governedRegions.length;
    expect(ops.get('securityhub:DescribeHub')).toBe(cells);
    expect(ops.get('securityhub:GetEnabledStandards')).toBe(cells);
    expect(ops.get('securityhub:DescribeOrganizationConfiguration')).toBe(s.governedRegions.length);
    expect(ops.get('securityhub:ListOrganizationAdminAccounts')).toBe(s.governedRegions.length);
    expect(ops.get('securityhub:ListConfigurationPolicies')).toBe(1);
  });

  it('records a hub that is not enabled as data, not as a failed read (greenfield)', async () => {
    const s = await greenfield();
    const g = await collectScenario(s);
    const admins = g.organization[SECURITY_HUB_ADMINS] as SecurityHubAdminsSlice;
    expect(datumValue(admins.byRegion[s.homeRegion])).toEqual([]);
    const slice = sliceIn(g, s.workloadIds[0]!, s.homeRegion);
    expect(slice).toEqual({ hub: { ok: true, value: { enabled: false } } });
    const findings = evaluateScenario(s, g);
    expect(gaps(findings)).toEqual(
      [
        ...s.governedRegions.map(
          (r) => `FAIL security-hub.delegated-admin-designated ${s.managementAccountId}/${r}`,
        ),
        ...allAccounts(s).flatMap((a) => s.governedRegions.map((r) => `FAIL security-hub.enabled ${a}/${r}`)),
      ].sort(),
    );
  });

  it('reports the half-deployed gap: a local hub in the management account only', async () => {
    const s = await halfDeployed();
    const h = await collectScenario(s);
    const mgmt = sliceIn(h, s.managementAccountId, s.homeRegion);
    expect(datumValue(mgmt.hub).enabled).toBe(true);
    expect(mgmt.admin).toBeUndefined();
    const findings = evaluateScenario(s, h);
    const enabledGaps = gaps(findings).filter((g) => g.includes('security-hub.enabled'));
    expect(enabledGaps).toHaveLength(allAccounts(s).length * s.governedRegions.length - 1);
    expect(enabledGaps).not.toContain(`FAIL security-hub.enabled ${s.managementAccountId}/${s.homeRegion}`);
    expect(gaps(findings)).toContain(
      `FAIL security-hub.delegated-admin-designated ${s.managementAccountId}/${s.homeRegion}`,
    );
  });

  it('turns a denied read into a DataError and the controls that need it into ERROR', async () => {
    const s = await drifted();
    const w = s.workloadIds[0]!;
    s.sandbox.knobs = {
      deny: [
        { action: 'securityhub:DescribeHub', account: w },
        { action: 'securityhub:ListMembers', account: s.securityToolingId },
      ],
    };
    const d = await collectScenario(s);
    const hub = sliceIn(d, w, s.homeRegion).hub;
    expect(hub.ok).toBe(false);
    expect(hub.ok ? undefined : hub.error).toMatchObject({
      kind: 'access-denied',
      account: w,
      operation: 'securityhub:DescribeHub',
    });
    const members = sliceIn(d, s.securityToolingId, s.homeRegion).admin!.members;
    expect(members.ok ? undefined : members.error.kind).toBe('access-denied');
    const findings = evaluateScenario(s, d);
    const errors = findings.filter((f) => f.status === 'ERROR');
    expect(errors.map((f) => `${f.controlId} ${f.account}/${f.region}`).sort()).toEqual(
      [
        ...s.governedRegions.map((r) => `security-hub.enabled ${w}/${r}`),
        ...s.governedRegions.map((r) => `security-hub.standards-enabled ${w}/${r}`),
        ...s.governedRegions.map(
          (r) => `security-hub.members-cover-organization ${s.securityToolingId}/${r}`,
        ),
        ...s.governedRegions.map((r) => `security-hub.members-enabled ${s.securityToolingId}/${r}`),
      ].sort(),
    );
    expect(errors.every((f) => f.error?.kind === 'access-denied')).toBe(true);
    expect(findings.some((f) => f.status === 'FAIL')).toBe(false);
  });

  it('sees a product integration turned off in the administrator', async () => {
    const s = await drifted();
    const region = s.homeRegion;
    await s.client(SecurityHubClient, s.securityToolingId, region).send(
      new DisableImportFindingsForProductCommand({
        ProductSubscriptionArn: `arn:aws:securityhub:${region}:${s.securityToolingId}:product-subscription/aws/inspector`,
      }),
    );
    const d = await collectScenario(s);
    expect(datumValue(sliceIn(d, s.securityToolingId, region).admin!.products)).not.toContain(
      'aws/inspector',
    );
    expect(gaps(evaluateScenario(s, d))).toEqual([
      `FAIL security-hub.product-integrations ${s.securityToolingId}/${region}`,
    ]);
  });

  it('names the administrator as the security tooling account, and is registered', () => {
    expect(securityHubRoleHints(inv)).toEqual([
      expect.objectContaining({ role: 'security-tooling', account: reference.securityToolingId, weight: 10 }),
    ]);
    expect(SERVICE_MODULES).toContain(securityHubModule);
    expect(securityHubModule.collectors.map((c) => c.id)).toEqual([SECURITY_HUB_ADMINS, SECURITY_HUB]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Hand-built inventory: the SRA in two Regions

const MGMT = '111111111111';
const AUDIT = '222222222222';
const LOGS = '333333333333';
const W = '444444444444';
const R = 'us-east-1';
const R2 = 'eu-west-1';
const ROLE: Record<string, AccountRoleId> = {
  [MGMT]: 'management',
  [AUDIT]: 'security-tooling',
  [LOGS]: 'log-archive',
  [W]: 'workload',
};
const ROLE_ACCOUNTS = {
  management: [MGMT],
  'security-tooling': [AUDIT],
  'log-archive': [LOGS],
  workload: [W],
};
const FSBP = (r: string) =>
  `arn:aws:securityhub:${r}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const CIS30 = (r: string) => `arn:aws:securityhub:${r}::standards/cis-aws-foundations-benchmark/v/3.0.0`;
const POLICY_ARN = `arn:aws:securityhub:${R}:${AUDIT}:configuration-policy/p-1`;

const ok = <T>(v: T): Datum<T> => ({ ok: true, value: v });
const denied = (operation: string, account = W): Datum<never> => ({
  ok: false,
  error: {
    kind: 'access-denied',
    message: `not allowed to call ${operation}`,
    account,
    region: R,
    operation,
  },
});

function adminData(region: string): SecurityHubAdminData {
  return {
    organizationConfiguration: ok({
      autoEnable: false,
      autoEnableStandards: 'NONE',
      memberAccountLimitReached: false,
      configurationType: 'CENTRAL',
      status: 'ENABLED',
    }),
    members: ok([MGMT, LOGS, W].map((accountId) => ({ accountId, memberStatus: 'Enabled' }))),
    products: ok(['aws/guardduty', 'aws/inspector', 'aws/macie', 'aws/access-analyzer', 'aws/securityhub']),
    ...(region === R
      ? {
          central: {
            aggregators: ok([
              {
                arn: `arn:aws:securityhub:${R}:${AUDIT}:finding-aggregator/a-1`,
                region: R,
                linkingMode: 'SPECIFIED_REGIONS',
                regions: [R2],
              },
            ]),
            policies: ok([
              {
                id: 'p-1',
                arn: POLICY_ARN,
                name: 'sra-baseline',
                serviceEnabled: true,
                standards: [FSBP(R)],
                controls: 'disabled-list' as const,
              },
            ]),
            associations: ok([
              { targetId: 'r-root', targetType: 'ROOT', policyId: 'p-1', status: 'SUCCESS' },
            ]),
          },
        }
      : {}),
  };
}

/** Everything as the SRA wants it. */
function sraInventory(): Inventory {
  const inv = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: R,
    governedRegions: [R, R2],
    accounts: [
      { id: MGMT, name: 'Management', status: 'ACTIVE', ouPath: [] },
      { id: AUDIT, name: 'Security Tooling', status: 'ACTIVE', ouPath: ['Security'] },
      { id: LOGS, name: 'Log Archive', status: 'ACTIVE', ouPath: ['Security'] },
      { id: W, name: 'workload', status: 'ACTIVE', ouPath: ['Workloads'] },
    ],
  });
  inv.organizationId = 'o-test';
  const org: OrganizationSlice = {
    organization: ok({
      id: 'o-test',
      arn: 'arn:aws:organizations::111111111111:organization/o-test',
      featureSet: 'ALL',
      managementAccountId: MGMT,
    }),
    roots: ok([]),
    ous: ok([]),
    accounts: ok([]),
    policies: ok([]),
    trustedAccess: ok([]),
    delegatedAdmins: ok([{ account: AUDIT, principal: 'securityhub.amazonaws.com' }]),
  };
  inv.organization[ORGANIZATIONS_COLLECTOR_ID] = org;
  inv.organization[SECURITY_HUB_ADMINS] = {
    byRegion: {
      [R]: ok([{ accountId: AUDIT, status: 'ENABLED' }]),
      [R2]: ok([{ accountId: AUDIT, status: 'ENABLED' }]),
    },
  } satisfies SecurityHubAdminsSlice;
  for (const account of [MGMT, AUDIT, LOGS, W]) {
    for (const region of [R, R2]) {
      const slice: SecurityHubSlice = {
        hub: ok({ enabled: true, arn: `arn:aws:securityhub:${region}:${account}:hub/default` }),
        standards: ok([{ arn: FSBP(region), status: 'READY' }]),
        ...(account === AUDIT ? { admin: adminData(region) } : {}),
      };
      ((inv.region[account] ??= {})[region] ??= {})[SECURITY_HUB] = slice;
    }
  }
  return inv;
}

const sh = (inv: Inventory, account: string, region = R) =>
  inv.region[account]![region]![SECURITY_HUB] as SecurityHubSlice;
const admin = (inv: Inventory, region = R) => sh(inv, AUDIT, region).admin!;
const orgCfg = (inv: Inventory, region = R) => datumValue(admin(inv, region).organizationConfiguration);
const central = (inv: Inventory) => admin(inv).central!;
const admins = (inv: Inventory) => inv.organization[SECURITY_HUB_ADMINS] as SecurityHubAdminsSlice;
const orgSlice = (inv: Inventory) => inv.organization[ORGANIZATIONS_COLLECTOR_ID] as OrganizationSlice;
const setAdmin = (inv: Inventory, account: string | undefined) => {
  for (const r of [R, R2])
    admins(inv).byRegion[r] = ok(account ? [{ accountId: account, status: 'ENABLED' }] : []);
};

function blueprint(extra = ''): Blueprint {
  const text =
    `organization:\n  managementAccount: '${MGMT}'\n  homeRegion: ${R}\n  governedRegions: [${R}, ${R2}]\n` +
    `  organizationalUnits:\n    - { name: Security, accounts: ['${AUDIT}', '${LOGS}'] }\n    - { name: Workloads }\n` +
    `accounts:\n  securityTooling: '${AUDIT}'\n  logArchive: '${LOGS}'\n` +
    `  workloads:\n    - { id: '${W}', name: workload, ou: Workloads }\n${extra}`;
  const parsed = parseBlueprint(text);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.blueprint!;
}

const control = (id: string): Control => {
  const c = SECURITY_HUB_CONTROLS.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};

/** One table row: a control evaluated for an account and Region after a change to the SRA inventory. */
interface Case {
  name: string;
  account: string;
  region?: string;
  change?: (inv: Inventory) => void;
  blueprint?: string;
  status: Outcome['status'];
  /** Matched against the outcome's message and evidence. */
  evidence: RegExp;
}

function check(id: string, c: Case): void {
  const inv = sraInventory();
  c.change?.(inv);
  const out = evalControl(control(id), {
    inventory: inv,
    account: inv.accounts.find((a) => a.id === c.account)!,
    region: c.region ?? R,
    roles: [ROLE[c.account]!],
    roleAccounts: ROLE_ACCOUNTS,
    ...(c.blueprint !== undefined ? { blueprint: blueprint(c.blueprint) } : {}),
  });
  expect(out).toHaveLength(1);
  const o = out[0]!;
  expect(o.status, o.message).toBe(c.status);
  expect(JSON.stringify(o)).toMatch(c.evidence);
  if (o.status === 'FAIL') {
    expect(o.expected).toBeDefined();
    expect(o.actual).toBeDefined();
  }
  // A failed read carries its reason; a slice that was never collected has none.
  if (o.status === 'ERROR' && o.error) expect(o.error.kind).toBe('access-denied');
}

const OFF = 'assurance:\n  securityHub:\n    enabled: false\n';

const TABLE: Record<string, Case[]> = {
  'security-hub.delegated-admin-designated': [
    { name: 'designated', account: MGMT, status: 'PASS', evidence: /administered by 222222222222/ },
    {
      name: 'none',
      account: MGMT,
      change: (i) => setAdmin(i, undefined),
      status: 'FAIL',
      evidence: /"administrator":"none"/,
    },
    {
      name: 'Security Hub off by blueprint',
      account: MGMT,
      blueprint: OFF,
      status: 'NOT_APPLICABLE',
      evidence: /enabled: false/,
    },
    {
      name: 'list unreadable',
      account: MGMT,
      change: (i) => (admins(i).byRegion[R] = denied('securityhub:ListOrganizationAdminAccounts', MGMT)),
      status: 'ERROR',
      evidence: /ListOrganizationAdminAccounts/,
    },
  ],
  'security-hub.delegated-admin-is-security-tooling': [
    { name: 'security tooling', account: MGMT, status: 'PASS', evidence: /is the security tooling account/ },
    {
      name: 'management',
      account: MGMT,
      change: (i) => setAdmin(i, MGMT),
      status: 'FAIL',
      evidence: /management account 111111111111/,
    },
    {
      name: 'a workload',
      account: MGMT,
      change: (i) => setAdmin(i, W),
      status: 'FAIL',
      evidence: /"administrator":"444444444444"/,
    },
    {
      name: 'no administrator',
      account: MGMT,
      change: (i) => setAdmin(i, undefined),
      status: 'NOT_APPLICABLE',
      evidence: /delegated-admin-designated reports/,
    },
    {
      name: 'list unreadable',
      account: MGMT,
      change: (i) => (admins(i).byRegion[R] = denied('securityhub:ListOrganizationAdminAccounts', MGMT)),
      status: 'ERROR',
      evidence: /not allowed/,
    },
  ],
  'security-hub.delegated-admin-registered': [
    { name: 'registered', account: MGMT, status: 'PASS', evidence: /lists 222222222222/ },
    {
      name: 'not registered',
      account: MGMT,
      change: (i) => (orgSlice(i).delegatedAdmins = ok([])),
      status: 'FAIL',
      evidence: /222222222222 not registered/,
    },
    {
      name: 'a stale registration',
      account: MGMT,
      change: (i) =>
        (orgSlice(i).delegatedAdmins = ok([
          { account: AUDIT, principal: 'securityhub.amazonaws.com' },
          { account: LOGS, principal: 'securityhub.amazonaws.com' },
        ])),
      status: 'FAIL',
      evidence: /333333333333 registered but not the Security Hub administrator/,
    },
    {
      name: 'no administrator anywhere',
      account: MGMT,
      change: (i) => setAdmin(i, undefined),
      status: 'NOT_APPLICABLE',
      evidence: /any governed Region/,
    },
    {
      name: 'the management account administers',
      account: MGMT,
      change: (i) => setAdmin(i, MGMT),
      status: 'NOT_APPLICABLE',
      evidence: /does not register/,
    },
    {
      name: 'registrations unreadable',
      account: MGMT,
      change: (i) =>
        (orgSlice(i).delegatedAdmins = denied('organizations:ListDelegatedAdministrators', MGMT)),
      status: 'ERROR',
      evidence: /ListDelegatedAdministrators/,
    },
  ],
  'security-hub.central-configuration': [
    { name: 'central', account: AUDIT, status: 'PASS', evidence: /"configurationType":"CENTRAL"/ },
    {
      name: 'central in the linked Region',
      account: AUDIT,
      region: R2,
      status: 'PASS',
      evidence: /eu-west-1/,
    },
    {
      name: 'local',
      account: AUDIT,
      region: R2,
      change: (i) => Object.assign(orgCfg(i, R2), { configurationType: 'LOCAL', status: 'ENABLED' }),
      status: 'FAIL',
      evidence: /local configuration in eu-west-1/,
    },
    {
      name: 'central but failed',
      account: AUDIT,
      change: (i) => Object.assign(orgCfg(i), { status: 'FAILED', statusMessage: 'boom' }),
      status: 'FAIL',
      evidence: /"statusMessage":"boom"/,
    },
    {
      name: 'administrator hub off',
      account: AUDIT,
      change: (i) => (sh(i, AUDIT).hub = ok({ enabled: false })),
      status: 'FAIL',
      evidence: /not enabled in its administrator/,
    },
    {
      name: 'blueprint chooses local',
      account: AUDIT,
      blueprint: 'assurance:\n  securityHub:\n    configuration: local\n',
      status: 'NOT_APPLICABLE',
      evidence: /local configuration/,
    },
    {
      name: 'no administrator',
      account: AUDIT,
      change: (i) => setAdmin(i, undefined),
      status: 'NOT_APPLICABLE',
      evidence: /no delegated administrator/,
    },
    {
      name: 'configuration unreadable',
      account: AUDIT,
      change: (i) =>
        (admin(i).organizationConfiguration = denied('securityhub:DescribeOrganizationConfiguration', AUDIT)),
      status: 'ERROR',
      evidence: /DescribeOrganizationConfiguration/,
    },
  ],
  'security-hub.auto-enable-accounts': [
    {
      name: 'central configuration',
      account: AUDIT,
      status: 'NOT_APPLICABLE',
      evidence: /root-configuration-policy checks it/,
    },
    {
      name: 'local with auto-enable',
      account: AUDIT,
      change: (i) => Object.assign(orgCfg(i), { configurationType: 'LOCAL', autoEnable: true }),
      status: 'PASS',
      evidence: /"autoEnable":true/,
    },
    {
      name: 'local without auto-enable',
      account: AUDIT,
      change: (i) => Object.assign(orgCfg(i), { configurationType: 'LOCAL', autoEnable: false }),
      status: 'FAIL',
      evidence: /"autoEnable":false/,
    },
    {
      name: 'configuration unreadable',
      account: AUDIT,
      change: (i) =>
        (admin(i).organizationConfiguration = denied('securityhub:DescribeOrganizationConfiguration', AUDIT)),
      status: 'ERROR',
      evidence: /organization configuration/,
    },
  ],
  'security-hub.auto-enable-standards': [
    {
      name: 'root policy disables by list',
      account: AUDIT,
      region: R2,
      status: 'PASS',
      evidence: /enables new controls automatically/,
    },
    {
      name: 'root policy enables by list',
      account: AUDIT,
      change: (i) => Object.assign(datumValue(central(i).policies!)[0]!, { controls: 'enabled-list' }),
      status: 'FAIL',
      evidence: /new controls stay off/,
    },
    {
      name: 'local with DEFAULT',
      account: AUDIT,
      change: (i) => Object.assign(orgCfg(i), { configurationType: 'LOCAL', autoEnableStandards: 'DEFAULT' }),
      status: 'PASS',
      evidence: /"autoEnableStandards":"DEFAULT"/,
    },
    {
      name: 'local with NONE',
      account: AUDIT,
      change: (i) => Object.assign(orgCfg(i), { configurationType: 'LOCAL', autoEnableStandards: 'NONE' }),
      status: 'FAIL',
      evidence: /"autoEnableStandards":"NONE"/,
    },
    {
      name: 'no policy on the root',
      account: AUDIT,
      change: (i) => (central(i).associations = ok([])),
      status: 'NOT_APPLICABLE',
      evidence: /root-configuration-policy reports/,
    },
    {
      name: 'associations unreadable',
      account: AUDIT,
      change: (i) =>
        (central(i).associations = denied('securityhub:ListConfigurationPolicyAssociations', AUDIT)),
      status: 'ERROR',
      evidence: /ListConfigurationPolicyAssociations/,
    },
  ],
  'security-hub.members-cover-organization': [
    { name: 'all members', account: AUDIT, status: 'PASS', evidence: /all 3 accounts/ },
    {
      name: 'a workload is missing',
      account: AUDIT,
      change: (i) => (admin(i).members = ok(datumValue(admin(i).members).filter((m) => m.accountId !== W))),
      status: 'FAIL',
      evidence: /"notMembers":\["444444444444"\]/,
    },
    {
      name: 'the blueprint leaves the missing workload out',
      account: AUDIT,
      change: (i) => (admin(i).members = ok(datumValue(admin(i).members).filter((m) => m.accountId !== W))),
      blueprint: `assurance:\n  securityHub:\n    targets:\n      excludeAccounts: ['${W}']\n`,
      status: 'PASS',
      evidence: /all 2 accounts/,
    },
    {
      name: 'a suspended account is not expected',
      account: AUDIT,
      change: (i) => {
        admin(i).members = ok(datumValue(admin(i).members).filter((m) => m.accountId !== W));
        i.accounts.find((a) => a.id === W)!.status = 'SUSPENDED';
      },
      status: 'PASS',
      evidence: /all 2 accounts/,
    },
    {
      name: 'the blueprint excludes the Region',
      account: AUDIT,
      region: R2,
      blueprint: `assurance:\n  securityHub:\n    targets:\n      excludeRegions: [${R2}]\n`,
      status: 'NOT_APPLICABLE',
      evidence: /excludeRegions/,
    },
    {
      name: 'members unreadable',
      account: AUDIT,
      change: (i) => (admin(i).members = denied('securityhub:ListMembers', AUDIT)),
      status: 'ERROR',
      evidence: /ListMembers/,
    },
  ],
  'security-hub.members-enabled': [
    {
      name: 'all Enabled',
      account: AUDIT,
      status: 'PASS',
      evidence: /all 3 Security Hub members are Enabled/,
    },
    {
      name: 'a removed member',
      account: AUDIT,
      change: (i) => (datumValue(admin(i).members).find((m) => m.accountId === W)!.memberStatus = 'Removed'),
      status: 'FAIL',
      evidence: /444444444444 \(Removed\)/,
    },
    {
      name: 'no administrator',
      account: AUDIT,
      change: (i) => setAdmin(i, undefined),
      status: 'NOT_APPLICABLE',
      evidence: /no delegated administrator/,
    },
    {
      name: 'members unreadable',
      account: AUDIT,
      change: (i) => (admin(i).members = denied('securityhub:ListMembers', AUDIT)),
      status: 'ERROR',
      evidence: /ListMembers/,
    },
  ],
  'security-hub.member-limit-not-reached': [
    { name: 'room left', account: AUDIT, status: 'PASS', evidence: /"memberAccountLimitReached":false/ },
    {
      name: 'limit reached',
      account: AUDIT,
      change: (i) => Object.assign(orgCfg(i), { memberAccountLimitReached: true }),
      status: 'FAIL',
      evidence: /"memberAccountLimitReached":true/,
    },
    {
      name: 'Security Hub off by blueprint',
      account: AUDIT,
      blueprint: OFF,
      status: 'NOT_APPLICABLE',
      evidence: /enabled: false/,
    },
    {
      name: 'configuration unreadable',
      account: AUDIT,
      change: (i) =>
        (admin(i).organizationConfiguration = denied('securityhub:DescribeOrganizationConfiguration', AUDIT)),
      status: 'ERROR',
      evidence: /DescribeOrganizationConfiguration/,
    },
  ],
  'security-hub.product-integrations': [
    { name: 'all four producers', account: AUDIT, status: 'PASS', evidence: /aws\/access-analyzer/ },
    {
      name: 'Macie missing',
      account: AUDIT,
      change: (i) => (admin(i).products = ok(['aws/guardduty', 'aws/inspector', 'aws/access-analyzer'])),
      status: 'FAIL',
      evidence: /does not import findings from aws\/macie/,
    },
    {
      name: 'Macie missing while the blueprint turns Macie off',
      account: AUDIT,
      change: (i) => (admin(i).products = ok(['aws/guardduty', 'aws/inspector', 'aws/access-analyzer'])),
      blueprint: 'dataProtection:\n  macie:\n    enabled: false\n',
      status: 'PASS',
      evidence: /"products":\["aws\/guardduty","aws\/inspector","aws\/access-analyzer"\]/,
    },
    {
      name: 'no administrator',
      account: AUDIT,
      change: (i) => setAdmin(i, undefined),
      status: 'NOT_APPLICABLE',
      evidence: /no delegated administrator/,
    },
    {
      name: 'products unreadable',
      account: AUDIT,
      change: (i) => (admin(i).products = denied('securityhub:ListEnabledProductsForImport', AUDIT)),
      status: 'ERROR',
      evidence: /ListEnabledProductsForImport/,
    },
  ],
  'security-hub.finding-aggregator': [
    { name: 'home Region, linking the other', account: AUDIT, status: 'PASS', evidence: /links eu-west-1/ },
    {
      name: 'all Regions linked',
      account: AUDIT,
      change: (i) =>
        Object.assign(datumValue(central(i).aggregators)[0]!, { linkingMode: 'ALL_REGIONS', regions: [] }),
      status: 'PASS',
      evidence: /"linkingMode":"ALL_REGIONS"/,
    },
    {
      name: 'no aggregator',
      account: AUDIT,
      change: (i) => (central(i).aggregators = ok([])),
      status: 'FAIL',
      evidence: /"aggregator":"none"/,
    },
    {
      name: 'a governed Region not linked',
      account: AUDIT,
      change: (i) =>
        Object.assign(datumValue(central(i).aggregators)[0]!, {
          linkingMode: 'ALL_REGIONS_EXCEPT_SPECIFIED',
          regions: [R2],
        }),
      status: 'FAIL',
      evidence: /does not link eu-west-1/,
    },
    {
      name: 'the unlinked Region is excluded by the blueprint',
      account: AUDIT,
      change: (i) =>
        Object.assign(datumValue(central(i).aggregators)[0]!, { linkingMode: 'NO_REGIONS', regions: [] }),
      blueprint: `assurance:\n  securityHub:\n    targets:\n      excludeRegions: [${R2}]\n`,
      status: 'PASS',
      evidence: /none governed/,
    },
    {
      name: 'in another Region than the blueprint’s',
      account: AUDIT,
      blueprint: `assurance:\n  securityHub:\n    aggregatorRegion: ${R2}\n`,
      status: 'FAIL',
      evidence: /is in us-east-1, not in eu-west-1/,
    },
    {
      name: 'no administrator in the home Region',
      account: AUDIT,
      change: (i) => setAdmin(i, undefined),
      status: 'NOT_APPLICABLE',
      evidence: /no delegated administrator in us-east-1/,
    },
    {
      name: 'aggregators unreadable',
      account: AUDIT,
      change: (i) => (central(i).aggregators = denied('securityhub:ListFindingAggregators', AUDIT)),
      status: 'ERROR',
      evidence: /ListFindingAggregators/,
    },
  ],
  'security-hub.root-configuration-policy': [
    {
      name: 'FSBP policy on the root',
      account: AUDIT,
      status: 'PASS',
      evidence: /sra-baseline enables Security Hub with fsbp/,
    },
    {
      name: 'nothing on the root',
      account: AUDIT,
      change: (i) => (central(i).associations = ok([])),
      status: 'FAIL',
      evidence: /"association":"none"/,
    },
    {
      name: 'the root is self-managed',
      account: AUDIT,
      change: (i) => (datumValue(central(i).associations!)[0]!.policyId = 'SELF_MANAGED_SECURITY_HUB'),
      status: 'FAIL',
      evidence: /self-managed/,
    },
    {
      name: 'the policy lacks a standard the blueprint wants',
      account: AUDIT,
      blueprint: 'assurance:\n  securityHub:\n    standards: [fsbp, cis-3.0.0]\n',
      status: 'FAIL',
      evidence: /does not enable cis-3.0.0/,
    },
    {
      name: 'the policy turns Security Hub off',
      account: AUDIT,
      change: (i) => (datumValue(central(i).policies!)[0]!.serviceEnabled = false),
      status: 'FAIL',
      evidence: /turns Security Hub off/,
    },
    {
      name: 'the association failed',
      account: AUDIT,
      change: (i) => (datumValue(central(i).associations!)[0]!.status = 'FAILED'),
      status: 'FAIL',
      evidence: /association with the root failed/,
    },
    {
      name: 'the association names no existing policy',
      account: AUDIT,
      change: (i) => (datumValue(central(i).associations!)[0]!.policyId = 'p-gone'),
      status: 'FAIL',
      evidence: /p-gone, which does not exist/,
    },
    {
      name: 'central configuration off when read',
      account: AUDIT,
      change: (i) => {
        delete central(i).policies;
        delete central(i).associations;
      },
      status: 'NOT_APPLICABLE',
      evidence: /central-configuration reports/,
    },
    {
      name: 'blueprint chooses local',
      account: AUDIT,
      blueprint: 'assurance:\n  securityHub:\n    configuration: local\n',
      status: 'NOT_APPLICABLE',
      evidence: /local configuration/,
    },
    {
      name: 'policies unreadable',
      account: AUDIT,
      change: (i) => (central(i).policies = denied('securityhub:ListConfigurationPolicies', AUDIT)),
      status: 'ERROR',
      evidence: /ListConfigurationPolicies/,
    },
  ],
  'security-hub.enabled': [
    { name: 'enabled', account: W, status: 'PASS', evidence: /"enabled":true/ },
    {
      name: 'not enabled',
      account: W,
      region: R2,
      change: (i) => (sh(i, W, R2).hub = ok({ enabled: false })),
      status: 'FAIL',
      evidence: /not enabled in eu-west-1/,
    },
    {
      name: 'account left out by blueprint',
      account: W,
      blueprint: `assurance:\n  securityHub:\n    targets:\n      excludeAccounts: ['${W}']\n`,
      status: 'NOT_APPLICABLE',
      evidence: /does not target account 444444444444/,
    },
    {
      name: 'account targeted by its OU',
      account: W,
      change: (i) => (sh(i, W).hub = ok({ enabled: false })),
      blueprint: 'assurance:\n  securityHub:\n    targets:\n      ous: [Workloads]\n',
      status: 'FAIL',
      evidence: /"enabled":false/,
    },
    {
      name: 'hub unreadable',
      account: W,
      change: (i) => (sh(i, W).hub = denied('securityhub:DescribeHub')),
      status: 'ERROR',
      evidence: /DescribeHub/,
    },
    {
      name: 'slice not collected',
      account: W,
      change: (i) => delete i.region[W]![R]![SECURITY_HUB],
      status: 'ERROR',
      evidence: /not collected/,
    },
  ],
  'security-hub.standards-enabled': [
    { name: 'FSBP ready', account: W, status: 'PASS', evidence: /"fsbp":"READY"/ },
    {
      name: 'only CIS',
      account: W,
      change: (i) => (sh(i, W).standards = ok([{ arn: CIS30(R), status: 'READY' }])),
      status: 'FAIL',
      evidence: /fsbp \(not enabled\)/,
    },
    {
      name: 'FSBP failed',
      account: W,
      change: (i) => (sh(i, W).standards = ok([{ arn: FSBP(R), status: 'FAILED' }])),
      status: 'FAIL',
      evidence: /"fsbp":"FAILED"/,
    },
    {
      name: 'a second standard the blueprint asks for',
      account: W,
      blueprint: 'assurance:\n  securityHub:\n    standards: [fsbp, cis-3.0.0]\n',
      status: 'FAIL',
      evidence: /cis-3.0.0 \(not enabled\)/,
    },
    {
      name: 'both standards the blueprint asks for',
      account: W,
      change: (i) =>
        (sh(i, W).standards = ok([
          { arn: FSBP(R), status: 'READY' },
          { arn: CIS30(R), status: 'PENDING' },
        ])),
      blueprint: 'assurance:\n  securityHub:\n    standards: [fsbp, cis-3.0.0]\n',
      status: 'PASS',
      evidence: /"cis-3.0.0":"PENDING"/,
    },
    {
      name: 'hub off',
      account: W,
      change: (i) => (sh(i, W).hub = ok({ enabled: false })),
      status: 'NOT_APPLICABLE',
      evidence: /security-hub.enabled reports/,
    },
    {
      name: 'standards unreadable',
      account: W,
      change: (i) => (sh(i, W).standards = denied('securityhub:GetEnabledStandards')),
      status: 'ERROR',
      evidence: /GetEnabledStandards/,
    },
  ],
};

describe('Security Hub controls', () => {
  it('has a table for every control, each with PASS, FAIL, NOT_APPLICABLE and ERROR rows', () => {
    expect(Object.keys(TABLE).sort()).toEqual(SECURITY_HUB_CONTROLS.map((c) => c.id).sort());
    for (const [id, cases] of Object.entries(TABLE)) {
      const statuses = new Set(cases.map((c) => c.status));
      expect([...statuses].sort(), id).toEqual(['ERROR', 'FAIL', 'NOT_APPLICABLE', 'PASS']);
    }
  });

  it('cites sra-verify SRA-SECURITYHUB-01 to -11 and CIS 4.16', () => {
    expect(SECURITY_HUB_CONTROLS.flatMap((c) => c.refs.sraVerify ?? []).sort()).toEqual(
      Array.from({ length: 11 }, (_, i) => `SRA-SECURITYHUB-${String(i + 1).padStart(2, '0')}`),
    );
    expect(SECURITY_HUB_CONTROLS.flatMap((c) => c.refs.cis ?? [])).toEqual(['4.16']);
  });

  for (const [id, cases] of Object.entries(TABLE)) {
    describe(id, () => {
      for (const c of cases) it(`${c.status}: ${c.name}`, () => check(id, c));
    });
  }
});
