/**
 * The AWS Audit Manager service module: one region-scope collector and the controls SRA-AUDITMANAGER-01/-02.
 * Optional in the SRA and closed to new customers since 30 April 2026: NOT_APPLICABLE unless the organization
 * uses it or the blueprint asks for it (`assurance.auditManager.enabled`).
 */
import { defineServiceModule } from '../types.js';
import { auditManagerCollector } from './collect.js';
import { auditManagerControls } from './controls.js';

export * from './collect.js';

/** The Audit Manager module. */
export const auditManagerModule = defineServiceModule({
  id: 'audit-manager',
  collectors: [auditManagerCollector],
  controls: auditManagerControls,
});
