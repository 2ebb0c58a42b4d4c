/**
 * What every document reader returns: the report's plain text and how it was obtained (for the
 * manifest), or the one-sentence reason a clerk can act on.
 */
import { detectLegacyFont } from '../text/detect-vietnamese-encoding.js';
import { convertLegacyText } from '../text/legacy-vietnamese.js';

export type DocumentText =
  | {
      readonly ok: true;
      /** Paragraphs separated by a blank line, lines within one by a line break; NFC. */
      readonly text: string;
      /** `docx:mammoth`, `pdf:text-layer (3 pages)`, `html:article (windows-1258)`, `docx:mammoth (tcvn3)` ... */
      readonly method: string;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Finishes a reader's text: NFC, and converted when its characters turn out to be a legacy
 * Vietnamese font's code points (a document typed in `.VnTime` or `VNI-Times`); the method then
 * says which font encoding was read.
 */
export function finishText(text: string, method: string, notes: readonly string[] = []): DocumentText {
  const font = detectLegacyFont(text);
  const finished = font ? convertLegacyText(text, font) : text.normalize('NFC');
  const said = [...notes, ...(font ? [font] : [])];
  if (finished.trim() === '') return { ok: false, reason: 'the document has no text' };
  if (said.length === 0) return { ok: true, text: finished, method };
  const detail = said.join(', ');
  return {
    ok: true,
    text: finished,
    method: method.endsWith(')') ? `${method.slice(0, -1)}; ${detail})` : `${method} (${detail})`,
  };
}
