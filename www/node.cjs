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
module.exports.mapHtml = function mapHtml(html, formId = 'ogi-2021') {
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
