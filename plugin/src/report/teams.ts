// Teams for the reports (time per team, utilisation, the team report): the *Teams* setting holds one team per
// line, `Name: member, member`, each member a Jira display name or account id. Members are resolved against
// the users the issue history knows (display names case-insensitively); a name two users share, or one the
// history does not know, is a problem named to the user and left out, never guessed. Blank lines and lines
// starting with `#` are skipped.

/** A team as the core's analytics configuration takes it (`config.teams[]`). */
export interface ResolvedTeam {
  name: string;
  /** Account ids. */
  members: string[];
}

/** A team as written in the setting. */
export interface TeamLine {
  name: string;
  members: string[];
  /** 1-based line number, for messages. */
  line: number;
}

/** The teams written in the setting, and the lines that could not be read. */
export function parseTeams(text: string): { teams: TeamLine[]; problems: string[] } {
  const teams: TeamLine[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const colon = line.indexOf(":");
    const name = colon < 0 ? "" : line.slice(0, colon).trim();
    if (name === "") {
      problems.push(`Teams, line ${i + 1}: write it as "Team name: member, member".`);
      return;
    }
    if (teams.some((t) => t.name.toLowerCase() === name.toLowerCase())) {
      problems.push(`Teams, line ${i + 1}: the team "${name}" is named twice; the first is used.`);
      return;
    }
    const members = line
      .slice(colon + 1)
      .split(",")
      .map((m) => m.trim())
      .filter((m) => m !== "");
    teams.push({ name, members, line: i + 1 });
  });
  return { teams, problems };
}

/** The users a history knows: account id → `{ name }` (the history file's `users`). */
export type HistoryUsers = Record<string, { name?: unknown } | undefined>;

/** The teams with their members as account ids, and what could not be resolved. */
export function resolveTeams(text: string, users: HistoryUsers): { teams: ResolvedTeam[]; problems: string[] } {
  const { teams, problems } = parseTeams(text);
  const byName = new Map<string, string[]>();
  for (const [id, user] of Object.entries(users)) {
    const name = typeof user?.name === "string" ? user.name.trim().toLowerCase() : "";
    if (name !== "") byName.set(name, [...(byName.get(name) ?? []), id]);
  }
  const resolved = teams.map((team) => {
    const members: string[] = [];
    for (const member of team.members) {
      if (Object.prototype.hasOwnProperty.call(users, member)) {
        members.push(member);
        continue;
      }
      const ids = byName.get(member.toLowerCase()) ?? [];
      if (ids.length === 1 && ids[0] !== undefined) members.push(ids[0]);
      else if (ids.length > 1) problems.push(`Team "${team.name}": ${ids.length} Jira users are called "${member}"; write the account id instead.`);
      else problems.push(`Team "${team.name}": no Jira user "${member}" in the issue history (a display name or an account id).`);
    }
    return { name: team.name, members: [...new Set(members)] };
  });
  return { teams: resolved, problems };
}

/** The names of the teams written in the setting (for pick lists). */
export function teamNames(text: string): string[] {
  return parseTeams(text).teams.map((t) => t.name);
}
