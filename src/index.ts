/** sra-kit public library API. */
export * from './errors.js';
export * from './catalog/ids.js';
export * from './catalog/regions.js';
export * from './catalog/index.js';
export * from './blueprint/index.js';
export { main, buildProgram } from './cli/main.js';
export type { CliContext } from './cli/context.js';
