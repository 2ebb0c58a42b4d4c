/**
 * The import rules of the tree, checked by `npm run lint` (dependency-cruiser): the core stays
 * free of engines and clouds, the stack never loads DuckDB, the CLI never reaches into the Lambda
 * functions, and nothing imports in a circle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other in a circle cannot be understood or loaded one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-without-engines',
      severity: 'error',
      comment: 'pipelines/ is the pure core: no DuckDB, no AWS SDK, no adapters, no composition.',
      from: { path: '^pipelines/' },
      to: {
        path: ['^node_modules/@duckdb/', '^node_modules/@aws-sdk/', '^adapters/', '^cli/', '^functions/', '^infra/'],
      },
    },
    {
      name: 'one-duckdb-importer',
      severity: 'error',
      comment: 'adapters/duckdb/ is the only importer of @duckdb/*.',
      from: { pathNot: '^adapters/duckdb/' },
      to: { path: '^node_modules/@duckdb/' },
    },
    {
      name: 'stack-never-loads-duckdb',
      severity: 'error',
      comment: 'cdk synth must not load an engine: infra/ reaches nothing that imports @duckdb/*.',
      from: { path: '^infra/' },
      to: { path: '^node_modules/@duckdb/', reachable: true },
    },
    {
      name: 'stack-takes-only-the-contract',
      severity: 'error',
      comment: 'infra/ takes the warehouse contract from pipelines/, never an adapter or a handler.',
      from: { path: '^infra/' },
      to: { path: ['^adapters/', '^cli/', '^functions/'] },
    },
    {
      name: 'cli-not-functions',
      severity: 'error',
      comment: 'The CLI composes adapters itself; the Lambda handlers are another composition.',
      from: { path: '^cli/' },
      to: { path: '^functions/' },
    },
    {
      name: 'functions-not-cli',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^cli/' },
    },
    {
      name: 'adapters-not-composition',
      severity: 'error',
      comment: 'Adapters implement the core ports; they do not depend on who composes them.',
      from: { path: '^adapters/' },
      to: { path: ['^cli/', '^functions/', '^infra/'] },
    },
    {
      name: 'no-tests-in-production',
      severity: 'error',
      from: { path: '^(pipelines|adapters|cli|functions|infra)/' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|build|cdk\\.out|bench/out)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
