/**
 * Atlassian Document Format support: validation against the official JSON schema shipped in
 * @atlaskit/adf-schema (compiled lazily with ajv, so start-up stays fast), tiny builders for seed data,
 * and conversions to plain text (for text search and Data Center wiki strings) and to HTML (renderedFields).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type AjvClass from "ajv";
import type { ValidateFunction } from "ajv";

let validator: ValidateFunction | null = null;

function compile(): ValidateFunction {
  if (validator) return validator;
  const require = createRequire(import.meta.url);
  const file = require.resolve("@atlaskit/adf-schema/dist/json-schema/v1/full.json");
  const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  delete schema.$schema; // draft-04 marker; the schema uses nothing draft-04-specific
  // ajv is loaded on first use (not at start-up): requiring it costs ~0.1 s.
  const Ajv = (require("ajv") as { default: typeof AjvClass }).default;
  const ajv = new Ajv({ strict: false, allErrors: false });
  validator = ajv.compile(schema);
  return validator;
}

/** Returns null when `doc` is a valid ADF document, else a short reason. */
export function adfError(doc: unknown): string | null {
  const v = compile();
  if (v(doc)) return null;
  const e = v.errors?.[0];
  return e ? `${e.instancePath || "/"} ${e.message ?? "is invalid"}` : "invalid ADF document";
}

export interface AdfNode {
  type: string;
  version?: number;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: unknown[];
}

export function adfParagraphs(...paragraphs: string[]): AdfNode {
  return {
    type: "doc",
    version: 1,
    content: paragraphs.map((p) => ({ type: "paragraph", content: p ? [{ type: "text", text: p }] : [] })),
  };
}

export function adfBullets(intro: string, items: string[]): AdfNode {
  return {
    type: "doc",
    version: 1,
    content: [
      { type: "paragraph", content: [{ type: "text", text: intro }] },
      {
        type: "bulletList",
        content: items.map((t) => ({ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: t }] }] })),
      },
    ],
  };
}

/** Plain text of an ADF node (blocks separated by newlines); strings pass through. */
export function adfToText(node: unknown): string {
  if (node === null || node === undefined) return "";
  if (typeof node === "string") return node;
  const n = node as AdfNode;
  if (n.type === "text") return n.text ?? "";
  if (n.type === "hardBreak") return "\n";
  const inner = (n.content ?? []).map(adfToText);
  const block = ["doc", "bulletList", "orderedList"].includes(n.type);
  return block ? inner.join("\n") : inner.join("");
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Minimal HTML rendering of ADF (paragraphs, lists, headings, code, text) or wiki strings. */
export function renderHtml(node: unknown): string | null {
  if (node === null || node === undefined) return null;
  if (typeof node === "string") return node.split(/\n{2,}/).map((p) => `<p>${esc(p)}</p>`).join("\n");
  const walk = (n: AdfNode): string => {
    const inner = (n.content ?? []).map(walk).join("");
    switch (n.type) {
      case "doc":
        return inner;
      case "paragraph":
        return `<p>${inner}</p>`;
      case "heading":
        return `<h${Number(n.attrs?.level ?? 1)}>${inner}</h${Number(n.attrs?.level ?? 1)}>`;
      case "bulletList":
        return `<ul>${inner}</ul>`;
      case "orderedList":
        return `<ol>${inner}</ol>`;
      case "listItem":
        return `<li>${inner}</li>`;
      case "codeBlock":
        return `<pre>${inner}</pre>`;
      case "hardBreak":
        return "<br/>";
      case "text":
        return esc(n.text ?? "");
      default:
        return inner;
    }
  };
  return walk(node as AdfNode);
}

/** Converts an ADF document to a simple wiki-markup string (for Data Center seeds). */
export function adfToWiki(node: unknown): string | null {
  if (node === null || node === undefined) return null;
  const n = node as AdfNode;
  return (n.content ?? [])
    .map((b) => (b.type === "bulletList" ? (b.content ?? []).map((li) => `* ${adfToText(li)}`).join("\n") : adfToText(b)))
    .join("\n\n");
}
