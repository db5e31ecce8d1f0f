/**
 * The IAM Access Analyzer collector: per account and governed Region, the analyzers the account owns
 * (one `ListAnalyzers`, paginated). Account analyzers are expected in every account, organization
 * analyzers in the security tooling account; one read answers both. The delegated administrator comes
 * from the Organizations slice, which already lists every registration.
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListAnalyzers.html
 */
import {
  AccessAnalyzerClient,
  ListAnalyzersCommand,
  type AnalyzerSummary,
  type ListAnalyzersCommandOutput,
} from '@aws-sdk/client-accessanalyzer';
import { defineCollector, type Datum } from '../../observe/types.js';
import { mapDatum } from '../ec2/collect.js';

/** Id of the Access Analyzer collector (its key in `inventory.region[account][region]`). */
export const ACCESS_ANALYZER = 'access-analyzer';

/** Service principal Organizations registers the Access Analyzer delegated administrator for. */
export const ACCESS_ANALYZER_PRINCIPAL = 'access-analyzer.amazonaws.com';

/** One analyzer. */
export interface AnalyzerInfo {
  /** Analyzer ARN. */
  arn: string;
  /** Analyzer name. */
  name: string;
  /** `ACCOUNT`, `ORGANIZATION`, `ACCOUNT_UNUSED_ACCESS`, `ORGANIZATION_UNUSED_ACCESS`, … */
  type: string;
  /** `ACTIVE`, `CREATING`, `DISABLED` or `FAILED`. */
  status?: string;
  /** Why it is not active (e.g. `DELEGATED_ADMINISTRATOR_DEREGISTERED`). */
  statusReason?: string;
  /** Days without use before access is reported, for unused-access analyzers. */
  unusedAccessAge?: number;
}

/** The Access Analyzer slice of one account in one Region. */
export interface AccessAnalyzerSlice {
  /** Analyzers owned by the account in the Region. */
  analyzers: Datum<AnalyzerInfo[]>;
}

/** Reads the analyzers of one account in one Region. */
export const accessAnalyzerCollector = defineCollector<AccessAnalyzerSlice>({
  id: ACCESS_ANALYZER,
  scope: 'region',
  reads: ['access-analyzer:ListAnalyzers'],
  async collect(ctx) {
    const analyzers = await ctx.readAll<ListAnalyzersCommandOutput, AnalyzerSummary>(
      AccessAnalyzerClient,
      (cursor) => new ListAnalyzersCommand({ maxResults: 100, ...cursor }),
      (page) => page.analyzers,
    );
    return {
      analyzers: mapDatum(analyzers, (list) =>
        list.map((a) => ({
          arn: a.arn ?? '',
          name: a.name ?? '',
          type: a.type ?? 'ACCOUNT',
          ...(a.status ? { status: a.status } : {}),
          ...(a.statusReason?.code ? { statusReason: a.statusReason.code } : {}),
          ...(a.configuration?.unusedAccess?.unusedAccessAge !== undefined
            ? { unusedAccessAge: a.configuration.unusedAccess.unusedAccessAge }
            : {}),
        })),
      ),
    };
  },
});
