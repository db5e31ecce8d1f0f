/**
 * Checks of the report formats against their specifications, shared by the unit tests and the
 * sandbox run: the result JSON Schema (ajv), OCSF 1.3.0 Compliance Finding requirements, Security
 * Hub's ASFF requirements and import limits, RFC 4180, and the JUnit XSD (xmllint). Each check is
 * written from the specification, independently of the renderer it checks.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { jsonBytes, type AsffFinding } from '../../src/report/asff.js';
import { RESULT_SCHEMA_PATH } from '../../src/report/json.js';
import type { OcsfComplianceFinding } from '../../src/report/ocsf.js';

// ---------------------------------------------------------------------------------------------
// The verify result JSON Schema

/** The result schema, parsed. */
export const resultSchema = JSON.parse(
  readFileSync(fileURLToPath(new URL(`../../${RESULT_SCHEMA_PATH}`, import.meta.url)), 'utf8'),
) as Record<string, unknown> & { $defs: Record<string, { enum?: string[] }> };

// RFC 3339 date-time (JSON Schema's `date-time` format), checked here because ajv-formats is not a
// dependency: full date, `T`, time with optional fraction, and a zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A strict ajv (draft 2020-12) validator of the result schema. */
export function resultValidator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', DATE_TIME);
  return ajv.compile(resultSchema);
}

// ---------------------------------------------------------------------------------------------
// OCSF 1.3.0 Compliance Finding

/*
 * What OCSF 1.3.0 requires of a Compliance Finding, encoded from the schema itself:
 * - class: https://schema.ocsf.io/1.3.0/classes/compliance_finding (source files in
 *   https://github.com/ocsf/ocsf-schema: events/findings/compliance_finding.json: `compliance`
 *   required; extends `finding`);
 * - finding: events/findings/finding.json (`finding_info` required; activity_id 1 Create, 2 Update,
 *   3 Close; status_id 1 New, 2 In Progress, 3 Suppressed, 4 Resolved);
 * - base event: activity_id, category_uid, class_uid, type_uid, severity_id, time and metadata required;
 *   type_uid = class_uid × 100 + activity_id;
 * - cloud profile (profiles/cloud.json): `cloud` required, and in the cloud object `provider` required;
 * - metadata (objects/metadata.json): `product` and `version` required; product (1.3.0): `vendor_name`
 *   required, `name` recommended (https://docs.tenzir.com/reference/ocsf/1-3-0/objects/product);
 * - finding_info (objects/finding_info.json): `uid` required, `title` recommended;
 * - compliance (objects/compliance.json): `standards` required; status_id 1 Pass, 2 Warning, 3 Fail;
 * - account (https://docs.tenzir.com/reference/ocsf/1-4-0/objects/account): type_id 10 = AWS Account.
 * Every enum also has 0 Unknown and 99 Other.
 */
/** Attributes every event must have (class, inherited and cloud-profile requirements). */
export const REQUIRED_EVENT = [
  'activity_id',
  'category_uid',
  'class_uid',
  'type_uid',
  'severity_id',
  'time',
  'metadata',
  'finding_info',
  'compliance',
  'cloud',
] as const;
/** Compliance Finding class id. */
export const CLASS_UID = 2003;
/** Findings category id. */
export const CATEGORY_UID = 2;
/** `activity_id` enum of findings. */
export const ACTIVITY: Record<number, string> = {
  0: 'Unknown',
  1: 'Create',
  2: 'Update',
  3: 'Close',
  99: 'Other',
};
/** `severity_id` enum. */
export const SEVERITY: Record<number, string> = {
  0: 'Unknown',
  1: 'Informational',
  2: 'Low',
  3: 'Medium',
  4: 'High',
  5: 'Critical',
  6: 'Fatal',
  99: 'Other',
};
/** Finding (lifecycle) `status_id` enum. */
export const FINDING_STATUS: Record<number, string> = {
  0: 'Unknown',
  1: 'New',
  2: 'In Progress',
  3: 'Suppressed',
  4: 'Resolved',
  99: 'Other',
};
/** `compliance.status_id` enum. */
export const COMPLIANCE_STATUS: Record<number, string> = {
  0: 'Unknown',
  1: 'Pass',
  2: 'Warning',
  3: 'Fail',
  99: 'Other',
};
/** `account.type_id` of an AWS account. */
export const ACCOUNT_TYPE_AWS = 10;

/**
 * Rules are collected as `[holds, description]` pairs and asserted once per object: one readable
 * failure listing every broken rule, and fast enough for thousands of findings.
 */
type Rule = readonly [boolean, string];

function expectRules(subject: string, rules: readonly Rule[]): void {
  expect(
    rules.filter(([holds]) => !holds).map(([, what]) => what),
    subject,
  ).toEqual([]);
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Problems of one event against the OCSF requirements and enums above (empty when valid). */
export function ocsfProblems(e: OcsfComplianceFinding): string[] {
  const has = (k: string) => (e as unknown as Record<string, unknown>)[k] !== undefined;
  const statusOk = (id: number, label: string, captions: Record<number, string>) =>
    id in captions && (id === 99 ? isText(label) : captions[id] === label);
  const rules: Rule[] = [
    ...REQUIRED_EVENT.map((k): Rule => [has(k), `required attribute ${k}`]),
    [e.class_uid === CLASS_UID, 'class_uid 2003'],
    [e.category_uid === CATEGORY_UID, 'category_uid 2'],
    [ACTIVITY[e.activity_id] === e.activity_name, 'activity_id in the enum, activity_name its caption'],
    [e.type_uid === CLASS_UID * 100 + e.activity_id, 'type_uid = class_uid × 100 + activity_id'],
    [SEVERITY[e.severity_id] === e.severity, 'severity_id in the enum, severity its caption'],
    [Number.isInteger(e.time), 'time in epoch milliseconds'],
    [e.metadata?.version === '1.3.0', 'metadata.version 1.3.0'],
    [isText(e.metadata?.product?.vendor_name), 'metadata.product.vendor_name (required)'],
    [isText(e.metadata?.product?.name), 'metadata.product.name'],
    [isText(e.finding_info?.uid), 'finding_info.uid (required)'],
    [isText(e.finding_info?.title), 'finding_info.title'],
    [(e.compliance?.standards?.length ?? 0) > 0, 'compliance.standards (required)'],
    [e.cloud?.provider === 'AWS', 'cloud.provider AWS (required)'],
    [e.cloud?.account?.type_id === ACCOUNT_TYPE_AWS, 'cloud.account.type_id 10 (AWS Account)'],
    [statusOk(e.status_id, e.status, FINDING_STATUS), 'status_id in the enum, status its caption'],
    [
      statusOk(e.compliance?.status_id, e.compliance?.status, COMPLIANCE_STATUS),
      'compliance.status_id in the enum, compliance.status its caption',
    ],
  ];
  return rules.filter(([holds]) => !holds).map(([, what]) => what);
}

/** Asserts that an event meets the OCSF requirements. */
export function expectValidOcsf(e: OcsfComplianceFinding): void {
  expect(ocsfProblems(e), e.finding_info?.uid).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// ASFF and BatchImportFindings

/*
 * Security Hub's rules for imported findings, from the AWS documentation:
 * - required top-level attributes (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html):
 *   AwsAccountId, CreatedAt, Description, GeneratorId, Id, ProductArn, Resources, SchemaVersion,
 *   Severity, Title, Types, UpdatedAt;
 * - lengths (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html):
 *   Id and GeneratorId 1–512, AwsAccountId 12, Title 1–256, Description 1–1024, Types ≤ 50,
 *   Resources 1–32, ProductFields ≤ 50 pairs with keys ≤ 128 and values ≤ 2048, AwsAccountName 1–50;
 *   Resource Type 1–256; Remediation.Recommendation.Text ≤ 512; Compliance.RelatedRequirements ≤ 32;
 * - Types are `namespace/category/classifier`, namespace one of five values;
 * - Severity.Label one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;
 * - Compliance.Status one of PASSED, WARNING, FAILED, NOT_AVAILABLE (API_Compliance.html);
 * - BatchImportFindings (https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html):
 *   up to 100 findings per batch, 240 KB per finding, 6 MB per batch, called from the finding's account.
 */
const REQUIRED = [
  'AwsAccountId',
  'CreatedAt',
  'Description',
  'GeneratorId',
  'Id',
  'ProductArn',
  'Resources',
  'SchemaVersion',
  'Severity',
  'Title',
  'Types',
  'UpdatedAt',
] as const;
const NAMESPACES = [
  'Software and Configuration Checks',
  'TTPs',
  'Effects',
  'Unusual Behaviors',
  'Sensitive Data Identifications',
];
const LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const COMPLIANCE = ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'];
const KB = 1024;
const len = (s: string) => Array.from(s).length;
// Security Hub timestamps: RFC 3339 with a zone (https://docs.aws.amazon.com/securityhub/1.0/APIReference/Welcome.html#timestamps).
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Checks one finding against the documented requirements and limits. */
export function expectValidAsff(f: AsffFinding): void {
  const within = (s: string | undefined, min: number, max: number) =>
    s !== undefined && len(s) >= min && len(s) <= max;
  const types = f.Types ?? [];
  const resources = f.Resources ?? [];
  const fields = Object.entries(f.ProductFields ?? {});
  const region = resources[0]?.Region;
  const rules: Rule[] = [
    ...REQUIRED.map((k): Rule => [f[k] !== undefined, `required attribute ${k}`]),
    [f.SchemaVersion === '2018-10-08', 'SchemaVersion 2018-10-08'],
    [within(f.Id, 1, 512), 'Id 1–512'],
    [within(f.GeneratorId, 1, 512), 'GeneratorId 1–512'],
    [/^\d{12}$/.test(f.AwsAccountId), 'AwsAccountId 12 digits'],
    [
      f.ProductArn === `arn:aws:securityhub:${region}:${f.AwsAccountId}:product/${f.AwsAccountId}/default`,
      'ProductArn is the default product of the account in the Region',
    ],
    [within(f.Title, 1, 256), 'Title 1–256'],
    [within(f.Description, 1, 1024), 'Description 1–1024'],
    [types.length >= 1 && types.length <= 50, 'Types 1–50'],
    ...types.map((t): Rule => {
      const parts = t.split('/');
      return [parts.length >= 2 && parts.length <= 3 && NAMESPACES.includes(parts[0]!), `Type ${t}`];
    }),
    [TIMESTAMP.test(f.CreatedAt), 'CreatedAt timestamp'],
    [TIMESTAMP.test(f.UpdatedAt), 'UpdatedAt timestamp'],
    [LABELS.includes(f.Severity?.Label), 'Severity.Label'],
    [resources.length >= 1 && resources.length <= 32, 'Resources 1–32'],
    ...resources.map((r): Rule => [within(r.Type, 1, 256) && isText(r.Id), `Resource ${r.Type} ${r.Id}`]),
    [COMPLIANCE.includes(f.Compliance?.Status), 'Compliance.Status'],
    [(f.Compliance?.RelatedRequirements ?? []).length <= 32, 'RelatedRequirements ≤ 32'],
    [within(f.Remediation?.Recommendation?.Text, 1, 512), 'Remediation text 1–512'],
    [fields.length <= 50, 'ProductFields ≤ 50'],
    ...fields.map(([k, v]): Rule => [within(k, 1, 128) && within(v, 0, 2048), `ProductFields ${k}`]),
    [f.AwsAccountName === undefined || within(f.AwsAccountName, 1, 50), 'AwsAccountName 1–50'],
    [jsonBytes(f) <= 240 * KB, 'finding ≤ 240 KB'],
  ];
  expectRules(f.Id, rules);
}

/** Checks batches against the import limits and the one-account, one-Region rule. */
export function expectValidBatches(batches: AsffFinding[][]): void {
  batches.forEach((batch, i) =>
    expectRules(`batch ${i}`, [
      [batch.length >= 1 && batch.length <= 100, '1–100 findings'],
      [jsonBytes(batch) <= 6 * KB * KB, '≤ 6 MB'],
      [new Set(batch.map((f) => f.AwsAccountId)).size === 1, 'one account'],
      [new Set(batch.map((f) => f.ProductArn)).size === 1, 'one product ARN (Region)'],
    ]),
  );
  for (const batch of batches) batch.forEach(expectValidAsff);
}

// ---------------------------------------------------------------------------------------------
// RFC 4180

/**
 * A strict RFC 4180 reader written from the RFC's grammar, independent of the writer: records end
 * with CRLF, a field is either non-escaped (no comma, quote, CR or LF) or enclosed in double quotes
 * with inner quotes doubled, and anything else is an error.
 */
export function parseRfc4180(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`invalid CSV at offset ${i}: ${why}`);
  };
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) fail('unterminated quoted field');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field += text[i++];
        }
      } else {
        while (i < text.length && !',\r\n'.includes(text[i]!)) {
          if (text[i] === '"') fail('quote inside a non-escaped field');
          field += text[i++];
        }
      }
      record.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text.startsWith('\r\n', i)) {
        i += 2;
        break;
      }
      fail(`expected a comma or CRLF, found ${JSON.stringify(text[i] ?? 'end of input')}`);
    }
    records.push(record);
  }
  return records;
}

// ---------------------------------------------------------------------------------------------
// JUnit XML

// The JUnit schema written for these tests from Ant's and Jenkins' description of the format.
const XSD = fileURLToPath(new URL('../fixtures/junit.xsd', import.meta.url));
let tempDir: string | undefined;
let n = 0;

/** Writes a document to a temporary file and returns its path (see {@link removeTempFiles}). */
export function saveTemp(xml: string): string {
  tempDir ??= mkdtempSync(join(tmpdir(), 'sra-report-'));
  const file = join(tempDir, `report-${n++}.xml`);
  writeFileSync(file, xml, 'utf8');
  return file;
}

/** Removes the files {@link saveTemp} wrote. */
export function removeTempFiles(): void {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

/** Validates with `xmllint --noout --schema` (libxml2-utils); returns the exit status and messages. */
export function xmllintSchema(xml: string): { status: number | null; stderr: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, saveTemp(xml)], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint could not run (install libxml2-utils): ${r.error.message}`);
  return { status: r.status, stderr: r.stderr };
}

/** Evaluates an XPath expression with xmllint and returns its string value. */
export function xpath(file: string, expr: string): string {
  const r = spawnSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint could not run: ${r.error.message}`);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

/** The number of nodes an XPath expression selects. */
export const xcount = (file: string, expr: string): number => Number(xpath(file, `count(${expr})`));
