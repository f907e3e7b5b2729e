// The note typed into by the typing benchmark and the typing-cost test: a realistic note of a given size
// (front matter, then `markdownDocument` sections with code, links and keys) with the paragraph being typed
// into (`TYPING_SPOT`) in the middle, so every size types into the very same paragraph.
import { markdownDocument } from "./corpus";

export const TYPING_SPOT = "Notes from the call with OPS-3 and `kubectl` here: ";

/** A note of about `bytes` characters with `TYPING_SPOT` in the middle. */
export function typingNote(bytes: number): string {
  return `---\njira_key: OPS-1\ntitle: Handbook\n---\n${markdownDocument(bytes / 2)}\n\n${TYPING_SPOT}\n\n${markdownDocument(bytes / 2, 7)}`;
}

/** Typed text: a key, inline code opened and closed (keys inside stay plain), a new line. */
export const TYPED = "See OPS-42 and `code OPS-7` then\nmore text, OPS-9.";
