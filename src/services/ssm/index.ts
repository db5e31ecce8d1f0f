/** The AWS Systems Manager service module. */
import { defineServiceModule } from '../types.js';
import { ssmCollector } from './collect.js';
import { SSM_CONTROLS } from './controls.js';

export * from './collect.js';
export * from './controls.js';

/** AWS Systems Manager: SSM documents are never public, and public sharing is blocked. */
export const ssmModule = defineServiceModule({
  id: 'ssm',
  collectors: [ssmCollector],
  controls: SSM_CONTROLS,
});
