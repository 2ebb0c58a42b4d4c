/**
 * Throughput of the text-report extractor: builds a corpus of a few MB by repeating the seed
 * reports (tests/fixtures/shared/seeds, copies of ../shared/seeds) with light variation (NFD, CRLF, old tone placement, shifted numbers),
 * extracts every report several times and prints the median MB/s and reports/s on one core.
 *
 * usage: npx tsx bench/extract.ts [--mb 4] [--runs 7]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { extractFacts } from '../pipelines/extract/extract-facts.js';
import { varySeed } from './extract-inputs.js';

const seedsDirectory = new URL('../tests/fixtures/shared/seeds/', import.meta.url);
const targetMegabytes = Number(readOption('--mb') ?? 4);
const runs = Number(readOption('--runs') ?? 7);

const seeds = readdirSync(seedsDirectory)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => readFileSync(new URL(name, seedsDirectory), 'utf8'));
if (seeds.length === 0) throw new Error(`no seed reports in ${seedsDirectory.pathname}`);

const corpus = buildCorpus(seeds, targetMegabytes * 1024 * 1024);
const bytes = corpus.reduce((sum, report) => sum + Buffer.byteLength(report, 'utf8'), 0);

extractAll(corpus.slice(0, 20)); // warm the rules and the JIT
const seconds: number[] = [];
let facts = 0;
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  facts = extractAll(corpus);
  seconds.push((performance.now() - started) / 1000);
}
const median = [...seconds].sort((left, right) => left - right)[Math.floor(seconds.length / 2)] ?? Number.NaN;
console.log(`corpus: ${corpus.length} reports, ${(bytes / 1024 / 1024).toFixed(2)} MB (UTF-8), ${facts} facts per run`);
console.log(
  `median of ${runs} runs: ${median.toFixed(3)} s -> ${(bytes / 1024 / 1024 / median).toFixed(1)} MB/s, ${Math.round(corpus.length / median)} reports/s`,
);

function extractAll(reports: readonly string[]): number {
  let count = 0;
  for (const report of reports) count += extractFacts(report).facts.length;
  return count;
}

/** Repeats the seeds with variations that exercise the normalizer and keep the JIT honest. */
function buildCorpus(texts: readonly string[], targetBytes: number): string[] {
  const reports: string[] = [];
  let total = 0;
  for (let round = 0; total < targetBytes; round++) {
    for (const text of texts) {
      const report = varySeed(text, round);
      reports.push(report);
      total += Buffer.byteLength(report, 'utf8');
    }
  }
  return reports;
}

function readOption(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
