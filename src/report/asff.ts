/**
 * AWS Security Finding Format (ASFF) for Security Hub `BatchImportFindings`.
 *
 * Output: a JSON **array of batches**, each batch an array of findings ready to be the `Findings`
 * parameter of one `BatchImportFindings` call. Batches respect the import limits: at most 100
 * findings, at most 240 KB per finding and at most 6 MB per batch
 * (https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html).
 * A batch never mixes accounts or Regions: with the default product ARN
 * (`arn:aws:securityhub:<region>:<account>:product/<account>/default`) the call must be made from the
 * account named in `AwsAccountId`, in the Region of the product ARN
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html), so each
 * batch maps to one set of credentials and one endpoint.
 *
 * Field limits follow the AwsSecurityFinding reference
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html): Title ≤ 256,
 * Description ≤ 1024, Id and GeneratorId ≤ 512, Types ≤ 50, Resources 1–32, Resource Type ≤ 256,
 * Remediation text ≤ 512, ProductFields ≤ 50 pairs (key ≤ 128, value ≤ 2048), RelatedRequirements ≤ 32,
 * AwsAccountName ≤ 50. Longer strings are cut and end with an ellipsis.
 *
 * All findings are exported: PASSED findings keep the same `Id` as an earlier FAILED one, so importing
 * them updates the finding instead of leaving a stale failure. Status mapping
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Compliance.html): PASS → PASSED with
 * severity label INFORMATIONAL (nothing to fix; the control's severity stays in `Severity.Original`),
 * FAIL → FAILED, ERROR → WARNING ("some information is missing": the finding stays active so the gap
 * stays visible), NOT_APPLICABLE → NOT_AVAILABLE (the meaning Security Hub gives a NOT_APPLICABLE Config
 * evaluation).
 */
import { findingSource } from '../verify/findings.js';
import type { StreamedResult } from '../verify/result.js';
import type { Finding, Severity, Status } from '../verify/types.js';
import {
  describeResource,
  evidenceText,
  findingKey,
  findingRegion,
  indexResult,
  partitionOf,
  referenceList,
  remediationText,
  truncate,
  type ResultIndex,
} from './common.js';
import { jsonArrayChunks, reportOrder } from './stream.js';

/** ASFF schema version. */
export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Import and field limits of Security Hub (see the module comment for sources). */
export const ASFF_LIMITS = {
  findingsPerBatch: 100,
  /** Bytes of one finding's JSON; Security Hub rejects larger findings. */
  findingBytes: 240 * 1024,
  /** Bytes of one batch's JSON array. */
  batchBytes: 6 * 1024 * 1024,
  title: 256,
  description: 1024,
  id: 512,
  generatorId: 512,
  types: 50,
  resources: 32,
  resourceType: 256,
  recommendationText: 512,
  productFields: 50,
  productFieldKey: 128,
  productFieldValue: 2048,
  relatedRequirements: 32,
  accountName: 50,
} as const;

/** ASFF compliance status of each finding status. */
export const ASFF_COMPLIANCE_STATUS: Readonly<
  Record<Status, 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_AVAILABLE'>
> = {
  PASS: 'PASSED',
  FAIL: 'FAILED',
  ERROR: 'WARNING',
  NOT_APPLICABLE: 'NOT_AVAILABLE',
};

/** ASFF severity label of each control severity. */
export const ASFF_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  informational: 'INFORMATIONAL',
};

/** The ASFF attributes sra-kit fills. */
export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  AwsAccountName?: string;
  Types: string[];
  FirstObservedAt: string;
  LastObservedAt: string;
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: string; Original: string };
  Title: string;
  Description: string;
  Remediation: { Recommendation: { Text: string } };
  ProductFields: Record<string, string>;
  Resources: { Type: string; Id: string; Partition: string; Region: string }[];
  Compliance: { Status: string; RelatedRequirements?: string[] };
  RecordState: 'ACTIVE';
}

/** Options of {@link toAsffFindings}. */
export interface AsffOptions {
  /** `all` findings (default) or only `actionable` ones (FAIL and ERROR). */
  include?: 'all' | 'actionable';
}

/** `Type` values of the finding types: `namespace/category/classifier`. */
const TYPE_SRA =
  'Software and Configuration Checks/AWS Security Best Practices/AWS Security Reference Architecture';
const TYPE_CIS =
  'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark';

/** Bytes of the UTF-8 JSON of a value. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** The default product ARN of an account in a Region, for findings it imports itself. */
export function productArn(account: string, region: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}:${account}:product/${account}/default`;
}

function productFields(entries: readonly [string, string | undefined][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (v === undefined || v === '') continue;
    if (Object.keys(out).length >= ASFF_LIMITS.productFields) break;
    out[truncate(k, ASFF_LIMITS.productFieldKey)] = truncate(v, ASFF_LIMITS.productFieldValue);
  }
  return out;
}

/**
 * Keeps a finding under the per-finding size limit: evidence goes first, then the resource id is
 * cut. With every other field capped, these are the only unbounded parts.
 */
function fitFinding(finding: AsffFinding): AsffFinding {
  if (jsonBytes(finding) <= ASFF_LIMITS.findingBytes) return finding;
  const fields = { ...finding.ProductFields };
  delete fields['sra-kit/Expected'];
  delete fields['sra-kit/Actual'];
  fields['sra-kit/EvidenceOmitted'] = 'evidence removed to stay under the 240 KB finding limit';
  let fitted: AsffFinding = { ...finding, ProductFields: fields };
  if (jsonBytes(fitted) <= ASFF_LIMITS.findingBytes) return fitted;
  fitted = {
    ...fitted,
    Resources: fitted.Resources.map((r) => ({ ...r, Id: truncate(r.Id, 1024) })),
  };
  return fitted;
}

function toAsff(f: Finding, result: StreamedResult, idx: ResultIndex): AsffFinding {
  const control = idx.control(f.controlId);
  const region = findingRegion(f, result);
  const resource = describeResource(f.resource, f.account);
  const name = idx.account(f.account)?.name;
  const refs = referenceList(control);
  const description = control?.risk ? `${f.message} Risk: ${control.risk}` : f.message;
  const finding: AsffFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: truncate(`sra-kit/${f.controlId}/${findingKey(f)}`, ASFF_LIMITS.id),
    ProductArn: productArn(f.account, region),
    GeneratorId: truncate(`sra-kit/${f.controlId}`, ASFF_LIMITS.generatorId),
    AwsAccountId: f.account,
    ...(name ? { AwsAccountName: truncate(name, ASFF_LIMITS.accountName) } : {}),
    Types: [TYPE_SRA, ...(control?.refs.cis?.length ? [TYPE_CIS] : [])].slice(0, ASFF_LIMITS.types),
    FirstObservedAt: result.collectedAt,
    LastObservedAt: result.collectedAt,
    CreatedAt: result.evaluatedAt,
    UpdatedAt: result.evaluatedAt,
    Severity: {
      Label: f.status === 'PASS' ? 'INFORMATIONAL' : ASFF_SEVERITY[f.severity],
      Original: f.severity,
    },
    Title: truncate(control?.title ?? f.controlId, ASFF_LIMITS.title) || f.controlId,
    Description: truncate(description.trim() || f.controlId, ASFF_LIMITS.description),
    Remediation: {
      Recommendation: {
        Text: truncate(
          remediationText(control) || 'Run sra explain for this control.',
          ASFF_LIMITS.recommendationText,
        ),
      },
    },
    ProductFields: productFields([
      ['sra-kit/ControlId', f.controlId],
      ['sra-kit/Status', f.status],
      ['sra-kit/Capabilities', control?.capabilities.join(',')],
      ['sra-kit/Principles', control?.principles.join(',')],
      ['sra-kit/Resource', f.resource],
      ['sra-kit/BlueprintKey', control?.remediation.blueprint],
      ['sra-kit/Expected', f.expected === undefined ? undefined : evidenceText(f.expected)],
      ['sra-kit/Actual', f.actual === undefined ? undefined : evidenceText(f.actual)],
      ['sra-kit/ErrorKind', f.error?.kind],
      ['sra-kit/ErrorOperation', f.error?.operation],
    ]),
    Resources: [
      {
        Type: truncate(resource.type, ASFF_LIMITS.resourceType),
        Id: resource.id,
        Partition: partitionOf(region),
        Region: region,
      },
    ],
    Compliance: {
      Status: ASFF_COMPLIANCE_STATUS[f.status],
      ...(refs.length ? { RelatedRequirements: refs.slice(0, ASFF_LIMITS.relatedRequirements) } : {}),
    },
    RecordState: 'ACTIVE',
  };
  return fitFinding(finding);
}

/** Converts a result's findings to ASFF, FAIL first (all of them in one array). */
export function toAsffFindings(result: StreamedResult, options: AsffOptions = {}): AsffFinding[] {
  const idx = indexResult(result);
  return [...reportOrder(findingSource(result.findings), options.include)].map((f) => toAsff(f, result, idx));
}

/**
 * Splits findings into `BatchImportFindings` batches: one account and Region (product ARN) per batch,
 * at most 100 findings and 6 MB each. Order within an account and Region is preserved.
 */
export function batchAsffFindings(findings: readonly AsffFinding[]): AsffFinding[][] {
  const byTarget = new Map<string, AsffFinding[]>();
  for (const f of findings) {
    const key = `${f.AwsAccountId}|${f.ProductArn}`;
    let list = byTarget.get(key);
    if (!list) byTarget.set(key, (list = []));
    list.push(f);
  }
  const batches: AsffFinding[][] = [];
  for (const list of byTarget.values()) {
    let batch: AsffFinding[] = [];
    let bytes = 2; // the enclosing [ ]
    for (const f of list) {
      const size = jsonBytes(f) + 1; // plus the separating comma
      if (
        batch.length > 0 &&
        (batch.length >= ASFF_LIMITS.findingsPerBatch || bytes + size > ASFF_LIMITS.batchBytes)
      ) {
        batches.push(batch);
        batch = [];
        bytes = 2;
      }
      batch.push(f);
      bytes += size;
    }
    if (batch.length > 0) batches.push(batch);
  }
  return batches;
}

/** The import target of a finding: its account and product ARN (one set of credentials, one endpoint). */
function targetOf(f: Finding, result: StreamedResult): string {
  return `${f.account}|${productArn(f.account, findingRegion(f, result))}`;
}

/**
 * The ASFF batches of a result, one at a time, in the order {@link batchAsffFindings} gives them
 * for {@link toAsffFindings}: targets (account and Region) in the order they first appear in report
 * order, each target's findings in report order. A first pass over report order records the target
 * order (one key per target); then each target's findings are read from its account
 * (`ofAccount`), so only one account's findings are in memory at once. Consecutive targets of the
 * same account share one read of that account.
 */
export function* asffBatches(result: StreamedResult, options: AsffOptions = {}): Generator<AsffFinding[]> {
  const source = findingSource(result.findings);
  const targets = new Map<string, string>();
  for (const f of reportOrder(source, options.include)) {
    const key = targetOf(f, result);
    if (!targets.has(key)) targets.set(key, f.account);
  }
  const keep = (f: Finding) =>
    options.include !== 'actionable' || f.status === 'FAIL' || f.status === 'ERROR';
  const idx = indexResult(result);
  let loaded: { account: string; byTarget: Map<string, Finding[]> } | undefined;
  for (const [key, account] of targets) {
    if (loaded?.account !== account) {
      const byTarget = new Map<string, Finding[]>();
      for (const f of source.ofAccount(account)) {
        if (!keep(f)) continue;
        const k = targetOf(f, result);
        let list = byTarget.get(k);
        if (!list) byTarget.set(k, (list = []));
        list.push(f);
      }
      loaded = { account, byTarget };
    }
    const findings = loaded.byTarget.get(key) ?? [];
    loaded.byTarget.delete(key);
    yield* batchAsffFindings(findings.map((f) => toAsff(f, result, idx)));
  }
}

/**
 * The ASFF report in chunks: the JSON array of batches (as `JSON.stringify(batches, null, 2)` plus a
 * line feed), one batch at a time.
 */
export function* asffChunks(result: StreamedResult, options: AsffOptions = {}): Generator<string> {
  yield* jsonArrayChunks(asffBatches(result, options), 0);
  yield '\n';
}

/** Renders ASFF as a JSON array of batches (each one `BatchImportFindings` call). */
export function renderAsff(result: StreamedResult, options: AsffOptions = {}): string {
  return [...asffChunks(result, options)].join('');
}
