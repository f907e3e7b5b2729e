// Writes the fuzz targets' seed corpora (fuzz/corpus/<target>/, git-ignored) from the repository's own test
// fixtures and example vault. Run from anywhere: `node fuzz/seed-corpora.mjs`. Seeds only speed the fuzzers up;
// libFuzzer adds what it finds to the same folders.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const fuzz = dirname(fileURLToPath(import.meta.url));
const root = dirname(fuzz);
const fixtures = join(root, "tests", "fixtures");

function files(dir, ext) {
  let out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(files(path, ext));
    else if (name.endsWith(ext)) out.push(path);
  }
  return out;
}

function write(target, seeds) {
  const dir = join(fuzz, "corpus", target);
  mkdirSync(dir, { recursive: true });
  for (const seed of seeds) {
    const bytes = Buffer.from(seed);
    writeFileSync(join(dir, createHash("sha1").update(bytes).digest("hex")), bytes);
  }
  console.log(`${target}: ${seeds.length} seeds`);
}

/** The `=== input` sections of the literate front matter fixtures (options applied as the test runner does). */
function frontmatterInputs() {
  const inputs = [];
  for (const path of files(join(fixtures, "frontmatter"), ".fixture")) {
    const lines = readFileSync(path, "utf8").split(/(?<=\n)/);
    let current = null;
    const close = () => {
      if (!current) return;
      let text = current.lines.join("");
      if (current.options.includes("crlf")) text = text.replace(/\n/g, "\r\n");
      if (current.options.includes("no-final-newline")) text = text.replace(/\r?\n$/, "");
      if (current.options.includes("bom")) text = "\uFEFF" + text;
      if (current.name === "input") inputs.push(text);
      current = null;
    };
    for (const line of lines) {
      const header = /^=== (\S+)(.*)$/.exec(line.replace(/\r?\n$/, ""));
      if (header) {
        close();
        current = { name: header[1], options: header[2].trim().split(/\s+/), lines: [] };
      } else if (current) current.lines.push(line);
    }
    close();
  }
  return inputs;
}

const notes = [...files(join(fixtures, "markdown"), ".md"), ...files(join(root, "examples"), ".md")].map((p) =>
  readFileSync(p, "utf8"),
);
const frontmatter = frontmatterInputs();
const spec = JSON.parse(readFileSync(join(fixtures, "commonmark", "spec-examples.json"), "utf8")).map((e) => e.markdown);
const wiki = files(join(fixtures, "wiki"), ".wiki").map((p) => readFileSync(p, "utf8"));
const adfDocs = files(join(fixtures, "adf"), ".json").map((p) => JSON.parse(readFileSync(p, "utf8")));
// Each top-level block on its own too: small seeds mutate faster.
const adfBlocks = adfDocs.flatMap((d) => (d.content ?? []).map((block) => ({ version: 1, type: "doc", content: [block] })));

write("parse_note", [...notes, ...frontmatter]);
// A note, a NUL, then bytes the target decodes into changes (a few fixed patterns).
write(
  "update_frontmatter",
  [...frontmatter, ...notes].flatMap((n) => ["\0", "\0\x01\x02title\x03", "\0\xff\xff\xff\xff"].map((t) => n + t)),
);
write("markdown_roundtrip", [...notes, ...spec]);
write("wiki_roundtrip", wiki);
write("adf_json", [...adfDocs, ...adfBlocks].map((d) => JSON.stringify(d)));
