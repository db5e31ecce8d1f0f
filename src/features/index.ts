/**
 * Registry of deployment features, in apply order (SRA.md §3): Organizations → trusted access and
 * delegated administrators → the log archive → the organization trail → Config → the account baseline.
 * Destroy runs them in reverse.
 */
import type { Feature } from '../engine/types.js';
import { accountBaselineFeature } from './account-baseline/index.js';
import { cloudtrailFeature } from './cloudtrail/index.js';
import { configFeature } from './config/index.js';
import { delegatedAdminsFeature } from './delegated-admins/index.js';
import { logArchiveFeature } from './log-archive/index.js';
import { organizationsFeature } from './organizations/index.js';

/** Every feature, in apply order. */
export const FEATURES: readonly Feature[] = [
  organizationsFeature,
  delegatedAdminsFeature,
  logArchiveFeature,
  cloudtrailFeature,
  configFeature,
  accountBaselineFeature,
];
