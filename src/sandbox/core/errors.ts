/**
 * Errors the sandbox throws, shaped like the SDK's own service exceptions: `name` is the AWS error
 * code, `$fault` is client/server and `$metadata.httpStatusCode` is set, so the SDK's retry logic and
 * our error classification treat them exactly as they would treat AWS's.
 */
import { ServiceException } from '@smithy/smithy-client';

/** Options of {@link awsError}. */
export interface AwsErrorOptions {
  /** HTTP status. @default 400 */
  status?: number;
  /** Extra modelled fields of the exception (e.g. `Type` for GuardDuty). */
  fields?: Record<string, unknown>;
}

let requestCounter = 0;

/** A fresh, unique request id in AWS's UUID-like shape. */
export function requestId(): string {
  requestCounter = (requestCounter + 1) % 0xffffffff;
  const hex = requestCounter.toString(16).padStart(8, '0');
  return `5a4d0000-0000-4000-8000-0000${hex}`;
}

/** Builds an exception named like an AWS error code, e.g. `awsError('AccessDeniedException', '…', { status: 403 })`. */
export function awsError(name: string, message: string, options: AwsErrorOptions = {}): ServiceException {
  const status = options.status ?? 400;
  const err = new ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: requestId(), attempts: 1, totalRetryDelay: 0 },
    message,
  });
  Object.assign(err, { Message: message }, options.fields ?? {});
  return err;
}

/** A modeled exception class of an SDK v3 client, e.g. `NoSuchEntityException` from `@aws-sdk/client-iam`. */
export type ModeledExceptionClass<E extends ServiceException> = new (options: never) => E;

/**
 * Builds an instance of the SDK's own modeled exception class (so `instanceof` checks and `name` match
 * what the real client would throw after deserialising AWS's answer), with the same metadata as
 * {@link awsError}. Use it for errors the service model declares; unmodeled codes keep {@link awsError}.
 */
export function modeledError<E extends ServiceException>(
  ctor: ModeledExceptionClass<E>,
  message: string,
  options: AwsErrorOptions = {},
): E {
  const status = options.status ?? 400;
  const $metadata = { httpStatusCode: status, requestId: requestId(), attempts: 1, totalRetryDelay: 0 };
  const err = new ctor({ message, $metadata } as never);
  Object.assign(err, { Message: message }, options.fields ?? {});
  return err;
}

/**
 * Thrown when sra-kit calls an operation or client the sandbox does not simulate. It is loud on
 * purpose: a silent empty answer would make the sandbox behave like our assumptions, not like AWS.
 */
export class SandboxNotImplementedError extends Error {
  /** Non-retryable, so the SDK gives up at once. */
  readonly $fault = 'client';
  /** HTTP-like metadata, as on SDK errors. */
  readonly $metadata = { httpStatusCode: 501 };
  constructor(
    readonly service: string,
    readonly operation: string,
  ) {
    super(
      `sra-kit sandbox: ${service}:${operation} is not implemented. Add it to src/sandbox/services/ ` +
        `(see docs/ARCHITECTURE.md "Adding a service to the sandbox") or stop calling it.`,
    );
    this.name = 'SandboxNotImplementedError';
  }
}
