/**
 * Amazon CloudWatch alarms in the sandbox: `DescribeAlarms` only, per account and Region. A new account has
 * no alarm; tests and scenarios place metric alarms with {@link plantMetricAlarm}. The SDK signs CloudWatch
 * calls as `monitoring`, but IAM authorizes them as `cloudwatch:` actions, which is the key used here.
 *
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html (`MaxRecords`
 * 1–100, default 50; `NextToken`; `AlarmNames`, `AlarmNamePrefix` and `AlarmTypes` filters, where only metric
 * alarms are returned when `AlarmTypes` is absent; a bad token is `InvalidNextToken`)
 */
import type {
  DescribeAlarmsCommandInput,
  DescribeAlarmsCommandOutput,
  Dimension,
  MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { defineService } from '../core/service.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of CloudWatch in the sandbox (its IAM action prefix). */
export const CLOUDWATCH_SERVICE = 'cloudwatch';

/** Metric alarms of `account` in `region` (created empty on first use). */
export function metricAlarms(world: SandboxWorld, account: string, region: string): MetricAlarm[] {
  return world.regional(CLOUDWATCH_SERVICE, account, region, () => [] as MetricAlarm[]);
}

/** What {@link plantMetricAlarm} creates. */
export interface PlantAlarmOptions {
  /** Alarm name (unique in the account and Region). */
  name: string;
  /** Metric namespace, e.g. `AWS/DDoSProtection`. */
  namespace: string;
  /** Metric name, e.g. `DDoSDetected`. */
  metricName: string;
  /** Metric dimensions by name. */
  dimensions?: Record<string, string>;
  /** Actions run when the alarm fires (e.g. SNS topic ARNs). */
  alarmActions?: string[];
}

/** Creates a metric alarm in `account`/`region` directly in the world (tests and scenarios); returns its ARN. */
export function plantMetricAlarm(
  world: SandboxWorld,
  account: string,
  region: string,
  options: PlantAlarmOptions,
): string {
  const arn = `arn:aws:cloudwatch:${region}:${account}:alarm:${options.name}`;
  const dimensions: Dimension[] = Object.entries(options.dimensions ?? {}).map(([Name, Value]) => ({
    Name,
    Value,
  }));
  metricAlarms(world, account, region).push({
    AlarmName: options.name,
    AlarmArn: arn,
    ActionsEnabled: true,
    AlarmActions: [...(options.alarmActions ?? [])],
    OKActions: [],
    InsufficientDataActions: [],
    StateValue: 'OK',
    MetricName: options.metricName,
    Namespace: options.namespace,
    Dimensions: dimensions,
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
  });
  return arn;
}

/** The simulated CloudWatch alarm listing. */
export const cloudwatchService = defineService({
  name: CLOUDWATCH_SERVICE,
  clientName: 'CloudWatchClient',
  scope: 'regional',
  protocol: 'query',
  operations: {
    DescribeAlarms: (ctx, input: DescribeAlarmsCommandInput): Out<DescribeAlarmsCommandOutput> => {
      const types = input.AlarmTypes?.length ? input.AlarmTypes : ['MetricAlarm'];
      const all = types.includes('MetricAlarm')
        ? metricAlarms(ctx.world, ctx.account, ctx.region).filter(
            (a) =>
              (!input.AlarmNames?.length || input.AlarmNames.includes(a.AlarmName!)) &&
              (!input.AlarmNamePrefix || a.AlarmName!.startsWith(input.AlarmNamePrefix)),
          )
        : [];
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.MaxRecords,
        nextToken: input.NextToken,
        defaultMax: 50,
        limit: 100,
        errorName: 'InvalidNextToken',
      });
      return {
        MetricAlarms: structuredClone(page),
        CompositeAlarms: [],
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
  },
});
