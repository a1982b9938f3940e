// A plain-JavaScript validator of the same rules, written the way a careful portal developer
// optimises one by hand: the yardstick nianbao is measured against (bench only, never shipped).
// Everything that depends only on the form (cell indexes, rule instances as index arrays,
// labels) is prepared once; a check then parses each value with a character loop (no regular
// expression, no per-cell object), works on typed arrays, and formats a message only for a
// diagnostic it reports.

const COUNT_LIMIT = 1e9;

/** A raw value → a number (money in ten-thousandths of 万元), or a negative code. */
const MISSING = -1;
const BAD = -2;
const NEGATIVE = -3;
const TOO_LARGE = -4;
const NOT_INTEGER = -5;
const DECIMALS = -6;
const RULE = { [BAD]: 'value.not_a_number', [NEGATIVE]: 'value.negative', [TOO_LARGE]: 'value.too_large', [NOT_INTEGER]: 'value.not_integer', [DECIMALS]: 'value.too_many_decimals' };

const space = (c) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || c === 0xfeff || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x1680 || c === 0x85;
const fold = (c) => (c >= 0xff10 && c <= 0xff19 ? c - 0xfee0 : c === 0xff0d ? 45 : c === 0xff0b ? 43 : c === 0xff0e ? 46 : c === 0xff0c ? 44 : c);

function parse(s, money) {
  if (s === undefined || s === null) return MISSING;
  if (typeof s !== 'string') s = String(s);
  let a = 0;
  let b = s.length;
  while (a < b && space(s.charCodeAt(a))) a++;
  while (b > a && space(s.charCodeAt(b - 1))) b--;
  if (a === b) return MISSING;
  let neg = false;
  let c = fold(s.charCodeAt(a));
  if (c === 45 || c === 43) {
    neg = c === 45;
    a++;
  }
  let int = 0;
  let digits = 0;
  let group = -1; // digits since the last separator, -1 before any
  let frac = 0;
  let fracDigits = 0;
  let dot = false;
  for (let i = a; i < b; i++) {
    c = fold(s.charCodeAt(i));
    if (c >= 48 && c <= 57) {
      if (dot) {
        fracDigits++;
        if (fracDigits <= 4) frac = frac * 10 + (c - 48);
        else if (c !== 48) frac = -1; // a fifth significant decimal
      } else {
        int = int * 10 + (c - 48);
        digits++;
        if (group >= 0) group++;
      }
    } else if (c === 44 && !dot && digits > 0 && (group === -1 ? digits <= 3 : group === 3)) {
      group = 0;
    } else if (c === 46 && !dot && (group === -1 || group === 3)) {
      dot = true;
    } else return BAD;
  }
  if ((group !== -1 && group !== 3) || digits + fracDigits === 0) return BAD;
  const hasFrac = frac !== 0;
  if (neg && (int !== 0 || hasFrac)) return NEGATIVE;
  if (int > COUNT_LIMIT || (int === COUNT_LIMIT && hasFrac)) return TOO_LARGE;
  if (!money) return hasFrac ? NOT_INTEGER : int;
  if (frac < 0) return DECIMALS;
  let f = frac;
  for (let k = Math.min(fracDigits, 4); k < 4; k++) f *= 10;
  return int * 10000 + f;
}

const show = (v, money) => {
  if (!money) return String(v);
  const int = Math.floor(v / 10000);
  const frac = v % 10000;
  return frac === 0 ? String(int) : int + '.' + String(frac).padStart(4, '0').replace(/0+$/, '');
};

export function makeReference(form) {
  const cells = form.cells;
  const n = cells.length;
  const ids = cells.map((c) => c.id);
  const zh = cells.map((c) => c.zh);
  const derived = Uint8Array.from(cells, (c) => (c.derived ? 1 : 0));
  const money = Uint8Array.from(cells, (c) => (c.kind === 'money' ? 1 : 0));
  const at = new Map(ids.map((id, i) => [id, i]));
  const idx = (id) => at.get(id);

  // Rule instances, in evaluation order (a sum only reads totals computed before it).
  const t3rows = [...new Set(cells.filter((c) => c.table === 't3').map((c) => c.row))];
  const t3cols = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other'];
  const results = t3rows.slice(2, 23);
  const sums = [];
  for (const r of t3rows) if (r !== 'results_total') sums.push({ rule: 't3.row_total', total: idx(`t3.${r}.total`), parts: t3cols.map((c) => idx(`t3.${r}.${c}`)) });
  for (const c of [...t3cols, 'total']) sums.push({ rule: 't3.results_total', total: idx(`t3.results_total.${c}`), parts: results.map((r) => idx(`t3.${r}.${c}`)) });
  for (const g of ['review', 'suit_direct', 'suit_after_review']) sums.push({ rule: 't4.total', total: idx(`t4.${g}.total`), parts: ['upheld', 'corrected', 'other', 'pending'].map((c) => idx(`t4.${g}.${c}`)) });
  const balances = t3cols.map((c) => ['new', 'carried_in', 'results_total', 'carried_out'].map((r) => idx(`t3.${r}.${c}`)));
  const floors = ['rules', 'normative'].map((r) => ['issued', 'repealed', 'in_force'].map((c) => idx(`t2.${r}.${c}`)));
  const totalIds = sums.map((s) => ids[s.total]);

  const val = new Float64Array(n);
  const state = new Int8Array(n); // 0 value, 1 missing, 2 bad
  const total = new Float64Array(n);
  const none = new Uint8Array(n); // total not computable

  return function check(report, options = {}) {
    const fill = options.mode === 'fill';
    const typing = options.phase === 'typing';
    const given = (report && report.cells) || {};
    const found = []; // { at: the cell it is shown on, d: the diagnostic }
    for (let i = 0; i < n; i++) {
      state[i] = 1;
      if (derived[i] && fill) continue;
      const raw = given[ids[i]];
      const v = parse(raw, money[i] === 1);
      if (v >= 0) {
        val[i] = v;
        state[i] = 0;
      } else if (v === MISSING) {
        if (!derived[i] && !typing) {
          state[i] = 2;
          found.push({ at: i, d: { rule: 'value.missing', severity: 'error', cells: [ids[i]], expected: null, actual: null, message: `「${zh[i]}」未填写；没有发生的请填 0。` } });
        }
      } else {
        state[i] = 2;
        found.push({ at: i, d: { rule: RULE[v], severity: 'error', cells: [ids[i]], expected: null, actual: String(raw), message: `「${zh[i]}」填写有误：“${raw}”` } });
      }
    }
    // Totals: value, or none when an operand is bad; faulty operands skip the checks.
    const operand = (p) => (derived[p] ? (none[p] ? -1 : total[p]) : state[p] === 0 ? val[p] : state[p] === 1 ? 0 : -1);
    const faulty = (p) => (derived[p] ? none[p] === 2 : state[p] === 2);
    for (const s of sums) {
      let acc = 0;
      let flag = 0;
      for (const p of s.parts) {
        const v = operand(p);
        if (v < 0) {
          flag = 1;
          break;
        }
        acc += v;
        if (faulty(p)) flag = 2;
      }
      none[s.total] = flag === 1 ? 1 : flag === 2 ? 2 : 0;
      total[s.total] = acc;
      if (flag === 0 && !fill && state[s.total] === 0 && val[s.total] !== acc) {
        const t = s.total;
        found.push({ at: t, d: { rule: s.rule, severity: 'error', cells: [ids[t], ...s.parts.map((p) => ids[p])], expected: String(acc), actual: String(val[t]), message: `「${zh[t]}」应等于本行各项之和 ${acc}，现在是 ${val[t]}。` } });
      }
    }
    for (const [a, b, c, d] of balances) {
      if (operand(a) < 0 || operand(b) < 0 || operand(c) < 0 || operand(d) < 0 || faulty(a) || faulty(b) || faulty(c) || faulty(d)) continue;
      const l = operand(a) + operand(b);
      const r = operand(c) + operand(d);
      if (l !== r) found.push({ at: d, d: { rule: 't3.balance', severity: 'error', cells: [ids[d], ids[a], ids[b], ids[c]], expected: String(l), actual: String(r), message: `「${zh[d]}」这一列前后对不上：${l} ≠ ${r}` } });
    }
    for (const [i, d, f] of floors) {
      if (state[i] !== 0 || state[d] !== 0 || state[f] !== 0) continue;
      if (val[f] < val[i] - val[d]) found.push({ at: f, d: { rule: 't2.in_force_floor', severity: 'warning', cells: [ids[f], ids[i], ids[d]], expected: `≥${val[i] - val[d]}`, actual: String(val[f]), message: `「${zh[f]}」少于制发减废止` } });
    }
    if (found.length > 1) found.sort((x, y) => x.at - y.at);
    let ok = true;
    const diagnostics = new Array(found.length);
    for (let k = 0; k < found.length; k++) {
      diagnostics[k] = found[k].d;
      if (found[k].d.severity === 'error') ok = false;
    }
    const totals = {};
    for (let k = 0; k < sums.length; k++) {
      const t = sums[k].total;
      if (none[t] !== 1) totals[totalIds[k]] = show(total[t], money[t] === 1);
    }
    return { ok, form: form.id, totals, diagnostics };
  };
}
