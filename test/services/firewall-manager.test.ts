/**
 * AWS Firewall Manager module (optional in the SRA): the collectors against sandbox scenarios, and every
 * control on pass, fail, not-applicable and error inputs.
 */
import { describe, expect, it } from 'vitest';
import { AssociateAdminAccountCommand, FMSClient, PutPolicyCommand, type Policy } from '@aws-sdk/client-fms';
import type { Datum, Inventory } from '../../src/observe/types.js';
import { deployReferenceSra, drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import {
  FMS_ADMIN,
  FMS_CONTROLS,
  FMS_POLICIES,
  firewallManagerModule,
  fmsAdminCollector,
  fmsPoliciesCollector,
  type FmsAdmin,
  type FmsAdminSlice,
  type FmsPolicy,
} from '../../src/services/fms/index.js';
import { SHIELD } from '../../src/services/shield/index.js';
import type { Control } from '../../src/verify/types.js';
import { collectIn } from '../verify/harness.js';
import {
  AUDIT,
  LOGS,
  MGMT,
  R,
  R2,
  W1,
  blueprint,
  evaluateScenario,
  failed,
  inventory,
  lines,
  observeScenario,
  ok,
  one,
  run,
  setAccountSlice,
  setRegionSlice,
} from './optional-fixtures.js';

const byId = (id: string): Control => FMS_CONTROLS.find((c) => c.id === id)!;
const FMS_ON = 'infrastructureProtection:\n  firewallManager: { enabled: true }\n';

// ---------------------------------------------------------------------------------------------------------
// Hand-built inventory

function policy(type: string, over: Partial<FmsPolicy> = {}): FmsPolicy {
  const id = `${type.toLowerCase().replace(/_/g, '-')}-0000-0000-0000-000000000000`.slice(0, 36);
  return {
    id,
    name: `${type.toLowerCase()}-baseline`,
    arn: `arn:aws:fms:${R}:${AUDIT}:policy/${id}`,
    type,
    remediationEnabled: true,
    deleteUnusedManagedResources: true,
    status: 'ACTIVE',
    ...over,
  };
}

/** An inventory with the given administrator and, for it, `policies` in the home Region (none in the second). */
function inv(admin: Datum<FmsAdmin>, policies: Datum<FmsPolicy[]> = ok([]), shieldActive = false): Inventory {
  const i = inventory();
  i.organization[FMS_ADMIN] = { admin } satisfies FmsAdminSlice;
  const account = admin.ok ? admin.value.account : undefined;
  if (account) {
    setRegionSlice(i, account, R, FMS_POLICIES, { policies });
    setRegionSlice(i, account, R2, FMS_POLICIES, { policies: ok([]) });
  }
  for (const a of i.accounts) {
    setAccountSlice(i, a.id, SHIELD, { state: ok(shieldActive && a.id === W1 ? 'ACTIVE' : 'INACTIVE') });
  }
  return i;
}

const ADMIN = ok<FmsAdmin>({ account: AUDIT, roleStatus: 'READY' });
const NONE = ok<FmsAdmin>({});

// ---------------------------------------------------------------------------------------------------------
// Controls

describe('firewall-manager.admin-is-security-tooling', () => {
  const control = byId('firewall-manager.admin-is-security-tooling');

  it('passes when security tooling administers Firewall Manager', () => {
    expect(one(control, inv(ADMIN), MGMT)).toMatchObject({ status: 'PASS', resource: AUDIT, actual: AUDIT });
    expect(control).toMatchObject({ appliesTo: ['management'], scope: 'organization' });
    expect(control.refs.sraVerify).toEqual(['SRA-FIREWALLMANAGER-01']);
  });

  it('fails another administrator, and an administrator being removed', () => {
    expect(one(control, inv(ok({ account: LOGS, roleStatus: 'READY' })), MGMT)).toMatchObject({
      status: 'FAIL',
      expected: AUDIT,
      actual: LOGS,
    });
    expect(one(control, inv(ok({ account: AUDIT, roleStatus: 'DELETING' })), MGMT)).toMatchObject({
      status: 'FAIL',
      expected: 'READY',
      actual: 'DELETING',
    });
  });

  it('is not applicable without an administrator, unless the blueprint asks for Firewall Manager', () => {
    const na = one(control, inv(NONE), MGMT);
    expect(na.status).toBe('NOT_APPLICABLE');
    expect(na.message).toContain('infrastructureProtection.firewallManager.enabled: true');
    expect(one(control, inv(NONE), MGMT, { blueprint: blueprint(FMS_ON) })).toMatchObject({
      status: 'FAIL',
      actual: 'no administrator',
    });
  });

  it('reports ERROR when the administrator could not be read', () => {
    expect(one(control, inv(failed('fms:GetAdminAccount', MGMT)), MGMT)).toMatchObject({
      status: 'ERROR',
      error: { operation: 'fms:GetAdminAccount' },
    });
  });
});

/** The policy-type controls: [id, sraVerify, a matching type]. */
const TYPES: Array<[string, string, string]> = [
  ['firewall-manager.security-group-policies', 'SRA-FIREWALLMANAGER-02', 'SECURITY_GROUPS_CONTENT_AUDIT'],
  ['firewall-manager.waf-policies', 'SRA-FIREWALLMANAGER-03', 'WAFV2'],
  ['firewall-manager.shield-advanced-policies', 'SRA-FIREWALLMANAGER-04', 'SHIELD_ADVANCED'],
  ['firewall-manager.network-acl-policies', 'SRA-FIREWALLMANAGER-05', 'NETWORK_ACL_COMMON'],
  ['firewall-manager.network-firewall-policies', 'SRA-FIREWALLMANAGER-06', 'NETWORK_FIREWALL'],
  ['firewall-manager.dns-firewall-policies', 'SRA-FIREWALLMANAGER-07', 'DNS_FIREWALL'],
];

describe.each(TYPES)('%s', (id, sraVerify, type) => {
  const control = byId(id);
  const shield = type === 'SHIELD_ADVANCED';

  it(`references ${sraVerify} and is judged in security tooling per Region`, () => {
    expect(control.refs.sraVerify).toEqual([sraVerify]);
    expect(control).toMatchObject({ appliesTo: ['security-tooling'], scope: 'region' });
  });

  it('passes when the administrator has such a policy in the Region', () => {
    const out = one(control, inv(ADMIN, ok([policy(type)]), shield), AUDIT);
    expect(out).toMatchObject({ status: 'PASS', actual: [`${type.toLowerCase()}-baseline (${type})`] });
  });

  it('fails when the Region has no such policy, listing what it has', () => {
    const other = type === 'WAFV2' ? 'DNS_FIREWALL' : 'WAFV2';
    const out = one(control, inv(ADMIN, ok([policy(other)]), shield), AUDIT);
    expect(out).toMatchObject({ status: 'FAIL', actual: [`${other.toLowerCase()}-baseline (${other})`] });
    expect(String(out.expected)).toContain(type);
    expect(one(control, inv(ADMIN, ok([]), shield), AUDIT, { region: R2 })).toMatchObject({
      status: 'FAIL',
      actual: 'no policies',
    });
  });

  it('is not applicable without Firewall Manager, and fails when the blueprint asks for it', () => {
    expect(one(control, inv(NONE), AUDIT).status).toBe('NOT_APPLICABLE');
    const requested = one(control, inv(NONE, ok([]), shield), AUDIT, { blueprint: blueprint(FMS_ON) });
    expect(requested).toMatchObject({ status: 'FAIL', actual: 'no Firewall Manager administrator' });
  });

  it('reports ERROR when the policies could not be read', () => {
    const out = one(control, inv(ADMIN, failed('fms:ListPolicies', AUDIT), shield), AUDIT);
    expect(out).toMatchObject({ status: 'ERROR', error: { operation: 'fms:ListPolicies' } });
  });
});

describe('firewall-manager.shield-advanced-policies without Shield Advanced', () => {
  it('is not applicable while no account subscribes to Shield Advanced', () => {
    const out = one(byId('firewall-manager.shield-advanced-policies'), inv(ADMIN, ok([])), AUDIT);
    expect(out.status).toBe('NOT_APPLICABLE');
    expect(out.message).toContain('Shield Advanced is not in use');
  });
});

/** The per-policy controls: [id, sraVerify, passing policy, failing policy]. */
const PER_POLICY: Array<[string, string, FmsPolicy, FmsPolicy]> = [
  [
    'firewall-manager.policy-remediation',
    'SRA-FIREWALLMANAGER-08',
    policy('WAFV2'),
    policy('NETWORK_ACL_COMMON', { remediationEnabled: false }),
  ],
  [
    'firewall-manager.policy-active',
    'SRA-FIREWALLMANAGER-09',
    policy('WAFV2'),
    policy('DNS_FIREWALL', { status: 'OUT_OF_ADMIN_SCOPE' }),
  ],
  [
    'firewall-manager.policy-cleanup',
    'SRA-FIREWALLMANAGER-10',
    policy('WAFV2'),
    policy('SECURITY_GROUPS_COMMON', { deleteUnusedManagedResources: false }),
  ],
];

describe.each(PER_POLICY)('%s', (id, sraVerify, good, bad) => {
  const control = byId(id);

  it(`references ${sraVerify} and judges each policy`, () => {
    expect(control.refs.sraVerify).toEqual([sraVerify]);
    const outs = run(control, inv(ADMIN, ok([good, bad])), AUDIT);
    expect(outs.map((o) => [o.status, o.resource])).toEqual([
      ['PASS', good.arn],
      ['FAIL', bad.arn],
    ]);
    expect(outs[1]!.expected).toBeDefined();
    expect(outs[1]!.actual).toBeDefined();
  });

  it('is not applicable without policies or without Firewall Manager', () => {
    expect(one(control, inv(ADMIN, ok([])), AUDIT).status).toBe('NOT_APPLICABLE');
    expect(one(control, inv(NONE), AUDIT).status).toBe('NOT_APPLICABLE');
    expect(one(control, inv(NONE), AUDIT, { blueprint: blueprint(FMS_ON) }).status).toBe('NOT_APPLICABLE');
  });

  it('reports ERROR when the policies could not be read', () => {
    expect(one(control, inv(ADMIN, failed('fms:ListPolicies', AUDIT)), AUDIT).status).toBe('ERROR');
  });
});

describe('firewall-manager.policy-cleanup and policy types without cleanup', () => {
  it('skips Shield Advanced and WAF Classic policies, which have no cleanup option', () => {
    const control = byId('firewall-manager.policy-cleanup');
    const only = ok([
      policy('SHIELD_ADVANCED', { deleteUnusedManagedResources: false }),
      policy('WAF', { deleteUnusedManagedResources: false }),
    ]);
    expect(one(control, inv(ADMIN, only), AUDIT).status).toBe('NOT_APPLICABLE');
  });
});

it('covers SRA-FIREWALLMANAGER-01..10 and is registered', () => {
  const ids = FMS_CONTROLS.flatMap((c) => c.refs.sraVerify ?? []).sort();
  expect(ids).toEqual(
    Array.from({ length: 10 }, (_, i) => `SRA-FIREWALLMANAGER-${String(i + 1).padStart(2, '0')}`),
  );
  expect(SERVICE_MODULES).toContain(firewallManagerModule);
});

// ---------------------------------------------------------------------------------------------------------
// Collectors and end to end

const WAF_POLICY: Policy = {
  PolicyName: 'waf-baseline',
  SecurityServicePolicyData: { Type: 'WAFV2' },
  ResourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  ExcludeResourceTags: false,
  RemediationEnabled: true,
};
const SG_POLICY: Policy = {
  PolicyName: 'sg-audit',
  SecurityServicePolicyData: { Type: 'SECURITY_GROUPS_CONTENT_AUDIT' },
  ResourceType: 'AWS::EC2::SecurityGroup',
  ExcludeResourceTags: false,
  RemediationEnabled: true,
  DeleteUnusedFMManagedResources: true,
};

/** Greenfield with `admin` as Firewall Manager administrator and two policies in the home Region. */
async function withFirewallManager(admin: (s: Scenario) => string): Promise<Scenario> {
  const s = await greenfield();
  const id = admin(s);
  await s
    .client(FMSClient, s.managementAccountId, 'us-east-1')
    .send(new AssociateAdminAccountCommand({ AdminAccount: id }));
  const fms = s.client(FMSClient, id, s.homeRegion);
  await fms.send(new PutPolicyCommand({ Policy: WAF_POLICY }));
  await fms.send(new PutPolicyCommand({ Policy: SG_POLICY }));
  return s;
}

describe('collectors', () => {
  it('read no administrator and no policies in a greenfield organization', async () => {
    const s = await greenfield();
    const org = await collectIn(s, fmsAdminCollector, s.managementAccountId);
    expect(org).toEqual({ admin: ok({}) });
    expect(
      await collectIn(s, fmsPoliciesCollector, s.securityToolingId, s.homeRegion, { [FMS_ADMIN]: org }),
    ).toEqual({});
  });

  it('read the administrator, and the policies only in the administrator account', async () => {
    const s = await withFirewallManager((x) => x.securityToolingId);
    const org = await collectIn(s, fmsAdminCollector, s.managementAccountId);
    expect(org).toEqual({ admin: ok({ account: s.securityToolingId, roleStatus: 'READY' }) });
    s.sandbox.resetStats();
    expect(
      await collectIn(s, fmsPoliciesCollector, s.workloadIds[0]!, s.homeRegion, { [FMS_ADMIN]: org }),
    ).toEqual({});
    expect(s.sandbox.stats().byOperation.get('fms:ListPolicies')).toBeUndefined();
    const slice = await collectIn(s, fmsPoliciesCollector, s.securityToolingId, s.homeRegion, {
      [FMS_ADMIN]: org,
    });
    expect(slice.policies).toEqual(
      ok([
        expect.objectContaining({
          name: 'waf-baseline',
          type: 'WAFV2',
          remediationEnabled: true,
          deleteUnusedManagedResources: false,
          status: 'ACTIVE',
        }),
        expect.objectContaining({
          name: 'sg-audit',
          type: 'SECURITY_GROUPS_CONTENT_AUDIT',
          deleteUnusedManagedResources: true,
        }),
      ]),
    );
  });

  it('turn denied reads into DataErrors', async () => {
    const s = await withFirewallManager((x) => x.securityToolingId);
    s.sandbox.knobs = { deny: [{ action: 'fms:GetAdminAccount', account: s.managementAccountId }] };
    expect((await collectIn(s, fmsAdminCollector, s.managementAccountId)).admin).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', region: 'us-east-1', operation: 'fms:GetAdminAccount' },
    });
    s.sandbox.knobs = { deny: [{ action: 'fms:ListPolicies', account: s.securityToolingId }] };
    const org = { [FMS_ADMIN]: { admin: ok({ account: s.securityToolingId }) } };
    const slice = await collectIn(s, fmsPoliciesCollector, s.securityToolingId, s.homeRegion, org);
    expect(slice.policies).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'fms:ListPolicies' },
    });
  });

  it('report exactly the planted gaps, end to end', async () => {
    const s = await withFirewallManager((x) => x.securityToolingId);
    const [home, second] = s.governedRegions as [string, string];
    const tooling = s.securityToolingId;
    const findings = evaluateScenario(
      s,
      await observeScenario(s, firewallManagerModule.collectors),
      FMS_CONTROLS,
    );
    expect(lines(findings, 'ERROR')).toEqual([]);
    expect(lines(findings, 'FAIL')).toEqual(
      [
        `firewall-manager.network-acl-policies ${tooling} ${home}`,
        `firewall-manager.network-firewall-policies ${tooling} ${home}`,
        `firewall-manager.dns-firewall-policies ${tooling} ${home}`,
        `firewall-manager.policy-cleanup ${tooling} ${home}`,
        `firewall-manager.security-group-policies ${tooling} ${second}`,
        `firewall-manager.waf-policies ${tooling} ${second}`,
        `firewall-manager.network-acl-policies ${tooling} ${second}`,
        `firewall-manager.network-firewall-policies ${tooling} ${second}`,
        `firewall-manager.dns-firewall-policies ${tooling} ${second}`,
      ].sort(),
    );
    expect(lines(findings, 'PASS')).toContain(
      `firewall-manager.admin-is-security-tooling ${s.managementAccountId}`,
    );
  });

  it('report a misplaced administrator once and still judge its policies', async () => {
    const s = await withFirewallManager((x) => x.logArchiveId);
    const findings = evaluateScenario(
      s,
      await observeScenario(s, firewallManagerModule.collectors),
      FMS_CONTROLS,
    );
    expect(lines(findings, 'FAIL')).toContain(
      `firewall-manager.admin-is-security-tooling ${s.managementAccountId}`,
    );
    expect(lines(findings, 'PASS')).toContain(
      `firewall-manager.waf-policies ${s.securityToolingId} ${s.homeRegion}`,
    );
  });
});

describe('the reference SRA and the drifted scenario', () => {
  it('do not use Firewall Manager: every control is not applicable', async () => {
    for (const s of [await drifted(), await greenfield()]) {
      if (!s.deployed) await deployReferenceSra(s.sandbox, s);
      const findings = evaluateScenario(
        s,
        await observeScenario(s, firewallManagerModule.collectors),
        FMS_CONTROLS,
      );
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.filter((f) => f.status !== 'NOT_APPLICABLE')).toEqual([]);
    }
  });
});
