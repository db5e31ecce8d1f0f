/**
 * The SRA account roles: which OU each account sits in, what the SRA puts there, which services it
 * administers, and what must never happen in it.
 */
import { ACCOUNT_ROLE_IDS, type AccountRoleId } from './ids.js';
import type { ServiceId } from './services.js';

/** One SRA account role. */
export interface AccountRole {
  /** Stable id, e.g. `security-tooling`. */
  readonly id: AccountRoleId;
  /** Human name, e.g. `Security Tooling`. */
  readonly name: string;
  /** Other names for the same account, e.g. Control Tower's `Audit`. */
  readonly aliases: readonly string[];
  /** The OU where the SRA places the account. */
  readonly ou: string;
  /** Why the account exists, in one or two sentences. */
  readonly purpose: string;
  /** What the SRA places in the account. */
  readonly hosts: readonly string[];
  /** Services (registry ids) whose delegated administrator this account is. */
  readonly delegatedAdminOf: readonly ServiceId[];
  /** What must never happen in or to this account. */
  readonly guidance: readonly string[];
  /** Whether every SRA organization must have this account. */
  readonly required: boolean;
  /** Blueprint key that names the account, e.g. `accounts.securityTooling`. */
  readonly blueprintKey: string;
}

type AccountRoleText = Omit<AccountRole, 'id'>;

const TEXT: Readonly<Record<AccountRoleId, AccountRoleText>> = {
  management: {
    name: 'Management',
    aliases: ['management account', 'org management', 'payer', 'master'],
    ou: 'Root',
    purpose:
      'Owns the organization: billing, organization-wide policies, and the decisions about which ' +
      'services are trusted and which accounts administer them. It is the most powerful account, so ' +
      'almost nothing runs in it.',
    hosts: [
      'AWS Organizations with all features enabled',
      'Service control, resource control and declarative policies',
      'Trusted access for each service and the registration of every delegated administrator',
      'The organization CloudTrail trail',
      'The IAM Identity Center organization instance (its administration is delegated to shared services)',
      'Centralized root access management for member accounts',
      'The AWS Control Tower landing zone, when Control Tower is used',
    ],
    delegatedAdminOf: [],
    guidance: [
      'Never make it the delegated administrator of any service.',
      'Run no workloads and keep no application resources in it.',
      'SCPs do not restrict it, so keep its own IAM permissions tight and its users few.',
      'Its root user is for break-glass only, protected with MFA.',
    ],
    required: true,
    blueprintKey: 'organization.managementAccount',
  },
  'security-tooling': {
    name: 'Security Tooling',
    aliases: ['audit', 'audit account', 'security', 'security account'],
    ou: 'Security',
    purpose:
      "Runs the organization's security services as their delegated administrator: it sees every " +
      'finding from every account but holds no workload of its own.',
    hosts: [
      'Delegated administration of GuardDuty, Security Hub, Config, IAM Access Analyzer, Macie, Inspector, ' +
        'Detective, CloudTrail, Firewall Manager, Audit Manager and Security Incident Response',
      'Security Hub central configuration and the cross-Region finding aggregator',
      'The organization Config aggregator and organization conformance packs',
      'Organization Access Analyzer analyzers in every governed Region',
      'KMS keys for findings exports',
      'Alerting: EventBridge rules that forward findings to an SNS topic',
    ],
    delegatedAdminOf: [
      'cloudtrail',
      'config',
      'security-hub',
      'guardduty',
      'inspector',
      'macie',
      'detective',
      'access-analyzer',
      'audit-manager',
      'firewall-manager',
      'security-incident-response',
    ],
    guidance: [
      'Run no workloads in it.',
      'Keep it separate from the log archive account.',
      'Limit sign-in to the security team, read-only by default.',
      'It must not be able to delete or rewrite data in the log archive.',
    ],
    required: true,
    blueprintKey: 'accounts.securityTooling',
  },
  'log-archive': {
    name: 'Log Archive',
    aliases: ['log archive account', 'logging', 'logs'],
    ou: 'Security',
    purpose:
      "The one place where the organization's logs land, encrypted and protected against change, for as " +
      'long as they have to be kept.',
    hosts: [
      'S3 buckets for the organization trail, Config history, VPC flow logs, Route 53 Resolver query logs, ' +
        'and WAF and CloudFront logs',
      'GuardDuty and Macie findings exports',
      'Security Lake delegated administration and its data lake',
      'KMS keys for the log buckets (or keys held in security tooling)',
    ],
    delegatedAdminOf: ['security-lake'],
    guidance: [
      'Run no workloads, and give people no routine read access to the logs.',
      'Never delete log data or shorten its retention; sra-kit never does either.',
      'Bucket policies admit only logging service principals, scoped with aws:SourceOrgID or aws:SourceAccount.',
      'Keep it separate from the security tooling account.',
    ],
    required: true,
    blueprintKey: 'accounts.logArchive',
  },
  network: {
    name: 'Network',
    aliases: ['network account', 'networking'],
    ou: 'Infrastructure',
    purpose:
      'Centralizes traffic between the organization, the internet and on-premises networks so that it ' +
      'is inspected and filtered in one place.',
    hosts: [
      'Ingress, egress and inspection VPCs',
      'AWS Transit Gateway',
      'AWS Network Firewall',
      'Route 53 Resolver DNS Firewall and resolver query logging',
      'Edge protection for shared entry points: CloudFront, AWS WAF and Shield Advanced',
    ],
    delegatedAdminOf: [],
    guidance: [
      'Run no application workloads in it.',
      'Change routing and firewall rules through the pipeline, not by hand in the console.',
      'Deliver flow logs and DNS query logs to the log archive.',
    ],
    required: false,
    blueprintKey: 'accounts.network',
  },
  'shared-services': {
    name: 'Shared Services',
    aliases: ['shared services account', 'shared'],
    ou: 'Infrastructure',
    purpose:
      'Hosts services that many workloads depend on, such as identity and operations tooling, with their ' +
      'administration delegated away from the management account.',
    hosts: [
      'IAM Identity Center delegated administration',
      'Systems Manager delegated administration (Explorer, OpsCenter, Change Manager)',
      'AWS Directory Service',
    ],
    delegatedAdminOf: ['iam-identity-center', 'ssm'],
    guidance: [
      'Run no business workloads in it.',
      'Treat it as privileged: Identity Center administrators here can grant access to almost any account.',
      'Do not merge it into the management account.',
    ],
    required: false,
    blueprintKey: 'accounts.sharedServices',
  },
  workload: {
    name: 'Workload',
    aliases: ['workloads', 'application', 'application account', 'member account'],
    ou: 'Workloads',
    purpose:
      "Runs the business's applications, one account per application and environment, inside the " +
      'guardrails and with the account baseline applied.',
    hosts: [
      'Applications and their data',
      'Membership of every organization-enabled security service',
      'The account baseline: Config recording, GuardDuty with all protection plans, Security Hub, Inspector ' +
        'scanning, S3 account Block Public Access, EBS encryption by default, the IAM password policy, ' +
        'alternate contacts, an account Access Analyzer, IMDSv2 defaults, and no public SSM documents or ' +
        'EBS snapshots',
    ],
    delegatedAdminOf: [],
    guidance: [
      'Never make it the delegated administrator of a security service.',
      'It cannot turn off security services or leave the organization (the guardrail policies prevent it).',
      'Keep production and non-production in separate accounts.',
    ],
    required: false,
    blueprintKey: 'accounts.workloads',
  },
  forensics: {
    name: 'Forensics',
    aliases: ['forensic account', 'investigation'],
    ou: 'Security',
    purpose:
      'An isolated account where copies of evidence (snapshots, memory captures, logs) are analysed away ' +
      'from the affected workload.',
    hosts: [
      'An investigation VPC with no route to the internet or to workloads',
      'Copies of EBS snapshots and logs shared in for analysis',
      'Forensic tooling',
    ],
    delegatedAdminOf: [],
    guidance: [
      'Give it no network path to workload accounts.',
      'Grant access only during an investigation, to the incident-response team.',
      'Copy evidence in; never move or alter the original.',
    ],
    required: false,
    blueprintKey: 'accounts.forensics',
  },
  'generative-ai': {
    name: 'Generative AI',
    aliases: ['genai', 'genai account', 'ai'],
    ou: 'Generative AI (or Workloads)',
    purpose:
      'Runs generative AI applications on Amazon Bedrock, under controls specific to models, prompts and ' +
      'responses.',
    hosts: [
      'Amazon Bedrock with guardrails',
      'Model invocation logging, delivered to the log archive',
      'VPC endpoints for private access to Bedrock',
    ],
    delegatedAdminOf: [],
    guidance: [
      'Invocation logs can contain sensitive data: encrypt them and keep them in the log archive.',
      'Expose no model endpoint publicly.',
      'Apply the same baseline as workload accounts.',
    ],
    required: false,
    blueprintKey: 'accounts.generativeAi',
  },
};

/** The SRA account roles, in the order of {@link ACCOUNT_ROLE_IDS}. */
export const ACCOUNT_ROLES: readonly AccountRole[] = ACCOUNT_ROLE_IDS.map((id) => ({ id, ...TEXT[id] }));

const BY_ID = new Map<string, AccountRole>(ACCOUNT_ROLES.map((r) => [r.id, r]));

/** Whether `value` is one of the SRA account role ids. */
export function isAccountRoleId(value: string): value is AccountRoleId {
  return BY_ID.has(value);
}

/** The account role with this id. */
export function getAccountRole(id: AccountRoleId): AccountRole {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown account role id "${String(id)}"`);
  return found;
}
