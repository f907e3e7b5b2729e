import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["plugin/test/**/*.test.ts", "tests/**/*.test.ts"],
    globalSetup: ["plugin/test/global-setup.ts"],
    testTimeout: 20_000,
  },
});
