/**
 * The `cloudtrail` feature (capability threat detection): the organization trail of the management
 * account — multi-Region, global service events, log file validation, SSE-KMS with the central log key,
 * delivered to the central log bucket, optionally to CloudWatch Logs and with S3/Lambda data events —
 * logging. Beside a Control Tower trail it records data events only (or is not planned at all).
 */
import { defineFeature } from '../../engine/types.js';
import { CLOUDTRAIL } from './desired.js';
import { CLOUDTRAIL_OPS } from './ops.js';
import { destroyCloudTrail, planCloudTrail } from './plan.js';

export { CLOUDTRAIL, CLOUDWATCH_ROLE_NAME } from './desired.js';
export { CLOUDTRAIL_OPS } from './ops.js';

/** The organization trail. */
export const cloudtrailFeature = defineFeature({
  id: CLOUDTRAIL,
  title: 'CloudTrail organization trail',
  needs: ['cloudtrail', 'organizations'],
  ops: CLOUDTRAIL_OPS,
  plan: planCloudTrail,
  destroy: (ctx) => destroyCloudTrail(ctx),
});
