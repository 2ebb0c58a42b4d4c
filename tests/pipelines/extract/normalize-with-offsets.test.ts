import { describe, expect, it } from 'vitest';
import { normalizeWithOffsets, toOriginalSpan } from '../../../pipelines/extract/normalize-with-offsets.js';

describe('normalizeWithOffsets', () => {
  it('composes NFD text and maps each letter back to its whole cluster', () => {
    const original = 'Kết nạp'.normalize('NFD');
    const normalized = normalizeWithOffsets(original);
    expect(normalized.text).toBe('Kết nạp');
    const start = normalized.text.indexOf('nạp');
    expect(original.slice(...toOriginalSpan(normalized, start, start + 3))).toBe('nạp'.normalize('NFD'));
  });

  it('moves old tone placement to the new one without shifting offsets', () => {
    const normalized = normalizeWithOffsets('Đảng uỷ, hoà bình');
    expect(normalized.text).toBe('Đảng ủy, hòa bình');
    expect(normalized.text.length).toBe(normalized.starts.length);
  });

  it('makes every whitespace run one space, one line break or a blank line', () => {
    expect(normalizeWithOffsets('a\u00a0 b\r\nc\r\n\r\n\r\nd\u200be').text).toBe('a b\nc\n\nde');
  });

  it('keeps the lowercase copy the same length as the text', () => {
    const normalized = normalizeWithOffsets('BỘ ĐỘI BIÊN PHÒNG İstanbul');
    expect(normalized.lower.length).toBe(normalized.text.length);
    expect(normalized.lower.startsWith('bộ đội biên phòng')).toBe(true);
  });

  it('maps a span after CRLF and NBSP back to the original characters', () => {
    const original = 'Dòng một\r\n\r\nCó\u00a0\u00a026/27 cán bộ';
    const normalized = normalizeWithOffsets(original);
    const start = normalized.text.indexOf('26/27');
    expect(original.slice(...toOriginalSpan(normalized, start, start + 5))).toBe('26/27');
  });
});
