/**
 * IAM Access Analyzer module: the collector against sandbox scenarios and a denied read, every control
 * on pass, fail, not-applicable and error inputs, and the family over greenfield and drifted scenarios.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AccessAnalyzerClient, CreateAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import { observe } from '../../src/observe/engine.js';
import type { AccountInfo, Collector, Datum, Inventory } from '../../src/observe/types.js';
import {
  ORGANIZATIONS_COLLECTOR_ID,
  accountsFromOrganization,
  organizationIdFrom,
  organizationsCollector,
  type OrganizationSlice,
} from '../../src/services/organizations/collect.js';
import {
  allAccounts,
  deployReferenceSra,
  drifted,
  greenfield,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import {
  ACCESS_ANALYZER,
  ACCESS_ANALYZER_PRINCIPAL,
  accessAnalyzerCollector,
  accessAnalyzerModule,
  accountAnalyzer,
  delegatedAdminIsSecurityTooling,
  delegatedAdminRegistered,
  organizationAnalyzer,
  unusedAccessAnalyzer,
  type AccessAnalyzerSlice,
  type AnalyzerInfo,
} from '../../src/services/accessanalyzer/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { accessFor, collectIn, evalControl } from '../verify/harness.js';

const MGMT = '111111111111';
const AUDIT = '222222222222';
const W = '444444444444';
const R = 'us-east-1';
const R2 = 'eu-west-1';
const ROLES: Record<string, AccountRoleId> = {
  [MGMT]: 'management',
  [AUDIT]: 'security-tooling',
  [W]: 'workload',
};
const ROLE_ACCOUNTS = { management: [MGMT], 'security-tooling': [AUDIT], workload: [W] };
const ok = <T>(value: T): Datum<T> => ({ ok: true, value });
const denied = <T>(operation: string, account = W): Datum<T> => ({
  ok: false,
  error: { kind: 'access-denied', message: `not allowed: ${operation}`, account, region: R, operation },
});

const analyzer = (type: string, over: Partial<AnalyzerInfo> = {}): AnalyzerInfo => ({
  arn: `arn:aws:access-analyzer:${R}:${AUDIT}:analyzer/${type.toLowerCase()}`,
  name: type.toLowerCase(),
  type,
  status: 'ACTIVE',
  ...over,
});

function orgSlice(admins: Datum<Array<{ account: string; principal: string }>>): OrganizationSlice {
  const never = denied<never>('organizations:ListRoots', MGMT);
  return {
    organization: ok({ id: 'o-abcdefghij', arn: 'arn', featureSet: 'ALL', managementAccountId: MGMT }),
    roots: never,
    ous: never,
    accounts: never,
    policies: never,
    trustedAccess: ok([{ principal: ACCESS_ANALYZER_PRINCIPAL }]),
    delegatedAdmins: admins,
  };
}

/** An inventory where each account × Region has the given analyzers (default: the SRA's). */
function inventory(
  over: Partial<Record<string, Partial<Record<string, Datum<AnalyzerInfo[]>>>>> = {},
  admins: Datum<Array<{ account: string; principal: string }>> = ok([
    { account: AUDIT, principal: ACCESS_ANALYZER_PRINCIPAL },
  ]),
): Inventory {
  const accounts: AccountInfo[] = [
    { id: MGMT, name: 'Management', status: 'ACTIVE', ouPath: [] },
    { id: AUDIT, name: 'Security Tooling', status: 'ACTIVE', ouPath: ['Security'] },
    { id: W, name: 'workload', status: 'ACTIVE', ouPath: ['Workloads'] },
  ];
  const inv = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: R,
    governedRegions: [R, R2],
    accounts,
  });
  inv.organization[ORGANIZATIONS_COLLECTOR_ID] = orgSlice(admins);
  for (const a of accounts) {
    for (const region of [R, R2]) {
      const sra = ok(
        a.id === AUDIT ? [analyzer('ACCOUNT'), analyzer('ORGANIZATION')] : [analyzer('ACCOUNT')],
      );
      const slice: AccessAnalyzerSlice = { analyzers: over[a.id]?.[region] ?? sra };
      ((inv.region[a.id] ??= {})[region] ??= {})[ACCESS_ANALYZER] = slice;
    }
  }
  return inv;
}

function run(
  control: Control,
  inv: Inventory,
  account: string,
  o: { blueprint?: Blueprint; roleAccounts?: Partial<Record<AccountRoleId, string[]>> } = {},
): Outcome {
  const out = evalControl(control, {
    inventory: inv,
    account: inv.accounts.find((a) => a.id === account)!,
    region: R,
    roles: [ROLES[account]!],
    roleAccounts: o.roleAccounts ?? ROLE_ACCOUNTS,
    ...(o.blueprint ? { blueprint: o.blueprint } : {}),
  });
  expect(out).toHaveLength(1);
  return out[0]!;
}

function blueprint(extra: string): Blueprint {
  const parsed = parseBlueprint(
    `organization:\n  managementAccount: '${MGMT}'\n  homeRegion: ${R}\n  governedRegions: [${R}, ${R2}]\n` +
      `accounts:\n  securityTooling: '${AUDIT}'\n  logArchive: '333333333333'\n${extra}`,
  );
  expect(parsed.diagnostics).toEqual([]);
  return parsed.blueprint!;
}

describe('access-analyzer collector', () => {
  it('reads no analyzers in a greenfield account', async () => {
    const s = await greenfield({ workloads: 1 });
    expect(await collectIn(s, accessAnalyzerCollector, s.securityToolingId)).toEqual({ analyzers: ok([]) });
  });

  it('reads the account analyzer everywhere and the organization analyzer in security tooling', async () => {
    const s = await greenfield({ workloads: 1 });
    await deployReferenceSra(s.sandbox, s);
    const tooling = await collectIn(s, accessAnalyzerCollector, s.securityToolingId, s.governedRegions[1]);
    expect(
      (tooling.analyzers as { value: AnalyzerInfo[] }).value.map((a) => [a.type, a.status]).sort(),
    ).toEqual([
      ['ACCOUNT', 'ACTIVE'],
      ['ORGANIZATION', 'ACTIVE'],
    ]);
    const workload = await collectIn(s, accessAnalyzerCollector, s.workloadIds[0]!);
    expect(workload.analyzers).toMatchObject(
      ok([{ type: 'ACCOUNT', status: 'ACTIVE', name: 'sra-account-analyzer' }]),
    );
  });

  it('reads the unused-access configuration of an unused-access analyzer', async () => {
    const s = await greenfield({ workloads: 1 });
    await s.client(AccessAnalyzerClient, s.workloadIds[0]!).send(
      new CreateAnalyzerCommand({
        analyzerName: 'unused',
        type: 'ACCOUNT_UNUSED_ACCESS',
        configuration: { unusedAccess: { unusedAccessAge: 30 } },
      }),
    );
    const slice = await collectIn(s, accessAnalyzerCollector, s.workloadIds[0]!);
    expect(slice.analyzers).toMatchObject(ok([{ type: 'ACCOUNT_UNUSED_ACCESS', unusedAccessAge: 30 }]));
  });

  it('records a denied ListAnalyzers as a DataError', async () => {
    const s = await greenfield({ workloads: 1 });
    s.sandbox.knobs = { deny: [{ action: 'access-analyzer:ListAnalyzers', account: s.securityToolingId }] };
    const slice = await collectIn(s, accessAnalyzerCollector, s.securityToolingId);
    expect(slice.analyzers).toMatchObject({
      ok: false,
      error: {
        kind: 'access-denied',
        operation: 'access-analyzer:ListAnalyzers',
        account: s.securityToolingId,
      },
    });
  });
});

describe('access-analyzer.account-analyzer', () => {
  it('passes with an active account analyzer, fails without one or with a disabled one, errors on a failed read', () => {
    expect(run(accountAnalyzer, inventory(), W)).toMatchObject({
      status: 'PASS',
      actual: { type: 'ACCOUNT' },
    });
    expect(run(accountAnalyzer, inventory({ [W]: { [R]: ok([]) } }), W)).toMatchObject({
      status: 'FAIL',
      expected: { type: 'ACCOUNT', status: 'ACTIVE' },
      actual: { analyzers: [] },
    });
    expect(
      run(accountAnalyzer, inventory({ [W]: { [R]: ok([analyzer('ACCOUNT', { status: 'FAILED' })]) } }), W),
    ).toMatchObject({
      status: 'FAIL',
      actual: { analyzers: [{ status: 'FAILED' }] },
    });
    // An organization analyzer does not stand in for the account one.
    expect(
      run(accountAnalyzer, inventory({ [AUDIT]: { [R]: ok([analyzer('ORGANIZATION')]) } }), AUDIT).status,
    ).toBe('FAIL');
    expect(
      run(accountAnalyzer, inventory({ [W]: { [R]: denied('access-analyzer:ListAnalyzers') } }), W),
    ).toMatchObject({
      status: 'ERROR',
      error: { operation: 'access-analyzer:ListAnalyzers' },
    });
  });
});

describe('delegated administrator', () => {
  it('registered: PASS with one, FAIL with none, ERROR when the registrations could not be read', () => {
    expect(run(delegatedAdminRegistered, inventory(), MGMT)).toMatchObject({
      status: 'PASS',
      actual: { delegatedAdmins: [AUDIT] },
    });
    expect(run(delegatedAdminRegistered, inventory({}, ok([])), MGMT)).toMatchObject({
      status: 'FAIL',
      actual: { delegatedAdmins: [] },
    });
    expect(
      run(
        delegatedAdminRegistered,
        inventory({}, denied('organizations:ListDelegatedAdministrators', MGMT)),
        MGMT,
      ),
    ).toMatchObject({ status: 'ERROR', error: { operation: 'organizations:ListDelegatedAdministrators' } });
  });

  it('is security tooling: PASS, FAIL for another account, N/A with none, FAIL without a security tooling account', () => {
    expect(run(delegatedAdminIsSecurityTooling, inventory(), MGMT).status).toBe('PASS');
    const other = inventory({}, ok([{ account: W, principal: ACCESS_ANALYZER_PRINCIPAL }]));
    expect(run(delegatedAdminIsSecurityTooling, other, MGMT)).toMatchObject({
      status: 'FAIL',
      expected: { delegatedAdmin: [AUDIT] },
      actual: { delegatedAdmins: [W] },
    });
    expect(run(delegatedAdminIsSecurityTooling, inventory({}, ok([])), MGMT).status).toBe('NOT_APPLICABLE');
    expect(
      run(delegatedAdminIsSecurityTooling, inventory(), MGMT, {
        roleAccounts: { management: [MGMT], workload: [W] },
      }),
    ).toMatchObject({
      status: 'FAIL',
      message: expect.stringContaining('no account holds the security tooling role'),
    });
    // Registrations of other services do not count.
    const otherService = inventory({}, ok([{ account: AUDIT, principal: 'guardduty.amazonaws.com' }]));
    expect(run(delegatedAdminRegistered, otherService, MGMT).status).toBe('FAIL');
    expect(
      run(
        delegatedAdminIsSecurityTooling,
        inventory({}, denied('organizations:ListDelegatedAdministrators', MGMT)),
        MGMT,
      ).status,
    ).toBe('ERROR');
  });
});

describe('access-analyzer.organization-analyzer', () => {
  it('passes in security tooling, fails without or with a disabled one, N/A when the blueprint turns it off', () => {
    expect(run(organizationAnalyzer, inventory(), AUDIT)).toMatchObject({
      status: 'PASS',
      actual: { type: 'ORGANIZATION' },
    });
    const disabled = inventory({
      [AUDIT]: {
        [R]: ok([
          analyzer('ACCOUNT'),
          analyzer('ORGANIZATION', {
            status: 'DISABLED',
            statusReason: 'DELEGATED_ADMINISTRATOR_DEREGISTERED',
          }),
        ]),
      },
    });
    expect(run(organizationAnalyzer, disabled, AUDIT)).toMatchObject({
      status: 'FAIL',
      actual: { analyzers: [{ status: 'DISABLED', statusReason: 'DELEGATED_ADMINISTRATOR_DEREGISTERED' }] },
    });
    expect(
      run(organizationAnalyzer, inventory({ [AUDIT]: { [R]: ok([analyzer('ACCOUNT')]) } }), AUDIT),
    ).toMatchObject({
      status: 'FAIL',
      expected: { type: 'ORGANIZATION', status: 'ACTIVE' },
    });
    const off = blueprint('identity:\n  accessAnalyzer:\n    external: false\n');
    expect(
      run(organizationAnalyzer, inventory({ [AUDIT]: { [R]: ok([]) } }), AUDIT, { blueprint: off }).status,
    ).toBe('NOT_APPLICABLE');
    expect(
      run(
        organizationAnalyzer,
        inventory({ [AUDIT]: { [R]: denied('access-analyzer:ListAnalyzers', AUDIT) } }),
        AUDIT,
      ).status,
    ).toBe('ERROR');
  });
});

describe('access-analyzer.unused-access-analyzer', () => {
  const unused = (age = 90, over: Partial<AnalyzerInfo> = {}) =>
    analyzer('ORGANIZATION_UNUSED_ACCESS', { unusedAccessAge: age, ...over });
  const withUnused = (where: string, a: AnalyzerInfo) =>
    inventory({
      [where]: { [R2]: ok([analyzer('ACCOUNT'), ...(where === AUDIT ? [analyzer('ORGANIZATION')] : []), a]) },
    });

  it('is N/A when nobody uses one and the blueprint does not ask for it', () => {
    const o = run(unusedAccessAnalyzer, inventory(), AUDIT);
    expect(o.status).toBe('NOT_APPLICABLE');
    expect(o.message).toContain('identity.accessAnalyzer.unusedAccess.enabled');
    expect(run(unusedAccessAnalyzer, inventory(), AUDIT, { blueprint: blueprint('') }).status).toBe(
      'NOT_APPLICABLE',
    );
  });

  it('fails when the blueprint asks for one and there is none, passes when there is one of the asked age', () => {
    const asked = blueprint(
      'identity:\n  accessAnalyzer:\n    unusedAccess: { enabled: true, unusedAccessAgeDays: 60 }\n',
    );
    expect(run(unusedAccessAnalyzer, inventory(), AUDIT, { blueprint: asked })).toMatchObject({
      status: 'FAIL',
      expected: { type: 'ORGANIZATION_UNUSED_ACCESS' },
    });
    expect(
      run(unusedAccessAnalyzer, withUnused(AUDIT, unused(60)), AUDIT, { blueprint: asked }),
    ).toMatchObject({
      status: 'PASS',
      actual: { unusedAccessAge: 60 },
    });
    expect(
      run(unusedAccessAnalyzer, withUnused(AUDIT, unused(90)), AUDIT, { blueprint: asked }),
    ).toMatchObject({
      status: 'FAIL',
      expected: { unusedAccessAge: 60 },
      actual: { unusedAccessAge: 90 },
    });
  });

  it('skips a Region the security tooling account has not enabled', () => {
    const inv = withUnused(AUDIT, unused());
    delete inv.region[AUDIT]![R];
    inv.unreachable.push({
      kind: 'region-disabled',
      message: 'not enabled',
      account: AUDIT,
      region: R,
      operation: 'sts:AssumeRole',
    });
    expect(run(unusedAccessAnalyzer, inv, AUDIT).status).toBe('PASS');
  });

  it('is judged without a blueprint once one exists, and fails when it runs outside security tooling', () => {
    expect(run(unusedAccessAnalyzer, withUnused(AUDIT, unused()), AUDIT).status).toBe('PASS');
    expect(run(unusedAccessAnalyzer, withUnused(MGMT, unused()), AUDIT)).toMatchObject({
      status: 'FAIL',
      actual: { ownedElsewhereBy: [MGMT] },
    });
    expect(
      run(
        unusedAccessAnalyzer,
        inventory({ [AUDIT]: { [R2]: denied('access-analyzer:ListAnalyzers', AUDIT) } }),
        AUDIT,
      ).status,
    ).toBe('ERROR');
  });
});

// ---------------------------------------------------------------------------------------------------------
// The family over whole scenarios

async function observeWith(s: Scenario, collectors: readonly Collector[]): Promise<Inventory> {
  return observe({
    access: accessFor(s),
    collectors: [organizationsCollector, ...collectors],
    managementAccountId: s.managementAccountId,
    homeRegion: s.homeRegion,
    governedRegions: s.governedRegions,
    accountsFrom: accountsFromOrganization,
    organizationIdFrom,
    now: () => 0,
  });
}

function roles(s: Scenario) {
  const special = new Map<string, AccountRoleId>([
    [s.managementAccountId, 'management'],
    [s.securityToolingId, 'security-tooling'],
    [s.logArchiveId, 'log-archive'],
    [s.networkId, 'network'],
    [s.sharedServicesId, 'shared-services'],
  ]);
  const roleAccounts: Partial<Record<AccountRoleId, string[]>> = {};
  for (const a of allAccounts(s)) (roleAccounts[special.get(a) ?? 'workload'] ??= []).push(a);
  return { rolesOf: (a: string) => [special.get(a) ?? 'workload'], roleAccounts };
}

describe('access-analyzer family over scenarios', () => {
  let s: Scenario;
  let inv: Inventory;
  beforeAll(async () => {
    s = await drifted({ workloads: 3 });
    inv = await observeWith(s, accessAnalyzerModule.collectors);
  });

  it('passes everything on the drifted scenario (no drift touches Access Analyzer)', () => {
    const findings = evaluateControls(inv, accessAnalyzerModule.controls, roles(s));
    expect(findings.filter((f) => f.status !== 'PASS' && f.status !== 'NOT_APPLICABLE')).toEqual([]);
    expect(
      findings
        .filter((f) => f.controlId === 'access-analyzer.organization-analyzer')
        .map((f) => [f.account, f.status]),
    ).toEqual(s.governedRegions.map(() => [s.securityToolingId, 'PASS']));
  });

  it('fails every account, the registration and security tooling in a greenfield organization', async () => {
    const g = await greenfield({ workloads: 1 });
    const findings = evaluateControls(
      await observeWith(g, accessAnalyzerModule.collectors),
      accessAnalyzerModule.controls,
      roles(g),
    );
    const byControl = (id: string) => findings.filter((f) => f.controlId === id).map((f) => f.status);
    expect(new Set(byControl('access-analyzer.account-analyzer'))).toEqual(new Set(['FAIL']));
    expect(byControl('access-analyzer.account-analyzer')).toHaveLength(
      allAccounts(g).length * g.governedRegions.length,
    );
    expect(byControl('access-analyzer.delegated-admin-registered')).toEqual(['FAIL']);
    expect(byControl('access-analyzer.delegated-admin-is-security-tooling')).toEqual(['NOT_APPLICABLE']);
    expect(byControl('access-analyzer.organization-analyzer')).toEqual(['FAIL', 'FAIL']);
    expect(byControl('access-analyzer.unused-access-analyzer')).toEqual(['NOT_APPLICABLE']);
  });
});
