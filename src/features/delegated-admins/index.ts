/**
 * Feature `delegated-admins`: trusted access and delegated administrators for every service the blueprint
 * turns on, per Region where the service is designated per Region, through each service's own admin API
 * where it has one (SRA.md §3 step 1), plus centralized root access management.
 */
import { defineFeature } from '../../engine/types.js';
import { DELEGATED_ADMIN_OPS, FEATURE_ID } from './ops.js';
import { destroyDelegatedAdmins, planDelegatedAdmins } from './plan.js';

export { DELEGATED_ADMIN_OPS, FEATURE_ID } from './ops.js';
export { CONTROL_TOWER_PRINCIPALS, destroyDelegatedAdmins, planDelegatedAdmins } from './plan.js';
export { ADMIN_SERVICES, designationsFor, type AdminServiceSpec, type Designation } from './services.js';

/** The `delegated-admins` feature. */
export const delegatedAdminsFeature = defineFeature({
  id: FEATURE_ID,
  title: 'Trusted access and delegated administrators',
  // The planner reads these services' state only in the management account and in administrator accounts.
  needs: [
    'organizations',
    'iam',
    ...[
      'guardduty',
      'security-hub',
      'inspector',
      'macie',
      'detective',
      'audit-manager',
      'firewall-manager',
    ].map((module) => ({ module, accounts: 'admin' as const })),
  ],
  ops: DELEGATED_ADMIN_OPS,
  plan: planDelegatedAdmins,
  destroy: destroyDelegatedAdmins,
});
