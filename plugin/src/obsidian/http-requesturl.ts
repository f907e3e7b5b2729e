// HttpClient over Obsidian's requestUrl (no CORS limits, works on mobile). `throw: false` makes every
// status a response; errors thrown by requestUrl are lost connections and become `NetworkError`s.
// requestUrl has no timeout of its own, so a timer races it.
import { requestUrl } from "obsidian";
import { type Clock, type HttpClient, type HttpRequest, type HttpResponse, lowerCaseHeaders, NetworkError, networkErrorKind } from "../jira/http";

export class RequestUrlHttpClient implements HttpClient {
  async execute(request: HttpRequest): Promise<HttpResponse> {
    let timer: number | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = window.setTimeout(() => reject(new NetworkError("timeout", `No answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    });
    try {
      const call = requestUrl({ url: request.url, method: request.method, headers: request.headers, body: request.body, throw: false });
      const response = await Promise.race([call, timeout]);
      return { status: response.status, headers: lowerCaseHeaders(response.headers ?? {}), text: response.text ?? "" };
    } catch (e) {
      if (e instanceof NetworkError) throw e;
      const text = e instanceof Error ? e.message : String(e);
      throw new NetworkError(networkErrorKind(text), `${request.method} ${new URL(request.url).host}: ${text}`);
    } finally {
      window.clearTimeout(timer);
    }
  }
}

/** Real time in the app, on the main window's timers. */
export const windowClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => window.setTimeout(resolve, ms)),
};
