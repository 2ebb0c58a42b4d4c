import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFacts } from '../../../pipelines/extract/extract-facts.js';

// The project's copies of ../shared's seeds and scorer (npm run sync-reference keeps them equal).
const seeds = new URL('../../fixtures/shared/seeds/', import.meta.url);
const scorer = fileURLToPath(new URL('../../fixtures/shared/tools/score-extraction.mjs', import.meta.url));
const predicted = mkdtempSync(join(tmpdir(), 'provstat-extract-'));

afterAll(() => rmSync(predicted, { recursive: true, force: true }));

describe('accuracy on the five seed reports, by the shared scorer', () => {
  it('reaches precision and recall of at least 0.95 overall', () => {
    const reports = readdirSync(seeds).filter((name) => name.endsWith('.txt'));
    expect(reports.length).toBe(5);
    for (const report of reports) {
      const { facts } = extractFacts(readFileSync(new URL(report, seeds), 'utf8'));
      writeFileSync(join(predicted, report.replace(/\.txt$/, '.json')), JSON.stringify({ facts }));
    }
    const output = execFileSync(
      process.execPath,
      [scorer, '--gold', fileURLToPath(new URL('gold/', seeds)), '--predicted', predicted],
      { encoding: 'utf8' },
    );
    const overall = /^ALL\s.*precision=([\d.]+) recall=([\d.]+)/m.exec(output);
    expect(overall, output).not.toBeNull();
    const [, precision, recall] = overall ?? [];
    expect(Number(precision), output).toBeGreaterThanOrEqual(0.95);
    expect(Number(recall), output).toBeGreaterThanOrEqual(0.95);
  });
});
