/**
 * Plans for humans: grouped by account, then by capability, one line per step with Terraform's markers
 * (`+` create, `~` update, `-` delete), the changed fields of updates, the notes, and a count line.
 * Every string that can come from AWS (names in summaries and values) is made terminal-safe.
 */
import { CAPABILITIES } from '../catalog/capabilities.js';
import { makeStyle, sanitizeForTerminal, type Style } from '../report/style.js';
import type { ApplyResult } from './executor.js';
import { BARRIER_OP } from './plan.js';
import { isRef } from './step.js';
import type { Json, OutputRef, Plan, Step, StepAction } from './types.js';

const MARK: Readonly<Record<StepAction, string>> = { create: '+', update: '~', delete: '-' };

/** The steps a person cares about (not the engine's ordering barriers). */
export function visibleSteps(plan: Plan): Step[] {
  return plan.steps.filter((s) => s.op !== BARRIER_OP);
}

/** Counts of a plan's steps by action. */
export function planCounts(plan: Plan): Record<StepAction, number> {
  const counts: Record<StepAction, number> = { create: 0, update: 0, delete: 0 };
  for (const s of visibleSteps(plan)) counts[s.action]++;
  return counts;
}

/** One line summarising a plan: `Plan: 12 to create, 3 to change, 0 to delete.` */
export function planSummaryLine(plan: Plan): string {
  const c = planCounts(plan);
  const n = c.create + c.update + c.delete;
  if (n === 0) return 'No changes. The organization matches the blueprint.';
  return `Plan: ${c.create} to create, ${c.update} to change, ${c.delete} to delete (${n} steps).`;
}

function capabilityTitle(id: string): string {
  return CAPABILITIES.find((c) => c.id === id)?.name ?? id;
}

function show(value: Json | OutputRef | undefined): string {
  if (value === undefined) return '(none)';
  if (isRef(value)) return '(known after apply)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const safe = sanitizeForTerminal(text);
  return safe.length > 80 ? `${safe.slice(0, 77)}…` : safe;
}

function stepLines(step: Step, style: Style): string[] {
  const paint = step.action === 'create' ? style.green : step.action === 'update' ? style.yellow : style.red;
  const where =
    step.region === 'global' || step.id.split('/')[2] === 'global' ? '' : style.dim(` [${step.region}]`);
  const lines = [`    ${paint(MARK[step.action])} ${sanitizeForTerminal(step.summary)}${where}`];
  for (const c of step.changes ?? []) {
    lines.push(`        ${style.dim(c.field)}: ${show(c.from)} ${style.dim('→')} ${show(c.to)}`);
  }
  return lines;
}

/** Options of {@link renderPlan}. */
export interface RenderPlanOptions {
  color?: boolean;
  /** Account id → name, for headings. */
  accountNames?: ReadonlyMap<string, string>;
}

/** The plan as text. */
export function renderPlan(plan: Plan, options: RenderPlanOptions = {}): string {
  const style = makeStyle(options.color ?? false);
  const out: string[] = [];
  const verb = plan.mode === 'destroy' ? 'destroy' : 'apply';
  out.push(
    style.bold(`sra-kit ${verb} plan`) +
      ` for ${plan.organizationId || '(organization id unknown)'} (management account ${plan.managementAccountId})`,
  );
  out.push(style.dim(`observed ${plan.collectedAt} · blueprint ${sanitizeForTerminal(plan.blueprint.path)}`));
  out.push('');
  const byAccount = new Map<string, Step[]>();
  for (const s of visibleSteps(plan)) byAccount.set(s.account, [...(byAccount.get(s.account) ?? []), s]);
  const accounts = [...byAccount.keys()].sort((a, b) =>
    a === plan.managementAccountId ? -1 : b === plan.managementAccountId ? 1 : a.localeCompare(b),
  );
  for (const account of accounts) {
    const name = options.accountNames?.get(account);
    out.push(style.bold(`account ${account}${name ? ` (${sanitizeForTerminal(name)})` : ''}`));
    const byCap = new Map<string, Step[]>();
    for (const s of byAccount.get(account)!) byCap.set(s.capability, [...(byCap.get(s.capability) ?? []), s]);
    for (const [cap, steps] of byCap) {
      out.push(`  ${style.cyan(capabilityTitle(cap))}`);
      for (const s of steps) out.push(...stepLines(s, style));
    }
    out.push('');
  }
  if (plan.notes.length > 0) {
    out.push(style.bold('Left alone'));
    for (const n of plan.notes) out.push(`  • ${sanitizeForTerminal(n)}`);
    out.push('');
  }
  out.push(style.bold(planSummaryLine(plan)));
  return `${out.join('\n')}\n`;
}

/** The end-of-apply summary: counts, then every failed or blocked step with account and Region. */
export function renderApplySummary(result: ApplyResult, options: { color?: boolean } = {}): string {
  const style = makeStyle(options.color ?? false);
  const out: string[] = [];
  const resumed = result.outcomes.filter((o) => o.status === 'resumed').length;
  const notStarted = result.outcomes.filter((o) => o.status === 'not-started').length;
  out.push(
    `${style.bold('Apply')}: ${result.done} done${resumed ? ` (${resumed} from an earlier run)` : ''}, ` +
      `${result.failed.length} failed, ${result.blocked.length} blocked${notStarted ? `, ${notStarted} not started` : ''}.`,
  );
  for (const o of result.failed) {
    out.push(
      `  ${style.red('✗')} ${o.step.id} (account ${o.step.account}, ${o.step.region}): ${sanitizeForTerminal(o.error ?? '')}`,
    );
  }
  for (const o of result.blocked) {
    out.push(`  ${style.yellow('…')} ${o.step.id}: ${sanitizeForTerminal(o.error ?? '')}`);
  }
  if (result.failed.length > 0 || result.blocked.length > 0 || notStarted > 0) {
    out.push(
      'Run the same command again: finished steps are not repeated, the rest is re-planned from the live organization.',
    );
  }
  return `${out.join('\n')}\n`;
}
