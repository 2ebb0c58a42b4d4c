/**
 * Page furniture around an article copied from a news site: menus, related-headline lists,
 * bylines, photo credits and title lines. Facts are never read from furniture.
 */
import { countWords } from './count-words.js';
import { lookBehindFirst } from './look-behind-first.js';

export type LineKind = 'body' | 'title' | 'furniture';

/** A line that opens a list of other articles' headlines. */
const RELATED_MARKER =
  /^[\s\-–•*>»]*(?:(?:các |những )?(?:tin|bài|bài viết|tin bài|tin tức)(?: \S+){0,1} (?:liên quan|cùng chuyên mục|cùng loại|khác|mới(?: nhất)?|đã đưa|nổi bật|đọc nhiều(?: nhất)?|xem nhiều(?: nhất)?)|cùng chuyên mục|xem (?:thêm|nhiều(?: nhất)?)|đọc (?:thêm|nhiều(?: nhất)?)|mới nhất|có thể bạn quan tâm|tin tức khác|các tin tức khác|chuyên mục khác)(?!\p{L})/iu;
/** A line of menu entries or breadcrumbs: `Trang chủ | Tin tức | Quốc phòng`, `Trang chủ » Chính trị`. */
const MENU_SEPARATORS = /\s[|»›>•·]\s|\s\/\s(?=\p{Lu})/gu;
/** Link-like trailers: `< Trở về trang trước`, `Gửi bình luận`, `Phản hồi`, `In bài`, `Chia sẻ`. */
const PAGE_ACTIONS =
  /^(?:<|«)?\s*(?:trở về|quay lại|gửi bình luận|bình luận|phản hồi|in bài|chia sẻ|ý kiến bạn đọc|bản in|lên đầu trang|tags?:|từ khóa:|nguồn:|ảnh:|video:)/iu;
/** A predicate makes a short line prose rather than a title: a verb that reports a result. */
const PREDICATE = lookBehindFirst(
  '(?<!\\p{L})',
  '(?:điều động|đã|được|đạt|bắt giữ|phát hiện|khởi tố|xử phạt|xử lý|thu giữ|hỗ trợ|kết nạp|củng cố|kiện toàn' +
    '|thành lập|giúp|tham gia|giới thiệu|trao tặng|xây dựng|cử|có)(?!\\p{L})',
  'iu',
);
/** A line that ends a sentence or a clause (closing quotes and brackets allowed after the stop). */
export const TERMINAL_AT_END = /[.!?…:;]["”’)\]]*$/u;
/** A list item's marker: `- `, `+ `, `• `, `1. `, `2) `, `a) `. */
export const LIST_MARKER_AT_START = /^(?:[-+•*–]\s|\(?\d{1,2}[.)]\s|\(?[a-zđ][.)]\s)/u;
const TITLE_WORD_LIMIT = 30;

/** What `classifyLine` remembers from the lines before. */
export interface LineState {
  /** Inside a related-headline list, until prose starts again. */
  inRelatedList: boolean;
  /** A line of prose has been seen. */
  seenProse: boolean;
  /** The page's headline has been seen: the first short line with a verb before any prose. */
  seenHeadline: boolean;
}

/** Reads one logical line in context and says what it is. */
export function classifyLine(line: string, state: LineState): LineKind {
  const words = countWords(line);
  if (RELATED_MARKER.test(line) && words <= 8) {
    state.inRelatedList = true;
    return 'furniture';
  }
  const isProse = TERMINAL_AT_END.test(line) || LIST_MARKER_AT_START.test(line) || words > TITLE_WORD_LIMIT;
  if (state.inRelatedList) {
    // A related list ends where a long paragraph of prose starts again.
    if (words >= 25 && TERMINAL_AT_END.test(line)) state.inRelatedList = false;
    else return 'furniture';
  }
  if (PAGE_ACTIONS.test(line)) return 'furniture';
  if ((line.match(MENU_SEPARATORS)?.length ?? 0) >= 2) return 'furniture';
  if (isProse && !isShouted(line)) {
    state.seenProse = true;
    return 'body';
  }
  if (isShouted(line) || !PREDICATE.test(line)) return 'title';
  // The first short line that reports something, above the article, is its headline; later ones are terse items.
  if (!state.seenProse && !state.seenHeadline) {
    state.seenHeadline = true;
    return 'title';
  }
  return 'body';
}

/** Whether a line is all capitals (a kicker or banner), ignoring digits and punctuation. */
function isShouted(line: string): boolean {
  if (/\p{Ll}/u.test(line)) return false;
  return (line.match(/\p{Lu}/gu)?.length ?? 0) >= 8;
}
