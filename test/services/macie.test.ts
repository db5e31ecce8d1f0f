/**
 * Macie module: collectors against sandbox scenarios (greenfield, the reference SRA, drift made with Macie's
 * own APIs, denied reads) and every control on pass, fail, not-applicable and error inputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Macie2Client,
  PutClassificationExportConfigurationCommand,
  PutFindingsPublicationConfigurationCommand,
  UpdateMacieSessionCommand,
} from '@aws-sdk/client-macie2';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import type { Datum, Inventory } from '../../src/observe/types.js';
import {
  allAccounts,
  drifted,
  greenfield,
  referenceNames,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import {
  MACIE,
  MACIE_ADMINS,
  MACIE_CONTROLS,
  macieAdminsCollector,
  macieCollector,
  macieModule,
  macieRoleHints,
  type MacieAdminsSlice,
  type MacieSlice,
} from '../../src/services/macie/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Finding, Outcome } from '../../src/verify/types.js';
import { collectScenarioWith, datumValue, evalControl, gaps, scenarioRoles } from '../verify/harness.js';

// ---------------------------------------------------------------------------------------------------------
// Scenario helpers

const collectScenario = (s: Scenario): Promise<Inventory> =>
  collectScenarioWith(s, { organization: [macieAdminsCollector], region: [macieCollector] });

const evaluateScenario = (s: Scenario, inv: Inventory): Finding[] =>
  evaluateControls(inv, MACIE_CONTROLS, scenarioRoles(s));

const sliceIn = (inv: Inventory, account: string, region: string) =>
  inv.region[account]![region]![MACIE] as MacieSlice;

// ---------------------------------------------------------------------------------------------------------
// Collectors against scenarios

describe('Macie collectors', () => {
  let reference: Scenario;
  let inv: Inventory;
  beforeAll(async () => {
    reference = await drifted();
    inv = await collectScenario(reference);
  });

  it('lists the security tooling account as delegated administrator of every governed Region', () => {
    const admins = inv.organization[MACIE_ADMINS] as MacieAdminsSlice;
    for (const region of reference.governedRegions) {
      expect(datumValue(admins.byRegion[region])).toEqual([
        { accountId: reference.securityToolingId, status: 'ENABLED' },
      ]);
    }
  });

  it('reads every account’s session, publication and results export (the reference deployment exports to the log archive)', () => {
    const bucket = referenceNames(reference).bucket;
    for (const account of allAccounts(reference)) {
      for (const region of reference.governedRegions) {
        const s = sliceIn(inv, account, region);
        expect(datumValue(s.session)).toEqual({ status: 'ENABLED' });
        expect(datumValue(s.publication)).toEqual({
          publishPolicyFindings: true,
          publishClassificationFindings: true,
        });
        expect(datumValue(s.export)).toMatchObject({
          bucketName: bucket,
          expectedBucketOwner: reference.logArchiveId,
          kmsKeyArn: expect.stringMatching(
            new RegExp(`^arn:aws:kms:${reference.homeRegion}:${reference.logArchiveId}:key/`),
          ),
        });
        expect(s.admin !== undefined).toBe(account === reference.securityToolingId);
      }
    }
  });

  it('reads the organization configuration, members and automated discovery in the administrator', () => {
    const others = allAccounts(reference).filter((a) => a !== reference.securityToolingId);
    for (const region of reference.governedRegions) {
      const admin = sliceIn(inv, reference.securityToolingId, region).admin!;
      expect(datumValue(admin.organizationConfiguration)).toEqual({
        autoEnable: true,
        maxAccountLimitReached: false,
      });
      expect(datumValue(admin.members)).toEqual(
        [...others].sort().map((accountId) => ({ accountId, relationshipStatus: 'Enabled' })),
      );
      expect(datumValue(admin.automatedDiscovery)).toEqual({
        status: 'ENABLED',
        autoEnableOrganizationMembers: 'ALL',
      });
    }
  });

  it('reports nothing but PASS on the drifted scenario (no planted drift is Macie’s)', () => {
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
    const declared = new Set([macieAdminsCollector, macieCollector].flatMap((c) => c.reads));
    const sent = [...ops.keys()].filter((op) => op.startsWith('macie2:'));
    expect(sent.filter((op) => !declared.has(op))).toEqual([]);
    const cells = allAccounts(s).length * s.governedRegions.length;
    expect(ops.get('macie2:GetMacieSession')).toBe(cells);
    expect(ops.get('macie2:GetClassificationExportConfiguration')).toBe(cells);
    expect(ops.get('macie2:ListMembers')).toBe(s.governedRegions.length);
    expect(ops.get('macie2:ListOrganizationAdminAccounts')).toBe(s.governedRegions.length);
  });

  it('records Macie not enabled as data, not as a failed read (greenfield)', async () => {
    const s = await greenfield();
    const g = await collectScenario(s);
    expect(sliceIn(g, s.workloadIds[0]!, s.homeRegion)).toEqual({
      session: { ok: true, value: { status: 'DISABLED' } },
    });
    expect(gaps(evaluateScenario(s, g))).toEqual(
      [
        ...s.governedRegions.map(
          (r) => `FAIL macie.delegated-admin-designated ${s.managementAccountId}/${r}`,
        ),
        ...allAccounts(s).flatMap((a) => s.governedRegions.map((r) => `FAIL macie.enabled ${a}/${r}`)),
      ].sort(),
    );
  });

  it('sees a suspended member, a narrowed publication and an export to a workload bucket', async () => {
    const s = await drifted();
    const [w1, w2] = [s.workloadIds[0]!, s.workloadIds[1]!];
    const region = s.homeRegion;
    await s.client(Macie2Client, w1, region).send(new UpdateMacieSessionCommand({ status: 'PAUSED' }));
    const m2 = s.client(Macie2Client, w2, region);
    await m2.send(
      new PutFindingsPublicationConfigurationCommand({
        securityHubConfiguration: { publishPolicyFindings: true, publishClassificationFindings: false },
      }),
    );
    await m2.send(
      new PutClassificationExportConfigurationCommand({
        configuration: {
          s3Destination: {
            bucketName: `results-${w2}`,
            expectedBucketOwner: w2,
            kmsKeyArn: `arn:aws:kms:${region}:${w2}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          },
        },
      }),
    );
    const d = await collectScenario(s);
    expect(datumValue(sliceIn(d, w1, region).session).status).toBe('PAUSED');
    expect(gaps(evaluateScenario(s, d))).toEqual(
      [
        `FAIL macie.enabled ${w1}/${region}`,
        `FAIL macie.members-enabled ${s.securityToolingId}/${region}`,
        `FAIL macie.publishes-classification-findings ${w2}/${region}`,
        `FAIL macie.results-exported-to-log-archive ${w2}/${region}`,
      ].sort(),
    );
  });

  it('turns a denied read into a DataError (not "Macie is off") and the controls that need it into ERROR', async () => {
    const s = await drifted();
    const w = s.workloadIds[0]!;
    s.sandbox.knobs = { deny: [{ action: 'macie2:GetMacieSession', account: w, region: s.homeRegion }] };
    const d = await collectScenario(s);
    const session = sliceIn(d, w, s.homeRegion).session;
    expect(session.ok ? undefined : session.error).toMatchObject({
      kind: 'access-denied',
      operation: 'macie2:GetMacieSession',
      account: w,
    });
    expect(gaps(evaluateScenario(s, d))).toEqual(
      [
        'macie.enabled',
        'macie.publishes-policy-findings',
        'macie.publishes-classification-findings',
        'macie.results-exported-to-log-archive',
        'macie.results-export-encrypted',
      ]
        .map((id) => `ERROR ${id} ${w}/${s.homeRegion}`)
        .sort(),
    );
  });

  it('names the administrator as the security tooling account, and is registered', () => {
    expect(macieRoleHints(inv)).toEqual([
      expect.objectContaining({ role: 'security-tooling', account: reference.securityToolingId }),
    ]);
    expect(SERVICE_MODULES).toContain(macieModule);
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
const KEY = `arn:aws:kms:${R}:${LOGS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

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
  inv.organization[MACIE_ADMINS] = { byRegion: { [R]: ok([{ accountId: AUDIT, status: 'ENABLED' }]) } };
  for (const account of [MGMT, AUDIT, LOGS, W]) {
    const slice: MacieSlice = {
      session: ok({ status: 'ENABLED' }),
      publication: ok({ publishPolicyFindings: true, publishClassificationFindings: true }),
      export: ok({
        bucketName: 'central-logs',
        expectedBucketOwner: LOGS,
        keyPrefix: `macie/${account}/`,
        kmsKeyArn: KEY,
      }),
      ...(account === AUDIT
        ? {
            admin: {
              organizationConfiguration: ok({ autoEnable: true, maxAccountLimitReached: false }),
              members: ok([MGMT, LOGS, W].map((accountId) => ({ accountId, relationshipStatus: 'Enabled' }))),
              automatedDiscovery: ok({ status: 'ENABLED', autoEnableOrganizationMembers: 'ALL' }),
            },
          }
        : {}),
    };
    (inv.region[account] ??= {})[R] = { [MACIE]: slice };
  }
  return inv;
}

const mac = (inv: Inventory, account: string) => inv.region[account]![R]![MACIE] as MacieSlice;
const admin = (inv: Inventory) => mac(inv, AUDIT).admin!;
const exportOf = (inv: Inventory, account = W) => datumValue(mac(inv, account).export)!;
const setAdmin = (inv: Inventory, account: string | undefined) =>
  ((inv.organization[MACIE_ADMINS] as MacieAdminsSlice).byRegion[R] = ok(
    account ? [{ accountId: account, status: 'ENABLED' }] : [],
  ));
const memberStatus = (inv: Inventory, account: string, status: string) =>
  (datumValue(admin(inv).members).find((m) => m.accountId === account)!.relationshipStatus = status);

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
  const c = MACIE_CONTROLS.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};

interface Case {
  name: string;
  account: string;
  change?: (inv: Inventory) => void;
  blueprint?: string;
  /** Role accounts to use instead of the defaults. */
  roleAccounts?: Partial<Record<AccountRoleId, string[]>>;
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
    roleAccounts: c.roleAccounts ?? ROLE_ACCOUNTS,
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

const OFF = 'dataProtection:\n  macie:\n    enabled: false\n';
const NO_EXPORT = 'dataProtection:\n  macie:\n    exportFindings: false\n';
const noSession = (i: Inventory) => (mac(i, W).session = ok({ status: 'DISABLED' }));
const adminDown = (i: Inventory) => (mac(i, AUDIT).session = ok({ status: 'DISABLED' }));

/** Rows shared by the administrator-side controls. */
function adminRows(read: string, breakIt: (i: Inventory) => void, evidence: RegExp): Case[] {
  return [
    {
      name: 'administrator has Macie off',
      account: AUDIT,
      change: adminDown,
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
      name: 'Macie off by blueprint',
      account: AUDIT,
      blueprint: OFF,
      status: 'NOT_APPLICABLE',
      evidence: /enabled: false/,
    },
    { name: `${read} unreadable`, account: AUDIT, change: breakIt, status: 'ERROR', evidence },
  ];
}

const TABLE: Record<string, Case[]> = {
  'macie.delegated-admin-designated': [
    { name: 'designated', account: MGMT, status: 'PASS', evidence: /administered by 222222222222/ },
    {
      name: 'none',
      account: MGMT,
      change: (i) => setAdmin(i, undefined),
      status: 'FAIL',
      evidence: /"administrator":"none"/,
    },
    {
      name: 'excluded Region',
      account: MGMT,
      blueprint: 'dataProtection:\n  macie:\n    targets:\n      excludeRegions: [us-east-1]\n',
      status: 'NOT_APPLICABLE',
      evidence: /excludeRegions/,
    },
    {
      name: 'list unreadable',
      account: MGMT,
      change: (i) =>
        ((i.organization[MACIE_ADMINS] as MacieAdminsSlice).byRegion[R] = denied(
          'macie2:ListOrganizationAdminAccounts',
          MGMT,
        )),
      status: 'ERROR',
      evidence: /ListOrganizationAdminAccounts/,
    },
  ],
  'macie.delegated-admin-is-security-tooling': [
    { name: 'security tooling', account: MGMT, status: 'PASS', evidence: /is the security tooling account/ },
    {
      name: 'management',
      account: MGMT,
      change: (i) => setAdmin(i, MGMT),
      status: 'FAIL',
      evidence: /management account 111111111111 administers/,
    },
    {
      name: 'no security tooling account known',
      account: MGMT,
      change: (i) => setAdmin(i, W),
      roleAccounts: { management: [MGMT], workload: [W] },
      status: 'NOT_APPLICABLE',
      evidence: /accounts.securityTooling/,
    },
    {
      name: 'list unreadable',
      account: MGMT,
      change: (i) =>
        ((i.organization[MACIE_ADMINS] as MacieAdminsSlice).byRegion[R] = denied(
          'macie2:ListOrganizationAdminAccounts',
          MGMT,
        )),
      status: 'ERROR',
      evidence: /not allowed/,
    },
  ],
  'macie.members-associated': [
    { name: 'all associated', account: AUDIT, status: 'PASS', evidence: /all 3 accounts/ },
    {
      name: 'a paused member is still associated',
      account: AUDIT,
      change: (i) => memberStatus(i, W, 'Paused'),
      status: 'PASS',
      evidence: /all 3 accounts/,
    },
    {
      name: 'a removed member',
      account: AUDIT,
      change: (i) => memberStatus(i, W, 'Removed'),
      status: 'FAIL',
      evidence: /"relationshipStatus":"Removed"/,
    },
    {
      name: 'a missing member',
      account: AUDIT,
      change: (i) =>
        (admin(i).members = ok(datumValue(admin(i).members).filter((m) => m.accountId !== LOGS))),
      status: 'FAIL',
      evidence: /333333333333/,
    },
    ...adminRows('members', (i) => (admin(i).members = denied('macie2:ListMembers', AUDIT)), /ListMembers/),
  ],
  'macie.members-enabled': [
    { name: 'all running', account: AUDIT, status: 'PASS', evidence: /all 3 member accounts/ },
    {
      name: 'a paused member',
      account: AUDIT,
      change: (i) => memberStatus(i, W, 'Paused'),
      status: 'FAIL',
      evidence: /suspended in 1 member/,
    },
    {
      name: 'a removed member is not this control’s gap',
      account: AUDIT,
      change: (i) => memberStatus(i, W, 'Removed'),
      status: 'PASS',
      evidence: /all 2 member accounts/,
    },
    ...adminRows('members', (i) => (admin(i).members = denied('macie2:ListMembers', AUDIT)), /ListMembers/),
  ],
  'macie.org-auto-enable': [
    { name: 'auto-enable on', account: AUDIT, status: 'PASS', evidence: /"autoEnable":true/ },
    {
      name: 'auto-enable off',
      account: AUDIT,
      change: (i) => (datumValue(admin(i).organizationConfiguration).autoEnable = false),
      status: 'FAIL',
      evidence: /"autoEnable":false/,
    },
    ...adminRows(
      'configuration',
      (i) => (admin(i).organizationConfiguration = denied('macie2:DescribeOrganizationConfiguration', AUDIT)),
      /DescribeOrganizationConfiguration/,
    ),
  ],
  'macie.member-limit-not-reached': [
    { name: 'room left', account: AUDIT, status: 'PASS', evidence: /"maxAccountLimitReached":false/ },
    {
      name: 'limit reached',
      account: AUDIT,
      change: (i) => (datumValue(admin(i).organizationConfiguration).maxAccountLimitReached = true),
      status: 'FAIL',
      evidence: /"maxAccountLimitReached":true/,
    },
    ...adminRows(
      'configuration',
      (i) => (admin(i).organizationConfiguration = denied('macie2:DescribeOrganizationConfiguration', AUDIT)),
      /DescribeOrganizationConfiguration/,
    ),
  ],
  'macie.automated-discovery-enabled': [
    { name: 'enabled', account: AUDIT, status: 'PASS', evidence: /"status":"ENABLED"/ },
    {
      name: 'disabled',
      account: AUDIT,
      change: (i) => (admin(i).automatedDiscovery = ok({ status: 'DISABLED' })),
      status: 'FAIL',
      evidence: /discovery is disabled/,
    },
    ...adminRows(
      'automated discovery',
      (i) => (admin(i).automatedDiscovery = denied('macie2:GetAutomatedDiscoveryConfiguration', AUDIT)),
      /GetAutomatedDiscoveryConfiguration/,
    ),
  ],
  'macie.enabled': [
    { name: 'enabled', account: W, status: 'PASS', evidence: /"status":"ENABLED"/ },
    { name: 'not enabled', account: W, change: noSession, status: 'FAIL', evidence: /is not enabled/ },
    {
      name: 'suspended',
      account: W,
      change: (i) => (mac(i, W).session = ok({ status: 'PAUSED' })),
      status: 'FAIL',
      evidence: /is suspended/,
    },
    {
      name: 'Macie off by blueprint',
      account: W,
      change: noSession,
      blueprint: OFF,
      status: 'NOT_APPLICABLE',
      evidence: /enabled: false/,
    },
    {
      name: 'session unreadable',
      account: W,
      change: (i) => (mac(i, W).session = denied('macie2:GetMacieSession')),
      status: 'ERROR',
      evidence: /GetMacieSession/,
    },
  ],
  'macie.publishes-policy-findings': [
    { name: 'published', account: W, status: 'PASS', evidence: /"publishPolicyFindings":true/ },
    {
      name: 'not published',
      account: W,
      change: (i) => (datumValue(mac(i, W).publication).publishPolicyFindings = false),
      status: 'FAIL',
      evidence: /"publishPolicyFindings":false/,
    },
    {
      name: 'Macie off',
      account: W,
      change: noSession,
      status: 'NOT_APPLICABLE',
      evidence: /macie.enabled reports/,
    },
    {
      name: 'publication unreadable',
      account: W,
      change: (i) => (mac(i, W).publication = denied('macie2:GetFindingsPublicationConfiguration')),
      status: 'ERROR',
      evidence: /GetFindingsPublicationConfiguration/,
    },
  ],
  'macie.publishes-classification-findings': [
    { name: 'published', account: W, status: 'PASS', evidence: /"publishClassificationFindings":true/ },
    {
      name: 'not published (Macie’s default)',
      account: W,
      change: (i) => (datumValue(mac(i, W).publication).publishClassificationFindings = false),
      status: 'FAIL',
      evidence: /"publishClassificationFindings":false/,
    },
    {
      name: 'account left out by blueprint',
      account: W,
      blueprint: `dataProtection:\n  macie:\n    targets:\n      excludeAccounts: ['${W}']\n`,
      status: 'NOT_APPLICABLE',
      evidence: /does not target account/,
    },
    {
      name: 'publication unreadable',
      account: W,
      change: (i) => (mac(i, W).publication = denied('macie2:GetFindingsPublicationConfiguration')),
      status: 'ERROR',
      evidence: /not allowed/,
    },
  ],
  'macie.results-exported-to-log-archive': [
    {
      name: 'owner stated and is the log archive',
      account: W,
      status: 'PASS',
      evidence: /"evidence":"expectedBucketOwner"/,
    },
    {
      name: 'owner inferred from the bucket name',
      account: W,
      change: (i) => {
        delete exportOf(i).expectedBucketOwner;
        exportOf(i).bucketName = `logs-${LOGS}-us-east-1`;
      },
      status: 'PASS',
      evidence: /"evidence":"the bucket name"/,
    },
    {
      name: 'owner inferred from the key account',
      account: W,
      change: (i) => delete exportOf(i).expectedBucketOwner,
      status: 'PASS',
      evidence: /"evidence":"the KMS key account"/,
    },
    {
      name: 'a workload bucket',
      account: W,
      change: (i) => (exportOf(i).expectedBucketOwner = W),
      status: 'FAIL',
      evidence: /owned by 444444444444, not the log archive/,
    },
    {
      name: 'nothing shows where the bucket is',
      account: W,
      change: (i) => {
        delete exportOf(i).expectedBucketOwner;
        exportOf(i).kmsKeyArn = `arn:aws:kms:${R}:${W}:key/x`;
      },
      status: 'FAIL',
      evidence: /"bucketOwner":"unknown"/,
    },
    {
      name: 'no repository',
      account: W,
      change: (i) => (mac(i, W).export = ok(null)),
      status: 'FAIL',
      evidence: /"repository":"none"/,
    },
    {
      name: 'export off by blueprint',
      account: W,
      change: (i) => (mac(i, W).export = ok(null)),
      blueprint: NO_EXPORT,
      status: 'NOT_APPLICABLE',
      evidence: /exportFindings: false/,
    },
    {
      name: 'Macie off',
      account: W,
      change: noSession,
      status: 'NOT_APPLICABLE',
      evidence: /macie.enabled reports/,
    },
    {
      name: 'no log archive account known',
      account: W,
      roleAccounts: { management: [MGMT], 'security-tooling': [AUDIT], workload: [W] },
      status: 'NOT_APPLICABLE',
      evidence: /accounts.logArchive/,
    },
    {
      name: 'export unreadable',
      account: W,
      change: (i) => (mac(i, W).export = denied('macie2:GetClassificationExportConfiguration')),
      status: 'ERROR',
      evidence: /GetClassificationExportConfiguration/,
    },
  ],
  'macie.results-export-encrypted': [
    { name: 'KMS key', account: W, status: 'PASS', evidence: /"kmsKeyArn":"arn:aws:kms:/ },
    {
      name: 'no key',
      account: W,
      change: (i) => delete exportOf(i).kmsKeyArn,
      status: 'FAIL',
      evidence: /"kmsKeyArn":"none"/,
    },
    {
      name: 'not a KMS ARN',
      account: W,
      change: (i) => (exportOf(i).kmsKeyArn = 'my-key'),
      status: 'FAIL',
      evidence: /"kmsKeyArn":"my-key"/,
    },
    {
      name: 'no repository',
      account: W,
      change: (i) => (mac(i, W).export = ok(null)),
      status: 'NOT_APPLICABLE',
      evidence: /results-exported-to-log-archive reports/,
    },
    {
      name: 'export off by blueprint',
      account: W,
      blueprint: NO_EXPORT,
      status: 'NOT_APPLICABLE',
      evidence: /exportFindings: false/,
    },
    {
      name: 'export unreadable',
      account: W,
      change: (i) => (mac(i, W).export = denied('macie2:GetClassificationExportConfiguration')),
      status: 'ERROR',
      evidence: /GetClassificationExportConfiguration/,
    },
  ],
};

describe('Macie controls', () => {
  it('has a table for every control, each with PASS, FAIL, NOT_APPLICABLE and ERROR rows', () => {
    expect(Object.keys(TABLE).sort()).toEqual(MACIE_CONTROLS.map((c) => c.id).sort());
    for (const [id, cases] of Object.entries(TABLE)) {
      expect([...new Set(cases.map((c) => c.status))].sort(), id).toEqual([
        'ERROR',
        'FAIL',
        'NOT_APPLICABLE',
        'PASS',
      ]);
    }
  });

  it('cites FSBP Macie.1 and .2 and sra-verify SRA-MACIE-01 to -10', () => {
    expect(MACIE_CONTROLS.flatMap((c) => c.refs.fsbp ?? []).sort()).toEqual(['Macie.1', 'Macie.2']);
    expect(MACIE_CONTROLS.flatMap((c) => c.refs.sraVerify ?? []).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `SRA-MACIE-${String(i + 1).padStart(2, '0')}`),
    );
  });

  for (const [id, cases] of Object.entries(TABLE)) {
    describe(id, () => {
      for (const c of cases) it(`${c.status}: ${c.name}`, () => check(id, c));
    });
  }
});
