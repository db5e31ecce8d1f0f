/**
 * AWS IAM Identity Center (SSO admin API) in the sandbox: the instances an account can see.
 *
 * Two kinds of instance exist:
 * - the **organization instance** — at most one per organization, owned by the management account and
 *   living in one Region (its primary Region). Enabling it also turns on trusted access for
 *   `sso.amazonaws.com`. The management account and the Identity Center delegated administrator see
 *   it; other member accounts do not.
 * - **account instances** — owned by one account, in one Region, visible only to that account.
 *
 * Neither is created through the API here: enabling the organization instance is a console action, so
 * scenario builders use {@link enableOrganizationInstance} and {@link createAccountInstance}.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListInstances.html ("organization
 *   and account instances … created in or visible to the account calling this API"; MaxResults 1–100)
 * - https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_DescribeInstance.html
 * - https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-instances.html
 * - https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html
 * - https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-sso.html (enabling
 *   Identity Center enables trusted access)
 * - https://docs.aws.amazon.com/singlesignon/latest/APIReference/CommonErrors.html
 */
import {
  AccessDeniedException,
  ResourceNotFoundException,
  ValidationException,
  type DescribeInstanceCommandInput,
  type DescribeInstanceCommandOutput,
  type InstanceMetadata,
  type InstanceStatus,
  type ListInstancesCommandInput,
  type ListInstancesCommandOutput,
} from '@aws-sdk/client-sso-admin';
import type { ServiceException } from '@smithy/smithy-client';
import { defineService, type CallContext } from '../core/service.js';
import { modeledError, type ModeledExceptionClass } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Identity Center's service principal (trusted access and delegated administration). */
export const SSO_SERVICE_PRINCIPAL = 'sso.amazonaws.com';

/** One Identity Center instance. */
export interface SsoInstance {
  /** `arn:aws:sso:::instance/ssoins-…`. */
  arn: string;
  /** `d-…`. */
  identityStoreId: string;
  /** Owner account. */
  owner: string;
  /** Region the instance lives in. */
  region: string;
  /** Display name. */
  name?: string;
  /** Status. */
  status: InstanceStatus;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Organization instance (owned by the management account) or account instance. */
  kind: 'organization' | 'account';
}

/** Identity Center state of the world: every instance by ARN. */
export interface SsoState {
  instances: Map<string, SsoInstance>;
  /** Counter for ids. */
  ids: number;
}

/** The Identity Center state of the world (created on first use). */
export function ssoState(world: SandboxWorld): SsoState {
  return world.global<SsoState>('sso', '*', () => ({ instances: new Map(), ids: 0 }));
}

function newIds(world: SandboxWorld): { arn: string; identityStoreId: string } {
  const s = ssoState(world);
  s.ids += 1;
  const hex = s.ids.toString(16).padStart(16, '0');
  return { arn: `arn:aws:sso:::instance/ssoins-${hex}`, identityStoreId: `d-${hex.slice(-10)}` };
}

/**
 * Enables the organization instance of Identity Center in `region` (what the console's "Enable" does
 * from the management account), and with it trusted access for `sso.amazonaws.com`. Returns the
 * instance; an organization has at most one, so a second call returns the existing one.
 */
export function enableOrganizationInstance(
  world: SandboxWorld,
  region: string,
  options: { name?: string; at?: number; status?: InstanceStatus } = {},
): SsoInstance {
  const org = world.organization;
  if (!org) throw new Error('sandbox: Identity Center organization instance needs an organization');
  if (org.featureSet !== 'ALL') throw new Error('sandbox: Identity Center needs all features enabled');
  const existing = [...ssoState(world).instances.values()].find((i) => i.kind === 'organization');
  if (existing) return existing;
  const instance: SsoInstance = {
    ...newIds(world),
    owner: org.managementAccountId,
    region,
    status: options.status ?? 'ACTIVE',
    createdAt: options.at ?? 0,
    kind: 'organization',
    ...(options.name !== undefined ? { name: options.name } : {}),
  };
  ssoState(world).instances.set(instance.arn, instance);
  if (!org.trustedAccess.has(SSO_SERVICE_PRINCIPAL))
    org.trustedAccess.set(SSO_SERVICE_PRINCIPAL, instance.createdAt);
  return instance;
}

/** Creates an account instance owned by `account` in `region` (for scenarios). */
export function createAccountInstance(
  world: SandboxWorld,
  account: string,
  region: string,
  options: { name?: string; at?: number } = {},
): SsoInstance {
  const instance: SsoInstance = {
    ...newIds(world),
    owner: account,
    region,
    status: 'ACTIVE',
    createdAt: options.at ?? 0,
    kind: 'account',
    ...(options.name !== undefined ? { name: options.name } : {}),
  };
  ssoState(world).instances.set(instance.arn, instance);
  return instance;
}

/** Removes an instance (deleting the organization instance leaves trusted access as it was). */
export function deleteInstance(world: SandboxWorld, arn: string): void {
  ssoState(world).instances.delete(arn);
}

// ---------------------------------------------------------------------------------------------

function fail<E extends ServiceException>(
  ctor: ModeledExceptionClass<E>,
  message: string,
  status: number,
): E {
  return modeledError(ctor, message, { status });
}

/** Whether the caller may see `i`: its owner, or for the organization instance also the delegated admin. */
function visibleTo(ctx: CallContext, i: SsoInstance): boolean {
  if (i.region !== ctx.region) return false;
  if (i.owner === ctx.account) return true;
  if (i.kind !== 'organization') return false;
  return ctx.world.delegatedAdminsFor(SSO_SERVICE_PRINCIPAL).includes(ctx.account);
}

function metadata(i: SsoInstance): InstanceMetadata {
  return {
    InstanceArn: i.arn,
    IdentityStoreId: i.identityStoreId,
    OwnerAccountId: i.owner,
    CreatedDate: new Date(i.createdAt),
    Status: i.status,
    ...(i.name !== undefined ? { Name: i.name } : {}),
  };
}

const INSTANCE_ARN =
  /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;

/** The simulated Identity Center admin API (`sso:` actions, `SSOAdminClient`). */
export const ssoAdminService = defineService({
  name: 'sso',
  clientName: 'SSOAdminClient',
  scope: 'regional',
  protocol: 'json',
  operations: {
    ListInstances: (ctx, input: ListInstancesCommandInput): Out<ListInstancesCommandOutput> => {
      const max = input.MaxResults;
      if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 100)) {
        throw fail(ValidationException, 'MaxResults must be between 1 and 100.', 400);
      }
      const visible = [...ssoState(ctx.world).instances.values()]
        .filter((i) => visibleTo(ctx, i))
        .map(metadata);
      const r = paginate(ctx, visible, {
        maxResults: max,
        nextToken: input.NextToken,
        defaultMax: 100,
        limit: 100,
        errorName: 'ValidationException',
      });
      return { Instances: r.page, ...(r.nextToken ? { NextToken: r.nextToken } : {}) };
    },

    DescribeInstance: (ctx, input: DescribeInstanceCommandInput): Out<DescribeInstanceCommandOutput> => {
      const arn = input.InstanceArn;
      if (!arn || !INSTANCE_ARN.test(arn)) {
        throw fail(ValidationException, 'InstanceArn is not a valid Identity Center instance ARN.', 400);
      }
      const i = ssoState(ctx.world).instances.get(arn);
      if (!i || i.region !== ctx.region) {
        throw fail(ResourceNotFoundException, `Instance ${arn} does not exist.`, 404);
      }
      if (!visibleTo(ctx, i)) {
        throw fail(
          AccessDeniedException,
          `User: ${ctx.principal.arn} is not authorized to perform: sso:DescribeInstance on resource: ${arn}`,
          403,
        );
      }
      return { ...metadata(i), PrimaryRegion: i.region };
    },
  },
});
