// Data Center: the same basics over REST v2 with a personal access token and wiki markup. The first pull
// turns wiki descriptions into Markdown bodies, a local body edit reaches Jira as wiki markup, and a state
// change goes through the workflow transitions.
import { afterEach, describe, expect, it } from "vitest";
import { childSection, withoutChildSection } from "./child-markers";
import { world, type World } from "./harness";
import { bodyOf, editFrontmatter, editIssue, frontmatter, issueFields, noteOf, withBody } from "./helpers";

let w: World;
afterEach(async () => w.stop());

describe("data center", () => {
  it("pulls wiki as Markdown, pushes Markdown as wiki, and moves the status by transitions", async () => {
    w = await world({ mode: "datacenter" });
    await editIssue(w, "OPS-2", { description: "h2. Plan\n\nSome *bold* text.\n\n* one\n* two" }, "alice");
    const first = await w.sync();
    expect(first.fatal).toBeUndefined();
    expect(first.exitCode).toBe(0);
    expect(Object.keys(w.vault.files())).toHaveLength(21);
    expect(w.sim.admin.log().every((e) => e.path.startsWith("/rest/api/2/"))).toBe(true);
    const { path, text } = noteOf(w, "OPS-2");
    // OPS-2 has children: its generated section follows the description and stays out of it.
    expect(withoutChildSection(bodyOf(text))).toBe("## Plan\n\nSome **bold** text.\n\n- one\n- two\n");
    expect(childSection(text)).not.toBe("");

    w.vault.set(path, withBody(text, `Now **very bold**.\n\n- first item\n- second item\n\n${childSection(text)}`));
    editFrontmatter(w, path, { current_state: "active" });
    w.sim.admin.clearLog();
    const report = await w.sync();
    expect(report.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(report.exitCode).toBe(0);
    const fields = await issueFields(w, "OPS-2");
    expect(fields.description).toBe("Now *very bold*.\n\n* first item\n* second item");
    expect(fields.status.name).toBe("In Progress");
    const put = w.sim.admin.log().find((e) => e.method === "PUT");
    expect(put?.path).toMatch(/^\/rest\/api\/2\/issue\/\d+$/);
    expect(report.counts.transitions).toBe(1);
    expect(frontmatter(noteOf(w, "OPS-2").text).current_state).toBe("active");

    const files = w.vault.files();
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.exitCode).toBe(0);
    expect(again.counts.requests).toBe(1);
    expect(w.vault.files()).toEqual(files);
  });
});
