// The vault walk a sync starts before anything else (issue #13, goal 1). On a vault of many notes the walk
// (a `readdir` per folder and a `stat` per note, in a worker thread: node/vault-scan.ts) is a no-op sync's
// critical path, longer than the core's start-up beside it. The launcher (launch.ts) therefore starts it from
// the arguments alone, before Node reads and compiles the rest of the command line with the wasm core inside,
// and hands it to `runCli`, which takes it only when the run's vault and note index are the ones it walked.
import { parseCliArgs } from "./args";
import { plainTableFile } from "./node/note-index";
import { scanVaultInWorker, type VaultScan } from "./node/vault-scan";
import { pluginDirOf } from "./plugin-dir";

/** A walk started ahead of the run: what it walks, its result (null: it failed) and how to end it unused. */
export interface EarlyWalk {
  /** The `--vault` argument it walks, as given. */
  readonly vault: string;
  /** The note index's plain table it compares the walk with. */
  readonly plainFile: string;
  /** The walk; never rejects (null when it failed or was stopped). */
  readonly scan: Promise<VaultScan | null>;
  /** Ends the worker if it is still walking; harmless after it finished. */
  stop(): void;
}

/** Starts the walk for a `sync` command line; null for any other command, or arguments the run will refuse. */
export function startEarlyWalk(argv: readonly string[]): EarlyWalk | null {
  const parsed = parseCliArgs(argv);
  if (parsed.kind !== "run") return null;
  const { vault, configDir } = parsed.args;
  const plain = plainTableFile(pluginDirOf(vault, configDir));
  const stopping = new AbortController();
  const scan = scanVaultInWorker(vault, plain, stopping.signal).catch(() => null);
  return { vault, plainFile: plain.file, scan, stop: () => stopping.abort() };
}
