#!/usr/bin/env node
// Writes the synthetic sample uploads in samples/incoming/ (and a national backfill beside it): quarterly CSVs for seven provinces,
// 2024Q3 to 2025Q2, in the styles provinces really send (English or Vietnamese headers, ';' or
// tab delimiters, BOM, UTF-16, wide layout), a correction upload, a national backfill, a few bad
// rows and one unsupported file. The values are invented; the generator is deterministic.
// It also copies the five real text reports from tests/fixtures/shared/seeds/, the project's copy
// of ../shared/seeds/ (see samples/README.md), and
// writes samples/pending/: the same kind of uploads as provinces type them in Excel and Word (a
// workbook with a title block and a merged header, a .docx and a .pdf of real reports, a
// Windows-1258 CSV), kept apart until ingest reads those formats. Run with tsx (`npm run samples`).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import PDFDocument from 'pdfkit';
import { encodeLegacy } from '../pipelines/text/legacy-vietnamese.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const incoming = join(root, 'samples', 'incoming');
const pending = join(root, 'samples', 'pending', 'incoming');
const seeds = join(root, 'tests', 'fixtures', 'shared', 'seeds');
const QUARTERS = [
  [2024, 3],
  [2024, 4],
  [2025, 1],
  [2025, 2],
];
const ROMAN = ['', 'I', 'II', 'III', 'IV'];

// A small deterministic generator (mulberry32), so the samples never change between runs.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROVINCES = {
  'VN-22': { name: 'Nghệ An', km: '468,3', districts: 6, communes: 27, posts: 16, size: 1.0 },
  'VN-01': { name: 'Lai Châu', km: '273,5', districts: 4, communes: 19, posts: 9, size: 0.6 },
  'VN-04': { name: 'Cao Bằng', km: '333,4', districts: 8, communes: 40, posts: 15, size: 0.8 },
  'VN-09': { name: 'Lạng Sơn', km: '231,7', districts: 5, communes: 21, posts: 12, size: 0.9 },
  'VN-13': { name: 'Quảng Ninh', km: '118,8', districts: 3, communes: 16, posts: 17, size: 1.2 },
  'VN-45': { name: 'Đồng Tháp', km: '48,7', districts: 3, communes: 8, posts: 5, size: 0.5 },
  'VN-33': { name: 'Đắk Lắk', km: '73,4', districts: 2, communes: 5, posts: 5, size: 0.4 },
};

/** Plausible values for one province and quarter, as Vietnamese-written strings. */
function valuesFor(code, year, quarter) {
  const p = PROVINCES[code];
  const next = random(code.charCodeAt(3) * 1000 + code.charCodeAt(4) * 31 + year * 4 + quarter);
  const count = (base) => String(Math.max(0, Math.round(base * p.size * (0.7 + next() * 0.6))));
  const reinforced = Math.max(1, p.communes - Math.floor(next() * 3));
  const cases = Math.round(40 * p.size * (0.7 + next() * 0.6));
  const drugCases = Math.round(cases * 0.4);
  const millions = Math.round(300 + next() * 900);
  return {
    border_length_km: p.km,
    border_districts: String(p.districts),
    border_communes: String(p.communes),
    border_posts: String(p.posts),
    bp_cadres_district_committee: String(p.districts),
    bp_cadres_commune_committee: String(reinforced),
    bp_commune_deputy_secretaries: `${Math.max(1, reinforced - 1)}/${reinforced}`,
    bp_commune_reinforcement_cadres: String(reinforced),
    communes_with_bp_reinforcement: `${reinforced}/${p.communes}`,
    new_party_members_admitted: count(20),
    crime_cases_detected: String(cases),
    crime_suspects_detected: String(Math.round(cases * 1.3)),
    drug_cases_detected: String(drugCases),
    drug_suspects_detected: String(Math.round(drugCases * 1.4)),
    drugs_seized_kg: `${Math.floor(next() * 12)},${Math.floor(next() * 10)}`,
    heroin_seized_cakes: count(8),
    criminal_cases_prosecuted: String(Math.round(cases * 0.5)),
    criminal_defendants_prosecuted: String(Math.round(cases * 0.65)),
    admin_violation_cases: count(25),
    fines_collected_vnd: String(millions),
  };
}

const CADRE_AND_SCOPE = [
  'border_length_km',
  'border_districts',
  'border_communes',
  'border_posts',
  'bp_cadres_district_committee',
  'bp_cadres_commune_committee',
  'bp_commune_deputy_secretaries',
  'bp_commune_reinforcement_cadres',
  'communes_with_bp_reinforcement',
  'new_party_members_admitted',
];
const CRIME = [
  'crime_cases_detected',
  'crime_suspects_detected',
  'drug_cases_detected',
  'drug_suspects_detected',
  'drugs_seized_kg',
  'heroin_seized_cakes',
  'criminal_cases_prosecuted',
  'criminal_defendants_prosecuted',
  'admin_violation_cases',
  'fines_collected_vnd',
];
const ALL = [...CADRE_AND_SCOPE, ...CRIME];

const quote = (cell, delimiter) =>
  /[",\n;\t]/.test(cell) && (cell.includes(delimiter) || /["\n]/.test(cell)) ? `"${cell.replaceAll('"', '""')}"` : cell;
const csv = (rows, delimiter = ',', newline = '\n') =>
  rows.map((row) => row.map((cell) => quote(cell, delimiter)).join(delimiter)).join(newline) + newline;
const write = (path, content, folder = incoming) => {
  const target = join(folder, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
};
const money = (metric, value) => (metric === 'fines_collected_vnd' ? [value, 'triệu đồng'] : [value, '']);

rmSync(incoming, { recursive: true, force: true });

for (const [year, quarter] of QUARTERS) {
  const period = `${year}Q${quarter}`;

  // Nghệ An: the reference style. English headers, comma-separated, ratios with a denominator column.
  {
    const v = valuesFor('VN-22', year, quarter);
    const rows = [['province', 'period', 'metric', 'value', 'denominator', 'unit', 'note']];
    for (const metric of ALL) {
      const [value, unit] = money(metric, v[metric]);
      const [numerator, denominator = ''] = value.split('/');
      rows.push([
        'VN-22',
        period,
        metric,
        numerator,
        denominator,
        unit,
        metric === 'drugs_seized_kg' ? 'ma túy đá và heroin' : '',
      ]);
    }
    if (quarter === 4)
      rows.push(['VN-23', period, 'crime_cases_detected', '12', '', '', 'số liệu của Hà Tĩnh gửi nhầm']);
    write(`VN-22/${period}/bao-cao-quy-${quarter}-${year}.csv`, csv(rows));
  }

  // Lai Châu: Vietnamese headers with diacritics, ';' delimiter, UTF-8 BOM, CRLF, Roman-numeral quarters, names not codes.
  {
    const v = valuesFor('VN-01', year, quarter);
    const rows = [['Tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Số liệu', 'Đơn vị', 'Ghi chú']];
    for (const metric of ALL) {
      const [value, unit] = money(metric, v[metric]);
      rows.push(['Lai Châu', `Quý ${ROMAN[quarter]}/${year}`, metric, value, unit, '']);
    }
    if (quarter === 1)
      rows.push(['Lai Châu', `Quý ${ROMAN[quarter]}/${year}`, 'admin_violation_cases', '1.5', '', 'nhập sai']);
    write(`VN-01/${period}/LaiChau_Q${quarter}_${year}.csv`, `\uFEFF${csv(rows, ';', '\r\n')}`);
  }

  // Cao Bằng: the wide layout, one column per metric, tab-separated.
  {
    const v = valuesFor('VN-04', year, quarter);
    const rows = [
      ['ma_tinh', 'ky_bao_cao', ...ALL],
      [
        'VN-04',
        `${year}-Q${quarter}`,
        ...ALL.map((metric) => (metric === 'fines_collected_vnd' ? `${v[metric]}000000` : v[metric])),
      ],
    ];
    write(`VN-04/${period}/cao-bang-${period}.csv`, csv(rows, '\t'));
  }

  // Lạng Sơn: Vietnamese headers without diacritics, Q3/2024 periods, money in millions.
  {
    const v = valuesFor('VN-09', year, quarter);
    const rows = [['ma_tinh', 'ky_bao_cao', 'chi_tieu', 'gia_tri', 'don_vi', 'ghi_chu']];
    for (const metric of ALL) {
      const [value, unit] = money(metric, v[metric]);
      rows.push([
        'Lang Son',
        `Q${quarter}/${year}`,
        metric,
        value,
        unit,
        metric === 'crime_cases_detected' ? 'gồm cả vụ việc\ntrên tuyến biển' : '',
      ]);
    }
    if (quarter === 2) rows.push(['Lang Son', `Q${quarter}/${year}`, 'crime_cases_detectd', '4', '', '']);
    write(`VN-09/${period}/lang-son-quy-${quarter}.csv`, csv(rows));
  }

  // Quảng Ninh: saved by Excel as "Unicode text": UTF-16 with BOM, tab-separated, CRLF, labels instead of codes.
  {
    const v = valuesFor('VN-13', year, quarter);
    const labels = {
      crime_cases_detected: 'Vụ việc vi phạm, tội phạm phát hiện, bắt giữ (chung)',
      border_posts: 'Số đồn biên phòng',
    };
    const rows = [['Mã tỉnh', 'Quý', 'Chỉ tiêu', 'Giá trị', 'Đơn vị']];
    for (const metric of ALL) {
      const [value, unit] = money(metric, v[metric]);
      rows.push(['Quảng Ninh', `${year}Q${quarter}`, labels[metric] ?? metric, value, unit]);
    }
    if (quarter === 3) rows.push(['Quảng Ninh', `${year}Q${quarter}`, 'crime_cases_detected', '9', '']);
    const text = csv(rows, '\t', '\r\n');
    write(
      `VN-13/${period}/quang-ninh-${period}.csv`,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
  }

  // Đồng Tháp: province folder without a period folder (rows carry their period), text stored in NFD.
  {
    const v = valuesFor('VN-45', year, quarter);
    const rows = [['Mã tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Giá trị', 'Mẫu số', 'Đơn vị']];
    for (const metric of ALL) {
      const [value, unit] = money(metric, v[metric]);
      rows.push(['Đồng Tháp', `Quý ${quarter}/${year}`, metric, value, '', unit]);
    }
    write(`VN-45/dong-thap-${period}.csv`, csv(rows).normalize('NFD'));
  }

  // Đắk Lắk: crime figures only, from the provincial border guard's crime desk.
  {
    const v = valuesFor('VN-33', year, quarter);
    const rows = [['province', 'period', 'metric', 'value', 'unit']];
    for (const metric of CRIME) {
      const [value, unit] = money(metric, v[metric]);
      rows.push(['VN-33', period, metric, value, unit]);
    }
    write(`VN-33/${period}/dak-lak-toi-pham-${period}.csv`, csv(rows));
  }
}

// A correction: Nghệ An resends two 2025Q2 values; the earlier file stays in history.
write(
  'VN-22/2025Q2/dieu-chinh-bao-cao-quy-2-2025.csv',
  csv([
    ['province', 'period', 'metric', 'value', 'note'],
    ['VN-22', '2025Q2', 'crime_cases_detected', '51', 'điều chỉnh sau rà soát'],
    ['VN-22', '2025Q2', 'new_party_members_admitted', '24', 'điều chỉnh sau rà soát'],
  ]),
);

// A national backfill run by an operator: outside incoming/, so rows may name any province.
write(
  'national-backfill-2025.csv',
  csv([
    ['province', 'period', 'metric', 'value'],
    ['VN-71', '2025Q2', 'border_length_km', '455,9'],
    ['VN-71', '2025Q2', 'border_posts', '16'],
    ['VN-71', '2025Q2', 'crime_cases_detected', '33'],
    ['VN-03', '2025Q3', 'border_posts', '14'],
    ['VN-71', '2025Q2', 'border_posts', '16'],
    ['VN-71', '2031Q1', 'border_posts', '16'],
  ]),
  join(root, 'samples'),
);

// A scanned minute that is not a supported kind of file: kept and reported, never dropped.
write('VN-04/2025Q2/bien-ban-hop.docx', 'PK\u0003\u0004 (placeholder for a Word document)\n');

// The five real text reports, filed under the latest sample quarter of their province.
const REPORTS = [
  ['000_47ce2dc210bb9c1c.txt', 'VN-22'],
  ['001_59c3751f5e590c04.txt', 'VN-01'],
  ['002_6420ba5263f4b12a.txt', 'VN-04'],
  ['003_547e21fc882594af.txt', 'VN-45'],
  ['004_9da38356a6f74487.txt', 'VN-33'],
];
for (const [file, code] of REPORTS) {
  mkdirSync(join(incoming, code, '2025Q2'), { recursive: true });
  copyFileSync(join(seeds, file), join(incoming, code, '2025Q2', file));
}
console.log(`samples written to ${incoming}`);

// ---- samples/pending: formats ingest does not read yet ---------------------------------------

// Office files carry their creation time and zip entry times; fixed ones keep the samples byte-identical between runs.
const FIXED_TIME = new Date(Date.UTC(2025, 6, 1, 8, 0, 0));
function fixOfficeTimes(bytes) {
  const entries = unzipSync(new Uint8Array(bytes));
  const core = entries['docProps/core.xml'];
  if (core) {
    const iso = FIXED_TIME.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const fixed = strFromU8(core).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${iso}`);
    entries['docProps/core.xml'] = strToU8(fixed);
  }
  const timed = Object.entries(entries).map(([name, data]) => [name, [data, { mtime: FIXED_TIME }]]);
  return zipSync(Object.fromEntries(timed));
}
const writePending = (path, content) => {
  const target = join(pending, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
};
const seedParagraphs = (file) =>
  readFileSync(join(seeds, file), 'utf8')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);

rmSync(join(root, 'samples', 'pending'), { recursive: true, force: true });

// Lạng Sơn's 2025Q2 figures as its border guard types them in Excel: a title block, a two-row header whose
// "Số liệu" cell is merged over "Giá trị" and "Mẫu số", numbers typed as numbers, and a hidden guide sheet.
{
  const v = valuesFor('VN-09', 2025, 2);
  const workbook = new ExcelJS.Workbook();
  workbook.created = FIXED_TIME;
  workbook.modified = FIXED_TIME;
  const sheet = workbook.addWorksheet('Biểu 01');
  sheet.addRow(['BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN']);
  sheet.addRow(['BÁO CÁO SỐ LIỆU CÔNG TÁC BIÊN PHÒNG QUÝ II/2025']);
  sheet.addRow(['Ngày báo cáo:', new Date(Date.UTC(2025, 5, 30))]);
  sheet.addRow([]);
  sheet.addRow(['Tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Số liệu', null, 'Đơn vị tính', 'Ghi chú']);
  sheet.addRow([null, null, null, 'Giá trị', 'Mẫu số', null, null]);
  for (const metric of ALL) {
    const [value, unit] = money(metric, v[metric]);
    const [numerator, denominator] = value.split('/');
    const number = (text) => Number(text.replaceAll('.', '').replace(',', '.'));
    const ratioOf = denominator === undefined ? null : number(denominator);
    sheet.addRow(['Lạng Sơn', 'Quý II/2025', metric, number(numerator), ratioOf, unit, null]);
  }
  for (const range of ['A1:G1', 'A2:G2', 'A5:A6', 'B5:B6', 'C5:C6', 'D5:E5', 'F5:F6', 'G5:G6']) sheet.mergeCells(range);
  sheet.getCell('B3').numFmt = 'dd/mm/yyyy';
  const guide = workbook.addWorksheet('Hướng dẫn', { state: 'hidden' });
  guide.addRow(['Điền số liệu vào biểu 01; số thập phân dùng dấu phẩy theo cài đặt của máy.']);
  writePending('VN-09/2025Q2/lang-son-bieu-01-quy-2-2025.xlsx', fixOfficeTimes(await workbook.xlsx.writeBuffer()));
}

// Nghệ An's real report (seed 000) as a Word document.
{
  const [title, ...body] = seedParagraphs('000_47ce2dc210bb9c1c.txt');
  const children = [
    new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }),
    ...body.map(
      (paragraph) =>
        new Paragraph({
          children: paragraph.split('\n').map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : 0 })),
        }),
    ),
  ];
  const document = new Document({ creator: 'BĐBP Nghệ An', sections: [{ children }] });
  writePending('VN-22/2025Q2/bao-cao-can-bo-tham-gia-cap-uy.docx', fixOfficeTimes(await Packer.toBuffer(document)));
}

// Đắk Lắk's real report (seed 004) as a PDF printed from Word: justified A4 pages, in a font with
// every Vietnamese letter.
{
  const require = createRequire(import.meta.url);
  const font = readFileSync(join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'));
  const info = { Title: 'Báo cáo', CreationDate: FIXED_TIME, ModDate: FIXED_TIME };
  const pdf = new PDFDocument({ size: 'A4', margin: 56, info });
  const chunks = [];
  pdf.on('data', (chunk) => chunks.push(chunk));
  const finished = new Promise((resolve) => pdf.on('end', resolve));
  pdf.registerFont('body', font);
  pdf.font('body').fontSize(11);
  for (const paragraph of seedParagraphs('004_9da38356a6f74487.txt')) {
    pdf.text(paragraph, { align: 'justify' });
    pdf.moveDown(0.8);
  }
  pdf.end();
  await finished;
  writePending('VN-33/2025Q2/bao-cao-dak-lak.pdf', Buffer.concat(chunks));
}

// Lai Châu's 2025Q2 CSV as older Excel saves "CSV" on a Vietnamese Windows: Windows-1258, tone
// marks as combining characters.
{
  const v = valuesFor('VN-01', 2025, 2);
  const rows = [['Tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Số liệu', 'Đơn vị tính', 'Ghi chú']];
  for (const metric of ALL) {
    const [value, unit] = money(metric, v[metric]);
    rows.push(['Lai Châu', 'Quý II/2025', metric, value, unit, metric === 'border_posts' ? 'gồm cả đồn cửa khẩu' : '']);
  }
  writePending('VN-01/2025Q2/LaiChau_Q2_2025_windows-1258.csv', encodeLegacy(csv(rows, ';', '\r\n'), 'windows-1258'));
}
console.log(`pending samples written to ${pending}`);
