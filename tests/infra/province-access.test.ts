import { describe, expect, it } from 'vitest';
import { currentProvinces } from '../../infra/constructs/province-access.js';
import { loadProvinceUnits } from '../../pipelines/reference/provinces.js';
import {
  isAllowed,
  logicalIdStartingWith,
  resourcesOfType,
  roleStatements,
  synthesizeStack,
  TEST_ACCOUNT,
  type TemplateJson,
} from './stack-fixture.js';

const { json, stack } = synthesizeStack();
const bucketArn = (prefix: string) => `arn:aws:s3:::${logicalIdStartingWith(json, prefix, 'AWS::S3::Bucket')}`;
const RAW = bucketArn('StorageRaw');
const WAREHOUSE = bucketArn('StorageWarehouse');
const REPORTS = bucketArn('StorageReports');
const RESULTS = bucketArn('StorageAthenaResults');

function uploadRoleId(json: TemplateJson, code: string): string {
  return logicalIdStartingWith(json, `AccessUpload${code.replace('-', '')}`, 'AWS::IAM::Role');
}

// Every S3 action a province role could conceivably misuse, tried against every place it must not reach.
const S3_ACTIONS = [
  's3:PutObject',
  's3:GetObject',
  's3:GetObjectVersion',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:ListBucket',
  's3:PutObjectAcl',
  's3:PutBucketPolicy',
  's3:GetBucketPolicy',
];

describe('the province upload roles', () => {
  it('exist once for each of the 34 current provinces and for no former one', () => {
    const current = loadProvinceUnits()
      .filter((unit) => unit.valid_to === null)
      .map((unit) => unit.code)
      .sort();
    expect(current).toHaveLength(34);
    expect(currentProvinces().map((province) => province.code)).toEqual(current);
    expect([...stack.access.uploadRoles.keys()].sort()).toEqual(current);
    expect(() => uploadRoleId(json, 'VN-03')).toThrow(); // Hà Giang merged into Tuyên Quang in 2025
  });

  it('allow exactly one statement each: s3:PutObject under incoming/<own code>/ of the raw bucket', () => {
    for (const { code } of currentProvinces()) {
      const statements = roleStatements(json, uploadRoleId(json, code));
      expect(statements).toEqual([
        { Sid: 'UploadOwnFolder', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`${RAW}/incoming/${code}/*`] },
      ]);
      const role = json.Resources[uploadRoleId(json, code)];
      expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('let a province put its own uploads and reach nothing else: no other province, no reading, no warehouse', () => {
    const provinces = currentProvinces();
    for (const { code } of provinces) {
      const statements = roleStatements(json, uploadRoleId(json, code));
      expect(isAllowed(statements, 's3:PutObject', `${RAW}/incoming/${code}/2025Q3/bao-cao.csv`)).toBe(true);
      expect(isAllowed(statements, 's3:PutObject', `${RAW}/incoming/${code}/bao-cao.csv`)).toBe(true);
      for (const action of S3_ACTIONS.filter((name) => name !== 's3:PutObject')) {
        expect(isAllowed(statements, action, `${RAW}/incoming/${code}/2025Q3/bao-cao.csv`), `${code} ${action}`).toBe(
          false,
        );
      }
      const elsewhere = [
        ...provinces
          .filter((other) => other.code !== code)
          .map((other) => `${RAW}/incoming/${other.code}/2025Q3/bao-cao.csv`),
        `${RAW}/incoming/${code}0/x.csv`,
        `${RAW}/incoming/x.csv`,
        `${RAW}/other/x.csv`,
        RAW,
        `${WAREHOUSE}/facts/year=2025/quarter=3/province=${code}/a.parquet`,
        `${WAREHOUSE}/ingestions/a.json`,
        WAREHOUSE,
        `${REPORTS}/reports/2025Q3/report.html`,
        `${RESULTS}/query-results/a.csv`,
      ];
      for (const resource of elsewhere) {
        for (const action of S3_ACTIONS)
          expect(isAllowed(statements, action, resource), `${code} ${action} ${resource}`).toBe(false);
      }
    }
  });

  it('are listed in the stack outputs by ISO code', () => {
    for (const { code } of currentProvinces()) {
      expect(json.Outputs?.[`UploadRoleArn${code.replace('-', '')}`]?.Value).toEqual({
        'Fn::GetAtt': [uploadRoleId(json, code), 'Arn'],
      });
    }
  });

  it('are trusted by the deploying account unless a principal is given', () => {
    const role = json.Resources[uploadRoleId(json, 'VN-22')];
    const trust = JSON.stringify(role?.Properties?.AssumeRolePolicyDocument);
    expect(trust).toContain(':root');
    expect(trust).toContain('AWS::AccountId');
  });

  it('take a trusted principal from context, for all provinces or per province', () => {
    const { json: custom } = synthesizeStack({
      'provstat:uploadPrincipal': `arn:aws:iam::${TEST_ACCOUNT}:role/province-uploaders`,
      'provstat:provinceUploadPrincipals': JSON.stringify({ 'VN-22': `arn:aws:iam::${TEST_ACCOUNT}:role/nghe-an` }),
    });
    const trustOf = (code: string) =>
      JSON.stringify(custom.Resources[uploadRoleId(custom, code)]?.Properties?.AssumeRolePolicyDocument);
    expect(trustOf('VN-22')).toContain('role/nghe-an');
    expect(trustOf('VN-22')).not.toContain('province-uploaders');
    expect(trustOf('VN-01')).toContain('role/province-uploaders');
  });

  it('are given no permission by any bucket policy (those only deny plain HTTP and admit the log service)', () => {
    for (const [, properties] of resourcesOfType(json, 'AWS::S3::BucketPolicy')) {
      const statements = (properties.PolicyDocument as { Statement: { Effect: string; Principal: unknown }[] })
        .Statement;
      for (const statement of statements) {
        if (statement.Effect === 'Allow')
          expect(JSON.stringify(statement.Principal)).toMatch(
            /logging\.s3\.amazonaws\.com|AWS::AccountId|Custom::S3AutoDeleteObjects/,
          );
      }
    }
  });
});

describe('the analyst role', () => {
  const statements = roleStatements(json, logicalIdStartingWith(json, 'AccessAnalyst', 'AWS::IAM::Role'));

  it('reads the queried warehouse tables and the reports, and writes only Athena results', () => {
    expect(
      isAllowed(statements, 's3:GetObject', `${WAREHOUSE}/facts/year=2025/quarter=3/province=VN-22/a.parquet`),
    ).toBe(true);
    expect(isAllowed(statements, 's3:GetObject', `${WAREHOUSE}/reference/provinces/provinces.parquet`)).toBe(true);
    expect(isAllowed(statements, 's3:GetObject', `${REPORTS}/reports/2025Q3/report.html`)).toBe(true);
    expect(isAllowed(statements, 's3:PutObject', `${RESULTS}/query-results/a.csv`)).toBe(true);
    expect(
      isAllowed(
        statements,
        'athena:StartQueryExecution',
        `arn:aws:athena:ap-southeast-1:${TEST_ACCOUNT}:workgroup/provstat`,
      ),
    ).toBe(true);
  });

  it('cannot change the warehouse or reports, read uploads or manifests, or use another workgroup', () => {
    for (const action of ['s3:PutObject', 's3:DeleteObject']) {
      expect(isAllowed(statements, action, `${WAREHOUSE}/facts/year=2025/quarter=3/province=VN-22/a.parquet`)).toBe(
        false,
      );
      expect(isAllowed(statements, action, `${REPORTS}/reports/2025Q3/report.html`)).toBe(false);
    }
    expect(isAllowed(statements, 's3:GetObject', `${RAW}/incoming/VN-22/2025Q3/bao-cao.csv`)).toBe(false);
    expect(isAllowed(statements, 's3:GetObject', `${WAREHOUSE}/ingestions/a.json`)).toBe(false);
    expect(
      isAllowed(
        statements,
        'athena:StartQueryExecution',
        `arn:aws:athena:ap-southeast-1:${TEST_ACCOUNT}:workgroup/primary`,
      ),
    ).toBe(false);
    expect(
      isAllowed(statements, 'glue:UpdateTable', `arn:aws:glue:ap-southeast-1:${TEST_ACCOUNT}:table/provstat/facts`),
    ).toBe(false);
  });
});
