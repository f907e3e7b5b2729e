// Entry point of the command line, bundled by scripts/build.mjs into bin/jira-vault-sync.cjs: a few kilobytes
// that start a sync's vault walk in a worker thread (early-walk.ts), then load the command line itself from
// bin/jira-vault-sync-core.cjs (cli/main.ts: 3.7 MB with the wasm core inside, about 40 ms to read and compile),
// so that loading overlaps the walk instead of preceding it. Any other command starts nothing here.
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import process from "node:process";
import { startEarlyWalk } from "./early-walk";
import type { CoreEntry } from "./main";

const argv = process.argv.slice(2);
const early = startEarlyWalk(argv);
// The core's file sits beside this one (found from this file's real path: npm links the bin from elsewhere).
const requireHere = createRequire(realpathSync(process.argv[1] ?? "."));
const core = requireHere("./jira-vault-sync-core.cjs") as CoreEntry;
core.main(argv, early);
