// The foundation demo runs the core over examples/vault; this checks that it finds what the notes hold.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm run demo (core over examples/vault)", () => {
  const run = spawnSync("node", ["scripts/demo.mjs"], { encoding: "utf8" });

  it("exits cleanly", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("reports linked issues, tasks, keys and the malformed note", () => {
    expect(run.stdout).toContain("linked issue: OPS-12 (active)");
    expect(run.stdout).toContain("linked issue: PLAT-3 (reviewing)");
    expect(run.stdout).toContain("front matter: malformed (read-only for sync)");
    expect(run.stdout).toMatch(/tasks: +4 \(3 open\)/);
    expect(run.stdout).toContain("[/] Raise pool size to 50 and add a queue timeout  (due 2024-03-22, priority high)");
    expect(run.stdout).toContain("error 3:8 yaml-syntax");
    // OPS-999 sits in a code block and the status-page URL is not a mention.
    expect(run.stdout).not.toContain("OPS-999");
    expect(run.stdout).toMatch(/distinct Jira keys mentioned: .*OPS-15.*PLAT-7/);
  });

  it("shows a front matter edit that keeps the other keys", () => {
    expect(run.stdout).toContain("current_state: active");
    expect(run.stdout).toContain("time_spent: 1h 30m");
    expect(run.stdout).toContain("  - security");
  });
});
