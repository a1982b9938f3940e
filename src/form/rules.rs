//! Rule ids (stable: other tools depend on them) and their severities.

/// Every rule the engine can report. The declaration order is the tie-break of the
/// diagnostic order (table, row, column, then rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    NotANumber,
    Negative,
    NotInteger,
    TooManyDecimals,
    TooLarge,
    Missing,
    InForceFloor,
    PrevInForce,
    RowTotal,
    ResultsTotal,
    Balance,
    PrevCarriedIn,
    T4Total,
    UnknownCell,
    UnknownForm,
    DashAsZero,
    ExtraRow,
    Unplaced,
    NotFound,
    NoTables,
    TextMismatch,
    RulesByAgency,
    OutdatedTemplate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::NotANumber,
        Rule::Negative,
        Rule::NotInteger,
        Rule::TooManyDecimals,
        Rule::TooLarge,
        Rule::Missing,
        Rule::InForceFloor,
        Rule::PrevInForce,
        Rule::RowTotal,
        Rule::ResultsTotal,
        Rule::Balance,
        Rule::PrevCarriedIn,
        Rule::T4Total,
        Rule::UnknownCell,
        Rule::UnknownForm,
        Rule::DashAsZero,
        Rule::ExtraRow,
        Rule::Unplaced,
        Rule::NotFound,
        Rule::NoTables,
        Rule::TextMismatch,
        Rule::RulesByAgency,
        Rule::OutdatedTemplate,
    ];

    /// The rule's index in [`Rule::ALL`]: its code on the fast path.
    pub fn code(self) -> u32 {
        Rule::ALL.iter().position(|&r| r == self).unwrap_or(0) as u32
    }

    /// The stable id of docs/contract.md.
    pub fn id(self) -> &'static str {
        match self {
            Rule::NotANumber => "value.not_a_number",
            Rule::Negative => "value.negative",
            Rule::NotInteger => "value.not_integer",
            Rule::TooManyDecimals => "value.too_many_decimals",
            Rule::TooLarge => "value.too_large",
            Rule::Missing => "value.missing",
            Rule::InForceFloor => "t2.in_force_floor",
            Rule::PrevInForce => "prev.in_force",
            Rule::RowTotal => "t3.row_total",
            Rule::ResultsTotal => "t3.results_total",
            Rule::Balance => "t3.balance",
            Rule::PrevCarriedIn => "prev.carried_in",
            Rule::T4Total => "t4.total",
            Rule::UnknownCell => "input.unknown_cell",
            Rule::UnknownForm => "input.unknown_form",
            Rule::DashAsZero => "value.dash_as_zero",
            Rule::ExtraRow => "extract.extra_row",
            Rule::Unplaced => "extract.unplaced",
            Rule::NotFound => "extract.not_found",
            Rule::NoTables => "extract.no_tables",
            Rule::TextMismatch => "text.mismatch",
            Rule::RulesByAgency => "t2.rules_by_agency",
            Rule::OutdatedTemplate => "form.outdated_template",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::InForceFloor
            | Rule::PrevInForce
            | Rule::UnknownCell
            | Rule::ExtraRow
            | Rule::TextMismatch
            | Rule::RulesByAgency
            | Rule::OutdatedTemplate => Severity::Warning,
            Rule::DashAsZero => Severity::Info,
            _ => Severity::Error,
        }
    }
}
