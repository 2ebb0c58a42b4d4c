import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../../pipelines/extract/extract-facts.js';

const MEGABYTE = 1_000_000;

/** One megabyte of a repeated pattern, with no line break anywhere. */
function repeatToOneMegabyte(pattern: string): string {
  return pattern.repeat(Math.ceil(MEGABYTE / pattern.length)).slice(0, MEGABYTE);
}

describe('extractFacts on pathological input', () => {
  it.each([
    ['digits and commas', '1,'],
    ['numbers in a list', '12 vụ, '],
    ['spelled-out numbers', 'một hai ba '],
    ['full crime statements', 'bắt giữ 15 vụ, 20 đối tượng ma túy, '],
    ['dates', '1/2/'],
    ['one endless word', 'x'],
    ['combining marks', 'a\u0301'],
    ['province names', 'Nghệ An '],
    [
      'cadre statements with asides',
      'tăng thêm 5 cán bộ (3 đồn trưởng, 2 chính trị viên) tham gia cấp ủy tại 5 huyện, ',
    ],
    ['self-management lists', '9 tổ/55 thành viên tự quản 4 cột mốc và 12 km đường biên, '],
  ])('finishes 1 MB of %s without a line break in linear time', (_name, pattern) => {
    const started = performance.now();
    const result = extractFacts(repeatToOneMegabyte(pattern));
    expect(result.facts.length).toBeGreaterThanOrEqual(0);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
