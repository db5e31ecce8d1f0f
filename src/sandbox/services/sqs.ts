/**
 * Amazon SQS in the sandbox, reduced to what sra-kit reads: listing queues, resolving a queue URL and reading
 * queue attributes (encryption and redrive). Queues are created by other simulated services through
 * {@link createQueueState} (Security Lake's `CreateDataLake` creates its manager queue and dead-letter queue).
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueues.html (prefix filter;
 *   without MaxResults up to 1,000 URLs and no NextToken; MaxResults 1–1000)
 * - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html
 *   (`QueueDoesNotExist` for an unknown name)
 * - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
 *   (`All` or named attributes; `InvalidAttributeName` for an unknown one; unset attributes are omitted)
 * - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
 *   (new queues get SSE-SQS unless a KMS key is given: `SqsManagedSseEnabled` / `KmsMasterKeyId`)
 * - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
 *
 * Protocol: current SDKs talk JSON 1.0 to SQS (with the query-compatible error codes), so common errors use
 * the JSON names.
 *
 * Not modelled: messages, queue policies and cross-account access (a URL of another account is refused),
 * FIFO queues, CreateQueue/SetQueueAttributes/DeleteQueue.
 */
import type {
  GetQueueAttributesCommandInput,
  GetQueueAttributesCommandOutput,
  GetQueueUrlCommandInput,
  GetQueueUrlCommandOutput,
  ListQueuesCommandInput,
  ListQueuesCommandOutput,
  QueueAttributeName,
} from '@aws-sdk/client-sqs';
import { InvalidAttributeName, QueueDoesNotExist } from '@aws-sdk/client-sqs';
import { defineService, type CallContext } from '../core/service.js';
import type { SandboxWorld } from '../core/state.js';
import { paginate } from '../core/paginate.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of SQS in the sandbox (its IAM action prefix). */
export const SQS_SERVICE = 'sqs';

/** A simulated queue. */
export interface SqsQueue {
  /** Queue name. */
  name: string;
  /** Queue ARN. */
  arn: string;
  /** Queue URL. */
  url: string;
  /** `KmsMasterKeyId` when SSE-KMS is used. */
  kmsMasterKeyId?: string;
  /** Whether SSE-SQS is on (false when SSE-KMS is used or encryption is off). */
  sqsManagedSse: boolean;
  /** Redrive policy: where messages go after `maxReceiveCount` failed receives. */
  redrivePolicy?: { deadLetterTargetArn: string; maxReceiveCount: number };
  /** Creation time, epoch ms of the sandbox clock. */
  createdAt: number;
}

/** The SQS state of one account in one Region. */
export interface SqsRegionState {
  /** Queues by name. */
  queues: Map<string, SqsQueue>;
}

/** The SQS state of `account` in `region`. */
export function sqsState(world: SandboxWorld, account: string, region: string): SqsRegionState {
  return world.regional<SqsRegionState>(SQS_SERVICE, account, region, () => ({ queues: new Map() }));
}

/** The URL of queue `name` of `account` in `region`. */
export function sqsQueueUrl(account: string, region: string, name: string): string {
  // The sandbox world is in the `aws` partition.
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
}

/** What another simulated service asks for when it creates a queue. */
export interface NewSqsQueue {
  /** Queue name. */
  name: string;
  /** A KMS key (id, ARN or alias) for SSE-KMS; without one the queue gets SSE-SQS, the SQS default. */
  kmsMasterKeyId?: string;
  /** Redrive policy. */
  redrivePolicy?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

/**
 * Creates (or, when the name exists, reconfigures) a queue of `account` in `region`, for services that create
 * queues on the caller's behalf. Returns the queue.
 */
export function createQueueState(
  world: SandboxWorld,
  account: string,
  region: string,
  q: NewSqsQueue,
  now: number,
): SqsQueue {
  const st = sqsState(world, account, region);
  const queue: SqsQueue = {
    name: q.name,
    arn: `arn:${world.partition}:sqs:${region}:${account}:${q.name}`,
    url: sqsQueueUrl(account, region, q.name),
    ...(q.kmsMasterKeyId ? { kmsMasterKeyId: q.kmsMasterKeyId } : {}),
    sqsManagedSse: !q.kmsMasterKeyId,
    ...(q.redrivePolicy ? { redrivePolicy: { ...q.redrivePolicy } } : {}),
    createdAt: st.queues.get(q.name)?.createdAt ?? now,
  };
  st.queues.set(q.name, queue);
  return queue;
}

const ATTRIBUTE_NAMES: readonly string[] = [
  'All',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'ContentBasedDeduplication',
  'CreatedTimestamp',
  'DeduplicationScope',
  'DelaySeconds',
  'FifoQueue',
  'FifoThroughputLimit',
  'KmsDataKeyReusePeriodSeconds',
  'KmsMasterKeyId',
  'LastModifiedTimestamp',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'Policy',
  'QueueArn',
  'ReceiveMessageWaitTimeSeconds',
  'RedriveAllowPolicy',
  'RedrivePolicy',
  'SqsManagedSseEnabled',
  'VisibilityTimeout',
];

/** The attributes of a standard queue with SQS's documented defaults, as strings like the API returns them. */
function attributesOf(q: SqsQueue): Record<string, string> {
  const seconds = String(Math.floor(q.createdAt / 1000));
  return {
    ApproximateNumberOfMessages: '0',
    ApproximateNumberOfMessagesDelayed: '0',
    ApproximateNumberOfMessagesNotVisible: '0',
    CreatedTimestamp: seconds,
    DelaySeconds: '0',
    LastModifiedTimestamp: seconds,
    MaximumMessageSize: '262144',
    MessageRetentionPeriod: '345600',
    QueueArn: q.arn,
    ReceiveMessageWaitTimeSeconds: '0',
    VisibilityTimeout: '30',
    SqsManagedSseEnabled: String(q.sqsManagedSse),
    ...(q.kmsMasterKeyId ? { KmsMasterKeyId: q.kmsMasterKeyId, KmsDataKeyReusePeriodSeconds: '300' } : {}),
    ...(q.redrivePolicy ? { RedrivePolicy: JSON.stringify(q.redrivePolicy) } : {}),
  };
}

function notFound(ctx: CallContext): Error {
  return ctx.error('QueueDoesNotExist', 'The specified queue does not exist.', { status: 400 });
}

/** The caller's queue a URL names; other accounts' queues are refused (queue policies are not modelled). */
function queueAt(ctx: CallContext, url: string | undefined): SqsQueue {
  const m = /^https?:\/\/[^/]+\/(\d{12})\/([\w-]{1,80}(?:\.fifo)?)$/.exec(url ?? '');
  if (!m) throw notFound(ctx);
  const [, account, name] = m as unknown as [string, string, string];
  if (account !== ctx.account) {
    throw ctx.error(
      'AccessDeniedException',
      `User: ${ctx.principal.arn} is not authorized to perform: sqs:${ctx.operation} on resource: ` +
        `arn:${ctx.world.partition}:sqs:${ctx.region}:${account}:${name}`,
      { status: 403 },
    );
  }
  const q = sqsState(ctx.world, ctx.account, ctx.region).queues.get(name);
  if (!q) throw notFound(ctx);
  return q;
}

/** The simulated SQS service. */
export const sqsService = defineService({
  name: SQS_SERVICE,
  clientName: 'SQSClient',
  scope: 'regional',
  protocol: 'json',
  modeledErrors: { InvalidAttributeName, QueueDoesNotExist },
  operations: {
    ListQueues: (ctx, input: ListQueuesCommandInput): Out<ListQueuesCommandOutput> => {
      const prefix = input.QueueNamePrefix ?? '';
      const urls = [...sqsState(ctx.world, ctx.account, ctx.region).queues.values()]
        .filter((q) => q.name.startsWith(prefix))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((q) => q.url);
      if (input.MaxResults === undefined) {
        // Without MaxResults the response holds at most 1,000 URLs and never a NextToken.
        const page = urls.slice(0, 1000);
        return page.length > 0 ? { QueueUrls: page } : {};
      }
      const { page, nextToken } = paginate(ctx, urls, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 1000,
        limit: 1000,
        errorName: 'InvalidParameterValue',
      });
      return {
        ...(page.length > 0 ? { QueueUrls: page } : {}),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    GetQueueUrl: (ctx, input: GetQueueUrlCommandInput): Out<GetQueueUrlCommandOutput> => {
      const owner = input.QueueOwnerAWSAccountId ?? ctx.account;
      if (owner !== ctx.account) throw notFound(ctx);
      const q = sqsState(ctx.world, ctx.account, ctx.region).queues.get(input.QueueName ?? '');
      if (!q) throw notFound(ctx);
      return { QueueUrl: q.url };
    },

    GetQueueAttributes: (
      ctx,
      input: GetQueueAttributesCommandInput,
    ): Out<GetQueueAttributesCommandOutput> => {
      const q = queueAt(ctx, input.QueueUrl);
      const wanted: readonly QueueAttributeName[] = input.AttributeNames ?? [];
      for (const n of wanted) {
        if (!ATTRIBUTE_NAMES.includes(n)) {
          throw ctx.error('InvalidAttributeName', `Unknown Attribute ${n}.`, { status: 400 });
        }
      }
      // Without AttributeNames, no attributes are returned.
      if (wanted.length === 0) return {};
      const all = attributesOf(q);
      const names = wanted.includes('All') ? Object.keys(all) : wanted;
      const out: Record<string, string> = {};
      for (const n of names) if (all[n] !== undefined) out[n] = all[n];
      return Object.keys(out).length > 0 ? { Attributes: out } : {};
    },
  },
});
