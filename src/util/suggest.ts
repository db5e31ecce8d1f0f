/** "Did you mean" suggestions by edit distance, used by blueprint validation and the CLI. */

/** Levenshtein edit distance between two strings (case-insensitive). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/**
 * The candidates closest to `input`, best first. A candidate qualifies when its distance is at most
 * `maxDistance` (default: a third of the input's length, at least 2) or when one string contains the other.
 */
export function closestMatches(input: string, candidates: Iterable<string>, maxDistance?: number): string[] {
  const limit = maxDistance ?? Math.max(2, Math.floor(input.length / 3));
  const lower = input.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const c of new Set(candidates)) {
    const d = editDistance(input, c);
    const contains =
      lower.length >= 3 && (c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase()));
    if (d <= limit || contains) scored.push([c, contains ? Math.min(d, limit) : d]);
  }
  return scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).map(([c]) => c);
}

/** `did you mean "x"?` for the best match, or `undefined` when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const best = closestMatches(input, candidates)[0];
  return best === undefined ? undefined : `did you mean "${best}"?`;
}
