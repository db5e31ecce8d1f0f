import { describe, expect, it } from 'vitest';
import {
  CreateAwsLogSourceCommand,
  CreateDataLakeCommand,
  CreateDataLakeOrganizationConfigurationCommand,
  CreateSubscriberCommand,
  DeleteAwsLogSourceCommand,
  RegisterDataLakeDelegatedAdministratorCommand,
  SecurityLakeClient,
  type AwsLogSourceName,
} from '@aws-sdk/client-securitylake';
import { parseBlueprint } from '../../src/blueprint/index.js';
import { allAccounts, drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { organizationsCollector } from '../../src/services/organizations/collect.js';
import {
  SECURITY_LAKE,
  SECURITY_LAKE_PRINCIPAL,
  securityLakeCollector,
  securityLakeModule,
  type SecurityLakeSlice,
} from '../../src/services/securitylake/index.js';
import { DEFAULT_AUTO_ENABLE_SOURCES } from '../../src/services/securitylake/controls/data-lake.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import type { Inventory } from '../../src/observe/types.js';
import { collectIn } from '../verify/harness.js';
import { createQueueState } from '../../src/sandbox/services/sqs.js';
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

const CONTROLS = securityLakeModule.controls;
const byId = (id: string): Control => {
  const c = CONTROLS.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};

const ALL_SOURCES: AwsLogSourceName[] = [
  'ROUTE53',
  'VPC_FLOW',
  'SH_FINDINGS',
  'CLOUD_TRAIL_MGMT',
  'LAMBDA_EXECUTION',
  'S3_DATA',
  'EKS_AUDIT',
  'WAF',
];

const keyArn = (region: string, account: string) =>
  `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** Deploys Security Lake the SRA way: log archive administers, every source v2.0, org config, subscribers. */
async function deploySecurityLake(s: Scenario): Promise<void> {
  await s
    .client(SecurityLakeClient, s.managementAccountId)
    .send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: s.logArchiveId }));
  const sl = s.client(SecurityLakeClient, s.logArchiveId);
  await sl.send(
    new CreateDataLakeCommand({
      configurations: s.governedRegions.map((region) => ({
        region,
        encryptionConfiguration: { kmsKeyId: keyArn(region, s.logArchiveId) },
      })),
      metaStoreManagerRoleArn: `arn:aws:iam::${s.logArchiveId}:role/AmazonSecurityLakeMetaStoreManager`,
    }),
  );
  await sl.send(
    new CreateAwsLogSourceCommand({
      sources: ALL_SOURCES.map((sourceName) => ({
        sourceName,
        sourceVersion: '2.0',
        regions: s.governedRegions,
        accounts: allAccounts(s),
      })),
    }),
  );
  await sl.send(
    new CreateDataLakeOrganizationConfigurationCommand({
      autoEnableNewAccount: s.governedRegions.map((region) => ({
        region,
        sources: DEFAULT_AUTO_ENABLE_SOURCES.map((sourceName) => ({ sourceName, sourceVersion: '2.0' })),
      })),
    }),
  );
  for (const region of s.governedRegions) {
    const rsl = s.client(SecurityLakeClient, s.logArchiveId, region);
    for (const accessTypes of [['LAKEFORMATION'], ['S3']] as const) {
      await rsl.send(
        new CreateSubscriberCommand({
          subscriberName: `security-tooling-${accessTypes[0].toLowerCase()}`,
          subscriberIdentity: { principal: s.securityToolingId, externalId: 'sra' },
          sources: [{ awsLogSource: { sourceName: 'CLOUD_TRAIL_MGMT', sourceVersion: '2.0' } }],
          accessTypes: [...accessTypes],
        }),
      );
    }
  }
}

async function orgOf(s: Scenario): Promise<Record<string, unknown>> {
  return { organizations: await collectIn(s, organizationsCollector, s.managementAccountId) };
}

describe('security-lake collector', () => {
  it('reads nothing outside the delegated administrator, and nothing when the administrator is unknown', async () => {
    const s = await greenfield();
    const org = await orgOf(s);
    s.sandbox.resetStats();
    expect(await collectIn(s, securityLakeCollector, s.logArchiveId, s.homeRegion, org)).toEqual({
      administrator: false,
    });
    expect(await collectIn(s, securityLakeCollector, s.logArchiveId, s.homeRegion, {})).toEqual({
      administrator: null,
    });
    expect(s.sandbox.stats().total).toBe(0);
  });

  it('reads the lake, its sources, organization configuration and subscribers in the administrator', async () => {
    const s = await drifted();
    await deploySecurityLake(s);
    const org = await orgOf(s);
    const slice = await collectIn<SecurityLakeSlice>(
      s,
      securityLakeCollector,
      s.logArchiveId,
      s.governedRegions[1]!,
      org,
    );
    const region = s.governedRegions[1]!;
    expect(slice.administrator).toBe(true);
    expect(slice.dataLake).toEqual(
      ok({
        arn: `arn:aws:securitylake:${region}:${s.logArchiveId}:data-lake/default`,
        kmsKeyId: keyArn(region, s.logArchiveId),
        createStatus: 'COMPLETED',
      }),
    );
    const sources = (slice.sources as { ok: true; value: Record<string, Record<string, string>> }).value;
    expect(Object.keys(sources).sort()).toEqual([...allAccounts(s)].sort());
    expect(sources[s.workloadIds[0]!]).toEqual(Object.fromEntries(ALL_SOURCES.map((n) => [n, '2.0'])));
    expect(slice.autoEnable).toEqual(
      ok(Object.fromEntries(DEFAULT_AUTO_ENABLE_SOURCES.map((n) => [n, '2.0']))),
    );
    const subs = (
      slice.subscribers as { ok: true; value: Array<{ principal: string; accessTypes: string[] }> }
    ).value;
    expect(subs.map((x) => [x.principal, x.accessTypes])).toEqual([
      [s.securityToolingId, ['LAKEFORMATION']],
      [s.securityToolingId, ['S3']],
    ]);
    const prefix = `AmazonSecurityLakeManager-${region}`;
    const dlqArn = `arn:aws:sqs:${region}:${s.logArchiveId}:${prefix}-Dlq`;
    expect(slice.queues).toEqual(
      ok({
        queue: {
          name: `${prefix}-Queue`,
          arn: `arn:aws:sqs:${region}:${s.logArchiveId}:${prefix}-Queue`,
          kmsKeyId: keyArn(region, s.logArchiveId),
          sqsManagedSse: false,
        },
        deadLetterQueue: {
          name: `${prefix}-Dlq`,
          arn: dlqArn,
          kmsKeyId: keyArn(region, s.logArchiveId),
          sqsManagedSse: false,
        },
      }),
    );
    // Other accounts are not the administrator: no reads there.
    expect(await collectIn(s, securityLakeCollector, s.securityToolingId, region, org)).toEqual({
      administrator: false,
    });
  });

  it('stops after ListDataLakes in a Region without a lake', async () => {
    const s = await greenfield();
    await s
      .client(SecurityLakeClient, s.managementAccountId)
      .send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: s.logArchiveId }));
    await s.client(SecurityLakeClient, s.logArchiveId).send(
      new CreateDataLakeCommand({
        configurations: [{ region: s.homeRegion }],
        metaStoreManagerRoleArn: `arn:aws:iam::${s.logArchiveId}:role/AmazonSecurityLakeMetaStoreManager`,
      }),
    );
    const org = await orgOf(s);
    const other = await collectIn(s, securityLakeCollector, s.logArchiveId, s.governedRegions[1]!, org);
    expect(other).toEqual({ administrator: true, dataLake: ok(null) });
    const home = await collectIn<SecurityLakeSlice>(
      s,
      securityLakeCollector,
      s.logArchiveId,
      s.homeRegion,
      org,
    );
    expect(home.dataLake).toMatchObject({ ok: true, value: { kmsKeyId: 'S3_MANAGED_KEY' } });
    expect(home.sources).toEqual(ok({}));
    expect(home.autoEnable).toEqual(ok(null));
    // Without a lake key, Security Lake's queues use SSE-SQS.
    expect(home.queues).toMatchObject({
      ok: true,
      value: { queue: { sqsManagedSse: true }, deadLetterQueue: { sqsManagedSse: true } },
    });
    expect((home.queues as { value: { queue: { kmsKeyId?: string } } }).value.queue.kmsKeyId).toBeUndefined();
  });

  it('records a denied read as a DataError and keeps the rest', async () => {
    const s = await drifted();
    await deploySecurityLake(s);
    const org = await orgOf(s);
    s.sandbox.knobs = { deny: [{ action: 'securitylake:ListLogSources', account: s.logArchiveId }] };
    const slice = await collectIn<SecurityLakeSlice>(
      s,
      securityLakeCollector,
      s.logArchiveId,
      s.homeRegion,
      org,
    );
    expect(slice.sources).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'securitylake:ListLogSources', account: s.logArchiveId },
    });
    expect(slice.dataLake?.ok).toBe(true);
    expect(slice.subscribers?.ok).toBe(true);
    expect(slice.queues?.ok).toBe(true);
  });

  it('records a denied SQS read as a DataError of the queues only', async () => {
    const s = await drifted();
    await deploySecurityLake(s);
    const org = await orgOf(s);
    s.sandbox.knobs = { deny: [{ action: 'sqs:GetQueueAttributes', account: s.logArchiveId }] };
    const slice = await collectIn<SecurityLakeSlice>(
      s,
      securityLakeCollector,
      s.logArchiveId,
      s.homeRegion,
      org,
    );
    expect(slice.queues).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'sqs:GetQueueAttributes', account: s.logArchiveId },
    });
    expect(slice.sources?.ok).toBe(true);
    const inv = await observeScenario(s, [securityLakeCollector]);
    const findings = evaluateScenario(s, inv, CONTROLS);
    expect(lines(findings, 'ERROR')).toEqual(
      s.governedRegions
        .flatMap((r) => [
          `security-lake.queue-encrypted-cmk ${s.logArchiveId} ${r}`,
          `security-lake.dead-letter-queue-encrypted-cmk ${s.logArchiveId} ${r}`,
        ])
        .sort(),
    );
    expect(lines(findings, 'FAIL')).toEqual([]);
  });
});

describe('security-lake controls on sandbox scenarios', () => {
  it('are NOT_APPLICABLE everywhere on the drifted reference deployment (Security Lake is optional)', async () => {
    const s = await drifted();
    const inv = await observeScenario(s, [securityLakeCollector]);
    const findings = evaluateScenario(s, inv, CONTROLS);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.status !== 'NOT_APPLICABLE')).toEqual([]);
    expect(findings[0]!.message).toMatch(/threatDetection\.securityLake\.enabled/);
  });

  it('FAIL when the blueprint asks for Security Lake and nothing is there', async () => {
    const s = await greenfield();
    const inv = await observeScenario(s, [securityLakeCollector]);
    const bp = scenarioBlueprint(
      s,
      'threatDetection:\n  securityLake:\n    enabled: true\n    acknowledgeCost: true\n',
    );
    const findings = evaluateScenario(s, inv, CONTROLS, bp);
    expect(lines(findings, 'FAIL')).toEqual(
      [
        `security-lake.delegated-admin ${s.managementAccountId}`,
        ...s.governedRegions.map((r) => `security-lake.all-accounts-collected ${s.logArchiveId} ${r}`),
      ].sort(),
    );
    expect(lines(findings, 'ERROR')).toEqual([]);
  });

  it('PASS everywhere on an SRA-shaped lake', async () => {
    const s = await drifted();
    await deploySecurityLake(s);
    const inv = await observeScenario(s, [securityLakeCollector]);
    const findings = evaluateScenario(s, inv, CONTROLS);
    expect(lines(findings, 'FAIL')).toEqual([]);
    expect(lines(findings, 'ERROR')).toEqual([]);
    expect(findings.filter((f) => f.status === 'PASS')).toHaveLength(2 + 16 * s.governedRegions.length);
  });

  it('FAIL exactly where a lake queue uses SSE-SQS', async () => {
    const s = await drifted();
    await deploySecurityLake(s);
    const region = s.governedRegions[1]!;
    // Someone switched the dead-letter queue to SSE-SQS by hand.
    createQueueState(
      s.sandbox.world,
      s.logArchiveId,
      region,
      { name: `AmazonSecurityLakeManager-${region}-Dlq` },
      0,
    );
    const inv = await observeScenario(s, [securityLakeCollector]);
    const findings = evaluateScenario(s, inv, CONTROLS);
    expect(lines(findings, 'FAIL')).toEqual([
      `security-lake.dead-letter-queue-encrypted-cmk ${s.logArchiveId} ${region}`,
    ]);
    const f = findings.find((x) => x.status === 'FAIL')!;
    expect(f.resource).toBe(
      `arn:aws:sqs:${region}:${s.logArchiveId}:AmazonSecurityLakeManager-${region}-Dlq`,
    );
    expect(f.actual).toEqual({
      queue: `AmazonSecurityLakeManager-${region}-Dlq`,
      encryption: 'SSE-SQS (SQS-owned key)',
    });
  });

  it('FAIL exactly where a source was removed', async () => {
    const s = await drifted();
    await deploySecurityLake(s);
    const [w, region] = [s.workloadIds[1]!, s.governedRegions[1]!];
    await s.client(SecurityLakeClient, s.logArchiveId).send(
      new DeleteAwsLogSourceCommand({
        sources: [{ sourceName: 'VPC_FLOW', regions: [region], accounts: [w] }],
      }),
    );
    const inv = await observeScenario(s, [securityLakeCollector]);
    const findings = evaluateScenario(s, inv, CONTROLS);
    expect(lines(findings, 'FAIL')).toEqual([`security-lake.source-vpc-flow ${s.logArchiveId} ${region}`]);
    const f = findings.find((x) => x.status === 'FAIL')!;
    expect(f.actual).toEqual({ missing: { count: 1, accounts: [w] } });
  });
});

/** A blueprint for a scenario's layout. */
function scenarioBlueprint(s: Scenario, extra: string) {
  const text =
    `organization:\n  managementAccount: '${s.managementAccountId}'\n  homeRegion: ${s.homeRegion}\n` +
    `  governedRegions: [${s.governedRegions.join(', ')}]\n` +
    `accounts:\n  securityTooling: '${s.securityToolingId}'\n  logArchive: '${s.logArchiveId}'\n${extra}`;
  return blueprintFromText(text);
}

function blueprintFromText(text: string) {
  const parsed = parseBlueprint(text);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.blueprint!;
}

// ---------------------------------------------------------------------------------------------
// Controls on hand-built inventories
// ---------------------------------------------------------------------------------------------

const LAKE = `arn:aws:securitylake:${R}:${LOGS}:data-lake/default`;
const EVERYONE = [MGMT, AUDIT, LOGS, W1, W2];
const QUEUE = (kind: 'Queue' | 'Dlq') => `arn:aws:sqs:${R}:${LOGS}:AmazonSecurityLakeManager-${R}-${kind}`;
const queueInfo = (kind: 'Queue' | 'Dlq', kmsKeyId?: string) => ({
  name: `AmazonSecurityLakeManager-${R}-${kind}`,
  arn: QUEUE(kind),
  ...(kmsKeyId ? { kmsKeyId } : {}),
  sqsManagedSse: !kmsKeyId,
});
const v2 = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, '2.0']));

/** An inventory where LOGS administers a complete SRA lake in R (and has none in R2). */
function lakeInventory(patch: (slice: SecurityLakeSlice) => void = () => undefined): Inventory {
  const inv = inventory(orgSlice({ admins: [[LOGS, SECURITY_LAKE_PRINCIPAL]] }));
  const slice: SecurityLakeSlice = {
    administrator: true,
    dataLake: ok({ arn: LAKE, kmsKeyId: keyArn(R, LOGS), createStatus: 'COMPLETED' }),
    sources: ok(Object.fromEntries(EVERYONE.map((a) => [a, v2(ALL_SOURCES)]))),
    autoEnable: ok(v2(DEFAULT_AUTO_ENABLE_SOURCES)),
    subscribers: ok([
      { id: 's1', name: 'query', principal: AUDIT, accessTypes: ['LAKEFORMATION'], status: 'ACTIVE' },
      { id: 's2', name: 'data', principal: AUDIT, accessTypes: ['S3'], status: 'ACTIVE' },
    ]),
    queues: ok({
      queue: queueInfo('Queue', keyArn(R, LOGS)),
      deadLetterQueue: queueInfo('Dlq', keyArn(R, LOGS)),
    }),
  };
  patch(slice);
  setRegionSlice(inv, LOGS, R, SECURITY_LAKE, slice);
  setRegionSlice(inv, LOGS, R2, SECURITY_LAKE, { administrator: true, dataLake: ok(null) });
  for (const a of EVERYONE.filter((x) => x !== LOGS)) {
    setRegionSlice(inv, a, R, SECURITY_LAKE, { administrator: false });
    setRegionSlice(inv, a, R2, SECURITY_LAKE, { administrator: false });
  }
  return inv;
}

const where = (c: Control) => (c.scope === 'organization' ? MGMT : LOGS);

interface Case {
  id: string;
  /** Turns the passing lake into a failing one. */
  breakIt: (slice: SecurityLakeSlice) => void;
  /** Part of the FAIL evidence. */
  actual: unknown;
  /** Makes the datum the control reads fail. */
  failRead?: (slice: SecurityLakeSlice) => void;
  /** The finding's resource when it is not the lake (the queue controls name the queue). */
  resource?: string;
}

const dropSource =
  (name: string, account = W2) =>
  (slice: SecurityLakeSlice) => {
    const src = (slice.sources as { value: Record<string, Record<string, string>> }).value;
    delete src[account]![name];
  };

const CASES: Case[] = [
  {
    id: 'security-lake.all-accounts-collected',
    breakIt: (sl) => {
      delete (sl.sources as { value: Record<string, unknown> }).value[W1];
    },
    actual: { accountsWithoutSources: { count: 1, accounts: [W1] } },
    failRead: (sl) => (sl.sources = failed('securitylake:ListLogSources', LOGS)),
  },
  {
    id: 'security-lake.queue-encrypted-cmk',
    breakIt: (sl) =>
      (sl.queues = ok({
        queue: queueInfo('Queue', 'alias/aws/sqs'),
        deadLetterQueue: queueInfo('Dlq', keyArn(R, LOGS)),
      })),
    actual: { queue: `AmazonSecurityLakeManager-${R}-Queue`, encryption: 'SSE-KMS with alias/aws/sqs' },
    resource: QUEUE('Queue'),
    failRead: (sl) => (sl.queues = failed('sqs:GetQueueAttributes', LOGS)),
  },
  {
    id: 'security-lake.dead-letter-queue-encrypted-cmk',
    breakIt: (sl) =>
      (sl.queues = ok({ queue: queueInfo('Queue', keyArn(R, LOGS)), deadLetterQueue: queueInfo('Dlq') })),
    actual: { queue: `AmazonSecurityLakeManager-${R}-Dlq`, encryption: 'SSE-SQS (SQS-owned key)' },
    resource: QUEUE('Dlq'),
    failRead: (sl) => (sl.queues = failed('sqs:ListQueues', LOGS)),
  },
  {
    id: 'security-lake.data-lake-encrypted-cmk',
    breakIt: (sl) => (sl.dataLake = ok({ arn: LAKE, kmsKeyId: 'S3_MANAGED_KEY', createStatus: 'COMPLETED' })),
    actual: 'S3_MANAGED_KEY',
    failRead: (sl) => (sl.dataLake = failed('securitylake:ListDataLakes', LOGS)),
  },
  {
    id: 'security-lake.organization-configuration',
    breakIt: (sl) => (sl.autoEnable = ok(null)),
    actual: { autoEnableNewAccount: 'none' },
    failRead: (sl) => (sl.autoEnable = failed('securitylake:GetDataLakeOrganizationConfiguration', LOGS)),
  },
  {
    id: 'security-lake.auto-enable-default-sources',
    breakIt: (sl) => (sl.autoEnable = ok(v2(['CLOUD_TRAIL_MGMT', 'VPC_FLOW']))),
    actual: ['CLOUD_TRAIL_MGMT', 'VPC_FLOW'],
    failRead: (sl) => (sl.autoEnable = failed('securitylake:GetDataLakeOrganizationConfiguration', LOGS)),
  },
  ...(
    [
      ['route53', 'ROUTE53'],
      ['cloudtrail-s3-data', 'S3_DATA'],
      ['security-hub-findings', 'SH_FINDINGS'],
      ['eks-audit', 'EKS_AUDIT'],
      ['lambda-execution', 'LAMBDA_EXECUTION'],
      ['cloudtrail-management', 'CLOUD_TRAIL_MGMT'],
      ['waf', 'WAF'],
      ['vpc-flow', 'VPC_FLOW'],
    ] as const
  ).map(([slug, name]): Case => ({
    id: `security-lake.source-${slug}`,
    breakIt: dropSource(name),
    actual: { missing: { count: 1, accounts: [W2] } },
    failRead: (sl) => (sl.sources = failed('securitylake:ListLogSources', LOGS)),
  })),
  {
    id: 'security-lake.security-tooling-query-access',
    breakIt: (sl) => {
      (sl.subscribers as { value: Array<{ accessTypes: string[] }> }).value[0]!.accessTypes = ['S3'];
    },
    actual: [
      { subscriber: 's1', accessTypes: ['S3'], status: 'ACTIVE' },
      { subscriber: 's2', accessTypes: ['S3'], status: 'ACTIVE' },
    ],
    failRead: (sl) => (sl.subscribers = failed('securitylake:ListSubscribers', LOGS)),
  },
  {
    id: 'security-lake.security-tooling-data-access',
    breakIt: (sl) => {
      (sl.subscribers as { value: Array<{ status?: string }> }).value[1]!.status = 'DEACTIVATED';
    },
    actual: [
      { subscriber: 's1', accessTypes: ['LAKEFORMATION'], status: 'ACTIVE' },
      { subscriber: 's2', accessTypes: ['S3'], status: 'DEACTIVATED' },
    ],
    failRead: (sl) => (sl.subscribers = failed('securitylake:ListSubscribers', LOGS)),
  },
];

describe('security-lake controls', () => {
  it('every control has a case here', () => {
    const covered = new Set([
      ...CASES.map((c) => c.id),
      'security-lake.delegated-admin',
      'security-lake.delegated-admin-log-archive',
    ]);
    expect(CONTROLS.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
    expect(CONTROLS).toHaveLength(18);
  });

  it.each(CASES)('$id: PASS on the SRA lake', ({ id, resource }) => {
    const out = one(byId(id), lakeInventory(), LOGS);
    expect(out.status).toBe('PASS');
    expect(out.resource).toBe(resource ?? LAKE);
  });

  it.each(CASES)('$id: FAIL with evidence when drifted', ({ id, breakIt, actual, resource }) => {
    const out = one(byId(id), lakeInventory(breakIt), LOGS);
    expect(out.status).toBe('FAIL');
    expect(out.resource).toBe(resource ?? LAKE);
    expect(out.expected).toBeDefined();
    expect(out.actual).toEqual(actual);
  });

  it.each(CASES)('$id: NOT_APPLICABLE when Security Lake is not in use', ({ id }) => {
    const out = one(byId(id), inventory(), LOGS);
    expect(out.status).toBe('NOT_APPLICABLE');
    expect(out.message).toMatch(/not in use.*threatDetection\.securityLake\.enabled/);
  });

  it.each(CASES.filter((c) => c.failRead))('$id: ERROR when its datum failed', ({ id, failRead }) => {
    const out = one(byId(id), lakeInventory(failRead), LOGS);
    expect(out.status).toBe('ERROR');
    expect(out.error?.account).toBe(LOGS);
  });

  it.each(CASES)('$id: ERROR when the delegated administrators could not be read', ({ id }) => {
    const inv = lakeInventory();
    (inv.organization.organizations as ReturnType<typeof orgSlice>).delegatedAdmins = failed(
      'organizations:ListDelegatedAdministrators',
      MGMT,
    );
    const out = one(byId(id), inv, LOGS);
    expect(out.status).toBe('ERROR');
    expect(out.error?.operation).toBe('organizations:ListDelegatedAdministrators');
  });

  it.each(CASES.filter((c) => c.id !== 'security-lake.all-accounts-collected'))(
    '$id: NOT_APPLICABLE in a Region without a lake (all-accounts-collected reports it)',
    ({ id }) => {
      const out = one(byId(id), lakeInventory(), LOGS, { region: R2 });
      expect(out.status).toBe('NOT_APPLICABLE');
      expect(out.message).toMatch(/security-lake\.all-accounts-collected/);
    },
  );

  it('all-accounts-collected FAILs in a Region without a lake, or when the blueprint asks and no admin exists', () => {
    const noLake = one(byId('security-lake.all-accounts-collected'), lakeInventory(), LOGS, { region: R2 });
    expect(noLake).toMatchObject({ status: 'FAIL', actual: { dataLake: 'none' } });
    const bp = blueprint('threatDetection:\n  securityLake:\n    enabled: true\n    acknowledgeCost: true\n');
    const noAdmin = one(byId('security-lake.all-accounts-collected'), inventory(), LOGS, { blueprint: bp });
    expect(noAdmin).toMatchObject({ status: 'FAIL', actual: { delegatedAdministrator: 'none' } });
  });

  it('sources: an older source version FAILs; accounts the blueprint leaves out are not expected', () => {
    const old = lakeInventory((sl) => {
      (sl.sources as { value: Record<string, Record<string, string>> }).value[W1]!.ROUTE53 = '1.0';
    });
    const out = one(byId('security-lake.source-route53'), old, LOGS);
    expect(out).toMatchObject({ status: 'FAIL', actual: { otherVersion: { count: 1, accounts: [W1] } } });
    const bp = blueprint(
      `threatDetection:\n  securityLake:\n    enabled: true\n    acknowledgeCost: true\n` +
        `    targets:\n      excludeAccounts: ['${W1}']\n`,
    );
    expect(one(byId('security-lake.source-route53'), old, LOGS, { blueprint: bp }).status).toBe('PASS');
  });

  it('regional controls are NOT_APPLICABLE in a Region the blueprint excludes', () => {
    const bp = blueprint(
      `threatDetection:\n  securityLake:\n    enabled: true\n    acknowledgeCost: true\n` +
        `    targets:\n      excludeRegions: [${R2}]\n`,
    );
    const out = one(byId('security-lake.all-accounts-collected'), lakeInventory(), LOGS, {
      region: R2,
      blueprint: bp,
    });
    expect(out.status).toBe('NOT_APPLICABLE');
    expect(out.message).toMatch(/excludeRegions/);
  });

  it('queue controls FAIL when a lake queue is missing, and on a queue without encryption', () => {
    const missing = one(
      byId('security-lake.queue-encrypted-cmk'),
      lakeInventory(
        (sl) => (sl.queues = ok({ queue: null, deadLetterQueue: queueInfo('Dlq', keyArn(R, LOGS)) })),
      ),
      LOGS,
    );
    expect(missing).toMatchObject({
      status: 'FAIL',
      resource: LAKE,
      actual: { queue: `AmazonSecurityLakeManager-${R}-Queue`, found: false },
    });
    const plain = one(
      byId('security-lake.dead-letter-queue-encrypted-cmk'),
      lakeInventory(
        (sl) =>
          (sl.queues = ok({
            queue: queueInfo('Queue', keyArn(R, LOGS)),
            deadLetterQueue: { ...queueInfo('Dlq'), sqsManagedSse: false },
          })),
      ),
      LOGS,
    );
    expect(plain).toMatchObject({ status: 'FAIL', actual: { encryption: 'no server-side encryption' } });
  });

  it('auto-enable-default-sources is NOT_APPLICABLE without an organization configuration', () => {
    const out = one(
      byId('security-lake.auto-enable-default-sources'),
      lakeInventory((sl) => (sl.autoEnable = ok(null))),
      LOGS,
    );
    expect(out.status).toBe('NOT_APPLICABLE');
    expect(out.message).toMatch(/security-lake\.organization-configuration/);
  });

  it('subscribers: NOT_APPLICABLE when no account is known as security tooling', () => {
    const out = one(byId('security-lake.security-tooling-query-access'), lakeInventory(), LOGS, {
      roleAccounts: { 'log-archive': [LOGS] },
    });
    expect(out.status).toBe('NOT_APPLICABLE');
    expect(out.message).toMatch(/accounts\.securityTooling/);
  });

  describe('delegated-admin', () => {
    const c = () => byId('security-lake.delegated-admin');
    it('PASS with an administrator', () => {
      const out = one(c(), lakeInventory(), where(c()));
      expect(out).toMatchObject({ status: 'PASS', resource: LOGS, actual: [LOGS] });
    });
    it('FAIL when the blueprint asks for Security Lake and none is registered', () => {
      const bp = blueprint(
        'threatDetection:\n  securityLake:\n    enabled: true\n    acknowledgeCost: true\n',
      );
      const out = one(c(), inventory(), MGMT, { blueprint: bp });
      expect(out).toMatchObject({ status: 'FAIL', actual: 'none' });
    });
    it('NOT_APPLICABLE when not in use', () => {
      expect(one(c(), inventory(), MGMT).status).toBe('NOT_APPLICABLE');
    });
    it('ERROR when the delegated administrators could not be read', () => {
      const inv = inventory(orgSlice({ admins: failed('organizations:ListDelegatedAdministrators', MGMT) }));
      expect(one(c(), inv, MGMT)).toMatchObject({ status: 'ERROR', error: { kind: 'access-denied' } });
    });
  });

  describe('delegated-admin-log-archive', () => {
    const c = () => byId('security-lake.delegated-admin-log-archive');
    it('PASS when the log archive account administers', () => {
      expect(one(c(), lakeInventory(), MGMT)).toMatchObject({ status: 'PASS', actual: LOGS });
    });
    it('FAIL when another account administers', () => {
      const inv = inventory(orgSlice({ admins: [[AUDIT, SECURITY_LAKE_PRINCIPAL]] }));
      expect(one(c(), inv, MGMT)).toMatchObject({ status: 'FAIL', expected: LOGS, actual: AUDIT });
    });
    it('NOT_APPLICABLE when not in use, without an administrator, or without a known log archive', () => {
      expect(one(c(), inventory(), MGMT).status).toBe('NOT_APPLICABLE');
      const bp = blueprint(
        'threatDetection:\n  securityLake:\n    enabled: true\n    acknowledgeCost: true\n',
      );
      expect(one(c(), inventory(), MGMT, { blueprint: bp }).message).toMatch(
        /security-lake\.delegated-admin /,
      );
      const unknown: Outcome = one(c(), lakeInventory(), MGMT, { roleAccounts: {} });
      expect(unknown.status).toBe('NOT_APPLICABLE');
      expect(unknown.message).toMatch(/accounts\.logArchive/);
    });
    it('ERROR when the delegated administrators could not be read', () => {
      const inv = inventory(orgSlice({ admins: failed('organizations:ListDelegatedAdministrators', MGMT) }));
      expect(one(c(), inv, MGMT).status).toBe('ERROR');
    });
  });

  it('an administrator slice that was never collected is an ERROR, not a PASS', () => {
    const inv = inventory(orgSlice({ admins: [[LOGS, SECURITY_LAKE_PRINCIPAL]] }));
    const out = one(byId('security-lake.source-waf'), inv, LOGS);
    expect(out.status).toBe('ERROR');
    expect(out.message).toMatch(/not collected/);
  });
});
