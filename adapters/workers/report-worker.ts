/**
 * The worker side of `ReportReaderPool`: reads one prose report with the same function ingest
 * runs in the main thread, so a report read here gives exactly the facts it would give there.
 */
import { readReportSource, type ReportLanding } from '../../pipelines/ingest/scan-source-content.js';
import type { SourceResult } from '../../pipelines/facts/source-result.js';

export interface ReportTask {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly landing: ReportLanding;
}

export default function readReportTask({ bytes, name, landing }: ReportTask): Promise<SourceResult> {
  return readReportSource(bytes, name, landing);
}
