/**
 * Amazon CloudFront in the sandbox: only `ListDistributions`, over distributions planted with
 * {@link plantDistribution}. CloudFront is global: one list per account, whatever Region signs the call.
 * A new account has no distribution.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ListDistributions.html (`Marker` is the ID
 *   of the last distribution of the previous page; `NextMarker` is present when `IsTruncated`; MaxItems
 *   defaults to 100)
 * - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionSummary.html (`WebACLId` is the
 *   web ACL ARN for AWS WAF, the web ACL ID for WAF Classic, and an empty string when there is none)
 * - https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html (CloudFront web ACLs are
 *   attached through the distribution, not through `wafv2:AssociateWebACL`)
 *
 * Only the summary fields sra-kit reads are filled (`Id`, `ARN`, `DomainName`, `Status`, `Enabled`,
 * `WebACLId`, `Comment`, `LastModifiedTime`); the cache and origin settings are left out.
 */
import { createHash } from 'node:crypto';
import type {
  DistributionSummary,
  ListDistributionsCommandInput,
  ListDistributionsCommandOutput,
} from '@aws-sdk/client-cloudfront';
import { defineService } from '../core/service.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of CloudFront in the sandbox (its IAM action prefix). */
export const CLOUDFRONT_SERVICE = 'cloudfront';

/** A planted distribution. */
export interface CloudFrontDistributionRecord {
  /** Distribution id, e.g. `E1ABCDEF234567`. */
  id: string;
  /** ARN `arn:aws:cloudfront::<account>:distribution/<id>`. */
  arn: string;
  /** Web ACL (WAFv2 ARN or WAF Classic id); empty when none. */
  webAclId: string;
  /** Comment. */
  comment: string;
}

/** CloudFront state of one account. */
export interface CloudFrontState {
  /** Distributions by id, in creation order. */
  distributions: Map<string, CloudFrontDistributionRecord>;
}

/** CloudFront state of `account` (created empty on first use). */
export function cloudFrontState(world: SandboxWorld, account: string): CloudFrontState {
  return world.global(CLOUDFRONT_SERVICE, account, () => ({ distributions: new Map() }));
}

/** Places a distribution in `account`; returns its ARN. `webAclId` attaches a web ACL. */
export function plantDistribution(
  world: SandboxWorld,
  account: string,
  spec: { comment: string; webAclId?: string },
): string {
  const state = cloudFrontState(world, account);
  const hash = createHash('sha256')
    .update(`${account}/${spec.comment}/${state.distributions.size}`)
    .digest('hex');
  const id = `E${hash.slice(0, 13).toUpperCase()}`;
  const arn = `arn:aws:cloudfront::${account}:distribution/${id}`;
  state.distributions.set(id, { id, arn, webAclId: spec.webAclId ?? '', comment: spec.comment });
  return arn;
}

/** The distribution with this ARN, or `undefined`. */
export function findDistribution(world: SandboxWorld, arn: string): CloudFrontDistributionRecord | undefined {
  const m = /^arn:aws:cloudfront::(\d{12}):distribution\/([A-Z0-9]+)$/.exec(arn);
  return m ? cloudFrontState(world, m[1]!).distributions.get(m[2]!) : undefined;
}

function summary(d: CloudFrontDistributionRecord): DistributionSummary {
  // Only the fields sra-kit reads; the SDK type also requires the full cache and origin configuration.
  return {
    Id: d.id,
    ARN: d.arn,
    DomainName: `${d.id.toLowerCase()}.cloudfront.net`,
    Status: 'Deployed',
    Enabled: true,
    WebACLId: d.webAclId,
    Comment: d.comment,
    LastModifiedTime: new Date(0),
  } as DistributionSummary;
}

/** The simulated CloudFront service. */
export const cloudFrontService = defineService({
  name: CLOUDFRONT_SERVICE,
  clientName: 'CloudFrontClient',
  scope: 'global',
  protocol: 'rest-xml',
  errors: { throttling: 'Throttling' },
  operations: {
    ListDistributions: (ctx, input: ListDistributionsCommandInput): Out<ListDistributionsCommandOutput> => {
      const max = input.MaxItems ?? 100;
      if (!Number.isInteger(max) || max < 1 || max > 1000) {
        throw ctx.error('InvalidArgument', 'MaxItems must be between 1 and 1000.', { status: 400 });
      }
      const all = [...cloudFrontState(ctx.world, ctx.account).distributions.values()];
      let start = 0;
      if (input.Marker) {
        const at = all.findIndex((d) => d.id === input.Marker);
        if (at < 0) throw ctx.error('InvalidArgument', 'The marker is not valid.', { status: 400 });
        start = at + 1;
      }
      const page = all.slice(start, start + max);
      const truncated = start + max < all.length;
      return {
        DistributionList: {
          Marker: input.Marker ?? '',
          MaxItems: max,
          IsTruncated: truncated,
          Quantity: page.length,
          Items: page.map(summary),
          ...(truncated ? { NextMarker: page[page.length - 1]!.id } : {}),
        },
      };
    },
  },
});
