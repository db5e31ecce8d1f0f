/** The IAM Access Analyzer service module. */
import { defineServiceModule } from '../types.js';
import { accessAnalyzerCollector } from './collect.js';
import { ACCESS_ANALYZER_CONTROLS } from './controls.js';

export * from './collect.js';
export * from './controls.js';

/**
 * IAM Access Analyzer: account and organization external-access analyzers, the delegated administrator,
 * and the optional unused-access analyzer. Role evidence (the delegated administrator is security
 * tooling) comes from the Organizations module's registrations.
 */
export const accessAnalyzerModule = defineServiceModule({
  id: 'access-analyzer',
  collectors: [accessAnalyzerCollector],
  controls: ACCESS_ANALYZER_CONTROLS,
});
