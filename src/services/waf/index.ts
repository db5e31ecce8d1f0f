/** The AWS WAF service module: collectors of `collect.ts` (web ACLs and protectable resources), controls of `controls.ts`. */
import { defineServiceModule } from '../types.js';
import { wafCloudFrontCollector, wafCollector } from './collect.js';
import { WAF_CONTROLS } from './controls.js';

export * from './collect.js';
export { WAF_CONTROLS, WAF_LOGGING_KEY } from './controls.js';

/** AWS WAF: collectors and controls. */
export const wafModule = defineServiceModule({
  id: 'waf',
  collectors: [wafCollector, wafCloudFrontCollector],
  controls: WAF_CONTROLS,
});
