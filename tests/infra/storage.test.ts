import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalIdStartingWith, resourcesOfType, synthesizeStack } from './stack-fixture.js';

const { template, json } = synthesizeStack();
const buckets = resourcesOfType(json, 'AWS::S3::Bucket');
const bucketId = (prefix: string) => logicalIdStartingWith(json, prefix, 'AWS::S3::Bucket');

describe('the buckets', () => {
  it('are raw, warehouse, reports, Athena results and their access logs', () => {
    expect(buckets.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'StorageAccessLogs',
      'StorageAthenaResults',
      'StorageRaw',
      'StorageReports',
      'StorageWarehouse',
    ]);
  });

  it('block every kind of public access, disable ACLs and encrypt at rest', () => {
    for (const [id, properties] of buckets) {
      expect(properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(properties.OwnershipControls, id).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(properties.BucketEncryption, id).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
    }
  });

  it('refuse requests without TLS 1.2 in their bucket policies', () => {
    for (const [id] of buckets) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
            }),
          ]),
        },
      });
    }
  });

  it('log access into the log bucket, each under its own prefix', () => {
    const logs = bucketId('StorageAccessLogs');
    const prefixes = buckets
      .filter(([id]) => id !== logs)
      .map(
        ([, properties]) =>
          properties.LoggingConfiguration as { DestinationBucketName: { Ref: string }; LogFilePrefix: string },
      );
    expect(prefixes.every((logging) => logging.DestinationBucketName.Ref === logs)).toBe(true);
    expect(prefixes.map((logging) => logging.LogFilePrefix).sort()).toEqual([
      'athena-results/',
      'raw/',
      'reports/',
      'warehouse/',
    ]);
  });

  it('version the raw bucket and age replaced uploads to infrequent access, then expire them', () => {
    const raw = json.Resources[bucketId('StorageRaw')]?.Properties ?? {};
    expect(raw.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(raw.LifecycleConfiguration).toMatchObject({
      Rules: expect.arrayContaining([
        expect.objectContaining({
          NoncurrentVersionTransitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          NoncurrentVersionExpiration: { NoncurrentDays: 730 },
        }),
      ]),
    });
  });

  it('abort abandoned multipart uploads in every bucket', () => {
    for (const [id, properties] of buckets) {
      const rules = ((properties.LifecycleConfiguration ?? {}) as { Rules?: Record<string, unknown>[] }).Rules ?? [];
      const abort = rules.find(
        (rule) =>
          rule.AbortIncompleteMultipartUpload !== undefined && rule.Status === 'Enabled' && rule.Prefix === undefined,
      );
      expect(abort, id).toBeDefined();
      const after = abort?.AbortIncompleteMultipartUpload as { DaysAfterInitiation: number } | undefined;
      expect(after?.DaysAfterInitiation, id).toBeLessThanOrEqual(7);
    }
  });

  it('expire Athena results after 30 days', () => {
    const results = json.Resources[bucketId('StorageAthenaResults')]?.Properties ?? {};
    expect(results.LifecycleConfiguration).toMatchObject({
      Rules: expect.arrayContaining([expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' })]),
    });
  });

  it('are kept when the stack is deleted, unless provstat:removeOnDelete is true', () => {
    for (const [id] of buckets) expect(json.Resources[id]?.DeletionPolicy, id).toBe('Retain');
    const { json: removable } = synthesizeStack({ 'provstat:removeOnDelete': 'true' });
    for (const [id] of resourcesOfType(removable, 'AWS::S3::Bucket'))
      expect(removable.Resources[id]?.DeletionPolicy, id).toBe('Delete');
    expect(resourcesOfType(removable, 'Custom::S3AutoDeleteObjects')).toHaveLength(5);
  });
});
