/**
 * Semantics of the simulated Route 53 Resolver DNS Firewall and query logging, each pinned to the AWS
 * page that documents it.
 */
import { describe, expect, it } from 'vitest';
import {
  AssociateFirewallRuleGroupCommand,
  AssociateResolverQueryLogConfigCommand,
  CreateFirewallDomainListCommand,
  CreateFirewallRuleCommand,
  CreateFirewallRuleGroupCommand,
  CreateResolverQueryLogConfigCommand,
  DisassociateFirewallRuleGroupCommand,
  ListFirewallRuleGroupAssociationsCommand,
  ListResolverQueryLogConfigAssociationsCommand,
  ListResolverQueryLogConfigsCommand,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { route53ResolverService } from '../../src/sandbox/services/route53resolver.js';
import { ec2Region, ec2Service } from '../../src/sandbox/services/ec2.js';
import { createBucketState, s3Service } from '../../src/sandbox/services/s3.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';
import { LOGS, WORKLOAD, orgSandbox } from './helpers.js';

function setup(knobs: SandboxKnobs = {}) {
  const env = orgSandbox([route53ResolverService, ec2Service, s3Service], knobs);
  createBucketState(env.sandbox.world, {
    name: 'central-logs',
    owner: LOGS,
    region: 'us-east-1',
    createdAt: new Date(0),
  });
  const r53 = (account = WORKLOAD, region = 'us-east-1') => env.as(Route53ResolverClient, account, region);
  const vpcId = ec2Region(env.sandbox.world, WORKLOAD, 'us-east-1').vpcs[0]!.VpcId!;
  return { ...env, r53, vpcId };
}

async function ruleGroup(env: ReturnType<typeof setup>, name = 'g') {
  const list = await env
    .r53()
    .send(new CreateFirewallDomainListCommand({ CreatorRequestId: `${name}-l`, Name: `${name}-l` }));
  const g = await env.r53().send(new CreateFirewallRuleGroupCommand({ CreatorRequestId: name, Name: name }));
  await env.r53().send(
    new CreateFirewallRuleCommand({
      CreatorRequestId: `${name}-r`,
      FirewallRuleGroupId: g.FirewallRuleGroup?.Id,
      FirewallDomainListId: list.FirewallDomainList?.Id,
      Name: 'block',
      Priority: 1,
      Action: 'BLOCK',
      BlockResponse: 'NODATA',
    }),
  );
  return g.FirewallRuleGroup!.Id!;
}

describe('DNS Firewall associations', () => {
  it('associates a rule group with a VPC and lists it, UPDATING until the propagation delay passes', async () => {
    // https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_AssociateFirewallRuleGroup.html
    const env = setup({ propagationDelayMs: { 'route53resolver:association': 30_000 } });
    const id = await ruleGroup(env);
    const a = await env.r53().send(
      new AssociateFirewallRuleGroupCommand({
        CreatorRequestId: 'a',
        FirewallRuleGroupId: id,
        VpcId: env.vpcId,
        Priority: 101,
        Name: 'a',
      }),
    );
    expect(a.FirewallRuleGroupAssociation?.Status).toBe('UPDATING');
    env.clock.advance(30_000);
    const listed = await env.r53().send(new ListFirewallRuleGroupAssociationsCommand({ VpcId: env.vpcId }));
    expect(listed.FirewallRuleGroupAssociations?.map((x) => [x.FirewallRuleGroupId, x.Status])).toEqual([
      [id, 'COMPLETE'],
    ]);
    await env.r53().send(
      new DisassociateFirewallRuleGroupCommand({
        FirewallRuleGroupAssociationId: a.FirewallRuleGroupAssociation!.Id,
      }),
    );
    expect(
      (await env.r53().send(new ListFirewallRuleGroupAssociationsCommand({}))).FirewallRuleGroupAssociations,
    ).toEqual([]);
  });

  it('rejects priorities outside 100–9900, a priority already used on the VPC, and unknown VPCs', async () => {
    const env = setup();
    const a = await ruleGroup(env, 'a');
    const b = await ruleGroup(env, 'b');
    const assoc = (FirewallRuleGroupId: string, Priority: number, VpcId = env.vpcId) =>
      env.r53().send(
        new AssociateFirewallRuleGroupCommand({
          CreatorRequestId: `${FirewallRuleGroupId}${Priority}`,
          FirewallRuleGroupId,
          VpcId,
          Priority,
          Name: 'x',
        }),
      );
    await expect(assoc(a, 50)).rejects.toMatchObject({ name: 'ValidationException' });
    await assoc(a, 101);
    await expect(assoc(b, 101)).rejects.toMatchObject({ name: 'ConflictException' });
    await expect(assoc(b, 200, 'vpc-0000')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('query logging', () => {
  it('creates a configuration to an existing bucket, associates VPCs and counts associations', async () => {
    // https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_CreateResolverQueryLogConfig.html
    // https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ListResolverQueryLogConfigAssociations.html
    const env = setup();
    const c = await env.r53().send(
      new CreateResolverQueryLogConfigCommand({
        CreatorRequestId: 'q',
        Name: 'q',
        DestinationArn: 'arn:aws:s3:::central-logs',
      }),
    );
    const id = c.ResolverQueryLogConfig!.Id!;
    await env
      .r53()
      .send(
        new AssociateResolverQueryLogConfigCommand({ ResolverQueryLogConfigId: id, ResourceId: env.vpcId }),
      );
    await expect(
      env
        .r53()
        .send(
          new AssociateResolverQueryLogConfigCommand({ ResolverQueryLogConfigId: id, ResourceId: env.vpcId }),
        ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    const configs = await env.r53().send(new ListResolverQueryLogConfigsCommand({}));
    expect(configs.ResolverQueryLogConfigs).toMatchObject([
      { Id: id, AssociationCount: 1, DestinationArn: 'arn:aws:s3:::central-logs' },
    ]);
    const assocs = await env.r53().send(
      new ListResolverQueryLogConfigAssociationsCommand({
        Filters: [{ Name: 'ResourceId', Values: [env.vpcId] }],
      }),
    );
    expect(assocs.ResolverQueryLogConfigAssociations).toMatchObject([
      { ResolverQueryLogConfigId: id, Status: 'ACTIVE' },
    ]);
    expect(assocs.TotalCount).toBe(1);
    await expect(
      env
        .r53()
        .send(
          new ListResolverQueryLogConfigAssociationsCommand({ Filters: [{ Name: 'Nope', Values: ['x'] }] }),
        ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('rejects destinations that are not a bucket, log group or stream, and buckets that do not exist', async () => {
    const env = setup();
    for (const DestinationArn of ['arn:aws:s3:::missing-bucket', 'arn:aws:sqs:us-east-1:111111111111:q']) {
      await expect(
        env.r53().send(
          new CreateResolverQueryLogConfigCommand({
            CreatorRequestId: DestinationArn,
            Name: 'q',
            DestinationArn,
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    }
    const logs = await env.r53().send(
      new CreateResolverQueryLogConfigCommand({
        CreatorRequestId: 'cw',
        Name: 'cw',
        DestinationArn: `arn:aws:logs:us-east-1:${WORKLOAD}:log-group:dns`,
      }),
    );
    expect(logs.ResolverQueryLogConfig?.Status).toBe('CREATED');
  });
});
