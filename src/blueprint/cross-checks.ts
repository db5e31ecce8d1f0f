/**
 * Checks that span keys: account roles, references to OUs and accounts, Regions, and options that depend on
 * each other. They run on every section that passed schema validation, so one run reports as much as
 * possible; a check whose sections are invalid is skipped rather than guessing.
 */
import { findRegion } from '../catalog/regions.js';
import { closestMatches, didYouMean } from '../util/suggest.js';
import type { DiagnosticCode } from './diagnostics.js';
import {
  knownAccounts,
  resolveTargets,
  ROLE_OF_ACCOUNT_KEY,
  ROOT_OU,
  type BlueprintLayout,
  type RoleAccountKey,
} from './resolve.js';
import { ACCOUNT_ID_PATTERN, type BlueprintSection, type ParsedBlueprint, type Targets } from './schema.js';
import { formatPath, type PathSegment } from './walk.js';

/** A blueprint where each section is present only if it passed schema validation. */
export type PartialBlueprint = { [K in BlueprintSection]?: ParsedBlueprint[K] };

/** One cross-check finding, positioned later by the loader. */
export interface CrossCheckIssue {
  /**
   * Candidate key paths, best first. The diagnostic points at the first one written in the source (the
   * setting the user chose); when none is written, at the nearest written ancestor of the first.
   */
  paths: PathSegment[][];
  /**
   * Further keys the finding was derived from. When one of them (or one of `paths`) was invalid and fell
   * back to its default, the finding is not reported: it could be an artefact of the default.
   */
  dependsOn?: PathSegment[][];
  /** Stable code. */
  code: DiagnosticCode;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  hint?: string;
}

/**
 * AWS Organizations allows five SCPs per root, OU or account, and FullAWSAccess holds one of the slots.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
const MAX_CUSTOM_SCPS_PER_TARGET = 4;

/** OUs nest at most five levels below the root (same page as above). */
const MAX_OU_DEPTH = 5;

const ROLE_LABEL: Record<RoleAccountKey, string> = {
  securityTooling: 'Security Tooling',
  logArchive: 'Log Archive',
  network: 'Network',
  sharedServices: 'Shared Services',
  forensics: 'Forensics',
  generativeAi: 'Generative AI',
};

/**
 * Which account each role key names, keeping only well-formed account IDs. Taken from the raw input, so
 * two roles sharing an account are reported even when another key of `accounts` is invalid.
 */
export interface AccountAssignments {
  /** `organization.managementAccount`, when it is a valid account ID. */
  managementAccount?: string;
  /** Role account keys with a valid account ID. */
  roles: Partial<Record<RoleAccountKey, string>>;
  /** `accounts.workloads[].id` by index, `undefined` where missing or malformed. */
  workloads: Array<string | undefined>;
}

/** Reads the {@link AccountAssignments} out of raw (unvalidated) blueprint data. */
export function extractAssignments(raw: unknown): AccountAssignments {
  const get = (v: unknown, key: string): unknown =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)[key]
      : undefined;
  const id = (v: unknown) => (typeof v === 'string' && ACCOUNT_ID_PATTERN.test(v) ? v : undefined);
  const accounts = get(raw, 'accounts');
  const roles: Partial<Record<RoleAccountKey, string>> = {};
  for (const key of Object.keys(ROLE_OF_ACCOUNT_KEY) as RoleAccountKey[]) {
    const value = id(get(accounts, key));
    if (value !== undefined) roles[key] = value;
  }
  const workloads = get(accounts, 'workloads');
  const managementAccount = id(get(get(raw, 'organization'), 'managementAccount'));
  return {
    ...(managementAccount !== undefined ? { managementAccount } : {}),
    roles,
    workloads: Array.isArray(workloads) ? workloads.map((w) => id(get(w, 'id'))) : [],
  };
}

/**
 * Runs every cross-check whose sections are present and returns the issues found. `raw` is the unvalidated
 * input; when given, account roles are compared from it (see {@link extractAssignments}).
 */
export function crossCheck(bp: PartialBlueprint, raw?: unknown): CrossCheckIssue[] {
  const issues: CrossCheckIssue[] = [];
  const org = bp.organization;
  const accounts = bp.accounts;
  if (org) {
    checkRegions(org, issues);
    checkOrganizationalUnits(org, issues);
    checkControlTower(org, issues);
  }
  if (raw !== undefined) {
    checkRoles(extractAssignments(raw), issues);
  } else if (org && accounts) {
    checkRoles(extractAssignments({ organization: org, accounts }), issues);
  }
  if (org && accounts) {
    const layout: BlueprintLayout = { organization: org, accounts };
    checkPlacement(layout, issues);
    checkAllTargets(bp, layout, issues);
    if (bp.governance) checkPolicies(bp.governance, issues);
    checkDependencies(bp, layout, issues);
  }
  checkCostAcknowledgements(bp, issues);
  return issues;
}

function checkRegions(org: ParsedBlueprint['organization'], issues: CrossCheckIssue[]): void {
  if (!org.governedRegions.includes(org.homeRegion)) {
    issues.push({
      paths: [['organization', 'homeRegion']],
      dependsOn: [['organization', 'governedRegions']],
      code: 'home-region-not-governed',
      message: `home Region ${org.homeRegion} is not in governedRegions`,
      hint: `add ${org.homeRegion} to organization.governedRegions (aggregators and global recording live in the home Region)`,
    });
  }
  const partition = findRegion(org.homeRegion)?.partition;
  org.governedRegions.forEach((code, i) => {
    const other = findRegion(code)?.partition;
    if (partition && other && other !== partition) {
      issues.push({
        paths: [['organization', 'governedRegions', i]],
        code: 'inconsistent-option',
        message: `${code} is in the ${other} partition but the home Region ${org.homeRegion} is in ${partition}`,
        hint: 'an organization lives in one partition; govern only Regions of the home Region partition',
      });
    }
  });
}

function checkOrganizationalUnits(org: ParsedBlueprint['organization'], issues: CrossCheckIssue[]): void {
  const names = org.organizationalUnits.map((ou) => ou.name);
  const parentOf = new Map(org.organizationalUnits.map((ou) => [ou.name, ou.parent ?? ROOT_OU]));
  org.organizationalUnits.forEach((ou, i) => {
    if (ou.name === ROOT_OU) {
      issues.push({
        paths: [['organization', 'organizationalUnits', i, 'name']],
        code: 'invalid-value',
        message: `"${ROOT_OU}" is reserved for the organization root`,
        hint: 'choose another OU name; OUs without a parent sit directly under the root',
      });
      return;
    }
    if (ou.parent !== undefined && ou.parent !== ROOT_OU && !names.includes(ou.parent)) {
      issues.push({
        paths: [['organization', 'organizationalUnits', i, 'parent']],
        code: 'dangling-reference',
        message: `parent OU "${ou.parent}" is not declared in organization.organizationalUnits`,
        hint:
          didYouMean(ou.parent, names) ?? `declare it, or omit parent to place "${ou.name}" under the root`,
      });
      return;
    }
    // Walk up to the root: a repeated name is a cycle, more than MAX_OU_DEPTH steps is too deep.
    const seen = new Set<string>([ou.name]);
    let depth = 1;
    let parent = parentOf.get(ou.name);
    while (parent !== undefined && parent !== ROOT_OU) {
      if (seen.has(parent)) {
        issues.push({
          paths: [['organization', 'organizationalUnits', i, 'parent']],
          code: 'ou-cycle',
          message: `OU "${ou.name}" is its own ancestor (${[...seen, parent].join(' → ')})`,
          hint: 'OUs form a tree under the root; break the loop by changing one parent',
        });
        return;
      }
      seen.add(parent);
      depth++;
      parent = parentOf.get(parent);
    }
    if (depth > MAX_OU_DEPTH) {
      issues.push({
        paths: [['organization', 'organizationalUnits', i, 'parent']],
        code: 'ou-depth',
        message: `OU "${ou.name}" is nested ${depth} levels deep; AWS Organizations allows ${MAX_OU_DEPTH}`,
        hint: 'flatten the OU tree',
      });
    }
  });
}

/** The major version of a landing zone version such as "3.3"; undefined when absent. */
function ctMajor(version: string | undefined): number | undefined {
  if (version === undefined) return undefined;
  return Number(version.split('.')[0]);
}

function checkControlTower(org: ParsedBlueprint['organization'], issues: CrossCheckIssue[]): void {
  const ct = org.controlTower;
  if (!ct.enabled) return;
  const major = ctMajor(ct.version);
  if (major === undefined || major >= 4) return;
  // Before landing zone 4.0 the CloudTrail and Config integrations cannot be turned off.
  for (const key of ['managesCloudTrail', 'managesConfig'] as const) {
    if (!ct[key]) {
      issues.push({
        paths: [['organization', 'controlTower', key]],
        code: 'inconsistent-option',
        message: `Control Tower ${ct.version} always manages ${key === 'managesCloudTrail' ? 'CloudTrail' : 'AWS Config'}; only landing zone 4.0 and later make it optional`,
        hint: `remove ${key}, or set organization.controlTower.version to your landing zone version`,
      });
    }
  }
}

function checkRoles(assignments: AccountAssignments, issues: CrossCheckIssue[]): void {
  const mgmt = assignments.managementAccount;
  const holder = new Map<string, string>();
  if (mgmt !== undefined) holder.set(mgmt, 'organization.managementAccount');
  for (const key of Object.keys(ROLE_OF_ACCOUNT_KEY) as RoleAccountKey[]) {
    const id = assignments.roles[key];
    if (id === undefined) continue;
    const path = ['accounts', key];
    if (id === mgmt) {
      issues.push({
        paths: [path],
        code: 'management-account-role',
        message: `the management account ${id} cannot be the ${ROLE_LABEL[key]} account`,
        hint: 'the management account is never a delegated administrator; use a dedicated member account',
      });
      continue;
    }
    const first = holder.get(id);
    if (first !== undefined) {
      const both = new Set([first, `accounts.${key}`]);
      const pairHint =
        both.has('accounts.securityTooling') && both.has('accounts.logArchive')
          ? 'Security Tooling and Log Archive must be distinct accounts: logs stay out of reach of the tooling that reads them'
          : 'each SRA role needs its own account';
      issues.push({
        paths: [path],
        code: 'duplicate-role',
        message: `account ${id} already holds another role (${first})`,
        hint: pairHint,
      });
      continue;
    }
    holder.set(id, `accounts.${key}`);
  }
  assignments.workloads.forEach((id, i) => {
    if (id === undefined) return;
    const path = ['accounts', 'workloads', i, 'id'];
    if (id === mgmt) {
      issues.push({
        paths: [path],
        code: 'management-account-role',
        message: `the management account ${id} cannot be a workload account`,
        hint: 'keep workloads out of the management account',
      });
    } else if (holder.has(id)) {
      issues.push({
        paths: [path],
        code: 'duplicate-role',
        message: `workload account ${id} already holds another role (${holder.get(id)})`,
        hint: 'workloads run in their own accounts, apart from the SRA security and infrastructure accounts',
      });
    }
  });
}

function checkPlacement(layout: BlueprintLayout, issues: CrossCheckIssue[]): void {
  const ouNames = layout.organization.organizationalUnits.map((ou) => ou.name);
  const placedIn = new Map<string, string>();
  layout.organization.organizationalUnits.forEach((ou, i) => {
    ou.accounts.forEach((id, j) => {
      const other = placedIn.get(id);
      if (other !== undefined && other !== ou.name) {
        issues.push({
          paths: [['organization', 'organizationalUnits', i, 'accounts', j]],
          code: 'conflicting-placement',
          message: `account ${id} is placed in OU "${ou.name}" and in OU "${other}"`,
          hint: 'an account sits in exactly one OU',
        });
      } else {
        placedIn.set(id, ou.name);
      }
    });
  });
  layout.accounts.workloads.forEach((w, i) => {
    if (w.ou === undefined) return;
    const path = ['accounts', 'workloads', i, 'ou'];
    if (!ouNames.includes(w.ou)) {
      issues.push({
        paths: [path],
        dependsOn: [['organization', 'organizationalUnits']],
        code: 'dangling-reference',
        message: `OU "${w.ou}" is not declared in organization.organizationalUnits`,
        hint: didYouMean(w.ou, ouNames) ?? 'declare the OU under organization.organizationalUnits',
      });
      return;
    }
    const other = placedIn.get(w.id);
    if (other !== undefined && other !== w.ou) {
      issues.push({
        paths: [path],
        code: 'conflicting-placement',
        message: `account ${w.id} is placed in OU "${w.ou}" here and in OU "${other}" by organization.organizationalUnits`,
        hint: 'an account sits in exactly one OU',
      });
    }
  });
}

/** Every `targets` block in the present sections, with its path. */
function findTargets(bp: PartialBlueprint): Array<{ path: PathSegment[]; targets: Targets }> {
  const found: Array<{ path: PathSegment[]; targets: Targets }> = [];
  const visit = (value: unknown, path: PathSegment[]) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'targets' && v !== null && typeof v === 'object') {
          found.push({ path: [...path, k], targets: v as Targets });
        } else {
          visit(v, [...path, k]);
        }
      }
    }
  };
  for (const [section, value] of Object.entries(bp)) {
    if (section !== 'organization' && section !== 'accounts') visit(value, [section]);
  }
  return found;
}

function checkAllTargets(bp: PartialBlueprint, layout: BlueprintLayout, issues: CrossCheckIssue[]): void {
  const ouNames = layout.organization.organizationalUnits.map((ou) => ou.name);
  const known = [...knownAccounts(layout)];
  const governed = layout.organization.governedRegions;
  for (const { path, targets } of findTargets(bp)) {
    targets.ous.forEach((name, i) => {
      if (!ouNames.includes(name)) {
        issues.push({
          paths: [[...path, 'ous', i]],
          dependsOn: [['organization', 'organizationalUnits']],
          code: 'dangling-reference',
          message: `OU "${name}" is not declared in organization.organizationalUnits`,
          hint: didYouMean(name, ouNames) ?? 'declare the OU under organization.organizationalUnits',
        });
      }
    });
    for (const key of ['accounts', 'excludeAccounts'] as const) {
      targets[key].forEach((id, i) => {
        if (known.includes(id)) return;
        const close = closestMatches(id, known, 2)[0];
        issues.push({
          paths: [[...path, key, i]],
          dependsOn: [
            ['accounts'],
            ['organization', 'managementAccount'],
            ['organization', 'organizationalUnits'],
          ],
          code: 'dangling-reference',
          message: `account ${id} is not declared in the blueprint`,
          hint: close
            ? `did you mean "${close}"?`
            : 'declare it under accounts.workloads or in an OU of organization.organizationalUnits',
        });
      });
    }
    targets.excludeAccounts.forEach((id, i) => {
      if (targets.accounts.includes(id)) {
        issues.push({
          paths: [[...path, 'excludeAccounts', i]],
          code: 'conflicting-options',
          message: `account ${id} is both targeted and excluded`,
          hint: `remove it from ${formatPath([...path, 'accounts'])} or from excludeAccounts`,
        });
      }
    });
    targets.excludeRegions.forEach((code, i) => {
      if (!governed.includes(code)) {
        issues.push({
          paths: [[...path, 'excludeRegions', i]],
          code: 'ungoverned-region',
          message: `${code} is not a governed Region, so there is nothing to exclude`,
          hint: `governed Regions: ${governed.join(', ')}`,
        });
      }
    });
    if (governed.length > 0 && governed.every((r) => targets.excludeRegions.includes(r))) {
      issues.push({
        paths: [[...path, 'excludeRegions']],
        code: 'inconsistent-option',
        message: 'every governed Region is excluded',
        hint: 'turn the feature off with enabled: false instead',
      });
    }
  }
}

function checkPolicies(governance: ParsedBlueprint['governance'], issues: CrossCheckIssue[]): void {
  // Organization policies attach to the root, OUs and accounts: they cannot leave out an account below an
  // attachment point, and they are not regional.
  const attached: Array<{ path: PathSegment[]; label: string; targets: Targets }> = [
    ...(['serviceControlPolicies', 'resourceControlPolicies'] as const).flatMap((kind) =>
      governance[kind].map((policy, i) => ({
        path: ['governance', kind, i, 'targets'],
        label: `policy "${policy.name}"`,
        targets: policy.targets,
      })),
    ),
    {
      path: ['governance', 'declarativePolicies', 'targets'],
      label: 'the declarative policy',
      targets: governance.declarativePolicies.targets,
    },
  ];
  for (const { path, label, targets } of attached) {
    if (targets.excludeAccounts.length > 0) {
      issues.push({
        paths: [[...path, 'excludeAccounts']],
        code: 'inconsistent-option',
        message: `${label} lists excludeAccounts, but a policy applies to every account below the OU or root it is attached to`,
        hint: 'attach the policy to the OUs or accounts that need it instead',
      });
    }
    if (targets.excludeRegions.length > 0) {
      issues.push({
        paths: [[...path, 'excludeRegions']],
        code: 'inconsistent-option',
        message: `${label} lists excludeRegions, but policies attach to the root, OUs and accounts, not Regions`,
        hint: 'remove excludeRegions; to restrict Regions use the region-deny built-in SCP',
      });
    }
  }
  const perTarget = new Map<string, number>();
  governance.serviceControlPolicies.forEach((policy, i) => {
    const t = policy.targets;
    const attachments =
      t.ous.length === 0 && t.accounts.length === 0
        ? ['the root']
        : [...t.ous.map((o) => `OU "${o}"`), ...t.accounts.map((a) => `account ${a}`)];
    for (const target of attachments) {
      const count = (perTarget.get(target) ?? 0) + 1;
      perTarget.set(target, count);
      if (count === MAX_CUSTOM_SCPS_PER_TARGET + 1) {
        issues.push({
          paths: [
            ['governance', 'serviceControlPolicies', i, 'targets'],
            ['governance', 'serviceControlPolicies', i],
          ],
          code: 'policy-limit',
          message: `policy "${policy.name}" is the ${count}th SCP attached to ${target}; at most ${MAX_CUSTOM_SCPS_PER_TARGET} fit beside FullAWSAccess`,
          hint: 'merge policies, or attach some to child OUs instead',
        });
      }
    }
  });
}

/** Describes what `narrow` reaches that `wide` does not; empty string when `wide` covers `narrow`. */
function coverageGap(layout: BlueprintLayout, wide: Targets, narrow: Targets): string {
  const w = resolveTargets(layout, wide);
  const n = resolveTargets(layout, narrow);
  const gaps: string[] = [];
  const regions = n.regions.filter((r) => !w.regions.includes(r));
  if (regions.length > 0) gaps.push(`Regions ${regions.join(', ')}`);
  if (n.wholeOrganization && !w.wholeOrganization) {
    gaps.push('accounts outside the targeted OUs and accounts');
  } else if (n.wholeOrganization) {
    const accounts = w.excludeAccounts.filter((a) => !n.excludeAccounts.includes(a));
    if (accounts.length > 0) gaps.push(`accounts ${accounts.join(', ')}`);
  } else {
    const ous = w.wholeOrganization ? [] : n.ous.filter((o) => !w.ous.includes(o));
    if (ous.length > 0) gaps.push(`OUs ${ous.join(', ')}`);
    const accounts = n.accounts.filter((a) => !w.accounts.includes(a));
    if (accounts.length > 0) gaps.push(`accounts ${accounts.join(', ')}`);
  }
  return gaps.join('; ');
}

function checkDependencies(bp: PartialBlueprint, layout: BlueprintLayout, issues: CrossCheckIssue[]): void {
  const org = layout.organization;
  const governed = org.governedRegions;
  const assurance = bp.assurance;
  if (assurance) {
    const { config, securityHub } = assurance;
    if (securityHub.enabled && !config.enabled) {
      issues.push({
        paths: [
          ['assurance', 'config', 'enabled'],
          ['assurance', 'securityHub', 'enabled'],
        ],
        code: 'inconsistent-option',
        message:
          'Security Hub is enabled but AWS Config recording is off; Security Hub controls evaluate Config recordings',
        hint: 'enable assurance.config, or set assurance.securityHub.enabled: false',
      });
    } else if (securityHub.enabled) {
      const gap = coverageGap(layout, config.targets, securityHub.targets);
      if (gap) {
        issues.push({
          paths: [
            ['assurance', 'config', 'targets'],
            ['assurance', 'securityHub', 'targets'],
          ],
          code: 'inconsistent-option',
          message: `Security Hub covers ${gap} where AWS Config does not record`,
          hint: 'Security Hub controls need Config recording in the same accounts and Regions; widen assurance.config.targets or narrow assurance.securityHub.targets',
        });
      }
    }
    checkServiceRegion(
      ['assurance', 'config', 'globalResourcesRegion'],
      config.globalResourcesRegion ?? org.homeRegion,
      governed,
      config.targets,
      'global resource recording',
      issues,
    );
    checkServiceRegion(
      ['assurance', 'securityHub', 'aggregatorRegion'],
      securityHub.aggregatorRegion ?? org.homeRegion,
      governed,
      securityHub.targets,
      'the Security Hub finding aggregator',
      issues,
    );
  }
  const td = bp.threatDetection;
  const ir = bp.incidentResponse;
  if (td && ir && ir.detective.enabled) {
    if (!td.guardduty.enabled) {
      issues.push({
        paths: [
          ['incidentResponse', 'detective', 'enabled'],
          ['threatDetection', 'guardduty', 'enabled'],
        ],
        code: 'inconsistent-option',
        message:
          'Detective is enabled but GuardDuty is off; Detective builds its graph from GuardDuty findings',
        hint: 'enable threatDetection.guardduty, or set incidentResponse.detective.enabled: false',
      });
    } else {
      const gap = coverageGap(layout, td.guardduty.targets, ir.detective.targets);
      if (gap) {
        issues.push({
          paths: [
            ['incidentResponse', 'detective', 'targets'],
            ['threatDetection', 'guardduty', 'targets'],
            ['incidentResponse', 'detective', 'enabled'],
          ],
          code: 'inconsistent-option',
          message: `Detective covers ${gap} where GuardDuty is not enabled`,
          hint: 'narrow incidentResponse.detective.targets or widen threatDetection.guardduty.targets',
        });
      }
    }
  }
  if (td && org.controlTower.enabled && org.controlTower.managesCloudTrail) {
    const trail = td.cloudtrail.organizationTrail;
    if (trail.enabled && trail.managementEvents) {
      issues.push({
        paths: [
          ['threatDetection', 'cloudtrail', 'organizationTrail', 'managementEvents'],
          ['threatDetection', 'cloudtrail', 'organizationTrail', 'enabled'],
          ['organization', 'controlTower', 'enabled'],
        ],
        code: 'inconsistent-option',
        message:
          'Control Tower already runs an organization trail with management events; a second one records (and bills) them twice',
        hint: 'set threatDetection.cloudtrail.organizationTrail.managementEvents: false for a data-events-only trail, or enabled: false',
      });
    }
  }
  if (td) {
    const trail = td.cloudtrail.organizationTrail;
    if (trail.enabled && !trail.managementEvents && !trail.dataEvents.s3 && !trail.dataEvents.lambda) {
      issues.push({
        paths: [
          ['threatDetection', 'cloudtrail', 'organizationTrail', 'managementEvents'],
          ['threatDetection', 'cloudtrail', 'organizationTrail'],
        ],
        code: 'inconsistent-option',
        message: 'the organization trail records neither management events nor data events',
        hint: 'turn on dataEvents.s3 or dataEvents.lambda, or set organizationTrail.enabled: false',
      });
    }
  }
  const vm = bp.vulnerabilityManagement;
  if (vm) {
    const types = vm.inspector.scanTypes;
    const codeIndex = types.indexOf('lambda-code');
    // Lambda code scanning is an add-on to Lambda standard scanning.
    // https://docs.aws.amazon.com/inspector/latest/user/scanning-lambda.html
    if (vm.inspector.enabled && codeIndex >= 0 && !types.includes('lambda')) {
      issues.push({
        paths: [['vulnerabilityManagement', 'inspector', 'scanTypes', codeIndex]],
        code: 'inconsistent-option',
        message: 'lambda-code scanning needs lambda (standard) scanning',
        hint: 'add lambda to vulnerabilityManagement.inspector.scanTypes',
      });
    }
    if (bp.applicationSecurity?.codeSecurity.enabled && !vm.inspector.enabled) {
      issues.push({
        paths: [
          ['applicationSecurity', 'codeSecurity', 'enabled'],
          ['vulnerabilityManagement', 'inspector', 'enabled'],
        ],
        code: 'inconsistent-option',
        message: 'code security is an Amazon Inspector feature, but Inspector is off',
        hint: 'enable vulnerabilityManagement.inspector, or set applicationSecurity.codeSecurity.enabled: false',
      });
    }
  }
  const ip = bp.infrastructureProtection;
  if (ip) {
    // Firewall Manager evaluates resources through AWS Config recordings.
    // https://docs.aws.amazon.com/waf/latest/developerguide/enable-config.html
    if (ip.firewallManager.enabled && assurance && !assurance.config.enabled) {
      issues.push({
        paths: [
          ['infrastructureProtection', 'firewallManager', 'enabled'],
          ['assurance', 'config', 'enabled'],
        ],
        code: 'inconsistent-option',
        message:
          'Firewall Manager is enabled but AWS Config recording is off; Firewall Manager requires Config',
        hint: 'enable assurance.config, or set infrastructureProtection.firewallManager.enabled: false',
      });
    }
    if (ip.networkFirewall.enabled && layout.accounts.network === undefined) {
      issues.push({
        paths: [['infrastructureProtection', 'networkFirewall', 'enabled']],
        dependsOn: [['accounts', 'network']],
        code: 'dangling-reference',
        message: 'Network Firewall runs in the Network account, but accounts.network is not set',
        hint: 'add accounts.network',
      });
    }
  }
  const ic = bp.identity?.identityCenter;
  if (ic && ic.delegatedAdministrator === 'shared-services' && layout.accounts.sharedServices === undefined) {
    issues.push({
      paths: [
        ['identity', 'identityCenter', 'delegatedAdministrator'],
        ['identity', 'identityCenter'],
      ],
      dependsOn: [['accounts', 'sharedServices']],
      code: 'dangling-reference',
      message: 'Identity Center is delegated to Shared Services, but accounts.sharedServices is not set',
      hint: 'add accounts.sharedServices, or set identity.identityCenter.delegatedAdministrator: none',
    });
  }
}

function checkServiceRegion(
  path: PathSegment[],
  region: string,
  governed: string[],
  targets: Targets,
  what: string,
  issues: CrossCheckIssue[],
): void {
  if (!governed.includes(region)) {
    issues.push({
      paths: [path],
      code: 'ungoverned-region',
      message: `${region} hosts ${what} but is not a governed Region`,
      hint: `use a governed Region (${governed.join(', ')}) or add ${region} to organization.governedRegions`,
    });
  } else if (targets.excludeRegions.includes(region)) {
    issues.push({
      paths: [path, [...path.slice(0, -1), 'targets', 'excludeRegions']],
      code: 'inconsistent-option',
      message: `${region} hosts ${what} but is excluded by ${formatPath([...path.slice(0, -1), 'targets', 'excludeRegions'])}`,
      hint: 'keep that Region in scope, or choose another Region',
    });
  }
}

function checkCostAcknowledgements(bp: PartialBlueprint, issues: CrossCheckIssue[]): void {
  const lake = bp.threatDetection?.securityLake;
  if (lake?.enabled && !lake.acknowledgeCost) {
    issues.push({
      paths: [['threatDetection', 'securityLake', 'enabled']],
      code: 'missing-cost-acknowledgement',
      message:
        'Security Lake is billed per GB ingested and stored; enabling it needs an explicit acknowledgement',
      hint: 'review https://aws.amazon.com/security-lake/pricing/ then set threatDetection.securityLake.acknowledgeCost: true',
    });
  }
  const shield = bp.infrastructureProtection?.shieldAdvanced;
  if (shield?.enabled && !shield.acknowledgeCost) {
    issues.push({
      paths: [['infrastructureProtection', 'shieldAdvanced', 'enabled']],
      code: 'missing-cost-acknowledgement',
      message:
        'Shield Advanced costs a monthly subscription fee with a one-year commitment; enabling it needs an explicit acknowledgement',
      hint: 'review https://aws.amazon.com/shield/pricing/ then set infrastructureProtection.shieldAdvanced.acknowledgeCost: true',
    });
  }
}
