//! The boundary: JSON text in and out ([`json`]), and the wasm exports (`wasm`, wasm32 builds
//! only). Nothing here decides anything about a report.

pub mod json;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
