/**
 * The IAM Identity Center module: the instance collector across governed Regions, and both controls on
 * pass, fail, not-applicable (not in use) and error inputs.
 */
import { describe, expect, it } from 'vitest';
import { RegisterDelegatedAdministratorCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import type { AccountInfo, DataError, Datum } from '../../src/observe/types.js';
import { drifted, greenfield } from '../../src/sandbox/scenarios/index.js';
import { createAccountInstance, enableOrganizationInstance } from '../../src/sandbox/services/sso-admin.js';
import {
  IDENTITY_CENTER_CONTROLS,
  identityCenterCollector,
  type IdentityCenterInstance,
  type IdentityCenterSlice,
} from '../../src/services/identity-center/index.js';
import type {
  DelegatedAdminRegistration,
  OrganizationSlice,
} from '../../src/services/organizations/collect.js';
import { emptyInventory } from '../../src/verify/context.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { collectIn, evalControl } from '../verify/harness.js';

describe('identity center collector', () => {
  it('finds the organization instance in the governed Region it lives in', async () => {
    const s = await greenfield({ workloads: 1, regions: ['us-east-1', 'eu-west-1'] });
    const i = enableOrganizationInstance(s.sandbox.world, 'eu-west-1', { name: 'corp' });
    createAccountInstance(s.sandbox.world, s.workloadIds[0]!, 'us-east-1');
    const slice = await collectIn(s, identityCenterCollector, s.managementAccountId);
    expect(slice.byRegion['us-east-1']).toEqual({ ok: true, value: [] });
    expect(slice.byRegion['eu-west-1']).toEqual({
      ok: true,
      value: [
        {
          arn: i.arn,
          owner: s.managementAccountId,
          status: 'ACTIVE',
          name: 'corp',
          identityStoreId: i.identityStoreId,
        },
      ],
    });
  });

  it('records a denied Region as a DataError and still reads the others', async () => {
    const s = await greenfield({ workloads: 1 });
    enableOrganizationInstance(s.sandbox.world, s.homeRegion);
    s.sandbox.knobs = {
      deny: [{ action: 'sso:ListInstances', account: s.managementAccountId, region: 'eu-west-1' }],
    };
    const slice = await collectIn(s, identityCenterCollector, s.managementAccountId);
    expect(slice.byRegion['eu-west-1']).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', region: 'eu-west-1' },
    });
    expect(slice.byRegion[s.homeRegion]).toMatchObject({
      ok: true,
      value: [expect.objectContaining({ status: 'ACTIVE' })],
    });
  });

  it('sees no instance in the reference deployment (Identity Center is optional there)', async () => {
    const s = await drifted({ workloads: 1 });
    const slice = await collectIn(s, identityCenterCollector, s.managementAccountId);
    expect(Object.values(slice.byRegion)).toEqual([
      { ok: true, value: [] },
      { ok: true, value: [] },
    ]);
  });

  it('feeds the controls end to end: delegated to shared services passes, to security tooling fails', async () => {
    const s = await drifted({ workloads: 1 });
    enableOrganizationInstance(s.sandbox.world, s.homeRegion);
    const org = s.client(OrganizationsClient, s.managementAccountId);
    await org.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: s.sharedServicesId,
        ServicePrincipal: 'sso.amazonaws.com',
      }),
    );
    const slice = await collectIn(s, identityCenterCollector, s.managementAccountId);
    const orgSlice = orgWith([{ account: s.sharedServicesId, principal: 'sso.amazonaws.com' }]);
    const outcomes = IDENTITY_CENTER_CONTROLS.map((c) =>
      run(c, slice, orgSlice, { 'shared-services': [s.sharedServicesId] }, undefined, s.managementAccountId),
    );
    expect(outcomes.map((o) => o[0]!.status)).toEqual(['PASS', 'PASS']);
    const wrong = run(
      IDENTITY_CENTER_CONTROLS[1]!,
      slice,
      orgWith([{ account: s.securityToolingId, principal: 'sso.amazonaws.com' }]),
      { 'shared-services': [s.sharedServicesId] },
      undefined,
      s.managementAccountId,
    );
    expect(wrong[0]).toMatchObject({
      status: 'FAIL',
      actual: { delegatedAdministrator: [s.securityToolingId] },
    });
  });
});

// ---------------------------------------------------------------------------------------------

const MGMT = '111111111111';
const SHARED = '555555555555';
const AUDIT = '222222222222';
const ARN = 'arn:aws:sso:::instance/ssoins-0000000000000001';

function orgWith(registrations: DelegatedAdminRegistration[]): OrganizationSlice {
  const none = { ok: true as const, value: [] };
  return {
    organization: {
      ok: true,
      value: { id: 'o-abcdefghij', arn: 'arn', featureSet: 'ALL', managementAccountId: MGMT },
    },
    roots: none,
    ous: none,
    accounts: none,
    policies: none,
    trustedAccess: none,
    delegatedAdmins: { ok: true, value: registrations },
  };
}

function icWith(
  instances: IdentityCenterInstance[],
  extra: Record<string, Datum<IdentityCenterInstance[]>> = {},
): IdentityCenterSlice {
  return { byRegion: { 'us-east-1': { ok: true, value: instances }, ...extra } };
}

const active = (owner = MGMT): IdentityCenterInstance => ({ arn: ARN, owner, status: 'ACTIVE' });

function run(
  control: Control,
  ic: IdentityCenterSlice,
  org: OrganizationSlice,
  roleAccounts: Record<string, readonly string[]> = { 'shared-services': [SHARED] },
  blueprint?: Blueprint,
  mgmt = MGMT,
): Outcome[] {
  const account: AccountInfo = { id: mgmt, name: 'Management', status: 'ACTIVE', ouPath: [] };
  const inventory = emptyInventory({
    managementAccountId: mgmt,
    homeRegion: 'us-east-1',
    governedRegions: ['us-east-1'],
    accounts: [account],
  });
  inventory.organization['iam-identity-center'] = ic;
  inventory.organization.organizations = org;
  return evalControl(control, {
    inventory,
    account,
    region: 'us-east-1',
    roles: ['management'],
    roleAccounts: { management: [mgmt], ...roleAccounts },
    ...(blueprint ? { blueprint } : {}),
  });
}

function blueprint(identityCenter: Record<string, unknown>): Blueprint {
  const r = parseBlueprint(
    JSON.stringify({
      organization: { managementAccount: MGMT, homeRegion: 'us-east-1', governedRegions: ['us-east-1'] },
      accounts: { securityTooling: AUDIT, logArchive: '333333333333', sharedServices: SHARED },
      identity: { identityCenter },
    }),
  );
  if (!r.blueprint) throw new Error(JSON.stringify(r.diagnostics));
  return r.blueprint;
}

const denied: DataError = {
  kind: 'access-denied',
  message: 'denied',
  account: MGMT,
  region: 'eu-west-1',
  operation: 'sso:ListInstances',
};

describe('iam-identity-center.organization-instance', () => {
  const c = IDENTITY_CENTER_CONTROLS.find((x) => x.id === 'iam-identity-center.organization-instance')!;

  it('passes with an active organization instance', () => {
    expect(run(c, icWith([active()]), orgWith([]))[0]).toMatchObject({ status: 'PASS', resource: ARN });
  });

  it('fails when the instance is not active', () => {
    const out = run(c, icWith([{ ...active(), status: 'CREATE_FAILED' }]), orgWith([]));
    expect(out[0]).toMatchObject({
      status: 'FAIL',
      expected: { status: 'ACTIVE' },
      actual: { status: 'CREATE_FAILED' },
    });
  });

  it('is not applicable when nobody uses Identity Center, and fails when the blueprint asks for it', () => {
    // An account instance of a member is not the organization instance.
    const none = icWith([active('444444444444')]);
    expect(run(c, none, orgWith([]))[0]).toMatchObject({
      status: 'NOT_APPLICABLE',
      message: expect.stringContaining('identity.identityCenter'),
    });
    const out = run(c, none, orgWith([]), undefined, blueprint({}));
    expect(out[0]).toMatchObject({ status: 'FAIL', actual: null });
  });

  it('is ERROR when a Region could not be read and no other Region shows the instance', () => {
    const out = run(c, icWith([], { 'eu-west-1': { ok: false, error: denied } }), orgWith([]));
    expect(out[0]).toMatchObject({
      status: 'ERROR',
      error: { operation: 'sso:ListInstances', region: 'eu-west-1' },
    });
    // …but a Region that shows it is enough.
    expect(
      run(c, icWith([active()], { 'eu-west-1': { ok: false, error: denied } }), orgWith([]))[0]!.status,
    ).toBe('PASS');
  });
});

describe('iam-identity-center.delegated-admin', () => {
  const c = IDENTITY_CENTER_CONTROLS.find((x) => x.id === 'iam-identity-center.delegated-admin')!;
  const sso = (account: string): DelegatedAdminRegistration => ({ account, principal: 'sso.amazonaws.com' });

  it('passes when administered from the management account or shared services', () => {
    expect(run(c, icWith([active()]), orgWith([]))[0]).toMatchObject({
      status: 'PASS',
      message: expect.stringContaining('management account'),
    });
    expect(run(c, icWith([active()]), orgWith([sso(SHARED)]))[0]).toMatchObject({
      status: 'PASS',
      message: expect.stringContaining(SHARED),
    });
  });

  it('fails when delegated to another account', () => {
    const out = run(c, icWith([active()]), orgWith([sso(AUDIT)]));
    expect(out[0]).toMatchObject({
      status: 'FAIL',
      expected: { delegatedAdministrator: [SHARED] },
      actual: { delegatedAdministrator: [AUDIT] },
    });
  });

  it('follows the blueprint: shared-services requires a delegation, none forbids one', () => {
    const wantShared = blueprint({ delegatedAdministrator: 'shared-services' });
    expect(run(c, icWith([active()]), orgWith([]), undefined, wantShared)[0]).toMatchObject({
      status: 'FAIL',
      actual: { delegatedAdministrator: 'none (management account)' },
    });
    const wantNone = blueprint({ delegatedAdministrator: 'none' });
    expect(run(c, icWith([active()]), orgWith([sso(SHARED)]), undefined, wantNone)[0]).toMatchObject({
      status: 'FAIL',
      expected: { delegatedAdministrator: 'none' },
    });
    expect(run(c, icWith([active()]), orgWith([]), undefined, wantNone)[0]!.status).toBe('PASS');
  });

  it('is not applicable when Identity Center is not in use', () => {
    expect(run(c, icWith([]), orgWith([sso(AUDIT)]))[0]!.status).toBe('NOT_APPLICABLE');
  });

  it('is ERROR when the delegated administrators could not be read', () => {
    const org = orgWith([]);
    org.delegatedAdmins = {
      ok: false,
      error: { ...denied, operation: 'organizations:ListDelegatedAdministrators' },
    };
    expect(run(c, icWith([active()]), org)[0]).toMatchObject({
      status: 'ERROR',
      error: { operation: 'organizations:ListDelegatedAdministrators' },
    });
  });
});
