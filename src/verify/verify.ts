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
import { inventoryOf, observeInto, type ObserveProgress } from '../observe/engine.js';
import { MemorySliceStore, SpillSliceStore } from '../observe/store.js';
import type { AccountInfo, DataError, Inventory } from '../observe/types.js';
import {
  inventoryView,
  viewOf,
  type InventoryHeader,
  type InventoryView,
  type SliceStore,
} from '../observe/view.js';
import { SERVICE_MODULES } from '../services/index.js';
import { organizationSliceOf } from '../services/organizations/collect.js';
import type { ServiceModule } from '../services/types.js';
import { VERSION } from '../version.js';
import { evaluateFindings } from './evaluate.js';
import { FindingSpool, type FindingSource } from './findings.js';
import {
  RESULT_SCHEMA_VERSION,
  type ControlSummary,
  type OrganizationSummary,
  type StreamedResult,
  type VerifyResult,
} from './result.js';
import { delegatedAdminHints, inferRoles, nameHints, rolesFromBlueprint, type RoleMap } from './roles.js';
import { ScoreBuilder } from './score.js';
import type { Finding } from './types.js';
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
  /** Everything that was read (or the saved inventory that was evaluated). */
  inventory: Inventory;
  /** Findings and scores. */
  result: VerifyResult;
}

/** Options of {@link streamVerify}: those of {@link runVerify}, plus where to spill. */
export interface StreamVerifyOptions extends VerifyOptions {
  /** Directory for the temporary files (account slices and findings). @default os.tmpdir() */
  spillDir?: string;
  /** Accounts kept parsed in memory while evaluating. @default 16 */
  cacheAccounts?: number;
}

/** What {@link streamVerify} returns; call `close()` when the reports are written. */
export interface StreamedVerifyRun {
  /** The inventory: organization-wide data in memory, account slices read back on demand. */
  inventory: InventoryView;
  /** Scores (complete) and findings (in a spool file). */
  result: StreamedResult & { findings: FindingSource };
  /** How many times an account's slices were read back from the spool (0 for a saved inventory). */
  readBacks(): number;
  /** Deletes the temporary files. */
  close(): void;
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

/** Runs verify with everything in memory: the inventory and every finding are returned. */
export async function runVerify(options: VerifyOptions): Promise<VerifyRun> {
  const store = new MemorySliceStore();
  const { view, result } = await verifyWith(options, store, []);
  return { inventory: options.inventory ?? inventoryOf(view, store), result };
}

/**
 * Runs verify with memory that does not grow with the organization: each account's slices are written
 * to a temporary file as soon as the account is read and read back when it is evaluated; findings go to
 * a spool file as they are produced, and the scores are built as they go. A saved inventory (`--from`)
 * is evaluated in memory (it was loaded whole), with findings still spooled. Reports render the result
 * from the spool; `close()` deletes both files.
 */
export async function streamVerify(options: StreamVerifyOptions): Promise<StreamedVerifyRun> {
  const store = options.inventory
    ? new MemorySliceStore()
    : new SpillSliceStore({
        ...(options.spillDir ? { parent: options.spillDir } : {}),
        ...(options.cacheAccounts ? { cacheSize: options.cacheAccounts } : {}),
      });
  let spool: FindingSpool | undefined;
  try {
    spool = new FindingSpool(options.spillDir);
    const sink = spool;
    const { view, result } = await verifyWith(options, store, sink);
    return {
      inventory: view,
      result,
      readBacks: () => (store instanceof SpillSliceStore ? store.readBacks : 0),
      close: () => {
        sink.close();
        store.close();
      },
    };
  } catch (e) {
    spool?.close();
    store.close();
    throw e;
  }
}

/**
 * The shared run: observe into `store` (or view the saved inventory), infer roles, evaluate into
 * `findings` (an array, or a spool), score.
 */
async function verifyWith<F extends Finding[] | FindingSpool>(
  options: VerifyOptions,
  store: SliceStore,
  findings: F,
): Promise<{ view: InventoryView; result: Omit<VerifyResult, 'findings'> & { findings: F } }> {
  const modules = options.modules ?? SERVICE_MODULES;
  const controls = selectControls(
    modules.flatMap((m) => m.controls),
    options.controls,
    options.capabilities,
  );
  const view = options.inventory
    ? viewOf(options.inventory)
    : inventoryView(await collect(options, modules, store), store);
  const roles: RoleMap = options.blueprint
    ? rolesFromBlueprint(view, options.blueprint)
    : inferRoles(view, [
        ...nameHints(view),
        ...delegatedAdminHints(view),
        ...modules.flatMap((m) => m.roleHints?.(view) ?? []),
      ]);
  const regions = options.inventory && options.regions?.length ? options.regions : undefined;
  const summaries = controls.map(summarizeControl);
  const scores = new ScoreBuilder(summaries, roles.rolesOf);
  for (const finding of evaluateFindings(view, controls, {
    rolesOf: roles.rolesOf,
    roleAccounts: roles.roleAccounts,
    ...(options.blueprint ? { blueprint: options.blueprint } : {}),
    ...(regions ? { regions } : {}),
  })) {
    scores.add(finding);
    if (Array.isArray(findings)) findings.push(finding);
    else findings.add(finding);
  }
  const result: Omit<VerifyResult, 'findings'> & { findings: F } = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'sra-kit', version: VERSION },
    collectedAt: view.collectedAt,
    evaluatedAt: new Date((options.now ?? Date.now)()).toISOString(),
    ...(view.organizationId ? { organizationId: view.organizationId } : {}),
    managementAccountId: view.managementAccountId,
    homeRegion: view.homeRegion,
    governedRegions: regions ?? view.governedRegions,
    accounts: view.accounts,
    roles: roles.assignments,
    unreachable: view.unreachable,
    controls: summaries,
    findings,
    scores: scores.scores(),
    ...organizationSummary(view),
    scope: {
      ...(options.accounts?.length ? { accounts: options.accounts } : {}),
      ...(options.ous?.length ? { ous: options.ous } : {}),
      ...(options.regions?.length ? { regions: options.regions } : {}),
      ...(options.controls?.length ? { controls: options.controls } : {}),
      ...(options.capabilities?.length ? { capabilities: options.capabilities } : {}),
    },
  };
  return { view, result };
}

/** The OU tree and delegated administrators from the Organizations slice, for reports that draw them. */
function organizationSummary(inventory: InventoryHeader): { organization?: OrganizationSummary } {
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

async function collect(
  options: VerifyOptions,
  modules: readonly ServiceModule[],
  store: SliceStore,
): Promise<InventoryHeader> {
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
  return observeInto(
    {
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
    },
    store,
  );
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
