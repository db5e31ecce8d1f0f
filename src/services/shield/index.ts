/** The AWS Shield Advanced service module (optional in the SRA, paid): collector of `collect.ts`, controls of `controls.ts`. */
import { defineServiceModule } from '../types.js';
import { shieldCollector } from './collect.js';
import { SHIELD_CONTROLS } from './controls.js';

export * from './collect.js';
export { SHIELD_COST_NOTE, SHIELD_KEY, shieldInUse } from './common.js';
export { SHIELD_CONTROLS } from './controls.js';

/** AWS Shield Advanced: collector and controls. */
export const shieldModule = defineServiceModule({
  id: 'shield',
  collectors: [shieldCollector],
  controls: SHIELD_CONTROLS,
});
