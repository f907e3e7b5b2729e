// The shapes a query block's run exchanges with the core's `QueryEngine` (src/alignment/query_run.rs).
// Every text in a result comes from Jira and is untrusted: it is only ever set as text, never as markup.
import type { EngineRequest } from "../sync/types";

export type QueryKind = "search" | "count";

/** What the core's `QueryEngine` takes. */
export interface QueryInput {
  kind: QueryKind;
  /** The code block's text. */
  source: string;
  /** The text of the note holding the block (its front matter fills `{{property}}`). */
  note?: string;
  deployment: "cloud" | "datacenter";
  /** The user's IANA zone for datetimes. */
  timeZone?: string;
  /** The site's field list, for custom field columns by name. */
  fields?: { id: string; name: string; type: string }[];
}

export type QueryAction = { kind: "requests"; requests: EngineRequest[] } | { kind: "zoneOffsets"; timeZone: string; instants: string[] } | { kind: "done" };

export interface QueryCell {
  text: string;
  /** In a key column: the issue key. */
  key?: string;
  /** In a `note.<property>` column: the property to read from the note with the row's key. */
  noteProperty?: string;
}

export interface QueryRow {
  key: string;
  cells: QueryCell[];
}

export interface QueryDiagnostic {
  severity: "error" | "warning";
  code: string;
  message: string;
  line: number;
  column: number;
}

/** The core's `QueryResult`. */
export interface QueryResult {
  kind: QueryKind;
  jql: string;
  title?: string;
  display: "table" | "list";
  columns: { heading: string; kind: "key" | "field" | "noteProperty" }[];
  rows: QueryRow[];
  count?: number;
  more: boolean;
  error?: string;
  /** HTTP status of a failed answer (0: Jira could not be reached). */
  status?: number;
  diagnostics: QueryDiagnostic[];
}

/** The engine's surface (the wasm `QueryEngine`, or a fake). */
export interface QueryEngineLike {
  jql(): string;
  runnable(): boolean;
  poll(): QueryAction;
  handleResponse(response: { id: number; status: number; body: unknown; error?: string; date?: string }): void;
  handleZoneOffsets(minutes: Int32Array): void;
  finish(): QueryResult;
  free?(): void;
}
