#!/usr/bin/env node
// The command line: nianbao check | audit | mapping | serve. Options as `--opt value` or
// `--opt=value` (node:util parseArgs); help on stdout; errors as `file:line:column: message`.
// Exit 0: fine; 1: errors found (check, audit) or no report form (mapping); 2: bad input or usage.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkJsonText, mapHtml, readTable, auditText, reportIdentity, contract, form } from './node.mjs';
import { readReport } from './files.mjs';
import { record, batchHtml } from './report.mjs';

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const USAGE = `nianbao ${VERSION}: checks 政府信息公开工作年度报告 (the annual government-information-disclosure report)

usage: nianbao check FILE… [--stdin] [--previous FILE] [--mode fill|verify] [--phase typing|submit]
                           [--locale zh-CN|en] [--format json|text]
       nianbao audit FILE|DIR… [--format json|text] [--locale zh-CN|en] [--html REPORT.html]
       nianbao mapping PAGE.html
       nianbao serve (--page FORM.html | --mapping MAPPING.json) [--port 8080] [--host 127.0.0.1]
                     [--data ./data] [--charset gb18030]
       nianbao help | --help | --version

  check    reports as JSON (docs/contract.md; FILE may be - for stdin, or --stdin), or the report's
           tables as copied from Word, WPS or Excel (their clipboard HTML, or tab-separated text),
           read by their labels as a paste into the form is (what was read on stderr): one result
           per line, each with its "file"; a file that cannot be read or parsed:
           "file:line:column: message".
  audit    published reports (text, HTML, Word .docx or PDF), files or folders: one JSON line
           per report as it is read; files with no report are skipped; a summary on stderr. An agency's report of
           the year before is its previous year. Exit 2 when no report was found. --html also
           writes one self-contained page to read: counts by rule and by year, a chart of the
           commonest faults, every finding with its cell, stated and expected value.
  mapping  which field of the page's report form is which cell (what the browser computes).
  serve    the recheck service: portals POST a submitted form (urlencoded in UTF-8, GBK or
           GB18030, multipart, or JSON) and get 303 (stored) or 422 (the errors).
Options take --opt value or --opt=value.`;

class UsageError extends Error {}

// The options' values are the core's (docs/contract.md); --format is the command line's own.
const CHOICES = { ...contract().options, format: ['json', 'text'] };
const OPTIONS = {
  check: { stdin: { type: 'boolean' }, previous: { type: 'string' }, mode: { type: 'string' }, phase: { type: 'string' }, locale: { type: 'string' }, format: { type: 'string' } },
  audit: { locale: { type: 'string' }, format: { type: 'string' }, html: { type: 'string' } },
  mapping: {},
  serve: { page: { type: 'string' }, mapping: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, charset: { type: 'string' } },
};

function parse(command, argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...OPTIONS[command], help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  for (const [name, allowed] of Object.entries(CHOICES)) {
    if (values[name] !== undefined && !allowed.includes(values[name])) throw new UsageError(`--${name} must be ${allowed.join(' or ')}, not "${values[name]}"`);
  }
  return { values, files: positionals };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function readText(file) {
  const bytes = readFileSync(file === '-' ? 0 : file);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new Error('not UTF-8 text');
  }
}

/** An error of the core's JSON reader, "… (at byte N)", as `line:column: …` in `text`. */
function located(message, text) {
  const m = /^(.*) \(at byte (\d+)\)$/s.exec(message);
  if (!m) return { message };
  const before = Buffer.from(text, 'utf8').subarray(0, Number(m[2])).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]].length + 1, message: m[1] };
}

/** Writes to stdout; false once the reader has gone (EPIPE: `| head`). */
let closed = false;
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  closed = true;
});
const out = (s) => !closed && process.stdout.write(s);

function textReport(file, result, en) {
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  const lines = [
    en
      ? `${file}: ${result.ok ? 'ok' : 'NOT OK'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} other)`
      : `${file}：${result.ok ? '通过' : '未通过'}（错误 ${errors} 条，提示 ${warnings} 条）`,
  ];
  const sev = { error: en ? 'error' : '错误', warning: en ? 'warning' : '警告', info: en ? 'info' : '提示' };
  for (const d of result.diagnostics) {
    const numbers = d.expected != null ? (en ? `expected ${d.expected}, found ${d.actual}` : `应为 ${d.expected}，实为 ${d.actual}`) : '';
    lines.push(`  ${sev[d.severity].padEnd(8)}${d.rule.padEnd(26)}${(d.cells[0] ?? '').padEnd(30)}${numbers}`);
    lines.push(`          ${d.message}`);
  }
  return lines.join('\n') + '\n';
}

/** A JSON line naming its file first: {"file": …, …the object `json` holds}. */
const withFile = (file, json) => `{"file":${JSON.stringify(file)},${json.slice(1)}\n`;

/**
 * A file's text as a report's JSON: JSON as it is; a copied table (HTML, or tab-separated text)
 * read into `{ form, cells }`, with what was read said on stderr.
 */
function reportText(name, text) {
  if (/^\s*[[{]/.test(text) || !/<table[\s>]|\t/i.test(text)) return text;
  const read = readTable(text);
  if (!read || read.block) throw new Error(read ? 'the table has no labels: paste a bare block of numbers into the form instead' : 'no table');
  const n = Object.keys(read.cells).length;
  process.stderr.write(`${name}: ${n} cells read from the table${read.blanks.length ? `, ${read.blanks.length} blank` : ''}${read.unmatched.length ? `; rows not matched: ${read.unmatched.join(', ')}` : ''}\n`);
  return JSON.stringify({ form: contract().form, cells: read.cells });
}

function check({ values, files }) {
  if (values.stdin) files = files.concat(['-']);
  if (files.length === 0) throw new UsageError('no file given');
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  const options = { mode: values.mode, phase: values.phase, locale: values.locale };
  const format = values.format ?? 'json';
  let previous = '';
  if (values.previous) {
    try {
      previous = readText(values.previous);
      checkJsonText(previous, options);
    } catch (e) {
      const at = e.code ? { message: `cannot read: ${e.code}` } : located(e.message, previous);
      throw new UsageError(`${[values.previous, at.line, at.column].filter(Boolean).join(':')}: ${at.message}`);
    }
  }
  let status = 0;
  for (const file of files) {
    const name = file === '-' ? '(stdin)' : file;
    let text = '';
    let json;
    try {
      text = reportText(name, readText(file));
      json = checkJsonText(text, options, previous);
    } catch (e) {
      const at = e.code ? { message: `cannot read: ${e.code}` } : located(e.message, text);
      const where = [name, at.line, at.column].filter(Boolean).join(':');
      process.stderr.write(`${where}: ${at.message}\n`);
      out(format === 'json' ? withFile(name, JSON.stringify({ line: at.line, column: at.column, error: at.message })) : `${where}: ${at.message}\n`);
      status = 2;
      continue;
    }
    const ok = json.startsWith('{"ok":true');
    if (!ok) status = Math.max(status, 1);
    out(format === 'json' ? withFile(name, json) : textReport(name, JSON.parse(json), values.locale === 'en'));
  }
  return status;
}

function mapping({ files }) {
  if (files.length !== 1) throw new UsageError('mapping takes one page');
  let html;
  try {
    html = readText(files[0]);
  } catch (e) {
    process.stderr.write(`${files[0]}: ${e.code ? `cannot read: ${e.code}` : e.message}\n`);
    return 2;
  }
  const result = mapHtml(html);
  if (!result.found) {
    const n = Object.keys(result.mapping).length;
    process.stderr.write(`${files[0]}: no report form on this page (its inputs match ${n} cell${n === 1 ? '' : 's'} of the report; the wrapper attaches at 10)\n`);
    return 1;
  }
  delete result.found;
  out(JSON.stringify(result, null, 2) + '\n');
  return 0;
}

// Text, HTML, Word (.docx) and PDF; .doc/.wps are listed to be refused with what to do.
const REPORT_FILES = /\.(txt|md|html?|docx|pdf|doc|wps)$/i;

/** The files to audit: those named, and in folders (recursively) the report-like ones. */
function* walk(paths, named = true) {
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      yield p; // reported as unreadable when read
      continue;
    }
    if (st.isDirectory()) yield* walk(readdirSync(p).sort().map((name) => join(p, name)), false);
    else if (named || REPORT_FILES.test(p)) yield p;
  }
}

/**
 * Streams: one line per report as it is read, so memory stays bounded whatever the number of
 * reports. A first pass reads only the title of each (its agency and year, to give each its
 * previous year); the second audits and prints.
 */
async function audit({ values, files: paths }) {
  if (paths.length === 0) throw new UsageError('no file or folder given');
  const locale = values.locale === 'en' ? 'en' : 'zh-CN';
  const format = values.format ?? 'json';
  const files = [...walk(paths)];
  const key = (agency, year) => `${agency}\u0000${year}`;
  const byYear = new Map(); // agency and year → file
  // A file holds a report when a cell was read from it or it names a report's year or agency
  // (a report whose tables could not be read is graded, with what was not found).
  const identity = (line) => {
    const r = JSON.parse(line);
    return Object.keys(r.cells).length || r.year || r.agency ? { agency: r.agency, year: r.year, result: r.result } : null;
  };
  const read = (file) => readReport(file, readText);
  for (const file of files) {
    try {
      const id = reportIdentity(await read(file));
      if (id.agency && id.year) byYear.set(key(id.agency, id.year), file);
    } catch {
      /* reported in the second pass */
    }
  }
  const tty = process.stderr.isTTY;
  let reports = 0;
  let ok = 0;
  let status = 0;
  const skipped = [];
  const perRule = new Map();
  // For --html: one compact record per report (no cells), so memory stays small.
  const records = values.html ? [] : null;
  const cells = records ? new Map(form().cells.map((c) => [c.id, locale === 'en' ? c.en : c.zh])) : null;
  for (const [k, file] of files.entries()) {
    if (closed) break;
    let line;
    let id;
    try {
      const text = await read(file);
      line = auditText(text, { file, locale });
      id = identity(line);
      const before = id && id.agency && id.year ? byYear.get(key(id.agency, id.year - 1)) : undefined;
      if (before) {
        line = auditText(text, { previous: await read(before), file, locale });
        id = identity(line);
      }
    } catch (e) {
      skipped.push(`${file}: ${e.code ? `cannot read: ${e.code}` : e.message}`);
      continue;
    }
    if (!id) {
      skipped.push(`${file}: no report found`);
      continue;
    }
    reports++;
    if (id.result.ok) ok++;
    else status = 1;
    for (const d of id.result.diagnostics) perRule.set(d.rule, (perRule.get(d.rule) ?? 0) + 1);
    if (records) records.push(record(JSON.parse(line), (cell) => cells.get(cell) ?? cell));
    out(format === 'json' ? line + '\n' : textReport(file, id.result, locale === 'en'));
    if (tty) process.stderr.write(`\r${k + 1}/${files.length}`);
    await new Promise(setImmediate); // lets a closed stdout (EPIPE) be noticed
  }
  if (tty) process.stderr.write('\n');
  for (const s of skipped) process.stderr.write(`${s} (skipped)\n`);
  const rules = [...perRule].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${r}: ${n}`).join('\n');
  process.stderr.write(`${reports} reports read, ${ok} ok, ${skipped.length} skipped${closed ? ' (output closed early)' : ''}\n${rules}${rules ? '\n' : ''}`);
  if (records) {
    writeFileSync(values.html, batchHtml(records, { locale }));
    process.stderr.write(`${values.html}: the batch report (${records.length} reports)\n`);
  }
  if (!reports && !closed) {
    process.stderr.write('nianbao: no report found\n');
    return 2;
  }
  return status;
}

async function serve({ values, files }) {
  if (files.length) throw new UsageError(`serve takes no file: ${files.join(' ')}`);
  if (!values.page === !values.mapping) throw new UsageError('serve needs --page FORM.html or --mapping MAPPING.json (one of them)');
  const { createService } = await import('./service.mjs');
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
  let options;
  try {
    options = values.page ? { page: readText(values.page) } : { mapping: JSON.parse(readText(values.mapping)) };
  } catch (e) {
    throw new UsageError(`${values.page ?? values.mapping}: ${e.code ? `cannot read: ${e.code}` : e.message}`);
  }
  const dataDir = values.data ?? process.env.NIANBAO_DATA ?? './data';
  const service = createService({ ...options, dataDir, charset: values.charset });
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  await new Promise((r, reject) => service.listen(port, host, r).on('error', reject));
  process.stderr.write(`nianbao serve: POST forms to http://${host}:${service.address().port}/recheck (accepted reports in ${resolve(dataDir)}; ${service.fields} fields mapped)\n`);
  return new Promise(() => {}); // serves until stopped
}

const COMMANDS = { check, audit, mapping, serve };

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    out(VERSION + '\n');
    return 0;
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE + '\n');
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`nianbao: unknown command "${command}" (nianbao --help lists them)\n`);
    return 2;
  }
  try {
    const args = parse(command, rest);
    if (args.values.help) {
      out(USAGE + '\n');
      return 0;
    }
    return await run(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`nianbao ${command}: ${e.message}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
