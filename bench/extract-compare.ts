/**
 * The text extractor of this checkout against another one's, in one process: runs alternate
 * (theirs, ours, theirs, ...) and each is timed in CPU seconds, so a busy machine slows both
 * alike. Prints the median of each and the speed-up.
 *
 * usage: npx tsx bench/extract-compare.ts --against ../main [--corpus seeds|backfill] [--runs 9]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractFacts, type ExtractionResult } from '../pipelines/extract/extract-facts.js';
import { variedReport } from './data.js';
import { varySeed } from './extract-inputs.js';

const against = readOption('--against');
if (!against) throw new Error('give --against with the path of the checkout to compare with');
const corpusKind = readOption('--corpus') ?? 'seeds';
const runs = Number(readOption('--runs') ?? 9);

const theirModule = pathToFileURL(resolve(against, 'pipelines/extract/extract-facts.ts')).href;
const theirs = ((await import(theirModule)) as { extractFacts: (text: string) => ExtractionResult }).extractFacts;

const seedsDirectory = new URL('../tests/fixtures/shared/seeds/', import.meta.url);
const seeds = readdirSync(seedsDirectory)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => readFileSync(new URL(name, seedsDirectory), 'utf8'));
// `seeds`: the corpus of bench/extract.ts (about 10 KB a report); `backfill`: reports of 30 KB like the backfill's.
const corpus: string[] = [];
if (corpusKind === 'backfill')
  for (let index = 0; index < 60; index++) corpus.push(variedReport(seeds, index, 30 * 1024, `Báo cáo ${index + 1}`));
else for (let round = 0; round < 36; round++) for (const seed of seeds) corpus.push(varySeed(seed, round));
const megabytes = corpus.reduce((sum, report) => sum + Buffer.byteLength(report), 0) / 1024 / 1024;

const cpuSeconds = (extract: (text: string) => unknown): number => {
  const started = process.cpuUsage();
  for (const report of corpus) extract(report);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
};
cpuSeconds(theirs); // warm both
cpuSeconds(extractFacts);
const theirTimes: number[] = [];
const ourTimes: number[] = [];
for (let run = 0; run < runs; run++) {
  theirTimes.push(cpuSeconds(theirs));
  ourTimes.push(cpuSeconds(extractFacts));
}
const median = (values: number[]): number => [...values].sort((left, right) => left - right)[values.length >> 1] ?? 0;
const [their, our] = [median(theirTimes), median(ourTimes)];
console.log(`${corpus.length} reports, ${megabytes.toFixed(2)} MB; median CPU s of ${runs} alternating runs`);
console.log(
  `  ${against}: ${their.toFixed(3)} s (${(megabytes / their).toFixed(1)} MB/s, ${((their / corpus.length) * 1000).toFixed(2)} ms a report)`,
);
console.log(
  `  this checkout: ${our.toFixed(3)} s (${(megabytes / our).toFixed(1)} MB/s, ${((our / corpus.length) * 1000).toFixed(2)} ms a report)`,
);
console.log(`  speed-up ${(their / our).toFixed(2)}x`);

function readOption(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
