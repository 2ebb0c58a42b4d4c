/**
 * `provstat shell`: an interactive SQL prompt over the warehouse views. Statements may span lines
 * and end with `;`; lines starting with `.` are commands (.tables, .schema, .format, .help, .quit).
 * Read from a pipe it runs the statements in order without prompts, like a script.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { CliError } from '../cli-error.js';
import { formatResultText, type OutputFormat } from '../result-output.js';
import { WAREHOUSE_VIEWS, WarehouseSession } from '../warehouse-session.js';

/** Lines of history kept for the arrow keys. */
const HISTORY_SIZE = 1000;
const TEXT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

const HELP = `Statements end with ";" and may span lines. Only SELECT (and EXPLAIN) runs: the warehouse is read-only.
Views: ${WAREHOUSE_VIEWS.join(', ')}.
.tables                  list the views
.schema [view]           columns and types of one view, or of every view
.format table|csv|json   how results are printed
.help                    this help
.quit                    leave (or Ctrl-D)
`;

export interface ShellOptions {
  readonly warehouse: string;
  readonly format: OutputFormat;
  readonly input?: Readable;
  readonly output?: Writable;
  readonly errors?: Writable;
  /** @default ~/.provstat_history */
  readonly historyFile?: string;
}

/** Runs the prompt until `.quit` or the end of input; returns how many statements failed. */
export async function runShell(options: ShellOptions): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const errors = options.errors ?? process.stderr;
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const historyFile = options.historyFile ?? join(homedir(), '.provstat_history');
  const session = await WarehouseSession.open(options.warehouse);
  const history = interactive ? await readHistory(historyFile) : [];
  const lines = createInterface({
    input,
    output,
    terminal: interactive,
    history,
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  let format: OutputFormat = TEXT_FORMATS.includes(options.format) ? options.format : 'table';
  let pending: string[] = [];
  let failures = 0;
  const prompt = (): void => {
    if (!interactive) return;
    lines.setPrompt(pending.length > 0 ? '     ...> ' : 'provstat> ');
    lines.prompt();
  };
  const say = (text: string): void => {
    output.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  const fail = (error: unknown): void => {
    failures++;
    errors.write(`provstat: ${error instanceof CliError || error instanceof Error ? error.message : String(error)}\n`);
  };

  if (interactive) say(`provstat shell over ${options.warehouse}: .help for help, .quit to leave`);
  prompt();
  try {
    for await (const line of lines) {
      if (pending.length === 0 && line.trim().startsWith('.')) {
        await remember(historyFile, line.trim(), interactive);
        const [command = '', ...args] = line.trim().split(/\s+/);
        if (command === '.quit' || command === '.exit') break;
        try {
          if (command === '.help') say(HELP);
          else if (command === '.tables') say(WAREHOUSE_VIEWS.join('\n'));
          else if (command === '.schema') {
            for (const view of args.length > 0 ? args : WAREHOUSE_VIEWS)
              say(formatResultText(await session.describe(view), { format, title: view }));
          } else if (command === '.format') {
            const wanted = args[0] as OutputFormat | undefined;
            if (!wanted || !TEXT_FORMATS.includes(wanted))
              throw new Error(`.format takes one of ${TEXT_FORMATS.join(', ')}`);
            format = wanted;
          } else throw new Error(`unknown command ${command}; .help lists the commands`);
        } catch (error) {
          fail(error);
        }
      } else if (line.trim() !== '' || pending.length > 0) {
        pending.push(line);
        const statement = pending.join('\n').trim();
        if (statement.endsWith(';')) {
          pending = [];
          await remember(historyFile, statement.replace(/\s*\n\s*/g, ' '), interactive);
          try {
            say(formatResultText(await session.run(statement.replace(/;\s*$/, '')), { format }));
          } catch (error) {
            fail(error);
          }
        }
      }
      prompt();
    }
    if (pending.join('').trim() !== '')
      errors.write('provstat: the last statement has no closing ";" and was not run\n');
  } finally {
    lines.close();
    session.close();
  }
  return failures;
}

/** The history file's lines, newest first, as readline wants them. */
async function readHistory(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .reverse()
      .slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

/** Appends an entered line to the history file; only at a terminal, so a piped script leaves no trace. */
async function remember(file: string, entry: string, interactive: boolean): Promise<void> {
  if (!interactive) return;
  await appendFile(file, `${entry}\n`).catch(() => undefined);
}
