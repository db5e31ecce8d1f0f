/**
 * AWS Config in the sandbox: the customer managed configuration recorder and delivery channel of an
 * account and Region, configuration aggregators (account and organization sources), organization
 * conformance packs and the conformance packs they deploy.
 *
 * State is kept per account and Region. Organization conformance packs are organization-wide: they
 * are stored in the management account's slice of the Region whichever administrator created them.
 * A recorder created by Control Tower is an ordinary recorder of its account (named
 * `aws-controltower-BaselineConfigRecorder`); scenarios lay it down with {@link plantConfigRecorder}.
 *
 * Pages followed:
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_StartConfigurationRecorder.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteDeliveryChannel.html
 * - https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 *   (a bucket in another account must admit config.amazonaws.com)
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationAggregator.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationAggregatorSourcesStatus.html
 * - https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConformancePack.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeOrganizationConformancePacks.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConformancePacks.html
 * - https://docs.aws.amazon.com/config/latest/developerguide/configlimits.html
 *
 * Behaviour worth knowing:
 * - One customer managed recorder and one delivery channel per account and Region; a second name
 *   answers `MaxNumberOf…ExceededException`, the same name updates.
 * - Recorder status is derived when it is read: after StartConfigurationRecorder the recorder is
 *   `Pending` for the propagation delay `config:recording` (default 0 ms), then `Success` when its
 *   delivery channel can deliver, `Failure` (with `lastErrorCode` `NoSuchBucket`, `AccessDenied` or
 *   `KMS.DisabledException`) when it cannot. Delivery to a bucket in another account needs a bucket
 *   policy letting `config.amazonaws.com` call `s3:GetBucketAcl` and `s3:PutObject` on
 *   `[prefix/]AWSLogs/<account>/Config/*`; a bucket of the same account is written with the
 *   recorder's role, which the sandbox assumes has the permissions.
 * - Organization aggregators: from the management account (Config enables trusted access for
 *   `config.amazonaws.com` itself) or from a delegated administrator of `config.amazonaws.com`
 *   while trusted access is on. Sources status lists one ORGANIZATION entry per aggregated Region.
 *   Account sources other than the caller's own report FAILED (`AuthorizationNotFound`) because
 *   aggregation authorizations are not simulated.
 * - Organization conformance packs: management account (enables trusted access for
 *   `config-multiaccountsetup.amazonaws.com`) or its delegated administrator. They are deployed as
 *   `OrgConformsPack-<name>-<suffix>` to every ACTIVE account of the organization (management
 *   included) not in `ExcludedAccounts` that has a configuration recorder in the Region. Templates
 *   are parsed as YAML/JSON and must declare at least one `AWS::Config::ConfigRule`.
 */
import { createHash } from 'node:crypto';
import type {
  AccountAggregationSource,
  AggregatedSourceStatus,
  ConfigurationAggregator,
  ConfigurationRecorder,
  ConformancePackDetail,
  ConformancePackInputParameter,
  DeleteConfigurationAggregatorCommandInput,
  DeleteConfigurationRecorderCommandInput,
  DeleteDeliveryChannelCommandInput,
  DeleteOrganizationConformancePackCommandInput,
  DeliveryChannel,
  DeliveryChannelStatus,
  DescribeConfigurationAggregatorSourcesStatusCommandInput,
  DescribeConfigurationAggregatorSourcesStatusCommandOutput,
  DescribeConfigurationAggregatorsCommandInput,
  DescribeConfigurationAggregatorsCommandOutput,
  DescribeConfigurationRecorderStatusCommandInput,
  DescribeConfigurationRecorderStatusCommandOutput,
  DescribeConfigurationRecordersCommandInput,
  DescribeConfigurationRecordersCommandOutput,
  DescribeConformancePacksCommandInput,
  DescribeConformancePacksCommandOutput,
  DescribeDeliveryChannelStatusCommandInput,
  DescribeDeliveryChannelStatusCommandOutput,
  DescribeDeliveryChannelsCommandInput,
  DescribeDeliveryChannelsCommandOutput,
  DescribeOrganizationConformancePacksCommandInput,
  DescribeOrganizationConformancePacksCommandOutput,
  OrganizationAggregationSource,
  OrganizationConformancePack,
  PutConfigurationAggregatorCommandInput,
  PutConfigurationAggregatorCommandOutput,
  PutConfigurationRecorderCommandInput,
  PutDeliveryChannelCommandInput,
  PutOrganizationConformancePackCommandInput,
  PutOrganizationConformancePackCommandOutput,
  RecordingGroup,
  RecordingMode,
  StartConfigurationRecorderCommandInput,
  StopConfigurationRecorderCommandInput,
} from '@aws-sdk/client-config-service';
import * as ConfigSdk from '@aws-sdk/client-config-service';
import type { ServiceException } from '@smithy/smithy-client';
import { modeledError, type AwsErrorOptions, type ModeledExceptionClass } from '../core/errors.js';
import { parseDocument } from 'yaml';
import { isRegionCode } from '../../catalog/regions.js';
import { isDelegatedAdmin } from '../core/org-admin.js';
import { paginate } from '../core/paginate.js';
import { defineService, type CallContext } from '../core/service.js';
import type { SandboxWorld } from '../core/state.js';
import { keyPolicyAllows, keyUsable, resolveKey } from './kms.js';
import type { PolicyContext } from './policy.js';
import { bucketArn, bucketPolicyAllows, findBucket } from './s3.js';

type Out<T> = Omit<T, '$metadata'>;

/**
 * An error as the Config client raises it: an instance of the SDK's modeled exception class when the
 * service model declares `name` (so `instanceof` works), a plain service exception otherwise.
 */
function fail(ctx: CallContext, name: string, message: string, options?: AwsErrorOptions): ServiceException {
  const ctor = (ConfigSdk as unknown as Record<string, unknown>)[name];
  return typeof ctor === 'function' && ctor.prototype instanceof ConfigSdk.ConfigServiceServiceException
    ? modeledError(ctor as ModeledExceptionClass<ServiceException>, message, options)
    : ctx.error(name, message, options);
}

const SERVICE = 'config';
/** Config's service principal (bucket policies, aggregator trusted access and delegated admin). */
export const CONFIG_PRINCIPAL = 'config.amazonaws.com';
/** Service principal of organization conformance packs and rules. */
export const CONFIG_MULTI_ACCOUNT_PRINCIPAL = 'config-multiaccountsetup.amazonaws.com';
/** Name of the recorder Control Tower creates in enrolled accounts. */
export const CONTROL_TOWER_RECORDER_NAME = 'aws-controltower-BaselineConfigRecorder';

/** A customer managed configuration recorder and its recording status. */
export interface SandboxRecorder {
  /** Recorder name. */
  name: string;
  /** Recorder ARN. */
  arn: string;
  /** IAM role Config assumes. */
  roleARN: string;
  /** Normalised recording group. */
  recordingGroup: RecordingGroup;
  /** Recording mode. */
  recordingMode: RecordingMode;
  /** Whether the recorder is recording. */
  recording: boolean;
  /** Last StartConfigurationRecorder. */
  lastStartTime?: Date;
  /** Last StopConfigurationRecorder. */
  lastStopTime?: Date;
}

/** A delivery channel. */
export interface SandboxDeliveryChannel {
  /** Channel name. */
  name: string;
  /** Destination bucket. */
  s3BucketName: string;
  /** Key prefix. */
  s3KeyPrefix?: string;
  /** KMS key ARN for the delivered objects. */
  s3KmsKeyArn?: string;
  /** SNS topic ARN. */
  snsTopicARN?: string;
  /** Snapshot delivery frequency. */
  deliveryFrequency?: string;
}

/** A configuration aggregator. */
export interface SandboxAggregator {
  /** Aggregator name. */
  name: string;
  /** Aggregator ARN. */
  arn: string;
  /** Account sources (at most one entry). */
  accountSources?: AccountAggregationSource[];
  /** Organization source. */
  organizationSource?: OrganizationAggregationSource;
  /** Creation time. */
  createdAt: Date;
  /** Last update time. */
  updatedAt: Date;
}

/** A conformance pack deployed in an account. */
export interface SandboxConformancePack {
  /** Pack name. */
  name: string;
  /** Pack ARN. */
  arn: string;
  /** Pack id. */
  id: string;
  /** Delivery bucket. */
  deliveryS3Bucket?: string;
  /** Delivery prefix. */
  deliveryS3KeyPrefix?: string;
  /** Input parameters. */
  parameters: ConformancePackInputParameter[];
  /** Last update request. */
  lastUpdateRequestedTime: Date;
  /** Creator service, for packs deployed by an organization pack. */
  createdBy?: string;
  /** Name of the organization pack that deployed it. */
  organizationPack?: string;
}

/** An organization conformance pack. */
export interface SandboxOrgConformancePack {
  /** Pack name. */
  name: string;
  /** Pack ARN. */
  arn: string;
  /** Delivery bucket. */
  deliveryS3Bucket?: string;
  /** Delivery prefix. */
  deliveryS3KeyPrefix?: string;
  /** Input parameters. */
  parameters: ConformancePackInputParameter[];
  /** Accounts excluded from deployment. */
  excludedAccounts: string[];
  /** Last update. */
  lastUpdateTime: Date;
}

/** Config state of one account in one Region. */
export interface ConfigRegionState {
  /** Customer managed recorders by name (at most one). */
  recorders: Map<string, SandboxRecorder>;
  /** Delivery channels by name (at most one). */
  channels: Map<string, SandboxDeliveryChannel>;
  /** Aggregators by name. */
  aggregators: Map<string, SandboxAggregator>;
  /** Conformance packs deployed in this account, by name. */
  conformancePacks: Map<string, SandboxConformancePack>;
  /** Organization conformance packs (used in the management account's slice only), by name. */
  organizationConformancePacks: Map<string, SandboxOrgConformancePack>;
}

/** The Config state of `account` in `region`. */
export function configState(world: SandboxWorld, account: string, region: string): ConfigRegionState {
  return world.regional<ConfigRegionState>(SERVICE, account, region, () => ({
    recorders: new Map(),
    channels: new Map(),
    aggregators: new Map(),
    conformancePacks: new Map(),
    organizationConformancePacks: new Map(),
  }));
}

function suffix(...parts: string[]): string {
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 8);
}

function defaultRecordingGroup(): RecordingGroup {
  return {
    allSupported: true,
    includeGlobalResourceTypes: false,
    resourceTypes: [],
    exclusionByResourceTypes: { resourceTypes: [] },
    recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
  };
}

/** Options of {@link plantConfigRecorder}. */
export interface PlantedRecorder {
  /** @default {@link CONTROL_TOWER_RECORDER_NAME} */
  name?: string;
  /** @default the Control Tower role of the account */
  roleARN?: string;
  /** @default all supported resource types, global types excluded */
  recordingGroup?: RecordingGroup;
  /** Recording since this time; not recording when unset. */
  recordingSince?: Date;
  /** Also create a delivery channel to this bucket. */
  deliveryBucket?: string;
  /** Delivery channel name. @default 'aws-controltower-BaselineConfigDeliveryChannel' */
  channelName?: string;
}

/**
 * Lays down a configuration recorder (and optionally its delivery channel) directly, e.g. the one
 * Control Tower creates in an enrolled account. No checks are made.
 */
export function plantConfigRecorder(
  world: SandboxWorld,
  account: string,
  region: string,
  opts: PlantedRecorder = {},
): SandboxRecorder {
  const state = configState(world, account, region);
  const name = opts.name ?? CONTROL_TOWER_RECORDER_NAME;
  const recorder: SandboxRecorder = {
    name,
    arn: `arn:aws:config:${region}:${account}:configuration-recorder/${name}/${suffix(account, region, name)}`,
    roleARN: opts.roleARN ?? `arn:aws:iam::${account}:role/aws-controltower-ConfigRecorderRole`,
    recordingGroup: opts.recordingGroup ?? defaultRecordingGroup(),
    recordingMode: { recordingFrequency: 'CONTINUOUS' },
    recording: opts.recordingSince !== undefined,
  };
  if (opts.recordingSince) recorder.lastStartTime = opts.recordingSince;
  state.recorders.set(name, recorder);
  if (opts.deliveryBucket) {
    const channel = opts.channelName ?? 'aws-controltower-BaselineConfigDeliveryChannel';
    state.channels.set(channel, { name: channel, s3BucketName: opts.deliveryBucket });
  }
  return recorder;
}

// ---------------------------------------------------------------------------------------------

function err(ctx: CallContext, name: string, message: string): Error {
  return fail(ctx, name, message, { status: 400 });
}

const RESOURCE_TYPE = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Validates a recording group and fills in what AWS reports back. */
function normaliseRecordingGroup(ctx: CallContext, g: RecordingGroup | undefined): RecordingGroup {
  if (!g) return defaultRecordingGroup();
  const invalid = (m: string): Error => err(ctx, 'InvalidRecordingGroupException', m);
  const all = g.allSupported ?? false;
  const global = g.includeGlobalResourceTypes ?? false;
  const types = g.resourceTypes ?? [];
  const excluded = g.exclusionByResourceTypes?.resourceTypes ?? [];
  let strategy: string | undefined = g.recordingStrategy?.useOnly;
  if (!all && !global && types.length === 0 && excluded.length === 0) {
    throw invalid('The recording group is empty: every parameter is null, false or empty.');
  }
  if (all && types.length > 0) throw invalid('allSupported is true but resourceTypes lists resource types.');
  if (global && !all) throw invalid('includeGlobalResourceTypes requires allSupported to be true.');
  if (excluded.length > 0 && strategy !== 'EXCLUSION_BY_RESOURCE_TYPES') {
    throw invalid('exclusionByResourceTypes requires the EXCLUSION_BY_RESOURCE_TYPES recording strategy.');
  }
  strategy ??= all ? 'ALL_SUPPORTED_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES';
  if (strategy === 'ALL_SUPPORTED_RESOURCE_TYPES' && !all) {
    throw invalid('The ALL_SUPPORTED_RESOURCE_TYPES strategy requires allSupported to be true.');
  }
  if (strategy === 'INCLUSION_BY_RESOURCE_TYPES' && (all || types.length === 0)) {
    throw invalid('The INCLUSION_BY_RESOURCE_TYPES strategy requires resource types and allSupported false.');
  }
  if (strategy === 'EXCLUSION_BY_RESOURCE_TYPES' && (all || excluded.length === 0 || types.length > 0)) {
    throw invalid(
      'The EXCLUSION_BY_RESOURCE_TYPES strategy requires exclusions only, with allSupported false.',
    );
  }
  for (const t of [...types, ...excluded]) {
    if (!RESOURCE_TYPE.test(t)) throw invalid(`${t} is not a valid resource type.`);
  }
  return {
    allSupported: all,
    includeGlobalResourceTypes: global,
    resourceTypes: [...types],
    exclusionByResourceTypes: { resourceTypes: [...excluded] },
    recordingStrategy: { useOnly: strategy as 'ALL_SUPPORTED_RESOURCE_TYPES' },
  };
}

function recorderNamed(ctx: CallContext, name: string | undefined): SandboxRecorder {
  const r = configState(ctx.world, ctx.account, ctx.region).recorders.get(name ?? '');
  if (!r) {
    throw err(
      ctx,
      'NoSuchConfigurationRecorderException',
      `Cannot find configuration recorder with the specified name '${name ?? ''}'.`,
    );
  }
  return r;
}

/** Why the account's delivery channel cannot deliver, or undefined when it can. */
function deliveryProblem(
  world: SandboxWorld,
  account: string,
  channel: SandboxDeliveryChannel,
  roleARN: string | undefined,
): { code: string; message: string } | undefined {
  const bucket = findBucket(world, channel.s3BucketName);
  if (!bucket) return { code: 'NoSuchBucket', message: `The bucket ${channel.s3BucketName} does not exist.` };
  if (bucket.owner !== account && !bucketAdmitsConfig(world, account, channel)) {
    return { code: 'AccessDenied', message: `Config cannot write to bucket ${channel.s3BucketName}.` };
  }
  if (channel.s3KmsKeyArn) {
    const key = resolveKey(world, account, bucket.region, channel.s3KmsKeyArn, undefined);
    if (!key)
      return { code: 'KMS.NotFoundException', message: `KMS key ${channel.s3KmsKeyArn} does not exist.` };
    if (!keyUsable(key))
      return { code: 'KMS.DisabledException', message: `KMS key ${key.arn} is not enabled.` };
    const allowed =
      keyPolicyAllows(key, CONFIG_PRINCIPAL, 'kms:GenerateDataKey', sourceContext(world, account)) ||
      keyPolicyAllows(key, roleARN ?? account, 'kms:GenerateDataKey');
    if (!allowed)
      return { code: 'KMS.AccessDeniedException', message: `Config cannot use KMS key ${key.arn}.` };
  }
  return undefined;
}

/**
 * Request context of Config's service-to-service calls for `account`: `aws:SourceAccount`, and
 * `aws:SourceOrgID` when the account belongs to an organization.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid
 */
function sourceContext(world: SandboxWorld, account: string): PolicyContext {
  const org = world.organization;
  return {
    'aws:SourceAccount': account,
    ...(org && world.isMember(account) ? { 'aws:SourceOrgID': org.id } : {}),
  };
}

/** Whether a (cross-account) bucket policy admits Config's delivery for `account`. */
function bucketAdmitsConfig(world: SandboxWorld, account: string, channel: SandboxDeliveryChannel): boolean {
  const bucket = findBucket(world, channel.s3BucketName);
  if (!bucket) return false;
  const caller = { kind: 'service', service: CONFIG_PRINCIPAL } as const;
  const context = { 's3:x-amz-acl': 'bucket-owner-full-control', ...sourceContext(world, account) };
  const prefix = channel.s3KeyPrefix ? `${channel.s3KeyPrefix}/` : '';
  return (
    bucketPolicyAllows(world, bucket, {
      caller,
      action: 's3:GetBucketAcl',
      resource: bucketArn(bucket.name),
      context,
    }) &&
    bucketPolicyAllows(world, bucket, {
      caller,
      action: 's3:PutObject',
      resource: `${bucketArn(bucket.name)}/${prefix}AWSLogs/${account}/Config/ConfigWritabilityCheckFile`,
      context,
    })
  );
}

function recorderOut(r: SandboxRecorder): ConfigurationRecorder {
  return {
    arn: r.arn,
    name: r.name,
    roleARN: r.roleARN,
    recordingGroup: structuredClone(r.recordingGroup),
    recordingMode: structuredClone(r.recordingMode),
    recordingScope: 'PAID',
  };
}

/** Recorders named in a Describe request (at most one name), or all of them. */
function pickRecorders(
  ctx: CallContext,
  input: {
    ConfigurationRecorderNames?: string[] | undefined;
    Arn?: string | undefined;
    ServicePrincipal?: string | undefined;
  },
): SandboxRecorder[] {
  const state = configState(ctx.world, ctx.account, ctx.region);
  const names = input.ConfigurationRecorderNames ?? [];
  if (names.length > 1)
    throw err(ctx, 'ValidationException', 'You have specified more than one configuration recorder.');
  if (input.ServicePrincipal !== undefined) return [];
  if (input.Arn !== undefined) {
    const r = [...state.recorders.values()].find((x) => x.arn === input.Arn);
    if (!r)
      throw err(
        ctx,
        'NoSuchConfigurationRecorderException',
        `Cannot find configuration recorder ${input.Arn}.`,
      );
    return [r];
  }
  if (names.length === 1) return [recorderNamed(ctx, names[0])];
  return [...state.recorders.values()];
}

/** Limit checks of Config's list APIs (0 means the default, which is the maximum). */
function pageSize(ctx: CallContext, limit: number | undefined, max: number): number {
  if (limit === undefined || limit === 0) return max;
  if (!Number.isInteger(limit) || limit < 0 || limit > max) {
    throw err(
      ctx,
      'InvalidLimitException',
      `The limit ${limit} is not valid; it must be between 0 and ${max}.`,
    );
  }
  return limit;
}

function page<T>(
  ctx: CallContext,
  items: T[],
  limit: number | undefined,
  max: number,
  token: string | undefined,
) {
  return paginate(ctx, items, {
    maxResults: pageSize(ctx, limit, max),
    nextToken: token,
    defaultMax: max,
    limit: max,
    errorName: 'InvalidNextTokenException',
  });
}

/** Organization prerequisites shared by aggregators and organization conformance packs. */
function requireOrganizationAdmin(ctx: CallContext, servicePrincipal: string): void {
  const org = ctx.world.organization;
  if (!org || !ctx.world.isActiveMember(ctx.account)) {
    throw err(ctx, 'NoAvailableOrganizationException', 'Organization is no longer available.');
  }
  if (org.featureSet !== 'ALL') {
    throw err(
      ctx,
      'OrganizationAllFeaturesNotEnabledException',
      'Config resource cannot be created because your organization does not have all features enabled.',
    );
  }
  if (ctx.world.isManagementAccount(ctx.account)) {
    // Called from the management account, Config enables trusted access itself.
    if (!org.trustedAccess.has(servicePrincipal)) org.trustedAccess.set(servicePrincipal, ctx.clock.now());
    return;
  }
  if (isDelegatedAdmin(ctx, servicePrincipal) && ctx.world.hasTrustedAccess(servicePrincipal)) return;
  throw err(
    ctx,
    'OrganizationAccessDeniedException',
    `Account ${ctx.account} is neither the management account nor a registered delegated administrator for ` +
      `${servicePrincipal} with trusted access enabled.`,
  );
}

/** Read access to organization conformance packs: management account or delegated admin. */
function requireOrgPackReader(ctx: CallContext): string {
  const org = ctx.world.organization;
  if (
    !org ||
    !(ctx.world.isManagementAccount(ctx.account) || isDelegatedAdmin(ctx, CONFIG_MULTI_ACCOUNT_PRINCIPAL))
  ) {
    throw err(
      ctx,
      'OrganizationAccessDeniedException',
      'Organization conformance pack APIs must be called from the management account or a delegated administrator.',
    );
  }
  return org.managementAccountId;
}

function checkRegions(ctx: CallContext, all: boolean | undefined, regions: string[] | undefined): void {
  const listed = regions ?? [];
  if (Boolean(all) === listed.length > 0) {
    throw err(
      ctx,
      'InvalidParameterValueException',
      'Specify either AllAwsRegions or AwsRegions, but not both.',
    );
  }
  for (const r of listed) {
    if (!isRegionCode(r)) throw err(ctx, 'InvalidParameterValueException', `${r} is not a valid AWS Region.`);
  }
}

function aggregatorOut(a: SandboxAggregator): ConfigurationAggregator {
  return {
    ConfigurationAggregatorName: a.name,
    ConfigurationAggregatorArn: a.arn,
    ...(a.accountSources ? { AccountAggregationSources: structuredClone(a.accountSources) } : {}),
    ...(a.organizationSource ? { OrganizationAggregationSource: structuredClone(a.organizationSource) } : {}),
    CreationTime: a.createdAt,
    LastUpdatedTime: a.updatedAt,
  };
}

/** Checks a conformance pack template; returns an error message or undefined. */
function templateProblem(
  world: SandboxWorld,
  body: string | undefined,
  s3Uri: string | undefined,
): string | undefined {
  if (s3Uri !== undefined) {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(s3Uri);
    if (!m) return `TemplateS3Uri ${s3Uri} is not a valid s3:// URI.`;
    const bucket = findBucket(world, m[1]!);
    if (!bucket || !bucket.objects.has(m[2]!)) return `The template ${s3Uri} cannot be read.`;
    return undefined;
  }
  const doc = parseDocument(body ?? '');
  if (doc.errors.length > 0) return 'The template is not valid YAML or JSON.';
  const parsed = doc.toJS() as { Resources?: Record<string, { Type?: unknown }> } | null;
  const resources = Object.values(parsed?.Resources ?? {});
  if (!resources.some((r) => r?.Type === 'AWS::Config::ConfigRule')) {
    return 'The template must declare at least one AWS::Config::ConfigRule resource.';
  }
  return undefined;
}

function packOut(p: SandboxConformancePack): ConformancePackDetail {
  return {
    ConformancePackName: p.name,
    ConformancePackArn: p.arn,
    ConformancePackId: p.id,
    ...(p.deliveryS3Bucket ? { DeliveryS3Bucket: p.deliveryS3Bucket } : {}),
    ...(p.deliveryS3KeyPrefix ? { DeliveryS3KeyPrefix: p.deliveryS3KeyPrefix } : {}),
    ConformancePackInputParameters: structuredClone(p.parameters),
    LastUpdateRequestedTime: p.lastUpdateRequestedTime,
    ...(p.createdBy ? { CreatedBy: p.createdBy } : {}),
  };
}

function orgPackOut(p: SandboxOrgConformancePack): OrganizationConformancePack {
  return {
    OrganizationConformancePackName: p.name,
    OrganizationConformancePackArn: p.arn,
    ...(p.deliveryS3Bucket ? { DeliveryS3Bucket: p.deliveryS3Bucket } : {}),
    ...(p.deliveryS3KeyPrefix ? { DeliveryS3KeyPrefix: p.deliveryS3KeyPrefix } : {}),
    ConformancePackInputParameters: structuredClone(p.parameters),
    ExcludedAccounts: [...p.excludedAccounts],
    LastUpdateTime: p.lastUpdateTime,
  };
}

/** Removes the packs an organization pack deployed in member accounts of `region`. */
function undeploy(world: SandboxWorld, region: string, packName: string): void {
  for (const a of world.accounts.values()) {
    const packs = configState(world, a.id, region).conformancePacks;
    for (const [name, p] of packs) if (p.organizationPack === packName) packs.delete(name);
  }
}

const MAX_AGGREGATORS = 50;
const MAX_ORG_PACKS = 50;

/** The simulated AWS Config service. */
export const configService = defineService({
  name: SERVICE,
  clientName: 'ConfigServiceClient',
  scope: 'regional',
  protocol: 'json',
  operations: {
    PutConfigurationRecorder: (ctx, input: PutConfigurationRecorderCommandInput): Record<string, never> => {
      const r = input.ConfigurationRecorder;
      if (!r) throw err(ctx, 'ValidationException', 'ConfigurationRecorder is required.');
      const name = r.name ?? 'default';
      if (name.length < 1 || name.length > 256 || name.startsWith('AWSConfigurationRecorderFor')) {
        throw err(
          ctx,
          'InvalidConfigurationRecorderNameException',
          `The configuration recorder name ${name} is not valid; the prefix "AWSConfigurationRecorderFor" is reserved.`,
        );
      }
      if (r.servicePrincipal !== undefined) {
        throw err(
          ctx,
          'UnmodifiableEntityException',
          'Use PutServiceLinkedConfigurationRecorder to create a service-linked configuration recorder.',
        );
      }
      if (!r.roleARN || !ROLE_ARN.test(r.roleARN)) {
        throw err(
          ctx,
          'InvalidRoleException',
          'The IAM role ARN of the configuration recorder is null, empty or not valid.',
        );
      }
      const state = configState(ctx.world, ctx.account, ctx.region);
      const other = [...state.recorders.keys()].find((n) => n !== name);
      if (other !== undefined) {
        throw err(
          ctx,
          'MaxNumberOfConfigurationRecordersExceededException',
          `Failed to put configuration recorder '${name}' because the maximum number of configuration recorders: 1 is reached.`,
        );
      }
      const group = normaliseRecordingGroup(ctx, r.recordingGroup);
      const mode: RecordingMode = r.recordingMode
        ? structuredClone(r.recordingMode)
        : { recordingFrequency: 'CONTINUOUS' };
      if (mode.recordingFrequency !== 'CONTINUOUS' && mode.recordingFrequency !== 'DAILY') {
        throw err(ctx, 'ValidationException', 'recordingFrequency must be CONTINUOUS or DAILY.');
      }
      const existing = state.recorders.get(name);
      if (existing) {
        existing.roleARN = r.roleARN;
        existing.recordingGroup = group;
        existing.recordingMode = mode;
      } else {
        state.recorders.set(name, {
          name,
          arn: `arn:aws:config:${ctx.region}:${ctx.account}:configuration-recorder/${name}/${suffix(ctx.account, ctx.region, name)}`,
          roleARN: r.roleARN,
          recordingGroup: group,
          recordingMode: mode,
          recording: false,
        });
      }
      return {};
    },

    DescribeConfigurationRecorders: (
      ctx,
      input: DescribeConfigurationRecordersCommandInput,
    ): Out<DescribeConfigurationRecordersCommandOutput> => ({
      ConfigurationRecorders: pickRecorders(ctx, input).map(recorderOut),
    }),

    DescribeConfigurationRecorderStatus: (
      ctx,
      input: DescribeConfigurationRecorderStatusCommandInput,
    ): Out<DescribeConfigurationRecorderStatusCommandOutput> => {
      const state = configState(ctx.world, ctx.account, ctx.region);
      const channel = [...state.channels.values()][0];
      const delay = ctx.propagationDelay('config:recording');
      return {
        ConfigurationRecordersStatus: pickRecorders(ctx, input).map((r) => {
          const base = {
            arn: r.arn,
            name: r.name,
            recording: r.recording,
            ...(r.lastStartTime ? { lastStartTime: r.lastStartTime } : {}),
            ...(r.lastStopTime ? { lastStopTime: r.lastStopTime } : {}),
          };
          if (!r.lastStartTime) return base;
          const settled = r.lastStartTime.getTime() + delay;
          if (r.recording && ctx.clock.now() < settled) {
            return { ...base, lastStatus: 'Pending' as const, lastStatusChangeTime: r.lastStartTime };
          }
          const problem = channel
            ? deliveryProblem(ctx.world, ctx.account, channel, r.roleARN)
            : { code: 'NoAvailableDeliveryChannelException', message: 'No delivery channel is available.' };
          const changed = new Date(settled);
          return problem
            ? {
                ...base,
                lastStatus: 'Failure' as const,
                lastErrorCode: problem.code,
                lastErrorMessage: problem.message,
                lastStatusChangeTime: changed,
              }
            : { ...base, lastStatus: 'Success' as const, lastStatusChangeTime: changed };
        }),
      };
    },

    StartConfigurationRecorder: (
      ctx,
      input: StartConfigurationRecorderCommandInput,
    ): Record<string, never> => {
      const r = recorderNamed(ctx, input.ConfigurationRecorderName);
      if (configState(ctx.world, ctx.account, ctx.region).channels.size === 0) {
        throw err(
          ctx,
          'NoAvailableDeliveryChannelException',
          'Delivery channel is not available to start configuration recorder.',
        );
      }
      if (!r.recording) {
        r.recording = true;
        r.lastStartTime = ctx.now();
      }
      return {};
    },

    StopConfigurationRecorder: (ctx, input: StopConfigurationRecorderCommandInput): Record<string, never> => {
      const r = recorderNamed(ctx, input.ConfigurationRecorderName);
      if (r.recording) {
        r.recording = false;
        r.lastStopTime = ctx.now();
      }
      return {};
    },

    DeleteConfigurationRecorder: (
      ctx,
      input: DeleteConfigurationRecorderCommandInput,
    ): Record<string, never> => {
      const r = recorderNamed(ctx, input.ConfigurationRecorderName);
      configState(ctx.world, ctx.account, ctx.region).recorders.delete(r.name);
      return {};
    },

    PutDeliveryChannel: (ctx, input: PutDeliveryChannelCommandInput): Record<string, never> => {
      const c = input.DeliveryChannel;
      if (!c) throw err(ctx, 'ValidationException', 'DeliveryChannel is required.');
      const state = configState(ctx.world, ctx.account, ctx.region);
      if (state.recorders.size === 0) {
        throw err(
          ctx,
          'NoAvailableConfigurationRecorderException',
          'Configuration recorder is not available to put delivery channel.',
        );
      }
      const name = c.name ?? 'default';
      if (name.length < 1 || name.length > 256) {
        throw err(
          ctx,
          'InvalidDeliveryChannelNameException',
          `The delivery channel name ${name} is not valid.`,
        );
      }
      if ([...state.channels.keys()].some((n) => n !== name)) {
        throw err(
          ctx,
          'MaxNumberOfDeliveryChannelsExceededException',
          `Failed to put delivery channel '${name}' because the maximum number of delivery channels: 1 is reached.`,
        );
      }
      if (c.s3KeyPrefix !== undefined && (c.s3KeyPrefix.startsWith('/') || c.s3KeyPrefix.length > 256)) {
        throw err(ctx, 'InvalidS3KeyPrefixException', `The s3 key prefix '${c.s3KeyPrefix}' is not valid.`);
      }
      if (
        c.s3KmsKeyArn !== undefined &&
        !/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(c.s3KmsKeyArn)
      ) {
        throw err(ctx, 'InvalidS3KmsKeyArnException', `The KMS key ARN ${c.s3KmsKeyArn} is not valid.`);
      }
      if (
        c.snsTopicARN !== undefined &&
        !/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(c.snsTopicARN)
      ) {
        throw err(ctx, 'InvalidSNSTopicARNException', `The SNS topic ARN ${c.snsTopicARN} is not valid.`);
      }
      const channel: SandboxDeliveryChannel = { name, s3BucketName: c.s3BucketName ?? '' };
      if (c.s3KeyPrefix) channel.s3KeyPrefix = c.s3KeyPrefix;
      if (c.s3KmsKeyArn) channel.s3KmsKeyArn = c.s3KmsKeyArn;
      if (c.snsTopicARN) channel.snsTopicARN = c.snsTopicARN;
      if (c.configSnapshotDeliveryProperties?.deliveryFrequency) {
        channel.deliveryFrequency = c.configSnapshotDeliveryProperties.deliveryFrequency;
      }
      const bucket = findBucket(ctx.world, channel.s3BucketName);
      if (!bucket) {
        throw err(
          ctx,
          'NoSuchBucketException',
          `Cannot find a S3 bucket with name '${channel.s3BucketName}'.`,
        );
      }
      if (bucket.owner !== ctx.account && !bucketAdmitsConfig(ctx.world, ctx.account, channel)) {
        throw err(
          ctx,
          'InsufficientDeliveryPolicyException',
          `Insufficient delivery policy to s3 bucket: ${channel.s3BucketName}, unable to write to bucket, provided s3 key prefix is '${channel.s3KeyPrefix ?? 'null'}'.`,
        );
      }
      state.channels.set(name, channel);
      return {};
    },

    DescribeDeliveryChannels: (
      ctx,
      input: DescribeDeliveryChannelsCommandInput,
    ): Out<DescribeDeliveryChannelsCommandOutput> => {
      const state = configState(ctx.world, ctx.account, ctx.region);
      const names = input.DeliveryChannelNames ?? [];
      for (const n of names) {
        if (!state.channels.has(n)) {
          throw err(
            ctx,
            'NoSuchDeliveryChannelException',
            `Cannot find delivery channel with specified name '${n}'.`,
          );
        }
      }
      const picked = [...state.channels.values()].filter((c) => names.length === 0 || names.includes(c.name));
      return {
        DeliveryChannels: picked.map((c): DeliveryChannel => ({
          name: c.name,
          s3BucketName: c.s3BucketName,
          ...(c.s3KeyPrefix ? { s3KeyPrefix: c.s3KeyPrefix } : {}),
          ...(c.s3KmsKeyArn ? { s3KmsKeyArn: c.s3KmsKeyArn } : {}),
          ...(c.snsTopicARN ? { snsTopicARN: c.snsTopicARN } : {}),
          ...(c.deliveryFrequency
            ? { configSnapshotDeliveryProperties: { deliveryFrequency: c.deliveryFrequency as 'One_Hour' } }
            : {}),
        })),
      };
    },

    DescribeDeliveryChannelStatus: (
      ctx,
      input: DescribeDeliveryChannelStatusCommandInput,
    ): Out<DescribeDeliveryChannelStatusCommandOutput> => {
      const state = configState(ctx.world, ctx.account, ctx.region);
      const names = input.DeliveryChannelNames ?? [];
      for (const n of names) {
        if (!state.channels.has(n)) {
          throw err(
            ctx,
            'NoSuchDeliveryChannelException',
            `Cannot find delivery channel with specified name '${n}'.`,
          );
        }
      }
      const recorder = [...state.recorders.values()][0];
      const started = recorder?.lastStartTime;
      return {
        DeliveryChannelsStatus: [...state.channels.values()]
          .filter((c) => names.length === 0 || names.includes(c.name))
          .map((c): DeliveryChannelStatus => {
            if (!started) {
              return {
                name: c.name,
                configHistoryDeliveryInfo: {},
                configSnapshotDeliveryInfo: {},
                configStreamDeliveryInfo: { lastStatus: 'Not_Applicable' },
              };
            }
            const problem = deliveryProblem(ctx.world, ctx.account, c, recorder.roleARN);
            const attempt = ctx.now();
            const info = problem
              ? {
                  lastStatus: 'Failure' as const,
                  lastErrorCode: problem.code,
                  lastErrorMessage: problem.message,
                  lastAttemptTime: attempt,
                }
              : { lastStatus: 'Success' as const, lastAttemptTime: attempt, lastSuccessfulTime: attempt };
            return {
              name: c.name,
              configHistoryDeliveryInfo: { ...info },
              configSnapshotDeliveryInfo: { ...info },
              configStreamDeliveryInfo: c.snsTopicARN
                ? { lastStatus: 'Success' as const, lastStatusChangeTime: started }
                : { lastStatus: 'Not_Applicable' },
            };
          }),
      };
    },

    DeleteDeliveryChannel: (ctx, input: DeleteDeliveryChannelCommandInput): Record<string, never> => {
      const state = configState(ctx.world, ctx.account, ctx.region);
      const name = input.DeliveryChannelName ?? '';
      if (!state.channels.has(name)) {
        throw err(
          ctx,
          'NoSuchDeliveryChannelException',
          `Cannot find delivery channel with specified name '${name}'.`,
        );
      }
      if ([...state.recorders.values()].some((r) => r.recording)) {
        throw err(
          ctx,
          'LastDeliveryChannelDeleteFailedException',
          'Failed to delete last specified delivery channel with name ' +
            `'${name}', because there is a running configuration recorder.`,
        );
      }
      state.channels.delete(name);
      return {};
    },

    PutConfigurationAggregator: (
      ctx,
      input: PutConfigurationAggregatorCommandInput,
    ): Out<PutConfigurationAggregatorCommandOutput> => {
      const name = input.ConfigurationAggregatorName ?? '';
      if (!/^[\w-]{1,256}$/.test(name)) {
        throw err(
          ctx,
          'InvalidParameterValueException',
          `The configuration aggregator name ${name} is not valid.`,
        );
      }
      const accounts = input.AccountAggregationSources;
      const orgSource = input.OrganizationAggregationSource;
      if ((accounts !== undefined && accounts.length > 0) === (orgSource !== undefined)) {
        throw err(
          ctx,
          'InvalidParameterValueException',
          'Specify either AccountAggregationSources or OrganizationAggregationSource, but not both.',
        );
      }
      if (accounts) {
        if (accounts.length !== 1) {
          throw err(
            ctx,
            'InvalidParameterValueException',
            'AccountAggregationSources takes exactly one source.',
          );
        }
        const src = accounts[0]!;
        if (
          !src.AccountIds ||
          src.AccountIds.length === 0 ||
          src.AccountIds.some((a) => !/^\d{12}$/.test(a))
        ) {
          throw err(ctx, 'InvalidParameterValueException', 'AccountIds must list 12-digit account ids.');
        }
        checkRegions(ctx, src.AllAwsRegions, src.AwsRegions);
      }
      if (orgSource) {
        if (!orgSource.RoleArn || !ROLE_ARN.test(orgSource.RoleArn)) {
          throw err(
            ctx,
            'InvalidRoleException',
            'The IAM role ARN of the organization source is null, empty or not valid.',
          );
        }
        checkRegions(ctx, orgSource.AllAwsRegions, orgSource.AwsRegions);
        requireOrganizationAdmin(ctx, CONFIG_PRINCIPAL);
      }
      const state = configState(ctx.world, ctx.account, ctx.region);
      const now = ctx.now();
      let agg = state.aggregators.get(name);
      if (!agg) {
        if (state.aggregators.size >= MAX_AGGREGATORS) {
          throw err(
            ctx,
            'LimitExceededException',
            `An account can have at most ${MAX_AGGREGATORS} aggregators.`,
          );
        }
        agg = {
          name,
          arn: `arn:aws:config:${ctx.region}:${ctx.account}:config-aggregator/config-aggregator-${suffix(ctx.account, ctx.region, name)}`,
          createdAt: now,
          updatedAt: now,
        };
        state.aggregators.set(name, agg);
      }
      agg.updatedAt = now;
      if (accounts) {
        agg.accountSources = structuredClone(accounts);
        delete agg.organizationSource;
      } else {
        agg.organizationSource = structuredClone(orgSource!);
        delete agg.accountSources;
      }
      return { ConfigurationAggregator: aggregatorOut(agg) };
    },

    DescribeConfigurationAggregators: (
      ctx,
      input: DescribeConfigurationAggregatorsCommandInput,
    ): Out<DescribeConfigurationAggregatorsCommandOutput> => {
      const state = configState(ctx.world, ctx.account, ctx.region);
      const names = input.ConfigurationAggregatorNames ?? [];
      for (const n of names) {
        if (!state.aggregators.has(n)) {
          throw err(
            ctx,
            'NoSuchConfigurationAggregatorException',
            `The configuration aggregator ${n} does not exist.`,
          );
        }
      }
      const all = [...state.aggregators.values()].filter((a) => names.length === 0 || names.includes(a.name));
      const p = page(ctx, all, input.Limit, 10, input.NextToken);
      return {
        ConfigurationAggregators: p.page.map(aggregatorOut),
        ...(p.nextToken ? { NextToken: p.nextToken } : {}),
      };
    },

    DescribeConfigurationAggregatorSourcesStatus: (
      ctx,
      input: DescribeConfigurationAggregatorSourcesStatusCommandInput,
    ): Out<DescribeConfigurationAggregatorSourcesStatusCommandOutput> => {
      const name = input.ConfigurationAggregatorName ?? '';
      const agg = configState(ctx.world, ctx.account, ctx.region).aggregators.get(name);
      if (!agg) {
        throw err(
          ctx,
          'NoSuchConfigurationAggregatorException',
          `The configuration aggregator ${name} does not exist.`,
        );
      }
      const enabled = [...(ctx.world.account(ctx.account)?.enabledRegions ?? [ctx.region])].sort();
      const statuses: AggregatedSourceStatus[] = [];
      if (agg.organizationSource) {
        const src = agg.organizationSource;
        const regions = src.AllAwsRegions ? enabled : (src.AwsRegions ?? []);
        const org = ctx.world.organization;
        const authorised =
          org !== undefined &&
          ctx.world.isActiveMember(ctx.account) &&
          ctx.world.hasTrustedAccess(CONFIG_PRINCIPAL) &&
          (ctx.world.isManagementAccount(ctx.account) || isDelegatedAdmin(ctx, CONFIG_PRINCIPAL));
        for (const region of regions) {
          statuses.push({
            SourceId: org?.id ?? 'unknown',
            SourceType: 'ORGANIZATION',
            AwsRegion: region,
            LastUpdateTime: agg.updatedAt,
            ...(authorised
              ? { LastUpdateStatus: 'SUCCEEDED' as const }
              : {
                  LastUpdateStatus: 'FAILED' as const,
                  LastErrorCode: 'OrganizationAccessDeniedException',
                  LastErrorMessage:
                    'The aggregator account is no longer allowed to aggregate the organization.',
                }),
          });
        }
      }
      for (const src of agg.accountSources ?? []) {
        const regions = src.AllAwsRegions ? enabled : (src.AwsRegions ?? []);
        for (const account of src.AccountIds ?? []) {
          for (const region of regions) {
            const own = account === ctx.account;
            statuses.push({
              SourceId: account,
              SourceType: 'ACCOUNT',
              AwsRegion: region,
              LastUpdateTime: agg.updatedAt,
              ...(own
                ? { LastUpdateStatus: 'SUCCEEDED' as const }
                : {
                    LastUpdateStatus: 'FAILED' as const,
                    LastErrorCode: 'AuthorizationNotFound',
                    LastErrorMessage: 'The source account has not authorized this aggregator account.',
                  }),
            });
          }
        }
      }
      const wanted = input.UpdateStatus ?? [];
      const filtered = statuses.filter((s) => wanted.length === 0 || wanted.includes(s.LastUpdateStatus!));
      const p = page(ctx, filtered, input.Limit, 100, input.NextToken);
      return {
        AggregatedSourceStatusList: p.page,
        ...(p.nextToken ? { NextToken: p.nextToken } : {}),
      };
    },

    DeleteConfigurationAggregator: (
      ctx,
      input: DeleteConfigurationAggregatorCommandInput,
    ): Record<string, never> => {
      const state = configState(ctx.world, ctx.account, ctx.region);
      const name = input.ConfigurationAggregatorName ?? '';
      if (!state.aggregators.delete(name)) {
        throw err(
          ctx,
          'NoSuchConfigurationAggregatorException',
          `The configuration aggregator ${name} does not exist.`,
        );
      }
      return {};
    },

    PutOrganizationConformancePack: (
      ctx,
      input: PutOrganizationConformancePackCommandInput,
    ): Out<PutOrganizationConformancePackCommandOutput> => {
      requireOrganizationAdmin(ctx, CONFIG_MULTI_ACCOUNT_PRINCIPAL);
      const org = ctx.world.organization!;
      const name = input.OrganizationConformancePackName ?? '';
      if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(name)) {
        throw err(ctx, 'ValidationException', `The organization conformance pack name ${name} is not valid.`);
      }
      if (input.TemplateBody === undefined && input.TemplateS3Uri === undefined) {
        throw err(ctx, 'ValidationException', 'Specify either TemplateS3Uri or TemplateBody.');
      }
      // https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConformancePack.html
      if (input.DeliveryS3Bucket !== undefined && !input.DeliveryS3Bucket.startsWith('awsconfigconforms')) {
        throw err(ctx, 'ValidationException', 'The delivery bucket name must start with awsconfigconforms.');
      }
      const excluded = input.ExcludedAccounts ?? [];
      if (excluded.length > 1000 || excluded.some((a) => !/^\d{12}$/.test(a))) {
        throw err(
          ctx,
          'ValidationException',
          'ExcludedAccounts must list at most 1000 12-digit account ids.',
        );
      }
      const problem = templateProblem(ctx.world, input.TemplateBody, input.TemplateS3Uri);
      if (problem) throw err(ctx, 'OrganizationConformancePackTemplateValidationException', problem);
      const packs = configState(ctx.world, org.managementAccountId, ctx.region).organizationConformancePacks;
      if (!packs.has(name) && packs.size >= MAX_ORG_PACKS) {
        throw err(
          ctx,
          'MaxNumberOfOrganizationConformancePacksExceededException',
          `An organization can have at most ${MAX_ORG_PACKS} organization conformance packs.`,
        );
      }
      const now = ctx.now();
      const pack: SandboxOrgConformancePack = {
        name,
        arn:
          packs.get(name)?.arn ??
          `arn:aws:config:${ctx.region}:${org.managementAccountId}:organization-conformance-pack/${name}-${suffix(org.id, ctx.region, name)}`,
        parameters: structuredClone(input.ConformancePackInputParameters ?? []),
        excludedAccounts: [...excluded],
        lastUpdateTime: now,
      };
      if (input.DeliveryS3Bucket) pack.deliveryS3Bucket = input.DeliveryS3Bucket;
      if (input.DeliveryS3KeyPrefix) pack.deliveryS3KeyPrefix = input.DeliveryS3KeyPrefix;
      packs.set(name, pack);
      undeploy(ctx.world, ctx.region, name);
      for (const account of ctx.world.activeMembers()) {
        if (excluded.includes(account.id)) continue;
        const member = configState(ctx.world, account.id, ctx.region);
        if (member.recorders.size === 0) continue;
        const local = `OrgConformsPack-${name}-${suffix(account.id, ctx.region, name)}`;
        const id = `conformance-pack-${suffix('id', account.id, ctx.region, name)}`;
        member.conformancePacks.set(local, {
          name: local,
          arn: `arn:aws:config:${ctx.region}:${account.id}:conformance-pack/${local}/${id}`,
          id,
          parameters: structuredClone(pack.parameters),
          lastUpdateRequestedTime: now,
          createdBy: 'config-conforms.amazonaws.com',
          organizationPack: name,
          ...(pack.deliveryS3Bucket ? { deliveryS3Bucket: pack.deliveryS3Bucket } : {}),
          ...(pack.deliveryS3KeyPrefix ? { deliveryS3KeyPrefix: pack.deliveryS3KeyPrefix } : {}),
        });
      }
      return { OrganizationConformancePackArn: pack.arn };
    },

    DescribeOrganizationConformancePacks: (
      ctx,
      input: DescribeOrganizationConformancePacksCommandInput,
    ): Out<DescribeOrganizationConformancePacksCommandOutput> => {
      const mgmt = requireOrgPackReader(ctx);
      const packs = configState(ctx.world, mgmt, ctx.region).organizationConformancePacks;
      const names = input.OrganizationConformancePackNames ?? [];
      for (const n of names) {
        if (!packs.has(n)) {
          throw err(
            ctx,
            'NoSuchOrganizationConformancePackException',
            `Could not find an OrganizationConformancePack for given request with resourceName ${n}.`,
          );
        }
      }
      const all = [...packs.values()].filter((p) => names.length === 0 || names.includes(p.name));
      const p = page(ctx, all, input.Limit, 20, input.NextToken);
      return {
        OrganizationConformancePacks: p.page.map(orgPackOut),
        ...(p.nextToken ? { NextToken: p.nextToken } : {}),
      };
    },

    DeleteOrganizationConformancePack: (
      ctx,
      input: DeleteOrganizationConformancePackCommandInput,
    ): Record<string, never> => {
      const mgmt = requireOrgPackReader(ctx);
      const packs = configState(ctx.world, mgmt, ctx.region).organizationConformancePacks;
      const name = input.OrganizationConformancePackName ?? '';
      if (!packs.delete(name)) {
        throw err(
          ctx,
          'NoSuchOrganizationConformancePackException',
          `Could not find an OrganizationConformancePack for given request with resourceName ${name}.`,
        );
      }
      undeploy(ctx.world, ctx.region, name);
      return {};
    },

    DescribeConformancePacks: (
      ctx,
      input: DescribeConformancePacksCommandInput,
    ): Out<DescribeConformancePacksCommandOutput> => {
      const packs = configState(ctx.world, ctx.account, ctx.region).conformancePacks;
      const names = input.ConformancePackNames ?? [];
      for (const n of names) {
        if (!packs.has(n)) {
          throw err(ctx, 'NoSuchConformancePackException', `Cannot find conformance pack with name '${n}'.`);
        }
      }
      const all = [...packs.values()].filter((p) => names.length === 0 || names.includes(p.name));
      const p = page(ctx, all, input.Limit, 20, input.NextToken);
      return {
        ConformancePackDetails: p.page.map(packOut),
        ...(p.nextToken ? { NextToken: p.nextToken } : {}),
      };
    },
  },
});
