/**
 * Documentation of every blueprint key, for `sra explain <blueprint key>` and the README reference.
 * (Filled from the blueprint schema by the blueprint module.)
 */
import type { CapabilityId } from '../catalog/ids.js';

/** One documented blueprint key. */
export interface BlueprintKeyDoc {
  /** Dotted path, e.g. `threatDetection.guardduty.protectionPlans`. */
  path: string;
  /** What the key does, in one or two sentences. */
  description: string;
  /** The SRA default applied when the key is absent. */
  default?: unknown;
  /** Capability whose section the key belongs to (none for `organization` and `accounts`). */
  capability?: CapabilityId;
}

/** Every documented blueprint key. */
export function listBlueprintKeys(): BlueprintKeyDoc[] {
  return [];
}
