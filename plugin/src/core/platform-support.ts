// What the core needs from the app's JavaScript engine that an old mobile WebView may lack, checked before the
// core starts so that a phone without it gets a notice naming what is missing instead of an obscure error.
// WebAssembly is the one such need: the core is Rust compiled to it (and its XZ decoder, xz-embedded, is wasm
// too, carried as DEFLATE that fflate's `inflateSync` unpacks in JavaScript), so `DecompressionStream` is not needed; a change
// that starts using it (or another optional API) adds it to `REQUIRED` (plugin/test/bundle-mobile.test.ts
// removes these globals and checks the notice).

/** A platform feature the core needs, and how to tell that it is there. */
interface Feature {
  readonly name: string;
  readonly present: () => boolean;
}

const REQUIRED: readonly Feature[] = [
  {
    name: "WebAssembly",
    present: () => typeof WebAssembly === "object" && typeof WebAssembly.compile === "function" && typeof WebAssembly.instantiate === "function",
  },
];

/** The core cannot start here: the app's JavaScript engine lacks `missing`. */
export class PlatformUnsupported extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`Jira sync cannot start on this device: the app's JavaScript engine lacks ${missing.join(" and ")}. Updating Obsidian and the system may help.`);
    this.name = "PlatformUnsupported";
  }
}

/** The required features this platform lacks (none on every supported desktop and current mobile app). */
export function missingFeatures(): string[] {
  return REQUIRED.filter((feature) => !feature.present()).map((feature) => feature.name);
}

/** Resolves when the core can start here; rejects with `PlatformUnsupported` otherwise. */
export function requirePlatform(): Promise<void> {
  const missing = missingFeatures();
  return missing.length === 0 ? Promise.resolve() : Promise.reject(new PlatformUnsupported(missing));
}

/** The notice for a core that did not start: what is missing, or where to look for the error. */
export function startFailureMessage(error: unknown): string {
  return error instanceof PlatformUnsupported ? error.message : "Jira sync could not start its core; see the developer console.";
}
