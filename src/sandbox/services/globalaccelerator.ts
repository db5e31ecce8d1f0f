/**
 * AWS Global Accelerator in the sandbox: `ListAccelerators` only. A new account has no accelerator; tests and
 * scenarios place them with {@link plantAccelerator}. Global Accelerator is a global service whose API is
 * served from us-west-2; the sandbox keeps accelerators per account whatever Region signs the call.
 *
 * https://docs.aws.amazon.com/global-accelerator/latest/api/API_ListAccelerators.html (`MaxResults` 1–100,
 * `NextToken`; a bad token is `InvalidNextTokenException`, a bad page size `InvalidArgumentException`)
 * Listeners, endpoint groups and the us-west-2-only endpoint are not modelled.
 */
import type {
  Accelerator,
  ListAcceleratorsCommandInput,
  ListAcceleratorsCommandOutput,
} from '@aws-sdk/client-global-accelerator';
import { createHash } from 'node:crypto';
import { defineService } from '../core/service.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of Global Accelerator in the sandbox (its IAM action prefix). */
export const GLOBAL_ACCELERATOR_SERVICE = 'globalaccelerator';

/** Accelerators of `account` (created empty on first use). */
export function accelerators(world: SandboxWorld, account: string): Accelerator[] {
  return world.global(GLOBAL_ACCELERATOR_SERVICE, account, () => [] as Accelerator[]);
}

/** Creates an accelerator in `account` directly in the world (tests and scenarios); returns its ARN. */
export function plantAccelerator(world: SandboxWorld, account: string, name: string): string {
  const all = accelerators(world, account);
  const hex = createHash('sha256').update(`${account}/${name}/${all.length}`).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const arn = `arn:aws:globalaccelerator::${account}:accelerator/${id}`;
  all.push({
    AcceleratorArn: arn,
    Name: name,
    IpAddressType: 'IPV4',
    Enabled: true,
    Status: 'DEPLOYED',
    DnsName: `a${hex.slice(0, 16)}.awsglobalaccelerator.com`,
    CreatedTime: new Date(0),
    LastModifiedTime: new Date(0),
  });
  return arn;
}

/** The simulated Global Accelerator listing. */
export const globalAcceleratorService = defineService({
  name: GLOBAL_ACCELERATOR_SERVICE,
  clientName: 'GlobalAcceleratorClient',
  scope: 'global',
  protocol: 'json',
  operations: {
    ListAccelerators: (ctx, input: ListAcceleratorsCommandInput): Out<ListAcceleratorsCommandOutput> => {
      if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 100)) {
        throw ctx.error('InvalidArgumentException', 'MaxResults must be between 1 and 100.', { status: 400 });
      }
      const { page, nextToken } = paginate(ctx, accelerators(ctx.world, ctx.account), {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 10,
        limit: 100,
        errorName: 'InvalidNextTokenException',
      });
      return { Accelerators: structuredClone(page), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  },
});
