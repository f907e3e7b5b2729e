// For bundle tests against the Jira simulator: `requestUrl` answered by a real HTTP request over loopback
// (happy-dom replaces fetch, so node:http), and the secret id a site's token is stored under by data saved
// without a site id (the id the plugin derives from the host, as older versions did).
import { Buffer } from "node:buffer";
import { request } from "node:http";
import type { RequestUrlParam } from "./obsidian-stub";

/** Sends the plugin's request to its URL and answers with status, headers and body text. */
export function forwardRequest(req: RequestUrlParam): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  return new Promise((resolve, reject) => {
    const r = request(req.url, { method: req.method ?? "GET", headers: req.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers[k] = v;
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    r.on("error", reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** The secret id of the token of the site at `url`, for data saved without a site id. */
export function hostSecretId(url: string, pluginId = "jira-vault-sync"): string {
  return `${pluginId}-${new URL(url).host}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}
