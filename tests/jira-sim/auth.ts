/**
 * Authentication: Cloud accepts `Authorization: Basic base64(email:apiToken)` for configured users; Data
 * Center accepts `Authorization: Bearer <personal access token>` (and Basic name:token as a convenience).
 * Anything else is answered 401 with Jira's error body.
 */
import { Buffer } from "node:buffer";
import type { IncomingMessage } from "node:http";
import { HttpError } from "./errors";
import type { Mode, SimUser } from "./model";

export function authenticate(req: IncomingMessage, users: SimUser[], mode: Mode): SimUser {
  const h = req.headers.authorization ?? "";
  const [scheme, cred] = h.split(" ", 2);
  let user: SimUser | undefined;
  if (scheme?.toLowerCase() === "basic" && cred) {
    const decoded = Buffer.from(cred, "base64").toString("utf8");
    const idx = decoded.indexOf(":");
    const who = decoded.slice(0, idx);
    const secret = decoded.slice(idx + 1);
    user = mode === "cloud"
      ? users.find((u) => u.email.toLowerCase() === who.toLowerCase() && u.apiToken === secret)
      : users.find((u) => u.name === who && u.pat === secret);
  } else if (scheme?.toLowerCase() === "bearer" && cred && mode === "datacenter") {
    user = users.find((u) => u.pat === cred);
  }
  if (!user || !user.active) {
    throw new HttpError(
      401,
      { errorMessages: ["You are not authenticated. Authentication required to perform this operation."], errors: {} },
      mode === "cloud" ? { "WWW-Authenticate": 'Basic realm="protected-area"' } : {},
    );
  }
  return user;
}
