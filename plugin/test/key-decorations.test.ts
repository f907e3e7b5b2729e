// The live-preview marks, from the source module with fake dependencies: which keys get marked, with
// what classes and attributes, and when nothing is marked (switched off, source mode, cursor on a key).
import { EditorSelection, EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { badgeModel } from "../src/badges/badge-model";
import { buildKeyDecorations, type EditorBadgeDeps } from "../src/editor/key-decorations";

function deps(over: Partial<EditorBadgeDeps> = {}): EditorBadgeDeps {
  return {
    enabled: () => true,
    isLivePreview: () => true,
    projects: () => new Set(["OPS", "WEB", "AB"]),
    model: (key) => badgeModel({ key, siteUrl: "https://x.example", issue: key === "OPS-1" ? { summary: "S", status: "Done", statusCategory: "done" } : undefined }),
    generation: () => 0,
    openUrl: () => undefined,
    ...over,
  };
}

function marks(doc: string, d: EditorBadgeDeps, cursor = doc.length) {
  const state = EditorState.create({ doc, selection: EditorSelection.cursor(cursor) });
  const out: { text: string; cls: string; attrs: Record<string, string> }[] = [];
  buildKeyDecorations(state, d).between(0, doc.length, (from, to, deco) => {
    const spec = deco.spec as { class: string; attributes: Record<string, string> };
    out.push({ text: doc.slice(from, to), cls: spec.class, attrs: spec.attributes });
  });
  return out;
}

describe("buildKeyDecorations", () => {
  const doc = "OPS-1 and `OPS-2`\n```\nOPS-3\n```\n[[OPS-4]] WEB-5 https://x/browse/OPS-6\nlast line ";

  it("marks keys outside code, links and URLs, with badge classes and attributes", () => {
    expect(marks(doc, deps())).toEqual([
      {
        text: "OPS-1",
        cls: "jvs-badge jvs-status-done jvs-badge-link",
        attrs: { "aria-label": "OPS-1 · Done — S", "data-jvs-key": "OPS-1", "data-jvs-href": "https://x.example/browse/OPS-1" },
      },
      {
        text: "WEB-5",
        cls: "jvs-badge jvs-status-unknown jvs-badge-link",
        attrs: { "aria-label": "WEB-5 · Not synced yet", "data-jvs-key": "WEB-5", "data-jvs-href": "https://x.example/browse/WEB-5" },
      },
    ]);
  });

  it("leaves the key under the cursor plain, including at its edges", () => {
    expect(marks(doc, deps(), 0).map((m) => m.text)).toEqual(["WEB-5"]);
    expect(marks(doc, deps(), 5).map((m) => m.text)).toEqual(["WEB-5"]);
    expect(marks(doc, deps(), 6).map((m) => m.text)).toEqual(["OPS-1", "WEB-5"]);
  });

  it("marks nothing when switched off or in source mode, and filters projects", () => {
    expect(marks(doc, deps({ enabled: () => false }))).toEqual([]);
    expect(marks(doc, deps({ isLivePreview: () => false }))).toEqual([]);
    expect(marks(doc, deps({ projects: () => new Set(["WEB"]) })).map((m) => m.text)).toEqual(["WEB-5"]);
  });

  it("without a site, marks carry no link", () => {
    const [m] = marks("A-1 AB-2 ", deps({ model: (key) => badgeModel({ key, siteUrl: "" }) }));
    expect(m).toEqual({ text: "AB-2", cls: "jvs-badge jvs-status-unknown", attrs: { "aria-label": "AB-2 · Not synced yet", "data-jvs-key": "AB-2" } });
  });
});
