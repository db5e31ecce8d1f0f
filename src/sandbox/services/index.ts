/** Registry of the simulated AWS services: adding a service = one file in this folder + one line here. */
import type { SandboxService } from '../core/service.js';
import { accessAnalyzerService } from './accessanalyzer.js';
import { accountService } from './account.js';
import { auditManagerService } from './auditmanager.js';
import { cloudtrailService } from './cloudtrail.js';
import { configService } from './config.js';
import { detectiveService } from './detective.js';
import { ec2Service } from './ec2.js';
import { guarddutyService } from './guardduty.js';
import { iamService } from './iam.js';
import { inspectorService } from './inspector.js';
import { kmsService } from './kms.js';
import { macieService } from './macie.js';
import { networkFirewallService } from './networkfirewall.js';
import { organizationsService } from './organizations.js';
import { route53ResolverService } from './route53resolver.js';
import { s3Service } from './s3.js';
import { s3controlService } from './s3control.js';
import { securityhubService } from './securityhub.js';
import { securityLakeService } from './securitylake.js';
import { ssmService } from './ssm.js';
import { ssoAdminService } from './sso-admin.js';
import { stsService } from './sts.js';
import { fmsService } from './fms.js';
import { shieldService } from './shield.js';
import { wafv2Service } from './wafv2.js';
import { elbv2Service } from './elbv2.js';
import { cloudFrontService } from './cloudfront.js';
import { apiGatewayService } from './apigateway.js';
import { appSyncService } from './appsync.js';
import { cognitoService } from './cognito.js';
import { appRunnerService } from './apprunner.js';
import { amplifyService } from './amplify.js';
import { route53Service } from './route53.js';
import { globalAcceleratorService } from './globalaccelerator.js';
import { lambdaService } from './lambda.js';
import { cloudwatchService } from './cloudwatch.js';
import { sqsService } from './sqs.js';
import { logsService } from './logs.js';
import { securityIrService } from './security-ir.js';

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
  ssmService,
  networkFirewallService,
  route53ResolverService,
  auditManagerService,
  ssoAdminService,
  fmsService,
  shieldService,
  wafv2Service,
  elbv2Service,
  cloudFrontService,
  apiGatewayService,
  appSyncService,
  cognitoService,
  appRunnerService,
  amplifyService,
  route53Service,
  globalAcceleratorService,
  lambdaService,
  cloudwatchService,
  sqsService,
  logsService,
  securityIrService,
];
