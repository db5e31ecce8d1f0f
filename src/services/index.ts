/**
 * Registry of service modules: adding a service = one folder under src/services/ plus one line here.
 * The engine collects with every module's collectors and evaluates every module's controls.
 */
import type { ServiceModule } from './types.js';
import { guarddutyModule } from './guardduty/index.js';
import { securityHubModule } from './securityhub/index.js';
import { inspectorModule } from './inspector/index.js';
import { macieModule } from './macie/index.js';
import { detectiveModule } from './detective/index.js';
import { organizationsModule } from './organizations/index.js';
import { accountModule } from './account/index.js';
import { iamModule } from './iam/index.js';
import { identityCenterModule } from './identity-center/index.js';
import { blueprintModule } from './blueprint/index.js';
import { securityLakeModule } from './securitylake/index.js';
import { auditManagerModule } from './auditmanager/index.js';
import { securityIncidentResponseModule } from './securityir/index.js';
import { firewallManagerModule } from './fms/index.js';
import { shieldModule } from './shield/index.js';
import { wafModule } from './waf/index.js';
import { cloudtrailModule } from './cloudtrail/index.js';
import { configModule } from './config/index.js';
import { s3Module } from './s3/index.js';
import { kmsModule } from './kms/index.js';
import { accessAnalyzerModule } from './accessanalyzer/index.js';
import { ec2Module } from './ec2/index.js';
import { ssmModule } from './ssm/index.js';
import { networkModule } from './network/index.js';

/** Every service module, in report order. */
export const SERVICE_MODULES: readonly ServiceModule[] = [
  organizationsModule,
  accountModule,
  iamModule,
  identityCenterModule,
  cloudtrailModule,
  configModule,
  s3Module,
  kmsModule,
  blueprintModule,
  guarddutyModule,
  securityHubModule,
  inspectorModule,
  macieModule,
  accessAnalyzerModule,
  ec2Module,
  ssmModule,
  networkModule,
  detectiveModule,
  securityLakeModule,
  auditManagerModule,
  securityIncidentResponseModule,
  firewallManagerModule,
  shieldModule,
  wafModule,
];
