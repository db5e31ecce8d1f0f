/**
 * A reference SRA deployment written as plain SDK calls, used by scenarios that need an organization
 * where the SRA is already in place (drifted, half-deployed). It is deliberately independent of
 * sra-kit's own engine, so tests can compare what the engine builds with what this script builds.
 * Order of operations follows SRA.md §3: Organizations → trusted access and delegated admins (per
 * Region) → from the delegated admin: organization configuration and members → the per-account baseline.
 */
import { AccountClient, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { AccessAnalyzerClient, CreateAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  PutConfigurationAggregatorCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import {
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  EnableSnapshotBlockPublicAccessCommand,
  ModifyInstanceMetadataDefaultsCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateMembersCommand,
  CreatePublishingDestinationCommand,
  EnableOrganizationAdminAccountCommand as EnableGuardDutyAdminCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  CreateDetectorCommand,
  UpdateOrganizationConfigurationCommand as UpdateGuardDutyOrgConfigCommand,
  type DetectorFeatureConfiguration,
  type OrganizationFeatureConfiguration,
} from '@aws-sdk/client-guardduty';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
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
  UpdateOrganizationConfigurationCommand as UpdateMacieOrgConfigCommand,
} from '@aws-sdk/client-macie2';
import {
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
  PutBucketVersioningCommand,
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

  // 3. Organization trail from the management account.
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
      const ec2 = c(EC2Client, account, region);
      await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
      await ec2.send(new EnableSnapshotBlockPublicAccessCommand({ State: 'block-all-sharing' }));
      await ec2.send(
        new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 }),
      );
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
    await insp.send(new EnableInspectorCommand({ accountIds: members, resourceTypes: [...scanTypes] }));
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
    await c(AccessAnalyzerClient, audit, region).send(
      new CreateAnalyzerCommand({ analyzerName: names.analyzer, type: 'ORGANIZATION' }),
    );
    await c(SecurityHubClient, mgmt, region).send(
      new EnableSecurityHubAdminCommand({ AdminAccountId: audit }),
    );
  }

  // 6. Security Hub central configuration from the home Region.
  const hub = c(SecurityHubClient, audit);
  await hub.send(
    new CreateFindingAggregatorCommand({
      RegionLinkingMode: 'SPECIFIED_REGIONS',
      Regions: layout.governedRegions.filter((r) => r !== home),
    }),
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
  let detectorId = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
  if (!detectorId) {
    const features: DetectorFeatureConfiguration[] = SRA_GUARDDUTY_FEATURES.map((Name) => ({
      Name,
      Status: 'ENABLED' as const,
    }));
    detectorId = (
      await gd.send(
        new CreateDetectorCommand({
          Enable: true,
          FindingPublishingFrequency: 'FIFTEEN_MINUTES',
          Features: features,
        }),
      )
    ).DetectorId;
  }
  const orgFeatures: OrganizationFeatureConfiguration[] = SRA_GUARDDUTY_FEATURES.map((Name) => ({
    Name,
    AutoEnable: 'ALL' as const,
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
          Service: ['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'guardduty.amazonaws.com'],
        },
        Action: ['s3:GetBucketAcl', 's3:ListBucket', 's3:GetBucketLocation'],
        Resource: arn,
        Condition: org,
      },
      {
        Sid: 'ServicesWrite',
        Effect: 'Allow',
        Principal: {
          Service: ['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'guardduty.amazonaws.com'],
        },
        Action: 's3:PutObject',
        Resource: `${arn}/*`,
        Condition: org,
      },
    ],
  });
}
