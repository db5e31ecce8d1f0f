/**
 * AWS Shield Advanced collector (`shield`, account scope). Shield Advanced is a global service answered in
 * us-east-1. Every account gets one cheap read, `GetSubscriptionState`, which answers with or without a
 * subscription; only subscribed accounts get the rest (subscription details, protections, SRT access,
 * emergency contacts), because those calls fail with `ResourceNotFoundException` ("The subscription does
 * not exist.") everywhere else.
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_GetSubscriptionState.html
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_DescribeSubscription.html (`AutoRenew`,
 *   `ProactiveEngagementStatus`)
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_ListProtections.html (MaxResults up to 10000;
 *   each protection carries `HealthCheckIds` and `ApplicationLayerAutomaticResponseConfiguration`)
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_DescribeDRTAccess.html
 * - https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_DescribeEmergencyContactSettings.html
 *
 * Contacts are kept as a count: the controls only need to know there is one, and the inventory should not
 * carry people's email addresses and phone numbers.
 */
import {
  DescribeDRTAccessCommand,
  DescribeEmergencyContactSettingsCommand,
  DescribeSubscriptionCommand,
  GetSubscriptionStateCommand,
  ListProtectionsCommand,
  ShieldClient,
  type DescribeDRTAccessCommandOutput,
  type DescribeEmergencyContactSettingsCommandOutput,
  type DescribeSubscriptionCommandOutput,
  type GetSubscriptionStateCommandOutput,
  type ListProtectionsCommandOutput,
} from '@aws-sdk/client-shield';
import { defineCollector, type Datum } from '../../observe/types.js';

/** Id of the account-scope slice. */
export const SHIELD = 'shield';
/** The Region that answers Shield Advanced calls. */
export const SHIELD_REGION = 'us-east-1';

/** One Shield Advanced protection. */
export interface ShieldProtection {
  /** Protection id. */
  id: string;
  /** Protection name (free text: escape before rendering). */
  name: string;
  /** ARN of the protected resource. */
  resourceArn: string;
  /** Route 53 health checks used for health-based detection. */
  healthCheckIds: string[];
  /** Status of automatic application layer DDoS mitigation (`ENABLED`/`DISABLED`), when reported. */
  automaticResponse?: string;
}

/** Details of an active subscription. */
export interface ShieldSubscription {
  /** `ENABLED` or `DISABLED`. */
  autoRenew?: string;
  /** `ENABLED`, `DISABLED` or `PENDING`. */
  proactiveEngagement?: string;
  /** End of the current commitment (ISO 8601). */
  endTime?: string;
}

/** Account-scope slice. */
export interface ShieldSlice {
  /** `ACTIVE` or `INACTIVE`. */
  state: Datum<string>;
  /** Present when the subscription is active. */
  subscription?: Datum<ShieldSubscription>;
  /** Present when the subscription is active. */
  protections?: Datum<ShieldProtection[]>;
  /** Present when the subscription is active: the role the SRT may assume, and its log buckets. */
  drtAccess?: Datum<{ roleArn?: string; logBucketCount: number }>;
  /** Present when the subscription is active: how many emergency contacts are set. */
  emergencyContactCount?: Datum<number>;
}

/** True when the slice says the account has an active Shield Advanced subscription. */
export function isSubscribed(slice: ShieldSlice | undefined): boolean {
  return slice?.state.ok === true && slice.state.value === 'ACTIVE';
}

/** Account-scope collector for Shield Advanced. */
export const shieldCollector = defineCollector<ShieldSlice>({
  id: SHIELD,
  scope: 'account',
  reads: [
    'shield:GetSubscriptionState',
    'shield:DescribeSubscription',
    'shield:ListProtections',
    'shield:DescribeDRTAccess',
    'shield:DescribeEmergencyContactSettings',
  ],
  async collect(ctx) {
    const opts = { region: SHIELD_REGION };
    const stateRead = await ctx.read<GetSubscriptionStateCommandOutput>(
      ShieldClient,
      new GetSubscriptionStateCommand({}),
      opts,
    );
    const state: Datum<string> = stateRead.ok
      ? { ok: true, value: stateRead.value.SubscriptionState ?? 'INACTIVE' }
      : stateRead;
    if (!state.ok || state.value !== 'ACTIVE') return { state };
    const [subscription, protections, drt, contacts] = await Promise.all([
      ctx.read<DescribeSubscriptionCommandOutput>(ShieldClient, new DescribeSubscriptionCommand({}), opts),
      ctx.readAll<ListProtectionsCommandOutput, ShieldProtection>(
        ShieldClient,
        (cursor) => new ListProtectionsCommand({ MaxResults: 1000, ...cursor }),
        (page) =>
          (page.Protections ?? []).map((p) => ({
            id: p.Id ?? '',
            name: p.Name ?? '',
            resourceArn: p.ResourceArn ?? '',
            healthCheckIds: p.HealthCheckIds ?? [],
            ...(p.ApplicationLayerAutomaticResponseConfiguration?.Status
              ? { automaticResponse: p.ApplicationLayerAutomaticResponseConfiguration.Status }
              : {}),
          })),
        opts,
      ),
      ctx.read<DescribeDRTAccessCommandOutput>(ShieldClient, new DescribeDRTAccessCommand({}), opts),
      ctx.read<DescribeEmergencyContactSettingsCommandOutput>(
        ShieldClient,
        new DescribeEmergencyContactSettingsCommand({}),
        opts,
      ),
    ]);
    const sub = subscription.ok ? subscription.value.Subscription : undefined;
    return {
      state,
      subscription: subscription.ok
        ? {
            ok: true,
            value: {
              ...(sub?.AutoRenew ? { autoRenew: sub.AutoRenew } : {}),
              ...(sub?.ProactiveEngagementStatus
                ? { proactiveEngagement: sub.ProactiveEngagementStatus }
                : {}),
              ...(sub?.EndTime ? { endTime: String(sub.EndTime) } : {}),
            },
          }
        : subscription,
      protections,
      drtAccess: drt.ok
        ? {
            ok: true,
            value: {
              ...(drt.value.RoleArn ? { roleArn: drt.value.RoleArn } : {}),
              logBucketCount: drt.value.LogBucketList?.length ?? 0,
            },
          }
        : drt,
      emergencyContactCount: contacts.ok
        ? { ok: true, value: contacts.value.EmergencyContactList?.length ?? 0 }
        : contacts,
    };
  },
});
