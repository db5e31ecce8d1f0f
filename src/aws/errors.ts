/**
 * Typed errors of the AWS access layer. Every failure of a call made through {@link AwsAccess} ends as
 * one {@link AwsCallError}: it always names the account, Region, service and operation, says which
 * kind of failure it was (so callers can branch without parsing messages) and carries a hint that tells
 * the user what to do.
 *
 * The error-name tables come from the "common errors" pages of the AWS API references and from the
 * names the SDK's own retry classification uses:
 * - https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
 */
import { ExitCode, SraError } from '../errors.js';
import { findRegion } from '../catalog/regions.js';

/** What went wrong, in the terms a caller can act on. */
export type AwsErrorKind =
  /** The identity may not perform the action (IAM policy, SCP/RCP, trust policy, permission boundary). */
  | 'access-denied'
  /** AWS kept throttling after every retry the retry strategy allowed. */
  | 'throttled'
  /** The Region is not enabled for the account (opt-in Region) or STS is not activated there. */
  | 'region-disabled'
  /** The resource does not exist (or not yet, when it is still propagating). */
  | 'not-found'
  /** AWS rejected the parameters or the current state of the resource. */
  | 'invalid-request'
  /** No answer in time: connection or request timeout. */
  | 'timeout'
  /** The endpoint could not be reached: DNS failure, connection refused or reset. */
  | 'network'
  /** Credentials missing, invalid or expired. */
  | 'credentials'
  /** AWS failed on its side (5xx) after retries, or an unrecognised failure. */
  | 'service'
  /**
   * The call cannot be made: the sandbox does not simulate the operation, or (as a DataError kind in the
   * inventory) sra-kit has no way to read the data yet, e.g. no SDK client for the service.
   */
  | 'not-implemented';

/** Every {@link AwsErrorKind}, in a stable order (for stats and reports). */
export const AWS_ERROR_KINDS: readonly AwsErrorKind[] = [
  'access-denied',
  'throttled',
  'region-disabled',
  'not-found',
  'invalid-request',
  'timeout',
  'network',
  'credentials',
  'service',
  'not-implemented',
];

/** The call an error is about. */
export interface AwsTarget {
  /** 12-digit account the call was made in. */
  account: string;
  /** Region the call was signed for. */
  region: string;
  /** Service key, the IAM action prefix (e.g. `guardduty`, `sts`). */
  service: string;
  /** API operation, e.g. `ListDetectors`. */
  operation: string;
}

/** Whether the failure happened while getting credentials (assume-role) or in the request itself. */
export type AwsCallPhase = 'credentials' | 'request';

/** Input of the {@link AwsCallError} constructor. */
export interface AwsCallErrorInit extends AwsTarget {
  /** Kind of failure. */
  kind: AwsErrorKind;
  /** Error code AWS (or Node, or the SDK) gave, e.g. `AccessDeniedException`, `ECONNREFUSED`. */
  awsErrorName: string;
  /** What AWS said, already free of secrets. */
  detail: string;
  /** AWS request id, when there was a response. */
  requestId?: string;
  /** HTTP status, when there was a response. */
  httpStatus?: number;
  /** Attempts the SDK made (1 = no retry). */
  attempts?: number;
  /** Where it failed. @default 'request' */
  phase?: AwsCallPhase;
  /** What the user can do. @default the hint of the kind */
  hint?: string;
  /** The underlying error (kept as the non-enumerable `cause`). */
  cause?: unknown;
}

const KIND_TITLE: Readonly<Record<AwsErrorKind, string>> = {
  'access-denied': 'access denied',
  throttled: 'throttled after every retry',
  'region-disabled': 'Region not enabled',
  'not-found': 'not found',
  'invalid-request': 'request rejected',
  timeout: 'timed out',
  network: 'endpoint unreachable',
  credentials: 'credentials missing, invalid or expired',
  service: 'AWS service error',
  'not-implemented': 'not implemented by the sandbox',
};

/**
 * A failed AWS call. `code` is `AWS_<KIND>` (e.g. `AWS_ACCESS_DENIED`), the exit code is 3 (runtime),
 * and `account`, `region`, `service` and `operation` are always set.
 */
export class AwsCallError extends SraError {
  /** Kind of failure. */
  readonly kind: AwsErrorKind;
  /** Account of the call. */
  readonly account: string;
  /** Region of the call. */
  readonly region: string;
  /** Service key of the call (IAM action prefix). */
  readonly service: string;
  /** Operation of the call. */
  readonly operation: string;
  /** AWS error code (or Node error code) behind the failure. */
  readonly awsErrorName: string;
  /** AWS request id, when AWS answered. */
  readonly requestId: string | undefined;
  /** HTTP status, when AWS answered. */
  readonly httpStatus: number | undefined;
  /** Attempts made by the SDK, when known. */
  readonly attempts: number | undefined;
  /** Whether getting credentials (assume-role) or the request itself failed. */
  readonly phase: AwsCallPhase;
  /** What AWS said (secrets removed), without the location prefix. */
  readonly detail: string;

  constructor(init: AwsCallErrorInit) {
    const { account, region, service, operation, kind } = init;
    const phase = init.phase ?? 'request';
    const message =
      `${service}:${operation} in account ${account} (${region}) failed: ${KIND_TITLE[kind]}` +
      ` (${init.awsErrorName}): ${init.detail}`;
    super(`AWS_${kind.toUpperCase().replace(/-/g, '_')}`, message, {
      account,
      region,
      service,
      operation,
      hint: init.hint ?? hintFor(kind, init),
      exitCode: ExitCode.Runtime,
      cause: init.cause,
    });
    this.name = 'AwsCallError';
    this.kind = kind;
    this.account = account;
    this.region = region;
    this.service = service;
    this.operation = operation;
    this.awsErrorName = init.awsErrorName;
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
    this.attempts = init.attempts;
    this.phase = phase;
    this.detail = init.detail;
  }

  /** The message already names the location, so only the hint is added. */
  override describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }

  /** A plain, secret-free shape for `--format json` and logs. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      kind: this.kind,
      message: this.message,
      account: this.account,
      region: this.region,
      service: this.service,
      operation: this.operation,
      awsErrorName: this.awsErrorName,
      requestId: this.requestId,
      httpStatus: this.httpStatus,
      attempts: this.attempts,
      phase: this.phase,
      hint: this.hint,
    };
  }
}

/** True when `e` is an {@link AwsCallError}. */
export function isAwsCallError(e: unknown): e is AwsCallError {
  return e instanceof AwsCallError;
}

/** A short, actionable hint per kind. */
function hintFor(kind: AwsErrorKind, t: AwsCallErrorInit): string {
  const action = `${t.service}:${t.operation}`;
  switch (kind) {
    case 'access-denied':
      return t.phase === 'credentials'
        ? `Check that the member role exists in account ${t.account}, that its trust policy admits the ` +
            `management account, and that no SCP denies sts:AssumeRole; use --role-name if the organization ` +
            `uses a different role (e.g. AWSControlTowerExecution).`
        : `Allow ${action} in the identity policy of the role used in account ${t.account}, and check the ` +
            `SCPs/RCPs of its OU and any permission boundary.`;
    case 'throttled':
      return (
        `AWS kept throttling ${action} in ${t.region}. Lower the concurrency (--concurrency), try again ` +
        `later, or ask for a higher quota in Service Quotas.`
      );
    case 'region-disabled':
      return t.phase === 'credentials'
        ? `Regional STS in ${t.region} is not active for the calling account. Use a home Region that is ` +
            `enabled by default, or enable ${t.region} for the management account.`
        : `Region ${t.region} is not enabled for account ${t.account}. Enable it (account:EnableRegion) or ` +
            `remove it from organization.governedRegions.`;
    case 'not-found':
      return (
        `The resource does not exist in account ${t.account} (${t.region}). If it was just created, it ` +
        `may still be propagating: poll with a deadline instead of failing.`
      );
    case 'invalid-request':
      return `AWS rejected the parameters or the current state of the resource; the message says which.`;
    case 'timeout':
      return (
        `No answer from ${t.service} in ${t.region}. Check network access and proxies, any ` +
        `AWS_ENDPOINT_URL* setting, and whether the service is offered in ${t.region}.`
      );
    case 'network':
      return (
        `Could not connect to ${t.service} in ${t.region}. Check DNS, proxies and any AWS_ENDPOINT_URL* ` +
        `setting, and whether the service has an endpoint in ${t.region}.`
      );
    case 'credentials':
      return (
        `Check --profile / AWS_PROFILE and the default credential chain; for IAM Identity Center run ` +
        `\`aws sso login\`. Session credentials may have expired.`
      );
    case 'service':
      return (
        `AWS failed on its side after retries; try again later. If it persists, check the AWS Health ` +
        `Dashboard for ${t.service} in ${t.region}.`
      );
    case 'not-implemented':
      return `The sandbox does not simulate ${action}; add it under src/sandbox/services/ or stop calling it.`;
  }
}

/** Error codes per kind. Lookups are exact; a few rules below cover families (`NoSuch*`, `*.NotFound`). */
export const AWS_ERROR_NAMES = {
  accessDenied: [
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'UnauthorizedException',
    'AuthorizationError',
    'AuthorizationErrorException',
    'Forbidden',
    'ForbiddenException',
    'AllAccessDisabled',
    'AccessDeniedForDependencyException',
  ],
  throttling: [
    // The SDK's own throttling list, so "retried as throttling" and "reported as throttled" agree.
    'Throttling',
    'ThrottlingException',
    'ThrottledException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'RequestThrottledException',
    'SlowDown',
    'EC2ThrottledException',
    'BandwidthLimitExceeded',
    'LimitExceededException',
    'PriorRequestNotComplete',
    'ProvisionedThroughputExceededException',
    'TransactionInProgressException',
  ],
  regionDisabled: ['RegionDisabledException'],
  /** An unknown or not-valid-here token: region-disabled in an opt-in Region, credentials elsewhere. */
  invalidToken: ['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'InvalidAccessKeyId'],
  credentials: [
    'ExpiredToken',
    'ExpiredTokenException',
    'RequestExpired',
    'SignatureDoesNotMatch',
    'IncompleteSignature',
    'IncompleteSignatureException',
    'InvalidSignatureException',
    'MissingAuthenticationToken',
    'MissingAuthenticationTokenException',
    'InvalidToken',
    'TokenRefreshRequired',
    'CredentialsProviderError',
    'TokenProviderError',
  ],
  notFound: [
    'ResourceNotFoundException',
    'ResourceNotFound',
    'NotFoundException',
    'NotFound',
    'NoSuchEntity',
    'NoSuchEntityException',
    'NoSuchBucket',
    'NoSuchBucketPolicy',
    'NoSuchKey',
    'NoSuchPublicAccessBlockConfiguration',
    'ServerSideEncryptionConfigurationNotFoundError',
    'TrailNotFoundException',
    'AccountNotFoundException',
    'OrganizationalUnitNotFoundException',
    'PolicyNotFoundException',
    'TargetNotFoundException',
    'ParentNotFoundException',
    'ChildNotFoundException',
    'HandshakeNotFoundException',
    'OrganizationNotFoundException',
  ],
  invalidRequest: [
    'ValidationError',
    'ValidationException',
    'InvalidParameterValue',
    'InvalidParameterValueException',
    'InvalidParameter',
    'InvalidParameterException',
    'InvalidParameterCombination',
    'InvalidInput',
    'InvalidInputException',
    'InvalidRequest',
    'InvalidRequestException',
    'InvalidArgument',
    'MissingParameter',
    'MalformedPolicyDocument',
    'MalformedPolicyDocumentException',
    'BadRequestException',
    'ConstraintViolationException',
    'ConflictException',
    'ResourceInUseException',
    'AWSOrganizationsNotInUseException',
    'DryRunOperation',
  ],
  timeout: ['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'],
  network: ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'],
  service: [
    'InternalFailure',
    'InternalError',
    'InternalServerError',
    'InternalServerErrorException',
    'InternalServerException',
    'InternalException',
    'ServiceUnavailable',
    'ServiceUnavailableException',
    'Unavailable',
    'ServiceFailureException',
    'ServiceException',
  ],
} as const satisfies Record<string, readonly string[]>;

const SETS = Object.fromEntries(
  Object.entries(AWS_ERROR_NAMES).map(([k, v]) => [k, new Set<string>(v)]),
) as Record<keyof typeof AWS_ERROR_NAMES, Set<string>>;

/** The facts of a thrown value that classification needs. */
interface ErrorFacts {
  name: string;
  code: string | undefined;
  message: string;
  status: number | undefined;
  requestId: string | undefined;
  attempts: number | undefined;
  fault: string | undefined;
}

function factsOf(err: unknown): ErrorFacts {
  if (typeof err !== 'object' || err === null) {
    return {
      name: 'Error',
      code: undefined,
      message: String(err),
      status: undefined,
      requestId: undefined,
      attempts: undefined,
      fault: undefined,
    };
  }
  const e = err as {
    name?: unknown;
    code?: unknown;
    Code?: unknown;
    message?: unknown;
    errors?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown; requestId?: unknown; attempts?: unknown };
  };
  let code = typeof e.code === 'string' ? e.code : typeof e.Code === 'string' ? e.Code : undefined;
  // Node's happy-eyeballs connect wraps per-address failures in an AggregateError.
  if (!code && Array.isArray(e.errors)) {
    const inner = e.errors.find((x: unknown) => typeof (x as { code?: unknown })?.code === 'string') as
      { code: string } | undefined;
    code = inner?.code;
  }
  const md = e.$metadata ?? {};
  return {
    name: typeof e.name === 'string' && e.name ? e.name : 'Error',
    code,
    message: typeof e.message === 'string' ? e.message : '',
    status: typeof md.httpStatusCode === 'number' ? md.httpStatusCode : undefined,
    requestId: typeof md.requestId === 'string' ? md.requestId : undefined,
    attempts: typeof md.attempts === 'number' ? md.attempts : undefined,
    fault: typeof e.$fault === 'string' ? e.$fault : undefined,
  };
}

/**
 * True when a token error in `region` most likely means "Region not enabled". Regions launched after
 * 20 March 2019 are opt-in and refuse credentials of accounts that have not enabled them; a Region our
 * catalog does not know is newer than this release, hence opt-in as well.
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 */
function isOptInRegion(region: string): boolean {
  const info = findRegion(region);
  return info === undefined || info.optIn;
}

/**
 * GuardDuty has no not-found error: its API reference lists only `BadRequestException` and
 * `InternalServerErrorException` for detector operations, and a detector id that does not exist in
 * the caller's account comes back as a `BadRequestException` whose message says it "is not owned by
 * the current account" (as reported in hashicorp/terraform-provider-aws#10925).
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html
 */
const GUARDDUTY_NOT_FOUND = /not owned by the current account|does not exist|not found/i;

/** The {@link AwsErrorKind} of an error name/code in the context of a call. */
export function kindOf(err: unknown, target: Pick<AwsTarget, 'region' | 'service'>): AwsErrorKind {
  const f = factsOf(err);
  const names = [f.name, f.code].filter((x): x is string => typeof x === 'string');
  const has = (set: Set<string>): boolean => names.some((n) => set.has(n));
  if (f.name === 'SandboxNotImplementedError') return 'not-implemented';
  if (has(SETS.regionDisabled)) return 'region-disabled';
  if (has(SETS.invalidToken)) return isOptInRegion(target.region) ? 'region-disabled' : 'credentials';
  if (has(SETS.credentials)) return 'credentials';
  if (has(SETS.accessDenied)) return 'access-denied';
  if (has(SETS.throttling) || f.status === 429) return 'throttled';
  if (
    has(SETS.notFound) ||
    /^NoSuch/.test(f.name) ||
    /(\.NotFound|NotFound(Exception|Fault|Error)?)$/.test(f.name) ||
    (target.service === 'guardduty' &&
      f.name === 'BadRequestException' &&
      GUARDDUTY_NOT_FOUND.test(f.message))
  ) {
    return 'not-found';
  }
  if (has(SETS.timeout)) return 'timeout';
  if (has(SETS.network)) return 'network';
  if (has(SETS.invalidRequest)) return 'invalid-request';
  if (has(SETS.service)) return 'service';
  if (f.status !== undefined) {
    if (f.status >= 500) return 'service';
    if (f.status === 403) return 'access-denied';
    if (f.status === 404) return 'not-found';
    if (f.status >= 400) return 'invalid-request';
  }
  if (f.fault === 'client') return 'invalid-request';
  return 'service';
}

/** JavaScript error names that say nothing; the `code` (e.g. `ECONNREFUSED`) is more useful. */
const GENERIC_NAMES = new Set(['Error', 'AggregateError', 'SystemError', 'TypeError']);

/** Options of {@link classifyAwsError}. */
export interface ClassifyOptions {
  /** Where it failed. @default 'request' */
  phase?: AwsCallPhase;
  /** Removes secrets from text; applied to AWS's message. @default identity */
  redact?: (text: string) => string;
  /** Text put in front of AWS's message, e.g. `assuming arn:aws:iam::…:role/X`. */
  context?: string;
  /** Replaces the hint of the kind. */
  hint?: string;
}

/**
 * Turns anything a call can throw (SDK service exceptions, Node network errors, SDK timeouts, the
 * sandbox's not-implemented error) into an {@link AwsCallError} for `target`.
 */
export function classifyAwsError(
  err: unknown,
  target: AwsTarget,
  options: ClassifyOptions = {},
): AwsCallError {
  const f = factsOf(err);
  const kind = kindOf(err, target);
  const redact = options.redact ?? ((s: string) => s);
  const raw = f.message || f.code || f.name;
  const detail = redact(options.context ? `${options.context}: ${raw}` : raw);
  return new AwsCallError({
    ...target,
    kind,
    awsErrorName: f.code && GENERIC_NAMES.has(f.name) ? f.code : f.name,
    detail,
    requestId: f.requestId,
    httpStatus: f.status,
    attempts: f.attempts,
    phase: options.phase ?? 'request',
    ...(options.hint !== undefined ? { hint: options.hint } : {}),
    cause: err,
  });
}
