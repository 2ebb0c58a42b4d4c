/**
 * Splits a normalized report into segments (sentences and list items) with their offsets, joining
 * lines that were wrapped mid-sentence and marking page furniture so no fact is read from it.
 */
import { LIST_MARKER_AT_START, TERMINAL_AT_END, classifyLine, type LineKind } from './furniture.js';

export interface Segment {
  /** Offsets into the normalized text. */
  readonly start: number;
  readonly end: number;
  readonly kind: LineKind;
}

/** Longest segment the engine sees at once; longer runs without a full stop are cut at a clause. */
const MAX_SEGMENT = 2000;
const CONTINUES_LINE = /^(?:[\p{Ll}\d(%,;]|\.\d)/u;
const OPEN_AT_END = /(?:[,(\-–]|(?<!\p{L})(?:và|của|với|các|cho|tại|ở|được|đã|là|về|trong|từ|có|những|gồm))$/u;
// A full stop after these is part of an abbreviation, not the end of a sentence.
const ABBREVIATION_BEFORE = /(?<!\p{L})(?:tp|tx|tt|p\.v|pv|ts|ths|th\.s|pgs|gs|bs|ks|cn|q|p|x|h|st|tr|đ\/c|\p{Lu})$/iu;

type Line = { start: number; end: number; blankBefore: boolean };

/** Every segment of the text in order: body sentences and list items, titles, and furniture. */
export function splitSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  const lines = joinWrappedLines(text, readLines(text));
  const state = { inRelatedList: false, seenProse: false, seenHeadline: false };
  const kinds = lines.map((line) => classifyLine(text.slice(line.start, line.end), state));
  // A line printed twice in a row is a caption or a headline teaser, not prose.
  for (let index = 1; index < lines.length; index++) {
    const previous = lines[index - 1];
    const line = lines[index];
    if (previous && line && text.slice(previous.start, previous.end) === text.slice(line.start, line.end)) {
      kinds[index] = 'furniture';
      kinds[index - 1] = 'furniture';
    }
  }
  lines.forEach((line, index) => {
    const kind = kinds[index] ?? 'body';
    if (kind !== 'body') segments.push({ start: line.start, end: line.end, kind });
    else for (const { start, end } of splitSentences(text, line.start, line.end)) segments.push({ start, end, kind });
  });
  return segments;
}

function readLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let blankBefore = true;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let contentStart = start;
    let contentEnd = end;
    while (contentStart < contentEnd && text.charCodeAt(contentStart) <= 0x20) contentStart++;
    while (contentEnd > contentStart && text.charCodeAt(contentEnd - 1) <= 0x20) contentEnd--;
    if (contentEnd > contentStart) {
      lines.push({ start: contentStart, end: contentEnd, blankBefore });
      blankBefore = false;
    } else if (end < text.length) blankBefore = true;
    start = end + 1;
  }
  return lines;
}

// Reports pasted from e-mail or PDF break lines inside sentences; rejoin them when the break is clearly not an end.
function joinWrappedLines(text: string, lines: readonly Line[]): Line[] {
  const joined: Line[] = [];
  for (const line of lines) {
    const current = joined.at(-1);
    if (current && !line.blankBefore && isContinuation(text, current, line, joined.length === 1))
      current.end = line.end;
    else joined.push({ ...line });
  }
  return joined;
}

function isContinuation(text: string, current: Line, next: Line, currentIsFirst: boolean): boolean {
  const currentText = text.slice(Math.max(current.start, current.end - 40), current.end);
  const nextText = text.slice(next.start, Math.min(next.end, next.start + 40));
  if (LIST_MARKER_AT_START.test(nextText) || TERMINAL_AT_END.test(currentText)) return false;
  if (CONTINUES_LINE.test(nextText) || OPEN_AT_END.test(currentText)) return true;
  // Hard-wrapped prose: a long line running into another long one that starts with a capital (a proper noun).
  return (
    !currentIsFirst &&
    current.end - current.start >= 60 &&
    next.end - next.start >= 30 &&
    /[\p{L}\d]$/u.test(currentText) &&
    text.slice(current.start, current.end).includes(',')
  );
}

function splitSentences(text: string, start: number, end: number): { start: number; end: number }[] {
  const sentences: { start: number; end: number }[] = [];
  let sentenceStart = start;
  const listMarker = LIST_MARKER_AT_START.exec(text.slice(start, Math.min(end, start + 8)));
  const searchFrom = listMarker ? start + listMarker[0].length : start;
  for (let index = searchFrom; index < end; index++) {
    const code = text.charCodeAt(index);
    const isStop = code === 0x2e || code === 0x21 || code === 0x3f || code === 0x2026;
    if (!isStop) {
      if (index - sentenceStart >= MAX_SEGMENT) {
        const cut = findClauseCut(text, sentenceStart, index);
        sentences.push({ start: sentenceStart, end: cut });
        sentenceStart = skipSpaces(text, cut, end);
      }
      continue;
    }
    let after = index + 1;
    while (after < end && /[.!?…"”’)\]]/u.test(text[after] ?? '')) after++;
    const nextCharacter = text[after] === ' ' ? (text[after + 1] ?? '') : (text[after] ?? '');
    const spaced = text[after] === ' ';
    const startsNewSentence = spaced
      ? /[\p{Lu}\d"“'‘(\-–•]/u.test(nextCharacter)
      : /\p{Lu}/u.test(nextCharacter) && /\p{Ll}/u.test(text[index - 1] ?? '');
    if (after >= end || !startsNewSentence) {
      index = after - 1;
      continue;
    }
    if (code === 0x2e && ABBREVIATION_BEFORE.test(text.slice(Math.max(sentenceStart, index - 6), index))) continue;
    sentences.push({ start: sentenceStart, end: after });
    sentenceStart = skipSpaces(text, after, end);
    index = sentenceStart - 1;
  }
  if (sentenceStart < end) sentences.push({ start: sentenceStart, end });
  return sentences;
}

function findClauseCut(text: string, start: number, end: number): number {
  const window = text.slice(start, end);
  for (const separator of ['; ', ', ', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at > window.length / 2) return start + at + 1;
  }
  return end;
}

function skipSpaces(text: string, from: number, end: number): number {
  let index = from;
  while (index < end && text.charCodeAt(index) <= 0x20) index++;
  return index;
}
