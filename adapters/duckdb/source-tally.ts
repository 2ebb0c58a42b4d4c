/**
 * What a source's write keeps count of as its rows are staged, for its manifest and summary: rows
 * per partition and table, the periods of its facts, and the first rejections a summary lists.
 */
import type { RejectionDraft } from '../../pipelines/facts/source-result.js';
import type { PartitionedTable } from '../../pipelines/warehouse/layout.js';
import type { Manifest } from '../../pipelines/warehouse/manifest.js';
import { REJECTIONS_KEPT } from '../../pipelines/warehouse/source-writer.js';
import type { AppendValue } from './duckdb-database.js';

export type PartitionCount = Manifest['partitions'][number];

export class SourceTally {
  /** Rows per partition, keyed `year|quarter|province`. */
  readonly partitions = new Map<string, PartitionCount>();
  /** The first rejections, for the summary; the rest are only counted. */
  readonly kept: RejectionDraft[] = [];
  facts = 0;
  rejections = 0;
  private readonly periodSet = new Set<string>();

  /** Counts a staged fact row (`factRow`: year, quarter, province, period first). */
  fact(row: readonly AppendValue[]): void {
    this.facts++;
    this.count(row, 'facts');
    this.periodSet.add(row[3] as string);
  }

  /** Counts a staged rejection row (`rejectionRow`) and keeps the rejection if the summary lists it. */
  rejection(row: readonly AppendValue[], rejection: RejectionDraft): void {
    this.rejections++;
    this.count(row, 'rejections');
    if (this.kept.length < REJECTIONS_KEPT) this.kept.push(rejection);
  }

  /** Counts rows staged elsewhere (checked by the engine) in one partition. */
  countRows(table: PartitionedTable, partition: Omit<PartitionCount, 'facts' | 'rejections'>, rows: number): void {
    if (table === 'facts') this.facts += rows;
    else this.rejections += rows;
    const id = `${partition.year}|${partition.quarter}|${partition.province}`;
    const entry = this.partitions.get(id) ?? { ...partition, facts: 0, rejections: 0 };
    entry[table] += rows;
    this.partitions.set(id, entry);
  }

  /** Adds periods of facts staged elsewhere. */
  addPeriods(periods: readonly string[]): void {
    for (const period of periods) this.periodSet.add(period);
  }

  /** Keeps a rejection counted with `countRows`, if the summary still lists more. */
  keep(rejection: RejectionDraft): void {
    if (this.kept.length < REJECTIONS_KEPT) this.kept.push(rejection);
  }

  /** The periods the facts are for, sorted. */
  get periods(): string[] {
    return [...this.periodSet].sort();
  }

  get rejectionsOmitted(): number {
    return this.rejections - this.kept.length;
  }

  private count(row: readonly AppendValue[], table: PartitionedTable): void {
    const [year, quarter, province] = row as [number, number, string];
    const id = `${year}|${quarter}|${province}`;
    const entry = this.partitions.get(id);
    if (entry) entry[table]++;
    else
      this.partitions.set(id, {
        year,
        quarter,
        province,
        facts: table === 'facts' ? 1 : 0,
        rejections: table === 'rejections' ? 1 : 0,
      });
  }
}
