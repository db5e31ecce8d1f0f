/**
 * AWS Config module: the recorder and aggregator collectors against sandbox scenarios, every control on
 * pass / fail / not-applicable / error inputs, and the drifted scenario end to end.
 */
import { describe, expect, it } from 'vitest';
import {
  controlTower,
  drifted,
  greenfield,
  referenceNames,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import type { AccountInfo, DataError, Datum, Inventory } from '../../src/observe/types.js';
import { emptyInventory } from '../../src/verify/context.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { runVerify } from '../../src/verify/verify.js';
import { configModule, configRoleHints } from '../../src/services/config/index.js';
import {
  configAggregatorsCollector,
  configCollector,
  CONFIG,
  CONFIG_AGGREGATORS,
  type AggregatorInfo,
  type ConfigSlice,
  type DeliveryChannelInfo,
  type RecorderInfo,
} from '../../src/services/config/collect.js';
import {
  accountsFromOrganization,
  organizationIdFrom,
  organizationsCollector,
  ORGANIZATIONS_COLLECTOR_ID,
  type OrganizationSlice,
} from '../../src/services/organizations/collect.js';
import { organizationsModule } from '../../src/services/organizations/index.js';
import { cloudtrailModule } from '../../src/services/cloudtrail/index.js';
import { s3Module } from '../../src/services/s3/index.js';
import { S3, type S3Slice } from '../../src/services/s3/collect.js';
import { accessFor, collectIn, evalControl } from '../verify/harness.js';

// ---------------------------------------------------------------------------------------------
// Collectors
// ---------------------------------------------------------------------------------------------

async function orgSlices(s: Scenario): Promise<Record<string, unknown>> {
  return { [ORGANIZATIONS_COLLECTOR_ID]: await collectIn(s, organizationsCollector, s.managementAccountId) };
}

describe('config collectors', () => {
  it('finds nothing in a greenfield organization and reads aggregators only in the management account', async () => {
    const s = await greenfield({ workloads: 1 });
    const slice = await collectIn(s, configCollector, s.workloadIds[0]!);
    expect(slice).toEqual({
      recorder: { ok: true, value: null },
      status: { ok: true, value: true },
      deliveryChannel: { ok: true, value: null },
    });
    const org = await orgSlices(s);
    s.sandbox.resetStats();
    expect(await collectIn(s, configAggregatorsCollector, s.workloadIds[0]!, s.homeRegion, org)).toEqual({});
    expect(s.sandbox.stats().byOperation.get('config:DescribeConfigurationAggregators')).toBeUndefined();
    expect(await collectIn(s, configAggregatorsCollector, s.managementAccountId, s.homeRegion, org)).toEqual({
      aggregators: { ok: true, value: [] },
    });
  });

  it('reads the reference recorder, its status and the delivery channel; a stopped one in the drifted Region', async () => {
    const s = await drifted({ workloads: 1 });
    const names = referenceNames(s);
    const home = await collectIn(s, configCollector, s.sharedServicesId, s.homeRegion);
    expect(home.recorder).toEqual({
      ok: true,
      value: expect.objectContaining({
        name: names.recorder,
        allSupported: true,
        includeGlobalResourceTypes: true,
        recording: true,
        lastStatus: 'Success',
      }),
    });
    expect(home.deliveryChannel).toEqual({
      ok: true,
      value: {
        name: names.deliveryChannel,
        s3BucketName: names.bucket,
        s3KmsKeyArn: expect.stringContaining(':kms:'),
      },
    });
    const second = await collectIn(s, configCollector, s.sharedServicesId, s.governedRegions[1]);
    expect(second.recorder.ok && second.recorder.value).toMatchObject({
      recording: false,
      includeGlobalResourceTypes: false,
    });
  });

  it('reads the organization aggregator of the Config delegated administrator', async () => {
    const s = await drifted({ workloads: 1 });
    const org = await orgSlices(s);
    const slice = await collectIn(s, configAggregatorsCollector, s.securityToolingId, s.homeRegion, org);
    const aggs = slice.aggregators?.ok ? slice.aggregators.value : [];
    expect(aggs.map((a) => a.name)).toEqual([referenceNames(s).aggregator]);
    expect(aggs[0]!.organizationSource).toMatchObject({ allAwsRegions: true });
    const statuses = aggs[0]!.sourcesStatus;
    expect(statuses.ok && statuses.value.length).toBeGreaterThan(0);
    expect(statuses.ok && statuses.value.every((x) => x.status === 'SUCCEEDED')).toBe(true);
    // Role hint: the aggregator's account looks like security tooling.
    const inventory = emptyInventory({
      managementAccountId: s.managementAccountId,
      homeRegion: s.homeRegion,
      governedRegions: s.governedRegions,
      accounts: [],
    });
    inventory.account[s.securityToolingId] = { [CONFIG_AGGREGATORS]: slice };
    expect(configRoleHints(inventory)).toEqual([
      expect.objectContaining({ role: 'security-tooling', account: s.securityToolingId }),
    ]);
  });

  it('counts a Control Tower recorder', async () => {
    const s = await controlTower({ workloads: 1 });
    const slice = await collectIn(s, configCollector, s.workloadIds[0]!);
    expect(slice.recorder.ok && slice.recorder.value).toMatchObject({
      name: 'aws-controltower-BaselineConfigRecorder',
      recording: true,
    });
    expect(slice.deliveryChannel.ok && slice.deliveryChannel.value?.s3BucketName).toMatch(
      /^aws-controltower-logs-/,
    );
  });

  it('records failed reads as DataErrors', async () => {
    const s = await drifted({ workloads: 1 });
    const w = s.workloadIds[0]!;
    s.sandbox.knobs = { deny: [{ action: 'config:DescribeConfigurationRecorderStatus', account: w }] };
    const slice = await collectIn(s, configCollector, w);
    expect(slice.status).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', account: w, operation: 'config:DescribeConfigurationRecorderStatus' },
    });
    expect(slice.recorder.ok && slice.recorder.value?.recording).toBeUndefined();
    const org = await orgSlices(s);
    s.sandbox.knobs = { deny: [{ action: 'config:DescribeConfigurationAggregators' }] };
    const aggs = await collectIn(s, configAggregatorsCollector, s.securityToolingId, s.homeRegion, org);
    expect(aggs.aggregators).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
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
const OTHER = 'eu-west-1';
const BUCKET = 'central-logs';

const acct = (id: string, name: string, ouPath: string[] = []): AccountInfo => ({
  id,
  name,
  status: 'ACTIVE',
  ouPath,
});
const ok = <T>(value: T): Datum<T> => ({ ok: true, value });
const denied = (operation: string): Datum<never> => ({
  ok: false,
  error: {
    kind: 'access-denied',
    message: 'denied',
    account: WORK,
    region: HOME,
    operation,
  } satisfies DataError,
});

const goodRecorder = (patch: Partial<RecorderInfo> = {}): RecorderInfo => ({
  name: 'rec',
  allSupported: true,
  includeGlobalResourceTypes: true,
  recording: true,
  lastStatus: 'Success',
  ...patch,
});
const goodChannel: DeliveryChannelInfo = { name: 'ch', s3BucketName: BUCKET };
const goodAggregator = (patch: Partial<AggregatorInfo> = {}): AggregatorInfo => ({
  name: 'agg',
  arn: `arn:aws:config:${HOME}:${AUDIT}:config-aggregator/agg`,
  organizationSource: { allAwsRegions: true, awsRegions: [] },
  sourcesStatus: ok([{ sourceId: 'o-test', sourceType: 'ORGANIZATION', region: HOME, status: 'SUCCEEDED' }]),
  ...patch,
});

interface Build {
  region?: string;
  account?: AccountInfo;
  config?: Partial<ConfigSlice>;
  aggregators?: Datum<AggregatorInfo[]> | 'not-read';
  admins?: Array<[string, string]>;
  adminsFailed?: boolean;
  logBuckets?: Datum<Array<{ name: string }>>;
  roleAccounts?: Record<string, string[]>;
}

function run(control: Control, b: Build = {}, blueprint?: unknown): Outcome[] {
  const accounts = [
    acct(MGMT, 'Management'),
    acct(AUDIT, 'Audit'),
    acct(LOGS, 'Log Archive'),
    acct(WORK, 'work', ['Workloads']),
  ];
  const inventory: Inventory = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: HOME,
    governedRegions: [HOME, OTHER],
    accounts,
  });
  const region = b.region ?? HOME;
  const account =
    b.account ??
    (control.scope === 'organization'
      ? accounts[0]!
      : control.appliesTo === 'all'
        ? accounts[3]!
        : accounts[1]!);
  const recorder = region === HOME ? goodRecorder() : goodRecorder({ includeGlobalResourceTypes: false });
  inventory.region[account.id] = {
    [region]: {
      [CONFIG]: {
        recorder: ok(recorder),
        status: ok(true),
        deliveryChannel: ok(goodChannel),
        ...b.config,
      } satisfies ConfigSlice,
    },
  };
  inventory.account[AUDIT] = {
    [CONFIG_AGGREGATORS]:
      b.aggregators === 'not-read' ? {} : { aggregators: b.aggregators ?? ok([goodAggregator()]) },
  };
  const s3 = (buckets: Datum<Array<{ name: string }>>): S3Slice => ({
    accountPublicAccessBlock: ok(null),
    buckets,
  });
  inventory.account[LOGS] = { [S3]: s3(b.logBuckets ?? ok([{ name: BUCKET }])) };
  const org: OrganizationSlice = {
    organization: ok({ id: 'o-test', arn: 'arn', featureSet: 'ALL', managementAccountId: MGMT }),
    roots: ok([]),
    ous: ok([]),
    accounts: ok([]),
    policies: ok([]),
    trustedAccess: ok([]),
    delegatedAdmins: b.adminsFailed
      ? denied('organizations:ListDelegatedAdministrators')
      : ok(
          (b.admins ?? [[AUDIT, 'config.amazonaws.com']]).map(([a, principal]) => ({
            account: a,
            principal,
          })),
        ),
  };
  inventory.organization[ORGANIZATIONS_COLLECTOR_ID] = org;
  return evalControl(control, {
    inventory,
    account,
    region,
    roles: account.id === MGMT ? ['management'] : account.id === AUDIT ? ['security-tooling'] : ['workload'],
    roleAccounts: {
      management: [MGMT],
      'security-tooling': [AUDIT],
      'log-archive': [LOGS],
      ...b.roleAccounts,
    },
    ...(blueprint ? { blueprint: blueprint as never } : {}),
  });
}

function blueprintWith(config: object = {}) {
  return {
    assurance: {
      config: {
        enabled: true,
        recordAllResources: true,
        globalResourcesRegion: HOME,
        aggregator: { enabled: true },
        targets: { ous: [], accounts: [], excludeAccounts: [], excludeRegions: [] },
        ...config,
      },
    },
  };
}
const targets = (t: object) =>
  blueprintWith({ targets: { ous: [], accounts: [], excludeAccounts: [], excludeRegions: [], ...t } });

const byId = (id: string): Control => {
  const c = configModule.controls.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};
const rec = (patch: Partial<RecorderInfo>): Build => ({ config: { recorder: ok(goodRecorder(patch)) } });
const noRecorder: Build = { config: { recorder: ok(null), deliveryChannel: ok(null) } };
const recorderFailed: Build = { config: { recorder: denied('config:DescribeConfigurationRecorders') } };

interface Case {
  id: string;
  name: string;
  build: Build;
  status: Outcome['status'];
  expect?: Partial<Outcome> | ((o: Outcome) => void);
  blueprint?: unknown;
}

const cases: Case[] = [
  {
    id: 'config.recorder-exists',
    name: 'present',
    build: {},
    status: 'PASS',
    expect: { resource: `arn:aws:config:${HOME}:${WORK}:configuration-recorder/rec` },
  },
  {
    id: 'config.recorder-exists',
    name: 'missing',
    build: noRecorder,
    status: 'FAIL',
    expect: { actual: 'none' },
  },
  {
    id: 'config.recorder-exists',
    name: 'Config off in the blueprint',
    build: noRecorder,
    status: 'NOT_APPLICABLE',
    blueprint: blueprintWith({ enabled: false }),
  },
  {
    id: 'config.recorder-exists',
    name: 'Region excluded',
    build: noRecorder,
    status: 'NOT_APPLICABLE',
    blueprint: targets({ excludeRegions: [HOME] }),
  },
  {
    id: 'config.recorder-exists',
    name: 'account excluded',
    build: noRecorder,
    status: 'NOT_APPLICABLE',
    blueprint: targets({ excludeAccounts: [WORK] }),
  },
  {
    id: 'config.recorder-exists',
    name: 'other OU targeted',
    build: noRecorder,
    status: 'NOT_APPLICABLE',
    blueprint: targets({ ous: ['Security'] }),
  },
  {
    id: 'config.recorder-exists',
    name: 'its OU targeted',
    build: noRecorder,
    status: 'FAIL',
    blueprint: targets({ ous: ['Workloads'] }),
  },
  { id: 'config.recorder-exists', name: 'unreadable', build: recorderFailed, status: 'ERROR' },
  { id: 'config.recorder-recording', name: 'recording', build: {}, status: 'PASS' },
  {
    id: 'config.recorder-recording',
    name: 'stopped',
    build: rec({ recording: false }),
    status: 'FAIL',
    expect: { expected: { recording: true }, actual: { recording: false } },
  },
  { id: 'config.recorder-recording', name: 'no recorder', build: noRecorder, status: 'NOT_APPLICABLE' },
  {
    id: 'config.recorder-recording',
    name: 'status unreadable',
    build: { config: { status: denied('config:DescribeConfigurationRecorderStatus') } },
    status: 'ERROR',
  },
  { id: 'config.recorder-last-status', name: 'success', build: {}, status: 'PASS' },
  {
    id: 'config.recorder-last-status',
    name: 'failure',
    build: rec({ lastStatus: 'Failure', lastErrorCode: 'AccessDenied' }),
    status: 'FAIL',
    expect: (o) => expect(o.actual).toMatchObject({ lastStatus: 'Failure', errorCode: 'AccessDenied' }),
  },
  {
    id: 'config.recorder-last-status',
    name: 'stopped',
    build: rec({ recording: false }),
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'config.recorder-last-status',
    name: 'pending',
    build: rec({ lastStatus: 'Pending' }),
    status: 'NOT_APPLICABLE',
  },
  { id: 'config.recorder-last-status', name: 'unreadable', build: recorderFailed, status: 'ERROR' },
  { id: 'config.records-all-resources', name: 'all', build: {}, status: 'PASS' },
  {
    id: 'config.records-all-resources',
    name: 'exclusions',
    build: rec({
      allSupported: false,
      recordingStrategy: 'EXCLUSION_BY_RESOURCE_TYPES',
      excludedResourceTypes: ['AWS::EC2::Instance'],
    }),
    status: 'FAIL',
    expect: (o) => expect(o.actual).toMatchObject({ excluded: ['AWS::EC2::Instance'] }),
  },
  {
    id: 'config.records-all-resources',
    name: 'selected types wanted',
    build: rec({ allSupported: false }),
    status: 'NOT_APPLICABLE',
    blueprint: blueprintWith({ recordAllResources: false }),
  },
  { id: 'config.records-all-resources', name: 'unreadable', build: recorderFailed, status: 'ERROR' },
  { id: 'config.global-resources-one-region', name: 'home records them', build: {}, status: 'PASS' },
  {
    id: 'config.global-resources-one-region',
    name: 'other Region leaves them',
    build: { region: OTHER },
    status: 'PASS',
  },
  {
    id: 'config.global-resources-one-region',
    name: 'home misses them',
    build: rec({ includeGlobalResourceTypes: false }),
    status: 'FAIL',
    expect: { expected: { includeGlobalResourceTypes: true, globalResourcesRegion: HOME } },
  },
  {
    id: 'config.global-resources-one-region',
    name: 'recorded twice',
    build: { region: OTHER, config: { recorder: ok(goodRecorder({ includeGlobalResourceTypes: true })) } },
    status: 'FAIL',
    expect: (o) => expect(o.actual).toMatchObject({ includeGlobalResourceTypes: true }),
  },
  {
    id: 'config.global-resources-one-region',
    name: 'blueprint picks another Region',
    build: { region: OTHER, config: { recorder: ok(goodRecorder({ includeGlobalResourceTypes: true })) } },
    status: 'PASS',
    blueprint: blueprintWith({ globalResourcesRegion: OTHER }),
  },
  {
    id: 'config.global-resources-one-region',
    name: 'no recorder',
    build: noRecorder,
    status: 'NOT_APPLICABLE',
  },
  { id: 'config.global-resources-one-region', name: 'unreadable', build: recorderFailed, status: 'ERROR' },
  {
    id: 'config.delivery-to-log-archive',
    name: 'central bucket',
    build: {},
    status: 'PASS',
    expect: { actual: { bucket: BUCKET, owner: LOGS } },
  },
  {
    id: 'config.delivery-to-log-archive',
    name: 'local bucket',
    build: { config: { deliveryChannel: ok({ name: 'ch', s3BucketName: 'local-config' }) } },
    status: 'FAIL',
    expect: { actual: { bucket: 'local-config', owner: 'outside the organization' } },
  },
  {
    id: 'config.delivery-to-log-archive',
    name: 'recorder without channel',
    build: { config: { deliveryChannel: ok(null) } },
    status: 'FAIL',
    expect: { actual: 'none' },
  },
  { id: 'config.delivery-to-log-archive', name: 'no recorder', build: noRecorder, status: 'NOT_APPLICABLE' },
  {
    id: 'config.delivery-to-log-archive',
    name: 'channel unreadable',
    build: { config: { deliveryChannel: denied('config:DescribeDeliveryChannels') } },
    status: 'ERROR',
  },
  {
    id: 'config.delivery-to-log-archive',
    name: 'log archive list unreadable',
    build: { logBuckets: denied('s3:ListBuckets') },
    status: 'ERROR',
  },
  // aggregator
  {
    id: 'config.org-aggregator-exists',
    name: 'present',
    build: {},
    status: 'PASS',
    expect: { actual: ['agg'] },
  },
  {
    id: 'config.org-aggregator-exists',
    name: 'account aggregator only',
    build: {
      aggregators: ok([
        goodAggregator({
          organizationSource: undefined,
          accountSources: [{ accountIds: [AUDIT], allAwsRegions: true, awsRegions: [] }],
        }),
      ]),
    },
    status: 'FAIL',
    expect: { actual: 'none' },
  },
  {
    id: 'config.org-aggregator-exists',
    name: 'not an administrator',
    build: { aggregators: 'not-read' },
    status: 'FAIL',
    expect: { actual: 'not a delegated administrator of config.amazonaws.com' },
  },
  {
    id: 'config.org-aggregator-exists',
    name: 'turned off',
    build: { aggregators: ok([]) },
    status: 'NOT_APPLICABLE',
    blueprint: blueprintWith({ aggregator: { enabled: false } }),
  },
  {
    id: 'config.org-aggregator-exists',
    name: 'unreadable',
    build: { aggregators: denied('config:DescribeConfigurationAggregators') },
    status: 'ERROR',
  },
  { id: 'config.org-aggregator-all-regions', name: 'all Regions', build: {}, status: 'PASS' },
  {
    id: 'config.org-aggregator-all-regions',
    name: 'listed Regions',
    build: {
      aggregators: ok([goodAggregator({ organizationSource: { allAwsRegions: false, awsRegions: [HOME] } })]),
    },
    status: 'FAIL',
    expect: (o) => expect(o.actual).toMatchObject({ allAwsRegions: false, missingGovernedRegions: [OTHER] }),
  },
  {
    id: 'config.org-aggregator-all-regions',
    name: 'no aggregator',
    build: { aggregators: ok([]) },
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'config.org-aggregator-all-regions',
    name: 'not an administrator',
    build: { aggregators: 'not-read' },
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'config.org-aggregator-all-regions',
    name: 'unreadable',
    build: { aggregators: denied('config:DescribeConfigurationAggregators') },
    status: 'ERROR',
  },
  { id: 'config.org-aggregator-healthy', name: 'healthy', build: {}, status: 'PASS' },
  {
    id: 'config.org-aggregator-healthy',
    name: 'failing source',
    build: {
      aggregators: ok([
        goodAggregator({
          sourcesStatus: ok([
            {
              sourceId: 'o-test',
              sourceType: 'ORGANIZATION',
              region: OTHER,
              status: 'FAILED',
              errorCode: 'OrganizationAccessDeniedException',
            },
          ]),
        }),
      ]),
    },
    status: 'FAIL',
    expect: { actual: [{ source: 'o-test', region: OTHER, error: 'OrganizationAccessDeniedException' }] },
  },
  {
    id: 'config.org-aggregator-healthy',
    name: 'no aggregator',
    build: { aggregators: ok([]) },
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'config.org-aggregator-healthy',
    name: 'status unreadable',
    build: {
      aggregators: ok([
        goodAggregator({ sourcesStatus: denied('config:DescribeConfigurationAggregatorSourcesStatus') }),
      ]),
    },
    status: 'ERROR',
  },
  // delegated administrator
  {
    id: 'config.delegated-admin-set',
    name: 'registered',
    build: {},
    status: 'PASS',
    expect: { actual: [AUDIT] },
  },
  {
    id: 'config.delegated-admin-set',
    name: 'none',
    build: { admins: [] },
    status: 'FAIL',
    expect: { actual: 'none' },
  },
  { id: 'config.delegated-admin-set', name: 'unreadable', build: { adminsFailed: true }, status: 'ERROR' },
  { id: 'config.delegated-admin-security-tooling', name: 'security tooling', build: {}, status: 'PASS' },
  {
    id: 'config.delegated-admin-security-tooling',
    name: 'log archive instead',
    build: { admins: [[LOGS, 'config.amazonaws.com']] },
    status: 'FAIL',
    expect: { expected: [AUDIT], actual: [LOGS] },
  },
  {
    id: 'config.delegated-admin-security-tooling',
    name: 'none',
    build: { admins: [] },
    status: 'NOT_APPLICABLE',
  },
  {
    id: 'config.delegated-admin-security-tooling',
    name: 'unreadable',
    build: { adminsFailed: true },
    status: 'ERROR',
  },
];

describe('config controls', () => {
  it.each(cases.map((c) => [c.id, c.name, c] as const))('%s — %s', (_id, _name, c) => {
    const out = run(byId(c.id), c.build, c.blueprint);
    const first = out[0]!;
    expect(first.status, JSON.stringify(first)).toBe(c.status);
    if (c.status === 'FAIL') expect(first.expected).toBeDefined();
    if (c.status === 'ERROR') expect(first.error?.kind).toBe('access-denied');
    if (typeof c.expect === 'function') c.expect(first);
    else if (c.expect) expect(first).toMatchObject(c.expect);
  });

  it('tests every control of the module on PASS, FAIL, NOT_APPLICABLE and ERROR', () => {
    for (const control of configModule.controls) {
      const seen = new Set(cases.filter((c) => c.id === control.id).map((c) => c.status));
      for (const s of ['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR'] as const) {
        if (control.id === 'config.delegated-admin-set' && s === 'NOT_APPLICABLE') continue; // always applies
        expect(seen.has(s), `${control.id} ${s}`).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// End to end
// ---------------------------------------------------------------------------------------------

async function verify(s: Scenario) {
  return runVerify({
    access: accessFor(s),
    modules: [organizationsModule, cloudtrailModule, s3Module, configModule],
    controls: configModule.controls.map((c) => c.id),
    organizationReader: { accounts: accountsFromOrganization, organizationId: organizationIdFrom },
    regions: s.governedRegions,
  });
}

describe('config on scenarios', () => {
  it('fails only the stopped recorder on the drifted scenario', async () => {
    const s = await drifted({ workloads: 3 });
    const { result } = await verify(s);
    const bad = result.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR');
    const planted = s.planted.find((p) => p.kind === 'config.recorder-stopped')!;
    expect(bad.map((f) => [f.controlId, f.account, f.region])).toEqual([
      ['config.recorder-recording', planted.account, planted.region],
    ]);
    const lastStatus = result.findings.find(
      (f) =>
        f.controlId === 'config.recorder-last-status' &&
        f.account === planted.account &&
        f.region === planted.region,
    );
    expect(lastStatus?.status).toBe('NOT_APPLICABLE');
  });

  it('under Control Tower, demands a recorder only where Control Tower has none (the management account)', async () => {
    const s = await controlTower({ workloads: 1 });
    const { result } = await verify(s);
    const missing = result.findings.filter(
      (f) => f.controlId === 'config.recorder-exists' && f.status === 'FAIL',
    );
    expect(missing.map((f) => f.account)).toEqual(s.governedRegions.map(() => s.managementAccountId));
    const delivery = result.findings.filter(
      (f) => f.controlId === 'config.delivery-to-log-archive' && f.account !== s.managementAccountId,
    );
    expect(delivery.every((f) => f.status === 'PASS')).toBe(true);
  });
});
