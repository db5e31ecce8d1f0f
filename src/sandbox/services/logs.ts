/**
 * Amazon CloudWatch Logs in the sandbox, reduced to log groups: create, describe, retention, tags and
 * delete, kept per account and Region. Log events and streams are not simulated (CloudTrail's delivery
 * to a log group is reported by CloudTrail's own status, not stored here).
 *
 * Pages followed:
 * - https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
 *   (name 1–512 characters of `[\.\-_/#A-Za-z0-9]`, `ResourceAlreadyExistsException` when taken,
 *   tags at creation)
 * - https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
 *   (`logGroupNamePrefix`, `limit` 1–50 with default 50, `nextToken`; groups sorted by name)
 * - https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 *   (the accepted retention values)
 * - https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteRetentionPolicy.html
 * - https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html
 * - https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html and
 *   API_ListTagsForResource.html (by log group ARN without the trailing `:*`)
 */
import type {
  CreateLogGroupCommandInput,
  DeleteLogGroupCommandInput,
  DeleteRetentionPolicyCommandInput,
  DescribeLogGroupsCommandInput,
  DescribeLogGroupsCommandOutput,
  ListTagsForResourceCommandInput,
  ListTagsForResourceCommandOutput,
  PutRetentionPolicyCommandInput,
  TagResourceCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  InvalidParameterException,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { paginate } from '../core/paginate.js';
import { defineService, type CallContext } from '../core/service.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of CloudWatch Logs in the sandbox (its IAM action prefix). */
export const LOGS_SERVICE = 'logs';

/** Retention values PutRetentionPolicy accepts. */
const RETENTION_DAYS = new Set([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);

/** One log group. */
export interface SandboxLogGroup {
  /** Log group name. */
  name: string;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Retention in days; undefined when events never expire. */
  retentionInDays?: number;
  /** KMS key ARN, when one encrypts the group. */
  kmsKeyId?: string;
  /** Tags. */
  tags: Record<string, string>;
}

/** Log groups of `account` in `region`, by name. */
export function logGroups(
  world: SandboxWorld,
  account: string,
  region: string,
): Map<string, SandboxLogGroup> {
  return world.regional(LOGS_SERVICE, account, region, () => new Map<string, SandboxLogGroup>());
}

/** ARN of a log group, in the `:*` form DescribeLogGroups returns. */
export function logGroupArn(region: string, account: string, name: string): string {
  return `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
}

function invalid(ctx: CallContext, message: string): Error {
  return ctx.error(InvalidParameterException.name, message, { status: 400 });
}

function checkName(ctx: CallContext, name: string | undefined): string {
  const n = name ?? '';
  if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(n)) {
    throw invalid(
      ctx,
      `1 validation error detected: Value '${n}' at 'logGroupName' failed to satisfy constraint`,
    );
  }
  return n;
}

function groupFor(ctx: CallContext, name: string | undefined): SandboxLogGroup {
  const n = checkName(ctx, name);
  const g = logGroups(ctx.world, ctx.account, ctx.region).get(n);
  if (!g) {
    throw ctx.error(ResourceNotFoundException.name, 'The specified log group does not exist.', {
      status: 400,
    });
  }
  return g;
}

/** The group named by a log group ARN of the caller (with or without the trailing `:*`). */
function groupByArn(ctx: CallContext, arn: string | undefined): SandboxLogGroup {
  const m = /^arn:aws[\w-]*:logs:([a-z0-9-]+):(\d{12}):log-group:(.+?)(:\*)?$/.exec(arn ?? '');
  if (!m || m[1] !== ctx.region || m[2] !== ctx.account) {
    throw ctx.error(ResourceNotFoundException.name, `The specified resource ${arn ?? ''} does not exist.`, {
      status: 400,
    });
  }
  return groupFor(ctx, m[3]);
}

/** The simulated Amazon CloudWatch Logs service (log groups only). */
export const logsService = defineService({
  name: LOGS_SERVICE,
  clientName: 'CloudWatchLogsClient',
  scope: 'regional',
  protocol: 'json',
  modeledErrors: { InvalidParameterException, ResourceAlreadyExistsException, ResourceNotFoundException },
  operations: {
    CreateLogGroup: (ctx, input: CreateLogGroupCommandInput): Record<string, never> => {
      const name = checkName(ctx, input.logGroupName);
      const groups = logGroups(ctx.world, ctx.account, ctx.region);
      if (groups.has(name)) {
        throw ctx.error(ResourceAlreadyExistsException.name, 'The specified log group already exists', {
          status: 400,
        });
      }
      groups.set(name, {
        name,
        createdAt: ctx.clock.now(),
        tags: { ...(input.tags ?? {}) },
        ...(input.kmsKeyId ? { kmsKeyId: input.kmsKeyId } : {}),
      });
      return {};
    },

    DescribeLogGroups: (ctx, input: DescribeLogGroupsCommandInput): Out<DescribeLogGroupsCommandOutput> => {
      if (input.limit !== undefined && (input.limit < 1 || input.limit > 50)) {
        throw invalid(ctx, `Value '${input.limit}' at 'limit' failed to satisfy constraint`);
      }
      const prefix = input.logGroupNamePrefix ?? '';
      const all = [...logGroups(ctx.world, ctx.account, ctx.region).values()]
        .filter((g) => g.name.startsWith(prefix))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.limit,
        nextToken: input.nextToken,
        defaultMax: 50,
        limit: 50,
        errorName: InvalidParameterException.name,
      });
      return {
        logGroups: page.map((g) => ({
          logGroupName: g.name,
          creationTime: g.createdAt,
          arn: logGroupArn(ctx.region, ctx.account, g.name),
          logGroupArn: logGroupArn(ctx.region, ctx.account, g.name).replace(/:\*$/, ''),
          storedBytes: 0,
          metricFilterCount: 0,
          ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
          ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}),
        })),
        ...(nextToken !== undefined ? { nextToken } : {}),
      };
    },

    PutRetentionPolicy: (ctx, input: PutRetentionPolicyCommandInput): Record<string, never> => {
      const g = groupFor(ctx, input.logGroupName);
      const days = input.retentionInDays ?? 0;
      if (!RETENTION_DAYS.has(days)) {
        throw invalid(ctx, `Value '${days}' at 'retentionInDays' failed to satisfy constraint`);
      }
      g.retentionInDays = days;
      return {};
    },

    DeleteRetentionPolicy: (ctx, input: DeleteRetentionPolicyCommandInput): Record<string, never> => {
      delete groupFor(ctx, input.logGroupName).retentionInDays;
      return {};
    },

    DeleteLogGroup: (ctx, input: DeleteLogGroupCommandInput): Record<string, never> => {
      const g = groupFor(ctx, input.logGroupName);
      logGroups(ctx.world, ctx.account, ctx.region).delete(g.name);
      return {};
    },

    TagResource: (ctx, input: TagResourceCommandInput): Record<string, never> => {
      const g = groupByArn(ctx, input.resourceArn);
      Object.assign(g.tags, input.tags ?? {});
      return {};
    },

    ListTagsForResource: (
      ctx,
      input: ListTagsForResourceCommandInput,
    ): Out<ListTagsForResourceCommandOutput> => ({ tags: { ...groupByArn(ctx, input.resourceArn).tags } }),
  },
});
