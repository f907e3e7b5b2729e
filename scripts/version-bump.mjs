// `npm version <x.y.z>` runs this (the package's `version` script) after it has written the new version to
// package.json: the plugin's manifest.json takes the same version, and versions.json maps it to the manifest's
// minAppVersion, as Obsidian's community directory reads them. The files are staged so that npm's version
// commit holds all three. Usage outside npm: `node scripts/version-bump.mjs [DIR]` (DIR defaults to the
// repository), with the version from `npm_package_version` or DIR/package.json.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? join(import.meta.dirname, "..");
const read = (name) => JSON.parse(readFileSync(join(dir, name), "utf8"));
const version = process.env.npm_package_version ?? read("package.json").version;
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error(`version-bump: "${version}" is not a version like 1.2.3`);
  process.exit(2);
}

const manifest = read("manifest.json");
manifest.version = version;
writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);

const versions = read("versions.json");
versions[version] = manifest.minAppVersion;
writeFileSync(join(dir, "versions.json"), `${JSON.stringify(versions, null, 2)}\n`);
console.log(`manifest.json and versions.json: ${version} (Obsidian ${manifest.minAppVersion} or later)`);
