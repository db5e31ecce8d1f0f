/**
 * Results for the HTML report tests: the hostile sample organization with injection payloads planted
 * in account names, OU names, tags and resource ids; a generated large organization; and real verify
 * runs of sandbox scenarios.
 */
import { scenarioAccess } from '../../src/sandbox/scenarios/access.js';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { CAPABILITY_IDS, PRINCIPLE_IDS } from '../../src/catalog/ids.js';
import { buildScenario, type ScenarioName } from '../../src/sandbox/scenarios/index.js';
import { accountsFromOrganization, organizationIdFrom } from '../../src/services/organizations/collect.js';
import type { ControlSummary, VerifyResult } from '../../src/verify/result.js';
import { scoreFindings } from '../../src/verify/score.js';
import { SEVERITIES, type Finding, type Status } from '../../src/verify/types.js';
import { runVerify } from '../../src/verify/verify.js';
import { AUDIT, LOGS, MGMT, rolesOf, sampleResult, UNREACH, WORKLOAD } from './fixtures.js';

/** Injection payloads; each one sets `window.__pwned` if it ever runs. */
export const PAYLOADS = {
  script: '<script>window.__pwned = "script"</script>',
  img: '"><img src=x onerror="window.__pwned=\'img\'">',
  js: 'javascript:window.__pwned="js"',
  svg: "'><svg onload=window.__pwned='svg'>",
  closeData: '</script><script>window.__pwned="data"</script><!--',
  lineSeparators: 'line\u2028separator\u2029end',
} as const;

/** OU ids of the hostile organization. */
export const OU = {
  security: 'ou-root-security1',
  workloads: 'ou-root-workloads1',
  nested: 'ou-root-nested001',
};

/** The sample result with payloads in account names, OU names, tags (evidence) and resource ids. */
export function hostileResult(): VerifyResult {
  const base = sampleResult();
  const names: Record<string, string> = {
    [AUDIT]: `Audit ${PAYLOADS.script}`,
    [LOGS]: `Log Archive ${PAYLOADS.img}`,
    [WORKLOAD]: PAYLOADS.js,
    [UNREACH]: `${PAYLOADS.svg} ${PAYLOADS.lineSeparators} ${'very-long-account-name-'.repeat(8)}`,
  };
  const parents: Record<string, string> = {
    [MGMT]: 'r-root',
    [AUDIT]: OU.security,
    [LOGS]: OU.security,
    [WORKLOAD]: OU.nested,
    [UNREACH]: OU.workloads,
  };
  const accounts = base.accounts.map((a) => ({
    ...a,
    name: names[a.id] ?? a.name,
    parentId: parents[a.id]!,
  }));
  const findings: Finding[] = base.findings.map((f, i) =>
    i % 3 === 0 && f.status === 'FAIL'
      ? {
          ...f,
          resource: `arn:aws:s3:::bucket-${i}${PAYLOADS.img}`,
          actual: { tags: { Name: PAYLOADS.script, Owner: PAYLOADS.js, Note: PAYLOADS.closeData } },
        }
      : f,
  );
  findings.push({
    controlId: 'account.security-contact',
    status: 'FAIL',
    severity: 'informational',
    account: WORKLOAD,
    resource: PAYLOADS.js,
    message: `tag value ${PAYLOADS.svg} ${PAYLOADS.closeData}`,
    expected: { tags: { Owner: 'security' } },
    actual: { tags: { Owner: PAYLOADS.img } },
  });
  const controls = base.controls.map((c) =>
    c.id === 'iam.password-policy' ? { ...c, remediation: { ...c.remediation, manual: PAYLOADS.script } } : c,
  );
  return {
    ...base,
    accounts,
    controls,
    findings,
    scores: scoreFindings(findings, controls, rolesOf),
    organization: {
      ous: [
        { id: OU.security, name: `Security ${PAYLOADS.script}`, parentId: 'r-root' },
        { id: OU.workloads, name: PAYLOADS.img, parentId: 'r-root' },
        { id: OU.nested, name: PAYLOADS.js, parentId: OU.workloads },
      ],
      delegatedAdmins: [
        { accountId: AUDIT, servicePrincipal: 'guardduty.amazonaws.com' },
        { accountId: AUDIT, servicePrincipal: `securityhub.amazonaws.com${PAYLOADS.svg}` },
      ],
    },
  };
}

const STATUS_CYCLE: Status[] = ['PASS', 'PASS', 'FAIL', 'PASS', 'NOT_APPLICABLE', 'PASS', 'FAIL', 'ERROR'];

/**
 * A generated organization of `accountCount` accounts and `controlCount` account-scope controls, one
 * finding per control and account; statuses follow a fixed cycle. Roles: the first three accounts are
 * management, security tooling and log archive; the rest are workloads.
 */
export function largeResult(accountCount: number, controlCount: number): VerifyResult {
  const roleOf = (i: number): AccountRoleId =>
    i === 0 ? 'management' : i === 1 ? 'security-tooling' : i === 2 ? 'log-archive' : 'workload';
  const ids = Array.from({ length: accountCount }, (_, i) => String(200000000000 + i));
  const accounts = ids.map((id, i) => ({
    id,
    name: i % 97 === 5 ? `${'Extremely-long-account-name-without-spaces-'.repeat(6)}${i}` : `Account ${i}`,
    status: 'ACTIVE',
    parentId: i < 3 ? 'r-big' : `ou-big-${i % 10}`,
    ouPath: i < 3 ? [] : [`Workloads ${i % 10}`],
  }));
  const controls: ControlSummary[] = Array.from({ length: controlCount }, (_, c) => ({
    id: `svc${c % 20}.check-${c}`,
    title: `Generated control number ${c} holds`,
    severity: SEVERITIES[c % SEVERITIES.length]!,
    service: `svc${c % 20}`,
    capabilities: [CAPABILITY_IDS[c % CAPABILITY_IDS.length]!],
    principles: [PRINCIPLE_IDS[c % PRINCIPLE_IDS.length]!],
    appliesTo: 'all',
    scope: 'account',
    refs: {},
    risk: `Risk of control ${c}.`,
    remediation: { blueprint: `section${c % 9}.key${c}`, manual: `Fix control ${c} by hand.` },
  }));
  const findings: Finding[] = [];
  for (let a = 0; a < accountCount; a++) {
    for (let c = 0; c < controlCount; c++) {
      const status = STATUS_CYCLE[(a + c) % STATUS_CYCLE.length]!;
      findings.push({
        controlId: controls[c]!.id,
        status,
        severity: controls[c]!.severity,
        account: ids[a]!,
        resource: ids[a]!,
        message: status === 'FAIL' ? `control ${c} fails in this account` : `control ${c} holds`,
        ...(status === 'FAIL' ? { expected: { enabled: true }, actual: { enabled: false } } : {}),
      });
    }
  }
  const rolesByAccount = new Map(ids.map((id, i) => [id, [roleOf(i)]]));
  const rolesOfLarge = (id: string) => rolesByAccount.get(id) ?? ['workload'];
  return {
    schemaVersion: 1,
    tool: { name: 'sra-kit', version: '0.1.0' },
    collectedAt: '2025-06-01T08:00:00.000Z',
    evaluatedAt: '2025-06-01T08:30:00.000Z',
    organizationId: 'o-bigbigbig1',
    managementAccountId: ids[0]!,
    homeRegion: 'us-east-1',
    governedRegions: ['us-east-1'],
    accounts,
    roles: ids.map((id) => ({
      account: id,
      roles: rolesOfLarge(id),
      reason: 'generated',
      source: 'inferred' as const,
    })),
    unreachable: [],
    controls,
    findings,
    scores: scoreFindings(findings, controls, rolesOfLarge),
    organization: {
      ous: Array.from({ length: 10 }, (_, i) => ({
        id: `ou-big-${i}`,
        name: `Workloads ${i}`,
        parentId: 'r-big',
      })),
      delegatedAdmins: [{ accountId: ids[1]!, servicePrincipal: 'guardduty.amazonaws.com' }],
    },
    scope: {},
  };
}

/** A real verify run of a sandbox scenario (every service module). */
export async function sandboxResult(name: ScenarioName, workloads = 3): Promise<VerifyResult> {
  const s = await buildScenario(name, { workloads });
  const access = scenarioAccess(s);
  const run = await runVerify({
    access,
    organizationReader: { accounts: accountsFromOrganization, organizationId: organizationIdFrom },
    regions: s.governedRegions,
    now: () => s.sandbox.clock.now(),
  });
  return run.result;
}
