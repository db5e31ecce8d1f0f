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
  findings: readonly Finding[],
  controls: readonly ControlSummary[],
  rolesOf: (account: string) => readonly AccountRoleId[],
): Scores {
  const byId = new Map(controls.map((c) => [c.id, c]));
  const overall = new Tally();
  const groups = {
    byCapability: new Map<string, Tally>(),
    byPrinciple: new Map<string, Tally>(),
    byAccount: new Map<string, Tally>(),
    byRole: new Map<string, Tally>(),
    bySeverity: new Map<string, Tally>(),
    byControl: new Map<string, Tally>(),
  };
  const add = (m: Map<string, Tally>, key: string, f: Finding) => {
    let t = m.get(key);
    if (!t) m.set(key, (t = new Tally()));
    t.add(f);
  };
  for (const f of findings) {
    overall.add(f);
    const c = byId.get(f.controlId);
    for (const cap of c?.capabilities ?? []) add(groups.byCapability, cap, f);
    for (const p of c?.principles ?? []) add(groups.byPrinciple, p, f);
    add(groups.byAccount, f.account, f);
    for (const r of rolesOf(f.account)) add(groups.byRole, r, f);
    add(groups.bySeverity, f.severity, f);
    add(groups.byControl, f.controlId, f);
  }
  const out = (m: Map<string, Tally>) =>
    Object.fromEntries(
      [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, t.score()]),
    );
  return {
    overall: overall.score(),
    byCapability: out(groups.byCapability),
    byPrinciple: out(groups.byPrinciple),
    byAccount: out(groups.byAccount),
    byRole: out(groups.byRole),
    bySeverity: out(groups.bySeverity),
    byControl: out(groups.byControl),
  };
}
