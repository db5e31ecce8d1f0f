/**
 * The account-scope collector of AWS Account Management: the three alternate contacts of every account.
 *
 * Where the reads run: in each account, for its own contacts (`GetAlternateContact` without
 * `AccountId`). The management account could read every member's contacts with `AccountId` once
 * trusted access for `account.amazonaws.com` is on, but that would (1) depend on trusted access, which
 * is itself something verify checks rather than assumes, and (2) funnel three calls per account of the
 * whole organization through the management account's Account Management request quota, where reading
 * in each account spreads them over every account's own quota — and the engine assumes the member role
 * in every account anyway for the other account-scope collectors. The management account itself is
 * read without `AccountId` either way (AWS refuses its own id there).
 * https://docs.aws.amazon.com/accounts/latest/reference/API_GetAlternateContact.html
 * https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-trusted-access.html
 *
 * A contact that is not set is `ResourceNotFoundException`: recorded as `null` (a fact about the account,
 * not a failed read).
 */
import {
  AccountClient,
  GetAlternateContactCommand,
  type AlternateContactType,
  type GetAlternateContactCommandOutput,
} from '@aws-sdk/client-account';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';

/** Id of the account-scope Account Management collector. */
export const ACCOUNT_COLLECTOR_ID = 'account';

/** The alternate contact types the SRA wants on every account. */
export const CONTACT_TYPES = [
  'SECURITY',
  'BILLING',
  'OPERATIONS',
] as const satisfies readonly AlternateContactType[];

/** One of {@link CONTACT_TYPES}. */
export type ContactType = (typeof CONTACT_TYPES)[number];

/** An alternate contact as set on the account (free text from AWS: escape before rendering). */
export interface AlternateContactInfo {
  /** Contact name. */
  name: string;
  /** Contact title. */
  title: string;
  /** Email address. */
  email: string;
  /** Phone number. */
  phone: string;
}

/** Account-scope slice of Account Management. */
export interface AccountSlice {
  /** Each alternate contact, `null` when the account has none of that type. */
  alternateContacts: Record<ContactType, Datum<AlternateContactInfo | null>>;
}

async function readContact(
  ctx: CollectContext,
  type: ContactType,
): Promise<Datum<AlternateContactInfo | null>> {
  const d = await ctx.read<GetAlternateContactCommandOutput>(
    AccountClient,
    new GetAlternateContactCommand({ AlternateContactType: type }),
  );
  if (!d.ok) {
    return d.error.awsErrorName === 'ResourceNotFoundException' ? { ok: true, value: null } : d;
  }
  const c = d.value.AlternateContact;
  if (!c) return { ok: true, value: null };
  return {
    ok: true,
    value: {
      name: c.Name ?? '',
      title: c.Title ?? '',
      email: c.EmailAddress ?? '',
      phone: c.PhoneNumber ?? '',
    },
  };
}

/** Reads the security, billing and operations alternate contacts of the account. */
export const accountCollector = defineCollector<AccountSlice>({
  id: ACCOUNT_COLLECTOR_ID,
  scope: 'account',
  reads: ['account:GetAlternateContact'],
  async collect(ctx) {
    const [security, billing, operations] = await Promise.all(CONTACT_TYPES.map((t) => readContact(ctx, t)));
    return { alternateContacts: { SECURITY: security!, BILLING: billing!, OPERATIONS: operations! } };
  },
});
