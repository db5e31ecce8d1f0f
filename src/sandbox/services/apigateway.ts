/**
 * Amazon API Gateway (REST APIs) in the sandbox: only `GetRestApis` and `GetStages`, over APIs planted with
 * {@link plantRestApi}. A new account has no API in any Region.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApis.html (`limit` defaults to 25, at most
 *   500; `position` in and out)
 * - https://docs.aws.amazon.com/apigateway/latest/api/API_GetStages.html (all stages of one API in one page;
 *   an unknown API fails with `NotFoundException`)
 * - https://docs.aws.amazon.com/apigateway/latest/api/API_Stage.html (`webAclArn`: the web ACL associated
 *   with the stage)
 * - https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html (stage ARN
 *   `arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage-name>`, no account in it)
 *
 * The web ACL of a stage is kept on the stage, as API Gateway reports it; the WAFv2 sandbox sets it through
 * {@link setStageWebAcl} when it associates a web ACL.
 */
import { createHash } from 'node:crypto';
import {
  BadRequestException,
  NotFoundException,
  type GetRestApisCommandInput,
  type GetRestApisCommandOutput,
  type GetStagesCommandInput,
  type GetStagesCommandOutput,
} from '@aws-sdk/client-api-gateway';
import { defineService } from '../core/service.js';
import { modeledError } from '../core/errors.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of API Gateway in the sandbox (its IAM action prefix). */
export const APIGATEWAY_SERVICE = 'apigateway';

/** A planted REST API. */
export interface RestApiRecord {
  /** API id (10 characters). */
  id: string;
  /** Name. */
  name: string;
  /** Stages by name; the value is the associated web ACL ARN, if any. */
  stages: Map<string, { webAclArn?: string }>;
}

/** API Gateway state of one account in one Region. */
export interface ApiGatewayState {
  /** REST APIs by id, in creation order. */
  restApis: Map<string, RestApiRecord>;
}

/** API Gateway state of `account` in `region` (created empty on first use). */
export function apiGatewayState(world: SandboxWorld, account: string, region: string): ApiGatewayState {
  return world.regional(APIGATEWAY_SERVICE, account, region, () => ({ restApis: new Map() }));
}

/** ARN of a REST API stage, as AWS WAF names it. */
export function stageArn(region: string, apiId: string, stage: string): string {
  return `arn:aws:apigateway:${region}::/restapis/${apiId}/stages/${stage}`;
}

/** Places a REST API with the given stages in `account`/`region`; returns the API id. */
export function plantRestApi(
  world: SandboxWorld,
  account: string,
  region: string,
  spec: { name: string; stages: string[] },
): string {
  const id = createHash('sha256').update(`${account}/${region}/${spec.name}`).digest('hex').slice(0, 10);
  apiGatewayState(world, account, region).restApis.set(id, {
    id,
    name: spec.name,
    stages: new Map(spec.stages.map((s) => [s, {}])),
  });
  return id;
}

const STAGE_ARN = /^arn:aws:apigateway:([a-z0-9-]+)::\/restapis\/([^/]+)\/stages\/([^/]+)$/;

/** The stage this ARN names in `account`, or `undefined`. */
export function findStage(
  world: SandboxWorld,
  account: string,
  arn: string,
): { webAclArn?: string } | undefined {
  const m = STAGE_ARN.exec(arn);
  if (!m) return undefined;
  return apiGatewayState(world, account, m[1]!).restApis.get(m[2]!)?.stages.get(m[3]!);
}

/** Sets (or with `undefined`, clears) the web ACL of a stage; false when the stage does not exist. */
export function setStageWebAcl(
  world: SandboxWorld,
  account: string,
  arn: string,
  webAclArn: string | undefined,
): boolean {
  const stage = findStage(world, account, arn);
  if (!stage) return false;
  if (webAclArn === undefined) delete stage.webAclArn;
  else stage.webAclArn = webAclArn;
  return true;
}

/** The simulated API Gateway service (REST API listing). */
export const apiGatewayService = defineService({
  name: APIGATEWAY_SERVICE,
  clientName: 'APIGatewayClient',
  scope: 'regional',
  protocol: 'rest-json',
  errors: { throttling: 'TooManyRequestsException' },
  operations: {
    GetRestApis: (ctx, input: GetRestApisCommandInput): Out<GetRestApisCommandOutput> => {
      const limit = input.limit ?? 25;
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        throw modeledError(BadRequestException, 'Invalid limit: must be between 1 and 500.');
      }
      const all = [...apiGatewayState(ctx.world, ctx.account, ctx.region).restApis.values()];
      let start = 0;
      if (input.position !== undefined) {
        const at = all.findIndex((a) => a.id === input.position);
        if (at < 0) throw modeledError(BadRequestException, 'Invalid position parameter.');
        start = at;
      }
      const page = all.slice(start, start + limit);
      const next = all[start + limit];
      return {
        items: page.map((a) => ({ id: a.id, name: a.name, createdDate: new Date(0) })),
        ...(next ? { position: next.id } : {}),
      };
    },

    GetStages: (ctx, input: GetStagesCommandInput): Out<GetStagesCommandOutput> => {
      const api = apiGatewayState(ctx.world, ctx.account, ctx.region).restApis.get(input.restApiId ?? '');
      if (!api) throw modeledError(NotFoundException, 'Invalid API identifier specified', { status: 404 });
      return {
        item: [...api.stages.entries()].map(([stageName, s]) => ({
          stageName,
          deploymentId: 'sbxdeploy1',
          ...(s.webAclArn ? { webAclArn: s.webAclArn } : {}),
        })),
      };
    },
  },
});
