/**
 * When a source was uploaded: what "later" means when a correction replaces a value. Processing
 * order never decides it, so replays, crashes, retries and delivery order cannot change the result.
 */

export interface Upload {
  /** The S3 object's last-modified time; locally the file's modification time or `--uploaded-at`. */
  readonly at: Date;
  /** The S3 event's sequencer as `uploadSequence` pads it; null when there is none (locally). */
  readonly sequence: string | null;
}

/** Width the sequencer is padded to: S3 sequencers are hex strings of varying length. */
const SEQUENCE_DIGITS = 32;

/**
 * An S3 event sequencer as text that sorts in the sequencer's order: upper-case hex, left-padded
 * with zeros (S3 says to compare sequencers as hex numbers after padding the shorter one). Null
 * for a missing or malformed one, which then sorts before any real sequencer.
 */
export function uploadSequence(sequencer: string | undefined | null): string | null {
  if (!sequencer || !/^[0-9A-Fa-f]{1,32}$/.test(sequencer)) return null;
  return sequencer.toUpperCase().padStart(SEQUENCE_DIGITS, '0');
}
