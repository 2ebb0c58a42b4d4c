/**
 * The Glue catalog of the warehouse: a database, Parquet tables over the warehouse bucket (facts
 * and rejections with partition projection, the two reference tables) and, on top of them, Athena
 * views with the same names and columns as the DuckDB views.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { REFERENCE_TABLE_FOLDERS } from '../../pipelines/warehouse/layout.js';
import {
  FACT_COLUMNS,
  METRIC_COLUMNS,
  PARTITION_COLUMNS,
  PROVINCE_COLUMNS,
  REJECTION_COLUMNS,
  type TableColumn,
} from '../../pipelines/warehouse/table-columns.js';
import { VIEW_COLUMNS, VIEW_NAMES } from '../../pipelines/warehouse/views.js';
import { MANIFEST_FOLDER } from '../../pipelines/warehouse/manifest.js';
import {
  encodePrestoView,
  MANIFEST_TABLE,
  parquetTableOf,
  prestoViewDefinition,
  type ViewName,
} from '../catalog/athena-views.js';
import { glueColumnsOf } from '../catalog/glue-columns.js';
import { partitionProjectionParameters } from '../catalog/partition-projection.js';

export { REFERENCE_TABLE_FOLDERS };

const PARQUET_STORAGE = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
};

export interface WarehouseCatalogProps {
  readonly warehouseBucket: s3.IBucket;
  /**
   * Name of the Glue database (Athena's schema); views refer to it by name.
   * @default 'provstat'
   */
  readonly databaseName?: string;
  /**
   * The last year partition projection covers.
   * @default 2099, the last year a period may name
   */
  readonly lastProjectedYear?: number;
}

export class WarehouseCatalog extends Construct {
  public readonly databaseName: string;
  public readonly database: glue.CfnDatabase;
  /** Every table and view, by name. */
  public readonly tables = new Map<string, glue.CfnTable>();

  constructor(scope: Construct, id: string, props: WarehouseCatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName ?? 'provstat';
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: this.databaseName,
        description: 'provstat warehouse: Parquet tables over the warehouse bucket and the views analysts query',
      },
    });
    const bucketUrl = `s3://${props.warehouseBucket.bucketName}/`;

    for (const table of ['facts', 'rejections'] as const) {
      const location = `${bucketUrl}${table}/`;
      this.addTable(parquetTableOf(table), {
        description: `Parquet files of the ${table} view, partitioned by year, quarter and province (projected)`,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          ...partitionProjectionParameters(location, { lastYear: props.lastProjectedYear }),
        },
        partitionKeys: glueColumnsOf(PARTITION_COLUMNS),
        storageDescriptor: {
          ...PARQUET_STORAGE,
          location,
          columns: glueColumnsOf(table === 'facts' ? FACT_COLUMNS : REJECTION_COLUMNS),
        },
      });
    }
    const referenceTables: [keyof typeof REFERENCE_TABLE_FOLDERS, readonly TableColumn[]][] = [
      ['provinces', PROVINCE_COLUMNS],
      ['metric_catalog', METRIC_COLUMNS],
    ];
    for (const [view, columns] of referenceTables) {
      this.addTable(parquetTableOf(view), {
        description: `Reference Parquet file of the ${view} view`,
        tableType: 'EXTERNAL_TABLE',
        parameters: { classification: 'parquet', EXTERNAL: 'TRUE' },
        storageDescriptor: {
          ...PARQUET_STORAGE,
          location: `${bucketUrl}${REFERENCE_TABLE_FOLDERS[view]}`,
          columns: glueColumnsOf(columns),
        },
      });
    }
    this.addTable(MANIFEST_TABLE, {
      description:
        'Manifests of the ingested sources, one JSON line each: the facts and rejections views show only the files they list',
      tableType: 'EXTERNAL_TABLE',
      parameters: { classification: 'json', EXTERNAL: 'TRUE' },
      storageDescriptor: {
        location: `${bucketUrl}${MANIFEST_FOLDER}`,
        inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        serdeInfo: {
          serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
          parameters: { 'ignore.malformed.json': 'true' },
        },
        columns: [
          { name: 'source_key', type: 'string' },
          { name: 'source_sha256', type: 'string' },
          { name: 'landing_province', type: 'string' },
          { name: 'landing_period', type: 'string' },
          { name: 'uploaded_at', type: 'string' },
          { name: 'files', type: 'array<string>' },
        ],
      },
    });
    for (const view of VIEW_NAMES) this.addView(view);
  }

  /** The ARN of a table or view of this database. */
  tableArn(name: string): string {
    return Stack.of(this).formatArn({
      service: 'glue',
      resource: 'table',
      resourceName: `${this.databaseName}/${name}`,
    });
  }

  /** The ARN of the database. */
  get databaseArn(): string {
    return Stack.of(this).formatArn({ service: 'glue', resource: 'database', resourceName: this.databaseName });
  }

  /** The ARN of the account's Glue catalog. */
  get catalogArn(): string {
    return Stack.of(this).formatArn({ service: 'glue', resource: 'catalog' });
  }

  /**
   * What a role needs for Athena to read this database on its behalf: the database, its tables and
   * their partitions (with the catalog, every Glue call's parent), and the `default` database,
   * which Athena's documentation requires every caller to reach through the Glue catalog.
   */
  readStatements(): iam.PolicyStatement[] {
    const tables = [...this.tables.keys()].map((name) => this.tableArn(name));
    return [
      new iam.PolicyStatement({
        sid: 'ReadCatalog',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
        resources: [this.catalogArn, this.databaseArn, ...tables],
      }),
      new iam.PolicyStatement({
        sid: 'AthenaDefaultDatabase',
        actions: ['glue:GetDatabase', 'glue:CreateDatabase'],
        resources: [
          this.catalogArn,
          Stack.of(this).formatArn({ service: 'glue', resource: 'database', resourceName: 'default' }),
        ],
      }),
    ];
  }

  private addView(view: ViewName): void {
    this.addTable(view, {
      description: `The ${view} view: the same name and columns as in DuckDB`,
      tableType: 'VIRTUAL_VIEW',
      parameters: { presto_view: 'true', comment: 'Presto View' },
      viewOriginalText: encodePrestoView(prestoViewDefinition(view, this.databaseName)),
      viewExpandedText: '/* Presto View */',
      partitionKeys: [],
      storageDescriptor: { columns: glueColumnsOf(VIEW_COLUMNS[view]), serdeInfo: {} },
    });
  }

  private addTable(name: string, input: Omit<glue.CfnTable.TableInputProperty, 'name'>): void {
    const table = new glue.CfnTable(this, pascalCase(name), {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.databaseName,
      tableInput: { name, ...input },
    });
    table.node.addDependency(this.database);
    // A view is checked against the tables it reads when Athena first runs it, not at creation; the
    // order still keeps deletion clean.
    for (const existing of this.tables.values())
      if (input.tableType === 'VIRTUAL_VIEW') table.node.addDependency(existing);
    this.tables.set(name, table);
  }
}

function pascalCase(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
