/**
 * AWS Security Incident Response collector (`security-incident-response`, account scope).
 *
 * In every account:
 * - the triage service-linked role, with `iam:GetRole` (IAM is global: read once per account, in the home
 *   Region). NoSuchEntity means the role is absent, not that the read failed.
 *   https://docs.aws.amazon.com/security-ir/latest/userguide/using-service-linked-roles.html
 *   https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
 *
 * Only in the delegated administrator of `security-ir.amazonaws.com` (from the Organizations slice; nowhere
 * when there is none — the SRA puts the membership in the security tooling account, and who administers it
 * is judged from Organizations), the membership(s):
 * - `ListMemberships` in the home Region. Each item names the Region the membership is managed in.
 *   https://docs.aws.amazon.com/security-ir/latest/APIReference/API_ListMemberships.html
 * - `GetMembership` of each membership, in its own Region: status, opt-in features (proactive response is
 *   the `Triage` feature), team size and which accounts it is configured to cover.
 *   https://docs.aws.amazon.com/security-ir/latest/APIReference/API_GetMembership.html
 * - `BatchGetMemberAccountDetails` of each active membership, in its Region, for the run's ACTIVE accounts,
 *   at most 100 per call.
 *   https://docs.aws.amazon.com/security-ir/latest/APIReference/API_BatchGetMemberAccountDetails.html
 *
 * Assumption: `ListMemberships` lists the caller's memberships whatever Region it is called in (its items
 * carry their Region for that purpose, and the service is set up in one Region for the whole organization:
 * https://docs.aws.amazon.com/security-ir/latest/userguide/considerations_important.html). A membership the
 * home Region does not list is not seen.
 */
import { GetRoleCommand, IAMClient, type GetRoleCommandOutput } from '@aws-sdk/client-iam';
import {
  BatchGetMemberAccountDetailsCommand,
  GetMembershipCommand,
  ListMembershipsCommand,
  SecurityIRClient,
  type BatchGetMemberAccountDetailsCommandOutput,
  type GetMembershipCommandOutput,
  type ListMembershipsCommandOutput,
} from '../../aws/clients/security-ir/index.js';
import { delegatedAdminsOf, organizationSliceOf } from '../organizations/collect.js';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';

/** Id of the account-scope Security Incident Response slice. */
export const SECURITY_INCIDENT_RESPONSE = 'security-incident-response';

/**
 * Service principal of Security Incident Response in Organizations (trusted access and delegated
 * administrator). https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-security-ir.html
 */
export const SECURITY_IR_PRINCIPAL = 'security-ir.amazonaws.com';

/** Name of the service-linked role the triage feature uses (trusted by `triage.security-ir.amazonaws.com`). */
export const TRIAGE_ROLE_NAME = 'AWSServiceRoleForSecurityIncidentResponse_Triage';

/** Name of the opt-in feature that is proactive response. */
export const TRIAGE_FEATURE = 'Triage';

/** Most account ids one `BatchGetMemberAccountDetails` call takes. */
export const COVERAGE_BATCH_SIZE = 100;

/** The triage role as `GetRole` reports it. */
export interface TriageRoleInfo {
  /** Role ARN. */
  arn: string;
  /** Role path (`/aws-service-role/triage.security-ir.amazonaws.com/` for the real service-linked role). */
  path: string;
}

/** What `GetMembership` says, reduced to what the controls read (no names or contacts of people). */
export interface SecurityIrMembershipDetails {
  /** `Active`, `Cancelled` or `Terminated`. */
  status: string;
  /** `Organization` or `Standalone`, when reported. */
  customerType?: string;
  /** Whether the `Triage` opt-in feature (proactive response) is enabled. */
  triageEnabled: boolean;
  /** Members of the incident response team. */
  teamSize: number;
  /** Configured to cover every account of the organization, when reported. */
  coverEntireOrganization?: boolean;
  /** OU ids configured for coverage, when reported. */
  organizationalUnits?: string[];
  /** Accounts covered, as the service counts them. */
  numberOfAccountsCovered?: number;
}

/** Which of the run's accounts an active membership covers. */
export interface SecurityIrCoverage {
  /** Account id → `Associated`, `Disassociated` or `Unassociated`, for every account answered. */
  statuses: Record<string, string>;
  /** Account id → why the service could not answer for it. */
  errors: Record<string, string>;
  /** Accounts asked about (the run's ACTIVE accounts). */
  asked: string[];
}

/** One membership of the administrator. */
export interface SecurityIrMembership {
  /** Membership id. */
  id: string;
  /** Region the membership is managed in. */
  region: string;
  /** Status as `ListMemberships` reports it. */
  status: string;
  /** Membership ARN, when reported. */
  arn?: string;
  /** `GetMembership`, in the membership's Region. */
  details: Datum<SecurityIrMembershipDetails>;
  /** `BatchGetMemberAccountDetails`; only for `Active` memberships. */
  coverage?: Datum<SecurityIrCoverage>;
}

/** The account-scope Security Incident Response slice of one account. */
export interface SecurityIncidentResponseSlice {
  /** The triage service-linked role, `null` when the account has none. */
  triageRole: Datum<TriageRoleInfo | null>;
  /**
   * Whether the account is the delegated Security Incident Response administrator per the Organizations
   * slice; `null` when that is unknown (then no membership was read).
   */
  administrator?: boolean | null;
  /** Administrator only: its memberships (normally one). */
  memberships?: Datum<SecurityIrMembership[]>;
}

/** A membership as `ListMemberships` lists it, before details. */
type Listed = Omit<SecurityIrMembership, 'details' | 'coverage'>;

/** Reads the triage service-linked role, and in the administrator the membership(s). */
export const securityIncidentResponseCollector = defineCollector<SecurityIncidentResponseSlice>({
  id: SECURITY_INCIDENT_RESPONSE,
  scope: 'account',
  reads: [
    'iam:GetRole',
    'security-ir:ListMemberships',
    'security-ir:GetMembership',
    'security-ir:BatchGetMemberAccountDetails',
  ],
  async collect(ctx) {
    const admins = delegatedAdminsOf(organizationSliceOf(ctx.organization), SECURITY_IR_PRINCIPAL);
    const administrator = admins === undefined ? null : admins.includes(ctx.account);
    const [triageRole, memberships] = await Promise.all([
      readTriageRole(ctx),
      administrator ? readMemberships(ctx) : Promise.resolve(undefined),
    ]);
    return { triageRole, administrator, ...(memberships ? { memberships } : {}) };
  },
});

async function readTriageRole(ctx: CollectContext): Promise<Datum<TriageRoleInfo | null>> {
  const got = await ctx.read<GetRoleCommandOutput>(
    IAMClient,
    new GetRoleCommand({ RoleName: TRIAGE_ROLE_NAME }),
  );
  if (got.ok) {
    return { ok: true, value: { arn: got.value.Role?.Arn ?? '', path: got.value.Role?.Path ?? '/' } };
  }
  return got.error.kind === 'not-found' ? { ok: true, value: null } : got;
}

async function readMemberships(ctx: CollectContext): Promise<Datum<SecurityIrMembership[]>> {
  const listed = await ctx.readAll<ListMembershipsCommandOutput, Listed>(
    SecurityIRClient,
    (cursor) => new ListMembershipsCommand({ maxResults: 25, ...cursor }),
    (page) =>
      (page.items ?? []).flatMap((m) =>
        m.membershipId
          ? [
              {
                id: m.membershipId,
                region: m.region ?? ctx.region,
                status: m.membershipStatus ?? 'UNKNOWN',
                ...(m.membershipArn ? { arn: m.membershipArn } : {}),
              },
            ]
          : [],
      ),
  );
  if (!listed.ok) return listed;
  const value = await Promise.all(
    listed.value.map(async (m): Promise<SecurityIrMembership> => {
      const [details, coverage] = await Promise.all([
        readDetails(ctx, m),
        m.status === 'Active' ? readCoverage(ctx, m) : Promise.resolve(undefined),
      ]);
      return { ...m, details, ...(coverage ? { coverage } : {}) };
    }),
  );
  return { ok: true, value };
}

async function readDetails(ctx: CollectContext, m: Listed): Promise<Datum<SecurityIrMembershipDetails>> {
  const got = await ctx.read<GetMembershipCommandOutput>(
    SecurityIRClient,
    new GetMembershipCommand({ membershipId: m.id }),
    { region: m.region },
  );
  if (!got.ok) return got;
  const v = got.value;
  const accounts = v.membershipAccountsConfigurations;
  return {
    ok: true,
    value: {
      status: v.membershipStatus ?? m.status,
      ...(v.customerType ? { customerType: v.customerType } : {}),
      triageEnabled: (v.optInFeatures ?? []).some(
        (f) => f.featureName === TRIAGE_FEATURE && f.isEnabled === true,
      ),
      teamSize: v.incidentResponseTeam?.length ?? 0,
      ...(accounts?.coverEntireOrganization !== undefined
        ? { coverEntireOrganization: accounts.coverEntireOrganization }
        : {}),
      ...(accounts?.organizationalUnits ? { organizationalUnits: [...accounts.organizationalUnits] } : {}),
      ...(v.numberOfAccountsCovered !== undefined
        ? { numberOfAccountsCovered: v.numberOfAccountsCovered }
        : {}),
    },
  };
}

async function readCoverage(ctx: CollectContext, m: Listed): Promise<Datum<SecurityIrCoverage>> {
  const asked = ctx.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
  const statuses: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (let i = 0; i < asked.length; i += COVERAGE_BATCH_SIZE) {
    const got = await ctx.read<BatchGetMemberAccountDetailsCommandOutput>(
      SecurityIRClient,
      new BatchGetMemberAccountDetailsCommand({
        membershipId: m.id,
        accountIds: asked.slice(i, i + COVERAGE_BATCH_SIZE),
      }),
      { region: m.region },
    );
    if (!got.ok) return got;
    for (const item of got.value.items ?? []) {
      if (item.accountId) statuses[item.accountId] = item.relationshipStatus ?? 'UNKNOWN';
    }
    for (const e of got.value.errors ?? []) {
      if (e.accountId) errors[e.accountId] = `${e.error ?? 'error'}: ${e.message ?? ''}`.trim();
    }
  }
  return { ok: true, value: { statuses, errors, asked } };
}
