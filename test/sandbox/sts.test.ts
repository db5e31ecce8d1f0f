/**
 * Semantics of the simulated STS, each pinned to the AWS page that documents it.
 */
import { describe, expect, it } from 'vitest';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  RegionDisabledException,
  STSClient,
} from '@aws-sdk/client-sts';
import { stsService } from '../../src/sandbox/services/sts.js';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';

const roleArn = (account: string, role = 'OrganizationAccountAccessRole') =>
  `arn:aws:iam::${account}:role/${role}`;

function setup() {
  const env = orgSandbox([stsService], {}, [{ id: '777777777777', optInRegions: ['af-south-1'] }]);
  return env;
}

describe('GetCallerIdentity', () => {
  it('names the account, ARN and user id behind the credentials', async () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    const { as } = setup();
    const r = await as(STSClient, AUDIT).send(new GetCallerIdentityCommand({}));
    expect(r).toMatchObject({ Account: AUDIT, Arn: `arn:aws:iam::${AUDIT}:user/sra-admin` });
  });
});

describe('AssumeRole', () => {
  it('issues session credentials for the member role that work as that role', async () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    const { as, sandbox, clock } = setup();
    const r = await as(STSClient, MGMT).send(
      new AssumeRoleCommand({
        RoleArn: roleArn(WORKLOAD),
        RoleSessionName: 'sra-verify',
        DurationSeconds: 1800,
      }),
    );
    expect(r.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(r.Credentials?.Expiration?.getTime()).toBe(clock.now() + 1800 * 1000);
    expect(r.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${WORKLOAD}:assumed-role/OrganizationAccountAccessRole/sra-verify`,
    );
    const member = sandbox.attach(
      new STSClient({
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: {
          accessKeyId: r.Credentials!.AccessKeyId!,
          secretAccessKey: r.Credentials!.SecretAccessKey!,
          sessionToken: r.Credentials!.SessionToken!,
        },
      }),
    );
    const who = await member.send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Account: WORKLOAD, Arn: r.AssumedRoleUser?.Arn });
  });

  it('denies roles that do not exist, outsiders and member-to-member hops', async () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (AccessDenied)
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html
    const { as } = setup();
    const assume = (caller: string, arn: string) =>
      as(STSClient, caller).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'x1' }));
    await expect(assume(MGMT, roleArn(WORKLOAD, 'NoSuchRole'))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(assume(OUTSIDER, roleArn(WORKLOAD))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume(AUDIT, roleArn(LOGS))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume(AUDIT, roleArn(AUDIT))).resolves.toBeDefined();
  });

  it('validates the role ARN, the session name and the duration', async () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    const { as } = setup();
    const sts = as(STSClient, MGMT);
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'ok' })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn(WORKLOAD), RoleSessionName: 'bad name!' })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    for (const DurationSeconds of [899, 43201]) {
      await expect(
        sts.send(
          new AssumeRoleCommand({ RoleArn: roleArn(WORKLOAD), RoleSessionName: 'ok', DurationSeconds }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationError' });
    }
  });

  it('limits role chaining to one hour', async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
    const { as, sandbox } = setup();
    const first = await as(STSClient, MGMT).send(
      new AssumeRoleCommand({ RoleArn: roleArn(WORKLOAD), RoleSessionName: 'hop1' }),
    );
    const chained = sandbox.attach(
      new STSClient({
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: {
          accessKeyId: first.Credentials!.AccessKeyId!,
          secretAccessKey: first.Credentials!.SecretAccessKey!,
          sessionToken: first.Credentials!.SessionToken!,
        },
      }),
    );
    await expect(
      chained.send(
        new AssumeRoleCommand({ RoleArn: roleArn(WORKLOAD), RoleSessionName: 'hop2', DurationSeconds: 7200 }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      chained.send(
        new AssumeRoleCommand({ RoleArn: roleArn(WORKLOAD), RoleSessionName: 'hop2', DurationSeconds: 3600 }),
      ),
    ).resolves.toBeDefined();
  });

  it('answers on an opt-in regional endpoint only for callers who enabled the Region', async () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html (RegionDisabledException)
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html
    const { as } = setup();
    const e = await as(STSClient, MGMT, 'af-south-1')
      .send(new AssumeRoleCommand({ RoleArn: roleArn(WORKLOAD), RoleSessionName: 'sra' }))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RegionDisabledException);
    const ok = await as(STSClient, '777777777777', 'af-south-1').send(
      new AssumeRoleCommand({ RoleArn: roleArn('777777777777'), RoleSessionName: 'sra' }),
    );
    expect(ok.Credentials).toBeDefined();
  });
});
