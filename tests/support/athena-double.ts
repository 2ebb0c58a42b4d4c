/**
 * A faithful double of Amazon Athena for tests: a loopback HTTP server speaking Athena's JSON 1.1
 * protocol (`X-Amz-Target: AmazonAthena.<Operation>`), so the real AthenaClient talks to it. It
 * runs each query with DuckDB over a local warehouse, after turning the literal ExecutionParameters
 * back into bound values, and answers as Athena does: Status states, ResultSet pages with the
 * header row first, VarCharValue strings, lower-case ColumnInfo types, NextToken pagination.
 * States can be scripted per query: QUEUED/RUNNING for N polls, FAILED, CANCELLED, never finishing;
 * and any operation can be throttled N times (ThrottlingException or TooManyRequestsException).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AthenaClient } from '@aws-sdk/client-athena';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { athenaClientConfig, ATHENA_MAX_ATTEMPTS } from '../../adapters/aws/athena-client.js';
import { countPlaceholders } from '../../pipelines/query/query-file.js';
import { DuckDbDatabase } from '../../adapters/duckdb/duckdb-database.js';
import type { QueryResult, ResultValue, SqlValue } from '../../pipelines/query/query-runner.js';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import { createWarehouseViews } from '../../adapters/duckdb/warehouse-views.js';

/** How the next started query behaves. */
export interface AthenaScript {
  /** Status checks answered QUEUED first. @default 0 */
  readonly queuedPolls?: number;
  /** Then status checks answered RUNNING. @default 0 */
  readonly runningPolls?: number;
  /** How it ends: as the SQL does on DuckDB, FAILED or CANCELLED with a reason, or never. @default 'RUN' */
  readonly outcome?: 'RUN' | 'NEVER' | { readonly state: 'FAILED' | 'CANCELLED'; readonly reason: string };
}

/** Throttles the next calls of an operation, as Athena does past its API rate or query limits. */
export interface AthenaThrottle {
  readonly operation: 'StartQueryExecution' | 'GetQueryExecution' | 'GetQueryResults' | 'StopQueryExecution';
  /** How many calls in a row are refused. */
  readonly times: number;
  /** @default 'ThrottlingException' */
  readonly error?: 'ThrottlingException' | 'TooManyRequestsException';
}

export interface AthenaExecution {
  readonly id: string;
  readonly query: string;
  readonly workGroup: string;
  readonly database: string;
  readonly catalog: string;
  readonly executionParameters: readonly string[];
  readonly outputLocation: string | undefined;
  /** The values DuckDB bound for the `?` placeholders, read back from the literals. */
  readonly boundValues: readonly SqlValue[];
  polls: number;
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  reason: string | undefined;
  stopped: boolean;
  result: QueryResult | undefined;
}

export interface AthenaRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  /** Refused with a throttling error. */
  readonly throttled: boolean;
}

export interface AthenaDouble {
  readonly endpoint: string;
  /** The environment that points an AthenaClient built from the environment at this double. */
  readonly environment: Record<string, string>;
  /**
   * A real AthenaClient pointed at the double, configured as the functions configure theirs; with
   * `quickRetries` (the default) the SDK's retries wait 1 ms instead of its backoff.
   */
  client(options?: { readonly quickRetries?: boolean }): AthenaClient;
  /** Queues scripts for the next started queries, in order; unscripted queries just run. */
  script(...scripts: AthenaScript[]): void;
  /** Throttles the next calls of operations. */
  throttle(...throttles: AthenaThrottle[]): void;
  readonly requests: AthenaRequest[];
  readonly executions: Map<string, AthenaExecution>;
  stop(): Promise<void>;
}

export interface AthenaDoubleOptions {
  /** The local warehouse folder the queries run over. */
  readonly warehouse: string;
  /** Largest page GetQueryResults returns, whatever MaxResults asks (small, to exercise pagination). @default 3 */
  readonly pageSize?: number;
  readonly workGroups?: readonly string[];
  readonly databases?: readonly string[];
}

const REGION = 'ap-southeast-1';

/** Starts the double on a free loopback port. */
export async function startAthenaDouble(options: AthenaDoubleOptions): Promise<AthenaDouble> {
  const pageSize = options.pageSize ?? 3;
  const workGroups = new Set(options.workGroups ?? ['primary', 'provstat']);
  const databases = new Set(options.databases ?? ['provstat']);
  const database = await DuckDbDatabase.open();
  await createWarehouseViews(database, new LocalWarehouseStorage(options.warehouse));
  const scripts: AthenaScript[] = [];
  const throttles: AthenaThrottle[] = [];
  const requests: AthenaRequest[] = [];
  const executions = new Map<string, AthenaExecution>();
  const outcomes = new Map<string, Promise<void>>();
  const clients: AthenaClient[] = [];
  // One DuckDB connection: queries run one after another, as they arrive.
  let queue: Promise<unknown> = Promise.resolve();
  const runOnDuckDb = (sql: string, values: readonly SqlValue[]): Promise<QueryResult> => {
    const next = queue.then(() => database.query(sql, values));
    queue = next.catch(() => undefined);
    return next;
  };

  const operations: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    async StartQueryExecution(body) {
      const query = requireString(body.QueryString, 'QueryString');
      const context = (body.QueryExecutionContext ?? {}) as { Database?: string; Catalog?: string };
      const workGroup = typeof body.WorkGroup === 'string' ? body.WorkGroup : 'primary';
      if (!workGroups.has(workGroup))
        throw new AthenaFault('InvalidRequestException', `WorkGroup ${workGroup} is not found.`);
      const databaseName = context.Database ?? 'default';
      if (!databases.has(databaseName))
        throw new AthenaFault('InvalidRequestException', `Database ${databaseName} does not exist.`);
      const parameters = Array.isArray(body.ExecutionParameters)
        ? (body.ExecutionParameters as unknown[]).map((value) => requireString(value, 'ExecutionParameters'))
        : [];
      for (const parameter of parameters) {
        if (parameter.length < 1 || parameter.length > 1024)
          throw new AthenaFault(
            'InvalidRequestException',
            'ExecutionParameters members must have length between 1 and 1024.',
          );
      }
      const id = randomUUID();
      const script = scripts.shift() ?? {};
      const placeholders = countPlaceholders(query);
      const literals = parameters.map(readLiteral);
      const execution: AthenaExecution = {
        id,
        query,
        workGroup,
        database: databaseName,
        catalog: context.Catalog ?? 'AwsDataCatalog',
        executionParameters: parameters,
        outputLocation: (body.ResultConfiguration as { OutputLocation?: string } | undefined)?.OutputLocation,
        boundValues: literals.flatMap((literal) => (literal.ok ? [literal.value] : [])),
        polls: 0,
        state: 'QUEUED',
        reason: undefined,
        stopped: false,
        result: undefined,
      };
      executions.set(id, execution);
      const bad = literals.find((literal) => !literal.ok);
      const run = async (): Promise<void> => {
        if (placeholders !== parameters.length) {
          throw new Error(
            `SYNTAX_ERROR: line 1:1: Incorrect number of parameters: expected ${placeholders} but found ${parameters.length}`,
          );
        }
        if (bad && !bad.ok) throw new Error(bad.reason);
        execution.result = await runOnDuckDb(query, execution.boundValues);
      };
      const outcome = script.outcome ?? 'RUN';
      outcomes.set(
        id,
        (async () => {
          if (outcome === 'NEVER') return;
          if (outcome !== 'RUN') {
            execution.reason = outcome.reason;
            return;
          }
          try {
            await run();
          } catch (error) {
            execution.reason = (error as Error).message.split('\n')[0];
          }
        })(),
      );
      scheduled.set(id, { queued: script.queuedPolls ?? 0, running: script.runningPolls ?? 0, outcome });
      return { QueryExecutionId: id };
    },

    async GetQueryExecution(body) {
      const execution = findExecution(body.QueryExecutionId);
      if (!isTerminal(execution.state)) {
        const plan = scheduled.get(execution.id)!;
        execution.polls++;
        if (execution.polls <= plan.queued) execution.state = 'QUEUED';
        else if (execution.polls <= plan.queued + plan.running || plan.outcome === 'NEVER') execution.state = 'RUNNING';
        else {
          await outcomes.get(execution.id);
          if (plan.outcome === 'RUN') execution.state = execution.reason === undefined ? 'SUCCEEDED' : 'FAILED';
          else execution.state = plan.outcome.state;
        }
      }
      const now = Date.now() / 1000;
      return {
        QueryExecution: {
          QueryExecutionId: execution.id,
          Query: execution.query,
          StatementType: 'DML',
          ResultConfiguration: {
            OutputLocation: `${execution.outputLocation ?? 's3://provstat-athena-results'}/${execution.id}.csv`,
          },
          QueryExecutionContext: { Database: execution.database, Catalog: execution.catalog },
          Status: {
            State: execution.state,
            ...(execution.reason !== undefined && (execution.state === 'FAILED' || execution.state === 'CANCELLED')
              ? { StateChangeReason: execution.reason }
              : {}),
            ...(execution.state === 'FAILED'
              ? { AthenaError: { ErrorCategory: 2, ErrorType: 1000, Retryable: false, ErrorMessage: execution.reason } }
              : {}),
            SubmissionDateTime: now,
            ...(isTerminal(execution.state) ? { CompletionDateTime: now } : {}),
          },
          Statistics: { EngineExecutionTimeInMillis: 12, DataScannedInBytes: 2048, TotalExecutionTimeInMillis: 20 },
          WorkGroup: execution.workGroup,
          ExecutionParameters: execution.executionParameters,
        },
      };
    },

    async GetQueryResults(body) {
      const execution = findExecution(body.QueryExecutionId);
      if (execution.state !== 'SUCCEEDED' || !execution.result) {
        throw new AthenaFault(
          'InvalidRequestException',
          `Query has not yet finished. Current state: ${execution.state}`,
        );
      }
      const maxResults = typeof body.MaxResults === 'number' ? body.MaxResults : 1000;
      if (maxResults < 1 || maxResults > 1000)
        throw new AthenaFault('InvalidRequestException', 'MaxResults must be between 1 and 1000.');
      const { columns, types, rows } = execution.result;
      // The header row is row 0 of the whole result, so it takes a place on the first page.
      const all = [
        { Data: columns.map((column) => ({ VarCharValue: column })) },
        ...rows.map((row) => ({
          Data: columns.map((column, index) => formatDatum(row[column] ?? null, types[index] ?? 'VARCHAR')),
        })),
      ];
      const offset = typeof body.NextToken === 'string' ? readToken(body.NextToken, execution.id) : 0;
      const end = Math.min(all.length, offset + Math.min(maxResults, pageSize));
      return {
        UpdateCount: 0,
        ResultSet: {
          Rows: all.slice(offset, end),
          ResultSetMetadata: {
            ColumnInfo: columns.map((column, index) => columnInfo(column, types[index] ?? 'VARCHAR')),
          },
        },
        ...(end < all.length
          ? { NextToken: Buffer.from(JSON.stringify({ id: execution.id, offset: end })).toString('base64') }
          : {}),
      };
    },

    async StopQueryExecution(body) {
      const execution = findExecution(body.QueryExecutionId);
      execution.stopped = true;
      if (!isTerminal(execution.state)) {
        execution.state = 'CANCELLED';
        execution.reason = 'Query cancelled by user';
      }
      return {};
    },
  };
  const scheduled = new Map<
    string,
    { queued: number; running: number; outcome: NonNullable<AthenaScript['outcome']> }
  >();

  function findExecution(id: unknown): AthenaExecution {
    const execution = typeof id === 'string' ? executions.get(id) : undefined;
    if (!execution) throw new AthenaFault('InvalidRequestException', `QueryExecution ${String(id)} was not found`);
    return execution;
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = request.headers['x-amz-target'];
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
      response.end(JSON.stringify(payload));
    };
    try {
      if (request.method !== 'POST' || typeof target !== 'string' || !target.startsWith('AmazonAthena.')) {
        throw new AthenaFault(
          'UnknownOperationException',
          'requests are POST / with X-Amz-Target: AmazonAthena.<Operation>',
          404,
        );
      }
      if (!String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        throw new AthenaFault('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
      }
      const operation = target.slice('AmazonAthena.'.length);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const throttle = throttles.find((entry) => entry.operation === operation && entry.times > 0);
      requests.push({ operation, body, throttled: throttle !== undefined });
      if (throttle) {
        (throttle as { times: number }).times--;
        if (throttle.error === 'TooManyRequestsException') {
          const message = 'You have exceeded the limit for the number of queries you can run concurrently.';
          throw new AthenaFault('TooManyRequestsException', message, 400, 'CONCURRENT_QUERY_LIMIT_EXCEEDED');
        }
        throw new AthenaFault('ThrottlingException', 'Rate exceeded', 400);
      }
      const implementation = operations[operation];
      if (!implementation)
        throw new AthenaFault('UnknownOperationException', `${operation} is not implemented by the double`);
      send(200, await implementation(body));
    } catch (error) {
      const fault =
        error instanceof AthenaFault
          ? error
          : new AthenaFault('InternalServerException', (error as Error).message, 500);
      const reason = fault.reason === undefined ? {} : { Reason: fault.reason };
      send(fault.status, { __type: fault.type, Message: fault.message, ...reason });
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    environment: {
      AWS_ENDPOINT_URL_ATHENA: endpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'ATHENADOUBLE',
      AWS_SECRET_ACCESS_KEY: 'ATHENADOUBLE',
    },
    client({ quickRetries = true } = {}) {
      const client = new AthenaClient(
        athenaClientConfig({
          endpoint,
          region: REGION,
          credentials: { accessKeyId: 'ATHENADOUBLE', secretAccessKey: 'ATHENADOUBLE' },
          ...(quickRetries ? { retryStrategy: new ConfiguredRetryStrategy(ATHENA_MAX_ATTEMPTS, 1) } : {}),
        }),
      );
      clients.push(client);
      return client;
    },
    script(...added) {
      scripts.push(...added);
    },
    throttle(...added) {
      throttles.push(...added.map((entry) => ({ ...entry })));
    },
    requests,
    executions,
    async stop() {
      clients.forEach((client) => client.destroy());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue;
      database.close();
    },
  };
}

class AthenaFault extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly reason?: string,
  ) {
    super(message);
  }
}

function isTerminal(state: AthenaExecution['state']): boolean {
  return state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '')
    throw new AthenaFault('InvalidRequestException', `${field} must be a non-empty string`);
  return value;
}

function readToken(token: string, id: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { id?: string; offset?: number };
    if (parsed.id === id && typeof parsed.offset === 'number') return parsed.offset;
  } catch {
    // fall through
  }
  throw new AthenaFault('InvalidRequestException', 'The NextToken is not valid for this query');
}

/** An execution parameter as Trino reads it: a SQL literal (string, number, boolean or NULL). */
function readLiteral(text: string): { ok: true; value: SqlValue } | { ok: false; reason: string } {
  const string = /^'((?:[^']|'')*)'$/s.exec(text);
  if (string) return { ok: true, value: (string[1] ?? '').replaceAll("''", "'") };
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return { ok: true, value: Number(text) };
  if (/^(true|false)$/i.test(text)) return { ok: true, value: text.toLowerCase() === 'true' };
  if (/^null$/i.test(text)) return { ok: true, value: null };
  // What Trino says when an unquoted word lands where a value was expected.
  return {
    ok: false,
    reason: `COLUMN_NOT_FOUND: line 1:1: Column '${text.toLowerCase()}' cannot be resolved or requester is not authorized to access requested resources`,
  };
}

/** Athena's type name for a DuckDB result type. */
function athenaType(duckDbType: string): { type: string; precision: number; scale: number } {
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckDbType);
  if (decimal) return { type: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) };
  switch (duckDbType) {
    case 'VARCHAR':
      return { type: 'varchar', precision: 2147483647, scale: 0 };
    case 'DOUBLE':
      return { type: 'double', precision: 17, scale: 0 };
    case 'FLOAT':
      return { type: 'real', precision: 17, scale: 0 };
    case 'BIGINT':
    case 'HUGEINT':
    case 'UBIGINT':
      return { type: 'bigint', precision: 19, scale: 0 };
    case 'INTEGER':
    case 'UINTEGER':
      return { type: 'integer', precision: 10, scale: 0 };
    case 'SMALLINT':
    case 'USMALLINT':
      return { type: 'smallint', precision: 5, scale: 0 };
    case 'TINYINT':
    case 'UTINYINT':
      return { type: 'tinyint', precision: 3, scale: 0 };
    case 'BOOLEAN':
      return { type: 'boolean', precision: 0, scale: 0 };
    case 'DATE':
      return { type: 'date', precision: 0, scale: 0 };
    case 'TIMESTAMP':
      return { type: 'timestamp', precision: 3, scale: 0 };
    case 'TIMESTAMP WITH TIME ZONE':
      return { type: 'timestamp with time zone', precision: 3, scale: 0 };
    default:
      return { type: 'varchar', precision: 2147483647, scale: 0 };
  }
}

function columnInfo(name: string, duckDbType: string) {
  const { type, precision, scale } = athenaType(duckDbType);
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: name,
    Label: name,
    Type: type,
    Precision: precision,
    Scale: scale,
    Nullable: 'UNKNOWN',
    CaseSensitive: type === 'varchar',
  };
}

/** A value as Athena writes it in a result: a string, or no VarCharValue at all for NULL. */
function formatDatum(value: ResultValue, duckDbType: string): { VarCharValue?: string } {
  if (value === null) return {};
  const { type, scale } = athenaType(duckDbType);
  switch (type) {
    case 'double':
    case 'real':
      return { VarCharValue: formatJavaDouble(Number(value)) };
    case 'decimal':
      return { VarCharValue: Number(value).toFixed(scale) };
    case 'timestamp':
      return { VarCharValue: String(value).replace('T', ' ').replace(/Z$/, '') };
    case 'timestamp with time zone':
      return { VarCharValue: `${String(value).replace('T', ' ').replace(/Z$/, '')} UTC` };
    default:
      return { VarCharValue: String(value) };
  }
}

/** A double as Java's Double.toString writes it, as Athena does: `16.0`, `273.5`, `4.18E8`, `1.0E-4`. */
export function formatJavaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const plain = String(value);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
