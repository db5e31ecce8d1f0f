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
 * Also answered for the baseline controls: the default network ACL (allow all, then deny) and its
 * entries (CreateNetworkAclEntry, DeleteNetworkAclEntry), security group rules (Authorize/Revoke
 * ingress and egress), flow logs (CreateFlowLogs, DeleteFlowLogs), VPC block public access (off until
 * ModifyVpcBlockPublicAccessOptions), transit gateways (Create, Modify, Describe), launch templates
 * and their versions (Create, CreateVersion, Modify, Describe, DescribeVersions), and empty
 * DescribeInstances and DescribeSnapshots (the sandbox simulates no instances or snapshots).
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTransitGateway.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html
 *
 * Not simulated: a flow log to S3 does not check the bucket policy for log delivery (only that the
 * bucket exists), and subnets are not modelled.
 *
 * EC2 errors are unmodeled codes (`InvalidParameterValue`, `InvalidGroup.NotFound`, …); every
 * operation honours `DryRun` with `DryRunOperation`.
 *
 * Propagation keys honoured:
 * - `ec2:image-block-public-access` — EnableImageBlockPublicAccess "can take up to 10 minutes";
 *   until then GetImageBlockPublicAccessState still says `unblocked`.
 */
import type {
  AuthorizeSecurityGroupEgressCommandInput,
  AuthorizeSecurityGroupEgressCommandOutput,
  AuthorizeSecurityGroupIngressCommandInput,
  AuthorizeSecurityGroupIngressCommandOutput,
  CreateFlowLogsCommandInput,
  CreateFlowLogsCommandOutput,
  CreateLaunchTemplateCommandInput,
  CreateLaunchTemplateCommandOutput,
  CreateLaunchTemplateVersionCommandInput,
  CreateLaunchTemplateVersionCommandOutput,
  CreateNetworkAclEntryCommandInput,
  CreateTransitGatewayCommandInput,
  CreateTransitGatewayCommandOutput,
  DeleteFlowLogsCommandInput,
  DeleteFlowLogsCommandOutput,
  DeleteNetworkAclEntryCommandInput,
  DescribeLaunchTemplateVersionsCommandInput,
  DescribeLaunchTemplateVersionsCommandOutput,
  LaunchTemplate,
  LaunchTemplateVersion,
  ModifyLaunchTemplateCommandInput,
  ModifyLaunchTemplateCommandOutput,
  ModifyTransitGatewayCommandInput,
  ModifyTransitGatewayCommandOutput,
  ModifyVpcBlockPublicAccessOptionsCommandInput,
  ModifyVpcBlockPublicAccessOptionsCommandOutput,
  RequestLaunchTemplateData,
  ResponseLaunchTemplateData,
  RevokeSecurityGroupEgressCommandInput,
  RevokeSecurityGroupEgressCommandOutput,
  RevokeSecurityGroupIngressCommandInput,
  RevokeSecurityGroupIngressCommandOutput,
  TransitGateway,
  UnsuccessfulItem,
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
import { findBucket } from './s3.js';
import type {
  DescribeVerifiedAccessInstancesCommandInput,
  DescribeVerifiedAccessInstancesCommandOutput,
  VerifiedAccessInstance,
  Address,
  DescribeAddressesCommandInput,
  DescribeAddressesCommandOutput,
} from '@aws-sdk/client-ec2';

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
  /** Transit gateways owned by the account. */
  transitGateways: TransitGateway[];
  /** Launch templates with their versions. */
  launchTemplates: SandboxLaunchTemplate[];
}

/** One launch template and its versions (version numbers start at 1). */
export interface SandboxLaunchTemplate {
  /** `lt-…` id. */
  id: string;
  /** Unique name in the account and Region. */
  name: string;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Version launched when none is named. */
  defaultVersion: number;
  /** Versions, oldest first. */
  versions: { number: number; description?: string; createdAt: number; data: RequestLaunchTemplateData }[];
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
    transitGateways: [],
    launchTemplates: [],
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

// --- Verified Access instances (listed for the AWS WAF association checks) ---------------------------
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVerifiedAccessInstances.html
// (MaxResults 5–200, NextToken in and out). A new account has none; plant them with
// plantVerifiedAccessInstance. Kept apart from Ec2RegionState so the baseline state stays untouched.

const VERIFIED_ACCESS_KEY = 'ec2-verified-access';

/** Verified Access instances of `account` in `region`, by id (created empty on first use). */
export function verifiedAccessInstances(
  world: SandboxWorld,
  account: string,
  region: string,
): Map<string, VerifiedAccessInstance> {
  return world.regional(
    VERIFIED_ACCESS_KEY,
    account,
    region,
    () => new Map<string, VerifiedAccessInstance>(),
  );
}

/** Places a Verified Access instance in `account`/`region`; returns its ARN (the form AWS WAF takes). */
export function plantVerifiedAccessInstance(world: SandboxWorld, account: string, region: string): string {
  const all = verifiedAccessInstances(world, account, region);
  const id = `vai-${hexId(`${account}/${region}/vai/${all.size}`)}`;
  all.set(id, { VerifiedAccessInstanceId: id, Description: '', CreationTime: new Date(0).toISOString() });
  return `arn:aws:ec2:${region}:${account}:verified-access-instance/${id}`;
}

/** True when the Verified Access instance this ARN names exists. */
export function verifiedAccessInstanceExists(world: SandboxWorld, arn: string): boolean {
  const m = /^arn:aws:ec2:([a-z0-9-]+):(\d{12}):verified-access-instance\/(vai-[a-f0-9]+)$/.exec(arn);
  return Boolean(m && verifiedAccessInstances(world, m[2]!, m[1]!).has(m[3]!));
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAddresses.html (not paginated: every
// address of the Region in one answer; filters `AllocationIds` and `PublicIps`). A new account has none;
// plant them with plantElasticIp. Kept apart from Ec2RegionState so the baseline state stays untouched.

const ADDRESSES_KEY = 'ec2-addresses';

/** Elastic IP addresses of `account` in `region` (created empty on first use). */
export function elasticIps(world: SandboxWorld, account: string, region: string): Address[] {
  return world.regional(ADDRESSES_KEY, account, region, () => [] as Address[]);
}

/**
 * Allocates an Elastic IP address in `account`/`region` directly in the world (tests and scenarios); returns
 * its allocation ARN (`arn:aws:ec2:<region>:<account>:eip-allocation/eipalloc-…`, the form Shield protects).
 */
export function plantElasticIp(world: SandboxWorld, account: string, region: string): string {
  const all = elasticIps(world, account, region);
  const id = `eipalloc-${hexId(`${account}/${region}/eip/${all.length}`)}`;
  const n = all.length + 1;
  all.push({
    AllocationId: id,
    PublicIp: `198.51.100.${n % 256}`,
    Domain: 'vpc',
    PublicIpv4Pool: 'amazon',
    NetworkBorderGroup: region,
  });
  return `arn:aws:ec2:${region}:${account}:eip-allocation/${id}`;
}

// --- launch template helpers ---------------------------------------------------------------------

function templateSummary(t: SandboxLaunchTemplate): LaunchTemplate {
  return {
    LaunchTemplateId: t.id,
    LaunchTemplateName: t.name,
    CreateTime: new Date(t.createdAt),
    DefaultVersionNumber: t.defaultVersion,
    LatestVersionNumber: t.versions.at(-1)?.number ?? 1,
  };
}

/** A stored version as DescribeLaunchTemplateVersions returns it (metadata options echo the request). */
function versionShape(
  ctx: CallContext,
  t: SandboxLaunchTemplate,
  v: SandboxLaunchTemplate['versions'][number],
): LaunchTemplateVersion {
  const { MetadataOptions, ...rest } = structuredClone(v.data);
  const data = rest as ResponseLaunchTemplateData;
  if (MetadataOptions) data.MetadataOptions = { State: 'applied', ...MetadataOptions };
  return {
    LaunchTemplateId: t.id,
    LaunchTemplateName: t.name,
    VersionNumber: v.number,
    CreateTime: new Date(v.createdAt),
    CreatedBy: `arn:${ctx.world.partition}:iam::${ctx.account}:root`,
    DefaultVersion: v.number === t.defaultVersion,
    LaunchTemplateData: data,
    ...(v.description ? { VersionDescription: v.description } : {}),
  };
}

function findTemplate(
  ctx: CallContext,
  id: string | undefined,
  name: string | undefined,
): SandboxLaunchTemplate {
  if (id === undefined && name === undefined) {
    throw bad(ctx, 'Either LaunchTemplateId or LaunchTemplateName must be specified.', 'MissingParameter');
  }
  const t = state(ctx).launchTemplates.find((x) => (id !== undefined ? x.id === id : x.name === name));
  if (!t) {
    throw id !== undefined
      ? bad(
          ctx,
          `The specified launch template, with template ID ${id}, does not exist.`,
          'InvalidLaunchTemplateId.NotFound',
        )
      : bad(
          ctx,
          `The specified launch template, with template name ${String(name)}, does not exist.`,
          'InvalidLaunchTemplateName.NotFoundException',
        );
  }
  return t;
}

// --- security group rule helpers --------------------------------------------------------------------

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' };
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { tcp: '6', udp: '17', icmp: '1', all: '-1' };

/** Security groups report protocols by name (`tcp`), `-1` for all. */
function sgProtocol(p: string | undefined): string {
  const v = (p ?? '-1').toLowerCase();
  return PROTOCOL_NAMES[v] ?? v;
}

/** Network ACL entries report protocols by number (`6`), `-1` for all. */
function normalizeProtocol(p: string): string {
  const v = p.toLowerCase();
  return PROTOCOL_NUMBERS[v] ?? v;
}

/** Splits permissions into rules with one source each, the unit AWS matches rules by. */
function atomize(account: string, perms: readonly IpPermission[]): IpPermission[] {
  const out: IpPermission[] = [];
  for (const p of perms) {
    const proto = sgProtocol(p.IpProtocol);
    const base: IpPermission = {
      IpProtocol: proto,
      ...(proto !== '-1' && p.FromPort !== undefined ? { FromPort: p.FromPort } : {}),
      ...(proto !== '-1' && p.ToPort !== undefined ? { ToPort: p.ToPort } : {}),
      IpRanges: [],
      Ipv6Ranges: [],
      UserIdGroupPairs: [],
      PrefixListIds: [],
    };
    for (const r of p.IpRanges ?? []) out.push({ ...base, IpRanges: [{ ...r }] });
    for (const r of p.Ipv6Ranges ?? []) out.push({ ...base, Ipv6Ranges: [{ ...r }] });
    for (const g of p.UserIdGroupPairs ?? []) {
      out.push({ ...base, UserIdGroupPairs: [{ UserId: account, ...g }] });
    }
    for (const l of p.PrefixListIds ?? []) out.push({ ...base, PrefixListIds: [{ ...l }] });
  }
  return out;
}

function ruleKey(p: IpPermission): string {
  const source =
    p.IpRanges?.[0]?.CidrIp ??
    p.Ipv6Ranges?.[0]?.CidrIpv6 ??
    p.UserIdGroupPairs?.[0]?.GroupId ??
    p.PrefixListIds?.[0]?.PrefixListId ??
    '';
  return `${sgProtocol(p.IpProtocol)}|${p.FromPort ?? ''}|${p.ToPort ?? ''}|${source}`;
}

function authorize(ctx: CallContext, existing: IpPermission[], add: readonly IpPermission[]): IpPermission[] {
  const have = atomize(ctx.account, existing);
  const keys = new Set(have.map(ruleKey));
  for (const rule of atomize(ctx.account, add)) {
    if (keys.has(ruleKey(rule))) {
      throw bad(ctx, `the specified rule "${ruleKey(rule)}" already exists`, 'InvalidPermission.Duplicate');
    }
    keys.add(ruleKey(rule));
    have.push(rule);
  }
  return have;
}

function revoke(
  account: string,
  existing: IpPermission[],
  remove: readonly IpPermission[],
): { kept: IpPermission[]; unknown: IpPermission[] } {
  const have = atomize(account, existing);
  const unknown: IpPermission[] = [];
  for (const rule of atomize(account, remove)) {
    const i = have.findIndex((h) => ruleKey(h) === ruleKey(rule));
    if (i < 0) unknown.push(rule);
    else have.splice(i, 1);
  }
  return { kept: have, unknown };
}

/** The pre-IpPermissions request shape of AuthorizeSecurityGroupIngress (CidrIp, IpProtocol, ports). */
function legacyPermission(input: {
  CidrIp?: string | undefined;
  IpProtocol?: string | undefined;
  FromPort?: number | undefined;
  ToPort?: number | undefined;
}): IpPermission[] {
  if (!input.CidrIp) return [];
  return [
    {
      IpProtocol: input.IpProtocol ?? '-1',
      ...(input.FromPort !== undefined ? { FromPort: input.FromPort } : {}),
      ...(input.ToPort !== undefined ? { ToPort: input.ToPort } : {}),
      IpRanges: [{ CidrIp: input.CidrIp }],
    },
  ];
}

function findGroup(ctx: CallContext, id: string | undefined, name: string | undefined): SecurityGroup {
  const s = state(ctx);
  if (id !== undefined) {
    const g = s.securityGroups.find((x) => x.GroupId === id);
    if (!g) throw bad(ctx, `The security group '${id}' does not exist`, 'InvalidGroup.NotFound');
    return g;
  }
  if (name !== undefined) {
    const defaultVpc = s.vpcs.find((v) => v.IsDefault)?.VpcId;
    const g = s.securityGroups.find((x) => x.GroupName === name && x.VpcId === defaultVpc);
    if (!g) {
      throw bad(
        ctx,
        `The security group '${name}' does not exist in default VPC '${defaultVpc ?? 'none'}'`,
        'InvalidGroup.NotFound',
      );
    }
    return g;
  }
  throw bad(ctx, 'Either GroupId or GroupName must be specified.', 'MissingParameter');
}

function findAcl(ctx: CallContext, id: string | undefined): NetworkAcl {
  const acl = state(ctx).networkAcls.find((a) => a.NetworkAclId === id);
  if (!acl)
    throw bad(ctx, `The networkAcl ID '${String(id)}' does not exist`, 'InvalidNetworkAclID.NotFound');
  return acl;
}

/** The simulated EC2 service (account settings and the network facts baselines read). */
export const ec2Service = defineService({
  name: 'ec2',
  clientName: 'EC2Client',
  scope: 'regional',
  protocol: 'ec2',
  operations: {
    DescribeAddresses: (ctx, input: DescribeAddressesCommandInput): Out<DescribeAddressesCommandOutput> => {
      dryRun(ctx, input);
      const all = elasticIps(ctx.world, ctx.account, ctx.region);
      const byId = input.AllocationIds?.length ? new Set(input.AllocationIds) : undefined;
      const byIp = input.PublicIps?.length ? new Set(input.PublicIps) : undefined;
      for (const id of byId ?? []) {
        if (!all.some((a) => a.AllocationId === id)) {
          throw bad(ctx, `The allocation ID '${id}' does not exist`, 'InvalidAllocationID.NotFound');
        }
      }
      return {
        Addresses: structuredClone(
          all.filter((a) => (!byId || byId.has(a.AllocationId!)) && (!byIp || byIp.has(a.PublicIp!))),
        ),
      };
    },
    DescribeVerifiedAccessInstances: (
      ctx,
      input: DescribeVerifiedAccessInstancesCommandInput,
    ): Out<DescribeVerifiedAccessInstancesCommandOutput> => {
      dryRun(ctx, input);
      if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 200)) {
        throw bad(
          ctx,
          `Value ( ${input.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 200.`,
        );
      }
      const all = [...verifiedAccessInstances(ctx.world, ctx.account, ctx.region).values()];
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 200,
        limit: 200,
        errorName: 'InvalidParameterValue',
      });
      return {
        VerifiedAccessInstances: structuredClone(page),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

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

    // A new account runs no instances and holds no snapshots; the sandbox simulates neither, so
    // these describe calls answer with empty lists.
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
      let templates = state(ctx).launchTemplates;
      if (input.LaunchTemplateIds?.length) {
        templates = templates.filter((t) => input.LaunchTemplateIds!.includes(t.id));
      }
      if (input.LaunchTemplateNames?.length) {
        templates = templates.filter((t) => input.LaunchTemplateNames!.includes(t.name));
      }
      const filtered = applyFilters(ctx, templates, input.Filters, (t) => ({
        'launch-template-name': t.name,
      }));
      const p = ec2Page(ctx, filtered, input, 1);
      return {
        LaunchTemplates: p.page.map((t) => templateSummary(t)),
        ...(p.NextToken ? { NextToken: p.NextToken } : {}),
      };
    },

    // --- launch templates ------------------------------------------------------------------------
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html

    CreateLaunchTemplate: (
      ctx,
      input: CreateLaunchTemplateCommandInput,
    ): Out<CreateLaunchTemplateCommandOutput> => {
      dryRun(ctx, input);
      const name = input.LaunchTemplateName ?? '';
      // Names: 3–128 characters of letters, digits, ( ) . / _ and -.
      if (!/^[a-zA-Z0-9().\-/_]{3,128}$/.test(name)) {
        throw bad(
          ctx,
          `Launch template name '${name}' is invalid.`,
          'InvalidLaunchTemplateName.MalformedException',
        );
      }
      if (!input.LaunchTemplateData) throw bad(ctx, 'LaunchTemplateData is required.', 'MissingParameter');
      const s = state(ctx);
      if (s.launchTemplates.some((t) => t.name === name)) {
        throw bad(
          ctx,
          `Launch template name already in use.`,
          'InvalidLaunchTemplateName.AlreadyExistsException',
        );
      }
      const now = ctx.clock.now();
      const t: SandboxLaunchTemplate = {
        id: `lt-${hexId(`${ctx.account}/${ctx.region}/lt/${name}`)}`,
        name,
        createdAt: now,
        defaultVersion: 1,
        versions: [
          {
            number: 1,
            createdAt: now,
            data: structuredClone(input.LaunchTemplateData),
            ...(input.VersionDescription ? { description: input.VersionDescription } : {}),
          },
        ],
      };
      s.launchTemplates.push(t);
      return { LaunchTemplate: templateSummary(t) };
    },

    CreateLaunchTemplateVersion: (
      ctx,
      input: CreateLaunchTemplateVersionCommandInput,
    ): Out<CreateLaunchTemplateVersionCommandOutput> => {
      dryRun(ctx, input);
      const t = findTemplate(ctx, input.LaunchTemplateId, input.LaunchTemplateName);
      if (!input.LaunchTemplateData) throw bad(ctx, 'LaunchTemplateData is required.', 'MissingParameter');
      let data = structuredClone(input.LaunchTemplateData);
      if (input.SourceVersion !== undefined) {
        const source = t.versions.find((v) => String(v.number) === input.SourceVersion);
        if (!source) {
          throw bad(
            ctx,
            `Version ${input.SourceVersion} does not exist.`,
            'InvalidLaunchTemplateId.VersionNotFound',
          );
        }
        // Settings given in the request override the source version's.
        data = { ...structuredClone(source.data), ...data };
      }
      const number = (t.versions.at(-1)?.number ?? 0) + 1;
      const version = {
        number,
        createdAt: ctx.clock.now(),
        data,
        ...(input.VersionDescription ? { description: input.VersionDescription } : {}),
      };
      t.versions.push(version);
      return { LaunchTemplateVersion: versionShape(ctx, t, version) };
    },

    ModifyLaunchTemplate: (
      ctx,
      input: ModifyLaunchTemplateCommandInput,
    ): Out<ModifyLaunchTemplateCommandOutput> => {
      dryRun(ctx, input);
      const t = findTemplate(ctx, input.LaunchTemplateId, input.LaunchTemplateName);
      if (input.DefaultVersion !== undefined) {
        const n = Number(input.DefaultVersion);
        if (!t.versions.some((v) => v.number === n)) {
          throw bad(
            ctx,
            `Version ${input.DefaultVersion} does not exist.`,
            'InvalidLaunchTemplateId.VersionNotFound',
          );
        }
        t.defaultVersion = n;
      }
      return { LaunchTemplate: templateSummary(t) };
    },

    DescribeLaunchTemplateVersions: (
      ctx,
      input: DescribeLaunchTemplateVersionsCommandInput,
    ): Out<DescribeLaunchTemplateVersionsCommandOutput> => {
      dryRun(ctx, input);
      const s = state(ctx);
      const wanted = input.Versions ?? [];
      let rows: { t: SandboxLaunchTemplate; v: SandboxLaunchTemplate['versions'][number] }[] = [];
      if (input.LaunchTemplateId === undefined && input.LaunchTemplateName === undefined) {
        // Without a template, only $Latest and $Default are valid: the latest or default version of
        // every launch template of the account.
        if (wanted.length === 0 || wanted.some((v) => v !== '$Latest' && v !== '$Default')) {
          throw bad(
            ctx,
            'To describe all launch templates, specify $Latest or $Default as the version, and no template.',
            'InvalidParameterCombination',
          );
        }
        for (const t of s.launchTemplates) {
          const picked = new Set<number>();
          if (wanted.includes('$Default')) picked.add(t.defaultVersion);
          if (wanted.includes('$Latest')) picked.add(t.versions.at(-1)!.number);
          for (const v of t.versions) if (picked.has(v.number)) rows.push({ t, v });
        }
      } else {
        const t = findTemplate(ctx, input.LaunchTemplateId, input.LaunchTemplateName);
        const picked = new Set<number>();
        for (const w of wanted) {
          if (w === '$Latest') picked.add(t.versions.at(-1)!.number);
          else if (w === '$Default') picked.add(t.defaultVersion);
          else picked.add(Number(w));
        }
        rows = t.versions
          .filter((v) => wanted.length === 0 || picked.has(v.number))
          .filter((v) => input.MinVersion === undefined || v.number >= Number(input.MinVersion))
          .filter((v) => input.MaxVersion === undefined || v.number <= Number(input.MaxVersion))
          .map((v) => ({ t, v }));
      }
      if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 200)) {
        throw bad(
          ctx,
          `Value ( ${input.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 1 and 200.`,
        );
      }
      const p = ec2Page(ctx, rows, input, 1);
      return {
        LaunchTemplateVersions: p.page.map((r) => versionShape(ctx, r.t, r.v)),
        ...(p.NextToken ? { NextToken: p.NextToken } : {}),
      };
    },

    // --- transit gateways --------------------------------------------------------------------------
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTransitGateway.html
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRequestOptions.html
    // (AutoAcceptSharedAttachments defaults to disable)

    CreateTransitGateway: (
      ctx,
      input: CreateTransitGatewayCommandInput,
    ): Out<CreateTransitGatewayCommandOutput> => {
      dryRun(ctx, input);
      const s = state(ctx);
      const o = input.Options ?? {};
      const id = `tgw-${hexId(`${ctx.account}/${ctx.region}/tgw/${s.transitGateways.length}`)}`;
      const rt = `tgw-rtb-${hexId(`${ctx.account}/${ctx.region}/tgw-rtb/${s.transitGateways.length}`)}`;
      const asn = o.AmazonSideAsn ?? 64512;
      const tgw: TransitGateway = {
        TransitGatewayId: id,
        TransitGatewayArn: `arn:${ctx.world.partition}:ec2:${ctx.region}:${ctx.account}:transit-gateway/${id}`,
        State: 'available',
        OwnerId: ctx.account,
        CreationTime: ctx.now(),
        ...(input.Description !== undefined ? { Description: input.Description } : {}),
        Options: {
          AmazonSideAsn: asn,
          AutoAcceptSharedAttachments: o.AutoAcceptSharedAttachments ?? 'disable',
          DefaultRouteTableAssociation: o.DefaultRouteTableAssociation ?? 'enable',
          DefaultRouteTablePropagation: o.DefaultRouteTablePropagation ?? 'enable',
          AssociationDefaultRouteTableId: rt,
          PropagationDefaultRouteTableId: rt,
          VpnEcmpSupport: o.VpnEcmpSupport ?? 'enable',
          DnsSupport: o.DnsSupport ?? 'enable',
          MulticastSupport: o.MulticastSupport ?? 'disable',
        },
        Tags: (input.TagSpecifications ?? []).flatMap((t) => t.Tags ?? []),
      };
      s.transitGateways.push(tgw);
      return { TransitGateway: structuredClone(tgw) };
    },

    ModifyTransitGateway: (
      ctx,
      input: ModifyTransitGatewayCommandInput,
    ): Out<ModifyTransitGatewayCommandOutput> => {
      dryRun(ctx, input);
      const tgw = state(ctx).transitGateways.find((t) => t.TransitGatewayId === input.TransitGatewayId);
      if (!tgw) {
        throw bad(
          ctx,
          `Transit Gateway ${String(input.TransitGatewayId)} was deleted or does not exist.`,
          'InvalidTransitGatewayID.NotFound',
        );
      }
      const o = input.Options ?? {};
      tgw.Options = {
        ...tgw.Options,
        ...(o.AutoAcceptSharedAttachments
          ? { AutoAcceptSharedAttachments: o.AutoAcceptSharedAttachments }
          : {}),
        ...(o.DefaultRouteTableAssociation
          ? { DefaultRouteTableAssociation: o.DefaultRouteTableAssociation }
          : {}),
        ...(o.DefaultRouteTablePropagation
          ? { DefaultRouteTablePropagation: o.DefaultRouteTablePropagation }
          : {}),
        ...(o.DnsSupport ? { DnsSupport: o.DnsSupport } : {}),
        ...(o.VpnEcmpSupport ? { VpnEcmpSupport: o.VpnEcmpSupport } : {}),
      };
      if (input.Description !== undefined) tgw.Description = input.Description;
      return { TransitGateway: structuredClone(tgw) };
    },

    DescribeTransitGateways: (
      ctx,
      input: DescribeTransitGatewaysCommandInput,
    ): Out<DescribeTransitGatewaysCommandOutput> => {
      dryRun(ctx, input);
      let gws = state(ctx).transitGateways;
      if (input.TransitGatewayIds?.length) {
        const missing = input.TransitGatewayIds.filter((id) => !gws.some((g) => g.TransitGatewayId === id));
        if (missing.length) {
          throw bad(
            ctx,
            `Transit Gateway ${missing[0]} was deleted or does not exist.`,
            'InvalidTransitGatewayID.NotFound',
          );
        }
        gws = gws.filter((g) => input.TransitGatewayIds!.includes(g.TransitGatewayId ?? ''));
      }
      const filtered = applyFilters(ctx, gws, input.Filters, (g) => ({
        'transit-gateway-id': g.TransitGatewayId,
        state: g.State,
        'owner-id': g.OwnerId,
        'options.auto-accept-shared-attachments': g.Options?.AutoAcceptSharedAttachments,
      }));
      const p = ec2Page(ctx, filtered, input, 5);
      return { TransitGateways: structuredClone(p.page), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    // --- VPC block public access -----------------------------------------------------------------

    ModifyVpcBlockPublicAccessOptions: (
      ctx,
      input: ModifyVpcBlockPublicAccessOptionsCommandInput,
    ): Out<ModifyVpcBlockPublicAccessOptionsCommandOutput> => {
      dryRun(ctx, input);
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcBlockPublicAccessOptions.html
      const mode = input.InternetGatewayBlockMode;
      if (mode !== 'off' && mode !== 'block-bidirectional' && mode !== 'block-ingress') {
        throw bad(ctx, `Value (${String(mode)}) for parameter InternetGatewayBlockMode is invalid.`);
      }
      state(ctx).vpcBlockPublicAccess = mode;
      return {
        VpcBlockPublicAccessOptions: {
          AwsAccountId: ctx.account,
          AwsRegion: ctx.region,
          State: 'update-complete',
          InternetGatewayBlockMode: mode,
          ManagedBy: 'account',
        },
      };
    },

    // --- security group rules ---------------------------------------------------------------------
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html
    // (a rule that does not match an existing one is returned in UnknownIpPermissions, not an error)

    AuthorizeSecurityGroupIngress: (
      ctx,
      input: AuthorizeSecurityGroupIngressCommandInput,
    ): Out<AuthorizeSecurityGroupIngressCommandOutput> => {
      dryRun(ctx, input);
      const sg = findGroup(ctx, input.GroupId, input.GroupName);
      const perms = input.IpPermissions ?? legacyPermission(input);
      sg.IpPermissions = authorize(ctx, sg.IpPermissions ?? [], perms);
      return { Return: true };
    },

    AuthorizeSecurityGroupEgress: (
      ctx,
      input: AuthorizeSecurityGroupEgressCommandInput,
    ): Out<AuthorizeSecurityGroupEgressCommandOutput> => {
      dryRun(ctx, input);
      const sg = findGroup(ctx, input.GroupId, undefined);
      sg.IpPermissionsEgress = authorize(ctx, sg.IpPermissionsEgress ?? [], input.IpPermissions ?? []);
      return { Return: true };
    },

    RevokeSecurityGroupIngress: (
      ctx,
      input: RevokeSecurityGroupIngressCommandInput,
    ): Out<RevokeSecurityGroupIngressCommandOutput> => {
      dryRun(ctx, input);
      const sg = findGroup(ctx, input.GroupId, input.GroupName);
      const r = revoke(ctx.account, sg.IpPermissions ?? [], input.IpPermissions ?? legacyPermission(input));
      sg.IpPermissions = r.kept;
      return { Return: true, ...(r.unknown.length ? { UnknownIpPermissions: r.unknown } : {}) };
    },

    RevokeSecurityGroupEgress: (
      ctx,
      input: RevokeSecurityGroupEgressCommandInput,
    ): Out<RevokeSecurityGroupEgressCommandOutput> => {
      dryRun(ctx, input);
      const sg = findGroup(ctx, input.GroupId, undefined);
      const r = revoke(ctx.account, sg.IpPermissionsEgress ?? [], input.IpPermissions ?? []);
      sg.IpPermissionsEgress = r.kept;
      return { Return: true, ...(r.unknown.length ? { UnknownIpPermissions: r.unknown } : {}) };
    },

    // --- network ACL entries ----------------------------------------------------------------------
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html

    CreateNetworkAclEntry: (ctx, input: CreateNetworkAclEntryCommandInput): Record<string, never> => {
      dryRun(ctx, input);
      const acl = findAcl(ctx, input.NetworkAclId);
      const n = input.RuleNumber;
      if (n === undefined || !Number.isInteger(n) || n < 1 || n > 32766) {
        throw bad(ctx, `Value (${String(n)}) for parameter ruleNumber is invalid. Expecting 1-32766.`);
      }
      if (input.RuleAction !== 'allow' && input.RuleAction !== 'deny') {
        throw bad(ctx, `Value (${String(input.RuleAction)}) for parameter ruleAction is invalid.`);
      }
      if (!input.CidrBlock && !input.Ipv6CidrBlock) {
        throw bad(ctx, 'Either cidrBlock or ipv6CidrBlock must be specified.', 'MissingParameter');
      }
      const egress = input.Egress ?? false;
      const entries = acl.Entries ?? [];
      if (entries.some((e) => e.RuleNumber === n && (e.Egress ?? false) === egress)) {
        throw bad(
          ctx,
          `The network acl entry identified by ${n} already exists.`,
          'NetworkAclEntryAlreadyExists',
        );
      }
      const protocol = normalizeProtocol(input.Protocol ?? '-1');
      entries.push({
        RuleNumber: n,
        Protocol: protocol,
        RuleAction: input.RuleAction,
        Egress: egress,
        ...(input.CidrBlock ? { CidrBlock: input.CidrBlock } : {}),
        ...(input.Ipv6CidrBlock ? { Ipv6CidrBlock: input.Ipv6CidrBlock } : {}),
        ...(input.PortRange && protocol !== '-1' ? { PortRange: { ...input.PortRange } } : {}),
      });
      entries.sort(
        (a, b) => Number(b.Egress) - Number(a.Egress) || (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0),
      );
      acl.Entries = entries;
      return {};
    },

    DeleteNetworkAclEntry: (ctx, input: DeleteNetworkAclEntryCommandInput): Record<string, never> => {
      dryRun(ctx, input);
      const acl = findAcl(ctx, input.NetworkAclId);
      const egress = input.Egress ?? false;
      const entries = acl.Entries ?? [];
      const i = entries.findIndex((e) => e.RuleNumber === input.RuleNumber && (e.Egress ?? false) === egress);
      if (i < 0 || input.RuleNumber === 32767) {
        throw bad(
          ctx,
          `The network acl entry identified by ${String(input.RuleNumber)} does not exist.`,
          'InvalidNetworkAclEntry.NotFound',
        );
      }
      entries.splice(i, 1);
      return {};
    },

    // --- flow logs ----------------------------------------------------------------------------------
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html
    // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html
    // A resource that cannot get the flow log is reported in `Unsuccessful`, not as an error: an
    // unknown VPC, a bucket that does not exist ("LogDestination: <bucket> does not exist."), or a
    // flow log with the same destination and traffic type already on the resource.

    CreateFlowLogs: (ctx, input: CreateFlowLogsCommandInput): Out<CreateFlowLogsCommandOutput> => {
      dryRun(ctx, input);
      const type = input.ResourceType;
      const types = ['VPC', 'Subnet', 'NetworkInterface', 'TransitGateway', 'TransitGatewayAttachment'];
      if (!type || !types.includes(type)) {
        throw bad(ctx, `Value (${String(type)}) for parameter ResourceType is invalid.`);
      }
      if (!input.ResourceIds?.length) throw bad(ctx, 'ResourceIds is required.', 'MissingParameter');
      const destType = input.LogDestinationType ?? 'cloud-watch-logs';
      if (!['cloud-watch-logs', 's3', 'kinesis-data-firehose'].includes(destType)) {
        throw bad(ctx, `Value (${destType}) for parameter LogDestinationType is invalid.`);
      }
      const traffic = input.TrafficType;
      if (!traffic && (type === 'VPC' || type === 'Subnet' || type === 'NetworkInterface')) {
        throw bad(ctx, 'TrafficType is required for this resource type.', 'MissingParameter');
      }
      let destination = input.LogDestination;
      if (destType === 'cloud-watch-logs') {
        if (!destination && input.LogGroupName) {
          destination = `arn:${ctx.world.partition}:logs:${ctx.region}:${ctx.account}:log-group:${input.LogGroupName}`;
        }
        if (!destination) throw bad(ctx, 'LogGroupName or LogDestination is required.', 'MissingParameter');
        if (!input.DeliverLogsPermissionArn) {
          throw bad(ctx, 'DeliverLogsPermissionArn is required for CloudWatch Logs.', 'MissingParameter');
        }
      } else if (input.DeliverLogsPermissionArn) {
        throw bad(
          ctx,
          `DeliverLogsPermissionArn is not applicable for ${destType} delivery.`,
          'InvalidParameter',
        );
      }
      if (!destination) throw bad(ctx, 'LogDestination is required.', 'MissingParameter');
      const interval = input.MaxAggregationInterval ?? 600;
      if (interval !== 60 && interval !== 600) {
        throw bad(ctx, `Value (${interval}) for parameter MaxAggregationInterval is invalid.`);
      }
      const s = state(ctx);
      const ok: string[] = [];
      const unsuccessful: UnsuccessfulItem[] = [];
      const failed = (ResourceId: string, Code: string, Message: string) =>
        unsuccessful.push({ ResourceId, Error: { Code, Message } });
      for (const resourceId of input.ResourceIds) {
        if (type === 'VPC' && !s.vpcs.some((v) => v.VpcId === resourceId)) {
          failed(resourceId, 'InvalidVpcID.NotFound', `The vpc ID '${resourceId}' does not exist`);
          continue;
        }
        if (destType === 's3') {
          // The bucket part of arn:aws:s3:::bucket[/prefix].
          const bucket = /^arn:aws[\w-]*:s3:::([^/]+)/.exec(destination)?.[1];
          if (!bucket || !findBucket(ctx.world, bucket)) {
            failed(resourceId, '400', `LogDestination: ${bucket ?? destination} does not exist.`);
            continue;
          }
        }
        const dup = s.flowLogs.some(
          (l) =>
            l.ResourceId === resourceId &&
            l.LogDestination === destination &&
            l.TrafficType === (traffic ?? 'ALL'),
        );
        if (dup) {
          failed(resourceId, 'FlowLogAlreadyExists', 'FlowLogAlreadyExists');
          continue;
        }
        const id = addFlowLog(ctx.world, ctx.account, ctx.region, {
          resourceId,
          destinationType: destType as FlowLogSeed['destinationType'],
          destination,
          trafficType: traffic ?? 'ALL',
          createdAt: ctx.clock.now(),
        });
        const log = s.flowLogs.find((l) => l.FlowLogId === id)!;
        log.MaxAggregationInterval = interval;
        if (input.LogFormat) log.LogFormat = input.LogFormat;
        if (destType === 'cloud-watch-logs') {
          log.DeliverLogsPermissionArn = input.DeliverLogsPermissionArn;
          log.LogGroupName = input.LogGroupName ?? destination.split(':log-group:')[1];
        }
        ok.push(id);
      }
      return {
        FlowLogIds: ok,
        Unsuccessful: unsuccessful,
        ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}),
      };
    },

    DeleteFlowLogs: (ctx, input: DeleteFlowLogsCommandInput): Out<DeleteFlowLogsCommandOutput> => {
      dryRun(ctx, input);
      const s = state(ctx);
      const unsuccessful: UnsuccessfulItem[] = [];
      for (const id of input.FlowLogIds ?? []) {
        const i = s.flowLogs.findIndex((l) => l.FlowLogId === id);
        if (i < 0) {
          unsuccessful.push({
            ResourceId: id,
            Error: { Code: 'InvalidFlowLogId.NotFound', Message: `Flow log ${id} does not exist` },
          });
          continue;
        }
        s.flowLogs.splice(i, 1);
      }
      return { Unsuccessful: unsuccessful };
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
