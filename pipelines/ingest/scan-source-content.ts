/**
 * The file-level checks every source goes through before its rows are read (kind, size, format,
 * text encoding), then the reader for its format: a CSV or a workbook's sheet through the same row
 * checks, a text report (.txt, .docx, .pdf, .html) through the extractor. Each refusal is a
 * file-level rejection with its code; what was read and how goes in the outline's `format`.
 */
import { readCsvTextRows } from '../csv/csv-text-rows.js';
import { scanProvinceCsv, scanProvinceTable } from '../csv/parse-province-csv.js';
import { readWorkbook } from '../csv/read-workbook.js';
import { DEFAULT_MAX_SHEET_DATA_BYTES } from '../csv/workbook-container.js';
import { chooseWorkbookTable } from '../csv/workbook-table.js';
import type { ReadFailure } from '../documents/document-text.js';
import { documentKindOf, readDocument, type DocumentKind } from '../documents/read-document.js';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../documents/read-docx.js';
import { problem, type Problem } from '../facts/rejection-codes.js';
import {
  unreadableSource,
  type FactDraft,
  type RejectionDraft,
  type SourceOutline,
  type SourceResult,
} from '../facts/source-result.js';
import type { CheckedRows, TextRows } from '../facts/text-rows.js';
import type { Period } from '../period.js';
import { decodeText } from '../text/decode-text.js';
import type { SourceKind } from '../warehouse/manifest.js';
import { readTextReport } from './read-text-report.js';

/** The formats each kind of upload may take, as messages list them. */
export const ACCEPTED_FORMATS = { metric: '.csv, .xlsx', report: '.txt, .docx, .pdf, .html' } as const;

export interface SourceContent {
  /** The file's name or key: its extension says which reader reads it. */
  readonly name: string;
  readonly kind: SourceKind;
  readonly sizeBytes: number;
  /** The file's bytes; null when it is over the size limit and was not read. */
  readonly bytes: Uint8Array | null;
  readonly maxBytes: number;
  readonly now: Date;
  /** The province and period the source is bound to, or why it cannot be bound. */
  readonly landing: { readonly province: string | null; readonly period: Period | null };
  readonly landingProblem?: Problem | undefined;
}

/**
 * An engine that checks a large CSV's rows itself (`SourceWrite.checkRows`), staging what they yield
 * where the facts and rejections handed to `onFact` and `onRejection` go.
 */
export interface RowEngine {
  /** Files of at least this many bytes have their rows checked by the engine; smaller ones in JavaScript. */
  readonly fromBytes: number;
  check(rows: TextRows): Promise<CheckedRows>;
}

/**
 * Reads one source's content, handing accepted facts to `onFact` (and, with `onRejection`, rejected
 * records to it) as they are read; returns the rest of the result. With `engine`, a large CSV whose
 * text the engine splits as the JavaScript reader does has its rows checked there instead.
 */
export async function scanSourceContent(
  content: SourceContent,
  onFact: (fact: FactDraft) => void,
  onRejection?: (rejection: RejectionDraft) => void,
  engine?: RowEngine,
): Promise<SourceOutline> {
  const { landing } = content;
  const passOn = ({ facts, ...outline }: SourceResult): SourceOutline => {
    facts.forEach(onFact);
    return outline;
  };
  if (content.landingProblem) return passOn(unreadableSource(content.landingProblem, landing));
  if (content.kind === 'other') {
    return passOn(
      unreadableSource(
        otherFormatProblem(content.name) ??
          problem('file-unsupported', {
            metricFormats: ACCEPTED_FORMATS.metric,
            reportFormats: ACCEPTED_FORMATS.report,
          }),
        landing,
      ),
    );
  }
  if (content.bytes === null || content.sizeBytes > content.maxBytes) {
    return passOn(
      unreadableSource(
        problem('file-too-large', { size: formatBytes(content.sizeBytes), limit: formatBytes(content.maxBytes) }),
        landing,
      ),
    );
  }
  const tableContext = { landingProvince: landing.province, landingPeriod: landing.period, now: content.now };
  if (content.kind === 'csv' && isWorkbookName(content.name)) {
    const workbook = await readWorkbook(content.bytes);
    if (!workbook.ok) return passOn(unreadableSource(workbookProblem(workbook.cause), landing));
    const table = chooseWorkbookTable(workbook.sheets);
    if (!table.ok) return passOn(unreadableSource(table.problem, landing));
    const outline = scanProvinceTable(table.records, tableContext, onFact, onRejection);
    const others = table.otherSheets.map(({ name, hidden }) => `"${name}"${hidden ? ' (ẩn / hidden)' : ''}`);
    return {
      ...outline,
      warnings: [
        ...(others.length > 0
          ? [
              `Các trang tính khác không được đọc: ${others.join(', ')}. / Other sheets were not read: ${others.join(', ')}.`,
            ]
          : []),
        ...outline.warnings,
      ],
      ...(outline.format ? { format: { ...outline.format, method: 'xlsx:exceljs', sheet: table.sheet } } : {}),
    };
  }
  if (content.kind === 'csv') {
    const decoded = decodeText(content.bytes);
    if (!decoded.ok) return passOn(unreadableSource(decodingProblem(decoded.cause), landing));
    const byEngine =
      engine && content.sizeBytes >= engine.fromBytes ? readCsvTextRows(decoded.text, tableContext) : undefined;
    const outline = byEngine
      ? byEngine.outline(await engine!.check(byEngine.rows))
      : scanProvinceCsv(decoded.text, tableContext, onFact, onRejection);
    return outline.format
      ? { ...outline, format: { ...outline.format, method: 'csv', encoding: decoded.encoding } }
      : outline;
  }
  const document = documentKindOf(content.name) ?? 'txt';
  const reading = await readDocument(content.bytes, document);
  if (!reading.ok) return passOn(unreadableSource(documentProblem(document, reading.cause), landing));
  const result = readTextReport(reading.text, landing);
  const encoding = encodingOf(reading.method);
  return passOn(
    result.unreadable ? result : { ...result, format: { method: reading.method, ...(encoding ? { encoding } : {}) } },
  );
}

function isWorkbookName(name: string): boolean {
  return name.toLowerCase().endsWith('.xlsx');
}

/** The extensions of formats a clerk can save again as one that is read, with what to call them. */
const SAVE_AGAIN: Readonly<Record<string, { code: 'workbook-format' | 'document-format'; vi: string; en: string }>> = {
  xls: { code: 'workbook-format', vi: 'sổ tính Excel 97-2003 (.xls)', en: 'an Excel 97-2003 workbook (.xls)' },
  xlsm: { code: 'workbook-format', vi: 'sổ tính có macro (.xlsm)', en: 'a macro-enabled workbook (.xlsm)' },
  xlsb: { code: 'workbook-format', vi: 'sổ tính nhị phân (.xlsb)', en: 'a binary workbook (.xlsb)' },
  ods: { code: 'workbook-format', vi: 'bảng tính OpenDocument (.ods)', en: 'an OpenDocument spreadsheet (.ods)' },
  doc: { code: 'document-format', vi: 'tài liệu Word 97-2003 (.doc)', en: 'a Word 97-2003 document (.doc)' },
  rtf: { code: 'document-format', vi: 'tài liệu RTF (.rtf)', en: 'an RTF document (.rtf)' },
  odt: { code: 'document-format', vi: 'văn bản OpenDocument (.odt)', en: 'an OpenDocument text (.odt)' },
};

/** A file whose name says it is a spreadsheet or a document in a format that is not read, and how to fix it. */
function otherFormatProblem(name: string): Problem | undefined {
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const known = SAVE_AGAIN[extension];
  if (!known) return undefined;
  if (known.code === 'workbook-format') return problem('workbook-format', { kindVi: known.vi, kind: known.en });
  return problem('document-format', {
    formatVi: '.docx, .pdf hay .html',
    format: '.docx, .pdf or .html',
    kindVi: known.vi,
    kind: known.en,
  });
}

function decodingProblem(cause: 'not-text' | 'encoding'): Problem {
  return problem(cause === 'not-text' ? 'file-not-text' : 'file-encoding-unknown');
}

/** What each reader's refusal is called in the other language of a message, per cause. */
const FORMAT_FOUND: Readonly<Partial<Record<ReadFailure, { vi: string; en: string }>>> = {
  legacy: { vi: 'tệp định dạng Office 97-2003 cũ', en: 'an old Office 97-2003 file' },
  ods: { vi: 'tệp OpenDocument', en: 'an OpenDocument file' },
  'renamed-text': { vi: 'tệp văn bản thường, có thể là CSV', en: 'a plain text file, a CSV perhaps' },
  format: { vi: 'định dạng khác', en: 'another format' },
};

function workbookProblem(cause: ReadFailure): Problem {
  switch (cause) {
    case 'empty':
      return problem('file-empty');
    case 'protected':
      return problem('workbook-protected');
    case 'too-large':
      return problem('workbook-too-large', { limit: formatBytes(DEFAULT_MAX_SHEET_DATA_BYTES) });
    case 'legacy':
    case 'ods':
    case 'renamed-text':
    case 'format': {
      const found = FORMAT_FOUND[cause] ?? { vi: '', en: '' };
      return problem('workbook-format', { kindVi: found.vi, kind: found.en });
    }
    default:
      return problem('workbook-damaged');
  }
}

const DOCUMENT_NAMES: Readonly<Record<DocumentKind, { vi: string; en: string }>> = {
  txt: { vi: 'văn bản', en: 'text' },
  docx: { vi: 'tài liệu Word .docx', en: 'a Word .docx document' },
  pdf: { vi: 'tệp PDF', en: 'a PDF' },
  html: { vi: 'trang web .html', en: 'an .html web page' },
};

function documentProblem(kind: DocumentKind, cause: ReadFailure): Problem {
  switch (cause) {
    case 'empty':
      return problem('file-empty');
    case 'not-text':
    case 'encoding':
      return decodingProblem(cause);
    case 'no-text-layer':
      return problem('file-no-text-layer');
    case 'no-text':
      return problem('document-no-text');
    case 'protected':
      return problem('document-protected');
    case 'too-large':
      return problem('document-too-large', { limit: formatBytes(DEFAULT_MAX_DOCUMENT_BYTES) });
    case 'legacy':
    case 'ods':
    case 'renamed-text':
    case 'format': {
      const found = FORMAT_FOUND[cause] ?? { vi: '', en: '' };
      const named = DOCUMENT_NAMES[kind];
      return problem('document-format', { formatVi: named.vi, format: named.en, kindVi: found.vi, kind: found.en });
    }
    default:
      return problem('document-damaged');
  }
}

/**
 * The text encoding a reading method names: `txt:windows-1258`, `html:article (windows-1258)`,
 * `docx:mammoth (tcvn3)`; a web page or text without a note is UTF-8, a Word or PDF text Unicode.
 */
function encodingOf(method: string): string | undefined {
  const [reader = '', rest = ''] = method.split(':', 2);
  if (reader === 'txt') return rest;
  const note = /\(([^)]*)\)$/.exec(rest)?.[1]?.split('; ').at(-1);
  const legacy = note?.split(', ').find((name) => /^(?:tcvn3|vni|windows-\d+|iso-8859-\d+|utf-16[lb]e)$/.test(name));
  return legacy ?? (reader === 'html' ? 'utf-8' : undefined);
}

/** A size as messages give it. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
