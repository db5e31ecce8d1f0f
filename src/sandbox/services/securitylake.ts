/**
 * Amazon Security Lake in the sandbox: the delegated Security Lake administrator (one per organization, the
 * same in all Regions), data lakes per account and Region (encryption, lifecycle, replication), AWS log
 * sources per account and Region, the organization configuration (sources auto-enabled for accounts that join
 * later) and subscribers (data access through S3, query access through Lake Formation).
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_RegisterDataLakeDelegatedAdministrator.html
 *   (only the management account may call it; the management account cannot be the administrator)
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_DeregisterDataLakeDelegatedAdministrator.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_CreateDataLake.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_ListDataLakes.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_UpdateDataLake.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_DeleteDataLake.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_CreateAwsLogSource.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_DeleteAwsLogSource.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_ListLogSources.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_GetDataLakeSources.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_CreateDataLakeOrganizationConfiguration.html
 *   (merges with the existing configuration; covers new accounts only)
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_GetDataLakeOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_DeleteDataLakeOrganizationConfiguration.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_CreateSubscriber.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/API_ListSubscribers.html
 * - https://docs.aws.amazon.com/security-lake/latest/APIReference/CommonErrors.html
 * - https://docs.aws.amazon.com/security-lake/latest/userguide/multi-account-management.html (the delegated
 *   administrator is the same in all Regions and manages sources for member accounts)
 *
 * Error status codes: BadRequestException 400, AccessDeniedException 403, ResourceNotFoundException 404,
 * ConflictException 409.
 *
 * Propagation knob keys honoured (`SandboxKnobs.propagationDelayMs`):
 * - `securitylake:admin` — after registration, the delegated administrator is not yet recognised as one
 *   (organization calls fail with `AccessDeniedException`, member accounts are reported as failed) for this
 *   many ms.
 * - `securitylake:datalake` — a new data lake reports `createStatus: PENDING` for this many ms, then `COMPLETED`.
 *
 * `CreateDataLake` also creates the lake's SQS manager queue and dead-letter queue in the simulated SQS
 * service (see `createLakeQueues`).
 *
 * Not modelled: custom log sources, the S3 bucket and Glue/Lake Formation resources behind a data lake, the
 * queues following a later change of the lake's key, and checks that the KMS key and meta store manager role
 * really exist.
 */
import type {
  AccessType,
  AwsLogSourceConfiguration,
  AwsLogSourceName,
  AwsLogSourceResource,
  CreateAwsLogSourceCommandInput,
  CreateAwsLogSourceCommandOutput,
  CreateDataLakeCommandInput,
  CreateDataLakeCommandOutput,
  CreateDataLakeOrganizationConfigurationCommandInput,
  CreateSubscriberCommandInput,
  CreateSubscriberCommandOutput,
  DataLakeAutoEnableNewAccountConfiguration,
  DataLakeConfiguration,
  DataLakeEncryptionConfiguration,
  DataLakeLifecycleConfiguration,
  DataLakeReplicationConfiguration,
  DataLakeResource,
  DeleteAwsLogSourceCommandInput,
  DeleteAwsLogSourceCommandOutput,
  DeleteDataLakeCommandInput,
  DeleteDataLakeOrganizationConfigurationCommandInput,
  DeleteSubscriberCommandInput,
  GetDataLakeOrganizationConfigurationCommandOutput,
  GetDataLakeSourcesCommandInput,
  GetDataLakeSourcesCommandOutput,
  DataLakeSource,
  GetSubscriberCommandInput,
  GetSubscriberCommandOutput,
  ListDataLakesCommandInput,
  ListDataLakesCommandOutput,
  ListLogSourcesCommandInput,
  ListLogSourcesCommandOutput,
  ListSubscribersCommandInput,
  ListSubscribersCommandOutput,
  LogSource,
  LogSourceResource,
  RegisterDataLakeDelegatedAdministratorCommandInput,
  SubscriberResource,
  UpdateDataLakeCommandInput,
  UpdateDataLakeCommandOutput,
} from '@aws-sdk/client-securitylake';
import {
  AccessDeniedException,
  BadRequestException,
  ConflictException,
  ResourceNotFoundException,
} from '@aws-sdk/client-securitylake';
import { defineService, type CallContext } from '../core/service.js';
import type { ModeledExceptionClass } from '../core/errors.js';
import type { ServiceException } from '@smithy/smithy-client';
import type { SandboxWorld } from '../core/state.js';
import { paginate } from '../core/paginate.js';
import { deregisterServiceAdmin, registerServiceAdmin, requireManagementAccount } from '../core/org-admin.js';
import { isRegionCode } from '../../catalog/regions.js';
import { createQueueState } from './sqs.js';

type Out<T> = Omit<T, '$metadata'>;

/** The SDK's own exception classes for the errors this service models, so `instanceof` works for callers. */
const MODELED: Readonly<Record<string, ModeledExceptionClass<ServiceException>>> = {
  AccessDeniedException,
  BadRequestException,
  ConflictException,
  ResourceNotFoundException,
};

type Empty = Record<string, never>;

/** Service key of Security Lake in the sandbox (its IAM action prefix). */
export const SECURITY_LAKE_SERVICE = 'securitylake';
/** Service principal of Security Lake in Organizations. */
export const SECURITY_LAKE_PRINCIPAL = 'securitylake.amazonaws.com';
/** Latest version of the AWS log sources, used when a request names none. */
export const SECURITY_LAKE_DEFAULT_SOURCE_VERSION = '2.0';
/**
 * Sources the sandbox auto-enables when `CreateDataLakeOrganizationConfiguration` names none: the set AWS
 * recommends by default (S3 data events and WAF are opt-in because of their volume).
 */
export const SECURITY_LAKE_DEFAULT_SOURCES: readonly AwsLogSourceName[] = [
  'CLOUD_TRAIL_MGMT',
  'LAMBDA_EXECUTION',
  'EKS_AUDIT',
  'ROUTE53',
  'SH_FINDINGS',
  'VPC_FLOW',
];

const SOURCE_NAMES: readonly AwsLogSourceName[] = [
  'ROUTE53',
  'VPC_FLOW',
  'SH_FINDINGS',
  'CLOUD_TRAIL_MGMT',
  'LAMBDA_EXECUTION',
  'S3_DATA',
  'EKS_AUDIT',
  'WAF',
];
const SOURCE_VERSIONS = ['1.0', '2.0'];
const ACCESS_TYPES: readonly AccessType[] = ['LAKEFORMATION', 'S3'];
const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[-a-z]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** A data lake of one account in one Region. */
export interface SecurityLakeDataLake {
  /** `arn:aws:securitylake:<region>:<account>:data-lake/default`. */
  arn: string;
  /** The Region of the lake. */
  region: string;
  /** Bucket that stores the lake's data. */
  s3BucketArn: string;
  /** Encryption (`S3_MANAGED_KEY` or a KMS key id). */
  encryption: DataLakeEncryptionConfiguration;
  /** Storage class transitions and expiration. */
  lifecycle?: DataLakeLifecycleConfiguration;
  /** Replication to rollup Regions. */
  replication?: DataLakeReplicationConfiguration;
  /** Role Security Lake uses to manage the Glue tables. */
  metaStoreManagerRoleArn: string;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Last update (epoch ms). */
  updatedAt: number;
}

/** A subscriber of a data lake. */
export interface SecurityLakeSubscriber {
  /** Subscriber id. */
  id: string;
  /** Subscriber ARN. */
  arn: string;
  /** Subscriber name. */
  name: string;
  /** Description. */
  description?: string;
  /** The consuming principal (an account id) and its external id. */
  identity: { principal: string; externalId: string };
  /** Sources the subscriber may consume. */
  sources: AwsLogSourceResource[];
  /** S3 (data access) and/or LAKEFORMATION (query access). */
  accessTypes: AccessType[];
  /** Creation time (epoch ms). */
  createdAt: number;
}

/** Security Lake state of one account in one Region. */
export interface SecurityLakeState {
  /** The account's data lake in this Region, if enabled. */
  dataLake?: SecurityLakeDataLake;
  /** Sources collected into this lake: account id → source name → source version. */
  sources: Map<string, Map<AwsLogSourceName, string>>;
  /** Organization configuration for this Region (delegated administrator only): auto-enabled sources. */
  autoEnable?: { sources: Map<AwsLogSourceName, string>; since: number };
  /** Subscribers by id. */
  subscribers: Map<string, SecurityLakeSubscriber>;
}

function initState(): SecurityLakeState {
  return { sources: new Map(), subscribers: new Map() };
}

/** Security Lake state of `account` in `region` (created empty on first use). */
export function securityLakeState(world: SandboxWorld, account: string, region: string): SecurityLakeState {
  return world.regional(SECURITY_LAKE_SERVICE, account, region, initState);
}

/** The delegated Security Lake administrator of the organization, if registered. */
export function securityLakeAdmin(world: SandboxWorld): string | undefined {
  return world.delegatedAdminsFor(SECURITY_LAKE_PRINCIPAL)[0];
}

function state(ctx: CallContext): SecurityLakeState {
  return ctx.regional(initState);
}

function badRequest(ctx: CallContext, message: string): Error {
  return ctx.error('BadRequestException', message, { status: 400 });
}

function notFound(ctx: CallContext, message: string): Error {
  return ctx.error('ResourceNotFoundException', message, { status: 404 });
}

/** True when the caller is the delegated administrator and its registration has propagated. */
function isVisibleAdmin(ctx: CallContext): boolean {
  const at = ctx.world.organization?.delegatedAdmins.get(SECURITY_LAKE_PRINCIPAL)?.get(ctx.account);
  return at !== undefined && ctx.clock.now() >= at + ctx.propagationDelay('securitylake:admin');
}

function requireAdmin(ctx: CallContext): void {
  if (!isVisibleAdmin(ctx)) {
    throw ctx.error(
      'AccessDeniedException',
      `Account ${ctx.account} is not the delegated Security Lake administrator for the organization.`,
      { status: 403, fields: { errorCode: 'AccessDenied' } },
    );
  }
}

/** The caller's lakes in every Region, sorted by Region. */
function lakes(ctx: CallContext): { region: string; st: SecurityLakeState }[] {
  const out: { region: string; st: SecurityLakeState }[] = [];
  for (const s of ctx.world.slices<SecurityLakeState>(SECURITY_LAKE_SERVICE)) {
    if (s.account === ctx.account && s.state.dataLake) out.push({ region: s.region, st: s.state });
  }
  return out.sort((a, b) => a.region.localeCompare(b.region));
}

function regionState(ctx: CallContext, region: string): SecurityLakeState {
  return securityLakeState(ctx.world, ctx.account, region);
}

/** Names of the manager queue and its dead-letter queue Security Lake creates in a Region. */
export function securityLakeQueueNames(region: string): { queue: string; deadLetterQueue: string } {
  return {
    queue: `AmazonSecurityLakeManager-${region}-Queue`,
    deadLetterQueue: `AmazonSecurityLakeManager-${region}-Dlq`,
  };
}

/**
 * Creates the lake's SQS queues in the caller's account: the manager queue (S3 object notifications for the
 * lake's processing Lambda) and its dead-letter queue, encrypted with the lake's KMS key when it has one,
 * else with SSE-SQS. They outlive the lake (DeleteDataLake leaves them, as AWS does); a new lake in the
 * Region reconfigures them.
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SecurityLakeResourceManagementServiceRolePolicy.html
 * (the service manages `AmazonSecurityLakeManager-*` queues)
 */
function createLakeQueues(ctx: CallContext, region: string, kmsKeyId: string | undefined): void {
  const names = securityLakeQueueNames(region);
  const key = !kmsKeyId || kmsKeyId === 'S3_MANAGED_KEY' ? {} : { kmsMasterKeyId: kmsKeyId };
  const now = ctx.clock.now();
  const dlq = createQueueState(ctx.world, ctx.account, region, { name: names.deadLetterQueue, ...key }, now);
  createQueueState(
    ctx.world,
    ctx.account,
    region,
    { name: names.queue, ...key, redrivePolicy: { deadLetterTargetArn: dlq.arn, maxReceiveCount: 10 } },
    now,
  );
}

function lakeView(ctx: CallContext, lake: SecurityLakeDataLake): DataLakeResource {
  const pending = ctx.clock.now() < lake.createdAt + ctx.propagationDelay('securitylake:datalake');
  return {
    dataLakeArn: lake.arn,
    region: lake.region,
    s3BucketArn: lake.s3BucketArn,
    encryptionConfiguration: { ...lake.encryption },
    ...(lake.lifecycle ? { lifecycleConfiguration: structuredClone(lake.lifecycle) } : {}),
    ...(lake.replication ? { replicationConfiguration: structuredClone(lake.replication) } : {}),
    createStatus: pending ? 'PENDING' : 'COMPLETED',
    updateStatus: { status: 'COMPLETED' },
  };
}

function checkRegion(ctx: CallContext, region: string | undefined): string {
  if (!region || !isRegionCode(region)) throw badRequest(ctx, `Invalid Region ${region}.`);
  const acct = ctx.world.account(ctx.account);
  if (acct && !acct.enabledRegions.has(region)) {
    throw badRequest(ctx, `Region ${region} is not enabled for account ${ctx.account}.`);
  }
  return region;
}

function checkLifecycle(ctx: CallContext, c: DataLakeConfiguration): void {
  const l = c.lifecycleConfiguration;
  const days = l?.expiration?.days;
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
    throw badRequest(ctx, 'lifecycleConfiguration.expiration.days must be a positive integer.');
  }
  for (const t of l?.transitions ?? []) {
    if (t.days !== undefined && (!Number.isInteger(t.days) || t.days < 1)) {
      throw badRequest(ctx, 'lifecycleConfiguration.transitions[].days must be a positive integer.');
    }
    if (days !== undefined && t.days !== undefined && t.days >= days) {
      throw badRequest(ctx, 'A storage class transition must happen before the data expires.');
    }
  }
}

function checkSource(
  ctx: CallContext,
  name: string | undefined,
  version: string | undefined,
): [AwsLogSourceName, string] {
  if (!name || !SOURCE_NAMES.includes(name as AwsLogSourceName)) {
    throw badRequest(ctx, `Invalid sourceName ${name}; valid: ${SOURCE_NAMES.join(', ')}.`);
  }
  const v = version ?? SECURITY_LAKE_DEFAULT_SOURCE_VERSION;
  if (!SOURCE_VERSIONS.includes(v)) throw badRequest(ctx, `Invalid sourceVersion ${v} for ${name}.`);
  return [name as AwsLogSourceName, v];
}

/**
 * Applies `change` to each (account, Region) of `sources` in the caller's lakes. The caller may act on its own
 * account; the delegated administrator also on active organization accounts. Others are returned as failed.
 */
function applySources(
  ctx: CallContext,
  sources: readonly AwsLogSourceConfiguration[] | undefined,
  change: (
    byAccount: Map<string, Map<AwsLogSourceName, string>>,
    account: string,
    name: AwsLogSourceName,
    version: string,
  ) => void,
): string[] {
  if (!sources || sources.length === 0) throw badRequest(ctx, 'sources must not be empty.');
  const failed = new Set<string>();
  const admin = isVisibleAdmin(ctx);
  const plan: { region: string; account: string; name: AwsLogSourceName; version: string }[] = [];
  for (const s of sources) {
    const [name, version] = checkSource(ctx, s.sourceName, s.sourceVersion);
    if (!s.regions || s.regions.length === 0) throw badRequest(ctx, 'regions must not be empty.');
    const accounts = s.accounts && s.accounts.length > 0 ? s.accounts : [ctx.account];
    for (const region of s.regions) {
      checkRegion(ctx, region);
      if (!regionState(ctx, region).dataLake) {
        throw notFound(ctx, `Security Lake is not enabled for account ${ctx.account} in ${region}.`);
      }
      for (const account of accounts) {
        if (!ACCOUNT_ID.test(account)) throw badRequest(ctx, `Invalid account id ${account}.`);
        const allowed = account === ctx.account || (admin && ctx.world.isActiveMember(account));
        if (!allowed) failed.add(account);
        else plan.push({ region, account, name, version });
      }
    }
  }
  for (const p of plan) change(regionState(ctx, p.region).sources, p.account, p.name, p.version);
  return [...failed];
}

/**
 * Collects the auto-enabled sources for accounts that joined the organization after the organization
 * configuration of a Region was created; existing accounts are not enrolled automatically.
 * https://docs.aws.amazon.com/security-lake/latest/APIReference/API_CreateDataLakeOrganizationConfiguration.html
 */
function reconcile(ctx: CallContext): void {
  const admin = securityLakeAdmin(ctx.world);
  if (!admin) return;
  for (const s of ctx.world.slices<SecurityLakeState>(SECURITY_LAKE_SERVICE)) {
    const auto = s.state.autoEnable;
    if (s.account !== admin || !s.state.dataLake || !auto || auto.sources.size === 0) continue;
    for (const acct of ctx.world.activeMembers()) {
      if (acct.joinedAt <= auto.since || s.state.sources.has(acct.id) || !acct.enabledRegions.has(s.region))
        continue;
      s.state.sources.set(acct.id, new Map(auto.sources));
    }
  }
}

function subscriberView(ctx: CallContext, region: string, s: SecurityLakeSubscriber): SubscriberResource {
  const lake = regionState(ctx, region).dataLake;
  const lf = s.accessTypes.includes('LAKEFORMATION');
  return {
    subscriberId: s.id,
    subscriberArn: s.arn,
    subscriberIdentity: { ...s.identity },
    subscriberName: s.name,
    ...(s.description !== undefined ? { subscriberDescription: s.description } : {}),
    sources: s.sources.map((a) => ({ awsLogSource: { ...a } })),
    accessTypes: [...s.accessTypes],
    roleArn: `arn:${ctx.world.partition}:iam::${ctx.account}:role/AmazonSecurityLake-${s.id}`,
    ...(lake ? { s3BucketArn: lake.s3BucketArn } : {}),
    subscriberStatus: 'ACTIVE',
    ...(lf
      ? {
          resourceShareName: `LakeFormation-V3-${s.id}`,
          resourceShareArn: `arn:${ctx.world.partition}:ram:${region}:${ctx.account}:resource-share/${s.id}`,
        }
      : {}),
    createdAt: new Date(s.createdAt),
    updatedAt: new Date(s.createdAt),
  };
}

function findSubscriber(ctx: CallContext, id: string | undefined): SecurityLakeSubscriber {
  const s = state(ctx).subscribers.get(id ?? '');
  if (!s) throw notFound(ctx, `Subscriber ${id} was not found.`);
  return s;
}

/** The simulated Amazon Security Lake service. */
export const securityLakeService = defineService({
  name: SECURITY_LAKE_SERVICE,
  clientName: 'SecurityLakeClient',
  scope: 'regional',
  protocol: 'rest-json',
  modeledErrors: MODELED,
  operations: {
    RegisterDataLakeDelegatedAdministrator: (
      ctx,
      input: RegisterDataLakeDelegatedAdministratorCommandInput,
    ): Empty => {
      requireManagementAccount(ctx, 'AccessDeniedException', 403);
      const target = input.accountId ?? '';
      if (!ACCOUNT_ID.test(target)) throw badRequest(ctx, 'accountId must be a 12-digit account id.');
      if (ctx.world.isManagementAccount(target)) {
        throw badRequest(
          ctx,
          'The organization management account cannot be the delegated administrator account.',
        );
      }
      if (!ctx.world.isActiveMember(target)) {
        throw badRequest(ctx, `Account ${target} is not an active member of the organization.`);
      }
      const current = securityLakeAdmin(ctx.world);
      if (current === target) return {};
      if (current) {
        throw ctx.error(
          'ConflictException',
          `Account ${current} is already the delegated Security Lake administrator.`,
          {
            status: 409,
          },
        );
      }
      registerServiceAdmin(ctx, SECURITY_LAKE_PRINCIPAL, target);
      return {};
    },

    DeregisterDataLakeDelegatedAdministrator: (ctx): Empty => {
      requireManagementAccount(ctx, 'AccessDeniedException', 403);
      const current = securityLakeAdmin(ctx.world);
      if (!current) throw notFound(ctx, 'The organization has no delegated Security Lake administrator.');
      deregisterServiceAdmin(ctx, SECURITY_LAKE_PRINCIPAL, current);
      return {};
    },

    CreateDataLake: (ctx, input: CreateDataLakeCommandInput): Out<CreateDataLakeCommandOutput> => {
      if (!input.metaStoreManagerRoleArn || !ROLE_ARN.test(input.metaStoreManagerRoleArn)) {
        throw badRequest(ctx, 'metaStoreManagerRoleArn must be the ARN of an IAM role.');
      }
      const configs = input.configurations ?? [];
      if (configs.length === 0) throw badRequest(ctx, 'configurations must not be empty.');
      const seen = new Set<string>();
      for (const c of configs) {
        const region = checkRegion(ctx, c.region);
        if (seen.has(region)) throw badRequest(ctx, `Region ${region} is listed twice.`);
        seen.add(region);
        checkLifecycle(ctx, c);
        if (regionState(ctx, region).dataLake) {
          throw ctx.error(
            'ConflictException',
            `A data lake already exists in ${region} for account ${ctx.account}.`,
            {
              status: 409,
            },
          );
        }
      }
      const now = ctx.clock.now();
      const created: DataLakeResource[] = [];
      for (const c of configs) {
        const region = c.region!;
        const suffix = ctx.sandbox.random.chars(30);
        const lake: SecurityLakeDataLake = {
          arn: `arn:${ctx.world.partition}:securitylake:${region}:${ctx.account}:data-lake/default`,
          region,
          s3BucketArn: `arn:${ctx.world.partition}:s3:::aws-security-data-lake-${region}-${suffix}`,
          encryption: { kmsKeyId: c.encryptionConfiguration?.kmsKeyId ?? 'S3_MANAGED_KEY' },
          ...(c.lifecycleConfiguration ? { lifecycle: structuredClone(c.lifecycleConfiguration) } : {}),
          ...(c.replicationConfiguration ? { replication: structuredClone(c.replicationConfiguration) } : {}),
          metaStoreManagerRoleArn: input.metaStoreManagerRoleArn,
          createdAt: now,
          updatedAt: now,
        };
        regionState(ctx, region).dataLake = lake;
        createLakeQueues(ctx, region, lake.encryption.kmsKeyId);
        created.push(lakeView(ctx, lake));
      }
      return { dataLakes: created };
    },

    ListDataLakes: (ctx, input: ListDataLakesCommandInput): Out<ListDataLakesCommandOutput> => {
      const wanted = input.regions && input.regions.length > 0 ? new Set(input.regions) : undefined;
      return {
        dataLakes: lakes(ctx)
          .filter((l) => !wanted || wanted.has(l.region))
          .map((l) => lakeView(ctx, l.st.dataLake!)),
      };
    },

    UpdateDataLake: (ctx, input: UpdateDataLakeCommandInput): Out<UpdateDataLakeCommandOutput> => {
      if (input.metaStoreManagerRoleArn !== undefined && !ROLE_ARN.test(input.metaStoreManagerRoleArn)) {
        throw badRequest(ctx, 'metaStoreManagerRoleArn must be the ARN of an IAM role.');
      }
      const configs = input.configurations ?? [];
      if (configs.length === 0) throw badRequest(ctx, 'configurations must not be empty.');
      for (const c of configs) {
        const region = checkRegion(ctx, c.region);
        checkLifecycle(ctx, c);
        if (!regionState(ctx, region).dataLake) {
          throw notFound(ctx, `Security Lake is not enabled for account ${ctx.account} in ${region}.`);
        }
      }
      const now = ctx.clock.now();
      const updated: DataLakeResource[] = [];
      for (const c of configs) {
        const lake = regionState(ctx, c.region!).dataLake!;
        if (c.encryptionConfiguration)
          lake.encryption = { kmsKeyId: c.encryptionConfiguration.kmsKeyId ?? 'S3_MANAGED_KEY' };
        if (c.lifecycleConfiguration) lake.lifecycle = structuredClone(c.lifecycleConfiguration);
        if (c.replicationConfiguration) lake.replication = structuredClone(c.replicationConfiguration);
        if (input.metaStoreManagerRoleArn) lake.metaStoreManagerRoleArn = input.metaStoreManagerRoleArn;
        lake.updatedAt = now;
        updated.push(lakeView(ctx, lake));
      }
      return { dataLakes: updated };
    },

    DeleteDataLake: (ctx, input: DeleteDataLakeCommandInput): Empty => {
      const regions = input.regions ?? [];
      if (regions.length === 0) throw badRequest(ctx, 'regions must not be empty.');
      for (const region of regions) {
        checkRegion(ctx, region);
        if (!regionState(ctx, region).dataLake) {
          throw notFound(ctx, `Security Lake is not enabled for account ${ctx.account} in ${region}.`);
        }
      }
      // Disabling Security Lake stops collection; the data already in the bucket is kept (not modelled here).
      for (const region of regions) {
        const st = regionState(ctx, region);
        delete st.dataLake;
        st.sources.clear();
        st.subscribers.clear();
        delete st.autoEnable;
      }
      return {};
    },

    CreateAwsLogSource: (
      ctx,
      input: CreateAwsLogSourceCommandInput,
    ): Out<CreateAwsLogSourceCommandOutput> => {
      const failed = applySources(ctx, input.sources, (byAccount, account, name, version) => {
        let m = byAccount.get(account);
        if (!m) byAccount.set(account, (m = new Map()));
        m.set(name, version);
      });
      return { failed };
    },

    DeleteAwsLogSource: (
      ctx,
      input: DeleteAwsLogSourceCommandInput,
    ): Out<DeleteAwsLogSourceCommandOutput> => {
      const failed = applySources(ctx, input.sources, (byAccount, account, name) => {
        const m = byAccount.get(account);
        m?.delete(name);
        if (m && m.size === 0) byAccount.delete(account);
      });
      return { failed };
    },

    ListLogSources: (ctx, input: ListLogSourcesCommandInput): Out<ListLogSourcesCommandOutput> => {
      reconcile(ctx);
      const regions = input.regions && input.regions.length > 0 ? new Set(input.regions) : undefined;
      const accounts = input.accounts && input.accounts.length > 0 ? new Set(input.accounts) : undefined;
      const wanted = (input.sources ?? [])
        .map((s) => s.awsLogSource)
        .filter((s): s is AwsLogSourceResource => !!s);
      const out: LogSource[] = [];
      for (const { region, st } of lakes(ctx)) {
        if (regions && !regions.has(region)) continue;
        for (const account of [...st.sources.keys()].sort()) {
          if (accounts && !accounts.has(account)) continue;
          const list: LogSourceResource[] = [];
          for (const [sourceName, sourceVersion] of st.sources.get(account)!) {
            const match =
              wanted.length === 0 ||
              wanted.some(
                (w) => w.sourceName === sourceName && (!w.sourceVersion || w.sourceVersion === sourceVersion),
              );
            if (match) list.push({ awsLogSource: { sourceName, sourceVersion } });
          }
          if (list.length > 0) out.push({ account, region, sources: list });
        }
      }
      // No documented maximum page size; the sandbox accepts up to 1000.
      const { page, nextToken } = paginate(ctx, out, {
        maxResults: input.maxResults,
        nextToken: input.nextToken,
        defaultMax: 100,
        limit: 1000,
        errorName: 'BadRequestException',
      });
      return { sources: page, ...(nextToken ? { nextToken } : {}) };
    },

    GetDataLakeSources: (
      ctx,
      input: GetDataLakeSourcesCommandInput,
    ): Out<GetDataLakeSourcesCommandOutput> => {
      reconcile(ctx);
      // A snapshot of the current Region: which accounts contribute which sources to the caller's lake.
      const st = state(ctx);
      if (!st.dataLake)
        throw notFound(ctx, `Security Lake is not enabled for account ${ctx.account} in ${ctx.region}.`);
      const accounts = input.accounts && input.accounts.length > 0 ? new Set(input.accounts) : undefined;
      const all: DataLakeSource[] = [];
      for (const account of [...st.sources.keys()].sort()) {
        if (accounts && !accounts.has(account)) continue;
        for (const sourceName of st.sources.get(account)!.keys()) {
          all.push({
            account,
            sourceName,
            sourceStatuses: [{ resource: st.dataLake.arn, status: 'COLLECTING' }],
          });
        }
      }
      // No documented maximum page size; the sandbox accepts up to 1000.
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.maxResults,
        nextToken: input.nextToken,
        defaultMax: 100,
        limit: 1000,
        errorName: 'BadRequestException',
      });
      return { dataLakeArn: st.dataLake.arn, dataLakeSources: page, ...(nextToken ? { nextToken } : {}) };
    },

    CreateDataLakeOrganizationConfiguration: (
      ctx,
      input: CreateDataLakeOrganizationConfigurationCommandInput,
    ): Empty => {
      requireAdmin(ctx);
      // Modelling choice: without a configuration, the recommended default sources are auto-enabled in the
      // Region of the call.
      const entries: DataLakeAutoEnableNewAccountConfiguration[] = input.autoEnableNewAccount ?? [
        { region: ctx.region, sources: SECURITY_LAKE_DEFAULT_SOURCES.map((sourceName) => ({ sourceName })) },
      ];
      if (entries.length === 0) throw badRequest(ctx, 'autoEnableNewAccount must not be empty.');
      const parsed = entries.map((e) => {
        const region = checkRegion(ctx, e.region);
        if (!e.sources || e.sources.length === 0) throw badRequest(ctx, 'sources must not be empty.');
        return { region, sources: e.sources.map((s) => checkSource(ctx, s.sourceName, s.sourceVersion)) };
      });
      // The new configuration is merged with the existing one.
      for (const { region, sources } of parsed) {
        const st = regionState(ctx, region);
        st.autoEnable ??= { sources: new Map(), since: ctx.clock.now() };
        for (const [name, version] of sources) st.autoEnable.sources.set(name, version);
      }
      return {};
    },

    GetDataLakeOrganizationConfiguration: (ctx): Out<GetDataLakeOrganizationConfigurationCommandOutput> => {
      requireAdmin(ctx);
      const entries: DataLakeAutoEnableNewAccountConfiguration[] = [];
      const slices = [...ctx.world.slices<SecurityLakeState>(SECURITY_LAKE_SERVICE)]
        .filter((s) => s.account === ctx.account && s.state.autoEnable && s.state.autoEnable.sources.size > 0)
        .sort((a, b) => a.region.localeCompare(b.region));
      for (const s of slices) {
        entries.push({
          region: s.region,
          sources: [...s.state.autoEnable!.sources].map(([sourceName, sourceVersion]) => ({
            sourceName,
            sourceVersion,
          })),
        });
      }
      return entries.length > 0 ? { autoEnableNewAccount: entries } : {};
    },

    DeleteDataLakeOrganizationConfiguration: (
      ctx,
      input: DeleteDataLakeOrganizationConfigurationCommandInput,
    ): Empty => {
      requireAdmin(ctx);
      if (!input.autoEnableNewAccount) {
        for (const s of ctx.world.slices<SecurityLakeState>(SECURITY_LAKE_SERVICE)) {
          if (s.account === ctx.account) delete s.state.autoEnable;
        }
        return {};
      }
      for (const e of input.autoEnableNewAccount) {
        const st = regionState(ctx, checkRegion(ctx, e.region));
        for (const s of e.sources ?? [])
          st.autoEnable?.sources.delete(checkSource(ctx, s.sourceName, s.sourceVersion)[0]);
        if (st.autoEnable && st.autoEnable.sources.size === 0) delete st.autoEnable;
      }
      return {};
    },

    CreateSubscriber: (ctx, input: CreateSubscriberCommandInput): Out<CreateSubscriberCommandOutput> => {
      const st = state(ctx);
      if (!st.dataLake)
        throw notFound(ctx, `Security Lake is not enabled for account ${ctx.account} in ${ctx.region}.`);
      const identity = input.subscriberIdentity;
      if (!identity?.principal || !identity.externalId) {
        throw badRequest(ctx, 'subscriberIdentity.principal and externalId are required.');
      }
      if (!input.subscriberName) throw badRequest(ctx, 'subscriberName is required.');
      const sources: AwsLogSourceResource[] = [];
      for (const s of input.sources ?? []) {
        if (!s.awsLogSource) throw badRequest(ctx, 'The sra-kit sandbox supports AWS log sources only.');
        const [sourceName, sourceVersion] = checkSource(
          ctx,
          s.awsLogSource.sourceName,
          s.awsLogSource.sourceVersion,
        );
        sources.push({ sourceName, sourceVersion });
      }
      if (sources.length === 0) throw badRequest(ctx, 'sources must not be empty.');
      const accessTypes =
        input.accessTypes && input.accessTypes.length > 0 ? [...new Set(input.accessTypes)] : ['S3' as const];
      for (const a of accessTypes)
        if (!ACCESS_TYPES.includes(a)) throw badRequest(ctx, `Invalid access type ${a}.`);
      for (const s of st.subscribers.values()) {
        if (s.name === input.subscriberName) {
          throw ctx.error('ConflictException', `Subscriber ${s.name} already exists.`, { status: 409 });
        }
      }
      const id = [8, 4, 4, 4, 12].map((n) => ctx.sandbox.random.chars(n, '0123456789abcdef')).join('-');
      const sub: SecurityLakeSubscriber = {
        id,
        arn: `arn:${ctx.world.partition}:securitylake:${ctx.region}:${ctx.account}:subscriber/${id}`,
        name: input.subscriberName,
        ...(input.subscriberDescription !== undefined ? { description: input.subscriberDescription } : {}),
        identity: { principal: identity.principal, externalId: identity.externalId },
        sources,
        accessTypes,
        createdAt: ctx.clock.now(),
      };
      st.subscribers.set(id, sub);
      return { subscriber: subscriberView(ctx, ctx.region, sub) };
    },

    GetSubscriber: (ctx, input: GetSubscriberCommandInput): Out<GetSubscriberCommandOutput> => {
      return { subscriber: subscriberView(ctx, ctx.region, findSubscriber(ctx, input.subscriberId)) };
    },

    ListSubscribers: (ctx, input: ListSubscribersCommandInput): Out<ListSubscribersCommandOutput> => {
      const all = [...state(ctx).subscribers.values()].sort(
        (a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name),
      );
      // No documented maximum page size; the sandbox accepts up to 1000.
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.maxResults,
        nextToken: input.nextToken,
        defaultMax: 100,
        limit: 1000,
        errorName: 'BadRequestException',
      });
      return {
        subscribers: page.map((s) => subscriberView(ctx, ctx.region, s)),
        ...(nextToken ? { nextToken } : {}),
      };
    },

    DeleteSubscriber: (ctx, input: DeleteSubscriberCommandInput): Empty => {
      const sub = findSubscriber(ctx, input.subscriberId);
      state(ctx).subscribers.delete(sub.id);
      return {};
    },
  },
});
