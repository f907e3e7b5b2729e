// Law 3: every ADF the converter produces validates against the ADF JSON schema shipped in
// @atlaskit/adf-schema (read from node_modules, not copied). Also laws 1 and 2 through the wasm exports.
// Needs pkg/ built: `node scripts/build.mjs`.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const schemaPath = "node_modules/@atlaskit/adf-schema/dist/json-schema/v1/full.json";
const readJson = (file: string): Json => JSON.parse(readFileSync(file, "utf8")) as Json;
const isObject = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

function files(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));
}

// The schema declares draft-04; Ajv 8 validates it as the current draft (the keywords used are the same).
const schema = readJson(schemaPath);
if (isObject(schema)) delete schema.$schema;
const ajv = new Ajv({ strict: false, allErrors: false });
const validate = ajv.compile(schema as object);

function schemaErrors(doc: Json): string | null {
  if (validate(doc)) return null;
  return ajv.errorsText(validate.errors, { separator: "\n" });
}

// Mirrors src/adf/normalise.rs (documented in docs/adf-mapping.md).
const defaults: Record<string, Record<string, (v: Json) => boolean>> = {
  orderedList: { order: (v) => v === 1 },
  table: { isNumberColumnEnabled: (v) => v === false, layout: (v) => v === "default" },
  tableCell: { colspan: (v) => v === 1, rowspan: (v) => v === 1 },
  tableHeader: { colspan: (v) => v === 1, rowspan: (v) => v === 1 },
  codeBlock: { language: (v) => v === "" },
  expand: { title: (v) => v === "" },
  nestedExpand: { title: (v) => v === "" },
  mention: { accessLevel: (v) => v === "" },
  status: { style: (v) => v === "" },
  mediaSingle: { layout: (v) => v === "center" },
};

function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k] ?? null)}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

function normalise(node: Json): Json {
  if (!isObject(node)) return node;
  const type = typeof node.type === "string" ? node.type : "";
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "attrs" && isObject(value)) {
      const attrs: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === "localId" || defaults[type]?.[k]?.(v)) continue;
        attrs[k] = v;
      }
      if (Object.keys(attrs).length > 0) out.attrs = attrs;
    } else if (key === "marks" && Array.isArray(value)) {
      const marks = value.map((m) => {
        if (isObject(m) && isObject(m.attrs) && Object.keys(m.attrs).length === 0) {
          const rest = { ...m };
          delete rest.attrs;
          return rest;
        }
        return m;
      });
      const unique = [...new Map(marks.map((m) => [canonical(m), m])).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
      if (unique.length > 0) out.marks = unique.map(([, m]) => m);
    } else if (key === "content" && Array.isArray(value)) {
      const merged: Json[] = [];
      for (const child of value.map(normalise)) {
        if (isObject(child) && child.type === "text" && child.text === "") continue;
        const prev = merged[merged.length - 1];
        if (
          isObject(child) && isObject(prev) && child.type === "text" && prev.type === "text" &&
          canonical(child.marks ?? null) === canonical(prev.marks ?? null) &&
          Object.keys(child).length === Object.keys(prev).length
        ) {
          const text = (v: Json | undefined): string => (typeof v === "string" ? v : "");
          prev.text = text(prev.text) + text(child.text);
          continue;
        }
        merged.push(child);
      }
      if (merged.length > 0) out.content = merged;
    } else {
      out[key] = value;
    }
  }
  return out;
}

const toAdf = (md: string): Json => core.markdownToAdf(md) as Json;
const toMd = (adf: Json): string => core.adfToMarkdown(adf);

beforeAll(() => {
  core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
});

const markdownFixtures = files("tests/fixtures/markdown", ".md");
const adfFixtures = files("tests/fixtures/adf", ".json");
const specExamples = readJson("tests/fixtures/commonmark/spec-examples.json") as { example: number; markdown: string }[];

describe("law 3: the ADF we produce is schema-valid", () => {
  it("for the Obsidian-flavoured Markdown fixtures", () => {
    expect(markdownFixtures.length).toBeGreaterThanOrEqual(5);
    for (const file of markdownFixtures) {
      const errors = schemaErrors(toAdf(readFileSync(file, "utf8")));
      expect(errors, `${file}: ${errors ?? ""}`).toBeNull();
    }
  });

  it("for every CommonMark spec example", () => {
    const failures: string[] = [];
    for (const { example, markdown } of specExamples) {
      const adf = toAdf(markdown);
      const errors = schemaErrors(adf);
      if (errors) failures.push(`example ${example}: ${errors}\n${markdown}\n${JSON.stringify(adf)}`);
    }
    expect(failures, failures.join("\n\n")).toEqual([]);
  });

  it("for the hostile and edge-case notes", () => {
    const notes = [
      "> # heading in a quote\n> > nested quote\n> ---\n> | a |\n> | - |\n> | b |\n",
      "- # heading in a list\n- > quote in a list\n- | a |\n  | - |\n  | b |\n",
      "> [!note]- outer\n> > [!note]- inner\n> > > [!info] deepest\n",
      "| a | b |\n| - | - |\n| `**x**` | **`y`** |\n",
      "- [ ] task\n  > quote under a task\n",
      "<div>raw</div>\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
      "",
    ];
    for (const md of notes) {
      const errors = schemaErrors(toAdf(md));
      expect(errors, `${JSON.stringify(md)}: ${errors ?? ""}`).toBeNull();
    }
  });

  it("for the round trip of every schema-valid ADF fixture", () => {
    for (const file of adfFixtures) {
      const doc = readJson(file);
      const valid = schemaErrors(doc) === null;
      // Only future-nodes.json (unknown node types, marks where the schema allows none) is outside the schema.
      expect(valid, `${file}: ${schemaErrors(doc) ?? ""}`).toBe(!file.endsWith("future-nodes.json"));
      if (!valid) continue;
      const errors = schemaErrors(toAdf(toMd(doc)));
      expect(errors, `${file}: ${errors ?? ""}`).toBeNull();
    }
  });
});

describe("laws 1 and 2 through the wasm exports", () => {
  it("law 1: Jira → vault → Jira is lossless on the ADF fixtures", () => {
    for (const file of adfFixtures) {
      const doc = readJson(file);
      expect(normalise(toAdf(toMd(doc))), file).toEqual(normalise(doc));
    }
  });

  it("law 2: vault → Jira → vault is stable on the Markdown fixtures", () => {
    const tidy = (md: string) =>
      md.split("\n").map((l) => l.trimEnd()).join("\n").replace(/\n{3,}/g, "\n\n").trim();
    for (const file of markdownFixtures) {
      const md = readFileSync(file, "utf8");
      expect(tidy(toMd(toAdf(md))), file).toBe(tidy(md));
    }
  });

  it("rejects malformed ADF with the path of the bad node", () => {
    expect(() => toMd({ version: 1, type: "doc", content: [{ type: "paragraph", content: {} }] })).toThrow(
      'content[0]: expected an array for "content"',
    );
    expect(() => toMd("not a document")).toThrow("document: expected an ADF document object");
  });

  it("reads ADF's JSON text as Jira sends it to the same Markdown as the object, and says when it is not JSON", () => {
    for (const file of [...adfFixtures, ...markdownFixtures]) {
      const doc = file.endsWith(".json") ? readJson(file) : toAdf(readFileSync(file, "utf8"));
      // Pretty-printed, with non-ASCII characters raw and escaped (a surrogate pair as two escapes), as servers write.
      const text = JSON.stringify({ ...(doc as object), note: "é 😀 ☕" }, null, 2).replace("☕", "\\u2615").replace("😀", "\\ud83d\\ude00");
      expect(core.adfJsonToMarkdown(text), file).toBe(toMd(JSON.parse(text) as Json));
    }
    expect(() => core.adfJsonToMarkdown("{")).toThrow("expected ADF JSON text");
    // A lone surrogate escape is not text (the engine rejects Jira's answer likewise); the object path, whose
    // strings JavaScript made, reads it as U+FFFD.
    expect(() => core.adfJsonToMarkdown('{"version":1,"type":"doc","content":[{"type":"text","text":"\\ud800"}]}')).toThrow(
      "expected ADF JSON text",
    );
    expect(() => core.adfJsonToMarkdown('{"version":1,"type":"doc","content":[{"type":"paragraph","content":{}}]}')).toThrow(
      'content[0]: expected an array for "content"',
    );
  });
});
