/**
 * VPC hygiene in every account and governed Region (Security Hub FSBP / CIS): default security groups
 * that allow nothing, flow logs on every VPC, no network ACL open to the internet on the remote
 * administration ports, and transit gateways that do not accept attachments automatically.
 * - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html (EC2.2, EC2.6, EC2.21, EC2.23)
 * - https://docs.aws.amazon.com/config/latest/developerguide/nacl-no-unrestricted-ssh-rdp.html (EC2.21
 *   judges TCP and UDP sources for ports 22 and 3389)
 */
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type Outcome,
} from '../../../verify/types.js';
import { EC2, type AclEntryInfo, type NetworkAclInfo } from '../collect.js';
import { ec2Arn, ec2SliceOf } from '../common.js';

/** The default security group of every VPC allows no traffic. */
export const defaultSecurityGroupClosed = defineControl({
  id: 'ec2.default-security-group-closed',
  title: 'The default security group of every VPC allows no inbound or outbound traffic',
  severity: 'medium',
  capabilities: ['infrastructure-protection'],
  principles: ['security-at-all-layers'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: { fsbp: ['EC2.2'], cis: ['5.4'] },
  risk:
    'Resources launched without a security group land in the default one; if it allows traffic, they talk to ' +
    'each other and to the internet without anyone having decided so.',
  remediation: {
    manual:
      'VPC console → Security groups → the group named "default" of each VPC → remove every inbound and outbound ' +
      'rule (`aws ec2 revoke-security-group-ingress` / `revoke-security-group-egress`); give resources purpose-made ' +
      'groups instead.',
  },
  uses: [EC2],
  evaluate(ctx) {
    const groups = ctx.need(ec2SliceOf(ctx).defaultSecurityGroups, 'default security groups');
    if (groups.length === 0) return notApplicable(`no VPC in ${ctx.region}, so no default security group`);
    return groups.map((g): Outcome => {
      const resource = ec2Arn(ctx.region, ctx.account.id, 'security-group', g.id);
      if (g.ingress.length === 0 && g.egress.length === 0) {
        return pass(`the default security group of ${g.vpcId} has no rules`, {
          resource,
          actual: { ingress: [], egress: [] },
        });
      }
      return fail(`the default security group of ${g.vpcId} still has rules`, {
        resource,
        expected: { ingress: [], egress: [] },
        actual: { ingress: g.ingress, egress: g.egress },
      });
    });
  },
});

/** Every VPC has an active flow log capturing rejected (or all) traffic. */
export const vpcFlowLogs = defineControl({
  id: 'ec2.vpc-flow-logs',
  title: 'Every VPC has an active flow log recording rejected or all traffic',
  severity: 'medium',
  capabilities: ['threat-detection', 'incident-response'],
  principles: ['enable-traceability', 'prepare-for-security-events'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: { fsbp: ['EC2.6'], cis: ['3.7'] },
  risk:
    'Without flow logs there is no record of who connected to what: scanning, lateral movement and exfiltration ' +
    'through the VPC cannot be investigated after the fact.',
  remediation: {
    manual:
      'VPC console → the VPC → Flow logs → Create flow log (traffic type All, destination the log archive bucket); ' +
      'or `aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc> --traffic-type ALL ' +
      '--log-destination-type s3 --log-destination arn:aws:s3:::<log-archive-bucket>`.',
  },
  uses: [EC2],
  evaluate(ctx) {
    const slice = ec2SliceOf(ctx);
    const vpcs = ctx.need(slice.vpcs, 'VPCs');
    const logs = ctx.need(slice.flowLogs, 'flow logs');
    if (vpcs.length === 0) return notApplicable(`no VPC in ${ctx.region}`);
    return vpcs.map((v): Outcome => {
      const resource = ec2Arn(ctx.region, ctx.account.id, 'vpc', v.id);
      const mine = logs.filter((l) => l.resourceId === v.id);
      const good = mine.filter(
        (l) => l.status === 'ACTIVE' && (l.trafficType === 'ALL' || l.trafficType === 'REJECT'),
      );
      if (good.length > 0) {
        return pass(`${v.id} has an active flow log`, {
          resource,
          actual: good.map((l) => ({ id: l.id, trafficType: l.trafficType, destination: l.destination })),
        });
      }
      return fail(`${v.id} has no active flow log of rejected or all traffic`, {
        resource,
        expected: { flowLog: { status: 'ACTIVE', trafficType: ['ALL', 'REJECT'] } },
        actual: { flowLogs: mine.map((l) => ({ id: l.id, status: l.status, trafficType: l.trafficType })) },
      });
    });
  },
});

/** Remote administration ports checked by FSBP EC2.21 / CIS 5.1. */
const ADMIN_PORTS = [22, 3389] as const;

function covers(e: AclEntryInfo, protocol: '6' | '17', port: number): boolean {
  if (e.protocol === '-1') return true;
  if (e.protocol !== protocol) return false;
  return (e.from ?? 0) <= port && port <= (e.to ?? 65535);
}

/**
 * The administration ports an ACL lets in from anywhere: for each port, protocol (TCP, UDP) and address
 * family, the first entry in rule order whose source is the whole internet decides.
 */
export function openAdminPorts(acl: NetworkAclInfo): string[] {
  const ordered = [...acl.ingress].sort((a, b) => a.rule - b.rule);
  const open: string[] = [];
  for (const port of ADMIN_PORTS) {
    for (const protocol of ['6', '17'] as const) {
      for (const [family, anywhere] of [
        ['cidr', '0.0.0.0/0'],
        ['ipv6Cidr', '::/0'],
      ] as const) {
        const first = ordered.find((e) => e[family] === anywhere && covers(e, protocol, port));
        if (first?.action === 'allow') {
          open.push(`${protocol === '6' ? 'tcp' : 'udp'}/${port} from ${anywhere} (rule ${first.rule})`);
        }
      }
    }
  }
  return open;
}

/** No network ACL allows the internet in on port 22 or 3389. */
export const naclNoAdminPortsFromInternet = defineControl({
  id: 'ec2.nacl-no-admin-ports-from-internet',
  title: 'No network ACL allows inbound traffic from 0.0.0.0/0 or ::/0 to ports 22 or 3389',
  severity: 'medium',
  capabilities: ['infrastructure-protection'],
  principles: ['security-at-all-layers'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: { fsbp: ['EC2.21'], cis: ['5.1'] },
  risk:
    'SSH and RDP open at the subnet boundary leave one security group mistake between the internet and a ' +
    'remote shell; these ports are the most scanned on the internet.',
  remediation: {
    manual:
      'VPC console → Network ACLs → Inbound rules → add deny rules for TCP 22 and 3389 from 0.0.0.0/0 and ::/0 ' +
      'with a lower rule number than any allow-all rule (`aws ec2 create-network-acl-entry --rule-action deny`); ' +
      'reach instances through Session Manager instead.',
  },
  uses: [EC2],
  evaluate(ctx) {
    const acls = ctx.need(ec2SliceOf(ctx).networkAcls, 'network ACLs');
    if (acls.length === 0) return notApplicable(`no network ACL in ${ctx.region}`);
    return acls.map((acl): Outcome => {
      const resource = ec2Arn(ctx.region, ctx.account.id, 'network-acl', acl.id);
      const open = openAdminPorts(acl);
      return open.length === 0
        ? pass(`${acl.id} does not let the internet reach ports 22 or 3389`, {
            resource,
            actual: { open: [] },
          })
        : fail(`${acl.id} lets the internet reach remote administration ports`, {
            resource,
            expected: { open: [] },
            actual: { open },
          });
    });
  },
});

/** Transit gateways do not accept attachment requests automatically. */
export const transitGatewayAutoAcceptDisabled = defineControl({
  id: 'ec2.transit-gateway-auto-accept-disabled',
  title: 'Transit gateways do not automatically accept shared VPC attachment requests',
  severity: 'high',
  capabilities: ['infrastructure-protection'],
  principles: ['security-at-all-layers'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: { fsbp: ['EC2.23'] },
  risk:
    'With auto-accept on, any account the gateway is shared with can attach a VPC and route into the network ' +
    'without the network team approving it.',
  remediation: {
    manual:
      'VPC console → Transit gateways → Modify → clear "Auto accept shared attachments"; or `aws ec2 ' +
      'modify-transit-gateway --transit-gateway-id <tgw> --options AutoAcceptSharedAttachments=disable`.',
  },
  uses: [EC2],
  evaluate(ctx) {
    const tgws = ctx
      .need(ec2SliceOf(ctx).transitGateways, 'transit gateways')
      .filter((t) => t.state !== 'deleted');
    if (tgws.length === 0) return notApplicable(`no transit gateway in ${ctx.region}`);
    return tgws.map((t): Outcome => {
      const resource = t.arn ?? ec2Arn(ctx.region, ctx.account.id, 'transit-gateway', t.id);
      const auto = t.autoAcceptSharedAttachments ?? 'disable';
      return auto === 'enable'
        ? fail(`${t.id} accepts shared attachments automatically`, {
            resource,
            expected: { autoAcceptSharedAttachments: 'disable' },
            actual: { autoAcceptSharedAttachments: auto },
          })
        : pass(`${t.id} requires attachments to be accepted`, {
            resource,
            actual: { autoAcceptSharedAttachments: auto },
          });
    });
  },
});

/** The VPC family. */
export const EC2_VPC_CONTROLS: readonly Control[] = [
  defaultSecurityGroupClosed,
  vpcFlowLogs,
  naclNoAdminPortsFromInternet,
  transitGatewayAutoAcceptDisabled,
];
