/**
 * In-memory store over `SimState` with lookup indices (issue by id, by current or former key; worklogs;
 * histories by issue), id allocation, permission checks, and optional persistence to a JSON file
 * (write to a temporary file, then rename, after every write).
 */
import process from "node:process";
import { renameSync, writeFileSync } from "node:fs";
import type { SimHistory, SimIssue, SimProject, SimState, SimUser, SimWorklog, SimChangeItem } from "./model";
import { notFoundIssue } from "./errors";
import type { SimClock } from "./time";

export class Store {
  state: SimState;
  private issuesById = new Map<string, SimIssue>();
  private keyIndex = new Map<string, string>();
  private worklogsById = new Map<string, SimWorklog>();
  private historiesByIssue = new Map<string, SimHistory[]>();
  /** Bumped on every write; used by the search index for eventual consistency. */
  writeSeq = 0;
  /** Called after each write with the ids of touched issues (deleted ones included). */
  onIssueWrite: (issueIds: string[]) => void = () => undefined;

  constructor(
    state: SimState,
    readonly clock: SimClock,
    private dataFile?: string,
  ) {
    this.state = state;
    this.reindex();
  }

  replace(state: SimState): void {
    this.state = state;
    this.reindex();
    this.persist();
  }

  reindex(): void {
    this.issuesById.clear();
    this.keyIndex.clear();
    this.worklogsById.clear();
    this.historiesByIssue.clear();
    for (const i of this.state.issues) this.indexIssue(i);
    for (const w of this.state.worklogs) this.worklogsById.set(w.id, w);
    for (const h of this.state.histories) this.pushHistoryIndex(h);
  }

  private indexIssue(i: SimIssue): void {
    this.issuesById.set(i.id, i);
    this.keyIndex.set(i.key.toUpperCase(), i.id);
    for (const k of i.oldKeys) this.keyIndex.set(k.toUpperCase(), i.id);
  }

  private pushHistoryIndex(h: SimHistory): void {
    const list = this.historiesByIssue.get(h.issueId) ?? [];
    list.push(h);
    this.historiesByIssue.set(h.issueId, list);
  }

  persist(): void {
    if (!this.dataFile) return;
    const tmp = `${this.dataFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.dataFile);
  }

  /** Marks a write: persists and notifies the search index. */
  committed(issueIds: string[]): void {
    this.writeSeq++;
    this.persist();
    this.onIssueWrite(issueIds);
  }

  // ---- lookups ----
  user(accountId: string | null | undefined): SimUser | undefined {
    return accountId ? this.state.users.find((u) => u.accountId === accountId) : undefined;
  }
  project(keyOrId: string): SimProject | undefined {
    const k = keyOrId.toUpperCase();
    return this.state.projects.find((p) => p.key === k || p.id === keyOrId);
  }
  canBrowse(user: SimUser, projectKey: string): boolean {
    return !user.deniedProjects.includes(projectKey);
  }
  issue(idOrKey: string): SimIssue | undefined {
    const byId = this.issuesById.get(idOrKey);
    if (byId) return byId;
    const id = this.keyIndex.get(idOrKey.toUpperCase());
    return id ? this.issuesById.get(id) : undefined;
  }
  /** Issue visible to `user`, or a 404 like Jira's. */
  visibleIssue(user: SimUser, idOrKey: string): SimIssue {
    const i = this.issue(idOrKey);
    if (!i || !this.canBrowse(user, i.projectKey)) throw notFoundIssue();
    return i;
  }
  issues(): SimIssue[] {
    return this.state.issues;
  }
  worklog(id: string): SimWorklog | undefined {
    return this.worklogsById.get(id);
  }
  worklogsOf(issueId: string): SimWorklog[] {
    return this.state.worklogs.filter((w) => w.issueId === issueId);
  }
  histories(issueId: string): SimHistory[] {
    return this.historiesByIssue.get(issueId) ?? [];
  }
  timeSpent(issueId: string): number {
    return this.worklogsOf(issueId).reduce((s, w) => s + w.timeSpentSeconds, 0);
  }
  children(issueId: string): SimIssue[] {
    return this.state.issues.filter((i) => i.parentId === issueId);
  }

  // ---- mutations ----
  allocIssueId(): string {
    return String(this.state.nextId.issue++);
  }
  allocKey(project: SimProject): string {
    return `${project.key}-${project.nextNumber++}`;
  }
  addIssue(i: SimIssue): void {
    this.state.issues.push(i);
    this.indexIssue(i);
  }
  rekey(i: SimIssue, project: SimProject): void {
    i.oldKeys.push(i.key);
    i.key = this.allocKey(project);
    i.projectKey = project.key;
    this.indexIssue(i);
  }
  removeIssue(i: SimIssue): void {
    this.state.issues = this.state.issues.filter((x) => x.id !== i.id);
    this.issuesById.delete(i.id);
    for (const k of [i.key, ...i.oldKeys]) this.keyIndex.delete(k.toUpperCase());
    const now = this.clock.tick();
    for (const w of this.worklogsOf(i.id)) this.removeWorklog(w, now);
    this.state.links = this.state.links.filter((l) => l.inwardIssueId !== i.id && l.outwardIssueId !== i.id);
    for (const c of this.children(i.id)) c.parentId = null;
  }
  addWorklog(w: SimWorklog): void {
    this.state.worklogs.push(w);
    this.worklogsById.set(w.id, w);
  }
  removeWorklog(w: SimWorklog, at: number): void {
    this.state.worklogs = this.state.worklogs.filter((x) => x.id !== w.id);
    this.worklogsById.delete(w.id);
    this.state.deletedWorklogs.push({ id: w.id, deleted: at });
  }
  addHistory(issue: SimIssue, author: string, items: SimChangeItem[], at: number): void {
    if (items.length === 0) return;
    const h: SimHistory = { id: String(this.state.nextId.history++), issueId: issue.id, author, created: at, items };
    this.state.histories.push(h);
    this.pushHistoryIndex(h);
  }
}
