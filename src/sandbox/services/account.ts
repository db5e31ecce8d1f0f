/**
 * AWS Account Management in the sandbox: alternate contacts, primary contact information and the
 * opt-in status of Regions, for the caller's own account or — with `AccountId` — for a member
 * account managed from the organization.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/accounts/latest/reference/API_GetAlternateContact.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/API_DeleteAlternateContact.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/API_GetContactInformation.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/API_EnableRegion.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/API_DisableRegion.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-trusted-access.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/CommonErrors.html
 *
 * The `AccountId` rule (every operation's reference page): the caller must be the management
 * account or the Account Management delegated administrator, the organization must have all
 * features and trusted access for `account.amazonaws.com`, the target must be a member account of
 * the same organization, and the management account can't name its own id (it calls without
 * `AccountId`). AWS answers a breach with `AccessDeniedException` (observed, e.g.
 * https://github.com/turbot/steampipe-plugin-aws/issues/1309).
 *
 * Propagation keys honoured:
 * - `account:region-opt` — how long EnableRegion/DisableRegion take. Meanwhile the Region reports
 *   ENABLING (not usable yet) or DISABLING (already unusable). A transition settles lazily, the next
 *   time ListRegions, GetRegionOptStatus, EnableRegion, DisableRegion or EC2 DescribeRegions looks
 *   at that account (which is what a caller polling for ENABLED does).
 */
import {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ValidationException,
  type AlternateContact,
  type AlternateContactType,
  type ContactInformation,
  type DeleteAlternateContactCommandInput,
  type DisableRegionCommandInput,
  type EnableRegionCommandInput,
  type GetAlternateContactCommandInput,
  type GetAlternateContactCommandOutput,
  type GetContactInformationCommandInput,
  type GetContactInformationCommandOutput,
  type GetRegionOptStatusCommandInput,
  type GetRegionOptStatusCommandOutput,
  type ListRegionsCommandInput,
  type ListRegionsCommandOutput,
  type PutAlternateContactCommandInput,
  type PutContactInformationCommandInput,
  type RegionOptStatus,
} from '@aws-sdk/client-account';
import type { ServiceException } from '@smithy/smithy-client';
import { defineService, type CallContext } from '../core/service.js';
import { modeledError, type ModeledExceptionClass } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';
import { REGIONS, findRegion } from '../../catalog/regions.js';

type Out<T> = Omit<T, '$metadata'>;

/** The three alternate contact types. */
export const ALTERNATE_CONTACT_TYPES: readonly AlternateContactType[] = ['BILLING', 'OPERATIONS', 'SECURITY'];

/** Account Management service principal for trusted access and delegated administration. */
export const ACCOUNT_SERVICE_PRINCIPAL = 'account.amazonaws.com';

/** An alternate contact as stored. */
export interface StoredAlternateContact {
  name: string;
  title: string;
  emailAddress: string;
  phoneNumber: string;
}

/** Account Management state of one account. */
export interface AccountManagementState {
  /** Alternate contacts by type. */
  alternateContacts: Map<AlternateContactType, StoredAlternateContact>;
  /** Primary contact; every real account has one. */
  contactInformation?: ContactInformation;
  /** Regions in transition: status and when it settles (epoch ms). */
  transitions: Map<string, { status: 'ENABLING' | 'DISABLING'; until: number }>;
}

/** The Account Management state of `account` (created on first use). */
export function accountManagement(world: SandboxWorld, account: string): AccountManagementState {
  return world.global('account', account, () => {
    const a = world.account(account);
    return {
      alternateContacts: new Map(),
      contactInformation: {
        FullName: (a?.name ?? `account ${account}`).slice(0, 50) || 'Account owner',
        AddressLine1: '410 Terry Ave N',
        City: 'Seattle',
        StateOrRegion: 'WA',
        PostalCode: '98109',
        CountryCode: 'US',
        PhoneNumber: '+1 206-555-0100',
      },
      transitions: new Map(),
    };
  });
}

/** Sets (or with `undefined` removes) an alternate contact of `account` without the API. */
export function setAlternateContact(
  world: SandboxWorld,
  account: string,
  type: AlternateContactType,
  contact: StoredAlternateContact | undefined,
): void {
  const m = accountManagement(world, account).alternateContacts;
  if (contact) m.set(type, { ...contact });
  else m.delete(type);
}

/** Applies the Region transitions of `account` that are due at `now` (epoch ms). */
export function settleRegionTransitions(world: SandboxWorld, account: string, now: number): void {
  const state = accountManagement(world, account);
  const a = world.account(account);
  for (const [region, t] of state.transitions) {
    if (t.until > now) continue;
    state.transitions.delete(region);
    if (t.status === 'ENABLING') a?.enabledRegions.add(region);
  }
}

/** Opt-in status of `region` for `account`, as Account Management reports it. */
export function regionOptStatus(
  world: SandboxWorld,
  account: string,
  region: string,
  now: number,
): RegionOptStatus {
  settleRegionTransitions(world, account, now);
  const info = findRegion(region);
  if (info && !info.optIn) return 'ENABLED_BY_DEFAULT';
  const t = accountManagement(world, account).transitions.get(region);
  if (t) return t.status;
  return world.account(account)?.enabledRegions.has(region) ? 'ENABLED' : 'DISABLED';
}

/** The Regions of the commercial partition, the only one the sandbox simulates. */
export function partitionRegions(): string[] {
  return REGIONS.filter((r) => r.partition === 'aws').map((r) => r.code);
}

// ---------------------------------------------------------------------------------------------

function fail<E extends ServiceException>(
  ctor: ModeledExceptionClass<E>,
  message: string,
  status: number,
  fields?: Record<string, unknown>,
): E {
  return modeledError(ctor, message, { status, ...(fields ? { fields } : {}) });
}

function fieldError(name: string, message: string): ValidationException {
  return fail(ValidationException, `Invalid ${name}: ${message}`, 400, {
    reason: 'fieldValidationFailed',
    fieldList: [{ name, message }],
  });
}

function denied(ctx: CallContext, why: string): AccessDeniedException {
  const op = ctx.operation;
  return fail(
    AccessDeniedException,
    `User: ${ctx.principal.arn} is not authorized to perform: account:${op} (${why})`,
    403,
  );
}

/**
 * The account an operation acts on: the caller's own without `AccountId`, else a member account
 * the caller manages through the organization.
 */
function targetAccount(ctx: CallContext, accountId: string | undefined): string {
  if (accountId === undefined) return ctx.account;
  if (!/^\d{12}$/.test(accountId)) throw fieldError('accountId', 'must be a 12-digit account id');
  const world = ctx.world;
  const org = world.organization;
  if (!org || !world.isMember(ctx.account)) throw denied(ctx, 'the caller is not in an organization');
  const isMgmt = org.managementAccountId === ctx.account;
  const isAdmin = org.delegatedAdmins.get(ACCOUNT_SERVICE_PRINCIPAL)?.has(ctx.account) ?? false;
  if (!isMgmt && !isAdmin) {
    throw denied(
      ctx,
      'only the management account or the Account Management delegated administrator may use AccountId',
    );
  }
  if (org.featureSet !== 'ALL' || !org.trustedAccess.has(ACCOUNT_SERVICE_PRINCIPAL)) {
    throw denied(ctx, `trusted access for ${ACCOUNT_SERVICE_PRINCIPAL} is not enabled`);
  }
  if (accountId === org.managementAccountId) {
    throw denied(ctx, 'the management account is called without AccountId');
  }
  if (!world.isMember(accountId)) throw denied(ctx, `${accountId} is not a member of the organization`);
  return accountId;
}

function contactType(value: string | undefined): AlternateContactType {
  if (!value || !(ALTERNATE_CONTACT_TYPES as readonly string[]).includes(value)) {
    throw fieldError('alternateContactType', 'must be one of BILLING, OPERATIONS, SECURITY');
  }
  return value as AlternateContactType;
}

function text(value: string | undefined, name: string, max: number, pattern?: RegExp): string {
  if (value === undefined || value.length < 1) throw fieldError(name, 'is required');
  if (value.length > max) throw fieldError(name, `must be at most ${max} characters`);
  if (pattern && !pattern.test(value)) throw fieldError(name, 'does not match the required pattern');
  return value;
}

/** A Region the caller may opt in or out: a known opt-in Region of the partition. */
function optInRegion(regionName: string | undefined): string {
  const region = text(regionName, 'regionName', 50);
  const info = findRegion(region);
  if (!info || info.partition !== 'aws') throw fieldError('regionName', `${region} is not a valid Region`);
  if (!info.optIn) {
    throw fail(
      ValidationException,
      `${region} is enabled by default and can't be enabled or disabled.`,
      400,
      {
        reason: 'invalidRegionOptTarget',
      },
    );
  }
  return region;
}

/** The simulated Account Management service. */
export const accountService = defineService({
  name: 'account',
  clientName: 'AccountClient',
  scope: 'global',
  protocol: 'rest-json',
  // https://docs.aws.amazon.com/accounts/latest/reference/CommonErrors.html
  errors: { throttling: 'TooManyRequestsException' },
  operations: {
    GetAlternateContact: (
      ctx,
      input: GetAlternateContactCommandInput,
    ): Out<GetAlternateContactCommandOutput> => {
      const type = contactType(input.AlternateContactType);
      const account = targetAccount(ctx, input.AccountId);
      const c = accountManagement(ctx.world, account).alternateContacts.get(type);
      if (!c)
        throw fail(
          ResourceNotFoundException,
          'No contact of the inputted alternate contact type found.',
          404,
        );
      const out: AlternateContact = {
        Name: c.name,
        Title: c.title,
        EmailAddress: c.emailAddress,
        PhoneNumber: c.phoneNumber,
        AlternateContactType: type,
      };
      return { AlternateContact: out };
    },

    PutAlternateContact: (ctx, input: PutAlternateContactCommandInput): Record<string, never> => {
      const type = contactType(input.AlternateContactType);
      const contact: StoredAlternateContact = {
        name: text(input.Name, 'name', 64),
        title: text(input.Title, 'title', 50),
        emailAddress: text(
          input.EmailAddress,
          'emailAddress',
          254,
          /^[\s]*[\w+=.#|!&-]+@[\w.-]+\.[\w]+[\s]*$/,
        ),
        phoneNumber: text(input.PhoneNumber, 'phoneNumber', 25, /^[\s0-9()+-]+$/),
      };
      const account = targetAccount(ctx, input.AccountId);
      accountManagement(ctx.world, account).alternateContacts.set(type, contact);
      return {};
    },

    DeleteAlternateContact: (ctx, input: DeleteAlternateContactCommandInput): Record<string, never> => {
      const type = contactType(input.AlternateContactType);
      const account = targetAccount(ctx, input.AccountId);
      const contacts = accountManagement(ctx.world, account).alternateContacts;
      if (!contacts.has(type)) {
        throw fail(
          ResourceNotFoundException,
          'No contact of the inputted alternate contact type found.',
          404,
        );
      }
      contacts.delete(type);
      return {};
    },

    GetContactInformation: (
      ctx,
      input: GetContactInformationCommandInput,
    ): Out<GetContactInformationCommandOutput> => {
      const account = targetAccount(ctx, input.AccountId);
      const info = accountManagement(ctx.world, account).contactInformation;
      if (!info) throw fail(ResourceNotFoundException, 'No contact information found for this account.', 404);
      return { ContactInformation: { ...info } };
    },

    PutContactInformation: (ctx, input: PutContactInformationCommandInput): Record<string, never> => {
      const info = input.ContactInformation;
      if (!info) throw fieldError('contactInformation', 'is required');
      text(info.FullName, 'contactInformation.fullName', 50);
      text(info.AddressLine1, 'contactInformation.addressLine1', 60);
      text(info.City, 'contactInformation.city', 50);
      text(info.PostalCode, 'contactInformation.postalCode', 20);
      text(info.CountryCode, 'contactInformation.countryCode', 2, /^[A-Z]{2}$/);
      text(info.PhoneNumber, 'contactInformation.phoneNumber', 20, /^[+][\s0-9()-]+$/);
      const account = targetAccount(ctx, input.AccountId);
      accountManagement(ctx.world, account).contactInformation = { ...info };
      return {};
    },

    ListRegions: (ctx, input: ListRegionsCommandInput): Out<ListRegionsCommandOutput> => {
      const account = targetAccount(ctx, input.AccountId);
      const max = input.MaxResults;
      if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 50)) {
        throw fieldError('maxResults', 'must be between 1 and 50');
      }
      const now = ctx.clock.now();
      const wanted = input.RegionOptStatusContains;
      const regions = partitionRegions()
        .map((RegionName) => ({
          RegionName,
          RegionOptStatus: regionOptStatus(ctx.world, account, RegionName, now),
        }))
        .filter((r) => !wanted?.length || wanted.includes(r.RegionOptStatus));
      let page: { page: typeof regions; nextToken: string | undefined };
      try {
        page = paginate(ctx, regions, {
          maxResults: max,
          nextToken: input.NextToken,
          defaultMax: 50,
          limit: 50,
        });
      } catch {
        throw fieldError('nextToken', 'is not valid');
      }
      return { Regions: page.page, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
    },

    GetRegionOptStatus: (
      ctx,
      input: GetRegionOptStatusCommandInput,
    ): Out<GetRegionOptStatusCommandOutput> => {
      const account = targetAccount(ctx, input.AccountId);
      const region = text(input.RegionName, 'regionName', 50);
      const info = findRegion(region);
      if (!info || info.partition !== 'aws')
        throw fieldError('regionName', `${region} is not a valid Region`);
      return {
        RegionName: region,
        RegionOptStatus: regionOptStatus(ctx.world, account, region, ctx.clock.now()),
      };
    },

    EnableRegion: (ctx, input: EnableRegionCommandInput): Record<string, never> => {
      const region = optInRegion(input.RegionName);
      const account = targetAccount(ctx, input.AccountId);
      const status = regionOptStatus(ctx.world, account, region, ctx.clock.now());
      // Enabling a Region that is still being disabled conflicts.
      // https://docs.aws.amazon.com/accounts/latest/reference/API_EnableRegion.html
      if (status === 'DISABLING') {
        throw fail(ConflictException, `${region} is being disabled; wait until it is DISABLED.`, 409);
      }
      if (status === 'ENABLED' || status === 'ENABLING') return {};
      const delay = ctx.propagationDelay('account:region-opt');
      if (delay > 0) {
        accountManagement(ctx.world, account).transitions.set(region, {
          status: 'ENABLING',
          until: ctx.clock.now() + delay,
        });
      } else {
        ctx.world.account(account)?.enabledRegions.add(region);
      }
      return {};
    },

    DisableRegion: (ctx, input: DisableRegionCommandInput): Record<string, never> => {
      const region = optInRegion(input.RegionName);
      const account = targetAccount(ctx, input.AccountId);
      const status = regionOptStatus(ctx.world, account, region, ctx.clock.now());
      if (status === 'ENABLING') {
        throw fail(ConflictException, `${region} is being enabled; wait until it is ENABLED.`, 409);
      }
      if (status === 'DISABLED' || status === 'DISABLING') return {};
      // Access to the Region ends at once; the status settles later.
      ctx.world.account(account)?.enabledRegions.delete(region);
      const delay = ctx.propagationDelay('account:region-opt');
      if (delay > 0) {
        accountManagement(ctx.world, account).transitions.set(region, {
          status: 'DISABLING',
          until: ctx.clock.now() + delay,
        });
      }
      return {};
    },
  },
});
