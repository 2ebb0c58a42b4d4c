/**
 * Deterministic benchmark data: the bulk CSV, the backfill landing tree and the text corpus, all
 * made from the province table, the metric catalog and the sample text reports in the repository.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMetricCatalog, type Metric } from '../pipelines/reference/catalog.js';
import {
  firstReportingPeriod,
  lastReportingPeriod,
  loadProvinceUnits,
  type ProvinceUnit,
} from '../pipelines/reference/provinces.js';
import { comparePeriods, formatPeriod, periodOf, type Period, type Quarter } from '../pipelines/period.js';

/** A small seeded generator (mulberry32): the same seed gives the same data on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole-number value a metric accepts (money as whole đồng, lengths as whole km). */
function valueFor(metric: Metric, random: () => number): string {
  const scale = metric.unit === 'vnd' ? 1_000_000 : metric.unit === 'kg' ? 10 : 1;
  return String(Math.floor(random() * 900 + 1) * scale);
}

function nextPeriod(period: Period): Period {
  return period.quarter === 4
    ? { year: period.year + 1, quarter: 1 }
    : { year: period.year, quarter: (period.quarter + 1) as Quarter };
}

/** Every (province, period) a valid row can name up to `now`: each unit over the quarters it existed. */
export function reportingSlots(now: Date): { province: string; period: Period }[] {
  const current = periodOf(now);
  const slots: { province: string; period: Period }[] = [];
  for (const unit of loadProvinceUnits()) {
    const last = lastReportingPeriod(unit) ?? current;
    for (let period = firstReportingPeriod(unit); comparePeriods(period, last) <= 0; period = nextPeriod(period)) {
      slots.push({ province: unit.code, period });
    }
  }
  return slots.sort((a, b) => comparePeriods(a.period, b.period) || a.province.localeCompare(b.province));
}

/**
 * Writes a long-format CSV of `rows` rows (province, period, metric, value), each row valid on its
 * own. A file may give each (province, period, metric) once; when `rows` exceeds the number of
 * such keys up to `now`, the keys repeat and the repeats are rejected as duplicates.
 * Returns the number of distinct keys.
 */
export async function writeBulkCsv(
  path: string,
  rows: number,
  now: Date,
): Promise<{ distinctKeys: number; bytes: number }> {
  const metrics = loadMetricCatalog().metrics;
  const slots = reportingSlots(now);
  const distinctKeys = slots.length * metrics.length;
  const random = seededRandom(7);
  const out = createWriteStream(path);
  let bytes = 0;
  let buffer = 'province,period,metric,value\n';
  for (let row = 0; row < rows; row++) {
    const key = row % distinctKeys;
    const slot = slots[Math.floor(key / metrics.length)]!;
    const metric = metrics[key % metrics.length]!;
    buffer += `${slot.province},${formatPeriod(slot.period)},${metric.code},${valueFor(metric, random)}\n`;
    if (buffer.length > 1 << 16) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffer = '';
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
  return { distinctKeys, bytes };
}

/** One province's CSV for one quarter: `rowCount` metrics, in the landing folder's own style. */
export function quarterCsv(unit: ProvinceUnit, period: Period, rowCount: number, random: () => number): string {
  const metrics = loadMetricCatalog().metrics.slice(0, rowCount);
  const lines = ['province,period,metric,value'];
  for (const metric of metrics)
    lines.push(`${unit.code},${formatPeriod(period)},${metric.code},${valueFor(metric, random)}`);
  return `${lines.join('\n')}\n`;
}

/** The text reports shipped with the samples: real reports the extractor is measured on. */
export async function loadSampleReports(projectRoot: string): Promise<string[]> {
  const folder = join(projectRoot, 'samples', 'incoming');
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.txt'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  if (paths.length === 0) throw new Error(`there are no sample text reports under ${folder}`);
  return Promise.all(paths.map((path) => readFile(path, 'utf8')));
}

const COUNTED_NOUNS = /\b(\d{2,3})\b(?=\s+(?:vụ|đối tượng|tổ|hộ|chi bộ|đảng viên|đồng chí|cán bộ))/gu;

/**
 * A report of about `targetBytes` made by varying the sample reports: the counted numbers shift,
 * some rounds are in NFD or with CRLF and older tone placement, and a title names the province
 * and quarter (so every report's bytes differ).
 */
export function variedReport(reports: readonly string[], index: number, targetBytes: number, title: string): string {
  const shift = index % 97;
  let text = `${title}\n\n`;
  for (let part = 0; Buffer.byteLength(text) < targetBytes; part++) {
    const report = reports[(index + part) % reports.length]!;
    text += `${report.replace(COUNTED_NOUNS, (digits) => String(Number(digits) + shift))}\n\n`;
  }
  // Cut at a paragraph break near the target so the size is close to it without splitting a sentence.
  const cut = text.lastIndexOf('\n\n', Math.floor(targetBytes * 1.1));
  if (cut > targetBytes / 2) text = `${text.slice(0, cut)}\n`;
  if (index % 3 === 1) text = text.normalize('NFD');
  if (index % 4 === 2) text = text.replace(/\n/g, '\r\n').replace(/ủy/g, 'uỷ').replace(/hòa/g, 'hoà');
  return text;
}

/** The corpus for the extractor: varied sample reports adding up to `targetBytes`. */
export function buildExtractionCorpus(reports: readonly string[], targetBytes: number): string[] {
  const corpus: string[] = [];
  let total = 0;
  for (let index = 0; total < targetBytes; index++) {
    const report = variedReport(reports, index, 10 * 1024, `Báo cáo số ${index + 1}`);
    corpus.push(report);
    total += Buffer.byteLength(report);
  }
  return corpus;
}

export interface BackfillTree {
  readonly root: string;
  readonly files: number;
  readonly bytes: number;
  readonly provinces: number;
  readonly quarters: number;
}

/**
 * The backfill landing tree: for every unit that existed before 2025, each quarter of the ten
 * years 2015 to 2024 holds one CSV of `csvRows` rows and `reportsPerQuarter` text reports.
 */
export async function writeBackfillTree(
  root: string,
  reports: readonly string[],
  options: { csvRows: number; reportsPerQuarter: number; reportBytes: number; provinces?: number },
): Promise<BackfillTree> {
  const random = seededRandom(11);
  const units = loadProvinceUnits()
    .filter((unit) => unit.valid_from < '2025-01-01' && (unit.valid_to === null || unit.valid_to >= '2024-12-31'))
    .slice(0, options.provinces ?? Number.POSITIVE_INFINITY);
  const quarters: Period[] = [];
  for (let period: Period = { year: 2015, quarter: 1 }; period.year < 2025; period = nextPeriod(period))
    quarters.push(period);
  let files = 0;
  let bytes = 0;
  let reportIndex = 0;
  for (const unit of units) {
    for (const period of quarters) {
      const folder = join(root, unit.code, formatPeriod(period));
      await mkdir(folder, { recursive: true });
      const csv = quarterCsv(unit, period, options.csvRows, random);
      await writeFile(join(folder, `bao-cao-${formatPeriod(period)}.csv`), csv);
      files++;
      bytes += Buffer.byteLength(csv);
      for (let report = 0; report < options.reportsPerQuarter; report++) {
        const text = variedReport(
          reports,
          reportIndex++,
          options.reportBytes,
          `Báo cáo ${report + 1} của ${unit.name_vi}, quý ${period.quarter} năm ${period.year}`,
        );
        await writeFile(join(folder, `bao-cao-${report + 1}.txt`), text);
        files++;
        bytes += Buffer.byteLength(text);
      }
    }
  }
  return { root, files, bytes, provinces: units.length, quarters: quarters.length };
}
