// @vitest-environment happy-dom
// The workflow maps of project notes (issue #15) are parsed by the real `mermaid` package (the 11.x line
// Obsidian ships): a note rendered by the built core from company-site-shaped answers, with learned
// transitions, an unmapped status and hostile status names carrying Mermaid directives, quotes and HTML.
import { readFileSync } from "node:fs";
import mermaid from "mermaid";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
}

const status = (name: string) => ({ name, id: name, statusCategory: { key: "new" } });
const transition = (id: string, to: string) => ({ id, to, done: to === "Done" });

beforeAll(() => {
  core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
  mermaid.initialize({ startOnLoad: false });
});

describe("project note workflow maps", () => {
  it("write stateDiagram-v2 blocks that mermaid 11 parses, hostile names included", async () => {
    const software = ["To Do", "In Progress", "In Review", "Done"].map(status);
    const hostile = [status("To Do"), status('Blocked" as x\n%%{init: {"theme":"dark"}}%%'), status("<b>Wait</b> --> [*]; end")];
    const outcome = core.renderProjectNote({
      key: "SRCH",
      answers: {
        project: { key: "SRCH", name: "Search", lead: { displayName: "Alice Berlin" }, issueTypes: [{ name: "Task" }, { name: "Bug" }, { name: "Sub-task" }] },
        versions: [],
        components: [],
        statuses: [
          { name: "Task", statuses: software },
          { name: "Bug", statuses: software },
          { name: "Sub-task", statuses: hostile },
        ],
      },
      statuses: (core.defaultSyncConfig() as { statuses: unknown[] }).statuses,
      transitions: {
        scopes: {
          "SRCH/Task": { "to do": [transition("11", "In Progress"), transition("31", "Done")], "in progress": [transition("21", "In Review")] },
          "SRCH/Sub-task": { "to do": [transition("5", '<b>Wait</b> --> [*]; end')] },
        },
      },
    }) as { text: string; unmapped: { status: string }[] };
    const blocks = mermaidBlocks(outcome.text);
    expect(blocks).toHaveLength(3);
    for (const block of blocks) {
      const parsed = (await mermaid.parse(block)) as { diagramType: string };
      expect(parsed.diagramType, block).toBe("stateDiagram");
    }
    expect(blocks[0]).toContain("s0 --> s1");
    expect(outcome.unmapped.map((u) => u.status)).toHaveLength(2);
  });

  it("the parser would catch a broken block (the check has teeth)", async () => {
    await expect(mermaid.parse('stateDiagram-v2\n    state "a" as s0 as s1\n    s0 --> \n')).rejects.toThrow();
  });
});
