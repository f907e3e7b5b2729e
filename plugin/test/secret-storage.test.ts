// The SecretStore adapter over Obsidian's SecretStorage (here the stub's in-memory one): empty values
// read as "no secret", since SecretStorage cannot remove an entry.
import { describe, expect, it } from "vitest";
import type { SecretStorage } from "obsidian";
import { ObsidianSecretStore } from "../src/obsidian/secret-storage";
import { FakeSecretStorage } from "./harness/obsidian-stub";

describe("ObsidianSecretStore", () => {
  it("sets, gets and deletes through SecretStorage", () => {
    const storage = new FakeSecretStorage();
    const store = new ObsidianSecretStore(storage as unknown as SecretStorage);
    expect(store.get("jira-vault-sync-x")).toBeNull();
    store.set("jira-vault-sync-x", "tok");
    expect(storage.getSecret("jira-vault-sync-x")).toBe("tok");
    expect(store.get("jira-vault-sync-x")).toBe("tok");
    store.delete("jira-vault-sync-x");
    expect(store.get("jira-vault-sync-x")).toBeNull();
    store.delete("jira-vault-sync-never-set");
    expect(storage.listSecrets()).toEqual(["jira-vault-sync-x"]);
    expect(() => store.set("Not Valid", "x")).toThrow();
  });
});
