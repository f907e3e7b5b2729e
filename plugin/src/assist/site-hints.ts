// What detection asks Jira for (read-only): the site's priority list, highest first (`GET …/priority`, Jira's
// order), and the project's assignable users (`GET …/user/assignable/search?project=KEY`; Cloud account ids,
// Data Center user names). A failed call leaves that part empty (no priority or assignee is suggested) and its
// message is returned for the caller to show.
import { type JiraTransport } from "../jira/client";
import { apiPrefix } from "../jira/test-connection";

export interface FetchedHints {
  priorities: string[];
  assignable: { accountId: string; displayName: string }[];
  problems: string[];
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The site's priorities and `project`'s assignable users (none asked for when `project` is null). */
export async function fetchSiteHints(transport: JiraTransport, project: string | null): Promise<FetchedHints> {
  const out: FetchedHints = { priorities: [], assignable: [], problems: [] };
  const api = apiPrefix(transport.deployment);
  const priorities = await transport.send({ method: "GET", path: `${api}/priority` });
  if (priorities.ok && Array.isArray(priorities.body)) {
    out.priorities = (priorities.body as unknown[]).flatMap((p) => {
      const name = record(p)?.name;
      return typeof name === "string" && name.trim() !== "" ? [name] : [];
    });
  } else if (!priorities.ok) out.problems.push(`Priorities: ${priorities.error.message}`);
  if (project === null) return out;
  const users = await transport.send({ method: "GET", path: `${api}/user/assignable/search`, query: { project, maxResults: "200" } });
  if (users.ok && Array.isArray(users.body)) {
    out.assignable = (users.body as unknown[]).flatMap((u) => {
      const o = record(u);
      const id = typeof o?.accountId === "string" ? o.accountId : typeof o?.name === "string" ? o.name : null;
      const displayName = typeof o?.displayName === "string" ? o.displayName : null;
      return id !== null && displayName !== null && o?.active !== false ? [{ accountId: id, displayName }] : [];
    });
  } else if (!users.ok) out.problems.push(`Assignable users: ${users.error.message}`);
  return out;
}
