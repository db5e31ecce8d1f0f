/**
 * Elastic Load Balancing (v2) in the sandbox: only what sra-kit reads — `DescribeLoadBalancers` — over load
 * balancers planted with {@link plantLoadBalancer}. A new account has none in any Region.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html
 *   (PageSize 1–400, `Marker` in, `NextMarker` out; unknown names or ARNs fail with
 *   `LoadBalancerNotFound`)
 * - https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/CommonErrors.html (`ValidationError`)
 * - https://docs.aws.amazon.com/service-authorization/latest/reference/list_elasticloadbalancingv2.html
 *   (ARN format `arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>`)
 *
 * Listeners, target groups and attribute calls are not simulated.
 */
import { createHash } from 'node:crypto';
import {
  LoadBalancerNotFoundException,
  type DescribeLoadBalancersCommandInput,
  type DescribeLoadBalancersCommandOutput,
  type LoadBalancer,
  type LoadBalancerSchemeEnum,
  type LoadBalancerTypeEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { defineService } from '../core/service.js';
import { modeledError } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of ELBv2 in the sandbox (its IAM action prefix). */
export const ELBV2_SERVICE = 'elasticloadbalancing';

const ARN =
  /^arn:aws:elasticloadbalancing:([a-z0-9-]+):(\d{12}):loadbalancer\/(app|net|gwy)\/([^/]+)\/[a-f0-9]+$/;
const TYPE_PREFIX: Record<LoadBalancerTypeEnum, string> = {
  application: 'app',
  network: 'net',
  gateway: 'gwy',
};

/** Load balancers of one account in one Region. */
export interface Elbv2State {
  /** By ARN. */
  loadBalancers: Map<string, LoadBalancer>;
}

/** ELBv2 state of `account` in `region` (created empty on first use). */
export function elbv2State(world: SandboxWorld, account: string, region: string): Elbv2State {
  return world.regional(ELBV2_SERVICE, account, region, () => ({ loadBalancers: new Map() }));
}

/** What {@link plantLoadBalancer} creates. */
export interface PlantLoadBalancer {
  /** Name (1–32 characters). */
  name: string;
  /** @default 'application' */
  type?: LoadBalancerTypeEnum;
  /** @default 'internet-facing' */
  scheme?: LoadBalancerSchemeEnum;
}

/** Places a load balancer in `account`/`region`, as if it had been created there; returns its ARN. */
export function plantLoadBalancer(
  world: SandboxWorld,
  account: string,
  region: string,
  spec: PlantLoadBalancer,
): string {
  const type = spec.type ?? 'application';
  const id = createHash('sha256').update(`${account}/${region}/${spec.name}`).digest('hex').slice(0, 16);
  const arn = `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${TYPE_PREFIX[type]}/${spec.name}/${id}`;
  elbv2State(world, account, region).loadBalancers.set(arn, {
    LoadBalancerArn: arn,
    LoadBalancerName: spec.name,
    DNSName: `${spec.name}-${id.slice(0, 8)}.${region}.elb.amazonaws.com`,
    Scheme: spec.scheme ?? 'internet-facing',
    Type: type,
    State: { Code: 'active' },
    VpcId: `vpc-${id.slice(0, 17)}`,
    IpAddressType: 'ipv4',
    CreatedTime: new Date(0),
  });
  return arn;
}

/** The load balancer with this ARN, wherever it lives, or `undefined`. */
export function findLoadBalancer(world: SandboxWorld, arn: string): LoadBalancer | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  return elbv2State(world, m[2]!, m[1]!).loadBalancers.get(arn);
}

/** The simulated Elastic Load Balancing v2 service. */
export const elbv2Service = defineService({
  name: ELBV2_SERVICE,
  clientName: 'ElasticLoadBalancingV2Client',
  scope: 'regional',
  protocol: 'query',
  operations: {
    DescribeLoadBalancers: (
      ctx,
      input: DescribeLoadBalancersCommandInput,
    ): Out<DescribeLoadBalancersCommandOutput> => {
      const all = [...elbv2State(ctx.world, ctx.account, ctx.region).loadBalancers.values()];
      let selected = all;
      if (input.LoadBalancerArns?.length) {
        selected = input.LoadBalancerArns.map((arn) => {
          const lb = all.find((l) => l.LoadBalancerArn === arn);
          if (!lb) {
            throw modeledError(LoadBalancerNotFoundException, `One or more load balancers not found: ${arn}`);
          }
          return lb;
        });
      } else if (input.Names?.length) {
        selected = input.Names.map((name) => {
          const lb = all.find((l) => l.LoadBalancerName === name);
          if (!lb) {
            throw modeledError(LoadBalancerNotFoundException, `Load balancers '[${name}]' not found`);
          }
          return lb;
        });
      }
      const { page, nextToken } = paginate(ctx, selected, {
        maxResults: input.PageSize,
        nextToken: input.Marker,
        defaultMax: 400,
        limit: 400,
        errorName: 'ValidationError',
      });
      return { LoadBalancers: structuredClone(page), ...(nextToken ? { NextMarker: nextToken } : {}) };
    },
  },
});
