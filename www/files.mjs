// Reports as agencies publish them, for `nianbao audit` (Node only): a Word document (.docx) read
// from its own XML — paragraphs, and tables with Word's merged cells (gridSpan across, vMerge
// down) as HTML colspan/rowspan — and a PDF read with PDF.js (pdfjs-dist): its text items placed
// by position, a line per baseline, cells separated where the gap between items is wide, so the
// table rows come back as rows whatever order the PDF wrote them in. Both end as text the audit
// reads as it reads a published HTML page or text. `.doc`, `.wps` (binary Word/WPS) are refused
// with a message saying what to do.
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { DOMParser } from 'linkedom';

/** Files the audit reads, by extension: text, HTML, and these. */
export const DOCUMENT = /\.(docx|pdf)$/i;
const BINARY_OFFICE = /\.(doc|wps|et|xls)$/i;

const escape = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
/** The direct children of `el` named `name` (w:tr, w:tc, …). */
const kids = (el, name) => Array.prototype.filter.call(el.childNodes, (n) => n.nodeName === name);
const first = (el, path) => path.reduce((n, name) => (n ? kids(n, name)[0] : null), el);
const val = (el) => (el ? el.getAttribute('w:val') : null);

/** A paragraph's text: its runs' w:t, tabs and breaks. */
function paragraphText(p) {
  let out = '';
  const walk = (n) => {
    for (const c of n.childNodes) {
      if (c.nodeName === 'w:t') out += c.textContent;
      else if (c.nodeName === 'w:tab') out += '\t';
      else if (c.nodeName === 'w:br' || c.nodeName === 'w:cr') out += '\n';
      else if (c.nodeType === 1 && c.nodeName !== 'w:rPr' && c.nodeName !== 'w:pPr') walk(c);
    }
  };
  walk(p);
  return out;
}

/** A table as HTML: a w:tc's gridSpan is its colspan; a vMerge run down a column its rowspan. */
function tableHtml(tbl, block) {
  const rows = kids(tbl, 'w:tr').map((tr) => {
    let col = 0;
    return kids(tr, 'w:tc').map((tc) => {
      const pr = first(tc, ['w:tcPr']);
      const span = Number(val(first(pr, ['w:gridSpan'])) || 1);
      const merge = first(pr, ['w:vMerge']);
      const cell = { col, span, rows: 1, html: kids(tc, 'w:p').map((p) => escape(paragraphText(p))).join('<br>') + kids(tc, 'w:tbl').map(block).join(''), cont: !!merge && val(merge) !== 'restart' };
      col += span;
      return cell;
    });
  });
  rows.forEach((row, r) => {
    for (const cell of row) {
      if (!cell.cont) continue;
      for (let up = r - 1; up >= 0; up--) {
        const above = rows[up].find((c) => c.col === cell.col);
        if (above && !above.cont) {
          above.rows++;
          break;
        }
      }
    }
  });
  const td = (c) => '<td' + (c.span > 1 ? ` colspan="${c.span}"` : '') + (c.rows > 1 ? ` rowspan="${c.rows}"` : '') + '>' + c.html + '</td>';
  return '<table>' + rows.map((row) => '<tr>' + row.filter((c) => !c.cont).map(td).join('') + '</tr>').join('') + '</table>';
}

/** A .docx's body as an HTML page: its paragraphs and tables, in order. */
export function docxToHtml(bytes) {
  let files;
  try {
    files = unzipSync(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), { filter: (f) => f.name === 'word/document.xml' });
  } catch (e) {
    throw new Error(`not a Word document (.docx): ${e.message}`);
  }
  if (!files['word/document.xml']) throw new Error('not a Word document (.docx): no word/document.xml');
  const xml = new DOMParser().parseFromString(strFromU8(files['word/document.xml']), 'text/xml');
  const body = xml.getElementsByTagName('w:body')[0];
  if (!body) throw new Error('not a Word document (.docx): no body');
  const block = (n) => (n.nodeName === 'w:p' ? `<p>${escape(paragraphText(n))}</p>` : n.nodeName === 'w:tbl' ? tableHtml(n, block) : '');
  return '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\n' + Array.prototype.map.call(body.childNodes, block).join('\n') + '\n</body></html>';
}

/** CJK fonts map many characters to the Kangxi radicals (⼀ U+2F00 for 一, ⾏ for 行) in a PDF's
 * text: those radicals, and the CJK radicals supplement, as the characters they stand for. */
const radicals = (text) => text.replace(/[\u2E80-\u2FDF]/g, (c) => c.normalize('NFKC'));

/**
 * A PDF's text, a line per baseline (items within a third of their height of each other), items
 * left to right; where the gap to the previous item is wider than a character a tab separates
 * them (a table's cells), else they join. Pages end with a form feed.
 */
export async function pdfToText(bytes) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(bytes);
  const doc = await pdfjs.getDocument({ data, isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const { items } = await page.getTextContent();
      const lines = [];
      for (const it of items) {
        if (!it.str || !it.str.trim()) continue;
        const [, , , , x, y] = it.transform;
        const h = Math.abs(it.transform[3]) || it.height || 10;
        let line = lines.find((l) => Math.abs(l.y - y) <= h / 3);
        if (!line) lines.push((line = { y, h, items: [] }));
        line.items.push({ x, w: it.width, s: it.str, h });
      }
      lines.sort((a, b) => b.y - a.y);
      pages.push(
        radicals(lines
          .map((l) => {
            l.items.sort((a, b) => a.x - b.x);
            let text = '';
            let end = null;
            for (const it of l.items) {
              if (end !== null) text += it.x - end > it.h * 0.9 ? '\t' : it.x - end > it.h * 0.2 ? ' ' : '';
              text += it.s;
              end = it.x + it.w;
            }
            // PDF.js joins close items into one with spaces: in a row of cells, numbers apart are cells apart.
            return text.indexOf('\t') >= 0 ? text.replace(/(\d) +(?=\d)/g, '$1\t') : text;
          })
          .join('\n')),
      );
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages.join('\n\f\n');
}

/**
 * A report file's text as the audit reads it: .docx as HTML, .pdf as text by position, anything
 * else as UTF-8 text. `.doc`/`.wps` (binary formats) throw a message saying what to do.
 */
export async function readReport(file, readText) {
  if (BINARY_OFFICE.test(file)) throw new Error(`${file.slice(file.lastIndexOf('.'))} (the binary Word/WPS format) is not read: save it as .docx or PDF`);
  if (/\.docx$/i.test(file)) return docxToHtml(readFileSync(file));
  if (/\.pdf$/i.test(file)) return pdfToText(readFileSync(file));
  return readText(file);
}
