/**
 * Feature `config`: planner output on greenfield, convergence (plan → apply → plan is empty) judged by
 * verify's Config controls, drift and half-deployed organizations, Control Tower coexistence, destroy and
 * re-apply, idempotent ops, and a denied read stopping the plan.
 *
 * The log chain and the Config delegated administrator are laid down with plain SDK calls (as the
 * log-archive and delegated-admins features would), and a stub feature hands the bucket and key to
 * `config`, so these tests exercise this feature alone.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  EnableAWSServiceAccessCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { parseBlueprint } from '../../src/blueprint/load.js';
import type { Blueprint, BlueprintInput } from '../../src/blueprint/schema.js';
import { existing } from '../../src/engine/step.js';
import { defineFeature, type Feature, type Plan } from '../../src/engine/types.js';
import { SraError } from '../../src/errors.js';
import { configFeature, CONTROL_TOWER_RECORDER } from '../../src/features/config/index.js';
import { LOG_BUCKET, LOG_KEY_ARN } from '../../src/features/provides.js';
import { configState } from '../../src/sandbox/services/config.js';
import { iamAccount } from '../../src/sandbox/services/iam.js';
import {
  allAccounts,
  controlTower,
  drifted,
  greenfield,
  halfDeployed,
  referenceNames,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import { scenarioBlueprintInput } from '../../src/sandbox/scenarios/blueprint.js';
import { ORGANIZATION_READER } from '../../src/cli/commands/verify.js';
import { runVerify } from '../../src/verify/verify.js';
import { accessFor, gaps } from '../verify/harness.js';
import { applyScenario, converge, failures, planScenario } from '../engine/harness.js';

/** The scenario blueprint, with `mutate` applied to its input before parsing. */
function blueprintOf(s: Scenario, mutate?: (input: BlueprintInput) => void): Blueprint {
  const input = scenarioBlueprintInput(s);
  mutate?.(input);
  const parsed = parseBlueprint(stringify(input), 'test.sra.yaml');
  if (!parsed.blueprint) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.blueprint;
}

/** A feature that hands `config` an existing bucket and key (what log-archive provides). */
function logsStub(bucket: string, keyArn: string): Feature {
  return defineFeature({
    id: 'test-logs',
    title: 'test stand-in for log-archive',
    needs: [],
    ops: [],
    plan: () => ({
      steps: [],
      provides: { [LOG_BUCKET]: existing(bucket), [LOG_KEY_ARN]: existing(keyArn) },
    }),
    destroy: () => ({ steps: [] }),
  });
}

/** Bucket and key in the log archive account admitting Config for the organization, plus the Config admin. */
async function layLogChain(s: Scenario): Promise<{ bucket: string; keyArn: string }> {
  const orgs = s.client(OrganizationsClient, s.managementAccountId);
  await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'config.amazonaws.com' }));
  await orgs.send(
    new RegisterDelegatedAdministratorCommand({
      AccountId: s.securityToolingId,
      ServicePrincipal: 'config.amazonaws.com',
    }),
  );
  const cond = { StringEquals: { 'aws:SourceOrgID': s.organizationId } };
  const key = await s.client(KMSClient, s.logArchiveId).send(
    new CreateKeyCommand({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${s.logArchiveId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Principal: { Service: 'config.amazonaws.com' },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: '*',
            Condition: cond,
          },
        ],
      }),
    }),
  );
  const bucket = `test-config-logs-${s.logArchiveId}`;
  const s3 = s.client(S3Client, s.logArchiveId);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const arn = `arn:aws:s3:::${bucket}`;
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: bucket,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'config.amazonaws.com' },
            Action: ['s3:GetBucketAcl', 's3:ListBucket'],
            Resource: arn,
            Condition: cond,
          },
          {
            Effect: 'Allow',
            Principal: { Service: 'config.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `${arn}/*`,
            Condition: cond,
          },
        ],
      }),
    }),
  );
  return { bucket, keyArn: key.KeyMetadata!.Arn! };
}

/** The reference deployment's bucket and key (drifted, half-deployed). */
async function referenceChain(s: Scenario): Promise<{ bucket: string; keyArn: string }> {
  const names = referenceNames(s);
  const key = await s
    .client(KMSClient, s.logArchiveId)
    .send(new DescribeKeyCommand({ KeyId: names.keyAlias }))
    .catch(() => undefined);
  return { bucket: names.bucket, keyArn: key?.KeyMetadata?.Arn ?? '' };
}

function ids(plan: Plan): string[] {
  return plan.steps.map((s) => s.id).sort();
}

async function verifyConfig(s: Scenario, blueprint: Blueprint): Promise<string[]> {
  const { result } = await runVerify({
    access: accessFor(s),
    blueprint,
    organizationReader: ORGANIZATION_READER,
    controls: ['config.*'],
  });
  return gaps(result.findings);
}

function recorderNames(s: Scenario, account: string, region: string): string[] {
  return [...configState(s.sandbox.world, account, region).recorders.keys()];
}

describe('config feature', () => {
  it('plans the service-linked role, recorder, channel and recording everywhere, and the aggregator', async () => {
    const s = await greenfield({ workloads: 2 });
    const { bucket, keyArn } = await layLogChain(s);
    const features = [logsStub(bucket, keyArn), configFeature];
    const plan = await planScenario(s, blueprintOf(s), { features });
    const [home, second] = s.governedRegions as [string, string];
    const accounts = allAccounts(s);
    const expected = [
      ...accounts.flatMap((a) => [
        `config/${a}/global/service-linked-role`,
        ...s.governedRegions.flatMap((r) => [
          `config/${a}/${r}/recorder`,
          `config/${a}/${r}/delivery-channel`,
          `config/${a}/${r}/recording`,
        ]),
      ]),
      `config/${s.securityToolingId}/${home}/aggregator`,
    ].sort();
    expect(ids(plan)).toEqual(expected);
    const step = (id: string) => plan.steps.find((x) => x.id === id)!;
    const w = s.workloadIds[0]!;
    expect(step(`config/${w}/${home}/recorder`).params).toMatchObject({
      name: 'default',
      includeGlobalResourceTypes: true,
      roleArn: `arn:aws:iam::${w}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    });
    expect(step(`config/${w}/${second}/recorder`).params.includeGlobalResourceTypes).toBe(false);
    expect(step(`config/${w}/${second}/recorder`).dependsOn).toContain(
      `config/${w}/global/service-linked-role`,
    );
    expect(step(`config/${w}/${second}/delivery-channel`).params).toMatchObject({
      bucket,
      kmsKeyArn: keyArn,
      deliveryFrequency: 'TwentyFour_Hours',
    });
    expect(step(`config/${w}/${second}/recording`).dependsOn.sort()).toEqual(
      [`config/${w}/${second}/recorder`, `config/${w}/${second}/delivery-channel`].sort(),
    );
    const agg = step(`config/${s.securityToolingId}/${home}/aggregator`);
    expect(agg.op).toBe('config.put-aggregator');
    expect(agg.params).toMatchObject({ name: 'sra-org-aggregator', roleName: 'sra-config-aggregator' });
  });

  it('converges on greenfield: the second plan is empty and the Config controls pass', async () => {
    const s = await greenfield({ workloads: 2 });
    const { bucket, keyArn } = await layLogChain(s);
    const features = [logsStub(bucket, keyArn), configFeature];
    const blueprint = blueprintOf(s);
    const { first, result, second } = await converge(s, blueprint, { features });
    expect(failures(result)).toBe('');
    expect(first.steps.length).toBeGreaterThan(0);
    expect(second.steps).toEqual([]);
    expect(await verifyConfig(s, blueprint)).toEqual([]);
  });

  it('applying the same plan twice creates nothing twice', async () => {
    const s = await greenfield({ workloads: 1 });
    const { bucket, keyArn } = await layLogChain(s);
    const features = [logsStub(bucket, keyArn), configFeature];
    const plan = await planScenario(s, blueprintOf(s), { features });
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    for (const a of allAccounts(s)) {
      for (const r of s.governedRegions) {
        const st = configState(s.sandbox.world, a, r);
        expect([...st.recorders.keys()]).toEqual(['default']);
        expect([...st.channels.keys()]).toEqual(['default']);
      }
    }
    const audit = configState(s.sandbox.world, s.securityToolingId, s.homeRegion);
    expect([...audit.aggregators.keys()]).toEqual(['sra-org-aggregator']);
    const role = iamAccount(s.sandbox.world, s.securityToolingId).roles.get('sra-config-aggregator');
    expect(role?.attachedPolicies).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations',
    ]);
    for (const a of allAccounts(s)) {
      const slrs = [...iamAccount(s.sandbox.world, a).roles.keys()].filter((n) =>
        n.startsWith('AWSServiceRoleForConfig'),
      );
      expect(slrs).toEqual(['AWSServiceRoleForConfig']);
    }
  });

  it('on the drifted organization plans only the stopped recorder, reusing its name', async () => {
    const s = await drifted({ workloads: 2 });
    const { bucket, keyArn } = await referenceChain(s);
    const features = [logsStub(bucket, keyArn), configFeature];
    const blueprint = blueprintOf(s);
    const stopped = s.planted.find((p) => p.kind === 'config.recorder-stopped')!;
    const { first, result, second } = await converge(s, blueprint, { features });
    expect(first.steps.map((x) => `${x.id} ${x.op}`)).toEqual([
      `config/${stopped.account}/${stopped.region}/recording config.start-recorder`,
    ]);
    expect(first.steps[0]!.params.name).toBe('sra-recorder');
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
  });

  it('on the half-deployed organization updates the management recorders in place and adds the rest', async () => {
    const s = await halfDeployed({ workloads: 1 });
    const { bucket, keyArn } = await layLogChain(s);
    const features = [logsStub(bucket, keyArn), configFeature];
    const plan = await planScenario(s, blueprintOf(s), { features });
    const mgmt = s.managementAccountId;
    const mine = plan.steps.filter((x) => x.account === mgmt && x.id.includes('/delivery-channel'));
    expect(mine.map((x) => x.action)).toEqual(s.governedRegions.map(() => 'update'));
    expect(mine[0]!.params.name).toBe('sra-delivery');
    expect(mine[0]!.changes?.map((c) => c.field).sort()).toEqual(['s3BucketName', 's3KmsKeyArn']);
    expect(plan.steps.some((x) => x.account === mgmt && x.id.endsWith('/recorder'))).toBe(false);
    expect(plan.steps.some((x) => x.id === `config/${mgmt}/global/service-linked-role`)).toBe(false);
    expect(plan.steps.some((x) => x.id === `config/${s.workloadIds[0]}/${s.homeRegion}/recorder`)).toBe(true);
  });

  it("under Control Tower gives only the management account a recorder and leaves Control Tower's alone", async () => {
    const s = await controlTower({ workloads: 1 });
    const { bucket, keyArn } = await layLogChain(s);
    const features = [logsStub(bucket, keyArn), configFeature];
    const blueprint = blueprintOf(s, (i) => {
      i.organization.controlTower = { enabled: true };
      i.threatDetection = { cloudtrail: { organizationTrail: { enabled: false } } };
    });
    const { first, result, second } = await converge(s, blueprint, { features });
    const recorderAccounts = new Set(
      first.steps.filter((x) => x.id.endsWith('/recorder')).map((x) => x.account),
    );
    expect([...recorderAccounts]).toEqual([s.managementAccountId]);
    expect(first.notes.join('\n')).toContain("Control Tower's recorder left untouched");
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    for (const a of allAccounts(s).filter((x) => x !== s.managementAccountId)) {
      for (const r of s.governedRegions) expect(recorderNames(s, a, r)).toEqual([CONTROL_TOWER_RECORDER]);
    }
    expect(recorderNames(s, s.managementAccountId, s.homeRegion)).toEqual(['default']);
  });

  it('destroy removes what apply created and keeps the rest; apply converges again', async () => {
    const s = await greenfield({ workloads: 1 });
    const { bucket, keyArn } = await layLogChain(s);
    const features = [logsStub(bucket, keyArn), configFeature];
    const blueprint = blueprintOf(s);
    expect(failures((await converge(s, blueprint, { features })).result)).toBe('');
    const destroy = await planScenario(s, blueprint, { features, mode: 'destroy' });
    expect(destroy.steps.every((x) => x.action === 'delete')).toBe(true);
    expect(destroy.notes.join('\n')).toContain('stay in the log archive bucket');
    expect(failures(await applyScenario(s, destroy, { features }))).toBe('');
    for (const a of allAccounts(s)) {
      for (const r of s.governedRegions) {
        expect(recorderNames(s, a, r)).toEqual([]);
        expect(configState(s.sandbox.world, a, r).channels.size).toBe(0);
      }
    }
    expect(configState(s.sandbox.world, s.securityToolingId, s.homeRegion).aggregators.size).toBe(0);
    // The delivery bucket is kept.
    const listed = await s
      .client(ConfigServiceClient, s.managementAccountId)
      .send(new DescribeConfigurationRecordersCommand({}));
    expect(listed.ConfigurationRecorders).toEqual([]);
    expect(s.sandbox.world.account(s.logArchiveId)).toBeDefined();
    const again = await converge(s, blueprint, { features });
    expect(failures(again.result)).toBe('');
    expect(again.second.steps).toEqual([]);
  });

  it('destroy leaves recorders it did not create', async () => {
    const s = await drifted({ workloads: 1 });
    const { bucket, keyArn } = await referenceChain(s);
    const features = [logsStub(bucket, keyArn), configFeature];
    const destroy = await planScenario(s, blueprintOf(s), { features, mode: 'destroy' });
    // The reference aggregator has sra-kit's name, so it goes; its recorders (sra-recorder) stay.
    expect(destroy.steps.map((x) => x.op)).toEqual(['config.delete-aggregator']);
    expect(destroy.notes.join('\n')).toMatch(/recorder\(s\) not named default/);
  });

  it('a denied read stops the plan with PLAN_BLOCKED naming the account, Region and API', async () => {
    const s = await greenfield({ workloads: 1 });
    const { bucket, keyArn } = await layLogChain(s);
    const features = [logsStub(bucket, keyArn), configFeature];
    const w = s.workloadIds[0]!;
    const region = s.governedRegions[1]!;
    s.sandbox.knobs = { deny: [{ action: 'config:DescribeConfigurationRecorders', account: w, region }] };
    const err = await planScenario(s, blueprintOf(s), { features }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SraError);
    const e = err as SraError;
    expect(e.code).toBe('PLAN_BLOCKED');
    expect(e.message).toContain(w);
    expect(e.message).toContain(region);
    expect(e.message).toContain('DescribeConfigurationRecorders');
    expect(e.hint).toBe('fix access and re-run sra plan');
  });
});
