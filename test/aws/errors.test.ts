import { describe, expect, it } from 'vitest';
import { awsError, SandboxNotImplementedError } from '../../src/sandbox/core/errors.js';
import { ExitCode, SraError } from '../../src/errors.js';
import { AwsCallError, classifyAwsError, kindOf, type AwsErrorKind } from '../../src/aws/index.js';

const target = {
  account: '444444444444',
  region: 'eu-west-1',
  service: 'guardduty',
  operation: 'GetDetector',
};

function nodeError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
}

describe('kindOf', () => {
  const cases: Array<[string, unknown, AwsErrorKind]> = [
    ['AccessDenied (query)', awsError('AccessDenied', 'no', { status: 403 }), 'access-denied'],
    [
      'AccessDeniedException (json)',
      awsError('AccessDeniedException', 'no', { status: 403 }),
      'access-denied',
    ],
    [
      'UnauthorizedOperation (ec2)',
      awsError('UnauthorizedOperation', 'no', { status: 403 }),
      'access-denied',
    ],
    ['AuthorizationError (sns)', awsError('AuthorizationError', 'no', { status: 403 }), 'access-denied'],
    ['Throttling', awsError('Throttling', 'Rate exceeded'), 'throttled'],
    ['ThrottlingException', awsError('ThrottlingException', 'Rate exceeded'), 'throttled'],
    ['TooManyRequestsException', awsError('TooManyRequestsException', 'slow'), 'throttled'],
    ['RequestLimitExceeded (ec2)', awsError('RequestLimitExceeded', 'slow'), 'throttled'],
    ['SlowDown (s3)', awsError('SlowDown', 'slow', { status: 503 }), 'throttled'],
    ['any 429', awsError('SomethingNew', 'slow', { status: 429 }), 'throttled'],
    [
      'RegionDisabledException',
      awsError('RegionDisabledException', 'off', { status: 403 }),
      'region-disabled',
    ],
    [
      'ResourceNotFoundException',
      awsError('ResourceNotFoundException', 'gone', { status: 404 }),
      'not-found',
    ],
    ['NoSuchEntity (iam)', awsError('NoSuchEntity', 'gone', { status: 404 }), 'not-found'],
    ['NoSuchBucketPolicy (s3)', awsError('NoSuchBucketPolicy', 'none', { status: 404 }), 'not-found'],
    [
      'NoSuchConfigurationRecorderException',
      awsError('NoSuchConfigurationRecorderException', 'x'),
      'not-found',
    ],
    ['InvalidVpcID.NotFound (ec2)', awsError('InvalidVpcID.NotFound', 'x'), 'not-found'],
    ['TrailNotFoundException', awsError('TrailNotFoundException', 'x'), 'not-found'],
    [
      'GuardDuty BadRequestException for a foreign detector',
      awsError(
        'BadRequestException',
        'The request is rejected because the input detectorId is not owned by the current account.',
      ),
      'not-found',
    ],
    [
      'GuardDuty BadRequestException otherwise',
      awsError('BadRequestException', 'Invalid value for maxResults'),
      'invalid-request',
    ],
    ['ValidationError', awsError('ValidationError', 'bad'), 'invalid-request'],
    ['ConflictException', awsError('ConflictException', 'busy', { status: 409 }), 'invalid-request'],
    ['unknown 4xx', awsError('SomethingOdd', 'odd', { status: 400 }), 'invalid-request'],
    ['ExpiredToken', awsError('ExpiredToken', 'expired', { status: 403 }), 'credentials'],
    ['SignatureDoesNotMatch', awsError('SignatureDoesNotMatch', 'sig', { status: 403 }), 'credentials'],
    [
      'CredentialsProviderError',
      Object.assign(new Error('no creds'), { name: 'CredentialsProviderError' }),
      'credentials',
    ],
    ['TimeoutError', Object.assign(new Error('slow'), { name: 'TimeoutError' }), 'timeout'],
    ['ETIMEDOUT', nodeError('ETIMEDOUT'), 'timeout'],
    ['ECONNREFUSED', nodeError('ECONNREFUSED'), 'network'],
    ['ENOTFOUND', nodeError('ENOTFOUND'), 'network'],
    [
      'AggregateError of ECONNREFUSED',
      Object.assign(new AggregateError([nodeError('ECONNREFUSED')], 'all failed'), {}),
      'network',
    ],
    ['InternalFailure', awsError('InternalFailure', 'oops', { status: 500 }), 'service'],
    [
      'ServiceUnavailableException',
      awsError('ServiceUnavailableException', 'oops', { status: 503 }),
      'service',
    ],
    ['unknown 5xx', awsError('Mystery', 'oops', { status: 502 }), 'service'],
    ['a plain Error', new Error('bug'), 'service'],
    ['a string', 'weird', 'service'],
    [
      'sandbox not implemented',
      new SandboxNotImplementedError('guardduty', 'GetDetector'),
      'not-implemented',
    ],
  ];
  it.each(cases)('%s', (_label, err, kind) => {
    expect(kindOf(err, target)).toBe(kind);
  });

  it('treats an unknown token as region-disabled in opt-in (or unknown) Regions, as credentials elsewhere', () => {
    for (const name of [
      'UnrecognizedClientException',
      'InvalidClientTokenId',
      'AuthFailure',
      'InvalidAccessKeyId',
    ]) {
      const e = awsError(name, 'The security token included in the request is invalid.', { status: 403 });
      expect(kindOf(e, { region: 'af-south-1', service: 'ec2' })).toBe('region-disabled');
      expect(kindOf(e, { region: 'xx-future-9', service: 'ec2' })).toBe('region-disabled');
      expect(kindOf(e, { region: 'eu-west-1', service: 'ec2' })).toBe('credentials');
    }
  });
});

describe('classifyAwsError', () => {
  it('builds an AwsCallError with location, AWS facts, code, hint and exit code', () => {
    const cause = awsError('AccessDeniedException', 'User: x is not authorized', { status: 403 });
    const err = classifyAwsError(cause, target);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toBeInstanceOf(SraError);
    expect(err).toMatchObject({
      ...target,
      kind: 'access-denied',
      code: 'AWS_ACCESS_DENIED',
      awsErrorName: 'AccessDeniedException',
      httpStatus: 403,
      attempts: 1,
      phase: 'request',
      exitCode: ExitCode.Runtime,
    });
    expect(err.requestId).toBe(cause.$metadata.requestId);
    expect(err.where).toMatchObject(target);
    expect(err.message).toBe(
      'guardduty:GetDetector in account 444444444444 (eu-west-1) failed: access denied ' +
        '(AccessDeniedException): User: x is not authorized',
    );
    expect(err.hint).toContain('guardduty:GetDetector');
    expect(err.cause).toBe(cause);
    // describe() does not repeat the location the message already has.
    expect(err.describe()).toBe(`${err.message}\n  hint: ${err.hint}`);
  });

  it('names Node network errors by their code', () => {
    const err = classifyAwsError(nodeError('ECONNREFUSED'), target);
    expect(err.awsErrorName).toBe('ECONNREFUSED');
    expect(err.code).toBe('AWS_NETWORK');
  });

  it('applies the redaction to the message and adds context', () => {
    const err = classifyAwsError(new Error('token abc123 rejected'), target, {
      redact: (s) => s.replace('abc123', '***'),
      context: 'assuming role R',
    });
    expect(err.message).toContain('assuming role R: token *** rejected');
    expect(err.detail).toBe('assuming role R: token *** rejected');
  });

  it('serialises to a plain object without the cause', () => {
    const cause = Object.assign(awsError('ThrottlingException', 'Rate exceeded'), { secret: 'do-not-leak' });
    const json = JSON.parse(JSON.stringify(classifyAwsError(cause, target))) as Record<string, unknown>;
    expect(json).toMatchObject({ name: 'AwsCallError', kind: 'throttled', account: target.account });
    expect(JSON.stringify(json)).not.toContain('do-not-leak');
  });

  it('gives every kind a hint that differs by phase where it matters', () => {
    const denied = awsError('AccessDenied', 'no', { status: 403 });
    const asRequest = classifyAwsError(denied, target);
    const asCredentials = classifyAwsError(
      denied,
      { ...target, service: 'sts', operation: 'AssumeRole' },
      { phase: 'credentials' },
    );
    expect(asRequest.hint).not.toBe(asCredentials.hint);
    expect(asCredentials.hint).toContain('trust policy');
  });
});
