// `jira-vault-sync assist detect` as a child process of the built CLI, on a labelled note copied into a
// temporary vault, against the fake OpenAI-compatible server: the rules' and the model's candidates (--json and
// text), the API key from LLM_API_KEY, nothing sent while assistance is off, usage errors. Nothing is written.
import { cpSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { historyFileName } from "../../plugin/src/history/driver";
import { FakeOpenAi } from "../assist/fake-openai";
import { cliTestHooks, runCli as cli } from "./run-cli";

const NOTE = "Meetings/2026-11-30 Incident review payments.md";

const hooks = cliTestHooks();
let tmp: string;
let server: FakeOpenAi;
let baseUrl: string;

function vault(assist: Record<string, unknown>): string {
  const dir = path.join(tmp, "vault");
  mkdirSync(path.join(dir, ".obsidian/plugins/jira-vault-sync"), { recursive: true });
  cpSync(path.join("tests/fixtures/assist/notes/Meetings"), path.join(dir, "Meetings"), { recursive: true });
  writeFileSync(path.join(dir, ".obsidian/plugins/jira-vault-sync/data.json"), JSON.stringify({ settings: { siteUrl: "https://example.atlassian.net", email: "me@example.com", projectKeys: "OPS", assist } }));
  return dir;
}

beforeEach(async () => {
  tmp = hooks.tempDir("jvs-assist-");
  server = new FakeOpenAi();
  baseUrl = await server.start();
});
afterEach(async () => {
  await server.stop();
});

describe("jira-vault-sync assist detect", () => {
  it("prints the rules' and the model's candidates", async () => {
    const dir = vault({ enabled: true, baseUrl, model: "llama3.1:8b", allowedFolders: ["Meetings"] });
    const before = readdirSync(dir, { recursive: true }).length;
    server.answer({ content: JSON.stringify({ tasks: [{ summary: "Raise the pool size for good", description: "", line: 10, priority: null, assignee: null, labels: [], estimate: "2h" }] }) });
    const json = await cli(["assist", "detect", "--vault", dir, "--note", NOTE, "--json"], { LLM_API_KEY: "sk-cli-key-0123456789abcdef" });
    expect(json.stderr).toBe("");
    expect(json.status).toBe(0);
    const out = JSON.parse(json.stdout) as { rules: { line: number; project: string }[]; model: { summary: string; estimate: string }[]; requests: number };
    expect(out.rules.map((c) => c.line)).toEqual([17, 18, 19, 20]);
    expect(out.rules[0]?.project).toBe("OPS");
    expect(out.model).toEqual([expect.objectContaining({ summary: "Raise the pool size for good", estimate: "2h" })]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-cli-key-0123456789abcdef");
    expect(server.shapeProblems).toEqual([]);

    server.answer({ content: "no idea" }, { content: "still no idea" });
    const text = await cli(["assist", "detect", "--vault", dir, "--note", NOTE]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("4 tasks found by the rules:\n  line 17 (taskItem): Make the batch job release its connections [OPS; Task]");
    expect(text.stderr).toMatch(/the model's answer was not used: .*no JSON object.*after one repair request/);
    expect(readdirSync(dir, { recursive: true }).length).toBe(before);
  });

  it("sends nothing while assistance is off", async () => {
    const dir = vault({ enabled: false, baseUrl, model: "llama3.1:8b", allowedFolders: ["Meetings"] });
    const r = await cli(["assist", "detect", "--vault", dir, "--note", NOTE, "--lines", "17-18"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("2 tasks found by the rules:");
    expect(r.stdout).toContain("Model not asked: Assistance is off");
    expect(server.requests).toEqual([]);
  });

  it("estimates an issue from the kept history", async () => {
    const dir = vault({});
    const done = (key: string, summary: string, hours: number | null, resolved: number | null = 1_764_547_200_000): [string, object] => [key, { id: key, key, project: "OPS", summary, created: 0, updated: 0, resolved, timeSpent: hours === null ? null : hours * 3600, labels: [] }];
    const issues = Object.fromEntries([
      done("OPS-1", "Rotate the TLS certificate of the mail relay", 2),
      done("OPS-2", "Rotate the TLS certificate of the VPN", 3),
      done("OPS-3", "Rotate TLS certificate for the payments API", 4),
      done("OPS-4", "Write the onboarding guide", 16),
      done("OPS-9", "Rotate the TLS certificate of the build server", null, null),
    ]);
    writeFileSync(path.join(dir, ".obsidian/plugins/jira-vault-sync", historyFileName("https://example.atlassian.net")), JSON.stringify({ version: 2, baseUrl: "https://example.atlassian.net", issues }));
    const text = await cli(["assist", "estimate", "--vault", dir, "--key", "ops-9"]);
    expect(text.stderr).toBe("");
    expect(text.stdout).toBe("Estimate for OPS-9: 3h (range 2h–4h), from 3 similar done issues of 4:\n  OPS-2  3h  Rotate the TLS certificate of the VPN\n  OPS-1  2h  Rotate the TLS certificate of the mail relay\n  OPS-3  4h  Rotate TLS certificate for the payments API\n");
    const json = JSON.parse((await cli(["assist", "estimate", "--vault", dir, "--key", "OPS-9", "--json"])).stdout) as { estimate: { seconds: number; similar: unknown[] } };
    expect(json.estimate.seconds).toBe(3 * 3600);
    const missing = await cli(["assist", "estimate", "--vault", dir, "--key", "OPS-77"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/OPS-77 is not in the kept history/);
  });

  it("suggests for an issue note found by its key, from the history and the model, writing nothing", async () => {
    const dir = vault({ enabled: true, baseUrl, model: "qwen2.5:7b", allowedFolders: ["Jira"] });
    const done = (key: string, summary: string, hours: number): [string, object] => [key, { id: key, key, project: "OPS", summary, created: 0, updated: 0, resolved: 1, timeSpent: hours * 3600, priority: "High", assignee: "acc-ravi" }];
    const issues = Object.fromEntries([done("OPS-1", "Rotate the TLS certificate of the mail relay", 2), done("OPS-2", "Rotate the TLS certificate of the VPN", 3), done("OPS-4", "Write the onboarding guide", 16)]);
    writeFileSync(path.join(dir, ".obsidian/plugins/jira-vault-sync", historyFileName("https://example.atlassian.net")), JSON.stringify({ version: 2, baseUrl: "https://example.atlassian.net", issues }));
    mkdirSync(path.join(dir, "Jira/OPS"), { recursive: true });
    const note = "---\njira_key: OPS-9\ntitle: Rotate the TLS certificate of the build server\nai_context: The build farm has two servers.\n---\nExpires on Friday.\n";
    writeFileSync(path.join(dir, "Jira/OPS/OPS-9 Rotate.md"), note);
    const answer = { content: JSON.stringify({ priority: null, estimate: "1d", estimateReason: "Two servers.", assignee: null, assigneeReason: "", nextSteps: ["Order the certificate"] }) };
    server.answer(answer, answer);
    const before = readdirSync(dir, { recursive: true }).length;
    const json = await cli(["assist", "suggest", "--vault", dir, "--key", "ops-9", "--json"]);
    expect(json.stderr).toBe("");
    expect(json.status).toBe(0);
    const out = JSON.parse(json.stdout) as { note: string; requests: number; proposals: { property: string; after: string }[] };
    expect(out.note).toBe("Jira/OPS/OPS-9 Rotate.md");
    expect(out.requests).toBe(1);
    expect(out.proposals.map((p) => p.property)).toEqual(["estimate", "ai_recommendations"]);
    expect(server.allBodies()).toContain("The build farm has two servers.");
    const text = await cli(["assist", "suggest", "--vault", dir, "--key", "OPS-9"]);
    expect(text.stdout).toContain("Suggestions for OPS-9 (Jira/OPS/OPS-9 Rotate.md):\n  estimate: (empty) → 1d\n    why: the model: Two servers.; history said 3h");
    expect(readdirSync(dir, { recursive: true }).length).toBe(before);
    const missing = await cli(["assist", "suggest", "--vault", dir, "--key", "OPS-77"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no note in .* has jira_key OPS-77/);
  });

  it("rejects bad usage with exit 2", async () => {
    expect((await cli(["assist", "detect", "--vault", tmp])).status).toBe(2);
    expect((await cli(["assist", "guess", "--vault", tmp, "--note", "x.md"])).stderr).toMatch(/unknown assist command: guess/);
    expect((await cli(["assist", "detect", "--vault", tmp, "--note", "missing.md"])).stderr).toMatch(/Cannot read the note missing.md/);
  });
});
