import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeLanding } from '../../../pipelines/ingest/landing-path.js';
import { ingestSource, type IngestContext, type SourceInput } from '../../../pipelines/ingest/ingest-source.js';
import { DuckDbDatabase } from '../../../adapters/duckdb/duckdb-database.js';
import { LocalWarehouseStorage } from '../../../adapters/local/local-storage.js';
import { localWriter, makeTemporaryFolder, queryWarehouse, removeFolder } from '../../helpers.js';

const CSV =
  'province,period,metric,value\nVN-71,2024Q3,border_posts,16\nVN-71,2024Q4,border_posts,17\nVN-01,2024Q4,border_posts,9\n';
const bytes = new TextEncoder().encode(CSV);
const source: SourceInput = {
  landing: describeLanding('backfill.csv'),
  sizeBytes: bytes.length,
  bytes,
  sha256: createHash('sha256').update(bytes).digest('hex'),
};

/** Local storage that dies after putting `allowed` files, like a process killed mid-run. */
class FailingStorage extends LocalWarehouseStorage {
  private puts = 0;
  constructor(
    root: string,
    private readonly allowed: number,
  ) {
    super(root);
  }
  override async putFile(key: string, localPath: string): Promise<void> {
    if (++this.puts > this.allowed) throw new Error('disk unplugged');
    return super.putFile(key, localPath);
  }
}

let folder: string;
let database: DuckDbDatabase;
const context = (storage: LocalWarehouseStorage): IngestContext => ({
  storage,
  writer: localWriter(storage, database),
  now: new Date('2025-01-10T00:00:00Z'),
  maxBytes: 1 << 20,
  pipelineVersion: 'test',
});

beforeEach(async () => {
  folder = await makeTemporaryFolder();
  database = await DuckDbDatabase.open();
});
afterEach(async () => {
  database.close();
  await removeFolder(folder);
});

describe('an interrupted write', () => {
  it('leaves the warehouse readable, with no manifest, and a re-run completes the source', async () => {
    await expect(ingestSource(source, context(new FailingStorage(folder, 1)))).rejects.toThrow('disk unplugged');
    expect(await new LocalWarehouseStorage(folder).list('ingestions/')).toEqual([]);
    const partial = await queryWarehouse(folder, 'SELECT COUNT(*) AS n FROM facts');
    expect(partial[0]?.n).toBeLessThanOrEqual(2);

    const summary = await ingestSource(source, context(new LocalWarehouseStorage(folder)));
    expect(summary).toMatchObject({ status: 'ingested', accepted: 3 });
    expect(await queryWarehouse(folder, 'SELECT province, period, value FROM facts ORDER BY period, province')).toEqual(
      [
        { province: 'VN-71', period: '2024Q3', value: 16 },
        { province: 'VN-01', period: '2024Q4', value: 9 },
        { province: 'VN-71', period: '2024Q4', value: 17 },
      ],
    );
  });

  it('never shows a half-written file to a query', async () => {
    await ingestSource(source, context(new LocalWarehouseStorage(folder)));
    // What a killed writer leaves behind: a hidden partial file beside the real ones, and scratch files.
    const partition = join(folder, 'facts', 'year=2024', 'quarter=3', 'province=VN-71');
    await writeFile(join(partition, '.0b1c.partial'), 'PAR1 half a file');
    await mkdir(join(folder, '.scratch', 'write-dead'), { recursive: true });
    await writeFile(join(folder, '.scratch', 'write-dead', 'data_0.parquet'), 'PAR1 half a file');
    expect(await queryWarehouse(folder, 'SELECT COUNT(*) AS n FROM facts')).toEqual([{ n: 3 }]);
    expect((await readdir(partition)).filter((name) => !name.startsWith('.'))).toEqual([`${source.sha256}.parquet`]);
  });
});
