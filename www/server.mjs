// The recheck endpoint, with node:http only: serves www/ (the demo), rechecks posted reports
// with the same wasm module as the browser, stores accepted ones.
//
//   node www/server.mjs [--port 8080] [--host 127.0.0.1] [--data ./data]
//   (or PORT, HOST, NIANBAO_DATA in the environment)
//
// POST, as application/x-www-form-urlencoded or application/json (a report), to
//   /gkpt/nb/save.do    the action of the form-A demo (www/demo/index.html)
//   /recheck/layout-b   the action of the second demo layout (www/demo/layout-b.html)
//   /recheck            fields named by cell id, or a JSON report
// Field names are mapped to cells by the same label matcher the browser wrapper uses, run on the
// page that posts (mapHtml), so server and browser agree on which field is which cell.
//   422  the diagnostics: JSON when the client accepts application/json, an HTML page otherwise
//   303  stored (atomically: temp file, fsync, rename, fsync of the directory), to /accepted/ID
//   400  not UTF-8, not decodable, or not a report       413  body over the limit
//   415  other content types                              503  the report could not be stored
import http from 'node:http';
import { readFile, open, rename, unlink, mkdir } from 'node:fs/promises';
import { readdirSync, unlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { extname, join, normalize, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkJsonText, recheckForm, mapHtml } from './node.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = normalize(here + sep);
const seedPath = join(here, '..', 'tests', 'fixtures', 'yingchun-2023.json');

export const DEFAULT_LIMIT = 64 * 1024;
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
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'";
// For the test of a page whose policy forbids WebAssembly (`?csp=no-wasm`): the form must still submit.
const CSP_NO_WASM = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'";

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;max-width:50em}
.error{border-left:4px solid #b00020;padding-left:1em}li{margin:.4em 0}</style></head>
<body>${body}</body></html>\n`;
}

/** Reads the body up to `limit` bytes; a larger one is a 413 (the rest is drained, not kept). */
function readBody(req, limit) {
  return new Promise((resolvePromise, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      req.resume();
      reject(new HttpError(413, `request body over ${limit} bytes`));
      return;
    }
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on('end', () => (over ? reject(new HttpError(413, `request body over ${limit} bytes`)) : resolvePromise(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function decodeUtf8(bytes) {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'the request body is not UTF-8');
  }
}

/** application/x-www-form-urlencoded → [name, value] pairs; bad escapes or non-UTF-8 are a 400. */
export function parseUrlEncoded(text) {
  const pairs = [];
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    try {
      pairs.push([decodeURIComponent(k.replaceAll('+', ' ')), decodeURIComponent(v.replaceAll('+', ' '))]);
    } catch {
      throw new HttpError(400, 'the form data is not valid UTF-8 percent-encoding');
    }
  }
  return pairs;
}

/** Writes `data` to dir/name atomically: temp file, fsync, rename, fsync of the directory. */
export async function writeAtomic(dir, name, data) {
  const tmp = join(dir, `.${name}.${randomUUID()}.tmp`);
  const fh = await open(tmp, 'wx', 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, join(dir, name));
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

export function createServer({ dataDir = './data', limit = DEFAULT_LIMIT } = {}) {
  const data = resolve(dataDir);
  // A write cut short by a crash leaves only its temp file: never a partial report. Clear them.
  try {
    for (const name of readdirSync(data)) if (name.startsWith('.') && name.endsWith('.tmp')) unlinkSync(join(data, name));
  } catch {
    /* no data directory yet */
  }
  // Each form page is mapped once, when the server starts (a page that is not there yet, as
  // before the first build, is read again on the next post).
  const mappings = new Map();
  const mapPage = (page) => {
    const p = readFile(join(here, page), 'utf8').then((html) => mapHtml(html).mapping);
    p.catch(() => mappings.delete(page));
    mappings.set(page, p);
    return p;
  };
  for (const page of Object.values(FORMS)) if (page) mapPage(page);

  async function mappingFor(path) {
    const page = FORMS[path];
    if (!page) return {};
    return mappings.get(page) || mapPage(page);
  }

  async function recheck(req, res, url) {
    const type = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded' && type !== 'application/json') {
      throw new HttpError(415, 'send application/x-www-form-urlencoded or application/json');
    }
    const text = decodeUtf8(await readBody(req, limit));
    const locale = url.searchParams.get('locale') === 'en' ? 'en' : 'zh-CN';
    const options = { mode: 'verify', phase: 'submit', locale };
    let result;
    let stored;
    if (type === 'application/json') {
      try {
        result = JSON.parse(checkJsonText(text, options));
      } catch (e) {
        throw new HttpError(400, e.message);
      }
      stored = { report: JSON.parse(text) };
    } else {
      const fields = parseUrlEncoded(text);
      const map = { ...(await mappingFor(url.pathname)) };
      const byName = new Map(fields);
      // Fields named by cell id need no mapping.
      for (const [name] of fields) if (/^t[234]\.[a-z_]+\.[a-z_]+$/.test(name) && !(name in map)) map[name] = name;
      result = recheckForm(byName, map, options);
      const cells = {};
      for (const [name, cell] of Object.entries(map)) if (byName.has(name)) cells[cell] = byName.get(name);
      stored = { fields: Object.fromEntries(fields), report: { form: 'ogi-2021', cells } };
    }
    const wantsJson = (req.headers.accept || '').includes('application/json');
    if (!result.ok) {
      if (wantsJson) {
        res.writeHead(422, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(result));
      } else {
        const items = result.diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => `<li>${escapeHtml(d.message)}</li>`)
          .join('\n');
        const title = locale === 'en' ? 'The report was not accepted' : '报告未通过核对，未保存';
        const back = locale === 'en' ? 'Go back to the form, correct these cells and submit again.' : '请返回表单，改正以下各项后重新提交。';
        res
          .writeHead(422, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP })
          .end(page(title, `<div class="error" role="alert"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(back)}</p><ul>\n${items}\n</ul></div>`));
      }
      return;
    }
    const id = `${new Date().toISOString().replace(/[-:.]/g, '')}-${randomUUID()}`;
    const record = { id, receivedAt: new Date().toISOString(), ...stored, result };
    try {
      await mkdir(data, { recursive: true });
      await writeAtomic(data, `${id}.json`, JSON.stringify(record, null, 1) + '\n');
    } catch (e) {
      const msg = `the report passed but could not be stored (${e.code || e.message}); nothing was saved, please submit again later`;
      res.writeHead(503, { 'content-type': wantsJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8', 'retry-after': '60' });
      res.end(wantsJson ? JSON.stringify({ error: msg }) : msg + '\n');
      return;
    }
    res.writeHead(303, { location: `/accepted/${id}`, 'content-type': 'text/plain; charset=utf-8' }).end(`stored as ${id}\n`);
  }

  async function accepted(res, id) {
    if (!/^[0-9TZ]+-[0-9a-f-]{36}$/.test(id)) throw new HttpError(404, 'not found');
    const record = JSON.parse(await readFile(join(data, `${id}.json`), 'utf8'));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP }).end(
      page(
        '报告已保存',
        `<h1>报告已通过核对并保存 · Report accepted</h1><p>填报单位：${escapeHtml(record.fields?.orgName ?? record.report?.agency ?? '')}</p><p>编号 ID：<code>${escapeHtml(record.id)}</code></p><p>收到时间：${escapeHtml(record.receivedAt)}</p><p><a href="/">返回</a></p>`,
      ),
    );
  }

  async function serveFile(req, res, url) {
    const pathname = url.pathname;
    let file;
    if (pathname === '/seed.json') file = seedPath;
    else {
      const path = decodeURIComponent(pathname.endsWith('/') ? pathname + 'index.html' : pathname);
      file = normalize(join(root, path));
      if (!file.startsWith(root)) throw new HttpError(403, 'forbidden');
    }
    const body = await readFile(file);
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' };
    if (extname(file) === '.html') headers['content-security-policy'] = url.searchParams.get('csp') === 'no-wasm' ? CSP_NO_WASM : CSP;
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
  }

  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      if (req.method === 'POST' && url.pathname in FORMS) await recheck(req, res, url);
      else if (req.method === 'GET' && url.pathname.startsWith('/accepted/')) await accepted(res, url.pathname.slice(10));
      else if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname === '/') res.writeHead(302, { location: `/demo/${url.search}` }).end();
      else if (req.method === 'GET' || req.method === 'HEAD') await serveFile(req, res, url);
      else throw new HttpError(405, 'method not allowed');
    } catch (e) {
      const status = e instanceof HttpError ? e.status : e && (e.code === 'ENOENT' || e.code === 'EISDIR') ? 404 : 500;
      const message = e instanceof HttpError ? e.message : status === 404 ? 'not found' : 'server error';
      if (status === 500) console.error(e);
      if (!res.headersSent) {
        const headers = { 'content-type': 'text/plain; charset=utf-8' };
        if (status === 413) headers.connection = 'close';
        res.writeHead(status, headers).end(message + '\n');
      } else res.destroy();
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
