// Start-up benchmark, timed side (one fresh Node process per sample, run by startup.ts): loads the bundled
// main.js the way the bundle tests do (CommonJS, `obsidian` answered by the test stub, in a happy-dom window),
// then constructs the plugin and awaits `onload` as at app start-up (the layout not ready yet): it registers
// everything and does not start the core. Then the layout becomes ready and the core starts (inflate, compile,
// instantiate). Prints `{"evaluateMs", "onloadMs", "coreStartMs"}`.
import { performance } from "node:perf_hooks";
import process from "node:process";
import { runInThisContext } from "node:vm";
import { Window as HappyWindow } from "happy-dom";
import { loadBundle } from "../plugin/test/harness/load-bundle";
import { installObsidianDom } from "../plugin/test/harness/obsidian-dom";
import { fakeApp } from "../plugin/test/harness/obsidian-stub";

async function main(): Promise<void> {
  const win = new HappyWindow({ url: "app://obsidian.md/" });
  // The global object (this is Node, not Obsidian): the DOM globals the bundle and the stub expect go there.
  const g = runInThisContext("this") as Record<string, unknown>;
  for (const name of ["document", "Node", "HTMLElement", "Element", "DocumentFragment", "Text", "KeyboardEvent", "MouseEvent", "Event", "navigator"]) {
    g[name] = (win as unknown as Record<string, unknown>)[name];
  }
  g.window = win;
  installObsidianDom(win as unknown as Window);
  // The helpers land on the window, which is the global object in the bundle tests' DOM environment.
  for (const name of ["createEl", "createDiv", "createSpan", "activeWindow", "activeDocument"]) {
    g[name] = (win as unknown as Record<string, unknown>)[name];
  }
  const t0 = performance.now();
  const bundle = loadBundle();
  const t1 = performance.now();
  const app = fakeApp({ settings: { siteUrl: "https://example.atlassian.net" } });
  app.workspace.layoutReady = false;
  const plugin = new bundle.PluginClass(app, { id: "jira-vault-sync", version: "0.1.0" });
  await plugin.onload();
  const t2 = performance.now();
  app.workspace.fireLayoutReady();
  await (plugin as unknown as { starting: { ready: Promise<unknown> } }).starting.ready;
  const t3 = performance.now();
  process.stdout.write(JSON.stringify({ evaluateMs: t1 - t0, onloadMs: t2 - t1, coreStartMs: t3 - t2 }) + "\n");
  await win.happyDOM.close();
}

void main();
