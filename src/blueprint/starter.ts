/**
 * The starter blueprint `sra init` writes: every section explained, every SRA default shown.
 *
 * Conventions of the text (tests rely on them): lines whose first non-blank characters are `# ` are
 * settings shown at their default value, so uncommenting any of them changes nothing; lines starting with
 * `##` are explanations and examples.
 */

/** Placeholder account IDs of the starter blueprint; `sra init` users replace them. */
export const STARTER_PLACEHOLDER_ACCOUNTS = {
  management: '111111111111',
  securityTooling: '222222222222',
  logArchive: '333333333333',
} as const;

/** The text of the starter blueprint (valid as written). */
export const STARTER_BLUEPRINT = `## sra-kit blueprint: what your AWS Organization should look like under the AWS Security
## Reference Architecture (SRA).
##
## Write only what differs from the SRA defaults. Lines starting with "# " show a setting at its
## default value: uncomment one and change it. Lines starting with "##" explain.
##   sra validate            checks this file (every error at once, with line numbers)
##   sra explain <key>       documents any key, e.g. sra explain threatDetection.guardduty
##
## Before anything else, replace the placeholder account IDs 111111111111, 222222222222 and
## 333333333333 with your own. Always quote account IDs: unquoted, YAML reads them as numbers.
version: 1

## ── Organization ──────────────────────────────────────────────────────────────────────────────
## The management account keeps Organizations, policies, the organization trail and Identity Center.
## It is never a delegated administrator and runs no workloads.
organization:
  ## id: o-a1b2c3d4e5        (optional) pins the organization: sra apply refuses any other
  managementAccount: "111111111111"
  ## The home Region hosts aggregators and global-resource recording; it must be governed.
  homeRegion: us-east-1
  ## Regions where regional security services are configured.
  governedRegions:
    - us-east-1
    - us-west-2
  # memberRoleName: OrganizationAccountAccessRole   ## AWSControlTowerExecution under Control Tower
  # controlTower:
  #   enabled: false
  #   managesCloudTrail: true
  #   managesConfig: true
  ## Organizational units, referenced by name from targets and workloads, e.g.:
  ##   organizationalUnits:
  ##     - name: Security
  ##       accounts: ["222222222222", "333333333333"]
  ##     - name: Workloads
  ##     - name: Prod
  ##       parent: Workloads
  # organizationalUnits: []

## ── Accounts ──────────────────────────────────────────────────────────────────────────────────
## One account per SRA role.
accounts:
  ## Security Tooling (Control Tower calls it "Audit"): delegated admin of the security services.
  securityTooling: "222222222222"
  ## Log Archive: central, immutable, encrypted log storage.
  logArchive: "333333333333"
  ## Optional roles: network, sharedServices, forensics, generativeAi, e.g.
  ##   network: "444444444444"
  ## Workload accounts that targets may name:
  ##   workloads:
  ##     - { id: "555555555555", name: payments-prod, ou: Prod }
  # workloads: []

## ── Security governance ───────────────────────────────────────────────────────────────────────
## Organization policies and account contacts. Policies attach to the root unless targets say otherwise.
governance:
  ## serviceControlPolicies:
  ##   - name: sra-deny-leave-organization
  ##     builtin: deny-leave-organization
  ##   - name: sra-protect-security-services
  ##     builtin: protect-security-services
  # serviceControlPolicies: []
  # resourceControlPolicies: []
  ## The SRA sets security, billing and operations contacts on every account:
  ##   alternateContacts:
  ##     security: { name: Security Team, title: CISO, email: security@example.com, phone: "+1 555 0100" }
  # declarativePolicies:
  #   enabled: false

## ── Security assurance ────────────────────────────────────────────────────────────────────────
## AWS Config records every account and Region; Security Hub evaluates the records against standards.
assurance:
  # config:
  #   enabled: true
  #   recordAllResources: true
  #   globalResourcesRegion: us-east-1   ## default: the home Region
  #   deliveryFrequency: TwentyFour_Hours
  #   aggregator:
  #     enabled: true
  #   conformancePacks: []
  # securityHub:
  #   enabled: true
  #   configuration: central   ## central configuration from Security Tooling
  #   standards: [fsbp]        ## also: cis-5.0.0, nist-800-53-r5, pci-dss-4.0.1, ...
  #   aggregatorRegion: us-east-1   ## default: the home Region
  # auditManager:
  #   enabled: false

## ── Identity and access management ───────────────────────────────────────────────────────────
identity:
  # accessAnalyzer:
  #   external: true
  #   unusedAccess:
  #     enabled: false
  #     unusedAccessAgeDays: 90
  # passwordPolicy:
  #   minimumLength: 14
  #   maxAgeDays: 90
  #   reusePrevention: 24
  #   requireUppercase: true
  #   requireLowercase: true
  #   requireNumbers: true
  #   requireSymbols: true
  #   allowUsersToChange: true
  #   hardExpiry: false
  # rootAccess: centralized
  ## identityCenter:
  ##   delegatedAdministrator: shared-services   ## needs accounts.sharedServices

## ── Threat detection ──────────────────────────────────────────────────────────────────────────
threatDetection:
  # guardduty:
  #   enabled: true
  #   protectionPlans: all   ## or a list: s3, eks-audit-logs, ebs-malware, rds-login, lambda-network, runtime-monitoring
  #   findingPublishingFrequency: FIFTEEN_MINUTES
  #   exportFindings: true
  # cloudtrail:
  #   organizationTrail:
  #     enabled: true
  #     name: sra-org-trail
  #     multiRegion: true
  #     managementEvents: true
  #     logFileValidation: true
  #     kms: true
  #     cloudWatchLogs:
  #       enabled: true
  #       retentionDays: 400
  #     dataEvents:
  #       s3: false
  #       lambda: false
  ## Security Lake is billed per GB: enabling it needs acknowledgeCost: true.
  # securityLake:
  #   enabled: false
  #   acknowledgeCost: false

## ── Vulnerability management ──────────────────────────────────────────────────────────────────
vulnerabilityManagement:
  # inspector:
  #   enabled: true
  #   scanTypes: [ec2, ecr, lambda, lambda-code]

## ── Infrastructure protection ─────────────────────────────────────────────────────────────────
infrastructureProtection:
  # ebsSnapshotBlockPublicAccess: true
  # imdsV2Default: true
  # firewallManager:
  #   enabled: false
  ## Shield Advanced has a monthly fee and a one-year commitment: enabling it needs acknowledgeCost: true.
  # shieldAdvanced:
  #   enabled: false
  #   acknowledgeCost: false
  # dnsFirewall:
  #   enabled: false
  # networkFirewall:
  #   enabled: false   ## needs accounts.network

## ── Data protection ───────────────────────────────────────────────────────────────────────────
dataProtection:
  # s3BlockPublicAccess: true
  # ebsEncryptionByDefault: true
  # macie:
  #   enabled: true
  #   exportFindings: true
  # kms:
  #   keyRotation: true
  #   pendingWindowDays: 30

## ── Application security ──────────────────────────────────────────────────────────────────────
applicationSecurity:
  # codeSecurity:
  #   enabled: false   ## Amazon Inspector code security; needs vulnerabilityManagement.inspector
  # wafLogging:
  #   enabled: true

## ── Incident response ─────────────────────────────────────────────────────────────────────────
incidentResponse:
  # detective:
  #   enabled: false   ## needs GuardDuty
  # alerting:
  #   enabled: true
  #   minimumSeverity: high
  ##   email: security-alerts@example.com
  # securityIncidentResponse:
  #   enabled: false

## Every feature with targets takes the same shape (default: the whole organization, every governed Region):
##   targets: { ous: [Workloads], accounts: ["555555555555"], excludeAccounts: [], excludeRegions: [] }
`;
