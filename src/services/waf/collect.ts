/**
 * AWS WAF collectors: the web ACLs of each account, whether they log, and every resource type AWS WAF can
 * protect together with the web ACL in front of it.
 * - `waf` (region scope, every account × governed Region): REGIONAL web ACLs and their logging, plus
 *   Application Load Balancers, API Gateway REST API stages, AppSync GraphQL APIs, Cognito user pools, App
 *   Runner services, Verified Access instances and Amplify apps.
 * - `waf-cloudfront` (account scope, us-east-1): CloudFront distributions, and the CLOUDFRONT-scope web ACLs
 *   and their logging, which live in us-east-1 only.
 *
 * Where the association is read from — one read per resource only where AWS offers nothing cheaper:
 * | resource | association |
 * |---|---|
 * | CloudFront distribution | `WebACLId` in `ListDistributions` (empty string: none) |
 * | API Gateway stage | `webAclArn` in `GetStages` |
 * | AppSync API | `wafWebAclArn` in `ListGraphqlApis` |
 * | Amplify app | `wafConfiguration.webAclArn` in `ListApps` |
 * | ALB, Cognito user pool, App Runner service, Verified Access instance | `wafv2:GetWebACLForResource` |
 *
 * Each resource type is its own datum, and each per-resource association read its own, so one failing list
 * or read turns only what depended on it into ERROR. A resource deleted between the list and
 * `GetWebACLForResource` (`WAFNonexistentItemException`) is dropped, not reported.
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_ListWebACLs.html (Limit 1–100, NextMarker)
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_ListLoggingConfigurations.html
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_GetWebACLForResource.html (CloudFront is not
 *   accepted; Amplify is not in its ARN list)
 * - https://docs.aws.amazon.com/waf/latest/developerguide/waf-api-permissions-ref.html (GetWebACLForResource
 *   also needs `wafv2:GetWebACL` and a resource-type permission: `cognito-idp:GetWebACLForResource`,
 *   `apprunner:DescribeWebAclForService`, `ec2:GetVerifiedAccessInstanceWebAcl`)
 * - https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html
 * - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ListDistributions.html (Marker/NextMarker
 *   inside `DistributionList`, so it is paged here by hand)
 * - https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApis.html (`position`, limit ≤ 500; IAM
 *   action `apigateway:GET`), https://docs.aws.amazon.com/apigateway/latest/api/API_GetStages.html
 * - https://docs.aws.amazon.com/appsync/latest/APIReference/API_ListGraphqlApis.html (maxResults ≤ 25)
 * - https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPools.html
 *   (MaxResults 1–60, required)
 * - https://docs.aws.amazon.com/apprunner/latest/api/API_ListServices.html (MaxResults ≤ 20)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVerifiedAccessInstances.html
 *   (MaxResults 5–200)
 * - https://docs.aws.amazon.com/amplify/latest/APIReference/API_ListApps.html (maxResults ≤ 100)
 */
import { AmplifyClient, ListAppsCommand, type ListAppsCommandOutput } from '@aws-sdk/client-amplify';
import {
  APIGatewayClient,
  GetRestApisCommand,
  GetStagesCommand,
  type GetRestApisCommandOutput,
  type GetStagesCommandOutput,
} from '@aws-sdk/client-api-gateway';
import {
  AppRunnerClient,
  ListServicesCommand,
  type ListServicesCommandOutput,
} from '@aws-sdk/client-apprunner';
import {
  AppSyncClient,
  ListGraphqlApisCommand,
  type ListGraphqlApisCommandOutput,
} from '@aws-sdk/client-appsync';
import {
  CloudFrontClient,
  ListDistributionsCommand,
  type ListDistributionsCommandOutput,
} from '@aws-sdk/client-cloudfront';
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
  type ListUserPoolsCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DescribeVerifiedAccessInstancesCommand,
  EC2Client,
  type DescribeVerifiedAccessInstancesCommandOutput,
} from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  type DescribeLoadBalancersCommandOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  GetWebACLForResourceCommand,
  ListLoggingConfigurationsCommand,
  ListWebACLsCommand,
  WAFV2Client,
  type GetWebACLForResourceCommandOutput,
  type ListLoggingConfigurationsCommandOutput,
  type ListWebACLsCommandOutput,
  type Scope,
} from '@aws-sdk/client-wafv2';
import {
  defineCollector,
  type CollectContext,
  type Datum,
  type SdkClientClass,
  type SdkCommand,
} from '../../observe/types.js';

/** Id of the region-scope slice. */
export const WAF = 'waf';
/** Id of the account-scope slice (CloudFront and CLOUDFRONT-scope web ACLs). */
export const WAF_CLOUDFRONT = 'waf-cloudfront';
/** The Region holding CLOUDFRONT-scope web ACLs and answering CloudFront. */
export const WAF_GLOBAL_REGION = 'us-east-1';

/** A web ACL. */
export interface WafWebAcl {
  /** Name (free text: escape before rendering). */
  name: string;
  /** ARN. */
  arn: string;
}

/** A resource AWS WAF can protect, and the web ACL in front of it (`null`: none). */
export interface WafResource {
  /** ARN (for API Gateway, the stage ARN AWS WAF uses). */
  arn: string;
  /** Name for people (free text: escape before rendering). */
  name: string;
  /** The associated web ACL's ARN (or WAF Classic id for CloudFront), `null` when there is none. */
  webAcl: Datum<string | null>;
}

/** Regional resource types AWS WAF protects, as keys of {@link WafRegionSlice.resources}. */
export const WAF_REGIONAL_KINDS = [
  'alb',
  'apiGatewayStage',
  'appsync',
  'cognitoUserPool',
  'appRunnerService',
  'verifiedAccessInstance',
  'amplifyApp',
] as const;

/** A regional resource type AWS WAF protects. */
export type WafRegionalKind = (typeof WAF_REGIONAL_KINDS)[number];

/** Region-scope slice. */
export interface WafRegionSlice {
  /** REGIONAL web ACLs. */
  webAcls: Datum<WafWebAcl[]>;
  /** ARNs of REGIONAL web ACLs that have a logging configuration. */
  loggedWebAcls: Datum<string[]>;
  /** Protectable resources by type. */
  resources: Record<WafRegionalKind, Datum<WafResource[]>>;
}

/** Account-scope slice. */
export interface WafCloudFrontSlice {
  /** CloudFront distributions. */
  distributions: Datum<WafResource[]>;
  /** CLOUDFRONT-scope web ACLs (in us-east-1). */
  webAcls: Datum<WafWebAcl[]>;
  /** ARNs of CLOUDFRONT-scope web ACLs that have a logging configuration. */
  loggedWebAcls: Datum<string[]>;
}

/** The most pages a hand-paged list is followed for, as the access layer's paginator does. */
const MAX_PAGES = 1000;

/**
 * Pages a list call whose token the shared paginator cannot see (CloudFront's is nested, API Gateway's is
 * called `position`). `next` returns the token of the following page, or undefined on the last one.
 */
async function readPaged<O, T>(
  ctx: CollectContext,
  Client: SdkClientClass,
  operation: string,
  makeCommand: (token: string | undefined) => SdkCommand<O>,
  items: (page: O) => readonly T[],
  next: (page: O) => string | undefined,
  region: string = ctx.region,
): Promise<Datum<T[]>> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await ctx.read<O>(Client, makeCommand(token), { region });
    if (!page.ok) return page;
    all.push(...items(page.value));
    token = next(page.value);
    if (token === undefined) return { ok: true, value: all };
    if (seen.has(token)) break;
    seen.add(token);
  }
  return {
    ok: false,
    error: {
      kind: 'service',
      message: `${operation} kept returning a next-page token`,
      account: ctx.account,
      region,
      operation,
    },
  };
}

/** Lists the web ACLs of one scope and which of them log. */
async function webAclsOf(
  ctx: CollectContext,
  scope: Scope,
  region: string,
): Promise<{ webAcls: Datum<WafWebAcl[]>; loggedWebAcls: Datum<string[]> }> {
  // The shared paginator maps a `NextMarker` answer to a `Marker` cursor; WAF wants it back as `NextMarker`.
  const marker = (cursor: Readonly<Record<string, string>>) =>
    cursor.Marker ? { NextMarker: cursor.Marker } : {};
  const [webAcls, logging] = await Promise.all([
    ctx.readAll<ListWebACLsCommandOutput, WafWebAcl>(
      WAFV2Client,
      (cursor) => new ListWebACLsCommand({ Scope: scope, Limit: 100, ...marker(cursor) }),
      (page) => (page.WebACLs ?? []).map((w) => ({ name: w.Name ?? '', arn: w.ARN ?? '' })),
      { region },
    ),
    ctx.readAll<ListLoggingConfigurationsCommandOutput, string>(
      WAFV2Client,
      (cursor) => new ListLoggingConfigurationsCommand({ Scope: scope, Limit: 100, ...marker(cursor) }),
      (page) => (page.LoggingConfigurations ?? []).flatMap((c) => (c.ResourceArn ? [c.ResourceArn] : [])),
      { region },
    ),
  ]);
  return { webAcls, loggedWebAcls: logging };
}

/** A resource whose web ACL is reported by its own list call. */
function embedded(arn: string, name: string, webAcl: string | undefined): WafResource {
  return { arn, name, webAcl: { ok: true, value: webAcl ? webAcl : null } };
}

/** Adds the web ACL of each listed resource with `GetWebACLForResource` (one read per resource). */
async function withWebAcls(
  ctx: CollectContext,
  listed: Datum<Array<{ arn: string; name: string }>>,
): Promise<Datum<WafResource[]>> {
  if (!listed.ok) return listed;
  const resolved = await Promise.all(
    listed.value.map(async (r): Promise<WafResource | undefined> => {
      const d = await ctx.read<GetWebACLForResourceCommandOutput>(
        WAFV2Client,
        new GetWebACLForResourceCommand({ ResourceArn: r.arn }),
      );
      if (d.ok) return { ...r, webAcl: { ok: true, value: d.value.WebACL?.ARN ?? null } };
      if (d.error.awsErrorName === 'WAFNonexistentItemException') return undefined; // deleted meanwhile
      return { ...r, webAcl: d };
    }),
  );
  return { ok: true, value: resolved.filter((r): r is WafResource => r !== undefined) };
}

/** API Gateway REST API stages with their web ACL (`GetRestApis`, then `GetStages` per API). */
async function apiGatewayStages(ctx: CollectContext): Promise<Datum<WafResource[]>> {
  const apis = await readPaged<GetRestApisCommandOutput, { id: string; name: string }>(
    ctx,
    APIGatewayClient,
    'apigateway:GetRestApis',
    (position) => new GetRestApisCommand({ limit: 500, ...(position ? { position } : {}) }),
    (page) => (page.items ?? []).map((a) => ({ id: a.id ?? '', name: a.name ?? a.id ?? '' })),
    (page) => page.position || undefined,
  );
  if (!apis.ok) return apis;
  const perApi = await Promise.all(
    apis.value.map(async (api): Promise<WafResource[]> => {
      const stages = await ctx.read<GetStagesCommandOutput>(
        APIGatewayClient,
        new GetStagesCommand({ restApiId: api.id }),
      );
      const apiArn = `arn:aws:apigateway:${ctx.region}::/restapis/${api.id}`;
      if (!stages.ok) return [{ arn: apiArn, name: api.name, webAcl: stages }];
      return (stages.value.item ?? []).map((s) =>
        embedded(`${apiArn}/stages/${s.stageName ?? ''}`, `${api.name} (${s.stageName ?? ''})`, s.webAclArn),
      );
    }),
  );
  return { ok: true, value: perApi.flat() };
}

/** Region-scope collector: REGIONAL web ACLs, their logging, and the protectable regional resources. */
export const wafCollector = defineCollector<WafRegionSlice>({
  id: WAF,
  scope: 'region',
  reads: [
    'wafv2:ListWebACLs',
    'wafv2:ListLoggingConfigurations',
    'wafv2:GetWebACLForResource',
    'wafv2:GetWebACL',
    'elasticloadbalancing:DescribeLoadBalancers',
    'apigateway:GET',
    'appsync:ListGraphqlApis',
    'cognito-idp:ListUserPools',
    'cognito-idp:GetWebACLForResource',
    'apprunner:ListServices',
    'apprunner:DescribeWebAclForService',
    'ec2:DescribeVerifiedAccessInstances',
    'ec2:GetVerifiedAccessInstanceWebAcl',
    'amplify:ListApps',
  ],
  async collect(ctx) {
    const region = ctx.region;
    const account = ctx.account;
    const [acls, albs, stages, appsync, pools, runners, instances, apps] = await Promise.all([
      webAclsOf(ctx, 'REGIONAL', region),
      ctx
        .readAll<DescribeLoadBalancersCommandOutput, { arn: string; name: string }>(
          ElasticLoadBalancingV2Client,
          (cursor) => new DescribeLoadBalancersCommand({ PageSize: 400, ...cursor }),
          (page) =>
            (page.LoadBalancers ?? [])
              .filter((lb) => lb.Type === 'application')
              .map((lb) => ({ arn: lb.LoadBalancerArn ?? '', name: lb.LoadBalancerName ?? '' })),
        )
        .then((d) => withWebAcls(ctx, d)),
      apiGatewayStages(ctx),
      ctx.readAll<ListGraphqlApisCommandOutput, WafResource>(
        AppSyncClient,
        (cursor) => new ListGraphqlApisCommand({ maxResults: 25, ...cursor }),
        (page) =>
          (page.graphqlApis ?? []).map((a) => embedded(a.arn ?? '', a.name ?? a.apiId ?? '', a.wafWebAclArn)),
      ),
      ctx
        .readAll<ListUserPoolsCommandOutput, { arn: string; name: string }>(
          CognitoIdentityProviderClient,
          (cursor) => new ListUserPoolsCommand({ MaxResults: 60, ...cursor }),
          (page) =>
            (page.UserPools ?? []).map((p) => ({
              arn: `arn:aws:cognito-idp:${region}:${account}:userpool/${p.Id ?? ''}`,
              name: p.Name ?? p.Id ?? '',
            })),
        )
        .then((d) => withWebAcls(ctx, d)),
      ctx
        .readAll<ListServicesCommandOutput, { arn: string; name: string }>(
          AppRunnerClient,
          (cursor) => new ListServicesCommand({ MaxResults: 20, ...cursor }),
          (page) =>
            (page.ServiceSummaryList ?? []).map((s) => ({
              arn: s.ServiceArn ?? '',
              name: s.ServiceName ?? '',
            })),
        )
        .then((d) => withWebAcls(ctx, d)),
      ctx
        .readAll<DescribeVerifiedAccessInstancesCommandOutput, { arn: string; name: string }>(
          EC2Client,
          (cursor) => new DescribeVerifiedAccessInstancesCommand({ MaxResults: 200, ...cursor }),
          (page) =>
            (page.VerifiedAccessInstances ?? []).map((i) => ({
              arn: `arn:aws:ec2:${region}:${account}:verified-access-instance/${i.VerifiedAccessInstanceId ?? ''}`,
              name: i.VerifiedAccessInstanceId ?? '',
            })),
        )
        .then((d) => withWebAcls(ctx, d)),
      ctx.readAll<ListAppsCommandOutput, WafResource>(
        AmplifyClient,
        (cursor) => new ListAppsCommand({ maxResults: 100, ...cursor }),
        (page) =>
          (page.apps ?? []).map((a) =>
            embedded(a.appArn ?? '', a.name ?? a.appId ?? '', a.wafConfiguration?.webAclArn),
          ),
      ),
    ]);
    return {
      webAcls: acls.webAcls,
      loggedWebAcls: acls.loggedWebAcls,
      resources: {
        alb: albs,
        apiGatewayStage: stages,
        appsync,
        cognitoUserPool: pools,
        appRunnerService: runners,
        verifiedAccessInstance: instances,
        amplifyApp: apps,
      },
    };
  },
});

/** Account-scope collector: CloudFront distributions and the CLOUDFRONT-scope web ACLs (us-east-1). */
export const wafCloudFrontCollector = defineCollector<WafCloudFrontSlice>({
  id: WAF_CLOUDFRONT,
  scope: 'account',
  reads: ['cloudfront:ListDistributions', 'wafv2:ListWebACLs', 'wafv2:ListLoggingConfigurations'],
  async collect(ctx) {
    const [distributions, acls] = await Promise.all([
      readPaged<ListDistributionsCommandOutput, WafResource>(
        ctx,
        CloudFrontClient,
        'cloudfront:ListDistributions',
        (marker) => new ListDistributionsCommand({ MaxItems: 100, ...(marker ? { Marker: marker } : {}) }),
        (page) =>
          (page.DistributionList?.Items ?? []).map((d) =>
            embedded(d.ARN ?? '', d.Comment ? `${d.Id ?? ''} (${d.Comment})` : (d.Id ?? ''), d.WebACLId),
          ),
        (page) =>
          page.DistributionList?.IsTruncated ? page.DistributionList.NextMarker || undefined : undefined,
        WAF_GLOBAL_REGION,
      ),
      webAclsOf(ctx, 'CLOUDFRONT', WAF_GLOBAL_REGION),
    ]);
    return { distributions, webAcls: acls.webAcls, loggedWebAcls: acls.loggedWebAcls };
  },
});
