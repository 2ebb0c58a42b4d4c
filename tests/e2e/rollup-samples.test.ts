/**
 * The rollup of the sample landing tree, checked against numbers recomputed straight from the raw
 * sample CSVs (decoded and read here with papaparse, not through the pipeline or the warehouse),
 * and the three output files checked against each other.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { writeRollup, type RollupCommandResult } from '../../cli/commands/rollup.js';
import { extractFacts } from '../../pipelines/extract/extract-facts.js';
import { parsePeriod } from '../../pipelines/period.js';
import {
  makeTemporaryFolder,
  PROJECT_ROOT,
  removeFolder,
  SAMPLE_BACKFILL,
  SAMPLE_SOURCES,
  SAMPLES,
} from '../helpers.js';

const PERIOD = '2025Q2';
const PREVIOUS_QUARTER = '2025Q1';
const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'rollup');
const CATALOG = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'tests', 'fixtures', 'shared', 'spec', 'metric-catalog.json'), 'utf8'),
) as { metrics: { code: string; label_vi: string }[] };

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim()
    .replace(/[\s-]+/g, '_');
}

function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** A number as a clerk writes it: '.' groups thousands, ',' marks decimals. */
function vietnameseNumber(text: string): number {
  return Number(text.trim().replace(/\./g, '').replace(',', '.'));
}

interface RawValue {
  readonly file: string;
  readonly line: number;
  readonly province: string;
  readonly metric: string;
  readonly value: number;
}

/**
 * The values of one quarter in every sample CSV for the metrics asked for, read the plain way: the
 * long layout's metric/value columns or the wide layout's metric-named columns.
 */
function rawValues(
  metrics: readonly string[],
  provinceOf: (cell: string, file: string) => string,
  quarter = PERIOD,
): RawValue[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.csv')) files.push(path);
    }
  };
  walk(SAMPLES);
  files.push(SAMPLE_BACKFILL);
  const values: RawValue[] = [];
  for (const path of files) {
    const parsed = Papa.parse<string[]>(decode(readFileSync(path)), { skipEmptyLines: true });
    const [header = [], ...rows] = parsed.data;
    const names = header.map(fold);
    const provinceColumn = names.findIndex((name) => ['province', 'province_code', 'ma_tinh', 'tinh'].includes(name));
    const periodColumn = names.findIndex((name) => ['period', 'ky_bao_cao', 'quy'].includes(name));
    const metricColumn = names.findIndex((name) => ['metric', 'metric_code', 'chi_tieu'].includes(name));
    const valueColumn = names.findIndex((name) => ['value', 'gia_tri', 'so_lieu'].includes(name));
    rows.forEach((row, index) => {
      const period = parsePeriod(row[periodColumn] ?? '');
      if (!period || `${period.year}Q${period.quarter}` !== quarter) return;
      const province = provinceOf(row[provinceColumn] ?? '', relative(SAMPLES, path));
      for (const metric of metrics) {
        // The contract allows a metric's code or its exact Vietnamese label.
        const label = CATALOG.metrics.find((entry) => entry.code === metric)?.label_vi ?? metric;
        const named = (cell: string | undefined): boolean =>
          cell !== undefined && (cell.trim() === metric || cell.trim().normalize('NFC') === label);
        const cell =
          metricColumn >= 0 ? (named(row[metricColumn]) ? row[valueColumn] : undefined) : row[names.indexOf(metric)];
        if (cell !== undefined && cell.trim() !== '')
          values.push({
            file: relative(SAMPLES, path),
            line: index + 2,
            province,
            metric,
            value: vietnameseNumber(cell),
          });
      }
    });
  }
  return values;
}

/** The first figure for each metric in each sample text report of the quarter. */
function textValues(metrics: readonly string[], quarter = PERIOD): RawValue[] {
  const values: RawValue[] = [];
  for (const province of readdirSync(SAMPLES)
    .filter((name) => name.startsWith('VN-'))
    .sort()) {
    const quarterFolder = join(SAMPLES, province, quarter);
    let names: string[] = [];
    try {
      names = readdirSync(quarterFolder)
        .filter((name) => name.endsWith('.txt'))
        .sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const { facts } = extractFacts(readFileSync(join(quarterFolder, name), 'utf8'));
      for (const metric of metrics) {
        const first = facts.filter((fact) => fact.metric === metric).sort((a, b) => a.span[0] - b.span[0])[0];
        if (first) {
          values.push({ file: `${province}/${quarter}/${name}`, line: 0, province, metric, value: first.value });
        }
      }
    }
  }
  return values;
}

let folder: string;
let result: RollupCommandResult;
let csvText: string;
let json: { tables: { id: string; rows: Record<string, unknown>[] }[] };
let html: string;

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  await ingestPaths(SAMPLE_SOURCES, { warehouse: join(folder, 'warehouse') });
  result = await writeRollup({
    period: parsePeriod(PERIOD)!,
    warehouse: join(folder, 'warehouse'),
    out: join(folder, 'report'),
    deadlineDays: 10,
    zThreshold: 3,
  });
  csvText = readFileSync(join(folder, 'report', 'rollup.csv'), 'utf8');
  json = JSON.parse(readFileSync(join(folder, 'report', 'rollup.json'), 'utf8')) as typeof json;
  html = readFileSync(join(folder, 'report', 'index.html'), 'utf8');
}, 120_000);

afterAll(async () => {
  await removeFolder(folder);
});

function table(id: string): Record<string, unknown>[] {
  const found = json.tables.find((item) => item.id === id);
  if (!found) throw new Error(`no table ${id}`);
  return found.rows;
}

/** A province's code from the folder it was uploaded to, or from the row for a national file. */
function provinceFromSample(cell: string, file: string): string {
  const folderCode = /^(VN-\w+)\//.exec(file)?.[1];
  if (folderCode) return folderCode;
  return cell.trim();
}

/** The value of each province and metric that counts: within a province, the last file in path order wins (corrections sort after). */
function currentRawValues(metrics: readonly string[], quarter = PERIOD): Map<string, RawValue> {
  const current = new Map<string, RawValue>();
  for (const value of rawValues(metrics, provinceFromSample, quarter)) {
    const key = `${value.province}|${value.metric}`;
    const earlier = current.get(key);
    // A file may give a value once: a repeat in the same file is rejected, a later file corrects.
    if (!earlier || earlier.file !== value.file) current.set(key, value);
  }
  return current;
}

/** Each province's current value of each metric in a quarter: its latest CSV, else the first figure of its report. */
function quarterValues(metrics: readonly string[], quarter: string): Map<string, RawValue> {
  const current = currentRawValues(metrics, quarter);
  for (const value of textValues(metrics, quarter)) {
    if (!current.has(`${value.province}|${value.metric}`)) current.set(`${value.province}|${value.metric}`, value);
  }
  return current;
}

describe(`the rollup of the samples for ${PERIOD}`, () => {
  it('writes its three files', () => {
    expect(result.files.map((file) => relative(folder, file))).toEqual([
      'report/index.html',
      'report/rollup.csv',
      'report/rollup.json',
    ]);
  });

  it('gives each province the crime figures of its latest CSV', () => {
    const raw = currentRawValues(['crime_cases_detected', 'crime_suspects_detected']);
    const crime = table('crime');
    for (const row of crime) {
      const province = String(row.province);
      expect(row.cases, `${province} cases`).toBe(raw.get(`${province}|crime_cases_detected`)?.value ?? null);
      expect(row.suspects, `${province} suspects`).toBe(raw.get(`${province}|crime_suspects_detected`)?.value ?? null);
    }
    // Nghệ An's correction file (51) replaced its first figure (52).
    expect(crime.find((row) => row.province === 'VN-22')?.cases).toBe(51);
  });

  it('sums the national totals from the raw files, text reports filling in what no CSV gave', () => {
    const metrics = ['crime_cases_detected', 'crime_suspects_detected', 'border_length_km'];
    const current = currentRawValues(metrics);
    for (const value of textValues(metrics)) {
      if (!current.has(`${value.province}|${value.metric}`)) current.set(`${value.province}|${value.metric}`, value);
    }
    const raw = [...current.values()];
    // Đắk Lắk's CSV has no border length; its text report says 73,4 km.
    expect(current.get('VN-33|border_length_km')?.file).toMatch(/\.txt$/);
    const national = [...table('national'), ...table('national-scope')];
    for (const metric of ['crime_cases_detected', 'crime_suspects_detected', 'border_length_km']) {
      const values = raw.filter((value) => value.metric === metric);
      const row = national.find((item) => item.metric === metric);
      expect(row?.total, metric).toBeCloseTo(
        values.reduce((total, value) => total + value.value, 0),
        6,
      );
      expect(row?.provinces_reporting, metric).toBe(new Set(values.map((value) => value.province)).size);
    }
  });

  it('changes national totals only over the provinces that reported in both quarters', () => {
    const metrics = [
      'crime_cases_detected',
      'crime_suspects_detected',
      'drugs_seized_kg',
      'new_party_members_admitted',
    ];
    const now = quarterValues(metrics, PERIOD);
    const before = quarterValues(metrics, PREVIOUS_QUARTER);
    const national = table('national');
    for (const metric of metrics) {
      const provinces = [...now.values()].filter((value) => value.metric === metric).map((value) => value.province);
      const both = provinces.filter((province) => before.has(`${province}|${metric}`));
      const sum = (values: Map<string, RawValue>): number =>
        both.reduce((total, province) => total + values.get(`${province}|${metric}`)!.value, 0);
      const row = national.find((item) => item.metric === metric);
      expect(row?.like_for_like_quarter_provinces, metric).toBe(both.length);
      expect(row?.like_for_like_previous_quarter_total, metric).toBeCloseTo(sum(before), 6);
      expect(row?.like_for_like_quarter_total, metric).toBeCloseTo(sum(now), 6);
      expect(row?.change_from_previous_quarter, metric).toBeCloseTo(sum(now) - sum(before), 6);
      // The page says over how many of the quarter's provinces the change is.
      const cell = `data-column="like_for_like_quarter_provinces">${both.length} / ${provinces.length}</td>`;
      expect(html, metric).toContain(cell);
    }
    // Điện Biên sent crime figures for the first time: the total counts them, the change does not.
    const started = [...now.values()]
      .filter((value) => value.metric === 'crime_cases_detected')
      .filter((value) => !before.has(`${value.province}|crime_cases_detected`));
    expect(started.map((value) => value.province)).toEqual(['VN-71']);
    const crime = national.find((row) => row.metric === 'crime_cases_detected')!;
    expect(crime.total).toBe((crime.like_for_like_quarter_total as number) + started[0]!.value);
  });

  it('shows the size of the border area as it is, never as a change', () => {
    const scope = ['border_length_km', 'border_districts', 'border_communes', 'border_posts'];
    expect(table('national').filter((row) => scope.includes(String(row.metric)))).toEqual([]);
    const sizes = table('national-scope');
    expect(sizes.map((row) => row.metric).sort()).toEqual([...scope].sort());
    for (const row of sizes) {
      const comparisons = Object.keys(row).filter((key) => /change|previous|like_for_like/.test(key));
      expect(comparisons, String(row.metric)).toEqual([]);
    }
  });

  it('normalises cases per 100 km with the border length of the same files', () => {
    const raw = currentRawValues(['crime_cases_detected', 'border_length_km']);
    for (const row of table('crime')) {
      const cases = raw.get(`${String(row.province)}|crime_cases_detected`)?.value;
      const border = raw.get(`${String(row.province)}|border_length_km`)?.value;
      if (cases === undefined || border === undefined) continue;
      expect(row.cases_per_100_km, String(row.province)).toBeCloseTo(
        Math.round(((cases * 100) / border) * 100) / 100,
        6,
      );
    }
  });

  it('counts as having sent a CSV exactly the provinces with CSV rows for the quarter', () => {
    const senders = new Set(
      rawValues(
        ['crime_cases_detected', 'border_length_km', 'border_communes', 'border_posts'],
        provinceFromSample,
      ).map((value) => value.province),
    );
    const sent = table('completeness')
      .filter((row) => String(row.status).startsWith('Đã gửi CSV'))
      .map((row) => String(row.province));
    expect(new Set(sent)).toEqual(senders);
  });

  it('writes every number of the page into rollup.csv and rollup.json alike', () => {
    const lines = Papa.parse<Record<string, string>>(csvText.trim(), { header: true }).data;
    const fromCsv = lines
      .filter((line) => line.table === 'crime' && line.column === 'cases')
      .map((line) => [line.province, Number(line.value)]);
    expect(fromCsv).toEqual(table('crime').map((row) => [row.province, row.cases]));
    const total = table('national').find((row) => row.metric === 'crime_cases_detected')?.total as number;
    expect(
      lines.some(
        (line) =>
          line.table === 'national' &&
          line.metric === 'crime_cases_detected' &&
          line.column === 'total' &&
          Number(line.value) === total,
      ),
    ).toBe(true);
    // The page shows it in Vietnamese style, linked to its breakdown by province.
    expect(html).toContain(`<a href="#nat--crime-cases-detected">${new Intl.NumberFormat('vi-VN').format(total)}</a>`);
  });

  it('links every province value to a sources row that exists on the page', () => {
    const anchors = [...html.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]);
    expect(anchors.length).toBeGreaterThan(100);
    for (const anchor of new Set(anchors)) expect(html, anchor).toContain(`id="${anchor}"`);
  });

  it('escapes text from uploads', () => {
    expect(html).not.toMatch(/<script(?![^>]*>\s*function openTarget)/);
  });
});

/** Debian's Chromium (installed by .ci/run); PROVSTAT_CHROMIUM points elsewhere. */
const CHROMIUM = process.env.PROVSTAT_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && process.env.CI)
  throw new Error(`CI needs Chromium at ${CHROMIUM} for the rollup page test (.ci/run installs Debian's chromium)`);
if (!HAVE_CHROMIUM)
  console.warn(`SKIPPING the browser check of the rollup page: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

// The browser's globals, as the callbacks run by evaluate() use them (this project compiles without the DOM library).
declare const getComputedStyle: (element: unknown) => { fontSize: string; paddingLeft: string; paddingRight: string };
declare const document: { documentElement: { scrollWidth: number } };

interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** What a chart looks like once laid out: its size on the page and the smallest text in it, in CSS pixels. */
interface ChartLayout {
  readonly id: string;
  readonly width: number;
  readonly figureWidth: number;
  readonly texts: number;
  readonly smallestText: number;
}

/** Each chart's rendered width and the size its text is drawn at: computed font size × the SVG's scale. */
async function chartLayouts(on: Page): Promise<ChartLayout[]> {
  return on.locator('figure.chart').evaluateAll((figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector('svg')!;
      const box = svg.getBoundingClientRect();
      const scale = box.width / Number((svg.getAttribute('viewBox') ?? '').split(' ')[2]);
      const texts = [...svg.querySelectorAll('text')].filter((text) => (text.textContent ?? '').trim() !== '');
      const style = getComputedStyle(figure);
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      const figureWidth = figure.getBoundingClientRect().width - padding;
      const sizes = texts.map((text) => parseFloat(getComputedStyle(text).fontSize) * scale);
      return { id: figure.id, width: box.width, figureWidth, texts: texts.length, smallestText: Math.min(...sizes) };
    }),
  );
}

describe.runIf(HAVE_CHROMIUM)('the rollup page in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let phone: Page;
  const consoleErrors: string[] = [];
  const CHARTS = 11;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const open = async (options: Parameters<Browser['newPage']>[0]): Promise<Page> => {
      const opened = await browser.newPage(options);
      opened.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      opened.on('pageerror', (error) => consoleErrors.push(error.message));
      await opened.goto(pathToFileURL(join(folder, 'report', 'index.html')).href);
      return opened;
    };
    page = await open({ viewport: { width: 1280, height: 900 } });
    phone = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the title, the charts and the tables', async () => {
    expect(await page.title()).toContain('Quý 2/2025');
    // Six trend charts, two cadre and three crime bar charts.
    expect(await page.locator('figure.chart svg').count()).toBe(CHARTS);
    const tables = [
      'completeness',
      'national',
      'national-scope',
      'cadre',
      'crime',
      'outliers',
      'conflicts',
      'rejections',
    ];
    for (const id of tables) {
      expect(await page.locator(`table[data-table="${id}"]`).isVisible(), id).toBe(true);
    }
  });

  it('draws the crime chart with a bar per province and their names', async () => {
    const chart = page.locator('#chart-crime-cases svg');
    const labels = await chart.locator('text').allTextContents();
    for (const row of table('crime')) expect(labels, String(row.province)).toContain(String(row.province_name));
    expect(await chart.locator('path[aria-roledescription="bar"]').count()).toBe(table('crime').length);
  });

  it('shows the national total and the provinces that reported', async () => {
    const total = table('national').find((row) => row.metric === 'crime_cases_detected')?.total as number;
    const cell = page
      .locator('table[data-table="national"] tr', { hasText: 'Crime/violation cases detected' })
      .locator('td[data-column="total"]');
    expect(await cell.textContent()).toBe(new Intl.NumberFormat('vi-VN').format(total));
    const completeness = await page.locator('table[data-table="completeness"]').textContent();
    for (const name of ['Nghệ An', 'Lai Châu', 'Quảng Ninh', 'Điện Biên']) expect(completeness).toContain(name);
  });

  it('says over how many provinces each of the biggest changes is', async () => {
    const items = await page.locator('#summary-section ul.changes li').allInnerTexts();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item).toMatch(/\d+ of \d+ provinces reporting in both quarters/);
  });

  it('starts every value axis at zero', async () => {
    // Vega describes each axis in its aria-label, with the domain of its scale.
    const axes = await page
      .locator('figure.chart svg [aria-roledescription="axis"]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label') ?? ''));
    const linear = axes
      .map((label) => /linear scale with values from (\S+) to/.exec(label)?.[1])
      .filter((from) => from !== undefined);
    // One value axis per chart.
    expect(linear).toHaveLength(CHARTS);
    for (const from of linear) expect(Number(from.replace(/\./g, '').replace(',', '.')), from).toBe(0);
  });

  it('keeps text off the trend lines and draws a point for every quarter on the axis', async () => {
    const trends = page.locator('figure.chart[id^="trend-"] svg');
    expect(await trends.count()).toBe(6);
    for (const svg of await trends.all()) {
      const { overlaps, points, quarters } = await svg.evaluate((node) => {
        const boxes = (selector: string): Box[] =>
          [...node.querySelectorAll(selector)].map((element) => element.getBoundingClientRect());
        // The box of a line spans the whole stretch it is drawn over: no text may touch it.
        const marks = [
          ...boxes('[aria-roledescription="line mark container"] path'),
          ...boxes('[aria-roledescription="symbol mark container"] path'),
        ];
        const texts = [...node.querySelectorAll('text')].filter((text) => (text.textContent ?? '').trim() !== '');
        const hit = (a: Box, b: Box): boolean =>
          a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        return {
          overlaps: texts
            .filter((text) => marks.some((mark) => hit(text.getBoundingClientRect(), mark)))
            .map((text) => text.textContent),
          points: node.querySelectorAll('[aria-roledescription="symbol mark container"] path').length,
          quarters: node.querySelectorAll('[aria-label^="X-axis"] .role-axis-label text').length,
        };
      });
      expect(overlaps).toEqual([]);
      expect(quarters).toBeGreaterThan(1);
      expect(points).toBe(quarters);
    }
  });

  it('fits a 390-pixel phone: no sideways scroll, charts as wide as their column, no text under 11 px', async () => {
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const layouts = await chartLayouts(phone);
    expect(layouts).toHaveLength(CHARTS);
    for (const chart of layouts) {
      expect(chart.texts, chart.id).toBeGreaterThan(0);
      expect(chart.smallestText, chart.id).toBeGreaterThanOrEqual(11);
      expect(Math.abs(chart.width - chart.figureWidth), chart.id).toBeLessThan(1);
      expect(chart.width, chart.id).toBeLessThanOrEqual(390);
    }
  });

  it('draws no chart text under 11 px on a desktop either', async () => {
    for (const chart of await chartLayouts(page)) expect(chart.smallestText, chart.id).toBeGreaterThanOrEqual(11);
  });

  it('opens the sources behind a number when it is clicked', async () => {
    const sourceRow = page.locator('#src--vn-22--crime-cases-detected');
    expect(await sourceRow.isVisible()).toBe(false);
    await page
      .locator('table[data-table="crime"] tr', { hasText: 'VN-22' })
      .locator('td[data-column="cases"] a')
      .click();
    expect(await sourceRow.isVisible()).toBe(true);
    expect(await sourceRow.textContent()).toContain('dieu-chinh-bao-cao-quy-2-2025.csv');
  });

  it('renders without script errors and is saved as screenshots, desktop and phone', async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'rollup-2025Q2-desktop.png'), fullPage: true });
    await phone.screenshot({ path: join(SCREENSHOTS, 'rollup-2025Q2-phone.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
