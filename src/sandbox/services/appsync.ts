/**
 * AWS AppSync in the sandbox: only `ListGraphqlApis`, over GraphQL APIs planted with {@link plantGraphqlApi}.
 * A new account has none in any Region.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/appsync/latest/APIReference/API_ListGraphqlApis.html (`maxResults` 0–25,
 *   `nextToken` in and out; `BadRequestException` for an invalid token)
 * - https://docs.aws.amazon.com/appsync/latest/APIReference/API_GraphqlApi.html (`wafWebAclArn`: the web ACL
 *   associated with the API; ARN `arn:aws:appsync:<region>:<account>:apis/<apiId>`)
 *
 * The web ACL of an API is kept on the API, as AppSync reports it; the WAFv2 sandbox sets it through
 * {@link setGraphqlApiWebAcl}.
 */
import { createHash } from 'node:crypto';
import type {
  GraphqlApi,
  ListGraphqlApisCommandInput,
  ListGraphqlApisCommandOutput,
} from '@aws-sdk/client-appsync';
import { defineService } from '../core/service.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of AppSync in the sandbox (its IAM action prefix). */
export const APPSYNC_SERVICE = 'appsync';

/** AppSync state of one account in one Region. */
export interface AppSyncState {
  /** GraphQL APIs by ARN, in creation order. */
  apis: Map<string, { apiId: string; name: string; arn: string; wafWebAclArn?: string }>;
}

/** AppSync state of `account` in `region` (created empty on first use). */
export function appSyncState(world: SandboxWorld, account: string, region: string): AppSyncState {
  return world.regional(APPSYNC_SERVICE, account, region, () => ({ apis: new Map() }));
}

/** Places a GraphQL API in `account`/`region`; returns its ARN. */
export function plantGraphqlApi(world: SandboxWorld, account: string, region: string, name: string): string {
  const apiId = createHash('sha256').update(`${account}/${region}/${name}`).digest('hex').slice(0, 26);
  const arn = `arn:aws:appsync:${region}:${account}:apis/${apiId}`;
  appSyncState(world, account, region).apis.set(arn, { apiId, name, arn });
  return arn;
}

const API_ARN = /^arn:aws:appsync:([a-z0-9-]+):(\d{12}):apis\/([a-z0-9]+)$/;

/** Sets (or with `undefined`, clears) the web ACL of a GraphQL API; false when the API does not exist. */
export function setGraphqlApiWebAcl(
  world: SandboxWorld,
  arn: string,
  webAclArn: string | undefined,
): boolean {
  const m = API_ARN.exec(arn);
  const api = m ? appSyncState(world, m[2]!, m[1]!).apis.get(arn) : undefined;
  if (!api) return false;
  if (webAclArn === undefined) delete api.wafWebAclArn;
  else api.wafWebAclArn = webAclArn;
  return true;
}

/** The GraphQL API with this ARN, or `undefined`. */
export function findGraphqlApi(world: SandboxWorld, arn: string): { wafWebAclArn?: string } | undefined {
  const m = API_ARN.exec(arn);
  return m ? appSyncState(world, m[2]!, m[1]!).apis.get(arn) : undefined;
}

/** The simulated AppSync service (API listing). */
export const appSyncService = defineService({
  name: APPSYNC_SERVICE,
  clientName: 'AppSyncClient',
  scope: 'regional',
  protocol: 'rest-json',
  operations: {
    ListGraphqlApis: (ctx, input: ListGraphqlApisCommandInput): Out<ListGraphqlApisCommandOutput> => {
      const all = [...appSyncState(ctx.world, ctx.account, ctx.region).apis.values()];
      // maxResults 0 means "the default" (25).
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.maxResults === 0 ? undefined : input.maxResults,
        nextToken: input.nextToken,
        defaultMax: 25,
        limit: 25,
        errorName: 'BadRequestException',
      });
      const graphqlApis: GraphqlApi[] = page.map((a) => ({
        apiId: a.apiId,
        name: a.name,
        arn: a.arn,
        authenticationType: 'API_KEY',
        ...(a.wafWebAclArn ? { wafWebAclArn: a.wafWebAclArn } : {}),
      }));
      return { graphqlApis, ...(nextToken ? { nextToken } : {}) };
    },
  },
});
