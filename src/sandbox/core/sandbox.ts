/**
 * The sandbox: a simulated AWS Organization that real AWS SDK v3 clients talk to. A client is
 * plugged in with {@link Sandbox.attach}; from then on every command it sends is signed as usual and
 * then answered here instead of going over the network. The caller is recognised by the access key
 * in the SigV4 `Authorization` header (as AWS does), the Region by the signing scope.
 */
import { realClock, type Clock } from './clock.js';
import { awsError, modeledError, requestId, SandboxNotImplementedError } from './errors.js';
import { Random } from './random.js';
import { errorNames, type CallContext, type Principal, type SandboxService } from './service.js';
import { SandboxWorld } from './state.js';
import { attachSandbox, type SdkClientLike } from './middleware.js';

/** An error injected by a {@link FaultRule}. */
export type InjectedFault =
  | 'InternalFailure'
  | 'ServiceUnavailable'
  | 'Throttling'
  | 'Timeout'
  | { name: string; status: number; message?: string };

/** Makes matching calls fail. Unset matchers match everything. */
export interface FaultRule {
  /** Service key, e.g. `guardduty`. */
  service?: string;
  /** Operation name, e.g. `ListDetectors`. */
  operation?: string;
  /** Caller account. */
  account?: string;
  /** Region. */
  region?: string;
  /** Chance in [0, 1] that a matching call fails. @default 1 */
  probability?: number;
  /** Fail at most this many matching calls, then stop. @default unlimited */
  count?: number;
  /** What to fail with. */
  error: InjectedFault;
}

/** Denies matching actions to matching callers, as an SCP or missing permission would. */
export interface DenyRule {
  /** IAM action, `service:Operation`, with `*` wildcards (`guardduty:*`, `*:List*`). */
  action: string;
  /** Caller account. @default any */
  account?: string;
  /** Region. @default any */
  region?: string;
}

/** Behaviour knobs of the sandbox. Every one is optional and off by default. */
export interface SandboxKnobs {
  /** Simulated latency of every call, in ms of the sandbox clock. @default 0 */
  latencyMs?: number | ((service: string, operation: string) => number);
  /** Token bucket per (account, Region, service, operation); an empty bucket throttles. */
  throttle?: { ratePerSecond: number; burst: number };
  /** Injected failures. */
  faults?: FaultRule[];
  /** Permission denials. */
  deny?: DenyRule[];
  /** How long a simulated timeout takes before it fails, in ms. @default 2000 */
  timeoutMs?: number;
  /** Propagation delays in ms by key; each service documents the keys it honours. */
  propagationDelayMs?: Record<string, number>;
}

/** Options of {@link Sandbox}. */
export interface SandboxOptions extends SandboxKnobs {
  /** Clock for latency, expiry, buckets and propagation. @default the real clock */
  clock?: Clock;
  /** Seed of the fault and id generator. @default 1 */
  seed?: number;
  /** The services to simulate. */
  services: readonly SandboxService[];
}

/** One answered (or failed) call, as counted by the sandbox. */
export interface CallRecord {
  account: string;
  region: string;
  service: string;
  operation: string;
  /** Error name when the call failed. */
  error?: string;
}

/** The raw request the middleware hands to {@link Sandbox.handle}. */
export interface SandboxRequest {
  /** SDK client class name, e.g. `GuardDutyClient`. */
  clientName: string;
  /** SDK command class name, e.g. `ListDetectorsCommand`. */
  commandName: string;
  /** The command input. */
  input: unknown;
  /** Access key from the SigV4 Authorization header; undefined for unsigned requests. */
  accessKeyId: string | undefined;
  /** Region from the SigV4 credential scope (or the client's Region). */
  region: string;
  /** Host the SDK resolved for the request (honours AWS_ENDPOINT_URL*). */
  hostname: string;
}

/** Per-call statistics. */
export interface SandboxStats {
  /** Calls answered, failures included. */
  total: number;
  /** Count by `service:Operation`. */
  byOperation: Map<string, number>;
  /** Count by `account|region`. */
  byAccountRegion: Map<string, number>;
  /** Count by `account|region|service:Operation`. */
  byKey: Map<string, number>;
  /** Failures by error name. */
  errors: Map<string, number>;
  /** Hostnames requests were sent to. */
  hosts: Set<string>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A simulated AWS world that SDK clients can be attached to. */
export class Sandbox {
  /** The state of the simulated world. */
  readonly world = new SandboxWorld();
  /** Clock of the sandbox. */
  readonly clock: Clock;
  /** Seeded random source (faults, generated ids). */
  readonly random: Random;
  /** Current knobs; may be changed between calls. */
  knobs: SandboxKnobs;
  private readonly byClient = new Map<string, SandboxService>();
  private readonly principals = new Map<string, Principal>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly faultUses = new Map<FaultRule, number>();
  private keyCounter = 0;
  private statsData: SandboxStats = emptyStats();

  constructor(options: SandboxOptions) {
    const { clock, seed, services, ...knobs } = options;
    this.clock = clock ?? realClock;
    this.random = new Random(seed ?? 1);
    this.knobs = knobs;
    for (const s of services) this.byClient.set(s.clientName, s);
  }

  /** Plugs an SDK v3 client into the sandbox. Returns the same client. */
  attach<C extends SdkClientLike>(client: C): C {
    attachSandbox(client, this);
    return client;
  }

  /** Services simulated by this sandbox. */
  services(): SandboxService[] {
    return [...this.byClient.values()];
  }

  /**
   * Issues credentials for an identity. Long-term keys (`AKIA…`) for users and root, session keys
   * (`ASIA…`) with an expiry for assumed roles.
   */
  issueCredentials(principal: Principal): {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    expiration?: Date;
  } {
    const session = principal.type === 'assumed-role';
    const n = (++this.keyCounter).toString(36).toUpperCase().padStart(12, '0');
    const accessKeyId = `${session ? 'ASIA' : 'AKIA'}SBX${n}`.slice(0, 20);
    this.principals.set(accessKeyId, principal);
    return {
      accessKeyId,
      secretAccessKey: `sandbox-secret-${n}`,
      ...(session ? { sessionToken: `sandbox-session-${n}` } : {}),
      ...(principal.expiresAt !== undefined ? { expiration: new Date(principal.expiresAt) } : {}),
    };
  }

  /** Long-term credentials of an administrator IAM user in `account` (by default the management account). */
  adminCredentials(account?: string): { accessKeyId: string; secretAccessKey: string } {
    const id = account ?? this.world.organization?.managementAccountId;
    if (!id) throw new Error('sandbox: no account given and no organization exists');
    return this.issueCredentials({
      account: id,
      arn: `arn:aws:iam::${id}:user/sra-admin`,
      userId: `AIDASBX${id}`,
      type: 'user',
    });
  }

  /** The identity behind an access key, if the sandbox issued it. */
  principalFor(accessKeyId: string): Principal | undefined {
    return this.principals.get(accessKeyId);
  }

  /** Statistics of the calls answered since the last {@link resetStats}. */
  stats(): SandboxStats {
    return this.statsData;
  }

  /** Clears the call statistics. */
  resetStats(): void {
    this.statsData = emptyStats();
  }

  /** Answers one request. Called by the client middleware; throws AWS-shaped errors. */
  async handle(req: SandboxRequest): Promise<Record<string, unknown>> {
    const operation = req.commandName.replace(/Command$/, '');
    const service = this.byClient.get(req.clientName);
    if (!service) throw new SandboxNotImplementedError(req.clientName, operation);
    const handler = service.operations[operation];
    if (!handler) throw new SandboxNotImplementedError(service.name, operation);
    const names = errorNames(service);
    this.statsData.hosts.add(req.hostname);

    const principal = req.accessKeyId ? this.principals.get(req.accessKeyId) : undefined;
    const region = req.region;
    const record: CallRecord = {
      account: principal?.account ?? 'anonymous',
      region,
      service: service.name,
      operation,
    };
    try {
      if (!principal) {
        throw awsError(names.invalidToken, 'The security token included in the request is invalid.', {
          status: 403,
        });
      }
      if (principal.expiresAt !== undefined && this.clock.now() >= principal.expiresAt) {
        throw awsError(names.expiredToken, 'The security token included in the request is expired', {
          status: 403,
        });
      }
      const account = this.world.account(principal.account);
      if (service.scope === 'regional' && account && !account.enabledRegions.has(region)) {
        // A token is not valid in a Region the account has not enabled.
        // https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
        throw awsError(names.invalidToken, 'The security token included in the request is invalid.', {
          status: 403,
        });
      }
      await this.simulateLatency(service.name, operation);
      await this.injectFaults(record, names);
      this.throttle(record, names.throttling);
      if (this.denied(record)) {
        throw awsError(
          names.accessDenied,
          `User: ${principal.arn} is not authorized to perform: ${service.name}:${operation} ` +
            `because no identity-based policy allows the ${service.name}:${operation} action`,
          { status: 403 },
        );
      }
      const ctx = this.context(service, principal, region, operation);
      const output = (await handler(ctx, req.input ?? {})) ?? {};
      this.count(record);
      return output as Record<string, unknown>;
    } catch (e) {
      record.error = (e as Error).name;
      this.count(record);
      throw e;
    }
  }

  private context(
    service: SandboxService,
    principal: Principal,
    region: string,
    operation: string,
  ): CallContext {
    const world = this.world;
    const storeRegion = service.scope === 'regional' ? region : '*';
    return {
      sandbox: this,
      world,
      clock: this.clock,
      principal,
      account: principal.account,
      region,
      service: service.name,
      operation,
      now: () => new Date(this.clock.now()),
      regional: (init) => world.regional(service.name, principal.account, storeRegion, init),
      global: (init) => world.global(service.name, principal.account, init),
      error: (name, message, options) => {
        const ctor = service.modeledErrors?.[name];
        return ctor ? modeledError(ctor, message, options) : awsError(name, message, options);
      },
      propagationDelay: (key) => this.knobs.propagationDelayMs?.[key] ?? 0,
    };
  }

  private async simulateLatency(service: string, operation: string): Promise<void> {
    const l = this.knobs.latencyMs;
    const ms = typeof l === 'function' ? l(service, operation) : (l ?? 0);
    if (ms > 0) await this.clock.sleep(ms);
  }

  private async injectFaults(call: CallRecord, names: ReturnType<typeof errorNames>): Promise<void> {
    for (const rule of this.knobs.faults ?? []) {
      if (rule.service && rule.service !== call.service) continue;
      if (rule.operation && rule.operation !== call.operation) continue;
      if (rule.account && rule.account !== call.account) continue;
      if (rule.region && rule.region !== call.region) continue;
      const used = this.faultUses.get(rule) ?? 0;
      if (rule.count !== undefined && used >= rule.count) continue;
      if (this.random.next() >= (rule.probability ?? 1)) continue;
      this.faultUses.set(rule, used + 1);
      const f = rule.error;
      if (f === 'Timeout') {
        const ms = this.knobs.timeoutMs ?? 2000;
        await this.clock.sleep(ms);
        // Shaped like the SDK's own request timeout from @smithy/node-http-handler.
        throw Object.assign(new Error(`Connection timed out after ${ms} ms`), { name: 'TimeoutError' });
      }
      if (f === 'InternalFailure')
        throw awsError(names.internal, 'We encountered an internal error.', { status: 500 });
      if (f === 'ServiceUnavailable')
        throw awsError(names.unavailable, 'Service unavailable.', { status: 503 });
      if (f === 'Throttling') throw awsError(names.throttling, 'Rate exceeded', { status: 400 });
      throw awsError(f.name, f.message ?? `Injected ${f.name}`, { status: f.status });
    }
  }

  private throttle(call: CallRecord, errorName: string): void {
    const t = this.knobs.throttle;
    if (!t) return;
    const key = `${call.account}|${call.region}|${call.service}:${call.operation}`;
    const now = this.clock.now();
    const b = this.buckets.get(key) ?? { tokens: t.burst, at: now };
    b.tokens = Math.min(t.burst, b.tokens + ((now - b.at) / 1000) * t.ratePerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) throw awsError(errorName, 'Rate exceeded', { status: 400 });
    b.tokens -= 1;
  }

  private denied(call: CallRecord): boolean {
    const action = `${call.service}:${call.operation}`;
    return (this.knobs.deny ?? []).some(
      (d) =>
        (!d.account || d.account === call.account) &&
        (!d.region || d.region === call.region) &&
        wildcard(d.action).test(action),
    );
  }

  private count(call: CallRecord): void {
    const s = this.statsData;
    s.total++;
    inc(s.byOperation, `${call.service}:${call.operation}`);
    inc(s.byAccountRegion, `${call.account}|${call.region}`);
    inc(s.byKey, `${call.account}|${call.region}|${call.service}:${call.operation}`);
    if (call.error) inc(s.errors, call.error);
  }
}

function emptyStats(): SandboxStats {
  return {
    total: 0,
    byOperation: new Map(),
    byAccountRegion: new Map(),
    byKey: new Map(),
    errors: new Map(),
    hosts: new Set(),
  };
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Request id of a sandbox answer (exported for the middleware). */
export { requestId };
