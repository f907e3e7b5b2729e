// An imported .wasm file: its bytes in the command line (esbuild's binary loader), the embedded text in main.js
// (scripts/build.mjs's plugin; see wasm-bytes.ts). Each importer says which it gets.
declare module "*.wasm" {
  const embedded: Uint8Array | string;
  export default embedded;
}
