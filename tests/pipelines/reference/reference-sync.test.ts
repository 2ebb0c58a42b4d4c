import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_CATALOG_JSON } from '../../../pipelines/reference/metric-catalog.data.js';
import { PROVINCES_CSV } from '../../../pipelines/reference/provinces.data.js';
import { loadMetricCatalog } from '../../../pipelines/reference/catalog.js';
import { PIPELINE_VERSION } from '../../../pipelines/version.js';

const shared = new URL('../../../../shared/', import.meta.url);

describe('reference data copies', () => {
  it.runIf(existsSync(shared))('equal the shared originals (run scripts/sync-reference.mjs after they change)', () => {
    expect(METRIC_CATALOG_JSON).toBe(readFileSync(new URL('spec/metric-catalog.json', shared), 'utf8'));
    expect(PROVINCES_CSV).toBe(readFileSync(new URL('reference/provinces.csv', shared), 'utf8'));
  });
  it('parse against their schemas', () => {
    expect(loadMetricCatalog().metrics.length).toBeGreaterThan(40);
  });
  it('stamp rows with the package version', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PIPELINE_VERSION).toBe(manifest.version);
  });
});
