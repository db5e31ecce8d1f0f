/**
 * The blueprint that describes a scenario's organization as the SRA wants it: its OUs, role accounts and
 * workloads, the built-in guardrails, and every foundation feature on. `sra demo`, the engine tests and
 * the benchmarks apply it; written out, it is also an example of a complete blueprint.
 */
import { stringify } from 'yaml';
import type { BlueprintInput } from '../../blueprint/schema.js';
import { parseBlueprint } from '../../blueprint/load.js';
import type { Blueprint } from '../../blueprint/schema.js';
import type { ScenarioLayout } from './layout.js';

/** Options of {@link scenarioBlueprintInput}. */
export interface ScenarioBlueprintOptions {
  /** Pin the organization id (so `apply` refuses any other). @default true */
  pinOrganization?: boolean;
  /** Attach the built-in SCPs and RCPs to the root. @default true */
  guardrails?: boolean;
  /** Workload OU of each workload account, by index (as the layout spread them). @default ['Workloads'] */
  workloadOus?: readonly string[];
  /**
   * The organization runs a Control Tower landing zone: the blueprint says so, and the organization trail
   * becomes data-events-only (S3) beside Control Tower's own. @default true for the `control-tower` scenario
   */
  controlTower?: boolean;
  /** Extra top-level sections merged over the defaults (e.g. `{ dataProtection: { macie: { enabled: false } } }`). */
  overrides?: Partial<BlueprintInput>;
}

function contact(type: string) {
  return {
    name: `${type} team`,
    title: `${type} contact`,
    email: `${type}@example.com`,
    phone: '+1-555-0100',
  };
}

/** The blueprint of a scenario as plain input (what `sra.yaml` would say). */
export function scenarioBlueprintInput(
  layout: ScenarioLayout,
  options: ScenarioBlueprintOptions = {},
): BlueprintInput {
  const workloadOus = options.workloadOus ?? ['Workloads'];
  const guardrails = options.guardrails ?? true;
  const controlTower = options.controlTower ?? (layout as { name?: string }).name === 'control-tower';
  const input: BlueprintInput = {
    version: 1,
    organization: {
      ...(options.pinOrganization === false ? {} : { id: layout.organizationId }),
      managementAccount: layout.managementAccountId,
      homeRegion: layout.homeRegion,
      governedRegions: [...layout.governedRegions],
      memberRoleName: layout.memberRoleName,
      ...(controlTower ? { controlTower: { enabled: true } } : {}),
      organizationalUnits: [
        { name: 'Security', accounts: [layout.securityToolingId, layout.logArchiveId] },
        { name: 'Infrastructure', accounts: [layout.networkId, layout.sharedServicesId] },
        ...[...new Set(workloadOus)].map((name) => ({ name })),
      ],
    },
    accounts: {
      securityTooling: layout.securityToolingId,
      logArchive: layout.logArchiveId,
      network: layout.networkId,
      sharedServices: layout.sharedServicesId,
      workloads: layout.workloadIds.map((id, i) => ({ id, ou: workloadOus[i % workloadOus.length]! })),
    },
    governance: {
      serviceControlPolicies: guardrails
        ? [
            { name: 'sra-deny-leave-organization', builtin: 'deny-leave-organization' },
            { name: 'sra-protect-security-services', builtin: 'protect-security-services' },
            { name: 'sra-deny-root-user', builtin: 'deny-root-user' },
          ]
        : [],
      resourceControlPolicies: guardrails
        ? [
            { name: 'sra-require-tls', builtin: 'require-tls' },
            { name: 'sra-org-only-access', builtin: 'org-only-access' },
          ]
        : [],
      // The contacts the reference deployment sets, so a deployed scenario plans no contact changes.
      alternateContacts: {
        security: contact('security'),
        billing: contact('billing'),
        operations: contact('operations'),
      },
    },
    ...(controlTower
      ? {
          threatDetection: {
            cloudtrail: { organizationTrail: { managementEvents: false, dataEvents: { s3: true } } },
          },
        }
      : {}),
    ...options.overrides,
  };
  return input;
}

/** The blueprint of a scenario as YAML text. */
export function scenarioBlueprintYaml(
  layout: ScenarioLayout,
  options: ScenarioBlueprintOptions = {},
): string {
  return stringify(scenarioBlueprintInput(layout, options), { lineWidth: 0 });
}

/** The resolved blueprint of a scenario (parsed exactly as `sra.yaml` would be). */
export function scenarioBlueprint(layout: ScenarioLayout, options: ScenarioBlueprintOptions = {}): Blueprint {
  const text = scenarioBlueprintYaml(layout, options);
  const parsed = parseBlueprint(text, 'scenario.sra.yaml');
  if (!parsed.blueprint) {
    const first = parsed.diagnostics[0];
    throw new Error(
      `the scenario blueprint is invalid: ${first ? `${first.path}: ${first.message}` : 'unknown problem'}`,
    );
  }
  return parsed.blueprint;
}
