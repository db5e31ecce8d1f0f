/**
 * Feature `config`: AWS Config recording in every targeted account and governed Region (the management
 * account included), delivery to the central log bucket under the log key, and the organization
 * aggregator in the security tooling account's home Region (SRA.md §2, §6).
 *
 * - Recorder: AWS allows one customer managed recorder per account and Region, so an existing recorder is
 *   reused (and updated) under its own name; a new one is called `default`, records every supported
 *   resource type, and includes global resource types (IAM) only in `globalResourcesRegion`. New
 *   recorders use Config's service-linked role, created first where the account lacks it.
 * - Control Tower (SRA.md §5): its recorder (`aws-controltower-BaselineConfigRecorder`) is never touched.
 *   When the blueprint says Control Tower manages Config, only the management account (never enrolled)
 *   gets a recorder from sra-kit; enrolled accounts are Control Tower's.
 * - Aggregator: an organization source over all Regions (what `config.org-aggregator-all-regions`
 *   expects), created from the delegated administrator with a role holding
 *   `AWSConfigRoleForOrganizations`.
 * - Destroy removes only what sra-kit names: recorders and channels called `default` (never Control
 *   Tower's), the `sra-org-aggregator` aggregator and its role. Delivered history stays in the bucket.
 */
import { SraError } from '../../errors.js';
import { makeStep } from '../../engine/step.js';
import {
  defineFeature,
  type FeaturePlan,
  type FieldChange,
  type Json,
  type PlanContext,
  type Step,
} from '../../engine/types.js';
import type { Inventory } from '../../observe/types.js';
import {
  CONFIG,
  CONFIG_AGGREGATORS,
  type AggregatorInfo,
  type ConfigAggregatorsSlice,
  type ConfigSlice,
} from '../../services/config/collect.js';
import { IAM_COLLECTOR_ID, type IamSlice } from '../../services/iam/collect.js';
import { delegatedAdmin, LOG_BUCKET, LOG_KEY_ARN } from '../provides.js';
import { CONFIG_OPS, CONFIG_SERVICE, CONFIG_SLR_NAME, configSlrArn } from './ops.js';
import { accountReached, need, regionReached, unreachableNote } from '../common.js';

export { CONFIG_OPS } from './ops.js';

/** Feature id. */
export const CONFIG_FEATURE = 'config';
/** Name of the recorder (and delivery channel) sra-kit creates. */
export const SRA_RECORDER_NAME = 'default';
/** Name of the recorder Control Tower creates in enrolled accounts. */
export const CONTROL_TOWER_RECORDER = 'aws-controltower-BaselineConfigRecorder';
/** Name of the organization aggregator sra-kit creates in the security tooling account. */
export const AGGREGATOR_NAME = 'sra-org-aggregator';
/** Name of the IAM role the aggregator reads the organization with. */
export const AGGREGATOR_ROLE_NAME = 'sra-config-aggregator';
/**
 * Snapshot frequency AWS Config uses when a channel sets none.
 * https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigSnapshotDeliveryProperties.html
 */
export const DEFAULT_DELIVERY_FREQUENCY = 'TwentyFour_Hours';

const CAPABILITY = 'security-assurance' as const;

function configSlice(inventory: Inventory, account: string, region: string): ConfigSlice | undefined {
  return inventory.region[account]?.[region]?.[CONFIG] as ConfigSlice | undefined;
}

function aggregatorRoleArn(account: string): string {
  return `arn:aws:iam::${account}:role/${AGGREGATOR_ROLE_NAME}`;
}

/** Aggregators of the security tooling account (none when the collector did not list them there). */
function aggregatorsOf(ctx: PlanContext, account: string): AggregatorInfo[] {
  const slice = ctx.inventory.account[account]?.[CONFIG_AGGREGATORS] as ConfigAggregatorsSlice | undefined;
  const where = { account, region: ctx.homeRegion, operation: 'config:DescribeConfigurationAggregators' };
  if (!slice) return need(undefined, 'the Config organization aggregator', where);
  // Absent: the account is not (yet) a Config administrator, so it holds no organization aggregator.
  if (!slice.aggregators) return [];
  return need(slice.aggregators, 'the Config organization aggregator', where);
}

function planConfig(ctx: PlanContext): FeaturePlan {
  const cfg = ctx.blueprint.assurance.config;
  if (!cfg.enabled) return { steps: [] };
  const { accounts, regions } = ctx.targets(cfg.targets);
  const ct = ctx.blueprint.organization.controlTower;
  const ctOwnsConfig = ct.enabled && ct.managesConfig;
  const mgmt = ctx.roles.management;
  const bucket = ctx.provided(LOG_BUCKET);
  if (!bucket) {
    throw new SraError(
      'PLAN_DEPENDENCY',
      'the config feature needs the central log bucket, which no earlier feature provided',
      { hint: 'plan config together with the log-archive feature' },
    );
  }
  const key = ctx.provided(LOG_KEY_ARN);
  const steps: Step[] = [];
  const notes: string[] = [];
  const ctRecorders: string[] = [];
  const leftToControlTower: string[] = [];

  for (const account of accounts) {
    if (!accountReached(ctx.inventory, account)) continue;
    let slrStep: string | undefined;
    let slrChecked = false;
    /** The step creating Config's service-linked role, planned the first time a new recorder needs it. */
    const serviceLinkedRole = (): string | undefined => {
      if (slrChecked) return slrStep;
      slrChecked = true;
      const iam = ctx.inventory.account[account]?.[IAM_COLLECTOR_ID] as IamSlice | undefined;
      const auth = need(iam?.authorization, "the account's IAM roles", {
        account,
        region: ctx.homeRegion,
        operation: 'iam:GetAccountAuthorizationDetails',
      });
      if ((auth.serviceLinkedRoles ?? []).includes(CONFIG_SLR_NAME)) return undefined;
      const step = makeStep({
        feature: CONFIG_FEATURE,
        op: 'config.create-service-linked-role',
        action: 'create',
        capability: CAPABILITY,
        account,
        region: ctx.homeRegion,
        resource: 'service-linked-role',
        global: true,
        summary: `service-linked role ${CONFIG_SLR_NAME}`,
      });
      steps.push(step);
      slrStep = step.id;
      return slrStep;
    };

    for (const region of regions) {
      if (!regionReached(ctx.inventory, account, region)) continue;
      const slice = configSlice(ctx.inventory, account, region);
      const where = (operation: string) => ({ account, region, operation });
      const recorder = need(
        slice?.recorder,
        'the Config recorder',
        where('config:DescribeConfigurationRecorders'),
      );
      if (recorder?.name === CONTROL_TOWER_RECORDER) {
        ctRecorders.push(`${account}/${region}`);
        continue;
      }
      if (ctOwnsConfig && account !== mgmt) {
        if (!recorder) leftToControlTower.push(`${account}/${region}`);
        continue;
      }
      const channel = need(
        slice?.deliveryChannel,
        'the Config delivery channel',
        where('config:DescribeDeliveryChannels'),
      );
      const includeGlobal = region === cfg.globalResourcesRegion;

      // The recorder.
      const name = recorder?.name ?? SRA_RECORDER_NAME;
      let recorderStep: string | undefined;
      if (!recorder) {
        const s = makeStep({
          feature: CONFIG_FEATURE,
          op: 'config.put-recorder',
          action: 'create',
          capability: CAPABILITY,
          account,
          region,
          resource: 'recorder',
          summary: `configuration recorder ${name} (all supported types${includeGlobal ? ', global types' : ''})`,
          params: {
            name,
            roleArn: configSlrArn(account),
            includeGlobalResourceTypes: includeGlobal,
            create: true,
          },
          dependsOn: [serviceLinkedRole()],
        });
        steps.push(s);
        recorderStep = s.id;
      } else {
        const changes: FieldChange[] = [];
        if (cfg.recordAllResources && !recorder.allSupported) {
          changes.push({ field: 'allSupported', from: false, to: true });
        }
        if (
          cfg.recordAllResources &&
          recorder.recordingStrategy !== undefined &&
          recorder.recordingStrategy !== 'ALL_SUPPORTED_RESOURCE_TYPES'
        ) {
          changes.push({
            field: 'recordingStrategy',
            from: recorder.recordingStrategy,
            to: 'ALL_SUPPORTED_RESOURCE_TYPES',
          });
        }
        if (recorder.includeGlobalResourceTypes !== includeGlobal) {
          changes.push({
            field: 'includeGlobalResourceTypes',
            from: recorder.includeGlobalResourceTypes,
            to: includeGlobal,
          });
        }
        if (changes.length > 0) {
          const s = makeStep({
            feature: CONFIG_FEATURE,
            op: 'config.put-recorder',
            action: 'update',
            capability: CAPABILITY,
            account,
            region,
            resource: 'recorder',
            summary: `configuration recorder ${name}`,
            params: {
              name,
              roleArn: recorder.roleArn ?? configSlrArn(account),
              includeGlobalResourceTypes: includeGlobal,
            },
            dependsOn: recorder.roleArn ? [] : [serviceLinkedRole()],
            changes,
          });
          steps.push(s);
          recorderStep = s.id;
        }
      }

      // The delivery channel.
      const channelName = channel?.name ?? SRA_RECORDER_NAME;
      const frequency = cfg.deliveryFrequency;
      let channelStep: string | undefined;
      const channelParams: Step['params'] = {
        name: channelName,
        bucket: bucket.value,
        deliveryFrequency: frequency,
        ...(key ? { kmsKeyArn: key.value } : {}),
        ...(channel?.s3KeyPrefix ? { keyPrefix: channel.s3KeyPrefix } : {}),
      };
      const channelDeps = [recorderStep, ...bucket.after, ...(key?.after ?? [])];
      if (!channel) {
        const s = makeStep({
          feature: CONFIG_FEATURE,
          op: 'config.put-delivery-channel',
          action: 'create',
          capability: CAPABILITY,
          account,
          region,
          resource: 'delivery-channel',
          summary: `delivery channel ${channelName} to the log archive bucket`,
          params: channelParams,
          dependsOn: channelDeps,
        });
        steps.push(s);
        channelStep = s.id;
      } else {
        const changes: FieldChange[] = [];
        if (typeof bucket.value !== 'string' || bucket.value !== channel.s3BucketName) {
          changes.push({ field: 's3BucketName', from: channel.s3BucketName, to: bucket.value as Json });
        }
        if (key && (typeof key.value !== 'string' || key.value !== channel.s3KmsKeyArn)) {
          changes.push({ field: 's3KmsKeyArn', from: channel.s3KmsKeyArn ?? null, to: key.value as Json });
        }
        const current = channel.deliveryFrequency ?? DEFAULT_DELIVERY_FREQUENCY;
        if (current !== frequency) changes.push({ field: 'deliveryFrequency', from: current, to: frequency });
        if (changes.length > 0) {
          const s = makeStep({
            feature: CONFIG_FEATURE,
            op: 'config.put-delivery-channel',
            action: 'update',
            capability: CAPABILITY,
            account,
            region,
            resource: 'delivery-channel',
            summary: `delivery channel ${channelName}`,
            params: channelParams,
            dependsOn: channelDeps,
            changes,
          });
          steps.push(s);
          channelStep = s.id;
        }
      }

      // Recording.
      if (recorder?.recording !== true) {
        steps.push(
          makeStep({
            feature: CONFIG_FEATURE,
            op: 'config.start-recorder',
            action: 'update',
            capability: CAPABILITY,
            account,
            region,
            resource: 'recording',
            summary: `start recording with ${name}`,
            params: { name },
            dependsOn: [recorderStep, channelStep],
            changes: [{ field: 'recording', from: false, to: true }],
          }),
        );
      }
    }
  }

  if (cfg.aggregator.enabled) steps.push(...planAggregator(ctx));

  if (ctRecorders.length > 0) {
    notes.push(
      `config: Control Tower's recorder left untouched in ${ctRecorders.length} account-Region(s) (${ctRecorders.join(', ')})`,
    );
  }
  if (leftToControlTower.length > 0) {
    notes.push(
      `config: Control Tower manages Config in enrolled accounts; no recorder yet in ${leftToControlTower.join(', ')} — enroll those accounts in Control Tower`,
    );
  }
  const unreachable = unreachableNote(CONFIG_FEATURE, ctx.inventory, accounts, regions);
  if (unreachable) notes.push(unreachable);
  return { steps, notes };
}

function planAggregator(ctx: PlanContext): Step[] {
  const audit = ctx.roles.securityTooling;
  if (!accountReached(ctx.inventory, audit)) return [];
  const aggs = aggregatorsOf(ctx, audit);
  const existing = aggs.find((a) => a.organizationSource && !a.name.startsWith('aws-controltower-'));
  const admin = ctx.provided(delegatedAdmin(CONFIG_SERVICE));
  const base = {
    feature: CONFIG_FEATURE,
    op: 'config.put-aggregator',
    capability: CAPABILITY,
    account: audit,
    region: ctx.homeRegion,
    resource: 'aggregator',
    dependsOn: admin?.after ?? [],
  } as const;
  if (!existing) {
    return [
      makeStep({
        ...base,
        action: 'create',
        summary: `organization aggregator ${AGGREGATOR_NAME} over all Regions`,
        params: {
          name: AGGREGATOR_NAME,
          roleArn: aggregatorRoleArn(audit),
          roleName: AGGREGATOR_ROLE_NAME,
          create: true,
        },
      }),
    ];
  }
  const source = existing.organizationSource!;
  if (source.allAwsRegions) return [];
  const roleArn = source.roleArn ?? aggregatorRoleArn(audit);
  return [
    makeStep({
      ...base,
      action: 'update',
      summary: `organization aggregator ${existing.name}`,
      params: {
        name: existing.name,
        roleArn,
        ...(roleArn === aggregatorRoleArn(audit) ? { roleName: AGGREGATOR_ROLE_NAME } : {}),
      },
      changes: [{ field: 'allAwsRegions', from: false, to: true }],
    }),
  ];
}

function destroyConfig(ctx: PlanContext): FeaturePlan {
  const cfg = ctx.blueprint.assurance.config;
  const { accounts, regions } = ctx.targets(cfg.targets);
  const steps: Step[] = [];
  const notes: string[] = [];
  let kept = 0;
  for (const account of accounts) {
    if (!accountReached(ctx.inventory, account)) continue;
    for (const region of regions) {
      if (!regionReached(ctx.inventory, account, region)) continue;
      const slice = configSlice(ctx.inventory, account, region);
      const where = (operation: string) => ({ account, region, operation });
      const recorder = need(
        slice?.recorder,
        'the Config recorder',
        where('config:DescribeConfigurationRecorders'),
      );
      const channel = need(
        slice?.deliveryChannel,
        'the Config delivery channel',
        where('config:DescribeDeliveryChannels'),
      );
      const ours = recorder?.name === SRA_RECORDER_NAME;
      if (recorder && !ours) kept++;
      let recorderStep: string | undefined;
      if (ours) {
        const s = makeStep({
          feature: CONFIG_FEATURE,
          op: 'config.delete-recorder',
          action: 'delete',
          capability: CAPABILITY,
          account,
          region,
          resource: 'recorder',
          summary: `stop and delete configuration recorder ${SRA_RECORDER_NAME}`,
          params: { name: SRA_RECORDER_NAME },
        });
        steps.push(s);
        recorderStep = s.id;
      }
      // A channel is removed only when no recorder of someone else still delivers through it.
      if (channel?.name === SRA_RECORDER_NAME && (ours || !recorder)) {
        steps.push(
          makeStep({
            feature: CONFIG_FEATURE,
            op: 'config.delete-delivery-channel',
            action: 'delete',
            capability: CAPABILITY,
            account,
            region,
            resource: 'delivery-channel',
            summary: `delete delivery channel ${SRA_RECORDER_NAME}`,
            params: { name: SRA_RECORDER_NAME },
            dependsOn: [recorderStep],
          }),
        );
      }
    }
  }
  const audit = ctx.roles.securityTooling;
  if (accountReached(ctx.inventory, audit)) {
    const agg = aggregatorsOf(ctx, audit).find((a) => a.name === AGGREGATOR_NAME);
    if (agg) {
      const ownRole = agg.organizationSource?.roleArn === aggregatorRoleArn(audit);
      steps.push(
        makeStep({
          feature: CONFIG_FEATURE,
          op: 'config.delete-aggregator',
          action: 'delete',
          capability: CAPABILITY,
          account: audit,
          region: ctx.homeRegion,
          resource: 'aggregator',
          summary: `delete organization aggregator ${AGGREGATOR_NAME}${ownRole ? ` and role ${AGGREGATOR_ROLE_NAME}` : ''}`,
          params: { name: AGGREGATOR_NAME, ...(ownRole ? { roleName: AGGREGATOR_ROLE_NAME } : {}) },
        }),
      );
    }
  }
  notes.push(
    'config: configuration history and snapshots already delivered stay in the log archive bucket; ' +
      `the service-linked role ${CONFIG_SLR_NAME} is kept (AWS services share it)`,
  );
  if (kept > 0) {
    notes.push(
      `config: ${kept} recorder(s) not named ${SRA_RECORDER_NAME} (Control Tower's or created outside sra-kit) left in place`,
    );
  }
  const unreachable = unreachableNote(CONFIG_FEATURE, ctx.inventory, accounts, regions);
  if (unreachable) notes.push(unreachable);
  return { steps, notes };
}

/** The `config` feature: recording, delivery and the organization aggregator. */
export const configFeature = defineFeature({
  id: CONFIG_FEATURE,
  title: 'AWS Config recording in every account and Region, delivery to Log Archive, organization aggregator',
  needs: ['config', 'iam'],
  ops: CONFIG_OPS,
  plan: planConfig,
  destroy: destroyConfig,
});
