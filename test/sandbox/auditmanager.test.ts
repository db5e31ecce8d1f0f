import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  AuditManagerClient,
  DeregisterAccountCommand,
  DeregisterOrganizationAdminAccountCommand,
  GetAccountStatusCommand,
  GetOrganizationAdminAccountCommand,
  RegisterAccountCommand,
  RegisterOrganizationAdminAccountCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-auditmanager';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';
import {
  AUDIT_MANAGER_PRINCIPAL,
  auditManagerAdmin,
  auditManagerService,
} from '../../src/sandbox/services/auditmanager.js';

function setup() {
  const env = orgSandbox([auditManagerService]);
  const am = (account: string, region = 'us-east-1') => env.as(AuditManagerClient, account, region);
  return { ...env, am };
}

describe('AWS Audit Manager sandbox', () => {
  // https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_GetAccountStatus.html
  // https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_RegisterAccount.html
  it('reports INACTIVE until the account registers, per Region, and INACTIVE again after deregistering', async () => {
    const { am } = setup();
    expect((await am(WORKLOAD).send(new GetAccountStatusCommand({}))).status).toBe('INACTIVE');
    expect((await am(WORKLOAD).send(new RegisterAccountCommand({}))).status).toBe('ACTIVE');
    expect((await am(WORKLOAD).send(new GetAccountStatusCommand({}))).status).toBe('ACTIVE');
    expect((await am(WORKLOAD, 'eu-west-1').send(new GetAccountStatusCommand({}))).status).toBe('INACTIVE');
    expect((await am(WORKLOAD).send(new DeregisterAccountCommand({}))).status).toBe('INACTIVE');
    expect((await am(WORKLOAD).send(new GetAccountStatusCommand({}))).status).toBe('INACTIVE');
  });

  it('accepts only a KMS key ARN or DEFAULT as the registration key', async () => {
    const { am } = setup();
    await expect(am(WORKLOAD).send(new RegisterAccountCommand({ kmsKey: 'my-key' }))).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(
      am(WORKLOAD).send(
        new RegisterAccountCommand({
          kmsKey: `arn:aws:kms:us-east-1:${WORKLOAD}:key/1234abcd-12ab-34cd-56ef-12345678`,
        }),
      ),
    ).resolves.toMatchObject({ status: 'ACTIVE' });
  });

  // https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_GetOrganizationAdminAccount.html
  it('refuses organization admin calls from an unregistered management account and from members', async () => {
    const { am } = setup();
    await expect(am(MGMT).send(new GetOrganizationAdminAccountCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      am(MGMT).send(new RegisterOrganizationAdminAccountCommand({ adminAccountId: AUDIT })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    await am(AUDIT).send(new RegisterAccountCommand({}));
    await expect(am(AUDIT).send(new GetOrganizationAdminAccountCommand({}))).rejects.toBeInstanceOf(
      AccessDeniedException,
    );
  });

  it('answers ResourceNotFoundException while no administrator is designated', async () => {
    const { am } = setup();
    await am(MGMT).send(new RegisterAccountCommand({}));
    await expect(am(MGMT).send(new GetOrganizationAdminAccountCommand({}))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  // https://docs.aws.amazon.com/audit-manager/latest/userguide/add-delegated-admin.html
  it('designates a member (never the management account) per Region and registers it in Organizations', async () => {
    const { am, sandbox } = setup();
    await am(MGMT).send(new RegisterAccountCommand({}));
    for (const bad of [MGMT, OUTSIDER, '12']) {
      await expect(
        am(MGMT).send(new RegisterOrganizationAdminAccountCommand({ adminAccountId: bad })),
      ).rejects.toBeInstanceOf(ValidationException);
    }
    const out = await am(MGMT).send(new RegisterOrganizationAdminAccountCommand({ adminAccountId: AUDIT }));
    expect(out).toMatchObject({ adminAccountId: AUDIT, organizationId: sandbox.world.organization!.id });
    expect(await am(MGMT).send(new GetOrganizationAdminAccountCommand({}))).toMatchObject({
      adminAccountId: AUDIT,
    });
    expect(sandbox.world.delegatedAdminsFor(AUDIT_MANAGER_PRINCIPAL)).toEqual([AUDIT]);
    // Per Region: nothing designated in eu-west-1 yet.
    expect(auditManagerAdmin(sandbox.world, 'eu-west-1')).toBeUndefined();
    await am(MGMT, 'eu-west-1').send(new RegisterAccountCommand({ delegatedAdminAccount: AUDIT }));
    expect(auditManagerAdmin(sandbox.world, 'eu-west-1')).toBe(AUDIT);
  });

  // https://docs.aws.amazon.com/audit-manager/latest/userguide/delegated-admin-issues.html
  it('allows only one delegated administrator, in this Region and across Regions', async () => {
    const { am } = setup();
    await am(MGMT).send(new RegisterAccountCommand({ delegatedAdminAccount: AUDIT }));
    await expect(
      am(MGMT).send(new RegisterOrganizationAdminAccountCommand({ adminAccountId: LOGS })),
    ).rejects.toThrow(/Cannot change delegated Admin/);
    await am(MGMT, 'eu-west-1').send(new RegisterAccountCommand({}));
    await expect(
      am(MGMT, 'eu-west-1').send(new RegisterOrganizationAdminAccountCommand({ adminAccountId: LOGS })),
    ).rejects.toThrow(/exceeded the allowed number of delegated administrators/);
  });

  // https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_DeregisterOrganizationAdminAccount.html
  it('removes the administrator per Region and deregisters it in Organizations after the last Region', async () => {
    const { am, sandbox } = setup();
    await am(MGMT).send(new RegisterAccountCommand({ delegatedAdminAccount: AUDIT }));
    await am(MGMT, 'eu-west-1').send(new RegisterAccountCommand({ delegatedAdminAccount: AUDIT }));
    await expect(
      am(MGMT).send(new DeregisterOrganizationAdminAccountCommand({ adminAccountId: LOGS })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await am(MGMT).send(new DeregisterOrganizationAdminAccountCommand({ adminAccountId: AUDIT }));
    expect(sandbox.world.delegatedAdminsFor(AUDIT_MANAGER_PRINCIPAL)).toEqual([AUDIT]);
    await am(MGMT, 'eu-west-1').send(new DeregisterOrganizationAdminAccountCommand({}));
    expect(sandbox.world.delegatedAdminsFor(AUDIT_MANAGER_PRINCIPAL)).toEqual([]);
    await expect(am(MGMT).send(new GetOrganizationAdminAccountCommand({}))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});
