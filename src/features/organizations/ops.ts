/**
 * The operations of the `organizations` feature. All run as the management account (global service,
 * home Region). Each is idempotent: it reads before it writes where the API has no natural
 * "already done" answer, and treats the documented "already exists / already attached / not found"
 * errors as success.
 * Error names: https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html
 */
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeleteOrganizationalUnitCommand,
  DeletePolicyCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  EnableAllFeaturesCommand,
  EnablePolicyTypeCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  OrganizationsClient,
  UpdatePolicyCommand,
  type OrganizationalUnit,
  type PolicySummary,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { ExitCode, SraError } from '../../errors.js';
import { isAwsError, str } from '../common.js';
import { defineOp, MANAGED_TAG, STEP_TAG_KEY, type OpContext, type OpHandler } from '../../engine/types.js';
import { AWS_MANAGED_POLICY_NAMES } from './plan.js';

/** The tags sra-kit puts on what it creates. */
function tagsFor(ctx: OpContext) {
  return [
    { Key: MANAGED_TAG.key, Value: MANAGED_TAG.value },
    { Key: STEP_TAG_KEY, Value: ctx.step.id },
  ];
}

/**
 * `EnableAllFeatures`. Organizations then sends a handshake to every invited member account; only when
 * all have accepted can the management account finalize it, so an unattended run cannot finish it: the
 * op reports the handshake and what has to happen.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnableAllFeatures.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_support-all-features.html
 */
export const enableAllFeatures: OpHandler = defineOp({
  op: 'organizations.enable-all-features',
  calls: ['organizations:DescribeOrganization', 'organizations:EnableAllFeatures'],
  async run(ctx) {
    const featureSet = async () =>
      (await ctx.send(OrganizationsClient, new DescribeOrganizationCommand({}))).Organization?.FeatureSet;
    if ((await featureSet()) === 'ALL') return;
    let handshake: string | undefined;
    let state: string | undefined;
    try {
      const out = await ctx.send(OrganizationsClient, new EnableAllFeaturesCommand({}));
      handshake = out.Handshake?.Id;
      state = out.Handshake?.State;
    } catch (e) {
      // Already ALL, or a handshake for it is already under way.
      if (!isAwsError(e, 'HandshakeConstraintViolationException')) throw e;
    }
    if (state === 'ACCEPTED' || (await featureSet()) === 'ALL') return;
    throw new SraError(
      'ALL_FEATURES_PENDING',
      `enabling all features in organization ${ctx.organizationId} is waiting for member accounts` +
        (handshake ? ` (handshake ${handshake})` : '') +
        ': every invited member account must accept the handshake, then the management account finalizes it',
      {
        account: ctx.account,
        region: ctx.region,
        service: 'organizations',
        operation: 'EnableAllFeatures',
        hint:
          'have each invited account accept it (Organizations console → Invitations, or aws organizations accept-handshake), ' +
          'accept the final ENABLE_ALL_FEATURES handshake from the management account, then re-run sra apply',
        exitCode: ExitCode.Runtime,
      },
    );
  },
});

/**
 * `EnablePolicyType` on the root, then waits until `ListRoots` reports it `ENABLED` (the change is
 * asynchronous: PENDING_ENABLE first).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html
 */
export const enablePolicyType: OpHandler = defineOp({
  op: 'organizations.enable-policy-type',
  calls: ['organizations:EnablePolicyType', 'organizations:ListRoots'],
  required: ['rootId', 'policyType'],
  async run(ctx, params) {
    const rootId = str(params, 'rootId');
    const type = str(params, 'policyType') as PolicyType;
    try {
      await ctx.send(OrganizationsClient, new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: type }));
    } catch (e) {
      if (!isAwsError(e, 'PolicyTypeAlreadyEnabledException')) throw e;
    }
    await ctx.poll(
      async () => {
        const roots = await ctx.send(OrganizationsClient, new ListRootsCommand({}));
        const root = roots.Roots?.find((r) => r.Id === rootId);
        return root?.PolicyTypes?.some((t) => t.Type === type && t.Status === 'ENABLED') ? true : undefined;
      },
      { what: `policy type ${type} on root ${rootId}`, timeoutMs: 300_000 },
    );
  },
});

async function findOu(
  ctx: OpContext,
  parentId: string,
  name: string,
): Promise<OrganizationalUnit | undefined> {
  let token: string | undefined;
  do {
    const page = await ctx.send(
      OrganizationsClient,
      new ListOrganizationalUnitsForParentCommand({
        ParentId: parentId,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    const hit = page.OrganizationalUnits?.find((o) => o.Name === name);
    if (hit) return hit;
    token = page.NextToken;
  } while (token);
  return undefined;
}

/**
 * Creates an OU (tagged) under its parent, or returns the one of that name already there (OU names are
 * unique per parent). Outputs `id` and `arn`.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganizationalUnit.html
 */
export const createOu: OpHandler = defineOp({
  op: 'organizations.create-ou',
  calls: [
    'organizations:CreateOrganizationalUnit',
    'organizations:ListOrganizationalUnitsForParent',
    'organizations:TagResource',
  ],
  required: ['name', 'parentId'],
  async run(ctx, params) {
    const name = str(params, 'name');
    const parentId = str(params, 'parentId');
    let ou = await findOu(ctx, parentId, name);
    if (!ou) {
      try {
        ou = (
          await ctx.send(
            OrganizationsClient,
            new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name, Tags: tagsFor(ctx) }),
          )
        ).OrganizationalUnit;
      } catch (e) {
        if (!isAwsError(e, 'DuplicateOrganizationalUnitException')) throw e;
        ou = await findOu(ctx, parentId, name);
      }
    }
    if (!ou?.Id) throw new Error(`OU ${name} under ${parentId} was neither created nor found`);
    return { id: ou.Id, arn: ou.Arn ?? '' };
  },
});

/**
 * Moves an account into its OU, from wherever it sits now (read with `ListParents`, so a plan made
 * before someone else moved it still works).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_MoveAccount.html
 */
export const moveAccount: OpHandler = defineOp({
  op: 'organizations.move-account',
  calls: ['organizations:ListParents', 'organizations:MoveAccount'],
  required: ['accountId', 'destinationParentId'],
  async run(ctx, params) {
    const accountId = str(params, 'accountId');
    const destination = str(params, 'destinationParentId');
    const parents = await ctx.send(OrganizationsClient, new ListParentsCommand({ ChildId: accountId }));
    const source = parents.Parents?.[0]?.Id;
    if (!source) throw new Error(`account ${accountId} has no parent in the organization`);
    if (source === destination) return;
    try {
      await ctx.send(
        OrganizationsClient,
        new MoveAccountCommand({
          AccountId: accountId,
          SourceParentId: source,
          DestinationParentId: destination,
        }),
      );
    } catch (e) {
      if (!isAwsError(e, 'DuplicateAccountException')) throw e;
    }
  },
});

async function findPolicy(
  ctx: OpContext,
  type: PolicyType,
  name: string,
): Promise<PolicySummary | undefined> {
  let token: string | undefined;
  do {
    const page = await ctx.send(
      OrganizationsClient,
      new ListPoliciesCommand({ Filter: type, ...(token ? { NextToken: token } : {}) }),
    );
    const hit = page.Policies?.find((p) => p.Name === name && p.AwsManaged !== true);
    if (hit) return hit;
    token = page.NextToken;
  } while (token);
  return undefined;
}

/**
 * Creates an SCP or RCP (tagged). When a policy of that name and type already exists (an earlier run was
 * cut short), its content is brought up to date instead. Outputs `id` and `arn`.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
 */
export const createPolicy: OpHandler = defineOp({
  op: 'organizations.create-policy',
  calls: [
    'organizations:CreatePolicy',
    'organizations:DescribePolicy',
    'organizations:ListPolicies',
    'organizations:TagResource',
    'organizations:UpdatePolicy',
  ],
  required: ['name', 'type', 'content'],
  async run(ctx, params) {
    const name = str(params, 'name');
    const type = str(params, 'type') as PolicyType;
    const content = str(params, 'content');
    const description = typeof params.description === 'string' ? params.description : '';
    let summary = await findPolicy(ctx, type, name);
    if (!summary) {
      try {
        summary = (
          await ctx.send(
            OrganizationsClient,
            new CreatePolicyCommand({
              Name: name,
              Type: type,
              Content: content,
              Description: description,
              Tags: tagsFor(ctx),
            }),
          )
        ).Policy?.PolicySummary;
        if (summary?.Id) return { id: summary.Id, arn: summary.Arn ?? '' };
      } catch (e) {
        if (!isAwsError(e, 'DuplicatePolicyException')) throw e;
      }
      summary = await findPolicy(ctx, type, name);
    }
    if (!summary?.Id) throw new Error(`policy ${name} was neither created nor found`);
    const current = await ctx.send(OrganizationsClient, new DescribePolicyCommand({ PolicyId: summary.Id }));
    if (current.Policy?.Content !== content) {
      await ctx.send(
        OrganizationsClient,
        new UpdatePolicyCommand({ PolicyId: summary.Id, Content: content }),
      );
    }
    return { id: summary.Id, arn: summary.Arn ?? '' };
  },
});

/** Replaces a policy's content. https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdatePolicy.html */
export const updatePolicy: OpHandler = defineOp({
  op: 'organizations.update-policy',
  calls: ['organizations:UpdatePolicy'],
  required: ['policyId', 'content'],
  async run(ctx, params) {
    await ctx.send(
      OrganizationsClient,
      new UpdatePolicyCommand({ PolicyId: str(params, 'policyId'), Content: str(params, 'content') }),
    );
  },
});

/** Attaches a policy to a root, OU or account; already attached is success. */
export const attachPolicy: OpHandler = defineOp({
  op: 'organizations.attach-policy',
  calls: ['organizations:AttachPolicy'],
  required: ['policyId', 'targetId'],
  async run(ctx, params) {
    try {
      await ctx.send(
        OrganizationsClient,
        new AttachPolicyCommand({ PolicyId: str(params, 'policyId'), TargetId: str(params, 'targetId') }),
      );
    } catch (e) {
      if (!isAwsError(e, 'DuplicatePolicyAttachmentException')) throw e;
    }
  },
});

/** The AWS-managed policies' ids (sra-kit never detaches or deletes them). */
const AWS_MANAGED_POLICY_IDS = ['p-FullAWSAccess', 'p-RCPFullAWSAccess'];

function refuseAwsManaged(policyId: string): void {
  if (AWS_MANAGED_POLICY_IDS.includes(policyId) || AWS_MANAGED_POLICY_NAMES.includes(policyId)) {
    throw new SraError(
      'AWS_MANAGED_POLICY',
      `refusing to detach or delete the AWS-managed policy ${policyId}`,
      {
        service: 'organizations',
        hint: 'sra-kit only changes the policies it manages; this plan was edited or is wrong',
        exitCode: ExitCode.Usage,
      },
    );
  }
}

/** Detaches a policy from a target; not attached (or gone) is success. Never FullAWSAccess. */
export const detachPolicy: OpHandler = defineOp({
  op: 'organizations.detach-policy',
  calls: ['organizations:DetachPolicy'],
  required: ['policyId', 'targetId'],
  async run(ctx, params) {
    const policyId = str(params, 'policyId');
    refuseAwsManaged(policyId);
    try {
      await ctx.send(
        OrganizationsClient,
        new DetachPolicyCommand({ PolicyId: policyId, TargetId: str(params, 'targetId') }),
      );
    } catch (e) {
      if (!isAwsError(e, 'PolicyNotAttachedException', 'PolicyNotFoundException', 'TargetNotFoundException'))
        throw e;
    }
  },
});

/**
 * Deletes a policy, detaching it first from any target it gained since the plan was made (DeletePolicy
 * refuses an attached policy). Gone already is success.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeletePolicy.html
 */
export const deletePolicy: OpHandler = defineOp({
  op: 'organizations.delete-policy',
  calls: ['organizations:DeletePolicy', 'organizations:DetachPolicy', 'organizations:ListTargetsForPolicy'],
  required: ['policyId'],
  async run(ctx, params) {
    const policyId = str(params, 'policyId');
    refuseAwsManaged(policyId);
    try {
      let token: string | undefined;
      const targets: string[] = [];
      do {
        const page = await ctx.send(
          OrganizationsClient,
          new ListTargetsForPolicyCommand({ PolicyId: policyId, ...(token ? { NextToken: token } : {}) }),
        );
        for (const t of page.Targets ?? []) if (t.TargetId) targets.push(t.TargetId);
        token = page.NextToken;
      } while (token);
      for (const target of targets) {
        try {
          await ctx.send(
            OrganizationsClient,
            new DetachPolicyCommand({ PolicyId: policyId, TargetId: target }),
          );
        } catch (e) {
          if (!isAwsError(e, 'PolicyNotAttachedException')) throw e;
        }
      }
      await ctx.send(OrganizationsClient, new DeletePolicyCommand({ PolicyId: policyId }));
    } catch (e) {
      if (!isAwsError(e, 'PolicyNotFoundException')) throw e;
    }
  },
});

/**
 * Deletes an empty OU. If it gained an account or a child OU since the plan was made, the step fails
 * and says so (sra-kit never empties an OU).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeleteOrganizationalUnit.html
 */
export const deleteOu: OpHandler = defineOp({
  op: 'organizations.delete-ou',
  calls: ['organizations:DeleteOrganizationalUnit'],
  required: ['ouId'],
  async run(ctx, params) {
    const ouId = str(params, 'ouId');
    try {
      await ctx.send(
        OrganizationsClient,
        new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ouId }),
      );
    } catch (e) {
      if (isAwsError(e, 'OrganizationalUnitNotFoundException')) return;
      if (isAwsError(e, 'OrganizationalUnitNotEmptyException')) {
        throw new SraError('OU_NOT_EMPTY', `OU ${ouId} is no longer empty, so sra-kit keeps it`, {
          account: ctx.account,
          region: ctx.region,
          service: 'organizations',
          operation: 'DeleteOrganizationalUnit',
          hint: 'move its accounts and child OUs elsewhere first if it should go, then re-run sra destroy',
          exitCode: ExitCode.Runtime,
          cause: e,
        });
      }
      throw e;
    }
  },
});

/** Every op of the feature. */
export const ORGANIZATIONS_OPS: readonly OpHandler[] = [
  enableAllFeatures,
  enablePolicyType,
  createOu,
  moveAccount,
  createPolicy,
  updatePolicy,
  attachPolicy,
  detachPolicy,
  deletePolicy,
  deleteOu,
];
