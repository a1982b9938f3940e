// The error summary of a report (GOV.UK's pattern): a region with a heading and one link per
// error, the blanks as one item with a button that fills them with 0, at most MAX_ITEMS items.
// Updated in place: items are kept, moved, added or removed, never all rebuilt. It only builds
// DOM; which cell a link goes to, revealing it and filling zeros are the wrapper's. Bundled into
// the drop-in script: only what Chromium 86 and Firefox 78 have.

export const MAX_ITEMS = 20;

/**
 * The summary of one report in `doc`: `text` the locale's words (heading, blanks(n), zeros,
 * more(n)); `place(box)` puts it at the top of the report; `cellEl(id)` is a cell's element or
 * null; `reveal(el)` shows and focuses one; `fillZeros()` fills the blanks; `nextId()` a fresh
 * element id. `render(result)` shows the errors of a result, `drop()` removes it, `element` is
 * the region while it is shown.
 */
export function makeSummary({ doc, text, place, cellEl, reveal, fillZeros, nextId }) {
  let summary = null;
  let items = new Map(); // item key → { li, a, text, target }

  function drop() {
    if (summary) summary.remove();
    summary = null;
    items = new Map();
  }

  /** Shows the errors of `result` (none: the summary goes). */
  function render(result) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (!errors.length) return drop();
    if (!summary) {
      summary = doc.createElement('div');
      summary.className = 'nianbao-summary';
      summary.setAttribute('data-nianbao-ui', '');
      summary.setAttribute('role', 'region');
      summary.tabIndex = -1;
      const heading = doc.createElement('h2');
      heading.id = nextId();
      heading.textContent = text.heading;
      summary.setAttribute('aria-labelledby', heading.id);
      summary.append(heading, doc.createElement('ul'));
      place(summary);
    }
    const blanks = errors.filter((d) => d.rule === 'value.missing');
    const others = errors.filter((d) => d.rule !== 'value.missing');
    const want = [];
    if (blanks.length) {
      const first = blanks[0];
      want.push({ key: 'blanks', text: blanks.length > 1 ? text.blanks(blanks.length) : first.message, target: cellEl(first.cells[0]), zeros: true });
    }
    const room = MAX_ITEMS - want.length;
    const listed = others.length > room ? others.slice(0, room - 1) : others;
    for (const d of listed) {
      const s = d.suggestion;
      const target = cellEl(d.fix) || cellEl(d.at) || cellEl(d.cells[0]);
      want.push({ key: d.rule + ' ' + d.cells[0], text: d.message + (s ? ' ' + s.reason : ''), target });
    }
    if (listed.length < others.length) want.push({ key: 'more', text: text.more(others.length - listed.length), target: null });
    const list = summary.lastChild;
    const keep = new Set(want.map((w) => w.key));
    for (const [key, item] of items) {
      if (!keep.has(key)) {
        item.li.remove();
        items.delete(key);
      }
    }
    let prev = null;
    for (const w of want) {
      let item = items.get(w.key);
      if (!item) {
        item = makeItem(w);
        items.set(w.key, item);
      }
      item.target = w.target;
      if (item.text !== w.text) item.a.textContent = item.text = w.text;
      const at = prev ? prev.nextSibling : list.firstChild;
      if (at !== item.li) list.insertBefore(item.li, at);
      prev = item.li;
    }
  }

  function makeItem(w) {
    const li = doc.createElement('li');
    const a = doc.createElement(w.target ? 'a' : 'span');
    const item = { li, a, text: '', target: w.target };
    if (w.target) {
      a.href = '#';
      a.addEventListener('click', (e) => {
        e.preventDefault();
        if (item.target) reveal(item.target);
      });
    }
    li.append(a);
    if (w.zeros) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = text.zeros;
      button.addEventListener('click', fillZeros);
      li.append(' ', button);
    }
    return item;
  }

  return {
    render,
    drop,
    get element() {
      return summary;
    },
  };
}
