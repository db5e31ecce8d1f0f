/**
 * Account Management controls: every account names a security, a billing and an operations alternate
 * contact, so AWS can reach the right team about abuse reports, security notices, bills and service
 * events instead of only the root email. One control per contact type (sra-verify checks them apart).
 * When verify runs with a blueprint that names a contact, the contact's email must match it too.
 */
import { defineControl, fail, pass, type Control, type EvalContext } from '../../verify/types.js';
import { ACCOUNT_COLLECTOR_ID, type AccountSlice, type ContactType } from './collect.js';

interface ContactSpec {
  type: ContactType;
  /** Key under `governance.alternateContacts`. */
  key: 'security' | 'billing' | 'operations';
  id: string;
  sraVerify: string;
  fsbp?: string[];
  cis?: string[];
  severity: Control['severity'];
  why: string;
}

const SPECS: readonly ContactSpec[] = [
  {
    type: 'SECURITY',
    key: 'security',
    id: 'account.security-contact',
    sraVerify: 'SRA-ACCOUNT-01',
    // Account.1: "Security contact information should be provided for an AWS account"; CIS 1.2.
    // https://docs.aws.amazon.com/securityhub/latest/userguide/account-controls.html
    fsbp: ['Account.1'],
    cis: ['1.2'],
    severity: 'medium',
    why:
      'AWS sends abuse reports, compromised-credential notices and security advisories to the security ' +
      'contact; without one they go only to the root email, which is often an unattended alias.',
  },
  {
    type: 'BILLING',
    key: 'billing',
    id: 'account.billing-contact',
    sraVerify: 'SRA-ACCOUNT-02',
    severity: 'low',
    why:
      'A sudden bill is often the first sign of stolen credentials (crypto-mining); without a billing ' +
      'contact nobody responsible for cost hears about it.',
  },
  {
    type: 'OPERATIONS',
    key: 'operations',
    id: 'account.operations-contact',
    sraVerify: 'SRA-ACCOUNT-03',
    severity: 'low',
    why:
      'Service events and scheduled changes that need action (retirements, maintenance) reach nobody who ' +
      'runs the account.',
  },
];

function contactControl(spec: ContactSpec): Control {
  const label = spec.key;
  return defineControl({
    id: spec.id,
    title: `The account has a ${label} alternate contact`,
    severity: spec.severity,
    capabilities: ['security-governance', 'incident-response'],
    principles: ['prepare-for-security-events'],
    appliesTo: 'all',
    scope: 'account',
    service: 'account',
    refs: {
      sraVerify: [spec.sraVerify],
      ...(spec.fsbp ? { fsbp: spec.fsbp } : {}),
      ...(spec.cis ? { cis: spec.cis } : {}),
    },
    risk: spec.why,
    remediation: {
      blueprint: `governance.alternateContacts.${label}`,
      manual:
        `Account console → Account → Alternate contacts → ${label} → Edit; or from the management account ` +
        `with trusted access for account.amazonaws.com: aws account put-alternate-contact --account-id <id> ` +
        `--alternate-contact-type ${spec.type} --name … --title … --email-address … --phone-number …`,
    },
    uses: [ACCOUNT_COLLECTOR_ID],
    evaluate(ctx: EvalContext) {
      const slice = ctx.accountSlice<AccountSlice>(ACCOUNT_COLLECTOR_ID);
      const contact = ctx.need(slice?.alternateContacts[spec.type], `the ${label} alternate contact`);
      const wanted = ctx.blueprint?.governance.alternateContacts[spec.key];
      if (!contact) {
        return fail(`no ${label} alternate contact is set`, {
          expected: wanted ? { email: wanted.email } : `a ${label} contact`,
          actual: null,
        });
      }
      if (wanted && wanted.email.trim().toLowerCase() !== contact.email.trim().toLowerCase()) {
        return fail(`the ${label} alternate contact differs from the blueprint`, {
          expected: { email: wanted.email },
          actual: { email: contact.email },
        });
      }
      return pass(`${label} alternate contact: ${contact.name} <${contact.email}>`, {
        actual: { name: contact.name, email: contact.email },
      });
    },
  });
}

/** The security, billing and operations alternate contact controls. */
export const ACCOUNT_CONTROLS: readonly Control[] = SPECS.map(contactControl);
