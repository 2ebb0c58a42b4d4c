import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemporaryFolder, PROJECT_ROOT, removeFolder } from '../helpers.js';

// The TypeScript loader, resolved from the project so the CLI can run from any folder.
const TSX_LOADER = pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** Runs the CLI from source, as a user would run the built one. */
function provstat(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, ['--import', TSX_LOADER, join(PROJECT_ROOT, 'cli', 'main.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let folder: string;
beforeAll(async () => {
  folder = await makeTemporaryFolder();
  await mkdir(join(folder, 'incoming', 'VN-22', '2024Q3'), { recursive: true });
  await writeFile(
    join(folder, 'incoming', 'VN-22', '2024Q3', 'q3.csv'),
    'province,period,metric,value\nVN-22,2024Q3,border_posts,16\nVN-22,2024Q3,border_communes,1.5\n',
  );
});
afterAll(async () => removeFolder(folder));

describe('provstat', () => {
  it('prints help for each command and exits 0', () => {
    for (const command of ['ingest', 'validate', 'query', 'extract']) {
      const { code, stdout } = provstat([command, '--help'], folder);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: provstat ${command}`);
    }
  });

  it('exits 2 with a short message on bad usage', () => {
    const unknown = provstat(['frobnicate'], folder);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);
    const missing = provstat(['ingest', 'no/such/folder'], folder);
    expect(missing).toMatchObject({ code: 2, stderr: 'provstat: no such file or folder: no/such/folder\n' });
    const period = provstat(['ingest', 'incoming', '--period', '2024-13'], folder);
    expect(period.code).toBe(2);
    expect(period.stderr).toMatch(/^provstat: --period "2024-13" is not a quarter/);
  });

  it('validates without writing, listing each rejection with its line, code and reason in Vietnamese and English', () => {
    const { code, stdout, stderr } = provstat(['validate', 'incoming/VN-22/2024Q3/q3.csv'], folder);
    expect(code).toBe(1);
    expect(stderr).toMatch(/would be rejected/);
    expect(stdout).toMatch(/incoming\/VN-22\/2024Q3\/q3\.csv │ csv +│ valid +│ +2 │ +1 │ +1 │/);
    expect(stdout).toMatch(/│ +3 │ value +│ 1\.5 +│ value-ambiguous-number +│ "1\.5" không rõ nghĩa/);
    expect(stdout).toMatch(/│ "1\.5" is ambiguous/);
    expect(stdout).toContain('nothing was written');
    expect(provstat(['query', 'cadre_by_province', '--param', 'period=2024Q3'], folder)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^provstat: there is no warehouse at \.\/warehouse/),
    });
  });

  it('exits 0 and says valid when every value would be accepted, 1 and invalid otherwise', async () => {
    await mkdir(join(folder, 'clean', 'VN-22', '2024Q3'), { recursive: true });
    await writeFile(
      join(folder, 'clean', 'VN-22', '2024Q3', 'ok.csv'),
      'Mã tỉnh;Quý;Chỉ tiêu;Số liệu;ĐVT\nVN-22;2024Q3;fines_collected_vnd;1,2;tỷ đồng\n',
    );
    const clean = provstat(['validate', 'clean', '--json'], folder);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({
      status: 'validated',
      valid: true,
      files: [{ status: 'valid', accepted: 1, rejected: 0 }],
    });
    const bad = provstat(['validate', 'incoming', '--json'], folder);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      status: 'validated',
      valid: false,
      files: [
        { rejections: [{ line: 3, code: 'value-ambiguous-number', reasonEn: expect.stringMatching(/ambiguous/) }] },
      ],
    });
  });

  it('ingests, reports the summary as JSON, and queries the result in every format', () => {
    const ingest = provstat(['ingest', 'incoming', '--json'], folder);
    expect(ingest.code).toBe(0);
    const report = JSON.parse(ingest.stdout) as {
      files: { summary: { read: number; accepted: number; rejected: number } }[];
    };
    expect(report.files.map((file) => file.summary)).toEqual([
      expect.objectContaining({ read: 2, accepted: 1, rejected: 1 }),
    ]);

    const json = provstat(['query', 'crime_by_province', '--param', 'period=2024Q3', '--format', 'json'], folder);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    const sql = join(folder, 'posts.sql');
    spawnSync('sh', [
      '-c',
      `printf '%s' "-- param period: quarter\nSELECT province, value FROM metrics WHERE period = ? AND metric = 'border_posts'" > ${sql}`,
    ]);
    expect(provstat(['query', sql, '--param', 'period=2024Q3', '--format', 'csv'], folder).stdout).toBe(
      'province,value\r\nVN-22,16\r\n',
    );
    expect(provstat(['query', sql, '--param', 'period=2024Q3'], folder).stdout).toMatch(
      /^posts period=2024Q3\n[^]*VN-22 +│ +16 │\n.*\n1 row\n$/,
    );
  });

  it('extracts a text report as the JSON the contract specifies, and as a table marking each number', async () => {
    const report = join(folder, 'report.txt');
    await writeFile(
      report,
      'Đồn Biên phòng đã phối hợp bắt giữ 5 vụ buôn lậu, thu giữ hàng hóa trị giá khoảng 1,2 tỷ đồng.\n',
    );
    const json = provstat(['extract', report, '--json'], folder);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      facts: [
        {
          metric: 'smuggling_cases_detected',
          value: 5,
          denominator: null,
          unit: 'cases',
          approx: false,
          evidence: expect.stringContaining('bắt giữ 5 vụ buôn lậu'),
          span: [35, 36],
          scope: 'report',
          time_span: null,
          time_span_text: null,
        },
        {
          metric: 'seized_goods_value_vnd',
          value: 1_200_000_000,
          denominator: null,
          unit: 'vnd',
          approx: true,
          evidence: expect.any(String),
          span: [expect.any(Number), expect.any(Number)],
          scope: 'report',
          time_span: null,
          time_span_text: null,
        },
      ],
    });
    const table = provstat(['extract', report], folder);
    expect(table.stdout).toContain('bắt giữ «5» vụ buôn lậu');
    expect(table.stdout).toContain('2 facts');
    expect(provstat(['extract', join(folder, 'missing.txt')], folder)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^provstat: no such file: /),
    });
  });

  it('explains a missing query parameter and an unknown query', () => {
    expect(provstat(['query', 'cadre_by_province'], folder)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^provstat: the query cadre_by_province needs --param period=… \(period: reporting quarter/,
      ),
    });
    expect(provstat(['query', 'nope'], folder)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/there is no query named nope; the queries are: .*cadre_by_province/),
    });
  });
});
