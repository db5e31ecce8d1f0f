/**
 * The `log-archive` feature against sandbox scenarios: what it plans on a greenfield organization, that
 * apply converges (a second plan is empty) and satisfies verify's log-bucket controls (Object Lock
 * included), that the blueprint's Object Lock mode and period reach the bucket and drift back, that a
 * reference deployment needs only what it lacks, that the key op survives a killed run, that destroy keeps
 * data and keys by default, and that an unreadable datum blocks the plan.
 */
import { CreateKeyCommand, DescribeKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { PutObjectCommand, PutObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ORGANIZATION_READER } from '../../src/cli/commands/verify.js';
import type { Blueprint } from '../../src/blueprint/schema.js';
import { STEP_TAG_KEY, type Plan } from '../../src/engine/types.js';
import { cloudtrailFeature } from '../../src/features/cloudtrail/index.js';
import { logArchiveFeature } from '../../src/features/log-archive/index.js';
import { findBucket, s3AccountState } from '../../src/sandbox/services/s3.js';
import { scenarioBlueprint } from '../../src/sandbox/scenarios/blueprint.js';
import { drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { runVerify } from '../../src/verify/verify.js';
import { applyScenario, converge, failures, planScenario } from '../engine/harness.js';
import { accessFor } from '../verify/harness.js';

const features = [logArchiveFeature];

const names = (s: Scenario) => ({
  bucket: `sra-logs-${s.logArchiveId}-${s.homeRegion}`,
  accessLogs: `sra-access-logs-${s.logArchiveId}-${s.homeRegion}`,
});

/** The scenario blueprint with `dataProtection.logArchive.objectLock` replaced. */
function withObjectLock(
  s: Scenario,
  objectLock: Blueprint['dataProtection']['logArchive']['objectLock'],
): Blueprint {
  const b = scenarioBlueprint(s);
  return { ...b, dataProtection: { ...b.dataProtection, logArchive: { objectLock } } };
}

const ids = (plan: Plan) => plan.steps.map((x) => x.id.split('/').slice(1).join('/'));

async function customerKeys(s: Scenario): Promise<number> {
  const out = await s.client(KMSClient, s.logArchiveId).send(new ListKeysCommand({}));
  return out.Keys?.length ?? 0;
}

describe('log-archive feature', () => {
  it('plans the key and both buckets on a greenfield organization', async () => {
    const s = await greenfield({ workloads: 2 });
    const plan = await planScenario(s, scenarioBlueprint(s), { features });
    const la = s.logArchiveId;
    const home = s.homeRegion;
    expect(ids(plan)).toEqual([
      `${la}/${home}/kms-key`,
      `${la}/${home}/access-log-bucket`,
      `${la}/${home}/log-bucket`,
    ]);
    const [key, accessLogs, central] = plan.steps;
    expect(key!.op).toBe('log-archive.create-key');
    expect(key!.params.alias).toBe('alias/sra-logs');
    expect(key!.params.rotation).toBe(true);
    expect(JSON.parse(String(key!.params.policy)).Statement[1].Condition).toEqual({
      StringEquals: { 'aws:SourceOrgID': s.organizationId },
    });
    expect(accessLogs!.params.bucket).toBe(names(s).accessLogs);
    expect(accessLogs!.params.kmsKeyId).toBeUndefined();
    expect(central!.params.bucket).toBe(names(s).bucket);
    expect(central!.params.kmsKeyId).toEqual({ $ref: `${key!.id}#arn` });
    expect(central!.params.loggingTarget).toBe(names(s).accessLogs);
    expect(central!.params.settings).toContain('lifecycle');
    expect(central!.dependsOn).toEqual(expect.arrayContaining([key!.id, accessLogs!.id]));
    // Object Lock (SRA default: GOVERNANCE, 365 days) on the central bucket only, right after versioning.
    const settings = central!.params.settings as string[];
    expect(settings.indexOf('object-lock')).toBe(settings.indexOf('versioning') + 1);
    expect(central!.params).toMatchObject({ objectLockMode: 'GOVERNANCE', objectLockDays: 365 });
    expect(accessLogs!.params.settings).not.toContain('object-lock');
    expect(accessLogs!.params.objectLockMode).toBeUndefined();
    expect(plan.notes.join('\n')).not.toMatch(/Object Lock/);
  });

  it('converges, and the central key and buckets pass verify, Object Lock included', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = scenarioBlueprint(s);
    const { result, second } = await converge(s, blueprint, { features });
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);

    const central = findBucket(s.sandbox.world, names(s).bucket)!;
    expect(central.encryption[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('aws:kms');
    expect(central.lifecycle?.[0]?.Transitions?.[0]).toEqual({ Days: 365, StorageClass: 'GLACIER' });
    expect(central.lifecycle?.[0]?.Expiration).toBeUndefined();
    expect(central.tags?.map((t) => t.Key)).toEqual(['sra-kit:managed', STEP_TAG_KEY]);

    // Verify judges the log archive through the organization trail's bucket: add the trail, then verify.
    await s
      .client(OrganizationsClient, s.managementAccountId)
      .send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    const withTrail = await converge(s, blueprint, { features: [logArchiveFeature, cloudtrailFeature] });
    expect(failures(withTrail.result)).toBe('');
    expect(withTrail.first.steps.every((x) => x.feature === 'cloudtrail')).toBe(true);
    const { result: verify } = await runVerify({
      access: accessFor(s),
      modules: SERVICE_MODULES,
      organizationReader: ORGANIZATION_READER,
      blueprint,
      regions: s.governedRegions,
      controls: ['s3.log-bucket-*', 'kms.*'],
    });
    const judged = verify.findings.filter((f) => f.status !== 'NOT_APPLICABLE');
    const notPassing = judged.filter((f) => f.status !== 'PASS').map((f) => `${f.controlId} ${f.resource}`);
    expect(notPassing).toEqual([]);
    const passing = (id: string) =>
      judged.filter((f) => f.controlId === id && f.status === 'PASS').map((f) => f.resource);
    expect(passing('s3.log-bucket-object-lock')).toEqual([`arn:aws:s3:::${names(s).bucket}`]);
    expect(passing('s3.log-bucket-delete-protection')).toEqual([`arn:aws:s3:::${names(s).bucket}`]);
    expect(judged.filter((f) => f.status === 'PASS').length).toBeGreaterThanOrEqual(10);
    // The access-log bucket has no default retention (S3 refuses logging into one that does).
    expect(findBucket(s.sandbox.world, names(s).accessLogs)!.objectLockEnabled).toBe(false);
  });

  it('puts the COMPLIANCE mode and period of the blueprint on the central bucket', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = withObjectLock(s, { enabled: true, mode: 'COMPLIANCE', retentionDays: 2555 });
    const { result, second } = await converge(s, blueprint, { features });
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    const central = findBucket(s.sandbox.world, names(s).bucket)!;
    expect(central.objectLockEnabled).toBe(true);
    expect(central.objectLockRule).toEqual({ DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } });
  });

  it('with Object Lock disabled in the blueprint, plans no lock and notes it, also on a locked bucket', async () => {
    const s = await greenfield({ workloads: 2 });
    const off = withObjectLock(s, { enabled: false, mode: 'GOVERNANCE', retentionDays: 365 });
    const first = await planScenario(s, off, { features });
    const central = first.steps.find((x) => x.params.bucket === names(s).bucket)!;
    expect(central.params.settings).not.toContain('object-lock');
    expect(central.params.objectLockMode).toBeUndefined();
    expect(first.notes.join('\n')).toMatch(/Object Lock is not turned on for sra-logs-.*enabled is false/);
    expect(failures(await applyScenario(s, first, { features }))).toBe('');
    expect(findBucket(s.sandbox.world, names(s).bucket)!.objectLockEnabled).toBe(false);
    expect((await planScenario(s, off, { features })).steps).toEqual([]);

    // Locked by an earlier apply, then disabled in the blueprint: S3 cannot remove it, so nothing is planned.
    expect(failures((await converge(s, scenarioBlueprint(s), { features })).result)).toBe('');
    expect(findBucket(s.sandbox.world, names(s).bucket)!.objectLockEnabled).toBe(true);
    const later = await planScenario(s, off, { features });
    expect(later.steps).toEqual([]);
    expect(later.notes.join('\n')).toMatch(/Object Lock stays on for sra-logs-.*\(GOVERNANCE, 365 days\)/);
  });

  it('plans one update with from/to when the retention drifted', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = scenarioBlueprint(s);
    await converge(s, blueprint, { features });
    findBucket(s.sandbox.world, names(s).bucket)!.objectLockRule = {
      DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 },
    };
    const plan = await planScenario(s, blueprint, { features });
    expect(plan.steps.map((x) => [x.id.split('/').slice(1).join('/'), x.action, x.op])).toEqual([
      [`${s.logArchiveId}/${s.homeRegion}/log-bucket:object-lock`, 'update', 'log-archive.configure-bucket'],
    ]);
    expect(plan.steps[0]!.changes).toEqual([
      { field: 'object-lock', from: 'GOVERNANCE, 30 days', to: 'GOVERNANCE, 365 days' },
    ]);
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect(findBucket(s.sandbox.world, names(s).bucket)!.objectLockRule?.DefaultRetention).toEqual({
      Mode: 'GOVERNANCE',
      Days: 365,
    });
    expect((await planScenario(s, blueprint, { features })).steps).toEqual([]);
  });

  it('turns Object Lock on an existing unlocked bucket after enabling its versioning', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = scenarioBlueprint(s);
    const off = withObjectLock(s, { enabled: false, mode: 'GOVERNANCE', retentionDays: 365 });
    await converge(s, off, { features });
    findBucket(s.sandbox.world, names(s).bucket)!.versioning = { status: 'Suspended' };
    const plan = await planScenario(s, blueprint, { features });
    const [versioning, lock] = plan.steps;
    expect(ids(plan)).toEqual([
      `${s.logArchiveId}/${s.homeRegion}/log-bucket:versioning`,
      `${s.logArchiveId}/${s.homeRegion}/log-bucket:object-lock`,
    ]);
    expect(lock!.changes).toEqual([{ field: 'object-lock', from: null, to: 'GOVERNANCE, 365 days' }]);
    expect(lock!.dependsOn).toContain(versioning!.id);
    // Why the order matters: S3 refuses Object Lock on a bucket whose versioning is not enabled.
    await expect(
      s.client(S3Client, s.logArchiveId).send(
        new PutObjectLockConfigurationCommand({
          Bucket: names(s).bucket,
          ObjectLockConfiguration: {
            ObjectLockEnabled: 'Enabled',
            Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidBucketState' });
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect((await planScenario(s, blueprint, { features })).steps).toEqual([]);
  });

  it('plans nothing for a lock that is already as wanted, and blocks when it cannot be read', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = scenarioBlueprint(s);
    await converge(s, blueprint, { features });
    expect((await planScenario(s, blueprint, { features })).steps).toEqual([]);
    s.sandbox.knobs.deny = [{ action: 's3:GetObjectLockConfiguration', account: s.logArchiveId }];
    await expect(planScenario(s, blueprint, { features })).rejects.toMatchObject({
      code: 'PLAN_BLOCKED',
      message: expect.stringMatching(/Object Lock of sra-logs-/),
      where: { account: s.logArchiveId },
    });
  });

  it('on the reference deployment, plans only what the reference lacks (the lifecycle rule)', async () => {
    const s = await drifted({ workloads: 2 });
    const plan = await planScenario(s, scenarioBlueprint(s), { features });
    expect(ids(plan)).toEqual([`${s.logArchiveId}/${s.homeRegion}/log-bucket:lifecycle`]);
    expect(plan.steps[0]!.action).toBe('update');
  });

  it('plans the drifted settings of its own buckets only', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = scenarioBlueprint(s);
    await converge(s, blueprint, { features });
    const central = findBucket(s.sandbox.world, names(s).bucket)!;
    central.versioning = { status: 'Suspended' };
    delete central.logging;
    const plan = await planScenario(s, blueprint, { features });
    expect(ids(plan)).toEqual([
      `${s.logArchiveId}/${s.homeRegion}/log-bucket:versioning`,
      `${s.logArchiveId}/${s.homeRegion}/log-bucket:logging`,
    ]);
    expect(plan.steps[0]!.changes).toEqual([{ field: 'versioning', from: 'Suspended', to: 'Enabled' }]);
    const result = await applyScenario(s, plan, { features });
    expect(failures(result)).toBe('');
    expect((await planScenario(s, blueprint, { features })).steps).toEqual([]);
  });

  it('creates one key even when a run was killed between CreateKey and CreateAlias, and ops are idempotent', async () => {
    const s = await greenfield({ workloads: 2 });
    const plan = await planScenario(s, scenarioBlueprint(s), { features });
    const keyStep = plan.steps[0]!;
    // The killed run: the key exists with this step's tag, without its alias.
    await s.client(KMSClient, s.logArchiveId).send(
      new CreateKeyCommand({
        Tags: [
          { TagKey: 'sra-kit:managed', TagValue: 'true' },
          { TagKey: STEP_TAG_KEY, TagValue: keyStep.id },
        ],
      }),
    );
    expect(await customerKeys(s)).toBe(1);
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect(await customerKeys(s)).toBe(1);
    // The same plan applied again (e.g. a journal lost) creates nothing twice.
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect(await customerKeys(s)).toBe(1);
    expect(s3AccountState(s.sandbox.world, s.logArchiveId).buckets.size).toBe(2);
  });

  it('destroy keeps a bucket holding data, the access-log bucket it logs into, and the key', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = scenarioBlueprint(s);
    await converge(s, blueprint, { features });
    await s
      .client(S3Client, s.logArchiveId)
      .send(new PutObjectCommand({ Bucket: names(s).bucket, Key: 'AWSLogs/x.json.gz', Body: 'log' }));
    const destroy = await planScenario(s, blueprint, { features, mode: 'destroy' });
    expect(destroy.steps).toEqual([]);
    expect(destroy.notes.join('\n')).toMatch(new RegExp(`${names(s).bucket} holds 1 object`));
    expect(destroy.notes.join('\n')).toMatch(/sra-access-logs-.* is kept because/);
    expect(destroy.notes.join('\n')).toMatch(/KMS key alias\/sra-logs .* kept/);
  });

  it('destroy with key deletion removes empty buckets and schedules the key; apply then restores the key', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = scenarioBlueprint(s);
    await converge(s, blueprint, { features });
    const destroy = await planScenario(s, blueprint, {
      features,
      mode: 'destroy',
      destroy: { scheduleKeyDeletion: true },
    });
    expect(destroy.steps.map((x) => x.op)).toEqual([
      'log-archive.delete-bucket',
      'log-archive.delete-bucket',
      'log-archive.schedule-key-deletion',
    ]);
    expect(destroy.steps[2]!.params.pendingWindowDays).toBe(30);
    expect(failures(await applyScenario(s, destroy, { features }))).toBe('');
    expect(s3AccountState(s.sandbox.world, s.logArchiveId).buckets.size).toBe(0);

    const again = await converge(s, blueprint, { features });
    // No bucket is left to find the key by, so create-key runs and adopts the key pending deletion.
    expect(ids(again.first)).toContain(`${s.logArchiveId}/${s.homeRegion}/kms-key`);
    expect(failures(again.result)).toBe('');
    expect(again.second.steps).toEqual([]);
    expect(await customerKeys(s)).toBe(1);
    const keyArn = String(destroy.steps[2]!.params.keyArn);
    const meta = await s.client(KMSClient, s.logArchiveId).send(new DescribeKeyCommand({ KeyId: keyArn }));
    expect(meta.KeyMetadata?.KeyState).toBe('Enabled');
  });

  it('refuses to plan when the log archive buckets cannot be read', async () => {
    const s = await greenfield({ workloads: 2 });
    s.sandbox.knobs.deny = [{ action: 's3:ListBuckets', account: s.logArchiveId }];
    await expect(planScenario(s, scenarioBlueprint(s), { features })).rejects.toMatchObject({
      code: 'PLAN_BLOCKED',
      where: { account: s.logArchiveId },
      hint: 'fix access and re-run sra plan',
    });
  });
});
