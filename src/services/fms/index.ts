/** The AWS Firewall Manager service module (optional in the SRA): collectors of `collect.ts`, controls of `controls.ts`. */
import { defineServiceModule } from '../types.js';
import { fmsAdminCollector, fmsPoliciesCollector } from './collect.js';
import { FMS_CONTROLS } from './controls.js';

export * from './collect.js';
export { FMS_CONTROLS, FMS_KEY } from './controls.js';

/** AWS Firewall Manager: collectors and controls. */
export const firewallManagerModule = defineServiceModule({
  id: 'firewall-manager',
  collectors: [fmsAdminCollector, fmsPoliciesCollector],
  controls: FMS_CONTROLS,
});
