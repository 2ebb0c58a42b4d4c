import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbDatabase } from '../../../../adapters/duckdb/duckdb-database.js';
import { MACRO_PREFIX, NUMBER_MACROS } from '../../../../adapters/duckdb/row-checks/number-macros.js';
import { foldKey } from '../../../../pipelines/text/fold.js';
import {
  compareExact,
  isWhole,
  readVietnameseNumber,
  scaleByPowerOfTen,
  toNumber,
} from '../../../../pipelines/values/vietnamese-number.js';

let database: DuckDbDatabase;
beforeAll(async () => {
  database = await DuckDbDatabase.open({ threads: 1 });
  for (const statement of NUMBER_MACROS) await database.runStatement(statement);
});
afterAll(() => database.close());

/** Runs `expression` (over column `input`) on every input at once; the rows come back in input order. */
async function evaluate(inputs: readonly string[], expression: string): Promise<unknown[]> {
  await database.loadTable(
    'inputs',
    [
      { name: 'position', type: 'INTEGER', nullable: false, description: '' },
      { name: 'input', type: 'VARCHAR', nullable: false, description: '' },
    ],
    inputs.map((input, position) => [position, input]),
  );
  const result = await database.query(`SELECT to_json(${expression}) AS out FROM inputs ORDER BY position`);
  return result.rows.map((row) => JSON.parse(String(row.out)));
}

const SPACES = [' ', '\u00a0', '\u3000', '\t', '\u2009', '\ufeff'];
/** Text that looks like the numbers clerks type, right and wrong. */
const numberish = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'0123456789') },
      { weight: 2, arbitrary: fc.constantFrom('.', ',') },
      { weight: 1, arbitrary: fc.constantFrom('-', '−', '/', 'x', 'a', 'đ', 'Ư', ...SPACES) },
    ),
    { maxLength: 24 },
  )
  .map((chars) => chars.join(''));
/** Well-formed Vietnamese numbers, possibly long and signed. */
const wellFormed = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 30n }),
    fc.boolean(),
    fc.option(fc.stringMatching(/^\d{1,25}$/), { nil: undefined }),
    fc.constantFrom('', ' ', '\u00a0'),
  )
  .map(([negative, whole, grouped, fraction, pad]) => {
    const digits = whole.toString();
    const written = grouped ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.') : digits;
    return `${pad}${negative ? '-' : ''}${written}${fraction === undefined ? '' : `,${fraction}`}${pad}`;
  });
const anyNumberText = fc.oneof(numberish, wellFormed);

describe('the SQL number reader', () => {
  it('reads every text as readVietnameseNumber does: the same value or the same rejection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyNumberText, { minLength: 1, maxLength: 200 }), async (inputs) => {
        const read = (await evaluate(inputs, `${MACRO_PREFIX}number(input)`)) as {
          problem: string | null;
          written: string;
          negative: boolean;
          digits: string;
          scale: number;
        }[];
        inputs.forEach((input, index) => {
          const expected = readVietnameseNumber(input);
          const got = read[index]!;
          if (expected.ok) {
            expect({ input, problem: got.problem }).toEqual({ input, problem: null });
            expect({ input, digits: BigInt(got.digits), scale: got.scale, negative: got.negative }).toEqual({
              input,
              ...expected.number,
            });
          } else {
            expect({ input, problem: got.problem }).toEqual({ input, problem: expected.problem.code });
            // The message quotes the trimmed text (nothing for an empty cell).
            if (got.problem !== 'value-missing') expect(expected.problem.en).toContain(`"${got.written}"`);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('scales, rounds and compares exactly as the JavaScript decimals do', async () => {
    const scaled = fc.tuple(wellFormed, fc.constantFrom(-3, 0, 1, 2, 3, 6, 9), wellFormed);
    await fc.assert(
      fc.asyncProperty(fc.array(scaled, { minLength: 1, maxLength: 100 }), async (cases) => {
        const inputs = cases.map(([a, exponent, b]) => `${a}|${exponent}|${b}`);
        const a = `${MACRO_PREFIX}number(split_part(input, '|', 1))`;
        const b = `${MACRO_PREFIX}number(split_part(input, '|', 3))`;
        const exponent = `CAST(split_part(input, '|', 2) AS INTEGER)`;
        const exactA = `${MACRO_PREFIX}exact(${a}.digits, ${a}.scale, ${exponent})`;
        const exactB = `${MACRO_PREFIX}exact(${b}.digits, ${b}.scale, 0)`;
        const got = (await evaluate(
          inputs,
          `struct_pack(whole := ${exactA}.whole, zero := ${exactA}.zero, text := ${MACRO_PREFIX}js_number(${exactA}.approx), ordering := ${MACRO_PREFIX}compare(${exactA}, ${exactB}))`,
        )) as { whole: boolean; zero: boolean; text: string; ordering: number }[];
        cases.forEach(([textA, exp, textB], index) => {
          const readA = readVietnameseNumber(textA);
          const readB = readVietnameseNumber(textB);
          if (!readA.ok || !readB.ok) throw new Error('well-formed numbers read');
          const value = scaleByPowerOfTen({ ...readA.number, negative: false }, exp);
          const expected = {
            whole: isWhole(value),
            zero: value.digits === 0n,
            text: String(toNumber(value)),
            ordering: compareExact(value, { ...readB.number, negative: false }),
          };
          expect({ case: cases[index], ...got[index] }).toEqual({ case: cases[index], ...expected });
        });
      }),
      { numRuns: 40 },
    );
  });

  it('prints doubles as JavaScript does', async () => {
    const doubles = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }),
      fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1000),
      fc.constantFrom(1e-7, 1e-6, 1.5e-6, 1e21, 123456789012345680000, 0.1, 27),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(doubles, { minLength: 1, maxLength: 200 }), async (values) => {
        const got = await evaluate(
          values.map((value) => String(value)),
          `${MACRO_PREFIX}js_number(CAST(input AS DOUBLE))`,
        );
        expect(got).toEqual(values.map((value) => String(value)));
      }),
      { numRuns: 30 },
    );
  });

  it('trims and folds text as JavaScript does', async () => {
    const letters = [
      ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 ./-_àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ',
    ];
    const text = fc
      .array(fc.constantFrom(...letters, ...SPACES, '\u0301', '\u0300', '\u0323'), { maxLength: 20 })
      .map((chars) => chars.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 200 }), async (inputs) => {
        const got = (await evaluate(
          inputs,
          `struct_pack(trimmed := ${MACRO_PREFIX}trim(input), folded := ${MACRO_PREFIX}fold(input))`,
        )) as { trimmed: string; folded: string }[];
        expect(got).toEqual(inputs.map((input) => ({ trimmed: input.trim(), folded: foldKey(input) })));
      }),
      { numRuns: 30 },
    );
  });
});
