// `npm test` lints what the browser runs for the APIs the browsers clerks have: Chromium 86+
// kernels (360, QQ, 奇安信, Chrome 109 on Windows 7) and Firefox ESR 78+ (eslint-plugin-compat,
// from caniuse/MDN data). Syntax is checked by es-check (ES2020); the wasm's features by
// scripts/build-wasm.sh.
import compat from 'eslint-plugin-compat';

export default [
  {
    files: ['www/pkg/nianbao.js', 'www/dropin.mjs', 'www/nianbao.mjs', 'www/api.mjs', 'www/extract.mjs', 'www/send.mjs', 'www/paste.mjs', 'www/guard.mjs', 'www/summary.mjs', 'www/wrapper.mjs'],
    languageOptions: { ecmaVersion: 2020 },
    plugins: { compat },
    // wasm-bindgen's glue frees exported objects through FinalizationRegistry only where it
    // exists (`typeof FinalizationRegistry === 'undefined'` falls back to manual free).
    settings: { browsers: ['chrome >= 86', 'firefox >= 78'], polyfills: ['FinalizationRegistry'] },
    rules: { 'compat/compat': 'error' },
  },
];
