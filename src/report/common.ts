/**
 * Helpers shared by the report formats: lookups over a result ({@link StreamedResult}), stable finding
 * keys, resource descriptions, severity order and string limits. Everything here is pure.
 */
import { createHash } from 'node:crypto';
import { findRegion } from '../catalog/regions.js';
import type { AccountInfo } from '../observe/types.js';
import type { ControlSummary, RoleAssignment, StreamedResult } from '../verify/result.js';
import { compareFindings, severityRank } from '../verify/findings.js';
import type { Finding, Severity, Status } from '../verify/types.js';

/** The ellipsis appended to strings cut to a length limit. */
export const ELLIPSIS = '…';

/** Status and severity order of reports (defined beside the finding stores, which sort the same way). */
export { STATUS_ORDER, severityRank } from '../verify/findings.js';

/**
 * Cuts `text` to at most `max` characters (code points, so a surrogate pair is never split), ending
 * with {@link ELLIPSIS} when something was cut.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text; // UTF-16 length is never below the code point count
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 0) return '';
  return chars.slice(0, max - 1).join('') + ELLIPSIS;
}

/** Whether `severity` is at or above `threshold`. */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** Lookups over one result, built once per render. */
export interface ResultIndex {
  /** Control metadata by id. */
  control(id: string): ControlSummary | undefined;
  /** Account by id. */
  account(id: string): AccountInfo | undefined;
  /** Role assignment of an account. */
  roles(id: string): RoleAssignment | undefined;
  /** `Name (id)`, or the id alone when the name is unknown or equal to the id. */
  accountLabel(id: string): string;
}

/** Builds the lookups of {@link ResultIndex}. */
export function indexResult(result: Pick<StreamedResult, 'controls' | 'accounts' | 'roles'>): ResultIndex {
  const controls = new Map(result.controls.map((c) => [c.id, c]));
  const accounts = new Map(result.accounts.map((a) => [a.id, a]));
  const roles = new Map(result.roles.map((r) => [r.account, r]));
  return {
    control: (id) => controls.get(id),
    account: (id) => accounts.get(id),
    roles: (id) => roles.get(id),
    accountLabel(id) {
      const name = accounts.get(id)?.name;
      return name && name !== id ? `${name} (${id})` : id;
    },
  };
}

/**
 * A stable key of one finding: the same control, account, Region and resource give the same key in
 * every run, so downstream tools (Security Hub, SIEMs) update a finding instead of duplicating it.
 */
export function findingKey(f: Pick<Finding, 'controlId' | 'account' | 'region' | 'resource'>): string {
  return createHash('sha256')
    .update([f.controlId, f.account, f.region ?? '', f.resource].join('\u0000'))
    .digest('hex');
}

/** The Region a finding was evaluated in: its own, or the home Region for organization and account scope. */
export function findingRegion(f: Finding, result: Pick<StreamedResult, 'homeRegion'>): string {
  return f.region ?? result.homeRegion;
}

/** AWS partition of a Region (`aws` when the Region is not in the catalog). */
export function partitionOf(region: string): 'aws' | 'aws-us-gov' | 'aws-cn' | 'aws-eusc' {
  return findRegion(region)?.partition ?? 'aws';
}

/** What a finding's resource is, in the terms Security Hub and OCSF use. */
export interface ResourceDescription {
  /** Canonical id: the ARN, or `AWS::::Account:<id>` for an account, or the raw resource string. */
  id: string;
  /**
   * Security Hub resource type (`AwsAccount`, `AwsS3Bucket`, …) or `Other`; see
   * https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resources.html
   */
  type: string;
}

/** ARN service (and resource prefix) → Security Hub resource type, for the resources controls report. */
const ARN_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/^arn:[^:]+:s3:::[^/]+$/, 'AwsS3Bucket'],
  [/^arn:[^:]+:kms:[^:]*:[^:]*:key\//, 'AwsKmsKey'],
  [/^arn:[^:]+:cloudtrail:[^:]*:[^:]*:trail\//, 'AwsCloudTrailTrail'],
  [/^arn:[^:]+:iam::[^:]*:role\//, 'AwsIamRole'],
  [/^arn:[^:]+:iam::[^:]*:user\//, 'AwsIamUser'],
  [/^arn:[^:]+:iam::[^:]*:policy\//, 'AwsIamPolicy'],
  [/^arn:[^:]+:guardduty:[^:]*:[^:]*:detector\//, 'AwsGuardDutyDetector'],
  [/^arn:[^:]+:sns:/, 'AwsSnsTopic'],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:vpc\//, 'AwsEc2Vpc'],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:instance\//, 'AwsEc2Instance'],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:volume\//, 'AwsEc2Volume'],
  [/^arn:[^:]+:logs:/, 'AwsLogsLogGroup'],
];

/**
 * Describes a finding's resource. The engine names resources as an ARN, an account id, an
 * `account/Region` pair or `organization/<id>`; account-level resources use Security Hub's own
 * convention for account findings (`AwsAccount`, `AWS::::Account:<id>`).
 */
export function describeResource(resource: string, account: string): ResourceDescription {
  if (resource.startsWith('arn:')) {
    const type = ARN_TYPES.find(([re]) => re.test(resource))?.[1] ?? 'Other';
    return { id: resource, type };
  }
  if (resource === account || resource.startsWith(`${account}/`)) {
    return { id: `AWS::::Account:${account}`, type: 'AwsAccount' };
  }
  return { id: resource, type: 'Other' };
}

/** Human names of statuses, for text and reports. */
export const STATUS_LABEL: Readonly<Record<Status, string>> = {
  PASS: 'PASS',
  FAIL: 'FAIL',
  ERROR: 'ERROR',
  NOT_APPLICABLE: 'N/A',
};

/** Findings in report order: status (FAIL first), severity (highest first), control, account, Region. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Evidence (`expected`/`actual`) as one line of text; empty when absent. */
export function evidenceText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** The control's references as `SRA-…`, `FSBP GuardDuty.1`, `CIS 4.16` strings. */
export function referenceList(control: ControlSummary | undefined): string[] {
  if (!control) return [];
  return [
    ...(control.refs.sraVerify ?? []),
    ...(control.refs.fsbp ?? []).map((r) => `FSBP ${r}`),
    ...(control.refs.cis ?? []).map((r) => `CIS ${r}`),
  ];
}

/** How to fix a control, in one line: the blueprint key when there is one, then the manual steps. */
export function remediationText(control: ControlSummary | undefined): string {
  if (!control) return '';
  const { blueprint, manual } = control.remediation;
  return blueprint ? `Set blueprint key ${blueprint}. ${manual}` : manual;
}
