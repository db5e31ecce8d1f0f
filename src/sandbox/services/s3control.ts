/**
 * Amazon S3 Control in the sandbox: the account-level S3 Block Public Access configuration.
 *
 * The configuration belongs to the account, not to a Region (the S3 Control endpoint is regional,
 * the setting is not), so it is kept once per account. The simulated S3 service reads it through
 * {@link accountPublicAccessBlock} when it decides whether a bucket policy is blocked or restricted.
 *
 * Pages followed:
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutPublicAccessBlock.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_DeletePublicAccessBlock.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 *
 * Behaviour worth knowing:
 * - `AccountId` must be the caller's own account. AWS answers a mismatch with `AccessDenied` (403),
 *   the same answer as a missing `s3:GetAccountPublicAccessBlock` permission.
 * - A setting omitted from `PutPublicAccessBlock` is stored as `false`; there is no merge with the
 *   previous configuration.
 * - No propagation delay is modelled.
 */
import type {
  DeletePublicAccessBlockCommandInput,
  GetPublicAccessBlockCommandInput,
  GetPublicAccessBlockCommandOutput,
  PublicAccessBlockConfiguration,
  PutPublicAccessBlockCommandInput,
} from '@aws-sdk/client-s3-control';
import * as S3ControlSdk from '@aws-sdk/client-s3-control';
import type { ServiceException } from '@smithy/smithy-client';
import { modeledError, type AwsErrorOptions, type ModeledExceptionClass } from '../core/errors.js';
import { defineService, type CallContext } from '../core/service.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/**
 * An error as the S3 Control client raises it: an instance of the SDK's modeled exception class when the
 * service model declares `name` (so `instanceof` works), a plain service exception otherwise.
 */
function fail(ctx: CallContext, name: string, message: string, options?: AwsErrorOptions): ServiceException {
  const ctor = (S3ControlSdk as unknown as Record<string, unknown>)[name];
  return typeof ctor === 'function' && ctor.prototype instanceof S3ControlSdk.S3ControlServiceException
    ? modeledError(ctor as ModeledExceptionClass<ServiceException>, message, options)
    : ctx.error(name, message, options);
}

/** S3 Control state of one account. */
export interface S3ControlAccountState {
  /** The account-level Block Public Access configuration; undefined when none was ever set. */
  publicAccessBlock?: Required<PublicAccessBlockConfiguration>;
}

const SERVICE = 's3control';

function stateOf(world: SandboxWorld, account: string): S3ControlAccountState {
  return world.global<S3ControlAccountState>(SERVICE, account, () => ({}));
}

/** The account-level Block Public Access configuration of `account`, if one is set. */
export function accountPublicAccessBlock(
  world: SandboxWorld,
  account: string,
): Required<PublicAccessBlockConfiguration> | undefined {
  return stateOf(world, account).publicAccessBlock;
}

/**
 * Sets (or with `undefined` removes) the account-level Block Public Access configuration, for
 * scenarios that lay down an account directly. Unset settings are stored as `false`, as AWS does.
 */
export function setAccountPublicAccessBlock(
  world: SandboxWorld,
  account: string,
  config: PublicAccessBlockConfiguration | undefined,
): void {
  const state = stateOf(world, account);
  if (config === undefined) delete state.publicAccessBlock;
  else state.publicAccessBlock = normalise(config);
}

function normalise(c: PublicAccessBlockConfiguration): Required<PublicAccessBlockConfiguration> {
  return {
    BlockPublicAcls: c.BlockPublicAcls ?? false,
    IgnorePublicAcls: c.IgnorePublicAcls ?? false,
    BlockPublicPolicy: c.BlockPublicPolicy ?? false,
    RestrictPublicBuckets: c.RestrictPublicBuckets ?? false,
  };
}

function requireOwnAccount(ctx: CallContext, accountId: string | undefined): void {
  if (accountId !== ctx.account) {
    throw fail(ctx, 'AccessDenied', 'Access Denied', { status: 403 });
  }
}

/** The simulated S3 Control service (account-level Block Public Access). */
export const s3controlService = defineService({
  name: SERVICE,
  clientName: 'S3ControlClient',
  scope: 'regional',
  protocol: 'rest-xml',
  operations: {
    GetPublicAccessBlock: (
      ctx,
      input: GetPublicAccessBlockCommandInput,
    ): Out<GetPublicAccessBlockCommandOutput> => {
      requireOwnAccount(ctx, input.AccountId);
      const config = accountPublicAccessBlock(ctx.world, ctx.account);
      if (!config) {
        throw fail(
          ctx,
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
          { status: 404 },
        );
      }
      return { PublicAccessBlockConfiguration: { ...config } };
    },

    PutPublicAccessBlock: (ctx, input: PutPublicAccessBlockCommandInput): Record<string, never> => {
      requireOwnAccount(ctx, input.AccountId);
      if (!input.PublicAccessBlockConfiguration) {
        throw fail(ctx, 'MalformedXML', 'The XML you provided was not well-formed.', { status: 400 });
      }
      setAccountPublicAccessBlock(ctx.world, ctx.account, input.PublicAccessBlockConfiguration);
      return {};
    },

    DeletePublicAccessBlock: (ctx, input: DeletePublicAccessBlockCommandInput): Record<string, never> => {
      requireOwnAccount(ctx, input.AccountId);
      setAccountPublicAccessBlock(ctx.world, ctx.account, undefined);
      return {};
    },
  },
});
