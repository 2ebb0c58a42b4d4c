/**
 * Evaluates the metric rules (metric-rules.ts) against one number and the windows of text around
 * it, and picks the most specific metric that accepts it, if any.
 */
import { findMetricByCode, type Metric } from '../reference/catalog.js';
import type { CrimeTopic } from './crime-topics.js';
import type { Measure } from './measures.js';
import { lookBehindFirst } from './look-behind-first.js';
import { METRIC_RULES, type CueScope, type CueSet, type MetricRule } from './metric-rules.js';

/** The text around one number that the rules look at (see metric-rules.ts for each scope). */
export interface RuleWindows {
  readonly tail: string;
  readonly after: string;
  readonly before: string;
  /** From the previous number of the clause (or its start) up to this number, even inside a list. */
  readonly lead: string;
  readonly around: string;
  readonly rest: string;
  readonly clause: string;
  /**
   * The crime types named around the number (its list's verb phrase and its own words) or, if none,
   * in its clause without the parts that break a total down (`trong đó ...`). Computed on demand.
   */
  readonly crimeTopics: () => ReadonlySet<CrimeTopic>;
  /** The unit the number carries, if it is a measure. */
  readonly measure: Measure | undefined;
}

/** A compiled cue: only ever tested against a window. */
type Cue = Pick<RegExp, 'test'>;
type CompiledCueSet = readonly (readonly [CueScope, Cue])[];

export interface CompiledRule {
  readonly rule: MetricRule;
  readonly metric: Metric;
  readonly noun: RegExp | undefined;
  /** `số đảng viên mới kết nạp là $`: the subject stated before a bare number, if the rule reads one. */
  readonly copula: Cue | undefined;
  readonly cues: readonly CompiledCueSet[];
  readonly unless: CompiledCueSet;
}

// A cue never starts or ends inside a word; cues starting or ending with punctuation need no boundary there.
const BOUNDARY_BEFORE = '(?:(?<![\\p{L}\\p{N}])|(?![\\p{L}\\p{N}]))';
const BOUNDARY_AFTER = '(?:(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}]))';

// Rules share many cues; one compiled cue per source lets `chooseRule` test each window against it once.
const compiledCues = new Map<string, Cue>();

/** Compiles a cue: word boundaries are added on the sides not anchored with `^` or `$`. */
export function compileCue(source: string): Cue {
  let cue = compiledCues.get(source);
  if (!cue) {
    const end = source.endsWith('$') ? '' : BOUNDARY_AFTER;
    cue = source.startsWith('^')
      ? new RegExp(`(?:${source})${end}`, 'u')
      : lookBehindFirst(BOUNDARY_BEFORE, `(?:${source})${end}`);
    compiledCues.set(source, cue);
  }
  return cue;
}

function compileCueSet(set: CueSet): CompiledCueSet {
  return Object.entries(set).map(([scope, source]) => [scope as CueScope, compileCue(source)] as const);
}

/** Checks every rule against the catalog once and compiles its patterns, most specific first. */
export function compileRules(rules: readonly MetricRule[] = METRIC_RULES): CompiledRule[] {
  return rules
    .map((rule) => {
      const metric = findMetricByCode(rule.metric);
      if (!metric) throw new Error(`metric rule names ${rule.metric}, which is not in the metric catalog`);
      const expectsMeasure = metric.unit === 'kg' || metric.unit === 'km' || metric.unit === 'vnd';
      if (expectsMeasure !== (rule.measure !== undefined))
        throw new Error(`metric rule ${rule.metric} must read a ${metric.unit} measure`);
      return {
        rule,
        metric,
        noun: rule.noun === undefined ? undefined : new RegExp(`^(?:${rule.noun})(?![\\p{L}\\p{N}])`, 'u'),
        copula: rule.copula === undefined ? undefined : compileCue(`(?:${rule.copula})${COPULA}`),
        cues: (rule.cues ?? []).map(compileCueSet),
        unless: compileCueSet(rule.unless ?? {}),
      };
    })
    .sort((left, right) => right.rule.priority - left.rule.priority);
}

/** Up to five words after the subject, then `là`, `đạt`, `lên tới` or a colon, right before the number. */
const COPULA = '(?: [^\\s,;.]+){0,5}? ?(?:là|đạt|lên tới|lên đến|:) ?$';
/** A bare number: nothing counted after it, the clause or sentence goes on or ends. */
const BARE_NUMBER = /^(?:[.,;…)!?]|$)/u;

let compiled: CompiledRule[] | undefined;

/** The built-in rules, compiled on first use. */
export function loadCompiledRules(): CompiledRule[] {
  compiled ??= compileRules();
  return compiled;
}

/** Length of the longest noun any rule reads at the start of `tail` (0 if none): the item's classifier. */
export function measureClassifier(rules: readonly CompiledRule[], tail: string, measure: Measure | undefined): number {
  let longest = 0;
  for (const { rule, noun } of rules) {
    if (!noun || rule.measure !== measure) continue;
    const match = noun.exec(tail);
    if (match && match[0].length > longest) longest = match[0].length;
  }
  return longest;
}

/** The first rule (by priority) that accepts a number with these windows. */
export function chooseRule(rules: readonly CompiledRule[], windows: RuleWindows): CompiledRule | undefined {
  const results = new Map<Cue, Partial<Record<CueScope, boolean>>>();
  const passes = ([scope, cue]: readonly [CueScope, Cue]): boolean => {
    let byScope = results.get(cue);
    if (!byScope) {
      byScope = {};
      results.set(cue, byScope);
    }
    byScope[scope] ??= cue.test(windows[scope]);
    return byScope[scope];
  };
  for (const candidate of rules) {
    const { rule } = candidate;
    if (rule.measure !== windows.measure) continue;
    if (candidate.copula && BARE_NUMBER.test(windows.tail) && candidate.copula.test(windows.lead)) {
      if (candidate.unless.some(passes)) continue;
      return candidate;
    }
    if (candidate.noun && !candidate.noun.test(windows.tail)) continue;
    if (rule.topic && !matchesTopic(rule.topic, windows.crimeTopics())) continue;
    if (candidate.cues.length > 0 && !candidate.cues.some((set) => set.every(passes))) continue;
    if (candidate.unless.some(passes)) continue;
    return candidate;
  }
  return undefined;
}

function matchesTopic(wanted: CrimeTopic | 'none-or-several', named: ReadonlySet<CrimeTopic>): boolean {
  if (wanted === 'none-or-several') return named.size !== 1;
  return named.size === 1 && named.has(wanted);
}
