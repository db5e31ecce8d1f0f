/**
 * The `organizations` feature against sandbox scenarios: what it plans on greenfield, that plan → apply →
 * plan converges to zero steps and the Organizations controls pass, that drift and half-deployed states
 * plan only what differs, that Control Tower's policies stay untouched, that destroy removes only what
 * sra-kit made (keeping non-empty OUs) and apply converges again, that ops are idempotent, that an
 * unreadable slice blocks the plan, and the built-in policy library itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseBlueprint } from '../../src/blueprint/load.js';
import type { Blueprint, BlueprintInput } from '../../src/blueprint/schema.js';
import { SraError } from '../../src/errors.js';
import { MANAGED_TAG, type Plan } from '../../src/engine/types.js';
import {
  exemptPrincipals,
  GLOBAL_SERVICE_ACTIONS,
  jsonErrorOffset,
  jsonErrorPosition,
  minifyPolicy,
  organizationsFeature,
  POLICY_SIZE_LIMIT,
  RCP_LIBRARY,
  SCP_LIBRARY,
  type LibraryContext,
} from '../../src/features/organizations/index.js';
import { ORGANIZATION_READY } from '../../src/features/provides.js';
import { buildPlan } from '../../src/engine/plan.js';
import { scenarioBlueprintInput } from '../../src/sandbox/scenarios/blueprint.js';
import {
  controlTower,
  drifted,
  greenfield,
  halfDeployed,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import { createPolicyInWorld } from '../../src/sandbox/services/organizations.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import { ORGANIZATION_READER } from '../../src/cli/commands/verify.js';
import { runVerify } from '../../src/verify/verify.js';
import { applyScenario, converge, engineAccess, failures, planScenario } from '../engine/harness.js';

const features = [organizationsFeature];

/** Parses a blueprint input exactly as `sra.yaml` would be. */
function parse(input: BlueprintInput, file = 'scenario.sra.yaml'): Blueprint {
  const parsed = parseBlueprint(stringify(input), file);
  if (!parsed.blueprint) throw new Error(JSON.stringify(parsed.diagnostics.slice(0, 3)));
  return parsed.blueprint;
}

/**
 * The scenario blueprint plus a nested OU `Workloads/Prod` holding the first workload, and an empty
 * `Sandbox` OU, so OU creation and account moves are exercised.
 */
function withExtraOus(s: Scenario, edit: (input: BlueprintInput) => void = () => {}): Blueprint {
  const input = scenarioBlueprintInput(s);
  const org = input.organization as { organizationalUnits: Array<Record<string, unknown>> };
  org.organizationalUnits.push({ name: 'Prod', parent: 'Workloads', accounts: [s.workloadIds[0]] });
  org.organizationalUnits.push({ name: 'Sandbox' });
  const accounts = input.accounts as { workloads: Array<{ id: string; ou?: string }> };
  accounts.workloads = accounts.workloads.map((w) => (w.id === s.workloadIds[0] ? { id: w.id } : w));
  edit(input);
  return parse(input);
}

function ids(plan: Plan): string[] {
  return plan.steps.map((s) => s.id);
}

function world(s: Scenario) {
  const org = s.sandbox.world.organization;
  if (!org) throw new Error('no organization');
  return org;
}

function policyNamed(s: Scenario, name: string) {
  return [...world(s).policies.values()].find((p) => p.name === name);
}

function ouNamed(s: Scenario, name: string) {
  return [...world(s).ous.values()].find((o) => o.name === name);
}

async function verifyOrganizations(s: Scenario, blueprint: Blueprint) {
  const run = await runVerify({
    access: engineAccess(s),
    modules: SERVICE_MODULES.filter((m) => m.id === 'organizations'),
    organizationReader: ORGANIZATION_READER,
    blueprint,
    regions: s.governedRegions,
    controls: [
      'organizations.enabled',
      'organizations.all-features',
      'organizations.scps-configured',
      'organizations.rcps-configured',
      'organizations.*-ou',
      'organizations.*-in-security-ou',
    ],
  });
  return run.result.findings;
}

describe('organizations planner on greenfield', () => {
  it('plans policy types, the missing OU, the move, the policies and their root attachments', async () => {
    const s = await greenfield({ workloads: 2 });
    const bp = withExtraOus(s);
    const plan = await planScenario(s, bp, { features });
    const m = s.managementAccountId;
    const at = (r: string) => `organizations/${m}/global/${r}`;
    const step = (r: string) => plan.steps.find((x) => x.id === at(r));

    expect(step('all-features')).toBeUndefined(); // greenfield already has all features
    expect(step('policy-type:SERVICE_CONTROL_POLICY')?.params).toEqual({
      rootId: world(s).rootId,
      policyType: 'SERVICE_CONTROL_POLICY',
    });
    expect(step('policy-type:RESOURCE_CONTROL_POLICY')).toBeDefined();
    expect(step('policy-type:DECLARATIVE_POLICY_EC2')).toBeUndefined();

    // Existing OUs are reused; Prod (under the existing Workloads) and Sandbox are created.
    expect(step('ou:Security')).toBeUndefined();
    const prod = step('ou:Workloads/Prod');
    expect(prod?.op).toBe('organizations.create-ou');
    expect(prod?.params.parentId).toBe(ouNamed(s, 'Workloads')!.id);
    expect(step('ou:Sandbox')?.params.parentId).toBe(world(s).rootId);

    // Only the workload the blueprint re-places moves, after its OU exists.
    const moves = plan.steps.filter((x) => x.op === 'organizations.move-account');
    expect(moves.map((x) => x.params.accountId)).toEqual([s.workloadIds[0]]);
    expect(moves[0]!.params.destinationParentId).toEqual({ $ref: `${prod!.id}#id` });
    expect(moves[0]!.dependsOn).toContain(prod!.id);

    const created = plan.steps.filter((x) => x.op === 'organizations.create-policy');
    expect(created.map((x) => [x.params.name, x.params.type])).toEqual([
      ['sra-deny-leave-organization', 'SERVICE_CONTROL_POLICY'],
      ['sra-protect-security-services', 'SERVICE_CONTROL_POLICY'],
      ['sra-deny-root-user', 'SERVICE_CONTROL_POLICY'],
      ['sra-require-tls', 'RESOURCE_CONTROL_POLICY'],
      ['sra-org-only-access', 'RESOURCE_CONTROL_POLICY'],
    ]);
    const rcp = step('rcp:sra-org-only-access')!;
    expect(rcp.dependsOn).toContain(at('policy-type:RESOURCE_CONTROL_POLICY'));
    expect(JSON.parse(rcp.params.content as string).Statement[0].Condition.StringNotEqualsIfExists).toEqual({
      'aws:PrincipalOrgID': s.organizationId,
    });
    const attach = step('rcp:sra-org-only-access:attach:root')!;
    expect(attach.params).toEqual({ policyId: { $ref: `${rcp.id}#id` }, targetId: world(s).rootId });
    expect(plan.steps.filter((x) => x.op === 'organizations.attach-policy')).toHaveLength(5);
  });

  it('provides ORGANIZATION_READY after the policy-type steps', async () => {
    const s = await greenfield({ workloads: 1 });
    const seen: unknown[] = [];
    const probe = {
      ...organizationsFeature,
      id: 'probe',
      ops: [],
      plan: (ctx: Parameters<typeof organizationsFeature.plan>[0]) => {
        seen.push(ctx.provided(ORGANIZATION_READY));
        return { steps: [] };
      },
    };
    await planScenario(s, withExtraOus(s), { features: [organizationsFeature, probe] });
    const m = s.managementAccountId;
    expect(seen).toEqual([
      {
        value: s.organizationId,
        after: [
          `organizations/${m}/global/policy-type:SERVICE_CONTROL_POLICY`,
          `organizations/${m}/global/policy-type:RESOURCE_CONTROL_POLICY`,
        ],
      },
    ]);
  });

  it('enables the declarative policy type when the blueprint asks for it', async () => {
    const s = await greenfield({ workloads: 1 });
    const bp = withExtraOus(s, (input) => {
      (input.governance as Record<string, unknown>).declarativePolicies = { enabled: true };
    });
    const { first, result, second } = await converge(s, bp, { features });
    expect(ids(first)).toContain(
      `organizations/${s.managementAccountId}/global/policy-type:DECLARATIVE_POLICY_EC2`,
    );
    expect(failures(result)).toBe('');
    expect(world(s).enabledPolicyTypes.has('DECLARATIVE_POLICY_EC2')).toBe(true);
    expect(second.steps).toEqual([]);
  });
});

describe('organizations converge', () => {
  it('apply then plan again gives zero steps, and the Organizations controls pass', async () => {
    const s = await greenfield({ workloads: 2 });
    const bp = withExtraOus(s);
    const before = await verifyOrganizations(s, bp);
    expect(before.filter((f) => f.status === 'FAIL').map((f) => f.controlId)).toEqual(
      expect.arrayContaining(['organizations.scps-configured', 'organizations.rcps-configured']),
    );
    const { result, second } = await converge(s, bp, { features });
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);

    const after = await verifyOrganizations(s, bp);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((f) => f.status !== 'PASS')).toEqual([]);

    // What apply made: tagged policies at the root, the nested OU, the moved account.
    const scp = policyNamed(s, 'sra-protect-security-services')!;
    expect(scp.tags[MANAGED_TAG.key]).toBe(MANAGED_TAG.value);
    expect([...scp.targets]).toEqual([world(s).rootId]);
    const prod = ouNamed(s, 'Prod')!;
    expect(prod.parentId).toBe(ouNamed(s, 'Workloads')!.id);
    expect(prod.tags[MANAGED_TAG.key]).toBe(MANAGED_TAG.value);
    expect(s.sandbox.world.account(s.workloadIds[0]!)!.parentId).toBe(prod.id);
  });

  it('attaches to named OUs and accounts, and detaches its own policy from targets no longer listed', async () => {
    const s = await greenfield({ workloads: 2 });
    const scoped = (targets: Record<string, unknown>) =>
      withExtraOus(s, (input) => {
        const g = input.governance as { serviceControlPolicies: Array<Record<string, unknown>> };
        g.serviceControlPolicies = [{ name: 'sra-region-deny', builtin: 'region-deny', targets }];
        (input.governance as Record<string, unknown>).resourceControlPolicies = [];
      });
    const first = await converge(s, scoped({ ous: ['Prod'], accounts: [s.workloadIds[1]] }), { features });
    expect(failures(first.result)).toBe('');
    expect(first.second.steps).toEqual([]);
    const policy = policyNamed(s, 'sra-region-deny')!;
    expect(new Set(policy.targets)).toEqual(new Set([ouNamed(s, 'Prod')!.id, s.workloadIds[1]]));

    const narrowed = await planScenario(s, scoped({ ous: ['Prod'] }), { features });
    expect(narrowed.steps.map((x) => [x.op, x.params.targetId])).toEqual([
      ['organizations.detach-policy', s.workloadIds[1]],
    ]);
    const r = await applyScenario(s, narrowed, { features });
    expect(failures(r)).toBe('');
    expect([...policy.targets]).toEqual([ouNamed(s, 'Prod')!.id]);
    // FullAWSAccess stays everywhere.
    expect(world(s).policies.get('p-FullAWSAccess')!.targets.has(s.workloadIds[1]!)).toBe(true);
  });
});

describe('organizations on partial and drifted organizations', () => {
  it('drifted: adopts the reference RCP of the same name (content update only) and leaves other policies alone', async () => {
    const s = await drifted({ workloads: 3 });
    const bp = withExtraOus(s);
    const baseline = policyNamed(s, 'sra-protect-baseline')!;
    const baselineContent = baseline.content;
    const plan = await planScenario(s, bp, { features });
    // Policy types are already on; the reference RCP is attached already: update its content only.
    expect(ids(plan).filter((i) => i.includes('policy-type'))).toEqual([]);
    const tls = plan.steps.filter((x) => x.id.includes('rcp:sra-require-tls'));
    expect(tls.map((x) => [x.op, x.action])).toEqual([['organizations.update-policy', 'update']]);
    expect(tls[0]!.changes?.[0]?.field).toBe('content');
    expect(plan.steps.some((x) => JSON.stringify(x.params).includes(baseline.id))).toBe(false);

    const result = await applyScenario(s, plan, { features });
    expect(failures(result)).toBe('');
    expect(baseline.content).toBe(baselineContent);
    expect(baseline.targets.has(world(s).rootId)).toBe(true);
    expect((await planScenario(s, bp, { features })).steps).toEqual([]);
  });

  it('plans only what drifted after a converge: a detached policy and edited content', async () => {
    const s = await halfDeployed({ workloads: 2 });
    const bp = withExtraOus(s);
    expect(failures((await converge(s, bp, { features })).result)).toBe('');
    const root = world(s).rootId;
    policyNamed(s, 'sra-deny-root-user')!.targets.delete(root);
    policyNamed(s, 'sra-require-tls')!.content = '{"Version":"2012-10-17","Statement":[]}';
    const plan = await planScenario(s, bp, { features });
    expect(plan.steps.map((x) => [x.op, x.id.split('/').pop()])).toEqual([
      ['organizations.attach-policy', 'scp:sra-deny-root-user:attach:root'],
      ['organizations.update-policy', 'rcp:sra-require-tls'],
    ]);
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect((await planScenario(s, bp, { features })).steps).toEqual([]);
  });

  it('Control Tower: its guardrail SCP stays as it is, and the built-ins exempt its roles', async () => {
    const s = await controlTower({ workloads: 2 });
    const ctPolicy = createPolicyInWorld(s.sandbox.world, {
      name: 'aws-guardrails-abcdef',
      type: 'SERVICE_CONTROL_POLICY',
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' }],
      }),
    });
    const securityOu = ouNamed(s, 'Security')!.id;
    world(s).enabledPolicyTypes.add('SERVICE_CONTROL_POLICY');
    world(s).policies.get(ctPolicy)!.targets.add(securityOu);
    const ctBefore = JSON.stringify([...world(s).policies.get(ctPolicy)!.targets]);
    const bp = withExtraOus(s, (input) => {
      (input.organization as Record<string, unknown>).controlTower = { enabled: true };
      // Control Tower runs the organization trail.
      input.threatDetection = { cloudtrail: { organizationTrail: { enabled: false } } };
    });
    const { first, result, second } = await converge(s, bp, { features });
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    expect(first.steps.some((x) => JSON.stringify(x.params).includes(ctPolicy))).toBe(false);
    const ct = world(s).policies.get(ctPolicy)!;
    expect(JSON.stringify([...ct.targets])).toBe(ctBefore);
    const protect = JSON.parse(policyNamed(s, 'sra-protect-security-services')!.content);
    expect(protect.Statement[0].Condition.ArnNotLike['aws:PrincipalArn']).toContain(
      'arn:aws:iam::*:role/AWSControlTowerExecution',
    );
  });

  it('enables all features when the organization has consolidated billing only', async () => {
    const s = await greenfield({ workloads: 1 });
    world(s).featureSet = 'CONSOLIDATED_BILLING';
    const bp = withExtraOus(s);
    const { first, result, second } = await converge(s, bp, { features });
    const allFeatures = `organizations/${s.managementAccountId}/global/all-features`;
    expect(ids(first)[0]).toBe(allFeatures);
    expect(first.steps.find((x) => x.op === 'organizations.enable-policy-type')?.dependsOn).toContain(
      allFeatures,
    );
    expect(first.notes.join('\n')).toMatch(/handshake/);
    expect(failures(result)).toBe('');
    expect(world(s).featureSet).toBe('ALL');
    expect(second.steps).toEqual([]);
  });

  it('reports a pending all-features handshake clearly and runs nothing that depends on it', async () => {
    const s = await greenfield({ workloads: 1 });
    world(s).featureSet = 'CONSOLIDATED_BILLING';
    s.sandbox.world.account(s.workloadIds[0]!)!.joinedMethod = 'INVITED';
    const bp = withExtraOus(s);
    const plan = await planScenario(s, bp, { features });
    const result = await applyScenario(s, plan, { features });
    expect(result.failed.map((o) => o.step.op)).toEqual(['organizations.enable-all-features']);
    expect(result.failed[0]!.error).toMatch(/invited member account must accept the handshake/);
    expect(result.blocked.some((o) => o.step.op === 'organizations.enable-policy-type')).toBe(true);
    expect(world(s).enabledPolicyTypes.size).toBe(0);
  });
});

describe('organizations destroy', () => {
  it('removes its policies and empty OUs, keeps OUs with accounts and the policy types, then apply converges', async () => {
    const s = await greenfield({ workloads: 2 });
    const bp = withExtraOus(s);
    expect(failures((await converge(s, bp, { features })).result)).toBe('');
    const prodId = ouNamed(s, 'Prod')!.id;

    const plan = await planScenario(s, bp, { features, mode: 'destroy' });
    expect(plan.steps.filter((x) => x.op === 'organizations.delete-policy')).toHaveLength(5);
    expect(plan.steps.filter((x) => x.op === 'organizations.delete-ou').map((x) => x.params.ouId)).toEqual([
      ouNamed(s, 'Sandbox')!.id,
    ]);
    expect(plan.notes.join('\n')).toMatch(/Prod .* is kept: it is not empty/);
    expect(plan.notes.join('\n')).toMatch(/keeps all features and its enabled policy types/);
    const r = await applyScenario(s, plan, { features });
    expect(failures(r)).toBe('');
    expect([...world(s).policies.values()].filter((p) => !p.awsManaged)).toEqual([]);
    expect(ouNamed(s, 'Sandbox')).toBeUndefined();
    expect(world(s).ous.get(prodId)).toBeDefined();
    expect(ouNamed(s, 'Security')).toBeDefined(); // not sra-kit's: never deleted
    expect(world(s).enabledPolicyTypes.has('SERVICE_CONTROL_POLICY')).toBe(true);
    expect(world(s).policies.get('p-FullAWSAccess')!.targets.has(world(s).rootId)).toBe(true);

    const again = await converge(s, bp, { features });
    expect(failures(again.result)).toBe('');
    expect(again.first.steps.some((x) => x.id.endsWith('ou:Sandbox'))).toBe(true);
    expect(again.second.steps).toEqual([]);
  });

  it('leaves untagged policies and OUs alone', async () => {
    const s = await drifted({ workloads: 3 });
    const plan = await planScenario(s, withExtraOus(s), { features, mode: 'destroy' });
    expect(plan.steps).toEqual([]);
  });
});

describe('organizations ops are idempotent', () => {
  it('applying the same plan twice creates nothing twice', async () => {
    const s = await greenfield({ workloads: 2 });
    const bp = withExtraOus(s);
    const plan = await planScenario(s, bp, { features });
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    const count = () => ({
      policies: [...world(s).policies.values()].filter((p) => !p.awsManaged).length,
      ous: world(s).ous.size,
      rootScps: [...world(s).policies.values()].filter((p) => p.targets.has(world(s).rootId)).length,
    });
    const once = count();
    const second = await applyScenario(s, plan, { features });
    expect(failures(second)).toBe('');
    expect(count()).toEqual(once);
    expect(once).toEqual({ policies: 5, ous: 5, rootScps: 7 });
  });
});

describe('organizations plan is blocked by unreadable data', () => {
  it('names the API, account and Region when the policies cannot be read', async () => {
    const s = await greenfield({ workloads: 1 });
    s.sandbox.knobs = { deny: [{ action: 'organizations:DescribePolicy' }] };
    createPolicyInWorld(s.sandbox.world, {
      name: 'someone-elses',
      type: 'SERVICE_CONTROL_POLICY',
      content: '{"Version":"2012-10-17","Statement":[]}',
    });
    const err = await planScenario(s, withExtraOus(s), { features }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SraError);
    const e = err as SraError;
    expect(e.code).toBe('PLAN_BLOCKED');
    expect(e.where).toMatchObject({
      account: s.managementAccountId,
      region: s.homeRegion,
      service: 'organizations',
      operation: 'DescribePolicy',
    });
    expect(e.hint).toBe('fix access and re-run sra plan');
  });

  it('destroy needs the tags', async () => {
    const s = await greenfield({ workloads: 1 });
    s.sandbox.knobs = { deny: [{ action: 'organizations:ListTagsForResource' }] };
    const err = await planScenario(s, withExtraOus(s), { features, mode: 'destroy' }).catch(
      (e: unknown) => e,
    );
    expect((err as SraError).code).toBe('PLAN_BLOCKED');
    expect((err as SraError).where).toMatchObject({
      service: 'organizations',
      operation: 'ListTagsForResource',
    });
  });
});

describe('policy library', () => {
  const base: LibraryContext = {
    organizationId: 'o-abcdefghij',
    memberRoleName: 'OrganizationAccountAccessRole',
    controlTower: false,
    governedRegions: ['us-east-1', 'eu-west-1'],
    homeRegion: 'us-east-1',
    logArchiveAccount: '333333333333',
  };
  const many: LibraryContext = {
    ...base,
    controlTower: true,
    memberRoleName: 'SomeVeryLongCustomMemberRoleNameForTesting',
    governedRegions: [
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'eu-central-1',
      'eu-central-2',
      'eu-north-1',
      'eu-south-1',
      'eu-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ap-south-1',
      'ap-south-2',
      'ap-east-1',
      'ca-central-1',
      'ca-west-1',
      'sa-east-1',
      'me-south-1',
      'me-central-1',
      'af-south-1',
      'il-central-1',
    ],
  };

  it('every built-in fits the 5,120-character limit minified, even with every Region governed', () => {
    for (const ctx of [base, many]) {
      for (const [name, make] of [...Object.entries(SCP_LIBRARY), ...Object.entries(RCP_LIBRARY)]) {
        const text = minifyPolicy(make(ctx));
        expect(text.length, name).toBeLessThanOrEqual(POLICY_SIZE_LIMIT);
        expect(text).toBe(JSON.stringify(JSON.parse(text))); // minified
      }
    }
  });

  it('protect-security-services denies tampering but exempts the member role (and Control Tower roles)', () => {
    const doc = SCP_LIBRARY['protect-security-services'](base);
    const st = doc.Statement[0]!;
    expect(st.Action).toEqual(expect.arrayContaining(['cloudtrail:StopLogging', 'guardduty:Delete*']));
    expect(st.Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/OrganizationAccountAccessRole'] },
    });
    expect(exemptPrincipals({ ...base, controlTower: true })).toEqual([
      'arn:aws:iam::*:role/AWSControlTowerExecution',
      'arn:aws:iam::*:role/OrganizationAccountAccessRole',
      'arn:aws:iam::*:role/stacksets-exec-*',
    ]);
  });

  it('region-deny allows the governed Regions and exempts global services', () => {
    const st = SCP_LIBRARY['region-deny']({
      ...base,
      homeRegion: 'eu-west-1',
      governedRegions: ['eu-central-1'],
    }).Statement[0]!;
    expect(st.Condition?.StringNotEquals).toEqual({ 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] });
    expect(st.NotAction).toEqual(expect.arrayContaining(['iam:*', 'organizations:*', 'sts:*', 'support:*']));
    expect(st.NotAction).not.toContain('ec2:*');
    expect(GLOBAL_SERVICE_ACTIONS).toContain('cloudfront:*');
  });

  it('RCPs deny for every principal with the documented condition keys', () => {
    for (const make of Object.values(RCP_LIBRARY)) {
      for (const st of make(base).Statement) {
        expect(st.Effect).toBe('Deny');
        expect(st.Principal).toBe('*');
        expect(st.Action?.every((a) => a !== '*')).toBe(true);
      }
    }
    expect(RCP_LIBRARY['require-tls'](base).Statement[0]!.Condition).toEqual({
      BoolIfExists: { 'aws:SecureTransport': 'false' },
    });
    expect(RCP_LIBRARY['org-only-access'](base).Statement[0]!.Condition).toMatchObject({
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    });
    expect(RCP_LIBRARY['confused-deputy-protection'](base).Statement[0]!.Condition).toMatchObject({
      StringNotEqualsIfExists: { 'aws:SourceOrgID': 'o-abcdefghij' },
      Bool: { 'aws:PrincipalIsAWSService': 'true' },
    });
  });

  it('deny-root-user and deny-leave-organization', () => {
    expect(SCP_LIBRARY['deny-root-user'](base).Statement[0]!.Condition).toEqual({
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
    });
    expect(SCP_LIBRARY['deny-leave-organization'](base).Statement[0]!.Action).toEqual([
      'organizations:LeaveOrganization',
    ]);
  });
});

describe('user policy files', () => {
  async function planWithFile(text: string): Promise<unknown> {
    const s = await greenfield({ workloads: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'sra-org-'));
    writeFileSync(join(dir, 'custom.json'), text);
    const input = scenarioBlueprintInput(s);
    (input.governance as { serviceControlPolicies: unknown[] }).serviceControlPolicies = [
      { name: 'custom', file: 'custom.json', targets: { ous: ['Workloads'] } },
    ];
    const bp = parse(input, join(dir, 'sra.yaml'));
    const access = engineAccess(s);
    const { observeForPlan } = await import('../../src/engine/run.js');
    const inventory = await observeForPlan({
      access,
      blueprint: bp,
      blueprintPath: join(dir, 'sra.yaml'),
      features,
    });
    try {
      return buildPlan({
        features,
        blueprint: bp,
        blueprintPath: join(dir, 'sra.yaml'),
        blueprintDir: dir,
        inventory,
        mode: 'apply',
      });
    } catch (e) {
      return e;
    }
  }

  it('reads the file relative to the blueprint, minifies it and attaches it to the named OU', async () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] };
    const plan = (await planWithFile(JSON.stringify(doc, null, 2))) as Plan;
    const create = plan.steps.find((x) => x.op === 'organizations.create-policy')!;
    expect(create.params.content).toBe(JSON.stringify(doc));
    const attach = plan.steps.find((x) => x.op === 'organizations.attach-policy')!;
    expect(attach.id).toMatch(/scp:custom:attach:ou:Workloads$/);
  });

  it('invalid JSON names the file, line and column', async () => {
    const err = (await planWithFile('{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}')) as SraError;
    expect(err).toBeInstanceOf(SraError);
    expect(err.code).toBe('POLICY_FILE_INVALID');
    expect(err.where.file).toMatch(/custom\.json$/);
    expect(err.where.line).toBe(3);
    expect(err.hint).toBeTruthy();
  });

  it('a policy over the size limit is refused with its blueprint path', async () => {
    const big = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Action: Array.from({ length: 400 }, (_, i) => `ec2:Action${i}`), Resource: '*' },
      ],
    };
    const err = (await planWithFile(JSON.stringify(big))) as SraError;
    expect(err.code).toBe('POLICY_TOO_LARGE');
    expect(err.where.path).toBe('governance.serviceControlPolicies.0');
  });

  it('jsonErrorPosition maps an offset to line and column, and the end of input to the last line', () => {
    expect(
      jsonErrorPosition('{\n  "a": 1,\n}', 'Expected double-quoted property name in JSON at position 12'),
    ).toEqual({
      line: 3,
      column: 1,
    });
    expect(jsonErrorPosition('{\n"a":', 'Unexpected end of JSON input')).toEqual({ line: 2, column: 5 });
  });

  it('jsonErrorOffset finds the first syntax error when the message gives no position', () => {
    expect(jsonErrorOffset('{"a": [1, 2,]}')).toBe(12);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('{"a": "x"} extra')).toBe(11);
    const valid =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":"*","n":-1.5e3}]}';
    expect(jsonErrorOffset(valid)).toBe(valid.length);
  });
});
