/**
 * The network collector: per account and governed Region, AWS Network Firewall (firewalls, their
 * protection flags, logging and policies, and stateless rule groups) and Route 53 Resolver (DNS
 * Firewall rule group associations and query-logging associations with their configurations).
 *
 * The role map is only known after collection, so this runs in every account; it stays cheap where
 * there is nothing: three list calls (`ListFirewalls`, `ListFirewallRuleGroupAssociations`,
 * `ListResolverQueryLogConfigAssociations`). The describe calls follow only what those lists return:
 * - per firewall: `DescribeFirewall`, `DescribeLoggingConfiguration`;
 * - per distinct firewall policy: `DescribeFirewallPolicy`;
 * - when the account has a firewall: `ListRuleGroups` (stateless, own) and `DescribeRuleGroup` each;
 * - when a VPC has query logging: `ListResolverQueryLogConfigs`.
 * VPCs and flow logs come from the EC2 slice. Both services page with `NextToken`, MaxResults 1–100:
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_ListFirewalls.html
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeLoggingConfiguration.html
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeFirewallPolicy.html
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_ListRuleGroups.html
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ListFirewallRuleGroupAssociations.html
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ListResolverQueryLogConfigAssociations.html
 */
import {
  DescribeFirewallCommand,
  DescribeFirewallPolicyCommand,
  DescribeLoggingConfigurationCommand,
  DescribeRuleGroupCommand,
  ListFirewallsCommand,
  ListRuleGroupsCommand,
  NetworkFirewallClient,
  type DescribeFirewallCommandOutput,
  type DescribeFirewallPolicyCommandOutput,
  type DescribeLoggingConfigurationCommandOutput,
  type DescribeRuleGroupCommandOutput,
  type FirewallMetadata,
  type ListFirewallsCommandOutput,
  type ListRuleGroupsCommandOutput,
  type RuleGroupMetadata,
} from '@aws-sdk/client-network-firewall';
import {
  ListFirewallRuleGroupAssociationsCommand,
  ListResolverQueryLogConfigAssociationsCommand,
  ListResolverQueryLogConfigsCommand,
  Route53ResolverClient,
  type FirewallRuleGroupAssociation,
  type ListFirewallRuleGroupAssociationsCommandOutput,
  type ListResolverQueryLogConfigAssociationsCommandOutput,
  type ListResolverQueryLogConfigsCommandOutput,
  type ResolverQueryLogConfig,
  type ResolverQueryLogConfigAssociation,
} from '@aws-sdk/client-route53resolver';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';
import { mapDatum } from '../ec2/collect.js';

/** Id of the network collector (its key in `inventory.region[account][region]`). */
export const NETWORK = 'network';

/** One logging destination of a firewall. */
export interface FirewallLogDestination {
  /** `ALERT`, `FLOW` or `TLS`. */
  logType: string;
  /** `S3`, `CloudWatchLogs` or `KinesisDataFirehose`. */
  destinationType: string;
  /** Bucket name, log group name or delivery stream name. */
  destination: string;
}

/** What `DescribeFirewall` says of a firewall. */
export interface FirewallDetail {
  /** VPC it inspects. */
  vpcId: string;
  /** Firewall policy ARN. */
  policyArn: string;
  /** Protected against deletion. */
  deleteProtection: boolean;
  /** Protected against subnet association changes. */
  subnetChangeProtection: boolean;
  /** `READY`, `PROVISIONING` or `DELETING`. */
  status?: string;
}

/** One firewall of the account. */
export interface FirewallInfo {
  /** Firewall ARN. */
  arn: string;
  /** Firewall name. */
  name: string;
  /** Its configuration. */
  detail: Datum<FirewallDetail>;
  /** Its logging destinations. */
  logging: Datum<FirewallLogDestination[]>;
}

/** What the controls need of a firewall policy. */
export interface FirewallPolicyInfo {
  /** Default action for full packets no stateless rule matched. */
  statelessDefaultActions: string[];
  /** Default action for fragmented packets no stateless rule matched. */
  statelessFragmentDefaultActions: string[];
  /** Stateful default actions (strict rule order only). */
  statefulDefaultActions: string[];
  /** `DEFAULT_ACTION_ORDER` or `STRICT_ORDER`. */
  ruleOrder: string;
  /** Stateless rule group ARNs. */
  statelessRuleGroups: string[];
  /** Stateful rule group ARNs. */
  statefulRuleGroups: string[];
}

/** One firewall policy used by the account's firewalls. */
export interface FirewallPolicyEntry {
  /** Policy ARN. */
  arn: string;
  /** The policy. */
  policy: Datum<FirewallPolicyInfo>;
}

/** One stateless rule group of the account. */
export interface StatelessRuleGroupInfo {
  /** Rule group ARN. */
  arn: string;
  /** Rule group name. */
  name: string;
  /** Number of stateless rules. */
  rules: Datum<number>;
}

/** One DNS Firewall rule group association. */
export interface DnsFirewallAssociationInfo {
  /** Association id. */
  id: string;
  /** VPC. */
  vpcId: string;
  /** DNS Firewall rule group id. */
  ruleGroupId: string;
  /** `COMPLETE`, `UPDATING` or `DELETING`. */
  status?: string;
}

/** One query-logging association. */
export interface QueryLogAssociationInfo {
  /** Query-logging configuration id. */
  configId: string;
  /** VPC. */
  vpcId: string;
  /** `ACTIVE`, `CREATING`, `ACTION_NEEDED`, `DELETING` or `FAILED`. */
  status?: string;
}

/** One query-logging configuration. */
export interface QueryLogConfigInfo {
  /** Configuration id. */
  id: string;
  /** Name. */
  name?: string;
  /** Destination ARN (S3 bucket, log group or Firehose stream). */
  destination?: string;
  /** `CREATED`, … */
  status?: string;
  /** Owner account (configurations can be shared). */
  ownerId?: string;
}

/** The network slice of one account in one Region. */
export interface NetworkSlice {
  /** Network Firewall firewalls. */
  firewalls: Datum<FirewallInfo[]>;
  /** The policies of those firewalls (absent when the firewall list could not be read). */
  policies?: FirewallPolicyEntry[];
  /** Stateless rule groups; read only when the account has a firewall. */
  statelessRuleGroups?: Datum<StatelessRuleGroupInfo[]>;
  /** DNS Firewall rule group associations. */
  dnsFirewallAssociations: Datum<DnsFirewallAssociationInfo[]>;
  /** Query-logging associations. */
  queryLogAssociations: Datum<QueryLogAssociationInfo[]>;
  /** Query-logging configurations; read only when a VPC has query logging. */
  queryLogConfigs?: Datum<QueryLogConfigInfo[]>;
}

async function describeFirewall(ctx: CollectContext, f: FirewallMetadata): Promise<FirewallInfo> {
  const arn = f.FirewallArn ?? '';
  const [detail, logging] = await Promise.all([
    ctx.read<DescribeFirewallCommandOutput>(
      NetworkFirewallClient,
      new DescribeFirewallCommand({ FirewallArn: arn }),
    ),
    ctx.read<DescribeLoggingConfigurationCommandOutput>(
      NetworkFirewallClient,
      new DescribeLoggingConfigurationCommand({ FirewallArn: arn }),
    ),
  ]);
  return {
    arn,
    name: f.FirewallName ?? '',
    detail: mapDatum(detail, (o) => ({
      vpcId: o.Firewall?.VpcId ?? '',
      policyArn: o.Firewall?.FirewallPolicyArn ?? '',
      deleteProtection: o.Firewall?.DeleteProtection === true,
      subnetChangeProtection: o.Firewall?.SubnetChangeProtection === true,
      ...(o.FirewallStatus?.Status ? { status: o.FirewallStatus.Status } : {}),
    })),
    logging: mapDatum(logging, (o) =>
      (o.LoggingConfiguration?.LogDestinationConfigs ?? []).map((c) => ({
        logType: c.LogType ?? '',
        destinationType: c.LogDestinationType ?? '',
        destination:
          c.LogDestination?.bucketName ??
          c.LogDestination?.logGroup ??
          c.LogDestination?.deliveryStream ??
          '',
      })),
    ),
  };
}

async function describePolicy(ctx: CollectContext, arn: string): Promise<FirewallPolicyEntry> {
  const d = await ctx.read<DescribeFirewallPolicyCommandOutput>(
    NetworkFirewallClient,
    new DescribeFirewallPolicyCommand({ FirewallPolicyArn: arn }),
  );
  return {
    arn,
    policy: mapDatum(d, (o) => {
      const p = o.FirewallPolicy;
      return {
        statelessDefaultActions: p?.StatelessDefaultActions ?? [],
        statelessFragmentDefaultActions: p?.StatelessFragmentDefaultActions ?? [],
        statefulDefaultActions: p?.StatefulDefaultActions ?? [],
        ruleOrder: p?.StatefulEngineOptions?.RuleOrder ?? 'DEFAULT_ACTION_ORDER',
        statelessRuleGroups: (p?.StatelessRuleGroupReferences ?? []).map((r) => r.ResourceArn ?? ''),
        statefulRuleGroups: (p?.StatefulRuleGroupReferences ?? []).map((r) => r.ResourceArn ?? ''),
      };
    }),
  };
}

async function statelessRuleGroups(ctx: CollectContext): Promise<Datum<StatelessRuleGroupInfo[]>> {
  const listed = await ctx.readAll<ListRuleGroupsCommandOutput, RuleGroupMetadata>(
    NetworkFirewallClient,
    (cursor) =>
      new ListRuleGroupsCommand({ Scope: 'ACCOUNT', Type: 'STATELESS', MaxResults: 100, ...cursor }),
    (page) => page.RuleGroups,
  );
  if (!listed.ok) return listed;
  const groups = await Promise.all(
    listed.value.map(async (g): Promise<StatelessRuleGroupInfo> => {
      const d = await ctx.read<DescribeRuleGroupCommandOutput>(
        NetworkFirewallClient,
        new DescribeRuleGroupCommand({ RuleGroupArn: g.Arn, Type: 'STATELESS' }),
      );
      return {
        arn: g.Arn ?? '',
        name: g.Name ?? '',
        rules: mapDatum(
          d,
          (o) => o.RuleGroup?.RulesSource?.StatelessRulesAndCustomActions?.StatelessRules?.length ?? 0,
        ),
      };
    }),
  );
  return { ok: true, value: groups };
}

/** Reads Network Firewall and Route 53 Resolver state of one account in one Region. */
export const networkCollector = defineCollector<NetworkSlice>({
  id: NETWORK,
  scope: 'region',
  reads: [
    'network-firewall:ListFirewalls',
    'network-firewall:DescribeFirewall',
    'network-firewall:DescribeLoggingConfiguration',
    'network-firewall:DescribeFirewallPolicy',
    'network-firewall:ListRuleGroups',
    'network-firewall:DescribeRuleGroup',
    'route53resolver:ListFirewallRuleGroupAssociations',
    'route53resolver:ListResolverQueryLogConfigAssociations',
    'route53resolver:ListResolverQueryLogConfigs',
  ],
  async collect(ctx) {
    const [listed, dns, queryLogs] = await Promise.all([
      ctx.readAll<ListFirewallsCommandOutput, FirewallMetadata>(
        NetworkFirewallClient,
        (cursor) => new ListFirewallsCommand({ MaxResults: 100, ...cursor }),
        (page) => page.Firewalls,
      ),
      ctx.readAll<ListFirewallRuleGroupAssociationsCommandOutput, FirewallRuleGroupAssociation>(
        Route53ResolverClient,
        (cursor) => new ListFirewallRuleGroupAssociationsCommand({ MaxResults: 100, ...cursor }),
        (page) => page.FirewallRuleGroupAssociations,
      ),
      ctx.readAll<ListResolverQueryLogConfigAssociationsCommandOutput, ResolverQueryLogConfigAssociation>(
        Route53ResolverClient,
        (cursor) => new ListResolverQueryLogConfigAssociationsCommand({ MaxResults: 100, ...cursor }),
        (page) => page.ResolverQueryLogConfigAssociations,
      ),
    ]);
    const slice: NetworkSlice = {
      firewalls: listed.ok ? { ok: true, value: [] } : listed,
      dnsFirewallAssociations: mapDatum(dns, (list) =>
        list.map((a) => ({
          id: a.Id ?? '',
          vpcId: a.VpcId ?? '',
          ruleGroupId: a.FirewallRuleGroupId ?? '',
          ...(a.Status ? { status: a.Status } : {}),
        })),
      ),
      queryLogAssociations: mapDatum(queryLogs, (list) =>
        list.map((a) => ({
          configId: a.ResolverQueryLogConfigId ?? '',
          vpcId: a.ResourceId ?? '',
          ...(a.Status ? { status: a.Status } : {}),
        })),
      ),
    };
    const work: Promise<void>[] = [];
    if (listed.ok) {
      work.push(
        (async () => {
          const firewalls = await Promise.all(listed.value.map((f) => describeFirewall(ctx, f)));
          slice.firewalls = { ok: true, value: firewalls };
          const policyArns = [
            ...new Set(
              firewalls.flatMap((f) =>
                f.detail.ok && f.detail.value.policyArn ? [f.detail.value.policyArn] : [],
              ),
            ),
          ];
          slice.policies = await Promise.all(policyArns.map((arn) => describePolicy(ctx, arn)));
        })(),
      );
      if (listed.value.length > 0) {
        work.push(
          statelessRuleGroups(ctx).then((g) => {
            slice.statelessRuleGroups = g;
          }),
        );
      }
    }
    if (queryLogs.ok && queryLogs.value.length > 0) {
      work.push(
        ctx
          .readAll<ListResolverQueryLogConfigsCommandOutput, ResolverQueryLogConfig>(
            Route53ResolverClient,
            (cursor) => new ListResolverQueryLogConfigsCommand({ MaxResults: 100, ...cursor }),
            (page) => page.ResolverQueryLogConfigs,
          )
          .then((configs) => {
            slice.queryLogConfigs = mapDatum(configs, (list) =>
              list.map((c) => ({
                id: c.Id ?? '',
                ...(c.Name ? { name: c.Name } : {}),
                ...(c.DestinationArn ? { destination: c.DestinationArn } : {}),
                ...(c.Status ? { status: c.Status } : {}),
                ...(c.OwnerId ? { ownerId: c.OwnerId } : {}),
              })),
            );
          }),
      );
    }
    await Promise.all(work);
    return slice;
  },
});
