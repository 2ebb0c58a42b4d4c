/**
 * Many small sources written by one DuckDB write per table. Their rows are staged side by side in
 * one file per table, each row with its source's number, and the write is partitioned by the Hive
 * partition and that number: every source still gets one Parquet file per partition, put in place
 * under its own key, and its own manifest after its files. A backfill of thousands of small files
 * then costs a few writes instead of one or two per file.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { FactDraft, RejectionDraft, SourceOutline } from '../../pipelines/facts/source-result.js';
import { forEachAtOnce } from '../../pipelines/ingest/at-once.js';
import { timeStageAsync } from '../../pipelines/ingest/stages.js';
import {
  PARTITION_NAMES,
  sourceFileKey,
  type Partition,
  type PartitionedTable,
} from '../../pipelines/warehouse/layout.js';
import { manifestKey, type Manifest } from '../../pipelines/warehouse/manifest.js';
import {
  bindingOf,
  buildManifest,
  type GroupingSourceWriter,
  type SourceGroup,
  type SourceProvenance,
  type SourceWrite,
  type WrittenSource,
} from '../../pipelines/warehouse/source-writer.js';
import { literalPath, quoteSqlIdentifier, quoteSqlString } from './duckdb-database.js';
import { SourceTally } from './source-tally.js';
import {
  CONSTANT_TYPES,
  CONSTANTS_ALIAS,
  constantsRecord,
  mergePieces,
  ParquetSourceWriter,
  PUTS_AT_ONCE,
  ROWS_ALIAS,
  selectDataColumns,
  type ParquetSourceWriterOptions,
  sourceConstants,
} from './parquet-source-writer.js';
import {
  FACT_STAGING_COLUMNS,
  factRow,
  GROUP_SOURCE,
  REJECTION_STAGING_COLUMNS,
  rejectionRow,
  ROW_NUMBER,
  RowFile,
} from './row-file.js';

/** The staged rows of a group, one file per table, opened with the group's scratch folder. */
interface GroupFiles {
  readonly scratch: string;
  readonly facts: RowFile;
  readonly rejections: RowFile;
}

/** A group of sources written together; see `SourceGroup`. */
export class ParquetSourceGroup implements SourceGroup {
  private files: Promise<GroupFiles> | undefined;
  private readonly members: GroupMember[] = [];
  private flushed = false;

  constructor(private readonly options: ParquetSourceWriterOptions) {}

  async open(provenance: SourceProvenance): Promise<SourceWrite> {
    if (this.flushed) throw new Error('a source was opened in a group that is already written');
    this.files ??= timeStageAsync(this.options.onStage, 'write', async () => {
      const scratch = await this.options.storage.createScratch();
      return {
        scratch,
        facts: new RowFile(join(scratch, 'facts.ndjson'), FACT_STAGING_COLUMNS),
        rejections: new RowFile(join(scratch, 'rejections.ndjson'), REJECTION_STAGING_COLUMNS),
      };
    });
    const files = await this.files;
    // Numbered after the wait: sources opened at the same time get numbers of their own.
    const member = new GroupMember(provenance, this.members.length, files);
    this.members.push(member);
    return member;
  }

  async flush(): Promise<void> {
    if (this.flushed) throw new Error('a group of sources is written once');
    this.flushed = true;
    if (!this.files) return;
    const files = await this.files;
    const committed = this.members.filter((member) => member.committed);
    try {
      files.facts.close();
      files.rejections.close();
      if (committed.length === 0) return;
      const keys = await timeStageAsync(this.options.onStage, 'write', async () => {
        const constants = writeGroupConstants(files.scratch, committed);
        const written = new Map<number, string[]>();
        for (const table of ['facts', 'rejections'] as const) {
          const rows = table === 'facts' ? files.facts : files.rejections;
          if (!committed.some((member) => member.rows(table) > 0)) continue;
          for (const [number, key] of await this.writeTable(table, rows, constants, files.scratch, committed))
            written.set(number, [...(written.get(number) ?? []), key]);
        }
        return written;
      });
      // Each source is committed on its own: its manifest, written after all of its files (a few
      // manifests at once, each on its own).
      await forEachAtOnce(committed, PUTS_AT_ONCE, async (member) => {
        try {
          const manifest = member.manifest(keys.get(member.number) ?? []);
          const key = manifestKey(member.provenance.sha256, bindingOf(member.provenance));
          // One line: Athena's JSON SerDe reads one record per line.
          await timeStageAsync(this.options.onStage, 'commit', () =>
            this.options.storage.putText(key, `${JSON.stringify(manifest)}\n`),
          );
          member.settle({ manifest });
        } catch (error) {
          member.settle({ error });
        }
      });
    } catch (error) {
      for (const member of committed) member.settle({ error });
    } finally {
      await this.options.storage.releaseScratch(files.scratch);
    }
  }

  /**
   * One partitioned write of a table's rows for every committed source; returns each file's
   * source number and key, the file put in place under it. Rows of a source left out (aborted)
   * find no constants row and are not written.
   */
  private async writeTable(
    table: PartitionedTable,
    rows: RowFile,
    constants: string,
    scratch: string,
    committed: readonly GroupMember[],
  ): Promise<[number, string][]> {
    const { database, storage } = this.options;
    const folder = join(scratch, table);
    const partitions = [...PARTITION_NAMES, GROUP_SOURCE].map((name) => quoteSqlIdentifier(name));
    const staged = quoteSqlIdentifier(ROWS_ALIAS);
    const constantsAlias = quoteSqlIdentifier(CONSTANTS_ALIAS);
    const source = quoteSqlIdentifier(GROUP_SOURCE);
    const columns = [...partitions.map((name) => `${staged}.${name} AS ${name}`), selectDataColumns(table)].join(', ');
    const from =
      `${rows.source({ grouped: true })} ${staged} JOIN ${readGroupConstants(constants)} ` +
      `ON ${staged}.${source} = ${constantsAlias}.${source}`;
    const written = await database.copyReturningFiles(
      `COPY (SELECT ${columns} FROM ${from} ORDER BY ${partitions.join(', ')}, ${quoteSqlIdentifier(ROW_NUMBER)}) ` +
        `TO ${quoteSqlString(folder)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (${partitions.join(', ')}), ` +
        `FILENAME_PATTERN 'part-{i}', RETURN_FILES true)`,
    );
    const members = new Map(committed.map((member) => [member.number, member]));
    const piecesByFolder = new Map<string, string[]>();
    for (const path of written) piecesByFolder.set(dirname(path), [...(piecesByFolder.get(dirname(path)) ?? []), path]);
    const files: { number: number; key: string; path: string }[] = [];
    for (const [partitionFolder, pieces] of piecesByFolder) {
      const { partition, number } = partitionOfFolder(relative(folder, partitionFolder));
      const member = members.get(number);
      if (!member) throw new Error(`DuckDB wrote rows of a source not in the group (number ${number})`);
      const path =
        pieces.length === 1 ? pieces[0]! : await mergePieces(database, pieces.sort(), join(partitionFolder, 'merged'));
      const key = sourceFileKey(table, partition, member.provenance.sha256, bindingOf(member.provenance));
      files.push({ number, key, path });
    }
    // Put in place a few at once: no manifest is written before every file of the group is.
    await forEachAtOnce(files, PUTS_AT_ONCE, ({ key, path }) => storage.putFile(key, path));
    return files.map(({ number, key }): [number, string] => [number, key]);
  }
}

/** The group's constants: one JSON row per committed source, with its number. */
function writeGroupConstants(scratch: string, committed: readonly GroupMember[]): string {
  const path = join(scratch, 'sources.ndjson');
  const lines = committed.map((member) => JSON.stringify({ [GROUP_SOURCE]: member.number, ...member.constants() }));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function readGroupConstants(path: string): string {
  const types = `${quoteSqlString(GROUP_SOURCE)}: 'INTEGER', ${CONSTANT_TYPES}`;
  const options = `format = 'newline_delimited', columns = {${types}}`;
  return `read_json(${quoteSqlString(literalPath(path))}, ${options}) ${quoteSqlIdentifier(CONSTANTS_ALIAS)}`;
}

/**
 * The partition and source number a folder of the group's write names:
 * `year=2024/quarter=3/province=VN-22/group_source=7`.
 */
function partitionOfFolder(path: string): { partition: Partition; number: number } {
  const values = new Map(path.split(sep).map((segment) => segment.split('=', 2) as [string, string]));
  const year = Number(values.get('year'));
  const quarter = Number(values.get('quarter'));
  const province = values.get('province');
  const number = Number(values.get(GROUP_SOURCE));
  if (!Number.isInteger(year) || !Number.isInteger(quarter) || !Number.isInteger(number) || province === undefined)
    throw new Error(`DuckDB wrote to an unexpected folder ${path}`);
  return { partition: { year, quarter, province }, number };
}

type Outcome = { readonly manifest: Manifest } | { readonly error: unknown };

/** One source of a group: its rows go to the group's files; its commit waits for the group's write. */
class GroupMember implements SourceWrite {
  private readonly tally = new SourceTally();
  private state: 'open' | 'committed' | 'aborted' = 'open';
  private outline: Omit<SourceOutline, 'rejections'> | undefined;
  private resolve!: (written: WrittenSource) => void;
  private reject!: (error: unknown) => void;
  private readonly done = new Promise<WrittenSource>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });

  constructor(
    readonly provenance: SourceProvenance,
    readonly number: number,
    private readonly files: GroupFiles,
  ) {}

  get committed(): boolean {
    return this.state === 'committed';
  }

  rows(table: PartitionedTable): number {
    return table === 'facts' ? this.tally.facts : this.tally.rejections;
  }

  addFact(fact: FactDraft): void {
    this.assertOpen();
    const row = factRow(fact);
    this.files.facts.append(row, this.number);
    this.tally.fact(row);
  }

  addRejection(rejection: RejectionDraft): void {
    this.assertOpen();
    const row = rejectionRow(rejection);
    this.files.rejections.append(row, this.number);
    this.tally.rejection(row, rejection);
  }

  commit(outline: Omit<SourceOutline, 'rejections'>): Promise<WrittenSource> {
    this.assertOpen();
    this.state = 'committed';
    this.outline = outline;
    return this.done;
  }

  async abort(): Promise<void> {
    if (this.state === 'open') this.state = 'aborted';
  }

  constants(): Record<string, string | number | null> {
    return constantsRecord(sourceConstants(this.provenance));
  }

  manifest(files: readonly string[]): Manifest {
    if (!this.outline) throw new Error('the manifest of a source that was not committed');
    return buildManifest(this.provenance, this.outline, {
      accepted: this.tally.facts,
      rejected: this.tally.rejections,
      partitions: [...this.tally.partitions.values()],
      files: [...files].sort(),
    });
  }

  /** Settles the source's commit once, with its manifest or the error that kept it out. */
  settle(outcome: Outcome): void {
    if ('error' in outcome) {
      this.reject(outcome.error);
      return;
    }
    this.resolve({
      manifest: outcome.manifest,
      rejections: this.tally.kept,
      rejected: outcome.manifest.rejected,
      rejectionsOmitted: this.tally.rejectionsOmitted,
      periods: this.tally.periods,
    });
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`rows or a commit for a source already ${this.state}`);
  }
}

/** The Parquet source writer that also writes groups of sources, each group in one write per table. */
export class GroupingParquetSourceWriter extends ParquetSourceWriter implements GroupingSourceWriter {
  constructor(private readonly groupOptions: ParquetSourceWriterOptions) {
    super(groupOptions);
  }

  openGroup(): SourceGroup {
    return new ParquetSourceGroup(this.groupOptions);
  }
}
