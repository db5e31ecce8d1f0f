/**
 * AWS Shield Advanced in the sandbox: the subscription, protections, SRT access, emergency contacts,
 * proactive engagement, health checks and automatic application layer mitigation.
 */
import { describe, expect, it } from 'vitest';
import {
  AssociateDRTRoleCommand,
  AssociateHealthCheckCommand,
  CreateProtectionCommand,
  CreateSubscriptionCommand,
  DescribeDRTAccessCommand,
  DescribeEmergencyContactSettingsCommand,
  DescribeSubscriptionCommand,
  EnableApplicationLayerAutomaticResponseCommand,
  EnableProactiveEngagementCommand,
  GetSubscriptionStateCommand,
  InvalidOperationException,
  InvalidParameterException,
  InvalidResourceException,
  ListProtectionsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  ShieldClient,
  UpdateEmergencyContactSettingsCommand,
  UpdateSubscriptionCommand,
} from '@aws-sdk/client-shield';
import { AUDIT, WORKLOAD, orgSandbox } from './helpers.js';
import { cloudFrontService, plantDistribution } from '../../src/sandbox/services/cloudfront.js';
import { elbv2Service, plantLoadBalancer } from '../../src/sandbox/services/elbv2.js';
import { SHIELD_COMMITMENT_SECONDS, shieldService } from '../../src/sandbox/services/shield.js';
import { plantWebAcl, plantWebAclAssociation, wafv2Service } from '../../src/sandbox/services/wafv2.js';

const HEALTH_CHECK = 'arn:aws:route53:::healthcheck/abcdef01-2345-6789-abcd-ef0123456789';

function setup() {
  const env = orgSandbox([shieldService, cloudFrontService, elbv2Service, wafv2Service]);
  const shield = (account = WORKLOAD) => env.as(ShieldClient, account);
  return { ...env, shield };
}

describe('subscription', () => {
  // https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_GetSubscriptionState.html
  it('answers GetSubscriptionState without a subscription and refuses the subscription reads', async () => {
    const env = setup();
    expect((await env.shield().send(new GetSubscriptionStateCommand({}))).SubscriptionState).toBe('INACTIVE');
    // "The subscription does not exist." (https://github.com/aws/aws-sdk-go/issues/4000)
    for (const command of [
      new DescribeSubscriptionCommand({}),
      new ListProtectionsCommand({}),
      new DescribeDRTAccessCommand({}),
      new DescribeEmergencyContactSettingsCommand({}),
    ]) {
      await expect(env.shield().send(command as never)).rejects.toBeInstanceOf(ResourceNotFoundException);
    }
  });

  // https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_CreateSubscription.html
  it('subscribes with auto-renew on and a one-year commitment, once', async () => {
    const env = setup();
    await env.shield().send(new CreateSubscriptionCommand({}));
    expect((await env.shield().send(new GetSubscriptionStateCommand({}))).SubscriptionState).toBe('ACTIVE');
    const { Subscription } = await env.shield().send(new DescribeSubscriptionCommand({}));
    expect(Subscription).toMatchObject({
      AutoRenew: 'ENABLED',
      ProactiveEngagementStatus: 'DISABLED',
      TimeCommitmentInSeconds: SHIELD_COMMITMENT_SECONDS,
    });
    await expect(env.shield().send(new CreateSubscriptionCommand({}))).rejects.toBeInstanceOf(
      ResourceAlreadyExistsException,
    );
    await env.shield().send(new UpdateSubscriptionCommand({ AutoRenew: 'DISABLED' }));
    expect((await env.shield().send(new DescribeSubscriptionCommand({}))).Subscription!.AutoRenew).toBe(
      'DISABLED',
    );
    // Subscriptions are per account.
    expect((await env.shield(AUDIT).send(new GetSubscriptionStateCommand({}))).SubscriptionState).toBe(
      'INACTIVE',
    );
  });
});

describe('protections', () => {
  // https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_CreateProtection.html
  it('protects supported resource types only, once each, and lists them with paging', async () => {
    const env = setup();
    await env.shield().send(new CreateSubscriptionCommand({}));
    const arns = [
      plantDistribution(env.sandbox.world, WORKLOAD, { comment: 'site' }),
      plantLoadBalancer(env.sandbox.world, WORKLOAD, 'us-east-1', { name: 'web' }),
      'arn:aws:ec2:us-east-1:444444444444:eip-allocation/eipalloc-0123456789abcdef0',
    ];
    for (const [i, arn] of arns.entries()) {
      await env.shield().send(new CreateProtectionCommand({ Name: `p${i}`, ResourceArn: arn }));
    }
    await expect(
      env.shield().send(new CreateProtectionCommand({ Name: 'again', ResourceArn: arns[0] })),
    ).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
    await expect(
      env
        .shield()
        .send(new CreateProtectionCommand({ Name: 'bucket', ResourceArn: 'arn:aws:s3:::not-protectable' })),
    ).rejects.toBeInstanceOf(InvalidResourceException);
    const first = await env.shield().send(new ListProtectionsCommand({ MaxResults: 2 }));
    const second = await env
      .shield()
      .send(new ListProtectionsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect([...first.Protections!, ...second.Protections!].map((p) => p.ResourceArn)).toEqual(arns);
    const filtered = await env
      .shield()
      .send(new ListProtectionsCommand({ InclusionFilters: { ResourceTypes: ['ELASTIC_IP_ALLOCATION'] } }));
    expect(filtered.Protections!.map((p) => p.ResourceArn)).toEqual([arns[2]]);
  });

  // https://docs.aws.amazon.com/waf/latest/developerguide/ddos-advanced-health-checks.html
  it('adds health checks to protections, except for hosted zones', async () => {
    const env = setup();
    await env.shield().send(new CreateSubscriptionCommand({}));
    const lb = plantLoadBalancer(env.sandbox.world, WORKLOAD, 'us-east-1', { name: 'web' });
    const { ProtectionId } = await env
      .shield()
      .send(new CreateProtectionCommand({ Name: 'web', ResourceArn: lb }));
    await env.shield().send(new AssociateHealthCheckCommand({ ProtectionId, HealthCheckArn: HEALTH_CHECK }));
    const { Protections } = await env.shield().send(new ListProtectionsCommand({}));
    expect(Protections![0]!.HealthCheckIds).toEqual(['abcdef01-2345-6789-abcd-ef0123456789']);
    const zone = await env
      .shield()
      .send(new CreateProtectionCommand({ Name: 'zone', ResourceArn: 'arn:aws:route53:::hostedzone/Z123' }));
    await expect(
      env
        .shield()
        .send(
          new AssociateHealthCheckCommand({ ProtectionId: zone.ProtectionId, HealthCheckArn: HEALTH_CHECK }),
        ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  // https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_EnableApplicationLayerAutomaticResponse.html
  it('enables automatic application layer mitigation only on web resources that have a web ACL', async () => {
    const env = setup();
    const w = env.sandbox.world;
    await env.shield().send(new CreateSubscriptionCommand({}));
    const lb = plantLoadBalancer(w, WORKLOAD, 'us-east-1', { name: 'web' });
    const eip = 'arn:aws:ec2:us-east-1:444444444444:eip-allocation/eipalloc-0123456789abcdef0';
    await env.shield().send(new CreateProtectionCommand({ Name: 'web', ResourceArn: lb }));
    await env.shield().send(new CreateProtectionCommand({ Name: 'ip', ResourceArn: eip }));
    const enable = (arn: string) =>
      env
        .shield()
        .send(
          new EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: arn, Action: { Block: {} } }),
        );
    await expect(enable(lb)).rejects.toBeInstanceOf(InvalidOperationException);
    await expect(enable(eip)).rejects.toBeInstanceOf(InvalidParameterException);
    plantWebAclAssociation(
      w,
      WORKLOAD,
      'us-east-1',
      lb,
      plantWebAcl(w, WORKLOAD, 'us-east-1', { name: 'app' }),
    );
    await enable(lb);
    const { Protections } = await env
      .shield()
      .send(new ListProtectionsCommand({ InclusionFilters: { ResourceArns: [lb] } }));
    expect(Protections![0]!.ApplicationLayerAutomaticResponseConfiguration).toEqual({
      Status: 'ENABLED',
      Action: { Block: {} },
    });
  });
});

describe('SRT access and proactive engagement', () => {
  // https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_AssociateDRTRole.html
  it('records the SRT role', async () => {
    const env = setup();
    await env.shield().send(new CreateSubscriptionCommand({}));
    expect((await env.shield().send(new DescribeDRTAccessCommand({}))).RoleArn).toBeUndefined();
    const role = 'arn:aws:iam::444444444444:role/ShieldSrt';
    await env.shield().send(new AssociateDRTRoleCommand({ RoleArn: role }));
    expect((await env.shield().send(new DescribeDRTAccessCommand({}))).RoleArn).toBe(role);
    await expect(
      env.shield().send(new AssociateDRTRoleCommand({ RoleArn: 'not-a-role' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  // https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_EnableProactiveEngagement.html
  it('needs emergency contacts (at most 10) before proactive engagement', async () => {
    const env = setup();
    await env.shield().send(new CreateSubscriptionCommand({}));
    await expect(env.shield().send(new EnableProactiveEngagementCommand({}))).rejects.toBeInstanceOf(
      InvalidOperationException,
    );
    const eleven = Array.from({ length: 11 }, (_, i) => ({ EmailAddress: `soc${i}@example.com` }));
    await expect(
      env.shield().send(new UpdateEmergencyContactSettingsCommand({ EmergencyContactList: eleven })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await env.shield().send(
      new UpdateEmergencyContactSettingsCommand({
        EmergencyContactList: [{ EmailAddress: 'soc@example.com' }],
      }),
    );
    await env.shield().send(new EnableProactiveEngagementCommand({}));
    expect(
      (await env.shield().send(new DescribeSubscriptionCommand({}))).Subscription!.ProactiveEngagementStatus,
    ).toBe('ENABLED');
    expect(
      (await env.shield().send(new DescribeEmergencyContactSettingsCommand({}))).EmergencyContactList,
    ).toEqual([{ EmailAddress: 'soc@example.com' }]);
  });
});
