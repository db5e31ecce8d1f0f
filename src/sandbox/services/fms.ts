/**
 * AWS Firewall Manager in the sandbox: the default administrator of the organization (set by the management
 * account in us-east-1) and the administrator's policies, per Region.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_AssociateAdminAccount.html (the default
 *   administrator must be a member account of the organization; `InvalidOperationException` when there is
 *   nothing to do, e.g. the account is already the administrator)
 * - https://docs.aws.amazon.com/waf/latest/developerguide/enable-integration.html (only the management account
 *   creates the default administrator; Firewall Manager then registers it as the Organizations delegated
 *   administrator for `fms.amazonaws.com`)
 * - https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_GetAdminAccount.html (`AdminAccount`,
 *   `RoleStatus` READY | CREATING | PENDING_DELETION | DELETING | DELETED; `ResourceNotFoundException`)
 * - https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_DisassociateAdminAccount.html (removes the
 *   administrator; `ResourceNotFoundException` when there is none; with a single administrator the
 *   first-in-last-out rule for scoped administrators never applies)
 * - https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_ListPolicies.html (`MaxResults` 1–100)
 * - https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_PolicySummary.html (`PolicyStatus` ACTIVE |
 *   OUT_OF_ADMIN_SCOPE; `DeleteUnusedFMManagedResources` is not available for Shield Advanced or WAF Classic)
 * - https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_PutPolicy.html,
 *   https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_GetPolicy.html
 * - SRA.md §3 and https://www.pulumi.com/registry/packages/aws/api-docs/fms/adminaccount/ (the administrator
 *   is associated in us-east-1); the error texts for a non-management caller ("… is not the management account
 *   of the Organization but trying to AssociateAdmin …", `InvalidOperationException`) and for a
 *   non-administrator ("Operation: PutPolicy is only available to Administration account in AWS Firewall
 *   Manager.", `AccessDeniedException`, HTTP 400) follow what AWS returned in
 *   https://github.com/crossplane-contrib/provider-upjet-aws/issues/296 and
 *   https://github.com/hashicorp/terraform/issues/30545.
 *
 * Choices where AWS documents nothing: GetAdminAccount and AssociateAdminAccount outside us-east-1 fail with
 * `InvalidOperationException`; GetAdminAccount answers the management account and the administrator, others get
 * `AccessDeniedException`.
 *
 * Propagation knob keys honoured (`SandboxKnobs.propagationDelayMs`):
 * - `fms:admin` — after AssociateAdminAccount, `RoleStatus` is CREATING (and the administrator's policy calls
 *   are refused) for this many ms.
 *
 * Not modelled: multiple administrators and administrative scopes, the AWS Config prerequisite, compliance,
 * resource sets, apps and protocol lists, and DeletePolicy. DisassociateAdminAccount is
 * answered for the management account and the administrator itself, in us-east-1, and also removes the
 * Organizations registration (the counterpart of what AssociateAdminAccount adds).
 */
import { createHash } from 'node:crypto';
import {
  InvalidInputException,
  InvalidOperationException,
  ResourceNotFoundException,
  type GetAdminAccountCommandOutput,
  type GetPolicyCommandInput,
  type GetPolicyCommandOutput,
  type ListPoliciesCommandInput,
  type ListPoliciesCommandOutput,
  type Policy,
  type PolicySummary,
  type PutPolicyCommandInput,
  type PutPolicyCommandOutput,
  type AssociateAdminAccountCommandInput,
} from '@aws-sdk/client-fms';
import { defineService, type CallContext } from '../core/service.js';
import { modeledError } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import { deregisterServiceAdmin, registerServiceAdmin } from '../core/org-admin.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;
type Empty = Record<string, never>;

/** Service key of Firewall Manager in the sandbox (its IAM action prefix). */
export const FMS_SERVICE = 'fms';
/** Service principal of Firewall Manager in Organizations. */
export const FMS_PRINCIPAL = 'fms.amazonaws.com';
/** The Region where the Firewall Manager administrator is set. */
export const FMS_ADMIN_REGION = 'us-east-1';

/** Organization-wide Firewall Manager state, kept with the management account. */
export interface FmsOrgState {
  /** The default administrator. */
  admin?: { accountId: string; since: number };
}

/** A policy with its status as ListPolicies reports it. */
export interface FmsPolicyRecord {
  /** The policy as PutPolicy stored it (with id and update token). */
  policy: Policy;
  /** ARN. */
  arn: string;
  /** ACTIVE or OUT_OF_ADMIN_SCOPE. */
  status: 'ACTIVE' | 'OUT_OF_ADMIN_SCOPE';
}

/** Firewall Manager policies of one administrator in one Region. */
export interface FmsRegionState {
  /** Policies by id, in creation order. */
  policies: Map<string, FmsPolicyRecord>;
}

/** The organization's Firewall Manager state (empty without an organization). */
export function fmsOrgState(world: SandboxWorld): FmsOrgState {
  const mgmt = world.organization?.managementAccountId;
  return mgmt ? world.global(FMS_SERVICE, mgmt, () => ({})) : {};
}

/** Policies of `account` in `region` (created empty on first use). */
export function fmsRegionState(world: SandboxWorld, account: string, region: string): FmsRegionState {
  return world.regional(FMS_SERVICE, account, region, () => ({ policies: new Map() }));
}

function invalidOperation(message: string): Error {
  return modeledError(InvalidOperationException, message);
}

/** Fails unless the caller is the (ready) Firewall Manager administrator. */
function requireAdmin(ctx: CallContext): void {
  const admin = fmsOrgState(ctx.world).admin;
  const ready = admin !== undefined && ctx.clock.now() - admin.since >= ctx.propagationDelay('fms:admin');
  if (!ready || admin.accountId !== ctx.account) {
    throw ctx.error(
      'AccessDeniedException',
      `Operation: ${ctx.operation} is only available to Administration account in AWS Firewall Manager.`,
      { status: 400 },
    );
  }
}

function newPolicyId(account: string, region: string, name: string, n: number): string {
  const hex = createHash('sha256').update(`${account}/${region}/${name}/${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Stores a policy for `account` in `region`; shared by PutPolicy and {@link plantFmsPolicy}. */
function storePolicy(world: SandboxWorld, account: string, region: string, policy: Policy): FmsPolicyRecord {
  const state = fmsRegionState(world, account, region);
  const id = policy.PolicyId ?? newPolicyId(account, region, policy.PolicyName ?? '', state.policies.size);
  const previous = state.policies.get(id);
  const record: FmsPolicyRecord = {
    policy: {
      ...structuredClone(policy),
      PolicyId: id,
      PolicyUpdateToken: String(Number(previous?.policy.PolicyUpdateToken ?? '0') + 1),
      DeleteUnusedFMManagedResources: policy.DeleteUnusedFMManagedResources ?? false,
    },
    arn: `arn:aws:fms:${region}:${account}:policy/${id}`,
    status: previous?.status ?? 'ACTIVE',
  };
  state.policies.set(id, record);
  return record;
}

/** Options of {@link plantFmsPolicy}. */
export interface PlantFmsPolicy {
  /** Policy name. */
  name: string;
  /** Security service type, e.g. `WAFV2`, `SHIELD_ADVANCED`, `SECURITY_GROUPS_COMMON`. */
  type: NonNullable<Policy['SecurityServicePolicyData']>['Type'];
  /** Resource type in scope. @default 'AWS::ElasticLoadBalancingV2::LoadBalancer' */
  resourceType?: string;
  /** @default true */
  remediationEnabled?: boolean;
  /** @default true */
  deleteUnused?: boolean;
  /** @default 'ACTIVE' */
  status?: FmsPolicyRecord['status'];
}

/** Places a policy of `account` (the administrator) in `region` directly in the world; returns its id. */
export function plantFmsPolicy(
  world: SandboxWorld,
  account: string,
  region: string,
  spec: PlantFmsPolicy,
): string {
  const record = storePolicy(world, account, region, {
    PolicyName: spec.name,
    SecurityServicePolicyData: { Type: spec.type },
    ResourceType: spec.resourceType ?? 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    ExcludeResourceTags: false,
    RemediationEnabled: spec.remediationEnabled ?? true,
    DeleteUnusedFMManagedResources: spec.deleteUnused ?? true,
  });
  record.status = spec.status ?? 'ACTIVE';
  return record.policy.PolicyId!;
}

/** Sets the Firewall Manager administrator directly in the world (tests and scenarios). */
export function plantFmsAdmin(world: SandboxWorld, account: string, at = 0): void {
  const org = world.organization;
  if (!org) throw new Error('sandbox: Firewall Manager needs an organization');
  world.global<FmsOrgState>(FMS_SERVICE, org.managementAccountId, () => ({})).admin = {
    accountId: account,
    since: at,
  };
  if (!org.trustedAccess.has(FMS_PRINCIPAL)) org.trustedAccess.set(FMS_PRINCIPAL, at);
  const admins = org.delegatedAdmins.get(FMS_PRINCIPAL) ?? new Map<string, number>();
  admins.set(account, at);
  org.delegatedAdmins.set(FMS_PRINCIPAL, admins);
}

function summary(r: FmsPolicyRecord): PolicySummary {
  const p = r.policy;
  return {
    PolicyArn: r.arn,
    PolicyId: p.PolicyId,
    PolicyName: p.PolicyName,
    ResourceType: p.ResourceType,
    SecurityServiceType: p.SecurityServicePolicyData?.Type,
    RemediationEnabled: p.RemediationEnabled,
    DeleteUnusedFMManagedResources: p.DeleteUnusedFMManagedResources,
    PolicyStatus: r.status,
  };
}

/** The simulated Firewall Manager service. */
export const fmsService = defineService({
  name: FMS_SERVICE,
  clientName: 'FMSClient',
  scope: 'regional',
  protocol: 'json',
  operations: {
    AssociateAdminAccount: (ctx, input: AssociateAdminAccountCommandInput): Empty => {
      const org = ctx.world.organization;
      if (ctx.region !== FMS_ADMIN_REGION) {
        throw invalidOperation(
          `The Firewall Manager administrator is set in ${FMS_ADMIN_REGION}, not ${ctx.region}.`,
        );
      }
      if (!org || !ctx.world.isManagementAccount(ctx.account)) {
        throw invalidOperation(
          `${ctx.account} is not the management account of the Organization but trying to AssociateAdmin, ` +
            `Organization management account is ${org?.managementAccountId ?? 'unknown'}`,
        );
      }
      const target = input.AdminAccount ?? '';
      if (!/^\d{12}$/.test(target) || !ctx.world.isActiveMember(target)) {
        throw modeledError(
          InvalidInputException,
          `${target} is not an active member account of the organization.`,
        );
      }
      const state = fmsOrgState(ctx.world);
      if (state.admin) {
        throw invalidOperation(
          state.admin.accountId === target
            ? `${target} is already the Firewall Manager administrator.`
            : `${state.admin.accountId} is already the Firewall Manager default administrator; it must be removed first.`,
        );
      }
      state.admin = { accountId: target, since: ctx.clock.now() };
      registerServiceAdmin(ctx, FMS_PRINCIPAL, target);
      return {};
    },

    DisassociateAdminAccount: (ctx): Empty => {
      if (ctx.region !== FMS_ADMIN_REGION) {
        throw invalidOperation(
          `The Firewall Manager administrator is removed in ${FMS_ADMIN_REGION}, not ${ctx.region}.`,
        );
      }
      const state = fmsOrgState(ctx.world);
      const admin = state.admin;
      if (!ctx.world.isManagementAccount(ctx.account) && admin?.accountId !== ctx.account) {
        throw ctx.error(
          'AccessDeniedException',
          'Operation: DisassociateAdminAccount is only available to the management account and the Firewall ' +
            'Manager administrator.',
          { status: 400 },
        );
      }
      if (!admin) throw modeledError(ResourceNotFoundException, 'No Firewall Manager administrator is set.');
      delete state.admin;
      deregisterServiceAdmin(ctx, FMS_PRINCIPAL, admin.accountId);
      return {};
    },

    GetAdminAccount: (ctx): Out<GetAdminAccountCommandOutput> => {
      if (ctx.region !== FMS_ADMIN_REGION) {
        throw invalidOperation(
          `The Firewall Manager administrator is read in ${FMS_ADMIN_REGION}, not ${ctx.region}.`,
        );
      }
      const admin = fmsOrgState(ctx.world).admin;
      if (!ctx.world.isManagementAccount(ctx.account) && admin?.accountId !== ctx.account) {
        throw ctx.error(
          'AccessDeniedException',
          `Operation: GetAdminAccount is only available to the management account and the Firewall Manager administrator.`,
          { status: 400 },
        );
      }
      if (!admin) throw modeledError(ResourceNotFoundException, 'No Firewall Manager administrator is set.');
      const creating = ctx.clock.now() - admin.since < ctx.propagationDelay('fms:admin');
      return { AdminAccount: admin.accountId, RoleStatus: creating ? 'CREATING' : 'READY' };
    },

    PutPolicy: (ctx, input: PutPolicyCommandInput): Out<PutPolicyCommandOutput> => {
      requireAdmin(ctx);
      const p = input.Policy;
      if (!p?.PolicyName || !/^.{1,128}$/.test(p.PolicyName)) {
        throw modeledError(InvalidInputException, 'PolicyName must be 1–128 characters.');
      }
      if (!p.SecurityServicePolicyData?.Type) {
        throw modeledError(InvalidInputException, 'SecurityServicePolicyData.Type is required.');
      }
      if (!p.ResourceType || p.RemediationEnabled === undefined || p.ExcludeResourceTags === undefined) {
        throw modeledError(
          InvalidInputException,
          'ResourceType, RemediationEnabled and ExcludeResourceTags are required.',
        );
      }
      if (p.PolicyId && !fmsRegionState(ctx.world, ctx.account, ctx.region).policies.has(p.PolicyId)) {
        throw modeledError(ResourceNotFoundException, `The policy ${p.PolicyId} does not exist.`);
      }
      const record = storePolicy(ctx.world, ctx.account, ctx.region, p);
      return { Policy: structuredClone(record.policy), PolicyArn: record.arn };
    },

    GetPolicy: (ctx, input: GetPolicyCommandInput): Out<GetPolicyCommandOutput> => {
      requireAdmin(ctx);
      const record = fmsRegionState(ctx.world, ctx.account, ctx.region).policies.get(input.PolicyId ?? '');
      if (!record)
        throw modeledError(ResourceNotFoundException, `The policy ${input.PolicyId ?? ''} does not exist.`);
      return { Policy: structuredClone(record.policy), PolicyArn: record.arn };
    },

    ListPolicies: (ctx, input: ListPoliciesCommandInput): Out<ListPoliciesCommandOutput> => {
      requireAdmin(ctx);
      const all = [...fmsRegionState(ctx.world, ctx.account, ctx.region).policies.values()];
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 100,
        limit: 100,
        errorName: 'InvalidInputException',
      });
      return { PolicyList: page.map(summary), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  },
});
