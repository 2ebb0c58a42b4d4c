/**
 * Builds the documents provinces send, with the libraries that make them: Word files with `docx`,
 * PDFs with `pdfkit` (text in DejaVu Sans, which has every Vietnamese letter, from an npm package
 * so no machine needs the font installed).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import { extractFacts } from '../../pipelines/extract/extract-facts.js';

const require = createRequire(import.meta.url);
export const DEJAVU_SANS = readFileSync(
  join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'),
);

/** A report's paragraphs: runs of text between blank lines. */
export function paragraphsOfReport(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

export type DocxBlock =
  | { readonly heading: string }
  | { readonly paragraph: string; readonly font?: string }
  | { readonly table: readonly (readonly string[])[] };

/** A .docx with headings, paragraphs (a line break inside one stays a line break) and tables. */
export async function buildDocx(blocks: readonly DocxBlock[]): Promise<Uint8Array> {
  const children = blocks.map((block) => {
    if ('heading' in block) return new Paragraph({ text: block.heading, heading: HeadingLevel.HEADING_1 });
    if ('table' in block) {
      return new Table({
        rows: block.table.map(
          (row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) }),
        ),
      });
    }
    const runs = block.paragraph
      .split('\n')
      .map(
        (line, index) =>
          new TextRun({ text: line, break: index > 0 ? 1 : 0, ...(block.font ? { font: block.font } : {}) }),
      );
    return new Paragraph({ children: runs });
  });
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

export interface PdfOptions {
  readonly userPassword?: string;
  /** Draws instead of writing text: a page with no text layer, like a scan. */
  readonly drawingOnly?: boolean;
}

/** An A4 PDF with each paragraph wrapped to the page width and justified, as Word prints a report. */
export async function buildPdf(paragraphs: readonly string[], options: PdfOptions = {}): Promise<Uint8Array> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    ...(options.userPassword ? { userPassword: options.userPassword, pdfVersion: '1.7' as const } : {}),
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve) => pdf.on('end', () => resolve()));
  if (options.drawingOnly) {
    pdf.rect(56, 56, 400, 600).stroke();
  } else {
    pdf.registerFont('body', DEJAVU_SANS);
    pdf.font('body').fontSize(11);
    for (const paragraph of paragraphs) {
      pdf.text(paragraph, { align: 'justify' });
      pdf.moveDown(0.8);
    }
  }
  pdf.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}

/** Each fact the extractor finds, as metric, value and evidence with its whitespace made single spaces. */
export function factsOf(text: string): string[] {
  return extractFacts(text).facts.map((fact) => {
    const value = fact.denominator === null ? String(fact.value) : `${fact.value}/${fact.denominator}`;
    return `${fact.metric}=${value} | ${fact.evidence.replace(/\s+/g, ' ')}`;
  });
}
