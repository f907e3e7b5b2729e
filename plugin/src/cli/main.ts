// Entry point of the headless command line, bundled by scripts/build.mjs into bin/jira-vault-sync.cjs
// (Node, wasm inlined and initialised synchronously). It only wires process I/O to `runCli` and exits
// with its code once the output is flushed.
import process from "node:process";
import * as wasm from "../../../pkg/jira_vault_sync.js";
import wasmBytes from "../../../pkg/jira_vault_sync_bg.wasm";
import type { HistoryEngineLike, HistoryInput } from "../history/driver";
import type { RunInput, SyncEngineLike } from "../sync/types";
import { runCli } from "./run";

wasm.initSync({ module: wasmBytes });

void runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
  },
  {
    defaultSyncConfig: () => wasm.defaultSyncConfig() as unknown,
    isGeneratedReport: (text: string): boolean => wasm.isGeneratedReport(text),
    reportKinds: (): unknown => wasm.reportKinds(),
    reportParams: (text: string): unknown => wasm.reportParams(text),
    generateReport: (input: unknown): unknown => wasm.generateReport(input),
    reportMetrics: (input: unknown): unknown => wasm.reportMetrics(input),
    createEngine: (input: RunInput): SyncEngineLike => new wasm.SyncEngine(input) as unknown as SyncEngineLike,
    createHistoryEngine: (input: HistoryInput): HistoryEngineLike => new wasm.HistoryEngine(input) as unknown as HistoryEngineLike,
  },
).then((code) => {
  process.exitCode = code;
});
