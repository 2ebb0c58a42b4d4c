/**
 * The rollup page: one self-contained HTML file (inline CSS and SVG, no network, no script needed
 * to read it) that opens from disk and prints well. Vietnamese first, English beside it.
 */
import type { RollupData } from './collect-rollup.js';
import type { RenderedChart, RollupCharts } from './rollup-charts.js';
import { escapeHtml, formatCell, quarterLabel, type CellFormat } from './rollup-format.js';
import { provinceSourcesAnchor, type Bilingual, type RollupRow, type RollupTable } from './rollup-tables.js';
import { PIPELINE_VERSION } from '../version.js';
import type { ResultValue } from '../query/query-runner.js';

const NUMERIC = new Set(['integer', 'number', 'percent', 'change', 'vnd']);

const STYLE = `
:root { --ink: #111827; --muted: #4b5563; --line: #d1d5db; --accent: #1d4ed8; --warn: #b45309; --bad: #b91c1c; --good: #047857; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; font: 14px/1.45 'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif; color: var(--ink); }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.en { color: var(--muted); font-weight: normal; } h1 .en, h2 .en, h3 .en { font-size: 0.8em; }
.meta, .note { color: var(--muted); font-size: 12.5px; margin: 4px 0 10px; }
nav { margin: 12px 0 4px; font-size: 13px; } nav a { margin-right: 14px; color: var(--accent); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .number { font-size: 24px; font-weight: 600; } .card .label { font-size: 12.5px; } .card .label .en { display: block; }
.card.warn .number { color: var(--warn); } .card.bad .number { color: var(--bad); }
.changes { margin: 6px 0 0 18px; padding: 0; } .changes li { margin: 2px 0; }
.up { color: var(--good); } .down { color: var(--bad); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; }
th { background: #f3f4f6; text-align: left; font-weight: 600; } th .en { display: block; font-size: 11px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td[data-column="province"] { white-space: nowrap; }
td.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11.5px; }
td.text { min-width: 120px; }
tr.current td { font-weight: 600; }
td a { color: inherit; text-decoration: underline dotted var(--accent); }
td a:hover { color: var(--accent); }
tr:target td, details:target > summary { background: #fef3c7; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 330px), 1fr)); gap: 12px 28px; }
figure { margin: 8px 0; min-width: 0; break-inside: avoid; }
figcaption { font-size: 12.5px; font-weight: 600; margin-bottom: 4px; }
figcaption .detail { font-weight: normal; color: var(--muted); }
/* Charts scale to their column; their viewBox keeps the proportions. */
figure svg { display: block; width: 100%; height: auto; }
.changes .basis { color: var(--muted); font-size: 12.5px; }
details { margin: 4px 0; } summary { cursor: pointer; padding: 2px 0; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media (max-width: 600px) {
  body { padding: 12px; } h1 { font-size: 21px; } h2 { font-size: 17px; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11px; } nav { display: none; }
  h2 { break-after: avoid; } table { font-size: 10px; } tr, figure { break-inside: avoid; }
  td a { text-decoration: none; }
}
`;

// Opens the collapsed section a link points into, and every section before printing.
const SCRIPT = `
function openTarget() { var el = document.getElementById(decodeURIComponent(location.hash.slice(1))); while (el) { if (el.tagName === 'DETAILS') el.open = true; el = el.parentElement; } }
window.addEventListener('hashchange', openTarget); openTarget();
window.addEventListener('beforeprint', function () { document.querySelectorAll('details').forEach(function (d) { d.open = true; }); });
`;

function bilingual(text: Bilingual, tag = 'span'): string {
  return `${escapeHtml(text.vi)} <${tag} class="en">${escapeHtml(text.en)}</${tag}>`;
}

function renderCell(table: RollupTable, row: RollupRow, key: string): string {
  const columnDefinition = table.columns.find((item) => item.key === key);
  const format = columnDefinition?.format ?? 'text';
  const whole = columnDefinition?.outOf ? ` / ${formatCell(row.cells[columnDefinition.outOf], format)}` : '';
  const shown = escapeHtml(`${formatCell(row.cells[key], format)}${whole}`);
  const link = row.links?.[key];
  const content = link && shown !== '' ? `<a href="#${escapeHtml(link)}">${shown}</a>` : shown;
  const kind = NUMERIC.has(format) ? 'num' : format === 'code' ? 'code' : 'text';
  return `<td class="${kind}" data-column="${escapeHtml(key)}">${content}</td>`;
}

/** A table of the model as HTML; `rows` narrows it (the sources section shows one province at a time). */
export function renderTable(
  table: RollupTable,
  rows: readonly RollupRow[] = table.rows,
  columnKeys?: readonly string[],
): string {
  const keys = columnKeys ?? table.columns.map((item) => item.key);
  const head = keys
    .map((key) => {
      const definition = table.columns.find((item) => item.key === key);
      return `<th scope="col">${definition ? bilingual(definition) : escapeHtml(key)}</th>`;
    })
    .join('');
  const body =
    rows.length === 0
      ? `<tr><td class="empty" colspan="${keys.length}">Không có số liệu · No data</td></tr>`
      : rows
          .map((row) => {
            const attributes = [
              row.id ? ` id="${escapeHtml(row.id)}"` : '',
              row.cells.is_current === true ? ' class="current"' : '',
            ].join('');
            return `<tr${attributes}>${keys.map((key) => renderCell(table, row, key)).join('')}</tr>`;
          })
          .join('\n');
  return `<div class="table-wrap"><table data-table="${escapeHtml(table.id)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function withoutUnit(table: RollupTable): string[] {
  return table.columns.map((item) => item.key).filter((key) => key !== 'unit');
}

function tableById(tables: readonly RollupTable[], id: string): RollupTable {
  const table = tables.find((item) => item.id === id);
  if (!table) throw new Error(`the rollup has no table ${id}`);
  return table;
}

function section(id: string, title: Bilingual, body: string): string {
  return `<section id="${id}-section">\n<h2>${bilingual(title)}</h2>\n${body}\n</section>`;
}

function tableSection(table: RollupTable, before = '', columnKeys?: readonly string[]): string {
  const note = table.note ? `<p class="note">${bilingual(table.note)}</p>` : '';
  return `<div id="${escapeHtml(table.id)}">${note}${before}${renderTable(table, table.rows, columnKeys)}</div>`;
}

function figure(chart: RenderedChart): string {
  const detail = chart.detail ? `<div class="detail">${escapeHtml(chart.detail)}</div>` : '';
  const caption = `<figcaption>${bilingual(chart)}${detail}</figcaption>`;
  return `<figure id="${escapeHtml(chart.id)}" class="chart">${caption}${chart.svg}</figure>`;
}

function trendFigures(charts: readonly RenderedChart[], data: RollupData): string {
  if (charts.length === 0) return '<p class="empty">Không có số liệu xu hướng · No trend data</p>';
  const title = { vi: `Xu hướng toàn quốc đến ${data.period}`, en: `National trend to ${data.period}` };
  const note = {
    vi:
      'Tổng của các tỉnh báo cáo mỗi quý; n dưới mỗi quý là số tỉnh đó, ' +
      'nên một bước nhảy có thể do có thêm tỉnh báo cáo.',
    en:
      'Total of the provinces reporting each quarter; n under each quarter is how many, ' +
      'so a step can come from a province starting to report.',
  };
  return (
    `<h3>${bilingual(title)}</h3><p class="note">${bilingual(note)}</p>` +
    `<div class="charts" id="national-trend">${charts.map(figure).join('')}</div>`
  );
}

function cards(summary: RollupTable): string {
  const warn = new Set([
    'missing',
    'late',
    'records_rejected',
    'files_rejected',
    'conflicts',
    'outliers',
    'rejected_only',
  ]);
  return `<div class="cards">${summary.rows
    .map((row) => {
      const value = row.cells.value as number;
      const tone =
        warn.has(String(row.cells.measure)) && value > 0 ? (row.cells.measure === 'missing' ? ' bad' : ' warn') : '';
      const target = row.links?.value;
      const number = escapeHtml(formatCell(value, 'integer'));
      return (
        `<div class="card${tone}" data-measure="${escapeHtml(String(row.cells.measure))}"><div class="number">${target ? `<a href="#${escapeHtml(target)}">${number}</a>` : number}</div>` +
        `<div class="label">${escapeHtml(String(row.cells.label_vi))} <span class="en">${escapeHtml(String(row.cells.label_en))}</span></div></div>`
      );
    })
    .join('')}</div>`;
}

const BIGGEST_CHANGES = {
  title: { vi: 'Thay đổi lớn nhất so với quý trước', en: 'Biggest changes since the previous quarter' },
  note: {
    vi: 'So sánh trên cùng các tỉnh đã báo cáo ở cả hai quý.',
    en: 'Compared over the same provinces, those that reported in both quarters.',
  },
};

/**
 * The national metrics that moved most since the previous quarter, as a short list. Each change is
 * the like-for-like one (provinces that reported in both quarters) and says how many those are.
 */
function biggestChanges(national: RollupTable): string {
  const pctOf = (row: RollupRow): number => row.cells.change_from_previous_quarter_pct as number;
  const moved = national.rows
    .filter((row) => typeof row.cells.change_from_previous_quarter_pct === 'number' && pctOf(row) !== 0)
    .sort((a, b) => Math.abs(pctOf(b)) - Math.abs(pctOf(a)))
    .slice(0, 6);
  if (moved.length === 0) {
    return `<p class="empty">${bilingual({
      vi: 'Không có chỉ tiêu nào thay đổi trên cùng các tỉnh',
      en: 'No metric changed over the same provinces',
    })}</p>`;
  }
  const number = (value: ResultValue | undefined, format: CellFormat = 'integer'): string =>
    escapeHtml(formatCell(value, format));
  return `<ul class="changes">${moved
    .map((row) => {
      const pct = pctOf(row);
      const both = number(row.cells.like_for_like_quarter_provinces);
      const reporting = number(row.cells.provinces_reporting);
      const metric =
        `<a href="#${escapeHtml(row.links?.total ?? '')}">${escapeHtml(String(row.cells.label_vi))}</a> ` +
        `<span class="en">${escapeHtml(String(row.cells.label_en))}</span>`;
      const change =
        `${number(row.cells.like_for_like_previous_quarter_total)} → ` +
        `<strong>${number(row.cells.like_for_like_quarter_total)}</strong> ` +
        `<span class="${pct > 0 ? 'up' : 'down'}">(${pct > 0 ? '+' : ''}${number(pct, 'percent')})</span>`;
      const basis =
        `<span class="basis">${both} trong ${reporting} tỉnh báo cáo cả hai quý · ` +
        `${both} of ${reporting} provinces reporting in both quarters</span>`;
      return `<li>${metric}: ${change} ${basis}</li>`;
    })
    .join('')}</ul>`;
}

/** The national totals; a comparison no province can make (nothing a year earlier, say) is left off with a word why. */
function nationalTableSection(national: RollupTable, data: RollupData): string {
  const comparisons = [
    { provinces: 'like_for_like_quarter_provinces', period: data.previousQuarter, keys: /quarter/ },
    { provinces: 'like_for_like_year_provinces', period: data.previousYear, keys: /year/ },
  ];
  const unavailable = comparisons.filter(
    (comparison) =>
      !national.rows.some((row) => {
        const provinces = row.cells[comparison.provinces];
        return typeof provinces === 'number' && provinces > 0;
      }),
  );
  const keys = national.columns
    .map((item) => item.key)
    .filter((key) => key !== 'unit' && !unavailable.some((comparison) => comparison.keys.test(key)));
  const notes = unavailable
    .map(
      (comparison) =>
        `<p class="note">${bilingual({
          vi: `Không tỉnh nào có số liệu ${comparison.period} để so sánh.`,
          en: `No province has figures for ${comparison.period} to compare with.`,
        })}</p>`,
    )
    .join('');
  return tableSection(national, notes, keys);
}

function sourcesBody(sources: RollupTable): string {
  const provinces = [...new Set(sources.rows.map((row) => String(row.cells.province)))];
  if (provinces.length === 0) return '<p class="empty">Không có số liệu · No data</p>';
  const columns = [
    'metric',
    'label_vi',
    'value',
    'denominator',
    'is_current',
    'source_kind',
    'source_key',
    'source_row',
    'evidence',
  ];
  return provinces
    .map((province) => {
      const rows = sources.rows.filter((row) => row.cells.province === province);
      const name = String(rows[0]?.cells.province_name ?? '');
      const current = rows.filter((row) => row.cells.is_current === true).length;
      return (
        `<details id="${escapeHtml(provinceSourcesAnchor(province))}"><summary>${escapeHtml(name)} (${escapeHtml(province)}): ${current} giá trị hiện hành · current values, ${rows.length} dòng nguồn · source rows</summary>` +
        `${renderTable(sources, rows, columns)}</details>`
      );
    })
    .join('\n');
}

/** The whole page. */
export function renderRollupHtml(data: RollupData, tables: readonly RollupTable[], charts: RollupCharts): string {
  const summary = tableById(tables, 'summary');
  const national = tableById(tables, 'national');
  const scope = tableById(tables, 'national-scope');
  const breakdown = tableById(tables, 'national-by-province');
  const title = `Báo cáo tổng hợp toàn quốc ${quarterLabel(data.period)}`;
  const body = [
    `<header><h1>${escapeHtml(title)} <span class="en">National rollup, ${escapeHtml(data.period)}</span></h1>`,
    `<p class="meta">Lực lượng Biên phòng tham gia cấp ủy, chính quyền và tình hình tội phạm khu vực biên giới · Border-guard cadre participation and border-area crime. ` +
      `Lập lúc · generated ${escapeHtml(data.generatedAt.replace('T', ' ').slice(0, 19))} UTC; công cụ truy vấn · engine ${escapeHtml(data.engine)}; provstat ${escapeHtml(PIPELINE_VERSION)}.</p>`,
    `<nav><a href="#summary-section">Tóm tắt</a><a href="#completeness-section">Báo cáo</a><a href="#national-section">Toàn quốc</a><a href="#cadre-section">Cán bộ</a><a href="#crime-section">Tội phạm</a><a href="#quality-section">Chất lượng</a><a href="#sources-section">Nguồn</a></nav></header>`,
    section(
      'summary',
      summary,
      [
        cards(summary),
        `<h3>${bilingual(BIGGEST_CHANGES.title)}</h3><p class="note">${bilingual(BIGGEST_CHANGES.note)}</p>`,
        biggestChanges(national),
      ].join(''),
    ),
    section('completeness', tableById(tables, 'completeness'), tableSection(tableById(tables, 'completeness'))),
    section(
      'national',
      national,
      [
        nationalTableSection(national, data),
        `<h3>${bilingual(scope)}</h3>${tableSection(scope, '', withoutUnit(scope))}`,
        trendFigures(charts.trend, data),
        `<details id="national-breakdown"><summary>Chi tiết theo tỉnh <span class="en">Totals by province</span></summary>${renderTable(breakdown)}</details>`,
      ].join('\n'),
    ),
    section(
      'cadre',
      tableById(tables, 'cadre'),
      `<div class="charts">${charts.cadre.map(figure).join('')}</div>${tableSection(tableById(tables, 'cadre'))}`,
    ),
    section(
      'crime',
      tableById(tables, 'crime'),
      `<div class="charts">${charts.crime.map(figure).join('')}</div>${tableSection(tableById(tables, 'crime'))}`,
    ),
    section(
      'quality',
      { vi: 'Chất lượng số liệu', en: 'Data quality' },
      [
        `<h3>${bilingual(tableById(tables, 'outliers'))}</h3>${tableSection(tableById(tables, 'outliers'))}`,
        `<h3>${bilingual(tableById(tables, 'conflicts'))}</h3>${tableSection(tableById(tables, 'conflicts'))}`,
        `<h3>${bilingual(tableById(tables, 'rejections'))}</h3>${tableSection(tableById(tables, 'rejections'))}`,
      ].join('\n'),
    ),
    section(
      'sources',
      tableById(tables, 'sources'),
      `<div id="sources"><p class="note">${bilingual(tableById(tables, 'sources').note ?? { vi: '', en: '' })}</p>${sourcesBody(tableById(tables, 'sources'))}</div>`,
    ),
    `<footer>Số liệu hiện hành: CSV được ưu tiên hơn văn bản, lần nhận sau thay lần trước; lịch sử được giữ nguyên. · Current values: a CSV beats a text report, a later upload beats an earlier one; history is kept. ` +
      `Cùng số liệu có trong rollup.csv và rollup.json · The same numbers are in rollup.csv and rollup.json.</footer>`,
  ].join('\n');
  return (
    `<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(title)} · National rollup ${escapeHtml(data.period)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body}\n<script>${SCRIPT}</script>\n</body>\n</html>\n`
  );
}
