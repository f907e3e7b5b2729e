// The *Teams* setting: one team per line, members by display name or account id, resolved against the users
// the issue history knows; unreadable lines, unknown and shared names are problems, never guesses.
import { describe, expect, it } from "vitest";
import { parseTeams, resolveTeams, teamNames } from "../src/report/teams";

const USERS = {
  "5b10ac8d82e05b22cc7d4ef5": { name: "Alice Berlin" },
  "557058:f58131cb": { name: "Bob Smith" },
  "70121:aa": { name: "Sam Lee" },
  "70121:bb": { name: "sam lee" },
};

describe("teams", () => {
  it("reads one team per line, skipping blanks and comments, and names lines it cannot read", () => {
    const text = "# who is who\nPlatform: Alice Berlin, Bob Smith\n\nno colon here\n: nameless\nplatform: Sam Lee\nSearch:";
    expect(parseTeams(text)).toEqual({
      teams: [
        { name: "Platform", members: ["Alice Berlin", "Bob Smith"], line: 2 },
        { name: "Search", members: [], line: 7 },
      ],
      problems: [
        'Teams, line 4: write it as "Team name: member, member".',
        'Teams, line 5: write it as "Team name: member, member".',
        'Teams, line 6: the team "platform" is named twice; the first is used.',
      ],
    });
    expect(teamNames(text)).toEqual(["Platform", "Search"]);
  });

  it("resolves display names case-insensitively and account ids as they are; a shared or unknown name is a problem", () => {
    const { teams, problems } = resolveTeams("Platform: alice berlin, 557058:f58131cb, Alice Berlin\nSearch: Sam Lee, Nobody, toString", USERS);
    expect(teams).toEqual([
      { name: "Platform", members: ["5b10ac8d82e05b22cc7d4ef5", "557058:f58131cb"] },
      { name: "Search", members: [] },
    ]);
    expect(problems).toEqual([
      'Team "Search": 2 Jira users are called "Sam Lee"; write the account id instead.',
      'Team "Search": no Jira user "Nobody" in the issue history (a display name or an account id).',
      'Team "Search": no Jira user "toString" in the issue history (a display name or an account id).',
    ]);
  });
});
