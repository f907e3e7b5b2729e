// manifest.json and versions.json against the community plugin rules, and minAppVersion against the
// `@since` of every Obsidian API the plugin's code uses at run time (found with the TypeScript checker:
// each value reference in plugin/src that resolves to a declaration in obsidian.d.ts).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

interface Manifest {
  id: string;
  name: string;
  version: string;
  minAppVersion: string;
  description: string;
  author: string;
  isDesktopOnly: boolean;
}

const manifest = JSON.parse(readFileSync("manifest.json", "utf8")) as Manifest;
const versions = JSON.parse(readFileSync("versions.json", "utf8")) as Record<string, string>;
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return full.endsWith(".ts") && !full.endsWith(".d.ts") ? [full] : [];
  });
}

/** Every Obsidian API referenced as a value in plugin/src, with its `@since` (or null when untagged). */
function obsidianApisUsed(): Map<string, string | null> {
  const program = ts.createProgram(tsFiles("plugin/src"), {
    target: ts.ScriptTarget.ES2021,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const used = new Map<string, string | null>();
  const isTypePosition = (node: ts.Node): boolean => {
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
      // A class's `extends` clause is a value reference; `implements` is not.
      if (ts.isHeritageClause(n)) return n.token !== ts.SyntaxKind.ExtendsKeyword;
      if (ts.isExpressionWithTypeArguments(n)) continue;
      if (ts.isTypeNode(n) || ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return true;
      if (ts.isStatement(n) || ts.isClassElement(n)) return false;
    }
    return false;
  };
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.includes("plugin/src/")) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && !isTypePosition(node)) {
        let symbol = checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        for (const decl of symbol?.declarations ?? []) {
          if (!decl.getSourceFile().fileName.endsWith("obsidian/obsidian.d.ts")) continue;
          const since = ts.getJSDocTags(decl).find((t) => t.tagName.text === "since");
          const text = typeof since?.comment === "string" ? since.comment.trim() : null;
          const owner = (decl.parent as ts.Node & { name?: ts.Identifier }).name?.text;
          used.set(owner && !ts.isSourceFile(decl.parent) ? `${owner}.${node.text}` : node.text, text);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return used;
}

describe("manifest.json", () => {
  it("has an id the directory accepts", () => {
    expect(manifest.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(manifest.id).not.toMatch(/obsidian/);
    expect(manifest.id).not.toMatch(/plugin$/);
  });

  it("has a name without Obsidian or Plugin", () => {
    expect(manifest.name).not.toMatch(/obsidian|plugin/i);
    expect(manifest.name.trim()).toBe(manifest.name);
  });

  it("has a short description that ends with a period and has no emoji", () => {
    expect(manifest.description.length).toBeLessThanOrEqual(250);
    expect(manifest.description.endsWith(".")).toBe(true);
    expect(manifest.description).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(manifest.description).not.toMatch(/obsidian|this plugin/i);
  });

  it("agrees with package.json and versions.json", () => {
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.version).toBe(pkg.version);
    expect(versions[manifest.version]).toBe(manifest.minAppVersion);
    expect(manifest.isDesktopOnly).toBe(false);
  });

  it("has a minAppVersion covering every Obsidian API the code uses", { timeout: 60_000 }, () => {
    const used = obsidianApisUsed();
    // Sanity: the scan sees the APIs main.ts and the adapters rely on.
    for (const api of ["Plugin", "PluginSettingTab", "Plugin.registerMarkdownPostProcessor", "Plugin.registerEditorExtension", "editorLivePreviewField", "Setting.setHeading"]) {
      expect([...used.keys()]).toContain(api);
    }
    const tooNew = [...used].filter(([, since]) => since !== null && compareVersions(since, manifest.minAppVersion) > 0);
    expect(tooNew).toEqual([]);
    expect(compareVersions(manifest.minAppVersion, "1.11.4")).toBeGreaterThanOrEqual(0);
  });
});
