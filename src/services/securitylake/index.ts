/**
 * The Amazon Security Lake service module: one region-scope collector (the organization's data lake, read in
 * the delegated administrator) and the controls over it (SRA-SECURITYLAKE-01 to -17). Security Lake is optional
 * in the SRA: without a delegated administrator and without `threatDetection.securityLake.enabled` every
 * control is NOT_APPLICABLE. (Role evidence from its delegated administrator, log archive, comes from the
 * engine's own delegated-administrator hints.)
 */
import { defineServiceModule } from '../types.js';
import { securityLakeCollector } from './collect.js';
import { administrationControls } from './controls/administration.js';
import { dataLakeControls } from './controls/data-lake.js';
import { sourceControls } from './controls/sources.js';
import { subscriberControls } from './controls/subscribers.js';

export * from './collect.js';

/** The Security Lake module. */
export const securityLakeModule = defineServiceModule({
  id: 'security-lake',
  collectors: [securityLakeCollector],
  controls: [...administrationControls, ...dataLakeControls, ...sourceControls, ...subscriberControls],
});
