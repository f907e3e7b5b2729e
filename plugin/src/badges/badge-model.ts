// What a Jira badge shows, independent of how it is drawn: label, status category, CSS classes, tooltip
// text and link target. Used by the reading-view badges, the header badge and the live-preview marks.
// Pure: the DOM is built elsewhere from this model, always as text (Jira content is untrusted).
import { type CachedIssue, type StatusCategory } from "../cache/issue-cache";

export interface BadgeModel {
  key: string;
  /** Status text to show next to the key (header badge), or "" when unknown. */
  status: string;
  category: StatusCategory;
  classes: string[];
  /** Accessible name and hover text. */
  tooltip: string;
  /** `${siteUrl}/browse/${key}`, or null when no site is configured (the badge is then not a link). */
  href: string | null;
}

export interface BadgeInput {
  key: string;
  issue?: CachedIssue | undefined;
  siteUrl: string;
  /**
   * Jira status name the note's front matter stands for (its state through the status mappings); used only
   * when the cache has no status: the cache holds what Jira last said.
   */
  state?: string | undefined;
  /** Summary from the note's front matter; used when the cache has none. */
  summary?: string | undefined;
  variant?: "inline" | "header";
}

const CATEGORY_LABEL: Record<StatusCategory, string> = {
  new: "To do",
  indeterminate: "In progress",
  done: "Done",
  unknown: "Unknown status",
};

// Common status names by category, for notes whose status comes from front matter only.
const NAME_CATEGORY: Record<string, StatusCategory> = {
  "to do": "new",
  todo: "new",
  open: "new",
  backlog: "new",
  new: "new",
  selected: "new",
  "selected for development": "new",
  "in progress": "indeterminate",
  "in review": "indeterminate",
  "code review": "indeterminate",
  review: "indeterminate",
  blocked: "indeterminate",
  testing: "indeterminate",
  done: "done",
  closed: "done",
  resolved: "done",
  complete: "done",
  completed: "done",
  "won't do": "done",
  cancelled: "done",
  canceled: "done",
};

/** Best guess at the category of a status name (for statuses from front matter without cache data). */
export function categoryFromStatusName(name: string): StatusCategory {
  return NAME_CATEGORY[name.trim().toLowerCase()] ?? "unknown";
}

/** The CSS class for a status category. */
export function categoryClass(category: StatusCategory): string {
  return `jvs-status-${category}`;
}

/** The browse URL of an issue, or null when the site is not set. */
export function browseUrl(siteUrl: string, key: string): string | null {
  if (siteUrl === "") return null;
  return `${siteUrl}/browse/${encodeURIComponent(key)}`;
}

export function badgeModel(input: BadgeInput): BadgeModel {
  const { key, issue, siteUrl } = input;
  const state = input.state?.trim() ?? "";
  const cached = issue?.status.trim() ?? "";
  const status = cached !== "" ? cached : state;
  let category: StatusCategory = issue?.statusCategory ?? "unknown";
  if (cached === "" && state !== "") {
    // Jira's status is not cached: the note's status stands in, with a guessed category.
    const guessed = categoryFromStatusName(state);
    category = guessed !== "unknown" ? guessed : category;
  }
  const summary = issue?.summary || input.summary?.trim() || "";
  const href = browseUrl(siteUrl, key);

  const parts = [key];
  parts.push(status !== "" ? status : category === "unknown" ? "Not synced yet" : CATEGORY_LABEL[category]);
  let tooltip = parts.join(" · ");
  if (summary !== "") tooltip += ` — ${summary}`;

  const classes = ["jvs-badge", categoryClass(category)];
  if (input.variant === "header") classes.push("jvs-badge-header");
  if (href) classes.push("jvs-badge-link");
  return { key, status, category, classes, tooltip, href };
}
