//! The templates as declared: tables of rows and columns with their labels (中文/English),
//! which cells are derived, and the rules between them. build.rs reads this same file to
//! generate the cells and rule instances (`generate.rs`), so it names nothing outside `form`.

use super::rules::Rule;

/// What a cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A non-negative whole number of items (applications, decisions, documents).
    Count,
    /// A non-negative amount in 万元, to at most 4 decimal places (one yuan).
    Money,
    /// A whole number that may be negative: the 2019 form's 本年增/减.
    Signed,
}

/// Static label pair.
#[derive(Clone, Copy, Debug)]
pub struct Label {
    pub zh: &'static str,
    pub en: &'static str,
}

const fn l(zh: &'static str, en: &'static str) -> Label {
    Label { zh, en }
}

/// A column of a table.
#[derive(Clone, Copy, Debug)]
pub struct ColDef {
    pub key: &'static str,
    pub label: Label,
    pub kind: Kind,
}

const fn col(key: &'static str, zh: &'static str, en: &'static str) -> ColDef {
    ColDef {
        key,
        label: l(zh, en),
        kind: Kind::Count,
    }
}

/// A row of a table: its own label, and the heading of the group it sits under, if any
/// (「（三）不予公开」 for 「1.属于国家秘密」, 「第二十条第（一）项」 for 「规章」).
#[derive(Clone, Copy, Debug)]
pub struct RowDef {
    pub key: &'static str,
    pub group: Option<Label>,
    pub label: Label,
}

const fn row(key: &'static str, zh: &'static str, en: &'static str) -> RowDef {
    RowDef {
        key,
        group: None,
        label: l(zh, en),
    }
}

const fn grow(key: &'static str, group: Label, zh: &'static str, en: &'static str) -> RowDef {
    RowDef {
        key,
        group: Some(group),
        label: l(zh, en),
    }
}

impl Shape {
    /// Every row in order, with its columns (a grid's rows share the grid's).
    pub fn rows_with_cols(&self) -> Vec<(RowDef, &'static [ColDef])> {
        match *self {
            Shape::Rows(rows) => rows.to_vec(),
            Shape::Grid { cols, .. } => self.grid_rows().into_iter().map(|r| (r, cols)).collect(),
        }
    }

    /// The rows of a grid table, in order (empty for other shapes).
    pub fn grid_rows(&self) -> Vec<RowDef> {
        match self {
            Shape::Grid { rows, .. } => rows.iter().flat_map(|g| g.iter().copied()).collect(),
            Shape::Rows(_) => Vec::new(),
        }
    }
}

/// How a table is laid out.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// Every row has columns of its own; all cells are inputs (table 二).
    Rows(&'static [(RowDef, &'static [ColDef])]),
    /// A grid of rows × columns. The column `total_col` of every row is derived: the sum of the
    /// row's other columns (rule `row_rule`). If `total_row` is set, that row is derived too: in
    /// every column, the sum of the rows `first..=last` (rule `rule`).
    Grid {
        /// Groups of rows, read one after the other (forms share most rows of table 三).
        rows: &'static [&'static [RowDef]],
        cols: &'static [ColDef],
        total_col: &'static str,
        row_rule: Rule,
        total_row: Option<TotalRow>,
    },
}

#[derive(Clone, Copy, Debug)]
pub struct TotalRow {
    pub row: &'static str,
    pub first: &'static str,
    pub last: &'static str,
    pub rule: Rule,
}

#[derive(Clone, Copy, Debug)]
pub struct TableDef {
    /// `t2`, `t3`, `t4`.
    pub key: &'static str,
    pub label: Label,
    pub shape: Shape,
}

/// `lhs` rows = `rhs` rows in every non-total column of a grid table; shown on the last `rhs` row.
#[derive(Clone, Copy, Debug)]
pub struct BalanceDef {
    pub table: &'static str,
    pub lhs: &'static [&'static str],
    pub rhs: &'static [&'static str],
}

/// A row of table 二 whose `in_force` count follows from `issued` and `repealed`.
#[derive(Clone, Copy, Debug)]
pub struct InForceDef {
    pub row: &'static str,
}

/// This year's `to` row must equal last year's `from` row, column by column.
#[derive(Clone, Copy, Debug)]
pub struct CarryDef {
    pub table: &'static str,
    pub to: &'static str,
    pub from: &'static str,
}

#[derive(Clone, Copy, Debug)]
pub struct FormDef {
    pub id: &'static str,
    pub label: Label,
    pub tables: &'static [TableDef],
    pub balance: &'static [BalanceDef],
    pub in_force: &'static [InForceDef],
    pub carry: &'static [CarryDef],
    /// Words that identify a row (`"t3.row.new"`) or a column (`"t3.col.natural"`) in a page's
    /// labels, for matching inputs to cells; a label containing a longer word wins.
    pub words: &'static [&'static [(&'static str, &'static [&'static str])]],
    /// Tables whose rows and columns may be swapped on a page (table 四's groups as rows).
    pub transposable: &'static [&'static str],
}

pub const OGI_2021_ID: &str = "ogi-2021";

// ---------------------------------------------------------------------------------------------
// The 2021 form.

const ART_1: Label = l("第二十条第（一）项", "Article 20 (1)");
const ART_5: Label = l("第二十条第（五）项", "Article 20 (5)");
const ART_6: Label = l("第二十条第（六）项", "Article 20 (6)");
const ART_8: Label = l("第二十条第（八）项", "Article 20 (8)");

const DOCS: &[ColDef] = &[
    col("issued", "本年制发件数", "issued this year"),
    col("repealed", "本年废止件数", "repealed this year"),
    col("in_force", "现行有效件数", "in force"),
];
const DECISIONS: &[ColDef] = &[col("decisions", "本年处理决定数量", "decisions this year")];
const FEES: &[ColDef] = &[ColDef {
    key: "amount",
    label: l(
        "本年收费金额（单位：万元）",
        "fees collected this year (10,000 yuan)",
    ),
    kind: Kind::Money,
}];

const T2_ROWS: &[(RowDef, &[ColDef])] = &[
    (grow("rules", ART_1, "规章", "Rules"), DOCS),
    (
        grow("normative", ART_1, "行政规范性文件", "Normative documents"),
        DOCS,
    ),
    (
        grow("licensing", ART_5, "行政许可", "Administrative licensing"),
        DECISIONS,
    ),
    (
        grow("penalty", ART_6, "行政处罚", "Administrative penalties"),
        DECISIONS,
    ),
    (
        grow("coercion", ART_6, "行政强制", "Administrative coercion"),
        DECISIONS,
    ),
    (
        grow("fees", ART_8, "行政事业性收费", "Administrative fees"),
        FEES,
    ),
];

const RESULTS: Label = l("三、本年度办理结果", "3. Results this year");
const DENIED: Label = l("（三）不予公开", "(3) Not disclosed");
const UNABLE: Label = l("（四）无法提供", "(4) Cannot be provided");
const REJECTED: Label = l("（五）不予处理", "(5) Not processed");
const OTHER: Label = l("（六）其他处理", "(6) Other handling");

/// Table 三 rows both forms share, up to （五）不予处理.
const T3_HEAD: &[RowDef] = &[
    row(
        "new",
        "一、本年新收政府信息公开申请数量",
        "1. New applications this year",
    ),
    row(
        "carried_in",
        "二、上年结转政府信息公开申请数量",
        "2. Carried over from last year",
    ),
    grow("granted", RESULTS, "（一）予以公开", "(1) Disclosed"),
    grow("partial", RESULTS, "（二）部分公开", "(2) Partly disclosed"),
    grow("denied_secret", DENIED, "1.属于国家秘密", "1. State secret"),
    grow(
        "denied_prohibited",
        DENIED,
        "2.其他法律行政法规禁止公开",
        "2. Barred by other laws",
    ),
    grow(
        "denied_security",
        DENIED,
        "3.危及“三安全一稳定”",
        "3. Endangers security or stability",
    ),
    grow(
        "denied_third_party",
        DENIED,
        "4.保护第三方合法权益",
        "4. Third-party rights",
    ),
    grow(
        "denied_internal",
        DENIED,
        "5.属于三类内部事务信息",
        "5. Internal affairs",
    ),
    grow(
        "denied_process",
        DENIED,
        "6.属于四类过程性信息",
        "6. Process information",
    ),
    grow(
        "denied_enforcement",
        DENIED,
        "7.属于行政执法案卷",
        "7. Enforcement files",
    ),
    grow(
        "denied_inquiry",
        DENIED,
        "8.属于行政查询事项",
        "8. Administrative inquiry",
    ),
    grow(
        "unable_not_held",
        UNABLE,
        "1.本机关不掌握相关政府信息",
        "1. Not held by this agency",
    ),
    grow(
        "unable_to_create",
        UNABLE,
        "2.没有现成信息需要另行制作",
        "2. Would have to be created",
    ),
    grow(
        "unable_unclear",
        UNABLE,
        "3.补正后申请内容仍不明确",
        "3. Still unclear after correction",
    ),
    grow(
        "rejected_petition",
        REJECTED,
        "1.信访举报投诉类申请",
        "1. Petitions and complaints",
    ),
    grow(
        "rejected_duplicate",
        REJECTED,
        "2.重复申请",
        "2. Duplicate applications",
    ),
    grow(
        "rejected_publication",
        REJECTED,
        "3.要求提供公开出版物",
        "3. Published material",
    ),
    grow(
        "rejected_excessive",
        REJECTED,
        "4.无正当理由大量反复申请",
        "4. Mass repeated applications",
    ),
    grow(
        "rejected_confirm",
        REJECTED,
        "5.要求行政机关确认或重新出具已获取信息",
        "5. Confirm or reissue information already obtained",
    ),
];

/// （六）其他处理 in the 2021 form: three rows.
const T3_OTHER_2021: &[RowDef] = &[
    grow(
        "other_no_correction",
        OTHER,
        "1.申请人逾期不补正",
        "1. Applicant did not correct in time",
    ),
    grow(
        "other_no_fee",
        OTHER,
        "2.申请人逾期未缴纳费用",
        "2. Applicant did not pay the fee",
    ),
    grow("other_other", OTHER, "3.其他", "3. Other"),
];

/// （六）其他处理 in the 2019 form: one row.
const T3_OTHER_2019: &[RowDef] = &[grow(
    "other_2019",
    RESULTS,
    "（六）其他处理",
    "(6) Other handling",
)];

const T3_TAIL: &[RowDef] = &[
    grow("results_total", RESULTS, "（七）总计", "(7) Total"),
    row(
        "carried_out",
        "四、结转下年度继续办理",
        "4. Carried over to next year",
    ),
];

const T3_COLS: &[ColDef] = &[
    col("natural", "自然人", "natural persons"),
    col("business", "商业企业", "businesses"),
    col("research", "科研机构", "research institutions"),
    col("nonprofit", "社会公益组织", "public-interest organisations"),
    col("legal", "法律服务机构", "legal service providers"),
    col("other", "其他", "other organisations"),
    col("total", "总计", "total"),
];

const T4_ROWS: &[RowDef] = &[
    row("review", "行政复议", "Administrative review"),
    row(
        "suit_direct",
        "行政诉讼（未经复议直接起诉）",
        "Lawsuit without prior review",
    ),
    row(
        "suit_after_review",
        "行政诉讼（复议后起诉）",
        "Lawsuit after review",
    ),
];

const T4_COLS: &[ColDef] = &[
    col("upheld", "结果维持", "upheld"),
    col("corrected", "结果纠正", "corrected"),
    col("other", "其他结果", "other outcome"),
    col("pending", "尚未审结", "pending"),
    col("total", "总计", "total"),
];

const T2_LABEL: Label = l("二、主动公开政府信息情况", "Table 2: proactive disclosure");

/// Table 三 with the given rows; `last` is the last result row.
const fn t3(rows: &'static [&'static [RowDef]], last: &'static str) -> TableDef {
    TableDef {
        key: "t3",
        label: l(
            "三、收到和处理政府信息公开申请情况",
            "Table 3: applications received and handled",
        ),
        shape: Shape::Grid {
            rows,
            cols: T3_COLS,
            total_col: "total",
            row_rule: Rule::RowTotal,
            total_row: Some(TotalRow {
                row: "results_total",
                first: "granted",
                last,
                rule: Rule::ResultsTotal,
            }),
        },
    }
}

const T4: TableDef = TableDef {
    key: "t4",
    label: l(
        "四、政府信息公开行政复议、行政诉讼情况",
        "Table 4: administrative review and lawsuits",
    ),
    shape: Shape::Grid {
        rows: &[T4_ROWS],
        cols: T4_COLS,
        total_col: "total",
        row_rule: Rule::T4Total,
        total_row: None,
    },
};

const BALANCE: &[BalanceDef] = &[BalanceDef {
    table: "t3",
    lhs: &["new", "carried_in"],
    rhs: &["results_total", "carried_out"],
}];
const CARRY: &[CarryDef] = &[CarryDef {
    table: "t3",
    to: "carried_in",
    from: "carried_out",
}];

pub static OGI_2021: FormDef = FormDef {
    id: OGI_2021_ID,
    label: l(
        "2021年版政府信息公开工作年度报告",
        "2021 annual report template",
    ),
    tables: &[
        TableDef {
            key: "t2",
            label: T2_LABEL,
            shape: Shape::Rows(T2_ROWS),
        },
        t3(&[T3_HEAD, T3_OTHER_2021, T3_TAIL], "other_other"),
        T4,
    ],
    balance: BALANCE,
    in_force: &[InForceDef { row: "rules" }, InForceDef { row: "normative" }],
    carry: CARRY,
    words: &[T2_WORDS_2021, T3_WORDS, T3_OTHER_WORDS_2021, T4_WORDS],
    transposable: &["t4"],
};

// ---------------------------------------------------------------------------------------------
// The 2019 form (2019 and 2020 reports): table 二 of its own, （六）其他处理 as one row.

const ART_9: Label = l("第二十条第（九）项", "Article 20 (9)");
const DOCS_2019: &[ColDef] = &[
    col("new_made", "本年新制作数量", "made this year"),
    col("new_published", "本年新公开数量", "published this year"),
    col("total_public", "对外公开总数量", "published in total"),
];
const CHANGE: ColDef = ColDef {
    key: "change",
    label: l("本年增/减", "change this year"),
    kind: Kind::Signed,
};
const ITEMS_2019: &[ColDef] = &[
    col("last_year", "上一年项目数量", "items last year"),
    CHANGE,
    col("decisions", "处理决定数量", "decisions"),
];
const FEES_2019: &[ColDef] = &[
    col("last_year", "上一年项目数量", "items last year"),
    CHANGE,
];
const PROCUREMENT: &[ColDef] = &[
    col("items", "采购项目数量", "procurement items"),
    ColDef {
        key: "amount",
        label: l("采购总金额", "procurement total"),
        kind: Kind::Money,
    },
];

const T2_ROWS_2019: &[(RowDef, &[ColDef])] = &[
    (grow("rules", ART_1, "规章", "Rules"), DOCS_2019),
    (
        grow("normative", ART_1, "规范性文件", "Normative documents"),
        DOCS_2019,
    ),
    (
        grow("licensing", ART_5, "行政许可", "Administrative licensing"),
        ITEMS_2019,
    ),
    (
        grow(
            "other_services",
            ART_5,
            "其他对外管理服务事项",
            "Other public services",
        ),
        ITEMS_2019,
    ),
    (
        grow("penalty", ART_6, "行政处罚", "Administrative penalties"),
        ITEMS_2019,
    ),
    (
        grow("coercion", ART_6, "行政强制", "Administrative coercion"),
        ITEMS_2019,
    ),
    (
        grow("fees", ART_8, "行政事业性收费", "Administrative fees"),
        FEES_2019,
    ),
    (
        grow(
            "procurement",
            ART_9,
            "政府集中采购",
            "Central government procurement",
        ),
        PROCUREMENT,
    ),
];

pub const OGI_2019_ID: &str = "ogi-2019";

pub static OGI_2019: FormDef = FormDef {
    id: OGI_2019_ID,
    label: l(
        "2019年版政府信息公开工作年度报告",
        "2019 annual report template",
    ),
    tables: &[
        TableDef {
            key: "t2",
            label: T2_LABEL,
            shape: Shape::Rows(T2_ROWS_2019),
        },
        t3(&[T3_HEAD, T3_OTHER_2019, T3_TAIL], "other_2019"),
        T4,
    ],
    balance: BALANCE,
    in_force: &[],
    carry: CARRY,
    words: &[
        T2_WORDS_2019,
        T3_WORDS,
        &[("t3.row.other_2019", &["其他处理"])],
        T4_WORDS,
    ],
    transposable: &["t4"],
};

const T2_WORDS_2019: &[(&str, &[&str])] = &[
    ("t2.row.rules", &["规章"]),
    ("t2.row.normative", &["规范性文件"]),
    ("t2.row.licensing", &["行政许可"]),
    ("t2.row.other_services", &["其他对外管理服务"]),
    ("t2.row.penalty", &["行政处罚"]),
    ("t2.row.coercion", &["行政强制"]),
    ("t2.row.fees", &["事业性收费"]),
    ("t2.row.procurement", &["集中采购"]),
    ("t2.col.new_made", &["新制作"]),
    ("t2.col.new_published", &["新公开"]),
    ("t2.col.total_public", &["公开总数量", "对外公开"]),
    ("t2.col.last_year", &["上一年"]),
    ("t2.col.change", &["增/减", "增减"]),
    ("t2.col.decisions", &["处理决定"]),
    ("t2.col.items", &["采购项目"]),
    ("t2.col.amount", &["采购总金额", "总金额"]),
];

const T2_WORDS_2021: &[(&str, &[&str])] = &[
    ("t2.row.rules", &["规章"]),
    ("t2.row.normative", &["规范性文件"]),
    ("t2.row.licensing", &["行政许可"]),
    ("t2.row.penalty", &["行政处罚"]),
    ("t2.row.coercion", &["行政强制"]),
    ("t2.row.fees", &["事业性收费"]),
    ("t2.col.issued", &["制发", "新制作"]),
    ("t2.col.repealed", &["废止"]),
    ("t2.col.in_force", &["现行有效"]),
    ("t2.col.decisions", &["处理决定"]),
    ("t2.col.amount", &["收费金额", "万元"]),
];

const T3_WORDS: &[(&str, &[&str])] = &[
    ("t3.row.new", &["本年新收", "新收"]),
    ("t3.row.carried_in", &["上年结转"]),
    ("t3.row.granted", &["予以公开"]),
    ("t3.row.partial", &["部分公开"]),
    ("t3.row.denied_secret", &["国家秘密"]),
    (
        "t3.row.denied_prohibited",
        &["其他法律行政法规禁止公开", "禁止公开"],
    ),
    ("t3.row.denied_security", &["三安全一稳定", "危及"]),
    ("t3.row.denied_third_party", &["第三方"]),
    ("t3.row.denied_internal", &["内部事务"]),
    ("t3.row.denied_process", &["过程性信息"]),
    ("t3.row.denied_enforcement", &["行政执法案卷", "执法案卷"]),
    ("t3.row.denied_inquiry", &["行政查询"]),
    ("t3.row.unable_not_held", &["不掌握"]),
    ("t3.row.unable_to_create", &["另行制作"]),
    ("t3.row.unable_unclear", &["仍不明确"]),
    ("t3.row.rejected_petition", &["信访"]),
    ("t3.row.rejected_duplicate", &["重复申请"]),
    ("t3.row.rejected_publication", &["公开出版物", "出版物"]),
    ("t3.row.rejected_excessive", &["大量反复"]),
    ("t3.row.rejected_confirm", &["重新出具", "确认"]),
    ("t3.row.results_total", &["(七)总计", "总计"]),
    ("t3.row.carried_out", &["结转下年度"]),
    ("t3.col.natural", &["自然人"]),
    ("t3.col.business", &["商业企业"]),
    ("t3.col.research", &["科研机构"]),
    ("t3.col.nonprofit", &["社会公益组织", "公益组织"]),
    ("t3.col.legal", &["法律服务机构"]),
    ("t3.col.other", &["其他"]),
    ("t3.col.total", &["总计"]),
];

const T3_OTHER_WORDS_2021: &[(&str, &[&str])] = &[
    ("t3.row.other_no_correction", &["不补正"]),
    ("t3.row.other_no_fee", &["缴纳费用", "收费通知"]),
    // Not "其他处理": it heads all three rows of （六） ("（六）其他处理 1.申请人…不补正").
    ("t3.row.other_other", &["3.其他"]),
];

const T4_WORDS: &[(&str, &[&str])] = &[
    ("t4.row.review", &["行政复议"]),
    ("t4.row.suit_direct", &["未经复议直接起诉", "直接起诉"]),
    ("t4.row.suit_after_review", &["复议后起诉"]),
    ("t4.col.upheld", &["结果维持", "维持"]),
    ("t4.col.corrected", &["结果纠正", "纠正"]),
    ("t4.col.other", &["其他结果"]),
    ("t4.col.pending", &["尚未审结", "未审结"]),
    ("t4.col.total", &["总计"]),
];
