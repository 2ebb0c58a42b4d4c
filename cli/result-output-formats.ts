/**
 * The output formats of commands that print a result, and the checks made before any work: kept
 * apart from the writers so the command line can describe them without loading those.
 */
import { usageError } from './cli-error.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'json', 'xlsx'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Refuses combinations that cannot be written. */
export function checkOutputOptions(
  options: { readonly format: OutputFormat; readonly bom?: boolean | undefined; readonly out?: string | undefined },
  stdoutIsTerminal: boolean = Boolean(process.stdout.isTTY),
): void {
  if (options.bom && options.format !== 'csv') throw usageError('--bom applies to --format csv only');
  if (options.format === 'xlsx' && !options.out && stdoutIsTerminal) {
    throw usageError('--format xlsx writes a binary workbook: give --out FILE, or redirect stdout to a file');
  }
}
