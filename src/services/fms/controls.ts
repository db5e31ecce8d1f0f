/**
 * AWS Firewall Manager controls. Firewall Manager is optional in the SRA (blueprint
 * `infrastructureProtection.firewallManager`, off by default): while the organization has no Firewall Manager
 * administrator and the blueprint does not ask for one, every control is NOT_APPLICABLE and says how to adopt
 * it. Once it is in use (or requested) it is expected the SRA way: administered from the security tooling
 * account, with policies for security groups, AWS WAF, Shield Advanced (when Shield Advanced is in use),
 * network ACLs, Network Firewall and Route 53 Resolver DNS Firewall in every governed Region, each policy
 * remediating automatically, in scope of its administrator and cleaning up after resources that leave it.
 *
 * The policy controls are evaluated in the security tooling account's context but read the policies of
 * whichever account is the administrator, so a misplaced administrator is reported once (by
 * `firewall-manager.admin-is-security-tooling`) and not again as missing policies.
 *
 * https://docs.aws.amazon.com/waf/latest/developerguide/fms-prereq.html
 * https://docs.aws.amazon.com/waf/latest/developerguide/fms-policies.html (policy types)
 * https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_PolicySummary.html (cleanup is not available for
 * Shield Advanced and WAF Classic policies; ACTIVE vs OUT_OF_ADMIN_SCOPE)
 */
import type { CapabilityId, PrincipleId } from '../../catalog/ids.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../verify/types.js';
import { SHIELD } from '../shield/collect.js';
import { shieldInUse } from '../shield/common.js';
import {
  FMS_ADMIN,
  FMS_POLICIES,
  type FmsAdminSlice,
  type FmsPoliciesSlice,
  type FmsPolicy,
} from './collect.js';

/** Blueprint key of Firewall Manager. */
export const FMS_KEY = 'infrastructureProtection.firewallManager';

const CAPABILITIES: readonly CapabilityId[] = ['infrastructure-protection', 'application-security'];
const PRINCIPLES: readonly PrincipleId[] = ['security-at-all-layers', 'automate-security-best-practices'];

const ADOPT =
  'AWS Firewall Manager is optional in the SRA and has no administrator in this organization; to adopt it, set ' +
  `${FMS_KEY}.enabled: true in the blueprint (it needs AWS Config in every account)`;

function requested(ctx: EvalContext): boolean {
  return ctx.blueprint?.infrastructureProtection.firewallManager.enabled === true;
}

/** The administrator account, or null when none is set. Throws (→ ERROR) when it could not be read. */
function adminOf(ctx: EvalContext): { account: string | null; roleStatus?: string } {
  const admin = ctx.need(ctx.org<FmsAdminSlice>(FMS_ADMIN)?.admin, 'the Firewall Manager administrator');
  return { account: admin.account ?? null, ...(admin.roleStatus ? { roleStatus: admin.roleStatus } : {}) };
}

/**
 * The administrator and its policies in the evaluated Region, or the outcome to report instead: NOT_APPLICABLE
 * when Firewall Manager is neither in use nor requested, FAIL (with `missing`) when it is requested but has no
 * administrator, and NOT_APPLICABLE (without `missing`, for controls about existing policies).
 */
function policiesOf(
  ctx: EvalContext,
  missing?: { expected: string },
): { admin: string; policies: FmsPolicy[] } | Outcome {
  const { account: admin } = adminOf(ctx);
  if (!admin) {
    if (!requested(ctx)) return notApplicable(ADOPT);
    return missing
      ? fail(`Firewall Manager has no administrator, so there is no ${missing.expected}`, {
          expected: missing.expected,
          actual: 'no Firewall Manager administrator',
        })
      : notApplicable(
          'Firewall Manager has no administrator and therefore no policies; firewall-manager.admin-is-security-tooling reports the gap',
        );
  }
  const slice = ctx.regionSlice<FmsPoliciesSlice>(FMS_POLICIES, admin);
  const policies = ctx.need(slice?.policies, `Firewall Manager policies of ${admin} in ${ctx.region}`);
  return { admin, policies };
}

function isOutcome(v: unknown): v is Outcome {
  return typeof v === 'object' && v !== null && 'status' in v && 'message' in v;
}

/** The Firewall Manager administrator is the security tooling account. */
export const fmsAdminIsSecurityTooling = defineControl({
  id: 'firewall-manager.admin-is-security-tooling',
  title: 'The Firewall Manager administrator is the security tooling account',
  severity: 'medium',
  capabilities: [...CAPABILITIES, 'security-governance'],
  principles: [...PRINCIPLES],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'firewall-manager',
  refs: { sraVerify: ['SRA-FIREWALLMANAGER-01'] },
  risk:
    'Firewall Manager policies rewrite security groups, web ACLs and firewalls in every account; administered ' +
    'from anywhere but the security tooling account, that power sits with people the SRA keeps away from it.',
  remediation: {
    blueprint: `${FMS_KEY}.enabled`,
    manual:
      'From the management account, in us-east-1: Firewall Manager console → Settings → set the security tooling ' +
      'account as default administrator (aws fms associate-admin-account --admin-account <id> --region us-east-1); ' +
      'to move it, the current administrator revokes itself first.',
  },
  uses: [FMS_ADMIN],
  evaluate(ctx) {
    const { account: admin, roleStatus } = adminOf(ctx);
    const tooling = ctx.roleAccounts['security-tooling'] ?? [];
    const expected = tooling[0] ?? 'the security tooling account';
    if (!admin) {
      return requested(ctx)
        ? fail('Firewall Manager has no administrator', { expected, actual: 'no administrator' })
        : notApplicable(ADOPT);
    }
    if (roleStatus && !['READY', 'CREATING'].includes(roleStatus)) {
      return fail(`the Firewall Manager administrator ${admin} is being removed (${roleStatus})`, {
        resource: admin,
        expected: 'READY',
        actual: roleStatus,
      });
    }
    if (!tooling.includes(admin)) {
      return fail(`Firewall Manager is administered from ${admin}, not from the security tooling account`, {
        resource: admin,
        expected,
        actual: admin,
      });
    }
    return pass(`Firewall Manager is administered from the security tooling account ${admin}`, {
      resource: admin,
      actual: admin,
    });
  },
});

/** What a policy-type control looks for. */
interface PolicyTypeSpec {
  id: string;
  sraVerify: string;
  what: string;
  types: readonly string[];
  severity: Control['severity'];
  capabilities?: readonly CapabilityId[];
  risk: string;
  manual: string;
  /** Extra NOT_APPLICABLE condition (e.g. Shield Advanced not in use). */
  notApplicableWhen?: (ctx: EvalContext) => string | undefined;
  /** Collectors read by `notApplicableWhen`. */
  extraUses?: readonly string[];
}

function policyTypeControl(spec: PolicyTypeSpec): Control {
  return defineControl({
    id: spec.id,
    title: `Firewall Manager manages ${spec.what} in every governed Region`,
    severity: spec.severity,
    capabilities: spec.capabilities ?? CAPABILITIES,
    principles: PRINCIPLES,
    appliesTo: ['security-tooling'],
    scope: 'region',
    service: 'firewall-manager',
    refs: { sraVerify: [spec.sraVerify] },
    risk: spec.risk,
    remediation: { blueprint: `${FMS_KEY}.enabled`, manual: spec.manual },
    uses: [FMS_ADMIN, FMS_POLICIES, ...(spec.extraUses ?? [])],
    evaluate(ctx) {
      const expected = `a Firewall Manager policy of type ${spec.types.join(' or ')} in ${ctx.region}`;
      if (!adminOf(ctx).account && !requested(ctx)) return notApplicable(ADOPT);
      const why = spec.notApplicableWhen?.(ctx);
      if (why) return notApplicable(why);
      const got = policiesOf(ctx, { expected });
      if (isOutcome(got)) return got;
      const matching = got.policies.filter((p) => spec.types.includes(p.type));
      if (matching.length === 0) {
        return fail(`Firewall Manager has no policy for ${spec.what} in ${ctx.region}`, {
          expected,
          actual: got.policies.length ? got.policies.map((p) => `${p.name} (${p.type})`) : 'no policies',
        });
      }
      return pass(`Firewall Manager manages ${spec.what} in ${ctx.region}`, {
        actual: matching.map((p) => `${p.name} (${p.type})`),
      });
    },
  });
}

/** Firewall Manager policies for security groups. */
export const fmsSecurityGroupPolicies = policyTypeControl({
  id: 'firewall-manager.security-group-policies',
  sraVerify: 'SRA-FIREWALLMANAGER-02',
  what: 'security groups',
  types: ['SECURITY_GROUPS_COMMON', 'SECURITY_GROUPS_CONTENT_AUDIT', 'SECURITY_GROUPS_USAGE_AUDIT'],
  severity: 'medium',
  risk:
    'Without a security group policy, each account keeps whatever rules its builders wrote: overly open ports ' +
    'and unused groups go unnoticed across the organization.',
  manual:
    'As the Firewall Manager administrator: Firewall Manager → Security policies → Create policy → Security group ' +
    '(common, content audit or usage audit), scope the organization, in each governed Region.',
});

/** Firewall Manager policies for AWS WAF. */
export const fmsWafPolicies = policyTypeControl({
  id: 'firewall-manager.waf-policies',
  sraVerify: 'SRA-FIREWALLMANAGER-03',
  what: 'AWS WAF web ACLs',
  types: ['WAFV2', 'WAF'],
  severity: 'medium',
  risk:
    'Without a WAF policy, each application team decides whether its load balancers and APIs get a web ACL; ' +
    'new internet-facing resources start unprotected.',
  manual:
    'As the Firewall Manager administrator: Create policy → AWS WAF, with the baseline rule groups, resource ' +
    'types ALB/API Gateway/CloudFront, automatic remediation on, in each governed Region.',
});

/** Firewall Manager policies for Shield Advanced (when Shield Advanced is in use). */
export const fmsShieldPolicies = policyTypeControl({
  id: 'firewall-manager.shield-advanced-policies',
  sraVerify: 'SRA-FIREWALLMANAGER-04',
  what: 'Shield Advanced protections',
  types: ['SHIELD_ADVANCED'],
  severity: 'medium',
  risk:
    'With Shield Advanced bought but no Firewall Manager policy, protections are added by hand, and new ' +
    'internet-facing resources stay outside DDoS response until someone remembers them.',
  manual:
    'As the Firewall Manager administrator: Create policy → AWS Shield Advanced, resource types CloudFront, ALB, ' +
    'Elastic IP, automatic remediation on, in each governed Region (and us-east-1 for CloudFront). Such a ' +
    'policy subscribes the accounts in scope to Shield Advanced: in the blueprint that is ' +
    'infrastructureProtection.shieldAdvanced.enabled with acknowledgeCost: true (USD 3,000 a month, one-year ' +
    'commitment).',
  extraUses: [SHIELD],
  notApplicableWhen: (ctx) =>
    shieldInUse(ctx)
      ? undefined
      : 'Shield Advanced is not in use in the organization, so there is nothing for a Shield Advanced policy to apply',
});

/** Firewall Manager policies for network ACLs. */
export const fmsNetworkAclPolicies = policyTypeControl({
  id: 'firewall-manager.network-acl-policies',
  sraVerify: 'SRA-FIREWALLMANAGER-05',
  what: 'network ACLs',
  types: ['NETWORK_ACL_COMMON'],
  severity: 'low',
  risk:
    'Without a network ACL policy, subnet-level deny rules (known-bad ranges, management ports) are not ' +
    'guaranteed in every VPC of the organization.',
  manual:
    'As the Firewall Manager administrator: Create policy → Network ACL, with the baseline first and last ' +
    'rules, automatic remediation on, in each governed Region.',
});

/** Firewall Manager policies for AWS Network Firewall. */
export const fmsNetworkFirewallPolicies = policyTypeControl({
  id: 'firewall-manager.network-firewall-policies',
  sraVerify: 'SRA-FIREWALLMANAGER-06',
  what: 'AWS Network Firewall',
  types: ['NETWORK_FIREWALL', 'IMPORT_NETWORK_FIREWALL'],
  severity: 'low',
  risk:
    'Without a Network Firewall policy, inspection firewalls and their rule groups drift between VPCs and ' +
    'accounts, and new VPCs get no stateful inspection.',
  manual:
    'As the Firewall Manager administrator: Create policy → AWS Network Firewall (distributed or centralized in ' +
    'the network account), in each governed Region.',
});

/** Firewall Manager policies for Route 53 Resolver DNS Firewall. */
export const fmsDnsFirewallPolicies = policyTypeControl({
  id: 'firewall-manager.dns-firewall-policies',
  sraVerify: 'SRA-FIREWALLMANAGER-07',
  what: 'Route 53 Resolver DNS Firewall',
  types: ['DNS_FIREWALL'],
  severity: 'low',
  capabilities: [...CAPABILITIES, 'threat-detection'],
  risk:
    'Without a DNS Firewall policy, VPCs resolve known-malicious domains unless each account set up its own ' +
    'rule group associations.',
  manual:
    'As the Firewall Manager administrator: Create policy → Amazon Route 53 Resolver DNS Firewall, with the AWS ' +
    'managed domain lists, in each governed Region.',
});

/** Evaluates `check` on each policy of the Region; NOT_APPLICABLE when there are none to judge. */
function perPolicy(
  ctx: EvalContext,
  eligible: (p: FmsPolicy) => boolean,
  none: string,
  check: (p: FmsPolicy) => Outcome,
): Outcome | Outcome[] {
  const got = policiesOf(ctx);
  if (isOutcome(got)) return got;
  const policies = got.policies.filter(eligible);
  if (policies.length === 0) return notApplicable(none);
  return policies.map(check);
}

/** Firewall Manager policies remediate automatically. */
export const fmsPolicyRemediation = defineControl({
  id: 'firewall-manager.policy-remediation',
  title: 'Firewall Manager policies remediate non-compliant resources automatically',
  severity: 'medium',
  capabilities: CAPABILITIES,
  principles: PRINCIPLES,
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'firewall-manager',
  refs: { sraVerify: ['SRA-FIREWALLMANAGER-08'] },
  risk:
    'A policy that only reports leaves new and drifted resources unprotected until someone acts on the ' +
    'finding; the SRA uses Firewall Manager to apply protection, not just to audit it.',
  remediation: {
    blueprint: `${FMS_KEY}.enabled`,
    manual:
      'As the Firewall Manager administrator: open the policy → Edit → Policy action → "Auto remediate any ' +
      'noncompliant resources" (aws fms put-policy with RemediationEnabled: true).',
  },
  uses: [FMS_ADMIN, FMS_POLICIES],
  evaluate: (ctx) =>
    perPolicy(
      ctx,
      () => true,
      `Firewall Manager has no policies in ${ctx.region}`,
      (p) =>
        p.remediationEnabled
          ? pass(`policy ${p.name} remediates automatically`, { resource: p.arn, actual: true })
          : fail(`policy ${p.name} only reports non-compliant resources`, {
              resource: p.arn,
              expected: 'automatic remediation',
              actual: 'identify resources only',
            }),
    ),
});

/** Firewall Manager policies are in their administrator's scope. */
export const fmsPolicyActive = defineControl({
  id: 'firewall-manager.policy-active',
  title: 'Firewall Manager policies are active (in scope of their administrator)',
  severity: 'medium',
  capabilities: CAPABILITIES,
  principles: PRINCIPLES,
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'firewall-manager',
  refs: { sraVerify: ['SRA-FIREWALLMANAGER-09'] },
  risk:
    "A policy outside its administrator's scope can no longer be edited or deleted by it; its protections " +
    'freeze in place and drift from what the organization intends.',
  remediation: {
    blueprint: `${FMS_KEY}.enabled`,
    manual:
      "From the management account: widen the administrator's scope (Firewall Manager → Settings → " +
      "administrator → Edit scope) to the policy's type, Region and accounts, or recreate the policy under an " +
      'administrator whose scope covers it.',
  },
  uses: [FMS_ADMIN, FMS_POLICIES],
  evaluate: (ctx) =>
    perPolicy(
      ctx,
      () => true,
      `Firewall Manager has no policies in ${ctx.region}`,
      (p) =>
        p.status === 'ACTIVE'
          ? pass(`policy ${p.name} is active`, { resource: p.arn, actual: p.status })
          : fail(`policy ${p.name} is ${p.status}`, {
              resource: p.arn,
              expected: 'ACTIVE',
              actual: p.status,
            }),
    ),
});

/** Policy types where Firewall Manager can clean up after resources that leave the scope. */
function supportsCleanup(p: FmsPolicy): boolean {
  return p.type !== 'SHIELD_ADVANCED' && p.type !== 'WAF';
}

/** Firewall Manager policies clean up protections of resources that leave their scope. */
export const fmsPolicyCleanup = defineControl({
  id: 'firewall-manager.policy-cleanup',
  title: 'Firewall Manager policies clean up after resources that leave their scope',
  severity: 'low',
  capabilities: CAPABILITIES,
  principles: PRINCIPLES,
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'firewall-manager',
  refs: { sraVerify: ['SRA-FIREWALLMANAGER-10'] },
  risk:
    'Without cleanup, web ACLs, security groups and firewall associations created by a policy stay on resources ' +
    'and accounts that left its scope, where nobody manages them any more.',
  remediation: {
    blueprint: `${FMS_KEY}.enabled`,
    manual:
      'As the Firewall Manager administrator: open the policy → Edit → Policy cleanup → "Automatically remove ' +
      'protections from resources that leave the policy scope" (DeleteUnusedFMManagedResources: true).',
  },
  uses: [FMS_ADMIN, FMS_POLICIES],
  evaluate: (ctx) =>
    perPolicy(
      ctx,
      supportsCleanup,
      `Firewall Manager has no policy in ${ctx.region} that supports cleanup (Shield Advanced and WAF Classic policies do not)`,
      (p) =>
        p.deleteUnusedManagedResources
          ? pass(`policy ${p.name} cleans up after resources that leave its scope`, {
              resource: p.arn,
              actual: true,
            })
          : fail(`policy ${p.name} leaves its protections behind on resources that leave its scope`, {
              resource: p.arn,
              expected: 'DeleteUnusedFMManagedResources: true',
              actual: 'DeleteUnusedFMManagedResources: false',
            }),
    ),
});

/** Every Firewall Manager control. */
export const FMS_CONTROLS: readonly Control[] = [
  fmsAdminIsSecurityTooling,
  fmsSecurityGroupPolicies,
  fmsWafPolicies,
  fmsShieldPolicies,
  fmsNetworkAclPolicies,
  fmsNetworkFirewallPolicies,
  fmsDnsFirewallPolicies,
  fmsPolicyRemediation,
  fmsPolicyActive,
  fmsPolicyCleanup,
];
