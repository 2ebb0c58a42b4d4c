/**
 * Decides which encoding Vietnamese text is in by reading it every way it could be read and
 * scoring each reading (vietnamese-syllables.ts): the winner must read nearly every accented word
 * as a real syllable, clearly better than the other readings, over enough words to tell. Anything
 * less is no decision, so the caller refuses the file rather than guess.
 */
import { convertLegacyText, decodeLegacyBytes, type LegacyEncoding } from './legacy-vietnamese.js';
import { scoreVietnamese, type VietnameseScore } from './vietnamese-syllables.js';

/** Share of accented words the winning reading must read as syllables. */
export const MIN_RATIO = 0.9;
/** How far ahead of the next reading the winner must be. */
export const MIN_LEAD = 0.25;
/** Accented words needed before anything is decided. */
export const MIN_MARKED_WORDS = 3;
// Enough text (bytes or characters) for about ten thousand words; a decision never needs a whole large file.
const SAMPLE_SIZE = 64 * 1024;

export interface EncodingReading<Name extends string> {
  readonly encoding: Name;
  readonly score: VietnameseScore;
}

export type EncodingDecision<Name extends string> =
  | { readonly ok: true; readonly encoding: Name; readonly readings: readonly EncodingReading<Name>[] }
  | { readonly ok: false; readonly readings: readonly EncodingReading<Name>[] };

/** Picks the reading that wins by the rules above, if one does. */
export function decide<Name extends string>(readings: readonly EncodingReading<Name>[]): EncodingDecision<Name> {
  const ranked = [...readings].sort((left, right) => right.score.ratio - left.score.ratio);
  const [best, next] = ranked;
  if (!best || best.score.marked < MIN_MARKED_WORDS || best.score.ratio < MIN_RATIO) return { ok: false, readings };
  if (next && best.score.ratio - next.score.ratio < MIN_LEAD) return { ok: false, readings };
  return { ok: true, encoding: best.encoding, readings };
}

const BYTE_ENCODINGS: readonly LegacyEncoding[] = ['windows-1258', 'tcvn3', 'vni'];

/** Which legacy encoding bytes that are not UTF-8 are in (Windows-1258, TCVN3 or VNI), if any clearly. */
export function detectLegacyBytes(bytes: Uint8Array): EncodingDecision<LegacyEncoding> {
  const sample = bytes.subarray(0, SAMPLE_SIZE);
  return decide(
    BYTE_ENCODINGS.map((encoding) => ({ encoding, score: scoreVietnamese(decodeLegacyBytes(sample, encoding)) })),
  );
}

export type LegacyFont = 'tcvn3' | 'vni';

/**
 * Whether Unicode text is a legacy font's code points (TCVN3 or VNI) rather than Vietnamese
 * as it reads: only when a legacy reading wins clearly over the text as it is.
 */
export function detectLegacyFont(text: string): LegacyFont | undefined {
  // A Latin-1 sign standing alone (`×`, `±`, `©` between spaces) is a symbol, not a letter of a
  // legacy font: left in, a few of them would read as one-letter Vietnamese words.
  const sample = text.slice(0, SAMPLE_SIZE).replace(/(?<!\p{L})[\u00a1-\u00ff](?!\p{L})/gu, ' ');
  // Both legacy fonts write their letters with Latin-1 characters; text without any is not in one.
  if (!/[\u00c0-\u00ff]/u.test(sample) && !/[\u00a1-\u00bf]/u.test(sample)) return undefined;
  const unicode = scoreVietnamese(sample);
  // A legacy reading wins only by MIN_LEAD over the text as it is, and no reading scores above 1:
  // text that already reads this well as Unicode needs no other reading.
  if (unicode.ratio > 1 - MIN_LEAD) return undefined;
  const decision = decide<LegacyFont | 'unicode'>([
    { encoding: 'unicode', score: unicode },
    { encoding: 'tcvn3', score: scoreVietnamese(convertLegacyText(sample, 'tcvn3')) },
    { encoding: 'vni', score: scoreVietnamese(convertLegacyText(sample, 'vni')) },
  ]);
  return decision.ok && decision.encoding !== 'unicode' ? decision.encoding : undefined;
}
