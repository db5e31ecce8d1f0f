/**
 * The result of one `sra verify` run: findings plus scores, as every report format consumes it. Saved as
 * JSON (`--format json`), it is also the input of `sra report` and of `--baseline` comparisons.
 */
import type { AccountRoleId, CapabilityId, PrincipleId } from '../catalog/ids.js';
import type { AccountInfo, DataError } from '../observe/types.js';
import type { FindingSource } from './findings.js';
import type { ControlRefs, Finding, Remediation, Severity, Status } from './types.js';

/** Version of the result JSON format (see docs/schemas/verify-result.schema.json). */
export const RESULT_SCHEMA_VERSION = 1;

/** Control metadata as reports need it (no functions). */
export interface ControlSummary {
  id: string;
  title: string;
  severity: Severity;
  service: string;
  capabilities: CapabilityId[];
  principles: PrincipleId[];
  appliesTo: AccountRoleId[] | 'all';
  scope: 'organization' | 'account' | 'region';
  refs: ControlRefs;
  risk: string;
  remediation: Remediation;
}

/** A score: severity-weighted share of passing evaluations, 0–100, with the counts behind it. */
export interface Score {
  /** `round(100 × passWeight / (passWeight + failWeight))`; `null` when nothing was evaluated. */
  score: number | null;
  /** Findings by status. */
  counts: Record<Status, number>;
  /** Sum of severity weights of PASS findings. */
  passWeight: number;
  /** Sum of severity weights of FAIL findings. */
  failWeight: number;
}

/** Scores by dimension. */
export interface Scores {
  overall: Score;
  byCapability: Record<string, Score>;
  byPrinciple: Record<string, Score>;
  byAccount: Record<string, Score>;
  byRole: Record<string, Score>;
  bySeverity: Record<string, Score>;
  byControl: Record<string, Score>;
}

/** How an account's role was decided. */
export interface RoleAssignment {
  account: string;
  roles: AccountRoleId[];
  /** Why, e.g. "delegated administrator of guardduty.amazonaws.com, securityhub.amazonaws.com". */
  reason: string;
  /** `blueprint` when the blueprint said so, `inferred` otherwise. */
  source: 'blueprint' | 'inferred';
}

/** An organizational unit as a report draws the organization tree. */
export interface OuSummary {
  /** OU id (`ou-…`). */
  id: string;
  /** OU name (free text from AWS: escape before rendering). */
  name: string;
  /** Parent root (`r-…`) or OU id. */
  parentId: string;
}

/** One delegated-administrator registration, as reports mark it. */
export interface DelegatedAdminSummary {
  /** Delegated administrator account id. */
  accountId: string;
  /** Service principal, e.g. `guardduty.amazonaws.com`. */
  servicePrincipal: string;
}

/** The organization's shape, for reports that draw it (optional: absent when it was not collected). */
export interface OrganizationSummary {
  /** Every OU, parents before children; empty when the OU tree could not be read. */
  ous: OuSummary[];
  /** Every delegated-administrator registration; empty when they could not be read. */
  delegatedAdmins: DelegatedAdminSummary[];
}

/** Everything one verify run produced. Plain JSON. */
export interface VerifyResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  tool: { name: 'sra-kit'; version: string };
  /** When the inventory was collected (ISO 8601). */
  collectedAt: string;
  /** When the controls were evaluated (ISO 8601). */
  evaluatedAt: string;
  organizationId?: string;
  managementAccountId: string;
  homeRegion: string;
  governedRegions: string[];
  accounts: AccountInfo[];
  roles: RoleAssignment[];
  /** Accounts or Regions that could not be read at all. */
  unreachable: DataError[];
  /** The controls that were evaluated. */
  controls: ControlSummary[];
  findings: Finding[];
  scores: Scores;
  /** OUs and delegated administrators, when the Organizations data was collected. */
  organization?: OrganizationSummary;
  /** Filters the run used, for the record. */
  scope: {
    accounts?: string[];
    ous?: string[];
    regions?: string[];
    controls?: string[];
    capabilities?: string[];
  };
}

/**
 * A result whose findings may live outside memory (a {@link FindingSource}, e.g. the spool `sra verify`
 * writes on large organizations). Every report renders one; a {@link VerifyResult} is one too.
 */
export type StreamedResult = Omit<VerifyResult, 'findings'> & {
  findings: readonly Finding[] | FindingSource;
};
