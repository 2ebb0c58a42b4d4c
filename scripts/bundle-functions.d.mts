/** Types of scripts/bundle-functions.mjs for the tests and the CDK stack. */
export interface FunctionBundle {
  readonly name: string;
  /** `outDir/<name>`: upload this folder as the function's code; the handler is `index.handler`. */
  readonly directory: string;
  /** Files written, relative to `directory`. */
  readonly files: readonly string[];
  /** Unzipped size of the folder in bytes. */
  readonly bytes: number;
  /** Whether the DuckDB native binding was packaged (the bundle imports it). */
  readonly importsBinding: boolean;
}

export const FUNCTION_NAMES: readonly string[];
export const DEFAULT_OUT_DIR: string;
export const LAMBDA_ARCHITECTURE: 'x86_64';
export function bundleFunction(name: string, outDir?: string): Promise<FunctionBundle>;
export function existingFunctionNames(): Promise<string[]>;
