/**
 * The policies of `sra iam-policy apply` cover what the engine really sends: every operation the sandbox
 * received during a full greenfield apply, destroy, re-apply and destroy with key deletion is mapped to its
 * IAM action and must be granted to the identity that sent it (management account or member role). The
 * ops' declared calls must be real IAM action names, and the write statement must not use wildcards.
 */
import { describe, expect, it } from 'vitest';
import { applyActions, applyPolicies } from '../../src/engine/iam-policy.js';
import { FEATURES } from '../../src/features/index.js';
import { scenarioBlueprint } from '../../src/sandbox/scenarios/blueprint.js';
import { greenfield } from '../../src/sandbox/scenarios/index.js';
import { ACTION_FOR_OPERATION, actionFor, type PolicyDocument } from '../../src/verify/iam-policy.js';
import { applyScenario, converge, failures, planScenario } from './harness.js';

/**
 * Calls the engine makes outside the ops and collectors, which the generated policies need not grant:
 * - `sts:GetCallerIdentity` (the engine checks whose credentials it holds) needs no permission at all:
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * `sts:AssumeRole` into the member role is not exempt: the management policy grants it explicitly.
 */
const ENGINE_EXEMPT = new Set(['sts:GetCallerIdentity']);

const granted = (doc: PolicyDocument) => new Set(doc.Statement.flatMap((s) => s.Action));

/** IAM service prefixes that are SDK signing names or client names, never IAM prefixes. */
const NOT_IAM_PREFIXES = new Set(['s3control', 'monitoring', 'email', 'execute-api']);

describe('apply IAM policies', () => {
  it('grant every operation a full apply, destroy and re-apply sends, to the account that sends it', async () => {
    const s = await greenfield({ workloads: 2 });
    const blueprint = scenarioBlueprint(s);
    s.sandbox.resetStats();
    const applied = await converge(s, blueprint);
    expect(failures(applied.result)).toBe('');
    const destroyed = await applyScenario(s, await planScenario(s, blueprint, { mode: 'destroy' }));
    expect(failures(destroyed)).toBe('');
    const again = await converge(s, blueprint);
    expect(failures(again.result)).toBe('');
    expect(again.second.steps).toEqual([]);
    const destroy = { scheduleKeyDeletion: true };
    const final = await applyScenario(s, await planScenario(s, blueprint, { mode: 'destroy', destroy }));
    expect(failures(final)).toBe('');

    const policies = applyPolicies(FEATURES, s.memberRoleName);
    const management = granted(policies.management);
    const member = granted(policies.member);
    const sent = { management: new Set<string>(), member: new Set<string>() };
    for (const key of s.sandbox.stats().byKey.keys()) {
      const [account, , operation] = key.split('|') as [string, string, string];
      (account === s.managementAccountId ? sent.management : sent.member).add(operation);
    }
    // The run did exercise both identities and the destructive ops.
    expect(sent.member.size).toBeGreaterThan(0);
    expect([...sent.member]).toContain('kms:ScheduleKeyDeletion');
    expect([...sent.management]).toContain('sts:AssumeRole');
    // Operations whose IAM action has another name were sent, so their mapping is exercised.
    expect([...sent.member]).toEqual(
      expect.arrayContaining([
        's3:PutBucketEncryption',
        's3:PutPublicAccessBlock',
        's3control:PutPublicAccessBlock',
      ]),
    );

    const missing = (ops: Set<string>, allowed: Set<string>) =>
      [...ops]
        .filter((op) => !ENGINE_EXEMPT.has(op))
        .map((op) => ({ op, action: actionFor(op) }))
        .filter(({ action }) => !allowed.has(action))
        .map(({ op, action }) => (op === action ? op : `${op} (${action})`))
        .sort();
    expect(missing(sent.management, management)).toEqual([]);
    expect(missing(sent.member, member)).toEqual([]);
  });

  it("maps every op's declared calls to well-formed IAM actions", () => {
    for (const feature of FEATURES) {
      for (const op of feature.ops) {
        expect(op.calls.length, op.op).toBeGreaterThan(0);
        for (const call of op.calls) {
          const action = actionFor(call);
          expect(action, `${op.op}: ${call}`).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
          expect(NOT_IAM_PREFIXES.has(action.split(':')[0]!), `${op.op}: ${call} → ${action}`).toBe(false);
          // An API name whose IAM action differs must have been mapped (the result is never itself a key).
          expect(Object.hasOwn(ACTION_FOR_OPERATION, action), `${op.op}: ${call} → ${action}`).toBe(false);
        }
      }
    }
  });

  it('the write statement lists explicit actions, no wildcards', () => {
    const policies = applyPolicies(FEATURES, 'OrganizationAccountAccessRole');
    for (const doc of [policies.management, policies.member]) {
      const writes = doc.Statement.find((st) => st.Sid === 'SraKitApplyWrites');
      expect(writes).toBeDefined();
      expect(writes!.Action.length).toBeGreaterThan(0);
      expect(writes!.Action.filter((a) => a.includes('*') || a.includes('?'))).toEqual([]);
      expect(writes!.Action).toEqual(applyActions(FEATURES));
      for (const st of doc.Statement) expect(st.Effect).toBe('Allow');
    }
    // Only the member role may be assumed, never any role.
    const assume = policies.management.Statement.find((st) => st.Action.includes('sts:AssumeRole'));
    expect(assume?.Resource).toBe('arn:aws:iam::*:role/OrganizationAccountAccessRole');
    expect(policies.member.Statement.some((st) => st.Action.includes('sts:AssumeRole'))).toBe(false);
  });
});
