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
writeFileSync(file, ascii(code.startsWith('/*!') ? code : banner + code));

/**
 * The script in ASCII only: a portal page in GBK/GB18030/Big5 whose server sends the script
 * without a charset makes the browser decode it in the page's encoding, and a Chinese character
 * in a template string would then swallow its closing quote. Every character past ASCII becomes
 * a \uXXXX escape (UTF-16 units), which means the same character in a string, a template, a
 * regular expression and an identifier; a character escaped by a backslash (`\（` in a regular
 * expression) loses that backslash, as `\uFF08` already is an escape.
 */
function ascii(text) {
  let out = '';
  let slashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out += text[i];
      slashes = text[i] === '\\' ? slashes + 1 : 0;
      continue;
    }
    if (slashes % 2 === 1) out = out.slice(0, -1);
    out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    slashes = 0;
  }
  return out;
}
