/**
 * EC2 module: the collector against sandbox scenarios (greenfield, the reference SRA, a denied read) and
 * every control on pass, fail, not-applicable and error inputs; then the whole family over the drifted
 * scenario, where only the planted EBS drift may fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EC2Client,
  ModifyTransitGatewayCommand,
  CreateTransitGatewayCommand,
  CreateLaunchTemplateCommand,
} from '@aws-sdk/client-ec2';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import { observe } from '../../src/observe/engine.js';
import type { AccountInfo, Collector, Datum, Inventory } from '../../src/observe/types.js';
import {
  accountsFromOrganization,
  organizationIdFrom,
  organizationsCollector,
} from '../../src/services/organizations/collect.js';
import {
  allAccounts,
  deployReferenceSra,
  drifted,
  greenfield,
  plantDrift,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import {
  EC2,
  ec2Collector,
  ec2Module,
  openAdminPorts,
  type Ec2Slice,
  amiBlockPublicAccess,
  defaultSecurityGroupClosed,
  ebsEncryptionByDefault,
  ebsSnapshotBlockPublicAccess,
  imdsV2Default,
  launchTemplateImdsV2,
  naclNoAdminPortsFromInternet,
  serialConsoleDisabled,
  transitGatewayAutoAcceptDisabled,
  vpcBlockPublicAccess,
  vpcFlowLogs,
} from '../../src/services/ec2/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { accessFor, collectIn, evalControl } from '../verify/harness.js';

// ---------------------------------------------------------------------------------------------------------
// Hand-built inventories

const MGMT = '111111111111';
const W = '444444444444';
const W2 = '555555555555';
const R = 'us-east-1';
const R2 = 'eu-west-1';
const ok = <T>(value: T): Datum<T> => ({ ok: true, value });
const denied = <T>(operation: string): Datum<T> => ({
  ok: false,
  error: { kind: 'access-denied', message: `not allowed: ${operation}`, account: W, region: R, operation },
});

/** An EC2 slice as the reference SRA leaves it: every setting on, one closed default VPC with a flow log. */
function sraSlice(over: Partial<Ec2Slice> = {}): Ec2Slice {
  return {
    ebsEncryptionByDefault: ok(true),
    snapshotBlockPublicAccess: ok('block-all-sharing'),
    imageBlockPublicAccess: ok('block-new-sharing'),
    imdsDefaults: ok({ httpTokens: 'required', httpPutResponseHopLimit: 2 }),
    serialConsoleAccess: ok(false),
    vpcBlockPublicAccess: ok('off'),
    vpcs: ok([{ id: 'vpc-1', isDefault: true, cidr: '172.31.0.0/16' }]),
    defaultSecurityGroups: ok([{ id: 'sg-1', vpcId: 'vpc-1', ingress: [], egress: [] }]),
    networkAcls: ok([
      {
        id: 'acl-1',
        vpcId: 'vpc-1',
        isDefault: true,
        ingress: [
          { rule: 50, action: 'deny', protocol: '6', cidr: '0.0.0.0/0', from: 22, to: 22 },
          { rule: 51, action: 'deny', protocol: '17', cidr: '0.0.0.0/0', from: 22, to: 22 },
          { rule: 52, action: 'deny', protocol: '6', cidr: '0.0.0.0/0', from: 3389, to: 3389 },
          { rule: 53, action: 'deny', protocol: '17', cidr: '0.0.0.0/0', from: 3389, to: 3389 },
          { rule: 100, action: 'allow', protocol: '-1', cidr: '0.0.0.0/0' },
          { rule: 32767, action: 'deny', protocol: '-1', cidr: '0.0.0.0/0' },
        ],
      },
    ]),
    flowLogs: ok([
      {
        id: 'fl-1',
        resourceId: 'vpc-1',
        status: 'ACTIVE',
        trafficType: 'ALL',
        destinationType: 's3',
        destination: 'arn:aws:s3:::logs',
      },
    ]),
    transitGateways: ok([]),
    launchTemplates: ok([]),
    ...over,
  };
}

function inventory(slices: Record<string, Partial<Record<string, Ec2Slice>>>): Inventory {
  const accounts: AccountInfo[] = [
    { id: MGMT, name: 'Management', status: 'ACTIVE', ouPath: [] },
    { id: W, name: 'workload-1', status: 'ACTIVE', ouPath: ['Workloads'] },
    { id: W2, name: 'workload-2', status: 'ACTIVE', ouPath: ['Workloads'] },
  ];
  const inv = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: R,
    governedRegions: [R, R2],
    accounts,
  });
  for (const [account, byRegion] of Object.entries(slices)) {
    for (const [region, slice] of Object.entries(byRegion))
      ((inv.region[account] ??= {})[region] ??= {})[EC2] = slice;
  }
  return inv;
}

function run(
  control: Control,
  slice: Ec2Slice,
  o: { blueprint?: Blueprint; inv?: Inventory } = {},
): Outcome[] {
  const inv = o.inv ?? inventory({ [W]: { [R]: slice } });
  return evalControl(control, {
    inventory: inv,
    account: inv.accounts.find((a) => a.id === W)!,
    region: R,
    roles: ['workload'],
    roleAccounts: { management: [MGMT], workload: [W, W2] },
    ...(o.blueprint ? { blueprint: o.blueprint } : {}),
  });
}

function one(control: Control, slice: Ec2Slice, o: { blueprint?: Blueprint; inv?: Inventory } = {}): Outcome {
  const out = run(control, slice, o);
  expect(out).toHaveLength(1);
  return out[0]!;
}

function blueprint(extra: string): Blueprint {
  const parsed = parseBlueprint(
    `organization:\n  managementAccount: '${MGMT}'\n  homeRegion: ${R}\n  governedRegions: [${R}, ${R2}]\n` +
      `accounts:\n  securityTooling: '222222222222'\n  logArchive: '333333333333'\n${extra}`,
  );
  expect(parsed.diagnostics).toEqual([]);
  return parsed.blueprint!;
}

// ---------------------------------------------------------------------------------------------------------
// Collector

describe('ec2 collector', () => {
  it('reads a greenfield account: every default of a new account', async () => {
    const s = await greenfield({ workloads: 1 });
    const slice = await collectIn(s, ec2Collector, s.workloadIds[0]!);
    expect(slice.ebsEncryptionByDefault).toEqual(ok(false));
    expect(slice.snapshotBlockPublicAccess).toEqual(ok('unblocked'));
    expect(slice.imageBlockPublicAccess).toEqual(ok('unblocked'));
    expect(slice.imdsDefaults).toEqual(ok({}));
    expect(slice.serialConsoleAccess).toEqual(ok(false));
    expect(slice.vpcBlockPublicAccess).toEqual(ok('off'));
    const vpcs = (slice.vpcs as { value: Array<{ id: string; isDefault: boolean }> }).value;
    expect(vpcs).toHaveLength(1);
    expect(vpcs[0]!.isDefault).toBe(true);
    const sg = (slice.defaultSecurityGroups as { value: Array<{ ingress: string[]; egress: string[] }> })
      .value[0]!;
    expect(sg.ingress).toEqual([expect.stringMatching(/^all all sg-/)]);
    expect(sg.egress).toEqual(['all all 0.0.0.0/0']);
    const acl = (slice.networkAcls as { value: Parameters<typeof openAdminPorts>[0][] }).value[0]!;
    expect(openAdminPorts(acl)).toHaveLength(4);
    expect(slice.flowLogs).toEqual(ok([]));
    expect(slice.transitGateways).toEqual(ok([]));
    expect(slice.launchTemplates).toEqual(ok([]));
  });

  it('reads the reference deployment: settings on, default group closed, ACL hardened, flow log on', async () => {
    const s = await greenfield({ workloads: 1 });
    await deployReferenceSra(s.sandbox, s);
    const slice = await collectIn(s, ec2Collector, s.workloadIds[0]!, s.governedRegions[1]);
    expect(slice.ebsEncryptionByDefault).toEqual(ok(true));
    expect(slice.snapshotBlockPublicAccess).toEqual(ok('block-all-sharing'));
    expect(slice.imageBlockPublicAccess).toEqual(ok('block-new-sharing'));
    expect(slice.imdsDefaults).toEqual(ok({ httpTokens: 'required', httpPutResponseHopLimit: 2 }));
    expect(slice.defaultSecurityGroups).toMatchObject(ok([{ ingress: [], egress: [] }]));
    const acl = (slice.networkAcls as { value: Parameters<typeof openAdminPorts>[0][] }).value[0]!;
    expect(openAdminPorts(acl)).toEqual([]);
    expect(slice.flowLogs).toMatchObject(
      ok([
        {
          status: 'ACTIVE',
          trafficType: 'ALL',
          destinationType: 's3',
          destination: expect.stringMatching(/^arn:aws:s3:::sra-logs-/),
        },
      ]),
    );
    const network = await collectIn(s, ec2Collector, s.networkId);
    expect(network.transitGateways).toMatchObject(
      ok([{ autoAcceptSharedAttachments: 'disable', state: 'available' }]),
    );
  });

  it('reads transit gateways and launch templates an account creates', async () => {
    const s = await greenfield({ workloads: 1 });
    const w = s.workloadIds[0]!;
    const ec2 = s.client(EC2Client, w);
    const tgw = await ec2.send(new CreateTransitGatewayCommand({}));
    await ec2.send(
      new ModifyTransitGatewayCommand({
        TransitGatewayId: tgw.TransitGateway!.TransitGatewayId,
        Options: { AutoAcceptSharedAttachments: 'enable' },
      }),
    );
    await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'web',
        LaunchTemplateData: { MetadataOptions: { HttpTokens: 'optional' } },
      }),
    );
    const slice = await collectIn(s, ec2Collector, w);
    expect(slice.transitGateways).toMatchObject(ok([{ autoAcceptSharedAttachments: 'enable' }]));
    expect(slice.launchTemplates).toMatchObject(ok([{ name: 'web', version: 1, httpTokens: 'optional' }]));
  });

  it('records a denied read as a DataError and keeps the other reads', async () => {
    const s = await greenfield({ workloads: 1 });
    const w = s.workloadIds[0]!;
    s.sandbox.knobs = { deny: [{ action: 'ec2:GetEbsEncryptionByDefault', account: w }] };
    const slice = await collectIn(s, ec2Collector, w);
    expect(slice.ebsEncryptionByDefault).toMatchObject({
      ok: false,
      error: {
        kind: 'access-denied',
        account: w,
        region: s.homeRegion,
        operation: 'ec2:GetEbsEncryptionByDefault',
      },
    });
    expect(slice.snapshotBlockPublicAccess).toEqual(ok('unblocked'));
    const out = evalControl(ebsEncryptionByDefault, {
      inventory: inventory({ [W]: { [R]: slice } }),
      account: { id: W, name: 'w', status: 'ACTIVE', ouPath: [] },
      region: R,
      roles: ['workload'],
      roleAccounts: {},
    });
    expect(out).toMatchObject([{ status: 'ERROR', error: { operation: 'ec2:GetEbsEncryptionByDefault' } }]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Controls: one row per control — a passing slice, a failing one with its evidence, and the datum whose
// failure must become ERROR.

interface Row {
  control: Control;
  fail: Partial<Ec2Slice>;
  expected: unknown;
  actual: unknown;
  datum: keyof Ec2Slice;
}

const rows: Row[] = [
  {
    control: ebsEncryptionByDefault,
    fail: { ebsEncryptionByDefault: ok(false) },
    expected: { ebsEncryptionByDefault: true },
    actual: { ebsEncryptionByDefault: false },
    datum: 'ebsEncryptionByDefault',
  },
  {
    control: ebsSnapshotBlockPublicAccess,
    fail: { snapshotBlockPublicAccess: ok('block-new-sharing') },
    expected: { state: 'block-all-sharing' },
    actual: { state: 'block-new-sharing' },
    datum: 'snapshotBlockPublicAccess',
  },
  {
    control: amiBlockPublicAccess,
    fail: { imageBlockPublicAccess: ok('unblocked') },
    expected: { state: 'block-new-sharing' },
    actual: { state: 'unblocked' },
    datum: 'imageBlockPublicAccess',
  },
  {
    control: imdsV2Default,
    fail: { imdsDefaults: ok({ httpTokens: 'optional' }) },
    expected: { httpTokens: 'required' },
    actual: { httpTokens: 'optional' },
    datum: 'imdsDefaults',
  },
  {
    control: serialConsoleDisabled,
    fail: { serialConsoleAccess: ok(true) },
    expected: { serialConsoleAccess: false },
    actual: { serialConsoleAccess: true },
    datum: 'serialConsoleAccess',
  },
  {
    control: defaultSecurityGroupClosed,
    fail: {
      defaultSecurityGroups: ok([{ id: 'sg-1', vpcId: 'vpc-1', ingress: ['all all sg-1'], egress: [] }]),
    },
    expected: { ingress: [], egress: [] },
    actual: { ingress: ['all all sg-1'], egress: [] },
    datum: 'defaultSecurityGroups',
  },
  {
    control: vpcFlowLogs,
    fail: { flowLogs: ok([{ id: 'fl-1', resourceId: 'vpc-1', status: 'ACTIVE', trafficType: 'ACCEPT' }]) },
    expected: { flowLog: { status: 'ACTIVE', trafficType: ['ALL', 'REJECT'] } },
    actual: { flowLogs: [{ id: 'fl-1', status: 'ACTIVE', trafficType: 'ACCEPT' }] },
    datum: 'flowLogs',
  },
  {
    control: naclNoAdminPortsFromInternet,
    fail: {
      networkAcls: ok([
        {
          id: 'acl-1',
          isDefault: true,
          ingress: [
            { rule: 10, action: 'allow', protocol: '6', cidr: '0.0.0.0/0', from: 20, to: 25 },
            { rule: 20, action: 'deny', protocol: '6', cidr: '0.0.0.0/0', from: 22, to: 22 },
            { rule: 30, action: 'allow', protocol: '6', ipv6Cidr: '::/0', from: 3389, to: 3389 },
          ],
        },
      ]),
    },
    expected: { open: [] },
    actual: { open: ['tcp/22 from 0.0.0.0/0 (rule 10)', 'tcp/3389 from ::/0 (rule 30)'] },
    datum: 'networkAcls',
  },
];

describe('controls on pass, fail and error inputs', () => {
  for (const row of rows) {
    it(`${row.control.id}`, () => {
      const passed = run(row.control, sraSlice());
      expect(passed.length).toBeGreaterThan(0);
      for (const o of passed) expect(o.status, o.message).toBe('PASS');
      const failed = one(row.control, sraSlice(row.fail));
      expect(failed.status).toBe('FAIL');
      expect(failed.expected).toEqual(row.expected);
      expect(failed.actual).toEqual(row.actual);
      const error = one(row.control, sraSlice({ [row.datum]: denied(`ec2:Read${row.datum}`) }));
      expect(error).toMatchObject({ status: 'ERROR', error: { operation: `ec2:Read${row.datum}` } });
    });
  }

  it('ERROR when the EC2 slice was not collected at all', () => {
    const inv = inventory({});
    const out = evalControl(ebsEncryptionByDefault, {
      inventory: inv,
      account: inv.accounts[1]!,
      region: R,
      roles: ['workload'],
      roleAccounts: {},
    });
    expect(out).toMatchObject([{ status: 'ERROR', message: expect.stringContaining('was not collected') }]);
  });

  it('reads unset snapshot block and IMDS settings as failures with what was found', () => {
    expect(
      one(ebsSnapshotBlockPublicAccess, sraSlice({ snapshotBlockPublicAccess: ok('unblocked') })),
    ).toMatchObject({
      status: 'FAIL',
      actual: { state: 'unblocked' },
    });
    expect(one(imdsV2Default, sraSlice({ imdsDefaults: ok({}) }))).toMatchObject({
      status: 'FAIL',
      actual: { httpTokens: 'no-preference' },
    });
  });
});

describe('controls on not-applicable inputs', () => {
  it('follows a blueprint that turns a default setting off', () => {
    const off = blueprint(
      'dataProtection:\n  ebsEncryptionByDefault: false\n' +
        'infrastructureProtection:\n  ebsSnapshotBlockPublicAccess: false\n  imdsV2Default: false\n',
    );
    const broken = sraSlice({
      ebsEncryptionByDefault: ok(false),
      snapshotBlockPublicAccess: ok('unblocked'),
      imdsDefaults: ok({}),
    });
    for (const c of [ebsEncryptionByDefault, ebsSnapshotBlockPublicAccess, imdsV2Default]) {
      const o = one(c, broken, { blueprint: off });
      expect(o.status, c.id).toBe('NOT_APPLICABLE');
      expect(o.message).toContain('blueprint');
    }
    // The SRA defaults of a blueprint that says nothing still apply.
    expect(one(ebsEncryptionByDefault, broken, { blueprint: blueprint('') }).status).toBe('FAIL');
  });

  it('has nothing to judge in a Region without VPCs, gateways or templates', () => {
    const empty = sraSlice({
      vpcs: ok([]),
      defaultSecurityGroups: ok([]),
      networkAcls: ok([]),
      flowLogs: ok([]),
    });
    for (const c of [
      defaultSecurityGroupClosed,
      vpcFlowLogs,
      naclNoAdminPortsFromInternet,
      transitGatewayAutoAcceptDisabled,
      launchTemplateImdsV2,
    ]) {
      expect(one(c, empty).status, c.id).toBe('NOT_APPLICABLE');
    }
  });

  it('judges VPC block public access only where the organization uses it', () => {
    const off = sraSlice();
    const na = one(vpcBlockPublicAccess, off);
    expect(na.status).toBe('NOT_APPLICABLE');
    expect(na.message).toContain('modify-vpc-block-public-access-options');
    // In use in another account: accounts where it is off now fail.
    const inv = inventory({
      [W]: { [R]: off },
      [W2]: { [R2]: sraSlice({ vpcBlockPublicAccess: ok('block-ingress') }) },
    });
    expect(one(vpcBlockPublicAccess, off, { inv })).toMatchObject({
      status: 'FAIL',
      actual: { mode: 'off' },
      expected: { mode: ['block-bidirectional', 'block-ingress'] },
    });
    expect(
      one(vpcBlockPublicAccess, sraSlice({ vpcBlockPublicAccess: ok('block-bidirectional') })).status,
    ).toBe('PASS');
    expect(
      one(
        vpcBlockPublicAccess,
        sraSlice({ vpcBlockPublicAccess: denied('ec2:DescribeVpcBlockPublicAccessOptions') }),
      ).status,
    ).toBe('ERROR');
  });
});

describe('per-resource controls', () => {
  it('transit gateways: FAIL for each gateway that auto-accepts, PASS for the others', () => {
    const out = run(
      transitGatewayAutoAcceptDisabled,
      sraSlice({
        transitGateways: ok([
          { id: 'tgw-1', autoAcceptSharedAttachments: 'enable', state: 'available' },
          { id: 'tgw-2', autoAcceptSharedAttachments: 'disable', state: 'available' },
        ]),
      }),
    );
    expect(out.map((o) => [o.resource, o.status])).toEqual([
      [`arn:aws:ec2:${R}:${W}:transit-gateway/tgw-1`, 'FAIL'],
      [`arn:aws:ec2:${R}:${W}:transit-gateway/tgw-2`, 'PASS'],
    ]);
    expect(out[0]!.actual).toEqual({ autoAcceptSharedAttachments: 'enable' });
  });

  it('launch templates: the default version must say HttpTokens=required', () => {
    const out = run(
      launchTemplateImdsV2,
      sraSlice({
        launchTemplates: ok([
          { id: 'lt-1', name: 'web', version: 3, httpTokens: 'required' },
          { id: 'lt-2', name: 'batch', version: 1 },
        ]),
      }),
    );
    expect(out.map((o) => o.status)).toEqual(['PASS', 'FAIL']);
    expect(out[1]).toMatchObject({
      expected: { httpTokens: 'required' },
      actual: { version: 1, httpTokens: 'not set' },
    });
    expect(
      one(launchTemplateImdsV2, sraSlice({ launchTemplates: denied('ec2:DescribeLaunchTemplateVersions') }))
        .status,
    ).toBe('ERROR');
    expect(
      one(
        transitGatewayAutoAcceptDisabled,
        sraSlice({ transitGateways: denied('ec2:DescribeTransitGateways') }),
      ).status,
    ).toBe('ERROR');
  });

  it('network ACLs: a deny before the allow closes a port, IPv6 is judged on its own', () => {
    const acl = (ingress: Parameters<typeof openAdminPorts>[0]['ingress']) =>
      openAdminPorts({ id: 'a', isDefault: false, ingress });
    expect(acl([{ rule: 100, action: 'allow', protocol: '-1', cidr: '10.0.0.0/8' }])).toEqual([]);
    expect(
      acl([{ rule: 100, action: 'allow', protocol: '6', cidr: '0.0.0.0/0', from: 443, to: 443 }]),
    ).toEqual([]);
    expect(acl([{ rule: 100, action: 'allow', protocol: '-1', ipv6Cidr: '::/0' }])).toHaveLength(4);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The family over whole scenarios

async function observeWith(s: Scenario, collectors: readonly Collector[]): Promise<Inventory> {
  return observe({
    access: accessFor(s),
    collectors: [organizationsCollector, ...collectors],
    managementAccountId: s.managementAccountId,
    homeRegion: s.homeRegion,
    governedRegions: s.governedRegions,
    accountsFrom: accountsFromOrganization,
    organizationIdFrom,
    now: () => 0,
  });
}

function roles(s: Scenario) {
  const special = new Map<string, AccountRoleId>([
    [s.managementAccountId, 'management'],
    [s.securityToolingId, 'security-tooling'],
    [s.logArchiveId, 'log-archive'],
    [s.networkId, 'network'],
    [s.sharedServicesId, 'shared-services'],
  ]);
  const roleAccounts: Partial<Record<AccountRoleId, string[]>> = {};
  for (const a of allAccounts(s)) (roleAccounts[special.get(a) ?? 'workload'] ??= []).push(a);
  return { rolesOf: (a: string) => [special.get(a) ?? 'workload'], roleAccounts };
}

describe('ec2 family over scenarios', () => {
  let s: Scenario;
  let inv: Inventory;
  beforeAll(async () => {
    s = await drifted({ workloads: 3 });
    // One more drift of this module's kind, in another account and Region.
    await plantDrift(s, 'ec2.ebs-encryption-by-default-disabled', s.workloadIds[0]!, s.governedRegions[1]);
    inv = await observeWith(s, ec2Module.collectors);
  });

  it('fails exactly where EBS encryption by default was disabled, and nowhere else', () => {
    const findings = evaluateControls(inv, ec2Module.controls, roles(s));
    const failed = findings.filter((f) => f.status === 'FAIL').map((f) => [f.controlId, f.account, f.region]);
    const planted = s.planted
      .filter((p) => p.kind === 'ec2.ebs-encryption-by-default-disabled')
      .map((p) => ['ec2.ebs-encryption-by-default', p.account, p.region]);
    expect(planted).toHaveLength(2);
    expect(failed.sort()).toEqual(planted.sort());
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    // Every account and Region was judged.
    const judged = new Set(
      findings
        .filter((f) => f.controlId === 'ec2.ebs-encryption-by-default')
        .map((f) => `${f.account}/${f.region}`),
    );
    expect(judged.size).toBe(allAccounts(s).length * s.governedRegions.length);
  });

  it('fails the whole baseline in a greenfield organization', async () => {
    const g = await greenfield({ workloads: 1 });
    const ginv = await observeWith(g, ec2Module.collectors);
    const findings = evaluateControls(ginv, ec2Module.controls, roles(g));
    const failing = new Set(findings.filter((f) => f.status === 'FAIL').map((f) => f.controlId));
    expect([...failing].sort()).toEqual(
      [
        'ec2.ami-block-public-access',
        'ec2.default-security-group-closed',
        'ec2.ebs-encryption-by-default',
        'ec2.ebs-snapshot-block-public-access',
        'ec2.imdsv2-default',
        'ec2.nacl-no-admin-ports-from-internet',
        'ec2.vpc-flow-logs',
      ].sort(),
    );
    expect(
      findings.filter((f) => f.controlId === 'ec2.serial-console-disabled').every((f) => f.status === 'PASS'),
    ).toBe(true);
  });
});
