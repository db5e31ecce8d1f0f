/** Conformance to the blueprint (controls only; they read the Organizations slice). */
import { defineServiceModule } from '../types.js';
import { blueprintControls } from './controls.js';

/** The blueprint conformance module. */
export const blueprintModule = defineServiceModule({
  id: 'blueprint',
  collectors: [],
  controls: blueprintControls,
});
