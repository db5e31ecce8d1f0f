/** The S3 service module: account Block Public Access, bucket ownership, central log bucket settings. */
import type { InventoryLike } from '../../observe/view.js';
import type { RoleHint } from '../../verify/roles.js';
import { orgTrailBuckets } from '../cloudtrail/collect.js';
import { defineServiceModule } from '../types.js';
import { s3Collector, s3SliceOf } from './collect.js';
import { ACCOUNT_BPA_CONTROLS } from './controls.js';
import { LOG_BUCKET_CONTROLS } from './controls-log-buckets.js';

/** The account that owns an organization trail's bucket is the log archive. */
export function s3RoleHints(inventory: InventoryLike): RoleHint[] {
  const trailBuckets = new Set(orgTrailBuckets(inventory.organization));
  if (trailBuckets.size === 0) return [];
  const hints: RoleHint[] = [];
  for (const a of inventory.accounts) {
    if (a.id === inventory.managementAccountId) continue;
    const d = s3SliceOf(inventory, a.id)?.buckets;
    const owned = d?.ok ? d.value.filter((b) => trailBuckets.has(b.name)).map((b) => b.name) : [];
    if (owned.length > 0) {
      hints.push({
        role: 'log-archive',
        account: a.id,
        weight: 10,
        reason: `owns the organization trail's bucket ${owned.join(', ')}`,
      });
    }
  }
  return hints;
}

/** S3: account-level Block Public Access everywhere and the log archive's central buckets. */
export const s3Module = defineServiceModule({
  id: 's3',
  collectors: [s3Collector],
  controls: [...ACCOUNT_BPA_CONTROLS, ...LOG_BUCKET_CONTROLS],
  roleHints: s3RoleHints,
});
