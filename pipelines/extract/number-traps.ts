/**
 * Rules that tell a number which is not a quantity from one which is, by the words around it:
 * dates (`ngày 18/12/2020`, `tháng 7/2020`, `năm 2020`), terms (`2015-2020`, `2016 - 2020`),
 * document numbers (`số 68-KL/TW`, `Chỉ thị số 681`, `Nghị quyết 12`), ordinals (`lần thứ 2`),
 * labels (`Tổ 3`, `mốc 15`, `Km 12`), percentages (`100%`), times (`07:47`), codes (`Covid-19`, `4G`)
 * and list markers (`1.` at the start of a line). All text here is lowercased and normalized.
 */

import { lookBehindFirst, type LookBehindPattern } from './look-behind-first.js';

const LETTER_OR_DIGIT = '[\\p{L}\\p{N}]';
const WORD_START = `(?:^|(?<!${LETTER_OR_DIGIT}))`;

function wordsBefore(words: readonly string[]): LookBehindPattern {
  return lookBehindFirst(WORD_START, `(?:${words.join('|')}) ?$`);
}

/** A date or time word right before the number: `ngày 18`, `tháng 7`, `năm 2020`, `quý 2`. */
const DATE_WORDS = wordsBefore([
  'ngày',
  'tháng',
  'năm',
  'quý',
  'hôm',
  'đêm',
  'sáng',
  'chiều',
  'tối',
  'trưa',
  'dịp',
  'tuần',
  'giờ',
  'lúc',
  'mùa',
  'niên khóa',
  'thời điểm',
]);

/** An ordinal or rank: `lần thứ 2`, `đợt 3`, `khóa 12`, `giai đoạn 2`. */
const ORDINAL_WORDS = wordsBefore([
  'thứ',
  'lần',
  'đợt',
  'khóa',
  'kỳ',
  'giai đoạn',
  'vòng',
  'hạng',
  'loại',
  'phần',
  'bậc',
  'tập',
  'trang',
  'stt',
]);

/** A name made of a noun and a number: `Tổ 3`, `bản 5`, `mốc 15`, `Km 12`, `Quốc lộ 4`, `Đội 2`. */
const LABEL_WORDS = wordsBefore([
  'tổ',
  'đội',
  'bản',
  'thôn',
  'xóm',
  'ấp',
  'buôn',
  'làng',
  'khu',
  'khối',
  'khóm',
  'tiểu khu',
  'phường',
  'quận',
  'mốc',
  'cột mốc',
  'cọc mốc',
  'km',
  'quốc lộ',
  'tỉnh lộ',
  'đường',
  'ql',
  'tl',
  'trạm',
  'cửa khẩu',
  'lô',
  'tiểu đoàn',
  'trung đoàn',
  'sư đoàn',
  'lữ đoàn',
  'quân khu',
  'vùng',
  'hải đội',
  'hải đoàn',
  'biên đội',
  'tàu',
  'hiệu',
  'mã',
  'biển số',
  'điện thoại',
  'đt',
  'fax',
  'hotline',
  'phòng',
  'tầng',
  'lớp',
  'hộp thư',
  'ngõ',
  'ngách',
  'hẻm',
  'số nhà',
  'điểm cao',
  'cao điểm',
]);

/** A document number: `Chỉ thị số 681`, `Nghị quyết 12`, `Điều 249`, `Quy định số 04`. */
const DOCUMENT_WORDS = lookBehindFirst(
  WORD_START,
  `(?:${[
    'nghị quyết',
    'chỉ thị',
    'quyết định',
    'kết luận',
    'thông báo',
    'hướng dẫn',
    'quy định',
    'công văn',
    'thông tư',
    'nghị định',
    'luật',
    'bộ luật',
    'đề án',
    'kế hoạch',
    'chương trình',
    'văn bản',
    'tờ trình',
    'báo cáo',
    'điều',
    'khoản',
    'điểm',
    'mục',
    'chương',
    'phụ lục',
    'công điện',
    'thông tri',
    'pháp lệnh',
    'hiệp định',
    'quy chế',
    'bản án',
    'lệnh',
    'mẫu',
  ].join('|')})(?: số)? ?$`,
);

/** `số 68` names a document or an item; `tổng số 347` is a total. */
const NUMBER_WORD = lookBehindFirst(WORD_START, '(tổng |với )?số ?$');

/** Whether the text right before a number makes it a label, date part, ordinal or document number. */
export function isNotAQuantity(before: string): boolean {
  const previous = before.at(-1) ?? '';
  const beforePrevious = before.at(-2) ?? '';
  if (/\p{L}/u.test(previous)) return true; // `F0`, `H5`: part of a code
  if (previous === '/' && /\d/.test(beforePrevious)) return true; // tail of a date or a fraction
  if (previous === '-' && /[\p{L}\p{N}]/u.test(beforePrevious)) return true; // `Covid-19`, `2015-2020`
  if (previous === ':' && /\d/.test(beforePrevious)) return true; // `07:47`
  if (previous === '.' && /\p{L}/u.test(beforePrevious)) return true; // `v.1`, `TP.5`
  if (previous === '+' || previous === '#' || previous === '№' || previous === '°') return true;
  if (/\d ?- ?$/.test(before)) return true; // the second part of a range `2016 - 2020`
  if (DATE_WORDS.test(before) || ORDINAL_WORDS.test(before) || LABEL_WORDS.test(before) || DOCUMENT_WORDS.test(before))
    return true;
  const numberWord = NUMBER_WORD.exec(before);
  return numberWord !== null && numberWord[1] === undefined;
}

// Only these may stick to a number (`2.100kg`, `150.000đ`); any other letter makes it a code (`4G`, `19A`).
const GLUED_UNIT = /^(?:kg|km|gam|gram|gr|g|đ|vnđ|vnd|ha|m|tấn|tạ|lít|l|tr|triệu|tỷ|nghìn)(?!\p{L})/u;

/** Whether the text right after a number makes it a percentage, a range, a time, a code or a list marker. */
export function isNotAQuantityAfter(after: string, before: string): boolean {
  if (/^ ?(?:%|phần trăm)/.test(after)) return true;
  if (/^\p{L}/u.test(after) && !GLUED_UNIT.test(after)) return true; // `4G`, `19A`
  if (/^[/-]\p{L}/u.test(after)) return true; // `68-KL/TW`, `01/CT-TTg`
  if (/^ ?- ?\d/.test(after)) return true; // range or date `2015-2020`, `09-01-2015`
  if (/^:\d/.test(after)) return true; // time
  if (/^[.)](?:\s|$)/.test(after) && /(?:^|\n)[\s(]*$/.test(before)) return true; // `1.` or `2)` opening a list item
  return false;
}
