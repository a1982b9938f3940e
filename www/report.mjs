// The batch report of `nianbao audit DIR --html FILE`: one self-contained HTML page (no network,
// no external script; Chromium 86+) an auditor reads and passes on: how many reports, how many
// with errors, findings by rule and by year, a chart of the most common faults, and per report
// the agency, the year and each finding with its cell, the stated and the expected value and the
// suggestion — sortable by clicking a column's heading and filterable by words, rule and year.
// Node only: the audit gives it one compact record per report as it streams.

const esc = (s) => String(s == null ? '' : s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const TEXT = {
  'zh-CN': {
    title: '政府信息公开工作年度报告 · 核查结果', reports: '份报告', withErrors: '份有错误', findings: '条问题', byRule: '按规则', byYear: '按年度', chart: '最常见的问题',
    filter: '筛选（单位、文件、规则、格子……）', list: '各份报告', allRules: '全部规则', allYears: '全部年度', agency: '单位', year: '年度', file: '文件', count: '问题', rule: '规则', cell: '格子', stated: '填报值', expected: '应为', message: '说明', ok: '通过', none: '没有问题',
    made: (d) => '生成于 ' + d + '，由 nianbao audit 生成。点击表头排序。',
  },
  en: {
    title: 'Annual government-information-disclosure reports · audit', reports: 'reports', withErrors: 'with errors', findings: 'findings', byRule: 'By rule', byYear: 'By year', chart: 'The most common faults',
    filter: 'Filter (agency, file, rule, cell…)', list: 'Every report', allRules: 'All rules', allYears: 'All years', agency: 'Agency', year: 'Year', file: 'File', count: 'Findings', rule: 'Rule', cell: 'Cell', stated: 'Stated', expected: 'Expected', message: 'Finding', ok: 'ok', none: 'No finding',
    made: (d) => 'Made ' + d + ' by nianbao audit. Click a heading to sort.',
  },
};

/** One report's record for the page: what the audit's JSON line says, without its cells. */
export function record(line, cellLabel) {
  return {
    file: line.file,
    agency: line.agency || '',
    year: line.year || '',
    ok: line.result.ok,
    findings: line.result.diagnostics.map((d) => ({
      rule: d.rule,
      severity: d.severity,
      cell: d.cells[0] || '',
      label: d.cells[0] ? cellLabel(d.cells[0]) : '',
      actual: d.actual == null ? '' : d.actual,
      expected: d.expected == null ? '' : d.expected,
      message: d.message + (d.suggestion && d.suggestion.reason ? ' ' + d.suggestion.reason : ''),
    })),
  };
}

/** The page, from the records of every report audited. */
export function batchHtml(records, { locale = 'zh-CN', date = new Date().toISOString().slice(0, 10) } = {}) {
  const t = TEXT[locale === 'en' ? 'en' : 'zh-CN'];
  const byRule = new Map();
  const byYear = new Map();
  let findings = 0;
  for (const r of records) {
    const y = byYear.get(r.year) || { reports: 0, errors: 0, findings: 0 };
    y.reports++;
    if (!r.ok) y.errors++;
    y.findings += r.findings.length;
    byYear.set(r.year, y);
    for (const f of r.findings) {
      findings++;
      const k = byRule.get(f.rule) || { rule: f.rule, severity: f.severity, n: 0, reports: new Set() };
      k.n++;
      k.reports.add(r.file);
      byRule.set(f.rule, k);
    }
  }
  const rules = [...byRule.values()].sort((a, b) => b.n - a.n || (a.rule < b.rule ? -1 : 1));
  const years = [...byYear.keys()].sort();
  const withErrors = records.filter((r) => !r.ok).length;
  const top = rules.slice(0, 10);
  const max = Math.max(1, ...top.map((r) => r.n));
  const bar = 22;
  const chart = `<svg role="img" aria-label="${esc(t.chart)}" width="720" height="${top.length * bar + 10}" viewBox="0 0 720 ${top.length * bar + 10}">${top
    .map((r, i) => `<g transform="translate(0,${i * bar + 4})"><text x="0" y="14" font-size="13">${esc(r.rule)}</text><rect x="220" y="2" height="16" width="${Math.max(2, Math.round((r.n / max) * 420))}" fill="${r.severity === 'error' ? '#d4351c' : r.severity === 'warning' ? '#f47738' : '#1d70b8'}"></rect><text x="${228 + Math.round((r.n / max) * 420)}" y="14" font-size="13">${r.n}</text></g>`)
    .join('')}</svg>`;
  const rows = records
    .map((r, i) => {
      const list = r.findings.length
        ? r.findings.map((f) => `<tr class="f" data-rule="${esc(f.rule)}"><td class="${esc(f.severity)}">${esc(f.rule)}</td><td title="${esc(f.cell)}">${esc(f.label || f.cell)}</td><td class="n">${esc(f.actual)}</td><td class="n">${esc(f.expected)}</td><td>${esc(f.message)}</td></tr>`).join('')
        : `<tr><td colspan="5">${esc(t.none)}</td></tr>`;
      const rulesOf = [...new Set(r.findings.map((f) => f.rule))].join(' ');
      return `<tbody class="report" data-i="${i}" data-agency="${esc(r.agency)}" data-year="${esc(r.year)}" data-file="${esc(r.file)}" data-count="${r.findings.length}" data-rules="${esc(rulesOf)}"><tr class="head"><th colspan="5"><span class="agency">${esc(r.agency || '—')}</span> · <span class="year">${esc(r.year || '—')}</span> · <span class="file">${esc(r.file)}</span> · <span class="${r.ok ? 'okay' : 'error'}">${r.ok ? esc(t.ok) : r.findings.length + ' ' + esc(t.findings)}</span></th></tr>${list}</tbody>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${locale === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)}</title>
<style>
body{font:14px/1.5 "Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:24px;color:#0b0c0c}
h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:20px 0 8px}
.totals{display:flex;gap:24px;margin:8px 0 16px}.totals div{border-left:4px solid #1d70b8;padding:4px 12px}.totals b{font-size:24px;display:block}
table{border-collapse:collapse}td,th{border:1px solid #b1b4b6;padding:3px 8px;text-align:left;vertical-align:top}
th.sort{cursor:pointer;background:#f3f2f1}th.sort:after{content:" \\2195";color:#6f777b}
.n{text-align:right}.error{color:#d4351c;font-weight:bold}.warning{color:#8a5a00}.info{color:#1d70b8}.okay{color:#00703c}
tr.head th{background:#f3f2f1;font-weight:normal}#filters{margin:12px 0;display:flex;gap:8px}#filters input{width:320px}
.side{display:flex;gap:32px;flex-wrap:wrap}
</style>
</head>
<body>
<h1>${esc(t.title)}</h1>
<div class="totals"><div><b id="n-reports">${records.length}</b>${esc(t.reports)}</div><div><b id="n-errors">${withErrors}</b>${esc(t.withErrors)}</div><div><b id="n-findings">${findings}</b>${esc(t.findings)}</div></div>
<h2>${esc(t.chart)}</h2>
${chart}
<div class="side">
<div><h2>${esc(t.byRule)}</h2><table id="by-rule"><tr><th>${esc(t.rule)}</th><th class="n">${esc(t.findings)}</th><th class="n">${esc(t.reports)}</th></tr>${rules.map((r) => `<tr><td class="${esc(r.severity)}">${esc(r.rule)}</td><td class="n">${r.n}</td><td class="n">${r.reports.size}</td></tr>`).join('')}</table></div>
<div><h2>${esc(t.byYear)}</h2><table id="by-year"><tr><th>${esc(t.year)}</th><th class="n">${esc(t.reports)}</th><th class="n">${esc(t.withErrors)}</th><th class="n">${esc(t.findings)}</th></tr>${years.map((y) => `<tr><td>${esc(y || '—')}</td><td class="n">${byYear.get(y).reports}</td><td class="n">${byYear.get(y).errors}</td><td class="n">${byYear.get(y).findings}</td></tr>`).join('')}</table></div>
</div>
<h2>${esc(t.list)}</h2>
<div id="filters"><input id="q" type="search" placeholder="${esc(t.filter)}" aria-label="${esc(t.filter)}">
<select id="rule" aria-label="${esc(t.rule)}"><option value="">${esc(t.allRules)}</option>${rules.map((r) => `<option>${esc(r.rule)}</option>`).join('')}</select>
<select id="year" aria-label="${esc(t.year)}"><option value="">${esc(t.allYears)}</option>${years.map((y) => `<option>${esc(y)}</option>`).join('')}</select></div>
<table id="reports">
<thead><tr><th class="sort" data-key="agency">${esc(t.agency)}</th><th class="sort" data-key="year">${esc(t.year)}</th><th class="sort" data-key="file">${esc(t.file)}</th><th class="sort" data-key="count">${esc(t.count)}</th><th>${esc(t.message)}</th></tr>
<tr><th>${esc(t.rule)}</th><th>${esc(t.cell)}</th><th>${esc(t.stated)}</th><th>${esc(t.expected)}</th><th>${esc(t.message)}</th></tr></thead>
${rows}
</table>
<p>${esc(t.made(date))}</p>
<script>
(function () {
  var table = document.getElementById('reports');
  var q = document.getElementById('q'), rule = document.getElementById('rule'), year = document.getElementById('year');
  function filter() {
    var words = q.value.trim().toLowerCase(), r = rule.value, y = year.value;
    Array.prototype.forEach.call(table.tBodies, function (b) {
      var show = (!words || b.textContent.toLowerCase().indexOf(words) >= 0) && (!r || (' ' + b.dataset.rules + ' ').indexOf(' ' + r + ' ') >= 0) && (!y || b.dataset.year === y);
      b.hidden = !show;
    });
  }
  [q, rule, year].forEach(function (el) { el.addEventListener('input', filter); el.addEventListener('change', filter); });
  var last = null, dir = 1;
  Array.prototype.forEach.call(table.querySelectorAll('th.sort'), function (th) {
    th.addEventListener('click', function () {
      var key = th.dataset.key;
      dir = last === key ? -dir : 1;
      last = key;
      var bodies = Array.prototype.slice.call(table.tBodies);
      bodies.sort(function (a, b) {
        var x = a.dataset[key], z = b.dataset[key];
        var c = key === 'count' || key === 'year' ? Number(x) - Number(z) : x.localeCompare(z, 'zh-CN');
        return c * dir || Number(a.dataset.i) - Number(b.dataset.i);
      });
      bodies.forEach(function (b) { table.appendChild(b); });
    });
  });
})();
</script>
</body>
</html>
`;
}
