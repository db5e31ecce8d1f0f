/**
 * Stable identifiers of the SRA frame: the nine AWS CAF security capabilities, the seven
 * Well-Architected security design principles and the SRA account roles. Everything else in
 * sra-kit (blueprint sections, controls, findings, reports) refers to these ids.
 */

/** The nine AWS CAF security-perspective capabilities, in the CAF's order. */
export const CAPABILITY_IDS = [
  'security-governance',
  'security-assurance',
  'identity-and-access-management',
  'threat-detection',
  'vulnerability-management',
  'infrastructure-protection',
  'data-protection',
  'application-security',
  'incident-response',
] as const;

/** Id of one AWS CAF security capability. */
export type CapabilityId = (typeof CAPABILITY_IDS)[number];

/** The seven Well-Architected security-pillar design principles, in the pillar's order. */
export const PRINCIPLE_IDS = [
  'strong-identity-foundation',
  'enable-traceability',
  'security-at-all-layers',
  'automate-security-best-practices',
  'protect-data-in-transit-and-at-rest',
  'keep-people-away-from-data',
  'prepare-for-security-events',
] as const;

/** Id of one Well-Architected security design principle. */
export type PrincipleId = (typeof PRINCIPLE_IDS)[number];

/** The SRA account roles (SRA.md §2). */
export const ACCOUNT_ROLE_IDS = [
  'management',
  'security-tooling',
  'log-archive',
  'network',
  'shared-services',
  'workload',
  'forensics',
  'generative-ai',
] as const;

/** Id of one SRA account role. */
export type AccountRoleId = (typeof ACCOUNT_ROLE_IDS)[number];

/**
 * Blueprint section (camelCase key in `sra.yaml`) for each capability. The blueprint's top-level
 * sections are exactly these nine plus `organization` and `accounts`.
 */
export const CAPABILITY_SECTION: Readonly<Record<CapabilityId, string>> = {
  'security-governance': 'governance',
  'security-assurance': 'assurance',
  'identity-and-access-management': 'identity',
  'threat-detection': 'threatDetection',
  'vulnerability-management': 'vulnerabilityManagement',
  'infrastructure-protection': 'infrastructureProtection',
  'data-protection': 'dataProtection',
  'application-security': 'applicationSecurity',
  'incident-response': 'incidentResponse',
};
