/** Runs the CLI in-process as a non-interactive user with an empty environment, capturing its output. */
import { main } from '../../src/cli/main.js';

/** What one CLI run printed and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `sra <args>` in `cwd` with no environment variables and no terminal. */
export async function sra(args: string[], cwd = process.cwd()): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(['node', 'sra', ...args], {
    context: { out: (s) => void (out += s), err: (s) => void (err += s), cwd, env: {}, isTTY: false },
  });
  return { code, out, err };
}
