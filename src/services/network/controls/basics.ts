/**
 * Network account basics (not in sra-verify; the SRA puts them in the network account): inspection by
 * AWS Network Firewall in every governed Region, VPC flow logs and Resolver query logs delivered to the
 * log archive, and Route 53 Resolver DNS Firewall on every VPC.
 *
 * A greenfield network account — only the default VPC in each Region — fails all four: no firewall, no
 * flow log, no query log, no DNS Firewall. Verify with a blueprint follows its intent for the two
 * optional services: `infrastructureProtection.networkFirewall.enabled` and `…dnsFirewall.enabled` (both
 * off by default) make the firewall and DNS Firewall controls NOT_APPLICABLE until the organization
 * uses them; without a blueprint the SRA stance holds and they are required.
 */
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../../verify/types.js';
import { S3 } from '../../s3/collect.js';
import { EC2 } from '../../ec2/collect.js';
import { ec2Arn, ec2SliceOf } from '../../ec2/common.js';
import { NETWORK } from '../collect.js';
import {
  anyRegion,
  inLogArchive,
  isNetworkAccount,
  networkScope,
  networkSliceOf,
  targeted,
} from '../common.js';

const NETWORK_ROLES = ['network', 'management'] as const;

/** AWS Network Firewall inspects traffic in the network account, in every governed Region. */
export const firewallPresent = defineControl({
  id: 'network.firewall-present',
  title: 'The network account runs AWS Network Firewall in every governed Region',
  severity: 'high',
  capabilities: ['infrastructure-protection'],
  principles: ['security-at-all-layers'],
  appliesTo: [...NETWORK_ROLES],
  scope: 'region',
  service: 'network-firewall',
  refs: {},
  risk:
    'Without central inspection, traffic between workloads and to the internet crosses the organization ' +
    'unfiltered and unlogged: command-and-control, exfiltration and lateral movement are neither stopped nor seen.',
  remediation: {
    blueprint: 'infrastructureProtection.networkFirewall.enabled',
    manual:
      'In the network account, in each governed Region: create a firewall policy and an AWS Network Firewall in the ' +
      'inspection VPC (VPC console → Network Firewall → Create firewall), and route ingress/egress and ' +
      'inter-VPC traffic through its endpoints.',
  },
  uses: [NETWORK],
  evaluate(ctx) {
    const where = networkScope(ctx);
    if (where !== 'evaluate') return where;
    const firewalls = ctx.need(networkSliceOf(ctx).firewalls, 'Network Firewall firewalls');
    const bp = ctx.blueprint?.infrastructureProtection.networkFirewall;
    const inUse = anyRegion(ctx, ctx.account.id, (s) => s.firewalls.ok && s.firewalls.value.length > 0);
    if (bp && !bp.enabled && !inUse) {
      return notApplicable(
        'the blueprint does not ask for AWS Network Firewall and the network account runs none; to adopt it set ' +
          'infrastructureProtection.networkFirewall.enabled: true',
      );
    }
    if (firewalls.length > 0) {
      return pass(`${firewalls.length} firewall(s) inspect traffic in ${ctx.region}`, {
        actual: { firewalls: firewalls.map((f) => f.name) },
      });
    }
    return fail(`the network account has no AWS Network Firewall in ${ctx.region}`, {
      expected: { firewalls: 'at least one' },
      actual: { firewalls: [] },
    });
  },
});

/** Every VPC of the network account has an active flow log delivered to the log archive. */
export const vpcFlowLogsToLogArchive = defineControl({
  id: 'network.vpc-flow-logs-to-log-archive',
  title: 'Every VPC of the network account sends flow logs to the log archive account',
  severity: 'high',
  capabilities: ['threat-detection', 'incident-response'],
  principles: ['enable-traceability', 'prepare-for-security-events'],
  appliesTo: [...NETWORK_ROLES],
  scope: 'region',
  service: 'ec2',
  refs: {},
  risk:
    'The network account sees the traffic of the whole organization; flow logs kept only there (or nowhere) can ' +
    'be altered by whoever runs the network, and are missing when an incident has to be reconstructed.',
  remediation: {
    manual:
      'For every VPC of the network account: `aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc> ' +
      '--traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::<log-archive-bucket>/vpc-flow-logs`; ' +
      'the bucket policy must admit delivery.logs.amazonaws.com.',
  },
  uses: [EC2, S3],
  evaluate(ctx) {
    const where = networkScope(ctx);
    if (where !== 'evaluate') return where;
    const slice = ec2SliceOf(ctx);
    const vpcs = ctx.need(slice.vpcs, 'VPCs');
    const logs = ctx.need(slice.flowLogs, 'flow logs');
    if (vpcs.length === 0) return notApplicable(`the network account has no VPC in ${ctx.region}`);
    return vpcs.map((v): Outcome => {
      const resource = ec2Arn(ctx.region, ctx.account.id, 'vpc', v.id);
      const active = logs.filter((l) => l.resourceId === v.id && l.status === 'ACTIVE' && l.destination);
      const checked = active.map((l) =>
        inLogArchive(ctx, l.destination!, `the flow log ${l.id} of ${v.id}`, resource),
      );
      const good = checked.find((o) => o.status === 'PASS');
      if (good) return good;
      return fail(
        active.length === 0
          ? `${v.id} has no active flow log`
          : `no flow log of ${v.id} reaches the log archive`,
        {
          resource,
          expected: { flowLog: 'ACTIVE, delivered to the log archive account' },
          actual: { flowLogs: active.map((l) => ({ id: l.id, destination: l.destination })) },
        },
      );
    });
  },
});

/** Whether DNS Firewall is judged in the evaluated account: 'evaluate', or the outcomes instead. */
function dnsFirewallScope(ctx: EvalContext): 'evaluate' | Outcome[] {
  const bp = ctx.blueprint?.infrastructureProtection.dnsFirewall;
  if (!isNetworkAccount(ctx)) {
    // Beyond the network account, DNS Firewall is judged where the blueprint deploys it.
    if (bp?.enabled && targeted(ctx, bp.targets)) return 'evaluate';
    return networkScope(ctx);
  }
  if (bp && !bp.enabled) {
    const inUse = anyRegion(
      ctx,
      ctx.account.id,
      (s) => s.dnsFirewallAssociations.ok && s.dnsFirewallAssociations.value.length > 0,
    );
    if (!inUse) {
      return [
        notApplicable(
          'the blueprint does not ask for Route 53 Resolver DNS Firewall and the network account uses none; to adopt ' +
            'it set infrastructureProtection.dnsFirewall.enabled: true',
        ),
      ];
    }
  }
  if (bp?.enabled && !targeted(ctx, bp.targets)) {
    return [
      notApplicable(
        'the blueprint leaves this account or Region out of DNS Firewall (infrastructureProtection.dnsFirewall.targets)',
      ),
    ];
  }
  return 'evaluate';
}

/** Every VPC has a Route 53 Resolver DNS Firewall rule group associated. */
export const dnsFirewallAssociated = defineControl({
  id: 'network.dns-firewall-associated',
  title:
    'Every VPC of the network account (and of the accounts the blueprint targets) has DNS Firewall rules associated',
  severity: 'medium',
  capabilities: ['infrastructure-protection', 'threat-detection'],
  principles: ['security-at-all-layers'],
  appliesTo: 'all',
  scope: 'region',
  service: 'route53-resolver-dns-firewall',
  refs: {},
  risk:
    'Without DNS Firewall, instances resolve known-malicious and newly registered domains freely: malware ' +
    'reaches its command-and-control and DNS tunnelling carries data out.',
  remediation: {
    blueprint: 'infrastructureProtection.dnsFirewall',
    manual:
      'Create a DNS Firewall rule group (block the AWS managed malware and botnet domain lists) and associate it ' +
      'with every VPC: `aws route53resolver associate-firewall-rule-group --firewall-rule-group-id <id> ' +
      '--vpc-id <vpc> --priority 101 --name <name>`; share it through Firewall Manager or AWS RAM for other accounts.',
  },
  uses: [EC2, NETWORK],
  evaluate(ctx) {
    const where = dnsFirewallScope(ctx);
    if (where !== 'evaluate') return where;
    const vpcs = ctx.need(ec2SliceOf(ctx).vpcs, 'VPCs');
    const associations = ctx.need(networkSliceOf(ctx).dnsFirewallAssociations, 'DNS Firewall associations');
    if (vpcs.length === 0) return notApplicable(`no VPC in ${ctx.region}`);
    return vpcs.map((v): Outcome => {
      const resource = ec2Arn(ctx.region, ctx.account.id, 'vpc', v.id);
      const mine = associations.filter((a) => a.vpcId === v.id && a.status !== 'DELETING');
      return mine.length > 0
        ? pass(`${v.id} has DNS Firewall rule group(s) associated`, {
            resource,
            actual: mine.map((a) => ({ ruleGroupId: a.ruleGroupId, status: a.status })),
          })
        : fail(`${v.id} has no DNS Firewall rule group`, {
            resource,
            expected: { associations: 'at least one rule group' },
            actual: { associations: [] },
          });
    });
  },
});

/** Every VPC of the network account logs Resolver queries to the log archive. */
export const resolverQueryLoggingToLogArchive = defineControl({
  id: 'network.resolver-query-logging-to-log-archive',
  title: 'Every VPC of the network account logs Route 53 Resolver queries to the log archive account',
  severity: 'medium',
  capabilities: ['threat-detection', 'incident-response'],
  principles: ['enable-traceability', 'prepare-for-security-events'],
  appliesTo: [...NETWORK_ROLES],
  scope: 'region',
  service: 'route53-resolver-dns-firewall',
  refs: {},
  risk:
    'DNS queries show which hosts talked to which domains — the first thing an investigation of malware or ' +
    'exfiltration needs; without query logs in the log archive that trail does not exist or can be erased.',
  remediation: {
    manual:
      'Create a query logging configuration with the log archive bucket as destination and associate it with every ' +
      'VPC: `aws route53resolver create-resolver-query-log-config --destination-arn arn:aws:s3:::<bucket>` then ' +
      '`aws route53resolver associate-resolver-query-log-config --resource-id <vpc>`.',
  },
  uses: [EC2, NETWORK, S3],
  evaluate(ctx) {
    const where = networkScope(ctx);
    if (where !== 'evaluate') return where;
    const vpcs = ctx.need(ec2SliceOf(ctx).vpcs, 'VPCs');
    const slice = networkSliceOf(ctx);
    const associations = ctx.need(slice.queryLogAssociations, 'query logging associations');
    if (vpcs.length === 0) return notApplicable(`the network account has no VPC in ${ctx.region}`);
    const configs =
      associations.length > 0 ? ctx.need(slice.queryLogConfigs, 'query logging configurations') : [];
    return vpcs.map((v): Outcome => {
      const resource = ec2Arn(ctx.region, ctx.account.id, 'vpc', v.id);
      const mine = associations.filter(
        (a) => a.vpcId === v.id && (a.status === 'ACTIVE' || a.status === 'CREATING'),
      );
      const checked = mine.map((a) => {
        const config = configs.find((c) => c.id === a.configId);
        if (!config?.destination) {
          return fail(`the query logging configuration ${a.configId} of ${v.id} is not visible`, {
            resource,
            expected: { destination: 'the log archive account' },
            actual: { configId: a.configId, destination: 'unknown' },
          });
        }
        return inLogArchive(ctx, config.destination, `Resolver query logging of ${v.id}`, resource);
      });
      const good = checked.find((o) => o.status === 'PASS');
      if (good) return good;
      return fail(
        mine.length === 0
          ? `${v.id} has no Resolver query logging`
          : `the query logs of ${v.id} do not reach the log archive`,
        {
          resource,
          expected: { queryLogging: 'ACTIVE, delivered to the log archive account' },
          actual: {
            associations: mine.map((a) => ({
              configId: a.configId,
              destination: configs.find((c) => c.id === a.configId)?.destination,
            })),
          },
        },
      );
    });
  },
});

/** The network-account basics family. */
export const NETWORK_BASICS_CONTROLS: readonly Control[] = [
  firewallPresent,
  vpcFlowLogsToLogArchive,
  dnsFirewallAssociated,
  resolverQueryLoggingToLogArchive,
];
