/**
 * A small warehouse whose every number can be checked by hand: four provinces around the 2025
 * merger, a correction, text reports that agree and disagree with the CSV, a bad row, and
 * ingestion times pinned so lateness is known.
 *
 *   VN-22 Nghệ An      2024Q2–2025Q2 CSVs (cases 10, 12, 11, 13, 40 → corrected to 41), 2025Q2 text
 *   VN-13 Quảng Ninh   2025Q2 text only
 *   VN-03 Hà Giang     2025Q1, 2025Q2 CSVs (received 25 days late); merged into VN-07 on 2025-07-01
 *   VN-07 Tuyên Quang  2025Q2 CSV (not a border unit before the merger), 2025Q3 CSV (after it,
 *                      received late in Vietnam time though on time in UTC); administrative cases
 *                      in both, which Hà Giang did not report
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ingestSource } from '../../pipelines/ingest/ingest-source.js';
import { describeLanding } from '../../pipelines/ingest/landing-path.js';
import { DuckDbDatabase } from '../../adapters/duckdb/duckdb-database.js';
import { ParquetSourceWriter } from '../../adapters/duckdb/parquet-source-writer.js';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import { ensureReferenceTables } from '../../adapters/duckdb/reference-tables.js';

const HEADER = 'province,period,metric,value,denominator\n';

/** Landing key, content, and when it was ingested (UTC). In path order, as `provstat ingest` goes. */
export const FIXTURE_SOURCES: readonly (readonly [string, string, string])[] = [
  ['incoming/VN-03/2025Q1/ha-giang.csv', `${HEADER}VN-03,2025Q1,crime_cases_detected,5,\n`, '2025-04-05T03:00:00Z'],
  [
    'incoming/VN-03/2025Q2/ha-giang.csv',
    `${HEADER}VN-03,2025Q2,crime_cases_detected,6,\nVN-03,2025Q2,border_length_km,274,\n`,
    '2025-07-25T03:00:00Z',
  ],
  [
    'incoming/VN-07/2025Q2/tuyen-quang.csv',
    `${HEADER}VN-07,2025Q2,crime_cases_detected,2,\nVN-07,2025Q2,admin_violation_cases,3,\n`,
    '2025-07-03T03:00:00Z',
  ],
  // 18:30 UTC on 2025-10-10 is 01:30 on 2025-10-11 in Vietnam: day 11 after the quarter, not day 10.
  [
    'incoming/VN-07/2025Q3/tuyen-quang.csv',
    `${HEADER}VN-07,2025Q3,crime_cases_detected,9,\nVN-07,2025Q3,admin_violation_cases,5,\n`,
    '2025-10-10T18:30:00Z',
  ],
  [
    'incoming/VN-13/2025Q2/bao-cao.txt',
    'Trong quý, các đồn biên phòng đã phát hiện, bắt giữ 7 vụ/9 đối tượng vi phạm pháp luật.\n',
    '2025-07-12T03:00:00Z',
  ],
  [
    'incoming/VN-22/2024Q2/nghe-an.csv',
    `${HEADER}VN-22,2024Q2,border_length_km,"468,3",\nVN-22,2024Q2,border_communes,27,\nVN-22,2024Q2,crime_cases_detected,10,\nVN-22,2024Q2,crime_suspects_detected,15,\n`,
    '2024-07-05T03:00:00Z',
  ],
  [
    'incoming/VN-22/2024Q3/nghe-an.csv',
    `${HEADER}VN-22,2024Q3,crime_cases_detected,12,\nVN-22,2024Q3,crime_suspects_detected,16,\n`,
    '2024-10-05T03:00:00Z',
  ],
  [
    'incoming/VN-22/2024Q4/nghe-an.csv',
    `${HEADER}VN-22,2024Q4,crime_cases_detected,11,\nVN-22,2024Q4,crime_suspects_detected,14,\n`,
    '2025-01-05T03:00:00Z',
  ],
  [
    'incoming/VN-22/2025Q1/nghe-an.csv',
    `${HEADER}VN-22,2025Q1,crime_cases_detected,13,\nVN-22,2025Q1,crime_suspects_detected,15,\n`,
    '2025-04-05T03:00:00Z',
  ],
  [
    'incoming/VN-22/2025Q2/a-nghe-an.csv',
    [
      HEADER.trimEnd(),
      'VN-22,2025Q2,crime_cases_detected,40,',
      'VN-22,2025Q2,crime_suspects_detected,15,',
      'VN-22,2025Q2,admin_violation_cases,21,',
      'VN-22,2025Q2,bp_commune_reinforcement_cadres,20,',
      'VN-22,2025Q2,communes_with_bp_reinforcement,18,27',
      'VN-22,2025Q2,bp_commune_deputy_secretaries,9,',
      'VN-22,2025Q2,bp_council_deputies,1.5,',
      '',
    ].join('\n'),
    '2025-07-08T03:00:00Z',
  ],
  [
    'incoming/VN-22/2025Q2/b-dieu-chinh.csv',
    `${HEADER}VN-22,2025Q2,crime_cases_detected,41,\n`,
    '2025-07-09T03:00:00Z',
  ],
  [
    'incoming/VN-22/2025Q2/c-bao-cao.txt',
    'Trong quý II, Bộ đội Biên phòng tỉnh đã phát hiện, bắt giữ 38 vụ/45 đối tượng vi phạm pháp luật; xử phạt hành chính khoảng 20 vụ.\n',
    '2025-07-09T04:00:00Z',
  ],
];

/** Writes the fixture's warehouse into `warehouse` (a new folder). */
export async function buildFixtureWarehouse(warehouse: string): Promise<void> {
  const storage = new LocalWarehouseStorage(warehouse);
  const database = await DuckDbDatabase.open();
  try {
    await ensureReferenceTables(storage, database);
    for (const [key, content, at] of FIXTURE_SOURCES) {
      const bytes = new TextEncoder().encode(content);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await ingestSource(
        { landing: describeLanding(key), sizeBytes: bytes.length, sha256, bytes },
        {
          storage,
          writer: new ParquetSourceWriter({ storage, database, localRoot: warehouse }),
          now: new Date(at),
          maxBytes: 1024 * 1024,
          pipelineVersion: 'test',
        },
      );
    }
  } finally {
    database.close();
  }
}

/** Writes the fixture's landing files under `folder` (for tests that go through the CLI). */
export async function writeFixtureLanding(folder: string): Promise<void> {
  for (const [key, content] of FIXTURE_SOURCES) {
    await mkdir(dirname(join(folder, key)), { recursive: true });
    await writeFile(join(folder, key), content);
  }
}
