/**
 * Parity with the reference deployment (src/sandbox/scenarios/reference-sra.ts): two identical greenfield
 * organizations, one converged by the engine with every feature, one deployed by the reference script with
 * plain SDK calls. `sra verify` judges both; every control the six features are responsible for that passes
 * for the reference must pass for the engine, account by account and Region by Region.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ORGANIZATION_READER } from '../../src/cli/commands/verify.js';
import { scenarioBlueprint } from '../../src/sandbox/scenarios/blueprint.js';
import { deployReferenceSra, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import type { Finding } from '../../src/verify/types.js';
import { runVerify } from '../../src/verify/verify.js';
import { accessFor } from '../verify/harness.js';
import { converge, failures } from './harness.js';

/** Controls the six features (organizations, delegated-admins, log-archive, cloudtrail, config, account-baseline) own. */
const IN_SCOPE: readonly RegExp[] = [
  /^organizations\./,
  /^blueprint\./,
  /^cloudtrail\./,
  /^config\./,
  /^s3\.account-/,
  /^s3\.log-bucket-/,
  /^kms\./,
  /^account\./,
  /^iam\.password-policy$/,
  /^iam\.centralized-root-/,
  /^ec2\.(ebs-encryption-by-default|ebs-snapshot-block-public-access|imdsv2-default)$/,
  // Delegated-administrator registrations of every service (the delegated-admins feature).
  /\.delegated-admin(-|$)/,
];

/**
 * Controls the reference passes and the engine does not, because the reference deploys more than the six
 * features do. Each entry says why; anything else that differs is a parity failure.
 */
const REFERENCE_DEPLOYS_MORE: ReadonlyArray<[RegExp, string]> = [
  [/^guardduty\./, 'GuardDuty detectors, members, protection plans and export are a later feature'],
  [/^security-hub\./, 'Security Hub central configuration, aggregator and standards are a later feature'],
  [/^inspector\./, 'Inspector activation and auto-enable are a later feature'],
  [/^macie\./, 'Macie activation, members and results export are a later feature'],
  [
    /^access-analyzer\./,
    'the organization and account analyzers are a later feature (only the admin is ours)',
  ],
  [/^network\./, 'the Network account (firewall, DNS firewall, flow and query logs) is a later feature'],
  [
    /^ec2\.(ami-block-public-access|default-security-group-closed|nacl-|vpc-flow-logs)/,
    'VPC and AMI hardening is not in the account baseline yet',
  ],
  [
    /^ec2\.transit-gateway-/,
    "the reference's transit gateway lives in the Network account (a later feature)",
  ],
  [
    /^iam\.root-(hardware-)?mfa$/,
    "the reference sets root MFA and removes member root credentials in the sandbox's world directly: no API the engine could call (root console, sts:AssumeRoot)",
  ],
  [/^ssm\./, 'SSM document sharing block is not in the account baseline yet'],
  [/^iam\.support-role$/, 'the AWS Support role is not in the account baseline yet'],
];

/**
 * In-scope controls where the engine falls short of the reference today: known gaps reported to the lead,
 * kept out of the parity assertion so the suite stays green, and asserted to still differ so the entry is
 * removed once the gap is closed.
 */
/** In-scope controls where the engine may still differ from the reference, each with the reason (none today). */
const KNOWN_GAPS: ReadonlyArray<[RegExp, string]> = [];

const knownGap = (id: string) => KNOWN_GAPS.some(([r]) => r.test(id));

type Status = Finding['status'];
const RANK: Readonly<Record<Status, number>> = { NOT_APPLICABLE: 0, PASS: 1, FAIL: 2, ERROR: 3 };

/** Worst status per control, account and Region (resource names differ between the two deployments). */
function statuses(findings: readonly Finding[]): Map<string, Status> {
  const out = new Map<string, Status>();
  for (const f of findings) {
    const key = `${f.controlId} ${f.account} ${f.region ?? 'global'}`;
    const prev = out.get(key);
    if (!prev || RANK[f.status] > RANK[prev]) out.set(key, f.status);
  }
  return out;
}

async function verify(s: Scenario): Promise<Map<string, Status>> {
  const { result } = await runVerify({
    access: accessFor(s),
    modules: SERVICE_MODULES,
    organizationReader: ORGANIZATION_READER,
    blueprint: scenarioBlueprint(s),
    regions: [...s.governedRegions],
  });
  return statuses(result.findings);
}

const controlOf = (key: string) => key.split(' ')[0]!;
const inScope = (key: string) => IN_SCOPE.some((r) => r.test(controlOf(key)));

describe('parity with the reference deployment', () => {
  let engine: Map<string, Status>;
  let reference: Map<string, Status>;

  beforeAll(async () => {
    const a = await greenfield({ workloads: 2 });
    const { result, second } = await converge(a, scenarioBlueprint(a));
    expect(failures(result)).toBe('');
    expect(second.steps).toEqual([]);
    const b = await greenfield({ workloads: 2 });
    await deployReferenceSra(b.sandbox, b);
    // Same layout, same account ids: findings line up key by key.
    expect(b.managementAccountId).toBe(a.managementAccountId);
    [engine, reference] = await Promise.all([verify(a), verify(b)]);
  });

  it('passes every in-scope control the reference passes, in every account and Region', () => {
    const referencePasses = [...reference].filter(([k, st]) => st === 'PASS' && inScope(k)).map(([k]) => k);
    // The comparison covers the foundation: trail, Config, log bucket, key, baseline, Organizations.
    const controls = new Set(referencePasses.map(controlOf));
    for (const id of [
      'organizations.scps-configured',
      'cloudtrail.org-trail-kms',
      'config.recorder-recording',
      'config.org-aggregator-exists',
      's3.log-bucket-tls-only',
      'kms.key-rotation',
      'iam.password-policy',
      'ec2.ebs-encryption-by-default',
      'account.security-contact',
      'guardduty.delegated-admin-is-security-tooling',
    ]) {
      expect(controls, id).toContain(id);
    }
    const differing = referencePasses.filter((k) => engine.get(k) !== 'PASS');
    const regressions = differing.filter((k) => !knownGap(controlOf(k))).map((k) => `${k}: ${engine.get(k)}`);
    expect(regressions).toEqual([]);
    for (const [pattern, why] of KNOWN_GAPS) {
      expect(
        differing.some((k) => pattern.test(controlOf(k))),
        `known gap closed? ${pattern.source} (${why})`,
      ).toBe(true);
    }
  });

  it('differs outside the six features only where the reference deploys more', () => {
    const differing = [...reference]
      .filter(([k, st]) => st === 'PASS' && engine.get(k) !== 'PASS' && !inScope(k))
      .map(([k]) => controlOf(k));
    const unexplained = [...new Set(differing)].filter(
      (id) => !REFERENCE_DEPLOYS_MORE.some(([r]) => r.test(id)),
    );
    expect(unexplained).toEqual([]);
    // Every listed reason still applies (an entry that no longer differs should be removed from the list).
    for (const [pattern, why] of REFERENCE_DEPLOYS_MORE) {
      expect(
        differing.some((id) => pattern.test(id)),
        `${pattern.source} (${why})`,
      ).toBe(true);
    }
  });
});
