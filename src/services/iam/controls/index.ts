/** Every IAM control, by family. */
import type { Control } from '../../../verify/types.js';
import { CREDENTIAL_CONTROLS } from './credentials.js';
import { passwordPolicy } from './password-policy.js';
import { PERMISSION_CONTROLS } from './permissions.js';
import { ROOT_CONTROLS } from './root-user.js';

export * from './credentials.js';
export * from './password-policy.js';
export * from './permissions.js';
export * from './root-user.js';

/** Every IAM control. */
export const IAM_CONTROLS: readonly Control[] = [
  passwordPolicy,
  ...ROOT_CONTROLS,
  ...CREDENTIAL_CONTROLS,
  ...PERMISSION_CONTROLS,
];
