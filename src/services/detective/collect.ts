/**
 * Amazon Detective collectors. Detective is optional in the SRA, so the reads stay few:
 * - `detective-admins` (organization scope): the Detective administrator of every governed Region, from
 *   the management account (`ListOrganizationAdminAccounts` answers only there, per Region).
 * - `detective` (region scope): nothing in ordinary accounts; in the Region's Detective administrator, its
 *   behavior graph, the organization configuration (auto-enable) and the member list.
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_ListOrganizationAdminAccounts.html
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_ListGraphs.html (one graph per
 *   administrator account and Region)
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_DescribeOrganizationConfiguration.html
 *   (administrator of the organization graph only)
 * - https://docs.aws.amazon.com/detective/latest/APIReference/API_ListMembers.html (at most 200 a page)
 */
import {
  DescribeOrganizationConfigurationCommand,
  DetectiveClient,
  ListGraphsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  type DescribeOrganizationConfigurationCommandOutput,
  type ListGraphsCommandOutput,
  type ListMembersCommandOutput,
  type ListOrganizationAdminAccountsCommandOutput,
} from '@aws-sdk/client-detective';
import { defineCollector, type Datum } from '../../observe/types.js';

/** Id of the organization-scope slice (Detective administrator per Region). */
export const DETECTIVE_ADMINS = 'detective-admins';
/** Id of the region-scope slice (administrator data). */
export const DETECTIVE = 'detective';

/** A Detective administrator as the management account lists it. */
export interface DetectiveAdminAccount {
  /** Administrator account id. */
  accountId: string;
  /** ARN of its organization behavior graph, when reported. */
  graphArn?: string;
}

/** Organization-scope slice: the Detective administrators of each governed Region. */
export interface DetectiveAdminsSlice {
  /** Region → administrators listed there (at most one in practice). */
  byRegion: Record<string, Datum<DetectiveAdminAccount[]>>;
}

/** A member of a behavior graph. */
export interface DetectiveMemberInfo {
  /** Member account id. */
  accountId: string;
  /** `ENABLED`, `INVITED`, `ACCEPTED_BUT_DISABLED`, `VERIFICATION_IN_PROGRESS`, `VERIFICATION_FAILED`. */
  status: string;
  /** `ORGANIZATION` or `INVITATION`. */
  invitationType?: string;
}

/** What only the Detective administrator can read. */
export interface DetectiveAdminData {
  /** ARN of the organization behavior graph; `null` when the administrator has none. */
  graph: Datum<string | null>;
  /** Organization configuration of the graph; absent without a graph. */
  organizationConfiguration?: Datum<{ autoEnable: boolean }>;
  /** Members of the graph; absent without a graph. */
  members?: Datum<DetectiveMemberInfo[]>;
}

/** Region-scope slice: empty except in the Region's Detective administrator. */
export interface DetectiveSlice {
  /** Present only in the Region's Detective administrator (per the `detective-admins` slice). */
  admin?: DetectiveAdminData;
}

/** Organization-scope collector: `ListOrganizationAdminAccounts` per governed Region, from management. */
export const detectiveAdminsCollector = defineCollector<DetectiveAdminsSlice>({
  id: DETECTIVE_ADMINS,
  scope: 'organization',
  reads: ['detective:ListOrganizationAdminAccounts'],
  async collect(ctx) {
    const entries = await Promise.all(
      ctx.governedRegions.map(async (region) => {
        const admins = await ctx.readAll<ListOrganizationAdminAccountsCommandOutput, DetectiveAdminAccount>(
          DetectiveClient,
          (cursor) => new ListOrganizationAdminAccountsCommand({ MaxResults: 200, ...cursor }),
          (page) =>
            (page.Administrators ?? []).map((a) => ({
              accountId: a.AccountId ?? '',
              ...(a.GraphArn ? { graphArn: a.GraphArn } : {}),
            })),
          { region },
        );
        return [region, admins] as const;
      }),
    );
    return { byRegion: Object.fromEntries(entries) };
  },
});

/** The Region's Detective administrator per the organization slice, when it was read. */
export function detectiveAdminOf(
  slice: DetectiveAdminsSlice | undefined,
  region: string,
): DetectiveAdminAccount | undefined {
  const d = slice?.byRegion[region];
  return d?.ok ? d.value[0] : undefined;
}

/** Region-scope collector: graph, organization configuration and members, in the administrator only. */
export const detectiveCollector = defineCollector<DetectiveSlice>({
  id: DETECTIVE,
  scope: 'region',
  reads: ['detective:ListGraphs', 'detective:DescribeOrganizationConfiguration', 'detective:ListMembers'],
  async collect(ctx) {
    const admin = detectiveAdminOf(ctx.organization[DETECTIVE_ADMINS] as DetectiveAdminsSlice, ctx.region);
    if (!admin || admin.accountId !== ctx.account) return {};
    const graphs = await ctx.readAll<ListGraphsCommandOutput, string>(
      DetectiveClient,
      (cursor) => new ListGraphsCommand({ MaxResults: 200, ...cursor }),
      (page) => (page.GraphList ?? []).flatMap((g) => (g.Arn ? [g.Arn] : [])),
    );
    if (!graphs.ok) return { admin: { graph: graphs } };
    const graphArn =
      (admin.graphArn && graphs.value.includes(admin.graphArn) ? admin.graphArn : graphs.value[0]) ?? null;
    if (!graphArn) return { admin: { graph: { ok: true, value: null } } };
    const [config, members] = await Promise.all([
      ctx.read<DescribeOrganizationConfigurationCommandOutput>(
        DetectiveClient,
        new DescribeOrganizationConfigurationCommand({ GraphArn: graphArn }),
      ),
      ctx.readAll<ListMembersCommandOutput, DetectiveMemberInfo>(
        DetectiveClient,
        (cursor) => new ListMembersCommand({ GraphArn: graphArn, MaxResults: 200, ...cursor }),
        (page) =>
          (page.MemberDetails ?? []).map((m) => ({
            accountId: m.AccountId ?? '',
            status: m.Status ?? 'UNKNOWN',
            ...(m.InvitationType ? { invitationType: m.InvitationType } : {}),
          })),
      ),
    ]);
    return {
      admin: {
        graph: { ok: true, value: graphArn },
        organizationConfiguration: config.ok
          ? { ok: true, value: { autoEnable: config.value.AutoEnable ?? false } }
          : config,
        members,
      },
    };
  },
});
