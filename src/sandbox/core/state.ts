/**
 * The simulated world: one AWS Organization (optional), its accounts, and per-service state kept
 * per account (global services) or per account and Region (regional services). Service modules
 * under `src/sandbox/services/` own the shape of their own slices; the organization is shared here
 * because every other service asks it questions (is this account a member? who is the delegated
 * admin for this principal? is trusted access on?).
 */

/** Lifecycle status of a member account, as Organizations reports it. */
export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';

/** One AWS account of the simulated world. */
export interface SandboxAccount {
  /** 12-digit account id. */
  id: string;
  /** Account name (free text, may contain anything, including HTML). */
  name: string;
  /** Root email. */
  email: string;
  /** Organizations status. */
  status: AccountStatus;
  /** Parent root or OU id, when the account is in the organization. */
  parentId?: string;
  /** How it joined the organization. */
  joinedMethod: 'CREATED' | 'INVITED';
  /** When it joined (epoch ms). */
  joinedAt: number;
  /** Regions enabled for this account (default Regions plus enabled opt-in Regions). */
  enabledRegions: Set<string>;
  /** IAM role names that the management account (or anybody in the org) may assume here. */
  assumableRoles: Set<string>;
  /** Resource tags of the account, as Organizations keeps them. */
  tags: Record<string, string>;
}

/** Organizations policy types. */
export type PolicyType =
  | 'SERVICE_CONTROL_POLICY'
  | 'RESOURCE_CONTROL_POLICY'
  | 'DECLARATIVE_POLICY_EC2'
  | 'TAG_POLICY'
  | 'BACKUP_POLICY'
  | 'AISERVICES_OPT_OUT_POLICY'
  | 'CHATBOT_POLICY'
  | 'SECURITYHUB_POLICY'
  | 'SECURITYHUB_CSPM_POLICY'
  | 'GUARDDUTY_POLICY'
  | 'INSPECTOR_POLICY'
  | 'UPGRADE_ROLLOUT_POLICY'
  | 'BEDROCK_POLICY'
  | 'S3_POLICY'
  | 'NETWORK_SECURITY_DIRECTOR_POLICY';

/** One Organizations policy. */
export interface SandboxPolicy {
  id: string;
  arn: string;
  name: string;
  description: string;
  type: PolicyType;
  content: string;
  awsManaged: boolean;
  /** Root, OU or account ids the policy is attached to. */
  targets: Set<string>;
  tags: Record<string, string>;
}

/** One organizational unit. */
export interface SandboxOu {
  id: string;
  arn: string;
  name: string;
  parentId: string;
  tags: Record<string, string>;
}

/** The organization, when one exists. */
export interface SandboxOrganization {
  id: string;
  arn: string;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  managementAccountId: string;
  managementAccountEmail: string;
  rootId: string;
  rootArn: string;
  /** Policy types enabled on the root. */
  enabledPolicyTypes: Set<PolicyType>;
  ous: Map<string, SandboxOu>;
  policies: Map<string, SandboxPolicy>;
  /** Service principal → when trusted access was enabled (epoch ms). */
  trustedAccess: Map<string, number>;
  /** Service principal → account id → when it was registered (epoch ms). */
  delegatedAdmins: Map<string, Map<string, number>>;
}

/** Scope key of a piece of service state. */
type ScopeKey = string;

/** The whole simulated world. */
export class SandboxWorld {
  /** Partition of every ARN the sandbox mints. */
  readonly partition = 'aws';
  /** The organization, if one has been created. */
  organization: SandboxOrganization | undefined;
  /** Every account that exists, member or not. */
  readonly accounts = new Map<string, SandboxAccount>();
  private readonly store = new Map<ScopeKey, unknown>();

  /** State of `service` for one account in one Region, created by `init` on first use. */
  regional<T>(service: string, account: string, region: string, init: () => T): T {
    return this.slot(`${service}|${account}|${region}`, init);
  }

  /** State of a global `service` (IAM, Organizations-wide data) for one account. */
  global<T>(service: string, account: string, init: () => T): T {
    return this.slot(`${service}|${account}|*`, init);
  }

  /** Every (account, Region) slice of `service` created so far. */
  *slices<T>(service: string): Generator<{ account: string; region: string; state: T }> {
    const prefix = `${service}|`;
    for (const [key, state] of this.store) {
      if (!key.startsWith(prefix)) continue;
      const [, account, region] = key.split('|') as [string, string, string];
      yield { account, region, state: state as T };
    }
  }

  private slot<T>(key: ScopeKey, init: () => T): T {
    let v = this.store.get(key) as T | undefined;
    if (v === undefined) {
      v = init();
      this.store.set(key, v);
    }
    return v;
  }

  /** The account, or `undefined`. */
  account(id: string): SandboxAccount | undefined {
    return this.accounts.get(id);
  }

  /** True when `id` is an ACTIVE account of the organization (the management account included). */
  isActiveMember(id: string): boolean {
    const a = this.accounts.get(id);
    return Boolean(this.organization && a && a.parentId !== undefined && a.status === 'ACTIVE');
  }

  /** True when `id` belongs to the organization in any status. */
  isMember(id: string): boolean {
    const a = this.accounts.get(id);
    return Boolean(this.organization && a && a.parentId !== undefined);
  }

  /** True when `id` is the organization's management account. */
  isManagementAccount(id: string): boolean {
    return this.organization?.managementAccountId === id;
  }

  /** Accounts registered as delegated administrator for a service principal. */
  delegatedAdminsFor(servicePrincipal: string): string[] {
    return [...(this.organization?.delegatedAdmins.get(servicePrincipal)?.keys() ?? [])];
  }

  /** True when trusted access is enabled for the service principal. */
  hasTrustedAccess(servicePrincipal: string): boolean {
    return this.organization?.trustedAccess.has(servicePrincipal) ?? false;
  }

  /** ACTIVE member accounts of the organization, management account included. */
  activeMembers(): SandboxAccount[] {
    return [...this.accounts.values()].filter((a) => this.isActiveMember(a.id));
  }
}
