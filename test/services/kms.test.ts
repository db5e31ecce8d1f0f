/**
 * KMS module: the collector against sandbox scenarios (only the account-Region of the organization
 * trail's key is read), every control on pass / fail / not-applicable / error inputs, and the drifted
 * scenario end to end.
 */
import { describe, expect, it } from 'vitest';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import type { AccountInfo, DataError, Datum, Inventory } from '../../src/observe/types.js';
import { emptyInventory } from '../../src/verify/context.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { runVerify } from '../../src/verify/verify.js';
import { kmsModule } from '../../src/services/kms/index.js';
import {
  kmsCollector,
  keyLocation,
  KMS,
  type KmsKeyEntry,
  type KmsKeyInfo,
  type KmsSlice,
} from '../../src/services/kms/collect.js';
import { cloudTrailCollector, CLOUDTRAIL, orgTrailKeys } from '../../src/services/cloudtrail/collect.js';
import { cloudtrailModule } from '../../src/services/cloudtrail/index.js';
import { accountsFromOrganization, organizationIdFrom } from '../../src/services/organizations/collect.js';
import { organizationsModule } from '../../src/services/organizations/index.js';
import { accessFor, collectIn, evalControl } from '../verify/harness.js';

// ---------------------------------------------------------------------------------------------
// Collector
// ---------------------------------------------------------------------------------------------

async function trailSlices(s: Scenario): Promise<Record<string, unknown>> {
  return { [CLOUDTRAIL]: await collectIn(s, cloudTrailCollector, s.managementAccountId) };
}

describe('kms collector', () => {
  it('reads nothing where no central key lives', async () => {
    const s = await greenfield({ workloads: 1 });
    s.sandbox.resetStats();
    expect(await collectIn(s, kmsCollector, s.logArchiveId, s.homeRegion, await trailSlices(s))).toEqual({
      centralKeys: [],
    });
    expect([...s.sandbox.stats().byOperation.keys()].filter((k) => k.startsWith('kms:'))).toEqual([]);
  });

  it('reads the customer managed keys of the organization trail key’s account and Region', async () => {
    const s = await drifted({ workloads: 1 });
    const org = await trailSlices(s);
    const [trailKey] = orgTrailKeys(org);
    expect(keyLocation(trailKey!)).toEqual({ account: s.logArchiveId, region: s.homeRegion });
    const kms = s.client(KMSClient, s.logArchiveId);
    await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' })); // creates the AWS managed key
    const old = await kms.send(new CreateKeyCommand({ Description: 'old export key' }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: old.KeyMetadata!.Arn!, PendingWindowInDays: 7 }));
    s.sandbox.resetStats();
    const slice = await collectIn(s, kmsCollector, s.logArchiveId, s.homeRegion, org);
    expect(slice.centralKeys).toEqual([trailKey]);
    const keys = slice.keys?.ok ? slice.keys.value : [];
    // The AWS managed key is left out; the customer keys are read, central key first.
    expect(keys.map((k) => k.arn)).toEqual([trailKey, old.KeyMetadata!.Arn]);
    expect(keys[0]!.key).toMatchObject({
      state: 'Enabled',
      keySpec: 'SYMMETRIC_DEFAULT',
      origin: 'AWS_KMS',
      rotation: { ok: true, value: { enabled: true, periodDays: 365 } },
      policy: { ok: true, value: expect.stringContaining('cloudtrail.amazonaws.com') },
    });
    expect(keys[1]!.key).toMatchObject({ state: 'PendingDeletion', deletionDate: expect.any(String) });
    expect(keys[1]!.key!.rotation).toBeUndefined();
    for (const op of [...s.sandbox.stats().byOperation.keys()].filter((k) => k.startsWith('kms:'))) {
      expect(kmsCollector.reads).toContain(op);
    }
    // Elsewhere nothing is read.
    expect(await collectIn(s, kmsCollector, s.logArchiveId, s.governedRegions[1], org)).toEqual({
      centralKeys: [],
    });
    expect(await collectIn(s, kmsCollector, s.workloadIds[0]!, s.homeRegion, org)).toEqual({
      centralKeys: [],
    });
  });

  it('records failed reads as DataErrors', async () => {
    const s = await drifted({ workloads: 1 });
    const org = await trailSlices(s);
    s.sandbox.knobs = { deny: [{ action: 'kms:GetKeyRotationStatus', account: s.logArchiveId }] };
    const slice = await collectIn(s, kmsCollector, s.logArchiveId, s.homeRegion, org);
    const key = slice.keys?.ok ? slice.keys.value[0]!.key : undefined;
    expect(key?.rotation).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'kms:GetKeyRotationStatus' },
    });
    expect(key?.policy.ok).toBe(true);
    s.sandbox.knobs = { deny: [{ action: 'kms:ListKeys' }] };
    const none = await collectIn(s, kmsCollector, s.logArchiveId, s.homeRegion, org);
    expect(none.keys).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'kms:ListKeys' },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Controls on hand-built inventories
// ---------------------------------------------------------------------------------------------

const MGMT = '111111111111';
const LOGS = '333333333333';
const HOME = 'us-east-1';
const KEY = `arn:aws:kms:${HOME}:${LOGS}:key/central`;
const OTHER_KEY = `arn:aws:kms:${HOME}:${LOGS}:key/other`;

const acct = (id: string, name: string): AccountInfo => ({ id, name, status: 'ACTIVE', ouPath: [] });
const ok = <T>(value: T): Datum<T> => ({ ok: true, value });
const denied = (operation: string): Datum<never> => ({
  ok: false,
  error: {
    kind: 'access-denied',
    message: 'denied',
    account: LOGS,
    region: HOME,
    operation,
  } satisfies DataError,
});

const goodPolicy = JSON.stringify({
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${LOGS}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
    },
  ],
});

function key(arn: string, patch: Partial<KmsKeyInfo> = {}): KmsKeyEntry {
  return {
    arn,
    describe: ok('customer'),
    key: {
      arn,
      state: 'Enabled',
      keySpec: 'SYMMETRIC_DEFAULT',
      origin: 'AWS_KMS',
      rotation: ok({ enabled: true, periodDays: 365 }),
      policy: ok(goodPolicy),
      ...patch,
    },
  };
}

function run(control: Control, slice: KmsSlice | undefined, blueprint?: unknown): Outcome[] {
  const accounts = [acct(MGMT, 'Management'), acct(LOGS, 'Log Archive')];
  const inventory: Inventory = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: HOME,
    governedRegions: [HOME],
    accounts,
  });
  if (slice) inventory.region[LOGS] = { [HOME]: { [KMS]: slice } };
  return evalControl(control, {
    inventory,
    account: accounts[1]!,
    region: HOME,
    roles: ['log-archive'],
    roleAccounts: { management: [MGMT], 'log-archive': [LOGS] },
    ...(blueprint ? { blueprint: blueprint as never } : {}),
  });
}

const central = (...entries: KmsKeyEntry[]): KmsSlice => ({ centralKeys: [KEY], keys: ok(entries) });
const notCentral: KmsSlice = { centralKeys: [] };
const listFailed: KmsSlice = { centralKeys: [KEY], keys: denied('kms:ListKeys') };
const byId = (id: string): Control => kmsModule.controls.find((c) => c.id === id)!;

interface Case {
  id: string;
  name: string;
  slice: KmsSlice | undefined;
  status: Outcome['status'];
  at?: number;
  expect?: Partial<Outcome> | ((o: Outcome) => void);
  blueprint?: unknown;
}

const cases: Case[] = [
  {
    id: 'kms.key-rotation',
    name: 'rotating',
    slice: central(key(KEY)),
    status: 'PASS',
    expect: { resource: KEY, actual: { enabled: true, periodDays: 365 } },
  },
  {
    id: 'kms.key-rotation',
    name: 'not rotating',
    slice: central(key(KEY, { rotation: ok({ enabled: false }) })),
    status: 'FAIL',
    expect: { actual: { rotationEnabled: false } },
  },
  {
    id: 'kms.key-rotation',
    name: 'another key of the account',
    slice: central(key(KEY), key(OTHER_KEY, { rotation: ok({ enabled: false }) })),
    at: 1,
    status: 'FAIL',
    expect: { resource: OTHER_KEY },
  },
  {
    id: 'kms.key-rotation',
    name: 'asymmetric key',
    slice: central(key(KEY, { keySpec: 'RSA_2048', rotation: undefined })),
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'kms.key-rotation',
    name: 'rotation off in the blueprint',
    slice: central(key(KEY, { rotation: ok({ enabled: false }) })),
    status: 'NOT_APPLICABLE',
    blueprint: { dataProtection: { kms: { keyRotation: false } } },
  },
  { id: 'kms.key-rotation', name: 'not a key account', slice: notCentral, status: 'NOT_APPLICABLE' },
  {
    id: 'kms.key-rotation',
    name: 'rotation unreadable',
    slice: central(key(KEY, { rotation: denied('kms:GetKeyRotationStatus') })),
    status: 'ERROR',
  },
  { id: 'kms.key-rotation', name: 'collector did not run', slice: undefined, status: 'ERROR' },
  {
    id: 'kms.key-not-pending-deletion',
    name: 'enabled key',
    slice: central(key(KEY)),
    status: 'PASS',
    expect: { actual: { keyState: 'Enabled' } },
  },
  {
    id: 'kms.key-not-pending-deletion',
    name: 'scheduled for deletion',
    slice: central(
      key(KEY, { state: 'PendingDeletion', deletionDate: '2025-03-01T00:00:00.000Z', rotation: undefined }),
    ),
    status: 'FAIL',
    expect: { actual: { keyState: 'PendingDeletion', deletionDate: '2025-03-01T00:00:00.000Z' } },
  },
  {
    id: 'kms.key-not-pending-deletion',
    name: 'not a key account',
    slice: notCentral,
    status: 'NOT_APPLICABLE',
  },
  { id: 'kms.key-not-pending-deletion', name: 'no customer key', slice: central(), status: 'NOT_APPLICABLE' },
  { id: 'kms.key-not-pending-deletion', name: 'key list unreadable', slice: listFailed, status: 'ERROR' },
  {
    id: 'kms.key-not-pending-deletion',
    name: 'key undescribable',
    slice: central({ arn: KEY, describe: denied('kms:DescribeKey') }),
    status: 'ERROR',
  },
  {
    id: 'kms.central-key-enabled',
    name: 'enabled',
    slice: central(key(KEY), key(OTHER_KEY, { state: 'Disabled' })),
    status: 'PASS',
  },
  {
    id: 'kms.central-key-enabled',
    name: 'disabled',
    slice: central(key(KEY, { state: 'Disabled' })),
    status: 'FAIL',
    expect: { expected: { keyState: 'Enabled' }, actual: { keyState: 'Disabled' } },
  },
  {
    id: 'kms.central-key-enabled',
    name: 'pending deletion',
    slice: central(key(KEY, { state: 'PendingDeletion', rotation: undefined })),
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'kms.central-key-enabled',
    name: 'only other keys',
    slice: { centralKeys: [KEY], keys: ok([key(OTHER_KEY, { state: 'Disabled' })]) },
    status: 'NOT_APPLICABLE',
  },
  { id: 'kms.central-key-enabled', name: 'key list unreadable', slice: listFailed, status: 'ERROR' },
  { id: 'kms.key-not-public', name: 'named principals', slice: central(key(KEY)), status: 'PASS' },
  {
    id: 'kms.key-not-public',
    name: 'open to everyone',
    slice: central(
      key(KEY, {
        policy: ok(
          JSON.stringify({
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }],
          }),
        ),
      }),
    ),
    status: 'FAIL',
    expect: { actual: [{ actions: ['kms:Decrypt'], conditions: {} }] },
  },
  {
    id: 'kms.key-not-public',
    name: 'everyone in the organization',
    slice: central(
      key(KEY, {
        policy: ok(
          JSON.stringify({
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: 'kms:Decrypt',
                Resource: '*',
                Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
              },
            ],
          }),
        ),
      }),
    ),
    status: 'PASS',
  },
  {
    id: 'kms.key-not-public',
    name: 'unparseable policy',
    slice: central(key(KEY, { policy: ok('nope') })),
    status: 'FAIL',
    expect: { actual: 'nope' },
  },
  { id: 'kms.key-not-public', name: 'not a key account', slice: notCentral, status: 'NOT_APPLICABLE' },
  {
    id: 'kms.key-not-public',
    name: 'policy unreadable',
    slice: central(key(KEY, { policy: denied('kms:GetKeyPolicy') })),
    status: 'ERROR',
  },
];

describe('kms controls', () => {
  it.each(cases.map((c) => [c.id, c.name, c] as const))('%s — %s', (_id, _name, c) => {
    const o = run(byId(c.id), c.slice, c.blueprint)[c.at ?? 0]!;
    expect(o.status, JSON.stringify(o)).toBe(c.status);
    if (c.status === 'FAIL') expect(o.expected).toBeDefined();
    if (c.status === 'ERROR' && c.slice) expect(o.error?.kind).toBe('access-denied');
    if (typeof c.expect === 'function') c.expect(o);
    else if (c.expect) expect(o).toMatchObject(c.expect);
  });

  it('tests every control of the module on PASS, FAIL, NOT_APPLICABLE and ERROR', () => {
    for (const control of kmsModule.controls) {
      const seen = new Set(cases.filter((c) => c.id === control.id).map((c) => c.status));
      for (const s of ['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR'] as const)
        expect(seen.has(s), `${control.id} ${s}`).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// End to end
// ---------------------------------------------------------------------------------------------

async function verify(s: Scenario) {
  return runVerify({
    access: accessFor(s),
    modules: [organizationsModule, cloudtrailModule, kmsModule],
    controls: kmsModule.controls.map((c) => c.id),
    organizationReader: { accounts: accountsFromOrganization, organizationId: organizationIdFrom },
    regions: s.governedRegions,
  });
}

describe('kms on scenarios', () => {
  it('passes the reference log key on the drifted scenario (no drift touches KMS)', async () => {
    const s = await drifted({ workloads: 2 });
    const { result } = await verify(s);
    expect(result.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR')).toEqual([]);
    const passed = result.findings.filter((f) => f.status === 'PASS');
    expect(new Set(passed.map((f) => `${f.account}/${f.region}`))).toEqual(
      new Set([`${s.logArchiveId}/${s.homeRegion}`]),
    );
    expect(passed).toHaveLength(4);
  });

  it('fails a disabled log key', async () => {
    const s = await drifted({ workloads: 1 });
    const org = await trailSlices(s);
    const [trailKey] = orgTrailKeys(org);
    await s.client(KMSClient, s.logArchiveId).send(new DisableKeyCommand({ KeyId: trailKey }));
    const { result } = await verify(s);
    const fails = result.findings.filter((f) => f.status === 'FAIL');
    expect(fails.map((f) => [f.controlId, f.resource])).toEqual([['kms.central-key-enabled', trailKey]]);
  });
});
