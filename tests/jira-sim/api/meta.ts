/**
 * Read-only metadata operations for both API flavours: myself, serverInfo, fields, projects (Cloud's paged
 * `/project/search`, Data Center's `/project` list), one project with its description, category and issue types,
 * its versions and components, project statuses per issue type, all statuses (`/status`), status categories,
 * priorities. (User searches are in `users.ts`.)
 */
import { STATUS_CATEGORIES } from "../base";
import { jiraError } from "../errors";
import type { SimProject } from "../model";
import { renderComponent, renderField, renderProject, renderProjectDetail, renderStatus, renderStatusCategory, renderUser, renderVersion, apiBase, type Ctx } from "../render";
import type { Req, Router } from "../router";
import type { Sim } from "../sim";
import { jiraTimestamp } from "../time";

export function visibleProject(c: Ctx, keyOrId: string): SimProject {
  const p = c.store.project(keyOrId);
  if (!p || !c.store.canBrowse(c.viewer, p.key)) throw jiraError(404, `No project could be found with key '${keyOrId}'.`);
  return p;
}

export function registerMeta(router: Router, sim: Sim, prefix: string): void {
  const cloud = sim.mode === "cloud";
  const ctx = (r: Req): Ctx => sim.ctx(r.user);

  router.add("GET", `${prefix}/myself`, (r) => {
    const u = renderUser(ctx(r), r.user, true) ?? {};
    if (cloud) Object.assign(u, { groups: { size: 1, items: [] }, applicationRoles: { size: 1, items: [] }, expand: "groups,applicationRoles" });
    return { status: 200, body: u };
  });

  router.add("GET", `${prefix}/serverInfo`, (r) => {
    const c = ctx(r);
    const now = sim.clock.now();
    const body: Record<string, unknown> = cloud
      ? { baseUrl: c.baseUrl, displayUrl: c.baseUrl, version: "1001.0.0-SNAPSHOT", versionNumbers: [1001, 0, 0], deploymentType: "Cloud", buildNumber: 100300, buildDate: "2025-11-01T00:00:00.000+0000", serverTime: jiraTimestamp(now), scmInfo: "jira-sim", serverTitle: "Jira (simulator)", defaultLocale: { locale: "en_US" }, serverTimeZone: "UTC" }
      : { baseUrl: c.baseUrl, version: "10.3.24", versionNumbers: [10, 3, 24], deploymentType: "Server", buildNumber: 10030024, buildDate: "2025-11-01T00:00:00.000+0000", serverTime: jiraTimestamp(now), scmInfo: "jira-sim", serverTitle: "Jira (simulator)" };
    if (cloud) delete body.defaultLocale;
    return { status: 200, body };
  });

  router.add("GET", `${prefix}/field`, () => ({ status: 200, body: sim.store.state.fields.map((f) => renderField(f, sim.mode)) }));

  if (cloud) {
    router.add("GET", `${prefix}/project/search`, (r) => {
      const c = ctx(r);
      const startAt = Number(r.query.get("startAt") ?? 0);
      const maxResults = Math.min(Number(r.query.get("maxResults") ?? 50), 100);
      if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(maxResults) || maxResults < 0) throw jiraError(400, "Invalid paging parameters.");
      const q = (r.query.get("query") ?? "").toLowerCase();
      const keys = r.query.getAll("keys").flatMap((k) => k.split(","));
      const all = sim.store.state.projects
        .filter((p) => sim.store.canBrowse(r.user, p.key))
        .filter((p) => !q || p.key.toLowerCase().includes(q) || p.name.toLowerCase().includes(q))
        .filter((p) => keys.length === 0 || keys.includes(p.key));
      const values = all.slice(startAt, startAt + maxResults).map((p) => renderProject(c, p, true));
      const isLast = startAt + values.length >= all.length;
      const self = `${apiBase(c)}/project/search?startAt=${startAt}&maxResults=${maxResults}`;
      const body: Record<string, unknown> = { self, maxResults, startAt, total: all.length, isLast, values };
      if (!isLast) body.nextPage = `${apiBase(c)}/project/search?startAt=${startAt + maxResults}&maxResults=${maxResults}`;
      return { status: 200, body };
    });
  } else {
    router.add("GET", `${prefix}/project`, (r) => ({
      status: 200,
      body: sim.store.state.projects.filter((p) => sim.store.canBrowse(r.user, p.key)).map((p) => renderProject(ctx(r), p, true)),
    }));
  }

  router.add("GET", `${prefix}/project/{projectIdOrKey}`, (r) => ({ status: 200, body: renderProjectDetail(ctx(r), visibleProject(ctx(r), r.params.projectIdOrKey ?? "")) }));

  // A project's versions (Jira's order: as created) and components (by name), both deployments.
  router.add("GET", `${prefix}/project/{projectIdOrKey}/versions`, (r) => {
    const c = ctx(r);
    const p = visibleProject(c, r.params.projectIdOrKey ?? "");
    return { status: 200, body: (sim.store.state.versions ?? []).filter((v) => v.projectKey === p.key).map((v) => renderVersion(c, v)) };
  });
  router.add("GET", `${prefix}/project/{projectIdOrKey}/components`, (r) => {
    const c = ctx(r);
    const p = visibleProject(c, r.params.projectIdOrKey ?? "");
    const sorted = [...(p.components ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    return { status: 200, body: sorted.map((k) => renderComponent(c, p, k)) };
  });

  router.add("GET", `${prefix}/project/{projectIdOrKey}/statuses`, (r) => {
    const c = ctx(r);
    const p = visibleProject(c, r.params.projectIdOrKey ?? "");
    const wf = sim.store.state.workflows.find((w) => w.id === p.workflowId);
    const statuses = (wf?.statuses ?? []).map((id) => renderStatus(c, sim.store.state.statuses.find((s) => s.id === id)));
    const body = p.issueTypeIds.map((id) => {
      const t = sim.store.state.issueTypes.find((x) => x.id === id);
      return { self: `${apiBase(c)}/issuetype/${id}`, id, name: t?.name ?? id, subtask: t?.subtask ?? false, statuses };
    });
    return { status: 200, body };
  });

  // Every status with its category (the history reads categories from here in one request).
  router.add("GET", `${prefix}/status`, (r) => ({ status: 200, body: sim.store.state.statuses.map((s) => renderStatus(ctx(r), s)) }));

  router.add("GET", `${prefix}/statuscategory`, (r) => ({
    status: 200,
    body: [
      { self: `${apiBase(ctx(r))}/statuscategory/1`, id: 1, key: "undefined", colorName: "medium-gray", name: "No Category" },
      ...(Object.keys(STATUS_CATEGORIES) as (keyof typeof STATUS_CATEGORIES)[]).map((k) => renderStatusCategory(ctx(r), k)),
    ],
  }));

  router.add("GET", `${prefix}/priority`, (r) => ({
    status: 200,
    body: sim.store.state.priorities.map((p) => ({
      self: `${apiBase(ctx(r))}/priority/${p.id}`,
      statusColor: "#cccccc",
      description: `${p.name} priority`,
      iconUrl: `${sim.baseUrl}/images/icons/priorities/${p.name.toLowerCase()}.svg`,
      name: p.name,
      id: p.id,
    })),
  }));
}
