/**
 * Rule-based extraction of catalog metrics from Vietnamese prose reports. Pure: text in, facts out.
 *
 * The report is normalized with an offset map (normalize-with-offsets.ts), split into sentences
 * with page furniture set aside (sentences.ts), each sentence into clauses at semicolons, and
 * every number of a clause (numbers.ts) is offered to the metric rules (metric-rules.ts) with the
 * words around it (clause-items.ts). Offsets in the result point into the text as it arrived.
 */
import { isCountUnit, type MetricUnit } from '../reference/catalog.js';
import { readClauseItems } from './clause-items.js';
import { findCrimeTopics, type CrimeTopic } from './crime-topics.js';
import {
  classifyScope,
  countsSeveralCases,
  continuesStory,
  readSentenceScope,
  type FactScope,
  type SentenceScope,
} from './fact-scope.js';
import { findForceProvinces } from './force-provinces.js';
import { normalizeWithOffsets, toOriginalSpan, type NormalizedText } from './normalize-with-offsets.js';
import { findProvinceMentions, type ProvinceMention } from './province-mentions.js';
import { chooseRule, loadCompiledRules } from './rule-engine.js';
import { splitSegments, type Segment } from './sentences.js';
import { lastYearIn, readTimeSpan, type TimeSpan } from './time-spans.js';

export type { ProvinceMention } from './province-mentions.js';
export type { FactScope } from './fact-scope.js';

const PEOPLE_PART = '(?:\\d{1,3}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) (?:nam|nữ|người lớn|trẻ em)(?![\\p{L}])';

export interface ExtractedFact {
  /** Catalog metric code. */
  metric: string;
  /** In the catalog unit: `700 triệu đồng` -> 700000000 (vnd), `2.100kg` -> 2100 (kg). */
  value: number;
  /** `27` for `26/27` on metrics that allow a ratio; null otherwise. */
  denominator: number | null;
  unit: MetricUnit;
  /** `gần`, `hơn`, `khoảng`, `trên`, `xấp xỉ`, `ước` ... before the number. */
  approx: boolean;
  /** The sentence or list item the fact came from, exactly as in the original text, trimmed. */
  evidence: string;
  /** `[start, end)` of the number as written (`26/27`, `2.102`, `700`) in the original input. */
  span: [number, number];
  /** `[start, end)` of `evidence` in the original input. */
  evidenceSpan: [number, number];
  /** Whose figure it is: the report's own (`report`), another unit's, a running total, or one case's detail. */
  scope: FactScope;
  /** The time span the text gives the figure, normalised (`2024`, `2024H1`, `2024Q3`, `2024-11`, `2020-2025`), or null. */
  timeSpan: string | null;
  /** The phrase that gave the span (`6 tháng đầu năm 2024`), or null. */
  timeSpanText: string | null;
}

export interface ExtractionResult {
  facts: ExtractedFact[];
  /** Provinces the text names, most mentioned first. */
  provinces: ProvinceMention[];
}

/** Extracts every statement that maps to a catalog metric, and the provinces the report names. */
export function extractFacts(text: string): ExtractionResult {
  const normalized = normalizeWithOffsets(text);
  // Soft line breaks inside a sentence read as spaces; the lengths stay the same.
  const flat = blankGenderSplits(normalized.lower.replaceAll('\n', ' '));
  const segments = splitSegments(normalized.text);
  const rules = loadCompiledRules();
  const facts: ExtractedFact[] = [];
  const sentences: { fact: ExtractedFact; cues: SentenceScope }[] = [];
  const report = { sumsSeveralCases: false };
  // Earlier body sentences with the year before each, for the look-back of a story (continuesStory).
  const bodySentences: string[] = [];
  const bodyYears: (number | null)[] = [];
  const bodySeveralCases: boolean[] = [];
  const severalCasesIn = (index: number): boolean => bodySeveralCases[index] ?? false;
  const bodySpans = new Map<number, TimeSpan | undefined>();
  const spanOfBody = (index: number): TimeSpan | undefined => {
    if (!bodySpans.has(index)) bodySpans.set(index, readTimeSpan(bodySentences[index] ?? '', bodyYears[index] ?? null));
    return bodySpans.get(index);
  };
  let year: number | null = null;
  let leadSpan: TimeSpan | undefined;
  let bodySeen = 0;
  let previousSentence = '';
  const forcesOf = (segment: Segment): Set<string> =>
    findForceProvinces(normalized.text, flat, segment.start, segment.end);
  // The report's own province: the first whose forces it names.
  const reportForce = once((): string | undefined => {
    for (const segment of segments) {
      if (segment.kind === 'furniture') continue;
      const [code] = forcesOf(segment);
      if (code) return code;
    }
    return undefined;
  });
  // The crime types of a report that never counts several cases: the story of one case.
  const storyTopics = once(
    (): ReadonlySet<CrimeTopic> => (countsSeveralCases(flat) ? new Set() : findCrimeTopics(flat)),
  );
  for (const [index, segment] of segments.entries()) {
    const sentence = flat.slice(segment.start, segment.end);
    const yearBefore = year;
    year = lastYearIn(sentence) ?? year;
    if (segment.kind !== 'body') {
      if (segment.kind !== 'furniture') previousSentence = sentence;
      continue;
    }
    bodySeen++;
    let cues: SentenceScope | undefined;
    let evidence: { text: string; span: [number, number] } | undefined;
    const before = previousSentence;
    // A sentence about one case that names no crime type continues the one before (`Bắt quả tang 2 đối tượng.`)
    // or is told by the next (`... Tang vật thu giữ 1.213 viên ma túy.`); in the story of one case, the story's
    // only crime type. A total of several cases without a type stays general.
    const severalCases = countsSeveralCases(sentence);
    if (severalCases) report.sumsSeveralCases = true;
    const contextTopics = once((): ReadonlySet<CrimeTopic> => {
      if (severalCases || findCrimeTopics(sentence).size > 0) return new Set();
      const previous = findCrimeTopics(before);
      if (previous.size > 0) return previous;
      const next = findCrimeTopics(nextBodySentence(flat, segments, index));
      if (next.size > 0) return next;
      const story = storyTopics();
      return story.size === 1 ? story : new Set();
    });
    previousSentence = sentence;
    const bodyIndex = bodySentences.length;
    bodySentences.push(sentence);
    bodyYears.push(yearBefore);
    bodySeveralCases.push(severalCases);
    for (const clause of splitClauses(flat, segment)) {
      for (const item of readClauseItems(flat, clause.start, clause.end, rules, contextTopics)) {
        if (item.veto) continue;
        const chosen = chooseRule(rules, item.windows);
        if (!chosen) continue;
        const { denominator } = item.token;
        const wholeOfFraction =
          denominator !== null && !chosen.metric.ratio_ok && chosen.rule.fractionPart === 'denominator';
        const value = roundValue((wholeOfFraction ? denominator : item.token.value) * (item.measure?.factor ?? 1));
        if (value <= 0 || (isCountUnit(chosen.metric.unit) && !Number.isInteger(value))) continue;
        evidence ??= readEvidence(text, normalized, segment);
        if (!cues) {
          const at = bodyIndex;
          const inStory = once(() => continuesStory(bodySentences, at, spanOfBody, severalCasesIn));
          const own = readSentenceScope(sentence, spanOfBody(bodyIndex), inStory, severalCases);
          cues = ownedBy(own, reportForce, () => forcesOf(segment));
        }
        const fact: ExtractedFact = {
          metric: chosen.metric.code,
          value,
          denominator: chosen.metric.ratio_ok ? denominator : null,
          unit: chosen.metric.unit,
          approx: item.approx,
          evidence: evidence.text,
          span: toOriginalSpan(normalized, item.token.start, item.token.end),
          evidenceSpan: evidence.span,
          scope: 'report',
          timeSpan: null,
          timeSpanText: null,
        };
        facts.push(fact);
        sentences.push({ fact, cues });
      }
    }
    // The opening sentences usually say which period the whole report covers.
    if (!leadSpan && bodySeen <= 3) {
      const found = spanOfBody(bodyIndex);
      if (found?.span && !found.toDate && !found.date) leadSpan = found;
    }
  }
  for (const { fact, cues } of sentences) {
    fact.scope = classifyScope(fact.metric, cues, report);
    const given = cues.span ?? (fact.scope === 'report' ? leadSpan : undefined);
    fact.timeSpan = given?.span ?? null;
    fact.timeSpanText = given?.text ?? null;
  }
  facts.sort((left, right) => left.span[0] - right.span[0]);
  const named = segments.filter((segment) => segment.kind !== 'furniture');
  return { facts, provinces: findProvinceMentions(normalized.text, named) };
}

/**
 * `5 công dân (4 nam, 1 nữ) nhập cảnh trái phép`, `10 đối tượng gồm 3 nữ, 7 nam`: how a count of people
 * splits by sex says nothing of what they did and counts nobody new, so it is blanked (same length) and
 * the count reads on to its own words.
 */
const GENDER_SPLIT = new RegExp(
  `(?:\\(|,? (?:gồm|trong đó|có) )(?:gồm |trong đó |có )?${PEOPLE_PART}(?:(?:,| và|;) ?${PEOPLE_PART})*\\)?`,
  'gu',
);

function blankGenderSplits(flat: string): string {
  // Every split worth blanking names women or children; `Việt Nam` alone should not cost a pass.
  if (!flat.includes(' nữ') && !flat.includes('trẻ em')) return flat;
  return flat.replace(GENDER_SPLIT, (split) => ' '.repeat(split.length));
}

/** A sentence naming only another province's forces reports that province's figures. */
function ownedBy(
  cues: SentenceScope,
  reportForce: () => string | undefined,
  forcesOf: () => ReadonlySet<string>,
): SentenceScope {
  if (cues.otherUnit) return cues;
  const own = reportForce();
  if (own === undefined) return cues;
  const forces = forcesOf();
  return forces.size === 0 || forces.has(own) ? cues : { ...cues, otherUnit: true };
}

function nextBodySentence(flat: string, segments: readonly Segment[], index: number): string {
  for (let next = index + 1; next < segments.length; next++) {
    const segment = segments[next];
    if (segment?.kind === 'body') return flat.slice(segment.start, segment.end);
  }
  return '';
}

function splitClauses(flat: string, segment: Segment): { start: number; end: number }[] {
  const clauses: { start: number; end: number }[] = [];
  let start = segment.start;
  for (let index = flat.indexOf(';', start); index !== -1 && index < segment.end; index = flat.indexOf(';', start)) {
    clauses.push({ start, end: index });
    start = index + 1;
  }
  clauses.push({ start, end: segment.end });
  return clauses;
}

function readEvidence(
  original: string,
  normalized: NormalizedText,
  segment: Segment,
): { text: string; span: [number, number] } {
  const [start, end] = toOriginalSpan(normalized, segment.start, segment.end);
  const raw = original.slice(start, end);
  const leading = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  return { text: trimmed, span: [start + leading, start + leading + trimmed.length] };
}

// Unit factors like 0.001 (grams) leave floating-point dust.
function roundValue(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}
