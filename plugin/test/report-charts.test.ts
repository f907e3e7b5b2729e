// @vitest-environment happy-dom
// Every Mermaid block a report note can contain is parsed by the real `mermaid` package (the 11.x line
// Obsidian ships), and every SVG chart is well-formed and inert, for every report kind, rendered by the
// core from one metrics fixture whose names carry Mermaid directives, HTML and Markdown syntax
// (tests/fixtures/report-metrics.json). The wasm has no export rendering from given metrics (the product
// never does; it would cost main.js 27 KB), so the renders come from tests/fixtures/report-charts.json,
// which the Rust test `checked_in_renders_are_current` (tests/report_renders.rs) keeps equal to what the
// core renders from that fixture.
import { readFileSync } from "node:fs";
import mermaid from "mermaid";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";

interface Rendered {
  markdown: string;
  assets: { path: string; content: string }[];
}

interface CheckedInRender {
  params: { kind: string; project?: string | null };
  notePath: string;
  rendered: Rendered;
}

const RENDERS = JSON.parse(readFileSync("tests/fixtures/report-charts.json", "utf8")) as CheckedInRender[];

/** The checked-in render of `kind` for `project` (none: the report without a project). */
function render(kind: string, project?: string): Rendered {
  const found = RENDERS.find((r) => r.params.kind === kind && (r.params.project ?? undefined) === project);
  if (found === undefined) throw new Error(`no checked-in render of ${kind} for ${project ?? "no project"}`);
  return found.rendered;
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
}

/** Well-formed XML (the parser reports errors as a `parsererror` element) with nothing executable or external. */
function checkSvg(svg: string): void {
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  expect(doc.getElementsByTagName("parsererror").length).toBe(0);
  expect(doc.documentElement.tagName.toLowerCase()).toBe("svg");
  for (const el of Array.from(doc.getElementsByTagName("*"))) {
    expect(["script", "foreignobject", "a", "image", "use", "style", "iframe"]).not.toContain(el.tagName.toLowerCase());
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.toLowerCase().startsWith("on")).toBe(false);
      expect(attr.name.toLowerCase()).not.toContain("href");
    }
  }
  expect(svg).not.toMatch(/<script|<foreignObject|javascript:|url\(|@import/i);
}

beforeAll(() => {
  core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
  mermaid.initialize({ startOnLoad: false });
});

describe("report charts", () => {
  const kinds = (): { id: string }[] => core.reportKinds() as { id: string }[];

  it("lists the six kinds", () => {
    expect(kinds().map((k) => k.id)).toEqual(["progress", "flow", "estimates", "time", "team", "digest"]);
  });

  it("writes Mermaid that mermaid 11 parses, for every kind", async () => {
    let blocks = 0;
    const types = new Set<string>();
    for (const { id } of kinds()) {
      const r = render(id, "OPS");
      expect(r.markdown).not.toContain("<img");
      for (const block of mermaidBlocks(r.markdown)) {
        blocks += 1;
        const parsed = await mermaid.parse(block);
        expect(parsed, block).toBeTruthy();
        types.add((parsed as { diagramType: string }).diagramType);
      }
    }
    expect(blocks).toBeGreaterThan(8);
    expect([...types].sort()).toEqual(["gantt", "pie", "xychart"]);
  });

  it("the parser would catch a broken block (the check has teeth)", async () => {
    await expect(mermaid.parse('pie title X\n "a" : x')).rejects.toThrow();
  });

  it("writes well-formed, inert SVG charts beside the note, embedded by path", () => {
    const r = render("flow");
    expect(r.assets.map((a) => a.path)).toEqual(["Reports/assets/Flow-control-chart.svg", "Reports/assets/Flow-cumulative-flow.svg"]);
    for (const a of r.assets) {
      expect(r.markdown).toContain(`![[${a.path}]]`);
      checkSvg(a.content);
    }
    expect(() => checkSvg("<svg><g></svg>")).toThrow();
  });
});
