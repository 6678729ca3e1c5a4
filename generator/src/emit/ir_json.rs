//! The IR as JSON for `generator ir`: what a reader needs to judge the result without reading
//! the generated code. Types are shown as the Rust source text that is emitted.

use serde_json::{Value, json};

use super::ty::display_type;
use crate::diag::Diagnostic;
use crate::ir::{Api, Field, TypeKind};

/// The whole IR document, pretty-printed.
pub fn ir_json(api: &Api, diagnostics: Vec<Diagnostic>) -> String {
    let types = &api.types;
    let operations: Vec<Value> = api
        .operations
        .iter()
        .map(|op| {
            let mut value = serde_json::to_value(op).unwrap_or(Value::Null);
            if let Some(object) = value.as_object_mut() {
                let params: Vec<Value> = op
                    .params
                    .iter()
                    .map(|p| json!({"name": p.name, "wire_name": p.wire_name, "in": p.location, "type": display_type(&p.ty, types), "required": p.required}))
                    .collect();
                object.insert("params".into(), Value::Array(params));
            }
            value
        })
        .collect();
    let type_list: Vec<Value> = types
        .types
        .iter()
        .map(|def| {
            let mut value = json!({"name": def.name, "location": def.location});
            let object = value.as_object_mut();
            if let Some(object) = object {
                match &def.kind {
                    TypeKind::Struct(s) => {
                        object.insert("kind".into(), "struct".into());
                        object.insert("fields".into(), s.fields.iter().map(|f| field_json(f, api)).collect());
                        if let Some(additional) = &s.additional {
                            object.insert("additional".into(), display_type(additional, types).into());
                        }
                    }
                    TypeKind::Enum(e) => {
                        object.insert("kind".into(), "enum".into());
                        object.insert(
                            "variants".into(),
                            e.variants.iter().map(|v| json!({"name": v.name, "wire_name": v.wire_name})).collect(),
                        );
                    }
                    TypeKind::Union(u) => {
                        object.insert("kind".into(), "union".into());
                        object.insert("discriminator".into(), json!(u.discriminator));
                        object.insert(
                            "variants".into(),
                            u.variants
                                .iter()
                                .map(|v| json!({"name": v.name, "tag": v.tag, "type": display_type(&v.ty, types)}))
                                .collect(),
                        );
                    }
                    TypeKind::Alias(ty) => {
                        object.insert("kind".into(), "alias".into());
                        object.insert("type".into(), display_type(ty, types).into());
                    }
                }
            }
            value
        })
        .collect();
    let document = json!({
        "name": api.name,
        "title": api.title,
        "base_url": api.base_url,
        "auth_schemes": api.auth_schemes,
        "operations": operations,
        "types": type_list,
        "diagnostics": diagnostics,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

fn field_json(field: &Field, api: &Api) -> Value {
    let mut ty = display_type(&field.ty, &api.types);
    if field.optional || field.nullable {
        ty = format!("Option<{ty}>");
    }
    json!({"name": field.name, "wire_name": field.wire_name, "type": ty})
}
