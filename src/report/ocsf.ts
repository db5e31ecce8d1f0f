/**
 * OCSF Compliance Finding events (class_uid 2003, category Findings) for SIEMs, data lakes and
 * Amazon Security Lake custom sources. Targets OCSF schema 1.3.0
 * (https://schema.ocsf.io/1.3.0/classes/compliance_finding) with the `cloud` profile applied.
 *
 * Output is **JSON Lines**: one event per line, one event per finding. JSON Lines streams (an
 * organization of a thousand accounts yields hundreds of thousands of events), and it is what log
 * shippers and `jq -c` consume line by line.
 *
 * Which findings: **all of them** by default, because a Compliance Finding carries the result of the
 * check in `compliance.status_id` (Pass, Warning, Fail) and a PASS is the evidence that closes an
 * earlier FAIL of the same `finding_info.uid` downstream. `include: 'actionable'` keeps only FAIL
 * and ERROR, for pipelines that want work items only.
 *
 * Status mapping: PASS → compliance Pass (1) and finding status Resolved (4); FAIL → Fail (3) and New
 * (1); ERROR → Warning (2, "did not yield a result due to missing information") and New (1);
 * NOT_APPLICABLE → compliance Other (99, status "Not Applicable") and finding status Other (99).
 */
import { getCapability } from '../catalog/capabilities.js';
import type { CapabilityId } from '../catalog/ids.js';
import { findingSource } from '../verify/findings.js';
import type { ControlSummary, StreamedResult } from '../verify/result.js';
import type { Severity, Status } from '../verify/types.js';
import {
  describeResource,
  evidenceText,
  findingKey,
  findingRegion,
  indexResult,
  partitionOf,
  referenceList,
  remediationText,
} from './common.js';
import { reportOrder } from './stream.js';

/** OCSF schema version the events follow. */
export const OCSF_VERSION = '1.3.0';
/** Compliance Finding class. */
export const OCSF_CLASS_UID = 2003;
/** Findings category. */
export const OCSF_CATEGORY_UID = 2;
/** Activity: every verify run creates its events (`1` Create). */
export const OCSF_ACTIVITY_CREATE = 1;

/** OCSF `severity_id` and caption for each control severity. */
export const OCSF_SEVERITY: Readonly<Record<Severity, { id: number; caption: string }>> = {
  informational: { id: 1, caption: 'Informational' },
  low: { id: 2, caption: 'Low' },
  medium: { id: 3, caption: 'Medium' },
  high: { id: 4, caption: 'High' },
  critical: { id: 5, caption: 'Critical' },
};

/** OCSF compliance `status_id` and caption for each finding status. */
export const OCSF_COMPLIANCE_STATUS: Readonly<Record<Status, { id: number; caption: string }>> = {
  PASS: { id: 1, caption: 'Pass' },
  ERROR: { id: 2, caption: 'Warning' },
  FAIL: { id: 3, caption: 'Fail' },
  NOT_APPLICABLE: { id: 99, caption: 'Not Applicable' },
};

/** OCSF finding (lifecycle) `status_id` and caption for each finding status. */
export const OCSF_FINDING_STATUS: Readonly<Record<Status, { id: number; caption: string }>> = {
  FAIL: { id: 1, caption: 'New' },
  ERROR: { id: 1, caption: 'New' },
  PASS: { id: 4, caption: 'Resolved' },
  NOT_APPLICABLE: { id: 99, caption: 'Not Applicable' },
};

/** OCSF account `type_id` of an AWS account. */
const ACCOUNT_TYPE_AWS = 10;

/** Name of the standard every sra-kit control belongs to. */
export const SRA_STANDARD = 'AWS Security Reference Architecture';

/** One OCSF 1.3.0 Compliance Finding event (the attributes sra-kit fills). */
export interface OcsfComplianceFinding {
  activity_id: number;
  activity_name: string;
  category_uid: number;
  category_name: string;
  class_uid: number;
  class_name: string;
  type_uid: number;
  type_name: string;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  /** Event time: when the control was evaluated, epoch milliseconds. */
  time: number;
  message: string;
  metadata: {
    version: string;
    uid: string;
    profiles: string[];
    product: { name: string; vendor_name: string; version: string };
  };
  finding_info: {
    uid: string;
    title: string;
    desc: string;
    types: string[];
    created_time: number;
    first_seen_time: number;
    last_seen_time: number;
  };
  compliance: {
    control: string;
    standards: string[];
    requirements: string[];
    status_id: number;
    status: string;
    status_detail: string;
  };
  cloud: {
    provider: 'AWS';
    region: string;
    account: { uid: string; name?: string; type_id: number; type: string };
    org?: { uid: string };
  };
  resources: { uid: string; type: string; region: string; cloud_partition: string }[];
  remediation: { desc: string };
  /** sra-kit data OCSF has no attribute for: capabilities, principles, evidence, error. */
  unmapped: Record<string, unknown>;
}

/** Options of {@link toOcsfEvents}. */
export interface OcsfOptions {
  /** `all` findings (default) or only `actionable` ones (FAIL and ERROR). */
  include?: 'all' | 'actionable';
}

function standardsOf(control: ControlSummary | undefined): string[] {
  const standards = [SRA_STANDARD];
  if (control?.refs.fsbp?.length) standards.push('AWS Foundational Security Best Practices');
  if (control?.refs.cis?.length) standards.push('CIS AWS Foundations Benchmark v3.0.0');
  return standards;
}

function capabilityName(id: CapabilityId): string {
  try {
    return getCapability(id).name;
  } catch {
    return id;
  }
}

/** OCSF Compliance Finding events of a result, one at a time, in report order (FAIL first). */
export function* ocsfEvents(
  result: StreamedResult,
  options: OcsfOptions = {},
): Generator<OcsfComplianceFinding> {
  const idx = indexResult(result);
  const time = Date.parse(result.evaluatedAt);
  const collected = Date.parse(result.collectedAt);
  for (const f of reportOrder(findingSource(result.findings), options.include)) {
    const control = idx.control(f.controlId);
    const region = findingRegion(f, result);
    const key = findingKey(f);
    const severity = OCSF_SEVERITY[f.severity];
    const compliance = OCSF_COMPLIANCE_STATUS[f.status];
    const lifecycle = OCSF_FINDING_STATUS[f.status];
    const resource = describeResource(f.resource, f.account);
    const name = idx.account(f.account)?.name;
    const title = control?.title ?? f.controlId;
    yield {
      activity_id: OCSF_ACTIVITY_CREATE,
      activity_name: 'Create',
      category_uid: OCSF_CATEGORY_UID,
      category_name: 'Findings',
      class_uid: OCSF_CLASS_UID,
      class_name: 'Compliance Finding',
      type_uid: OCSF_CLASS_UID * 100 + OCSF_ACTIVITY_CREATE,
      type_name: 'Compliance Finding: Create',
      severity_id: severity.id,
      severity: severity.caption,
      status_id: lifecycle.id,
      status: lifecycle.caption,
      time,
      message: f.message,
      metadata: {
        version: OCSF_VERSION,
        uid: `${key}:${time}`,
        profiles: ['cloud'],
        product: { name: result.tool.name, vendor_name: 'sra-kit', version: result.tool.version },
      },
      finding_info: {
        uid: `sra-kit:${key}`,
        title,
        desc: control?.risk ? `${f.message} Risk: ${control.risk}` : f.message,
        types: (control?.capabilities ?? []).map((c) => `${SRA_STANDARD}/${capabilityName(c)}`),
        created_time: time,
        first_seen_time: collected,
        last_seen_time: collected,
      },
      compliance: {
        control: f.controlId,
        standards: standardsOf(control),
        requirements: referenceList(control),
        status_id: compliance.id,
        status: compliance.caption,
        status_detail: f.message,
      },
      cloud: {
        provider: 'AWS',
        region,
        account: {
          uid: f.account,
          ...(name ? { name } : {}),
          type_id: ACCOUNT_TYPE_AWS,
          type: 'AWS Account',
        },
        ...(result.organizationId ? { org: { uid: result.organizationId } } : {}),
      },
      resources: [{ uid: resource.id, type: resource.type, region, cloud_partition: partitionOf(region) }],
      remediation: { desc: remediationText(control) || 'See sra explain for this control.' },
      unmapped: {
        sra_status: f.status,
        capabilities: control?.capabilities ?? [],
        principles: control?.principles ?? [],
        ...(f.expected !== undefined ? { expected: evidenceText(f.expected) } : {}),
        ...(f.actual !== undefined ? { actual: evidenceText(f.actual) } : {}),
        ...(f.error
          ? { error: { kind: f.error.kind, operation: f.error.operation, message: f.error.message } }
          : {}),
      },
    };
  }
}

/** Converts a result to OCSF Compliance Finding events, FAIL first (all of them in one array). */
export function toOcsfEvents(result: StreamedResult, options: OcsfOptions = {}): OcsfComplianceFinding[] {
  return [...ocsfEvents(result, options)];
}

/** The OCSF report in chunks: one JSON Lines line per event. */
export function* ocsfChunks(result: StreamedResult, options: OcsfOptions = {}): Generator<string> {
  for (const e of ocsfEvents(result, options)) yield `${JSON.stringify(e)}\n`;
}

/** Renders OCSF events as JSON Lines (one event per line, trailing newline; empty string for none). */
export function renderOcsf(result: StreamedResult, options: OcsfOptions = {}): string {
  return [...ocsfChunks(result, options)].join('');
}
