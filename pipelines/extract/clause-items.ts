/**
 * The numbers of one clause, grouped into lists (`88 tổ, 916 hộ gia đình, 2.102 cá nhân tự quản
 * đường biên` is one list sharing its trailing topic; `khởi tố 60 vụ, 78 đối tượng` one list
 * sharing its verb), each with the windows of text the rules look at.
 */
import { findCrimeTopics, type CrimeTopic } from './crime-topics.js';
import { APPROXIMATION, PREDICATE_OPENERS } from './cue-words.js';
import { countWords } from './count-words.js';
import { lookBehindFirst } from './look-behind-first.js';
import { readMeasure, type MeasureReading } from './measures.js';
import { findNumberTokens, type NumberToken } from './numbers.js';
import { measureClassifier, type CompiledRule, type RuleWindows } from './rule-engine.js';

export interface ClauseItem {
  readonly token: NumberToken;
  readonly measure: MeasureReading | undefined;
  readonly approx: boolean;
  /** Why no metric may take this number (negated, a rate, a change), or undefined. */
  readonly veto: string | undefined;
  readonly windows: RuleWindows;
}

const WINDOW = 240;
const LIST_SEPARATOR = /[,/+&]|(?<!\p{L})(?:và|với|cùng|hoặc)(?!\p{L})/u;
const LIST_BREAK = new RegExp(`[;:()]|(?<!\\p{L})(?:${PREDICATE_OPENERS})(?!\\p{L})`, 'u');
// A bracket opens a breakdown (`91 vụ (trong đó 43 vụ ...)`), not a person's aside (`(SN 1988)`, `(người Lào)`).
const BREAKDOWN = lookBehindFirst(
  '(?<!\\p{L})',
  '(?:trong đó|bao gồm|gồm|riêng|cụ thể)(?!\\p{L})' +
    '|\\((?! ?(?:sn|sinh năm|\\d+ tuổi|trú|quê|ngụ|tạm trú|người|quốc tịch)(?!\\p{L}))',
);
const APPROX_WORD_AT_END = lookBehindFirst('(?<!\\p{L})', `${APPROXIMATION} ?$`);
const APPROX_AT_END = lookBehindFirst(
  '(?<!\\p{L})',
  `${APPROXIMATION}(?: (?:trị giá|giá trị|đạt|được|là|có|với|tổng số|số|tổng|tổng cộng))? ?$`,
);
// What may follow a list member's classifier without giving it a topic of its own: `88 tổ, ` or `347 vụ, với `.
const BARE_REMAINDER = /^[\s,/+&]*(?:(?:và|với|cùng|hoặc|mới|khác|các loại)(?!\p{L})[\s,/]*)*$/u;

/** `còn 1 đồng chí ... chưa tham gia`, `mỗi đảng viên phụ trách 5 hộ`, `tăng 15 vụ so với cùng kỳ`, `phấn đấu kết nạp 40`. */
const VETOES: readonly { reason: string; scope: 'before' | 'firstChunk'; pattern: Pick<RegExp, 'test'> }[] = [
  {
    reason: 'negated',
    scope: 'firstChunk',
    pattern: lookBehindFirst('(?<!\\p{L})', '(?:chưa|không được|không có|không tham gia)(?!\\p{L})'),
  },
  { reason: 'a remainder', scope: 'before', pattern: lookBehindFirst('(?<!\\p{L})', 'còn(?: lại)? $') },
  {
    reason: 'a rate',
    scope: 'before',
    pattern: lookBehindFirst('(?<!\\p{L})', '(?:mỗi|bình quân|trung bình)(?: [^\\s,;]+){0,5} $'),
  },
  { reason: 'a rate', scope: 'firstChunk', pattern: /^\/ ?\p{L}/u }, // `500.000 đồng/người`
  // `2,5 triệu đồng/01 người`, `200 triệu đồng/1 bánh`: the number after the slash is the rate's unit.
  { reason: 'a rate', scope: 'before', pattern: lookBehindFirst('(?<!\\p{L})', '(?:đồng|kg|gam|g|bánh|viên) ?\\/ ?$') },
  {
    reason: 'a change',
    scope: 'before',
    pattern: lookBehindFirst('(?<!\\p{L})', '(?:tăng|giảm|nhiều hơn|ít hơn)(?: thêm)? $'),
  },
  {
    reason: 'a change',
    scope: 'firstChunk',
    pattern: lookBehindFirst('(?<!\\p{L})', '(?:so với|so cùng kỳ)(?!\\p{L})'),
  },
  {
    reason: 'a target',
    scope: 'before',
    pattern: lookBehindFirst(
      '(?<!\\p{L})',
      '(?:phấn đấu|dự kiến|chỉ tiêu|mục tiêu|kế hoạch|sẽ|đề ra|đặt ra)(?: [^\\s,;]+){0,4} $',
    ),
  },
];
/** Words after a number that lift a veto: `tăng thêm 5 cán bộ tham gia cấp ủy` counts the added members. */
const VETO_LIFTED_BY: Readonly<Record<string, RegExp>> = {
  'a change': /^(?:đồng chí|đ\/c|cán bộ|cấp ủy viên|ủy viên)[^;]{0,100}?(?:cấp ủy|ban chấp hành|đảng ủy|huyện ủy)/u,
};

/**
 * Reads every number of `flat[clauseStart, clauseEnd)` with its list and windows. `contextTopics`:
 * the crime types the text around the clause names (its sentence, else the sentence before), for
 * a clause that names none (`Bắt quả tang 2 đối tượng.` after a sentence about drugs).
 */
export function readClauseItems(
  flat: string,
  clauseStart: number,
  clauseEnd: number,
  rules: readonly CompiledRule[],
  contextTopics: () => ReadonlySet<CrimeTopic> = () => new Set(),
): ClauseItem[] {
  const tokens = findNumberTokens(flat, clauseStart, clauseEnd);
  if (tokens.length === 0) return [];
  const measured = tokens.map((token, index) => {
    const measure = readMeasure(flat, token, clauseEnd);
    const tailStart = skipSpaces(flat, measure ? measure.end : token.next, clauseEnd);
    const tailEnd = Math.min(tokens[index + 1]?.start ?? clauseEnd, tailStart + WINDOW);
    const tail = flat.slice(tailStart, Math.max(tailStart, tailEnd));
    // A breakdown (`, trong đó ma túy ...`) belongs to what follows, not to this number.
    const breakdown = BREAKDOWN.exec(tail)?.index ?? -1;
    return { token, measure, tail: breakdown > 0 ? tail.slice(0, breakdown) : tail, tailStart };
  });
  const groups = groupIntoLists(
    flat,
    measured.map((entry) => entry.token),
  );
  const breakdowns = findBreakdowns(flat, clauseStart, clauseEnd);
  const items: ClauseItem[] = [];
  const befores: { end: number; before: string; ownBefore: string }[] = [];
  let previousGroupEnd = clauseStart;
  for (const group of groups) {
    const first = measured[group[0] ?? 0];
    const last = measured[group.at(-1) ?? 0];
    if (!first || !last) continue;
    const beforeStart = Math.max(previousGroupEnd, first.token.start - WINDOW);
    let before = withoutApproxWordAtEnd(flat.slice(beforeStart, first.token.start));
    // After another list, the words up to the last comma still describe that list (`45 vụ buôn lậu, bắt giữ ...`).
    let ownBefore = previousGroupEnd > clauseStart ? before.slice(before.lastIndexOf(',') + 1) : before;
    // `91 vụ (trong đó 43 vụ ...) và 77 đối tượng`: the list resumes after the aside, with the words before it.
    const resumed =
      before.slice(-12).includes(')') && AFTER_ASIDE.test(before)
        ? resumeAfterAside(flat, befores, first.token.start, clauseStart)
        : undefined;
    if (resumed) ({ before, ownBefore } = resumed);
    befores.push({ end: last.token.end, before, ownBefore });
    const beforeTopics = once(() => findCrimeTopics(ownBefore));
    const clauseTopics = once(() =>
      findCrimeTopics(
        sliceBetweenBreakdowns(flat, clauseStart, clauseEnd, breakdowns, first.token.start, last.token.end),
      ),
    );
    const sharedWith = findSharedWords(
      group.map((index) => measured[index]),
      rules,
    );
    for (const [position, index] of group.entries()) {
      const entry = measured[index];
      if (!entry) continue;
      const sharing = sharedWith[position];
      const after = sharing ? `${entry.tail.trimEnd()} ${sharing}` : entry.tail;
      const justBefore = flat.slice(Math.max(clauseStart, entry.token.start - 40), entry.token.start);
      const previousEnd = measured[index - 1]?.token.end ?? clauseStart;
      const lead = flat.slice(Math.max(previousEnd, entry.token.start - WINDOW), entry.token.start);
      const restEnd = Math.min(clauseEnd, entry.tailStart + WINDOW);
      const windows: RuleWindows = {
        tail: entry.tail,
        after,
        before,
        lead: withoutApproxWordAtEnd(lead),
        around: `${before} ${after}`,
        rest: flat.slice(entry.tailStart, Math.max(entry.tailStart, restEnd)),
        clause: flat.slice(
          Math.max(clauseStart, entry.token.start - WINDOW),
          Math.min(clauseEnd, entry.token.end + WINDOW),
        ),
        crimeTopics: once(() => {
          // A count's own words name its type first (`1 vụ/1 đối tượng ... vũ khí, pháo`), then its verb phrase.
          const own = findCrimeTopics(after);
          if (own.size > 0) return own;
          const named = beforeTopics();
          if (named.size > 0) return named;
          const inClause = withoutGoodsAside(clauseTopics());
          return inClause.size > 0 ? inClause : contextTopics();
        }),
        measure: entry.measure?.measure,
      };
      items.push({
        token: entry.token,
        measure: entry.measure,
        approx: APPROX_AT_END.test(justBefore),
        veto: findVeto(withoutApproxWordAtEnd(justBefore), entry.tail, windows.rest),
        windows,
      });
    }
    previousGroupEnd = last.token.end;
  }
  return items;
}

/** `gần 700` read without its `gần `. */
function withoutApproxWordAtEnd(text: string): string {
  const approx = APPROX_WORD_AT_END.exec(text);
  return approx ? text.slice(0, approx.index) : text;
}

const AFTER_ASIDE = /^[^()]*\)[ ,]*(?:và|cùng|với)? ?$/u;

/** The windows of the list an aside interrupted: the last list ending before the aside opened. */
function resumeAfterAside(
  flat: string,
  befores: readonly { end: number; before: string; ownBefore: string }[],
  at: number,
  clauseStart: number,
): { before: string; ownBefore: string } | undefined {
  const open = flat.lastIndexOf('(', at);
  if (open < clauseStart) return undefined;
  for (let index = befores.length - 1; index >= 0; index--) {
    const entry = befores[index];
    if (entry && entry.end <= open) return flat.slice(entry.end, open).trim().length <= 12 ? entry : undefined;
  }
  return undefined;
}

/**
 * For each member of a list, the words it shares: a bare member (`88 tổ, `) takes those of the next
 * member that has words of its own (`2.102 cá nhân tự quản đường biên`); others share nothing.
 */
function findSharedWords(
  members: readonly ({ tail: string; measure: MeasureReading | undefined } | undefined)[],
  rules: readonly CompiledRule[],
): (string | undefined)[] {
  const shared: (string | undefined)[] = new Array<string | undefined>(members.length).fill(undefined);
  let ownWords: string | undefined;
  for (let position = members.length - 1; position >= 0; position--) {
    const member = members[position];
    if (!member) continue;
    const isLast = position === members.length - 1;
    const isBare =
      !isLast && BARE_REMAINDER.test(member.tail.slice(measureClassifier(rules, member.tail, member.measure?.measure)));
    if (isBare) shared[position] = ownWords;
    else ownWords = member.tail;
  }
  return shared;
}

/** Indexes of tokens grouped into lists: neighbours joined by a separator with no new predicate between. */
function groupIntoLists(flat: string, tokens: readonly NumberToken[]): number[][] {
  const groups: number[][] = [];
  tokens.forEach((token, index) => {
    const previous = tokens[index - 1];
    const current = groups.at(-1);
    if (previous && current && isSameList(flat.slice(previous.end, token.start))) current.push(index);
    else groups.push([index]);
  });
  return groups;
}

function isSameList(gap: string): boolean {
  return gap.length <= 80 && countWords(gap) <= 7 && LIST_SEPARATOR.test(gap) && !LIST_BREAK.test(gap);
}

function findBreakdowns(flat: string, clauseStart: number, clauseEnd: number): number[] {
  return [...BREAKDOWN.matchAll(flat.slice(clauseStart, clauseEnd))].map((match) => clauseStart + match.index);
}

// `347 vụ, 430 đối tượng, trong đó 15 vụ ma túy`: the breakdown names a type the total does not have.
function sliceBetweenBreakdowns(
  flat: string,
  clauseStart: number,
  clauseEnd: number,
  breakdowns: readonly number[],
  groupStart: number,
  groupEnd: number,
): string {
  let from = Math.max(clauseStart, groupStart - 2 * WINDOW);
  let to = Math.min(clauseEnd, groupEnd + 2 * WINDOW);
  for (const at of breakdowns) {
    if (at < groupStart) from = Math.max(from, at);
    else if (at >= groupEnd) {
      to = Math.min(to, at);
      break;
    }
  }
  return flat.slice(from, to);
}

/**
 * Weapons or fireworks seized beside drugs elsewhere in the clause (`bắt 13 đối tượng, thu 47 bánh heroin
 * cùng nhiều vũ khí`) do not make the clause's count a mix of crime types.
 */
function withoutGoodsAside(topics: ReadonlySet<CrimeTopic>): ReadonlySet<CrimeTopic> {
  if (topics.size < 2 || !topics.has('other')) return topics;
  const specific = new Set([...topics].filter((topic) => topic !== 'other'));
  return specific.size === 1 ? specific : topics;
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

function findVeto(justBefore: string, tail: string, rest: string): string | undefined {
  const firstChunk = tail.split(/[,;.]/u, 1)[0] ?? '';
  for (const veto of VETOES) {
    if (
      veto.pattern.test(veto.scope === 'before' ? justBefore : firstChunk) &&
      !VETO_LIFTED_BY[veto.reason]?.test(rest)
    )
      return veto.reason;
  }
  return undefined;
}

function skipSpaces(text: string, from: number, end: number): number {
  let index = from;
  while (index < end && text.charCodeAt(index) === 0x20) index++;
  return index;
}
