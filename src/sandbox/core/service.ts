/**
 * How a simulated AWS service is described to the sandbox: one object per service with its SDK client
 * name, its scope and one handler per API operation. Handlers receive the SDK's own input type and
 * return the SDK's own output type (without `$metadata`, which the sandbox adds).
 */
import type { Clock } from './clock.js';
import type { ServiceException } from '@smithy/smithy-client';
import type { SandboxWorld } from './state.js';
import type { Sandbox } from './sandbox.js';
import type { AwsErrorOptions, ModeledExceptionClass } from './errors.js';

/** Who is calling, as the sandbox derived it from the request's access key. */
export interface Principal {
  /** Account the credentials belong to. */
  account: string;
  /** ARN of the identity (`arn:aws:iam::…:user/x`, `arn:aws:sts::…:assumed-role/Role/session`). */
  arn: string;
  /** Unique id, as `sts:GetCallerIdentity` reports it. */
  userId: string;
  /** Kind of identity. */
  type: 'root' | 'user' | 'assumed-role';
  /** Role name for assumed roles. */
  roleName?: string;
  /** When the credentials stop working (epoch ms of the sandbox clock); none for long-term keys. */
  expiresAt?: number;
}

/** Everything a handler may use while serving one call. */
export interface CallContext {
  /** The sandbox serving the call. */
  readonly sandbox: Sandbox;
  /** The simulated world. */
  readonly world: SandboxWorld;
  /** The sandbox clock. */
  readonly clock: Clock;
  /** Caller identity. */
  readonly principal: Principal;
  /** Caller account id (same as `principal.account`). */
  readonly account: string;
  /** Region the call was signed for. */
  readonly region: string;
  /** Service key, e.g. `guardduty`. */
  readonly service: string;
  /** Operation name, e.g. `CreateDetector`. */
  readonly operation: string;
  /** Current sandbox time as a Date. */
  now(): Date;
  /** This service's state for the caller's account and Region (regional services). */
  regional<T>(init: () => T): T;
  /** This service's state for the caller's account (global services). */
  global<T>(init: () => T): T;
  /** Builds an AWS-shaped error to throw. */
  error(name: string, message: string, options?: AwsErrorOptions): ServiceException;
  /** Configured propagation delay in ms for a documented key (0 when none), e.g. `guardduty:admin`. */
  propagationDelay(key: string): number;
}

/** Handler of one operation. `I` and `O` are the SDK's command input and output types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationHandler<I = any, O = any> = (ctx: CallContext, input: I) => O | Promise<O>;

/** The wire protocol family of a service; it decides the names of common errors. */
export type Protocol = 'json' | 'rest-json' | 'query' | 'rest-xml' | 'ec2';

/** Names of the errors every service can return, which differ by protocol. */
export interface CommonErrorNames {
  /** Throttling error code (e.g. `ThrottlingException`, `Throttling`, `SlowDown`). */
  throttling: string;
  /** Unknown access key, or a token not valid in this Region. */
  invalidToken: string;
  /** Expired session credentials. */
  expiredToken: string;
  /** Not authorized. */
  accessDenied: string;
  /** Internal server error. */
  internal: string;
  /** Service unavailable. */
  unavailable: string;
}

/** Default error names per protocol, from the AWS "common errors" pages of each API reference. */
export const COMMON_ERRORS: Readonly<Record<Protocol, CommonErrorNames>> = {
  json: {
    throttling: 'ThrottlingException',
    invalidToken: 'UnrecognizedClientException',
    expiredToken: 'ExpiredTokenException',
    accessDenied: 'AccessDeniedException',
    internal: 'InternalFailure',
    unavailable: 'ServiceUnavailable',
  },
  'rest-json': {
    throttling: 'ThrottlingException',
    invalidToken: 'UnrecognizedClientException',
    expiredToken: 'ExpiredTokenException',
    accessDenied: 'AccessDeniedException',
    internal: 'InternalServerException',
    unavailable: 'ServiceUnavailableException',
  },
  query: {
    throttling: 'Throttling',
    invalidToken: 'InvalidClientTokenId',
    expiredToken: 'ExpiredToken',
    accessDenied: 'AccessDenied',
    internal: 'InternalFailure',
    unavailable: 'ServiceUnavailable',
  },
  'rest-xml': {
    throttling: 'SlowDown',
    invalidToken: 'InvalidAccessKeyId',
    expiredToken: 'ExpiredToken',
    accessDenied: 'AccessDenied',
    internal: 'InternalError',
    unavailable: 'ServiceUnavailable',
  },
  ec2: {
    throttling: 'RequestLimitExceeded',
    invalidToken: 'AuthFailure',
    expiredToken: 'RequestExpired',
    accessDenied: 'UnauthorizedOperation',
    internal: 'InternalError',
    unavailable: 'Unavailable',
  },
};

/** A simulated AWS service. */
export interface SandboxService {
  /** Service key used in IAM actions and logs, e.g. `guardduty`, `organizations`, `s3`. */
  readonly name: string;
  /** SDK v3 client class name this service answers, e.g. `GuardDutyClient`. */
  readonly clientName: string;
  /** Regional services keep state per Region and refuse disabled Regions; global ones do not. */
  readonly scope: 'regional' | 'global';
  /** Wire protocol, for the common error names. */
  readonly protocol: Protocol;
  /** Overrides of the protocol's common error names. */
  readonly errors?: Partial<CommonErrorNames>;
  /**
   * The SDK's exception classes for the errors this service models, by name (import them from the
   * service's client package). `ctx.error(name, …)` then throws an instance of the SDK's own class, so
   * `instanceof` and modelled fields behave as they do against AWS; other names stay generic.
   */
  readonly modeledErrors?: Readonly<Record<string, ModeledExceptionClass<ServiceException>>>;
  /** One handler per operation, keyed by operation name without the `Command` suffix. */
  readonly operations: Readonly<Record<string, OperationHandler>>;
}

/** Identity helper for writing a service definition with type checking. */
export function defineService(service: SandboxService): SandboxService {
  return service;
}

/** Common error names of a service after overrides. */
export function errorNames(service: SandboxService): CommonErrorNames {
  return { ...COMMON_ERRORS[service.protocol], ...service.errors };
}
