/**
 * What an uploaded Office file's bytes are before anything is unpacked: a zip (the .xlsx/.docx
 * format), an old binary Office file, a password-protected one (Office encrypts into the old
 * container), text with an Office name, or something else; and a zip's directory with the
 * unpacked size of each entry, so a reader can bound its memory before unpacking.
 */
import { unzipSync } from 'fflate';

export type OfficeContainer = 'empty' | 'zip' | 'legacy-office' | 'encrypted-office' | 'text' | 'other';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The stream a password-protected Office file keeps its key data in, as its compound-file directory names it. */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

/** Tells the container from the first bytes (and, for the old container, its directory's names). */
export function sniffOfficeContainer(bytes: Uint8Array): OfficeContainer {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, ZIP) || startsWith(bytes, EMPTY_ZIP)) return 'zip';
  if (startsWith(bytes, COMPOUND_FILE)) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTION_INFO)
      ? 'encrypted-office'
      : 'legacy-office';
  }
  return looksLikeText(bytes) ? 'text' : 'other';
}

/** A zip's entries and their unpacked sizes as its directory declares them; undefined for no readable zip. */
export function readZipDirectory(bytes: Uint8Array): ReadonlyMap<string, number> | undefined {
  const entries = new Map<string, number>();
  try {
    // The filter sees each entry of the directory and unpacks none of them.
    unzipSync(bytes, {
      filter: (entry) => {
        entries.set(entry.name, entry.originalSize);
        return false;
      },
    });
  } catch {
    return undefined;
  }
  return entries;
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if (head[0] === 0xff && head[1] === 0xfe) return true;
  return head.every((byte) => byte >= 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);
}
