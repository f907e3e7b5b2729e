// Change summaries against the fake OpenAI-compatible server (issue #17 item 4): over every labelled note (its text
// as the synced base, a changed copy as the note now), excluded folders, private notes, private properties,
// comments and secrets never appear in a recorded request, and nothing is sent while assistance is off; each
// malformed answer leaves the comparison's draft standing with a clear problem; one repair is asked for a wrong
// shape.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AssistSettings, DEFAULT_ASSIST_SETTINGS } from "../../plugin/src/assist/assist-settings";
import { summaryDraft, summaryInput } from "../../plugin/src/assist/change-summary";
import { modelEndpoint } from "../../plugin/src/assist/model-endpoint";
import type { Clock } from "../../plugin/src/jira/http";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { loadCoreSync } from "../e2e/harness";
import { chatRequestProblems, completion, FakeOpenAi } from "./fake-openai";

const core = loadCoreSync();
const NOTES = "tests/fixtures/assist/notes";
const clock: Clock = { now: () => Date.parse("2026-12-03T10:00:00Z"), sleep: () => Promise.resolve() };
const NO_STATE = new Uint8Array();

function notePaths(dir = NOTES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? notePaths(full) : [path.relative(NOTES, full)];
  });
}

const read = (p: string): string => readFileSync(path.join(NOTES, p), "utf8");
/** The body below the front matter, as the sync keeps it. */
const bodyOf = (text: string): string => text.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, "").replace(/\r\n/g, "\n").trim();
/** The note with its first unchecked task checked and one line added. */
const changed = (text: string): string => `${text.replace("- [ ]", "- [x]").trimEnd()}\n\nUpdate: reviewed with the team.\n`;

let server: FakeOpenAi;
let baseUrl: string;
beforeEach(async () => {
  server = new FakeOpenAi();
  baseUrl = await server.start();
});
afterEach(async () => {
  await server.stop();
});

function settings(patch: Partial<AssistSettings> = {}): AssistSettings {
  return { ...DEFAULT_ASSIST_SETTINGS, enabled: true, baseUrl, model: "llama3.1:8b", allowedFolders: ["Meetings"], ...patch };
}

async function draft(s: AssistSettings, notePath: string, endpoint = modelEndpoint(s, { http: new FetchHttpClient(), clock, apiKey: null })) {
  const text = read(notePath);
  return summaryDraft(core, endpoint, NO_STATE, { ...summaryInput(s, { path: notePath, text: changed(text), key: "OPS-7" }), base: bodyOf(text) });
}

describe("change summaries and the model", () => {
  it("never sends excluded folders, private notes, private properties, comments or secrets; nothing while off", async () => {
    const s = settings({ allowedFolders: ["Meetings", "Incidents"], privateKeys: ["private", "private_notes"] });
    server.answer(...Array.from({ length: 40 }, () => ({ content: JSON.stringify({ summary: "- A task is done." }) })));
    const asked: string[] = [];
    for (const p of notePaths()) {
      const d = await draft(s, p);
      expect(d.nothing, p).toBeNull();
      expect(d.problem, p).toBeNull();
      if (d.by === "model") asked.push(p);
      else expect(d.text, p).toContain("- In all:");
    }
    expect(server.shapeProblems).toEqual([]);
    expect(asked.length).toBeGreaterThan(5);
    expect(asked.every((p) => p.startsWith("Meetings/") || p.startsWith("Incidents/"))).toBe(true);
    const sent = server.allBodies();
    for (const body of server.requests.map((r) => r.body)) expect(chatRequestProblems(body)).toEqual([]);
    for (const never of ["Open the senior SRE position", "Finish the retention config", "Anna is considering the staff role", "vendor contract renewal price", "AcmeSandbox2026xyz", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"]) {
      expect(sent).not.toContain(never);
    }
    expect(sent).toContain("+Update: reviewed with the team.");

    const before = server.requests.length;
    const off = await draft({ ...s, enabled: false }, "Meetings/2026-11-30 Incident review payments.md");
    expect(off.by).toBe("comparison");
    expect(off.skipped).not.toBeNull();
    expect(server.requests.length).toBe(before);
  });

  it("a malformed answer leaves the comparison's draft, with the problem said; a wrong shape is repaired once", async () => {
    const s = settings();
    const note = "Meetings/2026-11-30 Incident review payments.md";
    for (const [scripted, problem] of [
      [{ status: 200, body: "<html>502</html>" }, "not JSON"],
      [{ content: '{"summary": "- cut', finishReason: "length" }, "cut off"],
      [{ refusal: "I can't help with that." }, "refused"],
      [{ status: 200, body: completion("x".repeat(300 * 1024)) }, "too large"],
    ] as const) {
      server.clearScript();
      server.answer(scripted);
      const d = await draft(s, note);
      expect(d.by, problem).toBe("comparison");
      expect(d.problem, problem).toContain(problem);
      expect(d.text).toMatch(/^What changed in the note of OPS-7:\n- /);
    }
    server.clearScript();
    server.answer({ content: '{"text": "wrong key"}' }, { content: JSON.stringify({ summary: "- The action items were reviewed." }) });
    const before = server.requests.length;
    const repaired = await draft(s, note);
    expect(server.requests.length - before).toBe(2);
    expect(repaired.by).toBe("model");
    expect(repaired.text).toBe("What changed in the note of OPS-7:\n- The action items were reviewed.");
    server.clearScript();
    server.answer({ content: '{"summary": ""}' }, { content: '{"summary": "   "}' });
    const twice = await draft(s, note);
    expect(twice.by).toBe("comparison");
    expect(twice.problem).toContain("after one repair request");
  });
});
