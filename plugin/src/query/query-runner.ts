// Runs one query block's engine to its end: requests through the Jira transport (its retries and
// authentication), zone offsets from Intl. The engine decides everything; this only carries bytes.
import type { JiraTransport } from "../jira/client";
import { sendRequests } from "../sync/driver";
import { zoneOffsetMinutes } from "../sync/zone-offset";
import type { QueryEngineLike, QueryResult } from "./query-types";

/** Drives `engine` until it is done and returns its result; the engine is freed. */
export async function runQueryEngine(engine: QueryEngineLike, transport: Pick<JiraTransport, "send">): Promise<QueryResult> {
  try {
    for (;;) {
      const action = engine.poll();
      if (action.kind === "done") break;
      if (action.kind === "requests") {
        for (const answer of await sendRequests(transport, action.requests)) engine.handleResponse(answer);
      } else {
        engine.handleZoneOffsets(Int32Array.from(action.instants.map((i) => zoneOffsetMinutes(action.timeZone, i))));
      }
    }
    return engine.finish();
  } finally {
    engine.free?.();
  }
}
