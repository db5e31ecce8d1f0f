/**
 * Semantics of the simulated AWS Network Firewall, each pinned to the AWS page that documents it.
 */
import { describe, expect, it } from 'vitest';
import {
  CreateFirewallCommand,
  CreateFirewallPolicyCommand,
  CreateRuleGroupCommand,
  DeleteFirewallCommand,
  DescribeFirewallCommand,
  DescribeFirewallPolicyCommand,
  DescribeLoggingConfigurationCommand,
  DescribeRuleGroupCommand,
  ListFirewallsCommand,
  ListRuleGroupsCommand,
  NetworkFirewallClient,
  UpdateFirewallDeleteProtectionCommand,
  UpdateFirewallPolicyCommand,
  UpdateLoggingConfigurationCommand,
  UpdateSubnetChangeProtectionCommand,
  type FirewallPolicy,
} from '@aws-sdk/client-network-firewall';
import { networkFirewallService } from '../../src/sandbox/services/networkfirewall.js';
import { ec2Region, ec2Service } from '../../src/sandbox/services/ec2.js';
import { createBucketState, s3Service } from '../../src/sandbox/services/s3.js';
import { LOGS, WORKLOAD, orgSandbox } from './helpers.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';

function setup(knobs: SandboxKnobs = {}) {
  const env = orgSandbox([networkFirewallService, ec2Service, s3Service], knobs);
  createBucketState(env.sandbox.world, {
    name: 'central-logs',
    owner: LOGS,
    region: 'us-east-1',
    createdAt: new Date(0),
  });
  const nfw = (account = WORKLOAD, region = 'us-east-1') => env.as(NetworkFirewallClient, account, region);
  const vpcId = ec2Region(env.sandbox.world, WORKLOAD, 'us-east-1').vpcs[0]!.VpcId!;
  return { ...env, nfw, vpcId };
}

const basePolicy: FirewallPolicy = {
  StatelessDefaultActions: ['aws:forward_to_sfe'],
  StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
};

async function firewall(env: ReturnType<typeof setup>, protections: { DeleteProtection?: boolean } = {}) {
  const policy = await env
    .nfw()
    .send(new CreateFirewallPolicyCommand({ FirewallPolicyName: 'p', FirewallPolicy: basePolicy }));
  return env.nfw().send(
    new CreateFirewallCommand({
      FirewallName: 'fw',
      FirewallPolicyArn: policy.FirewallPolicyResponse?.FirewallPolicyArn,
      VpcId: env.vpcId,
      SubnetMappings: [{ SubnetId: 'subnet-0abc' }],
      ...protections,
    }),
  );
}

describe('rule groups and policies', () => {
  it('stores stateless rule groups and finds them by ARN, or by name with their type', async () => {
    // https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeRuleGroup.html
    const { nfw } = setup();
    const created = await nfw().send(
      new CreateRuleGroupCommand({
        RuleGroupName: 'empty',
        Type: 'STATELESS',
        Capacity: 10,
        RuleGroup: { RulesSource: { StatelessRulesAndCustomActions: { StatelessRules: [] } } },
      }),
    );
    const arn = created.RuleGroupResponse!.RuleGroupArn!;
    expect(arn).toBe(`arn:aws:network-firewall:us-east-1:${WORKLOAD}:stateless-rulegroup/empty`);
    const byName = await nfw().send(
      new DescribeRuleGroupCommand({ RuleGroupName: 'empty', Type: 'STATELESS' }),
    );
    expect(byName.RuleGroupResponse?.RuleGroupArn).toBe(arn);
    await expect(nfw().send(new DescribeRuleGroupCommand({ RuleGroupName: 'empty' }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
    const listed = await nfw().send(new ListRuleGroupsCommand({ Type: 'STATELESS' }));
    expect(listed.RuleGroups?.map((g) => g.Arn)).toEqual([arn]);
    expect((await nfw().send(new ListRuleGroupsCommand({ Scope: 'MANAGED' }))).RuleGroups).toEqual([]);
  });

  it('validates default actions and allows stateful default actions only with strict order', async () => {
    // https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_FirewallPolicy.html
    const { nfw } = setup();
    await expect(
      nfw().send(
        new CreateFirewallPolicyCommand({
          FirewallPolicyName: 'bad',
          FirewallPolicy: { ...basePolicy, StatelessDefaultActions: ['aws:pass', 'aws:drop'] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(
      nfw().send(
        new CreateFirewallPolicyCommand({
          FirewallPolicyName: 'bad',
          FirewallPolicy: { ...basePolicy, StatefulDefaultActions: ['aws:drop_established'] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    const ok = await nfw().send(
      new CreateFirewallPolicyCommand({
        FirewallPolicyName: 'strict',
        FirewallPolicy: {
          ...basePolicy,
          StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
          StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        },
      }),
    );
    const read = await nfw().send(new DescribeFirewallPolicyCommand({ FirewallPolicyName: 'strict' }));
    expect(read.FirewallPolicy?.StatefulDefaultActions).toEqual([
      'aws:drop_established',
      'aws:alert_established',
    ]);
    // UpdateFirewallPolicy needs the current token.
    await expect(
      nfw().send(
        new UpdateFirewallPolicyCommand({
          FirewallPolicyArn: ok.FirewallPolicyResponse?.FirewallPolicyArn,
          UpdateToken: 'stale',
          FirewallPolicy: basePolicy,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidTokenException' });
    await nfw().send(
      new UpdateFirewallPolicyCommand({
        FirewallPolicyArn: ok.FirewallPolicyResponse?.FirewallPolicyArn,
        UpdateToken: read.UpdateToken,
        FirewallPolicy: { ...basePolicy, StatelessDefaultActions: ['aws:pass'] },
      }),
    );
    const updated = await nfw().send(new DescribeFirewallPolicyCommand({ FirewallPolicyName: 'strict' }));
    expect(updated.FirewallPolicy?.StatelessDefaultActions).toEqual(['aws:pass']);
  });

  it('refuses references to rule groups that do not exist', async () => {
    const { nfw } = setup();
    await expect(
      nfw().send(
        new CreateFirewallPolicyCommand({
          FirewallPolicyName: 'p',
          FirewallPolicy: {
            ...basePolicy,
            StatelessRuleGroupReferences: [
              {
                ResourceArn: `arn:aws:network-firewall:us-east-1:${WORKLOAD}:stateless-rulegroup/nope`,
                Priority: 1,
              },
            ],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
  });
});

describe('firewalls', () => {
  it('starts with deletion and subnet change protection on and is READY after the propagation delay', async () => {
    // https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_CreateFirewall.html
    const env = setup({ propagationDelayMs: { 'network-firewall:firewall': 60_000 } });
    const created = await firewall(env);
    expect(created.Firewall).toMatchObject({
      DeleteProtection: true,
      SubnetChangeProtection: true,
      VpcId: env.vpcId,
    });
    expect(created.FirewallStatus?.Status).toBe('PROVISIONING');
    env.clock.advance(60_000);
    const d = await env.nfw().send(new DescribeFirewallCommand({ FirewallName: 'fw' }));
    expect(d.FirewallStatus?.Status).toBe('READY');
    const listed = await env.nfw().send(new ListFirewallsCommand({ VpcIds: [env.vpcId] }));
    expect(listed.Firewalls?.map((f) => f.FirewallName)).toEqual(['fw']);
  });

  it('refuses to delete a protected firewall and changes protections with the current token', async () => {
    // https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DeleteFirewall.html
    const env = setup();
    await firewall(env);
    await expect(env.nfw().send(new DeleteFirewallCommand({ FirewallName: 'fw' }))).rejects.toMatchObject({
      name: 'InvalidOperationException',
    });
    const d = await env.nfw().send(new DescribeFirewallCommand({ FirewallName: 'fw' }));
    const off = await env.nfw().send(
      new UpdateFirewallDeleteProtectionCommand({
        FirewallName: 'fw',
        DeleteProtection: false,
        UpdateToken: d.UpdateToken,
      }),
    );
    await env.nfw().send(
      new UpdateSubnetChangeProtectionCommand({
        FirewallName: 'fw',
        SubnetChangeProtection: false,
        UpdateToken: off.UpdateToken,
      }),
    );
    const after = await env.nfw().send(new DescribeFirewallCommand({ FirewallName: 'fw' }));
    expect(after.Firewall).toMatchObject({ DeleteProtection: false, SubnetChangeProtection: false });
    await env.nfw().send(new DeleteFirewallCommand({ FirewallName: 'fw' }));
    expect((await env.nfw().send(new ListFirewallsCommand({}))).Firewalls).toEqual([]);
  });

  it('needs an existing VPC of the account', async () => {
    const env = setup();
    const policy = await env
      .nfw()
      .send(new CreateFirewallPolicyCommand({ FirewallPolicyName: 'p', FirewallPolicy: basePolicy }));
    await expect(
      env.nfw().send(
        new CreateFirewallCommand({
          FirewallName: 'fw',
          FirewallPolicyArn: policy.FirewallPolicyResponse?.FirewallPolicyArn,
          VpcId: 'vpc-0000',
          SubnetMappings: [{ SubnetId: 'subnet-0abc' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
  });
});

describe('logging configuration', () => {
  it('changes one destination per call and needs the bucket to exist', async () => {
    // https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_UpdateLoggingConfiguration.html
    const env = setup();
    await firewall(env);
    const alert = {
      LogType: 'ALERT' as const,
      LogDestinationType: 'S3' as const,
      LogDestination: { bucketName: 'central-logs' },
    };
    const flow = {
      LogType: 'FLOW' as const,
      LogDestinationType: 'S3' as const,
      LogDestination: { bucketName: 'central-logs' },
    };
    await expect(
      env.nfw().send(
        new UpdateLoggingConfigurationCommand({
          FirewallName: 'fw',
          LoggingConfiguration: { LogDestinationConfigs: [alert, flow] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await env.nfw().send(
      new UpdateLoggingConfigurationCommand({
        FirewallName: 'fw',
        LoggingConfiguration: { LogDestinationConfigs: [alert] },
      }),
    );
    await env.nfw().send(
      new UpdateLoggingConfigurationCommand({
        FirewallName: 'fw',
        LoggingConfiguration: { LogDestinationConfigs: [alert, flow] },
      }),
    );
    const read = await env.nfw().send(new DescribeLoggingConfigurationCommand({ FirewallName: 'fw' }));
    expect(read.LoggingConfiguration?.LogDestinationConfigs?.map((c) => c.LogType)).toEqual([
      'ALERT',
      'FLOW',
    ]);
    await expect(
      env.nfw().send(
        new UpdateLoggingConfigurationCommand({
          FirewallName: 'fw',
          LoggingConfiguration: {
            LogDestinationConfigs: [alert, { ...flow, LogDestination: { bucketName: 'missing' } }],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'LogDestinationPermissionException' });
  });
});
