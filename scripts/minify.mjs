// Minifies the drop-in script in place (build step of scripts/build-wasm.sh) with Rolldown's
// minifier (oxc, the one Vite uses): whitespace, comments and local names; the syntax stays
// ES2020 for Chromium 86 / Firefox 78 (checked after the build by es-check and eslint).
import { readFileSync, writeFileSync } from 'node:fs';
import { minify } from 'rolldown/utils';

const file = process.argv[2];
const source = readFileSync(file, 'utf8');
const { code, errors } = await minify(file, source, { compress: { target: 'es2020' }, mangle: true });
if (errors && errors.length) {
  console.error(`minify ${file}: ${errors.map((e) => e.message).join('; ')}`);
  process.exit(1);
}
// The licence line stays first.
const banner = source.startsWith('/*!') ? source.slice(0, source.indexOf('*/') + 2) + '\n' : '';
writeFileSync(file, code.startsWith('/*!') ? code : banner + code);
