/**
 * The `organizations` feature: AWS Organizations as the SRA wants it — all features, the guardrail policy
 * types on the root, the blueprint's OUs, accounts in the OUs the blueprint places them in, and the
 * SCPs and RCPs (built-in or from files) attached to their targets. It runs first: every other feature
 * waits for {@link ORGANIZATION_READY}.
 */
import { defineFeature, type Feature } from '../../engine/types.js';
import { ORGANIZATION_READY } from '../provides.js';
import { ORGANIZATIONS_OPS } from './ops.js';
import { destroyOrganizations, FEATURE_ID, planOrganizations } from './plan.js';

export { ORGANIZATION_READY };
export * from './library.js';
export {
  desiredPolicies,
  jsonErrorOffset,
  jsonErrorPosition,
  readPolicyFile,
  type DesiredPolicy,
} from './policies.js';
export { destroyOrganizations, planOrganizations, FEATURE_ID as ORGANIZATIONS_FEATURE_ID } from './plan.js';
export { ORGANIZATIONS_OPS } from './ops.js';

/** AWS Organizations: feature set, policy types, OUs, account placement, SCPs and RCPs. */
export const organizationsFeature: Feature = defineFeature({
  id: FEATURE_ID,
  title: 'AWS Organizations: all features, policy types, OUs, account placement, SCPs and RCPs',
  needs: ['organizations'],
  ops: ORGANIZATIONS_OPS,
  plan: planOrganizations,
  destroy: (ctx) => destroyOrganizations(ctx),
});
