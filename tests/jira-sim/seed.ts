/**
 * Seeds: `empty` (configuration only) and `demo` (OPS and PLAT with ~40 issues across all statuses, epics
 * with children, issue links, labels, custom fields with ADF text, worklogs with estimates, and change
 * history). Deterministic: a seeded PRNG (mulberry32) and dates relative to a fixed base time. Also the
 * bulk generator behind the admin endpoint that creates N issues for pagination tests and benchmarks.
 */
import { adfBullets, adfParagraphs, adfToWiki } from "./adf";
import { baseState, CF, USERS } from "./base";
import { companyState } from "./company";
import { mulberry32 } from "./prng";
import type { Mode, SimIssue, SimState } from "./model";

/** The seed profiles: `empty` (configuration only), `demo` (~40 issues), `company` (a company site, see company.ts). */
export const SEEDS = ["demo", "empty", "company"] as const;
export type SeedName = (typeof SEEDS)[number];
export const DEFAULT_SEED_BASE = Date.parse("2025-03-03T09:00:00.000Z");

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export { mulberry32 };

interface IssueSpec {
  type: "Epic" | "Task" | "Bug" | "Story" | "Sub-task";
  summary: string;
  status: string;
  assignee?: keyof typeof USERS | null;
  labels?: string[];
  parent?: number; // index into the same project's spec list
  text?: string;
  llm?: string[];
  suggestions?: string;
  automation?: string;
  estimate?: number; // hours
  logged?: number[]; // hours per worklog
  priority?: string;
}

const OPS: IssueSpec[] = [
  { type: "Epic", summary: "Incident automation", status: "In Progress", assignee: "alice", labels: ["automation"], text: "Automate the incident lifecycle end to end." },
  { type: "Epic", summary: "Runbook sync", status: "To Do", assignee: "bob", labels: ["runbooks"], text: "Keep runbooks in the vault and Jira in sync." },
  { type: "Task", summary: "Classify incoming alerts with an LLM", status: "AI Processing", assignee: "alice", parent: 0, labels: ["ai", "alerts"], llm: ["Alert payloads from PagerDuty", "Severity mapping table"], automation: "Running", estimate: 8, logged: [2, 1.5] },
  { type: "Task", summary: "Validate generated incident summaries", status: "Validation", assignee: "bob", parent: 0, labels: ["ai"], llm: ["Summaries must cite the alert id"], suggestions: "Add a confidence score to each summary.", automation: "Queued", estimate: 4, logged: [1] },
  { type: "Task", summary: "Auto-update status page from incidents", status: "Auto Update", assignee: "alice", parent: 0, labels: ["statuspage"], automation: "Running", estimate: 6, logged: [3] },
  { type: "Story", summary: "On-call handover notes", status: "In Review", assignee: "bob", parent: 0, labels: ["oncall"], text: "Handover notes are generated at shift end.", estimate: 5, logged: [2, 2] },
  { type: "Bug", summary: "Duplicate pages for flapping alerts", status: "In Progress", assignee: "alice", labels: ["alerts", "bug"], priority: "High", text: "Flapping alerts open a new page every time.", estimate: 3, logged: [0.5] },
  { type: "Task", summary: "Import legacy runbooks", status: "To Do", assignee: null, parent: 1, labels: ["runbooks", "migration"], estimate: 16 },
  { type: "Task", summary: "Map runbook sections to Jira fields", status: "To Do", assignee: "bob", parent: 1, labels: ["runbooks"], llm: ["Sections: Purpose, Steps, Rollback"] },
  { type: "Story", summary: "Two-way sync of runbook checklists", status: "In Progress", assignee: "alice", parent: 1, labels: ["runbooks", "sync"], estimate: 10, logged: [4, 1] },
  { type: "Task", summary: "Rotate pager credentials", status: "Done", assignee: "bob", labels: ["security"], estimate: 1, logged: [1] },
  { type: "Bug", summary: "Escalation policy ignores holidays", status: "Done", assignee: "alice", labels: ["oncall", "bug"], priority: "Highest", logged: [2.5] },
  { type: "Task", summary: "Nightly backup verification", status: "Validation", assignee: "alice", labels: ["backups", "ai"], automation: "Complete", suggestions: "Schedule restore drills monthly." },
  { type: "Task", summary: "Draft postmortem template", status: "In Review", assignee: "alice", labels: ["postmortem"], text: "Template with timeline, impact and actions." },
  { type: "Story", summary: "Suggest remediation steps for known errors", status: "AI Processing", assignee: "bob", parent: 0, labels: ["ai"], llm: ["Known error database export"], automation: "Running", estimate: 12 },
  { type: "Task", summary: "Clean up stale alert rules", status: "To Do", assignee: null, labels: ["alerts", "cleanup"] },
  { type: "Task", summary: "Label incidents by service", status: "Auto Update", assignee: "bob", labels: ["automation"], automation: "Idle" },
  { type: "Bug", summary: "Status page shows UTC times", status: "To Do", assignee: "bob", labels: ["statuspage", "bug"], priority: "Low" },
  { type: "Sub-task", summary: "Write classifier prompt", status: "Done", assignee: "alice", parent: 2, labels: ["ai"], logged: [1] },
  { type: "Sub-task", summary: "Collect labelled alert samples", status: "In Progress", assignee: "bob", parent: 2, labels: ["ai", "data"], estimate: 2 },
  { type: "Task", summary: "Weekly ops report", status: "To Do", assignee: "alice", labels: ["reporting"], text: "Generated every Monday." },
];

const PLAT: IssueSpec[] = [
  { type: "Epic", summary: "LLM pipeline", status: "In Progress", assignee: "bob", labels: ["llm"], text: "Shared pipeline for model calls." },
  { type: "Epic", summary: "Observability", status: "Backlog", assignee: null, labels: ["observability"] },
  { type: "Story", summary: "Prompt registry service", status: "Review", assignee: "bob", parent: 0, labels: ["llm", "service"], llm: ["Prompts are versioned", "Owners per prompt"], estimate: 20, logged: [6, 4] },
  { type: "Task", summary: "Token budget enforcement", status: "AI Processing", assignee: "alice", parent: 0, labels: ["llm", "cost"], automation: "Running", estimate: 8, logged: [2] },
  { type: "Task", summary: "Validate model outputs against schemas", status: "Validation", assignee: "bob", parent: 0, labels: ["llm", "quality"], suggestions: "Reject outputs that fail JSON schema validation.", automation: "Queued" },
  { type: "Bug", summary: "Retries double-bill model calls", status: "In Progress", assignee: "alice", parent: 0, labels: ["llm", "bug", "cost"], priority: "Highest", estimate: 3, logged: [1, 0.5] },
  { type: "Task", summary: "Trace ids across services", status: "Backlog", assignee: "bob", parent: 1, labels: ["observability", "tracing"] },
  { type: "Task", summary: "Dashboards for queue depth", status: "Done", assignee: "bob", parent: 1, labels: ["observability"], estimate: 4, logged: [4] },
  { type: "Story", summary: "Alert on model latency", status: "Backlog", assignee: null, parent: 1, labels: ["observability", "llm"] },
  { type: "Task", summary: "Upgrade base images", status: "Done", assignee: "alice", labels: ["maintenance"], logged: [1.5] },
  { type: "Task", summary: "Cache embeddings", status: "Review", assignee: "alice", parent: 0, labels: ["llm", "performance"], llm: ["Cache key: model + text hash"], estimate: 6, logged: [5] },
  { type: "Bug", summary: "Timeouts under load", status: "Backlog", assignee: "bob", labels: ["performance", "bug"], priority: "High" },
  { type: "Task", summary: "Document the pipeline API", status: "In Progress", assignee: "bob", parent: 0, labels: ["docs"], text: "Reference and examples." },
  { type: "Story", summary: "Fallback model routing", status: "AI Processing", assignee: "alice", parent: 0, labels: ["llm"], automation: "Failed", suggestions: "Route to the smaller model on 429." },
  { type: "Task", summary: "Rate-limit dashboards", status: "Validation", assignee: "alice", parent: 1, labels: ["observability"], automation: "Complete" },
  { type: "Task", summary: "Secrets rotation for model keys", status: "Backlog", assignee: "alice", labels: ["security"] },
  { type: "Sub-task", summary: "Schema registry client", status: "Done", assignee: "bob", parent: 4, labels: ["llm"] },
  { type: "Task", summary: "Capacity plan for Q3", status: "Backlog", assignee: null, labels: ["planning"] },
];

/** Creates the issues of one project from specs; returns the created issues in spec order. */
function seedProject(state: SimState, projectKey: string, specs: IssueSpec[], base: number, rand: () => number, mode: Mode): SimIssue[] {
  const project = state.projects.find((p) => p.key === projectKey);
  if (!project) throw new Error(`unknown project ${projectKey}`);
  const wf = state.workflows.find((w) => w.id === project.workflowId);
  if (!wf) throw new Error("no workflow");
  const out: SimIssue[] = [];
  const text = (v: unknown): unknown => (mode === "cloud" ? v : adfToWiki(v));
  specs.forEach((s, i) => {
    const created = base - (40 - i) * DAY + Math.floor(rand() * 8) * HOUR;
    const updated = created + Math.floor(rand() * 30 * DAY) + Math.floor(rand() * 60) * 60_000;
    const status = state.statuses.find((st) => st.name === s.status && wf.statuses.includes(st.id));
    const type = state.issueTypes.find((t) => t.name === s.type);
    if (!status || !type) throw new Error(`bad spec ${s.summary}`);
    const assignee = s.assignee ? USERS[s.assignee].accountId : null;
    const reporter = i % 2 === 0 ? USERS.alice.accountId : USERS.bob.accountId;
    const custom: Record<string, unknown> = {};
    if (s.llm) custom[CF.llmContext] = text(adfBullets("Context for the model:", s.llm));
    if (s.suggestions) custom[CF.modelSuggestions] = text(adfParagraphs(s.suggestions));
    const opt = state.fields.find((f) => f.id === CF.automationStatus)?.options?.find((o) => o.value === s.automation);
    if (opt) custom[CF.automationStatus] = opt.id;
    if (i % 3 === 0) custom[CF.externalRef] = `EXT-${1000 + i}`;
    if (s.type === "Story") custom[CF.storyPoints] = 1 + Math.floor(rand() * 8);
    const issue: SimIssue = {
      id: String(state.nextId.issue++),
      key: `${project.key}-${project.nextNumber++}`,
      projectKey: project.key,
      oldKeys: [],
      summary: s.summary,
      description: s.text ? text(adfParagraphs(s.text, `Created for the ${project.name} demo.`)) : null,
      issueTypeId: type.id,
      statusId: status.id,
      priorityId: state.priorities.find((p) => p.name === (s.priority ?? "Medium"))?.id ?? "3",
      assignee,
      reporter,
      creator: reporter,
      labels: s.labels ?? [],
      parentId: s.parent !== undefined ? (out[s.parent]?.id ?? null) : null,
      originalEstimate: s.estimate !== undefined ? s.estimate * 3600 : null,
      remainingEstimate: s.estimate !== undefined ? s.estimate * 3600 : null,
      created,
      updated,
      statusCategoryChanged: created,
      resolutionDate: status.category === "done" ? updated : null,
      custom,
    };
    let spent = 0;
    (s.logged ?? []).forEach((h, n) => {
      const started = created + (n + 1) * DAY;
      const author = n % 2 === 0 ? (assignee ?? reporter) : reporter;
      state.worklogs.push({
        id: String(state.nextId.worklog++),
        issueId: issue.id,
        author,
        updateAuthor: author,
        comment: text(adfParagraphs(`Worked on ${s.summary.toLowerCase()}.`)),
        started,
        timeSpentSeconds: h * 3600,
        created: started + HOUR,
        updated: started + HOUR,
      });
      spent += h * 3600;
    });
    if (issue.remainingEstimate !== null) issue.remainingEstimate = Math.max(0, issue.remainingEstimate - spent);
    if (status.id !== wf.initialStatus) {
      const initial = state.statuses.find((st) => st.id === wf.initialStatus);
      state.histories.push({
        id: String(state.nextId.history++),
        issueId: issue.id,
        author: assignee ?? reporter,
        created: created + Math.floor((updated - created) / 2),
        items: [{ field: "status", fieldtype: "jira", fieldId: "status", from: wf.initialStatus, fromString: initial?.name ?? null, to: status.id, toString: status.name }],
      });
      issue.statusCategoryChanged = created + Math.floor((updated - created) / 2);
    }
    state.issues.push(issue);
    out.push(issue);
  });
  return out;
}

export function seedState(name: SeedName, mode: Mode, base = DEFAULT_SEED_BASE): SimState {
  if (name === "company") return companyState(mode, base);
  const state = baseState(mode);
  if (name === "empty") return state;
  const rand = mulberry32(20250303);
  const ops = seedProject(state, "OPS", OPS, base, rand, mode);
  const plat = seedProject(state, "PLAT", PLAT, base, rand, mode);
  const link = (type: "Blocks" | "Relates", outward: SimIssue | undefined, inward: SimIssue | undefined): void => {
    if (outward && inward) state.links.push({ id: String(state.nextId.link++), type, outwardIssueId: outward.id, inwardIssueId: inward.id });
  };
  link("Blocks", ops[6], ops[4]);
  link("Relates", ops[2], plat[3]);
  link("Blocks", plat[5], plat[3]);
  link("Relates", ops[8], ops[9]);
  link("Blocks", plat[4], plat[2]);
  return state;
}

/** Appends `count` generated issues to `projectKey` (no validation; for pagination tests and benchmarks). */
export function generateIssues(state: SimState, projectKey: string, count: number, now: number, labels: string[] = ["generated"]): SimIssue[] {
  const project = state.projects.find((p) => p.key === projectKey.toUpperCase());
  if (!project) throw new Error(`unknown project ${projectKey}`);
  const wf = state.workflows.find((w) => w.id === project.workflowId);
  const rand = mulberry32(count * 7919 + project.nextNumber);
  const users = state.users.map((u) => u.accountId);
  const created: SimIssue[] = [];
  for (let i = 0; i < count; i++) {
    const n = project.nextNumber++;
    const ts = now - (count - i) * 1000;
    const issue: SimIssue = {
      id: String(state.nextId.issue++),
      key: `${project.key}-${n}`,
      projectKey: project.key,
      oldKeys: [],
      summary: `Generated issue ${n}`,
      description: state.mode === "cloud" ? adfParagraphs(`Generated description ${n}.`) : `Generated description ${n}.`,
      issueTypeId: "10001",
      statusId: wf?.initialStatus ?? "10000",
      priorityId: String(1 + Math.floor(rand() * 5)),
      assignee: users[Math.floor(rand() * users.length)] ?? null,
      reporter: users[0] ?? "",
      creator: users[0] ?? "",
      labels: [...labels],
      parentId: null,
      originalEstimate: null,
      remainingEstimate: null,
      created: ts,
      updated: ts,
      statusCategoryChanged: ts,
      resolutionDate: null,
      custom: {},
    };
    state.issues.push(issue);
    created.push(issue);
  }
  return created;
}
