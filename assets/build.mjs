// Bundle each assets/src/*.js entry (with the CSS it imports) into app/static/vendor/.
// Run by `make assets` after `npm ci`; nothing is fetched at run time.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const src = join(root, "assets", "src");
const entries = readdirSync(src)
  .filter((name) => name.endsWith(".js"))
  .map((name) => join(src, name));

await build({
  entryPoints: entries,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: join(root, "app", "static", "vendor"),
  loader: { ".woff": "file", ".woff2": "file", ".eot": "file", ".ttf": "file", ".svg": "file" },
  jsx: "automatic",
  jsxImportSource: "@bpmn-io/properties-panel/preact",
  logLevel: "warning",
});
console.log(`bundled ${entries.length} entries into app/static/vendor/`);
