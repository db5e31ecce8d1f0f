/**
 * Amazon Security Lake collector (`security-lake`, region scope).
 *
 * Security Lake keeps the organization's data lake in the delegated administrator account (the SRA puts it in
 * the log archive account), one lake per Region, collecting the AWS log sources of every member account. The
 * administrator is the same in all Regions and is read from the Organizations slice (Security Lake has no
 * API that names it), so this collector makes its reads only in that account; in every other account it
 * records that it is not the administrator and reads nothing.
 *
 * In the administrator, per governed Region:
 * - `ListDataLakes` (only this Region) — the lake, its encryption and status.
 *   https://docs.aws.amazon.com/security-lake/latest/APIReference/API_ListDataLakes.html
 * Then, only when a lake exists in the Region:
 * - `ListLogSources` (this Region, paginated) — which account contributes which source at which version.
 *   https://docs.aws.amazon.com/security-lake/latest/APIReference/API_ListLogSources.html
 * - `GetDataLakeOrganizationConfiguration` — the sources auto-enabled for accounts that join later; only the
 *   entry of this Region is kept.
 *   https://docs.aws.amazon.com/security-lake/latest/APIReference/API_GetDataLakeOrganizationConfiguration.html
 * - `ListSubscribers` (paginated) — who may read the lake, and how (S3 data access, Lake Formation queries).
 *   https://docs.aws.amazon.com/security-lake/latest/APIReference/API_ListSubscribers.html
 *
 * - `sqs:ListQueues` (prefix `AmazonSecurityLakeManager-<region>`) and `sqs:GetQueueAttributes` of each queue
 *   found — the lake's manager queue (S3 object notifications for its processing Lambda) and the dead-letter
 *   queue its redrive policy names; only their encryption and redrive target are kept.
 *   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueues.html
 *   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
 *   The names are the ones Security Lake gives them (its service-linked role manages
 *   `AmazonSecurityLakeManager-*` queues:
 *   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SecurityLakeResourceManagementServiceRolePolicy.html).
 */
import {
  GetDataLakeOrganizationConfigurationCommand,
  ListDataLakesCommand,
  ListLogSourcesCommand,
  ListSubscribersCommand,
  SecurityLakeClient,
  type GetDataLakeOrganizationConfigurationCommandOutput,
  type ListDataLakesCommandOutput,
  type ListLogSourcesCommandOutput,
  type ListSubscribersCommandOutput,
  type LogSource,
  type SubscriberResource,
} from '@aws-sdk/client-securitylake';
import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  SQSClient,
  type GetQueueAttributesCommandOutput,
  type ListQueuesCommandOutput,
} from '@aws-sdk/client-sqs';
import { delegatedAdminsOf, organizationSliceOf } from '../organizations/collect.js';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';

/** Id of the region-scope Security Lake slice. */
export const SECURITY_LAKE = 'security-lake';

/** Service principal of Security Lake in Organizations. */
export const SECURITY_LAKE_PRINCIPAL = 'securitylake.amazonaws.com';

/** What `ListDataLakes` reports about a lake, reduced to what the controls read. */
export interface SecurityLakeDataLakeInfo {
  /** Data lake ARN. */
  arn: string;
  /** KMS key id or ARN of the lake, or `S3_MANAGED_KEY`. */
  kmsKeyId: string;
  /** `COMPLETED`, `PENDING`, `INITIALIZED` or `FAILED`. */
  createStatus?: string;
  /** Rollup Regions this lake replicates to. */
  replicationRegions?: string[];
}

/** A subscriber, reduced to what the controls read. */
export interface SecurityLakeSubscriberInfo {
  /** Subscriber id. */
  id: string;
  /** Subscriber name (free text: escape before rendering). */
  name: string;
  /** The consuming principal (an account id). */
  principal: string;
  /** `S3` (data access) and/or `LAKEFORMATION` (query access). */
  accessTypes: string[];
  /** `ACTIVE`, `DEACTIVATED`, `PENDING` or `READY`. */
  status?: string;
}

/** One of the lake's SQS queues, reduced to its encryption. */
export interface SecurityLakeQueueInfo {
  /** Queue name. */
  name: string;
  /** Queue ARN. */
  arn: string;
  /** `KmsMasterKeyId` (key id, ARN or alias) when the queue uses SSE-KMS. */
  kmsKeyId?: string;
  /** True when the queue uses SSE-SQS (an SQS-owned key). */
  sqsManagedSse: boolean;
}

/** The lake's SQS queues in one Region; `null` when a queue was not found. */
export interface SecurityLakeQueues {
  /** The manager queue (`AmazonSecurityLakeManager-<region>-Queue`). */
  queue: SecurityLakeQueueInfo | null;
  /** Its dead-letter queue (the manager queue's redrive target, normally `…-Dlq`). */
  deadLetterQueue: SecurityLakeQueueInfo | null;
}

/** The region-scope Security Lake slice of one account. */
export interface SecurityLakeSlice {
  /**
   * Whether the account is the delegated Security Lake administrator per the Organizations slice; `null`
   * when that is unknown (the Organizations data is missing), in which case nothing was read.
   */
  administrator: boolean | null;
  /** Administrator only: the lake in this Region, `null` when there is none. */
  dataLake?: Datum<SecurityLakeDataLakeInfo | null>;
  /** Administrator with a lake only: account → source name → source version. */
  sources?: Datum<Record<string, Record<string, string>>>;
  /** Administrator with a lake only: sources auto-enabled for new accounts here (name → version); `null`: none. */
  autoEnable?: Datum<Record<string, string> | null>;
  /** Administrator with a lake only: the lake's subscribers. */
  subscribers?: Datum<SecurityLakeSubscriberInfo[]>;
  /** Administrator with a lake only: the lake's SQS queues and their encryption. */
  queues?: Datum<SecurityLakeQueues>;
}

/** Prefix of the names of the SQS queues Security Lake creates for its lake in `region`. */
export function lakeQueuePrefix(region: string): string {
  return `AmazonSecurityLakeManager-${region}`;
}

const QUEUE_ATTRIBUTES = ['QueueArn', 'KmsMasterKeyId', 'SqsManagedSseEnabled', 'RedrivePolicy'] as const;

/** The dead-letter target ARN of a `RedrivePolicy` attribute (a JSON string), if any. */
function redriveTarget(policy: string | undefined): string | undefined {
  if (!policy) return undefined;
  try {
    const parsed = JSON.parse(policy) as { deadLetterTargetArn?: unknown };
    return typeof parsed.deadLetterTargetArn === 'string' ? parsed.deadLetterTargetArn : undefined;
  } catch {
    return undefined;
  }
}

async function readQueues(ctx: CollectContext): Promise<Datum<SecurityLakeQueues>> {
  const prefix = lakeQueuePrefix(ctx.region);
  const listed = await ctx.readAll<ListQueuesCommandOutput, string>(
    SQSClient,
    (cursor) => new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 1000, ...cursor }),
    (page) => page.QueueUrls,
  );
  if (!listed.ok) return listed;
  const found: Array<SecurityLakeQueueInfo & { redriveTo?: string }> = [];
  for (const url of listed.value) {
    const d = await ctx.read<GetQueueAttributesCommandOutput>(
      SQSClient,
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...QUEUE_ATTRIBUTES] }),
    );
    if (!d.ok) return d;
    const a = d.value.Attributes ?? {};
    const redriveTo = redriveTarget(a.RedrivePolicy);
    found.push({
      name: url.slice(url.lastIndexOf('/') + 1),
      arn: a.QueueArn ?? '',
      ...(a.KmsMasterKeyId ? { kmsKeyId: a.KmsMasterKeyId } : {}),
      sqsManagedSse: a.SqsManagedSseEnabled === 'true',
      ...(redriveTo ? { redriveTo } : {}),
    });
  }
  const queue = found.find((q) => q.name === `${prefix}-Queue`) ?? found.find((q) => q.redriveTo) ?? null;
  const dlq =
    (queue?.redriveTo ? found.find((q) => q.arn === queue.redriveTo) : undefined) ??
    found.find((q) => q.name === `${prefix}-Dlq`) ??
    null;
  const strip = (q: (typeof found)[number] | null): SecurityLakeQueueInfo | null => {
    if (!q) return null;
    const { redriveTo: _ignored, ...info } = q;
    return info;
  };
  return { ok: true, value: { queue: strip(queue), deadLetterQueue: strip(dlq) } };
}

async function readDataLake(ctx: CollectContext): Promise<Datum<SecurityLakeDataLakeInfo | null>> {
  const d = await ctx.read<ListDataLakesCommandOutput>(
    SecurityLakeClient,
    new ListDataLakesCommand({ regions: [ctx.region] }),
  );
  if (!d.ok) return d;
  const lake = (d.value.dataLakes ?? []).find((l) => (l.region ?? ctx.region) === ctx.region);
  if (!lake) return { ok: true, value: null };
  const replication = lake.replicationConfiguration?.regions ?? [];
  return {
    ok: true,
    value: {
      arn: lake.dataLakeArn ?? '',
      kmsKeyId: lake.encryptionConfiguration?.kmsKeyId ?? 'S3_MANAGED_KEY',
      ...(lake.createStatus ? { createStatus: lake.createStatus } : {}),
      ...(replication.length > 0 ? { replicationRegions: replication } : {}),
    },
  };
}

async function readSources(ctx: CollectContext): Promise<Datum<Record<string, Record<string, string>>>> {
  const d = await ctx.readAll<ListLogSourcesCommandOutput, LogSource>(
    SecurityLakeClient,
    (cursor) => new ListLogSourcesCommand({ regions: [ctx.region], ...cursor }),
    (page) => page.sources,
  );
  if (!d.ok) return d;
  const out: Record<string, Record<string, string>> = {};
  for (const entry of d.value) {
    if (!entry.account || (entry.region && entry.region !== ctx.region)) continue;
    const byName = (out[entry.account] ??= {});
    for (const s of entry.sources ?? []) {
      const aws = 'awsLogSource' in s ? s.awsLogSource : undefined;
      if (aws?.sourceName) byName[aws.sourceName] = aws.sourceVersion ?? '';
    }
  }
  return { ok: true, value: out };
}

async function readAutoEnable(ctx: CollectContext): Promise<Datum<Record<string, string> | null>> {
  const d = await ctx.read<GetDataLakeOrganizationConfigurationCommandOutput>(
    SecurityLakeClient,
    new GetDataLakeOrganizationConfigurationCommand({}),
  );
  if (!d.ok) return d;
  const entry = (d.value.autoEnableNewAccount ?? []).find((e) => e.region === ctx.region);
  if (!entry || (entry.sources ?? []).length === 0) return { ok: true, value: null };
  const out: Record<string, string> = {};
  for (const s of entry.sources ?? []) if (s.sourceName) out[s.sourceName] = s.sourceVersion ?? '';
  return { ok: true, value: out };
}

async function readSubscribers(ctx: CollectContext): Promise<Datum<SecurityLakeSubscriberInfo[]>> {
  const d = await ctx.readAll<ListSubscribersCommandOutput, SubscriberResource>(
    SecurityLakeClient,
    (cursor) => new ListSubscribersCommand({ ...cursor }),
    (page) => page.subscribers,
  );
  if (!d.ok) return d;
  return {
    ok: true,
    value: d.value.map((s) => ({
      id: s.subscriberId ?? '',
      name: s.subscriberName ?? '',
      principal: s.subscriberIdentity?.principal ?? '',
      accessTypes: [...(s.accessTypes ?? [])],
      ...(s.subscriberStatus ? { status: s.subscriberStatus } : {}),
    })),
  };
}

/** Reads the organization's data lake in the delegated Security Lake administrator, per Region. */
export const securityLakeCollector = defineCollector<SecurityLakeSlice>({
  id: SECURITY_LAKE,
  scope: 'region',
  reads: [
    'securitylake:ListDataLakes',
    'securitylake:ListLogSources',
    'securitylake:GetDataLakeOrganizationConfiguration',
    'securitylake:ListSubscribers',
    'sqs:ListQueues',
    'sqs:GetQueueAttributes',
  ],
  async collect(ctx) {
    const admins = delegatedAdminsOf(organizationSliceOf(ctx.organization), SECURITY_LAKE_PRINCIPAL);
    if (admins === undefined) return { administrator: null };
    if (!admins.includes(ctx.account)) return { administrator: false };
    const dataLake = await readDataLake(ctx);
    if (!dataLake.ok || dataLake.value === null) return { administrator: true, dataLake };
    const [sources, autoEnable, subscribers, queues] = await Promise.all([
      readSources(ctx),
      readAutoEnable(ctx),
      readSubscribers(ctx),
      readQueues(ctx),
    ]);
    return {
      administrator: true,
      dataLake,
      sources,
      autoEnable,
      subscribers,
      queues,
    };
  },
});
