/**
 * Issue operations over HTTP for both flavours: search (Cloud `/search/jql`, Data Center `/search`),
 * `/issue/bulkfetch`, get/create/bulk-create/edit/delete, transitions, and change history (Cloud's paged
 * `/issue/{key}/changelog` and `/changelog/bulkfetch`).
 */
import { isObj, str } from "../util";
import { bulkChangelogs, changelogPage } from "../changelog";
import { jiraError, HttpError } from "../errors";
import { buildIssue, createIssue, deleteIssue, editIssue, storeNewIssue, transitionIssue } from "../issues";
import type { SimIssue } from "../model";
import { apiBase, renderIssue, selectFields, type Ctx } from "../render";
import type { Reply, Req, Router } from "../router";
import { cloudCount, cloudSearch, dcSearch, listParam, type SearchInput } from "../search";
import type { Sim } from "../sim";
import { renderTransitions } from "../workflows";


function queryInput(q: URLSearchParams): SearchInput {
  const get = (k: string): string | undefined => q.get(k) ?? undefined;
  const all = (k: string): string[] | undefined => (q.getAll(k).length ? q.getAll(k) : undefined);
  return { jql: get("jql"), nextPageToken: get("nextPageToken"), startAt: get("startAt"), maxResults: get("maxResults"), fields: all("fields"), expand: get("expand"), reconcileIssues: all("reconcileIssues") };
}

export function registerIssues(router: Router, sim: Sim, prefix: string): void {
  const cloud = sim.mode === "cloud";
  const ctx = (r: Req): Ctx => sim.ctx(r.user);
  const created = (c: Ctx, i: { id: string; key: string }): Record<string, unknown> => ({ id: i.id, key: i.key, self: `${apiBase(c)}/issue/${i.id}` });

  if (cloud) {
    router.add("GET", `${prefix}/search/jql`, (r) => ({ status: 200, body: cloudSearch(ctx(r), sim.index, queryInput(r.query)) }));
    router.add("POST", `${prefix}/search/jql`, (r) => {
      if (!isObj(r.body)) throw jiraError(400, "Request body is required.");
      return { status: 200, body: cloudSearch(ctx(r), sim.index, r.body) };
    });
    router.add("POST", `${prefix}/search/approximate-count`, (r) => {
      if (!isObj(r.body)) throw jiraError(400, "Request body is required.");
      return { status: 200, body: cloudCount(ctx(r), sim.index, r.body) };
    });
    router.add("POST", `${prefix}/issue/bulkfetch`, (r) => {
      const c = ctx(r);
      const b = isObj(r.body) ? r.body : {};
      const ids = Array.isArray(b.issueIdsOrKeys) ? b.issueIdsOrKeys.map(str) : null;
      if (!ids || ids.length === 0) throw jiraError(400, "issueIdsOrKeys must contain between 1 and 100 issue ids or keys.");
      if (ids.length > 100) throw jiraError(400, "issueIdsOrKeys must contain between 1 and 100 issue ids or keys.");
      const fields = selectFields(c, listParam(b.fields), "*navigable");
      const expand = listParam(b.expand) ?? [];
      const issues: Record<string, unknown>[] = [];
      const issueErrors: Record<string, unknown>[] = [];
      const seen = new Set<string>();
      for (const id of ids) {
        const i = sim.store.issue(id);
        if (!i || !sim.store.canBrowse(r.user, i.projectKey)) {
          issueErrors.push({ id, errorMessage: "Issue does not exist or you do not have permission to see it." });
          continue;
        }
        if (seen.has(i.id)) continue;
        seen.add(i.id);
        issues.push(renderIssue(c, i, { fields, expand }));
      }
      return { status: 200, body: { issues, issueErrors } };
    });
  } else {
    router.add("GET", `${prefix}/search`, (r) => ({ status: 200, body: dcSearch(ctx(r), sim.index, queryInput(r.query)) }));
    router.add("POST", `${prefix}/search`, (r) => ({ status: 200, body: dcSearch(ctx(r), sim.index, isObj(r.body) ? r.body : {}) }));
  }

  router.add("GET", `${prefix}/issue/{issueIdOrKey}`, (r) => {
    const c = ctx(r);
    const i = sim.store.visibleIssue(r.user, r.params.issueIdOrKey ?? "");
    const transitions = (x: SimIssue): unknown[] => renderTransitions(c, x).transitions;
    return { status: 200, body: renderIssue(c, i, { fields: selectFields(c, listParam(r.query.getAll("fields")), "*all"), expand: listParam(r.query.get("expand")) ?? [], transitions }) };
  });

  router.add("POST", `${prefix}/issue`, (r) => {
    const c = ctx(r);
    const i = createIssue(c, r.body);
    return { status: 201, body: created(c, i) };
  });

  router.add("POST", `${prefix}/issue/bulk`, (r) => {
    const c = ctx(r);
    const b = isObj(r.body) ? r.body : {};
    // Structural errors are answered in the CreatedIssues shape that the spec declares for 400.
    const refuse = (msg: string): Reply => ({ status: 400, body: { issues: [], errors: [{ status: 400, elementErrors: { errorMessages: [msg], errors: {} }, failedElementNumber: 0 }] } });
    if (!Array.isArray(b.issueUpdates)) return refuse("issueUpdates is required.");
    if (b.issueUpdates.length > 50) return refuse("The number of issues to create must not exceed 50.");
    const issues: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    const ids: string[] = [];
    b.issueUpdates.forEach((u: unknown, n: number) => {
      try {
        const i = storeNewIssue(c, buildIssue(c, u));
        ids.push(i.id);
        issues.push(created(c, i));
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        errors.push({ status: e.status, elementErrors: { errorMessages: e.body.errorMessages, errors: e.body.errors }, failedElementNumber: n });
      }
    });
    if (ids.length) sim.store.committed(ids);
    return { status: issues.length === 0 && errors.length > 0 ? 400 : 201, body: { issues, errors } };
  });

  router.add("PUT", `${prefix}/issue/{issueIdOrKey}`, (r) => {
    const c = ctx(r);
    const i = sim.store.visibleIssue(r.user, r.params.issueIdOrKey ?? "");
    const notify = r.query.get("notifyUsers");
    if (notify !== null && notify !== "true" && notify !== "false") throw jiraError(400, "notifyUsers must be true or false.");
    editIssue(c, i, r.body);
    if (cloud && r.query.get("returnIssue") === "true") {
      return { status: 200, body: renderIssue(c, i, { fields: selectFields(c, undefined, "*all"), expand: listParam(r.query.get("expand")) ?? [] }) };
    }
    return { status: 204 };
  });

  router.add("DELETE", `${prefix}/issue/{issueIdOrKey}`, (r) => {
    const i = sim.store.visibleIssue(r.user, r.params.issueIdOrKey ?? "");
    deleteIssue(ctx(r), i, r.query.get("deleteSubtasks") === "true");
    return { status: 204 };
  });

  router.add("GET", `${prefix}/issue/{issueIdOrKey}/transitions`, (r) => {
    const i = sim.store.visibleIssue(r.user, r.params.issueIdOrKey ?? "");
    const withFields = (listParam(r.query.get("expand")) ?? []).includes("transitions.fields");
    return { status: 200, body: renderTransitions(ctx(r), i, r.query.get("transitionId") ?? undefined, withFields) };
  });

  router.add("POST", `${prefix}/issue/{issueIdOrKey}/transitions`, (r) => {
    const i = sim.store.visibleIssue(r.user, r.params.issueIdOrKey ?? "");
    transitionIssue(ctx(r), i, r.body);
    return { status: 204 };
  });

  if (cloud) {
    router.add("GET", `${prefix}/issue/{issueIdOrKey}/changelog`, (r) => {
      const c = ctx(r);
      const i = sim.store.visibleIssue(r.user, r.params.issueIdOrKey ?? "");
      const startAt = Number(r.query.get("startAt") ?? 0);
      const max = Math.min(Number(r.query.get("maxResults") ?? 100), 100);
      if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(max) || max < 1) throw jiraError(400, "Invalid paging parameters.");
      return { status: 200, body: changelogPage(c, `${apiBase(c)}/issue/${i.key}/changelog?startAt=${startAt}&maxResults=${max}`, sim.store.histories(i.id), startAt, max) };
    });
    router.add("POST", `${prefix}/changelog/bulkfetch`, (r) => {
      const c = ctx(r);
      const b = isObj(r.body) ? r.body : {};
      if (!Array.isArray(b.issueIdsOrKeys) || b.issueIdsOrKeys.length === 0) throw jiraError(400, "issueIdsOrKeys is required.");
      if (b.issueIdsOrKeys.length > 1000) throw jiraError(400, "issueIdsOrKeys must not contain more than 1000 items.");
      const ids = b.issueIdsOrKeys
        .map((k) => sim.store.issue(str(k)))
        .filter((i) => i && sim.store.canBrowse(r.user, i.projectKey))
        .map((i) => i?.id ?? "");
      const fieldIds = Array.isArray(b.fieldIds) ? b.fieldIds.map(str) : undefined;
      if (fieldIds && fieldIds.length > 10) throw jiraError(400, "fieldIds must not contain more than 10 items.");
      const max = Math.min(Number(b.maxResults ?? 1000), 10000);
      return { status: 200, body: bulkChangelogs(c, ids, fieldIds, max, typeof b.nextPageToken === "string" ? b.nextPageToken : undefined) };
    });
  }
}
