/**
 * The Athena workgroup analysts and the rollup use (enforced settings: encrypted results in the
 * results bucket, a bytes-scanned cutoff, CloudWatch metrics, engine version 3), and every file in
 * queries/ saved in it as a named query.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { QueryFile } from '../../pipelines/query/query-file.js';
import { findQueryFolder, readQueryLibrary } from '../../pipelines/query/query-library.js';

/** Where the workgroup writes query results in the results bucket. */
export const QUERY_RESULTS_PREFIX = 'query-results/';
// Athena rejects a named query description over 1024 characters.
const MAX_DESCRIPTION_LENGTH = 1024;

export interface AthenaWorkgroupProps {
  readonly resultsBucket: s3.IBucket;
  /** The Glue database the named queries run in. */
  readonly databaseName: string;
  /**
   * Name of the workgroup.
   * @default 'provstat'
   */
  readonly workGroupName?: string;
  /**
   * A query scanning more than this is cancelled (Athena's minimum is 10 MB).
   * @default 1 GiB: the whole warehouse is a few megabytes; a query that scans a gigabyte is a mistake
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * The folder of query files.
   * @default queries/ of the repository
   */
  readonly queriesFolder?: string;
}

export class AthenaWorkgroup extends Construct {
  public readonly workGroupName: string;
  public readonly workGroup: athena.CfnWorkGroup;
  /** The named queries, by query name. */
  public readonly namedQueries = new Map<string, athena.CfnNamedQuery>();

  constructor(scope: Construct, id: string, props: AthenaWorkgroupProps) {
    super(scope, id);
    this.workGroupName = props.workGroupName ?? 'provstat';
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'provstat: queries over the Parquet warehouse',
      state: 'ENABLED',
      // Named queries and query history would otherwise block deleting the workgroup with the stack.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 1024 ** 3,
        requesterPaysEnabled: false,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/${QUERY_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
          expectedBucketOwner: Aws.ACCOUNT_ID,
        },
      },
    });

    for (const query of readQueryFiles(props.queriesFolder ?? findQueryFolder())) {
      const namedQuery = new athena.CfnNamedQuery(this, `Query-${query.name}`, {
        name: query.name,
        description: describeQuery(query).slice(0, MAX_DESCRIPTION_LENGTH),
        database: props.databaseName,
        workGroup: this.workGroup.ref,
        queryString: query.sql,
      });
      this.namedQueries.set(query.name, namedQuery);
    }
  }

  /** The workgroup's ARN. */
  get workGroupArn(): string {
    return Stack.of(this).formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName });
  }
}

/** Every `*.sql` file of a folder, read and checked as a query file; a malformed one stops the synth. */
export function readQueryFiles(folder: string): QueryFile[] {
  try {
    return [...readQueryLibrary(folder).values()];
  } catch (error) {
    throw new Error(
      `the queries cannot be deployed as named queries: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function describeQuery(query: QueryFile): string {
  const parameters = query.parameters.map((parameter) => `${parameter.name} (${parameter.description})`).join(', ');
  return parameters ? `${query.purpose} Parameters, in order: ${parameters}.` : query.purpose;
}
