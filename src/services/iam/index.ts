/** The IAM service module: password policy, root user, IAM users' credentials and permissions, centralized root access. */
import { defineServiceModule } from '../types.js';
import { iamCollector, iamOrganizationCollector } from './collect.js';
import { IAM_CONTROLS } from './controls/index.js';

export * from './collect.js';
export * from './controls/index.js';

/** AWS IAM. */
export const iamModule = defineServiceModule({
  id: 'iam',
  collectors: [iamCollector, iamOrganizationCollector],
  controls: IAM_CONTROLS,
});
