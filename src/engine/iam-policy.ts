/**
 * Least-privilege IAM policies for `sra apply` / `sra destroy`, generated from what the engine can do:
 * the reads of the collectors planning uses, plus every call the features' ops declare (`calls`). The
 * management-account identity also needs `sts:AssumeRole` on the member role; the member role needs the
 * same reads and writes in every account (which op runs in which account depends on the blueprint).
 */
import { actionFor, type PolicyDocument } from '../verify/iam-policy.js';
import { modulesFor } from './run.js';
import type { Feature } from './types.js';

/** The policies of `sra iam-policy apply`. */
export interface ApplyPolicies {
  /** Attach to the identity sra-kit runs as in the management account. */
  management: PolicyDocument;
  /** Attach to the member role in every member account. */
  member: PolicyDocument;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** Every IAM action an op of `features` may need (mapped from operations as sent to IAM action names). */
export function applyActions(features: readonly Feature[]): string[] {
  return sorted(features.flatMap((f) => f.ops.flatMap((op) => op.calls.map(actionFor))));
}

/** Every IAM action planning reads with. */
export function planReadActions(features: readonly Feature[]): string[] {
  return sorted(modulesFor(features).flatMap((m) => m.collectors.flatMap((c) => c.reads.map(actionFor))));
}

/** Builds the apply policies. */
export function applyPolicies(features: readonly Feature[], memberRoleName: string): ApplyPolicies {
  const reads = planReadActions(features);
  const writes = applyActions(features);
  const statements = [
    { Sid: 'SraKitPlanReads', Effect: 'Allow' as const, Action: reads, Resource: '*' },
    { Sid: 'SraKitApplyWrites', Effect: 'Allow' as const, Action: writes, Resource: '*' },
  ];
  return {
    management: {
      Version: '2012-10-17',
      Statement: [
        ...statements,
        {
          Sid: 'SraKitAssumeMemberRole',
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Resource: `arn:aws:iam::*:role/${memberRoleName}`,
        },
      ],
    },
    member: { Version: '2012-10-17', Statement: statements },
  };
}
