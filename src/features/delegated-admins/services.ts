/**
 * Which services get trusted access and a delegated administrator, from the blueprint, and how each one is
 * designated. The service principals and administrator roles come from the catalog
 * (`src/catalog/services.ts`); this table adds what only deployment needs: the blueprint switch that turns
 * the service on, the targets that decide its Regions, and the API that designates the administrator.
 *
 * Designation mechanisms (SRA.md §3 step 1):
 * - `organizations`: `organizations:RegisterDelegatedAdministrator`, once per service principal (Config with
 *   both of its principals, IAM Access Analyzer, IAM Identity Center).
 * - a service's own admin API, in every targeted governed Region for the services designated per Region
 *   (GuardDuty, Security Hub, Inspector, Macie, Detective, Audit Manager), once for the others (CloudTrail and
 *   Security Lake in the home Region, Firewall Manager in us-east-1). The own APIs create the service-linked
 *   roles, turn trusted access on and register the administrator in Organizations themselves, which
 *   `RegisterDelegatedAdministrator` alone does not; AWS recommends letting the service enable its own trusted
 *   access, so `EnableAWSServiceAccess` is sent directly only for the Organizations-designated services and
 *   CloudTrail (it is their documented prerequisite) and for a service whose administrator is in place while
 *   trusted access is off.
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html
 */
import type { Blueprint, Targets } from '../../blueprint/schema.js';
import type { AccountRoleId } from '../../catalog/ids.js';
import { getService, type ServiceId } from '../../catalog/services.js';
import type { RoleAccounts } from '../../engine/types.js';

/** The service admin APIs the feature drives (each has an enable and a disable op). */
export const ADMIN_API_IDS = [
  'guardduty',
  'securityhub',
  'inspector',
  'macie',
  'detective',
  'auditmanager',
  'cloudtrail',
  'securitylake',
  'fms',
] as const;

/** Id of one service admin API. */
export type AdminApiId = (typeof ADMIN_API_IDS)[number];

/** The Region where the Firewall Manager default administrator is set. */
export const FMS_ADMIN_REGION = 'us-east-1';

/** Trusted access that centralized root access management needs. */
export const IAM_PRINCIPAL = 'iam.amazonaws.com';

/** The two organization features of centralized root access management. */
export const ROOT_ACCESS_FEATURES = ['RootCredentialsManagement', 'RootSessions'] as const;

/** How the administrator of a service is designated. */
export type Mechanism =
  /** `organizations:RegisterDelegatedAdministrator` for each admin principal. */
  | { kind: 'organizations' }
  /** The service's own API, in each of `regions` (`perRegion`) or once, in `regions[0]`. */
  | {
      kind: 'api';
      api: AdminApiId;
      perRegion: boolean;
      /**
       * Whether the admin API turns trusted access on by itself (false for CloudTrail, whose
       * RegisterOrganizationDelegatedAdmin fails with CloudTrailAccessNotEnabledException until it is on:
       * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_RegisterOrganizationDelegatedAdmin.html).
       */
      enablesTrustedAccess: boolean;
    };

/** One row of the service table. */
export interface AdminServiceSpec {
  /** Catalog id. */
  service: ServiceId;
  /** How the administrator is designated. */
  mechanism: Mechanism;
  /** Blueprint key that turns the service on (for notes). */
  blueprintKey: string;
  /** Whether the blueprint turns the service on. */
  enabled(blueprint: Blueprint): boolean;
  /** Targets whose `excludeRegions` limit the Regions of a per-Region service. */
  targets?(blueprint: Blueprint): Targets;
  /** Principals that need trusted access (default: every catalog principal of the service). */
  trustedPrincipals?: readonly string[];
  /**
   * Service principals whose Organizations registration is the administrator (the first catalog principal
   * unless stated: GuardDuty's malware-protection principal only needs trusted access).
   */
  adminPrincipals?: readonly string[];
}

/** The services whose administration sra-kit delegates, in SRA.md §3 order. */
export const ADMIN_SERVICES: readonly AdminServiceSpec[] = [
  {
    service: 'cloudtrail',
    mechanism: { kind: 'api', api: 'cloudtrail', perRegion: false, enablesTrustedAccess: false },
    blueprintKey: 'threatDetection.cloudtrail.organizationTrail.enabled',
    enabled: (b) => b.threatDetection.cloudtrail.organizationTrail.enabled,
  },
  {
    service: 'config',
    mechanism: { kind: 'organizations' },
    blueprintKey: 'assurance.config.enabled',
    enabled: (b) => b.assurance.config.enabled,
  },
  {
    service: 'access-analyzer',
    mechanism: { kind: 'organizations' },
    blueprintKey: 'identity.accessAnalyzer',
    enabled: (b) => b.identity.accessAnalyzer.external || b.identity.accessAnalyzer.unusedAccess.enabled,
  },
  {
    service: 'guardduty',
    mechanism: { kind: 'api', api: 'guardduty', perRegion: true, enablesTrustedAccess: true },
    blueprintKey: 'threatDetection.guardduty.enabled',
    enabled: (b) => b.threatDetection.guardduty.enabled,
    targets: (b) => b.threatDetection.guardduty.targets,
    // malware-protection.guardduty.amazonaws.com names GuardDuty's second service-linked role, which GuardDuty
    // creates itself; the organization integration is guardduty.amazonaws.com.
    // https://docs.aws.amazon.com/guardduty/latest/ug/slr-permissions-malware-protection.html
    trustedPrincipals: ['guardduty.amazonaws.com'],
    adminPrincipals: ['guardduty.amazonaws.com'],
  },
  {
    service: 'security-hub',
    mechanism: { kind: 'api', api: 'securityhub', perRegion: true, enablesTrustedAccess: true },
    blueprintKey: 'assurance.securityHub.enabled',
    enabled: (b) => b.assurance.securityHub.enabled,
    targets: (b) => b.assurance.securityHub.targets,
  },
  {
    service: 'inspector',
    mechanism: { kind: 'api', api: 'inspector', perRegion: true, enablesTrustedAccess: true },
    blueprintKey: 'vulnerabilityManagement.inspector.enabled',
    enabled: (b) => b.vulnerabilityManagement.inspector.enabled || b.applicationSecurity.codeSecurity.enabled,
    targets: (b) => b.vulnerabilityManagement.inspector.targets,
  },
  {
    service: 'macie',
    mechanism: { kind: 'api', api: 'macie', perRegion: true, enablesTrustedAccess: true },
    blueprintKey: 'dataProtection.macie.enabled',
    enabled: (b) => b.dataProtection.macie.enabled,
    targets: (b) => b.dataProtection.macie.targets,
  },
  {
    service: 'detective',
    mechanism: { kind: 'api', api: 'detective', perRegion: true, enablesTrustedAccess: true },
    blueprintKey: 'incidentResponse.detective.enabled',
    enabled: (b) => b.incidentResponse.detective.enabled,
    targets: (b) => b.incidentResponse.detective.targets,
  },
  {
    service: 'audit-manager',
    mechanism: { kind: 'api', api: 'auditmanager', perRegion: true, enablesTrustedAccess: true },
    blueprintKey: 'assurance.auditManager.enabled',
    enabled: (b) => b.assurance.auditManager.enabled,
  },
  {
    service: 'firewall-manager',
    mechanism: { kind: 'api', api: 'fms', perRegion: false, enablesTrustedAccess: true },
    blueprintKey: 'infrastructureProtection.firewallManager.enabled',
    enabled: (b) => b.infrastructureProtection.firewallManager.enabled,
  },
  {
    service: 'security-lake',
    mechanism: { kind: 'api', api: 'securitylake', perRegion: false, enablesTrustedAccess: true },
    blueprintKey: 'threatDetection.securityLake.enabled',
    enabled: (b) => b.threatDetection.securityLake.enabled,
  },
  {
    service: 'iam-identity-center',
    mechanism: { kind: 'organizations' },
    blueprintKey: 'identity.identityCenter.delegatedAdministrator',
    enabled: (b) => b.identity.identityCenter?.delegatedAdministrator === 'shared-services',
  },
];

/** A service the blueprint turns on, resolved against the organization's role accounts. */
export interface Designation {
  /** The table row. */
  spec: AdminServiceSpec;
  /** Product name, e.g. `Amazon GuardDuty`. */
  name: string;
  /** Principals that need trusted access. */
  trustedPrincipals: readonly string[];
  /** Principals Organizations lists the administrator under. */
  adminPrincipals: readonly string[];
  /** SRA role of the administrator. */
  adminRole: AccountRoleId;
  /** The account that should administer the service, or undefined when the blueprint names none. */
  admin: string | undefined;
}

/** The account of an SRA role, when the blueprint has one. */
export function roleAccount(roles: RoleAccounts, role: AccountRoleId): string | undefined {
  switch (role) {
    case 'management':
      return roles.management;
    case 'security-tooling':
      return roles.securityTooling;
    case 'log-archive':
      return roles.logArchive;
    case 'network':
      return roles.network;
    case 'shared-services':
      return roles.sharedServices;
    default:
      return undefined;
  }
}

/** The services of {@link ADMIN_SERVICES} the blueprint turns on, with their principals and administrator. */
export function designationsFor(blueprint: Blueprint, roles: RoleAccounts): Designation[] {
  return ADMIN_SERVICES.filter((spec) => spec.enabled(blueprint)).map((spec) => {
    const info = getService(spec.service);
    const adminRole = info.delegatedAdmin?.adminAccountRole ?? 'security-tooling';
    return {
      spec,
      name: info.name,
      trustedPrincipals: spec.trustedPrincipals ?? info.servicePrincipals,
      adminPrincipals:
        spec.adminPrincipals ??
        (spec.mechanism.kind === 'organizations'
          ? info.servicePrincipals
          : info.servicePrincipals.slice(0, 1)),
      adminRole,
      admin: roleAccount(roles, adminRole),
    };
  });
}
