/**
 * The AWS access layer: clients per (account, Region, service), credentials and assume-role,
 * retries, timeouts, concurrency limits, pagination and typed errors.
 */
export {
  AwsAccess,
  CONTROL_TOWER_MEMBER_ROLE,
  DEFAULT_MEMBER_ROLE,
  operationName,
  serviceKey,
  type AccountRegion,
  type AwsAccessOptions,
  type AwsAccessStats,
  type AwsClientConfig,
  type AwsClientCtor,
  type AwsCommand,
  type AwsSdkClient,
  type CallerIdentity,
} from './access.js';
export {
  AWS_ERROR_KINDS,
  AWS_ERROR_NAMES,
  AwsCallError,
  classifyAwsError,
  isAwsCallError,
  kindOf,
  type AwsCallErrorInit,
  type AwsCallPhase,
  type AwsErrorKind,
  type AwsTarget,
  type ClassifyOptions,
} from './errors.js';
export {
  DEFAULT_REFRESH_MARGIN_MS,
  RefreshingCredentials,
  toFetch,
  type RefreshingCredentialsOptions,
  type SharedCredentialProvider,
} from './credentials.js';
export {
  ConcurrencyLimiter,
  DEFAULT_CONCURRENCY,
  KeyedLimiter,
  type ConcurrencyOptions,
  type LimitTarget,
} from './limiter.js';
export {
  collectAll,
  nextCursor,
  pages,
  PaginationError,
  type PageCursor,
  type PaginateOptions,
} from './paginate.js';
export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_ATTEMPTS_ON_TIMEOUT,
  isNoAnswerError,
  JitteredBackoff,
  SraRetryStrategy,
  type RetryOptions,
} from './retry.js';
