/**
 * Turns uploaded bytes into NFC text: UTF-8 with or without BOM, UTF-16 with BOM, and the older
 * Vietnamese encodings (Windows-1258, TCVN3, VNI) when their reading is clearly Vietnamese, also
 * when UTF-8 text carries a legacy font's code points. Anything else (binary data, an encoding
 * that cannot be told with confidence) is refused with a reason, never decoded by guesswork.
 */
import { detectLegacyBytes, detectLegacyFont } from './detect-vietnamese-encoding.js';
import { convertLegacyText, decodeLegacyBytes } from './legacy-vietnamese.js';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'tcvn3' | 'vni';

export type DecodedText =
  | { readonly ok: true; readonly text: string; readonly encoding: TextEncodingName }
  | { readonly ok: false; readonly reason: string };

/**
 * Decodes an uploaded file and says which encoding it was in. The text comes back in Unicode NFC
 * unless `keepForm` is set (text reports keep their own form so that evidence offsets point into
 * the text as it was sent); text converted from a legacy encoding is always NFC.
 */
export function decodeText(bytes: Uint8Array, options: { keepForm?: boolean } = {}): DecodedText {
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) return decoded;
  // A NUL anywhere, not only near the start, is binary data (UTF-16 text is checked once decoded).
  if (decoded.text.includes('\u0000')) return { ok: false, reason: BINARY_REASON };
  const font = detectLegacyFont(decoded.text);
  if (font) return { ok: true, text: convertLegacyText(decoded.text, font), encoding: font };
  const keepForm = options.keepForm && decoded.encoding !== 'windows-1258';
  return keepForm ? decoded : { ...decoded, text: decoded.text.normalize('NFC') };
}

const BINARY_REASON = 'the file is not text (it contains binary data); send the CSV or the report as a text file';

function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return decodeWith('utf-8', bytes.subarray(3), 'utf-8-bom');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2), 'utf-16be');
  if (bytes.subarray(0, 8192).includes(0)) {
    return { ok: false, reason: BINARY_REASON };
  }
  const utf8 = decodeWith('utf-8', bytes, 'utf-8');
  if (utf8.ok) return utf8;
  const legacy = detectLegacyBytes(bytes);
  if (legacy.ok) return { ok: true, text: decodeLegacyBytes(bytes, legacy.encoding), encoding: legacy.encoding };
  return {
    ok: false,
    reason:
      'the file is not UTF-8 text, and it does not read clearly as Vietnamese in Windows-1258, TCVN3 or VNI; ' +
      'save it again as "CSV UTF-8" (or plain text in UTF-8)',
  };
}

function decodeWith(
  label: 'utf-8' | 'utf-16le' | 'utf-16be',
  bytes: Uint8Array,
  encoding: TextEncodingName,
): DecodedText {
  try {
    const text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
    return { ok: true, text, encoding };
  } catch {
    return {
      ok: false,
      reason:
        label === 'utf-8'
          ? 'the file is not UTF-8 text; save it again as "CSV UTF-8" (or plain text in UTF-8)'
          : `the file starts with a ${label.toUpperCase()} byte-order mark but is not valid ${label.toUpperCase()} text`,
    };
  }
}
