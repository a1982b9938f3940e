// The national template (国办公开办函〔2021〕30号) as the portals' own front-end code describes it:
// labels as printed on the template, field names of the portal's database (zdgk_/ysq_/fyss_, as
// in tests/fixtures/forms/portal-form-a.html). Each test page builds its tables from this with
// its own framework. Nothing here knows nianbao's cell ids.
window.NB_TEMPLATE = {
  t2: [
    { item: '第二十条第（一）项', cols: ['本年制发件数', '本年废止件数', '现行有效件数'], rows: [['规章', 'zdgk_1_1'], ['行政规范性文件', 'zdgk_1_2']] },
    { item: '第二十条第（五）项', cols: ['本年处理决定数量'], rows: [['行政许可', 'zdgk_5_1']] },
    { item: '第二十条第（六）项', cols: ['本年处理决定数量'], rows: [['行政处罚', 'zdgk_6_1'], ['行政强制', 'zdgk_6_2']] },
    { item: '第二十条第（八）项', cols: ['本年收费金额（单位：万元）'], rows: [['行政事业性收费', 'zdgk_8_1']] },
  ],
  t3cols: ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'],
  t3rows: [
    '一、本年新收政府信息公开申请数量',
    '二、上年结转政府信息公开申请数量',
    '三、本年度办理结果 （一）予以公开',
    '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    '（三）不予公开 1.属于国家秘密',
    '2.其他法律行政法规禁止公开',
    '3.危及“三安全一稳定”',
    '4.保护第三方合法权益',
    '5.属于三类内部事务信息',
    '6.属于四类过程性信息',
    '7.属于行政执法案卷',
    '8.属于行政查询事项',
    '（四）无法提供 1.本机关不掌握相关政府信息',
    '2.没有现成信息需要另行制作',
    '3.补正后申请内容仍不明确',
    '（五）不予处理 1.信访举报投诉类申请',
    '2.重复申请',
    '3.要求提供公开出版物',
    '4.无正当理由大量反复申请',
    '5.要求行政机关确认或重新出具已获取信息',
    '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    '3.其他',
    '（七）总计',
    '四、结转下年度继续办理',
  ],
  t4groups: [['行政复议', ''], ['行政诉讼', '未经复议直接起诉'], ['行政诉讼', '复议后起诉']],
  t4cols: ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'],
};

/** Field name of table 二 row `name` column `c` (0-based), as the portal names them. */
window.NB_T2_FIELD = (name, c, ncols) => (ncols > 1 ? name + '_' + (c + 1) : name);
/** Every field of the report, as the portal names them, with '0' (a saved draft of zeros). */
window.NB_ZEROS = () => {
  const t = window.NB_TEMPLATE;
  const out = {};
  for (const g of t.t2) for (const [, name] of g.rows) g.cols.forEach((_, c) => (out[window.NB_T2_FIELD(name, c, g.cols.length)] = '0'));
  t.t3rows.forEach((_, r) => t.t3cols.forEach((_, c) => (out['ysq_' + (r + 1) + '_' + (c + 1)] = '0')));
  for (let i = 1; i <= 15; i++) out['fyss_' + i] = '0';
  return out;
};

/**
 * The three tables as a jQuery/Layui portal writes them into the page: plain <table>s (with
 * `cls`), labels in <td>, `input(name)` making each value cell's input.
 */
window.NB_TABLES_HTML = (input, cls) => {
  const T = window.NB_TEMPLATE;
  const table = '<table' + (cls ? ' class="' + cls + '"' : '') + '>';
  let html = table + '<tr><td colspan="4">二、主动公开政府信息情况</td></tr>';
  for (const g of T.t2) {
    const span = '<td colspan="' + (g.cols.length === 1 ? 3 : 1) + '">';
    html += '<tr><td colspan="4">' + g.item + '</td></tr><tr><td>信息内容</td>' + g.cols.map((c) => span + c + '</td>').join('') + '</tr>';
    for (const row of g.rows) html += '<tr><td>' + row[0] + '</td>' + g.cols.map((_, c) => span + input(window.NB_T2_FIELD(row[1], c, g.cols.length)) + '</td>').join('') + '</tr>';
  }
  html += '</table>' + table + '<tr><td rowspan="2">三、收到和处理政府信息公开申请情况</td><td colspan="7">申请人情况</td></tr><tr>' + T.t3cols.map((c) => '<td>' + c + '</td>').join('') + '</tr>';
  T.t3rows.forEach((label, r) => {
    html += '<tr><td>' + label + '</td>';
    for (let c = 1; c <= 7; c++) html += '<td>' + input('ysq_' + (r + 1) + '_' + c) + '</td>';
    html += '</tr>';
  });
  html += '</table>' + table + '<tr><td colspan="5" rowspan="2">行政复议</td><td colspan="10">行政诉讼</td></tr><tr><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr><tr>';
  for (let g = 0; g < 3; g++) html += T.t4cols.map((c) => '<td>' + c + '</td>').join('');
  html += '</tr><tr>';
  for (let i = 1; i <= 15; i++) html += '<td>' + input('fyss_' + i) + '</td>';
  return html + '</tr></table>';
};
