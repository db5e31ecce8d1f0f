/**
 * Inspector module: collectors against sandbox scenarios (greenfield, the reference SRA, drift made with
 * Inspector's own APIs, denied reads) and every control on pass, fail, not-applicable and error inputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DisableCommand,
  Inspector2Client,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-inspector2';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import type { Datum, Inventory } from '../../src/observe/types.js';
import { allAccounts, drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import {
  INSPECTOR,
  INSPECTOR_ADMINS,
  INSPECTOR_CONTROLS,
  inspectorAdminsCollector,
  inspectorCollector,
  inspectorModule,
  inspectorRoleHints,
  type InspectorAdminsSlice,
  type InspectorSlice,
} from '../../src/services/inspector/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Finding, Outcome } from '../../src/verify/types.js';
import { collectScenarioWith, datumValue, evalControl, gaps, scenarioRoles } from '../verify/harness.js';

// ---------------------------------------------------------------------------------------------------------
// Scenario helpers

const collectScenario = (s: Scenario): Promise<Inventory> =>
  collectScenarioWith(s, { organization: [inspectorAdminsCollector], region: [inspectorCollector] });

const evaluateScenario = (s: Scenario, inv: Inventory): Finding[] =>
  evaluateControls(inv, INSPECTOR_CONTROLS, scenarioRoles(s));

const sliceIn = (inv: Inventory, account: string, region: string) =>
  inv.region[account]![region]![INSPECTOR] as InspectorSlice;

// ---------------------------------------------------------------------------------------------------------
// Collectors against scenarios

describe('Inspector collectors', () => {
  let reference: Scenario;
  let inv: Inventory;
  beforeAll(async () => {
    reference = await drifted();
    inv = await collectScenario(reference);
  });

  it('lists the security tooling account as delegated administrator of every governed Region', () => {
    const admins = inv.organization[INSPECTOR_ADMINS] as InspectorAdminsSlice;
    for (const region of reference.governedRegions) {
      expect(datumValue(admins.byRegion[region])).toEqual([
        { accountId: reference.securityToolingId, status: 'ENABLED' },
      ]);
    }
  });

  it('reads each account’s scan status, and administrator data only in the administrator', () => {
    for (const account of allAccounts(reference)) {
      for (const region of reference.governedRegions) {
        const s = sliceIn(inv, account, region);
        expect(datumValue(s.status)).toEqual({
          status: 'ENABLED',
          scans: {
            ec2: 'ENABLED',
            ecr: 'ENABLED',
            lambda: 'ENABLED',
            lambdaCode: 'ENABLED',
            codeRepository: 'DISABLED',
          },
        });
        expect(s.admin !== undefined).toBe(account === reference.securityToolingId);
      }
    }
  });

  it('reads the organization configuration and the members in the administrator', () => {
    const others = allAccounts(reference).filter((a) => a !== reference.securityToolingId);
    for (const region of reference.governedRegions) {
      const admin = sliceIn(inv, reference.securityToolingId, region).admin!;
      expect(datumValue(admin.organizationConfiguration)).toEqual({
        autoEnable: { ec2: true, ecr: true, lambda: true, lambdaCode: true, codeRepository: false },
        maxAccountLimitReached: false,
      });
      expect(datumValue(admin.members)).toEqual(
        [...others].sort().map((accountId) => ({ accountId, relationshipStatus: 'ENABLED' })),
      );
    }
  });

  it('reports nothing but PASS or NOT_APPLICABLE on the drifted scenario (no planted drift is Inspector’s)', () => {
    const findings = evaluateScenario(reference, inv);
    expect(gaps(findings)).toEqual([]);
    expect(findings.every((f) => f.status === 'PASS')).toBe(true);
  });

  it('reads each datum once per account and Region', async () => {
    const s = await drifted();
    s.sandbox.resetStats();
    await collectScenario(s);
    const ops = s.sandbox.stats().byOperation;
    // Every operation the collectors sent is one they declare (the IAM policy of verify is built from them).
    const declared = new Set([inspectorAdminsCollector, inspectorCollector].flatMap((c) => c.reads));
    const sent = [...ops.keys()].filter((op) => op.startsWith('inspector2:'));
    expect(sent.filter((op) => !declared.has(op))).toEqual([]);
    expect(ops.get('inspector2:BatchGetAccountStatus')).toBe(
      allAccounts(s).length * s.governedRegions.length,
    );
    expect(ops.get('inspector2:DescribeOrganizationConfiguration')).toBe(s.governedRegions.length);
    expect(ops.get('inspector2:ListDelegatedAdminAccounts')).toBe(s.governedRegions.length);
  });

  it('reads a greenfield organization as Inspector off everywhere', async () => {
    const s = await greenfield();
    const g = await collectScenario(s);
    expect(datumValue(sliceIn(g, s.workloadIds[0]!, s.homeRegion).status).status).toBe('DISABLED');
    expect(gaps(evaluateScenario(s, g))).toEqual(
      [
        ...s.governedRegions.map(
          (r) => `FAIL inspector.delegated-admin-designated ${s.managementAccountId}/${r}`,
        ),
        ...allAccounts(s).flatMap((a) => s.governedRegions.map((r) => `FAIL inspector.enabled ${a}/${r}`)),
      ].sort(),
    );
  });

  it('sees a scan type switched off for a member and an auto-enable setting lowered', async () => {
    const s = await drifted();
    const w = s.workloadIds[1]!;
    const region = s.governedRegions[1]!;
    const admin = s.client(Inspector2Client, s.securityToolingId, region);
    await admin.send(new DisableCommand({ accountIds: [w], resourceTypes: ['EC2'] }));
    await admin.send(
      new UpdateOrganizationConfigurationCommand({
        autoEnable: { ec2: true, ecr: false, lambda: true, lambdaCode: true },
      }),
    );
    const d = await collectScenario(s);
    expect(datumValue(sliceIn(d, w, region).status).scans.ec2).toBe('DISABLED');
    expect(gaps(evaluateScenario(s, d))).toEqual([
      `FAIL inspector.auto-enable-ecr ${s.securityToolingId}/${region}`,
      `FAIL inspector.ec2-scanning ${w}/${region}`,
    ]);
  });

  it('turns a denied read into a DataError and the controls that need it into ERROR', async () => {
    const s = await drifted();
    const w = s.workloadIds[0]!;
    s.sandbox.knobs = {
      deny: [{ action: 'inspector2:BatchGetAccountStatus', account: w, region: s.homeRegion }],
    };
    const d = await collectScenario(s);
    const status = sliceIn(d, w, s.homeRegion).status;
    expect(status.ok ? undefined : status.error).toMatchObject({
      kind: 'access-denied',
      operation: 'inspector2:BatchGetAccountStatus',
      account: w,
      region: s.homeRegion,
    });
    const findings = evaluateScenario(s, d);
    expect(gaps(findings)).toEqual(
      [
        'inspector.enabled',
        'inspector.ec2-scanning',
        'inspector.ecr-scanning',
        'inspector.lambda-scanning',
        'inspector.lambda-code-scanning',
      ]
        .map((id) => `ERROR ${id} ${w}/${s.homeRegion}`)
        .sort(),
    );
  });

  it('names the administrator as the security tooling account, and is registered', () => {
    expect(inspectorRoleHints(inv)).toEqual([
      expect.objectContaining({ role: 'security-tooling', account: reference.securityToolingId }),
    ]);
    expect(SERVICE_MODULES).toContain(inspectorModule);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Hand-built inventory: the SRA in one Region

const MGMT = '111111111111';
const AUDIT = '222222222222';
const LOGS = '333333333333';
const W = '444444444444';
const R = 'us-east-1';
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

function sraInventory(): Inventory {
  const inv = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: R,
    governedRegions: [R],
    accounts: [
      { id: MGMT, name: 'Management', status: 'ACTIVE', ouPath: [] },
      { id: AUDIT, name: 'Security Tooling', status: 'ACTIVE', ouPath: ['Security'] },
      { id: LOGS, name: 'Log Archive', status: 'ACTIVE', ouPath: ['Security'] },
      { id: W, name: 'workload', status: 'ACTIVE', ouPath: ['Workloads'] },
    ],
  });
  inv.organization[INSPECTOR_ADMINS] = { byRegion: { [R]: ok([{ accountId: AUDIT, status: 'ENABLED' }]) } };
  for (const account of [MGMT, AUDIT, LOGS, W]) {
    const slice: InspectorSlice = {
      status: ok({
        status: 'ENABLED',
        scans: { ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED', lambdaCode: 'ENABLED' },
      }),
      ...(account === AUDIT
        ? {
            admin: {
              organizationConfiguration: ok({
                autoEnable: { ec2: true, ecr: true, lambda: true, lambdaCode: true, codeRepository: false },
                maxAccountLimitReached: false,
              }),
              members: ok([MGMT, LOGS, W].map((accountId) => ({ accountId, relationshipStatus: 'ENABLED' }))),
            },
          }
        : {}),
    };
    (inv.region[account] ??= {})[R] = { [INSPECTOR]: slice };
  }
  return inv;
}

const insp = (inv: Inventory, account: string) => inv.region[account]![R]![INSPECTOR] as InspectorSlice;
const status = (inv: Inventory, account: string) => datumValue(insp(inv, account).status);
const admin = (inv: Inventory) => insp(inv, AUDIT).admin!;
const orgCfg = (inv: Inventory) => datumValue(admin(inv).organizationConfiguration);
const setAdmin = (inv: Inventory, account: string | undefined) =>
  ((inv.organization[INSPECTOR_ADMINS] as InspectorAdminsSlice).byRegion[R] = ok(
    account ? [{ accountId: account, status: 'ENABLED' }] : [],
  ));

function blueprint(extra = ''): Blueprint {
  const text =
    `organization:\n  managementAccount: '${MGMT}'\n  homeRegion: ${R}\n  governedRegions: [${R}, eu-west-1]\n` +
    `  organizationalUnits:\n    - { name: Security, accounts: ['${AUDIT}', '${LOGS}'] }\n    - { name: Workloads }\n` +
    `accounts:\n  securityTooling: '${AUDIT}'\n  logArchive: '${LOGS}'\n` +
    `  workloads:\n    - { id: '${W}', name: workload, ou: Workloads }\n${extra}`;
  const parsed = parseBlueprint(text);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.blueprint!;
}

const control = (id: string): Control => {
  const c = INSPECTOR_CONTROLS.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};

interface Case {
  name: string;
  account: string;
  change?: (inv: Inventory) => void;
  blueprint?: string;
  status: Outcome['status'];
  evidence: RegExp;
}

function check(id: string, c: Case): void {
  const inv = sraInventory();
  c.change?.(inv);
  const out = evalControl(control(id), {
    inventory: inv,
    account: inv.accounts.find((a) => a.id === c.account)!,
    region: R,
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
  if (o.status === 'ERROR' && o.error) expect(o.error.kind).toBe('access-denied');
}

const OFF = 'vulnerabilityManagement:\n  inspector:\n    enabled: false\n';

/** Scan types other than `type` (without Lambda code when leaving Lambda out: code scanning needs it). */
function otherScanTypes(type: string): string[] {
  return ['ec2', 'ecr', 'lambda', 'lambda-code'].filter(
    (t) => t !== type && !(type === 'lambda' && t === 'lambda-code'),
  );
}

/** The per-account scan-type controls share their rows. */
function scanRows(key: 'ec2' | 'ecr' | 'lambda' | 'lambdaCode', type: string): Case[] {
  const others = otherScanTypes(type);
  return [
    { name: 'enabled', account: W, status: 'PASS', evidence: new RegExp(`"${key}":"ENABLED"`) },
    {
      name: 'being enabled',
      account: W,
      change: (i) => (status(i, W).scans[key] = 'ENABLING'),
      status: 'PASS',
      evidence: /enabling/,
    },
    {
      name: 'disabled',
      account: W,
      change: (i) => (status(i, W).scans[key] = 'DISABLED'),
      status: 'FAIL',
      evidence: new RegExp(`"${key}":"DISABLED"`),
    },
    {
      name: 'never reported',
      account: W,
      change: (i) => delete status(i, W).scans[key],
      status: 'FAIL',
      evidence: /disabled in us-east-1/,
    },
    {
      name: 'Inspector off in the account',
      account: W,
      change: (i) => (status(i, W).status = 'DISABLED'),
      status: 'NOT_APPLICABLE',
      evidence: /inspector.enabled reports/,
    },
    {
      name: 'scan type left out by the blueprint',
      account: W,
      change: (i) => (status(i, W).scans[key] = 'DISABLED'),
      blueprint: `vulnerabilityManagement:\n  inspector:\n    scanTypes: [${others.join(', ')}]\n`,
      status: 'NOT_APPLICABLE',
      evidence: /scanTypes/,
    },
    {
      name: 'status unreadable',
      account: W,
      change: (i) => (insp(i, W).status = denied('inspector2:BatchGetAccountStatus')),
      status: 'ERROR',
      evidence: /BatchGetAccountStatus/,
    },
  ];
}

/** The auto-enable controls share their rows. */
function autoEnableRows(key: 'ec2' | 'ecr' | 'lambda' | 'lambdaCode', type: string): Case[] {
  const others = otherScanTypes(type);
  return [
    { name: 'auto-enabled', account: AUDIT, status: 'PASS', evidence: new RegExp(`"${key}":true`) },
    {
      name: 'not auto-enabled',
      account: AUDIT,
      change: (i) => (orgCfg(i).autoEnable[key] = false),
      status: 'FAIL',
      evidence: new RegExp(`"${key}":false`),
    },
    {
      name: 'administrator has Inspector off',
      account: AUDIT,
      change: (i) => (status(i, AUDIT).status = 'DISABLED'),
      status: 'FAIL',
      evidence: /not enabled in its administrator/,
    },
    {
      name: 'no administrator',
      account: AUDIT,
      change: (i) => setAdmin(i, undefined),
      status: 'NOT_APPLICABLE',
      evidence: /no delegated administrator/,
    },
    {
      name: 'scan type left out by the blueprint',
      account: AUDIT,
      change: (i) => (orgCfg(i).autoEnable[key] = false),
      blueprint: `vulnerabilityManagement:\n  inspector:\n    scanTypes: [${others.join(', ')}]\n`,
      status: 'NOT_APPLICABLE',
      evidence: /scanTypes/,
    },
    {
      name: 'configuration unreadable',
      account: AUDIT,
      change: (i) =>
        (admin(i).organizationConfiguration = denied('inspector2:DescribeOrganizationConfiguration', AUDIT)),
      status: 'ERROR',
      evidence: /DescribeOrganizationConfiguration/,
    },
  ];
}

const TABLE: Record<string, Case[]> = {
  'inspector.delegated-admin-designated': [
    { name: 'designated', account: MGMT, status: 'PASS', evidence: /administered by 222222222222/ },
    {
      name: 'none',
      account: MGMT,
      change: (i) => setAdmin(i, undefined),
      status: 'FAIL',
      evidence: /"administrator":"none"/,
    },
    {
      name: 'Inspector off by blueprint',
      account: MGMT,
      blueprint: OFF,
      status: 'NOT_APPLICABLE',
      evidence: /enabled: false/,
    },
    {
      name: 'list unreadable',
      account: MGMT,
      change: (i) =>
        ((i.organization[INSPECTOR_ADMINS] as InspectorAdminsSlice).byRegion[R] = denied(
          'inspector2:ListDelegatedAdminAccounts',
          MGMT,
        )),
      status: 'ERROR',
      evidence: /ListDelegatedAdminAccounts/,
    },
  ],
  'inspector.delegated-admin-is-security-tooling': [
    { name: 'security tooling', account: MGMT, status: 'PASS', evidence: /is the security tooling account/ },
    {
      name: 'a workload',
      account: MGMT,
      change: (i) => setAdmin(i, W),
      status: 'FAIL',
      evidence: /444444444444, not the security tooling account/,
    },
    {
      name: 'no administrator',
      account: MGMT,
      change: (i) => setAdmin(i, undefined),
      status: 'NOT_APPLICABLE',
      evidence: /reports the gap/,
    },
    {
      name: 'list unreadable',
      account: MGMT,
      change: (i) =>
        ((i.organization[INSPECTOR_ADMINS] as InspectorAdminsSlice).byRegion[R] = denied(
          'inspector2:ListDelegatedAdminAccounts',
          MGMT,
        )),
      status: 'ERROR',
      evidence: /not allowed/,
    },
  ],
  'inspector.members-cover-organization': [
    { name: 'all associated', account: AUDIT, status: 'PASS', evidence: /all 3 accounts/ },
    {
      name: 'a workload only created',
      account: AUDIT,
      change: (i) =>
        (datumValue(admin(i).members).find((m) => m.accountId === W)!.relationshipStatus = 'CREATED'),
      status: 'FAIL',
      evidence: /"relationshipStatus":"CREATED"/,
    },
    {
      name: 'a workload missing',
      account: AUDIT,
      change: (i) => (admin(i).members = ok(datumValue(admin(i).members).filter((m) => m.accountId !== W))),
      status: 'FAIL',
      evidence: /not a member/,
    },
    {
      name: 'the blueprint targets only the Security OU',
      account: AUDIT,
      change: (i) => (admin(i).members = ok(datumValue(admin(i).members).filter((m) => m.accountId !== W))),
      blueprint: 'vulnerabilityManagement:\n  inspector:\n    targets:\n      ous: [Security]\n',
      status: 'PASS',
      evidence: /all 1 accounts/,
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
      change: (i) => (admin(i).members = denied('inspector2:ListMembers', AUDIT)),
      status: 'ERROR',
      evidence: /ListMembers/,
    },
  ],
  'inspector.member-limit-not-reached': [
    { name: 'room left', account: AUDIT, status: 'PASS', evidence: /"maxAccountLimitReached":false/ },
    {
      name: 'limit reached',
      account: AUDIT,
      change: (i) => (orgCfg(i).maxAccountLimitReached = true),
      status: 'FAIL',
      evidence: /"maxAccountLimitReached":true/,
    },
    {
      name: 'Inspector off by blueprint',
      account: AUDIT,
      blueprint: OFF,
      status: 'NOT_APPLICABLE',
      evidence: /enabled: false/,
    },
    {
      name: 'configuration unreadable',
      account: AUDIT,
      change: (i) =>
        (admin(i).organizationConfiguration = denied('inspector2:DescribeOrganizationConfiguration', AUDIT)),
      status: 'ERROR',
      evidence: /DescribeOrganizationConfiguration/,
    },
  ],
  'inspector.auto-enable-ec2': autoEnableRows('ec2', 'ec2'),
  'inspector.auto-enable-ecr': autoEnableRows('ecr', 'ecr'),
  'inspector.auto-enable-lambda': autoEnableRows('lambda', 'lambda'),
  'inspector.auto-enable-lambda-code': autoEnableRows('lambdaCode', 'lambda-code'),
  'inspector.enabled': [
    { name: 'enabled', account: W, status: 'PASS', evidence: /"status":"ENABLED"/ },
    {
      name: 'disabled',
      account: W,
      change: (i) => (status(i, W).status = 'DISABLED'),
      status: 'FAIL',
      evidence: /"status":"DISABLED"/,
    },
    {
      name: 'suspended',
      account: W,
      change: (i) => (status(i, W).status = 'SUSPENDED'),
      status: 'FAIL',
      evidence: /suspended/,
    },
    {
      name: 'account excluded by the blueprint',
      account: W,
      blueprint: `vulnerabilityManagement:\n  inspector:\n    targets:\n      excludeAccounts: ['${W}']\n`,
      status: 'NOT_APPLICABLE',
      evidence: /does not target account/,
    },
    {
      name: 'status unreadable',
      account: W,
      change: (i) => (insp(i, W).status = denied('inspector2:BatchGetAccountStatus')),
      status: 'ERROR',
      evidence: /BatchGetAccountStatus/,
    },
  ],
  'inspector.ec2-scanning': scanRows('ec2', 'ec2'),
  'inspector.ecr-scanning': scanRows('ecr', 'ecr'),
  'inspector.lambda-scanning': scanRows('lambda', 'lambda'),
  'inspector.lambda-code-scanning': scanRows('lambdaCode', 'lambda-code'),
};

describe('Inspector controls', () => {
  it('has a table for every control, each with PASS, FAIL, NOT_APPLICABLE and ERROR rows', () => {
    expect(Object.keys(TABLE).sort()).toEqual(INSPECTOR_CONTROLS.map((c) => c.id).sort());
    for (const [id, cases] of Object.entries(TABLE)) {
      expect([...new Set(cases.map((c) => c.status))].sort(), id).toEqual([
        'ERROR',
        'FAIL',
        'NOT_APPLICABLE',
        'PASS',
      ]);
    }
  });

  it('cites FSBP Inspector.1–.4 and sra-verify SRA-INSPECTOR-01 to -11', () => {
    const fsbp = INSPECTOR_CONTROLS.flatMap((c) => c.refs.fsbp ?? []).sort();
    expect(fsbp).toEqual(['Inspector.1', 'Inspector.2', 'Inspector.3', 'Inspector.4']);
    const sra = INSPECTOR_CONTROLS.flatMap((c) => c.refs.sraVerify ?? []).sort();
    expect(sra).toEqual(
      Array.from({ length: 11 }, (_, i) => `SRA-INSPECTOR-${String(i + 1).padStart(2, '0')}`),
    );
  });

  for (const [id, cases] of Object.entries(TABLE)) {
    describe(id, () => {
      for (const c of cases) it(`${c.status}: ${c.name}`, () => check(id, c));
    });
  }
});
