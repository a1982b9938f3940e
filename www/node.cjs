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

/** Which field of an HTML page's report form is which cell: what the browser wrapper computes. */
module.exports.mapHtml = function mapHtml(html, formId = 'ogi-2021') {
  return JSON.parse(auditModule().mapHtml(String(formId), String(html)));
};
