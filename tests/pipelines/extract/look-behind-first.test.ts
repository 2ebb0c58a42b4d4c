import { describe, expect, it } from 'vitest';
import { lookBehindFirst } from '../../../pipelines/extract/look-behind-first.js';

const PATTERNS: readonly [string, string, string?][] = [
  ['(?<![\\p{L}\\p{N}])', '(?:ma túy|heroin|vụ)(?![\\p{L}\\p{N}])'],
  ['(?<!\\p{L})', '(?:gần|hơn|khoảng) ?$'],
  ['(?<!\\p{L})', '(?:trong đó|gồm)(?!\\p{L})|\\((?! ?sn)'],
  ['(?:^|(?<![\\p{L}\\p{N}]))', '(tổng |với )?số ?$'],
  ['(?<![\\p{N}.,])(?<!sn ?|sinh năm )', '((?:19|20)\\d\\d)(?![\\p{N}])'],
  ['(?<!\\p{L})', '(?:đã|được|có)(?!\\p{L})', 'iu'],
];

/** Texts that put the words at the start, at the end, inside other words and after digits. */
function texts(): string[] {
  const pieces = ['ma túy', 'heroin', 'vụ', 'vụn', 'gần', 'hơn ', 'trong đó', '(sn', '(', 'số', 'tổng số ', 'với số'];
  const glue = ['', ' ', 'a', '1', '.', ',', 'sn ', 'sinh năm ', 'Đã', 'ĐƯỢC'];
  const years = ['2024', '19999', '2020.', '1990'];
  const result: string[] = [''];
  let seed = 7;
  const next = (size: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % size;
  };
  for (let index = 0; index < 400; index++) {
    let text = '';
    for (let part = next(6); part >= 0; part--) {
      text += glue[next(glue.length)] ?? '';
      text += (next(3) === 0 ? years[next(years.length)] : pieces[next(pieces.length)]) ?? '';
    }
    result.push(text);
  }
  return result;
}

describe('a pattern that starts with a look-behind, searched from where the rest of it matches', () => {
  it.each(PATTERNS)('gives what the plain pattern gives: %s%s', (lookBehind, rest, flags = 'u') => {
    const fast = lookBehindFirst(lookBehind, rest, flags);
    const plain = new RegExp(`${lookBehind}${rest}`, flags);
    const global = new RegExp(`${lookBehind}${rest}`, `${flags}g`);
    let matched = 0;
    let missed = 0;
    for (const text of texts()) {
      if (plain.test(text)) matched++;
      else missed++;
      expect(fast.test(text)).toBe(plain.test(text));
      expect(fast.exec(text)).toEqual(plain.exec(text));
      expect([...fast.matchAll(text)]).toEqual([...text.matchAll(global)]);
    }
    // The texts must try both answers, or the comparison says little.
    expect(Math.min(matched, missed)).toBeGreaterThan(20);
  });
});
