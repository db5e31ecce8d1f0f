/**
 * `sra plan`, `sra apply` and `sra destroy`: converge an organization to its blueprint. Plan is read-only;
 * apply and destroy show the plan and ask for confirmation (`--yes` for CI), refuse an organization or
 * management account other than the blueprint's, refuse a stale plan file, journal their progress (a
 * re-run resumes) and end with a summary naming every failed step. `--sandbox <scenario>` runs against a
 * fresh built-in organization (with the scenario's own blueprint), so all of it can be tried offline.
 */
import { scenarioAccess } from '../../sandbox/scenarios/access.js';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { AwsAccess } from '../../aws/access.js';
import { loadBlueprint } from '../../blueprint/load.js';
import type { Blueprint } from '../../blueprint/schema.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { ApplyEvent, ApplyResult } from '../../engine/executor.js';
import { FileJournal, MemoryJournal, type Journal } from '../../engine/journal.js';
import { checkFresh, loadPlan } from '../../engine/load.js';
import { opRegistry } from '../../engine/plan.js';
import { renderApplySummary, renderPlan } from '../../engine/render.js';
import { executePlan, makePlan } from '../../engine/run.js';
import type { Plan, PlanMode } from '../../engine/types.js';
import { FEATURES } from '../../features/index.js';
import { createProgress } from '../../report/progress.js';
import { scenarioBlueprint } from '../../sandbox/scenarios/blueprint.js';
import { SCENARIO_NAMES, type ScenarioName } from '../../sandbox/scenarios/index.js';
import { openSandbox, positiveInt } from '../sandbox.js';
import type { CliContext } from '../context.js';
import type { RegisterCommand } from './index.js';
import { DEFAULT_BLUEPRINT_FILE } from './validate.js';

/** Default journal file of `sra apply` / `sra destroy`, relative to the working directory. */
export const DEFAULT_JOURNAL = '.sra/journal.jsonl';

/** Exit code of `sra plan --detailed-exitcode` when the plan has changes (as Terraform's). */
export const CHANGES_PRESENT = 2;

interface TargetOptions {
  sandbox?: ScenarioName;
  workloads?: string;
  profile?: string;
}

interface Target {
  access: AwsAccess;
  blueprint: Blueprint;
  blueprintPath: string;
  journal: Journal;
  accountNames: Map<string, string>;
}

/** Access, blueprint and journal for a real organization or a fresh sandbox scenario. */
async function targetFor(
  file: string | undefined,
  options: TargetOptions & { journal?: string },
  ctx: CliContext,
): Promise<Target> {
  if (options.sandbox) {
    if (file) {
      throw new UsageError(`--sandbox uses the scenario's own blueprint; do not also pass ${file}`, {
        hint: 'drop the file argument, or drop --sandbox to work on a real organization',
      });
    }
    const s = await openSandbox(options.sandbox, options.workloads, ctx);
    const access = scenarioAccess(s);
    const names = new Map([...s.sandbox.world.accounts.values()].map((a) => [a.id, a.name]));
    return {
      access,
      blueprint: scenarioBlueprint(s),
      blueprintPath: `sandbox:${s.name}`,
      journal: new MemoryJournal(),
      accountNames: names,
    };
  }
  const path = file ?? DEFAULT_BLUEPRINT_FILE;
  const blueprint = await loadBlueprint(resolve(ctx.cwd, path), path);
  const access = new AwsAccess({
    region: blueprint.organization.homeRegion,
    ...(options.profile ? { profile: options.profile } : {}),
    memberRoleName: blueprint.organization.memberRoleName,
    managementAccountId: blueprint.organization.managementAccount,
    env: ctx.env,
  });
  return {
    access,
    blueprint,
    blueprintPath: path,
    journal: new FileJournal(resolve(ctx.cwd, options.journal ?? DEFAULT_JOURNAL)),
    accountNames: new Map(),
  };
}

async function planFor(target: Target, mode: PlanMode, ctx: CliContext, scheduleKeyDeletion = false) {
  const progress = createProgress({ enabled: ctx.isTTY, write: ctx.err });
  const { plan, inventory } = await makePlan({
    access: target.access,
    blueprint: target.blueprint,
    blueprintPath: target.blueprintPath,
    features: FEATURES,
    mode,
    destroy: { scheduleKeyDeletion },
    onProgress: (p) => {
      if (p.phase === 'accounts') progress.start(p.total);
      if (p.phase === 'account-done') progress.tick(p.account);
    },
  });
  progress.stop();
  for (const a of inventory.accounts)
    if (!target.accountNames.has(a.id)) target.accountNames.set(a.id, a.name);
  return plan;
}

/** Asks for confirmation on a terminal; refuses without `--yes` elsewhere. */
async function confirm(ctx: CliContext, question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!ctx.prompt) {
    throw new UsageError('refusing to change the organization without confirmation', {
      hint: 'review the plan above, then re-run with --yes (standard input is not a terminal, so sra-kit cannot ask)',
    });
  }
  const answer = await ctx.prompt(`${question} Only "yes" is accepted: `);
  return answer.trim() === 'yes';
}

/** Applies a plan with progress on a TTY and prints the summary. */
export async function runApply(
  target: Pick<Target, 'access' | 'journal'>,
  plan: Plan,
  ctx: CliContext,
  extra: { concurrency?: number; onEvent?: (e: ApplyEvent) => void } = {},
): Promise<ApplyResult> {
  const progress = createProgress({ enabled: ctx.isTTY, write: ctx.err });
  const result = await executePlan({
    access: target.access,
    plan,
    features: FEATURES,
    journal: target.journal,
    ...(extra.concurrency ? { concurrency: extra.concurrency } : {}),
    onEvent: (e) => {
      if (e.type === 'begin') progress.start(e.total - e.resumed);
      if (e.type === 'done' || e.type === 'failed' || e.type === 'blocked') progress.tick(e.step.summary);
      extra.onEvent?.(e);
    },
  });
  progress.stop();
  return result;
}

function color(ctx: CliContext): boolean {
  return ctx.isTTY && ctx.env.NO_COLOR === undefined;
}

function looksLikePlan(file: string): boolean {
  return file.endsWith('.json');
}

/** Registers `sra plan`, `sra apply` and `sra destroy`. */
export const registerDeploy: RegisterCommand = (program, ctx) => {
  const sandboxOption = () =>
    new Option(
      '--sandbox <scenario>',
      'work on a fresh built-in sandbox organization (its own blueprint)',
    ).choices([...SCENARIO_NAMES]);

  program
    .command('plan')
    .description('show what apply would change to make the organization match the blueprint (read-only)')
    .argument('[blueprint]', `blueprint file (default ${DEFAULT_BLUEPRINT_FILE})`)
    .addOption(sandboxOption())
    .option('--workloads <n>', 'with --sandbox: number of workload accounts')
    .option('--profile <name>', 'AWS profile of the management account (default: the credential chain)')
    .option('--out <file>', 'also save the plan as JSON, for `sra apply <file>`')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--destroy', 'plan a destroy instead', false)
    .option('--detailed-exitcode', 'exit 0 when there is nothing to change, 2 when there are changes', false)
    .action(
      async (
        file: string | undefined,
        options: TargetOptions & {
          out?: string;
          format: 'text' | 'json';
          destroy: boolean;
          detailedExitcode: boolean;
        },
      ) => {
        const target = await targetFor(file, options, ctx);
        const plan = await planFor(target, options.destroy ? 'destroy' : 'apply', ctx);
        if (options.out)
          await writeFile(resolve(ctx.cwd, options.out), `${JSON.stringify(plan, null, 2)}\n`, 'utf8');
        ctx.out(
          options.format === 'json'
            ? `${JSON.stringify(plan, null, 2)}\n`
            : renderPlan(plan, { color: color(ctx), accountNames: target.accountNames }),
        );
        if (options.out)
          ctx.err(`saved the plan to ${options.out}; apply it with: sra apply ${options.out}\n`);
        ctx.setExitCode(options.detailedExitcode && plan.steps.length > 0 ? CHANGES_PRESENT : ExitCode.Ok);
      },
    );

  program
    .command('apply')
    .description('make the organization match the blueprint (or apply a saved plan), after confirmation')
    .argument(
      '[blueprint-or-plan]',
      `blueprint (.yaml) or plan file (.json) (default ${DEFAULT_BLUEPRINT_FILE})`,
    )
    .addOption(sandboxOption())
    .option('--workloads <n>', 'with --sandbox: number of workload accounts')
    .option('--profile <name>', 'AWS profile of the management account (default: the credential chain)')
    .option('-y, --yes', 'do not ask for confirmation (CI)', false)
    .option('--journal <file>', `progress journal; a re-run resumes from it (default ${DEFAULT_JOURNAL})`)
    .option('--concurrency <n>', 'steps in flight at once (default 32)')
    .action(
      async (
        file: string | undefined,
        options: TargetOptions & { yes: boolean; journal?: string; concurrency?: string },
      ) => {
        const concurrency = positiveInt('--concurrency', options.concurrency);
        let saved: Plan | undefined;
        let blueprintFile = file;
        if (file && looksLikePlan(file)) {
          saved = await loadPlan(resolve(ctx.cwd, file), file, opRegistry(FEATURES));
          if (saved.mode !== 'apply')
            throw new UsageError(`${file} is a ${saved.mode} plan`, { hint: 'use sra destroy for it' });
          // A plan made with --sandbox records `sandbox:<scenario>`: the scenario supplies the blueprint again.
          blueprintFile = saved.blueprint.path.startsWith('sandbox:') ? undefined : saved.blueprint.path;
          if (!blueprintFile && !options.sandbox) {
            throw new UsageError(`${file} was planned on a sandbox organization (${saved.blueprint.path})`, {
              hint: `apply it with --sandbox ${saved.blueprint.path.slice('sandbox:'.length)}`,
            });
          }
        }
        const target = await targetFor(blueprintFile, options, ctx);
        const fresh = await planFor(target, 'apply', ctx);
        const plan = saved ? checkFresh(saved, fresh, file!) : fresh;
        ctx.out(renderPlan(plan, { color: color(ctx), accountNames: target.accountNames }));
        if (fresh.steps.length === 0) return ctx.setExitCode(ExitCode.Ok);
        if (
          !(await confirm(
            ctx,
            `Apply these ${plan.steps.length} steps to ${plan.organizationId}?`,
            options.yes,
          ))
        ) {
          ctx.err('apply cancelled; nothing was changed\n');
          return ctx.setExitCode(ExitCode.Ok);
        }
        const result = await runApply(target, plan, ctx, concurrency ? { concurrency } : {});
        ctx.out(renderApplySummary(result, { color: color(ctx) }));
        ctx.setExitCode(result.failed.length || result.blocked.length ? ExitCode.Runtime : ExitCode.Ok);
      },
    );

  program
    .command('destroy')
    .description('remove what sra-kit created, in reverse order (keeps log data; keeps KMS keys unless told)')
    .argument('[blueprint]', `blueprint file (default ${DEFAULT_BLUEPRINT_FILE})`)
    .addOption(sandboxOption())
    .option('--workloads <n>', 'with --sandbox: number of workload accounts')
    .option('--profile <name>', 'AWS profile of the management account (default: the credential chain)')
    .option('-y, --yes', 'do not ask for confirmation (CI)', false)
    .option('--schedule-key-deletion', 'also schedule deletion of the KMS keys sra-kit created', false)
    .option('--journal <file>', `progress journal (default ${DEFAULT_JOURNAL})`)
    .action(
      async (
        file: string | undefined,
        options: TargetOptions & { yes: boolean; scheduleKeyDeletion: boolean; journal?: string },
      ) => {
        const target = await targetFor(file, options, ctx);
        const plan = await planFor(target, 'destroy', ctx, options.scheduleKeyDeletion);
        ctx.out(renderPlan(plan, { color: color(ctx), accountNames: target.accountNames }));
        if (plan.steps.length === 0) return ctx.setExitCode(ExitCode.Ok);
        if (
          !(await confirm(
            ctx,
            `Destroy: run these ${plan.steps.length} steps on ${plan.organizationId}?`,
            options.yes,
          ))
        ) {
          ctx.err('destroy cancelled; nothing was changed\n');
          return ctx.setExitCode(ExitCode.Ok);
        }
        const result = await runApply(target, plan, ctx);
        ctx.out(renderApplySummary(result, { color: color(ctx) }));
        ctx.setExitCode(result.failed.length || result.blocked.length ? ExitCode.Runtime : ExitCode.Ok);
      },
    );
};
