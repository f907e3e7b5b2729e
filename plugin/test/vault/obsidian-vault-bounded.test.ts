// ObsidianVault, TrackingVault and `cachedNotes` over the harness's StubVault with an open-file limit
// (OpenFiles: EMFILE past it): a fan-out over hundreds of notes (reads, `vault.process` writes, creates in
// new folders, the cached reads of Reconcile time) keeps at most the bound in Obsidian's file layer.
import type { App } from "obsidian";
import { describe, expect, it } from "vitest";
import { cachedNotes, ObsidianVault } from "../../src/obsidian/obsidian-vault";
import { TrackingVault } from "../../src/obsidian/sync-vault";
import { StubVault, type TFile, type TFolder } from "../harness/obsidian-workspace-stub";
import { OpenFiles } from "../fakes/open-files";

/** The adapters' bound (IO_CONCURRENCY); the fake allows exactly that many operations in flight. */
const BOUND = 32;
const COUNT = 500;

/** StubVault whose file operations each hold an open file of `meter` (process reads inside its own hold). */
class MeteredVault extends StubVault {
  constructor(readonly meter: OpenFiles) {
    super();
  }
  override read(file: TFile): Promise<string> {
    return this.meter.hold(() => super.read(file));
  }
  override cachedRead(file: TFile): Promise<string> {
    return this.meter.hold(() => super.read(file));
  }
  override process(file: TFile, fn: (data: string) => string): Promise<string> {
    return this.meter.hold(async () => {
      const next = fn(await super.read(file));
      this.files.set(file.path, next);
      this.trigger("modify", file);
      return next;
    });
  }
  override create(path: string, data: string): Promise<TFile> {
    return this.meter.hold(() => super.create(path, data));
  }
  override createFolder(path: string): Promise<TFolder> {
    return this.meter.hold(() => super.createFolder(path));
  }
}

function setup(): { meter: OpenFiles; stub: MeteredVault; app: App; paths: string[] } {
  const meter = new OpenFiles(BOUND);
  const stub = new MeteredVault(meter);
  const paths: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const path = `Area ${i % 5}/Sub ${i % 11}/Note ${i}.md`;
    stub.seed(path, `# Note ${i}\n`);
    paths.push(path);
  }
  return { meter, stub, app: { vault: stub } as unknown as App, paths };
}

describe("Obsidian adapters under an open-file limit", () => {
  it("ObsidianVault reads a fan-out of every note within the bound", async () => {
    const { meter, app, paths } = setup();
    const vault = new ObsidianVault(app);
    const texts = await Promise.all(paths.map((p) => vault.read(p)));
    expect(texts.every((t, i) => t === `# Note ${i}\n`)).toBe(true);
    expect(meter.peak).toBe(BOUND);
  });

  it("ObsidianVault's guarded writes (vault.process) and creates stay within the bound", async () => {
    const { meter, stub, app, paths } = setup();
    const vault = new ObsidianVault(app);
    const replaced = await Promise.all(paths.map((p) => vault.replaceIfUnchanged(p, stub.files.get(p) ?? "", "synced\n")));
    expect(replaced.every((o) => o.applied)).toBe(true);
    const created = await Promise.all(paths.map((p, i) => vault.createIfAbsent(`Jira/OPS/${i % 9}/OPS-${i}.md`, "new\n")));
    expect(created.every((o) => o.applied)).toBe(true);
    expect(meter.peak).toBeLessThanOrEqual(BOUND);
    expect(stub.files.get("Jira/OPS/3/OPS-12.md")).toBe("new\n");
  });

  it("TrackingVault (the app's sync vault) is bounded the same way", async () => {
    const { meter, app, paths } = setup();
    const vault = new TrackingVault(app, () => 0);
    await Promise.all(paths.map((p) => vault.read(p)));
    await Promise.all(paths.map((p) => vault.replaceIfUnchanged(p, "nope", "x")));
    expect(meter.peak).toBe(BOUND);
  });

  it("cachedNotes (Reconcile time) reads every note, sorted, within the bound", async () => {
    const { meter, app, paths } = setup();
    const notes = await cachedNotes(app);
    expect(notes.map((n) => n.path)).toEqual([...paths].sort());
    expect(notes.find((n) => n.path === paths[42])?.content).toBe("# Note 42\n");
    expect(meter.peak).toBe(BOUND);
  });

  it("takes a smaller bound", async () => {
    const { meter, app, paths } = setup();
    const vault = new ObsidianVault(app, 3);
    await Promise.all(paths.map((p) => vault.read(p)));
    expect(meter.peak).toBe(3);
  });
});
