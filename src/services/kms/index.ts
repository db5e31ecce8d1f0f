/** The KMS service module: the log key account's customer managed keys and their controls. */
import { defineServiceModule } from '../types.js';
import { kmsCollector } from './collect.js';
import { KMS_CONTROLS } from './controls.js';

/** KMS: rotation, deletion, state and exposure of the central log keys. */
export const kmsModule = defineServiceModule({
  id: 'kms',
  collectors: [kmsCollector],
  controls: KMS_CONTROLS,
});
