/**
 * Crime types a clause can name. A case or suspect count goes to a type's metric when the clause
 * names that type alone, and to the general totals when it names none (or several, as in
 * `vi phạm pháp luật về ma túy, buôn lậu, xuất nhập cảnh trái phép`).
 */
import { DRUG_WORDS } from './cue-words.js';
import { lookBehindFirst } from './look-behind-first.js';

export type CrimeTopic = 'drugs' | 'smuggling' | 'illegal-crossing' | 'other';

/** What each crime type is called in reports; `other` covers types with no metric of their own. */
export const CRIME_TOPICS: readonly { readonly topic: CrimeTopic; readonly words: string }[] = [
  { topic: 'drugs', words: DRUG_WORDS },
  {
    topic: 'smuggling',
    words:
      'buôn lậu|gian lận thương mại|hàng giả|hàng cấm|hàng lậu|hàng nhập lậu|nhập lậu|xuất lậu|vận chuyển hàng hóa trái phép|hàng hóa không rõ nguồn gốc|xâm phạm sở hữu trí tuệ',
  },
  {
    topic: 'illegal-crossing',
    words:
      'xuất(?: cảnh)?,? (?:và )?nhập cảnh(?:,? cư trú)? trái phép|xuất cảnh trái phép|nhập cảnh trái phép|xnc trái phép|vượt biên|qua lại biên giới trái phép|cư trú trái phép|tổ chức cho người khác (?:xuất cảnh|nhập cảnh|trốn)',
  },
  {
    topic: 'other',
    words:
      'truy nã|mua bán người|buôn bán người|vũ khí|vật liệu nổ|pháo|đánh bạc|trộm cắp|cướp|giết người|gây thương tích|lừa đảo|tín dụng đen|lâm sản|khoáng sản|khai thác thủy sản|động vật hoang dã|môi trường|giao thông|mại dâm|cháy|tai nạn|chặt phá rừng|hủy hoại rừng|khai thác cát',
  },
];

/**
 * Units named after what they fight (`Cục phòng, chống ma túy và tội phạm`, `Đoàn đặc nhiệm
 * phòng chống ma túy`): their name says nothing about the crime a sentence counts.
 */
const UNIT_NAMES = new RegExp(
  '(?<![\\p{L}])(?:cục|đoàn|đội|phòng|ban chỉ đạo|tổ công tác|lực lượng)(?: đặc nhiệm| trinh sát)?(?: đấu tranh)? phòng,? chống' +
    ` (?:${DRUG_WORDS}|tội phạm)(?:(?:,| và) (?:${DRUG_WORDS}|tội phạm))*`,
  'gu',
);

const TOPIC_PATTERNS = CRIME_TOPICS.map(({ topic, words }) => ({
  topic,
  pattern: lookBehindFirst('(?<![\\p{L}\\p{N}])', `(?:${words})(?![\\p{L}\\p{N}])`),
}));

/** The crime types named in a piece of (lowercased, normalized) text. */
export function findCrimeTopics(named: string): Set<CrimeTopic> {
  const topics = new Set<CrimeTopic>();
  const text = named.includes('phòng') ? named.replace(UNIT_NAMES, ' ') : named;
  for (const { topic, pattern } of TOPIC_PATTERNS) if (pattern.test(text)) topics.add(topic);
  return topics;
}
