/**
 * Semantics of the simulated S3 Control account-level Block Public Access, through the real
 * S3ControlClient.
 */
import { describe, expect, it } from 'vitest';
import {
  DeletePublicAccessBlockCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { s3controlService, accountPublicAccessBlock } from '../../src/sandbox/services/s3control.js';
import { LOGS, orgSandbox, WORKLOAD } from './helpers.js';

async function failure(p: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('S3 Control account Block Public Access', () => {
  it('answers NoSuchPublicAccessBlockConfiguration (404) before any configuration is set', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html
    const { as } = orgSandbox([s3controlService]);
    const res = await failure(
      as(S3ControlClient, WORKLOAD).send(new GetPublicAccessBlockCommand({ AccountId: WORKLOAD })),
    );
    expect(res).toEqual({ name: 'NoSuchPublicAccessBlockConfiguration', status: 404 });
  });

  it('stores all four settings, omitted ones as false, for the whole account', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutPublicAccessBlock.html
    const { as } = orgSandbox([s3controlService]);
    await as(S3ControlClient, WORKLOAD, 'us-east-1').send(
      new PutPublicAccessBlockCommand({
        AccountId: WORKLOAD,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true },
      }),
    );
    // The setting is account-wide: it reads the same from another Region.
    const got = await as(S3ControlClient, WORKLOAD, 'eu-west-1').send(
      new GetPublicAccessBlockCommand({ AccountId: WORKLOAD }),
    );
    expect(got.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: false,
    });
    // Another account is unaffected.
    expect(
      (await failure(as(S3ControlClient, LOGS).send(new GetPublicAccessBlockCommand({ AccountId: LOGS }))))
        .name,
    ).toBe('NoSuchPublicAccessBlockConfiguration');
  });

  it('denies access to another account configuration with AccessDenied (403)', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html
    // (the caller must own the account it names; S3 answers AccessDenied otherwise)
    const { as, sandbox } = orgSandbox([s3controlService]);
    const client = as(S3ControlClient, WORKLOAD);
    expect(await failure(client.send(new GetPublicAccessBlockCommand({ AccountId: LOGS })))).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    const put = await failure(
      client.send(
        new PutPublicAccessBlockCommand({
          AccountId: LOGS,
          PublicAccessBlockConfiguration: { BlockPublicAcls: true },
        }),
      ),
    );
    expect(put.name).toBe('AccessDenied');
    expect(accountPublicAccessBlock(sandbox.world, LOGS)).toBeUndefined();
  });

  it('removes the configuration with DeletePublicAccessBlock', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_DeletePublicAccessBlock.html
    const { as } = orgSandbox([s3controlService]);
    const client = as(S3ControlClient, WORKLOAD);
    await client.send(
      new PutPublicAccessBlockCommand({
        AccountId: WORKLOAD,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    await client.send(new DeletePublicAccessBlockCommand({ AccountId: WORKLOAD }));
    expect((await failure(client.send(new GetPublicAccessBlockCommand({ AccountId: WORKLOAD })))).name).toBe(
      'NoSuchPublicAccessBlockConfiguration',
    );
  });
});
