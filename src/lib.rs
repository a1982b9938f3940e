//! nianbao (年报): validation and totaling engine for 政府信息公开工作年度报告.
//!
//! One folder per concern, each depending only on those above it:
//! - [`form`]: the template as data (cells, labels, rule instances, rule ids), compiled in;
//! - [`check`]: what people type normalised exactly, the engine, messages, the result;
//! - [`page`]: which input of a form page is which cell, from its labels;
//! - [`audit`]: published reports read back from their text or HTML and rechecked;
//! - [`bind`]: the text boundary (JSON in and out) and the wasm exports.
//!
//! The core (`form`, `check`) knows nothing of JSON or wasm.

#[cfg(audit_enabled)]
pub mod audit;
pub mod bind;
pub mod check;
pub mod form;
pub mod page;

pub use check::engine::{Mode, Phase};
pub use check::message::Locale;
pub use check::report::{check, CellValue, CheckResult, Diagnostic, Options, Report};
pub use form::rules::{Rule, Severity};
