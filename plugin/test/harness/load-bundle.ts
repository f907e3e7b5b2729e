// Loads the bundled main.js the way Obsidian does: as CommonJS, with `require("obsidian")` answered by
// the stub and the CodeMirror packages by their real CommonJS builds. Records every module main.js asks for.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { runInThisContext } from "node:vm";
import { obsidianStub, type Plugin, type FakeApp } from "./obsidian-stub";

const nodeRequire = createRequire(import.meta.url);

export interface LoadedBundle {
  PluginClass: new (app: FakeApp, manifest: unknown) => Plugin;
  required: string[];
}

export function loadBundle(path = "main.js"): LoadedBundle {
  const code = readFileSync(path, "utf8");
  const required: string[] = [];
  const requireForBundle = (id: string): unknown => {
    required.push(id);
    if (id === "obsidian") return obsidianStub;
    if (id.startsWith("@codemirror/")) return nodeRequire(id);
    throw new Error(`main.js required an unexpected module: ${id}`);
  };
  const module: { exports: Record<string, unknown> } = { exports: {} };
  const wrapper = runInThisContext(`(function (module, exports, require) {${code}\n})`, { filename: path }) as (
    m: typeof module,
    e: Record<string, unknown>,
    r: (id: string) => unknown,
  ) => void;
  wrapper(module, module.exports, requireForBundle);
  const PluginClass = (module.exports.default ?? module.exports) as LoadedBundle["PluginClass"];
  return { PluginClass, required };
}
