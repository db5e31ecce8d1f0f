/**
 * The AWS access layer: one {@link AwsAccess} per run hands out SDK v3 clients for (account, Region,
 * service), created lazily and cached, with the right credentials (the caller's own for its account,
 * `sts:AssumeRole` into the member role elsewhere), adaptive retries, fast timeouts and bounded
 * concurrency, and turns every failure into an {@link AwsCallError} naming account, Region, service
 * and operation. The same code runs against real AWS and, with `sandbox`, against the simulated
 * organization.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  MiddlewareStack,
  NodeHttpHandlerOptions,
  RetryStrategyV2,
} from '@smithy/types';
import { UsageError } from '../errors.js';
import { realClock, type Clock } from '../sandbox/core/clock.js';
import type { Sandbox } from '../sandbox/core/sandbox.js';
import { DEFAULT_REFRESH_MARGIN_MS, RefreshingCredentials, toFetch } from './credentials.js';
import {
  AWS_ERROR_KINDS,
  AwsCallError,
  classifyAwsError,
  type AwsErrorKind,
  type AwsTarget,
} from './errors.js';
import { ConcurrencyLimiter, KeyedLimiter, type ConcurrencyOptions } from './limiter.js';
import { DEFAULT_MAX_ATTEMPTS, SraRetryStrategy, type RetryOptions } from './retry.js';

/** Default name of the role assumed in member accounts (created by Organizations with the account). */
export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';
/** Role name used by AWS Control Tower for the same purpose. */
export const CONTROL_TOWER_MEMBER_ROLE = 'AWSControlTowerExecution';

/** Where a call goes. */
export interface AccountRegion {
  /** 12-digit account id. */
  account: string;
  /** Region code. */
  region: string;
}

/** Options of {@link AwsAccess}. Every field is optional. */
export interface AwsAccessOptions {
  /**
   * Home Region: STS for assume-role is called here.
   * @default `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the Region of the profile
   */
  region?: string;
  /** Named profile of the shared config files, for credentials and client settings. */
  profile?: string;
  /**
   * Base credentials (the management account): static credentials or an SDK credential provider.
   * @default `fromNodeProviderChain({ profile })`, the SDK's default chain
   */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** When set, the base credentials must belong to this account (checked by {@link AwsAccess.whoAmI}). */
  managementAccountId?: string;
  /** Role assumed in member accounts. @default 'OrganizationAccountAccessRole' */
  memberRoleName?: string;
  /** Session name of assumed roles, visible in CloudTrail. @default 'sra-kit' */
  roleSessionName?: string;
  /** Duration of assumed-role sessions, in seconds (900–3600 when the base identity is a role). @default 3600 */
  sessionDurationSeconds?: number;
  /** Refresh assumed credentials this long before they expire. @default 5 minutes */
  refreshMarginMs?: number;
  /** Attach every client to this sandbox instead of sending requests to AWS. */
  sandbox?: Sandbox;
  /** Clock for credential expiry decisions. @default the real clock */
  clock?: Clock;
  /** Attempts per call, first included. @default `AWS_MAX_ATTEMPTS`, else 8 */
  maxAttempts?: number;
  /** Backoff and adaptive-rate settings (see {@link RetryOptions}). */
  retry?: Omit<RetryOptions, 'maxAttempts'>;
  /** Connection timeout per attempt, in ms. @default 3000 */
  connectTimeoutMs?: number;
  /** Timeout of one request/response exchange, in ms. @default 15000 */
  requestTimeoutMs?: number;
  /** Concurrency bounds per API, per account and global. */
  concurrency?: ConcurrencyOptions;
  /** `sts:AssumeRole` calls in flight at once. @default 8 */
  assumeRoleConcurrency?: number;
  /**
   * Clients kept in the cache; the least recently used one is dropped beyond this. Dropped clients are
   * not destroyed (a caller may still hold one); they are collected once unused. @default 4096
   */
  maxClients?: number;
  /** Environment for AWS_REGION / AWS_DEFAULT_REGION / AWS_MAX_ATTEMPTS. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The identity of the base credentials. */
export interface CallerIdentity {
  /** Account id. */
  account: string;
  /** ARN of the identity. */
  arn: string;
  /** Unique id. */
  userId: string;
  /** Partition, from the ARN (`aws`, `aws-us-gov`, `aws-cn`, …). */
  partition: string;
}

/** The configuration every client gets. Endpoint settings are deliberately absent (see {@link AwsAccess}). */
export interface AwsClientConfig {
  /** Region of the client. */
  region: string;
  /** Shared credential provider of the account. */
  credentials: AwsCredentialIdentityProvider;
  /** Attempts per call. */
  maxAttempts: number;
  /** One retry strategy per client. */
  retryStrategy: RetryStrategyV2;
  /** Options of the SDK's Node HTTP handler (timeouts). */
  requestHandler: NodeHttpHandlerOptions;
  /** Named profile, for the SDK's own config-file lookups. */
  profile?: string;
}

/** What {@link AwsAccess} needs of an SDK v3 client. */
export interface AwsSdkClient {
  /** Resolved client configuration. */
  readonly config: object;
  /** Middleware stack (the sandbox plugs in here). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every client types its stack differently
  readonly middlewareStack: MiddlewareStack<any, any>;
  /** Sends a command. */
  send(command: never): Promise<unknown>;
  /** Releases sockets. */
  destroy(): void;
}

/** An SDK v3 client class, e.g. `GuardDutyClient`. */
export type AwsClientCtor<C extends AwsSdkClient> = new (config: AwsClientConfig) => C;

/** An SDK v3 command whose output is `O`, e.g. `new ListDetectorsCommand({})`. */
export interface AwsCommand<O> {
  /** Command input. */
  readonly input: object;
  /** The SDK's handler factory; only its output type matters here. */
  resolveMiddleware(...args: never[]): (args: never) => Promise<{ output: O }>;
}

/** Counters of one {@link AwsAccess}. */
export interface AwsAccessStats {
  /** SDK clients created (one per account × Region × client class, plus the base STS client). */
  clientsCreated: number;
  /** Clients in the cache now. */
  clientsCached: number;
  /** Clients dropped from the cache to stay within `maxClients`. */
  clientsEvicted: number;
  /** `sts:AssumeRole` calls made (first assumes and refreshes). */
  assumeRoles: number;
  /** Calls started through {@link AwsAccess.call} / {@link AwsAccess.send}. */
  calls: number;
  /** Calls that succeeded. */
  succeeded: number;
  /** Calls that failed, by kind. */
  failed: Record<AwsErrorKind, number>;
  /** Retries the SDK made (attempts beyond the first), successful calls and failures alike. */
  retries: number;
  /** Calls running right now. */
  inFlight: number;
}

const ACCOUNT_ID = /^\d{12}$/;
/** Region code shape, loose enough for Regions newer than our catalog (`us-gov-west-1`, `eusc-de-east-1`). */
const REGION_CODE = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/**
 * Access to every account and Region of an organization, for one run.
 *
 * Endpoints: no client is given an `endpoint`, so the SDK's standard lookup stays in force —
 * `AWS_ENDPOINT_URL_<SERVICE>` over `AWS_ENDPOINT_URL` over the profile's `endpoint_url`, read when a
 * client sends its first request; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` still disables them.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
export class AwsAccess {
  private readonly options: AwsAccessOptions;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly clock: Clock;
  /** Cached clients by `<class id>|<account>|<Region>`; Map order is least recently used first. */
  private readonly clients = new Map<string, AwsSdkClient>();
  private readonly classIds = new Map<AwsClientCtor<AwsSdkClient>, number>();
  private readonly maxClients: number;
  private readonly base: RefreshingCredentials;
  private readonly members = new Map<string, RefreshingCredentials>();
  private readonly providers = new Map<string, AwsCredentialIdentityProvider>();
  /** Accounts whose credentials could not be had, with why: later calls fail at once, no new AssumeRole. */
  private readonly accountFailures = new Map<string, AwsCallError>();
  private readonly limiter: ConcurrencyLimiter;
  private readonly assumeLimiter: KeyedLimiter;
  private readonly maxAttempts: number;
  private home: Promise<string> | undefined;
  private identity: Promise<CallerIdentity> | undefined;
  private baseStsClient: STSClient | undefined;
  private readonly counters = {
    clientsCreated: 0,
    clientsEvicted: 0,
    assumeRoles: 0,
    calls: 0,
    succeeded: 0,
    retries: 0,
    failed: Object.fromEntries(AWS_ERROR_KINDS.map((k) => [k, 0])) as Record<AwsErrorKind, number>,
  };

  /** Member role name in use. */
  readonly memberRoleName: string;
  /** Session name of assumed roles. */
  readonly roleSessionName: string;

  constructor(options: AwsAccessOptions = {}) {
    this.options = options;
    this.env = options.env ?? process.env;
    this.clock = options.clock ?? realClock;
    this.memberRoleName = options.memberRoleName ?? DEFAULT_MEMBER_ROLE;
    this.roleSessionName = options.roleSessionName ?? 'sra-kit';
    if (!/^[\w+=,.@-]{1,64}$/.test(this.memberRoleName)) {
      throw new UsageError(`Invalid member role name "${this.memberRoleName}"`, {
        hint: `Use an IAM role name such as ${DEFAULT_MEMBER_ROLE} or ${CONTROL_TOWER_MEMBER_ROLE}.`,
      });
    }
    if (!/^[\w+=,.@-]{2,64}$/.test(this.roleSessionName)) {
      throw new UsageError(`Invalid role session name "${this.roleSessionName}"`, {
        hint: 'Use 2 to 64 letters, digits or +=,.@- characters.',
      });
    }
    if (options.region !== undefined && !REGION_CODE.test(options.region)) {
      throw new UsageError(`"${options.region}" is not a Region code`, { hint: 'Use e.g. us-east-1.' });
    }
    this.maxAttempts = options.maxAttempts ?? envInt(this.env.AWS_MAX_ATTEMPTS) ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new UsageError(`maxAttempts must be a positive whole number, got ${String(this.maxAttempts)}`);
    }
    const source =
      options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
    this.base = new RefreshingCredentials({
      fetch: toFetch(source),
      clock: this.clock,
      refreshMarginMs: options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS,
    });
    this.limiter = new ConcurrencyLimiter(options.concurrency);
    this.assumeLimiter = new KeyedLimiter(options.assumeRoleConcurrency ?? 8);
    this.maxClients = options.maxClients ?? 4096;
    if (!Number.isInteger(this.maxClients) || this.maxClients < 1) {
      throw new UsageError(`maxClients must be a positive whole number, got ${String(this.maxClients)}`);
    }
  }

  /**
   * The home Region: the `region` option, else `AWS_REGION`, else `AWS_DEFAULT_REGION` (what the AWS
   * CLI reads), else the profile's `region` as the SDK resolves it.
   */
  homeRegion(): Promise<string> {
    this.home ??= this.resolveHomeRegion();
    return this.home;
  }

  private async resolveHomeRegion(): Promise<string> {
    let region = this.options.region ?? this.env.AWS_REGION ?? this.env.AWS_DEFAULT_REGION;
    if (!region) {
      // Let the SDK apply its own rules (AWS_REGION, then the profile in the shared config file).
      const probe = new STSClient(this.options.profile ? { profile: this.options.profile } : {});
      try {
        region = await (probe.config.region as () => Promise<string>)();
      } catch {
        region = undefined;
      } finally {
        probe.destroy();
      }
    }
    if (!region || !REGION_CODE.test(region)) {
      throw new UsageError(region ? `"${region}" is not a Region code` : 'No AWS Region is configured', {
        hint: 'Pass --region, set AWS_REGION, or set region in the profile of ~/.aws/config.',
      });
    }
    return region;
  }

  /**
   * A client of class `Ctor` for `account` in `region`: created on first use, then cached. Clients of
   * the caller's own account use the base credentials; others assume the member role.
   */
  client<C extends AwsSdkClient>(Ctor: AwsClientCtor<C>, target: AccountRegion): C {
    checkTarget(target);
    const ctor = Ctor as unknown as AwsClientCtor<AwsSdkClient>;
    let classId = this.classIds.get(ctor);
    if (classId === undefined) {
      classId = this.classIds.size;
      this.classIds.set(ctor, classId);
    }
    const key = `${classId}|${target.account}|${target.region}`;
    let client = this.clients.get(key);
    if (client) {
      // Move to the most recently used end.
      this.clients.delete(key);
    } else {
      client = this.newClient(ctor, target.region, this.providerFor(target.account));
    }
    this.clients.set(key, client);
    if (this.clients.size > this.maxClients) {
      const oldest = this.clients.keys().next().value as string;
      this.clients.delete(oldest);
      this.counters.clientsEvicted++;
    }
    return client as C;
  }

  private newClient<C extends AwsSdkClient>(
    Ctor: AwsClientCtor<C>,
    region: string,
    credentials: AwsCredentialIdentityProvider,
  ): C {
    const config: AwsClientConfig = {
      region,
      credentials,
      maxAttempts: this.maxAttempts,
      retryStrategy: new SraRetryStrategy({ ...this.options.retry, maxAttempts: this.maxAttempts }),
      requestHandler: {
        connectionTimeout: this.options.connectTimeoutMs ?? 3000,
        requestTimeout: this.options.requestTimeoutMs ?? 15_000,
        // Without this the SDK only logs a warning when requestTimeout passes.
        throwOnRequestTimeout: true,
      },
      ...(this.options.profile ? { profile: this.options.profile } : {}),
    };
    const client = new Ctor(config);
    this.options.sandbox?.attach(client);
    this.counters.clientsCreated++;
    return client;
  }

  /** The credential provider shared by every client of `account`. */
  private providerFor(account: string): AwsCredentialIdentityProvider {
    let provider = this.providers.get(account);
    if (!provider) {
      const resolve = async (): Promise<AwsCredentialIdentity> => {
        const failed = this.accountFailures.get(account);
        if (failed) throw failed;
        const me = await this.whoAmI();
        if (me.account === account) return this.base.get();
        return this.memberCredentials(account).get();
      };
      provider = Object.assign(resolve, { memoized: true as const });
      this.providers.set(account, provider);
    }
    return provider;
  }

  private memberCredentials(account: string): RefreshingCredentials {
    let creds = this.members.get(account);
    if (!creds) {
      creds = new RefreshingCredentials({
        fetch: () => this.assumeRole(account),
        clock: this.clock,
        refreshMarginMs: this.options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS,
      });
      this.members.set(account, creds);
    }
    return creds;
  }

  /**
   * STS client of the base identity in the home Region. A Regional endpoint, not the global one:
   * its session tokens are valid in every Region, opt-in Regions included, and it keeps working
   * when us-east-1 has trouble. (The SDK uses Regional STS endpoints by default; we never turn on
   * `useGlobalEndpoint`.)
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html
   */
  private async baseSts(): Promise<STSClient> {
    const region = await this.homeRegion();
    this.baseStsClient ??= this.newClient(STSClient, region, this.base.provider);
    return this.baseStsClient;
  }

  private async assumeRole(account: string): Promise<AwsCredentialIdentity> {
    const [me, region, sts] = await Promise.all([this.whoAmI(), this.homeRegion(), this.baseSts()]);
    const roleArn = `arn:${me.partition}:iam::${account}:role/${this.memberRoleName}`;
    const target: AwsTarget = { account, region, service: 'sts', operation: 'AssumeRole' };
    this.counters.assumeRoles++;
    try {
      const out = await this.assumeLimiter.run('*', () =>
        sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: this.roleSessionName,
            ...(this.options.sessionDurationSeconds !== undefined
              ? { DurationSeconds: this.options.sessionDurationSeconds }
              : {}),
          }),
        ),
      );
      this.counters.retries += Math.max(0, (out.$metadata.attempts ?? 1) - 1);
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
        throw Object.assign(new Error('AssumeRole answered without credentials'), {
          name: 'InternalFailure',
        });
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
        accountId: account,
      };
    } catch (e) {
      this.counters.retries += Math.max(0, ((e as AttemptsBearer).$metadata?.attempts ?? 1) - 1);
      throw classifyAwsError(e, target, {
        phase: 'credentials',
        context: `assuming ${roleArn} as ${me.arn}`,
        redact: (s) => this.redact(s),
      });
    }
  }

  /**
   * Gets the credentials of `account` once (for a member: its one `sts:AssumeRole`) and reports why it
   * failed, if it did. A failure is remembered for the rest of the run: every later call to that
   * account fails at once with the same error instead of assuming the role again, so an unreachable
   * account costs one AssumeRole, not one per read.
   */
  async checkAccount(account: string): Promise<AwsCallError | undefined> {
    const known = this.accountFailures.get(account);
    if (known) return known;
    try {
      await this.providerFor(account)();
      return undefined;
    } catch (e) {
      const region = await this.homeRegion().catch(() => 'unknown');
      const err = this.toCallError(e, { account, region, service: 'sts', operation: 'AssumeRole' });
      this.accountFailures.set(account, err);
      return err;
    }
  }

  /**
   * Who the base credentials are (`sts:GetCallerIdentity`, once per run). Fails with kind
   * `credentials` when `managementAccountId` is set and the credentials belong to another account.
   */
  whoAmI(): Promise<CallerIdentity> {
    if (!this.identity) {
      this.identity = this.lookUpIdentity();
      // Let a later call try again after a failure (e.g. the user logged in meanwhile).
      this.identity.catch(() => {
        this.identity = undefined;
      });
    }
    return this.identity;
  }

  private async lookUpIdentity(): Promise<CallerIdentity> {
    const region = await this.homeRegion();
    const target: AwsTarget = {
      account: this.options.managementAccountId ?? 'unknown',
      region,
      service: 'sts',
      operation: 'GetCallerIdentity',
    };
    let out;
    try {
      const sts = await this.baseSts();
      out = await sts.send(new GetCallerIdentityCommand({}));
    } catch (e) {
      throw classifyAwsError(e, target, { phase: 'credentials', redact: (s) => this.redact(s) });
    }
    const me: CallerIdentity = {
      account: out.Account ?? '',
      arn: out.Arn ?? '',
      userId: out.UserId ?? '',
      partition: /^arn:([^:]+):/.exec(out.Arn ?? '')?.[1] ?? 'aws',
    };
    const expected = this.options.managementAccountId;
    if (expected && me.account !== expected) {
      throw new AwsCallError({
        ...target,
        account: me.account,
        kind: 'credentials',
        awsErrorName: 'WrongAccount',
        detail: `the credentials belong to account ${me.account} (${me.arn}), not to the management account ${expected}`,
        phase: 'credentials',
        hint: `Use credentials of the management account ${expected} (e.g. --profile), or fix organization.managementAccount.`,
      });
    }
    return me;
  }

  /**
   * Runs `fn` (which makes one AWS call) within the concurrency limits, and turns any failure into an
   * {@link AwsCallError} for `target`.
   */
  async call<T>(target: AwsTarget, fn: () => Promise<T>): Promise<T> {
    checkTarget(target);
    this.counters.calls++;
    try {
      const result = await this.limiter.run(target, fn);
      this.counters.succeeded++;
      this.counters.retries += Math.max(0, ((result as AttemptsBearer)?.$metadata?.attempts ?? 1) - 1);
      return result;
    } catch (e) {
      const err = this.toCallError(e, target);
      this.counters.failed[err.kind]++;
      if (err.phase === 'request') this.counters.retries += Math.max(0, (err.attempts ?? 1) - 1);
      throw err;
    }
  }

  /**
   * Sends `command` with the cached client of `Ctor` for `target`:
   * `await aws.send(GuardDutyClient, { account, region }, new ListDetectorsCommand({}))`.
   */
  async send<C extends AwsSdkClient, O>(
    Ctor: AwsClientCtor<C>,
    target: AccountRegion,
    command: AwsCommand<O>,
  ): Promise<O> {
    const client = this.client(Ctor, target);
    const full: AwsTarget = {
      account: target.account,
      region: target.region,
      service: serviceKey(client),
      operation: operationName(command),
    };
    const sender = client as unknown as { send(c: AwsCommand<O>): Promise<O> };
    return this.call(full, () => sender.send(command));
  }

  /** Counters since the start of the run. */
  stats(): AwsAccessStats {
    return {
      clientsCreated: this.counters.clientsCreated,
      clientsCached: this.clients.size,
      clientsEvicted: this.counters.clientsEvicted,
      assumeRoles: this.counters.assumeRoles,
      calls: this.counters.calls,
      succeeded: this.counters.succeeded,
      failed: { ...this.counters.failed },
      retries: this.counters.retries,
      inFlight: this.limiter.active,
    };
  }

  /** Waits `ms` on the access layer's clock (virtual in sandbox tests), e.g. between polls. */
  sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms);
  }

  /**
   * Drops the cached clients of `account` once the caller is done with it, so a run over thousands of
   * accounts holds clients only for the accounts in flight (memory stays flat as accounts grow). The
   * account's credentials stay cached: a later call simply creates a new client.
   */
  releaseAccount(account: string): void {
    const marker = `|${account}|`;
    for (const [key, client] of this.clients) {
      if (!key.includes(marker)) continue;
      this.clients.delete(key);
      client.destroy();
    }
  }

  /** Closes every client's sockets. The instance must not be used afterwards. */
  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
    this.baseStsClient?.destroy();
    this.baseStsClient = undefined;
  }

  private toCallError(e: unknown, target: AwsTarget): AwsCallError {
    if (e instanceof AwsCallError) {
      if (e.phase !== 'credentials') return e;
      // Credentials for the account could not be had: report it on the call that needed them.
      return new AwsCallError({
        ...target,
        kind: e.kind,
        awsErrorName: e.awsErrorName,
        detail: `no credentials for account ${target.account}: ${e.detail}`,
        ...(e.requestId !== undefined ? { requestId: e.requestId } : {}),
        ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}),
        ...(e.attempts !== undefined ? { attempts: e.attempts } : {}),
        phase: 'credentials',
        ...(e.hint !== undefined ? { hint: e.hint } : {}),
        cause: e,
      });
    }
    return classifyAwsError(e, target, { redact: (s) => this.redact(s) });
  }

  /** Removes every secret we hold (secret keys, session tokens) from `text`. */
  private redact(text: string): string {
    let out = text;
    const scrub = (c: AwsCredentialIdentity | undefined): void => {
      for (const s of [c?.secretAccessKey, c?.sessionToken]) {
        if (s && out.includes(s)) out = out.split(s).join('***');
      }
    };
    scrub(this.base.peek());
    for (const m of this.members.values()) scrub(m.peek());
    return out;
  }
}

interface AttemptsBearer {
  $metadata?: { attempts?: number };
}

function envInt(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

function checkTarget(t: AccountRegion): void {
  if (!ACCOUNT_ID.test(t.account)) {
    throw new UsageError(`"${t.account}" is not a 12-digit AWS account id`, { account: t.account });
  }
  if (!REGION_CODE.test(t.region)) {
    throw new UsageError(`"${t.region}" is not a Region code`, { account: t.account, region: t.region });
  }
}

/** The IAM action prefix of a client (its SigV4 signing name), e.g. `guardduty`, `config`, `sts`. */
export function serviceKey(client: AwsSdkClient): string {
  const c = client.config as { defaultSigningName?: unknown; serviceId?: unknown };
  if (typeof c.defaultSigningName === 'string' && c.defaultSigningName) return c.defaultSigningName;
  if (typeof c.serviceId === 'string') return c.serviceId.toLowerCase().replace(/\s+/g, '');
  return 'unknown';
}

/**
 * The name of a call as sra-kit records and declares it: `service:Operation`, the service being the
 * client's signing name, except S3 Control, which signs as `s3` like S3 itself and is named `s3control`
 * so its operations are not mistaken for S3's (`actionFor` maps both to their IAM actions).
 */
export function callName(Ctor: { name: string }, client: AwsSdkClient, command: object): string {
  const service = Ctor.name === 'S3ControlClient' ? 's3control' : serviceKey(client);
  return `${service}:${operationName(command)}`;
}

/** The API operation of a command, e.g. `ListDetectors` for `ListDetectorsCommand`. */
export function operationName(command: object): string {
  return command.constructor.name.replace(/Command$/, '') || 'Unknown';
}
