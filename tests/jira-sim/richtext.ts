/**
 * A small rich-text model for generated seed data, written once and rendered two ways: as an ADF document
 * (Cloud) and as the equivalent wiki markup (Data Center). It covers what people put into real issue
 * descriptions: headings, paragraphs with bold/italic/inline code, links and @mentions, bullet and numbered
 * lists (one level of nesting), code blocks with a language, tables with a header row, and rules.
 */
import type { AdfNode } from "./adf";

/** A mentioned user: Cloud mentions by account id, Data Center by user name. */
export interface MentionRef {
  accountId: string;
  name: string;
  displayName: string;
}

export type Inline =
  | string
  | { strong: string }
  | { em: string }
  | { code: string }
  | { link: string; href: string }
  | { mention: MentionRef };

export interface ListItem {
  text: Inline[];
  sub?: Inline[][];
}

export type Block =
  | { h: 2 | 3; text: string }
  | { p: Inline[] }
  | { bullets: ListItem[] }
  | { numbered: ListItem[] }
  | { code: string; lang: string }
  | { table: { head: string[]; rows: string[][] } }
  | { rule: true };

// ---- ADF ----

function adfInline(i: Inline): AdfNode {
  if (typeof i === "string") return { type: "text", text: i };
  if ("strong" in i) return { type: "text", text: i.strong, marks: [{ type: "strong" }] };
  if ("em" in i) return { type: "text", text: i.em, marks: [{ type: "em" }] };
  if ("code" in i) return { type: "text", text: i.code, marks: [{ type: "code" }] };
  if ("link" in i) return { type: "text", text: i.link, marks: [{ type: "link", attrs: { href: i.href } }] };
  return { type: "mention", attrs: { id: i.mention.accountId, text: `@${i.mention.displayName}`, accessLevel: "" } };
}

const para = (content: Inline[]): AdfNode => ({ type: "paragraph", content: content.map(adfInline) });

function adfList(type: "bulletList" | "orderedList", items: ListItem[]): AdfNode {
  const node: AdfNode = {
    type,
    content: items.map((it) => ({
      type: "listItem",
      content: [para(it.text), ...(it.sub?.length ? [adfList("bulletList", it.sub.map((text) => ({ text })))] : [])],
    })),
  };
  if (type === "orderedList") node.attrs = { order: 1 };
  return node;
}

function adfBlock(b: Block): AdfNode {
  if ("h" in b) return { type: "heading", attrs: { level: b.h }, content: [{ type: "text", text: b.text }] };
  if ("p" in b) return para(b.p);
  if ("bullets" in b) return adfList("bulletList", b.bullets);
  if ("numbered" in b) return adfList("orderedList", b.numbered);
  if ("code" in b) return { type: "codeBlock", attrs: { language: b.lang }, content: [{ type: "text", text: b.code }] };
  if ("table" in b) {
    const cell = (type: "tableHeader" | "tableCell", text: string): AdfNode => ({ type, attrs: {}, content: [{ type: "paragraph", content: text ? [{ type: "text", text }] : [] }] });
    return {
      type: "table",
      attrs: { isNumberColumnEnabled: false, layout: "default" },
      content: [
        { type: "tableRow", content: b.table.head.map((t) => cell("tableHeader", t)) },
        ...b.table.rows.map((r) => ({ type: "tableRow", content: r.map((t) => cell("tableCell", t)) })),
      ],
    };
  }
  return { type: "rule" };
}

export function toAdf(blocks: Block[]): AdfNode {
  return { type: "doc", version: 1, content: blocks.map(adfBlock) };
}

// ---- wiki markup ----

function wikiInline(i: Inline): string {
  if (typeof i === "string") return i;
  if ("strong" in i) return `*${i.strong}*`;
  if ("em" in i) return `_${i.em}_`;
  if ("code" in i) return `{{${i.code}}}`;
  if ("link" in i) return `[${i.link}|${i.href}]`;
  return `[~${i.mention.name}]`;
}

const line = (content: Inline[]): string => content.map(wikiInline).join("");

function wikiList(marker: "*" | "#", items: ListItem[]): string {
  return items.map((it) => [`${marker} ${line(it.text)}`, ...(it.sub ?? []).map((s) => `${marker}* ${line(s)}`)].join("\n")).join("\n");
}

function wikiBlock(b: Block): string {
  if ("h" in b) return `h${b.h}. ${b.text}`;
  if ("p" in b) return line(b.p);
  if ("bullets" in b) return wikiList("*", b.bullets);
  if ("numbered" in b) return wikiList("#", b.numbered);
  if ("code" in b) return `{code:${b.lang}}\n${b.code}\n{code}`;
  if ("table" in b) return [`||${b.table.head.join("||")}||`, ...b.table.rows.map((r) => `|${r.map((c) => c || " ").join("|")}|`)].join("\n");
  return "----";
}

export function toWiki(blocks: Block[]): string {
  return blocks.map(wikiBlock).join("\n\n");
}
