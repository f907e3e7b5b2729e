/**
 * Configuration shared by every seed: users (two time zones, one without access to PLAT), status categories,
 * statuses, per-project workflows (including the custom "AI Processing", "Validation", "Auto Update",
 * "In Review"/"Review" statuses and a two-hop path To Do → In Progress → In Review), issue types,
 * priorities, projects and the field catalogue (system fields plus custom fields "LLM Context",
 * "Model Suggestions" (text areas), "Automation Status" (select) and "External Ref" (single-line text)).
 */
import type { CategoryKey, Mode, SimField, SimState, SimUser, SimWorkflow } from "./model";

export const STATUS_CATEGORIES: Record<CategoryKey, { id: number; name: string; colorName: string }> = {
  new: { id: 2, name: "To Do", colorName: "blue-gray" },
  indeterminate: { id: 4, name: "In Progress", colorName: "yellow" },
  done: { id: 3, name: "Done", colorName: "green" },
};

/** Jira's default issue types (company-managed software project), shared by the seeds. */
export const ISSUE_TYPES: SimState["issueTypes"] = [
  { id: "10000", name: "Epic", subtask: false, hierarchyLevel: 1 },
  { id: "10001", name: "Task", subtask: false, hierarchyLevel: 0 },
  { id: "10002", name: "Bug", subtask: false, hierarchyLevel: 0 },
  { id: "10003", name: "Story", subtask: false, hierarchyLevel: 0 },
  { id: "10004", name: "Sub-task", subtask: true, hierarchyLevel: -1 },
];

export const CF = {
  llmContext: "customfield_10040",
  modelSuggestions: "customfield_10041",
  automationStatus: "customfield_10042",
  externalRef: "customfield_10043",
  storyPoints: "customfield_10016",
} as const;

export function user(short: string, displayName: string, timeZone: string, n: number, denied: string[] = []): SimUser {
  return {
    accountId: `712020:0000000${n}-${short}-4b1e-9c3a-00000000000${n}`,
    name: short,
    key: `JIRAUSER1000${n}`,
    email: `${short}@example.com`,
    displayName,
    timeZone,
    apiToken: `${short}-api-token`,
    pat: `${short}-personal-access-token`,
    deniedProjects: denied,
    active: true,
  };
}

export function sys(id: string, name: string, type: string, extra: Partial<SimField> = {}): SimField {
  return {
    id,
    name,
    custom: false,
    kind: "system",
    schema: { type, system: id },
    navigable: true,
    orderable: true,
    searchable: true,
    clauseNames: [id],
    ...extra,
  };
}

export function custom(id: string, name: string, kind: SimField["kind"], type: string, plugin: string, extra: Partial<SimField> = {}): SimField {
  const num = Number(id.replace("customfield_", ""));
  return {
    id,
    name,
    custom: true,
    kind,
    schema: { type, custom: `com.atlassian.jira.plugin.system.customfieldtypes:${plugin}`, customId: num },
    navigable: true,
    orderable: true,
    searchable: true,
    clauseNames: [`cf[${num}]`, name],
    ...extra,
  };
}

/**
 * Data Center's *Epic Link* (Jira Software's `gh-epic-link` type): on Data Center an epic's children point to it
 * through this field (the epic's key as a string), not through `parent`, which only sub-tasks carry. Cloud
 * replaced it with `parent` for every level.
 */
export const EPIC_LINK = "customfield_10101";

/** The *Epic Link* field's `/field` entry (Data Center). */
export function epicLinkField(): SimField {
  return {
    id: EPIC_LINK,
    name: "Epic Link",
    custom: true,
    kind: "epiclink",
    schema: { type: "any", custom: "com.pyxis.greenhopper.jira:gh-epic-link", customId: 10101 },
    navigable: true,
    orderable: true,
    searchable: true,
    clauseNames: ["cf[10101]", "Epic Link"],
  };
}

/** The field list; Data Center's adds *Epic Link* (see [`EPIC_LINK`]). */
export function fieldCatalogue(mode: Mode = "cloud"): SimField[] {
  return [
    ...(mode === "datacenter" ? [epicLinkField()] : []),
    sys("summary", "Summary", "string"),
    sys("description", "Description", "string"),
    sys("issuetype", "Issue Type", "issuetype", { clauseNames: ["issuetype", "type"] }),
    sys("project", "Project", "project"),
    sys("status", "Status", "status", { orderable: false }),
    sys("statusCategory", "Status Category", "statusCategory", { orderable: false, navigable: false }),
    sys("priority", "Priority", "priority"),
    sys("assignee", "Assignee", "user"),
    sys("reporter", "Reporter", "user"),
    sys("creator", "Creator", "user", { orderable: false }),
    sys("labels", "Labels", "array", { kind: "labels", schema: { type: "array", items: "string", system: "labels" } }),
    sys("parent", "Parent", "issuelink"),
    sys("fixVersions", "Fix Version/s", "array", { schema: { type: "array", items: "version", system: "fixVersions" }, clauseNames: ["fixVersion"] }),
    sys("issuelinks", "Linked Issues", "array", { schema: { type: "array", items: "issuelinks", system: "issuelinks" } }),
    sys("comment", "Comment", "comments-page"),
    sys("issuekey", "Key", "string", { orderable: false, clauseNames: ["id", "issue", "issuekey", "key"] }),
    sys("timetracking", "Time tracking", "timetracking", { navigable: false }),
    sys("timeoriginalestimate", "Original Estimate", "number", { orderable: false }),
    sys("timeestimate", "Remaining Estimate", "number", { orderable: false }),
    sys("timespent", "Time Spent", "number", { orderable: false }),
    sys("worklog", "Log Work", "array", { navigable: false, schema: { type: "array", items: "worklog", system: "worklog" } }),
    sys("created", "Created", "datetime", { orderable: false, clauseNames: ["created", "createdDate"] }),
    sys("updated", "Updated", "datetime", { orderable: false, clauseNames: ["updated", "updatedDate"] }),
    sys("statuscategorychangedate", "Status Category Changed", "datetime", { orderable: false }),
    sys("resolution", "Resolution", "resolution"),
    sys("resolutiondate", "Resolved", "datetime", { orderable: false }),
    custom(CF.llmContext, "LLM Context", "textarea", "string", "textarea"),
    custom(CF.modelSuggestions, "Model Suggestions", "textarea", "string", "textarea"),
    custom(CF.automationStatus, "Automation Status", "select", "option", "select", {
      options: ["Idle", "Queued", "Running", "Failed", "Complete"].map((value, i) => ({ id: String(10100 + i), value })),
    }),
    custom(CF.externalRef, "External Ref", "text", "string", "textfield"),
    custom(CF.storyPoints, "Story point estimate", "number", "number", "float"),
  ];
}

const OPS_WORKFLOW: SimWorkflow = {
  id: "wf-ops",
  name: "OPS automation workflow",
  initialStatus: "10000",
  statuses: ["10000", "3", "10001", "10002", "10003", "10004", "10005"],
  transitions: [
    { id: "11", name: "Start Progress", from: ["10000"], to: "3" },
    { id: "21", name: "Submit for Review", from: ["3"], to: "10001" },
    { id: "31", name: "Approve", from: ["10001"], to: "10005" },
    { id: "41", name: "Request Changes", from: ["10001"], to: "3" },
    { id: "51", name: "Send to AI", from: ["3"], to: "10002" },
    { id: "61", name: "Validate", from: ["10002"], to: "10003" },
    { id: "71", name: "Apply Update", from: ["10003"], to: "10004" },
    { id: "81", name: "Finish", from: ["10004"], to: "10005" },
    { id: "91", name: "Reject", from: ["10003"], to: "3" },
    { id: "101", name: "Reopen", from: ["10005"], to: "10000" },
    { id: "111", name: "Stop Progress", from: ["3"], to: "10000" },
  ],
};

const PLAT_WORKFLOW: SimWorkflow = {
  id: "wf-plat",
  name: "PLAT delivery workflow",
  initialStatus: "10007",
  statuses: ["10007", "3", "10006", "10002", "10003", "10005"],
  transitions: [
    { id: "11", name: "Start", from: ["10007"], to: "3" },
    { id: "21", name: "Review", from: ["3"], to: "10006" },
    { id: "31", name: "Done", from: ["10006", "10003"], to: "10005" },
    { id: "41", name: "Back to Work", from: ["10006", "10003"], to: "3" },
    { id: "51", name: "Hand to AI", from: ["3"], to: "10002" },
    { id: "61", name: "Validate", from: ["10002"], to: "10003" },
    { id: "71", name: "Reopen", from: ["10005"], to: "10007" },
  ],
};

export const USERS = {
  alice: user("alice", "Alice Berlin", "Europe/Berlin", 1),
  bob: user("bob", "Bob Angeles", "America/Los_Angeles", 2),
  carol: user("carol", "Carol Tokyo", "Asia/Tokyo", 3, ["PLAT"]),
};

/** Users, projects, statuses, workflows and fields; no issues. */
export function baseState(mode: Mode): SimState {
  return {
    version: 1,
    mode,
    users: [structuredClone(USERS.alice), structuredClone(USERS.bob), structuredClone(USERS.carol)],
    statuses: [
      { id: "10000", name: "To Do", category: "new", description: "Work that has not started." },
      { id: "10007", name: "Backlog", category: "new", description: "Not yet planned." },
      { id: "3", name: "In Progress", category: "indeterminate", description: "Being worked on." },
      { id: "10001", name: "In Review", category: "indeterminate", description: "Awaiting review." },
      { id: "10006", name: "Review", category: "indeterminate", description: "Awaiting review (PLAT)." },
      { id: "10002", name: "AI Processing", category: "indeterminate", description: "An AI agent is working on it." },
      { id: "10003", name: "Validation", category: "indeterminate", description: "AI output is being validated." },
      { id: "10004", name: "Auto Update", category: "indeterminate", description: "Applying automatic updates." },
      { id: "10005", name: "Done", category: "done", description: "Finished." },
    ],
    workflows: [structuredClone(OPS_WORKFLOW), structuredClone(PLAT_WORKFLOW)],
    issueTypes: structuredClone(ISSUE_TYPES),
    priorities: [
      { id: "1", name: "Highest" },
      { id: "2", name: "High" },
      { id: "3", name: "Medium" },
      { id: "4", name: "Low" },
      { id: "5", name: "Lowest" },
    ],
    projects: [
      {
        id: "10000",
        key: "OPS",
        name: "Operations",
        workflowId: "wf-ops",
        issueTypeIds: ["10000", "10001", "10002", "10003", "10004"],
        leadAccountId: USERS.alice.accountId,
        nextNumber: 1,
        description: "Incident response, automation and the on-call rota.",
        category: { id: "10100", name: "Engineering", description: "Software teams" },
        components: [
          { id: "11000", name: "Automation", description: "Runbooks and bots", leadAccountId: USERS.bob.accountId },
          { id: "11001", name: "Monitoring", description: "Alerts and dashboards" },
        ],
      },
      { id: "10001", key: "PLAT", name: "Platform", workflowId: "wf-plat", issueTypeIds: ["10000", "10001", "10002", "10003", "10004"], leadAccountId: USERS.bob.accountId, nextNumber: 1 },
    ],
    fields: fieldCatalogue(mode),
    issues: [],
    links: [],
    worklogs: [],
    deletedWorklogs: [],
    histories: [],
    nextId: { issue: 10000, worklog: 20000, history: 30000, link: 40000 },
  };
}
