/**
 * A prose report as a source: its facts come from the extractor, each with the sentence and the
 * offsets behind it. The province and period come from the landing folder (or the command line);
 * a report that names another province more often than its folder's gets a warning.
 */
import { extractFacts } from '../extract/extract-facts.js';
import { formatPeriod, type Period } from '../period.js';
import { describeProvince, resolveProvince } from '../reference/provinces.js';
import { unreadableSource, type FactDraft, type RejectionDraft, type SourceResult } from '../facts/source-result.js';
import { implausibility } from '../values/plausible-limits.js';

/** Reads a decoded text report bound to a province and period. */
export function readTextReport(
  text: string,
  landing: { province: string | null; period: Period | null },
): SourceResult {
  const { province, period } = landing;
  if (!province || !period) {
    const missing = [province ? null : 'province', period ? null : 'period'].filter(Boolean).join(' and ');
    return unreadableSource(
      `a text report needs its ${missing}: put it under incoming/<ISO code>/<period>/ or give --province and --period`,
      landing,
    );
  }
  const resolved = resolveProvince(province, period);
  if (!resolved.ok) return unreadableSource(resolved.reason, landing);

  const extraction = extractFacts(text);
  const warnings: string[] = [];
  const named = extraction.provinces[0];
  if (
    named &&
    named.code !== province &&
    !extraction.provinces.some((mention) => mention.code === province && mention.count >= named.count)
  ) {
    warnings.push(
      `the report names ${describeProvince(named.code)} most often, but it was filed for ${describeProvince(province)}`,
    );
  }
  if (extraction.facts.length === 0)
    warnings.push(`no catalog metric was found in the report for ${formatPeriod(period)}`);
  // Numbers read from text obey the bounds CSV values do.
  const facts: FactDraft[] = [];
  const rejections: RejectionDraft[] = [];
  for (const fact of extraction.facts) {
    const problem =
      implausibility(fact.value, fact.unit, fact.metric) ??
      (fact.denominator === null ? undefined : implausibility(fact.denominator, fact.unit, fact.metric));
    if (problem) {
      rejections.push({
        province,
        period,
        sourceRow: null,
        column: null,
        rawValue: text.slice(fact.span[0], fact.span[1]),
        reason: `${problem}: "${fact.evidence}"`,
      });
      continue;
    }
    facts.push({
      province,
      period,
      metric: fact.metric,
      value: fact.value,
      denominator: fact.denominator,
      unit: fact.unit,
      approx: fact.approx,
      sourceRow: null,
      evidence: fact.evidence,
      spanStart: fact.span[0],
      spanEnd: fact.span[1],
      note: null,
    });
  }
  return { facts, rejections, read: extraction.facts.length, warnings };
}
