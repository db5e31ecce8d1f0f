/**
 * CloudTrail collector (organization scope): the organization trails, read once from the management
 * account, which owns every organization trail even when the CloudTrail delegated administrator
 * created it (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html).
 *
 * Reads, fewest calls first:
 * - `ListTrails` — every trail of the account, in every Region, with its home Region (one paginated
 *   call instead of one `DescribeTrails` per Region;
 *   https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTrails.html).
 * - `DescribeTrails` once per home Region that holds trails, without shadow trails, for the settings.
 * - For organization trails only: `GetTrailStatus` (logging, delivery times and errors) and
 *   `GetEventSelectors` (management and data events), both in the trail's home Region by ARN
 *   (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html,
 *   https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html).
 *
 * - For organization trails, also `ListTags` (sra-kit tags what it creates, so destroy can tell its trail
 *   from yours) and, when the trail delivers to a CloudWatch Logs log group of the management account,
 *   `logs:DescribeLogGroups` for that group (does it exist, what retention).
 *   https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTags.html
 *   https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
 *
 * The CloudTrail delegated administrator is not read here: AWS Organizations lists it
 * (`cloudtrail.amazonaws.com` in the `organizations` slice). A Control Tower trail
 * (`aws-controltower-BaselineCloudTrail`) is an ordinary organization trail of the management account
 * and is collected like any other.
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
  type AdvancedEventSelector,
  type EventSelector,
  type DescribeTrailsCommandOutput,
  type GetEventSelectorsCommandOutput,
  type GetTrailStatusCommandOutput,
  type ListTagsCommandOutput,
  type ListTrailsCommandOutput,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  type DescribeLogGroupsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';
import { mapDatum, ok } from '../s3/datum.js';

/** Id of the CloudTrail collector (its key in `inventory.organization`). */
export const CLOUDTRAIL = 'cloudtrail';

/** Logging and delivery state of a trail, as `GetTrailStatus` reports it (times in ISO 8601). */
export interface TrailStatusInfo {
  /** Whether the trail is logging. */
  isLogging: boolean;
  /** Last successful delivery of a log file to S3. */
  latestDeliveryTime?: string;
  /** Error code of the last failed S3 delivery (`AccessDenied`, `NoSuchBucket`, KMS errors…). */
  latestDeliveryError?: string;
  /** Last successful delivery of a digest file. */
  latestDigestDeliveryTime?: string;
  /** Error of the last failed digest delivery. */
  latestDigestDeliveryError?: string;
  /** Last successful delivery to CloudWatch Logs. */
  latestCloudWatchLogsDeliveryTime?: string;
  /** Error of the last failed CloudWatch Logs delivery. */
  latestCloudWatchLogsDeliveryError?: string;
  /** Last StartLogging. */
  startLoggingTime?: string;
  /** Last StopLogging. */
  stopLoggingTime?: string;
}

/** A basic event selector, reduced to what the controls read. */
export interface BasicSelectorInfo {
  /** `ReadOnly`, `WriteOnly` or `All`. */
  readWriteType: string;
  /** Whether management events are recorded. */
  includeManagementEvents: boolean;
  /** Management event sources left out (e.g. `kms.amazonaws.com`). */
  excludeManagementEventSources: string[];
  /** Data resources (`AWS::S3::Object`, `AWS::Lambda::Function`) and their ARN prefixes. */
  dataResources: Array<{ type: string; values: string[] }>;
}

/** One field condition of an advanced event selector. */
export interface AdvancedFieldInfo {
  /** `eventCategory`, `readOnly`, `resources.type`, `resources.ARN`, `eventSource`, … */
  field: string;
  /** Values the field must equal (any of). */
  equals?: string[];
  /** Values the field must not equal. */
  notEquals?: string[];
  /** Prefixes the field must start with (any of). */
  startsWith?: string[];
  /** Prefixes the field must not start with. */
  notStartsWith?: string[];
  /** Suffixes the field must end with (any of). */
  endsWith?: string[];
  /** Suffixes the field must not end with. */
  notEndsWith?: string[];
}

/** The event selectors of a trail: basic or advanced, never both. */
export interface TrailSelectorsInfo {
  /** Basic event selectors. */
  basic?: BasicSelectorInfo[];
  /** Advanced event selectors: each is a list of field conditions (AND). */
  advanced?: AdvancedFieldInfo[][];
}

/** An organization trail with the settings, status and selectors the controls read. */
export interface OrgTrailInfo {
  /** Trail name. */
  name: string;
  /** Trail ARN. */
  arn: string;
  /** Home Region. */
  homeRegion: string;
  /** Destination bucket. */
  s3BucketName: string;
  /** Key prefix in the bucket. */
  s3KeyPrefix?: string;
  /** KMS key ARN of the log files, when encrypted with SSE-KMS. */
  kmsKeyId?: string;
  /** Records every Region. */
  isMultiRegionTrail: boolean;
  /** Records global service events (IAM, STS, CloudFront). */
  includeGlobalServiceEvents: boolean;
  /** Log file integrity validation. */
  logFileValidationEnabled: boolean;
  /** CloudWatch Logs log group ARN, when configured. */
  cloudWatchLogsLogGroupArn?: string;
  /** Role CloudTrail assumes for CloudWatch Logs, when configured. */
  cloudWatchLogsRoleArn?: string;
  /** Logging and delivery state. */
  status: Datum<TrailStatusInfo>;
  /** Event selectors. */
  selectors: Datum<TrailSelectorsInfo>;
  /** Tags of the trail. */
  tags?: Datum<Record<string, string>>;
  /**
   * The CloudWatch Logs log group the trail delivers to, when it is in the management account:
   * `null` when it does not exist.
   */
  logGroup?: Datum<LogGroupInfo | null>;
}

/** A CloudWatch Logs log group. */
export interface LogGroupInfo {
  /** Log group name. */
  name: string;
  /** Retention in days; absent when events never expire. */
  retentionInDays?: number;
}

/** `{ region, account, name }` of a log group ARN (`arn:aws:logs:<region>:<account>:log-group:<name>[:*]`). */
export function logGroupLocation(arn: string): { region: string; account: string; name: string } | undefined {
  const m = /^arn:aws[\w-]*:logs:([a-z0-9-]+):(\d{12}):log-group:(.+?)(:\*)?$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

/** Reads one log group of the management account by exact name. */
async function readLogGroup(
  ctx: CollectContext,
  arn: string,
): Promise<Datum<LogGroupInfo | null> | undefined> {
  const at = logGroupLocation(arn);
  if (!at || at.account !== ctx.account) return undefined;
  const d = await ctx.read<DescribeLogGroupsCommandOutput>(
    CloudWatchLogsClient,
    new DescribeLogGroupsCommand({ logGroupNamePrefix: at.name, limit: 50 }),
    { region: at.region },
  );
  return mapDatum(d, (out) => {
    const g = (out.logGroups ?? []).find((x) => x.logGroupName === at.name);
    if (!g) return null;
    return {
      name: at.name,
      ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
    };
  });
}

/** Organization-scope slice of CloudTrail. */
export interface CloudTrailSlice {
  /** The organization trails owned by the management account (every Region). */
  orgTrails: Datum<OrgTrailInfo[]>;
  /** How many other (non-organization) trails the management account has. */
  otherTrailCount?: number;
}

/** The CloudTrail slice from the organization-scope slices, when it was collected. */
export function cloudTrailSliceOf(
  organization: Readonly<Record<string, unknown>> | undefined,
): CloudTrailSlice | undefined {
  const s = organization?.[CLOUDTRAIL];
  return s && typeof s === 'object' ? (s as CloudTrailSlice) : undefined;
}

/**
 * Buckets that receive organization trail logs, per the organization slice (empty when the trails
 * could not be read). The S3 collector uses it to find the log archive's buckets.
 */
export function orgTrailBuckets(organization: Readonly<Record<string, unknown>> | undefined): string[] {
  const d = cloudTrailSliceOf(organization)?.orgTrails;
  return d?.ok ? [...new Set(d.value.map((t) => t.s3BucketName).filter((b) => b !== ''))] : [];
}

/** KMS key ARNs of the organization trails, per the organization slice. */
export function orgTrailKeys(organization: Readonly<Record<string, unknown>> | undefined): string[] {
  const d = cloudTrailSliceOf(organization)?.orgTrails;
  return d?.ok ? [...new Set(d.value.flatMap((t) => (t.kmsKeyId ? [t.kmsKeyId] : [])))] : [];
}

/** Reads the organization trails from the management account. */
export const cloudTrailCollector = defineCollector<CloudTrailSlice>({
  id: CLOUDTRAIL,
  scope: 'organization',
  reads: [
    'cloudtrail:ListTrails',
    'cloudtrail:DescribeTrails',
    'cloudtrail:GetTrailStatus',
    'cloudtrail:GetEventSelectors',
    'cloudtrail:ListTags',
    'logs:DescribeLogGroups',
  ],
  async collect(ctx) {
    const listed = await ctx.readAll(
      CloudTrailClient,
      (cursor) => new ListTrailsCommand({ ...cursor }),
      (page: ListTrailsCommandOutput) => page.Trails,
    );
    if (!listed.ok) return { orgTrails: listed };
    // Organization trails are owned by the management account; member accounts list them too.
    const own = listed.value.filter((t) => t.TrailARN?.split(':')[4] === ctx.account);
    const regions = [...new Set(own.map((t) => t.HomeRegion ?? ctx.region))];
    const described = await Promise.all(
      regions.map((region) =>
        ctx.read<DescribeTrailsCommandOutput>(
          CloudTrailClient,
          new DescribeTrailsCommand({ includeShadowTrails: false }),
          { region },
        ),
      ),
    );
    const trails: Trail[] = [];
    for (const d of described) {
      if (!d.ok) return { orgTrails: d };
      trails.push(...(d.value.trailList ?? []));
    }
    const org = trails.filter((t) => t.IsOrganizationTrail === true && t.TrailARN);
    const orgTrails = await Promise.all(
      org.map(async (t): Promise<OrgTrailInfo> => {
        const region = t.HomeRegion ?? ctx.region;
        const [status, selectors, tags, logGroup] = await Promise.all([
          ctx.read<GetTrailStatusCommandOutput>(
            CloudTrailClient,
            new GetTrailStatusCommand({ Name: t.TrailARN }),
            { region },
          ),
          ctx.read<GetEventSelectorsCommandOutput>(
            CloudTrailClient,
            new GetEventSelectorsCommand({ TrailName: t.TrailARN }),
            { region },
          ),
          ctx.read<ListTagsCommandOutput>(
            CloudTrailClient,
            new ListTagsCommand({ ResourceIdList: [t.TrailARN!] }),
            {
              region,
            },
          ),
          t.CloudWatchLogsLogGroupArn ? readLogGroup(ctx, t.CloudWatchLogsLogGroupArn) : undefined,
        ]);
        return {
          name: t.Name ?? '',
          arn: t.TrailARN!,
          homeRegion: region,
          s3BucketName: t.S3BucketName ?? '',
          ...(t.S3KeyPrefix ? { s3KeyPrefix: t.S3KeyPrefix } : {}),
          ...(t.KmsKeyId ? { kmsKeyId: t.KmsKeyId } : {}),
          isMultiRegionTrail: t.IsMultiRegionTrail === true,
          includeGlobalServiceEvents: t.IncludeGlobalServiceEvents === true,
          logFileValidationEnabled: t.LogFileValidationEnabled === true,
          ...(t.CloudWatchLogsLogGroupArn ? { cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
          ...(t.CloudWatchLogsRoleArn ? { cloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn } : {}),
          status: mapDatum(status, statusInfo),
          selectors: mapDatum(selectors, (s) => selectorsInfo(s.EventSelectors, s.AdvancedEventSelectors)),
          tags: mapDatum(tags, (l) =>
            Object.fromEntries(
              (l.ResourceTagList?.[0]?.TagsList ?? []).map((x) => [x.Key ?? '', x.Value ?? '']),
            ),
          ),
          ...(logGroup ? { logGroup } : {}),
        };
      }),
    );
    return { orgTrails: ok(orgTrails), otherTrailCount: trails.length - org.length };
  },
});

/** Dates arrive as ISO strings (the collect context makes slices plain JSON); keep them as strings. */
function iso(d: Date | string | undefined): string | undefined {
  if (d === undefined) return undefined;
  return d instanceof Date ? d.toISOString() : String(d);
}

function statusInfo(s: Omit<GetTrailStatusCommandOutput, '$metadata'>): TrailStatusInfo {
  const out: TrailStatusInfo = { isLogging: s.IsLogging === true };
  const put = (key: keyof Omit<TrailStatusInfo, 'isLogging'>, v: Date | string | undefined) => {
    const x = iso(v);
    if (x) out[key] = x;
  };
  put('latestDeliveryTime', s.LatestDeliveryTime);
  put('latestDeliveryError', s.LatestDeliveryError);
  put('latestDigestDeliveryTime', s.LatestDigestDeliveryTime);
  put('latestDigestDeliveryError', s.LatestDigestDeliveryError);
  put('latestCloudWatchLogsDeliveryTime', s.LatestCloudWatchLogsDeliveryTime);
  put('latestCloudWatchLogsDeliveryError', s.LatestCloudWatchLogsDeliveryError);
  put('startLoggingTime', s.StartLoggingTime);
  put('stopLoggingTime', s.StopLoggingTime);
  return out;
}

/** Reduces event selectors to the fields the controls read. */
export function selectorsInfo(
  basic: EventSelector[] | undefined,
  advanced: AdvancedEventSelector[] | undefined,
): TrailSelectorsInfo {
  if (advanced && advanced.length > 0) {
    return {
      advanced: advanced.map((s) =>
        (s.FieldSelectors ?? []).map((f) => ({
          field: f.Field ?? '',
          ...(f.Equals ? { equals: f.Equals } : {}),
          ...(f.NotEquals ? { notEquals: f.NotEquals } : {}),
          ...(f.StartsWith ? { startsWith: f.StartsWith } : {}),
          ...(f.NotStartsWith ? { notStartsWith: f.NotStartsWith } : {}),
          ...(f.EndsWith ? { endsWith: f.EndsWith } : {}),
          ...(f.NotEndsWith ? { notEndsWith: f.NotEndsWith } : {}),
        })),
      ),
    };
  }
  return {
    basic: (basic ?? []).map((s) => ({
      readWriteType: s.ReadWriteType ?? 'All',
      includeManagementEvents: s.IncludeManagementEvents !== false,
      excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
      dataResources: (s.DataResources ?? []).map((r) => ({ type: r.Type ?? '', values: r.Values ?? [] })),
    })),
  };
}
