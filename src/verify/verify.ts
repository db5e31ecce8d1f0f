/**
 * `sra verify` as a library call: observe (or load a saved inventory), work out the account roles,
 * evaluate the controls, score. Read-only: the only AWS calls are the collectors' declared reads, the
 * caller check (`sts:GetCallerIdentity`), one `sts:AssumeRole` per member account and, without a
 * blueprint or `--regions`, `ec2:DescribeRegions` in the management account.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { AwsAccess } from '../aws/access.js';
import type { Blueprint } from '../blueprint/index.js';
import type { CapabilityId } from '../catalog/ids.js';
import { SraError, UsageError } from '../errors.js';
import { observe, type ObserveProgress } from '../observe/engine.js';
import type { AccountInfo, DataError, Inventory } from '../observe/types.js';
import { SERVICE_MODULES } from '../services/index.js';
import { organizationSliceOf } from '../services/organizations/collect.js';
import type { ServiceModule } from '../services/types.js';
import { VERSION } from '../version.js';
import { evaluateControls } from './evaluate.js';
import {
  RESULT_SCHEMA_VERSION,
  type ControlSummary,
  type OrganizationSummary,
  type VerifyResult,
} from './result.js';
import { delegatedAdminHints, inferRoles, nameHints, rolesFromBlueprint, type RoleMap } from './roles.js';
import { scoreFindings } from './score.js';
import type { Control } from './types.js';

/** How the engine finds the organization's accounts and id in the organization-scope slices. */
export interface OrganizationReader {
  accounts(organization: Readonly<Record<string, unknown>>): AccountInfo[] | DataError;
  organizationId(organization: Readonly<Record<string, unknown>>): string | undefined;
}

/** Options of {@link runVerify}. */
export interface VerifyOptions {
  /** Access layer (required unless `inventory` is given). */
  access?: AwsAccess;
  /** A saved inventory to evaluate offline instead of reading AWS. */
  inventory?: Inventory;
  /** The blueprint: roles, Regions and intended options come from it. */
  blueprint?: Blueprint;
  /** Service modules. @default SERVICE_MODULES */
  modules?: readonly ServiceModule[];
  /** Reads the account list from the organization slices. */
  organizationReader: OrganizationReader;
  /** Regions to verify (default: the blueprint's governed Regions, else the management account's enabled Regions). */
  regions?: string[];
  /** Only these accounts. */
  accounts?: string[];
  /** Only accounts under these OUs (names at any depth, or parent OU ids). */
  ous?: string[];
  /** Only these controls (ids; `*` wildcards allowed, e.g. `guardduty.*`). */
  controls?: string[];
  /** Only controls serving these capabilities. */
  capabilities?: CapabilityId[];
  /** Accounts read at once. */
  accountConcurrency?: number;
  /** Progress. */
  onProgress?: (p: ObserveProgress) => void;
  /** Counts reads (`service:Operation`). */
  onRead?: (operation: string) => void;
  /** Time source. @default Date.now */
  now?: () => number;
}

/** What {@link runVerify} returns. */
export interface VerifyRun {
  inventory: Inventory;
  result: VerifyResult;
}

/** Selects controls by id patterns and capabilities; unknown patterns are usage errors. */
export function selectControls(
  all: readonly Control[],
  ids: readonly string[] | undefined,
  capabilities: readonly CapabilityId[] | undefined,
): Control[] {
  let out = [...all];
  if (ids?.length) {
    const patterns = ids.map((p) => ({
      p,
      re: new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`),
    }));
    for (const { p, re } of patterns) {
      if (!all.some((c) => re.test(c.id))) {
        throw new UsageError(`--controls: no control matches "${p}"`, {
          hint: 'control ids look like guardduty.detector-enabled; `sra explain <id>` describes one, and every run lists the controls it evaluated in its JSON result',
        });
      }
    }
    out = out.filter((c) => patterns.some(({ re }) => re.test(c.id)));
  }
  if (capabilities?.length) out = out.filter((c) => c.capabilities.some((cap) => capabilities.includes(cap)));
  return out;
}

/** Control metadata for results. */
export function summarizeControl(c: Control): ControlSummary {
  return {
    id: c.id,
    title: c.title,
    severity: c.severity,
    service: c.service,
    capabilities: [...c.capabilities],
    principles: [...c.principles],
    appliesTo: c.appliesTo === 'all' ? 'all' : [...c.appliesTo],
    scope: c.scope,
    refs: c.refs,
    risk: c.risk,
    remediation: c.remediation,
  };
}

/** Runs verify. */
export async function runVerify(options: VerifyOptions): Promise<VerifyRun> {
  const modules = options.modules ?? SERVICE_MODULES;
  const controls = selectControls(
    modules.flatMap((m) => m.controls),
    options.controls,
    options.capabilities,
  );
  const inventory = options.inventory ?? (await collect(options, modules));
  const roles: RoleMap = options.blueprint
    ? rolesFromBlueprint(inventory, options.blueprint)
    : inferRoles(inventory, [
        ...nameHints(inventory),
        ...delegatedAdminHints(inventory),
        ...modules.flatMap((m) => m.roleHints?.(inventory) ?? []),
      ]);
  const regions = options.inventory && options.regions?.length ? options.regions : undefined;
  const findings = evaluateControls(inventory, controls, {
    rolesOf: roles.rolesOf,
    roleAccounts: roles.roleAccounts,
    ...(options.blueprint ? { blueprint: options.blueprint } : {}),
    ...(regions ? { regions } : {}),
  });
  const summaries = controls.map(summarizeControl);
  const result: VerifyResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'sra-kit', version: VERSION },
    collectedAt: inventory.collectedAt,
    evaluatedAt: new Date((options.now ?? Date.now)()).toISOString(),
    ...(inventory.organizationId ? { organizationId: inventory.organizationId } : {}),
    managementAccountId: inventory.managementAccountId,
    homeRegion: inventory.homeRegion,
    governedRegions: regions ?? inventory.governedRegions,
    accounts: inventory.accounts,
    roles: roles.assignments,
    unreachable: inventory.unreachable,
    controls: summaries,
    findings,
    scores: scoreFindings(findings, summaries, roles.rolesOf),
    ...organizationSummary(inventory),
    scope: {
      ...(options.accounts?.length ? { accounts: options.accounts } : {}),
      ...(options.ous?.length ? { ous: options.ous } : {}),
      ...(options.regions?.length ? { regions: options.regions } : {}),
      ...(options.controls?.length ? { controls: options.controls } : {}),
      ...(options.capabilities?.length ? { capabilities: options.capabilities } : {}),
    },
  };
  return { inventory, result };
}

/** The OU tree and delegated administrators from the Organizations slice, for reports that draw them. */
function organizationSummary(inventory: Inventory): { organization?: OrganizationSummary } {
  const slice = organizationSliceOf(inventory.organization);
  if (!slice) return {};
  return {
    organization: {
      ous: slice.ous.ok ? slice.ous.value.map((o) => ({ id: o.id, name: o.name, parentId: o.parentId })) : [],
      delegatedAdmins: slice.delegatedAdmins.ok
        ? slice.delegatedAdmins.value.map((d) => ({ accountId: d.account, servicePrincipal: d.principal }))
        : [],
    },
  };
}

async function collect(options: VerifyOptions, modules: readonly ServiceModule[]): Promise<Inventory> {
  const access = options.access;
  if (!access) throw new UsageError('verify needs AWS access or a saved inventory (--from)');
  const me = await access.whoAmI();
  const bp = options.blueprint;
  if (bp && bp.organization.managementAccount !== me.account) {
    throw new SraError(
      'WRONG_ACCOUNT',
      `the credentials belong to account ${me.account}, but the blueprint's management account is ` +
        `${bp.organization.managementAccount}`,
      {
        account: me.account,
        hint: 'use credentials of the management account the blueprint names (AWS_PROFILE), or fix organization.managementAccount',
      },
    );
  }
  const homeRegion = bp?.organization.homeRegion ?? (await access.homeRegion());
  const governedRegions = options.regions?.length
    ? options.regions
    : bp
      ? [...bp.organization.governedRegions]
      : await enabledRegions(access, me.account, homeRegion);
  return observe({
    access,
    collectors: modules.flatMap((m) => m.collectors),
    managementAccountId: me.account,
    homeRegion,
    governedRegions,
    accountsFrom: options.organizationReader.accounts,
    organizationIdFrom: options.organizationReader.organizationId,
    ...(options.accounts ? { accounts: options.accounts } : {}),
    ...(options.ous ? { ous: options.ous } : {}),
    ...(options.accountConcurrency ? { accountConcurrency: options.accountConcurrency } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onRead ? { onRead: options.onRead } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** Regions enabled in the management account (`ec2:DescribeRegions` without `AllRegions`), home first. */
async function enabledRegions(access: AwsAccess, account: string, homeRegion: string): Promise<string[]> {
  const out = await access.send(EC2Client, { account, region: homeRegion }, new DescribeRegionsCommand({}));
  const names = (out.Regions ?? [])
    .map((r) => r.RegionName!)
    .filter(Boolean)
    .sort();
  return [homeRegion, ...names.filter((r) => r !== homeRegion)];
}
