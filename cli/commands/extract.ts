/** `provstat extract FILE`: the facts a text report (.txt, .docx, .pdf, .html) yields, each with its sentence. */
import { readFile } from 'node:fs/promises';
import { documentKindOf, readDocument } from '../../pipelines/documents/read-document.js';
import { extractFacts, type ExtractedFact } from '../../pipelines/extract/extract-facts.js';
import { CliError, usageError } from '../cli-error.js';
import { renderTable, wrapText } from '../output.js';

/** Extracts the facts of a report file, read as ingest reads it (any other name is read as plain text). */
export async function extractFile(path: string): Promise<{ text: string } & ReturnType<typeof extractFacts>> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw usageError(`no such file: ${path}`);
    throw new CliError(`cannot read ${path}: ${error.message}`, 1, { cause: error });
  });
  const reading = await readDocument(new Uint8Array(bytes), documentKindOf(path) ?? 'txt');
  if (!reading.ok) throw usageError(`${path}: ${reading.reason}`);
  return { text: reading.text, ...extractFacts(reading.text) };
}

/** The JSON the architecture contract specifies, with each fact's scope and time span after its offsets. */
export function formatExtractionJson(facts: readonly ExtractedFact[]): string {
  const shaped = facts.map((fact) => ({
    metric: fact.metric,
    value: fact.value,
    denominator: fact.denominator,
    unit: fact.unit,
    approx: fact.approx,
    evidence: fact.evidence,
    span: fact.span,
    scope: fact.scope,
    time_span: fact.timeSpan,
    time_span_text: fact.timeSpanText,
  }));
  return `${JSON.stringify({ facts: shaped }, null, 2)}\n`;
}

/**
 * A readable table; the number is marked in its sentence (inverse video on a terminal, «» otherwise).
 * `width` keeps it within a terminal's width (see `renderTable`).
 */
export function formatExtractionTable(
  text: string,
  facts: readonly ExtractedFact[],
  colour: boolean,
  width?: number,
): string {
  const rows = facts.map((fact) => {
    const [sentenceStart, sentenceEnd] = fact.evidenceSpan;
    const [start, end] = fact.span;
    const number = text.slice(start, end);
    const marked = colour ? `\u001b[7m${number}\u001b[27m` : `«${number}»`;
    const sentence = `${text.slice(sentenceStart, start)}${marked}${text.slice(end, sentenceEnd)}`
      .replace(/\s+/g, ' ')
      .trim();
    const value = fact.denominator === null ? fact.value : `${fact.value}/${fact.denominator}`;
    const scope = fact.timeSpan ? `${fact.scope} ${fact.timeSpan}` : fact.scope;
    // Without a width to fit, sentences are broken at 60 characters; with one, the table wraps them.
    const evidence = width === undefined ? wrapText(sentence, 60) : sentence;
    return [fact.metric, value, fact.unit, fact.approx ? 'yes' : '', scope, evidence];
  });
  return `${renderTable(['metric', 'value', 'unit', 'approx', 'scope', 'evidence'], rows, { width })}\n${facts.length} facts\n`;
}
