/**
 * The EC2 collector: per account and governed Region, the account-level EC2 and EBS settings of the
 * SRA baseline and the network facts the FSBP EC2 controls judge (VPCs, default security groups,
 * network ACLs, flow logs, transit gateways, launch templates). The network module reads the same
 * slice for the network account, so every one of these reads is made once.
 *
 * Twelve reads per account and Region; the list calls paginate with their documented page sizes:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetEbsEncryptionByDefault.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetSnapshotBlockPublicAccessState.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetImageBlockPublicAccessState.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetInstanceMetadataDefaults.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetSerialConsoleAccessStatus.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcBlockPublicAccessOptions.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html (MaxResults 5–1000)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html (only the
 *   groups named `default`, one per VPC)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNetworkAcls.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeFlowLogs.html (MaxResults 1–1000)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeTransitGateways.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html
 *   (`$Default` without a template id: the default version of every template, MaxResults 1–200)
 */
import {
  DescribeFlowLogsCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupsCommand,
  DescribeTransitGatewaysCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  GetImageBlockPublicAccessStateCommand,
  GetInstanceMetadataDefaultsCommand,
  GetSerialConsoleAccessStatusCommand,
  GetSnapshotBlockPublicAccessStateCommand,
  type DescribeFlowLogsCommandOutput,
  type DescribeLaunchTemplateVersionsCommandOutput,
  type DescribeNetworkAclsCommandOutput,
  type DescribeSecurityGroupsCommandOutput,
  type DescribeTransitGatewaysCommandOutput,
  type DescribeVpcBlockPublicAccessOptionsCommandOutput,
  type DescribeVpcsCommandOutput,
  type FlowLog,
  type GetEbsEncryptionByDefaultCommandOutput,
  type GetImageBlockPublicAccessStateCommandOutput,
  type GetInstanceMetadataDefaultsCommandOutput,
  type GetSerialConsoleAccessStatusCommandOutput,
  type GetSnapshotBlockPublicAccessStateCommandOutput,
  type IpPermission,
  type LaunchTemplateVersion,
  type NetworkAcl,
  type SecurityGroup,
  type TransitGateway,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { defineCollector, type Datum } from '../../observe/types.js';

/** Id of the EC2 collector (its key in `inventory.region[account][region]`). */
export const EC2 = 'ec2';

/** Account-level instance metadata defaults; an absent field means "no preference". */
export interface ImdsDefaultsInfo {
  /** `required` (IMDSv2 only) or `optional`. */
  httpTokens?: string;
  /** PUT response hop limit. */
  httpPutResponseHopLimit?: number;
  /** `enabled` or `disabled`. */
  httpEndpoint?: string;
}

/** One VPC. */
export interface VpcInfo {
  /** `vpc-…` id. */
  id: string;
  /** Whether it is the Region's default VPC. */
  isDefault: boolean;
  /** Primary IPv4 CIDR. */
  cidr?: string;
}

/** One rule of a security group, as `<protocol> <ports> <peer>` (e.g. `tcp 22 0.0.0.0/0`). */
export type SecurityGroupRule = string;

/** The default security group of one VPC. */
export interface DefaultSecurityGroupInfo {
  /** `sg-…` id. */
  id: string;
  /** VPC it belongs to. */
  vpcId: string;
  /** Inbound rules. */
  ingress: SecurityGroupRule[];
  /** Outbound rules. */
  egress: SecurityGroupRule[];
}

/** One inbound entry of a network ACL. */
export interface AclEntryInfo {
  /** Rule number; entries are evaluated lowest first, 32767 is the catch-all. */
  rule: number;
  /** `allow` or `deny`. */
  action: string;
  /** Protocol number (`6` TCP, `17` UDP) or `-1` for all. */
  protocol: string;
  /** IPv4 source. */
  cidr?: string;
  /** IPv6 source. */
  ipv6Cidr?: string;
  /** First port, for TCP/UDP. */
  from?: number;
  /** Last port, for TCP/UDP. */
  to?: number;
}

/** One network ACL with its inbound entries. */
export interface NetworkAclInfo {
  /** `acl-…` id. */
  id: string;
  /** VPC it belongs to. */
  vpcId?: string;
  /** Whether it is the VPC's default ACL. */
  isDefault: boolean;
  /** Inbound entries. */
  ingress: AclEntryInfo[];
}

/** One flow log. */
export interface FlowLogInfo {
  /** `fl-…` id. */
  id: string;
  /** VPC, subnet or network interface it logs. */
  resourceId: string;
  /** `ACTIVE` when it is on. */
  status?: string;
  /** Delivery status (`SUCCESS`, `FAILED`). */
  deliverStatus?: string;
  /** `ACCEPT`, `REJECT` or `ALL`. */
  trafficType?: string;
  /** `s3`, `cloud-watch-logs` or `kinesis-data-firehose`. */
  destinationType?: string;
  /** Destination ARN. */
  destination?: string;
}

/** One transit gateway. */
export interface TransitGatewayInfo {
  /** `tgw-…` id. */
  id: string;
  /** ARN. */
  arn?: string;
  /** `available`, `pending`, … */
  state?: string;
  /** Whether attachment requests from other accounts are accepted automatically (`enable`/`disable`). */
  autoAcceptSharedAttachments?: string;
}

/** The default version of one launch template. */
export interface LaunchTemplateInfo {
  /** `lt-…` id. */
  id: string;
  /** Template name. */
  name: string;
  /** The default version's number. */
  version?: number;
  /** The default version's `MetadataOptions.HttpTokens`, when it sets one. */
  httpTokens?: string;
}

/** The EC2 slice of one account in one Region. Every part is read on its own. */
export interface Ec2Slice {
  /** EBS encryption by default. */
  ebsEncryptionByDefault: Datum<boolean>;
  /** EBS snapshot block public access (`block-all-sharing`, `block-new-sharing`, `unblocked`). */
  snapshotBlockPublicAccess: Datum<string>;
  /** AMI block public access (`block-new-sharing`, `unblocked`). */
  imageBlockPublicAccess: Datum<string>;
  /** Instance metadata defaults of the account. */
  imdsDefaults: Datum<ImdsDefaultsInfo>;
  /** EC2 serial console access. */
  serialConsoleAccess: Datum<boolean>;
  /** VPC block public access mode (`off`, `block-bidirectional`, `block-ingress`). */
  vpcBlockPublicAccess: Datum<string>;
  /** VPCs. */
  vpcs: Datum<VpcInfo[]>;
  /** The default security group of every VPC. */
  defaultSecurityGroups: Datum<DefaultSecurityGroupInfo[]>;
  /** Network ACLs. */
  networkAcls: Datum<NetworkAclInfo[]>;
  /** Flow logs. */
  flowLogs: Datum<FlowLogInfo[]>;
  /** Transit gateways owned by the account. */
  transitGateways: Datum<TransitGatewayInfo[]>;
  /** The default version of every launch template. */
  launchTemplates: Datum<LaunchTemplateInfo[]>;
}

/** Maps the value of a successful datum; a failed datum keeps its error. */
export function mapDatum<T, U>(d: Datum<T>, f: (value: T) => U): Datum<U> {
  return d.ok ? { ok: true, value: f(d.value) } : d;
}

/** Port text of a rule: `all`, `22` or `1024-2048`. */
function ports(p: IpPermission): string {
  if (p.IpProtocol === '-1' || p.FromPort === undefined) return 'all';
  return p.FromPort === p.ToPort ? String(p.FromPort) : `${p.FromPort}-${p.ToPort}`;
}

/** Flattens security group permissions into one `<protocol> <ports> <peer>` line per peer. */
export function ruleLines(perms: readonly IpPermission[] | undefined): SecurityGroupRule[] {
  const out: SecurityGroupRule[] = [];
  for (const p of perms ?? []) {
    const head = `${p.IpProtocol === '-1' ? 'all' : (p.IpProtocol ?? 'all')} ${ports(p)}`;
    for (const r of p.IpRanges ?? []) out.push(`${head} ${r.CidrIp}`);
    for (const r of p.Ipv6Ranges ?? []) out.push(`${head} ${r.CidrIpv6}`);
    for (const g of p.UserIdGroupPairs ?? []) out.push(`${head} ${g.GroupId}`);
    for (const l of p.PrefixListIds ?? []) out.push(`${head} ${l.PrefixListId}`);
  }
  return out;
}

/** Reads the EC2 and EBS account settings and network facts of one account in one Region. */
export const ec2Collector = defineCollector<Ec2Slice>({
  id: EC2,
  scope: 'region',
  reads: [
    'ec2:GetEbsEncryptionByDefault',
    'ec2:GetSnapshotBlockPublicAccessState',
    'ec2:GetImageBlockPublicAccessState',
    'ec2:GetInstanceMetadataDefaults',
    'ec2:GetSerialConsoleAccessStatus',
    'ec2:DescribeVpcBlockPublicAccessOptions',
    'ec2:DescribeVpcs',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeFlowLogs',
    'ec2:DescribeTransitGateways',
    'ec2:DescribeLaunchTemplateVersions',
  ],
  async collect(ctx) {
    const [ebs, snapshot, image, imds, serial, vpcBpa, vpcs, groups, acls, flowLogs, tgws, templates] =
      await Promise.all([
        ctx.read<GetEbsEncryptionByDefaultCommandOutput>(EC2Client, new GetEbsEncryptionByDefaultCommand({})),
        ctx.read<GetSnapshotBlockPublicAccessStateCommandOutput>(
          EC2Client,
          new GetSnapshotBlockPublicAccessStateCommand({}),
        ),
        ctx.read<GetImageBlockPublicAccessStateCommandOutput>(
          EC2Client,
          new GetImageBlockPublicAccessStateCommand({}),
        ),
        ctx.read<GetInstanceMetadataDefaultsCommandOutput>(
          EC2Client,
          new GetInstanceMetadataDefaultsCommand({}),
        ),
        ctx.read<GetSerialConsoleAccessStatusCommandOutput>(
          EC2Client,
          new GetSerialConsoleAccessStatusCommand({}),
        ),
        ctx.read<DescribeVpcBlockPublicAccessOptionsCommandOutput>(
          EC2Client,
          new DescribeVpcBlockPublicAccessOptionsCommand({}),
        ),
        ctx.readAll<DescribeVpcsCommandOutput, Vpc>(
          EC2Client,
          (cursor) => new DescribeVpcsCommand({ MaxResults: 1000, ...cursor }),
          (page) => page.Vpcs,
        ),
        ctx.readAll<DescribeSecurityGroupsCommandOutput, SecurityGroup>(
          EC2Client,
          (cursor) =>
            new DescribeSecurityGroupsCommand({
              Filters: [{ Name: 'group-name', Values: ['default'] }],
              MaxResults: 1000,
              ...cursor,
            }),
          (page) => page.SecurityGroups,
        ),
        ctx.readAll<DescribeNetworkAclsCommandOutput, NetworkAcl>(
          EC2Client,
          (cursor) => new DescribeNetworkAclsCommand({ MaxResults: 1000, ...cursor }),
          (page) => page.NetworkAcls,
        ),
        ctx.readAll<DescribeFlowLogsCommandOutput, FlowLog>(
          EC2Client,
          (cursor) => new DescribeFlowLogsCommand({ MaxResults: 1000, ...cursor }),
          (page) => page.FlowLogs,
        ),
        ctx.readAll<DescribeTransitGatewaysCommandOutput, TransitGateway>(
          EC2Client,
          (cursor) => new DescribeTransitGatewaysCommand({ MaxResults: 1000, ...cursor }),
          (page) => page.TransitGateways,
        ),
        ctx.readAll<DescribeLaunchTemplateVersionsCommandOutput, LaunchTemplateVersion>(
          EC2Client,
          (cursor) =>
            new DescribeLaunchTemplateVersionsCommand({ Versions: ['$Default'], MaxResults: 200, ...cursor }),
          (page) => page.LaunchTemplateVersions,
        ),
      ]);
    return {
      ebsEncryptionByDefault: mapDatum(ebs, (o) => o.EbsEncryptionByDefault === true),
      snapshotBlockPublicAccess: mapDatum(snapshot, (o) => o.State ?? 'unblocked'),
      imageBlockPublicAccess: mapDatum(image, (o) => o.ImageBlockPublicAccessState ?? 'unblocked'),
      imdsDefaults: mapDatum(imds, (o) => {
        const a = o.AccountLevel ?? {};
        return {
          ...(a.HttpTokens ? { httpTokens: a.HttpTokens } : {}),
          ...(a.HttpPutResponseHopLimit !== undefined
            ? { httpPutResponseHopLimit: a.HttpPutResponseHopLimit }
            : {}),
          ...(a.HttpEndpoint ? { httpEndpoint: a.HttpEndpoint } : {}),
        };
      }),
      serialConsoleAccess: mapDatum(serial, (o) => o.SerialConsoleAccessEnabled === true),
      vpcBlockPublicAccess: mapDatum(
        vpcBpa,
        (o) => o.VpcBlockPublicAccessOptions?.InternetGatewayBlockMode ?? 'off',
      ),
      vpcs: mapDatum(vpcs, (list) =>
        list.map((v) => ({
          id: v.VpcId ?? '',
          isDefault: v.IsDefault === true,
          ...(v.CidrBlock ? { cidr: v.CidrBlock } : {}),
        })),
      ),
      defaultSecurityGroups: mapDatum(groups, (list) =>
        list
          .filter((g) => g.GroupName === 'default')
          .map((g) => ({
            id: g.GroupId ?? '',
            vpcId: g.VpcId ?? '',
            ingress: ruleLines(g.IpPermissions),
            egress: ruleLines(g.IpPermissionsEgress),
          })),
      ),
      networkAcls: mapDatum(acls, (list) =>
        list.map((a) => ({
          id: a.NetworkAclId ?? '',
          ...(a.VpcId ? { vpcId: a.VpcId } : {}),
          isDefault: a.IsDefault === true,
          ingress: (a.Entries ?? [])
            .filter((e) => e.Egress !== true)
            .map((e) => ({
              rule: e.RuleNumber ?? 32767,
              action: e.RuleAction ?? 'deny',
              protocol: e.Protocol ?? '-1',
              ...(e.CidrBlock ? { cidr: e.CidrBlock } : {}),
              ...(e.Ipv6CidrBlock ? { ipv6Cidr: e.Ipv6CidrBlock } : {}),
              ...(e.PortRange?.From !== undefined ? { from: e.PortRange.From } : {}),
              ...(e.PortRange?.To !== undefined ? { to: e.PortRange.To } : {}),
            })),
        })),
      ),
      flowLogs: mapDatum(flowLogs, (list) =>
        list.map((l) => ({
          id: l.FlowLogId ?? '',
          resourceId: l.ResourceId ?? '',
          ...(l.FlowLogStatus ? { status: l.FlowLogStatus } : {}),
          ...(l.DeliverLogsStatus ? { deliverStatus: l.DeliverLogsStatus } : {}),
          ...(l.TrafficType ? { trafficType: l.TrafficType } : {}),
          ...(l.LogDestinationType ? { destinationType: l.LogDestinationType } : {}),
          ...(l.LogDestination ? { destination: l.LogDestination } : {}),
        })),
      ),
      transitGateways: mapDatum(tgws, (list) =>
        list.map((t) => ({
          id: t.TransitGatewayId ?? '',
          ...(t.TransitGatewayArn ? { arn: t.TransitGatewayArn } : {}),
          ...(t.State ? { state: t.State } : {}),
          ...(t.Options?.AutoAcceptSharedAttachments
            ? { autoAcceptSharedAttachments: t.Options.AutoAcceptSharedAttachments }
            : {}),
        })),
      ),
      launchTemplates: mapDatum(templates, (list) =>
        list.map((v) => ({
          id: v.LaunchTemplateId ?? '',
          name: v.LaunchTemplateName ?? '',
          ...(v.VersionNumber !== undefined ? { version: v.VersionNumber } : {}),
          ...(v.LaunchTemplateData?.MetadataOptions?.HttpTokens
            ? { httpTokens: v.LaunchTemplateData.MetadataOptions.HttpTokens }
            : {}),
        })),
      ),
    };
  },
});
