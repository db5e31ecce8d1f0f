import { describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { SeedAccount } from '../../src/sandbox/core/world-builder.js';
import { AwsCallError } from '../../src/aws/index.js';
import { MGMT, setup } from './fixtures.js';

const ACCOUNTS: SeedAccount[] = Array.from({ length: 200 }, (_, i) => ({
  id: String(500_000_000_000 + i),
  ou: i % 2 ? 'Workloads' : 'Sandbox',
}));
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const CALLS_PER_TARGET = 4;

describe('200 accounts × 4 Regions', () => {
  it('ends every call in a result or a typed error naming its account, Region and operation', async () => {
    const { access, sandbox } = setup(
      {
        // Each (account, Region, API) bucket holds 2 calls and refills 40 per second of sandbox time, and
        // every attempt takes 50 ms of sandbox time: 4 concurrent calls per target throttle, then recover.
        throttle: { ratePerSecond: 40, burst: 2 },
        latencyMs: 50,
        faults: [
          { probability: 0.02, error: 'InternalFailure' },
          { probability: 0.005, error: 'Timeout' },
          { probability: 0.002, error: { name: 'AccessDenied', status: 403, message: 'Injected denial' } },
        ],
        timeoutMs: 3000,
      },
      ACCOUNTS,
    );
    // Two assume-roles at a time stay within the management account's AssumeRole bucket.
    const aws = access({ concurrency: { global: 128, perAccount: 16, perApi: 4 }, assumeRoleConcurrency: 2 });

    const jobs = ACCOUNTS.flatMap((a) =>
      REGIONS.flatMap((region) =>
        Array.from({ length: CALLS_PER_TARGET }, () => ({ account: a.id, region })),
      ),
    );
    const settled = await Promise.allSettled(
      jobs.map((t) => aws.send(STSClient, t, new GetCallerIdentityCommand({}))),
    );

    let ok = 0;
    const kinds = new Map<string, number>();
    settled.forEach((s, i) => {
      const t = jobs[i]!;
      if (s.status === 'fulfilled') {
        expect(s.value.Account).toBe(t.account);
        ok++;
        return;
      }
      const e: unknown = s.reason;
      expect(e).toBeInstanceOf(AwsCallError);
      const err = e as AwsCallError;
      expect(err.account).toBe(t.account);
      expect(err.region).toBe(t.region);
      expect(err.service).toBe('sts');
      expect(err.operation).toBe('GetCallerIdentity');
      expect(err.message).toContain(`account ${t.account} (${t.region})`);
      kinds.set(err.kind, (kinds.get(err.kind) ?? 0) + 1);
    });

    const stats = aws.stats();
    expect(settled).toHaveLength(200 * 4 * CALLS_PER_TARGET);
    expect(stats.calls).toBe(settled.length);
    expect(stats.succeeded).toBe(ok);
    expect(stats.inFlight).toBe(0);
    // Faults and throttling were really injected, and retries absorbed most of them.
    expect(sandbox.stats().errors.get('InternalFailure') ?? 0).toBeGreaterThan(0);
    expect(sandbox.stats().errors.get('Throttling') ?? 0).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(0);
    expect(ok / settled.length).toBeGreaterThan(0.9);
    // Only the kinds the injected failures can produce.
    for (const k of kinds.keys()) expect(['access-denied', 'throttled', 'timeout', 'service']).toContain(k);
    // Lazy clients: one per used (account, Region) plus the base STS client.
    expect(stats.clientsCreated).toBe(200 * 4 + 1);
    // Credentials were assumed about once per account (failed assumes are retried by later calls).
    expect(stats.assumeRoles).toBeGreaterThanOrEqual(200);
    expect(stats.assumeRoles).toBeLessThan(200 * 1.2);
    expect(sandbox.stats().byKey.get(`${MGMT}|us-east-1|sts:GetCallerIdentity`)).toBeGreaterThanOrEqual(1);
    aws.destroy();
  });
});
