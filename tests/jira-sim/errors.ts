/**
 * Error responses shaped like Jira's: `{ errorMessages: string[], errors: { field: message } }`.
 * Handlers throw `HttpError`; the server turns it into a JSON response with optional extra headers.
 */

export interface JiraErrorBody {
  errorMessages: string[];
  errors: Record<string, string>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JiraErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.errorMessages[0] ?? Object.values(body.errors)[0] ?? `HTTP ${status}`);
  }
}

export function jiraError(status: number, messages: string[] | string, errors: Record<string, string> = {}): HttpError {
  return new HttpError(status, { errorMessages: Array.isArray(messages) ? messages : [messages], errors });
}

export function fieldErrors(errors: Record<string, string>, status = 400): HttpError {
  return new HttpError(status, { errorMessages: [], errors });
}

export const notFoundIssue = (): HttpError =>
  jiraError(404, "Issue does not exist or you do not have permission to see it.");
