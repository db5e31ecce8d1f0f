/**
 * AWS Config collectors.
 *
 * - `config` (region scope, every account × governed Region): the customer managed configuration
 *   recorder (settings and status) and the delivery channel — three reads.
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorders.html
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeDeliveryChannels.html
 *   Service-linked recorders (those with a `servicePrincipal`, created by other AWS services for their
 *   own narrow purposes) are left out: they do not record the account's resources for you.
 *   https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html
 *   A Control Tower recorder (`aws-controltower-BaselineConfigRecorder`) is customer managed and counts.
 * - `config-aggregators` (account scope, home Region): configuration aggregators and their source
 *   status, read only where an organization aggregator can exist — the management account and the
 *   delegated administrators of `config.amazonaws.com` per the `organizations` slice (every account
 *   when that slice is unreadable).
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationAggregators.html
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationAggregatorSourcesStatus.html
 */
import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
  type ConfigurationRecorder,
  type DescribeConfigurationAggregatorSourcesStatusCommandOutput,
  type DescribeConfigurationAggregatorsCommandOutput,
  type DescribeConfigurationRecorderStatusCommandOutput,
  type DescribeConfigurationRecordersCommandOutput,
  type DescribeDeliveryChannelsCommandOutput,
  type ConfigurationRecorderStatus,
} from '@aws-sdk/client-config-service';
import { defineCollector, type Datum } from '../../observe/types.js';
import { delegatedAdminsOf, organizationSliceOf } from '../organizations/collect.js';
import { mapDatum, ok } from '../s3/datum.js';

/** Id of the region-scope Config collector. */
export const CONFIG = 'config';
/** Id of the account-scope aggregator collector. */
export const CONFIG_AGGREGATORS = 'config-aggregators';
/** Config's service principal (aggregators, delegated administrator). */
export const CONFIG_PRINCIPAL = 'config.amazonaws.com';

/** A customer managed configuration recorder with its status. */
export interface RecorderInfo {
  /** Recorder name. */
  name: string;
  /** IAM role Config records with. */
  roleArn?: string;
  /** Records every supported resource type. */
  allSupported: boolean;
  /** Records global resource types (IAM users, groups, roles, policies). */
  includeGlobalResourceTypes: boolean;
  /** `ALL_SUPPORTED_RESOURCE_TYPES`, `INCLUSION_BY_RESOURCE_TYPES` or `EXCLUSION_BY_RESOURCE_TYPES`. */
  recordingStrategy?: string;
  /** Resource types excluded (exclusion strategy). */
  excludedResourceTypes?: string[];
  /** Resource types listed for inclusion (inclusion strategy). */
  resourceTypes?: string[];
  /** `CONTINUOUS` or `DAILY`. */
  recordingFrequency?: string;
  /** Whether the recorder is recording; undefined when its status could not be matched. */
  recording?: boolean;
  /** `Pending`, `Success` or `Failure`. */
  lastStatus?: string;
  /** Error code of the last failure. */
  lastErrorCode?: string;
  /** Error message of the last failure. */
  lastErrorMessage?: string;
  /** When the last status changed (ISO 8601). */
  lastStatusChangeTime?: string;
}

/** A delivery channel. */
export interface DeliveryChannelInfo {
  /** Channel name. */
  name: string;
  /** Destination bucket. */
  s3BucketName: string;
  /** Key prefix. */
  s3KeyPrefix?: string;
  /** KMS key ARN for delivered objects. */
  s3KmsKeyArn?: string;
  /**
   * How often configuration snapshots are delivered (`One_Hour` … `TwentyFour_Hours`); absent when the
   * channel does not set it, which AWS Config treats as every 24 hours.
   * https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigSnapshotDeliveryProperties.html
   */
  deliveryFrequency?: string;
}

/** Region-scope slice: the recorder and delivery channel of one account in one Region. */
export interface ConfigSlice {
  /** The customer managed recorder; `null` when the account has none in this Region. */
  recorder: Datum<RecorderInfo | null>;
  /** The recorder's status (recording, last status), merged into `recorder` when both were read. */
  status: Datum<true>;
  /** The delivery channel; `null` when none. */
  deliveryChannel: Datum<DeliveryChannelInfo | null>;
}

/** A configuration aggregator with its source status. */
export interface AggregatorInfo {
  /** Aggregator name. */
  name: string;
  /** Aggregator ARN. */
  arn: string;
  /** Organization source, when it aggregates the organization. */
  organizationSource?: { allAwsRegions: boolean; awsRegions: string[]; roleArn?: string };
  /** Account sources, when it aggregates listed accounts. */
  accountSources?: Array<{ accountIds: string[]; allAwsRegions: boolean; awsRegions: string[] }>;
  /** Status of each source (account or organization) and Region. */
  sourcesStatus: Datum<
    Array<{ sourceId: string; sourceType: string; region?: string; status: string; errorCode?: string }>
  >;
}

/** Account-scope slice of aggregators. */
export interface ConfigAggregatorsSlice {
  /** Aggregators in the home Region; absent when not read here (not a place an org aggregator can live). */
  aggregators?: Datum<AggregatorInfo[]>;
}

function recorderInfo(r: ConfigurationRecorder): RecorderInfo {
  const g = r.recordingGroup;
  return {
    name: r.name ?? 'default',
    ...(r.roleARN ? { roleArn: r.roleARN } : {}),
    // Config treats an omitted recording group as "all supported, including global types".
    allSupported: g?.allSupported ?? true,
    includeGlobalResourceTypes: g?.includeGlobalResourceTypes ?? g === undefined,
    ...(g?.recordingStrategy?.useOnly ? { recordingStrategy: g.recordingStrategy.useOnly } : {}),
    ...(g?.exclusionByResourceTypes?.resourceTypes?.length
      ? { excludedResourceTypes: g.exclusionByResourceTypes.resourceTypes }
      : {}),
    ...(g?.resourceTypes?.length ? { resourceTypes: g.resourceTypes } : {}),
    ...(r.recordingMode?.recordingFrequency
      ? { recordingFrequency: r.recordingMode.recordingFrequency }
      : {}),
  };
}

function withStatus(r: RecorderInfo, s: ConfigurationRecorderStatus | undefined): RecorderInfo {
  if (!s) return r;
  const changed = s.lastStatusChangeTime as Date | string | undefined;
  return {
    ...r,
    recording: s.recording === true,
    ...(s.lastStatus ? { lastStatus: s.lastStatus } : {}),
    ...(s.lastErrorCode ? { lastErrorCode: s.lastErrorCode } : {}),
    ...(s.lastErrorMessage ? { lastErrorMessage: s.lastErrorMessage } : {}),
    ...(changed
      ? { lastStatusChangeTime: changed instanceof Date ? changed.toISOString() : String(changed) }
      : {}),
  };
}

/** Reads the recorder, its status and the delivery channel of one account and Region. */
export const configCollector = defineCollector<ConfigSlice>({
  id: CONFIG,
  scope: 'region',
  reads: [
    'config:DescribeConfigurationRecorders',
    'config:DescribeConfigurationRecorderStatus',
    'config:DescribeDeliveryChannels',
  ],
  async collect(ctx) {
    const [recorders, statuses, channels] = await Promise.all([
      ctx.read<DescribeConfigurationRecordersCommandOutput>(
        ConfigServiceClient,
        new DescribeConfigurationRecordersCommand({}),
      ),
      ctx.read<DescribeConfigurationRecorderStatusCommandOutput>(
        ConfigServiceClient,
        new DescribeConfigurationRecorderStatusCommand({}),
      ),
      ctx.read<DescribeDeliveryChannelsCommandOutput>(
        ConfigServiceClient,
        new DescribeDeliveryChannelsCommand({}),
      ),
    ]);
    const customer = mapDatum(recorders, (o) =>
      (o.ConfigurationRecorders ?? []).filter((r) => !r.servicePrincipal && r.recordingScope !== 'INTERNAL'),
    );
    const recorder: Datum<RecorderInfo | null> = mapDatum(customer, (rs) => {
      const r = rs[0];
      if (!r) return null;
      const info = recorderInfo(r);
      const s = statuses.ok
        ? (statuses.value.ConfigurationRecordersStatus ?? []).find((x) => (x.name ?? 'default') === info.name)
        : undefined;
      return withStatus(info, s);
    });
    return {
      recorder,
      status: mapDatum(statuses, () => true as const),
      deliveryChannel: mapDatum(channels, (o) => {
        const c = o.DeliveryChannels?.[0];
        if (!c) return null;
        return {
          name: c.name ?? 'default',
          s3BucketName: c.s3BucketName ?? '',
          ...(c.s3KeyPrefix ? { s3KeyPrefix: c.s3KeyPrefix } : {}),
          ...(c.s3KmsKeyArn ? { s3KmsKeyArn: c.s3KmsKeyArn } : {}),
          ...(c.configSnapshotDeliveryProperties?.deliveryFrequency
            ? { deliveryFrequency: c.configSnapshotDeliveryProperties.deliveryFrequency }
            : {}),
        };
      }),
    };
  },
});

/** Reads aggregators in the management account and the Config delegated administrators. */
export const configAggregatorsCollector = defineCollector<ConfigAggregatorsSlice>({
  id: CONFIG_AGGREGATORS,
  scope: 'account',
  reads: ['config:DescribeConfigurationAggregators', 'config:DescribeConfigurationAggregatorSourcesStatus'],
  async collect(ctx) {
    const admins = delegatedAdminsOf(organizationSliceOf(ctx.organization), CONFIG_PRINCIPAL);
    const eligible =
      admins === undefined || ctx.account === ctx.managementAccountId || admins.includes(ctx.account);
    if (!eligible) return {};
    const listed = await ctx.readAll(
      ConfigServiceClient,
      (cursor) => new DescribeConfigurationAggregatorsCommand({ ...cursor }),
      (page: DescribeConfigurationAggregatorsCommandOutput) => page.ConfigurationAggregators,
      { region: ctx.homeRegion },
    );
    if (!listed.ok) return { aggregators: listed };
    const aggregators = await Promise.all(
      listed.value.map(async (a): Promise<AggregatorInfo> => {
        const name = a.ConfigurationAggregatorName ?? '';
        const status = await ctx.readAll(
          ConfigServiceClient,
          (cursor) =>
            new DescribeConfigurationAggregatorSourcesStatusCommand({
              ConfigurationAggregatorName: name,
              ...cursor,
            }),
          (page: DescribeConfigurationAggregatorSourcesStatusCommandOutput) =>
            page.AggregatedSourceStatusList,
          { region: ctx.homeRegion },
        );
        const org = a.OrganizationAggregationSource;
        return {
          name,
          arn: a.ConfigurationAggregatorArn ?? '',
          ...(org
            ? {
                organizationSource: {
                  allAwsRegions: org.AllAwsRegions === true,
                  awsRegions: org.AwsRegions ?? [],
                  ...(org.RoleArn ? { roleArn: org.RoleArn } : {}),
                },
              }
            : {}),
          ...(a.AccountAggregationSources?.length
            ? {
                accountSources: a.AccountAggregationSources.map((s) => ({
                  accountIds: s.AccountIds ?? [],
                  allAwsRegions: s.AllAwsRegions === true,
                  awsRegions: s.AwsRegions ?? [],
                })),
              }
            : {}),
          sourcesStatus: mapDatum(status, (list) =>
            list.map((s) => ({
              sourceId: s.SourceId ?? '',
              sourceType: s.SourceType ?? '',
              ...(s.AwsRegion ? { region: s.AwsRegion } : {}),
              status: s.LastUpdateStatus ?? 'UNKNOWN',
              ...(s.LastErrorCode ? { errorCode: s.LastErrorCode } : {}),
            })),
          ),
        };
      }),
    );
    return { aggregators: ok(aggregators) };
  },
});
