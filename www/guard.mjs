// The guard on what leaves a report page: which control sends the report (a form's submit
// button, Layui's lay-submit, 提交/上报/报送, 保存 without a separate submit control) and which is a
// draft (formnovalidate, data-nianbao-draft, 暂存/保存草稿, 保存 beside 提交, a draft URL); the
// submit event and clicks stopped before the page's own handlers run; and, through the send
// watcher (send.mjs), every request the page sends that carries a report with errors refused.
// The controllers say whether a report may go (`allow`), whether a payload carries it
// (`carries`) and whether a URL saves a draft (`draftUrl`). Bundled into the drop-in script:
// only what Chromium 86 and Firefox 78 have.

const SUBMIT_WORDS = /提交|上报|报送|报出|submit|send/i;
const DRAFT_WORDS = /暂存|草稿|draft/i;
const SAVE_WORDS = /保存|save/i;
const CONTROLS = 'button,input[type=submit],input[type=button],input[type=image],a,[role=button],[lay-submit]';
// A click on a draft control makes the page's requests of the next few seconds drafts.
const DRAFT_INTENT_MS = 3000;

/** The words a control shows (its value, text, aria-label or title), without spaces. */
export function labelOfControl(el) {
  return ((el.localName === 'input' ? el.value : el.textContent) || el.getAttribute('aria-label') || el.getAttribute('title') || '').replace(/\s+/g, '');
}

/**
 * Draft URL patterns (attach's `draftUrl`, data-nianbao-draft-url) as a test of a request URL.
 * A pattern is a RegExp (tested on the whole URL) or a glob, `*` any characters, several
 * separated by spaces or commas: matched against the URL's path (`/api/report/draft`; a pattern
 * without a leading `/` matches the path's end, `draft.do`), the path and query when it has a
 * `?` (`/nb/save.do?*action=save*`), the whole URL when it has `://`.
 */
export function urlTest(patterns) {
  const tests = [].concat(patterns || []).flatMap((p) => (typeof p === 'string' ? p.split(/[\s,]+/).filter(Boolean) : [p]))
    .map((p) => {
      if (p instanceof RegExp) return (u) => p.test(u.href);
      const glob = /^[/*]|:\/\//.test(p) ? p : '*/' + p;
      const re = new RegExp('^' + glob.split('*').map((t) => t.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
      if (p.indexOf('://') >= 0) return (u) => re.test(u.href);
      if (p.indexOf('?') >= 0) return (u) => re.test(u.pathname + u.search);
      return (u) => re.test(u.pathname);
    });
  return (url) => {
    if (!tests.length) return false;
    let u;
    try {
      u = new URL(url);
    } catch (e) {
      return false;
    }
    return tests.some((t) => t(u));
  };
}

/**
 * The guard of the documents `controllers` (the live list of attached reports) belong to, with
 * `sends` ({ watchSends, readBody }, send.mjs). `guard(doc)` installs it on a document once.
 */
export function makeGuard(controllers, sends) {
  // What a person meant by the control they clicked last: a draft save, until another control
  // that sends is clicked (or a few seconds pass).
  let draftUntil = 0;

  /** The controller a form or a control belongs to: the one whose root holds it or its form. */
  function controllerOf(el, doc) {
    const form = el.localName === 'form' ? el : el.form || el.closest('form');
    const inside = controllers.filter((c) => c.root.ownerDocument === doc && (c.root.contains(el) || (form && (form.contains(c.root) || c.root.contains(form)))));
    if (inside.length) return inside[0];
    const here = controllers.filter((c) => c.root.ownerDocument === doc);
    // A page-level button outside any form, with one report on the page: that report's.
    return !form && here.length === 1 ? here[0] : null;
  }

  /** Whether `control` saves a draft: formnovalidate, data-nianbao-draft, 暂存/草稿/draft, or
   * 保存 when `scope` (its form, or the document) has a separate 提交/上报 control. */
  function isDraft(control, scope) {
    if (!control) return false;
    if (control.hasAttribute('formnovalidate') || control.hasAttribute('data-nianbao-draft')) return true;
    const label = labelOfControl(control);
    if (DRAFT_WORDS.test(label)) return true;
    if (!SAVE_WORDS.test(label) || SUBMIT_WORDS.test(label)) return false;
    // 保存 is a draft save when the page has a separate 提交/上报 control.
    return Array.prototype.some.call(scope.querySelectorAll(CONTROLS), (c) => c !== control && SUBMIT_WORDS.test(labelOfControl(c)) && !DRAFT_WORDS.test(labelOfControl(c)));
  }

  /** Whether a request to `url` saves a draft of `c`'s report: a draft URL pattern, or a draft control clicked just before. */
  function draftRequest(c, url) {
    return Date.now() < draftUntil || (!!url && c.draftUrl(url));
  }

  /**
   * Whether `req` ({ url, payload, how }, from the send watcher) may go: each report of the
   * document it carries (its fields' names, or most of its values; for a form, the form holding
   * it) is checked as on submit, and one with errors stops it unless it is a draft.
   */
  function judge(doc, req) {
    for (const c of controllers.filter((x) => x.root.ownerDocument === doc)) {
      const form = req.payload.form;
      const own = form && (form.contains(c.root) || c.root.contains(form));
      if (!own && !c.carries(req.payload)) continue;
      if (!c.allow(draftRequest(c, req.url))) return false;
    }
    return true;
  }

  /** A control that sends the report, by what it is or what it says: a form's submit button,
   * Layui's lay-submit, or words (提交/上报/报送, 保存, 暂存, submit). */
  function sendsReport(control, draft) {
    const type = (control.getAttribute('type') || (control.localName === 'button' ? 'submit' : '')).toLowerCase();
    if ((control.form && (type === 'submit' || type === 'image')) || control.hasAttribute('lay-submit')) return true;
    const label = labelOfControl(control);
    return draft || SUBMIT_WORDS.test(label) || SAVE_WORDS.test(label);
  }

  /**
   * Guards a document, what is sent rather than what is clicked: every request the page sends
   * (fetch, XMLHttpRequest, sendBeacon, form.submit(); watchSends) that carries a report with
   * errors fails as a network error. In front of that, friendlier: the submit event (submit
   * buttons, Enter, requestSubmit()) and clicks on controls that send the report (a form's submit
   * button, lay-submit, 提交/上报/报送/submit, or 保存 when there is no separate submit control)
   * are stopped before the page's own handlers run, so the page shows no network error.
   */
  function guard(doc) {
    const view = doc.defaultView;
    sends.watchSends(view, (req) => judge(doc, req));
    if (view.__nianbaoGuard) return;
    view.__nianbaoGuard = true;
    doc.addEventListener(
      'submit',
      (e) => {
        const form = e.target;
        let c = controllerOf(form, doc);
        if (!c) {
          // A form that is not the report's but carries its values (copied into hidden fields).
          const payload = sends.readBody(new view.FormData(form), form.getAttribute('action'));
          c = controllers.find((x) => x.root.ownerDocument === doc && x.carries(payload));
          if (!c) return;
        }
        if (!c.allow(isDraft(e.submitter || null, form) || draftRequest(c, form.action))) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      },
      true,
    );
    doc.addEventListener(
      'click',
      (e) => {
        const control = e.target && e.target.closest ? e.target.closest(CONTROLS) : null;
        if (!control || control.disabled) return;
        const c = controllerOf(control, doc);
        if (!c) return;
        const draft = isDraft(control, control.form || doc);
        if (!sendsReport(control, draft)) return;
        draftUntil = draft ? Date.now() + DRAFT_INTENT_MS : 0;
        if (!c.allow(draft)) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      },
      true,
    );
  }

  return { guard, judge, isDraft, controllerOf, sendsReport };
}
