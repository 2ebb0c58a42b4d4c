/**
 * The reports the text extractor's output is pinned on: every report in the repository, the
 * varied seed corpus of `bench/extract.ts` and generated backfill-style reports. A speed change
 * to the extractor must give the same output on all of them, fact for fact.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExtractionResult } from '../pipelines/extract/extract-facts.js';
import { variedReport } from './data.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface NamedReport {
  readonly name: string;
  readonly text: string;
}

/** A digest of the whole result: every fact and field, in order, and the provinces. */
export function digestResult(result: ExtractionResult): string {
  return createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 24);
}

/** Every `.txt` under `folder`, named by its path from `base`, in path order. */
export function readReports(folder: string, base = projectRoot): NamedReport[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.txt'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((path) => ({ name: relative(base, path), text: readFileSync(path, 'utf8') }));
}

/** A seed with the light variation `bench/extract.ts` measures on (NFD, CRLF, old tone placement, shifted counts). */
export function varySeed(text: string, round: number): string {
  let report = text.replace(/\b(\d{2,3})\b(?=\s+(?:vụ|đối tượng|tổ|hộ|chi bộ|đảng viên|đồng chí|cán bộ))/gu, (digits) =>
    String(Number(digits) + (round % 7)),
  );
  if (round % 3 === 1) report = report.normalize('NFD');
  if (round % 4 === 2) report = report.replace(/\n/g, '\r\n').replace(/ủy/g, 'uỷ').replace(/hòa/g, 'hoà');
  return report;
}

/** The reports of the repository and generated variations of them; none needs `../shared`. */
export function inRepoReports(): NamedReport[] {
  const files = [
    ...readReports(join(projectRoot, 'tests', 'fixtures')),
    ...readReports(join(projectRoot, 'samples', 'incoming')),
  ];
  const seeds = readReports(join(projectRoot, 'tests', 'fixtures', 'shared', 'seeds'));
  const samples = readReports(join(projectRoot, 'samples', 'incoming')).map((report) => report.text);
  const varied: NamedReport[] = [];
  // Rounds 0 to 11 meet every combination of the NFD (every 3rd) and CRLF (every 4th) variations.
  for (let round = 0; round < 12; round++)
    for (const seed of seeds)
      varied.push({ name: `varied seed ${round} ${seed.name}`, text: varySeed(seed.text, round) });
  for (let index = 0; index < 24; index++) {
    const title = `Báo cáo ${index + 1}, quý ${(index % 4) + 1} năm ${2015 + (index % 10)}`;
    varied.push({ name: `backfill-style ${index}`, text: variedReport(samples, index, 30 * 1024, title) });
  }
  return [...files, ...varied];
}
