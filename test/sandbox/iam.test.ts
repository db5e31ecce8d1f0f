/**
 * Semantics of the simulated IAM, each pinned to the AWS page that documents it.
 */
import { describe, expect, it } from 'vitest';
import {
  AccountNotManagementOrDelegatedAdministratorException,
  AttachRolePolicyCommand,
  CallerIsNotManagementAccountException,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  DeleteAccountPasswordPolicyCommand,
  DeleteConflictException,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  EntityAlreadyExistsException,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListVirtualMFADevicesCommand,
  IAMClient,
  InvalidInputException,
  LimitExceededException,
  ListAccountAliasesCommand,
  ListAttachedRolePoliciesCommand,
  ListOrganizationsFeaturesCommand,
  ListRolesCommand,
  ListUsersCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  OrganizationNotFoundException,
  OrganizationNotInAllFeaturesModeException,
  ServiceAccessNotEnabledException,
  UnmodifiableEntityException,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SandboxNotImplementedError } from '../../src/sandbox/core/errors.js';
import {
  addIamUser,
  addManagedPolicy,
  attachManagedPolicy,
  addRootAccessKey,
  CREDENTIAL_REPORT_COLUMNS,
  iamService,
  removeRootCredentials,
  setAccountAlias,
  setRootMfa,
} from '../../src/sandbox/services/iam.js';
import { stsService } from '../../src/sandbox/services/sts.js';
import { AUDIT, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: 'sts:AssumeRole' }],
});

function setup(knobs: Parameters<typeof orgSandbox>[1] = {}) {
  const env = orgSandbox([iamService, stsService], knobs);
  const iam = (account = MGMT) => env.as(IAMClient, account);
  return { ...env, iam };
}

function csv(content: Uint8Array | undefined): string[][] {
  return new TextDecoder()
    .decode(content)
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

describe('password policy', () => {
  it('has none until set: NoSuchEntity, as a real client throws it', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html
    const { iam } = setup();
    const e = await iam()
      .send(new GetAccountPasswordPolicyCommand({}))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NoSuchEntityException);
    expect(e).toMatchObject({ Code: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } });
  });

  it('replaces the whole policy on update, with documented defaults for what is left out', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
    const { iam } = setup();
    await iam().send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 14,
        MaxPasswordAge: 90,
        RequireSymbols: true,
      }),
    );
    const p1 = (await iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
    expect(p1).toMatchObject({
      MinimumPasswordLength: 14,
      MaxPasswordAge: 90,
      ExpirePasswords: true,
      RequireSymbols: true,
    });
    await iam().send(new UpdateAccountPasswordPolicyCommand({ PasswordReusePrevention: 24 }));
    const p2 = (await iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
    expect(p2).toMatchObject({
      MinimumPasswordLength: 6,
      RequireSymbols: false,
      ExpirePasswords: false,
      PasswordReusePrevention: 24,
    });
    expect(p2?.MaxPasswordAge).toBeUndefined();
  });

  it('validates ranges: length 6–128, age 1–1095, reuse 1–24', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
    const { iam } = setup();
    for (const input of [
      { MinimumPasswordLength: 5 },
      { MinimumPasswordLength: 129 },
      { MaxPasswordAge: 0 },
      { MaxPasswordAge: 1096 },
      { PasswordReusePrevention: 25 },
    ]) {
      await expect(iam().send(new UpdateAccountPasswordPolicyCommand(input))).rejects.toMatchObject({
        name: 'ValidationError',
      });
    }
  });

  it('deletes the policy, and NoSuchEntity when there is none', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccountPasswordPolicy.html
    const { iam } = setup();
    await iam().send(new UpdateAccountPasswordPolicyCommand({}));
    await iam().send(new DeleteAccountPasswordPolicyCommand({}));
    await expect(iam().send(new DeleteAccountPasswordPolicyCommand({}))).rejects.toBeInstanceOf(
      NoSuchEntityException,
    );
  });

  it('keeps a policy per account', async () => {
    const { iam } = setup();
    await iam(WORKLOAD).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 20 }));
    await expect(iam(AUDIT).send(new GetAccountPasswordPolicyCommand({}))).rejects.toBeInstanceOf(
      NoSuchEntityException,
    );
  });
});

describe('account summary and aliases', () => {
  it('reports root MFA and root access keys as planted', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
    const { iam, sandbox } = setup();
    const before = (await iam(WORKLOAD).send(new GetAccountSummaryCommand({}))).SummaryMap;
    expect(before).toMatchObject({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, Users: 0 });
    setRootMfa(sandbox.world, WORKLOAD, true);
    addRootAccessKey(sandbox.world, WORKLOAD);
    addIamUser(sandbox.world, WORKLOAD, { name: 'alice', mfaActive: true, passwordEnabled: true });
    const after = (await iam(WORKLOAD).send(new GetAccountSummaryCommand({}))).SummaryMap;
    expect(after).toMatchObject({
      AccountMFAEnabled: 1,
      AccountAccessKeysPresent: 1,
      Users: 1,
      MFADevicesInUse: 2,
    });
    expect(after?.UsersQuota).toBe(5000);
  });

  it('lists the account alias', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccountAliases.html
    const { iam, sandbox } = setup();
    expect((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
    setAccountAlias(sandbox.world, MGMT, 'corp-mgmt');
    const r = await iam().send(new ListAccountAliasesCommand({}));
    expect(r).toMatchObject({ AccountAliases: ['corp-mgmt'], IsTruncated: false });
  });
});

describe('credential report', () => {
  it('is not present before it is generated', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html (ReportNotPresent, 410)
    const { iam } = setup();
    const e = await iam()
      .send(new GetCredentialReportCommand({}))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CredentialReportNotPresentException);
    expect(e).toMatchObject({ Code: 'ReportNotPresent', $metadata: { httpStatusCode: 410 } });
  });

  it('goes STARTED → in progress → COMPLETE, with ReportInProgress meanwhile', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html
    const { iam, clock } = setup({ propagationDelayMs: { 'iam:credential-report': 5000 } });
    expect((await iam().send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect((await iam().send(new GenerateCredentialReportCommand({}))).State).toBe('INPROGRESS');
    await expect(iam().send(new GetCredentialReportCommand({}))).rejects.toBeInstanceOf(
      CredentialReportNotReadyException,
    );
    clock.advance(5000);
    expect((await iam().send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const r = await iam().send(new GetCredentialReportCommand({}));
    expect(r.ReportFormat).toBe('text/csv');
    expect(r.Content).toBeInstanceOf(Uint8Array);
  });

  it('has the documented columns and the <root_account> line', async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/credential-reports.html#id_credentials_understanding_the_report_format
    const { iam, sandbox } = setup();
    setRootMfa(sandbox.world, WORKLOAD, true);
    addIamUser(sandbox.world, WORKLOAD, {
      name: 'bob',
      passwordEnabled: true,
      mfaActive: false,
      accessKeys: [{ active: true, createdAt: Date.UTC(2025, 0, 1) }],
    });
    await iam(WORKLOAD).send(new GenerateCredentialReportCommand({}));
    const rows = csv((await iam(WORKLOAD).send(new GetCredentialReportCommand({}))).Content);
    const [header, root, bob] = rows as [string[], string[], string[]];
    expect(header).toEqual([...CREDENTIAL_REPORT_COLUMNS]);
    expect(header).toHaveLength(22);
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    expect(col(root, 'user')).toBe('<root_account>');
    expect(col(root, 'arn')).toBe(`arn:aws:iam::${WORKLOAD}:root`);
    expect(col(root, 'password_enabled')).toBe('not_supported');
    expect(col(root, 'mfa_active')).toBe('true');
    expect(col(root, 'access_key_1_active')).toBe('false');
    expect(col(bob, 'user')).toBe('bob');
    expect(col(bob, 'mfa_active')).toBe('false');
    expect(col(bob, 'access_key_1_active')).toBe('true');
    expect(col(bob, 'access_key_1_last_rotated')).toBe('2025-01-01T00:00:00+00:00');
    expect(col(bob, 'access_key_2_active')).toBe('false');
  });

  it('is a snapshot: reused for four hours, then expired', async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/credential-reports.html (new report every four hours)
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html (ReportExpired)
    const { iam, sandbox, clock } = setup();
    await iam().send(new GenerateCredentialReportCommand({}));
    addIamUser(sandbox.world, MGMT, { name: 'late' });
    clock.advance(60_000);
    expect((await iam().send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    expect(csv((await iam().send(new GetCredentialReportCommand({}))).Content)).toHaveLength(2);
    clock.advance(4 * 3600 * 1000);
    const e = await iam()
      .send(new GetCredentialReportCommand({}))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CredentialReportExpiredException);
    expect((await iam().send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect(csv((await iam().send(new GetCredentialReportCommand({}))).Content)).toHaveLength(3);
  });
});

describe('roles', () => {
  it('creates, gets, lists and deletes roles; names are unique regardless of case', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
    const { iam } = setup();
    const created = await iam(WORKLOAD).send(
      new CreateRoleCommand({ RoleName: 'SraExecution', AssumeRolePolicyDocument: TRUST, Path: '/sra/' }),
    );
    expect(created.Role).toMatchObject({
      RoleName: 'SraExecution',
      Path: '/sra/',
      Arn: `arn:aws:iam::${WORKLOAD}:role/sra/SraExecution`,
      MaxSessionDuration: 3600,
    });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    // IAM returns policy documents URL-encoded (RFC 3986).
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html
    expect(decodeURIComponent(created.Role!.AssumeRolePolicyDocument!)).toBe(TRUST);
    await expect(
      iam(WORKLOAD).send(
        new CreateRoleCommand({ RoleName: 'sraexecution', AssumeRolePolicyDocument: TRUST }),
      ),
    ).rejects.toBeInstanceOf(EntityAlreadyExistsException);
    const listed = await iam(WORKLOAD).send(new ListRolesCommand({ PathPrefix: '/sra/' }));
    expect(listed.Roles?.map((r) => r.RoleName)).toEqual(['SraExecution']);
    await iam(WORKLOAD).send(new DeleteRoleCommand({ RoleName: 'SraExecution' }));
    await expect(iam(WORKLOAD).send(new GetRoleCommand({ RoleName: 'SraExecution' }))).rejects.toBeInstanceOf(
      NoSuchEntityException,
    );
  });

  it('rejects malformed trust policies and bad names', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
    const { iam } = setup();
    await expect(
      iam().send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{nope' })),
    ).rejects.toBeInstanceOf(MalformedPolicyDocumentException);
    await expect(
      iam().send(new CreateRoleCommand({ RoleName: 'has space', AssumeRolePolicyDocument: TRUST })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      iam().send(
        new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 60 }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('lists the seeded OrganizationAccountAccessRole and refuses to delete it while policies are attached', async () => {
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html (DeleteConflict)
    const { iam } = setup();
    const roles = await iam(WORKLOAD).send(new ListRolesCommand({}));
    expect(roles.Roles?.map((r) => r.RoleName)).toContain('OrganizationAccountAccessRole');
    const e = await iam(WORKLOAD)
      .send(new DeleteRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeleteConflictException);
    expect(e).toMatchObject({ $metadata: { httpStatusCode: 409 } });
  });

  it('creates service-linked roles under /aws-service-role/, once, and protects them', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
    const { iam } = setup();
    const r = await iam().send(
      new CreateServiceLinkedRoleCommand({ AWSServiceName: 'guardduty.amazonaws.com' }),
    );
    expect(r.Role).toMatchObject({
      RoleName: 'AWSServiceRoleForAmazonGuardDuty',
      Path: '/aws-service-role/guardduty.amazonaws.com/',
    });
    await expect(
      iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'guardduty.amazonaws.com' })),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await expect(
      iam().send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForAmazonGuardDuty' })),
    ).rejects.toBeInstanceOf(UnmodifiableEntityException);
  });

  it('pages with Marker and MaxItems 1–1000', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
    const { iam } = setup();
    for (const n of ['a', 'b', 'c']) {
      await iam(WORKLOAD).send(new CreateRoleCommand({ RoleName: n, AssumeRolePolicyDocument: TRUST }));
    }
    const first = await iam(WORKLOAD).send(new ListRolesCommand({ MaxItems: 2 }));
    expect(first).toMatchObject({ IsTruncated: true });
    const second = await iam(WORKLOAD).send(new ListRolesCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(second.IsTruncated).toBe(false);
    expect([...first.Roles!, ...second.Roles!].map((r) => r.RoleName).sort()).toEqual(
      ['OrganizationAccountAccessRole', 'a', 'b', 'c'].sort(),
    );
    await expect(iam().send(new ListRolesCommand({ MaxItems: 1001 }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('makes a created role assumable through STS and a deleted one not', async () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    const { iam, as } = setup();
    await iam(WORKLOAD).send(
      new CreateRoleCommand({ RoleName: 'SraAudit', AssumeRolePolicyDocument: TRUST }),
    );
    const sts = as(STSClient, MGMT);
    const RoleArn = `arn:aws:iam::${WORKLOAD}:role/SraAudit`;
    await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'sra' }));
    await iam(WORKLOAD).send(new DeleteRoleCommand({ RoleName: 'SraAudit' }));
    await expect(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'sra' }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });

  it('lists users and authorization details', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
    const { iam, sandbox } = setup();
    addIamUser(sandbox.world, AUDIT, { name: 'carol' });
    expect((await iam(AUDIT).send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual([
      'carol',
    ]);
    const d = await iam(AUDIT).send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(d.UserDetailList).toEqual([]);
    expect(d.RoleDetailList?.map((r) => r.RoleName)).toEqual(['OrganizationAccountAccessRole']);
  });
});

describe('reads for the IAM controls', () => {
  it('tells a virtual root MFA device from a hardware one', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListVirtualMFADevices.html
    // https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-6
    const { iam, sandbox } = setup();
    setRootMfa(sandbox.world, WORKLOAD, true);
    const v = await iam(WORKLOAD).send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    expect(v.VirtualMFADevices?.map((d) => d.SerialNumber)).toEqual([
      `arn:aws:iam::${WORKLOAD}:mfa/root-account-mfa-device`,
    ]);
    expect(v.VirtualMFADevices?.[0]?.User?.Arn).toBe(`arn:aws:iam::${WORKLOAD}:root`);
    setRootMfa(sandbox.world, AUDIT, true, 'hardware');
    const h = await iam(AUDIT).send(new ListVirtualMFADevicesCommand({}));
    expect(h.VirtualMFADevices).toEqual([]);
    const summary = (await iam(AUDIT).send(new GetAccountSummaryCommand({}))).SummaryMap;
    expect(summary?.AccountMFAEnabled).toBe(1);
  });

  it('lists user access keys and attached policies, and who a policy is attached to', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
    const { iam, sandbox } = setup();
    addIamUser(sandbox.world, WORKLOAD, { name: 'dave', accessKeys: [{ active: false }] });
    const support = 'arn:aws:iam::aws:policy/AWSSupportAccess';
    attachManagedPolicy(sandbox.world, WORKLOAD, { user: 'dave' }, support);
    const keys = await iam(WORKLOAD).send(new ListAccessKeysCommand({ UserName: 'dave' }));
    expect(keys.AccessKeyMetadata?.map((k) => [k.UserName, k.Status])).toEqual([['dave', 'Inactive']]);
    const att = await iam(WORKLOAD).send(new ListAttachedUserPoliciesCommand({ UserName: 'dave' }));
    expect(att.AttachedPolicies).toEqual([{ PolicyName: 'AWSSupportAccess', PolicyArn: support }]);
    const who = await iam(WORKLOAD).send(new ListEntitiesForPolicyCommand({ PolicyArn: support }));
    expect(who.PolicyUsers?.map((u) => u.UserName)).toEqual(['dave']);
    expect(who.PolicyRoles).toEqual([]);
    await expect(
      iam(WORKLOAD).send(new ListAccessKeysCommand({ UserName: 'nobody' })),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it('lists customer managed policies and returns their documents URL-encoded', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
    const { iam, sandbox } = setup();
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const arn = addManagedPolicy(sandbox.world, WORKLOAD, { name: 'too-broad', document: doc });
    const local = await iam(WORKLOAD).send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(local.Policies?.map((p) => [p.Arn, p.AttachmentCount])).toEqual([[arn, 0]]);
    const attachedOnly = await iam(WORKLOAD).send(
      new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true }),
    );
    expect(attachedOnly.Policies).toEqual([]);
    expect(
      (await iam(WORKLOAD).send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId,
    ).toBe('v1');
    const v = await iam(WORKLOAD).send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect(decodeURIComponent(v.PolicyVersion!.Document!)).toBe(doc);
    // AWS managed policy documents are not reproduced: the sandbox says so instead of inventing one.
    await expect(
      iam(WORKLOAD).send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })),
    ).rejects.toBeInstanceOf(SandboxNotImplementedError);
  });
});

describe('centralized root access', () => {
  const enableTrust = (sandbox: ReturnType<typeof setup>['sandbox']) =>
    sandbox.world.organization!.trustedAccess.set('iam.amazonaws.com', 0);

  it('needs trusted access for IAM in Organizations', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOrganizationsRootCredentialsManagement.html
    const { iam } = setup();
    await expect(
      iam().send(new EnableOrganizationsRootCredentialsManagementCommand({})),
    ).rejects.toBeInstanceOf(ServiceAccessNotEnabledException);
  });

  it('is enabled only by the management account and listed for it and the IAM delegated admin', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOrganizationsRootSessions.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
    const { iam, sandbox } = setup();
    enableTrust(sandbox);
    await expect(iam(AUDIT).send(new EnableOrganizationsRootSessionsCommand({}))).rejects.toBeInstanceOf(
      CallerIsNotManagementAccountException,
    );
    await iam().send(new EnableOrganizationsRootCredentialsManagementCommand({}));
    const r = await iam().send(new EnableOrganizationsRootSessionsCommand({}));
    expect(r).toMatchObject({
      OrganizationId: sandbox.world.organization!.id,
      EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'],
    });
    await expect(iam(AUDIT).send(new ListOrganizationsFeaturesCommand({}))).rejects.toBeInstanceOf(
      AccountNotManagementOrDelegatedAdministratorException,
    );
    sandbox.world.organization!.delegatedAdmins.set('iam.amazonaws.com', new Map([[AUDIT, 0]]));
    await iam(AUDIT).send(new DisableOrganizationsRootSessionsCommand({}));
    const listed = await iam(AUDIT).send(new ListOrganizationsFeaturesCommand({}));
    expect(listed.EnabledFeatures).toEqual(['RootCredentialsManagement']);
  });

  it('needs an organization with all features', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
    const { iam, sandbox } = setup();
    await expect(iam(OUTSIDER).send(new ListOrganizationsFeaturesCommand({}))).rejects.toBeInstanceOf(
      OrganizationNotFoundException,
    );
    enableTrust(sandbox);
    sandbox.world.organization!.featureSet = 'CONSOLIDATED_BILLING';
    await expect(iam().send(new ListOrganizationsFeaturesCommand({}))).rejects.toBeInstanceOf(
      OrganizationNotInAllFeaturesModeException,
    );
  });
});

describe('role policy attachments', () => {
  const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';

  it('attaches and detaches a managed policy; attaching twice is a no-op', async () => {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html
    const { iam } = setup();
    await iam().send(new CreateRoleCommand({ RoleName: 'support', AssumeRolePolicyDocument: TRUST }));
    await iam().send(new AttachRolePolicyCommand({ RoleName: 'support', PolicyArn: SUPPORT }));
    await iam().send(new AttachRolePolicyCommand({ RoleName: 'support', PolicyArn: SUPPORT }));
    const listed = await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: 'support' }));
    expect(listed.AttachedPolicies).toEqual([{ PolicyName: 'AWSSupportAccess', PolicyArn: SUPPORT }]);
    const details = await iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(details.RoleDetailList?.find((r) => r.RoleName === 'support')?.AttachedManagedPolicies).toEqual([
      { PolicyName: 'AWSSupportAccess', PolicyArn: SUPPORT },
    ]);
    await iam().send(new DetachRolePolicyCommand({ RoleName: 'support', PolicyArn: SUPPORT }));
    await expect(
      iam().send(new DetachRolePolicyCommand({ RoleName: 'support', PolicyArn: SUPPORT })),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it('is NoSuchEntity for an unknown role or customer policy, InvalidInput for a malformed ARN', async () => {
    const { iam } = setup();
    await expect(
      iam().send(new AttachRolePolicyCommand({ RoleName: 'nobody', PolicyArn: SUPPORT })),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    await iam().send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    await expect(
      iam().send(
        new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: `arn:aws:iam::${MGMT}:policy/missing` }),
      ),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(
      iam().send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: 'nope' })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('protects service-linked roles and enforces 10 managed policies per role', async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
    const { iam } = setup();
    await iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'guardduty.amazonaws.com' }));
    await expect(
      iam().send(
        new AttachRolePolicyCommand({ RoleName: 'AWSServiceRoleForAmazonGuardDuty', PolicyArn: SUPPORT }),
      ),
    ).rejects.toBeInstanceOf(UnmodifiableEntityException);
    await iam().send(new CreateRoleCommand({ RoleName: 'busy', AssumeRolePolicyDocument: TRUST }));
    for (let i = 0; i < 10; i++) {
      await iam().send(
        new AttachRolePolicyCommand({ RoleName: 'busy', PolicyArn: `arn:aws:iam::aws:policy/P${i}` }),
      );
    }
    const e = await iam()
      .send(new AttachRolePolicyCommand({ RoleName: 'busy', PolicyArn: 'arn:aws:iam::aws:policy/P10' }))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LimitExceededException);
    expect(e).toMatchObject({ $metadata: { httpStatusCode: 409 } });
  });
});

describe('root credentials removed (centralized root access)', () => {
  it('leaves the root user without password, keys or MFA, as the account summary reports', async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
    const { iam, sandbox } = setup();
    setRootMfa(sandbox.world, WORKLOAD, true);
    addRootAccessKey(sandbox.world, WORKLOAD);
    removeRootCredentials(sandbox.world, WORKLOAD);
    const s = await iam(WORKLOAD).send(new GetAccountSummaryCommand({}));
    expect(s.SummaryMap).toMatchObject({
      AccountPasswordPresent: 0,
      AccountAccessKeysPresent: 0,
      AccountMFAEnabled: 0,
    });
  });
});
