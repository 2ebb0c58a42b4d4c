/** The five real seed reports (the project's copy of ../shared/seeds/), read once for tests that build files from real text. */
import { readFileSync, readdirSync } from 'node:fs';

// Copied from ../shared by npm run sync-reference, so a clone without ../shared has them.
const SEEDS = new URL('../fixtures/shared/seeds/', import.meta.url);

export interface SeedReport {
  readonly name: string;
  /** The report as stored (UTF-8), in NFC. */
  readonly text: string;
}

export function readSeedReports(): readonly SeedReport[] {
  return readdirSync(SEEDS)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, text: readFileSync(new URL(name, SEEDS), 'utf8').normalize('NFC') }));
}

/** The report's paragraphs (runs of text between blank lines) of at least `minLength` characters. */
export function paragraphsOf(text: string, minLength: number): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length >= minLength);
}
