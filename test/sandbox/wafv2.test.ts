/**
 * AWS WAF (WAFV2) in the sandbox: web ACLs per scope, associations with every regional resource type (the
 * association is what the resource's own service reports for API Gateway and AppSync), and logging.
 */
import { describe, expect, it } from 'vitest';
import { APIGatewayClient, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { AppSyncClient, ListGraphqlApisCommand } from '@aws-sdk/client-appsync';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  GetLoggingConfigurationCommand,
  GetWebACLForResourceCommand,
  ListLoggingConfigurationsCommand,
  ListWebACLsCommand,
  PutLoggingConfigurationCommand,
  WAFDuplicateItemException,
  WAFInvalidParameterException,
  WAFNonexistentItemException,
  WAFV2Client,
  type Scope,
} from '@aws-sdk/client-wafv2';
import { AUDIT, WORKLOAD, orgSandbox } from './helpers.js';
import { apiGatewayService, plantRestApi, stageArn } from '../../src/sandbox/services/apigateway.js';
import { appRunnerService, plantAppRunnerService } from '../../src/sandbox/services/apprunner.js';
import { appSyncService, plantGraphqlApi } from '../../src/sandbox/services/appsync.js';
import { cognitoService, plantUserPool } from '../../src/sandbox/services/cognito.js';
import { ec2Service, plantVerifiedAccessInstance } from '../../src/sandbox/services/ec2.js';
import { elbv2Service, plantLoadBalancer } from '../../src/sandbox/services/elbv2.js';
import { plantDistribution, cloudFrontService } from '../../src/sandbox/services/cloudfront.js';
import { wafv2Service } from '../../src/sandbox/services/wafv2.js';

function setup() {
  const env = orgSandbox([
    wafv2Service,
    elbv2Service,
    apiGatewayService,
    appSyncService,
    cognitoService,
    appRunnerService,
    ec2Service,
    cloudFrontService,
  ]);
  const waf = (account = WORKLOAD, region = 'us-east-1') => env.as(WAFV2Client, account, region);
  const create = async (name: string, scope: Scope = 'REGIONAL', region = 'us-east-1', account = WORKLOAD) =>
    (
      await waf(account, region).send(
        new CreateWebACLCommand({
          Name: name,
          Scope: scope,
          DefaultAction: { Allow: {} },
          VisibilityConfig: {
            SampledRequestsEnabled: true,
            CloudWatchMetricsEnabled: true,
            MetricName: name,
          },
        }),
      )
    ).Summary!.ARN!;
  return { ...env, waf, create };
}

describe('web ACLs', () => {
  // https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html
  it('creates regional and CloudFront web ACLs and lists each scope apart', async () => {
    const env = setup();
    const regional = await env.create('app');
    const global = await env.create('edge', 'CLOUDFRONT');
    expect(regional).toMatch(/^arn:aws:wafv2:us-east-1:444444444444:regional\/webacl\/app\/[a-f0-9-]{36}$/);
    expect(global).toMatch(/^arn:aws:wafv2:us-east-1:444444444444:global\/webacl\/edge\//);
    const r = await env.waf().send(new ListWebACLsCommand({ Scope: 'REGIONAL' }));
    const c = await env.waf().send(new ListWebACLsCommand({ Scope: 'CLOUDFRONT' }));
    expect(r.WebACLs!.map((w) => w.ARN)).toEqual([regional]);
    expect(c.WebACLs!.map((w) => w.ARN)).toEqual([global]);
  });

  // https://docs.aws.amazon.com/waf/latest/APIReference/API_ListWebACLs.html ("To work with CloudFront, you
  // must also specify the Region US East (N. Virginia)")
  it('refuses the CLOUDFRONT scope outside us-east-1', async () => {
    const env = setup();
    await expect(env.create('edge', 'CLOUDFRONT', 'eu-west-1')).rejects.toBeInstanceOf(
      WAFInvalidParameterException,
    );
    await expect(
      env.waf(WORKLOAD, 'eu-west-1').send(new ListWebACLsCommand({ Scope: 'CLOUDFRONT' })),
    ).rejects.toBeInstanceOf(WAFInvalidParameterException);
  });

  it('refuses a duplicate name in the same scope and pages with Limit/NextMarker', async () => {
    const env = setup();
    await env.create('a');
    await expect(env.create('a')).rejects.toBeInstanceOf(WAFDuplicateItemException);
    await env.create('a', 'CLOUDFRONT'); // another scope: allowed
    await env.create('b');
    await env.create('c');
    const first = await env.waf().send(new ListWebACLsCommand({ Scope: 'REGIONAL', Limit: 2 }));
    expect(first.WebACLs!.map((w) => w.Name)).toEqual(['a', 'b']);
    const second = await env
      .waf()
      .send(new ListWebACLsCommand({ Scope: 'REGIONAL', Limit: 2, NextMarker: first.NextMarker }));
    expect(second.WebACLs!.map((w) => w.Name)).toEqual(['c']);
    expect(second.NextMarker).toBeUndefined();
    await expect(
      env.waf().send(new ListWebACLsCommand({ Scope: 'REGIONAL', Limit: 101 })),
    ).rejects.toMatchObject({
      name: 'WAFInvalidParameterException',
    });
  });
});

describe('associations', () => {
  // https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html
  it('associates a regional web ACL with each regional resource type and reads it back', async () => {
    const env = setup();
    const w = env.sandbox.world;
    const acl = await env.create('app');
    const apiId = plantRestApi(w, WORKLOAD, 'us-east-1', { name: 'api', stages: ['prod'] });
    const resources = [
      plantLoadBalancer(w, WORKLOAD, 'us-east-1', { name: 'web' }),
      stageArn('us-east-1', apiId, 'prod'),
      plantGraphqlApi(w, WORKLOAD, 'us-east-1', 'gql'),
      plantUserPool(w, WORKLOAD, 'us-east-1', 'users'),
      plantAppRunnerService(w, WORKLOAD, 'us-east-1', 'svc'),
      plantVerifiedAccessInstance(w, WORKLOAD, 'us-east-1'),
    ];
    for (const arn of resources) {
      // https://docs.aws.amazon.com/waf/latest/APIReference/API_GetWebACLForResource.html: no WebACL when none.
      expect(
        (await env.waf().send(new GetWebACLForResourceCommand({ ResourceArn: arn }))).WebACL,
      ).toBeUndefined();
      await env.waf().send(new AssociateWebACLCommand({ WebACLArn: acl, ResourceArn: arn }));
      const got = await env.waf().send(new GetWebACLForResourceCommand({ ResourceArn: arn }));
      expect(got.WebACL).toMatchObject({ ARN: acl, Name: 'app' });
    }
    // API Gateway and AppSync report the web ACL themselves.
    const stages = await env.as(APIGatewayClient, WORKLOAD).send(new GetStagesCommand({ restApiId: apiId }));
    expect(stages.item![0]!.webAclArn).toBe(acl);
    const apis = await env.as(AppSyncClient, WORKLOAD).send(new ListGraphqlApisCommand({}));
    expect(apis.graphqlApis![0]!.wafWebAclArn).toBe(acl);
  });

  it('fails for a resource that does not exist, a CloudFront distribution, or a CLOUDFRONT web ACL', async () => {
    const env = setup();
    const acl = await env.create('app');
    const edge = await env.create('edge', 'CLOUDFRONT');
    const ghost =
      'arn:aws:elasticloadbalancing:us-east-1:444444444444:loadbalancer/app/ghost/0123456789abcdef';
    await expect(
      env.waf().send(new AssociateWebACLCommand({ WebACLArn: acl, ResourceArn: ghost })),
    ).rejects.toBeInstanceOf(WAFNonexistentItemException);
    await expect(
      env.waf().send(new GetWebACLForResourceCommand({ ResourceArn: ghost })),
    ).rejects.toBeInstanceOf(WAFNonexistentItemException);
    const distribution = plantDistribution(env.sandbox.world, WORKLOAD, { comment: 'site' });
    await expect(
      env.waf().send(new AssociateWebACLCommand({ WebACLArn: edge, ResourceArn: distribution })),
    ).rejects.toBeInstanceOf(WAFInvalidParameterException);
    const lb = plantLoadBalancer(env.sandbox.world, WORKLOAD, 'us-east-1', { name: 'web' });
    await expect(
      env.waf().send(new AssociateWebACLCommand({ WebACLArn: edge, ResourceArn: lb })),
    ).rejects.toBeInstanceOf(WAFNonexistentItemException);
  });

  it('only associates resources of the caller in the caller Region', async () => {
    const env = setup();
    const acl = await env.create('app');
    const elsewhere = plantLoadBalancer(env.sandbox.world, WORKLOAD, 'eu-west-1', { name: 'web' });
    await expect(
      env.waf().send(new AssociateWebACLCommand({ WebACLArn: acl, ResourceArn: elsewhere })),
    ).rejects.toBeInstanceOf(WAFInvalidParameterException);
    const theirs = plantLoadBalancer(env.sandbox.world, AUDIT, 'us-east-1', { name: 'web' });
    await expect(
      env.waf().send(new AssociateWebACLCommand({ WebACLArn: acl, ResourceArn: theirs })),
    ).rejects.toBeInstanceOf(WAFInvalidParameterException);
  });
});

describe('logging', () => {
  // https://docs.aws.amazon.com/waf/latest/APIReference/API_PutLoggingConfiguration.html
  it('stores a logging configuration and lists it under the web ACL scope', async () => {
    const env = setup();
    const acl = await env.create('app');
    const edge = await env.create('edge', 'CLOUDFRONT');
    // https://docs.aws.amazon.com/waf/latest/APIReference/API_GetLoggingConfiguration.html
    await expect(
      env.waf().send(new GetLoggingConfigurationCommand({ ResourceArn: acl })),
    ).rejects.toBeInstanceOf(WAFNonexistentItemException);
    const dest = 'arn:aws:logs:us-east-1:444444444444:log-group:aws-waf-logs-app';
    await env.waf().send(
      new PutLoggingConfigurationCommand({
        LoggingConfiguration: { ResourceArn: acl, LogDestinationConfigs: [dest] },
      }),
    );
    const got = await env.waf().send(new GetLoggingConfigurationCommand({ ResourceArn: acl }));
    expect(got.LoggingConfiguration).toMatchObject({ ResourceArn: acl, LogDestinationConfigs: [dest] });
    const regional = await env.waf().send(new ListLoggingConfigurationsCommand({ Scope: 'REGIONAL' }));
    expect(regional.LoggingConfigurations!.map((c) => c.ResourceArn)).toEqual([acl]);
    const global = await env.waf().send(new ListLoggingConfigurationsCommand({ Scope: 'CLOUDFRONT' }));
    expect(global.LoggingConfigurations).toEqual([]);
    expect(edge).toContain(':global/webacl/edge/');
  });

  // https://docs.aws.amazon.com/waf/latest/developerguide/logging-destinations.html
  it('refuses a destination whose name does not start with aws-waf-logs-', async () => {
    const env = setup();
    const acl = await env.create('app');
    await expect(
      env.waf().send(
        new PutLoggingConfigurationCommand({
          LoggingConfiguration: { ResourceArn: acl, LogDestinationConfigs: ['arn:aws:s3:::my-logs'] },
        }),
      ),
    ).rejects.toBeInstanceOf(WAFInvalidParameterException);
  });
});
