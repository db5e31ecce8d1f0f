/**
 * CloudTrail controls, family "administration and data events": the CloudTrail delegated administrator
 * (read from the Organizations slice) and the optional data-event recording of the organization trail
 * (S3 object-level and Lambda invocations, billed per event — the SRA leaves them to the blueprint).
 */
import type { EvalContext } from '../../verify/types.js';
import { defineControl, fail, notApplicable, pass, type Control } from '../../verify/types.js';
import { ORGANIZATIONS_COLLECTOR_ID, organizationSliceOf } from '../organizations/collect.js';
import { CLOUDTRAIL } from './collect.js';
import { orgTrailsOf } from './controls.js';
import { dataCoverage, hasDataSelectors, type DataResourceType } from './selectors.js';

/** CloudTrail's service principal. */
export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

/** Delegated administrators registered for `principal` (ERROR when they could not be read). */
export function delegatedAdminsFor(ctx: EvalContext, principal: string): string[] {
  const regs = ctx.need(
    organizationSliceOf(ctx.inventory.organization)?.delegatedAdmins,
    'delegated administrators',
  );
  return [...new Set(regs.filter((r) => r.principal === principal).map((r) => r.account))];
}

/**
 * PASS when every delegated administrator of `principal` holds the security tooling role; NOT_APPLICABLE
 * when there is none (that is the "is set" control's finding).
 */
export function adminIsSecurityTooling(ctx: EvalContext, principal: string, setControl: string) {
  const admins = delegatedAdminsFor(ctx, principal);
  if (admins.length === 0)
    return notApplicable(`no delegated administrator for ${principal} (see ${setControl})`);
  const tooling = ctx.roleAccounts['security-tooling'] ?? [];
  const others = admins.filter((a) => !tooling.includes(a));
  if (tooling.length > 0 && others.length === 0) {
    return pass(`the security tooling account ${admins.join(', ')} administers ${principal}`, {
      actual: admins,
    });
  }
  return fail(
    tooling.length === 0
      ? `no account holds the security tooling role; ${principal} is administered by ${admins.join(', ')}`
      : `${principal} is administered by ${others.join(', ')}, not only by the security tooling account`,
    { expected: tooling.length === 1 ? [tooling[0]] : tooling, actual: admins },
  );
}

const adminBase = {
  capabilities: ['security-governance', 'threat-detection'],
  principles: ['strong-identity-foundation', 'enable-traceability'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'cloudtrail',
  uses: [ORGANIZATIONS_COLLECTOR_ID],
} as const satisfies Partial<Control>;

/** A CloudTrail delegated administrator is registered. */
export const cloudTrailDelegatedAdminSet = defineControl({
  ...adminBase,
  id: 'cloudtrail.delegated-admin-set',
  title: 'CloudTrail has a delegated administrator',
  severity: 'medium',
  refs: { sraVerify: ['SRA-CLOUDTRAIL-12'] },
  risk:
    'Without a delegated administrator, every change to the organization trail needs the management ' +
    'account, which the SRA keeps free of day-to-day work.',
  remediation: {
    blueprint: 'accounts.securityTooling',
    manual:
      'From the management account: `aws cloudtrail register-organization-delegated-admin --member-account-id <security-tooling>`.',
  },
  evaluate(ctx) {
    const admins = delegatedAdminsFor(ctx, CLOUDTRAIL_PRINCIPAL);
    return admins.length > 0
      ? pass(`CloudTrail is administered by ${admins.join(', ')}`, { actual: admins })
      : fail('CloudTrail has no delegated administrator', {
          expected: 'the security tooling account',
          actual: 'none',
        });
  },
});

/** The CloudTrail delegated administrator is the security tooling account. */
export const cloudTrailDelegatedAdminIsSecurityTooling = defineControl({
  ...adminBase,
  id: 'cloudtrail.delegated-admin-security-tooling',
  title: 'The CloudTrail delegated administrator is the security tooling account',
  severity: 'medium',
  refs: { sraVerify: ['SRA-CLOUDTRAIL-13'] },
  risk:
    'A CloudTrail administrator outside the security tooling account can stop or redirect the ' +
    'organization trail from an account the security team does not own.',
  remediation: {
    blueprint: 'accounts.securityTooling',
    manual:
      'Deregister the other account (`aws cloudtrail deregister-organization-delegated-admin`) and register ' +
      'the security tooling account.',
  },
  evaluate: (ctx) => adminIsSecurityTooling(ctx, CLOUDTRAIL_PRINCIPAL, 'cloudtrail.delegated-admin-set'),
});

const dataBase = {
  capabilities: ['threat-detection', 'data-protection'],
  principles: ['enable-traceability'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'cloudtrail',
  uses: [CLOUDTRAIL],
} as const satisfies Partial<Control>;

/**
 * Data-event recording for every resource of a type. Optional: NOT_APPLICABLE unless the blueprint asks
 * for it or an organization trail already records such events.
 */
function dataEvents(
  ctx: EvalContext,
  type: DataResourceType,
  side: 'read' | 'write' | 'any',
  blueprintKey: string,
  requested: boolean | undefined,
) {
  const trails = orgTrailsOf(ctx);
  if (trails.length === 0) {
    return notApplicable(
      'there is no organization trail to record data events (see cloudtrail.org-trail-exists)',
    );
  }
  const selectors = trails.map((t) => ({ t, s: ctx.need(t.selectors, `event selectors of ${t.name}`) }));
  const inUse = selectors.some(({ s }) => hasDataSelectors(s, type));
  if (!requested && !inUse) {
    return notApplicable(
      `${type} data events are optional in the SRA and not in use; to record them set ${blueprintKey}: true`,
    );
  }
  const covers = (c: { read: boolean; write: boolean }) => (side === 'any' ? c.read || c.write : c[side]);
  const covering = selectors.filter(({ s }) => covers(dataCoverage(s, type))).map(({ t }) => t.arn);
  const what = side === 'any' ? 'data events' : `${side} data events`;
  if (covering.length > 0) return pass(`${what} of every ${type} are recorded`, { actual: covering });
  return fail(`no organization trail records ${what} for every ${type}`, {
    expected: side === 'any' ? { resources: 'all' } : { [side]: true, resources: 'all' },
    actual: Object.fromEntries(selectors.map(({ t, s }) => [t.name, dataCoverage(s, type)])),
  });
}

const S3_DATA_KEY = 'threatDetection.cloudtrail.organizationTrail.dataEvents.s3';
const LAMBDA_DATA_KEY = 'threatDetection.cloudtrail.organizationTrail.dataEvents.lambda';

/** S3 object-level write events are recorded. */
export const s3WriteDataEvents = defineControl({
  ...dataBase,
  id: 'cloudtrail.s3-write-data-events',
  title: 'An organization trail records S3 object-level write events for all buckets',
  severity: 'medium',
  refs: { fsbp: ['S3.22'], cis: ['3.8'] },
  risk: 'Without object-level write events, nobody can tell who put, overwrote or deleted an object.',
  remediation: {
    blueprint: S3_DATA_KEY,
    manual: 'Add a data event selector for AWS::S3::Object (all buckets, write) to the organization trail.',
  },
  evaluate: (ctx) =>
    dataEvents(
      ctx,
      'AWS::S3::Object',
      'write',
      S3_DATA_KEY,
      ctx.blueprint?.threatDetection.cloudtrail.organizationTrail.dataEvents.s3,
    ),
});

/** S3 object-level read events are recorded. */
export const s3ReadDataEvents = defineControl({
  ...dataBase,
  id: 'cloudtrail.s3-read-data-events',
  title: 'An organization trail records S3 object-level read events for all buckets',
  severity: 'low',
  refs: { fsbp: ['S3.23'], cis: ['3.9'] },
  risk: 'Without object-level read events, data exfiltration from a bucket leaves no record of who read what.',
  remediation: {
    blueprint: S3_DATA_KEY,
    manual: 'Add a data event selector for AWS::S3::Object (all buckets, read) to the organization trail.',
  },
  evaluate: (ctx) =>
    dataEvents(
      ctx,
      'AWS::S3::Object',
      'read',
      S3_DATA_KEY,
      ctx.blueprint?.threatDetection.cloudtrail.organizationTrail.dataEvents.s3,
    ),
});

/** Lambda invocation events are recorded. */
export const lambdaDataEvents = defineControl({
  ...dataBase,
  id: 'cloudtrail.lambda-data-events',
  title: 'An organization trail records Lambda invocations for all functions',
  severity: 'low',
  capabilities: ['threat-detection', 'application-security'],
  refs: {},
  risk: 'Without invocation events, abuse of a function (who invoked it, from where) cannot be traced.',
  remediation: {
    blueprint: LAMBDA_DATA_KEY,
    manual: 'Add a data event selector for AWS::Lambda::Function (all functions) to the organization trail.',
  },
  evaluate: (ctx) =>
    dataEvents(
      ctx,
      'AWS::Lambda::Function',
      // Invoke is the only Lambda data event; either selector side that includes it counts.
      'any',
      LAMBDA_DATA_KEY,
      ctx.blueprint?.threatDetection.cloudtrail.organizationTrail.dataEvents.lambda,
    ),
});

/** Every control of the administration and data-events family. */
export const CLOUDTRAIL_ADMIN_CONTROLS: readonly Control[] = [
  cloudTrailDelegatedAdminSet,
  cloudTrailDelegatedAdminIsSecurityTooling,
  s3WriteDataEvents,
  s3ReadDataEvents,
  lambdaDataEvents,
];
