/**
 * AWS Security Incident Response collector (`security-incident-response`, account scope).
 *
 * sra-kit has no Security Incident Response client (`@aws-sdk/client-security-ir` is not available to the
 * project), so the membership itself (status, proactive response, covered accounts) cannot be read: the
 * controls that need it report ERROR with a `not-implemented` reason. What can be read honestly:
 * - who administers it, from the Organizations slice (delegated administrators of `security-ir.amazonaws.com`);
 * - in every account, the triage service-linked role, with `iam:GetRole` (IAM is global: read once per
 *   account, in the home Region). NoSuchEntity means the role is absent, not that the read failed.
 *   https://docs.aws.amazon.com/security-ir/latest/userguide/using-service-linked-roles.html
 *   https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
 */
import { GetRoleCommand, IAMClient, type GetRoleCommandOutput } from '@aws-sdk/client-iam';
import { defineCollector, type Datum } from '../../observe/types.js';

/** Id of the account-scope Security Incident Response slice. */
export const SECURITY_INCIDENT_RESPONSE = 'security-incident-response';

/**
 * Service principal of Security Incident Response in Organizations (trusted access and delegated
 * administrator). https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-security-ir.html
 */
export const SECURITY_IR_PRINCIPAL = 'security-ir.amazonaws.com';

/** Name of the service-linked role the triage feature uses (trusted by `triage.security-ir.amazonaws.com`). */
export const TRIAGE_ROLE_NAME = 'AWSServiceRoleForSecurityIncidentResponse_Triage';

/** The triage role as `GetRole` reports it. */
export interface TriageRoleInfo {
  /** Role ARN. */
  arn: string;
  /** Role path (`/aws-service-role/triage.security-ir.amazonaws.com/` for the real service-linked role). */
  path: string;
}

/** The account-scope Security Incident Response slice of one account. */
export interface SecurityIncidentResponseSlice {
  /** The triage service-linked role, `null` when the account has none. */
  triageRole: Datum<TriageRoleInfo | null>;
}

/** Reads the triage service-linked role of the account. */
export const securityIncidentResponseCollector = defineCollector<SecurityIncidentResponseSlice>({
  id: SECURITY_INCIDENT_RESPONSE,
  scope: 'account',
  reads: ['iam:GetRole'],
  async collect(ctx) {
    const got = await ctx.read<GetRoleCommandOutput>(
      IAMClient,
      new GetRoleCommand({ RoleName: TRIAGE_ROLE_NAME }),
    );
    if (got.ok) {
      return {
        triageRole: {
          ok: true,
          value: { arn: got.value.Role?.Arn ?? '', path: got.value.Role?.Path ?? '/' },
        },
      };
    }
    return { triageRole: got.error.kind === 'not-found' ? { ok: true, value: null } : got };
  },
});
