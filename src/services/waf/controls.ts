/**
 * AWS WAF controls. They are about resources that exist: in an account and Region without a CloudFront
 * distribution, Application Load Balancer, API Gateway stage, AppSync API, Cognito user pool, App Runner
 * service, Verified Access instance or Amplify app, the matching control is NOT_APPLICABLE; where such
 * resources exist, each one without a web ACL FAILs with its ARN as the resource. Web ACL logging follows the
 * blueprint's `applicationSecurity.wafLogging` (on by default, with targets); without web ACLs there is
 * nothing to log and the control is NOT_APPLICABLE.
 *
 * A failed read of one resource type (or of one resource's association) is an ERROR for that type (or that
 * resource) only.
 *
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html (protectable resource types)
 * https://docs.aws.amazon.com/waf/latest/developerguide/logging.html
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html (CloudFront.6)
 * https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html (ELB.16)
 * https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html (APIGateway.4)
 * https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html (WAF.11)
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
  type WafRegionalKind,
  type WafResource,
  type WafWebAcl,
} from './collect.js';

/** Blueprint key of WAF logging. */
export const WAF_LOGGING_KEY = 'applicationSecurity.wafLogging';
/** Blueprint key that rolls web ACLs out at scale (Firewall Manager AWS WAF policies). */
const FMS_KEY = 'infrastructureProtection.firewallManager.enabled';

const CAPABILITIES: readonly CapabilityId[] = ['application-security', 'infrastructure-protection'];
const PRINCIPLES: readonly PrincipleId[] = ['security-at-all-layers'];

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

/** The web ACL verdict for each resource. */
function judge(resources: readonly WafResource[], what: string): Outcome[] {
  return resources.map((r) =>
    guard(r.arn, () => {
      const webAcl = needWebAcl(r);
      return webAcl
        ? pass(`${what} ${r.name} has a web ACL`, { resource: r.arn, actual: webAcl })
        : fail(`${what} ${r.name} has no web ACL`, {
            resource: r.arn,
            expected: 'an AWS WAF web ACL',
            actual: 'none',
          });
    }),
  );
}

/** The web ACL of a resource, or throws MissingData when its read failed. */
function needWebAcl(r: WafResource): string | null {
  if (!r.webAcl.ok) throw new MissingData(`the web ACL of ${r.arn}`, r.webAcl.error);
  return r.webAcl.value;
}

interface AssociationSpec {
  id: string;
  sraVerify: string;
  fsbp?: string[];
  kind: WafRegionalKind;
  /** Plural, for titles: "Application Load Balancers". */
  plural: string;
  /** Singular, for messages: "load balancer". */
  singular: string;
  severity: Control['severity'];
  risk: string;
  manual: string;
}

function associationControl(spec: AssociationSpec): Control {
  return defineControl({
    id: spec.id,
    title: `${spec.plural} are protected by an AWS WAF web ACL`,
    severity: spec.severity,
    capabilities: CAPABILITIES,
    principles: PRINCIPLES,
    appliesTo: 'all',
    scope: 'region',
    service: 'waf',
    refs: { sraVerify: [spec.sraVerify], ...(spec.fsbp ? { fsbp: spec.fsbp } : {}) },
    risk: spec.risk,
    remediation: { blueprint: FMS_KEY, manual: spec.manual },
    uses: [WAF],
    evaluate(ctx) {
      const resources = ctx.need(
        ctx.regionSlice<WafRegionSlice>(WAF)?.resources[spec.kind],
        `the ${spec.plural}`,
      );
      if (resources.length === 0) return notApplicable(`no ${spec.plural} in ${ctx.region}`);
      return judge(resources, spec.singular);
    },
  });
}

/** CloudFront distributions have a web ACL. */
export const wafCloudFront = defineControl({
  id: 'waf.cloudfront-web-acl',
  title: 'CloudFront distributions are protected by an AWS WAF web ACL',
  severity: 'medium',
  capabilities: CAPABILITIES,
  principles: PRINCIPLES,
  appliesTo: 'all',
  scope: 'account',
  service: 'waf',
  refs: { sraVerify: ['SRA-WAF-01'], fsbp: ['CloudFront.6'] },
  risk:
    'A distribution without a web ACL passes every request to its origin: injection, bad bots and request ' +
    'floods reach the application unfiltered, at the edge where they are cheapest to stop.',
  remediation: {
    blueprint: FMS_KEY,
    manual:
      'Create a CLOUDFRONT-scope web ACL in us-east-1 and set it on the distribution (CloudFront console → the ' +
      'distribution → Security → Edit, or UpdateDistribution with WebACLId), or cover distributions with a ' +
      'Firewall Manager AWS WAF policy.',
  },
  uses: [WAF_CLOUDFRONT],
  evaluate(ctx) {
    const slice = ctx.accountSlice<WafCloudFrontSlice>(WAF_CLOUDFRONT);
    const distributions = ctx.need(slice?.distributions, 'the CloudFront distributions');
    if (distributions.length === 0) return notApplicable('the account has no CloudFront distribution');
    return judge(distributions, 'distribution');
  },
});

/** Application Load Balancers have a web ACL. */
export const wafAlb = associationControl({
  id: 'waf.alb-web-acl',
  sraVerify: 'SRA-WAF-02',
  fsbp: ['ELB.16'],
  kind: 'alb',
  plural: 'Application Load Balancers',
  singular: 'load balancer',
  severity: 'medium',
  risk:
    'An Application Load Balancer without a web ACL forwards every HTTP request to its targets; common exploits ' +
    'and floods are only stopped, if at all, by the application itself.',
  manual:
    "AWS WAF console → Web ACLs (the load balancer's Region) → Associated AWS resources → Add (aws wafv2 " +
    'associate-web-acl), or a Firewall Manager AWS WAF policy over Application Load Balancers.',
});

/** API Gateway REST API stages have a web ACL. */
export const wafApiGateway = associationControl({
  id: 'waf.api-gateway-web-acl',
  sraVerify: 'SRA-WAF-03',
  fsbp: ['APIGateway.4'],
  kind: 'apiGatewayStage',
  plural: 'API Gateway REST API stages',
  singular: 'API stage',
  severity: 'medium',
  risk:
    'An API stage without a web ACL accepts injection payloads and request floods straight into its ' +
    'integrations (Lambda, backends), where they cost money and availability.',
  manual:
    'API Gateway console → the API → Stages → the stage → Web ACL, or aws wafv2 associate-web-acl with the stage ' +
    'ARN; or a Firewall Manager AWS WAF policy over API Gateway stages.',
});

/** AppSync GraphQL APIs have a web ACL. */
export const wafAppSync = associationControl({
  id: 'waf.appsync-web-acl',
  sraVerify: 'SRA-WAF-04',
  kind: 'appsync',
  plural: 'AppSync GraphQL APIs',
  singular: 'GraphQL API',
  severity: 'medium',
  risk:
    'A GraphQL API without a web ACL has no rate limits or filters in front of its resolvers; deep or abusive ' +
    'queries reach the data sources directly.',
  manual:
    'AppSync console → the API → Settings → Web application firewall → Enable, and choose a regional web ACL.',
});

/** Cognito user pools have a web ACL. */
export const wafCognito = associationControl({
  id: 'waf.cognito-user-pool-web-acl',
  sraVerify: 'SRA-WAF-05',
  kind: 'cognitoUserPool',
  plural: 'Cognito user pools',
  singular: 'user pool',
  severity: 'medium',
  risk:
    'Sign-in and sign-up endpoints without a web ACL are open to credential stuffing and sign-up abuse at ' +
    "whatever rate the pool's quotas allow.",
  manual:
    'Cognito console → the user pool → Branding/Security → AWS WAF → Associate a regional web ACL (aws wafv2 ' +
    'associate-web-acl with the user pool ARN).',
});

/** App Runner services have a web ACL. */
export const wafAppRunner = associationControl({
  id: 'waf.app-runner-web-acl',
  sraVerify: 'SRA-WAF-06',
  kind: 'appRunnerService',
  plural: 'App Runner services',
  singular: 'App Runner service',
  severity: 'medium',
  risk: 'A public App Runner service without a web ACL serves every request it receives, malicious or not.',
  manual:
    'App Runner console → the service → Configuration → Security → Web application firewall → Activate, and choose a web ACL.',
});

/** Verified Access instances have a web ACL. */
export const wafVerifiedAccess = associationControl({
  id: 'waf.verified-access-web-acl',
  sraVerify: 'SRA-WAF-07',
  kind: 'verifiedAccessInstance',
  plural: 'Verified Access instances',
  singular: 'Verified Access instance',
  severity: 'medium',
  risk:
    'Verified Access decides who reaches an application; without a web ACL, what those users (or a stolen ' +
    'session) send is not filtered.',
  manual:
    'AWS WAF console → Web ACLs → Associated AWS resources → Add → the Verified Access instance (aws wafv2 associate-web-acl).',
});

/** Amplify apps have a web ACL. */
export const wafAmplify = associationControl({
  id: 'waf.amplify-web-acl',
  sraVerify: 'SRA-WAF-08',
  kind: 'amplifyApp',
  plural: 'Amplify apps',
  singular: 'Amplify app',
  severity: 'medium',
  risk: 'A hosted Amplify app without a firewall serves bots and scrapers as readily as users.',
  manual: 'Amplify console → the app → Hosting → Firewall → Add firewall, and choose or create a web ACL.',
});

/** True when the blueprint's wafLogging targets include the evaluated account (default: every account). */
function loggingTargetsAccount(ctx: EvalContext): boolean {
  const t = ctx.blueprint?.applicationSecurity.wafLogging.targets;
  if (!t) return true;
  const id = ctx.account.id;
  if (t.excludeAccounts.includes(id)) return false;
  if (t.ous.length === 0 && t.accounts.length === 0) return true;
  return t.accounts.includes(id) || ctx.account.ouPath.some((ou) => t.ous.includes(ou));
}

/** Verdicts for a list of web ACLs against the set of logged ones. */
function loggingVerdicts(acls: readonly WafWebAcl[], logged: readonly string[], scope: string): Outcome[] {
  const on = new Set(logged);
  return acls.map((w) =>
    on.has(w.arn)
      ? pass(`${scope} web ACL ${w.name} logs its traffic`, { resource: w.arn, actual: 'logging configured' })
      : fail(`${scope} web ACL ${w.name} has no logging`, {
          resource: w.arn,
          expected: 'a logging configuration (aws-waf-logs-… destination in the log archive)',
          actual: 'none',
        }),
  );
}

/** Web ACLs log their traffic. */
export const wafLogging = defineControl({
  id: 'waf.web-acl-logging',
  title: 'AWS WAF web ACLs log their traffic',
  severity: 'medium',
  capabilities: ['application-security', 'threat-detection'],
  principles: ['enable-traceability', 'security-at-all-layers'],
  appliesTo: 'all',
  scope: 'region',
  service: 'waf',
  refs: { sraVerify: ['SRA-WAF-09'], fsbp: ['WAF.11'] },
  risk:
    'Without logs, blocked and allowed requests leave no trace: an attack cannot be investigated, rules cannot ' +
    'be tuned, and the log archive misses the application layer.',
  remediation: {
    blueprint: `${WAF_LOGGING_KEY}.enabled`,
    manual:
      'AWS WAF console → the web ACL → Logging and metrics → Enable, to a log group, bucket or Firehose stream ' +
      'named aws-waf-logs-… that delivers to the log archive (aws wafv2 put-logging-configuration).',
  },
  uses: [WAF, WAF_CLOUDFRONT],
  evaluate(ctx) {
    const bp = ctx.blueprint?.applicationSecurity.wafLogging;
    if (bp && !bp.enabled)
      return notApplicable(`the blueprint turns WAF logging off (${WAF_LOGGING_KEY}.enabled: false)`);
    if (bp?.targets.excludeRegions.includes(ctx.region)) {
      return notApplicable(
        `the blueprint excludes ${ctx.region} from WAF logging (${WAF_LOGGING_KEY}.targets)`,
      );
    }
    if (!loggingTargetsAccount(ctx)) {
      return notApplicable(
        `the blueprint does not target account ${ctx.account.id} for WAF logging (${WAF_LOGGING_KEY}.targets)`,
      );
    }
    const outcomes: Outcome[] = [];
    const regional = ctx.regionSlice<WafRegionSlice>(WAF);
    outcomes.push(
      ...guardAll(`regional web ACLs in ${ctx.region}`, () =>
        loggingVerdicts(
          ctx.need(regional?.webAcls, `the web ACLs in ${ctx.region}`),
          ctx.need(regional?.loggedWebAcls, `the WAF logging configurations in ${ctx.region}`),
          'regional',
        ),
      ),
    );
    // CLOUDFRONT-scope web ACLs are global; they are judged once, with the home Region.
    if (ctx.region === ctx.inventory.homeRegion) {
      const global = ctx.accountSlice<WafCloudFrontSlice>(WAF_CLOUDFRONT);
      outcomes.push(
        ...guardAll('CloudFront web ACLs', () =>
          loggingVerdicts(
            ctx.need(global?.webAcls, 'the CloudFront web ACLs'),
            ctx.need(global?.loggedWebAcls, 'the WAF logging configurations of CloudFront web ACLs'),
            'CloudFront',
          ),
        ),
      );
    }
    return outcomes.length > 0 ? outcomes : notApplicable(`no web ACLs in ${ctx.region}`);
  },
});

/** Like {@link guard} for a list of outcomes. */
function guardAll(resource: string, fn: () => Outcome[]): Outcome[] {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MissingData) {
      return [{ status: 'ERROR', resource, message: e.message, ...(e.error ? { error: e.error } : {}) }];
    }
    throw e;
  }
}

/** Every AWS WAF control. */
export const WAF_CONTROLS: readonly Control[] = [
  wafCloudFront,
  wafAlb,
  wafApiGateway,
  wafAppSync,
  wafCognito,
  wafAppRunner,
  wafVerifiedAccess,
  wafAmplify,
  wafLogging,
];
