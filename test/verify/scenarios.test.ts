/**
 * `sra verify` end to end on every sandbox scenario, with every service module: it must report exactly
 * the gaps each scenario planted and nothing else (no FAIL elsewhere, no ERROR at all).
 */
import { describe, expect, it } from 'vitest';
import {
  controlTower,
  drifted,
  generated,
  greenfield,
  halfDeployed,
  type PlantedGap,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { ORGANIZATION_READER } from '../../src/cli/commands/verify.js';
import { runVerify } from '../../src/verify/verify.js';
import type { Finding } from '../../src/verify/types.js';
import { accessFor } from './harness.js';

async function verify(s: Scenario) {
  const { result } = await runVerify({
    access: accessFor(s),
    modules: SERVICE_MODULES,
    organizationReader: ORGANIZATION_READER,
    regions: s.governedRegions,
  });
  return result;
}

const key = (f: { controlId: string; account: string; region?: string | undefined }) =>
  `${f.controlId} @ ${f.account}${f.region ? `/${f.region}` : ''}`;

/** The FAIL findings each planted drift must produce (controlId @ account[/Region]). */
function expectedFails(s: Scenario, p: PlantedGap): string[] {
  const audit = s.securityToolingId;
  const mgmt = s.managementAccountId;
  const at = (controlId: string, account: string, region?: string) => key({ controlId, account, region });
  switch (p.kind) {
    case 'guardduty.member-disassociated':
      return [
        at('guardduty.member-of-delegated-admin', p.account, p.region),
        at('guardduty.members-cover-organization', audit, p.region),
      ];
    case 'guardduty.auto-enable-new-only':
      return [at('guardduty.org-auto-enable-members', audit, p.region)];
    case 'cloudtrail.logging-stopped':
      return [at('cloudtrail.org-trail-logging', mgmt)];
    case 'config.recorder-stopped':
      return [at('config.recorder-recording', p.account, p.region)];
    case 's3.account-public-access-block-removed':
      return [
        'account-restrict-public-buckets',
        'account-block-public-acls',
        'account-ignore-public-acls',
        'account-block-public-policy',
      ].map((c) => at(`s3.${c}`, p.account));
    case 'iam.password-policy-deleted':
      return [at('iam.password-policy', p.account)];
    case 'ec2.ebs-encryption-by-default-disabled':
      return [at('ec2.ebs-encryption-by-default', p.account, p.region)];
    default:
      throw new Error(`no expectation for planted gap ${p.kind}`);
  }
}

function failsAndErrors(findings: Finding[]) {
  return {
    fails: [...new Set(findings.filter((f) => f.status === 'FAIL').map(key))].sort(),
    errors: findings.filter((f) => f.status === 'ERROR').map((f) => `${key(f)}: ${f.message}`),
  };
}

/** Every control that fails on a greenfield organization (nothing configured): the SRA defaults, all missing. */
const GREENFIELD_FAILS = [
  'access-analyzer.account-analyzer',
  'access-analyzer.delegated-admin-registered',
  'access-analyzer.organization-analyzer',
  'account.billing-contact',
  'account.operations-contact',
  'account.security-contact',
  'cloudtrail.delegated-admin-set',
  'cloudtrail.org-trail-exists',
  'config.delegated-admin-set',
  'config.org-aggregator-exists',
  'config.recorder-exists',
  'ec2.ami-block-public-access',
  'ec2.default-security-group-closed',
  'ec2.ebs-encryption-by-default',
  'ec2.ebs-snapshot-block-public-access',
  'ec2.imdsv2-default',
  'ec2.nacl-no-admin-ports-from-internet',
  'ec2.vpc-flow-logs',
  'guardduty.delegated-admin-designated',
  'guardduty.detector-enabled',
  'iam.centralized-root-credentials',
  'iam.centralized-root-sessions',
  'iam.password-policy',
  'iam.root-hardware-mfa',
  'iam.root-mfa',
  'iam.support-role',
  'inspector.delegated-admin-designated',
  'inspector.enabled',
  'macie.delegated-admin-designated',
  'macie.enabled',
  'network.dns-firewall-associated',
  'network.firewall-present',
  'network.resolver-query-logging-to-log-archive',
  'network.vpc-flow-logs-to-log-archive',
  'organizations.rcps-configured',
  'organizations.scps-configured',
  'organizations.trusted-access',
  's3.account-block-public-acls',
  's3.account-block-public-policy',
  's3.account-ignore-public-acls',
  's3.account-restrict-public-buckets',
  'security-hub.delegated-admin-designated',
  'security-hub.enabled',
  'ssm.documents-public-sharing-blocked',
];

/** What Control Tower's footprint changes: its trail and member recorders exist, but not as the SRA wants them. */
const CONTROL_TOWER_FIXES = ['cloudtrail.org-trail-exists'];
const CONTROL_TOWER_ADDS = [
  'cloudtrail.org-trail-cloudwatch-logs',
  'cloudtrail.org-trail-kms',
  's3.log-bucket-access-logging',
  's3.log-bucket-delete-protection',
  's3.log-bucket-kms-encryption',
  's3.log-bucket-object-lock',
  's3.log-bucket-tls-only',
  's3.log-bucket-versioning',
];

/** What the half-deployed organization adds to greenfield's failures (GuardDuty half set up). */
const HALF_DEPLOYED_ADDS = [
  'guardduty.ec2-agent-management',
  'guardduty.ecs-fargate-agent-management',
  'guardduty.eks-agent-management',
  'guardduty.eks-runtime-monitoring',
  'guardduty.finding-frequency',
  'guardduty.findings-export',
  'guardduty.members-cover-organization',
  'guardduty.org-auto-enable-ebs-malware-protection',
  'guardduty.org-auto-enable-eks-audit-logs',
  'guardduty.org-auto-enable-lambda-protection',
  'guardduty.org-auto-enable-members',
  'guardduty.org-auto-enable-rds-protection',
  'guardduty.org-auto-enable-runtime-monitoring',
  'guardduty.org-auto-enable-s3-protection',
  'guardduty.runtime-monitoring',
];
const HALF_DEPLOYED_FIXES: string[] = [];

const failingControls = (findings: Finding[]) =>
  [...new Set(findings.filter((f) => f.status === 'FAIL').map((f) => f.controlId))].sort();

describe('verify on the sandbox scenarios', () => {
  it('drifted: FAIL exactly at the planted drifts, no ERROR', async () => {
    const s = await drifted({ workloads: 3 });
    const result = await verify(s);
    const { fails, errors } = failsAndErrors(result.findings);
    expect(errors).toEqual([]);
    expect(fails).toEqual([...new Set(s.planted.flatMap((p) => expectedFails(s, p)))].sort());
  });

  it('generated with seeded drift: FAIL exactly at the planted drifts across 30 accounts', async () => {
    const s = await generated({
      workloads: 25,
      regions: ['us-east-1', 'eu-west-1'],
      deploy: true,
      driftRate: 0.3,
      seed: 11,
    });
    expect(s.planted.length).toBeGreaterThan(3);
    const { fails, errors } = failsAndErrors((await verify(s)).findings);
    expect(errors).toEqual([]);
    expect(fails).toEqual([...new Set(s.planted.flatMap((p) => expectedFails(s, p)))].sort());
  });

  it('greenfield: every SRA default is reported missing, and every read succeeds', async () => {
    const s = await greenfield({ workloads: 2 });
    const result = await verify(s);
    expect(failsAndErrors(result.findings).errors).toEqual([]);
    expect(failingControls(result.findings)).toEqual(GREENFIELD_FAILS);
    // Optional services (Detective, Security Lake, Shield, …) are not applicable, not failures.
    expect(
      result.findings
        .filter((f) => f.controlId.startsWith('detective.'))
        .every((f) => f.status === 'NOT_APPLICABLE'),
    ).toBe(true);
    expect(result.scores.overall.score).toBeLessThan(30);
  });

  it('control-tower: Control Tower’s trail and recorders count, their gaps against the SRA are reported', async () => {
    const s = await controlTower({ workloads: 2 });
    const result = await verify(s);
    expect(failsAndErrors(result.findings).errors).toEqual([]);
    const expected = [
      ...GREENFIELD_FAILS.filter((c) => !CONTROL_TOWER_FIXES.includes(c)),
      ...CONTROL_TOWER_ADDS,
    ].sort();
    expect(failingControls(result.findings)).toEqual(expected);
    // Config recording is missing only where Control Tower does not record: the management account.
    const recorder = result.findings.filter(
      (f) => f.controlId === 'config.recorder-exists' && f.status === 'FAIL',
    );
    expect(new Set(recorder.map((f) => f.account))).toEqual(new Set([s.managementAccountId]));
  });

  it('half-deployed: the planted half-done GuardDuty and the weak password policy are reported where planted', async () => {
    const s = await halfDeployed({ workloads: 2, regions: ['us-east-1', 'eu-west-1'] });
    const result = await verify(s);
    expect(failsAndErrors(result.findings).errors).toEqual([]);
    const expected = [
      ...GREENFIELD_FAILS.filter((c) => !HALF_DEPLOYED_FIXES.includes(c)),
      ...HALF_DEPLOYED_ADDS,
    ].sort();
    expect(failingControls(result.findings)).toEqual(expected);
    const fails = new Set(failsAndErrors(result.findings).fails);
    expect(fails).toContain(
      key({
        controlId: 'guardduty.delegated-admin-designated',
        account: s.managementAccountId,
        region: 'eu-west-1',
      }),
    );
    expect(fails).not.toContain(
      key({
        controlId: 'guardduty.delegated-admin-designated',
        account: s.managementAccountId,
        region: 'us-east-1',
      }),
    );
    expect(fails).toContain(
      key({
        controlId: 'guardduty.org-auto-enable-members',
        account: s.securityToolingId,
        region: 'us-east-1',
      }),
    );
    expect(fails).toContain(key({ controlId: 'iam.password-policy', account: s.managementAccountId }));
    const weak = result.findings.find(
      (f) => f.controlId === 'iam.password-policy' && f.account === s.managementAccountId,
    );
    expect(JSON.stringify(weak?.actual)).toMatch(/8/);
  });
});
