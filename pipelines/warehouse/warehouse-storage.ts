/**
 * Where the warehouse lives: a local folder or (in AWS) a bucket. The pipeline writes the same
 * keys to either; a key becomes visible only once complete.
 */

export interface WarehouseStorage {
  /** Where DuckDB reads a key or a glob from: a local path or an `s3://` URL. */
  locate(key: string): string;
  exists(key: string): Promise<boolean>;
  /** The text stored under a key, or undefined when there is none. */
  readText(key: string): Promise<string | undefined>;
  /** Makes a finished local file visible under a key in one step (the local file is consumed). */
  putFile(key: string, localPath: string): Promise<void>;
  /** Stores text under a key in one step. */
  putText(key: string, text: string): Promise<void>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /** A fresh local folder for files being written; removed with `releaseScratch`. */
  createScratch(): Promise<string>;
  releaseScratch(path: string): Promise<void>;
}
