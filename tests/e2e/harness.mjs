// What every e2e suite starts: the real server on an ephemeral loopback port (serving www/, the
// recheck endpoint) and Debian's headless Chromium with the flags this machine needs as root.
import { chromium } from 'playwright-core';
import { createServer } from '../../www/server.mjs';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

/** Starts both: `{ base, browser, server, stop }`. */
export async function start(dataDir) {
  const server = createServer({ dataDir });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const stop = async () => {
    await browser.close();
    await new Promise((r) => server.close(r));
  };
  return { base, browser, server, stop };
}

/** What screen readers get as the description of field `name` (aria-describedby, without the
 * aria-hidden parts), in a page or frame. */
export const messageOf = (frame, name) =>
  frame.$eval(`[name="${name}"]`, (el) => {
    const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const text = (n) => (n.nodeType === 3 ? n.data : n.getAttribute('aria-hidden') === 'true' ? '' : [...n.childNodes].map(text).join(''));
    return ids.map((id) => (document.getElementById(id) ? text(document.getElementById(id)) : '')).join('|');
  });
