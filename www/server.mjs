// Serves www/ (and the seed report at /seed.json) on 127.0.0.1:8080, with node:http only.
// Flags: --port N --host H (or PORT / HOST in the environment).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = normalize(here + sep);
const seed = join(here, '..', 'tests', 'fixtures', 'yingchun-2023.json');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
};

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function createServer() {
  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      let file;
      if (url.pathname === '/seed.json') file = seed;
      else {
        const path = decodeURIComponent(url.pathname.endsWith('/') ? url.pathname + 'index.html' : url.pathname);
        file = normalize(join(root, path));
        if (!file.startsWith(root)) {
          res.writeHead(403).end();
          return;
        }
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      const code = e && (e.code === 'ENOENT' || e.code === 'EISDIR') ? 404 : 500;
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(code === 404 ? 'not found\n' : 'server error\n');
    }
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(arg('port', process.env.PORT ?? 8080));
  const host = arg('host', process.env.HOST ?? '127.0.0.1');
  createServer().listen(port, host, () => {
    console.log(`nianbao demo: http://${host}:${port}/`);
  });
}
