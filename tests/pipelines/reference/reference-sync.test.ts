import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMetricCatalog } from '../../../pipelines/reference/catalog.js';
import { METRIC_CATALOG_JSON } from '../../../pipelines/reference/metric-catalog.data.js';
import { PROVINCES_CSV } from '../../../pipelines/reference/provinces.data.js';
import { PIPELINE_VERSION } from '../../../pipelines/version.js';

// ../shared sits beside the project here; a clone has only the copies (npm run sync-reference makes them).
const shared = new URL('../../../../shared/', import.meta.url);
const fixtures = new URL('../../fixtures/shared/', import.meta.url);

/** Files of a folder, without its subfolders, sorted. */
function filesOf(folder: URL): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

describe('reference data copies', () => {
  it.runIf(existsSync(shared))('equal the shared originals (run npm run sync-reference after they change)', () => {
    expect(METRIC_CATALOG_JSON).toBe(readFileSync(new URL('spec/metric-catalog.json', shared), 'utf8'));
    expect(PROVINCES_CSV).toBe(readFileSync(new URL('reference/provinces.csv', shared), 'utf8'));
  });
  it.runIf(existsSync(shared))(
    'hold the seed reports, their gold facts and the scorer exactly as ../shared has them',
    () => {
      for (const folder of ['seeds/', 'seeds/gold/']) {
        expect(filesOf(new URL(folder, fixtures))).toEqual(filesOf(new URL(folder, shared)));
        for (const name of filesOf(new URL(folder, shared))) {
          expect(readFileSync(new URL(`${folder}${name}`, fixtures), 'utf8'), `${folder}${name}`).toBe(
            readFileSync(new URL(`${folder}${name}`, shared), 'utf8'),
          );
        }
      }
      for (const file of ['tools/score-extraction.mjs', 'spec/metric-catalog.json']) {
        expect(readFileSync(new URL(file, fixtures), 'utf8'), file).toBe(readFileSync(new URL(file, shared), 'utf8'));
      }
    },
  );
  it('parse against their schemas', () => {
    expect(loadMetricCatalog().metrics.length).toBeGreaterThan(40);
  });
  it('stamp rows with the package version', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(PIPELINE_VERSION).toBe(manifest.version);
  });
});
