/**
 * AWS Config controls, family "organization": the delegated administrator (security tooling) and the
 * organization aggregator it holds in the home Region — present, over all Regions, and healthy.
 */
import type { EvalContext, Outcome } from '../../verify/types.js';
import { defineControl, fail, notApplicable, pass, type Control } from '../../verify/types.js';
import { ORGANIZATIONS_COLLECTOR_ID } from '../organizations/collect.js';
import { adminIsSecurityTooling, delegatedAdminsFor } from '../cloudtrail/controls-admin.js';
import {
  CONFIG_AGGREGATORS,
  CONFIG_PRINCIPAL,
  type AggregatorInfo,
  type ConfigAggregatorsSlice,
} from './collect.js';

const BLUEPRINT_AGGREGATOR = 'assurance.config.aggregator';

const aggregatorBase = {
  capabilities: ['security-assurance'],
  principles: ['enable-traceability', 'automate-security-best-practices'],
  appliesTo: ['security-tooling'],
  scope: 'account',
  service: 'config',
  uses: [CONFIG_AGGREGATORS],
} as const satisfies Partial<Control>;

/** NOT_APPLICABLE when the blueprint turns Config or its aggregator off. */
function aggregatorNotWanted(ctx: EvalContext): Outcome | undefined {
  const cfg = ctx.blueprint?.assurance.config;
  if (cfg && !cfg.enabled)
    return notApplicable('the blueprint turns AWS Config off (assurance.config.enabled: false)');
  if (cfg && !cfg.aggregator.enabled) {
    return notApplicable(
      `the blueprint turns the organization aggregator off (${BLUEPRINT_AGGREGATOR}.enabled: false)`,
    );
  }
  return undefined;
}

/**
 * The organization aggregators of the account being evaluated (with why there are none, when the
 * account is not one where an organization aggregator can live), or an outcome that ends the evaluation.
 */
function orgAggregators(ctx: EvalContext): { aggs: AggregatorInfo[]; notAdmin: boolean } | Outcome {
  const skip = aggregatorNotWanted(ctx);
  if (skip) return skip;
  const slice = ctx.accountSlice<ConfigAggregatorsSlice>(CONFIG_AGGREGATORS);
  if (slice && !slice.aggregators) return { aggs: [], notAdmin: true };
  const aggs = ctx.need(slice?.aggregators, 'Config aggregators').filter((a) => a.organizationSource);
  return { aggs, notAdmin: false };
}

const NO_AGGREGATOR = 'there is no organization aggregator (see config.org-aggregator-exists)';

/** The security tooling account holds an organization aggregator. */
export const orgAggregatorExists = defineControl({
  ...aggregatorBase,
  id: 'config.org-aggregator-exists',
  title: 'The security tooling account has an AWS Config organization aggregator in the home Region',
  severity: 'medium',
  refs: { sraVerify: ['SRA-CONFIG-04'] },
  risk:
    'Without an organization aggregator the security team cannot query configuration and compliance ' +
    'across accounts and Regions from one place.',
  remediation: {
    blueprint: `${BLUEPRINT_AGGREGATOR}.enabled`,
    manual:
      'From the security tooling account, home Region: `aws configservice put-configuration-aggregator ' +
      '--organization-aggregation-source RoleArn=…,AllAwsRegions=true`.',
  },
  evaluate(ctx) {
    const found = orgAggregators(ctx);
    if (!('aggs' in found)) return found;
    const { aggs, notAdmin } = found;
    if (notAdmin) {
      return fail(
        'this account is not a Config delegated administrator, so it holds no organization aggregator',
        {
          expected: 'an organization aggregator in the security tooling account',
          actual: 'not a delegated administrator of config.amazonaws.com',
        },
      );
    }
    return aggs.length > 0
      ? pass(`organization aggregator ${aggs.map((a) => a.name).join(', ')}`, {
          resource: aggs[0]!.arn,
          actual: aggs.map((a) => a.name),
        })
      : fail(`no organization aggregator in ${ctx.inventory.homeRegion}`, {
          expected: 'an aggregator with an organization source',
          actual: 'none',
        });
  },
});

/** The organization aggregator covers every Region. */
export const orgAggregatorAllRegions = defineControl({
  ...aggregatorBase,
  id: 'config.org-aggregator-all-regions',
  title: 'The Config organization aggregator covers all AWS Regions',
  severity: 'low',
  refs: { sraVerify: ['SRA-CONFIG-05'] },
  risk:
    'An aggregator limited to some Regions hides resources created elsewhere — including Regions ' +
    'enabled later.',
  remediation: {
    blueprint: `${BLUEPRINT_AGGREGATOR}.enabled`,
    manual: 'Update the aggregator with `AllAwsRegions=true` in its organization aggregation source.',
  },
  evaluate(ctx) {
    const found = orgAggregators(ctx);
    if (!('aggs' in found)) return found;
    const { aggs } = found;
    if (aggs.length === 0) return notApplicable(NO_AGGREGATOR);
    return aggs.map((a) =>
      a.organizationSource!.allAwsRegions
        ? pass(`${a.name} aggregates all Regions`, { resource: a.arn })
        : fail(`${a.name} aggregates only ${a.organizationSource!.awsRegions.join(', ') || 'no Region'}`, {
            resource: a.arn,
            expected: { allAwsRegions: true },
            actual: {
              allAwsRegions: false,
              awsRegions: a.organizationSource!.awsRegions,
              missingGovernedRegions: ctx.inventory.governedRegions.filter(
                (r) => !a.organizationSource!.awsRegions.includes(r),
              ),
            },
          }),
    );
  },
});

/** The organization aggregator is healthy. */
export const orgAggregatorHealthy = defineControl({
  ...aggregatorBase,
  id: 'config.org-aggregator-healthy',
  title: 'The Config organization aggregator collects from its sources without errors',
  severity: 'medium',
  refs: { sraVerify: ['SRA-CONFIG-09'] },
  risk:
    'An aggregator whose sources fail (trusted access or delegation removed, role missing) shows stale ' +
    'or empty data while looking configured.',
  remediation: {
    blueprint: `${BLUEPRINT_AGGREGATOR}.enabled`,
    manual:
      'Check `aws configservice describe-configuration-aggregator-sources-status`: trusted access for ' +
      'config.amazonaws.com, the delegated administrator registration and the aggregator role.',
  },
  evaluate(ctx) {
    const found = orgAggregators(ctx);
    if (!('aggs' in found)) return found;
    const { aggs } = found;
    if (aggs.length === 0) return notApplicable(NO_AGGREGATOR);
    return aggs.map((a) => {
      const sources = ctx.need(a.sourcesStatus, `source status of ${a.name}`);
      const failed = sources.filter((s) => s.status === 'FAILED');
      if (failed.length > 0) {
        return fail(`${a.name}: ${failed.length} source(s) failed`, {
          resource: a.arn,
          expected: { failedSources: 0 },
          actual: failed.map((s) => ({ source: s.sourceId, region: s.region, error: s.errorCode })),
        });
      }
      return pass(`${a.name}: ${sources.length} source(s), none failed`, { resource: a.arn });
    });
  },
});

const adminBase = {
  capabilities: ['security-assurance', 'security-governance'],
  principles: ['strong-identity-foundation', 'automate-security-best-practices'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'config',
  uses: [ORGANIZATIONS_COLLECTOR_ID],
} as const satisfies Partial<Control>;

/** Config has a delegated administrator. */
export const configDelegatedAdminSet = defineControl({
  ...adminBase,
  id: 'config.delegated-admin-set',
  title: 'AWS Config has a delegated administrator',
  severity: 'medium',
  refs: { sraVerify: ['SRA-CONFIG-07'] },
  risk:
    'Without a delegated administrator the organization aggregator and organization rules must live in ' +
    'the management account, which the SRA keeps free of day-to-day work.',
  remediation: {
    blueprint: 'accounts.securityTooling',
    manual:
      'From the management account: `aws organizations register-delegated-administrator --account-id ' +
      '<security-tooling> --service-principal config.amazonaws.com`.',
  },
  evaluate(ctx) {
    const admins = delegatedAdminsFor(ctx, CONFIG_PRINCIPAL);
    return admins.length > 0
      ? pass(`AWS Config is administered by ${admins.join(', ')}`, { actual: admins })
      : fail('AWS Config has no delegated administrator', {
          expected: 'the security tooling account',
          actual: 'none',
        });
  },
});

/** The Config delegated administrator is the security tooling account. */
export const configDelegatedAdminIsSecurityTooling = defineControl({
  ...adminBase,
  id: 'config.delegated-admin-security-tooling',
  title: 'The AWS Config delegated administrator is the security tooling account',
  severity: 'medium',
  refs: { sraVerify: ['SRA-CONFIG-08'] },
  risk: 'Organization-wide configuration data administered from another account escapes the security team.',
  remediation: {
    blueprint: 'accounts.securityTooling',
    manual:
      'Deregister the other account for config.amazonaws.com and register the security tooling account.',
  },
  evaluate: (ctx) => adminIsSecurityTooling(ctx, CONFIG_PRINCIPAL, 'config.delegated-admin-set'),
});

/** Every control of the organization family. */
export const CONFIG_ORG_CONTROLS: readonly Control[] = [
  orgAggregatorExists,
  orgAggregatorAllRegions,
  orgAggregatorHealthy,
  configDelegatedAdminSet,
  configDelegatedAdminIsSecurityTooling,
];
