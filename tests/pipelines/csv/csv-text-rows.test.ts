/**
 * What the engine is handed for a large CSV: the header found under title rows from the first
 * lines alone when they hold enough records, and from the whole text when they do not.
 */
import { describe, expect, it } from 'vitest';
import { readCsvTextRows } from '../../../pipelines/csv/csv-text-rows.js';
import { loadMetricCatalog } from '../../../pipelines/reference/catalog.js';

const context = { landingProvince: 'VN-22', landingPeriod: null, now: new Date('2026-01-01T00:00:00Z') };
const metric = loadMetricCatalog().metrics[0]!.code;
const body = (rows: number): string[] => Array.from({ length: rows }, (_, row) => `VN-22,2024Q3,${metric},${row}`);

describe('readCsvTextRows', () => {
  it('finds the header under title rows of a file far larger than the lines it searches', () => {
    const lines = ['BÁO CÁO SỐ LIỆU', '', 'province,period,metric,value', ...body(20_000)];
    const text = `${lines.join('\r\n')}\r\n`;
    expect(text.length).toBeGreaterThan(256 * 1024);
    const reading = readCsvTextRows(text, context);
    expect(reading?.rows.headerLine).toBe(3);
    expect(reading?.rows.header).toEqual(['province', 'period', 'metric', 'value']);
    expect(reading?.rows.body.newline).toBe('\r\n');
  });

  it('reads the whole text when its first 64 KiB hold too few records to search', () => {
    // Four title lines of 30,000 characters: the header search needs more lines than they leave room for.
    const titles = Array.from({ length: 4 }, (_, index) => `Ghi chú ${index}: ${'x'.repeat(30_000)}`);
    const lines = [...titles, 'province,period,metric,value', ...body(30)];
    const reading = readCsvTextRows(`${lines.join('\n')}\n`, context);
    expect(reading?.rows.headerLine).toBe(5);
    expect(reading?.rows.header).toEqual(['province', 'period', 'metric', 'value']);
  });
});
