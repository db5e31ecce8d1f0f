/**
 * GuardDuty module: collectors against sandbox scenarios (greenfield, the reference SRA, drifted,
 * denied reads) and every control on pass, fail, not-applicable and error inputs.
 */
import { describe, expect, it } from 'vitest';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import { createCollectContext } from '../../src/observe/context.js';
import type { AccountInfo, Collector, DataError, Datum, Inventory } from '../../src/observe/types.js';
import {
  allAccounts,
  deployReferenceSra,
  drifted,
  generated,
  greenfield,
  halfDeployed,
  referenceNames,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import {
  GUARDDUTY,
  GUARDDUTY_ADMINS,
  GUARDDUTY_CONTROLS,
  guardDutyAdminsCollector,
  guardDutyCollector,
  guardDutyRoleHints,
  guarddutyModule,
  type GuardDutyAdminsSlice,
  type GuardDutyDetectorInfo,
  type GuardDutySlice,
} from '../../src/services/guardduty/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Finding, Outcome } from '../../src/verify/types.js';
import { accessFor, collectIn, evalControl, scenarioAccounts } from '../verify/harness.js';

// ---------------------------------------------------------------------------------------------------------
// Scenario helpers

/** Collects both GuardDuty slices for every account and governed Region of a scenario. */
async function collectScenario(s: Scenario): Promise<Inventory> {
  const inv = emptyInventory({
    managementAccountId: s.managementAccountId,
    homeRegion: s.homeRegion,
    governedRegions: s.governedRegions,
    accounts: scenarioAccounts(s),
  });
  inv.organizationId = s.organizationId;
  inv.organization[GUARDDUTY_ADMINS] = await collectIn(s, guardDutyAdminsCollector, s.managementAccountId);
  const access = accessFor(s);
  for (const account of allAccounts(s)) {
    for (const region of s.governedRegions) {
      const slice = await collectIn(s, guardDutyCollector, account, region, inv.organization, access);
      ((inv.region[account] ??= {})[region] ??= {})[GUARDDUTY] = slice;
    }
  }
  return inv;
}

function scenarioRoles(s: Scenario) {
  const special: Record<string, AccountRoleId> = {
    [s.managementAccountId]: 'management',
    [s.securityToolingId]: 'security-tooling',
    [s.logArchiveId]: 'log-archive',
    [s.networkId]: 'network',
    [s.sharedServicesId]: 'shared-services',
  };
  const rolesOf = (a: string): AccountRoleId[] => [special[a] ?? 'workload'];
  const roleAccounts: Partial<Record<AccountRoleId, string[]>> = {};
  for (const a of allAccounts(s)) (roleAccounts[rolesOf(a)[0]!] ??= []).push(a);
  return { rolesOf, roleAccounts };
}

function evaluateScenario(s: Scenario, inv: Inventory): Finding[] {
  return evaluateControls(inv, GUARDDUTY_CONTROLS, scenarioRoles(s));
}

const regionSlice = (inv: Inventory, account: string, region: string) =>
  inv.region[account]![region]![GUARDDUTY] as GuardDutySlice;

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

const ok = <T>(value: T): Datum<T> => ({ ok: true, value });
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

function sraDetector(account: string): GuardDutyDetectorInfo {
  const on = { status: 'ENABLED' };
  return {
    id: `d${account}`,
    status: 'ENABLED',
    findingPublishingFrequency: 'FIFTEEN_MINUTES',
    features: {
      CLOUD_TRAIL: { ...on },
      DNS_LOGS: { ...on },
      FLOW_LOGS: { ...on },
      S3_DATA_EVENTS: { ...on },
      EKS_AUDIT_LOGS: { ...on },
      EBS_MALWARE_PROTECTION: { ...on },
      RDS_LOGIN_EVENTS: { ...on },
      LAMBDA_NETWORK_LOGS: { ...on },
      EKS_RUNTIME_MONITORING: { status: 'DISABLED', additional: { EKS_ADDON_MANAGEMENT: 'DISABLED' } },
      RUNTIME_MONITORING: {
        status: 'ENABLED',
        additional: {
          EKS_ADDON_MANAGEMENT: 'ENABLED',
          ECS_FARGATE_AGENT_MANAGEMENT: 'ENABLED',
          EC2_AGENT_MANAGEMENT: 'ENABLED',
        },
      },
    },
  };
}

function fixture(): Inventory {
  const accounts: AccountInfo[] = [MGMT, AUDIT, LOGS, W].map((id) => ({
    id,
    name: ROLE[id]!,
    status: 'ACTIVE',
    ouPath: id === W ? ['Workloads'] : id === MGMT ? [] : ['Security'],
  }));
  const inv = emptyInventory({ managementAccountId: MGMT, homeRegion: R, governedRegions: [R], accounts });
  inv.organization[GUARDDUTY_ADMINS] = {
    byRegion: { [R]: ok([{ accountId: AUDIT, status: 'ENABLED' }]) },
  } satisfies GuardDutyAdminsSlice;
  for (const id of [MGMT, AUDIT, LOGS, W]) {
    const slice: GuardDutySlice = {
      detector: ok(sraDetector(id)),
      administrator: ok(id === AUDIT ? null : { accountId: AUDIT, relationshipStatus: 'Enabled' }),
    };
    if (id === AUDIT) {
      const all = { status: 'ALL' };
      slice.admin = {
        organizationConfiguration: ok({
          autoEnableOrganizationMembers: 'ALL',
          memberAccountLimitReached: false,
          features: {
            S3_DATA_EVENTS: { ...all },
            EKS_AUDIT_LOGS: { ...all },
            EBS_MALWARE_PROTECTION: { ...all },
            RDS_LOGIN_EVENTS: { ...all },
            LAMBDA_NETWORK_LOGS: { ...all },
            EKS_RUNTIME_MONITORING: { status: 'NONE', additional: { EKS_ADDON_MANAGEMENT: 'NONE' } },
            RUNTIME_MONITORING: {
              status: 'ALL',
              additional: {
                EKS_ADDON_MANAGEMENT: 'ALL',
                ECS_FARGATE_AGENT_MANAGEMENT: 'ALL',
                EC2_AGENT_MANAGEMENT: 'ALL',
              },
            },
          },
        }),
        members: ok([MGMT, LOGS, W].map((accountId) => ({ accountId, relationshipStatus: 'Enabled' }))),
        publishingDestinations: ok([
          {
            id: 'dest1',
            type: 'S3',
            status: 'PUBLISHING',
            destinationArn: 'arn:aws:s3:::central-logs',
            kmsKeyArn: `arn:aws:kms:${R}:${LOGS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          },
        ]),
      };
    }
    inv.region[id] = { [R]: { [GUARDDUTY]: slice } };
  }
  return inv;
}

const gd = (inv: Inventory, account: string) => inv.region[account]![R]![GUARDDUTY] as GuardDutySlice;
/** The value of a datum that must have been read. */
function must<T>(d: Datum<T> | undefined): T {
  if (!d?.ok) throw new Error('expected a datum that was read');
  return d.value;
}
const detector = (inv: Inventory, account: string) => must(gd(inv, account).detector)!;
const orgConfig = (inv: Inventory) => must(gd(inv, AUDIT).admin!.organizationConfiguration);
const admins = (inv: Inventory) => inv.organization[GUARDDUTY_ADMINS] as GuardDutyAdminsSlice;

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

function run(control: Control, inv: Inventory, account: string, bp?: Blueprint): Outcome[] {
  return evalControl(control, {
    inventory: inv,
    account: inv.accounts.find((a) => a.id === account)!,
    region: R,
    roles: [ROLE[account]!],
    roleAccounts: ROLE_ACCOUNTS,
    ...(bp ? { blueprint: bp } : {}),
  });
}

function one(control: Control, inv: Inventory, account: string, bp?: Blueprint): Outcome {
  const out = run(control, inv, account, bp);
  expect(out).toHaveLength(1);
  return out[0]!;
}

const byId = (id: string): Control => {
  const c = GUARDDUTY_CONTROLS.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};

/** The account a control is evaluated in, by its `appliesTo`. */
function homeOf(control: Control): string {
  if (control.appliesTo === 'all') return W;
  if (control.appliesTo.includes('management')) return MGMT;
  return AUDIT;
}

// ---------------------------------------------------------------------------------------------------------
// Collectors

describe('GuardDuty collectors', () => {
  it('reads an organization without GuardDuty: no administrators, no detectors, no administrator-only reads', async () => {
    const s = await greenfield();
    const inv = await collectScenario(s);
    const adminSlice = admins(inv);
    expect(Object.keys(adminSlice.byRegion)).toEqual(s.governedRegions);
    for (const r of s.governedRegions) expect(adminSlice.byRegion[r]).toEqual({ ok: true, value: [] });
    const w = regionSlice(inv, s.workloadIds[0]!, s.homeRegion);
    expect(w).toEqual({ detector: { ok: true, value: null } });
    const ops = [...s.sandbox.stats().byOperation.keys()];
    expect(ops).toContain('guardduty:ListDetectors');
    expect(ops).not.toContain('guardduty:GetDetector');
    expect(ops).not.toContain('guardduty:DescribeOrganizationConfiguration');
    expect(ops).not.toContain('guardduty:ListMembers');
  });

  it('reads the reference deployment: administrator per Region, SRA detector settings, organization data in the admin only', async () => {
    const s = await drifted();
    const inv = await collectScenario(s);
    for (const r of s.governedRegions) {
      expect(admins(inv).byRegion[r]).toEqual({
        ok: true,
        value: [{ accountId: s.securityToolingId, status: 'ENABLED' }],
      });
    }
    const audit = regionSlice(inv, s.securityToolingId, s.homeRegion);
    const det = (audit.detector as { value: GuardDutyDetectorInfo }).value;
    expect(det.status).toBe('ENABLED');
    expect(det.findingPublishingFrequency).toBe('FIFTEEN_MINUTES');
    expect(det.features.RUNTIME_MONITORING).toEqual({
      status: 'ENABLED',
      additional: {
        EKS_ADDON_MANAGEMENT: 'ENABLED',
        ECS_FARGATE_AGENT_MANAGEMENT: 'ENABLED',
        EC2_AGENT_MANAGEMENT: 'ENABLED',
      },
    });
    expect(audit.administrator).toEqual({ ok: true, value: null });
    const cfg = audit.admin!.organizationConfiguration;
    expect(cfg.ok && cfg.value.autoEnableOrganizationMembers).toBe('ALL');
    expect(cfg.ok && cfg.value.features.RDS_LOGIN_EVENTS).toEqual({ status: 'ALL' });
    const members = audit.admin!.members;
    expect(members.ok && members.value.map((m) => m.accountId).sort()).toEqual(
      allAccounts(s)
        .filter((a) => a !== s.securityToolingId)
        .sort(),
    );
    const dests = audit.admin!.publishingDestinations;
    expect(dests.ok && dests.value).toEqual([
      expect.objectContaining({
        type: 'S3',
        status: 'PUBLISHING',
        destinationArn: `arn:aws:s3:::${referenceNames(s).bucket}`,
        kmsKeyArn: expect.stringContaining(`:${s.logArchiveId}:key/`),
      }),
    ]);
    // Members: associated with the administrator, except the account the drift disassociated.
    const w2 = regionSlice(inv, s.workloadIds[1]!, s.governedRegions[1]!);
    expect(w2.administrator).toEqual({
      ok: true,
      value: { accountId: s.securityToolingId, relationshipStatus: 'Enabled' },
    });
    expect(w2.admin).toBeUndefined();
    expect(regionSlice(inv, s.workloadIds[0]!, s.governedRegions[1]!).administrator).toEqual({
      ok: true,
      value: null,
    });
    // The slice is plain JSON.
    expect(JSON.parse(JSON.stringify(inv))).toEqual(inv);
  });

  it('sends only the IAM actions it declares', async () => {
    const s = await drifted();
    const access = accessFor(s);
    const seen = new Set<string>();
    const ctxFor = (account: string, region: string, organization: Record<string, unknown>) =>
      createCollectContext({
        access,
        account,
        region,
        homeRegion: s.homeRegion,
        governedRegions: s.governedRegions,
        managementAccountId: s.managementAccountId,
        organization,
        accounts: scenarioAccounts(s),
        onRead: (op) => seen.add(op),
      });
    const organization = {
      [GUARDDUTY_ADMINS]: await guardDutyAdminsCollector.collect(
        ctxFor(s.managementAccountId, s.homeRegion, {}),
      ),
    };
    for (const account of [s.managementAccountId, s.securityToolingId, s.workloadIds[0]!]) {
      for (const region of s.governedRegions)
        await guardDutyCollector.collect(ctxFor(account, region, organization));
    }
    const declared = new Set(guarddutyModule.collectors.flatMap((c: Collector) => c.reads));
    expect(seen.size).toBeGreaterThanOrEqual(8);
    for (const op of seen) expect(declared, op).toContain(op);
  });

  it('pages through more than 50 members', async () => {
    const s = await generated({
      workloads: 60,
      regions: ['us-east-1', 'eu-west-1'],
      deploy: true,
      driftRate: 0,
    });
    const organization = {
      [GUARDDUTY_ADMINS]: await collectIn(s, guardDutyAdminsCollector, s.managementAccountId),
    };
    const audit = await collectIn(s, guardDutyCollector, s.securityToolingId, 'us-east-1', organization);
    const members = audit.admin!.members;
    expect(members.ok && members.value).toHaveLength(64);
    expect(members.ok && members.value.every((m) => m.relationshipStatus === 'Enabled')).toBe(true);
  });

  it('records a denied read as a DataError and keeps the other reads', async () => {
    const s = await drifted();
    const w = s.workloadIds[0]!;
    s.sandbox.knobs = {
      deny: [
        { action: 'guardduty:GetDetector', account: w },
        { action: 'guardduty:ListOrganizationAdminAccounts', region: s.governedRegions[1] },
      ],
    };
    const inv = await collectScenario(s);
    const slice = regionSlice(inv, w, s.homeRegion);
    expect(slice.detector.ok).toBe(false);
    const err = (slice.detector as { error: DataError }).error;
    expect(err).toMatchObject({
      kind: 'access-denied',
      account: w,
      region: s.homeRegion,
      operation: 'guardduty:GetDetector',
    });
    expect(slice.administrator?.ok).toBe(true);
    expect(admins(inv).byRegion[s.homeRegion]!.ok).toBe(true);
    expect(admins(inv).byRegion[s.governedRegions[1]!]).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'guardduty:ListOrganizationAdminAccounts' },
    });
    // Without knowing the administrator, nobody reads administrator-only data in that Region …
    expect(regionSlice(inv, s.securityToolingId, s.governedRegions[1]!).admin).toBeUndefined();
    // … and the controls that need it report ERROR with the reason, never PASS or FAIL.
    const findings = evaluateScenario(s, inv);
    const at = (id: string, account: string, region: string) =>
      findings.find((f) => f.controlId === id && f.account === account && f.region === region)!;
    expect(at('guardduty.detector-enabled', w, s.homeRegion)).toMatchObject({
      status: 'ERROR',
      error: { operation: 'guardduty:GetDetector' },
    });
    expect(at('guardduty.org-auto-enable-members', s.securityToolingId, s.governedRegions[1]!)).toMatchObject(
      {
        status: 'ERROR',
        error: { operation: 'guardduty:ListOrganizationAdminAccounts' },
      },
    );
    expect(
      at('guardduty.delegated-admin-designated', s.managementAccountId, s.governedRegions[1]!).status,
    ).toBe('ERROR');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Controls over scenarios

describe('GuardDuty controls over sandbox scenarios', () => {
  it('the reference SRA deployment passes every control', async () => {
    const s = await greenfield();
    await deployReferenceSra(s.sandbox, s);
    const findings = evaluateScenario(s, await collectScenario(s));
    const notPassing = findings.filter((f) => f.status !== 'PASS' && f.status !== 'NOT_APPLICABLE');
    expect(notPassing).toEqual([]);
    // Only the administrator itself is not a member of itself.
    expect(
      findings.filter((f) => f.status === 'NOT_APPLICABLE').map((f) => [f.controlId, f.account]),
    ).toEqual(s.governedRegions.map(() => ['guardduty.member-of-delegated-admin', s.securityToolingId]));
  });

  it('the drifted scenario fails exactly where GuardDuty drift was planted', async () => {
    const s = await drifted();
    const findings = evaluateScenario(s, await collectScenario(s));
    const second = s.governedRegions[1]!;
    const fails = findings
      .filter((f) => f.status !== 'PASS' && f.status !== 'NOT_APPLICABLE')
      .map((f) => `${f.status} ${f.controlId} ${f.account} ${f.region}`)
      .sort();
    expect(fails).toEqual(
      [
        `FAIL guardduty.member-of-delegated-admin ${s.workloadIds[0]} ${second}`,
        `FAIL guardduty.members-cover-organization ${s.securityToolingId} ${second}`,
        `FAIL guardduty.org-auto-enable-members ${s.securityToolingId} ${second}`,
      ].sort(),
    );
    const planted = s.planted.filter((p) => p.kind.startsWith('guardduty.'));
    for (const p of planted) expect(fails.some((f) => f.includes(`${p.account} ${p.region}`))).toBe(true);
    const cover = findings.find(
      (f) => f.controlId === 'guardduty.members-cover-organization' && f.status === 'FAIL',
    )!;
    expect(cover.actual).toEqual([{ account: s.workloadIds[0], relationshipStatus: 'Removed' }]);
  });

  it('the half-deployed scenario reports the Regions without an administrator and auto-enable NEW', async () => {
    const s = await halfDeployed();
    const findings = evaluateScenario(s, await collectScenario(s));
    const status = (id: string, account: string, region: string) =>
      findings.find((f) => f.controlId === id && f.account === account && f.region === region)?.status;
    expect(status('guardduty.delegated-admin-designated', s.managementAccountId, s.homeRegion)).toBe('PASS');
    for (const r of s.governedRegions.slice(1)) {
      expect(status('guardduty.delegated-admin-designated', s.managementAccountId, r)).toBe('FAIL');
      expect(status('guardduty.org-auto-enable-members', s.securityToolingId, r)).toBe('NOT_APPLICABLE');
    }
    expect(status('guardduty.org-auto-enable-members', s.securityToolingId, s.homeRegion)).toBe('FAIL');
    expect(status('guardduty.detector-enabled', s.workloadIds[0]!, s.homeRegion)).toBe('FAIL');
  });

  it('names the delegated administrator as security tooling for role inference', async () => {
    const s = await drifted();
    const inv = await collectScenario(s);
    expect(guardDutyRoleHints(inv)).toEqual([
      {
        role: 'security-tooling',
        account: s.securityToolingId,
        weight: 10,
        reason: `GuardDuty delegated administrator in ${s.governedRegions.join(', ')}`,
      },
    ]);
    const adminIsMgmt = fixture();
    admins(adminIsMgmt).byRegion[R] = ok([{ accountId: MGMT, status: 'ENABLED' }]);
    expect(guardDutyRoleHints(adminIsMgmt)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Controls over hand-built inventories

describe('GuardDuty control catalogue', () => {
  it('covers every SRA-GUARDDUTY check and the FSBP GuardDuty controls, with unique ids', () => {
    const sra = GUARDDUTY_CONTROLS.flatMap((c) => c.refs.sraVerify ?? []);
    const expected = Array.from({ length: 25 }, (_, i) => `SRA-GUARDDUTY-${String(i + 1).padStart(2, '0')}`);
    expect([...new Set(sra)].sort()).toEqual(expected);
    const fsbp = new Set(GUARDDUTY_CONTROLS.flatMap((c) => c.refs.fsbp ?? []));
    for (const n of [1, 5, 6, 7, 8, 9, 10, 11, 12, 13]) expect(fsbp).toContain(`GuardDuty.${n}`);
    const ids = GUARDDUTY_CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of GUARDDUTY_CONTROLS) {
      expect(c.id).toMatch(/^guardduty\.[a-z0-9-]+$/);
      expect(c.service).toBe('guardduty');
      expect(c.uses.length).toBeGreaterThan(0);
    }
    expect(SERVICE_MODULES).toContain(guarddutyModule);
  });

  it.each(GUARDDUTY_CONTROLS.map((c) => [c.id, c] as const))('%s passes on the SRA', (_id, control) => {
    const o = one(control, fixture(), homeOf(control));
    expect(o.status).toBe('PASS');
    expect(o.actual).toBeDefined();
  });
});

/** A FAIL case: a change to the SRA fixture and what the failing outcome must show. */
interface FailCase {
  name: string;
  control: string;
  mutate: (inv: Inventory) => void;
  account?: string;
  expectFail: (o: Outcome) => void;
}

const setFeature =
  (account: string, feature: string, status: string, additional?: string) => (inv: Inventory) => {
    const f = detector(inv, account).features[feature]!;
    if (additional) f.additional![additional] = status;
    else f.status = status;
  };

const FEATURE_FAILS: [string, string, string?][] = [
  ['guardduty.cloudtrail-events', 'CLOUD_TRAIL'],
  ['guardduty.dns-logs', 'DNS_LOGS'],
  ['guardduty.vpc-flow-logs', 'FLOW_LOGS'],
  ['guardduty.s3-protection', 'S3_DATA_EVENTS'],
  ['guardduty.eks-audit-log-monitoring', 'EKS_AUDIT_LOGS'],
  ['guardduty.ebs-malware-protection', 'EBS_MALWARE_PROTECTION'],
  ['guardduty.rds-protection', 'RDS_LOGIN_EVENTS'],
  ['guardduty.lambda-protection', 'LAMBDA_NETWORK_LOGS'],
  ['guardduty.runtime-monitoring', 'RUNTIME_MONITORING'],
  ['guardduty.eks-runtime-monitoring', 'RUNTIME_MONITORING'],
  ['guardduty.eks-agent-management', 'RUNTIME_MONITORING', 'EKS_ADDON_MANAGEMENT'],
  ['guardduty.ecs-fargate-agent-management', 'RUNTIME_MONITORING', 'ECS_FARGATE_AGENT_MANAGEMENT'],
  ['guardduty.ec2-agent-management', 'RUNTIME_MONITORING', 'EC2_AGENT_MANAGEMENT'],
];

const AUTO_ENABLE_FAILS: [string, string, string?][] = [
  ['guardduty.org-auto-enable-s3-protection', 'S3_DATA_EVENTS'],
  ['guardduty.org-auto-enable-ebs-malware-protection', 'EBS_MALWARE_PROTECTION'],
  ['guardduty.org-auto-enable-eks-audit-logs', 'EKS_AUDIT_LOGS'],
  ['guardduty.org-auto-enable-runtime-monitoring', 'RUNTIME_MONITORING'],
  ['guardduty.org-auto-enable-runtime-monitoring', 'RUNTIME_MONITORING', 'EC2_AGENT_MANAGEMENT'],
  ['guardduty.org-auto-enable-lambda-protection', 'LAMBDA_NETWORK_LOGS'],
  ['guardduty.org-auto-enable-rds-protection', 'RDS_LOGIN_EVENTS'],
];

const dest = (inv: Inventory) => must(gd(inv, AUDIT).admin!.publishingDestinations);

const FAIL_CASES: FailCase[] = [
  {
    name: 'no detector',
    control: 'guardduty.detector-enabled',
    mutate: (inv) => (gd(inv, W).detector = ok(null)),
    expectFail: (o) => expect(o.actual).toEqual({ detector: 'none' }),
  },
  {
    name: 'suspended detector',
    control: 'guardduty.detector-enabled',
    mutate: (inv) => (detector(inv, W).status = 'DISABLED'),
    expectFail: (o) => {
      expect(o.actual).toEqual({ status: 'DISABLED' });
      expect(o.resource).toBe(`arn:aws:guardduty:${R}:${W}:detector/d${W}`);
    },
  },
  {
    name: 'six-hour frequency',
    control: 'guardduty.finding-frequency',
    mutate: (inv) => (detector(inv, W).findingPublishingFrequency = 'SIX_HOURS'),
    expectFail: (o) => expect([o.expected, o.actual]).toEqual(['FIFTEEN_MINUTES', 'SIX_HOURS']),
  },
  {
    name: 'not a member',
    control: 'guardduty.member-of-delegated-admin',
    mutate: (inv) => (gd(inv, W).administrator = ok(null)),
    expectFail: (o) => {
      expect(o.expected).toEqual({ administrator: AUDIT, relationshipStatus: 'Enabled' });
      expect(o.actual).toEqual({ administrator: 'none' });
    },
  },
  {
    name: 'member of another administrator',
    control: 'guardduty.member-of-delegated-admin',
    mutate: (inv) =>
      (gd(inv, W).administrator = ok({ accountId: '999999999999', relationshipStatus: 'Enabled' })),
    expectFail: (o) =>
      expect(o.actual).toEqual({ administrator: '999999999999', relationshipStatus: 'Enabled' }),
  },
  {
    name: 'monitoring stopped',
    control: 'guardduty.member-of-delegated-admin',
    mutate: (inv) => (gd(inv, W).administrator = ok({ accountId: AUDIT, relationshipStatus: 'Disabled' })),
    expectFail: (o) => expect(o.message).toContain('Disabled'),
  },
  ...FEATURE_FAILS.map(([control, feature, additional]): FailCase => ({
    name: `${feature}${additional ? `.${additional}` : ''} disabled`,
    control,
    mutate: setFeature(W, feature, 'DISABLED', additional),
    expectFail: (o) => {
      const key = additional ? `${feature}.${additional}` : feature;
      expect((o.expected as Record<string, string>)[key]).toBe('ENABLED');
      expect((o.actual as Record<string, string>)[key]).toBe('DISABLED');
    },
  })),
  {
    name: 'Runtime Monitoring on but its agent management switched off (security tooling account)',
    control: 'guardduty.ec2-agent-management',
    account: AUDIT,
    mutate: setFeature(AUDIT, 'RUNTIME_MONITORING', 'DISABLED', 'EC2_AGENT_MANAGEMENT'),
    expectFail: (o) => expect(o.resource).toContain(`:${AUDIT}:detector/`),
  },
  {
    name: 'no administrator',
    control: 'guardduty.delegated-admin-designated',
    mutate: (inv) => (admins(inv).byRegion[R] = ok([])),
    expectFail: (o) => expect(o.actual).toEqual({ administrator: 'none' }),
  },
  {
    name: 'management account is the administrator',
    control: 'guardduty.delegated-admin-is-security-tooling',
    mutate: (inv) => (admins(inv).byRegion[R] = ok([{ accountId: MGMT, status: 'ENABLED' }])),
    expectFail: (o) => {
      expect(o.message).toContain('management account');
      expect(o.expected).toEqual({ administrator: AUDIT });
    },
  },
  {
    name: 'a workload is the administrator',
    control: 'guardduty.delegated-admin-is-security-tooling',
    mutate: (inv) => (admins(inv).byRegion[R] = ok([{ accountId: W, status: 'ENABLED' }])),
    expectFail: (o) => expect(o.actual).toEqual({ administrator: W }),
  },
  {
    name: 'auto-enable NEW',
    control: 'guardduty.org-auto-enable-members',
    mutate: (inv) => (orgConfig(inv).autoEnableOrganizationMembers = 'NEW'),
    expectFail: (o) => expect([o.expected, o.actual]).toEqual(['ALL', 'NEW']),
  },
  {
    name: 'administrator without a detector',
    control: 'guardduty.org-auto-enable-members',
    mutate: (inv) => (gd(inv, AUDIT).detector = ok(null)),
    expectFail: (o) => expect(o.actual).toBe('no detector'),
  },
  {
    name: 'member limit reached',
    control: 'guardduty.member-limit-not-reached',
    mutate: (inv) => (orgConfig(inv).memberAccountLimitReached = true),
    expectFail: (o) => expect(o.actual).toEqual({ memberAccountLimitReached: true }),
  },
  {
    name: 'an account missing from the members',
    control: 'guardduty.members-cover-organization',
    mutate: (inv) => {
      const m = gd(inv, AUDIT).admin!.members as { value: { accountId: string }[] };
      m.value = m.value.filter((x) => x.accountId !== W);
    },
    expectFail: (o) => expect(o.actual).toEqual([{ account: W, relationshipStatus: 'not a member' }]),
  },
  {
    name: 'a removed member',
    control: 'guardduty.members-cover-organization',
    mutate: (inv) => {
      const m = gd(inv, AUDIT).admin!.members as {
        value: { accountId: string; relationshipStatus: string }[];
      };
      m.value.find((x) => x.accountId === LOGS)!.relationshipStatus = 'Removed';
    },
    expectFail: (o) => expect(o.actual).toEqual([{ account: LOGS, relationshipStatus: 'Removed' }]),
  },
  ...AUTO_ENABLE_FAILS.map(([control, feature, additional]): FailCase => ({
    name: `${feature}${additional ? `.${additional}` : ''} auto-enable NEW`,
    control,
    mutate: (inv) => {
      const f = orgConfig(inv).features[feature]!;
      if (additional) f.additional![additional] = 'NEW';
      else f.status = 'NEW';
    },
    expectFail: (o) => {
      const key = additional ? `${feature}.${additional}` : feature;
      expect((o.expected as Record<string, string>)[key]).toBe('ALL');
      expect((o.actual as Record<string, string>)[key]).toBe('NEW');
    },
  })),
  {
    name: 'no publishing destination',
    control: 'guardduty.findings-export',
    mutate: (inv) => dest(inv).splice(0),
    expectFail: (o) => expect(o.actual).toEqual({ destinations: 'none' }),
  },
  {
    name: 'destination that cannot publish',
    control: 'guardduty.findings-export',
    mutate: (inv) => (dest(inv)[0]!.status = 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY'),
    expectFail: (o) => expect(o.message).toContain('status is UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY'),
  },
  {
    name: 'destination without a KMS key',
    control: 'guardduty.findings-export',
    mutate: (inv) => delete dest(inv)[0]!.kmsKeyArn,
    expectFail: (o) => expect(o.message).toContain('no KMS key'),
  },
  {
    name: 'KMS key of a workload account',
    control: 'guardduty.findings-export',
    mutate: (inv) => (dest(inv)[0]!.kmsKeyArn = `arn:aws:kms:${R}:${W}:key/abc`),
    expectFail: (o) => expect(o.message).toContain(`the KMS key belongs to ${W}`),
  },
  {
    name: 'bucket owned by a workload account',
    control: 'guardduty.findings-export',
    mutate: (inv) => (dest(inv)[0]!.expectedBucketOwner = W),
    expectFail: (o) => {
      expect(o.message).toContain(`the bucket owner is ${W}`);
      expect(o.expected).toMatchObject({ bucketOwner: LOGS, status: 'PUBLISHING' });
    },
  },
];

describe('GuardDuty controls fail with evidence', () => {
  it.each(FAIL_CASES.map((c) => [c.control, c.name, c] as const))('%s: %s', (_c, _n, c) => {
    const inv = fixture();
    c.mutate(inv);
    const control = byId(c.control);
    const o = one(control, inv, c.account ?? homeOf(control));
    expect(o.status).toBe('FAIL');
    expect(o.expected).toBeDefined();
    expect(o.actual).toBeDefined();
    c.expectFail(o);
  });

  it('accepts the legacy EKS Runtime Monitoring plan for EKS checks only', () => {
    const inv = fixture();
    const f = detector(inv, W).features;
    f.RUNTIME_MONITORING = { status: 'DISABLED', additional: {} };
    f.EKS_RUNTIME_MONITORING = { status: 'ENABLED', additional: { EKS_ADDON_MANAGEMENT: 'ENABLED' } };
    expect(one(byId('guardduty.eks-runtime-monitoring'), inv, W).status).toBe('PASS');
    expect(one(byId('guardduty.eks-agent-management'), inv, W).status).toBe('PASS');
    expect(one(byId('guardduty.runtime-monitoring'), inv, W).status).toBe('FAIL');
    expect(one(byId('guardduty.ec2-agent-management'), inv, W).status).toBe('FAIL');
  });

  it('expects the frequency the blueprint asks for', () => {
    const inv = fixture();
    detector(inv, W).findingPublishingFrequency = 'ONE_HOUR';
    const bp = blueprint('threatDetection:\n  guardduty:\n    findingPublishingFrequency: ONE_HOUR\n');
    expect(one(byId('guardduty.finding-frequency'), inv, W, bp).status).toBe('PASS');
    const o = one(byId('guardduty.finding-frequency'), fixture(), W, bp);
    expect([o.status, o.expected, o.actual]).toEqual(['FAIL', 'ONE_HOUR', 'FIFTEEN_MINUTES']);
  });
});

/** A NOT_APPLICABLE case. */
interface NaCase {
  name: string;
  controls: readonly string[];
  mutate?: (inv: Inventory) => void;
  blueprint?: string;
  account?: string;
  message: string;
}

const ALL_IDS = GUARDDUTY_CONTROLS.map((c) => c.id);
const PER_ACCOUNT = GUARDDUTY_CONTROLS.filter((c) => c.appliesTo === 'all').map((c) => c.id);
const DETECTOR_DEPENDENT = PER_ACCOUNT.filter(
  (id) => id !== 'guardduty.detector-enabled' && id !== 'guardduty.member-of-delegated-admin',
);
const ADMIN_SIDE = GUARDDUTY_CONTROLS.filter(
  (c) => c.appliesTo !== 'all' && c.appliesTo.includes('security-tooling'),
).map((c) => c.id);
const PLAN_CONTROLS: [string, string][] = [
  ['guardduty.s3-protection', 's3'],
  ['guardduty.org-auto-enable-s3-protection', 's3'],
  ['guardduty.rds-protection', 'rds-login'],
  ['guardduty.org-auto-enable-rds-protection', 'rds-login'],
  ['guardduty.ec2-agent-management', 'runtime-monitoring'],
  ['guardduty.org-auto-enable-runtime-monitoring', 'runtime-monitoring'],
];

const NA_CASES: NaCase[] = [
  {
    name: 'the blueprint turns GuardDuty off',
    controls: ALL_IDS,
    blueprint: 'threatDetection:\n  guardduty:\n    enabled: false\n',
    message: 'turns GuardDuty off',
  },
  {
    name: 'the blueprint excludes the Region',
    controls: ALL_IDS,
    blueprint: `threatDetection:\n  guardduty:\n    targets:\n      excludeRegions: [${R}]\n`,
    message: `excludes ${R}`,
  },
  {
    name: 'the blueprint excludes the account',
    controls: PER_ACCOUNT,
    blueprint: `threatDetection:\n  guardduty:\n    targets:\n      excludeAccounts: ['${W}']\n`,
    message: `does not target account ${W}`,
  },
  {
    name: 'no detector',
    controls: DETECTOR_DEPENDENT,
    mutate: (inv) => (gd(inv, W).detector = ok(null)),
    message: 'guardduty.detector-enabled reports the gap',
  },
  {
    name: 'suspended detector',
    controls: DETECTOR_DEPENDENT,
    mutate: (inv) => (detector(inv, W).status = 'DISABLED'),
    message: 'suspended',
  },
  {
    name: 'no detector to be a member with',
    controls: ['guardduty.member-of-delegated-admin'],
    mutate: (inv) => (gd(inv, W).detector = ok(null)),
    message: 'guardduty.detector-enabled reports the gap',
  },
  {
    name: 'the account is the administrator',
    controls: ['guardduty.member-of-delegated-admin'],
    account: AUDIT,
    message: 'this account is the GuardDuty delegated administrator',
  },
  {
    name: 'no administrator in the Region',
    controls: [
      ...ADMIN_SIDE,
      'guardduty.delegated-admin-is-security-tooling',
      'guardduty.member-of-delegated-admin',
    ],
    mutate: (inv) => (admins(inv).byRegion[R] = ok([])),
    message: 'guardduty.delegated-admin-designated reports the gap',
  },
  {
    name: 'findings export not requested',
    controls: ['guardduty.findings-export'],
    blueprint: 'threatDetection:\n  guardduty:\n    exportFindings: false\n',
    message: 'exportFindings: false',
  },
  ...PLAN_CONTROLS.map(([control, plan]): NaCase => ({
    name: `plan ${plan} not requested`,
    controls: [control],
    blueprint: `threatDetection:\n  guardduty:\n    protectionPlans: [${['s3', 'rds-login', 'runtime-monitoring'].filter((p) => p !== plan).join(', ')}]\n`,
    message: `does not ask for the ${plan} protection plan`,
  })),
];

describe('GuardDuty controls are not applicable where they do not apply', () => {
  const cases = NA_CASES.flatMap((c) => c.controls.map((id) => [id, c.name, c] as const));
  it.each(cases)('%s: %s', (id, _n, c) => {
    const inv = fixture();
    c.mutate?.(inv);
    const control = byId(id);
    const o = one(
      control,
      inv,
      c.account ?? homeOf(control),
      c.blueprint !== undefined ? blueprint(c.blueprint) : undefined,
    );
    expect(o.status).toBe('NOT_APPLICABLE');
    expect(o.message).toContain(c.message);
  });

  it('still evaluates plans the blueprint asks for, and accounts it targets by OU', () => {
    const bp = blueprint(
      'threatDetection:\n  guardduty:\n    protectionPlans: [s3]\n    targets:\n      ous: [Workloads]\n',
    );
    const inv = fixture();
    detector(inv, W).features.S3_DATA_EVENTS!.status = 'DISABLED';
    expect(one(byId('guardduty.s3-protection'), inv, W, bp).status).toBe('FAIL');
    expect(one(byId('guardduty.detector-enabled'), inv, LOGS, bp).status).toBe('NOT_APPLICABLE');
    // Accounts outside the targeted OUs are not expected as members either.
    const m = gd(inv, AUDIT).admin!.members as { value: { accountId: string }[] };
    m.value = m.value.filter((x) => x.accountId === W);
    expect(one(byId('guardduty.members-cover-organization'), inv, AUDIT, bp).status).toBe('PASS');
  });
});

/** An ERROR case: the datum a control needs failed (or was never collected). */
interface ErrorCase {
  name: string;
  controls: readonly string[];
  mutate: (inv: Inventory) => void;
  operation?: string;
}

const ERROR_CASES: ErrorCase[] = [
  {
    name: 'GetDetector denied',
    controls: PER_ACCOUNT,
    mutate: (inv) => (gd(inv, W).detector = denied('guardduty:GetDetector')),
    operation: 'guardduty:GetDetector',
  },
  {
    name: 'no GuardDuty slice collected',
    controls: PER_ACCOUNT,
    mutate: (inv) => delete inv.region[W]![R]![GUARDDUTY],
  },
  {
    name: 'GetAdministratorAccount denied',
    controls: ['guardduty.member-of-delegated-admin'],
    mutate: (inv) => (gd(inv, W).administrator = denied('guardduty:GetAdministratorAccount')),
    operation: 'guardduty:GetAdministratorAccount',
  },
  {
    name: 'ListOrganizationAdminAccounts denied',
    controls: [
      ...ADMIN_SIDE,
      'guardduty.delegated-admin-designated',
      'guardduty.delegated-admin-is-security-tooling',
    ],
    mutate: (inv) => (admins(inv).byRegion[R] = denied('guardduty:ListOrganizationAdminAccounts', MGMT)),
    operation: 'guardduty:ListOrganizationAdminAccounts',
  },
  {
    name: 'the administrator’s GetDetector denied',
    controls: ADMIN_SIDE,
    mutate: (inv) => (gd(inv, AUDIT).detector = denied('guardduty:GetDetector', AUDIT)),
    operation: 'guardduty:GetDetector',
  },
  {
    name: 'DescribeOrganizationConfiguration denied',
    controls: ADMIN_SIDE.filter(
      (id) => id.startsWith('guardduty.org-') || id === 'guardduty.member-limit-not-reached',
    ),
    mutate: (inv) =>
      (gd(inv, AUDIT).admin!.organizationConfiguration = denied(
        'guardduty:DescribeOrganizationConfiguration',
        AUDIT,
      )),
    operation: 'guardduty:DescribeOrganizationConfiguration',
  },
  {
    name: 'ListMembers denied',
    controls: ['guardduty.members-cover-organization'],
    mutate: (inv) => (gd(inv, AUDIT).admin!.members = denied('guardduty:ListMembers', AUDIT)),
    operation: 'guardduty:ListMembers',
  },
  {
    name: 'ListPublishingDestinations denied',
    controls: ['guardduty.findings-export'],
    mutate: (inv) =>
      (gd(inv, AUDIT).admin!.publishingDestinations = denied('guardduty:ListPublishingDestinations', AUDIT)),
    operation: 'guardduty:ListPublishingDestinations',
  },
];

describe('GuardDuty controls report ERROR when their data could not be read', () => {
  const cases = ERROR_CASES.flatMap((c) => c.controls.map((id) => [id, c.name, c] as const));
  it.each(cases)('%s: %s', (id, _n, c) => {
    const inv = fixture();
    c.mutate(inv);
    const control = byId(id);
    const o = one(control, inv, homeOf(control));
    expect(o.status).toBe('ERROR');
    if (c.operation) expect(o.error?.operation).toBe(c.operation);
    else expect(o.message).toContain('was not collected');
  });

  it('every control has an ERROR case', () => {
    const covered = new Set(ERROR_CASES.flatMap((c) => c.controls));
    expect([...covered].sort()).toEqual([...ALL_IDS].sort());
  });

  it('every control has a FAIL and a NOT_APPLICABLE case', () => {
    expect([...new Set(FAIL_CASES.map((c) => c.control))].sort()).toEqual([...ALL_IDS].sort());
    expect([...new Set(NA_CASES.flatMap((c) => c.controls))].sort()).toEqual([...ALL_IDS].sort());
  });
});
