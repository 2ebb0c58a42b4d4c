/**
 * Writes the reference tables (pipelines/warehouse/reference-rows.ts) into the warehouse as
 * Parquet, unless it already holds this version of them.
 */
import { join } from 'node:path';
import { REFERENCE_STAMP_KEY } from '../../pipelines/warehouse/layout.js';
import { referenceDigest, referenceTables, type ReferenceTable } from '../../pipelines/warehouse/reference-rows.js';
import type { WarehouseStorage } from '../../pipelines/warehouse/warehouse-storage.js';
import type { DuckDbDatabase } from './duckdb-database.js';

/** Writes the reference tables unless the warehouse already has this version of them. */
export async function ensureReferenceTables(storage: WarehouseStorage, database: DuckDbDatabase): Promise<void> {
  const digest = referenceDigest();
  const stamp = await storage.readText(REFERENCE_STAMP_KEY);
  if (stamp && (JSON.parse(stamp) as { sha256?: string }).sha256 === digest) return;
  const scratch = await storage.createScratch();
  try {
    for (const table of referenceTables()) await writeTable(database, storage, scratch, table);
  } finally {
    await storage.releaseScratch(scratch);
  }
  await storage.putText(REFERENCE_STAMP_KEY, `${JSON.stringify({ sha256: digest }, null, 2)}\n`);
}

async function writeTable(
  database: DuckDbDatabase,
  storage: WarehouseStorage,
  scratch: string,
  table: ReferenceTable,
): Promise<void> {
  const paths = table.keys.map((_, index) => join(scratch, `${table.name}-${index}.parquet`));
  try {
    await database.loadTable(table.name, table.columns, table.rows);
    for (const path of paths) await database.writeParquet(table.name, path);
  } finally {
    await database.dropTable(table.name);
  }
  for (const [index, key] of table.keys.entries()) await storage.putFile(key, paths[index] as string);
}
