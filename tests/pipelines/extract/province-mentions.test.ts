import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../../pipelines/extract/extract-facts.js';

describe('extractFacts: provinces named in the text', () => {
  it('finds names with or without diacritics and joined ASCII forms, most mentioned first', () => {
    const text =
      'Bộ đội Biên phòng tỉnh Lai Châu phối hợp với Điện Biên. Báo Laichau Online đưa tin; LAI CHÂU có 265 km đường biên giới.';
    expect(extractFacts(text).provinces).toEqual([
      { code: 'VN-01', count: 3 },
      { code: 'VN-71', count: 1 },
    ]);
  });

  it('matches names written without diacritics', () => {
    expect(extractFacts('Nghe An va Dak Lak.').provinces.map((mention) => mention.code)).toEqual(['VN-22', 'VN-33']);
  });

  it('does not take a common word or a person for a province', () => {
    const text =
      'Xây dựng biên giới hòa bình, hữu nghị; học tập tư tưởng Hồ Chí Minh; Đoàn TNCS Hồ Chí Minh; chiến thắng Điện Biên Phủ; Thái Bình Dương.';
    expect(extractFacts(text).provinces).toEqual([]);
  });

  it('ignores provinces named only in related headlines', () => {
    const text =
      'Bộ đội Biên phòng tỉnh Cao Bằng đã kết nạp 18 đảng viên mới trong năm qua, góp phần củng cố tổ chức đảng ở các xã biên giới của tỉnh.\n\nTin liên quan\nNghệ An: phát triển du lịch\nNghệ An: xây dựng nông thôn mới\n';
    expect(extractFacts(text).provinces).toEqual([{ code: 'VN-04', count: 1 }]);
  });
});
