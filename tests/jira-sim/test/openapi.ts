/**
 * Conformance helper: loads the official OpenAPI documents (Jira Cloud v3, Data Center 10.3), rewrites
 * OpenAPI 3.0 `nullable` into JSON Schema (`type: [t, "null"]` or `anyOf` with null), registers the
 * components with ajv under an id so that `$ref: "#/components/schemas/X"` resolves, and finds the response
 * schema of an operation by method + path template + status. `matchTemplate` maps a concrete path to the
 * spec's path template. Timestamps use Jira's own format, so `format` keywords are not enforced.
 */
import { readFileSync } from "node:fs";
import Ajv, { type ValidateFunction } from "ajv";

type Json = Record<string, unknown>;

export interface Spec {
  flavour: "cloud" | "datacenter";
  doc: Json;
  /** Path prefix the spec's paths are relative to ("" for Cloud, "/rest" for Data Center). */
  prefix: string;
  ajv: Ajv;
  templates: { template: string; re: RegExp; params: number }[];
  cache: Map<string, ValidateFunction | null>;
}

const FILES = {
  cloud: "/work/shared/reference/jira-cloud-platform-v3.openapi.json",
  datacenter: "/work/shared/reference/jira-datacenter-10.3.openapi.json",
};

/** Rewrites `nullable` and local `$ref`s (to `${id}#/...`) throughout a schema tree. */
export function transform(node: unknown, id: string): unknown {
  if (Array.isArray(node)) return node.map((n) => transform(n, id));
  if (typeof node !== "object" || node === null) return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === "nullable" || k === "example" || k === "examples" || k === "discriminator" || k === "xml") continue;
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/")) out[k] = `${id}${v}`;
    else out[k] = transform(v, id);
  }
  if (src.nullable === true) {
    if (typeof out.type === "string" && !("$ref" in out) && !("allOf" in out)) {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    } else return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

const specs = new Map<string, Spec>();

/**
 * Known defects of the Data Center document, corrected here (and only here): `IssueBean.fields` and
 * `IssueBean.renderedFields` declare every field value as an object, while its own example (and real Jira) has
 * strings (rendered HTML, too), numbers, arrays and nulls.
 */
function patchDataCenterQuirks(doc: Json): void {
  const schemas = (doc.components as Json).schemas as Record<string, Json>;
  const props = schemas.IssueBean?.properties as Record<string, Json> | undefined;
  for (const name of ["fields", "renderedFields"]) {
    const map = props?.[name];
    if (map) map.additionalProperties = {};
  }
}

export function loadSpec(flavour: "cloud" | "datacenter"): Spec {
  const hit = specs.get(flavour);
  if (hit) return hit;
  const doc = JSON.parse(readFileSync(FILES[flavour], "utf8")) as Json;
  if (flavour === "datacenter") patchDataCenterQuirks(doc);
  const id = `https://jira-sim.invalid/${flavour}.json`;
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, logger: false });
  ajv.addSchema({ $id: id, components: transform(doc.components, id) }, id);
  const prefix = flavour === "cloud" ? "" : "/rest";
  const templates = Object.keys(doc.paths as Json).map((t) => {
    const params = (t.match(/\{/g) ?? []).length;
    const re = new RegExp(`^${(prefix + t).replace(/[.+?^$()|\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}/?$`);
    return { template: t, re, params };
  });
  templates.sort((a, b) => a.params - b.params);
  const spec: Spec = { flavour, doc, prefix, ajv, templates, cache: new Map() };
  specs.set(flavour, spec);
  return spec;
}

/** Spec path template for a concrete path (fewest parameters wins), or null. */
export function matchTemplate(spec: Spec, path: string): string | null {
  return spec.templates.find((t) => t.re.test(path))?.template ?? null;
}

interface OperationLike {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  requestBody?: { content?: Record<string, { schema?: unknown }>; required?: boolean };
  parameters?: { name: string; in: string; required?: boolean }[];
}

export function operation(spec: Spec, method: string, template: string): OperationLike | null {
  const paths = spec.doc.paths as Record<string, Record<string, OperationLike>>;
  return paths[template]?.[method.toLowerCase()] ?? null;
}

/** Raw (untransformed) response schema for method + template + status, or null when the spec gives none. */
export function responseSchema(spec: Spec, method: string, template: string, status: number): unknown {
  const op = operation(spec, method, template);
  const r = op?.responses?.[String(status)] ?? op?.responses?.default;
  const content = r?.content;
  if (!content) return null;
  const first = content["application/json"] ?? Object.values(content)[0];
  return first?.schema ?? null;
}

/** Compiled validator for an operation's response, or null when the spec defines no body schema. */
export function responseValidator(spec: Spec, method: string, template: string, status: number): ValidateFunction | null {
  const key = `${method} ${template} ${status}`;
  if (spec.cache.has(key)) return spec.cache.get(key) ?? null;
  const raw = responseSchema(spec, method, template, status);
  // An empty schema (`{}`, e.g. PUT /issue 200) accepts any JSON but still counts as checked.
  const schema = raw ? transform(raw, `https://jira-sim.invalid/${spec.flavour}.json`) : null;
  const v = schema ? spec.ajv.compile(schema as Json) : null;
  spec.cache.set(key, v);
  return v;
}

/**
 * Deep copy with prototype-less objects: ajv tests optional properties with `data.prop !== undefined`, so a
 * property named like an Object.prototype member (`toString` in changelog items) would otherwise be "present".
 */
function nullProto(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(nullProto);
  if (typeof v !== "object" || v === null) return v;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) out[k] = nullProto(x);
  return out;
}

export interface Verdict {
  template: string | null;
  checked: boolean;
  errors: string[];
}

/** Validates one response body against the spec. Arrays against a single-object schema (a DC spec quirk) are checked per element. */
export function checkResponse(spec: Spec, method: string, path: string, status: number, json: unknown): Verdict {
  const body = nullProto(json);
  const template = matchTemplate(spec, path);
  if (!template) return { template, checked: false, errors: [`no spec path for ${path}`] };
  if (!operation(spec, method, template)) return { template, checked: false, errors: [`no ${method} operation for ${template}`] };
  const v = responseValidator(spec, method, template, status);
  if (!v) return { template, checked: false, errors: [] };
  const raw = responseSchema(spec, method, template, status) as Json;
  const items = Array.isArray(body) && raw.type !== "array" ? body : [body];
  const errors: string[] = [];
  for (const it of items) {
    if (!v(it)) errors.push(...(v.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""} ${JSON.stringify(e.params)}`));
  }
  return { template, checked: true, errors };
}

/** Validator for Jira's error body (`ErrorCollection` of the Cloud spec; Data Center uses the same shape). */
export function errorValidator(spec: Spec): ValidateFunction {
  const key = "error-collection";
  const hit = spec.cache.get(key);
  if (hit) return hit;
  const cloud = loadSpec("cloud");
  const v = cloud.ajv.compile({ $ref: "https://jira-sim.invalid/cloud.json#/components/schemas/ErrorCollection" });
  spec.cache.set(key, v);
  return v;
}
