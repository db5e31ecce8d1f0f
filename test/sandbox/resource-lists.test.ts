/**
 * The resource-listing services sra-kit reads for the AWS WAF and Shield checks: ELBv2, CloudFront, API
 * Gateway, AppSync, Cognito user pools, App Runner, Amplify and EC2 Verified Access instances. Each is empty
 * in a new account, lists what was planted, and pages the way its API reference says.
 */
import { describe, expect, it } from 'vitest';
import { AmplifyClient, ListAppsCommand } from '@aws-sdk/client-amplify';
import { APIGatewayClient, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { AppRunnerClient, ListServicesCommand } from '@aws-sdk/client-apprunner';
import { AppSyncClient, ListGraphqlApisCommand } from '@aws-sdk/client-appsync';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeVerifiedAccessInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AUDIT, WORKLOAD, orgSandbox } from './helpers.js';
import { amplifyService, plantAmplifyApp } from '../../src/sandbox/services/amplify.js';
import { apiGatewayService, plantRestApi, stageArn } from '../../src/sandbox/services/apigateway.js';
import { appRunnerService, plantAppRunnerService } from '../../src/sandbox/services/apprunner.js';
import { appSyncService, plantGraphqlApi } from '../../src/sandbox/services/appsync.js';
import { cloudFrontService, plantDistribution } from '../../src/sandbox/services/cloudfront.js';
import { cognitoService, plantUserPool } from '../../src/sandbox/services/cognito.js';
import { ec2Service, plantVerifiedAccessInstance } from '../../src/sandbox/services/ec2.js';
import { elbv2Service, plantLoadBalancer } from '../../src/sandbox/services/elbv2.js';

function setup() {
  return orgSandbox([
    elbv2Service,
    cloudFrontService,
    apiGatewayService,
    appSyncService,
    cognitoService,
    appRunnerService,
    amplifyService,
    ec2Service,
  ]);
}

describe('Elastic Load Balancing v2 (DescribeLoadBalancers)', () => {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html
  it('lists nothing in a new account and planted load balancers per account and Region', async () => {
    const env = setup();
    const elb = env.as(ElasticLoadBalancingV2Client, WORKLOAD);
    expect((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers).toEqual([]);
    const arn = plantLoadBalancer(env.sandbox.world, WORKLOAD, 'us-east-1', { name: 'web' });
    plantLoadBalancer(env.sandbox.world, WORKLOAD, 'us-east-1', { name: 'tcp', type: 'network' });
    const out = await elb.send(new DescribeLoadBalancersCommand({}));
    expect(out.LoadBalancers!.map((l) => [l.LoadBalancerName, l.Type])).toEqual([
      ['web', 'application'],
      ['tcp', 'network'],
    ]);
    expect(arn).toMatch(
      /^arn:aws:elasticloadbalancing:us-east-1:444444444444:loadbalancer\/app\/web\/[a-f0-9]{16}$/,
    );
    // Another Region and another account see nothing.
    expect(
      (
        await env
          .as(ElasticLoadBalancingV2Client, WORKLOAD, 'eu-west-1')
          .send(new DescribeLoadBalancersCommand({}))
      ).LoadBalancers,
    ).toEqual([]);
    expect(
      (await env.as(ElasticLoadBalancingV2Client, AUDIT).send(new DescribeLoadBalancersCommand({})))
        .LoadBalancers,
    ).toEqual([]);
  });

  it('pages with Marker/NextMarker and refuses a PageSize above 400', async () => {
    const env = setup();
    for (const n of [1, 2, 3])
      plantLoadBalancer(env.sandbox.world, WORKLOAD, 'us-east-1', { name: `lb${n}` });
    const elb = env.as(ElasticLoadBalancingV2Client, WORKLOAD);
    const first = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 2 }));
    expect(first.LoadBalancers).toHaveLength(2);
    const second = await elb.send(
      new DescribeLoadBalancersCommand({ PageSize: 2, Marker: first.NextMarker }),
    );
    expect(second.LoadBalancers!.map((l) => l.LoadBalancerName)).toEqual(['lb3']);
    expect(second.NextMarker).toBeUndefined();
    await expect(elb.send(new DescribeLoadBalancersCommand({ PageSize: 401 }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('fails with LoadBalancerNotFound for an unknown name', async () => {
    const env = setup();
    const elb = env.as(ElasticLoadBalancingV2Client, WORKLOAD);
    await expect(elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] }))).rejects.toBeInstanceOf(
      LoadBalancerNotFoundException,
    );
  });
});

describe('CloudFront (ListDistributions)', () => {
  // https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ListDistributions.html
  it('is global: the same distributions from any Region, with WebACLId empty when there is none', async () => {
    const env = setup();
    const arn = plantDistribution(env.sandbox.world, WORKLOAD, { comment: 'site' });
    plantDistribution(env.sandbox.world, WORKLOAD, {
      comment: 'api',
      webAclId: 'arn:aws:wafv2:us-east-1:444444444444:global/webacl/x/1',
    });
    for (const region of ['us-east-1', 'eu-west-1']) {
      const out = await env.as(CloudFrontClient, WORKLOAD, region).send(new ListDistributionsCommand({}));
      expect(out.DistributionList!.Items!.map((d) => [d.ARN, d.WebACLId])).toEqual([
        [arn, ''],
        [
          expect.stringMatching(/^arn:aws:cloudfront::444444444444:distribution\/E/),
          'arn:aws:wafv2:us-east-1:444444444444:global/webacl/x/1',
        ],
      ]);
    }
    const none = await env.as(CloudFrontClient, AUDIT).send(new ListDistributionsCommand({}));
    expect(none.DistributionList).toMatchObject({ Quantity: 0, IsTruncated: false });
  });

  it('pages by distribution id: NextMarker is the last id of the page', async () => {
    const env = setup();
    for (const c of ['a', 'b', 'c']) plantDistribution(env.sandbox.world, WORKLOAD, { comment: c });
    const cf = env.as(CloudFrontClient, WORKLOAD);
    const first = await cf.send(new ListDistributionsCommand({ MaxItems: 2 }));
    expect(first.DistributionList).toMatchObject({ IsTruncated: true, Quantity: 2 });
    expect(first.DistributionList!.NextMarker).toBe(first.DistributionList!.Items![1]!.Id);
    const second = await cf.send(
      new ListDistributionsCommand({ MaxItems: 2, Marker: first.DistributionList!.NextMarker }),
    );
    expect(second.DistributionList).toMatchObject({ IsTruncated: false, Quantity: 1 });
    expect(second.DistributionList!.Items![0]!.Comment).toBe('c');
  });
});

describe('API Gateway (GetRestApis, GetStages)', () => {
  // https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApis.html
  it('lists REST APIs with position paging and their stages', async () => {
    const env = setup();
    const ids = ['one', 'two', 'three'].map((name) =>
      plantRestApi(env.sandbox.world, WORKLOAD, 'us-east-1', { name, stages: ['prod', 'dev'] }),
    );
    const apigw = env.as(APIGatewayClient, WORKLOAD);
    const first = await apigw.send(new GetRestApisCommand({ limit: 2 }));
    expect(first.items!.map((a) => a.name)).toEqual(['one', 'two']);
    const second = await apigw.send(new GetRestApisCommand({ limit: 2, position: first.position }));
    expect(second.items!.map((a) => a.name)).toEqual(['three']);
    expect(second.position).toBeUndefined();
    const stages = await apigw.send(new GetStagesCommand({ restApiId: ids[0] }));
    expect(stages.item!.map((s) => [s.stageName, s.webAclArn])).toEqual([
      ['prod', undefined],
      ['dev', undefined],
    ]);
    expect(stageArn('us-east-1', ids[0]!, 'prod')).toBe(
      `arn:aws:apigateway:us-east-1::/restapis/${ids[0]}/stages/prod`,
    );
  });

  // https://docs.aws.amazon.com/apigateway/latest/api/API_GetStages.html
  it('fails GetStages for an unknown API with NotFoundException and refuses limit > 500', async () => {
    const env = setup();
    const apigw = env.as(APIGatewayClient, WORKLOAD);
    await expect(apigw.send(new GetStagesCommand({ restApiId: 'nope' }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    await expect(apigw.send(new GetRestApisCommand({ limit: 501 }))).rejects.toMatchObject({
      name: 'BadRequestException',
    });
  });
});

describe('AppSync (ListGraphqlApis)', () => {
  // https://docs.aws.amazon.com/appsync/latest/APIReference/API_ListGraphqlApis.html
  it('lists planted APIs with their ARN and pages by 25 at most', async () => {
    const env = setup();
    const arn = plantGraphqlApi(env.sandbox.world, WORKLOAD, 'us-east-1', 'orders');
    const sync = env.as(AppSyncClient, WORKLOAD);
    const out = await sync.send(new ListGraphqlApisCommand({}));
    expect(out.graphqlApis!.map((a) => [a.name, a.arn, a.wafWebAclArn])).toEqual([
      ['orders', arn, undefined],
    ]);
    await expect(sync.send(new ListGraphqlApisCommand({ maxResults: 26 }))).rejects.toMatchObject({
      name: 'BadRequestException',
    });
  });
});

describe('Cognito user pools (ListUserPools)', () => {
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPools.html
  it('requires MaxResults (1–60) and lists planted pools', async () => {
    const env = setup();
    const arn = plantUserPool(env.sandbox.world, WORKLOAD, 'us-east-1', 'customers');
    const idp = env.as(CognitoIdentityProviderClient, WORKLOAD);
    const out = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(out.UserPools!.map((p) => p.Name)).toEqual(['customers']);
    expect(arn).toBe(`arn:aws:cognito-idp:us-east-1:${WORKLOAD}:userpool/${out.UserPools![0]!.Id}`);
    expect(out.UserPools![0]!.Id).toMatch(/^us-east-1_\w{9}$/);
    await expect(idp.send(new ListUserPoolsCommand({ MaxResults: 61 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(idp.send(new ListUserPoolsCommand({} as never))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});

describe('App Runner (ListServices)', () => {
  // https://docs.aws.amazon.com/apprunner/latest/api/API_ListServices.html
  it('lists planted services and pages by at most 20', async () => {
    const env = setup();
    const arn = plantAppRunnerService(env.sandbox.world, WORKLOAD, 'us-east-1', 'shop');
    const runner = env.as(AppRunnerClient, WORKLOAD);
    const out = await runner.send(new ListServicesCommand({}));
    expect(out.ServiceSummaryList!.map((s) => [s.ServiceName, s.ServiceArn])).toEqual([['shop', arn]]);
    await expect(runner.send(new ListServicesCommand({ MaxResults: 21 }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
  });
});

describe('Amplify (ListApps)', () => {
  // https://docs.aws.amazon.com/amplify/latest/APIReference/API_ListApps.html
  it('lists planted apps with their firewall configuration', async () => {
    const env = setup();
    const acl = 'arn:aws:wafv2:us-east-1:444444444444:global/webacl/amp/1';
    plantAmplifyApp(env.sandbox.world, WORKLOAD, 'us-east-1', { name: 'plain' });
    plantAmplifyApp(env.sandbox.world, WORKLOAD, 'us-east-1', { name: 'guarded', webAclArn: acl });
    const out = await env.as(AmplifyClient, WORKLOAD).send(new ListAppsCommand({}));
    expect(out.apps!.map((a) => [a.name, a.wafConfiguration?.webAclArn])).toEqual([
      ['plain', undefined],
      ['guarded', acl],
    ]);
  });
});

describe('EC2 Verified Access instances (DescribeVerifiedAccessInstances)', () => {
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVerifiedAccessInstances.html
  it('lists planted instances and takes MaxResults between 5 and 200', async () => {
    const env = setup();
    const ec2 = env.as(EC2Client, WORKLOAD);
    expect((await ec2.send(new DescribeVerifiedAccessInstancesCommand({}))).VerifiedAccessInstances).toEqual(
      [],
    );
    const arn = plantVerifiedAccessInstance(env.sandbox.world, WORKLOAD, 'us-east-1');
    const out = await ec2.send(new DescribeVerifiedAccessInstancesCommand({ MaxResults: 5 }));
    expect(out.VerifiedAccessInstances!.map((i) => i.VerifiedAccessInstanceId)).toEqual([arn.split('/')[1]]);
    await expect(
      ec2.send(new DescribeVerifiedAccessInstancesCommand({ MaxResults: 4 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });
});
