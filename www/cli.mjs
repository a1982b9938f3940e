#!/usr/bin/env node
// npx nianbao check FILE… [--previous FILE] [--mode fill|verify] [--phase typing|submit]
//                         [--locale zh-CN|en] [--format json|text]
// Exit 0: no errors; 1: errors found; 2: bad input or usage.
import { readFileSync } from 'node:fs';
import { checkJsonText, mapHtml } from './node.mjs';

const USAGE = `usage: nianbao check FILE… [--previous FILE] [--mode fill|verify] [--phase typing|submit]
                     [--locale zh-CN|en] [--format json|text]
         nianbao mapping PAGE.html
  check: FILE may be - (stdin). One JSON result per line, in the order of the files; a file
    that cannot be read gives {"file", "error"} on its line and exit status 2.
  mapping: which field of the page's report form is which cell (what the browser wrapper
    computes): {"mapping", "unmapped", "missing", "reasons"}.`;

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
  process.stdout.write(JSON.stringify(mapHtml(html), null, 2) + '\n');
  return 0;
}

const COMMANDS = { check, mapping };

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
