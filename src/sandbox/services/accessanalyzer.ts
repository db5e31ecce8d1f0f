/**
 * IAM Access Analyzer in the sandbox: analyzers (external access, unused access and internal access, with an
 * account or an organization as the zone of trust), archive rules and a minimal findings list.
 *
 * Access Analyzer has no admin API of its own: the organization's management account registers the delegated
 * administrator with Organizations' `RegisterDelegatedAdministrator` for `access-analyzer.amazonaws.com`, and
 * this service reads that registration (and trusted access) from the shared organization state.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html
 * - https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListAnalyzers.html
 * - https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_GetAnalyzer.html
 * - https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_DeleteAnalyzer.html
 * - https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListFindings.html
 * - https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListFindingsV2.html
 * - https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateArchiveRule.html
 * - https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_AnalyzerSummary.html (status, statusReason)
 * - https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-quotas.html
 * - https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-create-external.html
 * - https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-settings.html (delegated administrator)
 *
 * Propagation knob keys honoured (`SandboxKnobs.propagationDelayMs`):
 * - `access-analyzer:admin` — after Organizations registers a delegated administrator, that account is not yet
 *   recognised as one (organization analyzers fail with `AccessDeniedException`) for this many ms.
 * - `access-analyzer:analyzer` — a new analyzer reports status `CREATING` for this many ms, then `ACTIVE`.
 */
import type {
  AnalyzerConfiguration,
  AnalyzerSummary,
  ArchiveRuleSummary,
  CreateAnalyzerCommandInput,
  CreateAnalyzerCommandOutput,
  CreateArchiveRuleCommandInput,
  Criterion,
  DeleteAnalyzerCommandInput,
  DeleteArchiveRuleCommandInput,
  FindingStatus,
  FindingSummary,
  FindingSummaryV2,
  FindingType,
  GetAnalyzerCommandInput,
  GetAnalyzerCommandOutput,
  GetArchiveRuleCommandInput,
  GetArchiveRuleCommandOutput,
  ListAnalyzersCommandInput,
  ListAnalyzersCommandOutput,
  ListArchiveRulesCommandInput,
  ListArchiveRulesCommandOutput,
  ListFindingsCommandInput,
  ListFindingsCommandOutput,
  ListFindingsV2CommandInput,
  ListFindingsV2CommandOutput,
  ReasonCode,
  ResourceType,
  Type,
} from '@aws-sdk/client-accessanalyzer';
import {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
} from '@aws-sdk/client-accessanalyzer';
import { defineService, type CallContext } from '../core/service.js';
import type { ModeledExceptionClass } from '../core/errors.js';
import type { ServiceException } from '@smithy/smithy-client';
import type { SandboxWorld } from '../core/state.js';
import { paginate } from '../core/paginate.js';

type Out<T> = Omit<T, '$metadata'>;

/** The SDK's own exception classes for the errors this service models, so `instanceof` works for callers. */
const MODELED: Readonly<Record<string, ModeledExceptionClass<ServiceException>>> = {
  AccessDeniedException,
  ConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
};

/** Service key of Access Analyzer in the sandbox (its IAM action prefix). */
export const ACCESS_ANALYZER_SERVICE = 'access-analyzer';
/** Service principal that Organizations registers the Access Analyzer delegated administrator for. */
export const ACCESS_ANALYZER_PRINCIPAL = 'access-analyzer.amazonaws.com';

const ANALYZER_TYPES: readonly Type[] = [
  'ACCOUNT',
  'ORGANIZATION',
  'ACCOUNT_UNUSED_ACCESS',
  'ORGANIZATION_UNUSED_ACCESS',
  'ACCOUNT_INTERNAL_ACCESS',
  'ORGANIZATION_INTERNAL_ACCESS',
];
const NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** Default unused-access window when the request does not set one. */
const DEFAULT_UNUSED_ACCESS_AGE = 90;
const MAX_ARCHIVE_RULES = 100;

/** One finding of an analyzer, as scenarios seed it. */
export interface SandboxAccessFinding {
  /** Finding id. */
  id: string;
  /** ARN of the analyzed resource. */
  resource?: string;
  /** Resource type, e.g. `AWS::S3::Bucket`. */
  resourceType: ResourceType;
  /** Account that owns the resource. */
  resourceOwnerAccount: string;
  /** ACTIVE, ARCHIVED or RESOLVED. */
  status: FindingStatus;
  /** Kind of finding (external access, unused role, …). */
  findingType?: FindingType;
  /** Whether the resource is public (external access findings). */
  isPublic?: boolean;
  /** External principal that has access (external access findings). */
  principal?: Record<string, string>;
  /** Actions the principal may perform (external access findings). */
  action?: string[];
  /** Policy conditions of the access (external access findings). */
  condition?: Record<string, string>;
  /** When the finding was created (epoch ms). */
  createdAt: number;
  /** When the finding was last updated (epoch ms). */
  updatedAt: number;
}

/** One archive rule. */
export interface SandboxArchiveRule {
  /** Filter criteria of the rule. */
  filter: Record<string, Criterion>;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Last update (epoch ms). */
  updatedAt: number;
}

/** One analyzer in one account and Region. */
export interface SandboxAnalyzer {
  /** Analyzer ARN. */
  arn: string;
  /** Analyzer name (unique per account and Region). */
  name: string;
  /** Analyzer type: the kind of analysis and the zone of trust. */
  type: Type;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Tags. */
  tags: Record<string, string>;
  /** Unused-access or internal-access configuration. */
  configuration?: AnalyzerConfiguration;
  /** Archive rules by name. */
  archiveRules: Map<string, SandboxArchiveRule>;
  /** Findings (seeded by scenarios; the sandbox does not analyze policies). */
  findings: SandboxAccessFinding[];
}

/** Access Analyzer state of one account in one Region. */
export interface AccessAnalyzerState {
  /** Analyzers by name. */
  analyzers: Map<string, SandboxAnalyzer>;
}

function initState(): AccessAnalyzerState {
  return { analyzers: new Map() };
}

/** Access Analyzer state of `account` in `region` (created empty on first use). */
export function accessAnalyzerState(
  world: SandboxWorld,
  account: string,
  region: string,
): AccessAnalyzerState {
  return world.regional(ACCESS_ANALYZER_SERVICE, account, region, initState);
}

/** Adds a finding to an existing analyzer, for scenarios; throws when the analyzer does not exist. */
export function addAccessAnalyzerFinding(
  world: SandboxWorld,
  account: string,
  region: string,
  analyzerName: string,
  finding: SandboxAccessFinding,
): void {
  const analyzer = accessAnalyzerState(world, account, region).analyzers.get(analyzerName);
  if (!analyzer) throw new Error(`sandbox: no analyzer ${analyzerName} in ${account}/${region}`);
  analyzer.findings.push(finding);
}

/** True for analyzers whose zone of trust is the organization. */
export function isOrganizationAnalyzerType(type: Type | string): boolean {
  return type.startsWith('ORGANIZATION');
}

function validation(ctx: CallContext, message: string): Error {
  return ctx.error('ValidationException', message, {
    status: 400,
    fields: { reason: 'FIELD_VALIDATION_FAILED' },
  });
}

function notFound(ctx: CallContext, id: string, type: string): Error {
  return ctx.error('ResourceNotFoundException', `${type} ${id} not found.`, {
    status: 404,
    fields: { resourceId: id, resourceType: type },
  });
}

function state(ctx: CallContext): AccessAnalyzerState {
  return ctx.regional(initState);
}

/**
 * True when the caller may manage organization analyzers: the management account, or an account that
 * Organizations lists as delegated administrator for Access Analyzer (once `access-analyzer:admin` elapsed).
 */
function isOrganizationAdmin(ctx: CallContext): boolean {
  if (ctx.world.isManagementAccount(ctx.account)) return true;
  const registeredAt = ctx.world.organization?.delegatedAdmins
    .get(ACCESS_ANALYZER_PRINCIPAL)
    ?.get(ctx.account);
  if (registeredAt === undefined) return false;
  return ctx.clock.now() >= registeredAt + ctx.propagationDelay('access-analyzer:admin');
}

/**
 * Status of an analyzer now. Organization analyzers stop working when their owner is no longer the
 * management account or a registered delegated administrator, when trusted access is disabled, or when the
 * organization is gone; AWS reports these as `DISABLED` with a reason code.
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_StatusReason.html
 */
function statusOf(
  ctx: CallContext,
  owner: string,
  a: SandboxAnalyzer,
): Pick<AnalyzerSummary, 'status' | 'statusReason'> {
  if (isOrganizationAnalyzerType(a.type)) {
    const disabled = (code: ReasonCode): Pick<AnalyzerSummary, 'status' | 'statusReason'> => ({
      status: 'DISABLED',
      statusReason: { code },
    });
    if (!ctx.world.organization || !ctx.world.isMember(owner)) return disabled('ORGANIZATION_DELETED');
    if (!ctx.world.hasTrustedAccess(ACCESS_ANALYZER_PRINCIPAL))
      return disabled('AWS_SERVICE_ACCESS_DISABLED');
    const admin =
      ctx.world.isManagementAccount(owner) ||
      ctx.world.delegatedAdminsFor(ACCESS_ANALYZER_PRINCIPAL).includes(owner);
    if (!admin) return disabled('DELEGATED_ADMINISTRATOR_DEREGISTERED');
  }
  if (ctx.clock.now() < a.createdAt + ctx.propagationDelay('access-analyzer:analyzer'))
    return { status: 'CREATING' };
  return { status: 'ACTIVE' };
}

function summary(ctx: CallContext, a: SandboxAnalyzer): AnalyzerSummary {
  const last = a.findings.reduce<SandboxAccessFinding | undefined>(
    (acc, f) => (acc === undefined || f.updatedAt > acc.updatedAt ? f : acc),
    undefined,
  );
  return {
    arn: a.arn,
    name: a.name,
    type: a.type,
    createdAt: new Date(a.createdAt),
    tags: { ...a.tags },
    ...statusOf(ctx, ctx.account, a),
    ...(a.configuration ? { configuration: structuredClone(a.configuration) } : {}),
    ...(last
      ? { lastResourceAnalyzed: last.resource, lastResourceAnalyzedAt: new Date(last.updatedAt) }
      : {}),
  };
}

function validateRuleName(ctx: CallContext, name: string | undefined, what: string): string {
  if (!name || name.length > 255 || !NAME.test(name)) {
    throw validation(
      ctx,
      `Invalid ${what}: must match [A-Za-z][A-Za-z0-9_.-]* and be 1-255 characters long.`,
    );
  }
  return name;
}

function findByArn(ctx: CallContext, arn: string | undefined): SandboxAnalyzer {
  if (!arn) throw validation(ctx, 'analyzerArn is required.');
  for (const a of state(ctx).analyzers.values()) if (a.arn === arn) return a;
  throw notFound(ctx, arn, 'Analyzer');
}

/** Filter keys the sandbox can evaluate; other keys fail loudly instead of being ignored. */
const FILTER_FIELDS: Record<string, (f: SandboxAccessFinding) => string | undefined> = {
  status: (f) => f.status,
  resourceType: (f) => f.resourceType,
  resource: (f) => f.resource,
  resourceOwnerAccount: (f) => f.resourceOwnerAccount,
  findingType: (f) => f.findingType,
  isPublic: (f) => (f.isPublic === undefined ? undefined : String(f.isPublic)),
  id: (f) => f.id,
};

function matches(
  ctx: CallContext,
  f: SandboxAccessFinding,
  filter: Record<string, Criterion> | undefined,
): boolean {
  for (const [key, c] of Object.entries(filter ?? {})) {
    const get = FILTER_FIELDS[key];
    if (!get) {
      throw validation(
        ctx,
        `Filter key ${key} is not supported by the sra-kit sandbox (supported: ${Object.keys(FILTER_FIELDS).join(', ')}).`,
      );
    }
    const v = get(f);
    if (c.eq && !(v !== undefined && c.eq.includes(v))) return false;
    if (c.neq && v !== undefined && c.neq.includes(v)) return false;
    if (c.contains && !(v !== undefined && c.contains.some((s) => v.includes(s)))) return false;
    if (c.exists !== undefined && (v !== undefined) !== c.exists) return false;
  }
  return true;
}

function listFindings(
  ctx: CallContext,
  a: SandboxAnalyzer,
  input: { filter?: Record<string, Criterion>; maxResults?: number; nextToken?: string },
): { page: SandboxAccessFinding[]; nextToken: string | undefined } {
  const selected = a.findings.filter((f) => matches(ctx, f, input.filter));
  // No documented maximum page size; the sandbox accepts up to 1000.
  return paginate(ctx, selected, {
    maxResults: input.maxResults,
    nextToken: input.nextToken,
    defaultMax: 100,
    limit: 1000,
    errorName: 'ValidationException',
  });
}

/** The simulated IAM Access Analyzer service. */
export const accessAnalyzerService = defineService({
  name: ACCESS_ANALYZER_SERVICE,
  clientName: 'AccessAnalyzerClient',
  scope: 'regional',
  protocol: 'rest-json',
  modeledErrors: MODELED,
  operations: {
    CreateAnalyzer: (ctx, input: CreateAnalyzerCommandInput): Out<CreateAnalyzerCommandOutput> => {
      const name = input.analyzerName;
      if (!name || name.length > 255 || !NAME.test(name)) {
        throw validation(
          ctx,
          'Invalid analyzerName: must match [A-Za-z][A-Za-z0-9_.-]* and be 1-255 characters.',
        );
      }
      const type = input.type as Type | undefined;
      if (!type || !ANALYZER_TYPES.includes(type)) {
        throw validation(ctx, `Invalid type ${String(type)}; valid values: ${ANALYZER_TYPES.join(' | ')}.`);
      }
      const unused = type.endsWith('_UNUSED_ACCESS');
      const internal = type.endsWith('_INTERNAL_ACCESS');
      let configuration: AnalyzerConfiguration | undefined = input.configuration;
      if (configuration?.unusedAccess && !unused) {
        throw validation(ctx, 'unusedAccess configuration is only valid for unused access analyzers.');
      }
      if (configuration?.internalAccess && !internal) {
        throw validation(ctx, 'internalAccess configuration is only valid for internal access analyzers.');
      }
      if (unused) {
        // unusedAccessAge: 1 to 365 days.
        // https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_UnusedAccessConfiguration.html
        const age = configuration?.unusedAccess?.unusedAccessAge ?? DEFAULT_UNUSED_ACCESS_AGE;
        if (!Number.isInteger(age) || age < 1 || age > 365) {
          throw validation(ctx, 'unusedAccessAge must be between 1 and 365 days.');
        }
        configuration = { unusedAccess: { ...configuration?.unusedAccess, unusedAccessAge: age } };
      }
      if (isOrganizationAnalyzerType(type)) {
        // Organization analyzers: only the management account or the delegated administrator, and only once
        // trusted access for Access Analyzer is enabled in Organizations.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-settings.html
        if (!ctx.world.organization || !ctx.world.isActiveMember(ctx.account)) {
          throw ctx.error(
            'AccessDeniedException',
            `Account ${ctx.account} is not a member of an organization.`,
            {
              status: 403,
            },
          );
        }
        if (!isOrganizationAdmin(ctx)) {
          throw ctx.error(
            'AccessDeniedException',
            `Account ${ctx.account} is not a delegated administrator`,
            {
              status: 403,
            },
          );
        }
        if (!ctx.world.hasTrustedAccess(ACCESS_ANALYZER_PRINCIPAL)) {
          throw validation(ctx, 'Service not enabled for AWS Organizations');
        }
      }
      const st = state(ctx);
      if (st.analyzers.has(name)) {
        throw ctx.error('ConflictException', `Analyzer ${name} already exists.`, {
          status: 409,
          fields: { resourceId: name, resourceType: 'Analyzer' },
        });
      }
      // Quotas: one account-level analyzer per type per account and Region; five organization-level external
      // or unused access analyzers per type per account and Region; one organization-level internal access
      // analyzer per organization and Region.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-quotas.html
      const sameType = [...st.analyzers.values()].filter((a) => a.type === type).length;
      let quota = isOrganizationAnalyzerType(type) ? 5 : 1;
      let used = sameType;
      if (type === 'ORGANIZATION_INTERNAL_ACCESS') {
        quota = 1;
        used = 0;
        for (const slice of ctx.world.slices<AccessAnalyzerState>(ACCESS_ANALYZER_SERVICE)) {
          if (slice.region !== ctx.region || !ctx.world.isMember(slice.account)) continue;
          used += [...slice.state.analyzers.values()].filter((a) => a.type === type).length;
        }
      }
      if (used >= quota) {
        throw ctx.error('ServiceQuotaExceededException', `Quota of ${quota} ${type} analyzer(s) reached.`, {
          status: 402,
          fields: { resourceId: name, resourceType: 'Analyzer' },
        });
      }
      const now = ctx.clock.now();
      const analyzer: SandboxAnalyzer = {
        arn: `arn:${ctx.world.partition}:access-analyzer:${ctx.region}:${ctx.account}:analyzer/${name}`,
        name,
        type,
        createdAt: now,
        tags: { ...(input.tags ?? {}) },
        ...(configuration ? { configuration } : {}),
        archiveRules: new Map(),
        findings: [],
      };
      for (const rule of input.archiveRules ?? []) {
        const ruleName = validateRuleName(ctx, rule.ruleName, 'ruleName');
        analyzer.archiveRules.set(ruleName, { filter: { ...rule.filter }, createdAt: now, updatedAt: now });
      }
      st.analyzers.set(name, analyzer);
      return { arn: analyzer.arn };
    },

    GetAnalyzer: (ctx, input: GetAnalyzerCommandInput): Out<GetAnalyzerCommandOutput> => {
      const a = state(ctx).analyzers.get(input.analyzerName ?? '');
      if (!a) throw notFound(ctx, input.analyzerName ?? '', 'Analyzer');
      return { analyzer: summary(ctx, a) };
    },

    ListAnalyzers: (ctx, input: ListAnalyzersCommandInput): Out<ListAnalyzersCommandOutput> => {
      if (input.type !== undefined && !ANALYZER_TYPES.includes(input.type as Type)) {
        throw validation(ctx, `Invalid type ${input.type}; valid values: ${ANALYZER_TYPES.join(' | ')}.`);
      }
      const all = [...state(ctx).analyzers.values()]
        .filter((a) => input.type === undefined || a.type === input.type)
        .sort((x, y) => x.createdAt - y.createdAt || x.name.localeCompare(y.name));
      // No documented maximum page size; the sandbox accepts up to 1000.
      const { page, nextToken } = paginate(ctx, all, {
        maxResults: input.maxResults,
        nextToken: input.nextToken,
        defaultMax: 100,
        limit: 1000,
        errorName: 'ValidationException',
      });
      return { analyzers: page.map((a) => summary(ctx, a)), ...(nextToken ? { nextToken } : {}) };
    },

    DeleteAnalyzer: (ctx, input: DeleteAnalyzerCommandInput): Record<string, never> => {
      const st = state(ctx);
      if (!st.analyzers.delete(input.analyzerName ?? ''))
        throw notFound(ctx, input.analyzerName ?? '', 'Analyzer');
      return {};
    },

    CreateArchiveRule: (ctx, input: CreateArchiveRuleCommandInput): Record<string, never> => {
      const a = state(ctx).analyzers.get(input.analyzerName ?? '');
      if (!a) throw notFound(ctx, input.analyzerName ?? '', 'Analyzer');
      const ruleName = validateRuleName(ctx, input.ruleName, 'ruleName');
      if (a.archiveRules.has(ruleName)) {
        throw ctx.error('ConflictException', `Archive rule ${ruleName} already exists.`, {
          status: 409,
          fields: { resourceId: ruleName, resourceType: 'ArchiveRule' },
        });
      }
      // 100 archive rules per analyzer. https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-quotas.html
      if (a.archiveRules.size >= MAX_ARCHIVE_RULES) {
        throw ctx.error(
          'ServiceQuotaExceededException',
          `Quota of ${MAX_ARCHIVE_RULES} archive rules reached.`,
          {
            status: 402,
            fields: { resourceId: ruleName, resourceType: 'ArchiveRule' },
          },
        );
      }
      const now = ctx.clock.now();
      a.archiveRules.set(ruleName, { filter: { ...input.filter }, createdAt: now, updatedAt: now });
      return {};
    },

    GetArchiveRule: (ctx, input: GetArchiveRuleCommandInput): Out<GetArchiveRuleCommandOutput> => {
      const a = state(ctx).analyzers.get(input.analyzerName ?? '');
      if (!a) throw notFound(ctx, input.analyzerName ?? '', 'Analyzer');
      const rule = a.archiveRules.get(input.ruleName ?? '');
      if (!rule) throw notFound(ctx, input.ruleName ?? '', 'ArchiveRule');
      return { archiveRule: ruleSummary(input.ruleName!, rule) };
    },

    ListArchiveRules: (ctx, input: ListArchiveRulesCommandInput): Out<ListArchiveRulesCommandOutput> => {
      const a = state(ctx).analyzers.get(input.analyzerName ?? '');
      if (!a) throw notFound(ctx, input.analyzerName ?? '', 'Analyzer');
      const { page, nextToken } = paginate(ctx, [...a.archiveRules.entries()], {
        maxResults: input.maxResults,
        nextToken: input.nextToken,
        defaultMax: 100,
        limit: 1000,
        errorName: 'ValidationException',
      });
      return { archiveRules: page.map(([n, r]) => ruleSummary(n, r)), ...(nextToken ? { nextToken } : {}) };
    },

    DeleteArchiveRule: (ctx, input: DeleteArchiveRuleCommandInput): Record<string, never> => {
      const a = state(ctx).analyzers.get(input.analyzerName ?? '');
      if (!a) throw notFound(ctx, input.analyzerName ?? '', 'Analyzer');
      if (!a.archiveRules.delete(input.ruleName ?? ''))
        throw notFound(ctx, input.ruleName ?? '', 'ArchiveRule');
      return {};
    },

    ListFindings: (ctx, input: ListFindingsCommandInput): Out<ListFindingsCommandOutput> => {
      const a = findByArn(ctx, input.analyzerArn);
      // ListFindings serves external access analyzers only; the others need ListFindingsV2.
      // https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListFindings.html
      if (a.type !== 'ACCOUNT' && a.type !== 'ORGANIZATION') {
        throw validation(
          ctx,
          'ListFindings is supported only for external access analyzers. Use ListFindingsV2.',
        );
      }
      const { page, nextToken } = listFindings(ctx, a, input);
      const findings: FindingSummary[] = page.map((f) => ({
        id: f.id,
        resourceType: f.resourceType,
        resourceOwnerAccount: f.resourceOwnerAccount,
        status: f.status,
        condition: { ...(f.condition ?? {}) },
        createdAt: new Date(f.createdAt),
        analyzedAt: new Date(f.updatedAt),
        updatedAt: new Date(f.updatedAt),
        ...(f.resource !== undefined ? { resource: f.resource } : {}),
        ...(f.isPublic !== undefined ? { isPublic: f.isPublic } : {}),
        ...(f.principal ? { principal: { ...f.principal } } : {}),
        ...(f.action ? { action: [...f.action] } : {}),
      }));
      return { findings, ...(nextToken ? { nextToken } : {}) };
    },

    ListFindingsV2: (ctx, input: ListFindingsV2CommandInput): Out<ListFindingsV2CommandOutput> => {
      const a = findByArn(ctx, input.analyzerArn);
      const { page, nextToken } = listFindings(ctx, a, input);
      const findings: FindingSummaryV2[] = page.map((f) => ({
        id: f.id,
        resourceType: f.resourceType,
        resourceOwnerAccount: f.resourceOwnerAccount,
        status: f.status,
        createdAt: new Date(f.createdAt),
        analyzedAt: new Date(f.updatedAt),
        updatedAt: new Date(f.updatedAt),
        ...(f.resource !== undefined ? { resource: f.resource } : {}),
        ...(f.findingType ? { findingType: f.findingType } : {}),
      }));
      return { findings, ...(nextToken ? { nextToken } : {}) };
    },
  },
});

function ruleSummary(ruleName: string, r: SandboxArchiveRule): ArchiveRuleSummary {
  return {
    ruleName,
    filter: structuredClone(r.filter),
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
  };
}
