import { describe, expect, it } from 'vitest';
import { scoreCorpusPart, type CorpusPart } from '../../../scripts/score-corpus.js';

/**
 * Floors at the level the extractor has reached on the corpus of real reports (tests/fixtures/corpus),
 * per domain, on the development, held-out and fresh parts, so a change that loses ground fails.
 */
const FLOORS: Record<CorpusPart, Record<string, { precision: number; recall: number }>> = {
  dev: {
    cadre: { precision: 0.81, recall: 0.56 },
    civic: { precision: 0.99, recall: 0.58 },
    crime: { precision: 0.99, recall: 0.97 },
  },
  'held-out': {
    cadre: { precision: 0.99, recall: 0.71 },
    civic: { precision: 0.5, recall: 0.75 },
    crime: { precision: 0.8, recall: 0.83 },
  },
  fresh: {
    crime: { precision: 0.9, recall: 0.87 },
  },
};
const SCOPE_FLOOR: Record<CorpusPart, number> = { dev: 0.89, 'held-out': 0.71, fresh: 0.86 };

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
