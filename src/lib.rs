//! nianbao (年报): validation and totaling engine for 政府信息公开工作年度报告.
//!
//! The form is data ([`form`]); what people type is normalised exactly ([`value`]); the engine
//! fills derived totals and evaluates every rule ([`engine`]); [`report`] is the JSON contract of
//! domain.md around it. The wasm bindings live in `wasm` (wasm32 builds only).

#[cfg(audit_enabled)]
pub mod audit;
pub mod engine;
#[cfg(audit_enabled)]
pub mod extract;
pub mod form;
pub mod html;
pub mod json;
pub mod mapping;
pub mod message;
pub mod report;
pub mod rules;
pub mod suggest;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{Mode, Phase};
pub use message::Locale;
pub use report::{check, CellValue, CheckResult, Diagnostic, Options, Report};
pub use rules::{Rule, Severity};
