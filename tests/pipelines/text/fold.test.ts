import { describe, expect, it } from 'vitest';
import { foldKey, normalizeVietnamese } from '../../../pipelines/text/fold.js';

describe('Vietnamese folding', () => {
  it('folds case, diacritics, đ and separators', () => {
    expect(foldKey('Mã tỉnh')).toBe(foldKey('ma_tinh'));
    expect(foldKey('Đắk Lắk')).toBe('daklak');
  });
  it('moves old-style tones to the new placement in open syllables only', () => {
    expect(normalizeVietnamese('Uỷ ban hoà bình')).toBe('Ủy ban hòa bình');
    expect(normalizeVietnamese('hoàn thành')).toBe('hoàn thành');
    expect(normalizeVietnamese('quý')).toBe('quý');
  });
});
