/** The AWS Organizations service module: the organization collector, its controls and role hints. */
import { SERVICES } from '../../catalog/services.js';
import type { InventoryHeader } from '../../observe/view.js';
import type { RoleHint } from '../../verify/roles.js';
import { defineServiceModule } from '../types.js';
import {
  accountsFromOrganization,
  organizationIdFrom,
  organizationSliceOf,
  organizationsCollector,
} from './collect.js';
import { ORGANIZATIONS_CONTROLS } from './controls.js';

export * from './collect.js';
export { ORGANIZATIONS_CONTROLS } from './controls.js';

/** Service principal → the SRA role of its delegated administrator (from the service catalog). */
const ADMIN_ROLE_BY_PRINCIPAL: ReadonlyMap<string, RoleHint['role']> = new Map(
  SERVICES.flatMap((s) => {
    const role = s.delegatedAdmin?.adminAccountRole;
    if (!role || role === 'management' || role === 'workload') return [];
    return s.servicePrincipals.map((p) => [p, role] as const);
  }),
);

/**
 * Role evidence from delegated-administrator registrations: an account registered for a service the
 * SRA administers from security tooling (GuardDuty, Config, …) is likely security tooling, one
 * registered for Identity Center or Systems Manager likely shared services, one for Security Lake
 * likely log archive. Weight 10 per registration.
 */
export function organizationRoleHints(inventory: InventoryHeader): RoleHint[] {
  const slice = organizationSliceOf(inventory.organization);
  if (!slice?.delegatedAdmins.ok) return [];
  const hints: RoleHint[] = [];
  for (const d of slice.delegatedAdmins.value) {
    const role = ADMIN_ROLE_BY_PRINCIPAL.get(d.principal);
    if (role)
      hints.push({
        role,
        account: d.account,
        weight: 10,
        reason: `delegated administrator of ${d.principal}`,
      });
  }
  return hints;
}

/**
 * How the verify engine learns the account list and organization id from the collected slices
 * (`VerifyOptions.organizationReader`).
 */
export const organizationReader = {
  accounts: accountsFromOrganization,
  organizationId: organizationIdFrom,
};

/** AWS Organizations: structure, guardrail policy types, trusted access, delegated administrators. */
export const organizationsModule = defineServiceModule({
  id: 'organizations',
  collectors: [organizationsCollector],
  controls: ORGANIZATIONS_CONTROLS,
  roleHints: organizationRoleHints,
});
