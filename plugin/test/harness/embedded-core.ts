// Finds the core as main.js carries it (scripts/build.mjs, tools/wasm-embed): the string literal that starts with
// the padding digit and the Z85 of an XZ stream's first four bytes (FD 37 7A 58 → "@wP48").

const EMBEDDED = /"([0-3]@wP48[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]+)"/g;

/** The embedded core's text in a bundle's source (the longest such literal), or "" when there is none. */
export function embeddedCoreText(source: string): string {
  const literals = [...source.matchAll(EMBEDDED)].map((m) => m[1] ?? "");
  return literals.sort((a, b) => b.length - a.length)[0] ?? "";
}

/** The size of the XZ stream inside the embedded text (Z85 groups less the padding). */
export function embeddedXzBytes(text: string): number {
  return text.length === 0 ? 0 : ((text.length - 1) / 5) * 4 - Number(text[0]);
}
