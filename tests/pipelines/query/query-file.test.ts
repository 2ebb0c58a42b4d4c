import { describe, expect, it } from 'vitest';
import { bindParameters, countPlaceholders, readQueryFile } from '../../../pipelines/query/query-file.js';

const TEXT = `-- name: sample
-- purpose: For tests.
-- param period: reporting quarter
-- param metric: metric code
SELECT '?' AS literal, "?" AS quoted -- ? in a comment
FROM metrics WHERE period = ? AND metric = ? /* ? */;
`;

describe('query files', () => {
  it('reads the header and counts only real placeholders', () => {
    const reading = readQueryFile(TEXT, 'fallback');
    expect(reading).toMatchObject({
      ok: true,
      query: { name: 'sample', purpose: 'For tests.', parameters: [{ name: 'period' }, { name: 'metric' }] },
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
