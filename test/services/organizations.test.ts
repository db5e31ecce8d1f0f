/**
 * The Organizations module: the organization collector against sandbox scenarios (slice contents, read
 * counts, failures becoming DataError), the helpers other modules rely on, role hints, and every control on
 * pass, fail, not-applicable and error inputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CreateOrganizationalUnitCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import type { AccountInfo, DataError, Datum, Inventory } from '../../src/observe/types.js';
import { drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import {
  ORGANIZATIONS_CONTROLS,
  accountsFromOrganization,
  delegatedAdminsOf,
  delegatedServicesOf,
  hasTrustedAccess,
  organizationIdFrom,
  organizationRoleHints,
  organizationSliceOf,
  organizationsCollector,
  organizationsModule,
  ouPathOf,
  parentOf,
  type OrganizationSlice,
} from '../../src/services/organizations/index.js';
import { expectedTrustedServices } from '../../src/services/organizations/controls.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { collectIn, evalControl } from '../verify/harness.js';

const denied = (operation: string, account: string): DataError => ({
  kind: 'access-denied',
  message: `not allowed: ${operation}`,
  account,
  region: 'us-east-1',
  operation,
  awsErrorName: 'AccessDeniedException',
});
const failedDatum = <T>(operation: string, account: string): Datum<T> => ({
  ok: false,
  error: denied(operation, account),
});

describe('organizations collector', () => {
  let s: Scenario;
  let slice: OrganizationSlice;
  beforeAll(async () => {
    s = await drifted({ workloads: 2 });
    s.sandbox.resetStats();
    slice = await collectIn(s, organizationsCollector, s.managementAccountId);
  });

  it('reads the organization, its root with SCP and RCP enabled, and the OU tree', () => {
    expect(slice.notInOrganization).toBeUndefined();
    expect(slice.organization).toEqual({
      ok: true,
      value: expect.objectContaining({
        id: s.organizationId,
        featureSet: 'ALL',
        managementAccountId: s.managementAccountId,
      }),
    });
    const roots = slice.roots.ok ? slice.roots.value : [];
    expect(roots).toHaveLength(1);
    expect(roots[0]!.policyTypes).toEqual(
      expect.arrayContaining([
        { type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' },
        { type: 'RESOURCE_CONTROL_POLICY', status: 'ENABLED' },
      ]),
    );
    const ous = slice.ous.ok ? slice.ous.value : [];
    expect(ous.map((o) => o.path.join('/')).sort()).toEqual(['Infrastructure', 'Security', 'Workloads']);
    expect(ous.every((o) => o.parentId === roots[0]!.id)).toBe(true);
  });

  it('lists every account with its parent, and reads each parent once instead of one ListParents per account', () => {
    const accounts = slice.accounts.ok ? slice.accounts.value : [];
    expect(accounts.map((a) => a.id).sort()).toEqual(
      [
        s.managementAccountId,
        s.securityToolingId,
        s.logArchiveId,
        s.networkId,
        s.sharedServicesId,
        ...s.workloadIds,
      ].sort(),
    );
    expect(ouPathOf(slice, s.securityToolingId)).toEqual(['Security']);
    expect(ouPathOf(slice, s.networkId)).toEqual(['Infrastructure']);
    expect(ouPathOf(slice, s.managementAccountId)).toEqual([]);
    expect(parentOf(slice, s.managementAccountId)).toMatch(/^r-/);
    const byOp = s.sandbox.stats().byOperation;
    // Root + three OUs = four parents.
    expect(byOp.get('organizations:ListAccountsForParent')).toBe(4);
    expect(byOp.get('organizations:ListParents')).toBeUndefined();
    expect(byOp.get('organizations:ListAccounts')).toBeUndefined();
  });

  it('keeps customer SCPs and RCPs with their targets and content, AWS-managed ones without targets', () => {
    const policies = slice.policies.ok ? slice.policies.value : [];
    const scp = policies.find((p) => p.name === 'sra-protect-baseline');
    expect(scp).toMatchObject({ type: 'SERVICE_CONTROL_POLICY', awsManaged: false });
    expect(scp!.targets).toEqual([expect.stringMatching(/^r-/)]);
    expect(JSON.parse(scp!.content!)).toHaveProperty('Statement');
    expect(policies.find((p) => p.name === 'sra-require-tls')).toMatchObject({
      type: 'RESOURCE_CONTROL_POLICY',
    });
    const full = policies.find((p) => p.name === 'FullAWSAccess');
    expect(full).toMatchObject({ awsManaged: true });
    expect(full!.targets).toBeUndefined();
  });

  it('answers who is delegated administrator of what, and which services have trusted access', () => {
    expect(delegatedAdminsOf(slice, 'guardduty.amazonaws.com')).toEqual([s.securityToolingId]);
    expect(delegatedAdminsOf(slice, 'detective.amazonaws.com')).toEqual([]);
    expect(delegatedServicesOf(slice, s.securityToolingId)).toEqual(
      expect.arrayContaining([
        'config.amazonaws.com',
        'access-analyzer.amazonaws.com',
        'securityhub.amazonaws.com',
      ]),
    );
    expect(delegatedServicesOf(slice, s.managementAccountId)).toEqual([]);
    expect(hasTrustedAccess(slice, 'iam.amazonaws.com')).toBe(true);
    expect(hasTrustedAccess(slice, 'fms.amazonaws.com')).toBe(false);
    // One ListDelegatedServicesForAccount per admin account (here: one), not one call per principal.
    expect(s.sandbox.stats().byOperation.get('organizations:ListDelegatedServicesForAccount')).toBe(1);
  });

  it('gives the engine the account list and organization id', () => {
    const organization = { organizations: slice };
    expect(organizationSliceOf(organization)).toBe(slice);
    expect(organizationIdFrom(organization)).toBe(s.organizationId);
    const accounts = accountsFromOrganization(organization) as AccountInfo[];
    expect(accounts.find((a) => a.id === s.logArchiveId)).toMatchObject({
      name: 'Log Archive',
      status: 'ACTIVE',
      ouPath: ['Security'],
      parentId: expect.stringMatching(/^ou-/),
    });
    expect(accountsFromOrganization({})).toMatchObject({ kind: 'skipped' });
  });

  it('walks OUs at every depth', async () => {
    const t = await greenfield({ workloads: 1 });
    const org = t.client(OrganizationsClient, t.managementAccountId);
    const slice0 = await collectIn(t, organizationsCollector, t.managementAccountId);
    const workloads = (slice0.ous.ok ? slice0.ous.value : []).find((o) => o.name === 'Workloads')!;
    const prod = await org.send(
      new CreateOrganizationalUnitCommand({ ParentId: workloads.id, Name: 'Prod' }),
    );
    const eu = await org.send(
      new CreateOrganizationalUnitCommand({ ParentId: prod.OrganizationalUnit!.Id!, Name: 'EU' }),
    );
    await org.send(
      new MoveAccountCommand({
        AccountId: t.workloadIds[0]!,
        SourceParentId: workloads.id,
        DestinationParentId: eu.OrganizationalUnit!.Id!,
      }),
    );
    const deep = await collectIn(t, organizationsCollector, t.managementAccountId);
    expect(ouPathOf(deep, t.workloadIds[0]!)).toEqual(['Workloads', 'Prod', 'EU']);
    const found = accountsFromOrganization({ organizations: deep }) as AccountInfo[];
    expect(found.find((a) => a.id === t.workloadIds[0])!.ouPath).toEqual(['Workloads', 'Prod', 'EU']);
  });

  it('reads a greenfield organization: no policy types, no trusted access, no delegated administrators', async () => {
    const t = await greenfield({ workloads: 1 });
    const g = await collectIn(t, organizationsCollector, t.managementAccountId);
    expect(g.roots.ok && g.roots.value[0]!.policyTypes).toEqual([]);
    expect(g.trustedAccess).toEqual({ ok: true, value: [] });
    expect(g.delegatedAdmins).toEqual({ ok: true, value: [] });
  });

  it('records a denied read as a DataError and keeps the rest of the slice', async () => {
    const t = await drifted({ workloads: 1 });
    t.sandbox.knobs = {
      deny: [{ action: 'organizations:ListDelegatedAdministrators', account: t.managementAccountId }],
    };
    const d = await collectIn(t, organizationsCollector, t.managementAccountId);
    expect(d.delegatedAdmins).toMatchObject({
      ok: false,
      error: {
        kind: 'access-denied',
        operation: 'organizations:ListDelegatedAdministrators',
        account: t.managementAccountId,
      },
    });
    expect(delegatedAdminsOf(d, 'guardduty.amazonaws.com')).toBeUndefined();
    expect(d.accounts.ok).toBe(true);
  });

  it('falls back to ListAccounts (without parents) when the OU tree cannot be read', async () => {
    const t = await drifted({ workloads: 1 });
    t.sandbox.knobs = {
      deny: [{ action: 'organizations:ListOrganizationalUnitsForParent', account: t.managementAccountId }],
    };
    const d = await collectIn(t, organizationsCollector, t.managementAccountId);
    expect(d.ous).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
    expect(d.accounts.ok && d.accounts.value.length).toBe(6);
    expect(d.accounts.ok && d.accounts.value.every((a) => a.parentId === undefined)).toBe(true);
    expect(ouPathOf(d, t.securityToolingId)).toBeUndefined();
    const list = accountsFromOrganization({ organizations: d }) as AccountInfo[];
    expect(list).toHaveLength(6);
  });

  it('records "not in an organization" as a fact beside the failed read', async () => {
    const t = await greenfield({ workloads: 1 });
    t.sandbox.world.organization = undefined;
    const d = await collectIn(t, organizationsCollector, t.managementAccountId);
    expect(d.notInOrganization).toBe(true);
    expect(d.organization).toMatchObject({
      ok: false,
      error: { awsErrorName: 'AWSOrganizationsNotInUseException' },
    });
    expect(d.accounts.ok).toBe(false);
    expect(organizationIdFrom({ organizations: d })).toBeUndefined();
  });

  it('turns delegated administrators into role hints', () => {
    const inv = emptyInventory({
      managementAccountId: s.managementAccountId,
      homeRegion: 'us-east-1',
      governedRegions: [],
      accounts: [],
    });
    inv.organization.organizations = slice;
    const hints = organizationRoleHints(inv);
    expect(
      hints.filter((h) => h.account === s.securityToolingId).every((h) => h.role === 'security-tooling'),
    ).toBe(true);
    expect(hints.length).toBeGreaterThanOrEqual(5);
    expect(hints[0]).toMatchObject({
      weight: 10,
      reason: expect.stringMatching(/^delegated administrator of /),
    });
    expect(organizationsModule.roleHints).toBe(organizationRoleHints);
  });
});

// ---------------------------------------------------------------------------------------------
// Controls
// ---------------------------------------------------------------------------------------------

describe('organizations controls', () => {
  let s: Scenario;
  let base: OrganizationSlice;
  beforeAll(async () => {
    s = await drifted({ workloads: 2 });
    base = await collectIn(s, organizationsCollector, s.managementAccountId);
  });

  const roleAccounts = (): Partial<Record<AccountRoleId, readonly string[]>> => ({
    management: [s.managementAccountId],
    'security-tooling': [s.securityToolingId],
    'log-archive': [s.logArchiveId],
  });

  function run(
    control: Control,
    mutate: (x: OrganizationSlice) => void = () => {},
    extra: { roleAccounts?: Partial<Record<AccountRoleId, readonly string[]>>; blueprint?: Blueprint } = {},
  ): Outcome[] {
    const slice = structuredClone(base);
    mutate(slice);
    const accounts = accountsFromOrganization({ organizations: base }) as AccountInfo[];
    const inventory: Inventory = emptyInventory({
      managementAccountId: s.managementAccountId,
      homeRegion: s.homeRegion,
      governedRegions: s.governedRegions,
      accounts,
    });
    inventory.organization.organizations = slice;
    return evalControl(control, {
      inventory,
      account: accounts.find((a) => a.id === s.managementAccountId)!,
      region: s.homeRegion,
      roles: ['management'],
      roleAccounts: extra.roleAccounts ?? roleAccounts(),
      ...(extra.blueprint ? { blueprint: extra.blueprint } : {}),
    });
  }
  const byId = (id: string): Control => ORGANIZATIONS_CONTROLS.find((c) => c.id === id)!;
  const statuses = (o: Outcome[]) => o.map((x) => x.status);
  const value = <T>(d: Datum<T>): T => {
    if (!d.ok) throw new Error('datum failed');
    return d.value;
  };
  const noOrg = (x: OrganizationSlice) => {
    x.notInOrganization = true;
    x.organization = {
      ok: false,
      error: {
        ...denied('organizations:DescribeOrganization', s.managementAccountId),
        kind: 'service',
        awsErrorName: 'AWSOrganizationsNotInUseException',
      },
    };
  };

  it('has controls for every SRA-ORGANIZATIONS check', () => {
    const refs = ORGANIZATIONS_CONTROLS.flatMap((c) => c.refs.sraVerify ?? []).sort();
    expect(refs).toEqual(Array.from({ length: 9 }, (_, i) => `SRA-ORGANIZATIONS-0${i + 1}`));
  });

  it('every control passes on the reference deployment', () => {
    for (const c of ORGANIZATIONS_CONTROLS) {
      const out = run(c);
      expect(
        statuses(out).every((st) => st === 'PASS'),
        `${c.id}: ${JSON.stringify(out)}`,
      ).toBe(true);
    }
  });

  it('every control other than organizations.enabled is not applicable outside an organization', () => {
    for (const c of ORGANIZATIONS_CONTROLS.filter((x) => x.id !== 'organizations.enabled')) {
      const out = run(c, noOrg);
      expect(out, c.id).toEqual([
        expect.objectContaining({
          status: 'NOT_APPLICABLE',
          message: expect.stringMatching(/not in an organization/),
        }),
      ]);
    }
  });

  it('every control is ERROR when the organization could not be read', () => {
    for (const c of ORGANIZATIONS_CONTROLS) {
      const out = run(c, (x) => {
        x.organization = failedDatum('organizations:DescribeOrganization', s.managementAccountId);
      });
      expect(out, c.id).toEqual([
        expect.objectContaining({
          status: 'ERROR',
          error: expect.objectContaining({ operation: 'organizations:DescribeOrganization' }),
        }),
      ]);
    }
  });

  it('organizations.enabled fails without an organization and when another account manages it', () => {
    const c = byId('organizations.enabled');
    expect(run(c, noOrg)[0]).toMatchObject({ status: 'FAIL', expected: 'an organization', actual: null });
    const other = run(c, (x) => {
      value(x.organization).managementAccountId = '999999999999';
    });
    expect(other[0]).toMatchObject({ status: 'FAIL', actual: { managementAccountId: '999999999999' } });
  });

  it('organizations.all-features fails on consolidated billing', () => {
    const out = run(byId('organizations.all-features'), (x) => {
      value(x.organization).featureSet = 'CONSOLIDATED_BILLING';
    });
    expect(out[0]).toMatchObject({
      status: 'FAIL',
      expected: { featureSet: 'ALL' },
      actual: { featureSet: 'CONSOLIDATED_BILLING' },
    });
  });

  it.each([
    ['organizations.scps-configured', 'SERVICE_CONTROL_POLICY'],
    ['organizations.rcps-configured', 'RESOURCE_CONTROL_POLICY'],
  ])(
    '%s fails when the type is off, when no customer policy is attached, and errors without the policies',
    (id, type) => {
      const c = byId(id);
      const off = run(c, (x) => {
        for (const r of value(x.roots)) r.policyTypes = r.policyTypes.filter((p) => p.type !== type);
      });
      expect(off[0]).toMatchObject({ status: 'FAIL', actual: { policyType: 'DISABLED' } });
      const unattached = run(c, (x) => {
        for (const p of value(x.policies)) if (p.type === type && !p.awsManaged) p.targets = [];
      });
      expect(unattached[0]).toMatchObject({
        status: 'FAIL',
        actual: { policyType: 'ENABLED', customerPoliciesAttached: 0 },
      });
      const err = run(c, (x) => {
        x.policies = failedDatum('organizations:ListPolicies', s.managementAccountId);
      });
      expect(err[0]).toMatchObject({ status: 'ERROR', error: { operation: 'organizations:ListPolicies' } });
    },
  );

  it.each([
    ['organizations.security-ou', 'Security'],
    ['organizations.infrastructure-ou', 'Infrastructure'],
    ['organizations.workloads-ou', 'Workloads'],
  ])('%s fails without the OU, accepts it nested, and errors without the OU list', (id, name) => {
    const c = byId(id);
    const missing = run(c, (x) => {
      x.ous = { ok: true, value: value(x.ous).filter((o) => o.name !== name) };
    });
    expect(missing[0]).toMatchObject({ status: 'FAIL', expected: { ou: name } });
    const nested = run(c, (x) => {
      for (const o of value(x.ous)) if (o.name === name) o.path = ['Corp', name];
    });
    expect(nested[0]).toMatchObject({ status: 'PASS', message: expect.stringContaining(`Corp/${name}`) });
    const err = run(c, (x) => {
      x.ous = failedDatum('organizations:ListOrganizationalUnitsForParent', s.managementAccountId);
    });
    expect(statuses(err)).toEqual(['ERROR']);
  });

  it.each([
    ['organizations.security-tooling-in-security-ou', 'security-tooling'],
    ['organizations.log-archive-in-security-ou', 'log-archive'],
  ] as const)(
    '%s fails outside the Security OU, is N/A without the role, errors without accounts',
    (id, role) => {
      const c = byId(id);
      const who = role === 'security-tooling' ? s.securityToolingId : s.logArchiveId;
      const moved = run(c, (x) => {
        const workloads = value(x.ous).find((o) => o.name === 'Workloads')!;
        value(x.accounts).find((a) => a.id === who)!.parentId = workloads.id;
      });
      expect(moved[0]).toMatchObject({
        status: 'FAIL',
        expected: { ou: 'Security' },
        actual: { ou: 'Workloads' },
      });
      const unknown = run(c, () => {}, { roleAccounts: { management: [s.managementAccountId] } });
      expect(unknown[0]).toMatchObject({
        status: 'NOT_APPLICABLE',
        message: expect.stringMatching(/no .* account was identified/),
      });
      const err = run(c, (x) => {
        x.accounts = failedDatum('organizations:ListAccountsForParent', s.managementAccountId);
      });
      expect(statuses(err)).toEqual(['ERROR']);
    },
  );

  it('organizations.trusted-access fails per missing principal and follows the blueprint', () => {
    const c = byId('organizations.trusted-access');
    const out = run(c, (x) => {
      x.trustedAccess = {
        ok: true,
        value: value(x.trustedAccess).filter((t) => t.principal !== 'guardduty.amazonaws.com'),
      };
    });
    const failed = out.filter((o) => o.status === 'FAIL');
    expect(failed).toEqual([
      expect.objectContaining({
        resource: 'guardduty.amazonaws.com',
        expected: { trustedAccess: true },
        actual: { trustedAccess: false },
      }),
    ]);
    expect(out.filter((o) => o.status === 'PASS').length).toBeGreaterThanOrEqual(7);
    // A blueprint without the organization trail no longer expects CloudTrail; one with Detective does.
    const bp = blueprint({
      threatDetection: { cloudtrail: { organizationTrail: { enabled: false } } },
      incidentResponse: { detective: { enabled: true } },
    });
    const wanted = expectedTrustedServices(bp, []);
    expect(wanted.has('cloudtrail.amazonaws.com')).toBe(false);
    expect(wanted.get('detective.amazonaws.com')).toBe('enabled in the blueprint');
    // A service with a delegated administrator is in use, whatever the blueprint says.
    expect(expectedTrustedServices(bp, ['cloudtrail.amazonaws.com']).get('cloudtrail.amazonaws.com')).toBe(
      'has a delegated administrator',
    );
    const withBp = run(
      c,
      (x) => {
        x.delegatedAdmins = {
          ok: true,
          value: value(x.delegatedAdmins).filter((d) => d.principal !== 'cloudtrail.amazonaws.com'),
        };
      },
      { blueprint: bp },
    );
    expect(withBp.find((o) => o.resource === 'detective.amazonaws.com')).toMatchObject({
      status: 'FAIL',
      message: expect.stringContaining('enabled in the blueprint'),
    });
    expect(withBp.find((o) => o.resource === 'cloudtrail.amazonaws.com')).toBeUndefined();
    const err = run(c, (x) => {
      x.trustedAccess = failedDatum(
        'organizations:ListAWSServiceAccessForOrganization',
        s.managementAccountId,
      );
    });
    expect(statuses(err)).toEqual(['ERROR']);
  });

  it('organizations.management-not-delegated-admin fails when the management account administers a service', () => {
    const c = byId('organizations.management-not-delegated-admin');
    const out = run(c, (x) => {
      value(x.delegatedAdmins).push({ account: s.managementAccountId, principal: 'guardduty.amazonaws.com' });
    });
    expect(out[0]).toMatchObject({
      status: 'FAIL',
      actual: { delegatedServices: ['guardduty.amazonaws.com'] },
    });
    const err = run(c, (x) => {
      x.delegatedAdmins = failedDatum('organizations:ListDelegatedAdministrators', s.managementAccountId);
    });
    expect(err[0]).toMatchObject({
      status: 'ERROR',
      error: { operation: 'organizations:ListDelegatedAdministrators' },
    });
  });

  it('organizations.delegated-admins-active fails for a suspended administrator and is N/A without any', () => {
    const c = byId('organizations.delegated-admins-active');
    const out = run(c, (x) => {
      value(x.accounts).find((a) => a.id === s.securityToolingId)!.status = 'SUSPENDED';
    });
    expect(out).toEqual([
      expect.objectContaining({
        status: 'FAIL',
        resource: s.securityToolingId,
        actual: expect.objectContaining({ status: 'SUSPENDED' }),
      }),
    ]);
    expect(statuses(run(c, (x) => void (x.delegatedAdmins = { ok: true, value: [] })))).toEqual([
      'NOT_APPLICABLE',
    ]);
  });

  it('organizations.accounts-active reports each inactive account', () => {
    const c = byId('organizations.accounts-active');
    const out = run(c, (x) => {
      value(x.accounts).find((a) => a.id === s.workloadIds[0])!.status = 'SUSPENDED';
      value(x.accounts).find((a) => a.id === s.workloadIds[1])!.status = 'PENDING_CLOSURE';
    });
    expect(out.map((o) => [o.status, (o.actual as { status: string }).status])).toEqual([
      ['FAIL', 'SUSPENDED'],
      ['FAIL', 'PENDING_CLOSURE'],
    ]);
    expect(
      run(
        c,
        (x) => void (x.accounts = failedDatum('organizations:ListAccountsForParent', s.managementAccountId)),
      )[0],
    ).toMatchObject({
      status: 'ERROR',
    });
  });

  it('runs once for the organization (as the management account), whatever the other accounts', () => {
    const accounts = accountsFromOrganization({ organizations: base }) as AccountInfo[];
    const inventory = emptyInventory({
      managementAccountId: s.managementAccountId,
      homeRegion: s.homeRegion,
      governedRegions: s.governedRegions,
      accounts,
    });
    inventory.organization.organizations = base;
    const findings = evaluateControls(inventory, ORGANIZATIONS_CONTROLS, {
      rolesOf: (a) => (a === s.managementAccountId ? ['management'] : ['workload']),
      roleAccounts: roleAccounts(),
    });
    expect(new Set(findings.map((f) => f.account))).toEqual(new Set([s.managementAccountId]));
    expect(findings.every((f) => f.status === 'PASS')).toBe(true);
  });

  function blueprint(extra: Record<string, unknown>): Blueprint {
    const yaml = JSON.stringify({
      organization: {
        managementAccount: s.managementAccountId,
        homeRegion: s.homeRegion,
        governedRegions: s.governedRegions,
      },
      accounts: { securityTooling: s.securityToolingId, logArchive: s.logArchiveId },
      ...extra,
    });
    const r = parseBlueprint(yaml);
    if (!r.blueprint) throw new Error(JSON.stringify(r.diagnostics));
    return r.blueprint;
  }
});
