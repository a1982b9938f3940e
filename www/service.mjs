// The recheck service (`npx nianbao serve`): a portal posts the report form a person submitted,
// before saving it; the service checks it with the same wasm module and mapping as the browser
// and answers 303 (stored) or 422 (the errors). node:http, busboy for multipart, linkedom to
// read the form page; nothing else.
//
//   POST /recheck (or /)  application/x-www-form-urlencoded (UTF-8, GBK, GB18030…: the charset of
//                         the Content-Type, else the form page's accept-charset or <meta charset>,
//                         else UTF-8), multipart/form-data (fields only; files are ignored), or
//                         application/json (a report, docs/contract.md)
//     303  stored (atomically: temp file, fsync, rename, fsync of the directory), to /accepted/ID
//     422  the diagnostics (JSON for JSON clients, an HTML page otherwise)
//     400  not decodable or not a report; 413 body over the limit; 415 other content types;
//     503  the report could not be stored
//   GET /accepted/ID      the stored record
// Clients that send or accept JSON get every answer, errors included, as JSON.
import http from 'node:http';
import querystring from 'node:querystring';
import { readFile, open, rename, unlink, mkdir } from 'node:fs/promises';
import { readdirSync, unlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import busboy from 'busboy';
import { parseHTML } from 'linkedom';
import { checkJsonText, recheckForm, mapHtml, contract } from './node.mjs';

export const DEFAULT_LIMIT = 64 * 1024;
const MAX_FIELDS = 2000;
const CSP = "default-src 'self'; style-src 'unsafe-inline'";

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function htmlPage(title, body) {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;max-width:50em}
.error{border-left:4px solid #b00020;padding-left:1em}li{margin:.4em 0}</style></head>
<body>${body}</body></html>\n`;
}

/** Whether the client sends or accepts JSON: then every answer is JSON. */
export const wantsJson = (req) =>
  (req.headers.accept || '').includes('application/json') || (req.headers['content-type'] || '').toLowerCase().startsWith('application/json');

/** Answers an error: JSON `{"status", "error"}` for JSON clients, plain text otherwise. */
export function sendError(req, res, e) {
  const status = e instanceof HttpError ? e.status : e && (e.code === 'ENOENT' || e.code === 'EISDIR') ? 404 : 500;
  const message = e instanceof HttpError ? e.message : status === 404 ? 'not found' : 'server error';
  if (status === 500) console.error(e);
  if (res.headersSent) return res.destroy();
  const headers = { 'content-type': wantsJson(req) ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8' };
  if (status === 413) headers.connection = 'close';
  if (status === 503) headers['retry-after'] = '60';
  res.writeHead(status, headers).end(wantsJson(req) ? JSON.stringify({ status, error: message }) + '\n' : message + '\n');
}

/** Reads the body up to `limit` bytes; a larger one is a 413 (the rest is drained, not kept). */
function readBody(req, limit) {
  return new Promise((resolvePromise, reject) => {
    const tooLarge = () => new HttpError(413, `request body over ${limit} bytes`);
    if (Number(req.headers['content-length']) > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(tooLarge()) : resolvePromise(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** A decoder for `charset` that refuses bytes not in it; a charset it does not know is a 400. */
function decoderFor(charset) {
  try {
    return new TextDecoder(charset, { fatal: true });
  } catch {
    throw new HttpError(400, `unknown charset "${charset}"`);
  }
}

/** application/x-www-form-urlencoded bytes in `charset` → [name, value] pairs. */
export function parseUrlEncoded(bytes, charset) {
  const decoder = decoderFor(charset);
  // The bytes as Latin-1 keep each byte as one character: percent escapes and raw bytes alike
  // go back to the same bytes, which are then decoded in the form's charset.
  const decode = (s) => decoder.decode(querystring.unescapeBuffer(s.replaceAll('+', ' ')));
  const pairs = [];
  for (const part of bytes.toString('latin1').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    try {
      pairs.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
    } catch {
      throw new HttpError(400, `the form data is not ${decoder.encoding.toUpperCase()} (declare the charset in the Content-Type, or with accept-charset or <meta charset> on the form page)`);
    }
    if (pairs.length > MAX_FIELDS) throw new HttpError(413, `more than ${MAX_FIELDS} fields`);
  }
  return pairs;
}

/** multipart/form-data → [name, value] pairs of its fields (files are read past, not kept). */
function parseMultipart(req, bytes, charset) {
  decoderFor(charset);
  return new Promise((resolvePromise, reject) => {
    const pairs = [];
    let bb;
    try {
      bb = busboy({ headers: req.headers, defCharset: charset, limits: { fields: MAX_FIELDS, fieldSize: 8192, parts: MAX_FIELDS + 100 } });
    } catch (e) {
      reject(new HttpError(400, e.message));
      return;
    }
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) reject(new HttpError(413, `field "${name}" is over 8192 bytes`));
      pairs.push([name, value]);
    });
    bb.on('file', (_name, stream) => stream.resume());
    bb.on('fieldsLimit', () => reject(new HttpError(413, `more than ${MAX_FIELDS} fields`)));
    bb.on('partsLimit', () => reject(new HttpError(413, 'too many parts')));
    bb.on('error', (e) => reject(new HttpError(400, `not valid multipart/form-data: ${e.message}`)));
    bb.on('close', () => resolvePromise(pairs));
    bb.end(bytes);
  });
}

/** The charset a form page posts in: its form's accept-charset, else its <meta charset>. */
export function pageCharset(html) {
  const { document } = parseHTML(html);
  const form = [...document.querySelectorAll('form[accept-charset]')].map((f) => f.getAttribute('accept-charset').trim().split(/[\s,]+/)[0])[0];
  if (form) return form.toLowerCase();
  const meta = document.querySelector('meta[charset]');
  if (meta) return meta.getAttribute('charset').trim().toLowerCase();
  const equiv = [...document.querySelectorAll('meta[http-equiv]')].find((m) => /^content-type$/i.test(m.getAttribute('http-equiv')));
  const m = equiv && /charset\s*=\s*([\w-]+)/i.exec(equiv.getAttribute('content') || '');
  return m ? m[1].toLowerCase() : null;
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

const CELL_ID = /^t[234]\.[a-z_0-9]+\.[a-z_0-9]+$/;

/**
 * The recheck of one form: `mapping` (field name → cell id, or what `nianbao mapping` prints),
 * or `page` (the form page's HTML: the mapping the browser computes, and the charset it posts
 * in); fields named by cell id need neither. `charset` overrides the page's.
 * Returns { handle(req, res, url), accepted(req, res, id), fields }.
 */
export function createRecheck({ mapping, page, dataDir = './data', limit = DEFAULT_LIMIT, charset } = {}) {
  const data = resolve(dataDir);
  // A write cut short by a crash leaves only its temp file: never a partial report. Clear them.
  try {
    for (const name of readdirSync(data)) if (name.startsWith('.') && name.endsWith('.tmp')) unlinkSync(join(data, name));
  } catch {
    /* no data directory yet */
  }
  const map = { ...(page ? mapHtml(page).mapping : mapping && typeof mapping.mapping === 'object' ? mapping.mapping : mapping || {}) };
  const formCharset = charset || (page && pageCharset(page)) || 'utf-8';

  async function fieldsOf(req, type) {
    const bytes = await readBody(req, limit);
    const declared = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(req.headers['content-type'] || '');
    const cs = declared ? declared[1].toLowerCase() : formCharset;
    return type === 'multipart/form-data' ? parseMultipart(req, bytes, cs) : parseUrlEncoded(bytes, cs);
  }

  async function handle(req, res, url) {
    const type = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
    const locale = url.searchParams.get('locale') === 'en' ? 'en' : 'zh-CN';
    const options = { mode: 'verify', phase: 'submit', locale };
    let result;
    let stored;
    if (type === 'application/json') {
      let text;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(await readBody(req, limit));
        result = JSON.parse(checkJsonText(text, options));
      } catch (e) {
        throw e instanceof HttpError ? e : new HttpError(400, e instanceof TypeError ? 'the request body is not UTF-8' : e.message);
      }
      stored = { report: JSON.parse(text) };
    } else if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
      const fields = await fieldsOf(req, type);
      const byName = new Map(fields);
      const m = { ...map };
      for (const [name] of fields) if (CELL_ID.test(name) && !(name in m)) m[name] = name;
      result = recheckForm(byName, m, options);
      const cells = {};
      for (const [name, cell] of Object.entries(m)) if (byName.has(name)) cells[cell] = byName.get(name);
      stored = { fields: Object.fromEntries(fields), report: { form: contract().form, cells } };
    } else {
      throw new HttpError(415, 'send application/x-www-form-urlencoded, multipart/form-data or application/json');
    }
    const json = wantsJson(req);
    if (!result.ok) {
      if (json) {
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
          .end(htmlPage(title, `<div class="error" role="alert"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(back)}</p><ul>\n${items}\n</ul></div>`));
      }
      return;
    }
    const id = `${new Date().toISOString().replace(/[-:.]/g, '')}-${randomUUID()}`;
    const record = { id, receivedAt: new Date().toISOString(), ...stored, result };
    try {
      await mkdir(data, { recursive: true });
      await writeAtomic(data, `${id}.json`, JSON.stringify(record, null, 1) + '\n');
    } catch (e) {
      throw new HttpError(503, `the report passed but could not be stored (${e.code || e.message}); nothing was saved, please submit again later`);
    }
    const location = `/accepted/${id}`;
    if (json) res.writeHead(303, { location, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ id, location, result }) + '\n');
    else res.writeHead(303, { location, 'content-type': 'text/plain; charset=utf-8' }).end(`stored as ${id}\n`);
  }

  async function accepted(req, res, id) {
    if (!/^[0-9TZ]+-[0-9a-f-]{36}$/.test(id)) throw new HttpError(404, 'not found');
    const text = await readFile(join(data, `${id}.json`), 'utf8');
    if (wantsJson(req)) return res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(text);
    const record = JSON.parse(text);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP }).end(
      htmlPage(
        '报告已保存',
        `<h1>报告已通过核对并保存 · Report accepted</h1><p>填报单位：${escapeHtml(record.fields?.orgName ?? record.report?.agency ?? '')}</p><p>编号 ID：<code>${escapeHtml(record.id)}</code></p><p>收到时间：${escapeHtml(record.receivedAt)}</p>`,
      ),
    );
  }

  return { handle, accepted, fields: Object.keys(map).length, charset: formCharset };
}

/** The service: POST /recheck (or /) and GET /accepted/ID, nothing else (no files served). */
export function createService(options) {
  const recheck = createRecheck(options);
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      if (req.method === 'POST' && (url.pathname === '/recheck' || url.pathname === '/')) await recheck.handle(req, res, url);
      else if (req.method === 'GET' && url.pathname.startsWith('/accepted/')) await recheck.accepted(req, res, url.pathname.slice(10));
      else if (req.method === 'GET' || req.method === 'POST' || req.method === 'HEAD') throw new HttpError(404, 'not found: POST forms to /recheck');
      else throw new HttpError(405, 'method not allowed');
    } catch (e) {
      sendError(req, res, e);
    }
  });
  server.fields = recheck.fields;
  server.charset = recheck.charset;
  return server;
}
