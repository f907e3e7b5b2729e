// Vitest: unit tests in plugin/test and tests/, with main.js rebuilt once before the run (global setup)
// so the bundle tests exercise the current sources. DOM tests opt into happy-dom per file. The
// `obsidian` package ships types only, so source modules that import it at run time get the test stub.
// plugin/test/browser/*.test.ts run in Node too and drive Chromium themselves (one launch per file).
// "virtual:xz-decoder" (the XZ decoder's bytes, plugin/src/core/xz.ts) is made as the build makes it.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { xzDecoderModule } from "./scripts/build.mjs";

export default defineConfig({
  plugins: [
    {
      name: "xz-decoder",
      resolveId: (id: string) => (id === "virtual:xz-decoder" ? "\0virtual:xz-decoder" : null),
      load: (id: string) => (id === "\0virtual:xz-decoder" ? xzDecoderModule() : null),
    },
  ],
  resolve: {
    alias: [{ find: /^obsidian$/, replacement: fileURLToPath(new URL("./plugin/test/harness/obsidian-stub.ts", import.meta.url)) }],
  },
  test: {
    include: ["plugin/test/**/*.test.ts", "tests/**/*.test.ts"],
    globalSetup: ["plugin/test/global-setup.ts"],
    testTimeout: 20_000,
  },
});
