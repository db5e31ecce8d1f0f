/**
 * AWS Config controls, family "recording": in every account and governed Region a customer managed
 * recorder exists, records, last succeeded, records every supported resource type, records global
 * resource types in exactly one Region, and delivers to the log archive account. A Control Tower
 * recorder counts like any other.
 *
 * When there is no recorder, only `config.recorder-exists` fails; the other recorder controls are
 * NOT_APPLICABLE and point to it. The last-status control is NOT_APPLICABLE while the recorder is
 * stopped (that gap is `config.recorder-recording`'s).
 */
import type { EvalContext, Outcome } from '../../verify/types.js';
import { defineControl, fail, notApplicable, pass, type Control } from '../../verify/types.js';
import { logArchiveHoldsBucket } from '../s3/ownership.js';
import { S3 } from '../s3/collect.js';
import { CONFIG, type ConfigSlice, type RecorderInfo } from './collect.js';

const BLUEPRINT_CONFIG = 'assurance.config';

const base = {
  capabilities: ['security-assurance'],
  principles: ['enable-traceability', 'automate-security-best-practices'],
  appliesTo: 'all',
  scope: 'region',
  service: 'config',
  uses: [CONFIG],
} as const satisfies Partial<Control>;

/**
 * NOT_APPLICABLE when the blueprint turns Config off or leaves this account or Region out of its
 * targets; undefined when Config is expected here.
 */
export function configOutOfScope(ctx: EvalContext): Outcome | undefined {
  const cfg = ctx.blueprint?.assurance.config;
  if (!cfg) return undefined;
  if (!cfg.enabled)
    return notApplicable(`the blueprint turns AWS Config off (${BLUEPRINT_CONFIG}.enabled: false)`);
  const t = cfg.targets;
  if (t.excludeRegions.includes(ctx.region)) {
    return notApplicable(
      `the blueprint excludes ${ctx.region} from AWS Config (${BLUEPRINT_CONFIG}.targets.excludeRegions)`,
    );
  }
  if (t.excludeAccounts.includes(ctx.account.id)) {
    return notApplicable(
      `the blueprint excludes this account from AWS Config (${BLUEPRINT_CONFIG}.targets.excludeAccounts)`,
    );
  }
  const whole = t.ous.length === 0 && t.accounts.length === 0;
  if (whole || t.accounts.includes(ctx.account.id) || ctx.account.ouPath.some((ou) => t.ous.includes(ou))) {
    return undefined;
  }
  return notApplicable(
    `the blueprint's Config targets do not include this account (${BLUEPRINT_CONFIG}.targets)`,
  );
}

function sliceOf(ctx: EvalContext): ConfigSlice | undefined {
  return ctx.regionSlice<ConfigSlice>(CONFIG);
}

/** The recorder of the account-Region, or an outcome that ends the evaluation. */
function withRecorder(ctx: EvalContext, check: (r: RecorderInfo) => Outcome): Outcome {
  const skip = configOutOfScope(ctx);
  if (skip) return skip;
  const r = ctx.need(sliceOf(ctx)?.recorder, 'Config recorder');
  if (!r) return notApplicable('there is no configuration recorder (see config.recorder-exists)');
  return { resource: recorderResource(ctx, r), ...check(r) };
}

function recorderResource(ctx: EvalContext, r: RecorderInfo): string {
  return `arn:aws:config:${ctx.region}:${ctx.account.id}:configuration-recorder/${r.name}`;
}

/** The Region that records global resource types: the blueprint's, else the home Region. */
export function globalResourcesRegion(ctx: EvalContext): string {
  return ctx.blueprint?.assurance.config.globalResourcesRegion ?? ctx.inventory.homeRegion;
}

/** A customer managed recorder exists. */
export const recorderExists = defineControl({
  ...base,
  id: 'config.recorder-exists',
  title: 'AWS Config has a configuration recorder in every account and governed Region',
  severity: 'high',
  refs: { sraVerify: ['SRA-CONFIG-01'], fsbp: ['Config.1'], cis: ['3.3'] },
  risk:
    'Without a recorder there is no configuration history, and Security Hub controls that rely on ' +
    'Config evaluate nothing in this Region.',
  remediation: {
    blueprint: `${BLUEPRINT_CONFIG}.enabled`,
    manual:
      'Config console → Settings → Create recorder (record all resource types), or ' +
      '`aws configservice put-configuration-recorder` plus a delivery channel.',
  },
  evaluate(ctx) {
    const skip = configOutOfScope(ctx);
    if (skip) return skip;
    const r = ctx.need(sliceOf(ctx)?.recorder, 'Config recorder');
    return r
      ? pass(`recorder ${r.name} exists`, { resource: recorderResource(ctx, r) })
      : fail('no configuration recorder in this Region', {
          expected: 'a configuration recorder',
          actual: 'none',
        });
  },
});

/** The recorder is recording. */
export const recorderRecording = defineControl({
  ...base,
  id: 'config.recorder-recording',
  title: 'The Config recorder is recording',
  severity: 'high',
  refs: { sraVerify: ['SRA-CONFIG-02'], fsbp: ['Config.1'], cis: ['3.3'] },
  risk: 'A stopped recorder silently freezes the configuration history and the controls built on it.',
  remediation: {
    blueprint: `${BLUEPRINT_CONFIG}.enabled`,
    manual: '`aws configservice start-configuration-recorder --configuration-recorder-name <name>`.',
  },
  evaluate: (ctx) =>
    withRecorder(ctx, (r) => {
      ctx.need(sliceOf(ctx)?.status, 'Config recorder status');
      return r.recording
        ? pass(`recorder ${r.name} is recording`)
        : fail(`recorder ${r.name} is stopped`, {
            expected: { recording: true },
            actual: { recording: false },
          });
    }),
});

/** The last recording attempt succeeded. */
export const recorderLastStatus = defineControl({
  ...base,
  id: 'config.recorder-last-status',
  title: 'The Config recorder’s latest recording was delivered successfully',
  severity: 'medium',
  refs: { sraVerify: ['SRA-CONFIG-03'] },
  risk:
    'A recorder that records but fails to deliver (bucket policy, missing bucket, KMS key) loses ' +
    'configuration changes while looking enabled.',
  remediation: {
    blueprint: `${BLUEPRINT_CONFIG}.enabled`,
    manual:
      'Fix the error in `aws configservice describe-configuration-recorder-status`: the delivery bucket ' +
      'must exist and admit config.amazonaws.com, and the recorder role must be valid.',
  },
  evaluate: (ctx) =>
    withRecorder(ctx, (r) => {
      ctx.need(sliceOf(ctx)?.status, 'Config recorder status');
      if (!r.recording) return notApplicable(`recorder ${r.name} is stopped (see config.recorder-recording)`);
      if (r.lastStatus === 'Failure') {
        return fail(`recorder ${r.name} last failed: ${r.lastErrorCode ?? 'unknown error'}`, {
          expected: { lastStatus: 'Success' },
          actual: { lastStatus: r.lastStatus, errorCode: r.lastErrorCode, message: r.lastErrorMessage },
        });
      }
      if (r.lastStatus === 'Success')
        return pass(`recorder ${r.name} last succeeded`, { actual: { lastStatus: 'Success' } });
      // `Pending` right after a start: nothing has been recorded yet, so there is nothing to judge.
      return notApplicable(
        `recorder ${r.name} has not completed a recording yet (status ${r.lastStatus ?? 'unknown'})`,
      );
    }),
});

/** Every supported resource type is recorded. */
export const recordsAllResources = defineControl({
  ...base,
  id: 'config.records-all-resources',
  title: 'The Config recorder records every supported resource type',
  severity: 'medium',
  refs: { fsbp: ['Config.1'] },
  risk:
    'Resource types left out of recording have no history and are invisible to Config rules and ' +
    'Security Hub controls.',
  remediation: {
    blueprint: `${BLUEPRINT_CONFIG}.recordAllResources`,
    manual:
      'Config console → Settings → Recording strategy: "All resource types with customizable overrides", no exclusions.',
  },
  evaluate: (ctx) =>
    withRecorder(ctx, (r) => {
      if (ctx.blueprint && !ctx.blueprint.assurance.config.recordAllResources) {
        return notApplicable(
          `the blueprint records selected types only (${BLUEPRINT_CONFIG}.recordAllResources: false)`,
        );
      }
      const all =
        r.allSupported &&
        (r.recordingStrategy === undefined || r.recordingStrategy === 'ALL_SUPPORTED_RESOURCE_TYPES') &&
        !r.excludedResourceTypes?.length;
      return all
        ? pass(`recorder ${r.name} records every supported resource type`)
        : fail(`recorder ${r.name} records only some resource types`, {
            expected: { allSupported: true, recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES' },
            actual: {
              allSupported: r.allSupported,
              recordingStrategy: r.recordingStrategy ?? null,
              ...(r.excludedResourceTypes ? { excluded: r.excludedResourceTypes } : {}),
              ...(r.resourceTypes ? { included: r.resourceTypes } : {}),
            },
          });
    }),
});

/** Global resource types are recorded in one Region only. */
export const globalResourcesOneRegion = defineControl({
  ...base,
  id: 'config.global-resources-one-region',
  title: 'Global resource types (IAM) are recorded in the home Region and nowhere else',
  severity: 'medium',
  refs: {},
  risk:
    'Without global types in the home Region, IAM changes have no configuration history; recording ' +
    'them in several Regions duplicates every IAM item and its cost.',
  remediation: {
    blueprint: `${BLUEPRINT_CONFIG}.globalResourcesRegion`,
    manual:
      'Set includeGlobalResourceTypes to true on the recorder of the home Region and to false elsewhere ' +
      '(`aws configservice put-configuration-recorder --recording-group …`).',
  },
  evaluate: (ctx) =>
    withRecorder(ctx, (r) => {
      const home = globalResourcesRegion(ctx);
      const wantGlobal = ctx.region === home;
      const records = r.includeGlobalResourceTypes && r.allSupported;
      if (records === wantGlobal) {
        return pass(
          wantGlobal
            ? `global resource types are recorded here, in ${home}`
            : `global resource types are left to ${home}`,
          { actual: { includeGlobalResourceTypes: r.includeGlobalResourceTypes } },
        );
      }
      return fail(
        wantGlobal
          ? `global resource types are not recorded in ${home}, the Region meant to record them`
          : `global resource types are recorded here as well as in ${home}`,
        {
          expected: { includeGlobalResourceTypes: wantGlobal, globalResourcesRegion: home },
          actual: { includeGlobalResourceTypes: r.includeGlobalResourceTypes, allSupported: r.allSupported },
        },
      );
    }),
});

/** The delivery channel writes to the log archive account. */
export const deliveryToLogArchive = defineControl({
  ...base,
  id: 'config.delivery-to-log-archive',
  title: 'AWS Config delivers to a bucket in the log archive account',
  severity: 'medium',
  uses: [CONFIG, S3],
  capabilities: ['security-assurance', 'security-governance'],
  principles: ['enable-traceability', 'keep-people-away-from-data'],
  refs: { sraVerify: ['SRA-CONFIG-06'] },
  risk:
    'Configuration history delivered inside the account it describes can be changed or deleted by ' +
    'whoever controls that account.',
  remediation: {
    blueprint: 'accounts.logArchive',
    manual:
      '`aws configservice put-delivery-channel` with s3BucketName set to the central bucket in the log ' +
      'archive account (its policy must admit config.amazonaws.com for the organization).',
  },
  evaluate(ctx) {
    const skip = configOutOfScope(ctx);
    if (skip) return skip;
    const slice = sliceOf(ctx);
    const recorder = ctx.need(slice?.recorder, 'Config recorder');
    const channel = ctx.need(slice?.deliveryChannel, 'Config delivery channel');
    if (!channel) {
      if (!recorder) return notApplicable('there is no configuration recorder (see config.recorder-exists)');
      return fail('the recorder has no delivery channel', {
        expected: 'a delivery channel to the log archive bucket',
        actual: 'none',
      });
    }
    const resource = `arn:aws:config:${ctx.region}:${ctx.account.id}:delivery-channel/${channel.name}`;
    return logArchiveHoldsBucket(ctx, channel.s3BucketName, 'the delivery bucket', resource);
  },
});

/** Every control of the recording family. */
export const CONFIG_RECORDING_CONTROLS: readonly Control[] = [
  recorderExists,
  recorderRecording,
  recorderLastStatus,
  recordsAllResources,
  globalResourcesOneRegion,
  deliveryToLogArchive,
];
