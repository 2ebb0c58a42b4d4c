/**
 * A provincial report quotes figures that are not its own for the quarter: a national total, a
 * year-to-date total, a half-year figure and one case's seizure. All stay in `facts` with their
 * scope and span; only the quarter's own figures become values in `metrics`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';

const REPORT = [
  'Trong quý III năm 2024, Bộ đội Biên phòng tỉnh Hà Tĩnh phát hiện, bắt giữ 12 vụ, 18 đối tượng mua bán, vận chuyển trái phép chất ma túy.',
  'Tính từ đầu năm đến nay, Bộ đội Biên phòng tỉnh đã khởi tố 31 vụ án, 44 bị can.',
  'Trên toàn quốc, lực lượng Bộ đội Biên phòng phát hiện, bắt giữ 5.120 vụ, 6.300 đối tượng vi phạm pháp luật.',
  'Sáu tháng đầu năm 2024, đơn vị xử phạt vi phạm hành chính 27 vụ, 30 đối tượng.',
  'Điển hình, tổ công tác bắt quả tang 1 đối tượng đang vận chuyển 6 bánh heroin.',
  'Hiện nay, tỉnh Hà Tĩnh có 13 đồn biên phòng.',
].join('\n');

let folder: string;
beforeEach(async () => {
  folder = await makeTemporaryFolder();
});
afterEach(async () => {
  await removeFolder(folder);
});

describe('the scope of figures in a text report', () => {
  it("stores every figure in facts but only the province's own quarter figures as values", async () => {
    const landing = join(folder, 'incoming', 'VN-23', '2024Q3');
    await mkdir(landing, { recursive: true });
    await writeFile(join(landing, 'bao-cao-quy-3.txt'), REPORT);
    const warehouse = join(folder, 'warehouse');

    const [outcome] = await ingestPaths([join(folder, 'incoming')], { warehouse });
    expect(outcome?.summary).toMatchObject({ status: 'ingested', accepted: 11 });
    expect(outcome?.summary?.warnings).toEqual([expect.stringMatching(/^8 of 11 facts fall outside 2024Q3/)]);

    const facts = await queryWarehouse(
      warehouse,
      'SELECT metric, value, scope, time_span FROM facts ORDER BY span_start',
    );
    expect(facts).toEqual([
      { metric: 'drug_cases_detected', value: 12, scope: 'report', time_span: '2024Q3' },
      { metric: 'drug_suspects_detected', value: 18, scope: 'report', time_span: '2024Q3' },
      { metric: 'criminal_cases_prosecuted', value: 31, scope: 'cumulative', time_span: null },
      { metric: 'criminal_defendants_prosecuted', value: 44, scope: 'cumulative', time_span: null },
      { metric: 'crime_cases_detected', value: 5120, scope: 'other_unit', time_span: null },
      { metric: 'crime_suspects_detected', value: 6300, scope: 'other_unit', time_span: null },
      { metric: 'admin_violation_cases', value: 27, scope: 'report', time_span: '2024H1' },
      { metric: 'admin_violation_subjects', value: 30, scope: 'report', time_span: '2024H1' },
      { metric: 'drug_suspects_detected', value: 1, scope: 'incident', time_span: null },
      { metric: 'heroin_seized_cakes', value: 6, scope: 'incident', time_span: null },
      { metric: 'border_posts', value: 13, scope: 'report', time_span: '2024Q3' },
    ]);
    const values = await queryWarehouse(
      warehouse,
      "SELECT metric, value FROM metrics WHERE province = 'VN-23' AND period = '2024Q3' ORDER BY metric",
    );
    expect(values).toEqual([
      { metric: 'border_posts', value: 13 },
      { metric: 'drug_cases_detected', value: 12 },
      { metric: 'drug_suspects_detected', value: 18 },
    ]);
  });
});
