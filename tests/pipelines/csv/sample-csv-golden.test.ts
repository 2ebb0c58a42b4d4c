/**
 * Golden files for the sample CSVs: what each file reads as (facts and rejections) is kept in
 * tests/golden/samples/. Regenerate with UPDATE_GOLDEN=1 after a deliberate change, and review the diff.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource } from '../../../pipelines/ingest/ingest-source.js';
import { describeLanding } from '../../../pipelines/ingest/landing-path.js';
import { formatPeriod } from '../../../pipelines/period.js';
import { PROJECT_ROOT, SAMPLE_BACKFILL, SAMPLES } from '../../helpers.js';

const GOLDEN = join(PROJECT_ROOT, 'tests', 'golden', 'samples');
// Each golden file is named after the sample's path under samples/incoming/ (the backfill beside it, by its name).
const uploads = readdirSync(SAMPLES, { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('.csv'))
  .sort();
const samples = [...uploads, basename(SAMPLE_BACKFILL)];
const fileOf = (path: string): string => (path === basename(SAMPLE_BACKFILL) ? SAMPLE_BACKFILL : join(SAMPLES, path));

function readSample(path: string) {
  const file = fileOf(path);
  const bytes = new Uint8Array(readFileSync(file));
  const { result } = readSource(
    {
      landing: describeLanding(relative(PROJECT_ROOT, file).split(sep).join('/')),
      sizeBytes: bytes.length,
      sha256: 'golden',
      bytes,
    },
    { now: new Date('2026-01-01T00:00:00Z'), maxBytes: 1 << 24 },
  );
  return {
    read: result.read,
    warnings: result.warnings,
    facts: result.facts.map((fact) => [
      fact.sourceRow,
      fact.province,
      formatPeriod(fact.period),
      fact.metric,
      fact.value,
      fact.denominator,
      fact.unit,
      fact.note,
    ]),
    rejections: result.rejections.map((rejection) => ({
      line: rejection.sourceRow,
      column: rejection.column,
      value: rejection.rawValue,
      code: rejection.code,
      reason: rejection.reason,
      reasonEn: rejection.reasonEn,
    })),
  };
}

/** JSON with one fact per line, so a diff of a golden file reads like a diff of the CSV. */
function formatGolden(actual: ReturnType<typeof readSample>): string {
  const facts = actual.facts.map((fact) => `  ${JSON.stringify(fact)}`).join(',\n');
  return `${JSON.stringify({ ...actual, facts: '<facts>' }, null, 1).replace('"<facts>"', `[\n${facts}\n ]`)}\n`;
}

describe('sample CSVs match their golden files', () => {
  it('has samples to check', () => expect(samples.length).toBeGreaterThan(25));
  it.each(samples)('%s', (path) => {
    const golden = join(GOLDEN, `${relative('.', path).replaceAll('/', '__')}.json`);
    const actual = readSample(path);
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
      if (process.env.CI) throw new Error(`missing golden file ${golden}`);
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(golden, formatGolden(actual));
    }
    expect(actual).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
  });
});
