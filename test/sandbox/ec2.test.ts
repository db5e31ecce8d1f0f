/**
 * Semantics of the simulated EC2 account settings, each pinned to the AWS page that documents it.
 */
import { describe, expect, it } from 'vitest';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeAddressesCommand,
  CreateFlowLogsCommand,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateNetworkAclEntryCommand,
  CreateTransitGatewayCommand,
  DeleteFlowLogsCommand,
  DeleteNetworkAclEntryCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeTransitGatewaysCommand,
  ModifyLaunchTemplateCommand,
  ModifyTransitGatewayCommand,
  ModifyVpcBlockPublicAccessOptionsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  DisableEbsEncryptionByDefaultCommand,
  DisableSnapshotBlockPublicAccessCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  EnableImageBlockPublicAccessCommand,
  EnableSnapshotBlockPublicAccessCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  GetImageBlockPublicAccessStateCommand,
  GetInstanceMetadataDefaultsCommand,
  GetSerialConsoleAccessStatusCommand,
  GetSnapshotBlockPublicAccessStateCommand,
  ModifyEbsDefaultKmsKeyIdCommand,
  ModifyInstanceMetadataDefaultsCommand,
  type SnapshotBlockPublicAccessState,
} from '@aws-sdk/client-ec2';
import {
  addFlowLog,
  ec2Service,
  plantElasticIp,
  revokeDefaultSecurityGroupRules,
} from '../../src/sandbox/services/ec2.js';
import { accountService } from '../../src/sandbox/services/account.js';
import { createBucketState, s3Service } from '../../src/sandbox/services/s3.js';
import { DEFAULT_ENABLED_REGIONS } from '../../src/sandbox/core/world-builder.js';
import { AUDIT, WORKLOAD, orgSandbox } from './helpers.js';

function setup(knobs: Parameters<typeof orgSandbox>[1] = {}) {
  const env = orgSandbox([ec2Service, accountService], knobs, [
    { id: '666666666666', optInRegions: ['af-south-1'] },
  ]);
  const ec2 = (account = WORKLOAD, region = 'us-east-1') => env.as(EC2Client, account, region);
  return { ...env, ec2 };
}

describe('EBS encryption by default', () => {
  it('is off with the AWS-managed key in a new account, and per Region', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetEbsEncryptionByDefault.html
    // https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
    const { ec2 } = setup();
    expect((await ec2().send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);
    expect((await ec2().send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe('alias/aws/ebs');
    expect((await ec2().send(new EnableEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
    expect((await ec2().send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
    expect(
      (await ec2(WORKLOAD, 'eu-west-1').send(new GetEbsEncryptionByDefaultCommand({})))
        .EbsEncryptionByDefault,
    ).toBe(false);
    expect((await ec2(AUDIT).send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(
      false,
    );
    expect((await ec2().send(new DisableEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(
      false,
    );
  });

  it('takes a key id, alias or ARN as the default key and rejects other shapes', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyEbsDefaultKmsKeyId.html
    const { ec2 } = setup();
    const arn = 'arn:aws:kms:us-east-1:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect((await ec2().send(new ModifyEbsDefaultKmsKeyIdCommand({ KmsKeyId: arn }))).KmsKeyId).toBe(arn);
    expect((await ec2().send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(arn);
    await ec2().send(new ModifyEbsDefaultKmsKeyIdCommand({ KmsKeyId: 'alias/sra-ebs' }));
    await expect(
      ec2().send(new ModifyEbsDefaultKmsKeyIdCommand({ KmsKeyId: 'not a key' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('answers DryRun with DryRunOperation and changes nothing', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableEbsEncryptionByDefault.html (DryRun)
    const { ec2 } = setup();
    await expect(ec2().send(new EnableEbsEncryptionByDefaultCommand({ DryRun: true }))).rejects.toMatchObject(
      {
        name: 'DryRunOperation',
        $metadata: { httpStatusCode: 412 },
      },
    );
    expect((await ec2().send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);
  });
});

describe('block public access', () => {
  it('moves snapshots between unblocked, block-new-sharing and block-all-sharing', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableSnapshotBlockPublicAccess.html
    const { ec2 } = setup();
    const get = async () => (await ec2().send(new GetSnapshotBlockPublicAccessStateCommand({}))).State;
    expect(await get()).toBe('unblocked');
    for (const State of ['block-new-sharing', 'block-all-sharing'] as const) {
      expect((await ec2().send(new EnableSnapshotBlockPublicAccessCommand({ State }))).State).toBe(State);
      expect(await get()).toBe(State);
    }
    // "unblocked is not a valid value for EnableSnapshotBlockPublicAccess".
    await expect(
      ec2().send(
        new EnableSnapshotBlockPublicAccessCommand({ State: 'unblocked' as SnapshotBlockPublicAccessState }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    expect((await ec2().send(new DisableSnapshotBlockPublicAccessCommand({}))).State).toBe('unblocked');
  });

  it('blocks new public AMI sharing only after the documented delay', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableImageBlockPublicAccess.html
    // ("can take up to 10 minutes … the response will be unblocked")
    const { ec2, clock } = setup({ propagationDelayMs: { 'ec2:image-block-public-access': 600_000 } });
    const get = async () =>
      (await ec2().send(new GetImageBlockPublicAccessStateCommand({}))).ImageBlockPublicAccessState;
    const r = await ec2().send(
      new EnableImageBlockPublicAccessCommand({ ImageBlockPublicAccessState: 'block-new-sharing' }),
    );
    expect(r.ImageBlockPublicAccessState).toBe('block-new-sharing');
    expect(await get()).toBe('unblocked');
    clock.advance(600_000);
    expect(await get()).toBe('block-new-sharing');
  });
});

describe('instance metadata defaults and serial console', () => {
  it('has no preference by default and stores HttpTokens required', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataDefaults.html
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetInstanceMetadataDefaults.html
    const { ec2 } = setup();
    const get = async () => (await ec2().send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel;
    expect((await get())?.HttpTokens).toBeUndefined();
    const r = await ec2().send(
      new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 }),
    );
    expect(r.Return).toBe(true);
    expect(await get()).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 });
    await ec2().send(
      new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: 'no-preference', HttpPutResponseHopLimit: -1 }),
    );
    const cleared = await get();
    expect(cleared?.HttpTokens).toBeUndefined();
    expect(cleared?.HttpPutResponseHopLimit).toBeUndefined();
  });

  it('rejects hop limits outside -1 and 1–64', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataDefaults.html
    const { ec2 } = setup();
    await expect(
      ec2().send(new ModifyInstanceMetadataDefaultsCommand({ HttpPutResponseHopLimit: 65 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('keeps serial console access off by default', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetSerialConsoleAccessStatus.html
    const { ec2 } = setup();
    expect((await ec2().send(new GetSerialConsoleAccessStatusCommand({}))).SerialConsoleAccessEnabled).toBe(
      false,
    );
  });
});

describe('DescribeRegions', () => {
  it("returns the account's enabled Regions, or all with AllRegions, with OptInStatus", async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html
    const { ec2 } = setup();
    const enabled = await ec2('666666666666').send(new DescribeRegionsCommand({}));
    const names = enabled.Regions!.map((r) => r.RegionName!);
    expect(names.sort()).toEqual([...DEFAULT_ENABLED_REGIONS, 'af-south-1'].sort());
    const af = enabled.Regions!.find((r) => r.RegionName === 'af-south-1');
    expect(af).toMatchObject({ OptInStatus: 'opted-in', Endpoint: 'ec2.af-south-1.amazonaws.com' });
    const all = await ec2().send(new DescribeRegionsCommand({ AllRegions: true }));
    const status = new Map(all.Regions!.map((r) => [r.RegionName, r.OptInStatus]));
    expect(status.get('us-east-1')).toBe('opt-in-not-required');
    expect(status.get('af-south-1')).toBe('not-opted-in');
    const filtered = await ec2().send(
      new DescribeRegionsCommand({
        AllRegions: true,
        Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }],
      }),
    );
    expect(filtered.Regions!.every((r) => r.OptInStatus === 'not-opted-in')).toBe(true);
    expect(filtered.Regions!.length).toBeGreaterThan(0);
  });

  it('describes named Regions whether enabled or not, and rejects unknown names', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html
    const { ec2 } = setup();
    const r = await ec2().send(new DescribeRegionsCommand({ RegionNames: ['me-south-1'] }));
    expect(r.Regions).toEqual([
      { RegionName: 'me-south-1', Endpoint: 'ec2.me-south-1.amazonaws.com', OptInStatus: 'not-opted-in' },
    ]);
    await expect(
      ec2().send(new DescribeRegionsCommand({ RegionNames: ['xx-east-9'] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(
      ec2().send(new DescribeRegionsCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('default VPC, default security group and flow logs', () => {
  it('has a default VPC with a default security group that allows itself in and everything out', async () => {
    // https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html
    // https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
    const { ec2 } = setup();
    const vpcs = await ec2().send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
    );
    expect(vpcs.Vpcs).toHaveLength(1);
    const vpc = vpcs.Vpcs![0]!;
    expect(vpc).toMatchObject({
      CidrBlock: '172.31.0.0/16',
      IsDefault: true,
      OwnerId: WORKLOAD,
      State: 'available',
    });
    const sgs = await ec2().send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }),
    );
    const sg = sgs.SecurityGroups![0]!;
    expect(sg).toMatchObject({ GroupName: 'default', VpcId: vpc.VpcId });
    expect(sg.IpPermissions).toEqual([
      expect.objectContaining({
        IpProtocol: '-1',
        UserIdGroupPairs: [{ GroupId: sg.GroupId, UserId: WORKLOAD }],
      }),
    ]);
    expect(sg.IpPermissionsEgress).toEqual([
      expect.objectContaining({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
    ]);
    const other = await ec2(WORKLOAD, 'eu-west-1').send(new DescribeVpcsCommand({}));
    expect(other.Vpcs![0]!.VpcId).not.toBe(vpc.VpcId);
  });

  it('finds security groups by name in the default VPC and fails for unknown ids and names', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html
    const { ec2 } = setup();
    const byName = await ec2().send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
    expect(byName.SecurityGroups).toHaveLength(1);
    await expect(
      ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000'] })),
    ).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
    await expect(
      ec2().send(new DescribeSecurityGroupsCommand({ GroupNames: ['web'] })),
    ).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
    await expect(ec2().send(new DescribeVpcsCommand({ VpcIds: ['vpc-0000'] }))).rejects.toMatchObject({
      name: 'InvalidVpcID.NotFound',
    });
    await expect(ec2().send(new DescribeVpcsCommand({ MaxResults: 4 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('reflects planted remediation and flow logs', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeFlowLogs.html
    const { ec2, sandbox } = setup();
    expect((await ec2().send(new DescribeFlowLogsCommand({}))).FlowLogs).toEqual([]);
    revokeDefaultSecurityGroupRules(sandbox.world, WORKLOAD, 'us-east-1');
    const id = addFlowLog(sandbox.world, WORKLOAD, 'us-east-1', { destination: 'arn:aws:s3:::flow-logs' });
    const sg = (await ec2().send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] })))
      .SecurityGroups![0]!;
    expect(sg.IpPermissions).toEqual([]);
    expect(sg.IpPermissionsEgress).toEqual([]);
    const vpcId = (await ec2().send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    const logs = await ec2().send(
      new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }),
    );
    expect(logs.FlowLogs?.map((l) => [l.FlowLogId, l.LogDestinationType, l.TrafficType])).toEqual([
      [id, 's3', 'ALL'],
    ]);
  });
});

describe('network defaults read by the baseline controls', () => {
  it('has a default network ACL that allows all traffic before the final deny', async () => {
    // https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html
    const { ec2 } = setup();
    const r = await ec2().send(
      new DescribeNetworkAclsCommand({ Filters: [{ Name: 'default', Values: ['true'] }] }),
    );
    const entries = r.NetworkAcls?.[0]?.Entries ?? [];
    const inbound = entries.filter((e) => !e.Egress).map((e) => [e.RuleNumber, e.RuleAction, e.CidrBlock]);
    expect(inbound).toEqual([
      [100, 'allow', '0.0.0.0/0'],
      [32767, 'deny', '0.0.0.0/0'],
    ]);
  });

  it('has VPC block public access off and no instances', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcBlockPublicAccessOptions.html
    const { ec2 } = setup();
    const o = await ec2().send(new DescribeVpcBlockPublicAccessOptionsCommand({}));
    expect(o.VpcBlockPublicAccessOptions).toMatchObject({
      InternetGatewayBlockMode: 'off',
      AwsAccountId: WORKLOAD,
      AwsRegion: 'us-east-1',
    });
    expect((await ec2().send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
  });
});

describe('Regions the account has not enabled', () => {
  it('refuses calls in a disabled opt-in Region with AuthFailure', async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (AuthFailure)
    const { ec2 } = setup();
    await expect(
      ec2(WORKLOAD, 'af-south-1').send(new GetEbsEncryptionByDefaultCommand({})),
    ).rejects.toMatchObject({
      name: 'AuthFailure',
    });
    const ok = await ec2('666666666666', 'af-south-1').send(new GetEbsEncryptionByDefaultCommand({}));
    expect(ok.EbsEncryptionByDefault).toBe(false);
  });
});

describe('security group rules', () => {
  it('revokes the default rules exactly, reports unknown ones, and refuses duplicates', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html
    const { ec2 } = setup();
    const sg = (await ec2().send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] })))
      .SecurityGroups![0]!;
    const unknown = await ec2().send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: sg.GroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    expect(unknown.UnknownIpPermissions).toHaveLength(1);
    await ec2().send(
      new RevokeSecurityGroupIngressCommand({ GroupId: sg.GroupId, IpPermissions: sg.IpPermissions }),
    );
    await ec2().send(
      new RevokeSecurityGroupEgressCommand({ GroupId: sg.GroupId, IpPermissions: sg.IpPermissionsEgress }),
    );
    const after = (await ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.GroupId!] })))
      .SecurityGroups![0]!;
    expect(after.IpPermissions).toEqual([]);
    expect(after.IpPermissionsEgress).toEqual([]);
    const rule = { IpProtocol: '6', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };
    await ec2().send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: sg.GroupId, IpPermissions: [rule] }),
    );
    const added = (await ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.GroupId!] })))
      .SecurityGroups![0]!;
    expect(added.IpPermissions).toMatchObject([
      { IpProtocol: 'tcp', FromPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    ]);
    await expect(
      ec2().send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg.GroupId, IpPermissions: [rule] })),
    ).rejects.toMatchObject({ name: 'InvalidPermission.Duplicate' });
    await expect(
      ec2().send(new RevokeSecurityGroupIngressCommand({ GroupId: 'sg-0000', IpPermissions: [rule] })),
    ).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
  });
});

describe('network ACL entries', () => {
  it('adds entries in rule order, refuses a taken number and deletes by number and direction', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html
    const { ec2 } = setup();
    const acl = (await ec2().send(new DescribeNetworkAclsCommand({}))).NetworkAcls![0]!;
    const entry = {
      NetworkAclId: acl.NetworkAclId,
      RuleNumber: 50,
      Protocol: 'tcp',
      RuleAction: 'deny' as const,
      Egress: false,
      CidrBlock: '0.0.0.0/0',
      PortRange: { From: 22, To: 22 },
    };
    await ec2().send(new CreateNetworkAclEntryCommand(entry));
    const inbound = (await ec2().send(new DescribeNetworkAclsCommand({}))).NetworkAcls![0]!.Entries!.filter(
      (e) => !e.Egress,
    );
    expect(inbound.map((e) => [e.RuleNumber, e.RuleAction, e.Protocol])).toEqual([
      [50, 'deny', '6'],
      [100, 'allow', '-1'],
      [32767, 'deny', '-1'],
    ]);
    await expect(ec2().send(new CreateNetworkAclEntryCommand(entry))).rejects.toMatchObject({
      name: 'NetworkAclEntryAlreadyExists',
    });
    await expect(
      ec2().send(new CreateNetworkAclEntryCommand({ ...entry, RuleNumber: 32767 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await ec2().send(
      new DeleteNetworkAclEntryCommand({ NetworkAclId: acl.NetworkAclId, RuleNumber: 50, Egress: false }),
    );
    await expect(
      ec2().send(
        new DeleteNetworkAclEntryCommand({ NetworkAclId: acl.NetworkAclId, RuleNumber: 50, Egress: false }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidNetworkAclEntry.NotFound' });
  });
});

describe('CreateFlowLogs', () => {
  function withBucket() {
    const env = orgSandbox([ec2Service, s3Service]);
    createBucketState(env.sandbox.world, {
      name: 'central-logs',
      owner: AUDIT,
      region: 'us-east-1',
      createdAt: new Date(0),
    });
    return { ...env, ec2: (account = WORKLOAD) => env.as(EC2Client, account, 'us-east-1') };
  }

  it('creates flow logs to an existing bucket and reports the rest in Unsuccessful', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html
    const { ec2 } = withBucket();
    const vpc = (await ec2().send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    const r = await ec2().send(
      new CreateFlowLogsCommand({
        ResourceType: 'VPC',
        ResourceIds: [vpc, 'vpc-00000000'],
        TrafficType: 'ALL',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::central-logs/flow/',
      }),
    );
    expect(r.FlowLogIds).toHaveLength(1);
    expect(r.Unsuccessful).toMatchObject([
      { ResourceId: 'vpc-00000000', Error: { Code: 'InvalidVpcID.NotFound' } },
    ]);
    const again = await ec2().send(
      new CreateFlowLogsCommand({
        ResourceType: 'VPC',
        ResourceIds: [vpc],
        TrafficType: 'ALL',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::central-logs/flow/',
      }),
    );
    expect(again.Unsuccessful?.[0]?.Error?.Code).toBe('FlowLogAlreadyExists');
    const missing = await ec2().send(
      new CreateFlowLogsCommand({
        ResourceType: 'VPC',
        ResourceIds: [vpc],
        TrafficType: 'REJECT',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::no-such-bucket',
      }),
    );
    expect(missing.Unsuccessful?.[0]?.Error?.Message).toBe('LogDestination: no-such-bucket does not exist.');
    const logs = (await ec2().send(new DescribeFlowLogsCommand({}))).FlowLogs ?? [];
    expect(logs).toMatchObject([
      { ResourceId: vpc, TrafficType: 'ALL', LogDestinationType: 's3', FlowLogStatus: 'ACTIVE' },
    ]);
    await ec2().send(new DeleteFlowLogsCommand({ FlowLogIds: [logs[0]!.FlowLogId!] }));
    expect((await ec2().send(new DescribeFlowLogsCommand({}))).FlowLogs).toEqual([]);
  });

  it('needs a traffic type for VPCs and a delivery role for CloudWatch Logs only', async () => {
    const { ec2 } = withBucket();
    const vpc = (await ec2().send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    await expect(
      ec2().send(new CreateFlowLogsCommand({ ResourceType: 'VPC', ResourceIds: [vpc], LogGroupName: 'g' })),
    ).rejects.toMatchObject({ name: 'MissingParameter' });
    await expect(
      ec2().send(
        new CreateFlowLogsCommand({
          ResourceType: 'VPC',
          ResourceIds: [vpc],
          TrafficType: 'ALL',
          LogGroupName: 'g',
        }),
      ),
    ).rejects.toMatchObject({ name: 'MissingParameter' });
    await expect(
      ec2().send(
        new CreateFlowLogsCommand({
          ResourceType: 'VPC',
          ResourceIds: [vpc],
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          LogDestination: 'arn:aws:s3:::central-logs',
          DeliverLogsPermissionArn: 'arn:aws:iam::444444444444:role/x',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameter' });
  });
});

describe('transit gateways', () => {
  it('creates gateways that do not auto-accept by default, and modifies the option', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRequestOptions.html
    const { ec2 } = setup();
    expect((await ec2().send(new DescribeTransitGatewaysCommand({}))).TransitGateways).toEqual([]);
    const tgw = (await ec2().send(new CreateTransitGatewayCommand({ Description: 'hub' }))).TransitGateway!;
    expect(tgw.Options?.AutoAcceptSharedAttachments).toBe('disable');
    await ec2().send(
      new ModifyTransitGatewayCommand({
        TransitGatewayId: tgw.TransitGatewayId,
        Options: { AutoAcceptSharedAttachments: 'enable' },
      }),
    );
    const listed = await ec2().send(
      new DescribeTransitGatewaysCommand({
        Filters: [{ Name: 'options.auto-accept-shared-attachments', Values: ['enable'] }],
      }),
    );
    expect(listed.TransitGateways?.map((t) => t.TransitGatewayId)).toEqual([tgw.TransitGatewayId]);
    await expect(
      ec2().send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: ['tgw-0000'] })),
    ).rejects.toMatchObject({ name: 'InvalidTransitGatewayID.NotFound' });
  });
});

describe('launch templates', () => {
  it("describes every template's default version when no template is named", async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html
    const { ec2 } = setup();
    const a = (
      await ec2().send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: 'web',
          LaunchTemplateData: { MetadataOptions: { HttpTokens: 'optional' } },
        }),
      )
    ).LaunchTemplate!;
    await ec2().send(
      new CreateLaunchTemplateCommand({ LaunchTemplateName: 'batch', LaunchTemplateData: {} }),
    );
    await ec2().send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: a.LaunchTemplateId,
        LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } },
      }),
    );
    const defaults = await ec2().send(new DescribeLaunchTemplateVersionsCommand({ Versions: ['$Default'] }));
    expect(
      defaults.LaunchTemplateVersions?.map((v) => [
        v.LaunchTemplateName,
        v.VersionNumber,
        v.LaunchTemplateData?.MetadataOptions?.HttpTokens,
      ]),
    ).toEqual([
      ['web', 1, 'optional'],
      ['batch', 1, undefined],
    ]);
    await ec2().send(
      new ModifyLaunchTemplateCommand({ LaunchTemplateId: a.LaunchTemplateId, DefaultVersion: '2' }),
    );
    const after = await ec2().send(new DescribeLaunchTemplateVersionsCommand({ Versions: ['$Default'] }));
    expect(after.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.MetadataOptions?.HttpTokens).toBe(
      'required',
    );
    await expect(
      ec2().send(new DescribeLaunchTemplateVersionsCommand({ Versions: ['1'] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
    });
    await expect(
      ec2().send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'web', LaunchTemplateData: {} })),
    ).rejects.toMatchObject({ name: 'InvalidLaunchTemplateName.AlreadyExistsException' });
    expect((await ec2().send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates).toHaveLength(2);
  });
});

describe('VPC block public access', () => {
  it('changes the internet gateway block mode and rejects unknown modes', async () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcBlockPublicAccessOptions.html
    const { ec2 } = setup();
    await ec2().send(
      new ModifyVpcBlockPublicAccessOptionsCommand({ InternetGatewayBlockMode: 'block-ingress' }),
    );
    const o = await ec2().send(new DescribeVpcBlockPublicAccessOptionsCommand({}));
    expect(o.VpcBlockPublicAccessOptions?.InternetGatewayBlockMode).toBe('block-ingress');
    await expect(
      ec2().send(
        new ModifyVpcBlockPublicAccessOptionsCommand({ InternetGatewayBlockMode: 'wide-open' as never }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('Elastic IP addresses', () => {
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAddresses.html
  it('are none in a new account, are listed per Region, and filter by allocation id', async () => {
    const env = setup();
    expect((await env.ec2().send(new DescribeAddressesCommand({}))).Addresses).toEqual([]);
    const arn = plantElasticIp(env.sandbox.world, WORKLOAD, 'eu-west-1');
    plantElasticIp(env.sandbox.world, WORKLOAD, 'eu-west-1');
    const eu = await env.ec2(WORKLOAD, 'eu-west-1').send(new DescribeAddressesCommand({}));
    expect(eu.Addresses).toHaveLength(2);
    const id = arn.split('/').pop()!;
    expect(arn).toBe(`arn:aws:ec2:eu-west-1:${WORKLOAD}:eip-allocation/${id}`);
    const one = await env
      .ec2(WORKLOAD, 'eu-west-1')
      .send(new DescribeAddressesCommand({ AllocationIds: [id] }));
    expect(one.Addresses!.map((a) => a.AllocationId)).toEqual([id]);
    expect((await env.ec2().send(new DescribeAddressesCommand({}))).Addresses).toEqual([]);
    await expect(
      env.ec2(WORKLOAD, 'eu-west-1').send(new DescribeAddressesCommand({ AllocationIds: ['eipalloc-0000'] })),
    ).rejects.toMatchObject({ name: 'InvalidAllocationID.NotFound' });
  });
});
