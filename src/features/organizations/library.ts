/**
 * sra-kit's built-in organization policies: one function per entry of `BUILTIN_SCPS` and `BUILTIN_RCPS`
 * (src/blueprint/schema.ts), each producing a policy document from the blueprint's facts (organization
 * id, member role, governed Regions, Control Tower). Documents are plain data; {@link minifyPolicy}
 * turns them into the compact JSON Organizations stores, and {@link POLICY_SIZE_LIMIT} is the ceiling
 * they must fit under.
 *
 * Guardrails that would stop sra-kit itself are written with an exemption for the role sra-kit works
 * through in member accounts (and, under Control Tower, Control Tower's own roles), matched with
 * `aws:PrincipalArn`. The management account is never subject to SCPs, so it needs no exemption.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */
import type { BUILTIN_RCPS, BUILTIN_SCPS } from '../../blueprint/schema.js';

/** Name of a built-in SCP. */
export type BuiltinScp = (typeof BUILTIN_SCPS)[number];
/** Name of a built-in RCP. */
export type BuiltinRcp = (typeof BUILTIN_RCPS)[number];

/**
 * Most characters an SCP or RCP document may hold (white space included, hence the minified JSON).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export const POLICY_SIZE_LIMIT = 5120;

/** The facts the built-in policies are written from. */
export interface LibraryContext {
  /** Organization id (`o-…`), for the organization-only conditions. */
  organizationId: string;
  /** Role sra-kit assumes in member accounts (exempted from the guardrails that would block it). */
  memberRoleName: string;
  /** Control Tower runs the landing zone: its roles are exempted too. */
  controlTower: boolean;
  /** Governed Regions (region-deny allows these). */
  governedRegions: readonly string[];
  /** Home Region (always allowed by region-deny). */
  homeRegion: string;
  /** Log archive account (protect-log-archive names its buckets). */
  logArchiveAccount: string;
}

/** One policy statement (the subset of the IAM grammar the library writes). */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Deny';
  Principal?: '*';
  Action?: string[];
  NotAction?: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** A policy document. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** The policy document as Organizations stores it: JSON without white space. */
export function minifyPolicy(doc: unknown): string {
  return JSON.stringify(doc);
}

/**
 * Principal ARN patterns exempt from the guardrails that protect what sra-kit manages: the member
 * role sra-kit assumes and, under Control Tower, the roles Control Tower deploys through.
 * https://docs.aws.amazon.com/controltower/latest/userguide/roles-how.html
 */
export function exemptPrincipals(ctx: LibraryContext): string[] {
  const roles = new Set([ctx.memberRoleName]);
  if (ctx.controlTower) {
    roles.add('AWSControlTowerExecution');
    roles.add('stacksets-exec-*');
  }
  return [...roles].sort().map((r) => `arn:aws:iam::*:role/${r}`);
}

/** The exemption condition (`ArnNotLike aws:PrincipalArn`). */
function unlessExempt(ctx: LibraryContext): PolicyStatement['Condition'] {
  return { ArnNotLike: { 'aws:PrincipalArn': exemptPrincipals(ctx) } };
}

// ---------------------------------------------------------------------------------------------
// Service control policies
// ---------------------------------------------------------------------------------------------

/** Member accounts cannot leave the organization (and so escape every guardrail). */
function denyLeaveOrganization(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyLeaveOrganization',
        Effect: 'Deny',
        Action: ['organizations:LeaveOrganization'],
        Resource: '*',
      },
    ],
  };
}

/**
 * Actions that switch off, delete or blind a security service of the SRA. Wildcards keep the list
 * short enough for the 5,120-character limit (`guardduty:Delete*` covers detectors, members,
 * publishing destinations, filters and IP sets).
 */
const SECURITY_SERVICE_TAMPERING = [
  'access-analyzer:DeleteAnalyzer',
  'cloudtrail:DeleteTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:StopLogging',
  'cloudtrail:UpdateTrail',
  'config:DeleteConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:DeleteRetentionConfiguration',
  'config:PutConfigurationRecorder',
  'config:PutDeliveryChannel',
  'config:StopConfigurationRecorder',
  'detective:DeleteGraph',
  'detective:DisassociateMembership',
  'guardduty:Delete*',
  'guardduty:Disassociate*',
  'guardduty:StopMonitoringMembers',
  'guardduty:UpdateDetector',
  'inspector2:Disable',
  'inspector2:DisassociateMember',
  'macie2:DisableMacie',
  'macie2:DisassociateFromAdministratorAccount',
  'macie2:DisassociateFromMasterAccount',
  'securityhub:BatchDisableStandards',
  'securityhub:DeleteInvitations',
  'securityhub:DisableSecurityHub',
  'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:DisassociateFromMasterAccount',
];

/**
 * Member accounts cannot switch off or reconfigure the security services (CloudTrail, Config,
 * GuardDuty, Security Hub, Inspector, Macie, Detective, Access Analyzer) — except through the role
 * sra-kit itself works with, so `sra apply` and `sra destroy` keep working.
 */
function protectSecurityServices(ctx: LibraryContext): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ProtectSecurityServices',
        Effect: 'Deny',
        Action: [...SECURITY_SERVICE_TAMPERING],
        Resource: '*',
        Condition: unlessExempt(ctx),
      },
    ],
  };
}

/**
 * The log archive's buckets (sra-kit names them `sra-…`) and keys cannot be deleted, emptied or
 * opened up by anyone but sra-kit's role. Attach it where the log archive account sits.
 */
function protectLogArchive(ctx: LibraryContext): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ProtectLogBuckets',
        Effect: 'Deny',
        Action: [
          's3:DeleteBucket',
          's3:DeleteBucketPolicy',
          's3:DeleteObject',
          's3:DeleteObjectVersion',
          's3:PutBucketPolicy',
          's3:PutBucketVersioning',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
          's3:PutObjectLegalHold',
          's3:PutObjectRetention',
          's3:PutBucketObjectLockConfiguration',
          's3:PutBucketPublicAccessBlock',
        ],
        Resource: ['arn:aws:s3:::sra-*', 'arn:aws:s3:::sra-*/*'],
        Condition: unlessExempt(ctx),
      },
      {
        Sid: 'ProtectLogKeys',
        Effect: 'Deny',
        Action: ['kms:DisableKey', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
        Resource: `arn:aws:kms:*:${ctx.logArchiveAccount}:key/*`,
        Condition: unlessExempt(ctx),
      },
    ],
  };
}

/**
 * Nobody works as a member account's root user. (Tasks that truly need root are done from the
 * management account with centralized root access, which SCPs do not restrict.)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
 */
function denyRootUser(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyRootUser',
        Effect: 'Deny',
        Action: ['*'],
        Resource: '*',
        Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
      },
    ],
  };
}

/**
 * Actions of global services (endpoints in one Region, usually us-east-1) and the few Region-agnostic
 * calls that must not be caught by the Region deny. Compiled from the SCP examples of AWS
 * Organizations and the landing-zone Region deny control of Control Tower:
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
 * https://docs.aws.amazon.com/controltower/latest/controlreference/primary-region-deny-policy.html
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
  'a4b:*',
  'access-analyzer:*',
  'account:*',
  'acm:*',
  'artifact:*',
  'aws-marketplace-management:*',
  'aws-marketplace:*',
  'aws-portal:*',
  'billing:*',
  'budgets:*',
  'ce:*',
  'chatbot:*',
  'chime:*',
  'cloudfront:*',
  'cloudtrail:LookupEvents',
  'compute-optimizer:*',
  'config:*',
  'cur:*',
  'devicefarm:*',
  'directconnect:*',
  'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways',
  'ecr-public:*',
  'fms:*',
  'freetier:*',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'importexport:*',
  'invoicing:*',
  'kms:*',
  'networkmanager:*',
  'notifications:*',
  'organizations:*',
  'payments:*',
  'pricing:*',
  'route53-recovery-cluster:*',
  'route53-recovery-control-config:*',
  'route53-recovery-readiness:*',
  'route53:*',
  'route53domains:*',
  's3:CreateMultiRegionAccessPoint',
  's3:GetAccountPublic*',
  's3:ListAllMyBuckets',
  's3:ListMultiRegionAccessPoints',
  's3:PutAccountPublic*',
  'shield:*',
  'sso:*',
  'sts:*',
  'support:*',
  'tag:*',
  'trustedadvisor:*',
  'waf-regional:*',
  'waf:*',
  'wafv2:*',
  'wellarchitected:*',
];

/**
 * Requests to Regions outside the governed ones are denied, except for global services and sra-kit's
 * (and Control Tower's) roles.
 */
function regionDeny(ctx: LibraryContext): PolicyDocument {
  const allowed = [...new Set([ctx.homeRegion, ...ctx.governedRegions])].sort();
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyUngovernedRegions',
        Effect: 'Deny',
        NotAction: [...GLOBAL_SERVICE_ACTIONS],
        Resource: '*',
        Condition: {
          StringNotEquals: { 'aws:RequestedRegion': allowed },
          ...unlessExempt(ctx),
        },
      },
    ],
  };
}

/** The built-in SCPs by name. */
export const SCP_LIBRARY: Readonly<Record<BuiltinScp, (ctx: LibraryContext) => PolicyDocument>> = {
  'deny-leave-organization': denyLeaveOrganization,
  'protect-security-services': protectSecurityServices,
  'protect-log-archive': protectLogArchive,
  'deny-root-user': denyRootUser,
  'region-deny': regionDeny,
};

// ---------------------------------------------------------------------------------------------
// Resource control policies
// ---------------------------------------------------------------------------------------------

/**
 * Services whose resources the built-in RCPs cover. RCPs accept only `Principal: "*"`, only the
 * `Deny` effect for customer policies, and only service actions of the services RCPs support.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 */
export const RCP_SERVICE_ACTIONS: readonly string[] = ['kms:*', 's3:*', 'secretsmanager:*', 'sqs:*', 'sts:*'];

/** Requests to the organization's S3, KMS, SQS, Secrets Manager and STS resources must use TLS. */
function requireTls(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: [...RCP_SERVICE_ACTIONS],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

/**
 * Only identities of the organization (and AWS services acting for it) may use its resources: the
 * identity perimeter of the AWS data-perimeter guidance.
 * https://docs.aws.amazon.com/whitepapers/latest/building-a-data-perimeter-on-aws/perimeter-implementation.html
 */
function orgOnlyAccess(ctx: LibraryContext): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyOutsideOrganization',
        Effect: 'Deny',
        Principal: '*',
        Action: ['kms:*', 's3:*', 'secretsmanager:*', 'sqs:*', 'sts:AssumeRole'],
        Resource: '*',
        Condition: {
          StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ctx.organizationId },
          BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
        },
      },
    ],
  };
}

/**
 * AWS services may act on the organization's resources only on behalf of the organization itself
 * (confused-deputy protection: `aws:SourceOrgID` must be the organization's when a service calls
 * for a source account).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
function confusedDeputyProtection(ctx: LibraryContext): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyForeignServiceRequests',
        Effect: 'Deny',
        Principal: '*',
        Action: ['kms:*', 's3:*', 'secretsmanager:*', 'sqs:*', 'sts:*'],
        Resource: '*',
        Condition: {
          StringNotEqualsIfExists: { 'aws:SourceOrgID': ctx.organizationId },
          Null: { 'aws:SourceAccount': 'false' },
          Bool: { 'aws:PrincipalIsAWSService': 'true' },
        },
      },
    ],
  };
}

/** The built-in RCPs by name. */
export const RCP_LIBRARY: Readonly<Record<BuiltinRcp, (ctx: LibraryContext) => PolicyDocument>> = {
  'require-tls': requireTls,
  'org-only-access': orgOnlyAccess,
  'confused-deputy-protection': confusedDeputyProtection,
};

/** One-line descriptions stored with the built-in policies. */
export const BUILTIN_DESCRIPTIONS: Readonly<Record<BuiltinScp | BuiltinRcp, string>> = {
  'deny-leave-organization': 'sra-kit: member accounts cannot leave the organization',
  'protect-security-services': 'sra-kit: member accounts cannot switch off the security services',
  'protect-log-archive': 'sra-kit: log buckets and keys cannot be deleted or opened up',
  'deny-root-user': 'sra-kit: no actions as a member account root user',
  'region-deny': 'sra-kit: no requests outside the governed Regions, except global services',
  'require-tls': 'sra-kit: requests to S3, KMS, SQS, Secrets Manager and STS must use TLS',
  'org-only-access': 'sra-kit: only principals of the organization may use its resources',
  'confused-deputy-protection': 'sra-kit: AWS services may act only for the organization',
};
