// HttpClient over Node's global fetch (Node 20+), for the headless command line. Redirects are followed
// (a single sign-on redirect then shows up as an HTML page, which the transport reports). Connection
// failures become `NetworkError`s classified from the error's cause code.
import { type Clock, type HttpClient, type HttpRequest, type HttpResponse, NetworkError, networkErrorKind } from "../../plugin/src/jira/http";

function causeText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && current !== undefined; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(`${current.name}: ${current.message}${typeof code === "string" ? ` (${code})` : ""}`);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(typeof current === "string" ? current : JSON.stringify(current));
      break;
    }
  }
  return parts.join(" ← ");
}

export class FetchHttpClient implements HttpClient {
  async execute(request: HttpRequest): Promise<HttpResponse> {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(request.timeoutMs),
      });
    } catch (e) {
      const text = causeText(e);
      const kind = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError") ? "timeout" : networkErrorKind(text);
      throw new NetworkError(kind, `${request.method} ${new URL(request.url).host}: ${text}`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      throw new NetworkError(networkErrorKind(causeText(e)) === "timeout" ? "timeout" : "reset", `Response from ${new URL(request.url).host} was cut short`);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, headers, text };
  }
}

/** Real time for the command line. */
export const nodeClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
