// The package as people get it: `npm pack`, the tarball installed into a new project outside
// the repository, then used there the ways its users use it: ESM and CJS in Node, the CLI
// through npx, TypeScript (strict, no skipLibCheck; ESM and CJS, with and without the DOM lib,
// a bundler project), and a Vite build of a page that imports it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const project = mkdtempSync(join(tmpdir(), 'nianbao-user-'));
const seed = join(repo, 'tests/fixtures/yingchun-2023.json');
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const node = (args, cwd = project) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
let packed;

before(() => {
  packed = JSON.parse(npm(['pack', '--json', '--pack-destination', project], repo))[0];
  console.log(`# tarball ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.files.length} files`);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'portal', private: true, type: 'module' }));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', join(project, packed.filename)], project);
});

test('the tarball holds every file the entry points load, and the licenses', () => {
  const files = packed.files.map((f) => f.path);
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE', 'www/pkg/nianbao_bg.wasm', 'www/pkg/glue-node.cjs', 'www/pkg/glue-web.mjs', 'www/pkg/nianbao.js', 'www/pkg/audit/nianbao_bg.wasm', 'www/service.mjs', 'www/node.d.cts']) {
    assert.ok(files.includes(f), `${f} is in the tarball`);
  }
  assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('src/') || f.includes('trap-test')), files.join(', '));
  // README points only at files the package ships.
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const pointed = [...readme.matchAll(/`((?:www\/|node_modules\/nianbao\/)[\w./-]+|LICENSE-\w+|CONTRIBUTING\.md)`|\((LICENSE-\w+)[,)]/g)].map((m) => (m[1] || m[2]).replace('node_modules/nianbao/', ''));
  assert.ok(pointed.length >= 3, pointed.join(', '));
  for (const f of pointed) assert.ok(files.includes(f), `README points at ${f}, which the package does not ship`);
  // Every file package.json names is shipped.
  const targets = (v) => (typeof v === 'string' ? [v] : Object.values(v).flatMap(targets));
  const named = [pkg.main, pkg.types, pkg.bin.nianbao, ...targets(pkg.exports)].map((f) => f.replace(/^\.\//, ''));
  for (const f of named) assert.ok(files.includes(f), `${f} (named in package.json) is in the tarball`);
});

test('Node ESM and CJS check the seed report; subpaths resolve', () => {
  writeFileSync(join(project, 'esm.mjs'), `import { check, mapHtml, auditText } from 'nianbao';
import { readFileSync } from 'node:fs';
const r = check(JSON.parse(readFileSync(${JSON.stringify(seed)}, 'utf8')));
console.log(JSON.stringify([r.ok, typeof mapHtml, typeof auditText]));`);
  assert.equal(node(['esm.mjs']).stdout.trim(), '[true,"function","function"]');
  writeFileSync(join(project, 'cjs.cjs'), `const { check, recheckForm } = require('nianbao');
const r = check(require(${JSON.stringify(seed)}));
console.log(JSON.stringify([r.ok, typeof recheckForm, require.resolve('nianbao/nianbao_bg.wasm').endsWith('www/pkg/nianbao_bg.wasm'), require.resolve('nianbao/dropin').endsWith('www/pkg/nianbao.js')]));`);
  const r = node(['cjs.cjs']);
  assert.equal(r.stdout.trim(), '[true,"function",true,true]', r.stderr);
});

test('npx nianbao: --version, check', () => {
  const v = spawnSync('npx', ['--no-install', 'nianbao', '--version'], { cwd: project, encoding: 'utf8' });
  assert.equal(v.stdout, pkg.version + '\n', v.stderr);
  const c = spawnSync('npx', ['--no-install', 'nianbao', 'check', seed], { cwd: project, encoding: 'utf8' });
  assert.equal(c.status, 0, c.stderr);
  assert.equal(JSON.parse(c.stdout).ok, true);
});

/** A TypeScript project in the user's project: `tsc -p` its status and output. */
function tsc(name, { type = 'module', lib = ['es2022'], module = 'node16', resolution = 'node16', files }) {
  const dir = join(project, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const compilerOptions = { strict: true, skipLibCheck: false, noEmit: true, module, moduleResolution: resolution, target: 'es2022', lib, types: [] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: Object.keys(files) }));
  const r = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

const NODE_USE = `const r = check({ cells: { 't3.new.natural': '1' } }, { mode: 'fill', phase: 'typing' });
const ok: boolean = r.ok;
const m = mapHtml('<form></form>');
const found: boolean = m.found;
const line: string = auditText('text', { file: 'a.txt' });
const again = recheckForm(new Map([['a', '1']]), { a: 't3.new.natural' });
export { ok, found, line, again };
`;

test('TypeScript: each runtime gets its own declarations; what it lacks fails to compile', () => {
  const cases = [
    ['node-esm', { files: { 'index.ts': `import { check, mapHtml, auditText, recheckForm } from 'nianbao';\n${NODE_USE}` } }],
    ['node-esm-dom', { lib: ['es2022', 'dom'], files: { 'index.ts': `import nianbao, { check, mapHtml, auditText, recheckForm } from 'nianbao';\n${NODE_USE}\nexport const f = nianbao.form().cells.length;\n` } }],
    ['node-cjs', { type: 'commonjs', files: { 'index.ts': `import { check, mapHtml, auditText, recheckForm } from 'nianbao';\n${NODE_USE}` } }],
    ['node-cjs-cts', { files: { 'index.cts': `import nianbao = require('nianbao');\nconst { check, mapHtml, auditText, recheckForm } = nianbao;\n${NODE_USE}` } }],
    [
      'browser',
      {
        lib: ['es2022', 'dom'],
        module: 'esnext',
        resolution: 'bundler',
        files: {
          'index.ts': `import { init, attach, validate, check, type Controller } from 'nianbao';
await init(new URL('x.wasm', 'https://example.org/'));
const c: Controller = attach(document.forms[0]);
const cell: string | null = c.cellOf(document.body);
const all: boolean = validate().ok && check({ cells: {} }).ok;
export { cell, all };
`,
        },
      },
    ],
  ];
  for (const [name, opts] of cases) {
    const r = tsc(name, opts);
    assert.equal(r.status, 0, `${name}: ${r.out}`);
  }
  // What a runtime does not have is a compile error, not a run-time one.
  const nodeAttach = tsc('node-attach', { files: { 'index.ts': `import { attach } from 'nianbao';\nexport const a = attach;\n` } });
  assert.notEqual(nodeAttach.status, 0);
  assert.match(nodeAttach.out, /attach/);
  const cjsAttach = tsc('cjs-attach', { type: 'commonjs', files: { 'index.ts': `import { validate } from 'nianbao';\nexport const v = validate;\n` } });
  assert.notEqual(cjsAttach.status, 0);
  const browserMap = tsc('browser-maphtml', { lib: ['es2022', 'dom'], module: 'esnext', resolution: 'bundler', files: { 'index.ts': `import { mapHtml } from 'nianbao';\nexport const m = mapHtml;\n` } });
  assert.notEqual(browserMap.status, 0);
  assert.match(browserMap.out, /mapHtml/);
});

test('Vite builds a page that imports nianbao; the .wasm is emitted and referenced', () => {
  const app = join(project, 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'index.html'), '<!DOCTYPE html><html><body><form id="f"></form><script type="module" src="./main.js"></script></body></html>');
  writeFileSync(join(app, 'main.js'), `import { init, check } from 'nianbao';\nawait init();\ndocument.title = String(check({ cells: {} }).ok);\n`);
  const r = spawnSync(process.execPath, [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', app], { cwd: app, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const assets = readdirSync(join(app, 'dist/assets'));
  const wasm = assets.find((f) => f.endsWith('.wasm'));
  assert.ok(wasm, `a .wasm among ${assets.join(', ')}`);
  assert.deepEqual(readFileSync(join(app, 'dist/assets', wasm)), readFileSync(join(repo, 'www/pkg/nianbao_bg.wasm')), 'the module itself');
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(app, 'dist/assets', f), 'utf8')).join('\n');
  assert.ok(js.includes(wasm), 'the built script loads the emitted .wasm');
});
