/**
 * The text report readers by file name: `.txt`, `.docx`, `.pdf`, `.html`/`.htm`. Each returns the
 * text and how it was obtained, or the reason it could not be read.
 */
import { decodeText } from '../text/decode-text.js';
import type { DocumentText } from './document-text.js';
import { readDocx } from './read-docx.js';
import { readHtml } from './read-html.js';
import { readPdf } from './read-pdf.js';

export type { DocumentText } from './document-text.js';
export type DocumentKind = 'txt' | 'docx' | 'pdf' | 'html';

/** The kind of text report a file name says it is, if it is one. */
export function documentKindOf(name: string): DocumentKind | undefined {
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === 'htm') return 'html';
  return extension === 'txt' || extension === 'docx' || extension === 'pdf' || extension === 'html'
    ? extension
    : undefined;
}

/**
 * Reads a text report. Plain text keeps its own Unicode form (NFC or NFD) so that evidence
 * offsets point into it as sent; the other kinds are built text, in NFC.
 */
export async function readDocument(bytes: Uint8Array, kind: DocumentKind): Promise<DocumentText> {
  switch (kind) {
    case 'txt': {
      const decoded = decodeText(bytes, { keepForm: true });
      return decoded.ok ? { ok: true, text: decoded.text, method: `txt:${decoded.encoding}` } : decoded;
    }
    case 'docx':
      return readDocx(bytes);
    case 'pdf':
      return readPdf(bytes);
    case 'html':
      return readHtml(bytes);
  }
}
