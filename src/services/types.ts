/** A service module: the collectors that read a service and the controls that judge what they read. */
import type { Collector } from '../observe/types.js';
import type { Control } from '../verify/types.js';

/** One service's (or concern's) collectors and controls. */
export interface ServiceModule {
  /** Registry id, e.g. `guardduty` (see src/catalog/services.ts). */
  readonly id: string;
  /** Collectors, in no particular order (the engine orders them by scope). */
  readonly collectors: readonly Collector[];
  /** Controls. */
  readonly controls: readonly Control[];
}

/** Identity helper for writing a service module with type checking. */
export function defineServiceModule(module: ServiceModule): ServiceModule {
  return module;
}
