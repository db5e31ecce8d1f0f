/** What every CLI command receives: where to write, so commands are testable without a process. */

/** Output sinks and environment of one CLI run. */
export interface CliContext {
  /** Writes to standard output (already newline-terminated text). */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Environment variables of the run. */
  env: NodeJS.ProcessEnv;
  /** Current working directory. */
  cwd: string;
  /** Whether standard output is a terminal (progress bars and colour only then). */
  isTTY: boolean;
  /**
   * Asks the person at the terminal and resolves to the answer; absent when nobody can answer (standard
   * input or output is not a terminal), so commands that need a confirmation refuse instead.
   */
  prompt?: (question: string) => Promise<string>;
  /** Sets the exit code of the run (the highest value set wins). */
  setExitCode(code: number): void;
}
