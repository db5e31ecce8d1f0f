/**
 * Ready-made sandbox organizations for tests, `sra demo` and the benchmarks. Each builder returns a
 * {@link Scenario}: the sandbox, the ids of its accounts, and the list of gaps it planted on purpose,
 * so a verifier can be checked against exactly what was planted.
 *
 * - `greenfield`: an organization with the SRA's OUs and accounts and no security services at all.
 * - `control-tower`: greenfield plus Control Tower's footprint (its trail, log bucket and a Config
 *   recorder in every member account and governed Region; `AWSControlTowerExecution` roles).
 * - `half-deployed`: some of the SRA done, some not (an admin in one Region only, local Security Hub,
 *   Config only in the management account, …).
 * - `drifted`: the full reference SRA, then somebody switched things off.
 * - `generated`: N workload accounts × R Regions, seeded; optionally the reference SRA with seeded drift.
 */
import {
  CloudTrailClient,
  CreateTrailCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
  StopConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { DisableEbsEncryptionByDefaultCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DisassociateMembersCommand,
  EnableOrganizationAdminAccountCommand as EnableGuardDutyAdminCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  CreateDetectorCommand,
  UpdateOrganizationConfigurationCommand as UpdateGuardDutyOrgConfigCommand,
} from '@aws-sdk/client-guardduty';
import {
  DeleteAccountPasswordPolicyCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DeletePublicAccessBlockCommand as DeleteAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { Sandbox, type SandboxKnobs } from '../core/sandbox.js';
import { VirtualClock, type Clock } from '../core/clock.js';
import { Random } from '../core/random.js';
import { ALL_SERVICES } from '../services/index.js';
import {
  adminClient,
  allAccounts,
  layOrganization,
  type LayoutOptions,
  type ScenarioLayout,
  type SdkClientCtor,
} from './layout.js';
import { deployReferenceSra, referenceNames } from './reference-sra.js';

export * from './layout.js';
export * from './reference-sra.js';

/** Names of the built-in scenarios. */
export const SCENARIO_NAMES = [
  'greenfield',
  'control-tower',
  'half-deployed',
  'drifted',
  'generated',
] as const;

/** Name of a built-in scenario. */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** A gap a scenario planted on purpose, described independently of any control id. */
export interface PlantedGap {
  /** Stable slug of the gap, e.g. `guardduty.member-disassociated`. */
  kind: string;
  /** Account the gap is in. */
  account: string;
  /** Region, for regional gaps. */
  region?: string;
  /** What was done, in words. */
  detail: string;
}

/** A built scenario. */
export interface Scenario extends ScenarioLayout {
  /** Scenario name. */
  name: ScenarioName;
  /** The sandbox holding the organization. */
  sandbox: Sandbox;
  /** Whether the SRA foundation was deployed before drift was planted. */
  deployed: boolean;
  /** Gaps planted on top of the starting point (for `greenfield`: none — everything is missing). */
  planted: PlantedGap[];
  /** An SDK client acting as an administrator of `account` in `region` (default: home Region). */
  client<C extends object>(Ctor: SdkClientCtor<C>, account: string, region?: string): C;
}

/** Options of every scenario builder. */
export interface ScenarioOptions extends LayoutOptions, SandboxKnobs {
  /** Clock of the sandbox. @default a new VirtualClock */
  clock?: Clock;
  /** Seed for ids, faults and generated drift. @default 1 */
  seed?: number;
}

/** Options of the `generated` scenario. */
export interface GeneratedOptions extends ScenarioOptions {
  /** Deploy the reference SRA before drifting. @default false */
  deploy?: boolean;
  /** With `deploy`, the share of workload accounts that get one seeded drift. @default 0.1 */
  driftRate?: number;
}

function base(name: ScenarioName, options: ScenarioOptions): Scenario {
  const { clock, seed, workloads, regions, memberRoleName, extraRoles, workloadOus, ...knobs } = options;
  // Knobs are applied after the scenario is built, so building is never throttled or faulted.
  const sandbox = new Sandbox({
    services: ALL_SERVICES,
    clock: clock ?? new VirtualClock(),
    seed: seed ?? 1,
  });
  const layout = layOrganization(sandbox, {
    ...(workloads !== undefined ? { workloads } : {}),
    ...(regions ? { regions } : {}),
    ...(memberRoleName ? { memberRoleName } : {}),
    ...(extraRoles ? { extraRoles } : {}),
    ...(workloadOus ? { workloadOus } : {}),
  });
  const scenario: Scenario = {
    ...layout,
    name,
    sandbox,
    deployed: false,
    planted: [],
    client: (Ctor, account, region) => adminClient(sandbox, Ctor, account, region ?? layout.homeRegion),
  };
  pendingKnobs.set(scenario, knobs);
  return scenario;
}

const pendingKnobs = new WeakMap<Scenario, SandboxKnobs>();

function finish(scenario: Scenario): Scenario {
  scenario.sandbox.knobs = { ...pendingKnobs.get(scenario) };
  scenario.sandbox.resetStats();
  return scenario;
}

/** An SRA-shaped organization with no security service configured. */
export async function greenfield(options: ScenarioOptions = {}): Promise<Scenario> {
  return finish(base('greenfield', options));
}

/**
 * Greenfield plus what AWS Control Tower lays down: `AWSControlTowerExecution` in every member, its
 * log bucket in the log archive account, its organization trail, and its Config recorder and delivery
 * channel in every member account and governed Region (not in the management account).
 * https://docs.aws.amazon.com/controltower/latest/userguide/how-control-tower-works.html
 */
export async function controlTower(options: ScenarioOptions = {}): Promise<Scenario> {
  const s = base('control-tower', {
    memberRoleName: 'AWSControlTowerExecution',
    ...options,
  });
  const bucket = `aws-controltower-logs-${s.logArchiveId}-${s.homeRegion}`;
  const orgs = s.client(OrganizationsClient, s.managementAccountId);
  for (const p of ['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'controltower.amazonaws.com']) {
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: p }));
  }
  const s3 = s.client(S3Client, s.logArchiveId);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketPolicyCommand({ Bucket: bucket, Policy: serviceWritePolicy(bucket, s.organizationId) }),
  );
  const ct = s.client(CloudTrailClient, s.managementAccountId);
  await ct.send(
    new CreateTrailCommand({
      Name: 'aws-controltower-BaselineCloudTrail',
      S3BucketName: bucket,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsOrganizationTrail: true,
    }),
  );
  await ct.send(new StartLoggingCommand({ Name: 'aws-controltower-BaselineCloudTrail' }));
  for (const account of allAccounts(s).filter((a) => a !== s.managementAccountId)) {
    for (const region of s.governedRegions) {
      const cfg = s.client(ConfigServiceClient, account, region);
      await cfg.send(
        new PutConfigurationRecorderCommand({
          ConfigurationRecorder: {
            name: 'aws-controltower-BaselineConfigRecorder',
            roleARN: `arn:aws:iam::${account}:role/aws-controltower-ConfigRecorderRole`,
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === s.homeRegion },
          },
        }),
      );
      await cfg.send(
        new PutDeliveryChannelCommand({
          DeliveryChannel: { name: 'aws-controltower-BaselineConfigDeliveryChannel', s3BucketName: bucket },
        }),
      );
      await cfg.send(
        new StartConfigurationRecorderCommand({
          ConfigurationRecorderName: 'aws-controltower-BaselineConfigRecorder',
        }),
      );
    }
  }
  return finish(s);
}

/**
 * Part of the SRA is in place: GuardDuty administered from security tooling in the home Region only,
 * auto-enabling new members only; Security Hub enabled locally in the management account only; Config
 * recording only in the management account; a weak password policy in the management account.
 */
export async function halfDeployed(options: ScenarioOptions = {}): Promise<Scenario> {
  const s = base('half-deployed', options);
  const home = s.homeRegion;
  const mgmt = s.managementAccountId;
  await s
    .client(GuardDutyClient, mgmt)
    .send(new EnableGuardDutyAdminCommand({ AdminAccountId: s.securityToolingId }));
  const gd = s.client(GuardDutyClient, s.securityToolingId);
  let detectorId = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
  if (!detectorId) detectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId;
  await gd.send(
    new UpdateGuardDutyOrgConfigCommand({ DetectorId: detectorId, AutoEnableOrganizationMembers: 'NEW' }),
  );
  s.planted.push({
    kind: 'guardduty.auto-enable-new-only',
    account: s.securityToolingId,
    region: home,
    detail: 'GuardDuty auto-enable is NEW: existing members were never enrolled',
  });
  for (const region of s.governedRegions.slice(1)) {
    s.planted.push({
      kind: 'guardduty.no-delegated-admin',
      account: mgmt,
      region,
      detail: `GuardDuty has no delegated administrator in ${region}`,
    });
  }
  await s
    .client(SecurityHubClient, mgmt)
    .send(new EnableSecurityHubCommand({ EnableDefaultStandards: true }));
  s.planted.push({
    kind: 'securityhub.local-in-management',
    account: mgmt,
    region: home,
    detail:
      'Security Hub enabled locally in the management account, no delegated admin, no central configuration',
  });
  const names = referenceNames(s);
  const logs = s.client(S3Client, s.logArchiveId);
  await logs.send(new CreateBucketCommand({ Bucket: names.bucket }));
  await logs.send(
    new PutBucketPolicyCommand({
      Bucket: names.bucket,
      Policy: serviceWritePolicy(names.bucket, s.organizationId),
    }),
  );
  for (const region of s.governedRegions) {
    const cfg = s.client(ConfigServiceClient, mgmt, region);
    await cfg.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: names.recorder,
          roleARN: `arn:aws:iam::${mgmt}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === home },
        },
      }),
    );
    await cfg.send(
      new PutDeliveryChannelCommand({
        DeliveryChannel: { name: names.deliveryChannel, s3BucketName: names.bucket },
      }),
    );
    await cfg.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: names.recorder }));
  }
  s.planted.push({
    kind: 'config.recording-management-only',
    account: mgmt,
    detail: 'Config records only in the management account; no other account records',
  });
  await s.client(IAMClient, mgmt).send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: 8,
      RequireSymbols: false,
      MaxPasswordAge: 365,
    }),
  );
  s.planted.push({
    kind: 'iam.password-policy-weak',
    account: mgmt,
    detail: 'IAM password policy: length 8, no symbols, max age 365 days',
  });
  return finish(s);
}

/** The full reference SRA, then six changes made by hand. */
export async function drifted(options: ScenarioOptions = {}): Promise<Scenario> {
  const s = base('drifted', options);
  await deployReferenceSra(s.sandbox, s);
  s.deployed = true;
  const second = s.governedRegions[1] ?? s.homeRegion;
  const [w1, w2, w3] = [
    s.workloadIds[0],
    s.workloadIds[1] ?? s.workloadIds[0],
    s.workloadIds[2] ?? s.workloadIds[0],
  ];
  if (!w1 || !w2 || !w3) throw new Error('the drifted scenario needs at least one workload account');
  await plantDrift(s, 'guardduty.member-disassociated', w1, second);
  await plantDrift(s, 's3.account-public-access-block-removed', w2);
  await plantDrift(s, 'ec2.ebs-encryption-by-default-disabled', w3, s.homeRegion);
  await plantDrift(s, 'cloudtrail.logging-stopped', s.managementAccountId, s.homeRegion);
  await plantDrift(s, 'iam.password-policy-deleted', s.networkId);
  await plantDrift(s, 'config.recorder-stopped', s.sharedServicesId, second);
  return finish(s);
}

/** Drift kinds {@link plantDrift} knows how to plant. */
export const DRIFT_KINDS = [
  'guardduty.member-disassociated',
  's3.account-public-access-block-removed',
  'ec2.ebs-encryption-by-default-disabled',
  'cloudtrail.logging-stopped',
  'iam.password-policy-deleted',
  'config.recorder-stopped',
] as const;

/** Plants one drift of `kind` in an SRA-deployed scenario and records it in `scenario.planted`. */
export async function plantDrift(
  s: Scenario,
  kind: (typeof DRIFT_KINDS)[number],
  account: string,
  region: string = s.homeRegion,
): Promise<void> {
  const names = referenceNames(s);
  switch (kind) {
    case 'guardduty.member-disassociated': {
      // GuardDuty refuses to disassociate a member while auto-enable is ALL, so the drift is two
      // changes: auto-enable lowered to NEW, then the member disassociated.
      // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html
      const gd = s.client(GuardDutyClient, s.securityToolingId, region);
      const detectorId = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
      await gd.send(
        new UpdateGuardDutyOrgConfigCommand({ DetectorId: detectorId, AutoEnableOrganizationMembers: 'NEW' }),
      );
      await gd.send(new DisassociateMembersCommand({ DetectorId: detectorId, AccountIds: [account] }));
      s.planted.push({
        kind: 'guardduty.auto-enable-new-only',
        account: s.securityToolingId,
        region,
        detail: 'GuardDuty auto-enable lowered from ALL to NEW',
      });
      s.planted.push({
        kind,
        account,
        region,
        detail: 'GuardDuty member disassociated from the delegated admin',
      });
      return;
    }
    case 's3.account-public-access-block-removed':
      await s
        .client(S3ControlClient, account)
        .send(new DeleteAccountPublicAccessBlockCommand({ AccountId: account }));
      s.planted.push({ kind, account, detail: 'S3 account-level Block Public Access removed' });
      return;
    case 'ec2.ebs-encryption-by-default-disabled':
      await s.client(EC2Client, account, region).send(new DisableEbsEncryptionByDefaultCommand({}));
      s.planted.push({ kind, account, region, detail: 'EBS encryption by default disabled' });
      return;
    case 'cloudtrail.logging-stopped':
      await s
        .client(CloudTrailClient, s.managementAccountId)
        .send(new StopLoggingCommand({ Name: names.trail }));
      s.planted.push({
        kind,
        account: s.managementAccountId,
        region: s.homeRegion,
        detail: 'organization trail logging stopped',
      });
      return;
    case 'iam.password-policy-deleted':
      await s.client(IAMClient, account).send(new DeleteAccountPasswordPolicyCommand({}));
      s.planted.push({ kind, account, detail: 'IAM account password policy deleted' });
      return;
    case 'config.recorder-stopped':
      await s
        .client(ConfigServiceClient, account, region)
        .send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: names.recorder }));
      s.planted.push({ kind, account, region, detail: 'Config recorder stopped' });
      return;
  }
}

/**
 * N workload accounts × R Regions. Without `deploy` it is a greenfield organization at scale; with
 * it, the reference SRA is deployed and a seeded share of workload accounts gets one drift each.
 */
export async function generated(options: GeneratedOptions = {}): Promise<Scenario> {
  const { deploy, driftRate, ...rest } = options;
  const s = base('generated', {
    workloads: 100,
    regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'],
    ...rest,
  });
  if (deploy) {
    await deployReferenceSra(s.sandbox, s);
    s.deployed = true;
    const rnd = new Random((options.seed ?? 1) * 7919);
    const kinds = DRIFT_KINDS.filter((k) => k !== 'cloudtrail.logging-stopped');
    for (const account of s.workloadIds) {
      if (rnd.next() >= (driftRate ?? 0.1)) continue;
      const kind = kinds[rnd.int(kinds.length)]!;
      const region = s.governedRegions[rnd.int(s.governedRegions.length)]!;
      await plantDrift(s, kind, account, region);
    }
  }
  return finish(s);
}

/** Builds a scenario by name. */
export async function buildScenario(name: ScenarioName, options: GeneratedOptions = {}): Promise<Scenario> {
  switch (name) {
    case 'greenfield':
      return greenfield(options);
    case 'control-tower':
      return controlTower(options);
    case 'half-deployed':
      return halfDeployed(options);
    case 'drifted':
      return drifted(options);
    case 'generated':
      return generated(options);
  }
}

function serviceWritePolicy(bucket: string, orgId: string): string {
  const arn = `arn:aws:s3:::${bucket}`;
  const services = ['cloudtrail.amazonaws.com', 'config.amazonaws.com'];
  const cond = { StringEquals: { 'aws:SourceOrgID': orgId } };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AclCheck',
        Effect: 'Allow',
        Principal: { Service: services },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: arn,
        Condition: cond,
      },
      {
        Sid: 'Write',
        Effect: 'Allow',
        Principal: { Service: services },
        Action: 's3:PutObject',
        Resource: `${arn}/*`,
        Condition: cond,
      },
    ],
  });
}
export * from './access.js';
