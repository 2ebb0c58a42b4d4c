import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../../pipelines/extract/extract-facts.js';
import { digestResult, inRepoReports } from '../../../bench/extract-inputs.js';

// Digests of the full output (every fact and field, in order, and the provinces), written by
// `npx tsx bench/extract-digests.ts --write tests/fixtures/extract-output-digests.json` when the
// output is meant to change; a change for speed alone must leave every one as it is.
const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/extract-output-digests.json', import.meta.url), 'utf8'),
) as Record<string, string>;

describe('the extractor output pinned by digest', () => {
  const reports = inRepoReports();

  it('reads the same reports the digests were written for', () => {
    expect(reports.map((report) => report.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it('gives the same facts, fields and provinces, in the same order, for every report', () => {
    const differing = reports
      .filter(({ name, text }) => digestResult(extractFacts(text)) !== expected[name])
      .map((report) => report.name);
    expect(differing).toEqual([]);
  });
});
