//! Postman collection -> IR.

use crate::diag::Diagnostics;
use crate::ir;

pub fn lower(file: &str, document: serde_json::Value, diags: &mut Diagnostics) -> ir::Api {
    let _ = (file, document, diags);
    ir::Api::default()
}
