'use strict';
// nianbao for Node, require() flavour: the .wasm beside it is read and compiled synchronously.
const raw = require('./pkg/glue-node.cjs');
const { makeApi } = require('./pkg/api.cjs');

module.exports = makeApi(raw);
/** Already loaded in Node; kept so code shared with the browser can `await init()`. */
module.exports.init = () => Promise.resolve();
