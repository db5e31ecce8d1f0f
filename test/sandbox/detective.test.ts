import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  CreateGraphCommand,
  CreateMembersCommand,
  DeleteGraphCommand,
  DeleteMembersCommand,
  DescribeOrganizationConfigurationCommand,
  DetectiveClient,
  DisableOrganizationAdminAccountCommand,
  DisassociateMembershipCommand,
  EnableOrganizationAdminAccountCommand,
  GetMembersCommand,
  ListDatasourcePackagesCommand,
  ListGraphsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  ListTagsForResourceCommand,
  UpdateDatasourcePackagesCommand,
  UpdateOrganizationConfigurationCommand,
  type DatasourcePackage,
} from '@aws-sdk/client-detective';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';
import {
  DETECTIVE_GUARDDUTY_TENURE_MS,
  DETECTIVE_MAX_MEMBERS,
  DETECTIVE_PRINCIPAL,
  detectiveService,
  detectiveState,
} from '../../src/sandbox/services/detective.js';
import { seedGuardDutyDetector } from '../../src/sandbox/services/guardduty.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';

const GRAPH = /^arn:aws:detective:us-east-1:(\d{12}):graph:[a-f\d]{32}$/;

function setup(knobs: SandboxKnobs = {}) {
  const env = orgSandbox([detectiveService], knobs);
  const det = (account: string, region = 'us-east-1') => env.as(DetectiveClient, account, region);
  /** GuardDuty on since long ago (well past 48 hours) for these accounts. */
  const guardDuty = (...accounts: string[]) => {
    for (const a of accounts) seedGuardDutyDetector(env.sandbox.world, a, 'us-east-1', { at: 0 });
  };
  /** Designates AUDIT and returns its organization graph ARN. */
  const delegate = async () => {
    await det(MGMT).send(new EnableOrganizationAdminAccountCommand({ AccountId: AUDIT }));
    const { GraphList } = await det(AUDIT).send(new ListGraphsCommand({}));
    return GraphList![0]!.Arn!;
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
  return { ...env, det, guardDuty, delegate, join };
}

describe('Amazon Detective sandbox', () => {
  // https://docs.aws.amazon.com/detective/latest/APIReference/API_CreateGraph.html (GuardDuty for 48 hours)
  it('creates a graph only after GuardDuty has been on for 48 hours, and returns the same graph again', async () => {
    const { det, sandbox, clock } = setup();
    await expect(det(WORKLOAD).send(new CreateGraphCommand({}))).rejects.toBeInstanceOf(
      AccessDeniedException,
    );
    seedGuardDutyDetector(sandbox.world, WORKLOAD, 'us-east-1', { at: clock.now() });
    await expect(det(WORKLOAD).send(new CreateGraphCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    clock.advance(DETECTIVE_GUARDDUTY_TENURE_MS);
    const first = await det(WORKLOAD).send(new CreateGraphCommand({ Tags: { team: 'sec' } }));
    expect(first.GraphArn).toMatch(GRAPH);
    const again = await det(WORKLOAD).send(new CreateGraphCommand({}));
    expect(again.GraphArn).toBe(first.GraphArn);
    const { GraphList } = await det(WORKLOAD).send(new ListGraphsCommand({}));
    expect(GraphList?.map((g) => g.Arn)).toEqual([first.GraphArn]);
    await expect(
      det(WORKLOAD).send(new ListTagsForResourceCommand({ ResourceArn: first.GraphArn })),
    ).resolves.toMatchObject({
      Tags: { team: 'sec' },
    });
  });

  // https://docs.aws.amazon.com/detective/latest/APIReference/API_DeleteGraph.html
  it('deletes a graph and rejects unknown or malformed graph ARNs', async () => {
    const { det, guardDuty } = setup();
    guardDuty(WORKLOAD, LOGS);
    const { GraphArn } = await det(WORKLOAD).send(new CreateGraphCommand({}));
    await expect(det(LOGS).send(new DeleteGraphCommand({ GraphArn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(det(WORKLOAD).send(new DeleteGraphCommand({ GraphArn: 'arn:bogus' }))).rejects.toMatchObject(
      {
        name: 'ValidationException',
      },
    );
    await det(WORKLOAD).send(new DeleteGraphCommand({ GraphArn }));
    expect((await det(WORKLOAD).send(new ListGraphsCommand({}))).GraphList).toEqual([]);
  });

  // https://docs.aws.amazon.com/detective/latest/adminguide/accounts-designate-admin.html
  it('lets the management account designate the Detective administrator, creating the organization graph', async () => {
    const { det, delegate, sandbox } = setup();
    await expect(
      det(AUDIT).send(new EnableOrganizationAdminAccountCommand({ AccountId: AUDIT })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(
      det(MGMT).send(new EnableOrganizationAdminAccountCommand({ AccountId: OUTSIDER })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const graphArn = await delegate();
    expect(graphArn).toMatch(GRAPH);
    const { Administrators } = await det(MGMT).send(new ListOrganizationAdminAccountsCommand({}));
    expect(Administrators).toEqual([expect.objectContaining({ AccountId: AUDIT, GraphArn: graphArn })]);
    expect(sandbox.world.delegatedAdminsFor(DETECTIVE_PRINCIPAL)).toEqual([AUDIT]);
    // With a delegated administrator registered, another member cannot be chosen.
    await expect(
      det(MGMT, 'eu-west-1').send(new EnableOrganizationAdminAccountCommand({ AccountId: LOGS })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  // https://docs.aws.amazon.com/detective/latest/adminguide/accounts-designate-admin.html (management account)
  it('lets the management account choose itself without becoming a delegated administrator', async () => {
    const { det, sandbox } = setup();
    await det(MGMT).send(new EnableOrganizationAdminAccountCommand({ AccountId: MGMT }));
    expect(sandbox.world.delegatedAdminsFor(DETECTIVE_PRINCIPAL)).toEqual([]);
    const { GraphList } = await det(MGMT).send(new ListGraphsCommand({}));
    expect(GraphList).toHaveLength(1);
  });

  // https://docs.aws.amazon.com/detective/latest/adminguide/accounts-orgs-transition.html (existing graph reused)
  it('turns the administrator’s existing graph into the organization graph', async () => {
    const { det, guardDuty, delegate } = setup();
    guardDuty(AUDIT);
    const { GraphArn } = await det(AUDIT).send(new CreateGraphCommand({}));
    expect(await delegate()).toBe(GraphArn);
  });

  // https://docs.aws.amazon.com/detective/latest/APIReference/API_UpdateOrganizationConfiguration.html
  it('serves the organization configuration to the Detective administrator only', async () => {
    const { det, delegate } = setup();
    const GraphArn = await delegate();
    await expect(
      det(WORKLOAD).send(new DescribeOrganizationConfigurationCommand({ GraphArn })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    await det(AUDIT).send(new UpdateOrganizationConfigurationCommand({ GraphArn, AutoEnable: true }));
    await expect(
      det(AUDIT).send(new DescribeOrganizationConfigurationCommand({ GraphArn })),
    ).resolves.toMatchObject({
      AutoEnable: true,
    });
  });

  // https://docs.aws.amazon.com/detective/latest/APIReference/API_CreateMembers.html,
  // https://docs.aws.amazon.com/detective/latest/adminguide/graph-admin-unblock-account.html
  it('enables organization accounts, invites outsiders, and holds back accounts without 48 hours of GuardDuty', async () => {
    const { det, delegate, guardDuty } = setup();
    guardDuty(WORKLOAD);
    const GraphArn = await delegate();
    const res = await det(AUDIT).send(
      new CreateMembersCommand({
        GraphArn,
        Accounts: [
          { AccountId: WORKLOAD, EmailAddress: 'w@example.com' },
          { AccountId: LOGS, EmailAddress: 'l@example.com' },
          { AccountId: OUTSIDER, EmailAddress: 'o@example.com' },
          { AccountId: AUDIT, EmailAddress: 'a@example.com' },
        ],
      }),
    );
    expect(res.Members?.map((m) => [m.AccountId, m.InvitationType, m.Status])).toEqual([
      [WORKLOAD, 'ORGANIZATION', 'ENABLED'],
      [LOGS, 'ORGANIZATION', 'ACCEPTED_BUT_DISABLED'],
      [OUTSIDER, 'INVITATION', 'INVITED'],
    ]);
    expect(res.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([AUDIT]);
    const dup = await det(AUDIT).send(
      new CreateMembersCommand({
        GraphArn,
        Accounts: [{ AccountId: WORKLOAD, EmailAddress: 'w@example.com' }],
      }),
    );
    expect(dup.UnprocessedAccounts?.[0]?.AccountId).toBe(WORKLOAD);
    const tooMany = Array.from({ length: 51 }, (_, i) => ({
      AccountId: String(100000000000 + i),
      EmailAddress: 'x@example.com',
    }));
    await expect(
      det(AUDIT).send(new CreateMembersCommand({ GraphArn, Accounts: tooMany })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  // https://docs.aws.amazon.com/detective/latest/userguide/accounts-orgs-members.html (new accounts only)
  it('auto-enables accounts that join later, not existing ones', async () => {
    const { det, delegate, join, clock } = setup();
    const GraphArn = await delegate();
    await det(AUDIT).send(new UpdateOrganizationConfigurationCommand({ GraphArn, AutoEnable: true }));
    clock.advance(1000);
    join('555555555555');
    const { MemberDetails } = await det(AUDIT).send(new ListMembersCommand({ GraphArn }));
    expect(MemberDetails?.map((m) => [m.AccountId, m.InvitationType])).toEqual([
      ['555555555555', 'ORGANIZATION'],
    ]);
  });

  // https://docs.aws.amazon.com/detective/latest/APIReference/API_GetMembers.html, API_DeleteMembers.html
  it('gets and deletes members, reporting unknown accounts as unprocessed', async () => {
    const { det, delegate } = setup();
    const GraphArn = await delegate();
    await det(AUDIT).send(
      new CreateMembersCommand({
        GraphArn,
        Accounts: [{ AccountId: WORKLOAD, EmailAddress: 'w@example.com' }],
      }),
    );
    const got = await det(AUDIT).send(new GetMembersCommand({ GraphArn, AccountIds: [WORKLOAD, LOGS] }));
    expect(got.MemberDetails?.map((m) => m.AccountId)).toEqual([WORKLOAD]);
    expect(got.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([LOGS]);
    const del = await det(AUDIT).send(new DeleteMembersCommand({ GraphArn, AccountIds: [WORKLOAD, AUDIT] }));
    expect(del.AccountIds).toEqual([WORKLOAD]);
    expect(del.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([AUDIT]);
    expect((await det(AUDIT).send(new ListMembersCommand({ GraphArn }))).MemberDetails).toEqual([]);
  });

  // https://docs.aws.amazon.com/detective/latest/userguide/accounts.html (organization accounts cannot leave)
  it('lets invited members leave but not organization members', async () => {
    const { det, delegate } = setup();
    const GraphArn = await delegate();
    await det(AUDIT).send(
      new CreateMembersCommand({
        GraphArn,
        Accounts: [
          { AccountId: WORKLOAD, EmailAddress: 'w@example.com' },
          { AccountId: OUTSIDER, EmailAddress: 'o@example.com' },
        ],
      }),
    );
    await expect(det(WORKLOAD).send(new DisassociateMembershipCommand({ GraphArn }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await det(OUTSIDER).send(new DisassociateMembershipCommand({ GraphArn }));
    await expect(det(LOGS).send(new DisassociateMembershipCommand({ GraphArn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const { MemberDetails } = await det(AUDIT).send(new ListMembersCommand({ GraphArn }));
    expect(MemberDetails?.map((m) => m.AccountId)).toEqual([WORKLOAD]);
  });

  // https://docs.aws.amazon.com/detective/latest/userguide/accounts-remove-admin-overview.html
  it('removing the administrator deletes the organization graph but keeps the Organizations registration', async () => {
    const { det, delegate, sandbox } = setup();
    const GraphArn = await delegate();
    await expect(det(AUDIT).send(new DeleteGraphCommand({ GraphArn }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await det(MGMT).send(new DisableOrganizationAdminAccountCommand({}));
    expect((await det(AUDIT).send(new ListGraphsCommand({}))).GraphList).toEqual([]);
    expect((await det(MGMT).send(new ListOrganizationAdminAccountsCommand({}))).Administrators).toEqual([]);
    expect(sandbox.world.delegatedAdminsFor(DETECTIVE_PRINCIPAL)).toEqual([AUDIT]);
  });

  // https://docs.aws.amazon.com/detective/latest/userguide/accounts-remove-admin-overview.html (deregistration)
  it('deregistering the delegated administrator in Organizations deletes its organization graph', async () => {
    const { det, delegate, sandbox } = setup();
    await delegate();
    sandbox.world.organization!.delegatedAdmins.get(DETECTIVE_PRINCIPAL)!.delete(AUDIT);
    expect((await det(MGMT).send(new ListOrganizationAdminAccountsCommand({}))).Administrators).toEqual([]);
    expect((await det(AUDIT).send(new ListGraphsCommand({}))).GraphList).toEqual([]);
  });

  // https://docs.aws.amazon.com/detective/latest/APIReference/API_UpdateDatasourcePackages.html
  it('lists data source packages and starts stopped ones', async () => {
    const { det, delegate, sandbox } = setup();
    const GraphArn = await delegate();
    detectiveState(sandbox.world, AUDIT, 'us-east-1').graph!.packages.set('EKS_AUDIT', {
      state: 'STOPPED',
      changedAt: 0,
    });
    const before = await det(AUDIT).send(new ListDatasourcePackagesCommand({ GraphArn }));
    expect(before.DatasourcePackages?.EKS_AUDIT?.DatasourcePackageIngestState).toBe('STOPPED');
    expect(before.DatasourcePackages?.DETECTIVE_CORE?.DatasourcePackageIngestState).toBe('STARTED');
    await det(AUDIT).send(
      new UpdateDatasourcePackagesCommand({ GraphArn, DatasourcePackages: ['EKS_AUDIT'] }),
    );
    const after = await det(AUDIT).send(new ListDatasourcePackagesCommand({ GraphArn }));
    expect(after.DatasourcePackages?.EKS_AUDIT?.DatasourcePackageIngestState).toBe('STARTED');
    await expect(
      det(AUDIT).send(
        new UpdateDatasourcePackagesCommand({
          GraphArn,
          DatasourcePackages: ['S3_DATA' as DatasourcePackage],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  // https://docs.aws.amazon.com/detective/latest/userguide/accounts.html (1,200 member accounts)
  it('enforces the member limit of a behavior graph', async () => {
    const { det, delegate, sandbox } = setup();
    const GraphArn = await delegate();
    const members = detectiveState(sandbox.world, AUDIT, 'us-east-1').graph!.members;
    for (let i = 0; i < DETECTIVE_MAX_MEMBERS; i++) {
      const accountId = String(100000000000 + i);
      members.set(accountId, {
        accountId,
        email: 'x@example.com',
        invitationType: 'INVITATION',
        invitedAt: 0,
        updatedAt: 0,
      });
    }
    await expect(
      det(AUDIT).send(
        new CreateMembersCommand({
          GraphArn,
          Accounts: [{ AccountId: WORKLOAD, EmailAddress: 'w@example.com' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ServiceQuotaExceededException', $metadata: { httpStatusCode: 402 } });
  });

  // Propagation knob documented in the service file header.
  it('honours the detective:admin propagation delay', async () => {
    const { det, delegate, clock } = setup({ propagationDelayMs: { 'detective:admin': 30_000 } });
    const GraphArn = await delegate();
    await expect(
      det(AUDIT).send(new DescribeOrganizationConfigurationCommand({ GraphArn })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    clock.advance(30_000);
    await expect(
      det(AUDIT).send(new DescribeOrganizationConfigurationCommand({ GraphArn })),
    ).resolves.toMatchObject({
      AutoEnable: false,
    });
  });
});
