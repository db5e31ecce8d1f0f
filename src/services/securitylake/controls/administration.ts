/**
 * Security Lake administration: the organization's lake is run by a delegated administrator, and that
 * administrator is the log archive account (SRA: the lake is log storage, kept apart from the tooling that
 * reads it).
 */
import { ORGANIZATIONS_COLLECTOR_ID } from '../../organizations/collect.js';
import { defineControl, fail, notApplicable, pass, type Control } from '../../../verify/types.js';
import { SECURITY_LAKE_KEY, isOutcome, lakeAdmins, roleAccount, usage } from '../common.js';

/** A delegated Security Lake administrator is registered for the organization. */
export const delegatedAdmin: Control = defineControl({
  id: 'security-lake.delegated-admin',
  title: 'Security Lake has a delegated administrator for the organization',
  severity: 'high',
  capabilities: ['threat-detection', 'security-governance'],
  principles: ['enable-traceability', 'prepare-for-security-events'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'security-lake',
  refs: { sraVerify: ['SRA-SECURITYLAKE-14'] },
  risk:
    'Without a delegated administrator, Security Lake can only collect the logs of the account that enabled ' +
    'it: the organization has no central, normalized (OCSF) store of its security logs, and the management ' +
    'account would have to run it, which the SRA keeps free of day-to-day work.',
  remediation: {
    blueprint: `${SECURITY_LAKE_KEY}.enabled`,
    manual:
      'From the management account: Security Lake console → Get started → Delegated administrator, or ' +
      '`aws securitylake register-data-lake-delegated-administrator --account-id <log-archive-id>` (one ' +
      'administrator for every Region).',
  },
  uses: [ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const use = usage(ctx);
    if (isOutcome(use)) return use;
    if (!use.admin) {
      return fail('the blueprint asks for Security Lake but no delegated administrator is registered', {
        expected: 'a delegated administrator for securitylake.amazonaws.com',
        actual: 'none',
      });
    }
    return pass(`account ${use.admin} is the delegated Security Lake administrator`, {
      resource: use.admin,
      actual: lakeAdmins(ctx),
    });
  },
});

/** The delegated Security Lake administrator is the log archive account. */
export const delegatedAdminLogArchive: Control = defineControl({
  id: 'security-lake.delegated-admin-log-archive',
  title: 'The delegated Security Lake administrator is the log archive account',
  severity: 'medium',
  capabilities: ['threat-detection', 'security-governance'],
  principles: ['keep-people-away-from-data', 'enable-traceability'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'security-lake',
  refs: { sraVerify: ['SRA-SECURITYLAKE-15'] },
  risk:
    'The data lake holds the organization’s raw security logs. Outside the log archive account it sits with ' +
    'people and tools that should only query it (security tooling) or that run workloads, which weakens the ' +
    'separation between storing evidence and using it.',
  remediation: {
    blueprint: `${SECURITY_LAKE_KEY}.enabled`,
    manual:
      'Disable the data lake in the current administrator, then from the management account run ' +
      '`aws securitylake deregister-data-lake-delegated-administrator` and register the log archive account ' +
      'with `register-data-lake-delegated-administrator`.',
  },
  uses: [ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const use = usage(ctx);
    if (isOutcome(use)) return use;
    if (!use.admin) {
      return notApplicable(
        'Security Lake has no delegated administrator; security-lake.delegated-admin reports the gap',
      );
    }
    const logArchive = roleAccount(ctx, 'log-archive');
    if (!logArchive) {
      return notApplicable(
        'no account is known as the log archive account; name it in the blueprint (accounts.logArchive)',
        use.admin,
      );
    }
    return use.admin === logArchive
      ? pass(`the log archive account ${logArchive} administers Security Lake`, {
          resource: use.admin,
          actual: use.admin,
        })
      : fail(`account ${use.admin} administers Security Lake, not the log archive account ${logArchive}`, {
          resource: use.admin,
          expected: logArchive,
          actual: use.admin,
        });
  },
});

/** The administration controls. */
export const administrationControls: readonly Control[] = [delegatedAdmin, delegatedAdminLogArchive];
