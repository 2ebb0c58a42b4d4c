/**
 * Scores the extractor on the corpus of real reports (tests/fixtures/corpus) with the project's
 * scorer, per domain, on the development part and on the held-out part (every document whose
 * number is a multiple of 4, kept out of view while rules are written) and on the fresh part
 * (`fresh-NN-*`, reports labelled after the rules were first measured), and the share of matched facts
 * whose scope agrees with the gold.
 *
 * usage: npx tsx scripts/score-corpus.ts [--verbose]   (--verbose lists misses of the development part only)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFacts } from '../pipelines/extract/extract-facts.js';

const corpus = fileURLToPath(new URL('../tests/fixtures/corpus/', import.meta.url));
const scorer = fileURLToPath(new URL('../tests/fixtures/shared/tools/score-extraction.mjs', import.meta.url));

export type CorpusPart = 'dev' | 'held-out' | 'fresh';

export interface DomainScore {
  readonly domain: string;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface PartScore {
  readonly part: CorpusPart;
  readonly documents: number;
  readonly domains: readonly DomainScore[];
  /** Matched facts whose scope equals the gold's, and how many were matched. */
  readonly scope: { readonly agreed: number; readonly matched: number };
  readonly output: string;
}

interface GoldFact {
  metric: string;
  value: number;
  denominator?: number | null;
  scope?: string;
}

/** The fixed split: `fresh-...` is fresh; otherwise a number (`crime-08-...`) that is a multiple of 4 is held out. */
export function partOf(document: string): CorpusPart {
  if (document.startsWith('fresh-')) return 'fresh';
  const number = Number(/-(\d+)-/u.exec(document)?.[1] ?? Number.NaN);
  return number % 4 === 0 ? 'held-out' : 'dev';
}

/** Extracts every document of one part and scores it with the shared scorer. */
export function scoreCorpusPart(part: CorpusPart, verbose = false): PartScore {
  const work = mkdtempSync(join(tmpdir(), 'provstat-corpus-'));
  try {
    const goldDirectory = join(work, 'gold');
    const predicted = join(work, 'predicted');
    mkdirSync(goldDirectory);
    mkdirSync(predicted);
    const documents = readdirSync(join(corpus, 'gold'))
      .filter((name) => name.endsWith('.json') && partOf(name) === part)
      .sort();
    let agreed = 0;
    let matched = 0;
    for (const name of documents) {
      copyFileSync(join(corpus, 'gold', name), join(goldDirectory, name));
      const gold = JSON.parse(readFileSync(join(corpus, 'gold', name), 'utf8')) as {
        document: string;
        facts: GoldFact[];
      };
      const { facts } = extractFacts(readFileSync(join(corpus, gold.document), 'utf8'));
      writeFileSync(join(predicted, name), JSON.stringify({ facts }));
      const used = new Set<number>();
      for (const fact of facts) {
        const index = gold.facts.findIndex(
          (wanted, at) =>
            !used.has(at) &&
            wanted.metric === fact.metric &&
            (wanted.denominator ?? null) === (fact.denominator ?? null) &&
            Math.abs(wanted.value - fact.value) <= Math.abs(wanted.value) * 0.005,
        );
        const wanted = gold.facts[index];
        if (!wanted) continue;
        used.add(index);
        matched++;
        if (wanted.scope === fact.scope) agreed++;
        else if (verbose && part === 'dev')
          console.log(`  SCOPE ${name}: ${fact.metric}|${fact.value} gold=${wanted.scope} got=${fact.scope}`);
      }
    }
    const args = [
      scorer,
      '--gold',
      goldDirectory,
      '--predicted',
      predicted,
      ...(verbose && part === 'dev' ? ['--verbose'] : []),
    ];
    const output = execFileSync(process.execPath, args, { encoding: 'utf8' });
    const domains = [
      ...output.matchAll(/^(\S+)\s+tp=(\d+) fp=(\d+) fn=(\d+)\s+precision=([\d.]+) recall=([\d.]+) f1=([\d.]+)/gmu),
    ].map(([, domain, tp, fp, fn, precision, recall, f1]) => ({
      domain: domain ?? '',
      tp: Number(tp),
      fp: Number(fp),
      fn: Number(fn),
      precision: Number(precision),
      recall: Number(recall),
      f1: Number(f1),
    }));
    return { part, documents: documents.length, domains, scope: { agreed, matched }, output };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  for (const part of ['dev', 'held-out', 'fresh'] as const) {
    const score = scoreCorpusPart(part, verbose);
    console.log(`${part} (${score.documents} documents)`);
    if (verbose && part === 'dev')
      console.log(
        score.output
          .split('\n')
          .filter((line) => line.startsWith('  '))
          .join('\n'),
      );
    for (const domain of score.domains) {
      console.log(
        `  ${domain.domain.padEnd(8)} P ${domain.precision.toFixed(3)}  R ${domain.recall.toFixed(3)}  F1 ${domain.f1.toFixed(3)}` +
          `  (tp ${domain.tp}, fp ${domain.fp}, fn ${domain.fn})`,
      );
    }
    const { agreed, matched } = score.scope;
    console.log(
      `  scope accuracy ${matched ? (agreed / matched).toFixed(3) : '-'} of ${matched} matched facts agree with the gold`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
