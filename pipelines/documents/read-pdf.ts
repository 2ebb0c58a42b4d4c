/**
 * A PDF report's text layer, read with PDF.js (its legacy build, for Node): per page, the text
 * items grouped into lines by their baselines and ordered left to right, words spaced by the gaps
 * between items, wrapped lines joined again, and a blank line where the gap between lines is
 * clearly wider than the page's line spacing (a new paragraph). A PDF without a text layer (a
 * scan) is refused with a reason. Multi-column layouts are read across the columns, line by line.
 */
import { restoreNativeBuiltins } from './native-builtins.js';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { LIST_MARKER_AT_START, TERMINAL_AT_END } from '../extract/furniture.js';
import { finishText, type DocumentText } from './document-text.js';

let pdfjs: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | undefined;

/**
 * PDF.js, loaded on first use (with its worker, about 0.4 s: not every cold start reads a PDF).
 * PDF.js runs its worker in the same thread when it finds it on `globalThis`: no worker file to
 * load at run time, so the reader also works bundled into one file.
 */
function loadPdfJs(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> {
  pdfjs ??= (async () => {
    await import('./pdfjs-node-globals.js');
    const library = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    restoreNativeBuiltins();
    return library;
  })();
  return pdfjs;
}

/** Letters a text layer needs before it is taken for one (a scan may carry a stray page number). */
const MIN_LETTERS = 20;
/** A gap between lines this many times the usual line spacing starts a new paragraph. */
const PARAGRAPH_GAP = 1.5;
/** A gap between items this share of the font size is a space between words. */
const WORD_GAP = 0.15;
/** A line ending within this many font sizes of the right margin was wrapped (room for one more word). */
const WRAP_SLACK = 4;

/** Reads a PDF report's text layer. */
export async function readPdf(bytes: Uint8Array): Promise<DocumentText> {
  if (!Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).includes('%PDF-')) {
    return { ok: false, reason: 'the file is not a PDF; send the report as .pdf, .docx or .txt', cause: 'format' };
  }
  // Outside the `try`: PDF.js failing to load is the pipeline's fault, never the file's.
  const { getDocument } = await loadPdfJs();
  let document: PDFDocumentProxy | undefined;
  try {
    // PDF.js takes ownership of the array it is given, so it gets a copy.
    document = await getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent({ disableNormalization: true });
      pages.push(layOutPage(content.items.filter((item): item is TextItem => 'str' in item)));
      page.cleanup();
    }
    const letters = pages.join('').match(/\p{L}/gu)?.length ?? 0;
    if (letters < MIN_LETTERS) {
      return {
        ok: false,
        reason: 'the PDF has no text layer (it is a scan or a picture of the pages); send the report as .docx or .txt',
        cause: 'no-text-layer',
      };
    }
    const text = pages.reduce(
      (joined, page) => (joined === '' ? page : `${joined}${TERMINAL_AT_END.test(joined) ? '\n\n' : '\n'}${page}`),
      '',
    );
    return finishText(text, `pdf:text-layer (${document.numPages} ${document.numPages === 1 ? 'page' : 'pages'})`);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException')
      return {
        ok: false,
        reason: 'the PDF is protected with a password; send it without the password, or as .docx or .txt',
        cause: 'protected',
      };
    const detail = error instanceof Error ? ` (${error.message})` : '';
    return {
      ok: false,
      reason: `the PDF could not be read${detail}; send the report as .docx or .txt`,
      cause: 'damaged',
    };
  } finally {
    await document?.destroy();
  }
}

interface Line {
  y: number;
  size: number;
  items: { x: number; end: number; text: string; size: number }[];
}

/**
 * One page's items as text: a line that reaches the right margin was wrapped and runs on into the
 * next with a space; one that stops short ends there (a heading, a list item, a paragraph's last
 * line); a gap clearly wider than the usual line spacing is a new paragraph (a blank line).
 */
function layOutPage(items: readonly TextItem[]): string {
  const lines: Line[] = [];
  for (const item of items) {
    if (item.str === '') continue;
    const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
    const size = Math.hypot(c, d) || item.height || 1;
    const line = lines.find((candidate) => Math.abs(candidate.y - y) <= 0.4 * Math.min(size, candidate.size));
    const placed = { x, end: x + item.width, text: item.str, size };
    if (line) line.items.push(placed);
    else lines.push({ y, size, items: [placed] });
  }
  lines.sort((upper, lower) => lower.y - upper.y);
  const gaps = lines
    .slice(1)
    .map((line, index) => (lines[index]?.y ?? line.y) - line.y)
    .filter((gap) => gap > 0)
    .sort((a, b) => a - b);
  // The lower median: on a page of short paragraphs, half the gaps may be paragraph gaps.
  const usual = gaps[Math.floor((gaps.length - 1) / 2)] ?? 0;
  const rightMargin = Math.max(...lines.map(rightEdge));
  let text = '';
  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    const content = joinItems(line).trim();
    if (previous) {
      if (usual > 0 && previous.y - line.y > PARAGRAPH_GAP * usual) text += '\n\n';
      else
        text +=
          rightEdge(previous) >= rightMargin - WRAP_SLACK * previous.size && !LIST_MARKER_AT_START.test(content)
            ? ' '
            : '\n';
    }
    text += content;
  });
  return text.replace(/\n{3,}/g, '\n\n').trim();
}

function rightEdge(line: Line): number {
  return Math.max(...line.items.map((item) => item.end));
}

function joinItems(line: Line): string {
  const items = [...line.items].sort((left, right) => left.x - right.x);
  let text = '';
  let end: number | undefined;
  for (const item of items) {
    const spaced = /\s$/u.test(text) || /^\s/u.test(item.text);
    if (end !== undefined && !spaced && item.x - end > WORD_GAP * item.size) text += ' ';
    text += item.text;
    end = item.end;
  }
  return text;
}
