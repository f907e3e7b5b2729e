// Worklog sync on Data Center: REST v2, worklog comments as wiki strings, Berlin offsets.
import { afterEach, describe, expect, it } from "vitest";
import type { SyncConfig } from "../../plugin/src/sync/types";
import { world, type World } from "./harness";

let w: World;
afterEach(async () => w.stop());

describe("worklog sync on Data Center", () => {
  it("creates worklogs with wiki comments and links them in the note", async () => {
    w = await world({ mode: "datacenter" });
    const tt = (w.config as SyncConfig & { timeTracking: Record<string, unknown> }).timeTracking;
    w.config.timeTracking = { ...tt, enabled: true };
    expect((await w.sync()).exitCode).toBe(0);
    const path = Object.keys(w.vault.files()).find((p) => p.includes("Import legacy runbooks")) ?? "";
    w.vault.set(path, `${w.vault.files()[path] ?? ""}\n## Worklog\n- 2025-01-15 14:00–15:15 Read **all** runbooks\n`);
    w.sim.admin.clearLog();
    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    const post = w.sim.admin.log().find((e) => e.method === "POST" && e.path.endsWith("/worklog"));
    expect(post?.path).toMatch(/^\/rest\/api\/2\/issue\/\d+\/worklog$/);
    expect(post?.body).toEqual({ started: "2025-01-15T14:00:00.000+0100", timeSpentSeconds: 4500, comment: "Read *all* runbooks" });
    expect(w.vault.files()[path]).toMatch(/- 2025-01-15 14:00–15:15 Read \*\*all\*\* runbooks \^wl-\d+\n/);
    w.sim.admin.clearLog();
    expect((await w.sync()).entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(w.sim.admin.log().filter((e) => e.method === "PUT" || (e.method === "POST" && e.path.endsWith("/worklog")))).toEqual([]);
  });
});
