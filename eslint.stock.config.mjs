// The Obsidian community directory's lint, as a test: exactly the stock recommended configuration of
// eslint-plugin-obsidianmd (no rule changed), the parser options its docs require, and the files its scanner
// skips (docs/configuration.md of eslint-plugin-obsidianmd, "Community plugin scanner configuration") plus this
// repository's own folders of code that is not the plugin (the command line, benchmarks, build output).
// `npx eslint -c eslint.stock.config.mjs --max-warnings 0 .` must report nothing on a fresh clone, before any
// build. The everyday lint is eslint.config.mjs (stricter options, all of the repository).
import { defineConfig, globalIgnores } from "eslint/config";
import obsidianmd from "eslint-plugin-obsidianmd";

export default defineConfig([
  // What the directory's scanner ignores.
  globalIgnores([
    "node_modules", "dist", "build", "pkg", "test-vault", ".obsidian", "**/.obsidian/**",
    "esbuild.config.mjs", "version-bump.mjs",
    "**/*.test.*", "**/*.tests.*", "**/*.spec.*", "**/*.specs.*",
    "**/test/**", "**/tests/**", "**/__tests__/**", "**/mocks/**", "**/__mocks__/**", "**/testUtils**",
    "**/*.cjs", "**/*.mjs", "**/*.cts", "**/*.mts", "**/vite*",
    "**/scripts/**", "**/docs/**",
    "**/i18n/**", "**/i18next/**", "**/locale/**", "**/locales/**", "**/translations/**", "**/l10n/**",
    ".pnpm-store", "automation/**", "e2e-tests/**",
  ]),
  // Not plugin code: the headless command line with its Node adapter, benchmarks, fuzz seeds, build output.
  globalIgnores(["cli/**", "bench/**", "fuzz/**", "target/**", "main.js", "bin/**", ".demo/**", "demo-vault/**", "test-artifacts/**"]),
  ...obsidianmd.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["eslint.config.*"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
]);
