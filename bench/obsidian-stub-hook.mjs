// A module resolve hook for benchmarks that run shell code importing `obsidian` (which ships types only): the
// specifier resolves to the test stub, as vitest.config.ts aliases it for the tests. Registered with
// `module.register` before such code is imported.
const STUB = new URL("../plugin/test/harness/obsidian-stub.ts", import.meta.url).href;

export async function resolve(specifier, context, next) {
  // Handed on as a path, so the TypeScript loader (tsx) resolves and loads the stub like any other source.
  if (specifier === "obsidian") return next(STUB, context);
  return next(specifier, context);
}
