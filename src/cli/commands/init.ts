/** `sra init`: writes a commented starter blueprint carrying the SRA defaults. */
import { scenarioAccess } from '../../sandbox/scenarios/access.js';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { STARTER_BLUEPRINT, STARTER_PLACEHOLDER_ACCOUNTS } from '../../blueprint/starter.js';
import { ExitCode, SraError, UsageError } from '../../errors.js';
import { Option } from 'commander';
import { AwsAccess } from '../../aws/access.js';
import { adoptBlueprint, type AdoptedBlueprint } from '../../engine/adopt.js';
import { buildScenario, SCENARIO_NAMES, type ScenarioName } from '../../sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../../services/index.js';
import { runVerify } from '../../verify/verify.js';
import type { CliContext } from '../context.js';
import type { RegisterCommand } from './index.js';
import { ORGANIZATION_READER } from './verify.js';

interface InitOptions {
  output: string;
  force: boolean;
  fromOrg: boolean;
  profile?: string;
  region?: string;
  regions?: string;
  sandbox?: ScenarioName;
}

/** Observes the organization (read-only, as verify does) and describes it as a blueprint. */
async function fromOrg(options: InitOptions, ctx: CliContext): Promise<AdoptedBlueprint> {
  let access: AwsAccess;
  let regions = options.regions
    ?.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (options.sandbox) {
    const s = await buildScenario(options.sandbox);
    access = scenarioAccess(s);
    regions ??= s.governedRegions;
  } else {
    access = new AwsAccess({
      ...(options.region ? { region: options.region } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      env: ctx.env,
    });
  }
  const run = await runVerify({
    access,
    modules: SERVICE_MODULES,
    organizationReader: ORGANIZATION_READER,
    ...(regions ? { regions } : {}),
  });
  return adoptBlueprint(run.inventory, run.result.roles);
}
import { DEFAULT_BLUEPRINT_FILE } from './validate.js';

/** Registers `sra init [--output file] [--force] [--from-org]`. */
export const registerInit: RegisterCommand = (program, ctx) => {
  program
    .command('init')
    .description('write a starter blueprint (sra.yaml) carrying the SRA defaults')
    .option('-o, --output <file>', 'where to write the blueprint', DEFAULT_BLUEPRINT_FILE)
    .option('-f, --force', 'overwrite the file if it exists', false)
    .option('--from-org', 'describe the live organization (accounts, OUs, inferred roles) instead', false)
    .option('--profile <name>', 'with --from-org: AWS profile of the management account')
    .option('--region <region>', 'with --from-org: home Region (default AWS_REGION or the profile’s)')
    .option('--regions <list>', 'with --from-org: governed Regions (default: the enabled Regions)')
    .addOption(
      new Option('--sandbox <scenario>', 'with --from-org: describe a built-in sandbox organization').choices(
        [...SCENARIO_NAMES],
      ),
    )
    .action(async (options: InitOptions) => {
      const file = options.output;
      let text = STARTER_BLUEPRINT;
      let todo: string[] = [];
      if (options.fromOrg) ({ text, todo } = await fromOrg(options, ctx));
      else if (options.sandbox || options.profile || options.regions) {
        throw new UsageError('--sandbox, --profile and --regions go with --from-org', {
          hint: 'sra init --from-org --profile management',
        });
      }
      try {
        // 'wx' fails when the file exists, so an existing blueprint is never overwritten by accident.
        await writeFile(resolve(ctx.cwd, file), text, { flag: options.force ? 'w' : 'wx' });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          throw new UsageError(`${file} already exists`, {
            file,
            hint: 'pass --force to overwrite it, or --output to write somewhere else',
          });
        }
        if (code === 'ENOENT') {
          throw new UsageError(`cannot write ${file}: its directory does not exist`, { file });
        }
        throw new SraError('INIT_WRITE_FAILED', `cannot write ${file}: ${String(e)}`, {
          file,
          exitCode: ExitCode.Runtime,
          cause: e,
        });
      }
      const validate = file === DEFAULT_BLUEPRINT_FILE ? 'sra validate' : `sra validate ${file}`;
      if (options.fromOrg) {
        for (const t of todo) ctx.err(`todo: ${t}\n`);
        ctx.out(
          `wrote ${file} from the live organization\nnext: review the inferred roles, then run \`${validate}\` and \`sra plan\`\n`,
        );
        return;
      }
      const placeholders = Object.values(STARTER_PLACEHOLDER_ACCOUNTS).join(', ');
      ctx.out(
        `wrote ${file}\nnext: replace the placeholder account IDs (${placeholders}), then run \`${validate}\`\n`,
      );
    });
};
