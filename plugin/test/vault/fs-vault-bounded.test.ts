// FsVault over a file system with an open-file limit: node:fs/promises is the real one, each call metered
// by OpenFiles (EMFILE past the limit), so callers that fan out over thousands of notes (the driver's read
// of every note, a batch of writes) must be bounded by the adapter itself, and a deep tree of folders is
// walked within the bound too.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FsVault } from "../../../cli/node/fs-vault";
import { OpenFiles } from "../fakes/open-files";

/** The adapters' bound (IO_CONCURRENCY); the fake system allows exactly that many open files. */
const BOUND = 32;

const meter = vi.hoisted(() => ({ current: null as OpenFiles | null }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const metered =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      meter.current === null ? fn(...args) : meter.current.hold(() => fn(...args));
  const fs = { ...real, readFile: metered(real.readFile), writeFile: metered(real.writeFile), readdir: metered(real.readdir) };
  return { ...fs, default: fs };
});

let root: string;
let notes: string[];

/** A vault of `count` notes, three folder levels deep and wide (a folder per 5 notes). */
async function seed(count: number): Promise<void> {
  root = await mkdtemp(join(tmpdir(), "jvs-bounded-"));
  const plain = new FsVault(root);
  notes = [];
  for (let i = 0; i < count; i++) {
    const path = `Area ${i % 7}/Topic ${i % 13}/Sub ${Math.floor(i / 5)}/Note ${i}.md`;
    notes.push(path);
    expect(await plain.createIfAbsent(path, `# Note ${i}\n`)).toEqual({ applied: true });
  }
}

describe("FsVault under an open-file limit", () => {
  beforeEach(async () => {
    meter.current = null;
    await seed(200);
    meter.current = new OpenFiles(BOUND);
  });

  it("reads every note of a caller's fan-out with at most the bound open", async () => {
    const vault = new FsVault(root);
    const texts = await Promise.all(notes.map((p) => vault.read(p)));
    expect(texts.every((t, i) => t === `# Note ${i}\n`)).toBe(true);
    expect(meter.current?.peak).toBe(BOUND);
  });

  it("writes and creates in a fan-out within the bound", async () => {
    const vault = new FsVault(root);
    const replaced = await Promise.all(notes.map((p, i) => vault.replaceIfUnchanged(p, `# Note ${i}\n`, `# Note ${i}\nsynced\n`)));
    expect(replaced.every((o) => o.applied)).toBe(true);
    const created = await Promise.all(notes.map((p) => vault.createIfAbsent(p.replace("Note", "New"), "new\n")));
    expect(created.every((o) => o.applied)).toBe(true);
    expect(meter.current?.peak).toBeLessThanOrEqual(BOUND);
    meter.current = null;
    expect(await vault.read(notes[7] ?? "")).toBe("# Note 7\nsynced\n");
  });

  it("lists a deep, wide tree within the bound", async () => {
    const listed = await new FsVault(root).listMarkdown();
    expect(listed).toHaveLength(notes.length);
    expect(new Set(listed)).toEqual(new Set(notes));
    expect(meter.current?.peak).toBeLessThanOrEqual(BOUND);
  });

  it("takes a smaller bound", async () => {
    const vault = new FsVault(root, 4);
    await Promise.all(notes.map((p) => vault.read(p)));
    expect(meter.current?.peak).toBe(4);
  });
});
