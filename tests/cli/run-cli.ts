// The built command line (`bin/jira-vault-sync.cjs`) run as a child process with only PATH (and what a test adds)
// in its environment, so the machine's own variables cannot change what it does.
import { Buffer } from "node:buffer";
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import process from "node:process";

/** The built command line. */
export const BIN = path.resolve("bin/jira-vault-sync.cjs");

/** How a run ended and what it printed. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command line asynchronously (a simulator in this process can answer it). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs the command line and waits for it (for commands that need no simulator). */
export function runCliSync(args: string[], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
