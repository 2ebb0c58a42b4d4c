import { describe, expect, it } from 'vitest';
import { parseProvinceCsv, type CsvSourceContext } from '../../../pipelines/csv/parse-province-csv.js';

const NOW = new Date('2026-01-15T00:00:00Z');
const context = (overrides: Partial<CsvSourceContext> = {}): CsvSourceContext => ({
  landingProvince: null,
  landingPeriod: null,
  now: NOW,
  ...overrides,
});
const HEADER = 'province,period,metric,value';
const parse = (rows: string[], overrides: Partial<CsvSourceContext> = {}) =>
  parseProvinceCsv([HEADER, ...rows].join('\n'), context(overrides));

describe('parseProvinceCsv', () => {
  it('accepts a long-layout row and records its line', () => {
    const result = parse(['VN-22,2024Q3,border_posts,16']);
    expect(result.facts).toEqual([
      expect.objectContaining({
        province: 'VN-22',
        period: { year: 2024, quarter: 3 },
        metric: 'border_posts',
        value: 16,
        sourceRow: 2,
      }),
    ]);
    expect(result.read).toBe(1);
  });
  it('accepts every listed period form', () => {
    const result = parse([
      'VN-22,2024Q3,border_posts,1',
      'VN-22,2024-Q4,border_posts,2',
      'VN-22,Q1/2025,border_posts,3',
      'VN-22,Quý 2/2025,border_posts,4',
      'VN-22,Quý III/2025,border_posts,5',
      'VN-22,IV/2025,border_posts,6',
    ]);
    expect(result.rejections).toEqual([]);
    expect(result.facts.map((fact) => `${fact.period.year}Q${fact.period.quarter}`)).toEqual([
      '2024Q3',
      '2024Q4',
      '2025Q1',
      '2025Q2',
      '2025Q3',
      '2025Q4',
    ]);
  });
  it('accepts a province by name, with or without diacritics', () => {
    expect(
      parse(['Nghệ An,2024Q3,border_posts,1', 'nghe an,2024Q4,border_posts,2']).facts.map((fact) => fact.province),
    ).toEqual(['VN-22', 'VN-22']);
  });
  it('accepts a metric by its Vietnamese label', () => {
    expect(parse(['VN-22,2024Q3,Số đồn biên phòng,16']).facts[0]?.metric).toBe('border_posts');
  });
  it('rejects a row for another province than the landing folder', () => {
    const result = parse(['VN-23,2024Q3,border_posts,16'], { landingProvince: 'VN-22' });
    expect(result.rejections).toEqual([
      expect.objectContaining({
        sourceRow: 2,
        column: 'province',
        rawValue: 'VN-23',
        reasonEn: expect.stringMatching(/Hà Tĩnh \(VN-23\).*Nghệ An \(VN-22\)/),
      }),
    ]);
  });
  it('rejects a province that no longer existed in the period, naming its successor', () => {
    const result = parse(['VN-03,2025Q3,border_posts,14']);
    expect(result.rejections[0]?.reasonEn).toMatch(/merged into Tuyên Quang \(VN-07\)/);
  });
  it('rejects a later duplicate of a province, period and metric, pointing at the first', () => {
    const result = parse(['VN-22,2024Q3,border_posts,16', 'VN-22,Q3/2024,border_posts,17']);
    expect(result.facts).toHaveLength(1);
    expect(result.rejections).toEqual([
      expect.objectContaining({ sourceRow: 3, reasonEn: expect.stringMatching(/^Line 2 already gives border_posts/) }),
    ]);
  });
  it('rejects an ambiguous number instead of guessing', () => {
    expect(parse(['VN-22,2024Q3,border_posts,1.5']).rejections[0]).toMatchObject({
      column: 'value',
      rawValue: '1.5',
      reasonEn: expect.stringMatching(/ambiguous/),
    });
  });
  it('rejects an unknown metric with a suggestion', () => {
    expect(parse(['VN-22,2024Q3,border_post,16']).rejections[0]?.reasonEn).toMatch(/Did you mean "border_posts"/);
  });
  it('rejects a period that has not started yet and one it cannot read', () => {
    const result = parse(['VN-22,2031Q1,border_posts,16', 'VN-22,7/2024,border_posts,16']);
    expect(result.rejections.map((rejection) => rejection.reasonEn)).toEqual([
      '2031Q1 has not started yet.',
      expect.stringMatching(/is not a quarter/),
    ]);
  });
  it('explains a row with more cells than the header', () => {
    expect(parse(['VN-22,2024Q3,border_length_km,73,4']).rejections[0]?.reasonEn).toMatch(
      /decimal comma in a comma-separated file/,
    );
  });
  it('scales a vnd value by its unit column', () => {
    const result = parseProvinceCsv(
      'province;period;metric;value;unit\nVN-22;2024Q3;fines_collected_vnd;1,2;tỷ đồng\n',
      context(),
    );
    expect(result.facts[0]?.value).toBe(1_200_000_000);
  });
  it('keeps a formula-looking note as text', () => {
    const result = parseProvinceCsv(
      'province,period,metric,value,note\nVN-22,2024Q3,border_posts,16,=1+1\n',
      context(),
    );
    expect(result.facts[0]?.note).toBe('=1+1');
  });
  it('reads the wide layout, one value per filled cell', () => {
    const result = parseProvinceCsv(
      'province\tperiod\tborder_posts\tcrime_cases_detected\tmystery\nVN-22\t2024Q3\t16\t\t7\n',
      context(),
    );
    expect(result.facts).toEqual([expect.objectContaining({ metric: 'border_posts', value: 16 })]);
    expect(result.rejections).toEqual([
      expect.objectContaining({
        column: 'mystery',
        rawValue: '7',
        reasonEn: expect.stringMatching(/not a metric code/),
      }),
    ]);
    expect(result.read).toBe(2);
  });
  it('rejects every value of a wide row whose province is wrong', () => {
    const result = parseProvinceCsv('province,period,border_posts,border_communes\nVN-99,2024Q3,16,27\n', context());
    expect(result.rejections).toHaveLength(2);
    expect(result.rejections.every((rejection) => rejection.column === 'province')).toBe(true);
  });
  it('treats a file without a header as unreadable', () => {
    const result = parseProvinceCsv('VN-22,2024Q3,border_posts,16\n', context());
    expect(result.rejections[0]).toMatchObject({
      code: 'header-missing',
      reasonEn: expect.stringMatching(/^Line 1: No header row was found/),
    });
    expect(result.rejections[0]?.reason).toMatch(/^Dòng 1: Không tìm thấy dòng tiêu đề/);
    expect(result.rejections).toHaveLength(1);
  });
  it('warns about ignored columns and rows for another period than the folder', () => {
    const result = parseProvinceCsv(
      'province,period,metric,value,comment\nVN-22,2024Q2,border_posts,16,x\n',
      context({ landingPeriod: { year: 2024, quarter: 3 } }),
    );
    expect(result.warnings).toEqual([
      expect.stringMatching(/"comment"/),
      expect.stringMatching(/2024Q2 .*folder's 2024Q3/),
    ]);
  });
  it('accounts for every row: accepted plus rejected equals read', () => {
    const result = parse([
      'VN-22,2024Q3,border_posts,16',
      'VN-22,2024Q3,border_posts,17',
      'bad,2024Q3,border_posts,1',
      'VN-22,2024Q3,nope,1',
      'VN-22,2024Q3,border_communes,',
    ]);
    expect(result.facts.length + result.rejections.length).toBe(result.read);
    expect(result.read).toBe(5);
  });
});

describe('parseProvinceCsv on the headers of Vietnamese state forms', () => {
  const form = (rows: string[]) =>
    parseProvinceCsv(['Mã tỉnh;Quý;Chỉ tiêu;Số liệu;Đơn vị tính;Người lập', ...rows].join('\n'), context());

  it('scales each value by its Đơn vị tính and reports the column it could not place', () => {
    const result = form([
      'VN-22;2024Q3;fines_collected_vnd;500;triệu đồng;Nguyễn Văn A',
      'VN-22;2024Q3;drugs_seized_kg;3;tấn;',
      'VN-22;2024Q3;crime_cases_detected;12;vụ việc;',
      'VN-22;2024Q3;border_posts;4;người;',
    ]);
    expect(result.facts.map((fact) => [fact.metric, fact.value])).toEqual([
      ['fines_collected_vnd', 500_000_000],
      ['drugs_seized_kg', 3000],
      ['crime_cases_detected', 12],
    ]);
    expect(result.rejections).toEqual([
      expect.objectContaining({
        sourceRow: 5,
        column: 'Đơn vị tính',
        rawValue: 'người',
        code: 'unit-mismatch',
        reason: expect.stringMatching(/^Đơn vị "người"/),
      }),
    ]);
    expect(result.unrecognisedColumns).toEqual(['Người lập']);
    expect(result.warnings).toEqual([expect.stringContaining('"Người lập"')]);
  });

  it('accepts ĐVT as the unit column', () => {
    const result = parseProvinceCsv(
      'Tỉnh,Kỳ báo cáo,Chỉ tiêu,Giá trị,ĐVT\nNghệ An,Quý III/2024,fines_collected_vnd,"1,2",tỷ đồng\n',
      context(),
    );
    expect(result.facts.map((fact) => fact.value)).toEqual([1_200_000_000]);
    expect(result.unrecognisedColumns).toEqual([]);
  });

  it('records a value marked as not given with its own code, in both layouts', () => {
    const long = form([
      'VN-22;2024Q3;border_posts;N/A;;',
      'VN-22;2024Q3;border_communes;không có;;',
      'VN-22;2024Q3;bp_council_deputies;;;',
    ]);
    expect(long.rejections.map((rejection) => rejection.code)).toEqual([
      'value-missing',
      'value-missing',
      'value-missing',
    ]);
    expect(long.read).toBe(3);
    const wide = parseProvinceCsv('province,period,border_posts,border_communes\nVN-22,2024Q3,-,7\n', context());
    expect(wide.rejections).toEqual([expect.objectContaining({ column: 'border_posts', code: 'value-missing' })]);
    expect(wide.facts.map((fact) => fact.value)).toEqual([7]);
  });

  it('matches labels in any tone placement and suggests the nearest catalog entries for the rest', () => {
    const label = 'Hộ gia đình tự quản đường biên';
    const result = form([
      `VN-22;2024Q3;${label.normalize('NFD')};5;hộ;`,
      'VN-22;2024Q3;Tiền phạt, thu nộp ngân sách;700;triệu;',
      'VN-22;2024Q3;ho gia dinh tu quan duong bien gioi;5;;',
      'Nghe Anh;2024Q3;border_posts;5;;',
    ]);
    expect(result.facts.map((fact) => fact.metric)).toEqual(['selfmgmt_border_households', 'fines_collected_vnd']);
    expect(form(['VN-22;2024Q3;Cán bộ biên phòng tham gia cấp uỷ cấp huyện;3;đồng chí;']).facts[0]?.metric).toBe(
      'bp_cadres_district_committee',
    );
    expect(result.rejections).toEqual([
      expect.objectContaining({ code: 'metric-unknown', reasonEn: expect.stringContaining(`Did you mean "${label}"`) }),
      expect.objectContaining({
        code: 'province-unknown',
        reason: expect.stringContaining('Có phải ý bạn là "Nghệ An (VN-22)"'),
      }),
    ]);
  });
});
