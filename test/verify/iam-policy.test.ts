/**
 * `sra iam-policy verify` is generated from the collectors' declared reads. This proves the
 * declarations true: every command the collectors send in the sandbox scenarios is declared (so the
 * policy is sufficient), and every declared action is sent in some scenario or is listed below with
 * the state that needs it (so the policy grants nothing more than verify uses).
 */
import { describe, expect, it } from 'vitest';
import {
  controlTower,
  drifted,
  greenfield,
  halfDeployed,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { ORGANIZATION_READER } from '../../src/cli/commands/verify.js';
import { runVerify } from '../../src/verify/verify.js';
import { actionFor, ENGINE_READS, verifyPolicies } from '../../src/verify/iam-policy.js';
import { accessFor } from './harness.js';

const collectors = SERVICE_MODULES.flatMap((m) => m.collectors);

/**
 * Declared actions no scenario sends, each with the state that makes verify send it. Anything declared
 * and missing from both the scenarios and this list is a permission verify does not need.
 */
const SENT_ONLY_IN_OTHER_STATES: Record<string, string> = {
  'apprunner:DescribeWebAclForService': 'an App Runner service exists',
  'auditmanager:GetOrganizationAdminAccount': 'Audit Manager is active in the management account',
  'cloudwatch:DescribeAlarms': 'an account subscribes to Shield Advanced',
  'cognito-idp:GetWebACLForResource': 'a Cognito user pool exists',
  'detective:DescribeOrganizationConfiguration': 'Detective has a delegated administrator',
  'detective:ListGraphs': 'Detective has a delegated administrator',
  'detective:ListMembers': 'Detective has a delegated administrator',
  'ec2:DescribeAddresses': 'an account subscribes to Shield Advanced',
  'ec2:DescribeRegions': 'neither a blueprint nor --regions names the Regions',
  'ec2:GetVerifiedAccessInstanceWebAcl': 'a Verified Access instance exists',
  'fms:ListPolicies': 'Firewall Manager has an administrator',
  'globalaccelerator:ListAccelerators': 'an account subscribes to Shield Advanced',
  'lambda:ListFunctions': 'an account subscribes to Shield Advanced',
  'organizations:ListAccounts': 'the OU tree cannot be read, so accounts are listed without parents',
  'route53:ListHostedZones': 'an account subscribes to Shield Advanced',
  'security-ir:BatchGetMemberAccountDetails':
    'Security Incident Response has a delegated administrator with an active membership',
  'security-ir:GetMembership': 'Security Incident Response has a delegated administrator with a membership',
  'security-ir:ListMemberships': 'Security Incident Response has a delegated administrator',
  'securitylake:GetDataLakeOrganizationConfiguration': 'Security Lake has a delegated administrator',
  'securitylake:ListDataLakes': 'Security Lake has a delegated administrator',
  'securitylake:ListLogSources': 'Security Lake has a delegated administrator',
  'securitylake:ListSubscribers': 'Security Lake has a delegated administrator',
  'shield:DescribeDRTAccess': 'an account subscribes to Shield Advanced',
  'shield:DescribeEmergencyContactSettings': 'an account subscribes to Shield Advanced',
  'shield:DescribeSubscription': 'an account subscribes to Shield Advanced',
  'shield:ListProtections': 'an account subscribes to Shield Advanced',
  'sqs:GetQueueAttributes': 'Security Lake has a delegated administrator',
  'sqs:ListQueues': 'Security Lake has a delegated administrator',
  'ssm:DescribeDocumentPermission': 'an account owns SSM documents',
  'wafv2:GetWebACL': 'a web ACL exists',
  'wafv2:GetWebACLForResource':
    'a load balancer, user pool, App Runner service or Verified Access instance exists',
};

async function sentActions(s: Scenario, withRegions = true): Promise<Set<string>> {
  const sent = new Set<string>();
  await runVerify({
    access: accessFor(s),
    modules: SERVICE_MODULES,
    organizationReader: ORGANIZATION_READER,
    ...(withRegions ? { regions: s.governedRegions } : {}),
    onRead: (op) => sent.add(actionFor(op)),
  });
  return sent;
}

describe('least-privilege policy for verify', () => {
  it('declares every action the collectors send, and nothing they never send', async () => {
    const sent = new Set<string>();
    for (const build of [greenfield, controlTower, halfDeployed, drifted]) {
      for (const a of await sentActions(await build({ workloads: 2 }))) sent.add(a);
    }
    const declared = new Set([...collectors.flatMap((c) => c.reads), ...ENGINE_READS.management]);
    expect([...sent].filter((a) => !declared.has(a)).sort()).toEqual([]);
    const unexercised = [...declared].filter((a) => !sent.has(a)).sort();
    expect(unexercised).toEqual(Object.keys(SENT_ONLY_IN_OTHER_STATES).sort());
  });

  it('splits the policy into a management policy and a member policy', () => {
    const p = verifyPolicies(collectors, 'AWSControlTowerExecution');
    const orgOnly = collectors.filter((c) => c.scope === 'organization').flatMap((c) => c.reads);
    const mgmtActions = p.management.Statement[0]!.Action;
    for (const a of orgOnly) expect(mgmtActions).toContain(a);
    expect(p.management.Statement[1]).toEqual({
      Sid: 'SraKitAssumeMemberRole',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: 'arn:aws:iam::*:role/AWSControlTowerExecution',
    });
    const memberActions = p.member.Statement[0]!.Action;
    expect(memberActions).not.toContain('sts:AssumeRole');
    expect(memberActions).toEqual([...memberActions].sort());
  });
});
