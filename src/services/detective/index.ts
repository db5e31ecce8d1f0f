/**
 * The Amazon Detective service module (optional in the SRA): collectors of `collect.ts`, controls of
 * `controls.ts`, and a role hint naming the Detective administrator as the security tooling account.
 */
import type { InventoryHeader } from '../../observe/view.js';
import type { RoleHint } from '../../verify/roles.js';
import { defineServiceModule } from '../types.js';
import {
  DETECTIVE_ADMINS,
  detectiveAdminOf,
  detectiveAdminsCollector,
  detectiveCollector,
  type DetectiveAdminsSlice,
} from './collect.js';
import { DETECTIVE_CONTROLS } from './controls.js';

export * from './collect.js';
export { DETECTIVE_CONTROLS, DETECTIVE_KEY } from './controls.js';

/** Role evidence: the Detective administrator (other than the management account) is security tooling. */
export function detectiveRoleHints(inventory: InventoryHeader): RoleHint[] {
  const slice = inventory.organization[DETECTIVE_ADMINS] as DetectiveAdminsSlice | undefined;
  const regions = new Map<string, string[]>();
  for (const region of inventory.governedRegions) {
    const admin = detectiveAdminOf(slice, region)?.accountId;
    if (!admin || admin === inventory.managementAccountId) continue;
    regions.set(admin, [...(regions.get(admin) ?? []), region]);
  }
  return [...regions].map(([account, rs]) => ({
    role: 'security-tooling',
    account,
    weight: 10,
    reason: `Detective administrator in ${rs.join(', ')}`,
  }));
}

/** Amazon Detective: collectors, controls and role evidence. */
export const detectiveModule = defineServiceModule({
  id: 'detective',
  collectors: [detectiveAdminsCollector, detectiveCollector],
  controls: DETECTIVE_CONTROLS,
  roleHints: detectiveRoleHints,
});
