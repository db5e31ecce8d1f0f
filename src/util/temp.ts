/**
 * Private temporary directories that do not outlive the process: created with `mkdtemp` (mode 0700, so
 * only the current user can read what is spooled there) and removed by their owner when done or, if the
 * process ends first, on exit, SIGINT or SIGTERM. Unless the program handles the signal itself, the
 * signal is re-raised after the cleanup, so the process still ends the way the signal asks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', removeAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      removeAll();
      // Ours was the only handler: end the process the way the signal asks. When the program has its own
      // handler (a library user, a graceful shutdown), leave the decision to it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** A private temporary directory, removed at the latest when the process ends. */
export interface TempDir {
  /** Its path. */
  readonly path: string;
  /** Removes it and everything in it. Safe to call twice. */
  remove(): void;
}

/** Creates a private temporary directory named `<prefix>XXXXXX` under `parent` (default: the system's). */
export function privateTempDir(prefix: string, parent: string = tmpdir()): TempDir {
  const path = mkdtempSync(join(parent, prefix));
  live.add(path);
  hook();
  return {
    path,
    remove() {
      live.delete(path);
      rmSync(path, { recursive: true, force: true });
    },
  };
}
