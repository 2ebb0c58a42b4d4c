import { describe, expect, it } from 'vitest';
import { scoreCorpusPart, type CorpusPart } from '../../../scripts/score-corpus.js';

/**
 * Floors at the level the extractor has reached on the corpus of real reports (tests/fixtures/corpus),
 * per domain, on the development, held-out and fresh parts, so a change that loses ground fails.
 * (`scope` here is the catalog's border-area domain; SCOPE_FLOOR is the share of facts whose scope is right.)
 */
const FLOORS: Record<CorpusPart, Record<string, { precision: number; recall: number }>> = {
  dev: {
    cadre: { precision: 0.97, recall: 0.97 },
    civic: { precision: 0.97, recall: 0.9 },
    crime: { precision: 0.99, recall: 0.97 },
    scope: { precision: 0.97, recall: 0.93 },
  },
  'held-out': {
    cadre: { precision: 0.99, recall: 0.71 },
    civic: { precision: 0.5, recall: 0.75 },
    crime: { precision: 0.8, recall: 0.83 },
    scope: { precision: 0.97, recall: 0.85 },
  },
  fresh: {
    cadre: { precision: 0.97, recall: 0.97 },
    civic: { precision: 0.97, recall: 0.6 },
    crime: { precision: 0.9, recall: 0.87 },
    scope: { precision: 0.97, recall: 0.75 },
  },
};
const SCOPE_FLOOR: Record<CorpusPart, number> = { dev: 0.93, 'held-out': 0.72, fresh: 0.72 };

describe('accuracy on the corpus of real reports, by the shared scorer', () => {
  it.each(['dev', 'held-out', 'fresh'] as const)('keeps each domain of the %s part at or above its floor', (part) => {
    const score = scoreCorpusPart(part);
    expect(score.documents).toBeGreaterThanOrEqual(part === 'fresh' ? 10 : 15);
    for (const [domain, floor] of Object.entries(FLOORS[part])) {
      const found = score.domains.find((entry) => entry.domain === domain);
      expect(found, score.output).toBeDefined();
      expect(found?.precision, `${domain} precision\n${score.output}`).toBeGreaterThanOrEqual(floor.precision);
      expect(found?.recall, `${domain} recall\n${score.output}`).toBeGreaterThanOrEqual(floor.recall);
    }
    expect(score.scope.agreed / score.scope.matched, 'scope accuracy').toBeGreaterThanOrEqual(SCOPE_FLOOR[part]);
  });
});
