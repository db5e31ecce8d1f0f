/**
 * S3 module: the account collector against sandbox scenarios (Block Public Access, bucket lists, log
 * archive bucket settings), every control on pass / fail / not-applicable / error inputs, the policy
 * readers, and the drifted scenario end to end.
 */
import { describe, expect, it } from 'vitest';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { drifted, greenfield, referenceNames, type Scenario } from '../../src/sandbox/scenarios/index.js';
import type { AccountInfo, DataError, Datum, Inventory } from '../../src/observe/types.js';
import { emptyInventory } from '../../src/verify/context.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { runVerify } from '../../src/verify/verify.js';
import { s3Module, s3RoleHints } from '../../src/services/s3/index.js';
import { s3Collector, S3, type BucketDetail, type S3Slice } from '../../src/services/s3/collect.js';
import {
  deniesInsecureTransport,
  parsePolicyDocument,
  publicAllowStatements,
} from '../../src/services/s3/policy.js';
import { cloudTrailCollector, CLOUDTRAIL } from '../../src/services/cloudtrail/collect.js';
import { cloudtrailModule } from '../../src/services/cloudtrail/index.js';
import { accountsFromOrganization, organizationIdFrom } from '../../src/services/organizations/collect.js';
import { organizationsModule } from '../../src/services/organizations/index.js';
import { accessFor, collectIn, evalControl, scenarioAccounts } from '../verify/harness.js';

// ---------------------------------------------------------------------------------------------
// Collector
// ---------------------------------------------------------------------------------------------

async function trailSlices(s: Scenario): Promise<Record<string, unknown>> {
  return { [CLOUDTRAIL]: await collectIn(s, cloudTrailCollector, s.managementAccountId) };
}

const ALL_ON = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

describe('s3 collector', () => {
  it('reads an unset account Block Public Access as null in a greenfield organization', async () => {
    const s = await greenfield({ workloads: 1 });
    const slice = await collectIn(s, s3Collector, s.logArchiveId, s.homeRegion, await trailSlices(s));
    expect(slice).toEqual({
      accountPublicAccessBlock: { ok: true, value: null },
      buckets: { ok: true, value: [] },
    });
  });

  it('reads the log archive buckets where the organization trail delivers', async () => {
    const s = await drifted({ workloads: 3 });
    const names = referenceNames(s);
    const org = await trailSlices(s);
    const slice = await collectIn(s, s3Collector, s.logArchiveId, s.homeRegion, org);
    expect(slice.accountPublicAccessBlock).toEqual({ ok: true, value: ALL_ON });
    expect(slice.buckets.ok && slice.buckets.value.map((b) => b.name).sort()).toEqual(
      [names.accessLogBucket, names.bucket].sort(),
    );
    const central = slice.logBuckets?.find((b) => b.name === names.bucket);
    expect(central).toMatchObject({
      region: s.homeRegion,
      publicAccessBlock: { ok: true, value: ALL_ON },
      encryption: {
        ok: true,
        value: [
          expect.objectContaining({ algorithm: 'aws:kms', kmsKeyId: expect.stringContaining(':kms:') }),
        ],
      },
      versioning: { ok: true, value: { status: 'Enabled' } },
      objectLock: { ok: true, value: { enabled: true, mode: 'GOVERNANCE', days: 365 } },
      logging: { ok: true, value: { targetBucket: names.accessLogBucket, targetPrefix: `${names.bucket}/` } },
      ownership: { ok: true, value: 'BucketOwnerEnforced' },
    });
    expect(
      central!.policy.ok &&
        deniesInsecureTransport(parsePolicyDocument(central!.policy.value!)!, names.bucket),
    ).toBe(true);
    const access = slice.logBuckets?.find((b) => b.name === names.accessLogBucket);
    expect(access).toMatchObject({
      encryption: { ok: true, value: [{ algorithm: 'AES256', bucketKeyEnabled: false }] },
      objectLock: { ok: true, value: { enabled: false } },
      logging: { ok: true, value: null },
    });
    // The drifted workload lost its account-level setting; other accounts read no bucket details.
    const w2 = s.planted.find((p) => p.kind === 's3.account-public-access-block-removed')!.account;
    const drift = await collectIn(s, s3Collector, w2, s.homeRegion, org);
    expect(drift.accountPublicAccessBlock).toEqual({ ok: true, value: null });
    expect(drift.logBuckets).toBeUndefined();
  });

  it('reads each bucket in its own Region', async () => {
    const s = await drifted({ workloads: 1 });
    await s.client(S3Client, s.logArchiveId, 'eu-west-1').send(
      new CreateBucketCommand({
        Bucket: 'far-logs-bucket',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const slice = await collectIn(s, s3Collector, s.logArchiveId, s.homeRegion, await trailSlices(s));
    const far = slice.logBuckets?.find((b) => b.name === 'far-logs-bucket');
    expect(far).toMatchObject({
      region: 'eu-west-1',
      versioning: { ok: true, value: {} },
      policy: { ok: true, value: null },
    });
  });

  it('records failed reads as DataErrors and keeps the rest', async () => {
    const s = await drifted({ workloads: 1 });
    const org = await trailSlices(s);
    s.sandbox.knobs = {
      deny: [
        { action: 's3control:GetPublicAccessBlock', account: s.logArchiveId },
        { action: 's3:GetBucketPolicy', account: s.logArchiveId },
      ],
    };
    const slice = await collectIn(s, s3Collector, s.logArchiveId, s.homeRegion, org);
    expect(slice.accountPublicAccessBlock).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', account: s.logArchiveId },
    });
    const central = slice.logBuckets?.find((b) => b.name === referenceNames(s).bucket);
    expect(central?.policy).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 's3:GetBucketPolicy' },
    });
    expect(central?.versioning.ok).toBe(true);
    s.sandbox.knobs = { deny: [{ action: 's3:ListBuckets', account: s.logArchiveId }] };
    const none = await collectIn(s, s3Collector, s.logArchiveId, s.homeRegion, org);
    expect(none.buckets).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
    expect(none.logBuckets).toBeUndefined();
  });

  it('hints that the owner of the organization trail bucket is the log archive', async () => {
    const s = await drifted({ workloads: 1 });
    const org = await trailSlices(s);
    const inventory = emptyInventory({
      managementAccountId: s.managementAccountId,
      homeRegion: s.homeRegion,
      governedRegions: s.governedRegions,
      accounts: scenarioAccounts(s),
    });
    inventory.organization = org;
    for (const a of [s.managementAccountId, s.logArchiveId, s.workloadIds[0]!]) {
      inventory.account[a] = { [S3]: await collectIn(s, s3Collector, a, s.homeRegion, org) };
    }
    expect(s3RoleHints(inventory)).toEqual([
      expect.objectContaining({ role: 'log-archive', account: s.logArchiveId, weight: 10 }),
    ]);
  });
});

describe('policy readers', () => {
  const tlsDeny = (resource: unknown, cond: unknown = { Bool: { 'aws:SecureTransport': 'false' } }) =>
    JSON.stringify({
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resource, Condition: cond }],
    });

  it.each([
    ['bucket and objects', tlsDeny(['arn:aws:s3:::b', 'arn:aws:s3:::b/*']), true],
    ['wildcard resource', tlsDeny('arn:aws:s3:::b*'), true],
    [
      'boolean false value',
      tlsDeny(['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], { Bool: { 'aws:SecureTransport': false } }),
      true,
    ],
    ['objects only', tlsDeny('arn:aws:s3:::b/*'), false],
    ['another bucket', tlsDeny(['arn:aws:s3:::c', 'arn:aws:s3:::c/*']), false],
    ['no condition', tlsDeny(['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], {}), false],
  ])('TLS-only: %s', (_n, policy, want) => {
    expect(deniesInsecureTransport(parsePolicyDocument(policy)!, 'b')).toBe(want);
  });

  it('finds statements open to everyone unless a condition narrows them', () => {
    const policy = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' },
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Encrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
        },
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
    expect(publicAllowStatements(parsePolicyDocument(policy)!).map((s) => s.actions)).toEqual([
      ['kms:Decrypt'],
    ]);
    expect(parsePolicyDocument('not json')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Controls on hand-built inventories
// ---------------------------------------------------------------------------------------------

const MGMT = '111111111111';
const LOGS = '333333333333';
const WORK = '444444444444';
const HOME = 'us-east-1';
const BUCKET = 'central-logs';
const ACCESS = 'central-access-logs';

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

const tlsPolicy = (b: string) =>
  JSON.stringify({
    Statement: [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });

function goodBucket(name = BUCKET, patch: Partial<BucketDetail> = {}): BucketDetail {
  return {
    name,
    region: HOME,
    policy: ok(tlsPolicy(name)),
    publicAccessBlock: ok({ ...ALL_ON }),
    encryption: ok([{ algorithm: 'aws:kms', kmsKeyId: `arn:aws:kms:${HOME}:${LOGS}:key/k` }]),
    versioning: ok({ status: 'Enabled' }),
    objectLock: ok({ enabled: true, mode: 'COMPLIANCE', years: 1 }),
    logging: ok({ targetBucket: ACCESS }),
    ownership: ok('BucketOwnerEnforced'),
    ...patch,
  };
}
function accessBucket(patch: Partial<BucketDetail> = {}): BucketDetail {
  return goodBucket(ACCESS, {
    encryption: ok([{ algorithm: 'AES256' }]),
    objectLock: ok({ enabled: false }),
    logging: ok(null),
    ...patch,
  });
}

interface Build {
  slice?: Partial<S3Slice>;
  central?: BucketDetail;
  access?: BucketDetail;
  account?: string;
  noSlice?: boolean;
}

function run(control: Control, b: Build = {}, blueprint?: unknown): Outcome[] {
  const accounts = [acct(MGMT, 'Management'), acct(LOGS, 'Log Archive'), acct(WORK, 'work')];
  const inventory: Inventory = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: HOME,
    governedRegions: [HOME],
    accounts,
  });
  const account = accounts.find((a) => a.id === (b.account ?? (control.appliesTo === 'all' ? WORK : LOGS)))!;
  const logBuckets = [b.central ?? goodBucket(), b.access ?? accessBucket()];
  if (!b.noSlice) {
    inventory.account[account.id] = {
      [S3]: {
        accountPublicAccessBlock: ok({ ...ALL_ON }),
        buckets: ok(logBuckets.map((x) => ({ name: x.name, region: HOME }))),
        logBuckets,
        ...b.slice,
      } satisfies S3Slice,
    };
  }
  return evalControl(control, {
    inventory,
    account,
    region: HOME,
    roles: account.id === LOGS ? ['log-archive'] : ['workload'],
    roleAccounts: { management: [MGMT], 'log-archive': [LOGS] },
    ...(blueprint ? { blueprint: blueprint as never } : {}),
  });
}

const byId = (id: string): Control => {
  const c = s3Module.controls.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};

interface Case {
  id: string;
  name: string;
  build: Build;
  status: Outcome['status'];
  /** Index of the outcome to look at (0: the central bucket, 1: the access-log bucket). */
  at?: number;
  expect?: Partial<Outcome> | ((o: Outcome) => void);
  blueprint?: unknown;
}

const BPA_IDS = [
  ['s3.account-block-public-acls', 'BlockPublicAcls', 'blockPublicAcls'],
  ['s3.account-ignore-public-acls', 'IgnorePublicAcls', 'ignorePublicAcls'],
  ['s3.account-block-public-policy', 'BlockPublicPolicy', 'blockPublicPolicy'],
  ['s3.account-restrict-public-buckets', 'RestrictPublicBuckets', 'restrictPublicBuckets'],
] as const;

const cases: Case[] = [
  ...BPA_IDS.flatMap(([id, api, key]): Case[] => [
    { id, name: 'on', build: {}, status: 'PASS', expect: { actual: { [api]: true } } },
    {
      id,
      name: 'this setting off',
      build: { slice: { accountPublicAccessBlock: ok({ ...ALL_ON, [key]: false }) } },
      status: 'FAIL',
      expect: {
        expected: { [api]: true },
        actual: { [api]: false },
        resource: `arn:aws:s3:::account/${WORK}`,
      },
    },
    {
      id,
      name: 'never set',
      build: { slice: { accountPublicAccessBlock: ok(null) } },
      status: 'FAIL',
      expect: { actual: { publicAccessBlock: null } },
    },
    {
      id,
      name: 'off in the blueprint',
      build: { slice: { accountPublicAccessBlock: ok(null) } },
      status: 'NOT_APPLICABLE',
      blueprint: { dataProtection: { s3BlockPublicAccess: false } },
    },
    {
      id,
      name: 'unreadable',
      build: { slice: { accountPublicAccessBlock: denied('s3:GetAccountPublicAccessBlock') } },
      status: 'ERROR',
    },
  ]),
  {
    id: 's3.log-bucket-tls-only',
    name: 'denies HTTP',
    build: {},
    status: 'PASS',
    expect: { resource: `arn:aws:s3:::${BUCKET}` },
  },
  {
    id: 's3.log-bucket-tls-only',
    name: 'no policy',
    build: { central: goodBucket(BUCKET, { policy: ok(null) }) },
    status: 'FAIL',
    expect: { actual: 'no bucket policy' },
  },
  {
    id: 's3.log-bucket-tls-only',
    name: 'applies to the access-log bucket',
    build: { access: accessBucket({ policy: ok('{"Statement":[]}') }) },
    at: 1,
    status: 'FAIL',
    expect: { actual: 'no such statement in the bucket policy' },
  },
  {
    id: 's3.log-bucket-tls-only',
    name: 'not the log archive',
    build: { slice: { logBuckets: undefined } },
    status: 'NOT_APPLICABLE',
  },
  {
    id: 's3.log-bucket-tls-only',
    name: 'policy unreadable',
    build: { central: goodBucket(BUCKET, { policy: denied('s3:GetBucketPolicy') }) },
    status: 'ERROR',
  },
  { id: 's3.log-bucket-public-access-blocked', name: 'blocked', build: {}, status: 'PASS' },
  {
    id: 's3.log-bucket-public-access-blocked',
    name: 'one setting off',
    build: {
      central: goodBucket(BUCKET, { publicAccessBlock: ok({ ...ALL_ON, restrictPublicBuckets: false }) }),
    },
    status: 'FAIL',
    expect: (o) => expect(o.message).toMatch(/restrictPublicBuckets/),
  },
  {
    id: 's3.log-bucket-public-access-blocked',
    name: 'no buckets at all',
    build: { slice: { buckets: ok([]), logBuckets: undefined } },
    status: 'NOT_APPLICABLE',
    expect: { message: 'this account has no buckets' },
  },
  {
    id: 's3.log-bucket-public-access-blocked',
    name: 'unreadable',
    build: { central: goodBucket(BUCKET, { publicAccessBlock: denied('s3:GetBucketPublicAccessBlock') }) },
    status: 'ERROR',
  },
  { id: 's3.log-bucket-acls-disabled', name: 'owner enforced', build: {}, status: 'PASS' },
  {
    id: 's3.log-bucket-acls-disabled',
    name: 'ACLs on',
    build: { central: goodBucket(BUCKET, { ownership: ok('ObjectWriter') }) },
    status: 'FAIL',
    expect: { actual: { objectOwnership: 'ObjectWriter' } },
  },
  {
    id: 's3.log-bucket-acls-disabled',
    name: 'not the log archive',
    build: { slice: { logBuckets: undefined } },
    status: 'NOT_APPLICABLE',
  },
  {
    id: 's3.log-bucket-acls-disabled',
    name: 'unreadable',
    build: { central: goodBucket(BUCKET, { ownership: denied('s3:GetBucketOwnershipControls') }) },
    status: 'ERROR',
  },
  { id: 's3.log-bucket-versioning', name: 'enabled', build: {}, status: 'PASS' },
  {
    id: 's3.log-bucket-versioning',
    name: 'suspended',
    build: { central: goodBucket(BUCKET, { versioning: ok({ status: 'Suspended' }) }) },
    status: 'FAIL',
    expect: { actual: { status: 'Suspended' } },
  },
  {
    id: 's3.log-bucket-versioning',
    name: 'not the log archive',
    build: { slice: { logBuckets: undefined } },
    status: 'NOT_APPLICABLE',
  },
  {
    id: 's3.log-bucket-versioning',
    name: 'unreadable',
    build: { central: goodBucket(BUCKET, { versioning: denied('s3:GetBucketVersioning') }) },
    status: 'ERROR',
  },
  {
    id: 's3.log-bucket-access-logging',
    name: 'logged',
    build: {},
    status: 'PASS',
    expect: { actual: { targetBucket: ACCESS } },
  },
  {
    id: 's3.log-bucket-access-logging',
    name: 'not logged',
    build: { central: goodBucket(BUCKET, { logging: ok(null) }) },
    status: 'FAIL',
    expect: { actual: { logging: null } },
  },
  {
    id: 's3.log-bucket-access-logging',
    name: 'the access-log bucket',
    build: {},
    at: 1,
    status: 'NOT_APPLICABLE',
    expect: { resource: `arn:aws:s3:::${ACCESS}` },
  },
  {
    id: 's3.log-bucket-access-logging',
    name: 'unreadable',
    build: { central: goodBucket(BUCKET, { logging: denied('s3:GetBucketLogging') }) },
    status: 'ERROR',
  },
  { id: 's3.log-bucket-object-lock', name: 'locked', build: {}, status: 'PASS' },
  {
    id: 's3.log-bucket-object-lock',
    name: 'no default retention',
    build: { central: goodBucket(BUCKET, { objectLock: ok({ enabled: true }) }) },
    status: 'FAIL',
    expect: { actual: { enabled: true } },
  },
  {
    id: 's3.log-bucket-object-lock',
    name: 'the access-log bucket',
    build: {},
    at: 1,
    status: 'NOT_APPLICABLE',
  },
  {
    id: 's3.log-bucket-object-lock',
    name: 'unreadable',
    build: { central: goodBucket(BUCKET, { objectLock: denied('s3:GetObjectLockConfiguration') }) },
    status: 'ERROR',
  },
  { id: 's3.log-bucket-kms-encryption', name: 'SSE-KMS', build: {}, status: 'PASS' },
  {
    id: 's3.log-bucket-kms-encryption',
    name: 'SSE-S3',
    build: { central: goodBucket(BUCKET, { encryption: ok([{ algorithm: 'AES256' }]) }) },
    status: 'FAIL',
    expect: { expected: { algorithm: 'aws:kms' } },
  },
  {
    id: 's3.log-bucket-kms-encryption',
    name: 'the access-log bucket',
    build: {},
    at: 1,
    status: 'NOT_APPLICABLE',
  },
  {
    id: 's3.log-bucket-kms-encryption',
    name: 'unreadable',
    build: { central: goodBucket(BUCKET, { encryption: denied('s3:GetBucketEncryption') }) },
    status: 'ERROR',
  },
  { id: 's3.log-bucket-delete-protection', name: 'Object Lock retention', build: {}, status: 'PASS' },
  {
    id: 's3.log-bucket-delete-protection',
    name: 'MFA delete',
    build: {
      central: goodBucket(BUCKET, {
        versioning: ok({ status: 'Enabled', mfaDelete: 'Enabled' }),
        objectLock: ok({ enabled: false }),
      }),
    },
    status: 'PASS',
    expect: { actual: { mfaDelete: 'Enabled' } },
  },
  {
    id: 's3.log-bucket-delete-protection',
    name: 'neither',
    build: { central: goodBucket(BUCKET, { objectLock: ok({ enabled: false }) }) },
    status: 'FAIL',
    expect: { actual: { mfaDelete: 'Disabled', objectLock: { enabled: false } } },
  },
  {
    id: 's3.log-bucket-delete-protection',
    name: 'the access-log bucket',
    build: {},
    at: 1,
    status: 'NOT_APPLICABLE',
  },
  {
    id: 's3.log-bucket-delete-protection',
    name: 'unreadable',
    build: { central: goodBucket(BUCKET, { versioning: denied('s3:GetBucketVersioning') }) },
    status: 'ERROR',
  },
  {
    id: 's3.log-bucket-delete-protection',
    name: 'collector did not run',
    build: { noSlice: true },
    status: 'ERROR',
  },
];

describe('s3 controls', () => {
  it.each(cases.map((c) => [c.id, c.name, c] as const))('%s — %s', (_id, _name, c) => {
    const out = run(byId(c.id), c.build, c.blueprint);
    const o = out[c.at ?? 0]!;
    expect(o.status, JSON.stringify(o)).toBe(c.status);
    if (c.status === 'FAIL') expect(o.expected).toBeDefined();
    if (c.status === 'ERROR' && !c.build.noSlice) expect(o.error?.kind).toBe('access-denied');
    if (typeof c.expect === 'function') c.expect(o);
    else if (c.expect) expect(o).toMatchObject(c.expect);
  });

  it('tests every control of the module on PASS, FAIL, NOT_APPLICABLE and ERROR', () => {
    for (const control of s3Module.controls) {
      const seen = new Set(cases.filter((c) => c.id === control.id).map((c) => c.status));
      for (const s of ['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR'] as const)
        expect(seen.has(s), `${control.id} ${s}`).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// End to end
// ---------------------------------------------------------------------------------------------

describe('s3 on scenarios', () => {
  it('fails only the account whose Block Public Access was removed on the drifted scenario', async () => {
    const s = await drifted({ workloads: 3 });
    const { result } = await runVerify({
      access: accessFor(s),
      modules: [organizationsModule, cloudtrailModule, s3Module],
      controls: s3Module.controls.map((c) => c.id),
      organizationReader: { accounts: accountsFromOrganization, organizationId: organizationIdFrom },
      regions: s.governedRegions,
    });
    const planted = s.planted.find((p) => p.kind === 's3.account-public-access-block-removed')!;
    const bad = result.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR');
    expect(bad.map((f) => [f.controlId, f.account]).sort()).toEqual(
      BPA_IDS.map(([id]) => [id, planted.account]).sort(),
    );
    // The log archive's buckets all pass (the access-log bucket is exempt where S3 requires it).
    const logBucketFindings = result.findings.filter((f) => f.controlId.startsWith('s3.log-bucket-'));
    expect(logBucketFindings.every((f) => f.account === s.logArchiveId)).toBe(true);
    expect(logBucketFindings.filter((f) => f.status === 'PASS').length).toBe(8 + 4);
  });
});
