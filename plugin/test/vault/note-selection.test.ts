// Reading only the notes a sync can use: the front matter check, the path rules, the command line's note index
// (unchanged notes without the keys are not read again; a changed one is; racy times and other keys distrust
// it), Obsidian's metadata-cache filter, and the default reader any port gets.
import { mkdtemp, rm, utimes, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FsStore } from "../../../cli/node/fs-store";
import { FsVault } from "../../../cli/node/fs-vault";
import { NOTE_INDEX_FILE, NOTE_INDEX_PLAIN_FILE, plainTableFile } from "../../../cli/node/note-index";
import { scanVault, scanVaultInWorker, type VaultScan } from "../../../cli/node/vault-scan";
import { ObsidianVault, READ_SLICE, SELECT_SLICE } from "../../src/obsidian/obsidian-vault";
import { MemoryVault } from "../../src/vault/memory-vault";
import { frontmatterMayHold, type NoteSelection, PathRules } from "../../src/vault/note-selection";
import { readSelectedNotes } from "../../src/vault/read-selected";
import { FakeVault } from "../fakes/obsidian-vault-fakes";
import type { App, TAbstractFile } from "obsidian";

const KEYS = ["jira_key", "jira_project", "jira_deleted"];
const selection: NoteSelection = { all: false, frontmatterKeys: KEYS, folders: ["Jira/OPS"], rootNotes: false, paths: ["Old/Known.md"] };

describe("frontmatterMayHold", () => {
  it("finds a key in a closed front matter block only", () => {
    expect(frontmatterMayHold("---\njira_key: OPS-1\n---\nbody", KEYS)).toBe(true);
    expect(frontmatterMayHold("\uFEFF---\r\n\"jira_project\": OPS\r\n---\r\n", KEYS)).toBe(true);
    expect(frontmatterMayHold("---  \ntitle: x\n---\njira_key: in the body\n", KEYS)).toBe(false);
    expect(frontmatterMayHold("---\njira_key: OPS-1\nno closing fence\n", KEYS)).toBe(false);
    expect(frontmatterMayHold("# jira_key: OPS-1\n", KEYS)).toBe(false);
    expect(frontmatterMayHold("", KEYS)).toBe(false);
  });
});

describe("PathRules", () => {
  it("selects project folders as whole segments, known paths, and everything when told", () => {
    const rules = new PathRules(selection);
    expect(rules.selects("Jira/OPS/OPS-1 Alert.md")).toBe(true);
    expect(rules.selects("Jira/OPSX/a.md")).toBe(false);
    expect(rules.selects("Old/Known.md")).toBe(true);
    expect(rules.selects("Notes/x.md")).toBe(false);
    expect(new PathRules({ ...selection, rootNotes: true }).selects("2026-12-01.md")).toBe(true);
    expect(new PathRules({ ...selection, all: true }).selects("Notes/x.md")).toBe(true);
  });
});

describe("the default reader", () => {
  it("keeps notes selected by path or by front matter, whatever the port", async () => {
    const vault = new MemoryVault();
    vault.set("Jira/OPS/new.md", "no front matter");
    vault.set("Notes/linked.md", "---\njira_key: OPS-2\n---\n");
    vault.set("Notes/plain.md", "---\ntitle: x\n---\n");
    const { notes } = await readSelectedNotes(vault, selection);
    expect(notes.map((n) => n.path)).toEqual(["Jira/OPS/new.md", "Notes/linked.md"]);
  });
});

describe("FsVault with a note index", () => {
  let dir = "";
  afterEach(async () => {
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  /** A vault of `linked` notes with keys and `plain` notes without, all modified an hour ago. */
  async function vaultOf(linked: number, plain: number): Promise<{ root: string; store: FsStore }> {
    dir = await mkdtemp(join(tmpdir(), "jvs-index-"));
    const root = join(dir, "vault");
    const hourAgo = new Date(Date.now() - 3_600_000);
    const write = async (rel: string, text: string): Promise<void> => {
      const file = join(root, rel);
      await mkdir(join(file, ".."), { recursive: true });
      await writeFile(file, text);
      await utimes(file, hourAgo, hourAgo);
    };
    for (let i = 0; i < linked; i++) await write(`Work/linked-${i}.md`, `---\njira_key: OPS-${i}\n---\nbody ${i}\n`);
    for (let i = 0; i < plain; i++) await write(`Notes/${i % 10}/plain-${i}.md`, `---\ntags: [x]\n---\n# Note ${i}\n\n${"text ".repeat(50)}\n`);
    return { root, store: new FsStore(join(dir, "plugin")) };
  }

  class CountingVault extends FsVault {
    reads: string[] = [];
    override read(path: string): Promise<string | null> {
      this.reads.push(path);
      return super.read(path);
    }
  }

  it("reads unrelated notes once, and unchanged linked notes once: later they go by fingerprint, unread", async () => {
    const { root, store } = await vaultOf(20, 500);
    const first = new CountingVault(root, 32, store);
    const read = await first.readSelected(selection);
    expect(read.notes).toHaveLength(20);
    expect(read.notes.every((n) => n.fingerprint?.length === 32)).toBe(true);
    expect(first.reads).toHaveLength(520);
    const second = new CountingVault(root, 32, store);
    const { notes, refs } = await second.readSelected(selection);
    expect(notes).toEqual([]);
    expect(refs.map((n) => n.path)).toEqual(Array.from({ length: 20 }, (_, i) => `Work/linked-${i}.md`).sort());
    expect(refs.map((r) => r.fingerprint)).toEqual(read.notes.map((n) => n.fingerprint));
    expect(second.reads).toHaveLength(0);
  });

  it("reads a changed note again and takes it when it gained a key", async () => {
    const { root, store } = await vaultOf(2, 50);
    await new CountingVault(root, 32, store).readSelected(selection);
    const file = join(root, "Notes/3/plain-3.md");
    await writeFile(file, "---\njira_key: OPS-99\ntags: [x]\n---\nnow linked\n");
    const hourAgo = new Date(Date.now() - 3_000_000);
    await utimes(file, hourAgo, hourAgo);
    const again = new CountingVault(root, 32, store);
    const { notes } = await again.readSelected(selection);
    expect(again.reads).toEqual(["Notes/3/plain-3.md"]);
    expect(notes.map((n) => n.path)).toEqual(["Notes/3/plain-3.md"]);
  });

  it("does not trust a modification time from the last two seconds, nor an index made for other keys", async () => {
    const { root, store } = await vaultOf(1, 10);
    await writeFile(join(root, "Notes/0/plain-0.md"), "---\ntags: [y]\n---\n");
    await new CountingVault(root, 32, store).readSelected(selection);
    const racy = new CountingVault(root, 32, store);
    await racy.readSelected(selection);
    expect(racy.reads).toEqual(["Notes/0/plain-0.md"]);
    const otherKeys = new CountingVault(root, 32, store);
    await otherKeys.readSelected({ ...selection, frontmatterKeys: ["issue"] });
    expect(otherKeys.reads).toHaveLength(11);
  });

  it("keeps the index as columns in two files, rewrites an index of an older shape, and follows notes added, removed and renamed", async () => {
    const { root, store } = await vaultOf(3, 40);
    // Older shapes (v2: an object per note; v3: both tables in one file) are not read: every note is read once
    // and the index is rewritten.
    await store.save(NOTE_INDEX_FILE, { version: 2, keys: [...KEYS].sort(), plain: { "Notes/0/plain-0.md": [1, 2] }, selected: {} });
    const first = new CountingVault(root, 32, store);
    await first.readSelected(selection);
    expect(first.reads).toHaveLength(43);
    const saved = (await store.load(NOTE_INDEX_FILE)) as { version: number; selected: { paths: string[]; fingerprints: string[] } };
    const plainSaved = (await store.load(NOTE_INDEX_PLAIN_FILE)) as { version: number; paths: string[]; sizes: number[]; mtimes: number[] };
    expect(saved.version).toBe(4);
    expect(plainSaved.version).toBe(4);
    expect([...plainSaved.paths].sort()).toEqual(Array.from({ length: 40 }, (_, i) => `Notes/${i % 10}/plain-${i}.md`).sort());
    expect(plainSaved.sizes).toHaveLength(40);
    expect(plainSaved.mtimes).toHaveLength(40);
    expect([...saved.selected.paths].sort()).toEqual(["Work/linked-0.md", "Work/linked-1.md", "Work/linked-2.md"]);
    expect(saved.selected.fingerprints.every((f) => f.length === 32)).toBe(true);
    // Notes added, removed and renamed put the walk out of the index's order: each is still found by path.
    const hourAgo = new Date(Date.now() - 3_600_000);
    await rm(join(root, "Notes/4/plain-14.md"));
    await rm(join(root, "Work/linked-1.md"));
    await mkdir(join(root, "Notes/Renamed"), { recursive: true });
    await writeFile(join(root, "Notes/Renamed/moved.md"), "---\ntags: [x]\n---\nmoved\n");
    await writeFile(join(root, "Notes/2/gained.md"), "---\njira_key: OPS-77\n---\nnew\n");
    for (const f of ["Notes/Renamed/moved.md", "Notes/2/gained.md"]) await utimes(join(root, f), hourAgo, hourAgo);
    await rm(join(root, "Notes/7/plain-7.md"));
    const second = new CountingVault(root, 32, store);
    const { notes, refs } = await second.readSelected(selection);
    expect(second.reads.sort()).toEqual(["Notes/2/gained.md", "Notes/Renamed/moved.md"]);
    expect(notes.map((n) => n.path)).toEqual(["Notes/2/gained.md"]);
    expect(refs.map((r) => r.path)).toEqual(["Work/linked-0.md", "Work/linked-2.md"]);
    const third = new CountingVault(root, 32, store);
    const again = await third.readSelected(selection);
    expect(third.reads).toEqual([]);
    expect(again.refs.map((r) => r.path)).toEqual(["Notes/2/gained.md", "Work/linked-0.md", "Work/linked-2.md"]);
    const after = (await store.load(NOTE_INDEX_PLAIN_FILE)) as { paths: string[] };
    expect(after.paths).toHaveLength(39);
    expect(after.paths).not.toContain("Notes/4/plain-14.md");
    // A v3 index (both tables in one file) is read as no index.
    await store.save(NOTE_INDEX_FILE, { version: 3, keys: [...KEYS].sort(), plain: { paths: [], sizes: [], mtimes: [] }, selected: { paths: [], sizes: [], mtimes: [], fingerprints: [] } });
    await rm(join(dir, "plugin", NOTE_INDEX_PLAIN_FILE));
    const fourth = new CountingVault(root, 32, store);
    await fourth.readSelected(selection);
    expect(fourth.reads).toHaveLength(42);
  });

  /** The saves an index store receives, by file name. */
  class RecordingStore extends FsStore {
    saves: string[] = [];
    override async save(name: string, value: unknown): Promise<void> {
      this.saves.push(name);
      await super.save(name, value);
    }
  }

  it("rewrites only the file of the table that changed: an edited linked note leaves the plain table's file alone", async () => {
    const { root } = await vaultOf(3, 30);
    const store = new RecordingStore(join(dir, "plugin"));
    await new CountingVault(root, 32, store).readSelected(selection);
    expect(store.saves.sort()).toEqual([NOTE_INDEX_FILE, NOTE_INDEX_PLAIN_FILE].sort());
    store.saves = [];
    await new CountingVault(root, 32, store).readSelected(selection);
    expect(store.saves).toEqual([]);
    const hourAgo = new Date(Date.now() - 3_000_000);
    const linked = join(root, "Work/linked-1.md");
    await writeFile(linked, "---\njira_key: OPS-1\n---\nedited body\n");
    await utimes(linked, hourAgo, hourAgo);
    const edited = new CountingVault(root, 32, store);
    expect((await edited.readSelected(selection)).notes.map((n) => n.path)).toEqual(["Work/linked-1.md"]);
    expect(store.saves).toEqual([NOTE_INDEX_FILE]);
    // An unrelated note edited afterwards is still seen: the plain table kept its stamps, not the selected file's.
    store.saves = [];
    const plain = join(root, "Notes/5/plain-15.md");
    await writeFile(plain, "---\njira_key: OPS-15\n---\nnow linked\n");
    await utimes(plain, hourAgo, hourAgo);
    const gained = new CountingVault(root, 32, store);
    const { notes, refs } = await gained.readSelected(selection);
    expect(gained.reads).toEqual(["Notes/5/plain-15.md"]);
    expect(notes.map((n) => n.path)).toEqual(["Notes/5/plain-15.md"]);
    expect(refs.map((r) => r.path)).toEqual(["Work/linked-0.md", "Work/linked-1.md", "Work/linked-2.md"]);
    expect(store.saves.sort()).toEqual([NOTE_INDEX_FILE, NOTE_INDEX_PLAIN_FILE].sort());
  });

  it("takes the plain table's comparison from the worker's walk, and still sees a note that gained a key, was edited, renamed or deleted", async () => {
    const { root } = await vaultOf(2, 40);
    const pluginDir = join(dir, "plugin");
    const store = new FsStore(pluginDir);
    await new CountingVault(root, 32, store).readSelected(selection);
    const viaWorker = async (keys = selection.frontmatterKeys): Promise<{ vault: CountingVault; notes: string[]; refs: string[] }> => {
      const vault = new CountingVault(root, 32, store);
      vault.prefetch(scanVaultInWorker(root, plainTableFile(pluginDir)));
      const read = await vault.readSelected({ ...selection, frontmatterKeys: keys });
      return { vault, notes: read.notes.map((n) => n.path), refs: read.refs.map((r) => r.path) };
    };
    const quiet = await viaWorker();
    expect(quiet.vault.reads).toEqual([]);
    expect(quiet.refs).toEqual(["Work/linked-0.md", "Work/linked-1.md"]);
    const hourAgo = new Date(Date.now() - 3_000_000);
    const put = async (rel: string, text: string): Promise<void> => {
      await mkdir(join(root, rel, ".."), { recursive: true });
      await writeFile(join(root, rel), text);
      await utimes(join(root, rel), hourAgo, hourAgo);
    };
    await put("Notes/1/plain-11.md", "---\njira_key: OPS-11\n---\ngained a key\n");
    await put("Notes/2/plain-12.md", "---\ntags: [y]\n---\nedited, still plain\n");
    await rm(join(root, "Notes/3/plain-13.md"));
    await put("Notes/Renamed/plain-14.md", "---\ntags: [x]\n---\nmoved\n");
    await rm(join(root, "Notes/4/plain-14.md"));
    const changed = await viaWorker();
    expect(changed.vault.reads.sort()).toEqual(["Notes/1/plain-11.md", "Notes/2/plain-12.md", "Notes/Renamed/plain-14.md"]);
    expect(changed.notes).toEqual(["Notes/1/plain-11.md"]);
    const after = (await store.load(NOTE_INDEX_PLAIN_FILE)) as { paths: string[] };
    expect(after.paths).toHaveLength(38);
    expect(after.paths).not.toContain("Notes/3/plain-13.md");
    expect(after.paths).toContain("Notes/Renamed/plain-14.md");
    expect((await viaWorker()).vault.reads).toEqual([]);
    // The worker's comparison with a table made for other keys is not used.
    expect((await viaWorker(["issue"])).vault.reads).toHaveLength(41);
  });

  it("does the caller's `meanwhile` work only while it would wait for the walk, before the walk is taken", async () => {
    const { root, store } = await vaultOf(1, 5);
    const events: string[] = [];
    let finish: (scan: VaultScan | null) => void = () => undefined;
    const slow = new CountingVault(root, 32, store);
    slow.prefetch(new Promise<VaultScan | null>((resolve) => (finish = resolve)), () => events.push("meanwhile"));
    const reading = slow.readSelected(selection);
    expect(events).toEqual(["meanwhile"]);
    events.push("walk ends");
    finish(null);
    expect((await reading).notes.map((n) => n.path)).toEqual(["Work/linked-0.md"]);
    expect(events).toEqual(["meanwhile", "walk ends"]);
    // A walk already over: nothing is done ahead (the work would only add to the sync).
    const quick = new CountingVault(root, 32, store);
    const walked = Promise.resolve(scanVault(root));
    quick.prefetch(walked, () => events.push("meanwhile again"));
    await walked;
    expect((await quick.readSelected(selection)).refs.map((r) => r.path)).toEqual(["Work/linked-0.md"]);
    expect(events).toEqual(["meanwhile", "walk ends"]);
  });

  it("starts reading the index's selected table with the walk, once, and a failed read fails only the read that takes it", async () => {
    const { root, store } = await vaultOf(2, 5);
    await new CountingVault(root, 32, store).readSelected(selection);
    const loads: string[] = [];
    const counted = { load: (name: string) => (loads.push(name), store.load(name)), save: (name: string, value: unknown) => store.save(name, value) };
    let finish: (scan: VaultScan | null) => void = () => undefined;
    const vault = new CountingVault(root, 32, counted);
    vault.prefetch(new Promise<VaultScan | null>((resolve) => (finish = resolve)));
    // Asked for at once, while the walk is still out.
    expect(loads).toEqual([NOTE_INDEX_FILE]);
    const reading = vault.readSelected(selection);
    finish(scanVault(root));
    const read = await reading;
    expect(vault.reads).toEqual([]);
    expect(read.refs.map((r) => r.path)).toEqual(["Work/linked-0.md", "Work/linked-1.md"]);
    expect(loads.filter((n) => n === NOTE_INDEX_FILE)).toHaveLength(1);
    // A store that cannot be read: nothing rejects unhandled before the read that takes it, which then fails.
    const broken = { load: () => Promise.reject(new Error("EACCES: the index")), save: () => Promise.resolve() };
    const failing = new CountingVault(root, 32, broken);
    failing.prefetch(Promise.resolve(scanVault(root)));
    await sleep(10);
    await expect(failing.readSelected(selection)).rejects.toThrow(/EACCES: the index/);
  });

  it("survives a missing or garbled index by reading everything", async () => {
    const { root, store } = await vaultOf(1, 5);
    await store.save(NOTE_INDEX_FILE, { version: 1, keys: KEYS, plain: "garbled" });
    const vault = new CountingVault(root, 32, store);
    expect((await vault.readSelected(selection)).notes.map((n) => n.path)).toEqual(["Work/linked-0.md"]);
    expect(vault.reads).toHaveLength(6);
  });
});

describe("ObsidianVault.readSelected", () => {
  it("reads only notes the metadata cache shows a key for, unknown ones and broken front matter", async () => {
    const fake = new FakeVault();
    fake.seed("Notes/linked.md", "---\njira_key: OPS-1\n---\n");
    fake.seed("Notes/plain.md", "---\ntitle: x\n---\n");
    fake.seed("Notes/uncached.md", "---\njira_key: OPS-2\n---\n");
    fake.seed("Notes/broken.md", "---\njira_key: [\n---\n");
    fake.seed("Jira/OPS/new.md", "new issue");
    const caches: Record<string, unknown> = {
      "Notes/linked.md": { frontmatter: { jira_key: "OPS-1" }, frontmatterPosition: {} },
      "Notes/plain.md": { frontmatter: { title: "x" }, frontmatterPosition: {} },
      "Notes/broken.md": { frontmatterPosition: {} },
      "Jira/OPS/new.md": {},
    };
    const metadataCache = { getFileCache: (f: { path: string }) => caches[f.path] ?? null };
    const vault = new ObsidianVault({ vault: fake, metadataCache } as unknown as App);
    const { notes } = await vault.readSelected(selection);
    expect(notes.map((n) => n.path)).toEqual(["Jira/OPS/new.md", "Notes/broken.md", "Notes/linked.md", "Notes/uncached.md"]);
    expect(fake.calls.filter((c) => c.startsWith("read"))).not.toContain("read Notes/plain.md");
  });

  it("hands a selected note read before by fingerprint while its file is unchanged, and reads it once changed", async () => {
    const fake = new FakeVault();
    fake.seed("Notes/a.md", "---\njira_key: OPS-1\n---\n");
    fake.seed("Notes/b.md", "---\njira_key: OPS-2\n---\n");
    const metadataCache = { getFileCache: () => ({ frontmatter: { jira_key: "OPS" }, frontmatterPosition: {} }) };
    // Files modified "long ago" (the stamps are small numbers), so no time is too recent to trust.
    const vault = new ObsidianVault({ vault: fake, metadataCache } as unknown as App);
    const first = await vault.readSelected(selection);
    expect(first.notes.map((n) => n.path)).toEqual(["Notes/a.md", "Notes/b.md"]);
    fake.calls.length = 0;
    const second = await vault.readSelected(selection);
    expect(second.notes).toEqual([]);
    expect(second.refs).toEqual(first.notes.map((n) => ({ path: n.path, fingerprint: n.fingerprint })));
    expect(fake.calls).toEqual([]);
    fake.files.set("Notes/b.md", "---\njira_key: OPS-2\n---\nedited\n");
    const third = await vault.readSelected(selection);
    expect(third.notes.map((n) => n.path)).toEqual(["Notes/b.md"]);
    expect(third.refs.map((r) => r.path)).toEqual(["Notes/a.md"]);
  });

  it("walks the file list and reads the selected notes in bounded slices, a breath between, with the same result", async () => {
    const fake = new FakeVault();
    const linked = SELECT_SLICE + READ_SLICE + 7;
    for (let i = 0; i < linked; i++) fake.seed(`Jira/OPS/OPS-${i}.md`, `---\njira_key: OPS-${i}\n---\n`);
    for (let i = 0; i < SELECT_SLICE; i++) fake.seed(`Notes/plain-${i}.md`, "---\ntitle: x\n---\n");
    let checked = 0;
    const metadataCache = {
      getFileCache: (f: { path: string }) => {
        checked++;
        return f.path.startsWith("Jira/") ? { frontmatter: { jira_key: "OPS" }, frontmatterPosition: {} } : { frontmatter: { title: "x" }, frontmatterPosition: {} };
      },
    };
    const reads = () => fake.calls.filter((c) => c.startsWith("read")).length;
    const marks: [number, number][] = [];
    const breathe = () => {
      marks.push([checked, reads()]);
      return Promise.resolve();
    };
    const app = { vault: fake, metadataCache } as unknown as App;
    const sliced = await new ObsidianVault(app, 32, breathe).readSelected({ ...selection, folders: [] });
    marks.push([checked, reads()]);
    const files = linked + SELECT_SLICE;
    // Filtering: ceil(files / SELECT_SLICE) slices; reading: ceil(linked / READ_SLICE) slices.
    expect(marks).toHaveLength(Math.ceil(files / SELECT_SLICE) + Math.ceil(linked / READ_SLICE) - 1);
    for (let i = 1; i < marks.length; i++) {
      expect(marks[i]![0] - marks[i - 1]![0]).toBeLessThanOrEqual(SELECT_SLICE);
      expect(marks[i]![1] - marks[i - 1]![1]).toBeLessThanOrEqual(READ_SLICE);
    }
    expect(sliced.notes).toHaveLength(linked);
    expect(sliced.notes.map((n) => n.path)).toEqual([...sliced.notes.map((n) => n.path)].sort());
  });

  it("the sync's vault keeps its candidate notes from events: unrelated notes are walked once per set of rules", async () => {
    const fake = new FakeVault();
    fake.seed("Jira/OPS/OPS-1.md", "---\njira_key: OPS-1\n---\n");
    fake.seed("Notes/linked.md", "---\njira_key: OPS-2\n---\n");
    for (let i = 0; i < 50; i++) fake.seed(`Notes/plain-${i}.md`, "---\ntitle: x\n---\n");
    const frontmatter = (path: string): Record<string, unknown> => {
      const m = /^---\n([\s\S]*?)\n---/.exec(fake.files.get(path) ?? "");
      return Object.fromEntries((m?.[1] ?? "").split("\n").map((l) => l.split(": ") as [string, string]));
    };
    const visited: string[] = [];
    const metadataCache = {
      getFileCache: (f: { path: string }) => {
        visited.push(f.path);
        return { frontmatter: frontmatter(f.path), frontmatterPosition: {} };
      },
    };
    const vault = new ObsidianVault({ vault: fake, metadataCache } as unknown as App);
    vault.followEvents();
    const rules = { ...selection, paths: [] };
    const selectedNow = async (sel: NoteSelection = rules) => {
      const { notes, refs } = await vault.readSelected(sel);
      return [...notes.map((n) => n.path), ...refs.map((r) => r.path)].sort();
    };
    expect(await selectedNow()).toEqual(["Jira/OPS/OPS-1.md", "Notes/linked.md"]);
    expect(visited.filter((p) => p.startsWith("Notes/plain-"))).toHaveLength(50);
    visited.length = 0;
    // Later runs visit no unrelated note.
    expect(await selectedNow()).toEqual(["Jira/OPS/OPS-1.md", "Notes/linked.md"]);
    expect(visited).toEqual([]);
    // A plain note gains a key (its metadata is indexed again): it takes part.
    fake.files.set("Notes/plain-7.md", "---\njira_key: OPS-3\n---\n");
    vault.noteChanged({ path: "Notes/plain-7.md" } as TAbstractFile);
    // A linked note loses its key; another is deleted; the state names a plain note by path.
    fake.files.set("Notes/linked.md", "---\ntitle: y\n---\n");
    vault.noteChanged({ path: "Notes/linked.md" } as TAbstractFile);
    fake.files.delete("Jira/OPS/OPS-1.md");
    vault.noteRemoved("Jira/OPS/OPS-1.md");
    // A note renamed into the Jira folder: removed from its old path, changed at its new one.
    fake.files.set("Jira/OPS/moved.md", fake.files.get("Notes/plain-9.md")!);
    fake.files.delete("Notes/plain-9.md");
    vault.noteRemoved("Notes/plain-9.md");
    vault.noteChanged({ path: "Jira/OPS/moved.md" } as TAbstractFile);
    visited.length = 0;
    expect(await selectedNow({ ...rules, paths: ["Notes/plain-3.md"] })).toEqual(["Jira/OPS/moved.md", "Notes/plain-3.md", "Notes/plain-7.md"]);
    expect(visited.filter((p) => p.startsWith("Notes/plain-") && p !== "Notes/plain-7.md")).toEqual([]);
    // Other rules (a new mapping key) walk the vault again, once.
    visited.length = 0;
    expect(await selectedNow({ ...rules, frontmatterKeys: [...KEYS, "title"] })).toHaveLength(51);
    expect(visited).toHaveLength(50); // every note outside the selected folder
  });

  it("takes in the events that arrive while its candidate notes are first walked", async () => {
    const fake = new FakeVault();
    for (let i = 0; i < SELECT_SLICE + 1; i++) fake.seed(`Notes/plain-${i}.md`, "---\ntitle: x\n---\n");
    const metadataCache = { getFileCache: (f: { path: string }) => ({ frontmatter: (fake.files.get(f.path) ?? "").includes("jira_key") ? { jira_key: "OPS-1" } : { title: "x" }, frontmatterPosition: {} }) };
    let vault: ObsidianVault | null = null;
    const breathe = () => {
      // Between two slices of the walk: a note already walked gains a key.
      fake.files.set("Notes/plain-0.md", "---\njira_key: OPS-1\n---\n");
      vault?.noteChanged({ path: "Notes/plain-0.md" } as TAbstractFile);
      return Promise.resolve();
    };
    vault = new ObsidianVault({ vault: fake, metadataCache } as unknown as App, 32, breathe);
    vault.followEvents();
    const { notes } = await vault.readSelected({ ...selection, paths: [] });
    expect(notes.map((n) => n.path)).toEqual(["Notes/plain-0.md"]);
  });
});
