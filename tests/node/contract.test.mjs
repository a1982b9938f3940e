// docs/contract.md is the contract other tools depend on: it must name every cell and every rule
// the core knows, and nothing else; where the steering repository's domain.md is beside the
// checkout (CI), the contract carries it word for word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { form } from '../../www/node.mjs';

const doc = readFileSync(new URL('../../docs/contract.md', import.meta.url), 'utf8');
const ticked = new Set([...doc.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]));
const rules = JSON.parse(createRequire(import.meta.url)('../../www/pkg/glue-node.cjs').rulesJson());

test('every rule id, with its severity, is in the contract, and every rule id it names exists', () => {
  for (const r of rules) {
    const at = doc.indexOf('`' + r.id + '`');
    assert.ok(at >= 0, `${r.id} is not in docs/contract.md`);
    const line = doc.slice(at, doc.indexOf('\n', at));
    assert.ok(line.includes(r.severity), `${r.id}: its severity (${r.severity}) is stated with it: ${line}`);
  }
  // Backticked ids of the shape of a rule (family.name), other than cell ids and t2's column suffixes.
  const RULE = /^(value|prev|input|extract|text|form)\.[a-z_]+$|^t[234]\.(row_total|results_total|balance|total|in_force_floor|rules_by_agency)$/;
  for (const id of [...ticked].filter((t) => RULE.test(t))) assert.ok(rules.some((r) => r.id === id), `docs/contract.md names a rule ${id} the core does not have`);
});

test('every cell of the 2021 form: its id, or its row and column keys, are in the contract', () => {
  for (const c of form('ogi-2021').cells) {
    const [t, row, col] = c.id.split('.');
    const listed = ticked.has(c.id) || (t === 't2' ? ticked.has(`.${col}`) && doc.includes(`\`t2.${row}.`) : ticked.has(row) && ticked.has(col));
    assert.ok(listed, `${c.id} is not described in docs/contract.md`);
  }
});

test('the steering repository\'s domain.md, where it is beside the checkout, is in the contract word for word', (t) => {
  const shared = new URL('../../../shared/domain.md', import.meta.url);
  if (!existsSync(shared)) {
    // A clone without the steering repository beside it: the contract in docs/ is all there is.
    assert.ok(doc.includes('## Input and output contract (JSON)'));
    return;
  }
  const paragraphs = readFileSync(shared, 'utf8').split(/\n\n+/).filter((p) => !/seeds\/|`reports\/`/.test(p));
  for (const p of paragraphs) assert.ok(doc.includes(p.trim()), `docs/contract.md lacks: ${p.slice(0, 80)}`);
});
