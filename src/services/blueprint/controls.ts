/**
 * Conformance to the blueprint: with `sra verify --blueprint`, the organization is also checked against
 * what the blueprint says it is (its id, accounts, OUs, placement and Regions). Without a blueprint these
 * controls are NOT_APPLICABLE. The service controls check the SRA itself; these check the blueprint's
 * description of the organization, so a plan built from it will not aim at accounts that are not there.
 */
import { accountPlacement, accountRoles } from '../../blueprint/index.js';
import { organizationSliceOf } from '../organizations/collect.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../verify/types.js';

const NO_BLUEPRINT = 'verify ran without a blueprint (--blueprint sra.yaml)';

const common = {
  service: 'organizations',
  scope: 'organization',
  appliesTo: ['management'],
  capabilities: ['security-governance'],
  principles: ['automate-security-best-practices'],
  uses: ['organizations'],
} as const;

function organization(ctx: EvalContext) {
  const slice = organizationSliceOf(ctx.inventory.organization);
  return {
    description: ctx.need(slice?.organization, 'the organization (organizations:DescribeOrganization)'),
    accounts: () => ctx.need(slice?.accounts, 'the accounts (organizations:ListAccountsForParent)'),
    ous: () => ctx.need(slice?.ous, 'the OUs (organizations:ListOrganizationalUnitsForParent)'),
  };
}

/** The organization is the one the blueprint pins. */
export const blueprintOrganization = defineControl({
  ...common,
  id: 'blueprint.organization-matches',
  title: 'The organization and management account are the ones the blueprint pins',
  severity: 'critical',
  refs: {},
  risk: 'A plan built from this blueprint would be applied to the wrong organization.',
  remediation: {
    blueprint: 'organization.id',
    manual:
      'Run with the management account credentials of the organization the blueprint describes, or fix organization.id / organization.managementAccount.',
  },
  evaluate: (ctx) => {
    const bp = ctx.blueprint;
    if (!bp) return notApplicable(NO_BLUEPRINT);
    const { description } = organization(ctx);
    const expected = {
      id: bp.organization.id ?? description.id,
      managementAccount: bp.organization.managementAccount,
    };
    const actual = { id: description.id, managementAccount: description.managementAccountId };
    return expected.id === actual.id && expected.managementAccount === actual.managementAccount
      ? pass(`organization ${actual.id} with management account ${actual.managementAccount}`, {
          resource: description.arn,
        })
      : fail('the organization differs from the blueprint', { resource: description.arn, expected, actual });
  },
});

/** Every account the blueprint names exists in the organization and is active. */
export const blueprintAccounts = defineControl({
  ...common,
  id: 'blueprint.accounts-present',
  title: 'Every account the blueprint names is an active member of the organization',
  severity: 'high',
  refs: {},
  risk: 'Controls and changes aimed at a missing or suspended account silently cover nothing.',
  remediation: {
    blueprint: 'accounts',
    manual: 'Invite or create the account, or remove it from the blueprint.',
  },
  evaluate: (ctx) => {
    const bp = ctx.blueprint;
    if (!bp) return notApplicable(NO_BLUEPRINT);
    const members = new Map(
      organization(ctx)
        .accounts()
        .map((a) => [a.id, a]),
    );
    return [...accountRoles(bp).entries()].map(([id, roles]): Outcome => {
      const a = members.get(id);
      const label = `${id} (${roles.join(', ')})`;
      if (!a)
        return fail(`account ${label} is not in the organization`, {
          resource: id,
          expected: 'ACTIVE member',
          actual: 'absent',
        });
      return a.status === 'ACTIVE'
        ? pass(`account ${label} is an active member`, { resource: id })
        : fail(`account ${label} is ${a.status}`, { resource: id, expected: 'ACTIVE', actual: a.status });
    });
  },
});

/** Every OU the blueprint describes exists, and accounts sit where the blueprint places them. */
export const blueprintPlacement = defineControl({
  ...common,
  id: 'blueprint.ou-placement',
  title: 'The OUs the blueprint describes exist and hold the accounts it places in them',
  severity: 'medium',
  refs: {},
  risk: 'Policies attached to OUs (SCPs, RCPs) do not reach accounts placed elsewhere.',
  remediation: {
    blueprint: 'organization.organizationalUnits',
    manual: 'Create the OU or move the account (Organizations console → AWS accounts → Move).',
  },
  evaluate: (ctx) => {
    const bp = ctx.blueprint;
    if (!bp) return notApplicable(NO_BLUEPRINT);
    const org = organization(ctx);
    const ous = org.ous();
    const accounts = org.accounts();
    const out: Outcome[] = [];
    for (const ou of bp.organization.organizationalUnits) {
      const found = ous.find(
        (o) =>
          o.name === ou.name && (ou.parent === undefined ? o.path.length === 1 : o.path.at(-2) === ou.parent),
      );
      out.push(
        found
          ? pass(`OU ${ou.name} exists`, { resource: found.arn })
          : fail(`OU ${ou.name} does not exist`, {
              resource: `ou/${ou.name}`,
              expected: ou.parent ? `${ou.parent}/${ou.name}` : ou.name,
              actual: 'absent',
            }),
      );
    }
    for (const [id, ouName] of accountPlacement(bp)) {
      const a = accounts.find((x) => x.id === id);
      if (!a) continue; // reported by blueprint.accounts-present
      const parent = ous.find((o) => o.id === a.parentId);
      const actual = parent ? parent.name : 'Root';
      out.push(
        actual === ouName
          ? pass(`account ${id} is in OU ${ouName}`, { resource: id })
          : fail(`account ${id} is in ${actual}, the blueprint places it in ${ouName}`, {
              resource: id,
              expected: ouName,
              actual,
            }),
      );
    }
    return out.length ? out : notApplicable('the blueprint places no accounts in OUs');
  },
});

/** Every governed Region is enabled in every account. */
export const blueprintRegions = defineControl({
  ...common,
  id: 'blueprint.regions-enabled',
  title: 'Every governed Region is enabled in every account',
  severity: 'high',
  capabilities: ['security-governance', 'threat-detection'],
  refs: {},
  risk: 'Security services cannot run in a Region an account has not enabled, so the Region is unwatched there.',
  remediation: {
    blueprint: 'organization.governedRegions',
    manual:
      'Enable the Region for the account (Account console → AWS Regions, or account:EnableRegion from the management account), or remove it from governedRegions.',
  },
  evaluate: (ctx) => {
    if (!ctx.blueprint) return notApplicable(NO_BLUEPRINT);
    const disabled = ctx.inventory.unreachable.filter((u) => u.kind === 'region-disabled');
    return disabled.length === 0
      ? pass(`all ${ctx.inventory.governedRegions.length} governed Regions are enabled in every account`)
      : disabled.map((d) =>
          fail(`Region ${d.region} is not enabled in account ${d.account}`, {
            resource: `${d.account}/${d.region}`,
            expected: 'enabled',
            actual: 'not enabled',
          }),
        );
  },
});

/** The blueprint conformance controls. */
export const blueprintControls: readonly Control[] = [
  blueprintOrganization,
  blueprintAccounts,
  blueprintPlacement,
  blueprintRegions,
];
