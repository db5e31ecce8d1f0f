import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../src/engine/render.js';
import { controlTower, greenfield } from '../../src/sandbox/scenarios/index.js';
import { scenarioBlueprint } from '../../src/sandbox/scenarios/blueprint.js';
import { parseBlueprint } from '../../src/blueprint/load.js';
import { scenarioBlueprintYaml } from '../../src/sandbox/scenarios/blueprint.js';
import { converge, failures, planScenario } from './harness.js';

describe('makePlan safety checks', () => {
  it('refuses an organization other than the one the blueprint pins, before planning anything', async () => {
    const s = await greenfield({ workloads: 1 });
    const text = scenarioBlueprintYaml(s).replace(`id: ${s.organizationId}`, 'id: o-otherorg0001');
    const bp = parseBlueprint(text).blueprint!;
    await expect(planScenario(s, bp)).rejects.toMatchObject({
      code: 'WRONG_ORGANIZATION',
      message: `the live organization is ${s.organizationId}, but the blueprint pins o-otherorg0001`,
    });
    expect([...s.sandbox.world.organization!.policies.values()].filter((p) => !p.awsManaged)).toEqual([]);
  });

  it('refuses credentials of another account than the blueprint management account', async () => {
    const s = await greenfield({ workloads: 1 });
    const text = scenarioBlueprintYaml(s).replace(
      `managementAccount: "${s.managementAccountId}"`,
      'managementAccount: "999999999999"',
    );
    const bp = parseBlueprint(text).blueprint;
    expect(bp, 'the edited blueprint parses').toBeDefined();
    await expect(planScenario(s, bp!)).rejects.toMatchObject({ code: 'WRONG_ACCOUNT' });
  });
});

describe('planning reads', () => {
  it('reads the admin-only services in administrator accounts only, with one assume-role per account', async () => {
    const s = await greenfield({ workloads: 2 });
    await planScenario(s, scenarioBlueprint(s));
    const keys = [...s.sandbox.stats().byKey.entries()];
    const guardduty = (account: string) =>
      keys.filter(([k]) => k.startsWith(`${account}|`) && k.includes('|guardduty:')).length;
    expect(guardduty(s.managementAccountId)).toBeGreaterThan(0);
    expect(guardduty(s.securityToolingId)).toBeGreaterThan(0);
    for (const w of s.workloadIds) expect(guardduty(w), `guardduty reads in workload ${w}`).toBe(0);
    // The account baseline still needs every account: its reads reach the workloads.
    for (const w of s.workloadIds) {
      expect(keys.some(([k]) => k.startsWith(`${w}|`) && k.includes('ec2:GetEbsEncryptionByDefault'))).toBe(
        true,
      );
    }
    // One assume-role per member account.
    expect(s.sandbox.stats().byOperation.get('sts:AssumeRole')).toBe(4 + s.workloadIds.length);
  });
});

describe('the Control Tower scenario', () => {
  it('is described as a landing zone: a data-events-only trail beside Control Tower’s, which converges', async () => {
    const s = await controlTower({ workloads: 1 });
    const bp = scenarioBlueprint(s);
    expect(bp.organization.controlTower.enabled).toBe(true);
    expect(bp.threatDetection.cloudtrail.organizationTrail.managementEvents).toBe(false);
    const { first, result, second } = await converge(s, bp);
    expect(failures(result)).toBe('');
    expect(first.notes.join('\n')).toMatch(/Control Tower's recorder left untouched/);
    expect(second.steps).toEqual([]);
  });
});

describe('renderPlan', () => {
  it('groups by account then capability with + ~ - markers, and makes AWS names terminal-safe', async () => {
    const s = await greenfield({ workloads: 1 });
    const plan = await planScenario(s, scenarioBlueprint(s));
    const text = renderPlan(plan, { accountNames: new Map([[s.managementAccountId, 'Mgmt\u001b[31m\nx']]) });
    expect(text).toContain(`account ${s.managementAccountId} (Mgmt\uFFFD[31m x)`);
    expect(text).not.toContain('\u001b');
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.startsWith('account '));
    expect(lines[first]).toContain(s.managementAccountId);
    expect(text).toMatch(/^ {4}\+ /m);
    expect(text).toMatch(/^ {4}~ /m);
    expect(text).toMatch(/^ {8}\S+: .* → /m);
  });
});
