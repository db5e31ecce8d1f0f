/**
 * Scoring. Every PASS and FAIL finding carries its control's severity weight; a score is the weighted
 * share of PASS: `round(100 × Σ weight(PASS) / (Σ weight(PASS) + Σ weight(FAIL)))`. NOT_APPLICABLE and
 * ERROR do not count (an ERROR is not evidence either way; it is reported beside the score). A score is
 * `null` when nothing was evaluated. The same formula is applied to every dimension: overall, each
 * capability and principle (over the findings of the controls that serve it), each account, each
 * account role, each severity and each control.
 */
import type { AccountRoleId } from '../catalog/ids.js';
import type { ControlSummary, Score, Scores } from './result.js';
import type { Finding, Severity, Status } from './types.js';

/** Weight of a finding by its control's severity. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 6,
  medium: 3,
  low: 1,
  informational: 0,
};

class Tally {
  counts: Record<Status, number> = { PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, ERROR: 0 };
  passWeight = 0;
  failWeight = 0;
  add(f: Finding): void {
    this.counts[f.status]++;
    const w = SEVERITY_WEIGHTS[f.severity];
    if (f.status === 'PASS') this.passWeight += w;
    if (f.status === 'FAIL') this.failWeight += w;
  }
  score(): Score {
    const total = this.passWeight + this.failWeight;
    const evaluated = this.counts.PASS + this.counts.FAIL;
    return {
      score: evaluated === 0 ? null : total === 0 ? 100 : Math.round((100 * this.passWeight) / total),
      counts: { ...this.counts },
      passWeight: this.passWeight,
      failWeight: this.failWeight,
    };
  }
}

/** Scores findings by every dimension. `rolesOf` gives the SRA roles of an account. */
export function scoreFindings(
  findings: Iterable<Finding>,
  controls: readonly ControlSummary[],
  rolesOf: (account: string) => readonly AccountRoleId[],
): Scores {
  const builder = new ScoreBuilder(controls, rolesOf);
  for (const f of findings) builder.add(f);
  return builder.scores();
}

/**
 * Scores built one finding at a time, so a run never has to hold its findings to score them. Memory is
 * one tally per capability, principle, account, role, severity and control.
 */
export class ScoreBuilder {
  private readonly byId: Map<string, ControlSummary>;
  private readonly overall = new Tally();
  private readonly groups = {
    byCapability: new Map<string, Tally>(),
    byPrinciple: new Map<string, Tally>(),
    byAccount: new Map<string, Tally>(),
    byRole: new Map<string, Tally>(),
    bySeverity: new Map<string, Tally>(),
    byControl: new Map<string, Tally>(),
  };

  constructor(
    controls: readonly ControlSummary[],
    private readonly rolesOf: (account: string) => readonly AccountRoleId[],
  ) {
    this.byId = new Map(controls.map((c) => [c.id, c]));
  }

  /** Counts one finding. */
  add(f: Finding): void {
    const g = this.groups;
    this.overall.add(f);
    const c = this.byId.get(f.controlId);
    for (const cap of c?.capabilities ?? []) tally(g.byCapability, cap, f);
    for (const p of c?.principles ?? []) tally(g.byPrinciple, p, f);
    tally(g.byAccount, f.account, f);
    for (const r of this.rolesOf(f.account)) tally(g.byRole, r, f);
    tally(g.bySeverity, f.severity, f);
    tally(g.byControl, f.controlId, f);
  }

  /** The scores of every finding added so far. */
  scores(): Scores {
    const out = (m: Map<string, Tally>) =>
      Object.fromEntries(
        [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, t.score()]),
      );
    const g = this.groups;
    return {
      overall: this.overall.score(),
      byCapability: out(g.byCapability),
      byPrinciple: out(g.byPrinciple),
      byAccount: out(g.byAccount),
      byRole: out(g.byRole),
      bySeverity: out(g.bySeverity),
      byControl: out(g.byControl),
    };
  }
}

function tally(m: Map<string, Tally>, key: string, f: Finding): void {
  let t = m.get(key);
  if (!t) m.set(key, (t = new Tally()));
  t.add(f);
}
