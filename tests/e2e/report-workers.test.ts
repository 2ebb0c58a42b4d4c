import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ingestPaths, type FileOutcome } from '../../cli/commands/ingest.js';
import { encodeLegacy } from '../../pipelines/text/legacy-vietnamese.js';
import { makeTemporaryFolder, removeFolder, SAMPLES } from '../helpers.js';
import { comparable, manifests, viewRows } from '../support/compare-ingests.js';

const PROVINCES = ['VN-01', 'VN-04', 'VN-22'];
const QUARTERS = ['2024Q3', '2024Q4', '2025Q1'];

/** Every sample report, each again in other provinces and quarters with its figures changed, and broken ones. */
async function writeReports(root: string): Promise<number> {
  const samples: { name: string; bytes: Buffer }[] = [];
  for (const province of await readdir(SAMPLES)) {
    for (const entry of await readdir(join(SAMPLES, province), { recursive: true })) {
      if (/\.(txt|docx|pdf)$/.test(entry))
        samples.push({ name: entry, bytes: await readFile(join(SAMPLES, province, entry)) });
    }
  }
  let files = 0;
  for (const [index, province] of PROVINCES.entries()) {
    for (const quarter of QUARTERS) {
      const folder = join(root, province, quarter);
      await mkdir(folder, { recursive: true });
      for (const [at, sample] of samples.entries()) {
        const name = sample.name.split('/').at(-1)!;
        const bytes = name.endsWith('.txt')
          ? Buffer.from(sample.bytes.toString('utf8').replace(/\d+/g, (digits) => String(Number(digits) + index + at)))
          : sample.bytes;
        await writeFile(join(folder, `${quarter}-${name}`), bytes);
        files++;
      }
    }
  }
  const odd = join(root, PROVINCES[0]!, QUARTERS[0]!);
  const text = (await readFile(join(odd, `${QUARTERS[0]}-001_59c3751f5e590c04.txt`), 'utf8')).normalize('NFC');
  await writeFile(join(odd, 'tcvn3.txt'), encodeLegacy(text, 'tcvn3'));
  await writeFile(join(odd, 'rong.txt'), '');
  await writeFile(join(odd, 'nhi-phan.txt'), Buffer.from([0x50, 0x4b, 0, 0, 1, 2, 3]));
  await writeFile(join(odd, 'hong.docx'), 'PK not a Word document');
  await writeFile(join(odd, 'hong.pdf'), '%PDF-1.7 cut short');
  return files + 5;
}

describe('prose reports read in worker threads', () => {
  let folder: string;
  let landing: string;
  let files: number;
  const runs: Record<'workers' | 'main', { warehouse: string; outcomes: FileOutcome[]; inWorkers: number }> =
    {} as never;

  beforeAll(async () => {
    folder = await makeTemporaryFolder();
    landing = join(folder, 'landing', 'incoming');
    files = await writeReports(landing);
    await cp(join(SAMPLES, 'VN-22'), join(landing, 'VN-22'), { recursive: true });
    for (const [name, reportThreads] of [
      ['workers', 2],
      ['main', 0],
    ] as const) {
      const warehouse = join(folder, name);
      const tasks = vi.spyOn(Piscina.prototype, 'run');
      const outcomes = await ingestPaths([landing], { warehouse, reportThreads });
      runs[name] = { warehouse, outcomes, inWorkers: tasks.mock.calls.length };
      tasks.mockRestore();
    }
  }, 240_000);
  afterAll(async () => {
    await removeFolder(folder);
  });

  it('reports every file as reading them in the main thread does', () => {
    expect(runs.workers.outcomes.length).toBeGreaterThan(files);
    // Every report but the one with the same bytes as another went to a worker; none without workers.
    expect(runs.workers.inWorkers).toBeGreaterThanOrEqual(files - 1);
    expect(runs.main.inWorkers).toBe(0);
    expect(runs.workers.outcomes.map(comparable)).toEqual(runs.main.outcomes.map(comparable));
    const byName = (name: string) => runs.workers.outcomes.find((outcome) => outcome.path.endsWith(name))?.summary;
    expect(byName('tcvn3.txt')).toMatchObject({ status: 'ingested', format: { encoding: 'tcvn3' } });
    for (const name of ['nhi-phan.txt', 'hong.docx', 'hong.pdf'])
      expect(byName(name), name).toMatchObject({ status: 'rejected' });
  });

  it('stores the same facts, rejections and manifests', async () => {
    const facts = await viewRows(runs.workers.warehouse, 'facts', 'ingested_at');
    expect(facts.length).toBeGreaterThan(200);
    expect(facts).toEqual(await viewRows(runs.main.warehouse, 'facts', 'ingested_at'));
    const rejections = await viewRows(runs.workers.warehouse, 'rejections', 'rejected_at');
    expect(rejections.length).toBeGreaterThan(4);
    expect(rejections).toEqual(await viewRows(runs.main.warehouse, 'rejections', 'rejected_at'));
    expect(await manifests(runs.workers.warehouse)).toEqual(await manifests(runs.main.warehouse));
  });
});
