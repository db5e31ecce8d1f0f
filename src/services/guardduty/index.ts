/**
 * The GuardDuty service module: the collectors of `collect.ts` and the control families of `controls/`
 * (detector, protection plans, organization, findings export). Its role hint names the Region's
 * delegated administrator as the security tooling account when verify runs without a blueprint.
 */
import type { InventoryHeader } from '../../observe/view.js';
import type { RoleHint } from '../../verify/roles.js';
import { defineServiceModule } from '../types.js';
import {
  GUARDDUTY_ADMINS,
  guardDutyAdminOf,
  guardDutyAdminsCollector,
  guardDutyCollector,
  type GuardDutyAdminsSlice,
} from './collect.js';
import { DETECTOR_CONTROLS } from './controls/detector.js';
import { EXPORT_CONTROLS } from './controls/export.js';
import { ORGANIZATION_CONTROLS } from './controls/organization.js';
import { PROTECTION_PLAN_CONTROLS } from './controls/protection-plans.js';

export * from './collect.js';

/** Every GuardDuty control, in report order. */
export const GUARDDUTY_CONTROLS = [
  ...ORGANIZATION_CONTROLS,
  ...DETECTOR_CONTROLS,
  ...PROTECTION_PLAN_CONTROLS,
  ...EXPORT_CONTROLS,
];

/**
 * Role evidence from GuardDuty: the delegated administrator (other than the management account) is
 * the security tooling account. One hint per account, listing the Regions it administers.
 */
export function guardDutyRoleHints(inventory: InventoryHeader): RoleHint[] {
  const slice = inventory.organization[GUARDDUTY_ADMINS] as GuardDutyAdminsSlice | undefined;
  const regions = new Map<string, string[]>();
  for (const region of inventory.governedRegions) {
    const admin = guardDutyAdminOf(slice, region);
    if (!admin || admin === inventory.managementAccountId) continue;
    regions.set(admin, [...(regions.get(admin) ?? []), region]);
  }
  return [...regions].map(([account, rs]) => ({
    role: 'security-tooling',
    account,
    weight: 10,
    reason: `GuardDuty delegated administrator in ${rs.join(', ')}`,
  }));
}

/** Amazon GuardDuty: collectors, controls and role evidence. */
export const guarddutyModule = defineServiceModule({
  id: 'guardduty',
  collectors: [guardDutyAdminsCollector, guardDutyCollector],
  controls: GUARDDUTY_CONTROLS,
  roleHints: guardDutyRoleHints,
});
