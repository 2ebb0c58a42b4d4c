/**
 * Every reason a record or a file is rejected, as a stable code with a message in Vietnamese (for
 * the clerk who sent it) and in English. Codes never change meaning, so a receipt, a query on the
 * rejections table or a province's own tooling can act on them; the messages may be reworded.
 * Templates take `{name}` parameters; the README's upload section lists this table.
 */

export interface MessageTemplate {
  readonly vi: string;
  readonly en: string;
}

export const REJECTION_MESSAGES = {
  'file-unsupported': {
    vi: 'Không hỗ trợ loại tệp này: gửi số liệu dưới dạng {metricFormats} và báo cáo dưới dạng {reportFormats}.',
    en: 'This kind of file is not supported: send metric values as {metricFormats} and reports as {reportFormats}.',
  },
  'file-too-large': {
    vi: 'Tệp có dung lượng {size}, vượt giới hạn {limit}; hãy chia thành các tệp nhỏ hơn.',
    en: 'The file is {size}, over the {limit} limit; split it into smaller files.',
  },
  'file-not-text': {
    vi: 'Tệp không phải văn bản (có dữ liệu nhị phân); hãy gửi tệp CSV hoặc báo cáo dưới dạng văn bản.',
    en: 'The file is not text (it contains binary data); send the CSV or the report as a text file.',
  },
  'file-encoding-unknown': {
    vi: 'Không xác định chắc chắn được bảng mã của tệp; hãy lưu lại dưới dạng "CSV UTF-8" (hoặc văn bản Unicode UTF-8).',
    en: 'The text encoding of the file could not be determined with confidence; save it again as "CSV UTF-8" (or plain text in UTF-8).',
  },
  'file-empty': {
    vi: 'Tệp không có nội dung.',
    en: 'The file is empty.',
  },
  'file-unreadable': {
    vi: 'Hệ thống không xử lý được tệp này ({detail}); bộ phận vận hành đã được báo.',
    en: 'The file could not be processed ({detail}); the operators have been alerted.',
  },
  'file-no-text-layer': {
    vi: 'Tệp PDF không có lớp văn bản (có thể là bản quét); hãy gửi bản .docx hoặc .txt của báo cáo.',
    en: 'The PDF has no text layer (it may be a scan); send the report as .docx or .txt.',
  },
  'path-invalid': {
    vi: 'Vị trí tệp không đúng quy định incoming/<mã tỉnh>/<kỳ>/<tệp>: {detail}.',
    en: 'The file is not where uploads go (incoming/<ISO code>/<period>/<file>): {detail}.',
  },
  'province-option-conflict': {
    vi: 'Tệp nằm trong thư mục của {folder} nhưng --province ghi {option}.',
    en: 'The file is in the folder of {folder} but --province says {option}.',
  },
  'period-option-conflict': {
    vi: 'Tệp nằm trong thư mục kỳ {folder} nhưng --period ghi {option}.',
    en: 'The file is in the folder of {folder} but --period says {option}.',
  },
  'report-needs-landing': {
    vi: 'Báo cáo văn bản cần có {missingVi}: đặt tệp trong incoming/<mã tỉnh>/<kỳ>/ hoặc dùng --province và --period.',
    en: 'A text report needs its {missing}: put it under incoming/<ISO code>/<period>/ or give --province and --period.',
  },
  'header-too-long': {
    vi: 'Dòng tiêu đề dài hơn giới hạn {limit}; dòng đầu tiên chỉ ghi tên các cột.',
    en: 'The header line is longer than the {limit} limit; the first line must name the columns.',
  },
  'line-too-long': {
    vi: 'Dòng {line} dài hơn giới hạn {limit} của một dòng; tệp không được đọc.',
    en: 'Line {line} is longer than the {limit} limit of a line; the file was not read.',
  },
  'header-missing': {
    vi: 'Không tìm thấy dòng tiêu đề ({where}): dòng tiêu đề phải ghi tên các cột (tỉnh, kỳ báo cáo, chỉ tiêu, giá trị), hoặc tỉnh, kỳ báo cáo và mỗi mã chỉ tiêu một cột.',
    en: 'No header row was found ({whereEn}): the header must name the columns (province, period, metric, value), or province, period and one column per metric code.',
  },
  'header-column-twice': {
    vi: 'Dòng tiêu đề có hai cột {roleVi} ("{first}" và "{second}"); hãy giữ một cột.',
    en: 'The header has two {role} columns ("{first}" and "{second}"); keep one.',
  },
  'header-column-missing': {
    vi: 'Dòng tiêu đề thiếu cột {columnsVi}.',
    en: 'The header has no {columns} column.',
  },
  'header-no-metric': {
    vi: 'Dòng tiêu đề không có cột chỉ tiêu hay giá trị: thêm cột chỉ tiêu và cột giá trị, hoặc mỗi mã chỉ tiêu một cột.',
    en: 'The header names no metric or value column: add metric and value columns, or one column per metric code.',
  },
  'header-wide-extra': {
    vi: 'Tệp dạng ngang (mỗi chỉ tiêu một cột) không được có cột {roleVi}; ghi tỷ lệ dạng 26/27 ngay trong cột của chỉ tiêu.',
    en: "A wide file (one column per metric) cannot have a {role} column; write ratios as 26/27 in the metric's column.",
  },
  'row-unclosed-quote': {
    vi: 'Một ô mở dấu ngoặc kép ở dòng này nhưng không đóng lại, nên mọi thứ phía sau bị đọc thành một ô.',
    en: 'A quoted field opened on this line is never closed, so everything after it was read as one cell.',
  },
  'row-too-many-cells': {
    vi: 'Dòng có {cells} ô nhưng dòng tiêu đề có {headerCells} ô (số có dấu phẩy thập phân trong tệp phân cách bằng dấu phẩy?); hãy đặt số trong ngoặc kép hoặc phân cách các cột bằng dấu ";".',
    en: 'The row has {cells} cells but the header has {headerCells} (a number with a decimal comma in a comma-separated file?); put it in quotes or separate the columns with ";".',
  },
  'cell-too-long': {
    vi: 'Ô thứ {cell} dài hơn giới hạn {limit} của một ô.',
    en: 'Cell {cell} is longer than the {limit} limit of a cell.',
  },
  'row-duplicate': {
    vi: 'Dòng {line} đã ghi {metric} của {province} kỳ {period}; mỗi giá trị chỉ được ghi một lần trong một tệp (muốn sửa, hãy gửi tệp điều chỉnh).',
    en: 'Line {line} already gives {metric} for {province} in {period}; a file may give each value once (send a correction file to change it).',
  },
  'period-missing': {
    vi: 'Ô kỳ báo cáo để trống.',
    en: 'The period is empty.',
  },
  'period-invalid': {
    vi: '"{value}" không phải là một quý; hãy ghi dạng 2024Q3, Q3/2024 hoặc Quý III/2024.',
    en: '"{value}" is not a quarter; write it as 2024Q3, Q3/2024 or Quý III/2024.',
  },
  'period-future': {
    vi: 'Quý {period} chưa bắt đầu.',
    en: '{period} has not started yet.',
  },
  'province-missing': {
    vi: 'Ô tỉnh để trống.',
    en: 'The province is empty.',
  },
  'province-unknown': {
    vi: '"{value}" không phải mã tỉnh (VN-22) hay tên tỉnh (Nghệ An).',
    en: '"{value}" is not a province code (VN-22) or a province name (Nghệ An).',
  },
  'province-withdrawn': {
    vi: '{code} là mã ISO đã bị thu hồi; hãy ghi {replacement}.',
    en: '{code} is a withdrawn ISO code; write {replacement}.',
  },
  'province-merged': {
    vi: '{name} ({code}) không còn tồn tại trong {period}: đã sáp nhập vào {successor} từ ngày {date}; hãy báo cáo dưới mã {successorCode}.',
    en: '{name} ({code}) no longer existed in {period}: it was merged into {successor} on {date}; report it under {successorCode}.',
  },
  'province-dissolved': {
    vi: '{name} ({code}) không còn tồn tại trong {period}.',
    en: '{name} ({code}) no longer existed in {period}: it was dissolved.',
  },
  'province-not-yet': {
    vi: '{province} chưa tồn tại trong {period}.',
    en: '{province} did not exist yet in {period}.',
  },
  'province-not-in-folder': {
    vi: 'Dòng này là số liệu của {province} nhưng tệp được tải lên thư mục của {folder}; mỗi tỉnh chỉ báo cáo số liệu của mình.',
    en: 'The row is for {province} but the file was uploaded to the folder of {folder}; a province may report only its own figures.',
  },
  'metric-named-cell': {
    vi: 'Cột "{column}" mang tên một chỉ tiêu, nhưng tệp này ghi giá trị theo cột chỉ tiêu và cột giá trị; hãy ghi giá trị này thành một dòng riêng với chỉ tiêu {column}.',
    en: 'The column "{column}" names a metric, but this file gives values in its metric and value columns; put this value on a line of its own with metric {column}.',
  },
  'metric-missing': {
    vi: 'Ô chỉ tiêu để trống.',
    en: 'The metric is empty.',
  },
  'metric-unknown': {
    vi: '"{value}" không phải mã hay tên chỉ tiêu trong danh mục.',
    en: '"{value}" is not a metric code or label in the catalog.',
  },
  'metric-column-unknown': {
    vi: 'Cột "{column}" không phải mã chỉ tiêu nên không lưu được số liệu trong cột này.',
    en: 'The column "{column}" is not a metric code, so its values cannot be stored.',
  },
  'value-missing': {
    vi: 'Không có số liệu (ô giá trị để trống hoặc ghi "{value}"); nếu có số liệu, hãy ghi số (ghi 0 nếu bằng không).',
    en: 'No value given (the value cell is empty or says "{value}"); if there is a figure, write it (0 when it is zero).',
  },
  'value-not-a-number': {
    vi: '"{value}" không phải là số.',
    en: '"{value}" is not a number.',
  },
  'value-ambiguous-number': {
    vi: '"{value}" không rõ nghĩa: dấu "." ngăn cách hàng nghìn (2.102 = 2102) và dấu "," đánh dấu phần thập phân (1,5 = một phẩy năm); hãy chỉ ghi chữ số hoặc dùng dấu phẩy thập phân.',
    en: '"{value}" is ambiguous: in Vietnamese numbers "." separates thousands (2.102 = 2102) and "," marks decimals (1,5 = one and a half); write it as digits only or with a decimal comma.',
  },
  'value-malformed-number': {
    vi: '"{value}" không đúng cách ghi số: dấu "." chỉ ngăn cách từng nhóm ba chữ số và dấu "," chỉ xuất hiện một lần, trước phần thập phân.',
    en: '"{value}" is not a well-formed number: "." may only separate groups of three digits and "," may appear once, before the decimals.',
  },
  'value-spaced-digits': {
    vi: '"{value}" có khoảng trắng giữa các chữ số; hãy ghi liền (2102) hoặc dùng dấu "." ngăn cách hàng nghìn (2.102).',
    en: '"{value}" has spaces between its digits; write it as digits only (2102) or with "." between thousands (2.102).',
  },
  'value-negative': {
    vi: '"{value}" là số âm; {metric} không thể nhỏ hơn 0.',
    en: '"{value}" is negative; {metric} cannot be below zero.',
  },
  'count-not-whole': {
    vi: '"{value}" được đọc là {reading} (dấu "," là phần thập phân), nhưng {metric} đếm số {unitVi} nên phải là số nguyên.',
    en: '"{value}" reads as {reading} ("," marks decimals), but {metric} counts {unit} and must be a whole number.',
  },
  'money-not-whole': {
    vi: '"{value}" không phải là một số đồng chẵn.',
    en: '"{value}" is not a whole number of đồng.',
  },
  'value-too-large': {
    vi: '"{value}" quá lớn.',
    en: '"{value}" is too large.',
  },
  'value-implausible': {
    vi: '{value} vượt mức tối đa hợp lý của {metric} ({maximum} {unit}) trong một quý; hãy kiểm tra lại số liệu.',
    en: '{value} is above the plausible maximum for {metric} ({maximum} {unit}) in one quarter; check the figure.',
  },
  'ratio-not-allowed': {
    vi: '{metric} là số {unitVi} đơn thuần, không có mẫu số.',
    en: '{metric} is a plain {unit} figure and takes no denominator.',
  },
  'ratio-over-denominator': {
    vi: 'Giá trị {value} lớn hơn mẫu số {denominator}.',
    en: 'The value {value} is greater than its denominator {denominator}.',
  },
  'denominator-zero': {
    vi: 'Mẫu số phải lớn hơn 0.',
    en: 'The denominator must be greater than zero.',
  },
  'denominator-disagrees': {
    vi: 'Mẫu số {denominator} không khớp với {value} trong cột giá trị.',
    en: 'The denominator {denominator} disagrees with {value} in the value column.',
  },
  'unit-unknown': {
    vi: '"{unit}" không phải đơn vị tính hệ thống biết; {metric} tính bằng {expectedVi}.',
    en: '"{unit}" is not a unit we know; {metric} is measured in {expected}.',
  },
  'unit-mismatch': {
    vi: 'Đơn vị "{unit}" không dùng được cho {metric}, chỉ tiêu này tính bằng {expectedVi}.',
    en: 'The unit "{unit}" does not fit {metric}, which is measured in {expected}.',
  },
  'unit-conflict': {
    vi: 'Ô giá trị ghi đơn vị "{cellUnit}" nhưng cột đơn vị tính ghi "{columnUnit}"; hãy chỉ ghi đơn vị ở một chỗ.',
    en: 'The value cell gives the unit "{cellUnit}" but the unit column says "{columnUnit}"; give the unit in one place.',
  },
} as const satisfies Record<string, MessageTemplate>;

export type RejectionCode = keyof typeof REJECTION_MESSAGES;

/** A reason as stored and shown: its code and its message in both languages. */
export interface Problem {
  readonly code: RejectionCode;
  readonly vi: string;
  readonly en: string;
}

export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * The message for `code` with its parameters filled in. `suggestions` adds a "did you mean"
 * sentence in each language (nearest catalog entries, best first).
 */
export function problem(code: RejectionCode, params: MessageParams = {}, suggestions: readonly string[] = []): Problem {
  const template: MessageTemplate = REJECTION_MESSAGES[code];
  const fill = (text: string): string =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  const quoted = suggestions.map((suggestion) => `"${suggestion}"`);
  return {
    code,
    vi: fill(template.vi) + (quoted.length > 0 ? ` Có phải ý bạn là ${joinWords(quoted, 'hay')}?` : ''),
    en: fill(template.en) + (quoted.length > 0 ? ` Did you mean ${joinWords(quoted, 'or')}?` : ''),
  };
}

function joinWords(words: readonly string[], last: string): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1)}`;
}

/** The fields a rejection record takes from a problem. */
export function rejectionFields(found: Problem): {
  readonly code: RejectionCode;
  readonly reason: string;
  readonly reasonEn: string;
} {
  return { code: found.code, reason: found.vi, reasonEn: found.en };
}
