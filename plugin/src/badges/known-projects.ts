// Which project keys are real Jira projects, so that only their keys become badges (never `UTF-8`,
// `SHA-256` or `GPT-4`). Three sources, all optional: the projects in the sync scope (settings), the projects
// of the issues in the issue cache (learned from Jira by the sync), and a list of the site's projects (as
// *Test connection* lists them, stored in the plugin data). No source means no badges. Pure: the sources
// are functions; the set is remembered until `invalidate()` (called on every settings or cache change).
import { type KeyMatch } from "../jira/keys";
import { describeKeys, type NoteKey } from "../jira/parse-result-keys";

/** Where known projects come from. Each returns project keys (or, for the cache, issue keys). */
export interface KnownProjectSources {
  /** Project keys in the sync scope of every site. */
  scope(): Iterable<string>;
  /** Keys of the issues in the issue cache (`OPS-12`); their projects count as known. */
  cachedIssueKeys(): Iterable<string>;
  /** Project keys the site lists (from *Test connection*), when stored. */
  siteProjects?: () => Iterable<string>;
}

/** The set of known project keys (upper case) from the three sources. */
export function knownProjects(sources: KnownProjectSources): Set<string> {
  const out = new Set<string>();
  for (const project of sources.scope()) out.add(project.toUpperCase());
  for (const key of sources.cachedIssueKeys()) {
    const dash = key.lastIndexOf("-");
    if (dash > 0) out.add(key.slice(0, dash).toUpperCase());
  }
  for (const project of sources.siteProjects?.() ?? []) out.add(project.toUpperCase());
  return out;
}

/** `knownProjects` remembered between changes: asked on every keystroke, recomputed only after a change. */
export class KnownProjects {
  private cached: ReadonlySet<string> | null = null;

  constructor(private readonly sources: KnownProjectSources) {}

  get(): ReadonlySet<string> {
    this.cached ??= knownProjects(this.sources);
    return this.cached;
  }

  /** Forget the remembered set (a source changed). */
  invalidate(): void {
    this.cached = null;
  }
}

/** The matches whose project is known. */
export function onlyKnown<T extends Pick<KeyMatch, "project">>(matches: readonly T[], known: ReadonlySet<string>): T[] {
  return matches.filter((m) => known.has(m.project));
}

/** The notice text of the *Show Jira keys* command: the keys of known projects, or why there are none. */
export function describeKnownKeys(keys: readonly NoteKey[], known: ReadonlySet<string>): string {
  if (known.size === 0) return "No Jira projects known yet: set the projects to sync in the settings, or sync once.";
  return describeKeys(keys.filter((k) => known.has(k.key.slice(0, k.key.lastIndexOf("-")))));
}
