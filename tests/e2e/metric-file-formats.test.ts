/**
 * The same figures sent as a CSV with a unit column, as an Excel workbook typed the way a clerk
 * types it, and as a CSV with each value carrying its unit land as the same facts in the warehouse,
 * through the real ingest.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths, type FileOutcome } from '../../cli/commands/ingest.js';
import { ManifestSchema } from '../../pipelines/warehouse/manifest.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';
import { buildWorkbook } from '../support/build-workbook.js';

const UNIT_COLUMN_CSV = [
  'Tỉnh;Kỳ báo cáo;Chỉ tiêu;Giá trị;Mẫu số;ĐVT',
  'Nghệ An;Quý III/2024;border_posts;16;;đồn',
  'Nghệ An;Quý III/2024;bp_council_deputies;26;27;người',
  'Nghệ An;Quý III/2024;seized_goods_value_vnd;1,2;;tỷ đồng',
  'Nghệ An;Quý III/2024;drugs_seized_kg;2,5;;kg',
  'Nghệ An;Quý III/2024;rice_aid_kg;2,1;;tấn',
].join('\r\n');

const VALUE_WITH_UNIT_CSV = [
  'Tỉnh,Kỳ báo cáo,Chỉ tiêu,Giá trị',
  'VN-22,2024Q3,border_posts,16 đồn',
  'VN-22,2024Q3,bp_council_deputies,26/27',
  'VN-22,2024Q3,seized_goods_value_vnd,"1,2 tỷ đồng"',
  'VN-22,2024Q3,drugs_seized_kg,"2,5 kg"',
  'VN-22,2024Q3,rice_aid_kg,"2,1 tấn"',
].join('\n');

async function workbook(): Promise<Uint8Array> {
  return buildWorkbook([
    {
      name: 'Biểu 01',
      rows: [
        ['BÁO CÁO SỐ LIỆU CÔNG TÁC BIÊN PHÒNG QUÝ III/2024'],
        ['Đơn vị: Bộ đội Biên phòng tỉnh Nghệ An'],
        [],
        ['Tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Giá trị', 'Mẫu số', 'ĐVT'],
        ['Nghệ An', 'Quý III/2024', 'border_posts', { formula: 'SUM(10,6)', result: 16 }, null, 'đồn'],
        ['Nghệ An', 'Quý III/2024', 'bp_council_deputies', 26, 27, 'người'],
        ['Nghệ An', 'Quý III/2024', 'seized_goods_value_vnd', 1.2, null, 'tỷ đồng'],
        ['Nghệ An', 'Quý III/2024', 'drugs_seized_kg', 2.5, null, 'kg'],
        ['Nghệ An', 'Quý III/2024', 'rice_aid_kg', 2.1, null, 'tấn'],
      ],
      merge: ['A1:F1'],
    },
  ]);
}

const EXPECTED = [
  { metric: 'border_posts', value: 16, denominator: null, unit: 'units' },
  { metric: 'bp_council_deputies', value: 26, denominator: 27, unit: 'persons' },
  { metric: 'drugs_seized_kg', value: 2.5, denominator: null, unit: 'kg' },
  { metric: 'rice_aid_kg', value: 2100, denominator: null, unit: 'kg' },
  { metric: 'seized_goods_value_vnd', value: 1_200_000_000, denominator: null, unit: 'vnd' },
];

let folder: string;
const outcomes = new Map<string, FileOutcome>();
const files = { csv: 'bao-cao.csv', xlsx: 'bieu-01.xlsx', 'value-with-unit': 'gia-tri-kem-don-vi.csv' } as const;
type Form = keyof typeof files;
const warehouseOf = (form: Form) => join(folder, form, 'warehouse');

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  const contents: Record<Form, Uint8Array | string> = {
    csv: UNIT_COLUMN_CSV,
    xlsx: await workbook(),
    'value-with-unit': VALUE_WITH_UNIT_CSV,
  };
  for (const form of Object.keys(files) as Form[]) {
    const landing = join(folder, form, 'incoming', 'VN-22', '2024Q3');
    await mkdir(landing, { recursive: true });
    await writeFile(join(landing, files[form]), contents[form]);
    const [outcome] = await ingestPaths([join(folder, form, 'incoming')], { warehouse: warehouseOf(form) });
    if (outcome) outcomes.set(form, outcome);
  }
}, 60_000);
afterAll(async () => removeFolder(folder));

describe('the same figures as CSV, as .xlsx and as values with their units', () => {
  it.each(Object.keys(files) as Form[])('%s: every value lands as the same fact', async (form) => {
    expect(outcomes.get(form)?.summary).toMatchObject({ status: 'ingested', read: 5, accepted: 5, rejected: 0 });
    const facts = await queryWarehouse(
      warehouseOf(form),
      'SELECT metric, value, denominator, unit FROM facts WHERE province = ? AND period = ? ORDER BY metric',
      ['VN-22', '2024Q3'],
    );
    expect(facts).toEqual(EXPECTED);
  });

  it("keeps the sheet's own row numbers and says which sheet was read, under which title rows", async () => {
    const rows = await queryWarehouse(warehouseOf('xlsx'), 'SELECT metric, source_row FROM facts ORDER BY source_row');
    expect(rows.map(({ source_row }) => source_row)).toEqual([5, 6, 7, 8, 9]);
    expect(outcomes.get('xlsx')?.summary?.format).toEqual({
      method: 'xlsx:exceljs',
      sheet: 'Biểu 01',
      headerLines: [4],
      titleRows: [
        { line: 1, text: 'BÁO CÁO SỐ LIỆU CÔNG TÁC BIÊN PHÒNG QUÝ III/2024' },
        { line: 2, text: 'Đơn vị: Bộ đội Biên phòng tỉnh Nghệ An' },
      ],
    });
  });

  it('records in the manifest and the receipt how each file was read', async () => {
    const manifestOf = async (form: Form) => {
      const folderOf = join(warehouseOf(form), 'ingestions');
      const [name] = (await readdir(folderOf)).filter((file) => file.endsWith('.json'));
      return ManifestSchema.parse(JSON.parse(await readFile(join(folderOf, name ?? ''), 'utf8')));
    };
    expect(await manifestOf('xlsx')).toMatchObject({
      source_kind: 'csv',
      read_method: 'xlsx:exceljs',
      text_encoding: null,
      sheet: 'Biểu 01',
      header_lines: [4],
      title_rows: [{ line: 1 }, { line: 2 }],
    });
    expect(await manifestOf('csv')).toMatchObject({ read_method: 'csv', text_encoding: 'utf-8', sheet: null });
    const receipt = JSON.parse(
      await readFile(join(folder, 'xlsx', 'receipts', 'VN-22', '2024Q3', `${files.xlsx}.json`), 'utf8'),
    );
    expect(receipt).toMatchObject({ read_method: 'xlsx:exceljs', sheet: 'Biểu 01', header_lines: [4] });
  });
});
