import { describe, expect, it } from 'vitest';
import { findingKey } from '../../src/report/common.js';
import { renderOcsf, toOcsfEvents, OCSF_VERSION } from '../../src/report/ocsf.js';
import { AUDIT, LOGS, MGMT, resultWith, sampleResult, WORKLOAD } from './fixtures.js';
import { expectValidOcsf } from './checks.js';

/** Parses JSON Lines strictly: one JSON object per line, nothing else. */
function parseLines(text: string): Record<string, unknown>[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const v: unknown = JSON.parse(line);
      expect(typeof v === 'object' && v !== null && !Array.isArray(v)).toBe(true);
      return v as Record<string, unknown>;
    });
}

type Event = ReturnType<typeof toOcsfEvents>[number];

describe('OCSF Compliance Finding (class 2003)', () => {
  const result = sampleResult();
  const lines = parseLines(renderOcsf(result));
  const events = lines as unknown as Event[];

  it('writes JSON Lines, one event per finding', () => {
    expect(lines).toHaveLength(result.findings.length);
  });

  it('sets every attribute OCSF requires, with the class, category, activity and type ids and enum captions', () => {
    // The requirements and enums are encoded from the OCSF 1.3.0 schema in checks.ts.
    events.forEach(expectValidOcsf);
    for (const e of events) {
      expect(e.metadata.product.name).toBe('sra-kit');
      expect(e.metadata.product.version).toBe(result.tool.version);
      expect(e.type_uid).toBe(200301);
    }
    expect(OCSF_VERSION).toBe('1.3.0');
  });

  it('maps each finding to its compliance status, severity and lifecycle status', () => {
    const byKey = new Map(events.map((e) => [e.finding_info.uid, e]));
    for (const f of result.findings) {
      const e = byKey.get(`sra-kit:${findingKey(f)}`)!;
      expect(e, `${f.controlId} ${f.account} ${f.region}`).toBeDefined();
      const expected = { PASS: [1, 4], FAIL: [3, 1], ERROR: [2, 1], NOT_APPLICABLE: [99, 99] }[f.status];
      expect([e.compliance.status_id, e.status_id]).toEqual(expected);
      expect(e.severity).toBe(f.severity.charAt(0).toUpperCase() + f.severity.slice(1));
      expect(e.compliance.control).toBe(f.controlId);
      expect(e.cloud.account.uid).toBe(f.account);
      expect(e.cloud.region).toBe(f.region ?? result.homeRegion);
      expect(e.message).toBe(f.message);
    }
  });

  it('gives each finding a uid that is unique in the run and stable across runs', () => {
    const uids = events.map((e) => e.finding_info.uid);
    expect(new Set(uids).size).toBe(uids.length);
    const later = toOcsfEvents({ ...result, evaluatedAt: '2025-04-01T00:00:00.000Z' });
    expect(new Set(later.map((e) => e.finding_info.uid))).toEqual(new Set(uids));
    // The event itself is new, so its metadata uid changes.
    expect(later[0]!.metadata.uid).not.toBe(events[0]!.metadata.uid);
  });

  it('carries time as epoch milliseconds, and the standards, requirements and remediation of the control', () => {
    const trail = events.find((e) => e.compliance.control === 'cloudtrail.organization-trail')!;
    expect(trail.time).toBe(Date.parse(result.evaluatedAt));
    expect(Number.isInteger(trail.time)).toBe(true);
    expect(trail.compliance.standards).toEqual([
      'AWS Security Reference Architecture',
      'AWS Foundational Security Best Practices',
      'CIS AWS Foundations Benchmark v3.0.0',
    ]);
    expect(trail.compliance.requirements).toEqual(['SRA-CLOUDTRAIL-01', 'FSBP CloudTrail.1', 'CIS 3.1']);
    expect(trail.remediation.desc).toContain('threatDetection.cloudtrail');
    expect(trail.resources).toEqual([
      {
        uid: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`,
        type: 'AwsCloudTrailTrail',
        region: 'us-east-1',
        cloud_partition: 'aws',
      },
    ]);
    expect(trail.cloud.org).toEqual({ uid: 'o-1111111111' });
  });

  it('keeps hostile strings as data: they survive JSON encoding unchanged and never break a line', () => {
    const audit = events.find((e) => e.cloud.account.uid === AUDIT)!;
    expect(audit.cloud.account.name).toBe('Audit <script>alert("pwned")</script>');
    const workload = events.find((e) => e.cloud.account.uid === WORKLOAD)!;
    expect(workload.cloud.account.name).toContain('\n');
    const error = events.find((e) => e.cloud.account.uid === LOGS && e.compliance.status === 'Warning')!;
    expect((error.unmapped.error as { message: string }).message).toContain('<Audit>');
  });

  it('exports only FAIL and ERROR findings with include: actionable', () => {
    const actionable = toOcsfEvents(result, { include: 'actionable' });
    const c = result.scores.overall.counts;
    expect(actionable).toHaveLength(c.FAIL + c.ERROR);
    expect(new Set(actionable.map((e) => e.compliance.status))).toEqual(new Set(['Fail', 'Warning']));
  });

  it('writes nothing for a run without findings', () => {
    expect(renderOcsf(resultWith([]))).toBe('');
  });
});
