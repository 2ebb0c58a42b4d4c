/**
 * A real S3-compatible server (s3rver) on 127.0.0.1 for tests, with the environment a function
 * needs to talk to it, and S3 event notifications as S3 and SQS would deliver them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import S3rver from 's3rver';
import { makeTemporaryFolder, removeFolder } from '../helpers.js';

export interface S3TestServer {
  readonly endpoint: string;
  /** A client for the test itself (uploads and reading results). */
  readonly client: S3Client;
  /** The environment that points a function's S3 client at this server. */
  readonly environment: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts s3rver on a free loopback port with these buckets; `stop()` closes it and removes its files. */
export async function startS3Server(buckets: readonly string[]): Promise<S3TestServer> {
  const directory = await makeTemporaryFolder('provstat-s3rver-');
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const environment = {
    AWS_ENDPOINT_URL_S3: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    // s3rver predates the SDK's default CRC32 trailers (aws-chunked bodies): checksum only when required.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  };
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: environment.AWS_REGION,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    client,
    environment,
    async stop() {
      client.destroy();
      await server.close();
      await removeFolder(directory);
    },
  };
}

export interface S3Proxy {
  readonly endpoint: string;
  /** A client that talks to S3 through the proxy. */
  readonly client: S3Client;
  stop(): Promise<void>;
}

/**
 * S3 as it answers a caller that may not s3:ListBucket the bucket: a loopback proxy in front of the
 * server that turns its 404 for a missing key into S3's 403 (AccessDenied on GET, a bare 403 on
 * HEAD), and passes everything else through unchanged.
 */
export async function startListDeniedProxy(target: string): Promise<S3Proxy> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        const objectKey = (incoming.url ?? '').split('?')[0]!.split('/').filter(Boolean).length >= 2;
        if (answer.statusCode === 404 && objectKey && (incoming.method === 'GET' || incoming.method === 'HEAD')) {
          answer.resume();
          const body =
            incoming.method === 'HEAD'
              ? ''
              : '<?xml version="1.0" encoding="UTF-8"?>\n' +
                '<Error><Code>AccessDenied</Code><Message>Access Denied</Message>' +
                `<RequestId>${randomUUID()}</RequestId></Error>`;
          outgoing.writeHead(403, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() });
          outgoing.end(body);
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
  return {
    endpoint,
    client,
    async stop() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Uploads bytes and returns what the notification of that upload carries. */
export async function uploadObject(
  client: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
): Promise<UploadedObject> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const response = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
  return {
    bucket,
    key,
    size: bytes.length,
    eTag: (response.ETag ?? '').replaceAll('"', ''),
    versionId: response.VersionId,
  };
}

export interface UploadedObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly eTag: string;
  readonly versionId?: string | undefined;
  /** The event's sequencer (S3 raises it with each event on a key); a fixed one when not given. */
  readonly sequencer?: string | undefined;
}

/** Encodes a key as S3 does in event notifications: form-encoding, so a space is `+` and `+` is `%2B`. */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

/** The body S3 sends to SQS for these created objects (event structure version 2.1). */
export function s3NotificationBody(objects: readonly UploadedObject[], eventName = 'ObjectCreated:Put'): string {
  return JSON.stringify({
    Records: objects.map((object) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'ap-southeast-1',
      eventTime: new Date().toISOString(),
      eventName,
      userIdentity: { principalId: 'AWS:AROAEXAMPLEPROVINCE:VN-22' },
      requestParameters: { sourceIPAddress: '203.113.131.1' },
      responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'raw-object-created',
        bucket: {
          name: object.bucket,
          ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
          arn: `arn:aws:s3:::${object.bucket}`,
        },
        object: {
          key: encodeS3EventKey(object.key),
          size: object.size,
          eTag: object.eTag,
          sequencer: object.sequencer ?? '0055AED6DCD90281E5',
          ...(object.versionId ? { versionId: object.versionId } : {}),
        },
      },
    })),
  });
}

/** The test message S3 sends once when the notification is configured. */
export function s3TestEventBody(bucket: string): string {
  return JSON.stringify({
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: new Date().toISOString(),
    Bucket: bucket,
    RequestId: randomUUID(),
    HostId: randomUUID(),
  });
}

/** An SQS record carrying a body, with a stable message id. */
export function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-southeast-1:123456789012:provstat-ingest',
    awsRegion: 'ap-southeast-1',
  };
}

export function sqsEvent(records: readonly SQSRecord[]): SQSEvent {
  return { Records: [...records] };
}

/**
 * A Lambda context as the runtime passes it, the invocation ending `remainingMs` from its creation
 * (by default the ingest function's timeout).
 */
export function lambdaContext(functionName = 'provstat-ingest', remainingMs = 300_000): Context {
  const end = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-southeast-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2025/07/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, end - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Every object of a bucket with its ETag: what "nothing changed" compares. */
export async function listBucket(client: S3Client, bucket: string): Promise<Record<string, string>> {
  const objects: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of page.Contents ?? [])
      objects[object.Key ?? ''] = `${object.ETag ?? ''} ${object.LastModified?.toISOString() ?? ''}`;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** Downloads a bucket into a local folder, keys as paths, so DuckDB can read the Parquet locally. */
export async function downloadBucket(client: S3Client, bucket: string, folder: string): Promise<string[]> {
  const keys = Object.keys(await listBucket(client, bucket)).sort();
  for (const key of keys) {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const target = join(folder, ...key.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, await response.Body!.transformToByteArray());
  }
  return keys;
}
