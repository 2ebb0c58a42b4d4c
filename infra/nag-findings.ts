/**
 * The ids of cdk-nag findings that name a resource, for acknowledging exactly one finding rather
 * than a whole rule.
 */
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/** `AwsSolutions-IAM5[Resource::<Bucket.Arn>/prefix/*]`: a wildcard over the objects under a prefix of a bucket. */
export function bucketObjectsFinding(bucket: s3.IBucket, pattern: string): string {
  const cfnBucket = bucket.node.defaultChild as CfnElement;
  return `AwsSolutions-IAM5[Resource::<${Stack.of(bucket).getLogicalId(cfnBucket)}.Arn>/${pattern}]`;
}
