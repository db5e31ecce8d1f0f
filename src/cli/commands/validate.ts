/** `sra validate [file]`: strict blueprint validation, every error at once with file:line:column and a hint. */
import { resolve } from 'node:path';
import { Option } from 'commander';
import { formatDiagnostic } from '../../blueprint/diagnostics.js';
import { parseBlueprint, readBlueprintText } from '../../blueprint/load.js';
import { accountRoles } from '../../blueprint/resolve.js';
import type { Blueprint } from '../../blueprint/schema.js';
import { ExitCode } from '../../errors.js';
import type { RegisterCommand } from './index.js';

/** Default blueprint file name, looked up in the working directory. */
export const DEFAULT_BLUEPRINT_FILE = 'sra.yaml';

/** One-line summary of a valid blueprint. */
export function summarizeBlueprint(file: string, blueprint: Blueprint): string {
  const org = blueprint.organization;
  const accounts = accountRoles(blueprint).size;
  const regions = org.governedRegions.length;
  const ct = org.controlTower.enabled
    ? `, Control Tower${org.controlTower.version ? ` ${org.controlTower.version}` : ''}`
    : '';
  return (
    `${file}: valid blueprint (${accounts} ${accounts === 1 ? 'account' : 'accounts'}, ` +
    `${org.organizationalUnits.length} OUs, ${regions} governed ${regions === 1 ? 'Region' : 'Regions'}, ` +
    `home ${org.homeRegion}${ct})`
  );
}

/** Registers `sra validate [file]`. */
export const registerValidate: RegisterCommand = (program, ctx) => {
  program
    .command('validate')
    .description('check a blueprint and list every error with file:line:column and a hint')
    .argument('[file]', 'blueprint file', DEFAULT_BLUEPRINT_FILE)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (file: string, options: { format: 'text' | 'json' }) => {
      const text = await readBlueprintText(resolve(ctx.cwd, file), file);
      const { blueprint, diagnostics } = parseBlueprint(text, file);
      if (!blueprint) ctx.setExitCode(ExitCode.Usage);
      if (options.format === 'json') {
        const payload = {
          file,
          valid: blueprint !== undefined,
          diagnostics,
          ...(blueprint ? { blueprint } : {}),
        };
        ctx.out(`${JSON.stringify(payload, null, 2)}\n`);
        return;
      }
      if (blueprint) {
        ctx.out(`${summarizeBlueprint(file, blueprint)}\n`);
        return;
      }
      const n = diagnostics.length;
      ctx.out(diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join(''));
      ctx.out(`${file}: ${n} ${n === 1 ? 'error' : 'errors'}\n`);
    });
};
