// The recheck endpoint under a short, bounded load on loopback, and killed with SIGKILL while
// writing: every accepted report stored exactly once and complete, no 5xx, memory flat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const server = fileURLToPath(new URL('../../www/server.mjs', import.meta.url));
const mapping = JSON.parse(readFileSync(new URL('../fixtures/forms/form-a.mapping.json', import.meta.url), 'utf8'));
const seed = JSON.parse(readFileSync(new URL('../fixtures/yingchun-2023.json', import.meta.url), 'utf8'));
const fields = new URLSearchParams();
for (const [name, cell] of Object.entries(mapping)) fields.set(name, seed.cells[cell]);
const valid = fields.toString();
const invalid = valid.replace('ysq_1_1=0', 'ysq_1_1=3');

async function start(dataDir) {
  const child = spawn(process.execPath, [server, '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  // The server prints its address; port 0 lets the system choose.
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = String(d).match(/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { child, port };
}

const rss = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

async function burst(port, n, concurrency, validEvery) {
  const statuses = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const k = next++;
        const res = await fetch(`http://127.0.0.1:${port}/gkpt/nb/save.do`, {
          method: 'POST',
          redirect: 'manual',
          body: k % validEvery === 0 ? valid : invalid,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  return statuses;
}

test('concurrent valid and invalid posts: each accepted report stored once, no 5xx, memory flat', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-load-'));
  const { child, port } = await start(dataDir);
  try {
    const first = await burst(port, 300, 16, 3);
    const after1 = rss(child.pid);
    const second = await burst(port, 300, 16, 3);
    const after2 = rss(child.pid);
    for (const s of [first, second]) {
      assert.deepEqual(Object.keys(s).sort(), ['303', '422']);
      assert.equal(s['303'], 100);
    }
    const files = readdirSync(dataDir);
    assert.equal(files.filter((f) => f.endsWith('.json')).length, 200, 'one file per accepted report');
    assert.equal(files.filter((f) => f.endsWith('.tmp')).length, 0);
    for (const f of files) assert.equal(JSON.parse(readFileSync(join(dataDir, f), 'utf8')).result.ok, true);
    assert.ok(after2 < after1 * 1.25 + 10, `memory grew from ${after1} MB to ${after2} MB`);
  } finally {
    child.kill();
  }
});

test('SIGKILL during writes leaves only complete reports', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-kill-'));
  const { child, port } = await start(dataDir);
  const load = burst(port, 2000, 16, 1).catch(() => 'interrupted');
  // Kill while writes go on: once the first reports are stored (the server maps its form pages
  // when it starts), and 100 ms into the stream of writes.
  for (let i = 0; i < 100 && !readdirSync(dataDir).some((f) => f.endsWith('.json')); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGKILL');
  assert.equal(await load, 'interrupted');
  const stored = readdirSync(dataDir).filter((f) => f.endsWith('.json'));
  assert.ok(stored.length > 0, 'some reports were stored before the kill');
  for (const f of stored) assert.equal(JSON.parse(readFileSync(join(dataDir, f), 'utf8')).result.ok, true, f);
  // A restart clears what a cut-short write left behind.
  const again = await start(dataDir);
  again.child.kill();
  assert.deepEqual(readdirSync(dataDir).filter((f) => !f.endsWith('.json')), []);
});
