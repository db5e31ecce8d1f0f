import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsAccess, AwsCallError } from '../../src/aws/index.js';
import { UsageError } from '../../src/errors.js';
import { MGMT, WORKLOAD, setup } from './fixtures.js';

const ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_STS',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_REGION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
] as const;
const whoami = () => new GetCallerIdentityCommand({});

// The SDK reads AWS_ENDPOINT_URL* (and the shared config file) from process.env when a client sends its first request, so each
// test sets the variables first, uses a fresh AwsAccess, and the previous values come back afterwards.
let saved: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};
beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ENV_KEYS) delete process.env[k];
});
afterEach(() => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('endpoint environment variables (sandbox)', () => {
  it('uses Regional STS endpoints when nothing is configured', async () => {
    const { access, sandbox } = setup();
    await access().send(STSClient, { account: WORKLOAD, region: 'eu-west-1' }, whoami());
    expect([...sandbox.stats().hosts].sort()).toEqual([
      'sts.eu-west-1.amazonaws.com',
      'sts.us-east-1.amazonaws.com',
    ]);
  });

  it('sends every client, the assume-role client included, to AWS_ENDPOINT_URL', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://all-services.example.test:4566';
    const { access, sandbox } = setup();
    const out = await access().send(STSClient, { account: WORKLOAD, region: 'eu-west-1' }, whoami());
    expect(out.Account).toBe(WORKLOAD);
    expect([...sandbox.stats().hosts]).toEqual(['all-services.example.test']);
  });

  it('lets AWS_ENDPOINT_URL_STS win over AWS_ENDPOINT_URL', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://all-services.example.test:4566';
    process.env.AWS_ENDPOINT_URL_STS = 'https://sts-only.example.test';
    const { access, sandbox } = setup();
    await access().send(STSClient, { account: MGMT, region: 'ap-south-1' }, whoami());
    expect([...sandbox.stats().hosts]).toEqual(['sts-only.example.test']);
  });

  it('still obeys AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://all-services.example.test:4566';
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true';
    const { access, sandbox } = setup();
    await access().send(STSClient, { account: MGMT, region: 'eu-north-1' }, whoami());
    expect([...sandbox.stats().hosts].sort()).toEqual([
      'sts.eu-north-1.amazonaws.com',
      'sts.us-east-1.amazonaws.com',
    ]);
  });
});

const IDENTITY_XML =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
  `<Arn>arn:aws:iam::${MGMT}:user/local</Arn><UserId>AIDALOCAL</UserId><Account>${MGMT}</Account>` +
  '</GetCallerIdentityResult><ResponseMetadata><RequestId>11111111-2222-3333-4444-555555555555</RequestId>' +
  '</ResponseMetadata></GetCallerIdentityResponse>';

/** A local endpoint that answers the first `answered` requests and leaves the rest hanging. */
async function localEndpoint(
  answered: number,
): Promise<{ server: Server; url: string; requests: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    n++;
    const mine = n;
    req.resume();
    req.on('end', () => {
      if (mine <= answered) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(IDENTITY_XML);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, requests: () => n };
}

function realAccess(): AwsAccess {
  return new AwsAccess({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIALOCALTEST0000000', secretAccessKey: 'local-secret' },
    connectTimeoutMs: 500,
    requestTimeoutMs: 150,
    retry: { baseDelayMs: 1, maxDelayMs: 4, maxAttemptsOnTimeout: 2 },
    env: {},
  });
}

describe('timeouts on a real HTTP connection', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('ends a request that gets no answer with kind timeout, after the timeout attempt budget', async () => {
    const local = await localEndpoint(1);
    server = local.server;
    process.env.AWS_ENDPOINT_URL_STS = local.url;
    const aws = realAccess();
    expect((await aws.whoAmI()).account).toBe(MGMT);

    const err = await aws
      .send(STSClient, { account: MGMT, region: 'eu-west-1' }, whoami())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      kind: 'timeout',
      awsErrorName: 'TimeoutError',
      attempts: 2,
      account: MGMT,
      region: 'eu-west-1',
      operation: 'GetCallerIdentity',
    });
    expect(local.requests()).toBe(3);
    const handler = aws.client(STSClient, { account: MGMT, region: 'eu-west-1' }).config
      .requestHandler as unknown as {
      httpHandlerConfigs(): Record<string, unknown>;
    };
    expect(handler.httpHandlerConfigs()).toMatchObject({ connectionTimeout: 500, requestTimeout: 150 });
    aws.destroy();
  });

  it('ends a request to a closed port with kind network', async () => {
    const probe = await localEndpoint(0);
    const url = probe.url;
    await new Promise<void>((resolve) => probe.server.close(() => resolve()));
    process.env.AWS_ENDPOINT_URL_STS = url;
    const aws = realAccess();
    const err = await aws.whoAmI().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      kind: 'network',
      awsErrorName: 'ECONNREFUSED',
      attempts: 2,
      operation: 'GetCallerIdentity',
    });
    aws.destroy();
  });
});

describe('home Region from the shared config file', () => {
  /** Points the SDK at a config file of our own, so the test does not depend on the machine's ~/.aws. */
  function configFile(text: string): void {
    const dir = mkdtempSync(join(tmpdir(), 'sra-aws-'));
    writeFileSync(join(dir, 'config'), text);
    writeFileSync(join(dir, 'credentials'), '');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  }
  const creds = { accessKeyId: 'AKIAEXAMPLE000000000', secretAccessKey: 'x' };

  it('uses the region of the selected profile when nothing else names one', async () => {
    configFile('[default]\nregion = us-west-1\n\n[profile sra]\nregion = eu-south-2\n');
    expect(await new AwsAccess({ credentials: creds, profile: 'sra', env: {} }).homeRegion()).toBe(
      'eu-south-2',
    );
    expect(await new AwsAccess({ credentials: creds, env: {} }).homeRegion()).toBe('us-west-1');
  });

  it('fails with a usage error when no Region is configured anywhere', async () => {
    configFile('[default]\noutput = json\n');
    const err = await new AwsAccess({ credentials: creds, env: {} }).homeRegion().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toBe('No AWS Region is configured');
    expect((err as UsageError).exitCode).toBe(2);
  });
});
