/** The AWS Account Management service module: alternate contacts. */
import { defineServiceModule } from '../types.js';
import { accountCollector } from './collect.js';
import { ACCOUNT_CONTROLS } from './controls.js';

export * from './collect.js';
export { ACCOUNT_CONTROLS } from './controls.js';

/** AWS Account Management: security, billing and operations alternate contacts on every account. */
export const accountModule = defineServiceModule({
  id: 'account',
  collectors: [accountCollector],
  controls: ACCOUNT_CONTROLS,
});
