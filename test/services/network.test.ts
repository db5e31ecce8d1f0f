/**
 * Network module: the collector against sandbox scenarios and denied reads, the network-account basics
 * and the Network Firewall controls on pass, fail, not-applicable and error inputs, the role hints,
 * and every control of this wave's four modules over the reference deployment, the drifted scenario and
 * a greenfield organization.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  NetworkFirewallClient,
  DescribeFirewallCommand,
  UpdateFirewallDeleteProtectionCommand,
} from '@aws-sdk/client-network-firewall';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import { observe } from '../../src/observe/engine.js';
import type { AccountInfo, Collector, Datum, Inventory } from '../../src/observe/types.js';
import {
  accountsFromOrganization,
  organizationIdFrom,
  organizationsCollector,
} from '../../src/services/organizations/collect.js';
import { S3, s3Collector, type S3Slice } from '../../src/services/s3/collect.js';
import { EC2, type Ec2Slice } from '../../src/services/ec2/collect.js';
import { ec2Module } from '../../src/services/ec2/index.js';
import { accessAnalyzerModule } from '../../src/services/accessanalyzer/index.js';
import { ssmModule } from '../../src/services/ssm/index.js';
import {
  NETWORK,
  dnsFirewallAssociated,
  firewallDeletionProtection,
  firewallLoggingToLogArchive,
  firewallPresent,
  firewallSubnetChangeProtection,
  networkCollector,
  networkModule,
  networkRoleHints,
  policyFragmentDefaultAction,
  policyHasRuleGroups,
  policyStatefulDefaultAction,
  policyStatelessDefaultAction,
  resolverQueryLoggingToLogArchive,
  statelessRuleGroupsNotEmpty,
  vpcFlowLogsToLogArchive,
  type FirewallInfo,
  type FirewallPolicyInfo,
  type NetworkSlice,
} from '../../src/services/network/index.js';
import {
  allAccounts,
  deployReferenceSra,
  drifted,
  greenfield,
  referenceNames,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { accessFor, collectIn, evalControl } from '../verify/harness.js';

// ---------------------------------------------------------------------------------------------------------
// Hand-built organization: management, log archive (owns `central-logs`), network, one workload

const MGMT = '111111111111';
const LOGS = '333333333333';
const NET = '444444444444';
const W = '555555555555';
const R = 'us-east-1';
const R2 = 'eu-west-1';
const ROLE: Record<string, AccountRoleId> = {
  [MGMT]: 'management',
  [LOGS]: 'log-archive',
  [NET]: 'network',
  [W]: 'workload',
};
const ROLE_ACCOUNTS: Partial<Record<AccountRoleId, string[]>> = {
  management: [MGMT],
  'log-archive': [LOGS],
  network: [NET],
  workload: [W],
};
const ok = <T>(value: T): Datum<T> => ({ ok: true, value });
const denied = <T>(operation: string, account = NET): Datum<T> => ({
  ok: false,
  error: { kind: 'access-denied', message: `not allowed: ${operation}`, account, region: R, operation },
});
const FW_ARN = `arn:aws:network-firewall:${R}:${NET}:firewall/inspection`;
const POLICY_ARN = `arn:aws:network-firewall:${R}:${NET}:firewall-policy/inspection`;

function ec2(over: Partial<Ec2Slice> = {}): Ec2Slice {
  const none = ok([]);
  return {
    ebsEncryptionByDefault: ok(true),
    snapshotBlockPublicAccess: ok('block-all-sharing'),
    imageBlockPublicAccess: ok('block-new-sharing'),
    imdsDefaults: ok({ httpTokens: 'required' }),
    serialConsoleAccess: ok(false),
    vpcBlockPublicAccess: ok('off'),
    vpcs: ok([{ id: 'vpc-1', isDefault: true }]),
    defaultSecurityGroups: none,
    networkAcls: none,
    flowLogs: ok([
      {
        id: 'fl-1',
        resourceId: 'vpc-1',
        status: 'ACTIVE',
        trafficType: 'ALL',
        destinationType: 's3',
        destination: 'arn:aws:s3:::central-logs/vpc/',
      },
    ]),
    transitGateways: none,
    launchTemplates: none,
    ...over,
  };
}

function firewall(over: Partial<FirewallInfo> = {}): FirewallInfo {
  return {
    arn: FW_ARN,
    name: 'inspection',
    detail: ok({
      vpcId: 'vpc-1',
      policyArn: POLICY_ARN,
      deleteProtection: true,
      subnetChangeProtection: true,
      status: 'READY',
    }),
    logging: ok([
      { logType: 'ALERT', destinationType: 'S3', destination: 'central-logs' },
      { logType: 'FLOW', destinationType: 'S3', destination: 'central-logs' },
    ]),
    ...over,
  };
}

function policy(over: Partial<FirewallPolicyInfo> = {}): FirewallPolicyInfo {
  return {
    statelessDefaultActions: ['aws:forward_to_sfe'],
    statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
    statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
    ruleOrder: 'STRICT_ORDER',
    statelessRuleGroups: ['arn:sg'],
    statefulRuleGroups: ['arn:sf'],
    ...over,
  };
}

/** The network slice of the reference network account. */
function net(over: Partial<NetworkSlice> = {}): NetworkSlice {
  return {
    firewalls: ok([firewall()]),
    policies: [{ arn: POLICY_ARN, policy: ok(policy()) }],
    statelessRuleGroups: ok([{ arn: 'arn:sg', name: 'sg', rules: ok(1) }]),
    dnsFirewallAssociations: ok([{ id: 'a-1', vpcId: 'vpc-1', ruleGroupId: 'rg-1', status: 'COMPLETE' }]),
    queryLogAssociations: ok([{ configId: 'q-1', vpcId: 'vpc-1', status: 'ACTIVE' }]),
    queryLogConfigs: ok([{ id: 'q-1', destination: 'arn:aws:s3:::central-logs', status: 'CREATED' }]),
    ...over,
  };
}

/** A network slice with nothing in it (a workload, or a greenfield network account). */
const empty = (): NetworkSlice => ({
  firewalls: ok([]),
  policies: [],
  dnsFirewallAssociations: ok([]),
  queryLogAssociations: ok([]),
});

interface Build {
  net?: NetworkSlice;
  netR2?: NetworkSlice;
  netEc2?: Ec2Slice;
  work?: NetworkSlice;
  workEc2?: Ec2Slice;
  logBuckets?: Datum<Array<{ name: string }>>;
  netBuckets?: string[];
}

function inventory(b: Build = {}): Inventory {
  const accounts: AccountInfo[] = [
    { id: MGMT, name: 'Management', status: 'ACTIVE', ouPath: [] },
    { id: LOGS, name: 'Log Archive', status: 'ACTIVE', ouPath: ['Security'] },
    { id: NET, name: 'Network', status: 'ACTIVE', ouPath: ['Infrastructure'] },
    { id: W, name: 'workload', status: 'ACTIVE', ouPath: ['Workloads'] },
  ];
  const inv = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: R,
    governedRegions: [R, R2],
    accounts,
  });
  const set = (account: string, region: string, id: string, slice: unknown) =>
    (((inv.region[account] ??= {})[region] ??= {})[id] = slice);
  set(NET, R, NETWORK, b.net ?? net());
  set(NET, R2, NETWORK, b.netR2 ?? net());
  set(NET, R, EC2, b.netEc2 ?? ec2());
  set(W, R, NETWORK, b.work ?? empty());
  set(W, R, EC2, b.workEc2 ?? ec2({ flowLogs: ok([]) }));
  set(MGMT, R, NETWORK, empty());
  const s3 = (buckets: Datum<Array<{ name: string }>>): S3Slice => ({
    accountPublicAccessBlock: ok(null),
    buckets,
  });
  inv.account[LOGS] = { [S3]: s3(b.logBuckets ?? ok([{ name: 'central-logs' }])) };
  inv.account[NET] = { [S3]: s3(ok((b.netBuckets ?? []).map((name) => ({ name })))) };
  return inv;
}

interface RunOptions {
  region?: string;
  blueprint?: Blueprint;
  roleAccounts?: Partial<Record<AccountRoleId, string[]>>;
  roles?: AccountRoleId[];
}

function run(control: Control, inv: Inventory, account: string, o: RunOptions = {}): Outcome[] {
  return evalControl(control, {
    inventory: inv,
    account: inv.accounts.find((a) => a.id === account)!,
    region: o.region ?? R,
    roles: o.roles ?? [ROLE[account]!],
    roleAccounts: o.roleAccounts ?? ROLE_ACCOUNTS,
    ...(o.blueprint ? { blueprint: o.blueprint } : {}),
  });
}

function one(control: Control, inv: Inventory, account: string, o: RunOptions = {}): Outcome {
  const out = run(control, inv, account, o);
  expect(out, JSON.stringify(out)).toHaveLength(1);
  return out[0]!;
}

function blueprint(extra: string): Blueprint {
  const parsed = parseBlueprint(
    `organization:\n  managementAccount: '${MGMT}'\n  homeRegion: ${R}\n  governedRegions: [${R}, ${R2}]\n` +
      `  organizationalUnits:\n    - { name: Workloads, accounts: ['${W}'] }\n` +
      `accounts:\n  securityTooling: '222222222222'\n  logArchive: '${LOGS}'\n  network: '${NET}'\n${extra}`,
  );
  expect(parsed.diagnostics).toEqual([]);
  return parsed.blueprint!;
}

// ---------------------------------------------------------------------------------------------------------
// Collector

describe('network collector', () => {
  it('reads three empty lists in a greenfield network account and describes nothing', async () => {
    const s = await greenfield({ workloads: 1 });
    const slice = await collectIn(s, networkCollector, s.networkId);
    expect(slice).toEqual({
      firewalls: ok([]),
      policies: [],
      dnsFirewallAssociations: ok([]),
      queryLogAssociations: ok([]),
    });
    const ops = [...s.sandbox.stats().byOperation.keys()].filter((k) => !k.startsWith('sts:')).sort();
    expect(ops).toEqual([
      'network-firewall:ListFirewalls',
      'route53resolver:ListFirewallRuleGroupAssociations',
      'route53resolver:ListResolverQueryLogConfigAssociations',
    ]);
  });

  it('reads the reference network account: firewall, logging, policy, rule groups, DNS Firewall, query logs', async () => {
    const s = await greenfield({ workloads: 1 });
    await deployReferenceSra(s.sandbox, s);
    const bucket = referenceNames(s).bucket;
    const slice = await collectIn(s, networkCollector, s.networkId, s.governedRegions[1]);
    expect(slice.firewalls).toMatchObject(
      ok([
        {
          name: 'sra-inspection',
          detail: ok({ deleteProtection: true, subnetChangeProtection: true, status: 'READY' }),
          logging: ok([
            { logType: 'ALERT', destinationType: 'S3', destination: bucket },
            { logType: 'FLOW', destinationType: 'S3', destination: bucket },
          ]),
        },
      ]),
    );
    expect(slice.policies).toMatchObject([
      {
        policy: ok({
          ruleOrder: 'STRICT_ORDER',
          statelessDefaultActions: ['aws:forward_to_sfe'],
          statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        }),
      },
    ]);
    expect(slice.statelessRuleGroups).toMatchObject(ok([{ name: 'sra-stateless-forward', rules: ok(1) }]));
    expect(slice.dnsFirewallAssociations).toMatchObject(ok([{ status: 'COMPLETE' }]));
    expect(slice.queryLogAssociations).toMatchObject(ok([{ status: 'ACTIVE' }]));
    expect(slice.queryLogConfigs).toMatchObject(ok([{ destination: `arn:aws:s3:::${bucket}` }]));
  });

  it('records denied reads as DataErrors and keeps the rest', async () => {
    const s = await greenfield({ workloads: 1 });
    await deployReferenceSra(s.sandbox, s);
    s.sandbox.knobs = {
      deny: [
        { action: 'network-firewall:DescribeLoggingConfiguration', account: s.networkId },
        { action: 'route53resolver:ListFirewallRuleGroupAssociations', account: s.networkId },
      ],
    };
    const slice = await collectIn(s, networkCollector, s.networkId);
    const fw = (slice.firewalls as { value: FirewallInfo[] }).value[0]!;
    expect(fw.detail.ok).toBe(true);
    expect(fw.logging).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'network-firewall:DescribeLoggingConfiguration' },
    });
    expect(slice.dnsFirewallAssociations).toMatchObject({
      ok: false,
      error: { operation: 'route53resolver:ListFirewallRuleGroupAssociations' },
    });
    s.sandbox.knobs = { deny: [{ action: 'network-firewall:ListFirewalls', account: s.networkId }] };
    const none = await collectIn(s, networkCollector, s.networkId);
    expect(none.firewalls).toMatchObject({
      ok: false,
      error: { operation: 'network-firewall:ListFirewalls' },
    });
    expect(none.policies).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------
// Network account basics

describe('network.firewall-present', () => {
  it('PASS with a firewall, FAIL without, ERROR when the list failed', () => {
    expect(one(firewallPresent, inventory(), NET)).toMatchObject({
      status: 'PASS',
      actual: { firewalls: ['inspection'] },
    });
    expect(one(firewallPresent, inventory({ net: empty(), netR2: empty() }), NET)).toMatchObject({
      status: 'FAIL',
      expected: { firewalls: 'at least one' },
      actual: { firewalls: [] },
    });
    expect(
      one(
        firewallPresent,
        inventory({ net: { ...empty(), firewalls: denied('network-firewall:ListFirewalls') } }),
        NET,
      ),
    ).toMatchObject({
      status: 'ERROR',
      error: { operation: 'network-firewall:ListFirewalls' },
    });
  });

  it('follows a blueprint that does not ask for it, until the network account uses it', () => {
    const off = blueprint('');
    const none = inventory({ net: empty(), netR2: empty() });
    expect(one(firewallPresent, none, NET, { blueprint: off })).toMatchObject({
      status: 'NOT_APPLICABLE',
      message: expect.stringContaining('infrastructureProtection.networkFirewall.enabled'),
    });
    // In use in the second Region: the home Region now has to have one too.
    expect(one(firewallPresent, inventory({ net: empty() }), NET, { blueprint: off }).status).toBe('FAIL');
    const on = blueprint('infrastructureProtection:\n  networkFirewall: { enabled: true }\n');
    expect(one(firewallPresent, none, NET, { blueprint: on }).status).toBe('FAIL');
  });

  it('is N/A once (management, home Region) without a network account, and silent in management otherwise', () => {
    const noNetwork = { management: [MGMT], 'log-archive': [LOGS], workload: [NET, W] };
    expect(one(firewallPresent, inventory(), MGMT, { roleAccounts: noNetwork })).toMatchObject({
      status: 'NOT_APPLICABLE',
      message: expect.stringContaining('accounts.network'),
    });
    expect(run(firewallPresent, inventory(), MGMT, { roleAccounts: noNetwork, region: R2 })).toEqual([]);
    expect(run(firewallPresent, inventory(), MGMT)).toEqual([]);
  });
});

describe('network.vpc-flow-logs-to-log-archive', () => {
  it('PASS when a flow log reaches a log archive bucket', () => {
    expect(one(vpcFlowLogsToLogArchive, inventory(), NET)).toMatchObject({
      status: 'PASS',
      resource: `arn:aws:ec2:${R}:${NET}:vpc/vpc-1`,
      actual: { bucket: 'central-logs', owner: LOGS },
    });
  });

  it('FAIL without a flow log, or with one to a bucket of the network account', () => {
    expect(one(vpcFlowLogsToLogArchive, inventory({ netEc2: ec2({ flowLogs: ok([]) }) }), NET)).toMatchObject(
      {
        status: 'FAIL',
        message: 'vpc-1 has no active flow log',
        actual: { flowLogs: [] },
      },
    );
    const local = inventory({
      netBuckets: ['net-local'],
      netEc2: ec2({
        flowLogs: ok([
          {
            id: 'fl-2',
            resourceId: 'vpc-1',
            status: 'ACTIVE',
            trafficType: 'ALL',
            destinationType: 's3',
            destination: 'arn:aws:s3:::net-local',
          },
        ]),
      }),
    });
    expect(one(vpcFlowLogsToLogArchive, local, NET)).toMatchObject({
      status: 'FAIL',
      actual: { flowLogs: [{ id: 'fl-2', destination: 'arn:aws:s3:::net-local' }] },
    });
  });

  it('accepts a CloudWatch Logs destination of the log archive account, FAILs without a log archive', () => {
    const cw = inventory({
      netEc2: ec2({
        flowLogs: ok([
          {
            id: 'fl-3',
            resourceId: 'vpc-1',
            status: 'ACTIVE',
            trafficType: 'ALL',
            destination: `arn:aws:logs:${R}:${LOGS}:log-group:flows`,
          },
        ]),
      }),
    });
    expect(one(vpcFlowLogsToLogArchive, cw, NET).status).toBe('PASS');
    expect(one(vpcFlowLogsToLogArchive, inventory(), NET, { roleAccounts: { network: [NET] } }).status).toBe(
      'FAIL',
    );
  });

  it('ERROR when the flow logs, or the log archive bucket list, could not be read', () => {
    expect(
      one(
        vpcFlowLogsToLogArchive,
        inventory({ netEc2: ec2({ flowLogs: denied('ec2:DescribeFlowLogs') }) }),
        NET,
      ),
    ).toMatchObject({
      status: 'ERROR',
      error: { operation: 'ec2:DescribeFlowLogs' },
    });
    expect(
      one(vpcFlowLogsToLogArchive, inventory({ logBuckets: denied('s3:ListAllMyBuckets', LOGS) }), NET),
    ).toMatchObject({
      status: 'ERROR',
      error: { operation: 's3:ListAllMyBuckets' },
    });
  });
});

describe('network.dns-firewall-associated', () => {
  it('PASS with an association on the VPC, FAIL without, ERROR when unreadable', () => {
    expect(one(dnsFirewallAssociated, inventory(), NET)).toMatchObject({
      status: 'PASS',
      actual: [{ ruleGroupId: 'rg-1' }],
    });
    expect(
      one(dnsFirewallAssociated, inventory({ net: net({ dnsFirewallAssociations: ok([]) }) }), NET),
    ).toMatchObject({
      status: 'FAIL',
      actual: { associations: [] },
    });
    expect(
      one(
        dnsFirewallAssociated,
        inventory({
          net: net({ dnsFirewallAssociations: denied('route53resolver:ListFirewallRuleGroupAssociations') }),
        }),
        NET,
      ).status,
    ).toBe('ERROR');
  });

  it('N/A when the blueprint does not ask for it and the network account uses none', () => {
    const none = inventory({
      net: net({ dnsFirewallAssociations: ok([]) }),
      netR2: net({ dnsFirewallAssociations: ok([]) }),
    });
    expect(one(dnsFirewallAssociated, none, NET, { blueprint: blueprint('') })).toMatchObject({
      status: 'NOT_APPLICABLE',
      message: expect.stringContaining('infrastructureProtection.dnsFirewall.enabled'),
    });
    expect(one(dnsFirewallAssociated, none, NET).status).toBe('FAIL');
  });

  it('judges the accounts the blueprint targets, and stays silent in the others', () => {
    expect(run(dnsFirewallAssociated, inventory(), W)).toEqual([]);
    const targeted = blueprint(
      'infrastructureProtection:\n  dnsFirewall:\n    enabled: true\n    targets: { ous: [Workloads] }\n',
    );
    expect(one(dnsFirewallAssociated, inventory(), W, { blueprint: targeted })).toMatchObject({
      status: 'FAIL',
      resource: `arn:aws:ec2:${R}:${W}:vpc/vpc-1`,
    });
    // The network account is outside those targets.
    expect(one(dnsFirewallAssociated, inventory(), NET, { blueprint: targeted }).status).toBe(
      'NOT_APPLICABLE',
    );
  });
});

describe('network.resolver-query-logging-to-log-archive', () => {
  it('PASS when the VPC logs queries to a log archive bucket', () => {
    expect(one(resolverQueryLoggingToLogArchive, inventory(), NET)).toMatchObject({
      status: 'PASS',
      actual: { owner: LOGS },
    });
  });

  it('FAIL without query logging, with logs elsewhere, or with a configuration that is not visible', () => {
    const none = inventory({ net: net({ queryLogAssociations: ok([]), queryLogConfigs: undefined }) });
    expect(one(resolverQueryLoggingToLogArchive, none, NET)).toMatchObject({
      status: 'FAIL',
      actual: { associations: [] },
    });
    const elsewhere = inventory({
      net: net({
        queryLogConfigs: ok([{ id: 'q-1', destination: `arn:aws:logs:${R}:${NET}:log-group:dns` }]),
      }),
    });
    expect(one(resolverQueryLoggingToLogArchive, elsewhere, NET)).toMatchObject({
      status: 'FAIL',
      actual: { associations: [{ configId: 'q-1', destination: `arn:aws:logs:${R}:${NET}:log-group:dns` }] },
    });
    const hidden = inventory({ net: net({ queryLogConfigs: ok([]) }) });
    expect(one(resolverQueryLoggingToLogArchive, hidden, NET).status).toBe('FAIL');
  });

  it('ERROR when the associations or configurations could not be read', () => {
    const a = inventory({
      net: net({ queryLogAssociations: denied('route53resolver:ListResolverQueryLogConfigAssociations') }),
    });
    expect(one(resolverQueryLoggingToLogArchive, a, NET).status).toBe('ERROR');
    const c = inventory({
      net: net({ queryLogConfigs: denied('route53resolver:ListResolverQueryLogConfigs') }),
    });
    expect(one(resolverQueryLoggingToLogArchive, c, NET)).toMatchObject({
      status: 'ERROR',
      error: { operation: 'route53resolver:ListResolverQueryLogConfigs' },
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Network Firewall configuration

describe('Network Firewall controls', () => {
  interface Row {
    control: Control;
    fail: Build;
    evidence: Partial<Outcome>;
  }
  const rows: Row[] = [
    {
      control: firewallLoggingToLogArchive,
      fail: { net: net({ firewalls: ok([firewall({ logging: ok([]) })]) }) },
      evidence: { resource: FW_ARN, actual: { logging: [] } },
    },
    {
      control: policyHasRuleGroups,
      fail: {
        net: net({
          policies: [
            { arn: POLICY_ARN, policy: ok(policy({ statelessRuleGroups: [], statefulRuleGroups: [] })) },
          ],
        }),
      },
      evidence: { resource: POLICY_ARN, actual: { stateless: 0, stateful: 0 } },
    },
    {
      control: policyStatelessDefaultAction,
      fail: {
        net: net({
          policies: [{ arn: POLICY_ARN, policy: ok(policy({ statelessDefaultActions: ['aws:pass'] })) }],
        }),
      },
      evidence: { resource: POLICY_ARN, actual: { actions: ['aws:pass'] } },
    },
    {
      control: policyFragmentDefaultAction,
      fail: {
        net: net({
          policies: [
            { arn: POLICY_ARN, policy: ok(policy({ statelessFragmentDefaultActions: ['aws:pass'] })) },
          ],
        }),
      },
      evidence: { resource: POLICY_ARN, actual: { actions: ['aws:pass'] } },
    },
    {
      control: policyStatefulDefaultAction,
      fail: {
        net: net({
          policies: [
            {
              arn: POLICY_ARN,
              policy: ok(policy({ ruleOrder: 'DEFAULT_ACTION_ORDER', statefulDefaultActions: [] })),
            },
          ],
        }),
      },
      evidence: {
        resource: POLICY_ARN,
        actual: { ruleOrder: 'DEFAULT_ACTION_ORDER', statefulDefaultActions: [] },
      },
    },
    {
      control: statelessRuleGroupsNotEmpty,
      fail: { net: net({ statelessRuleGroups: ok([{ arn: 'arn:sg', name: 'sg', rules: ok(0) }]) }) },
      evidence: { resource: 'arn:sg', actual: { rules: 0 } },
    },
    {
      control: firewallDeletionProtection,
      fail: {
        net: net({
          firewalls: ok([
            firewall({
              detail: ok({
                vpcId: 'vpc-1',
                policyArn: POLICY_ARN,
                deleteProtection: false,
                subnetChangeProtection: true,
              }),
            }),
          ]),
        }),
      },
      evidence: { resource: FW_ARN, actual: { deleteProtection: false } },
    },
    {
      control: firewallSubnetChangeProtection,
      fail: {
        net: net({
          firewalls: ok([
            firewall({
              detail: ok({
                vpcId: 'vpc-1',
                policyArn: POLICY_ARN,
                deleteProtection: true,
                subnetChangeProtection: false,
              }),
            }),
          ]),
        }),
      },
      evidence: { resource: FW_ARN, actual: { subnetChangeProtection: false } },
    },
  ];

  for (const row of rows) {
    it(`${row.control.id}: pass, fail, not applicable, nothing in a workload without firewalls, error`, () => {
      expect(one(row.control, inventory(), NET).status).toBe('PASS');
      const failed = one(row.control, inventory(row.fail), NET);
      expect(failed.status).toBe('FAIL');
      expect(failed).toMatchObject(row.evidence);
      expect(failed.expected).toBeDefined();
      expect(one(row.control, inventory({ net: empty() }), NET)).toMatchObject({
        status: 'NOT_APPLICABLE',
        message: expect.stringContaining('network.firewall-present'),
      });
      expect(run(row.control, inventory(), W)).toEqual([]);
      expect(
        one(
          row.control,
          inventory({ net: { ...net(), firewalls: denied('network-firewall:ListFirewalls') } }),
          NET,
        ),
      ).toMatchObject({
        status: 'ERROR',
        error: { operation: 'network-firewall:ListFirewalls' },
      });
    });
  }

  it('judges a firewall in a workload account too', () => {
    const inv = inventory({ work: net({ firewalls: ok([firewall({ logging: ok([]) })]) }) });
    expect(one(firewallLoggingToLogArchive, inv, W).status).toBe('FAIL');
    expect(one(firewallDeletionProtection, inv, W).status).toBe('PASS');
  });

  it('reports one unreadable firewall or policy as ERROR and still judges the others', () => {
    const second = firewall({
      arn: `${FW_ARN}-2`,
      name: 'second',
      detail: denied('network-firewall:DescribeFirewall'),
    });
    const out = run(
      firewallDeletionProtection,
      inventory({ net: net({ firewalls: ok([firewall(), second]) }) }),
      NET,
    );
    expect(out.map((o) => o.status)).toEqual(['PASS', 'ERROR']);
    const policies = net({
      policies: [{ arn: POLICY_ARN, policy: denied('network-firewall:DescribeFirewallPolicy') }],
    });
    expect(one(policyHasRuleGroups, inventory({ net: policies }), NET)).toMatchObject({
      status: 'ERROR',
      resource: POLICY_ARN,
      error: { operation: 'network-firewall:DescribeFirewallPolicy' },
    });
    const logs = net({
      firewalls: ok([firewall({ logging: denied('network-firewall:DescribeLoggingConfiguration') })]),
    });
    expect(one(firewallLoggingToLogArchive, inventory({ net: logs }), NET).status).toBe('ERROR');
  });

  it('logging: a destination outside the log archive fails, naming it', () => {
    const cw = net({
      firewalls: ok([
        firewall({
          logging: ok([
            { logType: 'ALERT', destinationType: 'S3', destination: 'central-logs' },
            { logType: 'FLOW', destinationType: 'CloudWatchLogs', destination: 'flows' },
          ]),
        }),
      ]),
    });
    expect(one(firewallLoggingToLogArchive, inventory({ net: cw }), NET)).toMatchObject({
      status: 'FAIL',
      actual: { logging: [{ logType: 'FLOW', destinationType: 'CloudWatchLogs', destination: 'flows' }] },
    });
  });
});

describe('role hints', () => {
  it('points at the account owning firewalls and transit gateways', () => {
    const inv = inventory({
      netEc2: ec2({ transitGateways: ok([{ id: 'tgw-1', autoAcceptSharedAttachments: 'disable' }]) }),
    });
    const hints = networkRoleHints(inv);
    expect(hints).toEqual([
      { role: 'network', account: NET, weight: 6, reason: 'owns AWS Network Firewall firewalls' },
      { role: 'network', account: NET, weight: 4, reason: 'owns transit gateways' },
    ]);
    expect(networkRoleHints(inventory({ net: empty(), netR2: empty() }))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// All four modules of this wave over whole scenarios

async function observeWith(s: Scenario, collectors: readonly Collector[]): Promise<Inventory> {
  return observe({
    access: accessFor(s),
    collectors: [organizationsCollector, s3Collector, ...collectors],
    managementAccountId: s.managementAccountId,
    homeRegion: s.homeRegion,
    governedRegions: s.governedRegions,
    accountsFrom: accountsFromOrganization,
    organizationIdFrom,
    now: () => 0,
  });
}

function roles(s: Scenario, withNetwork = true) {
  const special = new Map<string, AccountRoleId>([
    [s.managementAccountId, 'management'],
    [s.securityToolingId, 'security-tooling'],
    [s.logArchiveId, 'log-archive'],
    ...(withNetwork ? [[s.networkId, 'network'] as const] : []),
    [s.sharedServicesId, 'shared-services'],
  ]);
  const roleAccounts: Partial<Record<AccountRoleId, string[]>> = {};
  for (const a of allAccounts(s)) (roleAccounts[special.get(a) ?? 'workload'] ??= []).push(a);
  return { rolesOf: (a: string) => [special.get(a) ?? 'workload'], roleAccounts };
}

const modules = [ec2Module, accessAnalyzerModule, ssmModule, networkModule];
const collectors = modules.flatMap((m) => m.collectors);
const controls = modules.flatMap((m) => m.controls);

describe('this wave over the reference deployment and the drifted scenario', () => {
  let s: Scenario;
  let inv: Inventory;
  beforeAll(async () => {
    s = await drifted({ workloads: 3 });
    inv = await observeWith(s, collectors);
  });

  it('fails only the planted EBS drift; every network basic passes in the network account', () => {
    const findings = evaluateControls(inv, controls, roles(s));
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    const failed = findings.filter((f) => f.status === 'FAIL').map((f) => [f.controlId, f.account, f.region]);
    expect(failed).toEqual([['ec2.ebs-encryption-by-default', s.workloadIds[2], s.homeRegion]]);
    for (const id of [
      'network.firewall-present',
      'network.vpc-flow-logs-to-log-archive',
      'network.dns-firewall-associated',
      'network.resolver-query-logging-to-log-archive',
      'network.firewall-logging-to-log-archive',
      'network.firewall-policy-stateful-default-action',
      'network.firewall-stateless-rule-groups-not-empty',
      'network.firewall-deletion-protection',
    ]) {
      const mine = findings.filter((f) => f.controlId === id);
      expect(
        mine.map((f) => [f.account, f.status]),
        id,
      ).toEqual(s.governedRegions.map(() => [s.networkId, 'PASS']));
    }
  });

  it('reports the missing network account once, in management, when no account holds the role', () => {
    const findings = evaluateControls(inv, controls, roles(s, false));
    const na = findings.filter((f) => f.controlId === 'network.firewall-present');
    expect(na).toMatchObject([
      { account: s.managementAccountId, region: s.homeRegion, status: 'NOT_APPLICABLE' },
    ]);
  });

  it('plants a firewall drift and fails exactly that control', async () => {
    const nfw = s.client(NetworkFirewallClient, s.networkId, s.governedRegions[1]);
    const d = await nfw.send(new DescribeFirewallCommand({ FirewallName: 'sra-inspection' }));
    await nfw.send(
      new UpdateFirewallDeleteProtectionCommand({
        FirewallName: 'sra-inspection',
        DeleteProtection: false,
        UpdateToken: d.UpdateToken,
      }),
    );
    const again = await observeWith(s, networkModule.collectors.concat(ec2Module.collectors));
    const failed = evaluateControls(again, networkModule.controls, roles(s))
      .filter((f) => f.status === 'FAIL')
      .map((f) => [f.controlId, f.account, f.region]);
    expect(failed).toEqual([['network.firewall-deletion-protection', s.networkId, s.governedRegions[1]]]);
  });
});

describe('a greenfield network account', () => {
  it('fails inspection, flow logs, DNS Firewall and query logging; the firewall checks are N/A', async () => {
    const g = await greenfield({ workloads: 1 });
    const findings = evaluateControls(await observeWith(g, collectors), networkModule.controls, roles(g));
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    const failing = findings.filter((f) => f.status === 'FAIL');
    expect(new Set(failing.map((f) => f.account))).toEqual(new Set([g.networkId]));
    expect([...new Set(failing.map((f) => f.controlId))].sort()).toEqual([
      'network.dns-firewall-associated',
      'network.firewall-present',
      'network.resolver-query-logging-to-log-archive',
      'network.vpc-flow-logs-to-log-archive',
    ]);
    const firewallChecks = findings.filter((f) => f.controlId === 'network.firewall-deletion-protection');
    expect(firewallChecks.map((f) => f.status)).toEqual(g.governedRegions.map(() => 'NOT_APPLICABLE'));
  });
});
