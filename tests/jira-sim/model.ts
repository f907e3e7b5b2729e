/**
 * The simulator's internal data model: plain JSON-serialisable records for users, projects, statuses,
 * workflows, fields, issues, worklogs and change history. These types belong to the simulator only; they
 * are deliberately independent of the product's Jira client so that a misunderstanding cannot hide on both
 * sides. Everything in `SimState` is persisted as-is with `--data`.
 */

export type Mode = "cloud" | "datacenter";

export interface SimUser {
  accountId: string;
  /** Data Center user name and key. */
  name: string;
  key: string;
  email: string;
  displayName: string;
  timeZone: string;
  /** Cloud API token (Basic email:token). */
  apiToken: string;
  /** Data Center personal access token (Bearer). */
  pat: string;
  /** Project keys this user may not browse. */
  deniedProjects: string[];
  active: boolean;
}

export type CategoryKey = "new" | "indeterminate" | "done";

export interface SimStatus {
  id: string;
  name: string;
  category: CategoryKey;
  description: string;
}

export interface SimTransition {
  id: string;
  name: string;
  /** Status ids this transition starts from; empty = global (from any status). */
  from: string[];
  to: string;
  /**
   * The transition's screen: the fields a transition request may set (others → 400 "cannot be set"), and
   * whether each is required (missing → 400). Absent = no screen.
   */
  screen?: { field: string; required: boolean }[];
}

export interface SimWorkflow {
  id: string;
  name: string;
  initialStatus: string;
  statuses: string[];
  transitions: SimTransition[];
}

export interface SimIssueType {
  id: string;
  name: string;
  subtask: boolean;
  hierarchyLevel: number;
}

export interface SimProject {
  id: string;
  key: string;
  name: string;
  workflowId: string;
  issueTypeIds: string[];
  leadAccountId: string;
  nextNumber: number;
  /** Custom field ids required on create, by issue type id (missing → 400 "<Name> is required."). */
  requiredOnCreate?: Record<string, string[]>;
  /** Plain-text description (Jira's `Project.description` is a string in both APIs); absent = empty. */
  description?: string;
  /** The project's category; absent = none. */
  category?: SimProjectCategory;
  /** Components, in Jira's (name) order; absent = none. */
  components?: SimComponent[];
}

/** A project category. */
export interface SimProjectCategory {
  id: string;
  name: string;
  description: string;
}

/** A project component. */
export interface SimComponent {
  id: string;
  name: string;
  description?: string;
  /** Account id of the component lead; absent = none. */
  leadAccountId?: string;
}

export type FieldKind = "text" | "textarea" | "select" | "labels" | "number" | "user" | "users" | "sprint" | "epiclink" | "system";

export interface SimField {
  id: string;
  name: string;
  custom: boolean;
  kind: FieldKind;
  schema: { type: string; system?: string; custom?: string; customId?: number; items?: string };
  navigable: boolean;
  orderable: boolean;
  searchable: boolean;
  clauseNames: string[];
  options?: { id: string; value: string }[];
  /** The field's context: the projects whose issues carry it (others → 400 "cannot be set"); absent = every project. */
  projects?: string[];
}

export interface SimLink {
  id: string;
  /** The link type's name (one of `LINK_TYPES`, links.ts). */
  type: "Blocks" | "Cloners" | "Duplicate" | "Relates";
  outwardIssueId: string;
  inwardIssueId: string;
}

/** Issue as stored: field values in a canonical internal form (ids, not rendered objects). */
export interface SimIssue {
  id: string;
  key: string;
  projectKey: string;
  oldKeys: string[];
  summary: string;
  /** ADF document (cloud) or wiki-markup string (data center), or null. */
  description: unknown;
  issueTypeId: string;
  statusId: string;
  priorityId: string;
  assignee: string | null;
  reporter: string;
  creator: string;
  labels: string[];
  parentId: string | null;
  originalEstimate: number | null;
  remainingEstimate: number | null;
  created: number;
  updated: number;
  statusCategoryChanged: number;
  resolutionDate: number | null;
  /** Resolution id (see `SimState.resolutions`); absent on a resolved issue = the first resolution (Done). */
  resolutionId?: string | null;
  /** Custom field values by field id: ADF/strings for text fields, option ids for selects. */
  custom: Record<string, unknown>;
  /** Fix versions (ids of `SimState.versions`); absent = none. */
  fixVersionIds?: string[];
}

/** A comment on an issue: ADF (cloud) or a wiki-markup string (data center). */
export interface SimComment {
  id: string;
  issueId: string;
  author: string;
  body: unknown;
  created: number;
  updated: number;
}

/** A notification an API caller asked Jira to send about an issue (recipients resolved to account ids). */
export interface SimNotification {
  issueId: string;
  from: string;
  subject: string;
  textBody: string;
  recipients: string[];
  at: number;
}

/** A project's version (release). */
export interface SimVersion {
  id: string;
  projectKey: string;
  name: string;
  released: boolean;
  archived: boolean;
  /** `YYYY-MM-DD`, or null when not planned. */
  releaseDate: string | null;
}

export interface SimWorklog {
  id: string;
  issueId: string;
  author: string;
  updateAuthor: string;
  comment: unknown;
  started: number;
  timeSpentSeconds: number;
  created: number;
  updated: number;
}

export interface SimChangeItem {
  field: string;
  fieldtype: string;
  fieldId?: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface SimHistory {
  id: string;
  issueId: string;
  author: string;
  created: number;
  items: SimChangeItem[];
}

/** A Jira Software sprint (on a board of one project). */
export interface SimSprint {
  id: number;
  name: string;
  state: "closed" | "active" | "future";
  boardId: number;
  projectKey: string;
  goal: string;
  startDate: number | null;
  endDate: number | null;
  completeDate: number | null;
  /** When the sprint starts (or is planned to, for a future sprint). */
  plannedStart: number;
}

export interface SimResolution {
  id: string;
  name: string;
  description: string;
}

export interface SimState {
  version: 1;
  mode: Mode;
  users: SimUser[];
  statuses: SimStatus[];
  workflows: SimWorkflow[];
  issueTypes: SimIssueType[];
  priorities: { id: string; name: string }[];
  /** Resolutions; absent = only "Done" (id 10000). */
  resolutions?: SimResolution[];
  projects: SimProject[];
  fields: SimField[];
  issues: SimIssue[];
  links: SimLink[];
  worklogs: SimWorklog[];
  deletedWorklogs: { id: string; deleted: number }[];
  histories: SimHistory[];
  /** Sprints (sprint field values are their ids); absent = none. */
  sprints?: SimSprint[];
  /** Project versions (fix versions); absent = none. */
  versions?: SimVersion[];
  /** Issue comments (see comments.ts); absent = none. */
  comments?: SimComment[];
  /** Notifications sent with `POST /issue/{key}/notify`, for tests to inspect; absent = none. */
  notifications?: SimNotification[];
  nextId: { issue: number; worklog: number; history: number; link: number };
}
