import { describe, expect, it } from 'vitest';
import { isVietnameseSyllable, scoreVietnamese } from '../../../pipelines/text/vietnamese-syllables.js';

describe('isVietnameseSyllable', () => {
  it.each(['bộ', 'đội', 'Biên', 'phòng', 'nghiêng', 'quyết', 'giữ', 'gì', 'khuya', 'ĐỒN', 'Lắk', 'hoà', 'ủy'])(
    'accepts %s',
    (word) => {
      expect(isVietnameseSyllable(word)).toBe(true);
    },
  );
  it.each([
    ['two tones', 'été'],
    ['a rhyme Vietnamese does not have', 'biờn'],
    ['a level tone on a closed syllable', 'đêt'],
    ['a letter Vietnamese does not use', 'boä'],
    ['a legacy code point', '®éi'],
    ['an abbreviation', 'bđbp'],
    ['an English word', 'café'],
  ])('rejects %s (%s)', (_why, word) => {
    expect(isVietnameseSyllable(word)).toBe(false);
  });
});

describe('scoreVietnamese', () => {
  it('counts only words with a character outside ASCII, and leaves abbreviations in capitals out', () => {
    expect(scoreVietnamese('Bộ đội Biên phòng (BĐBP) tỉnh Nghệ An, 2.102 người')).toEqual({
      marked: 7,
      valid: 7,
      ratio: 1,
    });
  });
  it('scores a legacy font read as Unicode low', () => {
    expect(scoreVietnamese('Bé ®éi Biªn phßng tØnh NghÖ An').ratio).toBeLessThan(0.5);
  });
  it('scores text with no accented word as 0 of 0', () => {
    expect(scoreVietnamese('Border guard posts: 16')).toEqual({ marked: 0, valid: 0, ratio: 0 });
  });
});
