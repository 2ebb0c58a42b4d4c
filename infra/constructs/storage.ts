/**
 * The pipeline's buckets: raw uploads (versioned), the Parquet warehouse, reports and Athena query
 * results, plus the bucket that receives their server access logs. All private, TLS-only and
 * encrypted; kept when the stack is deleted unless `removalPolicy` says otherwise.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface StorageProps {
  /**
   * What happens to the buckets (and their objects) when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Days before a replaced or deleted raw upload moves to infrequent-access storage.
   * @default 30 (the minimum S3 allows)
   */
  readonly rawNoncurrentTransitionDays?: number;
  /**
   * Days before a replaced or deleted raw upload is removed for good.
   * @default 730
   */
  readonly rawNoncurrentExpirationDays?: number;
  /**
   * Days Athena query results are kept.
   * @default 30
   */
  readonly athenaResultsExpirationDays?: number;
  /**
   * Days server access logs are kept.
   * @default 365
   */
  readonly accessLogExpirationDays?: number;
}

export class Storage extends Construct {
  /** Province uploads under `incoming/<ISO>/…`; versioned so an overwritten upload is never lost. */
  public readonly rawBucket: s3.Bucket;
  /** The Parquet warehouse (`facts/`, `rejections/`, `ingestions/`, `reference/`). */
  public readonly warehouseBucket: s3.Bucket;
  /** Rollup reports under `reports/<period>/`. */
  public readonly reportsBucket: s3.Bucket;
  /** Athena query results (the workgroup's enforced output location). */
  public readonly athenaResultsBucket: s3.Bucket;
  /** Server access logs of the four buckets above, each under its own prefix. */
  public readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const abortIncompleteUploads: s3.LifecycleRule = {
      id: 'abort-incomplete-multipart-uploads',
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    };

    this.accessLogsBucket = secureBucket(this, 'AccessLogs', removalPolicy, {
      lifecycleRules: [
        abortIncompleteUploads,
        { id: 'expire-logs', expiration: Duration.days(props.accessLogExpirationDays ?? 365) },
      ],
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket is the destination of the other buckets' server access logs; logging it into itself would loop and logging it elsewhere only moves the question.",
    });
    const logged = (prefix: string): s3.BucketProps => ({
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: `${prefix}/`,
    });

    this.rawBucket = secureBucket(this, 'Raw', removalPolicy, {
      ...logged('raw'),
      versioned: true,
      lifecycleRules: [
        abortIncompleteUploads,
        {
          id: 'age-replaced-uploads',
          noncurrentVersionTransitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(props.rawNoncurrentTransitionDays ?? 30),
            },
          ],
          noncurrentVersionExpiration: Duration.days(props.rawNoncurrentExpirationDays ?? 730),
          expiredObjectDeleteMarker: true,
        },
      ],
    });
    this.warehouseBucket = secureBucket(this, 'Warehouse', removalPolicy, {
      ...logged('warehouse'),
      lifecycleRules: [abortIncompleteUploads],
    });
    this.reportsBucket = secureBucket(this, 'Reports', removalPolicy, {
      ...logged('reports'),
      lifecycleRules: [abortIncompleteUploads],
    });
    this.athenaResultsBucket = secureBucket(this, 'AthenaResults', removalPolicy, {
      ...logged('athena-results'),
      lifecycleRules: [
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-query-results', expiration: Duration.days(props.athenaResultsExpirationDays ?? 30) },
      ],
    });
  }
}

/** A private, TLS-only, SSE-S3-encrypted bucket with ACLs disabled. */
function secureBucket(scope: Construct, id: string, removalPolicy: RemovalPolicy, props: s3.BucketProps): s3.Bucket {
  return new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    // SSE-S3 rather than a KMS key: province uploaders then need s3:PutObject and nothing else.
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy,
    autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
    ...props,
  });
}
