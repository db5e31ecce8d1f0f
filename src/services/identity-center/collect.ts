/**
 * The organization-scope collector of IAM Identity Center: the instances the management account can
 * see, in every governed Region. The organization instance lives in one Region (its primary Region), so
 * each governed Region is asked; an instance in a Region that is not governed is not seen.
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListInstances.html
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-instances.html
 */
import {
  ListInstancesCommand,
  SSOAdminClient,
  type InstanceMetadata,
  type ListInstancesCommandOutput,
} from '@aws-sdk/client-sso-admin';
import { defineCollector, type Datum } from '../../observe/types.js';

/** Id of the organization-scope Identity Center collector. */
export const IDENTITY_CENTER_COLLECTOR_ID = 'iam-identity-center';

/** One Identity Center instance. */
export interface IdentityCenterInstance {
  /** Instance ARN. */
  arn: string;
  /** Owner account (the management account for the organization instance). */
  owner: string;
  /** Status (`ACTIVE`, `CREATE_IN_PROGRESS`, …). */
  status: string;
  /** Instance name, when set. */
  name?: string;
  /** Identity store id. */
  identityStoreId?: string;
}

/** Organization-scope slice of IAM Identity Center. */
export interface IdentityCenterSlice {
  /** Governed Region → the instances the management account sees there. */
  byRegion: Record<string, Datum<IdentityCenterInstance[]>>;
}

/** Lists the Identity Center instances visible to the management account in each governed Region. */
export const identityCenterCollector = defineCollector<IdentityCenterSlice>({
  id: IDENTITY_CENTER_COLLECTOR_ID,
  scope: 'organization',
  reads: ['sso:ListInstances'],
  async collect(ctx) {
    const entries = await Promise.all(
      ctx.governedRegions.map(async (region) => {
        const d = await ctx.readAll<ListInstancesCommandOutput, InstanceMetadata>(
          SSOAdminClient,
          (cursor) => new ListInstancesCommand({ ...cursor }),
          (page) => page.Instances,
          { region },
        );
        const value: Datum<IdentityCenterInstance[]> = d.ok
          ? {
              ok: true,
              value: d.value.map((i) => ({
                arn: i.InstanceArn ?? '',
                owner: i.OwnerAccountId ?? '',
                status: i.Status ?? 'UNKNOWN',
                ...(i.Name ? { name: i.Name } : {}),
                ...(i.IdentityStoreId ? { identityStoreId: i.IdentityStoreId } : {}),
              })),
            }
          : d;
        return [region, value] as const;
      }),
    );
    return { byRegion: Object.fromEntries(entries) };
  },
});
