/**
 * One canonical form of a prose report for matching, with a map back to the original characters:
 * reports arrive in NFC or NFD, with old or new tone placement, NBSPs, CRLF and stray zero-width
 * characters, and every extracted offset must still point into the text exactly as it arrived.
 */
import { normalizeVietnamese } from '../text/fold.js';

export interface NormalizedText {
  /** NFC, new tone placement, dashes unified, each whitespace run made `' '`, `'\n'` or `'\n\n'`. */
  readonly text: string;
  /** `text` lowercased; same length, so offsets are shared. */
  readonly lower: string;
  /** For each character of `text`, the offset in the original where its source starts. */
  readonly starts: Int32Array;
  /** For each character of `text`, the offset in the original just after its source. */
  readonly ends: Int32Array;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HYPHEN = 0x2d;

/** Normalizes a report and keeps, for every normalized character, where it came from. */
export function normalizeWithOffsets(original: string): NormalizedText {
  const length = original.length;
  const output = new OutputBuffer(length + 16);
  let index = 0;
  while (index < length) {
    // Fast path: a run of visible characters, none followed by a combining mark, is copied as it is.
    index = output.copyPlain(original, index);
    if (index >= length) break;
    const code = original.charCodeAt(index);
    const next = index + 1 < length ? original.charCodeAt(index + 1) : 0;
    if (isWhitespace(code)) {
      const runStart = index;
      let newlines = 0;
      while (index < length && isWhitespace(original.charCodeAt(index))) {
        const inner = original.charCodeAt(index);
        // CRLF is one line break; a lone CR (old Mac files) is one too.
        if (isLineBreak(inner) && !(inner === 0x0d && original.charCodeAt(index + 1) === NEWLINE)) newlines++;
        index++;
      }
      output.push(newlines === 0 ? SPACE : NEWLINE, runStart, index);
      if (newlines > 1) output.push(NEWLINE, runStart, index);
      continue;
    }
    if (isInvisible(code)) {
      index++;
      continue;
    }
    if (isCombiningMark(next) || isCombiningMark(code)) {
      // A base letter with its combining marks (NFD): compose the cluster, map every unit to it.
      const clusterStart = index;
      index++;
      while (index < length && isCombiningMark(original.charCodeAt(index))) index++;
      const composed = composeCluster(original.slice(clusterStart, index));
      for (let unit = 0; unit < composed.length; unit++) output.push(composed.charCodeAt(unit), clusterStart, index);
      continue;
    }
    output.push(isDash(code) ? HYPHEN : code, index, index + 1);
    index++;
  }

  const nfc = UTF16.decode(output.codes.subarray(0, output.size));
  // Tone placement only swaps two letters (`hoà` -> `hòa`), so the offset map stays valid.
  const toned = normalizeVietnamese(nfc);
  const text = toned.length === nfc.length ? toned : nfc;
  return {
    text,
    lower: lowercaseKeepingLength(text),
    starts: output.starts.subarray(0, output.size),
    ends: output.ends.subarray(0, output.size),
  };
}

const UTF16 = new TextDecoder('utf-16le');

// An NFD report has a cluster in most words, but Vietnamese has only a few hundred distinct ones.
const composedClusters = new Map<string, string>();
const MAX_CACHED_CLUSTERS = 4096;

function composeCluster(cluster: string): string {
  let composed = composedClusters.get(cluster);
  if (composed === undefined) {
    composed = cluster.normalize('NFC');
    if (composedClusters.size < MAX_CACHED_CLUSTERS) composedClusters.set(cluster, composed);
  }
  return composed;
}

/** Normalized UTF-16 code units with, for each, the original range it came from. */
class OutputBuffer {
  codes: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  /** Copies the characters from `from` on that need no change; returns where the first other one is. */
  copyPlain(original: string, from: number): number {
    const length = original.length;
    if (this.size + (length - from) > this.codes.length) this.grow(this.size + (length - from));
    const { codes, starts, ends } = this;
    let size = this.size;
    let index = from;
    let code = index < length ? original.charCodeAt(index) : 0;
    while (index < length) {
      const next = index + 1 < length ? original.charCodeAt(index + 1) : 0;
      if (!isPlain(code) || isCombiningMark(next)) break;
      codes[size] = code;
      starts[size] = index;
      ends[size] = index + 1;
      size++;
      index++;
      code = next;
    }
    this.size = size;
    return index;
  }

  push(code: number, start: number, end: number): void {
    if (this.size === this.codes.length) this.grow();
    this.codes[this.size] = code;
    this.starts[this.size] = start;
    this.ends[this.size] = end;
    this.size++;
  }

  // NFC can lengthen a cluster in rare cases (U+0344), so the buffers may need to grow.
  private grow(needed = 0): void {
    const capacity = Math.max(this.codes.length * 2, needed);
    const codes = new Uint16Array(capacity);
    const starts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    codes.set(this.codes);
    starts.set(this.starts);
    ends.set(this.ends);
    Object.assign(this, { codes, starts, ends });
  }
}

/** The original `[start, end)` of the normalized range `[start, end)`. */
export function toOriginalSpan(normalized: NormalizedText, start: number, end: number): [number, number] {
  if (end <= start) {
    const at =
      start < normalized.starts.length
        ? (normalized.starts[start] ?? 0)
        : (normalized.ends[normalized.ends.length - 1] ?? 0);
    return [at, at];
  }
  return [normalized.starts[start] ?? 0, normalized.ends[end - 1] ?? 0];
}

function lowercaseKeepingLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  // A few letters (e.g. `İ`) lowercase to two units; keep those as they are so offsets stay shared.
  let result = '';
  for (const character of text) {
    const folded = character.toLowerCase();
    result += folded.length === character.length ? folded : character;
  }
  return result;
}

/** A visible character that is kept as it is (unless a combining mark follows it). */
function isPlain(code: number): boolean {
  return (
    code > 0x20 &&
    code < 0x2000 &&
    code !== 0xa0 &&
    code !== 0x1680 &&
    code !== 0xad &&
    code !== 0x85 &&
    !(code >= 0x0300 && code <= 0x036f)
  );
}

function isWhitespace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x85 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

function isLineBreak(code: number): boolean {
  return (
    code === 0x0a ||
    code === 0x0d ||
    code === 0x0b ||
    code === 0x0c ||
    code === 0x85 ||
    code === 0x2028 ||
    code === 0x2029
  );
}

function isInvisible(code: number): boolean {
  return (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff || code === 0xad;
}

function isCombiningMark(code: number): boolean {
  return (
    (code >= 0x0300 && code <= 0x036f) ||
    (code >= 0x1dc0 && code <= 0x1dff) ||
    (code >= 0x20d0 && code <= 0x20ff) ||
    (code >= 0xfe20 && code <= 0xfe2f)
  );
}

function isDash(code: number): boolean {
  return (code >= 0x2010 && code <= 0x2015) || code === 0x2212;
}
