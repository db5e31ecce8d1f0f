/** A service module: the collectors that read a service and the controls that judge what they read. */
import type { Collector } from '../observe/types.js';
import type { InventoryView } from '../observe/view.js';
import type { Control } from '../verify/types.js';
import type { RoleHint } from '../verify/roles.js';

/** One service's (or concern's) collectors and controls. */
export interface ServiceModule {
  /** Registry id, e.g. `guardduty` (see src/catalog/services.ts). */
  readonly id: string;
  /** Collectors, in no particular order (the engine orders them by scope). */
  readonly collectors: readonly Collector[];
  /** Controls. */
  readonly controls: readonly Control[];
  /**
   * Evidence of account roles found in this module's slices, for verify without a blueprint (e.g.
   * "delegated administrator of guardduty.amazonaws.com" → security tooling; "owns the organization
   * trail's bucket" → log archive). Slices are read through the view (a full pass over every account
   * reads each back once when the store spills).
   */
  readonly roleHints?: (inventory: InventoryView) => RoleHint[];
}

/** Identity helper for writing a service module with type checking. */
export function defineServiceModule(module: ServiceModule): ServiceModule {
  return module;
}
