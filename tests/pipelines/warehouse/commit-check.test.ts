import { copyFile, cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalWarehouseStorage } from '../../../adapters/local/local-storage.js';
import { ingestPaths } from '../../../cli/commands/ingest.js';
import { checkCommits, repairAdvice, sha256OfKey } from '../../../pipelines/warehouse/commit-check.js';
import { ManifestSchema } from '../../../pipelines/warehouse/manifest.js';
import { makeTemporaryFolder, removeFolder, SAMPLES } from '../../helpers.js';

let folder: string;
let warehouse: string;
let storage: LocalWarehouseStorage;

/** The manifests of the warehouse that list files, parsed. */
async function manifestsWithFiles() {
  const keys = await storage.list('ingestions/');
  const manifests = await Promise.all(
    keys.map(async (key) => ({ key, manifest: ManifestSchema.parse(JSON.parse((await storage.readText(key))!)) })),
  );
  return manifests.filter(({ manifest }) => manifest.files.length > 0);
}

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  warehouse = join(folder, 'warehouse');
  await cp(join(SAMPLES, 'VN-22'), join(folder, 'incoming', 'VN-22'), { recursive: true });
  await ingestPaths([join(folder, 'incoming')], { warehouse });
  storage = new LocalWarehouseStorage(warehouse);
});
afterAll(async () => removeFolder(folder));

describe('checking commit records against the files', () => {
  it('finds nothing wrong in a warehouse just ingested', async () => {
    const check = await checkCommits(storage);
    // One manifest per uploaded file (the samples hold no two identical files under one binding).
    const uploads = await readdir(join(folder, 'incoming'), { recursive: true, withFileTypes: true });
    expect(check.manifests).toBe(uploads.filter((entry) => entry.isFile()).length);
    expect(check.files).toBeGreaterThan(0);
    expect(check.broken).toEqual([]);
    expect(check.unlisted).toEqual([]);
  });

  it('reports files no manifest lists, missing files, unreadable manifests and the files they may hold', async () => {
    const [first, second, third] = await manifestsWithFiles();
    // A copy of a committed file under another source's name: what a killed run leaves.
    const committed = first!.manifest.files[0]!;
    const partition = committed.slice(committed.indexOf('/') + 1, committed.lastIndexOf('/'));
    const stray = `facts/${partition}/${'a'.repeat(64)}--VN-22-2025Q2.parquet`;
    await copyFile(join(warehouse, committed), join(warehouse, stray));
    const foreign = `facts/${partition}/notes.parquet`;
    await writeFile(join(warehouse, foreign), 'not a pipeline file');
    // One manifest loses a file; another is cut short by a full disk; a third says what it is not.
    await rm(join(warehouse, second!.manifest.files[0]!));
    const text = (await readFile(join(warehouse, third!.key), 'utf8')).slice(0, 40);
    await writeFile(join(warehouse, third!.key), text);
    const schemaKey = first!.key;
    await writeFile(
      join(warehouse, schemaKey),
      JSON.stringify({ ...first!.manifest, files: 'all of them', source_key: 'incoming/VN-22/x.csv' }),
    );

    const check = await checkCommits(storage);
    const broken = Object.fromEntries(check.broken.map((manifest) => [manifest.key, manifest]));
    expect(Object.keys(broken).sort()).toEqual([first!.key, second!.key, third!.key].sort());
    expect(broken[second!.key]).toMatchObject({
      problem: 'missing-files',
      sourceKey: second!.manifest.source_key,
      missing: [second!.manifest.files[0]],
    });
    expect(broken[third!.key]).toMatchObject({ problem: 'unreadable', detail: 'it is not JSON', sourceKey: null });
    expect(broken[schemaKey]).toMatchObject({ problem: 'unreadable', sourceKey: 'incoming/VN-22/x.csv' });
    expect(broken[schemaKey]!.detail).toMatch(/not a manifest .*"files"/);
    expect(repairAdvice(broken[second!.key]!)).toBe(
      `remove ${second!.key} and ingest "${second!.manifest.source_key}" again (with the same --province/--period if it had them)`,
    );
    expect(repairAdvice(broken[third!.key]!)).toContain(
      `the file with SHA-256 ${third!.manifest.source_sha256} uploaded for province VN-22, period`,
    );

    const unlisted = Object.fromEntries(check.unlisted.map((file) => [file.key, file]));
    expect(unlisted[stray]).toEqual({ key: stray, table: 'facts', sha256: 'a'.repeat(64), heldBy: null });
    expect(unlisted[foreign]).toEqual({ key: foreign, table: 'facts', sha256: null, heldBy: null });
    // The files of the unreadable manifests are unlisted now, each held by its manifest.
    const held = [first!, third!].flatMap(({ key, manifest }) => manifest.files.map((file) => [file, key] as const));
    for (const [file, key] of held) expect(unlisted[file]?.heldBy).toBe(key);
    expect(Object.keys(unlisted).sort()).toEqual([stray, foreign, ...held.map(([file]) => file)].sort());
  });

  it('reads the SHA-256 from the names the pipeline gives files and manifests', () => {
    const sha = 'f'.repeat(64);
    expect(sha256OfKey(`facts/year=2024/quarter=3/province=VN-22/${sha}.parquet`)).toBe(sha);
    expect(sha256OfKey(`ingestions/${sha}--VN-22-2024Q3.json`)).toBe(sha);
    expect(sha256OfKey('facts/year=2024/quarter=3/province=VN-22/export.parquet')).toBeNull();
  });
});
