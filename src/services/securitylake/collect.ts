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
 * The encryption of the lake's SQS queues (the manager queue and its dead-letter queue) is an SQS attribute
 * (`sqs:GetQueueAttributes` → `KmsMasterKeyId`): sra-kit has no SQS client yet, so the slice records that
 * datum as a `not-implemented` failure and the controls that need it report ERROR, never PASS or FAIL.
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

/** Encryption of the lake's SQS queues (never read yet: see the module comment). */
export interface SecurityLakeQueueEncryption {
  /** `KmsMasterKeyId` of the manager queue. */
  queueKmsKeyId?: string;
  /** `KmsMasterKeyId` of the dead-letter queue. */
  deadLetterQueueKmsKeyId?: string;
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
  /** Administrator with a lake only: encryption of the lake's queues (not readable yet). */
  queueEncryption?: Datum<SecurityLakeQueueEncryption>;
}

/** Why the queue encryption datum is missing, as a `not-implemented` failure of `sqs:GetQueueAttributes`. */
function queueEncryptionUnread(ctx: CollectContext): Datum<SecurityLakeQueueEncryption> {
  return {
    ok: false,
    error: {
      kind: 'not-implemented',
      message:
        'sra-kit cannot read the encryption of the Security Lake SQS queues yet: it needs an SQS client ' +
        '(@aws-sdk/client-sqs, sqs:GetQueueAttributes → KmsMasterKeyId). Check the queues ' +
        `AmazonSecurityLakeManager-${ctx.region}-* by hand.`,
      account: ctx.account,
      region: ctx.region,
      operation: 'sqs:GetQueueAttributes',
    },
  };
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
  ],
  async collect(ctx) {
    const admins = delegatedAdminsOf(organizationSliceOf(ctx.organization), SECURITY_LAKE_PRINCIPAL);
    if (admins === undefined) return { administrator: null };
    if (!admins.includes(ctx.account)) return { administrator: false };
    const dataLake = await readDataLake(ctx);
    if (!dataLake.ok || dataLake.value === null) return { administrator: true, dataLake };
    const [sources, autoEnable, subscribers] = await Promise.all([
      readSources(ctx),
      readAutoEnable(ctx),
      readSubscribers(ctx),
    ]);
    return {
      administrator: true,
      dataLake,
      sources,
      autoEnable,
      subscribers,
      queueEncryption: queueEncryptionUnread(ctx),
    };
  },
});
