/** A progress bar on stderr, shown only on a terminal and only when there is enough work to watch. */
import cliProgress from 'cli-progress';

export interface Progress {
  advance(label: string): void;
  stop(): void;
}

const QUIET: Progress = { advance: () => {}, stop: () => {} };

/** A bar for `total` steps, or a silent stand-in when stderr is not a terminal or the work is small. */
export function startProgress(total: number, noun: string): Progress {
  if (!process.stderr.isTTY || total < 5) return QUIET;
  const bar = new cliProgress.SingleBar(
    {
      format: `{bar} {value}/{total} ${noun} | {eta_formatted} left | {label}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    advance: (label) => bar.increment(1, { label: label.length > 40 ? `…${label.slice(-39)}` : label }),
    stop: () => bar.stop(),
  };
}

/**
 * Says on stderr that the query cache is reading many Parquet files, which takes seconds (the first
 * query after a backfill); a refresh after a normal upload passes silently.
 */
export function announceCacheRefresh({
  files,
  folders,
  cachePath,
}: {
  files: number;
  folders: number;
  cachePath: string;
}): void {
  if (files < 1000) return;
  process.stderr.write(
    `provstat: reading ${files.toLocaleString('en')} Parquet files in ${folders.toLocaleString('en')} partition folders into the query cache ${cachePath}; later queries reuse it\n`,
  );
}
