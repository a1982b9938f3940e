// Type declarations for the nianbao package (browser and Node entries share them).

/** A cell value as typed: text, or a number; null / absent is blank. */
export type CellValue = string | number | null;

export interface Report {
  form?: 'ogi-2021' | string;
  year?: number | string;
  agency?: string;
  /** Cell id (domain.md, e.g. "t3.new.natural") → value. */
  cells: Record<string, CellValue>;
  /** Last year's report, for the prev.* rules. */
  previous?: { cells: Record<string, CellValue> };
}

export interface Options {
  /** fill: compute derived totals; verify: check typed totals (default). */
  mode?: 'fill' | 'verify';
  /** typing: blank inputs are not errors; submit: they are (default). */
  phase?: 'typing' | 'submit';
  locale?: 'zh-CN' | 'en';
  /** For a form page (checkValues): each diagnostic gets `short`, broken sums and balances a `suggestion`. */
  inline?: boolean;
  /** With inline: the index (in form(formId).cells) of the cell the person just changed. */
  changed?: number;
}

export interface Suggestion {
  /** The single cell most likely wrong, and the value that makes every sum hold (null: no single cell explains it). */
  cell: string | null;
  value: string | null;
  /** Why, in a sentence naming the cell. */
  reason: string;
  /** With inline: the few words shown at the suggested cell itself. */
  short?: string;
}

export interface Diagnostic {
  /** Stable rule id, e.g. "t3.balance", "value.not_a_number". */
  rule: string;
  severity: 'error' | 'warning' | 'info';
  /** cells[0] is where the message is shown. */
  cells: string[];
  expected: string | null;
  actual: string | null;
  message: string;
  /** Audits, and checkValues with inline: the one cell to fix. */
  suggestion?: Suggestion;
  /** With inline: the message in a few words, naming no cell (for under the cell). */
  short?: string;
  /** With changed: the changed cell, when this rule involves it and every input of the rule is filled. */
  at?: string;
}

export interface Result {
  ok: boolean;
  form: string;
  /** Derived cell id → computed value (left out when an operand is not a number). */
  totals: Record<string, string>;
  diagnostics: Diagnostic[];
}

export interface CellDefinition {
  id: string;
  table: string;
  row: string;
  col: string;
  derived: boolean;
  kind: 'count' | 'money';
  /** Full labels, e.g. "四、结转下年度继续办理 · 自然人". */
  zh: string;
  en: string;
}

export interface FormDefinition {
  id: string;
  label: { zh: string; en: string };
  tables: { key: string; zh: string; en: string }[];
  cells: CellDefinition[];
}

/** Field name → cell id, or what a browser controller's mapping() returns. */
export type Mapping = Record<string, string> | { mapping: Record<string, string> };

export type Fields =
  | URLSearchParams
  | Map<string, string>
  | Record<string, string | string[] | undefined>;

/** Browser: loads the .wasm (beside the module, or from a URL, Response, bytes or Module). Node: already loaded. */
export function init(input?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;
export function check(report: Report, options?: Options): Result;
export function checkJson(reportJson: string, options?: Options, previousJson?: string): Result;
/** Same as checkJson, the result as JSON text (no object is built). */
export function checkJsonText(reportJson: string, options?: Options, previousJson?: string): string;
/** Raw values in the order of form(formId).cells: the per-keystroke path. */
export function checkValues(values: ArrayLike<string | null | undefined>, options?: Options, formId?: string): Result;
export function form(id?: string): FormDefinition;
export function recheckForm(fields: Fields, mapping: Mapping, options?: Options & { form?: string }): Result;

/** Which input of a page is which cell (the label matcher's answer). */
export interface PageMapping {
  /** Input key (name, else id, else #ordinal) → cell id. */
  mapping: Record<string, string>;
  /** Inputs in the report's tables that match no cell, or the same cell as another input. */
  unmapped: string[];
  /** Input cells of the form that no input holds. */
  missing: string[];
  /** Why each unmapped input is unmapped. */
  reasons: Record<string, string>;
}

/** The tables of a page, as the browser wrapper extracts them. */
export interface PageGrid {
  tables: { rows: ({ t: string; i: number[] } | null)[][] }[];
  inputs: { key: string; cell: string | null }[];
}

export function mapGrid(page: PageGrid, formId?: string): PageMapping;
/** Node only: the mapping the browser wrapper computes for the report form of an HTML page. */
export function mapHtml(html: string, formId?: string): PageMapping;
/** Node only: a published report (text or HTML) read and checked, as one JSON line. */
export function auditText(text: string, options?: { previous?: string; file?: string; locale?: 'zh-CN' | 'en' }): string;

export interface AttachOptions {
  locale?: 'zh-CN' | 'en';
  /** Stop submission while there are errors (default true). */
  blockSubmit?: boolean;
  /** Field name or id → cell id; wins over the labels. */
  mapping?: Record<string, string>;
  /** fill: totals are computed (default); verify: people type them and they are checked. */
  mode?: 'fill' | 'verify';
}

export interface Controller {
  /** Checks as on submit, shows every error, returns the result. */
  validate(): Result;
  /** Cell id → value as typed. */
  values(): Record<string, string>;
  mapping(): PageMapping;
  /** The last result. */
  result(): Result | null;
  /** Removes every listener, message and attribute the wrapper added. */
  detach(): void;
}

/** Browser ES module only: attaches to a report form (after `await init()`). */
export function attach(form: HTMLFormElement, options?: AttachOptions): Controller;
/** Browser ES module only: attaches to every form of `doc` whose tables are the report's. */
export function attachAll(doc: Document, options?: AttachOptions): Controller[];
