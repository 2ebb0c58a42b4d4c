import { describe, expect, it } from 'vitest';
import {
  bindParameters,
  countPlaceholders,
  readQueryFile,
  type QueryFile,
} from '../../../pipelines/query/query-file.js';

const TEXT = `-- name: sample
-- purpose: For tests.
-- param period (period): reporting quarter
-- param metric (metric): metric code
SELECT '?' AS literal, "?" AS quoted -- ? in a comment
FROM metrics WHERE period = ? AND metric = ? /* ? */;
`;

describe('query files', () => {
  it('reads the header and counts only real placeholders', () => {
    const reading = readQueryFile(TEXT, 'fallback');
    expect(reading).toMatchObject({
      ok: true,
      query: {
        name: 'sample',
        purpose: 'For tests.',
        parameters: [
          { name: 'period', type: 'period', allowsAll: false },
          { name: 'metric', type: 'metric', allowsAll: false },
        ],
      },
    });
    expect(countPlaceholders(TEXT)).toBe(2);
  });
  it('refuses a file whose placeholders do not match its parameters', () => {
    expect(readQueryFile('-- param period: x\nSELECT 1', 'q')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/0 "\?" placeholders but declares 1/),
    });
  });
  it('binds named values in placeholder order and names what is missing or unknown', () => {
    const reading = readQueryFile(TEXT, 'q');
    if (!reading.ok) throw new Error(reading.reason);
    expect(
      bindParameters(
        reading.query,
        new Map([
          ['metric', 'border_posts'],
          ['period', '2024Q3'],
        ]),
      ),
    ).toEqual({ ok: true, values: ['2024Q3', 'border_posts'] });
    expect(bindParameters(reading.query, new Map([['period', '2024Q3']]))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/needs --param metric=/),
    });
    expect(
      bindParameters(
        reading.query,
        new Map([
          ['period', 'x'],
          ['metric', 'y'],
          ['year', '1'],
        ]),
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/no parameter year/) });
  });
});

const TYPED = `-- name: typed
-- param period (period): quarter
-- param province (province|*): province
-- param metric (metric|*): metric
-- param days (integer): days
-- param z (number): threshold
-- param note (text): anything
SELECT ?, ?, ?, ?, ?, ?`;

function typedQuery(): QueryFile {
  const reading = readQueryFile(TYPED, 'typed');
  if (!reading.ok) throw new Error(reading.reason);
  return reading.query;
}

function bind(values: Record<string, string>): ReturnType<typeof bindParameters> {
  const given = {
    period: '2025Q2',
    province: 'VN-22',
    metric: 'border_posts',
    days: '10',
    z: '3',
    note: 'x',
    ...values,
  };
  return bindParameters(typedQuery(), new Map(Object.entries(given)));
}

describe('typed query parameters', () => {
  it('reads each declared type and whether * means every value', () => {
    expect(typedQuery().parameters.map((parameter) => [parameter.name, parameter.type, parameter.allowsAll])).toEqual([
      ['period', 'period', false],
      ['province', 'province', true],
      ['metric', 'metric', true],
      ['days', 'integer', false],
      ['z', 'number', false],
      ['note', 'text', false],
    ]);
  });

  it('binds quarters, provinces and metrics in the form ingest stores them', () => {
    for (const period of ['Quý 2/2025', '2025-Q2', 'II/2025', ' 2025q2 ']) {
      expect(bind({ period })).toMatchObject({ ok: true, values: ['2025Q2', 'VN-22', 'border_posts', '10', '3', 'x'] });
    }
    expect(bind({ province: 'Nghệ An' })).toMatchObject({
      ok: true,
      values: ['2025Q2', 'VN-22', 'border_posts', '10', '3', 'x'],
    });
    expect(bind({ province: 'nghe an', metric: 'Số đồn biên phòng' })).toMatchObject({
      ok: true,
      values: ['2025Q2', 'VN-22', 'border_posts', '10', '3', 'x'],
    });
    expect(bind({ province: '*', metric: '*', days: '+7', z: '2.50' })).toMatchObject({
      ok: true,
      values: ['2025Q2', '*', '*', '7', '2.5', 'x'],
    });
  });

  it('refuses a value its type does not accept with a sentence naming the parameter and what it takes', () => {
    expect(bind({ period: '2024Q5' })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^--param period="2024Q5" is not accepted: period takes a quarter such as 2024Q3/),
    });
    expect(bind({ province: 'Atlantis' })).toEqual({
      ok: false,
      reason: expect.stringMatching(/province takes a province code such as VN-22 .*, or \* for every value$/),
    });
    expect(bind({ metric: 'border_post' })).toEqual({
      ok: false,
      reason: expect.stringMatching(/metric takes a metric code of the catalog/),
    });
    expect(bind({ days: '1.5' })).toEqual({ ok: false, reason: expect.stringMatching(/days takes a whole number/) });
    expect(bind({ z: 'three' })).toEqual({ ok: false, reason: expect.stringMatching(/z takes a number/) });
    expect(bind({ period: '*' })).toEqual({ ok: false, reason: expect.stringMatching(/period takes a quarter/) });
  });

  it('refuses an unknown type, and reads an untyped parameter as text', () => {
    expect(readQueryFile('-- param day (date): x\nSELECT ?', 'q')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/unknown type "date"/),
    });
    expect(readQueryFile('-- param a (period|province): x\nSELECT ?', 'q')).toMatchObject({ ok: false });
    expect(readQueryFile('-- param a: x\nSELECT ?', 'q')).toMatchObject({
      ok: true,
      query: { parameters: [{ name: 'a', type: 'text', allowsAll: false }] },
    });
  });
});
