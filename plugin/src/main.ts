// Entry point: the Obsidian plugin class. Wires the core and the Obsidian adapters together.
import { Plugin } from "obsidian";
import { loadCore } from "./core/core";

export default class JiraVaultSyncPlugin extends Plugin {
  override async onload(): Promise<void> {
    await loadCore();
  }
}
