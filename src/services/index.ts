/**
 * Registry of service modules: adding a service = one folder under src/services/ plus one line here.
 * The engine collects with every module's collectors and evaluates every module's controls.
 */
import type { ServiceModule } from './types.js';

/** Every service module, in report order. */
export const SERVICE_MODULES: readonly ServiceModule[] = [];
