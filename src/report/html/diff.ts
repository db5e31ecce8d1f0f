/**
 * Comparison of two verify results (`--baseline previous.json`): which failing findings are new, which
 * were fixed, which regressed, and how the scores moved. Findings are matched by control id, account,
 * Region and resource, the same identity the other formats use for stable finding ids. Pure and
 * independent of the HTML report, so the text report can show the same changes. Both results' findings
 * are read through their `FindingSource`, once each; the baseline's are indexed in memory (it is read
 * from a file anyway), the current run's are only kept when they fail or changed.
 */
import { findingSource } from '../../verify/findings.js';
import type { Score, StreamedResult } from '../../verify/result.js';
import type { Finding, Status } from '../../verify/types.js';

/** How one finding changed between the baseline and the current run. */
export type ChangeKind =
  /** Fails now; the baseline had no finding with this identity. */
  | 'new'
  /** Fails now; passed, did not apply or could not be evaluated in the baseline. */
  | 'regressed'
  /** Failed in the baseline; passes or does not apply now. */
  | 'fixed'
  /** Fails in both runs. */
  | 'unchanged-failing'
  /** Failed in the baseline; could not be evaluated now (ERROR) or was not evaluated at all. */
  | 'unverified';

/** One finding identity with its state in both runs. */
export interface FindingChange {
  /** {@link diffKey} of the finding. */
  key: string;
  /** The finding in the baseline, when it was there. */
  previous?: Finding;
  /** The finding in the current run, when it is there. */
  current?: Finding;
}

/** A score in both runs. */
export interface ScoreDelta {
  /** Baseline score (`null` when nothing was evaluated). */
  previous: number | null;
  /** Current score (`null` when nothing was evaluated). */
  current: number | null;
  /** `current − previous`, or `null` when either is `null`. */
  delta: number | null;
}

/** What changed between two runs. */
export interface ResultDiff {
  /** Failing now, absent from the baseline. */
  new: FindingChange[];
  /** Failing now, not failing in the baseline. */
  regressed: FindingChange[];
  /** Failing in the baseline, passing or not applicable now. */
  fixed: FindingChange[];
  /** Failing in both. */
  unchangedFailing: FindingChange[];
  /** Failing in the baseline, ERROR or not evaluated now: neither fixed nor known to fail. */
  unverified: FindingChange[];
  /** Score movement overall and per capability (every capability scored in either run). */
  scores: {
    overall: ScoreDelta;
    byCapability: Record<string, ScoreDelta>;
  };
}

/** Identity of a finding across runs: control id, account, Region and resource. */
export function diffKey(f: Pick<Finding, 'controlId' | 'account' | 'region' | 'resource'>): string {
  return [f.controlId, f.account, f.region ?? '', f.resource].join('\u0000');
}

function scoreDelta(previous: Score | undefined, current: Score | undefined): ScoreDelta {
  const p = previous?.score ?? null;
  const c = current?.score ?? null;
  return { previous: p, current: c, delta: p === null || c === null ? null : c - p };
}

const NOT_FAILING_NOW: ReadonlySet<Status> = new Set<Status>(['PASS', 'NOT_APPLICABLE']);

/**
 * Compares `previous` (the baseline) with `current`. Every failing finding of either run lands in
 * exactly one list; findings that fail in neither run are not listed.
 */
export function diffResults(previous: StreamedResult, current: StreamedResult): ResultDiff {
  const before = new Map<string, Finding>();
  for (const f of findingSource(previous.findings)) before.set(diffKey(f), f);
  const out: ResultDiff = {
    new: [],
    regressed: [],
    fixed: [],
    unchangedFailing: [],
    unverified: [],
    scores: { overall: scoreDelta(previous.scores.overall, current.scores.overall), byCapability: {} },
  };
  // Baseline identities the current run also has (bounded by the baseline, unlike every current key).
  const seen = new Set<string>();
  for (const f of findingSource(current.findings)) {
    const key = diffKey(f);
    const p = before.get(key);
    if (p) seen.add(key);
    if (f.status === 'FAIL') {
      if (!p) out.new.push({ key, current: f });
      else if (p.status === 'FAIL') out.unchangedFailing.push({ key, previous: p, current: f });
      else out.regressed.push({ key, previous: p, current: f });
    } else if (p?.status === 'FAIL') {
      if (NOT_FAILING_NOW.has(f.status)) out.fixed.push({ key, previous: p, current: f });
      else out.unverified.push({ key, previous: p, current: f });
    }
  }
  for (const [key, p] of before) {
    if (p.status === 'FAIL' && !seen.has(key)) out.unverified.push({ key, previous: p });
  }
  const caps = new Set([
    ...Object.keys(previous.scores.byCapability),
    ...Object.keys(current.scores.byCapability),
  ]);
  for (const cap of [...caps].sort()) {
    out.scores.byCapability[cap] = scoreDelta(
      previous.scores.byCapability[cap],
      current.scores.byCapability[cap],
    );
  }
  return out;
}

/** The change kind of every finding identity the diff lists, for lookups while rendering. */
export function changeIndex(diff: ResultDiff): Map<string, ChangeKind> {
  const m = new Map<string, ChangeKind>();
  for (const c of diff.new) m.set(c.key, 'new');
  for (const c of diff.regressed) m.set(c.key, 'regressed');
  for (const c of diff.fixed) m.set(c.key, 'fixed');
  for (const c of diff.unchangedFailing) m.set(c.key, 'unchanged-failing');
  for (const c of diff.unverified) m.set(c.key, 'unverified');
  return m;
}
