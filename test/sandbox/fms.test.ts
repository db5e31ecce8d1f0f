/**
 * AWS Firewall Manager in the sandbox: the default administrator (management account, us-east-1) and the
 * administrator's policies.
 */
import { describe, expect, it } from 'vitest';
import {
  AssociateAdminAccountCommand,
  FMSClient,
  GetAdminAccountCommand,
  GetPolicyCommand,
  InvalidInputException,
  InvalidOperationException,
  ListPoliciesCommand,
  PutPolicyCommand,
  ResourceNotFoundException,
  type Policy,
} from '@aws-sdk/client-fms';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';
import { FMS_PRINCIPAL, fmsService } from '../../src/sandbox/services/fms.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';

const POLICY: Policy = {
  PolicyName: 'waf-baseline',
  SecurityServicePolicyData: { Type: 'WAFV2' },
  ResourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  ExcludeResourceTags: false,
  RemediationEnabled: true,
};

function setup(knobs: SandboxKnobs = {}) {
  const env = orgSandbox([fmsService], knobs);
  const fms = (account: string, region = 'us-east-1') => env.as(FMSClient, account, region);
  return { ...env, fms };
}

describe('administrator', () => {
  // https://docs.aws.amazon.com/waf/latest/developerguide/enable-integration.html
  it('is set by the management account in us-east-1 and registered as delegated administrator', async () => {
    const env = setup();
    await expect(env.fms(MGMT).send(new GetAdminAccountCommand({}))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await env.fms(MGMT).send(new AssociateAdminAccountCommand({ AdminAccount: AUDIT }));
    expect(await env.fms(MGMT).send(new GetAdminAccountCommand({}))).toMatchObject({
      AdminAccount: AUDIT,
      RoleStatus: 'READY',
    });
    expect((await env.fms(AUDIT).send(new GetAdminAccountCommand({}))).AdminAccount).toBe(AUDIT);
    expect(env.sandbox.world.delegatedAdminsFor(FMS_PRINCIPAL)).toEqual([AUDIT]);
    expect(env.sandbox.world.hasTrustedAccess(FMS_PRINCIPAL)).toBe(true);
  });

  it('refuses other Regions, other callers, non-members and a second administrator', async () => {
    const env = setup();
    await expect(
      env.fms(MGMT, 'eu-west-1').send(new AssociateAdminAccountCommand({ AdminAccount: AUDIT })),
    ).rejects.toBeInstanceOf(InvalidOperationException);
    // "… is not the management account of the Organization but trying to AssociateAdmin …"
    await expect(
      env.fms(AUDIT).send(new AssociateAdminAccountCommand({ AdminAccount: AUDIT })),
    ).rejects.toThrow(/is not the management account of the Organization/);
    await expect(
      env.fms(MGMT).send(new AssociateAdminAccountCommand({ AdminAccount: OUTSIDER })),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await env.fms(MGMT).send(new AssociateAdminAccountCommand({ AdminAccount: AUDIT }));
    await expect(
      env.fms(MGMT).send(new AssociateAdminAccountCommand({ AdminAccount: LOGS })),
    ).rejects.toBeInstanceOf(InvalidOperationException);
    await expect(env.fms(WORKLOAD).send(new GetAdminAccountCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(env.fms(MGMT, 'eu-west-1').send(new GetAdminAccountCommand({}))).rejects.toBeInstanceOf(
      InvalidOperationException,
    );
  });

  it('reports CREATING while the fms:admin propagation delay runs', async () => {
    const env = setup({ propagationDelayMs: { 'fms:admin': 60_000 } });
    await env.fms(MGMT).send(new AssociateAdminAccountCommand({ AdminAccount: AUDIT }));
    expect((await env.fms(MGMT).send(new GetAdminAccountCommand({}))).RoleStatus).toBe('CREATING');
    await expect(env.fms(AUDIT).send(new ListPoliciesCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    env.clock.advance(60_000);
    expect((await env.fms(MGMT).send(new GetAdminAccountCommand({}))).RoleStatus).toBe('READY');
    expect((await env.fms(AUDIT).send(new ListPoliciesCommand({}))).PolicyList).toEqual([]);
  });
});

describe('policies', () => {
  // https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_PutPolicy.html
  it('are created, read and listed by the administrator per Region', async () => {
    const env = setup();
    await env.fms(MGMT).send(new AssociateAdminAccountCommand({ AdminAccount: AUDIT }));
    const put = await env.fms(AUDIT).send(new PutPolicyCommand({ Policy: POLICY }));
    expect(put.PolicyArn).toMatch(/^arn:aws:fms:us-east-1:222222222222:policy\/[a-f0-9-]{36}$/);
    const got = await env.fms(AUDIT).send(new GetPolicyCommand({ PolicyId: put.Policy!.PolicyId }));
    expect(got.Policy).toMatchObject({ PolicyName: 'waf-baseline', DeleteUnusedFMManagedResources: false });
    const listed = await env.fms(AUDIT).send(new ListPoliciesCommand({}));
    // https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_PolicySummary.html
    expect(listed.PolicyList).toEqual([
      {
        PolicyArn: put.PolicyArn,
        PolicyId: put.Policy!.PolicyId,
        PolicyName: 'waf-baseline',
        ResourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        SecurityServiceType: 'WAFV2',
        RemediationEnabled: true,
        DeleteUnusedFMManagedResources: false,
        PolicyStatus: 'ACTIVE',
      },
    ]);
    expect((await env.fms(AUDIT, 'eu-west-1').send(new ListPoliciesCommand({}))).PolicyList).toEqual([]);
  });

  // "Operation: PutPolicy is only available to Administration account in AWS Firewall Manager."
  // (https://github.com/hashicorp/terraform/issues/30545)
  it('are refused to anyone but the administrator', async () => {
    const env = setup();
    await env.fms(MGMT).send(new AssociateAdminAccountCommand({ AdminAccount: AUDIT }));
    for (const account of [MGMT, WORKLOAD]) {
      await expect(env.fms(account).send(new PutPolicyCommand({ Policy: POLICY }))).rejects.toThrow(
        /only available to Administration account/,
      );
      await expect(env.fms(account).send(new ListPoliciesCommand({}))).rejects.toMatchObject({
        name: 'AccessDeniedException',
      });
    }
  });

  // https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_ListPolicies.html (MaxResults 1–100)
  it('page by at most 100 and validate required fields', async () => {
    const env = setup();
    await env.fms(MGMT).send(new AssociateAdminAccountCommand({ AdminAccount: AUDIT }));
    for (const n of [1, 2, 3]) {
      await env.fms(AUDIT).send(new PutPolicyCommand({ Policy: { ...POLICY, PolicyName: `p${n}` } }));
    }
    const first = await env.fms(AUDIT).send(new ListPoliciesCommand({ MaxResults: 2 }));
    const second = await env
      .fms(AUDIT)
      .send(new ListPoliciesCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect([...first.PolicyList!, ...second.PolicyList!].map((p) => p.PolicyName)).toEqual([
      'p1',
      'p2',
      'p3',
    ]);
    await expect(env.fms(AUDIT).send(new ListPoliciesCommand({ MaxResults: 101 }))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
    await expect(
      env
        .fms(AUDIT)
        .send(new PutPolicyCommand({ Policy: { ...POLICY, SecurityServicePolicyData: undefined } as never })),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await expect(
      env.fms(AUDIT).send(new GetPolicyCommand({ PolicyId: '00000000-0000-0000-0000-000000000000' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
