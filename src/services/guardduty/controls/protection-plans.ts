/**
 * GuardDuty data sources and protection plans of each detector: the foundational sources, every
 * optional protection plan the SRA turns on, and Runtime Monitoring with GuardDuty-managed agents for
 * EKS, ECS on Fargate and EC2 (SRA.md §6).
 *
 * Feature names are those of GetDetector's `Features`
 * (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfigurationResult.html);
 * the legacy `EKS_RUNTIME_MONITORING` plan is accepted wherever it covers what a control checks (EKS
 * only), since GuardDuty still reports it for accounts that have not migrated to `RUNTIME_MONITORING`
 * (https://docs.aws.amazon.com/guardduty/latest/ug/eks-protection-configuration.html).
 * FSBP mapping: https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
 */
import type { CapabilityId } from '../../../catalog/ids.js';
import { defineControl, fail, pass, type Control, type Severity } from '../../../verify/types.js';
import { GUARDDUTY } from '../collect.js';
import {
  GUARDDUTY_KEY,
  activeDetector,
  detectorArn,
  isOutcome,
  outOfScope,
  type GuardDutyPlan,
} from '../common.js';

/** One way of satisfying a control: a feature on, and optionally one of its additional configurations. */
interface Accepted {
  feature: string;
  additional?: string;
}

/** What distinguishes one feature control from another. */
interface FeatureSpec {
  id: string;
  title: string;
  /** What is checked, in words, for messages ("S3 Protection"). */
  what: string;
  severity: Severity;
  capabilities?: CapabilityId[];
  sraVerify?: string[];
  fsbp?: string[];
  /** Blueprint protection plan that asks for it; foundational sources have none. */
  plan?: GuardDutyPlan;
  /** Alternatives; the first is what the SRA sets and what the evidence shows as expected. */
  accepts: Accepted[];
  risk: string;
  manual: string;
}

/** Status of a feature (and additional configuration) in a detector, as evidence. */
function statusOf(
  features: Record<string, { status: string; additional?: Record<string, string> }>,
  a: Accepted,
): Record<string, string> {
  const f = features[a.feature];
  const out: Record<string, string> = { [a.feature]: f?.status ?? 'NOT_REPORTED' };
  if (a.additional) out[`${a.feature}.${a.additional}`] = f?.additional?.[a.additional] ?? 'NOT_REPORTED';
  return out;
}

function satisfied(status: Record<string, string>): boolean {
  return Object.values(status).every((s) => s === 'ENABLED');
}

function featureControl(spec: FeatureSpec): Control {
  return defineControl({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    capabilities: spec.capabilities ?? ['threat-detection'],
    principles: ['enable-traceability', 'security-at-all-layers'],
    appliesTo: 'all',
    scope: 'region',
    service: 'guardduty',
    refs: {
      ...(spec.sraVerify ? { sraVerify: spec.sraVerify } : {}),
      ...(spec.fsbp ? { fsbp: spec.fsbp } : {}),
    },
    risk: spec.risk,
    remediation: {
      blueprint: spec.plan ? `${GUARDDUTY_KEY}.protectionPlans` : `${GUARDDUTY_KEY}.enabled`,
      manual: spec.manual,
    },
    uses: [GUARDDUTY],
    evaluate(ctx) {
      const skip = outOfScope(ctx, { account: true, ...(spec.plan ? { plan: spec.plan } : {}) });
      if (skip) return skip;
      const detector = activeDetector(ctx);
      if (isOutcome(detector)) return detector;
      const resource = detectorArn(ctx.region, ctx.account.id, detector.id);
      const statuses = spec.accepts.map((a) => statusOf(detector.features, a));
      const ok = statuses.find(satisfied);
      if (ok) return pass(`${spec.what} is on`, { resource, actual: ok });
      return fail(`${spec.what} is off in ${ctx.region}`, {
        resource,
        expected: Object.fromEntries(Object.keys(statuses[0]!).map((k) => [k, 'ENABLED'])),
        actual: Object.assign({}, ...statuses) as Record<string, string>,
      });
    },
  });
}

const PLAN_MANUAL =
  'From the GuardDuty delegated administrator: GuardDuty console → Protection plans → enable the plan for all ' +
  'accounts (this also sets auto-enable for the organization), or `aws guardduty update-member-detectors` with ' +
  'the feature ENABLED for existing members and `update-detector` for the administrator itself.';

const RUNTIME_MANUAL =
  'From the GuardDuty delegated administrator: GuardDuty console → Runtime Monitoring → Configuration → enable ' +
  'Runtime Monitoring for all accounts and turn on automated agent configuration for Amazon EKS, AWS Fargate ' +
  '(ECS only) and Amazon EC2; or `update-member-detectors`/`update-detector` with feature RUNTIME_MONITORING and ' +
  'the additional configuration ENABLED.';

const FOUNDATIONAL_MANUAL =
  'Foundational sources cannot be turned off while a detector runs: enable (or un-suspend) the detector in this ' +
  'account and Region.';

/** GuardDuty analyses CloudTrail management events. */
export const cloudTrailEvents = featureControl({
  id: 'guardduty.cloudtrail-events',
  title: 'GuardDuty analyses CloudTrail management events',
  what: 'CloudTrail event analysis',
  severity: 'medium',
  sraVerify: ['SRA-GUARDDUTY-08'],
  accepts: [{ feature: 'CLOUD_TRAIL' }],
  risk: 'Without CloudTrail analysis GuardDuty misses credential misuse and unusual API activity in the account.',
  manual: FOUNDATIONAL_MANUAL,
});

/** GuardDuty analyses DNS query logs. */
export const dnsLogs = featureControl({
  id: 'guardduty.dns-logs',
  title: 'GuardDuty analyses DNS query logs',
  what: 'DNS log analysis',
  severity: 'medium',
  sraVerify: ['SRA-GUARDDUTY-04'],
  accepts: [{ feature: 'DNS_LOGS' }],
  risk: 'Without DNS analysis, instances talking to command-and-control or crypto-mining domains go unseen.',
  manual: FOUNDATIONAL_MANUAL,
});

/** GuardDuty analyses VPC flow logs. */
export const vpcFlowLogs = featureControl({
  id: 'guardduty.vpc-flow-logs',
  title: 'GuardDuty analyses VPC flow logs',
  what: 'VPC flow log analysis',
  severity: 'medium',
  sraVerify: ['SRA-GUARDDUTY-05'],
  accepts: [{ feature: 'FLOW_LOGS' }],
  risk: 'Without flow-log analysis, port scans, exfiltration and traffic to known-bad addresses go unseen.',
  manual: FOUNDATIONAL_MANUAL,
});

/** S3 Protection (S3 data events). */
export const s3Protection = featureControl({
  id: 'guardduty.s3-protection',
  title: 'GuardDuty S3 Protection is enabled',
  what: 'S3 Protection',
  severity: 'medium',
  capabilities: ['threat-detection', 'data-protection'],
  sraVerify: ['SRA-GUARDDUTY-06'],
  fsbp: ['GuardDuty.10'],
  plan: 's3',
  accepts: [{ feature: 'S3_DATA_EVENTS' }],
  risk: 'Suspicious access to S3 objects (mass reads, access from unusual places, disabled logging) is not detected.',
  manual: PLAN_MANUAL,
});

/** EKS Protection: audit log monitoring. */
export const eksAuditLogs = featureControl({
  id: 'guardduty.eks-audit-log-monitoring',
  title: 'GuardDuty EKS Audit Log Monitoring is enabled',
  what: 'EKS Audit Log Monitoring',
  severity: 'medium',
  sraVerify: ['SRA-GUARDDUTY-07'],
  fsbp: ['GuardDuty.5'],
  plan: 'eks-audit-logs',
  accepts: [{ feature: 'EKS_AUDIT_LOGS' }],
  risk: 'Malicious Kubernetes API activity in EKS clusters (anonymous access, privilege escalation) is not detected.',
  manual: PLAN_MANUAL,
});

/** Malware Protection for EC2 (EBS volume scans). */
export const ebsMalwareProtection = featureControl({
  id: 'guardduty.ebs-malware-protection',
  title: 'GuardDuty Malware Protection for EC2 scans EBS volumes',
  what: 'Malware Protection for EC2',
  severity: 'medium',
  capabilities: ['threat-detection', 'vulnerability-management'],
  sraVerify: ['SRA-GUARDDUTY-09'],
  fsbp: ['GuardDuty.8'],
  plan: 'ebs-malware',
  accepts: [{ feature: 'EBS_MALWARE_PROTECTION' }],
  risk: 'When GuardDuty suspects an instance, nobody scans its volumes for the malware behind it.',
  manual: PLAN_MANUAL,
});

/** RDS Protection (login events). */
export const rdsProtection = featureControl({
  id: 'guardduty.rds-protection',
  title: 'GuardDuty RDS Protection is enabled',
  what: 'RDS Protection',
  severity: 'medium',
  capabilities: ['threat-detection', 'data-protection'],
  sraVerify: ['SRA-GUARDDUTY-10'],
  fsbp: ['GuardDuty.9'],
  plan: 'rds-login',
  accepts: [{ feature: 'RDS_LOGIN_EVENTS' }],
  risk: 'Brute-force and anomalous logins to Aurora and RDS databases are not detected.',
  manual: PLAN_MANUAL,
});

/** Lambda Protection (network activity logs). */
export const lambdaProtection = featureControl({
  id: 'guardduty.lambda-protection',
  title: 'GuardDuty Lambda Protection is enabled',
  what: 'Lambda Protection',
  severity: 'medium',
  sraVerify: ['SRA-GUARDDUTY-12'],
  fsbp: ['GuardDuty.6'],
  plan: 'lambda-network',
  accepts: [{ feature: 'LAMBDA_NETWORK_LOGS' }],
  risk: 'Lambda functions that are abused for crypto-mining or talk to malicious hosts are not detected.',
  manual: PLAN_MANUAL,
});

/** Runtime Monitoring. */
export const runtimeMonitoring = featureControl({
  id: 'guardduty.runtime-monitoring',
  title: 'GuardDuty Runtime Monitoring is enabled',
  what: 'Runtime Monitoring',
  severity: 'medium',
  fsbp: ['GuardDuty.11'],
  plan: 'runtime-monitoring',
  accepts: [{ feature: 'RUNTIME_MONITORING' }],
  risk:
    'Operating-system level threats in EKS, ECS and EC2 workloads (reverse shells, container escapes, ' +
    'malicious processes) are not detected.',
  manual: RUNTIME_MANUAL,
});

/** Runtime Monitoring covers EKS (the current plan, or the legacy EKS Runtime Monitoring). */
export const eksRuntimeMonitoring = featureControl({
  id: 'guardduty.eks-runtime-monitoring',
  title: 'GuardDuty monitors EKS workloads at runtime',
  what: 'EKS Runtime Monitoring',
  severity: 'medium',
  sraVerify: ['SRA-GUARDDUTY-11'],
  plan: 'runtime-monitoring',
  accepts: [{ feature: 'RUNTIME_MONITORING' }, { feature: 'EKS_RUNTIME_MONITORING' }],
  risk: 'Compromised pods and nodes in EKS clusters are not detected from inside the operating system.',
  manual: RUNTIME_MANUAL,
});

/** GuardDuty manages the EKS security agent (add-on). */
export const eksAgentManagement = featureControl({
  id: 'guardduty.eks-agent-management',
  title: 'GuardDuty manages the Runtime Monitoring agent for EKS',
  what: 'automated agent management for EKS',
  severity: 'medium',
  sraVerify: ['SRA-GUARDDUTY-17'],
  fsbp: ['GuardDuty.7'],
  plan: 'runtime-monitoring',
  accepts: [
    { feature: 'RUNTIME_MONITORING', additional: 'EKS_ADDON_MANAGEMENT' },
    { feature: 'EKS_RUNTIME_MONITORING', additional: 'EKS_ADDON_MANAGEMENT' },
  ],
  risk: 'Without the managed add-on, new EKS clusters run without the GuardDuty agent and are not monitored.',
  manual: RUNTIME_MANUAL,
});

/** GuardDuty manages the ECS on Fargate security agent. */
export const ecsFargateAgentManagement = featureControl({
  id: 'guardduty.ecs-fargate-agent-management',
  title: 'GuardDuty manages the Runtime Monitoring agent for ECS on Fargate',
  what: 'automated agent management for ECS on Fargate',
  severity: 'medium',
  sraVerify: ['SRA-GUARDDUTY-18'],
  fsbp: ['GuardDuty.12'],
  plan: 'runtime-monitoring',
  accepts: [{ feature: 'RUNTIME_MONITORING', additional: 'ECS_FARGATE_AGENT_MANAGEMENT' }],
  risk: 'Fargate tasks can only be monitored through the GuardDuty-managed sidecar; without it they are not.',
  manual: RUNTIME_MANUAL,
});

/** GuardDuty manages the EC2 security agent. */
export const ec2AgentManagement = featureControl({
  id: 'guardduty.ec2-agent-management',
  title: 'GuardDuty manages the Runtime Monitoring agent for EC2',
  what: 'automated agent management for EC2',
  severity: 'medium',
  sraVerify: ['SRA-GUARDDUTY-19'],
  fsbp: ['GuardDuty.13'],
  plan: 'runtime-monitoring',
  accepts: [{ feature: 'RUNTIME_MONITORING', additional: 'EC2_AGENT_MANAGEMENT' }],
  risk: 'EC2 instances without the agent are not monitored at runtime; managing it by hand leaves new instances out.',
  manual: RUNTIME_MANUAL,
});

/** The protection-plan family. */
export const PROTECTION_PLAN_CONTROLS: readonly Control[] = [
  cloudTrailEvents,
  dnsLogs,
  vpcFlowLogs,
  s3Protection,
  eksAuditLogs,
  ebsMalwareProtection,
  rdsProtection,
  lambdaProtection,
  runtimeMonitoring,
  eksRuntimeMonitoring,
  eksAgentManagement,
  ecsFargateAgentManagement,
  ec2AgentManagement,
];
