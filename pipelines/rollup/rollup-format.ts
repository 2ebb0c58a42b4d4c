/** How the rollup writes values for people: Vietnamese number style, quarter names, escaping. */
import type { ResultValue } from '../query/query-runner.js';

export type CellFormat = 'integer' | 'number' | 'percent' | 'change' | 'vnd' | 'text' | 'date' | 'flag' | 'code';

const integers = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const decimals = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 });
const oneDecimal = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A value as the page shows it ('' for none). Numbers follow Vietnamese writing: 1.234,5. */
export function formatCell(value: ResultValue | undefined, format: CellFormat): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean' || format === 'flag')
    return value === true || value === 'true' ? 'có · yes' : 'không · no';
  if (typeof value === 'number') {
    switch (format) {
      case 'integer':
        return Number.isInteger(value) ? integers.format(value) : decimals.format(value);
      case 'vnd':
        return `${integers.format(value)} đ`;
      case 'percent':
        return `${oneDecimal.format(value)} %`;
      case 'change':
        return `${value > 0 ? '+' : ''}${decimals.format(value)}`;
      default:
        return decimals.format(value);
    }
  }
  if (format === 'date') return value.slice(0, 10);
  return value;
}

/** 'Quý 2/2025' for '2025Q2'. */
export function quarterLabel(period: string): string {
  const match = /^(\d{4})Q([1-4])$/.exec(period);
  return match ? `Quý ${match[2]}/${match[1]}` : period;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML elements and quoted attributes (uploads are untrusted). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** A fragment identifier from parts such as a province code and a metric code. */
export function anchorId(...parts: readonly string[]): string {
  return parts.map((part) => part.toLowerCase().replace(/[^a-z0-9]+/g, '-')).join('--');
}
