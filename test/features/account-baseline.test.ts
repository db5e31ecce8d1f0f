/**
 * Feature `account-baseline`: what greenfield needs, convergence judged by verify's baseline controls,
 * only drifted settings planned, trusted access for Account Management taken from the delegated-admins
 * feature when it provides it, idempotent ops, destroy leaving the hardening in place, and a denied read
 * stopping the plan.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseBlueprint } from '../../src/blueprint/load.js';
import type { Blueprint, BlueprintInput } from '../../src/blueprint/schema.js';
import { existing } from '../../src/engine/step.js';
import { defineFeature, type Feature, type Plan } from '../../src/engine/types.js';
import { SraError } from '../../src/errors.js';
import { accountBaselineFeature } from '../../src/features/account-baseline/index.js';
import { trustedAccess } from '../../src/features/provides.js';
import {
  allAccounts,
  controlTower,
  drifted,
  greenfield,
  halfDeployed,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import { scenarioBlueprintInput } from '../../src/sandbox/scenarios/blueprint.js';
import { ORGANIZATION_READER } from '../../src/cli/commands/verify.js';
import { runVerify } from '../../src/verify/verify.js';
import { accessFor, gaps } from '../verify/harness.js';
import { applyScenario, converge, failures, planScenario } from '../engine/harness.js';

const features = [accountBaselineFeature];

/** The controls that judge the baseline. */
const BASELINE_CONTROLS = [
  's3.account-*',
  'iam.password-policy',
  'account.*',
  'ec2.ebs-encryption-by-default',
  'ec2.ebs-snapshot-block-public-access',
  'ec2.imdsv2-default',
];

function blueprintOf(s: Scenario, mutate?: (input: BlueprintInput) => void): Blueprint {
  const input = scenarioBlueprintInput(s);
  mutate?.(input);
  const parsed = parseBlueprint(stringify(input), 'test.sra.yaml');
  if (!parsed.blueprint) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.blueprint;
}

/** The contacts the reference deployment sets (so a drifted organization differs only where planted). */
function referenceContacts(input: BlueprintInput): void {
  const c = (t: string) => ({
    name: `${t} team`,
    title: `${t} contact`,
    email: `${t}@example.com`,
    phone: '+1-555-0100',
  });
  input.governance = {
    ...input.governance,
    alternateContacts: { security: c('security'), billing: c('billing'), operations: c('operations') },
  };
}

async function baselineGaps(s: Scenario, blueprint: Blueprint): Promise<string[]> {
  const { result } = await runVerify({
    access: accessFor(s),
    blueprint,
    organizationReader: ORGANIZATION_READER,
    controls: BASELINE_CONTROLS,
  });
  return gaps(result.findings);
}

function byId(plan: Plan, id: string) {
  const step = plan.steps.find((x) => x.id === id);
  if (!step) throw new Error(`no step ${id} in ${plan.steps.map((x) => x.id).join(', ')}`);
  return step;
}

describe('account-baseline feature', () => {
  it('plans every setting of every account on greenfield', async () => {
    const s = await greenfield({ workloads: 2 });
    const plan = await planScenario(s, blueprintOf(s), { features });
    const mgmt = s.managementAccountId;
    const trusted = `account-baseline/${mgmt}/global/trusted-access:account.amazonaws.com`;
    const expected = [
      trusted,
      ...allAccounts(s).flatMap((a) => [
        `account-baseline/${a}/global/s3-account-public-access-block`,
        `account-baseline/${a}/global/password-policy`,
        ...['security', 'billing', 'operations'].map(
          (k) => `account-baseline/${a}/global/alternate-contact:${k}`,
        ),
        ...s.governedRegions.flatMap((r) => [
          `account-baseline/${a}/${r}/ebs-encryption-by-default`,
          `account-baseline/${a}/${r}/snapshot-block-public-access`,
          `account-baseline/${a}/${r}/imdsv2-default`,
        ]),
      ]),
    ].sort();
    expect(plan.steps.map((x) => x.id).sort()).toEqual(expected);
    expect(byId(plan, trusted).op).toBe('account-baseline.enable-trusted-access');
    const w = s.workloadIds[0]!;
    // Members' contacts wait for trusted access; the management account's own do not need it.
    expect(byId(plan, `account-baseline/${w}/global/alternate-contact:security`).dependsOn).toEqual([
      trusted,
    ]);
    expect(byId(plan, `account-baseline/${mgmt}/global/alternate-contact:security`).dependsOn).toEqual([]);
    expect(byId(plan, `account-baseline/${w}/global/alternate-contact:billing`).params).toMatchObject({
      type: 'BILLING',
      email: 'billing@example.com',
    });
    const policy = byId(plan, `account-baseline/${w}/global/password-policy`);
    expect(policy.action).toBe('create');
    expect(policy.params).toMatchObject({ minimumLength: 14, maxAgeDays: 90, reusePrevention: 24 });
    const imds = byId(plan, `account-baseline/${w}/${s.homeRegion}/imdsv2-default`);
    expect(imds.changes).toEqual([{ field: 'httpTokens', from: 'no-preference', to: 'required' }]);
  });

  it('converges on greenfield and the baseline controls pass', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = blueprintOf(s);
    const { result, second } = await converge(s, blueprint, { features });
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    expect(await baselineGaps(s, blueprint)).toEqual([]);
  });

  it('on the drifted organization plans only the drifted settings', async () => {
    const s = await drifted({ workloads: 3 });
    const blueprint = blueprintOf(s, referenceContacts);
    const { first, result, second } = await converge(s, blueprint, { features });
    const ebs = s.planted.find((p) => p.kind === 'ec2.ebs-encryption-by-default-disabled')!;
    const pab = s.planted.find((p) => p.kind === 's3.account-public-access-block-removed')!;
    const pw = s.planted.find((p) => p.kind === 'iam.password-policy-deleted')!;
    expect(first.steps.map((x) => `${x.action} ${x.id}`).sort()).toEqual(
      [
        `update account-baseline/${ebs.account}/${ebs.region}/ebs-encryption-by-default`,
        `create account-baseline/${pab.account}/global/s3-account-public-access-block`,
        `create account-baseline/${pw.account}/global/password-policy`,
      ].sort(),
    );
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    expect(await baselineGaps(s, blueprint)).toEqual([]);
  });

  it('updates a weak password policy with the fields that differ', async () => {
    const s = await halfDeployed({ workloads: 1 });
    const plan = await planScenario(s, blueprintOf(s), { features });
    const step = byId(plan, `account-baseline/${s.managementAccountId}/global/password-policy`);
    expect(step.action).toBe('update');
    expect(step.changes).toEqual(
      expect.arrayContaining([
        { field: 'minimumLength', from: 8, to: 14 },
        { field: 'maxAgeDays', from: 365, to: 90 },
        { field: 'requireSymbols', from: false, to: true },
      ]),
    );
  });

  it('waits for trusted access provided by an earlier feature instead of enabling it', async () => {
    const s = await greenfield({ workloads: 1 });
    const provider: Feature = defineFeature({
      id: 'test-admins',
      title: 'stand-in for delegated-admins',
      needs: [],
      ops: [],
      plan: () => ({ steps: [], provides: { [trustedAccess('account.amazonaws.com')]: existing('on') } }),
      destroy: () => ({ steps: [] }),
    });
    const plan = await planScenario(s, blueprintOf(s), { features: [provider, accountBaselineFeature] });
    expect(plan.steps.some((x) => x.op === 'account-baseline.enable-trusted-access')).toBe(false);
    expect(plan.steps.filter((x) => x.op === 'account-baseline.put-alternate-contact')).toHaveLength(
      3 * allAccounts(s).length,
    );
  });

  it('applying the same plan twice succeeds and changes nothing more', async () => {
    const s = await greenfield({ workloads: 1 });
    const blueprint = blueprintOf(s);
    const plan = await planScenario(s, blueprint, { features });
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect(failures(await applyScenario(s, plan, { features }))).toBe('');
    expect((await planScenario(s, blueprint, { features })).steps).toEqual([]);
  });

  it('converges beside Control Tower (its execution role, its resources untouched)', async () => {
    const s = await controlTower({ workloads: 1 });
    const blueprint = blueprintOf(s, (i) => {
      i.organization.controlTower = { enabled: true };
      i.threatDetection = { cloudtrail: { organizationTrail: { enabled: false } } };
    });
    const { first, result, second } = await converge(s, blueprint, { features });
    expect(first.steps.every((x) => x.op.startsWith('account-baseline.'))).toBe(true);
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
  });

  it('destroy leaves the hardening in place and says so', async () => {
    const s = await greenfield({ workloads: 1 });
    const blueprint = blueprintOf(s);
    expect(failures((await converge(s, blueprint, { features })).result)).toBe('');
    const destroy = await planScenario(s, blueprint, { features, mode: 'destroy' });
    expect(destroy.steps).toEqual([]);
    expect(destroy.notes).toHaveLength(1);
    expect(destroy.notes[0]).toContain('leaves them in place');
    expect((await planScenario(s, blueprint, { features })).steps).toEqual([]);
  });

  it('a denied read stops the plan with PLAN_BLOCKED naming the account, Region and API', async () => {
    const s = await greenfield({ workloads: 1 });
    const w = s.workloadIds[0]!;
    const region = s.governedRegions[1]!;
    s.sandbox.knobs = { deny: [{ action: 'ec2:GetEbsEncryptionByDefault', account: w, region }] };
    const err = await planScenario(s, blueprintOf(s), { features }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SraError);
    const e = err as SraError;
    expect(e.code).toBe('PLAN_BLOCKED');
    expect(e.message).toContain(w);
    expect(e.message).toContain(region);
    expect(e.message).toContain('GetEbsEncryptionByDefault');
    expect(e.hint).toBe('fix access and re-run sra plan');
  });
});
