/**
 * Operations of the `delegated-admins` feature. Every op runs as the management account and is idempotent:
 * it reads the current state first and acts only when it differs, tolerates the "already done" errors AWS
 * returns when two runs race, and then polls (never sleeps) until the change is visible to the read the next
 * steps rely on.
 */
import {
  AuditManagerClient,
  DeregisterOrganizationAdminAccountCommand as DeregisterAuditManagerAdminCommand,
  GetAccountStatusCommand as GetAuditManagerStatusCommand,
  GetOrganizationAdminAccountCommand as GetAuditManagerAdminCommand,
  RegisterAccountCommand as RegisterAuditManagerAccountCommand,
  RegisterOrganizationAdminAccountCommand as RegisterAuditManagerAdminCommand,
} from '@aws-sdk/client-auditmanager';
import {
  CloudTrailClient,
  DeregisterOrganizationDelegatedAdminCommand,
  RegisterOrganizationDelegatedAdminCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  DetectiveClient,
  DisableOrganizationAdminAccountCommand as DisableDetectiveAdminCommand,
  EnableOrganizationAdminAccountCommand as EnableDetectiveAdminCommand,
  ListOrganizationAdminAccountsCommand as ListDetectiveAdminsCommand,
} from '@aws-sdk/client-detective';
import {
  AssociateAdminAccountCommand,
  DisassociateAdminAccountCommand,
  FMSClient,
  GetAdminAccountCommand,
} from '@aws-sdk/client-fms';
import {
  DisableOrganizationAdminAccountCommand as DisableGuardDutyAdminCommand,
  EnableOrganizationAdminAccountCommand as EnableGuardDutyAdminCommand,
  GuardDutyClient,
  ListOrganizationAdminAccountsCommand as ListGuardDutyAdminsCommand,
} from '@aws-sdk/client-guardduty';
import {
  DisableOrganizationsRootCredentialsManagementCommand,
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  IAMClient,
  ListOrganizationsFeaturesCommand,
} from '@aws-sdk/client-iam';
import {
  DisableDelegatedAdminAccountCommand,
  EnableDelegatedAdminAccountCommand,
  Inspector2Client,
  ListDelegatedAdminAccountsCommand,
} from '@aws-sdk/client-inspector2';
import {
  DisableOrganizationAdminAccountCommand as DisableMacieAdminCommand,
  EnableOrganizationAdminAccountCommand as EnableMacieAdminCommand,
  ListOrganizationAdminAccountsCommand as ListMacieAdminsCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import {
  DeregisterDelegatedAdministratorCommand,
  DisableAWSServiceAccessCommand,
  EnableAWSServiceAccessCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import {
  DisableOrganizationAdminAccountCommand as DisableSecurityHubAdminCommand,
  EnableOrganizationAdminAccountCommand as EnableSecurityHubAdminCommand,
  ListOrganizationAdminAccountsCommand as ListSecurityHubAdminsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  DeregisterDataLakeDelegatedAdministratorCommand,
  RegisterDataLakeDelegatedAdministratorCommand,
  SecurityLakeClient,
} from '@aws-sdk/client-securitylake';
import { isAwsError, str } from '../common.js';
import { defineOp, type Json, type OpContext, type OpHandler } from '../../engine/types.js';
import { ADMIN_API_IDS, type AdminApiId } from './services.js';

/** Feature id (first segment of op names and step ids). */
export const FEATURE_ID = 'delegated-admins';

/** Follows `next` tokens until the last page, concatenating the items. */
async function allPages<O, T>(
  fetch: (token: string | undefined) => Promise<O>,
  items: (page: O) => readonly T[] | undefined,
  next: (page: O) => string | undefined,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...(items(page) ?? []));
    token = next(page);
  } while (token);
  return out;
}

/** Whether a listed administrator status means it is (still) the administrator. */
function active(status: string | undefined): boolean {
  return !status || !status.toUpperCase().startsWith('DISABLE');
}

/** Accounts Organizations lists as delegated administrators of `principal`. */
async function orgAdmins(ctx: OpContext, principal: string): Promise<string[]> {
  const admins = await allPages(
    (NextToken) =>
      ctx.send(
        OrganizationsClient,
        new ListDelegatedAdministratorsCommand({ ServicePrincipal: principal, NextToken }),
      ),
    (p) => p.DelegatedAdministrators,
    (p) => p.NextToken,
  );
  return admins.map((a) => a.Id ?? '');
}

/** How one service's own admin API is driven. */
interface AdminApi {
  /** Product name for poll messages. */
  name: string;
  /** IAM actions of `list` + `enable` (+ what `poll` reads). */
  enableCalls: string[];
  /** IAM actions of `list` + `disable`. */
  disableCalls: string[];
  /** The administrators in the op's Region (for once-per-organization services: everywhere). */
  list(ctx: OpContext): Promise<string[]>;
  /** Designates `account`. */
  enable(ctx: OpContext, account: string): Promise<void>;
  /** Removes `account`. */
  disable(ctx: OpContext, account: string): Promise<void>;
  /** Whether a designated administrator is ready for the next steps (default: it is listed). */
  ready?(ctx: OpContext, account: string): Promise<boolean>;
}

/** Audit Manager's registration status of the management account in the op's Region. */
async function auditManagerActive(ctx: OpContext): Promise<boolean> {
  const s = await ctx.send(AuditManagerClient, new GetAuditManagerStatusCommand({}));
  return s.status === 'ACTIVE';
}

const API: Record<AdminApiId, AdminApi> = {
  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_EnableOrganizationAdminAccount.html
  guardduty: {
    name: 'Amazon GuardDuty',
    enableCalls: ['guardduty:ListOrganizationAdminAccounts', 'guardduty:EnableOrganizationAdminAccount'],
    disableCalls: ['guardduty:ListOrganizationAdminAccounts', 'guardduty:DisableOrganizationAdminAccount'],
    list: async (ctx) =>
      (
        await allPages(
          (NextToken) =>
            ctx.send(GuardDutyClient, new ListGuardDutyAdminsCommand({ MaxResults: 50, NextToken })),
          (p) => p.AdminAccounts,
          (p) => p.NextToken,
        )
      )
        .filter((a) => active(a.AdminStatus))
        .map((a) => a.AdminAccountId ?? ''),
    enable: async (ctx, account) => {
      await ctx.send(GuardDutyClient, new EnableGuardDutyAdminCommand({ AdminAccountId: account }));
    },
    disable: async (ctx, account) => {
      await ctx.send(GuardDutyClient, new DisableGuardDutyAdminCommand({ AdminAccountId: account }));
    },
  },
  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableOrganizationAdminAccount.html
  securityhub: {
    name: 'AWS Security Hub',
    enableCalls: ['securityhub:ListOrganizationAdminAccounts', 'securityhub:EnableOrganizationAdminAccount'],
    disableCalls: [
      'securityhub:ListOrganizationAdminAccounts',
      'securityhub:DisableOrganizationAdminAccount',
    ],
    list: async (ctx) =>
      (
        await allPages(
          (NextToken) => ctx.send(SecurityHubClient, new ListSecurityHubAdminsCommand({ NextToken })),
          (p) => p.AdminAccounts,
          (p) => p.NextToken,
        )
      )
        .filter((a) => active(a.Status))
        .map((a) => a.AccountId ?? ''),
    enable: async (ctx, account) => {
      await ctx.send(SecurityHubClient, new EnableSecurityHubAdminCommand({ AdminAccountId: account }));
    },
    disable: async (ctx, account) => {
      await ctx.send(SecurityHubClient, new DisableSecurityHubAdminCommand({ AdminAccountId: account }));
    },
  },
  // https://docs.aws.amazon.com/inspector/v2/APIReference/API_EnableDelegatedAdminAccount.html
  inspector: {
    name: 'Amazon Inspector',
    enableCalls: ['inspector2:ListDelegatedAdminAccounts', 'inspector2:EnableDelegatedAdminAccount'],
    disableCalls: ['inspector2:ListDelegatedAdminAccounts', 'inspector2:DisableDelegatedAdminAccount'],
    list: async (ctx) =>
      (
        await allPages(
          (nextToken) => ctx.send(Inspector2Client, new ListDelegatedAdminAccountsCommand({ nextToken })),
          (p) => p.delegatedAdminAccounts,
          (p) => p.nextToken,
        )
      )
        .filter((a) => active(a.status))
        .map((a) => a.accountId ?? ''),
    enable: async (ctx, account) => {
      await ctx.send(
        Inspector2Client,
        new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: account }),
      );
    },
    disable: async (ctx, account) => {
      await ctx.send(
        Inspector2Client,
        new DisableDelegatedAdminAccountCommand({ delegatedAdminAccountId: account }),
      );
    },
  },
  // https://docs.aws.amazon.com/macie/latest/APIReference/admin.html
  macie: {
    name: 'Amazon Macie',
    enableCalls: ['macie2:ListOrganizationAdminAccounts', 'macie2:EnableOrganizationAdminAccount'],
    disableCalls: ['macie2:ListOrganizationAdminAccounts', 'macie2:DisableOrganizationAdminAccount'],
    list: async (ctx) =>
      (
        await allPages(
          (nextToken) => ctx.send(Macie2Client, new ListMacieAdminsCommand({ nextToken })),
          (p) => p.adminAccounts,
          (p) => p.nextToken,
        )
      )
        .filter((a) => active(a.status))
        .map((a) => a.accountId ?? ''),
    enable: async (ctx, account) => {
      await ctx.send(Macie2Client, new EnableMacieAdminCommand({ adminAccountId: account }));
    },
    disable: async (ctx, account) => {
      await ctx.send(Macie2Client, new DisableMacieAdminCommand({ adminAccountId: account }));
    },
  },
  // https://docs.aws.amazon.com/detective/latest/APIReference/API_EnableOrganizationAdminAccount.html
  detective: {
    name: 'Amazon Detective',
    enableCalls: ['detective:ListOrganizationAdminAccounts', 'detective:EnableOrganizationAdminAccount'],
    disableCalls: ['detective:ListOrganizationAdminAccounts', 'detective:DisableOrganizationAdminAccount'],
    list: async (ctx) =>
      (
        await allPages(
          (NextToken) => ctx.send(DetectiveClient, new ListDetectiveAdminsCommand({ NextToken })),
          (p) => p.Administrators,
          (p) => p.NextToken,
        )
      ).map((a) => a.AccountId ?? ''),
    enable: async (ctx, account) => {
      await ctx.send(DetectiveClient, new EnableDetectiveAdminCommand({ AccountId: account }));
    },
    // DisableOrganizationAdminAccount takes no account: it removes the Region's administrator.
    // https://docs.aws.amazon.com/detective/latest/APIReference/API_DisableOrganizationAdminAccount.html
    disable: async (ctx) => {
      await ctx.send(DetectiveClient, new DisableDetectiveAdminCommand({}));
    },
  },
  // Audit Manager must be set up in the management account before it can name an administrator; the first
  // RegisterAccount call does both. https://docs.aws.amazon.com/audit-manager/latest/APIReference/API_RegisterAccount.html
  auditmanager: {
    name: 'AWS Audit Manager',
    enableCalls: [
      'auditmanager:GetAccountStatus',
      'auditmanager:GetOrganizationAdminAccount',
      'auditmanager:RegisterAccount',
      'auditmanager:RegisterOrganizationAdminAccount',
    ],
    disableCalls: [
      'auditmanager:GetAccountStatus',
      'auditmanager:GetOrganizationAdminAccount',
      'auditmanager:DeregisterOrganizationAdminAccount',
    ],
    list: async (ctx) => {
      if (!(await auditManagerActive(ctx))) return [];
      try {
        const got = await ctx.send(AuditManagerClient, new GetAuditManagerAdminCommand({}));
        return got.adminAccountId ? [got.adminAccountId] : [];
      } catch (e) {
        // No administrator designated in this Region.
        if (isAwsError(e, 'ResourceNotFoundException')) return [];
        throw e;
      }
    },
    enable: async (ctx, account) => {
      if (await auditManagerActive(ctx)) {
        await ctx.send(AuditManagerClient, new RegisterAuditManagerAdminCommand({ adminAccountId: account }));
      } else {
        await ctx.send(
          AuditManagerClient,
          new RegisterAuditManagerAccountCommand({ delegatedAdminAccount: account }),
        );
      }
    },
    disable: async (ctx, account) => {
      await ctx.send(AuditManagerClient, new DeregisterAuditManagerAdminCommand({ adminAccountId: account }));
    },
  },
  // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_RegisterOrganizationDelegatedAdmin.html
  cloudtrail: {
    name: 'AWS CloudTrail',
    enableCalls: [
      'organizations:ListDelegatedAdministrators',
      'cloudtrail:RegisterOrganizationDelegatedAdmin',
    ],
    disableCalls: [
      'organizations:ListDelegatedAdministrators',
      'cloudtrail:DeregisterOrganizationDelegatedAdmin',
    ],
    list: (ctx) => orgAdmins(ctx, 'cloudtrail.amazonaws.com'),
    enable: async (ctx, account) => {
      try {
        await ctx.send(
          CloudTrailClient,
          new RegisterOrganizationDelegatedAdminCommand({ MemberAccountId: account }),
        );
      } catch (e) {
        if (!isAwsError(e, 'AccountRegisteredException')) throw e;
      }
    },
    disable: async (ctx, account) => {
      try {
        await ctx.send(
          CloudTrailClient,
          new DeregisterOrganizationDelegatedAdminCommand({ DelegatedAdminAccountId: account }),
        );
      } catch (e) {
        if (!isAwsError(e, 'AccountNotRegisteredException')) throw e;
      }
    },
  },
  // Security Lake's own API creates its service-linked role, which RegisterDelegatedAdministrator does not.
  // https://docs.aws.amazon.com/security-lake/latest/APIReference/API_RegisterDataLakeDelegatedAdministrator.html
  securitylake: {
    name: 'Amazon Security Lake',
    enableCalls: [
      'organizations:ListDelegatedAdministrators',
      'securitylake:RegisterDataLakeDelegatedAdministrator',
    ],
    disableCalls: [
      'organizations:ListDelegatedAdministrators',
      'securitylake:DeregisterDataLakeDelegatedAdministrator',
    ],
    list: (ctx) => orgAdmins(ctx, 'securitylake.amazonaws.com'),
    enable: async (ctx, account) => {
      await ctx.send(
        SecurityLakeClient,
        new RegisterDataLakeDelegatedAdministratorCommand({ accountId: account }),
      );
    },
    disable: async (ctx) => {
      await ctx.send(SecurityLakeClient, new DeregisterDataLakeDelegatedAdministratorCommand({}));
    },
  },
  // The default administrator is set and read in us-east-1; it is usable once its role is READY.
  // https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_GetAdminAccount.html
  fms: {
    name: 'AWS Firewall Manager',
    enableCalls: ['fms:GetAdminAccount', 'fms:AssociateAdminAccount'],
    disableCalls: ['fms:GetAdminAccount', 'fms:DisassociateAdminAccount'],
    list: async (ctx) => {
      try {
        const got = await ctx.send(FMSClient, new GetAdminAccountCommand({}));
        return got.AdminAccount ? [got.AdminAccount] : [];
      } catch (e) {
        if (isAwsError(e, 'ResourceNotFoundException')) return [];
        throw e;
      }
    },
    enable: async (ctx, account) => {
      await ctx.send(FMSClient, new AssociateAdminAccountCommand({ AdminAccount: account }));
    },
    // https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_DisassociateAdminAccount.html
    disable: async (ctx) => {
      await ctx.send(FMSClient, new DisassociateAdminAccountCommand({}));
    },
    ready: async (ctx, account) => {
      const got = await ctx.send(FMSClient, new GetAdminAccountCommand({}));
      return got.AdminAccount === account && got.RoleStatus === 'READY';
    },
  },
};

/** Op name of the enable op of an admin API. */
export function enableOpName(api: AdminApiId): string {
  return `${FEATURE_ID}.enable-${api}-admin`;
}

/** Op name of the disable op of an admin API. */
export function disableOpName(api: AdminApiId): string {
  return `${FEATURE_ID}.disable-${api}-admin`;
}

function enableOp(id: AdminApiId): OpHandler {
  const api = API[id];
  return defineOp({
    op: enableOpName(id),
    calls: api.enableCalls,
    required: ['accountId'],
    async run(ctx, params) {
      const account = str(params, 'accountId');
      if (!(await api.list(ctx)).includes(account)) await api.enable(ctx, account);
      const ready = api.ready ?? (async (c: OpContext, a: string) => (await api.list(c)).includes(a));
      await ctx.poll(async () => ((await ready(ctx, account)) ? true : undefined), {
        what: `${api.name} delegated administrator ${account}`,
      });
      return { accountId: account };
    },
  });
}

function disableOp(id: AdminApiId): OpHandler {
  const api = API[id];
  return defineOp({
    op: disableOpName(id),
    calls: api.disableCalls,
    required: ['accountId'],
    async run(ctx, params) {
      const account = str(params, 'accountId');
      if ((await api.list(ctx)).includes(account)) await api.disable(ctx, account);
      await ctx.poll(async () => ((await api.list(ctx)).includes(account) ? undefined : true), {
        what: `removal of ${api.name} delegated administrator ${account}`,
      });
    },
  });
}

/** `organizations:EnableAWSServiceAccess` for one principal (already enabled is fine: the call is idempotent). */
export const enableTrustedAccessOp = defineOp({
  op: `${FEATURE_ID}.enable-trusted-access`,
  calls: ['organizations:EnableAWSServiceAccess'],
  required: ['servicePrincipal'],
  async run(ctx, params) {
    const principal = str(params, 'servicePrincipal');
    await ctx.send(OrganizationsClient, new EnableAWSServiceAccessCommand({ ServicePrincipal: principal }));
    return { servicePrincipal: principal };
  },
});

/** `organizations:DisableAWSServiceAccess` for one principal, when it is still enabled. */
export const disableTrustedAccessOp = defineOp({
  op: `${FEATURE_ID}.disable-trusted-access`,
  calls: ['organizations:ListAWSServiceAccessForOrganization', 'organizations:DisableAWSServiceAccess'],
  required: ['servicePrincipal'],
  async run(ctx, params) {
    const principal = str(params, 'servicePrincipal');
    const enabled = await allPages(
      (NextToken) =>
        ctx.send(OrganizationsClient, new ListAWSServiceAccessForOrganizationCommand({ NextToken })),
      (p) => p.EnabledServicePrincipals,
      (p) => p.NextToken,
    );
    if (!enabled.some((s) => s.ServicePrincipal === principal)) return;
    await ctx.send(OrganizationsClient, new DisableAWSServiceAccessCommand({ ServicePrincipal: principal }));
  },
});

/**
 * `organizations:RegisterDelegatedAdministrator`, then polls `ListDelegatedAdministrators` until the account is
 * listed. AccountAlreadyRegisteredException means an earlier run got there first.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
 */
export const registerAdminOp = defineOp({
  op: `${FEATURE_ID}.register-admin`,
  calls: ['organizations:RegisterDelegatedAdministrator', 'organizations:ListDelegatedAdministrators'],
  required: ['servicePrincipal', 'accountId'],
  async run(ctx, params) {
    const principal = str(params, 'servicePrincipal');
    const account = str(params, 'accountId');
    try {
      await ctx.send(
        OrganizationsClient,
        new RegisterDelegatedAdministratorCommand({ AccountId: account, ServicePrincipal: principal }),
      );
    } catch (e) {
      if (!isAwsError(e, 'AccountAlreadyRegisteredException')) throw e;
    }
    await ctx.poll(async () => ((await orgAdmins(ctx, principal)).includes(account) ? true : undefined), {
      what: `delegated administrator ${account} of ${principal} in AWS Organizations`,
    });
    return { accountId: account };
  },
});

/**
 * `organizations:DeregisterDelegatedAdministrator`; AccountNotRegisteredException (the service's own disable
 * call already deregistered it) counts as done.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeregisterDelegatedAdministrator.html
 */
export const deregisterAdminOp = defineOp({
  op: `${FEATURE_ID}.deregister-admin`,
  calls: ['organizations:DeregisterDelegatedAdministrator'],
  required: ['servicePrincipal', 'accountId'],
  async run(ctx, params) {
    const principal = str(params, 'servicePrincipal');
    const account = str(params, 'accountId');
    try {
      await ctx.send(
        OrganizationsClient,
        new DeregisterDelegatedAdministratorCommand({ AccountId: account, ServicePrincipal: principal }),
      );
    } catch (e) {
      if (!isAwsError(e, 'AccountNotRegisteredException')) throw e;
    }
  },
});

/** Enabled centralized root access features of the organization. */
async function rootFeatures(ctx: OpContext): Promise<string[]> {
  const got = await ctx.send(IAMClient, new ListOrganizationsFeaturesCommand({}));
  return [...(got.EnabledFeatures ?? [])];
}

/** A root access feature name from the params. */
function rootFeature(params: Readonly<Record<string, Json>>): 'RootCredentialsManagement' | 'RootSessions' {
  const f = str(params, 'feature');
  if (f !== 'RootCredentialsManagement' && f !== 'RootSessions') {
    throw new Error(`feature must be RootCredentialsManagement or RootSessions, not ${f}`);
  }
  return f;
}

/**
 * Turns on one centralized root access feature (needs trusted access for iam.amazonaws.com).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOrganizationsRootCredentialsManagement.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOrganizationsRootSessions.html
 */
export const enableRootFeatureOp = defineOp({
  op: `${FEATURE_ID}.enable-root-feature`,
  calls: [
    'iam:ListOrganizationsFeatures',
    'iam:EnableOrganizationsRootCredentialsManagement',
    'iam:EnableOrganizationsRootSessions',
  ],
  required: ['feature'],
  async run(ctx, params) {
    const feature = rootFeature(params);
    if ((await rootFeatures(ctx)).includes(feature)) return;
    await ctx.send(
      IAMClient,
      feature === 'RootSessions'
        ? new EnableOrganizationsRootSessionsCommand({})
        : new EnableOrganizationsRootCredentialsManagementCommand({}),
    );
  },
});

/** Turns off one centralized root access feature. */
export const disableRootFeatureOp = defineOp({
  op: `${FEATURE_ID}.disable-root-feature`,
  calls: [
    'iam:ListOrganizationsFeatures',
    'iam:DisableOrganizationsRootCredentialsManagement',
    'iam:DisableOrganizationsRootSessions',
  ],
  required: ['feature'],
  async run(ctx, params) {
    const feature = rootFeature(params);
    if (!(await rootFeatures(ctx)).includes(feature)) return;
    await ctx.send(
      IAMClient,
      feature === 'RootSessions'
        ? new DisableOrganizationsRootSessionsCommand({})
        : new DisableOrganizationsRootCredentialsManagementCommand({}),
    );
  },
});

/** Every op of the feature. */
export const DELEGATED_ADMIN_OPS: readonly OpHandler[] = [
  enableTrustedAccessOp,
  disableTrustedAccessOp,
  registerAdminOp,
  deregisterAdminOp,
  enableRootFeatureOp,
  disableRootFeatureOp,
  ...ADMIN_API_IDS.flatMap((id) => [enableOp(id), disableOp(id)]),
];
