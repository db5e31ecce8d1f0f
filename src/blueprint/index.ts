/** The sra-kit blueprint: schema, loading with source positions, validation and helpers. */
export * from './schema.js';
export * from './diagnostics.js';
export { parseBlueprint, loadBlueprint, readBlueprintText, type ParseResult } from './load.js';
export { crossCheck, type CrossCheckIssue, type PartialBlueprint } from './cross-checks.js';
export * from './resolve.js';
export { listBlueprintKeys, findBlueprintKey, type BlueprintKeyDoc } from './keys.js';
export { STARTER_BLUEPRINT, STARTER_PLACEHOLDER_ACCOUNTS } from './starter.js';
export { formatPath, type PathSegment } from './walk.js';
export * from './reference.js';
