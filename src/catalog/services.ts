/**
 * Registry of the AWS services sra-kit deals with: which SDK client talks to each, how it plugs into
 * AWS Organizations (trusted-access service principals, delegated administrator), whether it is
 * regional, and which capabilities, principles and blueprint keys it serves.
 *
 * Service principals and delegated-admin behaviour were checked against the AWS Organizations user
 * guide, "AWS services that you can use with AWS Organizations":
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html
 * and the per-service pages linked from it (cited on each entry below as `reference`).
 */
import type { AccountRoleId, CapabilityId, PrincipleId } from './ids.js';

/** Ids of every service in the registry. */
export const SERVICE_IDS = [
  'organizations',
  'account',
  'control-tower',
  'iam',
  'iam-identity-center',
  'sts',
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
  'shield',
  'network-firewall',
  'route53-resolver-dns-firewall',
  'waf',
  'kms',
  's3',
  'ec2',
  'ssm',
  'security-lake',
  'security-incident-response',
  'eventbridge',
  'sns',
  'bedrock',
] as const;

/** Id of one service in the registry, e.g. `guardduty`. */
export type ServiceId = (typeof SERVICE_IDS)[number];

/** How the SRA delegates administration of a service to a member account. */
export interface DelegatedAdminSpec {
  /** The SRA account role that should be the delegated administrator. */
  readonly adminAccountRole: AccountRoleId;
  /**
   * Whether the administrator has to be designated separately in every Region (true for GuardDuty,
   * Security Hub, Inspector, Macie, Detective, Audit Manager).
   */
  readonly perRegion: boolean;
  /**
   * The service's own API for designating the administrator (e.g. `guardduty:EnableOrganizationAdminAccount`),
   * when it has one. Without it, `organizations:RegisterDelegatedAdministrator` is the way.
   */
  readonly adminApi?: string;
  /** Anything surprising about the designation. */
  readonly note?: string;
}

/** One AWS service in the registry. */
export interface ServiceInfo {
  /** Stable id, e.g. `guardduty`. */
  readonly id: ServiceId;
  /** AWS product name, e.g. `Amazon GuardDuty`. */
  readonly name: string;
  /** Other names people use for it (`sra explain` resolves them). */
  readonly aliases: readonly string[];
  /** npm package of the AWS SDK v3 client, e.g. `@aws-sdk/client-guardduty`. */
  readonly sdkPackage: string;
  /** Client class exported by {@link sdkPackage}, e.g. `GuardDutyClient`. */
  readonly clientName: string;
  /** Whether its state is per Region (`regional`) or one per account/organization (`global`). */
  readonly scope: 'regional' | 'global';
  /**
   * Service principals used with `organizations:EnableAWSServiceAccess` and
   * `organizations:RegisterDelegatedAdministrator`. Empty when the service has no trusted access.
   */
  readonly servicePrincipals: readonly string[];
  /**
   * The delegated administrator the SRA uses, or undefined when the SRA keeps administration in the
   * management account or the service has no delegated administrator.
   */
  readonly delegatedAdmin?: DelegatedAdminSpec;
  /** Capabilities the service serves. */
  readonly capabilities: readonly CapabilityId[];
  /** Design principles the service serves. */
  readonly principles: readonly PrincipleId[];
  /** Dotted blueprint paths that configure the service, e.g. `threatDetection.guardduty`. */
  readonly blueprintKeys: readonly string[];
  /** What the SRA uses the service for, in one sentence. */
  readonly summary: string;
  /** Documentation page that backs the Organizations facts above. */
  readonly reference?: string;
}

const ORG_GUIDE = 'https://docs.aws.amazon.com/organizations/latest/userguide';

/** The service registry, in rough order of the SRA deployment sequence. */
export const SERVICES: readonly ServiceInfo[] = [
  {
    id: 'organizations',
    name: 'AWS Organizations',
    aliases: ['orgs', 'organization'],
    sdkPackage: '@aws-sdk/client-organizations',
    clientName: 'OrganizationsClient',
    scope: 'global',
    servicePrincipals: [],
    capabilities: ['security-governance'],
    principles: ['strong-identity-foundation', 'security-at-all-layers', 'automate-security-best-practices'],
    blueprintKeys: [
      'organization.organizationalUnits',
      'governance.serviceControlPolicies',
      'governance.resourceControlPolicies',
      'governance.declarativePolicies',
    ],
    summary:
      'Holds the account structure and the guardrail policies, and is where every other service is ' +
      'granted trusted access and given its delegated administrator.',
    reference: `${ORG_GUIDE}/orgs_integrate_services_list.html`,
  },
  {
    id: 'account',
    name: 'AWS Account Management',
    aliases: ['alternate contacts', 'account management'],
    sdkPackage: '@aws-sdk/client-account',
    clientName: 'AccountClient',
    scope: 'global',
    servicePrincipals: ['account.amazonaws.com'],
    capabilities: ['security-governance', 'incident-response'],
    principles: ['prepare-for-security-events', 'automate-security-best-practices'],
    blueprintKeys: ['governance.alternateContacts'],
    summary:
      "Sets every member account's security, billing and operations contacts from the management " +
      'account, and lists the Regions each account has enabled.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-account.html`,
  },
  {
    id: 'control-tower',
    name: 'AWS Control Tower',
    aliases: ['controltower', 'landing zone'],
    sdkPackage: '@aws-sdk/client-controltower',
    clientName: 'ControlTowerClient',
    scope: 'regional',
    servicePrincipals: ['controltower.amazonaws.com'],
    capabilities: ['security-governance'],
    principles: ['automate-security-best-practices'],
    blueprintKeys: ['organization.controlTower'],
    summary:
      'Detected, never driven: when a landing zone exists, sra-kit leaves its Config recorders and trail ' +
      'alone and fills in what it does not cover.',
    reference: `${ORG_GUIDE}/orgs_integrate_services_list.html`,
  },
  {
    id: 'iam',
    name: 'AWS Identity and Access Management',
    aliases: ['password policy', 'root access'],
    sdkPackage: '@aws-sdk/client-iam',
    clientName: 'IAMClient',
    scope: 'global',
    // Trusted access for IAM is what centralized root access management turns on.
    servicePrincipals: ['iam.amazonaws.com'],
    capabilities: ['identity-and-access-management'],
    principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
    blueprintKeys: ['identity.passwordPolicy', 'identity.rootAccess'],
    summary:
      'Sets account password policies and, through centralized root access management, removes root ' +
      'credentials from member accounts.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-iam.html`,
  },
  {
    id: 'iam-identity-center',
    name: 'AWS IAM Identity Center',
    aliases: ['identity center', 'sso', 'aws sso', 'sso-admin'],
    sdkPackage: '@aws-sdk/client-sso-admin',
    clientName: 'SSOAdminClient',
    scope: 'regional',
    servicePrincipals: ['sso.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'shared-services',
      perRegion: false,
      note: 'The organization instance lives in one Region; its administration is delegated once.',
    },
    capabilities: ['identity-and-access-management'],
    principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
    blueprintKeys: ['identity.identityCenter'],
    summary:
      'The single sign-in for people: permission sets grant short-lived role sessions in each account.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-sso.html`,
  },
  {
    id: 'sts',
    name: 'AWS Security Token Service',
    aliases: ['security token service', 'assume role'],
    sdkPackage: '@aws-sdk/client-sts',
    clientName: 'STSClient',
    // Credentials are valid everywhere, but opt-in Regions need the regional STS endpoint.
    scope: 'global',
    servicePrincipals: [],
    capabilities: ['identity-and-access-management'],
    principles: ['strong-identity-foundation'],
    blueprintKeys: ['organization.memberRoleName'],
    summary:
      'Issues the short-lived credentials sra-kit uses to act in member accounts through the member role.',
  },
  {
    id: 'cloudtrail',
    name: 'AWS CloudTrail',
    aliases: ['trail', 'organization trail'],
    sdkPackage: '@aws-sdk/client-cloudtrail',
    clientName: 'CloudTrailClient',
    scope: 'regional',
    servicePrincipals: ['cloudtrail.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: false,
      adminApi: 'cloudtrail:RegisterOrganizationDelegatedAdmin',
      note: 'The management account creates the organization trail; the delegated admin can manage it.',
    },
    capabilities: ['threat-detection', 'security-assurance', 'incident-response'],
    principles: ['enable-traceability', 'prepare-for-security-events'],
    blueprintKeys: ['threatDetection.cloudtrail'],
    summary:
      'The organization trail: every API call in every account and Region, delivered encrypted and ' +
      'validated to the log archive.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-cloudtrail.html`,
  },
  {
    id: 'config',
    name: 'AWS Config',
    aliases: ['config-service', 'aws config', 'configservice'],
    sdkPackage: '@aws-sdk/client-config-service',
    clientName: 'ConfigServiceClient',
    scope: 'regional',
    // config.amazonaws.com backs the organization aggregator; config-multiaccountsetup.amazonaws.com
    // backs organization rules and conformance packs. Each is registered for the delegated admin.
    servicePrincipals: ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: false,
      note:
        'Registered through organizations:RegisterDelegatedAdministrator, once for each of the two ' +
        'service principals.',
    },
    capabilities: ['security-assurance'],
    principles: ['enable-traceability', 'automate-security-best-practices'],
    blueprintKeys: ['assurance.config'],
    summary:
      'Records resource configuration in every account and Region, aggregated organization-wide in the ' +
      'security tooling account; Security Hub controls depend on it.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-config.html`,
  },
  {
    id: 'security-hub',
    name: 'AWS Security Hub',
    aliases: ['securityhub', 'security hub cspm'],
    sdkPackage: '@aws-sdk/client-securityhub',
    clientName: 'SecurityHubClient',
    scope: 'regional',
    servicePrincipals: ['securityhub.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: true,
      adminApi: 'securityhub:EnableOrganizationAdminAccount',
      note: 'Use the same account in every governed Region; central configuration is run from the home Region.',
    },
    capabilities: ['security-assurance', 'threat-detection'],
    principles: ['automate-security-best-practices', 'enable-traceability'],
    blueprintKeys: ['assurance.securityHub'],
    summary:
      'Runs the security standards (FSBP by default) through central configuration and aggregates every ' +
      "service's findings into the home Region.",
    reference: `${ORG_GUIDE}/services-that-can-integrate-securityhub.html`,
  },
  {
    id: 'guardduty',
    name: 'Amazon GuardDuty',
    aliases: ['guard duty'],
    sdkPackage: '@aws-sdk/client-guardduty',
    clientName: 'GuardDutyClient',
    scope: 'regional',
    // The second principal belongs to the malware protection service-linked role.
    servicePrincipals: ['guardduty.amazonaws.com', 'malware-protection.guardduty.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: true,
      adminApi: 'guardduty:EnableOrganizationAdminAccount',
    },
    capabilities: ['threat-detection'],
    principles: ['enable-traceability', 'prepare-for-security-events'],
    blueprintKeys: ['threatDetection.guardduty'],
    summary:
      'Continuous threat detection in every account and Region with all protection plans, findings ' +
      'exported to the log archive.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-guardduty.html`,
  },
  {
    id: 'inspector',
    name: 'Amazon Inspector',
    aliases: ['inspector2'],
    sdkPackage: '@aws-sdk/client-inspector2',
    clientName: 'Inspector2Client',
    scope: 'regional',
    servicePrincipals: ['inspector2.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: true,
      adminApi: 'inspector2:EnableDelegatedAdminAccount',
    },
    capabilities: ['vulnerability-management', 'application-security'],
    principles: ['security-at-all-layers', 'automate-security-best-practices'],
    blueprintKeys: ['vulnerabilityManagement.inspector', 'applicationSecurity.codeSecurity'],
    summary: 'Scans EC2 instances, ECR images, Lambda functions and Lambda code for known vulnerabilities.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-inspector2.html`,
  },
  {
    id: 'macie',
    name: 'Amazon Macie',
    aliases: ['macie2'],
    sdkPackage: '@aws-sdk/client-macie2',
    clientName: 'Macie2Client',
    scope: 'regional',
    servicePrincipals: ['macie.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: true,
      adminApi: 'macie2:EnableOrganizationAdminAccount',
    },
    capabilities: ['data-protection'],
    principles: ['protect-data-in-transit-and-at-rest', 'keep-people-away-from-data'],
    blueprintKeys: ['dataProtection.macie'],
    summary:
      'Discovers sensitive data in S3 across the organization and exports findings to the log archive.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-macie.html`,
  },
  {
    id: 'detective',
    name: 'Amazon Detective',
    aliases: [],
    sdkPackage: '@aws-sdk/client-detective',
    clientName: 'DetectiveClient',
    scope: 'regional',
    servicePrincipals: ['detective.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: true,
      adminApi: 'detective:EnableOrganizationAdminAccount',
      note: 'Wants GuardDuty enabled (for about 48 hours) before it is turned on.',
    },
    capabilities: ['incident-response', 'threat-detection'],
    principles: ['prepare-for-security-events', 'enable-traceability'],
    blueprintKeys: ['incidentResponse.detective'],
    summary:
      'Builds behaviour graphs from GuardDuty, CloudTrail and VPC flow data to speed up investigations.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-detective.html`,
  },
  {
    id: 'access-analyzer',
    name: 'AWS IAM Access Analyzer',
    aliases: ['accessanalyzer', 'iam access analyzer'],
    sdkPackage: '@aws-sdk/client-accessanalyzer',
    clientName: 'AccessAnalyzerClient',
    scope: 'regional',
    servicePrincipals: ['access-analyzer.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: false,
      note:
        'Registered once through organizations:RegisterDelegatedAdministrator; the organization analyzers ' +
        'themselves are created in each governed Region.',
    },
    capabilities: ['identity-and-access-management', 'data-protection'],
    principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
    blueprintKeys: ['identity.accessAnalyzer'],
    summary:
      'Organization analyzers that flag resources shared outside the organization and, optionally, ' +
      'permissions that are never used.',
    reference: `${ORG_GUIDE}/orgs_integrate_services_list.html`,
  },
  {
    id: 'audit-manager',
    name: 'AWS Audit Manager',
    aliases: ['auditmanager'],
    sdkPackage: '@aws-sdk/client-auditmanager',
    clientName: 'AuditManagerClient',
    scope: 'regional',
    servicePrincipals: ['auditmanager.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: true,
      adminApi: 'auditmanager:RegisterOrganizationAdminAccount',
      // https://docs.aws.amazon.com/audit-manager/latest/userguide/add-delegated-admin.html
      note:
        'The management account cannot be its delegated administrator; AWS closes the service to new ' +
        'customers from 30 April 2026.',
    },
    capabilities: ['security-assurance'],
    principles: ['automate-security-best-practices', 'enable-traceability'],
    blueprintKeys: ['assurance.auditManager'],
    summary: 'Collects audit evidence for compliance frameworks across the organization (optional).',
    reference: `${ORG_GUIDE}/services-that-can-integrate-audit-manager.html`,
  },
  {
    id: 'firewall-manager',
    name: 'AWS Firewall Manager',
    aliases: ['fms'],
    sdkPackage: '@aws-sdk/client-fms',
    clientName: 'FMSClient',
    scope: 'regional',
    servicePrincipals: ['fms.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: false,
      adminApi: 'fms:AssociateAdminAccount',
      // https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_AssociateAdminAccount.html
      note: 'The default administrator is set once, from the management account, in us-east-1.',
    },
    capabilities: ['infrastructure-protection', 'application-security'],
    principles: ['security-at-all-layers', 'automate-security-best-practices'],
    blueprintKeys: ['infrastructureProtection.firewallManager'],
    summary:
      'Rolls WAF, Shield Advanced, security group and Network Firewall policies out across accounts (optional).',
    reference: `${ORG_GUIDE}/services-that-can-integrate-fms.html`,
  },
  {
    id: 'shield',
    name: 'AWS Shield Advanced',
    aliases: ['shield advanced', 'ddos'],
    sdkPackage: '@aws-sdk/client-shield',
    clientName: 'ShieldClient',
    scope: 'global',
    servicePrincipals: [],
    capabilities: ['infrastructure-protection', 'application-security'],
    principles: ['security-at-all-layers'],
    blueprintKeys: ['infrastructureProtection.shieldAdvanced'],
    summary:
      'DDoS protection for internet-facing resources, applied through Firewall Manager; it carries a ' +
      'yearly commitment, so it needs an explicit cost acknowledgement.',
  },
  {
    id: 'network-firewall',
    name: 'AWS Network Firewall',
    aliases: ['networkfirewall'],
    sdkPackage: '@aws-sdk/client-network-firewall',
    clientName: 'NetworkFirewallClient',
    scope: 'regional',
    servicePrincipals: [],
    capabilities: ['infrastructure-protection'],
    principles: ['security-at-all-layers'],
    blueprintKeys: ['infrastructureProtection.networkFirewall'],
    summary: 'Stateful inspection of traffic in the network account’s inspection and egress VPCs.',
  },
  {
    id: 'route53-resolver-dns-firewall',
    name: 'Amazon Route 53 Resolver DNS Firewall',
    aliases: ['dns firewall', 'route53resolver', 'route 53 resolver'],
    sdkPackage: '@aws-sdk/client-route53resolver',
    clientName: 'Route53ResolverClient',
    scope: 'regional',
    servicePrincipals: [],
    capabilities: ['infrastructure-protection', 'threat-detection'],
    principles: ['security-at-all-layers', 'enable-traceability'],
    blueprintKeys: ['infrastructureProtection.dnsFirewall'],
    summary:
      'Blocks DNS lookups of known-bad domains from VPCs and logs resolver queries to the log archive.',
  },
  {
    id: 'waf',
    name: 'AWS WAF',
    aliases: ['wafv2', 'web application firewall'],
    sdkPackage: '@aws-sdk/client-wafv2',
    clientName: 'WAFV2Client',
    // Web ACLs for CloudFront live in us-east-1; the rest are regional.
    scope: 'regional',
    servicePrincipals: [],
    capabilities: ['application-security', 'infrastructure-protection'],
    principles: ['security-at-all-layers'],
    blueprintKeys: ['applicationSecurity.wafLogging'],
    summary:
      'Web ACLs in front of CloudFront, load balancers and APIs, usually deployed by Firewall Manager, with ' +
      'logs in the log archive.',
  },
  {
    id: 'kms',
    name: 'AWS Key Management Service',
    aliases: ['key management service'],
    sdkPackage: '@aws-sdk/client-kms',
    clientName: 'KMSClient',
    scope: 'regional',
    servicePrincipals: [],
    capabilities: ['data-protection'],
    principles: ['protect-data-in-transit-and-at-rest'],
    blueprintKeys: ['dataProtection.kms'],
    summary:
      'Customer managed keys that encrypt the trail, Config history and findings exports; their key ' +
      'policies admit the services that write them.',
  },
  {
    id: 's3',
    name: 'Amazon S3',
    aliases: ['s3-control', 'block public access', 'simple storage service'],
    // Account-level Block Public Access is an S3 Control API (S3ControlClient in @aws-sdk/client-s3-control).
    sdkPackage: '@aws-sdk/client-s3',
    clientName: 'S3Client',
    scope: 'regional',
    servicePrincipals: [],
    capabilities: ['data-protection'],
    principles: ['protect-data-in-transit-and-at-rest', 'keep-people-away-from-data'],
    blueprintKeys: ['dataProtection.s3BlockPublicAccess'],
    summary:
      'Account-level Block Public Access everywhere, and the encrypted, organization-only log buckets in ' +
      'the log archive.',
  },
  {
    id: 'ec2',
    name: 'Amazon EC2',
    aliases: ['ebs', 'imds', 'elastic compute cloud'],
    sdkPackage: '@aws-sdk/client-ec2',
    clientName: 'EC2Client',
    scope: 'regional',
    // Trusted access lets the management account run declarative-policy account status reports.
    servicePrincipals: ['ec2.amazonaws.com'],
    capabilities: ['infrastructure-protection', 'data-protection'],
    principles: ['security-at-all-layers', 'protect-data-in-transit-and-at-rest'],
    blueprintKeys: [
      'infrastructureProtection.imdsV2Default',
      'infrastructureProtection.ebsSnapshotBlockPublicAccess',
      'dataProtection.ebsEncryptionByDefault',
    ],
    summary:
      'Per-account, per-Region defaults: EBS encryption by default, EBS snapshot block public access ' +
      'and IMDSv2 for new instances.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-ec2.html`,
  },
  {
    id: 'ssm',
    name: 'AWS Systems Manager',
    aliases: ['systems manager', 'session manager'],
    sdkPackage: '@aws-sdk/client-ssm',
    clientName: 'SSMClient',
    scope: 'regional',
    servicePrincipals: ['ssm.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'shared-services',
      perRegion: false,
      note: 'Registered through organizations:RegisterDelegatedAdministrator (Explorer, OpsCenter, Change Manager).',
    },
    capabilities: ['vulnerability-management', 'infrastructure-protection', 'incident-response'],
    principles: ['keep-people-away-from-data', 'automate-security-best-practices'],
    blueprintKeys: [],
    summary:
      'Manages instances without SSH (Session Manager, patching, runbooks); SSM documents must not be ' +
      'shared publicly.',
    reference: `${ORG_GUIDE}/services-that-can-integrate-ssm.html`,
  },
  {
    id: 'security-lake',
    name: 'Amazon Security Lake',
    aliases: ['securitylake'],
    sdkPackage: '@aws-sdk/client-securitylake',
    clientName: 'SecurityLakeClient',
    scope: 'regional',
    servicePrincipals: ['securitylake.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'log-archive',
      perRegion: false,
      adminApi: 'securitylake:RegisterDataLakeDelegatedAdministrator',
      // https://docs.aws.amazon.com/security-lake/latest/userguide/multi-account-management.html
      note:
        "Use Security Lake's own API so its service-linked role is created; the administrator is the same " +
        'in every Region.',
    },
    capabilities: ['threat-detection', 'incident-response'],
    principles: ['enable-traceability', 'prepare-for-security-events'],
    blueprintKeys: ['threatDetection.securityLake'],
    summary:
      'Normalizes logs and findings into OCSF in a data lake in the log archive account (optional, needs a ' +
      'cost acknowledgement).',
    reference: `${ORG_GUIDE}/services-that-can-integrate-sl.html`,
  },
  {
    id: 'security-incident-response',
    name: 'AWS Security Incident Response',
    aliases: ['security-ir', 'securityir'],
    sdkPackage: '@aws-sdk/client-security-ir',
    clientName: 'SecurityIRClient',
    scope: 'regional',
    servicePrincipals: ['security-ir.amazonaws.com'],
    delegatedAdmin: {
      adminAccountRole: 'security-tooling',
      perRegion: false,
      adminApi: 'security-ir:CreateMembership',
      // https://docs.aws.amazon.com/security-ir/latest/userguide/considerations_important.html
      note:
        'The membership is created from the management account in one Region and covers the whole ' +
        'organization; the same administrator applies in every Region.',
    },
    capabilities: ['incident-response'],
    principles: ['prepare-for-security-events'],
    blueprintKeys: ['incidentResponse.securityIncidentResponse'],
    summary: 'Subscription that adds automated triage and an AWS responder team (optional).',
    reference: `${ORG_GUIDE}/services-that-can-integrate-security-ir.html`,
  },
  {
    id: 'eventbridge',
    name: 'Amazon EventBridge',
    aliases: ['cloudwatch events'],
    sdkPackage: '@aws-sdk/client-eventbridge',
    clientName: 'EventBridgeClient',
    scope: 'regional',
    servicePrincipals: [],
    capabilities: ['incident-response'],
    principles: ['prepare-for-security-events', 'automate-security-best-practices'],
    blueprintKeys: ['incidentResponse.alerting'],
    summary: 'Rules in the security tooling account that route findings above a severity to alerting.',
  },
  {
    id: 'sns',
    name: 'Amazon SNS',
    aliases: ['simple notification service'],
    sdkPackage: '@aws-sdk/client-sns',
    clientName: 'SNSClient',
    scope: 'regional',
    servicePrincipals: [],
    capabilities: ['incident-response'],
    principles: ['prepare-for-security-events'],
    blueprintKeys: ['incidentResponse.alerting'],
    summary: 'The alert topic (KMS-encrypted) that delivers security findings to the people on call.',
  },
  {
    id: 'bedrock',
    name: 'Amazon Bedrock',
    aliases: ['bedrock guardrails'],
    sdkPackage: '@aws-sdk/client-bedrock',
    clientName: 'BedrockClient',
    scope: 'regional',
    servicePrincipals: [],
    capabilities: ['application-security', 'data-protection'],
    principles: ['security-at-all-layers', 'protect-data-in-transit-and-at-rest'],
    blueprintKeys: [],
    summary:
      'Runs generative AI in the generative AI account, with guardrails, model invocation logging and ' +
      'private endpoints.',
  },
];

const BY_ID = new Map<string, ServiceInfo>(SERVICES.map((s) => [s.id, s]));

/** Whether `value` is a service id in the registry. */
export function isServiceId(value: string): value is ServiceId {
  return BY_ID.has(value);
}

/** The registry entry for this service id. */
export function getService(id: ServiceId): ServiceInfo {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown service id "${String(id)}"`);
  return found;
}

/** Services that serve a capability, in registry order. */
export function servicesForCapability(id: CapabilityId): ServiceInfo[] {
  return SERVICES.filter((s) => s.capabilities.includes(id));
}

/** Services that serve a design principle, in registry order. */
export function servicesForPrinciple(id: PrincipleId): ServiceInfo[] {
  return SERVICES.filter((s) => s.principles.includes(id));
}

/** Services whose delegated administrator the SRA places in an account role, in registry order. */
export function servicesAdministeredBy(role: AccountRoleId): ServiceInfo[] {
  return SERVICES.filter((s) => s.delegatedAdmin?.adminAccountRole === role);
}
