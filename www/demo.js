// Placeholder demo: checks the report typed in the textarea with the wasm module.
import init, { check } from './pkg/nianbao.js';

const $ = (id) => document.getElementById(id);

function show() {
  const status = $('status');
  const list = $('diagnostics');
  list.replaceChildren();
  let result;
  try {
    result = check(JSON.parse($('report').value), { mode: $('mode').value, locale: $('locale').value });
  } catch (e) {
    status.className = 'bad';
    status.textContent = String(e.message ?? e);
    return;
  }
  status.className = result.ok ? 'ok' : 'bad';
  status.textContent = `${result.ok ? '通过 ok' : '有错误 errors'}：${result.diagnostics.length} 条提示，${Object.keys(result.totals).length} 个合计`;
  for (const d of result.diagnostics) {
    const li = document.createElement('li');
    li.textContent = `[${d.severity}] ${d.rule} ${d.cells[0] ?? ''}: ${d.message}`;
    list.append(li);
  }
}

await init();
$('report').value = await (await fetch('/seed.json')).text();
$('run').addEventListener('click', show);
show();
