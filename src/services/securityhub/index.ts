/**
 * The AWS Security Hub service module: the collectors of `collect.ts` and the control families of
 * `controls/` (per-account hub and standards, organization and administrator, central configuration). Its
 * role hint names the Region's Security Hub administrator as the security tooling account when verify runs
 * without a blueprint.
 */
import type { InventoryHeader } from '../../observe/view.js';
import type { RoleHint } from '../../verify/roles.js';
import { defineServiceModule } from '../types.js';
import { SECURITY_HUB_ADMINS, securityHubAdminsCollector, securityHubCollector } from './collect.js';
import { CENTRAL_CONTROLS } from './controls/central.js';
import { HUB_CONTROLS } from './controls/hub.js';
import { ORGANIZATION_CONTROLS } from './controls/organization.js';
import { adminRoleHints } from './shared.js';

export * from './collect.js';

/** Every Security Hub control, in report order. */
export const SECURITY_HUB_CONTROLS = [...ORGANIZATION_CONTROLS, ...CENTRAL_CONTROLS, ...HUB_CONTROLS];

/** Role evidence from Security Hub: its delegated administrator is the security tooling account. */
export function securityHubRoleHints(inventory: InventoryHeader): RoleHint[] {
  return adminRoleHints(inventory, SECURITY_HUB_ADMINS, 'Security Hub');
}

/** AWS Security Hub: collectors, controls and role evidence. */
export const securityHubModule = defineServiceModule({
  id: 'security-hub',
  collectors: [securityHubAdminsCollector, securityHubCollector],
  controls: SECURITY_HUB_CONTROLS,
  roleHints: securityHubRoleHints,
});
