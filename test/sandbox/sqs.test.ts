import { describe, expect, it } from 'vitest';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  QueueDoesNotExist,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LOGS, WORKLOAD, orgSandbox } from './helpers.js';
import { createQueueState, sqsQueueUrl, sqsService } from '../../src/sandbox/services/sqs.js';

const KEY = `arn:aws:kms:us-east-1:${LOGS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function setup() {
  const env = orgSandbox([sqsService]);
  const sqs = (account: string, region = 'us-east-1') => env.as(SQSClient, account, region);
  const add = (name: string, extra: { kmsMasterKeyId?: string; account?: string; region?: string } = {}) =>
    createQueueState(
      env.sandbox.world,
      extra.account ?? LOGS,
      extra.region ?? 'us-east-1',
      { name, ...(extra.kmsMasterKeyId ? { kmsMasterKeyId: extra.kmsMasterKeyId } : {}) },
      env.clock.now(),
    );
  return { ...env, sqs, add };
}

describe('Amazon SQS sandbox', () => {
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueues.html
  it('lists the caller’s queues of the Region by prefix, paginating only when MaxResults is set', async () => {
    const { sqs, add } = setup();
    for (const n of ['b-queue', 'a-queue', 'other']) add(n);
    add('elsewhere', { region: 'eu-west-1' });
    add('not-mine', { account: WORKLOAD });
    const all = await sqs(LOGS).send(new ListQueuesCommand({}));
    expect(all.QueueUrls).toEqual(
      ['a-queue', 'b-queue', 'other'].map((n) => sqsQueueUrl(LOGS, 'us-east-1', n)),
    );
    expect(all.NextToken).toBeUndefined();
    const prefixed = await sqs(LOGS).send(new ListQueuesCommand({ QueueNamePrefix: 'b-' }));
    expect(prefixed.QueueUrls).toEqual([sqsQueueUrl(LOGS, 'us-east-1', 'b-queue')]);
    const first = await sqs(LOGS).send(new ListQueuesCommand({ MaxResults: 2 }));
    expect(first.QueueUrls).toHaveLength(2);
    const second = await sqs(LOGS).send(new ListQueuesCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(second.QueueUrls).toEqual([sqsQueueUrl(LOGS, 'us-east-1', 'other')]);
    expect(second.NextToken).toBeUndefined();
    await expect(sqs(LOGS).send(new ListQueuesCommand({ MaxResults: 1001 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect(
      (await sqs(LOGS).send(new ListQueuesCommand({ QueueNamePrefix: 'zzz' }))).QueueUrls,
    ).toBeUndefined();
  });

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html
  it('resolves a queue URL by name and reports QueueDoesNotExist otherwise', async () => {
    const { sqs, add } = setup();
    const q = add('known');
    expect((await sqs(LOGS).send(new GetQueueUrlCommand({ QueueName: 'known' }))).QueueUrl).toBe(q.url);
    const missing = sqs(LOGS).send(new GetQueueUrlCommand({ QueueName: 'unknown' }));
    await expect(missing).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(sqs(WORKLOAD).send(new GetQueueUrlCommand({ QueueName: 'known' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
  });

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
  it('returns the requested attributes: SSE-SQS by default, SSE-KMS with a key, the redrive policy', async () => {
    const { sqs, add, sandbox, clock } = setup();
    const plain = add('plain');
    const dlq = add('dlq', { kmsMasterKeyId: KEY });
    const main = createQueueState(
      sandbox.world,
      LOGS,
      'us-east-1',
      {
        name: 'main',
        kmsMasterKeyId: KEY,
        redrivePolicy: { deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 },
      },
      clock.now(),
    );
    const names = ['QueueArn', 'KmsMasterKeyId', 'SqsManagedSseEnabled', 'RedrivePolicy'] as const;
    const get = (url: string) =>
      sqs(LOGS).send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...names] }));
    expect((await get(plain.url)).Attributes).toEqual({
      QueueArn: `arn:aws:sqs:us-east-1:${LOGS}:plain`,
      SqsManagedSseEnabled: 'true',
    });
    expect((await get(main.url)).Attributes).toEqual({
      QueueArn: main.arn,
      KmsMasterKeyId: KEY,
      SqsManagedSseEnabled: 'false',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
    });
    const all = await sqs(LOGS).send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.url, AttributeNames: ['All'] }),
    );
    expect(all.Attributes).toMatchObject({ KmsMasterKeyId: KEY, VisibilityTimeout: '30' });
    expect(all.Attributes?.RedrivePolicy).toBeUndefined();
    expect(
      (await sqs(LOGS).send(new GetQueueAttributesCommand({ QueueUrl: dlq.url }))).Attributes,
    ).toBeUndefined();
    await expect(
      sqs(LOGS).send(new GetQueueAttributesCommand({ QueueUrl: dlq.url, AttributeNames: ['Nope' as 'All'] })),
    ).rejects.toMatchObject({ name: 'InvalidAttributeName' });
    await expect(get(sqsQueueUrl(LOGS, 'us-east-1', 'gone'))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
    // Queue policies are not modelled: another account's queue is refused.
    await expect(
      sqs(WORKLOAD).send(new GetQueueAttributesCommand({ QueueUrl: dlq.url, AttributeNames: ['All'] })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
