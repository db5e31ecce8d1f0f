/**
 * Semantics of the simulated AWS Organizations, each pinned to the AWS page that documents it.
 */
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  AccountAlreadyRegisteredException,
  AccountNotFoundException,
  AccountNotRegisteredException,
  AlreadyInOrganizationException,
  AttachPolicyCommand,
  AWSOrganizationsNotInUseException,
  ConstraintViolationException,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeleteOrganizationalUnitCommand,
  DeletePolicyCommand,
  DeregisterDelegatedAdministratorCommand,
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DestinationParentNotFoundException,
  DetachPolicyCommand,
  DisableAWSServiceAccessCommand,
  DisablePolicyTypeCommand,
  DuplicateAccountException,
  DuplicateOrganizationalUnitException,
  DuplicatePolicyAttachmentException,
  DuplicatePolicyException,
  EnableAllFeaturesCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  HandshakeConstraintViolationException,
  InvalidInputException,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListChildrenCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  MalformedPolicyDocumentException,
  MoveAccountCommand,
  OrganizationalUnitNotEmptyException,
  OrganizationalUnitNotFoundException,
  OrganizationsClient,
  PolicyInUseException,
  PolicyNotAttachedException,
  PolicyNotFoundException,
  PolicyTypeAlreadyEnabledException,
  PolicyTypeNotAvailableForOrganizationException,
  PolicyTypeNotEnabledException,
  RegisterDelegatedAdministratorCommand,
  RootNotFoundException,
  SourceParentNotFoundException,
  TagResourceCommand,
  TargetNotFoundException,
  UntagResourceCommand,
  UpdateOrganizationalUnitCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { GuardDutyClient, EnableOrganizationAdminAccountCommand } from '@aws-sdk/client-guardduty';
import {
  createPolicyInWorld,
  enablePolicyTypeInWorld,
  FULL_AWS_ACCESS_POLICY_ID,
  organizationsService,
  RCP_FULL_AWS_ACCESS_POLICY_ID,
} from '../../src/sandbox/services/organizations.js';
import { defineService } from '../../src/sandbox/core/service.js';
import { registerServiceAdmin } from '../../src/sandbox/core/org-admin.js';
import { Sandbox } from '../../src/sandbox/core/sandbox.js';
import { VirtualClock } from '../../src/sandbox/core/clock.js';
import { seedOrganization } from '../../src/sandbox/core/world-builder.js';
import type { SdkClientLike } from '../../src/sandbox/core/middleware.js';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';

const SCP = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'x:Y', Resource: '*' }],
});

function setup(knobs: Parameters<typeof orgSandbox>[1] = {}) {
  const env = orgSandbox([organizationsService], knobs, [{ id: '555555555555', status: 'SUSPENDED' }]);
  const org = (account = MGMT) => env.as(OrganizationsClient, account);
  const rootId = env.sandbox.world.organization!.rootId;
  const ouId = (name: string) =>
    [...env.sandbox.world.organization!.ous.values()].find((o) => o.name === name)!.id;
  return { ...env, org, rootId, ouId };
}

async function allAccounts(client: OrganizationsClient, max?: number): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const r = await client.send(new ListAccountsCommand({ NextToken, MaxResults: max }));
    ids.push(...(r.Accounts ?? []).map((a) => a.Id!));
    NextToken = r.NextToken;
  } while (NextToken);
  return ids;
}

describe('organization and callers', () => {
  it('answers DescribeOrganization to any member and AWSOrganizationsNotInUseException outside', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html
    const { org } = setup();
    const d = await org(WORKLOAD).send(new DescribeOrganizationCommand({}));
    expect(d.Organization?.MasterAccountId).toBe(MGMT);
    expect(d.Organization?.FeatureSet).toBe('ALL');
    const e = await org(OUTSIDER)
      .send(new DescribeOrganizationCommand({}))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AWSOrganizationsNotInUseException);
  });

  it('refuses reads to a plain member and allows them to a delegated administrator', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
    // ("called only from the organization's management account or by a member account that is a
    // delegated administrator for an AWS service")
    const { org } = setup();
    await expect(org(AUDIT).send(new ListAccountsCommand({}))).rejects.toBeInstanceOf(AccessDeniedException);
    await org().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
    await org().send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: AUDIT,
        ServicePrincipal: 'guardduty.amazonaws.com',
      }),
    );
    const ids = await allAccounts(org(AUDIT));
    expect(ids.sort()).toEqual([MGMT, AUDIT, LOGS, WORKLOAD, '555555555555'].sort());
  });

  it('refuses writes to anyone but the management account', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnableAWSServiceAccess.html
    const { org } = setup();
    await expect(
      org(AUDIT).send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
  });

  it('pages list results with MaxResults 1–20 and rejects other values and forged tokens', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html (MaxResults 1–20)
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html (InvalidInputException reasons)
    const { org } = setup();
    const first = await org().send(new ListAccountsCommand({ MaxResults: 2 }));
    expect(first.Accounts).toHaveLength(2);
    expect(first.NextToken).toBeDefined();
    expect(await allAccounts(org(), 2)).toHaveLength(5);
    await expect(org().send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      Reason: 'MAX_VALUE_EXCEEDED',
    });
    await expect(org().send(new ListAccountsCommand({ MaxResults: 0 }))).rejects.toMatchObject({
      Reason: 'MIN_VALUE_EXCEEDED',
    });
    await expect(org().send(new ListAccountsCommand({ NextToken: 'forged' }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_NEXT_TOKEN',
    });
  });

  it('describes member accounts and fails with AccountNotFoundException for others', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeAccount.html
    const { org } = setup();
    const a = await org().send(new DescribeAccountCommand({ AccountId: AUDIT }));
    expect(a.Account).toMatchObject({
      Id: AUDIT,
      Name: 'Security Tooling',
      Status: 'ACTIVE',
      JoinedMethod: 'CREATED',
    });
    await expect(org().send(new DescribeAccountCommand({ AccountId: OUTSIDER }))).rejects.toBeInstanceOf(
      AccountNotFoundException,
    );
    await expect(org().send(new DescribeAccountCommand({ AccountId: '12' }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_PATTERN',
    });
  });

  it('creates an organization with SCPs enabled, once', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganization.html
    const sandbox = new Sandbox({ services: [organizationsService], clock: new VirtualClock() });
    sandbox.world.accounts.set(MGMT, {
      id: MGMT,
      name: 'mgmt',
      email: 'm@example.com',
      status: 'ACTIVE',
      joinedMethod: 'CREATED',
      joinedAt: 0,
      enabledRegions: new Set(['us-east-1']),
      assumableRoles: new Set(),
      tags: {},
    });
    const client = sandbox.attach(
      new OrganizationsClient({
        region: 'us-east-1',
        credentials: sandbox.adminCredentials(MGMT),
        maxAttempts: 1,
      }),
    );
    const created = await client.send(new CreateOrganizationCommand({}));
    expect(created.Organization).toMatchObject({ FeatureSet: 'ALL', MasterAccountId: MGMT });
    const roots = await client.send(new ListRootsCommand({}));
    expect(roots.Roots?.[0]?.PolicyTypes).toEqual([{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    const scps = await client.send(
      new ListPoliciesForTargetCommand({ TargetId: MGMT, Filter: 'SERVICE_CONTROL_POLICY' }),
    );
    expect(scps.Policies?.map((p) => p.Id)).toEqual([FULL_AWS_ACCESS_POLICY_ID]);
    await expect(client.send(new CreateOrganizationCommand({}))).rejects.toBeInstanceOf(
      AlreadyInOrganizationException,
    );
  });

  it('enables all features at once when no member joined by invitation, and only once', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnableAllFeatures.html
    const sandbox = new Sandbox({ services: [organizationsService], clock: new VirtualClock() });
    seedOrganization(sandbox.world, {
      managementAccountId: MGMT,
      featureSet: 'CONSOLIDATED_BILLING',
      accounts: [{ id: AUDIT }],
    });
    const client = sandbox.attach(
      new OrganizationsClient({
        region: 'us-east-1',
        credentials: sandbox.adminCredentials(MGMT),
        maxAttempts: 1,
      }),
    );
    const rootId = sandbox.world.organization!.rootId;
    // Policy types are unavailable in a consolidated-billing organization.
    await expect(
      client.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })),
    ).rejects.toBeInstanceOf(PolicyTypeNotAvailableForOrganizationException);
    const h = await client.send(new EnableAllFeaturesCommand({}));
    expect(h.Handshake).toMatchObject({ Action: 'ENABLE_ALL_FEATURES', State: 'ACCEPTED' });
    expect((await client.send(new DescribeOrganizationCommand({}))).Organization?.FeatureSet).toBe('ALL');
    await expect(client.send(new EnableAllFeaturesCommand({}))).rejects.toMatchObject({
      name: HandshakeConstraintViolationException.name,
      Reason: 'ORGANIZATION_ALREADY_HAS_ALL_FEATURES',
    });
  });
});

describe('trusted access and delegated administrators', () => {
  const GD = 'guardduty.amazonaws.com';

  it('requires trusted access before registering a delegated administrator', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
    // (ConstraintViolationException SERVICE_ACCESS_NOT_ENABLED: "Call the EnableAWSServiceAccess API first")
    const { org } = setup();
    await expect(
      org().send(new RegisterDelegatedAdministratorCommand({ AccountId: AUDIT, ServicePrincipal: GD })),
    ).rejects.toMatchObject({ name: 'ConstraintViolationException', Reason: 'SERVICE_ACCESS_NOT_ENABLED' });
    await org().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: GD }));
    await org().send(new RegisterDelegatedAdministratorCommand({ AccountId: AUDIT, ServicePrincipal: GD }));
    const list = await org().send(new ListAWSServiceAccessForOrganizationCommand({}));
    expect(list.EnabledServicePrincipals?.map((p) => p.ServicePrincipal)).toEqual([GD]);
  });

  it('never registers the management account, a suspended account or an outsider', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
    const { org } = setup();
    await org().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: GD }));
    const reg = (AccountId: string) =>
      org().send(new RegisterDelegatedAdministratorCommand({ AccountId, ServicePrincipal: GD }));
    await expect(reg(MGMT)).rejects.toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
    });
    await expect(reg('555555555555')).rejects.toMatchObject({
      Reason: 'CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR',
    });
    await expect(reg(OUTSIDER)).rejects.toBeInstanceOf(AccountNotFoundException);
  });

  it('rejects a duplicate registration, a second admin for a one-admin service and unknown principals', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
    // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html (one delegated admin)
    const { org } = setup();
    await org().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: GD }));
    await org().send(new RegisterDelegatedAdministratorCommand({ AccountId: AUDIT, ServicePrincipal: GD }));
    await expect(
      org().send(new RegisterDelegatedAdministratorCommand({ AccountId: AUDIT, ServicePrincipal: GD })),
    ).rejects.toBeInstanceOf(AccountAlreadyRegisteredException);
    await expect(
      org().send(new RegisterDelegatedAdministratorCommand({ AccountId: LOGS, ServicePrincipal: GD })),
    ).rejects.toMatchObject({ Reason: 'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE' });
    await expect(
      org().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guarduty.amazonaws.com' })),
    ).rejects.toMatchObject({ name: 'InvalidInputException', Reason: 'UNRECOGNIZED_SERVICE_PRINCIPAL' });
  });

  it('lists, reports per account and deregisters delegated administrators', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedServicesForAccount.html
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeregisterDelegatedAdministrator.html
    const { org } = setup();
    for (const p of [GD, 'config.amazonaws.com']) {
      await org().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: p }));
      await org().send(new RegisterDelegatedAdministratorCommand({ AccountId: AUDIT, ServicePrincipal: p }));
    }
    const all = await org().send(new ListDelegatedAdministratorsCommand({}));
    expect(all.DelegatedAdministrators?.map((a) => a.Id)).toEqual([AUDIT]);
    const services = await org(AUDIT).send(new ListDelegatedServicesForAccountCommand({ AccountId: AUDIT }));
    expect(services.DelegatedServices?.map((s) => s.ServicePrincipal).sort()).toEqual([
      'config.amazonaws.com',
      GD,
    ]);
    await org().send(new DeregisterDelegatedAdministratorCommand({ AccountId: AUDIT, ServicePrincipal: GD }));
    const gd = await org().send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: GD }));
    expect(gd.DelegatedAdministrators).toEqual([]);
    await expect(
      org().send(new DeregisterDelegatedAdministratorCommand({ AccountId: AUDIT, ServicePrincipal: GD })),
    ).rejects.toBeInstanceOf(AccountNotRegisteredException);
    await expect(
      org().send(new ListDelegatedServicesForAccountCommand({ AccountId: LOGS })),
    ).rejects.toBeInstanceOf(AccountNotRegisteredException);
  });

  it("shows an admin registered through a service's own admin API, as AWS does", async () => {
    // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_EnableOrganizationAdminAccount.html
    const fakeGuardDuty = defineService({
      name: 'guardduty',
      clientName: 'GuardDutyClient',
      scope: 'regional',
      protocol: 'rest-json',
      operations: {
        EnableOrganizationAdminAccount: (ctx, input: { AdminAccountId: string }) => {
          registerServiceAdmin(ctx, GD, input.AdminAccountId);
          return {};
        },
      },
    });
    const { as } = orgSandbox([organizationsService, fakeGuardDuty]);
    await as(GuardDutyClient, MGMT).send(
      new EnableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }),
    );
    const list = await as(OrganizationsClient, MGMT).send(
      new ListDelegatedAdministratorsCommand({ ServicePrincipal: GD }),
    );
    expect(list.DelegatedAdministrators?.map((a) => a.Id)).toEqual([AUDIT]);
  });

  it('refuses to disable service access while a policy type depends on it', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DisableAWSServiceAccess.html and
    // API_EnablePolicyType.html (ConstraintViolationException POLICY_TYPE_ENABLED_FOR_THIS_SERVICE, SERVICE_ACCESS_NOT_ENABLED)
    const { org, rootId } = setup();
    const SH = 'securityhub.amazonaws.com';
    await expect(
      org().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SECURITYHUB_POLICY' })),
    ).rejects.toMatchObject({ Reason: 'SERVICE_ACCESS_NOT_ENABLED' });
    await org().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: SH }));
    await org().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SECURITYHUB_POLICY' }));
    await expect(
      org().send(new DisableAWSServiceAccessCommand({ ServicePrincipal: SH })),
    ).rejects.toMatchObject({
      Reason: 'POLICY_TYPE_ENABLED_FOR_THIS_SERVICE',
    });
    await org().send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SECURITYHUB_POLICY' }));
    await org().send(new DisableAWSServiceAccessCommand({ ServicePrincipal: SH }));
    const list = await org().send(new ListAWSServiceAccessForOrganizationCommand({}));
    expect(list.EnabledServicePrincipals).toEqual([]);
  });
});

describe('policy types and policies', () => {
  it('attaches FullAWSAccess to the root, every OU and every account when SCPs are enabled', async () => {
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html
    const { org, rootId, ouId } = setup();
    const r = await org().send(
      new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }),
    );
    expect(r.Root?.PolicyTypes).toEqual([{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    const targets = await org().send(
      new ListTargetsForPolicyCommand({ PolicyId: FULL_AWS_ACCESS_POLICY_ID }),
    );
    expect(targets.Targets?.map((t) => t.TargetId).sort()).toEqual(
      [rootId, ouId('Security'), ouId('Workloads'), MGMT, AUDIT, LOGS, WORKLOAD, '555555555555'].sort(),
    );
    // A new OU gets it too.
    const ou = await org().send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Infrastructure' }),
    );
    const onNew = await org().send(
      new ListPoliciesForTargetCommand({
        TargetId: ou.OrganizationalUnit!.Id!,
        Filter: 'SERVICE_CONTROL_POLICY',
      }),
    );
    expect(onNew.Policies?.map((p) => p.Id)).toEqual([FULL_AWS_ACCESS_POLICY_ID]);
    await expect(
      org().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })),
    ).rejects.toBeInstanceOf(PolicyTypeAlreadyEnabledException);
    await expect(
      org().send(new EnablePolicyTypeCommand({ RootId: 'r-zzzz', PolicyType: 'SERVICE_CONTROL_POLICY' })),
    ).rejects.toBeInstanceOf(RootNotFoundException);
  });

  it('attaches RCPFullAWSAccess everywhere and never detaches it', async () => {
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
    const { org, rootId } = setup();
    await org().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const onAccount = await org().send(
      new ListPoliciesForTargetCommand({ TargetId: WORKLOAD, Filter: 'RESOURCE_CONTROL_POLICY' }),
    );
    expect(onAccount.Policies?.map((p) => [p.Id, p.AwsManaged])).toEqual([
      [RCP_FULL_AWS_ACCESS_POLICY_ID, true],
    ]);
    await expect(
      org().send(new DetachPolicyCommand({ PolicyId: RCP_FULL_AWS_ACCESS_POLICY_ID, TargetId: WORKLOAD })),
    ).rejects.toMatchObject({ name: 'InvalidInputException', Reason: 'NON_DETACHABLE_POLICY' });
  });

  it('reports a pending policy type while the change propagates', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html ("asynchronous")
    const { org, rootId, clock } = setup({ propagationDelayMs: { 'organizations:policy-type': 30_000 } });
    const r = await org().send(
      new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }),
    );
    expect(r.Root?.PolicyTypes).toEqual([{ Type: 'SERVICE_CONTROL_POLICY', Status: 'PENDING_ENABLE' }]);
    clock.advance(30_000);
    const roots = await org().send(new ListRootsCommand({}));
    expect(roots.Roots?.[0]?.PolicyTypes).toEqual([{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
  });

  it('validates policy documents: JSON, size limit of the type, unique names', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html (SCP 5,120 characters)
    const { org } = setup();
    const create = (Name: string, Content: string) =>
      org().send(new CreatePolicyCommand({ Name, Content, Description: '', Type: 'SERVICE_CONTROL_POLICY' }));
    await expect(create('broken', '{not json')).rejects.toBeInstanceOf(MalformedPolicyDocumentException);
    const padded = JSON.stringify({ Version: '2012-10-17', Statement: [], Sid: 'x'.repeat(5120) });
    await expect(create('big', padded)).rejects.toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'POLICY_CONTENT_LIMIT_EXCEEDED',
    });
    const ok = await create('deny-x', SCP);
    expect(ok.Policy?.PolicySummary).toMatchObject({
      Name: 'deny-x',
      AwsManaged: false,
      Type: 'SERVICE_CONTROL_POLICY',
    });
    expect(ok.Policy?.PolicySummary?.Id).toMatch(/^p-[0-9a-zA-Z_]{8,128}$/);
    await expect(create('deny-x', SCP)).rejects.toBeInstanceOf(DuplicatePolicyException);
    const listed = await org().send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    expect(listed.Policies?.map((p) => p.Name).sort()).toEqual(['FullAWSAccess', 'deny-x']);
  });

  it('attaches only enabled types, once, and at most five SCPs per target', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html (5 SCPs per entity)
    const { org, rootId } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await org().send(
        new CreatePolicyCommand({
          Name: `scp-${i}`,
          Content: SCP,
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
        }),
      );
      ids.push(p.Policy!.PolicySummary!.Id!);
    }
    await expect(
      org().send(new AttachPolicyCommand({ PolicyId: ids[0], TargetId: WORKLOAD })),
    ).rejects.toBeInstanceOf(PolicyTypeNotEnabledException);
    await org().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    for (const id of ids.slice(0, 4))
      await org().send(new AttachPolicyCommand({ PolicyId: id, TargetId: WORKLOAD }));
    await expect(
      org().send(new AttachPolicyCommand({ PolicyId: ids[0], TargetId: WORKLOAD })),
    ).rejects.toBeInstanceOf(DuplicatePolicyAttachmentException);
    await expect(
      org().send(new AttachPolicyCommand({ PolicyId: ids[4], TargetId: WORKLOAD })),
    ).rejects.toMatchObject({
      name: ConstraintViolationException.name,
      Reason: 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
    });
    await expect(
      org().send(new AttachPolicyCommand({ PolicyId: ids[4], TargetId: OUTSIDER })),
    ).rejects.toBeInstanceOf(TargetNotFoundException);
  });

  it('keeps at least one SCP on every target and detaches only what is attached', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
    const { org, rootId } = setup();
    await org().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const detachFull = () =>
      org().send(new DetachPolicyCommand({ PolicyId: FULL_AWS_ACCESS_POLICY_ID, TargetId: WORKLOAD }));
    await expect(detachFull()).rejects.toMatchObject({ Reason: 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED' });
    const p = await org().send(
      new CreatePolicyCommand({
        Name: 'allow-list',
        Content: SCP,
        Description: '',
        Type: 'SERVICE_CONTROL_POLICY',
      }),
    );
    const id = p.Policy!.PolicySummary!.Id!;
    await expect(
      org().send(new DetachPolicyCommand({ PolicyId: id, TargetId: WORKLOAD })),
    ).rejects.toBeInstanceOf(PolicyNotAttachedException);
    await org().send(new AttachPolicyCommand({ PolicyId: id, TargetId: WORKLOAD }));
    await detachFull();
    const left = await org().send(
      new ListPoliciesForTargetCommand({ TargetId: WORKLOAD, Filter: 'SERVICE_CONTROL_POLICY' }),
    );
    expect(left.Policies?.map((x) => x.Id)).toEqual([id]);
  });

  it('deletes a policy only when detached, never an AWS-managed one', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeletePolicy.html
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdatePolicy.html (InvalidInputException IMMUTABLE_POLICY)
    const { org, rootId } = setup();
    await org().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const p = await org().send(
      new CreatePolicyCommand({
        Name: 'guard',
        Content: SCP,
        Description: 'd',
        Type: 'SERVICE_CONTROL_POLICY',
      }),
    );
    const id = p.Policy!.PolicySummary!.Id!;
    await org().send(new AttachPolicyCommand({ PolicyId: id, TargetId: rootId }));
    await expect(org().send(new DeletePolicyCommand({ PolicyId: id }))).rejects.toBeInstanceOf(
      PolicyInUseException,
    );
    await expect(
      org().send(new DeletePolicyCommand({ PolicyId: FULL_AWS_ACCESS_POLICY_ID })),
    ).rejects.toMatchObject({
      name: InvalidInputException.name,
      Reason: 'IMMUTABLE_POLICY',
    });
    await expect(
      org().send(new UpdatePolicyCommand({ PolicyId: FULL_AWS_ACCESS_POLICY_ID, Name: 'mine' })),
    ).rejects.toMatchObject({ Reason: 'IMMUTABLE_POLICY' });
    await org().send(new DetachPolicyCommand({ PolicyId: id, TargetId: rootId }));
    await org().send(new DeletePolicyCommand({ PolicyId: id }));
    await expect(org().send(new DescribePolicyCommand({ PolicyId: id }))).rejects.toBeInstanceOf(
      PolicyNotFoundException,
    );
  });

  it('updates a policy and keeps its content within the rules', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdatePolicy.html
    const { org } = setup();
    const p = await org().send(
      new CreatePolicyCommand({ Name: 'a', Content: SCP, Description: '', Type: 'SERVICE_CONTROL_POLICY' }),
    );
    const id = p.Policy!.PolicySummary!.Id!;
    await expect(org().send(new UpdatePolicyCommand({ PolicyId: id, Content: '[' }))).rejects.toBeInstanceOf(
      MalformedPolicyDocumentException,
    );
    const u = await org().send(new UpdatePolicyCommand({ PolicyId: id, Name: 'b', Description: 'new' }));
    expect(u.Policy?.PolicySummary).toMatchObject({ Name: 'b', Description: 'new' });
    expect(u.Policy?.Content).toBe(SCP);
  });

  it('detaches every policy of a type when the type is disabled', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DisablePolicyType.html
    const { org, rootId } = setup();
    await org().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    await org().send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const t = await org().send(new ListTargetsForPolicyCommand({ PolicyId: FULL_AWS_ACCESS_POLICY_ID }));
    expect(t.Targets).toEqual([]);
    await expect(
      org().send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })),
    ).rejects.toBeInstanceOf(PolicyTypeNotEnabledException);
  });

  it('lets scenario builders lay policies down without the API', async () => {
    const { org, sandbox } = setup();
    enablePolicyTypeInWorld(sandbox.world, 'SERVICE_CONTROL_POLICY');
    const id = createPolicyInWorld(sandbox.world, {
      name: 'deny-leave',
      type: 'SERVICE_CONTROL_POLICY',
      content: SCP,
      targets: [AUDIT],
    });
    const onAudit = await org().send(
      new ListPoliciesForTargetCommand({ TargetId: AUDIT, Filter: 'SERVICE_CONTROL_POLICY' }),
    );
    expect(onAudit.Policies?.map((p) => p.Id).sort()).toEqual([FULL_AWS_ACCESS_POLICY_ID, id].sort());
  });
});

describe('organizational units and accounts', () => {
  it('creates, renames, describes and lists OUs; rejects duplicates among siblings', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganizationalUnit.html
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdateOrganizationalUnit.html
    const { org, rootId, ouId } = setup();
    const ou = await org().send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Infrastructure' }),
    );
    const id = ou.OrganizationalUnit!.Id!;
    expect(id).toMatch(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/);
    await expect(
      org().send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Infrastructure' })),
    ).rejects.toBeInstanceOf(DuplicateOrganizationalUnitException);
    await expect(
      org().send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: id, Name: 'Security' })),
    ).rejects.toBeInstanceOf(DuplicateOrganizationalUnitException);
    await org().send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: id, Name: 'Infra' }));
    const d = await org().send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id }));
    expect(d.OrganizationalUnit?.Name).toBe('Infra');
    const list = await org().send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }));
    expect(list.OrganizationalUnits?.map((o) => o.Name).sort()).toEqual(['Infra', 'Security', 'Workloads']);
    const kids = await org().send(
      new ListChildrenCommand({ ParentId: ouId('Security'), ChildType: 'ACCOUNT' }),
    );
    expect(kids.Children?.map((c) => c.Id).sort()).toEqual([AUDIT, LOGS].sort());
    const parents = await org().send(new ListParentsCommand({ ChildId: AUDIT }));
    expect(parents.Parents).toEqual([{ Id: ouId('Security'), Type: 'ORGANIZATIONAL_UNIT' }]);
    await expect(
      org().send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-1111-zzzzzzzz' })),
    ).rejects.toBeInstanceOf(OrganizationalUnitNotFoundException);
  });

  it('nests OUs at most five levels deep', async () => {
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
    const { org, rootId } = setup();
    let parent = rootId;
    for (let level = 1; level <= 5; level++) {
      const ou = await org().send(
        new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `L${level}` }),
      );
      parent = ou.OrganizationalUnit!.Id!;
    }
    await expect(
      org().send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'L6' })),
    ).rejects.toMatchObject({ name: 'ConstraintViolationException', Reason: 'OU_DEPTH_LIMIT_EXCEEDED' });
  });

  it('deletes only empty OUs', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeleteOrganizationalUnit.html
    const { org, ouId, rootId } = setup();
    await expect(
      org().send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ouId('Workloads') })),
    ).rejects.toBeInstanceOf(OrganizationalUnitNotEmptyException);
    await org().send(
      new MoveAccountCommand({
        AccountId: WORKLOAD,
        SourceParentId: ouId('Workloads'),
        DestinationParentId: rootId,
      }),
    );
    await org().send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ouId('Workloads') }));
    const inRoot = await org().send(new ListAccountsForParentCommand({ ParentId: rootId }));
    expect(inRoot.Accounts?.map((a) => a.Id).sort()).toEqual([MGMT, WORKLOAD, '555555555555'].sort());
  });

  it('moves accounts only from their real parent to another existing parent', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_MoveAccount.html
    const { org, ouId, rootId } = setup();
    const move = (SourceParentId: string, DestinationParentId: string) =>
      org().send(new MoveAccountCommand({ AccountId: AUDIT, SourceParentId, DestinationParentId }));
    await expect(move(rootId, ouId('Workloads'))).rejects.toBeInstanceOf(SourceParentNotFoundException);
    await expect(move(ouId('Security'), 'ou-1111-zzzzzzzz')).rejects.toBeInstanceOf(
      DestinationParentNotFoundException,
    );
    await expect(move(ouId('Security'), ouId('Security'))).rejects.toBeInstanceOf(DuplicateAccountException);
    await move(ouId('Security'), ouId('Workloads'));
    const parents = await org().send(new ListParentsCommand({ ChildId: AUDIT }));
    expect(parents.Parents?.[0]?.Id).toBe(ouId('Workloads'));
  });
});

describe('tags', () => {
  it('tags accounts, OUs, the root and policies; rejects aws: keys and unknown resources', async () => {
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_TagResource.html
    // https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTagsForResource.html
    const { org, rootId, ouId } = setup();
    for (const id of [WORKLOAD, rootId, ouId('Security'), FULL_AWS_ACCESS_POLICY_ID]) {
      await org().send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: 'owner', Value: id }] }));
      const t = await org().send(new ListTagsForResourceCommand({ ResourceId: id }));
      expect(t.Tags).toEqual([{ Key: 'owner', Value: id }]);
    }
    await org().send(new UntagResourceCommand({ ResourceId: WORKLOAD, TagKeys: ['owner'] }));
    expect((await org().send(new ListTagsForResourceCommand({ ResourceId: WORKLOAD }))).Tags).toEqual([]);
    await expect(
      org().send(new TagResourceCommand({ ResourceId: WORKLOAD, Tags: [{ Key: 'aws:x', Value: '1' }] })),
    ).rejects.toMatchObject({ Reason: 'INVALID_SYSTEM_TAGS_PARAMETER' });
    await expect(org().send(new ListTagsForResourceCommand({ ResourceId: OUTSIDER }))).rejects.toBeInstanceOf(
      TargetNotFoundException,
    );
  });
});

describe('client plumbing', () => {
  it('answers through a client attached after construction with any Region', async () => {
    const { sandbox } = setup();
    const client = new OrganizationsClient({
      region: 'eu-west-1',
      credentials: sandbox.adminCredentials(MGMT),
      maxAttempts: 1,
    });
    sandbox.attach(client as unknown as SdkClientLike);
    const r = await client.send(new ListRootsCommand({}));
    expect(r.Roots?.[0]?.Id).toBe(sandbox.world.organization!.rootId);
  });
});
