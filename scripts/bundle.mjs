// Bundles the classic drop-in script (build step of scripts/build-wasm.sh): www/dropin.mjs and
// the modules it imports, with Rolldown into one IIFE script. `nianbao-glue` is the wasm-bindgen
// no-modules glue made into a factory (makeGlue), so the drop-in can make a fresh instance after
// a trap. Minifying and the ASCII escape follow in scripts/minify.mjs.
//   node scripts/bundle.mjs NO_MODULES_GLUE.js OUT.js
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const [glue, out] = process.argv.slice(2);
const factory = join(dirname(glue), 'glue-factory.mjs');
writeFileSync(factory, `export function makeGlue() {\n${readFileSync(glue, 'utf8')}\nreturn wasm_bindgen;\n}\n`);
await build({
  input: fileURLToPath(new URL('../www/dropin.mjs', import.meta.url)),
  resolve: { alias: { 'nianbao-glue': factory } },
  logLevel: 'warn',
  output: {
    file: out,
    format: 'iife',
    banner: '/*! nianbao drop-in: <script src="nianbao.js" defer></script>. MIT OR Apache-2.0 */',
  },
});
