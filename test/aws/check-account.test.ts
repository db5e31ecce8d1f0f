import { describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsCallError } from '../../src/aws/index.js';
import { AUDIT, MGMT, WORKLOAD, setup } from './fixtures.js';

describe('AwsAccess.checkAccount', () => {
  it('assumes the member role once and reports success', async () => {
    const { access } = setup();
    const aws = access();
    expect(await aws.checkAccount(AUDIT)).toBeUndefined();
    const out = await aws.send(
      STSClient,
      { account: AUDIT, region: 'eu-west-1' },
      new GetCallerIdentityCommand({}),
    );
    expect(out.Account).toBe(AUDIT);
    expect(aws.stats().assumeRoles).toBe(1);
  });

  it('needs no AssumeRole for the caller’s own account', async () => {
    const { access } = setup();
    const aws = access();
    expect(await aws.checkAccount(MGMT)).toBeUndefined();
    expect(aws.stats().assumeRoles).toBe(0);
  });

  it('remembers a failed AssumeRole: later calls fail at once with the same error, no second assume', async () => {
    // sts:AssumeRole denied to the management account's caller: no member role can be assumed.
    const { access } = setup({ deny: [{ action: 'sts:AssumeRole', account: MGMT }] });
    const aws = access();
    const err = await aws.checkAccount(WORKLOAD);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err!.kind).toBe('access-denied');
    expect(err!.account).toBe(WORKLOAD);
    expect(err!.phase).toBe('credentials');
    const assumesAfterCheck = aws.stats().assumeRoles;
    expect(assumesAfterCheck).toBe(1);
    await expect(
      aws.send(STSClient, { account: WORKLOAD, region: 'us-east-1' }, new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ kind: 'access-denied', account: WORKLOAD });
    expect(await aws.checkAccount(WORKLOAD)).toBe(err);
    expect(aws.stats().assumeRoles).toBe(assumesAfterCheck);
  });
});

describe('AwsAccess.releaseAccount', () => {
  it('drops the clients of one account only, and a later call works with a fresh client', async () => {
    const { access } = setup();
    const aws = access();
    const a = aws.client(STSClient, { account: AUDIT, region: 'us-east-1' });
    const w = aws.client(STSClient, { account: WORKLOAD, region: 'us-east-1' });
    aws.releaseAccount(AUDIT);
    expect(aws.client(STSClient, { account: WORKLOAD, region: 'us-east-1' })).toBe(w);
    const again = aws.client(STSClient, { account: AUDIT, region: 'us-east-1' });
    expect(again).not.toBe(a);
    const out = await aws.send(
      STSClient,
      { account: AUDIT, region: 'us-east-1' },
      new GetCallerIdentityCommand({}),
    );
    expect(out.Account).toBe(AUDIT);
    // Credentials were kept: still one AssumeRole for the account.
    expect(aws.stats().assumeRoles).toBe(1);
  });
});
