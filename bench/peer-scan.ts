// The JS peer pipeline of the scan benchmark: what plugins written in JS do to read a note — gray-matter for the
// front matter (or, when gray-matter is not installed, the same split followed by js-yaml, which is what
// gray-matter runs inside) and markdown-it for the body — extracting what `parseNote` extracts: front matter,
// title, headings, wiki links, tags, tasks and Jira keys in prose (not in code or links).
import { createRequire } from "node:module";

type Token = { type: string; tag: string; content: string; children: Token[] | null };
interface MarkdownIt {
  parse(src: string, env: object): Token[];
}

const require = createRequire(import.meta.url);

function optional<T>(name: string): T | null {
  try {
    return require(name) as T;
  } catch {
    return null;
  }
}

const grayMatter = optional<(text: string) => { data: Record<string, unknown>; content: string }>("gray-matter");
// eslint-disable-next-line import/no-extraneous-dependencies -- installed (via eslint); to be pinned in devDependencies, see bench/README.md
const jsYaml = require("js-yaml") as { load(text: string): unknown };
// eslint-disable-next-line import/no-extraneous-dependencies -- installed (via a dependency); to be pinned in devDependencies, see bench/README.md
const MarkdownItCtor = require("markdown-it") as new (preset?: string) => MarkdownIt;
const md = new MarkdownItCtor();

/** Which front matter reader the pipeline uses (for the report). */
export const PEER_PIPELINE = `${grayMatter ? "gray-matter" : "front matter split + js-yaml (gray-matter's parser; gray-matter not installed)"} + markdown-it`;

/** gray-matter's split: a leading `---` line through the next `---` line. */
function matter(text: string): { data: Record<string, unknown>; content: string } {
  if (grayMatter) return grayMatter(text);
  if (!text.startsWith("---\n")) return { data: {}, content: text };
  const end = text.indexOf("\n---", 3);
  if (end < 0) return { data: {}, content: text };
  const data = jsYaml.load(text.slice(4, end));
  const after = text.indexOf("\n", end + 4);
  return { data: typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {}, content: after < 0 ? "" : text.slice(after + 1) };
}

const WIKI = /!?\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]/g;
const TAG = /(?:^|\s)#([\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*)/gu;
const KEY = /\b[A-Z][A-Z0-9_]+-[1-9][0-9]*\b/g;

export interface PeerNote {
  frontmatter: Record<string, unknown>;
  title: string;
  headings: { level: number; text: string }[];
  wikiLinks: string[];
  tags: string[];
  tasks: { done: boolean; text: string }[];
  jiraKeys: string[];
}

/** Reads one note the way a JS peer plugin would. */
export function peerParse(text: string): PeerNote {
  const { data, content } = matter(text);
  const tokens = md.parse(content, {});
  const out: PeerNote = { frontmatter: data, title: "", headings: [], wikiLinks: [], tags: [], tasks: [], jiraKeys: [] };
  let heading = 0;
  let inItem = false;
  for (const t of tokens) {
    if (t.type === "heading_open") heading = Number(t.tag.slice(1));
    else if (t.type === "list_item_open") inItem = true;
    else if (t.type === "inline") {
      if (heading > 0) out.headings.push({ level: heading, text: t.content });
      const task = inItem ? /^\[([ xX])\] (.*)/.exec(t.content) : null;
      if (task) out.tasks.push({ done: task[1] !== " ", text: task[2] ?? "" });
      inItem = false;
      let inLink = false;
      for (const c of t.children ?? []) {
        if (c.type === "link_open") inLink = true;
        else if (c.type === "link_close") inLink = false;
        else if (c.type === "text" && !inLink) {
          for (const m of c.content.matchAll(WIKI)) out.wikiLinks.push(m[1] ?? "");
          for (const m of c.content.matchAll(TAG)) out.tags.push(m[1] ?? "");
          for (const m of c.content.matchAll(KEY)) out.jiraKeys.push(m[0]);
        }
      }
    } else if (t.type === "heading_close") heading = 0;
  }
  const fmTitle = data.title;
  out.title = typeof fmTitle === "string" && fmTitle !== "" ? fmTitle : (out.headings.find((h) => h.level === 1)?.text ?? "");
  return out;
}
