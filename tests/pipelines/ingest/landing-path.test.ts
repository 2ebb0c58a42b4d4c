import { describe, expect, it } from 'vitest';
import { describeLanding, describeLandingKey, sourceKindOf } from '../../../pipelines/ingest/landing-path.js';

describe('describeLandingKey', () => {
  it('accepts incoming/<ISO>/<period>/<file> and incoming/<ISO>/<file>', () => {
    expect(describeLandingKey('incoming/VN-22/2024Q3/bao-cao.csv')).toEqual({
      key: 'incoming/VN-22/2024Q3/bao-cao.csv',
      province: 'VN-22',
      period: { year: 2024, quarter: 3 },
    });
    expect(describeLandingKey('incoming/VN-45/dong-thap.csv')).toEqual({
      key: 'incoming/VN-45/dong-thap.csv',
      province: 'VN-45',
      period: null,
    });
  });

  it.each([
    ['a folder that is not a period', 'incoming/VN-22/sub/spoof.csv', /"sub" is not a period/],
    ['a province folder deeper in the key', 'incoming/VN-22/x/VN-01/2025Q2/a.csv', /4 folders deep/],
    ['a second incoming/ folder', 'incoming/VN-22/incoming/VN-04/2025Q2/a.csv', /4 folders deep/],
    ['a period folder with a folder under it', 'incoming/VN-22/2025Q2/VN-01/a.csv', /3 folders deep/],
    ['a ".." folder', 'incoming/VN-22/../VN-01/2025Q2/a.csv', /"\.\." folder/],
    ['a "." folder', 'incoming/VN-22/./a.csv', /"\." folder/],
    ['an empty folder name', 'incoming/VN-22//a.csv', /empty folder name/],
  ])('rejects %s, keeping the uploader but binding no period', (_, key, reason) => {
    const landing = describeLandingKey(key);
    expect(landing.problem).toMatch(reason);
    expect(landing).toMatchObject({ key, province: 'VN-22', period: null });
  });

  it.each([
    ['a province code that does not exist', 'incoming/VN-99/2024Q3/x.csv', /"VN-99" is not a province code/],
    ['a province name instead of its code', 'incoming/Nghe An/x.csv', /"Nghe An" is not a province code/],
    ['a code not written as the code', 'incoming/vn-22/x.csv', /"vn-22" is not a province code/],
    ['a file directly under incoming/', 'incoming/national-backfill.csv', /not in a province's folder/],
    ['a key outside incoming/', 'backfill.csv', /not under incoming\//],
    ['a key under another top folder', 'receipts/VN-22/a.csv.json', /not under incoming\//],
    ['a leading slash', '/incoming/VN-22/a.csv', /not under incoming\//],
  ])('rejects %s with no province', (_, key, reason) => {
    const landing = describeLandingKey(key);
    expect(landing.problem).toMatch(reason);
    expect(landing.province).toBeNull();
  });
});

describe('describeLanding (local paths)', () => {
  it('keys a file from the incoming/ folder of its landing folder', () => {
    expect(describeLanding('samples/incoming/VN-22/2024Q3/bao-cao.csv')).toEqual({
      key: 'incoming/VN-22/2024Q3/bao-cao.csv',
      province: 'VN-22',
      period: { year: 2024, quarter: 3 },
    });
    expect(describeLanding('/data/incoming/VN-45/dong-thap.csv')).toMatchObject({
      key: 'incoming/VN-45/dong-thap.csv',
      province: 'VN-45',
      period: null,
    });
  });

  it('finds the landing folder inside an operator folder that is also called incoming', () => {
    expect(describeLanding('/srv/incoming/provstat/incoming/VN-22/2024Q3/a.csv')).toEqual({
      key: 'incoming/VN-22/2024Q3/a.csv',
      province: 'VN-22',
      period: { year: 2024, quarter: 3 },
    });
  });

  it.each([
    'landing/incoming/VN-22/sub/spoof.csv',
    'landing/incoming/VN-22/x/VN-01/2025Q2/a.csv',
    'landing/incoming/VN-22/incoming/VN-04/2025Q2/a.csv',
    '/srv/incoming/landing/incoming/VN-22/incoming/VN-04/a.csv',
  ])('rejects %s as the uploader VN-22 wrote it: a folder it added never decides the province', (path) => {
    const landing = describeLanding(path);
    expect(landing.problem).toBeDefined();
    expect(landing.province).toBe('VN-22');
    expect(landing.key.startsWith('incoming/VN-22/')).toBe(true);
  });

  it('rejects any other shape under incoming/', () => {
    expect(describeLanding('landing/incoming/national-backfill.csv').problem).toMatch(/not in a province's folder/);
    expect(describeLanding('landing/incoming/Nghe An/2024Q3/x.csv').problem).toMatch(
      /"Nghe An" is not a province code/,
    );
  });

  it('binds a file outside any incoming/ folder (a national backfill) to no province', () => {
    expect(describeLanding('backfill.csv')).toEqual({ key: 'backfill.csv', province: null, period: null });
    expect(describeLanding('/data/national/VN-22/2024Q3/all.csv')).toEqual({
      key: 'data/national/VN-22/2024Q3/all.csv',
      province: null,
      period: null,
    });
    expect(describeLanding('/data/incoming')).toMatchObject({ province: null, period: null });
  });
});

describe('sourceKindOf', () => {
  it('tells CSVs, text reports and everything else apart', () => {
    expect([sourceKindOf('a.CSV'), sourceKindOf('b.txt'), sourceKindOf('c.xlsx')]).toEqual(['csv', 'text', 'other']);
  });
});
