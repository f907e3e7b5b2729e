// The XZ decoder's wasm (xz-decompress's xz-embedded) as main.js carries it: the extra-group digit, then the 7-bit
// text of its raw DEFLATE stream (./xz.ts decodes it). A module of the build's making: scripts/build.mjs
// `xzDecoderModule` writes it from the installed package, for esbuild (the build) and vite (vitest.config.ts).
declare module "virtual:xz-decoder" {
  const text: string;
  export default text;
}
