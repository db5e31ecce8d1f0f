/**
 * The blueprint schema (`sra.yaml`): what an organization should look like, stated as differences from the
 * AWS SRA defaults. Top-level sections are `organization`, `accounts` and the nine AWS CAF security
 * capabilities (see `CAPABILITY_SECTION`). Every object is strict (unknown keys are errors), every key is
 * documented with `.describe()` / `.meta()`, and every optional setting carries its SRA default.
 *
 * A few defaults depend on other keys (the home Region, whether Control Tower is in use); the schema leaves
 * them unset and `resolveDefaults` (resolve.ts) fills them in, so the resolved {@link Blueprint} type has them.
 */
import { z } from 'zod';
import { isRegionCode } from '../catalog/regions.js';

/** What kind of value a schema holds, when validation needs to say more than "wrong type". */
export type SchemaKind = 'account-id' | 'region' | 'ou-name';

/** A 12-digit AWS account ID, always a string (YAML drops leading zeros from unquoted numbers). */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** AWS Organizations organization ID, e.g. `o-a1b2c3d4e5`. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;

/** IAM role name (1–64 characters of letters, digits and `+=,.@_-`). */
const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

/**
 * CloudTrail trail name: letters, digits, `._-`, starting and ending with a letter or digit, no adjacent
 * punctuation, 3–128 characters.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html
 */
const TRAIL_NAME_PATTERN = /^(?=.{3,128}$)[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

/** AWS Config organization conformance pack name. */
const CONFORMANCE_PACK_NAME_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;

/**
 * Alternate contact constraints of `account:PutAlternateContact`.
 * https://docs.aws.amazon.com/accounts/latest/reference/API_AlternateContact.html
 */
const CONTACT_EMAIL_PATTERN = /^[\w+=.#|!&-]+@[\w.-]+\.\w+$/;
const CONTACT_PHONE_PATTERN = /^[\s0-9()+-]+$/;

/**
 * Retention periods CloudWatch Logs accepts.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Built-in service control policies sra-kit ships. */
export const BUILTIN_SCPS = [
  'deny-leave-organization',
  'protect-security-services',
  'protect-log-archive',
  'deny-root-user',
  'region-deny',
] as const;

/** Built-in resource control policies sra-kit ships. */
export const BUILTIN_RCPS = ['require-tls', 'org-only-access', 'confused-deputy-protection'] as const;

/** GuardDuty protection plans sra-kit can turn on (SRA: all of them). */
export const GUARDDUTY_PROTECTION_PLANS = [
  's3',
  'eks-audit-logs',
  'ebs-malware',
  'rds-login',
  'lambda-network',
  'runtime-monitoring',
] as const;

/**
 * Security Hub standards sra-kit can enable.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html
 */
export const SECURITY_HUB_STANDARDS = [
  'fsbp',
  'cis-1.2.0',
  'cis-1.4.0',
  'cis-3.0.0',
  'cis-5.0.0',
  'nist-800-53-r5',
  'nist-800-171-r2',
  'pci-dss-3.2.1',
  'pci-dss-4.0.1',
  'aws-resource-tagging',
] as const;

/** Amazon Inspector scan types. */
export const INSPECTOR_SCAN_TYPES = ['ec2', 'ecr', 'lambda', 'lambda-code'] as const;

/** Finding severities used for alerting thresholds. */
export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;

/** A 12-digit account ID field. */
function accountId(description: string) {
  return z.string().regex(ACCOUNT_ID_PATTERN).meta({ description, sraKind: 'account-id' });
}

/** An AWS Region code field, checked against the catalog of known Regions. */
function regionCode(description: string) {
  return z.string().refine(isRegionCode).meta({ description, sraKind: 'region' });
}

/** The name of an organizational unit declared in `organization.organizationalUnits`. */
function ouName(description: string) {
  return z.string().min(1).max(128).meta({ description, sraKind: 'ou-name' });
}

/** Adds a `duplicate-entry` issue for every element whose key was already seen earlier in the list. */
function noDuplicates<T>(key: (item: T) => unknown, what: string) {
  return (items: T[], ctx: z.RefinementCtx<T[]>) => {
    const seen = new Map<unknown, number>();
    items.forEach((item, i) => {
      const k = key(item);
      const first = seen.get(k);
      if (first === undefined) {
        seen.set(k, i);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: [i],
        input: item,
        message: `duplicate ${what} ${JSON.stringify(k)} (already listed at index ${first})`,
        params: { code: 'duplicate-entry', hint: `remove the duplicate; each ${what} may appear once` },
      });
    });
  };
}

/** A list whose elements must be distinct. */
function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).superRefine(noDuplicates<z.output<T>>((x) => x, what));
}

/**
 * The one targeting shape used by every feature that can apply to a subset of the organization. All lists
 * are optional; the default is the whole organization in every governed Region.
 */
export const targetsSchema = z
  .strictObject({
    ous: uniqueList(
      ouName('An organizational unit (by name) whose accounts, including those of nested OUs, are targeted.'),
      'OU',
    )
      .default([])
      .describe(
        'Organizational units (by name, from organization.organizationalUnits) to target. With neither ous nor accounts, the whole organization is targeted.',
      ),
    accounts: uniqueList(accountId('An account targeted individually.'), 'account')
      .default([])
      .describe('Individual accounts to target, in addition to the accounts of `ous`.'),
    excludeAccounts: uniqueList(accountId('An account left out.'), 'account')
      .default([])
      .describe('Accounts left out even though an OU or the whole organization is targeted.'),
    excludeRegions: uniqueList(regionCode('A governed Region left out.'), 'Region')
      .default([])
      .describe('Governed Regions where the feature is not applied.'),
  })
  .describe(
    'Where the feature applies. Default: every account of the organization, in every governed Region.',
  );

/** A `targets` field defaulting to the whole organization. */
const targets = () => targetsSchema.prefault({});

/** One organizational unit of the blueprint. */
const organizationalUnitSchema = z
  .strictObject({
    name: ouName('Name of the OU; targeting and account placement refer to it.'),
    parent: ouName('Name of the parent OU; omit for an OU directly under the root.').optional(),
    accounts: uniqueList(accountId('An account placed in this OU.'), 'account')
      .default([])
      .describe('Accounts that sit in this OU.'),
  })
  .describe('An organizational unit, referenced by name elsewhere in the blueprint.');

const organizationSchema = z
  .strictObject({
    id: z
      .string()
      .regex(ORGANIZATION_ID_PATTERN)
      .optional()
      .describe(
        'The AWS Organizations organization ID (o-…). When set, `sra apply` refuses to touch any other organization.',
      ),
    managementAccount: accountId(
      'The management account. It keeps Organizations, policies, the organization trail and Identity Center, and is never a delegated administrator.',
    ),
    homeRegion: regionCode(
      'The home Region: aggregators, global-resource recording and cross-Region finding aggregation live here. Must be governed.',
    ),
    governedRegions: uniqueList(
      regionCode('A Region where regional security services are configured.'),
      'Region',
    )
      .min(1)
      .describe('Regions where sra-kit configures regional security services. Includes the home Region.'),
    memberRoleName: z
      .string()
      .regex(ROLE_NAME_PATTERN)
      .optional()
      .describe(
        'Role sra-kit assumes in member accounts. Defaults to AWSControlTowerExecution under Control Tower, else OrganizationAccountAccessRole.',
      ),
    controlTower: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe('The organization runs an AWS Control Tower landing zone; sra-kit coexists with it.'),
        version: z
          .string()
          .regex(/^\d+\.\d+$/)
          .optional()
          .describe(
            'Landing zone version, e.g. "3.3". Version 4.0 made the CloudTrail and Config integrations optional.',
          ),
        managesCloudTrail: z
          .boolean()
          .default(true)
          .describe('Control Tower runs its own organization trail (always true before landing zone 4.0).'),
        managesConfig: z
          .boolean()
          .default(true)
          .describe(
            'Control Tower owns the Config recorders of enrolled accounts (always true before landing zone 4.0); sra-kit never touches them.',
          ),
      })
      .prefault({})
      .describe('AWS Control Tower coexistence.'),
    organizationalUnits: z
      .array(organizationalUnitSchema)
      .superRefine(noDuplicates<{ name: string }>((ou) => ou.name, 'OU name'))
      .default([])
      .describe('Organizational units, so targeting can name them and accounts can be placed in them.'),
  })
  .describe('The AWS Organization: management account, Regions, Control Tower and OU layout.');

const workloadSchema = z
  .strictObject({
    id: accountId('The workload account ID.'),
    name: z.string().min(1).max(50).optional().describe('A human name for the account.'),
    ou: ouName('The OU (by name) the account sits in.').optional(),
  })
  .describe('A workload (application) account.');

const accountsSchema = z
  .strictObject({
    securityTooling: accountId(
      'Security Tooling (Control Tower: "Audit"): delegated administrator of the security services.',
    ),
    logArchive: accountId(
      'Log Archive: central, immutable log storage; Security Lake delegated administrator.',
    ),
    network: accountId(
      'Network account: VPC ingress/egress/inspection, Network Firewall, DNS Firewall.',
    ).optional(),
    sharedServices: accountId(
      'Shared Services: Systems Manager and Identity Center delegated administrator.',
    ).optional(),
    forensics: accountId('Forensics: isolated account for investigation copies.').optional(),
    generativeAi: accountId(
      'Generative AI account: Bedrock with guardrails and invocation logging.',
    ).optional(),
    workloads: z
      .array(workloadSchema)
      .superRefine(noDuplicates<{ id: string }>((w) => w.id, 'workload account'))
      .default([])
      .describe('Workload accounts known to the blueprint (targets may name them).'),
  })
  .describe('Which account holds each SRA role. One account per role.');

/** A service, resource or declarative control policy reference: a built-in policy or a policy file. */
function policySchema<const B extends readonly [string, ...string[]]>(builtins: B, kind: string) {
  return z
    .strictObject({
      name: z.string().min(1).max(128).describe(`Name of the ${kind} in AWS Organizations.`),
      description: z.string().max(512).optional().describe('Description stored with the policy.'),
      builtin: z.enum(builtins).optional().describe(`A built-in ${kind} shipped with sra-kit.`),
      file: z
        .string()
        .min(1)
        .optional()
        .describe(
          'Path (relative to the blueprint) of a JSON policy document. Exactly one of builtin or file.',
        ),
      targets: targets(),
    })
    .superRefine((policy, ctx) => {
      if (policy.builtin !== undefined && policy.file !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['file'],
          input: policy.file,
          message: `policy "${policy.name}" sets both builtin and file`,
          params: { code: 'conflicting-options', hint: 'keep exactly one of builtin or file' },
        });
      } else if (policy.builtin === undefined && policy.file === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          input: policy,
          message: `policy "${policy.name}" needs either builtin or file`,
          params: { code: 'missing-key', hint: `builtin is one of: ${builtins.join(', ')}` },
        });
      }
    })
    .describe(`A ${kind}: exactly one of builtin or file, attached at targets.`);
}

const contactSchema = z
  .strictObject({
    name: z.string().min(1).max(64).describe('Contact name.'),
    title: z.string().min(1).max(50).describe('Contact title.'),
    email: z.string().max(254).regex(CONTACT_EMAIL_PATTERN).describe('Contact email address.'),
    phone: z.string().min(1).max(25).regex(CONTACT_PHONE_PATTERN).describe('Contact phone number.'),
  })
  .describe('An alternate contact.');

const governanceSchema = z
  .strictObject({
    serviceControlPolicies: z
      .array(policySchema(BUILTIN_SCPS, 'service control policy'))
      .superRefine(noDuplicates<{ name: string }>((p) => p.name, 'policy name'))
      .default([])
      .describe('Service control policies and where they attach (default target: the root).'),
    resourceControlPolicies: z
      .array(policySchema(BUILTIN_RCPS, 'resource control policy'))
      .superRefine(noDuplicates<{ name: string }>((p) => p.name, 'policy name'))
      .default([])
      .describe('Resource control policies and where they attach (default target: the root).'),
    alternateContacts: z
      .strictObject({
        security: contactSchema.optional().describe('Security alternate contact set on every account.'),
        billing: contactSchema.optional().describe('Billing alternate contact set on every account.'),
        operations: contactSchema.optional().describe('Operations alternate contact set on every account.'),
      })
      .prefault({})
      .describe('Alternate contacts set on every account (SRA: security, billing and operations).'),
    declarativePolicies: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            'Enforce the EC2 baseline of infrastructureProtection (IMDSv2, snapshot block public access) with an EC2 declarative policy.',
          ),
        targets: targets(),
      })
      .prefault({})
      .describe('EC2 declarative policy enforcing the infrastructure baseline at the organization level.'),
  })
  .describe('Security governance: organization policies and account contacts.');

const assuranceSchema = z
  .strictObject({
    config: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe('Record configuration with AWS Config in every targeted account.'),
        recordAllResources: z.boolean().default(true).describe('Record every supported resource type.'),
        globalResourcesRegion: regionCode(
          'The one Region that records global resource types (IAM). Defaults to the home Region.',
        ).optional(),
        deliveryFrequency: z
          .enum(['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'])
          .default('TwentyFour_Hours')
          .describe('How often configuration snapshots are delivered to Log Archive.'),
        aggregator: z
          .strictObject({
            enabled: z
              .boolean()
              .default(true)
              .describe('Organization aggregator in Security Tooling over all accounts and Regions.'),
          })
          .prefault({})
          .describe('The organization Config aggregator.'),
        conformancePacks: z
          .array(
            z
              .strictObject({
                name: z
                  .string()
                  .regex(CONFORMANCE_PACK_NAME_PATTERN)
                  .describe('Organization conformance pack name.'),
                template: z
                  .string()
                  .min(1)
                  .describe('Path (relative to the blueprint) of the pack template.'),
              })
              .describe('An organization conformance pack.'),
          )
          .superRefine(noDuplicates<{ name: string }>((p) => p.name, 'conformance pack'))
          .default([])
          .describe('Organization conformance packs deployed from Security Tooling.'),
        targets: targets(),
      })
      .prefault({})
      .describe('AWS Config recording, delivery and aggregation.'),
    securityHub: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Enable Security Hub across the organization.'),
        configuration: z
          .enum(['central', 'local'])
          .default('central')
          .describe(
            'central: configuration policies from the delegated administrator (SRA); local: per account.',
          ),
        standards: uniqueList(z.enum(SECURITY_HUB_STANDARDS), 'standard')
          .default(['fsbp'])
          .describe('Security standards to enable. SRA: AWS Foundational Security Best Practices.'),
        aggregatorRegion: regionCode(
          'Region of the cross-Region finding aggregator. Defaults to the home Region.',
        ).optional(),
        targets: targets(),
      })
      .prefault({})
      .describe('AWS Security Hub: standards, central configuration and finding aggregation.'),
    auditManager: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe('Enable Audit Manager with Security Tooling as administrator.'),
      })
      .prefault({})
      .describe('AWS Audit Manager.'),
  })
  .describe('Security assurance: configuration recording and compliance checks.');

const identitySchema = z
  .strictObject({
    accessAnalyzer: z
      .strictObject({
        external: z
          .boolean()
          .default(true)
          .describe('Organization external-access analyzer in every governed Region.'),
        unusedAccess: z
          .strictObject({
            enabled: z
              .boolean()
              .default(false)
              .describe('Organization unused-access analyzer (a paid feature).'),
            unusedAccessAgeDays: z
              .number()
              .int()
              .min(1)
              .max(365)
              .default(90)
              .describe(
                'Days without use before access is reported as unused (1–365). https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_UnusedAccessConfiguration.html',
              ),
          })
          .prefault({})
          .describe('Organization unused-access analyzer.'),
      })
      .prefault({})
      .describe('IAM Access Analyzer.'),
    passwordPolicy: z
      .strictObject({
        minimumLength: z.number().int().min(6).max(128).default(14).describe('Minimum password length.'),
        maxAgeDays: z.number().int().min(1).max(1095).default(90).describe('Days before a password expires.'),
        reusePrevention: z
          .number()
          .int()
          .min(1)
          .max(24)
          .default(24)
          .describe('Number of previous passwords that cannot be reused.'),
        requireUppercase: z.boolean().default(true).describe('Require an uppercase letter.'),
        requireLowercase: z.boolean().default(true).describe('Require a lowercase letter.'),
        requireNumbers: z.boolean().default(true).describe('Require a digit.'),
        requireSymbols: z.boolean().default(true).describe('Require a symbol.'),
        allowUsersToChange: z.boolean().default(true).describe('IAM users may change their own password.'),
        hardExpiry: z
          .boolean()
          .default(false)
          .describe('Expired passwords can only be reset by an administrator.'),
      })
      .prefault({})
      .describe('IAM account password policy set on every account.'),
    rootAccess: z
      .enum(['centralized', 'unmanaged'])
      .default('centralized')
      .describe(
        'centralized: member accounts have no root credentials (centralized root access management).',
      ),
    identityCenter: z
      .strictObject({
        delegatedAdministrator: z
          .enum(['shared-services', 'none'])
          .default('shared-services')
          .describe(
            'Account that administers IAM Identity Center: Shared Services (SRA) or none (management).',
          ),
      })
      .optional()
      .describe('IAM Identity Center (the organization instance lives in the management account).'),
  })
  .describe('Identity and access management.');

const threatDetectionSchema = z
  .strictObject({
    guardduty: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe('Enable GuardDuty for every targeted account and Region.'),
        protectionPlans: z
          .union([z.literal('all'), uniqueList(z.enum(GUARDDUTY_PROTECTION_PLANS), 'protection plan')])
          .default('all')
          .describe(
            `"all" or a list of protection plans (${GUARDDUTY_PROTECTION_PLANS.join(', ')}). SRA: all.`,
          ),
        findingPublishingFrequency: z
          .enum(['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'])
          .default('FIFTEEN_MINUTES')
          .describe('How often updated findings are published.'),
        exportFindings: z
          .boolean()
          .default(true)
          .describe('Export findings to Log Archive, encrypted with a KMS key.'),
        targets: targets(),
      })
      .prefault({})
      .describe('Amazon GuardDuty.'),
    cloudtrail: z
      .strictObject({
        organizationTrail: z
          .strictObject({
            enabled: z
              .boolean()
              .default(true)
              .describe('An organization trail owned by the management account.'),
            name: z.string().regex(TRAIL_NAME_PATTERN).default('sra-org-trail').describe('Trail name.'),
            multiRegion: z.boolean().default(true).describe('Record every Region.'),
            managementEvents: z
              .boolean()
              .default(true)
              .describe(
                'Record management events. Turn off for a data-events-only trail beside Control Tower.',
              ),
            logFileValidation: z.boolean().default(true).describe('Log file integrity validation.'),
            kms: z.boolean().default(true).describe('Encrypt log files with a KMS key.'),
            cloudWatchLogs: z
              .strictObject({
                enabled: z.boolean().default(true).describe('Also deliver events to CloudWatch Logs.'),
                retentionDays: z
                  .literal(LOG_RETENTION_DAYS)
                  .default(400)
                  .describe('Log group retention, one of the values CloudWatch Logs accepts.'),
              })
              .prefault({})
              .describe('CloudWatch Logs delivery.'),
            dataEvents: z
              .strictObject({
                s3: z.boolean().default(false).describe('Record S3 object-level data events.'),
                lambda: z.boolean().default(false).describe('Record Lambda invoke data events.'),
              })
              .prefault({})
              .describe('Data events (billed per event).'),
          })
          .prefault({})
          .describe('The organization trail.'),
      })
      .prefault({})
      .describe('AWS CloudTrail.'),
    securityLake: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe('Amazon Security Lake with Log Archive as administrator.'),
        acknowledgeCost: z
          .boolean()
          .default(false)
          .describe('Required to enable Security Lake: you have reviewed its ingestion and storage pricing.'),
        targets: targets(),
      })
      .prefault({})
      .describe('Amazon Security Lake.'),
  })
  .describe('Threat detection: GuardDuty, logging and the security data lake.');

const vulnerabilityManagementSchema = z
  .strictObject({
    inspector: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe('Enable Amazon Inspector for every targeted account and Region.'),
        scanTypes: uniqueList(z.enum(INSPECTOR_SCAN_TYPES), 'scan type')
          .min(1)
          .default([...INSPECTOR_SCAN_TYPES])
          .describe('Scan types to activate. lambda-code requires lambda.'),
        targets: targets(),
      })
      .prefault({})
      .describe('Amazon Inspector.'),
  })
  .describe('Vulnerability management.');

const infrastructureProtectionSchema = z
  .strictObject({
    ebsSnapshotBlockPublicAccess: z
      .boolean()
      .default(true)
      .describe('Block public sharing of EBS snapshots in every account and governed Region.'),
    imdsV2Default: z
      .boolean()
      .default(true)
      .describe('New EC2 instances require IMDSv2 by default in every account and governed Region.'),
    firewallManager: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            'Firewall Manager with Security Tooling as administrator (set in us-east-1). Needs AWS Config.',
          ),
      })
      .prefault({})
      .describe('AWS Firewall Manager.'),
    shieldAdvanced: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Subscribe to AWS Shield Advanced.'),
        acknowledgeCost: z
          .boolean()
          .default(false)
          .describe('Required to enable Shield Advanced: a monthly fee with a one-year commitment.'),
      })
      .prefault({})
      .describe('AWS Shield Advanced.'),
    dnsFirewall: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Route 53 Resolver DNS Firewall on targeted VPCs.'),
        targets: targets(),
      })
      .prefault({})
      .describe('Route 53 Resolver DNS Firewall.'),
    networkFirewall: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe('AWS Network Firewall in the Network account inspection VPC. Needs accounts.network.'),
      })
      .prefault({})
      .describe('AWS Network Firewall.'),
  })
  .describe('Infrastructure protection: EC2 and network baselines.');

const dataProtectionSchema = z
  .strictObject({
    s3BlockPublicAccess: z
      .boolean()
      .default(true)
      .describe('Account-level S3 Block Public Access, all four settings, in every account.'),
    ebsEncryptionByDefault: z
      .boolean()
      .default(true)
      .describe('EBS encryption by default in every account and governed Region.'),
    macie: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe('Enable Amazon Macie for every targeted account and Region.'),
        exportFindings: z.boolean().default(true).describe('Export findings to Log Archive.'),
        targets: targets(),
      })
      .prefault({})
      .describe('Amazon Macie.'),
    kms: z
      .strictObject({
        keyRotation: z
          .boolean()
          .default(true)
          .describe('Automatic yearly rotation of the keys sra-kit creates.'),
        pendingWindowDays: z
          .number()
          .int()
          .min(7)
          .max(30)
          .default(30)
          .describe('Waiting period before a scheduled key deletion (7–30 days).'),
      })
      .prefault({})
      .describe('KMS keys sra-kit creates for trails and finding exports.'),
    logArchive: z
      .strictObject({
        // Object Lock needs versioning (sra-kit turns it on first) and can be added to an existing bucket
        // with PutObjectLockConfiguration; once on, it can never be turned off again.
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
        // Only the central log bucket is locked: a server access logging target bucket must not have a
        // default retention, so the access-log bucket stays without one.
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
        objectLock: z
          .strictObject({
            enabled: z
              .boolean()
              .default(true)
              .describe(
                'Turn on S3 Object Lock (write-once retention) on the central log bucket. Irreversible: S3 ' +
                  'cannot turn Object Lock off again, so `false` never removes an existing lock.',
              ),
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-overview.html#object-lock-retention-modes
            mode: z
              .enum(['GOVERNANCE', 'COMPLIANCE'])
              .default('GOVERNANCE')
              .describe(
                'Default retention mode of new log objects. GOVERNANCE: principals granted ' +
                  's3:BypassGovernanceRetention can still shorten the retention or delete a version (recoverable ' +
                  'mistakes, weaker against a stolen admin credential). COMPLIANCE: nobody, the root user ' +
                  'included, can shorten or remove the retention of an object version until it expires (strongest ' +
                  'evidence protection; storage cost cannot be cut early).',
              ),
            retentionDays: z
              .number()
              .int()
              .min(1)
              .max(36500)
              .default(365)
              .describe(
                'Default retention period in days (1–36,500) applied to each new log object version. Longer ' +
                  'protects evidence for longer but every locked version is stored (and billed) until it expires.',
              ),
          })
          .prefault({})
          .describe('S3 Object Lock default retention of the central log bucket (FSBP S3.15, S3.20).'),
      })
      .prefault({})
      .describe('The central log archive buckets in the Log Archive account.'),
  })
  .describe('Data protection: encryption and public-access defaults, sensitive data discovery.');

const applicationSecuritySchema = z
  .strictObject({
    codeSecurity: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            'Amazon Inspector code security for source repositories. Needs vulnerabilityManagement.inspector.',
          ),
      })
      .prefault({})
      .describe('Amazon Inspector code security.'),
    wafLogging: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Deliver AWS WAF web ACL logs to Log Archive.'),
        targets: targets(),
      })
      .prefault({})
      .describe('AWS WAF logging.'),
  })
  .describe('Application security: code scanning and web application firewall logging.');

const incidentResponseSchema = z
  .strictObject({
    detective: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe('Amazon Detective with Security Tooling as administrator. Needs GuardDuty.'),
        targets: targets(),
      })
      .prefault({})
      .describe('Amazon Detective.'),
    alerting: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe('EventBridge rule and SNS topic in Security Tooling for findings.'),
        minimumSeverity: z.enum(SEVERITIES).default('high').describe('Lowest severity that raises an alert.'),
        email: z.email().optional().describe('Email address subscribed to the alert topic.'),
      })
      .prefault({})
      .describe('Finding alerts.'),
    securityIncidentResponse: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe('AWS Security Incident Response with Security Tooling as administrator.'),
      })
      .prefault({})
      .describe('AWS Security Incident Response.'),
  })
  .describe('Incident response: investigation and alerting.');

/** The blueprint schema as written in `sra.yaml` (before home-Region dependent defaults are resolved). */
export const blueprintSchema = z
  .strictObject({
    version: z.literal(1).default(1).describe('Blueprint format version. Only 1 exists.'),
    organization: organizationSchema,
    accounts: accountsSchema,
    governance: governanceSchema.prefault({}),
    assurance: assuranceSchema.prefault({}),
    identity: identitySchema.prefault({}),
    threatDetection: threatDetectionSchema.prefault({}),
    vulnerabilityManagement: vulnerabilityManagementSchema.prefault({}),
    infrastructureProtection: infrastructureProtectionSchema.prefault({}),
    dataProtection: dataProtectionSchema.prefault({}),
    applicationSecurity: applicationSecuritySchema.prefault({}),
    incidentResponse: incidentResponseSchema.prefault({}),
  })
  .describe('An sra-kit blueprint.');

/** Blueprint input as written in YAML (every defaulted key optional). */
export type BlueprintInput = z.input<typeof blueprintSchema>;

/** Blueprint after schema parsing, before dependent defaults are resolved. */
export type ParsedBlueprint = z.output<typeof blueprintSchema>;

/** The targeting shape after parsing (every list present). */
export type Targets = z.output<typeof targetsSchema>;

/** A top-level key of the blueprint. */
export type BlueprintSection = keyof ParsedBlueprint;

/**
 * The fully defaulted, resolved blueprint: every SRA default applied, including those that depend on other
 * keys (member role name, global-resources Region, Security Hub aggregator Region).
 */
export type Blueprint = Omit<ParsedBlueprint, 'organization' | 'assurance'> & {
  organization: ParsedBlueprint['organization'] & { memberRoleName: string };
  assurance: Omit<ParsedBlueprint['assurance'], 'config' | 'securityHub'> & {
    config: ParsedBlueprint['assurance']['config'] & { globalResourcesRegion: string };
    securityHub: ParsedBlueprint['assurance']['securityHub'] & { aggregatorRegion: string };
  };
};

/** Top-level keys of the blueprint, in schema (and starter file) order. */
export const BLUEPRINT_SECTIONS = Object.keys(blueprintSchema.shape) as BlueprintSection[];
