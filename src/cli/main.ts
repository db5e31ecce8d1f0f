/**
 * The `sra` command line. Each command lives in its own file under `commands/` and registers
 * itself on the commander program; this file only wires them and maps errors to exit codes.
 */
import { createInterface } from 'node:readline/promises';
import { Command, CommanderError } from 'commander';
import { ExitCode, SraError } from '../errors.js';
import type { CliContext } from './context.js';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../version.js';

/** Builds the commander program with every command registered. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('sra')
    .description('sra-kit: the AWS Security Reference Architecture as working software')
    .version(VERSION, '-V, --version', 'print the sra-kit version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.out(s),
      writeErr: (s) => ctx.err(s),
    })
    .exitOverride();
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

/** Asks one question on the terminal (the question goes to standard error, so stdout stays clean). */
async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Options for {@link main}, mostly for tests. */
export interface MainOptions {
  /** Overrides the output sinks and environment. */
  context?: Partial<CliContext>;
}

/**
 * Runs the CLI with `argv` (as in `process.argv`: node, script, ...args) and resolves to the exit
 * code. Never calls `process.exit` itself.
 */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  let exitCode = 0;
  const ctx: CliContext = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    ...(process.stdin.isTTY && process.stdout.isTTY ? { prompt: askOnTerminal } : {}),
    ...options.context,
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code);
    },
  };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with exit code 0; usage mistakes with 2.
      return e.exitCode === 0 ? 0 : ExitCode.Usage;
    }
    if (e instanceof SraError) {
      ctx.err(`error[${e.code}]: ${e.describe()}\n`);
      return e.exitCode;
    }
    ctx.err(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return ExitCode.Runtime;
  }
}
