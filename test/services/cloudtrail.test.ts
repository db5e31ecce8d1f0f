/**
 * CloudTrail module: the organization-trail collector against sandbox scenarios, every control on
 * pass / fail / not-applicable / error inputs, and the drifted scenario end to end.
 */
import { describe, expect, it } from 'vitest';
import { CloudTrailClient, PutEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import {
  controlTower,
  deployReferenceSra,
  drifted,
  greenfield,
  referenceNames,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import type { AccountInfo, DataError, Datum, Inventory } from '../../src/observe/types.js';
import { emptyInventory } from '../../src/verify/context.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { runVerify } from '../../src/verify/verify.js';
import { cloudtrailModule } from '../../src/services/cloudtrail/index.js';
import { cloudTrailCollector, CLOUDTRAIL, type OrgTrailInfo } from '../../src/services/cloudtrail/collect.js';
import { managementCoverage, dataCoverage } from '../../src/services/cloudtrail/selectors.js';
import {
  accountsFromOrganization,
  organizationIdFrom,
  ORGANIZATIONS_COLLECTOR_ID,
  type OrganizationSlice,
} from '../../src/services/organizations/collect.js';
import { organizationsModule } from '../../src/services/organizations/index.js';
import { s3Module } from '../../src/services/s3/index.js';
import { S3, type S3Slice } from '../../src/services/s3/collect.js';
import type { ServiceModule } from '../../src/services/types.js';
import { accessFor, collectIn, evalControl } from '../verify/harness.js';

// ---------------------------------------------------------------------------------------------
// Collector
// ---------------------------------------------------------------------------------------------

describe('cloudtrail collector', () => {
  it('finds no organization trail in a greenfield organization', async () => {
    const s = await greenfield({ workloads: 1 });
    const slice = await collectIn(s, cloudTrailCollector, s.managementAccountId);
    expect(slice.orgTrails).toEqual({ ok: true, value: [] });
    expect(slice.otherTrailCount).toBe(0);
  });

  it('reads the reference organization trail with its status and selectors', async () => {
    const s = await drifted({ workloads: 3 });
    const names = referenceNames(s);
    const slice = await collectIn(s, cloudTrailCollector, s.managementAccountId);
    expect(slice.orgTrails.ok).toBe(true);
    const [t] = slice.orgTrails.ok ? slice.orgTrails.value : [];
    expect(t).toMatchObject({
      name: names.trail,
      homeRegion: s.homeRegion,
      s3BucketName: names.bucket,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      logFileValidationEnabled: true,
      kmsKeyId: expect.stringMatching(new RegExp(`^arn:aws:kms:${s.homeRegion}:${s.logArchiveId}:key/`)),
      cloudWatchLogsLogGroupArn: expect.stringContaining('log-group:sra-org-trail'),
    });
    // The drifted scenario stopped the trail after it had delivered once.
    expect(t!.status).toMatchObject({
      ok: true,
      value: { isLogging: false, latestDeliveryTime: expect.any(String) },
    });
    expect(t!.status.ok && t!.status.value.stopLoggingTime).toEqual(expect.any(String));
    expect(t!.selectors.ok && managementCoverage(t!.selectors.value)).toEqual({
      read: true,
      write: true,
      exclusions: [],
    });
    // Only the four declared operations were sent.
    const ops = [...s.sandbox.stats().byOperation.keys()].filter((k) => k.startsWith('cloudtrail:'));
    for (const op of ops) expect(cloudTrailCollector.reads).toContain(op);
  });

  it('counts the Control Tower trail as an organization trail', async () => {
    const s = await controlTower({ workloads: 1 });
    const slice = await collectIn(s, cloudTrailCollector, s.managementAccountId);
    expect(slice.orgTrails.ok && slice.orgTrails.value.map((t) => t.name)).toEqual([
      'aws-controltower-BaselineCloudTrail',
    ]);
    expect(slice.orgTrails.ok && slice.orgTrails.value[0]!.status).toMatchObject({
      ok: true,
      value: { isLogging: true },
    });
  });

  it('records a failed read as a DataError and keeps the rest', async () => {
    const s = await drifted({ workloads: 1 });
    s.sandbox.knobs = { deny: [{ action: 'cloudtrail:GetTrailStatus' }] };
    const slice = await collectIn(s, cloudTrailCollector, s.managementAccountId);
    const t = slice.orgTrails.ok ? slice.orgTrails.value[0] : undefined;
    expect(t?.status).toMatchObject({
      ok: false,
      error: {
        kind: 'access-denied',
        operation: 'cloudtrail:GetTrailStatus',
        account: s.managementAccountId,
      },
    });
    expect(t?.selectors.ok).toBe(true);

    s.sandbox.knobs = { deny: [{ action: 'cloudtrail:ListTrails' }] };
    const none = await collectIn(s, cloudTrailCollector, s.managementAccountId);
    expect(none.orgTrails).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'cloudtrail:ListTrails' },
    });
  });

  it('reads advanced event selectors', async () => {
    const s = await greenfield({ workloads: 1 });
    await deployReferenceSra(s.sandbox, s);
    const names = referenceNames(s);
    await s.client(CloudTrailClient, s.managementAccountId).send(
      new PutEventSelectorsCommand({
        TrailName: names.trail,
        AdvancedEventSelectors: [
          { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
              { Field: 'readOnly', Equals: ['false'] },
            ],
          },
        ],
      }),
    );
    const slice = await collectIn(s, cloudTrailCollector, s.managementAccountId);
    const sel = slice.orgTrails.ok ? slice.orgTrails.value[0]!.selectors : undefined;
    expect(sel?.ok && sel.value.advanced).toHaveLength(2);
    expect(sel?.ok && managementCoverage(sel.value)).toEqual({ read: true, write: true, exclusions: [] });
    expect(sel?.ok && dataCoverage(sel.value, 'AWS::S3::Object')).toEqual({ read: false, write: true });
  });
});

// ---------------------------------------------------------------------------------------------
// Controls on hand-built inventories
// ---------------------------------------------------------------------------------------------

const MGMT = '111111111111';
const AUDIT = '222222222222';
const LOGS = '333333333333';
const WORK = '444444444444';
const HOME = 'us-east-1';
const BUCKET = 'central-logs';
const TRAIL_ARN = `arn:aws:cloudtrail:${HOME}:${MGMT}:trail/org`;

const account = (id: string, name: string): AccountInfo => ({ id, name, status: 'ACTIVE', ouPath: [] });
const ok = <T>(value: T): Datum<T> => ({ ok: true, value });
const denied = (operation: string): Datum<never> => ({
  ok: false,
  error: {
    kind: 'access-denied',
    message: 'denied',
    account: MGMT,
    region: HOME,
    operation,
  } satisfies DataError,
});

function goodTrail(): OrgTrailInfo {
  return {
    name: 'org',
    arn: TRAIL_ARN,
    homeRegion: HOME,
    s3BucketName: BUCKET,
    kmsKeyId: `arn:aws:kms:${HOME}:${LOGS}:key/k1`,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    cloudWatchLogsLogGroupArn: `arn:aws:logs:${HOME}:${MGMT}:log-group:org:*`,
    cloudWatchLogsRoleArn: `arn:aws:iam::${MGMT}:role/ct-logs`,
    status: ok({
      isLogging: true,
      latestDeliveryTime: '2025-01-01T00:00:00.000Z',
      latestDigestDeliveryTime: '2025-01-01T00:00:00.000Z',
      latestCloudWatchLogsDeliveryTime: '2025-01-01T00:00:00.000Z',
      startLoggingTime: '2025-01-01T00:00:00.000Z',
    }),
    selectors: ok({
      basic: [
        {
          readWriteType: 'All',
          includeManagementEvents: true,
          excludeManagementEventSources: [],
          dataResources: [],
        },
      ],
    }),
  };
}

function orgSlice(admins: Array<[string, string]>, failed = false): OrganizationSlice {
  return {
    organization: ok({ id: 'o-test', arn: 'arn', featureSet: 'ALL', managementAccountId: MGMT }),
    roots: ok([]),
    ous: ok([]),
    accounts: ok([]),
    policies: ok([]),
    trustedAccess: ok([]),
    delegatedAdmins: failed
      ? denied('organizations:ListDelegatedAdministrators')
      : ok(admins.map(([a, principal]) => ({ account: a, principal }))),
  };
}

interface Build {
  trails?: Datum<OrgTrailInfo[]>;
  admins?: Array<[string, string]>;
  adminsFailed?: boolean;
  logBuckets?: Datum<Array<{ name: string }>>;
  workBuckets?: Array<{ name: string }>;
  roleAccounts?: Partial<Record<'security-tooling' | 'log-archive', string[]>>;
}

function run(control: Control, b: Build = {}, blueprint?: unknown): Outcome[] {
  const inventory: Inventory = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: HOME,
    governedRegions: [HOME, 'eu-west-1'],
    accounts: [
      account(MGMT, 'Management'),
      account(AUDIT, 'Audit'),
      account(LOGS, 'Log Archive'),
      account(WORK, 'work'),
    ],
  });
  inventory.organization[CLOUDTRAIL] = { orgTrails: b.trails ?? ok([goodTrail()]) };
  inventory.organization[ORGANIZATIONS_COLLECTOR_ID] = orgSlice(
    b.admins ?? [[AUDIT, 'cloudtrail.amazonaws.com']],
    b.adminsFailed,
  );
  const s3 = (buckets: Datum<Array<{ name: string }>>): S3Slice => ({
    accountPublicAccessBlock: ok(null),
    buckets,
  });
  inventory.account[LOGS] = { [S3]: s3(b.logBuckets ?? ok([{ name: BUCKET }])) };
  inventory.account[WORK] = { [S3]: s3(ok(b.workBuckets ?? [])) };
  return evalControl(control, {
    inventory,
    account: inventory.accounts[0]!,
    region: HOME,
    roles: ['management'],
    roleAccounts: {
      management: [MGMT],
      'security-tooling': [AUDIT],
      'log-archive': [LOGS],
      ...b.roleAccounts,
    },
    ...(blueprint ? { blueprint: blueprint as never } : {}),
  });
}

const byId = (id: string): Control => {
  const c = cloudtrailModule.controls.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};
const trail = (patch: Partial<OrgTrailInfo>): Build => ({ trails: ok([{ ...goodTrail(), ...patch }]) });
const status = (patch: object): Build =>
  trail({ status: ok({ ...(goodTrail().status as { value: object }).value, ...patch }) as never });
const selectors = (sel: OrgTrailInfo['selectors']): Build => trail({ selectors: sel });
const noTrail: Build = { trails: ok([]) };
const trailsFailed: Build = { trails: denied('cloudtrail:ListTrails') };

/** A blueprint stand-in with just the keys the CloudTrail controls read. */
function blueprintWith(trailPatch: object, ct: object = {}) {
  return {
    organization: { controlTower: { enabled: false, managesCloudTrail: true, ...ct } },
    threatDetection: {
      cloudtrail: {
        organizationTrail: {
          enabled: true,
          multiRegion: true,
          kms: true,
          logFileValidation: true,
          managementEvents: true,
          cloudWatchLogs: { enabled: true, retentionDays: 400 },
          dataEvents: { s3: false, lambda: false },
          ...trailPatch,
        },
      },
    },
  };
}

interface Case {
  id: string;
  name: string;
  build: Build;
  status: Outcome['status'];
  /** Something of the evidence or message that must be there. */
  expect?: Partial<Outcome> | ((o: Outcome) => void);
  blueprint?: unknown;
}

const cases: Case[] = [
  // exists
  {
    id: 'cloudtrail.org-trail-exists',
    name: 'a trail',
    build: {},
    status: 'PASS',
    expect: { actual: [TRAIL_ARN] },
  },
  {
    id: 'cloudtrail.org-trail-exists',
    name: 'no trail',
    build: noTrail,
    status: 'FAIL',
    expect: { actual: 'none' },
  },
  {
    id: 'cloudtrail.org-trail-exists',
    name: 'turned off by the blueprint',
    build: noTrail,
    status: 'NOT_APPLICABLE',
    blueprint: blueprintWith({ enabled: false }),
  },
  {
    id: 'cloudtrail.org-trail-exists',
    name: 'left to Control Tower but missing',
    build: noTrail,
    status: 'FAIL',
    blueprint: blueprintWith({ enabled: false }, { enabled: true, managesCloudTrail: true }),
  },
  { id: 'cloudtrail.org-trail-exists', name: 'unreadable', build: trailsFailed, status: 'ERROR' },
  // management events
  { id: 'cloudtrail.org-trail-management-events', name: 'all events', build: {}, status: 'PASS' },
  {
    id: 'cloudtrail.org-trail-management-events',
    name: 'write only',
    build: selectors(
      ok({
        basic: [
          {
            readWriteType: 'WriteOnly',
            includeManagementEvents: true,
            excludeManagementEventSources: [],
            dataResources: [],
          },
        ],
      }),
    ),
    status: 'FAIL',
    expect: (o) => expect(o.actual).toEqual({ org: { read: false, write: true, exclusions: [] } }),
  },
  {
    id: 'cloudtrail.org-trail-management-events',
    name: 'KMS events excluded',
    build: selectors(
      ok({
        basic: [
          {
            readWriteType: 'All',
            includeManagementEvents: true,
            excludeManagementEventSources: ['kms.amazonaws.com'],
            dataResources: [],
          },
        ],
      }),
    ),
    status: 'FAIL',
    expect: (o) => expect(JSON.stringify(o.actual)).toContain('kms.amazonaws.com'),
  },
  {
    id: 'cloudtrail.org-trail-management-events',
    name: 'no trail',
    build: noTrail,
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'cloudtrail.org-trail-management-events',
    name: 'selectors unreadable',
    build: selectors(denied('cloudtrail:GetEventSelectors')),
    status: 'ERROR',
  },
  // multi-Region
  {
    id: 'cloudtrail.org-trail-multi-region',
    name: 'multi-Region',
    build: {},
    status: 'PASS',
    expect: { resource: TRAIL_ARN },
  },
  {
    id: 'cloudtrail.org-trail-multi-region',
    name: 'single Region',
    build: trail({ isMultiRegionTrail: false }),
    status: 'FAIL',
    expect: {
      expected: { isMultiRegionTrail: true },
      actual: { isMultiRegionTrail: false, homeRegion: HOME },
    },
  },
  {
    id: 'cloudtrail.org-trail-multi-region',
    name: 'single Region wanted',
    build: trail({ isMultiRegionTrail: false }),
    status: 'NOT_APPLICABLE',
    blueprint: blueprintWith({ multiRegion: false }),
  },
  { id: 'cloudtrail.org-trail-multi-region', name: 'no trail', build: noTrail, status: 'NOT_APPLICABLE' },
  { id: 'cloudtrail.org-trail-multi-region', name: 'unreadable', build: trailsFailed, status: 'ERROR' },
  // global events
  { id: 'cloudtrail.org-trail-global-events', name: 'included', build: {}, status: 'PASS' },
  {
    id: 'cloudtrail.org-trail-global-events',
    name: 'left out',
    build: trail({ includeGlobalServiceEvents: false }),
    status: 'FAIL',
    expect: { actual: { includeGlobalServiceEvents: false } },
  },
  { id: 'cloudtrail.org-trail-global-events', name: 'no trail', build: noTrail, status: 'NOT_APPLICABLE' },
  { id: 'cloudtrail.org-trail-global-events', name: 'unreadable', build: trailsFailed, status: 'ERROR' },
  // KMS
  {
    id: 'cloudtrail.org-trail-kms',
    name: 'encrypted',
    build: {},
    status: 'PASS',
    expect: { actual: { kmsKeyId: `arn:aws:kms:${HOME}:${LOGS}:key/k1` } },
  },
  {
    id: 'cloudtrail.org-trail-kms',
    name: 'SSE-S3 only',
    build: trail({ kmsKeyId: undefined }),
    status: 'FAIL',
    expect: { actual: { kmsKeyId: null } },
  },
  {
    id: 'cloudtrail.org-trail-kms',
    name: 'KMS off in the blueprint',
    build: trail({ kmsKeyId: undefined }),
    status: 'NOT_APPLICABLE',
    blueprint: blueprintWith({ kms: false }),
  },
  { id: 'cloudtrail.org-trail-kms', name: 'unreadable', build: trailsFailed, status: 'ERROR' },
  // validation
  { id: 'cloudtrail.org-trail-log-file-validation', name: 'on', build: {}, status: 'PASS' },
  {
    id: 'cloudtrail.org-trail-log-file-validation',
    name: 'off',
    build: trail({ logFileValidationEnabled: false }),
    status: 'FAIL',
    expect: { expected: { logFileValidationEnabled: true } },
  },
  {
    id: 'cloudtrail.org-trail-log-file-validation',
    name: 'off in the blueprint',
    build: trail({ logFileValidationEnabled: false }),
    status: 'NOT_APPLICABLE',
    blueprint: blueprintWith({ logFileValidation: false }),
  },
  {
    id: 'cloudtrail.org-trail-log-file-validation',
    name: 'unreadable',
    build: trailsFailed,
    status: 'ERROR',
  },
  // CloudWatch Logs
  { id: 'cloudtrail.org-trail-cloudwatch-logs', name: 'configured', build: {}, status: 'PASS' },
  {
    id: 'cloudtrail.org-trail-cloudwatch-logs',
    name: 'missing',
    build: trail({ cloudWatchLogsLogGroupArn: undefined }),
    status: 'FAIL',
    expect: { actual: { cloudWatchLogsLogGroupArn: null } },
  },
  {
    id: 'cloudtrail.org-trail-cloudwatch-logs',
    name: 'data-events-only trail',
    build: trail({
      cloudWatchLogsLogGroupArn: undefined,
      selectors: ok({
        basic: [
          {
            readWriteType: 'All',
            includeManagementEvents: false,
            excludeManagementEventSources: [],
            dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
          },
        ],
      }),
    }),
    status: 'NOT_APPLICABLE',
    expect: (o) => expect(o.message).toMatch(/data events only/),
  },
  {
    id: 'cloudtrail.org-trail-cloudwatch-logs',
    name: 'selectors unreadable',
    build: trail({ cloudWatchLogsLogGroupArn: undefined, selectors: denied('cloudtrail:GetEventSelectors') }),
    status: 'ERROR',
  },
  // logging
  { id: 'cloudtrail.org-trail-logging', name: 'logging', build: {}, status: 'PASS' },
  {
    id: 'cloudtrail.org-trail-logging',
    name: 'stopped',
    build: status({ isLogging: false, stopLoggingTime: '2025-02-01T00:00:00.000Z' }),
    status: 'FAIL',
    expect: { actual: { isLogging: false, stoppedAt: '2025-02-01T00:00:00.000Z' } },
  },
  { id: 'cloudtrail.org-trail-logging', name: 'no trail', build: noTrail, status: 'NOT_APPLICABLE' },
  {
    id: 'cloudtrail.org-trail-logging',
    name: 'status unreadable',
    build: trail({ status: denied('cloudtrail:GetTrailStatus') }),
    status: 'ERROR',
  },
  // S3 delivery
  { id: 'cloudtrail.org-trail-s3-delivery', name: 'delivering', build: {}, status: 'PASS' },
  {
    id: 'cloudtrail.org-trail-s3-delivery',
    name: 'delivery error',
    build: status({ latestDeliveryError: 'AccessDenied' }),
    status: 'FAIL',
    expect: (o) => expect(o.actual).toMatchObject({ deliveryError: 'AccessDenied' }),
  },
  {
    id: 'cloudtrail.org-trail-s3-delivery',
    name: 'never delivered',
    build: status({ latestDeliveryTime: undefined }),
    status: 'FAIL',
    expect: { actual: { lastDelivery: null } },
  },
  {
    id: 'cloudtrail.org-trail-s3-delivery',
    name: 'not logging',
    build: status({ isLogging: false }),
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'cloudtrail.org-trail-s3-delivery',
    name: 'status unreadable',
    build: trail({ status: denied('cloudtrail:GetTrailStatus') }),
    status: 'ERROR',
  },
  // CloudWatch delivery
  { id: 'cloudtrail.org-trail-cloudwatch-delivery', name: 'delivering', build: {}, status: 'PASS' },
  {
    id: 'cloudtrail.org-trail-cloudwatch-delivery',
    name: 'error',
    build: status({ latestCloudWatchLogsDeliveryError: 'AccessDeniedException' }),
    status: 'FAIL',
    expect: (o) => expect(o.actual).toMatchObject({ deliveryError: 'AccessDeniedException' }),
  },
  {
    id: 'cloudtrail.org-trail-cloudwatch-delivery',
    name: 'no log group',
    build: trail({ cloudWatchLogsLogGroupArn: undefined }),
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'cloudtrail.org-trail-cloudwatch-delivery',
    name: 'status unreadable',
    build: trail({ status: denied('cloudtrail:GetTrailStatus') }),
    status: 'ERROR',
  },
  // digest delivery
  { id: 'cloudtrail.org-trail-digest-delivery', name: 'delivering', build: {}, status: 'PASS' },
  {
    id: 'cloudtrail.org-trail-digest-delivery',
    name: 'error',
    build: status({ latestDigestDeliveryError: 'KMS.DisabledException' }),
    status: 'FAIL',
    expect: (o) => expect(o.actual).toMatchObject({ deliveryError: 'KMS.DisabledException' }),
  },
  {
    id: 'cloudtrail.org-trail-digest-delivery',
    name: 'validation off',
    build: trail({ logFileValidationEnabled: false }),
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'cloudtrail.org-trail-digest-delivery',
    name: 'status unreadable',
    build: trail({ status: denied('cloudtrail:GetTrailStatus') }),
    status: 'ERROR',
  },
  // bucket in log archive
  {
    id: 'cloudtrail.org-trail-bucket-in-log-archive',
    name: 'in log archive',
    build: {},
    status: 'PASS',
    expect: { actual: { bucket: BUCKET, owner: LOGS } },
  },
  {
    id: 'cloudtrail.org-trail-bucket-in-log-archive',
    name: 'in a workload account',
    build: { logBuckets: ok([]), workBuckets: [{ name: BUCKET }] },
    status: 'FAIL',
    expect: { expected: { owner: LOGS }, actual: { bucket: BUCKET, owner: WORK } },
  },
  {
    id: 'cloudtrail.org-trail-bucket-in-log-archive',
    name: 'outside the organization',
    build: { logBuckets: ok([]) },
    status: 'FAIL',
    expect: { actual: { bucket: BUCKET, owner: 'outside the organization' } },
  },
  {
    id: 'cloudtrail.org-trail-bucket-in-log-archive',
    name: 'no log archive account',
    build: { roleAccounts: { 'log-archive': [] } },
    status: 'FAIL',
    expect: { actual: { bucket: BUCKET, logArchiveAccount: null } },
  },
  {
    id: 'cloudtrail.org-trail-bucket-in-log-archive',
    name: 'no trail',
    build: noTrail,
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'cloudtrail.org-trail-bucket-in-log-archive',
    name: 'log archive bucket list unreadable',
    build: { logBuckets: denied('s3:ListBuckets') },
    status: 'ERROR',
  },
  // delegated administrator
  {
    id: 'cloudtrail.delegated-admin-set',
    name: 'registered',
    build: {},
    status: 'PASS',
    expect: { actual: [AUDIT] },
  },
  {
    id: 'cloudtrail.delegated-admin-set',
    name: 'none',
    build: { admins: [[AUDIT, 'config.amazonaws.com']] },
    status: 'FAIL',
    expect: { actual: 'none' },
  },
  {
    id: 'cloudtrail.delegated-admin-set',
    name: 'unreadable',
    build: { adminsFailed: true },
    status: 'ERROR',
  },
  { id: 'cloudtrail.delegated-admin-security-tooling', name: 'security tooling', build: {}, status: 'PASS' },
  {
    id: 'cloudtrail.delegated-admin-security-tooling',
    name: 'another account too',
    build: {
      admins: [
        [AUDIT, 'cloudtrail.amazonaws.com'],
        [WORK, 'cloudtrail.amazonaws.com'],
      ],
    },
    status: 'FAIL',
    expect: { expected: [AUDIT], actual: [AUDIT, WORK] },
  },
  {
    id: 'cloudtrail.delegated-admin-security-tooling',
    name: 'no security tooling account',
    build: { roleAccounts: { 'security-tooling': [] } },
    status: 'FAIL',
    expect: { actual: [AUDIT] },
  },
  {
    id: 'cloudtrail.delegated-admin-security-tooling',
    name: 'no admin',
    build: { admins: [] },
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'cloudtrail.delegated-admin-security-tooling',
    name: 'unreadable',
    build: { adminsFailed: true },
    status: 'ERROR',
  },
  // data events
  {
    id: 'cloudtrail.s3-write-data-events',
    name: 'optional and unused',
    build: {},
    status: 'NOT_APPLICABLE',
    expect: (o) => expect(o.message).toMatch(/dataEvents\.s3: true/),
  },
  {
    id: 'cloudtrail.s3-write-data-events',
    name: 'requested but missing',
    build: {},
    status: 'FAIL',
    blueprint: blueprintWith({ dataEvents: { s3: true, lambda: false } }),
    expect: { expected: { write: true, resources: 'all' } },
  },
  {
    id: 'cloudtrail.s3-write-data-events',
    name: 'all buckets, write',
    build: selectors(
      ok({
        basic: [
          {
            readWriteType: 'WriteOnly',
            includeManagementEvents: true,
            excludeManagementEventSources: [],
            dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
          },
        ],
      }),
    ),
    status: 'PASS',
  },
  {
    id: 'cloudtrail.s3-read-data-events',
    name: 'in use for writes only',
    build: selectors(
      ok({
        basic: [
          {
            readWriteType: 'WriteOnly',
            includeManagementEvents: true,
            excludeManagementEventSources: [],
            dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
          },
        ],
      }),
    ),
    status: 'FAIL',
    expect: (o) => expect(o.actual).toEqual({ org: { read: false, write: true } }),
  },
  {
    id: 'cloudtrail.s3-read-data-events',
    name: 'advanced selector, all buckets',
    build: selectors(
      ok({
        advanced: [
          [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
          ],
        ],
      }),
    ),
    status: 'PASS',
  },
  {
    id: 'cloudtrail.s3-read-data-events',
    name: 'one bucket only',
    build: selectors(
      ok({
        basic: [
          {
            readWriteType: 'All',
            includeManagementEvents: true,
            excludeManagementEventSources: [],
            dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::one/'] }],
          },
        ],
      }),
    ),
    status: 'FAIL',
  },
  { id: 'cloudtrail.s3-read-data-events', name: 'optional and unused', build: {}, status: 'NOT_APPLICABLE' },
  {
    id: 'cloudtrail.s3-read-data-events',
    name: 'selectors unreadable',
    build: selectors(denied('cloudtrail:GetEventSelectors')),
    status: 'ERROR',
  },
  { id: 'cloudtrail.s3-write-data-events', name: 'trails unreadable', build: trailsFailed, status: 'ERROR' },
  { id: 'cloudtrail.lambda-data-events', name: 'optional and unused', build: {}, status: 'NOT_APPLICABLE' },
  {
    id: 'cloudtrail.lambda-data-events',
    name: 'selectors unreadable',
    build: selectors(denied('cloudtrail:GetEventSelectors')),
    status: 'ERROR',
  },
  {
    id: 'cloudtrail.lambda-data-events',
    name: 'all functions',
    build: selectors(
      ok({
        basic: [
          {
            readWriteType: 'All',
            includeManagementEvents: true,
            excludeManagementEventSources: [],
            dataResources: [{ type: 'AWS::Lambda::Function', values: ['arn:aws:lambda'] }],
          },
        ],
      }),
    ),
    status: 'PASS',
  },
  {
    id: 'cloudtrail.lambda-data-events',
    name: 'requested, missing',
    build: {},
    status: 'FAIL',
    blueprint: blueprintWith({ dataEvents: { s3: false, lambda: true } }),
  },
  {
    id: 'cloudtrail.lambda-data-events',
    name: 'no trail',
    build: noTrail,
    status: 'NOT_APPLICABLE',
    blueprint: blueprintWith({ dataEvents: { s3: false, lambda: true } }),
  },
];

describe('cloudtrail controls', () => {
  it.each(cases.map((c) => [c.id, c.name, c] as const))('%s — %s', (_id, _name, c) => {
    const out = run(byId(c.id), c.build, c.blueprint);
    expect(out.length).toBeGreaterThan(0);
    const first = out[0]!;
    expect(first.status, JSON.stringify(first)).toBe(c.status);
    if (c.status === 'FAIL') expect(first.expected).toBeDefined();
    if (c.status === 'ERROR') expect(first.error?.kind).toBe('access-denied');
    if (typeof c.expect === 'function') c.expect(first);
    else if (c.expect) expect(first).toMatchObject(c.expect);
    expect(first.message.length).toBeGreaterThan(0);
  });

  it('tests every control of the module on PASS, FAIL and NOT_APPLICABLE', () => {
    for (const control of cloudtrailModule.controls) {
      const seen = new Set(cases.filter((c) => c.id === control.id).map((c) => c.status));
      for (const s of ['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR'] as const) {
        if (control.id === 'cloudtrail.delegated-admin-set' && s === 'NOT_APPLICABLE') continue; // always applies
        expect(seen.has(s), `${control.id} ${s}`).toBe(true);
      }
    }
  });

  it('judges each organization trail on its own', () => {
    const other = { ...goodTrail(), name: 'data-only', arn: `${TRAIL_ARN}-2`, isMultiRegionTrail: false };
    const out = run(byId('cloudtrail.org-trail-multi-region'), { trails: ok([goodTrail(), other]) });
    expect(out.map((o) => [o.resource, o.status])).toEqual([
      [TRAIL_ARN, 'PASS'],
      [`${TRAIL_ARN}-2`, 'FAIL'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// End to end on sandbox scenarios
// ---------------------------------------------------------------------------------------------

async function verify(s: Scenario, modules: ServiceModule[]) {
  return runVerify({
    access: accessFor(s),
    modules: [organizationsModule, ...modules],
    controls: cloudtrailModule.controls.map((c) => c.id),
    organizationReader: { accounts: accountsFromOrganization, organizationId: organizationIdFrom },
    regions: s.governedRegions,
  });
}

describe('cloudtrail on scenarios', () => {
  it('fails only the planted drift on the drifted scenario', async () => {
    const s = await drifted({ workloads: 3 });
    const { result } = await verify(s, [cloudtrailModule, s3Module]);
    const bad = result.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR');
    const planted = s.planted.find((p) => p.kind === 'cloudtrail.logging-stopped')!;
    expect(bad.map((f) => [f.controlId, f.account])).toEqual([
      ['cloudtrail.org-trail-logging', planted.account],
    ]);
    // Delivery controls step aside while the trail is stopped; the rest of the trail passes.
    const byControl = Object.fromEntries(result.findings.map((f) => [f.controlId, f.status]));
    expect(byControl['cloudtrail.org-trail-s3-delivery']).toBe('NOT_APPLICABLE');
    expect(byControl['cloudtrail.org-trail-bucket-in-log-archive']).toBe('PASS');
    expect(byControl['cloudtrail.delegated-admin-security-tooling']).toBe('PASS');
  });

  it('reports a missing trail once on a greenfield organization', async () => {
    const s = await greenfield({ workloads: 1 });
    const { result } = await verify(s, [cloudtrailModule, s3Module]);
    const fails = result.findings.filter((f) => f.status === 'FAIL').map((f) => f.controlId);
    expect(fails.sort()).toEqual(['cloudtrail.delegated-admin-set', 'cloudtrail.org-trail-exists']);
    expect(result.findings.some((f) => f.status === 'ERROR')).toBe(false);
  });

  it('sees a delivery failure when the trail bucket stops admitting CloudTrail', async () => {
    const s = await greenfield({ workloads: 1 });
    await deployReferenceSra(s.sandbox, s);
    const names = referenceNames(s);
    const arn = `arn:aws:s3:::${names.bucket}`;
    // The log archive replaces the bucket policy with one that no longer admits CloudTrail.
    await s.client(S3Client, s.logArchiveId).send(
      new PutBucketPolicyCommand({
        Bucket: names.bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [arn, `${arn}/*`],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        }),
      }),
    );
    const { result } = await verify(s, [cloudtrailModule, s3Module]);
    const fails = result.findings.filter((f) => f.status === 'FAIL');
    expect(fails.map((f) => f.controlId).sort()).toEqual([
      'cloudtrail.org-trail-digest-delivery',
      'cloudtrail.org-trail-s3-delivery',
    ]);
    expect(fails[0]!.actual).toMatchObject({ deliveryError: 'AccessDenied' });
  });
});
