/** The IAM Identity Center service module. */
import { defineServiceModule } from '../types.js';
import { identityCenterCollector } from './collect.js';
import { IDENTITY_CENTER_CONTROLS } from './controls.js';

export * from './collect.js';
export * from './controls.js';

/** AWS IAM Identity Center: the organization instance and who administers it. */
export const identityCenterModule = defineServiceModule({
  id: 'iam-identity-center',
  collectors: [identityCenterCollector],
  controls: IDENTITY_CENTER_CONTROLS,
});
