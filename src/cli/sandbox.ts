/** Helpers the commands share: whole-number options and opening a built-in sandbox organization. */
import { UsageError } from '../errors.js';
import { buildScenario, type Scenario, type ScenarioName } from '../sandbox/scenarios/index.js';
import type { CliContext } from './context.js';

/** A positive whole-number option, or a usage error naming the option. */
export function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${name} must be a positive whole number, got "${v}"`);
  return n;
}

/** Builds a sandbox scenario (`--sandbox`, `--workloads`) and says on standard error what it is. */
export async function openSandbox(
  name: ScenarioName,
  workloads: string | undefined,
  ctx: CliContext,
): Promise<Scenario> {
  const s = await buildScenario(name, {
    ...(workloads ? { workloads: positiveInt('--workloads', workloads)! } : {}),
  });
  ctx.err(
    `sandbox: scenario "${s.name}" (${s.workloadIds.length + 5} accounts, Regions ${s.governedRegions.join(', ')})\n`,
  );
  return s;
}
