/**
 * AWS Amplify Hosting in the sandbox: only `ListApps`, over apps planted with {@link plantAmplifyApp}. A new
 * account has none in any Region.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/amplify/latest/APIReference/API_ListApps.html (`maxResults` up to 100,
 *   `nextToken` in and out; `BadRequestException` for bad parameters)
 * - https://docs.aws.amazon.com/amplify/latest/APIReference/API_WafConfiguration.html (`wafConfiguration` on
 *   the app: the associated web ACL ARN and the association status)
 * - https://docs.aws.amazon.com/amplify/latest/userguide/WAF-integration.html (the firewall of an app is set
 *   on the app; `wafv2:GetWebACLForResource` does not take Amplify ARNs)
 *
 * Only the app fields sra-kit reads are filled (`appId`, `appArn`, `name`, `wafConfiguration`) plus the
 * required scalars with neutral values.
 */
import { createHash } from 'node:crypto';
import type { App, ListAppsCommandInput, ListAppsCommandOutput } from '@aws-sdk/client-amplify';
import { defineService } from '../core/service.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of Amplify in the sandbox (its IAM action prefix). */
export const AMPLIFY_SERVICE = 'amplify';

/** A planted Amplify app. */
export interface AmplifyAppRecord {
  /** App id. */
  appId: string;
  /** App ARN. */
  arn: string;
  /** Name. */
  name: string;
  /** Web ACL associated through Amplify's firewall support, if any. */
  webAclArn?: string;
}

/** Amplify state of one account in one Region. */
export interface AmplifyState {
  /** Apps by id, in creation order. */
  apps: Map<string, AmplifyAppRecord>;
}

/** Amplify state of `account` in `region` (created empty on first use). */
export function amplifyState(world: SandboxWorld, account: string, region: string): AmplifyState {
  return world.regional(AMPLIFY_SERVICE, account, region, () => ({ apps: new Map() }));
}

/** Places an Amplify app in `account`/`region` (with a web ACL when `webAclArn` is given); returns its ARN. */
export function plantAmplifyApp(
  world: SandboxWorld,
  account: string,
  region: string,
  spec: { name: string; webAclArn?: string },
): string {
  const appId = `d${createHash('sha256').update(`${account}/${region}/${spec.name}`).digest('hex').slice(0, 13)}`;
  const arn = `arn:aws:amplify:${region}:${account}:apps/${appId}`;
  amplifyState(world, account, region).apps.set(appId, {
    appId,
    arn,
    name: spec.name,
    ...(spec.webAclArn ? { webAclArn: spec.webAclArn } : {}),
  });
  return arn;
}

function view(a: AmplifyAppRecord): App {
  return {
    appId: a.appId,
    appArn: a.arn,
    name: a.name,
    description: '',
    repository: '',
    platform: 'WEB',
    createTime: new Date(0),
    updateTime: new Date(0),
    environmentVariables: {},
    defaultDomain: `${a.appId}.amplifyapp.com`,
    enableBranchAutoBuild: false,
    enableBasicAuth: false,
    ...(a.webAclArn
      ? { wafConfiguration: { webAclArn: a.webAclArn, wafStatus: 'ASSOCIATION_SUCCESS' } }
      : {}),
  };
}

/** The simulated Amplify service (app listing). */
export const amplifyService = defineService({
  name: AMPLIFY_SERVICE,
  clientName: 'AmplifyClient',
  scope: 'regional',
  protocol: 'rest-json',
  operations: {
    ListApps: (ctx, input: ListAppsCommandInput): Out<ListAppsCommandOutput> => {
      const all = [...amplifyState(ctx.world, ctx.account, ctx.region).apps.values()];
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.maxResults === 0 ? undefined : input.maxResults,
        nextToken: input.nextToken,
        defaultMax: 100,
        limit: 100,
        errorName: 'BadRequestException',
      });
      return { apps: page.map(view), ...(nextToken ? { nextToken } : {}) };
    },
  },
});
