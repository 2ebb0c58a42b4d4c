import { describe, expect, it } from 'vitest';
import { problem, REJECTION_MESSAGES, type RejectionCode } from '../../../pipelines/facts/rejection-codes.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe('rejection codes', () => {
  it('give every code a Vietnamese and an English message with the same parameters', () => {
    for (const [code, template] of Object.entries(REJECTION_MESSAGES)) {
      expect(code).toMatch(/^[a-z]+(?:-[a-z]+)+$/);
      expect(template.vi.length, code).toBeGreaterThan(10);
      expect(template.en.length, code).toBeGreaterThan(10);
      // A parameter worded per language is `nameVi` in Vietnamese and `name` or `nameEn` in English.
      const base = (names: string[]): string[] => names.map((name) => name.replace(/(?:Vi|En)$/, '')).sort();
      expect(base(placeholders(template.vi)), code).toEqual(base(placeholders(template.en)));
      expect(template.vi, code).toMatch(/[.?]$/);
      expect(template.en, code).toMatch(/[.?]$/);
    }
  });

  it('fill the parameters and add "did you mean" in both languages', () => {
    const found = problem('metric-unknown', { value: 'border_post' }, ['border_posts', 'Số đồn biên phòng']);
    expect(found).toEqual({
      code: 'metric-unknown',
      vi: '"border_post" không phải mã hay tên chỉ tiêu trong danh mục. Có phải ý bạn là "border_posts" hay "Số đồn biên phòng"?',
      en: '"border_post" is not a metric code or label in the catalog. Did you mean "border_posts" or "Số đồn biên phòng"?',
    });
  });

  it('keep the codes a clerk and the receipts rely on', () => {
    const expected: RejectionCode[] = [
      'value-not-a-number',
      'value-ambiguous-number',
      'count-not-whole',
      'ratio-over-denominator',
      'province-unknown',
      'province-not-in-folder',
      'period-invalid',
      'metric-unknown',
      'unit-mismatch',
      'value-missing',
      'row-duplicate',
      'file-unsupported',
      'file-too-large',
      'file-not-text',
      'header-missing',
    ];
    for (const code of expected) expect(REJECTION_MESSAGES).toHaveProperty(code);
  });
});

describe('the README', () => {
  it('lists every rejection code with its messages', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const [code, template] of Object.entries(REJECTION_MESSAGES)) {
      expect(readme, code).toContain(
        `| \`${code}\` | ${template.vi.replaceAll('|', '\\|')} | ${template.en.replaceAll('|', '\\|')} |`,
      );
    }
  });
});
