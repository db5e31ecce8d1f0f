import { describe, expect, it } from 'vitest';
import {
  AssociateMemberCommand,
  BatchGetAccountStatusCommand,
  ConflictException,
  DescribeOrganizationConfigurationCommand,
  DisableCommand,
  DisableDelegatedAdminAccountCommand,
  DisassociateMemberCommand,
  EnableCommand,
  EnableDelegatedAdminAccountCommand,
  GetDelegatedAdminAccountCommand,
  GetMemberCommand,
  Inspector2Client,
  ListDelegatedAdminAccountsCommand,
  ListMembersCommand,
  UpdateOrganizationConfigurationCommand,
  type ResourceScanType,
} from '@aws-sdk/client-inspector2';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';
import {
  INSPECTOR_MAX_MEMBERS,
  INSPECTOR_PRINCIPAL,
  inspectorService,
  inspectorState,
} from '../../src/sandbox/services/inspector.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';

const ALL_SCANS: ResourceScanType[] = ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'];

function setup(knobs: SandboxKnobs = {}) {
  const env = orgSandbox([inspectorService], knobs);
  const insp = (account: string, region = 'us-east-1') => env.as(Inspector2Client, account, region);
  /** Management account designates AUDIT; AUDIT enables Inspector for itself. */
  const delegate = async (region = 'us-east-1', enableSelf = true) => {
    await insp(MGMT, region).send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: AUDIT }));
    if (enableSelf) await insp(AUDIT, region).send(new EnableCommand({ resourceTypes: ALL_SCANS }));
  };
  const join = (id: string) => {
    env.sandbox.world.accounts.set(id, {
      id,
      name: `new-${id}`,
      email: `${id}@example.com`,
      status: 'ACTIVE',
      parentId: env.sandbox.world.organization!.rootId,
      joinedMethod: 'CREATED',
      joinedAt: env.clock.now(),
      enabledRegions: new Set(['us-east-1']),
      assumableRoles: new Set(),
      tags: {},
    });
  };
  return { ...env, insp, delegate, join };
}

describe('Amazon Inspector sandbox', () => {
  // https://docs.aws.amazon.com/inspector/v2/APIReference/API_BatchGetAccountStatus.html
  it('reports every scan type DISABLED before Inspector is enabled', async () => {
    const { insp } = setup();
    const { accounts } = await insp(WORKLOAD).send(new BatchGetAccountStatusCommand({}));
    expect(accounts?.[0]).toMatchObject({
      accountId: WORKLOAD,
      state: { status: 'DISABLED' },
      resourceState: {
        ec2: { status: 'DISABLED' },
        ecr: { status: 'DISABLED' },
        lambdaCode: { status: 'DISABLED' },
      },
    });
  });

  // https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
  it('enables scan types for the calling account and validates resource types', async () => {
    const { insp } = setup();
    const res = await insp(WORKLOAD).send(new EnableCommand({ resourceTypes: ['EC2', 'ECR'] }));
    expect(res.accounts?.[0]).toMatchObject({
      status: 'ENABLED',
      resourceStatus: { ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'DISABLED' },
    });
    await expect(insp(WORKLOAD).send(new EnableCommand({ resourceTypes: [] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      insp(WORKLOAD).send(new EnableCommand({ resourceTypes: ['RDS' as ResourceScanType] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    // Disabling the last scan type disables the account.
    await insp(WORKLOAD).send(new DisableCommand({}));
    const { accounts } = await insp(WORKLOAD).send(new BatchGetAccountStatusCommand({}));
    expect(accounts?.[0]?.state?.status).toBe('DISABLED');
  });

  // https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html
  it('lets only the management account designate an active member, and shows it to members', async () => {
    const { insp, sandbox } = setup();
    await expect(
      insp(AUDIT).send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: AUDIT })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    await expect(
      insp(MGMT).send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: OUTSIDER })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      insp(MGMT).send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: MGMT })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await insp(MGMT).send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: AUDIT }));
    expect((await insp(MGMT).send(new ListDelegatedAdminAccountsCommand({}))).delegatedAdminAccounts).toEqual(
      [{ accountId: AUDIT, status: 'ENABLED' }],
    );
    await expect(insp(WORKLOAD).send(new GetDelegatedAdminAccountCommand({}))).resolves.toMatchObject({
      delegatedAdmin: { accountId: AUDIT, relationshipStatus: 'ENABLED' },
    });
    expect(sandbox.world.delegatedAdminsFor(INSPECTOR_PRINCIPAL)).toEqual([AUDIT]);
    // Per Region: nothing designated in eu-west-1 yet.
    expect(
      await insp(WORKLOAD, 'eu-west-1').send(new GetDelegatedAdminAccountCommand({})),
    ).not.toHaveProperty('delegatedAdmin');
    // maxResults above 5 is invalid.
    await expect(
      insp(MGMT).send(new ListDelegatedAdminAccountsCommand({ maxResults: 6 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  // https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html (one administrator in all Regions)
  it('refuses a second delegated administrator in the same or another Region', async () => {
    const { insp, delegate } = setup();
    await delegate();
    await expect(
      insp(MGMT).send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: LOGS })),
    ).rejects.toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 } });
    await expect(
      insp(MGMT).send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: LOGS })),
    ).rejects.toBeInstanceOf(ConflictException);
    await expect(
      insp(MGMT, 'eu-west-1').send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: LOGS })),
    ).rejects.toMatchObject({ name: 'ConflictException' });
  });

  // https://github.com/schubergphilis/terraform-aws-mcaf-landing-zone/pull/200 ("Invoking account is not enabled")
  it('serves the organization configuration to an enabled delegated administrator only', async () => {
    const { insp, delegate } = setup();
    await delegate('us-east-1', false);
    const update = new UpdateOrganizationConfigurationCommand({
      autoEnable: { ec2: true, ecr: true, lambda: true, lambdaCode: true },
    });
    await expect(insp(AUDIT).send(update)).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Invoking account is not enabled',
    });
    await insp(AUDIT).send(new EnableCommand({ resourceTypes: ['EC2'] }));
    await expect(insp(WORKLOAD).send(update)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await insp(AUDIT).send(update);
    await expect(insp(AUDIT).send(new DescribeOrganizationConfigurationCommand({}))).resolves.toMatchObject({
      autoEnable: { ec2: true, ecr: true, lambda: true, lambdaCode: true },
      maxAccountLimitReached: false,
    });
  });

  // https://docs.aws.amazon.com/inspector/v2/APIReference/API_AssociateMember.html, API_Enable.html
  it('lets the administrator enable scans for associated members only', async () => {
    const { insp, delegate } = setup();
    await delegate();
    await expect(insp(AUDIT).send(new AssociateMemberCommand({ accountId: OUTSIDER }))).rejects.toMatchObject(
      { name: 'ValidationException' },
    );
    await insp(AUDIT).send(new AssociateMemberCommand({ accountId: WORKLOAD }));
    const res = await insp(AUDIT).send(
      new EnableCommand({ accountIds: [WORKLOAD, LOGS], resourceTypes: ['EC2', 'LAMBDA'] }),
    );
    expect(res.accounts?.map((a) => [a.accountId, a.resourceStatus?.ec2])).toEqual([[WORKLOAD, 'ENABLED']]);
    expect(res.failedAccounts).toEqual([
      expect.objectContaining({ accountId: LOGS, errorCode: 'ACCESS_DENIED' }),
    ]);
    const status = await insp(AUDIT).send(new BatchGetAccountStatusCommand({ accountIds: [WORKLOAD] }));
    expect(status.accounts?.[0]?.resourceState?.lambda?.status).toBe('ENABLED');
    // A member cannot read another account's status.
    const peek = await insp(WORKLOAD).send(new BatchGetAccountStatusCommand({ accountIds: [AUDIT] }));
    expect(peek.failedAccounts?.[0]?.errorCode).toBe('ACCESS_DENIED');
  });

  // https://github.com/hashicorp/terraform-provider-aws/issues/27639 (members cannot disable themselves)
  it('refuses a member disabling itself and an administrator disabling itself while it has members', async () => {
    const { insp, delegate } = setup();
    await delegate();
    await insp(AUDIT).send(new AssociateMemberCommand({ accountId: WORKLOAD }));
    await insp(AUDIT).send(new EnableCommand({ accountIds: [WORKLOAD], resourceTypes: ['EC2'] }));
    await expect(insp(WORKLOAD).send(new DisableCommand({ resourceTypes: ['EC2'] }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    const res = await insp(AUDIT).send(new DisableCommand({}));
    expect(res.failedAccounts?.[0]).toMatchObject({
      accountId: AUDIT,
      errorCode: 'DISASSOCIATE_ALL_MEMBERS',
    });
    // The administrator can turn off its members' scans.
    const off = await insp(AUDIT).send(new DisableCommand({ accountIds: [WORKLOAD] }));
    expect(off.accounts?.[0]).toMatchObject({ accountId: WORKLOAD, status: 'DISABLED' });
  });

  // https://docs.aws.amazon.com/inspector/v2/APIReference/API_UpdateOrganizationConfiguration.html (new accounts)
  it('auto-enables the configured scan types for accounts that join later, not for existing ones', async () => {
    const { insp, delegate, join, clock } = setup();
    await delegate();
    await insp(AUDIT).send(
      new UpdateOrganizationConfigurationCommand({ autoEnable: { ec2: true, ecr: false, lambda: true } }),
    );
    clock.advance(1000);
    join('555555555555');
    const { members } = await insp(AUDIT).send(new ListMembersCommand({}));
    expect(members?.map((m) => m.accountId)).toEqual(['555555555555']);
    const { accounts } = await insp(AUDIT).send(
      new BatchGetAccountStatusCommand({ accountIds: ['555555555555'] }),
    );
    expect(accounts?.[0]?.resourceState).toMatchObject({
      ec2: { status: 'ENABLED' },
      ecr: { status: 'DISABLED' },
      lambda: { status: 'ENABLED' },
    });
    const existing = await insp(WORKLOAD).send(new BatchGetAccountStatusCommand({}));
    expect(existing.accounts?.[0]?.state?.status).toBe('DISABLED');
  });

  // https://docs.aws.amazon.com/inspector/v2/APIReference/API_ListMembers.html, API_GetMember.html
  it('disassociates members and lists all organization accounts with onlyAssociated=false', async () => {
    const { insp, delegate } = setup();
    await delegate();
    await insp(AUDIT).send(new AssociateMemberCommand({ accountId: WORKLOAD }));
    await insp(AUDIT).send(new DisassociateMemberCommand({ accountId: WORKLOAD }));
    expect((await insp(AUDIT).send(new ListMembersCommand({}))).members).toEqual([]);
    const all = await insp(AUDIT).send(new ListMembersCommand({ onlyAssociated: false }));
    expect(all.members?.map((m) => [m.accountId, m.relationshipStatus])).toEqual([
      [MGMT, 'CREATED'],
      [LOGS, 'CREATED'],
      [WORKLOAD, 'REMOVED'],
    ]);
    await expect(insp(AUDIT).send(new DisassociateMemberCommand({ accountId: LOGS }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(insp(AUDIT).send(new GetMemberCommand({ accountId: LOGS }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  // https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html (removal keeps scans running)
  it('removing the administrator leaves members standalone with their scans running', async () => {
    const { insp, delegate, sandbox } = setup();
    await delegate();
    await insp(AUDIT).send(new AssociateMemberCommand({ accountId: WORKLOAD }));
    await insp(AUDIT).send(new EnableCommand({ accountIds: [WORKLOAD], resourceTypes: ['ECR'] }));
    await expect(
      insp(MGMT).send(new DisableDelegatedAdminAccountCommand({ delegatedAdminAccountId: LOGS })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await insp(MGMT).send(new DisableDelegatedAdminAccountCommand({ delegatedAdminAccountId: AUDIT }));
    expect(sandbox.world.delegatedAdminsFor(INSPECTOR_PRINCIPAL)).toEqual([]);
    const own = await insp(WORKLOAD).send(new BatchGetAccountStatusCommand({}));
    expect(own.accounts?.[0]?.resourceState?.ecr?.status).toBe('ENABLED');
    // Now standalone, the former member may switch itself off.
    await expect(insp(WORKLOAD).send(new DisableCommand({}))).resolves.toBeDefined();
  });

  // https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html (10,000 members)
  it('enforces the member limit', async () => {
    const { insp, delegate, sandbox, clock } = setup();
    await delegate();
    const members = inspectorState(sandbox.world, AUDIT, 'us-east-1').members;
    for (let i = 0; i < INSPECTOR_MAX_MEMBERS; i++) {
      members.set(String(100000000000 + i), { associated: true, updatedAt: clock.now() });
    }
    await expect(insp(AUDIT).send(new DescribeOrganizationConfigurationCommand({}))).resolves.toMatchObject({
      maxAccountLimitReached: true,
    });
    await expect(insp(AUDIT).send(new AssociateMemberCommand({ accountId: WORKLOAD }))).rejects.toMatchObject(
      {
        name: 'ServiceQuotaExceededException',
        $metadata: { httpStatusCode: 402 },
      },
    );
  });

  // Propagation knobs documented in the service file header.
  it('honours the inspector2:admin and inspector2:scan propagation delays', async () => {
    const { insp, clock } = setup({
      propagationDelayMs: { 'inspector2:admin': 60_000, 'inspector2:scan': 20_000 },
    });
    await insp(MGMT).send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: AUDIT }));
    const enabled = await insp(AUDIT).send(new EnableCommand({ resourceTypes: ['EC2'] }));
    expect(enabled.accounts?.[0]?.status).toBe('ENABLING');
    await expect(insp(AUDIT).send(new DescribeOrganizationConfigurationCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    clock.advance(60_000);
    await expect(insp(AUDIT).send(new DescribeOrganizationConfigurationCommand({}))).resolves.toBeDefined();
    const { accounts } = await insp(AUDIT).send(new BatchGetAccountStatusCommand({}));
    expect(accounts?.[0]?.state?.status).toBe('ENABLED');
  });
});
