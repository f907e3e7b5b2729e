// SecretStore over Obsidian's SecretStorage (since 1.11.4; kept outside data.json, in the app's
// secret storage). SecretStorage has no removal call, so deleting stores an empty value, which reads
// back as "no secret".
import { type SecretStorage } from "obsidian";
import { type SecretStore } from "../settings/secret-store";

export class ObsidianSecretStore implements SecretStore {
  constructor(private readonly storage: SecretStorage) {}

  get(id: string): string | null {
    const value = this.storage.getSecret(id);
    return value === null || value === "" ? null : value;
  }

  set(id: string, secret: string): void {
    this.storage.setSecret(id, secret);
  }

  delete(id: string): void {
    if (this.storage.getSecret(id) !== null) this.storage.setSecret(id, "");
  }
}
