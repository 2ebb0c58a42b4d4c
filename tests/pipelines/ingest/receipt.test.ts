import { describe, expect, it } from 'vitest';
import type { SourceSummary } from '../../../pipelines/ingest/ingest-source.js';
import { describeLandingKey } from '../../../pipelines/ingest/landing-path.js';
import {
  buildReceipt,
  deliverReceipt,
  receiptBaseKey,
  receiptCsv,
  receiptJson,
  type ReceiptStore,
  type ValueChange,
} from '../../../pipelines/ingest/receipt.js';

const summary = (overrides: Partial<SourceSummary> = {}): SourceSummary => ({
  key: 'incoming/VN-22/2025Q2/bao-cao.csv',
  sha256: 'a'.repeat(64),
  kind: 'csv',
  status: 'ingested',
  read: 4,
  accepted: 2,
  rejected: 2,
  code: null,
  reason: null,
  reasonEn: null,
  warnings: [],
  unrecognisedColumns: [],
  format: null,
  periods: ['2025Q2'],
  rejections: [
    {
      line: 3,
      column: 'value',
      value: '1.5',
      code: 'value-ambiguous-number',
      reason: 'giá trị "1.5" không rõ nghĩa',
      reasonEn: 'the value "1.5" is ambiguous',
    },
    {
      line: 4,
      column: 'note',
      value: '=HYPERLINK("http://x")',
      code: 'value-not-a-number',
      reason: 'một công thức',
      reasonEn: 'a formula',
    },
  ],
  ...overrides,
});
const change = (metric: string, oldValue: number | null, newValue: number): ValueChange => ({
  province: 'VN-22',
  period: '2025Q2',
  metric,
  oldValue,
  oldDenominator: null,
  oldSourceKey: oldValue === null ? null : 'incoming/VN-22/2025Q2/a.csv',
  newValue,
  newDenominator: null,
});

class MemoryStore implements ReceiptStore {
  readonly files = new Map<string, { json: string; csv: string }>();
  async exists(key: string) {
    return this.files.has(key);
  }
  async put(key: string, files: { json: string; csv: string }) {
    this.files.set(key, files);
  }
}

describe('receiptBaseKey', () => {
  it('mirrors the path under incoming/<ISO>/ under receipts/<ISO>/', () => {
    expect(receiptBaseKey(describeLandingKey('incoming/VN-22/2025Q2/bao-cao.csv'))).toBe(
      'receipts/VN-22/2025Q2/bao-cao.csv',
    );
    expect(receiptBaseKey(describeLandingKey('incoming/VN-22/bao-cao.csv'))).toBe('receipts/VN-22/bao-cao.csv');
  });
  it("files a rejected key under its uploader, never climbing out of the uploader's prefix", () => {
    expect(receiptBaseKey(describeLandingKey('incoming/VN-22/incoming/VN-04/2025Q2/a.csv'))).toBe(
      'receipts/VN-22/incoming/VN-04/2025Q2/a.csv',
    );
    expect(receiptBaseKey(describeLandingKey('incoming/VN-22/../VN-01/a.csv'))).toBe('receipts/VN-22/_.._/VN-01/a.csv');
    expect(receiptBaseKey(describeLandingKey('incoming/VN-22//a.csv'))).toBe('receipts/VN-22/__/a.csv');
  });
  it('has no receipt for a key with no province to hand it to', () => {
    expect(receiptBaseKey(describeLandingKey('incoming/VN-99/a.csv'))).toBeNull();
    expect(receiptBaseKey(describeLandingKey('national/backfill.csv'))).toBeNull();
  });
});

describe('buildReceipt', () => {
  it('gives status, counts, every rejection with its code, the values added and those replaced, old to new', () => {
    const receipt = buildReceipt(summary(), [change('border_posts', null, 16), change('crime_cases_detected', 52, 51)]);
    expect(receipt).toMatchObject({
      status: 'ingested',
      rows_read: 4,
      accepted: 2,
      rejected: 2,
      values_updated: 1,
      values_added: 1,
      rejections_not_listed: 0,
    });
    expect(receipt.changes).toEqual([
      {
        province: 'VN-22',
        period: '2025Q2',
        metric: 'crime_cases_detected',
        old_value: 52,
        old_denominator: null,
        old_source_key: 'incoming/VN-22/2025Q2/a.csv',
        new_value: 51,
        new_denominator: null,
      },
    ]);
    expect(buildReceipt(summary(), { added: 2 })).toMatchObject({ values_added: 2, values_updated: 0, changes: [] });
    expect(receipt.rejections.map((rejection) => rejection.code)).toEqual([
      'value-ambiguous-number',
      'value-not-a-number',
    ]);
    expect(receipt.rejections[0]).toMatchObject({
      reason: 'giá trị "1.5" không rõ nghĩa',
      reason_en: 'the value "1.5" is ambiguous',
    });
    expect(JSON.parse(receiptJson(receipt))).toEqual(receipt);
  });

  it('writes the rejections as CSV with formula-looking cells neutralised', () => {
    const csv = receiptCsv(buildReceipt(summary(), []));
    expect(csv.split('\r\n')).toEqual([
      'line,column,value,code,reason,reason_en',
      '3,value,1.5,value-ambiguous-number,"giá trị ""1.5"" không rõ nghĩa","the value ""1.5"" is ambiguous"',
      '4,note,"\'=HYPERLINK(""http://x"")",value-not-a-number,một công thức,a formula',
      '',
    ]);
  });
});

describe('deliverReceipt', () => {
  it('asks for the changed values only for an ingested source with accepted values', async () => {
    const store = new MemoryStore();
    let asked = 0;
    const changes = async () => {
      asked++;
      return [change('border_posts', 15, 16)];
    };
    const landing = describeLandingKey('incoming/VN-22/2025Q2/bao-cao.csv');
    expect(await deliverReceipt(summary(), landing, store, changes)).toBe('receipts/VN-22/2025Q2/bao-cao.csv');
    const rejected = summary({
      status: 'rejected',
      key: 'incoming/VN-22/sub/x.csv',
      read: 0,
      accepted: 0,
      rejected: 0,
      reason: 'the folder "sub" is not a period',
    });
    expect(await deliverReceipt(rejected, describeLandingKey(rejected.key), store, changes)).toBe(
      'receipts/VN-22/sub/x.csv',
    );
    expect(asked).toBe(1);
    expect(JSON.parse(store.files.get('receipts/VN-22/sub/x.csv')!.json)).toMatchObject({
      status: 'rejected',
      reason: 'the folder "sub" is not a period',
      changes: [],
    });
  });

  it("writes a duplicate's receipt, but keeps the first receipt of the same key", async () => {
    const store = new MemoryStore();
    const duplicate = summary({
      status: 'duplicate',
      read: 0,
      accepted: 0,
      rejected: 0,
      rejections: [],
      warnings: ['the same bytes were ingested on …'],
    });
    const copy = describeLandingKey('incoming/VN-22/2025Q2/ban-sao.csv');
    expect(await deliverReceipt({ ...duplicate, key: copy.key }, copy, store, async () => [])).toBe(
      'receipts/VN-22/2025Q2/ban-sao.csv',
    );
    const landing = describeLandingKey('incoming/VN-22/2025Q2/bao-cao.csv');
    await deliverReceipt(summary(), landing, store, async () => []);
    expect(await deliverReceipt(duplicate, landing, store, async () => [])).toBeNull();
    expect(JSON.parse(store.files.get('receipts/VN-22/2025Q2/bao-cao.csv')!.json)).toMatchObject({
      status: 'ingested',
    });
  });
});
