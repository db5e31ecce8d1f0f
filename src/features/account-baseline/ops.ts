/**
 * Operations of the `account-baseline` feature. Each sets one account (or account-Region) setting to its
 * wanted value with the API's own "put"/"enable" call, which is idempotent: running a step twice leaves
 * the same setting and creates nothing.
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutPublicAccessBlock.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
 * - https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html
 * - https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnableAWSServiceAccess.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableEbsEncryptionByDefault.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableSnapshotBlockPublicAccess.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataDefaults.html
 */
import {
  AccountClient,
  PutAlternateContactCommand,
  type AlternateContactType,
} from '@aws-sdk/client-account';
import {
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  EnableSnapshotBlockPublicAccessCommand,
  ModifyInstanceMetadataDefaultsCommand,
} from '@aws-sdk/client-ec2';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { str } from '../common.js';
import { defineOp, type OpHandler } from '../../engine/types.js';

/** Password policy fields (blueprint `identity.passwordPolicy` names), in the order plans show them. */
export const PASSWORD_FIELDS = [
  'minimumLength',
  'maxAgeDays',
  'reusePrevention',
  'requireUppercase',
  'requireLowercase',
  'requireNumbers',
  'requireSymbols',
  'allowUsersToChange',
  'hardExpiry',
] as const;

/** Service principal of AWS Account Management (alternate contacts of member accounts). */
export const ACCOUNT_SERVICE = 'account.amazonaws.com';

function num(params: Readonly<Record<string, unknown>>, key: string): number {
  const v = params[key];
  if (typeof v !== 'number') throw new Error(`parameter ${key} must be a number`);
  return v;
}

function bool(params: Readonly<Record<string, unknown>>, key: string): boolean {
  const v = params[key];
  if (typeof v !== 'boolean') throw new Error(`parameter ${key} must be true or false`);
  return v;
}

/** Turns on all four S3 Block Public Access settings at account level. */
export const putS3AccountPublicAccessBlockOp: OpHandler = defineOp({
  op: 'account-baseline.put-s3-account-public-access-block',
  // S3 Control signs as `s3`; IAM authorizes this call as s3:PutAccountPublicAccessBlock.
  calls: ['s3control:PutPublicAccessBlock'],
  async run(ctx) {
    await ctx.send(
      S3ControlClient,
      new PutPublicAccessBlockCommand({
        AccountId: ctx.account,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
  },
});

/** Sets the account's IAM password policy (every field, so the result is exactly the blueprint's). */
export const putPasswordPolicyOp: OpHandler = defineOp({
  op: 'account-baseline.put-password-policy',
  calls: ['iam:UpdateAccountPasswordPolicy'],
  required: PASSWORD_FIELDS,
  async run(ctx, params) {
    await ctx.send(
      IAMClient,
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: num(params, 'minimumLength'),
        MaxPasswordAge: num(params, 'maxAgeDays'),
        PasswordReusePrevention: num(params, 'reusePrevention'),
        RequireUppercaseCharacters: bool(params, 'requireUppercase'),
        RequireLowercaseCharacters: bool(params, 'requireLowercase'),
        RequireNumbers: bool(params, 'requireNumbers'),
        RequireSymbols: bool(params, 'requireSymbols'),
        AllowUsersToChangePassword: bool(params, 'allowUsersToChange'),
        HardExpiry: bool(params, 'hardExpiry'),
      }),
    );
  },
});

/**
 * Sets one alternate contact. The step belongs to the account whose contact it is; the call is made
 * from the management account (with `AccountId` for a member, without it for the management account
 * itself, which AWS requires), so member roles need no Account Management permissions.
 */
export const putAlternateContactOp: OpHandler = defineOp({
  op: 'account-baseline.put-alternate-contact',
  calls: ['account:PutAlternateContact'],
  required: ['type', 'name', 'title', 'email', 'phone'],
  async run(ctx, params) {
    const member = ctx.account !== ctx.managementAccountId;
    await ctx.send(
      AccountClient,
      new PutAlternateContactCommand({
        ...(member ? { AccountId: ctx.account } : {}),
        AlternateContactType: str(params, 'type') as AlternateContactType,
        Name: str(params, 'name'),
        Title: str(params, 'title'),
        EmailAddress: str(params, 'email'),
        PhoneNumber: str(params, 'phone'),
      }),
      { account: ctx.managementAccountId },
    );
  },
});

/** Enables trusted access for AWS Account Management (needed to set members' contacts centrally). */
export const enableAccountTrustedAccessOp: OpHandler = defineOp({
  op: 'account-baseline.enable-trusted-access',
  calls: ['organizations:EnableAWSServiceAccess'],
  async run(ctx) {
    // Enabling a service that is already enabled succeeds, so a re-run is harmless.
    await ctx.send(
      OrganizationsClient,
      new EnableAWSServiceAccessCommand({ ServicePrincipal: ACCOUNT_SERVICE }),
    );
  },
});

/** Turns on EBS encryption by default in the step's Region. */
export const enableEbsEncryptionOp: OpHandler = defineOp({
  op: 'account-baseline.enable-ebs-encryption-by-default',
  calls: ['ec2:EnableEbsEncryptionByDefault'],
  async run(ctx) {
    await ctx.send(EC2Client, new EnableEbsEncryptionByDefaultCommand({}));
  },
});

/** Blocks all public sharing of EBS snapshots in the step's Region. */
export const blockSnapshotPublicAccessOp: OpHandler = defineOp({
  op: 'account-baseline.block-snapshot-public-access',
  calls: ['ec2:EnableSnapshotBlockPublicAccess'],
  async run(ctx) {
    await ctx.send(EC2Client, new EnableSnapshotBlockPublicAccessCommand({ State: 'block-all-sharing' }));
  },
});

/**
 * Makes IMDSv2 the default for new instances in the step's Region. Only `HttpTokens` is sent, so the
 * account's other metadata defaults (hop limit, endpoint) stay as they are.
 */
export const requireImdsV2Op: OpHandler = defineOp({
  op: 'account-baseline.require-imdsv2',
  calls: ['ec2:ModifyInstanceMetadataDefaults'],
  async run(ctx) {
    await ctx.send(EC2Client, new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: 'required' }));
  },
});

/** Every op of the `account-baseline` feature. */
export const ACCOUNT_BASELINE_OPS: readonly OpHandler[] = [
  putS3AccountPublicAccessBlockOp,
  putPasswordPolicyOp,
  putAlternateContactOp,
  enableAccountTrustedAccessOp,
  enableEbsEncryptionOp,
  blockSnapshotPublicAccessOp,
  requireImdsV2Op,
];
