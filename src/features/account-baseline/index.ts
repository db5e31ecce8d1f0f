/**
 * Feature `account-baseline`: the per-account hardening of SRA.md §2 in every account of the
 * organization — per account: S3 account-level Block Public Access (all four settings), the IAM password
 * policy and the security, billing and operations alternate contacts; per account and governed Region:
 * EBS encryption by default, EBS snapshot block public access (`block-all-sharing`) and IMDSv2 by default.
 *
 * One step per setting, planned only when the observed value differs from the blueprint (`~` with
 * from/to, or `+` when the setting was never made). Alternate contacts of members are set from the
 * management account, which needs trusted access for `account.amazonaws.com`: the step waits for the
 * `delegated-admins` feature when it provides that, and otherwise enables it itself.
 *
 * Destroy plans nothing: these are hardening settings, not resources, and undoing them would weaken the
 * organization; the plan says so in a note.
 */
import { makeStep } from '../../engine/step.js';
import {
  defineFeature,
  type FeaturePlan,
  type FieldChange,
  type PlanContext,
  type Step,
} from '../../engine/types.js';
import type { CapabilityId } from '../../catalog/ids.js';
import {
  ACCOUNT_COLLECTOR_ID,
  type AccountSlice,
  type AlternateContactInfo,
  type ContactType,
} from '../../services/account/collect.js';
import { EC2, type Ec2Slice } from '../../services/ec2/collect.js';
import { IAM_COLLECTOR_ID, type IamSlice, type PasswordPolicyInfo } from '../../services/iam/collect.js';
import { hasTrustedAccess, organizationSliceOf } from '../../services/organizations/collect.js';
import { s3SliceOf } from '../../services/s3/collect.js';
import { trustedAccess } from '../provides.js';
import { accountReached, need, regionReached, unreachableNote } from '../common.js';
import { PASSWORD_FIELDS } from './ops.js';
import { ACCOUNT_BASELINE_OPS, ACCOUNT_SERVICE } from './ops.js';

export { ACCOUNT_BASELINE_OPS } from './ops.js';

/** Feature id. */
export const ACCOUNT_BASELINE_FEATURE = 'account-baseline';

const F = ACCOUNT_BASELINE_FEATURE;

/** Blueprint key of each alternate contact type. */
const CONTACT_KEYS: ReadonlyArray<{ type: ContactType; key: 'security' | 'billing' | 'operations' }> = [
  { type: 'SECURITY', key: 'security' },
  { type: 'BILLING', key: 'billing' },
  { type: 'OPERATIONS', key: 'operations' },
];

interface Setting {
  account: string;
  region: string;
  global?: boolean;
  resource: string;
  op: string;
  capability: CapabilityId;
  summary: string;
  /** Observed value; `null` when never set. */
  from: PasswordPolicyInfo | AlternateContactInfo | boolean | string | null;
  params?: Step['params'];
  changes: FieldChange[];
  dependsOn?: readonly string[];
}

function settingStep(s: Setting): Step {
  return makeStep({
    feature: F,
    op: s.op,
    action: s.from === null ? 'create' : 'update',
    capability: s.capability,
    account: s.account,
    region: s.region,
    resource: s.resource,
    ...(s.global ? { global: true } : {}),
    summary: s.summary,
    ...(s.params ? { params: s.params } : {}),
    ...(s.dependsOn ? { dependsOn: s.dependsOn } : {}),
    changes: s.changes,
  });
}

function planBaseline(ctx: PlanContext): FeaturePlan {
  const bp = ctx.blueprint;
  const { accounts, regions } = ctx.targets();
  const home = ctx.homeRegion;
  const mgmt = ctx.roles.management;
  const steps: Step[] = [];
  const notes: string[] = [];
  const inv = ctx.inventory;

  // Accounts where an EC2 declarative policy owns IMDS and snapshot sharing: the account-level API
  // cannot change what the policy sets, so those settings are left to it.
  const dp = bp.governance.declarativePolicies;
  const declarative = new Set(dp.enabled ? ctx.targets(dp.targets).accounts : []);

  // Alternate contacts of members need trusted access for Account Management.
  let contactDeps: string[] | undefined;
  const trustedAccessDeps = (): string[] => {
    if (contactDeps) return contactDeps;
    const provided = ctx.provided(trustedAccess(ACCOUNT_SERVICE));
    if (provided) return (contactDeps = [...provided.after]);
    const org = organizationSliceOf(inv.organization);
    const on = hasTrustedAccess(org, ACCOUNT_SERVICE);
    if (on === undefined) {
      need(org?.trustedAccess, `trusted access for ${ACCOUNT_SERVICE}`, {
        account: mgmt,
        region: home,
        operation: 'organizations:ListAWSServiceAccessForOrganization',
      });
    }
    if (on) return (contactDeps = []);
    const step = makeStep({
      feature: F,
      op: 'account-baseline.enable-trusted-access',
      action: 'create',
      capability: 'security-governance',
      account: mgmt,
      region: home,
      resource: `trusted-access:${ACCOUNT_SERVICE}`,
      global: true,
      summary: `trusted access for ${ACCOUNT_SERVICE} (alternate contacts of member accounts)`,
    });
    steps.push(step);
    return (contactDeps = [step.id]);
  };

  for (const account of accounts) {
    if (!accountReached(inv, account)) continue;
    const at = (operation: string) => ({ account, region: home, operation });

    // S3 account-level Block Public Access.
    if (bp.dataProtection.s3BlockPublicAccess) {
      const pab = need(
        s3SliceOf(inv, account)?.accountPublicAccessBlock,
        'S3 account Block Public Access',
        at('s3:GetAccountPublicAccessBlock'),
      );
      const fields = [
        'blockPublicAcls',
        'ignorePublicAcls',
        'blockPublicPolicy',
        'restrictPublicBuckets',
      ] as const;
      const changes = fields
        .filter((f) => pab?.[f] !== true)
        .map((f): FieldChange => ({ field: f, from: pab ? pab[f] : null, to: true }));
      if (changes.length > 0) {
        steps.push(
          settingStep({
            account,
            region: home,
            global: true,
            resource: 's3-account-public-access-block',
            op: 'account-baseline.put-s3-account-public-access-block',
            capability: 'data-protection',
            summary: 'S3 account Block Public Access (all four settings)',
            from: pab ? true : null,
            changes,
          }),
        );
      }
    }

    // IAM password policy.
    const iam = inv.account[account]?.[IAM_COLLECTOR_ID] as IamSlice | undefined;
    const policy = need(iam?.passwordPolicy, 'the IAM password policy', at('iam:GetAccountPasswordPolicy'));
    const wanted = bp.identity.passwordPolicy;
    const policyChanges = PASSWORD_FIELDS.filter((f) => policy?.[f] !== wanted[f]).map((f): FieldChange => ({
      field: f,
      from: policy ? policy[f] : null,
      to: wanted[f],
    }));
    if (policyChanges.length > 0) {
      steps.push(
        settingStep({
          account,
          region: home,
          global: true,
          resource: 'password-policy',
          op: 'account-baseline.put-password-policy',
          capability: 'identity-and-access-management',
          summary: `IAM password policy (length ≥ ${wanted.minimumLength}, max age ${wanted.maxAgeDays} days)`,
          from: policy,
          params: Object.fromEntries(PASSWORD_FIELDS.map((f) => [f, wanted[f]])),
          changes: policyChanges,
        }),
      );
    }

    // Alternate contacts.
    const contacts = (inv.account[account]?.[ACCOUNT_COLLECTOR_ID] as AccountSlice | undefined)
      ?.alternateContacts;
    for (const { type, key } of CONTACT_KEYS) {
      const want = bp.governance.alternateContacts[key];
      if (!want) continue;
      const have = need(contacts?.[type], `the ${key} alternate contact`, at('account:GetAlternateContact'));
      const changes = (['name', 'title', 'email', 'phone'] as const)
        .filter((f) => have?.[f] !== want[f])
        .map((f): FieldChange => ({ field: f, from: have ? have[f] : null, to: want[f] }));
      if (changes.length === 0) continue;
      steps.push(
        settingStep({
          account,
          region: home,
          global: true,
          resource: `alternate-contact:${key}`,
          op: 'account-baseline.put-alternate-contact',
          capability: 'security-governance',
          summary: `${key} alternate contact ${want.email}`,
          from: have,
          params: { type, name: want.name, title: want.title, email: want.email, phone: want.phone },
          changes,
          dependsOn: account === mgmt ? [] : trustedAccessDeps(),
        }),
      );
    }

    // Per Region: EBS encryption, snapshot block public access, IMDSv2.
    for (const region of regions) {
      if (!regionReached(inv, account, region)) continue;
      const ec2 = inv.region[account]?.[region]?.[EC2] as Ec2Slice | undefined;
      const where = (operation: string) => ({ account, region, operation });
      if (bp.dataProtection.ebsEncryptionByDefault) {
        const on = need(
          ec2?.ebsEncryptionByDefault,
          'EBS encryption by default',
          where('ec2:GetEbsEncryptionByDefault'),
        );
        if (!on) {
          steps.push(
            settingStep({
              account,
              region,
              resource: 'ebs-encryption-by-default',
              op: 'account-baseline.enable-ebs-encryption-by-default',
              capability: 'data-protection',
              summary: 'EBS encryption by default',
              from: false,
              changes: [{ field: 'ebsEncryptionByDefault', from: false, to: true }],
            }),
          );
        }
      }
      if (declarative.has(account)) continue;
      if (bp.infrastructureProtection.ebsSnapshotBlockPublicAccess) {
        const state = need(
          ec2?.snapshotBlockPublicAccess,
          'EBS snapshot block public access',
          where('ec2:GetSnapshotBlockPublicAccessState'),
        );
        if (state !== 'block-all-sharing') {
          steps.push(
            settingStep({
              account,
              region,
              resource: 'snapshot-block-public-access',
              op: 'account-baseline.block-snapshot-public-access',
              capability: 'infrastructure-protection',
              summary: 'EBS snapshot block public access: block-all-sharing',
              from: state,
              changes: [{ field: 'state', from: state, to: 'block-all-sharing' }],
            }),
          );
        }
      }
      if (bp.infrastructureProtection.imdsV2Default) {
        const imds = need(
          ec2?.imdsDefaults,
          'instance metadata defaults',
          where('ec2:GetInstanceMetadataDefaults'),
        );
        if (imds.httpTokens !== 'required') {
          const from = imds.httpTokens ?? 'no-preference';
          steps.push(
            settingStep({
              account,
              region,
              resource: 'imdsv2-default',
              op: 'account-baseline.require-imdsv2',
              capability: 'infrastructure-protection',
              summary: 'IMDSv2 required by default for new instances',
              from,
              changes: [{ field: 'httpTokens', from, to: 'required' }],
            }),
          );
        }
      }
    }
  }
  if (declarative.size > 0) {
    notes.push(
      `account-baseline: IMDSv2 and snapshot block public access are left to the EC2 declarative policy in ${declarative.size} account(s)`,
    );
  }
  const unreachable = unreachableNote(F, inv, accounts, regions);
  if (unreachable) notes.push(unreachable);
  return { steps, notes };
}

function destroyBaseline(): FeaturePlan {
  return {
    steps: [],
    notes: [
      'account-baseline: S3 Block Public Access, EBS encryption and snapshot blocking, IMDSv2, the password policy and alternate contacts are hardening settings, not resources — destroy leaves them in place',
    ],
  };
}

/** The `account-baseline` feature: per-account and per-Region hardening settings. */
export const accountBaselineFeature = defineFeature({
  id: ACCOUNT_BASELINE_FEATURE,
  title:
    'Account baseline: S3 Block Public Access, EBS encryption and snapshot blocking, IMDSv2, password policy, alternate contacts',
  needs: ['s3', 'iam', 'account', 'ec2'],
  ops: ACCOUNT_BASELINE_OPS,
  plan: planBaseline,
  destroy: destroyBaseline,
});
