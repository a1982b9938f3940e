//! Checking a report: values normalised exactly ([`value`]), every rule evaluated on slices
//! indexed by the form's cells ([`engine`]), the faulty cell pointed at ([`suggest`]), messages
//! in zh/en ([`message`]), and the result of docs/contract.md ([`report`]).

pub mod engine;
pub mod message;
pub mod report;
pub mod sheet;
pub mod suggest;
pub mod value;
