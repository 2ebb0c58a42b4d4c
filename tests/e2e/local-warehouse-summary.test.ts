/**
 * What `provstat ingest` reports for large runs: a file with very many rejections lists the first
 * ones and counts the rest (all are in the warehouse), and a summary of many files is drawn in the
 * same table style as a small one.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths, renderIngestSummary, renderRejections, type FileOutcome } from '../../cli/commands/ingest.js';
import { renderLargeTable, renderTable } from '../../cli/output.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';

let folder: string;
beforeEach(async () => {
  folder = await makeTemporaryFolder();
});
afterEach(async () => {
  await removeFolder(folder);
});

describe('the ingest summary of large runs', () => {
  it('lists the first 1000 rejections of a file, counts the others, and stores them all', async () => {
    const landing = join(folder, 'incoming', 'VN-22', '2024Q3');
    await mkdir(landing, { recursive: true });
    const lines = ['province,period,metric,value', 'VN-22,2024Q3,border_posts,12'];
    for (let index = 0; index < 2500; index++) lines.push(`VN-22,2024Q3,border_posts,${index}`);
    await writeFile(join(landing, 'trung-lap.csv'), `${lines.join('\n')}\n`);
    const warehouse = join(folder, 'warehouse');

    const outcomes = await ingestPaths([join(folder, 'incoming')], { warehouse });
    const summary = outcomes[0]?.summary;
    expect(summary).toMatchObject({
      status: 'ingested',
      read: 2501,
      accepted: 1,
      rejected: 2500,
      rejectionsOmitted: 1500,
    });
    expect(summary?.rejections).toHaveLength(1000);
    expect(summary?.rejections[0]).toMatchObject({ line: 3, column: 'value', value: '0' });
    expect(JSON.parse(JSON.stringify({ files: outcomes })).files[0].summary).toMatchObject({
      rejected: 2500,
      rejectionsOmitted: 1500,
    });
    expect(renderRejections(summary ? [summary] : [], 20)).toContain('… and 2480 more');
    const [stored] = await queryWarehouse(warehouse, 'SELECT COUNT(*) AS n FROM rejections');
    expect(stored).toEqual({ n: 2500 });
  });

  it('draws a summary of many files exactly as the table of a few', () => {
    const columns = ['file', 'kind', 'status', 'read', 'accepted', 'rejected', 'note'];
    const rows = [
      ['incoming/VN-01/2015Q1/bao-cao-1.txt', 'text', 'ingested', 12, 12, 0, ''],
      [
        'incoming/VN-38/2025Q2/báo-cáo-Thanh-Hoá.txt',
        'text',
        'duplicate',
        0,
        0,
        0,
        'the report names Cao Bằng (VN-04) and Nghe\u0302\u0323 An',
      ],
      ['incoming/national.csv', 'csv', 'ingested', 1000000, 237864, 762136, 'two\nlines'],
      ['incoming/VN-04/2025Q2/bien-ban.docx', 'other', 'failed', null, null, null, 'cannot read the file'],
    ];
    expect(renderLargeTable(columns, rows)).toBe(renderTable(columns, rows));

    const outcomes: FileOutcome[] = Array.from({ length: 1200 }, (_, index) => ({
      path: `incoming/VN-01/f-${index}.csv`,
      failure: null,
      summary: {
        key: `incoming/VN-01/f-${index}.csv`,
        sha256: 'a'.repeat(64),
        kind: 'csv',
        status: 'ingested',
        read: index,
        accepted: index,
        rejected: 0,
        code: null,
        reason: null,
        reasonEn: null,
        warnings: [],
        unrecognisedColumns: [],
        periods: [],
        rejections: [],
      },
    }));
    const table = renderIngestSummary(outcomes).split('\n');
    expect(table).toHaveLength(1200 + 4);
    expect(table[0]).toMatch(/^┌─+┬/);
    expect(table[1]).toMatch(/^│ file +│ kind │ status +│ read │ accepted │ rejected │ note │$/);
    expect(table[1201]).toBe('│ incoming/VN-01/f-1199.csv │ csv  │ ingested │ 1199 │     1199 │        0 │      │');
    expect(table[1203]).toMatch(/^1200 files: 1200 ingested/);
  });
});
