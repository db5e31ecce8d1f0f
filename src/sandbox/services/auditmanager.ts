/**
 * AWS Audit Manager in the sandbox: account registration (per account and Region) and the delegated
 * administrator the management account designates (per Region, but the same account everywhere).
 *
 * AWS closed Audit Manager to new customers on 30 April 2026; existing customers keep using it. The sandbox
 * simulates it so sra-kit can verify organizations that already use it.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_GetAccountStatus.html (ACTIVE, INACTIVE,
 *   PENDING_ACTIVATION; never fails for an account that was never registered)
 * - https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_RegisterAccount.html (`kmsKey` is a KMS
 *   ARN or `DEFAULT`; `delegatedAdminAccount` designates the administrator while setting up)
 * - https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_DeregisterAccount.html
 * - https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_RegisterOrganizationAdminAccount.html
 * - https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_GetOrganizationAdminAccount.html
 *   (AccessDeniedException when the caller is not registered with Audit Manager; ResourceNotFoundException
 *   when no administrator is designated)
 * - https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_DeregisterOrganizationAdminAccount.html
 * - https://docs.aws.amazon.com/audit-manager/latest/userguide/add-delegated-admin.html (designated separately
 *   in each Region; the management account cannot be the administrator)
 * - https://docs.aws.amazon.com/audit-manager/latest/userguide/delegated-admin-issues.html (only one
 *   delegated administrator: designating another one fails with ValidationException)
 * - https://docs.aws.amazon.com/audit-manager/latest/userguide/audit-manager-availability-change.html
 *
 * Modelling choices (not spelled out by AWS):
 * - Only the management account may designate, read or remove the delegated administrator; other callers get
 *   `AccessDeniedException`.
 * - Designating the administrator also registers it in Organizations (`auditmanager.amazonaws.com`) and turns
 *   trusted access on, as the console's setup does on the caller's behalf; removing it from the last Region
 *   deregisters it there.
 *
 * Not modelled: assessments, frameworks, controls, evidence, settings and `PENDING_ACTIVATION`.
 */
import {
  AccessDeniedException,
  ResourceNotFoundException,
  ValidationException,
  type AccountStatus,
  type DeregisterAccountCommandOutput,
  type DeregisterOrganizationAdminAccountCommandInput,
  type GetAccountStatusCommandOutput,
  type GetOrganizationAdminAccountCommandOutput,
  type RegisterAccountCommandInput,
  type RegisterAccountCommandOutput,
  type RegisterOrganizationAdminAccountCommandInput,
  type RegisterOrganizationAdminAccountCommandOutput,
} from '@aws-sdk/client-auditmanager';
import { defineService, type CallContext } from '../core/service.js';
import { modeledError } from '../core/errors.js';
import type { SandboxWorld } from '../core/state.js';
import { deregisterServiceAdmin, registerServiceAdmin } from '../core/org-admin.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of Audit Manager in the sandbox (its IAM action prefix). */
export const AUDIT_MANAGER_SERVICE = 'auditmanager';
/** Service principal of Audit Manager in Organizations. */
export const AUDIT_MANAGER_PRINCIPAL = 'auditmanager.amazonaws.com';

const ACCOUNT_ID = /^\d{12}$/;
const KMS_KEY = /^(arn:.*:kms:.*|DEFAULT)$/;

/** Audit Manager state of one account in one Region. */
export interface AuditManagerState {
  /** Registration status. */
  status: Extract<AccountStatus, 'ACTIVE' | 'INACTIVE'>;
  /** KMS key given at registration (`DEFAULT`: an AWS owned key). */
  kmsKey: string;
  /** When the account was last registered (epoch ms). */
  registeredAt?: number;
  /** Management account only: the delegated administrator designated in this Region. */
  adminAccountId?: string;
}

function initState(): AuditManagerState {
  return { status: 'INACTIVE', kmsKey: 'DEFAULT' };
}

/** Audit Manager state of `account` in `region` (created on first use). */
export function auditManagerState(world: SandboxWorld, account: string, region: string): AuditManagerState {
  return world.regional(AUDIT_MANAGER_SERVICE, account, region, initState);
}

/** The delegated Audit Manager administrator designated in `region`, if any. */
export function auditManagerAdmin(world: SandboxWorld, region: string): string | undefined {
  const mgmt = world.organization?.managementAccountId;
  return mgmt ? auditManagerState(world, mgmt, region).adminAccountId : undefined;
}

function state(ctx: CallContext): AuditManagerState {
  return ctx.regional(initState);
}

function accessDenied(message: string): Error {
  return modeledError(AccessDeniedException, message, { status: 403 });
}

function validation(message: string): Error {
  return modeledError(ValidationException, message, { status: 400 });
}

function notRegistered(ctx: CallContext): Error {
  return accessDenied(
    `Account ${ctx.account} isn't registered with AWS Audit Manager in ${ctx.region}. Please complete AWS Audit ` +
      'Manager setup from the home page to enable this action in this account.',
  );
}

function requireManagement(ctx: CallContext): void {
  if (!ctx.world.organization || !ctx.world.isManagementAccount(ctx.account)) {
    throw accessDenied(
      `Account ${ctx.account} is not the management account of an organization; only the management account ` +
        'manages the Audit Manager delegated administrator.',
    );
  }
}

/** Accounts designated as administrator in any Region, except in `exceptRegion`. */
function adminsElsewhere(ctx: CallContext, exceptRegion: string): Set<string> {
  const out = new Set<string>();
  for (const s of ctx.world.slices<AuditManagerState>(AUDIT_MANAGER_SERVICE)) {
    if (s.account === ctx.account && s.region !== exceptRegion && s.state.adminAccountId) {
      out.add(s.state.adminAccountId);
    }
  }
  return out;
}

/** Designates `target` as the administrator in the caller's Region (the caller is the management account). */
function designate(ctx: CallContext, target: string | undefined): string {
  if (!target || !ACCOUNT_ID.test(target)) throw validation('adminAccountId must be a 12-digit account id.');
  if (ctx.world.isManagementAccount(target)) {
    throw validation(
      'You cannot use your AWS Organizations management account as the delegated administrator.',
    );
  }
  if (!ctx.world.isActiveMember(target)) {
    throw validation(
      `Account ${target} is not an active member of organization ${ctx.world.organization?.id}.`,
    );
  }
  const st = state(ctx);
  if (st.adminAccountId && st.adminAccountId !== target) {
    throw validation(
      `Cannot change delegated Admin for an active account ${ctx.account} from ${st.adminAccountId} to ${target}.`,
    );
  }
  const others = [...adminsElsewhere(ctx, ctx.region)].filter((a) => a !== target);
  if (others.length > 0) {
    throw validation(
      `You have exceeded the allowed number of delegated administrators for the delegated service: ${others[0]} ` +
        'is already the Audit Manager delegated administrator in another Region.',
    );
  }
  st.adminAccountId = target;
  registerServiceAdmin(ctx, AUDIT_MANAGER_PRINCIPAL, target);
  return target;
}

/** The simulated AWS Audit Manager service. */
export const auditManagerService = defineService({
  name: AUDIT_MANAGER_SERVICE,
  clientName: 'AuditManagerClient',
  scope: 'regional',
  protocol: 'rest-json',
  operations: {
    GetAccountStatus: (ctx): Out<GetAccountStatusCommandOutput> => ({ status: state(ctx).status }),

    RegisterAccount: (ctx, input: RegisterAccountCommandInput): Out<RegisterAccountCommandOutput> => {
      if (input.kmsKey !== undefined && !KMS_KEY.test(input.kmsKey)) {
        throw validation('kmsKey must be the ARN of a KMS key or DEFAULT.');
      }
      if (input.delegatedAdminAccount !== undefined) {
        requireManagement(ctx);
        designate(ctx, input.delegatedAdminAccount);
      }
      const st = state(ctx);
      st.status = 'ACTIVE';
      if (input.kmsKey !== undefined) st.kmsKey = input.kmsKey;
      st.registeredAt = ctx.clock.now();
      return { status: st.status };
    },

    DeregisterAccount: (ctx): Out<DeregisterAccountCommandOutput> => {
      const st = state(ctx);
      st.status = 'INACTIVE';
      return { status: st.status };
    },

    RegisterOrganizationAdminAccount: (
      ctx,
      input: RegisterOrganizationAdminAccountCommandInput,
    ): Out<RegisterOrganizationAdminAccountCommandOutput> => {
      requireManagement(ctx);
      if (state(ctx).status !== 'ACTIVE') throw notRegistered(ctx);
      const admin = designate(ctx, input.adminAccountId);
      return { adminAccountId: admin, organizationId: ctx.world.organization!.id };
    },

    GetOrganizationAdminAccount: (ctx): Out<GetOrganizationAdminAccountCommandOutput> => {
      requireManagement(ctx);
      const st = state(ctx);
      if (st.status !== 'ACTIVE') throw notRegistered(ctx);
      if (!st.adminAccountId) {
        throw modeledError(
          ResourceNotFoundException,
          `No delegated administrator is designated for AWS Audit Manager in ${ctx.region}.`,
          { status: 404, fields: { resourceId: ctx.account, resourceType: 'ORGANIZATION_ADMIN_ACCOUNT' } },
        );
      }
      return { adminAccountId: st.adminAccountId, organizationId: ctx.world.organization!.id };
    },

    DeregisterOrganizationAdminAccount: (ctx, input: DeregisterOrganizationAdminAccountCommandInput) => {
      requireManagement(ctx);
      const st = state(ctx);
      const current = st.adminAccountId;
      if (!current || (input.adminAccountId !== undefined && input.adminAccountId !== current)) {
        throw modeledError(
          ResourceNotFoundException,
          `Account ${input.adminAccountId ?? '(none)'} is not the Audit Manager delegated administrator in ${ctx.region}.`,
          {
            status: 404,
            fields: { resourceId: input.adminAccountId ?? '', resourceType: 'ORGANIZATION_ADMIN_ACCOUNT' },
          },
        );
      }
      delete st.adminAccountId;
      if (!adminsElsewhere(ctx, ctx.region).has(current)) {
        deregisterServiceAdmin(ctx, AUDIT_MANAGER_PRINCIPAL, current);
      }
      return {};
    },
  },
});
