/**
 * The Account Management module: alternate contacts read in each account, and the three contact controls
 * on pass, fail, not-applicable (accounts the engine does not evaluate) and error inputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import type { AccountInfo, Inventory } from '../../src/observe/types.js';
import { drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { setAlternateContact } from '../../src/sandbox/services/account.js';
import {
  ACCOUNT_CONTROLS,
  accountCollector,
  type AccountSlice,
  type ContactType,
} from '../../src/services/account/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control } from '../../src/verify/types.js';
import { collectIn, evalControl } from '../verify/harness.js';

const MGMT = '111111111111';
const W1 = '444444444444';

describe('account collector', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await drifted({ workloads: 1 });
  });

  it('reads the three alternate contacts of a member account in that account', async () => {
    s.sandbox.resetStats();
    const slice = await collectIn(s, accountCollector, s.workloadIds[0]!);
    for (const type of ['SECURITY', 'BILLING', 'OPERATIONS'] as const) {
      expect(slice.alternateContacts[type]).toEqual({
        ok: true,
        value: {
          name: `${type.toLowerCase()} team`,
          title: `${type.toLowerCase()} contact`,
          email: `${type.toLowerCase()}@example.com`,
          phone: '+1-555-0100',
        },
      });
    }
    // Three reads, all made as the member account itself.
    const byKey = s.sandbox.stats().byKey;
    expect(byKey.get(`${s.workloadIds[0]}|${s.homeRegion}|account:GetAlternateContact`)).toBe(3);
    expect(byKey.get(`${s.managementAccountId}|${s.homeRegion}|account:GetAlternateContact`)).toBeUndefined();
  });

  it('records a missing contact as null, not as an error', async () => {
    const g = await greenfield({ workloads: 1 });
    setAlternateContact(g.sandbox.world, g.workloadIds[0]!, 'BILLING', {
      name: 'Billing',
      title: 'AP',
      emailAddress: 'ap@example.com',
      phoneNumber: '+1 555 0199',
    });
    const slice = await collectIn(g, accountCollector, g.workloadIds[0]!);
    expect(slice.alternateContacts.SECURITY).toEqual({ ok: true, value: null });
    expect(slice.alternateContacts.OPERATIONS).toEqual({ ok: true, value: null });
    expect(slice.alternateContacts.BILLING).toMatchObject({ ok: true, value: { email: 'ap@example.com' } });
  });

  it('records a denied read as a DataError for that account', async () => {
    const t = await drifted({ workloads: 1 });
    const victim = t.workloadIds[0]!;
    t.sandbox.knobs = { deny: [{ action: 'account:GetAlternateContact', account: victim }] };
    const slice = await collectIn(t, accountCollector, victim);
    expect(slice.alternateContacts.SECURITY).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', account: victim, operation: 'account:GetAlternateContact' },
    });
    const other = await collectIn(t, accountCollector, t.networkId);
    expect(other.alternateContacts.SECURITY.ok).toBe(true);
  });
});

describe('account controls', () => {
  const contact = (type: string) => ({
    name: `${type} team`,
    title: 'lead',
    email: `${type}@example.com`,
    phone: '+1-555-0100',
  });
  const full = (): AccountSlice => ({
    alternateContacts: {
      SECURITY: { ok: true, value: contact('security') },
      BILLING: { ok: true, value: contact('billing') },
      OPERATIONS: { ok: true, value: contact('operations') },
    },
  });
  const accounts: AccountInfo[] = [
    { id: MGMT, name: 'Management', status: 'ACTIVE', ouPath: [] },
    { id: W1, name: 'w1', status: 'ACTIVE', ouPath: ['Workloads'] },
  ];
  const inventoryWith = (slice: AccountSlice, more: AccountInfo[] = []): Inventory => {
    const inv = emptyInventory({
      managementAccountId: MGMT,
      homeRegion: 'us-east-1',
      governedRegions: ['us-east-1'],
      accounts: [...accounts, ...more],
    });
    inv.account[W1] = { account: slice };
    inv.account[MGMT] = { account: full() };
    return inv;
  };
  const run = (control: Control, slice: AccountSlice, blueprint?: Blueprint) =>
    evalControl(control, {
      inventory: inventoryWith(slice),
      account: accounts[1]!,
      region: 'us-east-1',
      roles: ['workload'],
      roleAccounts: { management: [MGMT], workload: [W1] },
      ...(blueprint ? { blueprint } : {}),
    });

  const cases: ReadonlyArray<[string, ContactType, string, string[]]> = [
    ['account.security-contact', 'SECURITY', 'SRA-ACCOUNT-01', ['Account.1']],
    ['account.billing-contact', 'BILLING', 'SRA-ACCOUNT-02', []],
    ['account.operations-contact', 'OPERATIONS', 'SRA-ACCOUNT-03', []],
  ];

  it.each(cases)(
    '%s passes with the contact, fails without it, errors when it could not be read',
    (id, type, sra, fsbp) => {
      const c = ACCOUNT_CONTROLS.find((x) => x.id === id)!;
      expect(c.refs.sraVerify).toEqual([sra]);
      expect(c.refs.fsbp ?? []).toEqual(fsbp);
      const ok = run(c, full());
      expect(ok).toEqual([
        expect.objectContaining({
          status: 'PASS',
          actual: expect.objectContaining({ email: expect.stringContaining('@') }),
        }),
      ]);
      const missing = full();
      missing.alternateContacts[type] = { ok: true, value: null };
      expect(run(c, missing)).toEqual([expect.objectContaining({ status: 'FAIL', actual: null })]);
      const broken = full();
      broken.alternateContacts[type] = {
        ok: false,
        error: {
          kind: 'throttled',
          message: 'slow down',
          account: W1,
          region: 'us-east-1',
          operation: 'account:GetAlternateContact',
        },
      };
      expect(run(c, broken)).toEqual([
        expect.objectContaining({ status: 'ERROR', error: expect.objectContaining({ kind: 'throttled' }) }),
      ]);
    },
  );

  it('with a blueprint, a contact whose email differs from it fails', () => {
    const r = parseBlueprint(
      JSON.stringify({
        organization: { managementAccount: MGMT, homeRegion: 'us-east-1', governedRegions: ['us-east-1'] },
        accounts: { securityTooling: '222222222222', logArchive: '333333333333' },
        governance: {
          alternateContacts: {
            security: { name: 'SecOps', title: 'Team', email: 'secops@example.com', phone: '+1-555-0101' },
          },
        },
      }),
    );
    expect(r.diagnostics).toEqual([]);
    const c = ACCOUNT_CONTROLS.find((x) => x.id === 'account.security-contact')!;
    const out = run(c, full(), r.blueprint);
    expect(out[0]).toMatchObject({
      status: 'FAIL',
      expected: { email: 'secops@example.com' },
      actual: { email: 'security@example.com' },
    });
    const matching = full();
    matching.alternateContacts.SECURITY = {
      ok: true,
      value: { ...contact('x'), email: 'SecOps@example.com' },
    };
    expect(run(c, matching, r.blueprint)[0]!.status).toBe('PASS');
  });

  it('is not evaluated for accounts that are not active (not applicable), and once per active account', () => {
    const suspended: AccountInfo = { id: '555555555555', name: 'old', status: 'SUSPENDED', ouPath: [] };
    const inv = inventoryWith(full(), [suspended]);
    const findings = evaluateControls(inv, ACCOUNT_CONTROLS, {
      rolesOf: (a) => (a === MGMT ? ['management'] : ['workload']),
      roleAccounts: { management: [MGMT] },
    });
    expect(findings.filter((f) => f.account === suspended.id)).toEqual([]);
    expect(findings).toHaveLength(ACCOUNT_CONTROLS.length * 2);
    expect(findings.every((f) => f.status === 'PASS')).toBe(true);
  });
});
