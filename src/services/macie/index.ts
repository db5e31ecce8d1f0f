/**
 * The Amazon Macie service module: the collectors of `collect.ts` and the control families of `controls/`
 * (per-account session, publication and results export; organization and administrator). Its role hint
 * names the Region's Macie administrator as the security tooling account when verify runs without a
 * blueprint.
 */
import type { InventoryHeader } from '../../observe/view.js';
import type { RoleHint } from '../../verify/roles.js';
import { adminRoleHints } from '../securityhub/shared.js';
import { defineServiceModule } from '../types.js';
import { MACIE_ADMINS, macieAdminsCollector, macieCollector } from './collect.js';
import { ACCOUNT_CONTROLS } from './controls/account.js';
import { ORGANIZATION_CONTROLS } from './controls/organization.js';

export * from './collect.js';

/** Every Macie control, in report order. */
export const MACIE_CONTROLS = [...ORGANIZATION_CONTROLS, ...ACCOUNT_CONTROLS];

/** Role evidence from Macie: its delegated administrator is the security tooling account. */
export function macieRoleHints(inventory: InventoryHeader): RoleHint[] {
  return adminRoleHints(inventory, MACIE_ADMINS, 'Amazon Macie');
}

/** Amazon Macie: collectors, controls and role evidence. */
export const macieModule = defineServiceModule({
  id: 'macie',
  collectors: [macieAdminsCollector, macieCollector],
  controls: MACIE_CONTROLS,
  roleHints: macieRoleHints,
});
