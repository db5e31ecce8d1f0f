import { describe, expect, it } from 'vitest';
import { GetTrailStatusCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EnableOrganizationAdminAccountCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import {
  EnableAWSServiceAccessCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import type { Blueprint, BlueprintInput } from '../../src/blueprint/schema.js';
import type { Plan, Step } from '../../src/engine/types.js';
import { SraError } from '../../src/errors.js';
import { delegatedAdminsFeature, DELEGATED_ADMIN_OPS } from '../../src/features/delegated-admins/index.js';
import {
  controlTower,
  drifted,
  greenfield,
  halfDeployed,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import { scenarioBlueprint } from '../../src/sandbox/scenarios/blueprint.js';
import { accountsFromOrganization, organizationIdFrom } from '../../src/services/organizations/collect.js';
import { runVerify } from '../../src/verify/verify.js';
import { applyScenario, converge, engineAccess, failures, planScenario } from '../engine/harness.js';

const features = [delegatedAdminsFeature];
const opts = { features };

function bp(s: Scenario, overrides?: Partial<BlueprintInput>): Blueprint {
  return scenarioBlueprint(s, { guardrails: false, ...(overrides ? { overrides } : {}) });
}

function byId(plan: Plan): Map<string, Step> {
  return new Map(plan.steps.map((st) => [st.id, st]));
}

function id(s: Scenario, region: string, resource: string): string {
  return `delegated-admins/${s.managementAccountId}/${region}/${resource}`;
}

function trusted(s: Scenario): string[] {
  return [...(s.sandbox.world.organization?.trustedAccess.keys() ?? [])];
}

const REGIONAL = ['guardduty', 'security-hub', 'inspector', 'macie'] as const;
const OPTIONAL: Partial<BlueprintInput> = {
  assurance: { auditManager: { enabled: true } },
  incidentResponse: { detective: { enabled: true } },
  infrastructureProtection: { firewallManager: { enabled: true } },
  threatDetection: { securityLake: { enabled: true, acknowledgeCost: true } },
  identity: { identityCenter: { delegatedAdministrator: 'shared-services' } },
};

describe('delegated-admins planner', () => {
  it('plans trusted access and every administrator on a greenfield organization', async () => {
    const s = await greenfield({ workloads: 2 });
    const plan = await planScenario(s, bp(s), opts);
    const steps = byId(plan);
    for (const region of s.governedRegions) {
      for (const service of REGIONAL) {
        const st = steps.get(id(s, region, `admin:${service}`));
        expect(st?.op).toBe(
          `delegated-admins.enable-${service === 'security-hub' ? 'securityhub' : service}-admin`,
        );
        expect(st?.params).toEqual({ accountId: s.securityToolingId });
        expect(st?.region).toBe(region);
        expect(st?.action).toBe('create');
      }
    }
    expect(steps.get(id(s, 'global', 'admin:cloudtrail'))?.params).toEqual({
      accountId: s.securityToolingId,
    });
    // Config (both principals) and Access Analyzer go through Organizations, after trusted access.
    for (const p of [
      'config.amazonaws.com',
      'config-multiaccountsetup.amazonaws.com',
      'access-analyzer.amazonaws.com',
    ]) {
      const reg = steps.get(id(s, 'global', `admin:${p}`));
      expect(reg?.op).toBe('delegated-admins.register-admin');
      expect(reg?.params).toEqual({ servicePrincipal: p, accountId: s.securityToolingId });
      expect(reg?.dependsOn).toContain(id(s, 'global', `trusted-access:${p}`));
    }
    // Centralized root access: trusted access for IAM, then both features.
    for (const f of ['RootCredentialsManagement', 'RootSessions']) {
      expect(steps.get(id(s, 'global', `root-access:${f}`))?.dependsOn).toContain(
        id(s, 'global', 'trusted-access:iam.amazonaws.com'),
      );
    }
    // The services' own admin APIs turn their trusted access on; no separate step for them.
    expect(steps.has(id(s, 'global', 'trusted-access:guardduty.amazonaws.com'))).toBe(false);
    // Services the blueprint leaves off get nothing; the management account is never an administrator.
    expect(plan.steps.some((st) => /detective|auditmanager|fms|securitylake|sso/.test(st.id))).toBe(false);
    expect(plan.steps.every((st) => st.params['accountId'] !== s.managementAccountId)).toBe(true);
    expect(plan.steps.every((st) => st.account === s.managementAccountId)).toBe(true);
  });

  it('converges, and the delegated-administrator controls pass afterwards', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = bp(s);
    const { first, result, second } = await converge(s, blueprint, opts);
    expect(first.steps.length).toBeGreaterThan(10);
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    const { result: verified } = await runVerify({
      access: engineAccess(s),
      blueprint,
      controls: [
        'guardduty.delegated-admin-*',
        'security-hub.delegated-admin-*',
        'inspector.delegated-admin-*',
        'macie.delegated-admin-*',
        'config.delegated-admin-*',
        'access-analyzer.delegated-admin-*',
        'cloudtrail.delegated-admin-*',
        'iam.centralized-root-*',
      ],
      organizationReader: { accounts: accountsFromOrganization, organizationId: organizationIdFrom },
      regions: s.governedRegions,
    });
    const bad = verified.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR');
    expect(bad.map((f) => `${f.controlId} ${f.account} ${f.region}: ${f.message}`)).toEqual([]);
    const passed = new Set(verified.findings.filter((f) => f.status === 'PASS').map((f) => f.controlId));
    for (const c of [
      'guardduty.delegated-admin-designated',
      'security-hub.delegated-admin-is-security-tooling',
      'config.delegated-admin-security-tooling',
      'cloudtrail.delegated-admin-security-tooling',
      'iam.centralized-root-credentials',
    ]) {
      expect(passed).toContain(c);
    }
  });

  it('designates the optional services with their own APIs and the right accounts', async () => {
    const s = await greenfield({ workloads: 1 });
    const { first, result, second } = await converge(s, bp(s, OPTIONAL), opts);
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    const ops = new Set(first.steps.map((st) => st.op));
    for (const api of ['detective', 'auditmanager', 'fms', 'securitylake']) {
      expect(ops).toContain(`delegated-admins.enable-${api}-admin`);
    }
    // Firewall Manager's administrator is set once, in us-east-1.
    expect(
      first.steps.filter((st) => st.op === 'delegated-admins.enable-fms-admin').map((st) => st.region),
    ).toEqual(['us-east-1']);
    const world = s.sandbox.world;
    expect(world.delegatedAdminsFor('detective.amazonaws.com')).toEqual([s.securityToolingId]);
    expect(world.delegatedAdminsFor('auditmanager.amazonaws.com')).toEqual([s.securityToolingId]);
    expect(world.delegatedAdminsFor('fms.amazonaws.com')).toEqual([s.securityToolingId]);
    expect(world.delegatedAdminsFor('securitylake.amazonaws.com')).toEqual([s.logArchiveId]);
    expect(world.delegatedAdminsFor('sso.amazonaws.com')).toEqual([s.sharedServicesId]);

    // Destroy takes each of them out through the same APIs, and apply puts them back.
    const blueprint = bp(s, OPTIONAL);
    const destroy = await planScenario(s, blueprint, { ...opts, mode: 'destroy' });
    expect(failures(await applyScenario(s, destroy, opts))).toBe('');
    for (const p of [
      'detective.amazonaws.com',
      'auditmanager.amazonaws.com',
      'fms.amazonaws.com',
      'securitylake.amazonaws.com',
      'sso.amazonaws.com',
    ]) {
      expect(world.delegatedAdminsFor(p), p).toEqual([]);
    }
    const again = await converge(s, blueprint, opts);
    expect(failures(again.result)).toBe('');
    expect(again.second.steps).toEqual([]);
  });

  it('plans only the missing Regions on the half-deployed scenario', async () => {
    const s = await halfDeployed({ workloads: 2 });
    const plan = await planScenario(s, bp(s), opts);
    const steps = byId(plan);
    const [home, ...others] = s.governedRegions;
    expect(steps.has(id(s, home!, 'admin:guardduty'))).toBe(false);
    for (const r of others)
      expect(steps.get(id(s, r, 'admin:guardduty'))?.op).toBe('delegated-admins.enable-guardduty-admin');
    // Security Hub is on locally in the management account, with no administrator anywhere.
    for (const r of s.governedRegions) expect(steps.has(id(s, r, 'admin:security-hub'))).toBe(true);
    expect(plan.steps.some((st) => st.action !== 'create')).toBe(false);
  });

  it('plans only the gap on the reference deployment (the second Config principal)', async () => {
    const s = await drifted({ workloads: 3 });
    const plan = await planScenario(s, bp(s), opts);
    expect(plan.steps.map((st) => st.id)).toEqual([
      id(s, 'global', 'admin:config-multiaccountsetup.amazonaws.com'),
    ]);
  });

  it('replaces an administrator that is another account, shown as a change with a note', async () => {
    const s = await greenfield({ workloads: 2 });
    const other = s.workloadIds[0]!;
    await s
      .client(GuardDutyClient, s.managementAccountId)
      .send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: other }));
    const orgs = s.client(OrganizationsClient, s.managementAccountId);
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    await orgs.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: other,
        ServicePrincipal: 'access-analyzer.amazonaws.com',
      }),
    );
    const blueprint = bp(s);
    const plan = await planScenario(s, blueprint, opts);
    const steps = byId(plan);
    const home = s.homeRegion;
    const release = steps.get(id(s, home, `release:guardduty:${other}`));
    expect(release?.action).toBe('update');
    expect(release?.changes).toEqual([
      { field: 'delegatedAdministrator', from: other, to: s.securityToolingId },
    ]);
    const dereg = steps.get(id(s, 'global', `deregister:guardduty.amazonaws.com:${other}`));
    expect(dereg?.dependsOn).toContain(release!.id);
    for (const r of s.governedRegions)
      expect(steps.get(id(s, r, 'admin:guardduty'))?.dependsOn).toContain(dereg!.id);
    expect(steps.get(id(s, 'global', `deregister:access-analyzer.amazonaws.com:${other}`))?.action).toBe(
      'update',
    );
    expect(plan.notes.some((n) => n.includes('GuardDuty') && n.includes(other))).toBe(true);

    const result = await applyScenario(s, plan, opts);
    expect(failures(result)).toBe('');
    expect(s.sandbox.world.delegatedAdminsFor('guardduty.amazonaws.com')).toEqual([s.securityToolingId]);
    expect(s.sandbox.world.delegatedAdminsFor('access-analyzer.amazonaws.com')).toEqual([
      s.securityToolingId,
    ]);
    expect((await planScenario(s, blueprint, opts)).steps).toEqual([]);
  });

  it('leaves Control Tower alone, and destroy keeps the trusted access it relies on', async () => {
    const s = await controlTower({ workloads: 1 });
    // The scenario layout is Control Tower's; the blueprint says so (management events stay with CT's trail).
    const blueprint = bp(s, {
      threatDetection: {
        cloudtrail: { organizationTrail: { managementEvents: false, dataEvents: { s3: true } } },
      },
    });
    blueprint.organization.controlTower.enabled = true;
    const { result, second } = await converge(s, blueprint, opts);
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    const status = await s
      .client(CloudTrailClient, s.managementAccountId)
      .send(new GetTrailStatusCommand({ Name: 'aws-controltower-BaselineCloudTrail' }));
    expect(status.IsLogging).toBe(true);
    const destroy = await planScenario(s, blueprint, { ...opts, mode: 'destroy' });
    const off = destroy.steps.filter((st) => st.op === 'delegated-admins.disable-trusted-access');
    expect(off.map((st) => st.params['servicePrincipal'])).not.toContain('cloudtrail.amazonaws.com');
    expect(off.map((st) => st.params['servicePrincipal'])).not.toContain('config.amazonaws.com');
    expect(destroy.notes.some((n) => n.includes('Control Tower'))).toBe(true);
    const undone = await applyScenario(s, destroy, opts);
    expect(failures(undone)).toBe('');
    expect(trusted(s)).toEqual(expect.arrayContaining(['cloudtrail.amazonaws.com', 'config.amazonaws.com']));
  });
});

describe('delegated-admins destroy', () => {
  it('removes what apply set up, in reverse order, and apply converges again', async () => {
    const s = await greenfield({ workloads: 1 });
    const blueprint = bp(s);
    expect(failures((await converge(s, blueprint, opts)).result)).toBe('');
    const destroy = await planScenario(s, blueprint, { ...opts, mode: 'destroy' });
    const steps = byId(destroy);
    const removeGd = steps.get(id(s, s.homeRegion, 'remove-admin:guardduty'));
    expect(removeGd?.action).toBe('delete');
    const deregGd = steps.get(id(s, 'global', `deregister:guardduty.amazonaws.com:${s.securityToolingId}`));
    expect(deregGd?.dependsOn).toContain(removeGd!.id);
    expect(steps.get(id(s, 'global', 'disable-trusted-access:guardduty.amazonaws.com'))?.dependsOn).toContain(
      deregGd!.id,
    );
    const result = await applyScenario(s, destroy, opts);
    expect(failures(result)).toBe('');
    const world = s.sandbox.world;
    for (const p of ['guardduty.amazonaws.com', 'config.amazonaws.com', 'cloudtrail.amazonaws.com']) {
      expect(world.delegatedAdminsFor(p)).toEqual([]);
    }
    expect(trusted(s)).toEqual([]);
    const again = await converge(s, blueprint, opts);
    expect(failures(again.result)).toBe('');
    expect(again.second.steps).toEqual([]);
  });

  it('keeps an administrator that still has members or central configuration, with a note', async () => {
    const s = await drifted({ workloads: 2 });
    const destroy = await planScenario(s, bp(s), { ...opts, mode: 'destroy' });
    expect(destroy.steps.some((st) => st.id.includes('guardduty'))).toBe(false);
    expect(destroy.steps.some((st) => st.id.includes('security-hub') || st.id.includes('securityhub'))).toBe(
      false,
    );
    expect(destroy.notes.some((n) => n.includes('GuardDuty') && n.includes('member'))).toBe(true);
    expect(destroy.notes.some((n) => n.includes('Security Hub') && n.includes('central configuration'))).toBe(
      true,
    );
    // What can go goes, and the rest of the run does not fail on what is kept.
    expect(destroy.steps.some((st) => st.id.includes('remove-admin:inspector'))).toBe(true);
    expect(failures(await applyScenario(s, destroy, opts))).toBe('');
  });
});

describe('delegated-admins ops', () => {
  it('declares each op once, with its IAM actions', () => {
    const names = DELEGATED_ADMIN_OPS.map((o) => o.op);
    expect(new Set(names).size).toBe(names.length);
    for (const op of DELEGATED_ADMIN_OPS) {
      expect(op.op.startsWith('delegated-admins.')).toBe(true);
      expect(op.calls.length).toBeGreaterThan(0);
      for (const c of op.calls) expect(c).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z]+$/);
    }
  });

  it('running the same plan twice designates nothing twice', async () => {
    const s = await greenfield({ workloads: 1 });
    const plan = await planScenario(s, bp(s, OPTIONAL), opts);
    expect(failures(await applyScenario(s, plan, opts))).toBe('');
    const before = new Map(s.sandbox.stats().byOperation);
    expect(failures(await applyScenario(s, plan, opts))).toBe('');
    const after = s.sandbox.stats().byOperation;
    for (const write of [
      'guardduty:EnableOrganizationAdminAccount',
      'securityhub:EnableOrganizationAdminAccount',
      'inspector2:EnableDelegatedAdminAccount',
      'macie2:EnableOrganizationAdminAccount',
      'detective:EnableOrganizationAdminAccount',
      'auditmanager:RegisterAccount',
      'fms:AssociateAdminAccount',
      'securitylake:RegisterDataLakeDelegatedAdministrator',
      'cloudtrail:RegisterOrganizationDelegatedAdmin',
      'iam:EnableOrganizationsRootSessions',
    ]) {
      expect(before.get(write), write).toBeGreaterThan(0);
      expect(after.get(write), write).toBe(before.get(write));
    }
    // Organizations registrations are re-sent but answered "already registered": still one admin each.
    expect(s.sandbox.world.delegatedAdminsFor('config.amazonaws.com')).toEqual([s.securityToolingId]);
  });

  it('waits for the Firewall Manager administrator role to be ready, on the run clock', async () => {
    const s = await greenfield({ workloads: 1, propagationDelayMs: { 'fms:admin': 30_000 } });
    const blueprint = bp(s, { infrastructureProtection: { firewallManager: { enabled: true } } });
    const start = s.sandbox.clock.now();
    const { result, second } = await converge(s, blueprint, opts);
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    expect(s.sandbox.clock.now() - start).toBeGreaterThanOrEqual(30_000);
  });
});

describe('delegated-admins blocked reads', () => {
  it('refuses to plan when a Region administrator list cannot be read', async () => {
    const s = await greenfield({ workloads: 1 });
    const region = s.governedRegions[1]!;
    s.sandbox.knobs = { deny: [{ action: 'macie2:ListOrganizationAdminAccounts', region }] };
    const err = await planScenario(s, bp(s), opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SraError);
    const e = err as SraError;
    expect(e.code).toBe('PLAN_BLOCKED');
    expect(e.message).toContain('macie2:ListOrganizationAdminAccounts');
    expect(e.where.region).toBe(region);
    expect(e.where.account).toBe(s.managementAccountId);
    expect(e.hint).toBe('fix access and re-run sra plan');
  });

  it('refuses to plan when trusted access cannot be read', async () => {
    const s = await greenfield({ workloads: 1 });
    s.sandbox.knobs = { deny: [{ action: 'organizations:ListAWSServiceAccessForOrganization' }] };
    const err = (await planScenario(s, bp(s), opts).catch((e: unknown) => e)) as SraError;
    expect(err.code).toBe('PLAN_BLOCKED');
    expect(err.message).toContain('organizations:ListAWSServiceAccessForOrganization');
  });
});
