/**
 * Lambda code for a handler in functions/, bundled on this machine with esbuild (never Docker) by
 * scripts/bundle-functions.mjs: `index.mjs` plus the DuckDB native binding for x86_64 (and, for the
 * rollup, a copy of queries/).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** The handlers in functions/ that are deployed. */
export type FunctionName = 'ingest' | 'rollup';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLER = join(REPOSITORY_ROOT, 'scripts', 'bundle-functions.mjs');

// Runs the bundler's exported bundleFunction(name, folder) in a child process (CDK's local bundling
// hook is synchronous, the bundler is not); it writes <folder>/<name>/index.mjs and what it needs.
const RUN_BUNDLER =
  'const [name, outDir, bundler] = process.argv.slice(1); const { bundleFunction } = await import(bundler); await bundleFunction(name, outDir);';

/** Whether functions/<name>.ts exists. */
export function hasFunctionSource(name: FunctionName): boolean {
  return existsSync(join(REPOSITORY_ROOT, 'functions', `${name}.ts`));
}

/** The function's code, bundled locally at synth time; the asset hash is that of the bundle. */
export function bundledFunctionCode(name: FunctionName): lambda.Code {
  return lambda.Code.fromAsset(join(REPOSITORY_ROOT, 'functions'), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: the local bundler always succeeds or throws.
      image: DockerImage.fromRegistry('local-bundling-only'),
      // Part of CDK's staging cache key: without it both functions would share the first bundle.
      command: ['bundle-functions', name],
      local: {
        tryBundle(outputDir: string): boolean {
          bundleLocally(name, outputDir);
          return true;
        },
      },
    },
  });
}

function bundleLocally(name: FunctionName, outputDir: string): void {
  if (!hasFunctionSource(name))
    throw new Error(`cannot bundle the ${name} function: functions/${name}.ts does not exist`);
  if (!existsSync(BUNDLER))
    throw new Error('cannot bundle the Lambda functions: scripts/bundle-functions.mjs does not exist');
  const scratch = mkdtempSync(join(tmpdir(), `provstat-bundle-${name}-`));
  try {
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '--eval', RUN_BUNDLER, name, scratch, pathToFileURL(BUNDLER).href],
      { cwd: REPOSITORY_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 },
    );
    if (result.status !== 0) {
      const detail = (result.stderr || result.stdout || result.error?.message || '')
        .trim()
        .split('\n')
        .slice(-5)
        .join(' | ');
      throw new Error(`bundling the ${name} function failed: ${detail}`);
    }
    const bundle = join(scratch, name);
    if (!existsSync(join(bundle, 'index.mjs'))) throw new Error(`bundling the ${name} function wrote no index.mjs`);
    cpSync(bundle, outputDir, { recursive: true });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
