/**
 * AWS Network Firewall configuration (Security Hub NetworkFirewall.2–.6, .9, .10, plus the SRA's
 * stateful default action): for every firewall wherever it runs — the network account above all — its
 * logs reach the log archive, its policy drops or inspects what no rule matched, its rule groups are
 * not empty, and it is protected against deletion and subnet changes.
 *
 * An account without firewalls gives no outcome, except the network account, which gets
 * NOT_APPLICABLE pointing at `network.firewall-present`.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/networkfirewall-controls.html
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
import type { DataError } from '../../../observe/types.js';
import { S3 } from '../../s3/collect.js';
import { NETWORK, type FirewallDetail, type FirewallInfo, type FirewallPolicyInfo } from '../collect.js';
import { inLogArchive, isNetworkAccount, networkSliceOf } from '../common.js';

const NO_FIREWALL = 'no AWS Network Firewall in this Region (network.firewall-present reports it)';

/** The account's firewalls, or the outcomes to return when it has none. */
function firewallsOrSkip(ctx: EvalContext): FirewallInfo[] | Outcome[] {
  const firewalls = ctx.need(networkSliceOf(ctx).firewalls, 'Network Firewall firewalls');
  if (firewalls.length > 0) return firewalls;
  return isNetworkAccount(ctx) ? [notApplicable(NO_FIREWALL)] : [];
}

function isOutcomes(v: FirewallInfo[] | Outcome[]): v is Outcome[] {
  return v.length === 0 || 'status' in v[0]!;
}

/** An ERROR outcome for one resource whose datum failed, so the others are still judged. */
function errorOutcome(resource: string, what: string, d: { ok: false; error: DataError }): Outcome {
  return { status: 'ERROR', resource, message: `could not read ${what}: ${d.error.message}`, error: d.error };
}

/** Evaluates `judge` on each firewall's configuration. */
function perFirewall(ctx: EvalContext, judge: (f: FirewallInfo, d: FirewallDetail) => Outcome): Outcome[] {
  const firewalls = firewallsOrSkip(ctx);
  if (isOutcomes(firewalls)) return firewalls;
  return firewalls.map((f) =>
    f.detail.ok ? judge(f, f.detail.value) : errorOutcome(f.arn, `firewall ${f.name}`, f.detail),
  );
}

/** Evaluates `judge` on each distinct policy used by the account's firewalls. */
function perPolicy(ctx: EvalContext, judge: (arn: string, p: FirewallPolicyInfo) => Outcome): Outcome[] {
  const firewalls = firewallsOrSkip(ctx);
  if (isOutcomes(firewalls)) return firewalls;
  const policies = networkSliceOf(ctx).policies ?? [];
  const out: Outcome[] = [];
  for (const f of firewalls) if (!f.detail.ok) out.push(errorOutcome(f.arn, `firewall ${f.name}`, f.detail));
  for (const p of policies) {
    out.push(
      p.policy.ok ? judge(p.arn, p.policy.value) : errorOutcome(p.arn, `firewall policy ${p.arn}`, p.policy),
    );
  }
  return out;
}

const BASE = {
  capabilities: ['infrastructure-protection'],
  principles: ['security-at-all-layers'],
  appliesTo: 'all',
  scope: 'region',
  service: 'network-firewall',
} as const;

/** Every firewall logs, and its logs reach the log archive. */
export const firewallLoggingToLogArchive = defineControl({
  ...BASE,
  id: 'network.firewall-logging-to-log-archive',
  title: 'Every Network Firewall logs alerts or flows to the log archive account',
  severity: 'medium',
  capabilities: ['infrastructure-protection', 'threat-detection'],
  principles: ['enable-traceability', 'security-at-all-layers'],
  refs: { fsbp: ['NetworkFirewall.2'] },
  risk:
    'A firewall without logs blocks silently and leaves no trace of what it saw; logs kept in the network ' +
    'account can be changed by the people whose traffic they record.',
  remediation: {
    manual:
      'VPC console → Network Firewall → the firewall → Logging → add ALERT and FLOW logs to the log archive bucket ' +
      '(one destination per `aws network-firewall update-logging-configuration` call).',
  },
  uses: [NETWORK, S3],
  evaluate(ctx) {
    const firewalls = firewallsOrSkip(ctx);
    if (isOutcomes(firewalls)) return firewalls;
    return firewalls.map((f): Outcome => {
      if (!f.logging.ok) return errorOutcome(f.arn, `logging of firewall ${f.name}`, f.logging);
      const logs = f.logging.value;
      if (logs.length === 0) {
        return fail(`firewall ${f.name} does not log`, {
          resource: f.arn,
          expected: { logging: 'ALERT and/or FLOW to the log archive' },
          actual: { logging: [] },
        });
      }
      const outside = logs
        .map((l) => {
          if (l.destinationType !== 'S3') return { l, o: undefined };
          return {
            l,
            o: inLogArchive(ctx, `arn:aws:s3:::${l.destination}`, `${l.logType} logs of ${f.name}`, f.arn),
          };
        })
        .filter((x) => x.o?.status !== 'PASS');
      if (outside.length === 0) {
        return pass(
          `firewall ${f.name} logs ${logs.map((l) => l.logType).join(' and ')} to the log archive`,
          {
            resource: f.arn,
            actual: { logging: logs },
          },
        );
      }
      return fail(`some logs of firewall ${f.name} do not reach the log archive`, {
        resource: f.arn,
        expected: { destination: 'an S3 bucket in the log archive account' },
        actual: { logging: outside.map((x) => x.l) },
      });
    });
  },
});

/** Every firewall policy references at least one rule group. */
export const policyHasRuleGroups = defineControl({
  ...BASE,
  id: 'network.firewall-policy-has-rule-groups',
  title: 'Every Network Firewall policy has at least one stateless or stateful rule group',
  severity: 'medium',
  refs: { fsbp: ['NetworkFirewall.3'] },
  risk: 'A policy without rule groups inspects nothing: every packet meets the default action and no threat signature.',
  remediation: {
    manual:
      'Add rule groups to the policy (for example the AWS managed threat signature groups): VPC console → Network ' +
      'Firewall → Firewall policies → the policy → Add rule groups.',
  },
  uses: [NETWORK],
  evaluate(ctx) {
    return perPolicy(ctx, (arn, p) => {
      const count = p.statelessRuleGroups.length + p.statefulRuleGroups.length;
      return count > 0
        ? pass(`the policy references ${count} rule group(s)`, {
            resource: arn,
            actual: { stateless: p.statelessRuleGroups.length, stateful: p.statefulRuleGroups.length },
          })
        : fail('the firewall policy has no rule groups', {
            resource: arn,
            expected: { ruleGroups: 'at least one' },
            actual: { stateless: 0, stateful: 0 },
          });
    });
  },
});

const DROP_OR_FORWARD = ['aws:drop', 'aws:forward_to_sfe'];

/** The stateless default action for full packets drops or forwards to the stateful engine. */
export const policyStatelessDefaultAction = defineControl({
  ...BASE,
  id: 'network.firewall-policy-stateless-default-action',
  title:
    'Network Firewall policies drop or forward (to stateful inspection) full packets no stateless rule matched',
  severity: 'medium',
  refs: { fsbp: ['NetworkFirewall.4'] },
  risk: 'With aws:pass as the default, packets no stateless rule matched skip stateful inspection entirely.',
  remediation: {
    manual:
      'Edit the firewall policy: stateless default actions for full packets → "Forward to stateful rule groups" ' +
      '(aws:forward_to_sfe) or Drop.',
  },
  uses: [NETWORK],
  evaluate(ctx) {
    return perPolicy(ctx, (arn, p) =>
      p.statelessDefaultActions.some((a) => DROP_OR_FORWARD.includes(a))
        ? pass('full packets default to drop or stateful inspection', {
            resource: arn,
            actual: { actions: p.statelessDefaultActions },
          })
        : fail('full packets that no stateless rule matched pass uninspected', {
            resource: arn,
            expected: { actions: DROP_OR_FORWARD },
            actual: { actions: p.statelessDefaultActions },
          }),
    );
  },
});

/** The stateless default action for fragmented packets drops or forwards to the stateful engine. */
export const policyFragmentDefaultAction = defineControl({
  ...BASE,
  id: 'network.firewall-policy-fragment-default-action',
  title:
    'Network Firewall policies drop or forward (to stateful inspection) fragmented packets no stateless rule matched',
  severity: 'medium',
  refs: { fsbp: ['NetworkFirewall.5'] },
  risk:
    'Fragmentation is a classic way to slip payloads past inspection; with aws:pass for fragments they cross the ' +
    'firewall unexamined.',
  remediation: {
    manual:
      'Edit the firewall policy: stateless default actions for fragmented packets → "Forward to stateful rule ' +
      'groups" (aws:forward_to_sfe) or Drop.',
  },
  uses: [NETWORK],
  evaluate(ctx) {
    return perPolicy(ctx, (arn, p) =>
      p.statelessFragmentDefaultActions.some((a) => DROP_OR_FORWARD.includes(a))
        ? pass('fragmented packets default to drop or stateful inspection', {
            resource: arn,
            actual: { actions: p.statelessFragmentDefaultActions },
          })
        : fail('fragmented packets that no stateless rule matched pass uninspected', {
            resource: arn,
            expected: { actions: DROP_OR_FORWARD },
            actual: { actions: p.statelessFragmentDefaultActions },
          }),
    );
  },
});

/** The stateful engine drops or alerts on traffic no stateful rule matched. */
export const policyStatefulDefaultAction = defineControl({
  ...BASE,
  id: 'network.firewall-policy-stateful-default-action',
  title: 'Network Firewall policies use strict rule order with a drop or alert stateful default action',
  severity: 'medium',
  refs: {},
  risk:
    'With the default action order nothing is dropped or alerted on unless a rule says so: traffic to unknown ' +
    'destinations is allowed silently instead of being denied by default.',
  remediation: {
    manual:
      'Use strict rule order in the firewall policy with a default action of "Drop established" (or at least ' +
      '"Alert established"): StatefulEngineOptions.RuleOrder STRICT_ORDER, StatefulDefaultActions ' +
      '["aws:drop_established", "aws:alert_established"].',
  },
  uses: [NETWORK],
  evaluate(ctx) {
    return perPolicy(ctx, (arn, p) => {
      const actions = p.statefulDefaultActions.filter(
        (a) => a.startsWith('aws:drop') || a.startsWith('aws:alert'),
      );
      return p.ruleOrder === 'STRICT_ORDER' && actions.length > 0
        ? pass(`unmatched traffic is ${actions.join(' and ')}`, {
            resource: arn,
            actual: { ruleOrder: p.ruleOrder, actions },
          })
        : fail('traffic that no stateful rule matched is passed without drop or alert', {
            resource: arn,
            expected: { ruleOrder: 'STRICT_ORDER', statefulDefaultActions: 'aws:drop_* or aws:alert_*' },
            actual: { ruleOrder: p.ruleOrder, statefulDefaultActions: p.statefulDefaultActions },
          });
    });
  },
});

/** No stateless rule group of the account is empty. */
export const statelessRuleGroupsNotEmpty = defineControl({
  ...BASE,
  id: 'network.firewall-stateless-rule-groups-not-empty',
  title: 'No Network Firewall stateless rule group is empty',
  severity: 'medium',
  refs: { fsbp: ['NetworkFirewall.6'] },
  risk:
    'An empty rule group looks like protection in diagrams and audits while matching nothing: packets fall ' +
    'through to the default action.',
  remediation: {
    manual: 'Add the intended rules to the stateless rule group, or delete it if it serves no purpose.',
  },
  uses: [NETWORK],
  evaluate(ctx) {
    const firewalls = firewallsOrSkip(ctx);
    if (isOutcomes(firewalls)) return firewalls;
    const groups = ctx.need(networkSliceOf(ctx).statelessRuleGroups, 'stateless rule groups');
    if (groups.length === 0) return notApplicable('the account has no stateless rule groups');
    return groups.map((g): Outcome => {
      if (!g.rules.ok) return errorOutcome(g.arn, `rule group ${g.name}`, g.rules);
      return g.rules.value > 0
        ? pass(`stateless rule group ${g.name} has ${g.rules.value} rule(s)`, {
            resource: g.arn,
            actual: { rules: g.rules.value },
          })
        : fail(`stateless rule group ${g.name} is empty`, {
            resource: g.arn,
            expected: { rules: '≥ 1' },
            actual: { rules: 0 },
          });
    });
  },
});

/** Every firewall is protected against deletion. */
export const firewallDeletionProtection = defineControl({
  ...BASE,
  id: 'network.firewall-deletion-protection',
  title: 'Every Network Firewall has deletion protection enabled',
  severity: 'medium',
  refs: { fsbp: ['NetworkFirewall.9'] },
  risk:
    'One mistaken call or destroy run removes the firewall at once; routes then black-hole or, worse, bypass ' +
    'inspection until it is rebuilt.',
  remediation: {
    manual:
      '`aws network-firewall update-firewall-delete-protection --firewall-name <name> --delete-protection` (VPC ' +
      'console → Network Firewall → the firewall → Change protections).',
  },
  uses: [NETWORK],
  evaluate(ctx) {
    return perFirewall(ctx, (f, d) =>
      d.deleteProtection
        ? pass(`firewall ${f.name} is protected against deletion`, {
            resource: f.arn,
            actual: { deleteProtection: true },
          })
        : fail(`firewall ${f.name} can be deleted`, {
            resource: f.arn,
            expected: { deleteProtection: true },
            actual: { deleteProtection: false },
          }),
    );
  },
});

/** Every firewall is protected against subnet association changes. */
export const firewallSubnetChangeProtection = defineControl({
  ...BASE,
  id: 'network.firewall-subnet-change-protection',
  title: 'Every Network Firewall has subnet change protection enabled',
  severity: 'medium',
  refs: { fsbp: ['NetworkFirewall.10'] },
  risk:
    'Without it, one subnet disassociation moves the firewall endpoints out of the traffic path while the ' +
    'firewall still reports healthy: inspection stops without anyone noticing.',
  remediation: {
    manual:
      '`aws network-firewall update-subnet-change-protection --firewall-name <name> --subnet-change-protection` ' +
      '(VPC console → Network Firewall → the firewall → Change protections).',
  },
  uses: [NETWORK],
  evaluate(ctx) {
    return perFirewall(ctx, (f, d) =>
      d.subnetChangeProtection
        ? pass(`firewall ${f.name} is protected against subnet changes`, {
            resource: f.arn,
            actual: { subnetChangeProtection: true },
          })
        : fail(`firewall ${f.name} subnets can be changed without a protection change`, {
            resource: f.arn,
            expected: { subnetChangeProtection: true },
            actual: { subnetChangeProtection: false },
          }),
    );
  },
});

/** The Network Firewall configuration family. */
export const NETWORK_FIREWALL_CONTROLS: readonly Control[] = [
  firewallLoggingToLogArchive,
  policyHasRuleGroups,
  policyStatelessDefaultAction,
  policyFragmentDefaultAction,
  policyStatefulDefaultAction,
  statelessRuleGroupsNotEmpty,
  firewallDeletionProtection,
  firewallSubnetChangeProtection,
];
