/**
 * Amazon Route 53 hosted zones in the sandbox: only what read-only verify needs, `ListHostedZones`. A new
 * account has no hosted zone; tests and scenarios place them with {@link plantHostedZone}. Route 53 is a
 * global service (its endpoint is in us-east-1), so zones are kept per account whatever Region signs the call.
 *
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZones.html (`MaxItems` up to 100,
 * default 100; `Marker`/`NextMarker` with `IsTruncated`; an invalid marker or page size is `InvalidInput`).
 * AWS's marker is the id of the next zone; the sandbox hands out an opaque marker instead, which clients must
 * treat as opaque anyway.
 */
import type {
  HostedZone,
  ListHostedZonesCommandInput,
  ListHostedZonesCommandOutput,
} from '@aws-sdk/client-route-53';
import { createHash } from 'node:crypto';
import { defineService } from '../core/service.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of Route 53 in the sandbox (its IAM action prefix). */
export const ROUTE53_SERVICE = 'route53';

/** Hosted zones of `account` (created empty on first use). */
export function hostedZones(world: SandboxWorld, account: string): HostedZone[] {
  return world.global(ROUTE53_SERVICE, account, () => [] as HostedZone[]);
}

/**
 * Creates a hosted zone for `name` in `account` directly in the world (tests and scenarios); returns its ARN
 * (`arn:aws:route53:::hostedzone/Z…`, the form Shield Advanced protects).
 */
export function plantHostedZone(
  world: SandboxWorld,
  account: string,
  name: string,
  options: { privateZone?: boolean } = {},
): string {
  const zones = hostedZones(world, account);
  const hex = createHash('sha256').update(`${account}/${name}/${zones.length}`).digest('hex');
  const id = `Z${hex.slice(0, 20).toUpperCase()}`;
  const fqdn = name.endsWith('.') ? name : `${name}.`;
  zones.push({
    Id: `/hostedzone/${id}`,
    Name: fqdn,
    CallerReference: `sandbox-${zones.length}`,
    Config: { PrivateZone: options.privateZone ?? false },
    ResourceRecordSetCount: 2,
  });
  return `arn:aws:route53:::hostedzone/${id}`;
}

/** The simulated Route 53 hosted-zone listing. */
export const route53Service = defineService({
  name: ROUTE53_SERVICE,
  clientName: 'Route53Client',
  scope: 'global',
  protocol: 'rest-xml',
  errors: { throttling: 'Throttling' },
  operations: {
    ListHostedZones: (ctx, input: ListHostedZonesCommandInput): Out<ListHostedZonesCommandOutput> => {
      const max = input.MaxItems;
      const { page, nextToken } = paginate(ctx, hostedZones(ctx.world, ctx.account), {
        maxResults: max,
        nextToken: input.Marker,
        defaultMax: 100,
        limit: 100,
        errorName: 'InvalidInput',
      });
      return {
        HostedZones: structuredClone(page),
        IsTruncated: nextToken !== undefined,
        MaxItems: max ?? 100,
        Marker: input.Marker ?? '',
        ...(nextToken ? { NextMarker: nextToken } : {}),
      };
    },
  },
});
