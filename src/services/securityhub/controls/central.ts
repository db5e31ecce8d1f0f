/**
 * Security Hub central configuration, read in the administrator's home Region: a finding aggregator in the
 * home (or blueprint) Region that links every other governed Region, and a configuration policy associated
 * with the organization root that turns Security Hub on with the SRA standards.
 *
 * https://docs.aws.amazon.com/securityhub/latest/userguide/finding-aggregation.html (one aggregator per
 * account; RegionLinkingMode ALL_REGIONS | ALL_REGIONS_EXCEPT_SPECIFIED | SPECIFIED_REGIONS | NO_REGIONS)
 * https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html (policies take
 * effect in the home Region and every linked Region; a root association covers accounts that join later)
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_StartConfigurationPolicyAssociation.html
 * (`SELF_MANAGED_SECURITY_HUB` leaves a target self-managed)
 */
import { defineControl, fail, notApplicable, pass, type Control } from '../../../verify/types.js';
import { SECURITY_HUB, SECURITY_HUB_ADMINS, type SecurityHubAggregatorInfo } from '../collect.js';
import {
  SECURITY_HUB_KEY,
  aggregatorRegion,
  centralView,
  isStandard,
  outOfScope,
  requiredStandards,
  rootGovernance,
  securityHubFeature,
  wantsCentral,
} from '../common.js';
import { isOutcome } from '../shared.js';

/** Identifier of the self-managed "policy". */
const SELF_MANAGED = 'SELF_MANAGED_SECURITY_HUB';

/** Common metadata of the home-Region controls. */
const HOME_SIDE = {
  capabilities: ['security-assurance', 'threat-detection'],
  principles: ['automate-security-best-practices', 'enable-traceability'],
  appliesTo: ['security-tooling'],
  scope: 'account',
  service: 'security-hub',
  uses: [SECURITY_HUB, SECURITY_HUB_ADMINS],
} as const;

/** Regions an aggregator links besides its own, among `candidates`. */
function linkedAmong(agg: SecurityHubAggregatorInfo, candidates: readonly string[]): string[] {
  switch (agg.linkingMode) {
    case 'ALL_REGIONS':
      return [...candidates];
    case 'ALL_REGIONS_EXCEPT_SPECIFIED':
      return candidates.filter((r) => !agg.regions.includes(r));
    case 'SPECIFIED_REGIONS':
      return candidates.filter((r) => agg.regions.includes(r));
    default:
      return [];
  }
}

/** A finding aggregator in the home Region links every other governed Region. */
export const findingAggregator = defineControl({
  ...HOME_SIDE,
  id: 'security-hub.finding-aggregator',
  title: 'A Security Hub finding aggregator in the home Region links every governed Region',
  severity: 'high',
  refs: {},
  risk:
    'Without cross-Region aggregation, findings of each Region stay in that Region: responders have to look ' +
    'in every Region, and central configuration cannot govern a Region the aggregator does not link.',
  remediation: {
    blueprint: `${SECURITY_HUB_KEY}.aggregatorRegion`,
    manual:
      'In the delegated administrator, home Region: `aws securityhub create-finding-aggregator ' +
      '--region-linking-mode SPECIFIED_REGIONS --regions <other governed Regions>` (or update-finding-aggregator).',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    const c = centralView(ctx);
    if (isOutcome(c)) return c;
    const aggs = ctx.need(c.central.aggregators, `Security Hub finding aggregators of ${c.view.adminId}`);
    const want = aggregatorRegion(ctx);
    const excluded = securityHubFeature(ctx)?.targets.excludeRegions ?? [];
    const others = ctx.inventory.governedRegions.filter((r) => r !== want && !excluded.includes(r));
    const expected = { region: want, linkedRegions: others };
    const agg = aggs[0];
    if (!agg) {
      return fail('the Security Hub administrator has no finding aggregator', {
        resource: c.view.resource,
        expected,
        actual: { aggregator: 'none' },
      });
    }
    const linked = linkedAmong(agg, others);
    const actual = { region: agg.region, linkingMode: agg.linkingMode, regions: agg.regions };
    if (agg.region !== want) {
      return fail(`the Security Hub finding aggregator is in ${agg.region}, not in ${want}`, {
        resource: agg.arn,
        expected,
        actual,
      });
    }
    const unlinked = others.filter((r) => !linked.includes(r));
    return unlinked.length > 0
      ? fail(`the Security Hub finding aggregator does not link ${unlinked.join(', ')}`, {
          resource: agg.arn,
          expected,
          actual,
        })
      : pass(
          `the Security Hub finding aggregator in ${want} links ${others.length ? others.join(', ') : 'no other Region (none governed)'}`,
          {
            resource: agg.arn,
            actual,
          },
        );
  },
});

/** A configuration policy that enables Security Hub with the SRA standards governs the root. */
export const rootConfigurationPolicy = defineControl({
  ...HOME_SIDE,
  id: 'security-hub.root-configuration-policy',
  title:
    'A Security Hub configuration policy enabling the SRA standards is associated with the organization root',
  severity: 'high',
  refs: {},
  risk:
    'Without a policy on the root, accounts and OUs are self-managed or unmanaged: new accounts do not get ' +
    'Security Hub or the standards, and nothing stops an account from turning them off.',
  remediation: {
    blueprint: `${SECURITY_HUB_KEY}.standards`,
    manual:
      'In the delegated administrator, home Region: `aws securityhub create-configuration-policy` with ' +
      'ServiceEnabled=true and the FSBP standard, then `aws securityhub start-configuration-policy-association ' +
      '--configuration-policy-identifier <policy> --target RootId=<root>`.',
  },
  evaluate(ctx) {
    const skip = outOfScope(ctx);
    if (skip) return skip;
    if (!wantsCentral(ctx)) {
      return notApplicable(
        `the blueprint chooses local configuration (${SECURITY_HUB_KEY}.configuration: local)`,
      );
    }
    const c = centralView(ctx);
    if (isOutcome(c)) return c;
    const root = rootGovernance(ctx, c);
    if (!root) {
      return notApplicable(
        'central configuration is not enabled, so no policy can govern the root; ' +
          'security-hub.central-configuration reports the gap',
        c.view.resource,
      );
    }
    const wanted = requiredStandards(ctx);
    const expected = { association: 'a policy on the root', serviceEnabled: true, standards: wanted };
    const a = root.association;
    if (!a) {
      return fail('no Security Hub configuration policy is associated with the organization root', {
        resource: c.view.resource,
        expected,
        actual: { association: 'none' },
      });
    }
    if (a.policyId === SELF_MANAGED) {
      return fail('the organization root is associated with self-managed Security Hub, not a policy', {
        resource: a.targetId,
        expected,
        actual: { association: SELF_MANAGED },
      });
    }
    const p = root.policy;
    if (!p) {
      return fail(`the root's association names policy ${a.policyId}, which does not exist`, {
        resource: a.targetId,
        expected,
        actual: { association: a.policyId },
      });
    }
    const missing = wanted.filter((name) => !p.standards.some((arn) => isStandard(arn, name)));
    const actual = {
      policy: p.name,
      serviceEnabled: p.serviceEnabled,
      standards: p.standards,
      associationStatus: a.status,
    };
    const problems = [
      ...(p.serviceEnabled ? [] : ['it turns Security Hub off']),
      ...(missing.length > 0 ? [`it does not enable ${missing.join(', ')}`] : []),
      ...(a.status === 'FAILED' ? ['its association with the root failed'] : []),
    ];
    return problems.length > 0
      ? fail(`the root's configuration policy ${p.name} falls short: ${problems.join('; ')}`, {
          resource: p.arn,
          expected,
          actual,
        })
      : pass(`the root's configuration policy ${p.name} enables Security Hub with ${wanted.join(', ')}`, {
          resource: p.arn,
          actual,
        });
  },
});

/** The central configuration family. */
export const CENTRAL_CONTROLS: readonly Control[] = [findingAggregator, rootConfigurationPolicy];
