/**
 * The sandbox core: the client middleware, dispatch, and the behaviour knobs (faults, throttling,
 * deny rules, latency, credentials, Regions, statistics), exercised through real SDK clients.
 */
import { describe, expect, it } from 'vitest';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { EC2Client, GetEbsEncryptionByDefaultCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { IAMClient, GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { stsService } from '../../src/sandbox/services/sts.js';
import { ec2Service } from '../../src/sandbox/services/ec2.js';
import { iamService } from '../../src/sandbox/services/iam.js';
import { SandboxNotImplementedError } from '../../src/sandbox/core/errors.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';
import { MGMT, WORKLOAD, orgSandbox } from './helpers.js';

function setup(knobs: SandboxKnobs = {}) {
  const env = orgSandbox([stsService, ec2Service, iamService], knobs);
  /** A client with the SDK's standard retries (up to `attempts`) and no real back-off sleeps. */
  const retrying = <C extends object>(
    Ctor: new (config: object) => C,
    account: string,
    attempts: number,
    region = 'us-east-1',
  ): C => {
    const client = new Ctor({
      region,
      credentials: env.sandbox.adminCredentials(account),
      retryStrategy: new ConfiguredRetryStrategy(attempts, () => 0),
    });
    return env.sandbox.attach(client as never);
  };
  return { ...env, retrying };
}

describe('middleware and retries', () => {
  it('lets the real SDK retry through an injected throttling fault', async () => {
    // https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
    const { retrying } = setup({
      faults: [{ service: 'sts', operation: 'GetCallerIdentity', count: 2, error: 'Throttling' }],
    });
    const r = await retrying(STSClient, MGMT, 3).send(new GetCallerIdentityCommand({}));
    expect(r.Account).toBe(MGMT);
    expect(r.$metadata.attempts).toBe(3);
  });

  it('gives up after maxAttempts and reports the attempts on the error', async () => {
    const { retrying, sandbox } = setup({ faults: [{ service: 'sts', error: 'Throttling' }] });
    const e = await retrying(STSClient, MGMT, 2)
      .send(new GetCallerIdentityCommand({}))
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'Throttling', $metadata: { attempts: 2 } });
    expect(sandbox.stats().errors.get('Throttling')).toBe(2);
  });

  it('stops failing once a fault rule has been used `count` times', async () => {
    const { as } = setup({ faults: [{ service: 'ec2', count: 1, error: 'InternalFailure' }] });
    const ec2 = as(EC2Client, WORKLOAD);
    await expect(ec2.send(new GetEbsEncryptionByDefaultCommand({}))).rejects.toMatchObject({
      name: 'InternalError',
      $fault: 'server',
    });
    expect((await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);
  });

  it('injects custom errors, matched by account and Region', async () => {
    const { as } = setup({
      faults: [
        { account: WORKLOAD, region: 'eu-west-1', error: { name: 'Blocked', status: 403, message: 'nope' } },
      ],
    });
    await expect(
      as(EC2Client, WORKLOAD, 'eu-west-1').send(new GetEbsEncryptionByDefaultCommand({})),
    ).rejects.toMatchObject({ name: 'Blocked', message: 'nope' });
    await expect(
      as(EC2Client, WORKLOAD, 'us-east-1').send(new GetEbsEncryptionByDefaultCommand({})),
    ).resolves.toBeDefined();
    await expect(
      as(EC2Client, MGMT, 'eu-west-1').send(new GetEbsEncryptionByDefaultCommand({})),
    ).resolves.toBeDefined();
  });

  it('simulates timeouts on the sandbox clock, retried as transient errors', async () => {
    const { retrying, clock } = setup({
      timeoutMs: 5000,
      faults: [{ service: 'sts', count: 1, error: 'Timeout' }],
    });
    const start = clock.now();
    const r = await retrying(STSClient, MGMT, 2).send(new GetCallerIdentityCommand({}));
    expect(r.$metadata.attempts).toBe(2);
    expect(clock.now() - start).toBe(5000);
  });
});

describe('loud failure for what is not simulated', () => {
  it('names the service and operation of an unknown operation and is not retried', async () => {
    const { retrying } = setup();
    const e = await retrying(STSClient, MGMT, 3)
      .send(new GetSessionTokenCommand({}))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SandboxNotImplementedError);
    expect(e).toMatchObject({ service: 'sts', operation: 'GetSessionToken', $metadata: { attempts: 1 } });
    expect((e as Error).message).toContain('sts:GetSessionToken is not implemented');
  });

  it('names the client of a service the sandbox does not simulate', async () => {
    const { as } = setup();
    const e = await as(GuardDutyClient, MGMT)
      .send(new GetDetectorCommand({ DetectorId: 'x' }))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SandboxNotImplementedError);
    expect(e).toMatchObject({ service: 'GuardDutyClient', operation: 'GetDetector' });
  });
});

describe('credentials and Regions', () => {
  it('rejects an access key the sandbox did not issue with the invalid-token error of the protocol', async () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html (InvalidClientTokenId)
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (AuthFailure)
    const { sandbox } = setup();
    const credentials = { accessKeyId: 'AKIAFORGED0000000000', secretAccessKey: 'x' };
    const sts = sandbox.attach(new STSClient({ region: 'us-east-1', credentials, maxAttempts: 1 }));
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });
    const ec2 = sandbox.attach(new EC2Client({ region: 'us-east-1', credentials, maxAttempts: 1 }));
    await expect(ec2.send(new GetEbsEncryptionByDefaultCommand({}))).rejects.toMatchObject({
      name: 'AuthFailure',
    });
  });

  it('rejects session credentials after they expire', async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html
    const { as, sandbox, clock } = setup();
    const assumed = await as(STSClient, MGMT).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${WORKLOAD}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'sra',
        DurationSeconds: 900,
      }),
    );
    const c = assumed.Credentials!;
    const credentials = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    const iam = sandbox.attach(new IAMClient({ region: 'us-east-1', credentials, maxAttempts: 1 }));
    await expect(iam.send(new GetAccountSummaryCommand({}))).resolves.toBeDefined();
    clock.advance(900_000);
    await expect(iam.send(new GetAccountSummaryCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('refuses regional calls in an opt-in Region the account has not enabled; global services still answer', async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
    const { as } = setup();
    await expect(
      as(EC2Client, WORKLOAD, 'ap-east-1').send(new GetEbsEncryptionByDefaultCommand({})),
    ).rejects.toMatchObject({ name: 'AuthFailure' });
    const iam = await as(IAMClient, WORKLOAD, 'ap-east-1').send(new GetAccountSummaryCommand({}));
    expect(iam.SummaryMap).toBeDefined();
  });
});

describe('deny rules', () => {
  it('denies matching actions with the access-denied error of the protocol', async () => {
    const { as } = setup({ deny: [{ action: 'ec2:Get*', account: WORKLOAD, region: 'us-east-1' }] });
    const e = await as(EC2Client, WORKLOAD)
      .send(new GetEbsEncryptionByDefaultCommand({}))
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    expect((e as Error).message).toContain('ec2:GetEbsEncryptionByDefault');
    // Other actions, accounts and Regions are unaffected.
    await expect(as(EC2Client, WORKLOAD).send(new DescribeVpcsCommand({}))).resolves.toBeDefined();
    await expect(as(EC2Client, MGMT).send(new GetEbsEncryptionByDefaultCommand({}))).resolves.toBeDefined();
    await expect(
      as(EC2Client, WORKLOAD, 'eu-west-1').send(new GetEbsEncryptionByDefaultCommand({})),
    ).resolves.toBeDefined();
  });

  it('matches actions case-insensitively with wildcards, for query services too', async () => {
    const { as } = setup({ deny: [{ action: 'IAM:*' }] });
    await expect(as(IAMClient, MGMT).send(new GetAccountSummaryCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });
});

describe('throttling token bucket, latency and statistics', () => {
  it('throttles past the burst and refills at the configured rate on the virtual clock', async () => {
    const { as, clock } = setup({ throttle: { ratePerSecond: 2, burst: 2 } });
    const ec2 = as(EC2Client, WORKLOAD);
    const call = () => ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    await call();
    await call();
    await expect(call()).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
    clock.advance(500);
    await expect(call()).resolves.toBeDefined();
    await expect(call()).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
    // Buckets are per operation: another operation still has its burst.
    await expect(ec2.send(new DescribeVpcsCommand({}))).resolves.toBeDefined();
  });

  it('advances the virtual clock by the configured latency of each call', async () => {
    const { as, clock } = setup({ latencyMs: (service) => (service === 'ec2' ? 250 : 10) });
    const start = clock.now();
    await as(EC2Client, WORKLOAD).send(new GetEbsEncryptionByDefaultCommand({}));
    expect(clock.now() - start).toBe(250);
    await as(STSClient, WORKLOAD).send(new GetCallerIdentityCommand({}));
    expect(clock.now() - start).toBe(260);
  });

  it('counts calls by operation, by account and Region, by key, errors and hosts', async () => {
    const { as, sandbox } = setup({ deny: [{ action: 'ec2:DescribeVpcs' }] });
    await as(EC2Client, WORKLOAD).send(new GetEbsEncryptionByDefaultCommand({}));
    await as(EC2Client, WORKLOAD, 'eu-west-1').send(new GetEbsEncryptionByDefaultCommand({}));
    await as(EC2Client, WORKLOAD)
      .send(new DescribeVpcsCommand({}))
      .catch(() => undefined);
    const s = sandbox.stats();
    expect(s.total).toBe(3);
    expect(s.byOperation.get('ec2:GetEbsEncryptionByDefault')).toBe(2);
    expect(s.byAccountRegion.get(`${WORKLOAD}|us-east-1`)).toBe(2);
    expect(s.byKey.get(`${WORKLOAD}|eu-west-1|ec2:GetEbsEncryptionByDefault`)).toBe(1);
    expect(s.errors.get('UnauthorizedOperation')).toBe(1);
    expect([...s.hosts].sort()).toEqual(['ec2.eu-west-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com']);
    sandbox.resetStats();
    expect(sandbox.stats().total).toBe(0);
  });

  it('records the host the SDK resolved, honouring a custom endpoint', async () => {
    // https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
    const { sandbox } = setup();
    const sts = sandbox.attach(
      new STSClient({
        region: 'us-east-1',
        endpoint: 'http://localhost:4566',
        credentials: sandbox.adminCredentials(MGMT),
        maxAttempts: 1,
      }),
    );
    await sts.send(new GetCallerIdentityCommand({}));
    expect([...sandbox.stats().hosts]).toEqual(['localhost']);
  });
});
