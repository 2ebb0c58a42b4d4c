#!/usr/bin/env node
/**
 * Bundles the Lambda functions for deployment: per function, `DIR/<name>/index.mjs` (ESM, esbuild,
 * Node 20 syntax for Lambda's Node 24 runtime, source map; handler `index.handler`) with the DuckDB
 * native binding for Lambda's x86_64 architecture packaged beside it in `node_modules/`, a
 * `package.json` naming the folder as the provstat package, and for the rollup a copy of the `queries/*.sql` files.
 *
 *   node scripts/bundle-functions.mjs [--out DIR] [NAME...]     (default: build/lambda, every function)
 *
 * `bundleFunction(name, outDir)` is the same step for the CDK stack's local bundling.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The functions there are, in deployment order; a missing file is skipped by the default run. */
export const FUNCTION_NAMES = ['ingest', 'rollup'];
export const DEFAULT_OUT_DIR = join(PROJECT_ROOT, 'build', 'lambda');
/** Lambda's architecture for the functions (see functions/README.md for the arm64 trade-off). */
export const LAMBDA_ARCHITECTURE = 'x86_64';
const BINDING_PACKAGE = '@duckdb/node-bindings';
const PLATFORM_PACKAGE = '@duckdb/node-bindings-linux-x64';

const projectRequire = createRequire(join(PROJECT_ROOT, 'package.json'));

/**
 * Bundles one function into `outDir/<name>/`, replacing what was there.
 * @returns the folder, the files written (relative to it) and their total size in bytes
 */
export async function bundleFunction(name, outDir = DEFAULT_OUT_DIR) {
  if (!FUNCTION_NAMES.includes(name))
    throw new Error(`there is no function named ${name}; the functions are: ${FUNCTION_NAMES.join(', ')}`);
  const entry = join(PROJECT_ROOT, 'functions', `${name}.ts`);
  if (!existsSync(entry)) throw new Error(`functions/${name}.ts does not exist`);
  const directory = resolve(outDir, name);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });

  const result = await build({
    entryPoints: [entry],
    outfile: join(directory, 'index.mjs'),
    bundle: true,
    platform: 'node',
    // The oldest Node the bundle must run on: the tests' Node 20; Lambda's newer runtime runs it too.
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    sourcesContent: false,
    minify: true,
    keepNames: true,
    legalComments: 'none',
    mainFields: ['module', 'main'],
    // The native binding cannot be bundled: it is loaded from node_modules/ beside index.mjs.
    external: [BINDING_PACKAGE],
    // CommonJS dependencies inside an ES module still need `require` (for Node built-ins and the binding).
    banner: {
      js: "import { createRequire as __provstatCreateRequire } from 'node:module'; const require = __provstatCreateRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: 'warning',
  });
  const importsBinding = Object.values(result.metafile.outputs).some((output) =>
    output.imports.some((imported) => imported.path === BINDING_PACKAGE),
  );
  if (importsBinding) await copyDuckDbBinding(join(directory, 'node_modules'));
  // The query files only (not the folder's README).
  if (name === 'rollup') {
    await cp(join(PROJECT_ROOT, 'queries'), join(directory, 'queries'), {
      recursive: true,
      filter: (source) => !source.endsWith('.md'),
    });
  }
  // Marks the folder as the provstat package, so code that finds queries/ from the package root finds the copy.
  const { version } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8'));
  await writeFile(
    join(directory, 'package.json'),
    `${JSON.stringify({ name: 'provstat', version, private: true, type: 'module' }, null, 2)}\n`,
  );

  const files = await listFiles(directory);
  let bytes = 0;
  for (const file of files) bytes += (await stat(join(directory, file))).size;
  return { name, directory, files, bytes, importsBinding };
}

/** Copies the binding's loader, its one dependency and the linux-x64 native library: nothing else. */
async function copyDuckDbBinding(nodeModules) {
  const loaderFolder = dirname(projectRequire.resolve(`${BINDING_PACKAGE}/package.json`));
  let platformFolder;
  try {
    platformFolder = dirname(
      createRequire(join(loaderFolder, 'package.json')).resolve(`${PLATFORM_PACKAGE}/package.json`),
    );
  } catch {
    const { version } = JSON.parse(await readFile(join(loaderFolder, 'package.json'), 'utf8'));
    throw new Error(
      `the Lambda's DuckDB binding ${PLATFORM_PACKAGE} is not installed; add it with: npm install --no-save --os=linux --cpu=x64 ${PLATFORM_PACKAGE}@${version}`,
    );
  }
  const detectLibcFolder = dirname(
    createRequire(join(loaderFolder, 'package.json')).resolve('detect-libc/package.json'),
  );
  await copyFiles(loaderFolder, join(nodeModules, BINDING_PACKAGE), ['package.json', 'duckdb.js', 'LICENSE']);
  await copyFiles(platformFolder, join(nodeModules, PLATFORM_PACKAGE), [
    'package.json',
    'duckdb.node',
    'libduckdb.so',
    'LICENSE',
  ]);
  await copyFiles(detectLibcFolder, join(nodeModules, 'detect-libc'), ['package.json', 'lib', 'LICENSE']);
}

async function copyFiles(from, to, names) {
  await mkdir(to, { recursive: true });
  for (const name of names) {
    if (existsSync(join(from, name))) await cp(join(from, name), join(to, name), { recursive: true });
  }
}

async function listFiles(folder) {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

/** The functions that exist and export a handler. */
export async function existingFunctionNames() {
  const names = [];
  for (const name of FUNCTION_NAMES) {
    const path = join(PROJECT_ROOT, 'functions', `${name}.ts`);
    if (!existsSync(path)) continue;
    const source = await readFile(path, 'utf8');
    if (/export\s+(const|let|async\s+function|function)\s+handler\b|export\s*\{[^}]*\bhandler\b[^}]*\}/.test(source))
      names.push(name);
  }
  return names;
}

function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

async function main(argv) {
  let outDir = DEFAULT_OUT_DIR;
  const names = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--out') {
      const value = argv[++index];
      if (!value) throw new Error('--out takes a folder');
      outDir = resolve(value);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write('Usage: node scripts/bundle-functions.mjs [--out DIR] [NAME...]\n');
      return;
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      names.push(arg);
    }
  }
  const chosen = names.length > 0 ? names : await existingFunctionNames();
  if (chosen.length === 0) throw new Error('there is no function to bundle in functions/');
  for (const name of chosen) {
    const bundle = await bundleFunction(name, outDir);
    const shown = relative(process.cwd(), bundle.directory) || '.';
    process.stdout.write(
      `${name}: ${shown}/index.mjs (handler index.handler, ${LAMBDA_ARCHITECTURE}), ${bundle.files.length} files, ${formatSize(bundle.bytes)} unzipped\n`,
    );
    for (const file of bundle.files)
      process.stdout.write(`  ${file} ${formatSize((await stat(join(bundle.directory, file))).size)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`bundle-functions: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
