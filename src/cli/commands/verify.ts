/**
 * `sra verify`: read-only assessment of an organization against the SRA, and `sra iam-policy verify`:
 * the least-privilege policies it needs. `--sandbox <scenario>` runs against a built-in simulated
 * organization, so everything can be tried without an AWS account.
 */
import { scenarioAccess } from '../../sandbox/scenarios/access.js';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { AwsAccess } from '../../aws/access.js';
import { loadBlueprint } from '../../blueprint/load.js';
import type { Blueprint } from '../../blueprint/index.js';
import { CAPABILITY_IDS, type CapabilityId } from '../../catalog/ids.js';
import { ExitCode, UsageError } from '../../errors.js';
import { loadInventory, saveInventory } from '../../observe/load.js';
import { FORMATS, failOnExitCode, writeReport, type ReportFormat } from '../../report/index.js';
import { writeHtmlReport } from '../../report/html/index.js';
import { createProgress } from '../../report/progress.js';
import { SCENARIO_NAMES, type ScenarioName } from '../../sandbox/scenarios/index.js';
import { openSandbox, positiveInt } from '../sandbox.js';
import { writeFileWith } from '../../util/write-file.js';
import { SERVICE_MODULES } from '../../services/index.js';
import { accountsFromOrganization, organizationIdFrom } from '../../services/organizations/collect.js';
import { SEVERITIES, type Severity } from '../../verify/types.js';
import { verifyPolicies } from '../../verify/iam-policy.js';
import { applyPolicies } from '../../engine/iam-policy.js';
import { FEATURES } from '../../features/index.js';
import { streamVerify, type OrganizationReader } from '../../verify/verify.js';
import type { CliContext } from '../context.js';
import type { RegisterCommand } from './index.js';

/** The organizations module's reader of the account list. */
export const ORGANIZATION_READER: OrganizationReader = {
  accounts: accountsFromOrganization,
  organizationId: organizationIdFrom,
};

interface VerifyCliOptions {
  blueprint?: string;
  sandbox?: ScenarioName;
  workloads?: string;
  profile?: string;
  region?: string;
  roleName?: string;
  regions?: string;
  accounts?: string;
  ous?: string;
  controls?: string;
  capability?: string;
  save?: string;
  from?: string;
  format: ReportFormat;
  output?: string;
  html?: string;
  failOn?: Severity;
  concurrency?: string;
}

const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function capabilities(v: string | undefined): CapabilityId[] | undefined {
  const ids = list(v);
  for (const id of ids ?? []) {
    if (!(CAPABILITY_IDS as readonly string[]).includes(id)) {
      throw new UsageError(`--capability: unknown capability "${id}"`, {
        hint: `one of ${CAPABILITY_IDS.join(', ')}`,
      });
    }
  }
  return ids as CapabilityId[] | undefined;
}

/**
 * Builds the access layer for a real organization or a sandbox scenario. A sandbox scenario also
 * gives the Regions it governs, used when neither --regions nor a blueprint names them.
 */
async function accessFor(
  options: VerifyCliOptions,
  blueprint: Blueprint | undefined,
  ctx: CliContext,
): Promise<{ access: AwsAccess; regions?: string[] }> {
  if (options.sandbox) {
    const s = await openSandbox(options.sandbox, options.workloads, ctx);
    const access = scenarioAccess(s);
    return { access, regions: s.governedRegions };
  }
  const region = options.region ?? blueprint?.organization.homeRegion;
  const access = new AwsAccess({
    ...(region ? { region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.roleName || blueprint
      ? { memberRoleName: options.roleName ?? blueprint!.organization.memberRoleName }
      : {}),
    env: ctx.env,
  });
  return { access };
}

/** Registers `sra verify` and `sra iam-policy verify`. */
export const registerVerify: RegisterCommand = (program, ctx) => {
  program
    .command('verify')
    .description(
      'assess an organization against the SRA (read-only): findings by capability, principle and account',
    )
    .option('-b, --blueprint <file>', 'blueprint: account roles, Regions and intended options')
    .addOption(
      new Option('--sandbox <scenario>', 'verify a built-in sandbox organization instead of AWS').choices([
        ...SCENARIO_NAMES,
      ]),
    )
    .option('--workloads <n>', 'with --sandbox: number of workload accounts')
    .option('--profile <name>', 'AWS profile of the management account (default: the credential chain)')
    .option('--region <region>', 'home Region (default: the blueprint’s, AWS_REGION or the profile’s)')
    .option('--role-name <name>', 'role to assume in member accounts (default OrganizationAccountAccessRole)')
    .option('--regions <list>', 'comma-separated Regions to verify')
    .option('--accounts <list>', 'comma-separated account ids to verify')
    .option('--ous <list>', 'comma-separated OU names (any depth) or parent OU ids')
    .option('--controls <list>', 'comma-separated control ids, `*` wildcards allowed (e.g. guardduty.*)')
    .option('--capability <list>', `comma-separated capabilities (${CAPABILITY_IDS.join(', ')})`)
    .option('--save <file>', 'also save the collected inventory as JSON')
    .option('--from <file>', 'evaluate a saved inventory instead of reading AWS')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--html <file>', 'also write the self-contained HTML report to this file')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a FAIL at or above this severity exists').choices([
        ...SEVERITIES,
      ]),
    )
    .option('--concurrency <n>', 'accounts read at once (default 16)')
    .action(async (options: VerifyCliOptions) => {
      if (options.from && (options.sandbox || options.save)) {
        throw new UsageError(
          '--from evaluates a saved inventory: it cannot be combined with --sandbox or --save',
        );
      }
      const blueprint = options.blueprint
        ? await loadBlueprint(resolve(ctx.cwd, options.blueprint), options.blueprint)
        : undefined;
      const inventory = options.from ? await loadInventory(resolve(ctx.cwd, options.from)) : undefined;
      const target = inventory ? undefined : await accessFor(options, blueprint, ctx);
      const access = target?.access;
      const progress = createProgress({
        enabled: ctx.isTTY,
        write: ctx.err,
        ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
      });
      const concurrency = positiveInt('--concurrency', options.concurrency);
      const regions = list(options.regions) ?? (blueprint ? undefined : target?.regions);
      const accounts = list(options.accounts);
      const ous = list(options.ous);
      const controls = list(options.controls);
      const caps = capabilities(options.capability);
      // The flat-memory path: account slices and findings are spooled to temporary files (deleted below).
      const run = await streamVerify({
        ...(access ? { access } : {}),
        ...(inventory ? { inventory } : {}),
        ...(blueprint ? { blueprint } : {}),
        modules: SERVICE_MODULES,
        organizationReader: ORGANIZATION_READER,
        ...(regions ? { regions } : {}),
        ...(accounts ? { accounts } : {}),
        ...(ous ? { ous } : {}),
        ...(controls ? { controls } : {}),
        ...(caps ? { capabilities: caps } : {}),
        ...(concurrency ? { accountConcurrency: concurrency } : {}),
        onProgress: (p) => {
          if (p.phase === 'accounts') progress.start(p.total);
          if (p.phase === 'account-done') progress.tick(p.account);
        },
      });
      try {
        progress.stop();
        if (options.save) await saveInventory(resolve(ctx.cwd, options.save), run.inventory);
        const color = ctx.isTTY && !options.output && ctx.env.NO_COLOR === undefined;
        const renderOptions = {
          color,
          ...(ctx.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {}),
        };
        if (options.output) {
          await writeFileWith(resolve(ctx.cwd, options.output), (write) =>
            writeReport(run.result, options.format, renderOptions, write),
          );
        } else {
          let last = '';
          await writeReport(run.result, options.format, renderOptions, (chunk) => {
            if (chunk.length > 0) last = chunk;
            ctx.out(chunk);
          });
          if (!last.endsWith('\n')) ctx.out('\n');
        }
        if (options.html) await writeHtmlReport(resolve(ctx.cwd, options.html), run.result);
        if (options.failOn) ctx.setExitCode(failOnExitCode(run.result, options.failOn));
        else ctx.setExitCode(ExitCode.Ok);
      } finally {
        run.close();
      }
    });

  program
    .command('iam-policy')
    .description('print the least-privilege IAM policies a command needs')
    .argument('<command>', 'the command: verify, apply or destroy')
    .option('--role-name <name>', 'member role name', 'OrganizationAccountAccessRole')
    .action((command: string, options: { roleName: string }) => {
      if (command === 'apply' || command === 'destroy') {
        ctx.out(`${JSON.stringify(applyPolicies(FEATURES, options.roleName), null, 2)}\n`);
        return;
      }
      if (command !== 'verify') {
        throw new UsageError(`iam-policy: unknown command "${command}"`, {
          hint: 'policies exist for: verify, apply (destroy uses the apply policies)',
        });
      }
      const policies = verifyPolicies(
        SERVICE_MODULES.flatMap((m) => m.collectors),
        options.roleName,
      );
      ctx.out(`${JSON.stringify(policies, null, 2)}\n`);
    });
};
