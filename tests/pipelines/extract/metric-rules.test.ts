import { describe, expect, it } from 'vitest';
import { loadMetricCatalog } from '../../../pipelines/reference/catalog.js';
import { METRIC_RULES } from '../../../pipelines/extract/metric-rules.js';
import { chooseRule, compileRules, loadCompiledRules } from '../../../pipelines/extract/rule-engine.js';

describe('the metric rule table', () => {
  it('has one rule for every catalog metric and none outside it', () => {
    const catalog = loadMetricCatalog()
      .metrics.map((metric) => metric.code)
      .sort();
    expect(METRIC_RULES.map((rule) => rule.metric).sort()).toEqual(catalog);
  });

  it('compiles every pattern', () => {
    expect(loadCompiledRules()).toHaveLength(METRIC_RULES.length);
  });

  it('refuses a rule for a metric the catalog does not have', () => {
    expect(() => compileRules([{ metric: 'goats_counted', noun: 'con dê', priority: 1 }])).toThrow(
      /not in the metric catalog/,
    );
  });

  it('can be extended by adding a rule, without touching the engine', () => {
    const rules = compileRules([
      { metric: 'wells_built', noun: 'bể lọc', priority: 1, cues: [{ before: 'lắp đặt $' }] },
    ]);
    const windows = {
      tail: 'bể lọc nước',
      after: 'bể lọc nước',
      before: 'lắp đặt ',
      lead: 'lắp đặt ',
      around: '',
      rest: 'bể lọc nước',
      clause: '',
      measure: undefined,
      crimeTopics: () => new Set<never>(),
    };
    expect(chooseRule(rules, windows)?.metric.code).toBe('wells_built');
    expect(chooseRule(rules, { ...windows, before: 'mua ', lead: 'mua ' })).toBeUndefined();
  });
});
