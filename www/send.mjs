// What a page sends, seen at the network: every way a page's script sends a report — fetch,
// XMLHttpRequest (so $.ajax, axios, Layui), navigator.sendBeacon, form.submit() — goes through
// `judge` first, whatever was clicked. It reads what a request carries (form data, URL-encoded
// text, multipart FormData, JSON, the URL's query) into keys and values; whether those are the
// report, and whether the report may go, is the wrapper's to say. A request `judge` refuses fails
// as a network error would: fetch rejects with a TypeError, an XMLHttpRequest ends with status 0
// and an `error` event, sendBeacon returns false, form.submit() does nothing.
// The drop-in script bundles it (scripts/bundle.mjs): only what Chromium 86 and Firefox 78 have.

const KIND = (v) => Object.prototype.toString.call(v).slice(8, -1);

/**
 * What a body (and the query of `url`) carries: `{ keys: Set, values: [string] }`, keys at every
 * depth of a JSON body, values trimmed (numbers as their shortest text). A JSON or URL-encoded
 * text inside a value (`json=%7B…%7D`, `{ data: "a=1&b=2" }`) is read too. `null` for a body that
 * cannot be read at once (Blob, stream): see readBodyLater.
 */
export function readBody(body, url) {
  const out = { keys: new Set(), values: [] };
  const add = (key, value, depth) => {
    if (key !== null) out.keys.add(String(key));
    if (typeof value === 'number' && isFinite(value)) out.values.push(String(value));
    else if (typeof value === 'string') {
      const v = value.trim();
      if (depth < 2 && /^[[{]|^[^=&\s]+=[^&]*&/.test(v)) readText(v, depth + 1);
      else out.values.push(v);
    } else if (value && typeof value === 'object') {
      for (const k of Object.keys(value)) add(Array.isArray(value) ? null : k, value[k], depth);
    }
  };
  const pairs = (it, depth) => {
    for (const pair of it) add(pair[0], typeof pair[1] === 'string' ? pair[1] : null, depth);
  };
  function readText(text, depth) {
    const t = text.trim();
    if (t[0] === '{' || t[0] === '[') {
      try {
        return add(null, JSON.parse(t), depth);
      } catch (e) {
        /* not JSON: read as form data or text below */
      }
    }
    if (/^[^=&\s]+=/.test(t)) return pairs(new URLSearchParams(t), depth);
    for (const n of t.match(/-?\d+(?:\.\d+)?/g) || []) out.values.push(n);
  }
  if (url) {
    const q = String(url).indexOf('?');
    if (q >= 0) pairs(new URLSearchParams(String(url).slice(q + 1).split('#')[0]), 0);
  }
  if (body == null) return out;
  const kind = KIND(body);
  if (typeof body === 'string') readText(body, 0);
  else if (kind === 'URLSearchParams' || kind === 'FormData') pairs(body.entries(), 0);
  else if (kind === 'ArrayBuffer' || ArrayBuffer.isView(body)) readText(new TextDecoder().decode(body), 0);
  else if (kind === 'Blob' || kind === 'File' || kind === 'ReadableStream') return null;
  else if (kind === 'Document' || kind === 'XMLDocument' || kind === 'HTMLDocument') readText(body.documentElement ? body.documentElement.textContent || '' : '', 0);
  else readText(String(body), 0);
  return out;
}

/** readBody for a body only readable asynchronously (a Blob): a Promise of the same. */
export function readBodyLater(body, url) {
  const now = readBody(body, url);
  if (now) return Promise.resolve(now);
  if (typeof body.text !== 'function') return Promise.resolve(readBody(null, url));
  return body.text().then(
    (text) => readBody(text, url),
    () => readBody(null, url),
  );
}

/**
 * Puts `judge({ url, method, payload, how })` — true: send, false: fail as a network error —
 * in front of the sending APIs of `view` (a window), once. `how` is 'fetch', 'xhr', 'beacon' or
 * 'form'. Returns the window's fetch as it was (the drop-in loads its module with it).
 */
export function watchSends(view, judge) {
  const own = view.__nianbaoSends;
  if (own) return own.fetch;
  const original = { fetch: view.fetch };
  view.__nianbaoSends = original;
  const abs = (url) => {
    try {
      return new view.URL(String(url), view.location.href).href;
    } catch (e) {
      return String(url);
    }
  };
  const ask = (url, method, payload, how) => {
    try {
      return judge({ url: abs(url), method: String(method || 'GET').toUpperCase(), payload, how }) !== false;
    } catch (e) {
      // The guard itself failing never stops a page from working: the request goes as before.
      view.console.warn('nianbao: could not check a request (' + (e && e.message) + '); it was sent unchecked');
      return true;
    }
  };

  if (typeof original.fetch === 'function') {
    view.fetch = function fetch(input, init) {
      const request = input && KIND(input) === 'Request' ? input : null;
      const url = request ? request.url : input;
      const method = (init && init.method) || (request ? request.method : 'GET');
      const call = () => original.fetch.apply(view, arguments);
      let body = init && 'body' in init ? init.body : null;
      if (body == null && request && request.body) body = request.clone().blob();
      const judged = (payload) => (ask(url, method, payload, 'fetch') ? call() : Promise.reject(new view.TypeError('nianbao: the report has errors and was not sent')));
      if (body && typeof body.then === 'function') return body.then((b) => readBodyLater(b, url)).then(judged);
      const payload = readBody(body, url);
      return payload ? judged(payload) : readBodyLater(body, url).then(judged);
    };
  }

  const XHR = view.XMLHttpRequest && view.XMLHttpRequest.prototype;
  if (XHR) {
    const open = XHR.open;
    const send = XHR.send;
    const opened = new WeakMap();
    const FAKED = ['readyState', 'status', 'statusText', 'response', 'responseText', 'responseURL'];
    XHR.open = function (method, url) {
      for (const name of FAKED) delete this[name];
      opened.set(this, { method, url });
      return open.apply(this, arguments);
    };
    /** Ends the request as a network error does: readyState 4, status 0, then readystatechange, error, loadend. */
    const fail = (xhr) => {
      const state = { readyState: 4, status: 0, statusText: '', response: '', responseText: '', responseURL: '' };
      for (const name of FAKED) Object.defineProperty(xhr, name, { configurable: true, get: () => state[name] });
      view.setTimeout(() => {
        xhr.dispatchEvent(new view.Event('readystatechange'));
        for (const type of ['error', 'loadend']) xhr.dispatchEvent(new view.ProgressEvent(type));
      }, 0);
    };
    XHR.send = function (body) {
      const o = opened.get(this) || {};
      const go = (payload) => (ask(o.url, o.method, payload, 'xhr') ? send.call(this, body) : fail(this));
      const payload = readBody(body, o.url);
      if (payload) return go(payload);
      readBodyLater(body, o.url).then(go);
      return undefined;
    };
  }

  const nav = view.navigator;
  if (nav && typeof nav.sendBeacon === 'function') {
    const beacon = nav.sendBeacon;
    nav.sendBeacon = function (url, data) {
      // A Blob cannot be read before sendBeacon must answer: it goes as it is.
      const payload = readBody(data, url);
      if (payload && !ask(url, 'POST', payload, 'beacon')) return false;
      return beacon.apply(nav, arguments);
    };
  }

  const form = view.HTMLFormElement && view.HTMLFormElement.prototype;
  if (form) {
    const submit = form.submit;
    form.submit = function () {
      const payload = Object.assign(readBody(new view.FormData(this), null), { form: this });
      if (!ask(this.action, this.method, payload, 'form')) return undefined;
      return submit.call(this);
    };
  }
  return original.fetch;
}
