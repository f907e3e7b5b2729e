// Size of main.js by part (issue #13 goal 4: ≤ 1 MB): the plugin's JavaScript, the embedded wasm (XZ as 7-bit text,
// as scripts/build.mjs and tools/wasm-embed put it there; its gzip size for comparison), and the wasm's code by crate and
// by module of our own crate, from the code-size profiler twiggy (`twiggy top --format json`) on the release
// build's wasm, which still has its function names (the shipped wasm has none: the build sorts its functions by
// them, then drops them; `tools/wasm-embed --order`).
// `npm run bench` installs twiggy through `scripts/setup.mjs --bench`; without it the breakdown is skipped.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { embeddedCoreText, embeddedTextBytes, embeddedXzBytes } from "../plugin/test/harness/embedded-core";

export interface SizeGroup {
  name: string;
  bytes: number;
}

export interface SizeFigures {
  mainJsBytes: number;
  /** main.js without the embedded wasm: the plugin's own JavaScript and its libraries. */
  jsBytes: number;
  /** The embedded wasm as main.js carries it (XZ, as 7-bit text). */
  embeddedWasmBytes: number;
  wasmBytes: number;
  /** The wasm compressed as main.js carries it (the XZ stream, before the 7-bit text). */
  wasmXzBytes: number;
  /** The wasm gzipped (level 9), for comparison. */
  wasmGzipBytes: number;
  /** Code and data of the release wasm by crate, largest first (twiggy), when twiggy is installed. */
  byCrate: SizeGroup[];
  /** Code of our own crate by top-level module, largest first. */
  byModule: SizeGroup[];
  /** The largest functions. */
  largest: SizeGroup[];
  /** Why the breakdown is missing. */
  skipped?: string;
}

const root = new URL("..", import.meta.url);

interface TwiggyRow {
  name: string;
  shallow_size: number;
}

/** The crate a (demangled) item belongs to: the first path segment, looking through `<impl … for …>` wrappers. */
export function crateOf(name: string): string {
  const trimmed = name.replace(/^(<|impl |&|mut |dyn )+/, "");
  // The standard library's names carry a hash in brackets (`core[c5930c85a12de822]::…`).
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(trimmed);
  if (m?.[1] !== undefined) return m[1];
  return /^(str|f64|f32|u\d+|i\d+|char|\[)/.test(trimmed) ? "core" : "(other)";
}

function grouped(rows: TwiggyRow[], key: (name: string) => string | null): SizeGroup[] {
  const sums = new Map<string, number>();
  for (const r of rows) {
    const k = key(r.name);
    if (k !== null) sums.set(k, (sums.get(k) ?? 0) + r.shallow_size);
  }
  return [...sums].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export function sizeBench(): SizeFigures {
  const mainJsBytes = statSync(new URL("main.js", root)).size;
  const wasm = readFileSync(new URL("pkg/jira_vault_sync_bg.wasm", root));
  const wasmGzipBytes = gzipSync(wasm, { level: 9 }).length;
  const embedded = embeddedCoreText(readFileSync(new URL("main.js", root), "utf8"));
  const embeddedWasmBytes = embeddedTextBytes(embedded);
  const wasmXzBytes = embeddedXzBytes(embedded);
  const base: SizeFigures = { mainJsBytes, jsBytes: mainJsBytes - embeddedWasmBytes, embeddedWasmBytes, wasmBytes: wasm.length, wasmXzBytes, wasmGzipBytes, byCrate: [], byModule: [], largest: [] };
  let rows: TwiggyRow[];
  try {
    const file = fileURLToPath(new URL("target/wasm32-unknown-unknown/release/jira_vault_sync.wasm", root));
    rows = JSON.parse(execFileSync("twiggy", ["top", "--format", "json", "-n", "100000", file], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })) as TwiggyRow[];
  } catch (e) {
    return { ...base, skipped: `twiggy failed or is missing (npm run bench installs it): ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` };
  }
  // Custom sections (names, wasm-bindgen's descriptors) are not shipped: the build strips them.
  const shipped = rows.filter((r) => !/subsection|custom section|^Σ|more\.$/.test(r.name));
  const ours = "jira_vault_sync::";
  return {
    ...base,
    byCrate: grouped(shipped, (n) => (n.startsWith("data segment") ? "(data)" : crateOf(n))).slice(0, 12),
    byModule: grouped(shipped, (n) => {
      const i = n.indexOf(ours);
      if (i < 0 || crateOf(n) !== "jira_vault_sync") return null;
      return `jira_vault_sync::${n.slice(i + ours.length).split("::")[0] ?? ""}`;
    }).slice(0, 12),
    largest: shipped
      .filter((r) => !r.name.startsWith("data segment"))
      .slice(0, 10)
      .map((r) => ({ name: r.name.replace(/::h[0-9a-f]{16}$/, ""), bytes: r.shallow_size })),
  };
}
