/** Registry of the simulated AWS services: adding a service = one file in this folder + one line here. */
import type { SandboxService } from '../core/service.js';
import { accessAnalyzerService } from './accessanalyzer.js';
import { accountService } from './account.js';
import { cloudtrailService } from './cloudtrail.js';
import { configService } from './config.js';
import { detectiveService } from './detective.js';
import { ec2Service } from './ec2.js';
import { guarddutyService } from './guardduty.js';
import { iamService } from './iam.js';
import { inspectorService } from './inspector.js';
import { kmsService } from './kms.js';
import { macieService } from './macie.js';
import { organizationsService } from './organizations.js';
import { s3Service } from './s3.js';
import { s3controlService } from './s3control.js';
import { securityhubService } from './securityhub.js';
import { securityLakeService } from './securitylake.js';
import { stsService } from './sts.js';

/** Every service the sandbox simulates. */
export const ALL_SERVICES: readonly SandboxService[] = [
  organizationsService,
  stsService,
  iamService,
  accountService,
  ec2Service,
  s3Service,
  s3controlService,
  kmsService,
  cloudtrailService,
  configService,
  guarddutyService,
  securityhubService,
  accessAnalyzerService,
  macieService,
  inspectorService,
  detectiveService,
  securityLakeService,
];
