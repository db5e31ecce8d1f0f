import { describe, expect, it } from 'vitest';
import {
  ConflictException,
  CreateMemberCommand,
  DeleteMemberCommand,
  DescribeOrganizationConfigurationCommand,
  DisableMacieCommand,
  DisableOrganizationAdminAccountCommand,
  DisassociateMemberCommand,
  EnableMacieCommand,
  EnableOrganizationAdminAccountCommand,
  GetAdministratorAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetClassificationExportConfigurationCommand,
  GetFindingsPublicationConfigurationCommand,
  GetMacieSessionCommand,
  GetMemberCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  Macie2Client,
  PutClassificationExportConfigurationCommand,
  PutFindingsPublicationConfigurationCommand,
  UpdateAutomatedDiscoveryConfigurationCommand,
  UpdateMacieSessionCommand,
  UpdateOrganizationConfigurationCommand,
  type FindingPublishingFrequency,
} from '@aws-sdk/client-macie2';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';
import {
  MACIE_MAX_MEMBERS,
  MACIE_PRINCIPAL,
  macieService,
  macieState,
} from '../../src/sandbox/services/macie.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';

const KEY = `arn:aws:kms:us-east-1:${AUDIT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function setup(knobs: SandboxKnobs = {}) {
  const env = orgSandbox([macieService], knobs);
  const macie = (account: string, region = 'us-east-1') => env.as(Macie2Client, account, region);
  /** Delegates Macie to AUDIT from the management account. */
  const delegate = (region = 'us-east-1') =>
    macie(MGMT, region).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: AUDIT }));
  /** Makes a new account join the organization now, as Organizations would. */
  const join = (id: string) => {
    const root = env.sandbox.world.organization!.rootId;
    env.sandbox.world.accounts.set(id, {
      id,
      name: `new-${id}`,
      email: `${id}@example.com`,
      status: 'ACTIVE',
      parentId: root,
      joinedMethod: 'CREATED',
      joinedAt: env.clock.now(),
      enabledRegions: new Set(['us-east-1', 'eu-west-1']),
      assumableRoles: new Set(['OrganizationAccountAccessRole']),
      tags: {},
    });
  };
  return { ...env, macie, delegate, join };
}

describe('Amazon Macie sandbox', () => {
  // https://docs.aws.amazon.com/macie/latest/APIReference/macie.html (GetMacieSession, EnableMacie)
  it('answers AccessDeniedException until Macie is enabled, then reports the session', async () => {
    const { macie } = setup();
    await expect(macie(WORKLOAD).send(new GetMacieSessionCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: 'Macie is not enabled.',
    });
    await macie(WORKLOAD).send(new EnableMacieCommand({}));
    const s = await macie(WORKLOAD).send(new GetMacieSessionCommand({}));
    expect(s).toMatchObject({ status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(s.serviceRole).toContain(`arn:aws:iam::${WORKLOAD}:role/aws-service-role/macie.amazonaws.com/`);
    // Macie is regional.
    await expect(macie(WORKLOAD, 'eu-west-1').send(new GetMacieSessionCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  // https://docs.aws.amazon.com/macie/latest/APIReference/macie.html (ConflictException 409)
  it('refuses to enable Macie twice', async () => {
    const { macie } = setup();
    await macie(WORKLOAD).send(new EnableMacieCommand({}));
    await expect(macie(WORKLOAD).send(new EnableMacieCommand({}))).rejects.toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409 },
    });
    // The SDK's own exception class, as after deserialising a real answer.
    await expect(macie(WORKLOAD).send(new EnableMacieCommand({}))).rejects.toBeInstanceOf(ConflictException);
  });

  // https://docs.aws.amazon.com/macie/latest/APIReference/macie.html (PATCH /macie)
  it('suspends Macie and changes the publishing frequency, validating values', async () => {
    const { macie } = setup();
    await macie(WORKLOAD).send(new EnableMacieCommand({}));
    await macie(WORKLOAD).send(
      new UpdateMacieSessionCommand({ status: 'PAUSED', findingPublishingFrequency: 'ONE_HOUR' }),
    );
    await expect(macie(WORKLOAD).send(new GetMacieSessionCommand({}))).resolves.toMatchObject({
      status: 'PAUSED',
      findingPublishingFrequency: 'ONE_HOUR',
    });
    await expect(
      macie(WORKLOAD).send(
        new UpdateMacieSessionCommand({ findingPublishingFrequency: 'DAILY' as FindingPublishingFrequency }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await macie(WORKLOAD).send(new DisableMacieCommand({}));
    await expect(macie(WORKLOAD).send(new GetMacieSessionCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  // https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-notes.html
  it('lets only the management account designate an active member as Macie administrator, per Region', async () => {
    const { macie, delegate, sandbox } = setup();
    await expect(
      macie(AUDIT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: AUDIT })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      macie(MGMT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: OUTSIDER })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await delegate();
    const listed = await macie(MGMT).send(new ListOrganizationAdminAccountsCommand({}));
    expect(listed.adminAccounts).toEqual([{ accountId: AUDIT, status: 'ENABLED' }]);
    const elsewhere = await macie(MGMT, 'eu-west-1').send(new ListOrganizationAdminAccountsCommand({}));
    expect(elsewhere.adminAccounts).toEqual([]);
    // Designation registers the delegated administrator in Organizations and enables Macie for it.
    expect(sandbox.world.delegatedAdminsFor(MACIE_PRINCIPAL)).toEqual([AUDIT]);
    await expect(macie(AUDIT).send(new GetMacieSessionCommand({}))).resolves.toMatchObject({
      status: 'ENABLED',
    });
    // Designating the same account again is harmless.
    await expect(delegate()).resolves.toBeDefined();
  });

  // https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-notes.html (one administrator, same in all Regions)
  it('allows one delegated Macie administrator, the same in every Region', async () => {
    const { macie, delegate } = setup();
    await delegate();
    await expect(
      macie(MGMT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: LOGS })),
    ).rejects.toMatchObject({ name: 'ConflictException' });
    await expect(
      macie(MGMT, 'eu-west-1').send(new EnableOrganizationAdminAccountCommand({ adminAccountId: LOGS })),
    ).rejects.toMatchObject({ name: 'ConflictException' });
    await expect(delegate('eu-west-1')).resolves.toBeDefined();
  });

  // https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-notes.html (management account may be admin)
  it('lets the management account designate itself without registering it in Organizations', async () => {
    const { macie, sandbox } = setup();
    await macie(MGMT).send(new EnableOrganizationAdminAccountCommand({ adminAccountId: MGMT }));
    expect(sandbox.world.delegatedAdminsFor(MACIE_PRINCIPAL)).toEqual([]);
    expect(sandbox.world.hasTrustedAccess(MACIE_PRINCIPAL)).toBe(true);
    await expect(macie(MGMT).send(new DescribeOrganizationConfigurationCommand({}))).resolves.toMatchObject({
      autoEnable: false,
    });
  });

  // https://docs.aws.amazon.com/macie/latest/APIReference/admin-configuration.html
  it('serves the organization configuration to the delegated administrator only', async () => {
    const { macie, delegate } = setup();
    await delegate();
    await macie(WORKLOAD).send(new EnableMacieCommand({}));
    await expect(
      macie(WORKLOAD).send(new DescribeOrganizationConfigurationCommand({})),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await macie(AUDIT).send(new UpdateOrganizationConfigurationCommand({ autoEnable: true }));
    await expect(macie(AUDIT).send(new DescribeOrganizationConfigurationCommand({}))).resolves.toMatchObject({
      autoEnable: true,
      maxAccountLimitReached: false,
    });
  });

  // https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-integrate.html (adding members)
  it('adds organization accounts as Enabled members and outsiders as Created', async () => {
    const { macie, delegate } = setup();
    await delegate();
    const { arn } = await macie(AUDIT).send(
      new CreateMemberCommand({ account: { accountId: WORKLOAD, email: 'w@example.com' } }),
    );
    expect(arn).toBe(`arn:aws:macie2:us-east-1:${AUDIT}:member/${WORKLOAD}`);
    await macie(AUDIT).send(
      new CreateMemberCommand({ account: { accountId: OUTSIDER, email: 'o@example.com' } }),
    );
    const { members } = await macie(AUDIT).send(new ListMembersCommand({}));
    expect(members?.map((m) => [m.accountId, m.relationshipStatus])).toEqual([
      [WORKLOAD, 'Enabled'],
      [OUTSIDER, 'Created'],
    ]);
    // The member now has Macie enabled and sees its administrator.
    await expect(macie(WORKLOAD).send(new GetAdministratorAccountCommand({}))).resolves.toMatchObject({
      administrator: { accountId: AUDIT, relationshipStatus: 'Enabled' },
    });
    await expect(
      macie(AUDIT).send(
        new CreateMemberCommand({ account: { accountId: WORKLOAD, email: 'w@example.com' } }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictException' });
    // A suspended member is reported as Paused.
    await macie(WORKLOAD).send(new UpdateMacieSessionCommand({ status: 'PAUSED' }));
    await expect(macie(AUDIT).send(new GetMemberCommand({ id: WORKLOAD }))).resolves.toMatchObject({
      relationshipStatus: 'Paused',
    });
  });

  // https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-integrate.html (auto-enable: new accounts only)
  it('auto-enables Macie only for accounts that join after auto-enable was turned on', async () => {
    const { macie, delegate, join, clock } = setup();
    await delegate();
    await macie(AUDIT).send(new UpdateOrganizationConfigurationCommand({ autoEnable: true }));
    clock.advance(1000);
    join('555555555555');
    const { members } = await macie(AUDIT).send(new ListMembersCommand({}));
    expect(members?.map((m) => [m.accountId, m.relationshipStatus])).toEqual([['555555555555', 'Enabled']]);
    await expect(macie('555555555555').send(new GetMacieSessionCommand({}))).resolves.toMatchObject({
      status: 'ENABLED',
    });
    // WORKLOAD existed before auto-enable and is not added.
    await expect(macie(WORKLOAD).send(new GetMacieSessionCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  // https://docs.aws.amazon.com/macie/latest/APIReference/members-disassociate-id.html, members-id.html
  it('disassociates and deletes members; Macie stays enabled for the former member', async () => {
    const { macie, delegate } = setup();
    await delegate();
    await macie(AUDIT).send(
      new CreateMemberCommand({ account: { accountId: WORKLOAD, email: 'w@example.com' } }),
    );
    await macie(AUDIT).send(new DisassociateMemberCommand({ id: WORKLOAD }));
    expect((await macie(AUDIT).send(new ListMembersCommand({}))).members).toEqual([]);
    const all = await macie(AUDIT).send(new ListMembersCommand({ onlyAssociated: 'false' }));
    expect(all.members?.map((m) => m.relationshipStatus)).toEqual(['Removed']);
    await expect(macie(WORKLOAD).send(new GetMacieSessionCommand({}))).resolves.toMatchObject({
      status: 'ENABLED',
    });
    await expect(macie(WORKLOAD).send(new GetAdministratorAccountCommand({}))).resolves.toEqual(
      expect.not.objectContaining({ administrator: expect.anything() }),
    );
    await macie(AUDIT).send(new DeleteMemberCommand({ id: WORKLOAD }));
    await expect(macie(AUDIT).send(new GetMemberCommand({ id: WORKLOAD }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  // https://docs.aws.amazon.com/macie/latest/APIReference/admin.html (DELETE /admin)
  it('removing the administrator releases organization members and deregisters it', async () => {
    const { macie, delegate, sandbox } = setup();
    await delegate();
    await macie(AUDIT).send(
      new CreateMemberCommand({ account: { accountId: WORKLOAD, email: 'w@example.com' } }),
    );
    await expect(
      macie(MGMT).send(new DisableOrganizationAdminAccountCommand({ adminAccountId: LOGS })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await macie(MGMT).send(new DisableOrganizationAdminAccountCommand({ adminAccountId: AUDIT }));
    expect((await macie(MGMT).send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts).toEqual([]);
    expect(sandbox.world.delegatedAdminsFor(MACIE_PRINCIPAL)).toEqual([]);
    await expect(macie(WORKLOAD).send(new GetMacieSessionCommand({}))).resolves.toMatchObject({
      status: 'ENABLED',
    });
    expect(
      (await macie(WORKLOAD).send(new GetAdministratorAccountCommand({}))).administrator,
    ).toBeUndefined();
  });

  // https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao.html (10,000 member accounts)
  it('enforces the member limit and reports maxAccountLimitReached', async () => {
    const { macie, delegate, sandbox, clock } = setup();
    await delegate();
    const members = macieState(sandbox.world, AUDIT, 'us-east-1').members;
    for (let i = 0; i < MACIE_MAX_MEMBERS; i++) {
      const accountId = String(100000000000 + i);
      members.set(accountId, {
        accountId,
        email: `${accountId}@example.com`,
        relationshipStatus: 'Created',
        viaOrganization: false,
        invitedAt: clock.now(),
        updatedAt: clock.now(),
        tags: {},
      });
    }
    await expect(macie(AUDIT).send(new DescribeOrganizationConfigurationCommand({}))).resolves.toMatchObject({
      maxAccountLimitReached: true,
    });
    await expect(
      macie(AUDIT).send(
        new CreateMemberCommand({ account: { accountId: WORKLOAD, email: 'w@example.com' } }),
      ),
    ).rejects.toMatchObject({ name: 'ServiceQuotaExceededException', $metadata: { httpStatusCode: 402 } });
  });

  // https://docs.aws.amazon.com/macie/latest/APIReference/classification-export-configuration.html
  it('stores the classification export destination and validates the KMS key ARN', async () => {
    const { macie } = setup();
    await macie(AUDIT).send(new EnableMacieCommand({}));
    await expect(
      macie(AUDIT).send(new GetClassificationExportConfigurationCommand({})),
    ).resolves.not.toHaveProperty('configuration');
    await expect(
      macie(AUDIT).send(
        new PutClassificationExportConfigurationCommand({
          configuration: { s3Destination: { bucketName: 'macie-results', kmsKeyArn: 'not-a-key' } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const s3Destination = { bucketName: 'macie-results', kmsKeyArn: KEY, keyPrefix: 'macie/' };
    await macie(AUDIT).send(
      new PutClassificationExportConfigurationCommand({ configuration: { s3Destination } }),
    );
    await expect(
      macie(AUDIT).send(new GetClassificationExportConfigurationCommand({})),
    ).resolves.toMatchObject({
      configuration: { s3Destination },
    });
  });

  // https://docs.aws.amazon.com/macie/latest/user/securityhub-integration.html (default: policy findings only)
  it('publishes policy findings to Security Hub by default and stores changes', async () => {
    const { macie } = setup();
    await macie(AUDIT).send(new EnableMacieCommand({}));
    await expect(
      macie(AUDIT).send(new GetFindingsPublicationConfigurationCommand({})),
    ).resolves.toMatchObject({
      securityHubConfiguration: { publishPolicyFindings: true, publishClassificationFindings: false },
    });
    await macie(AUDIT).send(
      new PutFindingsPublicationConfigurationCommand({
        securityHubConfiguration: { publishPolicyFindings: true, publishClassificationFindings: true },
      }),
    );
    await expect(
      macie(AUDIT).send(new GetFindingsPublicationConfigurationCommand({})),
    ).resolves.toMatchObject({
      securityHubConfiguration: { publishClassificationFindings: true },
    });
  });

  // https://docs.aws.amazon.com/macie/latest/APIReference/automated-discovery-configuration.html
  it('lets the administrator switch automated sensitive data discovery on, and not a member', async () => {
    const { macie, delegate, clock } = setup();
    await delegate();
    await macie(AUDIT).send(
      new CreateMemberCommand({ account: { accountId: WORKLOAD, email: 'w@example.com' } }),
    );
    await expect(macie(AUDIT).send(new GetAutomatedDiscoveryConfigurationCommand({}))).resolves.toMatchObject(
      { status: 'DISABLED' },
    );
    clock.advance(1000);
    await macie(AUDIT).send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'ENABLED' }));
    const on = await macie(AUDIT).send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect(on).toMatchObject({ status: 'ENABLED', autoEnableOrganizationMembers: 'ALL' });
    expect(on.firstEnabledAt?.getTime()).toBe(clock.now());
    await expect(
      macie(AUDIT, 'eu-west-1').send(new GetAutomatedDiscoveryConfigurationCommand({})),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(
      macie(WORKLOAD).send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'ENABLED' })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(
      macie(AUDIT).send(
        new UpdateAutomatedDiscoveryConfigurationCommand({
          status: 'ENABLED',
          autoEnableOrganizationMembers: 'SOME' as never,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await macie(AUDIT).send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'DISABLED' }));
    await expect(macie(AUDIT).send(new GetAutomatedDiscoveryConfigurationCommand({}))).resolves.toMatchObject(
      { status: 'DISABLED' },
    );
  });

  // Propagation knob documented in the service file header.
  it('honours the macie2:admin propagation delay', async () => {
    const { macie, delegate, clock } = setup({ propagationDelayMs: { 'macie2:admin': 45_000 } });
    await delegate();
    await expect(macie(AUDIT).send(new DescribeOrganizationConfigurationCommand({}))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    clock.advance(45_000);
    await expect(macie(AUDIT).send(new DescribeOrganizationConfigurationCommand({}))).resolves.toMatchObject({
      autoEnable: false,
    });
  });
});
