/**
 * A report sent as Word, PDF or a saved web page lands through the real ingest as a text report:
 * the facts of the same report as .txt, each with its sentence and offsets into the extracted text,
 * and the manifest saying how the text was obtained. A scanned PDF is refused with its code.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths, type FileOutcome } from '../../cli/commands/ingest.js';
import { readDocument } from '../../pipelines/documents/read-document.js';
import { ManifestSchema, type Manifest } from '../../pipelines/warehouse/manifest.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';
import { buildDocx, buildPdf, paragraphsOfReport } from '../support/build-documents.js';
import { buildWebPage } from '../support/build-web-page.js';
import { readSeedReports } from '../support/seed-reports.js';

const REPORT = readSeedReports().find(({ name }) => name.startsWith('000_'));
if (!REPORT) throw new Error('seed report 000 is missing');
const paragraphs = paragraphsOfReport(REPORT.text);
const KEYS = {
  txt: 'incoming/VN-22/2025Q2/bao-cao.txt',
  docx: 'incoming/VN-22/2025Q2/bao-cao.docx',
  pdf: 'incoming/VN-22/2025Q2/bao-cao.pdf',
  html: 'incoming/VN-22/2025Q2/bao-cao.htm',
  scan: 'incoming/VN-22/2025Q2/ban-quet.pdf',
} as const;

let folder: string;
let warehouse: string;
let outcomes: FileOutcome[];
let manifests: Manifest[];
let docx: Uint8Array;

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  warehouse = join(folder, 'warehouse');
  docx = await buildDocx(paragraphs.map((paragraph) => ({ paragraph })));
  const files: Record<keyof typeof KEYS, Uint8Array | string> = {
    txt: REPORT.text,
    docx,
    pdf: await buildPdf(paragraphs),
    html: buildWebPage(paragraphs),
    scan: await buildPdf([], { drawingOnly: true }),
  };
  for (const [name, key] of Object.entries(KEYS) as [keyof typeof KEYS, string][]) {
    await mkdir(join(folder, key, '..'), { recursive: true });
    await writeFile(join(folder, key), files[name]);
  }
  outcomes = await ingestPaths([join(folder, 'incoming')], { warehouse });
  const names = await readdir(join(warehouse, 'ingestions'));
  manifests = await Promise.all(
    names.map(async (name) =>
      ManifestSchema.parse(JSON.parse(await readFile(join(warehouse, 'ingestions', name), 'utf8'))),
    ),
  );
}, 120_000);
afterAll(async () => removeFolder(folder));

const manifestOf = (key: string) => manifests.find((manifest) => manifest.source_key === key);
const factsOf = (key: string) =>
  queryWarehouse(
    warehouse,
    'SELECT metric, value, denominator FROM facts WHERE source_key = ? ORDER BY metric, value',
    [key],
  );

describe('text reports as .docx, .pdf and .html', () => {
  it.each(['docx', 'pdf', 'html'] as const)('%s: the facts of the same report as .txt', async (name) => {
    const expected = await factsOf(KEYS.txt);
    expect(expected.length).toBeGreaterThan(5);
    expect(await factsOf(KEYS[name])).toEqual(expected);
  });

  it('records how each text was obtained, in the manifest and the summary', () => {
    expect(manifestOf(KEYS.txt)).toMatchObject({
      source_kind: 'text',
      read_method: 'txt:utf-8',
      text_encoding: 'utf-8',
    });
    expect(manifestOf(KEYS.docx)).toMatchObject({
      source_kind: 'text',
      read_method: 'docx:mammoth',
      text_encoding: null,
    });
    expect(manifestOf(KEYS.pdf)).toMatchObject({
      source_kind: 'text',
      read_method: expect.stringMatching(/^pdf:text-layer \(\d+ pages?\)$/),
    });
    expect(manifestOf(KEYS.html)).toMatchObject({ read_method: 'html:article', text_encoding: 'utf-8' });
    const summary = outcomes.find(({ summary }) => summary?.key === KEYS.docx)?.summary;
    expect(summary?.format).toEqual({ method: 'docx:mammoth' });
  });

  it('keeps each fact with its sentence, its offsets pointing into the extracted text', async () => {
    const rows = await queryWarehouse(
      warehouse,
      'SELECT evidence, span_start, span_end FROM facts WHERE source_key = ? AND denominator IS NOT NULL',
      [KEYS.docx],
    );
    expect(rows.length).toBeGreaterThan(0);
    const reading = await readDocument(docx, 'docx');
    if (!reading.ok) throw new Error(reading.reason);
    for (const row of rows) {
      const number = reading.text.slice(Number(row.span_start), Number(row.span_end));
      expect(number).toMatch(/^\d+\/\s?\d+$/);
      expect(String(row.evidence)).toContain(number);
    }
  });

  it('refuses a PDF without a text layer, asking for the .docx or .txt', () => {
    expect(outcomes.find(({ summary }) => summary?.key === KEYS.scan)?.summary).toMatchObject({
      status: 'rejected',
      code: 'file-no-text-layer',
      reason: expect.stringMatching(/\.docx hoặc \.txt/),
      reasonEn: expect.stringMatching(/\.docx or \.txt/),
    });
    expect(manifestOf(KEYS.scan)).toMatchObject({ status: 'rejected', read_method: null });
  });
});
