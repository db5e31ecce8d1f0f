import { describe, expect, it } from 'vitest';
import {
  ASFF_LIMITS,
  batchAsffFindings,
  productArn,
  renderAsff,
  toAsffFindings,
  type AsffFinding,
} from '../../src/report/asff.js';
import {
  AUDIT,
  bulkFindings,
  HOME,
  LOGS,
  MGMT,
  OTHER,
  resultWith,
  sampleResult,
  WORKLOAD,
} from './fixtures.js';
import { expectValidAsff, expectValidBatches } from './checks.js';

const KB = 1024;
const len = (s: string) => Array.from(s).length;

describe('ASFF', () => {
  const result = sampleResult();
  const batches = JSON.parse(renderAsff(result)) as AsffFinding[][];

  it('renders an array of import batches holding every finding once', () => {
    expect(Array.isArray(batches)).toBe(true);
    const all = batches.flat();
    expect(all).toHaveLength(result.findings.length);
    expect(new Set(all.map((f) => f.Id)).size).toBe(all.length);
    expectValidBatches(batches);
  });

  it('matches the import limits the code declares with the documented ones', () => {
    expect(ASFF_LIMITS.findingsPerBatch).toBe(100);
    expect(ASFF_LIMITS.findingBytes).toBe(240 * KB);
    expect(ASFF_LIMITS.batchBytes).toBe(6 * KB * KB);
  });

  it('puts each account and Region in its own batches, named by the default product ARN', () => {
    const targets = batches.map((b) => `${b[0]!.AwsAccountId} ${b[0]!.ProductArn}`);
    expect(new Set(targets).size).toBe(targets.length);
    expect(targets).toContain(`${LOGS} ${productArn(LOGS, OTHER)}`);
    expect(targets).toContain(`${MGMT} ${productArn(MGMT, HOME)}`);
    expect(productArn(AUDIT, 'us-gov-west-1')).toBe(
      `arn:aws-us-gov:securityhub:us-gov-west-1:${AUDIT}:product/${AUDIT}/default`,
    );
  });

  it('maps statuses and severities', () => {
    const all = batches.flat();
    const byStatus = (s: string) => all.filter((f) => f.ProductFields['sra-kit/Status'] === s);
    expect(byStatus('FAIL').every((f) => f.Compliance.Status === 'FAILED')).toBe(true);
    expect(byStatus('ERROR').every((f) => f.Compliance.Status === 'WARNING')).toBe(true);
    expect(byStatus('NOT_APPLICABLE').every((f) => f.Compliance.Status === 'NOT_AVAILABLE')).toBe(true);
    expect(
      byStatus('PASS').every((f) => f.Compliance.Status === 'PASSED' && f.Severity.Label === 'INFORMATIONAL'),
    ).toBe(true);
    const trail = all.find((f) => f.GeneratorId === 'sra-kit/cloudtrail.organization-trail')!;
    expect(trail.Severity).toEqual({ Label: 'HIGH', Original: 'high' });
    expect(trail.Compliance.RelatedRequirements).toEqual([
      'SRA-CLOUDTRAIL-01',
      'FSBP CloudTrail.1',
      'CIS 3.1',
    ]);
    expect(trail.Types).toContain(
      'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
    );
    expect(trail.Resources[0]).toEqual({
      Type: 'AwsCloudTrailTrail',
      Id: `arn:aws:cloudtrail:${HOME}:${MGMT}:trail/org-trail`,
      Partition: 'aws',
      Region: HOME,
    });
    const account = all.find(
      (f) => f.GeneratorId === 'sra-kit/iam.password-policy' && f.AwsAccountId === AUDIT,
    )!;
    expect(account.Resources[0]).toMatchObject({ Type: 'AwsAccount', Id: `AWS::::Account:${AUDIT}` });
    expect(account.ProductFields['sra-kit/Expected']).toBe('{"minimumLength":14}');
  });

  it('keeps the same Id for the same check in a later run, so a PASS updates an earlier FAIL', () => {
    const before = toAsffFindings(result);
    const fixed = resultWith(
      result.findings.map((f) => (f.status === 'FAIL' ? { ...f, status: 'PASS' as const } : f)),
      { ...result, evaluatedAt: '2025-04-01T00:00:00.000Z' },
    );
    const after = toAsffFindings(fixed);
    expect(new Set(after.map((f) => f.Id))).toEqual(new Set(before.map((f) => f.Id)));
    expect(after.every((f) => f.UpdatedAt === '2025-04-01T00:00:00.000Z')).toBe(true);
  });

  it('cuts long strings to their limits with an ellipsis', () => {
    const long = 'x'.repeat(5000);
    const base = sampleResult();
    const r = resultWith(bulkFindings(1, WORKLOAD, HOME, long), {
      ...base,
      accounts: base.accounts.map((a) => (a.id === WORKLOAD ? { ...a, name: 'n'.repeat(80) } : a)),
      controls: base.controls.map((c) =>
        c.id === 'guardduty.detector-enabled'
          ? { ...c, title: 'T'.repeat(400), remediation: { ...c.remediation, manual: 'm'.repeat(900) } }
          : c,
      ),
    });
    const [f] = toAsffFindings(r);
    expectValidAsff(f!);
    expect(len(f!.Title)).toBe(256);
    expect(f!.Title.endsWith('…')).toBe(true);
    expect(len(f!.Description)).toBe(1024);
    expect(f!.Description.endsWith('…')).toBe(true);
    expect(len(f!.Remediation.Recommendation.Text)).toBe(512);
    expect(len(f!.AwsAccountName!)).toBe(50);
  });

  it('keeps a finding with an enormous resource under 240 KB', () => {
    const huge = bulkFindings(1).map((f) => ({
      ...f,
      resource: `arn:aws:s3:::${'b'.repeat(300 * KB)}`,
      expected: { blob: 'e'.repeat(100 * KB) },
      actual: { blob: 'a'.repeat(100 * KB) },
    }));
    const [f] = toAsffFindings(resultWith(huge));
    expectValidAsff(f!);
    expect(f!.ProductFields['sra-kit/EvidenceOmitted']).toBeDefined();
  });

  it('splits 250 findings of one account and Region into batches of 100, 100 and 50', () => {
    const found = batchAsffFindings(toAsffFindings(resultWith(bulkFindings(250))));
    expect(found.map((b) => b.length)).toEqual([100, 100, 50]);
    expectValidBatches(found);
  });

  it('starts a new batch before 6 MB even when fewer than 100 findings', () => {
    // Findings near the 240 KB limit: about 25 of them fill 6 MB.
    const big = bulkFindings(60).map((f, i) => ({
      ...f,
      resource: `arn:aws:s3:::bucket-${i}-${'r'.repeat(200 * KB)}`,
    }));
    const found = batchAsffFindings(toAsffFindings(resultWith(big)));
    expect(found.length).toBeGreaterThan(1);
    expect(found.every((b) => b.length < 100)).toBe(true);
    expect(found.flat()).toHaveLength(60);
    expectValidBatches(found);
  });

  it('exports only FAIL and ERROR findings with include: actionable', () => {
    const c = result.scores.overall.counts;
    const found = toAsffFindings(result, { include: 'actionable' });
    expect(found).toHaveLength(c.FAIL + c.ERROR);
  });

  it('renders an empty array for a run without findings', () => {
    expect(JSON.parse(renderAsff(resultWith([])))).toEqual([]);
  });
});
