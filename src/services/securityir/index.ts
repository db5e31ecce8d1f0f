/**
 * The AWS Security Incident Response service module: an account-scope collector (the triage service-linked
 * role everywhere; the membership, its opt-in features and the accounts it covers in the delegated
 * administrator, through the stand-in client in `src/aws/clients/security-ir/`) and the controls
 * SRA-SECURITYINCIDENTRESPONSE-01 to -05, which also read the Organizations slice. Optional in the SRA:
 * NOT_APPLICABLE unless the service is in use or `incidentResponse.securityIncidentResponse.enabled` asks for it.
 */
import { defineServiceModule } from '../types.js';
import { securityIncidentResponseCollector } from './collect.js';
import { securityIncidentResponseControls } from './controls.js';

export * from './collect.js';

/** The Security Incident Response module. */
export const securityIncidentResponseModule = defineServiceModule({
  id: 'security-incident-response',
  collectors: [securityIncidentResponseCollector],
  controls: securityIncidentResponseControls,
});
