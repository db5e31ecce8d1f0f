/**
 * IAM Identity Center controls. Identity Center is optional in the blueprint (`identity.identityCenter`):
 * when no organization instance exists and the blueprint does not ask for one, the controls are not
 * applicable and say how to adopt it; otherwise the organization instance must exist and be active, and
 * be administered from the management account or a delegated administrator in the shared services
 * account (the SRA's choice), never from another account.
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html
 */
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../verify/types.js';
import { MissingData } from '../../verify/types.js';
import { ORGANIZATIONS_COLLECTOR_ID, type OrganizationSlice } from '../organizations/collect.js';
import {
  IDENTITY_CENTER_COLLECTOR_ID,
  type IdentityCenterInstance,
  type IdentityCenterSlice,
} from './collect.js';

/** Identity Center's service principal. */
export const SSO_PRINCIPAL = 'sso.amazonaws.com';

const ADOPT = 'Identity Center is not in use; adopt it with identity.identityCenter in the blueprint';

/**
 * The organization instance (owned by the management account) and its Region, `null` when none was
 * seen. A Region whose read failed makes the answer unknown (MissingData → ERROR) only when no Region
 * shows the instance.
 */
function organizationInstance(ctx: EvalContext): { region: string; instance: IdentityCenterInstance } | null {
  const slice = ctx.org<IdentityCenterSlice>(IDENTITY_CENTER_COLLECTOR_ID);
  if (!slice) throw new MissingData('the IAM Identity Center instances', undefined);
  let failed: MissingData | undefined;
  for (const [region, d] of Object.entries(slice.byRegion)) {
    if (!d.ok) {
      failed ??= new MissingData(`the IAM Identity Center instances in ${region}`, d.error);
      continue;
    }
    const instance = d.value.find((i) => i.owner === ctx.inventory.managementAccountId);
    if (instance) return { region, instance };
  }
  if (failed) throw failed;
  return null;
}

const BASE = {
  severity: 'medium',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'iam-identity-center',
  refs: {},
} as const;

/** The organization instance exists and is active (when Identity Center is in use or requested). */
export const organizationInstanceActive: Control = defineControl({
  ...BASE,
  id: 'iam-identity-center.organization-instance',
  title: 'IAM Identity Center has an active organization instance',
  risk:
    'Without a central identity source, people reach accounts through IAM users and long-lived keys created ' +
    'account by account, which nobody can review or revoke in one place.',
  remediation: {
    blueprint: 'identity.identityCenter',
    manual:
      'Management account → IAM Identity Center console → Enable (organization instance), in the home Region.',
  },
  uses: [IDENTITY_CENTER_COLLECTOR_ID],
  evaluate(ctx): Outcome {
    const found = organizationInstance(ctx);
    const requested = ctx.blueprint?.identity.identityCenter !== undefined;
    if (!found) {
      return requested
        ? fail(
            'the blueprint asks for IAM Identity Center but no organization instance exists in a governed Region',
            {
              expected: 'an ACTIVE organization instance',
              actual: null,
            },
          )
        : notApplicable(ADOPT);
    }
    const { region, instance } = found;
    return instance.status === 'ACTIVE'
      ? pass(`organization instance ${instance.arn} is active in ${region}`, { resource: instance.arn })
      : fail(`organization instance ${instance.arn} in ${region} is ${instance.status}`, {
          resource: instance.arn,
          expected: { status: 'ACTIVE' },
          actual: { status: instance.status },
        });
  },
});

/** Identity Center is administered from the management account or shared services. */
export const delegatedAdministrator: Control = defineControl({
  ...BASE,
  id: 'iam-identity-center.delegated-admin',
  title: 'IAM Identity Center is administered from the shared services account (or the management account)',
  risk:
    'Whoever administers Identity Center decides who gets into every account; delegated to a workload or ' +
    'security account, that power sits with people who should not hold it.',
  remediation: {
    blueprint: 'identity.identityCenter.delegatedAdministrator',
    manual:
      'Management account: aws organizations register-delegated-administrator --service-principal sso.amazonaws.com ' +
      '--account-id <shared services>, and deregister any other account.',
  },
  uses: [IDENTITY_CENTER_COLLECTOR_ID, ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx): Outcome {
    const found = organizationInstance(ctx);
    const wanted = ctx.blueprint?.identity.identityCenter?.delegatedAdministrator;
    if (!found && wanted === undefined) return notApplicable(ADOPT);
    const org = ctx.org<OrganizationSlice>(ORGANIZATIONS_COLLECTOR_ID);
    const admins = ctx
      .need(org?.delegatedAdmins, 'the delegated administrators')
      .filter((d) => d.principal === SSO_PRINCIPAL)
      .map((d) => d.account);
    const shared = ctx.roleAccounts['shared-services'] ?? [];
    const resource = found?.instance.arn ?? SSO_PRINCIPAL;
    if (wanted === 'none') {
      return admins.length === 0
        ? pass('Identity Center is administered from the management account, as the blueprint says', {
            resource,
          })
        : fail(
            `Identity Center is delegated to ${admins.join(', ')}; the blueprint keeps it in the management account`,
            {
              resource,
              expected: { delegatedAdministrator: 'none' },
              actual: { delegatedAdministrator: admins },
            },
          );
    }
    if (wanted === 'shared-services' && admins.length === 0) {
      return fail(
        'Identity Center has no delegated administrator; the blueprint wants the shared services account',
        {
          resource,
          expected: { delegatedAdministrator: shared.length ? shared : 'the shared services account' },
          actual: { delegatedAdministrator: 'none (management account)' },
        },
      );
    }
    if (admins.length === 0)
      return pass('Identity Center is administered from the management account', { resource });
    const wrong = admins.filter((a) => !shared.includes(a));
    return wrong.length === 0
      ? pass(`Identity Center is delegated to the shared services account ${admins.join(', ')}`, { resource })
      : fail(
          `Identity Center is delegated to ${wrong.join(', ')}, which is not the shared services account`,
          {
            resource,
            expected: {
              delegatedAdministrator: shared.length ? shared : 'the shared services account or none',
            },
            actual: { delegatedAdministrator: admins },
          },
        );
  },
});

/** Every Identity Center control. */
export const IDENTITY_CENTER_CONTROLS: readonly Control[] = [
  organizationInstanceActive,
  delegatedAdministrator,
];
