/**
 * The readers bundled into one file as the Lambda bundles its code, run where no node_modules
 * can be found: PDF.js must load without its optional native canvas package and find its worker
 * in the bundle.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemporaryFolder, PROJECT_ROOT, removeFolder } from '../../helpers.js';
import { buildDocx, buildPdf } from '../../support/build-documents.js';
import { buildWorkbook } from '../../support/build-workbook.js';

const SENTENCE = 'Bộ đội Biên phòng tỉnh đã giúp dân 722 ngày công.';
let folder: string;

beforeAll(async () => {
  folder = await makeTemporaryFolder('provstat-readers-bundle-');
  await writeFile(
    join(folder, 'entry.ts'),
    `
    import { readFileSync } from 'node:fs';
    import { readDocument } from ${JSON.stringify(join(PROJECT_ROOT, 'pipelines/documents/read-document.js'))};
    import { readWorkbook } from ${JSON.stringify(join(PROJECT_ROOT, 'pipelines/csv/read-workbook.js'))};
    const read = (name) => new Uint8Array(readFileSync(new URL(name, import.meta.url)));
    const workbook = await readWorkbook(read('report.xlsx'));
    const pdf = await readDocument(read('report.pdf'), 'pdf');
    const docx = await readDocument(read('report.docx'), 'docx');
    console.log(JSON.stringify([pdf, docx, workbook.ok && workbook.sheets[0].rows[0].cells]));
  `,
  );
  await build({
    entryPoints: [join(folder, 'entry.ts')],
    outfile: join(folder, 'out', 'index.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    banner: {
      // As scripts/bundle-functions.mjs does: CommonJS dependencies in an ES module still need `require`.
      js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);",
    },
  });
  await writeFile(join(folder, 'out', 'report.pdf'), await buildPdf([SENTENCE]));
  await writeFile(join(folder, 'out', 'report.docx'), await buildDocx([{ paragraph: SENTENCE }]));
  await writeFile(join(folder, 'out', 'report.xlsx'), await buildWorkbook([{ name: 'S', rows: [['Tỉnh', 16]] }]));
});
afterAll(async () => {
  if (folder) await removeFolder(folder);
});

describe('the readers bundled into one file', () => {
  it('read a PDF, a Word document and a workbook with no node_modules beside them', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(folder, 'out', 'index.mjs')], {
      cwd: join(folder, 'out'),
      timeout: 60_000,
    });
    const lastLine = stdout.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(lastLine)).toEqual([
      { ok: true, text: SENTENCE, method: 'pdf:text-layer (1 page)' },
      { ok: true, text: SENTENCE, method: 'docx:mammoth' },
      [
        { kind: 'text', value: 'Tỉnh' },
        { kind: 'number', value: 16 },
      ],
    ]);
  });
});
