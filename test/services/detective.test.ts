/**
 * Detective module (optional in the SRA): collectors against sandbox scenarios with and without
 * Detective, and every control on pass, fail, not-applicable and error inputs.
 */
import { describe, expect, it } from 'vitest';
import {
  CreateMembersCommand,
  DeleteMembersCommand,
  DetectiveClient,
  EnableOrganizationAdminAccountCommand,
  ListGraphsCommand,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-detective';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import { createCollectContext } from '../../src/observe/context.js';
import type { AccountInfo, Datum, Inventory } from '../../src/observe/types.js';
import { VirtualClock } from '../../src/sandbox/core/clock.js';
import {
  allAccounts,
  deployReferenceSra,
  greenfield,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import {
  DETECTIVE,
  DETECTIVE_ADMINS,
  DETECTIVE_CONTROLS,
  detectiveAdminsCollector,
  detectiveCollector,
  detectiveModule,
  detectiveRoleHints,
  type DetectiveAdminsSlice,
  type DetectiveSlice,
} from '../../src/services/detective/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Finding, Outcome } from '../../src/verify/types.js';
import { accessFor, collectIn, evalControl, scenarioAccounts } from '../verify/harness.js';

const HOURS_48 = 48 * 3600 * 1000;

// ---------------------------------------------------------------------------------------------------------
// Scenario helpers

/** The reference SRA plus Detective administered from security tooling in every governed Region. */
async function withDetective(options: { tenure?: boolean; autoEnable?: boolean } = {}): Promise<Scenario> {
  const clock = new VirtualClock();
  const s = await greenfield({ clock });
  await deployReferenceSra(s.sandbox, s);
  // Detective enables members only once GuardDuty has run there for 48 hours.
  if (options.tenure ?? true) clock.advance(HOURS_48 + 1000);
  const members = allAccounts(s).filter((a) => a !== s.securityToolingId);
  for (const region of s.governedRegions) {
    await s
      .client(DetectiveClient, s.managementAccountId, region)
      .send(new EnableOrganizationAdminAccountCommand({ AccountId: s.securityToolingId }));
    const det = s.client(DetectiveClient, s.securityToolingId, region);
    const graph = (await det.send(new ListGraphsCommand({}))).GraphList![0]!.Arn!;
    if (options.autoEnable ?? true) {
      await det.send(new UpdateOrganizationConfigurationCommand({ GraphArn: graph, AutoEnable: true }));
    }
    await det.send(
      new CreateMembersCommand({
        GraphArn: graph,
        Accounts: members.map((AccountId) => ({
          AccountId,
          EmailAddress: s.sandbox.world.account(AccountId)!.email,
        })),
      }),
    );
  }
  return s;
}

async function collectScenario(s: Scenario): Promise<Inventory> {
  const inv = emptyInventory({
    managementAccountId: s.managementAccountId,
    homeRegion: s.homeRegion,
    governedRegions: s.governedRegions,
    accounts: scenarioAccounts(s),
  });
  inv.organization[DETECTIVE_ADMINS] = await collectIn(s, detectiveAdminsCollector, s.managementAccountId);
  const access = accessFor(s);
  for (const account of allAccounts(s)) {
    for (const region of s.governedRegions) {
      const slice = await collectIn(s, detectiveCollector, account, region, inv.organization, access);
      ((inv.region[account] ??= {})[region] ??= {})[DETECTIVE] = slice;
    }
  }
  return inv;
}

function evaluateScenario(s: Scenario, inv: Inventory, blueprint?: Blueprint): Finding[] {
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
  return evaluateControls(inv, DETECTIVE_CONTROLS, {
    rolesOf,
    roleAccounts,
    ...(blueprint ? { blueprint } : {}),
  });
}

const notGood = (findings: Finding[]) =>
  findings
    .filter((f) => f.status !== 'PASS' && f.status !== 'NOT_APPLICABLE')
    .map((f) => `${f.status} ${f.controlId} ${f.account} ${f.region}`)
    .sort();

// ---------------------------------------------------------------------------------------------------------
// Hand-built inventory: Detective the SRA way, in two Regions

const MGMT = '111111111111';
const AUDIT = '222222222222';
const LOGS = '333333333333';
const W = '444444444444';
const R = 'us-east-1';
const R2 = 'eu-west-1';
const graphArn = (region: string) =>
  `arn:aws:detective:${region}:${AUDIT}:graph:0123456789abcdef0123456789abcdef`;
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
const denied = (operation: string, account: string): Datum<never> => ({
  ok: false,
  error: {
    kind: 'access-denied',
    message: `not allowed to call ${operation}`,
    account,
    region: R,
    operation,
  },
});

function fixture(): Inventory {
  const accounts: AccountInfo[] = [MGMT, AUDIT, LOGS, W].map((id) => ({
    id,
    name: ROLE[id]!,
    status: 'ACTIVE',
    ouPath: id === W ? ['Workloads'] : id === MGMT ? [] : ['Security'],
  }));
  const inv = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: R,
    governedRegions: [R, R2],
    accounts,
  });
  inv.organization[DETECTIVE_ADMINS] = {
    byRegion: {
      [R]: ok([{ accountId: AUDIT, graphArn: graphArn(R) }]),
      [R2]: ok([{ accountId: AUDIT, graphArn: graphArn(R2) }]),
    },
  } satisfies DetectiveAdminsSlice;
  for (const id of [MGMT, AUDIT, LOGS, W]) {
    inv.region[id] = {};
    for (const region of [R, R2]) {
      const slice: DetectiveSlice =
        id === AUDIT
          ? {
              admin: {
                graph: ok(graphArn(region)),
                organizationConfiguration: ok({ autoEnable: true }),
                members: ok(
                  [MGMT, LOGS, W].map((accountId) => ({
                    accountId,
                    status: 'ENABLED',
                    invitationType: 'ORGANIZATION',
                  })),
                ),
              },
            }
          : {};
      inv.region[id]![region] = { [DETECTIVE]: slice };
    }
  }
  return inv;
}

const admins = (inv: Inventory) => inv.organization[DETECTIVE_ADMINS] as DetectiveAdminsSlice;
const adminData = (inv: Inventory, region = R) =>
  (inv.region[AUDIT]![region]![DETECTIVE] as DetectiveSlice).admin!;
const members = (inv: Inventory) =>
  (adminData(inv).members as { value: { accountId: string; status: string }[] }).value;

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

const byId = (id: string): Control => DETECTIVE_CONTROLS.find((c) => c.id === id)!;

function homeOf(control: Control): string {
  if (control.appliesTo === 'all') return W;
  return control.appliesTo.includes('management') ? MGMT : AUDIT;
}

function one(
  control: Control,
  inv: Inventory,
  options: { account?: string; blueprint?: Blueprint } = {},
): Outcome {
  const account = options.account ?? homeOf(control);
  const out = evalControl(control, {
    inventory: inv,
    account: inv.accounts.find((a) => a.id === account)!,
    region: R,
    roles: [ROLE[account]!],
    roleAccounts: ROLE_ACCOUNTS,
    ...(options.blueprint ? { blueprint: options.blueprint } : {}),
  });
  expect(out).toHaveLength(1);
  return out[0]!;
}

const ALL_IDS = DETECTIVE_CONTROLS.map((c) => c.id);

// ---------------------------------------------------------------------------------------------------------

describe('Detective collectors', () => {
  it('reads an organization without Detective with one call per Region and nothing per account', async () => {
    const s = await greenfield();
    const inv = await collectScenario(s);
    for (const r of s.governedRegions) expect(admins(inv).byRegion[r]).toEqual({ ok: true, value: [] });
    expect(inv.region[s.securityToolingId]![s.homeRegion]![DETECTIVE]).toEqual({});
    const ops = s.sandbox.stats().byOperation;
    expect([...ops.keys()].filter((op) => op.startsWith('detective:'))).toEqual([
      'detective:ListOrganizationAdminAccounts',
    ]);
    expect(ops.get('detective:ListOrganizationAdminAccounts')).toBe(s.governedRegions.length);
  });

  it('reads the graph, organization configuration and members in the administrator only', async () => {
    const s = await withDetective();
    const inv = await collectScenario(s);
    for (const r of s.governedRegions) {
      const listed = admins(inv).byRegion[r]!;
      expect(listed.ok && listed.value).toEqual([
        { accountId: s.securityToolingId, graphArn: expect.stringMatching(/^arn:aws:detective:/) },
      ]);
      const admin = (inv.region[s.securityToolingId]![r]![DETECTIVE] as DetectiveSlice).admin!;
      expect(admin.graph).toEqual({ ok: true, value: listed.ok ? listed.value[0]!.graphArn : '' });
      expect(admin.organizationConfiguration).toEqual({ ok: true, value: { autoEnable: true } });
      const m = admin.members!;
      expect(m.ok && m.value.map((x) => x.accountId).sort()).toEqual(
        allAccounts(s)
          .filter((a) => a !== s.securityToolingId)
          .sort(),
      );
      expect(
        m.ok && m.value.every((x) => x.status === 'ENABLED' && x.invitationType === 'ORGANIZATION'),
      ).toBe(true);
      expect(inv.region[s.workloadIds[0]!]![r]![DETECTIVE]).toEqual({});
    }
    expect(detectiveRoleHints(inv)).toEqual([
      {
        role: 'security-tooling',
        account: s.securityToolingId,
        weight: 10,
        reason: `Detective administrator in ${s.governedRegions.join(', ')}`,
      },
    ]);
  });

  it('sends only the IAM actions it declares', async () => {
    const s = await withDetective();
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
      [DETECTIVE_ADMINS]: await detectiveAdminsCollector.collect(
        ctxFor(s.managementAccountId, s.homeRegion, {}),
      ),
    };
    for (const account of [s.securityToolingId, s.workloadIds[0]!]) {
      await detectiveCollector.collect(ctxFor(account, s.homeRegion, organization));
    }
    const declared = new Set(detectiveModule.collectors.flatMap((c) => c.reads));
    expect([...seen].sort()).toEqual([...declared].sort());
  });

  it('records a denied read as a DataError and the controls that need it report ERROR', async () => {
    const s = await withDetective();
    s.sandbox.knobs = { deny: [{ action: 'detective:ListMembers', account: s.securityToolingId }] };
    const inv = await collectScenario(s);
    const admin = (inv.region[s.securityToolingId]![s.homeRegion]![DETECTIVE] as DetectiveSlice).admin!;
    expect(admin.members).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', account: s.securityToolingId, operation: 'detective:ListMembers' },
    });
    expect(admin.organizationConfiguration?.ok).toBe(true);
    const findings = evaluateScenario(s, inv);
    const w = findings.find(
      (f) =>
        f.controlId === 'detective.member-enabled' &&
        f.account === s.workloadIds[0] &&
        f.region === s.homeRegion,
    )!;
    expect(w).toMatchObject({ status: 'ERROR', error: { operation: 'detective:ListMembers' } });
    expect(findings.filter((f) => f.status === 'FAIL')).toEqual([]);
  });
});

describe('Detective controls over sandbox scenarios', () => {
  it('are not applicable while Detective is not in use, and say how to adopt it', async () => {
    const s = await greenfield();
    await deployReferenceSra(s.sandbox, s);
    const findings = evaluateScenario(s, await collectScenario(s));
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.status).toBe('NOT_APPLICABLE');
      expect(f.message).toContain('incidentResponse.detective.enabled: true');
    }
  });

  it('pass when Detective is deployed the SRA way', async () => {
    const s = await withDetective();
    const findings = evaluateScenario(s, await collectScenario(s));
    expect(notGood(findings)).toEqual([]);
    expect(findings.filter((f) => f.status === 'PASS').length).toBeGreaterThan(s.governedRegions.length * 3);
  });

  it('fail exactly where Detective drifted', async () => {
    const s = await withDetective({ autoEnable: false });
    const second = s.governedRegions[1]!;
    const w = s.workloadIds[0]!;
    const det = s.client(DetectiveClient, s.securityToolingId, second);
    const graph = (await det.send(new ListGraphsCommand({}))).GraphList![0]!.Arn!;
    await det.send(new DeleteMembersCommand({ GraphArn: graph, AccountIds: [w] }));
    const findings = evaluateScenario(s, await collectScenario(s));
    expect(notGood(findings)).toEqual(
      [
        ...s.governedRegions.map((r) => `FAIL detective.org-auto-enable ${s.securityToolingId} ${r}`),
        `FAIL detective.member-enabled ${w} ${second}`,
      ].sort(),
    );
  });

  it('hold back members without 48 hours of GuardDuty', async () => {
    const s = await withDetective({ tenure: false });
    const findings = evaluateScenario(s, await collectScenario(s));
    const member = findings.find(
      (f) =>
        f.controlId === 'detective.member-enabled' &&
        f.account === s.workloadIds[0] &&
        f.region === s.homeRegion,
    )!;
    expect(member.status).toBe('FAIL');
    expect(member.actual).toEqual({ status: 'ACCEPTED_BUT_DISABLED' });
    expect(member.message).toContain('48 hours');
  });
});

describe('Detective control catalogue', () => {
  it('has stable ids, metadata and a registry entry', () => {
    expect(ALL_IDS).toEqual([
      'detective.delegated-admin',
      'detective.behavior-graph',
      'detective.org-auto-enable',
      'detective.member-enabled',
    ]);
    for (const c of DETECTIVE_CONTROLS) {
      expect(c.service).toBe('detective');
      expect(c.remediation.blueprint).toMatch(/^incidentResponse\.detective\./);
      expect(c.capabilities).toContain('incident-response');
    }
    expect(SERVICE_MODULES).toContain(detectiveModule);
  });

  it.each(ALL_IDS)('%s passes on the SRA', (id) => {
    const o = one(byId(id), fixture());
    expect(o.status).toBe('PASS');
    expect(o.actual).toBeDefined();
  });
});

interface Case {
  name: string;
  controls: readonly string[];
  mutate?: (inv: Inventory) => void;
  blueprint?: string;
  account?: string;
  check: (o: Outcome) => void;
}

const FAIL_CASES: Case[] = [
  {
    name: 'no administrator in this Region while Detective runs in another',
    controls: ['detective.delegated-admin'],
    mutate: (inv) => (admins(inv).byRegion[R] = ok([])),
    check: (o) =>
      expect([o.expected, o.actual]).toEqual([{ administrator: AUDIT }, { administrator: 'none' }]),
  },
  {
    name: 'requested by the blueprint but not designated anywhere',
    controls: ['detective.delegated-admin'],
    mutate: (inv) => {
      admins(inv).byRegion[R] = ok([]);
      admins(inv).byRegion[R2] = ok([]);
    },
    blueprint: 'incidentResponse:\n  detective:\n    enabled: true\n',
    check: (o) => expect(o.actual).toEqual({ administrator: 'none' }),
  },
  {
    name: 'a workload account is the administrator',
    controls: ['detective.delegated-admin'],
    mutate: (inv) => (admins(inv).byRegion[R] = ok([{ accountId: W }])),
    check: (o) => expect(o.actual).toEqual({ administrator: W }),
  },
  {
    name: 'the administrator has no graph',
    controls: ['detective.behavior-graph'],
    mutate: (inv) => (adminData(inv).graph = ok(null)),
    check: (o) => expect(o.actual).toEqual({ graph: 'none' }),
  },
  {
    name: 'auto-enable off',
    controls: ['detective.org-auto-enable'],
    mutate: (inv) => (adminData(inv).organizationConfiguration = ok({ autoEnable: false })),
    check: (o) => {
      expect(o.actual).toEqual({ autoEnable: false });
      expect(o.resource).toBe(graphArn(R));
    },
  },
  {
    name: 'the account is not a member',
    controls: ['detective.member-enabled'],
    mutate: (inv) => {
      const m = adminData(inv).members as { value: { accountId: string }[] };
      m.value = m.value.filter((x) => x.accountId !== W);
    },
    check: (o) => expect(o.actual).toEqual({ status: 'not a member' }),
  },
  {
    name: 'the account is only invited',
    controls: ['detective.member-enabled'],
    mutate: (inv) => (members(inv).find((m) => m.accountId === W)!.status = 'INVITED'),
    check: (o) =>
      expect([o.expected, o.actual]).toEqual([
        { graph: graphArn(R), status: 'ENABLED' },
        { status: 'INVITED' },
      ]),
  },
];

const NA_CASES: Case[] = [
  {
    name: 'Detective is not in use and not requested',
    controls: ALL_IDS,
    mutate: (inv) => {
      admins(inv).byRegion[R] = ok([]);
      admins(inv).byRegion[R2] = ok([]);
    },
    check: (o) => expect(o.message).toContain('set incidentResponse.detective.enabled: true'),
  },
  {
    name: 'the blueprint excludes the Region',
    controls: ALL_IDS,
    blueprint: `incidentResponse:\n  detective:\n    enabled: true\n    targets:\n      excludeRegions: [${R}]\n`,
    check: (o) => expect(o.message).toContain(`excludes ${R}`),
  },
  {
    name: 'the blueprint does not target the account',
    controls: ['detective.member-enabled'],
    blueprint: `incidentResponse:\n  detective:\n    enabled: true\n    targets:\n      ous: [Security]\n`,
    check: (o) => expect(o.message).toContain(`does not target account ${W}`),
  },
  {
    name: 'no administrator in this Region',
    controls: ['detective.behavior-graph', 'detective.org-auto-enable', 'detective.member-enabled'],
    mutate: (inv) => (admins(inv).byRegion[R] = ok([])),
    check: (o) => expect(o.message).toContain('detective.delegated-admin reports the gap'),
  },
  {
    name: 'no graph',
    controls: ['detective.org-auto-enable', 'detective.member-enabled'],
    mutate: (inv) => (adminData(inv).graph = ok(null)),
    check: (o) => expect(o.message).toContain('detective.behavior-graph reports the gap'),
  },
  {
    name: 'the account is the administrator',
    controls: ['detective.member-enabled'],
    account: AUDIT,
    check: (o) => expect(o.message).toBe('this account is the Detective administrator'),
  },
];

const ERROR_CASES: Case[] = [
  {
    name: 'ListOrganizationAdminAccounts denied everywhere',
    controls: ALL_IDS,
    mutate: (inv) => {
      admins(inv).byRegion[R] = denied('detective:ListOrganizationAdminAccounts', MGMT);
      admins(inv).byRegion[R2] = denied('detective:ListOrganizationAdminAccounts', MGMT);
    },
    check: (o) => expect(o.error?.operation).toBe('detective:ListOrganizationAdminAccounts'),
  },
  {
    name: 'ListOrganizationAdminAccounts denied in this Region while Detective runs in another',
    controls: ALL_IDS,
    mutate: (inv) => (admins(inv).byRegion[R] = denied('detective:ListOrganizationAdminAccounts', MGMT)),
    check: (o) => expect(o.error?.operation).toBe('detective:ListOrganizationAdminAccounts'),
  },
  {
    name: 'the administrator was not collected',
    controls: ['detective.behavior-graph', 'detective.org-auto-enable', 'detective.member-enabled'],
    mutate: (inv) => delete inv.region[AUDIT]![R],
    check: (o) => expect(o.message).toContain('was not collected'),
  },
  {
    name: 'ListGraphs denied',
    controls: ['detective.behavior-graph', 'detective.org-auto-enable', 'detective.member-enabled'],
    mutate: (inv) => (adminData(inv).graph = denied('detective:ListGraphs', AUDIT)),
    check: (o) => expect(o.error?.operation).toBe('detective:ListGraphs'),
  },
  {
    name: 'DescribeOrganizationConfiguration denied',
    controls: ['detective.org-auto-enable'],
    mutate: (inv) =>
      (adminData(inv).organizationConfiguration = denied(
        'detective:DescribeOrganizationConfiguration',
        AUDIT,
      )),
    check: (o) => expect(o.error?.operation).toBe('detective:DescribeOrganizationConfiguration'),
  },
  {
    name: 'ListMembers denied',
    controls: ['detective.member-enabled'],
    mutate: (inv) => (adminData(inv).members = denied('detective:ListMembers', AUDIT)),
    check: (o) => expect(o.error?.operation).toBe('detective:ListMembers'),
  },
];

function runCase(id: string, c: Case): Outcome {
  const inv = fixture();
  c.mutate?.(inv);
  return one(byId(id), inv, {
    ...(c.account ? { account: c.account } : {}),
    ...(c.blueprint !== undefined ? { blueprint: blueprint(c.blueprint) } : {}),
  });
}

const expand = (cases: Case[]) => cases.flatMap((c) => c.controls.map((id) => [id, c.name, c] as const));

describe('Detective controls on hand-built inventories', () => {
  it.each(expand(FAIL_CASES))('%s fails: %s', (id, _n, c) => {
    const o = runCase(id, c);
    expect(o.status).toBe('FAIL');
    expect(o.expected).toBeDefined();
    c.check(o);
  });

  it.each(expand(NA_CASES))('%s is not applicable: %s', (id, _n, c) => {
    const o = runCase(id, c);
    expect(o.status).toBe('NOT_APPLICABLE');
    c.check(o);
  });

  it.each(expand(ERROR_CASES))('%s reports ERROR: %s', (id, _n, c) => {
    const o = runCase(id, c);
    expect(o.status).toBe('ERROR');
    c.check(o);
  });

  it('evaluates normally when the blueprint asks for Detective', () => {
    const bp = blueprint('incidentResponse:\n  detective:\n    enabled: true\n');
    for (const id of ALL_IDS) expect(one(byId(id), fixture(), { blueprint: bp }).status).toBe('PASS');
  });

  it('every control has FAIL, NOT_APPLICABLE and ERROR cases', () => {
    for (const cases of [FAIL_CASES, NA_CASES, ERROR_CASES]) {
      expect([...new Set(cases.flatMap((c) => c.controls))].sort()).toEqual([...ALL_IDS].sort());
    }
  });
});
