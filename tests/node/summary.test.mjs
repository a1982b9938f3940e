// The error summary (www/summary.mjs) against a DOM (linkedom): blanks as one item with its
// button, at most 20 items, links to the cell to fix, updated in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { makeSummary, MAX_ITEMS } from '../../www/summary.mjs';

const TEXT = { heading: '提交前请改正以下问题', blanks: (n) => `共 ${n} 个格子未填写`, zeros: '把未填写的格子填为 0', more: (n) => `另有 ${n} 处问题` };

function setup() {
  const { document, window } = parseHTML('<!DOCTYPE html><html><body><form id=r><input id=a><input id=b></form></body></html>');
  const root = document.getElementById('r');
  const log = [];
  let n = 0;
  const s = makeSummary({
    doc: document,
    text: TEXT,
    place: (box) => root.insertBefore(box, root.firstChild),
    cellEl: (id) => document.getElementById(id) || null,
    reveal: (el) => log.push(['reveal', el.id]),
    fillZeros: () => log.push(['zeros']),
    nextId: () => 'h' + ++n,
  });
  return { document, window, root, s, log };
}
const err = (rule, cell, extra) => ({ rule, severity: 'error', cells: [cell], message: `${rule} at ${cell}`, ...extra });
const texts = (s) => [...s.element.querySelectorAll('li')].map((li) => li.firstChild.textContent);

test('blanks are one item with the zeros button; other errors one link each, to the cell to fix', () => {
  const { s, root, log, window } = setup();
  s.render({ diagnostics: [err('value.missing', 'a'), err('value.missing', 'b'), err('t3.balance', 'a', { fix: 'b', suggestion: { reason: '改为 0' } }), { rule: 'x', severity: 'warning', cells: ['a'], message: 'w' }] });
  assert.equal(root.firstChild, s.element, 'at the top of the report');
  assert.equal(s.element.getAttribute('role'), 'region');
  assert.equal(s.element.getAttribute('aria-labelledby'), 'h1');
  assert.deepEqual(texts(s), ['共 2 个格子未填写', 't3.balance at a 改为 0'], 'warnings are not listed');
  s.element.querySelector('button').dispatchEvent(new window.Event('click'));
  s.element.querySelectorAll('a')[1].dispatchEvent(new window.Event('click', { cancelable: true }));
  assert.deepEqual(log, [['zeros'], ['reveal', 'b']], 'the link goes to the cell to fix');
});

test('at most 20 items, the last saying how many more; updated in place; gone when no error is left', () => {
  const { s } = setup();
  const many = Array.from({ length: 30 }, (_, i) => err('t3.row_total', 'c' + i));
  s.render({ diagnostics: many });
  assert.equal(texts(s).length, MAX_ITEMS);
  assert.equal(texts(s).at(-1), '另有 11 处问题');
  const kept = s.element.querySelector('li');
  s.render({ diagnostics: [err('value.missing', 'a'), ...many.slice(0, 2)] });
  assert.deepEqual(texts(s), ['value.missing at a', 't3.row_total at c0', 't3.row_total at c1']);
  assert.equal(s.element.querySelectorAll('li')[1], kept, 'an item still wanted is the same element, moved');
  const box = s.element;
  s.render({ diagnostics: [] });
  assert.equal(s.element, null);
  assert.equal(box.parentNode, null);
});
