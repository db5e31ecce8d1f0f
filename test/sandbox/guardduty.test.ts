/**
 * Semantics of the simulated GuardDuty, called through the real SDK client. Each test names the AWS
 * page whose rule it pins.
 */
import { describe, expect, it } from 'vitest';
import {
  BadRequestException,
  CreateDetectorCommand,
  CreateMembersCommand,
  CreatePublishingDestinationCommand,
  DeleteDetectorCommand,
  DeleteMembersCommand,
  DeletePublishingDestinationCommand,
  DescribeOrganizationConfigurationCommand,
  DescribePublishingDestinationCommand,
  DisableOrganizationAdminAccountCommand,
  DisassociateMembersCommand,
  EnableOrganizationAdminAccountCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetMemberDetectorsCommand,
  GetMembersCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  ListPublishingDestinationsCommand,
  ListTagsForResourceCommand,
  StartMonitoringMembersCommand,
  StopMonitoringMembersCommand,
  TagResourceCommand,
  UpdateDetectorCommand,
  UpdateMemberDetectorsCommand,
  UpdateOrganizationConfigurationCommand,
  paginateListMembers,
  type GetDetectorCommandOutput,
} from '@aws-sdk/client-guardduty';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GUARDDUTY_PRINCIPAL, guarddutyService } from '../../src/sandbox/services/guardduty.js';
import { s3Service } from '../../src/sandbox/services/s3.js';
import { kmsService } from '../../src/sandbox/services/kms.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';
import type { SeedAccount } from '../../src/sandbox/core/world-builder.js';

const REGION = 'us-east-1';

function setup(knobs: SandboxKnobs = {}, extra: SeedAccount[] = []) {
  const env = orgSandbox([guarddutyService, s3Service, kmsService], knobs, extra);
  const gd = (account: string, region = REGION) => env.as(GuardDutyClient, account, region);
  return { ...env, gd };
}

async function detectorOf(client: GuardDutyClient): Promise<string> {
  const ids = (await client.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

function feature(out: GetDetectorCommandOutput, name: string) {
  return out.Features?.find((f) => f.Name === name);
}

/** Designates AUDIT as delegated admin and returns its detector id. */
async function withAdmin(env: ReturnType<typeof setup>, region = REGION): Promise<string> {
  await env.gd(MGMT, region).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }));
  return detectorOf(env.gd(AUDIT, region));
}

/** Adds an account to the organization at the current sandbox time, as if it had just joined. */
function join(env: ReturnType<typeof setup>, id: string): void {
  const org = env.sandbox.world.organization!;
  env.sandbox.world.accounts.set(id, {
    id,
    name: `new-${id}`,
    email: `${id}@example.com`,
    status: 'ACTIVE',
    parentId: org.rootId,
    joinedMethod: 'CREATED',
    joinedAt: env.clock.now(),
    enabledRegions: new Set([REGION, 'eu-west-1']),
    assumableRoles: new Set(['OrganizationAccountAccessRole']),
    tags: {},
  });
}

describe('GuardDuty detectors', () => {
  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html
  it('allows one detector per account and Region and rejects a second with BadRequestException', async () => {
    const { gd } = setup();
    const created = await gd(WORKLOAD).send(new CreateDetectorCommand({ Enable: true }));
    expect(created.DetectorId).toMatch(/^[0-9a-f]{32}$/);
    const again = gd(WORKLOAD).send(new CreateDetectorCommand({ Enable: true }));
    await expect(again).rejects.toBeInstanceOf(BadRequestException);
    // Another Region is independent.
    expect((await gd(WORKLOAD, 'eu-west-1').send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html
  it('enables every optional feature except Runtime Monitoring by default, and reports foundational sources', async () => {
    const { gd } = setup();
    const { DetectorId } = await gd(WORKLOAD).send(new CreateDetectorCommand({ Enable: true }));
    const det = await gd(WORKLOAD).send(new GetDetectorCommand({ DetectorId }));
    expect(det.Status).toBe('ENABLED');
    expect(det.FindingPublishingFrequency).toBe('SIX_HOURS');
    for (const name of ['CLOUD_TRAIL', 'DNS_LOGS', 'FLOW_LOGS', 'S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION']) {
      expect(feature(det, name)?.Status).toBe('ENABLED');
    }
    expect(feature(det, 'RUNTIME_MONITORING')?.Status).toBe('DISABLED');
    expect(det.DataSources?.S3Logs?.Status).toBe('ENABLED');
    expect(det.ServiceRole).toContain(
      `arn:aws:iam::${WORKLOAD}:role/aws-service-role/guardduty.amazonaws.com/`,
    );
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html (features not named
  // stay at their defaults; legacy DataSources map onto features)
  it('applies requested features and legacy data sources at creation', async () => {
    const { gd } = setup();
    const { DetectorId } = await gd(WORKLOAD).send(
      new CreateDetectorCommand({
        Enable: true,
        FindingPublishingFrequency: 'FIFTEEN_MINUTES',
        DataSources: { S3Logs: { Enable: false } },
        Features: [
          {
            Name: 'RUNTIME_MONITORING',
            Status: 'ENABLED',
            AdditionalConfiguration: [{ Name: 'EC2_AGENT_MANAGEMENT', Status: 'ENABLED' }],
          },
        ],
      }),
    );
    const det = await gd(WORKLOAD).send(new GetDetectorCommand({ DetectorId }));
    expect(det.FindingPublishingFrequency).toBe('FIFTEEN_MINUTES');
    expect(feature(det, 'S3_DATA_EVENTS')?.Status).toBe('DISABLED');
    const rm = feature(det, 'RUNTIME_MONITORING');
    expect(rm?.Status).toBe('ENABLED');
    expect(rm?.AdditionalConfiguration?.find((a) => a.Name === 'EC2_AGENT_MANAGEMENT')?.Status).toBe(
      'ENABLED',
    );
    expect(rm?.AdditionalConfiguration?.find((a) => a.Name === 'EKS_ADDON_MANAGEMENT')?.Status).toBe(
      'DISABLED',
    );
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html
  it('rejects naming both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING', async () => {
    const { gd } = setup();
    const { DetectorId } = await gd(WORKLOAD).send(new CreateDetectorCommand({ Enable: true }));
    const both = gd(WORKLOAD).send(
      new UpdateDetectorCommand({
        DetectorId,
        Features: [
          { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' },
          { Name: 'RUNTIME_MONITORING', Status: 'ENABLED' },
        ],
      }),
    );
    await expect(both).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html
  it('updates frequency, status and feature settings', async () => {
    const { gd } = setup();
    const { DetectorId } = await gd(WORKLOAD).send(new CreateDetectorCommand({ Enable: true }));
    await gd(WORKLOAD).send(
      new UpdateDetectorCommand({
        DetectorId,
        Enable: false,
        FindingPublishingFrequency: 'ONE_HOUR',
        Features: [{ Name: 'LAMBDA_NETWORK_LOGS', Status: 'DISABLED' }],
      }),
    );
    const det = await gd(WORKLOAD).send(new GetDetectorCommand({ DetectorId }));
    expect(det.Status).toBe('DISABLED');
    expect(det.FindingPublishingFrequency).toBe('ONE_HOUR');
    expect(feature(det, 'LAMBDA_NETWORK_LOGS')?.Status).toBe('DISABLED');
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html (BadRequestException)
  it('rejects a detector id the caller does not own', async () => {
    const { gd } = setup();
    const { DetectorId } = await gd(WORKLOAD).send(new CreateDetectorCommand({ Enable: true }));
    await expect(gd(LOGS).send(new GetDetectorCommand({ DetectorId }))).rejects.toMatchObject({
      name: 'BadRequestException',
    });
    await expect(gd(WORKLOAD).send(new DeleteDetectorCommand({ DetectorId }))).resolves.toBeDefined();
    expect((await gd(WORKLOAD).send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_TagResource.html
  it('tags detectors by ARN', async () => {
    const { gd } = setup();
    const { DetectorId } = await gd(WORKLOAD).send(
      new CreateDetectorCommand({ Enable: true, Tags: { a: '1' } }),
    );
    const arn = `arn:aws:guardduty:${REGION}:${WORKLOAD}:detector/${DetectorId}`;
    await gd(WORKLOAD).send(new TagResourceCommand({ ResourceArn: arn, Tags: { b: '2' } }));
    expect((await gd(WORKLOAD).send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({
      a: '1',
      b: '2',
    });
    await expect(gd(LOGS).send(new ListTagsForResourceCommand({ ResourceArn: arn }))).rejects.toMatchObject({
      name: 'BadRequestException',
    });
  });
});

describe('GuardDuty delegated administrator', () => {
  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_EnableOrganizationAdminAccount.html
  it('can only be designated by the management account', async () => {
    const env = setup();
    const call = env.gd(AUDIT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }));
    await expect(call).rejects.toMatchObject({ name: 'BadRequestException' });
    const list = env.gd(AUDIT).send(new ListOrganizationAdminAccountsCommand({}));
    await expect(list).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html
  it('must be an active member of the organization', async () => {
    const env = setup({}, [{ id: '555555555555', status: 'SUSPENDED' }]);
    for (const id of [OUTSIDER, '555555555555']) {
      const call = env.gd(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: id }));
      await expect(call).rejects.toMatchObject({ name: 'BadRequestException' });
    }
  });

  // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html (trusted access, Organizations
  // registration, GuardDuty enabled for the admin in that Region only)
  it('registers the admin with Organizations, enables GuardDuty for it, Region by Region', async () => {
    const env = setup();
    await env.gd(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }));
    expect(env.sandbox.world.delegatedAdminsFor(GUARDDUTY_PRINCIPAL)).toEqual([AUDIT]);
    expect(env.sandbox.world.hasTrustedAccess(GUARDDUTY_PRINCIPAL)).toBe(true);
    const admins = await env.gd(MGMT).send(new ListOrganizationAdminAccountsCommand({}));
    expect(admins.AdminAccounts).toEqual([{ AdminAccountId: AUDIT, AdminStatus: 'ENABLED' }]);
    await detectorOf(env.gd(AUDIT));
    expect((await env.gd(AUDIT, 'eu-west-1').send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
    const other = await env.gd(MGMT, 'eu-west-1').send(new ListOrganizationAdminAccountsCommand({}));
    expect(other.AdminAccounts).toEqual([]);
  });

  // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html (the management account can
  // be the delegated administrator, although it is not recommended)
  it('allows the management account to designate itself', async () => {
    const env = setup();
    await env.gd(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: MGMT }));
    const admins = await env.gd(MGMT).send(new ListOrganizationAdminAccountsCommand({}));
    expect(admins.AdminAccounts?.map((a) => a.AdminAccountId)).toEqual([MGMT]);
  });

  // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html (one delegated admin)
  it('refuses a second, different delegated administrator in any Region', async () => {
    const env = setup();
    await withAdmin(env);
    const sameRegion = env.gd(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: LOGS }));
    await expect(sameRegion).rejects.toMatchObject({ name: 'BadRequestException' });
    const otherRegion = env
      .gd(MGMT, 'eu-west-1')
      .send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: LOGS }));
    await expect(otherRegion).rejects.toMatchObject({ name: 'BadRequestException' });
    await env
      .gd(MGMT, 'eu-west-1')
      .send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }));
  });

  // Propagation knob `guardduty:admin` (SRA.md §3.5: a fresh delegated admin may not see its detector for a while)
  it('honours the guardduty:admin propagation delay', async () => {
    const env = setup({ propagationDelayMs: { 'guardduty:admin': 60_000 } });
    await env.gd(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }));
    expect((await env.gd(AUDIT).send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
    env.clock.advance(60_000);
    const detectorId = await detectorOf(env.gd(AUDIT));
    const cfg = await env
      .gd(AUDIT)
      .send(new DescribeOrganizationConfigurationCommand({ DetectorId: detectorId }));
    expect(cfg.AutoEnableOrganizationMembers).toBe('NONE');
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DescribeOrganizationConfiguration.html
  it('serves organization configuration only to the delegated administrator', async () => {
    const env = setup();
    await withAdmin(env);
    const { DetectorId } = await env.gd(WORKLOAD).send(new CreateDetectorCommand({ Enable: true }));
    const call = env.gd(WORKLOAD).send(new DescribeOrganizationConfigurationCommand({ DetectorId }));
    await expect(call).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  // https://docs.aws.amazon.com/guardduty/latest/ug/change-guardduty-delegated-admin.html
  it('cannot be removed while it still has members, and keeps the Organizations registration', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    const admin = env.gd(AUDIT);
    await admin.send(
      new CreateMembersCommand({
        DetectorId: detectorId,
        AccountDetails: [{ AccountId: WORKLOAD, Email: 'w@example.com' }],
      }),
    );
    const early = env.gd(MGMT).send(new DisableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }));
    await expect(early).rejects.toMatchObject({ name: 'BadRequestException' });
    await admin.send(new DisassociateMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD] }));
    await admin.send(new DeleteMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD] }));
    await env.gd(MGMT).send(new DisableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }));
    expect((await env.gd(MGMT).send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([]);
    // GuardDuty stays on in the former member.
    await detectorOf(env.gd(WORKLOAD));
    // Organizations still lists the account until DeregisterDelegatedAdministrator, so another one is refused.
    expect(env.sandbox.world.delegatedAdminsFor(GUARDDUTY_PRINCIPAL)).toEqual([AUDIT]);
    const other = env.gd(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: LOGS }));
    await expect(other).rejects.toMatchObject({ name: 'BadRequestException' });
  });
});

describe('GuardDuty organization configuration', () => {
  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html
  it('needs exactly one of AutoEnable and AutoEnableOrganizationMembers', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    const both = env.gd(AUDIT).send(
      new UpdateOrganizationConfigurationCommand({
        DetectorId: detectorId,
        AutoEnable: true,
        AutoEnableOrganizationMembers: 'ALL',
      }),
    );
    await expect(both).rejects.toMatchObject({ name: 'BadRequestException' });
    const neither = env
      .gd(AUDIT)
      .send(new UpdateOrganizationConfigurationCommand({ DetectorId: detectorId }));
    await expect(neither).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html (ALL
  // covers existing accounts, and can take time: knob `guardduty:auto-enable`)
  it('enrols every existing account after the auto-enable delay when set to ALL', async () => {
    const env = setup({ propagationDelayMs: { 'guardduty:auto-enable': 3_600_000 } });
    const detectorId = await withAdmin(env);
    await env.gd(AUDIT).send(
      new UpdateOrganizationConfigurationCommand({
        DetectorId: detectorId,
        AutoEnableOrganizationMembers: 'ALL',
        Features: [
          {
            Name: 'RUNTIME_MONITORING',
            AutoEnable: 'ALL',
            AdditionalConfiguration: [{ Name: 'ECS_FARGATE_AGENT_MANAGEMENT', AutoEnable: 'ALL' }],
          },
          { Name: 'S3_DATA_EVENTS', AutoEnable: 'ALL' },
        ],
      }),
    );
    expect((await env.gd(WORKLOAD).send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
    env.clock.advance(3_600_000);
    const members = await env.gd(AUDIT).send(new ListMembersCommand({ DetectorId: detectorId }));
    expect(members.Members?.map((m) => [m.AccountId, m.RelationshipStatus]).sort()).toEqual(
      [
        [MGMT, 'Enabled'],
        [LOGS, 'Enabled'],
        [WORKLOAD, 'Enabled'],
      ].sort(),
    );
    const det = await env
      .gd(WORKLOAD)
      .send(new GetDetectorCommand({ DetectorId: await detectorOf(env.gd(WORKLOAD)) }));
    expect(feature(det, 'RUNTIME_MONITORING')?.Status).toBe('ENABLED');
    const agents = feature(det, 'RUNTIME_MONITORING')?.AdditionalConfiguration;
    expect(agents?.find((a) => a.Name === 'ECS_FARGATE_AGENT_MANAGEMENT')?.Status).toBe('ENABLED');
    expect(feature(det, 'S3_DATA_EVENTS')?.Status).toBe('ENABLED');
    // Plans left at NONE are off in detectors the organization creates.
    expect(feature(det, 'EKS_AUDIT_LOGS')?.Status).toBe('DISABLED');
    const cfg = await env
      .gd(AUDIT)
      .send(new DescribeOrganizationConfigurationCommand({ DetectorId: detectorId }));
    expect(cfg.AutoEnableOrganizationMembers).toBe('ALL');
    expect(cfg.AutoEnable).toBe(true);
    expect(cfg.MemberAccountLimitReached).toBe(false);
    expect(cfg.Features?.find((f) => f.Name === 'S3_DATA_EVENTS')?.AutoEnable).toBe('ALL');
    expect(cfg.DataSources?.S3Logs?.AutoEnable).toBe(true);
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html (NEW
  // covers only accounts that join afterwards)
  it('enrols only accounts that join later when set to NEW', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    await env.gd(AUDIT).send(
      new UpdateOrganizationConfigurationCommand({
        DetectorId: detectorId,
        AutoEnableOrganizationMembers: 'NEW',
      }),
    );
    env.clock.advance(1000);
    join(env, '666666666666');
    const members = await env.gd(AUDIT).send(new ListMembersCommand({ DetectorId: detectorId }));
    expect(members.Members?.map((m) => m.AccountId)).toEqual(['666666666666']);
    expect((await env.gd(WORKLOAD).send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
    await detectorOf(env.gd('666666666666'));
  });

  // API_UpdateOrganizationConfiguration.html: NEW is for accounts that join the organization afterwards, so an
  // account that was already there when the setting was made (even at the same instant) stays out.
  it('does not treat an account present when NEW is set as new', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    env.clock.advance(1000);
    join(env, '777777777777');
    await env.gd(AUDIT).send(
      new UpdateOrganizationConfigurationCommand({
        DetectorId: detectorId,
        AutoEnableOrganizationMembers: 'NEW',
      }),
    );
    env.clock.advance(1000);
    const members = await env.gd(AUDIT).send(new ListMembersCommand({ DetectorId: detectorId }));
    expect(members.Members ?? []).toEqual([]);
    expect((await env.gd('777777777777').send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_OrganizationFeatureConfiguration.html (ALL
  // turns a plan on for existing members)
  it('turns a plan set to ALL on for existing members, without undoing later manual changes', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    const admin = env.gd(AUDIT);
    await admin.send(
      new CreateMembersCommand({
        DetectorId: detectorId,
        AccountDetails: [{ AccountId: WORKLOAD, Email: 'w@example.com' }],
      }),
    );
    const memberDetector = await detectorOf(env.gd(WORKLOAD));
    let det = await env.gd(WORKLOAD).send(new GetDetectorCommand({ DetectorId: memberDetector }));
    expect(feature(det, 'RDS_LOGIN_EVENTS')?.Status).toBe('DISABLED');
    env.clock.advance(1000);
    await admin.send(
      new UpdateOrganizationConfigurationCommand({
        DetectorId: detectorId,
        AutoEnableOrganizationMembers: 'NEW',
        Features: [{ Name: 'RDS_LOGIN_EVENTS', AutoEnable: 'ALL' }],
      }),
    );
    det = await env.gd(WORKLOAD).send(new GetDetectorCommand({ DetectorId: memberDetector }));
    expect(feature(det, 'RDS_LOGIN_EVENTS')?.Status).toBe('ENABLED');
    env.clock.advance(1000);
    await env.gd(WORKLOAD).send(
      new UpdateDetectorCommand({
        DetectorId: memberDetector,
        Features: [{ Name: 'RDS_LOGIN_EVENTS', Status: 'DISABLED' }],
      }),
    );
    det = await env.gd(WORKLOAD).send(new GetDetectorCommand({ DetectorId: memberDetector }));
    expect(feature(det, 'RDS_LOGIN_EVENTS')?.Status).toBe('DISABLED');
    const view = await admin.send(
      new GetMemberDetectorsCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD, LOGS] }),
    );
    expect(
      view.MemberDataSourceConfigurations?.[0]?.Features?.find((f) => f.Name === 'RDS_LOGIN_EVENTS')?.Status,
    ).toBe('DISABLED');
    expect(view.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([LOGS]);
  });
});

describe('GuardDuty members', () => {
  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateMembers.html (1–50 accounts a call)
  it('takes at most 50 accounts a call', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    const details = Array.from({ length: 51 }, (_, i) => ({
      AccountId: String(100000000000 + i),
      Email: `m${i}@example.com`,
    }));
    const call = env
      .gd(AUDIT)
      .send(new CreateMembersCommand({ DetectorId: detectorId, AccountDetails: details }));
    await expect(call).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateMembers.html (the delegated admin's
  // CreateMembers enables GuardDuty in organization accounts; other accounts start the invitation flow)
  it('enables organization accounts and leaves outside accounts at Created', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    const out = await env.gd(AUDIT).send(
      new CreateMembersCommand({
        DetectorId: detectorId,
        AccountDetails: [
          { AccountId: WORKLOAD, Email: 'w@example.com' },
          { AccountId: OUTSIDER, Email: 'o@example.com' },
          { AccountId: AUDIT, Email: 'a@example.com' },
        ],
      }),
    );
    expect(out.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([AUDIT]);
    const got = await env
      .gd(AUDIT)
      .send(new GetMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD, OUTSIDER, LOGS] }));
    const status = Object.fromEntries(got.Members?.map((m) => [m.AccountId, m.RelationshipStatus]) ?? []);
    expect(status).toEqual({ [WORKLOAD]: 'Enabled', [OUTSIDER]: 'Created' });
    expect(got.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([LOGS]);
    const memberDetector = await detectorOf(env.gd(WORKLOAD));
    expect(got.Members?.find((m) => m.AccountId === WORKLOAD)?.DetectorId).toBe(memberDetector);
    expect((await env.gd(OUTSIDER).send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
    const again = await env.gd(AUDIT).send(
      new CreateMembersCommand({
        DetectorId: detectorId,
        AccountDetails: [{ AccountId: WORKLOAD, Email: 'w@example.com' }],
      }),
    );
    expect(again.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([WORKLOAD]);
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetAdministratorAccount.html
  it('tells a member who its administrator is, and an administrator nothing', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    await env.gd(AUDIT).send(
      new CreateMembersCommand({
        DetectorId: detectorId,
        AccountDetails: [{ AccountId: WORKLOAD, Email: 'w@example.com' }],
      }),
    );
    const member = await env
      .gd(WORKLOAD)
      .send(new GetAdministratorAccountCommand({ DetectorId: await detectorOf(env.gd(WORKLOAD)) }));
    expect(member.Administrator).toMatchObject({ AccountId: AUDIT, RelationshipStatus: 'Enabled' });
    const admin = await env.gd(AUDIT).send(new GetAdministratorAccountCommand({ DetectorId: detectorId }));
    expect(admin.Administrator).toBeUndefined();
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DisassociateMembers.html (error under ALL)
  it('refuses to disassociate, stop or delete organization members while auto-enable is ALL', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    const admin = env.gd(AUDIT);
    await admin.send(
      new UpdateOrganizationConfigurationCommand({
        DetectorId: detectorId,
        AutoEnableOrganizationMembers: 'ALL',
      }),
    );
    const attempts = [
      () => admin.send(new DisassociateMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD] })),
      () => admin.send(new StopMonitoringMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD] })),
      () => admin.send(new DeleteMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD] })),
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({ name: 'BadRequestException' });
    }
  });

  // https://docs.aws.amazon.com/guardduty/latest/ug/disassociate-remove-member-account-from-admin.html and
  // https://docs.aws.amazon.com/guardduty/latest/ug/delete-member-accounts-guardduty-organization.html
  it('disassociates members (GuardDuty stays on) and deletes only disassociated ones', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    const admin = env.gd(AUDIT);
    await admin.send(
      new UpdateOrganizationConfigurationCommand({
        DetectorId: detectorId,
        AutoEnableOrganizationMembers: 'NEW',
      }),
    );
    await admin.send(
      new CreateMembersCommand({
        DetectorId: detectorId,
        AccountDetails: [{ AccountId: WORKLOAD, Email: 'w@example.com' }],
      }),
    );
    const early = await admin.send(
      new DeleteMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD] }),
    );
    expect(early.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([WORKLOAD]);
    await admin.send(new DisassociateMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD] }));
    expect((await admin.send(new ListMembersCommand({ DetectorId: detectorId }))).Members).toEqual([]);
    const all = await admin.send(new ListMembersCommand({ DetectorId: detectorId, OnlyAssociated: 'false' }));
    expect(all.Members?.map((m) => [m.AccountId, m.RelationshipStatus])).toEqual([[WORKLOAD, 'Removed']]);
    const det = await env
      .gd(WORKLOAD)
      .send(new GetDetectorCommand({ DetectorId: await detectorOf(env.gd(WORKLOAD)) }));
    expect(det.Status).toBe('ENABLED');
    await admin.send(new DeleteMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD] }));
    const none = await admin.send(
      new ListMembersCommand({ DetectorId: detectorId, OnlyAssociated: 'false' }),
    );
    expect(none.Members).toEqual([]);
    // NEW does not bring back an account the administrator removed.
    env.clock.advance(1000);
    expect(
      (await admin.send(new ListMembersCommand({ DetectorId: detectorId, OnlyAssociated: 'false' }))).Members,
    ).toEqual([]);
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_StopMonitoringMembers.html
  it('stops and restarts monitoring of a member', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    const admin = env.gd(AUDIT);
    await admin.send(
      new CreateMembersCommand({
        DetectorId: detectorId,
        AccountDetails: [{ AccountId: WORKLOAD, Email: 'w@example.com' }],
      }),
    );
    const memberDetector = await detectorOf(env.gd(WORKLOAD));
    await admin.send(new StopMonitoringMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD] }));
    let det = await env.gd(WORKLOAD).send(new GetDetectorCommand({ DetectorId: memberDetector }));
    expect(det.Status).toBe('DISABLED');
    await admin.send(new StartMonitoringMembersCommand({ DetectorId: detectorId, AccountIds: [WORKLOAD] }));
    det = await env.gd(WORKLOAD).send(new GetDetectorCommand({ DetectorId: memberDetector }));
    expect(det.Status).toBe('ENABLED');
  });

  // https://docs.aws.amazon.com/guardduty/latest/ug/administrator_member_relationships.html (an organization
  // member cannot suspend or disable GuardDuty itself)
  it('does not let an organization member suspend or delete its own detector', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    await env.gd(AUDIT).send(
      new CreateMembersCommand({
        DetectorId: detectorId,
        AccountDetails: [{ AccountId: WORKLOAD, Email: 'w@example.com' }],
      }),
    );
    const memberDetector = await detectorOf(env.gd(WORKLOAD));
    await expect(
      env.gd(WORKLOAD).send(new UpdateDetectorCommand({ DetectorId: memberDetector, Enable: false })),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(
      env.gd(WORKLOAD).send(new DeleteDetectorCommand({ DetectorId: memberDetector })),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
    });
    await expect(
      env.gd(AUDIT).send(new DeleteDetectorCommand({ DetectorId: detectorId })),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
    });
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateMemberDetectors.html
  it('lets the administrator change protection plans of associated members only', async () => {
    const env = setup();
    const detectorId = await withAdmin(env);
    const admin = env.gd(AUDIT);
    await admin.send(
      new CreateMembersCommand({
        DetectorId: detectorId,
        AccountDetails: [{ AccountId: WORKLOAD, Email: 'w@example.com' }],
      }),
    );
    const out = await admin.send(
      new UpdateMemberDetectorsCommand({
        DetectorId: detectorId,
        AccountIds: [WORKLOAD, LOGS],
        Features: [{ Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' }],
      }),
    );
    expect(out.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([LOGS]);
    const det = await env
      .gd(WORKLOAD)
      .send(new GetDetectorCommand({ DetectorId: await detectorOf(env.gd(WORKLOAD)) }));
    expect(feature(det, 'LAMBDA_NETWORK_LOGS')?.Status).toBe('ENABLED');
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListMembers.html (MaxResults ≤ 50)
  it('pages members by at most 50', async () => {
    const extra = Array.from({ length: 60 }, (_, i) => ({ id: String(700000000000 + i) }));
    const env = setup({}, extra);
    const detectorId = await withAdmin(env);
    const admin = env.gd(AUDIT);
    for (let i = 0; i < extra.length; i += 50) {
      const batch = extra.slice(i, i + 50).map((a) => ({ AccountId: a.id, Email: `${a.id}@example.com` }));
      await admin.send(new CreateMembersCommand({ DetectorId: detectorId, AccountDetails: batch }));
    }
    await expect(
      admin.send(new ListMembersCommand({ DetectorId: detectorId, MaxResults: 51 })),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
    });
    const sizes: number[] = [];
    for await (const page of paginateListMembers({ client: admin }, { DetectorId: detectorId })) {
      sizes.push(page.Members?.length ?? 0);
    }
    expect(sizes).toEqual([50, 10]);
  });
});

describe('GuardDuty publishing destinations', () => {
  const bucket = 'sra-findings-333333333333';
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const someKeyArn = `arn:aws:kms:${REGION}:${LOGS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

  /** A bucket and key in LOGS; `admitGuardDuty` decides whether their policies let GuardDuty in. */
  async function destination(
    env: ReturnType<typeof setup>,
    admitGuardDuty: boolean,
    keyRegion = REGION,
  ): Promise<string> {
    const orgId = env.sandbox.world.organization!.id;
    const services = admitGuardDuty ? ['guardduty.amazonaws.com'] : ['cloudtrail.amazonaws.com'];
    const s3 = env.as(S3Client, LOGS, REGION);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: services },
              Action: ['s3:GetBucketLocation', 's3:PutObject'],
              Resource: [bucketArn, `${bucketArn}/*`],
              Condition: { StringEquals: { 'aws:SourceOrgID': orgId } },
            },
          ],
        }),
      }),
    );
    const key = await env.as(KMSClient, LOGS, keyRegion).send(
      new CreateKeyCommand({
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${LOGS}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
            {
              Effect: 'Allow',
              Principal: { Service: services },
              Action: 'kms:GenerateDataKey*',
              Resource: '*',
              Condition: { StringEquals: { 'aws:SourceAccount': AUDIT } },
            },
          ],
        }),
      }),
    );
    return key.KeyMetadata!.Arn!;
  }

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DestinationProperties.html
  it('validates the bucket and key ARNs', async () => {
    const env = setup();
    const { DetectorId } = await env.gd(AUDIT).send(new CreateDetectorCommand({ Enable: true }));
    for (const props of [
      { DestinationArn: 'sra-findings', KmsKeyArn: someKeyArn },
      { DestinationArn: bucketArn, KmsKeyArn: 'alias/sra-logs' },
      { DestinationArn: bucketArn },
    ]) {
      const call = env.gd(AUDIT).send(
        new CreatePublishingDestinationCommand({
          DetectorId,
          DestinationType: 'S3',
          DestinationProperties: props,
        }),
      );
      await expect(call).rejects.toMatchObject({ name: 'BadRequestException' });
    }
  });

  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DescribePublishingDestination.html
  // (PENDING_VERIFICATION → PUBLISHING; knob `guardduty:publishing`) and
  // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html (bucket and key policies)
  it('verifies a new destination before publishing, and lists and deletes it', async () => {
    const env = setup({ propagationDelayMs: { 'guardduty:publishing': 30_000 } });
    const keyArn = await destination(env, true);
    const gd = env.gd(AUDIT);
    const { DetectorId } = await gd.send(new CreateDetectorCommand({ Enable: true }));
    const { DestinationId } = await gd.send(
      new CreatePublishingDestinationCommand({
        DetectorId,
        DestinationType: 'S3',
        DestinationProperties: { DestinationArn: `${bucketArn}/guardduty`, KmsKeyArn: keyArn },
      }),
    );
    let d = await gd.send(new DescribePublishingDestinationCommand({ DetectorId, DestinationId }));
    expect(d.Status).toBe('PENDING_VERIFICATION');
    env.clock.advance(30_000);
    d = await gd.send(new DescribePublishingDestinationCommand({ DetectorId, DestinationId }));
    expect(d.Status).toBe('PUBLISHING');
    expect(d.PublishingFailureStartTimestamp).toBe(0);
    expect(d.DestinationProperties).toMatchObject({
      DestinationArn: `${bucketArn}/guardduty`,
      KmsKeyArn: keyArn,
    });
    const second = gd.send(
      new CreatePublishingDestinationCommand({
        DetectorId,
        DestinationType: 'S3',
        DestinationProperties: { DestinationArn: bucketArn, KmsKeyArn: keyArn },
      }),
    );
    await expect(second).rejects.toMatchObject({ name: 'BadRequestException' });
    const listed = await gd.send(new ListPublishingDestinationsCommand({ DetectorId }));
    expect(listed.Destinations).toEqual([{ DestinationId, DestinationType: 'S3', Status: 'PUBLISHING' }]);
    await gd.send(new DeletePublishingDestinationCommand({ DetectorId, DestinationId }));
    expect((await gd.send(new ListPublishingDestinationsCommand({ DetectorId }))).Destinations).toEqual([]);
  });

  // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html (policies must admit
  // GuardDuty; bucket and key in the same Region)
  it('cannot publish when the policies do not admit GuardDuty or the key is in another Region', async () => {
    for (const [admit, keyRegion] of [
      [false, REGION],
      [true, 'eu-west-1'],
    ] as const) {
      const env = setup();
      const keyArn = await destination(env, admit, keyRegion);
      const gd = env.gd(AUDIT);
      const { DetectorId } = await gd.send(new CreateDetectorCommand({ Enable: true }));
      const { DestinationId } = await gd.send(
        new CreatePublishingDestinationCommand({
          DetectorId,
          DestinationType: 'S3',
          DestinationProperties: { DestinationArn: bucketArn, KmsKeyArn: keyArn },
        }),
      );
      const d = await gd.send(new DescribePublishingDestinationCommand({ DetectorId, DestinationId }));
      expect(d.Status).toBe('UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY');
      expect(d.PublishingFailureStartTimestamp).toBeGreaterThan(0);
    }
  });
});
