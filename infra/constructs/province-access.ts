/**
 * Who may touch what from outside the pipeline: one upload role per current province, allowed only
 * to put objects under `incoming/<its ISO code>/` of the raw bucket and read its receipts under
 * `receipts/<its ISO code>/`, and a read-only analyst role for Athena, the warehouse and the reports.
 */
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { loadProvinceUnits } from '../../pipelines/reference/provinces.js';
import { bucketObjectsFinding } from '../nag-findings.js';
import { QUERY_RESULTS_PREFIX, type AthenaWorkgroup } from './athena-workgroup.js';
import { INCOMING_PREFIX, RECEIPTS_PREFIX } from './ingestion.js';
import { QUERIED_WAREHOUSE_PREFIXES, REPORTS_PREFIX } from './rollup.js';
import type { WarehouseCatalog } from './warehouse-catalog.js';

/** A current province: one of the 34 units in place since the 2025 merger. */
export interface CurrentProvince {
  readonly code: string;
  readonly name: string;
}

/** The current provinces from the reference data, by code. */
export function currentProvinces(): CurrentProvince[] {
  return loadProvinceUnits()
    .filter((unit) => unit.valid_to === null)
    .map((unit) => ({ code: unit.code, name: unit.name_ascii }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

export interface ProvinceAccessProps {
  readonly rawBucket: s3.IBucket;
  readonly warehouseBucket: s3.IBucket;
  readonly reportsBucket: s3.IBucket;
  readonly athenaResultsBucket: s3.IBucket;
  readonly catalog: WarehouseCatalog;
  readonly workgroup: AthenaWorkgroup;
  /**
   * Who may assume a province's upload role; a province missing here falls back to `uploadPrincipal`.
   * @default none
   */
  readonly provinceUploadPrincipals?: Readonly<Record<string, iam.IPrincipal>>;
  /**
   * Who may assume the upload roles of provinces not in `provinceUploadPrincipals`.
   * @default the deploying account (its administrators then decide who may call sts:AssumeRole on which role)
   */
  readonly uploadPrincipal?: iam.IPrincipal;
  /**
   * Who may assume the analyst role.
   * @default the deploying account
   */
  readonly analystPrincipal?: iam.IPrincipal;
}

export class ProvinceAccess extends Construct {
  /** Upload role by province ISO code. */
  public readonly uploadRoles = new Map<string, iam.Role>();
  public readonly analystRole: iam.Role;

  constructor(scope: Construct, id: string, props: ProvinceAccessProps) {
    super(scope, id);
    const known = new Set(currentProvinces().map((province) => province.code));
    for (const code of Object.keys(props.provinceUploadPrincipals ?? {})) {
      if (!known.has(code))
        throw new Error(`an upload principal is given for ${code}, which is not a current province`);
    }
    const defaultPrincipal = props.uploadPrincipal ?? new iam.AccountRootPrincipal();

    for (const province of currentProvinces()) {
      const role = new iam.Role(this, `Upload-${province.code}`, {
        assumedBy: props.provinceUploadPrincipals?.[province.code] ?? defaultPrincipal,
        description:
          `Uploads of ${province.name} (${province.code}): put objects under ` +
          `${INCOMING_PREFIX}${province.code}/ and read receipts under ${RECEIPTS_PREFIX}${province.code}/ ` +
          'of the raw bucket, nothing else',
        maxSessionDuration: Duration.hours(1),
        inlinePolicies: {
          upload: new iam.PolicyDocument({
            statements: [
              new iam.PolicyStatement({
                sid: 'UploadOwnFolder',
                actions: ['s3:PutObject'],
                resources: [props.rawBucket.arnForObjects(`${INCOMING_PREFIX}${province.code}/*`)],
              }),
              new iam.PolicyStatement({
                sid: 'ReadOwnReceipts',
                actions: ['s3:GetObject'],
                resources: [props.rawBucket.arnForObjects(`${RECEIPTS_PREFIX}${province.code}/*`)],
              }),
            ],
          }),
        },
      });
      Validations.of(role).acknowledge(
        {
          id: bucketObjectsFinding(props.rawBucket, `${INCOMING_PREFIX}${province.code}/*`),
          reason:
            "Uploads have free file names under the province's own folder; the role can only put objects there, " +
            'and cannot read them back, list or delete anything.',
        },
        {
          id: bucketObjectsFinding(props.rawBucket, `${RECEIPTS_PREFIX}${province.code}/*`),
          reason:
            "Receipts are named after the province's own upload keys; the role may read them, under its own " +
            'code only, and not list, write or delete them.',
        },
      );
      this.uploadRoles.set(province.code, role);
      const output = new CfnOutput(this, `UploadRoleArn-${province.code}`, {
        description: `Upload role of ${province.name} (${province.code})`,
        value: role.roleArn,
      });
      output.overrideLogicalId(`UploadRoleArn${province.code.replace('-', '')}`);
    }

    this.analystRole = this.createAnalystRole(props);
    new CfnOutput(this, 'AnalystRoleArn', {
      description: 'Read-only analyst role (Athena, warehouse, reports)',
      value: this.analystRole.roleArn,
    }).overrideLogicalId('AnalystRoleArn');
  }

  private createAnalystRole(props: ProvinceAccessProps): iam.Role {
    const { warehouseBucket, reportsBucket, athenaResultsBucket, catalog, workgroup } = props;
    const statements = [
      new iam.PolicyStatement({
        sid: 'QueryInWorkgroup',
        actions: [
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:ListQueryExecutions',
          'athena:BatchGetQueryExecution',
          'athena:GetWorkGroup',
          'athena:ListNamedQueries',
          'athena:GetNamedQuery',
          'athena:BatchGetNamedQuery',
        ],
        resources: [workgroup.workGroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'BrowseCatalog',
        actions: [
          'athena:GetDataCatalog',
          'athena:ListDatabases',
          'athena:GetDatabase',
          'athena:ListTableMetadata',
          'athena:GetTableMetadata',
        ],
        resources: [
          Stack.of(this).formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' }),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'ChooseWorkgroupAndCatalog',
        actions: ['athena:ListWorkGroups', 'athena:ListDataCatalogs'],
        resources: ['*'],
      }),
      ...catalog.readStatements(),
      // The Athena console's database picker lists every database of the catalog.
      new iam.PolicyStatement({
        sid: 'ListCatalogDatabases',
        actions: ['glue:GetDatabases'],
        resources: [
          catalog.catalogArn,
          Stack.of(this).formatArn({ service: 'glue', resource: 'database', resourceName: '*' }),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'ListCatalogTables',
        actions: ['glue:GetTables'],
        resources: [catalog.catalogArn, catalog.databaseArn, catalog.tableArn('*')],
      }),
      new iam.PolicyStatement({
        sid: 'ReadWarehouse',
        actions: ['s3:GetObject'],
        resources: QUERIED_WAREHOUSE_PREFIXES.map((prefix) => warehouseBucket.arnForObjects(`${prefix}*`)),
      }),
      new iam.PolicyStatement({
        sid: 'ListWarehouse',
        actions: ['s3:ListBucket'],
        resources: [warehouseBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': QUERIED_WAREHOUSE_PREFIXES.map((prefix) => `${prefix}*`) } },
      }),
      new iam.PolicyStatement({
        sid: 'LocateBuckets',
        actions: ['s3:GetBucketLocation'],
        resources: [warehouseBucket.bucketArn, athenaResultsBucket.bucketArn, reportsBucket.bucketArn],
      }),
      new iam.PolicyStatement({
        sid: 'QueryResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [athenaResultsBucket.arnForObjects(`${QUERY_RESULTS_PREFIX}*`)],
      }),
      new iam.PolicyStatement({
        sid: 'ListQueryResults',
        actions: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [athenaResultsBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${QUERY_RESULTS_PREFIX}*`] } },
      }),
      new iam.PolicyStatement({
        sid: 'ReadReports',
        actions: ['s3:GetObject'],
        resources: [reportsBucket.arnForObjects(`${REPORTS_PREFIX}*`)],
      }),
      new iam.PolicyStatement({
        sid: 'ListReports',
        actions: ['s3:ListBucket'],
        resources: [reportsBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${REPORTS_PREFIX}*`] } },
      }),
    ];
    const role = new iam.Role(this, 'Analyst', {
      assumedBy: props.analystPrincipal ?? new iam.AccountRootPrincipal(),
      description: 'Read-only analyst: Athena queries in the provstat workgroup over the warehouse, and the reports',
      maxSessionDuration: Duration.hours(8),
      inlinePolicies: { analyst: new iam.PolicyDocument({ statements }) },
    });
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'athena:ListWorkGroups and athena:ListDataCatalogs support no resource-level permissions; they only ' +
          'let the Athena console offer the workgroup and catalog to pick.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:database/*]',
        reason:
          "glue:GetDatabases lists the catalog's databases (names and descriptions) for the console's " +
          'database picker and is authorised against every database it returns; no table is readable through it.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${catalog.databaseName}/*]`,
        reason:
          'glue:GetTables lists a database and is authorised against all of its tables; the database holds only the provstat tables and views, all readable to analysts anyway.',
      },
      ...QUERIED_WAREHOUSE_PREFIXES.map((prefix) => ({
        id: bucketObjectsFinding(warehouseBucket, `${prefix}*`),
        reason: `Athena reads the Parquet files under ${prefix} with the analyst's permissions; the file names are source SHA-256s. Read only; ingestions/ manifests stay private.`,
      })),
      {
        id: bucketObjectsFinding(athenaResultsBucket, `${QUERY_RESULTS_PREFIX}*`),
        reason:
          "Athena writes each query's results under a fresh name below the workgroup's output prefix with the caller's permissions.",
      },
      {
        id: bucketObjectsFinding(reportsBucket, `${REPORTS_PREFIX}*`),
        reason: 'Analysts read the rollup reports, one folder per period; read only.',
      },
    );
    return role;
  }
}
