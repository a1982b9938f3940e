// Declarations of nianbao's browser entry (the ES module www/nianbao.mjs): the core functions,
// init() to load the .wasm, and the form wrapper. Node gets node.d.ts / node.d.cts.
import type { Result, PageMapping } from './types.cjs';

export type * from './types.cjs';
export { check, checkJson, checkJsonText, checkValues, sheet, form, recheckForm, mapGrid, contract } from './types.cjs';

/**
 * Loads the .wasm: by default from beside this module (`new URL('./pkg/nianbao_bg.wasm',
 * import.meta.url)`, which Vite, webpack 5 and Parcel handle); or give a URL, a Response, the
 * bytes or a compiled WebAssembly.Module (e.g. `import wasmUrl from 'nianbao/nianbao_bg.wasm?url'`).
 */
export function init(input?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;

export interface AttachOptions {
  locale?: 'zh-CN' | 'en';
  /** Stop submission while there are errors (default true). */
  blockSubmit?: boolean;
  /** Field name or id → cell id; wins over the labels. */
  mapping?: Record<string, string>;
  /** fill: totals are computed (default); verify: people type them and they are checked. */
  mode?: 'fill' | 'verify';
  form?: string;
  /**
   * The page's draft-save URLs: a request to one is never blocked. Globs (`*` any characters)
   * matched against the URL's path (`/api/report/draft`; without a leading `/` the path's end,
   * `draft.do`), its path and query when the pattern has `?`, the whole URL when it has `://`;
   * or RegExps tested on the whole URL. Also `data-nianbao-draft-url` on the report's element.
   */
  draftUrl?: string | RegExp | Array<string | RegExp>;
  /** The page's CSP nonce, for the `<style>` element used where constructable stylesheets are missing. */
  nonce?: string;
  /**
   * A grid of text cells (an editor only in the active cell): writes a derived total into the
   * grid's own data; return true when done. Without it (or when it returns anything else) the
   * cell's editor is opened by a click (then a double click) and the value typed into it.
   */
  writeCell?(cell: Element, value: string, cellId: string): boolean;
}

/** What a paste did (also the detail of the `nianbao:paste` event). */
export interface PasteSummary {
  filled: number;
  blanks: string[];
  overwritten: { cell: string; before: string; after: string }[];
  totals: { cell: string; pasted: string; computed: string; message: string }[];
  unmatched: string[];
  missing: string[];
  error: { rows: number; cols: number; roomRows: number; roomCols: number } | null;
}

export interface Controller {
  /** The element the report is in (a form, or the element around its fields). */
  readonly root: Element;
  /** Checks as on submit, shows every error and the summary, returns the result. */
  validate(): Result;
  /** Cell id → value as typed. */
  values(): Record<string, string>;
  mapping(): PageMapping;
  /** The cell id an input (or a grid's text cell) holds, or null. */
  cellOf(input: Element): string | null;
  /** The last result. */
  result(): Result | null;
  /** Removes every listener, message and attribute the wrapper added. */
  detach(): void;
  /**
   * Pastes tables as Ctrl+V in a report input does: the clipboard's HTML (starting with `<`) or
   * tab-separated text; `fromCell` is where a bare block of numbers starts. The summary, or null
   * when it is no report paste.
   */
  paste(content: string, fromCell?: string): PasteSummary | null;
  /** Gives every input the last paste changed its earlier value back; true if there was one. */
  undoPaste(): boolean;
  /** Whether a request's payload (`{ keys, values }`) carries this report (see README: what is sent). */
  carries(payload: { keys: Set<string>; values: string[] }): boolean;
  /** Whether a request to `url` is a draft save (draftUrl, data-nianbao-draft-url). */
  draftUrl(url: string): boolean;
}

/** Attaches to a report (a form, or any element holding its fields), after `await init()`. */
export function attach(element: Element, options?: AttachOptions): Controller;
/** Attaches to every report of `doc` not attached yet. */
export function attachAll(doc?: Document, options?: AttachOptions): Controller[];
/** Every report of `doc` checked as on submit, errors shown. */
export function validate(doc?: Document): { ok: boolean; results: Result[] };
/** The attached reports. */
export const controllers: readonly Controller[];
