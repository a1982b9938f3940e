// A straightforward plain-JavaScript validator of the same rules, as a portal developer would
// write it by hand: the yardstick nianbao is measured against (bench only, never shipped).
// It reads the cell list once from a form definition (ids, labels, derived) and then works on
// plain objects.

const FULL = /[０-９－＋．，]/g;
const FOLD = { '－': '-', '＋': '+', '．': '.', '，': ',' };
const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d*)?$/;

function parse(raw, money) {
  if (raw == null) return { missing: true };
  let s = String(raw).replace(/^[\s\u200b\u200c\u200d\u2060\ufeff]+|[\s\u200b\u200c\u200d\u2060\ufeff]+$/g, '');
  if (s === '') return { missing: true };
  s = s.replace(FULL, (c) => FOLD[c] ?? String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!NUMBER.test(s) || !/\d/.test(s)) return { rule: 'value.not_a_number' };
  const [int, frac = ''] = s.replace(/[+,]/g, '').split('.');
  const neg = int.startsWith('-');
  const digits = int.replace('-', '') || '0';
  const fracDigits = frac.replace(/0+$/, '');
  if (neg && (/[1-9]/.test(digits) || fracDigits)) return { rule: 'value.negative' };
  const n = Number(digits);
  if (n > 1e9 || (n === 1e9 && fracDigits)) return { rule: 'value.too_large' };
  if (!money && fracDigits) return { rule: 'value.not_integer' };
  if (money && fracDigits.length > 4) return { rule: 'value.too_many_decimals' };
  return { value: money ? n * 10000 + Number(fracDigits.padEnd(4, '0')) : n };
}

export function makeReference(form) {
  const cells = form.cells;
  const byId = new Map(cells.map((c) => [c.id, c]));
  const t3rows = [...new Set(cells.filter((c) => c.table === 't3').map((c) => c.row))];
  const t3cols = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other'];
  const results = t3rows.slice(2, 23);
  const t4rows = ['review', 'suit_direct', 'suit_after_review'];
  const t4cols = ['upheld', 'corrected', 'other', 'pending'];

  return function check(report, options = {}) {
    const fill = options.mode === 'fill';
    const typing = options.phase === 'typing';
    const diagnostics = [];
    const val = {};
    const bad = {};
    for (const c of cells) {
      if (c.derived && fill) continue;
      const p = parse(report.cells?.[c.id], c.kind === 'money');
      if (p.missing) {
        if (!c.derived && !typing) {
          diagnostics.push({ rule: 'value.missing', severity: 'error', cells: [c.id], expected: null, actual: null, message: `「${c.zh}」未填写；没有发生的请填 0。` });
          bad[c.id] = true;
        }
      } else if (p.rule) {
        bad[c.id] = true;
        diagnostics.push({ rule: p.rule, severity: 'error', cells: [c.id], expected: null, actual: String(report.cells[c.id]), message: `「${c.zh}」填写有误：“${report.cells[c.id]}”` });
      } else val[c.id] = p.value;
    }
    const totals = {};
    const get = (id) => (byId.get(id).derived ? totals[id] : val[id] ?? 0);
    const sum = (total, parts, rule) => {
      let s = 0;
      for (const p of parts) {
        const v = bad[p] ? undefined : get(p);
        if (v === undefined) return;
        s += v;
      }
      totals[total] = s;
      if (!fill && val[total] !== undefined && val[total] !== s) {
        diagnostics.push({ rule, severity: 'error', cells: [total, ...parts], expected: String(s), actual: String(val[total]), message: `「${byId.get(total).zh}」应等于本行各项之和 ${s}，现在是 ${val[total]}。` });
      }
    };
    for (const r of t3rows) if (r !== 'results_total') sum(`t3.${r}.total`, t3cols.map((c) => `t3.${r}.${c}`), 't3.row_total');
    for (const c of [...t3cols, 'total']) sum(`t3.results_total.${c}`, results.map((r) => `t3.${r}.${c}`), 't3.results_total');
    for (const c of t3cols) {
      const ids = [`t3.new.${c}`, `t3.carried_in.${c}`, `t3.results_total.${c}`, `t3.carried_out.${c}`];
      if (ids.some((id) => bad[id] || get(id) === undefined)) continue;
      const l = get(ids[0]) + get(ids[1]);
      const r = get(ids[2]) + get(ids[3]);
      if (l !== r) diagnostics.push({ rule: 't3.balance', severity: 'error', cells: [ids[3], ids[0], ids[1], ids[2]], expected: String(l), actual: String(r), message: `「${byId.get(ids[3]).zh}」这一列前后对不上：${l} ≠ ${r}` });
    }
    for (const g of t4rows) sum(`t4.${g}.total`, t4cols.map((c) => `t4.${g}.${c}`), 't4.total');
    for (const r of ['rules', 'normative']) {
      const [i, d, f] = ['issued', 'repealed', 'in_force'].map((c) => val[`t2.${r}.${c}`]);
      if (i !== undefined && d !== undefined && f !== undefined && f < i - d) {
        diagnostics.push({ rule: 't2.in_force_floor', severity: 'warning', cells: [`t2.${r}.in_force`, `t2.${r}.issued`, `t2.${r}.repealed`], expected: `≥${i - d}`, actual: String(f), message: `「${byId.get(`t2.${r}.in_force`).zh}」少于制发减废止` });
      }
    }
    const order = new Map(cells.map((c, i) => [c.id, i]));
    diagnostics.sort((a, b) => order.get(a.cells[0]) - order.get(b.cells[0]));
    const out = {};
    for (const [k, v] of Object.entries(totals)) out[k] = String(v);
    return { ok: !diagnostics.some((d) => d.severity === 'error'), form: 'ogi-2021', totals: out, diagnostics };
  };
}
