/**
 * Amazon Cognito user pools in the sandbox: only `ListUserPools`, over pools planted with
 * {@link plantUserPool}. A new account has none in any Region.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPools.html
 *   (`MaxResults` 1–60 and required; `NextToken` in and out; `InvalidParameterException` otherwise)
 * - https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncognitouserpools.html (ARN
 *   `arn:aws:cognito-idp:<region>:<account>:userpool/<pool-id>`; pool ids look like `us-east-1_AbCdEf123`)
 *
 * User pools carry no web ACL field: AWS WAF keeps the association (see the WAFv2 sandbox).
 */
import { createHash } from 'node:crypto';
import type {
  ListUserPoolsCommandInput,
  ListUserPoolsCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { defineService } from '../core/service.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of Cognito user pools in the sandbox (its IAM action prefix). */
export const COGNITO_SERVICE = 'cognito-idp';

/** Cognito state of one account in one Region. */
export interface CognitoState {
  /** User pools by id, in creation order. */
  userPools: Map<string, { id: string; name: string }>;
}

/** Cognito state of `account` in `region` (created empty on first use). */
export function cognitoState(world: SandboxWorld, account: string, region: string): CognitoState {
  return world.regional(COGNITO_SERVICE, account, region, () => ({ userPools: new Map() }));
}

/** ARN of a user pool. */
export function userPoolArn(region: string, account: string, id: string): string {
  return `arn:aws:cognito-idp:${region}:${account}:userpool/${id}`;
}

/** Places a user pool in `account`/`region`; returns its ARN. */
export function plantUserPool(world: SandboxWorld, account: string, region: string, name: string): string {
  const suffix = createHash('sha256').update(`${account}/${region}/${name}`).digest('base64url');
  const id = `${region}_${suffix.replace(/[-_]/g, 'x').slice(0, 9)}`;
  cognitoState(world, account, region).userPools.set(id, { id, name });
  return userPoolArn(region, account, id);
}

/** True when the user pool this ARN names exists. */
export function userPoolExists(world: SandboxWorld, arn: string): boolean {
  const m = /^arn:aws:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/(.+)$/.exec(arn);
  return Boolean(m && cognitoState(world, m[2]!, m[1]!).userPools.has(m[3]!));
}

/** The simulated Cognito user pools service (pool listing). */
export const cognitoService = defineService({
  name: COGNITO_SERVICE,
  clientName: 'CognitoIdentityProviderClient',
  scope: 'regional',
  protocol: 'json',
  errors: { throttling: 'TooManyRequestsException' },
  operations: {
    ListUserPools: (ctx, input: ListUserPoolsCommandInput): Out<ListUserPoolsCommandOutput> => {
      if (input.MaxResults === undefined) {
        throw ctx.error('InvalidParameterException', '1 validation error detected: MaxResults is required.', {
          status: 400,
        });
      }
      const all = [...cognitoState(ctx.world, ctx.account, ctx.region).userPools.values()];
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 60,
        limit: 60,
        errorName: 'InvalidParameterException',
      });
      return {
        UserPools: page.map((p) => ({ Id: p.id, Name: p.name, CreationDate: new Date(0) })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
  },
});
