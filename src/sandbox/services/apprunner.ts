/**
 * AWS App Runner in the sandbox: only `ListServices`, over services planted with {@link plantAppRunnerService}.
 * A new account has none in any Region.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/apprunner/latest/api/API_ListServices.html (`MaxResults` 1–20, `NextToken` in
 *   and out; `InvalidRequestException` for bad parameters)
 * - https://docs.aws.amazon.com/apprunner/latest/api/API_ServiceSummary.html (ARN
 *   `arn:aws:apprunner:<region>:<account>:service/<name>/<id>`)
 *
 * Services carry no web ACL field: AWS WAF keeps the association (see the WAFv2 sandbox).
 */
import { createHash } from 'node:crypto';
import type { ListServicesCommandInput, ListServicesCommandOutput } from '@aws-sdk/client-apprunner';
import { defineService } from '../core/service.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of App Runner in the sandbox (its IAM action prefix). */
export const APPRUNNER_SERVICE = 'apprunner';

/** App Runner state of one account in one Region. */
export interface AppRunnerState {
  /** Services by ARN, in creation order. */
  services: Map<string, { name: string; id: string; arn: string }>;
}

/** App Runner state of `account` in `region` (created empty on first use). */
export function appRunnerState(world: SandboxWorld, account: string, region: string): AppRunnerState {
  return world.regional(APPRUNNER_SERVICE, account, region, () => ({ services: new Map() }));
}

/** Places an App Runner service in `account`/`region`; returns its ARN. */
export function plantAppRunnerService(
  world: SandboxWorld,
  account: string,
  region: string,
  name: string,
): string {
  const id = createHash('sha256').update(`${account}/${region}/${name}`).digest('hex').slice(0, 32);
  const arn = `arn:aws:apprunner:${region}:${account}:service/${name}/${id}`;
  appRunnerState(world, account, region).services.set(arn, { name, id, arn });
  return arn;
}

/** True when the App Runner service this ARN names exists. */
export function appRunnerServiceExists(world: SandboxWorld, arn: string): boolean {
  const m = /^arn:aws:apprunner:([a-z0-9-]+):(\d{12}):service\//.exec(arn);
  return Boolean(m && appRunnerState(world, m[2]!, m[1]!).services.has(arn));
}

/** The simulated App Runner service (service listing). */
export const appRunnerService = defineService({
  name: APPRUNNER_SERVICE,
  clientName: 'AppRunnerClient',
  scope: 'regional',
  protocol: 'json',
  operations: {
    ListServices: (ctx, input: ListServicesCommandInput): Out<ListServicesCommandOutput> => {
      const all = [...appRunnerState(ctx.world, ctx.account, ctx.region).services.values()];
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 20,
        limit: 20,
        errorName: 'InvalidRequestException',
      });
      return {
        ServiceSummaryList: page.map((s) => ({
          ServiceName: s.name,
          ServiceId: s.id,
          ServiceArn: s.arn,
          ServiceUrl: `${s.id.slice(0, 10)}.${ctx.region}.awsapprunner.com`,
          CreatedAt: new Date(0),
          UpdatedAt: new Date(0),
          Status: 'RUNNING',
        })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
  },
});
