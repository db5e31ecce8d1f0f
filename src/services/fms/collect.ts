/**
 * AWS Firewall Manager collectors. Firewall Manager is optional in the SRA, so the reads stay few:
 * - `fms-admin` (organization scope): the organization's default Firewall Manager administrator, read from
 *   the management account in us-east-1, where the administrator is set (SRA.md §3).
 * - `fms-policies` (region scope): nothing in ordinary accounts; in the administrator, the policy summaries
 *   of each governed Region. `ListPolicies` answers only the administrator, and its summaries already carry
 *   every field the controls judge (type, remediation, cleanup, status), so no `GetPolicy` per policy.
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_GetAdminAccount.html
 *   (`ResourceNotFoundException` when no administrator is set)
 * - https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_ListPolicies.html (MaxResults 1–100)
 * - https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_PolicySummary.html
 */
import {
  FMSClient,
  GetAdminAccountCommand,
  ListPoliciesCommand,
  type GetAdminAccountCommandOutput,
  type ListPoliciesCommandOutput,
} from '@aws-sdk/client-fms';
import { defineCollector, type Datum } from '../../observe/types.js';

/** Id of the organization-scope slice (the Firewall Manager administrator). */
export const FMS_ADMIN = 'fms-admin';
/** Id of the region-scope slice (the administrator's policies). */
export const FMS_POLICIES = 'fms-policies';
/** The Region where the Firewall Manager administrator is set and read. */
export const FMS_ADMIN_REGION = 'us-east-1';

/** The Firewall Manager default administrator; no `account` when none is set. */
export interface FmsAdmin {
  /** Administrator account id. */
  account?: string;
  /** `READY`, `CREATING`, `PENDING_DELETION`, `DELETING` or `DELETED`. */
  roleStatus?: string;
}

/** Organization-scope slice. */
export interface FmsAdminSlice {
  /** The administrator (a value without `account` when there is none). */
  admin: Datum<FmsAdmin>;
}

/** A Firewall Manager policy, as much of it as the controls read. */
export interface FmsPolicy {
  /** Policy id. */
  id: string;
  /** Policy name (free text: escape before rendering). */
  name: string;
  /** Policy ARN. */
  arn: string;
  /** Security service type: `WAFV2`, `SHIELD_ADVANCED`, `SECURITY_GROUPS_COMMON`, `NETWORK_FIREWALL`, … */
  type: string;
  /** Resource type in scope. */
  resourceType?: string;
  /** Whether Firewall Manager remediates non-compliant resources automatically. */
  remediationEnabled: boolean;
  /** Whether Firewall Manager cleans up protections of resources that leave the scope. */
  deleteUnusedManagedResources: boolean;
  /** `ACTIVE` or `OUT_OF_ADMIN_SCOPE`. */
  status: string;
}

/** Region-scope slice: empty except in the Firewall Manager administrator. */
export interface FmsPoliciesSlice {
  /** Present only in the administrator account. */
  policies?: Datum<FmsPolicy[]>;
}

/** The administrator account per the organization slice, when it was read and one is set. */
export function fmsAdminOf(slice: FmsAdminSlice | undefined): string | undefined {
  return slice?.admin.ok ? slice.admin.value.account : undefined;
}

/** Organization-scope collector: `GetAdminAccount` from the management account in us-east-1. */
export const fmsAdminCollector = defineCollector<FmsAdminSlice>({
  id: FMS_ADMIN,
  scope: 'organization',
  reads: ['fms:GetAdminAccount'],
  async collect(ctx) {
    const d = await ctx.read<GetAdminAccountCommandOutput>(FMSClient, new GetAdminAccountCommand({}), {
      region: FMS_ADMIN_REGION,
    });
    if (!d.ok) {
      // No administrator is an answer, not a failure.
      return d.error.awsErrorName === 'ResourceNotFoundException'
        ? { admin: { ok: true, value: {} } }
        : { admin: d };
    }
    return {
      admin: {
        ok: true,
        value: {
          ...(d.value.AdminAccount ? { account: d.value.AdminAccount } : {}),
          ...(d.value.RoleStatus ? { roleStatus: d.value.RoleStatus } : {}),
        },
      },
    };
  },
});

/** Region-scope collector: the administrator's policies (`ListPolicies`), in the administrator only. */
export const fmsPoliciesCollector = defineCollector<FmsPoliciesSlice>({
  id: FMS_POLICIES,
  scope: 'region',
  reads: ['fms:ListPolicies'],
  async collect(ctx) {
    const admin = fmsAdminOf(ctx.organization[FMS_ADMIN] as FmsAdminSlice | undefined);
    if (!admin || admin !== ctx.account) return {};
    const policies = await ctx.readAll<ListPoliciesCommandOutput, FmsPolicy>(
      FMSClient,
      (cursor) => new ListPoliciesCommand({ MaxResults: 100, ...cursor }),
      (page) =>
        (page.PolicyList ?? []).map((p) => ({
          id: p.PolicyId ?? '',
          name: p.PolicyName ?? '',
          arn: p.PolicyArn ?? '',
          type: p.SecurityServiceType ?? 'UNKNOWN',
          ...(p.ResourceType ? { resourceType: p.ResourceType } : {}),
          remediationEnabled: p.RemediationEnabled ?? false,
          deleteUnusedManagedResources: p.DeleteUnusedFMManagedResources ?? false,
          status: p.PolicyStatus ?? 'ACTIVE',
        })),
    );
    return { policies };
  },
});
