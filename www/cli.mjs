#!/usr/bin/env node
// npx nianbao check FILE… [--previous FILE] [--mode fill|verify] [--phase typing|submit]
//                         [--locale zh-CN|en] [--format json|text]
// Exit 0: no errors; 1: errors found; 2: bad input or usage.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkJsonText, mapHtml, auditText } from './node.mjs';

const USAGE = `usage: nianbao check FILE… [--previous FILE] [--mode fill|verify] [--phase typing|submit]
                     [--locale zh-CN|en] [--format json|text]
         nianbao mapping PAGE.html
         nianbao audit FILE|DIR… [--format json|text] [--locale zh-CN|en]
  check: FILE may be - (stdin). One JSON result per line, in the order of the files; a file
    that cannot be read gives {"file", "error"} on its line and exit status 2.
  mapping: which field of the page's report form is which cell (what the browser wrapper
    computes): {"mapping", "unmapped", "missing", "reasons"}.
  audit: published reports (.txt, .md, .html), files or folders: one JSON line per report, a
    summary on stderr; an agency's report of the year before is its previous year.`;

class UsageError extends Error {}

function parseArgs(argv) {
  const out = { files: [], options: {}, format: 'json', previous: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--mode' || a === '--phase' || a === '--locale') out.options[a.slice(2)] = value();
    else if (a === '--format') out.format = value();
    else if (a === '--previous') out.previous = value();
    else if (a === '-h' || a === '--help') out.help = true;
    else if (a === '-' || !a.startsWith('-')) out.files.push(a);
    else throw new UsageError(`unknown option ${a}`);
  }
  if (!['json', 'text'].includes(out.format)) throw new UsageError(`--format must be json or text, not ${out.format}`);
  return out;
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

function check(args) {
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args.files.length === 0) throw new UsageError('no file given');
  if (args.files.filter((f) => f === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  let previous = '';
  if (args.previous) {
    try {
      previous = readText(args.previous);
    } catch (e) {
      throw new UsageError(`cannot read --previous ${args.previous}: ${e.message}`);
    }
  }
  try {
    checkJsonText('{}', args.options);
  } catch (e) {
    throw new UsageError(e.message);
  }
  const en = args.options.locale === 'en';
  let status = 0;
  let out = '';
  for (const file of args.files) {
    const name = file === '-' ? '(stdin)' : file;
    let text;
    try {
      text = checkJsonText(readText(file), args.options, previous);
    } catch (e) {
      const reason = e.code ? `cannot read: ${e.code}` : e.message;
      process.stderr.write(`nianbao: ${name}: ${reason}\n`);
      out += args.format === 'json' ? JSON.stringify({ file: name, error: reason }) + '\n' : `${name}: ${reason}\n`;
      status = 2;
      continue;
    }
    const result = JSON.parse(text);
    if (!result.ok) status = Math.max(status, 1);
    out += args.format === 'json' ? text + '\n' : textReport(name, result, en);
  }
  process.stdout.write(out);
  return status;
}

function mapping(args) {
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args.files.length !== 1) throw new UsageError('mapping takes one page');
  let html;
  try {
    html = readText(args.files[0]);
  } catch (e) {
    process.stderr.write(`nianbao: ${args.files[0]}: ${e.code ? `cannot read: ${e.code}` : e.message}\n`);
    return 2;
  }
  const result = mapHtml(html);
  if (!result.found) {
    const n = Object.keys(result.mapping).length;
    process.stderr.write(`nianbao: ${args.files[0]}: no report form on this page (its inputs match ${n} cell${n === 1 ? '' : 's'} of the report; the wrapper attaches at 10)\n`);
    return 1;
  }
  delete result.found;
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  return 0;
}

const REPORT_FILES = /\.(txt|md|html?)$/i;

function listReports(paths) {
  const out = [];
  const walk = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      out.push(p); // reported as unreadable when read
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(join(p, name));
    } else if (st.isFile() && (REPORT_FILES.test(p) || paths.includes(p))) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

function audit(args) {
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args.files.length === 0) throw new UsageError('no file or folder given');
  const locale = args.options.locale === 'en' ? 'en' : 'zh-CN';
  const files = listReports(args.files);
  const tty = process.stderr.isTTY;
  const progress = (k) => {
    if (!tty) return;
    const width = 30;
    const done = Math.round((k / files.length) * width);
    process.stderr.write(`\r[${'#'.repeat(done)}${' '.repeat(width - done)}] ${k}/${files.length}`);
  };
  // First pass: read every report; then rerun those whose agency has last year's report.
  const texts = new Map();
  const lines = new Map();
  const unreadable = [];
  files.forEach((file, k) => {
    try {
      const text = readText(file);
      texts.set(file, text);
      lines.set(file, auditText(text, { file, locale }));
    } catch (e) {
      unreadable.push([file, e.code ? `cannot read: ${e.code}` : e.message]);
    }
    progress(k + 1);
  });
  const byAgencyYear = new Map();
  for (const [file, line] of lines) {
    const { agency, year } = JSON.parse(line);
    if (agency && year) byAgencyYear.set(`${agency}\u0000${year}`, file);
  }
  for (const [file, line] of lines) {
    const { agency, year } = JSON.parse(line);
    const before = agency && year ? byAgencyYear.get(`${agency}\u0000${year - 1}`) : undefined;
    if (before) lines.set(file, auditText(texts.get(file), { previous: texts.get(before), file, locale }));
  }
  if (tty) process.stderr.write('\n');

  let out = '';
  let ok = 0;
  let status = 0;
  const perRule = new Map();
  for (const file of files) {
    const line = lines.get(file);
    if (line === undefined) continue;
    const r = JSON.parse(line);
    if (r.result.ok) ok++;
    else status = 1;
    for (const d of r.result.diagnostics) perRule.set(d.rule, (perRule.get(d.rule) ?? 0) + 1);
    out += args.format === 'json' ? line + '\n' : textReport(file, r.result, locale === 'en');
  }
  process.stdout.write(out);
  for (const [file, reason] of unreadable) process.stderr.write(`nianbao: ${file}: ${reason} (skipped)\n`);
  const rules = [...perRule].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${r}: ${n}`).join('\n');
  process.stderr.write(`${lines.size} reports read, ${ok} ok, ${unreadable.length} unreadable\n${rules}${rules ? '\n' : ''}`);
  return unreadable.length && !lines.size ? 2 : status;
}

const COMMANDS = { check, mapping, audit };

function main(argv) {
  const [command, ...rest] = argv;
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(command && command !== '-h' && command !== '--help' ? `nianbao: unknown command ${command}\n${USAGE}\n` : USAGE + '\n');
    return command && command !== '-h' && command !== '--help' ? 2 : 0;
  }
  try {
    return run(parseArgs(rest));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`nianbao: ${e.message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
