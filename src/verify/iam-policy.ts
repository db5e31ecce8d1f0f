/**
 * Least-privilege IAM policies for `sra verify`, generated from what the collectors declare they read.
 * Two documents: one for the identity sra-kit runs as in the management account (organization-scope
 * reads, its own account's reads, and `sts:AssumeRole` on the member role), one for the member role in
 * every other account (account- and region-scope reads). Nothing else is granted.
 */
import type { Collector } from '../observe/types.js';

/** Reads the engine itself makes, outside any collector. */
export const ENGINE_READS = {
  /** Regions enabled in the management account, when neither a blueprint nor --regions names them. */
  management: ['ec2:DescribeRegions'],
} as const;

/**
 * IAM actions whose name differs from the API operation that needs them (`service:Operation` as the
 * SDK sends it → the action IAM evaluates). Everything not listed is `service:Operation` itself.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export const ACTION_FOR_OPERATION: Readonly<Record<string, string>> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:HeadBucket': 's3:ListBucket',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:ListObjectsV2': 's3:ListBucket',
  // S3 Control (operations named `s3control:` by the collect context) is authorized as `s3:` actions.
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  's3control:PutPublicAccessBlock': 's3:PutAccountPublicAccessBlock',
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:PutBucketLifecycleConfiguration': 's3:PutLifecycleConfiguration',
  's3:PutObjectLockConfiguration': 's3:PutBucketObjectLockConfiguration',
  's3:DeleteBucketLifecycle': 's3:PutLifecycleConfiguration',
  // CloudWatch signs as `monitoring`; its IAM actions are `cloudwatch:`.
  'monitoring:DescribeAlarms': 'cloudwatch:DescribeAlarms',
  // API Gateway's management API is authorized by HTTP verb.
  'apigateway:GetRestApis': 'apigateway:GET',
  'apigateway:GetStages': 'apigateway:GET',
};

/** The IAM action behind an operation as sent (`service:Operation`). */
export function actionFor(operation: string): string {
  return ACTION_FOR_OPERATION[operation] ?? operation;
}

/** An IAM policy document. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Array<{ Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }>;
}

/** The two policies of `sra iam-policy verify`. */
export interface VerifyPolicies {
  /** Attach to the identity sra-kit runs as in the management account. */
  management: PolicyDocument;
  /** Attach to the member role (`OrganizationAccountAccessRole` or your own) in every member account. */
  member: PolicyDocument;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** Builds the least-privilege policies from the collectors' declared reads. */
export function verifyPolicies(collectors: readonly Collector[], memberRoleName: string): VerifyPolicies {
  const org = collectors.filter((c) => c.scope === 'organization').flatMap((c) => c.reads);
  const everywhere = collectors.filter((c) => c.scope !== 'organization').flatMap((c) => c.reads);
  return {
    management: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SraKitVerifyReadOnly',
          Effect: 'Allow',
          Action: sorted([...org, ...everywhere, ...ENGINE_READS.management]),
          Resource: '*',
        },
        {
          Sid: 'SraKitAssumeMemberRole',
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Resource: `arn:aws:iam::*:role/${memberRoleName}`,
        },
      ],
    },
    member: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'SraKitVerifyReadOnly', Effect: 'Allow', Action: sorted(everywhere), Resource: '*' },
      ],
    },
  };
}
