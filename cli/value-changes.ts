/**
 * What ingesting a source changes (or would change) in a local warehouse's `metrics` view: the
 * current values are read through the local query runner and compared in the core.
 */
import { LocalQueryRunner } from '../adapters/duckdb/local-query-runner.js';
import { LocalWarehouseStorage } from '../adapters/local/local-storage.js';
import type { FactDraft } from '../pipelines/facts/source-result.js';
import {
  compareWithCurrent,
  CURRENT_VALUES_QUERY,
  indexCurrentValues,
  periodsOfFacts,
  type CurrentValue,
  type ValueChanges,
} from '../pipelines/ingest/value-changes.js';
import { parsePeriod } from '../pipelines/period.js';
import type { ResultRow } from '../pipelines/query/query-runner.js';
import { CURRENT_VALUE_ORDER } from '../pipelines/warehouse/views.js';
import type { QueryFile } from '../pipelines/query/query-file.js';
import type { SourceKind } from '../pipelines/warehouse/manifest.js';
import { localViewOptions } from './local-warehouse.js';

type ComparedFact = Pick<FactDraft, 'province' | 'period' | 'metric' | 'value' | 'denominator'>;

// A run's sources are bound as one comma-separated list of SHA-256 values (hex: never a comma).
const RUN_SOURCES = "run_sources AS (SELECT UNNEST(string_split(?, ',')) AS sha256)";

const RUN_FACTS_QUERY: QueryFile = {
  name: 'facts_of_run',
  purpose: 'the values a run of sources gave, in source order',
  parameters: [
    { name: 'source_sha256s', type: 'text', allowsAll: false, description: 'comma-separated SHA-256 of the sources' },
  ],
  sql:
    `WITH ${RUN_SOURCES} SELECT source_sha256, province, period, metric, value, denominator FROM facts` +
    ' WHERE source_sha256 IN (SELECT sha256 FROM run_sources) ORDER BY source_sha256, source_row NULLS LAST, span_start NULLS LAST',
};

const BEFORE_RUN_QUERY: QueryFile = {
  name: 'current_values_before_run',
  purpose: 'the values current before a run of sources, for the provinces and periods it gave values for',
  parameters: [
    { name: 'source_sha256s', type: 'text', allowsAll: false, description: 'comma-separated SHA-256 of the sources' },
  ],
  sql:
    `WITH ${RUN_SOURCES}, run_keys AS (SELECT DISTINCT province, period FROM facts` +
    ' WHERE source_sha256 IN (SELECT sha256 FROM run_sources))' +
    ' SELECT province, period, metric, value, denominator, source_kind, source_key FROM (' +
    ' SELECT facts.province, facts.period, metric, value, denominator, source_kind, source_key,' +
    ` ROW_NUMBER() OVER (PARTITION BY facts.province, facts.period, metric ORDER BY ${CURRENT_VALUE_ORDER}) AS current_rank` +
    ' FROM facts JOIN run_keys ON facts.province = run_keys.province AND facts.period = run_keys.period' +
    ' WHERE source_sha256 NOT IN (SELECT sha256 FROM run_sources)) AS ranked WHERE current_rank = 1',
};

export interface ValueChangeLookup {
  /** What these facts would change in the current values. */
  compare(facts: readonly ComparedFact[], kind: SourceKind): Promise<ValueChanges>;
  /** What each source of a run changed, against the values current before the run; by SHA-256. */
  compareRun(sources: readonly { sha256: string; kind: SourceKind }[]): Promise<Map<string, ValueChanges>>;
  close(): Promise<void>;
}

/** Opens the warehouse folder for reading current values; nothing is written to it but its query cache. */
export async function openValueChangeLookup(root: string): Promise<ValueChangeLookup> {
  const storage = new LocalWarehouseStorage(root);
  const runner = await LocalQueryRunner.open(storage, localViewOptions(root));
  return {
    async compare(facts, kind) {
      const current: CurrentValue[] = [];
      for (const { province, period } of periodsOfFacts(facts)) {
        const result = await runner.run(CURRENT_VALUES_QUERY, [province, period, '']);
        current.push(...result.rows.map(currentValueOf));
      }
      return compareWithCurrent(facts, kind, current);
    },
    async compareRun(sources) {
      const changes = new Map<string, ValueChanges>();
      if (sources.length === 0) return changes;
      const list = sources.map((source) => source.sha256).join(',');
      const before = indexCurrentValues((await runner.run(BEFORE_RUN_QUERY, [list])).rows.map(currentValueOf));
      const factsBySource = new Map<string, ComparedFact[]>();
      for (const row of (await runner.run(RUN_FACTS_QUERY, [list])).rows) {
        const period = parsePeriod(String(row.period));
        if (!period) continue;
        const facts = factsBySource.get(String(row.source_sha256)) ?? [];
        facts.push({
          province: String(row.province),
          period,
          metric: String(row.metric),
          value: Number(row.value),
          denominator: row.denominator === null ? null : Number(row.denominator),
        });
        factsBySource.set(String(row.source_sha256), facts);
      }
      for (const { sha256, kind } of sources)
        changes.set(sha256, compareWithCurrent(factsBySource.get(sha256) ?? [], kind, before));
      return changes;
    },
    async close() {
      await runner.close();
      await storage.close();
    },
  };
}

function currentValueOf(row: ResultRow): CurrentValue {
  return {
    province: String(row.province),
    period: String(row.period),
    metric: String(row.metric),
    value: Number(row.value),
    denominator: row.denominator === null ? null : Number(row.denominator),
    sourceKind: String(row.source_kind),
    sourceKey: String(row.source_key),
  };
}
