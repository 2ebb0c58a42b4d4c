/**
 * A Word report (.docx) as text, read with mammoth: its paragraphs, lists and tables (each row a
 * line, cells separated by tabs, so numbers in neighbouring cells never run together) through the
 * same HTML-to-text rendering as a web page. Runs typed in a legacy Vietnamese font (`.VnTime`,
 * `.VnTimeH` capitals, `VNI-Times`) are converted run by run, by their font; text whose font
 * Word did not record on the run is left to detection on the whole text.
 */
import type Mammoth from 'mammoth';
import { parse } from 'parse5';
import { convertTcvn3Text, convertVniText } from '../text/legacy-vietnamese.js';
import { finishText, type DocumentText, type ReadFailure } from './document-text.js';
import { renderText } from './html-text.js';
import { readZipDirectory, sniffOfficeContainer } from './office-container.js';

/** Default limit on the unpacked document part; a report of a hundred pages is well under 5 MiB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/** Reads a .docx report into text. */
export async function readDocx(bytes: Uint8Array, options: { maxDocumentBytes?: number } = {}): Promise<DocumentText> {
  const problem = checkContainer(bytes, options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES);
  if (problem) return { ok: false, ...problem };
  const fonts = new Set<string>();
  // Loaded on first use, as the other readers' libraries: not every cold start reads a .docx.
  // Outside the `try`: mammoth failing to load is the pipeline's fault, never the file's.
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // Images are not read at all: a report's photos carry no text.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        transformDocument: convertLegacyRuns(mammoth, fonts),
      },
    );
    html = result.value;
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    return { ok: false, reason: `the Word document could not be read${detail}; ${SAVE_AGAIN}`, cause: 'damaged' };
  }
  return finishText(renderText(parse(`<body>${html}</body>`)), 'docx:mammoth', [...fonts].sort());
}

const SAVE_AS = 'save it in Word as "Word Document (.docx)" and send it again';
const SAVE_AGAIN = 'open it in Word, save it again as .docx and send the new file';

function checkContainer(
  bytes: Uint8Array,
  maxDocumentBytes: number,
): { readonly reason: string; readonly cause: ReadFailure } | undefined {
  switch (sniffOfficeContainer(bytes)) {
    case 'empty':
      return { reason: 'the file is empty', cause: 'empty' };
    case 'legacy-office':
      return { reason: `the file is an old Word 97-2003 document (.doc); ${SAVE_AS}`, cause: 'legacy' };
    case 'encrypted-office':
      return {
        reason: 'the document is protected with a password; remove the password in Word and send it again',
        cause: 'protected',
      };
    case 'text':
      return {
        reason: 'the file is text with a .docx name; send it with its own name ending in .txt',
        cause: 'renamed-text',
      };
    case 'other':
      return { reason: `the file is not a Word document (.docx); ${SAVE_AS}`, cause: 'format' };
    case 'zip':
      break;
  }
  const parts = readZipDirectory(bytes);
  if (!parts)
    return {
      reason: `the Word document is damaged (its zip structure cannot be read); ${SAVE_AGAIN}`,
      cause: 'damaged',
    };
  const size = parts.get('word/document.xml');
  if (size === undefined) {
    return {
      reason: 'the file is a zip archive but not a Word document (.docx); send the document itself',
      cause: 'format',
    };
  }
  if (size > maxDocumentBytes) {
    const mebibytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    return {
      reason:
        `the document's text part is ${mebibytes(size)} unpacked, over the ${mebibytes(maxDocumentBytes)} ` +
        'a .docx report may have; send the report as plain text (.txt)',
      cause: 'too-large',
    };
  }
  return undefined;
}

/** The parts of mammoth's document model this reader touches. */
interface DocumentElement {
  readonly type: string;
  readonly font?: string | null;
  value?: string;
  children?: DocumentElement[];
}

type LegacyFontEncoding = 'tcvn3' | 'vni';

/** The legacy encoding a font name implies: the ABC fonts' names start with `.Vn`, VNI's with `VNI-`. */
export function legacyFontEncoding(
  font: string | null | undefined,
): { encoding: LegacyFontEncoding; capitals: boolean } | undefined {
  const name = font?.trim() ?? '';
  if (/^\.vn/i.test(name)) return { encoding: 'tcvn3', capitals: /h$/i.test(name) };
  if (/^vni[- ]/i.test(name)) return { encoding: 'vni', capitals: false };
  return undefined;
}

function convertLegacyRuns(
  mammoth: typeof Mammoth,
  fonts: Set<string>,
): (document: DocumentElement) => DocumentElement {
  const transform = (
    mammoth as unknown as {
      transforms: {
        run: (f: (run: DocumentElement) => DocumentElement) => (element: DocumentElement) => DocumentElement;
      };
    }
  ).transforms;
  return transform.run((run) => {
    const legacy = legacyFontEncoding(run.font);
    if (!legacy) return run;
    fonts.add(legacy.encoding);
    for (const child of run.children ?? []) {
      if (child.type !== 'text' || child.value === undefined) continue;
      child.value =
        legacy.encoding === 'tcvn3'
          ? convertTcvn3Text(child.value, { capitals: legacy.capitals })
          : convertVniText(child.value);
    }
    return run;
  });
}
