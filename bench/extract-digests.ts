/**
 * Writes or checks the digest of the text extractor's output on many reports, so a change meant
 * only for speed can be shown to change no fact. Reports in the repository are always read;
 * `--dir` adds folders (the seeds in ../shared, a generated backfill under bench/out).
 *
 * usage: npx tsx bench/extract-digests.ts (--write FILE | --check FILE) [--dir FOLDER]...
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extractFacts } from '../pipelines/extract/extract-facts.js';
import { digestResult, inRepoReports, readReports } from './extract-inputs.js';

const writeTo = readOption('--write');
const checkAgainst = readOption('--check');
if (!writeTo === !checkAgainst) throw new Error('give either --write FILE or --check FILE');

const reports = [...inRepoReports()];
for (const [at, argument] of process.argv.entries()) {
  const folder = process.argv[at + 1];
  if (argument !== '--dir' || !folder) continue;
  if (!existsSync(folder)) throw new Error(`there is no folder ${folder}`);
  reports.push(...readReports(folder, folder).map(({ name, text }) => ({ name: `${folder}/${name}`, text })));
}

const digests: Record<string, string> = {};
let facts = 0;
for (const { name, text } of reports) {
  const result = extractFacts(text);
  facts += result.facts.length;
  digests[name] = digestResult(result);
}
console.log(`${reports.length} reports, ${facts} facts`);

if (writeTo) {
  writeFileSync(writeTo, `${JSON.stringify(digests, null, 1)}\n`);
  console.log(`digests written to ${writeTo}`);
} else if (checkAgainst) {
  const expected = JSON.parse(readFileSync(checkAgainst, 'utf8')) as Record<string, string>;
  const names = new Set([...Object.keys(expected), ...Object.keys(digests)]);
  const differing = [...names].filter((name) => expected[name] !== digests[name]);
  for (const name of differing.slice(0, 20)) console.log(`differs: ${name}`);
  console.log(differing.length === 0 ? `all ${names.size} outputs identical` : `${differing.length} outputs differ`);
  process.exitCode = differing.length === 0 ? 0 : 1;
}

function readOption(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
