import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { INGEST_STAGES, type IngestStage } from '../../pipelines/ingest/stages.js';
import { makeTemporaryFolder, removeFolder, SAMPLES } from '../helpers.js';

let folder: string;
beforeEach(async () => {
  folder = await makeTemporaryFolder();
});
afterEach(async () => {
  await removeFolder(folder);
});

it('tells a stage observer every stage of an ingest, each source read, checked, written and committed', async () => {
  const seen = new Map<IngestStage, number>();
  const outcomes = await ingestPaths([SAMPLES], {
    warehouse: join(folder, 'warehouse'),
    onStage: (stage, milliseconds) => {
      expect(milliseconds).toBeGreaterThanOrEqual(0);
      seen.set(stage, (seen.get(stage) ?? 0) + 1);
    },
  });
  const written = outcomes.filter((outcome) => outcome.summary?.status !== 'duplicate').length;
  expect([...seen.keys()].sort()).toEqual([...INGEST_STAGES].sort());
  expect(seen.get('check')).toBe(written);
  expect(seen.get('commit')).toBe(written);
  expect(seen.get('report')).toBe(1);
});
