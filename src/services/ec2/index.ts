/** The EC2 service module: the account-level EC2/EBS baseline and VPC hygiene of every account. */
import { defineServiceModule } from '../types.js';
import { ec2Collector } from './collect.js';
import { EC2_LAUNCH_TEMPLATE_CONTROLS } from './controls/launch-templates.js';
import { EC2_SETTINGS_CONTROLS } from './controls/settings.js';
import { EC2_VPC_CONTROLS } from './controls/vpc.js';

export * from './collect.js';
export * from './common.js';
export * from './controls/settings.js';
export * from './controls/vpc.js';
export * from './controls/launch-templates.js';

/** Amazon EC2: EBS encryption and block public access, IMDSv2, serial console, VPC hygiene. */
export const ec2Module = defineServiceModule({
  id: 'ec2',
  collectors: [ec2Collector],
  controls: [...EC2_SETTINGS_CONTROLS, ...EC2_VPC_CONTROLS, ...EC2_LAUNCH_TEMPLATE_CONTROLS],
});
