/** Number of whitespace-separated words in `text`, without allocating (hot path). */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const isSpace = text.charCodeAt(index) <= 0x20;
    if (!isSpace && !inWord) words++;
    inWord = !isSpace;
  }
  return words;
}
