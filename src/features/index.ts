/**
 * Registry of deployment features, in apply order (SRA.md §3): Organizations → trusted access and
 * delegated administrators → the log archive → the organization trail → Config → the account baseline.
 * Destroy runs them in reverse.
 */
import type { Feature } from '../engine/types.js';
import { organizationsFeature } from './organizations/index.js';

/** Every feature, in apply order. */
export const FEATURES: readonly Feature[] = [organizationsFeature];
