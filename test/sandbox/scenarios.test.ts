import { describe, expect, it } from 'vitest';
import { GetEbsEncryptionByDefaultCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetTrailStatusCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { GetAccountPasswordPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { GuardDutyClient, ListDetectorsCommand, ListMembersCommand } from '@aws-sdk/client-guardduty';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  allAccounts,
  controlTower,
  drifted,
  generated,
  greenfield,
  halfDeployed,
  referenceNames,
} from '../../src/sandbox/scenarios/index.js';

describe('scenarios', () => {
  it('greenfield: the SRA account layout, every account listed by Organizations, nothing configured', async () => {
    const s = await greenfield({ workloads: 4 });
    // Building leaves the call statistics clean for the test that uses the scenario.
    expect(s.sandbox.stats().total).toBe(0);
    const ids = allAccounts(s);
    expect(ids).toHaveLength(9);
    const orgs = s.client(OrganizationsClient, s.managementAccountId);
    const listed: string[] = [];
    let token: string | undefined;
    do {
      const page = await orgs.send(new ListAccountsCommand({ NextToken: token }));
      listed.push(...(page.Accounts ?? []).map((a) => a.Id!));
      token = page.NextToken;
    } while (token);
    expect(listed.sort()).toEqual([...ids].sort());
    const ebs = await s.client(EC2Client, s.workloadIds[0]!).send(new GetEbsEncryptionByDefaultCommand({}));
    expect(ebs.EbsEncryptionByDefault).toBe(false);
    expect(s.planted).toEqual([]);
  });

  it('control-tower: Control Tower recorder in members, none in management, execution role assumable', async () => {
    const s = await controlTower({ workloads: 2 });
    const member = s.client(ConfigServiceClient, s.workloadIds[0]!, s.governedRegions[1]);
    const recs = await member.send(new DescribeConfigurationRecordersCommand({}));
    expect(recs.ConfigurationRecorders?.map((r) => r.name)).toEqual([
      'aws-controltower-BaselineConfigRecorder',
    ]);
    const mgmt = s.client(ConfigServiceClient, s.managementAccountId);
    expect(
      (await mgmt.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [],
    ).toEqual([]);
    expect(s.memberRoleName).toBe('AWSControlTowerExecution');
    const sts = s.client(STSClient, s.managementAccountId);
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${s.workloadIds[1]}:role/AWSControlTowerExecution`,
        RoleSessionName: 'test',
      }),
    );
    expect(assumed.AssumedRoleUser?.Arn).toContain(s.workloadIds[1]);
  });

  it('half-deployed: plants the gaps it lists', async () => {
    const s = await halfDeployed({ workloads: 2, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] });
    const kinds = s.planted.map((p) => p.kind);
    expect(kinds).toContain('guardduty.auto-enable-new-only');
    expect(kinds.filter((k) => k === 'guardduty.no-delegated-admin')).toHaveLength(2);
    const policy = await s
      .client(IAMClient, s.managementAccountId)
      .send(new GetAccountPasswordPolicyCommand({}));
    expect(policy.PasswordPolicy?.MinimumPasswordLength).toBe(8);
    const wl = s.client(ConfigServiceClient, s.workloadIds[0]!);
    expect(
      (await wl.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [],
    ).toEqual([]);
  });

  it('drifted: reference SRA everywhere except exactly the planted drifts', async () => {
    const s = await drifted({ workloads: 3 });
    expect(s.deployed).toBe(true);
    expect(s.planted.map((p) => p.kind).sort()).toEqual(
      [
        'cloudtrail.logging-stopped',
        'config.recorder-stopped',
        'guardduty.auto-enable-new-only',
        'ec2.ebs-encryption-by-default-disabled',
        'guardduty.member-disassociated',
        'iam.password-policy-deleted',
        's3.account-public-access-block-removed',
      ].sort(),
    );
    const [w1, w2, w3] = s.workloadIds as [string, string, string];
    const second = s.governedRegions[1]!;
    // EBS encryption: off only where planted.
    for (const account of allAccounts(s)) {
      for (const region of s.governedRegions) {
        const out = await s.client(EC2Client, account, region).send(new GetEbsEncryptionByDefaultCommand({}));
        expect(out.EbsEncryptionByDefault, `${account} ${region}`).toBe(
          !(account === w3 && region === s.homeRegion),
        );
      }
    }
    // Account-level S3 Block Public Access removed only in w2.
    await expect(
      s.client(S3ControlClient, w2).send(new GetPublicAccessBlockCommand({ AccountId: w2 })),
    ).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration' });
    const bpa = await s.client(S3ControlClient, w1).send(new GetPublicAccessBlockCommand({ AccountId: w1 }));
    expect(bpa.PublicAccessBlockConfiguration?.BlockPublicPolicy).toBe(true);
    // Trail stopped.
    const names = referenceNames(s);
    const status = await s
      .client(CloudTrailClient, s.managementAccountId)
      .send(new GetTrailStatusCommand({ Name: names.trail }));
    expect(status.IsLogging).toBe(false);
    // Password policy gone in the network account only.
    await expect(
      s.client(IAMClient, s.networkId).send(new GetAccountPasswordPolicyCommand({})),
    ).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
    // Config recorder stopped in shared services, second Region.
    const rec = await s
      .client(ConfigServiceClient, s.sharedServicesId, second)
      .send(new DescribeConfigurationRecorderStatusCommand({}));
    expect(rec.ConfigurationRecordersStatus?.[0]?.recording).toBe(false);
    // GuardDuty: w1 no longer an associated member in the second Region.
    const gd = s.client(GuardDutyClient, s.securityToolingId, second);
    const detectorId = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
    const members = await gd.send(new ListMembersCommand({ DetectorId: detectorId, OnlyAssociated: 'true' }));
    const associated = (members.Members ?? []).map((m) => m.AccountId);
    expect(associated).not.toContain(w1);
    expect(associated).toContain(w2);
  });

  it('generated: seeded, N accounts × R Regions, the same seed gives the same drift', async () => {
    const a = await generated({
      workloads: 20,
      regions: ['us-east-1', 'eu-west-1'],
      deploy: true,
      driftRate: 0.3,
      seed: 7,
    });
    const b = await generated({
      workloads: 20,
      regions: ['us-east-1', 'eu-west-1'],
      deploy: true,
      driftRate: 0.3,
      seed: 7,
    });
    expect(allAccounts(a)).toHaveLength(25);
    expect(a.planted.length).toBeGreaterThan(0);
    expect(a.planted).toEqual(b.planted);
  });

  it('applies knobs only after building, so a throttled scenario still builds', async () => {
    const s = await drifted({ workloads: 1, throttle: { ratePerSecond: 1, burst: 1 } });
    expect(s.sandbox.knobs.throttle).toEqual({ ratePerSecond: 1, burst: 1 });
    const ec2 = s.client(EC2Client, s.workloadIds[0]!);
    await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    await expect(ec2.send(new GetEbsEncryptionByDefaultCommand({}))).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
    });
  });
});
