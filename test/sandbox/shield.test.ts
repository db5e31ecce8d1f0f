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

import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GlobalAcceleratorClient, ListAcceleratorsCommand } from '@aws-sdk/client-global-accelerator';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { cloudwatchService, plantMetricAlarm } from '../../src/sandbox/services/cloudwatch.js';
import { globalAcceleratorService, plantAccelerator } from '../../src/sandbox/services/globalaccelerator.js';
import { lambdaService, plantFunction } from '../../src/sandbox/services/lambda.js';
import { plantHostedZone, route53Service } from '../../src/sandbox/services/route53.js';

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

// ---------------------------------------------------------------------------------------------------------
// The read-only neighbours the Shield collector lists: Route 53, Global Accelerator, Lambda, CloudWatch.

describe('resources Shield Advanced protects, and its response tooling', () => {
  function neighbours() {
    return orgSandbox([route53Service, globalAcceleratorService, lambdaService, cloudwatchService]);
  }

  // https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZones.html
  it('Route 53 lists hosted zones per account, at most 100 a page, with a marker', async () => {
    const env = neighbours();
    const r53 = env.as(Route53Client, WORKLOAD);
    expect((await r53.send(new ListHostedZonesCommand({}))).HostedZones).toEqual([]);
    const arns = Array.from({ length: 3 }, (_, i) =>
      plantHostedZone(env.sandbox.world, WORKLOAD, `z${i}.example`),
    );
    const first = await r53.send(new ListHostedZonesCommand({ MaxItems: 2 }));
    expect(first.HostedZones!.map((z) => z.Name)).toEqual(['z0.example.', 'z1.example.']);
    expect(first.IsTruncated).toBe(true);
    const second = await r53.send(new ListHostedZonesCommand({ MaxItems: 2, Marker: first.NextMarker! }));
    expect(second.IsTruncated).toBe(false);
    expect(`arn:aws:route53:::hostedzone/${second.HostedZones![0]!.Id!.split('/').pop()!}`).toBe(arns[2]);
    expect((await env.as(Route53Client, AUDIT).send(new ListHostedZonesCommand({}))).HostedZones).toEqual([]);
    await expect(r53.send(new ListHostedZonesCommand({ MaxItems: 101 }))).rejects.toMatchObject({
      name: 'InvalidInput',
    });
  });

  // https://docs.aws.amazon.com/global-accelerator/latest/api/API_ListAccelerators.html
  it('Global Accelerator lists accelerators and rejects a page size above 100', async () => {
    const env = neighbours();
    const ga = env.as(GlobalAcceleratorClient, WORKLOAD, 'us-west-2');
    const arn = plantAccelerator(env.sandbox.world, WORKLOAD, 'edge');
    expect(
      (await ga.send(new ListAcceleratorsCommand({}))).Accelerators!.map((a) => a.AcceleratorArn),
    ).toEqual([arn]);
    expect(arn).toMatch(new RegExp(`^arn:aws:globalaccelerator::${WORKLOAD}:accelerator/[0-9a-f-]{36}$`));
    await expect(ga.send(new ListAcceleratorsCommand({ MaxResults: 101 }))).rejects.toMatchObject({
      name: 'InvalidArgumentException',
    });
    await expect(ga.send(new ListAcceleratorsCommand({ NextToken: 'bogus' }))).rejects.toMatchObject({
      name: 'InvalidNextTokenException',
    });
  });

  // https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
  it('Lambda lists functions per Region, at most 50 a page', async () => {
    const env = neighbours();
    for (let i = 0; i < 51; i++) plantFunction(env.sandbox.world, WORKLOAD, 'us-east-1', `fn-${i}`);
    plantFunction(env.sandbox.world, WORKLOAD, 'eu-west-1', 'AWS_Shield_Engagement_Lambda');
    const lambda = env.as(LambdaClient, WORKLOAD);
    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 1000 }));
    expect(first.Functions).toHaveLength(50);
    const second = await lambda.send(new ListFunctionsCommand({ Marker: first.NextMarker! }));
    expect(second.Functions!.map((f) => f.FunctionName)).toEqual(['fn-50']);
    expect(second.NextMarker).toBeUndefined();
    const eu = await env.as(LambdaClient, WORKLOAD, 'eu-west-1').send(new ListFunctionsCommand({}));
    expect(eu.Functions!.map((f) => f.FunctionArn)).toEqual([
      `arn:aws:lambda:eu-west-1:${WORKLOAD}:function:AWS_Shield_Engagement_Lambda`,
    ]);
  });

  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
  it('CloudWatch describes metric alarms per Region, with name and type filters', async () => {
    const env = neighbours();
    const w = env.sandbox.world;
    plantMetricAlarm(w, WORKLOAD, 'us-east-1', {
      name: 'ddos-cdn',
      namespace: 'AWS/DDoSProtection',
      metricName: 'DDoSDetected',
      dimensions: { ResourceArn: 'arn:aws:cloudfront::444444444444:distribution/E1' },
    });
    plantMetricAlarm(w, WORKLOAD, 'us-east-1', {
      name: 'cpu',
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
    });
    const cw = env.as(CloudWatchClient, WORKLOAD);
    const all = await cw.send(new DescribeAlarmsCommand({}));
    expect(all.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['ddos-cdn', 'cpu']);
    expect(all.MetricAlarms![0]!.Dimensions).toEqual([
      { Name: 'ResourceArn', Value: 'arn:aws:cloudfront::444444444444:distribution/E1' },
    ]);
    const prefixed = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'ddos' }));
    expect(prefixed.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['ddos-cdn']);
    const composite = await cw.send(new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }));
    expect(composite.MetricAlarms).toEqual([]);
    const paged = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 1 }));
    expect(paged.NextToken).toBeDefined();
    const eu = await env.as(CloudWatchClient, WORKLOAD, 'eu-west-1').send(new DescribeAlarmsCommand({}));
    expect(eu.MetricAlarms).toEqual([]);
  });

  it('deny rules apply under each IAM action prefix', async () => {
    const env = neighbours();
    env.sandbox.knobs = {
      deny: [
        { action: 'cloudwatch:DescribeAlarms', account: WORKLOAD },
        { action: 'lambda:ListFunctions', account: WORKLOAD },
      ],
    };
    await expect(
      env.as(CloudWatchClient, WORKLOAD).send(new DescribeAlarmsCommand({})),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(env.as(LambdaClient, WORKLOAD).send(new ListFunctionsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });
});
