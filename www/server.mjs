// The demo server (npm start): serves www/ (the demo pages, the drop-in script) and rechecks the
// demo forms' posts with the recheck of the shipped service (www/service.mjs).
//
//   node www/server.mjs [--port 8080] [--host 127.0.0.1] [--data ./data]
//   (or PORT, HOST, NIANBAO_DATA in the environment)
//
// POST to
//   /gkpt/nb/save.do    the action of the form-A demo (www/demo/index.html)
//   /recheck/layout-b   the action of the second demo layout (www/demo/layout-b.html)
//   /recheck            fields named by cell id, or a JSON report
// Each form's fields are mapped by the label matcher the browser wrapper uses, run on its page.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRecheck, sendError, HttpError, DEFAULT_LIMIT } from './service.mjs';

export { DEFAULT_LIMIT };
const here = dirname(fileURLToPath(import.meta.url));
const root = normalize(here + sep);
const seedPath = join(here, '..', 'tests', 'fixtures', 'yingchun-2023.json');

/** POST path → the page whose form posts there (its field mapping comes from its labels). */
export const FORMS = { '/gkpt/nb/save.do': 'demo/index.html', '/recheck/layout-b': 'demo/layout-b.html', '/recheck': null };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.cjs', '.css', '.json', '.wasm']);
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'";
// For the test of a page whose policy forbids WebAssembly (`?csp=no-wasm`): the form must still submit.
const CSP_NO_WASM = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'";

export function createServer({ dataDir = './data', limit = DEFAULT_LIMIT } = {}) {
  const rechecks = new Map(Object.entries(FORMS).map(([path, page]) => [path, createRecheck({ page: page ? readFileSync(join(here, page), 'utf8') : undefined, dataDir, limit })]));

  async function serveFile(req, res, url) {
    const pathname = url.pathname;
    let file;
    if (pathname === '/seed.json') file = seedPath;
    else {
      const path = decodeURIComponent(pathname.endsWith('/') ? pathname + 'index.html' : pathname);
      file = normalize(join(root, path));
      if (!file.startsWith(root)) throw new HttpError(403, 'forbidden');
    }
    let body = await readFile(file);
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff', vary: 'accept-encoding' };
    if (extname(file) === '.html') headers['content-security-policy'] = url.searchParams.get('csp') === 'no-wasm' ? CSP_NO_WASM : CSP;
    // Compressed as a portal's web server sends it (nginx `gzip on`).
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && COMPRESSED.has(extname(file))) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
  }

  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      if (req.method === 'POST' && rechecks.has(url.pathname)) await rechecks.get(url.pathname).handle(req, res, url);
      else if (req.method === 'GET' && url.pathname.startsWith('/accepted/')) await rechecks.get('/recheck').accepted(req, res, url.pathname.slice(10));
      else if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname === '/') res.writeHead(302, { location: `/demo/${url.search}` }).end();
      else if (req.method === 'GET' || req.method === 'HEAD') await serveFile(req, res, url);
      else throw new HttpError(405, 'method not allowed');
    } catch (e) {
      sendError(req, res, e);
    }
  });
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(arg('port', process.env.PORT ?? 8080));
  const host = arg('host', process.env.HOST ?? '127.0.0.1');
  const dataDir = arg('data', process.env.NIANBAO_DATA ?? './data');
  const server = createServer({ dataDir });
  server.listen(port, host, () => {
    console.log(`nianbao: http://${host}:${server.address().port}/ (accepted reports in ${resolve(dataDir)})`);
  });
}
