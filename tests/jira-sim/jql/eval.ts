/**
 * JQL evaluation: compiles a parsed query into a predicate over issues and a comparator for ORDER BY,
 * for the calling user (permissions, `currentUser()`, time zone). Jira semantics kept: `!=`/`NOT IN` never
 * match an empty field, `NOT (...)` does; unknown fields, values, functions or operators are JqlErrors.
 */
import { adfToText } from "../adf";
import type { SimIssue, SimUser } from "../model";
import type { Store } from "../store";
import type { Clause, Expr, Operand, Query } from "./ast";
import { jqlDateMinute } from "./dates";
import { JqlError } from "./lexer";
import { str } from "../util";

export interface EvalCtx {
  store: Store;
  user: SimUser;
  now: number;
}

type Pred = (i: SimIssue) => boolean;
type Getter = (i: SimIssue) => string[]; // canonical values; [] = EMPTY

const CATS: Record<string, string[]> = { new: ["new", "to do", "2"], indeterminate: ["indeterminate", "in progress", "4"], done: ["done", "3"] };

function values(op: Operand): Operand[] {
  return op.kind === "list" ? op.items : [op];
}

function unsupportedOp(field: string, op: string): JqlError {
  return new JqlError(`The operator '${op.toUpperCase()}' is not supported by the '${field}' field.`);
}

function noValue(field: string, v: string): JqlError {
  return new JqlError(`The value '${v}' does not exist for the field '${field}'.`);
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function compileText(field: string, op: string, operand: Operand, text: (i: SimIssue) => string): Pred {
  if (op !== "~" && op !== "!~") throw unsupportedOp(field, op);
  if (operand.kind !== "value") throw new JqlError(`The field '${field}' requires a text value for '~'.`);
  const raw = operand.value.trim();
  const phrase = /^".*"$/.test(raw) ? raw.slice(1, -1).toLowerCase() : null;
  const terms = words(raw.replace(/\*/g, " *")).map((t) => t);
  const prefixes = [...raw.toLowerCase().matchAll(/([\p{L}\p{N}]+)\*/gu)].map((m) => m[1] ?? "");
  if (!phrase && terms.length === 0 && prefixes.length === 0) throw new JqlError(`The value '${operand.value}' is not a valid text search.`);
  const match = (i: SimIssue): boolean => {
    const t = text(i);
    if (phrase !== null) return t.toLowerCase().includes(phrase);
    const ws = new Set(words(t));
    const plain = terms.filter((x) => !prefixes.includes(x));
    return plain.every((x) => ws.has(x)) && prefixes.every((p) => [...ws].some((w) => w.startsWith(p)));
  };
  return op === "~" ? match : (i) => !match(i);
}

export class Evaluator {
  constructor(private readonly c: EvalCtx) {}

  private resolveUser(field: string, o: Operand): string | null {
    if (o.kind === "func") {
      if (o.name.toLowerCase() !== "currentuser") throw new JqlError(`Unable to find JQL function '${o.name}(${o.args.join(", ")})'.`);
      return this.c.user.accountId;
    }
    if (o.kind !== "value") return null;
    const v = o.value;
    const u = this.c.store.state.users.find((x) => x.accountId === v || x.email.toLowerCase() === v.toLowerCase() || x.name === v || x.key === v);
    if (!u) throw new JqlError(`The value '${v}' does not exist for the field '${field}'.`);
    return u.accountId;
  }

  /** Canonical values for `field` plus a resolver mapping a JQL operand to the same canonical form. */
  private fieldSpec(field: string): { get: Getter; resolve: (o: Operand) => string | null } {
    const st = this.c.store;
    const f = field.toLowerCase();
    const literal = (o: Operand): string => {
      if (o.kind === "func") throw new JqlError(`Unable to find JQL function '${o.name}(${o.args.join(", ")})'.`);
      if (o.kind !== "value") throw new JqlError(`Unexpected operand for field '${field}'.`);
      return o.value;
    };
    switch (f) {
      case "project":
        return {
          get: (i) => [i.projectKey],
          resolve: (o) => {
            const v = literal(o);
            const p = st.state.projects.find((x) => x.key === v.toUpperCase() || x.id === v || x.name.toLowerCase() === v.toLowerCase());
            if (!p || !st.canBrowse(this.c.user, p.key)) throw noValue(field, v);
            return p.key;
          },
        };
      case "key": case "issuekey": case "id": case "issue":
        return {
          get: (i) => [i.id],
          resolve: (o) => {
            const v = literal(o);
            const i = st.issue(v);
            if (!i && !/^[A-Z][A-Z0-9_]*-\d+$|^\d+$/i.test(v)) throw new JqlError(`The issue key '${v}' for field '${field}' is invalid.`);
            if (!i || !st.canBrowse(this.c.user, i.projectKey)) throw new JqlError(`An issue with key '${v}' does not exist for field '${field}'.`);
            return i.id;
          },
        };
      case "status":
        return {
          get: (i) => [i.statusId],
          resolve: (o) => {
            const v = literal(o);
            const s = st.state.statuses.find((x) => x.id === v || x.name.toLowerCase() === v.toLowerCase());
            if (!s) throw noValue(field, v);
            return s.id;
          },
        };
      case "statuscategory":
        return {
          get: (i) => [st.state.statuses.find((s) => s.id === i.statusId)?.category ?? ""],
          resolve: (o) => {
            const v = literal(o).toLowerCase();
            const k = Object.entries(CATS).find(([, names]) => names.includes(v));
            if (!k) throw noValue(field, literal(o));
            return k[0];
          },
        };
      case "assignee": case "reporter": case "creator":
        return { get: (i) => { const u = f === "assignee" ? i.assignee : f === "reporter" ? i.reporter : i.creator; return u ? [u] : []; }, resolve: (o) => this.resolveUser(field, o) };
      case "labels":
        return { get: (i) => i.labels, resolve: (o) => literal(o) };
      case "fixversion":
        return {
          get: (i) => (i.fixVersionIds ?? []).map((id) => st.state.versions?.find((v) => v.id === id)?.name ?? id),
          resolve: (o) => {
            const v = literal(o);
            const found = st.state.versions?.find((x) => x.name === v || x.id === v);
            if (!found) throw new JqlError(`The value '${v}' does not exist for the field 'fixVersion'.`);
            return found.name;
          },
        };
      case "parent":
        return {
          get: (i) => (i.parentId ? [i.parentId] : []),
          resolve: (o) => {
            const v = literal(o);
            const p = st.issue(v);
            if (!p || !st.canBrowse(this.c.user, p.projectKey)) throw new JqlError(`An issue with key '${v}' does not exist for field '${field}'.`);
            return p.id;
          },
        };
      case "issuetype": case "type":
        return {
          get: (i) => [i.issueTypeId],
          resolve: (o) => {
            const v = literal(o);
            const t = st.state.issueTypes.find((x) => x.id === v || x.name.toLowerCase() === v.toLowerCase());
            if (!t) throw noValue(field, v);
            return t.id;
          },
        };
      case "priority":
        return {
          get: (i) => [i.priorityId],
          resolve: (o) => {
            const v = literal(o);
            const p = st.state.priorities.find((x) => x.id === v || x.name.toLowerCase() === v.toLowerCase());
            if (!p) throw noValue(field, v);
            return p.id;
          },
        };
      default: {
        const def = this.customField(field);
        if (def?.kind === "epiclink") {
          // Data Center's "Epic Link" = KEY: the epic's children (sub-tasks are not epic-linked).
          return {
            get: (i) => (i.parentId && !st.state.issueTypes.find((t) => t.id === i.issueTypeId)?.subtask ? [i.parentId] : []),
            resolve: (o) => {
              const v = literal(o);
              const p = st.issue(v);
              if (!p || !st.canBrowse(this.c.user, p.projectKey)) throw new JqlError(`An issue with key '${v}' does not exist for field '${field}'.`);
              return p.id;
            },
          };
        }
        if (!def || (def.kind !== "select" && def.kind !== "text")) throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
        return {
          get: (i) => { const v = i.custom[def.id]; return v === null || v === undefined ? [] : [str(v)]; },
          resolve: (o) => {
            const v = literal(o);
            if (def.kind === "text") return v;
            const opt = def.options?.find((x) => x.id === v || x.value.toLowerCase() === v.toLowerCase());
            if (!opt) throw noValue(field, v);
            return opt.id;
          },
        };
      }
    }
  }

  private customField(field: string): Store["state"]["fields"][number] | undefined {
    const f = field.toLowerCase();
    return this.c.store.state.fields.find((x) => x.custom && (x.id === f || x.name.toLowerCase() === f || x.clauseNames.some((n) => n.toLowerCase() === f)));
  }

  private dateClause(field: string, get: (i: SimIssue) => number, op: string, operand: Operand): Pred {
    if (op === "is" || op === "is not") {
      if (operand.kind !== "empty") throw new JqlError(`The operator '${op.toUpperCase()}' only supports EMPTY.`);
      return () => op === "is not";
    }
    const mins = (o: Operand): number => {
      if (o.kind === "func") throw new JqlError(`Unable to find JQL function '${o.name}(${o.args.join(", ")})'.`);
      if (o.kind !== "value") throw new JqlError(`Unexpected operand for field '${field}'.`);
      return jqlDateMinute(field, o.value, this.c.user.timeZone, this.c.now);
    };
    const m = (i: SimIssue): number => Math.floor(get(i) / 60000);
    if (op === "in" || op === "not in") {
      const set = values(operand).map(mins);
      return op === "in" ? (i) => set.includes(m(i)) : (i) => !set.includes(m(i));
    }
    const t = mins(operand);
    switch (op) {
      case "=": return (i) => m(i) === t;
      case "!=": return (i) => m(i) !== t;
      case ">": return (i) => m(i) > t;
      case ">=": return (i) => m(i) >= t;
      case "<": return (i) => m(i) < t;
      case "<=": return (i) => m(i) <= t;
      default: throw unsupportedOp(field, op);
    }
  }

  private clause(cl: Clause): Pred {
    const f = cl.field.toLowerCase();
    const st = this.c.store;
    if (["updated", "updateddate", "created", "createddate"].includes(f)) {
      const key = f.startsWith("updated") ? "updated" : "created";
      return this.dateClause(cl.field, (i) => i[key], cl.op, cl.operand);
    }
    if (f === "text" || f === "summary" || f === "description" || this.customField(cl.field)?.kind === "textarea") {
      const def = this.customField(cl.field);
      const textFields = st.state.fields.filter((x) => x.kind === "textarea" || x.kind === "text").map((x) => x.id);
      const text = (i: SimIssue): string =>
        f === "summary" ? i.summary
        : f === "description" ? adfToText(i.description)
        : def ? adfToText(i.custom[def.id])
        : [i.summary, adfToText(i.description), ...textFields.map((id) => adfToText(i.custom[id]))].join("\n");
      return compileText(cl.field, cl.op, cl.operand, text);
    }
    const { get, resolve } = this.fieldSpec(cl.field);
    const op = cl.op;
    if (op === "is" || op === "is not") {
      if (cl.operand.kind !== "empty") throw new JqlError(`The operator '${op.toUpperCase()}' only supports EMPTY or NULL.`);
      return op === "is" ? (i) => get(i).length === 0 : (i) => get(i).length > 0;
    }
    if (op === "~" || op === "!~" || op === ">" || op === ">=" || op === "<" || op === "<=") {
      if (["key", "issuekey", "id", "issue"].includes(f) && op !== "~" && op !== "!~") return this.keyRange(cl);
      throw unsupportedOp(cl.field, op);
    }
    const items = values(cl.operand);
    const wantEmpty = items.some((o) => o.kind === "empty");
    const wanted = new Set(items.filter((o) => o.kind !== "empty").map(resolve).filter((x): x is string => x !== null));
    const hit = (i: SimIssue): boolean => {
      const vs = get(i);
      return (wantEmpty && vs.length === 0) || vs.some((v) => wanted.has(v));
    };
    if (op === "=" || op === "in") return hit;
    // Jira: != and NOT IN never match an issue whose field is empty.
    if (op === "!=" || op === "not in") return (i) => { const vs = get(i); return vs.length > 0 && !vs.some((v) => wanted.has(v)); };
    throw unsupportedOp(cl.field, op);
  }

  private keyRange(cl: Clause): Pred {
    if (cl.operand.kind !== "value") throw new JqlError(`Unexpected operand for field '${cl.field}'.`);
    const ref = this.c.store.issue(cl.operand.value);
    if (!ref) throw new JqlError(`An issue with key '${cl.operand.value}' does not exist for field '${cl.field}'.`);
    const num = (k: string): number => Number(k.split("-")[1]);
    const n = num(ref.key);
    const cmp: Record<string, (a: number) => boolean> = { ">": (a) => a > n, ">=": (a) => a >= n, "<": (a) => a < n, "<=": (a) => a <= n };
    const test = cmp[cl.op] ?? (() => false);
    return (i) => i.projectKey === ref.projectKey && test(num(i.key));
  }

  compile(e: Expr): Pred {
    switch (e.kind) {
      case "clause": return this.clause(e);
      case "and": { const ps = e.items.map((x) => this.compile(x)); return (i) => ps.every((p) => p(i)); }
      case "or": { const ps = e.items.map((x) => this.compile(x)); return (i) => ps.some((p) => p(i)); }
      case "not": { const p = this.compile(e.item); return (i) => !p(i); }
    }
  }

  comparator(q: Query): (a: SimIssue, b: SimIssue) => number {
    const st = this.c.store;
    const keyParts = (i: SimIssue): [string, number] => [i.projectKey, Number(i.key.split("-")[1])];
    const getters: Record<string, (i: SimIssue) => string | number | null> = {
      created: (i) => i.created,
      updated: (i) => i.updated,
      priority: (i) => Number(i.priorityId),
      status: (i) => st.state.statuses.find((s) => s.id === i.statusId)?.name ?? "",
      summary: (i) => i.summary.toLowerCase(),
      assignee: (i) => st.user(i.assignee)?.displayName ?? null,
      reporter: (i) => st.user(i.reporter)?.displayName ?? null,
      project: (i) => i.projectKey,
      id: (i) => Number(i.id),
      issuetype: (i) => st.state.issueTypes.find((t) => t.id === i.issueTypeId)?.name ?? "",
      labels: (i) => i.labels.slice().sort().join(" ") || null,
    };
    const keys = q.orderBy.map((k) => {
      const f = k.field.toLowerCase();
      const sign = k.dir === "DESC" ? -1 : 1;
      if (f === "key" || f === "issuekey") {
        return (a: SimIssue, b: SimIssue): number => {
          const [pa, na] = keyParts(a);
          const [pb, nb] = keyParts(b);
          return sign * (pa < pb ? -1 : pa > pb ? 1 : na - nb);
        };
      }
      const g = getters[f === "type" ? "issuetype" : f === "createddate" ? "created" : f === "updateddate" ? "updated" : f];
      if (!g) throw new JqlError(`Field '${k.field}' does not exist or you do not have permission to view it, or it cannot be used in ORDER BY.`);
      return (a: SimIssue, b: SimIssue): number => {
        const x = g(a);
        const y = g(b);
        if (x === y) return 0;
        if (x === null) return 1 * sign; // EMPTY sorts last ascending
        if (y === null) return -1 * sign;
        return sign * (x < y ? -1 : 1);
      };
    });
    return (a, b) => {
      for (const k of keys) {
        const r = k(a, b);
        if (r !== 0) return r;
      }
      return Number(b.id) - Number(a.id);
    };
  }
}
