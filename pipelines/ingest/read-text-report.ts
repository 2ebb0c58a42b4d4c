/**
 * A prose report as a source: its facts come from the extractor, each with the sentence and the
 * offsets behind it. The province and period come from the landing folder (or the command line);
 * a report that names another province more often than its folder's gets a warning.
 */
import { extractFacts } from '../extract/extract-facts.js';
import { isReportValue, STOCK_METRICS } from '../extract/fact-scope.js';
import { formatPeriod, type Period } from '../period.js';
import { describeProvince, resolveProvince } from '../reference/provinces.js';
import { problem, rejectionFields } from '../facts/rejection-codes.js';
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
    const missingVi = [province ? null : 'tỉnh', period ? null : 'kỳ báo cáo'].filter(Boolean).join(' và ');
    return unreadableSource(problem('report-needs-landing', { missing, missingVi }), landing);
  }
  const resolved = resolveProvince(province, period);
  if (!resolved.ok) return unreadableSource(resolved.problem, landing);

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
  const quarter = formatPeriod(period);
  const facts: FactDraft[] = [];
  const rejections: RejectionDraft[] = [];
  for (const fact of extraction.facts) {
    // Numbers read from text obey the bounds CSV values do.
    const implausible =
      implausibility(fact.value, fact.unit, fact.metric) ??
      (fact.denominator === null ? undefined : implausibility(fact.denominator, fact.unit, fact.metric));
    if (implausible) {
      rejections.push({
        province,
        period,
        sourceRow: null,
        column: null,
        rawValue: text.slice(fact.span[0], fact.span[1]),
        ...rejectionFields({
          ...implausible,
          vi: `${implausible.vi} Câu: "${fact.evidence}"`,
          en: `${implausible.en} Sentence: "${fact.evidence}"`,
        }),
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
      scope: fact.scope,
      // A stock (posts held, groups formed) is counted at the report's date.
      timeSpan: fact.scope === 'report' && STOCK_METRICS.has(fact.metric) ? quarter : fact.timeSpan,
      timeSpanText: fact.timeSpanText,
    });
  }
  const outside = facts.filter((fact) => !isReportValue(fact.scope, fact.timeSpan, quarter)).length;
  if (outside > 0) {
    warnings.push(
      `${outside} of ${facts.length} facts fall outside ${quarter} or belong to another unit, a running total or one case:` +
        ' kept in facts with their scope and span, not used as values',
    );
  }
  return {
    facts,
    rejections,
    read: extraction.facts.length,
    warnings,
  };
}
