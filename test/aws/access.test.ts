import { describe, expect, it } from 'vitest';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { EC2Client, DescribeAccountAttributesCommand } from '@aws-sdk/client-ec2';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import type { AwsCredentialIdentity } from '@smithy/types';
import { defineService } from '../../src/sandbox/core/service.js';
import type { SdkClientLike } from '../../src/sandbox/core/middleware.js';
import { stsService } from '../../src/sandbox/services/sts.js';
import { AwsAccess, AwsCallError, CONTROL_TOWER_MEMBER_ROLE } from '../../src/aws/index.js';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, setup } from './fixtures.js';

const whoami = () => new GetCallerIdentityCommand({});

/** Rejection of `p` as an AwsCallError (fails the test when `p` resolves or throws something else). */
async function failure(p: Promise<unknown>): Promise<AwsCallError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AwsCallError);
  return e as AwsCallError;
}

describe('clients', () => {
  it('creates nothing up front, then one client per account × Region × client class', async () => {
    const { access, sandbox } = setup();
    const aws = access();
    expect(aws.stats().clientsCreated).toBe(0);

    const a = aws.client(STSClient, { account: WORKLOAD, region: 'eu-west-1' });
    expect(aws.client(STSClient, { account: WORKLOAD, region: 'eu-west-1' })).toBe(a);
    expect(aws.stats().clientsCreated).toBe(1);
    // Creating a client makes no call: no identity lookup and no assume-role yet.
    expect(sandbox.stats().total).toBe(0);

    expect(aws.client(STSClient, { account: WORKLOAD, region: 'us-west-2' })).not.toBe(a);
    expect(aws.client(STSClient, { account: AUDIT, region: 'eu-west-1' })).not.toBe(a);
    expect(aws.client(EC2Client, { account: WORKLOAD, region: 'eu-west-1' })).not.toBe(a);
    expect(aws.stats().clientsCreated).toBe(4);
    aws.destroy();
  });

  it('keeps at most maxClients, dropping the least recently used one', async () => {
    const { access } = setup();
    const aws = access({ maxClients: 2 });
    const at = (region: string) => ({ account: WORKLOAD, region });
    const a = aws.client(STSClient, at('us-east-1'));
    const b = aws.client(STSClient, at('us-west-2'));
    expect(aws.client(STSClient, at('us-east-1'))).toBe(a); // a is now the most recent
    aws.client(STSClient, at('eu-west-1')); // evicts b
    expect(aws.client(STSClient, at('us-east-1'))).toBe(a);
    expect(aws.client(STSClient, at('us-west-2'))).not.toBe(b);
    expect(aws.stats()).toMatchObject({ clientsCreated: 4, clientsCached: 2, clientsEvicted: 2 });
    // A dropped client is not destroyed: whoever still holds it can use it.
    await expect(b.send(whoami())).resolves.toMatchObject({ Account: WORKLOAD });
  });

  it('rejects targets that are not an account id and a Region code', () => {
    const { access } = setup();
    const aws = access();
    expect(() => aws.client(STSClient, { account: '1234', region: 'eu-west-1' })).toThrow(/12-digit/);
    expect(() => aws.client(STSClient, { account: WORKLOAD, region: 'Ireland' })).toThrow(/Region code/);
    for (const region of ['us-gov-west-1', 'cn-northwest-1', 'eusc-de-east-1', 'ap-southeast-7']) {
      expect(aws.client(STSClient, { account: WORKLOAD, region })).toBeDefined();
    }
  });

  it('leaves the endpoint to the SDK and sets attempts and Region', async () => {
    const { access } = setup();
    const aws = access({ maxAttempts: 5 });
    const client = aws.client(STSClient, { account: WORKLOAD, region: 'eu-west-1' });
    const config = client.config as unknown as {
      isCustomEndpoint: boolean;
      maxAttempts: () => Promise<number>;
      region: () => Promise<string>;
    };
    expect(config.isCustomEndpoint).toBe(false);
    expect(await config.maxAttempts()).toBe(5);
    expect(await config.region()).toBe('eu-west-1');
    // (endpoints.test.ts proves the timeouts on a real HTTP connection.)
  });
});

describe('credentials', () => {
  it('uses the base credentials in their own account and assumes the member role elsewhere', async () => {
    const { access, sandbox } = setup();
    const aws = access();
    const mgmt = await aws.send(STSClient, { account: MGMT, region: 'eu-west-1' }, whoami());
    expect(mgmt.Account).toBe(MGMT);
    expect(mgmt.Arn).toBe(`arn:aws:iam::${MGMT}:user/sra-admin`);
    expect(aws.stats().assumeRoles).toBe(0);

    for (const account of [AUDIT, LOGS, WORKLOAD]) {
      const out = await aws.send(STSClient, { account, region: 'eu-west-1' }, whoami());
      expect(out.Account).toBe(account);
      expect(out.Arn).toBe(`arn:aws:sts::${account}:assumed-role/OrganizationAccountAccessRole/sra-kit`);
    }
    expect(aws.stats().assumeRoles).toBe(3);
    // Every AssumeRole went to the Regional STS endpoint of the home Region, as the management account.
    expect(sandbox.stats().byKey.get(`${MGMT}|us-east-1|sts:AssumeRole`)).toBe(3);
    expect(sandbox.stats().hosts).toContain('sts.us-east-1.amazonaws.com');
    expect(await aws.whoAmI()).toEqual({
      account: MGMT,
      arn: `arn:aws:iam::${MGMT}:user/sra-admin`,
      userId: `AIDASBX${MGMT}`,
      partition: 'aws',
    });
    // The identity lookup ran once for the whole run.
    expect(sandbox.stats().byKey.get(`${MGMT}|us-east-1|sts:GetCallerIdentity`)).toBe(1);
  });

  it('caches member credentials per account across Regions and services', async () => {
    const { access } = setup();
    const aws = access();
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1']) {
      await aws.send(STSClient, { account: WORKLOAD, region }, whoami());
    }
    expect(aws.stats().assumeRoles).toBe(1);
    expect(aws.stats().clientsCreated).toBe(5); // four STS clients + the base STS client
  });

  it('assumes AWSControlTowerExecution when configured', async () => {
    const CT = '555555555555';
    const { access } = setup({}, [{ id: CT, ou: 'Workloads', roles: [CONTROL_TOWER_MEMBER_ROLE] }]);
    const aws = access({ memberRoleName: CONTROL_TOWER_MEMBER_ROLE });
    const out = await aws.send(STSClient, { account: CT, region: 'eu-west-1' }, whoami());
    expect(out.Arn).toBe(`arn:aws:sts::${CT}:assumed-role/AWSControlTowerExecution/sra-kit`);

    // With the default role name the same account refuses, and the error says where and what to check.
    const err = await failure(access().send(STSClient, { account: CT, region: 'eu-west-1' }, whoami()));
    expect(err.kind).toBe('access-denied');
    expect(err.phase).toBe('credentials');
    expect(err).toMatchObject({
      account: CT,
      region: 'eu-west-1',
      service: 'sts',
      operation: 'GetCallerIdentity',
    });
    expect(err.awsErrorName).toBe('AccessDenied');
    expect(err.message).toContain(`arn:aws:iam::${CT}:role/OrganizationAccountAccessRole`);
    expect(err.hint).toContain('--role-name');
  });

  it('cannot assume a role in an account outside the organization', async () => {
    const { access } = setup();
    const err = await failure(access().send(STSClient, { account: OUTSIDER, region: 'us-east-1' }, whoami()));
    expect(err.kind).toBe('access-denied');
    expect(err.account).toBe(OUTSIDER);
  });

  it('refreshes member credentials a margin before they expire, never later', async () => {
    const { access, clock } = setup();
    const aws = access({ refreshMarginMs: 5 * 60_000 });
    const target = { account: WORKLOAD, region: 'eu-west-1' };
    await aws.send(STSClient, target, whoami());
    expect(aws.stats().assumeRoles).toBe(1);

    clock.advance(50 * 60_000); // 10 minutes left: still fresh
    await aws.send(STSClient, target, whoami());
    expect(aws.stats().assumeRoles).toBe(1);

    clock.advance(6 * 60_000); // 4 minutes left: inside the margin
    await aws.send(STSClient, target, whoami());
    expect(aws.stats().assumeRoles).toBe(2);
  });

  it('re-assumes after expiry; the expired credentials themselves would have been refused', async () => {
    const { access, clock, sandbox } = setup();
    const aws = access();
    const target = { account: WORKLOAD, region: 'eu-west-1' };
    const client = aws.client(STSClient, target);
    await aws.send(STSClient, target, whoami());
    const provider = client.config.credentials as () => Promise<AwsCredentialIdentity>;
    const first = await provider();
    expect(first.expiration).toBeInstanceOf(Date);

    clock.advance(3601 * 1000);
    // The same credentials, used directly, are expired now.
    const raw = new STSClient({ region: 'eu-west-1', credentials: first, maxAttempts: 1 });
    sandbox.attach(raw as unknown as SdkClientLike);
    await expect(raw.send(whoami())).rejects.toMatchObject({ name: 'ExpiredToken' });

    const out = await aws.send(STSClient, target, whoami());
    expect(out.Account).toBe(WORKLOAD);
    expect(aws.stats().assumeRoles).toBe(2);
    const second = await provider();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.expiration!.getTime()).toBeGreaterThan(clock.now());
  });

  it('makes exactly one AssumeRole for 50 concurrent first calls into an account', async () => {
    const { access, sandbox, clock } = setup({ latencyMs: 20 });
    const aws = access();
    const regions = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1'];
    const calls = Array.from({ length: 50 }, (_, i) =>
      aws.send(STSClient, { account: WORKLOAD, region: regions[i % regions.length]! }, whoami()),
    );
    const outs = await Promise.all(calls);
    expect(outs.every((o) => o.Account === WORKLOAD)).toBe(true);
    expect(sandbox.stats().byOperation.get('sts:AssumeRole')).toBe(1);
    expect(aws.stats().assumeRoles).toBe(1);

    // The same holds for the refresh after expiry.
    clock.advance(2 * 3600 * 1000);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        aws.send(STSClient, { account: WORKLOAD, region: regions[i % regions.length]! }, whoami()),
      ),
    );
    expect(sandbox.stats().byOperation.get('sts:AssumeRole')).toBe(2);
  });

  it('does not deadlock when every concurrency slot waits for an assume-role', async () => {
    const { access } = setup({ latencyMs: 5 });
    const aws = access({ concurrency: { global: 1, perAccount: 1, perApi: 1 } });
    const accounts = [AUDIT, LOGS, WORKLOAD, MGMT];
    const outs = await Promise.all(
      accounts.flatMap((account) =>
        ['us-east-1', 'eu-west-1'].map((region) => aws.send(STSClient, { account, region }, whoami())),
      ),
    );
    expect(outs.map((o) => o.Account).sort()).toEqual([...accounts, ...accounts].sort());
  });

  it('refuses base credentials of another account than the configured management account', async () => {
    const { access, sandbox } = setup();
    const aws = access({ credentials: sandbox.adminCredentials(AUDIT), managementAccountId: MGMT });
    const err = await failure(aws.whoAmI());
    expect(err.kind).toBe('credentials');
    expect(err.account).toBe(AUDIT);
    expect(err.message).toContain(`not to the management account ${MGMT}`);
  });

  it('reports unusable base credentials as kind credentials', async () => {
    const { access } = setup();
    const aws = access({ credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'nope' } });
    const err = await failure(aws.send(STSClient, { account: WORKLOAD, region: 'eu-west-1' }, whoami()));
    expect(err.kind).toBe('credentials');
    expect(err.awsErrorName).toBe('InvalidClientTokenId');
    expect(err).toMatchObject({ account: WORKLOAD, region: 'eu-west-1', operation: 'GetCallerIdentity' });
  });
});

describe('retries and failures', () => {
  it('survives throttling with the SDK retry strategy', async () => {
    // One token per 100 ms of sandbox time; every attempt takes 100 ms of sandbox time.
    const { access, sandbox } = setup({ throttle: { ratePerSecond: 10, burst: 1 }, latencyMs: 100 });
    const aws = access({ maxAttempts: 10 });
    const target = { account: WORKLOAD, region: 'eu-west-1' };
    const outs = await Promise.all(Array.from({ length: 5 }, () => aws.send(STSClient, target, whoami())));
    expect(outs.every((o) => o.Account === WORKLOAD)).toBe(true);
    expect(Math.max(...outs.map((o) => o.$metadata.attempts ?? 1))).toBeGreaterThan(1);
    expect(sandbox.stats().errors.get('Throttling')).toBeGreaterThan(0);
    expect(aws.stats().retries).toBeGreaterThan(0);
    expect(aws.stats().succeeded).toBe(5);
  });

  it('gives up after maxAttempts of throttling with kind throttled', async () => {
    const { access } = setup({ throttle: { ratePerSecond: 0.0001, burst: 1 } });
    const aws = access({ maxAttempts: 3 });
    const target = { account: WORKLOAD, region: 'eu-west-1' };
    await aws.send(STSClient, target, whoami()); // spends the only token
    const err = await failure(aws.send(STSClient, target, whoami()));
    expect(err.kind).toBe('throttled');
    expect(err.code).toBe('AWS_THROTTLED');
    expect(err.awsErrorName).toBe('Throttling');
    expect(err.attempts).toBe(3);
    expect(err.exitCode).toBe(3);
    expect(err).toMatchObject({
      account: WORKLOAD,
      region: 'eu-west-1',
      service: 'sts',
      operation: 'GetCallerIdentity',
    });
    expect(aws.stats().failed.throttled).toBe(1);
  });

  it('retries internal failures and succeeds', async () => {
    const { access, sandbox } = setup({
      faults: [{ error: 'InternalFailure', region: 'eu-west-1', count: 2 }],
    });
    const aws = access();
    const out = await aws.send(STSClient, { account: MGMT, region: 'eu-west-1' }, whoami());
    expect(out.Account).toBe(MGMT);
    expect(out.$metadata.attempts).toBe(3);
    expect(aws.stats().retries).toBe(2);
    expect(sandbox.stats().errors.get('InternalFailure')).toBe(2);
  });

  it('reports timeouts as kind timeout after the (shorter) timeout attempt budget', async () => {
    const { access, sandbox } = setup({
      faults: [{ error: 'Timeout', account: WORKLOAD, operation: 'GetCallerIdentity' }],
      timeoutMs: 5000,
    });
    const aws = access({ maxAttempts: 8, retry: { baseDelayMs: 1, maxDelayMs: 4, maxAttemptsOnTimeout: 2 } });
    const err = await failure(aws.send(STSClient, { account: WORKLOAD, region: 'eu-west-1' }, whoami()));
    expect(err.kind).toBe('timeout');
    expect(err.awsErrorName).toBe('TimeoutError');
    expect(err.attempts).toBe(2);
    expect(err).toMatchObject({ account: WORKLOAD, region: 'eu-west-1', operation: 'GetCallerIdentity' });
    expect(sandbox.stats().byKey.get(`${WORKLOAD}|eu-west-1|sts:GetCallerIdentity`)).toBe(2);
  });

  it('reports access denied with account, Region and operation, without retrying', async () => {
    const { access, sandbox } = setup({
      deny: [{ action: 'sts:GetCallerIdentity', account: WORKLOAD, region: 'eu-west-1' }],
    });
    const aws = access();
    const err = await failure(aws.send(STSClient, { account: WORKLOAD, region: 'eu-west-1' }, whoami()));
    expect(err.kind).toBe('access-denied');
    expect(err.phase).toBe('request');
    expect(err.attempts).toBe(1);
    expect(err.requestId).toMatch(/^5a4d/);
    expect(err.message).toContain(`sts:GetCallerIdentity in account ${WORKLOAD} (eu-west-1) failed`);
    expect(err.describe()).toContain('hint:');
    expect(sandbox.stats().byKey.get(`${WORKLOAD}|eu-west-1|sts:GetCallerIdentity`)).toBe(1);
    // Other Regions of the same account are unaffected.
    await expect(
      aws.send(STSClient, { account: WORKLOAD, region: 'us-west-2' }, whoami()),
    ).resolves.toBeDefined();
  });

  it('reports a denied sts:AssumeRole on the call that needed the credentials', async () => {
    const { access } = setup({ deny: [{ action: 'sts:AssumeRole' }] });
    const err = await failure(
      access().send(STSClient, { account: LOGS, region: 'ap-northeast-1' }, whoami()),
    );
    expect(err.kind).toBe('access-denied');
    expect(err.phase).toBe('credentials');
    expect(err).toMatchObject({ account: LOGS, region: 'ap-northeast-1', operation: 'GetCallerIdentity' });
    expect(err.cause).toBeInstanceOf(AwsCallError);
    expect((err.cause as AwsCallError).operation).toBe('AssumeRole');
  });

  it('reports opt-in Regions that are not enabled as kind region-disabled', async () => {
    // A minimal regional service (EC2 protocol) so the sandbox refuses tokens in disabled Regions.
    const ec2 = defineService({
      name: 'ec2',
      clientName: 'EC2Client',
      scope: 'regional',
      protocol: 'ec2',
      operations: { DescribeAccountAttributes: () => ({ AccountAttributes: [] }) },
    });
    const OPTED = '666666666666';
    const { access } = setup({}, [{ id: OPTED, optInRegions: ['af-south-1'] }], [stsService, ec2]);
    const aws = access();
    const describe = () => new DescribeAccountAttributesCommand({});

    const err = await failure(aws.send(EC2Client, { account: WORKLOAD, region: 'af-south-1' }, describe()));
    expect(err.kind).toBe('region-disabled');
    expect(err.awsErrorName).toBe('AuthFailure');
    expect(err.hint).toContain('governedRegions');
    await expect(
      aws.send(EC2Client, { account: OPTED, region: 'af-south-1' }, describe()),
    ).resolves.toBeDefined();
    await expect(
      aws.send(EC2Client, { account: WORKLOAD, region: 'eu-west-1' }, describe()),
    ).resolves.toBeDefined();
  });

  it('reports a home Region whose STS is not active as region-disabled', async () => {
    const { access } = setup();
    const aws = access({ region: 'af-south-1' }); // opt-in, not enabled for the management account
    const err = await failure(aws.send(STSClient, { account: WORKLOAD, region: 'eu-west-1' }, whoami()));
    expect(err.kind).toBe('region-disabled');
    expect(err.phase).toBe('credentials');
    expect(err.awsErrorName).toBe('RegionDisabledException');
    expect(err.hint).toContain('home Region');
  });

  it('reports operations the sandbox does not simulate as kind not-implemented', async () => {
    const { access } = setup();
    const aws = access();
    const a = await failure(
      aws.send(STSClient, { account: MGMT, region: 'us-east-1' }, new GetSessionTokenCommand({})),
    );
    expect(a.kind).toBe('not-implemented');
    expect(a.operation).toBe('GetSessionToken');
    expect(a.attempts).toBe(1);
    const b = await failure(
      aws.send(GuardDutyClient, { account: AUDIT, region: 'eu-west-1' }, new ListDetectorsCommand({})),
    );
    expect(b).toMatchObject({ kind: 'not-implemented', service: 'guardduty', operation: 'ListDetectors' });
  });

  it('types failures of any function run through call()', async () => {
    const { access } = setup();
    const aws = access();
    const target = { account: AUDIT, region: 'eu-west-1', service: 'custom', operation: 'Boom' };
    const err = await failure(aws.call(target, () => Promise.reject(new Error('plain failure'))));
    expect(err).toMatchObject({ ...target, kind: 'service' });
    expect(err.message).toContain('plain failure');
  });
});

describe('secrets', () => {
  it('never puts secret keys or session tokens into errors', async () => {
    const { access, adminCredentials, sandbox } = setup({
      deny: [{ action: 'sts:GetCallerIdentity', account: WORKLOAD }],
    });
    const aws = access();
    const err = await failure(aws.send(STSClient, { account: WORKLOAD, region: 'eu-west-1' }, whoami()));
    const member = await (
      aws.client(STSClient, { account: WORKLOAD, region: 'eu-west-1' }).config
        .credentials as () => Promise<AwsCredentialIdentity>
    )();
    const secrets = [adminCredentials.secretAccessKey, member.secretAccessKey, member.sessionToken!];
    for (const s of secrets) {
      expect(err.message).not.toContain(s);
      expect(JSON.stringify(err)).not.toContain(s);
      expect(err.describe()).not.toContain(s);
    }

    // Even when AWS echoes a secret back in its message, it is scrubbed.
    sandbox.knobs.faults = [
      {
        account: WORKLOAD,
        operation: 'GetCallerIdentity',
        error: {
          name: 'SignatureDoesNotMatch',
          status: 403,
          message: `bad signature for ${member.sessionToken!}`,
        },
      },
    ];
    sandbox.knobs.deny = [];
    const echoed = await failure(aws.send(STSClient, { account: WORKLOAD, region: 'us-west-2' }, whoami()));
    expect(echoed.kind).toBe('credentials');
    expect(echoed.message).toContain('bad signature for ***');
    expect(JSON.stringify(echoed)).not.toContain(member.sessionToken!);
  });
});

describe('home Region', () => {
  it('comes from the option, else AWS_REGION, else AWS_DEFAULT_REGION', async () => {
    const creds = { accessKeyId: 'AKIAEXAMPLE000000000', secretAccessKey: 'x' };
    expect(
      await new AwsAccess({
        credentials: creds,
        region: 'eu-west-3',
        env: { AWS_REGION: 'us-west-1' },
      }).homeRegion(),
    ).toBe('eu-west-3');
    expect(
      await new AwsAccess({
        credentials: creds,
        env: { AWS_REGION: 'us-west-1', AWS_DEFAULT_REGION: 'us-east-2' },
      }).homeRegion(),
    ).toBe('us-west-1');
    expect(
      await new AwsAccess({ credentials: creds, env: { AWS_DEFAULT_REGION: 'us-east-2' } }).homeRegion(),
    ).toBe('us-east-2');
  });

  it('is validated', () => {
    expect(() => new AwsAccess({ region: 'moon-1' })).toThrow(/Region code/);
    expect(() => new AwsAccess({ memberRoleName: 'bad role' })).toThrow(/role name/);
    expect(() => new AwsAccess({ concurrency: { global: 0 } })).toThrow(/concurrency.global/);
    expect(() => new AwsAccess({ env: { AWS_MAX_ATTEMPTS: '0' } })).toThrow(/maxAttempts/);
  });

  it('honours AWS_MAX_ATTEMPTS when no maxAttempts is given', async () => {
    const { sandbox, clock, adminCredentials } = setup({ throttle: { ratePerSecond: 0.0001, burst: 1 } });
    const aws = new AwsAccess({
      region: 'us-east-1',
      credentials: adminCredentials,
      sandbox,
      clock,
      retry: { throttlingBaseDelayMs: 1, maxDelayMs: 2, minSendRate: 5000 },
      env: { AWS_MAX_ATTEMPTS: '2' },
    });
    await aws.send(STSClient, { account: MGMT, region: 'eu-west-1' }, whoami());
    const err = await failure(aws.send(STSClient, { account: MGMT, region: 'eu-west-1' }, whoami()));
    expect(err.attempts).toBe(2);
  });
});

describe('raw AssumeRole through the layer', () => {
  it('is an ordinary call when made on purpose', async () => {
    const { access } = setup();
    const aws = access();
    const out = await aws.send(
      STSClient,
      { account: MGMT, region: 'eu-west-1' },
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${AUDIT}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'manual',
      }),
    );
    expect(out.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${AUDIT}:assumed-role/OrganizationAccountAccessRole/manual`,
    );
  });
});
