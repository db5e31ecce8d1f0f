/**
 * AWS Shield Advanced in the sandbox: the subscription of each account, protections, Shield Response Team
 * (SRT) access, emergency contacts, proactive engagement, health-based detection and application layer
 * automatic mitigation. Shield Advanced is a global service with one endpoint in us-east-1; state is kept per
 * account whatever Region signs the call.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_CreateSubscription.html (a new subscription
 *   has `AutoRenew` ENABLED; a second call fails with `ResourceAlreadyExistsException`)
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_GetSubscriptionState.html (ACTIVE | INACTIVE,
 *   answers without a subscription)
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_Subscription.html
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_ListProtections.html (`MaxResults` 0–10000,
 *   default 20; `InclusionFilters` with one criterion per filter type)
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_CreateProtection.html (resource types:
 *   CloudFront distribution, Route 53 hosted zone, Global Accelerator accelerator, Elastic IP allocation,
 *   Application and Classic Load Balancer; `InvalidResourceException` otherwise)
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_AssociateHealthCheck.html
 * - https://docs.aws.amazon.com/waf/latest/developerguide/ddos-advanced-health-checks.html (health-based
 *   detection for every resource type except Route 53 hosted zones)
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_EnableApplicationLayerAutomaticResponse.html
 *   (CloudFront distributions and Application Load Balancers that have a web ACL)
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_AssociateDRTRole.html,
 *   https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_DescribeDRTAccess.html
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_UpdateEmergencyContactSettings.html (at most
 *   10 contacts), https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_EnableProactiveEngagement.html
 *   (needs emergency contacts)
 * - Without a subscription the calls that read subscription data fail with `ResourceNotFoundException`
 *   ("The subscription does not exist."), as reported in https://github.com/aws/aws-sdk-go/issues/4000 and
 *   https://github.com/nccgroup/aws-inventory/issues/7; the API reference lists the error but not the case.
 *
 * Not modelled: the one-year commitment and cancellation, protection groups, attacks, whether a protected
 * resource exists (Route 53 and Global Accelerator are not simulated), the IAM checks of AssociateDRTRole.
 */
import {
  InvalidOperationException,
  InvalidParameterException,
  InvalidResourceException,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  type AssociateDRTRoleCommandInput,
  type AssociateHealthCheckCommandInput,
  type CreateProtectionCommandInput,
  type CreateProtectionCommandOutput,
  type DescribeDRTAccessCommandOutput,
  type DescribeEmergencyContactSettingsCommandOutput,
  type DescribeSubscriptionCommandOutput,
  type EmergencyContact,
  type EnableApplicationLayerAutomaticResponseCommandInput,
  type GetSubscriptionStateCommandOutput,
  type ListProtectionsCommandInput,
  type ListProtectionsCommandOutput,
  type Protection,
  type UpdateEmergencyContactSettingsCommandInput,
  type UpdateSubscriptionCommandInput,
} from '@aws-sdk/client-shield';
import { createHash } from 'node:crypto';
import { defineService, type CallContext } from '../core/service.js';
import { modeledError } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';
import { findDistribution } from './cloudfront.js';
import { wafv2State } from './wafv2.js';

type Out<T> = Omit<T, '$metadata'>;
type Empty = Record<string, never>;

/** Service key of Shield in the sandbox (its IAM action prefix). */
export const SHIELD_SERVICE = 'shield';
/** Length of a Shield Advanced commitment, in seconds (one year). */
export const SHIELD_COMMITMENT_SECONDS = 365 * 24 * 3600;

/** The Shield Advanced subscription of an account. */
export interface ShieldSubscriptionRecord {
  /** Start (epoch ms). */
  startedAt: number;
  /** ENABLED or DISABLED. */
  autoRenew: 'ENABLED' | 'DISABLED';
  /** ENABLED, DISABLED or PENDING. */
  proactiveEngagement: 'ENABLED' | 'DISABLED' | 'PENDING';
}

/** Shield Advanced state of one account. */
export interface ShieldState {
  /** The subscription, when the account subscribed. */
  subscription?: ShieldSubscriptionRecord;
  /** Protections by id. */
  protections: Map<string, Protection>;
  /** Role the SRT may assume. */
  drtRoleArn?: string;
  /** Log buckets the SRT may read. */
  drtLogBuckets: string[];
  /** Emergency contacts. */
  emergencyContacts: EmergencyContact[];
}

/** Shield state of `account` (created empty on first use). */
export function shieldState(world: SandboxWorld, account: string): ShieldState {
  return world.global(SHIELD_SERVICE, account, () => ({
    protections: new Map(),
    drtLogBuckets: [],
    emergencyContacts: [],
  }));
}

const NO_SUBSCRIPTION = 'The subscription does not exist.';

function requireSubscription(state: ShieldState): ShieldSubscriptionRecord {
  if (!state.subscription) throw modeledError(ResourceNotFoundException, NO_SUBSCRIPTION);
  return state.subscription;
}

function state(ctx: CallContext): ShieldState {
  return shieldState(ctx.world, ctx.account);
}

/** Resource type of a protectable ARN, as Shield names it, or `undefined`. */
export function shieldResourceType(arn: string): string | undefined {
  if (/^arn:aws:cloudfront::\d{12}:distribution\//.test(arn)) return 'CLOUDFRONT_DISTRIBUTION';
  if (/^arn:aws:route53:::hostedzone\//.test(arn)) return 'ROUTE_53_HOSTED_ZONE';
  if (/^arn:aws:globalaccelerator::\d{12}:accelerator\//.test(arn)) return 'GLOBAL_ACCELERATOR';
  if (/^arn:aws:ec2:[a-z0-9-]+:\d{12}:eip-allocation\//.test(arn)) return 'ELASTIC_IP_ALLOCATION';
  if (/^arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\//.test(arn)) {
    return 'APPLICATION_LOAD_BALANCER';
  }
  if (/^arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/[^/]+$/.test(arn)) {
    return 'CLASSIC_LOAD_BALANCER';
  }
  return undefined;
}

function addProtection(account: string, s: ShieldState, name: string, resourceArn: string): Protection {
  if ([...s.protections.values()].some((p) => p.ResourceArn === resourceArn)) {
    throw modeledError(ResourceAlreadyExistsException, `The resource ${resourceArn} is already protected.`);
  }
  const hex = createHash('sha256').update(`${account}/${resourceArn}`).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const protection: Protection = {
    Id: id,
    Name: name,
    ResourceArn: resourceArn,
    HealthCheckIds: [],
    ProtectionArn: `arn:aws:shield::${account}:protection/${id}`,
  };
  s.protections.set(id, protection);
  return protection;
}

/** Options of {@link plantShieldSubscription}. */
export interface PlantShieldOptions {
  /** @default 'ENABLED' */
  autoRenew?: 'ENABLED' | 'DISABLED';
  /** @default 'DISABLED' */
  proactiveEngagement?: 'ENABLED' | 'DISABLED' | 'PENDING';
  /** Role for the SRT. */
  drtRoleArn?: string;
  /** Emergency contact emails. */
  emergencyContacts?: string[];
}

/** Subscribes `account` to Shield Advanced directly in the world (tests and scenarios). */
export function plantShieldSubscription(
  world: SandboxWorld,
  account: string,
  options: PlantShieldOptions = {},
): void {
  const s = shieldState(world, account);
  s.subscription = {
    startedAt: 0,
    autoRenew: options.autoRenew ?? 'ENABLED',
    proactiveEngagement: options.proactiveEngagement ?? 'DISABLED',
  };
  if (options.drtRoleArn) s.drtRoleArn = options.drtRoleArn;
  s.emergencyContacts = (options.emergencyContacts ?? []).map((EmailAddress) => ({ EmailAddress }));
}

/** Protects a resource directly in the world (tests and scenarios); returns the protection. */
export function plantShieldProtection(
  world: SandboxWorld,
  account: string,
  resourceArn: string,
  options: { healthCheckIds?: string[]; automaticResponse?: 'BLOCK' | 'COUNT' } = {},
): Protection {
  const p = addProtection(
    account,
    shieldState(world, account),
    `protect-${resourceArn.slice(-12)}`,
    resourceArn,
  );
  p.HealthCheckIds = [...(options.healthCheckIds ?? [])];
  if (options.automaticResponse) {
    p.ApplicationLayerAutomaticResponseConfiguration = {
      Status: 'ENABLED',
      Action: options.automaticResponse === 'BLOCK' ? { Block: {} } : { Count: {} },
    };
  }
  return p;
}

/** True when the CloudFront distribution or ALB behind `arn` has a web ACL in the sandbox. */
function hasWebAcl(ctx: CallContext, arn: string): boolean {
  const distribution = findDistribution(ctx.world, arn);
  if (distribution) return distribution.webAclId !== '';
  const m = /^arn:aws:elasticloadbalancing:([a-z0-9-]+):(\d{12}):/.exec(arn);
  return Boolean(m && wafv2State(ctx.world, m[2]!, m[1]!).associations.has(arn));
}

/** The simulated Shield Advanced service. */
export const shieldService = defineService({
  name: SHIELD_SERVICE,
  clientName: 'ShieldClient',
  scope: 'global',
  protocol: 'json',
  operations: {
    CreateSubscription: (ctx): Empty => {
      const s = state(ctx);
      if (s.subscription) {
        throw modeledError(ResourceAlreadyExistsException, 'The subscription already exists.');
      }
      s.subscription = { startedAt: ctx.clock.now(), autoRenew: 'ENABLED', proactiveEngagement: 'DISABLED' };
      return {};
    },

    GetSubscriptionState: (ctx): Out<GetSubscriptionStateCommandOutput> => ({
      SubscriptionState: state(ctx).subscription ? 'ACTIVE' : 'INACTIVE',
    }),

    DescribeSubscription: (ctx): Out<DescribeSubscriptionCommandOutput> => {
      const sub = requireSubscription(state(ctx));
      return {
        Subscription: {
          StartTime: new Date(sub.startedAt),
          EndTime: new Date(sub.startedAt + SHIELD_COMMITMENT_SECONDS * 1000),
          TimeCommitmentInSeconds: SHIELD_COMMITMENT_SECONDS,
          AutoRenew: sub.autoRenew,
          ProactiveEngagementStatus: sub.proactiveEngagement,
          SubscriptionLimits: {
            ProtectionLimits: { ProtectedResourceTypeLimits: [] },
            ProtectionGroupLimits: {
              MaxProtectionGroups: 100,
              PatternTypeLimits: { ArbitraryPatternLimits: { MaxMembers: 10000 } },
            },
          },
          SubscriptionArn: `arn:aws:shield::${ctx.account}:subscription/sandbox`,
        },
      };
    },

    UpdateSubscription: (ctx, input: UpdateSubscriptionCommandInput): Empty => {
      const sub = requireSubscription(state(ctx));
      if (input.AutoRenew !== undefined) {
        if (input.AutoRenew !== 'ENABLED' && input.AutoRenew !== 'DISABLED') {
          throw modeledError(InvalidParameterException, 'AutoRenew must be ENABLED or DISABLED.');
        }
        sub.autoRenew = input.AutoRenew;
      }
      return {};
    },

    CreateProtection: (ctx, input: CreateProtectionCommandInput): Out<CreateProtectionCommandOutput> => {
      const s = state(ctx);
      requireSubscription(s);
      if (!/^[ a-zA-Z0-9_.-]{1,128}$/.test(input.Name ?? '')) {
        throw modeledError(
          InvalidParameterException,
          'Name must be 1–128 letters, digits, spaces, _ . or -.',
        );
      }
      const arn = input.ResourceArn ?? '';
      if (!shieldResourceType(arn)) {
        throw modeledError(InvalidResourceException, `Shield Advanced cannot protect the resource ${arn}.`);
      }
      return { ProtectionId: addProtection(ctx.account, s, input.Name!, arn).Id! };
    },

    ListProtections: (ctx, input: ListProtectionsCommandInput): Out<ListProtectionsCommandOutput> => {
      const s = state(ctx);
      requireSubscription(s);
      const f = input.InclusionFilters;
      const all = [...s.protections.values()].filter(
        (p) =>
          (!f?.ResourceArns?.length || f.ResourceArns.includes(p.ResourceArn!)) &&
          (!f?.ProtectionNames?.length || f.ProtectionNames.includes(p.Name!)) &&
          (!f?.ResourceTypes?.length ||
            f.ResourceTypes.includes(shieldResourceType(p.ResourceArn!) as never)),
      );
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.MaxResults === 0 ? undefined : input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 20,
        limit: 10000,
        errorName: 'InvalidPaginationTokenException',
      });
      return { Protections: structuredClone(page), ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    AssociateHealthCheck: (ctx, input: AssociateHealthCheckCommandInput): Empty => {
      const s = state(ctx);
      requireSubscription(s);
      const p = s.protections.get(input.ProtectionId ?? '');
      if (!p)
        throw modeledError(
          ResourceNotFoundException,
          `The protection ${input.ProtectionId ?? ''} does not exist.`,
        );
      const m = /^arn:aws:route53:::healthcheck\/(\S{36})$/.exec(input.HealthCheckArn ?? '');
      if (!m)
        throw modeledError(InvalidParameterException, 'HealthCheckArn is not a Route 53 health check ARN.');
      if (shieldResourceType(p.ResourceArn!) === 'ROUTE_53_HOSTED_ZONE') {
        throw modeledError(
          InvalidParameterException,
          'Health-based detection is not available for hosted zones.',
        );
      }
      if (!p.HealthCheckIds!.includes(m[1]!)) p.HealthCheckIds!.push(m[1]!);
      return {};
    },

    EnableApplicationLayerAutomaticResponse: (
      ctx,
      input: EnableApplicationLayerAutomaticResponseCommandInput,
    ): Empty => {
      const s = state(ctx);
      requireSubscription(s);
      const p = [...s.protections.values()].find((x) => x.ResourceArn === input.ResourceArn);
      if (!p)
        throw modeledError(
          ResourceNotFoundException,
          `The resource ${input.ResourceArn ?? ''} is not protected.`,
        );
      const type = shieldResourceType(p.ResourceArn!);
      if (type !== 'CLOUDFRONT_DISTRIBUTION' && type !== 'APPLICATION_LOAD_BALANCER') {
        throw modeledError(
          InvalidParameterException,
          'Automatic application layer mitigation is available for CloudFront distributions and Application Load Balancers.',
        );
      }
      if (!hasWebAcl(ctx, p.ResourceArn!)) {
        throw modeledError(InvalidOperationException, `The resource ${p.ResourceArn!} has no web ACL.`);
      }
      const block = input.Action?.Block !== undefined;
      p.ApplicationLayerAutomaticResponseConfiguration = {
        Status: 'ENABLED',
        Action: block ? { Block: {} } : { Count: {} },
      };
      return {};
    },

    AssociateDRTRole: (ctx, input: AssociateDRTRoleCommandInput): Empty => {
      const s = state(ctx);
      requireSubscription(s);
      if (!/^arn:aws:iam::\d{12}:role\/.+$/.test(input.RoleArn ?? '')) {
        throw modeledError(InvalidParameterException, 'RoleArn is not an IAM role ARN.');
      }
      s.drtRoleArn = input.RoleArn!;
      return {};
    },

    DescribeDRTAccess: (ctx): Out<DescribeDRTAccessCommandOutput> => {
      const s = state(ctx);
      requireSubscription(s);
      return {
        ...(s.drtRoleArn ? { RoleArn: s.drtRoleArn } : {}),
        ...(s.drtLogBuckets.length ? { LogBucketList: [...s.drtLogBuckets] } : {}),
      };
    },

    UpdateEmergencyContactSettings: (ctx, input: UpdateEmergencyContactSettingsCommandInput): Empty => {
      const s = state(ctx);
      requireSubscription(s);
      const list = input.EmergencyContactList ?? [];
      if (list.length > 10 || list.some((c) => !c.EmailAddress)) {
        throw modeledError(
          InvalidParameterException,
          'Give at most 10 contacts, each with an email address.',
        );
      }
      s.emergencyContacts = structuredClone(list);
      return {};
    },

    DescribeEmergencyContactSettings: (ctx): Out<DescribeEmergencyContactSettingsCommandOutput> => {
      const s = state(ctx);
      requireSubscription(s);
      return { EmergencyContactList: structuredClone(s.emergencyContacts) };
    },

    EnableProactiveEngagement: (ctx): Empty => {
      const s = state(ctx);
      const sub = requireSubscription(s);
      if (s.emergencyContacts.length === 0) {
        throw modeledError(
          InvalidOperationException,
          'Proactive engagement needs at least one emergency contact (UpdateEmergencyContactSettings).',
        );
      }
      sub.proactiveEngagement = 'ENABLED';
      return {};
    },
  },
});
