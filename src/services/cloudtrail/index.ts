/** The CloudTrail service module: the organization trail collector and its controls. */
import { defineServiceModule } from '../types.js';
import { cloudTrailCollector } from './collect.js';
import { ORG_TRAIL_CONTROLS } from './controls.js';
import { CLOUDTRAIL_ADMIN_CONTROLS } from './controls-admin.js';

/** CloudTrail: organization trail, its delivery, its delegated administrator and data events. */
export const cloudtrailModule = defineServiceModule({
  id: 'cloudtrail',
  collectors: [cloudTrailCollector],
  controls: [...ORG_TRAIL_CONTROLS, ...CLOUDTRAIL_ADMIN_CONTROLS],
});
