/**
 * The IAM module: both collectors against sandbox scenarios (the reference deployment, planted users,
 * policies and root settings, failed reads), the policy and credential-report parsers, and every control
 * on pass, fail, not-applicable and error inputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import type { AccountInfo, DataError, Datum, Inventory } from '../../src/observe/types.js';
import { drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import {
  addIamUser,
  addManagedPolicy,
  addRootAccessKey,
  attachManagedPolicy,
  setRootMfa,
} from '../../src/sandbox/services/iam.js';
import {
  IAM_CONTROLS,
  SRA_PASSWORD_POLICY,
  grantsFullAdmin,
  iamCollector,
  iamModule,
  iamOrganizationCollector,
  parseCredentialReport,
  passwordPolicyShortfalls,
  type AuthorizationSummary,
  type CredentialUser,
  type IamOrganizationSlice,
  type IamSlice,
  type PasswordPolicyInfo,
} from '../../src/services/iam/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { collectIn, evalControl } from '../verify/harness.js';

const DAY = 86_400_000;
const NOW = Date.parse('2025-06-01T00:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW - n * DAY).toISOString();

describe('policy and report parsing', () => {
  it('grantsFullAdmin spots Allow * on *, in plain or URL-encoded documents, and nothing narrower', () => {
    const full = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(grantsFullAdmin(full)).toBe(true);
    expect(grantsFullAdmin(encodeURIComponent(full))).toBe(true);
    expect(
      grantsFullAdmin(
        JSON.stringify({ Statement: { Effect: 'Allow', Action: ['s3:*', '*:*'], Resource: ['*'] } }),
      ),
    ).toBe(true);
    expect(
      grantsFullAdmin(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })),
    ).toBe(false);
    expect(
      grantsFullAdmin(JSON.stringify({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] })),
    ).toBe(false);
    expect(
      grantsFullAdmin(
        JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }] }),
      ),
    ).toBe(false);
    expect(
      grantsFullAdmin(
        JSON.stringify({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }),
      ),
    ).toBe(false);
    expect(grantsFullAdmin('not json %')).toBe(false);
  });

  it('parseCredentialReport reads users by column name, skips the root line, keeps key slots', () => {
    const header =
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
      'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
      'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
      'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
    const root =
      '<root_account>,arn:aws:iam::1:root,2020-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,' +
      'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
    const alice =
      'alice,arn:aws:iam::1:user/alice,2024-01-01T00:00:00+00:00,true,2025-05-01T10:00:00+00:00,2024-01-01T00:00:00+00:00,N/A,false,' +
      'true,2024-02-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
    const users = parseCredentialReport([header, root, alice].join('\n') + '\n');
    expect(users).toEqual([
      {
        user: 'alice',
        arn: 'arn:aws:iam::1:user/alice',
        created: '2024-01-01T00:00:00.000Z',
        passwordEnabled: true,
        passwordLastUsed: '2025-05-01T10:00:00.000Z',
        mfaActive: false,
        keys: [{ slot: 1, active: true, lastRotated: '2024-02-01T00:00:00.000Z', lastUsed: null }],
      },
    ]);
  });

  it('passwordPolicyShortfalls names every weaker setting', () => {
    const weak: PasswordPolicyInfo = {
      minimumLength: 8,
      requireSymbols: false,
      requireNumbers: true,
      requireUppercase: true,
      requireLowercase: true,
      allowUsersToChange: true,
      maxAgeDays: 0,
      reusePrevention: 5,
      hardExpiry: false,
    };
    expect(passwordPolicyShortfalls(weak, { ...SRA_PASSWORD_POLICY })).toEqual([
      'minimum length 8 < 14',
      'passwords never expire (want ≤ 90 days)',
      'reuse prevention 5 < 24',
      'symbols not required',
    ]);
  });
});

describe('iam collector', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await drifted({ workloads: 1 });
  });

  it('reads the reference baseline of a member account', async () => {
    const slice = await collectIn(s, iamCollector, s.workloadIds[0]!);
    expect(slice.passwordPolicy).toEqual({
      ok: true,
      value: {
        minimumLength: 14,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercase: true,
        requireLowercase: true,
        allowUsersToChange: true,
        maxAgeDays: 90,
        reusePrevention: 24,
        hardExpiry: false,
      },
    });
    // Centralized root access removed the member's root credentials.
    expect(slice.root).toEqual({
      ok: true,
      value: { mfaEnabled: false, accessKeysPresent: false, passwordPresent: false, users: 0 },
    });
    expect(slice.rootMfaVirtual).toBeUndefined();
    expect(slice.credentialReport).toMatchObject({ ok: true, value: { users: [] } });
    expect(slice.authorization).toMatchObject({
      ok: true,
      value: {
        users: 0,
        customerPolicies: 0,
        usersWithDirectPolicies: [],
        fullAdminPolicies: [],
        supportAccess: [{ kind: 'role', name: 'sra-aws-support' }],
        cloudShellFullAccess: [],
      },
    });
    expect(slice.serverCertificates).toEqual({ ok: true, value: [] });
  });

  it('sees the planted drift: the network account has no password policy', async () => {
    const slice = await collectIn(s, iamCollector, s.networkId);
    expect(slice.passwordPolicy).toEqual({ ok: true, value: null });
  });

  it('reads the management root user: hardware MFA, so not virtual', async () => {
    const slice = await collectIn(s, iamCollector, s.managementAccountId);
    expect(slice.root).toMatchObject({ ok: true, value: { mfaEnabled: true, passwordPresent: true } });
    expect(slice.rootMfaVirtual).toEqual({ ok: true, value: false });
  });

  it('sees planted users, keys, policies and a virtual root MFA device', async () => {
    const g = await greenfield({ workloads: 1 });
    const w = g.workloadIds[0]!;
    const world = g.sandbox.world;
    setRootMfa(world, w, true, 'virtual');
    addRootAccessKey(world, w);
    addIamUser(world, w, {
      name: 'alice',
      passwordEnabled: true,
      mfaActive: false,
      accessKeys: [
        { active: true, createdAt: 0 },
        { active: true, createdAt: 0 },
      ],
      inlinePolicies: ['inline-admin'],
    });
    const admin = addManagedPolicy(world, w, {
      name: 'everything',
      document: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    });
    attachManagedPolicy(world, w, { user: 'alice' }, admin);
    attachManagedPolicy(
      world,
      w,
      { role: 'OrganizationAccountAccessRole' },
      'arn:aws:iam::aws:policy/AWSCloudShellFullAccess',
    );
    const slice = await collectIn(g, iamCollector, w);
    expect(slice.root).toMatchObject({
      ok: true,
      value: { mfaEnabled: true, accessKeysPresent: true, users: 1 },
    });
    expect(slice.rootMfaVirtual).toEqual({ ok: true, value: true });
    const users = slice.credentialReport.ok ? slice.credentialReport.value.users : [];
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ user: 'alice', passwordEnabled: true, mfaActive: false });
    expect(users[0]!.keys.map((k) => [k.slot, k.active])).toEqual([
      [1, true],
      [2, true],
    ]);
    const auth = slice.authorization.ok ? slice.authorization.value : undefined;
    expect(auth?.usersWithDirectPolicies).toEqual([
      { user: 'alice', attached: [admin], inline: ['inline-admin'] },
    ]);
    expect(auth?.fullAdminPolicies).toEqual([{ arn: admin, name: 'everything', attachments: 1 }]);
    expect(auth?.cloudShellFullAccess).toEqual([{ kind: 'role', name: 'OrganizationAccountAccessRole' }]);
    expect(auth?.supportAccess).toEqual([]);
    expect(slice.passwordPolicy).toEqual({ ok: true, value: null });
  });

  it('records denied reads as DataErrors and skips the MFA-device read it cannot judge', async () => {
    const t = await drifted({ workloads: 1 });
    const m = t.managementAccountId;
    t.sandbox.knobs = {
      deny: [
        { action: 'iam:GetAccountSummary', account: m },
        { action: 'iam:GetAccountPasswordPolicy', account: m },
      ],
    };
    const slice = await collectIn(t, iamCollector, m);
    expect(slice.root).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'iam:GetAccountSummary' },
    });
    expect(slice.passwordPolicy).toMatchObject({
      ok: false,
      error: { operation: 'iam:GetAccountPasswordPolicy' },
    });
    expect(slice.rootMfaVirtual).toBeUndefined();
    expect(slice.credentialReport.ok).toBe(true);
  });

  it('waits for a credential report that takes a few seconds to generate', async () => {
    const t = await greenfield({ workloads: 1 });
    t.sandbox.knobs = { propagationDelayMs: { 'iam:credential-report': 10_000 } };
    const before = t.sandbox.clock.now();
    const slice = await collectIn(t, iamCollector, t.workloadIds[0]!);
    expect(slice.credentialReport.ok).toBe(true);
    // It polled on the run's (virtual) clock rather than giving up or sleeping for real.
    expect(t.sandbox.clock.now() - before).toBeGreaterThanOrEqual(10_000);
  });

  it('records a credential report that is still being generated as not ready', async () => {
    const t = await greenfield({ workloads: 1 });
    t.sandbox.knobs = { propagationDelayMs: { 'iam:credential-report': 60_000 } };
    const slice = await collectIn(t, iamCollector, t.workloadIds[0]!);
    expect(slice.credentialReport.ok).toBe(false);
    expect(!slice.credentialReport.ok && slice.credentialReport.error.awsErrorName).toMatch(
      /ReportInProgress|NotReady/,
    );
  });
});

describe('iam-organization collector', () => {
  it('reads centralized root access on the reference deployment', async () => {
    const s = await drifted({ workloads: 1 });
    const slice = await collectIn(s, iamOrganizationCollector, s.managementAccountId);
    expect(slice.rootAccess).toEqual({
      ok: true,
      value: { trustedAccess: true, enabledFeatures: ['RootCredentialsManagement', 'RootSessions'] },
    });
  });

  it('records "trusted access for IAM off" as no features, and no organization as null', async () => {
    const g = await greenfield({ workloads: 1 });
    expect((await collectIn(g, iamOrganizationCollector, g.managementAccountId)).rootAccess).toEqual({
      ok: true,
      value: { trustedAccess: false, enabledFeatures: [] },
    });
    g.sandbox.world.organization = undefined;
    expect((await collectIn(g, iamOrganizationCollector, g.managementAccountId)).rootAccess).toEqual({
      ok: true,
      value: null,
    });
  });

  it('records a denied read as a DataError', async () => {
    const g = await drifted({ workloads: 1 });
    g.sandbox.knobs = { deny: [{ action: 'iam:ListOrganizationsFeatures', account: g.managementAccountId }] };
    const slice = await collectIn(g, iamOrganizationCollector, g.managementAccountId);
    expect(slice.rootAccess).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
  });
});

// ---------------------------------------------------------------------------------------------
// Controls
// ---------------------------------------------------------------------------------------------

const MGMT = '111111111111';
const W1 = '444444444444';
const ACCOUNTS: AccountInfo[] = [
  { id: MGMT, name: 'Management', status: 'ACTIVE', ouPath: [] },
  { id: W1, name: 'w1', status: 'ACTIVE', ouPath: ['Workloads'] },
];
const ok = <T>(value: T): Datum<T> => ({ ok: true, value });
const err = (operation: string): DataError => ({
  kind: 'access-denied',
  message: `denied ${operation}`,
  account: W1,
  region: 'us-east-1',
  operation,
});
const failed = <T>(operation: string): Datum<T> => ({ ok: false, error: err(operation) });

const GOOD_POLICY: PasswordPolicyInfo = {
  minimumLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercase: true,
  requireLowercase: true,
  allowUsersToChange: true,
  maxAgeDays: 90,
  reusePrevention: 24,
  hardExpiry: false,
};
const USER: CredentialUser = {
  user: 'bob',
  arn: `arn:aws:iam::${W1}:user/bob`,
  created: daysAgo(10),
  passwordEnabled: true,
  passwordLastUsed: daysAgo(1),
  mfaActive: true,
  keys: [{ slot: 1, active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1) }],
};
const AUTH: AuthorizationSummary = {
  users: 1,
  customerPolicies: 1,
  usersWithDirectPolicies: [],
  fullAdminPolicies: [],
  supportAccess: [{ kind: 'role', name: 'support' }],
  cloudShellFullAccess: [],
};

/** A compliant account with one well-behaved IAM user, a customer policy and a valid certificate. */
function goodSlice(): IamSlice {
  return {
    passwordPolicy: ok({ ...GOOD_POLICY }),
    root: ok({ mfaEnabled: true, accessKeysPresent: false, passwordPresent: true, users: 1 }),
    rootMfaVirtual: ok(false),
    credentialReport: ok({ generatedAt: daysAgo(0), users: [structuredClone(USER)] }),
    authorization: ok(structuredClone(AUTH)),
    serverCertificates: ok([
      { name: 'web', arn: `arn:aws:iam::${W1}:server-certificate/web`, expiration: daysAgo(-30) },
    ]),
  };
}

function inventoryWith(slice: IamSlice, org?: IamOrganizationSlice): Inventory {
  const inv = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: 'us-east-1',
    governedRegions: ['us-east-1'],
    accounts: ACCOUNTS,
  });
  inv.collectedAt = new Date(NOW).toISOString();
  inv.account[W1] = { iam: slice };
  inv.account[MGMT] = { iam: goodSlice() };
  if (org) inv.organization['iam-organization'] = org;
  return inv;
}

function run(
  control: Control,
  slice: IamSlice,
  options: { org?: IamOrganizationSlice; blueprint?: Blueprint } = {},
): Outcome[] {
  const management = control.scope === 'organization';
  return evalControl(control, {
    inventory: inventoryWith(slice, options.org),
    account: management ? ACCOUNTS[0]! : ACCOUNTS[1]!,
    region: 'us-east-1',
    roles: management ? ['management'] : ['workload'],
    roleAccounts: { management: [MGMT], workload: [W1] },
    ...(options.blueprint ? { blueprint: options.blueprint } : {}),
  });
}

const control = (id: string): Control => {
  const c = IAM_CONTROLS.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};
const mutate = (f: (s: IamSlice) => void): IamSlice => {
  const s = goodSlice();
  f(s);
  return s;
};
const users = (s: IamSlice): CredentialUser[] =>
  s.credentialReport.ok ? s.credentialReport.value.users : [];
const auth = (s: IamSlice): AuthorizationSummary => {
  if (!s.authorization.ok) throw new Error('no authorization');
  return s.authorization.value;
};

interface Case {
  id: string;
  fail: (s: IamSlice) => void;
  /** Evidence every FAIL must carry. */
  failEvidence: Partial<Outcome>;
  notApplicable?: (s: IamSlice) => void;
  error: (s: IamSlice) => void;
}

const ACCOUNT_CASES: Case[] = [
  {
    id: 'iam.password-policy',
    fail: (s) => {
      s.passwordPolicy = ok({ ...GOOD_POLICY, minimumLength: 8 });
    },
    failEvidence: {
      expected: expect.objectContaining({ minimumLength: 14 }),
      actual: expect.objectContaining({ minimumLength: 8 }),
    },
    error: (s) => {
      s.passwordPolicy = failed('iam:GetAccountPasswordPolicy');
    },
  },
  {
    id: 'iam.root-no-access-keys',
    fail: (s) => {
      s.root = ok({ mfaEnabled: true, accessKeysPresent: true, passwordPresent: true, users: 1 });
    },
    failEvidence: { actual: 'access keys present', resource: `arn:aws:iam::${W1}:root` },
    error: (s) => {
      s.root = failed('iam:GetAccountSummary');
    },
  },
  {
    id: 'iam.root-mfa',
    fail: (s) => {
      s.root = ok({ mfaEnabled: false, accessKeysPresent: false, passwordPresent: true, users: 1 });
    },
    failEvidence: { expected: 'MFA enabled', actual: 'no MFA' },
    notApplicable: (s) => {
      s.root = ok({ mfaEnabled: false, accessKeysPresent: false, passwordPresent: false, users: 1 });
    },
    error: (s) => {
      s.root = failed('iam:GetAccountSummary');
    },
  },
  {
    id: 'iam.root-hardware-mfa',
    fail: (s) => {
      s.rootMfaVirtual = ok(true);
    },
    failEvidence: { expected: 'hardware MFA', actual: 'virtual MFA' },
    notApplicable: (s) => {
      s.root = ok({ mfaEnabled: false, accessKeysPresent: false, passwordPresent: false, users: 1 });
    },
    error: (s) => {
      s.rootMfaVirtual = failed('iam:ListVirtualMFADevices');
    },
  },
  {
    id: 'iam.user-console-mfa',
    fail: (s) => {
      users(s)[0]!.mfaActive = false;
    },
    failEvidence: { resource: USER.arn, actual: { passwordEnabled: true, mfaActive: false } },
    notApplicable: (s) => {
      s.credentialReport = ok({ generatedAt: null, users: [] });
    },
    error: (s) => {
      s.credentialReport = failed('iam:GetCredentialReport');
    },
  },
  {
    id: 'iam.unused-credentials',
    fail: (s) => {
      users(s)[0]!.passwordLastUsed = daysAgo(60);
    },
    failEvidence: {
      resource: USER.arn,
      actual: expect.objectContaining({ credential: 'password', daysUnused: 60 }),
    },
    notApplicable: (s) => {
      s.credentialReport = ok({ generatedAt: null, users: [] });
    },
    error: (s) => {
      s.credentialReport = failed('iam:GetCredentialReport');
    },
  },
  {
    id: 'iam.access-key-rotation',
    fail: (s) => {
      users(s)[0]!.keys[0]!.lastRotated = daysAgo(120);
    },
    failEvidence: { resource: `${USER.arn}/access-key-1`, actual: expect.objectContaining({ ageDays: 120 }) },
    notApplicable: (s) => {
      s.credentialReport = ok({ generatedAt: null, users: [] });
    },
    error: (s) => {
      s.credentialReport = failed('iam:GetCredentialReport');
    },
  },
  {
    id: 'iam.single-active-access-key',
    fail: (s) => {
      users(s)[0]!.keys.push({ slot: 2, active: true, lastRotated: daysAgo(1), lastUsed: null });
    },
    failEvidence: { resource: USER.arn, actual: { activeKeys: 2 } },
    notApplicable: (s) => {
      s.credentialReport = ok({ generatedAt: null, users: [] });
    },
    error: (s) => {
      s.credentialReport = failed('iam:GetCredentialReport');
    },
  },
  {
    id: 'iam.user-no-direct-policies',
    fail: (s) => {
      auth(s).usersWithDirectPolicies.push({
        user: 'bob',
        attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        inline: [],
      });
    },
    failEvidence: {
      resource: `arn:aws:iam::${W1}:user/bob`,
      actual: { attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], inline: [] },
    },
    notApplicable: (s) => {
      auth(s).users = 0;
    },
    error: (s) => {
      s.authorization = failed('iam:GetAccountAuthorizationDetails');
    },
  },
  {
    id: 'iam.no-full-admin-customer-policies',
    fail: (s) => {
      auth(s).fullAdminPolicies.push({ arn: `arn:aws:iam::${W1}:policy/all`, name: 'all', attachments: 2 });
    },
    failEvidence: { resource: `arn:aws:iam::${W1}:policy/all`, actual: { allows: '*:*', attachments: 2 } },
    notApplicable: (s) => {
      auth(s).customerPolicies = 0;
    },
    error: (s) => {
      s.authorization = failed('iam:GetAccountAuthorizationDetails');
    },
  },
  {
    id: 'iam.support-role',
    fail: (s) => {
      auth(s).supportAccess = [];
    },
    failEvidence: { actual: [] },
    error: (s) => {
      s.authorization = failed('iam:GetAccountAuthorizationDetails');
    },
  },
  {
    id: 'iam.no-cloudshell-full-access',
    fail: (s) => {
      auth(s).cloudShellFullAccess.push({ kind: 'group', name: 'devs' });
    },
    failEvidence: { resource: `arn:aws:iam::${W1}:group/devs`, actual: 'attached' },
    error: (s) => {
      s.authorization = failed('iam:GetAccountAuthorizationDetails');
    },
  },
  {
    id: 'iam.no-expired-server-certificates',
    fail: (s) => {
      s.serverCertificates = ok([
        { name: 'old', arn: `arn:aws:iam::${W1}:server-certificate/old`, expiration: daysAgo(3) },
      ]);
    },
    failEvidence: {
      resource: `arn:aws:iam::${W1}:server-certificate/old`,
      actual: { expiration: daysAgo(3) },
    },
    notApplicable: (s) => {
      s.serverCertificates = ok([]);
    },
    error: (s) => {
      s.serverCertificates = failed('iam:ListServerCertificates');
    },
  },
];

describe('iam account controls', () => {
  it('covers every account-scope IAM control', () => {
    const scoped = IAM_CONTROLS.filter((c) => c.scope === 'account').map((c) => c.id);
    expect(ACCOUNT_CASES.map((c) => c.id).sort()).toEqual([...scoped].sort());
  });

  it.each(ACCOUNT_CASES.map((c) => [c.id, c] as const))(
    '%s: pass, fail with evidence, not applicable, error',
    (_id, k) => {
      const c = control(k.id);
      expect(run(c, goodSlice()).map((o) => o.status)).toEqual(['PASS']);
      const f = run(c, mutate(k.fail));
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ status: 'FAIL', ...k.failEvidence });
      expect(f[0]!.expected).toBeDefined();
      if (k.notApplicable) {
        expect(run(c, mutate(k.notApplicable)).map((o) => o.status)).toEqual(['NOT_APPLICABLE']);
      } else {
        // No not-applicable branch: the engine does not evaluate it for accounts that are not active.
        const inv = inventoryWith(goodSlice());
        inv.accounts = [...ACCOUNTS, { id: '999999999999', name: 'gone', status: 'SUSPENDED', ouPath: [] }];
        const findings = evaluateControls(inv, [c], { rolesOf: () => ['workload'], roleAccounts: {} });
        expect(findings.map((x) => x.account)).toEqual([MGMT, W1]);
      }
      const e = run(c, mutate(k.error));
      expect(e).toEqual([
        expect.objectContaining({
          status: 'ERROR',
          error: expect.objectContaining({ kind: 'access-denied' }),
        }),
      ]);
    },
  );

  it('iam.password-policy fails without a policy and compares with the blueprint when there is one', () => {
    const c = control('iam.password-policy');
    expect(
      run(
        c,
        mutate((s) => void (s.passwordPolicy = ok(null))),
      )[0],
    ).toMatchObject({ status: 'FAIL', actual: null });
    const r = parseBlueprint(
      JSON.stringify({
        organization: { managementAccount: MGMT, homeRegion: 'us-east-1', governedRegions: ['us-east-1'] },
        accounts: { securityTooling: '222222222222', logArchive: '333333333333' },
        identity: { passwordPolicy: { minimumLength: 20 } },
      }),
    );
    expect(r.diagnostics).toEqual([]);
    const out = run(c, goodSlice(), { blueprint: r.blueprint! });
    expect(out[0]).toMatchObject({
      status: 'FAIL',
      message: expect.stringContaining('minimum length 14 < 20'),
    });
  });

  it('iam.unused-credentials counts a never-used key from its creation and ignores inactive keys', () => {
    const c = control('iam.unused-credentials');
    const out = run(
      c,
      mutate((s) => {
        const u = users(s)[0]!;
        u.keys = [
          { slot: 1, active: true, lastRotated: daysAgo(50), lastUsed: null },
          { slot: 2, active: false, lastRotated: daysAgo(400), lastUsed: null },
        ];
      }),
    );
    expect(out).toEqual([expect.objectContaining({ status: 'FAIL', resource: `${USER.arn}/access-key-1` })]);
  });

  it('iam.root-hardware-mfa fails when root has credentials but no MFA at all, without needing the device list', () => {
    const c = control('iam.root-hardware-mfa');
    const out = run(
      c,
      mutate((s) => {
        s.root = ok({ mfaEnabled: false, accessKeysPresent: true, passwordPresent: false, users: 0 });
        delete s.rootMfaVirtual;
      }),
    );
    expect(out[0]).toMatchObject({ status: 'FAIL', actual: 'no MFA' });
  });
});

describe('centralized root access controls', () => {
  const on: IamOrganizationSlice = {
    rootAccess: ok({ trustedAccess: true, enabledFeatures: ['RootCredentialsManagement', 'RootSessions'] }),
  };
  it.each([
    ['iam.centralized-root-credentials', 'RootCredentialsManagement'],
    ['iam.centralized-root-sessions', 'RootSessions'],
  ])('%s: pass, fail, not applicable, error', (id, feature) => {
    const c = control(id);
    expect(run(c, goodSlice(), { org: on })[0]!.status).toBe('PASS');
    const without = run(c, goodSlice(), {
      org: {
        rootAccess: ok({
          trustedAccess: true,
          enabledFeatures: on.rootAccess.ok
            ? on.rootAccess.value!.enabledFeatures.filter((f) => f !== feature)
            : [],
        }),
      },
    });
    expect(without[0]).toMatchObject({ status: 'FAIL', expected: { feature } });
    const noTrust = run(c, goodSlice(), {
      org: { rootAccess: ok({ trustedAccess: false, enabledFeatures: [] }) },
    });
    expect(noTrust[0]).toMatchObject({ status: 'FAIL', actual: { trustedAccess: false } });
    expect(run(c, goodSlice(), { org: { rootAccess: ok(null) } })[0]!.status).toBe('NOT_APPLICABLE');
    const r = parseBlueprint(
      JSON.stringify({
        organization: { managementAccount: MGMT, homeRegion: 'us-east-1', governedRegions: ['us-east-1'] },
        accounts: { securityTooling: '222222222222', logArchive: '333333333333' },
        identity: { rootAccess: 'unmanaged' },
      }),
    );
    expect(
      run(c, goodSlice(), {
        org: { rootAccess: ok({ trustedAccess: false, enabledFeatures: [] }) },
        blueprint: r.blueprint!,
      })[0],
    ).toMatchObject({
      status: 'NOT_APPLICABLE',
      message: expect.stringContaining('unmanaged'),
    });
    expect(
      run(c, goodSlice(), { org: { rootAccess: failed('iam:ListOrganizationsFeatures') } })[0],
    ).toMatchObject({
      status: 'ERROR',
      error: { operation: 'iam:ListOrganizationsFeatures' },
    });
  });
});

describe('iam module', () => {
  it('declares the reads its collectors make', () => {
    expect(iamModule.collectors.map((c) => [c.id, c.scope])).toEqual([
      ['iam', 'account'],
      ['iam-organization', 'organization'],
    ]);
    expect(iamCollector.reads).toContain('iam:GetCredentialReport');
  });
});
