/**
 * GuardDuty in each account and governed Region: a detector that runs, publishes findings at the SRA's
 * frequency and is a member of the organization's delegated administrator.
 */
import { defineControl, fail, notApplicable, pass, type Control } from '../../../verify/types.js';
import {
  GUARDDUTY_KEY,
  activeDetector,
  detectorArn,
  detectorOf,
  isOutcome,
  outOfScope,
  regionAdmin,
  sliceOf,
} from '../common.js';
import { GUARDDUTY, GUARDDUTY_ADMINS } from '../collect.js';

/** A detector exists and is enabled (not suspended) in the account and Region. */
export const detectorEnabled = defineControl({
  id: 'guardduty.detector-enabled',
  title: 'GuardDuty has an enabled detector in every account and governed Region',
  severity: 'high',
  capabilities: ['threat-detection'],
  principles: ['enable-traceability', 'automate-security-best-practices'],
  appliesTo: 'all',
  scope: 'region',
  service: 'guardduty',
  refs: { sraVerify: ['SRA-GUARDDUTY-01', 'SRA-GUARDDUTY-03'], fsbp: ['GuardDuty.1'] },
  risk:
    'Without a running detector, nothing analyses the account’s CloudTrail, VPC flow and DNS activity in this ' +
    'Region: compromised credentials, crypto-mining or data exfiltration there go unnoticed.',
  remediation: {
    blueprint: `${GUARDDUTY_KEY}.enabled`,
    manual:
      'From the GuardDuty delegated administrator (security tooling), add the account as a member in this Region ' +
      '(GuardDuty console → Accounts → Add member) or set auto-enable to ALL; a standalone account can run ' +
      '`aws guardduty create-detector --enable` (or `update-detector --enable` when suspended).',
  },
  uses: [GUARDDUTY],
  evaluate(ctx) {
    const skip = outOfScope(ctx, { account: true });
    if (skip) return skip;
    const detector = detectorOf(ctx);
    if (!detector) {
      return fail(`GuardDuty has no detector in ${ctx.region}`, {
        expected: { detector: 'present', status: 'ENABLED' },
        actual: { detector: 'none' },
      });
    }
    const resource = detectorArn(ctx.region, ctx.account.id, detector.id);
    if (detector.status !== 'ENABLED') {
      return fail(`the GuardDuty detector in ${ctx.region} is suspended`, {
        resource,
        expected: { status: 'ENABLED' },
        actual: { status: detector.status },
      });
    }
    return pass(`GuardDuty detector ${detector.id} is enabled`, {
      resource,
      actual: { status: detector.status },
    });
  },
});

/** Findings are published every 15 minutes (the SRA default), or as the blueprint says. */
export const findingFrequency = defineControl({
  id: 'guardduty.finding-frequency',
  title: 'GuardDuty publishes updated findings every 15 minutes',
  severity: 'medium',
  capabilities: ['threat-detection', 'incident-response'],
  principles: ['prepare-for-security-events', 'enable-traceability'],
  appliesTo: 'all',
  scope: 'region',
  service: 'guardduty',
  refs: { sraVerify: ['SRA-GUARDDUTY-02'] },
  risk:
    'With the default six-hour frequency, updates to recurring findings reach Security Hub, EventBridge and the ' +
    'findings export hours late, which slows responders down on an ongoing attack.',
  remediation: {
    blueprint: `${GUARDDUTY_KEY}.findingPublishingFrequency`,
    manual:
      'GuardDuty console (delegated administrator) → Settings → Findings export options → Frequency for updated ' +
      'findings: 15 minutes; or `aws guardduty update-detector --finding-publishing-frequency FIFTEEN_MINUTES`. ' +
      'Member accounts follow the administrator’s value ' +
      '(https://docs.aws.amazon.com/guardduty/latest/ug/administrator_member_relationships.html).',
  },
  uses: [GUARDDUTY],
  evaluate(ctx) {
    const skip = outOfScope(ctx, { account: true });
    if (skip) return skip;
    const detector = activeDetector(ctx);
    if (isOutcome(detector)) return detector;
    const expected = ctx.blueprint?.threatDetection.guardduty.findingPublishingFrequency ?? 'FIFTEEN_MINUTES';
    const actual = detector.findingPublishingFrequency ?? 'SIX_HOURS';
    const resource = detectorArn(ctx.region, ctx.account.id, detector.id);
    return actual === expected
      ? pass(`updated findings are published every ${actual}`, { resource, actual })
      : fail(`updated findings are published every ${actual}, not ${expected}`, {
          resource,
          expected,
          actual,
        });
  },
});

/** The account is an associated, monitored member of the Region's delegated administrator. */
export const memberOfDelegatedAdmin = defineControl({
  id: 'guardduty.member-of-delegated-admin',
  title: 'The account is an enabled GuardDuty member of the delegated administrator in every governed Region',
  severity: 'high',
  capabilities: ['threat-detection', 'security-governance'],
  principles: ['enable-traceability', 'automate-security-best-practices'],
  appliesTo: 'all',
  scope: 'region',
  service: 'guardduty',
  refs: {},
  risk:
    'A detector outside the organization’s administrator is invisible centrally: its findings never reach the ' +
    'security tooling account, the organization settings do not apply to it, and its owner can turn it off.',
  remediation: {
    blueprint: GUARDDUTY_KEY,
    manual:
      'From the delegated administrator in this Region: GuardDuty console → Accounts → select the account → ' +
      'Actions → Add member (or `aws guardduty create-members`), then keep auto-enable at ALL so it cannot leave.',
  },
  uses: [GUARDDUTY, GUARDDUTY_ADMINS],
  evaluate(ctx) {
    const skip = outOfScope(ctx, { account: true });
    if (skip) return skip;
    const admin = regionAdmin(ctx);
    if (!admin) {
      return notApplicable(
        `GuardDuty has no delegated administrator in ${ctx.region}; guardduty.delegated-admin-designated reports the gap`,
      );
    }
    if (admin === ctx.account.id)
      return notApplicable(`this account is the GuardDuty delegated administrator`);
    const slice = sliceOf(ctx);
    const detector = ctx.need(slice.detector, `GuardDuty detector of ${ctx.account.id} in ${ctx.region}`);
    if (!detector) {
      return notApplicable(
        `no GuardDuty detector in ${ctx.region}; guardduty.detector-enabled reports the gap`,
      );
    }
    const resource = detectorArn(ctx.region, ctx.account.id, detector.id);
    const current = ctx.need(
      slice.administrator,
      `GuardDuty administrator of ${ctx.account.id} in ${ctx.region}`,
    );
    const expected = { administrator: admin, relationshipStatus: 'Enabled' };
    if (!current) {
      return fail(`the account is not a member of the GuardDuty delegated administrator ${admin}`, {
        resource,
        expected,
        actual: { administrator: 'none' },
      });
    }
    if (current.accountId !== admin || current.relationshipStatus !== 'Enabled') {
      const why =
        current.accountId !== admin
          ? `its GuardDuty administrator is ${current.accountId}, not the delegated administrator ${admin}`
          : `its membership of ${admin} is ${current.relationshipStatus}`;
      return fail(why, {
        resource,
        expected,
        actual: { administrator: current.accountId, relationshipStatus: current.relationshipStatus },
      });
    }
    return pass(`enabled member of the GuardDuty delegated administrator ${admin}`, {
      resource,
      actual: expected,
    });
  },
});

/** The detector family. */
export const DETECTOR_CONTROLS: readonly Control[] = [
  detectorEnabled,
  findingFrequency,
  memberOfDelegatedAdmin,
];
