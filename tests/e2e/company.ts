// The simulator's company site (tests/jira-sim/company.ts) as the end-to-end tests sync it: the projects most
// tests take, the default mappings without the AI custom fields the site lacks (plus what a test adds), and an
// automation input holding rules as blocks of a rules note.
import type { AutomationInput } from "../../plugin/src/automation/run-input";
import type { SyncConfig } from "../../plugin/src/sync/types";
import { world, type World } from "./harness";

/** The two projects most company-site tests sync (alice sees both; several others are hidden from her). */
export const COMPANY_PROJECTS = ["SRCH", "NOTIF"];

/** One field mapping, as loosely as the tests need it. */
export type Mapping = { jira: unknown; note: unknown; direction?: string };

/** `config` with the default mappings minus the AI custom fields the company site lacks, then `extra`. */
export function companyConfig(config: SyncConfig, ...extra: Mapping[]): SyncConfig {
  const fields = (config.fields as Mapping[]).filter((f) => typeof f.jira !== "object");
  return { ...config, fields: [...fields, ...extra] };
}

/** What `companyWorld` syncs: the projects (default `COMPANY_PROJECTS`), the simulator's clock offset, more mappings. */
export interface CompanyOptions {
  projects?: string[];
  clockOffsetMs?: number;
  extra?: Mapping[];
}

/** A world on the company site whose configuration is `companyConfig`'s. */
export async function companyWorld(mode: "cloud" | "datacenter", options: CompanyOptions = {}): Promise<World> {
  const made = await world({ mode, seed: "company", projects: options.projects ?? COMPANY_PROJECTS, clockOffsetMs: options.clockOffsetMs });
  Object.assign(made.config, companyConfig(made.config, ...(options.extra ?? [])));
  return made;
}

/** Automation on with `rules` as the rules note's blocks (a daily cap of 20, UTC, no status history). */
export function rulesInput(...rules: string[]): AutomationInput {
  const text = `# Automation\n\n${rules.map((r) => "```jira-rule\n" + r + "```\n").join("\n")}`;
  return { rules: text, dailyCap: 20, offsetMinutes: 0, statusSince: {} };
}
