// Static checks on the bundled main.js: it requires only what Obsidian provides, carries the wasm core
// inside (no separate file to fetch, mobile-safe), uses no Node built-ins and no HTML injection, and
// stays within a size budget. Reports its size.
import { readFileSync, statSync } from "node:fs";
import { Buffer } from "node:buffer";
import { stdout } from "node:process";
import { decompress } from "fzstd";
import { describe, expect, it } from "vitest";

const source = readFileSync("main.js", "utf8");
const ALLOWED = /^(obsidian|electron|@codemirror\/[a-z-]+|@lezer\/[a-z-]+)$/;

describe("main.js", () => {
  it("only requires modules Obsidian provides", () => {
    const required = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(required).toContain("obsidian");
    expect(required.filter((id) => !ALLOWED.test(id ?? ""))).toEqual([]);
    // No dynamic requires either: every `require(` call has a literal module name.
    expect(source.match(/\brequire\(/g)?.length).toBe(required.length);
  });

  it("embeds the wasm core compressed with Zstandard, and it decompresses to exactly the built module", () => {
    // base64 of a Zstandard frame's magic (28 b5 2f fd) starts "KLUv/"; the longest such literal is the core.
    const literals = [...source.matchAll(/"(KLUv\/[A-Za-z0-9+/=]+)"/g)].map((m) => m[1] ?? "");
    const embedded = literals.sort((a, b) => b.length - a.length)[0] ?? "";
    const unpacked = Buffer.from(decompress(Buffer.from(embedded, "base64")));
    expect(unpacked.equals(readFileSync("pkg/jira_vault_sync_bg.wasm"))).toBe(true);
    expect(source).not.toContain('"AGFzbQEAAAA');
  });

  it("uses no Node built-ins, no HTML injection and no import.meta", () => {
    expect(source).not.toMatch(/\brequire\(\s*["'](node:|fs|path|child_process|os|crypto|http|https|url)["']/);
    expect(source).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/);
    expect(source).not.toContain("import.meta");
  });

  it("exports the plugin class as CommonJS", () => {
    expect(source).toMatch(/module\.exports\s*=/);
  });

  it("stays under 1 MB", () => {
    const bytes = statSync("main.js").size;
    const wasmBytes = statSync("pkg/jira_vault_sync_bg.wasm").size;
    stdout.write(`main.js: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB), with the ${wasmBytes}-byte wasm compressed with Zstandard as base64\n`);
    expect(bytes).toBeLessThan(1024 * 1024);
  });
});
