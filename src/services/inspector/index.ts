/**
 * The Amazon Inspector service module: the collectors of `collect.ts` and the control families of
 * `controls/` (per-account scanning, organization and administrator). Its role hint names the Region's
 * Inspector administrator as the security tooling account when verify runs without a blueprint.
 */
import type { InventoryHeader } from '../../observe/view.js';
import type { RoleHint } from '../../verify/roles.js';
import { adminRoleHints } from '../securityhub/shared.js';
import { defineServiceModule } from '../types.js';
import { INSPECTOR_ADMINS, inspectorAdminsCollector, inspectorCollector } from './collect.js';
import { ORGANIZATION_CONTROLS } from './controls/organization.js';
import { SCANNING_CONTROLS } from './controls/scanning.js';

export * from './collect.js';

/** Every Inspector control, in report order. */
export const INSPECTOR_CONTROLS = [...ORGANIZATION_CONTROLS, ...SCANNING_CONTROLS];

/** Role evidence from Inspector: its delegated administrator is the security tooling account. */
export function inspectorRoleHints(inventory: InventoryHeader): RoleHint[] {
  return adminRoleHints(inventory, INSPECTOR_ADMINS, 'Amazon Inspector');
}

/** Amazon Inspector: collectors, controls and role evidence. */
export const inspectorModule = defineServiceModule({
  id: 'inspector',
  collectors: [inspectorAdminsCollector, inspectorCollector],
  controls: INSPECTOR_CONTROLS,
  roleHints: inspectorRoleHints,
});
