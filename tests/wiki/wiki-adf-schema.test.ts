// Every ADF document the wasm `wikiToAdf` export produces is valid against the ADF JSON schema shipped in
// @atlaskit/adf-schema (read from node_modules, not copied): the wiki corpus, hostile samples and seeded
// random wiki-flavoured noise. Also checks that `adfToWiki` round-trips the corpus and reports bad ADF.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";

const require = createRequire(import.meta.url);
const fixtureDir = path.join("tests", "fixtures", "wiki");

function loadSchema(): object {
  const schemaPath = require.resolve("@atlaskit/adf-schema/dist/json-schema/v1/full.json");
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;
  // The schema declares draft-04; its keywords are ones Ajv's default draft reads the same way.
  delete schema.$schema;
  return schema;
}

const ajv = new Ajv({ strict: false, allErrors: false });
const validate = ajv.compile(loadSchema());

function expectValid(label: string, adf: unknown): void {
  const ok = validate(adf);
  if (!ok) {
    throw new Error(`${label}: invalid ADF ${JSON.stringify(validate.errors?.slice(0, 3))}\n${JSON.stringify(adf)}`);
  }
}

/** A small deterministic PRNG (mulberry32), so the random samples are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = [
  "*", "_", "-", "+", "^", "~", "??", "{{", "}}", "[", "]", "|", "||", "!", "\\\\", "\\", "\n", "\n\n", " ", "a", "word",
  "h1. ", "bq. ", "----", "* ", "# ", "*# ", "{code}", "{code:java}", "{noformat}", "{quote}", "{info}", "{note}",
  "{warning}", "{tip}", "{panel:title=T|bgColor=#eee}", "{panel}", "{color:red}", "{color}", "{html}", "{toc}",
  "{foo:x=1}", "{foo}", "[~jdoe]", "[x|https://e.com]", "[https://e.com]", "!a.png!", "!b.png|thumbnail!", "(/)",
  "(x)", "{adf}", "{\"type\":\"rule\"}", "{*}", "&#92;", "javascript:alert(1)", "<script>",
];

describe("wiki → ADF is schema-valid", () => {
  beforeAll(() => {
    core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
  });

  const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith(".wiki"));

  it("uses a validator that does reject invalid ADF", () => {
    expect(validate({ version: 1, type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "" }] }] })).toBe(false);
    expect(validate({ version: 1, type: "doc", content: [{ type: "panel", attrs: { panelType: "bogus" }, content: [] }] })).toBe(false);
    expect(validate({ version: 1, type: "doc", content: [] })).toBe(true);
  });

  it("has a corpus", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
  });

  it.each(fixtures)("%s converts to valid ADF and back", (name) => {
    const wiki = readFileSync(path.join(fixtureDir, name), "utf8");
    const adf = core.wikiToAdf(wiki) as { type: string; content: unknown[] };
    expect(adf.type).toBe("doc");
    expectValid(name, adf);
    const back = core.adfToWiki(adf);
    expectValid(`${name} (second pass)`, core.wikiToAdf(back));
    expect(core.adfToWiki(core.wikiToAdf(back))).toBe(back);
  });

  it("keeps hostile samples inert and valid", () => {
    const hostile = [
      "[click|javascript:alert(1)]",
      "[x| JaVaScRiPt:alert(document.cookie)]",
      "[data:text/html;base64,PHNjcmlwdD4=]",
      "!javascript:alert(1)!",
      "{html}<img src=x onerror=alert(1)>{html}",
      "<script>alert(1)</script>",
      '{adf}\n{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"javascript:alert(1)"}}]}]}\n{adf}',
      "{quote}\n".repeat(2000),
      "{code}\n".repeat(5000),
      `${"*".repeat(5000)} deep`,
      "[".repeat(100_000),
    ];
    for (const sample of hostile) {
      const adf: unknown = core.wikiToAdf(sample);
      expectValid(sample.slice(0, 40), adf);
      const json = JSON.stringify(adf).toLowerCase();
      expect(json).not.toMatch(/"href":"\s*(javascript|data|vbscript):/);
      expect(json).not.toMatch(/"url":"\s*(javascript|data|vbscript):/);
    }
  });

  it("produces valid ADF for 1500 seeded random wiki-flavoured texts", () => {
    const random = prng(20241123);
    for (let i = 0; i < 1500; i++) {
      let text = "";
      const n = 1 + Math.floor(random() * 30);
      for (let k = 0; k < n; k++) text += pieces[Math.floor(random() * pieces.length)] ?? "";
      const adf: unknown = core.wikiToAdf(text);
      expectValid(JSON.stringify(text), adf);
      expectValid(`${JSON.stringify(text)} (round trip)`, core.wikiToAdf(core.adfToWiki(adf)));
    }
  });

  it("rejects invalid ADF with the node path", () => {
    expect(() => core.adfToWiki({ type: "doc", content: [{ type: "paragraph", content: [{ text: "x" }] }] })).toThrow(
      /content\[0\]\.content\[0\]/,
    );
  });
});
