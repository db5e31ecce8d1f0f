/**
 * Security Hub in every account and governed Region: the hub is enabled, and the standards the SRA (or
 * the blueprint) asks for — AWS Foundational Security Best Practices by default — are enabled and ready.
 *
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_GetEnabledStandards.html (StandardsStatus:
 * PENDING while it is being set up, READY when it runs, INCOMPLETE/FAILED when it does not run fully)
 */
import { defineControl, fail, notApplicable, pass, type Control } from '../../../verify/types.js';
import { SECURITY_HUB } from '../collect.js';
import { SECURITY_HUB_KEY, hubArn, isStandard, outOfScope, requiredStandards, sliceOf } from '../common.js';

/** Security Hub is enabled in the account and Region. */
export const hubEnabled = defineControl({
  id: 'security-hub.enabled',
  title: 'Security Hub is enabled in every account and governed Region',
  severity: 'high',
  capabilities: ['security-assurance', 'threat-detection'],
  principles: ['automate-security-best-practices', 'enable-traceability'],
  appliesTo: 'all',
  scope: 'region',
  service: 'security-hub',
  refs: { cis: ['4.16'] },
  risk:
    'Without Security Hub the account runs no security standard checks and its findings never reach the ' +
    'security tooling account: misconfigurations there go unnoticed.',
  remediation: {
    blueprint: SECURITY_HUB_KEY,
    manual:
      'Under central configuration, associate a configuration policy that enables Security Hub with the ' +
      'account (or its OU or the root) from the delegated administrator; otherwise `aws securityhub ' +
      'enable-security-hub --region <region>` in the account.',
  },
  uses: [SECURITY_HUB],
  evaluate(ctx) {
    const skip = outOfScope(ctx, { account: true });
    if (skip) return skip;
    const hub = ctx.need(sliceOf(ctx).hub, `Security Hub hub of ${ctx.account.id} in ${ctx.region}`);
    const resource = hubArn(ctx.region, ctx.account.id);
    return hub.enabled
      ? pass(`Security Hub is enabled in ${ctx.region}`, { resource, actual: { enabled: true } })
      : fail(`Security Hub is not enabled in ${ctx.region}`, {
          resource,
          expected: { enabled: true },
          actual: { enabled: false },
        });
  },
});

/** The required standards are enabled and ready. */
export const standardsEnabled = defineControl({
  id: 'security-hub.standards-enabled',
  title: 'The SRA security standards (FSBP by default) are enabled and ready in Security Hub',
  severity: 'medium',
  capabilities: ['security-assurance'],
  principles: ['automate-security-best-practices'],
  appliesTo: 'all',
  scope: 'region',
  service: 'security-hub',
  refs: { sraVerify: ['SRA-SECURITYHUB-01'] },
  risk:
    'A hub without the AWS Foundational Security Best Practices standard (or another standard the blueprint ' +
    'asks for) runs no controls, so it reports nothing about the account’s configuration.',
  remediation: {
    blueprint: `${SECURITY_HUB_KEY}.standards`,
    manual:
      'Under central configuration, add the standard to the configuration policy that governs the account; ' +
      'otherwise `aws securityhub batch-enable-standards --standards-subscription-requests ' +
      'StandardsArn=arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0`.',
  },
  uses: [SECURITY_HUB],
  evaluate(ctx) {
    const skip = outOfScope(ctx, { account: true });
    if (skip) return skip;
    const slice = sliceOf(ctx);
    const hub = ctx.need(slice.hub, `Security Hub hub of ${ctx.account.id} in ${ctx.region}`);
    const resource = hubArn(ctx.region, ctx.account.id);
    if (!hub.enabled) {
      return notApplicable(
        `Security Hub is not enabled in ${ctx.region}, so no standard can run; security-hub.enabled reports the gap`,
        resource,
      );
    }
    const enabled = ctx.need(slice.standards, `Security Hub standards of ${ctx.account.id} in ${ctx.region}`);
    const wanted = requiredStandards(ctx);
    const actual = Object.fromEntries(
      wanted.map((name) => [name, enabled.find((s) => isStandard(s.arn, name))?.status ?? 'not enabled']),
    );
    // PENDING is a standard being set up; it runs once READY.
    const missing = wanted.filter((name) => actual[name] !== 'READY' && actual[name] !== 'PENDING');
    const expected = Object.fromEntries(wanted.map((name) => [name, 'READY']));
    return missing.length === 0
      ? pass(`the standards ${wanted.join(', ')} are enabled in ${ctx.region}`, { resource, actual })
      : fail(
          `the Security Hub standards ${missing.map((n) => `${n} (${actual[n]})`).join(', ')} are not running in ${ctx.region}`,
          { resource, expected, actual },
        );
  },
});

/** The per-account hub family. */
export const HUB_CONTROLS: readonly Control[] = [hubEnabled, standardsEnabled];
