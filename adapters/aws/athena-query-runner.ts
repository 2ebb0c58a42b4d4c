/**
 * Runs query files on Athena: started with their parameters bound (as execution parameters), polled
 * with backoff until done or past a deadline (then stopped), results read page by page and typed
 * exactly as the DuckDB runner types them, so a report renders the same from either engine. Each API
 * call is retried by the SDK's own strategy (athena-client.ts); what is left after it is one error.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import type { QueryFile } from '../../pipelines/query/query-file.js';
import type { QueryResult, QueryRunner } from '../../pipelines/query/query-runner.js';
import type { ResultRow } from '../../pipelines/query/query-runner.js';
import { athenaClientConfig } from './athena-client.js';
import { AthenaQueryError } from './errors.js';
import { duckDbTypeName, readAthenaValue, toAthenaLiteral } from './athena-values.js';
import { describeAwsError } from './s3-warehouse-storage.js';

export interface AthenaQueryRunnerOptions {
  /** @default a client for the region and credentials of the environment */
  readonly client?: AthenaClient;
  readonly workGroup: string;
  /** The Glue database holding the warehouse views. */
  readonly database: string;
  /** @default 'AwsDataCatalog' */
  readonly catalog?: string;
  /** Where results go, unless the workgroup enforces its own. @default the workgroup's */
  readonly outputLocation?: string;
  /** First wait between status checks. @default 250 */
  readonly pollIntervalMs?: number;
  /** Longest wait between status checks (each wait doubles up to it). @default 5000 */
  readonly maxPollIntervalMs?: number;
  /** How long a query may take, queueing included, before it is stopped. @default 600000 (10 minutes) */
  readonly deadlineMs?: number;
  /**
   * A time (epoch milliseconds) by which any query still running is stopped and none is started,
   * whatever `deadlineMs` allows: a Lambda function's own end, less a margin to stop the query.
   * @default none
   */
  readonly stopBy?: number;
  /** Rows asked for per result page (Athena allows up to 1000). @default 1000 */
  readonly pageSize?: number;
}

const TERMINAL_STATES = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export class AthenaQueryRunner implements QueryRunner {
  readonly engine = 'athena';
  private readonly client: AthenaClient;
  private readonly ownsClient: boolean;
  private readonly options: Required<Omit<AthenaQueryRunnerOptions, 'client' | 'outputLocation' | 'stopBy'>> & {
    outputLocation: string | undefined;
    stopBy: number;
  };

  constructor(options: AthenaQueryRunnerOptions) {
    this.client = options.client ?? new AthenaClient(athenaClientConfig());
    this.ownsClient = options.client === undefined;
    this.options = {
      workGroup: options.workGroup,
      database: options.database,
      catalog: options.catalog ?? 'AwsDataCatalog',
      outputLocation: options.outputLocation,
      pollIntervalMs: options.pollIntervalMs ?? 250,
      maxPollIntervalMs: options.maxPollIntervalMs ?? 5000,
      deadlineMs: options.deadlineMs ?? 600_000,
      stopBy: options.stopBy ?? Number.POSITIVE_INFINITY,
      pageSize: options.pageSize ?? 1000,
    };
  }

  async run(query: QueryFile, values: readonly string[]): Promise<QueryResult> {
    let parameters: string[];
    try {
      parameters = values.map(toAthenaLiteral);
    } catch (error) {
      throw new AthenaQueryError(
        `cannot run the query ${query.name} on Athena: ${(error as Error).message}`,
        'parameters',
        query.name,
        undefined,
        { cause: error },
      );
    }
    const now = Date.now();
    const deadline = Math.min(now + this.options.deadlineMs, this.options.stopBy);
    if (deadline <= now) {
      const message = `the Athena query ${query.name} was not started: no time is left to run it`;
      throw new AthenaQueryError(message, 'timeout', query.name, undefined);
    }
    const id = await this.start(query, parameters);
    const execution = await this.waitUntilDone(query.name, id, deadline, deadline - now);
    return this.readResults(query.name, id, execution.StatementType);
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  private async start(query: QueryFile, parameters: readonly string[]): Promise<string> {
    try {
      const started = await this.client.send(
        new StartQueryExecutionCommand({
          QueryString: query.sql,
          QueryExecutionContext: { Database: this.options.database, Catalog: this.options.catalog },
          WorkGroup: this.options.workGroup,
          ...(parameters.length > 0 ? { ExecutionParameters: [...parameters] } : {}),
          ...(this.options.outputLocation
            ? { ResultConfiguration: { OutputLocation: this.options.outputLocation } }
            : {}),
        }),
      );
      if (!started.QueryExecutionId) throw new Error('Athena returned no query execution id');
      return started.QueryExecutionId;
    } catch (error) {
      const message = `Athena did not start the query ${query.name}: ${describeAthenaError(error)}`;
      throw new AthenaQueryError(message, kindOf(error), query.name, undefined, { cause: error });
    }
  }

  /**
   * Polls with a doubling wait until the query ends; past the deadline, or when Athena cannot be
   * asked any more, stops it (so no query outlives its caller) and throws.
   */
  private async waitUntilDone(name: string, id: string, deadline: number, allowedMs: number): Promise<QueryExecution> {
    let wait = this.options.pollIntervalMs;
    for (;;) {
      const check = () => this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const stopThenFail = async (error: unknown): Promise<never> => {
        await this.stop(id);
        throw error;
      };
      const { QueryExecution: execution } = await this.call(name, id, 'check on', check).catch(stopThenFail);
      const state = execution?.Status?.State;
      if (execution && state && TERMINAL_STATES.has(state)) {
        if (state === 'SUCCEEDED') return execution;
        const reason =
          execution.Status?.StateChangeReason ?? execution.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
        if (state === 'CANCELLED')
          throw new AthenaQueryError(`the Athena query ${name} was cancelled: ${reason}`, 'cancelled', name, id);
        throw new AthenaQueryError(`the Athena query ${name} failed: ${reason}`, 'failed', name, id);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        await this.stop(id);
        const message =
          `the Athena query ${name} did not finish within ${formatDuration(allowedMs)} ` +
          `(last state ${state ?? 'unknown'}); it was stopped`;
        throw new AthenaQueryError(message, 'timeout', name, id);
      }
      await sleep(Math.min(wait, remaining));
      wait = Math.min(wait * 2, this.options.maxPollIntervalMs);
    }
  }

  /** Asks Athena to stop a query; the caller is already failing, so a refusal is not a second error. */
  private async stop(id: string): Promise<void> {
    await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
  }

  /** An Athena API call whose failure (after the SDK's own retries) becomes one clear error. */
  private async call<T>(name: string, id: string, action: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const message = `cannot ${action} the Athena query ${name}: ${describeAthenaError(error)}`;
      throw new AthenaQueryError(message, kindOf(error), name, id, { cause: error });
    }
  }

  private async readResults(name: string, id: string, statementType: string | undefined): Promise<QueryResult> {
    let columns: string[] = [];
    let types: string[] = [];
    const rows: ResultRow[] = [];
    let nextToken: string | undefined;
    let firstPage = true;
    do {
      const page = await this.call(name, id, 'read the results of', () =>
        this.client.send(
          new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: this.options.pageSize, NextToken: nextToken }),
        ),
      );
      let pageRows = page.ResultSet?.Rows ?? [];
      if (firstPage) {
        const info: ColumnInfo[] = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
        columns = info.map((column) => column.Name ?? '');
        types = info.map((column) => duckDbTypeName(column.Type ?? 'varchar', column.Precision, column.Scale));
        // A SELECT's first page starts with a row of column names.
        if (statementType === 'DML' || statementType === undefined) {
          const header = pageRows[0]?.Data?.map((datum) => datum.VarCharValue) ?? [];
          if (header.length !== columns.length || header.some((value, index) => value !== columns[index])) {
            throw new AthenaQueryError(
              `the Athena query ${name} returned results without the expected header row`,
              'results',
              name,
              id,
            );
          }
          pageRows = pageRows.slice(1);
        }
        firstPage = false;
      }
      for (const row of pageRows) {
        const data = row.Data ?? [];
        const record: ResultRow = {};
        columns.forEach((column, index) => {
          try {
            record[column] = readAthenaValue(data[index]?.VarCharValue, types[index] ?? 'VARCHAR');
          } catch (error) {
            throw new AthenaQueryError(
              `the Athena query ${name} returned an unreadable value in ${column}: ${(error as Error).message}`,
              'results',
              name,
              id,
              { cause: error },
            );
          }
        });
        rows.push(record);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return { columns, types, rows };
  }
}

/** Athena's throttling answers, which the SDK's retry strategy retries before giving up. */
const THROTTLING_ERRORS = new Set(['ThrottlingException', 'TooManyRequestsException']);

function isThrottling(error: unknown): boolean {
  return error instanceof Error && THROTTLING_ERRORS.has(error.name);
}

function kindOf(error: unknown): 'throttled' | 'failed' {
  return isThrottling(error) ? 'throttled' : 'failed';
}

/** An SDK error as a phrase, saying when the SDK's retries ran out on throttling. */
function describeAthenaError(error: unknown): string {
  const attempts = (error as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
  const described = describeAwsError(error);
  if (!isThrottling(error) || !attempts) return described;
  return `Athena was still throttling after ${attempts} attempts (${described})`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
