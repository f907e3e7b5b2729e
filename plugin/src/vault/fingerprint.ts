// Note fingerprints, as the core computes them (`note_fingerprint` in src/sync/engine/fingerprint.rs): the
// SHA-256 digest of the note's UTF-8 text, first 16 bytes in lower-case hex. Web Crypto gives the digest in
// Obsidian (desktop and mobile) and in Node alike. A vault port computes it when it reads a note the sync may
// use and keeps it with the file's size and modification time (`FingerprintCache`); while those are unchanged
// it hands the engine the note by fingerprint, unread, and the engine asks for the text when it needs it.

/** The fingerprint of a note's text. */
export async function noteFingerprint(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let hex = "";
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** A file's size in bytes and modification time in ms, as the vault reports them. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/**
 * A modification time this close to the read is not trusted: a write in the same clock tick could leave size
 * and time as they were (the "racy" case git guards against the same way); such a note is read next time too.
 */
export const RACY_MS = 2000;

/** Fingerprints of notes read, by path, valid while the file keeps its size and modification time. */
export class FingerprintCache {
  constructor(private readonly entries = new Map<string, [number, number, string]>()) {}

  /** The fingerprint of the note's text when the file is unchanged since it was read, else undefined. */
  get(path: string, stamp: FileStamp): string | undefined {
    const known = this.entries.get(path);
    return known !== undefined && known[0] === stamp.size && known[1] === stamp.mtimeMs ? known[2] : undefined;
  }

  /** Records the fingerprint of a note just read (`readAt`: when), unless its time is too close to trust. */
  set(path: string, stamp: FileStamp, fingerprint: string, readAt: number): void {
    if (stamp.mtimeMs < readAt - RACY_MS) this.entries.set(path, [stamp.size, stamp.mtimeMs, fingerprint]);
    else this.entries.delete(path);
  }

  /** Every entry, for saving. */
  all(): Map<string, [number, number, string]> {
    return this.entries;
  }
}
