// The built command line (`bin/jira-vault-sync.cjs`) run as a child process with only PATH (and what a test adds)
// in its environment, so the machine's own variables cannot change what it does; and the set-up every command-line
// test shares (`cliTestHooks`): the built command line must be there before the file's first test, and simulators
// and temporary folders made for one test are stopped and removed after it, whether it passed or not.
import { Buffer } from "node:buffer";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";
import { afterEach, beforeAll } from "vitest";
import { startSimulator, type SimHandle, type SimOptions } from "../jira-sim/server";

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

/** Starts simulators and makes temporary folders for the test that is running; `cliTestHooks` undoes both after it. */
export interface CliTestHooks {
  /** A simulator started with `options`, stopped after the test (stopping it earlier is allowed). */
  simulator(options: SimOptions): Promise<SimHandle>;
  /** A new empty folder under the system's temporary folder, its name starting with `prefix`, removed after the test. */
  tempDir(prefix: string): string;
}

/**
 * Registers, in the calling test file, a `beforeAll` that fails when the command line is not built, and an
 * `afterEach` that stops the simulators and removes the folders its tests made.
 */
export function cliTestHooks(): CliTestHooks {
  const sims: SimHandle[] = [];
  const dirs: string[] = [];
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build it with node scripts/build.mjs.`);
  });
  afterEach(async () => {
    for (const sim of sims.splice(0)) await sim.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    simulator: async (options) => {
      const sim = await startSimulator(options);
      sims.push(sim);
      return sim;
    },
    tempDir: (prefix) => {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
  };
}
