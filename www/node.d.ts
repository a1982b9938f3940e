// Declarations of nianbao's Node entry (import: www/node.mjs): the core functions, mapHtml and auditText.
// No DOM type; nothing of the browser wrapper (attach, validate) exists in Node.
export type * from './types.cjs';
export { check, checkJson, checkJsonText, checkValues, sheet, form, recheckForm, mapGrid, mapHtml, readTable, contract, auditText, reportIdentity } from './types.cjs';
/** Already loaded in Node: kept so code shared with the browser can `await init()`. */
export function init(): Promise<void>;
import * as api from './types.cjs';
/** The same functions as one object (the module's default export). */
declare const all: typeof api & { init(): Promise<void> };
export default all;
