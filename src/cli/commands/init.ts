/** `sra init`: writes a commented starter blueprint carrying the SRA defaults. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { STARTER_BLUEPRINT, STARTER_PLACEHOLDER_ACCOUNTS } from '../../blueprint/starter.js';
import { ExitCode, SraError, UsageError } from '../../errors.js';
import type { RegisterCommand } from './index.js';
import { DEFAULT_BLUEPRINT_FILE } from './validate.js';

/** Registers `sra init [--output file] [--force]`. */
export const registerInit: RegisterCommand = (program, ctx) => {
  program
    .command('init')
    .description('write a starter blueprint (sra.yaml) carrying the SRA defaults')
    .option('-o, --output <file>', 'where to write the blueprint', DEFAULT_BLUEPRINT_FILE)
    .option('-f, --force', 'overwrite the file if it exists', false)
    .action(async (options: { output: string; force: boolean }) => {
      const file = options.output;
      try {
        // 'wx' fails when the file exists, so an existing blueprint is never overwritten by accident.
        await writeFile(resolve(ctx.cwd, file), STARTER_BLUEPRINT, { flag: options.force ? 'w' : 'wx' });
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
      const placeholders = Object.values(STARTER_PLACEHOLDER_ACCOUNTS).join(', ');
      const validate = file === DEFAULT_BLUEPRINT_FILE ? 'sra validate' : `sra validate ${file}`;
      ctx.out(
        `wrote ${file}\nnext: replace the placeholder account IDs (${placeholders}), then run \`${validate}\`\n`,
      );
    });
};
