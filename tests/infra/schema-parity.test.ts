/**
 * The Glue tables and Athena views against what the pipeline really writes and what DuckDB really
 * serves: a Parquet file's schema read by DuckDB, and the Athena views' SQL run by DuckDB over the
 * same files, so the two engines cannot disagree on shape.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePrestoView, type ViewName } from '../../infra/catalog/athena-views.js';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { DuckDbDatabase, quoteSqlIdentifier, quoteSqlString } from '../../adapters/duckdb/duckdb-database.js';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import { createWarehouseViews } from '../../adapters/duckdb/warehouse-views.js';
import { METRICS_KEY, PROVINCES_KEY } from '../../pipelines/warehouse/layout.js';
import { VIEW_NAMES } from '../../pipelines/warehouse/views.js';
import { makeTemporaryFolder, removeFolder, SAMPLE_SOURCES } from '../helpers.js';
import { resolveIntrinsics, resourcesOfType, synthesizeStack } from './stack-fixture.js';

// What each DuckDB type is called in the Glue catalog (Hive) and in an Athena view (Trino).
const HIVE_NAME: Record<string, string> = {
  VARCHAR: 'string',
  DOUBLE: 'double',
  BOOLEAN: 'boolean',
  INTEGER: 'int',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
};
const TRINO_NAME: Record<string, string> = {
  VARCHAR: 'varchar',
  DOUBLE: 'double',
  BOOLEAN: 'boolean',
  INTEGER: 'integer',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
};

const { json } = synthesizeStack();
type TableInput = {
  Name: string;
  Parameters: Record<string, string>;
  PartitionKeys?: { Name: string; Type: string }[];
  StorageDescriptor: { Columns: { Name: string; Type: string }[] };
  ViewOriginalText?: string;
};
const glueTables = new Map(
  resourcesOfType(json, 'AWS::Glue::Table').map(([, properties]) => {
    const input = resolveIntrinsics(json, properties.TableInput) as TableInput;
    return [input.Name, input] as const;
  }),
);
const glue = (name: string): TableInput => {
  const input = glueTables.get(name);
  if (!input) throw new Error(`no Glue table ${name}`);
  return input;
};
const glueColumns = (name: string) => glue(name).StorageDescriptor.Columns.map((column) => [column.Name, column.Type]);

let folder: string;
let warehouse: string;
let storage: LocalWarehouseStorage;
let database: DuckDbDatabase;

async function describeColumns(sql: string): Promise<[string, string][]> {
  const { rows } = await database.query(`DESCRIBE ${sql}`);
  return rows.map((row) => [String(row.column_name), String(row.column_type)]);
}

async function parquetSchema(key: string): Promise<[string, string][]> {
  return describeColumns(
    `SELECT * FROM read_parquet(${quoteSqlString(storage.locate(key))}, hive_partitioning = false)`,
  );
}

async function firstKey(prefix: string): Promise<string> {
  const key = (await storage.list(prefix)).find((candidate) => candidate.endsWith('.parquet'));
  if (!key) throw new Error(`the sample warehouse has no Parquet file under ${prefix}`);
  return key;
}

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  warehouse = join(folder, 'warehouse');
  await ingestPaths(SAMPLE_SOURCES, { warehouse });
  // A national file whose row names neither a valid period nor a province: rejected into year=0/quarter=0/province=unknown.
  const landing = join(folder, 'landing');
  await mkdir(join(landing, 'incoming'), { recursive: true });
  await writeFile(
    join(landing, 'incoming', 'national.csv'),
    'province,period,metric,value\nAtlantis,sometime,drug_cases,1\n',
  );
  await ingestPaths([landing], { warehouse });
  storage = new LocalWarehouseStorage(warehouse);
  database = await DuckDbDatabase.open();
});
afterAll(async () => {
  database?.close();
  await removeFolder(folder);
});

describe('the Glue tables against the Parquet the pipeline writes', () => {
  it('facts_parquet has the columns and types of a facts file', async () => {
    const schema = await parquetSchema(await firstKey('facts/'));
    expect(glueColumns('facts_parquet')).toEqual(
      schema.map(([name, type]) => [name, HIVE_NAME[type] ?? `unmapped ${type}`]),
    );
  });

  it('rejections_parquet has the columns and types of a rejections file', async () => {
    const schema = await parquetSchema(await firstKey('rejections/'));
    expect(glueColumns('rejections_parquet')).toEqual(
      schema.map(([name, type]) => [name, HIVE_NAME[type] ?? `unmapped ${type}`]),
    );
  });

  it('the reference tables have the columns and types of the reference files', async () => {
    const provinces = await parquetSchema(PROVINCES_KEY);
    const metrics = await parquetSchema(METRICS_KEY);
    expect(glueColumns('provinces_parquet')).toEqual(
      provinces.map(([name, type]) => [name, HIVE_NAME[type] ?? `unmapped ${type}`]),
    );
    expect(glueColumns('metric_catalog_parquet')).toEqual(
      metrics.map(([name, type]) => [name, HIVE_NAME[type] ?? `unmapped ${type}`]),
    );
  });

  it('every partition the pipeline wrote matches the projection template and lies within the projected values', async () => {
    for (const table of ['facts', 'rejections']) {
      const { Parameters: parameters } = glue(`${table}_parquet`);
      const template = parameters['storage.location.template'] ?? '';
      const pattern = new RegExp(
        `^${template.replace(/^s3:\/\/[^/]+\//, '').replace(/\$\{(year|quarter|province)\}/g, '(?<$1>[^/]+)')}[^/]+\\.parquet$`,
      );
      const years = new Set(parameters['projection.year.values']?.split(','));
      const provinces = new Set(parameters['projection.province.values']?.split(','));
      const [low, high] = (parameters['projection.quarter.range'] ?? '').split(',').map(Number) as [number, number];
      const keys = (await storage.list(`${table}/`)).filter((key) => key.endsWith('.parquet'));
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const groups = pattern.exec(key)?.groups;
        expect(groups, key).toBeDefined();
        expect(years.has(groups?.year ?? ''), key).toBe(true);
        expect(provinces.has(groups?.province ?? ''), key).toBe(true);
        expect(Number(groups?.quarter)).toBeGreaterThanOrEqual(low);
        expect(Number(groups?.quarter)).toBeLessThanOrEqual(high);
      }
    }
    // Rows that named no valid period or province have their own partition, projected too.
    expect((await storage.list('rejections/year=0/quarter=0/province=unknown/')).length).toBeGreaterThan(0);
  });
});

describe('the Athena views against the DuckDB views', () => {
  // The Athena views' SQL, run by DuckDB over Parquet tables named like the Glue tables.
  let athenaLike: DuckDbDatabase;
  let duckDbViews: DuckDbDatabase;

  beforeAll(async () => {
    duckDbViews = await DuckDbDatabase.open();
    await createWarehouseViews(duckDbViews, storage, { cache: { root: storage.root } });
    athenaLike = await DuckDbDatabase.open();
    // Athena's "$path" is the file's S3 URL; the manifests' table reads every manifest's JSON line.
    for (const table of ['facts', 'rejections']) {
      const glob = quoteSqlString(`${storage.locate(table)}/*/*/*/*.parquet`);
      const path = `replace(filename, ${quoteSqlString(`${storage.root}/`)}, 's3://warehouse/') AS "$path"`;
      await athenaLike.run(
        `CREATE VIEW ${quoteSqlIdentifier(`${table}_parquet`)} AS SELECT * EXCLUDE (filename), ${path} FROM read_parquet(${glob}, hive_partitioning = true, hive_types = {'year': INTEGER, 'quarter': INTEGER, 'province': VARCHAR}, union_by_name = true, filename = true)`,
      );
    }
    const manifests = quoteSqlString(`${storage.locate('ingestions')}/*.json`);
    await athenaLike.run(
      `CREATE VIEW ingestions_json AS SELECT files FROM read_json(${manifests}, columns = {'files': 'VARCHAR[]'}, format = 'newline_delimited')`,
    );
    await athenaLike.run(
      `CREATE VIEW provinces_parquet AS SELECT * FROM read_parquet(${quoteSqlString(storage.locate(PROVINCES_KEY))})`,
    );
    await athenaLike.run(
      `CREATE VIEW metric_catalog_parquet AS SELECT * FROM read_parquet(${quoteSqlString(storage.locate(METRICS_KEY))})`,
    );
    // metrics reads facts, so facts is defined first.
    for (const view of ['facts', 'rejections', 'provinces', 'metric_catalog', 'metrics'] as ViewName[]) {
      await athenaLike.run(
        `CREATE VIEW ${quoteSqlIdentifier(view)} AS ${decodePrestoView(glue(view).ViewOriginalText ?? '').originalSql}`,
      );
    }
  });
  afterAll(() => {
    athenaLike?.close();
    duckDbViews?.close();
  });

  for (const view of VIEW_NAMES) {
    it(`${view}: the Athena view declares the DuckDB view's columns and types`, async () => {
      const { rows } = await duckDbViews.query(`DESCRIBE ${quoteSqlIdentifier(view)}`);
      const duckDb = rows.map((row) => [String(row.column_name), String(row.column_type)]);
      const definition = decodePrestoView(glue(view).ViewOriginalText ?? '');
      expect(definition.columns.map((column) => [column.name, column.type])).toEqual(
        duckDb.map(([name, type]) => [name, TRINO_NAME[type ?? ''] ?? `unmapped ${type}`]),
      );
      expect(glueColumns(view)).toEqual(
        duckDb.map(([name, type]) => [name, HIVE_NAME[type ?? ''] ?? `unmapped ${type}`]),
      );
    });

    it(`${view}: the Athena view's SQL returns the DuckDB view's rows`, async () => {
      const expected = (await duckDbViews.query(`SELECT * FROM ${quoteSqlIdentifier(view)} ORDER BY ALL`)).rows;
      const actual = (await athenaLike.query(`SELECT * FROM ${quoteSqlIdentifier(view)} ORDER BY ALL`)).rows;
      expect(expected.length).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    });
  }
});
