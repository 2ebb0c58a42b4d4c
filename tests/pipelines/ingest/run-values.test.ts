import { describe, expect, it } from 'vitest';
import type { FactDraft } from '../../../pipelines/facts/source-result.js';
import { KEPT_VALUES_PER_SOURCE, RunValues } from '../../../pipelines/ingest/run-values.js';
import { type Manifest, manifestKey } from '../../../pipelines/warehouse/manifest.js';
import type { SourceProvenance, SourceWriter } from '../../../pipelines/warehouse/source-writer.js';

const provenance = (sha256: string): SourceProvenance => ({
  key: `incoming/VN-22/2024Q3/${sha256.slice(0, 4)}.csv`,
  sha256,
  kind: 'csv',
  sizeBytes: 10,
  landingProvince: 'VN-22',
  landingPeriod: { year: 2024, quarter: 3 },
  ingestedAt: new Date('2025-01-01T00:00:00Z'),
  pipelineVersion: 'test',
  uploadedAt: new Date('2024-12-31T00:00:00Z'),
  uploadSequence: null,
});

const fact = (metric: string, value: number, province = 'VN-22'): FactDraft => ({
  province,
  period: { year: 2024, quarter: 3 },
  metric,
  value,
  denominator: null,
  unit: 'units',
  approx: false,
  sourceRow: 2,
  evidence: null,
  spanStart: null,
  spanEnd: null,
  note: null,
});

/** A writer that "writes" every source, with a manifest counting `accepted` values (all it was given, by default). */
function fakeWriter(accepted?: number): SourceWriter {
  return {
    open: async (source) => {
      let facts = 0;
      return {
        addFact: () => {
          facts++;
        },
        addRejection: () => {},
        commit: async () => ({
          manifest: {
            status: 'ingested',
            accepted: accepted ?? facts,
            source_sha256: source.sha256,
          } as unknown as Manifest,
          rejections: [],
          rejected: 0,
          rejectionsOmitted: 0,
          periods: ['2024Q3'],
        }),
        abort: async () => {},
      };
    },
  };
}

const keyOf = (sha256: string) => manifestKey(sha256, { province: 'VN-22', period: '2024Q3' });
const outline = { read: 2, warnings: [], format: null } as never;

describe('RunValues', () => {
  it('keeps the values of a committed source as the facts view shows them, its province the partition one', async () => {
    const kept = new RunValues();
    const write = await kept.recording(fakeWriter()).open(provenance('a'.repeat(64)));
    write.addFact(fact('border_posts', 16));
    write.addFact(fact('border_communes', 9, 'XX-99'));
    await write.commit(outline);
    expect(kept.get(keyOf('a'.repeat(64)))?.values).toEqual([
      expect.objectContaining({ province: 'VN-22', period: '2024Q3', metric: 'border_posts', value: 16 }),
      expect.objectContaining({ province: 'unknown', metric: 'border_communes', value: 9 }),
    ]);
  });

  it('keeps nothing of an aborted source, nor of one whose manifest counts other values', async () => {
    const kept = new RunValues();
    const aborted = await kept.recording(fakeWriter()).open(provenance('b'.repeat(64)));
    aborted.addFact(fact('border_posts', 16));
    await aborted.abort();
    const miscounted = await kept.recording(fakeWriter(2)).open(provenance('c'.repeat(64)));
    miscounted.addFact(fact('border_posts', 16));
    await miscounted.commit(outline);
    expect(kept.get(keyOf('b'.repeat(64)))).toBeUndefined();
    expect(kept.get(keyOf('c'.repeat(64)))).toBeUndefined();
  });

  it('leaves a source with very many values to be read from its files', async () => {
    const kept = new RunValues();
    const write = await kept
      .recordingGroups({ ...fakeWriter(), openGroup: () => ({ ...fakeWriter(), flush: async () => {} }) })
      .openGroup()
      .open(provenance('d'.repeat(64)));
    for (let index = 0; index <= KEPT_VALUES_PER_SOURCE; index++) write.addFact(fact(`m${index}`, index));
    await write.commit(outline);
    expect(kept.get(keyOf('d'.repeat(64)))).toBeUndefined();
  });

  it("passes the writer's row engine through, and keeps nothing of a source whose rows it checked", async () => {
    const inner = fakeWriter();
    const checked = { facts: 3 } as never;
    const withEngine: SourceWriter = {
      open: async (source) => ({ ...(await inner.open(source)), checkRows: async () => checked }),
    };
    const kept = new RunValues();
    const write = await kept.recording(withEngine).open(provenance('e'.repeat(64)));
    expect(await write.checkRows?.({} as never)).toBe(checked);
    const plain = await kept.recording(fakeWriter()).open(provenance('f'.repeat(64)));
    expect(plain.checkRows).toBeUndefined();
    // The engine's rows never came through addFact: the manifest counts values the run did not see.
    const engineWritten = await kept.recording(fakeWriter(3)).open(provenance('e'.repeat(64)));
    await engineWritten.commit(outline);
    expect(kept.get(keyOf('e'.repeat(64)))).toBeUndefined();
  });
});
