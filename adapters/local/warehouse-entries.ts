/** The file-system facts `provstat doctor` needs of a local warehouse beyond the storage port. */
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** When the file under a warehouse key was last written, or null when it is gone. */
export async function modifiedAt(root: string, key: string): Promise<number | null> {
  const info = await stat(join(root, ...key.split('/'))).catch(() => null);
  return info ? info.mtimeMs : null;
}

/** Removes the file or folder under a warehouse key (relative path with `/`). */
export async function removeEntry(root: string, key: string): Promise<void> {
  await rm(join(root, ...key.split('/')), { recursive: true, force: true });
}
