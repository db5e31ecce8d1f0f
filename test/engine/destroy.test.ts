/**
 * `sra destroy` end to end with every feature: apply, destroy, check that sra-kit's trail, recorders,
 * aggregator, policies and delegated administrators are gone while log data and the KMS key stay, then apply
 * again and converge. Key deletion only on request; never anything of Control Tower's.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseBlueprint } from '../../src/blueprint/load.js';
import type { Blueprint } from '../../src/blueprint/schema.js';
import { visibleSteps } from '../../src/engine/render.js';
import { scenarioBlueprint, scenarioBlueprintInput } from '../../src/sandbox/scenarios/blueprint.js';
import { allAccounts, controlTower, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { cloudTrailState } from '../../src/sandbox/services/cloudtrail.js';
import { configState, CONTROL_TOWER_RECORDER_NAME } from '../../src/sandbox/services/config.js';
import { kmsState } from '../../src/sandbox/services/kms.js';
import { findBucket } from '../../src/sandbox/services/s3.js';
import { applyScenario, converge, failures, planScenario } from './harness.js';

const CT_TRAIL = 'aws-controltower-BaselineCloudTrail';

/** The Control Tower scenario's blueprint: Control Tower on, so sra-kit's own trail carries data events only. */
function controlTowerBlueprint(s: Scenario): Blueprint {
  const doc = JSON.parse(JSON.stringify(scenarioBlueprintInput(s))) as Record<
    string,
    Record<string, unknown>
  >;
  doc.organization!.controlTower = { enabled: true };
  doc.threatDetection = {
    cloudtrail: { organizationTrail: { managementEvents: false, dataEvents: { s3: true } } },
  };
  const parsed = parseBlueprint(stringify(doc), 'control-tower.sra.yaml');
  if (!parsed.blueprint) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.blueprint;
}

const logBucketName = (s: Scenario) => `sra-logs-${s.logArchiveId}-${s.homeRegion}`;

/** sra-kit's log key (behind alias/sra-logs in the log archive account), if any. */
function logKey(s: Scenario) {
  const kms = kmsState(s.sandbox.world, s.logArchiveId, s.homeRegion);
  const alias = kms.aliases.get('alias/sra-logs');
  return alias?.targetKeyId ? kms.keys.get(alias.targetKeyId) : undefined;
}

/** Everything sra-kit manages that destroy removes, read straight from the sandbox's world. */
function managedFootprint(s: Scenario) {
  const world = s.sandbox.world;
  const org = world.organization!;
  const recorders: string[] = [];
  const aggregators: string[] = [];
  for (const account of allAccounts(s)) {
    for (const region of s.governedRegions) {
      const c = configState(world, account, region);
      for (const r of c.recorders.keys()) recorders.push(`${account}/${region}/${r}`);
      for (const a of c.aggregators.keys()) aggregators.push(`${account}/${region}/${a}`);
    }
  }
  const admins: string[] = [];
  for (const [principal, accounts] of org.delegatedAdmins) {
    for (const account of accounts.keys()) admins.push(`${principal}:${account}`);
  }
  return {
    trails: [...cloudTrailState(world, s.managementAccountId).trails.values()].map((t) => t.name).sort(),
    recorders: recorders.sort(),
    aggregators: aggregators.sort(),
    policies: [...org.policies.values()]
      .filter((p) => !p.awsManaged)
      .map((p) => p.name)
      .sort(),
    admins: admins.sort(),
  };
}

/** Control Tower's footprint, copied so later changes show up in a comparison. */
function controlTowerFootprint(s: Scenario) {
  const world = s.sandbox.world;
  const trail = [...cloudTrailState(world, s.managementAccountId).trails.values()].find(
    (t) => t.name === CT_TRAIL,
  );
  const bucket = findBucket(world, `aws-controltower-logs-${s.logArchiveId}-${s.homeRegion}`);
  const config: Record<string, unknown> = {};
  for (const account of allAccounts(s)) {
    for (const region of s.governedRegions) {
      const c = configState(world, account, region);
      const recorder = c.recorders.get(CONTROL_TOWER_RECORDER_NAME);
      if (recorder)
        config[`${account}/${region}`] = structuredClone({ recorder, channels: [...c.channels.values()] });
    }
  }
  return {
    trail: trail && structuredClone({ ...trail, tags: trail.tags }),
    bucket: bucket && { name: bucket.name, policy: bucket.policy, objects: bucket.objects.size },
    config,
    trustedAccess: ['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'controltower.amazonaws.com'].filter(
      (p) => world.hasTrustedAccess(p),
    ),
  };
}

describe('destroy', () => {
  it('removes what apply created, keeps log data and the key, and apply converges again', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = scenarioBlueprint(s);
    const applied = await converge(s, blueprint);
    expect(failures(applied.result)).toBe('');
    expect(applied.second.steps).toEqual([]);
    const before = managedFootprint(s);
    expect(before.trails).toEqual(['sra-org-trail']);
    expect(before.recorders).toHaveLength(allAccounts(s).length * s.governedRegions.length);
    expect(before.aggregators.length).toBeGreaterThan(0);
    expect(before.policies.length).toBeGreaterThan(0);
    expect(before.admins.length).toBeGreaterThan(0);
    // Log data: whatever the trail delivered, plus one object written here so the bucket surely holds data.
    await s
      .client(S3Client, s.logArchiveId)
      .send(new PutObjectCommand({ Bucket: logBucketName(s), Key: 'AWSLogs/probe.json.gz', Body: 'log' }));
    const keyArn = logKey(s)!.arn;

    const plan = await planScenario(s, blueprint, { mode: 'destroy' });
    expect(plan.mode).toBe('destroy');
    expect(visibleSteps(plan).every((x) => x.action === 'delete')).toBe(true);
    expect(plan.steps.some((x) => x.op.startsWith('log-archive.'))).toBe(false);
    expect(plan.notes.some((n) => n.includes(logBucketName(s)) && /kept/.test(n))).toBe(true);
    const result = await applyScenario(s, plan);
    expect(failures(result)).toBe('');
    expect(result.blocked).toEqual([]);

    expect(managedFootprint(s)).toEqual({
      trails: [],
      recorders: [],
      aggregators: [],
      policies: [],
      admins: [],
    });
    const bucket = findBucket(s.sandbox.world, logBucketName(s));
    expect(bucket?.objects.has('AWSLogs/probe.json.gz')).toBe(true);
    const key = logKey(s);
    expect(key?.arn).toBe(keyArn);
    expect(key?.state).toBe('Enabled');

    // Destroy is idempotent: nothing is left to remove.
    expect(visibleSteps(await planScenario(s, blueprint, { mode: 'destroy' }))).toEqual([]);

    // Apply again reuses the kept bucket and key and converges.
    const again = await converge(s, blueprint);
    expect(failures(again.result)).toBe('');
    expect(again.second.steps).toEqual([]);
    expect(again.first.steps.some((x) => x.op === 'log-archive.create-key')).toBe(false);
    expect(again.first.steps.some((x) => x.op === 'log-archive.create-bucket')).toBe(false);
    expect(logKey(s)?.arn).toBe(keyArn);
    expect(managedFootprint(s)).toEqual(before);
  });

  it('schedules deletion of the log key only when asked to', async () => {
    const s = await greenfield({ workloads: 1 });
    const blueprint = scenarioBlueprint(s);
    const applied = await converge(s, blueprint);
    expect(failures(applied.result)).toBe('');
    const destroy = { scheduleKeyDeletion: true };
    const plan = await planScenario(s, blueprint, { mode: 'destroy', destroy });
    const result = await applyScenario(s, plan);
    expect(failures(result)).toBe('');
    const key = logKey(s) ?? [...kmsState(s.sandbox.world, s.logArchiveId, s.homeRegion).keys.values()][0];
    expect(key?.state).toBe('PendingDeletion');
    expect(key?.deletionDate).toBeDefined();
    // Log data is still kept.
    expect(findBucket(s.sandbox.world, logBucketName(s))).toBeDefined();
  });

  it('plans nothing on an organization sra-kit never touched', async () => {
    const s = await greenfield({ workloads: 2 });
    const plan = await planScenario(s, scenarioBlueprint(s), { mode: 'destroy' });
    expect(visibleSteps(plan)).toEqual([]);
  });

  it("never touches Control Tower's trail, recorders, bucket or trusted access", async () => {
    const s = await controlTower({ workloads: 2 });
    const blueprint = controlTowerBlueprint(s);
    const ct = controlTowerFootprint(s);
    expect(ct.trail?.logging).toBe(true);
    expect(Object.keys(ct.config)).toHaveLength((allAccounts(s).length - 1) * s.governedRegions.length);

    // Destroy on an organization sra-kit never touched.
    const untouched = await planScenario(s, blueprint, { mode: 'destroy' });
    expect(visibleSteps(untouched).map((x) => x.id)).toEqual([]);
    expect(failures(await applyScenario(s, untouched))).toBe('');
    expect(controlTowerFootprint(s)).toEqual(ct);

    // Apply beside Control Tower, then destroy: Control Tower's resources stay exactly as they were.
    const applied = await converge(s, blueprint);
    expect(failures(applied.result)).toBe('');
    expect(applied.second.steps).toEqual([]);
    expect(controlTowerFootprint(s)).toEqual(ct);
    const plan = await planScenario(s, blueprint, { mode: 'destroy' });
    expect(plan.steps.filter((x) => JSON.stringify(x.params).includes('aws-controltower'))).toEqual([]);
    const result = await applyScenario(s, plan);
    expect(failures(result)).toBe('');
    expect(controlTowerFootprint(s)).toEqual(ct);
    expect(managedFootprint(s).trails).toEqual([CT_TRAIL]);
  });
});
