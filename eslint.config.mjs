// ESLint: the Obsidian community's rules (eslint-plugin-obsidianmd, which includes typescript-eslint's
// type-checked rules) for everything TypeScript.
import { defineConfig, globalIgnores } from "eslint/config";
import obsidianmd from "eslint-plugin-obsidianmd";
import { DEFAULT_BRANDS } from "eslint-plugin-obsidianmd/dist/lib/rules/ui/brands.js";

export default defineConfig([
  globalIgnores(["main.js", "bin/**", ".demo/**", "pkg/**", "target/**", "node_modules/**", "demo-vault/**", "bench/results/**", "scripts/**", "**/*.mjs"]),
  ...obsidianmd.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["eslint.config.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // "Jira" is a product name: keep its capital in sentence-case UI text.
    rules: { "obsidianmd/ui/sentence-case": ["warn", { enforceCamelCaseLower: true, brands: [...DEFAULT_BRANDS, "Jira"] }] },
  },
  {
    // The test stand-in for Obsidian's own DOM helpers has to build elements natively.
    files: ["plugin/test/harness/obsidian-dom.ts"],
    rules: { "obsidianmd/prefer-create-el": "off" },
  },
  {
    // Node-only code: tests, the Jira simulator, benchmarks and the headless adapter never ship in main.js.
    files: ["plugin/test/**", "tests/**", "bench/**", "cli/**", "vitest.config.ts"],
    rules: { "obsidianmd/no-nodejs-modules": "off", "import/no-nodejs-modules": "off" },
  },
  {
    // Benchmarks are command-line programs: printing is their output, and they mute peers' logging.
    files: ["bench/**"],
    rules: { "obsidianmd/rule-custom-message": "off", "no-console": "off" },
  },
  {
    // The headless adapter runs on Node, where fetch (not Obsidian's requestUrl) is the HTTP client.
    files: ["cli/node/**"],
    rules: { "no-restricted-globals": "off", "obsidianmd/prefer-window-timers": "off" },
  },
  {
    // The headless command line works on a vault folder from outside Obsidian: there is no Vault#configDir,
    // so the configuration folder is a flag defaulting to `.obsidian`; its tests (and the vault-size and A/B
    // benchmarks, which run it) drive Jira with fetch.
    files: ["cli/**", "tests/cli/**", "bench/vault-size.ts", "bench/cli-ab.ts"],
    rules: { "obsidianmd/hardcoded-config-path": "off", "no-restricted-globals": "off" },
  },
]);
