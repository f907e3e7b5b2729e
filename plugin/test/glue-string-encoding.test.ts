// Strings cross into the core as UTF-8 written by `TextEncoder.encodeInto` when longer than 64 characters
// (scripts/build.mjs `withNativeStringEncoding` rewrites wasm-bindgen's byte-per-character loop): the core must
// receive exactly the bytes the glue's own loop wrote, for ASCII text and for text whose first non-ASCII character
// (two, three or four bytes, or a lone surrogate, which becomes U+FFFD as before) sits anywhere.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";
import { withNativeStringEncoding } from "../../scripts/build.mjs";

const utf8 = (text: string): string => new TextDecoder().decode(new TextEncoder().encode(text));

describe("the glue's string encoding", () => {
  it("is the native one in the built glue", () => {
    const glue = readFileSync(new URL("../../pkg/jira_vault_sync.js", import.meta.url), "utf8");
    expect(glue).toContain("cachedTextEncoder.encodeInto(arg, mem.subarray(ptr, ptr + len))");
    expect(() => withNativeStringEncoding(glue)).toThrow(/not the expected one/);
  });

  it("passes every string as its UTF-8", () => {
    core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
    // `stripConflictCallouts` returns a body without conflict callouts as it received it.
    const echo = (text: string): string => (core.stripConflictCallouts(text) as { body: string }).body;
    for (const odd of ["", "é", "ß\u07FF", "日本", "\uFFFF", "😀", "\uD800", "\uDC00x"]) {
      for (const before of [0, 1, 63, 64, 65, 100, 4096]) {
        for (const after of [0, 1, 70]) {
          const text = `${"a".repeat(before)}${odd}${"b".repeat(after)}`;
          expect(echo(text)).toBe(utf8(text));
        }
      }
    }
    const long = "word é ".repeat(20_000) + "😀".repeat(3);
    expect(echo(long)).toBe(long);
  });
});
