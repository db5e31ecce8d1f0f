import { describe, expect, it } from 'vitest';
import {
  AuditManagerClient,
  DeregisterAccountCommand,
  RegisterAccountCommand,
  RegisterOrganizationAdminAccountCommand,
} from '@aws-sdk/client-auditmanager';
import { allAccounts, drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import {
  AUDIT_MANAGER,
  AUDIT_MANAGER_PRINCIPAL,
  auditManagerCollector,
  auditManagerModule,
  type AuditManagerSlice,
} from '../../src/services/auditmanager/index.js';
import type { Inventory } from '../../src/observe/types.js';
import type { Control } from '../../src/verify/types.js';
import { collectIn } from '../verify/harness.js';
import {
  AUDIT,
  LOGS,
  MGMT,
  R,
  R2,
  W1,
  W2,
  blueprint,
  evaluateScenario,
  failed,
  inventory,
  lines,
  observeScenario,
  ok,
  one,
  orgSlice,
  setRegionSlice,
} from './optional-fixtures.js';

const CONTROLS = auditManagerModule.controls;
const byId = (id: string): Control => {
  const c = CONTROLS.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};
const ENABLED = byId('audit-manager.enabled');
const ADMIN = byId('audit-manager.delegated-admin-security-tooling');

/** Sets Audit Manager up the SRA way: every account registered, security tooling as administrator. */
async function deployAuditManager(s: Scenario, admin = s.securityToolingId): Promise<void> {
  for (const region of s.governedRegions) {
    for (const account of allAccounts(s)) {
      await s.client(AuditManagerClient, account, region).send(new RegisterAccountCommand({}));
    }
    await s
      .client(AuditManagerClient, s.managementAccountId, region)
      .send(new RegisterOrganizationAdminAccountCommand({ adminAccountId: admin }));
  }
}

describe('audit-manager collector', () => {
  it('reads only the status where Audit Manager is not set up (no admin read that would be denied)', async () => {
    const s = await greenfield();
    expect(await collectIn(s, auditManagerCollector, s.managementAccountId)).toEqual({
      status: ok('INACTIVE'),
    });
    expect(await collectIn(s, auditManagerCollector, s.workloadIds[0]!)).toEqual({ status: ok('INACTIVE') });
    expect(s.sandbox.stats().byOperation.get('auditmanager:GetOrganizationAdminAccount')).toBeUndefined();
  });

  it('reads the administrator in the management account, and "none" when not designated', async () => {
    const s = await greenfield();
    const mgmt = s.client(AuditManagerClient, s.managementAccountId);
    await mgmt.send(new RegisterAccountCommand({}));
    expect(await collectIn(s, auditManagerCollector, s.managementAccountId)).toEqual({
      status: ok('ACTIVE'),
      admin: ok(null),
    });
    await mgmt.send(new RegisterOrganizationAdminAccountCommand({ adminAccountId: s.securityToolingId }));
    expect(await collectIn(s, auditManagerCollector, s.managementAccountId)).toEqual({
      status: ok('ACTIVE'),
      admin: ok(s.securityToolingId),
    });
    // Members are never asked for the administrator.
    await s.client(AuditManagerClient, s.securityToolingId).send(new RegisterAccountCommand({}));
    expect(await collectIn(s, auditManagerCollector, s.securityToolingId)).toEqual({ status: ok('ACTIVE') });
  });

  it('records a denied read as a DataError', async () => {
    const s = await greenfield();
    s.sandbox.knobs = { deny: [{ action: 'auditmanager:GetAccountStatus', account: s.workloadIds[0]! }] };
    const slice = await collectIn<AuditManagerSlice>(s, auditManagerCollector, s.workloadIds[0]!);
    expect(slice.status).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'auditmanager:GetAccountStatus', account: s.workloadIds[0] },
    });
  });
});

describe('audit-manager controls on sandbox scenarios', () => {
  it('are NOT_APPLICABLE everywhere on the drifted reference deployment', async () => {
    const s = await drifted();
    const inv = await observeScenario(s, [auditManagerCollector]);
    const findings = evaluateScenario(s, inv, CONTROLS);
    expect(findings).toHaveLength((allAccounts(s).length + 1) * s.governedRegions.length);
    expect(findings.filter((f) => f.status !== 'NOT_APPLICABLE')).toEqual([]);
    expect(findings[0]!.message).toMatch(/30 April 2026/);
  });

  it('PASS everywhere when set up the SRA way; FAIL exactly where it is not', async () => {
    const s = await drifted();
    await deployAuditManager(s);
    let findings = evaluateScenario(s, await observeScenario(s, [auditManagerCollector]), CONTROLS);
    expect(findings.filter((f) => f.status !== 'PASS')).toEqual([]);
    const [w, region] = [s.workloadIds[2]!, s.governedRegions[1]!];
    await s.client(AuditManagerClient, w, region).send(new DeregisterAccountCommand({}));
    findings = evaluateScenario(s, await observeScenario(s, [auditManagerCollector]), CONTROLS);
    expect(lines(findings, 'FAIL')).toEqual([`audit-manager.enabled ${w} ${region}`]);
  });

  it('FAIL on the administrator when it is not the security tooling account', async () => {
    const s = await greenfield();
    await deployAuditManager(s, s.logArchiveId);
    const findings = evaluateScenario(s, await observeScenario(s, [auditManagerCollector]), CONTROLS);
    expect(lines(findings, 'FAIL')).toEqual(
      s.governedRegions
        .map((r) => `audit-manager.delegated-admin-security-tooling ${s.managementAccountId} ${r}`)
        .sort(),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Controls on hand-built inventories
// ---------------------------------------------------------------------------------------------

const ALL = [MGMT, AUDIT, LOGS, W1, W2];

/** Every account ACTIVE in both Regions, AUDIT designated in both; `patch` drifts it. */
function amInventory(patch: (inv: Inventory) => void = () => undefined, org = orgSlice({})): Inventory {
  const inv = inventory(org);
  for (const region of [R, R2]) {
    for (const a of ALL) {
      const slice: AuditManagerSlice = { status: ok('ACTIVE') };
      if (a === MGMT) slice.admin = ok(AUDIT);
      setRegionSlice(inv, a, region, AUDIT_MANAGER, slice);
    }
  }
  patch(inv);
  return inv;
}

const slice = (inv: Inventory, account: string, region = R) =>
  inv.region[account]![region]![AUDIT_MANAGER] as AuditManagerSlice;

/** Audit Manager nowhere. */
function unused(): Inventory {
  return amInventory((inv) => {
    for (const region of [R, R2]) {
      for (const a of ALL) setRegionSlice(inv, a, region, AUDIT_MANAGER, { status: ok('INACTIVE') });
    }
  });
}

describe('audit-manager.enabled', () => {
  it('PASS where the account is ACTIVE', () => {
    const out = one(ENABLED, amInventory(), W1);
    expect(out).toMatchObject({ status: 'PASS', actual: 'ACTIVE', resource: `auditmanager:${R}:${W1}` });
  });

  it('FAIL where the account is not set up while the organization uses Audit Manager', () => {
    const inv = amInventory((i) => (slice(i, W1, R2).status = ok('INACTIVE')));
    expect(one(ENABLED, inv, W1, { region: R2 })).toMatchObject({
      status: 'FAIL',
      expected: 'ACTIVE',
      actual: 'INACTIVE',
    });
    expect(one(ENABLED, inv, W1, { region: R }).status).toBe('PASS');
  });

  it('FAIL when only Organizations shows the service in use, or only the blueprint asks for it', () => {
    const viaOrg = unused();
    viaOrg.organization.organizations = orgSlice({ admins: [[AUDIT, AUDIT_MANAGER_PRINCIPAL]] });
    expect(one(ENABLED, viaOrg, W2).status).toBe('FAIL');
    const bp = blueprint('assurance:\n  auditManager:\n    enabled: true\n');
    expect(one(ENABLED, unused(), W2, { blueprint: bp }).status).toBe('FAIL');
  });

  it('NOT_APPLICABLE when nobody uses it, saying how to adopt it and that AWS closed it to new customers', () => {
    const out = one(ENABLED, unused(), W2);
    expect(out.status).toBe('NOT_APPLICABLE');
    expect(out.message).toMatch(/assurance\.auditManager\.enabled/);
    expect(out.message).toMatch(/30 April 2026/);
  });

  it('ERROR when its own status could not be read', () => {
    const inv = amInventory((i) => (slice(i, W1).status = failed('auditmanager:GetAccountStatus', W1)));
    expect(one(ENABLED, inv, W1)).toMatchObject({
      status: 'ERROR',
      error: { operation: 'auditmanager:GetAccountStatus' },
    });
  });

  it('ERROR when the account is INACTIVE and whether the organization uses it is unknown', () => {
    const inv = unused();
    slice(inv, MGMT, R2).status = failed('auditmanager:GetAccountStatus', MGMT);
    expect(one(ENABLED, inv, W1)).toMatchObject({ status: 'ERROR', error: { account: MGMT } });
    // …but a known use elsewhere settles it.
    slice(inv, MGMT, R).status = ok('ACTIVE');
    expect(one(ENABLED, inv, W1).status).toBe('FAIL');
  });
});

describe('audit-manager.delegated-admin-security-tooling', () => {
  it('PASS when the security tooling account administers the Region', () => {
    expect(one(ADMIN, amInventory(), MGMT, { region: R2 })).toMatchObject({ status: 'PASS', actual: AUDIT });
  });

  it('FAIL when another account, no account, or no setup in the Region', () => {
    const other = amInventory((i) => (slice(i, MGMT).admin = ok(LOGS)));
    expect(one(ADMIN, other, MGMT)).toMatchObject({ status: 'FAIL', expected: AUDIT, actual: LOGS });
    const none = amInventory((i) => (slice(i, MGMT).admin = ok(null)));
    expect(one(ADMIN, none, MGMT)).toMatchObject({ status: 'FAIL', actual: 'none' });
    const notSetUp = amInventory((i) =>
      setRegionSlice(i, MGMT, R2, AUDIT_MANAGER, { status: ok('INACTIVE') }),
    );
    expect(one(ADMIN, notSetUp, MGMT, { region: R2 })).toMatchObject({
      status: 'FAIL',
      actual: 'management account status INACTIVE, no delegated administrator',
    });
  });

  it('NOT_APPLICABLE when not in use, or when no account is known as security tooling', () => {
    expect(one(ADMIN, unused(), MGMT).status).toBe('NOT_APPLICABLE');
    const out = one(ADMIN, amInventory(), MGMT, { roleAccounts: { management: [MGMT] } });
    expect(out.status).toBe('NOT_APPLICABLE');
    expect(out.message).toMatch(/accounts\.securityTooling/);
  });

  it('ERROR when the administrator could not be read', () => {
    const inv = amInventory(
      (i) => (slice(i, MGMT).admin = failed('auditmanager:GetOrganizationAdminAccount', MGMT)),
    );
    expect(one(ADMIN, inv, MGMT)).toMatchObject({
      status: 'ERROR',
      error: { operation: 'auditmanager:GetOrganizationAdminAccount' },
    });
  });
});
