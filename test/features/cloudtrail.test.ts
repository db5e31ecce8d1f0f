/**
 * The `cloudtrail` feature (with `log-archive`, which provides its bucket and key) against sandbox
 * scenarios: the greenfield plan, convergence and verify's trail controls, drift, Control Tower
 * coexistence, destroy (keeps log data) and re-apply, idempotent ops, and a blocked plan.
 */
import { EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import type { BlueprintInput } from '../../src/blueprint/schema.js';
import { parseBlueprint } from '../../src/blueprint/load.js';
import type { Blueprint } from '../../src/blueprint/schema.js';
import { ORGANIZATION_READER } from '../../src/cli/commands/verify.js';
import type { Plan } from '../../src/engine/types.js';
import { cloudtrailFeature } from '../../src/features/cloudtrail/index.js';
import { logArchiveFeature } from '../../src/features/log-archive/index.js';
import { cloudTrailState, type SandboxTrail } from '../../src/sandbox/services/cloudtrail.js';
import { iamAccount } from '../../src/sandbox/services/iam.js';
import { logGroups } from '../../src/sandbox/services/logs.js';
import { findBucket } from '../../src/sandbox/services/s3.js';
import { scenarioBlueprint, scenarioBlueprintInput } from '../../src/sandbox/scenarios/blueprint.js';
import { controlTower, drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { runVerify } from '../../src/verify/verify.js';
import { stringify } from 'yaml';
import { applyScenario, converge, failures, planScenario } from '../engine/harness.js';
import { accessFor } from '../verify/harness.js';

const features = [logArchiveFeature, cloudtrailFeature];

async function withTrustedAccess(s: Scenario): Promise<Scenario> {
  await s
    .client(OrganizationsClient, s.managementAccountId)
    .send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
  return s;
}

/** The scenario blueprint with changes to `organization.controlTower` and the trail. */
function blueprintWith(
  s: Scenario,
  opts: { controlTower?: boolean; dataEvents?: { s3?: boolean; lambda?: boolean } },
): Blueprint {
  const input = scenarioBlueprintInput(s) as BlueprintInput & Record<string, unknown>;
  const doc = JSON.parse(JSON.stringify(input)) as Record<string, Record<string, unknown>>;
  // The blueprint's cross-checks require a data-events-only trail beside Control Tower's.
  if (opts.controlTower) doc.organization!.controlTower = { enabled: true };
  doc.threatDetection = {
    cloudtrail: {
      organizationTrail: {
        ...(opts.controlTower ? { managementEvents: false } : {}),
        ...(opts.dataEvents ? { dataEvents: opts.dataEvents } : {}),
      },
    },
  };
  const parsed = parseBlueprint(stringify(doc), 'test.sra.yaml');
  if (!parsed.blueprint) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.blueprint;
}

const trailSteps = (plan: Plan) =>
  plan.steps.filter((x) => x.feature === 'cloudtrail').map((x) => x.id.split('/').slice(2).join('/'));

function trailsOf(s: Scenario): SandboxTrail[] {
  return [...cloudTrailState(s.sandbox.world, s.managementAccountId).trails.values()];
}

describe('cloudtrail feature', () => {
  it('plans the organization trail with its log group, role and logging on a greenfield organization', async () => {
    const s = await withTrustedAccess(await greenfield({ workloads: 2 }));
    const plan = await planScenario(s, scenarioBlueprint(s), { features });
    expect(trailSteps(plan)).toEqual([
      'us-east-1/log-group',
      'global/cloudwatch-role',
      'us-east-1/trail',
      'us-east-1/logging',
    ]);
    const trail = plan.steps.find((x) => x.op === 'cloudtrail.create-trail')!;
    const keyStep = plan.steps.find((x) => x.op === 'log-archive.create-key')!;
    const bucketStep = plan.steps.find((x) => x.id.endsWith('/log-bucket'))!;
    expect(trail.account).toBe(s.managementAccountId);
    expect(trail.params).toMatchObject({
      name: 'sra-org-trail',
      bucket: `sra-logs-${s.logArchiveId}-${s.homeRegion}`,
      multiRegion: true,
      logFileValidation: true,
      kmsKeyId: { $ref: `${keyStep.id}#arn` },
      logGroupArn: `arn:aws:logs:${s.homeRegion}:${s.managementAccountId}:log-group:sra-org-trail:*`,
    });
    expect(trail.dependsOn).toEqual(expect.arrayContaining([keyStep.id, bucketStep.id]));
    const group = plan.steps.find((x) => x.op === 'cloudtrail.create-log-group')!;
    expect(group.params.retentionDays).toBe(400);
  });

  it('converges, and verify’s trail, key and bucket controls pass', async () => {
    const s = await withTrustedAccess(await greenfield({ workloads: 2 }));
    const blueprint = scenarioBlueprint(s);
    const { result, second } = await converge(s, blueprint, { features });
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    const { result: verify } = await runVerify({
      access: accessFor(s),
      modules: SERVICE_MODULES,
      organizationReader: ORGANIZATION_READER,
      blueprint,
      regions: s.governedRegions,
      controls: ['cloudtrail.org-trail-*', 'kms.*', 's3.log-bucket-*'],
    });
    const bad = verify.findings
      .filter((f) => f.status !== 'PASS' && f.status !== 'NOT_APPLICABLE')
      .map((f) => f.controlId)
      .sort();
    expect(bad).toEqual([]);
    const passed = new Set(verify.findings.filter((f) => f.status === 'PASS').map((f) => f.controlId));
    for (const id of [
      'cloudtrail.org-trail-exists',
      'cloudtrail.org-trail-kms',
      'cloudtrail.org-trail-logging',
      'cloudtrail.org-trail-cloudwatch-logs',
      'cloudtrail.org-trail-bucket-in-log-archive',
      'kms.key-rotation',
      'kms.central-key-enabled',
    ]) {
      expect(passed, id).toContain(id);
    }
    expect(
      logGroups(s.sandbox.world, s.managementAccountId, s.homeRegion).get('sra-org-trail')?.retentionInDays,
    ).toBe(400);
  });

  it('on the drifted reference deployment, plans only the stopped logging and the missing log group', async () => {
    const s = await drifted({ workloads: 2 });
    const plan = await planScenario(s, scenarioBlueprint(s), { features });
    expect(trailSteps(plan)).toEqual(['us-east-1/log-group', 'us-east-1/logging']);
    expect(plan.steps.find((x) => x.op === 'cloudtrail.start-logging')!.changes).toEqual([
      { field: 'isLogging', from: false, to: true },
    ]);
  });

  it('updates a drifted trail and its selectors, then converges', async () => {
    const s = await withTrustedAccess(await greenfield({ workloads: 2 }));
    await converge(s, scenarioBlueprint(s), { features });
    trailsOf(s)[0]!.logFileValidationEnabled = false;
    const blueprint = blueprintWith(s, { dataEvents: { s3: true } });
    const plan = await planScenario(s, blueprint, { features });
    expect(trailSteps(plan)).toEqual(['us-east-1/trail', 'us-east-1/event-selectors']);
    expect(plan.steps[0]!.changes).toEqual([{ field: 'logFileValidationEnabled', from: false, to: true }]);
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect((await planScenario(s, blueprint, { features })).steps).toEqual([]);
    expect(trailsOf(s)[0]!.eventSelectors?.[0]?.DataResources).toEqual([
      { Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] },
    ]);
  });

  it('under Control Tower: plans no trail without data events, and a data-events-only trail with them', async () => {
    const s = await controlTower({ workloads: 2 });
    const ctTrail = structuredClone(
      trailsOf(s).find((t) => t.name === 'aws-controltower-BaselineCloudTrail')!,
    );

    // Validation rejects such a blueprint; the planner still refuses to build an empty trail.
    const empty = blueprintWith(s, { controlTower: true, dataEvents: { s3: true } });
    empty.threatDetection.cloudtrail.organizationTrail.dataEvents.s3 = false;
    const none = await planScenario(s, empty, { features });
    expect(trailSteps(none)).toEqual([]);
    expect(none.notes.join('\n')).toMatch(
      /no trail planned — Control Tower already records management events/,
    );

    const blueprint = blueprintWith(s, { controlTower: true, dataEvents: { s3: true, lambda: true } });
    const { first, result, second } = await converge(s, blueprint, { features });
    expect(trailSteps(first)).toContain('us-east-1/event-selectors');
    expect(first.steps.find((x) => x.op === 'cloudtrail.put-event-selectors')!.params.managementEvents).toBe(
      false,
    );
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    const ours = trailsOf(s).find((t) => t.name === 'sra-org-trail')!;
    expect(ours.eventSelectors?.[0]?.IncludeManagementEvents).toBe(false);
    // Control Tower's trail is exactly as it was.
    expect(trailsOf(s).find((t) => t.name === 'aws-controltower-BaselineCloudTrail')).toEqual(ctTrail);
  });

  it('destroy deletes the trail and role, keeps the log group and the bucket with logs; apply converges again', async () => {
    const s = await withTrustedAccess(await greenfield({ workloads: 2 }));
    const blueprint = scenarioBlueprint(s);
    await converge(s, blueprint, { features });
    const destroy = await planScenario(s, blueprint, { features, mode: 'destroy' });
    expect(destroy.steps.map((x) => x.op)).toEqual([
      'cloudtrail.delete-trail',
      'cloudtrail.delete-cloudwatch-role',
    ]);
    expect(destroy.notes.join('\n')).toMatch(/log group .*sra-org-trail kept/);
    expect(destroy.notes.join('\n')).toMatch(/sra-logs-.* holds \d+ object\(s\); kept/);
    expect(failures(await applyScenario(s, destroy, { features }))).toBe('');
    expect(trailsOf(s)).toEqual([]);
    expect(
      iamAccount(s.sandbox.world, s.managementAccountId).roles.has('sra-cloudtrail-cloudwatch-logs'),
    ).toBe(false);
    expect(logGroups(s.sandbox.world, s.managementAccountId, s.homeRegion).has('sra-org-trail')).toBe(true);
    expect(
      findBucket(s.sandbox.world, `sra-logs-${s.logArchiveId}-${s.homeRegion}`)!.objects.size,
    ).toBeGreaterThan(0);

    const again = await converge(s, blueprint, { features });
    expect(failures(again.result)).toBe('');
    expect(again.second.steps).toEqual([]);
    expect(trailsOf(s)).toHaveLength(1);
  });

  it('applying the same plan twice creates one trail, one log group and one role', async () => {
    const s = await withTrustedAccess(await greenfield({ workloads: 2 }));
    const plan = await planScenario(s, scenarioBlueprint(s), { features });
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect(trailsOf(s)).toHaveLength(1);
    expect(logGroups(s.sandbox.world, s.managementAccountId, s.homeRegion).size).toBe(1);
    const role = iamAccount(s.sandbox.world, s.managementAccountId).roles.get(
      'sra-cloudtrail-cloudwatch-logs',
    );
    expect(role?.inlinePolicies).toEqual(['sra-cloudtrail-to-cloudwatch-logs']);
  });

  it('refuses to plan when the organization trails cannot be read', async () => {
    const s = await withTrustedAccess(await greenfield({ workloads: 2 }));
    s.sandbox.knobs.deny = [{ action: 'cloudtrail:ListTrails', account: s.managementAccountId }];
    await expect(planScenario(s, scenarioBlueprint(s), { features })).rejects.toMatchObject({
      code: 'PLAN_BLOCKED',
      where: { account: s.managementAccountId, service: 'cloudtrail', operation: 'ListTrails' },
    });
  });
});
