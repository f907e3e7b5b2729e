/**
 * The `company` seed: a site shaped like a real company's, not like the product's demo. The AI custom fields
 * "LLM Context" and "Model Suggestions" exist with a context of one project (OPS: other projects' issues cannot
 * carry them), "Automation Status" not at all; 30 projects, five of which the test user
 * (alice) may not browse (HR, FIN, LEGAL, EXEC, ACQ: invisible to search, 404 on direct access); 5,000
 * issues with realistic summaries and descriptions (ADF on Cloud, the equivalent wiki markup on Data Center:
 * lists, tables, code, links, mentions); epics with children, sub-tasks, issue links (also to hidden
 * projects), worklogs and status history; software projects whose *Done* transition has a screen that
 * requires `resolution`, and whose Bugs require the custom field "Severity" on create; seven users in seven
 * time zones, and colleagues with shared first or display names and a deactivated one (`companyColleagues`);
 * a user-picker custom field "Reviewer" and a multi-user-picker "Approvers". Generated on every start from a fixed seed (no stored data): the same seed gives the same site.
 */
import { CF, custom, fieldCatalogue, ISSUE_TYPES, user } from "./base";
import { descriptionFor, summaryFor, type CompanyIssueType } from "./company-text";
import type { Mode, SimChangeItem, SimField, SimIssue, SimProject, SimResolution, SimState, SimTransition, SimUser, SimVersion, SimWorkflow } from "./model";
import { seedHistory } from "./company-history";
import { Draw, mulberry32 } from "./prng";
import { toAdf, toWiki, type Block, type MentionRef } from "./richtext";

/** The PRNG seed of the company site. */
export const COMPANY_SEED = 0x5eedc0;
/** Issues on the company site. */
export const COMPANY_ISSUES = 5000;
/** Projects alice (the test user) may not browse. */
export const HIDDEN_FROM_ALICE = ["HR", "FIN", "LEGAL", "EXEC", "ACQ"] as const;

/** Custom fields of the company site (besides Story point estimate). */
export const COMPANY_CF = {
  severity: "customfield_10050",
  acceptance: "customfield_10051",
  customer: "customfield_10052",
  team: "customfield_10053",
  reviewer: "customfield_10054",
  approvers: "customfield_10055",
} as const;

/** First option ids of the Severity and Team selects. */
const SEVERITY_OPTIONS = 10200;
const TEAM_OPTIONS = 10300;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const AI_FIELDS: readonly string[] = [CF.llmContext, CF.modelSuggestions, CF.automationStatus];
/** The one project whose issues carry the LLM Context and Model Suggestions fields. */
export const AI_FIELDS_PROJECT = "OPS";

const TYPE_ID: Record<CompanyIssueType, string> = { Epic: "10000", Task: "10001", Bug: "10002", Story: "10003", "Sub-task": "10004" };

/** [key, name, software (else business), relative size] */
const PROJECTS: [string, string, boolean, number][] = [
  ["WEB", "Web Frontend", true, 10], ["MOB", "Mobile Apps", true, 8], ["API", "Public API", true, 8], ["PAY", "Payments", true, 7],
  ["PLAT", "Platform", true, 9], ["OPS", "Operations", true, 7], ["DATA", "Data Engineering", true, 6], ["SEC", "Security", true, 4],
  ["INFRA", "Infrastructure", true, 6], ["NET", "Network", true, 2], ["DB", "Databases", true, 3], ["QA", "Quality Assurance", true, 4],
  ["SRCH", "Search", true, 3], ["NOTIF", "Notifications", true, 2], ["AUTH", "Identity & Access", true, 3], ["BILL", "Billing", true, 4],
  ["ANLY", "Analytics", true, 3], ["REL", "Release Engineering", true, 2], ["DES", "Design", true, 2], ["DOC", "Documentation", true, 2],
  ["CS", "Customer Support", false, 6], ["IT", "IT Helpdesk", false, 5], ["MKT", "Marketing", false, 3], ["SALES", "Sales Operations", false, 2],
  ["HR", "People Ops", false, 3], ["FIN", "Finance", false, 3], ["LEGAL", "Legal", false, 1], ["EXEC", "Leadership", false, 1],
  ["ACQ", "Project Falcon", false, 1], ["INT", "Integrations", true, 3],
];

/** Project categories: software projects are Engineering, the others Business. */
const CATEGORIES = {
  engineering: { id: "10100", name: "Engineering", description: "Software teams" },
  business: { id: "10101", name: "Business", description: "Business teams" },
} as const;

/** Components of every software project (ids per project; leads rotate through the users). */
const COMPONENTS = ["Backend", "Frontend", "Infrastructure"];

const RESOLUTION_SCREEN = [{ field: "resolution", required: true }];

const t = (id: string, name: string, from: string[], to: string, screen?: SimTransition["screen"]): SimTransition => ({ id, name, from, to, ...(screen ? { screen } : {}) });

const SOFTWARE_WORKFLOW: SimWorkflow = {
  id: "wf-company-software",
  name: "Company software workflow",
  initialStatus: "10000",
  statuses: ["10000", "3", "10001", "10005"],
  transitions: [
    t("11", "Start Progress", ["10000"], "3"),
    t("21", "Submit for Review", ["3"], "10001"),
    t("31", "Done", ["10000", "3", "10001"], "10005", RESOLUTION_SCREEN),
    t("41", "Request Changes", ["10001"], "3"),
    t("51", "Reopen", ["10005"], "10000"),
    t("61", "Stop Progress", ["3"], "10000"),
  ],
};

const BUSINESS_WORKFLOW: SimWorkflow = {
  id: "wf-company-business",
  name: "Company business workflow",
  initialStatus: "10000",
  statuses: ["10000", "3", "10005"],
  transitions: [t("11", "Start", ["10000"], "3"), t("31", "Done", ["10000", "3"], "10005", RESOLUTION_SCREEN), t("51", "Reopen", ["10005"], "10000")],
};

const RESOLUTIONS: SimResolution[] = [
  { id: "10000", name: "Done", description: "Work has been done." },
  { id: "10001", name: "Won't Do", description: "This issue won't be actioned." },
  { id: "10002", name: "Duplicate", description: "The problem is a duplicate of an existing issue." },
  { id: "10003", name: "Cannot Reproduce", description: "All attempts at reproducing this issue failed." },
];

const LABELS = ["backend", "frontend", "tech-debt", "customer-reported", "security", "performance", "ux", "infra", "regression", "quick-win", "a11y", "gdpr"];

function companyUsers(): SimUser[] {
  const hidden = [...HIDDEN_FROM_ALICE];
  return [
    user("alice", "Alice Berlin", "Europe/Berlin", 1, hidden),
    user("bob", "Bob Angeles", "America/Los_Angeles", 2, ["ACQ"]),
    user("carol", "Carol Tokyo", "Asia/Tokyo", 3, [...hidden, "SEC"]),
    user("dave", "Dave Kolkata", "Asia/Kolkata", 4),
    user("erin", "Erin Sydney", "Australia/Sydney", 5, ["EXEC", "ACQ"]),
    user("frank", "Frank Sao Paulo", "America/Sao_Paulo", 6, ["LEGAL"]),
    user("grace", "Grace London", "Europe/London", 7),
  ];
}

/**
 * Colleagues who joined after the generated history (so the issues stay as they were): two people called Ada,
 * two with the same display name "Sam Taylor" plus another Sam, and a deactivated account. For user searches
 * by name (people by name).
 */
export function companyColleagues(): SimUser[] {
  const gone = user("alex.former", "Alex Former", "Europe/Berlin", 13);
  gone.active = false;
  return [
    user("ada", "Ada Example", "Europe/Paris", 8),
    user("ada.lovelace", "Ada Lovelace", "Europe/London", 9),
    user("sam.taylor", "Sam Taylor", "America/New_York", 10),
    user("staylor", "Sam Taylor", "Europe/Dublin", 11),
    user("sam.okafor", "Sam Okafor", "Africa/Lagos", 12),
    gone,
  ];
}

function companyFields(mode: Mode): SimField[] {
  const opts = (base: number, values: string[]): { id: string; value: string }[] => values.map((value, i) => ({ id: String(base + i), value }));
  return [
    ...fieldCatalogue(mode).filter((f) => !AI_FIELDS.includes(f.id)),
    ...fieldCatalogue(mode)
      .filter((f) => f.id === CF.llmContext || f.id === CF.modelSuggestions)
      .map((f) => ({ ...f, projects: [AI_FIELDS_PROJECT] })),
    custom(COMPANY_CF.severity, "Severity", "select", "option", "select", { options: opts(SEVERITY_OPTIONS, ["S1 - Critical", "S2 - Major", "S3 - Minor", "S4 - Trivial"]) }),
    custom(COMPANY_CF.acceptance, "Acceptance criteria", "textarea", "string", "textarea"),
    custom(COMPANY_CF.customer, "Customer", "text", "string", "textfield"),
    custom(COMPANY_CF.team, "Team", "select", "option", "select", { options: opts(TEAM_OPTIONS, ["Web", "Mobile", "Platform", "Data", "Security", "Business"]) }),
    custom(COMPANY_CF.reviewer, "Reviewer", "user", "user", "userpicker"),
    custom(COMPANY_CF.approvers, "Approvers", "users", "array", "multiuserpicker", { schema: { type: "array", items: "user", custom: "com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker", customId: 10055 } }),
  ];
}

/** Splits `total` issues over the projects by relative size (exact total). */
function sizes(total: number): number[] {
  const weight = PROJECTS.reduce((s, p) => s + p[3], 0);
  const out = PROJECTS.map((p) => Math.floor((total * p[3]) / weight));
  for (let i = 0; total - out.reduce((s, n) => s + n, 0) > 0; i++) out[i % out.length] = (out[i % out.length] ?? 0) + 1;
  return out;
}

interface Gen {
  state: SimState;
  d: Draw;
  text: (blocks: Block[] | null) => unknown;
  base: number;
}

/** The people of one project: who may browse it, and the same as mention targets. */
interface People {
  users: SimUser[];
  refs: MentionRef[];
}

function makeIssue(g: Gen, project: SimProject, wf: SimWorkflow, type: CompanyIssueType, created: number, parent: SimIssue | null, { users: people, refs }: People): SimIssue {
  const { state, d, base } = g;
  const summary = summaryFor(d, type);
  const statusId = type === "Epic"
    ? d.weighted([["3", 5], ["10000", 3], ["10005", 2]] as const)
    : d.weighted([["10005", 45], ["10000", 30], ["3", 15], ["10001", 10]] as const);
  const status = wf.statuses.includes(statusId) ? statusId : "3";
  const done = status === "10005";
  const updated = Math.min(base - HOUR, created + d.int(1, 60) * DAY + d.int(0, 3599) * 1000);
  const customs: Record<string, unknown> = {};
  const sel = (field: string, values: number): string => String((field === COMPANY_CF.severity ? SEVERITY_OPTIONS : TEAM_OPTIONS) + d.int(0, values - 1));
  if (type === "Bug") customs[COMPANY_CF.severity] = sel(COMPANY_CF.severity, 4);
  if (type === "Bug" && d.chance(0.3)) customs[COMPANY_CF.customer] = d.pick(["ACME GmbH", "Globex Corp.", "Initech", "Umbrella Ltd", "Stark Industries", "Müller & Söhne KG"]);
  if (type === "Story" && d.chance(0.6)) customs[CF.storyPoints] = d.pick([1, 2, 3, 5, 8, 13]);
  if (type === "Story" && d.chance(0.3)) customs[COMPANY_CF.acceptance] = g.text([{ bullets: [{ text: ["Given a signed-in user"] }, { text: ["When they ", { strong: "save" }] }, { text: ["Then the change is visible ", { em: "everywhere" }] }] }]);
  if (d.chance(0.7)) customs[COMPANY_CF.team] = sel(COMPANY_CF.team, 6);
  const assignee = d.chance(0.8) ? d.pick(people).accountId : null;
  const reporter = d.pick(people).accountId;
  const estimate = (type === "Task" || type === "Story") && d.chance(0.3) ? d.pick([2, 4, 8, 16, 24]) * 3600 : null;
  const resolutionId = done ? d.weighted([["10000", 80], ["10001", 10], ["10002", 6], [type === "Bug" ? "10003" : "10000", 4]] as const) : null;
  const labelCount = d.weighted([[0, 4], [1, 4], [2, 2], [3, 1]] as const);
  const labels = [...new Set(Array.from({ length: labelCount }, () => d.pick(LABELS)))];
  const issue: SimIssue = {
    id: String(state.nextId.issue++),
    key: `${project.key}-${project.nextNumber++}`,
    projectKey: project.key,
    oldKeys: [],
    summary,
    description: g.text(descriptionFor(d, type, summary, refs)),
    issueTypeId: TYPE_ID[type],
    statusId: status,
    priorityId: d.weighted([["1", 3], ["2", 12], ["3", 60], ["4", 20], ["5", 5]] as const),
    assignee,
    reporter,
    creator: reporter,
    labels,
    parentId: parent?.id ?? null,
    originalEstimate: estimate,
    remainingEstimate: estimate === null ? null : done ? 0 : estimate,
    created,
    updated,
    statusCategoryChanged: status === wf.initialStatus ? created : created + Math.floor((updated - created) / 2),
    resolutionDate: done ? updated : null,
    ...(done ? { resolutionId } : {}),
    custom: customs,
  };
  if (status !== wf.initialStatus) {
    const at = issue.statusCategoryChanged;
    const name = (id: string | null): string | null => state.statuses.find((s) => s.id === id)?.name ?? null;
    const items: SimChangeItem[] = [{ field: "status", fieldtype: "jira", fieldId: "status", from: wf.initialStatus, fromString: name(wf.initialStatus), to: status, toString: name(status) }];
    if (done) items.push({ field: "resolution", fieldtype: "jira", fieldId: "resolution", from: null, fromString: null, to: resolutionId, toString: RESOLUTIONS.find((r) => r.id === resolutionId)?.name ?? null });
    state.histories.push({ id: String(state.nextId.history++), issueId: issue.id, author: assignee ?? reporter, created: at, items });
  }
  if (status !== wf.initialStatus && type !== "Epic" && d.chance(0.12)) {
    const author = assignee ?? reporter;
    const started = Math.min(updated - HOUR, created + d.int(2, 48) * HOUR);
    const worked = d.pick([0.5, 1, 1.5, 2, 4]) * 3600;
    state.worklogs.push({ id: String(state.nextId.worklog++), issueId: issue.id, author, updateAuthor: author, comment: g.text([{ p: [`Worked on: ${summary.toLowerCase()}`] }]), started, timeSpentSeconds: worked, created: started + worked * 1000, updated: started + worked * 1000 });
  }
  state.issues.push(issue);
  return issue;
}

/** The company site's configuration and issues, generated from `seed` (default COMPANY_SEED). */
export function companyState(mode: Mode, base: number, seed = COMPANY_SEED, issueCount = COMPANY_ISSUES): SimState {
  const users = companyUsers();
  const state: SimState = {
    version: 1,
    mode,
    users: [...users, ...companyColleagues()],
    statuses: [
      { id: "10000", name: "To Do", category: "new", description: "Work that has not started." },
      { id: "3", name: "In Progress", category: "indeterminate", description: "Being worked on." },
      { id: "10001", name: "In Review", category: "indeterminate", description: "Awaiting review." },
      { id: "10005", name: "Done", category: "done", description: "Finished." },
    ],
    workflows: [structuredClone(SOFTWARE_WORKFLOW), structuredClone(BUSINESS_WORKFLOW)],
    issueTypes: structuredClone(ISSUE_TYPES),
    priorities: ["Highest", "High", "Medium", "Low", "Lowest"].map((name, i) => ({ id: String(i + 1), name })),
    resolutions: structuredClone(RESOLUTIONS),
    projects: PROJECTS.map(([key, name, software], i) => ({
      id: String(10000 + i),
      key,
      name,
      workflowId: software ? SOFTWARE_WORKFLOW.id : BUSINESS_WORKFLOW.id,
      issueTypeIds: software ? Object.values(TYPE_ID) : [TYPE_ID.Epic, TYPE_ID.Task, TYPE_ID["Sub-task"]],
      leadAccountId: users[i % users.length]?.accountId ?? "",
      nextNumber: 1,
      ...(software ? { requiredOnCreate: { [TYPE_ID.Bug]: [COMPANY_CF.severity] } } : {}),
      description: `${name}: the ${software ? "software" : "business"} work of the ${name} team.`,
      category: software ? CATEGORIES.engineering : CATEGORIES.business,
      components: software
        ? COMPONENTS.map((c, n) => ({ id: String(11000 + i * 10 + n), name: c, description: `${c} of ${name}`, leadAccountId: users[(i + n) % users.length]?.accountId ?? "" }))
        : [],
    })),
    fields: companyFields(mode),
    issues: [],
    links: [],
    worklogs: [],
    deletedWorklogs: [],
    histories: [],
    nextId: { issue: 10000, worklog: 20000, history: 30000, link: 40000 },
  };
  const d = new Draw(mulberry32(seed));
  const g: Gen = { state, d, base, text: (blocks) => (blocks === null ? null : mode === "cloud" ? toAdf(blocks) : toWiki(blocks)) };
  const span = 720 * DAY;
  sizes(issueCount).forEach((n, pi) => {
    const project = state.projects[pi];
    const wf = state.workflows.find((w) => w.id === project?.workflowId);
    if (!project || !wf) return;
    const browsing = users.filter((u) => !u.deniedProjects.includes(project.key));
    const people: People = { users: browsing, refs: browsing.map((u) => ({ accountId: u.accountId, name: u.name, displayName: u.displayName })) };
    const software = project.workflowId === SOFTWARE_WORKFLOW.id;
    const epics: SimIssue[] = [];
    const standard: SimIssue[] = [];
    for (let k = 0; k < n; k++) {
      const created = base - span - 30 * DAY + Math.floor((k / n) * span) + d.int(0, 23) * HOUR;
      let type: CompanyIssueType = k < Math.max(1, Math.round(n * 0.03)) ? "Epic"
        : software ? d.weighted([["Story", 30], ["Task", 35], ["Bug", 22], ["Sub-task", 13]] as const)
        : d.weighted([["Task", 85], ["Sub-task", 15]] as const);
      if (type === "Sub-task" && standard.length === 0) type = "Task";
      const parent = type === "Sub-task" ? d.pick(standard) : type !== "Epic" && epics.length && d.chance(0.4) ? d.pick(epics) : null;
      const issue = makeIssue(g, project, wf, type, created, parent, people);
      if (type === "Epic") epics.push(issue);
      else if (type !== "Sub-task") standard.push(issue);
    }
  });
  const all = state.issues;
  const byProject = new Map<string, SimIssue[]>();
  for (const i of all) {
    const list = byProject.get(i.projectKey);
    if (list) list.push(i);
    else byProject.set(i.projectKey, [i]);
  }
  const links = Math.round(all.length * 0.18);
  for (let n = 0; n < links; n++) {
    const a = d.pick(all);
    const b = d.chance(0.7) ? d.pick(byProject.get(a.projectKey) ?? all) : d.pick(all);
    if (a.id === b.id) continue;
    // Duplicates and clones are rarer; picked by position, so the generator's draws (and every later value) stay.
    const blocks = d.chance(0.4);
    const type = blocks ? "Blocks" : n % 9 === 0 ? "Duplicate" : n % 13 === 0 ? "Cloners" : "Relates";
    state.links.push({ id: String(state.nextId.link++), type, outwardIssueId: a.id, inwardIssueId: b.id });
  }
  seedHistory(state, base, seed);
  seedVersions(state, base - span - 30 * DAY, base);
  return state;
}

/**
 * Quarterly releases of the software projects (`1.0.0`, `1.1.0`, …; the same names in every project, as Jira
 * allows), released once their date has passed. Three in four of each project's stories, tasks and bugs have a
 * fix version: a done issue the release its resolution fell in, an open one the next unreleased release. Drawn
 * from the issues' numbers and dates (no random draws, so the rest of the seed is unchanged).
 */
function seedVersions(state: SimState, start: number, now: number): void {
  const quarter = 91 * DAY;
  const count = Math.ceil((now - start) / quarter) + 1;
  const versions: SimVersion[] = [];
  for (const project of state.projects.filter((p) => p.workflowId === SOFTWARE_WORKFLOW.id)) {
    const own = Array.from({ length: count }, (_, n): SimVersion => {
      const release = start + (n + 1) * quarter;
      const id = String(10500 + versions.length + n);
      return { id, projectKey: project.key, name: `1.${n}.0`, released: release < now, archived: false, releaseDate: new Date(release).toISOString().slice(0, 10) };
    });
    versions.push(...own);
    const next = own.find((v) => !v.released);
    for (const issue of state.issues) {
      const type = state.issueTypes.find((t) => t.id === issue.issueTypeId);
      const number = Number(issue.key.split("-")[1]);
      if (issue.projectKey !== project.key || !type || type.subtask || type.hierarchyLevel > 0 || number % 4 === 0) continue;
      const version = issue.resolutionDate === null ? next : own[Math.min(count - 1, Math.floor((issue.resolutionDate - start) / quarter))];
      if (version) issue.fixVersionIds = [version.id];
    }
  }
  state.versions = versions;
}
