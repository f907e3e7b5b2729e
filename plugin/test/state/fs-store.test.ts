// FsStore on a fresh temp folder (whose store directory does not exist until the first save).
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsStore } from "../../../cli/node/fs-store";
import { storeContract } from "./store-contract";

storeContract("FsStore", async () => {
  const dir = join(await mkdtemp(join(tmpdir(), "jvs-store-")), "plugins", "jira-vault-sync");
  return {
    store: new FsStore(dir),
    putRaw: async (file: string, text: string | null) => {
      if (text === null) return rm(join(dir, file), { force: true });
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, file), text, "utf8");
    },
    fileNames: async () => (await readdir(dir)).sort(),
  };
});
