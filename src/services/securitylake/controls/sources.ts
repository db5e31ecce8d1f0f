/**
 * Security Lake log sources: each of the eight AWS sources is collected, at source version 2.0 (OCSF 1.1),
 * from every account of the organization in every governed Region.
 * https://docs.aws.amazon.com/security-lake/latest/userguide/internal-sources.html
 * https://docs.aws.amazon.com/security-lake/latest/userguide/open-cybersecurity-schema-framework.html
 *
 * One outcome per Region (the lake), listing the accounts that lack the source or run an older version, so a
 * thousand-account organization yields a handful of findings instead of thousands.
 */
import { ORGANIZATIONS_COLLECTOR_ID } from '../../organizations/collect.js';
import type { CapabilityId, PrincipleId } from '../../../catalog/ids.js';
import { defineControl, fail, pass, type Control, type Severity } from '../../../verify/types.js';
import { SECURITY_LAKE } from '../collect.js';
import {
  SECURITY_LAKE_KEY,
  SOURCE_VERSION,
  expectedAccounts,
  isOutcome,
  lakeView,
  sample,
} from '../common.js';

/** What distinguishes one source control from another. */
interface SourceSpec {
  /** Id suffix, e.g. `route53`. */
  slug: string;
  /** `sourceName` in the Security Lake API, e.g. `ROUTE53`. */
  sourceName: string;
  /** sra-verify check id. */
  sraVerify: string;
  /** Human name of the source. */
  label: string;
  /** Severity when it fails. */
  severity: Severity;
  /** Extra capability besides threat detection, when the source serves one. */
  capability?: CapabilityId;
  /** Why it matters. */
  risk: string;
}

/** Builds the control for one AWS log source. */
function sourceControl(spec: SourceSpec): Control {
  const principles: PrincipleId[] = ['enable-traceability', 'prepare-for-security-events'];
  return defineControl({
    id: `security-lake.source-${spec.slug}`,
    title: `Security Lake collects ${spec.label} (version ${SOURCE_VERSION}) from every account`,
    severity: spec.severity,
    capabilities: spec.capability ? ['threat-detection', spec.capability] : ['threat-detection'],
    principles,
    appliesTo: ['log-archive'],
    scope: 'region',
    service: 'security-lake',
    refs: { sraVerify: [spec.sraVerify] },
    risk: spec.risk,
    remediation: {
      blueprint: SECURITY_LAKE_KEY,
      manual:
        'From the delegated administrator: Security Lake console → Sources → ' +
        `${spec.label} → Enable for the missing accounts, or \`aws securitylake create-aws-log-source --sources ` +
        `'[{"sourceName":"${spec.sourceName}","sourceVersion":"${SOURCE_VERSION}","regions":["<region>"],` +
        `"accounts":["<account-id>"]}]'\` (a source on version 1.0 must be deleted and added again at 2.0).`,
    },
    uses: [SECURITY_LAKE, ORGANIZATIONS_COLLECTOR_ID],
    evaluate(ctx) {
      const view = lakeView(ctx);
      if (isOutcome(view)) return view;
      const sources = ctx.need(view.slice.sources, `Security Lake log sources in ${ctx.region}`);
      const expected = expectedAccounts(ctx);
      const missing: string[] = [];
      const oldVersion: string[] = [];
      for (const account of expected) {
        const version = sources[account]?.[spec.sourceName];
        if (version === undefined) missing.push(account);
        else if (version !== SOURCE_VERSION) oldVersion.push(account);
      }
      if (missing.length === 0 && oldVersion.length === 0) {
        return pass(
          `${spec.label} are collected at version ${SOURCE_VERSION} from all ${expected.length} accounts`,
          {
            resource: view.lake.arn,
            actual: { accounts: expected.length, sourceVersion: SOURCE_VERSION },
          },
        );
      }
      const parts = [
        ...(missing.length > 0 ? [`${missing.length} accounts without ${spec.label}`] : []),
        ...(oldVersion.length > 0
          ? [`${oldVersion.length} accounts on a version other than ${SOURCE_VERSION}`]
          : []),
      ];
      return fail(`${parts.join(' and ')} in ${ctx.region}`, {
        resource: view.lake.arn,
        expected: { source: spec.sourceName, sourceVersion: SOURCE_VERSION, accounts: expected.length },
        actual: {
          ...(missing.length > 0 ? { missing: sample(missing) } : {}),
          ...(oldVersion.length > 0 ? { otherVersion: sample(oldVersion) } : {}),
        },
      });
    },
  });
}

/** Route 53 Resolver query logs. */
export const sourceRoute53 = sourceControl({
  slug: 'route53',
  sourceName: 'ROUTE53',
  sraVerify: 'SRA-SECURITYLAKE-06',
  label: 'Route 53 Resolver query logs',
  severity: 'medium',
  capability: 'infrastructure-protection',
  risk:
    'DNS queries are where command-and-control, data exfiltration over DNS and lookups of malicious domains ' +
    'show; without them the lake cannot tell which workload talked to which domain.',
});

/** CloudTrail S3 data events. */
export const sourceCloudTrailS3Data = sourceControl({
  slug: 'cloudtrail-s3-data',
  sourceName: 'S3_DATA',
  sraVerify: 'SRA-SECURITYLAKE-07',
  label: 'CloudTrail S3 data events',
  severity: 'low',
  capability: 'data-protection',
  risk:
    'Object-level S3 activity (who read or deleted which object) is the evidence of data theft; without it an ' +
    'investigation can see that a bucket policy changed but not what was taken.',
});

/** Security Hub findings. */
export const sourceSecurityHubFindings = sourceControl({
  slug: 'security-hub-findings',
  sourceName: 'SH_FINDINGS',
  sraVerify: 'SRA-SECURITYLAKE-08',
  label: 'Security Hub findings',
  severity: 'medium',
  capability: 'incident-response',
  risk:
    'Findings from GuardDuty, Inspector, Macie and Security Hub controls are the starting points of most ' +
    'investigations; without them the lake cannot correlate alerts with the logs around them.',
});

/** EKS audit logs. */
export const sourceEksAudit = sourceControl({
  slug: 'eks-audit',
  sourceName: 'EKS_AUDIT',
  sraVerify: 'SRA-SECURITYLAKE-09',
  label: 'EKS audit logs',
  severity: 'medium',
  capability: 'application-security',
  risk:
    'Kubernetes API activity (who created a privileged pod, read a secret, changed RBAC) is invisible to ' +
    'CloudTrail; without EKS audit logs a cluster compromise leaves no trail in the lake.',
});

/** Lambda execution (data event) logs. */
export const sourceLambdaExecution = sourceControl({
  slug: 'lambda-execution',
  sourceName: 'LAMBDA_EXECUTION',
  sraVerify: 'SRA-SECURITYLAKE-10',
  label: 'Lambda execution logs',
  severity: 'medium',
  capability: 'application-security',
  risk:
    'Function invocations by unexpected principals are how stolen credentials abuse serverless workloads; ' +
    'without these data events the lake cannot show who invoked what.',
});

/** CloudTrail management events. */
export const sourceCloudTrailManagement = sourceControl({
  slug: 'cloudtrail-management',
  sourceName: 'CLOUD_TRAIL_MGMT',
  sraVerify: 'SRA-SECURITYLAKE-11',
  label: 'CloudTrail management events',
  severity: 'medium',
  capability: 'identity-and-access-management',
  risk:
    'Management events record every control-plane change (IAM, networking, logging being turned off); they ' +
    'are the backbone of any query over the lake.',
});

/** AWS WAF logs. */
export const sourceWaf = sourceControl({
  slug: 'waf',
  sourceName: 'WAF',
  sraVerify: 'SRA-SECURITYLAKE-12',
  label: 'AWS WAF logs',
  severity: 'low',
  capability: 'infrastructure-protection',
  risk:
    'Web ACL logs show attacks against internet-facing applications and what the firewall let through; ' +
    'without them an application compromise cannot be traced back to the requests that caused it.',
});

/** VPC flow logs. */
export const sourceVpcFlow = sourceControl({
  slug: 'vpc-flow',
  sourceName: 'VPC_FLOW',
  sraVerify: 'SRA-SECURITYLAKE-13',
  label: 'VPC flow logs',
  severity: 'medium',
  capability: 'infrastructure-protection',
  risk:
    'Flow logs show which hosts talked to which, on which ports; without them lateral movement and ' +
    'exfiltration to unknown addresses cannot be reconstructed.',
});

/** The log source controls, in sra-verify order. */
export const sourceControls: readonly Control[] = [
  sourceRoute53,
  sourceCloudTrailS3Data,
  sourceSecurityHubFindings,
  sourceEksAudit,
  sourceLambdaExecution,
  sourceCloudTrailManagement,
  sourceWaf,
  sourceVpcFlow,
];
