import { describe, expect, it } from 'vitest';
import { decodeS3EventKey, readNotification } from '../../functions/s3-notifications.js';
import { encodeS3EventKey, s3NotificationBody, s3TestEventBody } from '../support/s3-server.js';

const object = (key: string, extra: { versionId?: string } = {}) => ({
  bucket: 'raw',
  key,
  size: 12,
  eTag: 'abc',
  ...extra,
});

describe('S3 notifications', () => {
  it('decodes keys as S3 encodes them: + for a space, percent-encoded Vietnamese and plus signs', () => {
    expect(decodeS3EventKey('incoming/VN-22/2024Q3/b%C3%A1o+c%C3%A1o+qu%C3%BD+3%2B.csv')).toBe(
      'incoming/VN-22/2024Q3/báo cáo quý 3+.csv',
    );
    expect(encodeS3EventKey('incoming/VN-22/báo cáo 3+.csv')).toBe('incoming/VN-22/b%C3%A1o+c%C3%A1o+3%2B.csv');
  });

  it('reads created objects with their decoded keys and versions', () => {
    const reading = readNotification(
      s3NotificationBody([object('incoming/VN-22/2024Q3/Báo cáo quý 3.txt', { versionId: 'v1' })]),
      'raw',
    );
    expect(reading).toEqual({
      kind: 'objects',
      objects: [
        {
          bucket: 'raw',
          key: 'incoming/VN-22/2024Q3/Báo cáo quý 3.txt',
          versionId: 'v1',
          sequencer: expect.stringMatching(/^[0-9A-F]+$/),
        },
      ],
      skipped: [],
    });
  });

  it('skips removals and folder markers', () => {
    expect(
      readNotification(s3NotificationBody([object('incoming/VN-22/a.csv')], 'ObjectRemoved:Delete'), 'raw'),
    ).toEqual({
      kind: 'objects',
      objects: [],
      skipped: [{ key: 'incoming/VN-22/a.csv', reason: 'ObjectRemoved:Delete needs no ingestion' }],
    });
    expect(readNotification(s3NotificationBody([object('incoming/VN-22/')]), 'raw')).toMatchObject({
      objects: [],
      skipped: [{ reason: 'a folder marker, not a file' }],
    });
  });

  it("recognises S3's test event", () => {
    expect(readNotification(s3TestEventBody('raw'), 'raw')).toEqual({ kind: 'test' });
  });

  it('says why a message is not a notification it can act on', () => {
    expect(readNotification('not json', 'raw')).toEqual({
      kind: 'unrecognised',
      reason: 'the message body is not JSON, so it is not an S3 event notification',
    });
    expect(readNotification('{"Records":[{"eventSource":"aws:sqs"}]}', 'raw')).toMatchObject({
      kind: 'unrecognised',
      reason: expect.stringMatching(/^the message is not an S3 event notification \(Records\.0\./),
    });
    expect(readNotification(s3NotificationBody([{ ...object('incoming/a.csv'), bucket: 'elsewhere' }]), 'raw')).toEqual(
      { kind: 'unrecognised', reason: 'the notification is about the bucket elsewhere, not the raw bucket raw' },
    );
    const badEncoding = s3NotificationBody([object('PLACEHOLDER')]).replace(
      '"key":"PLACEHOLDER"',
      '"key":"incoming/%E0%A4%A.csv"',
    );
    expect(readNotification(badEncoding, 'raw')).toEqual({
      kind: 'unrecognised',
      reason: 'the object key "incoming/%E0%A4%A.csv" is not valid S3 event encoding',
    });
  });
});
