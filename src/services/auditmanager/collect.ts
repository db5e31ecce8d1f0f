/**
 * AWS Audit Manager collector (`audit-manager`, region scope). AWS closed Audit Manager to new customers on
 * 30 April 2026; organizations that already use it keep it, so sra-kit still verifies it.
 *
 * In every account and governed Region:
 * - `GetAccountStatus` — whether Audit Manager is set up (ACTIVE) in the account. It never fails for an
 *   account that was never registered (it answers INACTIVE).
 *   https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_GetAccountStatus.html
 * In the management account only, and only when it is ACTIVE there:
 * - `GetOrganizationAdminAccount` — the delegated administrator of the Region (designated per Region). It
 *   answers AccessDeniedException while the caller has not set Audit Manager up, which is why it is read only
 *   after the status says ACTIVE, and ResourceNotFoundException when no administrator is designated, which is
 *   recorded as "none", not as a failed read.
 *   https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_GetOrganizationAdminAccount.html
 */
import {
  AuditManagerClient,
  GetAccountStatusCommand,
  GetOrganizationAdminAccountCommand,
  type GetAccountStatusCommandOutput,
  type GetOrganizationAdminAccountCommandOutput,
} from '@aws-sdk/client-auditmanager';
import { defineCollector, type Datum } from '../../observe/types.js';

/** Id of the region-scope Audit Manager slice. */
export const AUDIT_MANAGER = 'audit-manager';

/** Service principal of Audit Manager in Organizations. */
export const AUDIT_MANAGER_PRINCIPAL = 'auditmanager.amazonaws.com';

/** The region-scope Audit Manager slice of one account. */
export interface AuditManagerSlice {
  /** Registration status: `ACTIVE`, `INACTIVE` or `PENDING_ACTIVATION`. */
  status: Datum<string>;
  /**
   * Management account only, when Audit Manager is ACTIVE there: the delegated administrator designated in
   * this Region (`null`: none). Absent elsewhere.
   */
  admin?: Datum<string | null>;
}

/** Reads whether Audit Manager is set up, and in the management account who administers it. */
export const auditManagerCollector = defineCollector<AuditManagerSlice>({
  id: AUDIT_MANAGER,
  scope: 'region',
  reads: ['auditmanager:GetAccountStatus', 'auditmanager:GetOrganizationAdminAccount'],
  async collect(ctx) {
    const read = await ctx.read<GetAccountStatusCommandOutput>(
      AuditManagerClient,
      new GetAccountStatusCommand({}),
    );
    const status: Datum<string> = read.ok ? { ok: true, value: read.value.status ?? 'INACTIVE' } : read;
    if (ctx.account !== ctx.managementAccountId || !status.ok || status.value !== 'ACTIVE') return { status };
    const got = await ctx.read<GetOrganizationAdminAccountCommandOutput>(
      AuditManagerClient,
      new GetOrganizationAdminAccountCommand({}),
    );
    let admin: Datum<string | null>;
    if (got.ok) admin = { ok: true, value: got.value.adminAccountId ?? null };
    else if (got.error.kind === 'not-found') admin = { ok: true, value: null };
    else admin = got;
    return { status, admin };
  },
});
