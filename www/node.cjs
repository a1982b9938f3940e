'use strict';
// nianbao for Node, require() flavour: the .wasm beside it is read and compiled synchronously.
const raw = require('./pkg/glue-node.cjs');
const { makeApi } = require('./pkg/api.cjs');

module.exports = makeApi(raw);
/** Already loaded in Node; kept so code shared with the browser can `await init()`. */
module.exports.init = () => Promise.resolve();

// Node only: the audit module (the same crate built with reading of HTML pages and published
// reports, which the browser module leaves out), loaded on first use.
let audit = null;
const auditModule = () => (audit ??= require('./pkg/audit/glue-node.cjs'));

/** A published report (text or HTML) read and checked, as one JSON line. */
module.exports.auditText = function auditText(text, { previous = '', file = '', locale = 'zh-CN' } = {}) {
  return auditModule().auditText(String(text), String(previous ?? ''), String(file), String(locale));
};

/** A published report's year and agency, from its title and metadata only (no table is read). */
module.exports.reportIdentity = function reportIdentity(text) {
  return JSON.parse(auditModule().auditIdentity(String(text)));
};

/**
 * Which field of an HTML page's report is which cell: the browser wrapper's own extraction
 * (pkg/extract.cjs) over the page as a browser parses it (parse5, the HTML standard's tree
 * building: case-insensitive names, implied tbody and end tags), walked with linkedom's DOM,
 * and mapped by the same core. Of the page's
 * candidate reports (each form, and the fields outside forms), the one mapping the most cells;
 * `found` is false when none maps the 10 cells the wrapper needs to attach.
 */
module.exports.mapHtml = function mapHtml(html, formId) {
  const { parseHTML } = require('linkedom');
  const parse5 = require('parse5');
  const { extractPage, reportRoots } = require('./pkg/extract.cjs');
  const { document } = parseHTML(parse5.serialize(parse5.parse(String(html))));
  let best = null;
  for (const { root, loose } of reportRoots(document)) {
    const mapped = module.exports.mapGrid(extractPage(root, {}, loose).page, formId);
    if (!best || Object.keys(mapped.mapping).length > Object.keys(best.mapping).length) best = mapped;
  }
  best = best || module.exports.mapGrid({ tables: [], inputs: [] }, formId);
  return Object.assign(best, { found: Object.keys(best.mapping).length >= 10 });
};

/**
 * A table copied from Word, WPS or Excel (its clipboard HTML, or tab-separated text), read as a
 * paste into the browser's form is (pkg/paste.cjs over a parsed document): `{ cells: {cell id →
 * text}, blanks: [cell id], unmatched: [row label], block }`; `block` (rows of texts) when the
 * table is bare numbers with no labels. `null` when the text holds no table.
 */
module.exports.readTable = function readTable(content, formId) {
  const { parseHTML } = require('linkedom');
  const parse5 = require('parse5');
  const extract = require('./pkg/extract.cjs');
  const { clipboardHtml, readTables } = require('./pkg/paste.cjs');
  const s = String(content);
  const html = /^\s*</.test(s) || /<table[\s>]/i.test(s);
  const source = clipboardHtml(html ? s : '', html ? '' : s, extract.isValueText);
  if (!source) return null;
  const { document } = parseHTML(parse5.serialize(parse5.parse(source)));
  return readTables(document.body, module.exports, extract, formId);
};
