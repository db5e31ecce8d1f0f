/**
 * Semantics of the simulated IAM Identity Center admin API, each pinned to the page that documents it.
 */
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  DescribeInstanceCommand,
  ListInstancesCommand,
  ResourceNotFoundException,
  SSOAdminClient,
  ValidationException,
} from '@aws-sdk/client-sso-admin';
import {
  SSO_SERVICE_PRINCIPAL,
  createAccountInstance,
  enableOrganizationInstance,
  ssoAdminService,
} from '../../src/sandbox/services/sso-admin.js';
import { AUDIT, MGMT, WORKLOAD, orgSandbox } from './helpers.js';

function setup() {
  const env = orgSandbox([ssoAdminService]);
  const sso = (account = MGMT, region = 'us-east-1') => env.as(SSOAdminClient, account, region);
  return { ...env, sso, world: env.sandbox.world };
}

describe('ListInstances', () => {
  it('is empty before Identity Center is enabled', async () => {
    // https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListInstances.html
    const { sso } = setup();
    const out = await sso().send(new ListInstancesCommand({}));
    expect(out.Instances).toEqual([]);
  });

  it('shows the organization instance to the management account in its Region only', async () => {
    // The organization instance lives in one Region.
    // https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-instances.html
    const { sso, world } = setup();
    const i = enableOrganizationInstance(world, 'eu-west-1', { name: 'corp' });
    const there = await sso(MGMT, 'eu-west-1').send(new ListInstancesCommand({}));
    expect(there.Instances).toHaveLength(1);
    expect(there.Instances?.[0]).toMatchObject({
      InstanceArn: i.arn,
      OwnerAccountId: MGMT,
      Status: 'ACTIVE',
      Name: 'corp',
      IdentityStoreId: i.identityStoreId,
    });
    const elsewhere = await sso(MGMT, 'us-east-1').send(new ListInstancesCommand({}));
    expect(elsewhere.Instances).toEqual([]);
  });

  it('enabling the organization instance turns on trusted access for sso.amazonaws.com', () => {
    // https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-sso.html
    const { world } = setup();
    expect(world.hasTrustedAccess(SSO_SERVICE_PRINCIPAL)).toBe(false);
    enableOrganizationInstance(world, 'us-east-1');
    expect(world.hasTrustedAccess(SSO_SERVICE_PRINCIPAL)).toBe(true);
  });

  it('an organization has one organization instance: enabling twice returns the same one', () => {
    const { world } = setup();
    const a = enableOrganizationInstance(world, 'us-east-1');
    const b = enableOrganizationInstance(world, 'eu-west-1');
    expect(b.arn).toBe(a.arn);
    expect(b.region).toBe('us-east-1');
  });

  it('shows the organization instance to the delegated administrator but not to other members', async () => {
    // https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html
    const { sso, world } = setup();
    enableOrganizationInstance(world, 'us-east-1');
    expect((await sso(AUDIT).send(new ListInstancesCommand({}))).Instances).toEqual([]);
    world.organization!.delegatedAdmins.set(SSO_SERVICE_PRINCIPAL, new Map([[AUDIT, 0]]));
    expect((await sso(AUDIT).send(new ListInstancesCommand({}))).Instances).toHaveLength(1);
    expect((await sso(WORKLOAD).send(new ListInstancesCommand({}))).Instances).toEqual([]);
  });

  it('shows an account instance to its owner only', async () => {
    const { sso, world } = setup();
    const i = createAccountInstance(world, WORKLOAD, 'us-east-1');
    const own = await sso(WORKLOAD).send(new ListInstancesCommand({}));
    expect(own.Instances?.map((x) => x.InstanceArn)).toEqual([i.arn]);
    expect(own.Instances?.[0]?.OwnerAccountId).toBe(WORKLOAD);
    expect((await sso(MGMT).send(new ListInstancesCommand({}))).Instances).toEqual([]);
  });

  it('rejects MaxResults outside 1–100 with ValidationException', async () => {
    // "Valid Range: Minimum value of 1. Maximum value of 100."
    const { sso } = setup();
    await expect(sso().send(new ListInstancesCommand({ MaxResults: 101 }))).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(sso().send(new ListInstancesCommand({ MaxResults: 0 }))).rejects.toBeInstanceOf(
      ValidationException,
    );
  });

  it('paginates with NextToken', async () => {
    const { sso, world } = setup();
    const arns = [0, 1, 2].map((n) => createAccountInstance(world, MGMT, 'us-east-1', { name: `i${n}` }).arn);
    const first = await sso().send(new ListInstancesCommand({ MaxResults: 2 }));
    expect(first.Instances).toHaveLength(2);
    expect(first.NextToken).toBeTruthy();
    const second = await sso().send(new ListInstancesCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(second.NextToken).toBeUndefined();
    expect([...(first.Instances ?? []), ...(second.Instances ?? [])].map((i) => i.InstanceArn)).toEqual(arns);
  });
});

describe('DescribeInstance', () => {
  it('describes a visible instance with its primary Region', async () => {
    // https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_DescribeInstance.html
    const { sso, world } = setup();
    const i = enableOrganizationInstance(world, 'us-east-1');
    const out = await sso().send(new DescribeInstanceCommand({ InstanceArn: i.arn }));
    expect(out).toMatchObject({
      InstanceArn: i.arn,
      OwnerAccountId: MGMT,
      Status: 'ACTIVE',
      PrimaryRegion: 'us-east-1',
    });
  });

  it('is ResourceNotFoundException for an unknown instance and ValidationException for a malformed ARN', async () => {
    const { sso } = setup();
    await expect(
      sso().send(
        new DescribeInstanceCommand({ InstanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000099' }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(sso().send(new DescribeInstanceCommand({ InstanceArn: 'nope' }))).rejects.toBeInstanceOf(
      ValidationException,
    );
  });

  it('is AccessDeniedException for an instance the caller may not see', async () => {
    const { sso, world } = setup();
    const i = enableOrganizationInstance(world, 'us-east-1');
    await expect(
      sso(WORKLOAD).send(new DescribeInstanceCommand({ InstanceArn: i.arn })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
  });
});
