/**
 * AWS STS in the sandbox: GetCallerIdentity and AssumeRole (into member accounts).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import type {
  AssumeRoleCommandInput,
  AssumeRoleCommandOutput,
  GetCallerIdentityCommandOutput,
} from '@aws-sdk/client-sts';
import { defineService } from '../core/service.js';
import { findRegion } from '../../catalog/regions.js';

type Out<T> = Omit<T, '$metadata'>;

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** The simulated STS service. */
export const stsService = defineService({
  name: 'sts',
  clientName: 'STSClient',
  scope: 'global',
  protocol: 'query',
  operations: {
    GetCallerIdentity: (ctx): Out<GetCallerIdentityCommandOutput> => ({
      Account: ctx.principal.account,
      Arn: ctx.principal.arn,
      UserId: ctx.principal.userId,
    }),

    AssumeRole: (ctx, input: AssumeRoleCommandInput): Out<AssumeRoleCommandOutput> => {
      const m = ROLE_ARN.exec(input.RoleArn ?? '');
      if (!m) {
        throw ctx.error('ValidationError', `${input.RoleArn ?? 'RoleArn'} is invalid`, { status: 400 });
      }
      if (!SESSION_NAME.test(input.RoleSessionName ?? '')) {
        throw ctx.error(
          'ValidationError',
          "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: " +
            'Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length 2-64',
          { status: 400 },
        );
      }
      const duration = input.DurationSeconds ?? 3600;
      if (duration < 900 || duration > 43200) {
        throw ctx.error('ValidationError', 'DurationSeconds must be between 900 and 43200', { status: 400 });
      }
      // Role chaining limits the session to one hour.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
      if (ctx.principal.type === 'assumed-role' && duration > 3600) {
        throw ctx.error(
          'ValidationError',
          'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
          { status: 400 },
        );
      }
      // Regional STS endpoints of opt-in Regions answer only when the caller's account enabled them.
      // https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html (RegionDisabledException)
      const caller = ctx.world.account(ctx.principal.account);
      if (findRegion(ctx.region)?.optIn && caller && !caller.enabledRegions.has(ctx.region)) {
        throw ctx.error(
          'RegionDisabledException',
          `STS is not activated in ${ctx.region} for account ${ctx.principal.account}.`,
          { status: 403 },
        );
      }
      const [, targetAccount, roleName] = m as unknown as [string, string, string];
      const target = ctx.world.account(targetAccount);
      const trusted =
        target !== undefined &&
        target.assumableRoles.has(roleName) &&
        (ctx.world.isManagementAccount(ctx.principal.account) || ctx.principal.account === targetAccount);
      if (!trusted) {
        throw ctx.error(
          'AccessDenied',
          `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
          { status: 403 },
        );
      }
      const expiresAt = ctx.clock.now() + duration * 1000;
      const session = input.RoleSessionName!;
      const roleId = `AROASBX${targetAccount}`;
      const arn = `arn:aws:sts::${targetAccount}:assumed-role/${roleName}/${session}`;
      const creds = ctx.sandbox.issueCredentials({
        account: targetAccount,
        arn,
        userId: `${roleId}:${session}`,
        type: 'assumed-role',
        roleName,
        expiresAt,
      });
      return {
        Credentials: {
          AccessKeyId: creds.accessKeyId,
          SecretAccessKey: creds.secretAccessKey,
          SessionToken: creds.sessionToken!,
          Expiration: new Date(expiresAt),
        },
        AssumedRoleUser: { AssumedRoleId: `${roleId}:${session}`, Arn: arn },
        PackedPolicySize: 0,
      };
    },
  },
});
