/**
 * The provstat stack: storage, ingestion, the Glue catalog and Athena workgroup, the quarterly
 * rollup and the provinces' access, wired together.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { FunctionName } from './bundling/function-code.js';
import { AlarmTopic } from './constructs/alarm-topic.js';
import { AthenaWorkgroup } from './constructs/athena-workgroup.js';
import { Ingestion } from './constructs/ingestion.js';
import { ProvinceAccess } from './constructs/province-access.js';
import { Rollup } from './constructs/rollup.js';
import { Storage } from './constructs/storage.js';
import { WarehouseCatalog } from './constructs/warehouse-catalog.js';

export interface ProvstatStackProps extends StackProps {
  /**
   * A name for this deployment, so that several can share an account and region: it goes into the
   * stack name and every fixed name (workgroup, Glue database).
   * @default none: the names `Provstat`, `provstat`
   */
  readonly stage?: string;
  /**
   * What happens to buckets and log groups when the stack is deleted.
   * @default RemovalPolicy.RETAIN (context `provstat:removeOnDelete=true` gives DESTROY)
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Who may assume the province upload roles.
   * @default the deploying account
   */
  readonly uploadPrincipal?: iam.IPrincipal;
  /**
   * Who may assume a given province's upload role, by ISO code, overriding `uploadPrincipal`.
   * @default none
   */
  readonly provinceUploadPrincipals?: Readonly<Record<string, iam.IPrincipal>>;
  /**
   * Who may assume the analyst role.
   * @default the deploying account
   */
  readonly analystPrincipal?: iam.IPrincipal;
  /**
   * An e-mail address subscribed to the alarms.
   * @default none
   */
  readonly alarmEmail?: string;
  /**
   * The rollup schedule expression.
   * @default 'cron(0 8 15 1,4,7,10 ? *)'
   */
  readonly rollupSchedule?: string;
  /**
   * The rollup schedule's time zone.
   * @default 'Asia/Ho_Chi_Minh'
   */
  readonly rollupTimeZone?: string;
  /**
   * Concurrency reserved for the ingest function; undefined reserves none for any function (the
   * rollup's one included), which an account still at the default limit of 10 needs.
   * @default 5
   */
  readonly ingestReservedConcurrency?: number;
  /**
   * Athena's bytes-scanned cutoff per query.
   * @default 1 GiB
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * The last year partition projection covers. Each projected partition can cost a query one S3
   * LIST when the query does not filter on year and quarter, so a nearer year makes such queries cheaper.
   * @default 2099, the last year a period may name
   */
  readonly lastProjectedYear?: number;
  /**
   * The functions' code, by name (tests pass stand-ins to synthesize without bundling).
   * @default each function bundled locally from functions/<name>.ts
   */
  readonly functionCode?: Partial<Record<FunctionName, lambda.Code>>;
}

/** `provstat`, or `provstat<separator><stage>` (Glue database names take `_`, workgroups `-`). */
function stagedName(stage: string | undefined, separator: '_' | '-'): string {
  return stage === undefined ? 'provstat' : `provstat${separator}${stage.replaceAll('-', separator)}`;
}

/** The stack's id (and CloudFormation stack name) for a stage. */
export function stackIdOf(stage: string | undefined): string {
  return stage === undefined ? 'Provstat' : `Provstat-${stage}`;
}

export class ProvstatStack extends Stack {
  public readonly storage: Storage;
  public readonly ingestion: Ingestion;
  public readonly catalog: WarehouseCatalog;
  public readonly workgroup: AthenaWorkgroup;
  public readonly rollup: Rollup;
  public readonly access: ProvinceAccess;
  public readonly alarms: AlarmTopic;

  constructor(scope: Construct, id: string, props: ProvstatStackProps = {}) {
    super(scope, id, {
      description: 'provstat: province uploads to a Parquet warehouse queried with Athena',
      ...props,
    });
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const reserveConcurrency = !('ingestReservedConcurrency' in props && props.ingestReservedConcurrency === undefined);

    this.storage = new Storage(this, 'Storage', { removalPolicy });
    const { rawBucket, warehouseBucket, reportsBucket, athenaResultsBucket } = this.storage;
    this.alarms = new AlarmTopic(this, 'Alarms', { email: props.alarmEmail });
    this.ingestion = new Ingestion(this, 'Ingestion', {
      rawBucket,
      warehouseBucket,
      alarms: this.alarms,
      code: props.functionCode?.ingest,
      removalPolicy,
      ...('ingestReservedConcurrency' in props ? { reservedConcurrency: props.ingestReservedConcurrency } : {}),
    });
    this.catalog = new WarehouseCatalog(this, 'Catalog', {
      warehouseBucket,
      lastProjectedYear: props.lastProjectedYear,
      databaseName: stagedName(props.stage, '_'),
    });
    this.workgroup = new AthenaWorkgroup(this, 'Athena', {
      resultsBucket: athenaResultsBucket,
      databaseName: this.catalog.databaseName,
      workGroupName: stagedName(props.stage, '-'),
      bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
    });
    for (const namedQuery of this.workgroup.namedQueries.values()) namedQuery.node.addDependency(this.catalog.database);
    this.rollup = new Rollup(this, 'Rollup', {
      warehouseBucket,
      reportsBucket,
      athenaResultsBucket,
      catalog: this.catalog,
      workgroup: this.workgroup,
      alarms: this.alarms,
      code: props.functionCode?.rollup,
      removalPolicy,
      schedule: props.rollupSchedule,
      timeZone: props.rollupTimeZone,
      reservedConcurrency: reserveConcurrency ? 1 : undefined,
    });
    this.access = new ProvinceAccess(this, 'Access', {
      rawBucket,
      warehouseBucket,
      reportsBucket,
      athenaResultsBucket,
      catalog: this.catalog,
      workgroup: this.workgroup,
      uploadPrincipal: props.uploadPrincipal,
      provinceUploadPrincipals: props.provinceUploadPrincipals,
      analystPrincipal: props.analystPrincipal,
    });

    new CfnOutput(this, 'RawBucketName', {
      description: 'Province uploads: incoming/<ISO>/<period>/<file>',
      value: rawBucket.bucketName,
    });
    new CfnOutput(this, 'WarehouseBucketName', {
      description: 'The Parquet warehouse',
      value: warehouseBucket.bucketName,
    });
    new CfnOutput(this, 'ReportsBucketName', {
      description: 'Rollup reports under reports/<period>/',
      value: reportsBucket.bucketName,
    });
    new CfnOutput(this, 'AthenaWorkGroupName', {
      description: 'Athena workgroup for analysts and the rollup',
      value: this.workgroup.workGroupName,
    });
    new CfnOutput(this, 'GlueDatabaseName', {
      description: 'Glue database (Athena schema) with the warehouse views',
      value: this.catalog.databaseName,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic every alarm notifies',
      value: this.alarms.topic.topicArn,
    });
  }
}
