/**
 * Semantics of the simulated AWS KMS, through the real KMSClient. Each test names the AWS page
 * whose rule it pins.
 */
import { describe, expect, it } from 'vitest';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  NotFoundException,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
} from '@aws-sdk/client-kms';
import { createKeyState, keyPolicyAllows, kmsService, resolveKey } from '../../src/sandbox/services/kms.js';
import { AUDIT, LOGS, MGMT, orgSandbox, WORKLOAD } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;

async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; err: unknown }> {
  try {
    await p;
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message, err: e };
  }
  throw new Error('expected the call to fail');
}

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const rootStatement = (account: string) => ({
  Sid: 'root',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: 'kms:*',
  Resource: '*',
});

describe('KMS CreateKey and key policies', () => {
  it('attaches the default key policy that gives the account root full access', async () => {
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
    const { as } = orgSandbox([kmsService]);
    const kms = as(KMSClient, AUDIT);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'findings' }));
    expect(KeyMetadata).toMatchObject({
      AWSAccountId: AUDIT,
      KeyState: 'Enabled',
      Enabled: true,
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyManager: 'CUSTOMER',
      Description: 'findings',
    });
    expect(KeyMetadata?.Arn).toBe(`arn:aws:kms:us-east-1:${AUDIT}:key/${KeyMetadata?.KeyId}`);
    const doc = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId! }))).Policy!);
    expect(doc.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
        Action: 'kms:*',
      }),
    ]);
  });

  it('rejects a malformed key policy and one without principals', async () => {
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html (MalformedPolicyDocumentException)
    const { as } = orgSandbox([kmsService]);
    const kms = as(KMSClient, AUDIT);
    expect((await failure(kms.send(new CreateKeyCommand({ Policy: '{"Statement": [' })))).name).toBe(
      'MalformedPolicyDocumentException',
    );
    const noPrincipal = policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    expect((await failure(kms.send(new CreateKeyCommand({ Policy: noPrincipal })))).name).toBe(
      'MalformedPolicyDocumentException',
    );
  });

  it('applies the policy lockout safety check unless it is bypassed', async () => {
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#prevent-unmanageable-key
    const { as } = orgSandbox([kmsService]);
    const kms = as(KMSClient, AUDIT);
    const lockout = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${AUDIT}:role/KeyAdmin` },
      Action: 'kms:*',
      Resource: '*',
    });
    const refused = await failure(kms.send(new CreateKeyCommand({ Policy: lockout })));
    expect(refused.name).toBe('MalformedPolicyDocumentException');
    const created = await kms.send(
      new CreateKeyCommand({ Policy: lockout, BypassPolicyLockoutSafetyCheck: true }),
    );
    // The caller locked itself out: it can no longer even read the policy.
    expect(
      (await failure(kms.send(new GetKeyPolicyCommand({ KeyId: created.KeyMetadata!.KeyId! })))).name,
    ).toBe('AccessDeniedException');
  });

  it('replaces the key policy and refuses a replacement that would lock the caller out', async () => {
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
    const { as } = orgSandbox([kmsService]);
    const kms = as(KMSClient, AUDIT);
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const next = policy(rootStatement(AUDIT), {
      Sid: 'cloudtrail',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
    });
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: next }));
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).toBe(next);
    const lockout = policy({
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:*',
      Resource: '*',
    });
    expect((await failure(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: lockout })))).name).toBe(
      'MalformedPolicyDocumentException',
    );
  });
});

describe('KMS DescribeKey, aliases and listing', () => {
  it('finds a key by id, ARN, alias name and alias ARN', async () => {
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
    const { as } = orgSandbox([kmsService]);
    const kms = as(KMSClient, AUDIT);
    const meta = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/sra-findings', TargetKeyId: meta.KeyId }));
    for (const id of [
      meta.KeyId!,
      meta.Arn!,
      'alias/sra-findings',
      `arn:aws:kms:us-east-1:${AUDIT}:alias/sra-findings`,
    ]) {
      expect((await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata?.Arn).toBe(meta.Arn);
    }
    const missing = await failure(kms.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })));
    expect(missing.name).toBe('NotFoundException');
    expect(missing.err).toBeInstanceOf(NotFoundException);
    expect((await failure(kms.send(new DescribeKeyCommand({ KeyId: 'arn:aws:kms:nonsense' })))).name).toBe(
      'InvalidArnException',
    );
    // Keys are regional: the same id is unknown in another Region.
    expect(
      (await failure(as(KMSClient, AUDIT, 'eu-west-1').send(new DescribeKeyCommand({ KeyId: meta.KeyId! }))))
        .name,
    ).toBe('NotFoundException');
  });

  it('describes another account key only by ARN and only when its key policy allows it', async () => {
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
    const { as } = orgSandbox([kmsService]);
    const owner = as(KMSClient, AUDIT);
    const shared = (
      await owner.send(
        new CreateKeyCommand({
          Policy: policy(rootStatement(AUDIT), {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${LOGS}:root` },
            Action: ['kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:GetKeyPolicy'],
            Resource: '*',
          }),
        }),
      )
    ).KeyMetadata!;
    const privateKey = (await owner.send(new CreateKeyCommand({}))).KeyMetadata!;
    const logs = as(KMSClient, LOGS);
    expect((await logs.send(new DescribeKeyCommand({ KeyId: shared.Arn! }))).KeyMetadata?.KeyId).toBe(
      shared.KeyId,
    );
    expect(
      (await logs.send(new GetKeyRotationStatusCommand({ KeyId: shared.Arn! }))).KeyRotationEnabled,
    ).toBe(false);
    expect((await failure(logs.send(new DescribeKeyCommand({ KeyId: shared.KeyId! })))).name).toBe(
      'NotFoundException',
    );
    expect((await failure(logs.send(new DescribeKeyCommand({ KeyId: privateKey.Arn! })))).name).toBe(
      'AccessDeniedException',
    );
    // GetKeyPolicy is not a cross-account operation, whatever the key policy says.
    expect((await failure(logs.send(new GetKeyPolicyCommand({ KeyId: shared.Arn! })))).name).toBe(
      'AccessDeniedException',
    );
  });

  it('rejects duplicate and reserved alias names and deletes aliases', async () => {
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteAlias.html
    const { as } = orgSandbox([kmsService]);
    const kms = as(KMSClient, LOGS);
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/logs', TargetKeyId: keyId }));
    expect(
      (await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/logs', TargetKeyId: keyId })))).name,
    ).toBe('AlreadyExistsException');
    expect(
      (await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: keyId }))))
        .name,
    ).toBe('InvalidAliasNameException');
    expect(
      (await failure(kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: keyId })))).name,
    ).toBe('InvalidAliasNameException');
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/logs' }));
    expect((await failure(kms.send(new DeleteAliasCommand({ AliasName: 'alias/logs' })))).name).toBe(
      'NotFoundException',
    );
    const aliases = (await kms.send(new ListAliasesCommand({ KeyId: keyId }))).Aliases ?? [];
    expect(aliases).toEqual([]);
  });

  it('lists predefined AWS aliases without a target until DescribeKey creates the AWS managed key', async () => {
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html (AWS managed keys)
    const { as } = orgSandbox([kmsService]);
    const kms = as(KMSClient, WORKLOAD);
    const before = (await kms.send(new ListAliasesCommand({ Limit: 100 }))).Aliases ?? [];
    const s3Alias = before.find((a) => a.AliasName === 'alias/aws/s3');
    expect(s3Alias).toBeDefined();
    expect(s3Alias?.TargetKeyId).toBeUndefined();
    const managed = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
    expect(managed.KeyManager).toBe('AWS');
    const after = (await kms.send(new ListAliasesCommand({ Limit: 100 }))).Aliases ?? [];
    expect(after.find((a) => a.AliasName === 'alias/aws/s3')?.TargetKeyId).toBe(managed.KeyId);
    expect(
      (await kms.send(new GetKeyRotationStatusCommand({ KeyId: managed.KeyId! }))).KeyRotationEnabled,
    ).toBe(true);
  });

  it('pages ListKeys with Limit and Marker', async () => {
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html (Limit 1-1000)
    const { as } = orgSandbox([kmsService]);
    const kms = as(KMSClient, AUDIT);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
    const first = await kms.send(new ListKeysCommand({ Limit: 2 }));
    expect(first.Truncated).toBe(true);
    const second = await kms.send(new ListKeysCommand({ Limit: 2, Marker: first.NextMarker }));
    expect(second.Truncated).toBe(false);
    expect([...(first.Keys ?? []), ...(second.Keys ?? [])].map((k) => k.KeyId)).toEqual(ids);
    expect((await failure(kms.send(new ListKeysCommand({ Marker: 'not-a-marker' })))).name).toBe(
      'InvalidMarkerException',
    );
    expect((await failure(kms.send(new ListKeysCommand({ Limit: 1001 })))).name).toBe('ValidationException');
  });
});

describe('KMS rotation, key state and tags', () => {
  it('enables rotation with a period and reports the next rotation date', async () => {
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html
    const { as, clock } = orgSandbox([kmsService]);
    const kms = as(KMSClient, AUDIT);
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(
      false,
    );
    expect(
      (await failure(kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 30 }))))
        .name,
    ).toBe('ValidationException');
    const start = clock.now();
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 180 }));
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 180 });
    expect(status.NextRotationDate?.getTime()).toBe(start + 180 * DAY);
  });

  it('refuses rotation changes on a disabled key with DisabledException', async () => {
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
    const { as } = orgSandbox([kmsService]);
    const kms = as(KMSClient, AUDIT);
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata).toMatchObject({
      KeyState: 'Disabled',
      Enabled: false,
    });
    expect((await failure(kms.send(new EnableKeyRotationCommand({ KeyId: keyId })))).name).toBe(
      'DisabledException',
    );
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  });

  it('schedules deletion within 7-30 days, cancels it to Disabled, and deletes the key after the window', async () => {
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
    const { as, clock } = orgSandbox([kmsService]);
    const kms = as(KMSClient, AUDIT);
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: keyId }));
    expect(
      (await failure(kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 6 }))))
        .name,
    ).toBe('ValidationException');
    const scheduled = await kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }),
    );
    expect(scheduled).toMatchObject({ KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    expect(scheduled.DeletionDate?.getTime()).toBe(clock.now() + 7 * DAY);
    expect((await failure(kms.send(new EnableKeyCommand({ KeyId: keyId })))).name).toBe(
      'KMSInvalidStateException',
    );
    expect(
      (await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/late', TargetKeyId: keyId })))).name,
    ).toBe('KMSInvalidStateException');
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(
      false,
    );
    await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState).toBe('Disabled');
    expect((await failure(kms.send(new CancelKeyDeletionCommand({ KeyId: keyId })))).name).toBe(
      'KMSInvalidStateException',
    );
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    clock.advance(7 * DAY);
    expect((await failure(kms.send(new DescribeKeyCommand({ KeyId: keyId })))).name).toBe(
      'NotFoundException',
    );
    expect((await failure(kms.send(new DescribeKeyCommand({ KeyId: 'alias/doomed' })))).name).toBe(
      'NotFoundException',
    );
  });

  it('tags keys and rejects tag keys with the aws: prefix', async () => {
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html
    const { as } = orgSandbox([kmsService]);
    const kms = as(KMSClient, AUDIT);
    const keyId = (await kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'team', TagValue: 'sec' }] })))
      .KeyMetadata!.KeyId!;
    await kms.send(
      new TagResourceCommand({
        KeyId: keyId,
        Tags: [
          { TagKey: 'team', TagValue: 'secops' },
          { TagKey: 'env', TagValue: 'prod' },
        ],
      }),
    );
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([
      { TagKey: 'team', TagValue: 'secops' },
      { TagKey: 'env', TagValue: 'prod' },
    ]);
    expect(
      (
        await failure(
          kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'aws:x', TagValue: 'y' }] })),
        )
      ).name,
    ).toBe('TagException');
  });
});

describe('keyPolicyAllows', () => {
  it('evaluates service principals, action wildcards, conditions and explicit denies', () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
    const { sandbox, clock } = orgSandbox([kmsService]);
    const trail = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org`;
    const key = createKeyState(sandbox.world, {
      account: AUDIT,
      region: 'us-east-1',
      createdAt: new Date(clock.now()),
      policy: policy(
        rootStatement(AUDIT),
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
          Condition: {
            StringLike: {
              'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${MGMT}:trail/*`,
            },
          },
        },
        { Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
      ),
    });
    const ctx = { 'kms:EncryptionContext:aws:cloudtrail:arn': trail };
    expect(keyPolicyAllows(key, 'cloudtrail.amazonaws.com', 'kms:GenerateDataKey', ctx)).toBe(true);
    expect(keyPolicyAllows(key, 'cloudtrail.amazonaws.com', 'kms:GenerateDataKey', {})).toBe(false);
    expect(keyPolicyAllows(key, 'cloudtrail.amazonaws.com', 'kms:Decrypt', ctx)).toBe(false);
    expect(keyPolicyAllows(key, 'config.amazonaws.com', 'kms:GenerateDataKey', ctx)).toBe(false);
    expect(keyPolicyAllows(key, AUDIT, 'kms:Decrypt')).toBe(true);
    expect(keyPolicyAllows(key, `arn:aws:iam::${AUDIT}:role/Admin`, 'kms:Encrypt')).toBe(true);
    expect(keyPolicyAllows(key, LOGS, 'kms:Decrypt')).toBe(false);
    expect(keyPolicyAllows(key, AUDIT, 'kms:ScheduleKeyDeletion')).toBe(false);
    expect(resolveKey(sandbox.world, LOGS, 'us-east-1', key.arn)).toBe(key);
  });
});
