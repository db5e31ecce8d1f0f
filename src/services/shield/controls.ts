/**
 * AWS Shield Advanced controls, per account. Shield Advanced is optional in the SRA (blueprint
 * `infrastructureProtection.shieldAdvanced`, off by default, and only with `acknowledgeCost`): while no
 * account subscribes and the blueprint does not ask for it, every control is NOT_APPLICABLE and says how to
 * adopt it. Once any account subscribes (the fee is per organization under consolidated billing, so the SRA
 * expects every account in) or the blueprint asks for it, accounts without a subscription FAIL
 * `shield.advanced-subscription`, and the other controls judge the subscribed accounts: renewal, SRT access,
 * proactive engagement, protections for the account's CloudFront distributions and Application Load Balancers
 * (listed by the WAF collectors), health-based detection, web ACLs and automatic application layer mitigation
 * on protected web resources.
 *
 * Elastic IPs, public Route 53 hosted zones and Global Accelerator accelerators are listed by the Shield
 * collector in subscribed accounts, so SRA-SHIELD-05/06/07 judge each resource (NOT_APPLICABLE when the
 * account has none); the engagement Lambda function (SRA-SHIELD-11) is looked up by the name sra-verify uses,
 * and the DDoSDetected CloudWatch alarms (SRA-SHIELD-13) are matched to protected resources by their
 * `ResourceArn` dimension. See collect.ts for the reads and their documentation.
 *
 * https://docs.aws.amazon.com/waf/latest/developerguide/ddos-advanced-summary.html
 * https://docs.aws.amazon.com/waf/latest/developerguide/ddos-resource-protections.html
 * https://docs.aws.amazon.com/waf/latest/developerguide/ddos-advanced-health-checks.html (every resource type
 * except Route 53 hosted zones)
 * https://docs.aws.amazon.com/waf/latest/developerguide/ddos-automatic-app-layer-response.html (CloudFront
 * distributions and Application Load Balancers with a web ACL)
 * https://docs.aws.amazon.com/waf/latest/developerguide/ddos-srt-access.html
 * https://docs.aws.amazon.com/waf/latest/developerguide/ddos-srt-proactive-engagement.html
 * https://docs.aws.amazon.com/waf/latest/developerguide/shield-advanced-pricing.html (one fee per organization)
 */
import type { CapabilityId, PrincipleId } from '../../catalog/ids.js';
import {
  MissingData,
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../verify/types.js';
import {
  WAF,
  WAF_CLOUDFRONT,
  type WafCloudFrontSlice,
  type WafRegionSlice,
  type WafResource,
} from '../waf/collect.js';
import {
  ENGAGEMENT_LAMBDA_NAME,
  SHIELD,
  SHIELD_REGION,
  type ShieldProtection,
  type ShieldSlice,
} from './collect.js';
import {
  SHIELD_ADOPT,
  SHIELD_COST_NOTE,
  SHIELD_KEY,
  isOutcome,
  regionOfArn,
  shieldInUse,
  shieldResourceKind,
  subscribedSlice,
} from './common.js';

const CAPABILITIES: readonly CapabilityId[] = ['infrastructure-protection', 'incident-response'];

/** Appended to remediation texts: the subscription itself is never suggested without the cost acknowledgement. */
const COST = ` (The subscription itself: ${SHIELD_KEY}.enabled needs acknowledgeCost: true — USD 3,000 a month, one-year commitment.)`;
const PRINCIPLES: readonly PrincipleId[] = ['security-at-all-layers', 'prepare-for-security-events'];

/** Runs `fn`, turning a failed read into an ERROR outcome for `resource` instead of failing the whole control. */
function guard(resource: string, fn: () => Outcome): Outcome {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MissingData) {
      return { status: 'ERROR', resource, message: e.message, ...(e.error ? { error: e.error } : {}) };
    }
    throw e;
  }
}

/** The protections of a subscribed account, or the outcome to report instead. */
function protectionsOf(ctx: EvalContext): ShieldProtection[] | Outcome {
  const slice = subscribedSlice(ctx);
  if (isOutcome(slice)) return slice;
  return ctx.need(slice.protections, 'the Shield Advanced protections');
}

/** Shield Advanced is subscribed. */
export const shieldSubscription = defineControl({
  id: 'shield.advanced-subscription',
  title: 'The account subscribes to Shield Advanced',
  severity: 'medium',
  capabilities: CAPABILITIES,
  principles: PRINCIPLES,
  appliesTo: 'all',
  scope: 'account',
  service: 'shield',
  refs: { sraVerify: ['SRA-SHIELD-01'] },
  risk:
    "Without Shield Advanced the account's internet-facing resources get only Shield Standard: no DDoS " +
    'response team, no cost protection for scaling during an attack, no application layer mitigation.',
  remediation: {
    blueprint: `${SHIELD_KEY}.enabled`,
    manual:
      `${SHIELD_COST_NOTE} By hand: AWS WAF & Shield console → Shield → Subscribe, or a Firewall Manager ` +
      'Shield Advanced policy that subscribes the accounts in its scope.',
  },
  uses: [SHIELD],
  evaluate(ctx) {
    const state = ctx.need(
      ctx.accountSlice<ShieldSlice>(SHIELD)?.state,
      'the Shield Advanced subscription state',
    );
    if (state === 'ACTIVE') return pass('Shield Advanced is subscribed', { actual: state });
    if (!shieldInUse(ctx)) return notApplicable(SHIELD_ADOPT);
    return fail(
      `account ${ctx.account.id} has no Shield Advanced subscription while the organization uses it`,
      {
        expected: 'ACTIVE',
        actual: state,
      },
    );
  },
});

/** The subscription renews automatically. */
export const shieldAutoRenew = defineControl({
  id: 'shield.auto-renew',
  title: 'The Shield Advanced subscription renews automatically',
  severity: 'low',
  capabilities: CAPABILITIES,
  principles: PRINCIPLES,
  appliesTo: 'all',
  scope: 'account',
  service: 'shield',
  refs: { sraVerify: ['SRA-SHIELD-02'] },
  risk: 'When the one-year commitment ends without renewal, DDoS protection and SRT support stop silently.',
  remediation: {
    blueprint: `${SHIELD_KEY}.enabled`,
    manual:
      'AWS WAF & Shield console → Shield → Overview → Subscription → Edit → Auto-renew on (aws shield update-subscription --auto-renew ENABLED).' +
      COST,
  },
  uses: [SHIELD],
  evaluate(ctx) {
    const slice = subscribedSlice(ctx);
    if (isOutcome(slice)) return slice;
    const sub = ctx.need(slice.subscription, 'the Shield Advanced subscription');
    return sub.autoRenew === 'ENABLED'
      ? pass('the Shield Advanced subscription renews automatically', { actual: sub.autoRenew })
      : fail(`the Shield Advanced subscription will not renew${sub.endTime ? ` after ${sub.endTime}` : ''}`, {
          expected: 'ENABLED',
          actual: sub.autoRenew ?? 'unknown',
        });
  },
});

/**
 * The account's CloudFront distributions (account slice) or ALBs (every governed Region), from the WAF
 * slices; a Region whose list could not be read becomes an ERROR outcome of its own.
 */
function listedResources(
  ctx: EvalContext,
  kind: 'cloudfront' | 'alb',
): { listed: WafResource[]; errors: Outcome[] } {
  if (kind === 'cloudfront') {
    const slice = ctx.accountSlice<WafCloudFrontSlice>(WAF_CLOUDFRONT);
    return { listed: ctx.need(slice?.distributions, 'the CloudFront distributions'), errors: [] };
  }
  const listed: WafResource[] = [];
  const errors: Outcome[] = [];
  for (const region of ctx.inventory.governedRegions) {
    const outcome = guard(region, () => {
      const slice = ctx.regionSlice<WafRegionSlice>(WAF, ctx.account.id, region);
      listed.push(...ctx.need(slice?.resources.alb, `the Application Load Balancers in ${region}`));
      return pass('listed');
    });
    if (outcome.status === 'ERROR') errors.push(outcome);
  }
  return { listed, errors };
}

function protectionControl(spec: {
  id: string;
  sraVerify: string;
  kind: 'cloudfront' | 'alb';
  what: string;
  severity: Control['severity'];
  risk: string;
  manual: string;
}): Control {
  return defineControl({
    id: spec.id,
    title: `Shield Advanced protects the account's ${spec.what}`,
    severity: spec.severity,
    capabilities: CAPABILITIES,
    principles: PRINCIPLES,
    appliesTo: 'all',
    scope: 'account',
    service: 'shield',
    refs: { sraVerify: [spec.sraVerify] },
    risk: spec.risk,
    remediation: {
      blueprint: 'infrastructureProtection.firewallManager.enabled',
      manual: spec.manual + COST,
    },
    uses: [SHIELD, spec.kind === 'cloudfront' ? WAF_CLOUDFRONT : WAF],
    evaluate(ctx) {
      const protections = protectionsOf(ctx);
      if (isOutcome(protections)) return protections;
      const protectedArns = new Set(protections.map((p) => p.resourceArn));
      const { listed, errors } = listedResources(ctx, spec.kind);
      if (listed.length === 0 && errors.length === 0) {
        return notApplicable(`the account has no ${spec.what} in the collected Regions`);
      }
      const verdicts = listed.map((resource) =>
        protectedArns.has(resource.arn)
          ? pass(`${resource.name} is protected by Shield Advanced`, {
              resource: resource.arn,
              actual: 'protected',
            })
          : fail(`${resource.name} is not protected by Shield Advanced`, {
              resource: resource.arn,
              expected: 'a Shield Advanced protection',
              actual: 'no protection',
            }),
      );
      return [...verdicts, ...errors];
    },
  });
}

/** CloudFront distributions are protected. */
export const shieldCloudFront = protectionControl({
  id: 'shield.cloudfront-protected',
  sraVerify: 'SRA-SHIELD-03',
  kind: 'cloudfront',
  what: 'CloudFront distributions',
  severity: 'medium',
  risk:
    'An unprotected distribution gets no SRT help, no application layer mitigation and no cost protection ' +
    'during a DDoS event, although the account pays for Shield Advanced.',
  manual:
    'AWS WAF & Shield console → Shield → Protected resources → Add resources to protect → the distribution, ' +
    'or a Firewall Manager Shield Advanced policy over CloudFront distributions (us-east-1).',
});

/** Application Load Balancers are protected. */
export const shieldLoadBalancers = protectionControl({
  id: 'shield.load-balancers-protected',
  sraVerify: 'SRA-SHIELD-04',
  kind: 'alb',
  what: 'Application Load Balancers',
  severity: 'medium',
  risk:
    'An unprotected load balancer gets no SRT help and no application layer mitigation during a DDoS event. ' +
    '(Classic Load Balancers are not listed by sra-kit and are not judged here.)',
  manual:
    'AWS WAF & Shield console → Shield → Protected resources → Add resources to protect → the load balancer ' +
    '(its Region), or a Firewall Manager Shield Advanced policy over Application Load Balancers.',
});

/**
 * The resources of one kind the account has, as (resource, Region) pairs, and an ERROR outcome for every
 * place whose list could not be read.
 */
function listedOfKind(
  ctx: EvalContext,
  slice: ShieldSlice,
  kind: 'elastic-ip' | 'hosted-zone' | 'global-accelerator',
): { listed: string[]; errors: Outcome[] } {
  if (kind === 'hosted-zone') {
    return { listed: ctx.need(slice.hostedZones, 'the Route 53 hosted zones'), errors: [] };
  }
  if (kind === 'global-accelerator') {
    return { listed: ctx.need(slice.accelerators, 'the Global Accelerator accelerators'), errors: [] };
  }
  // A Region missing from the slice (not collected) becomes ERROR like a failed read.
  const perRegion = slice.elasticIps ?? {};
  const listed: string[] = [];
  const errors: Outcome[] = [];
  for (const region of ctx.inventory.governedRegions) {
    const outcome = guard(region, () => {
      listed.push(...ctx.need(perRegion[region], `the Elastic IP addresses in ${region}`));
      return pass('listed');
    });
    if (outcome.status === 'ERROR') errors.push(outcome);
  }
  return { listed, errors };
}

function listedKindControl(spec: {
  id: string;
  sraVerify: string;
  kind: 'elastic-ip' | 'hosted-zone' | 'global-accelerator';
  what: string;
  risk: string;
  manual: string;
}): Control {
  return defineControl({
    id: spec.id,
    title: `Shield Advanced protects the account's ${spec.what}`,
    severity: 'medium',
    capabilities: CAPABILITIES,
    principles: PRINCIPLES,
    appliesTo: 'all',
    scope: 'account',
    service: 'shield',
    refs: { sraVerify: [spec.sraVerify] },
    risk: spec.risk,
    remediation: {
      blueprint: 'infrastructureProtection.firewallManager.enabled',
      manual: spec.manual + COST,
    },
    uses: [SHIELD],
    evaluate(ctx) {
      const slice = subscribedSlice(ctx);
      if (isOutcome(slice)) return slice;
      const protections = ctx.need(slice.protections, 'the Shield Advanced protections');
      const protectedArns = new Set(protections.map((p) => p.resourceArn));
      const { listed, errors } = listedOfKind(ctx, slice, spec.kind);
      if (listed.length === 0 && errors.length === 0) {
        return notApplicable(`the account has no ${spec.what}`);
      }
      return [
        ...listed.map((arn) =>
          protectedArns.has(arn)
            ? pass(`${arn} is protected by Shield Advanced`, { resource: arn, actual: 'protected' })
            : fail(`${arn} is not protected by Shield Advanced`, {
                resource: arn,
                expected: 'a Shield Advanced protection',
                actual: 'none',
              }),
        ),
        ...errors,
      ];
    },
  });
}

/** Elastic IP addresses are protected. */
export const shieldElasticIps = listedKindControl({
  id: 'shield.elastic-ips-protected',
  sraVerify: 'SRA-SHIELD-05',
  kind: 'elastic-ip',
  what: 'Elastic IP addresses',
  risk:
    'Elastic IPs front EC2 instances and Network Load Balancers; unprotected, they get no network-layer ' +
    'mitigation tuned by Shield Advanced and no SRT support.',
  manual:
    'AWS WAF & Shield console → Shield → Protected resources → Add resources to protect → Elastic IP (its ' +
    'Region), or a Firewall Manager Shield Advanced policy over Elastic IPs.',
});

/** Route 53 hosted zones are protected. */
export const shieldHostedZones = listedKindControl({
  id: 'shield.hosted-zones-protected',
  sraVerify: 'SRA-SHIELD-06',
  kind: 'hosted-zone',
  what: 'public Route 53 hosted zones',
  risk: 'An unprotected hosted zone gets no SRT support when a DNS flood makes the application unreachable.',
  manual:
    'AWS WAF & Shield console → Shield → Protected resources → Add resources to protect → the hosted zone.',
});

/** Global Accelerator accelerators are protected. */
export const shieldGlobalAccelerators = listedKindControl({
  id: 'shield.global-accelerators-protected',
  sraVerify: 'SRA-SHIELD-07',
  kind: 'global-accelerator',
  what: 'Global Accelerator accelerators',
  risk: 'An unprotected accelerator gets no Shield Advanced detection tuning and no SRT support.',
  manual:
    'AWS WAF & Shield console → Shield → Protected resources → Add resources to protect → the accelerator.',
});

/** The Shield Response Team may act in the account. */
export const shieldSrtAccess = defineControl({
  id: 'shield.srt-access',
  title: 'The Shield Response Team has a role to act in the account',
  severity: 'medium',
  capabilities: CAPABILITIES,
  principles: PRINCIPLES,
  appliesTo: 'all',
  scope: 'account',
  service: 'shield',
  refs: { sraVerify: ['SRA-SHIELD-08'] },
  risk:
    'Without SRT access, the response team cannot read the web ACLs and logs or write mitigations during an ' +
    'attack; every change waits for someone in the account.',
  remediation: {
    blueprint: SHIELD_KEY,
    manual:
      'AWS WAF & Shield console → Shield → Overview → SRT access → Edit → create or choose a role with ' +
      'AWSShieldDRTAccessPolicy (aws shield associate-drt-role --role-arn <arn>).' +
      COST,
  },
  uses: [SHIELD],
  evaluate(ctx) {
    const slice = subscribedSlice(ctx);
    if (isOutcome(slice)) return slice;
    const drt = ctx.need(slice.drtAccess, 'the Shield Response Team access');
    return drt.roleArn
      ? pass('the Shield Response Team can assume its role', { resource: drt.roleArn, actual: drt.roleArn })
      : fail('the Shield Response Team has no role in the account', {
          expected: 'a role with AWSShieldDRTAccessPolicy associated',
          actual: 'no role',
        });
  },
});

/** Proactive engagement is on. */
export const shieldProactiveEngagement = defineControl({
  id: 'shield.proactive-engagement',
  title: 'Shield Advanced proactive engagement is on',
  severity: 'medium',
  capabilities: CAPABILITIES,
  principles: PRINCIPLES,
  appliesTo: 'all',
  scope: 'account',
  service: 'shield',
  refs: { sraVerify: ['SRA-SHIELD-09'] },
  risk:
    'Without proactive engagement the SRT waits for a support case: during an attack that hurts availability, ' +
    'nobody is called until the account notices and asks.',
  remediation: {
    blueprint: SHIELD_KEY,
    manual:
      'Add emergency contacts (aws shield update-emergency-contact-settings), health checks on the protected ' +
      'resources, then AWS WAF & Shield console → Shield → Overview → Proactive engagement → Enable.' +
      COST,
  },
  uses: [SHIELD],
  evaluate(ctx) {
    const slice = subscribedSlice(ctx);
    if (isOutcome(slice)) return slice;
    const sub = ctx.need(slice.subscription, 'the Shield Advanced subscription');
    const contacts = ctx.need(slice.emergencyContactCount, 'the Shield emergency contacts');
    if (sub.proactiveEngagement === 'ENABLED' && contacts > 0) {
      return pass('proactive engagement is on', { actual: { status: sub.proactiveEngagement, contacts } });
    }
    return fail('the SRT will not reach out during an event', {
      expected: { status: 'ENABLED', contacts: 'at least one' },
      actual: { status: sub.proactiveEngagement ?? 'DISABLED', contacts },
    });
  },
});

/** Protected resources use health-based detection. */
export const shieldHealthChecks = defineControl({
  id: 'shield.health-checks',
  title: 'Resources protected by Shield Advanced have health-based detection',
  severity: 'low',
  capabilities: CAPABILITIES,
  principles: PRINCIPLES,
  appliesTo: 'all',
  scope: 'account',
  service: 'shield',
  refs: { sraVerify: ['SRA-SHIELD-10'] },
  risk:
    'Without a Route 53 health check, Shield Advanced detects attacks on traffic alone: slower, at higher ' +
    'thresholds, and proactive engagement has nothing to trigger on.',
  remediation: {
    blueprint: SHIELD_KEY,
    manual:
      "Create a Route 53 health check that reflects the application's health, then Shield → Protected resources " +
      '→ the protection → Health check (aws shield associate-health-check).' +
      COST,
  },
  uses: [SHIELD],
  evaluate(ctx) {
    const protections = protectionsOf(ctx);
    if (isOutcome(protections)) return protections;
    // Health-based detection is available for every protected resource type except Route 53 hosted zones.
    const eligible = protections.filter((p) => shieldResourceKind(p.resourceArn) !== 'hosted-zone');
    if (eligible.length === 0) return notApplicable('no protected resource can use health-based detection');
    return eligible.map((p) =>
      p.healthCheckIds.length > 0
        ? pass(`${p.name} uses health-based detection`, { resource: p.resourceArn, actual: p.healthCheckIds })
        : fail(`${p.name} has no health check`, {
            resource: p.resourceArn,
            expected: 'a Route 53 health check',
            actual: 'none',
          }),
    );
  },
});

/** The Shield engagement Lambda function exists in us-east-1. */
export const shieldEngagementLambda = defineControl({
  id: 'shield.engagement-lambda',
  title: 'The Shield engagement Lambda function is deployed',
  severity: 'low',
  capabilities: ['incident-response'],
  principles: ['prepare-for-security-events'],
  appliesTo: 'all',
  scope: 'account',
  service: 'shield',
  refs: { sraVerify: ['SRA-SHIELD-11'] },
  risk:
    'Without the engagement function (AWS_Shield_Engagement_Lambda), opening an urgent SRT case during an ' +
    'attack is a manual step.',
  remediation: {
    blueprint: SHIELD_KEY,
    manual:
      'Deploy the Shield engagement Lambda function, named AWS_Shield_Engagement_Lambda, in us-east-1 (from the ' +
      'AWS Shield Advanced engagement sample), with permission to open AWS Support cases.' +
      COST,
  },
  uses: [SHIELD],
  evaluate(ctx) {
    const slice = subscribedSlice(ctx);
    if (isOutcome(slice)) return slice;
    const arn = ctx.need(slice.engagementLambda, `the Lambda functions in ${SHIELD_REGION}`);
    return arn
      ? pass(`${ENGAGEMENT_LAMBDA_NAME} is deployed`, { resource: arn, actual: arn })
      : fail(`no ${ENGAGEMENT_LAMBDA_NAME} function in ${SHIELD_REGION}`, {
          expected: `a Lambda function named ${ENGAGEMENT_LAMBDA_NAME} in ${SHIELD_REGION}`,
          actual: 'none',
        });
  },
});

/** Protected web resources sit behind a web ACL. */
export const shieldWebAcls = defineControl({
  id: 'shield.protected-resources-have-web-acl',
  title: 'CloudFront distributions and load balancers protected by Shield Advanced have a web ACL',
  severity: 'medium',
  capabilities: [...CAPABILITIES, 'application-security'],
  principles: PRINCIPLES,
  appliesTo: 'all',
  scope: 'account',
  service: 'shield',
  refs: { sraVerify: ['SRA-SHIELD-12'] },
  risk:
    'Shield Advanced mitigates application layer (HTTP flood) attacks through AWS WAF; a protected web resource ' +
    'without a web ACL has no layer-7 mitigation at all.',
  remediation: {
    blueprint: 'infrastructureProtection.firewallManager.enabled',
    manual:
      'Associate a web ACL with the resource (AWS WAF console → Web ACLs → Associated resources), or cover it ' +
      'with a Firewall Manager AWS WAF policy.' +
      COST,
  },
  uses: [SHIELD, WAF, WAF_CLOUDFRONT],
  evaluate(ctx) {
    const protections = protectionsOf(ctx);
    if (isOutcome(protections)) return protections;
    const web = protections.filter((p) => ['cloudfront', 'alb'].includes(shieldResourceKind(p.resourceArn)));
    if (web.length === 0) return notApplicable('no CloudFront distribution or load balancer is protected');
    return web.map((p) => guard(p.resourceArn, () => webAclOutcome(ctx, p)));
  },
});

/** The web ACL verdict for one protected CloudFront distribution or ALB. */
function webAclOutcome(ctx: EvalContext, p: ShieldProtection): Outcome {
  const kind = shieldResourceKind(p.resourceArn);
  let listed: WafResource[];
  if (kind === 'cloudfront') {
    listed = ctx.need(
      ctx.accountSlice<WafCloudFrontSlice>(WAF_CLOUDFRONT)?.distributions,
      'the CloudFront distributions',
    );
  } else {
    const region = regionOfArn(p.resourceArn) ?? '';
    if (!ctx.inventory.governedRegions.includes(region)) {
      return {
        status: 'ERROR',
        resource: p.resourceArn,
        message: `the load balancer is in ${region}, which is not a governed Region, so its web ACL was not read`,
      };
    }
    const slice = ctx.regionSlice<WafRegionSlice>(WAF, ctx.account.id, region);
    listed = ctx.need(slice?.resources.alb, `the Application Load Balancers in ${region}`);
  }
  const resource = listed.find((r) => r.arn === p.resourceArn);
  if (!resource) {
    return notApplicable(
      `the protected resource no longer exists (protection ${p.name} is left over)`,
      p.resourceArn,
    );
  }
  const webAcl = ctx.need(resource.webAcl, `the web ACL of ${p.resourceArn}`);
  return webAcl
    ? pass(`${resource.name} has a web ACL`, { resource: p.resourceArn, actual: webAcl })
    : fail(`${resource.name} is protected by Shield Advanced but has no web ACL`, {
        resource: p.resourceArn,
        expected: 'an AWS WAF web ACL',
        actual: 'none',
      });
}

/** DDoSDetected alarms for protected CloudFront distributions and hosted zones in us-east-1. */
export const shieldDdosAlarms = defineControl({
  id: 'shield.ddos-detected-alarms',
  title: 'CloudWatch alarms watch DDoSDetected for protected CloudFront distributions and hosted zones',
  severity: 'medium',
  capabilities: ['incident-response', 'threat-detection'],
  principles: ['prepare-for-security-events', 'enable-traceability'],
  appliesTo: 'all',
  scope: 'account',
  service: 'shield',
  refs: { sraVerify: ['SRA-SHIELD-13'] },
  risk: 'Without an alarm on DDoSDetected, an attack on a global resource is noticed when users complain.',
  remediation: {
    blueprint: SHIELD_KEY,
    manual:
      'In us-east-1, create a CloudWatch alarm on AWS/DDoSProtection DDoSDetected (dimension ResourceArn) for each ' +
      "protected distribution and hosted zone, notifying the security team's SNS topic." +
      COST,
  },
  uses: [SHIELD],
  evaluate(ctx) {
    const slice = subscribedSlice(ctx);
    if (isOutcome(slice)) return slice;
    const protections = ctx.need(slice.protections, 'the Shield Advanced protections');
    const global = protections.filter((p) =>
      ['cloudfront', 'hosted-zone'].includes(shieldResourceKind(p.resourceArn)),
    );
    if (global.length === 0) return notApplicable('no CloudFront distribution or hosted zone is protected');
    const alarms = ctx.need(slice.ddosAlarms, `the CloudWatch alarms in ${SHIELD_REGION}`);
    return global.map((p) => {
      const names = alarms.filter((a) => a.resourceArn === p.resourceArn).map((a) => a.name);
      return names.length > 0
        ? pass(`DDoSDetected is watched for ${p.resourceArn}`, { resource: p.resourceArn, actual: names })
        : fail(`no CloudWatch alarm watches DDoSDetected for ${p.resourceArn}`, {
            resource: p.resourceArn,
            expected: `an alarm in ${SHIELD_REGION} on AWS/DDoSProtection DDoSDetected with ResourceArn=${p.resourceArn}`,
            actual: 'none',
          });
    });
  },
});

/** Protected web resources have automatic application layer DDoS mitigation. */
export const shieldAutomaticResponse = defineControl({
  id: 'shield.automatic-application-layer-mitigation',
  title:
    'Protected CloudFront distributions and load balancers mitigate application layer attacks automatically',
  severity: 'medium',
  capabilities: [...CAPABILITIES, 'application-security'],
  principles: [...PRINCIPLES, 'automate-security-best-practices'],
  appliesTo: 'all',
  scope: 'account',
  service: 'shield',
  refs: { sraVerify: ['SRA-SHIELD-14'] },
  risk:
    'Without automatic mitigation, an HTTP flood is handled by hand: someone has to write and deploy a rate ' +
    'rule while the application is down.',
  remediation: {
    blueprint: SHIELD_KEY,
    manual:
      'Shield → Protected resources → the protection → Automatic application layer DDoS mitigation → Enable ' +
      '(count first, then block), after associating a web ACL.' +
      COST,
  },
  uses: [SHIELD],
  evaluate(ctx) {
    const protections = protectionsOf(ctx);
    if (isOutcome(protections)) return protections;
    const web = protections.filter((p) => ['cloudfront', 'alb'].includes(shieldResourceKind(p.resourceArn)));
    if (web.length === 0) return notApplicable('no CloudFront distribution or load balancer is protected');
    return web.map((p) =>
      p.automaticResponse === 'ENABLED'
        ? pass(`${p.name} mitigates application layer attacks automatically`, {
            resource: p.resourceArn,
            actual: p.automaticResponse,
          })
        : fail(`${p.name} has no automatic application layer mitigation`, {
            resource: p.resourceArn,
            expected: 'ENABLED',
            actual: p.automaticResponse ?? 'DISABLED',
          }),
    );
  },
});

/** Every Shield Advanced control. */
export const SHIELD_CONTROLS: readonly Control[] = [
  shieldSubscription,
  shieldAutoRenew,
  shieldCloudFront,
  shieldLoadBalancers,
  shieldElasticIps,
  shieldHostedZones,
  shieldGlobalAccelerators,
  shieldSrtAccess,
  shieldProactiveEngagement,
  shieldHealthChecks,
  shieldEngagementLambda,
  shieldWebAcls,
  shieldDdosAlarms,
  shieldAutomaticResponse,
];
