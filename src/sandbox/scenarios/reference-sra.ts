/**
 * A reference SRA deployment written as plain SDK calls, used by scenarios that need an organization
 * where the SRA is already in place (drifted, half-deployed). It is deliberately independent of
 * sra-kit's own engine, so tests can compare what the engine builds with what this script builds.
 * Order of operations follows SRA.md §3: Organizations → trusted access and delegated admins (per
 * Region) → from the delegated admin: organization configuration and members → the per-account baseline.
 */
import { AccountClient, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { AccessAnalyzerClient, CreateAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import {
  CloudTrailClient,
  CreateTrailCommand,
  RegisterOrganizationDelegatedAdminCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  PutConfigurationAggregatorCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import {
  CreateFlowLogsCommand,
  CreateNetworkAclEntryCommand,
  CreateTransitGatewayCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  EnableImageBlockPublicAccessCommand,
  EnableSnapshotBlockPublicAccessCommand,
  ModifyInstanceMetadataDefaultsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateFirewallCommand,
  CreateFirewallPolicyCommand,
  CreateRuleGroupCommand,
  NetworkFirewallClient,
  UpdateLoggingConfigurationCommand,
} from '@aws-sdk/client-network-firewall';
import {
  AssociateFirewallRuleGroupCommand,
  AssociateResolverQueryLogConfigCommand,
  CreateFirewallDomainListCommand,
  CreateFirewallRuleCommand,
  CreateFirewallRuleGroupCommand,
  CreateResolverQueryLogConfigCommand,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { SSMClient, UpdateServiceSettingCommand } from '@aws-sdk/client-ssm';
import {
  CreateMembersCommand,
  CreatePublishingDestinationCommand,
  EnableOrganizationAdminAccountCommand as EnableGuardDutyAdminCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  CreateDetectorCommand,
  UpdateDetectorCommand,
  UpdateOrganizationConfigurationCommand as UpdateGuardDutyOrgConfigCommand,
  type DetectorFeatureConfiguration,
  type OrganizationFeatureConfiguration,
} from '@aws-sdk/client-guardduty';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  Inspector2Client,
  AssociateMemberCommand,
  EnableDelegatedAdminAccountCommand,
  EnableCommand as EnableInspectorCommand,
  UpdateOrganizationConfigurationCommand as UpdateInspectorOrgConfigCommand,
} from '@aws-sdk/client-inspector2';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  EnableKeyRotationCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import {
  CreateMemberCommand as CreateMacieMemberCommand,
  EnableOrganizationAdminAccountCommand as EnableMacieAdminCommand,
  Macie2Client,
  PutClassificationExportConfigurationCommand,
  PutFindingsPublicationConfigurationCommand,
  UpdateAutomatedDiscoveryConfigurationCommand,
  UpdateOrganizationConfigurationCommand as UpdateMacieOrgConfigCommand,
} from '@aws-sdk/client-macie2';
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketLoggingCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import {
  PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import {
  CreateConfigurationPolicyCommand,
  CreateFindingAggregatorCommand,
  EnableOrganizationAdminAccountCommand as EnableSecurityHubAdminCommand,
  SecurityHubClient,
  StartConfigurationPolicyAssociationCommand,
  UpdateOrganizationConfigurationCommand as UpdateSecurityHubOrgConfigCommand,
} from '@aws-sdk/client-securityhub';
import type { Sandbox } from '../core/sandbox.js';
import { removeRootCredentials, setRootMfa } from '../services/iam.js';
import { adminClient, allAccounts, type ScenarioLayout, type SdkClientCtor } from './layout.js';

/** The GuardDuty protection plans the SRA turns on (SRA.md §6). */
export const SRA_GUARDDUTY_FEATURES = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'LAMBDA_NETWORK_LOGS',
  'RUNTIME_MONITORING',
] as const;

/** ARN of the Security Hub FSBP standard in a Region. */
export function fsbpStandardArn(region: string): string {
  return `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

/** Names of the resources the reference deployment creates. */
export function referenceNames(layout: ScenarioLayout) {
  return {
    bucket: `sra-logs-${layout.logArchiveId}-${layout.homeRegion}`,
    accessLogBucket: `sra-access-logs-${layout.logArchiveId}-${layout.homeRegion}`,
    keyAlias: 'alias/sra-logs',
    trail: 'sra-org-trail',
    recorder: 'sra-recorder',
    deliveryChannel: 'sra-delivery',
    aggregator: 'sra-org-aggregator',
    analyzer: 'sra-org-analyzer',
  };
}

/** What {@link deployReferenceSra} created, for scenarios that drift it afterwards. */
export interface ReferenceDeployment {
  /** ARN of the KMS key in the log archive account (home Region). */
  logKeyArn: string;
  /** Name of the central log bucket. */
  bucket: string;
  /** Name of the organization trail. */
  trail: string;
}

/** Options of {@link deployReferenceSra}. */
export interface ReferenceOptions {
  /** Skip the Config recorder in accounts where Control Tower owns it. @default false */
  configOwnedByControlTower?: boolean;
  /** Skip the organization trail (Control Tower has one). @default false */
  skipTrail?: boolean;
}

/** Deploys the SRA foundation into the scenario organization with plain SDK calls. */
export async function deployReferenceSra(
  sandbox: Sandbox,
  layout: ScenarioLayout,
  options: ReferenceOptions = {},
): Promise<ReferenceDeployment> {
  const home = layout.homeRegion;
  const mgmt = layout.managementAccountId;
  const audit = layout.securityToolingId;
  const logs = layout.logArchiveId;
  const names = referenceNames(layout);
  const accounts = allAccounts(layout);
  const c = <C extends object>(Ctor: SdkClientCtor<C>, account: string, region = home): C =>
    adminClient(sandbox, Ctor, account, region);

  // 1. Organizations: policy types, trusted access, delegated admins registered through Organizations.
  const orgs = c(OrganizationsClient, mgmt);
  const rootId = (await orgs.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  for (const PolicyType of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const) {
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType }));
  }
  for (const p of [
    'cloudtrail.amazonaws.com',
    'config.amazonaws.com',
    'config-multiaccountsetup.amazonaws.com',
    'access-analyzer.amazonaws.com',
    'account.amazonaws.com',
  ]) {
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: p }));
  }
  for (const p of ['config.amazonaws.com', 'access-analyzer.amazonaws.com']) {
    await orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: audit, ServicePrincipal: p }));
  }
  // Guardrails in use: one customer SCP and one customer RCP attached to the root.
  for (const g of referenceGuardrails()) {
    const created = await orgs.send(
      new CreatePolicyCommand({ Name: g.name, Description: g.description, Type: g.type, Content: g.content }),
    );
    await orgs.send(
      new AttachPolicyCommand({ PolicyId: created.Policy?.PolicySummary?.Id ?? '', TargetId: rootId }),
    );
  }
  // Centralized root access (identity.rootAccess: centralized): trusted access for IAM, then both features.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
  await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'iam.amazonaws.com' }));
  await c(IAMClient, mgmt).send(new EnableOrganizationsRootCredentialsManagementCommand({}));
  await c(IAMClient, mgmt).send(new EnableOrganizationsRootSessionsCommand({}));

  // 2. The log chain: KMS key and bucket in the log archive account admitting the services.
  const kms = c(KMSClient, logs);
  const key = await kms.send(
    new CreateKeyCommand({ Description: 'SRA central log encryption', Policy: logKeyPolicy(layout) }),
  );
  const logKeyArn = key.KeyMetadata?.Arn ?? '';
  await kms.send(new EnableKeyRotationCommand({ KeyId: logKeyArn }));
  await kms.send(new CreateAliasCommand({ AliasName: names.keyAlias, TargetKeyId: key.KeyMetadata?.KeyId }));
  const s3 = c(S3Client, logs);
  await s3.send(
    new CreateBucketCommand({
      Bucket: names.bucket,
      ...(home === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: home as BucketLocationConstraint } }),
    }),
  );
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: names.bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: names.bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [
          { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: logKeyArn } },
        ],
      },
    }),
  );
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: names.bucket,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await s3.send(
    new PutBucketPolicyCommand({ Bucket: names.bucket, Policy: logBucketPolicy(layout, names.bucket) }),
  );
  // Immutable logs: Object Lock with a default retention on the (versioned) central bucket (S3.15).
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: names.bucket,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } },
      },
    }),
  );
  // Server access logs of the central bucket (S3.9, CIS 3.4) go to a separate bucket of the same account
  // and Region, encrypted with SSE-S3 and without Object Lock retention, as S3 requires of log targets.
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
  await s3.send(
    new CreateBucketCommand({
      Bucket: names.accessLogBucket,
      ...(home === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: home as BucketLocationConstraint } }),
    }),
  );
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: names.accessLogBucket,
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: names.accessLogBucket,
      Policy: accessLogBucketPolicy(layout, names.accessLogBucket),
    }),
  );
  await s3.send(
    new PutBucketLoggingCommand({
      Bucket: names.bucket,
      BucketLoggingStatus: {
        LoggingEnabled: { TargetBucket: names.accessLogBucket, TargetPrefix: `${names.bucket}/` },
      },
    }),
  );

  // 3. Organization trail from the management account; security tooling is CloudTrail's delegated admin.
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
  await c(CloudTrailClient, mgmt).send(
    new RegisterOrganizationDelegatedAdminCommand({ MemberAccountId: audit }),
  );
  if (!options.skipTrail) {
    const ct = c(CloudTrailClient, mgmt);
    await ct.send(
      new CreateTrailCommand({
        Name: names.trail,
        S3BucketName: names.bucket,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        IsOrganizationTrail: true,
        KmsKeyId: logKeyArn,
        CloudWatchLogsLogGroupArn: `arn:aws:logs:${home}:${mgmt}:log-group:sra-org-trail:*`,
        CloudWatchLogsRoleArn: `arn:aws:iam::${mgmt}:role/sra-cloudtrail-cloudwatch-logs`,
      }),
    );
    await ct.send(new StartLoggingCommand({ Name: names.trail }));
  }

  // 4. Per account and Region: Config, EC2 settings; per account: S3 BPA, password policy, contacts.
  for (const account of accounts) {
    for (const region of layout.governedRegions) {
      if (!options.configOwnedByControlTower || account === mgmt) {
        const cfg = c(ConfigServiceClient, account, region);
        await cfg.send(
          new PutConfigurationRecorderCommand({
            ConfigurationRecorder: {
              name: names.recorder,
              roleARN: `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
              recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === home },
            },
          }),
        );
        await cfg.send(
          new PutDeliveryChannelCommand({
            DeliveryChannel: {
              name: names.deliveryChannel,
              s3BucketName: names.bucket,
              s3KmsKeyArn: logKeyArn,
            },
          }),
        );
        await cfg.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: names.recorder }));
      }
      await deployAccountBaseline(sandbox, account, region, names.bucket);
    }
    await c(S3ControlClient, account).send(
      new PutAccountPublicAccessBlockCommand({
        AccountId: account,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    await c(IAMClient, account).send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 24,
      }),
    );
    // A role for AWS Support cases (CIS 1.17 / Security Hub IAM.18).
    await c(IAMClient, account).send(
      new CreateRoleCommand({
        RoleName: 'sra-aws-support',
        AssumeRolePolicyDocument: sameAccountTrust(account),
      }),
    );
    await c(IAMClient, account).send(
      new AttachRolePolicyCommand({
        RoleName: 'sra-aws-support',
        PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess',
      }),
    );
    // Root user: a hardware MFA device on the management account's root; member accounts' root
    // credentials removed through centralized root access. Neither has an API the sandbox simulates (the
    // root's own console, sts:AssumeRoot), so the world is set directly.
    if (account === mgmt) setRootMfa(sandbox.world, mgmt, true, 'hardware');
    else removeRootCredentials(sandbox.world, account);
    const acct = c(AccountClient, mgmt);
    for (const type of ['SECURITY', 'BILLING', 'OPERATIONS'] as const) {
      await acct.send(
        new PutAlternateContactCommand({
          ...(account === mgmt ? {} : { AccountId: account }),
          AlternateContactType: type,
          Name: `${type.toLowerCase()} team`,
          Title: `${type.toLowerCase()} contact`,
          EmailAddress: `${type.toLowerCase()}@example.com`,
          PhoneNumber: '+1-555-0100',
        }),
      );
    }
  }
  // Config organization aggregator in the security tooling account.
  await c(ConfigServiceClient, audit).send(
    new PutConfigurationAggregatorCommand({
      ConfigurationAggregatorName: names.aggregator,
      OrganizationAggregationSource: {
        RoleArn: `arn:aws:iam::${audit}:role/sra-config-aggregator`,
        AllAwsRegions: true,
      },
    }),
  );

  // 5. Regional security services administered from the security tooling account.
  const members = accounts.filter((a) => a !== audit);
  for (const region of layout.governedRegions) {
    await deployGuardDuty(sandbox, layout, region, members, logKeyArn, names.bucket);
    // Inspector: the admin must have Inspector on itself before it can add members or change the
    // organization configuration; members are associated before scans are enabled for them.
    // https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html
    await c(Inspector2Client, mgmt, region).send(
      new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: audit }),
    );
    const insp = c(Inspector2Client, audit, region);
    const scanTypes = ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'] as const;
    await insp.send(new EnableInspectorCommand({ accountIds: [audit], resourceTypes: [...scanTypes] }));
    for (const accountId of members) await insp.send(new AssociateMemberCommand({ accountId }));
    // Enable takes at most 100 account ids a call.
    // https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
    for (let i = 0; i < members.length; i += 100) {
      await insp.send(
        new EnableInspectorCommand({ accountIds: members.slice(i, i + 100), resourceTypes: [...scanTypes] }),
      );
    }
    await insp.send(
      new UpdateInspectorOrgConfigCommand({
        autoEnable: { ec2: true, ecr: true, lambda: true, lambdaCode: true },
      }),
    );
    await c(Macie2Client, mgmt, region).send(new EnableMacieAdminCommand({ adminAccountId: audit }));
    const macie = c(Macie2Client, audit, region);
    await macie.send(new UpdateMacieOrgConfigCommand({ autoEnable: true }));
    for (const account of members) {
      const email = sandbox.world.account(account)?.email ?? `${account}@example.com`;
      await macie.send(new CreateMacieMemberCommand({ account: { accountId: account, email } }));
    }
    // Automated sensitive data discovery for the organization (Security Hub control Macie.2).
    // https://docs.aws.amazon.com/macie/latest/APIReference/automated-discovery-configuration.html
    await macie.send(
      new UpdateAutomatedDiscoveryConfigurationCommand({
        status: 'ENABLED',
        autoEnableOrganizationMembers: 'ALL',
      }),
    );
    // Every account: both finding types to Security Hub, discovery results to the log archive bucket under
    // the log key (one bucket may serve every Region; the key must be in the bucket's Region).
    // https://docs.aws.amazon.com/macie/latest/APIReference/classification-export-configuration.html
    for (const account of accounts) {
      const m = c(Macie2Client, account, region);
      await m.send(
        new PutFindingsPublicationConfigurationCommand({
          securityHubConfiguration: { publishPolicyFindings: true, publishClassificationFindings: true },
        }),
      );
      await m.send(
        new PutClassificationExportConfigurationCommand({
          configuration: {
            s3Destination: {
              bucketName: names.bucket,
              expectedBucketOwner: logs,
              keyPrefix: `macie/${account}/`,
              kmsKeyArn: logKeyArn,
            },
          },
        }),
      );
    }
    await c(AccessAnalyzerClient, audit, region).send(
      new CreateAnalyzerCommand({ analyzerName: names.analyzer, type: 'ORGANIZATION' }),
    );
    await c(SecurityHubClient, mgmt, region).send(
      new EnableSecurityHubAdminCommand({ AdminAccountId: audit }),
    );
  }

  // The network account: inspection, DNS Firewall and query logging in every governed Region.
  await deployNetworkAccount(sandbox, layout, names.bucket);

  // 6. Security Hub central configuration from the home Region.
  const hub = c(SecurityHubClient, audit);
  await hub.send(
    new CreateFindingAggregatorCommand(
      layout.governedRegions.length > 1
        ? {
            RegionLinkingMode: 'SPECIFIED_REGIONS',
            Regions: layout.governedRegions.filter((r) => r !== home),
          }
        : { RegionLinkingMode: 'NO_REGIONS' },
    ),
  );
  await hub.send(
    new UpdateSecurityHubOrgConfigCommand({
      AutoEnable: false,
      AutoEnableStandards: 'NONE',
      OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
    }),
  );
  const policy = await hub.send(
    new CreateConfigurationPolicyCommand({
      Name: 'sra-baseline',
      Description: 'SRA baseline: Security Hub on with AWS Foundational Security Best Practices',
      ConfigurationPolicy: {
        SecurityHub: {
          ServiceEnabled: true,
          EnabledStandardIdentifiers: [fsbpStandardArn(home)],
          SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: [] },
        },
      },
    }),
  );
  await hub.send(
    new StartConfigurationPolicyAssociationCommand({
      ConfigurationPolicyIdentifier: policy.Arn ?? policy.Id ?? '',
      Target: { RootId: rootId },
    }),
  );
  return { logKeyArn, bucket: names.bucket, trail: names.trail };
}

async function deployGuardDuty(
  sandbox: Sandbox,
  layout: ScenarioLayout,
  region: string,
  members: string[],
  keyArn: string,
  bucket: string,
): Promise<void> {
  const mgmt = adminClient(sandbox, GuardDutyClient, layout.managementAccountId, region);
  await mgmt.send(new EnableGuardDutyAdminCommand({ AdminAccountId: layout.securityToolingId }));
  const gd = adminClient(sandbox, GuardDutyClient, layout.securityToolingId, region);
  // Runtime Monitoring with GuardDuty-managed agents for EKS, ECS on Fargate and EC2 (SRA.md §6).
  // https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorAdditionalConfiguration.html
  const agents = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'] as const;
  const features: DetectorFeatureConfiguration[] = SRA_GUARDDUTY_FEATURES.map((Name) => ({
    Name,
    Status: 'ENABLED' as const,
    ...(Name === 'RUNTIME_MONITORING'
      ? { AdditionalConfiguration: agents.map((a) => ({ Name: a, Status: 'ENABLED' as const })) }
      : {}),
  }));
  let detectorId = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
  if (!detectorId) {
    detectorId = (
      await gd.send(
        new CreateDetectorCommand({
          Enable: true,
          FindingPublishingFrequency: 'FIFTEEN_MINUTES',
          Features: features,
        }),
      )
    ).DetectorId;
  } else {
    // Designation gives the administrator a detector with GuardDuty's defaults (six-hour frequency,
    // Runtime Monitoring off): bring it to the SRA settings before members inherit the frequency.
    await gd.send(
      new UpdateDetectorCommand({
        DetectorId: detectorId,
        FindingPublishingFrequency: 'FIFTEEN_MINUTES',
        Features: features,
      }),
    );
  }
  const orgFeatures: OrganizationFeatureConfiguration[] = SRA_GUARDDUTY_FEATURES.map((Name) => ({
    Name,
    AutoEnable: 'ALL' as const,
    ...(Name === 'RUNTIME_MONITORING'
      ? { AdditionalConfiguration: agents.map((a) => ({ Name: a, AutoEnable: 'ALL' as const })) }
      : {}),
  }));
  await gd.send(
    new UpdateGuardDutyOrgConfigCommand({
      DetectorId: detectorId,
      AutoEnableOrganizationMembers: 'ALL',
      Features: orgFeatures,
    }),
  );
  for (let i = 0; i < members.length; i += 50) {
    const batch = members.slice(i, i + 50).map((AccountId) => ({
      AccountId,
      Email: sandbox.world.account(AccountId)?.email ?? `${AccountId}@example.com`,
    }));
    await gd.send(new CreateMembersCommand({ DetectorId: detectorId, AccountDetails: batch }));
  }
  await gd.send(
    new CreatePublishingDestinationCommand({
      DetectorId: detectorId,
      DestinationType: 'S3',
      DestinationProperties: { DestinationArn: `arn:aws:s3:::${bucket}`, KmsKeyArn: keyArn },
    }),
  );
}

function logKeyPolicy(layout: ScenarioLayout): string {
  const services = [
    'cloudtrail.amazonaws.com',
    'config.amazonaws.com',
    'guardduty.amazonaws.com',
    'macie.amazonaws.com',
  ];
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'KeyAdministration',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${layout.logArchiveId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'SecurityServicesEncrypt',
        Effect: 'Allow',
        Principal: { Service: services },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceOrgID': layout.organizationId } },
      },
    ],
  });
}

/** Policy of the access-log bucket: TLS only; S3 server access logging may write for the log archive. */
function accessLogBucketPolicy(layout: ScenarioLayout, bucket: string): string {
  const arn = `arn:aws:s3:::${bucket}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'ServerAccessLogsDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${arn}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': layout.logArchiveId } },
      },
    ],
  });
}

/** Services that deliver into the central log bucket (trail, Config, findings exports, VPC and DNS logs). */
const LOG_WRITERS = [
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'guardduty.amazonaws.com',
  'macie.amazonaws.com',
  'delivery.logs.amazonaws.com',
];

function logBucketPolicy(layout: ScenarioLayout, bucket: string): string {
  const arn = `arn:aws:s3:::${bucket}`;
  const org = { StringEquals: { 'aws:SourceOrgID': layout.organizationId } };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'ServicesAclCheck',
        Effect: 'Allow',
        Principal: {
          Service: LOG_WRITERS,
        },
        Action: ['s3:GetBucketAcl', 's3:ListBucket', 's3:GetBucketLocation'],
        Resource: arn,
        Condition: org,
      },
      {
        Sid: 'ServicesWrite',
        Effect: 'Allow',
        Principal: {
          Service: LOG_WRITERS,
        },
        Action: 's3:PutObject',
        Resource: `${arn}/*`,
        Condition: org,
      },
    ],
  });
}

/** Trust policy letting the account's own principals assume a role. */
function sameAccountTrust(account: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' },
    ],
  });
}

/** The customer SCP and RCP the reference deployment attaches to the root. */
function referenceGuardrails(): Array<{
  name: string;
  description: string;
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  content: string;
}> {
  return [
    {
      name: 'sra-protect-baseline',
      description: 'Members cannot leave the organization or switch off the security baseline',
      type: 'SERVICE_CONTROL_POLICY',
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyBaselineTampering',
            Effect: 'Deny',
            Action: [
              'organizations:LeaveOrganization',
              'cloudtrail:StopLogging',
              'cloudtrail:DeleteTrail',
              'config:StopConfigurationRecorder',
              'config:DeleteConfigurationRecorder',
              'guardduty:DeleteDetector',
              'guardduty:DisassociateFromAdministratorAccount',
              'securityhub:DisableSecurityHub',
              'access-analyzer:DeleteAnalyzer',
            ],
            Resource: '*',
          },
        ],
      }),
    },
    {
      name: 'sra-require-tls',
      description: 'Requests to S3, KMS and STS must use TLS',
      type: 'RESOURCE_CONTROL_POLICY',
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: ['s3:*', 'kms:*', 'sts:*'],
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    },
  ];
}

/**
 * The per-account, per-Region baseline of the EC2, Systems Manager and Access Analyzer parts of the SRA:
 * EBS encryption by default, snapshot and AMI block public access, IMDSv2 by default, default security
 * groups without rules (FSBP EC2.2), default network ACLs denying the internet on 22 and 3389 (EC2.21),
 * VPC flow logs to the log archive (EC2.6), an account-level Access Analyzer, and public sharing of SSM
 * documents blocked (SSM.7).
 */
async function deployAccountBaseline(
  sandbox: Sandbox,
  account: string,
  region: string,
  bucket: string,
): Promise<void> {
  const ec2 = adminClient(sandbox, EC2Client, account, region);
  await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
  await ec2.send(new EnableSnapshotBlockPublicAccessCommand({ State: 'block-all-sharing' }));
  await ec2.send(
    new EnableImageBlockPublicAccessCommand({ ImageBlockPublicAccessState: 'block-new-sharing' }),
  );
  await ec2.send(
    new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 }),
  );
  const groups = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }),
  );
  for (const g of groups.SecurityGroups ?? []) {
    if (g.IpPermissions?.length) {
      await ec2.send(
        new RevokeSecurityGroupIngressCommand({ GroupId: g.GroupId, IpPermissions: g.IpPermissions }),
      );
    }
    if (g.IpPermissionsEgress?.length) {
      await ec2.send(
        new RevokeSecurityGroupEgressCommand({ GroupId: g.GroupId, IpPermissions: g.IpPermissionsEgress }),
      );
    }
  }
  const acls = await ec2.send(
    new DescribeNetworkAclsCommand({ Filters: [{ Name: 'default', Values: ['true'] }] }),
  );
  for (const acl of acls.NetworkAcls ?? []) {
    let rule = 50;
    for (const port of [22, 3389]) {
      for (const Protocol of ['6', '17']) {
        await ec2.send(
          new CreateNetworkAclEntryCommand({
            NetworkAclId: acl.NetworkAclId,
            RuleNumber: rule++,
            Protocol,
            RuleAction: 'deny',
            Egress: false,
            CidrBlock: '0.0.0.0/0',
            PortRange: { From: port, To: port },
          }),
        );
      }
    }
  }
  const vpcIds = [...new Set((groups.SecurityGroups ?? []).map((g) => g.VpcId ?? ''))].filter(Boolean);
  if (vpcIds.length) {
    await ec2.send(
      new CreateFlowLogsCommand({
        ResourceType: 'VPC',
        ResourceIds: vpcIds,
        TrafficType: 'ALL',
        LogDestinationType: 's3',
        LogDestination: `arn:aws:s3:::${bucket}/vpc-flow-logs/`,
      }),
    );
  }
  await adminClient(sandbox, AccessAnalyzerClient, account, region).send(
    new CreateAnalyzerCommand({ analyzerName: 'sra-account-analyzer', type: 'ACCOUNT' }),
  );
  await adminClient(sandbox, SSMClient, account, region).send(
    new UpdateServiceSettingCommand({
      SettingId: '/ssm/documents/console/public-sharing-permission',
      SettingValue: 'Disable',
    }),
  );
}

/**
 * The network account, in every governed Region: AWS Network Firewall in its VPC (strict rule order,
 * drop and alert by default, ALERT and FLOW logs to the log archive, deletion and subnet change
 * protection), a transit gateway that does not auto-accept attachments, a Route 53 Resolver DNS Firewall
 * rule group on the VPC, and Resolver query logs to the log archive. The VPC's flow logs come from
 * {@link deployAccountBaseline}.
 */
async function deployNetworkAccount(sandbox: Sandbox, layout: ScenarioLayout, bucket: string): Promise<void> {
  const account = layout.networkId;
  for (const region of layout.governedRegions) {
    const ec2 = adminClient(sandbox, EC2Client, account, region);
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }),
    );
    const vpcId = groups.SecurityGroups?.[0]?.VpcId ?? '';
    await ec2.send(
      new CreateTransitGatewayCommand({
        Description: 'SRA network hub',
        Options: { AutoAcceptSharedAttachments: 'disable' },
      }),
    );
    const nfw = adminClient(sandbox, NetworkFirewallClient, account, region);
    const stateless = await nfw.send(
      new CreateRuleGroupCommand({
        RuleGroupName: 'sra-stateless-forward',
        Type: 'STATELESS',
        Capacity: 10,
        RuleGroup: {
          RulesSource: {
            StatelessRulesAndCustomActions: {
              StatelessRules: [
                {
                  Priority: 1,
                  RuleDefinition: {
                    MatchAttributes: { Sources: [{ AddressDefinition: '0.0.0.0/0' }] },
                    Actions: ['aws:forward_to_sfe'],
                  },
                },
              ],
            },
          },
        },
      }),
    );
    const stateful = await nfw.send(
      new CreateRuleGroupCommand({
        RuleGroupName: 'sra-stateful-egress',
        Type: 'STATEFUL',
        Capacity: 100,
        RuleGroup: {
          RulesSource: {
            RulesString:
              'pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; content:".amazonaws.com"; endswith; sid:1;)',
          },
          StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
        },
      }),
    );
    const policy = await nfw.send(
      new CreateFirewallPolicyCommand({
        FirewallPolicyName: 'sra-inspection',
        FirewallPolicy: {
          StatelessDefaultActions: ['aws:forward_to_sfe'],
          StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
          StatelessRuleGroupReferences: [
            { ResourceArn: stateless.RuleGroupResponse?.RuleGroupArn, Priority: 1 },
          ],
          StatefulRuleGroupReferences: [
            { ResourceArn: stateful.RuleGroupResponse?.RuleGroupArn, Priority: 1 },
          ],
          StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
          StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        },
      }),
    );
    const firewall = await nfw.send(
      new CreateFirewallCommand({
        FirewallName: 'sra-inspection',
        FirewallPolicyArn: policy.FirewallPolicyResponse?.FirewallPolicyArn,
        VpcId: vpcId,
        SubnetMappings: [{ SubnetId: `subnet-${vpcId.slice(4, 12)}0001` }],
        DeleteProtection: true,
        SubnetChangeProtection: true,
      }),
    );
    // One logging destination per call.
    const logs: {
      LogType: 'ALERT' | 'FLOW';
      LogDestinationType: 'S3';
      LogDestination: Record<string, string>;
    }[] = [];
    for (const LogType of ['ALERT', 'FLOW'] as const) {
      logs.push({
        LogType,
        LogDestinationType: 'S3',
        LogDestination: { bucketName: bucket, prefix: 'network-firewall' },
      });
      await nfw.send(
        new UpdateLoggingConfigurationCommand({
          FirewallArn: firewall.Firewall?.FirewallArn,
          LoggingConfiguration: { LogDestinationConfigs: [...logs] },
        }),
      );
    }
    const resolver = adminClient(sandbox, Route53ResolverClient, account, region);
    const domains = await resolver.send(
      new CreateFirewallDomainListCommand({
        CreatorRequestId: `sra-domains-${region}`,
        Name: 'sra-blocked-domains',
      }),
    );
    const dnsGroup = await resolver.send(
      new CreateFirewallRuleGroupCommand({
        CreatorRequestId: `sra-dnsfw-${region}`,
        Name: 'sra-dns-firewall',
      }),
    );
    await resolver.send(
      new CreateFirewallRuleCommand({
        CreatorRequestId: `sra-dnsfw-rule-${region}`,
        FirewallRuleGroupId: dnsGroup.FirewallRuleGroup?.Id,
        FirewallDomainListId: domains.FirewallDomainList?.Id,
        Name: 'block-listed-domains',
        Priority: 1,
        Action: 'BLOCK',
        BlockResponse: 'NODATA',
      }),
    );
    await resolver.send(
      new AssociateFirewallRuleGroupCommand({
        CreatorRequestId: `sra-dnsfw-assoc-${region}`,
        FirewallRuleGroupId: dnsGroup.FirewallRuleGroup?.Id,
        VpcId: vpcId,
        Priority: 101,
        Name: 'sra-dns-firewall',
      }),
    );
    const queryLogs = await resolver.send(
      new CreateResolverQueryLogConfigCommand({
        CreatorRequestId: `sra-query-logs-${region}`,
        Name: 'sra-query-logs',
        DestinationArn: `arn:aws:s3:::${bucket}`,
      }),
    );
    await resolver.send(
      new AssociateResolverQueryLogConfigCommand({
        ResolverQueryLogConfigId: queryLogs.ResolverQueryLogConfig?.Id,
        ResourceId: vpcId,
      }),
    );
  }
}
