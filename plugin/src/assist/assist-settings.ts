// Assistance settings (docs/assist.md): off by default; the model endpoint (any OpenAI-compatible
// chat-completions server, https:// except on loopback), the model, its context window, how structured output
// is asked for, the allowed folders (empty: no note is ever sent) and the front matter keys never sent. The API
// key is not here: it lives in the secret store under `assistKeySecretId`. Reading is migration-tolerant: data
// saved before assistance existed (or hand-edited) gives the defaults field by field.

export type OutputMode = "jsonSchema" | "schemaInPrompt";

export interface AssistSettings {
  /** Off: nothing is ever sent to a model (rule-based detection still works). */
  enabled: boolean;
  /** The server's OpenAI-compatible base URL, ending before `/chat/completions`. */
  baseUrl: string;
  /** The model name as the server knows it. */
  model: string;
  /** The model's context window in tokens. */
  contextWindow: number;
  /** `response_format: json_schema`, or the schema in the prompt for servers without it. */
  output: OutputMode;
  /** Vault folders whose notes may be sent, one per entry (`/` = the whole vault). Empty: none. */
  allowedFolders: string[];
  /** Front matter keys never sent. */
  privateKeys: string[];
  /** Owner map, one `label or component: person` per line (assignee suggestions). */
  owners: string;
}

export const DEFAULT_ASSIST_SETTINGS: Readonly<AssistSettings> = Object.freeze({
  enabled: false,
  baseUrl: "http://localhost:11434/v1",
  model: "",
  contextWindow: 8192,
  output: "jsonSchema",
  allowedFolders: [],
  privateKeys: ["private"],
  owners: "",
});

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Checks a base URL as typed: a full http(s) address, https:// unless the host is loopback. Null when valid. */
export function validateModelUrl(input: string): string | null {
  const value = input.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full address, such as http://localhost:11434/v1.";
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) return "Use https://. Plain http:// is only allowed for a model on this computer (localhost).";
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an https:// address.";
  if (url.username !== "" || url.password !== "") return "Leave the user name and password out of the address; put an API key in the key field.";
  if (url.search !== "" || url.hash !== "") return "Remove the query and fragment from the address.";
  return null;
}

/** The chat-completions URL of a valid base URL. */
export function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.trim().replace(/\/+$/, "")}/chat/completions`;
}

/** The secret id of the model's API key. */
export function assistKeySecretId(pluginId: string): string {
  return `${pluginId}-model-api-key`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

/** A list typed one entry per line or comma-separated, trimmed, without empty entries. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** The owner map as `{key, user}` entries (`label: person` per line; lines without a colon are ignored). */
export function parseOwners(text: string): { key: string; user: string }[] {
  return text.split("\n").flatMap((line) => {
    const at = line.indexOf(":");
    if (at <= 0) return [];
    const key = line.slice(0, at).trim();
    const user = line.slice(at + 1).trim();
    return key !== "" && user !== "" ? [{ key, user }] : [];
  });
}

function strings(raw: unknown): string[] | null {
  return Array.isArray(raw) && raw.every((s) => typeof s === "string") ? raw.map((s: string) => s.trim()).filter((s) => s !== "") : null;
}

/** Reads stored assistance settings; every missing or invalid field gets its default. */
export function readAssistSettings(raw: unknown): AssistSettings {
  const o = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const s: AssistSettings = { ...DEFAULT_ASSIST_SETTINGS, allowedFolders: [], privateKeys: [...DEFAULT_ASSIST_SETTINGS.privateKeys] };
  if (typeof o.enabled === "boolean") s.enabled = o.enabled;
  if (typeof o.baseUrl === "string" && validateModelUrl(o.baseUrl) === null) s.baseUrl = o.baseUrl.trim().replace(/\/+$/, "");
  if (typeof o.model === "string") s.model = o.model.trim();
  if (typeof o.contextWindow === "number" && Number.isInteger(o.contextWindow) && o.contextWindow >= 512 && o.contextWindow <= 2_000_000) s.contextWindow = o.contextWindow;
  if (o.output === "jsonSchema" || o.output === "schemaInPrompt") s.output = o.output;
  s.allowedFolders = strings(o.allowedFolders) ?? [];
  s.privateKeys = strings(o.privateKeys) ?? s.privateKeys;
  if (typeof o.owners === "string") s.owners = o.owners;
  return s;
}
