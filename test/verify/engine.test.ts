/**
 * The verify engine on its own, with a small module written here (independent of the real service
 * modules): observe once, ERROR for failed reads and unreachable accounts, skipped disabled Regions,
 * role inference, offline re-evaluation, scores.
 */
import { describe, expect, it } from 'vitest';
import { EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, OrganizationsClient, type Account } from '@aws-sdk/client-organizations';
import { drifted, allAccounts, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { defineCollector, type Datum } from '../../src/observe/types.js';
import { defineControl, fail, pass } from '../../src/verify/types.js';
import { defineServiceModule } from '../../src/services/types.js';
import { runVerify, type OrganizationReader } from '../../src/verify/verify.js';
import { parseInventory } from '../../src/observe/load.js';
import { accessFor } from './harness.js';

const orgCollector = defineCollector({
  id: 'org',
  scope: 'organization',
  reads: ['organizations:ListAccounts'],
  collect: async (ctx) => ({
    accounts: await ctx.readAll(
      OrganizationsClient,
      (c) => new ListAccountsCommand({ ...c }),
      (p) => p.Accounts,
    ),
  }),
});

const ebsCollector = defineCollector({
  id: 'ebs',
  scope: 'region',
  reads: ['ec2:GetEbsEncryptionByDefault'],
  collect: async (ctx) => ({ enabled: await ctx.read(EC2Client, new GetEbsEncryptionByDefaultCommand({})) }),
});

const ebsControl = defineControl({
  id: 'test.ebs-encryption-by-default',
  title: 'EBS encryption by default is on',
  severity: 'medium',
  capabilities: ['data-protection'],
  principles: ['protect-data-in-transit-and-at-rest'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: { sraVerify: ['SRA-EC2-01'], fsbp: ['EC2.7'] },
  risk: 'New volumes are written unencrypted.',
  remediation: { blueprint: 'dataProtection.ebsEncryptionByDefault', manual: 'EC2 console → EBS encryption' },
  uses: ['ebs'],
  evaluate: (ctx) => {
    const slice = ctx.regionSlice<{ enabled: Datum<{ EbsEncryptionByDefault?: boolean }> }>('ebs');
    const on = ctx.need(slice?.enabled, 'EBS encryption by default')?.EbsEncryptionByDefault === true;
    return on ? pass('enabled') : fail('disabled', { expected: true, actual: false });
  },
});

const auditOnly = defineControl({
  ...ebsControl,
  id: 'test.audit-only',
  appliesTo: ['security-tooling'],
  scope: 'account',
  evaluate: () => pass('seen'),
});

const module = defineServiceModule({
  id: 'test',
  collectors: [orgCollector, ebsCollector],
  controls: [ebsControl, auditOnly],
});

const reader: OrganizationReader = {
  accounts: (org) => {
    const d = (org.org as { accounts: Datum<Account[]> }).accounts;
    if (!d.ok) return d.error;
    return d.value.map((a) => ({ id: a.Id!, name: a.Name!, status: a.Status!, ouPath: [] }));
  },
  organizationId: () => undefined,
};

async function verify(s: Scenario, extra: Partial<Parameters<typeof runVerify>[0]> = {}) {
  return runVerify({
    access: accessFor(s),
    modules: [module],
    organizationReader: reader,
    regions: s.governedRegions,
    ...extra,
  });
}

describe('verify engine', () => {
  it('reads each datum once and fails exactly where the drift was planted', async () => {
    const s = await drifted({ workloads: 3 });
    const { result } = await verify(s);
    const failed = result.findings.filter((f) => f.status === 'FAIL');
    const planted = s.planted.find((p) => p.kind === 'ec2.ebs-encryption-by-default-disabled')!;
    expect(failed.map((f) => [f.account, f.region])).toEqual([[planted.account, planted.region]]);
    expect(failed[0]!.resource).toBe(`${planted.account}/${planted.region}`);
    expect(failed[0]).toMatchObject({ expected: true, actual: false, severity: 'medium' });
    // One read per account × Region, however many controls use it.
    const reads = s.sandbox.stats().byOperation.get('ec2:GetEbsEncryptionByDefault');
    expect(reads).toBe(allAccounts(s).length * s.governedRegions.length);
    // At most one AssumeRole per member account.
    expect(s.sandbox.stats().byOperation.get('sts:AssumeRole')).toBe(allAccounts(s).length - 1);
  });

  it('turns a failed read into ERROR with its reason, never PASS or FAIL', async () => {
    const s = await drifted({ workloads: 1 });
    const victim = s.workloadIds[0]!;
    s.sandbox.knobs = {
      deny: [{ action: 'ec2:GetEbsEncryptionByDefault', account: victim, region: s.homeRegion }],
    };
    const { result } = await verify(s);
    const mine = result.findings.filter((f) => f.account === victim && f.region === s.homeRegion);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      status: 'ERROR',
      error: { kind: 'access-denied', operation: 'ec2:GetEbsEncryptionByDefault' },
    });
    expect(result.scores.overall.counts.ERROR).toBe(1);
  });

  it('records an account whose role cannot be assumed and reports its controls as ERROR', async () => {
    const s = await drifted({ workloads: 2 });
    const lost = s.workloadIds[1]!;
    s.sandbox.world.account(lost)!.assumableRoles.clear();
    const { result, inventory } = await verify(s);
    expect(inventory.unreachable).toEqual([
      expect.objectContaining({ account: lost, kind: 'access-denied', operation: 'sts:AssumeRole' }),
    ]);
    const mine = result.findings.filter((f) => f.account === lost);
    expect(mine.map((f) => f.status)).toEqual(['ERROR']);
    expect(mine[0]!.message).toMatch(/could not be read/);
  });

  it('skips a Region the account has not enabled instead of reporting errors', async () => {
    // eu-south-1 is an opt-in Region: the scenario enables it everywhere, then one account turns it off.
    const s = await drifted({ workloads: 1, regions: ['us-east-1', 'eu-south-1'] });
    const w = s.workloadIds[0]!;
    s.sandbox.world.account(w)!.enabledRegions.delete('eu-south-1');
    const { result, inventory } = await verify(s);
    expect(inventory.unreachable).toEqual([
      expect.objectContaining({ account: w, region: 'eu-south-1', kind: 'region-disabled' }),
    ]);
    expect(result.findings.filter((f) => f.account === w).map((f) => f.region)).toEqual(['us-east-1']);
  });

  it('infers the security tooling account and says why', async () => {
    const s = await drifted({ workloads: 1 });
    const { result } = await verify(s);
    const audit = result.roles.find((r) => r.account === s.securityToolingId)!;
    expect(audit.roles).toEqual(['security-tooling']);
    expect(audit.reason).toMatch(/Security Tooling/);
    expect(result.findings.filter((f) => f.controlId === 'test.audit-only').map((f) => f.account)).toEqual([
      s.securityToolingId,
    ]);
    expect(result.roles.find((r) => r.account === s.managementAccountId)!.roles).toEqual(['management']);
  });

  it('re-evaluates a saved inventory offline to identical results', async () => {
    const s = await drifted({ workloads: 2 });
    const now = () => Date.UTC(2026, 10, 30);
    const online = await verify(s, { now });
    const saved = parseInventory(JSON.stringify(online.inventory), 'inv.json');
    const before = s.sandbox.stats().total;
    const offline = await runVerify({
      inventory: saved,
      modules: [module],
      organizationReader: reader,
      regions: s.governedRegions,
      now,
    });
    expect(s.sandbox.stats().total).toBe(before);
    expect(offline.result).toEqual(online.result);
  });

  it('scores with severity weights', async () => {
    const s = await drifted({ workloads: 3 });
    const { result } = await verify(s);
    const ebs = result.scores.byControl['test.ebs-encryption-by-default']!;
    const total = allAccounts(s).length * s.governedRegions.length;
    expect(ebs.counts).toEqual({ PASS: total - 1, FAIL: 1, NOT_APPLICABLE: 0, ERROR: 0 });
    expect(ebs.score).toBe(Math.round((100 * (total - 1)) / total));
    expect(result.scores.byCapability['data-protection']!.counts.FAIL).toBe(1);
  });
});
