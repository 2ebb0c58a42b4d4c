import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMetricCatalog } from '../../../pipelines/reference/catalog.js';
import { extractFacts } from '../../../pipelines/extract/extract-facts.js';

const fixtures = new URL('../../fixtures/text/', import.meta.url);
const reports = readdirSync(fixtures)
  .filter((name) => name.endsWith('.txt'))
  .sort();

/** `scope` and `timeSpan` are checked where a golden file gives them. */
type ExpectedFact = {
  metric: string;
  value: number;
  denominator: number | null;
  approx: boolean;
  scope?: string;
  timeSpan?: string | null;
};

function readExpected(report: string): ExpectedFact[] {
  return (
    JSON.parse(readFileSync(new URL(report.replace(/\.txt$/, '.json'), fixtures), 'utf8')) as { facts: ExpectedFact[] }
  ).facts;
}

describe('golden files in tests/fixtures/text', () => {
  it('has at least twelve report/expectation pairs', () => {
    expect(reports.length).toBeGreaterThanOrEqual(12);
  });

  it.each(reports)('extracts exactly the expected facts from %s', (report) => {
    const text = readFileSync(new URL(report, fixtures), 'utf8');
    const expected = readExpected(report);
    const facts = extractFacts(text).facts.map(({ metric, value, denominator, approx, scope, timeSpan }, index) => ({
      metric,
      value,
      denominator,
      approx,
      ...(expected[index] && 'scope' in expected[index] ? { scope } : {}),
      ...(expected[index] && 'timeSpan' in expected[index] ? { timeSpan } : {}),
    }));
    expect(facts).toEqual(expected);
  });

  it.each(reports)('points every span of %s at the number as written and every evidence at its sentence', (report) => {
    const text = readFileSync(new URL(report, fixtures), 'utf8');
    for (const fact of extractFacts(text).facts) {
      expect(text.slice(...fact.span)).toMatch(/^(?:[\d.,/]+(?: \p{L}+ [\d.,]+)*|\p{L}+(?: \p{L}+)*)$/u);
      expect(text.slice(...fact.evidenceSpan)).toBe(fact.evidence);
      expect(fact.evidence).toContain(text.slice(...fact.span));
    }
  });

  it('covers every catalog metric at least once', () => {
    const covered = new Set(reports.flatMap((report) => readExpected(report).map((fact) => fact.metric)));
    const missing = loadMetricCatalog()
      .metrics.map((metric) => metric.code)
      .filter((code) => !covered.has(code));
    expect(missing).toEqual([]);
  });
});
