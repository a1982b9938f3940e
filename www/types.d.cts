// What the browser and Node entries of nianbao share: the data types and the core functions.
// Each entry's declarations (nianbao.d.ts, node.d.ts, node.d.cts) re-export what it has; this
// file names no DOM or Node type, so a project without either lib compiles against it.

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
  kind: 'count' | 'money' | 'signed';
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

/** Submitted fields: URLSearchParams, a Map, an object, or anything with entries(). */
export type Fields =
  | { entries(): Iterable<[string, string]> }
  | Map<string, string>
  | Record<string, string | string[] | undefined>;

export function check(report: Report, options?: Options): Result;
export function checkJson(reportJson: string, options?: Options, previousJson?: string): Result;
/** Same as checkJson, the result as JSON text (no object is built). */
export function checkJsonText(reportJson: string, options?: Options, previousJson?: string): string;
/** Raw values in the order of form(formId).cells → the result object. */
export function checkValues(values: ArrayLike<string | null | undefined>, options?: Options, formId?: string): Result;

/** A diagnostic of a sheet's run: decided fields at once, text made when first read. */
export interface SheetDiagnostic extends Diagnostic {
  /** With inline: the cell the suggestion names (also in `suggestion.cell`, without making its text). */
  fix?: string;
}

/** One run of a sheet. */
export interface SheetView {
  ok: boolean;
  /** By cell index: the computed total (money in 1/10,000 万元), NaN for inputs and totals not computable. */
  totals: Float64Array;
  /** By cell index: the computed total as text ("" where none). */
  totalsText(): string[];
  diagnostics: SheetDiagnostic[];
  /** The whole result object, as checkValues gives it. */
  result(): Result;
}

/** The per-keystroke path: a form being filled in, kept in the core (see README). */
export interface Sheet {
  form: FormDefinition;
  /** Sets one cell (its index in form.cells) to a raw value. */
  set(cell: number, value: string | null | undefined): void;
  /** Sets every cell (one crossing): raw values in the order of form.cells. */
  setAll(values: ArrayLike<string | null | undefined>): void;
  run(options?: Options): SheetView;
  /** The raw values, by cell index. */
  values(): readonly string[];
}
export function sheet(formId?: string): Sheet;
export function form(id?: string): FormDefinition;
export function recheckForm(fields: Fields, mapping: Mapping, options?: Options & { form?: string }): Result;

/** Which input of a page is which cell (the label matcher's answer). */
export interface PageMapping {
  /** Input key (name, else id, else #ordinal) → cell id. */
  mapping: Record<string, string>;
  /** Inputs in the report's tables that match no cell, or the same cell as another input. */
  unmapped: string[];
  /** Hidden copies (fixed columns): copy key → the key of the shown input holding the cell. */
  copies: Record<string, string>;
  /** Input cells of the form that no input holds. */
  missing: string[];
  /** Why each unmapped input is unmapped. */
  reasons: Record<string, string>;
}

/** The tables of a page, as the browser wrapper extracts them. */
export interface PageGrid {
  tables: { rows: ({ t: string; i: number[] } | null)[][]; free?: boolean }[];
  inputs: { key: string; cell: string | null; hidden?: boolean }[];
}

export function mapGrid(page: PageGrid, formId?: string): PageMapping;
/** Node only: the mapping the browser wrapper computes for the report form of an HTML page (`found`: it maps the 10 cells the wrapper needs). */
export function mapHtml(html: string, formId?: string): PageMapping & { found: boolean };
/** The contract's constants (docs/contract.md) as the core states them. */
export interface Contract {
  forms: string[];
  /** The default form. */
  form: string;
  /** Joins the values `setAll` and `checkValues` take. */
  separator: string;
  options: { mode: ['fill', 'verify']; phase: ['typing', 'submit']; locale: ['zh-CN', 'en'] };
  /** The bits of a sheet run's flags. */
  flags: { fill: number; submit: number; inline: number; en: number };
  /** Offsets of a diagnostic's fields in the sheet's codes; its cells follow `count`. */
  codes: { rule: number; at: number; fix: number; count: number };
}
export function contract(): Contract;
/** What a table copied from Word, WPS or Excel holds (see README: paste). */
export interface PastedTable {
  /** Cell id → the text pasted for it. */
  cells: Record<string, string>;
  /** Cells the source left blank. */
  blanks: string[];
  /** Labels of rows whose numbers matched no cell. */
  unmatched: string[];
  /** Rows of texts, when the table is bare numbers without labels. */
  block: string[][] | null;
}
/** A table copied from Word, WPS or Excel (its clipboard HTML, or tab-separated text) read by its labels; null when there is no table. */
export function readTable(content: string, formId?: string): PastedTable | null;
/** Node only: a published report (text or HTML) read and checked, as one JSON line. */
export function auditText(text: string, options?: { previous?: string; file?: string; locale?: 'zh-CN' | 'en' }): string;
/** Node only: a published report's year and agency, from its title and metadata only (no table is read). */
export function reportIdentity(text: string): { year: number | null; agency: string | null };
