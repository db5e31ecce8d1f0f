/**
 * Amazon Inspector in every account and governed Region: Inspector is on, with each SRA scan type — EC2,
 * ECR, Lambda standard and Lambda code scanning — enabled.
 *
 * https://docs.aws.amazon.com/inspector/v2/APIReference/API_BatchGetAccountStatus.html (account and
 * per-resource status: ENABLED, ENABLING, DISABLED, DISABLING, SUSPENDING, SUSPENDED)
 * https://docs.aws.amazon.com/securityhub/latest/userguide/inspector-controls.html (Inspector.1 EC2,
 * Inspector.2 ECR, Inspector.3 Lambda code, Inspector.4 Lambda standard scanning)
 */
import { defineControl, fail, notApplicable, pass, type Control } from '../../../verify/types.js';
import { INSPECTOR } from '../collect.js';
import {
  INSPECTOR_KEY,
  SCAN_TYPE_KEYS,
  inspectorResource,
  outOfScope,
  sliceOf,
  type ScanTypeName,
} from '../common.js';

/** Statuses that mean a scan type is (being turned) on. */
const ON = ['ENABLED', 'ENABLING'];

/** Inspector is enabled in the account and Region. */
export const inspectorEnabled = defineControl({
  id: 'inspector.enabled',
  title: 'Amazon Inspector is enabled in every account and governed Region',
  severity: 'high',
  capabilities: ['vulnerability-management'],
  principles: ['security-at-all-layers', 'automate-security-best-practices'],
  appliesTo: 'all',
  scope: 'region',
  service: 'inspector',
  refs: { sraVerify: ['SRA-INSPECTOR-01'] },
  risk:
    'Without Inspector nothing scans the account’s instances, images and functions for known ' +
    'vulnerabilities and network exposure: exploitable software runs unnoticed.',
  remediation: {
    blueprint: INSPECTOR_KEY,
    manual:
      'From the Inspector delegated administrator, each Region: `aws inspector2 associate-member --account-id ' +
      '<id>` then `aws inspector2 enable --account-ids <id> --resource-types EC2 ECR LAMBDA LAMBDA_CODE`.',
  },
  uses: [INSPECTOR],
  evaluate(ctx) {
    const skip = outOfScope(ctx, { account: true });
    if (skip) return skip;
    const s = ctx.need(sliceOf(ctx).status, `Inspector status of ${ctx.account.id} in ${ctx.region}`);
    const resource = inspectorResource(ctx.region, ctx.account.id);
    return ON.includes(s.status)
      ? pass(`Amazon Inspector is ${s.status.toLowerCase()} in ${ctx.region}`, {
          resource,
          actual: { status: s.status },
        })
      : fail(`Amazon Inspector is ${s.status.toLowerCase()} in ${ctx.region}`, {
          resource,
          expected: { status: 'ENABLED' },
          actual: { status: s.status },
        });
  },
});

/** What distinguishes one scan-type control from another. */
interface ScanSpec {
  id: string;
  type: ScanTypeName;
  what: string;
  sraVerify?: string;
  fsbp: string;
  severity: 'high' | 'medium';
  risk: string;
}

function scanControl(spec: ScanSpec): Control {
  const key = SCAN_TYPE_KEYS[spec.type];
  return defineControl({
    id: spec.id,
    title: `Amazon Inspector ${spec.what} is enabled in every account and governed Region`,
    severity: spec.severity,
    capabilities: ['vulnerability-management'],
    principles: ['security-at-all-layers', 'automate-security-best-practices'],
    appliesTo: 'all',
    scope: 'region',
    service: 'inspector',
    refs: { ...(spec.sraVerify ? { sraVerify: [spec.sraVerify] } : {}), fsbp: [spec.fsbp] },
    risk: spec.risk,
    remediation: {
      blueprint: `${INSPECTOR_KEY}.scanTypes`,
      manual:
        `From the Inspector delegated administrator, each Region: \`aws inspector2 enable --account-ids <id> ` +
        `--resource-types ${spec.type.toUpperCase().replace('-', '_')}\`.`,
    },
    uses: [INSPECTOR],
    evaluate(ctx) {
      const skip = outOfScope(ctx, { account: true, scanType: spec.type });
      if (skip) return skip;
      const s = ctx.need(sliceOf(ctx).status, `Inspector status of ${ctx.account.id} in ${ctx.region}`);
      const resource = inspectorResource(ctx.region, ctx.account.id);
      if (!ON.includes(s.status)) {
        return notApplicable(
          `Amazon Inspector is ${s.status.toLowerCase()} in ${ctx.region}; inspector.enabled reports the gap`,
          resource,
        );
      }
      const status = s.scans[key] ?? 'DISABLED';
      return ON.includes(status)
        ? pass(`Inspector ${spec.what} is ${status.toLowerCase()}`, { resource, actual: { [key]: status } })
        : fail(`Inspector ${spec.what} is ${status.toLowerCase()} in ${ctx.region}`, {
            resource,
            expected: { [key]: 'ENABLED' },
            actual: { [key]: status },
          });
    },
  });
}

/** EC2 scanning (FSBP Inspector.1). */
export const ec2Scanning = scanControl({
  id: 'inspector.ec2-scanning',
  type: 'ec2',
  what: 'EC2 scanning',
  sraVerify: 'SRA-INSPECTOR-02',
  fsbp: 'Inspector.1',
  severity: 'high',
  risk: 'Instances are not checked for vulnerable packages or unintended network reachability.',
});

/** ECR scanning (FSBP Inspector.2). */
export const ecrScanning = scanControl({
  id: 'inspector.ecr-scanning',
  type: 'ecr',
  what: 'ECR container image scanning',
  sraVerify: 'SRA-INSPECTOR-03',
  fsbp: 'Inspector.2',
  severity: 'medium',
  risk: 'Container images are pushed and deployed without anyone learning about the vulnerabilities they carry.',
});

/** Lambda standard scanning (FSBP Inspector.4). */
export const lambdaScanning = scanControl({
  id: 'inspector.lambda-scanning',
  type: 'lambda',
  what: 'Lambda standard scanning',
  sraVerify: 'SRA-INSPECTOR-04',
  fsbp: 'Inspector.4',
  severity: 'medium',
  risk: 'Functions and layers run vulnerable dependencies without a finding ever being raised.',
});

/** Lambda code scanning (FSBP Inspector.3). */
export const lambdaCodeScanning = scanControl({
  id: 'inspector.lambda-code-scanning',
  type: 'lambda-code',
  what: 'Lambda code scanning',
  fsbp: 'Inspector.3',
  severity: 'medium',
  risk: 'Flaws in function code itself (injection, leaked secrets, weak cryptography) go undetected.',
});

/** The per-account scanning family. */
export const SCANNING_CONTROLS: readonly Control[] = [
  inspectorEnabled,
  ec2Scanning,
  ecrScanning,
  lambdaScanning,
  lambdaCodeScanning,
];
