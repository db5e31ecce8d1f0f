/**
 * IAM collectors.
 *
 * - `iam` (account scope, home Region; IAM is global): the password policy, the account summary (root
 *   MFA, root access keys, root password), whether the root MFA device is virtual, the credential
 *   report (IAM users' passwords, MFA and access keys), what `GetAccountAuthorizationDetails` says
 *   about direct user policies, full-administrator customer policies, the AWS Support role and
 *   CloudShell full access, and the IAM server certificates.
 * - `iam-organization` (organization scope): centralized root access (`ListOrganizationsFeatures`).
 *
 * Answers that describe the account rather than a failed read are recorded as values: no password
 * policy (`NoSuchEntity`) is `null`, trusted access for IAM not enabled (`ServiceAccessNotEnabled`) is
 * "no features". Policy documents are judged here (does it allow `*` on `*`?) and only the verdict is
 * kept, so the inventory of a thousand accounts stays small.
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListVirtualMFADevices.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html
 * - https://docs.aws.amazon.com/IAM/latest/UserGuide/credential-reports.html (columns and their values)
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 *   (documents are URL-encoded, RFC 3986)
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServerCertificates.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
 */
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListOrganizationsFeaturesCommand,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
  type AttachedPolicy,
  type GenerateCredentialReportCommandOutput,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GetAccountPasswordPolicyCommandOutput,
  type GetAccountSummaryCommandOutput,
  type GetCredentialReportCommandOutput,
  type ListOrganizationsFeaturesCommandOutput,
  type ListServerCertificatesCommandOutput,
  type ListVirtualMFADevicesCommandOutput,
  type ServerCertificateMetadata,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import { defineCollector, type CollectContext, type DataError, type Datum } from '../../observe/types.js';

/** Id of the account-scope IAM collector. */
export const IAM_COLLECTOR_ID = 'iam';
/** Id of the organization-scope IAM collector (centralized root access). */
export const IAM_ORGANIZATION_COLLECTOR_ID = 'iam-organization';

/** ARN of the AWS managed policy that grants access to AWS Support (CIS 1.17 / Security Hub IAM.18). */
export const AWS_SUPPORT_ACCESS_ARN = 'arn:aws:iam::aws:policy/AWSSupportAccess';
/** ARN of the AWS managed policy that grants full CloudShell access (CIS 1.22 / Security Hub IAM.27). */
export const CLOUDSHELL_FULL_ACCESS_ARN = 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess';

/** The account password policy. */
export interface PasswordPolicyInfo {
  minimumLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercase: boolean;
  requireLowercase: boolean;
  allowUsersToChange: boolean;
  /** Days before a password expires; 0 when passwords never expire. */
  maxAgeDays: number;
  /** Previous passwords that cannot be reused; 0 when reuse is not prevented. */
  reusePrevention: number;
  hardExpiry: boolean;
}

/** What `GetAccountSummary` says about the root user. */
export interface RootSummary {
  /** The root user has an MFA device. */
  mfaEnabled: boolean;
  /** The root user has access keys. */
  accessKeysPresent: boolean;
  /** The root user has a password (centralized root access can remove it). */
  passwordPresent: boolean;
  /** Number of IAM users. */
  users: number;
}

/** One access key line of the credential report. */
export interface CredentialKey {
  /** Key slot, 1 or 2. */
  slot: 1 | 2;
  /** Active. */
  active: boolean;
  /** Created or last rotated (ISO 8601). */
  lastRotated: string | null;
  /** Last used (ISO 8601), or null when never used. */
  lastUsed: string | null;
}

/** One IAM user of the credential report (the root user's line is left out: see {@link RootSummary}). */
export interface CredentialUser {
  /** User name. */
  user: string;
  /** User ARN. */
  arn: string;
  /** Created (ISO 8601). */
  created: string | null;
  /** Has a console password. */
  passwordEnabled: boolean;
  /** Last console sign-in (ISO 8601), null when never or unknown. */
  passwordLastUsed: string | null;
  /** Has an active MFA device. */
  mfaActive: boolean;
  /** Access keys present in the report (active or not). */
  keys: CredentialKey[];
}

/** An IAM identity (user, group or role) by kind and name. */
export interface IamEntity {
  kind: 'user' | 'group' | 'role';
  name: string;
}

/** What the authorization details say, reduced to what the controls judge. */
export interface AuthorizationSummary {
  /** Number of IAM users. */
  users: number;
  /** Number of customer managed policies. */
  customerPolicies: number;
  /** Users with managed policies attached or inline policies (IAM.2). */
  usersWithDirectPolicies: Array<{ user: string; attached: string[]; inline: string[] }>;
  /** Customer managed policies whose default version allows `*` on `*` (IAM.1). */
  fullAdminPolicies: Array<{ arn: string; name: string; attachments: number }>;
  /** Identities with AWSSupportAccess attached (IAM.18). */
  supportAccess: IamEntity[];
  /** Identities with AWSCloudShellFullAccess attached (IAM.27). */
  cloudShellFullAccess: IamEntity[];
  /**
   * Names of the account's service-linked roles (path `/aws-service-role/…`), e.g.
   * `AWSServiceRoleForConfig`: `sra plan` creates the ones a service needs before using it.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
   */
  serviceLinkedRoles?: string[];
}

/** An IAM server certificate. */
export interface ServerCertificateInfo {
  name: string;
  arn: string;
  /** Expiry (ISO 8601). */
  expiration: string | null;
}

/** Account-scope IAM slice. */
export interface IamSlice {
  /** The password policy, `null` when the account has none. */
  passwordPolicy: Datum<PasswordPolicyInfo | null>;
  /** The root user per the account summary. */
  root: Datum<RootSummary>;
  /**
   * Whether the root MFA device is a virtual one (a hardware or passkey device is not listed as
   * virtual). Read only when the summary says root has MFA; absent otherwise.
   */
  rootMfaVirtual?: Datum<boolean>;
  /** The credential report, IAM users only. */
  credentialReport: Datum<{ generatedAt: string | null; users: CredentialUser[] }>;
  /** Authorization details, reduced. */
  authorization: Datum<AuthorizationSummary>;
  /** IAM server certificates. */
  serverCertificates: Datum<ServerCertificateInfo[]>;
}

/** Centralized root access of the organization. */
export interface RootAccessFeatures {
  /** Trusted access for `iam.amazonaws.com` is enabled (a prerequisite of the features). */
  trustedAccess: boolean;
  /** `RootCredentialsManagement`, `RootSessions`. */
  enabledFeatures: string[];
}

/** Organization-scope IAM slice. */
export interface IamOrganizationSlice {
  /** Centralized root access; `null` when the account is not in an organization. */
  rootAccess: Datum<RootAccessFeatures | null>;
}

// ---------------------------------------------------------------------------------------------

/** True when the error (by AWS error name, with or without the `Exception` suffix) is one of `names`. */
function isError(error: DataError, ...names: string[]): boolean {
  const n = error.awsErrorName ?? '';
  return names.some((x) => n === x || n === `${x}Exception`);
}

/**
 * Whether an IAM policy document allows every action on every resource: a statement with `Effect:
 * Allow`, `Action` `*` (or `*:*`) and `Resource` `*`. Conditions are not taken into account (a
 * conditioned full grant is still full administrator access when the condition holds), and `NotAction`
 * statements are left out, as Security Hub IAM.1 does.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1
 */
export function grantsFullAdmin(document: string): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(document);
  } catch {
    try {
      doc = JSON.parse(decodeURIComponent(document));
    } catch {
      return false;
    }
  }
  if (!doc || typeof doc !== 'object') return false;
  const raw = (doc as { Statement?: unknown }).Statement;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const list = (v: unknown): string[] =>
    Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
  return statements.some((s) => {
    if (!s || typeof s !== 'object') return false;
    const st = s as { Effect?: unknown; Action?: unknown; Resource?: unknown };
    return (
      st.Effect === 'Allow' &&
      list(st.Action).some((a) => a === '*' || a === '*:*') &&
      list(st.Resource).includes('*')
    );
  });
}

/** A credential report timestamp, or null for `N/A`, `no_information`, `not_supported` and the like. */
function reportTime(value: string | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * Parses the credential report CSV into its IAM users (the `<root_account>` line is skipped). Columns
 * are looked up by header name, so added columns do not break it.
 */
export function parseCredentialReport(csv: string): CredentialUser[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines.shift()?.split(',') ?? [];
  const col = (row: string[], name: string): string | undefined => {
    const i = header.indexOf(name);
    return i < 0 ? undefined : row[i];
  };
  const users: CredentialUser[] = [];
  for (const line of lines) {
    const row = line.split(',');
    const user = col(row, 'user') ?? '';
    if (user === '<root_account>') continue;
    const keys: CredentialKey[] = [];
    for (const slot of [1, 2] as const) {
      const active = col(row, `access_key_${slot}_active`) === 'true';
      const lastRotated = reportTime(col(row, `access_key_${slot}_last_rotated`));
      if (!active && lastRotated === null) continue;
      keys.push({
        slot,
        active,
        lastRotated,
        lastUsed: reportTime(col(row, `access_key_${slot}_last_used_date`)),
      });
    }
    users.push({
      user,
      arn: col(row, 'arn') ?? '',
      created: reportTime(col(row, 'user_creation_time')),
      passwordEnabled: col(row, 'password_enabled') === 'true',
      passwordLastUsed: reportTime(col(row, 'password_last_used')),
      mfaActive: col(row, 'mfa_active') === 'true',
      keys,
    });
  }
  return users;
}

function decodeContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content instanceof Uint8Array) return new TextDecoder().decode(content);
  return '';
}

async function readPasswordPolicy(ctx: CollectContext): Promise<Datum<PasswordPolicyInfo | null>> {
  const d = await ctx.read<GetAccountPasswordPolicyCommandOutput>(
    IAMClient,
    new GetAccountPasswordPolicyCommand({}),
  );
  if (!d.ok) return isError(d.error, 'NoSuchEntity') ? { ok: true, value: null } : d;
  const p = d.value.PasswordPolicy;
  if (!p) return { ok: true, value: null };
  return {
    ok: true,
    value: {
      minimumLength: p.MinimumPasswordLength ?? 6,
      requireSymbols: p.RequireSymbols === true,
      requireNumbers: p.RequireNumbers === true,
      requireUppercase: p.RequireUppercaseCharacters === true,
      requireLowercase: p.RequireLowercaseCharacters === true,
      allowUsersToChange: p.AllowUsersToChangePassword === true,
      maxAgeDays: p.ExpirePasswords === false ? 0 : (p.MaxPasswordAge ?? 0),
      reusePrevention: p.PasswordReusePrevention ?? 0,
      hardExpiry: p.HardExpiry === true,
    },
  };
}

async function readRoot(ctx: CollectContext): Promise<Datum<RootSummary>> {
  const d = await ctx.read<GetAccountSummaryCommandOutput>(IAMClient, new GetAccountSummaryCommand({}));
  if (!d.ok) return d;
  const m = d.value.SummaryMap ?? {};
  return {
    ok: true,
    value: {
      mfaEnabled: (m.AccountMFAEnabled ?? 0) > 0,
      accessKeysPresent: (m.AccountAccessKeysPresent ?? 0) > 0,
      passwordPresent: (m.AccountPasswordPresent ?? 0) > 0,
      users: m.Users ?? 0,
    },
  };
}

/**
 * Whether the root user's MFA device is virtual: the root's virtual device is listed with the root
 * ARN as its user (serial `…:mfa/root-account-mfa-device`). Security Hub IAM.6 judges it the same way.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-6
 */
async function readRootMfaVirtual(ctx: CollectContext): Promise<Datum<boolean>> {
  const d = await ctx.readAll<ListVirtualMFADevicesCommandOutput, VirtualMFADevice>(
    IAMClient,
    (cursor) => new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', ...cursor }),
    (page) => page.VirtualMFADevices,
  );
  if (!d.ok) return d;
  const rootArn = `:${ctx.account}:root`;
  return {
    ok: true,
    value: d.value.some(
      (v) =>
        (v.User?.Arn ?? '').endsWith(rootArn) ||
        (v.SerialNumber ?? '').endsWith(':mfa/root-account-mfa-device'),
    ),
  };
}

/** Times the credential report is asked for before it is recorded as not ready. */
export const CREDENTIAL_REPORT_POLLS = 5;

async function readCredentialReport(
  ctx: CollectContext,
): Promise<Datum<{ generatedAt: string | null; users: CredentialUser[] }>> {
  // Generate (or reuse a report younger than four hours), then fetch. A report still being generated
  // is polled with growing waits (2, 4, 8, 16 s: half a minute in all, on the run's clock) before the
  // datum is recorded as not ready; IAM usually needs a few seconds.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
  let last: Datum<GetCredentialReportCommandOutput> | undefined;
  for (let attempt = 0; attempt < CREDENTIAL_REPORT_POLLS; attempt++) {
    if (attempt > 0) await ctx.sleep(2000 * 2 ** (attempt - 1));
    const gen = await ctx.read<GenerateCredentialReportCommandOutput>(
      IAMClient,
      new GenerateCredentialReportCommand({}),
    );
    if (!gen.ok) return gen;
    last = await ctx.read<GetCredentialReportCommandOutput>(IAMClient, new GetCredentialReportCommand({}));
    if (last.ok || !isError(last.error, 'ReportInProgress', 'CredentialReportNotReady', 'ReportNotPresent'))
      break;
  }
  if (!last) throw new Error('unreachable');
  if (!last.ok) return last;
  return {
    ok: true,
    value: {
      generatedAt: last.value.GeneratedTime ? String(last.value.GeneratedTime) : null,
      users: parseCredentialReport(decodeContent(last.value.Content)),
    },
  };
}

async function readAuthorization(ctx: CollectContext): Promise<Datum<AuthorizationSummary>> {
  const pages = await ctx.readAll<
    GetAccountAuthorizationDetailsCommandOutput,
    GetAccountAuthorizationDetailsCommandOutput
  >(
    IAMClient,
    (cursor) =>
      new GetAccountAuthorizationDetailsCommand({
        Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'],
        ...cursor,
      }),
    (page) => [page],
  );
  if (!pages.ok) return pages;
  const serviceLinkedRoles: string[] = [];
  const out: AuthorizationSummary = {
    users: 0,
    customerPolicies: 0,
    usersWithDirectPolicies: [],
    fullAdminPolicies: [],
    supportAccess: [],
    cloudShellFullAccess: [],
    serviceLinkedRoles,
  };
  const seenPolicies = new Set<string>();
  const noteAttached = (kind: IamEntity['kind'], name: string, attached: AttachedPolicy[] | undefined) => {
    for (const a of attached ?? []) {
      if (a.PolicyArn === AWS_SUPPORT_ACCESS_ARN) out.supportAccess.push({ kind, name });
      if (a.PolicyArn === CLOUDSHELL_FULL_ACCESS_ARN) out.cloudShellFullAccess.push({ kind, name });
    }
  };
  for (const page of pages.value) {
    for (const u of page.UserDetailList ?? []) {
      out.users += 1;
      const name = u.UserName ?? '';
      const attached = (u.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn ?? '');
      const inline = (u.UserPolicyList ?? []).map((p) => p.PolicyName ?? '');
      if (attached.length + inline.length > 0)
        out.usersWithDirectPolicies.push({ user: name, attached, inline });
      noteAttached('user', name, u.AttachedManagedPolicies);
    }
    for (const g of page.GroupDetailList ?? [])
      noteAttached('group', g.GroupName ?? '', g.AttachedManagedPolicies);
    for (const r of page.RoleDetailList ?? []) {
      noteAttached('role', r.RoleName ?? '', r.AttachedManagedPolicies);
      if (r.Path?.startsWith('/aws-service-role/') && r.RoleName) serviceLinkedRoles.push(r.RoleName);
    }
    for (const p of page.Policies ?? []) {
      const arn = p.Arn ?? '';
      if (seenPolicies.has(arn)) continue;
      seenPolicies.add(arn);
      out.customerPolicies += 1;
      const current = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ?? p.PolicyVersionList?.[0];
      if (current?.Document && grantsFullAdmin(current.Document)) {
        out.fullAdminPolicies.push({ arn, name: p.PolicyName ?? '', attachments: p.AttachmentCount ?? 0 });
      }
    }
  }
  return { ok: true, value: out };
}

async function readServerCertificates(ctx: CollectContext): Promise<Datum<ServerCertificateInfo[]>> {
  const d = await ctx.readAll<ListServerCertificatesCommandOutput, ServerCertificateMetadata>(
    IAMClient,
    (cursor) => new ListServerCertificatesCommand({ ...cursor }),
    (page) => page.ServerCertificateMetadataList,
  );
  if (!d.ok) return d;
  return {
    ok: true,
    value: d.value.map((c) => ({
      name: c.ServerCertificateName ?? '',
      arn: c.Arn ?? '',
      // toPlain turned the Date into an ISO string.
      expiration: c.Expiration ? String(c.Expiration) : null,
    })),
  };
}

/** Reads the IAM baseline of one account. */
export const iamCollector = defineCollector<IamSlice>({
  id: IAM_COLLECTOR_ID,
  scope: 'account',
  reads: [
    'iam:GetAccountPasswordPolicy',
    'iam:GetAccountSummary',
    'iam:ListVirtualMFADevices',
    'iam:GenerateCredentialReport',
    'iam:GetCredentialReport',
    'iam:GetAccountAuthorizationDetails',
    'iam:ListServerCertificates',
  ],
  async collect(ctx) {
    const [passwordPolicy, root, credentialReport, authorization, serverCertificates] = await Promise.all([
      readPasswordPolicy(ctx),
      readRoot(ctx),
      readCredentialReport(ctx),
      readAuthorization(ctx),
      readServerCertificates(ctx),
    ]);
    const slice: IamSlice = { passwordPolicy, root, credentialReport, authorization, serverCertificates };
    if (root.ok && root.value.mfaEnabled) slice.rootMfaVirtual = await readRootMfaVirtual(ctx);
    return slice;
  },
});

/** Reads centralized root access from the management account. */
export const iamOrganizationCollector = defineCollector<IamOrganizationSlice>({
  id: IAM_ORGANIZATION_COLLECTOR_ID,
  scope: 'organization',
  reads: ['iam:ListOrganizationsFeatures'],
  async collect(ctx) {
    const d = await ctx.read<ListOrganizationsFeaturesCommandOutput>(
      IAMClient,
      new ListOrganizationsFeaturesCommand({}),
    );
    if (d.ok) {
      return {
        rootAccess: {
          ok: true,
          value: { trustedAccess: true, enabledFeatures: [...(d.value.EnabledFeatures ?? [])] },
        },
      };
    }
    // Trusted access for IAM off: the features cannot be on. Not in an organization: nothing to manage.
    if (isError(d.error, 'ServiceAccessNotEnabled')) {
      return { rootAccess: { ok: true, value: { trustedAccess: false, enabledFeatures: [] } } };
    }
    if (isError(d.error, 'OrganizationNotFound')) return { rootAccess: { ok: true, value: null } };
    return { rootAccess: d };
  },
});
