/**
 * Who reads the lake: the SRA stores logs in the log archive account and analyses them from the security
 * tooling account, so the security tooling account subscribes to the lake with query access (Lake Formation
 * tables, e.g. through Athena) and data access (S3 objects and notifications).
 * https://docs.aws.amazon.com/security-lake/latest/userguide/subscriber-management.html
 */
import { ORGANIZATIONS_COLLECTOR_ID } from '../../organizations/collect.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../../verify/types.js';
import { SECURITY_LAKE } from '../collect.js';
import { SECURITY_LAKE_KEY, isOutcome, lakeView, roleAccount } from '../common.js';

/** The two access types a subscriber can have. */
type AccessType = 'LAKEFORMATION' | 'S3';

function subscriberCheck(ctx: EvalContext, type: AccessType): Outcome {
  const view = lakeView(ctx);
  if (isOutcome(view)) return view;
  const tooling = roleAccount(ctx, 'security-tooling');
  if (!tooling) {
    return notApplicable(
      'no account is known as the security tooling account; name it in the blueprint (accounts.securityTooling)',
      view.lake.arn,
    );
  }
  const subscribers = ctx.need(view.slice.subscribers, `Security Lake subscribers in ${ctx.region}`);
  const what = type === 'LAKEFORMATION' ? 'query access (Lake Formation)' : 'data access (S3)';
  const match = subscribers.find(
    (s) => s.principal === tooling && s.accessTypes.includes(type) && s.status !== 'DEACTIVATED',
  );
  if (match) {
    return pass(`the security tooling account ${tooling} has ${what} through subscriber ${match.name}`, {
      resource: view.lake.arn,
      actual: { subscriber: match.id, accessTypes: match.accessTypes },
    });
  }
  return fail(`the security tooling account ${tooling} has no ${what} to the lake in ${ctx.region}`, {
    resource: view.lake.arn,
    expected: { principal: tooling, accessType: type },
    actual: subscribers
      .filter((s) => s.principal === tooling)
      .map((s) => ({
        subscriber: s.id,
        accessTypes: s.accessTypes,
        ...(s.status ? { status: s.status } : {}),
      })),
  });
}

/** The security tooling account queries the lake through Lake Formation. */
export const securityToolingQueryAccess: Control = defineControl({
  id: 'security-lake.security-tooling-query-access',
  title: 'The security tooling account is a Security Lake subscriber with query access',
  severity: 'medium',
  capabilities: ['threat-detection', 'incident-response'],
  principles: ['keep-people-away-from-data', 'prepare-for-security-events'],
  appliesTo: ['log-archive'],
  scope: 'region',
  service: 'security-lake',
  refs: { sraVerify: ['SRA-SECURITYLAKE-16'] },
  risk:
    'Without a query subscriber, analysts must work inside the log archive account to search the lake, which ' +
    'defeats the separation between log storage and log use and slows investigations down.',
  remediation: {
    blueprint: SECURITY_LAKE_KEY,
    manual:
      'From the delegated administrator: Security Lake console → Subscribers → Create subscriber → account ' +
      '<security-tooling-id>, Lake Formation access; or `aws securitylake create-subscriber --access-types ' +
      'LAKEFORMATION --subscriber-identity principal=<security-tooling-id>,externalId=<id> --sources …`. The ' +
      'subscriber then accepts the AWS RAM share in the security tooling account.',
  },
  uses: [SECURITY_LAKE, ORGANIZATIONS_COLLECTOR_ID],
  evaluate: (ctx) => subscriberCheck(ctx, 'LAKEFORMATION'),
});

/** The security tooling account reads the lake's objects through S3. */
export const securityToolingDataAccess: Control = defineControl({
  id: 'security-lake.security-tooling-data-access',
  title: 'The security tooling account is a Security Lake subscriber with data access',
  severity: 'medium',
  capabilities: ['threat-detection', 'incident-response'],
  principles: ['keep-people-away-from-data', 'prepare-for-security-events'],
  appliesTo: ['log-archive'],
  scope: 'region',
  service: 'security-lake',
  refs: { sraVerify: ['SRA-SECURITYLAKE-17'] },
  risk:
    'Without a data subscriber, the security tooling account’s detection pipelines (SIEM, automation) cannot ' +
    'be notified of and read new log objects, so findings that depend on raw logs arrive late or never.',
  remediation: {
    blueprint: SECURITY_LAKE_KEY,
    manual:
      'From the delegated administrator: Security Lake console → Subscribers → Create subscriber → account ' +
      '<security-tooling-id>, S3 data access (with an SQS or HTTPS notification endpoint); or ' +
      '`aws securitylake create-subscriber --access-types S3 …`.',
  },
  uses: [SECURITY_LAKE, ORGANIZATIONS_COLLECTOR_ID],
  evaluate: (ctx) => subscriberCheck(ctx, 'S3'),
});

/** The subscriber controls. */
export const subscriberControls: readonly Control[] = [securityToolingQueryAccess, securityToolingDataAccess];
