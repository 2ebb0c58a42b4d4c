/**
 * "Did you mean": the catalog entries nearest to what a clerk wrote, by edit distance between
 * folded keys (case, diacritics, `đ` and spacing ignored), so `so vu an ma tuy` finds the label
 * with its diacritics and `Nghe Anh` finds Nghệ An.
 */
import { distance } from 'fastest-levenshtein';
import { foldKey } from '../text/fold.js';

export interface NameCandidate {
  /** How the suggestion is shown. */
  readonly shown: string;
  /** The folded key it is compared by. */
  readonly key: string;
}

const MAX_SUGGESTIONS = 3;

/** Up to three candidates close to `written` (a quarter of its length in edits, at least two), best first. */
export function nearestNames(written: string, candidates: readonly NameCandidate[]): string[] {
  const wanted = foldKey(written);
  if (!wanted) return [];
  const limit = Math.max(2, Math.floor(wanted.length / 4));
  const best = new Map<string, number>();
  for (const candidate of candidates) {
    const found = distance(wanted, candidate.key);
    if (found > limit) continue;
    const earlier = best.get(candidate.shown);
    if (earlier === undefined || found < earlier) best.set(candidate.shown, found);
  }
  return [...best.entries()]
    .sort(([shownA, a], [shownB, b]) => a - b || shownA.localeCompare(shownB))
    .slice(0, MAX_SUGGESTIONS)
    .map(([shown]) => shown);
}
