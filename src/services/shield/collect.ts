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
 *
 * Subscribed accounts also get the resources Shield Advanced can protect and the response tooling around it:
 * - Elastic IPs, per governed Region (EC2 `DescribeAddresses`, not paginated):
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAddresses.html
 * - public Route 53 hosted zones (global, us-east-1). Private zones are left out: they answer only queries
 *   from their associated VPCs, so an internet DNS flood cannot reach them.
 *   https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZones.html
 * - Global Accelerator accelerators; the API is served only from us-west-2:
 *   https://docs.aws.amazon.com/global-accelerator/latest/api/Welcome.html
 * - the engagement Lambda function. sra-verify's SRA-SHIELD-11 looks for a function named exactly
 *   `AWS_Shield_Engagement_Lambda` in us-east-1 (the name used by AWS's Shield Advanced engagement sample,
 *   which opens an urgent support case during an attack). `ListFunctions` is used rather than `GetFunction`
 *   so an absent function is an ordinary answer, not a `ResourceNotFoundException` that would read as a
 *   failed datum; only the matching entry is kept.
 *   https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
 * - CloudWatch metric alarms on `AWS/DDoSProtection` `DDoSDetected` in us-east-1, where Shield reports the
 *   metrics of global resources (CloudFront, Route 53). `DescribeAlarms` is one paginated read whatever the
 *   number of protected resources (`DescribeAlarmsForMetric` would need one call per resource, because the
 *   metric's `ResourceArn` dimension must be given); only DDoSDetected alarms are kept.
 *   https://docs.aws.amazon.com/waf/latest/developerguide/monitoring-cloudwatch.html
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
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
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandOutput,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeAddressesCommand,
  EC2Client,
  type DescribeAddressesCommandOutput,
} from '@aws-sdk/client-ec2';
import {
  GlobalAcceleratorClient,
  ListAcceleratorsCommand,
  type ListAcceleratorsCommandOutput,
} from '@aws-sdk/client-global-accelerator';
import { LambdaClient, ListFunctionsCommand, type ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import {
  ListHostedZonesCommand,
  Route53Client,
  type ListHostedZonesCommandOutput,
} from '@aws-sdk/client-route-53';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';

/** Id of the account-scope slice. */
export const SHIELD = 'shield';
/** The Region that answers Shield Advanced calls. */
export const SHIELD_REGION = 'us-east-1';
/** The only Region that serves the Global Accelerator API. */
export const GLOBAL_ACCELERATOR_REGION = 'us-west-2';
/** Name of the Shield engagement function sra-verify looks for (in {@link SHIELD_REGION}). */
export const ENGAGEMENT_LAMBDA_NAME = 'AWS_Shield_Engagement_Lambda';
/** CloudWatch namespace of the Shield Advanced metrics. */
export const DDOS_NAMESPACE = 'AWS/DDoSProtection';
/** Metric that is 1 while Shield Advanced detects a DDoS event on a resource. */
export const DDOS_DETECTED = 'DDoSDetected';

/** A CloudWatch alarm on DDoSDetected for one resource. */
export interface ShieldDdosAlarm {
  /** Alarm name. */
  name: string;
  /** The `ResourceArn` dimension of the watched metric. */
  resourceArn: string;
}

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
  /** Present when the subscription is active: Elastic IP allocation ARNs, per governed Region. */
  elasticIps?: Record<string, Datum<string[]>>;
  /** Present when the subscription is active: ARNs of the public Route 53 hosted zones. */
  hostedZones?: Datum<string[]>;
  /** Present when the subscription is active: ARNs of the Global Accelerator accelerators. */
  accelerators?: Datum<string[]>;
  /** Present when the subscription is active: ARN of {@link ENGAGEMENT_LAMBDA_NAME} in us-east-1, or null. */
  engagementLambda?: Datum<string | null>;
  /** Present when the subscription is active: DDoSDetected alarms in us-east-1. */
  ddosAlarms?: Datum<ShieldDdosAlarm[]>;
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
    'ec2:DescribeAddresses',
    'route53:ListHostedZones',
    'globalaccelerator:ListAccelerators',
    'lambda:ListFunctions',
    'cloudwatch:DescribeAlarms',
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
    const [subscription, protections, drt, contacts, resources] = await Promise.all([
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
      collectResources(ctx),
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
      ...resources,
    };
  },
});

/** The DDoSDetected alarms among `alarm`'s metrics (plain or inside a metric math expression). */
function ddosAlarmsOf(alarm: MetricAlarm): ShieldDdosAlarm[] {
  const metrics = [
    { Namespace: alarm.Namespace, MetricName: alarm.MetricName, Dimensions: alarm.Dimensions },
    ...(alarm.Metrics ?? []).flatMap((q) => (q.MetricStat?.Metric ? [q.MetricStat.Metric] : [])),
  ];
  return metrics
    .filter((m) => m.Namespace === DDOS_NAMESPACE && m.MetricName === DDOS_DETECTED)
    .flatMap((m) => (m.Dimensions ?? []).filter((d) => d.Name === 'ResourceArn' && d.Value))
    .map((d) => ({ name: alarm.AlarmName ?? '', resourceArn: d.Value! }));
}

/** The protectable resources and the response tooling of a subscribed account. */
async function collectResources(
  ctx: CollectContext,
): Promise<
  Required<
    Pick<ShieldSlice, 'elasticIps' | 'hostedZones' | 'accelerators' | 'engagementLambda' | 'ddosAlarms'>
  >
> {
  const global = { region: SHIELD_REGION };
  const [eips, hostedZones, accelerators, lambda, ddosAlarms] = await Promise.all([
    Promise.all(
      ctx.governedRegions.map(async (region): Promise<[string, Datum<string[]>]> => {
        const read = await ctx.read<DescribeAddressesCommandOutput>(
          EC2Client,
          new DescribeAddressesCommand({}),
          { region },
        );
        return [
          region,
          read.ok
            ? {
                ok: true,
                value: (read.value.Addresses ?? [])
                  .filter((a) => a.AllocationId)
                  .map((a) => `arn:aws:ec2:${region}:${ctx.account}:eip-allocation/${a.AllocationId!}`),
              }
            : read,
        ];
      }),
    ),
    ctx.readAll<ListHostedZonesCommandOutput, string>(
      Route53Client,
      (cursor) => new ListHostedZonesCommand({ MaxItems: 100, ...cursor }),
      (page) =>
        (page.HostedZones ?? [])
          .filter((z) => z.Config?.PrivateZone !== true && z.Id)
          .map((z) => `arn:aws:route53:::hostedzone/${z.Id!.replace(/^\/hostedzone\//, '')}`),
      global,
    ),
    ctx.readAll<ListAcceleratorsCommandOutput, string>(
      GlobalAcceleratorClient,
      (cursor) => new ListAcceleratorsCommand({ MaxResults: 100, ...cursor }),
      (page) => (page.Accelerators ?? []).flatMap((a) => (a.AcceleratorArn ? [a.AcceleratorArn] : [])),
      { region: GLOBAL_ACCELERATOR_REGION },
    ),
    ctx.readAll<ListFunctionsCommandOutput, string>(
      LambdaClient,
      (cursor) => new ListFunctionsCommand({ MaxItems: 50, ...cursor }),
      (page) =>
        (page.Functions ?? []).flatMap((f) =>
          f.FunctionName === ENGAGEMENT_LAMBDA_NAME && f.FunctionArn ? [f.FunctionArn] : [],
        ),
      global,
    ),
    ctx.readAll<DescribeAlarmsCommandOutput, ShieldDdosAlarm>(
      CloudWatchClient,
      (cursor) => new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], MaxRecords: 100, ...cursor }),
      (page) => (page.MetricAlarms ?? []).flatMap(ddosAlarmsOf),
      global,
    ),
  ]);
  return {
    elasticIps: Object.fromEntries(eips),
    hostedZones,
    accelerators,
    engagementLambda: lambda.ok ? { ok: true, value: lambda.value[0] ?? null } : lambda,
    ddosAlarms,
  };
}
