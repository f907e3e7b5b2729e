// Transition defaults as the user types them: one line per project and field, `OPS: resolution = Done`, read
// into the core's `transitionDefaults` shape (project key → Jira field id or name → value) and written back the
// same way. The core fills a transition screen's fields from them (src/alignment/transition_fields.rs).

/** Project key → Jira field id or display name → value. */
export type TransitionDefaults = Record<string, Record<string, string>>;

const LINE = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*:\s*([^=]+?)\s*=\s*(.*?)\s*$/;

/** Reads the text of the settings row; each line that is not `KEY: field = value` (blank lines aside) is a problem. */
export function parseTransitionDefaults(text: string): { defaults: TransitionDefaults; problems: string[] } {
  const defaults: TransitionDefaults = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const m = LINE.exec(line);
    if (!m || (m[3] ?? "") === "") {
      problems.push(`Line ${i + 1}: write PROJECT: field = value, such as OPS: resolution = Done.`);
      return;
    }
    const project = (m[1] ?? "").toUpperCase();
    (defaults[project] ??= {})[m[2] ?? ""] = m[3] ?? "";
  });
  return { defaults, problems };
}

/** The settings row's text for `defaults`: one `KEY: field = value` line each, projects and fields sorted. */
export function formatTransitionDefaults(defaults: TransitionDefaults): string {
  return Object.keys(defaults)
    .sort()
    .flatMap((project) =>
      Object.keys(defaults[project] ?? {})
        .sort()
        .map((field) => `${project}: ${field} = ${defaults[project]?.[field] ?? ""}`),
    )
    .join("\n");
}

/** Stored transition defaults of unknown shape; anything but string values under string keys is dropped. */
export function readTransitionDefaults(raw: unknown): TransitionDefaults {
  const out: TransitionDefaults = {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return out;
  for (const [project, fields] of Object.entries(raw as Record<string, unknown>)) {
    if (fields === null || typeof fields !== "object" || Array.isArray(fields)) continue;
    const kept = Object.entries(fields as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string");
    if (kept.length > 0) out[project] = Object.fromEntries(kept);
  }
  return out;
}
