/**
 * Amazon EC2 account settings in the sandbox: EBS encryption by default and its KMS key, block
 * public access for EBS snapshots and AMIs, instance metadata (IMDS) defaults, serial console
 * access, DescribeRegions, and the network facts a baseline check reads (VPCs, default security
 * groups, flow logs). Every setting is per account and Region, as in AWS.
 *
 * A new account has, in every Region, a default VPC (172.31.0.0/16) with its default security group
 * (inbound: all traffic from itself; outbound: all traffic anywhere), EBS encryption by default off
 * with `alias/aws/ebs` as its key, snapshot and AMI block public access `unblocked`, no IMDS account
 * defaults (no preference), serial console access off and no flow logs.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetEbsEncryptionByDefault.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyEbsDefaultKmsKeyId.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableSnapshotBlockPublicAccess.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableImageBlockPublicAccess.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataDefaults.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeFlowLogs.html
 * - https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html
 * - https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 *
 * Also answered for the baseline controls: the default network ACL (allow all, then deny), VPC
 * block public access (off), and empty DescribeInstances, DescribeSnapshots, DescribeLaunchTemplates
 * and DescribeTransitGateways (the sandbox simulates no instances, snapshots, templates or gateways).
 *
 * EC2 errors are unmodeled codes (`InvalidParameterValue`, `InvalidGroup.NotFound`, …); every
 * operation honours `DryRun` with `DryRunOperation`.
 *
 * Propagation keys honoured:
 * - `ec2:image-block-public-access` — EnableImageBlockPublicAccess "can take up to 10 minutes";
 *   until then GetImageBlockPublicAccessState still says `unblocked`.
 */
import type {
  DescribeFlowLogsCommandInput,
  DescribeFlowLogsCommandOutput,
  DescribeRegionsCommandInput,
  DescribeRegionsCommandOutput,
  DescribeSecurityGroupsCommandInput,
  DescribeSecurityGroupsCommandOutput,
  DescribeVpcsCommandInput,
  DescribeVpcsCommandOutput,
  DisableEbsEncryptionByDefaultCommandOutput,
  DisableImageBlockPublicAccessCommandOutput,
  DisableSerialConsoleAccessCommandOutput,
  DisableSnapshotBlockPublicAccessCommandOutput,
  EnableEbsEncryptionByDefaultCommandOutput,
  EnableImageBlockPublicAccessCommandInput,
  EnableImageBlockPublicAccessCommandOutput,
  EnableSerialConsoleAccessCommandOutput,
  EnableSnapshotBlockPublicAccessCommandInput,
  EnableSnapshotBlockPublicAccessCommandOutput,
  Filter,
  FlowLog,
  GetEbsDefaultKmsKeyIdCommandOutput,
  GetEbsEncryptionByDefaultCommandOutput,
  GetImageBlockPublicAccessStateCommandOutput,
  GetInstanceMetadataDefaultsCommandOutput,
  GetSerialConsoleAccessStatusCommandOutput,
  GetSnapshotBlockPublicAccessStateCommandOutput,
  InstanceMetadataDefaultsResponse,
  DescribeInstancesCommandInput,
  DescribeInstancesCommandOutput,
  DescribeLaunchTemplatesCommandInput,
  DescribeLaunchTemplatesCommandOutput,
  DescribeNetworkAclsCommandInput,
  DescribeNetworkAclsCommandOutput,
  DescribeSnapshotsCommandInput,
  DescribeSnapshotsCommandOutput,
  DescribeTransitGatewaysCommandInput,
  DescribeTransitGatewaysCommandOutput,
  DescribeVpcBlockPublicAccessOptionsCommandOutput,
  NetworkAcl,
  IpPermission,
  ModifyEbsDefaultKmsKeyIdCommandInput,
  ModifyEbsDefaultKmsKeyIdCommandOutput,
  ModifyInstanceMetadataDefaultsCommandInput,
  ModifyInstanceMetadataDefaultsCommandOutput,
  ResetEbsDefaultKmsKeyIdCommandOutput,
  SecurityGroup,
  SnapshotBlockPublicAccessState,
  Vpc,
} from '@aws-sdk/client-ec2';
import { defineService, type CallContext } from '../core/service.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';
import { findRegion } from '../../catalog/regions.js';
import { partitionRegions, settleRegionTransitions } from './account.js';

type Out<T> = Omit<T, '$metadata'>;

/** The AWS-managed key EBS encryption by default uses until another is chosen. */
export const DEFAULT_EBS_KMS_KEY = 'alias/aws/ebs';

/** Account-level IMDS defaults; an absent field means "no preference". */
export interface ImdsDefaults {
  httpTokens?: 'optional' | 'required';
  httpPutResponseHopLimit?: number;
  httpEndpoint?: 'enabled' | 'disabled';
  instanceMetadataTags?: 'enabled' | 'disabled';
  httpTokensEnforced?: 'enabled' | 'disabled';
}

/** EC2 state of one account in one Region. */
export interface Ec2RegionState {
  /** EBS encryption by default. */
  ebsEncryptionByDefault: boolean;
  /** Default KMS key for EBS encryption. */
  ebsDefaultKmsKeyId: string;
  /** Block public access for EBS snapshots. */
  snapshotBlockPublicAccess: SnapshotBlockPublicAccessState;
  /** Block public access for AMIs, and when a pending enable takes effect (epoch ms). */
  imageBlockPublicAccess: { state: 'unblocked' | 'block-new-sharing'; effectiveAt?: number };
  /** IMDS account defaults. */
  imds: ImdsDefaults;
  /** EC2 serial console access. */
  serialConsoleAccess: boolean;
  /** VPCs (the default VPC first). */
  vpcs: Vpc[];
  /** Security groups (the default VPC's default group first). */
  securityGroups: SecurityGroup[];
  /** Flow logs. */
  flowLogs: FlowLog[];
  /** Network ACLs (the default VPC's default ACL first). */
  networkAcls: NetworkAcl[];
  /** VPC block public access (internet gateway block mode). */
  vpcBlockPublicAccess: 'off' | 'block-bidirectional' | 'block-ingress';
}

/** A deterministic lower-case hex string of `len` characters derived from `seed`. */
function hexId(seed: string, len = 17): string {
  let h = 2166136261;
  let out = '';
  for (let round = 0; out.length < len; round++) {
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
    h = Math.imul(h ^ (round + 1), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}

function initialState(account: string, region: string): Ec2RegionState {
  const vpcId = `vpc-${hexId(`${account}/${region}/vpc`)}`;
  const sgId = `sg-${hexId(`${account}/${region}/sg`)}`;
  const vpc: Vpc = {
    VpcId: vpcId,
    OwnerId: account,
    State: 'available',
    CidrBlock: '172.31.0.0/16',
    CidrBlockAssociationSet: [
      {
        AssociationId: `vpc-cidr-assoc-${hexId(`${account}/${region}/assoc`)}`,
        CidrBlock: '172.31.0.0/16',
        CidrBlockState: { State: 'associated' },
      },
    ],
    DhcpOptionsId: `dopt-${hexId(`${account}/${region}/dopt`)}`,
    InstanceTenancy: 'default',
    IsDefault: true,
  };
  // The default security group allows all inbound traffic from itself and all outbound traffic.
  // https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
  const sg: SecurityGroup = {
    GroupId: sgId,
    GroupName: 'default',
    Description: 'default VPC security group',
    OwnerId: account,
    VpcId: vpcId,
    SecurityGroupArn: `arn:aws:ec2:${region}:${account}:security-group/${sgId}`,
    IpPermissions: [
      {
        IpProtocol: '-1',
        UserIdGroupPairs: [{ GroupId: sgId, UserId: account }],
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
      },
    ],
    IpPermissionsEgress: [
      {
        IpProtocol: '-1',
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        UserIdGroupPairs: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
      },
    ],
  };
  // The default network ACL allows all inbound and outbound IPv4 traffic (rule 100) before the
  // catch-all deny (rule *, reported as 32767).
  // https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html
  const aclEntry = (Egress: boolean, RuleNumber: number, RuleAction: 'allow' | 'deny') => ({
    CidrBlock: '0.0.0.0/0',
    Egress,
    Protocol: '-1',
    RuleAction,
    RuleNumber,
  });
  const acl: NetworkAcl = {
    NetworkAclId: `acl-${hexId(`${account}/${region}/acl`)}`,
    VpcId: vpcId,
    IsDefault: true,
    OwnerId: account,
    Associations: [],
    Entries: [
      aclEntry(true, 100, 'allow'),
      aclEntry(true, 32767, 'deny'),
      aclEntry(false, 100, 'allow'),
      aclEntry(false, 32767, 'deny'),
    ],
    Tags: [],
  };
  return {
    ebsEncryptionByDefault: false,
    ebsDefaultKmsKeyId: DEFAULT_EBS_KMS_KEY,
    snapshotBlockPublicAccess: 'unblocked',
    imageBlockPublicAccess: { state: 'unblocked' },
    imds: {},
    serialConsoleAccess: false,
    vpcs: [vpc],
    securityGroups: [sg],
    flowLogs: [],
    networkAcls: [acl],
    vpcBlockPublicAccess: 'off',
  };
}

// ---------------------------------------------------------------------------------------------
// Accessors for other services and scenario builders
// ---------------------------------------------------------------------------------------------

/** The EC2 state of `account` in `region` (created with new-account defaults on first use). */
export function ec2Region(world: SandboxWorld, account: string, region: string): Ec2RegionState {
  return world.regional('ec2', account, region, () => initialState(account, region));
}

/** The default security group of the default VPC of `account` in `region`. */
export function defaultSecurityGroup(world: SandboxWorld, account: string, region: string): SecurityGroup {
  const s = ec2Region(world, account, region);
  const vpc = s.vpcs.find((v) => v.IsDefault);
  const sg = s.securityGroups.find((g) => g.GroupName === 'default' && g.VpcId === vpc?.VpcId);
  if (!sg) throw new Error(`sandbox: ${account} has no default security group in ${region}`);
  return sg;
}

/** Removes every rule of the default security group (the remediation of Security Hub EC2.2). */
export function revokeDefaultSecurityGroupRules(world: SandboxWorld, account: string, region: string): void {
  const sg = defaultSecurityGroup(world, account, region);
  sg.IpPermissions = [];
  sg.IpPermissionsEgress = [];
}

/** Input of {@link addFlowLog}. */
export interface FlowLogSeed {
  /** VPC, subnet or ENI id. @default the default VPC */
  resourceId?: string;
  /** @default 's3' */
  destinationType?: 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose';
  /** Destination ARN. */
  destination: string;
  /** @default 'ALL' */
  trafficType?: 'ACCEPT' | 'REJECT' | 'ALL';
  /** Creation time (epoch ms). @default 0 */
  createdAt?: number;
}

/** Adds a flow log to `account` in `region`. Returns its id. */
export function addFlowLog(world: SandboxWorld, account: string, region: string, seed: FlowLogSeed): string {
  const s = ec2Region(world, account, region);
  const resourceId = seed.resourceId ?? s.vpcs.find((v) => v.IsDefault)?.VpcId ?? '';
  const id = `fl-${hexId(`${account}/${region}/fl/${s.flowLogs.length}`)}`;
  s.flowLogs.push({
    FlowLogId: id,
    CreationTime: new Date(seed.createdAt ?? 0),
    DeliverLogsStatus: 'SUCCESS',
    FlowLogStatus: 'ACTIVE',
    ResourceId: resourceId,
    TrafficType: seed.trafficType ?? 'ALL',
    LogDestinationType: seed.destinationType ?? 's3',
    LogDestination: seed.destination,
    LogFormat:
      '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ' +
      '${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
    MaxAggregationInterval: 600,
    Tags: [],
  });
  return id;
}

// ---------------------------------------------------------------------------------------------

function bad(ctx: CallContext, message: string, code = 'InvalidParameterValue'): Error {
  return ctx.error(code, message, { status: 400 });
}

/** Every EC2 operation accepts DryRun: it checks permissions and fails with DryRunOperation. */
function dryRun(ctx: CallContext, input: { DryRun?: boolean | undefined }): void {
  if (input.DryRun) {
    throw ctx.error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', {
      status: 412,
    });
  }
}

function state(ctx: CallContext): Ec2RegionState {
  return ec2Region(ctx.world, ctx.account, ctx.region);
}

/** A regular expression for an EC2 filter value (`*` and `?` are wildcards). */
function globRe(value: string): RegExp {
  const escaped = value
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** Applies EC2 `Filters`: every filter must match one of its values; unknown names are errors. */
function applyFilters<T>(
  ctx: CallContext,
  items: T[],
  filters: Filter[] | undefined,
  fields: (item: T) => Record<string, string | string[] | undefined>,
): T[] {
  if (!filters?.length) return items;
  return items.filter((item) => {
    const f = fields(item);
    return filters.every((filter) => {
      const name = filter.Name ?? '';
      if (!(name in f)) throw bad(ctx, `The filter '${name}' is invalid`);
      const raw = f[name];
      const have = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      return (filter.Values ?? []).some((v) => {
        const re = globRe(v);
        return have.some((x) => re.test(x));
      });
    });
  });
}

/** EC2 pagination: MaxResults within [min, 1000], opaque NextToken. */
function ec2Page<T>(
  ctx: CallContext,
  items: T[],
  input: { MaxResults?: number | undefined; NextToken?: string | undefined },
  min: number,
): { page: T[]; NextToken?: string } {
  const max = input.MaxResults;
  if (max !== undefined && (max < min || max > 1000)) {
    throw bad(
      ctx,
      `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value between ${min} and 1000.`,
    );
  }
  if (max === undefined && input.NextToken === undefined) return { page: items };
  try {
    const r = paginate(ctx, items, {
      maxResults: max,
      nextToken: input.NextToken,
      defaultMax: 1000,
      limit: 1000,
      errorName: 'InvalidParameterValue',
    });
    return r.nextToken === undefined ? { page: r.page } : { page: r.page, NextToken: r.nextToken };
  } catch {
    throw bad(ctx, 'The pagination token is invalid or expired.', 'InvalidPaginationToken');
  }
}

function imageBpaState(ctx: CallContext, s: Ec2RegionState): 'unblocked' | 'block-new-sharing' {
  const b = s.imageBlockPublicAccess;
  if (b.state === 'block-new-sharing' && b.effectiveAt !== undefined && ctx.clock.now() < b.effectiveAt) {
    return 'unblocked';
  }
  return b.state;
}

function imdsShape(d: ImdsDefaults): InstanceMetadataDefaultsResponse {
  return {
    ...(d.httpTokens ? { HttpTokens: d.httpTokens } : {}),
    ...(d.httpPutResponseHopLimit !== undefined
      ? { HttpPutResponseHopLimit: d.httpPutResponseHopLimit }
      : {}),
    ...(d.httpEndpoint ? { HttpEndpoint: d.httpEndpoint } : {}),
    ...(d.instanceMetadataTags ? { InstanceMetadataTags: d.instanceMetadataTags } : {}),
    ...(d.httpTokensEnforced ? { HttpTokensEnforced: d.httpTokensEnforced } : {}),
    ManagedBy: 'account',
  };
}

function tristate<T extends string>(
  ctx: CallContext,
  value: string | undefined,
  name: string,
  allowed: readonly T[],
): T | 'no-preference' | undefined {
  if (value === undefined) return undefined;
  if (value === 'no-preference') return 'no-preference';
  if (!(allowed as readonly string[]).includes(value)) {
    throw bad(ctx, `Value (${value}) for parameter ${name} is invalid.`);
  }
  return value as T;
}

/** The simulated EC2 service (account settings and the network facts baselines read). */
export const ec2Service = defineService({
  name: 'ec2',
  clientName: 'EC2Client',
  scope: 'regional',
  protocol: 'ec2',
  operations: {
    // --- EBS encryption by default ----------------------------------------------------------

    GetEbsEncryptionByDefault: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<GetEbsEncryptionByDefaultCommandOutput> => {
      dryRun(ctx, input);
      return { EbsEncryptionByDefault: state(ctx).ebsEncryptionByDefault };
    },

    EnableEbsEncryptionByDefault: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<EnableEbsEncryptionByDefaultCommandOutput> => {
      dryRun(ctx, input);
      state(ctx).ebsEncryptionByDefault = true;
      return { EbsEncryptionByDefault: true };
    },

    DisableEbsEncryptionByDefault: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<DisableEbsEncryptionByDefaultCommandOutput> => {
      dryRun(ctx, input);
      state(ctx).ebsEncryptionByDefault = false;
      return { EbsEncryptionByDefault: false };
    },

    GetEbsDefaultKmsKeyId: (ctx, input: { DryRun?: boolean }): Out<GetEbsDefaultKmsKeyIdCommandOutput> => {
      dryRun(ctx, input);
      return { KmsKeyId: state(ctx).ebsDefaultKmsKeyId };
    },

    ModifyEbsDefaultKmsKeyId: (
      ctx,
      input: ModifyEbsDefaultKmsKeyIdCommandInput,
    ): Out<ModifyEbsDefaultKmsKeyIdCommandOutput> => {
      dryRun(ctx, input);
      const key = input.KmsKeyId;
      if (!key) throw bad(ctx, 'The request must contain the parameter KmsKeyId', 'MissingParameter');
      // Key ID, alias, key ARN or alias ARN. AWS checks the key itself asynchronously, so only the
      // shape is validated here.
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyEbsDefaultKmsKeyId.html
      const shaped =
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key) ||
        /^mrk-[0-9a-f]{32}$/i.test(key) ||
        /^alias\/[\w/+=,.@-]+$/.test(key) ||
        /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/+=,.@-]+$/.test(key);
      if (!shaped) throw bad(ctx, `Invalid id: "${key}"`, 'InvalidParameterValue');
      state(ctx).ebsDefaultKmsKeyId = key;
      return { KmsKeyId: key };
    },

    ResetEbsDefaultKmsKeyId: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<ResetEbsDefaultKmsKeyIdCommandOutput> => {
      dryRun(ctx, input);
      state(ctx).ebsDefaultKmsKeyId = DEFAULT_EBS_KMS_KEY;
      return { KmsKeyId: DEFAULT_EBS_KMS_KEY };
    },

    // --- block public access ------------------------------------------------------------------

    GetSnapshotBlockPublicAccessState: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<GetSnapshotBlockPublicAccessStateCommandOutput> => {
      dryRun(ctx, input);
      return { State: state(ctx).snapshotBlockPublicAccess, ManagedBy: 'account' };
    },

    EnableSnapshotBlockPublicAccess: (
      ctx,
      input: EnableSnapshotBlockPublicAccessCommandInput,
    ): Out<EnableSnapshotBlockPublicAccessCommandOutput> => {
      dryRun(ctx, input);
      // "unblocked is not a valid value for EnableSnapshotBlockPublicAccess".
      if (input.State !== 'block-all-sharing' && input.State !== 'block-new-sharing') {
        throw bad(ctx, `Value (${String(input.State)}) for parameter State is invalid.`);
      }
      state(ctx).snapshotBlockPublicAccess = input.State;
      return { State: input.State };
    },

    DisableSnapshotBlockPublicAccess: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<DisableSnapshotBlockPublicAccessCommandOutput> => {
      dryRun(ctx, input);
      state(ctx).snapshotBlockPublicAccess = 'unblocked';
      return { State: 'unblocked' };
    },

    GetImageBlockPublicAccessState: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<GetImageBlockPublicAccessStateCommandOutput> => {
      dryRun(ctx, input);
      return { ImageBlockPublicAccessState: imageBpaState(ctx, state(ctx)), ManagedBy: 'account' };
    },

    EnableImageBlockPublicAccess: (
      ctx,
      input: EnableImageBlockPublicAccessCommandInput,
    ): Out<EnableImageBlockPublicAccessCommandOutput> => {
      dryRun(ctx, input);
      if (input.ImageBlockPublicAccessState !== 'block-new-sharing') {
        throw bad(
          ctx,
          `Value (${String(input.ImageBlockPublicAccessState)}) for parameter ImageBlockPublicAccessState is invalid.`,
        );
      }
      const s = state(ctx);
      if (s.imageBlockPublicAccess.state !== 'block-new-sharing') {
        const delay = ctx.propagationDelay('ec2:image-block-public-access');
        s.imageBlockPublicAccess = {
          state: 'block-new-sharing',
          ...(delay > 0 ? { effectiveAt: ctx.clock.now() + delay } : {}),
        };
      }
      return { ImageBlockPublicAccessState: 'block-new-sharing' };
    },

    DisableImageBlockPublicAccess: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<DisableImageBlockPublicAccessCommandOutput> => {
      dryRun(ctx, input);
      state(ctx).imageBlockPublicAccess = { state: 'unblocked' };
      return { ImageBlockPublicAccessState: 'unblocked' };
    },

    // --- instance metadata defaults -------------------------------------------------------------

    GetInstanceMetadataDefaults: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<GetInstanceMetadataDefaultsCommandOutput> => {
      dryRun(ctx, input);
      return { AccountLevel: imdsShape(state(ctx).imds) };
    },

    ModifyInstanceMetadataDefaults: (
      ctx,
      input: ModifyInstanceMetadataDefaultsCommandInput,
    ): Out<ModifyInstanceMetadataDefaultsCommandOutput> => {
      dryRun(ctx, input);
      const tokens = tristate(ctx, input.HttpTokens, 'HttpTokens', ['optional', 'required'] as const);
      const endpoint = tristate(ctx, input.HttpEndpoint, 'HttpEndpoint', ['enabled', 'disabled'] as const);
      const tags = tristate(ctx, input.InstanceMetadataTags, 'InstanceMetadataTags', [
        'enabled',
        'disabled',
      ] as const);
      const enforced = tristate(ctx, input.HttpTokensEnforced, 'HttpTokensEnforced', [
        'enabled',
        'disabled',
      ] as const);
      const hop = input.HttpPutResponseHopLimit;
      // -1 means no preference; otherwise 1–64.
      if (hop !== undefined && hop !== -1 && (!Number.isInteger(hop) || hop < 1 || hop > 64)) {
        throw bad(
          ctx,
          `Value (${hop}) for parameter HttpPutResponseHopLimit is invalid. Expecting -1 or 1-64.`,
        );
      }
      const s = state(ctx).imds;
      const next: ImdsDefaults = { ...s };
      if (tokens === 'no-preference') delete next.httpTokens;
      else if (tokens) next.httpTokens = tokens;
      if (endpoint === 'no-preference') delete next.httpEndpoint;
      else if (endpoint) next.httpEndpoint = endpoint;
      if (tags === 'no-preference') delete next.instanceMetadataTags;
      else if (tags) next.instanceMetadataTags = tags;
      if (enforced === 'no-preference') delete next.httpTokensEnforced;
      else if (enforced) next.httpTokensEnforced = enforced;
      if (hop === -1) delete next.httpPutResponseHopLimit;
      else if (hop !== undefined) next.httpPutResponseHopLimit = hop;
      state(ctx).imds = next;
      return { Return: true };
    },

    // --- serial console --------------------------------------------------------------------------

    GetSerialConsoleAccessStatus: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<GetSerialConsoleAccessStatusCommandOutput> => {
      dryRun(ctx, input);
      return { SerialConsoleAccessEnabled: state(ctx).serialConsoleAccess, ManagedBy: 'account' };
    },

    EnableSerialConsoleAccess: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<EnableSerialConsoleAccessCommandOutput> => {
      dryRun(ctx, input);
      state(ctx).serialConsoleAccess = true;
      return { SerialConsoleAccessEnabled: true };
    },

    DisableSerialConsoleAccess: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<DisableSerialConsoleAccessCommandOutput> => {
      dryRun(ctx, input);
      state(ctx).serialConsoleAccess = false;
      return { SerialConsoleAccessEnabled: false };
    },

    // --- Regions -------------------------------------------------------------------------------

    DescribeRegions: (ctx, input: DescribeRegionsCommandInput): Out<DescribeRegionsCommandOutput> => {
      dryRun(ctx, input);
      settleRegionTransitions(ctx.world, ctx.account, ctx.clock.now());
      const account = ctx.world.account(ctx.account);
      const enabled = (code: string): boolean =>
        account?.enabledRegions.has(code) ?? !findRegion(code)?.optIn;
      const all = partitionRegions();
      let codes: string[];
      if (input.RegionNames?.length) {
        // Named Regions are described whether enabled or not.
        const unknown = input.RegionNames.filter((r) => !all.includes(r));
        if (unknown.length) throw bad(ctx, `Invalid region(s): ${unknown.join(', ')}`);
        codes = input.RegionNames;
      } else {
        codes = input.AllRegions ? all : all.filter(enabled);
      }
      const regions = codes.map((code) => ({
        RegionName: code,
        Endpoint: `ec2.${code}.amazonaws.com`,
        OptInStatus: !findRegion(code)?.optIn
          ? 'opt-in-not-required'
          : enabled(code)
            ? 'opted-in'
            : 'not-opted-in',
      }));
      const filtered = applyFilters(ctx, regions, input.Filters, (r) => ({
        'region-name': r.RegionName,
        'opt-in-status': r.OptInStatus,
        endpoint: r.Endpoint,
      }));
      return { Regions: filtered };
    },

    // --- network facts ---------------------------------------------------------------------------

    DescribeVpcs: (ctx, input: DescribeVpcsCommandInput): Out<DescribeVpcsCommandOutput> => {
      dryRun(ctx, input);
      let vpcs = state(ctx).vpcs;
      if (input.VpcIds?.length) {
        const missing = input.VpcIds.filter((id) => !vpcs.some((v) => v.VpcId === id));
        if (missing.length) {
          throw bad(ctx, `The vpc ID '${missing.join("', '")}' does not exist`, 'InvalidVpcID.NotFound');
        }
        vpcs = vpcs.filter((v) => input.VpcIds!.includes(v.VpcId ?? ''));
      }
      const filtered = applyFilters(ctx, vpcs, input.Filters, (v) => ({
        'vpc-id': v.VpcId,
        'is-default': String(v.IsDefault ?? false),
        state: v.State,
        'owner-id': v.OwnerId,
        cidr: v.CidrBlock,
        'cidr-block-association.cidr-block': (v.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock ?? ''),
        'dhcp-options-id': v.DhcpOptionsId,
      }));
      const p = ec2Page(ctx, filtered, input, 5);
      return { Vpcs: structuredClone(p.page), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    DescribeSecurityGroups: (
      ctx,
      input: DescribeSecurityGroupsCommandInput,
    ): Out<DescribeSecurityGroupsCommandOutput> => {
      dryRun(ctx, input);
      const s = state(ctx);
      let groups = s.securityGroups;
      if (input.GroupIds?.length) {
        const missing = input.GroupIds.filter((id) => !groups.some((g) => g.GroupId === id));
        if (missing.length) {
          throw bad(ctx, `The security group '${missing[0]}' does not exist`, 'InvalidGroup.NotFound');
        }
        groups = groups.filter((g) => input.GroupIds!.includes(g.GroupId ?? ''));
      }
      if (input.GroupNames?.length) {
        // Group names are looked up in the default VPC only.
        const defaultVpc = s.vpcs.find((v) => v.IsDefault)?.VpcId;
        const inDefault = groups.filter((g) => g.VpcId === defaultVpc);
        const missing = input.GroupNames.filter((n) => !inDefault.some((g) => g.GroupName === n));
        if (missing.length) {
          throw bad(
            ctx,
            `The security group '${missing[0]}' does not exist in default VPC '${defaultVpc ?? 'none'}'`,
            'InvalidGroup.NotFound',
          );
        }
        groups = inDefault.filter((g) => input.GroupNames!.includes(g.GroupName ?? ''));
      }
      const cidrs = (perms: IpPermission[] | undefined): string[] =>
        (perms ?? []).flatMap((p) => (p.IpRanges ?? []).map((r) => r.CidrIp ?? ''));
      const filtered = applyFilters(ctx, groups, input.Filters, (g) => ({
        'group-id': g.GroupId,
        'group-name': g.GroupName,
        'vpc-id': g.VpcId,
        'owner-id': g.OwnerId,
        description: g.Description,
        'ip-permission.cidr': cidrs(g.IpPermissions),
        'egress.ip-permission.cidr': cidrs(g.IpPermissionsEgress),
        'ip-permission.protocol': (g.IpPermissions ?? []).map((p) => p.IpProtocol ?? ''),
        'egress.ip-permission.protocol': (g.IpPermissionsEgress ?? []).map((p) => p.IpProtocol ?? ''),
      }));
      const p = ec2Page(ctx, filtered, input, 5);
      return { SecurityGroups: structuredClone(p.page), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    DescribeNetworkAcls: (
      ctx,
      input: DescribeNetworkAclsCommandInput,
    ): Out<DescribeNetworkAclsCommandOutput> => {
      dryRun(ctx, input);
      let acls = state(ctx).networkAcls;
      if (input.NetworkAclIds?.length) {
        const missing = input.NetworkAclIds.filter((id) => !acls.some((a) => a.NetworkAclId === id));
        if (missing.length) {
          throw bad(ctx, `The networkAcl ID '${missing[0]}' does not exist`, 'InvalidNetworkAclID.NotFound');
        }
        acls = acls.filter((a) => input.NetworkAclIds!.includes(a.NetworkAclId ?? ''));
      }
      const filtered = applyFilters(ctx, acls, input.Filters, (a) => ({
        'network-acl-id': a.NetworkAclId,
        'vpc-id': a.VpcId,
        default: String(a.IsDefault ?? false),
        'owner-id': a.OwnerId,
        'entry.cidr': (a.Entries ?? []).map((e) => e.CidrBlock ?? ''),
        'entry.rule-action': (a.Entries ?? []).map((e) => e.RuleAction ?? ''),
        'entry.egress': (a.Entries ?? []).map((e) => String(e.Egress ?? false)),
      }));
      const p = ec2Page(ctx, filtered, input, 5);
      return { NetworkAcls: structuredClone(p.page), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    DescribeVpcBlockPublicAccessOptions: (
      ctx,
      input: { DryRun?: boolean },
    ): Out<DescribeVpcBlockPublicAccessOptionsCommandOutput> => {
      dryRun(ctx, input);
      const mode = state(ctx).vpcBlockPublicAccess;
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcBlockPublicAccessOptions.html
      return {
        VpcBlockPublicAccessOptions: {
          AwsAccountId: ctx.account,
          AwsRegion: ctx.region,
          State: mode === 'off' ? 'default-state' : 'update-complete',
          InternetGatewayBlockMode: mode,
          ManagedBy: 'account',
        },
      };
    },

    // A new account runs no instances, holds no snapshots, launch templates or transit gateways;
    // the sandbox simulates none, so these describe calls answer with empty lists.
    DescribeInstances: (ctx, input: DescribeInstancesCommandInput): Out<DescribeInstancesCommandOutput> => {
      dryRun(ctx, input);
      return { Reservations: [] };
    },

    DescribeSnapshots: (ctx, input: DescribeSnapshotsCommandInput): Out<DescribeSnapshotsCommandOutput> => {
      dryRun(ctx, input);
      return { Snapshots: [] };
    },

    DescribeLaunchTemplates: (
      ctx,
      input: DescribeLaunchTemplatesCommandInput,
    ): Out<DescribeLaunchTemplatesCommandOutput> => {
      dryRun(ctx, input);
      return { LaunchTemplates: [] };
    },

    DescribeTransitGateways: (
      ctx,
      input: DescribeTransitGatewaysCommandInput,
    ): Out<DescribeTransitGatewaysCommandOutput> => {
      dryRun(ctx, input);
      return { TransitGateways: [] };
    },

    DescribeFlowLogs: (ctx, input: DescribeFlowLogsCommandInput): Out<DescribeFlowLogsCommandOutput> => {
      dryRun(ctx, input);
      let logs = state(ctx).flowLogs;
      if (input.FlowLogIds?.length) logs = logs.filter((l) => input.FlowLogIds!.includes(l.FlowLogId ?? ''));
      const filtered = applyFilters(ctx, logs, input.Filter, (l) => ({
        'resource-id': l.ResourceId,
        'flow-log-id': l.FlowLogId,
        'log-destination-type': l.LogDestinationType,
        'deliver-log-status': l.DeliverLogsStatus,
        'traffic-type': l.TrafficType,
        'log-group-name': l.LogGroupName,
      }));
      const p = ec2Page(ctx, filtered, input, 1);
      return { FlowLogs: structuredClone(p.page), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },
  },
});
