/**
 * The province roles' shape: one per current province, exactly two statements, listed in the
 * outputs, trusted as configured. What they allow and deny is proved by evaluation in
 * access-evaluation.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { currentProvinces } from '../../infra/constructs/province-access.js';
import { loadProvinceUnits } from '../../pipelines/reference/provinces.js';
import {
  logicalIdStartingWith,
  resourcesOfType,
  roleStatements,
  synthesizeStack,
  TEST_ACCOUNT,
  type TemplateJson,
} from './stack-fixture.js';

const { json, stack } = synthesizeStack();
const RAW = `arn:aws:s3:::${logicalIdStartingWith(json, 'StorageRaw', 'AWS::S3::Bucket')}`;

function uploadRoleId(json: TemplateJson, code: string): string {
  return logicalIdStartingWith(json, `AccessUpload${code.replace('-', '')}`, 'AWS::IAM::Role');
}

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

  it('hold exactly two statements each: put under incoming/<own code>/, read under receipts/<own code>/', () => {
    for (const { code } of currentProvinces()) {
      const statements = roleStatements(json, uploadRoleId(json, code));
      expect(statements).toEqual([
        { Sid: 'UploadOwnFolder', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`${RAW}/incoming/${code}/*`] },
        { Sid: 'ReadOwnReceipts', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${RAW}/receipts/${code}/*`] },
      ]);
      expect(json.Resources[uploadRoleId(json, code)]?.Properties?.ManagedPolicyArns).toBeUndefined();
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
