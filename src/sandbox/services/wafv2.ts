/**
 * AWS WAF (WAFV2) in the sandbox: web ACLs per account and Region (scope REGIONAL, or CLOUDFRONT in
 * us-east-1), their association with regional resources, and logging configurations.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html (names `^[\w\-]+$`, 1–128;
 *   a name is unique per scope; `WAFDuplicateItemException`)
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_ListWebACLs.html (`Limit` 1–100, `NextMarker` in
 *   and out; "To work with CloudFront, you must also specify the Region US East (N. Virginia)")
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html (regional resources only: ALB,
 *   API Gateway REST API stage, AppSync GraphQL API, Cognito user pool, App Runner service, Verified Access
 *   instance; CloudFront distributions are attached through the distribution)
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_GetWebACLForResource.html (no `WebACL` in the
 *   answer when nothing is associated; CloudFront takes `cloudfront:GetDistributionConfig` instead)
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_PutLoggingConfiguration.html (one destination; its
 *   name must start with `aws-waf-logs-`)
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_GetLoggingConfiguration.html
 *   (`WAFNonexistentItemException` when the web ACL has no logging)
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_ListLoggingConfigurations.html (`Scope` required,
 *   `Limit` 1–100)
 * - https://docs.aws.amazon.com/waf/latest/developerguide/logging-destinations.html (destination naming)
 *
 * Where the association lives: API Gateway stages and AppSync APIs report their web ACL themselves
 * (`webAclArn`, `wafWebAclArn`), so for them the association is written onto the stage or API in those
 * services' state; for the other resource types it is kept here. Resources are looked up in the sandbox
 * services that own them (elbv2, apigateway, appsync, cognito, apprunner, ec2), so an association with a
 * resource that does not exist fails with `WAFNonexistentItemException`, as in AWS.
 *
 * Not modelled: rules are stored but not evaluated; lock tokens are returned but not checked; web ACL
 * capacity; the `LogScope` parameter (every configuration is customer-managed); DisassociateWebACL and
 * DeleteWebACL.
 */
import { createHash } from 'node:crypto';
import {
  WAFDuplicateItemException,
  WAFInvalidParameterException,
  WAFNonexistentItemException,
  type AssociateWebACLCommandInput,
  type CreateWebACLCommandInput,
  type CreateWebACLCommandOutput,
  type DefaultAction,
  type GetLoggingConfigurationCommandInput,
  type GetLoggingConfigurationCommandOutput,
  type GetWebACLForResourceCommandInput,
  type GetWebACLForResourceCommandOutput,
  type ListLoggingConfigurationsCommandInput,
  type ListLoggingConfigurationsCommandOutput,
  type ListWebACLsCommandInput,
  type ListWebACLsCommandOutput,
  type LoggingConfiguration,
  type PutLoggingConfigurationCommandInput,
  type PutLoggingConfigurationCommandOutput,
  type Rule,
  type Scope,
  type VisibilityConfig,
  type WebACL,
} from '@aws-sdk/client-wafv2';
import { defineService, type CallContext } from '../core/service.js';
import { modeledError } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';
import { findLoadBalancer } from './elbv2.js';
import { findStage, setStageWebAcl } from './apigateway.js';
import { findGraphqlApi, setGraphqlApiWebAcl } from './appsync.js';
import { userPoolExists } from './cognito.js';
import { appRunnerServiceExists } from './apprunner.js';
import { verifiedAccessInstanceExists } from './ec2.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of AWS WAF in the sandbox (its IAM action prefix). */
export const WAFV2_SERVICE = 'wafv2';
/** The only Region where CLOUDFRONT-scope web ACLs live. */
export const WAF_CLOUDFRONT_REGION = 'us-east-1';

const NAME = /^[\w-]{1,128}$/;
const WEB_ACL_ARN = /^arn:aws:wafv2:([a-z0-9-]+):(\d{12}):(regional|global)\/webacl\/([\w-]+)\/([a-f0-9-]+)$/;

/** One web ACL. */
export interface WebAclRecord {
  /** Name. */
  name: string;
  /** Id (UUID-shaped). */
  id: string;
  /** ARN. */
  arn: string;
  /** REGIONAL or CLOUDFRONT. */
  scope: Scope;
  /** Default action. */
  defaultAction: DefaultAction;
  /** Visibility configuration. */
  visibilityConfig: VisibilityConfig;
  /** Rules, stored as given. */
  rules: Rule[];
  /** Description. */
  description?: string;
}

/** AWS WAF state of one account in one Region. */
export interface Wafv2State {
  /** Web ACLs by ARN. */
  webAcls: Map<string, WebAclRecord>;
  /** Resource ARN → web ACL ARN, for resource types that do not report their web ACL themselves. */
  associations: Map<string, string>;
  /** Web ACL ARN → logging configuration. */
  logging: Map<string, LoggingConfiguration>;
}

/** AWS WAF state of `account` in `region` (created empty on first use). */
export function wafv2State(world: SandboxWorld, account: string, region: string): Wafv2State {
  return world.regional(WAFV2_SERVICE, account, region, () => ({
    webAcls: new Map(),
    associations: new Map(),
    logging: new Map(),
  }));
}

function invalid(message: string, field = 'RESOURCE_ARN'): Error {
  return modeledError(WAFInvalidParameterException, message, { fields: { Field: field } });
}

function nonexistent(message: string): Error {
  return modeledError(WAFNonexistentItemException, message);
}

/** Creates a web ACL record; shared by CreateWebACL and {@link plantWebAcl}. */
function createWebAcl(
  world: SandboxWorld,
  account: string,
  region: string,
  spec: {
    name: string;
    scope: Scope;
    defaultAction?: DefaultAction;
    visibilityConfig?: VisibilityConfig;
    rules?: Rule[];
    description?: string;
  },
): WebAclRecord {
  const hex = createHash('sha256').update(`${account}/${region}/${spec.scope}/${spec.name}`).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const kind = spec.scope === 'CLOUDFRONT' ? 'global' : 'regional';
  const record: WebAclRecord = {
    name: spec.name,
    id,
    arn: `arn:aws:wafv2:${region}:${account}:${kind}/webacl/${spec.name}/${id}`,
    scope: spec.scope,
    defaultAction: spec.defaultAction ?? { Allow: {} },
    visibilityConfig: spec.visibilityConfig ?? {
      SampledRequestsEnabled: true,
      CloudWatchMetricsEnabled: true,
      MetricName: spec.name,
    },
    rules: spec.rules ?? [],
    ...(spec.description ? { description: spec.description } : {}),
  };
  wafv2State(world, account, region).webAcls.set(record.arn, record);
  return record;
}

/**
 * Places a web ACL in `account`/`region` as if it had been created there (CLOUDFRONT scope goes to
 * us-east-1 whatever `region` says); returns its ARN.
 */
export function plantWebAcl(
  world: SandboxWorld,
  account: string,
  region: string,
  spec: { name: string; scope?: Scope },
): string {
  const scope = spec.scope ?? 'REGIONAL';
  return createWebAcl(world, account, scope === 'CLOUDFRONT' ? WAF_CLOUDFRONT_REGION : region, {
    name: spec.name,
    scope,
  }).arn;
}

/** The web ACL with this ARN, or `undefined`. */
export function findWebAcl(world: SandboxWorld, arn: string): WebAclRecord | undefined {
  const m = WEB_ACL_ARN.exec(arn);
  return m ? wafv2State(world, m[2]!, m[1]!).webAcls.get(arn) : undefined;
}

/** Kinds of regional resources AWS WAF associates with, told apart by their ARN. */
type ResourceKind = 'alb' | 'api-gateway' | 'appsync' | 'cognito' | 'app-runner' | 'verified-access';

const RESOURCE_PATTERNS: ReadonlyArray<[ResourceKind, RegExp]> = [
  ['alb', /^arn:aws:elasticloadbalancing:([a-z0-9-]+):(\d{12}):loadbalancer\/app\//],
  ['api-gateway', /^arn:aws:apigateway:([a-z0-9-]+)::\/restapis\/[^/]+\/stages\/[^/]+$/],
  ['appsync', /^arn:aws:appsync:([a-z0-9-]+):(\d{12}):apis\//],
  ['cognito', /^arn:aws:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\//],
  ['app-runner', /^arn:aws:apprunner:([a-z0-9-]+):(\d{12}):service\//],
  ['verified-access', /^arn:aws:ec2:([a-z0-9-]+):(\d{12}):verified-access-instance\//],
];

/** Parses a resource ARN and checks it names a resource of the caller, in the caller's Region, that exists. */
function resolveResource(ctx: CallContext, arn: string | undefined): ResourceKind {
  const hit = RESOURCE_PATTERNS.map(([kind, re]) => [kind, re.exec(arn ?? '')] as const).find(([, m]) => m);
  if (!hit) {
    throw invalid(
      `${arn ?? 'ResourceArn'} is not an ARN of a resource AWS WAF can associate with in this call ` +
        '(CloudFront distributions and Amplify apps are configured on the resource itself).',
    );
  }
  const [kind, m] = hit;
  const region = m![1]!;
  const account = m![2] ?? ctx.account;
  if (region !== ctx.region || account !== ctx.account) {
    throw invalid(`The resource ${arn} is not in account ${ctx.account} and Region ${ctx.region}.`);
  }
  const world = ctx.world;
  const exists: Record<ResourceKind, () => boolean> = {
    alb: () => findLoadBalancer(world, arn!) !== undefined,
    'api-gateway': () => findStage(world, ctx.account, arn!) !== undefined,
    appsync: () => findGraphqlApi(world, arn!) !== undefined,
    cognito: () => userPoolExists(world, arn!),
    'app-runner': () => appRunnerServiceExists(world, arn!),
    'verified-access': () => verifiedAccessInstanceExists(world, arn!),
  };
  if (!exists[kind]()) {
    throw nonexistent(`AWS WAF couldn't perform the operation because your resource doesn't exist: ${arn}`);
  }
  return kind;
}

/** The web ACL ARN associated with a regional resource of the caller, if any. */
function associatedWebAcl(ctx: CallContext, kind: ResourceKind, arn: string): string | undefined {
  switch (kind) {
    case 'api-gateway':
      return findStage(ctx.world, ctx.account, arn)?.webAclArn;
    case 'appsync':
      return findGraphqlApi(ctx.world, arn)?.wafWebAclArn;
    default:
      return wafv2State(ctx.world, ctx.account, ctx.region).associations.get(arn);
  }
}

function webAclView(w: WebAclRecord): WebACL {
  return {
    Name: w.name,
    Id: w.id,
    ARN: w.arn,
    DefaultAction: w.defaultAction,
    VisibilityConfig: w.visibilityConfig,
    Rules: w.rules,
    Capacity: 0,
    LabelNamespace: `awswaf:${w.arn.split(':')[4]}:webacl:${w.name}:`,
    ...(w.description ? { Description: w.description } : {}),
  };
}

function requireScope(ctx: CallContext, scope: string | undefined): Scope {
  if (scope !== 'REGIONAL' && scope !== 'CLOUDFRONT')
    throw invalid('Scope must be REGIONAL or CLOUDFRONT.', 'SCOPE_VALUE');
  if (scope === 'CLOUDFRONT' && ctx.region !== WAF_CLOUDFRONT_REGION) {
    throw invalid(
      `CLOUDFRONT scope is only available in ${WAF_CLOUDFRONT_REGION}; this request was made in ${ctx.region}.`,
      'SCOPE_VALUE',
    );
  }
  return scope;
}

function page<T>(ctx: CallContext, items: T[], input: { Limit?: number; NextMarker?: string }) {
  return paginate(ctx, items, {
    maxResults: input.Limit,
    nextToken: input.NextMarker,
    defaultMax: 100,
    limit: 100,
    errorName: 'WAFInvalidParameterException',
  });
}

/** The simulated AWS WAF (WAFV2) service. */
export const wafv2Service = defineService({
  name: WAFV2_SERVICE,
  clientName: 'WAFV2Client',
  scope: 'regional',
  protocol: 'json',
  operations: {
    CreateWebACL: (ctx, input: CreateWebACLCommandInput): Out<CreateWebACLCommandOutput> => {
      const scope = requireScope(ctx, input.Scope);
      if (!NAME.test(input.Name ?? '')) throw invalid(`Name ${input.Name ?? ''} is not valid.`, 'NAME');
      if (!input.DefaultAction) throw invalid('DefaultAction is required.', 'DEFAULT_ACTION');
      if (!input.VisibilityConfig) throw invalid('VisibilityConfig is required.', 'VISIBILITY_CONFIG');
      const state = wafv2State(ctx.world, ctx.account, ctx.region);
      if ([...state.webAcls.values()].some((w) => w.scope === scope && w.name === input.Name)) {
        throw modeledError(
          WAFDuplicateItemException,
          `AWS WAF couldn't perform the operation because some resource in your request is a duplicate of an existing one: ${input.Name}`,
        );
      }
      const w = createWebAcl(ctx.world, ctx.account, ctx.region, {
        name: input.Name!,
        scope,
        defaultAction: input.DefaultAction,
        visibilityConfig: input.VisibilityConfig,
        rules: input.Rules ?? [],
        ...(input.Description ? { description: input.Description } : {}),
      });
      return { Summary: { Name: w.name, Id: w.id, ARN: w.arn, LockToken: w.id.slice(0, 8) } };
    },

    ListWebACLs: (ctx, input: ListWebACLsCommandInput): Out<ListWebACLsCommandOutput> => {
      const scope = requireScope(ctx, input.Scope);
      const all = [...wafv2State(ctx.world, ctx.account, ctx.region).webAcls.values()].filter(
        (w) => w.scope === scope,
      );
      const { page: p, nextToken } = page(ctx, all, input);
      return {
        WebACLs: p.map((w) => ({ Name: w.name, Id: w.id, ARN: w.arn, LockToken: w.id.slice(0, 8) })),
        ...(nextToken ? { NextMarker: nextToken } : {}),
      };
    },

    AssociateWebACL: (ctx, input: AssociateWebACLCommandInput): Record<string, never> => {
      const kind = resolveResource(ctx, input.ResourceArn);
      const webAcl = findWebAcl(ctx.world, input.WebACLArn ?? '');
      const mine =
        webAcl !== undefined && webAcl.arn.includes(`:${ctx.region}:${ctx.account}:regional/webacl/`);
      if (!webAcl || !mine) {
        throw nonexistent(`AWS WAF couldn't find the web ACL ${input.WebACLArn ?? ''} in ${ctx.region}.`);
      }
      const arn = input.ResourceArn!;
      if (kind === 'api-gateway') setStageWebAcl(ctx.world, ctx.account, arn, webAcl.arn);
      else if (kind === 'appsync') setGraphqlApiWebAcl(ctx.world, arn, webAcl.arn);
      else wafv2State(ctx.world, ctx.account, ctx.region).associations.set(arn, webAcl.arn);
      return {};
    },

    GetWebACLForResource: (
      ctx,
      input: GetWebACLForResourceCommandInput,
    ): Out<GetWebACLForResourceCommandOutput> => {
      const kind = resolveResource(ctx, input.ResourceArn);
      const webAclArn = associatedWebAcl(ctx, kind, input.ResourceArn!);
      const webAcl = webAclArn ? findWebAcl(ctx.world, webAclArn) : undefined;
      return webAcl ? { WebACL: webAclView(webAcl) } : {};
    },

    PutLoggingConfiguration: (
      ctx,
      input: PutLoggingConfigurationCommandInput,
    ): Out<PutLoggingConfigurationCommandOutput> => {
      const config = input.LoggingConfiguration;
      const webAcl = findWebAcl(ctx.world, config?.ResourceArn ?? '');
      if (!config || !webAcl || !webAcl.arn.includes(`:${ctx.region}:${ctx.account}:`)) {
        throw nonexistent(`AWS WAF couldn't find the web ACL ${config?.ResourceArn ?? ''}.`);
      }
      const destinations = config.LogDestinationConfigs ?? [];
      if (destinations.length !== 1) {
        throw invalid('LogDestinationConfigs must hold exactly one destination.', 'LOG_DESTINATION');
      }
      // CloudWatch Logs log group, S3 bucket or Firehose stream whose name starts with aws-waf-logs-.
      const name = destinations[0]!.replace(/:\*$/, '').split(/[:/]/).pop() ?? '';
      if (!name.startsWith('aws-waf-logs-')) {
        throw invalid(
          `The log destination ${destinations[0]!} must be named aws-waf-logs-…`,
          'LOG_DESTINATION',
        );
      }
      const stored: LoggingConfiguration = {
        ResourceArn: webAcl.arn,
        LogDestinationConfigs: [...destinations],
        ...(config.RedactedFields ? { RedactedFields: config.RedactedFields } : {}),
        ...(config.LoggingFilter ? { LoggingFilter: config.LoggingFilter } : {}),
        ManagedByFirewallManager: false,
        LogType: 'WAF_LOGS',
        LogScope: 'CUSTOMER',
      };
      wafv2State(ctx.world, ctx.account, ctx.region).logging.set(webAcl.arn, stored);
      return { LoggingConfiguration: structuredClone(stored) };
    },

    GetLoggingConfiguration: (
      ctx,
      input: GetLoggingConfigurationCommandInput,
    ): Out<GetLoggingConfigurationCommandOutput> => {
      const config = wafv2State(ctx.world, ctx.account, ctx.region).logging.get(input.ResourceArn ?? '');
      if (!config) {
        throw nonexistent(`AWS WAF couldn't find a logging configuration for ${input.ResourceArn ?? ''}.`);
      }
      return { LoggingConfiguration: structuredClone(config) };
    },

    ListLoggingConfigurations: (
      ctx,
      input: ListLoggingConfigurationsCommandInput,
    ): Out<ListLoggingConfigurationsCommandOutput> => {
      const scope = requireScope(ctx, input.Scope);
      const state = wafv2State(ctx.world, ctx.account, ctx.region);
      const all = [...state.logging.values()].filter(
        (c) => state.webAcls.get(c.ResourceArn ?? '')?.scope === scope,
      );
      const { page: p, nextToken } = page(ctx, all, input);
      return {
        LoggingConfigurations: structuredClone(p),
        ...(nextToken ? { NextMarker: nextToken } : {}),
      };
    },
  },
});

/** Associates a regional web ACL with a resource directly in the world (tests and scenarios). */
export function plantWebAclAssociation(
  world: SandboxWorld,
  account: string,
  region: string,
  resourceArn: string,
  webAclArn: string,
): void {
  if (resourceArn.startsWith('arn:aws:apigateway:')) setStageWebAcl(world, account, resourceArn, webAclArn);
  else if (resourceArn.startsWith('arn:aws:appsync:')) setGraphqlApiWebAcl(world, resourceArn, webAclArn);
  else wafv2State(world, account, region).associations.set(resourceArn, webAclArn);
}

/** Gives a web ACL a logging configuration directly in the world (tests and scenarios). */
export function plantWebAclLogging(world: SandboxWorld, webAclArn: string, destinationArn: string): void {
  const m = WEB_ACL_ARN.exec(webAclArn);
  if (!m) throw new Error(`not a web ACL ARN: ${webAclArn}`);
  wafv2State(world, m[2]!, m[1]!).logging.set(webAclArn, {
    ResourceArn: webAclArn,
    LogDestinationConfigs: [destinationArn],
    ManagedByFirewallManager: false,
    LogType: 'WAF_LOGS',
    LogScope: 'CUSTOMER',
  });
}
