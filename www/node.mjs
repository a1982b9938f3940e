// nianbao for Node, import flavour: the same instance as require('nianbao').
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('./node.cjs');

export const { check, checkJson, checkJsonText, checkValues, sheet, form, recheckForm, mapGrid, mapHtml, readTable, auditText, reportIdentity, contract, init } = api;
export default api;
