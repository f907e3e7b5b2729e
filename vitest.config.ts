// Vitest: unit tests in plugin/test and tests/, with main.js rebuilt once before the run (global setup)
// so the bundle tests exercise the current sources. DOM tests opt into happy-dom per file.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["plugin/test/**/*.test.ts", "tests/**/*.test.ts"],
    globalSetup: ["plugin/test/global-setup.ts"],
    testTimeout: 20_000,
  },
});
